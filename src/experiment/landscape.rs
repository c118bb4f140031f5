//! The loss landscape, the seed article's figure 14 made live: the loss over the training
//! set as one weight (or bias) alone moves, the others held — a curve — or as two move — a
//! surface. `scratchnet landscape` writes it as CSV; the window draws it beside training.

use std::fmt;
use std::io::Write;

use crate::data::Dataset;
use crate::nn::{Network, Objective, evaluate};

use super::Parameter;

impl Parameter {
    /// Its value in `net`, if `net` has it.
    pub fn value_in(self, net: &Network) -> Option<f64> {
        self.fits(net).then(|| match self {
            Parameter::Weight { l, j, i } => net.weight(l, j, i),
            Parameter::Bias { l, j } => net.bias(l, j),
        })
    }

    /// Sets it in `net` (which must have it).
    pub fn set_in(self, net: &mut Network, value: f64) {
        match self {
            Parameter::Weight { l, j, i } => net.set_weight(l, j, i, value),
            Parameter::Bias { l, j } => net.set_bias(l, j, value),
        }
    }

    /// `true` when `net` has this weight or bias.
    pub fn fits(self, net: &Network) -> bool {
        let layers = net.layers();
        match self {
            Parameter::Weight { l, j, i } => {
                l + 1 < layers.len() && j < layers[l + 1] && i < layers[l]
            }
            Parameter::Bias { l, j } => l + 1 < layers.len() && j < layers[l + 1],
        }
    }

    /// Its flat index among the weights (or the biases) of `net`.
    pub fn flat_index(self, net: &Network) -> usize {
        match self {
            Parameter::Weight { l, j, i } => net.weight_index(l, j, i),
            Parameter::Bias { l, j } => net.node_index(l, j),
        }
    }
}

impl fmt::Display for Parameter {
    /// As the model file indexes it: `w[l][j][i]`, `b[l][j]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Parameter::Weight { l, j, i } => write!(f, "w[{l}][{j}][{i}]"),
            Parameter::Bias { l, j } => write!(f, "b[{l}][{j}]"),
        }
    }
}

/// One axis of a landscape: a parameter and the values it takes, evenly spaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The weight or bias that moves.
    pub param: Parameter,
    /// Its values, ascending.
    pub values: Vec<f64>,
}

impl Axis {
    /// `steps` values (at least 2) from `value − span` to `value + span` around the
    /// parameter's value in `net`.
    pub fn around(net: &Network, param: Parameter, span: f64, steps: usize) -> Option<Axis> {
        let centre = param.value_in(net)?;
        let steps = steps.max(2);
        let values = (0..steps)
            .map(|k| centre - span + 2.0 * span * k as f64 / (steps - 1) as f64)
            .collect();
        Some(Axis { param, values })
    }
}

/// The loss over `data` with `net`'s parameters but for those in `at`, set to their
/// values: the training loss as training reports it (averaged over samples and outputs).
pub fn loss_with(
    net: &Network,
    objective: &Objective,
    data: &Dataset,
    at: &[(Parameter, f64)],
) -> f64 {
    let mut moved = net.clone();
    for &(p, v) in at {
        p.set_in(&mut moved, v);
    }
    let mut cache = moved.cache();
    evaluate(&moved, objective, data, &mut cache)
}

/// The loss at each value of `axis`, the other parameters held.
pub fn curve(net: &Network, objective: &Objective, data: &Dataset, axis: &Axis) -> Vec<f64> {
    let mut moved = net.clone();
    let mut cache = moved.cache();
    axis.values
        .iter()
        .map(|&v| {
            axis.param.set_in(&mut moved, v);
            evaluate(&moved, objective, data, &mut cache)
        })
        .collect()
}

/// The loss at each pair of values, `rows` (the second axis) outer: `loss[r·cols + c]`
/// has `a.values[c]` and `b.values[r]`.
pub fn surface(
    net: &Network,
    objective: &Objective,
    data: &Dataset,
    a: &Axis,
    b: &Axis,
) -> Vec<f64> {
    let mut moved = net.clone();
    let mut cache = moved.cache();
    let mut loss = Vec::with_capacity(a.values.len() * b.values.len());
    for &vb in &b.values {
        b.param.set_in(&mut moved, vb);
        for &va in &a.values {
            a.param.set_in(&mut moved, va);
            loss.push(evaluate(&moved, objective, data, &mut cache));
        }
    }
    loss
}

/// Writes the landscape over `axes` (one or two) as CSV: a column per parameter
/// (`w[l][j][i]` or `b[l][j]`), then `loss`; numbers in shortest round-trip form.
pub fn write_csv(
    out: &mut dyn Write,
    net: &Network,
    objective: &Objective,
    data: &Dataset,
    axes: &[Axis],
) -> std::io::Result<()> {
    let header: Vec<String> = axes.iter().map(|a| a.param.to_string()).collect();
    writeln!(out, "{},loss", header.join(","))?;
    match axes {
        [a] => {
            for (v, l) in a.values.iter().zip(curve(net, objective, data, a)) {
                writeln!(out, "{v},{l}")?;
            }
        }
        [a, b] => {
            let loss = surface(net, objective, data, a, b);
            for (r, vb) in b.values.iter().enumerate() {
                for (c, va) in a.values.iter().enumerate() {
                    writeln!(out, "{va},{vb},{}", loss[r * a.values.len() + c])?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// A landscape for the window: the axes, the loss over them, where the network is and the
/// gradient there.
#[derive(Clone, Debug, PartialEq)]
pub struct Landscape {
    /// One axis (a curve) or two (a surface).
    pub axes: Vec<Axis>,
    /// The loss: along the axis, or row-major with the second axis outer.
    pub loss: Vec<f64>,
    /// The parameters' values in the network.
    pub at: Vec<f64>,
    /// The loss there.
    pub at_loss: f64,
    /// The loss's slope along each axis there: the gradient, averaged as a batch is.
    pub slopes: Vec<f64>,
}

/// The landscape of `net` over `data` as `picked` (one or two parameters) move `span` on
/// either side of their values, `steps` values an axis; `None` when a parameter is not
/// in `net`, or none or more than two are picked.
pub fn landscape(
    net: &Network,
    objective: &Objective,
    data: &Dataset,
    picked: &[Parameter],
    (span, steps): (f64, usize),
) -> Option<Landscape> {
    if !(1..=2).contains(&picked.len()) || data.is_empty() {
        return None;
    }
    let axes = picked
        .iter()
        .map(|&p| Axis::around(net, p, span, steps))
        .collect::<Option<Vec<_>>>()?;
    let loss = match axes.as_slice() {
        [a] => curve(net, objective, data, a),
        [a, b] => surface(net, objective, data, a, b),
        _ => return None,
    };
    let gradient = crate::nn::average_gradient(net, objective, data, usize::MAX);
    let slopes = picked
        .iter()
        .map(|&p| match p {
            Parameter::Weight { .. } => gradient.weights[p.flat_index(net)],
            Parameter::Bias { .. } => gradient.biases[p.flat_index(net)],
        })
        .collect();
    let mut cache = net.cache();
    Some(Landscape {
        at: picked.iter().filter_map(|p| p.value_in(net)).collect(),
        at_loss: evaluate(net, objective, data, &mut cache),
        axes,
        loss,
        slopes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Init, Loss, average_gradient};

    fn circle() -> (Network, Objective, Dataset) {
        let spec = crate::data::DataSpec {
            source: crate::data::DataSource::Builtin(crate::data::DatasetKind::Circle),
            ..crate::data::DataSpec::default()
        };
        let (train, _) = spec.load().unwrap();
        let mut net = Network::new(&[2, 4, 1], &[Activation::Tanh, Activation::Tanh]).unwrap();
        net.initialize(Init::Xavier, &mut crate::seeded(5));
        let objective = Objective::new(Loss::HalfSquaredError, Activation::Tanh, &train);
        (net, objective, train)
    }

    #[test]
    fn the_curves_slope_at_the_current_point_is_the_gradient() {
        let (net, objective, train) = circle();
        let gradient = average_gradient(&net, &objective, &train, usize::MAX);
        for param in [
            Parameter::Weight { l: 0, j: 2, i: 1 },
            Parameter::Weight { l: 1, j: 0, i: 3 },
            Parameter::Bias { l: 0, j: 1 },
        ] {
            let h = 1e-5;
            let axis = Axis::around(&net, param, h, 3).unwrap();
            let loss = curve(&net, &objective, &train, &axis);
            let slope = (loss[2] - loss[0]) / (2.0 * h);
            let k = param.flat_index(&net);
            let want = match param {
                Parameter::Weight { .. } => gradient.weights[k],
                Parameter::Bias { .. } => gradient.biases[k],
            };
            assert!(
                (slope - want).abs() <= 1e-7 * want.abs().max(1e-3),
                "{param}: slope {slope} vs gradient {want}"
            );
            // The middle of the curve is the network as it is.
            let mut cache = net.cache();
            assert_eq!(loss[1], evaluate(&net, &objective, &train, &mut cache));
        }
    }

    #[test]
    fn the_surface_holds_the_curves_along_its_axes() {
        let (net, objective, train) = circle();
        let a = Axis::around(&net, Parameter::Weight { l: 0, j: 0, i: 0 }, 1.0, 5).unwrap();
        let b = Axis::around(&net, Parameter::Bias { l: 1, j: 0 }, 1.0, 3).unwrap();
        let s = surface(&net, &objective, &train, &a, &b);
        assert_eq!(s.len(), 15);
        // The middle row has b at its value: a's curve.
        assert_eq!(&s[5..10], curve(&net, &objective, &train, &a).as_slice());
        assert_eq!(
            s[4],
            loss_with(
                &net,
                &objective,
                &train,
                &[(a.param, a.values[4]), (b.param, b.values[0])]
            )
        );
    }

    #[test]
    fn a_landscape_has_its_slopes_and_the_networks_point() {
        let (net, objective, train) = circle();
        let w = Parameter::Weight { l: 0, j: 1, i: 0 };
        let one = landscape(&net, &objective, &train, &[w], (1.0, 21)).unwrap();
        assert_eq!(one.loss, curve(&net, &objective, &train, &one.axes[0]));
        assert_eq!(one.at, [net.weight(0, 1, 0)]);
        assert_eq!(one.at_loss, one.loss[10]);
        let g = average_gradient(&net, &objective, &train, usize::MAX);
        assert_eq!(one.slopes, [g.weights[net.weight_index(0, 1, 0)]]);
        let b = Parameter::Bias { l: 1, j: 0 };
        let two = landscape(&net, &objective, &train, &[w, b], (1.0, 5)).unwrap();
        assert_eq!(two.loss.len(), 25);
        assert_eq!(two.slopes[1], g.biases[net.node_index(1, 0)]);
        assert!(landscape(&net, &objective, &train, &[], (1.0, 5)).is_none());
        assert!(landscape(&net, &objective, &train, &[w, b, w], (1.0, 5)).is_none());
        let nothing = Dataset::planar();
        assert!(landscape(&net, &objective, &nothing, &[w], (1.0, 5)).is_none());
        let missing = Parameter::Bias { l: 3, j: 0 };
        assert!(landscape(&net, &objective, &train, &[missing], (1.0, 5)).is_none());
    }

    #[test]
    fn the_csv_has_a_column_per_parameter_then_the_loss() {
        let (net, objective, train) = circle();
        let a = Axis::around(&net, Parameter::Weight { l: 0, j: 0, i: 1 }, 1.0, 3).unwrap();
        let b = Axis::around(&net, Parameter::Bias { l: 1, j: 0 }, 1.0, 2).unwrap();
        let mut one = Vec::new();
        write_csv(&mut one, &net, &objective, &train, std::slice::from_ref(&a)).unwrap();
        let one = String::from_utf8(one).unwrap();
        let loss = curve(&net, &objective, &train, &a);
        let want: Vec<String> = std::iter::once("w[0][0][1],loss".to_string())
            .chain((0..3).map(|k| format!("{},{}", a.values[k], loss[k])))
            .collect();
        assert_eq!(one.lines().collect::<Vec<_>>(), want);
        let mut two = Vec::new();
        write_csv(&mut two, &net, &objective, &train, &[a.clone(), b.clone()]).unwrap();
        let two = String::from_utf8(two).unwrap();
        let lines: Vec<&str> = two.lines().collect();
        assert_eq!(lines[0], "w[0][0][1],b[1][0],loss");
        assert_eq!(lines.len(), 1 + 6);
        let s = surface(&net, &objective, &train, &a, &b);
        assert_eq!(
            lines[4],
            format!("{},{},{}", a.values[0], b.values[1], s[3])
        );
    }

    #[test]
    fn a_parameter_is_named_and_checked_as_the_model_file_indexes_it() {
        let (net, ..) = circle();
        let w = Parameter::Weight { l: 1, j: 0, i: 3 };
        assert_eq!(w.to_string(), "w[1][0][3]");
        assert_eq!(w.value_in(&net), Some(net.weight(1, 0, 3)));
        assert!(
            Parameter::Weight { l: 1, j: 1, i: 0 }
                .value_in(&net)
                .is_none()
        );
        assert!(
            Parameter::Weight { l: 0, j: 0, i: 2 }
                .value_in(&net)
                .is_none()
        );
        assert!(
            Parameter::Weight { l: 2, j: 0, i: 0 }
                .value_in(&net)
                .is_none()
        );
        assert!(Parameter::Bias { l: 2, j: 0 }.value_in(&net).is_none());
        assert!(Parameter::Bias { l: 0, j: 4 }.value_in(&net).is_none());
        let b = Parameter::Bias { l: 0, j: 3 };
        assert_eq!(b.value_in(&net), Some(net.bias(0, 3)));
        assert_eq!(Parameter::Bias { l: 0, j: 3 }.to_string(), "b[0][3]");
        let axis = Axis::around(&net, w, 0.5, 11).unwrap();
        assert_eq!(axis.values.len(), 11);
        assert!((axis.values[5] - net.weight(1, 0, 3)).abs() < 1e-15);
        assert!((axis.values[10] - axis.values[0] - 1.0).abs() < 1e-12);
    }
}
