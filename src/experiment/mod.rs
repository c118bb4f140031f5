//! The experiment layer, between the GUI-free core (`nn`, `data`, `model_file`) and the two
//! front ends (`cli`, `app`): what an experiment is made of, how it is set up, and the
//! operations a user performs on a live one, written once for both. Nothing here knows
//! about a window.

mod animation;
mod args;
mod error;
mod export;
mod format;
mod hints;
pub mod landscape;
pub mod lesson;
mod loading;
mod race;
mod runs;
mod session;
mod tf_export;
mod tflink;
pub mod worker;

pub use animation::{AnimationError, frame_epochs, write_gif};
pub use args::{DataArgs, ExperimentArgs, Setup, link_with_seed};
pub use error::{ExperimentError, check_fits};
pub use export::{PythonTarget, prediction_header, predictions_csv, python_source};
pub use format::{Sentence, short_number};
pub use hints::cannot_learn;
pub use loading::{BackgroundLoad, LOAD_IN_BACKGROUND};
pub use race::{Race, Racer, Variation};
pub use runs::{MAX_RUNS, Runs, difference};
pub use session::{
    Checkpoint, DENSE_MOMENTS, Experiment, HISTORY_POINTS, Latest, MAX_CHECKPOINTS, Moment, Opened,
    Progress, RunSettings, Start, open_model,
};
pub use tf_export::{CannotShow, TfExport, tf_link};
pub use tflink::{LinkError, TfLink, is_link, link_in_file};
pub use worker::{Edit, Parameter};
