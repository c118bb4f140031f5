//! The model file: a network and the experiment around it, as JSON.
//!
//! ```json
//! {
//!   "format": "scratchnet.model",
//!   "version": 1,
//!   "layers": [2, 3, 1],
//!   "activations": ["sigmoid", "identity"],
//!   "weights": [[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [[0.7, 0.8, 0.9]]],
//!   "biases": [[0.0, 0.0, 0.0], [0.0]],
//!   "training": { "batch_size": 1, "learning_rate": 0.02, "shuffle": true, "init": "zeros", "seed": 0 },
//!   "data": { "dataset": "plane", "noise": 0.0, "train_ratio": 0.5, "seed": 0 },
//!   "epoch": 100,
//!   "history": { "epoch": [1, 2], "train_loss": [0.12, 0.11], "test_loss": [0.12, null] }
//! }
//! ```
//!
//! Only `layers`, `weights` and `biases` are required: a file holding just the reference's
//! tuple (as an object or as the array `[layers, weights, biases]`) loads with the reference
//! activations. Floats are written in their shortest round-trip form and read back exactly.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::data::{DataError, DataSpec, Preprocess};
use crate::history::History;
use crate::nn::{
    Activation, Init, Network, NnError, OptimizerState, StopRule, TrainConfig, check_layers,
};

/// The value of the `format` key.
pub const FORMAT: &str = "scratchnet.model";
/// The version this build writes and reads.
pub const VERSION: u64 = 1;
/// Larger files are refused before they are parsed.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// How the network was being trained: the training configuration (its keys sit directly
/// under `training`), how the weights started, and when training stops by itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingSettings {
    /// Batch size, learning rate, shuffling, optimizer, loss, regularization, schedule.
    #[serde(flatten)]
    pub config: TrainConfig,
    /// How the weights started.
    pub init: Init,
    /// Seed of initialisation and shuffling.
    pub seed: u64,
    /// When training stops by itself.
    pub stop: StopRule,
}

/// A loaded or to-be-saved model: the network and, optionally, the experiment around it.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The network with its weights.
    pub network: Network,
    /// How it was trained, if known.
    pub training: Option<TrainingSettings>,
    /// What it was trained on, if known.
    pub data: Option<DataSpec>,
    /// Epochs trained.
    pub epoch: u64,
    /// Loss history, if kept.
    pub history: Option<History>,
    /// How raw inputs become the network's inputs (features, standardisation).
    pub preprocess: Preprocess,
    /// The optimizer's memory, so that a resumed run continues identically.
    pub optimizer_state: Option<OptimizerState>,
    /// The shuffling generator's state, so that a resumed run visits the samples in the
    /// order the uninterrupted run would have.
    pub shuffle_rng: Option<crate::SeededRng>,
    /// The classes the outputs stand for, in order (one-hot classification data).
    pub classes: Option<Vec<String>>,
    /// Earlier runs of the experiment, kept to compare with (oldest first).
    pub runs: Vec<RunRecord>,
}

/// One finished or replaced run of an experiment, as the runs list keeps it: what it was
/// trained with and the curve it drew.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Its name (`run 3`, or the user's).
    pub name: String,
    /// Kept however many runs follow.
    #[serde(default)]
    pub pinned: bool,
    /// Drawn over the loss plot.
    #[serde(default)]
    pub shown: bool,
    /// Node counts per layer.
    pub layers: Vec<usize>,
    /// One activation per non-input layer.
    pub activations: Vec<Activation>,
    /// The training settings it trained with.
    pub config: TrainConfig,
    /// The data it trained on, in words (`circle`, `spiral, 3 classes`, `train.csv`);
    /// empty in files written before runs named their data.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub data: String,
    /// Epochs trained.
    pub epochs: u64,
    /// Loss per epoch (bounded as the live history is).
    pub history: History,
    /// The headline metric per epoch (accuracy or R²: train in `train_loss`, test in
    /// `test_loss`).
    #[serde(default)]
    pub metrics: History,
}

/// A model file that cannot be read or written; the message names the file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct ModelFileError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    #[source]
    pub problem: ModelProblem,
}

/// What is wrong with a model file's contents, or with writing one.
#[derive(Debug, thiserror::Error)]
pub enum ModelProblem {
    /// The file cannot be read or written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The file is over [`MAX_FILE_BYTES`].
    #[error("{0} bytes is larger than a model file may be ({MAX_FILE_BYTES})")]
    TooLarge(u64),
    /// Nothing but white space.
    #[error("the file is empty")]
    Empty,
    /// Not JSON at all.
    #[error("not valid JSON: {0}")]
    NotJson(serde_json::Error),
    /// JSON, but neither an object nor the reference's `[layers, weights, biases]`.
    #[error("expected a JSON object with layers, weights and biases")]
    NotAModel,
    /// A key is missing or holds the wrong kind of value.
    #[error("{0}")]
    Keys(serde_json::Error),
    /// Another file format.
    #[error("format is '{0}', expected '{FORMAT}'")]
    Format(String),
    /// A version this build does not read.
    #[error("version {0} is not supported (this build reads version {VERSION})")]
    Version(u64),
    /// The layers, activations, weights or biases do not make a network.
    #[error(transparent)]
    Network(#[from] NnError),
    /// A weight or a bias is NaN or infinite; names which, e.g. `weights[0][1][2]`.
    #[error("{0} is not a finite number")]
    NotFinite(String),
    /// The recorded training settings are out of range.
    #[error("training: {0}")]
    Training(NnError),
    /// Input features that do not match the input layer.
    #[error("{features} features but the input layer has {inputs} nodes")]
    Features {
        /// How many features the file lists.
        features: usize,
        /// The input layer's size.
        inputs: usize,
    },
    /// Standardisation for another number of raw inputs.
    #[error("standardize has {got} columns, expected {expected}")]
    StandardizeColumns {
        /// The columns in the file.
        got: usize,
        /// The raw inputs the network takes.
        expected: usize,
    },
    /// A mean that is not finite, or a spread that is not positive.
    #[error("standardize holds a mean or spread that is not a usable number")]
    StandardizeValues,
    /// Optimizer memory for another number of parameters.
    #[error("optimizer_state does not have {0} numbers per buffer")]
    OptimizerSize(usize),
    /// Optimizer memory that is NaN or infinite.
    #[error("optimizer_state holds a number that is not finite")]
    OptimizerNotFinite,
    /// Dead links that are not ascending indices of weights, or whose weight is not 0.
    #[error("optimizer_state.dead must list weights (0 to {weights}) in ascending order, each 0")]
    DeadLinks {
        /// The last weight index.
        weights: usize,
    },
    /// The recorded data settings are out of range.
    #[error("data: {0}")]
    Data(DataError),
    /// History columns of different lengths.
    #[error("history: epoch, train_loss and test_loss differ in length")]
    HistoryLengths,
    /// A recorded loss that is NaN or infinite.
    #[error("history holds a loss that is not a finite number")]
    HistoryNotFinite,
    /// The class list does not match the output layer.
    #[error("{classes} classes listed for {outputs} outputs")]
    Classes {
        /// Classes listed.
        classes: usize,
        /// Output nodes.
        outputs: usize,
    },
    /// Weights that are not finite cannot be saved.
    #[error("the network holds weights that are not finite numbers (training diverged)")]
    Diverged,
}

/// The file's keys, as JSON has them.
#[derive(Serialize, Deserialize)]
struct Wire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<u64>,
    layers: Vec<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    activations: Option<Vec<String>>,
    weights: Vec<Vec<Vec<f64>>>,
    biases: Vec<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    training: Option<TrainingSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data: Option<DataSpec>,
    #[serde(default)]
    epoch: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    history: Option<History>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    features: Vec<crate::data::Feature>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    standardize: Option<crate::data::Standardize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    optimizer_state: Option<OptimizerState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shuffle_rng: Option<crate::SeededRng>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    classes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    runs: Vec<RunRecord>,
}

/// Reads and checks a model file.
pub fn load(path: &Path) -> Result<Model, ModelFileError> {
    let read = || {
        let size = fs::metadata(path)?.len();
        if size > MAX_FILE_BYTES {
            return Err(ModelProblem::TooLarge(size));
        }
        parse(&fs::read_to_string(path)?)
    };
    read().map_err(|problem| ModelFileError {
        path: path.to_path_buf(),
        problem,
    })
}

/// Parses and checks a model from JSON text; the error says what is wrong.
pub fn parse(text: &str) -> Result<Model, ModelProblem> {
    if text.trim().is_empty() {
        return Err(ModelProblem::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(ModelProblem::NotJson)?;
    let value = match value {
        // The reference's tuple written as an array: [layers, weights, biases].
        Value::Array(parts) if parts.len() == 3 => {
            let mut parts = parts.into_iter();
            let mut object = serde_json::Map::new();
            for key in ["layers", "weights", "biases"] {
                object.insert(key.into(), parts.next().unwrap_or(Value::Null));
            }
            Value::Object(object)
        }
        Value::Object(_) => value,
        _ => return Err(ModelProblem::NotAModel),
    };
    let wire: Wire = serde_json::from_value(value).map_err(ModelProblem::Keys)?;
    check(wire)
}

/// Turns the wire form into a model, checking everything.
fn check(wire: Wire) -> Result<Model, ModelProblem> {
    if let Some(format) = &wire.format
        && format != FORMAT
    {
        return Err(ModelProblem::Format(format.clone()));
    }
    if let Some(version) = wire.version
        && version != VERSION
    {
        return Err(ModelProblem::Version(version));
    }
    let layers = &wire.layers;
    // The network's own limits (layers, widths, parameters), before anything is allocated.
    check_layers(layers)?;
    let activations = match &wire.activations {
        None => Network::reference_activations(layers),
        Some(names) => names
            .iter()
            .map(|n| n.parse::<Activation>().map_err(NnError::from))
            .collect::<Result<Vec<_>, _>>()?,
    };
    for (l, w) in wire.weights.iter().enumerate() {
        for (j, row) in w.iter().enumerate() {
            if let Some(i) = row.iter().position(|v| !v.is_finite()) {
                return Err(ModelProblem::NotFinite(format!("weights[{l}][{j}][{i}]")));
            }
        }
    }
    for (l, b) in wire.biases.iter().enumerate() {
        if let Some(j) = b.iter().position(|v| !v.is_finite()) {
            return Err(ModelProblem::NotFinite(format!("biases[{l}][{j}]")));
        }
    }
    let network = Network::from_nested(layers, &activations, &wire.weights, &wire.biases)?;
    if let Some(t) = &wire.training {
        t.config.validate().map_err(ModelProblem::Training)?;
    }
    let preprocess = Preprocess {
        features: wire.features.clone(),
        standardize: wire.standardize.clone(),
    };
    if !preprocess.features.is_empty() && preprocess.features.len() != layers[0] {
        return Err(ModelProblem::Features {
            features: preprocess.features.len(),
            inputs: layers[0],
        });
    }
    if let Some(s) = &preprocess.standardize {
        let raw = if preprocess.features.is_empty() {
            layers[0]
        } else {
            2
        };
        if s.mean.len() != raw || s.std.len() != raw {
            return Err(ModelProblem::StandardizeColumns {
                got: s.mean.len(),
                expected: raw,
            });
        }
        if s.mean.iter().chain(&s.std).any(|v| !v.is_finite()) || s.std.iter().any(|&d| d <= 0.0) {
            return Err(ModelProblem::StandardizeValues);
        }
    }
    if let Some(state) = &wire.optimizer_state {
        let n = network.parameter_count();
        let sizes_ok = [&state.first, &state.second]
            .iter()
            .all(|v| v.is_empty() || v.len() == n);
        if !sizes_ok {
            return Err(ModelProblem::OptimizerSize(n));
        }
        if state
            .first
            .iter()
            .chain(&state.second)
            .any(|v| !v.is_finite())
        {
            return Err(ModelProblem::OptimizerNotFinite);
        }
        let weights = network.weights();
        let ascending = state.dead.windows(2).all(|p| p[0] < p[1]);
        let zeros = state
            .dead
            .iter()
            .all(|&k| weights.get(k).is_some_and(|&w| w == 0.0));
        if !(ascending && zeros) {
            return Err(ModelProblem::DeadLinks {
                weights: weights.len().saturating_sub(1),
            });
        }
    }
    if let Some(d) = &wire.data {
        d.validate().map_err(ModelProblem::Data)?;
    }
    if let Some(classes) = &wire.classes
        && classes.len() != network.n_outputs()
    {
        return Err(ModelProblem::Classes {
            classes: classes.len(),
            outputs: network.n_outputs(),
        });
    }
    if let Some(h) = &wire.history {
        if h.epoch.len() != h.train_loss.len() || h.epoch.len() != h.test_loss.len() {
            return Err(ModelProblem::HistoryLengths);
        }
        if h.train_loss
            .iter()
            .chain(h.test_loss.iter().flatten())
            .any(|v| !v.is_finite())
        {
            return Err(ModelProblem::HistoryNotFinite);
        }
    }
    Ok(Model {
        network,
        training: wire.training,
        data: wire.data,
        epoch: wire.epoch,
        history: wire.history,
        preprocess,
        optimizer_state: wire.optimizer_state,
        shuffle_rng: wire.shuffle_rng,
        classes: wire.classes,
        runs: wire.runs,
    })
}

/// The model as JSON text.
pub fn to_json(model: &Model) -> Result<String, ModelProblem> {
    let net = &model.network;
    if net
        .weights()
        .iter()
        .chain(net.biases())
        .any(|v| !v.is_finite())
    {
        return Err(ModelProblem::Diverged);
    }
    let wire = Wire {
        format: Some(FORMAT.into()),
        version: Some(VERSION),
        layers: net.layers().to_vec(),
        activations: Some(
            net.activations()
                .iter()
                .map(|a| a.name().to_string())
                .collect(),
        ),
        weights: net.nested_weights(),
        biases: net.nested_biases(),
        training: model.training.clone(),
        data: model.data.clone(),
        epoch: model.epoch,
        history: model.history.clone(),
        features: model.preprocess.features.clone(),
        standardize: model.preprocess.standardize.clone(),
        optimizer_state: model.optimizer_state.clone(),
        shuffle_rng: model.shuffle_rng.clone(),
        classes: model.classes.clone(),
        runs: model.runs.clone(),
    };
    serde_json::to_string_pretty(&wire).map_err(ModelProblem::Keys)
}

/// Saves a model: writes a temporary file beside `path`, then renames it over `path`, so
/// that a crash never leaves a half-written model.
pub fn save(model: &Model, path: &Path) -> Result<(), ModelFileError> {
    let write = || {
        let text = to_json(model)?;
        Ok(write_atomically(path, text.as_bytes())?)
    };
    write().map_err(|problem| ModelFileError {
        path: path.to_path_buf(),
        problem,
    })
}

/// Writes `bytes` to a temporary file beside `path` and renames it to `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("model");
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Loss, Optimizer, Regularization, Schedule};

    fn trained_looking_model() -> Model {
        let layers = [2, 4, 3, 1];
        let acts = [Activation::Tanh, Activation::Relu, Activation::Identity];
        let mut network =
            Network::initialized(&layers, &acts, Init::Xavier, &mut crate::seeded(5)).unwrap();
        // Three dead links (an L1 run's), at 0.
        for k in [0, 7, 12] {
            network.parameters_mut().0[k] = 0.0;
        }
        Model {
            network,
            training: Some(TrainingSettings {
                config: TrainConfig {
                    batch_size: 10,
                    learning_rate: 0.03,
                    shuffle: false,
                    optimizer: Optimizer::of(crate::nn::OptimizerKind::Adam),
                    loss: Loss::BinaryCrossEntropy,
                    regularization: Regularization::L2,
                    reg_rate: 0.001,
                    schedule: Schedule::Step {
                        every: 10,
                        factor: 0.5,
                    },
                    carry_remainder: true,
                },
                init: Init::Xavier,
                seed: 5,
                stop: StopRule {
                    loss_below: Some(0.01),
                    on_train_loss: false,
                    patience: Some(20),
                    restore_best: true,
                },
            }),
            data: Some(DataSpec {
                source: crate::data::DataSource::Builtin(crate::data::DatasetKind::Spiral),
                noise: 0.25,
                train_ratio: 0.7,
                seed: 9,
                classes: 2,
            }),
            epoch: 3,
            history: Some(History {
                epoch: vec![1, 2, 3],
                train_loss: vec![0.1 + 0.2, 1e-300, 0.123_456_789_012_345_68],
                test_loss: vec![Some(0.5), None, Some(f64::MIN_POSITIVE)],
            }),
            preprocess: Preprocess {
                features: vec![crate::data::Feature::X1, crate::data::Feature::X2],
                standardize: None,
            },
            optimizer_state: Some(OptimizerState {
                step: 3,
                first: (0..31).map(|i| i as f64 * 0.1).collect(),
                second: (0..31).map(|i| i as f64 * 1e-3).collect(),
                dead: vec![0, 7, 12],
                carried: crate::nn::Carried {
                    terms: 4,
                    weights: vec![0.125; 31],
                    biases: Vec::new(),
                },
            }),
            shuffle_rng: Some(crate::seeded(77)),
            classes: None,
            runs: vec![RunRecord {
                name: "lr 0.3 try".into(),
                pinned: true,
                shown: false,
                layers: vec![2, 4, 1],
                activations: vec![Activation::Tanh, Activation::Identity],
                config: TrainConfig {
                    learning_rate: 0.3,
                    ..TrainConfig::default()
                },
                data: "circle".into(),
                epochs: 2,
                history: History {
                    epoch: vec![1, 2],
                    train_loss: vec![0.5, 0.25],
                    test_loss: vec![Some(0.75), None],
                },
                metrics: History::default(),
            }],
        }
    }

    fn error_of(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn a_saved_model_loads_back_identical_to_the_last_bit() {
        let model = trained_looking_model();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        save(&model, &path).unwrap();
        assert_eq!(load(&path).unwrap(), model);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_file_named_without_a_folder_is_written_in_the_current_one() {
        // The test runs in the crate's folder; the file is removed at once.
        let name = format!("scratchnet-test-{}.tmp.json", std::process::id());
        write_atomically(Path::new(&name), b"{}").unwrap();
        let written = fs::read_to_string(&name);
        fs::remove_file(&name).unwrap();
        assert_eq!(written.unwrap(), "{}");
    }

    #[test]
    fn the_file_has_the_documented_top_level_keys() {
        let text = to_json(&trained_looking_model()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], "scratchnet.model");
        assert_eq!(v["version"], 1);
        assert_eq!(v["layers"], serde_json::json!([2, 4, 3, 1]));
        assert_eq!(
            v["activations"],
            serde_json::json!(["tanh", "relu", "identity"])
        );
        assert_eq!(
            v["weights"][0].as_array().unwrap().len(),
            4,
            "weights[0] has a row per node of layer 1"
        );
        assert_eq!(v["weights"][0][0].as_array().unwrap().len(), 2);
        assert_eq!(v["biases"][2].as_array().unwrap().len(), 1);
    }

    #[test]
    fn the_reference_tuple_alone_loads_with_the_reference_activations() {
        let tuple = r#"{"layers":[2,2,2],
            "weights":[[[0.15,0.2],[0.25,0.3]],[[0.4,0.45],[0.5,0.55]]],
            "biases":[[0.35,0.35],[0.6,0.6]]}"#;
        let model = parse(tuple).unwrap();
        assert_eq!(
            model.network.activations(),
            [Activation::Sigmoid, Activation::Identity]
        );
        assert_eq!(model.network.nested_weights()[1][1], vec![0.5, 0.55]);
        let as_array = r#"[[2,1],[[[0.5,-0.5]]],[[0.25]]]"#;
        assert_eq!(
            parse(as_array).unwrap().network.activations(),
            [Activation::Identity]
        );
    }

    #[test]
    fn shapes_that_disagree_with_the_layers_are_named() {
        let e =
            error_of(r#"{"layers":[2,2,1],"weights":[[[1,2],[3]],[[1,2]]],"biases":[[0,0],[0]]}"#);
        assert!(e.contains("weights[0][1] has 1 numbers"), "{e}");
        let e = error_of(r#"{"layers":[2,1],"weights":[[[1,2]]],"biases":[[0,0]]}"#);
        assert!(e.contains("biases[0]"), "{e}");
        let e = error_of(r#"{"layers":[2,1],"weights":[],"biases":[]}"#);
        assert!(e.contains("expected 1 weight and bias layers"), "{e}");
    }

    #[test]
    fn unknown_activations_formats_and_versions_are_errors_not_defaults() {
        let body = r#""layers":[1,1],"weights":[[[1]]],"biases":[[0]]"#;
        assert!(error_of(&format!(r#"{{{body},"activations":["softmax"]}}"#)).contains("softmax"));
        assert!(
            error_of(&format!(r#"{{{body},"activations":["relu","relu"]}}"#))
                .contains("activations")
        );
        assert!(error_of(&format!(r#"{{{body},"format":"other"}}"#)).contains("format"));
        assert!(error_of(&format!(r#"{{{body},"version":2}}"#)).contains("version 2"));
    }

    #[test]
    fn truncated_malformed_and_empty_files_are_refused() {
        let good = to_json(&trained_looking_model()).unwrap();
        assert!(error_of(&good[..good.len() / 2]).contains("not valid JSON"));
        assert!(error_of("").contains("empty"));
        assert!(error_of("42").contains("expected a JSON object"));
        assert!(error_of(r#"{"layers":[2,1]}"#).contains("missing field"));
        assert!(
            error_of(r#"{"layers":[1,1],"weights":[[[null]]],"biases":[[0]]}"#)
                .contains("invalid type")
        );
    }

    #[test]
    fn unknown_optimizers_losses_and_features_are_errors() {
        let text = to_json(&trained_looking_model()).unwrap();
        for (from, to) in [
            ("\"adam\"", "\"adamw\""),
            ("\"bce\"", "\"hinge\""),
            ("\"x1\"", "\"x3\""),
            ("\"l2\"", "\"l3\""),
        ] {
            let bad = text.replacen(from, to, 1);
            assert_ne!(bad, text, "{from} is in the file");
            assert!(
                parse(&bad)
                    .unwrap_err()
                    .to_string()
                    .contains("unknown variant"),
                "{to}"
            );
        }
        let bad = text.replacen("\"beta2\": 0.999", "\"beta2\": 1.5", 1);
        assert!(
            parse(&bad).unwrap_err().to_string().contains("beta2"),
            "out-of-range β refused"
        );
    }

    #[test]
    fn absurd_sizes_are_refused_before_allocating() {
        let e = error_of(r#"{"layers":[2,1000000000,1],"weights":[],"biases":[]}"#);
        assert!(
            e.contains("layer 1 has 1000000000 nodes, at most 4096"),
            "{e}"
        );
        let e = error_of(r#"{"layers":[2,0,1],"weights":[],"biases":[]}"#);
        assert!(e.contains("layer 1 has 0 nodes"), "{e}");
    }

    #[test]
    fn out_of_range_settings_are_refused() {
        let mut model = trained_looking_model();
        model.training.as_mut().unwrap().config.batch_size = 0;
        assert!(error_of(&to_json(&model).unwrap()).contains("training: batch size"));
        let mut model = trained_looking_model();
        model.data.as_mut().unwrap().noise = 0.9;
        assert!(error_of(&to_json(&model).unwrap()).contains("noise"));
    }

    #[test]
    fn a_diverged_network_is_not_saved_and_the_old_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        fs::write(&path, "old").unwrap();
        let mut model = trained_looking_model();
        model.network.set_weight(0, 0, 0, f64::NAN);
        let e = save(&model, &path).unwrap_err().to_string();
        assert!(e.contains("m.json") && e.contains("not finite"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    }

    #[test]
    fn standardisation_is_saved_and_loaded_back_exactly() {
        let mut model = trained_looking_model();
        model.preprocess.standardize = Some(crate::data::Standardize {
            mean: vec![0.1 + 0.2, -1e-300],
            std: vec![1.0 / 3.0, 7.5e10],
        });
        let text = to_json(&model).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["standardize"]["mean"][0], 0.1 + 0.2);
        assert_eq!(parse(&text).unwrap(), model);
    }

    /// The model's JSON with `edit` applied to it.
    fn edited(edit: impl FnOnce(&mut Value)) -> String {
        let mut v: Value =
            serde_json::from_str(&to_json(&trained_looking_model()).unwrap()).unwrap();
        edit(&mut v);
        v.to_string()
    }

    #[test]
    fn every_part_that_disagrees_with_the_network_is_refused_by_name() {
        use serde_json::json;
        type Edit = Box<dyn FnOnce(&mut Value)>;
        let cases: [(&str, Edit); 12] = [
            (
                "3 features but the input layer has 2",
                Box::new(|v| v["features"] = json!(["x1", "x2", "x1sq"])),
            ),
            (
                "standardize has 3 columns, expected 2",
                Box::new(|v| v["standardize"] = json!({"mean": [0, 0, 0], "std": [1, 1, 1]})),
            ),
            (
                "not a usable number",
                Box::new(|v| v["standardize"] = json!({"mean": [0, 0], "std": [1, 0]})),
            ),
            (
                "standardize has 2 columns, expected 2",
                Box::new(|v| v["standardize"] = json!({"mean": [0, 0], "std": [1]})),
            ),
            (
                "not a usable number",
                Box::new(|v| v["standardize"] = json!({"mean": [0, 0], "std": [1, -2]})),
            ),
            (
                "optimizer_state does not have 31 numbers",
                Box::new(|v| v["optimizer_state"]["first"] = json!([0.5])),
            ),
            (
                "optimizer_state does not have 31 numbers",
                Box::new(|v| v["optimizer_state"]["second"] = json!([0.5, 1])),
            ),
            (
                "history: epoch, train_loss and test_loss differ",
                Box::new(|v| v["history"]["epoch"] = json!([1, 2])),
            ),
            (
                "history: epoch, train_loss and test_loss differ",
                Box::new(|v| v["history"]["test_loss"] = json!([0.5])),
            ),
            (
                "data: train ratio",
                Box::new(|v| v["data"]["train_ratio"] = json!(1.0)),
            ),
            (
                "data: noise",
                Box::new(|v| v["data"]["noise"] = json!(-0.1)),
            ),
            (
                "training: learning rate",
                Box::new(|v| v["training"]["learning_rate"] = json!(-1.0)),
            ),
        ];
        for (expected, edit) in cases {
            let e = error_of(&edited(edit));
            assert!(e.contains(expected), "expected '{expected}' in: {e}");
        }
        // Without features, standardisation covers the input layer's columns.
        let e = error_of(&edited(|v| {
            v["features"] = json!([]);
            v["standardize"] = json!({"mean": [0], "std": [1]});
        }));
        assert!(e.contains("standardize has 1 columns, expected 2"), "{e}");
        let fine = edited(|v| v["standardize"] = json!({"mean": [0, 0.5], "std": [1, 2]}));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn numbers_json_cannot_hold_are_refused_where_they_would_enter() {
        // 1e999 is no JSON number serde accepts as finite; the checks behind the parser
        // see NaN only through the wire form, so they are exercised with check().
        let mut wire: Wire =
            serde_json::from_str(&to_json(&trained_looking_model()).unwrap()).unwrap();
        wire.history.as_mut().unwrap().train_loss[1] = f64::INFINITY;
        assert!(
            check(wire)
                .unwrap_err()
                .to_string()
                .contains("history holds a loss")
        );
        let mut wire: Wire =
            serde_json::from_str(&to_json(&trained_looking_model()).unwrap()).unwrap();
        wire.history.as_mut().unwrap().test_loss[0] = Some(f64::NAN);
        assert!(
            check(wire)
                .unwrap_err()
                .to_string()
                .contains("history holds a loss")
        );
        let mut wire: Wire =
            serde_json::from_str(&to_json(&trained_looking_model()).unwrap()).unwrap();
        wire.optimizer_state.as_mut().unwrap().second[3] = f64::NAN;
        assert!(
            check(wire)
                .unwrap_err()
                .to_string()
                .contains("optimizer_state holds a number that is not finite")
        );
        for (dead, why) in [
            (vec![7, 0, 12], "not ascending"),
            (vec![0, 7, 7], "twice"),
            (vec![0, 7, 31], "past the weights"),
            (vec![0, 7, 13], "a weight that is not 0"),
        ] {
            let mut wire: Wire =
                serde_json::from_str(&to_json(&trained_looking_model()).unwrap()).unwrap();
            wire.optimizer_state.as_mut().unwrap().dead = dead;
            let e = check(wire).unwrap_err().to_string();
            assert!(e.contains("optimizer_state.dead"), "{why}: {e}");
        }
        let wire: Wire = serde_json::from_str(&to_json(&trained_looking_model()).unwrap()).unwrap();
        assert_eq!(
            check(wire).unwrap().optimizer_state.unwrap().dead,
            [0, 7, 12]
        );
        let mut wire: Wire =
            serde_json::from_str(&to_json(&trained_looking_model()).unwrap()).unwrap();
        wire.weights[1][2][0] = f64::NEG_INFINITY;
        assert_eq!(
            check(wire).unwrap_err().to_string(),
            "weights[1][2][0] is not a finite number"
        );
        let mut wire: Wire =
            serde_json::from_str(&to_json(&trained_looking_model()).unwrap()).unwrap();
        wire.biases[2][0] = f64::NAN;
        assert_eq!(
            check(wire).unwrap_err().to_string(),
            "biases[2][0] is not a finite number"
        );
        let mut wire: Wire =
            serde_json::from_str(&to_json(&trained_looking_model()).unwrap()).unwrap();
        wire.standardize = Some(crate::data::Standardize {
            mean: vec![f64::NAN, 0.0],
            std: vec![1.0, 1.0],
        });
        assert!(
            check(wire)
                .unwrap_err()
                .to_string()
                .contains("not a usable number")
        );
    }

    #[test]
    fn too_many_layers_or_parameters_are_refused_before_allocating() {
        let e = error_of(&format!(
            r#"{{"layers":{:?},"weights":[],"biases":[]}}"#,
            [1; 65]
        ));
        assert!(e.contains("at most 64 layers are allowed"), "{e}");
        let e = error_of(r#"{"layers":[1],"weights":[],"biases":[]}"#);
        assert!(e.contains("at least an input and an output layer"), "{e}");
        // 64 layers pass this check (and fail later, on their missing weights).
        let e = error_of(&format!(
            r#"{{"layers":{:?},"weights":[],"biases":[]}}"#,
            [1; 64]
        ));
        assert!(e.contains("expected 63 weight and bias layers"), "{e}");
        let e = error_of(r#"{"layers":[4096,4096,4096],"weights":[],"biases":[]}"#);
        assert!(e.contains("33562624 parameters, at most 5000000"), "{e}");
        let e = error_of(r#"{"layers":[2,4097,1],"weights":[],"biases":[]}"#);
        assert!(e.contains("layer 1 has 4097 nodes, at most 4096"), "{e}");
        // At the limits the sizes pass (and the missing weights are what is wrong).
        let e = error_of(r#"{"layers":[2,4096,1],"weights":[],"biases":[]}"#);
        assert!(e.contains("expected 2 weight and bias layers"), "{e}");
        let e = error_of(r#"{"layers":[1249,4000],"weights":[],"biases":[]}"#);
        assert!(e.contains("expected 1 weight and bias layers"), "{e}");
        let e = error_of(r#"{"layers":[1250,4000],"weights":[],"biases":[]}"#);
        assert!(e.contains("5004000 parameters, at most 5000000"), "{e}");
    }

    #[test]
    fn a_file_over_the_size_cap_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.json");
        // A sparse file: its length is over the cap, its blocks are never written.
        let file = fs::File::create(&path).unwrap();
        assert_eq!(
            MAX_FILE_BYTES,
            256 * 1024 * 1024,
            "256 MiB, as the README says"
        );
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(
            e.contains("huge.json") && e.contains("larger than a model file may be"),
            "{e}"
        );
        file.set_len(MAX_FILE_BYTES).unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(
            !e.contains("larger than"),
            "at the cap it is read (and is no JSON): {e}"
        );
    }

    #[test]
    fn only_a_three_part_array_is_read_as_the_reference_tuple() {
        for text in [
            r#"[[2,1],[[[0.5,-0.5]]]]"#,
            r#"[[2,1],[[[0.5,-0.5]]],[[0.25]],[]]"#,
        ] {
            assert!(error_of(text).contains("expected a JSON object"), "{text}");
        }
    }

    #[test]
    fn a_missing_file_is_named_in_the_error() {
        let e = load(Path::new("/no/such/model.json"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("/no/such/model.json:"), "{e}");
    }

    #[test]
    fn classes_are_kept_in_order_and_must_match_the_outputs() {
        let layers = [2, 3, 3];
        let acts = [Activation::Tanh, Activation::Softmax];
        let network =
            Network::initialized(&layers, &acts, Init::Xavier, &mut crate::seeded(1)).unwrap();
        let mut model = trained_looking_model();
        model.network = network;
        model.optimizer_state = None;
        model.classes = Some(vec!["cat".into(), "dog".into(), "fox".into()]);
        let text = to_json(&model).unwrap();
        let back = parse(&text).unwrap();
        assert_eq!(back.classes, model.classes);
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["classes"], serde_json::json!(["cat", "dog", "fox"]));
        model.classes = Some(vec!["cat".into(), "dog".into()]);
        let text = to_json(&model).unwrap();
        assert!(matches!(
            parse(&text),
            Err(ModelProblem::Classes {
                classes: 2,
                outputs: 3
            })
        ));
    }

    #[test]
    fn files_saved_by_an_earlier_main_load_and_save_back_to_the_byte() {
        // Written by `scratchnet train … --model-out` of main b3518d1 (before History and
        // the stop rules moved into modules of their own): the format must not change.
        for name in ["main-b3518d1-circle.json", "main-b3518d1-spiral.json"] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name);
            let text = fs::read_to_string(&path).unwrap();
            let model = load(&path).unwrap();
            assert!(
                model.history.as_ref().is_some_and(|h| !h.is_empty()),
                "{name}"
            );
            assert!(
                model.optimizer_state.is_some() && model.training.is_some(),
                "{name}"
            );
            assert_eq!(to_json(&model).unwrap(), text, "{name}");
        }
    }
}
