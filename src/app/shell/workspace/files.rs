//! What the File menu does: open and save models, import CSV data, export the data, the
//! loss history and the heatmap; each through a file dialog, or with a path (as tests and the command
//! line give one). An error is returned, or shown in the window by the `_dialog` forms.

use std::path::{Path, PathBuf};

use super::Workspace;
use crate::app::shell::file_chooser::{Chosen, FileTask};
use crate::app::shell::messages::{Notice, Problem};
use crate::app::shell::questions::{LessonSource, Pending};
use crate::data::DataError;
use crate::experiment::{self, ExperimentError, LOAD_IN_BACKGROUND};
use crate::model_file::{self, Model};

/// An export that could not be written; the message names the file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct ExportError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    #[source]
    pub problem: ExportProblem,
}

impl ExportError {
    fn new(path: &Path, problem: ExportProblem) -> Self {
        ExportError {
            path: path.to_path_buf(),
            problem,
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportProblem {
    /// The file cannot be written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The history cannot be written as CSV.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// The picture cannot be encoded.
    #[error(transparent)]
    Image(#[from] image::ImageError),
    /// The animation cannot be made.
    #[error(transparent)]
    Animation(crate::experiment::AnimationError),
    /// There is no picture to export.
    #[error("the heatmap needs a network with 2 inputs")]
    NoPicture,
}

/// Frames of File ▸ Export animation… at most.
pub const MAX_ANIMATION_FRAMES: usize = 60;

impl Workspace {
    /// Opens a model file with its data; on error nothing changes and the error is
    /// returned.
    pub fn open_model(&mut self, path: &Path) -> Result<(), ExperimentError> {
        let opened = experiment::open_model(path, &self.persisted.data.spec)?;
        self.open_opened(opened)?;
        self.messages.notice = Some(Notice::Opened(path.to_path_buf()));
        self.model_path = Some(path.to_path_buf());
        Ok(())
    }

    /// The opened experiment replaces the current one, the panels following it; on error
    /// nothing changes.
    pub(super) fn open_opened(
        &mut self,
        opened: experiment::Opened,
    ) -> Result<(), ExperimentError> {
        let p = &mut self.persisted;
        let previous = (p.data.clone(), p.network.clone(), p.training.clone());
        p.adopt_model(&opened);
        if let Err(e) = self.experiment.open(opened, p.run_settings()) {
            (p.data, p.network, p.training) = previous;
            return Err(e);
        }
        self.persisted.follow(&self.experiment);
        self.experiment.runs_mut().current.data = self.persisted.data.describe();
        Ok(())
    }

    /// Opens a model file as the File menu does: an error is shown in the window.
    pub fn open_model_reporting(&mut self, path: &Path) {
        let result = self.open_model(path);
        self.messages.report(result);
    }

    /// The model as it would be saved now.
    pub fn model(&self) -> Model {
        let spec = self.persisted.data.spec.clone();
        self.experiment
            .model(self.persisted.training_settings(), spec)
    }

    /// Saves the model (network, settings, history) to `path`.
    pub fn save_model(&mut self, path: &Path) -> Result<(), ExperimentError> {
        let spec = self.persisted.data.spec.clone();
        self.experiment
            .save(path, self.persisted.training_settings(), spec)?;
        self.messages.notice = Some(Notice::Saved(path.to_path_buf()));
        self.model_path = Some(path.to_path_buf());
        Ok(())
    }

    /// Trains on CSV files from now on; on error nothing changes.
    pub fn import_csv(&mut self, train: PathBuf, test: Option<PathBuf>) -> Result<(), DataError> {
        let previous = self.persisted.data.clone();
        self.persisted.data.spec.source = crate::data::DataSource::Csv { train, test };
        if self.persisted.data.spec.file_bytes() >= LOAD_IN_BACKGROUND {
            // A large file loads on its own thread; the window shows its progress.
            self.load_in_background(previous);
            return Ok(());
        }
        match self.persisted.data.load() {
            Ok(data) => {
                self.new_data(previous, data);
                Ok(())
            }
            Err(e) => {
                self.persisted.data = previous;
                Err(e)
            }
        }
    }

    /// Writes the loss history as CSV: `epoch,train_loss,test_loss`.
    pub fn export_loss_csv(&self, path: &Path) -> Result<(), ExportError> {
        let write = || {
            let bytes = self.experiment.history().to_csv()?;
            Ok(model_file::write_atomically(path, &bytes)?)
        };
        write().map_err(|problem| ExportError::new(path, problem))
    }

    /// Writes every run's curve as one CSV (run, epoch, losses, metrics).
    pub fn export_runs_csv(&self, path: &Path) -> Result<(), ExportError> {
        let write = || {
            let bytes = self.experiment.runs_csv()?;
            Ok(model_file::write_atomically(path, &bytes)?)
        };
        write().map_err(|problem| ExportError::new(path, problem))
    }

    /// Writes the data as CSV in the form Import CSV reads (`x1,x2,…,y…`): a drawing's
    /// points in the order drawn, other data its training samples and then its test samples.
    pub fn export_data_csv(&self, path: &Path) -> Result<(), ExportError> {
        let e = &self.experiment;
        let all = match &self.persisted.data.spec.source {
            crate::data::DataSource::Drawn(points) => crate::data::drawn_sets(points, 1.0).0,
            _ => {
                let mut all = e.train_data().clone();
                let test = e.test_data();
                for i in 0..test.len() {
                    all.push(test.input(i), test.target(i));
                }
                all
            }
        };
        let write = || {
            let mut bytes = Vec::new();
            crate::data::write_csv(&all, &mut bytes)?;
            Ok(model_file::write_atomically(path, &bytes)?)
        };
        write().map_err(|problem| ExportError::new(path, problem))
    }

    /// Writes the model's predictions for the input columns of the CSV `input` to `out`
    /// (as `scratchnet predict` does); returns the number of rows.
    pub fn predict_csv(&self, input: &Path, out: &Path) -> Result<usize, ExperimentError> {
        let inputs = crate::data::read_csv_inputs(input)?;
        let bytes = experiment::predictions_csv(&self.model(), &inputs)?;
        model_file::write_atomically(out, &bytes).map_err(|source| {
            ExperimentError::from(crate::model_file::ModelFileError {
                path: out.to_path_buf(),
                problem: source.into(),
            })
        })?;
        Ok(inputs.len())
    }

    /// Writes the model as one Python file for NumPy or PyTorch (as `scratchnet export`).
    pub fn export_python(
        &self,
        target: experiment::PythonTarget,
        path: &Path,
    ) -> Result<(), ExportError> {
        let source = experiment::python_source(&self.model(), target);
        model_file::write_atomically(path, source.as_bytes())
            .map_err(|e| ExportError::new(path, e.into()))
    }

    /// Writes the heatmap as a PNG image.
    pub fn export_heatmap_png(&mut self, path: &Path) -> Result<(), ExportError> {
        let heatmap = &mut self.persisted.heatmap;
        let e = &self.experiment;
        let picture = heatmap
            .compute(e.network(), e.preprocess())
            .then(|| heatmap.to_image())
            .flatten();
        let write = || {
            let img = picture.ok_or(ExportProblem::NoPicture)?;
            let mut bytes = Vec::new();
            img.write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )?;
            Ok(model_file::write_atomically(path, &bytes)?)
        };
        write().map_err(|problem| ExportError::new(path, problem))
    }

    /// Writes the run's kept moments (the rewind slider's) as an animated GIF, at most
    /// [`MAX_ANIMATION_FRAMES`] of them, evenly chosen.
    pub fn export_animation(&mut self, path: &Path, diagram: bool) -> Result<(), ExportError> {
        let e = &self.experiment;
        let all = e.checkpoints();
        let step = all.len().div_ceil(MAX_ANIMATION_FRAMES).max(1);
        let mut moments: Vec<(u64, &crate::nn::Network)> = all
            .iter()
            .step_by(step)
            .map(|c| (c.epoch, &c.network))
            .collect();
        if let Some(last) = all.last()
            && moments.last().is_some_and(|m| m.0 != last.epoch)
        {
            moments.push((last.epoch, &last.network));
        }
        let mut bytes = Vec::new();
        crate::experiment::write_gif(
            &moments,
            e.preprocess(),
            e.train_data(),
            diagram,
            &mut bytes,
        )
        .map_err(|a| ExportError::new(path, ExportProblem::Animation(a)))?;
        model_file::write_atomically(path, &bytes)
            .map_err(|io| ExportError::new(path, ExportProblem::Io(io)))
    }

    /// Writes the experiment as a lesson, with the form's title, task, hidden controls and
    /// goals.
    pub fn save_lesson(&mut self, path: &Path) -> Result<(), ExportError> {
        let lesson = self.lesson_form.lesson(self.model());
        model_file::write_atomically(path, lesson.to_json().as_bytes())
            .map_err(|io| ExportError::new(path, ExportProblem::Io(io)))
    }

    /// Opens a file dropped on the window or named on the command line: a `.json` model
    /// (as File ▸ Open model…) or `.csv` data (as Import CSV…, split by the train ratio).
    pub fn open_path(&mut self, path: PathBuf) {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        match extension.as_deref() {
            Some("json") => self.open_model_asking(path),
            Some("csv") => {
                let result = self.import_csv(path, None);
                self.messages.report(result);
            }
            _ => match read_link_file(&path) {
                Some(link) => self.open_link_asking(link),
                None => self.messages.fail(Problem::NotAModelOrData(path)),
            },
        }
    }

    /// Opens a model as File > Open does: first asking, when trained weights are not saved.
    pub fn open_model_asking(&mut self, path: PathBuf) {
        if crate::experiment::lesson::is_lesson_file(&path) {
            // A lesson file (double-clicked, dropped, or chosen in File ▸ Open) is a lesson.
            self.open_lesson_asking(LessonSource::File(path));
        } else if self.experiment.is_unsaved() {
            self.questions.ask(Pending::Open(path));
        } else {
            self.open_model_reporting(&path);
        }
    }

    /// Does `task` with the chosen `path`; an error shows in the window. Returns the next
    /// file to ask for, when the task takes two (an import's test file, where to write
    /// predictions).
    pub fn use_path(&mut self, task: FileTask, path: PathBuf) -> Option<FileTask> {
        let result: Result<(), Problem> = match task {
            FileTask::OpenModel => {
                self.open_model_asking(path);
                Ok(())
            }
            FileTask::ImportTrain => return Some(FileTask::ImportTest(path)),
            FileTask::ImportTest(train) => self.import_csv(train, Some(path)).map_err(Into::into),
            FileTask::SaveModel => self.save_model(&path).map_err(Into::into),
            FileTask::ExportData => self.export_data_csv(&path).map_err(Into::into),
            FileTask::ExportLoss => self.export_loss_csv(&path).map_err(Into::into),
            FileTask::ExportRuns => self.export_runs_csv(&path).map_err(Into::into),
            FileTask::ExportHeatmap => self.export_heatmap_png(&path).map_err(Into::into),
            FileTask::ExportAnimation { diagram } => {
                self.export_animation(&path, diagram).map_err(Into::into)
            }
            FileTask::OpenLesson => {
                self.open_lesson_asking(crate::app::shell::questions::LessonSource::File(path));
                Ok(())
            }
            FileTask::SaveLesson => self.save_lesson(&path).map_err(Into::into),
            FileTask::PredictInput => return Some(FileTask::PredictOutput(path)),
            FileTask::PredictOutput(input) => self
                .predict_csv(&input, &path)
                .map(|rows| {
                    self.messages.notice = Some(Notice::Predicted(rows, path));
                })
                .map_err(Into::into),
            FileTask::ExportPython(target) => self.export_python(target, &path).map_err(Into::into),
        };
        self.messages.report(result);
        None
    }

    /// Does what a chosen file (or none) asks; returns the next file to ask for.
    pub fn chosen(&mut self, chosen: Chosen) -> Option<FileTask> {
        match chosen {
            Chosen::Path(task, path) => self.use_path(task, path),
            // Without a test file, the training file is split.
            Chosen::Nothing(FileTask::ImportTest(train)) => {
                let result = self.import_csv(train, None);
                self.messages.report(result);
                None
            }
            Chosen::Nothing(_) => None,
        }
    }

    /// Opens the experiment a crashed window left at `path` as unsaved work under no name.
    pub fn restore_recovered(&mut self, path: &Path, epoch: u64) {
        match self.open_model(path) {
            Ok(()) => {
                self.model_path = None;
                self.experiment.mark_unsaved();
                self.messages.notice = Some(Notice::Restored(epoch));
            }
            Err(e) => self.messages.fail(Problem::CannotRestore(e)),
        }
    }
}

/// The TF Playground link in a small file (a `.url` or `.desktop` shortcut, or a text file
/// with the link), if it is one.
fn read_link_file(path: &std::path::Path) -> Option<String> {
    use std::io::Read;
    let mut text = String::new();
    let file = std::fs::File::open(path).ok()?;
    file.take(LINK_FILE_MAX).read_to_string(&mut text).ok()?;
    crate::experiment::link_in_file(&text).map(str::to_string)
}

/// The most of a dropped file read to look for a link in it.
const LINK_FILE_MAX: u64 = 64 * 1024;
