//! How a batch's averaged gradient moves the weights: SGD (the reference), momentum,
//! Nesterov, RMSprop and Adam with PyTorch's `torch.optim` update rules; regularization as
//! TF Playground applies it; learning-rate schedules.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Gradients, NnError};

/// The update rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    /// `p ← p − lr·g` (the reference).
    #[default]
    Sgd,
    /// `b ← μ·b + g` (b = g at the first step), `p ← p − lr·b`.
    Momentum,
    /// Like momentum, but `p ← p − lr·(g + μ·b)`.
    Nesterov,
    /// `s ← α·s + (1 − α)·g²`, `p ← p − lr·g / (√s + ε)`.
    Rmsprop,
    /// `m ← β1·m + (1 − β1)·g`, `v ← β2·v + (1 − β2)·g²`,
    /// `p ← p − (lr / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε)`.
    Adam,
}

impl OptimizerKind {}

crate::names::named!(
    OptimizerKind,
    "optimizer",
    [
        Sgd => "sgd",
        Momentum => "momentum",
        Nesterov => "nesterov",
        Rmsprop => "rmsprop",
        Adam => "adam",
    ]
);

/// An optimizer and its hyper-parameters (PyTorch's defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Optimizer {
    /// The update rule.
    pub kind: OptimizerKind,
    /// μ of momentum and Nesterov.
    pub momentum: f64,
    /// β1 of Adam.
    pub beta1: f64,
    /// β2 of Adam; also RMSprop's α.
    pub beta2: f64,
    /// ε of RMSprop and Adam.
    pub eps: f64,
}

impl Default for Optimizer {
    fn default() -> Self {
        Optimizer {
            kind: OptimizerKind::Sgd,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }
}

impl Optimizer {
    /// An optimizer of this kind with PyTorch's default hyper-parameters (RMSprop: α 0.99).
    pub fn of(kind: OptimizerKind) -> Self {
        let mut o = Optimizer {
            kind,
            ..Optimizer::default()
        };
        if kind == OptimizerKind::Rmsprop {
            o.beta2 = 0.99;
        }
        o
    }

    /// Checks the hyper-parameters: μ, β1, β2 in [0, 1), ε > 0.
    pub fn validate(&self) -> Result<(), NnError> {
        let unit = |name: &str, v: f64| {
            if (0.0..1.0).contains(&v) {
                Ok(())
            } else {
                Err(NnError::OutOfRange(format!(
                    "{name} must be in [0, 1), got {v}"
                )))
            }
        };
        unit("momentum", self.momentum)?;
        unit("beta1", self.beta1)?;
        unit("beta2", self.beta2)?;
        if !(self.eps.is_finite() && self.eps > 0.0) {
            return Err(NnError::OutOfRange(format!(
                "eps must be a finite number > 0, got {}",
                self.eps
            )));
        }
        Ok(())
    }
}

/// An optimizer's memory between steps, one slot per parameter (weights, then biases),
/// and the weights that L1 has killed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OptimizerState {
    /// Steps taken.
    pub step: u64,
    /// Momentum buffer, or Adam's first moment.
    pub first: Vec<f64>,
    /// RMSprop's square average, or Adam's second moment.
    pub second: Vec<f64>,
    /// Dead links, as TF Playground has them: the weights (flat indices, ascending) that
    /// an L1 step carried across zero. They stay 0 and are never updated again, whatever
    /// the settings, until the network is re-initialised.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dead: Vec<usize>,
    /// TF's step: a short last batch's gradients not applied yet, carried into the next
    /// epoch's first batch (see `TrainConfig::carry_remainder`). Saved with the run, so that
    /// a run resumed from a file or a rewind moment takes them along.
    #[serde(skip_serializing_if = "Carried::is_empty")]
    pub carried: Carried,
}

/// Gradient terms summed and not yet applied: how many, and their sums.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Carried {
    /// Gradient terms summed (samples × outputs).
    pub terms: usize,
    /// Their weight gradients, summed, laid out as the weights.
    pub weights: Vec<f64>,
    /// Their bias gradients, summed, laid out as the biases.
    pub biases: Vec<f64>,
}

impl Carried {
    /// `true` when nothing is carried.
    pub fn is_empty(&self) -> bool {
        self.terms == 0
    }

    /// Carries `terms` more gradient terms; `grads` holds the sums of all carried so far.
    pub fn keep(&mut self, terms: usize, grads: &Gradients) {
        self.terms += terms;
        self.weights.clone_from(&grads.weights);
        self.biases.clone_from(&grads.biases);
    }

    /// Puts the carried sums back into `grads`, to be applied with the next batch; when
    /// nothing is carried, or the sums do not fit `grads`' network, both are cleared.
    pub fn restore(&mut self, grads: &mut Gradients) {
        let fits =
            self.weights.len() == grads.weights.len() && self.biases.len() == grads.biases.len();
        if self.is_empty() || !fits {
            *self = Carried::default();
            grads.clear();
        } else {
            grads.weights.copy_from_slice(&self.weights);
            grads.biases.copy_from_slice(&self.biases);
        }
    }
}

impl OptimizerState {
    /// Forgets everything (Reset).
    pub fn clear(&mut self) {
        *self = OptimizerState::default();
    }

    /// Forgets the optimizer's moments (another update rule takes over); dead links stay
    /// dead, carried gradients stay carried.
    pub fn forget_moments(&mut self) {
        let dead = std::mem::take(&mut self.dead);
        let carried = std::mem::take(&mut self.carried);
        *self = OptimizerState {
            dead,
            carried,
            ..OptimizerState::default()
        };
    }

    /// Applies one step to the weights and biases with their averaged gradients.
    pub fn step(
        &mut self,
        opt: &Optimizer,
        weights: (&mut [f64], &[f64]),
        biases: (&mut [f64], &[f64]),
        lr: f64,
    ) {
        let n = weights.0.len() + biases.0.len();
        let needs = |v: &Vec<f64>| v.len() != n;
        // Size the buffers the rule uses (SGD uses none).
        match opt.kind {
            OptimizerKind::Momentum | OptimizerKind::Nesterov if needs(&self.first) => {
                self.first = vec![0.0; n];
            }
            OptimizerKind::Rmsprop if needs(&self.second) => self.second = vec![0.0; n],
            OptimizerKind::Adam if needs(&self.first) || needs(&self.second) => {
                self.first = vec![0.0; n];
                self.second = vec![0.0; n];
            }
            _ => {}
        }
        self.step += 1;
        let split = weights.0.len();
        self.apply(opt, weights.0, weights.1, 0, lr);
        self.apply(opt, biases.0, biases.1, split, lr);
    }

    /// The update of one run of parameters whose state starts at `offset`.
    fn apply(
        &mut self,
        opt: &Optimizer,
        params: &mut [f64],
        grads: &[f64],
        offset: usize,
        lr: f64,
    ) {
        let len = params.len();
        let first_step = self.step == 1;
        match opt.kind {
            OptimizerKind::Sgd => {
                for (p, g) in params.iter_mut().zip(grads) {
                    *p -= lr * g;
                }
            }
            OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                let mu = opt.momentum;
                let nesterov = opt.kind == OptimizerKind::Nesterov;
                let buffer = &mut self.first[offset..offset + len];
                for ((p, &g), b) in params.iter_mut().zip(grads).zip(buffer) {
                    *b = if first_step { g } else { mu * *b + g };
                    let d = if nesterov { g + mu * *b } else { *b };
                    *p -= lr * d;
                }
            }
            OptimizerKind::Rmsprop => {
                let alpha = opt.beta2;
                let squares = &mut self.second[offset..offset + len];
                for ((p, &g), s) in params.iter_mut().zip(grads).zip(squares) {
                    *s = alpha * *s + (1.0 - alpha) * g * g;
                    *p -= lr * g / (s.sqrt() + opt.eps);
                }
            }
            OptimizerKind::Adam => {
                let t = self.step as i32;
                let bc1 = 1.0 - opt.beta1.powi(t);
                let bc2_sqrt = (1.0 - opt.beta2.powi(t)).sqrt();
                let step_size = lr / bc1;
                let moments = self.first[offset..offset + len]
                    .iter_mut()
                    .zip(&mut self.second[offset..offset + len]);
                for ((p, &g), (m, v)) in params.iter_mut().zip(grads).zip(moments) {
                    *m = opt.beta1 * *m + (1.0 - opt.beta1) * g;
                    *v = opt.beta2 * *v + (1.0 - opt.beta2) * g * g;
                    let denom = v.sqrt() / bc2_sqrt + opt.eps;
                    *p -= step_size * *m / denom;
                }
            }
        }
    }
}

/// A penalty on large weights (biases are left alone, as in TF Playground).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Regularization {
    /// No penalty.
    #[default]
    None,
    /// `|w|`: pushes weights to exactly zero.
    L1,
    /// `w²/2`: shrinks weights.
    L2,
}

impl Regularization {
    /// The penalty's derivative at `w`; L1's is TF Playground's sign of `w` (0 at zero:
    /// `w < 0 ? −1 : (w > 0 ? 1 : 0)`, as TF's `nn.ts` has had it since dead links came).
    #[inline]
    pub fn derivative(self, w: f64) -> f64 {
        match self {
            Regularization::None => 0.0,
            Regularization::L1 => {
                if w < 0.0 {
                    -1.0
                } else if w > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Regularization::L2 => w,
        }
    }

    /// TF Playground's step after an update: `w ← w − lr·rate·R'(w_before)`, where an L1
    /// step that would carry a weight across zero sets it to zero instead. Returns `true`
    /// then: the link is dead from now on.
    #[inline]
    #[must_use]
    pub fn apply(self, w: &mut f64, before: f64, lr_times_rate: f64) -> bool {
        let next = *w - lr_times_rate * self.derivative(before);
        if self == Regularization::L1 && *w * next < 0.0 {
            *w = 0.0;
            true
        } else {
            *w = next;
            false
        }
    }
}

crate::names::named!(
    Regularization,
    "regularization",
    [
        None => "none",
        L1 => "l1",
        L2 => "l2",
    ]
);

/// How the learning rate changes with the epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Schedule {
    /// The same rate throughout.
    #[default]
    Constant,
    /// `lr·factor^⌊epoch / every⌋`.
    Step {
        /// Epochs between drops.
        every: u64,
        /// Multiplier at each drop.
        factor: f64,
    },
    /// `lr·gamma^epoch`.
    Exp {
        /// Multiplier per epoch.
        gamma: f64,
    },
}

impl Schedule {
    /// The rate for an epoch (`epoch` = epochs finished before it, from 0).
    pub fn rate(&self, base: f64, epoch: u64) -> f64 {
        match *self {
            Schedule::Constant => base,
            Schedule::Step { every, factor } => base * factor.powf((epoch / every.max(1)) as f64),
            Schedule::Exp { gamma } => base * gamma.powf(epoch as f64),
        }
    }

    /// Checks the parameters: `every ≥ 1`, factors in (0, 1].
    pub fn validate(&self) -> Result<(), NnError> {
        let check = |name: &str, v: f64| {
            if v > 0.0 && v <= 1.0 {
                Ok(())
            } else {
                Err(NnError::OutOfRange(format!(
                    "{name} must be in (0, 1], got {v}"
                )))
            }
        };
        match *self {
            Schedule::Constant => Ok(()),
            Schedule::Step { every, factor } => {
                if every == 0 {
                    return Err(NnError::OutOfRange(
                        "step schedule: EVERY must be ≥ 1".into(),
                    ));
                }
                check("step factor", factor)
            }
            Schedule::Exp { gamma } => check("gamma", gamma),
        }
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Constant => write!(f, "constant"),
            Schedule::Step { every, factor } => write!(f, "step:{every}:{factor}"),
            Schedule::Exp { gamma } => write!(f, "exp:{gamma}"),
        }
    }
}

impl FromStr for Schedule {
    type Err = NnError;

    /// `constant`, `step:EVERY:FACTOR` or `exp:GAMMA`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            NnError::from(crate::names::UnknownName {
                what: "learning-rate schedule",
                name: s.to_string(),
                known: "constant, step:EVERY:FACTOR, exp:GAMMA".into(),
            })
        };
        let parts: Vec<&str> = s.split(':').collect();
        let schedule = match parts.as_slice() {
            ["constant"] => Schedule::Constant,
            ["step", every, factor] => Schedule::Step {
                every: every.parse().map_err(|_| bad())?,
                factor: factor.parse().map_err(|_| bad())?,
            },
            ["exp", gamma] => Schedule::Exp {
                gamma: gamma.parse().map_err(|_| bad())?,
            },
            _ => return Err(bad()),
        };
        schedule.validate()?;
        Ok(schedule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two steps on one parameter p = 1 with gradients 0.5 then −0.25, lr 0.1, computed by
    /// hand from PyTorch's formulas.
    fn two_steps(opt: Optimizer) -> f64 {
        let mut state = OptimizerState::default();
        let (mut w, mut b) = ([1.0], [1.0]);
        state.step(&opt, (&mut w, &[0.5]), (&mut b, &[0.5]), 0.1);
        state.step(&opt, (&mut w, &[-0.25]), (&mut b, &[-0.25]), 0.1);
        assert_eq!(
            w, b,
            "weights and biases follow the same rule with their own state"
        );
        w[0]
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-15
    }

    #[test]
    fn sgd_takes_plain_steps() {
        // 1 − 0.05 + 0.025
        assert!(close(two_steps(Optimizer::of(OptimizerKind::Sgd)), 0.975));
    }

    #[test]
    fn momentum_starts_its_buffer_at_the_first_gradient() {
        // b1 = 0.5, p = 0.95; b2 = 0.9·0.5 − 0.25 = 0.2, p = 0.95 − 0.02 = 0.93
        assert!(close(
            two_steps(Optimizer::of(OptimizerKind::Momentum)),
            0.93
        ));
    }

    #[test]
    fn nesterov_looks_ahead_along_the_buffer() {
        // b1 = 0.5, d1 = 0.5 + 0.45 = 0.95, p = 0.905;
        // b2 = 0.2, d2 = −0.25 + 0.18 = −0.07, p = 0.905 + 0.007 = 0.912
        let p = two_steps(Optimizer::of(OptimizerKind::Nesterov));
        assert!(close(p, 0.912), "{p}");
    }

    #[test]
    fn rmsprop_divides_by_the_root_mean_square() {
        // s1 = 0.01·0.25 = 0.0025, p = 1 − 0.1·0.5/(0.05 + 1e-8)
        // s2 = 0.99·0.0025 + 0.01·0.0625 = 0.003100, p −= 0.1·(−0.25)/(√0.0031 + 1e-8)
        let s1: f64 = 0.0025;
        let p1 = 1.0 - 0.1 * 0.5 / (s1.sqrt() + 1e-8);
        let s2: f64 = 0.99 * s1 + 0.01 * 0.0625;
        let p2 = p1 - 0.1 * -0.25 / (s2.sqrt() + 1e-8);
        assert!(close(two_steps(Optimizer::of(OptimizerKind::Rmsprop)), p2));
        assert!((p2 - 0.44901).abs() < 1e-4, "{p2}");
    }

    #[test]
    fn adam_corrects_its_moments_bias() {
        // Step 1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25: p = 1 − 0.1·0.5/(0.5 + 1e-8).
        let p1 = 1.0 - 0.1 * 0.05 / 0.1 / ((0.00025f64).sqrt() / (0.001f64).sqrt() + 1e-8);
        assert!((p1 - 0.9).abs() < 1e-8);
        // Step 2: m = 0.045 − 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225.
        let (m, v): (f64, f64) = (0.9 * 0.05 + 0.1 * -0.25, 0.999 * 0.00025 + 0.001 * 0.0625);
        let bc1 = 1.0 - 0.81;
        let bc2: f64 = 1.0 - 0.999 * 0.999;
        let p2 = p1 - (0.1 / bc1) * m / (v.sqrt() / bc2.sqrt() + 1e-8);
        let got = two_steps(Optimizer::of(OptimizerKind::Adam));
        assert!((got - p2).abs() < 1e-14, "{got} vs {p2}");
        assert!((p2 - 0.9 + 0.0266).abs() < 1e-3, "a small step back: {p2}");
    }

    #[test]
    fn l1_stops_a_weight_at_zero_instead_of_crossing_it_and_kills_it() {
        let mut w = 0.001;
        assert!(Regularization::L1.apply(&mut w, 0.001, 0.01), "dead");
        assert_eq!(w, 0.0);
        let mut w = 0.5;
        assert!(!Regularization::L1.apply(&mut w, 0.5, 0.1), "alive");
        assert!(close(w, 0.4));
        let mut w = 0.5;
        assert!(!Regularization::L2.apply(&mut w, 0.5, 0.1));
        assert!(close(w, 0.45));
        // L2 never kills, even when a step crosses zero.
        let mut w = 0.5;
        assert!(!Regularization::L2.apply(&mut w, 0.5, 3.0));
        assert!(close(w, -1.0));
    }

    #[test]
    fn another_optimizer_forgets_the_moments_but_not_the_dead_links_or_carried_gradients() {
        let carried = Carried {
            terms: 2,
            weights: vec![0.5; 2],
            biases: vec![0.25],
        };
        let mut state = OptimizerState {
            step: 3,
            first: vec![1.0; 4],
            second: vec![2.0; 4],
            dead: vec![1, 3],
            carried: carried.clone(),
        };
        state.forget_moments();
        assert_eq!(
            state,
            OptimizerState {
                dead: vec![1, 3],
                carried,
                ..OptimizerState::default()
            }
        );
        state.clear();
        assert_eq!(state, OptimizerState::default());
    }

    #[test]
    fn each_penalty_pulls_a_weight_towards_zero_from_either_side() {
        use Regularization::{L1, L2, None};
        for (reg, w, slope) in [
            (L1, 0.5, 1.0),
            (L1, -0.5, -1.0),
            (L1, 0.0, 0.0),
            (L2, -0.5, -0.5),
            (L2, 2.0, 2.0),
            (None, 3.0, 0.0),
        ] {
            assert_eq!(reg.derivative(w), slope, "{reg:?} at {w}");
        }
        let after = |reg: Regularization, w: f64, step: f64| {
            let mut v = w;
            let _ = reg.apply(&mut v, w, step);
            v
        };
        assert!(close(after(L1, 0.5, 0.1), 0.4));
        assert!(close(after(L1, -0.5, 0.1), -0.4));
        assert_eq!(after(L1, -0.001, 0.01), 0.0, "stops at zero from below too");
        // At zero TF Playground's L1 slope is 0: a weight at 0 stays there.
        assert_eq!(after(L1, 0.0, 0.1), 0.0);
        // L2 is a plain step, even one so large that it crosses zero.
        assert!(close(after(L2, 0.5, 3.0), -1.0));
        assert_eq!(after(None, 0.5, 3.0), 0.5);
    }

    #[test]
    fn adam_sizes_both_moments_whatever_state_it_was_given() {
        let mut state = OptimizerState {
            step: 0,
            first: vec![0.0; 2],
            second: Vec::new(),
            ..OptimizerState::default()
        };
        let (mut w, mut b) = ([1.0], [1.0]);
        let adam = Optimizer::of(OptimizerKind::Adam);
        state.step(&adam, (&mut w, &[0.5]), (&mut b, &[0.5]), 0.1);
        assert_eq!((state.first.len(), state.second.len()), (2, 2));
        assert!((w[0] - 0.9).abs() < 1e-8, "{w:?}");
    }

    #[test]
    fn schedules_decay_the_rate_by_epoch() {
        let step: Schedule = "step:10:0.5".parse().unwrap();
        assert_eq!(step.rate(0.1, 9), 0.1);
        assert_eq!(step.rate(0.1, 10), 0.05);
        assert_eq!(step.rate(0.1, 25), 0.025);
        let exp: Schedule = "exp:0.9".parse().unwrap();
        assert!(close(exp.rate(1.0, 2), 0.81));
        assert!("step:0:0.5".parse::<Schedule>().is_err());
        assert!("exp:1.5".parse::<Schedule>().is_err());
        assert!(
            "exp:0".parse::<Schedule>().is_err(),
            "a rate that vanishes at once"
        );
        assert!("step:10:0".parse::<Schedule>().is_err());
        assert_eq!("constant".parse::<Schedule>().unwrap(), Schedule::Constant);
        assert!("exp:1".parse::<Schedule>().is_ok() && "step:1:1".parse::<Schedule>().is_ok());
        assert!("cosine".parse::<Schedule>().is_err());
        assert_eq!(step.to_string().parse::<Schedule>().unwrap(), step);
    }

    #[test]
    fn out_of_range_hyper_parameters_are_refused() {
        let o = Optimizer::of(OptimizerKind::Adam);
        assert!(Optimizer { beta1: 1.0, ..o }.validate().is_err());
        assert!(Optimizer { beta2: -0.1, ..o }.validate().is_err());
        assert!(Optimizer { eps: 0.0, ..o }.validate().is_err());
        assert!(Optimizer { momentum: 1.2, ..o }.validate().is_err());
        assert!(o.validate().is_ok());
    }
}
