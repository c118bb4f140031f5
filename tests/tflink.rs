//! `scratchnet train --link URL`: a TensorFlow Playground link as TF's page makes it, against
//! what TF's own page computed (`tests/fixtures/tflinks/`).

mod common;

use std::fs;

use common::{scratchnet, stderr};

/// The fixtures: links 1 to 8 (see their README).
const LINKS: u32 = 8;

fn fixture(n: u32) -> serde_json::Value {
    let path = format!(
        "{}/tests/fixtures/tflinks/link{n}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &serde_json::Value) -> Vec<f64> {
    match v {
        serde_json::Value::Array(items) => items.iter().flat_map(floats).collect(),
        n => vec![n.as_f64().unwrap()],
    }
}

/// `scratchnet train --link link` with `more` flags, which must succeed.
fn train_link(link: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec!["train", "--link", link];
    args.extend_from_slice(more);
    let o = scratchnet(&args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    o
}

/// A JSON file, read.
fn json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn epochs_zero_writes_tfs_untrained_network_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    for n in 1..=LINKS {
        let f = fixture(n);
        let model = dir.path().join(format!("link{n}.json"));
        let o = train_link(
            f["link"].as_str().unwrap(),
            &["--epochs", "0", "--model-out", model.to_str().unwrap()],
        );
        let m = json(&model);
        assert_eq!(m["layers"], f["layers"], "link {n}");
        assert_eq!(
            bits(&floats(&m["weights"])),
            bits(&floats(&f["initial"]["weights"])),
            "link {n}"
        );
        assert_eq!(
            bits(&floats(&m["biases"])),
            bits(&floats(&f["initial"]["biases"])),
            "link {n}"
        );
        assert_eq!(m["data"]["tf_page"]["seed"], f["seed"]);
        assert!(stderr(&o).contains(&format!("seed={}", f["seed"].as_str().unwrap())));
    }
}

#[test]
fn thirty_epochs_give_tfs_test_loss_to_1e_12() {
    let dir = tempfile::tempdir().unwrap();
    for n in 1..=LINKS {
        let f = fixture(n);
        let history = dir.path().join(format!("h{n}.csv"));
        train_link(
            f["link"].as_str().unwrap(),
            &["--epochs", "30", "--history", history.to_str().unwrap()],
        );
        let text = fs::read_to_string(&history).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = header.iter().position(|h| *h == "test_loss").unwrap();
        let tf = floats(&f["history"]["test_loss"]);
        let mut epochs = 0;
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            let epoch: usize = cells[0].parse().unwrap();
            let ours: f64 = cells[col].parse().unwrap();
            let theirs = tf[epoch];
            assert!(
                (ours - theirs).abs() <= 1e-12 * theirs.abs(),
                "link {n}, epoch {epoch}: {ours} vs TF's {theirs}"
            );
            epochs += 1;
        }
        assert_eq!(epochs, 30, "link {n}");
    }
}

/// `(epoch, test loss)` rows of a `--history` CSV.
fn test_losses(history: &std::path::Path) -> Vec<(usize, f64)> {
    let text = fs::read_to_string(history).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "test_loss").unwrap();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0].parse().unwrap(), cells[col].parse().unwrap())
        })
        .collect()
}

#[test]
fn a_tf_run_saved_at_epoch_15_and_resumed_reaches_tfs_epoch_30() {
    // link4 carries a remainder of 6 samples from each epoch into the next.
    let f = fixture(4);
    let dir = tempfile::tempdir().unwrap();
    let (model, history) = (dir.path().join("m.json"), dir.path().join("h.csv"));
    let link = f["link"].as_str().unwrap();
    train_link(
        link,
        &["--epochs", "15", "--model-out", model.to_str().unwrap()],
    );
    assert_eq!(json(&model)["optimizer_state"]["carried"]["terms"], 6);
    // The link gives the data and the settings, the model the weights and what was carried.
    train_link(
        link,
        &[
            "--model-in",
            model.to_str().unwrap(),
            "--epochs",
            "15",
            "--history",
            history.to_str().unwrap(),
        ],
    );
    let tf = floats(&f["history"]["test_loss"]);
    let rows = test_losses(&history);
    let &(epoch, ours) = rows.last().unwrap();
    assert_eq!(epoch, 30);
    assert!(
        (ours - tf[30]).abs() <= 1e-12 * tf[30],
        "{ours} vs TF's {}",
        tf[30]
    );
}

#[test]
fn flags_after_the_link_override_it_and_data_flags_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let link =
        "https://playground.tensorflow.org/#dataset=xor&learningRate=0.3&batchSize=5&seed=abc";
    train_link(
        link,
        &[
            "--lr",
            "0.1",
            "--epochs",
            "1",
            "--model-out",
            model.to_str().unwrap(),
        ],
    );
    let m = json(&model);
    assert_eq!(m["training"]["learning_rate"], 0.1);
    assert_eq!(m["training"]["batch_size"], 5);
    assert_eq!(m["data"]["dataset"], "xor");
    // A network flag builds the network the flags ask for, on the link's data.
    train_link(
        link,
        &[
            "--hidden",
            "3",
            "--epochs",
            "1",
            "--model-out",
            model.to_str().unwrap(),
        ],
    );
    let m = json(&model);
    assert_eq!(m["layers"], serde_json::json!([2, 3, 1]));
    let o = scratchnet(&["train", "--link", link, "--dataset", "circle"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--dataset"), "{}", stderr(&o));
}

#[test]
fn a_bad_link_is_one_line_naming_the_key_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    for (link, key) in [
        (
            "https://playground.tensorflow.org/#dataset=moons",
            "dataset",
        ),
        (
            "https://playground.tensorflow.org/#networkShape=999,abc",
            "networkShape",
        ),
        (
            "https://playground.tensorflow.org/#batchSize=0",
            "batchSize",
        ),
    ] {
        let o = scratchnet(&[
            "train",
            "--link",
            link,
            "--model-out",
            model.to_str().unwrap(),
        ]);
        assert!(!o.status.success());
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(&format!("the link's {key}=")), "{err}");
        assert!(!model.exists());
    }
    // Unknown keys and a missing seed are said, not refused.
    let o = train_link(
        "https://playground.tensorflow.org/#dataset=gauss&frobnicate=2",
        &["--epochs", "1"],
    );
    let err = stderr(&o);
    assert!(
        err.contains("frobnicate") && err.contains("without a seed: it gets seed=0."),
        "{err}"
    );
}

#[test]
fn export_gives_the_experiment_back_as_a_link_or_names_what_tf_cannot_show() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let f = fixture(2);
    let link = f["link"].as_str().unwrap();
    train_link(
        link,
        &["--epochs", "2", "--model-out", model.to_str().unwrap()],
    );
    let o = scratchnet(&[
        "export",
        "--model-in",
        model.to_str().unwrap(),
        "--format",
        "tf-link",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let exported = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(
        exported.starts_with("https://playground.tensorflow.org/#"),
        "{exported}"
    );
    assert!(stderr(&o).contains("start weights"), "{}", stderr(&o));
    // The exported link starts TF's page where the original did: the same untrained network.
    let start = |link: &str, name: &str| -> Vec<f64> {
        let out = dir.path().join(name);
        train_link(
            link,
            &["--epochs", "0", "--model-out", out.to_str().unwrap()],
        );
        let m = json(&out);
        floats(&m["weights"])
    };
    assert_eq!(
        bits(&start(&exported, "a.json")),
        bits(&start(link, "b.json"))
    );
    // Adam and a softmax: named, nothing printed.
    let o = scratchnet(&[
        "train",
        "--dataset",
        "spiral",
        "--classes",
        "3",
        "--output-activation",
        "softmax",
        "--loss",
        "ce",
        "--optimizer",
        "adam",
        "--epochs",
        "1",
        "--model-out",
        model.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = scratchnet(&[
        "export",
        "--model-in",
        model.to_str().unwrap(),
        "--format",
        "tf-link",
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(o.stdout.is_empty());
    for part in ["adam optimizer", "softmax output", "3 classes"] {
        assert!(err.contains(part), "{part}: {err}");
    }
}
