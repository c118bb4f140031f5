//! What the window's terms mean, said where they are chosen: each initialisation,
//! activation, loss, optimizer and penalty in one sentence.

/// The meaning of the choice named `name` (as the window names it), if it has one.
pub fn explain(name: &str) -> Option<&'static str> {
    Some(match name {
        // Initialisation.
        "zeros" => "Every weight and bias starts at 0, as the reference does",
        "uniform" => "Weights drawn evenly from ±0.5, biases 0.1 (TF Playground)",
        "xavier" => "Weights drawn around 0 with a spread of √(1 / fan-in): for tanh and sigmoid",
        "he" => "Weights drawn around 0 with a spread of √(2 / fan-in): for ReLU",
        // Activations.
        "identity" => "f(z) = z: the sum itself (regression outputs)",
        "sigmoid" => "f(z) = 1 / (1 + e^−z), from 0 to 1 (½ at 0)",
        "tanh" => "f(z) = tanh z, from −1 to 1 (0 at 0)",
        "relu" => "f(z) = max(0, z)",
        "leaky-relu" => "f(z) = z above 0, 0.01·z below",
        "elu" => "f(z) = z above 0, e^z − 1 below",
        "softplus" => "f(z) = ln(1 + e^z): a smooth ReLU",
        "swish" => "f(z) = z · sigmoid(z)",
        "sine" => "f(z) = sin z",
        "softmax" => "The outputs as probabilities of the classes: e^z / Σ e^z over the layer",
        // Losses.
        "half-se" => "½ (y − t)² per output: the reference's loss",
        "mse" => "(y − t)² per output",
        "bce" => "Binary cross-entropy: −t ln y − (1 − t) ln(1 − y), for a 0…1 output",
        "ce" => "Cross-entropy: −ln of the probability given to the true class (softmax)",
        // Optimizers.
        "sgd" => "Plain gradient descent: w ← w − learning rate × gradient",
        "momentum" => "Each step adds a fraction (μ) of the last: a ball rolling downhill",
        "nesterov" => "Momentum that looks at the gradient where the step will land",
        "rmsprop" => "Each weight's step divided by the recent size of its gradients",
        "adam" => "Momentum and RMSprop together, with their start corrected",
        // Penalties.
        "none" => "No penalty on the weights",
        "l1" => "Penalty rate × |w|: drives small weights to exactly 0",
        "l2" => "Penalty rate × w²: shrinks every weight a little each step",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Init, Loss, OptimizerKind, Regularization};

    #[test]
    fn every_choice_the_window_offers_is_explained() {
        let names = Init::ALL
            .map(|v| v.name())
            .into_iter()
            .chain(Activation::ALL.map(|v| v.name()))
            .chain(Loss::ALL.map(|v| v.name()))
            .chain(OptimizerKind::ALL.map(|v| v.name()))
            .chain(Regularization::ALL.map(|v| v.name()));
        for name in names {
            assert!(explain(name).is_some(), "{name} has no explanation");
        }
        assert_eq!(explain("no such term"), None);
    }
}
