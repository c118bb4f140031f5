//! Each neuron's maths with the numbers in it: the equations of forward propagation,
//! back-propagation, the gradient and the update, written out for one sample of an
//! [`Inspection`] (the step inspector's numbers, `scratchnet inspect --explain`).
//!
//! `z = w₁·x₁ + w₂·x₂ + b = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775`, then
//! `a = σ(z) = σ(0.3775) = 0.593270`, and so on to `w₁ ← w₁ − η·∂L/∂w₁ = …`.

use super::{Activation, Inspection, Loss, Network, Objective};

/// How many digits a number is written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digits {
    /// Rounded to this many significant digits (a number that is short already, such as
    /// 0.15 or 0.3775, is written as it is).
    Significant(usize),
    /// Every digit: the shortest form that reads back as the same `f64`.
    All,
}

impl Default for Digits {
    fn default() -> Self {
        Digits::Significant(6)
    }
}

/// The most terms of a sum written out; the rest are counted.
pub const MOST_TERMS: usize = 4;

/// `v` written with `digits`.
pub fn number(v: f64, digits: Digits) -> String {
    let Digits::Significant(n) = digits else {
        return format!("{v}");
    };
    if !v.is_finite() || v == 0.0 {
        return format!("{v}");
    }
    let n = n.clamp(1, 17);
    let magnitude = v.abs().log10().floor() as i32;
    if !(-4..6).contains(&magnitude) {
        return format!("{v:.*e}", n - 1);
    }
    // A number short up to rounding noise (0.37750000000000006) is written short.
    let decimals_for = |n: usize| (n as i32 - 1 - magnitude).max(0) as usize;
    let precise = format!("{v:.*}", decimals_for(12));
    let trimmed = if precise.contains('.') {
        precise.trim_end_matches('0').trim_end_matches('.')
    } else {
        &precise
    };
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if digits.trim_start_matches('0').len() <= n {
        return trimmed.to_string();
    }
    format!("{v:.*}", decimals_for(n))
}

/// `v` as a factor of a product: in parentheses when negative.
fn factor(v: f64, digits: Digits) -> String {
    let text = number(v, digits);
    if text.starts_with('-') {
        format!("({text})")
    } else {
        text
    }
}

/// `n` (from 1) as subscript digits.
fn sub(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

/// `first + second + …`, at most [`MOST_TERMS`] terms and then how many more.
fn sum_of(terms: &[String]) -> String {
    let shown = terms.iter().take(MOST_TERMS).cloned().collect::<Vec<_>>();
    let rest = terms.len().saturating_sub(MOST_TERMS);
    let mut text = shown.join(" + ");
    if rest > 0 {
        text += &format!(" + … ({rest} more terms)");
    }
    text
}

/// Which of the three steps an equation belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Forward propagation: the sum and the activation.
    Forward,
    /// Back-propagation: the error `δ`.
    Backward,
    /// The gradient of each incoming weight and the bias.
    Gradient,
    /// The parameter update.
    Update,
}

impl Step {
    /// The step's name, as the seed article names it.
    pub fn title(self) -> &'static str {
        match self {
            Step::Forward => "Forward propagation",
            Step::Backward => "Back-propagation",
            Step::Gradient => "Gradient",
            Step::Update => "Update",
        }
    }
}

/// One neuron's equations.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeMaths {
    /// The weight layer into the neuron (0: the first hidden layer).
    pub layer: usize,
    /// The neuron, counted from 0.
    pub node: usize,
    /// Its equations in order, each with its step.
    pub lines: Vec<(Step, String)>,
}

/// The function name an activation is written with.
fn name_of(act: Activation) -> &'static str {
    match act {
        Activation::Identity => "id",
        Activation::Sigmoid => "σ",
        Activation::Tanh => "tanh",
        Activation::Relu => "ReLU",
        Activation::LeakyRelu => "leakyReLU",
        Activation::Elu => "ELU",
        Activation::Softplus => "softplus",
        Activation::Swish => "swish",
        Activation::Sine => "sin",
        Activation::Softmax => "softmax",
    }
}

/// Node `j` of weight layer `l` in `ins` (made for `net` with `objective`), its equations.
pub fn node_maths(
    net: &Network,
    objective: &Objective,
    ins: &Inspection,
    (l, j): (usize, usize),
    d: Digits,
) -> NodeMaths {
    let f = |v: f64| number(v, d);
    let p = |v: f64| factor(v, d);
    let inputs: &[f64] = if l == 0 { &ins.x } else { &ins.outs[l - 1] };
    let input_name = |i: usize| format!("{}{}", if l == 0 { "x" } else { "a" }, sub(i + 1));
    let act = net.activations()[l];
    let (z, a, delta) = (ins.sums[l][j], ins.outs[l][j], ins.deltas[l][j]);
    let mut lines = Vec::new();
    // Forward: the weighted sum, then the activation.
    let symbols: Vec<String> = (0..inputs.len())
        .map(|i| format!("w{}·{}", sub(i + 1), input_name(i)))
        .collect();
    let values: Vec<String> = (0..inputs.len())
        .map(|i| format!("{}·{}", p(net.weight(l, j, i)), p(inputs[i])))
        .collect();
    let b = net.bias(l, j);
    lines.push((
        Step::Forward,
        format!(
            "z = {} + b = {} + {} = {}",
            sum_of(&symbols),
            sum_of(&values),
            f(b),
            f(z)
        ),
    ));
    let name = name_of(act);
    lines.push((
        Step::Forward,
        if act == Activation::Softmax {
            format!(
                "a = e^z / Σₖ e^zₖ (over the layer's {} outputs) = {}",
                ins.outs[l].len(),
                f(a)
            )
        } else {
            format!("a = {name}(z) = {name}({}) = {}", f(z), f(a))
        },
    ));
    lines.extend(backward(net, objective, ins, (l, j), d));
    // The gradient and the update of each incoming weight, then of the bias.
    let n = ins.averaged_over;
    let per = if n > 1 {
        format!("/{n}")
    } else {
        String::new()
    };
    let eta = f(ins.learning_rate);
    let shown = inputs.len().min(MOST_TERMS);
    let more = (inputs.len() > MOST_TERMS)
        .then(|| format!("… and {} more weights alike", inputs.len() - MOST_TERMS));
    for (i, &input) in inputs.iter().enumerate().take(shown) {
        let (k, g) = (sub(i + 1), ins.grads_w[l][j][i]);
        let line = format!(
            "∂L/∂w{k} = δ·{} = {}·{} = {}",
            input_name(i),
            p(delta),
            p(input),
            f(g)
        );
        lines.push((Step::Gradient, line));
    }
    lines.extend(more.clone().map(|m| (Step::Gradient, m)));
    lines.push((
        Step::Gradient,
        format!("∂L/∂b = δ = {}", f(ins.grads_b[l][j])),
    ));
    for i in 0..shown {
        let (k, g) = (sub(i + 1), ins.grads_w[l][j][i]);
        let line = format!(
            "w{k} ← w{k} − η·∂L/∂w{k}{per} = {} − {eta}·{}{per} = {}",
            f(net.weight(l, j, i)),
            p(g),
            f(ins.new_weights[l][j][i])
        );
        lines.push((Step::Update, line));
    }
    lines.extend(more.map(|m| (Step::Update, m)));
    lines.push((
        Step::Update,
        format!(
            "b ← b − η·∂L/∂b{per} = {} − {eta}·{}{per} = {}",
            f(b),
            p(ins.grads_b[l][j]),
            f(ins.new_biases[l][j])
        ),
    ));
    NodeMaths {
        layer: l,
        node: j,
        lines,
    }
}

/// The neuron's `δ = ∂L/∂z`: from the loss at the output, from the next layer's errors
/// otherwise.
fn backward(
    net: &Network,
    objective: &Objective,
    ins: &Inspection,
    (l, j): (usize, usize),
    d: Digits,
) -> Vec<(Step, String)> {
    let f = |v: f64| number(v, d);
    let p = |v: f64| factor(v, d);
    let act = net.activations()[l];
    let (z, a, delta) = (ins.sums[l][j], ins.outs[l][j], ins.deltas[l][j]);
    let last = l + 1 == net.layers().len() - 1;
    let slope = act.derivative(z, a);
    let name = name_of(act);
    if !last {
        let next = &ins.deltas[l + 1];
        let symbols: Vec<String> = (0..next.len())
            .map(|k| format!("w→{}·δ{}", sub(k + 1), sub(k + 1)))
            .collect();
        let values: Vec<String> = (0..next.len())
            .map(|k| format!("{}·{}", p(net.weight(l + 1, k, j)), p(next[k])))
            .collect();
        return vec![(
            Step::Backward,
            format!(
                "δ = ({}) · {name}′(z) = ({}) · {} = {}",
                sum_of(&symbols),
                sum_of(&values),
                p(slope),
                f(delta)
            ),
        )];
    }
    let (outs, y) = (&ins.outs[l], &ins.y);
    let mut dl_da = vec![0.0; outs.len()];
    objective.output_gradient(outs, y, &mut dl_da);
    if objective.gives_sum_gradient() {
        return vec![(
            Step::Backward,
            format!(
                "δ = a − y = {} − {} = {}   (softmax with cross-entropy: δₖ = aₖ − yₖ for \
                 each of the layer's outputs)",
                f(a),
                p(y[j]),
                f(delta)
            ),
        )];
    }
    let loss_line = match objective.loss() {
        Loss::HalfSquaredError => {
            format!("∂L/∂a = a − y = {} − {} = {}", f(a), p(y[j]), f(dl_da[j]))
        }
        Loss::MeanSquaredError => {
            format!(
                "∂L/∂a = 2·(a − y) = 2·({} − {}) = {}",
                f(a),
                p(y[j]),
                f(dl_da[j])
            )
        }
        _ => format!("∂L/∂a = {}", f(dl_da[j])),
    };
    let delta_line = if act == Activation::Softmax {
        let s: f64 = outs.iter().zip(&dl_da).map(|(a, g)| a * g).sum();
        format!(
            "δ = a·(∂L/∂a − Σₖ aₖ·∂L/∂aₖ) = {}·({} − {}) = {}   (softmax: the whole layer)",
            f(a),
            f(dl_da[j]),
            p(s),
            f(delta)
        )
    } else {
        format!(
            "δ = ∂L/∂a · {name}′(z) = {} · {} = {}",
            p(dl_da[j]),
            p(slope),
            f(delta)
        )
    };
    vec![(Step::Backward, loss_line), (Step::Backward, delta_line)]
}

/// Every neuron's equations, layer by layer.
pub fn all_maths(
    net: &Network,
    objective: &Objective,
    ins: &Inspection,
    d: Digits,
) -> Vec<NodeMaths> {
    (0..net.layers().len() - 1)
        .flat_map(|l| (0..net.layers()[l + 1]).map(move |j| (l, j)))
        .map(|lj| node_maths(net, objective, ins, lj, d))
        .collect()
}

/// The equations as text: a heading per neuron, then its lines under the step's name.
pub fn to_text(maths: &[NodeMaths], layers: usize) -> String {
    let mut text = String::new();
    for m in maths {
        let kind = if m.layer + 2 == layers {
            "output"
        } else {
            "hidden layer"
        };
        let which = if m.layer + 2 == layers {
            format!("{kind} {}", m.node + 1)
        } else {
            format!("{kind} {}, neuron {}", m.layer + 1, m.node + 1)
        };
        text += &format!("{which}\n");
        let mut step = None;
        for (s, line) in &m.lines {
            if step != Some(*s) {
                text += &format!("  {}\n", s.title());
                step = Some(*s);
            }
            text += &format!("    {line}\n");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{inspect, seed_example};

    #[test]
    fn numbers_are_six_significant_digits_unless_short_or_every_digit_is_asked_for() {
        let six = Digits::default();
        assert_eq!(number(0.15, six), "0.15");
        assert_eq!(number(0.15 * 0.05 + 0.2 * 0.1 + 0.35, six), "0.3775");
        assert_eq!(number(0.5932699921071872, six), "0.593270");
        assert_eq!(number(-1.09590596705977, six), "-1.09591");
        assert_eq!(number(123456.789, six), "123457");
        assert_eq!(number(1234567.8, six), "1.23457e6");
        assert_eq!(number(0.0000123456789, six), "1.23457e-5");
        assert_eq!(number(0.0, six), "0");
        assert_eq!(
            number(0.5932699921071872, Digits::All),
            "0.5932699921071872"
        );
        assert_eq!(number(2.0, six), "2");
    }

    /// The seed's `[2,2,2]` example, inspected with its learning rate.
    fn seed_maths(d: Digits) -> Vec<NodeMaths> {
        let net = seed_example::network();
        let objective = Objective::reference();
        let ins = inspect(
            &net,
            &objective,
            0,
            (&seed_example::X, &seed_example::Y),
            (seed_example::LR, 1),
        );
        all_maths(&net, &objective, &ins, d)
    }

    #[test]
    fn the_seeds_example_gives_the_articles_numbers() {
        let maths = seed_maths(Digits::default());
        let h1: Vec<&str> = maths[0].lines.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            h1[0],
            "z = w₁·x₁ + w₂·x₂ + b = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775"
        );
        assert_eq!(h1[1], "a = σ(z) = σ(0.3775) = 0.593270");
        assert_eq!(
            h1[2],
            "δ = (w→₁·δ₁ + w→₂·δ₂) · σ′(z) = (0.4·1.09591 + 0.5·0.234921) · 0.241301 = 0.134121"
        );
        assert_eq!(h1[3], "∂L/∂w₁ = δ·x₁ = 0.134121·0.05 = 0.00670603");
        assert_eq!(
            h1[6],
            "w₁ ← w₁ − η·∂L/∂w₁ = 0.15 − 0.1·0.00670603 = 0.149329"
        );
        assert_eq!(h1[8], "b ← b − η·∂L/∂b = 0.35 − 0.1·0.134121 = 0.336588");
        let steps: Vec<Step> = maths[0].lines.iter().map(|(s, _)| *s).collect();
        use Step::*;
        assert_eq!(
            steps,
            [
                Forward, Forward, Backward, Gradient, Gradient, Gradient, Update, Update, Update
            ]
        );
        let o1: Vec<&str> = maths[2].lines.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(o1[1], "a = id(z) = id(1.10591) = 1.10591");
        assert_eq!(o1[2], "∂L/∂a = a − y = 1.10591 − 0.01 = 1.09591");
        assert_eq!(o1[3], "δ = ∂L/∂a · id′(z) = 1.09591 · 1 = 1.09591");
        assert_eq!(o1[4], "∂L/∂w₁ = δ·a₁ = 1.09591·0.593270 = 0.650168");
    }

    #[test]
    fn every_digit_gives_the_references_numbers_themselves() {
        let maths = seed_maths(Digits::All);
        let all: String = maths
            .iter()
            .flat_map(|m| &m.lines)
            .map(|(_, l)| l.clone())
            .collect();
        for v in seed_example::GRADS_W
            .iter()
            .chain(&seed_example::NEW_WEIGHTS)
        {
            assert!(all.contains(&format!("{v}")), "{v} in {all}");
        }
        for v in seed_example::NEW_BIASES {
            assert!(all.contains(&format!("= {v}")), "{v}");
        }
    }

    #[test]
    fn a_negative_factor_is_in_parentheses() {
        assert_eq!(factor(-0.5, Digits::default()), "(-0.5)");
        assert_eq!(factor(0.5, Digits::default()), "0.5");
    }

    #[test]
    fn a_long_sum_shows_its_first_terms_and_a_count() {
        let terms: Vec<String> = (1..=7).map(|k| k.to_string()).collect();
        assert_eq!(sum_of(&terms), "1 + 2 + 3 + 4 + … (3 more terms)");
        assert_eq!(sum_of(&terms[..2]), "1 + 2");
    }
}
