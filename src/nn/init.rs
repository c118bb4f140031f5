//! How a network's weights and biases start.

use std::fmt;
use std::str::FromStr;

use rand::{Rng, RngExt};
use serde::{Deserialize, Serialize};

use super::NnError;

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
    /// Every scheme, in the order the app lists them.
    pub const ALL: [Init; 4] = [Init::Zeros, Init::Uniform, Init::Xavier, Init::He];

    /// The name used on the command line and in model files.
    pub fn name(self) -> &'static str {
        match self {
            Init::Zeros => "zeros",
            Init::Uniform => "uniform",
            Init::Xavier => "xavier",
            Init::He => "he",
        }
    }

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

impl fmt::Display for Init {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Init {
    type Err = NnError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Init::ALL
            .into_iter()
            .find(|i| i.name() == s)
            .ok_or_else(|| NnError::UnknownInit(s.to_string()))
    }
}
