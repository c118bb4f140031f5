//! Activation functions: what a node does with its weighted sum.

use serde::{Deserialize, Serialize};

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
    /// `out = sum` for positive sums, `0.01·sum` otherwise (PyTorch's default slope).
    #[serde(rename = "leaky-relu")]
    LeakyRelu,
    /// `out = sum` for positive sums, `e^sum − 1` otherwise (α = 1).
    Elu,
    /// `out = ln(1 + e^sum)`.
    Softplus,
    /// `out = sum·σ(sum)` (also called SiLU).
    Swish,
    /// `out = sin(sum)`.
    Sine,
    /// `out_j = e^sum_j / Σ_k e^sum_k` over the whole layer: class probabilities. For an
    /// output layer of two or more nodes only.
    Softmax,
}

/// The slope of leaky ReLU for negative sums.
pub const LEAKY_SLOPE: f64 = 0.01;

/// `σ(x) = 1 / (1 + e^−x)`.
#[inline(always)]
pub(super) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Activation {
    /// `activation(sum)`.
    #[inline(always)]
    pub fn apply(self, sum: f64) -> f64 {
        match self {
            Activation::Identity => sum,
            Activation::Sigmoid => sigmoid(sum),
            Activation::Tanh => tanh(sum),
            Activation::Relu => sum.max(0.0),
            Activation::LeakyRelu => {
                if sum > 0.0 {
                    sum
                } else {
                    LEAKY_SLOPE * sum
                }
            }
            Activation::Elu => {
                if sum > 0.0 {
                    sum
                } else {
                    sum.exp_m1()
                }
            }
            // ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|), which never overflows.
            Activation::Softplus => sum.max(0.0) + (-sum.abs()).exp().ln_1p(),
            Activation::Swish => sum * sigmoid(sum),
            Activation::Sine => sum.sin(),
            // A layer of this one node: its share of the whole is all of it.
            Activation::Softmax => 1.0,
        }
    }

    /// `false` for softmax, whose outputs depend on the whole layer: it can only be an
    /// output layer, and a single node's value means nothing alone.
    pub fn is_per_node(self) -> bool {
        self != Activation::Softmax
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
            Activation::LeakyRelu => {
                if sum > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            Activation::Elu => {
                if sum > 0.0 {
                    1.0
                } else {
                    out + 1.0
                }
            }
            Activation::Softplus => sigmoid(sum),
            Activation::Swish => {
                let s = sigmoid(sum);
                s + sum * s * (1.0 - s)
            }
            Activation::Sine => sum.cos(),
            // ∂out_j/∂sum_j; the whole layer's Jacobian is in `scale_by_derivative`.
            Activation::Softmax => out * (1.0 - out),
        }
    }
}

/// `dst = src` for the handful of numbers a layer holds, without a call to `memcpy`
/// (whose call costs more than the copy at these sizes).
#[inline(always)]
pub(crate) fn copy_few(src: &[f64], dst: &mut [f64]) {
    let mut chunks = dst.chunks_exact_mut(2);
    let mut from = src.chunks_exact(2);
    for (d, s) in (&mut chunks).zip(&mut from) {
        d[0] = s[0];
        d[1] = s[1];
    }
    if let (Some(d), Some(s)) = (
        chunks.into_remainder().first_mut(),
        from.remainder().first(),
    ) {
        *d = *s;
    }
}

/// `tanh(x)` from one `exp` or `expm1` call where `f64::tanh` makes two, accurate to a few
/// units in the last place: `expm1(2x) / (expm1(2x) + 2)` near zero, where it avoids
/// cancellation, and the cheaper `1 − 2 / (e^{2|x|} + 1)` elsewhere; exactly ±1 beyond
/// |x| = 20 (where tanh rounds to ±1 anyway).
#[inline(always)]
fn tanh(x: f64) -> f64 {
    let a = x.abs();
    if a < 0.55 {
        let e = (2.0 * x).exp_m1();
        e / (e + 2.0)
    } else if a <= 20.0 {
        let t = 1.0 - 2.0 / ((2.0 * a).exp() + 1.0);
        t.copysign(x)
    } else if x.is_nan() {
        x
    } else {
        1.0f64.copysign(x)
    }
}

impl Activation {
    /// `outs[j] = activation(sums[j])` for a whole layer, with the choice of function made
    /// once per layer rather than once per node.
    #[inline(always)]
    pub fn apply_layer(self, sums: &[f64], outs: &mut [f64]) {
        fn each(sums: &[f64], outs: &mut [f64], f: impl Fn(f64) -> f64) {
            for (o, &s) in outs.iter_mut().zip(sums) {
                *o = f(s);
            }
        }
        match self {
            Activation::Identity => copy_few(sums, outs),
            Activation::Sigmoid => each(sums, outs, sigmoid),
            Activation::Tanh => each(sums, outs, tanh),
            Activation::Softmax => softmax(sums, outs),
            other => each(sums, outs, |s| other.apply(s)),
        }
    }

    /// `errors[j] *= activation'(sums[j])` for a whole layer, given its sums and outputs.
    #[inline(always)]
    pub fn scale_by_derivative(self, sums: &[f64], outs: &[f64], errors: &mut [f64]) {
        fn each(sums: &[f64], outs: &[f64], errors: &mut [f64], f: impl Fn(f64, f64) -> f64) {
            for ((e, &s), &o) in errors.iter_mut().zip(sums).zip(outs) {
                *e *= f(s, o);
            }
        }
        match self {
            Activation::Identity => {}
            Activation::Sigmoid => each(sums, outs, errors, |_, o| o * (1.0 - o)),
            Activation::Tanh => each(sums, outs, errors, |_, o| 1.0 - o * o),
            // The Jacobian ∂out_j/∂sum_i = out_j·(δ_ij − out_i), times the errors:
            // errors_i ← out_i·(errors_i − Σ_j errors_j·out_j).
            Activation::Softmax => {
                let dot: f64 = errors.iter().zip(outs).map(|(e, o)| e * o).sum();
                for (e, &o) in errors.iter_mut().zip(outs) {
                    *e = o * (*e - dot);
                }
            }
            other => each(sums, outs, errors, |s, o| other.derivative(s, o)),
        }
    }
}

/// `outs = softmax(sums)`, computed from `sums − max` so that no `exp` overflows.
fn softmax(sums: &[f64], outs: &mut [f64]) {
    let max = sums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut total = 0.0;
    for (o, &s) in outs.iter_mut().zip(sums) {
        *o = (s - max).exp();
        total += *o;
    }
    for o in outs.iter_mut() {
        *o /= total;
    }
}

crate::names::named!(
    Activation,
    "activation",
    [
        Identity => "identity",
        Sigmoid => "sigmoid",
        Tanh => "tanh",
        Relu => "relu",
        LeakyRelu => "leaky-relu",
        Elu => "elu",
        Softplus => "softplus",
        Swish => "swish",
        Sine => "sine",
        Softmax => "softmax",
    ]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_derivative_matches_a_central_difference() {
        let h = 1e-6;
        for act in Activation::ALL.into_iter().filter(|a| a.is_per_node()) {
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
    fn whole_layer_forms_agree_with_the_per_node_functions() {
        let sums = [-2.0, -0.5, 0.0, 0.3, 4.0];
        for act in Activation::ALL.into_iter().filter(|a| a.is_per_node()) {
            let mut outs = [0.0; 5];
            act.apply_layer(&sums, &mut outs);
            let mut errors = [1.5; 5];
            act.scale_by_derivative(&sums, &outs, &mut errors);
            for j in 0..5 {
                assert_eq!(outs[j], act.apply(sums[j]), "{act}");
                assert_eq!(errors[j], 1.5 * act.derivative(sums[j], outs[j]), "{act}");
            }
        }
    }

    #[test]
    fn tanh_agrees_with_the_standard_library_to_a_few_ulps() {
        for k in -4000..=4000 {
            let x = k as f64 / 97.0;
            let (ours, std) = (tanh(x), x.tanh());
            assert!(
                (ours - std).abs() <= 4.0 * f64::EPSILON * std.abs().max(1e-300),
                "{x}: {ours} vs {std}"
            );
        }
        assert_eq!(tanh(1e-300), 1e-300);
        assert_eq!((tanh(800.0), tanh(-800.0)), (1.0, -1.0));
        assert!(tanh(f64::NAN).is_nan());
    }

    /// `(activation, [(sum, activation(sum), activation'(sum))])`, computed with Python's
    /// `math` module (tanh, expm1, log1p, sin, cos), independently of this file.
    type Row = (f64, f64, f64);
    #[rustfmt::skip]
    const KNOWN: [(Activation, [Row; 3]); 9] = [
            (Activation::Identity, [(-2.0, -2.0, 1.0), (-0.5, -0.5, 1.0), (1.5, 1.5, 1.0)]),
            (Activation::Sigmoid, [(-2.0, 0.11920292202211755, 0.1049935854035065), (-0.5, 0.3775406687981454, 0.2350037122015945), (1.5, 0.8175744761936437, 0.14914645207033286)]),
            (Activation::Tanh, [(-2.0, -0.9640275800758169, 0.07065082485316443), (-0.5, -0.46211715726000974, 0.7864477329659274), (1.5, 0.9051482536448664, 0.18070663892364858)]),
            (Activation::Relu, [(-2.0, 0.0, 0.0), (-0.5, 0.0, 0.0), (1.5, 1.5, 1.0)]),
            (Activation::LeakyRelu, [(-2.0, -0.02, 0.01), (-0.5, -0.005, 0.01), (1.5, 1.5, 1.0)]),
            (Activation::Elu, [(-2.0, -0.8646647167633873, 0.1353352832366127), (-0.5, -0.3934693402873666, 0.6065306597126334), (1.5, 1.5, 1.0)]),
            (Activation::Softplus, [(-2.0, 0.1269280110429725, 0.11920292202211755), (-0.5, 0.4740769841801067, 0.3775406687981454), (1.5, 1.7014132779827524, 0.8175744761936437)]),
            (Activation::Swish, [(-2.0, -0.2384058440442351, -0.09078424878489547), (-0.5, -0.1887703343990727, 0.2600388126973482), (1.5, 1.2263617142904655, 1.041294154299143)]),
            (Activation::Sine, [(-2.0, -0.9092974268256817, -0.4161468365471424), (-0.5, -0.479425538604203, 0.8775825618903728), (1.5, 0.9974949866040544, 0.0707372016677029)]),
    ];

    #[test]
    fn every_activation_and_derivative_gives_known_values() {
        assert_eq!(KNOWN.map(|(a, _)| a), Activation::ALL[..9]);
        for (act, rows) in KNOWN {
            for (x, value, slope) in rows {
                let out = act.apply(x);
                assert!(
                    (out - value).abs() <= 1e-15,
                    "{act}({x}) = {out}, not {value}"
                );
                let d = act.derivative(x, out);
                assert!((d - slope).abs() <= 1e-15, "{act}'({x}) = {d}, not {slope}");
            }
        }
        // At the kink, the derivative is the left one (`sum > 0` is the positive side).
        assert_eq!(Activation::Relu.derivative(0.0, 0.0), 0.0);
        assert_eq!(Activation::LeakyRelu.derivative(0.0, 0.0), LEAKY_SLOPE);
        assert_eq!(Activation::Elu.derivative(0.0, 0.0), 1.0);
        // Softplus never overflows.
        assert_eq!(Activation::Softplus.apply(800.0), 800.0);
        assert_eq!(Activation::Softplus.apply(-800.0), 0.0);
    }

    #[test]
    fn names_on_the_command_line_and_in_files_are_these() {
        let names = [
            (Activation::Identity, "identity"),
            (Activation::Sigmoid, "sigmoid"),
            (Activation::Tanh, "tanh"),
            (Activation::Relu, "relu"),
            (Activation::LeakyRelu, "leaky-relu"),
            (Activation::Elu, "elu"),
            (Activation::Softplus, "softplus"),
            (Activation::Swish, "swish"),
            (Activation::Sine, "sine"),
            (Activation::Softmax, "softmax"),
        ];
        assert_eq!(names.map(|(a, _)| a), Activation::ALL);
        for (act, name) in names {
            assert_eq!(act.to_string(), name);
            assert_eq!(name.parse::<Activation>().unwrap(), act);
            assert_eq!(serde_json::to_string(&act).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<Activation>(&format!("\"{name}\"")).unwrap(),
                act
            );
        }
        assert_eq!(
            "softmin".parse::<Activation>().unwrap_err().to_string(),
            "unknown activation 'softmin' (known: identity, sigmoid, tanh, relu, leaky-relu, \
             elu, softplus, swish, sine, softmax)"
        );
        assert!(
            "Sigmoid".parse::<Activation>().is_err(),
            "names are lower case"
        );
    }

    #[test]
    fn softmax_gives_probabilities_that_no_large_sum_overflows() {
        let mut outs = [0.0; 3];
        Activation::Softmax.apply_layer(&[1.0, 2.0, 3.0], &mut outs);
        // Independently: e^1, e^2, e^3 over their sum (Python's math.exp).
        let want = [0.09003057317038046, 0.24472847105479764, 0.6652409557748219];
        for (o, w) in outs.iter().zip(want) {
            assert!((o - w).abs() < 1e-15, "{outs:?}");
        }
        Activation::Softmax.apply_layer(&[1000.0, 1000.0, -1000.0], &mut outs);
        assert_eq!(outs, [0.5, 0.5, 0.0]);
    }

    #[test]
    fn softmax_back_propagates_through_its_whole_jacobian() {
        let sums = [0.3, -1.2, 2.0, 0.0];
        let errors = [0.5, -1.0, 0.25, 2.0];
        let mut outs = [0.0; 4];
        Activation::Softmax.apply_layer(&sums, &mut outs);
        let mut scaled = errors;
        Activation::Softmax.scale_by_derivative(&sums, &outs, &mut scaled);
        // Central differences of Σ_j errors_j·softmax(sums)_j.
        let h = 1e-6;
        let f = |s: &[f64]| {
            let mut o = [0.0; 4];
            Activation::Softmax.apply_layer(s, &mut o);
            o.iter().zip(&errors).map(|(o, e)| o * e).sum::<f64>()
        };
        for i in 0..4 {
            let (mut up, mut down) = (sums, sums);
            up[i] += h;
            down[i] -= h;
            let numeric = (f(&up) - f(&down)) / (2.0 * h);
            assert!(
                (numeric - scaled[i]).abs() < 1e-8,
                "{i}: {numeric} vs {}",
                scaled[i]
            );
        }
        assert!(!Activation::Softmax.is_per_node());
        assert!(Activation::ALL[..9].iter().all(|a| a.is_per_node()));
    }
}
