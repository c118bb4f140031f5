//! Slow motion: one batch trained so that it can be followed — each of its samples shown
//! in the step inspector in turn (forward, back-propagation, its gradients), then the
//! batch's one update, the inspector's Step batch.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::Workspace;

/// How long each sample of the batch is shown.
pub const SAMPLE_TIME: Duration = Duration::from_millis(700);

/// The most samples shown one by one; a larger batch shows its first ones, then steps.
const MOST_SHOWN: usize = 12;

/// A batch being stepped in slow motion.
#[derive(Clone, Debug, PartialEq)]
pub struct SlowStep {
    /// The batch (training samples in file order).
    batch: Range<usize>,
    /// The sample shown now.
    shown: usize,
    /// When the next sample (or the update) comes.
    next_at: Instant,
}

impl Workspace {
    /// Starts stepping the batch of the inspector's sample in slow motion (training
    /// pauses): the samples one after another in the step inspector, then the update.
    pub fn start_slow_step(&mut self) {
        self.experiment.pause();
        let inspector = &mut self.persisted.inspector;
        let batch = self.experiment.batch_of(inspector.sample);
        if batch.is_empty() {
            return;
        }
        inspector.show_sample(batch.start);
        self.slow_step = Some(SlowStep {
            shown: batch.start,
            batch,
            next_at: Instant::now() + SAMPLE_TIME,
        });
    }

    /// `true` while a batch is stepped in slow motion.
    pub fn is_slow_stepping(&self) -> bool {
        self.slow_step.is_some()
    }

    /// Moves slow motion on when its time has come (call once per frame); returns how
    /// long until the next change, while one is under way.
    pub fn tick_slow_step(&mut self, now: Instant) -> Option<Duration> {
        let step = self.slow_step.as_mut()?;
        if now < step.next_at {
            return Some(step.next_at - now);
        }
        let last_shown = (step.batch.start + MOST_SHOWN).min(step.batch.end) - 1;
        if step.shown < last_shown {
            step.shown += 1;
            step.next_at = now + SAMPLE_TIME;
            self.persisted.inspector.show_sample(step.shown);
            return Some(SAMPLE_TIME);
        }
        // Every sample seen: the batch's one update, then the next batch is shown.
        let batch = step.batch.clone();
        self.slow_step = None;
        self.step_batch_of(batch.start);
        let next = if batch.end < self.experiment.train_data().len() {
            batch.end
        } else {
            0
        };
        self.persisted.inspector.show_sample(next);
        None
    }
}
