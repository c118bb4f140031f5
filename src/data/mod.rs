//! Data to train on: the playground generators, CSV files, and the train/test split.
//!
//! Nothing here knows about a GUI; every random choice takes an RNG from the caller.

mod arc4;
mod csv_file;
mod dataset;
mod fdlibm;
mod features;
mod playground;
mod spec;
mod tf_data;

use std::path::PathBuf;

pub use arc4::SeedRandom;
pub use csv_file::{
    label_classes, read_csv, read_csv_classes, read_csv_counting, read_csv_from, read_csv_inputs,
    write_csv,
};
pub use dataset::Dataset;
pub use features::{Feature, Preprocess, Standardize};
pub use playground::{DatasetKind, MAX_CLASSES, check_classes, reference_plane};
pub use spec::{
    DataSource, DataSpec, check_noise, check_train_ratio, drawn_point_trains, drawn_sets,
    is_erased, live_points,
};
pub use tf_data::{Point, page_data as tf_page_data};

/// What can be wrong with data.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// TF Playground's page has no such dataset.
    #[error("TensorFlow Playground has no {0} dataset")]
    NotOnThePage(DatasetKind),
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not usable CSV, or its contents are not numbers.
    #[error("{path}: {why}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line where it is known.
        why: String,
    },
    /// Noise outside 0–0.5.
    #[error("noise must be between 0 and 0.5, got {0}")]
    Noise(f64),
    /// A class count outside 2–10.
    #[error("classes must be between 2 and 10, got {0}")]
    Classes(usize),
    /// A train ratio outside (0, 1).
    #[error("train ratio must be strictly between 0 and 1, got {0}")]
    TrainRatio(f64),
    /// A name (of a dataset, a feature) that scratchnet does not know.
    #[error(transparent)]
    UnknownName(#[from] crate::names::UnknownName),
    /// Drawn data with too few points for both a training and a test sample.
    #[error("{0} drawn points are too few: draw more, so that both training and test get one")]
    TooFewPoints(usize),
    /// Two datasets that should have the same columns do not.
    #[error("{0}")]
    Mismatch(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::assert_names;

    #[test]
    fn names_on_the_command_line_and_in_files_are_these() {
        assert_names!(
            DatasetKind,
            [
                (DatasetKind::Plane, "plane"),
                (DatasetKind::Circle, "circle"),
                (DatasetKind::Xor, "xor"),
                (DatasetKind::Gauss, "gauss"),
                (DatasetKind::Spiral, "spiral"),
                (DatasetKind::Blobs, "blobs"),
                (DatasetKind::RegPlane, "reg-plane"),
                (DatasetKind::RegGauss, "reg-gauss"),
            ]
        );
        assert_names!(
            Feature,
            [
                (Feature::X1, "x1"),
                (Feature::X2, "x2"),
                (Feature::X1sq, "x1sq"),
                (Feature::X2sq, "x2sq"),
                (Feature::X1x2, "x1x2"),
                (Feature::Sinx1, "sinx1"),
                (Feature::Sinx2, "sinx2"),
            ]
        );
    }
}
