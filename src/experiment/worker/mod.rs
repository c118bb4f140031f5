//! The training thread: owns its own copy of the network and data, takes commands
//! through a channel, checks an interrupt flag between batches and sends snapshots back.

mod edit;
mod slice;

pub use edit::{Edit, Parameter};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::SeededRng;
use slice::Slice;

use crate::data::Dataset;
use crate::nn::{
    EpochReport, FitOptions, Network, OptimizerState, StopReason, StopRule, TrainConfig, Trainer,
    fit,
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
    /// Play at most this many epochs a second (`None`: as fast as the machine goes).
    Pace(Option<f64>),
    /// Change the network where training stands: no data is read again and no trainer is
    /// built; the optimizer's memory stays.
    Edit(Edit),
    /// End the thread.
    Quit,
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
/// A test set of at most this many samples is measured after each of a run's first
/// [`DENSE_EPOCHS`](crate::history::DENSE_EPOCHS) epochs.
const SMALL_TEST: usize = 10_000;
pub(super) const TEST_LOSS_EVERY: Duration = Duration::from_millis(4);

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

/// When the next epoch may start, playing at `pace` epochs a second: one period after the
/// last was due, or now when training fell behind (an epoch longer than the period), so
/// that a slow stretch is not made up for by a burst.
fn next_epoch_at(last_due: Option<Instant>, now: Instant, pace: f64) -> Instant {
    // A pace too slow for a `Duration` waits a year (until a command comes).
    let year = Duration::from_secs(365 * 86_400);
    let period = Duration::try_from_secs_f64(1.0 / pace).map_or(year, |p| p.min(year));
    match last_due {
        Some(due) if due + period > now => due + period,
        _ => now + period,
    }
}

/// What the worker is doing between commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
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
    /// Epochs a second at most while playing (`None`: as fast as it goes).
    pace: Option<f64>,
    /// When the next paced epoch may start.
    next_epoch_at: Option<Instant>,
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
            pace: None,
            next_epoch_at: None,
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
            Command::Play => {
                self.mode = Mode::Playing;
                self.next_epoch_at = None;
            }
            Command::Pause => self.mode = Mode::Paused,
            Command::StepEpoch => self.mode = Mode::UntilEpochEnd,
            Command::StepBatch => self.mode = Mode::OneBatch,
            Command::Load(job) => {
                let (steps, stop_at, rule) = (self.steps, self.stop_at, self.trainer.stop_rule());
                let pace = self.pace;
                *self = State::new(*job, self.generation + 1);
                self.steps = steps;
                self.stop_at = stop_at;
                self.pace = pace;
                self.trainer.set_stop_rule(rule);
            }
            Command::Pace(pace) => {
                self.pace = pace.filter(|p| p.is_finite() && *p > 0.0);
                self.next_epoch_at = None;
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
    /// Returns `true` when a paced epoch ended (its snapshot goes out at once).
    fn train_slice(&mut self, interrupt: &AtomicBool, slice: Duration) -> bool {
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
            paced: self.mode == Mode::Playing && self.pace.is_some(),
            epoch_ended: false,
            small_test: self.test.len() <= SMALL_TEST,
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
        let epoch_ended = observer.epoch_ended;
        if let (true, Some(pace)) = (epoch_ended, self.pace) {
            self.next_epoch_at = Some(next_epoch_at(self.next_epoch_at, Instant::now(), pace));
        }
        self.stopped = outcome.stopped;
        self.steps += (self.epoch() * n + self.trainer.position() as u64) - done_before;
        if self.new_epochs.len() > 100_000 {
            // The UI is not draining (a minimised window): keep the newest.
            self.new_epochs.drain(..50_000);
        }
        epoch_ended
    }

    /// How long the worker may wait for a command before training on: for ever when
    /// paused, until the next epoch is due when playing at a pace, not at all otherwise.
    fn idle(&self, now: Instant) -> Option<Option<Duration>> {
        match (self.mode, self.next_epoch_at) {
            (Mode::Paused, _) => Some(None),
            (Mode::Playing, Some(at)) if self.pace.is_some() && at > now => Some(Some(at - now)),
            _ => None,
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
                let next = match self.idle(Instant::now()) {
                    Some(None) => commands.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    Some(Some(wait)) => commands.recv_timeout(wait),
                    None => commands.try_recv().map_err(|e| match e {
                        TryRecvError::Empty => RecvTimeoutError::Timeout,
                        TryRecvError::Disconnected => RecvTimeoutError::Disconnected,
                    }),
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
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            if self.train.is_empty() {
                // Nothing to train on: say so by pausing.
                self.mode = Mode::Paused;
                let _ = events.send(self.snapshot());
                wake();
                continue;
            }

            let epoch_ended = self.train_slice(&interrupt, slice);
            if self.mode == Mode::Paused || epoch_ended || last_snapshot.elapsed() >= slice {
                last_snapshot = Instant::now();
                if events.send(self.snapshot()).is_err() {
                    return;
                }
                wake();
            }
        }
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
    const WAIT: Duration = Duration::from_secs(60);

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
        worker.send(Command::Pause);
        // The pause is taken between batches: inside the first epoch of two million
        // samples, whatever the machine's speed (its latency is `gui --stats`' business).
        let paused = wait_for(&worker, &mut Vec::new(), |s| !s.playing);
        assert_eq!(paused.epoch, 0, "paused inside the first epoch");
        assert!(paused.sample_steps < 2_000_000);
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

    #[test]
    fn paced_epochs_keep_their_schedule_and_a_slow_one_is_not_made_up_for() {
        let t0 = Instant::now();
        let ms = |n| Duration::from_millis(n);
        // 20 epochs a second: one every 50 ms.
        assert_eq!(next_epoch_at(None, t0, 20.0), t0 + ms(50));
        assert_eq!(next_epoch_at(Some(t0), t0 + ms(10), 20.0), t0 + ms(50));
        // An epoch that ended after its successor was due: the next one period from now.
        assert_eq!(next_epoch_at(Some(t0), t0 + ms(80), 20.0), t0 + ms(130));
        // A pace too slow to say in a Duration waits a year.
        assert_eq!(
            next_epoch_at(None, t0, 1e-300),
            t0 + Duration::from_secs(365 * 86_400)
        );
    }

    #[test]
    fn playing_at_a_pace_trains_one_epoch_then_waits_for_the_next_to_be_due() {
        let worker = Worker::spawn(job(1), Arc::new(|| {}));
        let mut records = Vec::new();
        // One epoch in a thousand seconds: the first comes at once, the second not today.
        worker.send(Command::Pace(Some(0.001)));
        worker.send(Command::Play);
        let first = wait_for(&worker, &mut records, |s| s.epoch == 1);
        assert!(first.playing, "still playing, waiting for the next epoch");
        worker.send(Command::Pause);
        let paused = wait_for(&worker, &mut records, |s| !s.playing);
        assert_eq!(paused.epoch, 1);
        assert_eq!(records.len(), 1);
        assert!(records[0].test_loss.is_some(), "a paced epoch is measured");
        // Back to full speed: playing trains on at once.
        worker.send(Command::Pace(None));
        worker.send(Command::Play);
        wait_for(&worker, &mut records, |s| s.epoch >= 3);
    }

    #[test]
    fn at_full_speed_every_epoch_the_history_keeps_has_its_test_loss() {
        let worker = Worker::spawn(job(10), Arc::new(|| {}));
        let mut records = Vec::new();
        worker.send(Command::Play);
        wait_for(&worker, &mut records, |s| s.epoch >= 40);
        worker.send(Command::Pause);
        wait_for(&worker, &mut records, |s| !s.playing);
        assert!(records.len() >= 40);
        for r in &records {
            assert!(r.test_loss.is_some(), "epoch {} has no test loss", r.epoch);
        }
    }
}
