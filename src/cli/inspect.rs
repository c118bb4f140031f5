//! `scratchnet inspect`: one training sample through forward, back-propagation and one
//! update of a saved model, every number printed as JSON.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::data::DataError;
use crate::experiment::{DataArgs, ExperimentError, check_fits};
use crate::model_file;
use crate::nn::explain::{self, Digits};
use crate::nn::{Loss, NnError, Objective, inspect};

/// Flags of `scratchnet inspect`.
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct InspectArgs {
    /// The model to inspect.
    #[arg(long, value_name = "FILE")]
    pub model_in: PathBuf,
    /// The data [default: the model's own, else the plane].
    #[command(flatten)]
    pub data_flags: DataArgs,
    /// Which sample, counted from 0: with `--data` alone, the file's row K (in file
    /// order, the header not counted); otherwise the training set's sample K.
    #[arg(long, value_name = "K")]
    pub sample: usize,
    /// Learning rate of the one update shown [default: the model's, else 0.02].
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Print each neuron's equations with the numbers in them (forward, back-propagation,
    /// gradient, update) instead of JSON.
    #[arg(long)]
    pub explain: bool,
    /// With `--explain`: every digit of each number, not six significant ones.
    #[arg(long, requires = "explain")]
    pub all_digits: bool,
}

/// Why `scratchnet inspect` printed nothing.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    /// The model, its data or the flags do not make an experiment.
    #[error(transparent)]
    Experiment(#[from] ExperimentError),
    /// The sample index is past the training set.
    #[error("--sample {sample}: the data has {len} samples (0 to {last})", last = len.saturating_sub(1))]
    NoSuchSample {
        /// The index asked for.
        sample: usize,
        /// The training set's size.
        len: usize,
    },
    /// Standard output could not be written.
    #[error("cannot print: {0}")]
    Print(#[from] std::io::Error),
}

impl From<DataError> for InspectError {
    fn from(e: DataError) -> Self {
        InspectError::Experiment(e.into())
    }
}

/// A saved model and the training samples it is looked at on, as the network sees them:
/// the model's own data unless data flags are given (`--data` alone: the file's rows, none
/// split off), and the loss it trains with.
pub(super) fn model_and_samples(
    model_in: &std::path::Path,
    data_flags: &DataArgs,
) -> Result<(model_file::Model, crate::data::Dataset, Objective), ExperimentError> {
    let model = model_file::load(model_in)?;
    // The model file's own data settings were checked when it was read.
    let spec = match (&model.data, data_flags.any()) {
        (Some(recorded), false) => recorded.clone(),
        _ => data_flags.checked_spec()?,
    };
    let train = match (&data_flags.data, &data_flags.test_data) {
        // One file: its rows as they are, none split off for testing.
        (Some(path), None) => crate::data::read_csv_classes(path, model.classes.as_deref())?,
        _ => spec.load()?.0,
    };
    let train = model.preprocess.apply(&train)?;
    let net = &model.network;
    check_fits(net.layers(), train.n_inputs(), train.n_targets()).map_err(|e| {
        ExperimentError::InFile {
            path: model_in.to_path_buf(),
            source: Box::new(e),
        }
    })?;
    let loss = model
        .training
        .as_ref()
        .map_or(Loss::HalfSquaredError, |t| t.config.loss);
    let output = net.activations()[net.activations().len() - 1];
    let objective = Objective::new(loss, output, &train);
    Ok((model, train, objective))
}

/// Runs `scratchnet inspect`, writing one JSON object to `out`.
pub fn run_inspect(args: &InspectArgs, out: &mut dyn Write) -> Result<(), InspectError> {
    let (model, train, objective) = model_and_samples(&args.model_in, &args.data_flags)?;
    let net = &model.network;
    if args.sample >= train.len() {
        return Err(InspectError::NoSuchSample {
            sample: args.sample,
            len: train.len(),
        });
    }
    let config = model.training.as_ref().map(|t| t.config);
    let learning_rate = args.lr.or(config.map(|c| c.learning_rate)).unwrap_or(0.02);
    if !(learning_rate.is_finite() && learning_rate >= 0.0) {
        let source = NnError::BadLearningRate(learning_rate);
        return Err(ExperimentError::NnFlag {
            flag: "--lr",
            source,
        }
        .into());
    }
    let k = args.sample;
    let sample = (train.input(k), train.target(k));
    // The reference's update: w − lr·grad (one sample, not averaged over the outputs).
    let inspection = inspect(net, &objective, k, sample, (learning_rate, 1));
    if args.explain {
        let digits = if args.all_digits {
            Digits::All
        } else {
            Digits::default()
        };
        let maths = explain::all_maths(net, &objective, &inspection, digits);
        write!(out, "{}", explain::to_text(&maths, net.layers().len()))?;
        return Ok(());
    }
    let text = inspection.to_json_lines().map_err(std::io::Error::other)?;
    writeln!(out, "{text}")?;
    Ok(())
}
