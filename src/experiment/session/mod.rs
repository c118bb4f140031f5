//! A live experiment: the network, its data and its training state, trained by a worker
//! thread, with the operations a user performs on it (play, pause, step, reset, new data,
//! open, save). The app is a view of one; nothing here knows about a window.

mod checkpoints;
mod edits;
mod inspecting;
mod start;

pub use checkpoints::{Checkpoint, DENSE_MOMENTS, MAX_CHECKPOINTS};
pub use inspecting::Moment;
pub use start::{Opened, RunSettings, Start, open_model};

use std::path::Path;

use super::ExperimentError;
use super::runs::Runs;
use super::worker::{Command, Event, Snapshot, Waker, Worker};
use crate::SeededRng;
use crate::data::{DataSpec, Dataset, Preprocess};
use crate::history::History;
use crate::model_file::{self, Model, TrainingSettings};
use crate::nn::{Evaluation, Network, Objective, OptimizerState, StopReason};
use checkpoints::Checkpoints;

/// The most points a live history keeps (older epochs are thinned, see [`History::thin`]).
pub const HISTORY_POINTS: usize = 4000;

/// The latest epoch's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Latest {
    /// Train loss of the latest epoch.
    pub train_loss: Option<f64>,
    /// The latest measured test loss.
    pub test_loss: Option<f64>,
    /// Metrics on the training set, when measured.
    pub train_eval: Option<Evaluation>,
    /// Metrics on the test set, when measured.
    pub test_eval: Option<Evaluation>,
}

/// What [`Experiment::poll`] found.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    /// The network's weights changed (an epoch or a batch was trained).
    pub trained: bool,
    /// Training paused by itself, and why.
    pub stopped: Option<StopReason>,
}

/// One experiment as the user sees it: the state as of the worker's last snapshot, and the
/// operations that change it. Training state (epoch, playing) lives here, not in a view.
pub struct Experiment {
    worker: Worker,
    /// Counts runs handed to the worker, so that a stale snapshot is told apart.
    generation: u64,
    network: Network,
    train: Dataset,
    test: Dataset,
    preprocess: Preprocess,
    optimizer: OptimizerState,
    rng: SeededRng,
    epoch: u64,
    sample_steps: u64,
    /// Samples trained in the current epoch, as of the last snapshot.
    position: usize,
    /// The training data's class names (classification data), worked out once per run.
    classes: Option<Vec<String>>,
    playing: bool,
    history: History,
    /// The headline metric per epoch (accuracy, or R²): train in `train_loss`, test in
    /// `test_loss`.
    metrics: History,
    latest: Latest,
    /// Trained weights that have not been saved.
    unsaved: bool,
    settings: RunSettings,
    /// The loss as training computes it for this network and data.
    objective: Objective,
    /// Log-spaced moments of the run, oldest first.
    checkpoints: Checkpoints,
    /// Edits sent to the worker in this generation; a snapshot that has seen fewer holds
    /// the network from before the latest.
    edits: u64,
    /// Every run since the experiment began, to compare with.
    runs: Runs,
}

impl Experiment {
    /// Starts the worker, paused, on `start`; `wake` is how it asks for a repaint.
    pub fn new(start: Start, settings: RunSettings, wake: Waker) -> Result<Self, ExperimentError> {
        let job = start.job(settings.config)?;
        let objective = start.objective(settings.config.loss);
        let worker = Worker::spawn(job, wake);
        worker.send(Command::StopAt(settings.stop_at));
        worker.send(Command::StopRule(settings.stop));
        worker.send(Command::Pace(settings.pace));
        let runs = Runs::new(
            start.network.layers(),
            start.network.activations(),
            settings.config,
        );
        Ok(Experiment {
            runs,
            worker,
            generation: 0,
            network: start.network,
            classes: crate::nn::class_names(&start.train),
            train: start.train,
            test: start.test,
            preprocess: start.preprocess,
            optimizer: start.optimizer,
            rng: start.rng,
            epoch: start.epoch,
            sample_steps: 0,
            position: 0,
            playing: false,
            history: start.history,
            metrics: History::default(),
            latest: Latest::default(),
            unsaved: false,
            settings,
            objective,
            checkpoints: Checkpoints::default(),
            edits: 0,
        })
        .map(|mut e| {
            e.checkpoint();
            e
        })
    }

    // ----- The operations -----

    /// Trains continuously.
    pub fn play(&mut self) {
        self.playing = true;
        self.worker.send(Command::Play);
    }

    /// Pauses after the current batch.
    pub fn pause(&mut self) {
        self.playing = false;
        self.worker.send(Command::Pause);
    }

    /// Plays when paused, pauses when playing.
    pub fn toggle_play(&mut self) {
        if self.playing {
            self.pause();
        } else {
            self.play();
        }
    }

    /// Trains to the end of the current epoch (a whole one between epochs), then pauses.
    pub fn step_epoch(&mut self) {
        self.playing = false;
        self.worker.send(Command::StepEpoch);
    }

    /// Trains one batch, then pauses.
    pub fn step_batch(&mut self) {
        self.playing = false;
        self.worker.send(Command::StepBatch);
    }

    /// New training settings, from the next batch on (checked by the caller's panel).
    /// Only what changed is sent: a new learning rate leaves early stopping's watch (the
    /// best loss, its weights, the patience count) as it is.
    pub fn configure(&mut self, settings: RunSettings) {
        let before = std::mem::replace(&mut self.settings, settings);
        if settings.config != before.config {
            self.runs
                .configure(settings.config, !self.history.is_empty());
            self.objective = self.objective.with_loss(settings.config.loss);
            self.worker.send(Command::Configure(settings.config));
        }
        if settings.stop_at != before.stop_at {
            self.worker.send(Command::StopAt(settings.stop_at));
        }
        if settings.stop != before.stop {
            self.worker.send(Command::StopRule(settings.stop));
        }
        if settings.pace != before.pace {
            self.worker.send(Command::Pace(settings.pace));
        }
    }

    /// Replaces the run: another network, data or training state (a reset, a reshape, an
    /// opened model). Playing goes on playing. Nothing changes on error.
    pub fn restart(&mut self, start: Start) -> Result<(), ExperimentError> {
        let job = start.job(self.settings.config)?;
        self.objective = start.objective(self.settings.config.loss);
        self.generation += 1;
        self.worker.send(Command::Load(Box::new(job)));
        self.worker.send(Command::StopAt(self.settings.stop_at));
        self.worker.send(Command::StopRule(self.settings.stop));
        if self.playing {
            self.worker.send(Command::Play);
        }
        self.network = start.network;
        self.classes = crate::nn::class_names(&start.train);
        self.train = start.train;
        self.test = start.test;
        self.preprocess = start.preprocess;
        self.optimizer = start.optimizer;
        self.rng = start.rng;
        self.epoch = start.epoch;
        self.history = start.history;
        self.metrics = History::default();
        // The figures of the run's last recorded epoch (an opened model's, a rewound
        // run's), until training brings new ones.
        self.latest = Latest {
            train_loss: self.history.train_loss.last().copied(),
            test_loss: self.history.test_loss.iter().rev().find_map(|t| *t),
            ..Latest::default()
        };
        // Earlier moments of this run stay reachable; this one replaces any later ones.
        self.edits = 0;
        self.checkpoints.forget_from(self.epoch);
        self.checkpoint();
        Ok(())
    }

    /// Keeps this moment of the run (see [`Checkpoints::keep`]).
    fn checkpoint(&mut self) {
        self.checkpoints.keep(Checkpoint {
            epoch: self.epoch,
            network: self.network.clone(),
            optimizer: self.optimizer.clone(),
            rng: self.rng.clone(),
        });
    }

    /// The moments of the run that [`Experiment::rewind_to`] can go back to, oldest first.
    pub fn checkpoints(&self) -> &[Checkpoint] {
        self.checkpoints.as_slice()
    }

    /// Goes back to checkpoint `i`: its weights, optimizer and shuffling state, its epoch,
    /// the history up to it; paused, as unsaved work. Later checkpoints are forgotten.
    pub fn rewind_to(&mut self, i: usize) -> Result<(), ExperimentError> {
        let Some(c) = self.checkpoints().get(i).cloned() else {
            return Ok(());
        };
        self.pause();
        let mut history = self.history.clone();
        history.keep_until(c.epoch);
        let mut metrics = self.metrics.clone();
        metrics.keep_until(c.epoch);
        let start = Start {
            network: c.network,
            train: self.train.clone(),
            test: self.test.clone(),
            preprocess: self.preprocess.clone(),
            epoch: c.epoch,
            history,
            optimizer: c.optimizer,
            rng: c.rng,
        };
        self.restart(start)?;
        self.metrics = metrics;
        self.unsaved = true;
        Ok(())
    }

    /// Starts over from a fresh network (see [`Start::fresh`]), discarding the trained
    /// weights and the checkpoints: nothing is left to save.
    pub fn reset(&mut self, start: Start) -> Result<(), ExperimentError> {
        // The run that ends is filed once the new one has started (an error changes
        // nothing in the runs list).
        let ended = (self.history.clone(), self.metrics.clone(), self.epoch);
        self.checkpoints.clear();
        self.restart(start)?;
        self.unsaved = false;
        let (history, metrics, epochs) = ended;
        self.runs.start_next(
            (&history, &metrics),
            epochs,
            self.network.layers(),
            self.network.activations(),
            self.settings.config,
        );
        Ok(())
    }

    /// Where the current run began (its first checkpoint: the weights a Reset made, or
    /// the model opened), on the current data, with no history: what a race starts from.
    pub fn start_of_run(&self) -> Start {
        let first = self.checkpoints().first();
        Start {
            network: first.map_or_else(|| self.network.clone(), |c| c.network.clone()),
            train: self.train.clone(),
            test: self.test.clone(),
            preprocess: self.preprocess.clone(),
            epoch: first.map_or(self.epoch, |c| c.epoch),
            history: History::default(),
            optimizer: first.map_or_else(|| self.optimizer.clone(), |c| c.optimizer.clone()),
            rng: first.map_or_else(|| self.rng.clone(), |c| c.rng.clone()),
        }
    }

    /// The runs list: the finished runs and the current one.
    pub fn runs(&self) -> &Runs {
        &self.runs
    }

    /// The runs list, to rename, pin, show or remove runs.
    pub fn runs_mut(&mut self) -> &mut Runs {
        &mut self.runs
    }

    /// Every run's curve as one CSV (see [`Runs::to_csv`]).
    pub fn runs_csv(&self) -> Result<Vec<u8>, csv::Error> {
        self.runs.to_csv((&self.history, &self.metrics))
    }

    /// `true` when the current network takes `train`'s inputs (after `preprocess`) and
    /// gives its targets, so that it can keep training on it.
    pub fn fits(&self, train: &Dataset, preprocess: &Preprocess) -> bool {
        preprocess.n_inputs(train.n_inputs()) == self.network.n_inputs()
            && train.n_targets() == self.network.n_outputs()
    }

    /// Keeps training the current network, where it stands, on new samples of the same
    /// shape (see [`Experiment::fits`]).
    pub fn continue_on(
        &mut self,
        (train, test): (Dataset, Dataset),
        preprocess: Preprocess,
    ) -> Result<(), ExperimentError> {
        let start = self.here_on((train, test), preprocess);
        self.go_on_from(start)
    }

    /// The run as it stands (its data copied): a state to come back to with
    /// [`Experiment::go_back_to`].
    pub fn here(&self) -> Start {
        self.here_on(
            (self.train.clone(), self.test.clone()),
            self.preprocess.clone(),
        )
    }

    /// Goes back to a state of the run (an undo): its network, data, epoch, history and
    /// optimizer; an unsaved change. Nothing changes on error.
    pub fn go_back_to(&mut self, start: Start) -> Result<(), ExperimentError> {
        self.restart(start)?;
        self.unsaved = true;
        Ok(())
    }

    /// The run as it stands, on `data` seen through `preprocess`.
    fn here_on(&self, (train, test): (Dataset, Dataset), preprocess: Preprocess) -> Start {
        Start {
            network: self.network.clone(),
            train,
            test,
            preprocess,
            epoch: self.epoch,
            history: self.history.clone(),
            optimizer: self.optimizer.clone(),
            rng: self.rng.clone(),
        }
    }

    /// Restarts the worker on `start`, a changed copy of the run as it stands: the
    /// history and metrics go on.
    fn go_on_from(&mut self, start: Start) -> Result<(), ExperimentError> {
        let metrics = self.metrics.clone();
        self.restart(start)?;
        self.metrics = metrics;
        Ok(())
    }

    /// Continues an opened model's run with its `settings`; nothing left to save.
    pub fn open(&mut self, opened: Opened, settings: RunSettings) -> Result<(), ExperimentError> {
        let net = &opened.start.network;
        let mut runs = Runs::new(net.layers(), net.activations(), settings.config);
        runs.restore(opened.model.runs.clone());
        self.settings = settings;
        self.checkpoints.clear();
        self.restart(opened.start)?;
        // The model's experiment, with the runs it kept.
        self.runs = runs;
        self.unsaved = false;
        Ok(())
    }

    /// The model as it would be saved now, with the settings and data it was trained with.
    pub fn model(&self, training: TrainingSettings, data: DataSpec) -> Model {
        Model {
            network: self.network.clone(),
            training: Some(training),
            data: Some(data),
            epoch: self.epoch,
            history: Some(self.history.clone()),
            preprocess: self.preprocess.clone(),
            optimizer_state: Some(self.optimizer.clone()),
            shuffle_rng: Some(self.rng.clone()),
            classes: crate::nn::one_hot_classes(&self.train)
                .and_then(|_| crate::nn::class_names(&self.train)),
            runs: self.runs.records(),
        }
    }

    /// Saves the model (see [`Experiment::model`]); nothing is left to save after it.
    pub fn save(
        &mut self,
        path: &Path,
        training: TrainingSettings,
        data: DataSpec,
    ) -> Result<(), ExperimentError> {
        model_file::save(&self.model(training, data), path)?;
        self.unsaved = false;
        Ok(())
    }

    /// Takes in what the worker reported since the last call (call it once per frame).
    pub fn poll(&mut self) -> Progress {
        let mut progress = Progress::default();
        while let Some(event) = self.worker.try_recv() {
            match event {
                Event::Snapshot(s) => self.take_snapshot(*s, &mut progress),
            }
        }
        progress
    }

    fn take_snapshot(&mut self, s: Snapshot, progress: &mut Progress) {
        if s.generation != self.generation {
            return;
        }
        for r in &s.new_epochs {
            let epoch = r.epoch as u64;
            self.history.push(epoch, r.train_loss, r.test_loss);
            self.latest.train_loss = Some(r.train_loss);
            if r.test_loss.is_some() {
                self.latest.test_loss = r.test_loss;
            }
            if let Some(train_eval) = r.train_eval {
                let headline = |e: &Evaluation| e.accuracy.or(e.r2);
                if let Some(m) = headline(&train_eval) {
                    let test = r.test_eval.as_ref().and_then(headline);
                    self.metrics.push(epoch, m, test);
                }
                self.latest.train_eval = Some(train_eval);
                self.latest.test_eval = r.test_eval;
            }
        }
        self.history.thin(HISTORY_POINTS);
        self.metrics.thin(HISTORY_POINTS);
        if s.epoch != self.epoch || s.sample_steps != self.sample_steps {
            self.unsaved = true;
            progress.trained = true;
        }
        if s.stopped.is_some() {
            progress.stopped = s.stopped;
        }
        if s.edits == self.edits {
            // Older snapshots hold the network from before an edit this copy has.
            self.optimizer = s.optimizer_state;
            self.network = s.network;
        }
        self.rng = s.rng;
        self.epoch = s.epoch;
        self.playing = s.playing;
        self.sample_steps = s.sample_steps;
        self.position = s.position;
        if self.checkpoints.due(self.epoch) {
            self.checkpoint();
        }
    }

    // ----- What it shows -----

    /// Epochs finished.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Sample steps (forward + back-propagation) since the worker started.
    pub fn sample_steps(&self) -> u64 {
        self.sample_steps
    }

    /// `true` while training continuously.
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Changes with every run handed to the worker (a reset, new data, an opened model).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Changes with every run handed to the worker and every edit of its network: what a
    /// view computed from the network is as of.
    pub fn revision(&self) -> (u64, u64) {
        (self.generation, self.edits)
    }

    /// The shuffling generator's state, as of the last snapshot.
    pub fn shuffle_rng(&self) -> &SeededRng {
        &self.rng
    }

    /// The network as of the last snapshot.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// Training samples as loaded.
    /// Samples trained in the current epoch so far, as of the last snapshot.
    pub fn position_in_epoch(&self) -> usize {
        self.position
    }

    /// The training data's classes, in the outputs' order (classification data).
    pub fn class_names(&self) -> Option<&[String]> {
        self.classes.as_deref()
    }

    pub fn train_data(&self) -> &Dataset {
        &self.train
    }

    /// Test samples as loaded.
    pub fn test_data(&self) -> &Dataset {
        &self.test
    }

    /// How raw inputs become the network's inputs.
    pub fn preprocess(&self) -> &Preprocess {
        &self.preprocess
    }

    /// The loss per epoch (thinned to [`HISTORY_POINTS`]).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The headline metric per epoch: accuracy, or R².
    pub fn metrics(&self) -> &History {
        &self.metrics
    }

    /// The latest epoch's figures.
    pub fn latest(&self) -> &Latest {
        &self.latest
    }

    /// Dead links: weights that L1 drove to zero for good (flat indices, ascending; see
    /// [`OptimizerState::dead`]).
    pub fn dead_links(&self) -> &[usize] {
        &self.optimizer.dead
    }

    /// `true` when trained weights have not been saved.
    pub fn is_unsaved(&self) -> bool {
        self.unsaved
    }

    /// Marks the run as unsaved work (an experiment restored from a recovery file is in no
    /// file of the user's).
    pub fn mark_unsaved(&mut self) {
        self.unsaved = true;
    }

    /// The settings the worker trains with.
    pub fn settings(&self) -> RunSettings {
        self.settings
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::data::{DataSource, DatasetKind, reference_plane};
    use crate::experiment::worker::Parameter;
    use crate::nn::StopRule;
    use crate::nn::{Activation, Init};

    /// The longest a test waits for the worker.
    const WAIT: Duration = Duration::from_secs(60);

    /// The reference demo's untrained `[2,3,1]` network.
    fn reference_net() -> Network {
        Network::new(&[2, 3, 1], &Network::reference_activations(&[2, 3, 1])).unwrap()
    }

    fn reference() -> Start {
        Start::fresh(reference_net(), reference_plane(), Preprocess::default(), 0)
    }

    fn reference_settings() -> RunSettings {
        let mut settings = RunSettings::default();
        settings.config.shuffle = false;
        settings
    }

    fn experiment(start: Start) -> Experiment {
        Experiment::new(start, reference_settings(), Arc::new(|| {})).unwrap()
    }

    /// Polls until `done` holds, failing after [`WAIT`].
    fn poll_until(e: &mut Experiment, what: &str, done: impl Fn(&Experiment) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            e.poll();
            if done(e) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{WAIT:?} passed waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_stepped_epoch_gives_the_reference_loss_and_something_to_save() {
        let mut e = experiment(reference());
        assert!(!e.is_unsaved());
        e.step_epoch();
        poll_until(&mut e, "epoch 1", |e| e.epoch() == 1);
        assert_eq!(e.history().train_loss, vec![0.12389566068516679]);
        assert_eq!(e.latest().train_loss, Some(0.12389566068516679));
        assert!(e.is_unsaved());
        assert!(!e.is_playing());
        assert_eq!(e.sample_steps(), 600, "one epoch: every sample once");
        // A pause measures the metrics: R² for this regression, train and test.
        let r2 = e.latest().train_eval.and_then(|m| m.r2);
        assert!(r2.is_some());
        assert_eq!(e.metrics().epoch, vec![1]);
        assert_eq!(e.metrics().train_loss, vec![r2.unwrap()]);
        assert!(e.metrics().test_loss[0].is_some());
    }

    #[test]
    fn commands_that_train_nothing_leave_nothing_to_save() {
        let mut e = experiment(reference());
        // Every command to a paused worker answers with a snapshot.
        e.pause();
        e.configure(reference_settings());
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(e.poll(), Progress::default());
        assert!(!e.is_unsaved());
        assert_eq!(e.epoch(), 0);
    }

    #[test]
    fn play_trains_until_pause() {
        let mut e = experiment(reference());
        e.play();
        assert!(e.is_playing());
        poll_until(&mut e, "5 epochs", |e| e.epoch() >= 5);
        e.pause();
        assert!(!e.is_playing());
        // The worker stops within a batch: the epoch stays put from then on.
        let deadline = Instant::now() + WAIT;
        loop {
            e.poll();
            let at = e.epoch();
            std::thread::sleep(Duration::from_millis(100));
            e.poll();
            if e.epoch() == at && !e.is_playing() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "training went on after the pause"
            );
        }
        assert_eq!(
            e.history().len() as u64,
            e.epoch(),
            "every epoch is in the history"
        );
    }

    #[test]
    fn toggling_plays_then_pauses() {
        let mut e = experiment(reference());
        e.toggle_play();
        assert!(e.is_playing());
        poll_until(&mut e, "2 epochs", |e| e.epoch() >= 2);
        e.toggle_play();
        assert!(!e.is_playing());
        poll_until(&mut e, "the pause", |e| {
            !e.is_playing() && e.latest().train_loss.is_some()
        });
    }

    #[test]
    fn a_stepped_batch_trains_one_batch_and_finishes_no_epoch() {
        let mut e = experiment(reference());
        let untrained = e.network().clone();
        e.step_batch();
        poll_until(&mut e, "one batch", |e| e.sample_steps() > 0);
        // Online learning: one sample, one update.
        assert_eq!(e.sample_steps(), 1);
        assert_eq!((e.epoch(), e.history().len()), (0, 0));
        assert_ne!(e.network(), &untrained);
        assert!(e.is_unsaved());
    }

    #[test]
    fn new_settings_apply_from_the_next_batch() {
        let mut e = experiment(reference());
        let untrained = e.network().clone();
        let mut frozen = reference_settings();
        frozen.config.learning_rate = 0.0;
        frozen.stop_at = Some(2);
        e.configure(frozen);
        assert_eq!(e.settings(), frozen);
        // Learning rate 0 leaves the weights alone; the run pauses by itself at epoch 2.
        e.play();
        poll_until(&mut e, "the pause at epoch 2", |e| {
            e.epoch() == 2 && !e.is_playing()
        });
        assert_eq!(e.network(), &untrained);
        assert_eq!(e.history().len(), 2);
        // The epoch it paused after is measured, however soon after the last measurement.
        assert!(e.history().test_loss[1].is_some());
        assert_eq!(e.metrics().len(), 2);
    }

    #[test]
    fn reset_starts_over_at_epoch_zero_with_nothing_to_save() {
        let mut e = experiment(reference());
        e.step_epoch();
        poll_until(&mut e, "epoch 1", |e| e.epoch() == 1);
        let fresh = reference_net();
        assert_eq!(e.generation(), 0);
        e.reset(reference()).unwrap();
        assert_eq!(e.generation(), 1, "a new run");
        assert_eq!((e.epoch(), e.history().len()), (0, 0));
        assert!(!e.is_unsaved());
        assert_eq!(e.network(), &fresh);
        // The run after a reset repeats the first one exactly.
        e.step_epoch();
        poll_until(&mut e, "epoch 1 again", |e| e.epoch() == 1);
        assert_eq!(e.history().train_loss, vec![0.12389566068516679]);
    }

    #[test]
    fn new_data_of_the_same_shape_keeps_training_where_it_stood() {
        let mut e = experiment(reference());
        e.step_epoch();
        poll_until(&mut e, "epoch 1", |e| e.epoch() == 1);
        let trained = e.network().clone();
        let circle = DataSpec {
            source: DataSource::Builtin(DatasetKind::Circle),
            ..DataSpec::default()
        };
        let (train, test) = circle.load().unwrap();
        let standardized = Preprocess {
            features: Vec::new(),
            standardize: Some(crate::data::Standardize::measure(&train)),
        };
        assert!(e.fits(&train, &standardized));
        e.continue_on((train.clone(), test), standardized.clone())
            .unwrap();
        assert_eq!(e.preprocess(), &standardized);
        assert_eq!(e.generation(), 1);
        assert_eq!((e.epoch(), e.history().len()), (1, 1));
        assert_eq!(e.network(), &trained);
        assert_eq!(e.train_data(), &train);
        e.step_epoch();
        poll_until(&mut e, "epoch 2", |e| e.epoch() == 2);
        assert_eq!(e.history().len(), 2);
        assert_ne!(e.network(), &trained);
    }

    #[test]
    fn an_edited_weight_or_bias_is_trained_on_and_is_something_to_save() {
        let mut e = experiment(reference());
        e.step_epoch();
        poll_until(&mut e, "epoch 1", |e| e.epoch() == 1);
        e.save(
            &tempfile::tempdir().unwrap().path().join("m.json"),
            TrainingSettings::default(),
            DataSpec::default(),
        )
        .unwrap();
        e.set_parameter(Parameter::Weight { l: 1, j: 0, i: 2 }, 0.75)
            .unwrap();
        e.set_parameter(Parameter::Bias { l: 0, j: 1 }, -0.5)
            .unwrap();
        assert_eq!(e.network().nested_weights()[1][0][2], 0.75);
        assert_eq!(e.network().nested_biases()[0][1], -0.5);
        assert!(e.is_unsaved());
        assert_eq!((e.epoch(), e.history().len()), (1, 1), "the run goes on");
        // The worker trains the edited network.
        let edited = e.network().clone();
        e.step_batch();
        poll_until(&mut e, "one batch", |e| e.network() != &edited);
        assert!(
            (e.network().nested_weights()[1][0][2] - 0.75).abs() < 0.1,
            "trained on from the edited value"
        );
        let refused = e.set_parameter(Parameter::Bias { l: 0, j: 0 }, f64::NAN);
        assert!(refused.is_err());
        let missing = e.set_parameter(Parameter::Weight { l: 1, j: 0, i: 3 }, 1.0);
        assert!(missing.is_err(), "the output has 3 inputs");
    }

    #[test]
    fn an_edit_changes_the_network_in_place_and_the_optimizers_memory_stays() {
        let mut settings = reference_settings();
        settings.config.optimizer.kind = crate::nn::OptimizerKind::Adam;
        settings.config.batch_size = 4;
        let edit = |e: &mut Experiment| {
            e.set_parameter(Parameter::Weight { l: 0, j: 1, i: 0 }, 0.3)
                .unwrap();
            e.step_sample(5).unwrap();
        };
        let mut e = Experiment::new(reference(), settings, Arc::new(|| {})).unwrap();
        e.step_epoch();
        poll_until(&mut e, "epoch 1", |e| e.epoch() == 1);
        let before = (e.generation(), e.optimizer.step);
        edit(&mut e);
        assert_eq!(e.generation(), before.0, "the same run: no new worker job");
        assert_eq!(e.optimizer.step, before.1 + 1, "Adam counted the step");
        // The worker trained on from its own, edited, network, exactly as a run started
        // from the edited state would.
        let mut reference_run = Experiment::new(reference(), settings, Arc::new(|| {})).unwrap();
        reference_run.step_epoch();
        poll_until(&mut reference_run, "epoch 1", |e| e.epoch() == 1);
        edit(&mut reference_run);
        let start = reference_run.here_on(
            (reference_run.train.clone(), reference_run.test.clone()),
            reference_run.preprocess.clone(),
        );
        reference_run.go_on_from(start).unwrap();
        for run in [&mut e, &mut reference_run] {
            run.step_epoch();
            poll_until(run, "epoch 2", |e| e.epoch() == 2);
        }
        assert_eq!(e.network(), reference_run.network());
        assert_eq!(e.optimizer, reference_run.optimizer);
    }

    #[test]
    fn the_inspector_shows_a_samples_step_and_step_sample_takes_it() {
        let mut e = experiment(reference());
        let step = e.inspect(5).unwrap();
        assert_eq!(step.sample, 5);
        assert_eq!(step.x, e.train_data().input(5));
        assert_eq!(step.learning_rate, 0.02);
        assert!(e.inspect(600).is_none(), "past the end");
        e.step_sample(5).unwrap();
        assert_eq!(e.network().nested_weights(), step.new_weights);
        assert_eq!(e.network().nested_biases(), step.new_biases);
        assert!(e.is_unsaved());
        assert_eq!(e.epoch(), 0);
        // The reference demo trains sample 0 first: one step of it is the first batch.
        let mut online = experiment(reference());
        online.step_batch();
        poll_until(&mut online, "one batch", |e| e.sample_steps() == 1);
        let mut stepped = experiment(reference());
        stepped.step_sample(0).unwrap();
        assert_eq!(stepped.network(), online.network());
    }

    #[test]
    fn a_batch_is_inspected_and_stepped_with_the_optimizer_training_uses() {
        let mut settings = reference_settings();
        settings.config.batch_size = 10;
        settings.config.optimizer = crate::nn::Optimizer::of(crate::nn::OptimizerKind::Adam);
        settings.config.learning_rate = 0.01;
        let make = || Experiment::new(reference(), settings, Arc::new(|| {})).unwrap();
        let mut e = make();
        assert_eq!(e.batch_of(0), 0..10);
        assert_eq!(e.batch_of(19), 10..20);
        assert_eq!(e.batch_of(599), 590..600);
        let step = e.inspect_batch(e.batch_of(3)).unwrap();
        assert_eq!(step.averaged_over, 10);
        assert_eq!(step.learning_rate, 0.01);
        assert_eq!(step.optimizer.step, 1, "Adam counts its step");
        // The first batch of file-order training is samples 0–9: the worker's step is the
        // inspected one, bit for bit, moments included; so is a second one after it.
        let mut trained = make();
        trained.step_batch();
        poll_until(&mut trained, "one batch", |e| e.sample_steps() == 10);
        e.step_batch_of(3).unwrap();
        assert_eq!(e.network(), trained.network());
        assert_eq!(e.optimizer, trained.optimizer);
        assert!(e.is_unsaved());
        let second = e.inspect_batch(10..20).unwrap();
        trained.step_batch();
        poll_until(&mut trained, "two batches", |e| e.sample_steps() == 20);
        assert_eq!(&second.network, trained.network());
        // Online: one sample, with Adam too.
        let one = e.inspect_batch(e.batch_of(3).start + 3..4).unwrap();
        assert_eq!(one.averaged_over, 1);
        e.step_sample(3).unwrap();
        assert_eq!(e.network(), &one.network);
        assert!(e.inspect_batch(600..610).is_none(), "past the end");
    }

    #[test]
    fn links_that_l1_kills_are_listed_and_stay_at_zero() {
        let mut settings = reference_settings();
        settings.config.regularization = crate::nn::Regularization::L1;
        settings.config.reg_rate = 0.002;
        let mut e = Experiment::new(reference(), settings, Arc::new(|| {})).unwrap();
        assert!(e.dead_links().is_empty());
        for n in 1..=3 {
            e.step_epoch();
            poll_until(&mut e, "the epoch", |e| e.epoch() == n);
        }
        let dead = e.dead_links().to_vec();
        assert!(!dead.is_empty(), "L1 kills weights");
        assert!(dead.iter().all(|&k| e.network().weights()[k] == 0.0));
        assert_eq!(
            dead,
            e.model(TrainingSettings::default(), DataSpec::default())
                .optimizer_state
                .unwrap()
                .dead
        );
        // An edited dead link lives again; the others stay dead.
        let k = dead[0];
        let net = e.network();
        let layers = net.layers();
        let mut found = None;
        for l in 0..layers.len() - 1 {
            for j in 0..layers[l + 1] {
                for i in 0..layers[l] {
                    if net.weight_index(l, j, i) == k {
                        found = Some((l, j, i));
                    }
                }
            }
        }
        let (l, j, i) = found.unwrap();
        e.set_parameter(Parameter::Weight { l, j, i }, 0.3).unwrap();
        assert_eq!(e.dead_links(), &dead[1..]);
    }

    #[test]
    fn rewinding_goes_back_to_a_checkpoint_and_the_run_repeats_from_there() {
        let mut e = experiment(reference());
        for n in 1..=5 {
            e.step_epoch();
            poll_until(&mut e, "the epoch", |e| e.epoch() == n);
        }
        let epochs: Vec<u64> = e.checkpoints().iter().map(|c| c.epoch).collect();
        assert_eq!(epochs, [0, 1, 2, 3, 4, 5], "every early epoch");
        let losses = e.history().train_loss.clone();
        let at_two = e.checkpoints()[2].network.clone();
        e.rewind_to(2).unwrap();
        assert_eq!(e.epoch(), 2);
        assert_eq!(e.network(), &at_two);
        assert_eq!(e.history().train_loss, losses[..2]);
        assert!(e.is_unsaved());
        let epochs: Vec<u64> = e.checkpoints().iter().map(|c| c.epoch).collect();
        assert_eq!(epochs, [0, 1, 2], "later moments are forgotten");
        // The third epoch again: the same loss, bit for bit.
        e.step_epoch();
        poll_until(&mut e, "epoch 3 again", |e| e.epoch() == 3);
        assert_eq!(e.history().train_loss, losses[..3]);
        // Back to the untrained start: the reference demo's first epoch again.
        e.rewind_to(0).unwrap();
        assert_eq!(e.epoch(), 0);
        assert!(e.history().is_empty());
    }

    #[test]
    fn checkpoints_are_log_spaced_and_bounded() {
        let mut e = experiment(reference());
        for epoch in 1..=100_000 {
            e.epoch = epoch;
            if e.checkpoints.due(epoch) {
                e.checkpoint();
            }
        }
        let epochs: Vec<u64> = e.checkpoints().iter().map(|c| c.epoch).collect();
        assert!(epochs.len() <= MAX_CHECKPOINTS, "{}", epochs.len());
        assert_eq!(epochs[0], 0);
        assert!(
            epochs[epochs.len() - 1] * 108 / 100 >= 100_000,
            "{epochs:?}"
        );
        assert!(epochs.windows(2).all(|p| p[0] < p[1]));
        // Dense early, sparse late: every epoch of a few hundred is there to replay.
        let dense: Vec<u64> = (0..=DENSE_MOMENTS).collect();
        assert_eq!(epochs[..dense.len()], dense);
        assert!(epochs.iter().filter(|&&x| x > 10_000).count() < 40);
        // Taken more often than that, they thin out and stay bounded, first and newest kept.
        let mut e = experiment(reference());
        for epoch in 1..MAX_CHECKPOINTS as u64 {
            e.epoch = epoch;
            e.checkpoint();
        }
        assert_eq!(
            e.checkpoints().len(),
            MAX_CHECKPOINTS,
            "up to the bound, all kept"
        );
        e.epoch = MAX_CHECKPOINTS as u64;
        e.checkpoint();
        let epochs: Vec<u64> = e.checkpoints().iter().map(|c| c.epoch).collect();
        assert_eq!(
            epochs,
            (0..=MAX_CHECKPOINTS as u64)
                .step_by(2)
                .collect::<Vec<u64>>(),
            "every second one"
        );
        for epoch in MAX_CHECKPOINTS as u64 + 1..=3000 {
            e.epoch = epoch;
            e.checkpoint();
        }
        let epochs: Vec<u64> = e.checkpoints().iter().map(|c| c.epoch).collect();
        assert!(
            epochs.len() <= MAX_CHECKPOINTS && epochs.len() > 50,
            "{}",
            epochs.len()
        );
        assert_eq!((epochs[0], epochs[epochs.len() - 1]), (0, 3000));
    }

    #[test]
    fn a_large_networks_checkpoints_are_bounded_by_memory() {
        let layers = [2, 256, 256, 1];
        let acts = [Activation::Tanh, Activation::Tanh, Activation::Identity];
        let net = Network::new(&layers, &acts).unwrap();
        let mut e = experiment(Start::fresh(
            net,
            reference_plane(),
            Preprocess::default(),
            0,
        ));
        for epoch in 1..=400 {
            e.epoch = epoch;
            e.checkpoint();
        }
        // 66 561 parameters: about 1.6 MB a checkpoint, 64 MB hold about 40; the bound
        // is the least, 50 (thinned to every second one past it).
        let kept = e.checkpoints().len();
        assert!((25..=50).contains(&kept), "{kept}");
        assert_eq!(e.checkpoints()[0].epoch, 0, "the start stays");
    }

    #[test]
    fn data_of_another_shape_does_not_fit() {
        let e = experiment(reference());
        let mut two_targets = Dataset::new(
            vec!["x1".into(), "x2".into()],
            vec!["y1".into(), "y2".into()],
        );
        two_targets.push(&[0.0, 1.0], &[1.0, 2.0]);
        assert!(!e.fits(&two_targets, &Preprocess::default()));
        let features = Preprocess {
            features: vec![crate::data::Feature::X1],
            standardize: None,
        };
        assert!(!e.fits(e.train_data(), &features));
    }

    #[test]
    fn a_snapshot_of_a_replaced_run_is_ignored() {
        let mut e = experiment(reference());
        e.play();
        poll_until(&mut e, "training", |e| e.epoch() >= 3);
        // Snapshots of the old run, with its epochs, pile up in the channel unread.
        std::thread::sleep(Duration::from_millis(50));
        let mut fresh =
            Network::new(&[2, 3, 1], &[Activation::Tanh, Activation::Identity]).unwrap();
        fresh.initialize(Init::Xavier, &mut crate::seeded(1));
        e.pause();
        let data = (e.train_data().clone(), e.test_data().clone());
        e.reset(Start::fresh(fresh, data, Preprocess::default(), 0))
            .unwrap();
        e.step_batch();
        poll_until(&mut e, "the new run's first batch", |e| {
            e.network().activations()[0] == Activation::Tanh && e.is_unsaved()
        });
        assert_eq!(
            e.epoch(),
            0,
            "one batch of the new run, no epoch of the old one"
        );
        assert_eq!(
            e.history().len(),
            0,
            "no epoch of the old run in the history"
        );
    }

    #[test]
    fn a_saved_run_opens_where_it_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        let mut e = experiment(reference());
        for n in 1..=2 {
            e.step_epoch();
            poll_until(&mut e, "the epoch", |e| e.epoch() == n);
        }
        let training = TrainingSettings {
            config: e.settings().config,
            init: Init::Zeros,
            seed: 0,
            stop: StopRule::default(),
        };
        let data = DataSpec::default();
        e.save(&path, training, data.clone()).unwrap();
        assert!(!e.is_unsaved());

        let mut other = experiment(reference());
        let opened = open_model(&path, &data).unwrap();
        other.open(opened, reference_settings()).unwrap();
        assert_eq!(other.epoch(), 2);
        assert_eq!(other.history(), e.history());
        assert_eq!(other.network(), e.network());
        // It goes on as the saved one does.
        for x in [&mut e, &mut other] {
            x.step_epoch();
            poll_until(x, "epoch 3", |x| x.epoch() == 3);
        }
        assert_eq!(other.history(), e.history());
    }

    #[test]
    fn a_model_that_does_not_fit_its_data_is_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wide.json");
        let e = experiment(reference());
        let mut model = e.model(TrainingSettings::default(), DataSpec::default());
        model.network = Network::new(&[3, 2, 1], &[Activation::Tanh; 2]).unwrap();
        model_file::save(&model, &path).unwrap();
        let err = open_model(&path, &DataSpec::default())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert!(err.contains("take 3 inputs"), "{err}");
    }

    #[test]
    fn after_a_rewind_the_latest_figures_are_the_moments_not_blank() {
        let mut e = experiment(reference());
        for n in 1..=2 {
            e.step_epoch();
            poll_until(&mut e, "the epoch", |e| e.epoch() == n);
        }
        let i = e.checkpoints().iter().position(|c| c.epoch == 1).unwrap();
        e.rewind_to(i).unwrap();
        assert_eq!(e.latest().train_loss, Some(e.history().train_loss[0]));
        assert_eq!(e.latest().test_loss, e.history().test_loss[0]);
        assert!(e.latest().train_loss.is_some());
    }
}
