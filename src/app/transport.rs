//! The transport bar: Play/Pause, Step, Reset, where training stands (read from the
//! experiment) and how fast it goes.

use crate::app::i18n::{tr, trf};
use std::time::Instant;

use crate::experiment::Experiment;
pub use crate::experiment::short_number;
use crate::nn::Evaluation;

/// What the transport bar asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub enum TransportAction {
    /// Start or pause continuous training.
    TogglePlay,
    /// Train one epoch (or the rest of the current one).
    StepEpoch,
    /// Train one batch.
    StepBatch,
    /// Train one batch in slow motion: each sample in the step inspector, then the update.
    SlowStep,
    /// Re-initialise the network.
    Reset,
    /// Play at most this many epochs a second (`None`: as fast as the machine goes).
    Pace(Option<f64>),
}

/// The paces offered, in epochs a second; then max.
pub const PACES: [f64; 5] = [1.0, 5.0, 20.0, 60.0, 300.0];

/// A pace as the bar names it: `60 epochs/s`, `max`.
pub fn pace_name(pace: Option<f64>) -> String {
    match pace {
        Some(p) => trf!("{} epochs/s", format_rate(p)),
        None => "max".into(),
    }
}

/// The bar's own state: the throughput meter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransportBar {
    /// Epochs per second, recently.
    pub epochs_per_s: f64,
    /// Sample steps per second, recently.
    pub steps_per_s: f64,
    /// Where the current measurement started.
    since: Option<Mark>,
}

/// A point training passed: when, at which epoch and sample step, in which run, and
/// whether it was playing.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Mark {
    at: Instant,
    epoch: u64,
    steps: u64,
    generation: u64,
    playing: bool,
}

/// How long the meter measures before it shows a rate.
const RATE_WINDOW_S: f64 = 0.5;

/// A loss for the bar: enough digits to watch it fall.
pub fn format_loss(loss: Option<f64>) -> String {
    match loss {
        Some(l) if l.abs() >= 1e-3 && l.abs() < 1e4 => format!("{l:.6}"),
        Some(l) => format!("{l:.4e}"),
        None => "–".into(),
    }
}

/// From this many training samples an epoch shows its progress in the bar.
const LONG_EPOCH: usize = 50_000;

/// A rate with a k/M suffix.
pub fn format_rate(r: f64) -> String {
    if r >= 1e6 {
        format!("{:.2} M", r / 1e6)
    } else if r >= 1e3 {
        format!("{:.1} k", r / 1e3)
    } else if r >= 10.0 || r == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.2}")
    }
}

/// A whole number with its digits in groups of three: `1 024 063`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, d) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(d);
    }
    out
}

/// Train and test metrics as the bar shows them.
pub fn metric_text(train: &Evaluation, test: Option<&Evaluation>) -> String {
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |a| format!("{:.1}%", 100.0 * a));
    let num = |v: Option<f64>| v.map_or("–".to_string(), |a| format!("{a:.4}"));
    if train.accuracy.is_some() {
        trf!(
            "Accuracy train {} test {}",
            pct(train.accuracy),
            pct(test.and_then(|e| e.accuracy))
        )
    } else {
        format!(
            "RMSE {} / {} · R² {} / {}",
            num(train.rmse),
            num(test.and_then(|e| e.rmse)),
            num(train.r2),
            num(test.and_then(|e| e.r2))
        )
    }
}

impl TransportBar {
    /// Measures throughput over the last half second of continuous training; a step, a
    /// pause or a new run starts the next measurement afresh (one stepped epoch is no rate).
    pub fn measure(&mut self, e: &Experiment) {
        self.measure_at(
            Instant::now(),
            (e.epoch(), e.sample_steps(), e.train_data().len()),
            e.is_playing(),
            e.generation(),
        );
    }

    /// Takes a reading at `now`: epochs finished, sample steps taken, samples per epoch.
    fn measure_at(
        &mut self,
        now: Instant,
        (epoch, steps, samples): (u64, u64, usize),
        playing: bool,
        generation: u64,
    ) {
        let here = Mark {
            at: now,
            epoch,
            steps,
            generation,
            playing,
        };
        let same_play = |m: &Mark| m.generation == generation && m.playing && playing;
        let Some(since) = self.since.filter(same_play) else {
            // Paused, or a new run: no rate until it has played a while.
            if !playing || self.since.is_some_and(|m| m.generation != generation) {
                self.epochs_per_s = 0.0;
                self.steps_per_s = 0.0;
            }
            self.since = Some(here);
            return;
        };
        let dt = now.duration_since(since.at).as_secs_f64();
        if dt >= RATE_WINDOW_S {
            self.steps_per_s = steps.saturating_sub(since.steps) as f64 / dt;
            // From the sample steps, so that epochs longer than the window still read as
            // the fraction of an epoch they are.
            self.epochs_per_s = if samples > 0 {
                self.steps_per_s / samples as f64
            } else {
                epoch.saturating_sub(since.epoch) as f64 / dt
            };
            self.since = Some(here);
        }
    }

    /// Draws the bar for experiment `e`, playing at `pace`; returns what it asks for.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        e: &Experiment,
        pace: Option<f64>,
    ) -> Option<TransportAction> {
        let Self {
            epochs_per_s,
            steps_per_s,
            ..
        } = self;
        let (playing, epoch, latest) = (e.is_playing(), e.epoch(), e.latest());
        let metric = latest
            .train_eval
            .as_ref()
            .map(|train| metric_text(train, latest.test_eval.as_ref()));
        let mut action = None;
        ui.horizontal_wrapped(|ui| {
            // A label that does not fit goes whole to the next line.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            let (text, tip) = if playing {
                (tr("Pause"), tr("Pause training (Space)"))
            } else {
                (tr("Play"), tr("Train continuously on a background thread (Space)"))
            };
            if crate::app::hidden::shown(ui, "play") && ui.add(egui::Button::new(text).min_size(egui::vec2(80.0, 0.0))).on_hover_text(tip).clicked() {
                action = Some(TransportAction::TogglePlay);
            }
            if crate::app::hidden::shown(ui, "step_epoch") && ui.button(tr("Step epoch")).on_hover_text(tr("Train one epoch: every training sample once")).clicked() {
                action = Some(TransportAction::StepEpoch);
            }
            if crate::app::hidden::shown(ui, "step_batch") && ui.button(tr("Step batch")).on_hover_text(tr("Train one batch: forward, back-propagation, one update")).clicked() {
                action = Some(TransportAction::StepBatch);
            }
            if crate::app::hidden::shown(ui, "slow_step") && ui.button(tr("Slow step")).on_hover_text(tr("Train one batch in slow motion: each of its samples through the step inspector, then the batch's update")).clicked() {
                action = Some(TransportAction::SlowStep);
            }
            if crate::app::hidden::shown(ui, "reset") && ui.button(tr("Reset")).on_hover_text(tr("Re-initialise the weights and start at epoch 0")).clicked() {
                action = Some(TransportAction::Reset);
            }
            if crate::app::hidden::shown(ui, "pace")
                && let Some(p) = pace_ui(ui, pace)
            {
                action = Some(TransportAction::Pace(p));
            }
            ui.separator();
            ui.label(egui::RichText::new(trf!("Epoch {}", epoch)).monospace().strong())
                .on_hover_text(tr("Epochs finished"));
            // A long epoch shows how far it has come.
            let (done, total) = (e.position_in_epoch(), e.train_data().len());
            if playing && total >= LONG_EPOCH && done > 0 {
                ui.add(
                    egui::ProgressBar::new(done as f32 / total as f32)
                        .desired_width(110.0)
                        .text(format!("{} / {}", format_rate(done as f64), format_rate(total as f64))),
                )
                .on_hover_text(tr("Samples trained in this epoch, of all training samples"));
            }
            ui.separator();
            ui.label(trf!("Train loss {}", format_loss(latest.train_loss)))
                .on_hover_text(tr("Mean half squared error over the last epoch's samples"));
            ui.label(trf!("Test loss {}", format_loss(latest.test_loss)))
                .on_hover_text(tr("Mean half squared error over the test set, weights frozen"));
            if let Some(m) = metric {
                ui.label(m.as_str())
                    .on_hover_text(tr("Metrics on the training and test sets, weights frozen"));
            }
            ui.separator();
            ui.label(trf!("{} epochs/s · {} steps/s", format_rate(*epochs_per_s), format_rate(*steps_per_s)))
            .on_hover_text(tr("Training throughput: epochs and sample steps (forward + back-propagation) per second"));
        });
        action
    }
}

/// The pace chooser; returns a pace chosen.
fn pace_ui(ui: &mut egui::Ui, pace: Option<f64>) -> Option<Option<f64>> {
    let label = ui.label(tr("Pace"));
    let mut chosen = pace;
    egui::ComboBox::from_id_salt("pace")
        .selected_text(pace_name(pace))
        .width(96.0)
        .show_ui(ui, |ui| {
            for p in PACES.map(Some).into_iter().chain([None]) {
                ui.selectable_value(&mut chosen, p, pace_name(p));
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text(tr(
            "How fast Play trains, at most: a pace one can watch (60 is about one epoch a \
             frame), or max, as fast as the machine goes",
        ));
    (chosen != pace).then_some(chosen)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_meter_shows_the_rate_over_half_a_second_of_play() {
        let t0 = Instant::now();
        let mut bar = TransportBar::default();
        bar.measure_at(t0, (10, 1_000, 100), true, 0);
        bar.measure_at(t0 + Duration::from_millis(200), (20, 2_000, 100), true, 0);
        assert_eq!(bar.epochs_per_s, 0.0, "no rate before half a second");
        bar.measure_at(t0 + Duration::from_millis(500), (60, 6_000, 100), true, 0);
        assert!(
            (bar.epochs_per_s - 100.0).abs() < 1e-9,
            "{}",
            bar.epochs_per_s
        );
        assert!((bar.steps_per_s - 10_000.0).abs() < 1e-6);
        // The next window starts where this one ended.
        bar.measure_at(t0 + Duration::from_millis(1_000), (70, 7_000, 100), true, 0);
        assert!(
            (bar.epochs_per_s - 20.0).abs() < 1e-9,
            "{}",
            bar.epochs_per_s
        );
    }

    #[test]
    fn a_pause_or_a_new_run_starts_the_measurement_afresh() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let mut bar = TransportBar::default();
        bar.measure_at(ms(0), (0, 0, 100), true, 0);
        // Paused: stepped epochs are no rate.
        bar.measure_at(ms(400), (5, 500, 100), false, 0);
        bar.measure_at(ms(600), (6, 600, 100), true, 0);
        bar.measure_at(ms(900), (9, 900, 100), true, 0);
        assert_eq!(bar.epochs_per_s, 0.0, "only 0.3 s since the pause");
        assert_eq!(bar.steps_per_s, 0.0, "a pause shows no rate");
        // A new run at epoch 0: no negative rate, no rate across the two runs.
        bar.measure_at(ms(1_000), (0, 1_000, 100), true, 1);
        bar.measure_at(ms(1_500), (50, 6_000, 100), true, 1);
        assert!(
            (bar.epochs_per_s - 100.0).abs() < 1e-9,
            "{}",
            bar.epochs_per_s
        );
    }

    #[test]
    fn after_a_pause_or_a_reset_the_meter_reads_zero_until_training_has_played_a_while() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let mut bar = TransportBar::default();
        bar.measure_at(ms(0), (0, 0, 100), true, 0);
        bar.measure_at(ms(500), (50, 5_000, 100), true, 0);
        assert!(bar.epochs_per_s > 0.0);
        bar.measure_at(ms(600), (60, 6_000, 100), false, 0);
        assert_eq!((bar.epochs_per_s, bar.steps_per_s), (0.0, 0.0), "paused");
        bar.measure_at(ms(700), (60, 6_000, 100), true, 0);
        bar.measure_at(ms(1_200), (110, 11_000, 100), true, 0);
        assert!(bar.epochs_per_s > 0.0);
        // Reset: a new run while playing.
        bar.measure_at(ms(1_300), (0, 11_000, 100), true, 1);
        assert_eq!((bar.epochs_per_s, bar.steps_per_s), (0.0, 0.0), "a new run");
    }

    #[test]
    fn long_numbers_are_grouped_by_threes() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1_251), "1 251");
        assert_eq!(group_digits(1_024_063), "1 024 063");
    }

    #[test]
    fn an_epoch_longer_than_the_window_reads_as_its_fraction() {
        let t0 = Instant::now();
        let mut bar = TransportBar::default();
        // 1 000 000 samples an epoch, 400 000 trained in a second: no epoch finished.
        bar.measure_at(t0, (0, 0, 1_000_000), true, 0);
        bar.measure_at(
            t0 + Duration::from_secs(1),
            (0, 400_000, 1_000_000),
            true,
            0,
        );
        assert!(
            (bar.epochs_per_s - 0.4).abs() < 1e-12,
            "{}",
            bar.epochs_per_s
        );
        assert_eq!(format_rate(bar.epochs_per_s), "0.40");
        assert_eq!(format_rate(0.0), "0");
        assert_eq!(format_rate(250.0), "250");
    }
}
