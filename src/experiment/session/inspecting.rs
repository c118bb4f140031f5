//! A look inside the live run: one sample or one batch through the three steps, and the
//! loss's gradient at the current weights. Nothing here changes the run.

use super::{Checkpoint, Experiment};
use crate::data::Dataset;
use crate::nn::{
    BatchStep, Gradients, Inspection, Network, OptimizerState, Trainer, average_gradient,
    batch_step, inspect,
};

/// A moment of the run to look inside: the live network, or a checkpoint's.
#[derive(Clone, Copy, Debug)]
pub struct Moment<'a> {
    /// Epochs finished then.
    pub epoch: u64,
    /// The network then.
    pub network: &'a Network,
    /// The optimizer's memory then.
    pub optimizer: &'a OptimizerState,
}

impl<'a> From<&'a Checkpoint> for Moment<'a> {
    fn from(c: &'a Checkpoint) -> Self {
        Moment {
            epoch: c.epoch,
            network: &c.network,
            optimizer: &c.optimizer,
        }
    }
}

impl Experiment {
    /// The run where it stands now.
    pub fn now(&self) -> Moment<'_> {
        Moment {
            epoch: self.epoch,
            network: &self.network,
            optimizer: &self.optimizer,
        }
    }

    /// Training sample `k` (file order) through forward, back-propagation and the online
    /// plain-SGD step of the current learning rate: every number (`None` past the end).
    pub fn inspect(&self, k: usize) -> Option<Inspection> {
        self.inspect_at(self.now(), k)
    }

    /// The loss bound to this network and data (what back-propagation starts from).
    pub fn objective(&self) -> &crate::nn::Objective {
        &self.objective
    }

    /// [`inspect`](Self::inspect) at moment `m` of the run.
    pub fn inspect_at(&self, m: Moment<'_>, k: usize) -> Option<Inspection> {
        if k >= self.train.len() {
            return None;
        }
        let mut x = Vec::new();
        self.preprocess.transform(self.train.input(k), &mut x);
        let y = self.train.target(k);
        let config = self.settings.config;
        let rate = config.schedule.rate(config.learning_rate, m.epoch);
        let outputs = m.network.n_outputs();
        let objective = &self.objective;
        Some(inspect(m.network, objective, k, (&x, y), (rate, outputs)))
    }

    /// The loss's gradient at the current weights over the first `limit` training samples,
    /// averaged as a batch is (see [`average_gradient`]).
    pub fn gradient(&self, limit: usize) -> Gradients {
        self.gradient_at(&self.network, limit)
    }

    /// The same at the weights of `net` (a moment of the run shown instead of the
    /// live network).
    pub fn gradient_at(&self, net: &Network, limit: usize) -> Gradients {
        let sample = self.seen(0..self.train.len().min(limit));
        average_gradient(net, &self.objective, &sample, limit)
    }

    /// Training samples `range` as the network sees them (after the input features).
    fn seen(&self, range: std::ops::Range<usize>) -> Dataset {
        let mut seen = Dataset::new(
            self.preprocess.input_names(&self.train),
            self.train.target_names().to_vec(),
        );
        let mut x = Vec::new();
        for k in range {
            self.preprocess.transform(self.train.input(k), &mut x);
            seen.push(&x, self.train.target(k));
        }
        seen
    }

    /// The batch that holds training sample `k` when the training set is cut into batches
    /// of the batch size in file order (just `k` when training online).
    pub fn batch_of(&self, k: usize) -> std::ops::Range<usize> {
        let size = self.settings.config.batch_size.max(1);
        let start = k / size * size;
        start..(start + size).min(self.train.len())
    }

    /// Training samples `range` trained as one batch where training stands, with the
    /// current settings (optimizer, regularization, dead links, the epoch's learning rate):
    /// the summed gradient and what the update makes of the network (see [`batch_step`]).
    /// `None` when the range holds no training sample.
    pub fn inspect_batch(&self, range: std::ops::Range<usize>) -> Option<BatchStep> {
        self.inspect_batch_at(self.now(), range)
    }

    /// [`inspect_batch`](Self::inspect_batch) at moment `m` of the run.
    pub fn inspect_batch_at(
        &self,
        m: Moment<'_>,
        range: std::ops::Range<usize>,
    ) -> Option<BatchStep> {
        let range = range.start..range.end.min(self.train.len());
        if range.is_empty() {
            return None;
        }
        let seen = self.seen(range.clone());
        let config = self.settings.config;
        let mut trainer = Trainer::with_objective(m.network, config, self.objective)
            .expect("the settings in use are valid");
        trainer.set_epoch(m.epoch as usize);
        trainer
            .set_config(config)
            .expect("the settings in use are valid");
        trainer.set_optimizer_state(m.optimizer.clone());
        let which: Vec<usize> = (0..range.len()).collect();
        Some(batch_step(&trainer, m.network, &seen, &which))
    }
}
