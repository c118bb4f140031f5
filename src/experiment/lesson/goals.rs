//! A lesson's goals: a metric, a comparison and a value each, grouped in tiers. A tier is
//! met when all of its goals hold at once; the epoch it was first met is kept.

use serde::{Deserialize, Serialize};

/// What a goal measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// The training set's loss with the current weights.
    TrainLoss,
    /// The test set's loss.
    TestLoss,
    /// The share of test samples classified right (classification data).
    TestAccuracy,
    /// |test loss − train loss|: how much the network overfits.
    TrainTestGap,
    /// Epochs trained.
    Epochs,
    /// Weights and biases.
    Parameters,
    /// Hidden neurons.
    Neurons,
}

/// Every metric, with its name in a lesson file.
pub const METRICS: [(Metric, &str); 7] = [
    (Metric::TrainLoss, "train_loss"),
    (Metric::TestLoss, "test_loss"),
    (Metric::TestAccuracy, "test_accuracy"),
    (Metric::TrainTestGap, "train_test_gap"),
    (Metric::Epochs, "epochs"),
    (Metric::Parameters, "parameters"),
    (Metric::Neurons, "neurons"),
];

impl Metric {
    /// Its name in a lesson file.
    pub fn name(self) -> &'static str {
        METRICS
            .iter()
            .find(|(m, _)| *m == self)
            .map_or("", |(_, n)| n)
    }

    /// Its name for the reader.
    pub fn label(self) -> &'static str {
        match self {
            Metric::TrainLoss => "train loss",
            Metric::TestLoss => "test loss",
            Metric::TestAccuracy => "test accuracy",
            Metric::TrainTestGap => "train–test gap",
            Metric::Epochs => "epochs",
            Metric::Parameters => "parameters",
            Metric::Neurons => "hidden neurons",
        }
    }
}

/// How a measure is compared with the goal's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compare {
    /// At most the value.
    #[serde(rename = "<=")]
    AtMost,
    /// At least the value.
    #[serde(rename = ">=")]
    AtLeast,
}

/// One goal.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Its tier: 1 first, then harder ones.
    pub tier: u32,
    /// What it measures.
    pub metric: Metric,
    /// How.
    pub compare: Compare,
    /// Against what.
    pub value: f64,
}

/// What the goals are judged on, at one moment of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Measures {
    /// Train loss (`None` before it is measured).
    pub train_loss: Option<f64>,
    /// Test loss.
    pub test_loss: Option<f64>,
    /// Test accuracy, on classification data.
    pub test_accuracy: Option<f64>,
    /// Epochs trained.
    pub epochs: u64,
    /// Weights and biases.
    pub parameters: usize,
    /// Hidden neurons.
    pub neurons: usize,
}

impl Measures {
    /// The value of `metric`, if measured.
    pub fn get(&self, metric: Metric) -> Option<f64> {
        match metric {
            Metric::TrainLoss => self.train_loss,
            Metric::TestLoss => self.test_loss,
            Metric::TestAccuracy => self.test_accuracy,
            Metric::TrainTestGap => Some((self.test_loss? - self.train_loss?).abs()),
            Metric::Epochs => Some(self.epochs as f64),
            Metric::Parameters => Some(self.parameters as f64),
            Metric::Neurons => Some(self.neurons as f64),
        }
    }
}

impl Goal {
    /// `true` when the goal holds for `m` (never for a metric not measured yet).
    pub fn holds(&self, m: &Measures) -> bool {
        m.get(self.metric).is_some_and(|v| match self.compare {
            Compare::AtMost => v <= self.value,
            Compare::AtLeast => v >= self.value,
        })
    }

    /// The goal in words: `test loss ≤ 0.05`.
    pub fn describe(&self) -> String {
        self.describe_as(self.metric.label())
    }

    /// The goal in words, its measure called `metric` (the window's words for it).
    pub fn describe_as(&self, metric: &str) -> String {
        let sign = match self.compare {
            Compare::AtMost => "≤",
            Compare::AtLeast => "≥",
        };
        let value = match self.metric {
            Metric::TestAccuracy => format!("{}%", super::super::short_number(self.value * 100.0)),
            _ => super::super::short_number(self.value),
        };
        format!("{metric} {sign} {value}")
    }
}

/// The tiers of `goals`, in order, each with its goals.
pub fn tiers(goals: &[Goal]) -> Vec<(u32, Vec<Goal>)> {
    let mut numbers: Vec<u32> = goals.iter().map(|g| g.tier).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .map(|t| (t, goals.iter().copied().filter(|g| g.tier == t).collect()))
        .collect()
}

/// Which tiers were met, and at which epoch first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// Per tier, in order: the tier and the epoch it was first met.
    pub met: Vec<(u32, Option<u64>)>,
}

impl Progress {
    /// Nothing met yet, for `goals`.
    pub fn new(goals: &[Goal]) -> Self {
        Progress {
            met: tiers(goals).into_iter().map(|(t, _)| (t, None)).collect(),
        }
    }

    /// Judges `m`: a tier whose goals all hold now is met, at `m.epochs`, unless it was
    /// met before.
    pub fn judge(&mut self, goals: &[Goal], m: &Measures) {
        for (tier, met) in &mut self.met {
            if met.is_none() && goals.iter().filter(|g| g.tier == *tier).all(|g| g.holds(m)) {
                *met = Some(m.epochs);
            }
        }
    }

    /// `true` when every tier was met.
    pub fn all_met(&self) -> bool {
        self.met.iter().all(|(_, e)| e.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(tier: u32, metric: Metric, compare: Compare, value: f64) -> Goal {
        Goal {
            tier,
            metric,
            compare,
            value,
        }
    }

    #[test]
    fn a_tier_is_met_when_all_its_goals_hold_and_keeps_its_first_epoch() {
        let goals = [
            goal(1, Metric::TestLoss, Compare::AtMost, 0.1),
            goal(2, Metric::TestLoss, Compare::AtMost, 0.1),
            goal(2, Metric::Parameters, Compare::AtMost, 10.0),
        ];
        let mut p = Progress::new(&goals);
        let mut m = Measures {
            test_loss: Some(0.5),
            epochs: 3,
            parameters: 13,
            ..Measures::default()
        };
        p.judge(&goals, &m);
        assert_eq!(p.met, [(1, None), (2, None)]);
        m.test_loss = Some(0.05);
        m.epochs = 812;
        p.judge(&goals, &m);
        assert_eq!(p.met, [(1, Some(812)), (2, None)]);
        m.epochs = 900;
        m.parameters = 9;
        p.judge(&goals, &m);
        assert_eq!(p.met, [(1, Some(812)), (2, Some(900))]);
        assert!(p.all_met());
    }

    #[test]
    fn the_gap_needs_both_losses_and_goals_read_in_words() {
        let m = Measures {
            train_loss: Some(0.1),
            test_loss: Some(0.25),
            test_accuracy: Some(0.95),
            ..Measures::default()
        };
        assert!((m.get(Metric::TrainTestGap).unwrap() - 0.15).abs() < 1e-12);
        assert_eq!(Measures::default().get(Metric::TrainTestGap), None);
        let g = goal(1, Metric::TestAccuracy, Compare::AtLeast, 0.95);
        assert!(g.holds(&m));
        assert_eq!(g.describe(), "test accuracy ≥ 95%");
        assert_eq!(
            goal(1, Metric::TestLoss, Compare::AtMost, 0.05).describe(),
            "test loss ≤ 0.05"
        );
        assert!(!goal(1, Metric::TrainLoss, Compare::AtMost, 1.0).holds(&Measures::default()));
    }
}
