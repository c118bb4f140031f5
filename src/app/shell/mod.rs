//! The app shell: owns the panels and the worker, drains its events once per frame and
//! applies what the panels ask for at the end of the frame.

mod dialogs;
mod files;
mod menu;

use dialogs::Pending;

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::GuiArgs;
use super::data_panel::{DataAction, DataPanel};
use super::heatmap::{Domain, Heatmap};
use super::loss_plot::{LossPlot, MAX_POINTS};
use super::network_panel::{NetworkEdit, NetworkPanel};
use super::stats::FrameStats;
use super::training_panel::{TrainingAction, TrainingPanel};
use super::transport::{TransportAction, TransportBar};
use super::worker::{Command, Event, Job, Snapshot, Waker, Worker};
use crate::SeededRng;
use crate::data::{Dataset, Preprocess};
use crate::model_file::History;
use crate::nn::{Evaluation, Network, OptimizerState, StopReason};

/// What the app remembers between runs.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    /// The network editor.
    pub network: NetworkPanel,
    /// The data panel.
    pub data: DataPanel,
    /// The training panel.
    pub training: TrainingPanel,
    /// The loss plot's settings.
    pub loss_plot: LossPlot,
    /// The heatmap's settings.
    pub heatmap: Heatmap,
}

/// What lets training go on exactly where it stopped: the optimizer's memory and the
/// shuffling generator.
#[derive(Clone, Debug)]
struct Continuation {
    optimizer: OptimizerState,
    rng: SeededRng,
}

impl Continuation {
    /// A run from scratch, shuffling by `seed`.
    fn fresh(seed: u64) -> Self {
        Continuation {
            optimizer: OptimizerState::default(),
            rng: crate::seeded(seed),
        }
    }
}

/// What a training run starts from, before it becomes the worker's [`Job`].
struct Run<'a> {
    network: &'a Network,
    /// Samples as loaded.
    train: &'a Dataset,
    test: &'a Dataset,
    preprocess: &'a Preprocess,
    epoch: u64,
    continuation: &'a Continuation,
}

impl Run<'_> {
    /// The worker's job: the samples as the network sees them, and the panels' settings.
    fn job(&self, persisted: &Persisted) -> Result<Job, String> {
        let train = self
            .preprocess
            .apply(self.train)
            .map_err(|e| e.to_string())?;
        let test = self
            .preprocess
            .apply(self.test)
            .map_err(|e| e.to_string())?;
        Ok(Job {
            network: self.network.clone(),
            train,
            test,
            config: persisted.training.config(),
            rng: self.continuation.rng.clone(),
            epoch: self.epoch,
            optimizer_state: self.continuation.optimizer.clone(),
        })
    }
}

/// Where throughput is measured from.
struct RateMeter {
    at: Instant,
    epoch: u64,
    steps: u64,
}

/// The desktop app.
pub struct ScratchnetApp {
    persisted: Persisted,
    transport: TransportBar,
    worker: Worker,
    /// The network as of the worker's last snapshot.
    network: Network,
    generation: u64,
    /// Training samples as loaded (the heatmap draws these).
    train: Dataset,
    /// Test samples as loaded.
    test: Dataset,
    /// How raw inputs become the network's inputs.
    preprocess: Preprocess,
    /// The optimizer's memory and shuffling generator as of the last snapshot.
    continuation: Continuation,
    history: History,
    /// Metric per epoch (accuracy, or R²), train in `train_loss` and test in `test_loss`.
    metrics: History,
    /// Trained weights that have not been saved.
    unsaved: bool,
    error: Option<String>,
    notice: Option<String>,
    pending: Option<Pending>,
    show_guide: bool,
    show_about: bool,
    rate: RateMeter,
    steps: u64,
    stats: FrameStats,
    exit_after: Option<Duration>,
    print_stats: bool,
    started: Instant,
    autoplay: bool,
    /// The user agreed to close with unsaved weights (or the close is programmatic).
    quitting: bool,
    /// A close to send at the end of this frame.
    close_now: bool,
}

impl ScratchnetApp {
    /// The app as eframe starts it: last session's settings unless the command line gives
    /// an experiment.
    pub fn new(cc: &eframe::CreationContext<'_>, args: GuiArgs) -> Self {
        let restored: Option<Persisted> = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY));
        let ctx = cc.egui_ctx.clone();
        Self::build(args, restored, Box::new(move || ctx.request_repaint()))
    }

    /// The app from arguments and remembered settings; `wake` is how the worker asks for
    /// a repaint.
    pub fn build(args: GuiArgs, restored: Option<Persisted>, wake: Waker) -> Self {
        let mut persisted = restored.unwrap_or_default();
        let mut error = None;
        let mut setup = None;
        if args.sets_up_an_experiment() {
            match args.experiment.resolve() {
                Ok(s) => setup = Some(s),
                Err(e) => error = Some(e),
            }
        }
        if let Some(s) = &setup {
            persisted.network.adopt(&s.network);
            persisted.network.init = s.training.init;
            persisted.network.seed = s.training.seed;
            persisted.data.spec = s.data.clone();
            persisted.training.adopt(&s.training);
            persisted.data.features = s.preprocess.features.clone();
            persisted.data.standardize = s.preprocess.standardize.is_some();
            if let Some(epochs) = args.epochs {
                persisted.training.stop_after = Some(s.start_epoch + epochs as u64);
            }
        }
        let (train, test, network, epoch, history, preprocess, continuation) = match setup {
            Some(s) => (
                s.train,
                s.test,
                s.network,
                s.start_epoch,
                s.history,
                s.preprocess,
                Continuation {
                    optimizer: s.optimizer_state,
                    rng: s.shuffle_rng,
                },
            ),
            None => {
                let (train, test, preprocess, network) =
                    restore(&mut persisted).unwrap_or_else(|e| {
                        // The remembered experiment no longer loads (a moved CSV, say):
                        // start from the reference demo and say why.
                        error = Some(e);
                        persisted.data = DataPanel::default();
                        persisted.network = NetworkPanel::default();
                        restore(&mut persisted).expect("the reference demo loads")
                    });
                let state = Continuation::fresh(persisted.network.seed);
                (
                    train,
                    test,
                    network,
                    0,
                    History::default(),
                    preprocess,
                    state,
                )
            }
        };
        persisted.training.n_train = train.len();
        persisted
            .heatmap
            .invalidate(Domain::around(&[&train, &test]));
        let run = Run {
            network: &network,
            train: &train,
            test: &test,
            preprocess: &preprocess,
            epoch,
            continuation: &continuation,
        };
        let job = run.job(&persisted).unwrap_or_else(|e| {
            // Cannot happen: the preprocessing was checked against this data above.
            error = Some(e);
            Job {
                network: network.clone(),
                train: Dataset::planar(),
                test: Dataset::planar(),
                config: persisted.training.config(),
                rng: crate::seeded(0),
                epoch,
                optimizer_state: OptimizerState::default(),
            }
        });
        let worker = Worker::spawn(job, wake);
        worker.send(Command::StopAt(persisted.training.stop_after));
        worker.send(Command::StopRule(persisted.training.stop));
        let mut app = ScratchnetApp {
            persisted,
            transport: TransportBar {
                epoch,
                ..TransportBar::default()
            },
            worker,
            network,
            generation: 0,
            train,
            test,
            preprocess,
            continuation,
            history,
            metrics: History::default(),
            unsaved: false,
            error,
            notice: None,
            pending: None,
            show_guide: false,
            show_about: false,
            rate: RateMeter {
                at: Instant::now(),
                epoch,
                steps: 0,
            },
            steps: 0,
            stats: FrameStats::default(),
            exit_after: args.exit_after.map(|s| Duration::from_secs_f64(s.max(0.0))),
            print_stats: args.stats,
            started: Instant::now(),
            autoplay: args.autoplay,
            quitting: false,
            close_now: false,
        };
        if let Some(path) = &args.open {
            app.open_model_reporting(path);
        }
        app
    }

    // ----- What tests and the menu use -----

    /// Epochs finished, as of the last snapshot.
    pub fn epoch(&self) -> u64 {
        self.transport.epoch
    }

    /// `true` while training continuously.
    pub fn is_playing(&self) -> bool {
        self.transport.playing
    }

    /// The error the window shows, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The network as of the last snapshot.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The network editor's state.
    pub fn network_panel(&self) -> &NetworkPanel {
        &self.persisted.network
    }

    /// The loss history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Training samples.
    pub fn train_data(&self) -> &Dataset {
        &self.train
    }

    /// Test samples.
    pub fn test_data(&self) -> &Dataset {
        &self.test
    }

    /// `true` when a question waits for an answer.
    pub fn is_asking(&self) -> bool {
        self.pending.is_some()
    }

    /// Starts or pauses training.
    pub fn toggle_play(&mut self) {
        let playing = !self.transport.playing;
        self.transport.playing = playing;
        self.worker.send(if playing {
            Command::Play
        } else {
            Command::Pause
        });
    }

    // ----- Internals -----

    /// Hands the worker a new run and forgets the old one's snapshots. `train` and `test`
    /// are the samples as loaded; the worker gets them as the network sees them.
    fn start(
        &mut self,
        network: Network,
        train: Dataset,
        test: Dataset,
        epoch: u64,
        preprocess: Preprocess,
        continuation: Continuation,
    ) {
        let run = Run {
            network: &network,
            train: &train,
            test: &test,
            preprocess: &preprocess,
            epoch,
            continuation: &continuation,
        };
        let job = match run.job(&self.persisted) {
            Ok(job) => job,
            Err(e) => {
                self.error = Some(e);
                return;
            }
        };
        self.persisted.network.inputs = network.n_inputs();
        self.persisted.network.outputs = network.n_outputs();
        self.persisted.training.n_train = train.len();
        self.persisted
            .heatmap
            .invalidate(Domain::around(&[&train, &test]));
        self.generation += 1;
        self.worker.send(Command::Load(Box::new(job)));
        self.worker
            .send(Command::StopAt(self.persisted.training.stop_after));
        self.worker
            .send(Command::StopRule(self.persisted.training.stop));
        if self.transport.playing {
            self.worker.send(Command::Play);
        }
        self.network = network;
        self.train = train;
        self.test = test;
        self.preprocess = preprocess;
        self.continuation = continuation;
        self.transport.epoch = epoch;
        self.transport.train_loss = None;
        self.transport.test_loss = None;
        self.transport.metric = None;
        self.rate = RateMeter {
            at: Instant::now(),
            epoch,
            steps: self.steps,
        };
    }

    /// Re-initialises the network with the editor's shape: epoch 0, no history.
    fn rebuild(&mut self) {
        let preprocess = match self.persisted.data.preprocess(&self.train) {
            Ok(p) => p,
            Err(e) => {
                self.error = Some(e);
                return;
            }
        };
        self.persisted.network.inputs = preprocess.n_inputs(self.train.n_inputs());
        self.persisted.network.outputs = self.train.n_targets();
        match initialised(&self.persisted.network) {
            Ok(net) => {
                self.history = History::default();
                self.metrics = History::default();
                let (train, test) = (self.train.clone(), self.test.clone());
                let fresh = Continuation::fresh(self.persisted.network.seed);
                self.start(net, train, test, 0, preprocess, fresh);
                self.unsaved = false;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// New samples: the network keeps training on them when its shape fits, otherwise a
    /// new network is built (after asking, when trained weights would be lost).
    fn new_data(&mut self, previous: DataPanel, train: Dataset, test: Dataset) {
        let preprocess = match self.persisted.data.preprocess(&train) {
            Ok(p) => p,
            Err(e) => {
                self.persisted.data = previous;
                self.error = Some(e);
                return;
            }
        };
        let fits = preprocess.n_inputs(train.n_inputs()) == self.network.n_inputs()
            && train.n_targets() == self.network.n_outputs();
        if fits {
            let (net, epoch) = (self.network.clone(), self.transport.epoch);
            let state = self.continuation.clone();
            self.start(net, train, test, epoch, preprocess, state);
        } else if self.unsaved {
            self.pending = Some(Pending::Data {
                previous: Box::new(previous),
                train: Box::new(train),
                test: Box::new(test),
            });
        } else {
            self.adopt_new_shape_data(train, test);
        }
    }

    fn adopt_new_shape_data(&mut self, train: Dataset, test: Dataset) {
        self.train = train;
        self.test = test;
        self.rebuild();
    }

    fn on_snapshot(&mut self, s: Snapshot) {
        if s.generation != self.generation {
            return;
        }
        for r in &s.new_epochs {
            let (epoch, test_loss) = (r.epoch as u64, r.test_loss);
            self.history.push(epoch, r.train_loss, test_loss);
            self.transport.train_loss = Some(r.train_loss);
            if test_loss.is_some() {
                self.transport.test_loss = test_loss;
            }
            if let Some(train_eval) = r.train_eval {
                let headline = |e: &Evaluation| e.accuracy.or(e.r2);
                if let Some(m) = headline(&train_eval) {
                    self.metrics
                        .push(epoch, m, r.test_eval.as_ref().and_then(headline));
                }
                self.transport.metric = Some(metric_text(&train_eval, r.test_eval.as_ref()));
            }
        }
        self.history.thin(MAX_POINTS);
        self.metrics.thin(MAX_POINTS);
        self.continuation = Continuation {
            optimizer: s.optimizer_state,
            rng: s.rng,
        };
        match s.stopped {
            Some(StopReason::LossReached) => {
                self.notice = Some(format!(
                    "Paused at epoch {}: the loss reached its threshold",
                    s.epoch
                ));
            }
            Some(StopReason::NoImprovement) => {
                self.notice = Some(format!(
                    "Paused at epoch {}: the test loss stopped improving",
                    s.epoch
                ));
            }
            None => {}
        }
        if s.epoch != self.transport.epoch || s.sample_steps != self.steps {
            self.unsaved = true;
            self.persisted
                .heatmap
                .invalidate(self.persisted.heatmap.domain());
        }
        self.transport.epoch = s.epoch;
        self.transport.playing = s.playing;
        self.steps = s.sample_steps;
        self.network = s.network;
        // Throughput over the last half second of continuous training; a step or a pause
        // starts the next measurement afresh (one stepped epoch is no rate).
        let dt = self.rate.at.elapsed().as_secs_f64();
        if s.playing && dt >= 0.5 {
            self.transport.epochs_per_s = (s.epoch.saturating_sub(self.rate.epoch)) as f64 / dt;
            self.transport.steps_per_s =
                (s.sample_steps.saturating_sub(self.rate.steps)) as f64 / dt;
        }
        if !s.playing || dt >= 0.5 {
            self.rate = RateMeter {
                at: Instant::now(),
                epoch: s.epoch,
                steps: s.sample_steps,
            };
        }
    }

    fn drain_worker(&mut self) {
        while let Some(event) = self.worker.try_recv() {
            match event {
                Event::Snapshot(s) => self.on_snapshot(*s),
            }
        }
    }

    fn on_transport(&mut self, action: TransportAction) {
        match action {
            TransportAction::TogglePlay => self.toggle_play(),
            TransportAction::StepEpoch => {
                self.transport.playing = false;
                self.worker.send(Command::StepEpoch);
            }
            TransportAction::StepBatch => {
                self.transport.playing = false;
                self.worker.send(Command::StepBatch);
            }
            TransportAction::Reset => self.rebuild(),
        }
    }

    fn on_network_edit(&mut self, edit: NetworkEdit, previous: NetworkPanel) {
        match edit {
            NetworkEdit::Rebuild if self.unsaved => {
                self.pending = Some(Pending::Rebuild { previous });
            }
            NetworkEdit::Rebuild => self.rebuild(),
        }
    }

    fn on_data(&mut self, action: DataAction, previous: DataPanel) {
        match action {
            DataAction::Regenerate => match self.persisted.data.load() {
                Ok((train, test)) => self.new_data(previous, train, test),
                Err(e) => {
                    self.persisted.data = previous;
                    self.error = Some(e);
                }
            },
            DataAction::ImportCsv => self.import_csv_dialog(),
        }
    }

    fn side_panel(&mut self, ui: &mut egui::Ui) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::CollapsingHeader::new("Data")
                .default_open(true)
                .show(ui, |ui| {
                    let previous = self.persisted.data.clone();
                    if let Some(a) = self.persisted.data.ui(ui) {
                        self.on_data(a, previous);
                    }
                    ui.weak(format!(
                        "{} training, {} test samples",
                        self.train.len(),
                        self.test.len()
                    ));
                });
            egui::CollapsingHeader::new("Network")
                .default_open(true)
                .show(ui, |ui| {
                    let previous = self.persisted.network.clone();
                    if let Some(e) = self.persisted.network.ui(ui) {
                        self.on_network_edit(e, previous);
                    }
                });
            egui::CollapsingHeader::new("Training")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(TrainingAction::Configure) = self.persisted.training.ui(ui) {
                        self.worker
                            .send(Command::Configure(self.persisted.training.config()));
                        self.worker
                            .send(Command::StopAt(self.persisted.training.stop_after));
                        self.worker
                            .send(Command::StopRule(self.persisted.training.stop));
                    }
                });
        });
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let Self {
            persisted,
            network,
            train,
            test,
            history,
            metrics,
            preprocess,
            ..
        } = self;
        let loss_title = persisted.training.config.loss.title();
        let area = ui.available_rect_before_wrap();
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
        ui.scope_builder(egui::UiBuilder::new().max_rect(map_rect), |ui| {
            persisted.heatmap.ui(ui, network, preprocess, train, test);
        });
        ui.scope_builder(egui::UiBuilder::new().max_rect(plot_rect), |ui| {
            persisted.loss_plot.ui(ui, history, metrics, loss_title);
        });
    }
}

/// Train and test metrics as the transport bar shows them.
fn metric_text(train: &Evaluation, test: Option<&Evaluation>) -> String {
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |a| format!("{:.1}%", 100.0 * a));
    let num = |v: Option<f64>| v.map_or("–".to_string(), |a| format!("{a:.4}"));
    if train.accuracy.is_some() {
        format!(
            "Accuracy train {} test {}",
            pct(train.accuracy),
            pct(test.and_then(|e| e.accuracy))
        )
    } else {
        format!(
            "RMSE {} / {} · R² {} / {}",
            num(train.rmse),
            num(test.and_then(|e| e.rmse)),
            num(train.r2),
            num(test.and_then(|e| e.r2))
        )
    }
}

/// The data and a fresh network for remembered settings.
fn restore(persisted: &mut Persisted) -> Result<(Dataset, Dataset, Preprocess, Network), String> {
    let (train, test) = persisted.data.load()?;
    let preprocess = persisted.data.preprocess(&train)?;
    persisted.network.inputs = preprocess.n_inputs(train.n_inputs());
    persisted.network.outputs = train.n_targets();
    let network = initialised(&persisted.network)?;
    Ok((train, test, preprocess, network))
}

/// A network of the editor's shape, initialised by its scheme and seed.
fn initialised(panel: &NetworkPanel) -> Result<Network, String> {
    let mut net = panel.build().map_err(|e| e.to_string())?;
    net.initialize(panel.init, &mut crate::seeded(panel.seed));
    Ok(net)
}

impl eframe::App for ScratchnetApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        if self.autoplay {
            self.autoplay = false;
            if !self.transport.playing {
                self.toggle_play();
            }
        }
        self.drain_worker();
        self.shortcuts(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::top("transport").show(ui, |ui| {
            if let Some(a) = self.transport.ui(ui) {
                self.on_transport(a);
            }
        });
        egui::Panel::left("settings")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| self.side_panel(ui));
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.dialogs(&ctx);

        if self.transport.playing {
            // The worker's snapshots wake the window; this keeps the meter moving too.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        self.stats.record(frame_start, frame_start.elapsed());
        if let Some(limit) = self.exit_after
            && self.started.elapsed() >= limit
        {
            self.exit_after = None;
            self.quitting = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        // Ask before closing with trained weights that are not saved (egui's confirm_exit).
        if ctx.input(|i| i.viewport().close_requested()) && self.unsaved && !self.quitting {
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
        self.worker.send(Command::Pause);
        if self.print_stats {
            self.drain_worker();
            let seconds = self.started.elapsed().as_secs_f64();
            println!(
                "{}",
                self.stats.json(self.transport.epoch, self.steps, seconds)
            );
        }
    }
}
