//! Losses: what "wrong" means, per output, and its derivative.

use serde::{Deserialize, Serialize};

use super::Activation;
use crate::data::Dataset;

/// The reference's per-sample loss: `Σ_outputs 0.5·(prediction − target)²`.
///
/// Its derivative with respect to each output is `prediction − target`, which
/// [`Network::backward`](super::Network::backward) uses directly.
#[inline]
pub fn half_squared_error(prediction: &[f64], target: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (o, t) in prediction.iter().zip(target) {
        let e = o - t;
        sum += 0.5 * e * e;
    }
    sum
}

/// A loss function. Every loss is averaged over (samples × outputs), as the reference does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Loss {
    /// `0.5·(o − t)²` (the reference).
    #[default]
    #[serde(rename = "half-se")]
    HalfSquaredError,
    /// `(o − t)²` (PyTorch's `MSELoss`).
    #[serde(rename = "mse")]
    MeanSquaredError,
    /// Binary cross-entropy `−[t·ln p + (1 − t)·ln(1 − p)]` (PyTorch's `BCELoss`, logs
    /// clamped at −100), with the output read as a probability `p` (a tanh output is mapped
    /// by `(o + 1)/2`) and ±1 labels mapped to 0/1.
    #[serde(rename = "bce")]
    BinaryCrossEntropy,
    /// Categorical cross-entropy `−Σ_k t_k·ln p_k` over one-hot targets (PyTorch's
    /// `NLLLoss` of the log-probabilities, logs clamped at −100). With a softmax output its
    /// gradient with respect to the sums is `p − t`.
    #[serde(rename = "ce")]
    CrossEntropy,
}

impl Loss {
    /// A readable name for axes and labels.
    pub fn title(self) -> &'static str {
        match self {
            Loss::HalfSquaredError => "half squared error",
            Loss::MeanSquaredError => "mean squared error",
            Loss::BinaryCrossEntropy => "binary cross-entropy",
            Loss::CrossEntropy => "cross-entropy",
        }
    }
}

crate::names::named!(
    Loss,
    "loss",
    [
        HalfSquaredError => "half-se",
        MeanSquaredError => "mse",
        BinaryCrossEntropy => "bce",
        CrossEntropy => "ce",
    ]
);

/// A loss bound to a network's output activation and a dataset's label convention: it
/// gives each sample's loss and the loss's derivative with respect to each output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Objective {
    loss: Loss,
    /// The output is tanh-like (−1…1), so `p = (o + 1)/2`.
    signed_output: bool,
    /// The labels are ±1, so `t = (y + 1)/2`.
    signed_labels: bool,
    /// The output layer is a softmax: with cross-entropy, the gradient with respect to
    /// the sums is written at once (`p − t`), exactly.
    softmax_output: bool,
}

/// The smallest log cross-entropy takes (PyTorch clamps `ln` at −100).
const LOG_FLOOR: f64 = -100.0;

impl Objective {
    /// The loss for a network whose output layer uses `output`, on labels like `data`'s.
    pub fn new(loss: Loss, output: Activation, data: &Dataset) -> Self {
        let signed_labels = (0..data.len()).any(|i| data.target(i).iter().any(|&y| y < 0.0));
        Objective {
            loss,
            signed_output: output == Activation::Tanh,
            signed_labels,
            softmax_output: output == Activation::Softmax,
        }
    }

    /// The reference's half squared error.
    pub fn reference() -> Self {
        Objective {
            loss: Loss::HalfSquaredError,
            signed_output: false,
            signed_labels: false,
            softmax_output: false,
        }
    }

    /// The same network and labels with another loss.
    pub fn with_loss(self, loss: Loss) -> Self {
        Objective { loss, ..self }
    }

    /// The loss in use.
    pub fn loss(&self) -> Loss {
        self.loss
    }

    #[inline]
    fn probability(&self, o: f64) -> f64 {
        if self.signed_output {
            (o + 1.0) * 0.5
        } else {
            o
        }
    }

    #[inline]
    fn label(&self, y: f64) -> f64 {
        if self.signed_labels {
            (y + 1.0) * 0.5
        } else {
            y
        }
    }

    /// `true` when [`Objective::output_gradient`] writes `∂loss/∂sum` of the output layer
    /// itself (cross-entropy on a softmax: `p − t`), so back-propagation must not multiply
    /// by the activation's derivative again.
    #[inline]
    pub fn gives_sum_gradient(&self) -> bool {
        self.softmax_output && self.loss == Loss::CrossEntropy
    }

    /// The sample's loss summed over its outputs.
    #[inline]
    pub fn value(&self, prediction: &[f64], target: &[f64]) -> f64 {
        match self.loss {
            Loss::HalfSquaredError => half_squared_error(prediction, target),
            Loss::MeanSquaredError => 2.0 * half_squared_error(prediction, target),
            Loss::BinaryCrossEntropy => {
                let mut sum = 0.0;
                for (&o, &y) in prediction.iter().zip(target) {
                    let (p, t) = (self.probability(o), self.label(y));
                    let ln_p = p.ln().max(LOG_FLOOR);
                    let ln_q = (1.0 - p).ln().max(LOG_FLOOR);
                    sum -= t * ln_p + (1.0 - t) * ln_q;
                }
                sum
            }
            Loss::CrossEntropy => {
                let mut sum = 0.0;
                for (&p, &t) in prediction.iter().zip(target) {
                    if t != 0.0 {
                        sum -= t * p.ln().max(LOG_FLOOR);
                    }
                }
                sum
            }
        }
    }

    /// Writes `∂loss/∂output` for each output into `grads` (for cross-entropy on a
    /// softmax, `∂loss/∂sum`: see [`Objective::gives_sum_gradient`]).
    #[inline]
    pub fn output_gradient(&self, prediction: &[f64], target: &[f64], grads: &mut [f64]) {
        let outputs = grads.iter_mut().zip(prediction).zip(target);
        match self.loss {
            Loss::HalfSquaredError => {
                for ((g, o), t) in outputs {
                    *g = o - t;
                }
            }
            Loss::MeanSquaredError => {
                for ((g, o), t) in outputs {
                    *g = 2.0 * (o - t);
                }
            }
            Loss::BinaryCrossEntropy => {
                let dp_do = if self.signed_output { 0.5 } else { 1.0 };
                for ((g, &o), &y) in outputs {
                    let (p, t) = (self.probability(o), self.label(y));
                    // d/dp of −[t ln p + (1−t) ln(1−p)], with p kept off 0 and 1 as the
                    // clamped logs are.
                    let p = p.clamp(1e-12, 1.0 - 1e-12);
                    *g = (p - t) / (p * (1.0 - p)) * dp_do;
                }
            }
            Loss::CrossEntropy if self.softmax_output => {
                for ((g, o), t) in outputs {
                    *g = o - t;
                }
            }
            Loss::CrossEntropy => {
                for ((g, &o), &t) in outputs {
                    *g = -t / o.max(1e-12);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_squared_error_is_half_the_squared_distance() {
        assert_eq!(half_squared_error(&[1.0, 3.0], &[0.0, 1.0]), 0.5 + 2.0);
        assert_eq!(half_squared_error(&[0.25], &[0.25]), 0.0);
    }

    fn labels(values: &[f64]) -> Dataset {
        let mut d = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        for &v in values {
            d.push(&[0.0], &[v]);
        }
        d
    }

    #[test]
    fn cross_entropy_maps_tanh_outputs_and_plus_minus_one_labels_to_probabilities() {
        let signed = Objective::new(
            Loss::BinaryCrossEntropy,
            Activation::Tanh,
            &labels(&[-1.0, 1.0]),
        );
        let plain = Objective::new(
            Loss::BinaryCrossEntropy,
            Activation::Sigmoid,
            &labels(&[0.0, 1.0]),
        );
        // tanh output 0.6 is p = 0.8; label +1 is t = 1: loss −ln 0.8.
        assert!((signed.value(&[0.6], &[1.0]) + 0.8f64.ln()).abs() < 1e-15);
        assert!((plain.value(&[0.8], &[1.0]) + 0.8f64.ln()).abs() < 1e-15);
        assert!((signed.value(&[-0.6], &[-1.0]) + 0.8f64.ln()).abs() < 1e-15);
        assert_eq!(
            plain.value(&[0.0], &[1.0]),
            100.0,
            "ln 0 is clamped at −100"
        );
    }

    #[test]
    fn every_loss_gradient_matches_a_central_difference() {
        let h = 1e-6;
        let data = labels(&[-1.0, 1.0]);
        for loss in Loss::ALL {
            for act in [Activation::Sigmoid, Activation::Tanh] {
                let obj = Objective::new(loss, act, &data);
                for &(o, y) in &[(0.3, 1.0), (0.2, -1.0), (0.7, -1.0)] {
                    let numeric =
                        (obj.value(&[o + h], &[y]) - obj.value(&[o - h], &[y])) / (2.0 * h);
                    let mut g = [0.0];
                    obj.output_gradient(&[o], &[y], &mut g);
                    assert!(
                        (numeric - g[0]).abs() < 1e-5,
                        "{loss} {act} {o} {y}: {numeric} vs {}",
                        g[0]
                    );
                }
            }
        }
    }

    #[test]
    fn cross_entropy_gradients_stay_finite_at_certain_outputs() {
        let plain = Objective::new(
            Loss::BinaryCrossEntropy,
            Activation::Sigmoid,
            &labels(&[0.0, 1.0]),
        );
        let mut g = [0.0];
        // p is kept within [1e-12, 1 − 1e-12]: (p − t) / (p (1 − p)) ≈ ±1e12.
        plain.output_gradient(&[1.0], &[0.0], &mut g);
        assert!(
            g[0].is_finite() && (g[0] / 1e12 - 1.0).abs() < 1e-3,
            "{}",
            g[0]
        );
        plain.output_gradient(&[0.0], &[1.0], &mut g);
        assert!(
            g[0].is_finite() && (g[0] / -1e12 - 1.0).abs() < 1e-3,
            "{}",
            g[0]
        );
    }

    #[test]
    fn an_objective_can_change_its_loss_and_keeps_its_label_conventions() {
        let signed = Objective::new(
            Loss::BinaryCrossEntropy,
            Activation::Tanh,
            &labels(&[-1.0, 1.0]),
        );
        assert_eq!(signed.loss(), Loss::BinaryCrossEntropy);
        let mse = signed.with_loss(Loss::MeanSquaredError);
        assert_eq!(mse.loss(), Loss::MeanSquaredError);
        assert_eq!(mse.value(&[0.5], &[1.0]), 0.25);
        let back = mse.with_loss(Loss::BinaryCrossEntropy);
        assert_eq!(back, signed, "the tanh output and ±1 labels are remembered");
        assert_eq!(Objective::reference().loss(), Loss::HalfSquaredError);
    }

    #[test]
    fn loss_titles_name_them_in_words() {
        assert_eq!(
            Loss::ALL.map(Loss::title),
            [
                "half squared error",
                "mean squared error",
                "binary cross-entropy",
                "cross-entropy"
            ]
        );
    }

    #[test]
    fn loss_names_parse_back() {
        for loss in Loss::ALL {
            assert_eq!(loss.name().parse::<Loss>().unwrap(), loss);
        }
        assert!("hinge".parse::<Loss>().is_err());
    }

    #[test]
    fn cross_entropy_is_minus_the_log_of_the_true_class_probability() {
        let mut d = Dataset::new(vec!["x1".into()], vec!["a".into(), "b".into(), "c".into()]);
        d.push(&[0.0], &[0.0, 0.0, 1.0]);
        let on_softmax = Objective::new(Loss::CrossEntropy, Activation::Softmax, &d);
        let p = [0.2, 0.3, 0.5];
        let t = [0.0, 0.0, 1.0];
        assert_eq!(on_softmax.value(&p, &t), -(0.5f64.ln()));
        assert_eq!(
            on_softmax.value(&[0.5, 0.5, 0.0], &t),
            100.0,
            "ln clamped at −100"
        );
        let mut g = [0.0; 3];
        on_softmax.output_gradient(&p, &t, &mut g);
        assert_eq!(g, [0.2, 0.3, 0.5 - 1.0], "p − t with respect to the sums");
        // On another output: ∂/∂p_k = −t_k / p_k.
        let on_sigmoid = Objective::new(Loss::CrossEntropy, Activation::Sigmoid, &d);
        assert!(!on_sigmoid.gives_sum_gradient());
        on_sigmoid.output_gradient(&p, &t, &mut g);
        assert_eq!(g, [0.0, 0.0, -1.0 / 0.5]);
    }
}
