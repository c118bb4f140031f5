//! Edits of the live network where training stands — a weight or bias set by hand, the
//! step inspector's step — made here at once and in the worker's own network in place.

use super::Experiment;
use crate::experiment::ExperimentError;
use crate::experiment::worker::{Command, Edit, Parameter};
use crate::nn::NnError;

impl Experiment {
    /// Sets one weight or bias by hand, where training stands (paused or playing); the
    /// edited network is an unsaved change. An edited dead link lives again. The worker
    /// changes its own network in place (see [`Edit`]).
    pub fn set_parameter(&mut self, which: Parameter, value: f64) -> Result<(), ExperimentError> {
        if !value.is_finite() {
            return Err(
                NnError::OutOfRange(format!("a weight must be finite, got {value}")).into(),
            );
        }
        let layers = self.network.layers();
        let exists = match which {
            Parameter::Weight { l, j, i } => {
                l + 1 < layers.len() && j < layers[l + 1] && i < layers[l]
            }
            Parameter::Bias { l, j } => l + 1 < layers.len() && j < layers[l + 1],
        };
        if !exists {
            return Err(NnError::OutOfRange(format!("the network has no {which:?}")).into());
        }
        let edit = Edit::Set(which, value);
        match which {
            Parameter::Weight { l, j, i } => {
                self.network.set_weight(l, j, i, value);
                let k = self.network.weight_index(l, j, i);
                self.optimizer.dead.retain(|&d| d != k);
            }
            Parameter::Bias { l, j } => self.network.set_bias(l, j, value),
        }
        self.send_edit(edit);
        Ok(())
    }

    /// Trains sample `k` alone, online, with the current settings: the step inspector's
    /// step (see [`Experiment::inspect_batch`]), applied where training stands; an unsaved
    /// change.
    pub fn step_sample(&mut self, k: usize) -> Result<(), ExperimentError> {
        self.take_step(k..k + 1)
    }

    /// Trains the batch of sample `k` (see [`Experiment::batch_of`]) as one update.
    pub fn step_batch_of(&mut self, k: usize) -> Result<(), ExperimentError> {
        self.take_step(self.batch_of(k))
    }

    /// Applies [`Experiment::inspect_batch`]'s update to the run: here at once, and in the
    /// worker's own network, which makes the same step with its own trainer.
    fn take_step(&mut self, range: std::ops::Range<usize>) -> Result<(), ExperimentError> {
        let Some(step) = self.inspect_batch(range.clone()) else {
            return Ok(());
        };
        let net = &step.network;
        if !net
            .weights()
            .iter()
            .chain(net.biases())
            .all(|w| w.is_finite())
        {
            return Err(NnError::OutOfRange(
                "this step diverges (a loss or gradient is not finite); nothing changed".into(),
            )
            .into());
        }
        self.network = step.network;
        self.optimizer = step.optimizer;
        self.send_edit(Edit::Step(range));
        Ok(())
    }

    /// Sends an edit already made to this copy of the network to the worker; the moment
    /// of the run now holds the edited network.
    fn send_edit(&mut self, edit: Edit) {
        self.worker.send(Command::Edit(edit));
        self.edits += 1;
        self.unsaved = true;
        self.checkpoints.forget_from(self.epoch);
        self.checkpoint();
    }
}
