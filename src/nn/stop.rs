//! When a run stops by itself: the rule (a loss threshold, early stopping), the stopper
//! that applies it epoch after epoch, and why a run stopped (divergence included).

use serde::{Deserialize, Serialize};

use super::Network;

impl StopRule {
    /// `true` when the rule needs the test loss of every epoch.
    pub fn watches_test_loss(&self) -> bool {
        self.patience.is_some() || (self.loss_below.is_some() && !self.on_train_loss)
    }
}

/// When a run stops by itself, besides its epoch count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StopRule {
    /// Stop once the watched loss is at or below this.
    pub loss_below: Option<f64>,
    /// Watch the train loss instead of the test loss.
    pub on_train_loss: bool,
    /// Stop when the test loss has not improved for this many epochs (early stopping).
    pub patience: Option<u64>,
    /// When stopping early, go back to the weights of the best test loss.
    pub restore_best: bool,
}

/// Why a run stopped by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The watched loss reached the threshold.
    LossReached,
    /// The test loss stopped improving.
    NoImprovement,
    /// A batch's loss or gradient was not finite; its update was not made.
    Diverged(Divergence),
}

/// Where training diverged: the batch whose loss or gradient was not a finite number. The
/// weights are those from before that batch (its update is never made).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// The epoch the batch belongs to, counted from 1.
    pub epoch: u64,
    /// The batch within its epoch, counted from 1.
    pub batch: u64,
    /// What was not finite.
    pub cause: NotFinite,
}

/// What was not a finite number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotFinite {
    /// The batch's loss (an output overflowed, or was NaN).
    Loss,
    /// A gradient of the batch.
    Gradient,
}

impl std::fmt::Display for Divergence {
    /// `training diverged at epoch 1, batch 37 (loss is not finite)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.cause {
            NotFinite::Loss => "loss",
            NotFinite::Gradient => "gradient",
        };
        write!(
            f,
            "training diverged at epoch {}, batch {} ({what} is not finite)",
            self.epoch, self.batch
        )
    }
}

/// Applies a [`StopRule`] epoch after epoch, keeping the best weights seen.
#[derive(Clone, Debug, Default)]
pub struct Stopper {
    rule: StopRule,
    best_loss: Option<f64>,
    best: Option<Network>,
    since_best: u64,
}

impl Stopper {
    /// Watches a run with `rule`.
    pub fn new(rule: StopRule) -> Self {
        Stopper {
            rule,
            best_loss: None,
            best: None,
            since_best: 0,
        }
    }

    /// Looks at a finished epoch; returns why the run should stop, if it should.
    pub fn check(
        &mut self,
        net: &Network,
        train_loss: f64,
        test_loss: Option<f64>,
    ) -> Option<StopReason> {
        let watched = if self.rule.on_train_loss {
            Some(train_loss)
        } else {
            test_loss.or(Some(train_loss))
        };
        if let (Some(limit), Some(loss)) = (self.rule.loss_below, watched)
            && loss <= limit
        {
            return Some(StopReason::LossReached);
        }
        if let (Some(patience), Some(loss)) = (self.rule.patience, test_loss) {
            if self.best_loss.is_none_or(|b| loss < b) {
                self.best_loss = Some(loss);
                if self.rule.restore_best {
                    self.best = Some(net.clone());
                }
                self.since_best = 0;
            } else {
                self.since_best += 1;
                if self.since_best >= patience {
                    return Some(StopReason::NoImprovement);
                }
            }
        }
        None
    }

    /// The rule it applies.
    pub fn rule(&self) -> StopRule {
        self.rule
    }

    /// The weights of the best test loss, when the rule asks to restore them.
    pub fn best(&self) -> Option<&Network> {
        self.best.as_ref()
    }
}
