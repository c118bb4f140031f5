//! The runs of an experiment: every run from a reset (or an opened model) to now, kept to
//! compare — its settings, curve and final figures — bounded, with pinned runs kept.

use crate::history::History;
use crate::model_file::RunRecord;
use crate::nn::{Activation, OptimizerKind, TrainConfig};

/// The most runs kept, the current one included (pinned runs are never dropped).
pub const MAX_RUNS: usize = 8;

/// The runs list. The last run is the current one, whose history the live experiment
/// holds; the others are finished.
#[derive(Clone, Debug, PartialEq)]
pub struct Runs {
    /// Finished runs, oldest first.
    pub finished: Vec<RunRecord>,
    /// The current run's name, pin and overlay state (its curve is the live one).
    pub current: RunRecord,
    /// The number the next run is named by.
    next: u32,
}

impl Runs {
    /// A list whose current run is `run 1`, trained with `config` on this network shape.
    pub fn new(layers: &[usize], activations: &[Activation], config: TrainConfig) -> Self {
        let mut runs = Runs {
            finished: Vec::new(),
            current: record("run 1".into(), layers, activations, config),
            next: 2,
        };
        runs.current.shown = true;
        runs
    }

    /// Finishes the current run with its `history` and `metrics` (kept if it recorded an
    /// epoch) and starts the next, with these settings. The oldest unpinned runs go beyond
    /// [`MAX_RUNS`].
    pub fn start_next(
        &mut self,
        (history, metrics): (&History, &History),
        epochs: u64,
        layers: &[usize],
        activations: &[Activation],
        config: TrainConfig,
    ) {
        // A run that recorded no epoch is not filed, and its number goes to the next: runs
        // are numbered in order.
        let name = if history.is_empty() {
            self.current.name.clone()
        } else {
            self.next += 1;
            format!("run {}", self.next - 1)
        };
        let mut next = record(name, layers, activations, config);
        next.data = self.current.data.clone();
        let mut done = std::mem::replace(&mut self.current, next);
        self.current.shown = true;
        if !history.is_empty() {
            done.history = history.clone();
            done.metrics = metrics.clone();
            done.epochs = epochs;
            self.finished.push(done);
        }
        self.trim();
    }

    /// Keeps [`MAX_RUNS`] runs with the current one: every pinned run, and the newest
    /// unpinned ones.
    fn trim(&mut self) {
        while self.finished.len() + 1 > MAX_RUNS {
            match self.finished.iter().position(|r| !r.pinned) {
                Some(oldest) => {
                    self.finished.remove(oldest);
                }
                None => break,
            }
        }
    }

    /// The current run's settings changed: they label it while it has not trained (a run
    /// is labelled by the settings it trained with).
    pub fn configure(&mut self, config: TrainConfig, trained: bool) {
        if !trained {
            self.current.config = config;
        }
    }

    /// Forgets finished run `i`.
    pub fn remove(&mut self, i: usize) {
        if i < self.finished.len() {
            self.finished.remove(i);
        }
    }

    /// The finished runs, for a model file.
    pub fn records(&self) -> Vec<RunRecord> {
        self.finished.clone()
    }

    /// Takes the runs a model file kept (the current run goes on counting after them).
    pub fn restore(&mut self, records: Vec<RunRecord>) {
        let number = |name: &str| name.strip_prefix("run ")?.parse::<u32>().ok();
        let highest = records
            .iter()
            .filter_map(|r| number(&r.name))
            .max()
            .unwrap_or(0);
        self.finished = records;
        self.trim();
        if number(&self.current.name).is_some_and(|n| n <= highest) {
            self.current.name = format!("run {}", highest + 1);
        }
        let current = number(&self.current.name).unwrap_or(0);
        self.next = self.next.max(highest + 1).max(current + 1);
    }

    /// Every run as CSV in long form: one row per run and epoch, with the run's name, the
    /// losses and the headline metric (empty where not measured); the current run last,
    /// from `current` (its live history and metrics).
    pub fn to_csv(&self, current: (&History, &History)) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "run",
            "epoch",
            "train_loss",
            "test_loss",
            "train_metric",
            "test_metric",
        ])?;
        let runs = self
            .finished
            .iter()
            .map(|r| (r.name.as_str(), &r.history, &r.metrics))
            .chain([(self.current.name.as_str(), current.0, current.1)]);
        for (name, history, metrics) in runs {
            for (i, &epoch) in history.epoch.iter().enumerate() {
                let metric = metrics.epoch.binary_search(&epoch).ok();
                let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
                w.write_record([
                    name.to_string(),
                    epoch.to_string(),
                    history.train_loss[i].to_string(),
                    cell(history.test_loss[i]),
                    cell(metric.map(|m| metrics.train_loss[m])),
                    cell(metric.and_then(|m| metrics.test_loss[m])),
                ])?;
            }
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }
}

/// A run record with no curve yet.
fn record(
    name: String,
    layers: &[usize],
    activations: &[Activation],
    config: TrainConfig,
) -> RunRecord {
    RunRecord {
        name,
        pinned: false,
        shown: false,
        layers: layers.to_vec(),
        activations: activations.to_vec(),
        config,
        data: String::new(),
        epochs: 0,
        history: History::default(),
        metrics: History::default(),
    }
}

/// What sets `run` apart from `current`, as a short label: `lr 0.1, adam, batch 32`, or
/// `same settings`.
pub fn difference(run: &RunRecord, current: &RunRecord) -> String {
    let (a, b) = (&run.config, &current.config);
    let mut parts = Vec::new();
    if run.data != current.data && !run.data.is_empty() {
        parts.push(run.data.clone());
    }
    if run.layers != current.layers {
        let layers: Vec<String> = run.layers.iter().map(|n| n.to_string()).collect();
        parts.push(format!("[{}]", layers.join(",")));
    }
    if run.activations != current.activations {
        let names: Vec<&str> = run.activations.iter().map(|a| a.name()).collect();
        parts.push(names.join("/"));
    }
    if a.learning_rate != b.learning_rate {
        parts.push(format!("lr {}", a.learning_rate));
    }
    if a.batch_size != b.batch_size {
        parts.push(format!("batch {}", a.batch_size));
    }
    if a.optimizer.kind != b.optimizer.kind {
        parts.push(a.optimizer.kind.to_string());
    } else if a.optimizer != b.optimizer && a.optimizer.kind != OptimizerKind::Sgd {
        parts.push(format!("{} settings", a.optimizer.kind));
    }
    if a.loss != b.loss {
        parts.push(format!("{} loss", a.loss));
    }
    if a.regularization != b.regularization || a.reg_rate != b.reg_rate {
        parts.push(format!("{} {}", a.regularization, a.reg_rate));
    }
    if a.schedule != b.schedule {
        parts.push("lr schedule".into());
    }
    if a.shuffle != b.shuffle {
        parts.push(if a.shuffle { "shuffled" } else { "file order" }.into());
    }
    if parts.is_empty() {
        "same settings".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Optimizer, Regularization};

    fn curve(n: u64, scale: f64) -> History {
        let mut h = History::default();
        for e in 1..=n {
            h.push(e, scale / e as f64, Some(2.0 * scale / e as f64));
        }
        h
    }

    const LAYERS: [usize; 3] = [2, 4, 1];
    const ACTS: [Activation; 2] = [Activation::Tanh, Activation::Identity];

    #[test]
    fn a_reset_files_the_run_and_only_runs_that_trained_are_kept() {
        let config = TrainConfig::default();
        let mut runs = Runs::new(&LAYERS, &ACTS, config);
        assert_eq!(runs.current.name, "run 1");
        let empty = History::default();
        runs.start_next((&empty, &empty), 0, &LAYERS, &ACTS, config);
        assert!(runs.finished.is_empty(), "an untrained run is not kept");
        assert_eq!(runs.current.name, "run 1", "nor numbered");
        runs.start_next((&curve(5, 1.0), &empty), 5, &LAYERS, &ACTS, config);
        assert_eq!(runs.finished.len(), 1);
        assert_eq!(runs.finished[0].name, "run 1");
        assert_eq!(runs.finished[0].epochs, 5);
        assert_eq!(runs.finished[0].history, curve(5, 1.0));
        assert!(runs.finished[0].shown, "a finished run stays overlaid");
        assert_eq!(runs.current.name, "run 2");
    }

    #[test]
    fn the_list_is_bounded_and_pinned_runs_stay() {
        let config = TrainConfig::default();
        let mut runs = Runs::new(&LAYERS, &ACTS, config);
        let empty = History::default();
        for k in 0..20 {
            runs.start_next((&curve(3, k as f64), &empty), 3, &LAYERS, &ACTS, config);
            if k == 1 {
                runs.finished.last_mut().unwrap().pinned = true;
            }
        }
        assert_eq!(runs.finished.len() + 1, MAX_RUNS);
        assert_eq!(
            runs.finished[0].name, "run 2",
            "pinned: kept from the start"
        );
        assert_eq!(runs.finished.last().unwrap().name, "run 20");
        assert_eq!(runs.finished[1].name, "run 15", "the oldest unpinned went");
        runs.remove(0);
        assert!(runs.finished.iter().all(|r| !r.pinned));
        runs.remove(99);
        let n = runs.finished.len();
        runs.remove(n);
        assert_eq!(
            runs.finished.len(),
            MAX_RUNS - 2,
            "no run past the end to remove"
        );
    }

    #[test]
    fn a_run_is_labelled_by_the_settings_it_trained_with_and_numbered_in_order() {
        let mut runs = Runs::new(&LAYERS, &ACTS, TrainConfig::default());
        let faster = TrainConfig {
            learning_rate: 0.5,
            ..TrainConfig::default()
        };
        runs.configure(faster, false);
        assert_eq!(
            runs.current.config, faster,
            "not trained yet: follows the panel"
        );
        let slower = TrainConfig {
            learning_rate: 0.01,
            ..TrainConfig::default()
        };
        runs.configure(slower, true);
        assert_eq!(runs.current.config, faster, "trained: the settings it had");
        // Resets that trained nothing file nothing, and use no number.
        for _ in 0..3 {
            runs.start_next(
                (&History::default(), &History::default()),
                0,
                &LAYERS,
                &ACTS,
                faster,
            );
        }
        assert!(runs.finished.is_empty());
        assert_eq!(runs.current.name, "run 1");
        let empty = History::default();
        runs.start_next(
            (&curve(2, 1.0), &empty),
            2,
            &LAYERS,
            &ACTS,
            TrainConfig::default(),
        );
        assert_eq!(difference(&runs.finished[0], &runs.current), "lr 0.5");
        assert_eq!(
            (runs.finished[0].name.as_str(), runs.current.name.as_str()),
            ("run 1", "run 2")
        );
    }

    #[test]
    fn a_runs_label_names_what_differs_from_the_current_settings() {
        let base = TrainConfig::default();
        let current = record("now".into(), &LAYERS, &ACTS, base);
        let mut other = current.clone();
        assert_eq!(difference(&other, &current), "same settings");
        other.config.learning_rate = 0.1;
        other.config.batch_size = 32;
        other.config.optimizer = Optimizer {
            kind: OptimizerKind::Adam,
            ..Optimizer::default()
        };
        assert_eq!(difference(&other, &current), "lr 0.1, batch 32, adam");
        let mut other = current.clone();
        other.layers = vec![2, 8, 8, 1];
        other.config.regularization = Regularization::L2;
        other.config.reg_rate = 0.01;
        assert_eq!(difference(&other, &current), "[2,8,8,1], l2 0.01");
        // Only the strength differs; only an optimizer's hyper-parameters differ.
        let mut stronger = current.clone();
        stronger.config.reg_rate = 0.5;
        assert_eq!(difference(&stronger, &current), "none 0.5");
        let mut adam = current.clone();
        adam.config.optimizer = Optimizer::of(OptimizerKind::Adam);
        let mut adam_now = current.clone();
        adam_now.config.optimizer = Optimizer {
            beta1: 0.5,
            ..Optimizer::of(OptimizerKind::Adam)
        };
        assert_eq!(difference(&adam, &adam_now), "adam settings");
        let mut sgd = current.clone();
        sgd.config.optimizer.momentum = 0.5;
        assert_eq!(difference(&sgd, &current), "same settings", "SGD ignores μ");
    }

    #[test]
    fn every_run_exports_as_rows_of_one_long_csv() {
        let config = TrainConfig::default();
        let mut runs = Runs::new(&LAYERS, &ACTS, config);
        let mut metrics = History::default();
        metrics.push(2, 0.75, Some(0.5));
        runs.start_next((&curve(2, 1.0), &metrics), 2, &LAYERS, &ACTS, config);
        let live = curve(1, 3.0);
        let text = String::from_utf8(runs.to_csv((&live, &History::default())).unwrap()).unwrap();
        assert_eq!(
            text,
            "run,epoch,train_loss,test_loss,train_metric,test_metric\n\
             run 1,1,1,2,,\n\
             run 1,2,0.5,1,0.75,0.5\n\
             run 2,1,3,6,,\n"
        );
    }

    #[test]
    fn restored_runs_keep_their_names_and_the_count_goes_on() {
        let config = TrainConfig::default();
        let mut saved = Runs::new(&LAYERS, &ACTS, config);
        let empty = History::default();
        for _ in 0..3 {
            saved.start_next((&curve(2, 1.0), &empty), 2, &LAYERS, &ACTS, config);
        }
        let mut runs = Runs::new(&LAYERS, &ACTS, config);
        runs.restore(saved.records());
        assert_eq!(runs.finished.len(), 3);
        assert_eq!(runs.finished[2].name, "run 3");
        assert_eq!(runs.current.name, "run 4");
        runs.start_next((&curve(2, 1.0), &empty), 2, &LAYERS, &ACTS, config);
        assert_eq!(runs.current.name, "run 5");
        // A renamed current run keeps its name; the next is numbered after the restored.
        let mut mine = Runs::new(&LAYERS, &ACTS, config);
        mine.current.name = "mine".into();
        mine.restore(saved.records());
        assert_eq!(mine.current.name, "mine");
        mine.start_next((&curve(2, 1.0), &empty), 2, &LAYERS, &ACTS, config);
        assert_eq!(mine.current.name, "run 4");
        // At most MAX_RUNS − 1 finished runs come back.
        let many: Vec<RunRecord> = (0..10).map(|_| saved.records()[0].clone()).collect();
        let mut full = Runs::new(&LAYERS, &ACTS, config);
        full.restore(many);
        assert_eq!(full.finished.len(), MAX_RUNS - 1);
    }

    #[test]
    fn a_reopened_model_keeps_every_pinned_run_and_the_newest_others() {
        let config = TrainConfig::default();
        let empty = History::default();
        let mut saved = Runs::new(&LAYERS, &ACTS, config);
        saved.start_next((&curve(2, 1.0), &empty), 2, &LAYERS, &ACTS, config);
        // Pinned runs are kept while training however many there are: here eight.
        let records: Vec<RunRecord> = (1..=MAX_RUNS)
            .map(|k| RunRecord {
                name: format!("run {k}"),
                pinned: true,
                ..saved.records()[0].clone()
            })
            .collect();
        // Eight pinned runs come back as eight.
        let mut runs = Runs::new(&LAYERS, &ACTS, config);
        runs.restore(records.clone());
        assert_eq!(runs.records(), records);
        // Unpinned runs give way oldest first; the newest stay.
        let mut mixed = records.clone();
        for r in mixed.iter_mut().skip(1) {
            r.pinned = false;
        }
        let newest: Vec<String> = mixed.iter().map(|r| r.name.clone()).collect();
        mixed.extend(records.iter().cloned().map(|mut r| {
            r.pinned = false;
            r.name = format!("{} again", r.name);
            r
        }));
        let mut runs = Runs::new(&LAYERS, &ACTS, config);
        runs.restore(mixed.clone());
        let names: Vec<&str> = runs.finished.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names.len(), MAX_RUNS - 1);
        assert_eq!(names[0], newest[0], "the pinned run stays");
        assert_eq!(
            names[1..],
            mixed[mixed.len() - (MAX_RUNS - 2)..]
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            "then the newest unpinned runs"
        );
    }
}
