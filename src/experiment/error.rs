//! What can go wrong setting up or changing an experiment, as one typed error.

use std::path::PathBuf;

use crate::data::DataError;
use crate::model_file::ModelFileError;
use crate::nn::NnError;

/// An experiment that cannot be set up or changed; the message says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ExperimentError {
    /// The data cannot be made or read, or does not suit the preprocessing.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A network or training setting is out of range.
    #[error(transparent)]
    Nn(#[from] NnError),
    /// A model file cannot be read or written.
    #[error(transparent)]
    ModelFile(#[from] ModelFileError),
    /// A data setting given by a command-line flag is out of range.
    #[error("{flag}: {source}")]
    DataFlag {
        /// The flag, e.g. `--noise`.
        flag: &'static str,
        /// What is wrong with its value.
        source: DataError,
    },
    /// A training setting given by a command-line flag is out of range.
    #[error("{flag}: {source}")]
    NnFlag {
        /// The flag, e.g. `--lr`.
        flag: &'static str,
        /// What is wrong with its value.
        source: NnError,
    },
    /// `--stop-loss` is negative or not a number.
    #[error("--stop-loss must be a finite number ≥ 0, got {0}")]
    StopLoss(f64),
    /// `--patience 0`.
    #[error("--patience must be at least 1")]
    ZeroPatience,
    /// A resumed run was given other features than its model's.
    #[error("--features differ from the features the model was trained on")]
    FeaturesDiffer,
    /// A resumed run was given other layers than its model's.
    #[error("{}: the model has layers {has:?}, the flags ask for {wanted:?}", path.display())]
    LayersDiffer {
        /// The model file.
        path: PathBuf,
        /// Its layers.
        has: Vec<usize>,
        /// The layers asked for.
        wanted: Vec<usize>,
    },
    /// Data for predictions has other inputs than the model takes.
    #[error(
        "the data has {columns} input columns, which give {gives} network inputs; the \
         model takes {takes}"
    )]
    InputsDiffer {
        /// The data's input columns.
        columns: usize,
        /// The network inputs they give (after the model's features).
        gives: usize,
        /// The network inputs the model takes.
        takes: usize,
    },
    /// A CSV could not be written.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// `--layers` with fewer than two layers.
    #[error("--layers {0:?}: give at least an input and an output layer")]
    TooFewLayers(Vec<usize>),
    /// The network's input or output layer does not match the data.
    #[error(
        "layers {layers:?} take {takes} inputs and give {gives} outputs, \
         but the data gives {inputs} inputs and {targets} targets"
    )]
    DoesNotFit {
        /// The network's layer sizes.
        layers: Vec<usize>,
        /// Its inputs.
        takes: usize,
        /// Its outputs.
        gives: usize,
        /// The data's inputs (after the input features).
        inputs: usize,
        /// The data's targets.
        targets: usize,
    },
    /// A TF Playground link that cannot be opened.
    #[error(transparent)]
    Link(#[from] super::LinkError),
    /// `--layers` that do not fit the data: `--hidden` would.
    #[error("--layers: {0}; --hidden gives the hidden layers alone (as 8,8) and fits the rest")]
    LayersFlag(Box<ExperimentError>),
    /// A model file's data cannot be loaded.
    #[error("{}: the model's data cannot be loaded: {source}", path.display())]
    ModelData {
        /// The model file.
        path: PathBuf,
        /// Why its data cannot be loaded.
        source: DataError,
    },
    /// Something wrong with what a file holds, named with the file.
    #[error("{}: {source}", path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: Box<ExperimentError>,
    },
}

/// Checks that a network of `layers` takes `inputs` inputs and gives `targets` outputs.
pub fn check_fits(layers: &[usize], inputs: usize, targets: usize) -> Result<(), ExperimentError> {
    let (takes, gives) = (layers[0], layers[layers.len() - 1]);
    if takes != inputs || gives != targets {
        return Err(ExperimentError::DoesNotFit {
            layers: layers.to_vec(),
            takes,
            gives,
            inputs,
            targets,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_fits_data_with_its_input_and_output_sizes_only() {
        assert!(check_fits(&[2, 3, 1], 2, 1).is_ok());
        assert!(check_fits(&[2, 1], 2, 1).is_ok());
        let err = check_fits(&[2, 3, 1], 3, 1).unwrap_err().to_string();
        assert_eq!(
            err,
            "layers [2, 3, 1] take 2 inputs and give 1 outputs, \
             but the data gives 3 inputs and 1 targets"
        );
        assert!(check_fits(&[2, 3, 1], 2, 2).is_err());
        assert!(check_fits(&[2, 3, 2], 2, 1).is_err());
    }
}
