//! The app shell: lays out the panels around one [`Experiment`], takes its news once per
//! frame and dispatches what the panels ask for. The operations themselves live in the
//! experiment; the File menu's in `files.rs`, the questions in `dialogs.rs`, the menu and
//! shortcuts in `menu.rs`, the panels' settings in `settings.rs`.

mod dialogs;
mod file_dialogs;
mod files;
mod menu;
mod recovery;
mod settings;

use dialogs::Pending;
pub use file_dialogs::{Dialogs, FileTask, PathPrompt};
pub use recovery::{AUTOSAVE_EVERY, Found, Recovery};
pub use settings::Persisted;

use std::time::{Duration, Instant};

use super::GuiArgs;
use super::data_panel::{DataAction, DataPanel};
use super::diagram::{DiagramAction, Shown};
use super::heatmap::MapClick;
use super::inspector::InspectorAction;
use super::loss_plot::Curves;
use super::network_panel::{MAX_NEURONS, NetworkEdit, NetworkPanel};
use super::race_panel::{RaceAction, RacePanel};
use super::rewind::{RewindAction, RewindPanel};
use super::runs_panel::{RunsAction, run_color};
use super::stats::FrameStats;
use super::training_panel::TrainingAction;
use super::transport::{TransportAction, TransportBar};
use crate::data::{Dataset, drawn_sets};
use crate::experiment::worker::Waker;
use crate::experiment::{Experiment, ExperimentError, Start, Variation, difference};
use crate::history::History;
use crate::nn::{Network, StopReason};

/// The most training samples the diagram's hover gradient is measured over (a large data
/// set would make pointing at a link slow).
const GRADIENT_SAMPLES: usize = 2000;

/// From this many bytes of CSV on, data loads on its own thread with a progress bar.
pub const LOAD_IN_BACKGROUND: u64 = 2 << 20;

/// Data being read on its own thread.
struct Loading {
    /// The file's name, for the progress bar.
    name: String,
    /// Bytes read so far, of `total`.
    read: std::sync::Arc<std::sync::atomic::AtomicU64>,
    total: u64,
    /// The data panel as it was, restored when the data cannot be read.
    previous: Box<DataPanel>,
    result: std::sync::mpsc::Receiver<Result<(Dataset, Dataset), crate::data::DataError>>,
}

/// The most test samples the window's confusion table counts (it is measured on the UI
/// thread; `train --confusion` counts them all).
const CONFUSION_SAMPLES: usize = 20_000;

/// The desktop app.
pub struct ScratchnetApp {
    persisted: Persisted,
    transport: TransportBar,
    /// The network, its data and its training: what the window shows.
    experiment: Experiment,
    error: Option<String>,
    notice: Option<String>,
    /// What stopped training and needs the user's attention (divergence).
    banner: Option<String>,
    pending: Option<Pending>,
    show_guide: bool,
    show_about: bool,
    stats: FrameStats,
    exit_after: Option<Duration>,
    print_stats: bool,
    started: Instant,
    autoplay: bool,
    /// The rewind slider.
    rewind: RewindPanel,
    /// The checkpoint's epoch the window showed last frame (`None`: the live network).
    shown_epoch: Option<u64>,
    /// A system file dialog open on its own thread.
    asking: Option<file_dialogs::Asking>,
    /// The window's own question for a path (when no file dialog can be shown).
    path_prompt: Option<PathPrompt>,
    /// Whether system file dialogs can be shown.
    dialogs: Dialogs,
    /// Wakes the window (from the worker, a dialog's thread).
    wake: Waker,
    /// The model file last opened or saved.
    model_path: Option<std::path::PathBuf>,
    /// The title the window was given last.
    shown_title: String,
    /// Unsaved work kept for after a crash, and what a crashed window left.
    recovery: Option<Recovery>,
    /// The test set's confusion matrix, as of a run (generation), an epoch and a time.
    confusion: Option<(u64, u64, Instant, crate::nn::Confusion)>,
    /// Data being read on its own thread.
    loading: Option<Loading>,
    /// Why the network cannot learn, as of a run (generation) and loss.
    hints: (u64, crate::nn::Loss, Vec<String>),
    /// The user agreed to close with unsaved weights (or the close is programmatic).
    quitting: bool,
    /// A close to send at the end of this frame.
    close_now: bool,
    /// The race window and its race.
    race: RacePanel,
}

impl ScratchnetApp {
    /// The app as eframe starts it: last session's settings unless the command line gives
    /// an experiment.
    pub fn new(cc: &eframe::CreationContext<'_>, args: GuiArgs) -> Self {
        let restored: Option<Persisted> = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY));
        let ctx = cc.egui_ctx.clone();
        let mut app = Self::build(
            args,
            restored,
            std::sync::Arc::new(move || ctx.request_repaint()),
        );
        if let Some(dir) = eframe::storage_dir("scratchnet") {
            app.recover_in(&dir, std::process::id());
        }
        app
    }

    /// The app from arguments and remembered settings; `wake` is how the worker asks for
    /// a repaint.
    pub fn build(args: GuiArgs, restored: Option<Persisted>, wake: Waker) -> Self {
        let wake_window = wake.clone();
        let mut persisted = restored.unwrap_or_default();
        let mut error = None;
        let setup = if args.sets_up_an_experiment() {
            args.experiment
                .resolve()
                .map_err(|e| error = Some(e.to_string()))
                .ok()
        } else {
            None
        };
        let start = match setup {
            Some(s) => {
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
                error = Some(e.to_string());
                persisted.data = DataPanel::default();
                persisted.network = NetworkPanel::default();
                persisted
                    .restore()
                    .and_then(|start| Experiment::new(start, persisted.run_settings(), wake))
                    .expect("the reference demo loads")
            });
        persisted.follow(&experiment);
        let mut app = ScratchnetApp {
            persisted,
            transport: TransportBar::default(),
            experiment,
            error,
            notice: None,
            banner: None,
            pending: None,
            show_guide: false,
            show_about: false,
            stats: FrameStats::default(),
            exit_after: args.exit_after.map(|s| Duration::from_secs_f64(s.max(0.0))),
            print_stats: args.stats,
            started: Instant::now(),
            autoplay: args.autoplay,
            rewind: RewindPanel::default(),
            shown_epoch: None,
            quitting: false,
            close_now: false,
            asking: None,
            path_prompt: None,
            dialogs: Dialogs::default(),
            wake: wake_window,
            model_path: None,
            shown_title: String::new(),
            hints: (u64::MAX, crate::nn::Loss::default(), Vec::new()),
            recovery: None,
            confusion: None,
            loading: None,
            race: RacePanel::default(),
        };
        if let Some(path) = args.open {
            app.open_path(path);
        }
        let race = match args.race.as_deref() {
            Some("optimizers") => Some(Variation::Optimizers),
            Some("learning-rates") => Some(Variation::LearningRates),
            Some("batch-sizes") => Some(Variation::BatchSizes),
            _ => None,
        };
        if let Some(variation) = race {
            app.start_race(variation);
        }
        app
    }

    // ----- What tests and the menu use -----

    /// Starts a race of `variation` from the current run's first weights (View ▸ Race).
    pub fn start_race(&mut self, variation: Variation) {
        // The racers have the machine to themselves: the main run pauses.
        self.experiment.pause();
        self.autoplay = false;
        let start = self.experiment.start_of_run();
        if let Err(e) = self
            .race
            .start(&self.experiment, &start, variation, self.wake.clone())
        {
            self.error = Some(e.to_string());
        }
    }

    /// The race under way, if any.
    pub fn race(&self) -> Option<&crate::experiment::Race> {
        self.race.race.as_ref()
    }

    /// The experiment the window shows.
    pub fn experiment(&self) -> &Experiment {
        &self.experiment
    }

    /// Epochs finished, as of the last snapshot.
    pub fn epoch(&self) -> u64 {
        self.experiment.epoch()
    }

    /// `true` while training continuously.
    pub fn is_playing(&self) -> bool {
        self.experiment.is_playing()
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
            None if unsaved => format!("untitled{mark} — scratchnet"),
            None => "scratchnet".into(),
        }
    }

    /// Why the network cannot learn (see [`crate::experiment::cannot_learn`]), worked out
    /// again when the run or the loss changes.
    pub fn hints(&mut self) -> Vec<String> {
        let e = &self.experiment;
        let loss = e.settings().config.loss;
        if (self.hints.0, self.hints.1) != (e.generation(), loss) {
            let hints = crate::experiment::cannot_learn(e.network(), loss, e.train_data());
            self.hints = (e.generation(), loss, hints);
        }
        self.hints.2.clone()
    }

    /// The test set's confusion matrix (rows: the true class, columns: the class said),
    /// measured again at most twice a second while training runs.
    pub fn confusion(&mut self) -> Option<crate::nn::Confusion> {
        let e = &self.experiment;
        let fresh = self.confusion.as_ref().is_some_and(|(g, epoch, at, _)| {
            *g == e.generation()
                && (*epoch == e.epoch() || at.elapsed() < Duration::from_millis(500))
        });
        if !fresh {
            let net = e.network();
            let matrix = crate::nn::confusion_of_first(
                net,
                e.test_data(),
                CONFUSION_SAMPLES,
                &mut net.cache(),
            )?;
            self.confusion = Some((e.generation(), e.epoch(), Instant::now(), matrix));
        }
        self.confusion.as_ref().map(|(.., m)| m.clone())
    }

    fn confusion_ui(&mut self, ui: &mut egui::Ui, names: &[String]) {
        let Some(matrix) = self.confusion() else {
            return;
        };
        let n = self.experiment.test_data().len();
        if n > CONFUSION_SAMPLES {
            ui.weak(format!(
                "The first {CONFUSION_SAMPLES} of {n} test samples: rows the true class, \
                 columns the class said"
            ));
        } else {
            ui.weak("Test set: rows the true class, columns the class said");
        }
        egui::Grid::new("confusion").striped(true).show(ui, |ui| {
            ui.label("");
            for n in names {
                ui.strong(n);
            }
            ui.label("right");
            ui.end_row();
            for ((row, name), acc) in matrix
                .counts
                .iter()
                .zip(names)
                .zip(matrix.per_class_accuracy())
            {
                ui.strong(name);
                for c in row {
                    ui.monospace(c.to_string());
                }
                ui.monospace(acc.map_or("–".into(), |a| format!("{:.1}%", 100.0 * a)));
                ui.end_row();
            }
        });
    }

    /// The banner the window shows (why training stopped), if any.
    pub fn banner(&self) -> Option<&str> {
        self.banner.as_deref()
    }

    /// The error the window shows, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The network as of the last snapshot.
    pub fn network(&self) -> &Network {
        self.experiment.network()
    }

    /// The network editor's state.
    pub fn network_panel(&self) -> &NetworkPanel {
        &self.persisted.network
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

    /// Where the diagram was drawn last.
    pub fn diagram_layout(&self) -> Option<&super::diagram::Layout> {
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
    pub fn heatmap_slice(&self) -> &super::heatmap::Slice {
        self.persisted.heatmap.slice()
    }

    /// Shows another plane of the input space (other axes, other held values).
    pub fn set_heatmap_slice(&mut self, slice: super::heatmap::Slice) {
        let e = &self.experiment;
        self.persisted
            .heatmap
            .set_slice(slice, &[e.train_data(), e.test_data()]);
    }

    /// Where the heatmap drew the input point `(x1, x2)` last.
    pub fn heatmap_screen_pos(&self, point: [f64; 2]) -> Option<egui::Pos2> {
        self.persisted.heatmap.screen_pos(point)
    }

    /// The data panel's state (the data's recipe, the pen).
    pub fn data_panel(&self) -> &DataPanel {
        &self.persisted.data
    }

    /// `true` when a question waits for an answer.
    pub fn is_asking(&self) -> bool {
        self.pending.is_some()
    }

    /// Starts or pauses training.
    pub fn toggle_play(&mut self) {
        self.experiment.toggle_play();
    }

    // ----- Dispatching -----

    /// Shows an operation's error in the window; the panels follow the run when it worked.
    fn report(&mut self, result: Result<(), ExperimentError>) {
        match result {
            Ok(()) => self.persisted.follow(&self.experiment),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Starts over with a fresh network of the editor's shape on `data`: epoch 0, no history.
    fn restart_on(&mut self, data: (Dataset, Dataset)) {
        let result = self
            .persisted
            .fresh_start(data)
            .and_then(|start| self.experiment.reset(start));
        self.report(result);
    }

    /// Re-initialises the network with the editor's shape on the current data.
    fn rebuild(&mut self) {
        let data = (
            self.experiment.train_data().clone(),
            self.experiment.test_data().clone(),
        );
        self.restart_on(data);
    }

    /// New samples: the network keeps training on them when its shape fits, otherwise a
    /// new network is built (after asking, when trained weights would be lost).
    fn new_data(&mut self, previous: DataPanel, (train, test): (Dataset, Dataset)) {
        let preprocess = match self.persisted.data.preprocess(&train) {
            Ok(p) => p,
            Err(e) => {
                self.persisted.data = previous;
                self.error = Some(e.to_string());
                return;
            }
        };
        if self.experiment.fits(&train, &preprocess) {
            let result = self.experiment.continue_on((train, test), preprocess);
            self.report(result);
        } else if self.experiment.is_unsaved() {
            self.pending = Some(Pending::Data {
                previous: Box::new(previous),
                train: Box::new(train),
                test: Box::new(test),
            });
        } else {
            self.restart_on((train, test));
        }
    }

    /// Reads the data panel's data on its own thread; [`Self::poll_loading`] takes it in.
    fn load_in_background(&mut self, previous: DataPanel) {
        // A load that replaces one under way restores what came before both on error.
        let previous = self.loading.take().map_or(previous, |l| *l.previous);
        let spec = self.persisted.data.spec.clone();
        let read = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (send, result) = std::sync::mpsc::channel();
        let (counter, wake) = (read.clone(), self.wake.clone());
        let name = match &spec.source {
            crate::data::DataSource::Csv { train, .. } => train
                .file_name()
                .map_or("the data".into(), |n| n.to_string_lossy().into_owned()),
            _ => "the data".into(),
        };
        let total = spec.file_bytes().max(1);
        std::thread::spawn(move || {
            let _ = send.send(spec.load_counting(&counter));
            wake();
        });
        self.loading = Some(Loading {
            name,
            read,
            total,
            previous: Box::new(previous),
            result,
        });
    }

    /// `true` while data is being read on its own thread.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Takes in data read on its own thread, once it is there (call once per frame).
    fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(loading) = &self.loading else { return };
        let result = match loading.result.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(50));
                return;
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(
                crate::data::DataError::Mismatch("the loading thread stopped".into()),
            ),
        };
        let Some(loading) = self.loading.take() else {
            return;
        };
        match result {
            Ok(data) => self.new_data(*loading.previous, data),
            Err(e) => {
                self.persisted.data = *loading.previous;
                self.error = Some(e.to_string());
            }
        }
    }

    /// Takes in the worker's news: a changed network redraws the heatmap, a pause by
    /// itself is said.
    fn poll_experiment(&mut self) {
        let progress = self.experiment.poll();
        if progress.trained {
            let heatmap = &mut self.persisted.heatmap;
            heatmap.invalidate(heatmap.domain());
        }
        let epoch = self.experiment.epoch();
        match progress.stopped {
            Some(StopReason::LossReached) => {
                self.notice = Some(format!(
                    "Paused at epoch {epoch}: the loss reached its threshold"
                ));
            }
            Some(StopReason::NoImprovement) => {
                self.notice = Some(format!(
                    "Paused at epoch {epoch}: the test loss stopped improving"
                ));
            }
            Some(StopReason::Diverged(d)) => {
                let config = self.experiment.settings().config;
                let rate = config.schedule.rate(config.learning_rate, epoch);
                let mut text = d.to_string();
                if let Some(first) = text.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                self.banner = Some(format!(
                    "{text}: paused, with the weights from before that batch. Try a smaller \
                     learning rate (now {rate}), then Reset or rewind to an earlier moment."
                ));
            }
            None => {}
        }
        self.transport.measure(&self.experiment);
    }

    fn on_transport(&mut self, action: TransportAction) {
        self.banner = None;
        match action {
            TransportAction::TogglePlay => self.experiment.toggle_play(),
            TransportAction::StepEpoch => self.experiment.step_epoch(),
            TransportAction::StepBatch => self.experiment.step_batch(),
            TransportAction::Reset => self.rebuild(),
        }
    }

    fn on_network_edit(&mut self, edit: NetworkEdit, previous: NetworkPanel) {
        match edit {
            NetworkEdit::Rebuild if self.experiment.is_unsaved() => {
                self.pending = Some(Pending::Rebuild { previous });
            }
            NetworkEdit::Rebuild => self.rebuild(),
        }
    }

    fn on_data(&mut self, action: DataAction, previous: DataPanel) {
        match action {
            DataAction::Regenerate
                if self.persisted.data.spec.file_bytes() >= LOAD_IN_BACKGROUND =>
            {
                self.load_in_background(previous);
            }
            DataAction::Regenerate => match self.persisted.data.load() {
                Ok(data) => {
                    if self.persisted.data.is_drawn() {
                        self.notice = None;
                    }
                    self.new_data(previous, data);
                }
                // A drawing in progress stays as it is; training goes on with the last
                // drawing that had both a training and a test point.
                Err(e @ crate::data::DataError::TooFewPoints(_)) => {
                    self.notice = Some(format!("{e}; training uses the last drawing"));
                }
                Err(e) => {
                    self.persisted.data = previous;
                    self.error = Some(e.to_string());
                }
            },
            DataAction::ImportCsv => self.ask_for_file(FileTask::ImportTrain),
            DataAction::StartDrawing => {
                let e = &self.experiment;
                let spec = &mut self.persisted.data.spec;
                spec.start_drawing(&[e.train_data(), e.test_data()]);
                self.on_data(DataAction::Regenerate, previous);
            }
        }
    }

    fn side_panel(&mut self, ui: &mut egui::Ui) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::CollapsingHeader::new("Data")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(l) = &self.loading {
                        use std::sync::atomic::Ordering;
                        let share = l.read.load(Ordering::Relaxed) as f32 / l.total as f32;
                        ui.add(egui::ProgressBar::new(share.min(1.0)).text(format!(
                            "Loading {}: {:.0} %",
                            l.name,
                            100.0 * share.min(1.0)
                        )));
                    }
                    let previous = self.persisted.data.clone();
                    let action = ui
                        .add_enabled_ui(self.loading.is_none(), |ui| self.persisted.data.ui(ui))
                        .inner;
                    if let Some(a) = action {
                        self.on_data(a, previous);
                    }
                    ui.weak(format!(
                        "{} training, {} test samples",
                        self.experiment.train_data().len(),
                        self.experiment.test_data().len()
                    ));
                });
            egui::CollapsingHeader::new("Network")
                .default_open(true)
                .show(ui, |ui| {
                    let previous = self.persisted.network.clone();
                    if let Some(e) = self.persisted.network.ui(ui) {
                        self.on_network_edit(e, previous);
                    }
                    for hint in self.hints() {
                        ui.colored_label(ui.visuals().warn_fg_color, hint);
                    }
                    let dead = self.experiment.dead_links().len();
                    if dead > 0 {
                        ui.weak(format!("{dead} dead links (L1 drove them to 0 for good)"))
                            .on_hover_text(
                                "As in TF Playground: a weight that an L1 step carries across \
                                 zero is set to 0 and never trained again, until Reset",
                            );
                    }
                });
            egui::CollapsingHeader::new("Rewind")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(RewindAction::ContinueFrom(i)) =
                        self.rewind.ui(ui, &self.experiment)
                    {
                        self.rewind_to(i);
                    }
                });
            if let Some(names) = self.experiment.class_names().map(<[String]>::to_vec) {
                egui::CollapsingHeader::new("Confusion")
                    .default_open(false)
                    .show(ui, |ui| self.confusion_ui(ui, &names));
            }
            egui::CollapsingHeader::new("Training")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(TrainingAction::Configure) = self.persisted.training.ui(ui) {
                        self.experiment.configure(self.persisted.run_settings());
                    }
                });
        });
    }

    fn central(&mut self, ui: &mut egui::Ui) -> (Option<DiagramAction>, Option<MapClick>) {
        let Self {
            persisted,
            experiment: e,
            rewind,
            shown_epoch,
            ..
        } = self;
        let loss_title = persisted.training.config.loss.title();
        // The live network, or the moment the rewind slider shows.
        let viewed = rewind.shown(e).map(|(_, c)| c);
        let net = viewed.map_or(e.network(), |c| &c.network);
        let epoch_shown = viewed.map(|c| c.epoch);
        if epoch_shown != *shown_epoch {
            *shown_epoch = epoch_shown;
            let heatmap = &mut persisted.heatmap;
            heatmap.invalidate(heatmap.domain());
        }
        let whole = ui.available_rect_before_wrap();
        // The diagram across the top; below it the heatmap, the largest element.
        let (diagram_rect, area) =
            whole.split_top_bottom_at_y(whole.top() + (whole.height() * 0.36).max(170.0));
        let input_names = e.preprocess().input_names(e.train_data());
        let gradient = || {
            let samples = e.train_data().len().min(GRADIENT_SAMPLES);
            (e.gradient(GRADIENT_SAMPLES), samples)
        };
        let data_panel = &persisted.data;
        let uses = |f| data_panel.uses_feature(f);
        let two_raw_inputs = e.train_data().n_inputs() == 2;
        let slice = persisted.heatmap.slice().clone();
        let shown = Shown {
            gradient: &gradient,
            features: two_raw_inputs.then_some(&uses as &dyn Fn(_) -> bool),
            net,
            preprocess: e.preprocess(),
            domain: persisted.heatmap.domain(),
            slice: &slice,
            dead: e.dead_links(),
            input_names: &input_names,
        };
        let (action, focus) = ui
            .scope_builder(egui::UiBuilder::new().max_rect(diagram_rect), |ui| {
                persisted.diagram.ui(ui, &shown)
            })
            .inner;
        persisted.heatmap.set_focus(focus);
        let area = area.shrink2(egui::vec2(0.0, 4.0));
        // The heatmap is the largest element: a square, beside the loss plot on a wide
        // window, above it on a tall one.
        let (map_rect, plot_rect) = if area.width() > area.height() * 1.1 {
            let side = area.height().min(area.width() * 0.6);
            let (left, right) = area.split_left_right_at_x(area.left() + side);
            (left, right.shrink2(egui::vec2(8.0, 0.0)))
        } else {
            let side = (area.height() * 0.62).min(area.width());
            area.split_top_bottom_at_y(area.top() + side)
        };
        let inspector = &mut persisted.inspector;
        persisted.heatmap.marked = inspector.open.then_some(inspector.sample);
        // A drawing shows its points as drawn, also while too few to train on.
        let drawn = match &persisted.data.spec.source {
            crate::data::DataSource::Drawn(points) => {
                Some(drawn_sets(points, persisted.data.spec.train_ratio))
            }
            _ => None,
        };
        let (train, test) = drawn
            .as_ref()
            .map_or((e.train_data(), e.test_data()), |(a, b)| (a, b));
        persisted.heatmap.drawing = drawn.is_some();
        let click = ui
            .scope_builder(egui::UiBuilder::new().max_rect(map_rect), |ui| {
                persisted
                    .heatmap
                    .ui(ui, net, e.preprocess(), (train, test), e.class_names())
            })
            .inner;
        ui.scope_builder(egui::UiBuilder::new().max_rect(plot_rect), |ui| {
            let runs = e.runs();
            let names: Vec<String> = runs
                .finished
                .iter()
                .map(|r| format!("{}: {}", r.name, difference(r, &runs.current)))
                .collect();
            let mut curves = vec![Curves {
                name: "",
                history: e.history(),
                metrics: e.metrics(),
                color: egui::Color32::WHITE,
            }];
            for (i, (run, name)) in runs.finished.iter().zip(&names).enumerate() {
                if run.shown {
                    curves.push(Curves {
                        name,
                        history: &run.history,
                        metrics: &run.metrics,
                        color: run_color(i),
                    });
                }
            }
            persisted.loss_plot.ui(ui, &curves, loss_title, epoch_shown);
        });
        (action, click)
    }

    /// Does what a click on the heatmap asks: shows a sample in the step inspector, or
    /// draws or erases a point (the network goes on training on the new drawing).
    pub fn map_click(&mut self, click: MapClick) {
        let previous = self.persisted.data.clone();
        let data = &mut self.persisted.data;
        match click {
            MapClick::Pick(k) => {
                self.persisted.inspector.show_sample(k);
                return;
            }
            MapClick::Add { at, other } => {
                let point = data.pen_point(at, other);
                data.spec.add_point(point);
            }
            MapClick::Erase { at, within } => {
                if !data.spec.erase_near(at, within) {
                    return;
                }
            }
        }
        self.on_data(DataAction::Regenerate, previous);
    }

    /// Goes back to checkpoint `i` (see [`Experiment::rewind_to`]) and shows the live
    /// network again.
    pub fn rewind_to(&mut self, i: usize) {
        let result = self.experiment.rewind_to(i);
        self.report(result);
        self.rewind.viewing = None;
        let heatmap = &mut self.persisted.heatmap;
        heatmap.invalidate(heatmap.domain());
    }

    /// Shows checkpoint `epoch` (or the latest before it) instead of the live network;
    /// `None` shows the live network again.
    pub fn view_moment(&mut self, epoch: Option<u64>) {
        self.rewind.viewing = epoch;
    }

    /// Trains sample `k` alone, as the step inspector shows it.
    pub fn step_sample(&mut self, k: usize) {
        let result = self.experiment.step_sample(k);
        self.after_step(result);
    }

    /// Trains the batch of sample `k` as one update, as the step inspector shows it.
    pub fn step_batch_of(&mut self, k: usize) {
        let result = self.experiment.step_batch_of(k);
        self.after_step(result);
    }

    fn after_step(&mut self, result: Result<(), ExperimentError>) {
        if let Err(e) = result {
            self.error = Some(e.to_string());
        }
        let heatmap = &mut self.persisted.heatmap;
        heatmap.invalidate(heatmap.domain());
    }

    /// Does what the diagram asks (a weight or bias set, a neuron added or removed).
    pub fn diagram_action(&mut self, action: DiagramAction) {
        match action {
            DiagramAction::Set(..) if self.rewind.viewing.is_some() => {
                self.notice =
                    Some("Showing an earlier moment: Continue from here to edit it".into());
            }
            DiagramAction::Set(which, value) => {
                let result = self.experiment.set_parameter(which, value);
                if let Err(e) = result {
                    self.error = Some(e.to_string());
                }
                let heatmap = &mut self.persisted.heatmap;
                heatmap.invalidate(heatmap.domain());
            }
            DiagramAction::SetActivation(l, activation) => {
                let previous = self.persisted.network.clone();
                self.persisted.network.set_activation(l, activation);
                self.on_network_edit(NetworkEdit::Rebuild, previous);
            }
            DiagramAction::AddLayer | DiagramAction::RemoveLayer => {
                let previous = self.persisted.network.clone();
                if action == DiagramAction::AddLayer {
                    self.persisted.network.add_layer();
                } else {
                    self.persisted.network.remove_layer();
                }
                if self.persisted.network != previous {
                    self.on_network_edit(NetworkEdit::Rebuild, previous);
                }
            }
            DiagramAction::ToggleFeature(f) => {
                let previous = self.persisted.data.clone();
                self.persisted.data.toggle_feature(f);
                if self.persisted.data != previous {
                    self.on_data(DataAction::Regenerate, previous);
                } else {
                    self.notice = Some(format!(
                        "{} is the last input: the network needs one",
                        f.label()
                    ));
                }
            }
            DiagramAction::AddNeuron(h) | DiagramAction::RemoveNeuron(h) => {
                let previous = self.persisted.network.clone();
                let Some(layer) = self.persisted.network.hidden.get_mut(h) else {
                    return;
                };
                layer.nodes = match action {
                    DiagramAction::AddNeuron(_) => (layer.nodes + 1).min(MAX_NEURONS),
                    _ => layer.nodes.saturating_sub(1).max(1),
                };
                if self.persisted.network != previous {
                    self.on_network_edit(NetworkEdit::Rebuild, previous);
                }
            }
        }
    }
}

impl eframe::App for ScratchnetApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        if self.autoplay {
            self.autoplay = false;
            self.experiment.play();
        }
        self.poll_experiment();
        self.poll_loading(&ctx);
        self.poll_file_dialog();
        self.shortcuts(&ctx);
        // Files dropped on the window open as File ▸ Open and Import would.
        let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        for path in dropped {
            self.open_path(path);
        }
        let title = self.title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::top("transport").show(ui, |ui| {
            if let Some(a) = self.transport.ui(ui, &self.experiment) {
                self.on_transport(a);
            }
        });
        if let Some(text) = self.banner.clone() {
            egui::Panel::top("banner").show(ui, |ui| {
                egui::Frame::new()
                    .fill(egui::Color32::from_rgb(0x8a, 0x2b, 0x1e))
                    .inner_margin(6.0)
                    .show(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.colored_label(egui::Color32::WHITE, text);
                            if ui.button("Dismiss").clicked() {
                                self.banner = None;
                            }
                        });
                    });
            });
        }
        egui::Panel::left("settings")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| self.side_panel(ui));
        let (diagram, click) = egui::CentralPanel::default()
            .show(ui, |ui| self.central(ui))
            .inner;
        if let Some(action) = diagram {
            self.diagram_action(action);
        }
        if let Some(click) = click {
            self.map_click(click);
        }
        self.dialogs(&ctx);
        self.path_prompt_ui(&ctx);
        self.recovery_ui(&ctx);
        self.autosave();
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            let screen = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop hint"),
            ));
            painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(170));
            painter.text(
                screen.center(),
                egui::Align2::CENTER_CENTER,
                "Drop a model (.json) to open it, or data (.csv) to train on it",
                egui::FontId::proportional(22.0),
                egui::Color32::WHITE,
            );
        }
        match self.persisted.inspector.ui(&ctx, &self.experiment) {
            Some(InspectorAction::StepSample(k)) => self.step_sample(k),
            Some(InspectorAction::StepBatchOf(k)) => self.step_batch_of(k),
            None => {}
        }
        if self.persisted.hidden_space.open {
            let e = &self.experiment;
            let viewed = self.rewind.shown(e).map(|(_, c)| &c.network);
            let net = viewed.unwrap_or(e.network());
            let slice = self.persisted.heatmap.slice().clone();
            let grid = super::heatmap::shows_slice(net, e.preprocess(), slice.held.len());
            let domain = self.persisted.heatmap.domain();
            self.persisted.hidden_space.ui(
                &ctx,
                net,
                e.preprocess(),
                (&domain, grid.then_some(&slice)),
                e.train_data(),
            );
        }

        self.race.poll();
        if self.race.open {
            let domain = self.persisted.heatmap.domain();
            let slice = self.persisted.heatmap.slice().clone();
            if let Some(RaceAction::Start(v)) = self.race.ui(&ctx, (&domain, &slice)) {
                self.start_race(v);
            }
        } else if let Some(race) = self.race.race.as_mut().filter(|r| r.is_playing()) {
            // A closed race window leaves no trainer running out of sight.
            race.set_playing(false);
        }
        if self.persisted.runs.open {
            match self.persisted.runs.ui(&ctx, self.experiment.runs_mut()) {
                Some(RunsAction::ExportCsv) => self.ask_for_file(FileTask::ExportRuns),
                Some(RunsAction::Race) => self.race.open = true,
                None => {}
            }
        }

        if self.experiment.is_playing() {
            // The worker's snapshots wake the window; this keeps the meter moving too.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        self.stats.record(frame_start, frame_start.elapsed());
        if let Some(limit) = self.exit_after {
            if self.started.elapsed() >= limit {
                self.exit_after = None;
                self.quitting = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                // An idle window draws no frames: wake it when the time is up.
                ctx.request_repaint_after(limit.saturating_sub(self.started.elapsed()));
            }
        }
        // Ask before closing with trained weights that are not saved (egui's confirm_exit).
        if ctx.input(|i| i.viewport().close_requested())
            && self.experiment.is_unsaved()
            && !self.quitting
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(Pending::Quit);
        }
        if std::mem::take(&mut self.close_now) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.persisted);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.experiment.pause();
        // A clean exit: nothing to recover.
        if let Some(r) = &mut self.recovery {
            r.remove_own();
        }
        if self.print_stats {
            self.experiment.poll();
            let seconds = self.started.elapsed().as_secs_f64();
            let e = &self.experiment;
            let mut json: serde_json::Value =
                serde_json::from_str(&self.stats.json(e.epoch(), e.sample_steps(), seconds))
                    .unwrap_or_default();
            if let Some(race) = &mut self.race.race {
                race.poll();
                // Each racer's steps over the whole window time (they started with it).
                let racers: Vec<serde_json::Value> = race
                    .racers
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "label": r.label,
                            "epochs": r.experiment.epoch(),
                            "sample_steps_per_s": r.experiment.sample_steps() as f64 / seconds,
                        })
                    })
                    .collect();
                json["race"] = racers.into();
                race.set_playing(false);
            }
            println!("{json}");
        }
    }
}
