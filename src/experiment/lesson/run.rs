//! Judging a run by a lesson's goals: the measures of a network on its data, and a whole
//! headless run (the shipped lessons' test trains each reference solution with it).

use super::{Goal, Lesson, LessonError, Measures, Progress};
use crate::data::Dataset;
use crate::nn::{
    EpochReport, FitOptions, Flow, Network, Objective, Observer, Trainer, evaluate_all, fit,
};

/// What the goals are judged on: `net`'s losses and accuracy on `(train, test)` (as the
/// network sees them) after `epochs`, and its size.
pub fn measure(
    net: &Network,
    objective: &Objective,
    (train, test): (&Dataset, &Dataset),
    epochs: u64,
) -> Measures {
    let mut cache = net.cache();
    let train_eval = evaluate_all(net, objective, train, &mut cache);
    let test_eval = evaluate_all(net, objective, test, &mut cache);
    sized(
        net,
        epochs,
        Some(train_eval.loss),
        Some(test_eval.loss),
        test_eval.accuracy,
    )
}

/// The measures with the network's size filled in.
pub fn sized(
    net: &Network,
    epochs: u64,
    train_loss: Option<f64>,
    test_loss: Option<f64>,
    test_accuracy: Option<f64>,
) -> Measures {
    let layers = net.layers();
    Measures {
        train_loss,
        test_loss,
        test_accuracy,
        epochs,
        parameters: net.parameter_count(),
        neurons: layers[1..layers.len() - 1].iter().sum(),
    }
}

/// Judges each epoch's report.
struct Judge<'a> {
    goals: &'a [Goal],
    progress: Progress,
}

impl Observer for Judge<'_> {
    fn epoch_done(&mut self, net: &Network, report: &EpochReport) -> Flow {
        let m = sized(
            net,
            report.epoch as u64,
            report.train_eval.map(|e| e.loss),
            report.test_loss,
            report.test_eval.and_then(|e| e.accuracy),
        );
        self.progress.judge(self.goals, &m);
        Flow::Continue
    }
}

/// Trains the lesson's start with `flags` on top for `epochs`, judging every epoch (the
/// start's own moment first); returns which tiers were met, and when.
pub fn judge_run(lesson: &Lesson, flags: &[String], epochs: u64) -> Result<Progress, LessonError> {
    let setup = lesson.setup(flags)?;
    let (train, test) = setup
        .network_data()
        .map_err(|e| LessonError::Start(Box::new(e.into())))?;
    let mut net = setup.network.clone();
    let mut trainer = Trainer::new(&net, setup.config, &train)
        .map_err(|e| LessonError::Start(Box::new(e.into())))?;
    let mut judge = Judge {
        goals: &lesson.goals,
        progress: Progress::new(&lesson.goals),
    };
    let start = measure(
        &net,
        trainer.objective(),
        (&train, &test),
        setup.start_epoch,
    );
    judge.progress.judge(&lesson.goals, &start);
    let options = FitOptions {
        epochs: epochs as usize,
        train_metrics: true,
    };
    let mut rng = setup.shuffle_rng.clone();
    fit(
        &mut net,
        &mut trainer,
        &train,
        Some(&test),
        options,
        &mut rng,
        &mut judge,
    );
    Ok(judge.progress)
}
