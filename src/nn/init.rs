//! How a network's weights and biases start.

use rand::{Rng, RngExt};
use serde::{Deserialize, Serialize};

/// An initialisation scheme. Every one draws from the RNG it is given, so a seed fixes it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Init {
    /// Every weight and bias 0 (the reference demo).
    #[default]
    Zeros,
    /// TF Playground's: weights U[−0.5, 0.5], biases 0.1.
    Uniform,
    /// Glorot/Xavier uniform: weights U[−a, a] with a = √(6 / (fan_in + fan_out)), biases 0.
    Xavier,
    /// He/Kaiming uniform: weights U[−a, a] with a = √(6 / fan_in), biases 0.
    He,
}

impl Init {
    /// Fills one layer's weights (`fan_out` rows of `fan_in`) and biases.
    pub(crate) fn fill<R: Rng + ?Sized>(
        self,
        weights: &mut [f64],
        biases: &mut [f64],
        fan_in: usize,
        fan_out: usize,
        rng: &mut R,
    ) {
        let (bound, bias) = match self {
            Init::Zeros => (0.0, 0.0),
            Init::Uniform => (0.5, 0.1),
            Init::Xavier => ((6.0 / (fan_in + fan_out) as f64).sqrt(), 0.0),
            Init::He => ((6.0 / fan_in as f64).sqrt(), 0.0),
        };
        for w in weights {
            *w = if bound > 0.0 {
                rng.random_range(-bound..=bound)
            } else {
                0.0
            };
        }
        biases.fill(bias);
    }
}

crate::names::named!(
    Init,
    "initialisation",
    [
        Zeros => "zeros",
        Uniform => "uniform",
        Xavier => "xavier",
        He => "he",
    ]
);
