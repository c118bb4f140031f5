//! scratchnet: a neural network written from scratch, and a desktop app to watch it learn.
//!
//! - [`nn`]: the network and its training (GUI-free).
//! - [`data`]: datasets, CSV, splits (GUI-free).
//! - [`model_file`]: the JSON model file (GUI-free); [`history`]: a run's loss per epoch.
//! - [`experiment`]: the experiment's flags and set-up, shared by both front ends.
//! - [`cli`]: `scratchnet train` and `scratchnet bench`.
//! - [`app`]: the desktop app.

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod data;
pub mod experiment;
pub mod history;
pub mod model_file;
pub mod names;
pub mod nn;

/// The random number generator every seeded choice uses (initialisation, shuffling, data
/// generation, splits): xoshiro256++, whose output for a seed is fixed by its definition,
/// so a seed means the same run on every machine and every version.
pub type SeededRng = rand::rngs::Xoshiro256PlusPlus;

/// A generator seeded with `seed`.
pub fn seeded(seed: u64) -> SeededRng {
    rand::SeedableRng::seed_from_u64(seed)
}
