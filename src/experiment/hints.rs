//! Configurations that cannot learn, said before they run: each front end shows these
//! sentences (the app in its network panel, `train` as warnings), so that a network stuck
//! at 50 % is never a silent mystery.

use super::Sentence;
use crate::data::Dataset;
use crate::nn::{Activation, Loss, Network};

/// Why `net`, trained with `loss` on `train`, cannot learn — one sentence each; empty when
/// nothing is known to be wrong.
pub fn cannot_learn(net: &Network, loss: Loss, train: &Dataset) -> Vec<Sentence> {
    let mut hints = Vec::new();
    let acts = net.activations();
    let (hidden, output) = acts.split_at(acts.len() - 1);
    let output = output[0];
    let all_zero = net.weights().iter().chain(net.biases()).all(|&w| w == 0.0);
    if let Some(stuck) = hidden.iter().find(|a| a.apply(0.0) == 0.0)
        && all_zero
    {
        hints.push(Sentence {
            template: "Every weight is 0 and {}(0) = 0: the hidden outputs are 0 and no \
                       gradient can move them, so the network only learns a constant. \
                       Initialise with xavier or he (or use sigmoid hidden layers).",
            parts: vec![stuck.to_string()],
        });
    }
    if loss == Loss::BinaryCrossEntropy && !matches!(output, Activation::Sigmoid | Activation::Tanh)
    {
        hints.push(Sentence {
            template: "Binary cross-entropy reads the output as a probability, which a {} \
                       output is not: use a sigmoid (or tanh) output.",
            parts: vec![output.to_string()],
        });
    }
    if loss == Loss::CrossEntropy && output != Activation::Softmax {
        hints.push(Sentence {
            template: "Cross-entropy reads the outputs as class probabilities, which a {} \
                       output layer is not: use a softmax output (one node per class).",
            parts: vec![output.to_string()],
        });
    }
    let labels = target_range(train);
    if !matches!(loss, Loss::BinaryCrossEntropy | Loss::CrossEntropy)
        && let (Some((lo, hi)), Some((reach_lo, reach_hi))) = (labels, output_range(output))
        && (lo < reach_lo || hi > reach_hi)
    {
        hints.push(Sentence {
            template: "A {} output stays within [{}, {}], and the targets run from {} to {}: \
                       choose an output activation that reaches them (identity or tanh for \
                       −1 … 1).",
            parts: [
                output.to_string(),
                reach_lo.to_string(),
                reach_hi.to_string(),
            ]
            .into_iter()
            .chain([lo.to_string(), hi.to_string()])
            .collect(),
        });
    }
    hints
}

/// The smallest and largest target of `data` (`None` without samples).
fn target_range(data: &Dataset) -> Option<(f64, f64)> {
    let mut range: Option<(f64, f64)> = None;
    for i in 0..data.len() {
        for &y in data.target(i) {
            let (lo, hi) = range.unwrap_or((y, y));
            range = Some((lo.min(y), hi.max(y)));
        }
    }
    range
}

/// The closed range an activation's outputs stay in (`None`: unbounded both ways).
fn output_range(a: Activation) -> Option<(f64, f64)> {
    match a {
        Activation::Sigmoid | Activation::Softmax => Some((0.0, 1.0)),
        Activation::Tanh | Activation::Sine => Some((-1.0, 1.0)),
        Activation::Relu | Activation::Softplus => Some((0.0, f64::INFINITY)),
        Activation::Elu => Some((-1.0, f64::INFINITY)),
        // min x·σ(x) ≈ −0.2785 at x ≈ −1.2785.
        Activation::Swish => Some((-0.2785, f64::INFINITY)),
        Activation::Identity | Activation::LeakyRelu => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled(ys: &[f64]) -> Dataset {
        let mut d = Dataset::planar();
        for (i, &y) in ys.iter().enumerate() {
            d.push(&[i as f64, 0.0], &[y]);
        }
        d
    }

    fn net(hidden: Activation, output: Activation) -> Network {
        Network::new(&[2, 3, 1], &[hidden, output]).unwrap()
    }

    #[test]
    fn zero_weights_with_hidden_layers_that_are_zero_at_zero_cannot_learn() {
        let signs = labelled(&[1.0, -1.0]);
        for a in [
            Activation::Tanh,
            Activation::Relu,
            Activation::Identity,
            Activation::Sine,
        ] {
            let hints: Vec<String> =
                cannot_learn(&net(a, Activation::Tanh), Loss::HalfSquaredError, &signs)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
            assert_eq!(hints.len(), 1, "{a}: {hints:?}");
            assert!(hints[0].contains(&format!("{a}(0) = 0")), "{}", hints[0]);
            assert!(hints[0].contains("xavier"));
        }
        // Sigmoid is ½ at 0: the reference demo learns from zeros.
        let sigmoid = net(Activation::Sigmoid, Activation::Tanh);
        assert!(cannot_learn(&sigmoid, Loss::HalfSquaredError, &signs).is_empty());
        // Initialised weights learn.
        let mut init = net(Activation::Tanh, Activation::Tanh);
        init.initialize(crate::nn::Init::Xavier, &mut crate::seeded(1));
        assert!(cannot_learn(&init, Loss::HalfSquaredError, &signs).is_empty());
        // A deeper zero network stalls at its first layer that is 0 at 0.
        let deep = Network::new(
            &[2, 3, 3, 1],
            &[Activation::Sigmoid, Activation::Relu, Activation::Tanh],
        )
        .unwrap();
        assert_eq!(cannot_learn(&deep, Loss::HalfSquaredError, &signs).len(), 1);
    }

    #[test]
    fn cross_entropy_needs_an_output_that_reads_as_a_probability() {
        let mut n = net(Activation::Tanh, Activation::Identity);
        n.initialize(crate::nn::Init::Xavier, &mut crate::seeded(1));
        let signs = labelled(&[1.0, -1.0]);
        let hints: Vec<String> = cannot_learn(&n, Loss::BinaryCrossEntropy, &signs)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert!(hints[0].contains("identity output"), "{}", hints[0]);
        for ok in [Activation::Sigmoid, Activation::Tanh] {
            let mut n = net(Activation::Tanh, ok);
            n.initialize(crate::nn::Init::Xavier, &mut crate::seeded(1));
            assert!(
                cannot_learn(&n, Loss::BinaryCrossEntropy, &signs).is_empty(),
                "{ok}"
            );
        }
    }

    #[test]
    fn an_output_that_cannot_reach_the_targets_is_said() {
        let signs = labelled(&[1.0, -1.0]);
        let mut n = net(Activation::Tanh, Activation::Sigmoid);
        n.initialize(crate::nn::Init::Xavier, &mut crate::seeded(1));
        let hints: Vec<String> = cannot_learn(&n, Loss::HalfSquaredError, &signs)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert!(
            hints[0].contains("sigmoid output stays within [0, 1]"),
            "{}",
            hints[0]
        );
        assert!(hints[0].contains("from -1 to 1"), "{}", hints[0]);
        assert!(
            cannot_learn(&n, Loss::HalfSquaredError, &labelled(&[0.0, 1.0, 0.5])).is_empty(),
            "0 … 1 is within reach"
        );
        let relu = {
            let mut n = net(Activation::Tanh, Activation::Relu);
            n.initialize(crate::nn::Init::Xavier, &mut crate::seeded(1));
            n
        };
        assert_eq!(cannot_learn(&relu, Loss::MeanSquaredError, &signs).len(), 1);
        let tanh = {
            let mut n = net(Activation::Tanh, Activation::Tanh);
            n.initialize(crate::nn::Init::Xavier, &mut crate::seeded(1));
            n
        };
        assert!(cannot_learn(&tanh, Loss::HalfSquaredError, &signs).is_empty());
        assert_eq!(
            cannot_learn(&tanh, Loss::HalfSquaredError, &labelled(&[3.0, 0.0])).len(),
            1,
            "regression targets beyond 1"
        );
    }

    #[test]
    fn categorical_cross_entropy_needs_a_softmax_output() {
        let mut d = Dataset::new(
            vec!["x1".into(), "x2".into()],
            vec!["y:0".into(), "y:1".into()],
        );
        d.push(&[0.0, 1.0], &[1.0, 0.0]);
        let make = |output| {
            let mut n = Network::new(&[2, 3, 2], &[Activation::Tanh, output]).unwrap();
            n.initialize(crate::nn::Init::Xavier, &mut crate::seeded(1));
            n
        };
        let hints: Vec<String> = cannot_learn(&make(Activation::Sigmoid), Loss::CrossEntropy, &d)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert!(hints[0].contains("use a softmax output"), "{}", hints[0]);
        assert!(cannot_learn(&make(Activation::Softmax), Loss::CrossEntropy, &d).is_empty());
    }
}
