//! What a run starts from — a network, its data, where training stands — and how a model
//! file becomes one.

use std::path::Path;

use crate::SeededRng;
use crate::data::{DataSpec, Dataset, Preprocess};
use crate::experiment::ExperimentError;
use crate::experiment::worker::Job;
use crate::history::History;
use crate::model_file::{self, Model};
use crate::nn::{Loss, Network, Objective, OptimizerState, StopRule, TrainConfig};

/// How the worker trains: the update's settings and when it pauses by itself.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RunSettings {
    /// Batch size, learning rate, optimizer, loss, regularization, schedule, shuffling.
    pub config: TrainConfig,
    /// Pause after this epoch (`None`: never).
    pub stop_at: Option<u64>,
    /// Pause at a loss threshold or when the test loss stops improving.
    pub stop: StopRule,
    /// Play at most this many epochs a second (`None`: as fast as the machine goes).
    pub pace: Option<f64>,
}

/// What a run starts from: a network, the samples as loaded, and where training stands.
#[derive(Clone, Debug)]
pub struct Start {
    /// The network, initialised or trained.
    pub network: Network,
    /// Training samples as loaded.
    pub train: Dataset,
    /// Test samples as loaded.
    pub test: Dataset,
    /// How raw inputs become the network's inputs.
    pub preprocess: Preprocess,
    /// Epochs already trained.
    pub epoch: u64,
    /// Losses already recorded.
    pub history: History,
    /// The optimizer's memory.
    pub optimizer: OptimizerState,
    /// The shuffling generator.
    pub rng: SeededRng,
}

impl Start {
    /// A fresh run: epoch 0, no history, no optimizer memory, shuffling seeded by `seed`.
    pub fn fresh(
        network: Network,
        (train, test): (Dataset, Dataset),
        preprocess: Preprocess,
        seed: u64,
    ) -> Self {
        Start {
            network,
            train,
            test,
            preprocess,
            epoch: 0,
            history: History::default(),
            optimizer: OptimizerState::default(),
            rng: crate::seeded(seed),
        }
    }

    /// A checked command-line experiment.
    pub fn from_setup(s: crate::experiment::Setup) -> Self {
        Start {
            network: s.network,
            train: s.train,
            test: s.test,
            preprocess: s.preprocess,
            epoch: s.start_epoch,
            history: s.history,
            optimizer: s.optimizer_state,
            rng: s.shuffle_rng,
        }
    }

    /// The loss bound to this network's output and these labels.
    pub(super) fn objective(&self, loss: Loss) -> Objective {
        let acts = self.network.activations();
        Objective::new(loss, acts[acts.len() - 1], &self.train)
    }

    /// The samples as the network sees them, and the worker's job.
    pub(super) fn job(&self, config: TrainConfig) -> Result<Job, ExperimentError> {
        Ok(Job {
            network: self.network.clone(),
            train: self.preprocess.apply(&self.train)?,
            test: self.preprocess.apply(&self.test)?,
            config,
            rng: self.rng.clone(),
            epoch: self.epoch,
            optimizer_state: self.optimizer.clone(),
        })
    }
}

/// A model file opened with its data, checked to fit each other.
#[derive(Clone, Debug)]
pub struct Opened {
    /// The model as read.
    pub model: Model,
    /// Its data: the model's own, or the current data when the model names none.
    pub data: DataSpec,
    /// The run it continues.
    pub start: Start,
}

impl Opened {
    /// A set-up experiment (a link's, a lesson's) as if opened from its model file.
    pub fn from_setup(s: crate::experiment::Setup) -> Self {
        let model = Model {
            network: s.network.clone(),
            training: Some(s.training.clone()),
            data: Some(s.data.clone()),
            epoch: s.start_epoch,
            history: Some(s.history.clone()),
            preprocess: s.preprocess.clone(),
            optimizer_state: Some(s.optimizer_state.clone()),
            shuffle_rng: Some(s.shuffle_rng.clone()),
            classes: None,
            runs: Vec::new(),
        };
        Opened {
            model,
            data: s.data.clone(),
            start: Start::from_setup(s),
        }
    }
}

/// Reads a model file and loads its data (`current` when the file names none), checking
/// that the network takes the data's inputs and gives its targets.
pub fn open_model(path: &Path, current: &DataSpec) -> Result<Opened, ExperimentError> {
    let model = model_file::load(path)?;
    let data = model.data.clone().unwrap_or_else(|| current.clone());
    let in_file = |source| ExperimentError::InFile {
        path: path.to_path_buf(),
        source: Box::new(source),
    };
    let (train, test) = data.load().map_err(|source| ExperimentError::ModelData {
        path: path.to_path_buf(),
        source,
    })?;
    model
        .preprocess
        .check(train.n_inputs())
        .map_err(|e| in_file(e.into()))?;
    crate::experiment::check_fits(
        model.network.layers(),
        model.preprocess.n_inputs(train.n_inputs()),
        train.n_targets(),
    )
    .map_err(in_file)?;
    let seed = model.training.as_ref().map_or(0, |t| t.seed);
    let start = Start {
        network: model.network.clone(),
        train,
        test,
        preprocess: model.preprocess.clone(),
        epoch: model.epoch,
        history: model.history.clone().unwrap_or_default(),
        optimizer: model.optimizer_state.clone().unwrap_or_default(),
        rng: model
            .shuffle_rng
            .clone()
            .unwrap_or_else(|| crate::seeded(seed)),
    };
    Ok(Opened { model, data, start })
}
