//! The worker's observer of the training loop for one time slice.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{Mode, TEST_LOSS_EVERY};
use crate::nn::{EpochReport, Flow, Network, Observer};

/// The worker's view of one time slice of [`fit`]: it stops the loop for a command, at
/// the end of the slice or when the mode's unit is done, asks for measurements a few
/// hundred times a second, and keeps the epochs' reports for the next snapshot.
pub(super) struct Slice<'a> {
    pub(super) mode: Mode,
    pub(super) stop_at: Option<u64>,
    pub(super) interrupt: &'a AtomicBool,
    pub(super) started: Instant,
    pub(super) slice: Duration,
    pub(super) batches: u32,
    /// The step (one batch, the rest of the epoch) or the stop epoch was reached.
    pub(super) unit_done: bool,
    /// Playing at a pace: the slice ends with each epoch, and each epoch is measured.
    pub(super) paced: bool,
    /// A paced epoch ended in this slice.
    pub(super) epoch_ended: bool,
    /// The test set is small enough to measure after every epoch the history keeps every
    /// one of (a large one is measured at most a fifth of the time).
    pub(super) small_test: bool,
    pub(super) last_test: &'a mut Option<Instant>,
    /// How long the last measurement took: measurements are spaced by four times that, so
    /// that measuring a large test set takes at most a fifth of the worker's time.
    pub(super) eval_cost: &'a mut Duration,
    /// When the measurement asked for in this epoch began.
    pub(super) eval_started: Option<Instant>,
    pub(super) records: &'a mut Vec<EpochReport>,
}

impl Slice<'_> {
    /// `true` when the test set is measured after `epoch` whatever the time: the worker
    /// pauses after it, plays at a pace one can watch, or the epoch is among those the
    /// history keeps every one of (so that every kept epoch has its test loss).
    pub(super) fn always_measures_after(&self, epoch: usize) -> bool {
        self.mode != Mode::Playing
            || self.paced
            || (self.small_test && epoch as u64 <= crate::history::DENSE_EPOCHS)
            || self.stop_at.is_some_and(|s| epoch as u64 >= s)
    }
}

impl Observer for Slice<'_> {
    fn should_stop(&mut self) -> bool {
        if self.unit_done || (self.mode == Mode::OneBatch && self.batches == 1) {
            self.unit_done = true;
            return true;
        }
        let stop = self.batches > 0
            && (self.interrupt.load(Ordering::Acquire)
                || (self.batches.is_multiple_of(64) && self.started.elapsed() >= self.slice));
        self.batches += 1;
        stop
    }

    fn wants_evaluation(&mut self, epoch: usize) -> bool {
        let now = Instant::now();
        let every = TEST_LOSS_EVERY.max(*self.eval_cost * 4);
        let due = self
            .last_test
            .is_none_or(|t| now.duration_since(t) >= every);
        let measure = due || self.always_measures_after(epoch);
        if measure {
            *self.last_test = Some(now);
            self.eval_started = Some(now);
        }
        measure
    }

    fn interrupted(&mut self) -> bool {
        self.interrupt.load(Ordering::Acquire)
    }

    fn epoch_done(&mut self, _: &Network, report: &EpochReport) -> Flow {
        if let Some(started) = self.eval_started.take() {
            *self.eval_cost = started.elapsed();
        }
        self.records.push(*report);
        let step_done = self.mode == Mode::UntilEpochEnd;
        let reached = self.stop_at.is_some_and(|s| report.epoch as u64 >= s);
        if step_done || reached {
            self.unit_done = true;
            return Flow::Stop;
        }
        if self.paced {
            self.epoch_ended = true;
            return Flow::Stop;
        }
        Flow::Continue
    }
}
