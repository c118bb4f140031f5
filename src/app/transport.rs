//! The transport bar: Play/Pause, Step, Reset, and where training stands.

/// What the transport bar asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum TransportAction {
    /// Start or pause continuous training.
    TogglePlay,
    /// Train one epoch (or the rest of the current one).
    StepEpoch,
    /// Train one batch.
    StepBatch,
    /// Re-initialise the network.
    Reset,
}

/// Where training stands, as the bar shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransportBar {
    /// Training continuously.
    pub playing: bool,
    /// Epochs finished.
    pub epoch: u64,
    /// Latest train loss.
    pub train_loss: Option<f64>,
    /// Latest measured test loss.
    pub test_loss: Option<f64>,
    /// Epochs per second, recently.
    pub epochs_per_s: f64,
    /// Sample steps per second, recently.
    pub steps_per_s: f64,
    /// The latest metrics, as text (accuracy, or RMSE and R²).
    pub metric: Option<String>,
}

/// A loss for the bar: enough digits to watch it fall.
pub fn format_loss(loss: Option<f64>) -> String {
    match loss {
        Some(l) if l.abs() >= 1e-3 && l.abs() < 1e4 => format!("{l:.6}"),
        Some(l) => format!("{l:.4e}"),
        None => "–".into(),
    }
}

/// A rate with a k/M suffix.
pub fn format_rate(r: f64) -> String {
    if r >= 1e6 {
        format!("{:.2} M", r / 1e6)
    } else if r >= 1e3 {
        format!("{:.1} k", r / 1e3)
    } else {
        format!("{r:.0}")
    }
}

impl TransportBar {
    /// Draws the bar; returns what it asks for.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<TransportAction> {
        let Self {
            playing,
            epoch,
            train_loss,
            test_loss,
            epochs_per_s,
            steps_per_s,
            metric,
        } = self;
        let mut action = None;
        ui.horizontal(|ui| {
            let (text, tip) = if *playing {
                ("Pause", "Pause training (Space)")
            } else {
                ("Play", "Train continuously on a background thread (Space)")
            };
            if ui.add(egui::Button::new(text).min_size(egui::vec2(80.0, 0.0))).on_hover_text(tip).clicked() {
                action = Some(TransportAction::TogglePlay);
            }
            if ui.button("Step epoch").on_hover_text("Train one epoch: every training sample once").clicked() {
                action = Some(TransportAction::StepEpoch);
            }
            if ui.button("Step batch").on_hover_text("Train one batch: forward, back-propagation, one update").clicked() {
                action = Some(TransportAction::StepBatch);
            }
            if ui.button("Reset").on_hover_text("Re-initialise the weights and start at epoch 0").clicked() {
                action = Some(TransportAction::Reset);
            }
            ui.separator();
            ui.label(egui::RichText::new(format!("Epoch {epoch}")).monospace().strong())
                .on_hover_text("Epochs finished");
            ui.separator();
            ui.label(format!("Train loss {}", format_loss(*train_loss)))
                .on_hover_text("Mean half squared error over the last epoch's samples");
            ui.label(format!("Test loss {}", format_loss(*test_loss)))
                .on_hover_text("Mean half squared error over the test set, weights frozen");
            if let Some(m) = metric {
                ui.label(m.as_str())
                    .on_hover_text("Metrics on the training and test sets, weights frozen");
            }
            ui.separator();
            ui.label(format!(
                "{} epochs/s · {} steps/s",
                format_rate(*epochs_per_s),
                format_rate(*steps_per_s)
            ))
            .on_hover_text("Training throughput: epochs and sample steps (forward + back-propagation) per second");
        });
        action
    }
}
