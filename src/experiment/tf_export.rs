//! The other way: an experiment as a TensorFlow Playground link, for the experiments TF
//! can show. A link holds settings, never weights: TF starts from its own weights for the
//! link's seed, and from its own points unless the data came from a TF link.

use crate::data::{DataSource, DataSpec, DatasetKind, Feature, Preprocess};
use crate::nn::{Activation, Loss, Network, OptimizerKind, Regularization, Schedule, TrainConfig};

/// TF's page at most: hidden layers, and neurons in one.
const MAX_HIDDEN_LAYERS: usize = 6;
const MAX_NEURONS: usize = 8;

/// A link TF can open, and what will not be the same there.
#[derive(Clone, Debug, PartialEq)]
pub struct TfExport {
    /// The link.
    pub link: String,
    /// What TF's page will do otherwise (its own points, its own start weights, …).
    pub differs: Vec<String>,
}

/// What TF Playground cannot show of an experiment, each in a few words.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("TensorFlow Playground cannot show {}", .0.join(", "))]
pub struct CannotShow(pub Vec<String>);

/// TF's name of an activation, if TF has it.
fn tf_activation(a: Activation) -> Option<&'static str> {
    match a {
        Activation::Relu => Some("relu"),
        Activation::Tanh => Some("tanh"),
        Activation::Sigmoid => Some("sigmoid"),
        Activation::Identity => Some("linear"),
        _ => None,
    }
}

/// TF's dataset key and value for `kind`, if TF has it.
fn tf_dataset(kind: DatasetKind) -> Option<(&'static str, &'static str)> {
    match kind {
        DatasetKind::Circle => Some(("dataset", "circle")),
        DatasetKind::Xor => Some(("dataset", "xor")),
        DatasetKind::Gauss => Some(("dataset", "gauss")),
        DatasetKind::Spiral => Some(("dataset", "spiral")),
        DatasetKind::RegPlane => Some(("regDataset", "reg-plane")),
        DatasetKind::RegGauss => Some(("regDataset", "reg-gauss")),
        _ => None,
    }
}

/// The experiment as a TF Playground link, or everything TF cannot show of it.
pub fn tf_link(
    network: &Network,
    config: &TrainConfig,
    data: &DataSpec,
    preprocess: &Preprocess,
) -> Result<TfExport, CannotShow> {
    let mut cannot = Vec::new();
    let mut differs = Vec::new();
    if config.optimizer.kind != OptimizerKind::Sgd {
        cannot.push(format!("the {} optimizer", config.optimizer.kind));
    }
    if config.loss != Loss::HalfSquaredError {
        cannot.push(format!("the {} loss", config.loss));
    }
    if config.schedule != Schedule::Constant {
        cannot.push("a learning-rate schedule".into());
    }
    if preprocess.standardize.is_some() {
        cannot.push("standardised inputs".into());
    }
    let (kind, seed, percent) = match &data.source {
        DataSource::Page {
            kind,
            seed,
            train_percent,
        } => (Some(*kind), Some(seed.clone()), *train_percent),
        DataSource::Builtin(kind) => (Some(*kind), None, data.train_ratio * 100.0),
        DataSource::Csv { .. } => (None, None, 50.0),
        DataSource::Drawn(_) => (None, None, 50.0),
    };
    let dataset = kind.and_then(tf_dataset);
    match (kind, dataset) {
        (_, Some(_)) if data.classes != 2 => cannot.push(format!("{} classes", data.classes)),
        (Some(k), None) => cannot.push(format!("the {k} dataset")),
        (None, _) => cannot.push("data of your own (TF has its six datasets)".into()),
        _ => {}
    }
    let regression = dataset.is_some_and(|(key, _)| key == "regDataset");
    let layers = network.layers();
    let acts = network.activations();
    let hidden = &layers[1..layers.len() - 1];
    if network.n_outputs() != 1 {
        cannot.push(format!("{} outputs", network.n_outputs()));
    }
    let output = acts[acts.len() - 1];
    let tf_output = if regression {
        Activation::Identity
    } else {
        Activation::Tanh
    };
    if output != tf_output {
        cannot.push(format!("the {output} output (TF's is {tf_output} here)"));
    }
    let hidden_acts = &acts[..acts.len() - 1];
    if let Some(&odd) = hidden_acts.iter().find(|a| tf_activation(**a).is_none()) {
        cannot.push(format!("the {odd} activation"));
    } else if hidden_acts.windows(2).any(|w| w[0] != w[1]) {
        cannot.push("hidden layers with different activations".into());
    }
    if hidden.len() > MAX_HIDDEN_LAYERS {
        cannot.push(format!(
            "{} hidden layers (at most {MAX_HIDDEN_LAYERS})",
            hidden.len()
        ));
    }
    if let Some(&n) = hidden.iter().find(|&&n| n > MAX_NEURONS) {
        cannot.push(format!("{n} neurons in a layer (at most {MAX_NEURONS})"));
    }
    if !cannot.is_empty() {
        return Err(CannotShow(cannot));
    }
    let seed = seed.unwrap_or_else(|| {
        differs.push("the points: TF makes its own for the link's seed".into());
        format!("{}", data.seed)
    });
    differs.push("the start weights: TF draws its own (a link holds no weights)".into());
    if !config.carry_remainder {
        differs.push("a last short batch: TF carries it into the next epoch".into());
    }
    let features: &[Feature] = if preprocess.features.is_empty() {
        &[Feature::X1, Feature::X2]
    } else {
        &preprocess.features
    };
    let on = |f: Feature| features.contains(&f);
    let activation = hidden_acts
        .first()
        .and_then(|a| tf_activation(*a))
        .unwrap_or("tanh");
    let (key, value) = dataset.unwrap_or(("dataset", "circle"));
    let mut pairs: Vec<(&str, String)> = vec![
        ("activation", activation.into()),
        ("batchSize", config.batch_size.to_string()),
        (
            if key == "dataset" {
                "dataset"
            } else {
                "regDataset"
            },
            value.into(),
        ),
        ("learningRate", config.learning_rate.to_string()),
        ("regularizationRate", config.reg_rate.to_string()),
        ("noise", super::short_number(data.noise * 100.0)),
        (
            "networkShape",
            hidden
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
        ("seed", seed),
        ("percTrainData", super::short_number(percent)),
    ];
    for (name, f) in [
        ("x", Feature::X1),
        ("y", Feature::X2),
        ("xTimesY", Feature::X1x2),
        ("xSquared", Feature::X1sq),
        ("ySquared", Feature::X2sq),
        ("sinX", Feature::Sinx1),
        ("sinY", Feature::Sinx2),
    ] {
        pairs.push((name, on(f).to_string()));
    }
    let problem = if regression {
        "regression"
    } else {
        "classification"
    };
    pairs.push(("problem", problem.into()));
    let regularization = match config.regularization {
        Regularization::None => "none",
        Regularization::L1 => "L1",
        Regularization::L2 => "L2",
    };
    pairs.push(("regularization", regularization.into()));
    let fragment: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Ok(TfExport {
        link: format!("https://playground.tensorflow.org/#{}", fragment.join("&")),
        differs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::TfLink;

    #[test]
    fn a_links_experiment_goes_back_to_the_same_link() {
        let text = "https://playground.tensorflow.org/#activation=relu&batchSize=8&dataset=spiral\
                    &learningRate=0.01&regularizationRate=0.001&regularization=L2&noise=20\
                    &networkShape=8,8,5&seed=0.90210&percTrainData=70&x=true&y=true&xTimesY=true\
                    &xSquared=true&ySquared=true&sinX=true&sinY=true&problem=classification";
        let link = TfLink::parse(text).unwrap();
        let out = tf_link(
            &link.network(),
            &link.train_config(),
            &link.data_spec(),
            &link.preprocess(),
        )
        .unwrap();
        let back = TfLink::parse(&out.link).unwrap();
        assert_eq!(back, link);
        assert_eq!(
            back.network(),
            link.network(),
            "the same start, bit for bit"
        );
        assert_eq!(out.differs.len(), 1, "{:?}", out.differs);
        let regression =
            TfLink::parse("#problem=regression&regDataset=reg-gauss&seed=s&networkShape=").unwrap();
        let out = tf_link(
            &regression.network(),
            &regression.train_config(),
            &regression.data_spec(),
            &regression.preprocess(),
        )
        .unwrap();
        assert_eq!(TfLink::parse(&out.link).unwrap(), regression);
    }

    #[test]
    fn what_tf_cannot_show_is_named() {
        let link = TfLink::parse("#seed=1").unwrap();
        let mut config = link.train_config();
        config.optimizer.kind = OptimizerKind::Adam;
        config.loss = Loss::CrossEntropy;
        let wide = Network::new(&[2, 16, 3], &[Activation::Swish, Activation::Softmax]).unwrap();
        let e = tf_link(&wide, &config, &link.data_spec(), &link.preprocess()).unwrap_err();
        let text = e.to_string();
        for part in [
            "adam optimizer",
            "ce loss",
            "3 outputs",
            "softmax output",
            "swish activation",
            "16 neurons",
        ] {
            assert!(text.contains(part), "{part}: {text}");
        }
        let plane = DataSpec::default();
        let e = tf_link(
            &link.network(),
            &link.train_config(),
            &plane,
            &Preprocess::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("plane dataset"), "{e}");
    }

    #[test]
    fn scratchnets_own_circle_is_shown_with_tfs_points_and_says_so() {
        let spec = DataSpec {
            source: DataSource::Builtin(DatasetKind::Circle),
            ..DataSpec::default()
        };
        let net = Network::new(&[2, 3, 1], &[Activation::Tanh, Activation::Tanh]).unwrap();
        let out = tf_link(&net, &TrainConfig::default(), &spec, &Preprocess::default()).unwrap();
        assert!(out.link.contains("dataset=circle") && out.link.contains("networkShape=3"));
        assert!(out.differs.iter().any(|d| d.contains("points")));
        assert!(out.differs.iter().any(|d| d.contains("short batch")));
    }
}
