//! The from-scratch network: activations, initialisation, loss, the three steps of training
//! (forward, back-propagation, update) and the epoch loop around them.
//!
//! Nothing here knows about a GUI, holds global state or draws its own randomness: every
//! random choice takes an RNG from the caller.

mod activation;
pub mod explain;
mod init;
mod inspect;
pub mod kernels;
mod loss;
mod metrics;
mod network;
mod optimizer;
#[cfg(test)]
pub(crate) mod seed_example;
mod stop;
mod train;
#[cfg(target_arch = "x86_64")]
mod vexp;

pub use activation::Activation;
pub use init::Init;
pub use inspect::{BatchStep, Inspection, average_gradient, batch_step, inspect};
pub use loss::{Loss, Objective, half_squared_error};
pub use metrics::{
    Confusion, Evaluation, argmax, class_labels, class_names, confusion, confusion_of_first,
    evaluate_all, evaluate_until, one_hot_classes,
};
pub use network::{
    Cache, Gradients, MAX_LAYER_WIDTH, MAX_LAYERS, MAX_PARAMETERS, Network, check_layers,
    parameter_count,
};
pub use optimizer::{Carried, Optimizer, OptimizerKind, OptimizerState, Regularization, Schedule};
pub use stop::{Divergence, NotFinite, StopReason, StopRule, Stopper};
pub use train::{
    EpochReport, FitOptions, FitOutcome, Flow, Observer, TrainConfig, Trainer, evaluate, fit,
};

/// What can be wrong when building or using a network.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum NnError {
    /// A name (of an activation, a loss, an optimizer, …) that scratchnet does not know.
    #[error(transparent)]
    UnknownName(#[from] crate::names::UnknownName),
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

/// Checks that every value of a named enum has exactly the given name on the command line
/// (`name()`, `FromStr`) and in model files (serde), and that `ALL` lists them in order.
#[cfg(test)]
macro_rules! assert_names {
    ($ty:ty, [$(($value:expr, $name:literal)),+ $(,)?]) => {{
        let table: Vec<($ty, &str)> = vec![$(($value, $name)),+];
        assert_eq!(table.iter().map(|(v, _)| *v).collect::<Vec<_>>(), <$ty>::ALL.to_vec());
        for (value, name) in table {
            assert_eq!(value.name(), name);
            assert_eq!(name.parse::<$ty>().unwrap(), value, "{name}");
            let json = format!("\"{name}\"");
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
            assert_eq!(serde_json::from_str::<$ty>(&json).unwrap(), value);
        }
        assert!("no-such-name".parse::<$ty>().is_err());
    }};
}
#[cfg(test)]
pub(crate) use assert_names;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_on_the_command_line_and_in_files_are_these() {
        assert_names!(
            Init,
            [
                (Init::Zeros, "zeros"),
                (Init::Uniform, "uniform"),
                (Init::Xavier, "xavier"),
                (Init::He, "he"),
            ]
        );
        assert_names!(
            Loss,
            [
                (Loss::HalfSquaredError, "half-se"),
                (Loss::MeanSquaredError, "mse"),
                (Loss::BinaryCrossEntropy, "bce"),
                (Loss::CrossEntropy, "ce"),
            ]
        );
        assert_names!(
            OptimizerKind,
            [
                (OptimizerKind::Sgd, "sgd"),
                (OptimizerKind::Momentum, "momentum"),
                (OptimizerKind::Nesterov, "nesterov"),
                (OptimizerKind::Rmsprop, "rmsprop"),
                (OptimizerKind::Adam, "adam"),
            ]
        );
        assert_names!(
            Regularization,
            [
                (Regularization::None, "none"),
                (Regularization::L1, "l1"),
                (Regularization::L2, "l2"),
            ]
        );
    }
}
