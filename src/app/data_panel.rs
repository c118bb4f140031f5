//! The data panel: a playground dataset or CSV files, noise, split and seed.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::data::{Dataset, DatasetKind, Feature, Preprocess, Standardize, read_csv};
use crate::model_file::DataSettings;

/// Where the samples come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

/// What the data panel asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum DataAction {
    /// Make the data again with the panel's settings.
    Regenerate,
    /// Ask for a CSV file to import.
    ImportCsv,
}

/// The data panel's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataPanel {
    /// Where the samples come from.
    pub source: DataSource,
    /// Noise fraction, 0–0.5.
    pub noise: f64,
    /// Share of samples for training.
    pub train_ratio: f64,
    /// Seed of generation and split.
    pub seed: u64,
    /// Input features fed to the network (empty: the raw inputs).
    pub features: Vec<Feature>,
    /// Standardise the raw inputs.
    pub standardize: bool,
}

impl Default for DataPanel {
    /// The reference demo's plane data.
    fn default() -> Self {
        DataPanel {
            source: DataSource::Builtin(DatasetKind::Plane),
            noise: 0.0,
            train_ratio: 0.5,
            seed: 0,
            features: Vec::new(),
            standardize: false,
        }
    }
}

impl DataPanel {
    /// Makes or reads the `(train, test)` samples.
    pub fn load(&self) -> Result<(Dataset, Dataset), String> {
        let mut rng = crate::seeded(self.seed);
        match &self.source {
            DataSource::Builtin(kind) => kind
                .train_test(self.noise, self.train_ratio, &mut rng)
                .map_err(|e| e.to_string()),
            DataSource::Csv { train, test } => {
                let train_set = read_csv(train).map_err(|e| e.to_string())?;
                match test {
                    Some(test_path) => {
                        let test_set = read_csv(test_path).map_err(|e| e.to_string())?;
                        train_set
                            .check_same_columns(&test_set)
                            .map_err(|e| format!("{}: {e}", test_path.display()))?;
                        Ok((train_set, test_set))
                    }
                    None if train_set.len() < 2 => {
                        let empty = Dataset::new(
                            train_set.input_names().to_vec(),
                            train_set.target_names().to_vec(),
                        );
                        Ok((train_set, empty))
                    }
                    None => train_set
                        .split(self.train_ratio, &mut rng)
                        .map_err(|e| e.to_string()),
                }
            }
        }
    }

    /// How raw inputs become the network's inputs, measured on `train` where needed.
    pub fn preprocess(&self, train: &Dataset) -> Result<Preprocess, String> {
        let p = Preprocess {
            features: self.features.clone(),
            standardize: self.standardize.then(|| Standardize::measure(train)),
        };
        p.check(train.n_inputs()).map_err(|e| e.to_string())?;
        Ok(p)
    }

    /// The settings as the model file records them.
    pub fn settings(&self) -> DataSettings {
        let (dataset, train_csv, test_csv) = match &self.source {
            DataSource::Builtin(kind) => (Some(*kind), None, None),
            DataSource::Csv { train, test } => (None, Some(train.clone()), test.clone()),
        };
        DataSettings {
            dataset,
            noise: self.noise,
            train_ratio: self.train_ratio,
            seed: self.seed,
            train_csv,
            test_csv,
        }
    }

    /// Takes the settings a model file recorded.
    pub fn adopt(&mut self, s: &DataSettings) {
        self.source = match (&s.dataset, &s.train_csv) {
            (Some(kind), _) => DataSource::Builtin(*kind),
            (None, Some(train)) => DataSource::Csv {
                train: train.clone(),
                test: s.test_csv.clone(),
            },
            (None, None) => DataSource::Builtin(DatasetKind::Plane),
        };
        self.noise = s.noise;
        self.train_ratio = s.train_ratio;
        self.seed = s.seed;
    }

    /// Draws the panel; returns what it asks for.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<DataAction> {
        let before = self.clone();
        let Self {
            source,
            noise,
            train_ratio,
            seed,
            features,
            standardize,
        } = self;
        let mut action = None;

        ui.horizontal_wrapped(|ui| {
            for kind in DatasetKind::ALL {
                let selected = *source == DataSource::Builtin(kind);
                let tip = match kind {
                    DatasetKind::Plane => {
                        "The reference demo's fixed regression data (600 + 600 samples)"
                    }
                    DatasetKind::Circle => "Classification: a disc inside a ring",
                    DatasetKind::Xor => "Classification: opposite quadrants share a label",
                    DatasetKind::Gauss => "Classification: two Gaussian blobs",
                    DatasetKind::Spiral => "Classification: two interleaved spirals",
                    DatasetKind::RegPlane => "Regression: (x1 + x2) / 10, freshly generated",
                    DatasetKind::RegGauss => "Regression: six signed bumps",
                };
                if ui
                    .selectable_label(selected, kind.name())
                    .on_hover_text(tip)
                    .clicked()
                {
                    *source = DataSource::Builtin(kind);
                }
            }
        });
        if let DataSource::Csv { train, test } = source {
            ui.label(format!("CSV: {}", train.display()));
            if let Some(t) = test {
                ui.label(format!("Test CSV: {}", t.display()));
            }
        }
        let fixed = matches!(source, DataSource::Builtin(k) if k.is_fixed());
        let generated = matches!(source, DataSource::Builtin(_)) && !fixed;
        let split = !fixed && !matches!(source, DataSource::Csv { test: Some(_), .. });

        ui.add_enabled_ui(generated, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Noise");
                ui.add(egui::Slider::new(noise, 0.0..=0.5).step_by(0.05))
                    .labelled_by(label.id)
                    .on_hover_text("How much the labels are disturbed (0 to 0.5)");
            });
        });
        ui.add_enabled_ui(split, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Train ratio");
                ui.add(egui::Slider::new(train_ratio, 0.1..=0.9).step_by(0.05))
                    .labelled_by(label.id)
                    .on_hover_text("Share of the samples used for training; the rest test");
            });
        });
        ui.horizontal(|ui| {
            let label = ui.label("Data seed");
            ui.add_enabled(!fixed, egui::DragValue::new(seed))
                .labelled_by(label.id)
                .on_hover_text("Seed of generation and split");
            if ui
                .add_enabled(!fixed, egui::Button::new("Regenerate"))
                .on_hover_text("Make the data again with a new seed")
                .clicked()
            {
                *seed = seed.wrapping_add(1);
            }
        });
        if ui
            .button("Import CSV…")
            .on_hover_text("Train on your own data: columns x… are inputs, y… targets")
            .clicked()
        {
            action = Some(DataAction::ImportCsv);
        }
        if fixed {
            ui.weak("The reference plane data is fixed: noise, ratio and seed do not apply.");
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Features").on_hover_text(
                "What the network sees of a point (x1, x2); none ticked: the raw inputs",
            );
            for f in Feature::ALL {
                let mut on = features.contains(&f);
                if ui
                    .checkbox(&mut on, f.label())
                    .on_hover_text(format!("Feed {} to the network", f.label()))
                    .changed()
                {
                    if on {
                        features.push(f);
                        features.sort_by_key(|g| Feature::ALL.iter().position(|h| h == g));
                    } else {
                        features.retain(|g| *g != f);
                    }
                }
            }
        });
        ui.checkbox(standardize, "Standardise inputs")
            .on_hover_text("Shift and scale each raw input to mean 0 and spread 1 (measured on the training data)");
        if action.is_none() && *self != before {
            action = Some(DataAction::Regenerate);
        }
        action
    }
}
