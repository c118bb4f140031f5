//! The experiment's flags, which `scratchnet train` and `scratchnet gui` both take, and the
//! checked experiment they resolve to.

use std::path::PathBuf;

use clap::Args;

use super::{ExperimentError, TfLink, check_fits};
use crate::data::{
    DataError, DataSource, DataSpec, Dataset, DatasetKind, Feature, Preprocess, Standardize,
};
use crate::history::History;
use crate::model_file::{self, TrainingSettings};
use crate::nn::{
    Activation, Init, Loss, Network, NnError, Optimizer, OptimizerKind, OptimizerState,
    Regularization, Schedule, StopRule, TrainConfig,
};

/// The data flags, which `train`, `gui` and `inspect` take.
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct DataArgs {
    /// A built-in dataset: plane (the reference's fixed data), circle, xor, gauss, spiral,
    /// blobs, reg-plane, reg-gauss.
    #[arg(long, value_name = "NAME", conflicts_with = "data")]
    pub dataset: Option<DatasetKind>,
    /// A training CSV (columns x… are inputs, y… targets).
    #[arg(long, value_name = "TRAIN.csv")]
    pub data: Option<PathBuf>,
    /// A test CSV; without it the training CSV is split by --train-ratio.
    #[arg(long, value_name = "TEST.csv", requires = "data")]
    pub test_data: Option<PathBuf>,
    /// Noise of a generated dataset, 0 to 0.5.
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub noise: Option<f64>,
    /// Share of the samples used for training, strictly between 0 and 1 [default: 0.5].
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub train_ratio: Option<f64>,
    /// Seed of data generation and split [default: 0].
    #[arg(long, value_name = "N")]
    pub data_seed: Option<u64>,
    /// Classes of spiral or blobs, 2 to 10 (three or more: one-hot targets, for a softmax
    /// output) [default: 2].
    #[arg(long, value_name = "K")]
    pub classes: Option<usize>,
}

impl DataArgs {
    /// `true` when any data flag is given.
    pub fn any(&self) -> bool {
        *self != DataArgs::default()
    }

    /// The data the flags ask for, checked (an error names the flag).
    pub fn checked_spec(&self) -> Result<DataSpec, ExperimentError> {
        let spec = self.spec();
        spec.validate().map_err(flag_error)?;
        Ok(spec)
    }

    /// The data the flags ask for (not yet checked: see [`DataSpec::validate`]).
    fn spec(&self) -> DataSpec {
        let source = match &self.data {
            Some(train) => DataSource::Csv {
                train: train.clone(),
                test: self.test_data.clone(),
            },
            None => DataSource::Builtin(self.dataset.unwrap_or(DatasetKind::Plane)),
        };
        DataSpec {
            source,
            noise: self.noise.unwrap_or(0.0),
            train_ratio: self.train_ratio.unwrap_or(0.5),
            seed: self.data_seed.unwrap_or(0),
            classes: self.classes.unwrap_or(2),
        }
    }
}

/// The experiment flags. Their defaults are the reference demo: the plane data, `[2,3,1]`,
/// sigmoid hidden layers, identity output, zero initialisation, lr 0.02, online learning,
/// add `--no-shuffle` for the reference's file order.
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct ExperimentArgs {
    /// A TensorFlow Playground link: its data, network, start weights and training, as
    /// TF's page makes them; the other flags override it (data flags excepted).
    #[arg(long, value_name = "URL", conflicts_with_all = ["dataset", "data", "noise", "train_ratio", "data_seed", "classes", "features", "standardize"])]
    pub link: Option<String>,
    /// Where the samples come from.
    #[command(flatten)]
    pub data_flags: DataArgs,
    /// Nodes per layer, input first [default: 2,3,1, or fitted to the data].
    #[arg(
        long,
        value_name = "2,3,1",
        value_delimiter = ',',
        conflicts_with = "hidden"
    )]
    pub layers: Option<Vec<usize>>,
    /// Nodes per hidden layer, or none; the data, its features and the loss decide the input
    /// and output layers [default: 3].
    #[arg(long, value_name = "8,8", value_parser = parse_hidden)]
    pub hidden: Option<Hidden>,
    /// Activation of the hidden layers [default: sigmoid].
    #[arg(long, value_name = "NAME")]
    pub activation: Option<Activation>,
    /// Activation of the output layer [default: identity].
    #[arg(long, value_name = "NAME")]
    pub output_activation: Option<Activation>,
    /// Initialisation: zeros, uniform, xavier, he [default: zeros].
    #[arg(long, value_name = "NAME")]
    pub init: Option<Init>,
    /// Seed of initialisation and shuffling [default: 0].
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Start from this saved model (its layer sizes must fit the data).
    #[arg(long, value_name = "FILE")]
    pub model_in: Option<PathBuf>,
    /// Samples per update: 1 online, ≥ the sample count full batch [default: 1].
    #[arg(long, value_name = "N")]
    pub batch_size: Option<usize>,
    /// Learning rate [default: 0.02].
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Visit the samples in file order instead of reshuffling every epoch.
    #[arg(long)]
    pub no_shuffle: bool,
    /// Update rule: sgd (the reference), momentum, nesterov, rmsprop, adam [default: sgd].
    #[arg(long, value_name = "NAME")]
    pub optimizer: Option<OptimizerKind>,
    /// μ of momentum and Nesterov [default: 0.9].
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub momentum: Option<f64>,
    /// β1 of Adam [default: 0.9].
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub beta1: Option<f64>,
    /// β2 of Adam, α of RMSprop [default: 0.999, RMSprop 0.99].
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub beta2: Option<f64>,
    /// ε of RMSprop and Adam [default: 1e-8].
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub eps: Option<f64>,
    /// Loss: half-se (the reference), mse, bce, ce (cross-entropy, for a softmax output)
    /// [default: half-se].
    #[arg(long, value_name = "NAME")]
    pub loss: Option<Loss>,
    /// Penalty on weights: none, l1, l2 [default: none].
    #[arg(long, value_name = "NAME")]
    pub regularization: Option<Regularization>,
    /// Strength of the penalty [default: 0].
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub reg_rate: Option<f64>,
    /// Input features of 2-input data: x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2 [default: the raw inputs].
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub features: Option<Vec<Feature>>,
    /// Standardise the raw inputs (mean 0, spread 1, measured on the training data).
    #[arg(long)]
    pub standardize: bool,
    /// Learning-rate schedule: constant, step:EVERY:FACTOR, exp:GAMMA [default: constant].
    #[arg(long, value_name = "SPEC")]
    pub lr_schedule: Option<Schedule>,
    /// Stop once the test loss (train loss with --stop-on-train) is at or below F.
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub stop_loss: Option<f64>,
    /// --stop-loss watches the train loss.
    #[arg(long)]
    pub stop_on_train: bool,
    /// Stop when the test loss has not improved for K epochs.
    #[arg(long, value_name = "K")]
    pub patience: Option<u64>,
    /// With --patience: end with the weights of the best test loss.
    #[arg(long, requires = "patience")]
    pub restore_best: bool,
}

/// `--hidden`: the hidden layers' sizes, input and output left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Hidden(pub Vec<usize>);

/// `--hidden 8,8`, or `none` (or nothing) for a network without hidden layers.
fn parse_hidden(text: &str) -> Result<Hidden, String> {
    let text = text.trim();
    if text.is_empty() || text == "none" {
        return Ok(Hidden(Vec::new()));
    }
    text.split(',')
        .map(|part| match part.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!(
                "'{part}' is no layer size: give nodes per hidden layer, as 8,8, or none"
            )),
        })
        .collect::<Result<_, _>>()
        .map(Hidden)
}

/// Everything a training run needs, checked.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The network to train, initialised or loaded.
    pub network: Network,
    /// Training samples.
    pub train: Dataset,
    /// Test samples.
    pub test: Dataset,
    /// Batch size, learning rate, shuffling.
    pub config: TrainConfig,
    /// Training settings as the model file records them.
    pub training: TrainingSettings,
    /// Where the data came from, as the model file records it.
    pub data: DataSpec,
    /// Epochs already trained (from `--model-in`).
    pub start_epoch: u64,
    /// Loss history already recorded (from `--model-in`).
    pub history: History,
    /// How raw inputs become the network's inputs.
    pub preprocess: Preprocess,
    /// The optimizer's memory (from `--model-in`).
    pub optimizer_state: OptimizerState,
    /// The shuffling generator: seeded by `--seed`, or where a `--model-in` run left it.
    pub shuffle_rng: crate::SeededRng,
    /// What the user should know about how the flags were read (a link's unknown keys,
    /// the seed a link without one was given).
    pub notices: Vec<String>,
}

impl Setup {
    /// The training and test data as the network sees them.
    pub fn network_data(&self) -> Result<(Dataset, Dataset), DataError> {
        Ok((
            self.preprocess.apply(&self.train)?,
            self.preprocess.apply(&self.test)?,
        ))
    }
}

impl ExperimentArgs {
    /// Checks every flag, loads or generates the data and builds or loads the network.
    /// Nothing is written.
    pub fn resolve(&self) -> Result<Setup, ExperimentError> {
        let (link, data, notices) = self.link_and_data()?;
        let base = link
            .as_ref()
            .map_or_else(TrainConfig::default, TfLink::train_config);
        let config = self.train_config(base)?;
        let stop = self.stop_rule()?;
        let init = self.init.unwrap_or(Init::Zeros);
        let hidden = self.activation.unwrap_or(Activation::Sigmoid);
        let output = self.output_activation.unwrap_or(Activation::Identity);

        let (train, test) = data.load().map_err(flag_error)?;
        let model = match &self.model_in {
            Some(path) => Some(model_file::load(path)?),
            None => None,
        };
        // A resumed run keeps its model's seed unless --seed names another.
        let seed = match (self.seed, &model) {
            (Some(s), _) => s,
            (None, Some(m)) => m.training.as_ref().map_or(0, |t| t.seed),
            (None, None) => 0,
        };
        let mut preprocess = match (&model, &link) {
            (Some(m), _) => m.preprocess.clone(),
            (None, Some(l)) => l.preprocess(),
            (None, None) => Preprocess::default(),
        };
        if let Some(features) = self.features.clone() {
            if model.is_some() && features != preprocess.features {
                return Err(ExperimentError::FeaturesDiffer);
            }
            preprocess.features = features;
        }
        if self.standardize && preprocess.standardize.is_none() {
            preprocess.standardize = Some(Standardize::measure(&train));
        }
        preprocess.check(train.n_inputs())?;
        let n_in = preprocess.n_inputs(train.n_inputs());
        let fit = |layers: &[usize]| check_fits(layers, n_in, train.n_targets());

        let (network, start_epoch, history, optimizer_state, shuffle_rng) =
            match (model, &self.model_in) {
                (Some(model), Some(path)) => {
                    let layers = model.network.layers();
                    if let Some(wanted) = self.wanted_layers(layers[0], layers[layers.len() - 1])
                        && wanted.as_slice() != layers
                    {
                        return Err(ExperimentError::LayersDiffer {
                            path: path.clone(),
                            has: layers.to_vec(),
                            wanted: wanted.clone(),
                        });
                    }
                    fit(layers).map_err(|e| ExperimentError::InFile {
                        path: path.clone(),
                        source: Box::new(e),
                    })?;
                    let same_optimizer = model
                        .training
                        .as_ref()
                        .is_some_and(|t| t.config.optimizer.kind == config.optimizer.kind);
                    let state = model
                        .optimizer_state
                        .filter(|_| same_optimizer)
                        .unwrap_or_default();
                    // A run resumed with the seed it was saved with goes on shuffling as it would
                    // have; another --seed starts the shuffling afresh.
                    let same_seed = model.training.as_ref().is_some_and(|t| t.seed == seed);
                    let rng = model
                        .shuffle_rng
                        .filter(|_| same_seed)
                        .unwrap_or_else(|| crate::seeded(seed));
                    (
                        model.network,
                        model.epoch,
                        model.history.unwrap_or_default(),
                        state,
                        rng,
                    )
                }
                _ if link.is_some() && !self.network_flags() => {
                    let network = link
                        .as_ref()
                        .map(TfLink::network)
                        .unwrap_or_else(|| unreachable!());
                    (
                        network,
                        0,
                        History::default(),
                        OptimizerState::default(),
                        crate::seeded(seed),
                    )
                }
                _ => {
                    let layers = self
                        .wanted_layers(n_in, train.n_targets())
                        .unwrap_or_else(|| vec![n_in, 3, train.n_targets()]);
                    if layers.len() < 2 {
                        return Err(ExperimentError::TooFewLayers(layers));
                    }
                    fit(&layers).map_err(|e| match self.layers {
                        Some(_) => ExperimentError::LayersFlag(Box::new(e)),
                        None => e,
                    })?;
                    let mut activations = vec![hidden; layers.len() - 1];
                    activations[layers.len() - 2] = output;
                    let mut rng = crate::seeded(seed);
                    let network = Network::initialized(&layers, &activations, init, &mut rng)
                        .map_err(|source| ExperimentError::NnFlag {
                            flag: "--layers",
                            source,
                        })?;
                    let rng = crate::seeded(seed);
                    (
                        network,
                        0,
                        History::default(),
                        OptimizerState::default(),
                        rng,
                    )
                }
            };

        let training = TrainingSettings {
            config,
            init: self.init_of(link.as_ref(), init),
            seed,
            stop,
        };
        Ok(Setup {
            network,
            train,
            test,
            config,
            training,
            data,
            start_epoch,
            history,
            preprocess,
            optimizer_state,
            shuffle_rng,
            notices,
        })
    }

    /// The link, if any (with its seed), the data it or the data flags ask for, and what
    /// the user should know of how they were read.
    fn link_and_data(&self) -> Result<(Option<TfLink>, DataSpec, Vec<String>), ExperimentError> {
        let mut notices = Vec::new();
        let link = match &self.link {
            Some(text) => Some(read_link(text, &mut notices)?),
            None => None,
        };
        let data = match &link {
            Some(l) => l.data_spec(),
            None => self.data_flags.checked_spec()?,
        };
        Ok((link, data, notices))
    }

    /// How the weights started: a link's own start is TF's U(−0.5, 0.5) weights with
    /// biases of 0.1 (scratchnet's uniform), or zeros; otherwise `init`.
    fn init_of(&self, link: Option<&TfLink>, init: Init) -> Init {
        match link {
            Some(l) if !self.network_flags() && !l.init_zero => Init::Uniform,
            Some(_) if !self.network_flags() => Init::Zeros,
            _ => init,
        }
    }

    /// `true` when a flag asks for a network of its own (not a link's).
    fn network_flags(&self) -> bool {
        self.layers.is_some()
            || self.hidden.is_some()
            || self.activation.is_some()
            || self.output_activation.is_some()
            || self.init.is_some()
            || self.seed.is_some()
    }

    /// The layers `--layers` or `--hidden` ask for, `--hidden` between `inputs` and
    /// `outputs` nodes; `None` when neither is given.
    fn wanted_layers(&self, inputs: usize, outputs: usize) -> Option<Vec<usize>> {
        if let Some(Hidden(hidden)) = &self.hidden {
            let mut layers = vec![inputs];
            layers.extend(hidden);
            layers.push(outputs);
            return Some(layers);
        }
        self.layers.clone()
    }

    /// The training configuration the flags ask for.
    /// `base` (the defaults, or a link's) with what the flags change.
    fn train_config(&self, base: TrainConfig) -> Result<TrainConfig, ExperimentError> {
        let mut optimizer = match self.optimizer {
            Some(kind) => Optimizer::of(kind),
            None => base.optimizer,
        };
        if let Some(m) = self.momentum {
            optimizer.momentum = m;
        }
        if let Some(b) = self.beta1 {
            optimizer.beta1 = b;
        }
        if let Some(b) = self.beta2 {
            optimizer.beta2 = b;
        }
        if let Some(e) = self.eps {
            optimizer.eps = e;
        }
        let config = TrainConfig {
            batch_size: self.batch_size.unwrap_or(base.batch_size),
            learning_rate: self.lr.unwrap_or(base.learning_rate),
            shuffle: base.shuffle && !self.no_shuffle,
            optimizer,
            loss: self.loss.unwrap_or(base.loss),
            regularization: self.regularization.unwrap_or(base.regularization),
            reg_rate: self.reg_rate.unwrap_or(base.reg_rate),
            schedule: self.lr_schedule.unwrap_or(base.schedule),
            carry_remainder: base.carry_remainder,
        };
        config.validate().map_err(nn_flag_error)?;
        Ok(config)
    }

    /// When the run stops by itself.
    fn stop_rule(&self) -> Result<StopRule, ExperimentError> {
        if let Some(l) = self.stop_loss
            && !(l.is_finite() && l >= 0.0)
        {
            return Err(ExperimentError::StopLoss(l));
        }
        if self.patience == Some(0) {
            return Err(ExperimentError::ZeroPatience);
        }
        Ok(StopRule {
            loss_below: self.stop_loss,
            on_train_loss: self.stop_on_train,
            patience: self.patience,
            restore_best: self.restore_best,
        })
    }
}

/// `text` with a seed of its own when the link has none (as TF's page gives one: five
/// decimals of a random number); otherwise, or when it is no link, `text` as it is.
pub fn link_with_seed(text: &str) -> String {
    match TfLink::parse(text) {
        Ok(link) if link.seed.is_none() => {
            let sep = if text.ends_with('#') || text.ends_with('&') {
                ""
            } else {
                "&"
            };
            format!("{text}{sep}seed={:.5}", rand::random::<f64>())
        }
        _ => text.to_string(),
    }
}

/// A link read, with a seed when it had none; what the user should know is added to
/// `notices`.
fn read_link(text: &str, notices: &mut Vec<String>) -> Result<TfLink, ExperimentError> {
    let link = TfLink::parse(text)?;
    if let Some(seed) = &link.seed {
        notices.push(format!("a TensorFlow Playground link, seed={seed}"));
    }
    if !link.unknown.is_empty() {
        notices.push(format!(
            "the link's {} unknown to TF Playground, ignored: {}",
            if link.unknown.len() == 1 {
                "key is"
            } else {
                "keys are"
            },
            link.unknown.join(", ")
        ));
    }
    if link.seed.is_none() {
        // TF's page does the same: a seed of five decimals.
        let seed = format!("{:.5}", rand::random::<f64>());
        notices.push(format!(
            "a TensorFlow Playground link without a seed: it gets seed={seed}"
        ));
        return Ok(link.with_seed(|| seed));
    }
    Ok(link)
}

/// A settings error as the command line says it: naming the flag that set the value.
fn nn_flag_error(source: NnError) -> ExperimentError {
    let flag = match source {
        NnError::ZeroBatch => "--batch-size",
        NnError::BadLearningRate(_) => "--lr",
        _ => return source.into(),
    };
    ExperimentError::NnFlag { flag, source }
}

/// A data error as the command line says it: naming the flag that set the value.
fn flag_error(source: DataError) -> ExperimentError {
    let flag = match source {
        DataError::Noise(_) => "--noise",
        DataError::TrainRatio(_) => "--train-ratio",
        DataError::Classes(_) => "--classes",
        _ => return source.into(),
    };
    ExperimentError::DataFlag { flag, source }
}
