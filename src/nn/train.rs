//! The epoch loop: shuffle, accumulate a batch's gradients, average, update.

use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use super::kernels::{Isa, Kernels, Samples};
use super::metrics::evaluate_with;
use super::stop::{Divergence, NotFinite, StopReason, StopRule, Stopper};
use super::{
    Cache, Evaluation, Gradients, Loss, Network, NnError, Objective, Optimizer, OptimizerKind,
    OptimizerState, Regularization, Schedule, evaluate_all,
};
use crate::data::Dataset;

/// How to train: the reference's three hyper-parameters, and what goes beyond them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    /// Samples per update: 1 is online learning, ≥ the sample count is full batch.
    pub batch_size: usize,
    /// The step size of every update (at epoch 0, when a schedule changes it).
    pub learning_rate: f64,
    /// Visit the samples in a new random order each epoch (off: file order).
    pub shuffle: bool,
    /// The update rule (SGD: the reference).
    pub optimizer: Optimizer,
    /// The loss (half squared error: the reference).
    pub loss: Loss,
    /// Penalty on large weights, applied after each update.
    pub regularization: Regularization,
    /// Strength of the penalty.
    pub reg_rate: f64,
    /// How the learning rate changes with the epoch.
    pub schedule: Schedule,
    /// TensorFlow Playground's step: an epoch's last batch, when smaller than the batch
    /// size, is not applied at the epoch's end; its gradients are carried into the next
    /// epoch's first batch, and averaged with it (off: the reference's own update).
    #[serde(skip_serializing_if = "is_false")]
    pub carry_remainder: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Default for TrainConfig {
    /// The reference demo's settings (online learning, lr 0.02, shuffled).
    fn default() -> Self {
        TrainConfig {
            batch_size: 1,
            learning_rate: 0.02,
            shuffle: true,
            optimizer: Optimizer::default(),
            loss: Loss::default(),
            regularization: Regularization::None,
            reg_rate: 0.0,
            schedule: Schedule::Constant,
            carry_remainder: false,
        }
    }
}

impl TrainConfig {
    /// Checks that the settings can train at all.
    pub fn validate(&self) -> Result<(), NnError> {
        if self.batch_size == 0 {
            return Err(NnError::ZeroBatch);
        }
        if !self.learning_rate.is_finite() || self.learning_rate < 0.0 {
            return Err(NnError::BadLearningRate(self.learning_rate));
        }
        if !self.reg_rate.is_finite() || self.reg_rate < 0.0 {
            return Err(NnError::OutOfRange(format!(
                "the regularization rate must be a finite number ≥ 0, got {}",
                self.reg_rate
            )));
        }
        self.optimizer.validate()?;
        self.schedule.validate()
    }
}

/// What one finished epoch measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochReport {
    /// 1 for the first epoch.
    pub epoch: usize,
    /// Mean per-output loss over the epoch's samples, each taken while the weights moved.
    pub train_loss: f64,
    /// Mean per-output loss over the test set with the weights frozen after the epoch.
    pub test_loss: Option<f64>,
    /// Metrics on the training set with the weights frozen after the epoch, when asked for.
    pub train_eval: Option<Evaluation>,
    /// Loss and metrics on the test set with the weights frozen after the epoch.
    pub test_eval: Option<Evaluation>,
}

/// Whether training goes on after an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Train the next epoch.
    Continue,
    /// Stop now.
    Stop,
}

/// Somebody who listens to a training run: a printer, a progress bar, a GUI worker.
/// The loop reports to it and never knows who it is.
pub trait Observer {
    /// Called after every epoch with the network as it is now.
    fn epoch_done(&mut self, net: &Network, report: &EpochReport) -> Flow;

    /// Asked between batches: `true` ends the run before the next batch.
    fn should_stop(&mut self) -> bool {
        false
    }

    /// Asked when epoch `epoch` has ended: measure the test set (and, when asked for, the
    /// training set's metrics) now? A stop rule that watches the test loss has it measured
    /// every epoch whatever this says.
    fn wants_evaluation(&mut self, epoch: usize) -> bool {
        let _ = epoch;
        true
    }

    /// Asked during a measurement, every few thousand samples: `true` gives it up (the
    /// epoch is then reported unmeasured), so that a pause waits for no large test set.
    fn interrupted(&mut self) -> bool {
        false
    }
}

/// The state of a training run that can go on one batch at a time: its scratch buffers,
/// the epoch's visiting order and how far the epoch has come.
///
/// Everything the per-sample loop touches is allocated here once.
#[derive(Clone, Debug)]
pub struct Trainer {
    config: TrainConfig,
    objective: Objective,
    optimizer: OptimizerState,
    /// The weights before an update, for regularization.
    before: Vec<f64>,
    /// Links that died in the current update.
    died: Vec<usize>,
    /// The learning rate of the current epoch.
    rate: f64,
    cache: Cache,
    grads: Gradients,
    order: Vec<usize>,
    /// Index into `order` of the next sample; 0 means an epoch is about to start.
    cursor: usize,
    /// Sum of the per-sample losses of the epoch so far.
    loss_sum: f64,
    /// Epochs finished.
    epoch: usize,
    /// When the run stops by itself, and the best weights so far.
    stopper: Stopper,
    /// The last batch trained, when it diverged.
    diverged: Option<Divergence>,
    /// The loops the batches are trained with.
    kernels: Kernels,
}

impl Trainer {
    /// A trainer for `net` on the training set `data`.
    pub fn new(net: &Network, config: TrainConfig, data: &Dataset) -> Result<Self, NnError> {
        let output = net.activations()[net.activations().len() - 1];
        let mut trainer =
            Self::with_objective(net, config, Objective::new(config.loss, output, data))?;
        trainer.order = (0..data.len()).collect();
        Ok(trainer)
    }

    /// A trainer for `net` with its loss already bound to the data (see [`Objective::new`]).
    pub fn with_objective(
        net: &Network,
        config: TrainConfig,
        objective: Objective,
    ) -> Result<Self, NnError> {
        config.validate()?;
        Ok(Trainer {
            config,
            objective,
            optimizer: OptimizerState::default(),
            before: Vec::new(),
            died: Vec::new(),
            rate: config.learning_rate,
            cache: net.cache(),
            grads: net.gradients(),
            order: Vec::new(),
            cursor: 0,
            loss_sum: 0.0,
            epoch: 0,
            stopper: Stopper::default(),
            diverged: None,
            kernels: Kernels::new(Isa::detect()),
        })
    }

    /// Trains the samples `which` of `data` as one batch, apart from the epoch's order: each
    /// through forward and back-propagation, then the update `train_batch` makes at a
    /// batch's end (this trainer's optimizer, regularization and dead links, at the
    /// current epoch's learning rate). Returns the batch's summed loss and its gradient
    /// summed over the samples, as they were before the update averaged them.
    pub fn train_samples(
        &mut self,
        net: &mut Network,
        data: &Dataset,
        which: &[usize],
    ) -> (f64, Gradients) {
        let mut loss = 0.0;
        for &i in which {
            net.forward(data.input(i), &mut self.cache);
            loss += net.backward(
                &self.objective,
                data.target(i),
                &mut self.cache,
                &mut self.grads,
            );
        }
        let summed = self.grads.clone();
        if !which.is_empty() {
            self.update(net, which.len() * net.n_outputs());
        }
        (loss, summed)
    }

    /// The instruction set the batches are trained with ([`Isa::detect`] at first).
    pub fn isa(&self) -> Isa {
        self.kernels.isa()
    }

    /// Trains with the loops of `isa` from now on (the plain ones where this machine cannot
    /// run it): the numbers are the same, only the speed differs.
    pub fn set_isa(&mut self, isa: Isa) {
        self.kernels = Kernels::new(isa);
    }

    /// The learning rate of the current epoch's updates.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// When the run is to stop by itself. A new rule starts watching afresh; the rule
    /// already in use keeps its watch (the best loss, its weights, the patience count).
    pub fn set_stop_rule(&mut self, rule: StopRule) {
        if rule != self.stopper.rule() {
            self.stopper = Stopper::new(rule);
        }
    }

    /// The stop rule in use.
    pub fn stop_rule(&self) -> StopRule {
        self.stopper.rule()
    }

    /// Samples trained in the current epoch so far.
    pub fn position(&self) -> usize {
        self.cursor
    }

    /// The settings in use.
    pub fn config(&self) -> TrainConfig {
        self.config
    }

    /// Changes the settings; they take effect with the next batch. A new optimizer starts
    /// with an empty state.
    pub fn set_config(&mut self, config: TrainConfig) -> Result<(), NnError> {
        config.validate()?;
        if config.optimizer.kind != self.config.optimizer.kind {
            self.optimizer.forget_moments();
        }
        self.objective = self.objective.with_loss(config.loss);
        self.rate = config
            .schedule
            .rate(config.learning_rate, self.epoch as u64);
        self.config = config;
        Ok(())
    }

    /// The loss bound to this network and data.
    pub fn objective(&self) -> &Objective {
        &self.objective
    }

    /// The optimizer's memory (momentum buffers, moments), for saving.
    pub fn optimizer_state(&self) -> &OptimizerState {
        &self.optimizer
    }

    /// Restores the optimizer's memory (a resumed run continues identically), with the
    /// gradients a TF step carried, when they fit this network.
    pub fn set_optimizer_state(&mut self, mut state: OptimizerState) {
        state.carried.restore(&mut self.grads);
        self.optimizer = state;
    }

    /// Epochs finished so far.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Sets the epoch counter (for a run resumed from a saved model).
    pub fn set_epoch(&mut self, epoch: usize) {
        self.epoch = epoch;
    }

    /// `true` between epochs, `false` while an epoch is part-way through.
    pub fn at_epoch_start(&self) -> bool {
        self.cursor == 0
    }

    /// How many batches are left in the current epoch on `n` samples (a whole epoch's
    /// count between epochs; 0 when there are no samples). Loops over an epoch count
    /// batches with this, so that none of them can run forever.
    pub fn batches_left(&self, n: usize) -> usize {
        let cursor = if self.order.len() == n {
            self.cursor
        } else {
            0
        };
        (n - cursor).div_ceil(self.config.batch_size)
    }

    /// Trains one batch. Returns the epoch's train loss when this batch finished the epoch.
    ///
    /// The epoch's last batch may be smaller than the batch size: it is averaged over its
    /// own sample count and updated on its own, never carried over.
    pub fn train_batch<R: Rng + ?Sized>(
        &mut self,
        net: &mut Network,
        data: &Dataset,
        rng: &mut R,
    ) -> Option<f64> {
        let n = data.len();
        if n == 0 {
            return None;
        }
        if self.order.len() != n {
            self.order = (0..n).collect();
            self.cursor = 0;
        }
        if self.cursor == 0 {
            self.loss_sum = 0.0;
            self.rate = self
                .config
                .schedule
                .rate(self.config.learning_rate, self.epoch as u64);
            // Every epoch starts from file order, so that a shuffled order depends on the
            // generator alone (a resumed run shuffles as the uninterrupted one would) and
            // turning shuffling off means file order again.
            for (i, slot) in self.order.iter_mut().enumerate() {
                *slot = i;
            }
            if self.config.shuffle {
                self.order.shuffle(rng);
            }
        }
        let end = n.min(self.cursor + self.config.batch_size);
        let loss_before = self.loss_sum;
        self.diverged = None;
        // Step 1, forward; step 2, back-propagation (gradients accumulate over the batch).
        let job = Samples {
            net,
            objective: &self.objective,
            data,
            which: &self.order[self.cursor..end],
            loss_sum: self.loss_sum,
        };
        self.loss_sum = self
            .kernels
            .train_samples(job, &mut self.cache, &mut self.grads);
        // A batch whose loss or gradient is not a finite number is not applied: the
        // weights stay as they were before it, and the run is told (see `diverged`).
        let cause = if !self.loss_sum.is_finite() {
            Some(NotFinite::Loss)
        } else if !self.kernels.is_finite(&self.grads) {
            Some(NotFinite::Gradient)
        } else {
            None
        };
        if let Some(cause) = cause {
            self.grads.clear();
            self.optimizer.carried = Default::default();
            self.loss_sum = loss_before;
            self.diverged = Some(Divergence {
                epoch: self.epoch as u64 + 1,
                batch: (self.cursor / self.config.batch_size) as u64 + 1,
                cause,
            });
            return None;
        }
        // Step 3, update, with the batch's gradients averaged (TF's step keeps a short
        // last batch for the next epoch's first).
        let terms = (end - self.cursor) * net.n_outputs();
        if self.config.carry_remainder && end == n && end - self.cursor < self.config.batch_size {
            self.optimizer.carried.keep(terms, &self.grads);
        } else {
            let count = terms + std::mem::take(&mut self.optimizer.carried).terms;
            self.update(net, count);
        }
        self.cursor = end;
        if end < n {
            return None;
        }
        self.cursor = 0;
        self.epoch += 1;
        Some(self.loss_sum / (n * net.n_outputs()) as f64)
    }

    /// `Some` when the last batch trained diverged (its update was not made). Training
    /// again retries the same batch.
    pub fn diverged(&self) -> Option<Divergence> {
        self.diverged
    }

    /// Step 3 for the batch: the optimizer's update from the averaged gradients, then the
    /// regularization step; plain SGD without a penalty is the reference's update exactly.
    /// Dead links (see [`OptimizerState::dead`]) stay at 0.
    fn update(&mut self, net: &mut Network, count: usize) {
        let plain = self.config.optimizer.kind == OptimizerKind::Sgd
            && self.config.regularization == Regularization::None
            && self.optimizer.dead.is_empty();
        if plain {
            self.kernels
                .update_averaged(net, &mut self.grads, count, self.rate);
            return;
        }
        self.grads.average(count);
        let reg = self.config.regularization;
        if reg != Regularization::None {
            self.before.clear();
            self.before.extend_from_slice(net.weights());
        }
        let (weights, biases) = net.parameters_mut();
        self.optimizer.step(
            &self.config.optimizer,
            (weights, &self.grads.weights),
            (biases, &self.grads.biases),
            self.rate,
        );
        let dead = &mut self.optimizer.dead;
        if reg != Regularization::None {
            let step = self.rate * self.config.reg_rate;
            let mut next_dead = dead.iter().copied().peekable();
            for (k, (w, &b)) in weights.iter_mut().zip(&self.before).enumerate() {
                if next_dead.next_if_eq(&k).is_some() {
                    continue;
                }
                if reg.apply(w, b, step) {
                    self.died.push(k);
                }
            }
        }
        for &k in dead.iter() {
            weights[k] = 0.0;
        }
        if !self.died.is_empty() {
            dead.append(&mut self.died);
            dead.sort_unstable();
        }
        self.grads.clear();
    }

    /// Trains the rest of the current epoch (a whole one when called between epochs) and
    /// returns its train loss (NaN when there are no samples to train on, or when a batch
    /// diverged: see [`Trainer::diverged`]).
    pub fn train_epoch<R: Rng + ?Sized>(
        &mut self,
        net: &mut Network,
        data: &Dataset,
        rng: &mut R,
    ) -> f64 {
        let mut loss = f64::NAN;
        for _ in 0..self.batches_left(data.len()) {
            if let Some(l) = self.train_batch(net, data, rng) {
                loss = l;
            }
            if self.diverged.is_some() {
                break;
            }
        }
        loss
    }
}

/// The mean per-output loss over `data` with the weights as they are:
/// `Σ_samples loss ÷ (n × outputs)`.
pub fn evaluate(net: &Network, objective: &Objective, data: &Dataset, cache: &mut Cache) -> f64 {
    evaluate_all(net, objective, data, cache).loss
}

/// What a [`fit`] run is to do besides training.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FitOptions {
    /// Epochs to train at most.
    pub epochs: usize,
    /// Also measure metrics on the training set after every measured epoch (one more pass).
    pub train_metrics: bool,
}

/// How a [`fit`] run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FitOutcome {
    /// Epochs trained.
    pub epochs: usize,
    /// Why it stopped before its epoch count, if it did.
    pub stopped: Option<StopReason>,
    /// The weights went back to the best epoch's.
    pub restored_best: bool,
}

/// Trains up to `options.epochs` epochs, reporting each to `observer`: the one training
/// loop, which `scratchnet train` and the app's worker both run.
///
/// It may start and end part-way through an epoch. Between batches the observer may stop
/// the run; after each epoch it may stop it too, and so may the trainer's stop rule
/// (restoring the best weights when it asks for that; watching then starts afresh).
pub fn fit<R: Rng + ?Sized>(
    net: &mut Network,
    trainer: &mut Trainer,
    train: &Dataset,
    test: Option<&Dataset>,
    options: FitOptions,
    rng: &mut R,
    observer: &mut dyn Observer,
) -> FitOutcome {
    let mut eval_cache = net.cache();
    let mut outcome = FitOutcome {
        epochs: 0,
        stopped: None,
        restored_best: false,
    };
    while outcome.epochs < options.epochs {
        let mut finished = None;
        for _ in 0..trainer.batches_left(train.len()) {
            if observer.should_stop() {
                return outcome;
            }
            finished = trainer.train_batch(net, train, rng);
            if let Some(d) = trainer.diverged() {
                outcome.stopped = Some(StopReason::Diverged(d));
                return outcome;
            }
        }
        // No samples, no epoch: nothing more to do.
        let Some(train_loss) = finished else {
            return outcome;
        };
        outcome.epochs += 1;
        let objective = *trainer.objective();
        let measure =
            observer.wants_evaluation(trainer.epoch()) || trainer.stop_rule().watches_test_loss();
        let (test_eval, train_eval) = if measure {
            let predictor = trainer.kernels.predictor(net);
            let mut measure_on = |data: &Dataset| {
                evaluate_with(&predictor, &objective, data, &mut eval_cache, &mut || {
                    observer.interrupted()
                })
            };
            let test_eval = test.and_then(&mut measure_on);
            let train_eval = options.train_metrics.then(|| measure_on(train)).flatten();
            (test_eval, train_eval)
        } else {
            (None, None)
        };
        let report = EpochReport {
            epoch: trainer.epoch(),
            train_loss,
            test_loss: test_eval.map(|e| e.loss),
            train_eval,
            test_eval,
        };
        let flow = observer.epoch_done(net, &report);
        if let Some(reason) = trainer.stopper.check(net, train_loss, report.test_loss) {
            outcome.stopped = Some(reason);
            if reason == StopReason::NoImprovement
                && let Some(best) = trainer.stopper.best()
            {
                *net = best.clone();
                outcome.restored_best = true;
            }
            trainer.stopper = Stopper::new(trainer.stopper.rule());
            break;
        }
        if flow == Flow::Stop {
            break;
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::reference_plane;
    use crate::nn::Activation;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12
    }

    #[test]
    fn one_sample_with_batch_two_gives_the_seed_articles_train_loss() {
        let layers = [2, 2, 2];
        let mut net = Network::from_nested(
            &layers,
            &Network::reference_activations(&layers),
            &[
                vec![vec![0.15, 0.2], vec![0.25, 0.3]],
                vec![vec![0.4, 0.45], vec![0.5, 0.55]],
            ],
            &[vec![0.35, 0.35], vec![0.6, 0.6]],
        )
        .unwrap();
        let mut data = Dataset::new(
            vec!["x1".into(), "x2".into()],
            vec!["y1".into(), "y2".into()],
        );
        data.push(&[0.05, 0.1], &[0.01, 0.99]);
        let config = TrainConfig {
            batch_size: 2,
            learning_rate: 0.02,
            shuffle: true,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        let loss = trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));
        assert!(close(loss, 0.31404948868496607), "{loss}");
    }

    /// Trains the reference demo: plane data, `[2,3,1]`, zeros, lr 0.02, 100 epochs,
    /// shuffling off. Returns (epoch 1 train loss, epoch 100 train loss, final test loss).
    fn reference_demo(batch_size: usize) -> (f64, f64, f64) {
        let (train, test) = reference_plane();
        let layers = [2, 3, 1];
        let mut net = Network::new(&layers, &Network::reference_activations(&layers)).unwrap();
        let config = TrainConfig {
            batch_size,
            learning_rate: 0.02,
            shuffle: false,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &train).unwrap();
        let mut rng = crate::seeded(0);
        let mut losses = Vec::new();
        for _ in 0..100 {
            losses.push(trainer.train_epoch(&mut net, &train, &mut rng));
        }
        let test_loss = evaluate(&net, &Objective::reference(), &test, &mut net.cache());
        (losses[0], losses[99], test_loss)
    }

    #[test]
    fn the_reference_demo_online_reproduces_its_table_row() {
        let (first, last, test) = reference_demo(1);
        assert!(close(first, 0.12389566068516679), "{first}");
        assert!(close(last, 0.0002520526996522238), "{last}");
        assert!(close(test, 0.0002511479430043947), "{test}");
    }

    #[test]
    fn the_reference_demo_with_batch_four_reproduces_its_table_row() {
        let (first, last, test) = reference_demo(4);
        assert!(close(first, 0.12149193321487854), "{first}");
        assert!(close(last, 0.0006759402849880302), "{last}");
        assert!(close(test, 0.0007022832958805394), "{test}");
    }

    #[test]
    fn the_reference_demo_full_batch_reproduces_its_table_row() {
        let (first, last, test) = reference_demo(600);
        assert!(close(first, 0.12086194101714037), "{first}");
        assert!(close(last, 0.12072958955460383), "{last}");
        assert!(close(test, 0.12259048854725546), "{test}");
    }

    fn tiny_data(n: usize) -> Dataset {
        let mut d = Dataset::planar();
        for i in 0..n {
            let x = i as f64 / n as f64;
            d.push(&[x, 1.0 - x], &[x * 0.5]);
        }
        d
    }

    #[test]
    fn a_leftover_batch_is_updated_on_its_own_at_the_end_of_the_epoch() {
        // 5 samples in batches of 2: updates after samples 2, 4 and 5.
        let data = tiny_data(5);
        let layers = [2, 2, 1];
        let acts = [Activation::Tanh, Activation::Identity];
        let start = Network::initialized(
            &layers,
            &acts,
            crate::nn::Init::Uniform,
            &mut crate::seeded(3),
        )
        .unwrap();
        let mut net = start.clone();
        let config = TrainConfig {
            batch_size: 2,
            learning_rate: 0.1,
            shuffle: false,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        let mut rng = crate::seeded(0);
        assert_eq!(trainer.train_batch(&mut net, &data, &mut rng), None);
        assert_eq!(trainer.train_batch(&mut net, &data, &mut rng), None);
        assert!(
            trainer.train_batch(&mut net, &data, &mut rng).is_some(),
            "third batch ends the epoch"
        );

        // The same by hand.
        let manual = by_hand(start, &data, 2, 1, |_| 0.1, |_, _, _| {});
        assert_eq!(net, manual);
    }

    #[test]
    fn shuffled_epochs_depend_on_the_seed_alone() {
        let data = tiny_data(20);
        let layers = [2, 3, 1];
        let run = |seed| {
            let mut net = Network::initialized(
                &layers,
                &Network::reference_activations(&layers),
                crate::nn::Init::Uniform,
                &mut crate::seeded(1),
            )
            .unwrap();
            let config = TrainConfig {
                batch_size: 3,
                learning_rate: 0.1,
                shuffle: true,
                ..TrainConfig::default()
            };
            let mut trainer = Trainer::new(&net, config, &data).unwrap();
            let mut rng = crate::seeded(seed);
            for _ in 0..5 {
                trainer.train_epoch(&mut net, &data, &mut rng);
            }
            net
        };
        assert_eq!(run(11), run(11));
        assert_ne!(run(11), run(12));
    }

    struct StopAfter {
        batches_left: usize,
        epochs: Vec<EpochReport>,
    }

    impl Observer for StopAfter {
        fn epoch_done(&mut self, _: &Network, report: &EpochReport) -> Flow {
            self.epochs.push(*report);
            Flow::Continue
        }
        fn should_stop(&mut self) -> bool {
            if self.batches_left == 0 {
                return true;
            }
            self.batches_left -= 1;
            false
        }
    }

    #[test]
    fn fit_reports_every_epoch_and_stops_between_batches_when_asked() {
        let data = tiny_data(10);
        let layers = [2, 3, 1];
        let mut net = Network::new(&layers, &Network::reference_activations(&layers)).unwrap();
        let config = TrainConfig {
            batch_size: 4,
            learning_rate: 0.1,
            shuffle: false,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        // 3 batches an epoch; allow 7 batches: two whole epochs and one batch of the third.
        let mut observer = StopAfter {
            batches_left: 7,
            epochs: Vec::new(),
        };
        let done = fit(
            &mut net,
            &mut trainer,
            &data,
            Some(&data),
            FitOptions {
                epochs: 100,
                ..FitOptions::default()
            },
            &mut crate::seeded(0),
            &mut observer,
        );
        assert_eq!(done.epochs, 2);
        assert_eq!(
            observer.epochs.iter().map(|r| r.epoch).collect::<Vec<_>>(),
            [1, 2]
        );
        assert!(observer.epochs.iter().all(|r| r.test_loss.is_some()));
        assert!(
            !trainer.at_epoch_start(),
            "stopped part-way through epoch 3"
        );
    }

    #[test]
    fn a_zero_batch_or_a_negative_learning_rate_is_refused() {
        let net = Network::new(&[1, 1], &[Activation::Identity]).unwrap();
        let bad_batch = TrainConfig {
            batch_size: 0,
            ..TrainConfig::default()
        };
        let bad_lr = TrainConfig {
            learning_rate: -1.0,
            ..TrainConfig::default()
        };
        assert_eq!(
            Trainer::new(&net, bad_batch, &Dataset::planar()).unwrap_err(),
            NnError::ZeroBatch
        );
        assert_eq!(
            Trainer::new(&net, bad_lr, &Dataset::planar()).unwrap_err(),
            NnError::BadLearningRate(-1.0)
        );
        for lr in [f64::NAN, f64::INFINITY] {
            let config = TrainConfig {
                learning_rate: lr,
                ..TrainConfig::default()
            };
            assert!(
                Trainer::new(&net, config, &Dataset::planar()).is_err(),
                "{lr}"
            );
        }
        let bad_reg = TrainConfig {
            reg_rate: -0.1,
            ..TrainConfig::default()
        };
        assert!(Trainer::new(&net, bad_reg, &Dataset::planar()).is_err());
    }

    fn uniform_net(layers: &[usize], seed: u64) -> Network {
        Network::initialized(
            layers,
            &Network::reference_activations(layers),
            crate::nn::Init::Uniform,
            &mut crate::seeded(seed),
        )
        .unwrap()
    }

    #[test]
    fn with_two_outputs_gradients_are_averaged_over_samples_times_outputs() {
        let mut data = Dataset::new(
            vec!["x1".into(), "x2".into()],
            vec!["y1".into(), "y2".into()],
        );
        data.push(&[0.05, 0.1], &[0.01, 0.99]);
        data.push(&[0.3, -0.2], &[0.5, 0.1]);
        data.push(&[-0.4, 0.7], &[0.2, 0.8]);
        let start = uniform_net(&[2, 3, 2], 6);
        let mut net = start.clone();
        let config = TrainConfig {
            batch_size: 2,
            learning_rate: 0.5,
            shuffle: false,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        let loss = trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));

        let (manual, loss_sum) = by_hand_with_loss(start, &data, 2, 1, |_| 0.5, |_, _, _| {});
        assert_eq!(net, manual);
        assert_eq!(
            loss,
            loss_sum / 6.0,
            "the epoch's loss per sample and output"
        );
    }

    #[test]
    fn the_trainer_keeps_its_stop_rule_position_and_optimizer_memory() {
        let data = tiny_data(5);
        let mut net = uniform_net(&[2, 2, 1], 1);
        let config = TrainConfig {
            batch_size: 2,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        let rule = StopRule {
            patience: Some(4),
            ..StopRule::default()
        };
        trainer.set_stop_rule(rule);
        assert_eq!(trainer.stop_rule(), rule);
        assert_eq!(trainer.position(), 0);
        trainer.train_batch(&mut net, &data, &mut crate::seeded(0));
        assert_eq!(trainer.position(), 2);
        let memory = OptimizerState {
            step: 9,
            first: vec![0.5; net.parameter_count()],
            second: Vec::new(),
            dead: vec![2],
            ..OptimizerState::default()
        };
        trainer.set_optimizer_state(memory.clone());
        assert_eq!(trainer.optimizer_state(), &memory);
    }

    #[test]
    fn the_rule_in_use_set_again_keeps_its_best_weights_and_patience_count() {
        let data = tiny_data(4);
        let net = uniform_net(&[2, 2, 1], 1);
        let mut trainer = Trainer::new(&net, TrainConfig::default(), &data).unwrap();
        let rule = StopRule {
            patience: Some(2),
            restore_best: true,
            ..StopRule::default()
        };
        trainer.set_stop_rule(rule);
        assert_eq!(trainer.stopper.check(&net, 1.0, Some(0.5)), None);
        assert_eq!(trainer.stopper.check(&net, 1.0, Some(0.6)), None);
        // A change of learning rate sends the settings again, the stop rule among them.
        trainer.set_stop_rule(rule);
        assert_eq!(
            trainer.stopper.best(),
            Some(&net),
            "the best weights are kept"
        );
        assert_eq!(
            trainer.stopper.check(&net, 1.0, Some(0.7)),
            Some(StopReason::NoImprovement),
            "the second epoch without improvement stops the run"
        );
        // Another rule watches afresh.
        trainer.set_stop_rule(StopRule {
            patience: Some(3),
            ..rule
        });
        assert_eq!(trainer.stopper.best(), None);
    }

    /// Says no to every measurement.
    struct Frugal(Vec<EpochReport>);

    impl Observer for Frugal {
        fn epoch_done(&mut self, _: &Network, report: &EpochReport) -> Flow {
            self.0.push(*report);
            Flow::Continue
        }
        fn wants_evaluation(&mut self, _: usize) -> bool {
            false
        }
    }

    #[test]
    fn the_test_set_is_measured_when_asked_or_when_a_stop_rule_watches_it() {
        let data = tiny_data(6);
        let mut net = uniform_net(&[2, 2, 1], 1);
        let mut trainer = Trainer::new(&net, TrainConfig::default(), &data).unwrap();
        let options = FitOptions {
            epochs: 2,
            train_metrics: true,
        };
        let mut frugal = Frugal(Vec::new());
        let mut rng = crate::seeded(0);
        fit(
            &mut net,
            &mut trainer,
            &data,
            Some(&data),
            options,
            &mut rng,
            &mut frugal,
        );
        assert!(
            frugal
                .0
                .iter()
                .all(|r| r.test_eval.is_none() && r.train_eval.is_none())
        );
        trainer.set_stop_rule(StopRule {
            patience: Some(50),
            ..StopRule::default()
        });
        let mut frugal = Frugal(Vec::new());
        fit(
            &mut net,
            &mut trainer,
            &data,
            Some(&data),
            options,
            &mut rng,
            &mut frugal,
        );
        assert_eq!(frugal.0.len(), 2);
        assert!(
            frugal
                .0
                .iter()
                .all(|r| r.test_loss.is_some() && r.train_eval.is_some())
        );
        assert!(!StopRule::default().watches_test_loss());
        let on_train = StopRule {
            loss_below: Some(0.1),
            on_train_loss: true,
            ..StopRule::default()
        };
        assert!(!on_train.watches_test_loss());
        let on_test = StopRule {
            on_train_loss: false,
            ..on_train
        };
        assert!(on_test.watches_test_loss());
    }

    #[test]
    fn a_loss_threshold_stops_at_or_below_it() {
        let net = uniform_net(&[2, 2, 1], 1);
        let mut stopper = Stopper::new(StopRule {
            loss_below: Some(0.1),
            ..StopRule::default()
        });
        assert_eq!(
            stopper.check(&net, 0.05, Some(0.2)),
            None,
            "the test loss is watched"
        );
        assert_eq!(
            stopper.check(&net, 0.5, Some(0.1)),
            Some(StopReason::LossReached)
        );
        assert_eq!(
            stopper.check(&net, 0.5, None),
            None,
            "no test set: the train loss"
        );
        assert_eq!(
            stopper.check(&net, 0.1, None),
            Some(StopReason::LossReached)
        );
    }

    #[test]
    fn patience_counts_epochs_without_a_strictly_lower_test_loss() {
        let net = uniform_net(&[2, 2, 1], 1);
        let mut stopper = Stopper::new(StopRule {
            patience: Some(2),
            ..StopRule::default()
        });
        assert_eq!(
            stopper.check(&net, 1.0, Some(1.0)),
            None,
            "the first is the best"
        );
        assert_eq!(stopper.check(&net, 1.0, Some(0.9)), None, "better");
        assert_eq!(
            stopper.check(&net, 1.0, Some(0.9)),
            None,
            "a tie: 1 epoch without"
        );
        assert_eq!(
            stopper.check(&net, 1.0, Some(0.95)),
            Some(StopReason::NoImprovement),
            "2 epochs without"
        );
        assert!(
            stopper.best().is_none(),
            "restore_best is off: no copy kept"
        );
    }

    #[test]
    fn fit_trains_exactly_the_epochs_it_is_given() {
        let data = tiny_data(5);
        let mut net = uniform_net(&[2, 2, 1], 1);
        let mut trainer = Trainer::new(&net, TrainConfig::default(), &data).unwrap();
        let mut observer = StopAfter {
            batches_left: usize::MAX,
            epochs: Vec::new(),
        };
        let options = FitOptions {
            epochs: 3,
            train_metrics: false,
        };
        let mut rng = crate::seeded(0);
        let outcome = fit(
            &mut net,
            &mut trainer,
            &data,
            None,
            options,
            &mut rng,
            &mut observer,
        );
        assert_eq!(
            (outcome.epochs, trainer.epoch(), observer.epochs.len()),
            (3, 3, 3)
        );
        assert!(observer.epochs.iter().all(|r| r.train_eval.is_none()));
        assert_eq!(outcome.stopped, None);
    }

    #[test]
    fn a_learning_rate_of_zero_is_accepted_and_moves_nothing() {
        let data = tiny_data(4);
        let start = uniform_net(&[2, 2, 1], 1);
        let mut net = start.clone();
        let config = TrainConfig {
            learning_rate: 0.0,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).expect("lr 0 is allowed");
        trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));
        assert_eq!(net, start);
    }

    #[test]
    fn at_epoch_start_holds_between_epochs_and_not_inside_one() {
        let data = tiny_data(5);
        let mut net = uniform_net(&[2, 2, 1], 1);
        let config = TrainConfig {
            batch_size: 2,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        let mut rng = crate::seeded(0);
        assert!(trainer.at_epoch_start());
        assert_eq!(trainer.batches_left(5), 3, "2 + 2 + the leftover 1");
        trainer.train_batch(&mut net, &data, &mut rng);
        assert!(!trainer.at_epoch_start());
        assert_eq!(trainer.batches_left(5), 2);
        trainer.train_epoch(&mut net, &data, &mut rng);
        assert!(trainer.at_epoch_start());
        assert_eq!(trainer.epoch(), 1);
        assert_eq!(trainer.batches_left(0), 0);
    }

    #[test]
    fn an_epoch_on_no_samples_ends_at_once_without_a_loss() {
        let empty = Dataset::planar();
        let mut net = uniform_net(&[2, 2, 1], 1);
        let mut trainer = Trainer::new(&net, TrainConfig::default(), &empty).unwrap();
        assert!(
            trainer
                .train_epoch(&mut net, &empty, &mut crate::seeded(0))
                .is_nan()
        );
        let mut observer = StopAfter {
            batches_left: usize::MAX,
            epochs: Vec::new(),
        };
        let options = FitOptions {
            epochs: 3,
            ..FitOptions::default()
        };
        let outcome = fit(
            &mut net,
            &mut trainer,
            &empty,
            None,
            options,
            &mut crate::seeded(0),
            &mut observer,
        );
        assert_eq!(outcome.epochs, 0);
        assert!(observer.epochs.is_empty());
    }

    #[test]
    fn switching_the_optimizer_clears_its_memory_and_keeping_it_does_not() {
        let data = tiny_data(6);
        let mut net = uniform_net(&[2, 3, 1], 2);
        let momentum = TrainConfig {
            batch_size: 3,
            optimizer: Optimizer::of(OptimizerKind::Momentum),
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, momentum, &data).unwrap();
        trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));
        let memory = trainer.optimizer_state().clone();
        assert_eq!(memory.step, 2);
        assert_eq!(memory.first.len(), net.parameter_count());

        let slower = TrainConfig {
            learning_rate: 0.01,
            ..momentum
        };
        trainer.set_config(slower).unwrap();
        assert_eq!(
            trainer.optimizer_state(),
            &memory,
            "same optimizer, same memory"
        );
        assert_eq!(trainer.config(), slower);

        let adam = TrainConfig {
            optimizer: Optimizer::of(OptimizerKind::Adam),
            ..slower
        };
        trainer.set_config(adam).unwrap();
        assert_eq!(trainer.optimizer_state(), &OptimizerState::default());
        assert!(
            trainer
                .set_config(TrainConfig {
                    batch_size: 0,
                    ..adam
                })
                .is_err()
        );
        assert_eq!(trainer.config(), adam, "a refused config changes nothing");
    }

    #[test]
    fn a_new_learning_rate_takes_effect_with_the_next_batch() {
        let data = tiny_data(4);
        let mut net = uniform_net(&[2, 2, 1], 3);
        let config = TrainConfig {
            batch_size: 2,
            learning_rate: 0.5,
            shuffle: false,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        let mut rng = crate::seeded(0);
        let start = net.clone();
        trainer.train_batch(&mut net, &data, &mut rng);
        assert_ne!(net, start, "lr 0.5 moves the weights");
        let after_first = net.clone();
        trainer
            .set_config(TrainConfig {
                learning_rate: 0.0,
                ..config
            })
            .unwrap();
        trainer.train_batch(&mut net, &data, &mut rng);
        assert_eq!(net, after_first, "lr 0 from the second batch on");
    }

    /// Trains `data` in file order by hand: per batch forward and backward, average over
    /// samples × outputs, update with `rate(epoch)`, then `regularize` each weight given its
    /// value before. Returns the network and the sum of the per-sample losses.
    fn by_hand_with_loss(
        mut net: Network,
        data: &Dataset,
        batch: usize,
        epochs: u64,
        rate: impl Fn(u64) -> f64,
        regularize: impl Fn(&mut f64, f64, f64),
    ) -> (Network, f64) {
        let mut cache = net.cache();
        let mut grads = net.gradients();
        let mut loss_sum = 0.0;
        for epoch in 0..epochs {
            let lr = rate(epoch);
            let mut start = 0;
            while start < data.len() {
                let end = data.len().min(start + batch);
                for i in start..end {
                    net.forward(data.input(i), &mut cache);
                    let target = data.target(i);
                    loss_sum +=
                        net.backward(&Objective::reference(), target, &mut cache, &mut grads);
                }
                grads.average((end - start) * net.n_outputs());
                let before = net.weights().to_vec();
                net.update(&grads, lr);
                for (w, b) in net.parameters_mut().0.iter_mut().zip(before) {
                    regularize(w, b, lr);
                }
                grads.clear();
                start = end;
            }
        }
        (net, loss_sum)
    }

    /// [`by_hand_with_loss`]'s network.
    fn by_hand(
        net: Network,
        data: &Dataset,
        batch: usize,
        epochs: u64,
        rate: impl Fn(u64) -> f64,
        regularize: impl Fn(&mut f64, f64, f64),
    ) -> Network {
        by_hand_with_loss(net, data, batch, epochs, rate, regularize).0
    }

    /// TF Playground's `updateWeights` with L1, by hand: a weight's gradient step, then
    /// the penalty's step from the weight before the update (slope: the sign of `w`); a
    /// penalty step that crosses zero leaves 0 and kills the link, which is skipped from
    /// then on. Returns the network and which weights died.
    fn by_hand_l1(
        mut net: Network,
        data: &Dataset,
        batch: usize,
        epochs: u64,
        lr: f64,
        reg_rate: f64,
    ) -> (Network, Vec<bool>) {
        let mut cache = net.cache();
        let mut grads = net.gradients();
        let mut dead = vec![false; net.weights().len()];
        for _ in 0..epochs {
            let mut start = 0;
            while start < data.len() {
                let end = data.len().min(start + batch);
                for i in start..end {
                    net.forward(data.input(i), &mut cache);
                    net.backward(
                        &Objective::reference(),
                        data.target(i),
                        &mut cache,
                        &mut grads,
                    );
                }
                grads.average((end - start) * net.n_outputs());
                let (weights, biases) = net.parameters_mut();
                for (k, w) in weights.iter_mut().enumerate() {
                    if dead[k] {
                        continue;
                    }
                    let slope = if *w < 0.0 {
                        -1.0
                    } else if *w > 0.0 {
                        1.0
                    } else {
                        0.0
                    };
                    let stepped = *w - lr * grads.weights[k];
                    let next = stepped - lr * reg_rate * slope;
                    if stepped * next < 0.0 {
                        *w = 0.0;
                        dead[k] = true;
                    } else {
                        *w = next;
                    }
                }
                for (b, g) in biases.iter_mut().zip(&grads.biases) {
                    *b -= lr * g;
                }
                grads.clear();
                start = end;
            }
        }
        (net, dead)
    }

    #[test]
    fn l1_kills_links_as_tf_playground_does_and_the_dead_stay_at_zero() {
        let data = tiny_data(8);
        let start = uniform_net(&[2, 4, 3, 1], 9);
        let config = TrainConfig {
            batch_size: 3,
            learning_rate: 0.2,
            shuffle: false,
            regularization: Regularization::L1,
            reg_rate: 0.05,
            ..TrainConfig::default()
        };
        let mut net = start.clone();
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        for _ in 0..6 {
            trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));
        }
        let (manual, dead) = by_hand_l1(start.clone(), &data, 3, 6, 0.2, 0.05);
        assert_eq!(net, manual);
        let dead: Vec<usize> = (0..dead.len()).filter(|&k| dead[k]).collect();
        assert!(dead.len() >= 2, "some links die: {dead:?}");
        assert!(dead.len() < net.weights().len(), "not all");
        assert_eq!(trainer.optimizer_state().dead, dead);
        // Dead links stay dead and at 0 under any settings: no penalty, another optimizer.
        let mut other = config;
        other.regularization = Regularization::None;
        other.optimizer = Optimizer::of(OptimizerKind::Adam);
        trainer.set_config(other).unwrap();
        let before = net.clone();
        for _ in 0..3 {
            trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));
        }
        assert_eq!(trainer.optimizer_state().dead, dead);
        for &k in &dead {
            assert_eq!(net.weights()[k], 0.0, "weight {k}");
        }
        let alive = (0..net.weights().len())
            .find(|k| !dead.contains(k))
            .unwrap();
        assert_ne!(
            net.weights()[alive],
            before.weights()[alive],
            "the living train on"
        );
        // Plain SGD (the fused path) keeps them dead too.
        trainer
            .set_config(TrainConfig {
                regularization: Regularization::None,
                ..config
            })
            .unwrap();
        trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));
        for &k in &dead {
            assert_eq!(net.weights()[k], 0.0, "weight {k} under plain SGD");
        }
        // Re-initialising (a fresh state) brings them back.
        trainer.set_optimizer_state(OptimizerState::default());
        trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));
        assert!(trainer.optimizer_state().dead.is_empty());
        assert!(dead.iter().any(|&k| net.weights()[k] != 0.0));
    }

    #[test]
    fn regularization_inside_the_trainer_follows_every_update_as_by_hand() {
        let data = tiny_data(6);
        let start = uniform_net(&[2, 3, 1], 4);
        for reg in [Regularization::L2] {
            let config = TrainConfig {
                batch_size: 4,
                learning_rate: 0.3,
                shuffle: false,
                regularization: reg,
                reg_rate: 0.2,
                ..TrainConfig::default()
            };
            let mut net = start.clone();
            let mut trainer = Trainer::new(&net, config, &data).unwrap();
            for _ in 0..3 {
                trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));
            }
            let manual = by_hand(
                start.clone(),
                &data,
                4,
                3,
                |_| 0.3,
                |w, b, lr| assert!(!reg.apply(w, b, lr * 0.2)),
            );
            assert_eq!(net, manual, "{reg:?}");
            let plain = by_hand(start.clone(), &data, 4, 3, |_| 0.3, |_, _, _| {});
            assert_ne!(net, plain, "{reg:?} changed the weights");
        }
    }

    #[test]
    fn a_step_schedule_sets_the_rate_of_every_epoch_the_trainer_trains() {
        let data = tiny_data(5);
        let start = uniform_net(&[2, 3, 1], 5);
        let config = TrainConfig {
            batch_size: 2,
            learning_rate: 0.4,
            shuffle: false,
            schedule: crate::nn::Schedule::Step {
                every: 2,
                factor: 0.5,
            },
            ..TrainConfig::default()
        };
        let mut net = start.clone();
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        for _ in 0..5 {
            trainer.train_epoch(&mut net, &data, &mut crate::seeded(0));
        }
        let rate = |e: u64| 0.4 * 0.5f64.powi((e / 2) as i32);
        let manual = by_hand(start.clone(), &data, 2, 5, rate, |_, _, _| {});
        assert_eq!(net, manual);

        // A trainer resumed at epoch 4 starts at that epoch's rate.
        let mut resumed = by_hand(start, &data, 2, 4, rate, |_, _, _| {});
        let mut trainer = Trainer::new(&resumed, config, &data).unwrap();
        trainer.set_epoch(4);
        trainer.train_epoch(&mut resumed, &data, &mut crate::seeded(0));
        assert_eq!(resumed, manual);
    }

    #[test]
    fn tanh_with_cross_entropy_classifies_xor_circle_and_spiral_to_95_percent() {
        use crate::data::{DatasetKind, Feature, Preprocess};
        use crate::nn::{Init, Loss, Optimizer, OptimizerKind, evaluate_all};
        for kind in [DatasetKind::Xor, DatasetKind::Circle, DatasetKind::Spiral] {
            let (raw_train, raw_test) = kind.train_test(0.0, 0.5, &mut crate::seeded(0)).unwrap();
            let features = Preprocess {
                features: Feature::ALL.to_vec(),
                standardize: None,
            };
            let (train, test) = (
                features.apply(&raw_train).unwrap(),
                features.apply(&raw_test).unwrap(),
            );
            let layers = [7, 8, 8, 1];
            let mut net = Network::initialized(
                &layers,
                &[Activation::Tanh; 3],
                Init::Xavier,
                &mut crate::seeded(1),
            )
            .unwrap();
            let config = TrainConfig {
                batch_size: 10,
                learning_rate: 0.01,
                optimizer: Optimizer::of(OptimizerKind::Adam),
                loss: Loss::BinaryCrossEntropy,
                ..TrainConfig::default()
            };
            let mut trainer = Trainer::new(&net, config, &train).unwrap();
            let mut rng = crate::seeded(1);
            for _ in 0..100 {
                trainer.train_epoch(&mut net, &train, &mut rng);
            }
            let e = evaluate_all(&net, trainer.objective(), &test, &mut net.cache());
            let accuracy = e.accuracy.unwrap();
            assert!(accuracy >= 0.95, "{kind}: {accuracy} after 100 epochs");
        }
    }

    #[test]
    fn sgd_without_regularization_still_gives_the_reference_numbers_through_the_general_path() {
        // Momentum 0 is plain SGD taken through the optimizer code, not the fused update.
        let (train, _) = reference_plane();
        let layers = [2, 3, 1];
        let run = |optimizer: crate::nn::Optimizer| {
            let mut net = Network::new(&layers, &Network::reference_activations(&layers)).unwrap();
            let config = TrainConfig {
                batch_size: 4,
                shuffle: false,
                optimizer,
                ..TrainConfig::default()
            };
            let mut trainer = Trainer::new(&net, config, &train).unwrap();
            trainer.train_epoch(&mut net, &train, &mut crate::seeded(0))
        };
        let reference = run(crate::nn::Optimizer::default());
        assert!(close(reference, 0.12149193321487854));
        let mut momentum_zero = crate::nn::Optimizer::of(crate::nn::OptimizerKind::Momentum);
        momentum_zero.momentum = 0.0;
        assert!(close(run(momentum_zero), reference));
    }

    #[test]
    fn early_stopping_restores_the_best_weights() {
        let data = tiny_data(20);
        let layers = [2, 3, 1];
        let mut net = Network::new(&layers, &Network::reference_activations(&layers)).unwrap();
        // A learning rate so large that training diverges: the test loss stops improving.
        let config = TrainConfig {
            batch_size: 1,
            learning_rate: 50.0,
            shuffle: false,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        struct Keep(Vec<(f64, Network)>);
        impl Observer for Keep {
            fn epoch_done(&mut self, net: &Network, r: &EpochReport) -> Flow {
                self.0.push((r.test_loss.unwrap(), net.clone()));
                Flow::Continue
            }
        }
        let mut seen = Keep(Vec::new());
        trainer.set_stop_rule(StopRule {
            patience: Some(3),
            restore_best: true,
            ..StopRule::default()
        });
        let options = FitOptions {
            epochs: 200,
            train_metrics: false,
        };
        let outcome = fit(
            &mut net,
            &mut trainer,
            &data,
            Some(&data),
            options,
            &mut crate::seeded(0),
            &mut seen,
        );
        assert_eq!(outcome.stopped, Some(StopReason::NoImprovement));
        assert!(outcome.restored_best && outcome.epochs < 200);
        let best = seen.0.iter().min_by(|a, b| a.0.total_cmp(&b.0)).unwrap();
        assert_eq!(&net, &best.1, "the weights of the lowest test loss");
    }

    #[test]
    fn turning_shuffling_off_goes_back_to_file_order() {
        let data = tiny_data(12);
        let layers = [2, 3, 1];
        let mut net = Network::initialized(
            &layers,
            &Network::reference_activations(&layers),
            crate::nn::Init::Uniform,
            &mut crate::seeded(2),
        )
        .unwrap();
        let shuffled = TrainConfig {
            batch_size: 1,
            learning_rate: 0.1,
            shuffle: true,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, shuffled, &data).unwrap();
        let mut rng = crate::seeded(5);
        trainer.train_epoch(&mut net, &data, &mut rng);
        let in_order = TrainConfig {
            shuffle: false,
            ..shuffled
        };
        let mut fresh = net.clone();
        trainer.set_config(in_order).unwrap();
        trainer.train_epoch(&mut net, &data, &mut rng);
        let mut fresh_trainer = Trainer::new(&fresh, in_order, &data).unwrap();
        fresh_trainer.train_epoch(&mut fresh, &data, &mut crate::seeded(0));
        assert_eq!(net, fresh);
    }

    /// `[2, 1]` identity, every weight 0: out = 0 whatever the input.
    fn zero_linear() -> Network {
        Network::new(&[2, 1], &[Activation::Identity]).unwrap()
    }

    #[test]
    fn a_batch_with_a_loss_that_is_not_finite_is_not_applied_and_says_where() {
        let mut data = Dataset::planar();
        for i in 0..5 {
            data.push(&[i as f64, 1.0], &[1.0]);
        }
        // The 4th sample's target overflows the squared error.
        data.push(&[0.5, 0.5], &[1e200]);
        data.push(&[0.5, 0.5], &[1.0]);
        let mut net = zero_linear();
        let config = TrainConfig {
            batch_size: 2,
            shuffle: false,
            learning_rate: 0.1,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        let mut rng = crate::seeded(0);
        for _ in 0..2 {
            assert_eq!(trainer.train_batch(&mut net, &data, &mut rng), None);
            assert_eq!(trainer.diverged(), None);
        }
        let before = net.clone();
        assert_eq!(trainer.train_batch(&mut net, &data, &mut rng), None);
        assert_eq!(
            trainer.diverged(),
            Some(Divergence {
                epoch: 1,
                batch: 3,
                cause: NotFinite::Loss
            })
        );
        assert_eq!(net, before, "the weights from before that batch");
        assert_eq!(trainer.position(), 4, "the batch is not consumed");
        assert_eq!(trainer.grads, net.gradients(), "nothing carried over");
        assert_eq!(
            trainer.diverged().unwrap().to_string(),
            "training diverged at epoch 1, batch 3 (loss is not finite)"
        );
        // Training again retries the same batch; an epoch stops at it.
        assert!(trainer.train_epoch(&mut net, &data, &mut rng).is_nan());
        assert_eq!(trainer.diverged().map(|d| d.batch), Some(3));
        assert_eq!((net == before, trainer.epoch()), (true, 0));
    }

    #[test]
    fn a_gradient_that_overflows_with_a_finite_loss_is_caught_too() {
        let mut data = Dataset::planar();
        // out = 0·1e308 = 0, loss ½·10², delta −10: grad_w = −10 · 1e308 overflows.
        data.push(&[1e308, 0.0], &[10.0]);
        let mut net = zero_linear();
        let mut trainer = Trainer::new(&net, TrainConfig::default(), &data).unwrap();
        trainer.train_batch(&mut net, &data, &mut crate::seeded(0));
        assert_eq!(
            trainer.diverged().map(|d| d.cause),
            Some(NotFinite::Gradient)
        );
        assert_eq!(net, zero_linear());
    }

    #[test]
    fn fit_stops_at_a_divergence_with_the_epochs_before_it() {
        let mut data = Dataset::planar();
        for i in 0..4 {
            data.push(&[i as f64, 1.0], &[i as f64]);
        }
        let mut net = zero_linear();
        // Far too large a step: the weights grow tenfold and more every sample.
        let config = TrainConfig {
            learning_rate: 40.0,
            shuffle: false,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        let mut seen = Frugal(Vec::new());
        let outcome = fit(
            &mut net,
            &mut trainer,
            &data,
            None,
            FitOptions {
                epochs: 1000,
                train_metrics: false,
            },
            &mut crate::seeded(0),
            &mut seen,
        );
        let Some(StopReason::Diverged(d)) = outcome.stopped else {
            panic!("not caught: {outcome:?}");
        };
        assert!(outcome.epochs < 1000);
        assert_eq!(
            d.epoch,
            outcome.epochs as u64 + 1,
            "in the epoch after the last report"
        );
        assert_eq!(seen.0.len(), outcome.epochs);
        assert!(
            seen.0.iter().all(|r| r.train_loss.is_finite()),
            "no NaN epochs"
        );
        assert!(
            net.weights()
                .iter()
                .chain(net.biases())
                .all(|w| w.is_finite())
        );
    }
}
