//! TensorFlow Playground links (`https://playground.tensorflow.org/#activation=tanh&…`):
//! every key of TF's state read as TF's page reads it, and the experiment the page makes of
//! it — the same points (seedrandom's stream, TF's generators, shuffle and split), the same
//! start weights (drawn next from that stream), the same step (TF's carried remainder).

use crate::data::{DataSource, DataSpec, DatasetKind, Feature, Preprocess, SeedRandom};
use crate::nn::{Activation, Network, Regularization, TrainConfig};

/// The keys of TF's state that scratchnet takes, and those it reads and keeps for lessons.
const KEYS: [&str; 28] = [
    "activation",
    "regularization",
    "batchSize",
    "dataset",
    "regDataset",
    "learningRate",
    "regularizationRate",
    "noise",
    "networkShape",
    "seed",
    "showTestData",
    "discretize",
    "percTrainData",
    "x",
    "y",
    "xTimesY",
    "xSquared",
    "ySquared",
    "cosX",
    "sinX",
    "cosY",
    "sinY",
    "collectStats",
    "problem",
    "initZero",
    "hideText",
    "tutorial",
    "numHiddenLayers",
];

/// The Machine Learning Crash Course's goal keys, read for lessons.
const GOAL_PREFIXES: [&str; 3] = ["goalTestLoss", "goalTrainLoss", "goalTrainTestDiff"];

/// TF's input features, in the order of its input layer, with scratchnet's names.
const INPUTS: [(&str, Feature); 7] = [
    ("x", Feature::X1),
    ("y", Feature::X2),
    ("xSquared", Feature::X1sq),
    ("ySquared", Feature::X2sq),
    ("xTimesY", Feature::X1x2),
    ("sinX", Feature::Sinx1),
    ("sinY", Feature::Sinx2),
];

/// The most characters a seed may have.
const MAX_SEED: usize = 100;
/// The most nodes a hidden layer may have (TF's page allows 8; scratchnet's networks more).
const MAX_NODES: usize = 4096;

/// A TF Playground link, read.
#[derive(Clone, Debug, PartialEq)]
pub struct TfLink {
    /// Hidden layers' activation.
    pub activation: Activation,
    /// `none`, L1 or L2.
    pub regularization: Regularization,
    /// Samples per update.
    pub batch_size: usize,
    /// Classification or regression data.
    pub dataset: DatasetKind,
    /// `true` for regression (the output is linear, the data `regDataset`).
    pub regression: bool,
    /// The learning rate.
    pub learning_rate: f64,
    /// The regularization rate.
    pub regularization_rate: f64,
    /// Noise in percent, 0 to 50.
    pub noise: f64,
    /// Hidden layers' sizes (empty: none).
    pub hidden: Vec<usize>,
    /// The seed string; `None` when the link has none (see [`TfLink::with_seed`]).
    pub seed: Option<String>,
    /// Percent of the points that train.
    pub train_percent: f64,
    /// The input features, in TF's order.
    pub features: Vec<Feature>,
    /// All weights start at 0.
    pub init_zero: bool,
    /// Display keys (`showTestData`, `discretize`, `collectStats`, `hideText`, `tutorial`),
    /// kept as given.
    pub display: Vec<(String, String)>,
    /// Controls the link hides (`<control>_hide=true`), by TF's name.
    pub hidden_controls: Vec<String>,
    /// The crash course's goals: key and value.
    pub goals: Vec<(String, f64)>,
    /// Keys TF's state does not have, ignored.
    pub unknown: Vec<String>,
}

/// Why a link cannot be opened: the key and the problem.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LinkError {
    /// Not a TF Playground link at all.
    #[error("not a TensorFlow Playground link (no '#' with its settings): {0}")]
    NotALink(String),
    /// A key's value TF's page would not make an experiment of.
    #[error("the link's {key}={value}: {why}")]
    Value {
        /// The key.
        key: String,
        /// Its value as given (shortened when long).
        value: String,
        /// What is wrong.
        why: String,
    },
}

fn bad(key: &str, value: &str, why: &str) -> LinkError {
    let value = if value.chars().count() > 40 {
        value.chars().take(40).collect::<String>() + "…"
    } else {
        value.to_string()
    };
    LinkError::Value {
        key: key.into(),
        value,
        why: why.into(),
    }
}

/// The `key=value` pairs of a link's fragment, in order (a key without `=` has value "").
fn pairs(link: &str) -> Result<Vec<(String, String)>, LinkError> {
    let fragment = match link.split_once('#') {
        Some((_, fragment)) => fragment,
        None => return Err(LinkError::NotALink(link.chars().take(80).collect())),
    };
    Ok(fragment
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.to_string(), String::new()),
        })
        .collect())
}

/// A number as TF's `+value` reads it, refused when it is not one.
fn number(key: &str, value: &str) -> Result<f64, LinkError> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| bad(key, value, "not a number"))
}

impl TfLink {
    /// Reads a link. Every value is checked: a key whose value TF's page would not make a
    /// working experiment of is an error naming the key.
    pub fn parse(link: &str) -> Result<TfLink, LinkError> {
        let mut l = TfLink::default();
        let mut inputs: Vec<(&str, bool)> = INPUTS.iter().map(|&(k, _)| (k, false)).collect();
        // TF's defaults: x and y on.
        inputs[0].1 = true;
        inputs[1].1 = true;
        for (key, value) in pairs(link)? {
            let v = value.as_str();
            // TF ignores an empty value and keeps its default (networkShape excepted).
            if v.trim().is_empty() && key != "networkShape" && !key.ends_with("_hide") {
                continue;
            }
            match key.as_str() {
                "activation" => l.activation = activation(v)?,
                "regularization" => {
                    l.regularization = match v {
                        "none" => Regularization::None,
                        "L1" => Regularization::L1,
                        "L2" => Regularization::L2,
                        _ => return Err(bad(&key, v, "give none, L1 or L2")),
                    }
                }
                "batchSize" => {
                    let b = number(&key, v)?;
                    if b.fract() != 0.0 || !(1.0..=1e6).contains(&b) {
                        return Err(bad(&key, v, "give a whole number of samples from 1"));
                    }
                    l.batch_size = b as usize;
                }
                "dataset" => l.dataset = dataset(&key, v, false)?,
                // Read with `problem`, once every key is in (see `regression_from`).
                "regDataset" => {
                    dataset(&key, v, true)?;
                }
                "learningRate" | "regularizationRate" => {
                    let r = number(&key, v)?;
                    if r < 0.0 {
                        return Err(bad(&key, v, "give a rate of 0 or more"));
                    }
                    if key == "learningRate" {
                        l.learning_rate = r;
                    } else {
                        l.regularization_rate = r;
                    }
                }
                "noise" => {
                    l.noise = number(&key, v)?;
                    if !(0.0..=50.0).contains(&l.noise) {
                        return Err(bad(&key, v, "give a percent from 0 to 50"));
                    }
                }
                "percTrainData" => {
                    l.train_percent = number(&key, v)?;
                    if !(l.train_percent > 0.0 && l.train_percent < 100.0) {
                        return Err(bad(&key, v, "give a percent between 0 and 100"));
                    }
                }
                "networkShape" => l.hidden = shape(v)?,
                "seed" => {
                    if v.chars().count() > MAX_SEED {
                        return Err(bad(&key, v, "a seed has at most 100 characters"));
                    }
                    l.seed = Some(v.to_string());
                }
                "problem" => match v {
                    "classification" | "regression" => {}
                    _ => return Err(bad(&key, v, "give classification or regression")),
                },
                "initZero" => l.init_zero = v != "false",
                k if let Some(slot) = inputs.iter_mut().find(|(name, _)| *name == k) => {
                    slot.1 = v != "false";
                }
                k if k.ends_with("_hide") => {
                    if v == "true" {
                        l.hidden_controls
                            .push(k.trim_end_matches("_hide").to_string());
                    }
                }
                k if GOAL_PREFIXES.iter().any(|p| k.starts_with(p)) => {
                    l.goals.push((key.clone(), number(&key, v)?));
                }
                k if KEYS.contains(&k) => l.display.push((key.clone(), value.clone())),
                _ => l.unknown.push(key.clone()),
            }
        }
        l.features_from(&inputs, link)?;
        l.regression_from(link)?;
        let points = if l.regression { 1200.0 } else { 500.0 };
        let split = (points * l.train_percent / 100.0).floor();
        if split < 1.0 || split > points - 1.0 {
            let value = l.train_percent.to_string();
            return Err(bad(
                "percTrainData",
                &value,
                "leaves no point to train or to test on",
            ));
        }
        crate::nn::check_layers(&l.layers()).map_err(|e| {
            let shape: Vec<String> = l.hidden.iter().map(usize::to_string).collect();
            bad("networkShape", &shape.join(","), &e.to_string())
        })?;
        Ok(l)
    }

    /// The input features the link turns on and does not hide, in TF's order.
    fn features_from(&mut self, inputs: &[(&str, bool)], link: &str) -> Result<(), LinkError> {
        self.features = INPUTS
            .iter()
            .zip(inputs)
            .filter(|(_, (name, on))| *on && !self.hidden_controls.iter().any(|h| h == name))
            .map(|((_, f), _)| *f)
            .collect();
        if self.features.is_empty() {
            return Err(bad(
                "x",
                link_tail(link),
                "the link turns every input feature off",
            ));
        }
        Ok(())
    }

    /// `problem=regression` takes `regDataset` (default reg-plane) instead of `dataset`.
    fn regression_from(&mut self, link: &str) -> Result<(), LinkError> {
        let pairs = pairs(link)?;
        let value = |key: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, v)| k == key && !v.trim().is_empty())
                .map(|(_, v)| v.clone())
        };
        self.regression = value("problem").as_deref() == Some("regression");
        if self.regression {
            self.dataset = match value("regDataset") {
                Some(v) => dataset("regDataset", &v, true)?,
                None => DatasetKind::RegPlane,
            };
        }
        Ok(())
    }

    /// The same link with `seed` when it had none.
    pub fn with_seed(mut self, seed: impl FnOnce() -> String) -> TfLink {
        if self.seed.is_none() {
            self.seed = Some(seed());
        }
        self
    }

    /// A display key's value as TF's page reads a boolean (anything but `false` is true);
    /// `None` when the link does not have `key`.
    pub fn display_flag(&self, key: &str) -> Option<bool> {
        self.display
            .iter()
            .rfind(|(k, _)| k == key)
            .map(|(_, v)| v != "false")
    }

    /// The seed (empty when there is none yet).
    pub fn seed(&self) -> &str {
        self.seed.as_deref().unwrap_or("")
    }

    /// The data the page makes.
    pub fn data_spec(&self) -> DataSpec {
        DataSpec {
            source: DataSource::Page {
                kind: self.dataset,
                seed: self.seed().to_string(),
                train_percent: self.train_percent,
            },
            noise: self.noise / 100.0,
            train_ratio: self.train_percent / 100.0,
            seed: 0,
            classes: 2,
        }
    }

    /// How raw inputs become the network's: the link's features (none for x and y alone).
    pub fn preprocess(&self) -> Preprocess {
        let raw = self.features == [Feature::X1, Feature::X2];
        Preprocess {
            features: if raw {
                Vec::new()
            } else {
                self.features.clone()
            },
            standardize: None,
        }
    }

    /// Node counts: the features, the hidden layers, one output.
    pub fn layers(&self) -> Vec<usize> {
        let mut layers = vec![self.features.len()];
        layers.extend(&self.hidden);
        layers.push(1);
        layers
    }

    /// The hidden layers' activation, then tanh (classification) or identity (regression).
    pub fn activations(&self) -> Vec<Activation> {
        let mut acts = vec![self.activation; self.hidden.len()];
        acts.push(if self.regression {
            Activation::Identity
        } else {
            Activation::Tanh
        });
        acts
    }

    /// TF's training: plain SGD on half squared error, the link's rates and penalty, the
    /// points in the page's order every epoch, the remainder of an epoch carried.
    pub fn train_config(&self) -> TrainConfig {
        TrainConfig {
            batch_size: self.batch_size,
            learning_rate: self.learning_rate,
            shuffle: false,
            regularization: self.regularization,
            reg_rate: self.regularization_rate,
            carry_remainder: true,
            ..TrainConfig::default()
        }
    }

    /// The untrained network the page builds: after the data, from the same stream, each
    /// weight `random − 0.5` in layer, node, input order; biases 0.1. With initZero every
    /// weight is still drawn (the stream moves on) and then set to 0, and every bias is 0.
    pub fn network(&self) -> Network {
        let mut stream = SeedRandom::new(self.seed());
        let spec = self.data_spec();
        // The page draws the points first.
        let _ = crate::data::tf_page_data(
            self.dataset,
            spec.noise * 100.0,
            self.train_percent,
            &mut stream,
        );
        let layers = self.layers();
        let mut net = Network::new(&layers, &self.activations())
            .unwrap_or_else(|e| unreachable!("layers are checked when read: {e}"));
        let (weights, biases) = net.parameters_mut();
        for w in weights.iter_mut() {
            let drawn = stream.next_f64() - 0.5;
            *w = if self.init_zero { 0.0 } else { drawn };
        }
        biases.fill(if self.init_zero { 0.0 } else { 0.1 });
        net
    }
}

/// `true` when `text` (given where a file goes, or pasted) is a web link with settings
/// after `#`: a TF Playground link, not a file.
pub fn is_link(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://")) && text.contains('#')
}

/// The link a link file holds: a browser's or file manager's shortcut (`.url`, `.desktop`:
/// a `URL=` line) or a text file whose line is the link. `None` when it holds none.
pub fn link_in_file(text: &str) -> Option<&str> {
    text.lines()
        .map(|line| {
            let line = line.trim();
            line.strip_prefix("URL=").unwrap_or(line)
        })
        .find(|line| is_link(line))
}

/// The end of a link, for an error that names no single value.
fn link_tail(link: &str) -> &str {
    link.rsplit('#').next().unwrap_or(link)
}

impl Default for TfLink {
    /// TF's page without a link: its state's defaults.
    fn default() -> Self {
        TfLink {
            activation: Activation::Tanh,
            regularization: Regularization::None,
            batch_size: 10,
            dataset: DatasetKind::Circle,
            regression: false,
            learning_rate: 0.03,
            regularization_rate: 0.0,
            noise: 0.0,
            hidden: vec![4, 2],
            seed: None,
            train_percent: 50.0,
            features: vec![Feature::X1, Feature::X2],
            init_zero: false,
            display: Vec::new(),
            hidden_controls: Vec::new(),
            goals: Vec::new(),
            unknown: Vec::new(),
        }
    }
}

fn activation(v: &str) -> Result<Activation, LinkError> {
    Ok(match v {
        "relu" => Activation::Relu,
        "tanh" => Activation::Tanh,
        "sigmoid" => Activation::Sigmoid,
        "linear" => Activation::Identity,
        _ => return Err(bad("activation", v, "give relu, tanh, sigmoid or linear")),
    })
}

fn dataset(key: &str, v: &str, regression: bool) -> Result<DatasetKind, LinkError> {
    let kind = match (v, regression) {
        ("circle", false) => DatasetKind::Circle,
        ("xor", false) => DatasetKind::Xor,
        ("gauss", false) => DatasetKind::Gauss,
        ("spiral", false) => DatasetKind::Spiral,
        ("reg-plane", true) => DatasetKind::RegPlane,
        ("reg-gauss", true) => DatasetKind::RegGauss,
        (_, false) => return Err(bad(key, v, "give circle, xor, gauss or spiral")),
        (_, true) => return Err(bad(key, v, "give reg-plane or reg-gauss")),
    };
    Ok(kind)
}

/// `networkShape`: hidden layer sizes, comma-separated; empty for none.
fn shape(v: &str) -> Result<Vec<usize>, LinkError> {
    if v.trim().is_empty() {
        return Ok(Vec::new());
    }
    v.split(',')
        .map(|part| match part.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_NODES).contains(&n) => Ok(n),
            _ => Err(bad(
                "networkShape",
                v,
                &format!("'{part}' is no layer size (1 to {MAX_NODES} nodes)"),
            )),
        })
        .collect()
}

#[cfg(test)]
#[path = "tflink_tests.rs"]
mod tests;
