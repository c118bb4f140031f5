//! The confusion panel: the test set's confusion matrix with each class's accuracy, for
//! classification data.

use crate::app::i18n::{tr, trf};
use std::time::{Duration, Instant};

use crate::experiment::{Experiment, Moment};
use crate::nn::Confusion;

/// The most test samples the window's confusion table counts (it is measured on the UI
/// thread; `train --confusion` counts them all).
pub const CONFUSION_SAMPLES: usize = 20_000;

/// How old a matrix may be while training runs.
const FRESH_FOR: Duration = Duration::from_millis(500);

/// The matrix last measured: as of a revision of the run, a moment's epoch and the
/// sample steps taken (a run that paused part-way through an epoch, say at a divergence,
/// has moved on), and a time.
#[derive(Default)]
pub struct ConfusionPanel {
    measured: Option<Measured>,
}

/// A matrix and what it was measured as of.
struct Measured {
    revision: (u64, u64),
    when: (u64, u64),
    at: Instant,
    matrix: Confusion,
}

impl ConfusionPanel {
    /// The test set's confusion matrix at moment `m` of the run (rows: the true class,
    /// columns: the class said), measured again at most twice a second while training
    /// runs.
    pub fn matrix(&mut self, e: &Experiment, m: Moment<'_>) -> Option<&Confusion> {
        let when = (m.epoch, e.sample_steps());
        let fresh = self.measured.as_ref().is_some_and(|m| {
            m.revision == e.revision()
                && (m.when == when || (e.is_playing() && m.at.elapsed() < FRESH_FOR))
        });
        if !fresh {
            let net = m.network;
            let matrix = crate::nn::confusion_of_first(
                net,
                e.test_data(),
                CONFUSION_SAMPLES,
                &mut net.cache(),
            )?;
            self.measured = Some(Measured {
                revision: e.revision(),
                when,
                at: Instant::now(),
                matrix,
            });
        }
        self.measured.as_ref().map(|m| &m.matrix)
    }

    /// The table at moment `m`, with the classes' `names`.
    pub fn ui(&mut self, ui: &mut egui::Ui, e: &Experiment, m: Moment<'_>, names: &[String]) {
        let n = e.test_data().len();
        let Some(matrix) = self.matrix(e, m) else {
            return;
        };
        if n > CONFUSION_SAMPLES {
            ui.weak(trf!(
                "The first {} of {} test samples: rows the true class, \
                 columns the class said",
                CONFUSION_SAMPLES,
                n
            ));
        } else {
            ui.weak(tr("Test set: rows the true class, columns the class said"));
        }
        egui::Grid::new("confusion").striped(true).show(ui, |ui| {
            ui.label("");
            for n in names {
                ui.strong(n);
            }
            ui.label(tr("right"));
            ui.end_row();
            for ((row, name), acc) in matrix
                .counts
                .iter()
                .zip(names)
                .zip(matrix.per_class_accuracy())
            {
                ui.strong(name);
                for c in row {
                    ui.monospace(c.to_string());
                }
                ui.monospace(acc.map_or("–".into(), |a| format!("{:.1}%", 100.0 * a)));
                ui.end_row();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DataSource, DataSpec, DatasetKind, Preprocess};
    use crate::experiment::{RunSettings, Start};
    use crate::nn::{Activation, Init, Network};

    fn experiment(kind: DatasetKind, classes: usize, outputs: usize) -> Experiment {
        let spec = DataSpec {
            source: DataSource::Builtin(kind),
            classes,
            ..DataSpec::default()
        };
        let data = spec.load().unwrap();
        let acts = [Activation::Tanh, Activation::Softmax];
        let acts = if outputs >= 2 {
            &acts[..]
        } else {
            &[Activation::Tanh, Activation::Identity][..]
        };
        let net = Network::initialized(&[2, 4, outputs], acts, Init::Xavier, &mut crate::seeded(1))
            .unwrap();
        let start = Start::fresh(net, data, Preprocess::default(), 0);
        Experiment::new(start, RunSettings::default(), std::sync::Arc::new(|| {})).unwrap()
    }

    #[test]
    fn the_matrix_counts_every_test_sample_once_and_regression_has_none() {
        let e = experiment(DatasetKind::Blobs, 3, 3);
        let mut panel = ConfusionPanel::default();
        let m = panel
            .matrix(&e, e.now())
            .expect("classification data")
            .clone();
        assert_eq!(m.counts.len(), 3);
        let total: u64 = m.counts.iter().flatten().sum();
        assert_eq!(total, e.test_data().len() as u64);
        assert_eq!(
            panel.matrix(&e, e.now()),
            Some(&m),
            "the same moment: the same matrix"
        );
        let plane = experiment(DatasetKind::Plane, 2, 1);
        assert_eq!(ConfusionPanel::default().matrix(&plane, plane.now()), None);
    }
}
