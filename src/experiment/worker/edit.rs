//! Edits of the network the worker trains, made where training stands.

use crate::data::Dataset;
use crate::nn::{Network, Trainer};

/// One weight or bias, by layer: `l` counts the layers of weights (0 feeds the first
/// hidden layer), `j` the node it feeds, `i` the node it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parameter {
    /// The weight from node `i` of layer `l` into node `j` of layer `l + 1`.
    Weight {
        /// Layer of weights.
        l: usize,
        /// The node it feeds.
        j: usize,
        /// The node it comes from.
        i: usize,
    },
    /// The bias of node `j` of layer `l + 1`.
    Bias {
        /// Layer of weights.
        l: usize,
        /// The node.
        j: usize,
    },
}

/// A change the user makes to the network where training stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Sets one weight or bias; an edited dead link lives again.
    Set(Parameter, f64),
    /// Trains these training samples (file order) as one batch with the settings in use:
    /// the step inspector's Step sample and Step batch.
    Step(std::ops::Range<usize>),
}

impl Edit {
    /// Makes the edit on `net`, with the optimizer of `trainer` (its memory: dead links,
    /// moments) on the samples as the network sees them, `train`.
    pub fn apply(&self, net: &mut Network, trainer: &mut Trainer, train: &Dataset) {
        match *self {
            Edit::Set(Parameter::Weight { l, j, i }, value) => {
                net.set_weight(l, j, i, value);
                let k = net.weight_index(l, j, i);
                if trainer.optimizer_state().dead.contains(&k) {
                    let mut state = trainer.optimizer_state().clone();
                    state.dead.retain(|&d| d != k);
                    trainer.set_optimizer_state(state);
                }
            }
            Edit::Set(Parameter::Bias { l, j }, value) => net.set_bias(l, j, value),
            Edit::Step(ref range) => {
                let which: Vec<usize> = range.clone().filter(|&k| k < train.len()).collect();
                if !which.is_empty() {
                    trainer.train_samples(net, train, &which);
                }
            }
        }
    }
}
