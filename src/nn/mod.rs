//! The from-scratch network: activations, initialisation, loss, the three steps of training
//! (forward, back-propagation, update) and the epoch loop around them.
//!
//! Nothing here knows about a GUI, holds global state or draws its own randomness: every
//! random choice takes an RNG from the caller.

mod activation;
mod init;
mod loss;
mod metrics;
mod network;
mod optimizer;
mod train;

pub use activation::Activation;
pub use init::Init;
pub use loss::{Loss, Objective, half_squared_error};
pub use metrics::{Evaluation, class_labels, evaluate_all};
pub use network::{Cache, Gradients, MAX_LAYER_WIDTH, MAX_LAYERS, MAX_PARAMETERS, Network};
pub use optimizer::{Optimizer, OptimizerKind, OptimizerState, Regularization, Schedule};
pub use train::{
    EpochReport, FitOptions, FitOutcome, Flow, Observer, StopReason, StopRule, Stopper,
    TrainConfig, Trainer, evaluate, fit,
};

/// What can be wrong when building or using a network.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum NnError {
    /// An activation name that scratchnet does not know.
    #[error(
        "unknown activation '{0}' (known: identity, sigmoid, tanh, relu, leaky-relu, elu, \
         softplus, swish, sine)"
    )]
    UnknownActivation(String),
    /// An initialisation name that scratchnet does not know.
    #[error("unknown initialisation '{0}' (known: zeros, uniform, xavier, he)")]
    UnknownInit(String),
    /// The layer list itself is unusable.
    #[error("bad layer sizes {layers:?}: {why}")]
    BadLayers {
        /// The offending layer sizes.
        layers: Vec<usize>,
        /// What is wrong with them.
        why: String,
    },
    /// The number of activations does not match the number of non-input layers.
    #[error("{layers} layers need {expected} activations, got {got}")]
    ActivationCount {
        /// How many layers the network has, input included.
        layers: usize,
        /// How many activations that needs.
        expected: usize,
        /// How many were given.
        got: usize,
    },
    /// A name (of a loss, optimizer, …) that scratchnet does not know.
    #[error("unknown {what} '{name}' (known: {known})")]
    Unknown {
        /// What kind of name.
        what: &'static str,
        /// The name given.
        name: String,
        /// The names scratchnet knows.
        known: &'static str,
    },
    /// A hyper-parameter out of its range.
    #[error("{0}")]
    OutOfRange(String),
    /// A batch size of zero.
    #[error("batch size must be at least 1")]
    ZeroBatch,
    /// A learning rate that is negative or not finite.
    #[error("learning rate must be a finite number ≥ 0, got {0}")]
    BadLearningRate(f64),
}
