use super::*;
use crate::nn::{Trainer, evaluate};

/// The links of `tests/fixtures/tflinks`: 1–3 shared with the project, 4–7 made the same way
/// (xor with L1 and a carried remainder, gauss without a hidden layer, reg-gauss with the
/// squared and sine features, circle with `initZero`, and with L1 on weights at 0; see its
/// README).
const LINKS: [&str; 8] = [
    "link1", "link2", "link3", "link4", "link5", "link6", "link7", "link8",
];

/// One of `tests/fixtures/tflinks/link*.json`: what TF Playground's own page made of a link.
fn fixture(name: &str) -> serde_json::Value {
    let text = match name {
        "link1" => include_str!("../../tests/fixtures/tflinks/link1.json"),
        "link2" => include_str!("../../tests/fixtures/tflinks/link2.json"),
        "link3" => include_str!("../../tests/fixtures/tflinks/link3.json"),
        "link4" => include_str!("../../tests/fixtures/tflinks/link4.json"),
        "link5" => include_str!("../../tests/fixtures/tflinks/link5.json"),
        "link6" => include_str!("../../tests/fixtures/tflinks/link6.json"),
        "link7" => include_str!("../../tests/fixtures/tflinks/link7.json"),
        "link8" => include_str!("../../tests/fixtures/tflinks/link8.json"),
        _ => panic!("no fixture {name}"),
    };
    serde_json::from_str(text).unwrap()
}

fn floats(v: &serde_json::Value) -> Vec<f64> {
    match v {
        serde_json::Value::Array(items) => items.iter().flat_map(floats).collect(),
        n => vec![n.as_f64().unwrap()],
    }
}

/// The points of a dataset as `[x, y, label]` rows, flattened.
fn rows(d: &crate::data::Dataset) -> Vec<f64> {
    (0..d.len())
        .flat_map(|k| [d.input(k)[0], d.input(k)[1], d.target(k)[0]])
        .collect()
}

/// Asserts that `ours` and `theirs` are the same numbers to the bit, naming the first
/// that is not and how many are not.
fn same_bits(ours: &[f64], theirs: &[f64], what: &str) {
    assert_eq!(ours.len(), theirs.len(), "{what}: count");
    let differ: Vec<usize> = (0..ours.len())
        .filter(|&k| ours[k].to_bits() != theirs[k].to_bits())
        .collect();
    if let Some(&k) = differ.first() {
        panic!(
            "{what}: {} of {} differ, first [{k}]: {:e} vs TF's {:e}",
            differ.len(),
            ours.len(),
            ours[k],
            theirs[k]
        );
    }
}

#[test]
fn tfs_links_make_tfs_points_and_start_weights_bit_for_bit() {
    for name in LINKS {
        let f = fixture(name);
        let link = TfLink::parse(f["link"].as_str().unwrap()).unwrap();
        assert_eq!(link.seed(), f["seed"].as_str().unwrap(), "{name}");
        assert_eq!(
            link.layers(),
            floats(&f["layers"])
                .iter()
                .map(|&n| n as usize)
                .collect::<Vec<_>>()
        );
        let (train, test) = link.data_spec().load().unwrap();
        same_bits(
            &rows(&train),
            &floats(&f["train"]),
            &format!("{name}: train points"),
        );
        same_bits(
            &rows(&test),
            &floats(&f["test"]),
            &format!("{name}: test points"),
        );
        let net = link.network();
        same_bits(
            net.weights(),
            &floats(&f["initial"]["weights"]),
            &format!("{name}: weights"),
        );
        same_bits(
            net.biases(),
            &floats(&f["initial"]["biases"]),
            &format!("{name}: biases"),
        );
    }
}

#[test]
fn tfs_links_train_to_tfs_losses_for_thirty_epochs() {
    for name in LINKS {
        let f = fixture(name);
        let link = TfLink::parse(f["link"].as_str().unwrap()).unwrap();
        let (train, test) = link.data_spec().load().unwrap();
        let preprocess = link.preprocess();
        let (train, test) = (
            preprocess.apply(&train).unwrap(),
            preprocess.apply(&test).unwrap(),
        );
        let mut net = link.network();
        let mut trainer = Trainer::new(&net, link.train_config(), &train).unwrap();
        let objective = *trainer.objective();
        let mut cache = net.cache();
        let (tf_train, tf_test) = (
            floats(&f["history"]["train_loss"]),
            floats(&f["history"]["test_loss"]),
        );
        let close =
            |ours: f64, theirs: f64| (ours - theirs).abs() <= 1e-12 * theirs.abs().max(1e-3);
        for epoch in 0..=30 {
            if epoch > 0 {
                trainer.train_epoch(&mut net, &train, &mut crate::seeded(0));
            }
            let ours = (
                evaluate(&net, &objective, &train, &mut cache),
                evaluate(&net, &objective, &test, &mut cache),
            );
            assert!(
                close(ours.0, tf_train[epoch]),
                "{name} epoch {epoch}: train {} vs {}",
                ours.0,
                tf_train[epoch]
            );
            assert!(
                close(ours.1, tf_test[epoch]),
                "{name} epoch {epoch}: test {} vs {}",
                ours.1,
                tf_test[epoch]
            );
        }
        let final_weights = floats(&f["final"]["weights"]);
        for (ours, theirs) in net.weights().iter().zip(&final_weights) {
            assert!(
                (ours - theirs).abs() <= 1e-12 * theirs.abs().max(1.0),
                "{name}: {ours} vs {theirs}"
            );
        }
    }
}

#[test]
fn every_key_of_tfs_state_is_read() {
    let link = TfLink::parse(
        "https://playground.tensorflow.org/#activation=sigmoid&batchSize=3&dataset=xor\
         &regDataset=reg-gauss&learningRate=0.1&regularizationRate=0.01&regularization=L2\
         &noise=35&networkShape=&seed=abc&showTestData=true&discretize=true&percTrainData=70\
         &x=false&y=true&xTimesY=true&xSquared=false&ySquared=true&cosX=true&sinX=true\
         &cosY=false&sinY=false&collectStats=false&problem=classification&initZero=true\
         &hideText=true&tutorial=dp-intro&x_hide=true&batchSize_hide=true\
         &goalTestLossMinThreshold=0.2&frobnicate=1",
    )
    .unwrap();
    assert_eq!(link.activation, Activation::Sigmoid);
    assert_eq!(link.batch_size, 3);
    assert_eq!(link.dataset, DatasetKind::Xor);
    assert!(!link.regression);
    assert_eq!((link.learning_rate, link.regularization_rate), (0.1, 0.01));
    assert_eq!(link.regularization, Regularization::L2);
    assert_eq!(link.noise, 35.0);
    assert!(
        link.hidden.is_empty(),
        "an empty networkShape: no hidden layer"
    );
    assert_eq!(link.layers(), [4, 1]);
    assert_eq!(link.seed(), "abc");
    assert_eq!(link.train_percent, 70.0);
    assert_eq!(
        link.features,
        [Feature::X2, Feature::X2sq, Feature::X1x2, Feature::Sinx1]
    );
    assert!(link.init_zero);
    assert!(link.network().weights().iter().all(|&w| w == 0.0));
    assert_eq!(link.hidden_controls, ["x", "batchSize"]);
    assert_eq!(link.goals, [("goalTestLossMinThreshold".to_string(), 0.2)]);
    assert_eq!(link.unknown, ["frobnicate"]);
    for key in [
        "showTestData",
        "discretize",
        "cosX",
        "collectStats",
        "hideText",
        "tutorial",
    ] {
        assert!(link.display.iter().any(|(k, _)| k == key), "{key}");
    }
    let config = link.train_config();
    assert!(config.carry_remainder && !config.shuffle);
}

#[test]
fn regression_takes_the_regression_dataset_and_a_linear_output() {
    let link = TfLink::parse("#problem=regression&regDataset=reg-gauss&dataset=spiral").unwrap();
    assert!(link.regression);
    assert_eq!(link.dataset, DatasetKind::RegGauss);
    assert_eq!(link.activations().last(), Some(&Activation::Identity));
    let plain = TfLink::parse("#problem=regression").unwrap();
    assert_eq!(plain.dataset, DatasetKind::RegPlane);
    let defaults = TfLink::parse("https://playground.tensorflow.org/#").unwrap();
    assert_eq!(defaults, TfLink::default());
    assert_eq!(defaults.layers(), [2, 4, 2, 1]);
}

#[test]
fn a_link_without_a_seed_gets_one() {
    let link = TfLink::parse("#dataset=gauss").unwrap();
    assert_eq!(link.seed, None);
    let seeded = link.with_seed(|| "0.31416".into());
    assert_eq!(seeded.seed(), "0.31416");
    assert_eq!(
        seeded.clone().with_seed(|| "other".into()).seed(),
        "0.31416"
    );
}

#[test]
fn a_bad_value_is_refused_naming_its_key() {
    let long_seed = format!("#seed={}", "9".repeat(10_000));
    for (link, key) in [
        ("#dataset=moons", "dataset"),
        ("#networkShape=999,abc", "networkShape"),
        ("#networkShape=5000", "networkShape"),
        ("#batchSize=0", "batchSize"),
        ("#batchSize=2.5", "batchSize"),
        ("#learningRate=-1", "learningRate"),
        ("#learningRate=fast", "learningRate"),
        ("#noise=80", "noise"),
        ("#percTrainData=100", "percTrainData"),
        ("#percTrainData=0.1", "percTrainData"),
        ("#activation=swish", "activation"),
        ("#regularization=L3", "regularization"),
        ("#problem=ranking", "problem"),
        ("#regDataset=reg-moon", "regDataset"),
        ("#goalTestLossMinThreshold=low", "goalTestLossMinThreshold"),
        (long_seed.as_str(), "seed"),
    ] {
        let e = TfLink::parse(link).unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with(&format!("the link's {key}=")),
            "{link:.60}: {text}"
        );
        assert!(text.len() < 200, "one short line: {text}");
    }
    assert!(matches!(
        TfLink::parse("https://example.com/"),
        Err(LinkError::NotALink(_))
    ));
    let e = TfLink::parse("#x=false&y=false").unwrap_err();
    assert!(e.to_string().contains("every input feature off"), "{e}");
}

/// A link changed at random: characters dropped, repeated or put in from the alphabet
/// links are made of.
fn mutate(link: &str, rng: &mut crate::SeededRng) -> String {
    use rand::RngExt;
    const ALPHABET: &[u8] =
        b"&=#,.-+0123456789eE_xyzabcLnN%truefalse regDataset networkShape seed batchSize";
    let mut bytes = link.as_bytes().to_vec();
    for _ in 0..rng.random_range(1..6) {
        let at = rng.random_range(0..=bytes.len());
        match rng.random_range(0..4) {
            0 if at < bytes.len() => {
                let end = (at + rng.random_range(1..12)).min(bytes.len());
                bytes.drain(at..end);
            }
            1 => {
                let c = ALPHABET[rng.random_range(0..ALPHABET.len())];
                bytes.insert(at, c);
            }
            2 if at < bytes.len() => {
                let end = (at + rng.random_range(1..30)).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                bytes.splice(at..at, piece);
            }
            _ => {
                let digits = rng.random_range(1..8);
                for _ in 0..digits {
                    bytes.insert(at, b"0123456789"[rng.random_range(0..10)]);
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn ten_thousand_mutated_links_are_read_or_refused_never_a_panic() {
    let links: Vec<String> = LINKS
        .iter()
        .map(|n| fixture(n)["link"].as_str().unwrap().to_string())
        .collect();
    let mut rng = crate::seeded(2026);
    let (mut read, mut refused) = (0, 0);
    for k in 0..10_000 {
        let text = mutate(&links[k % links.len()], &mut rng);
        match TfLink::parse(&text) {
            Ok(link) => {
                read += 1;
                assert!(link.batch_size >= 1 && link.learning_rate >= 0.0, "{text}");
                assert!(link.data_spec().validate().is_ok(), "{text}");
                // Build some of them whole: the page's points and weights.
                if k % 25 == 0 && link.network().parameter_count() < 100_000 {
                    let (train, test) = link.data_spec().load().unwrap();
                    assert!(!train.is_empty() && !test.is_empty(), "{text}");
                }
            }
            Err(e) => {
                refused += 1;
                let line = e.to_string();
                assert!(!line.contains('\n') && line.len() < 300, "{line}");
            }
        }
    }
    assert!(
        read > 1000 && refused > 1000,
        "both kinds: {read} read, {refused} refused"
    );
}

#[test]
fn a_link_file_gives_its_link() {
    let link = "https://playground.tensorflow.org/#dataset=xor&seed=0.3";
    let desktop = format!("[Desktop Entry]\nType=Link\nName=xor\nURL={link}\n");
    assert_eq!(link_in_file(&desktop), Some(link));
    let windows = format!("[InternetShortcut]\r\nURL={link}\r\n");
    assert_eq!(link_in_file(&windows), Some(link));
    assert_eq!(link_in_file(&format!("  {link}  \n")), Some(link));
    assert_eq!(
        link_in_file("[Desktop Entry]\nURL=https://example.com/\n"),
        None
    );
    assert_eq!(link_in_file("x,y,label\n1,2,3\n"), None);
}

#[test]
fn a_tf_run_saved_mid_way_resumes_with_its_carried_remainder() {
    // link4: batch 7 over 300 points, a remainder of 6 carried each epoch.
    let f = fixture("link4");
    let link = TfLink::parse(f["link"].as_str().unwrap()).unwrap();
    let (train, _) = link.data_spec().load().unwrap();
    let train = link.preprocess().apply(&train).unwrap();
    let run = |net: &mut crate::nn::Network, trainer: &mut Trainer, epochs: usize| {
        for _ in 0..epochs {
            trainer.train_epoch(net, &train, &mut crate::seeded(0));
        }
    };
    let mut straight = link.network();
    let mut trainer = Trainer::new(&straight, link.train_config(), &train).unwrap();
    run(&mut straight, &mut trainer, 30);
    // Fifteen epochs, the state through its JSON (as a model file keeps it), fifteen more.
    let mut resumed = link.network();
    let mut first = Trainer::new(&resumed, link.train_config(), &train).unwrap();
    run(&mut resumed, &mut first, 15);
    assert_eq!(
        first.optimizer_state().carried.terms,
        6,
        "a remainder is carried"
    );
    let saved = serde_json::to_string(first.optimizer_state()).unwrap();
    let mut second = Trainer::new(&resumed, link.train_config(), &train).unwrap();
    second.set_optimizer_state(serde_json::from_str(&saved).unwrap());
    run(&mut resumed, &mut second, 15);
    assert_eq!(resumed, straight, "the same weights, bit for bit");
}
