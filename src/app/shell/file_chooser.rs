//! The file chooser: dialogs that always answer. The system's dialog runs on its own thread
//! (the window keeps drawing), and when no dialog can be shown — no desktop portal with a
//! file chooser and no zenity — the window says so and asks for a path in a text field.

use crate::app::i18n::{tr, trf};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::experiment::worker::Waker;

/// What a chosen file is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileTask {
    /// Open a model (File ▸ Open model…).
    OpenModel,
    /// Save the model (File ▸ Save model…).
    SaveModel,
    /// The training CSV of an import.
    ImportTrain,
    /// The optional test CSV of an import of this training CSV.
    ImportTest(PathBuf),
    /// Export the data as CSV.
    ExportData,
    /// Export the loss history as CSV.
    ExportLoss,
    /// Export every run's curve as one CSV.
    ExportRuns,
    /// Export the heatmap as PNG.
    ExportHeatmap,
    /// Export the run's moments as an animated GIF (with the diagram beside the map).
    ExportAnimation {
        /// The network's diagram beside the map.
        diagram: bool,
    },
    /// Open a lesson file.
    OpenLesson,
    /// Save the experiment as a lesson (the form's title, task, hidden controls, goals).
    SaveLesson,
    /// The data to predict (File ▸ Predict CSV…).
    PredictInput,
    /// Where to write the predictions for this data.
    PredictOutput(PathBuf),
    /// Export the model as Python for NumPy or PyTorch.
    ExportPython(crate::experiment::PythonTarget),
}

impl FileTask {
    /// The dialog's title.
    pub fn title(&self) -> &'static str {
        match self {
            FileTask::OpenModel => tr("Open model"),
            FileTask::SaveModel => tr("Save model"),
            FileTask::ImportTrain => tr("Import training CSV (columns x… inputs, y… targets)"),
            FileTask::ImportTest(_) => {
                tr("Optional: a test CSV (Cancel to split the training file)")
            }
            FileTask::ExportData => tr("Export data"),
            FileTask::ExportLoss => tr("Export loss history"),
            FileTask::ExportRuns => tr("Export every run's curve"),
            FileTask::ExportHeatmap => tr("Export heatmap"),
            FileTask::ExportAnimation { .. } => tr("Export animation"),
            FileTask::OpenLesson => tr("Open lesson"),
            FileTask::SaveLesson => tr("Save as lesson"),
            FileTask::PredictInput => tr("Predict: the data (input columns x…)"),
            FileTask::PredictOutput(_) => tr("Predict: where to write the predictions"),
            FileTask::ExportPython(crate::experiment::PythonTarget::Numpy) => {
                tr("Export the model for NumPy")
            }
            FileTask::ExportPython(crate::experiment::PythonTarget::Pytorch) => {
                tr("Export the model for PyTorch")
            }
        }
    }

    /// The file type offered: its name and extension.
    fn filter(&self) -> (&'static str, &'static str) {
        match self {
            FileTask::OpenModel | FileTask::SaveModel => (tr("scratchnet model"), "json"),
            FileTask::ExportHeatmap => (tr("PNG image"), "png"),
            FileTask::ExportAnimation { .. } => (tr("GIF animation"), "gif"),
            FileTask::OpenLesson | FileTask::SaveLesson => (tr("scratchnet lesson"), "json"),
            FileTask::ExportPython(_) => ("Python", "py"),
            _ => ("CSV", "csv"),
        }
    }

    /// The file name a save dialog suggests (`None`: the task opens a file).
    fn suggested_name(&self) -> Option<&'static str> {
        match self {
            FileTask::SaveModel => Some("model.json"),
            FileTask::ExportData => Some("data.csv"),
            FileTask::ExportLoss => Some("loss.csv"),
            FileTask::ExportRuns => Some("runs.csv"),
            FileTask::ExportHeatmap => Some("heatmap.png"),
            FileTask::ExportAnimation { .. } => Some("run.gif"),
            FileTask::SaveLesson => Some("lesson.scratchnet-lesson.json"),
            FileTask::PredictOutput(_) => Some("predictions.csv"),
            FileTask::ExportPython(crate::experiment::PythonTarget::Numpy) => {
                Some("model_numpy.py")
            }
            FileTask::ExportPython(crate::experiment::PythonTarget::Pytorch) => {
                Some("model_pytorch.py")
            }
            _ => None,
        }
    }

    /// `true` when the task writes a file.
    pub fn saves(&self) -> bool {
        self.suggested_name().is_some()
    }
}

/// Whether the system's file dialogs can be used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialogs {
    /// Show the system's dialog (a desktop portal, or zenity).
    #[default]
    System,
    /// None can be shown: ask for a path in the window.
    Unavailable,
}

/// A system dialog open on its own thread.
struct Asking {
    task: FileTask,
    started: Instant,
    answer: Receiver<Option<PathBuf>>,
}

/// The window's own question for a path, when no dialog can be shown.
#[derive(Clone, Debug, PartialEq)]
pub struct PathPrompt {
    /// What the path is for.
    pub task: FileTask,
    /// The path typed so far.
    pub text: String,
    /// The field has had the keyboard focus once.
    focused: bool,
}

/// What the user chose.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Chosen {
    /// A file for the task.
    Path(FileTask, PathBuf),
    /// No file: the task is cancelled (an import without a test file goes on without).
    Nothing(FileTask),
}

/// A dialog that answers "nothing chosen" faster than this, with no zenity to fall back
/// on, was never shown: nobody cancels a dialog that fast.
const TOO_FAST_TO_BE_SEEN: Duration = Duration::from_millis(400);

/// `true` when a dialog that answered `None` after `elapsed` was never shown.
pub fn dialog_was_not_shown(elapsed: Duration, zenity_installed: bool) -> bool {
    elapsed < TOO_FAST_TO_BE_SEEN && !zenity_installed
}

/// `true` when a `zenity` program is on the `PATH` (rfd's fallback without a portal).
pub fn zenity_installed() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()))
}

/// What the window says when it cannot show a file dialog.
pub const NO_DIALOG: &str = "No file dialog can be shown on this desktop: it needs an \
     xdg-desktop-portal with a file chooser (for example xdg-desktop-portal-gtk) or the \
     zenity program. Type the file's path instead.";

/// Asks for files: one question at a time.
pub struct FileChooser {
    dialogs: Dialogs,
    asking: Option<Asking>,
    prompt: Option<PathPrompt>,
    /// Wakes the window when a dialog answers.
    wake: Waker,
}

impl FileChooser {
    /// A chooser that wakes the window with `wake`.
    pub fn new(wake: Waker) -> Self {
        FileChooser {
            dialogs: Dialogs::default(),
            asking: None,
            prompt: None,
            wake,
        }
    }

    /// Asks for a file for `task`: the system's dialog on its own thread, or the window's
    /// path field when there is none. A question already open is not replaced.
    pub fn ask(&mut self, task: FileTask) {
        if self.asking.is_some() || self.prompt.is_some() {
            return;
        }
        if self.dialogs == Dialogs::Unavailable {
            self.prompt = Some(PathPrompt {
                task,
                text: String::new(),
                focused: false,
            });
            return;
        }
        let (send, answer) = std::sync::mpsc::channel();
        let wake = self.wake.clone();
        let (filter, extension) = task.filter();
        let mut dialog = rfd::FileDialog::new()
            .set_title(task.title())
            .add_filter(filter, &[extension]);
        if let Some(name) = task.suggested_name() {
            dialog = dialog.set_file_name(name);
        }
        let saves = task.saves();
        std::thread::spawn(move || {
            let path = if saves {
                dialog.save_file()
            } else {
                dialog.pick_file()
            };
            let _ = send.send(path);
            wake();
        });
        self.asking = Some(Asking {
            task,
            started: Instant::now(),
            answer,
        });
    }

    /// The open dialog's answer, once it has come (call once per frame). A dialog that
    /// was never shown turns into the window's own question.
    pub fn poll(&mut self) -> Option<Chosen> {
        let asking = self.asking.as_ref()?;
        let answer = match asking.answer.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => None,
        };
        let Asking { task, started, .. } = self.asking.take()?;
        match answer {
            Some(path) => Some(Chosen::Path(task, path)),
            None if dialog_was_not_shown(started.elapsed(), zenity_installed()) => {
                self.dialogs = Dialogs::Unavailable;
                self.ask(task);
                None
            }
            None => Some(Chosen::Nothing(task)),
        }
    }

    /// The question the window asks for a path, if any.
    pub fn prompt(&self) -> Option<&PathPrompt> {
        self.prompt.as_ref()
    }

    /// `true` while a dialog or the path field is open.
    pub fn is_asking(&self) -> bool {
        self.asking.is_some() || self.prompt.is_some()
    }

    /// Chooses how file dialogs are shown (tests, and desktops known to have none).
    pub fn set_dialogs(&mut self, dialogs: Dialogs) {
        self.dialogs = dialogs;
    }

    /// The path field, when the window asks for a path itself; returns the answer once
    /// given.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Chosen> {
        let prompt = self.prompt.as_mut()?;
        let mut done = None;
        let modal = egui::Modal::new(egui::Id::unique("scratchnet path prompt")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading(prompt.task.title());
            ui.label(tr(NO_DIALOG));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = ui.label(tr("Path"));
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut prompt.text)
                            .desired_width(400.0)
                            .hint_text(hint(&prompt.task)),
                    )
                    .labelled_by(label.id);
                if !prompt.focused {
                    prompt.focused = true;
                    field.request_focus();
                }
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    done = Some(true);
                }
            });
            if let Some(problem) = path_problem(&prompt.task, Path::new(prompt.text.trim())) {
                ui.weak(problem);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let go = if prompt.task.saves() {
                    tr("Save")
                } else {
                    tr("Open")
                };
                if ui.button(go).clicked() {
                    done = Some(true);
                }
                if ui.button(tr("Cancel")).clicked() {
                    done = Some(false);
                }
            });
        });
        if modal.should_close() {
            done = Some(false);
        }
        let go = done?;
        let PathPrompt { task, text, .. } = self.prompt.take()?;
        typed_answer(go, task, text.trim())
    }
}

/// What the path field's answer means: Open or Save (`go`) with the typed `text`, or
/// Cancel. An empty path for a test file is no test file.
fn typed_answer(go: bool, task: FileTask, text: &str) -> Option<Chosen> {
    match (go, task) {
        (true, task @ FileTask::ImportTest(_)) if text.is_empty() => Some(Chosen::Nothing(task)),
        (true, task) if !text.is_empty() => Some(Chosen::Path(task, expand_home(text))),
        (false, task) => Some(Chosen::Nothing(task)),
        _ => None,
    }
}

/// An example of what to type.
fn hint(task: &FileTask) -> String {
    match task {
        FileTask::ImportTest(_) => tr("empty: split the training file").into(),
        t => {
            let (_, ext) = t.filter();
            format!("~/{}", t.suggested_name().unwrap_or(&format!("file.{ext}")))
        }
    }
}

/// What is wrong with `path` for `task`, said before the user presses Open or Save.
fn path_problem(task: &FileTask, path: &Path) -> Option<String> {
    if path.as_os_str().is_empty() {
        return None;
    }
    let path = expand_home(&path.to_string_lossy());
    if task.saves() {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        match dir {
            Some(d) if !d.is_dir() => Some(trf!("The folder {} does not exist.", d.display())),
            _ if path.is_dir() => Some(tr("That is a folder; add a file name.").into()),
            _ => None,
        }
    } else if !path.is_file() {
        Some(tr("No such file.").into())
    } else {
        None
    }
}

/// `~/x` as the home folder's `x`.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dialog_that_answers_at_once_without_zenity_was_never_shown() {
        assert!(dialog_was_not_shown(Duration::from_millis(30), false));
        assert!(
            !dialog_was_not_shown(Duration::from_millis(30), true),
            "zenity was tried"
        );
        assert!(
            !dialog_was_not_shown(Duration::from_secs(3), false),
            "a person cancelled"
        );
    }

    #[test]
    fn a_typed_path_is_checked_before_it_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.json");
        std::fs::write(&file, "{}").unwrap();
        let missing = dir.path().join("nope/m.json");
        assert_eq!(path_problem(&FileTask::OpenModel, &file), None);
        assert_eq!(
            path_problem(&FileTask::OpenModel, &missing).as_deref(),
            Some("No such file.")
        );
        assert_eq!(
            path_problem(&FileTask::SaveModel, &file),
            None,
            "overwrites"
        );
        assert!(
            path_problem(&FileTask::SaveModel, &missing)
                .unwrap()
                .contains("does not exist")
        );
        assert!(
            path_problem(&FileTask::ExportLoss, dir.path())
                .unwrap()
                .contains("folder")
        );
        assert_eq!(path_problem(&FileTask::OpenModel, Path::new("")), None);
    }

    #[test]
    fn a_typed_path_is_used_an_empty_test_file_is_none_and_cancel_chooses_nothing() {
        let train = PathBuf::from("/d/train.csv");
        assert_eq!(
            typed_answer(true, FileTask::OpenModel, "/m.json"),
            Some(Chosen::Path(FileTask::OpenModel, PathBuf::from("/m.json")))
        );
        assert_eq!(typed_answer(true, FileTask::OpenModel, ""), None, "asks on");
        assert_eq!(
            typed_answer(true, FileTask::ImportTest(train.clone()), ""),
            Some(Chosen::Nothing(FileTask::ImportTest(train.clone())))
        );
        assert_eq!(
            typed_answer(false, FileTask::SaveModel, "/m.json"),
            Some(Chosen::Nothing(FileTask::SaveModel))
        );
    }

    #[test]
    fn without_dialogs_the_chooser_asks_in_the_window_one_question_at_a_time() {
        let mut chooser = FileChooser::new(std::sync::Arc::new(|| {}));
        chooser.set_dialogs(Dialogs::Unavailable);
        chooser.ask(FileTask::SaveModel);
        chooser.ask(FileTask::OpenModel);
        assert_eq!(
            chooser.prompt().map(|p| &p.task),
            Some(&FileTask::SaveModel)
        );
        assert!(chooser.is_asking());
        assert_eq!(chooser.poll(), None, "no system dialog is open");
    }

    #[test]
    fn a_tilde_is_the_home_folder() {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        if let Some(home) = home {
            assert_eq!(expand_home("~/a/b.json"), home.join("a/b.json"));
        }
        assert_eq!(expand_home("/x/y.csv"), PathBuf::from("/x/y.csv"));
    }
}
