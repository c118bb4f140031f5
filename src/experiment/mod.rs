//! The experiment layer, between the GUI-free core (`nn`, `data`, `model_file`) and the two
//! front ends (`cli`, `app`): what an experiment is made of and how it is set up, written
//! once for both. Nothing here knows about a window.

mod args;

pub use args::{ExperimentArgs, Setup};
