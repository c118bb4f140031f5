//! `scratchnet predict` and `scratchnet export`: a saved model's predictions for new data,
//! and the model as a Python file for NumPy or PyTorch.

use std::path::PathBuf;

use clap::Args;

use crate::data::read_csv_inputs;
use crate::experiment::{ExperimentError, PythonTarget, predictions_csv, python_source};
use crate::model_file;

/// Flags of `scratchnet predict`.
#[derive(Debug, Clone, PartialEq, Args)]
pub struct PredictArgs {
    /// The model.
    #[arg(long, value_name = "FILE")]
    pub model_in: PathBuf,
    /// The data: its input columns (names starting with x, in file order); other columns
    /// are left alone.
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    /// Where to write the predictions: the input columns, then y_pred… (and class).
    #[arg(long, value_name = "FILE.csv")]
    pub out: PathBuf,
}

/// Flags of `scratchnet export`.
#[derive(Debug, Clone, PartialEq, Args)]
pub struct ExportArgs {
    /// The model.
    #[arg(long, value_name = "FILE")]
    pub model_in: PathBuf,
    /// The Python library: numpy or pytorch.
    #[arg(long, value_name = "NAME")]
    pub format: PythonTarget,
    /// The Python file to write.
    #[arg(long, value_name = "FILE.py")]
    pub out: PathBuf,
}

/// Why `predict` or `export` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum PredictError {
    /// The model or the data cannot be read, or do not fit.
    #[error(transparent)]
    Experiment(#[from] ExperimentError),
    /// The output cannot be written.
    #[error("{}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Runs `scratchnet predict`; returns the number of rows predicted.
pub fn run_predict(args: &PredictArgs) -> Result<usize, PredictError> {
    let model = model_file::load(&args.model_in).map_err(ExperimentError::from)?;
    let inputs = read_csv_inputs(&args.data).map_err(ExperimentError::from)?;
    let bytes = predictions_csv(&model, &inputs)?;
    model_file::write_atomically(&args.out, &bytes).map_err(|source| PredictError::Write {
        path: args.out.clone(),
        source,
    })?;
    Ok(inputs.len())
}

/// Runs `scratchnet export`.
pub fn run_export(args: &ExportArgs) -> Result<(), PredictError> {
    let model = model_file::load(&args.model_in).map_err(ExperimentError::from)?;
    let source = python_source(&model, args.format);
    model_file::write_atomically(&args.out, source.as_bytes()).map_err(|source| {
        PredictError::Write {
            path: args.out.clone(),
            source,
        }
    })
}
