//! How well a network does on a dataset: loss, and accuracy or RMSE and R².

use super::kernels::{Isa, Kernels, Predictor};
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

/// The number of classes of one-hot data (two or more target columns, each row a single 1
/// among 0s), or `None`.
pub fn one_hot_classes(data: &Dataset) -> Option<usize> {
    let k = data.n_targets();
    let one_hot = |t: &[f64]| {
        t.iter().filter(|&&y| y == 1.0).count() == 1 && t.iter().all(|&y| y == 0.0 || y == 1.0)
    };
    (k >= 2 && !data.is_empty() && (0..data.len()).all(|i| one_hot(data.target(i)))).then_some(k)
}

/// The index of the largest value (the first of equals).
pub fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

/// Which class each sample of classification data is, and which the network says: for
/// one-hot data the largest target and output, for two-label data (±1, 0/1) the side of
/// the labels' midpoint (class 0 the low label, class 1 the high one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confusion {
    /// `counts[true class][predicted class]`.
    pub counts: Vec<Vec<u64>>,
}

impl Confusion {
    /// The share of each class's samples predicted right (`None` for a class without
    /// samples).
    pub fn per_class_accuracy(&self) -> Vec<Option<f64>> {
        self.counts
            .iter()
            .enumerate()
            .map(|(k, row)| {
                let n: u64 = row.iter().sum();
                (n > 0).then(|| row[k] as f64 / n as f64)
            })
            .collect()
    }

    /// The share of all samples predicted right.
    pub fn accuracy(&self) -> f64 {
        let right: u64 = (0..self.counts.len()).map(|k| self.counts[k][k]).sum();
        let all: u64 = self.counts.iter().flatten().sum();
        right as f64 / all.max(1) as f64
    }
}

/// The names of the classes of classification `data`, in the order of a [`Confusion`]:
/// the one-hot columns' names (without their `y:`), or the two labels (low, high).
pub fn class_names(data: &Dataset) -> Option<Vec<String>> {
    if one_hot_classes(data).is_some() {
        let names = data.target_names().iter();
        return Some(
            names
                .map(|n| n.strip_prefix("y:").unwrap_or(n).to_string())
                .collect(),
        );
    }
    let (low, high) = class_labels(data)?;
    Some(vec![format!("{low}"), format!("{high}")])
}

impl Confusion {
    /// The matrix as text: a header of predicted classes, a row per true class, then each
    /// class's accuracy.
    pub fn to_text(&self, names: &[String]) -> String {
        let corner = "true \\ said";
        let width = names.iter().map(|n| n.len()).max().unwrap_or(1).max(6);
        let lead = width.max(corner.len());
        let mut text = format!("{corner:>lead$}");
        for n in names {
            text.push_str(&format!(" {n:>width$}"));
        }
        text.push('\n');
        for (row, name) in self.counts.iter().zip(names) {
            text.push_str(&format!("{name:>lead$}"));
            for c in row {
                text.push_str(&format!(" {c:>width$}"));
            }
            text.push('\n');
        }
        let per_class: Vec<String> = self
            .per_class_accuracy()
            .iter()
            .zip(names)
            .map(|(a, n)| match a {
                Some(a) => format!("{n} {:.1}%", 100.0 * a),
                None => format!("{n} –"),
            })
            .collect();
        text.push_str(&format!("per-class accuracy: {}", per_class.join(", ")));
        text
    }
}

/// The confusion matrix of `net` on classification `data` (`None` for regression data).
pub fn confusion(net: &Network, data: &Dataset, cache: &mut Cache) -> Option<Confusion> {
    confusion_of_first(net, data, data.len(), cache)
}

/// [`confusion`] over the first `limit` samples of `data` (a window's quick look at a
/// large test set).
pub fn confusion_of_first(
    net: &Network,
    data: &Dataset,
    limit: usize,
    cache: &mut Cache,
) -> Option<Confusion> {
    // One-hot data: the largest value; two labels: the side of their midpoint.
    let (k, mid) = match one_hot_classes(data) {
        Some(k) => (k, None),
        None => {
            let (low, high) = class_labels(data)?;
            (2, Some(0.5 * (low + high)))
        }
    };
    let class_of = |v: &[f64]| match mid {
        Some(mid) => usize::from(v[0] >= mid),
        None => argmax(v),
    };
    let mut counts = vec![vec![0; k]; k];
    for i in 0..data.len().min(limit) {
        let truth = class_of(data.target(i));
        let said = class_of(net.forward(data.input(i), cache));
        counts[truth][said] += 1;
    }
    Some(Confusion { counts })
}

/// Loss and metrics of `net` on `data`.
pub fn evaluate_all(
    net: &Network,
    objective: &Objective,
    data: &Dataset,
    cache: &mut Cache,
) -> Evaluation {
    evaluate_until(net, objective, data, cache, &mut || false)
        .expect("an evaluation never interrupted finishes")
}

/// Samples measured between two looks at `interrupted`.
const LOOK_EVERY: usize = 4096;

/// [`evaluate_all`], giving up (`None`) as soon as `interrupted` says so; it is asked
/// every few thousand samples, so that measuring a large set never holds up a pause.
pub fn evaluate_until(
    net: &Network,
    objective: &Objective,
    data: &Dataset,
    cache: &mut Cache,
    interrupted: &mut dyn FnMut() -> bool,
) -> Option<Evaluation> {
    let mut plain = Kernels::new(Isa::Scalar);
    evaluate_with(&plain.predictor(net), objective, data, cache, interrupted)
}

/// [`evaluate_until`] with the forward passes of `predictor`.
pub(crate) fn evaluate_with(
    predictor: &Predictor,
    objective: &Objective,
    data: &Dataset,
    cache: &mut Cache,
    interrupted: &mut dyn FnMut() -> bool,
) -> Option<Evaluation> {
    let net = predictor.network();
    let n = data.len();
    let outputs = net.n_outputs();
    if n == 0 {
        return Some(Evaluation {
            loss: f64::NAN,
            accuracy: None,
            rmse: None,
            r2: None,
        });
    }
    let classes = one_hot_classes(data);
    let labels = class_labels(data).filter(|_| classes.is_none());
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
        if i % LOOK_EVERY == LOOK_EVERY - 1 && interrupted() {
            return None;
        }
        let target = data.target(i);
        let prediction = predictor.forward(data.input(i), cache);
        loss += objective.value(prediction, target);
        if classes.is_some() {
            if argmax(prediction) == argmax(target) {
                correct += 1;
            }
        } else if let Some((low, high)) = labels {
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
    let regression = labels.is_none() && classes.is_none();
    Some(Evaluation {
        loss: loss / count,
        accuracy: (!regression).then(|| correct as f64 / n as f64),
        rmse: regression.then(|| (squared / count).sqrt()),
        r2: (regression && total > 0.0).then(|| 1.0 - squared / total),
    })
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

    fn three_classes() -> (Network, Dataset) {
        // out = (x1, x2, x3): the class is the largest input.
        let mut net = Network::new(&[3, 3], &[Activation::Softmax]).unwrap();
        for k in 0..3 {
            net.set_weight(0, k, k, 1.0);
        }
        let mut d = Dataset::new(
            vec!["x1".into(), "x2".into(), "x3".into()],
            vec!["a".into(), "b".into(), "c".into()],
        );
        let rows = [
            ([3.0, 0.0, 0.0], 0),
            ([0.0, 2.0, 0.0], 1),
            ([0.0, 0.0, 1.0], 1),
            ([0.1, 0.0, 0.5], 2),
            ([0.9, 0.0, 0.5], 2),
        ];
        for (x, k) in rows {
            let mut t = [0.0; 3];
            t[k] = 1.0;
            d.push(&x, &t);
        }
        (net, d)
    }

    #[test]
    fn one_hot_data_is_classified_by_the_largest_output() {
        let (net, d) = three_classes();
        assert_eq!(one_hot_classes(&d), Some(3));
        let e = evaluate_all(
            &net,
            &Objective::new(crate::nn::Loss::CrossEntropy, Activation::Softmax, &d),
            &d,
            &mut net.cache(),
        );
        assert_eq!(e.accuracy, Some(3.0 / 5.0));
        assert_eq!((e.rmse, e.r2), (None, None));
        let c = confusion(&net, &d, &mut net.cache()).unwrap();
        assert_eq!(c.counts, vec![vec![1, 0, 0], vec![0, 1, 1], vec![1, 0, 1]]);
        assert_eq!(
            c.per_class_accuracy(),
            vec![Some(1.0), Some(0.5), Some(0.5)]
        );
        assert_eq!(c.accuracy(), 0.6);
        assert_eq!(argmax(&[0.2, 0.5, 0.5]), 1, "the first of equals");
        let names = class_names(&d).unwrap();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(
            c.to_text(&names),
            "true \\ said      a      b      c\n          a      1      0      0\n          b      0      1      1\n          c      1      0      1\nper-class accuracy: a 100.0%, b 50.0%, c 50.0%"
        );
    }

    #[test]
    fn two_label_data_has_a_two_by_two_confusion_and_regression_none() {
        let mut net = Network::new(&[1, 1], &[Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, 1.0);
        let mut d = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        for (x, y) in [
            (-2.0, -1.0),
            (-1.0, 1.0),
            (1.0, 1.0),
            (3.0, -1.0),
            (2.0, 1.0),
        ] {
            d.push(&[x], &[y]);
        }
        let c = confusion(&net, &d, &mut net.cache()).unwrap();
        assert_eq!(c.counts, vec![vec![1, 1], vec![1, 2]], "rows: −1 then +1");
        let mut r = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        r.push(&[0.0], &[0.3]);
        assert!(confusion(&net, &r, &mut net.cache()).is_none());
        assert_eq!(one_hot_classes(&d), None);
    }

    #[test]
    fn an_evaluation_gives_up_when_interrupted_and_is_whole_otherwise() {
        let net = Network::new(&[1, 1], &[Activation::Identity]).unwrap();
        let mut d = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        for i in 0..10_000 {
            d.push(&[i as f64], &[0.5]);
        }
        let o = Objective::reference();
        let mut asked = 0;
        let gave_up = evaluate_until(&net, &o, &d, &mut net.cache(), &mut || {
            asked += 1;
            true
        });
        assert_eq!((gave_up, asked), (None, 1), "at the first look");
        let mut looks = 0;
        let whole = evaluate_until(&net, &o, &d, &mut net.cache(), &mut || {
            looks += 1;
            false
        });
        assert_eq!(whole, Some(evaluate_all(&net, &o, &d, &mut net.cache())));
        assert_eq!(looks, 2, "every 4096 samples");
    }
}
