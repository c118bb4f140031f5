//! `scratchnet landscape`: the loss over the training set as one or two of a saved model's
//! weights (or biases) move, the others held, written as CSV.

use std::path::PathBuf;

use clap::Args;

use crate::experiment::landscape::{Axis, write_csv};
use crate::experiment::{DataArgs, ExperimentError, Parameter};
use crate::model_file;

use super::inspect::model_and_samples;

/// Flags of `scratchnet landscape`.
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct LandscapeArgs {
    /// The model.
    #[arg(long, value_name = "FILE")]
    pub model_in: PathBuf,
    /// The data [default: the model's own, else the plane].
    #[command(flatten)]
    pub data_flags: DataArgs,
    /// A weight that moves, as the model file indexes it: `weights[l][j][i]` (from node i
    /// of layer l to node j of layer l+1). Once or twice, with `--bias`.
    #[arg(long, value_name = "l,j,i", value_parser = parse_weight)]
    pub weight: Vec<Parameter>,
    /// A bias that moves: `biases[l][j]`.
    #[arg(long, value_name = "l,j", value_parser = parse_bias)]
    pub bias: Vec<Parameter>,
    /// How far each moves on either side of its value.
    #[arg(long, value_name = "F", default_value_t = 2.0)]
    pub span: f64,
    /// Values along each axis [default: 101 for one parameter, 41 for two].
    #[arg(long, value_name = "N")]
    pub steps: Option<usize>,
    /// The CSV to write: the parameters' values, then `loss`.
    #[arg(long, value_name = "FILE.csv")]
    pub out: PathBuf,
}

fn indices(text: &str, n: usize) -> Result<Vec<usize>, String> {
    let parts: Vec<&str> = text.split(',').collect();
    if parts.len() != n {
        return Err(format!("'{text}': {n} indices separated by commas"));
    }
    parts
        .iter()
        .map(|p| {
            p.trim()
                .parse()
                .map_err(|_| format!("'{p}' is not an index (0, 1, …)"))
        })
        .collect()
}

fn parse_weight(text: &str) -> Result<Parameter, String> {
    let v = indices(text, 3)?;
    Ok(Parameter::Weight {
        l: v[0],
        j: v[1],
        i: v[2],
    })
}

fn parse_bias(text: &str) -> Result<Parameter, String> {
    let v = indices(text, 2)?;
    Ok(Parameter::Bias { l: v[0], j: v[1] })
}

/// Why `scratchnet landscape` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum LandscapeError {
    /// The model, its data or the flags do not make an experiment.
    #[error(transparent)]
    Experiment(#[from] ExperimentError),
    /// Not one or two parameters.
    #[error("name one or two parameters to move (--weight l,j,i or --bias l,j); {0} given")]
    Count(usize),
    /// A parameter the model does not have.
    #[error("{param}: the model's layers are {layers:?}, it has no such {kind}")]
    NoSuch {
        /// The parameter asked for.
        param: Parameter,
        /// The model's layers.
        layers: Vec<usize>,
        /// "weight" or "bias".
        kind: &'static str,
    },
    /// The span or the steps are no range.
    #[error("--span {span} --steps {steps}: a span above 0 and at least 2 steps (at most 10 000)")]
    Range {
        /// The span asked for.
        span: f64,
        /// The steps asked for.
        steps: usize,
    },
    /// The CSV could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Runs `scratchnet landscape`; returns the number of rows written.
pub fn run_landscape(args: &LandscapeArgs) -> Result<usize, LandscapeError> {
    let params: Vec<Parameter> = args.weight.iter().chain(&args.bias).copied().collect();
    if !(1..=2).contains(&params.len()) {
        return Err(LandscapeError::Count(params.len()));
    }
    let steps = args
        .steps
        .unwrap_or(if params.len() == 1 { 101 } else { 41 });
    if !(args.span.is_finite() && args.span > 0.0 && (2..=10_000).contains(&steps)) {
        return Err(LandscapeError::Range {
            span: args.span,
            steps,
        });
    }
    let (model, train, objective) = model_and_samples(&args.model_in, &args.data_flags)?;
    let net = &model.network;
    let axes = params
        .iter()
        .map(|&param| {
            Axis::around(net, param, args.span, steps).ok_or_else(|| LandscapeError::NoSuch {
                param,
                layers: net.layers().to_vec(),
                kind: match param {
                    Parameter::Weight { .. } => "weight",
                    Parameter::Bias { .. } => "bias",
                },
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut text = Vec::new();
    write_csv(&mut text, net, &objective, &train, &axes).map_err(|source| {
        LandscapeError::Write {
            path: args.out.clone(),
            source,
        }
    })?;
    model_file::write_atomically(&args.out, &text).map_err(|source| LandscapeError::Write {
        path: args.out.clone(),
        source,
    })?;
    Ok(axes.iter().map(|a| a.values.len()).product())
}
