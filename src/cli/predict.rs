//! `scratchnet predict` and `scratchnet export`: a saved model's predictions for new data,
//! and the model as a Python file for NumPy or PyTorch.

use std::path::PathBuf;

use clap::Args;

use crate::data::read_csv_inputs;
use crate::experiment::{ExperimentError, PythonTarget, predictions_csv, python_source, tf_link};
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
    /// numpy or pytorch (a Python file), or tf-link (the experiment as a TensorFlow
    /// Playground link, where TF can show it).
    #[arg(long, value_name = "NAME", value_parser = parse_format)]
    pub format: ExportFormat,
    /// The file to write [default: standard output].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExportFormat {
    /// A Python file.
    Python(PythonTarget),
    /// A TF Playground link.
    TfLink,
}

fn parse_format(text: &str) -> Result<ExportFormat, String> {
    match text {
        "tf-link" => Ok(ExportFormat::TfLink),
        _ => text
            .parse::<PythonTarget>()
            .map(ExportFormat::Python)
            .map_err(|_| format!("'{text}' is not one of numpy, pytorch, tf-link")),
    }
}

/// Why `predict` or `export` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum PredictError {
    /// The model or the data cannot be read, or do not fit.
    #[error(transparent)]
    Experiment(#[from] ExperimentError),
    /// TF Playground cannot show the model's experiment.
    #[error(transparent)]
    CannotShow(crate::experiment::CannotShow),
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

/// Runs `scratchnet export`; returns what to say on standard error.
pub fn run_export(
    args: &ExportArgs,
    stdout: &mut dyn std::io::Write,
) -> Result<String, PredictError> {
    let model = model_file::load(&args.model_in).map_err(ExperimentError::from)?;
    let (text, note) = match args.format {
        ExportFormat::Python(target) => (python_source(&model, target), String::new()),
        ExportFormat::TfLink => {
            let config = model
                .training
                .as_ref()
                .map(|t| t.config)
                .unwrap_or_default();
            let data = model.data.clone().unwrap_or_default();
            let export = tf_link(&model.network, &config, &data, &model.preprocess)
                .map_err(PredictError::CannotShow)?;
            let note = export
                .differs
                .iter()
                .map(|d| format!("scratchnet: TF Playground differs in {d}\n"))
                .collect();
            (export.link + "\n", note)
        }
    };
    match &args.out {
        Some(path) => {
            model_file::write_atomically(path, text.as_bytes()).map_err(|source| {
                PredictError::Write {
                    path: path.clone(),
                    source,
                }
            })?;
            Ok(format!("{note}scratchnet: {} written", path.display()))
        }
        None => {
            stdout
                .write_all(text.as_bytes())
                .map_err(|source| PredictError::Write {
                    path: "standard output".into(),
                    source,
                })?;
            Ok(note.trim_end().to_string())
        }
    }
}
