//! What decides a dataset: where its samples come from, their noise, split and seed. The
//! command line, the app's data panel and the model file all hold this one type, and every
//! one of them gets its samples from [`DataSpec::load`].

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{DataError, Dataset, DatasetKind, read_csv};

/// Where the samples come from.
#[derive(Clone, Debug, PartialEq)]
pub enum DataSource {
    /// A built-in dataset.
    Builtin(DatasetKind),
    /// CSV files: a training file and an optional test file.
    Csv {
        /// The training CSV (split by the train ratio when there is no test file).
        train: PathBuf,
        /// The test CSV.
        test: Option<PathBuf>,
    },
}

/// A dataset's recipe: its source, and for generated or split data the noise, the share
/// of samples that train and the seed of generation and split.
///
/// In a model file it is the `data` object:
/// `{"dataset": "circle", "noise": 0.1, "train_ratio": 0.5, "seed": 0}`, or for CSV files
/// `{"dataset": null, …, "train_csv": "train.csv", "test_csv": "test.csv"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "SpecWire", into = "SpecWire")]
pub struct DataSpec {
    /// Where the samples come from.
    pub source: DataSource,
    /// Noise fraction of generated data, 0 to 0.5.
    pub noise: f64,
    /// Share of the samples used for training, strictly between 0 and 1.
    pub train_ratio: f64,
    /// Seed of generation and split.
    pub seed: u64,
}

impl Default for DataSpec {
    /// The reference demo's plane data.
    fn default() -> Self {
        DataSpec {
            source: DataSource::Builtin(DatasetKind::Plane),
            noise: 0.0,
            train_ratio: 0.5,
            seed: 0,
        }
    }
}

/// Checks a noise fraction: 0 to 0.5.
pub fn check_noise(noise: f64) -> Result<(), DataError> {
    if (0.0..=0.5).contains(&noise) {
        Ok(())
    } else {
        Err(DataError::Noise(noise))
    }
}

/// Checks a train ratio: strictly between 0 and 1.
pub fn check_train_ratio(train_ratio: f64) -> Result<(), DataError> {
    if train_ratio > 0.0 && train_ratio < 1.0 {
        Ok(())
    } else {
        Err(DataError::TrainRatio(train_ratio))
    }
}

impl DataSpec {
    /// Checks the noise and the train ratio.
    pub fn validate(&self) -> Result<(), DataError> {
        check_noise(self.noise)?;
        check_train_ratio(self.train_ratio)
    }

    /// Makes or reads the `(train, test)` samples.
    ///
    /// A CSV without a test file is split by the train ratio, so it needs at least two
    /// samples; a test file needs the training file's columns.
    pub fn load(&self) -> Result<(Dataset, Dataset), DataError> {
        self.validate()?;
        let mut rng = crate::seeded(self.seed);
        match &self.source {
            DataSource::Builtin(kind) => kind.train_test(self.noise, self.train_ratio, &mut rng),
            DataSource::Csv { train, test } => {
                let train_set = read_csv(train)?;
                match test {
                    Some(test_path) => {
                        let test_set = read_csv(test_path)?;
                        train_set
                            .check_same_columns(&test_set)
                            .map_err(|e| DataError::Csv {
                                path: test_path.clone(),
                                why: e.to_string(),
                            })?;
                        Ok((train_set, test_set))
                    }
                    None if train_set.len() < 2 => Err(DataError::Csv {
                        path: train.clone(),
                        why: "one sample cannot be split into train and test (give a test file)"
                            .into(),
                    }),
                    None => train_set.split(self.train_ratio, &mut rng),
                }
            }
        }
    }
}

/// The model file's form of a [`DataSpec`].
#[derive(Serialize, Deserialize)]
#[serde(default)]
struct SpecWire {
    dataset: Option<DatasetKind>,
    noise: f64,
    train_ratio: f64,
    seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    train_csv: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_csv: Option<PathBuf>,
}

impl Default for SpecWire {
    fn default() -> Self {
        DataSpec::default().into()
    }
}

impl From<SpecWire> for DataSpec {
    fn from(w: SpecWire) -> Self {
        let source = match (w.dataset, w.train_csv) {
            (Some(kind), _) => DataSource::Builtin(kind),
            (None, Some(train)) => DataSource::Csv {
                train,
                test: w.test_csv,
            },
            (None, None) => DataSource::Builtin(DatasetKind::Plane),
        };
        DataSpec {
            source,
            noise: w.noise,
            train_ratio: w.train_ratio,
            seed: w.seed,
        }
    }
}

impl From<DataSpec> for SpecWire {
    fn from(s: DataSpec) -> Self {
        let (dataset, train_csv, test_csv) = match s.source {
            DataSource::Builtin(kind) => (Some(kind), None, None),
            DataSource::Csv { train, test } => (None, Some(train), test),
        };
        SpecWire {
            dataset,
            noise: s.noise,
            train_ratio: s.train_ratio,
            seed: s.seed,
            train_csv,
            test_csv,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_spec(dir: &std::path::Path, train: &str, test: Option<&str>) -> DataSpec {
        let path = |name: &str, text: &str| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        DataSpec {
            source: DataSource::Csv {
                train: path("train.csv", train),
                test: test.map(|t| path("test.csv", t)),
            },
            ..DataSpec::default()
        }
    }

    #[test]
    fn a_generated_spec_loads_the_same_samples_for_the_same_seed() {
        let spec = DataSpec {
            source: DataSource::Builtin(DatasetKind::Circle),
            noise: 0.1,
            train_ratio: 0.7,
            seed: 3,
        };
        let (train, test) = spec.load().unwrap();
        assert_eq!((train.len(), test.len()), (350, 150));
        assert_eq!(spec.load().unwrap(), (train.clone(), test));
        let other = DataSpec { seed: 4, ..spec };
        assert_ne!(other.load().unwrap().0, train);
    }

    #[test]
    fn a_csv_is_split_by_the_ratio_or_paired_with_its_test_file() {
        let dir = tempfile::tempdir().unwrap();
        let rows = "x1,y\n1,1\n2,2\n3,3\n4,4\n";
        let (train, test) = csv_spec(dir.path(), rows, None).load().unwrap();
        assert_eq!((train.len(), test.len()), (2, 2));
        let (train, test) = csv_spec(dir.path(), rows, Some("x1,y\n9,9\n"))
            .load()
            .unwrap();
        assert_eq!((train.len(), test.len()), (4, 1));
        assert_eq!(test.input(0), [9.0]);
    }

    #[test]
    fn a_one_row_csv_without_a_test_file_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let e = csv_spec(dir.path(), "x1,y\n1,1\n", None)
            .load()
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("train.csv") && e.contains("cannot be split"),
            "{e}"
        );
        // With a test file, one training row is fine.
        assert!(
            csv_spec(dir.path(), "x1,y\n1,1\n", Some("x1,y\n2,2\n"))
                .load()
                .is_ok()
        );
        // Two rows split one and one.
        let (train, test) = csv_spec(dir.path(), "x1,y\n1,1\n2,2\n", None)
            .load()
            .unwrap();
        assert_eq!((train.len(), test.len()), (1, 1));
    }

    #[test]
    fn a_test_file_with_other_columns_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let e = csv_spec(dir.path(), "x1,y\n1,1\n", Some("x1,x2,y\n1,2,3\n"))
            .load()
            .unwrap_err()
            .to_string();
        assert!(e.contains("test.csv") && e.contains("differ"), "{e}");
    }

    #[test]
    fn noise_and_ratio_out_of_range_are_refused_before_loading() {
        let bad_noise = DataSpec {
            noise: 0.6,
            ..DataSpec::default()
        };
        assert!(matches!(bad_noise.load(), Err(DataError::Noise(n)) if n == 0.6));
        for ratio in [0.0, 1.0, -0.5, f64::NAN] {
            let bad = DataSpec {
                train_ratio: ratio,
                ..DataSpec::default()
            };
            assert!(
                matches!(bad.validate(), Err(DataError::TrainRatio(_))),
                "{ratio}"
            );
        }
        assert!(check_noise(0.5).is_ok() && check_noise(0.0).is_ok());
        assert!(check_noise(-0.01).is_err() && check_noise(f64::NAN).is_err());
    }

    #[test]
    fn the_model_file_form_is_the_documented_data_object() {
        let spec = DataSpec {
            source: DataSource::Builtin(DatasetKind::RegGauss),
            noise: 0.25,
            train_ratio: 0.6,
            seed: 9,
        };
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"dataset": "reg-gauss", "noise": 0.25, "train_ratio": 0.6, "seed": 9})
        );
        let csv = DataSpec {
            source: DataSource::Csv {
                train: "a.csv".into(),
                test: Some("b.csv".into()),
            },
            ..DataSpec::default()
        };
        let json = serde_json::to_value(&csv).unwrap();
        assert_eq!(json["dataset"], serde_json::Value::Null);
        assert_eq!(
            (json["train_csv"].as_str(), json["test_csv"].as_str()),
            (Some("a.csv"), Some("b.csv"))
        );
        for s in [spec, csv] {
            let back: DataSpec = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
            assert_eq!(back, s);
        }
        let empty: DataSpec = serde_json::from_str("{}").unwrap();
        assert_eq!(
            empty,
            DataSpec::default(),
            "missing keys are the reference demo's"
        );
    }
}
