//! Activation functions: what a node does with its weighted sum.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::NnError;

/// The function a layer applies to each node's weighted sum.
///
/// The reference uses `Sigmoid` on hidden layers and `Identity` on the output layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `out = sum`.
    Identity,
    /// `out = 1 / (1 + e^-sum)`.
    Sigmoid,
    /// `out = tanh(sum)`.
    Tanh,
    /// `out = max(0, sum)`.
    Relu,
}

impl Activation {
    /// Every activation, in the order the app lists them.
    pub const ALL: [Activation; 4] = [
        Activation::Identity,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
    ];

    /// The name used on the command line and in model files.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Identity => "identity",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
        }
    }

    /// `activation(sum)`.
    #[inline(always)]
    pub fn apply(self, sum: f64) -> f64 {
        match self {
            Activation::Identity => sum,
            Activation::Sigmoid => 1.0 / (1.0 + (-sum).exp()),
            Activation::Tanh => sum.tanh(),
            Activation::Relu => sum.max(0.0),
        }
    }

    /// `activation'(sum)`, given both the sum and the output it produced
    /// (sigmoid and tanh are cheapest written in terms of their output).
    #[inline(always)]
    pub fn derivative(self, sum: f64, out: f64) -> f64 {
        match self {
            Activation::Identity => 1.0,
            Activation::Sigmoid => out * (1.0 - out),
            Activation::Tanh => 1.0 - out * out,
            Activation::Relu => {
                if sum > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Activation {
    type Err = NnError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Activation::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| NnError::UnknownActivation(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_derivative_matches_a_central_difference() {
        let h = 1e-6;
        for act in Activation::ALL {
            for &x in &[-3.0, -0.7, -0.1, 0.2, 0.9, 2.5] {
                let numeric = (act.apply(x + h) - act.apply(x - h)) / (2.0 * h);
                let analytic = act.derivative(x, act.apply(x));
                assert!(
                    (numeric - analytic).abs() < 1e-6,
                    "{act} at {x}: numeric {numeric} vs analytic {analytic}"
                );
            }
        }
    }

    #[test]
    fn names_parse_back_to_the_same_activation() {
        for act in Activation::ALL {
            assert_eq!(act.name().parse::<Activation>().unwrap(), act);
        }
        assert!("softmax".parse::<Activation>().is_err());
    }
}
