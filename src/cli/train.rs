//! `scratchnet train`: a whole training run, headless.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::data::{DataError, Dataset};
use crate::experiment::{ExperimentArgs, ExperimentError, Setup, frame_epochs, write_gif};
use crate::history::History;
use crate::model_file::{self, Model, ModelFileError};
use crate::nn::{
    Divergence, EpochReport, Evaluation, FitOptions, FitOutcome, Flow, Network, NnError, Observer,
    StopReason, Trainer, class_labels, class_names, confusion, fit,
};

/// Flags of `scratchnet train`: the experiment, and how long to train and what to write.
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct TrainArgs {
    /// The experiment.
    #[command(flatten)]
    pub experiment: ExperimentArgs,
    /// Epochs to train [default: 100].
    #[arg(long, value_name = "N")]
    pub epochs: Option<usize>,
    /// Print every K epochs (and the first and last) [default: 10].
    #[arg(long, value_name = "K")]
    pub verbose: Option<usize>,
    /// Write the trained model here.
    #[arg(long, value_name = "FILE")]
    pub model_out: Option<PathBuf>,
    /// Write the per-epoch losses here as CSV.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// At the end, print the test set's confusion matrix and per-class accuracy
    /// (classification data).
    #[arg(long)]
    pub confusion: bool,
    /// Write the run as an animated GIF: the map at up to 60 epochs, closer together early,
    /// each frame labelled with its epoch (2-input data).
    #[arg(long, value_name = "FILE.gif")]
    pub animation: Option<PathBuf>,
    /// Draw the network's diagram beside the map in `--animation` (twice as wide).
    #[arg(long, requires = "animation")]
    pub animation_diagram: bool,
}

/// Why `scratchnet train` stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// The experiment cannot be set up.
    #[error(transparent)]
    Experiment(#[from] ExperimentError),
    /// The data does not suit the preprocessing.
    #[error(transparent)]
    Data(#[from] DataError),
    /// The network cannot be trained with these settings.
    #[error(transparent)]
    Nn(#[from] NnError),
    /// `--verbose 0`.
    #[error("--verbose must be at least 1")]
    ZeroVerbose,
    /// An output's folder is missing, or the output is a folder.
    #[error("{}: {why}", path.display())]
    Output {
        /// The output file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// A file could not be written.
    #[error("{}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The model file could not be written.
    #[error(transparent)]
    ModelFile(#[from] ModelFileError),
    /// Standard output could not be written.
    #[error("cannot print: {0}")]
    Print(std::io::Error),
    /// A batch's loss or gradient was not finite. The outputs asked for are written with
    /// the weights from before that batch.
    #[error(
        "{divergence}; kept the weights from before that batch; try a smaller learning rate \
         (now {}){}",
        crate::experiment::short_number(*learning_rate),
        if written.is_empty() { String::new() } else { format!("; {written} written with them") }
    )]
    Diverged {
        /// Where.
        divergence: Divergence,
        /// The learning rate in use.
        learning_rate: f64,
        /// The outputs written (`--model-out and --history`), or empty.
        written: String,
    },
}

impl TrainArgs {
    /// Checks every flag, loads the data and builds or loads the network; nothing is
    /// written.
    pub fn resolve(&self) -> Result<Setup, TrainError> {
        if self.verbose == Some(0) {
            return Err(TrainError::ZeroVerbose);
        }
        for out in [&self.model_out, &self.history, &self.animation]
            .into_iter()
            .flatten()
        {
            check_writable_folder(out)?;
        }
        Ok(self.experiment.resolve()?)
    }
}

/// Frames of `--animation` at most.
const MAX_FRAMES: usize = 60;

/// Writes `--animation`: the kept moments over the training points.
fn write_animation(
    path: &Path,
    kept: &[(u64, Network)],
    setup: &Setup,
    diagram: bool,
) -> Result<(), TrainError> {
    let moments: Vec<(u64, &Network)> = kept.iter().map(|(e, n)| (*e, n)).collect();
    let mut bytes = Vec::new();
    let frames = write_gif(
        &moments,
        &setup.preprocess,
        &setup.train,
        diagram,
        &mut bytes,
    )
    .map_err(|e| TrainError::Output {
        path: path.to_path_buf(),
        why: e.to_string(),
    })?;
    model_file::write_atomically(path, &bytes).map_err(|source| TrainError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    eprintln!(
        "scratchnet: animation of {frames} frames written to {}",
        path.display()
    );
    Ok(())
}

/// Fails early when an output file's folder does not exist, so that a long run does not
/// end in an error.
fn check_writable_folder(path: &Path) -> Result<(), TrainError> {
    let refuse = |why: String| TrainError::Output {
        path: path.to_path_buf(),
        why,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(refuse(format!("folder {} does not exist", dir.display())));
    }
    if path.is_dir() {
        return Err(refuse("is a folder, not a file".into()));
    }
    Ok(())
}

/// Runs `scratchnet train`, writing the epoch lines to `out`.
pub fn run_train(args: &TrainArgs, out: &mut dyn Write) -> Result<(), TrainError> {
    let setup = args.resolve()?;
    if let Some(path) = &args.animation
        && setup.train.n_inputs() != 2
    {
        let why = crate::experiment::AnimationError::NotPlanar(setup.train.n_inputs());
        return Err(TrainError::Output {
            path: path.clone(),
            why: why.to_string(),
        });
    }
    let (train, test) = setup.network_data()?;
    let mut network = setup.network.clone();
    let total = args.epochs.unwrap_or(100);
    let mut trainer = Trainer::new(&network, setup.config, &train)?;
    trainer.set_optimizer_state(setup.optimizer_state.clone());
    // A resumed run goes on counting epochs (the learning-rate schedule depends on it).
    trainer.set_epoch(setup.start_epoch as usize);
    let mut rng = setup.shuffle_rng.clone();
    let classification = class_labels(&train).is_some();
    announce(&setup, &network, (&train, &test));
    let steps = total as u64 * train.len() as u64;
    let bar = (std::io::stderr().is_terminal() && steps > 20_000_000).then(|| {
        let bar = ProgressBar::new(total as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} epochs, {per_sec}, eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let mut printer = Printer {
        out,
        total,
        every: args.verbose.unwrap_or(10),
        bar: bar.as_ref(),
        rows: Vec::with_capacity(total.min(1 << 20)),
        write_error: None,
        last_line_printed: false,
        frames: args.animation.as_ref().map(|_| {
            let start = setup.start_epoch;
            let wanted = frame_epochs(total as u64, MAX_FRAMES)
                .iter()
                .map(|e| start + e)
                .collect();
            (wanted, vec![(start, network.clone())])
        }),
    };
    trainer.set_stop_rule(setup.training.stop);
    let options = FitOptions {
        epochs: total,
        train_metrics: true,
    };
    let outcome = fit(
        &mut network,
        &mut trainer,
        &train,
        Some(&test),
        options,
        &mut rng,
        &mut printer,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if let Some(e) = printer.write_error.take() {
        return Err(TrainError::Print(e));
    }
    if let Some(last) = printer.rows.last().copied()
        && !printer.last_line_printed
    {
        printer.print(printer.rows.len(), &last);
    }
    say_how_it_ended(&setup, &outcome, (&network, &test), args.confusion);
    let dead = trainer.optimizer_state().dead.len();
    if dead > 0 {
        eprintln!(
            "scratchnet: {dead} of {} weights are dead links: L1 drove them across zero, \
             they stay 0 and are no longer trained",
            network.weights().len()
        );
    }
    if let (Some(path), Some((_, kept))) = (&args.animation, &printer.frames) {
        write_animation(path, kept, &setup, args.animation_diagram)?;
    }
    let rows = printer.rows;
    let mut run = History::default();
    for r in &rows {
        run.push(r.epoch as u64, r.train_loss, r.test_loss);
    }

    if let Some(path) = &args.history {
        let fail = |source| TrainError::Write {
            path: path.clone(),
            source,
        };
        let bytes = history_csv(&rows, classification).map_err(|e| fail(e.into()))?;
        model_file::write_atomically(path, &bytes).map_err(fail)?;
    }
    if let Some(path) = &args.model_out {
        let mut history = setup.history;
        for i in 0..run.len() {
            history.push(run.epoch[i], run.train_loss[i], run.test_loss[i]);
        }
        history.thin(10_000);
        let model = Model {
            network,
            training: Some(setup.training),
            data: Some(setup.data),
            epoch: trainer.epoch() as u64,
            history: Some(history),
            preprocess: setup.preprocess,
            optimizer_state: Some(trainer.optimizer_state().clone()),
            shuffle_rng: Some(rng),
            classes: crate::nn::one_hot_classes(&train)
                .and_then(|_| crate::nn::class_names(&train)),
            runs: Vec::new(),
        };
        model_file::save(&model, path)?;
        eprintln!("scratchnet: model written to {}", path.display());
    }
    if let Some(StopReason::Diverged(divergence)) = outcome.stopped {
        let written: Vec<&str> = [
            args.model_out.as_ref().map(|_| "--model-out"),
            args.history.as_ref().map(|_| "--history"),
        ]
        .into_iter()
        .flatten()
        .collect();
        return Err(TrainError::Diverged {
            divergence,
            learning_rate: trainer.rate(),
            written: written.join(" and "),
        });
    }
    Ok(())
}

/// Says on standard error what is trained on what, and why it may not learn.
fn announce(setup: &Setup, network: &Network, (train, test): (&Dataset, &Dataset)) {
    for notice in &setup.notices {
        eprintln!("scratchnet: {notice}");
    }
    eprintln!(
        "scratchnet: training {:?} ({} parameters) on {} samples, testing on {}, \
         batch {}, lr {}, {}, {} loss, {} optimizer",
        network.layers(),
        network.parameter_count(),
        train.len(),
        test.len(),
        setup.config.batch_size,
        setup.config.learning_rate,
        if setup.config.shuffle {
            "shuffled"
        } else {
            "file order"
        },
        setup.config.loss,
        setup.config.optimizer.kind,
    );

    for hint in crate::experiment::cannot_learn(network, setup.config.loss, train) {
        eprintln!("warning: {hint}");
    }
}

/// Says on standard error why training stopped early (if it did), and the confusion
/// matrix when asked for.
fn say_how_it_ended(
    setup: &Setup,
    outcome: &FitOutcome,
    (network, test): (&Network, &Dataset),
    with_confusion: bool,
) {
    match outcome.stopped {
        Some(StopReason::LossReached) => eprintln!(
            "scratchnet: stopped after epoch {}: the loss reached {}",
            outcome.epochs,
            setup.training.stop.loss_below.unwrap_or(0.0)
        ),
        Some(StopReason::NoImprovement) => eprintln!(
            "scratchnet: stopped after epoch {}: no test-loss improvement for {} epochs{}",
            outcome.epochs,
            setup.training.stop.patience.unwrap_or(0),
            if outcome.restored_best {
                "; the best weights are restored"
            } else {
                ""
            }
        ),
        // Said as the error, once the outputs are written.
        Some(StopReason::Diverged(_)) | None => {}
    }
    if with_confusion {
        let mut cache = network.cache();
        match (confusion(network, test, &mut cache), class_names(test)) {
            (Some(matrix), Some(names)) => eprintln!(
                "scratchnet: confusion on the test set (rows: the true class, columns: the \
                 class said)\n{}",
                matrix.to_text(&names)
            ),
            _ => eprintln!("scratchnet: --confusion: the data is not classification data"),
        }
    }
}

/// The per-epoch CSV: losses, then accuracy (classification) or RMSE and R² (regression).
fn history_csv(rows: &[EpochReport], classification: bool) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["epoch", "train_loss", "test_loss"];
    if classification {
        header.extend(["train_accuracy", "test_accuracy"]);
    } else {
        header.extend(["train_rmse", "test_rmse", "train_r2", "test_r2"]);
    }
    w.write_record(&header)?;
    let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in rows {
        let (tr, te) = (r.train_eval, r.test_eval);
        let get = |e: Option<Evaluation>, f: fn(&Evaluation) -> Option<f64>| e.as_ref().and_then(f);
        let mut row = vec![
            r.epoch.to_string(),
            r.train_loss.to_string(),
            cell(r.test_loss),
        ];
        if classification {
            row.push(cell(get(tr, |e| e.accuracy)));
            row.push(cell(get(te, |e| e.accuracy)));
        } else {
            row.push(cell(get(tr, |e| e.rmse)));
            row.push(cell(get(te, |e| e.rmse)));
            row.push(cell(get(tr, |e| e.r2)));
            row.push(cell(get(te, |e| e.r2)));
        }
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Prints `[Epoch i/N] …` lines and keeps every epoch's report.
struct Printer<'a> {
    out: &'a mut dyn Write,
    total: usize,
    every: usize,
    bar: Option<&'a ProgressBar>,
    rows: Vec<EpochReport>,
    write_error: Option<std::io::Error>,
    last_line_printed: bool,
    /// `--animation`: the epochs to keep, and the networks kept at them.
    frames: Option<(Vec<u64>, Vec<Kept>)>,
}

/// A network kept for `--animation`, with its epoch.
type Kept = (u64, Network);

/// The test metric of a report, as the epoch line ends.
fn metric_text(report: &EpochReport) -> String {
    let Some(e) = report.test_eval else {
        return String::new();
    };
    match (e.accuracy, e.rmse, e.r2) {
        (Some(a), _, _) => format!(" test_accuracy: {a}"),
        (None, Some(rmse), Some(r2)) => format!(" test_rmse: {rmse} test_r2: {r2}"),
        (None, Some(rmse), None) => format!(" test_rmse: {rmse}"),
        _ => String::new(),
    }
}

impl Printer<'_> {
    fn print(&mut self, i: usize, report: &EpochReport) {
        let line = format!(
            "[Epoch {i}/{}] train_loss: {} test_loss: {}{}",
            self.total,
            report.train_loss,
            report.test_loss.map_or("-".to_string(), |t| t.to_string()),
            metric_text(report)
        );
        let result = match self.bar {
            Some(bar) => bar.suspend(|| writeln!(self.out, "{line}")),
            None => writeln!(self.out, "{line}"),
        };
        if let Err(e) = result {
            self.write_error = Some(e);
        }
    }
}

impl Observer for Printer<'_> {
    fn epoch_done(&mut self, net: &Network, report: &EpochReport) -> Flow {
        self.rows.push(*report);
        if let Some((wanted, kept)) = &mut self.frames
            && wanted.binary_search(&(report.epoch as u64)).is_ok()
        {
            kept.push((report.epoch as u64, net.clone()));
        }
        let i = self.rows.len();
        if let Some(bar) = self.bar {
            bar.inc(1);
        }
        self.last_line_printed = i == 1 || i.is_multiple_of(self.every) || i == self.total;
        if self.last_line_printed {
            self.print(i, report);
        }
        if self.write_error.is_some() {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}
