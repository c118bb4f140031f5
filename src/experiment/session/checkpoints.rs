//! Moments of a run to go back to, spaced evenly on a log scale of epochs and bounded.

use crate::SeededRng;
use crate::nn::{Network, OptimizerState};

/// A moment of the run to go back to (see [`Experiment::rewind_to`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    /// Epochs finished then.
    pub epoch: u64,
    /// The network then.
    pub network: Network,
    /// The optimizer's memory then.
    pub optimizer: OptimizerState,
    /// The shuffling generator then.
    pub rng: SeededRng,
}

/// The most checkpoints kept; beyond it every second older one is dropped.
pub const MAX_CHECKPOINTS: usize = 700;

/// Every epoch up to this one is kept: a run of a few hundred epochs can be replayed
/// epoch by epoch.
pub const DENSE_MOMENTS: u64 = 500;

/// The memory the checkpoints of a large network may take: fewer are kept (but at least
/// [`MIN_CHECKPOINTS`]) where [`MAX_CHECKPOINTS`] would take more.
const CHECKPOINT_BYTES: usize = 64 << 20;

/// The fewest checkpoints the bound keeps.
const MIN_CHECKPOINTS: usize = 50;

/// The checkpoints of a run, oldest first, and the epoch from which the next is taken.
#[derive(Clone, Debug, Default)]
pub struct Checkpoints {
    list: Vec<Checkpoint>,
    next: u64,
}

impl Checkpoints {
    /// Keeps this moment; the next one is taken the next epoch up to [`DENSE_MOMENTS`],
    /// then about 8 % later (evenly spaced on a log scale of epochs).
    pub fn keep(&mut self, c: Checkpoint) {
        self.next = if c.epoch < DENSE_MOMENTS {
            c.epoch + 1
        } else {
            (c.epoch + 1).max((c.epoch as f64 * 1.08).ceil() as u64)
        };
        // A network, its optimizer's memory (up to two moments) and a generator.
        let bytes = c.network.parameter_count() * 8 * 3 + 64;
        let bound = (CHECKPOINT_BYTES / bytes).clamp(MIN_CHECKPOINTS, MAX_CHECKPOINTS);
        self.list.push(c);
        if self.list.len() > bound {
            // One over an even bound: an odd count, so keeping every second one from the
            // first keeps the first and the newest too.
            let mut nth = 0;
            self.list.retain(|_| {
                nth += 1;
                nth % 2 == 1
            });
        }
    }

    /// `true` when the run at `epoch` is to be kept as a moment.
    pub fn due(&self, epoch: u64) -> bool {
        epoch >= self.next
    }

    /// Forgets the moments at or after `epoch` (the run went on differently from there).
    pub fn forget_from(&mut self, epoch: u64) {
        self.list.retain(|c| c.epoch < epoch);
    }

    /// Forgets every moment (a new run).
    pub fn clear(&mut self) {
        self.list.clear();
    }

    /// The moments, oldest first.
    pub fn as_slice(&self) -> &[Checkpoint] {
        &self.list
    }
}
