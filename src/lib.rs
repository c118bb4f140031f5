//! scratchnet: a neural network written from scratch, and a desktop app to watch it learn.
//!
//! - [`nn`]: the network and its training (GUI-free).
//! - [`data`]: datasets, CSV, splits (GUI-free).
//! - [`model_file`]: the JSON model file (GUI-free).
//! - [`cli`]: `scratchnet train` and `scratchnet bench`.

pub mod app;
pub mod cli;
pub mod data;
pub mod model_file;
pub mod nn;
