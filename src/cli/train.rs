//! `scratchnet train`: a whole training run, headless.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

use super::TrainArgs;
use crate::model_file::{self, History, Model};
use crate::nn::{EpochReport, Flow, Network, Observer, Trainer, fit};

/// Runs `scratchnet train`, writing the epoch lines to `out`.
pub fn run_train(args: &TrainArgs, out: &mut dyn Write) -> Result<(), String> {
    let setup = args.resolve()?;
    let mut network = setup.network;
    let total = setup.epochs;
    let mut trainer =
        Trainer::new(&network, setup.config, setup.train.len()).map_err(|e| e.to_string())?;
    let mut rng = crate::seeded(setup.training.seed);
    eprintln!(
        "scratchnet: training {:?} ({} parameters) on {} samples, testing on {}, \
         batch {}, lr {}, {}",
        network.layers(),
        network.parameter_count(),
        setup.train.len(),
        setup.test.len(),
        setup.config.batch_size,
        setup.config.learning_rate,
        if setup.config.shuffle {
            "shuffled"
        } else {
            "file order"
        },
    );

    let steps = total as u64 * setup.train.len() as u64;
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
        history: History::default(),
        write_error: None,
    };
    fit(
        &mut network,
        &mut trainer,
        &setup.train,
        Some(&setup.test),
        total,
        &mut rng,
        &mut printer,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if let Some(e) = printer.write_error {
        return Err(format!("cannot print: {e}"));
    }
    let run = printer.history;
    if let Some(path) = &args.history {
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let bytes = run.to_csv().map_err(|e| fail(&e))?;
        model_file::write_atomically(path, &bytes).map_err(|e| fail(&e))?;
    }
    if let Some(path) = &args.model_out {
        let mut history = setup.history;
        for i in 0..run.len() {
            let epoch = setup.start_epoch + run.epoch[i];
            history.push(epoch, run.train_loss[i], run.test_loss[i]);
        }
        history.thin(10_000);
        let model = Model {
            network,
            training: Some(setup.training),
            data: Some(setup.data),
            epoch: setup.start_epoch + run.len() as u64,
            history: Some(history),
        };
        model_file::save(&model, path).map_err(|e| e.to_string())?;
        eprintln!("scratchnet: model written to {}", path.display());
    }
    Ok(())
}

/// Prints `[Epoch i/N] …` lines and keeps every epoch's losses.
struct Printer<'a> {
    out: &'a mut dyn Write,
    total: usize,
    every: usize,
    bar: Option<&'a ProgressBar>,
    history: History,
    write_error: Option<std::io::Error>,
}

impl Observer for Printer<'_> {
    fn epoch_done(&mut self, _: &Network, report: &EpochReport) -> Flow {
        self.history
            .push(report.epoch as u64, report.train_loss, report.test_loss);
        let i = self.history.len();
        if let Some(bar) = self.bar {
            bar.inc(1);
        }
        if i == 1 || i.is_multiple_of(self.every) || i == self.total {
            let line = format!(
                "[Epoch {i}/{}] train_loss: {} test_loss: {}",
                self.total,
                report.train_loss,
                report.test_loss.map_or("-".to_string(), |t| t.to_string())
            );
            let result = match self.bar {
                Some(bar) => bar.suspend(|| writeln!(self.out, "{line}")),
                None => writeln!(self.out, "{line}"),
            };
            if let Err(e) = result {
                self.write_error = Some(e);
                return Flow::Stop;
            }
        }
        Flow::Continue
    }
}
