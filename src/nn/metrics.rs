//! How well a network does on a dataset: loss, and accuracy or RMSE and R².

use super::{Cache, Network, Objective};
use crate::data::Dataset;

/// One pass over a dataset with the weights frozen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// Mean loss per output.
    pub loss: f64,
    /// Share of samples whose every output lands on the right side of the labels'
    /// midpoint (classification data: two label values, ±1 or 0/1).
    pub accuracy: Option<f64>,
    /// Root of the mean squared error per output (regression data).
    pub rmse: Option<f64>,
    /// Coefficient of determination, 1 − SS_res / SS_tot (regression data).
    pub r2: Option<f64>,
}

/// The two label values of classification data, `(low, high)`, or `None` for regression.
pub fn class_labels(data: &Dataset) -> Option<(f64, f64)> {
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    for i in 0..data.len() {
        for &y in data.target(i) {
            low = low.min(y);
            high = high.max(y);
        }
    }
    let binary = (0..data.len()).all(|i| data.target(i).iter().all(|&y| y == low || y == high));
    let known = (low == -1.0 || low == 0.0) && high == 1.0;
    (binary && known && !data.is_empty()).then_some((low, high))
}

/// Loss and metrics of `net` on `data`.
pub fn evaluate_all(
    net: &Network,
    objective: &Objective,
    data: &Dataset,
    cache: &mut Cache,
) -> Evaluation {
    let n = data.len();
    let outputs = net.n_outputs();
    if n == 0 {
        return Evaluation {
            loss: f64::NAN,
            accuracy: None,
            rmse: None,
            r2: None,
        };
    }
    let labels = class_labels(data);
    let mut loss = 0.0;
    let mut correct = 0usize;
    let mut squared = 0.0;
    let mut means = vec![0.0; outputs];
    for i in 0..n {
        for (m, y) in means.iter_mut().zip(data.target(i)) {
            *m += y / n as f64;
        }
    }
    let mut total = 0.0;
    for i in 0..n {
        let target = data.target(i);
        let prediction = net.forward(data.input(i), cache);
        loss += objective.value(prediction, target);
        if let Some((low, high)) = labels {
            let mid = 0.5 * (low + high);
            if prediction
                .iter()
                .zip(target)
                .all(|(&o, &y)| (o >= mid) == (y >= mid))
            {
                correct += 1;
            }
        }
        for ((o, y), m) in prediction.iter().zip(target).zip(&means) {
            squared += (o - y) * (o - y);
            total += (y - m) * (y - m);
        }
    }
    let count = (n * outputs) as f64;
    let regression = labels.is_none();
    Evaluation {
        loss: loss / count,
        accuracy: labels.map(|_| correct as f64 / n as f64),
        rmse: regression.then(|| (squared / count).sqrt()),
        r2: (regression && total > 0.0).then(|| 1.0 - squared / total),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    #[test]
    fn accuracy_counts_predictions_on_the_right_side_of_the_midpoint() {
        // out = x1: samples at x1 = −2, −1, 1, 3 with labels −1, 1, 1, −1: two right.
        let net = {
            let mut n = Network::new(&[1, 1], &[Activation::Identity]).unwrap();
            n.set_weight(0, 0, 0, 1.0);
            n
        };
        let mut d = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        for (x, y) in [(-2.0, -1.0), (-1.0, 1.0), (1.0, 1.0), (3.0, -1.0)] {
            d.push(&[x], &[y]);
        }
        let e = evaluate_all(&net, &Objective::reference(), &d, &mut net.cache());
        assert_eq!(e.accuracy, Some(0.5));
        assert_eq!((e.rmse, e.r2), (None, None));
    }

    #[test]
    fn the_midpoint_of_the_labels_decides_the_class() {
        // out = x1. Labels 0/1: the midpoint is 0.5; labels ±1: it is 0.
        let mut net = Network::new(&[1, 1], &[Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, 1.0);
        let mut unit = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        for (x, y) in [(0.3, 0.0), (0.7, 1.0), (0.45, 1.0), (0.55, 0.0)] {
            unit.push(&[x], &[y]);
        }
        let e = evaluate_all(&net, &Objective::reference(), &unit, &mut net.cache());
        assert_eq!(
            e.accuracy,
            Some(0.5),
            "0.3 and 0.7 right, 0.45 and 0.55 wrong"
        );
        let mut signed = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        for (x, y) in [(-0.3, -1.0), (0.3, 1.0), (0.2, -1.0)] {
            signed.push(&[x], &[y]);
        }
        let e = evaluate_all(&net, &Objective::reference(), &signed, &mut net.cache());
        assert_eq!(e.accuracy, Some(2.0 / 3.0));
    }

    #[test]
    fn rmse_and_r2_describe_regression_fits() {
        let mut net = Network::new(&[1, 1], &[Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, 1.0);
        let mut d = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        for (x, y) in [(0.0, 0.5), (1.0, 1.0), (2.0, 2.5)] {
            d.push(&[x], &[y]);
        }
        let e = evaluate_all(&net, &Objective::reference(), &d, &mut net.cache());
        // Residuals −0.5, 0, −0.5: SS_res 0.5; mean 4/3, SS_tot = 0.6944+0.1111+1.3611.
        assert!((e.rmse.unwrap() - (0.5f64 / 3.0).sqrt()).abs() < 1e-15);
        let ss_tot = (0.5f64 - 4.0 / 3.0).powi(2)
            + (1.0f64 - 4.0 / 3.0).powi(2)
            + (2.5f64 - 4.0 / 3.0).powi(2);
        assert!((e.r2.unwrap() - (1.0 - 0.5 / ss_tot)).abs() < 1e-12);
        assert_eq!(e.accuracy, None);
        assert!(
            (e.loss - 0.25 / 3.0).abs() < 1e-15,
            "half squared error per output"
        );
    }

    #[test]
    fn with_two_outputs_a_sample_is_right_only_when_both_are() {
        // out = (x, −x).
        let mut net = Network::new(&[1, 2], &[Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, 1.0);
        net.set_weight(0, 1, 0, -1.0);
        let mut d = Dataset::new(vec!["x1".into()], vec!["y1".into(), "y2".into()]);
        for (x, y) in [
            (1.0, [1.0, -1.0]),
            (-1.0, [1.0, 1.0]),
            (2.0, [1.0, -1.0]),
            (-2.0, [-1.0, 1.0]),
        ] {
            d.push(&[x], &y);
        }
        let e = evaluate_all(&net, &Objective::reference(), &d, &mut net.cache());
        assert_eq!(
            e.accuracy,
            Some(0.75),
            "the second sample has one output wrong"
        );
        // Half squared errors 0, 2, 1, 1 over 4 samples × 2 outputs.
        assert_eq!(e.loss, 0.5);
        assert_eq!((e.rmse, e.r2), (None, None));
    }

    #[test]
    fn with_two_outputs_rmse_and_r2_pool_every_output() {
        // out = (x, 2x); residuals (−1, 0), (0, 0), (0, −1).
        let mut net = Network::new(&[1, 2], &[Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, 1.0);
        net.set_weight(0, 1, 0, 2.0);
        let mut d = Dataset::new(vec!["x1".into()], vec!["y1".into(), "y2".into()]);
        for (x, y) in [(0.0, [1.0, 0.0]), (1.0, [1.0, 2.0]), (2.0, [2.0, 5.0])] {
            d.push(&[x], &y);
        }
        let e = evaluate_all(&net, &Objective::reference(), &d, &mut net.cache());
        assert_eq!(e.accuracy, None);
        assert!((e.rmse.unwrap() - (2.0f64 / 6.0).sqrt()).abs() < 1e-15);
        // Each output against its own mean: SS_tot = 6/9 + 114/9, SS_res = 2.
        assert!((e.r2.unwrap() - 0.85).abs() < 1e-15, "{:?}", e.r2);
        assert!((e.loss - 1.0 / 6.0).abs() < 1e-15);
    }

    #[test]
    fn an_empty_set_has_no_loss_and_no_metrics() {
        let net = Network::new(&[1, 1], &[Activation::Identity]).unwrap();
        let d = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        let e = evaluate_all(&net, &Objective::reference(), &d, &mut net.cache());
        assert!(e.loss.is_nan());
        assert_eq!((e.accuracy, e.rmse, e.r2), (None, None, None));
        assert_eq!(class_labels(&d), None);
    }

    #[test]
    fn constant_targets_have_an_rmse_but_no_r2() {
        let net = Network::new(&[1, 1], &[Activation::Identity]).unwrap();
        let mut d = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        d.push(&[0.0], &[0.5]);
        d.push(&[1.0], &[0.5]);
        let e = evaluate_all(&net, &Objective::reference(), &d, &mut net.cache());
        assert_eq!((e.rmse, e.r2), (Some(0.5), None));
    }

    #[test]
    fn labels_decide_classification() {
        let mut d = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        d.push(&[0.0], &[0.0]);
        d.push(&[0.0], &[1.0]);
        assert_eq!(class_labels(&d), Some((0.0, 1.0)));
        d.push(&[0.0], &[0.5]);
        assert_eq!(class_labels(&d), None);
        let mut signed = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        signed.push(&[0.0], &[-1.0]);
        signed.push(&[0.0], &[1.0]);
        assert_eq!(class_labels(&signed), Some((-1.0, 1.0)));
        let mut other = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        other.push(&[0.0], &[2.0]);
        other.push(&[0.0], &[1.0]);
        assert_eq!(class_labels(&other), None, "1 and 2 are no class labels");
        let mut one = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        one.push(&[0.0], &[1.0]);
        assert_eq!(
            class_labels(&one),
            None,
            "one value alone is no pair of labels"
        );
    }
}
