//! The training thread: owns its own copy of the network and data, takes commands
//! through a channel, checks an interrupt flag between batches and sends snapshots back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::SeededRng;

use crate::data::Dataset;
use crate::nn::{
    EpochReport, FitOptions, Flow, Network, Observer, OptimizerState, StopReason, StopRule,
    TrainConfig, Trainer, fit,
};

/// What the UI asks of the worker.
#[derive(Debug)]
pub enum Command {
    /// Train continuously.
    Play,
    /// Stop training after the current batch.
    Pause,
    /// Train until the current epoch ends (a whole epoch when between epochs), then pause.
    StepEpoch,
    /// Train one batch, then pause.
    StepBatch,
    /// Start over with this network, data and settings; epoch 0, paused.
    Load(Box<Job>),
    /// Change batch size, learning rate or shuffling from the next batch on.
    Configure(TrainConfig),
    /// Pause after this epoch (`None`: never).
    StopAt(Option<u64>),
    /// Pause at a loss threshold or when the test loss stops improving.
    StopRule(StopRule),
    /// Change the network where training stands: no data is read again and no trainer is
    /// built; the optimizer's memory stays.
    Edit(Edit),
    /// End the thread.
    Quit,
}

/// One weight or bias, by layer: `l` counts the layers of weights (0 feeds the first
/// hidden layer), `j` the node it feeds, `i` the node it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parameter {
    /// The weight from node `i` of layer `l` into node `j` of layer `l + 1`.
    Weight {
        /// Layer of weights.
        l: usize,
        /// The node it feeds.
        j: usize,
        /// The node it comes from.
        i: usize,
    },
    /// The bias of node `j` of layer `l + 1`.
    Bias {
        /// Layer of weights.
        l: usize,
        /// The node.
        j: usize,
    },
}

/// A change the user makes to the network where training stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Sets one weight or bias; an edited dead link lives again.
    Set(Parameter, f64),
    /// Trains these training samples (file order) as one batch with the settings in use:
    /// the step inspector's Step sample and Step batch.
    Step(std::ops::Range<usize>),
}

impl Edit {
    /// Makes the edit on `net`, with the optimizer of `trainer` (its memory: dead links,
    /// moments) on the samples as the network sees them, `train`.
    pub fn apply(&self, net: &mut Network, trainer: &mut Trainer, train: &Dataset) {
        match *self {
            Edit::Set(Parameter::Weight { l, j, i }, value) => {
                net.set_weight(l, j, i, value);
                let k = net.weight_index(l, j, i);
                if trainer.optimizer_state().dead.contains(&k) {
                    let mut state = trainer.optimizer_state().clone();
                    state.dead.retain(|&d| d != k);
                    trainer.set_optimizer_state(state);
                }
            }
            Edit::Set(Parameter::Bias { l, j }, value) => net.set_bias(l, j, value),
            Edit::Step(ref range) => {
                let which: Vec<usize> = range.clone().filter(|&k| k < train.len()).collect();
                if !which.is_empty() {
                    trainer.train_samples(net, train, &which);
                }
            }
        }
    }
}

/// Everything a training run needs.
#[derive(Clone, Debug)]
pub struct Job {
    /// The network to train (the worker trains its own copy).
    pub network: Network,
    /// Training samples.
    pub train: Dataset,
    /// Test samples (may be empty).
    pub test: Dataset,
    /// Batch size, learning rate, shuffling.
    pub config: TrainConfig,
    /// The shuffling generator to start from.
    pub rng: SeededRng,
    /// Epochs already trained (a loaded model's count).
    pub epoch: u64,
    /// The optimizer's memory to start from (a loaded model's).
    pub optimizer_state: OptimizerState,
}

/// What the worker tells the UI.
#[derive(Debug)]
pub enum Event {
    /// The state of training now.
    Snapshot(Box<Snapshot>),
}

/// The worker's state, sent at most about 60 times a second while training, and whenever
/// it pauses.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The network as trained so far.
    pub network: Network,
    /// Epochs finished.
    pub epoch: u64,
    /// `true` while training continuously.
    pub playing: bool,
    /// Epochs finished since the last snapshot, oldest first. The test set (and the
    /// training set's metrics) are measured at most a few hundred times a second, so that
    /// measuring never slows training much; every epoch while a stop rule watches the test
    /// loss, and always at a pause.
    pub new_epochs: Vec<EpochReport>,
    /// Sample steps (forward + back-propagation) done since the worker started.
    pub sample_steps: u64,
    /// Samples trained in the current epoch so far (0 between epochs).
    pub position: usize,
    /// A number that changes with every [`Command::Load`], so that stale snapshots can be
    /// told apart.
    pub generation: u64,
    /// Edits made since the last [`Command::Load`]: a snapshot that has not seen the
    /// latest edit holds the network from before it.
    pub edits: u64,
    /// The optimizer's memory, for saving.
    pub optimizer_state: OptimizerState,
    /// The shuffling generator's state, for saving.
    pub rng: SeededRng,
    /// Why training paused by itself, if it just did.
    pub stopped: Option<StopReason>,
}

/// Handle to the training thread. Dropping it stops and joins the thread.
pub struct Worker {
    commands: Sender<Command>,
    events: Receiver<Event>,
    interrupt: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// How the worker wakes the UI (egui's `request_repaint` in the app, nothing in tests).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

const SNAPSHOT_EVERY: Duration = Duration::from_millis(16);
const TEST_LOSS_EVERY: Duration = Duration::from_millis(4);

impl Worker {
    /// Starts the thread, paused, with `job`.
    pub fn spawn(job: Job, wake: Waker) -> Self {
        Self::spawn_with_slice(job, wake, SNAPSHOT_EVERY)
    }

    /// Starts the thread with another time slice: how long it trains between snapshots
    /// when no command arrives. (Tests set a long one to show that commands do not wait
    /// for it.)
    pub fn spawn_with_slice(job: Job, wake: Waker, slice: Duration) -> Self {
        let (commands, command_rx) = mpsc::channel();
        let (event_tx, events) = mpsc::channel();
        let interrupt = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&interrupt);
        let thread = std::thread::Builder::new()
            .name("scratchnet-trainer".into())
            .spawn(move || {
                let mut state = State::new(job, 0);
                state.run(command_rx, event_tx, flag, wake, slice);
            })
            .expect("the trainer thread starts");
        Worker {
            commands,
            events,
            interrupt,
            thread: Some(thread),
        }
    }

    /// Sends a command; the worker takes it up after its current batch.
    pub fn send(&self, command: Command) {
        // A send fails only when the thread has ended; then there is nothing to tell.
        let _ = self.commands.send(command);
        // The flag goes up after the command is in the channel: a worker that sees it
        // finds the command waiting (raised first, the worker could look before it arrives
        // and train on for a whole slice).
        self.interrupt.store(true, Ordering::Release);
    }

    /// The next waiting event, if any (never blocks).
    pub fn try_recv(&self) -> Option<Event> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for an event (for tests and shutdown).
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Event> {
        self.events.recv_timeout(timeout).ok()
    }
}

/// The longest dropping a [`Worker`] waits for its thread to end.
const QUIT_WAIT: Duration = Duration::from_secs(2);

impl Drop for Worker {
    /// Tells the thread to end and waits for it (the worker takes commands between
    /// batches). A thread that does not end within [`QUIT_WAIT`] — one batch of a huge
    /// full-batch epoch, or a broken trainer under test — is left to end with the process,
    /// so that closing the window, or a failing test, never hangs.
    fn drop(&mut self) {
        self.send(Command::Quit);
        if let Some(t) = self.thread.take() {
            let deadline = Instant::now() + QUIT_WAIT;
            while !t.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(1));
            }
            if t.is_finished() {
                let _ = t.join();
            }
        }
    }
}

/// What the worker is doing between commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Paused,
    Playing,
    UntilEpochEnd,
    OneBatch,
}

struct State {
    network: Network,
    train: Dataset,
    test: Dataset,
    trainer: Trainer,
    rng: SeededRng,
    mode: Mode,
    stop_at: Option<u64>,
    new_epochs: Vec<EpochReport>,
    steps: u64,
    generation: u64,
    edits: u64,
    last_test: Option<Instant>,
    /// How long the last measurement of the test set took.
    eval_cost: Duration,
    stopped: Option<StopReason>,
}

impl State {
    fn new(job: Job, generation: u64) -> Self {
        let Job {
            network,
            train,
            test,
            config,
            rng,
            epoch,
            optimizer_state,
        } = job;
        let config = if config.validate().is_ok() {
            config
        } else {
            TrainConfig::default()
        };
        let mut trainer =
            Trainer::new(&network, config, &train).expect("a validated configuration is accepted");
        trainer.set_optimizer_state(optimizer_state);
        trainer.set_epoch(epoch as usize);
        State {
            network,
            train,
            test,
            trainer,
            rng,
            mode: Mode::Paused,
            stop_at: None,
            new_epochs: Vec::new(),
            steps: 0,
            generation,
            edits: 0,
            last_test: None,
            eval_cost: Duration::ZERO,
            stopped: None,
        }
    }

    fn epoch(&self) -> u64 {
        self.trainer.epoch() as u64
    }

    fn snapshot(&mut self) -> Event {
        Event::Snapshot(Box::new(Snapshot {
            network: self.network.clone(),
            epoch: self.epoch(),
            playing: self.mode == Mode::Playing,
            new_epochs: std::mem::take(&mut self.new_epochs),
            sample_steps: self.steps,
            position: self.trainer.position(),
            generation: self.generation,
            edits: self.edits,
            optimizer_state: self.trainer.optimizer_state().clone(),
            rng: self.rng.clone(),
            stopped: self.stopped.take(),
        }))
    }

    /// Applies one command; returns `false` on Quit.
    fn apply(&mut self, command: Command) -> bool {
        match command {
            Command::Play => self.mode = Mode::Playing,
            Command::Pause => self.mode = Mode::Paused,
            Command::StepEpoch => self.mode = Mode::UntilEpochEnd,
            Command::StepBatch => self.mode = Mode::OneBatch,
            Command::Load(job) => {
                let (steps, stop_at, rule) = (self.steps, self.stop_at, self.trainer.stop_rule());
                *self = State::new(*job, self.generation + 1);
                self.steps = steps;
                self.stop_at = stop_at;
                self.trainer.set_stop_rule(rule);
            }
            Command::Configure(config) => {
                // The UI checks settings before sending them; a bad one is ignored.
                let _ = self.trainer.set_config(config);
            }
            Command::StopAt(epoch) => self.stop_at = epoch,
            Command::StopRule(rule) => self.trainer.set_stop_rule(rule),
            Command::Edit(edit) => {
                edit.apply(&mut self.network, &mut self.trainer, &self.train);
                self.edits += 1;
            }
            Command::Quit => return false,
        }
        true
    }

    /// Trains through the shared loop ([`fit`]) until a command arrives, `slice` has
    /// passed, or the mode's unit (a batch, the epoch) is done; pauses when it is.
    fn train_slice(&mut self, interrupt: &AtomicBool, slice: Duration) {
        let n = self.train.len() as u64;
        let done_before = self.epoch() * n + self.trainer.position() as u64;
        let mut observer = Slice {
            mode: self.mode,
            stop_at: self.stop_at,
            interrupt,
            started: Instant::now(),
            slice,
            batches: 0,
            unit_done: false,
            last_test: &mut self.last_test,
            eval_cost: &mut self.eval_cost,
            eval_started: None,
            records: &mut self.new_epochs,
        };
        let test = (!self.test.is_empty()).then_some(&self.test);
        let options = FitOptions {
            epochs: usize::MAX,
            train_metrics: true,
        };
        let outcome = fit(
            &mut self.network,
            &mut self.trainer,
            &self.train,
            test,
            options,
            &mut self.rng,
            &mut observer,
        );
        if observer.unit_done || outcome.stopped.is_some() {
            self.mode = Mode::Paused;
        }
        self.stopped = outcome.stopped;
        self.steps += (self.epoch() * n + self.trainer.position() as u64) - done_before;
        if self.new_epochs.len() > 100_000 {
            // The UI is not draining (a minimised window): keep the newest.
            self.new_epochs.drain(..50_000);
        }
    }

    fn run(
        &mut self,
        commands: Receiver<Command>,
        events: Sender<Event>,
        interrupt: Arc<AtomicBool>,
        wake: Waker,
        slice: Duration,
    ) {
        let mut last_snapshot = Instant::now();
        loop {
            // Take every waiting command; block for one when there is nothing to do.
            interrupt.store(false, Ordering::Release);
            loop {
                let next = if self.mode == Mode::Paused {
                    commands.recv().map_err(|_| TryRecvError::Disconnected)
                } else {
                    commands.try_recv()
                };
                match next {
                    Ok(command) => {
                        if !self.apply(command) {
                            return;
                        }
                        if self.mode == Mode::Paused {
                            let _ = events.send(self.snapshot());
                            wake();
                        }
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => return,
                }
            }
            if self.train.is_empty() {
                // Nothing to train on: say so by pausing.
                self.mode = Mode::Paused;
                let _ = events.send(self.snapshot());
                wake();
                continue;
            }

            self.train_slice(&interrupt, slice);
            if self.mode == Mode::Paused || last_snapshot.elapsed() >= slice {
                last_snapshot = Instant::now();
                if events.send(self.snapshot()).is_err() {
                    return;
                }
                wake();
            }
        }
    }
}

/// The worker's view of one time slice of [`fit`]: it stops the loop for a command, at
/// the end of the slice or when the mode's unit is done, asks for measurements a few
/// hundred times a second, and keeps the epochs' reports for the next snapshot.
struct Slice<'a> {
    mode: Mode,
    stop_at: Option<u64>,
    interrupt: &'a AtomicBool,
    started: Instant,
    slice: Duration,
    batches: u32,
    /// The step (one batch, the rest of the epoch) or the stop epoch was reached.
    unit_done: bool,
    last_test: &'a mut Option<Instant>,
    /// How long the last measurement took: measurements are spaced by four times that, so
    /// that measuring a large test set takes at most a fifth of the worker's time.
    eval_cost: &'a mut Duration,
    /// When the measurement asked for in this epoch began.
    eval_started: Option<Instant>,
    records: &'a mut Vec<EpochReport>,
}

impl Slice<'_> {
    /// `true` when the worker pauses after `epoch` whatever it measured.
    fn pauses_after(&self, epoch: usize) -> bool {
        self.mode != Mode::Playing || self.stop_at.is_some_and(|s| epoch as u64 >= s)
    }
}

impl Observer for Slice<'_> {
    fn should_stop(&mut self) -> bool {
        if self.unit_done || (self.mode == Mode::OneBatch && self.batches == 1) {
            self.unit_done = true;
            return true;
        }
        let stop = self.batches > 0
            && (self.interrupt.load(Ordering::Acquire)
                || (self.batches.is_multiple_of(64) && self.started.elapsed() >= self.slice));
        self.batches += 1;
        stop
    }

    fn wants_evaluation(&mut self, epoch: usize) -> bool {
        let now = Instant::now();
        let every = TEST_LOSS_EVERY.max(*self.eval_cost * 4);
        let due = self
            .last_test
            .is_none_or(|t| now.duration_since(t) >= every);
        let measure = due || self.pauses_after(epoch);
        if measure {
            *self.last_test = Some(now);
            self.eval_started = Some(now);
        }
        measure
    }

    fn interrupted(&mut self) -> bool {
        self.interrupt.load(Ordering::Acquire)
    }

    fn epoch_done(&mut self, _: &Network, report: &EpochReport) -> Flow {
        if let Some(started) = self.eval_started.take() {
            *self.eval_cost = started.elapsed();
        }
        self.records.push(*report);
        let step_done = self.mode == Mode::UntilEpochEnd;
        let reached = self.stop_at.is_some_and(|s| report.epoch as u64 >= s);
        if step_done || reached {
            self.unit_done = true;
            return Flow::Stop;
        }
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::reference_plane;

    fn job(batch_size: usize) -> Job {
        let (train, test) = reference_plane();
        let layers = [2, 3, 1];
        Job {
            network: Network::new(&layers, &Network::reference_activations(&layers)).unwrap(),
            train,
            test,
            config: TrainConfig {
                batch_size,
                learning_rate: 0.02,
                shuffle: false,
                ..TrainConfig::default()
            },
            rng: crate::seeded(0),
            epoch: 0,
            optimizer_state: OptimizerState::default(),
        }
    }

    /// The longest a test waits for the worker: far more than any of them needs, and
    /// short enough that a broken trainer fails the test instead of hanging it.
    const WAIT: Duration = Duration::from_secs(10);

    /// Waits for snapshots until one satisfies `done`, collecting every epoch record.
    fn wait_for(
        worker: &Worker,
        records: &mut Vec<EpochReport>,
        done: impl Fn(&Snapshot) -> bool,
    ) -> Snapshot {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Some(Event::Snapshot(s)) = worker.recv_timeout(Duration::from_millis(100)) {
                records.extend_from_slice(&s.new_epochs);
                if done(&s) {
                    return *s;
                }
            }
        }
        panic!("the worker did not get there in {WAIT:?}");
    }

    #[test]
    fn dropping_the_worker_ends_its_thread_before_returning() {
        let alive = Arc::new(());
        let witness = Arc::clone(&alive);
        let worker = Worker::spawn(
            job(1),
            Arc::new(move || {
                let _ = &witness;
            }),
        );
        worker.send(Command::Play);
        std::thread::sleep(Duration::from_millis(20));
        drop(worker);
        // The waker lives in the thread: it is gone once the thread has ended.
        assert_eq!(
            Arc::strong_count(&alive),
            1,
            "the training thread still runs"
        );
    }

    #[test]
    fn stepping_epochs_on_the_worker_reproduces_the_reference_numbers() {
        let worker = Worker::spawn(job(4), Arc::new(|| {}));
        let mut records = Vec::new();
        worker.send(Command::StopAt(Some(100)));
        worker.send(Command::Play);
        let s = wait_for(&worker, &mut records, |s| s.epoch == 100 && !s.playing);
        assert_eq!(records.len(), 100, "every epoch is reported once");
        assert_eq!(records[0].train_loss, 0.12149193321487854);
        assert_eq!(records[99].train_loss, 0.0006759402849880302);
        assert_eq!(
            records[99].test_loss,
            Some(0.0007022832958805394),
            "the stopping epoch is measured"
        );
        assert_eq!(s.sample_steps, 100 * 600);
    }

    #[test]
    fn pause_stops_training_and_play_resumes_it() {
        let worker = Worker::spawn(job(1), Arc::new(|| {}));
        let mut records = Vec::new();
        worker.send(Command::Play);
        wait_for(&worker, &mut records, |s| s.epoch >= 3);
        worker.send(Command::Pause);
        let paused = wait_for(&worker, &mut records, |s| !s.playing);
        std::thread::sleep(Duration::from_millis(100));
        while let Some(Event::Snapshot(s)) = worker.try_recv() {
            assert_eq!(s.epoch, paused.epoch, "no epoch after the pause");
        }
        worker.send(Command::Play);
        wait_for(&worker, &mut records, |s| s.epoch > paused.epoch + 2);
    }

    #[test]
    fn one_batch_step_trains_exactly_one_batch_and_one_epoch_step_finishes_the_epoch() {
        let worker = Worker::spawn(job(4), Arc::new(|| {}));
        let mut records = Vec::new();
        worker.send(Command::StepBatch);
        let s = wait_for(&worker, &mut records, |s| s.sample_steps > 0);
        assert_eq!((s.sample_steps, s.epoch), (4, 0));
        worker.send(Command::StepEpoch);
        let s = wait_for(&worker, &mut records, |s| s.epoch == 1);
        assert_eq!(
            s.sample_steps, 600,
            "the rest of the epoch, not a whole new one"
        );
        assert!(!s.playing);
    }

    #[test]
    fn load_starts_over_with_a_new_generation() {
        let worker = Worker::spawn(job(4), Arc::new(|| {}));
        let mut records = Vec::new();
        worker.send(Command::StepEpoch);
        wait_for(&worker, &mut records, |s| s.epoch == 1);
        worker.send(Command::Load(Box::new(job(600))));
        let s = wait_for(&worker, &mut records, |s| s.generation == 1);
        assert_eq!(s.epoch, 0);
        assert!(s.network.weights().iter().all(|&w| w == 0.0));
    }

    #[test]
    fn pause_takes_effect_after_the_current_batch_of_a_huge_epoch() {
        // One epoch of 2 000 000 samples in batches of 1, and a time slice of a minute: the
        // pause must come from the interrupt flag, checked between batches, not from the
        // end of the epoch or of the slice.
        let mut big = job(1);
        let mut train = Dataset::planar();
        for i in 0..2_000_000 {
            let x = (i % 100) as f64 / 10.0 - 5.0;
            train.push(&[x, -x], &[0.0]);
        }
        big.train = train;
        let worker = Worker::spawn_with_slice(big, Arc::new(|| {}), Duration::from_secs(60));
        // One batch first, so that the worker is up and waiting before Play.
        worker.send(Command::StepBatch);
        wait_for(&worker, &mut Vec::new(), |s| s.sample_steps == 1);
        worker.send(Command::Play);
        std::thread::sleep(Duration::from_millis(50));
        let sent = Instant::now();
        worker.send(Command::Pause);
        let paused = loop {
            let left = Duration::from_secs(5).saturating_sub(sent.elapsed());
            assert!(!left.is_zero(), "no pause 5 s after Pause was sent");
            if let Some(Event::Snapshot(s)) = worker.recv_timeout(left)
                && !s.playing
            {
                break s;
            }
        };
        let latency = sent.elapsed();
        assert_eq!(paused.epoch, 0, "paused inside the first epoch");
        assert!(paused.sample_steps < 2_000_000);
        assert!(
            latency < Duration::from_millis(500),
            "the pause took {latency:?}"
        );
    }

    #[test]
    fn a_loss_threshold_pauses_the_worker_by_itself() {
        let worker = Worker::spawn(job(1), Arc::new(|| {}));
        let mut records = Vec::new();
        worker.send(Command::StopRule(StopRule {
            loss_below: Some(0.01),
            ..StopRule::default()
        }));
        worker.send(Command::Play);
        let s = wait_for(&worker, &mut records, |s| s.stopped.is_some());
        assert_eq!(s.stopped, Some(StopReason::LossReached));
        assert!(!s.playing);
        let last = records.last().unwrap();
        assert!(last.test_loss.unwrap() <= 0.01);
        let before: Vec<_> = records[..records.len() - 1]
            .iter()
            .filter_map(|r| r.test_loss)
            .collect();
        assert!(
            before.iter().all(|&l| l > 0.01),
            "it stopped at the first epoch below"
        );
    }
}
