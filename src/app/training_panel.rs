//! Training hyper-parameters: learning rate, batch size, shuffling, when to stop.

use serde::{Deserialize, Serialize};

use crate::nn::TrainConfig;

/// TF Playground's learning-rate choices.
pub const LEARNING_RATES: [f64; 11] = [
    0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0,
];

/// What the panel asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum TrainingAction {
    /// Settings changed: tell the worker.
    Configure,
}

/// The training panel's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingPanel {
    /// Step size.
    pub learning_rate: f64,
    /// Samples per update.
    pub batch_size: usize,
    /// Reshuffle each epoch.
    pub shuffle: bool,
    /// Pause by itself after this many epochs, when on.
    pub stop_after: Option<u64>,
    /// Training samples available (for the full-batch preset; not saved).
    #[serde(skip)]
    pub n_train: usize,
}

impl Default for TrainingPanel {
    /// The reference demo: lr 0.02, online, shuffled, no stop.
    fn default() -> Self {
        TrainingPanel {
            learning_rate: 0.02,
            batch_size: 1,
            shuffle: true,
            stop_after: None,
            n_train: 600,
        }
    }
}

impl TrainingPanel {
    /// The settings as the trainer takes them (a batch size of 0 becomes 1).
    pub fn config(&self) -> TrainConfig {
        TrainConfig {
            batch_size: self.batch_size.max(1),
            learning_rate: if self.learning_rate.is_finite() {
                self.learning_rate.max(0.0)
            } else {
                0.0
            },
            shuffle: self.shuffle,
        }
    }

    /// Draws the panel; returns what it asks for.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<TrainingAction> {
        let before = self.clone();
        let Self {
            learning_rate,
            batch_size,
            shuffle,
            stop_after,
            n_train,
        } = self;

        ui.horizontal(|ui| {
            let label = ui.label("Learning rate");
            egui::ComboBox::from_id_salt("learning rate presets")
                .selected_text(format!("{learning_rate}"))
                .show_ui(ui, |ui| {
                    for lr in LEARNING_RATES {
                        ui.selectable_value(learning_rate, lr, format!("{lr}"));
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text("TF Playground's choices");
            ui.add(
                egui::DragValue::new(learning_rate)
                    .range(0.0..=100.0)
                    .speed(0.001)
                    .max_decimals(6),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "Any learning rate: how far each update moves the weights (w = w − lr·grad)",
            );
        });

        ui.horizontal(|ui| {
            let label = ui.label("Batch size");
            let n = (*n_train).max(1);
            ui.add(egui::DragValue::new(batch_size).range(1..=n))
                .labelled_by(label.id)
                .on_hover_text("Samples whose gradients are averaged into one update");
        });
        ui.horizontal(|ui| {
            let n = (*n_train).max(1);
            if ui
                .selectable_label(*batch_size == 1, "Online")
                .on_hover_text("Batch size 1: update after every sample")
                .clicked()
            {
                *batch_size = 1;
            }
            if ui
                .selectable_label(*batch_size > 1 && *batch_size < n, "Mini-batch")
                .on_hover_text("Batch size 10")
                .clicked()
            {
                *batch_size = 10.min(n);
            }
            if ui
                .selectable_label(*batch_size >= n, "Full batch")
                .on_hover_text("One update per epoch, averaged over every training sample")
                .clicked()
            {
                *batch_size = n;
            }
        });
        ui.checkbox(shuffle, "Shuffle each epoch")
            .on_hover_text("Visit the samples in a new random order each epoch (off: file order)");

        ui.horizontal(|ui| {
            let mut on = stop_after.is_some();
            ui.checkbox(&mut on, "Stop after")
                .on_hover_text("Pause by itself when this many epochs are done");
            let mut n = stop_after.unwrap_or(100);
            let value = ui.add_enabled(
                on,
                egui::DragValue::new(&mut n)
                    .range(1..=u64::MAX)
                    .suffix(" epochs"),
            );
            value.on_hover_text("Epoch at which training pauses");
            *stop_after = on.then_some(n);
        });

        (*self != before).then_some(TrainingAction::Configure)
    }
}
