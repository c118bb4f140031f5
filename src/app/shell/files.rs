//! What the File menu does: open and save models, import CSV data, export the loss history
//! and the heatmap; each through a file dialog, or with a path (as tests and the command
//! line give one). An error is returned, or shown in the window by the `_dialog` forms.

use std::path::{Path, PathBuf};

use super::{Continuation, Pending, ScratchnetApp};
use crate::model_file::{self, History, Model, TrainingSettings};

impl ScratchnetApp {
    /// Opens a model file; on error nothing changes and the error is returned.
    pub fn open_model(&mut self, path: &Path) -> Result<(), String> {
        let model = model_file::load(path).map_err(|e| e.to_string())?;
        let mut data = self.persisted.data.clone();
        if let Some(d) = &model.data {
            data.spec = d.clone();
        }
        let (train, test) = data
            .load()
            .map_err(|e| format!("{}: the model's data cannot be loaded: {e}", path.display()))?;
        let net = &model.network;
        model
            .preprocess
            .check(train.n_inputs())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let n_in = model.preprocess.n_inputs(train.n_inputs());
        if net.n_inputs() != n_in || net.n_outputs() != train.n_targets() {
            return Err(format!(
                "{}: the model takes {} inputs and gives {} outputs, its data gives {} and {}",
                path.display(),
                net.n_inputs(),
                net.n_outputs(),
                n_in,
                train.n_targets()
            ));
        }
        self.persisted.data = data;
        self.persisted.data.features = model.preprocess.features.clone();
        self.persisted.data.standardize = model.preprocess.standardize.is_some();
        self.persisted.network.adopt(net);
        if let Some(t) = &model.training {
            self.persisted.network.init = t.init;
            self.persisted.network.seed = t.seed;
            self.persisted.training.adopt(t);
        }
        self.history = model.history.clone().unwrap_or_default();
        self.metrics = History::default();
        let seed = self.persisted.network.seed;
        let state = Continuation {
            optimizer: model.optimizer_state.clone().unwrap_or_default(),
            rng: model
                .shuffle_rng
                .clone()
                .unwrap_or_else(|| crate::seeded(seed)),
        };
        self.start(
            model.network,
            train,
            test,
            model.epoch,
            model.preprocess,
            state,
        );
        self.unsaved = false;
        self.notice = Some(format!("Opened {}", path.display()));
        Ok(())
    }

    /// Opens a model file as the File menu does: an error is shown in the window.
    pub fn open_model_reporting(&mut self, path: &Path) {
        if let Err(e) = self.open_model(path) {
            self.error = Some(e);
        }
    }

    /// The model as it would be saved now.
    pub fn model(&self) -> Model {
        let training = TrainingSettings {
            config: self.persisted.training.config,
            init: self.persisted.network.init,
            seed: self.persisted.network.seed,
            stop: self.persisted.training.stop,
        };
        Model {
            network: self.network.clone(),
            training: Some(training),
            data: Some(self.persisted.data.spec.clone()),
            epoch: self.transport.epoch,
            history: Some(self.history.clone()),
            preprocess: self.preprocess.clone(),
            optimizer_state: Some(self.continuation.optimizer.clone()),
            shuffle_rng: Some(self.continuation.rng.clone()),
        }
    }

    /// Saves the model (network, settings, history) to `path`.
    pub fn save_model(&mut self, path: &Path) -> Result<(), String> {
        model_file::save(&self.model(), path).map_err(|e| e.to_string())?;
        self.unsaved = false;
        self.notice = Some(format!("Saved {}", path.display()));
        Ok(())
    }

    /// Trains on CSV files from now on; on error nothing changes.
    pub fn import_csv(&mut self, train: PathBuf, test: Option<PathBuf>) -> Result<(), String> {
        let previous = self.persisted.data.clone();
        self.persisted.data.spec.source = crate::data::DataSource::Csv { train, test };
        match self.persisted.data.load() {
            Ok((train, test)) => {
                self.new_data(previous, train, test);
                Ok(())
            }
            Err(e) => {
                self.persisted.data = previous;
                Err(e)
            }
        }
    }

    /// Writes the loss history as CSV: `epoch,train_loss,test_loss`.
    pub fn export_loss_csv(&self, path: &Path) -> Result<(), String> {
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let bytes = self.history.to_csv().map_err(|e| fail(&e))?;
        model_file::write_atomically(path, &bytes).map_err(|e| fail(&e))
    }

    /// Writes the heatmap as a PNG image.
    pub fn export_heatmap_png(&mut self, path: &Path) -> Result<(), String> {
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let heatmap = &mut self.persisted.heatmap;
        if !heatmap.compute(&self.network, &self.preprocess) {
            return Err(fail(&"the heatmap needs a network with 2 inputs"));
        }
        let img = heatmap.to_image().ok_or_else(|| fail(&"no heatmap yet"))?;
        let mut bytes = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .map_err(|e| fail(&e))?;
        model_file::write_atomically(path, &bytes).map_err(|e| fail(&e))
    }

    pub(super) fn import_csv_dialog(&mut self) {
        let Some(train) = rfd::FileDialog::new()
            .set_title("Import training CSV (columns x… inputs, y… targets)")
            .add_filter("CSV", &["csv"])
            .pick_file()
        else {
            return;
        };
        let test = rfd::FileDialog::new()
            .set_title("Optional: a test CSV (Cancel to split the training file)")
            .add_filter("CSV", &["csv"])
            .pick_file();
        if let Err(e) = self.import_csv(train, test) {
            self.error = Some(e);
        }
    }

    pub(super) fn open_dialog(&mut self) {
        if let Some(path) = rfd::FileDialog::new()
            .set_title("Open model")
            .add_filter("scratchnet model", &["json"])
            .pick_file()
        {
            self.open_model_asking(path);
        }
    }

    /// Opens a model as File > Open does: first asking, when trained weights are not saved.
    pub fn open_model_asking(&mut self, path: PathBuf) {
        if self.unsaved {
            self.pending = Some(Pending::Open(path));
        } else {
            self.open_model_reporting(&path);
        }
    }

    /// Asks where to save, then writes there with `write`; an error shows in the window.
    pub(super) fn save_with_dialog(
        &mut self,
        title: &str,
        (filter, extension): (&str, &str),
        file_name: &str,
        write: fn(&mut Self, &Path) -> Result<(), String>,
    ) {
        if let Some(path) = rfd::FileDialog::new()
            .set_title(title)
            .add_filter(filter, &[extension])
            .set_file_name(file_name)
            .save_file()
            && let Err(e) = write(self, &path)
        {
            self.error = Some(e);
        }
    }

    pub(super) fn save_dialog(&mut self) {
        let write = |app: &mut Self, p: &Path| app.save_model(p);
        self.save_with_dialog(
            "Save model",
            ("scratchnet model", "json"),
            "model.json",
            write,
        );
    }

    pub(super) fn export_loss_dialog(&mut self) {
        let write = |app: &mut Self, p: &Path| app.export_loss_csv(p);
        self.save_with_dialog("Export loss history", ("CSV", "csv"), "loss.csv", write);
    }

    pub(super) fn export_heatmap_dialog(&mut self) {
        let write = |app: &mut Self, p: &Path| app.export_heatmap_png(p);
        self.save_with_dialog("Export heatmap", ("PNG image", "png"), "heatmap.png", write);
    }
}
