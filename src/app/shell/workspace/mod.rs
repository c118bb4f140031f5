//! The workspace: the experiment the window shows, the panels' settings that set it up,
//! and what the window says and asks about them. The window's commands that change the
//! experiment are applied here ([`Workspace::apply`]); nothing here draws.

mod edits;
mod files;
mod lessons;
mod links;
mod slow_step;
mod undo;

use crate::app::i18n::trf;
pub use files::{ExportError, ExportProblem};
pub use lessons::OpenLesson;
pub use slow_step::SlowStep;
pub use undo::UndoStack;

use std::path::PathBuf;

use super::command::Command;
use super::file_chooser::FileTask;
use super::messages::{Banner, Messages, Notice};
use super::questions::Questions;
use super::settings::{Persisted, to_remember};
use crate::app::GuiArgs;
use crate::app::data_panel::DataPanel;
use crate::app::network_panel::NetworkPanel;
use crate::app::rewind::RewindPanel;
use crate::data::Dataset;
use crate::experiment::worker::Waker;
use crate::experiment::{BackgroundLoad, Experiment, Start};
use crate::history::History;
use crate::nn::{Loss, Network, StopReason};

/// Data being read on its own thread, and the data panel as it was before.
struct Loading {
    load: BackgroundLoad,
    /// Restored when the data cannot be read.
    previous: Box<DataPanel>,
}

/// What the settings were before this launch set anything up, and what the launch made
/// of them: the window remembers the user's own changes only (see [`to_remember`]).
struct LaunchBaseline {
    remembered: serde_json::Value,
    launched: serde_json::Value,
}

/// The experiment and everything the window keeps about it.
pub struct Workspace {
    /// The panels' settings (remembered between runs).
    pub persisted: Persisted,
    /// The network, its data and its training.
    pub(super) experiment: Experiment,
    /// The error, notice and banner shown.
    pub messages: Messages,
    /// The question waiting for an answer.
    pub questions: Questions,
    /// The rewind slider: the moment shown.
    pub rewind: RewindPanel,
    /// The model file last opened or saved.
    model_path: Option<PathBuf>,
    /// Text for the system clipboard, taken by the window at the end of the frame.
    pub clipboard: Option<String>,
    /// The lesson open, if any.
    lesson: Option<lessons::OpenLesson>,
    /// File ▸ Save as lesson…'s form.
    pub lesson_form: crate::app::lesson_form::LessonForm,
    loading: Option<Loading>,
    /// Why the network cannot learn, as of a revision of the run and a loss.
    hints: Option<((u64, u64), Loss, Vec<crate::experiment::Sentence>)>,
    /// How background work wakes the window.
    wake: Waker,
    baseline: Option<LaunchBaseline>,
    /// The edits to undo and redo.
    pub undo: UndoStack,
    /// A batch being stepped in slow motion.
    slow_step: Option<SlowStep>,
}

impl Workspace {
    /// The workspace as the window opens: last session's settings unless the command line
    /// gives an experiment (or a file to open); `wake` is how the worker asks for a frame.
    pub fn new(args: &GuiArgs, restored: Option<Persisted>, wake: Waker) -> Self {
        let remembered = serde_json::to_value(restored.as_ref().unwrap_or(&Persisted::default()))
            .unwrap_or_default();
        let mut persisted = restored.unwrap_or_default();
        if let Some(pace) = args.pace {
            persisted.training.pace = pace;
        }
        let mut messages = Messages::default();
        let setup = if args.sets_up_an_experiment() {
            args.experiment.resolve().map_err(|e| messages.fail(e)).ok()
        } else {
            None
        };
        let start = match setup {
            Some(s) => {
                if !s.notices.is_empty() {
                    messages.notice = Some(Notice::Setup(s.notices.join("; ")));
                }
                persisted.adopt_setup(&s, args.epochs);
                Ok(Start::from_setup(s))
            }
            None => persisted.restore(),
        };
        let experiment = start
            .and_then(|start| Experiment::new(start, persisted.run_settings(), wake.clone()))
            .unwrap_or_else(|e| {
                // The remembered experiment no longer loads (a moved CSV, say): start from
                // the reference demo and say why.
                messages.fail(e);
                persisted.data = DataPanel::default();
                persisted.network = NetworkPanel::default();
                persisted
                    .restore()
                    .and_then(|start| {
                        Experiment::new(start, persisted.run_settings(), wake.clone())
                    })
                    .expect("the reference demo loads")
            });
        persisted.follow(&experiment);
        let mut experiment = experiment;
        experiment.runs_mut().current.data = persisted.data.describe();
        let mut ws = Workspace {
            persisted,
            experiment,
            messages,
            questions: Questions::default(),
            rewind: RewindPanel::default(),
            model_path: None,
            clipboard: None,
            lesson: None,
            lesson_form: Default::default(),
            loading: None,
            hints: None,
            wake,
            baseline: None,
            undo: UndoStack::default(),
            slow_step: None,
        };
        if let Some(path) = &args.open {
            ws.open_path(path.clone());
        }
        if args.sets_up_an_experiment() || args.open.is_some() || args.pace.is_some() {
            ws.baseline = Some(LaunchBaseline {
                remembered,
                launched: serde_json::to_value(&ws.persisted).unwrap_or_default(),
            });
        }
        ws
    }

    /// What the window remembers for the next start: the panels as they are, except that
    /// what this launch set up (flags, a file named at start) gives way to what was
    /// remembered before, where the user did not change it.
    pub fn to_remember(&self) -> Persisted {
        // While a lesson is open, the user's own settings are what is remembered.
        let now = || {
            self.settings_outside_lesson()
                .unwrap_or_else(|| serde_json::to_value(&self.persisted).unwrap_or_default())
        };
        let Some(b) = &self.baseline else {
            return serde_json::from_value(now()).unwrap_or_default();
        };
        let merged = to_remember(&now(), &b.launched, &b.remembered);
        serde_json::from_value(merged)
            .or_else(|_| serde_json::from_value(b.remembered.clone()))
            .unwrap_or_default()
    }

    /// Does what a command asks of the experiment; returns a file to ask for, when the
    /// command needs one. An edit can be undone.
    pub fn apply(&mut self, command: Command) -> Option<FileTask> {
        let saved = self.before(&command);
        let revision = self.experiment.revision();
        let ask = self.apply_now(command);
        self.after(saved, revision);
        ask
    }

    fn apply_now(&mut self, command: Command) -> Option<FileTask> {
        match command {
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Transport(action) => self.on_transport(action),
            Command::Configure => {
                let settings = self.persisted.run_settings();
                self.experiment.configure(settings);
            }
            Command::EditNetwork { previous } => self.on_network_edit(previous),
            Command::EditData { action, previous } => return self.on_data(action, *previous),
            Command::Diagram(action) => self.diagram_action(action),
            Command::Map(click) => self.map_click(click),
            Command::Inspector(action) => self.on_inspector(action),
            Command::RewindTo(i) => self.rewind_to(i),
            Command::Chosen(chosen) => return self.chosen(chosen),
            Command::OpenPath(path) => self.open_path(path),
            Command::OpenLink(link) => self.open_link_asking(link),
            Command::CopyLink => self.copy_link(),
            Command::OpenShippedLesson(name) => {
                self.open_lesson_asking(super::questions::LessonSource::Shipped(name))
            }
            Command::Lesson(action) => self.lesson_action(action),
            Command::Answer(answer) => self.answer_with(answer),
            Command::AskFile(task) => return Some(task),
            // The window's own: the file chooser, recovery, the race.
            Command::Recover(_) | Command::ShowRace | Command::StartRace(_) | Command::AskLink => {}
        }
        None
    }

    /// Takes in the worker's news and data read on its own thread (call once per frame);
    /// a pause by itself is said.
    pub fn poll(&mut self) {
        self.poll_loading();
        let progress = self.experiment.poll();
        self.judge_lesson();
        let epoch = self.experiment.epoch();
        match progress.stopped {
            Some(StopReason::LossReached) => {
                self.messages.notice = Some(Notice::LossReached(epoch));
            }
            Some(StopReason::NoImprovement) => {
                self.messages.notice = Some(Notice::NoImprovement(epoch));
            }
            Some(StopReason::Diverged(divergence)) => {
                let config = self.experiment.settings().config;
                let rate = config.schedule.rate(config.learning_rate, epoch);
                self.messages.banner = Some(Banner::Diverged { divergence, rate });
            }
            None => {}
        }
    }

    // ----- What the window shows -----

    /// The experiment the window shows.
    pub fn experiment(&self) -> &Experiment {
        &self.experiment
    }

    /// The experiment, for operations of its own (the runs list, a race's pause).
    pub fn experiment_mut(&mut self) -> &mut Experiment {
        &mut self.experiment
    }

    /// Epochs finished, as of the last snapshot.
    pub fn epoch(&self) -> u64 {
        self.experiment.epoch()
    }

    /// `true` while training continuously.
    pub fn is_playing(&self) -> bool {
        self.experiment.is_playing()
    }

    /// Starts or pauses training.
    pub fn toggle_play(&mut self) {
        self.experiment.toggle_play();
    }

    /// The network as of the last snapshot.
    pub fn network(&self) -> &Network {
        self.experiment.network()
    }

    /// The panels' settings (to draw with), beside the experiment and the network shown.
    pub(super) fn view(&mut self) -> (&mut Persisted, &Experiment, &Network) {
        let e = &self.experiment;
        let net = self
            .rewind
            .shown(e)
            .map_or(e.network(), |(_, c)| &c.network);
        (&mut self.persisted, e, net)
    }

    /// The loss history.
    pub fn history(&self) -> &History {
        self.experiment.history()
    }

    /// Training samples.
    pub fn train_data(&self) -> &Dataset {
        self.experiment.train_data()
    }

    /// Test samples.
    pub fn test_data(&self) -> &Dataset {
        self.experiment.test_data()
    }

    /// The network editor's state.
    pub fn network_panel(&self) -> &NetworkPanel {
        &self.persisted.network
    }

    /// The data panel's state (the data's recipe, the pen).
    pub fn data_panel(&self) -> &DataPanel {
        &self.persisted.data
    }

    /// The error the window shows, in words, if any.
    pub fn error(&self) -> Option<String> {
        self.messages.error.as_ref().map(ToString::to_string)
    }

    /// The banner the window shows (why training stopped), in words, if any.
    pub fn banner(&self) -> Option<String> {
        self.messages.banner.as_ref().map(ToString::to_string)
    }

    /// `true` when a question waits for an answer.
    pub fn is_asking(&self) -> bool {
        self.questions.is_asking()
    }

    /// `true` while data is being read on its own thread.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The share of the data read so far, and the file's name, while it loads.
    pub fn loading_progress(&self) -> Option<(f32, &str)> {
        self.loading
            .as_ref()
            .map(|l| (l.load.share(), l.load.name.as_str()))
    }

    /// The window's title: the model file's name, a mark when there is unsaved work.
    pub fn title(&self) -> String {
        let name = self
            .model_path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let unsaved = self.experiment.is_unsaved();
        let mark = if unsaved { " •" } else { "" };
        match name {
            Some(name) => format!("{name}{mark} — scratchnet"),
            None if unsaved => trf!("untitled{} — scratchnet", mark),
            None => "scratchnet".into(),
        }
    }

    /// Why the network cannot learn (see [`crate::experiment::cannot_learn`]), worked out
    /// again when the run, an edit or the loss changes it.
    pub fn hints(&mut self) -> &[crate::experiment::Sentence] {
        let e = &self.experiment;
        let loss = e.settings().config.loss;
        let current = self
            .hints
            .as_ref()
            .is_some_and(|(revision, l, _)| *l == loss && *revision == e.revision());
        if !current {
            let hints = crate::experiment::cannot_learn(e.network(), loss, e.train_data());
            self.hints = Some((e.revision(), loss, hints));
        }
        self.hints.as_ref().map_or(&[], |(.., h)| h)
    }

    /// Why a weight or bias cannot be edited now, if it cannot.
    pub fn not_editable(&self) -> Option<&'static str> {
        if self.lesson().is_some_and(|l| l.hides("weight_edit")) {
            return Some("This lesson does not let you edit weights: training must find them.");
        }
        self.rewind
            .viewing
            .is_some()
            .then_some("Showing an earlier moment: Continue from here to edit it.")
    }

    /// Shows checkpoint `epoch` (or the latest before it) instead of the live network;
    /// `None` shows the live network again.
    pub fn view_moment(&mut self, epoch: Option<u64>) {
        self.rewind.viewing = epoch;
    }

    /// Where the diagram was drawn last.
    pub fn diagram_layout(&self) -> Option<&crate::app::diagram::Layout> {
        self.persisted.diagram.layout()
    }

    /// The node the big heatmap shows instead of the output (an index into a cache's
    /// `outs`), while the pointer is on it in the diagram.
    pub fn heatmap_focus(&self) -> Option<usize> {
        self.persisted.heatmap.focus()
    }

    /// Where the heatmap drew training sample `k` last.
    pub fn heatmap_position_of(&self, k: usize) -> Option<egui::Pos2> {
        let x = self.experiment.train_data().input(k);
        self.heatmap_screen_pos(self.persisted.heatmap.slice().project(x))
    }

    /// The plane of the input space the pictures show.
    pub fn heatmap_slice(&self) -> &crate::app::plane::Slice {
        self.persisted.heatmap.slice()
    }

    /// Shows another plane of the input space (other axes, other held values).
    pub fn set_heatmap_slice(&mut self, slice: crate::app::plane::Slice) {
        let e = &self.experiment;
        self.persisted
            .heatmap
            .set_slice(slice, &[e.train_data(), e.test_data()]);
    }

    /// Where the heatmap drew the input point `(x1, x2)` last.
    pub fn heatmap_screen_pos(&self, point: [f64; 2]) -> Option<egui::Pos2> {
        self.persisted.heatmap.screen_pos(point)
    }
}
