//! The window's questions and messages: the error dialog, "discard the trained weights?"
//! before an edit that would lose them, and the Help windows.

use std::path::PathBuf;

use super::ScratchnetApp;
use crate::app::data_panel::DataPanel;
use crate::app::network_panel::NetworkPanel;
use crate::data::Dataset;

/// An edit that throws away trained, unsaved weights, waiting for the user's yes.
pub(super) enum Pending {
    /// The network editor changed the shape; `previous` restores it on Cancel.
    Rebuild { previous: NetworkPanel },
    /// New data with another number of inputs or outputs.
    Data {
        previous: Box<DataPanel>,
        train: Box<Dataset>,
        test: Box<Dataset>,
    },
    /// Another model file is to replace this one.
    Open(PathBuf),
    /// The window is to close.
    Quit,
}

impl Pending {
    /// The question's text and the button that goes ahead.
    pub(super) fn wording(&self) -> (&'static str, &'static str) {
        match self {
            Pending::Rebuild { .. } | Pending::Data { .. } => (
                "This change needs a new network, and the current one has trained weights \
                 that are not saved.",
                "Discard and rebuild",
            ),
            Pending::Open(_) => (
                "Opening another model replaces the current one, whose trained weights are \
                 not saved.",
                "Discard and open",
            ),
            Pending::Quit => (
                "The network has trained weights that are not saved.",
                "Quit without saving",
            ),
        }
    }
}

impl ScratchnetApp {
    pub(super) fn dialogs(&mut self, ctx: &egui::Context) {
        if let Some(message) = self.error.clone() {
            let modal =
                egui::Modal::new(egui::Id::unique("scratchnet error dialog")).show(ctx, |ui| {
                    ui.set_max_width(460.0);
                    ui.heading("Something went wrong");
                    ui.label(message);
                    ui.add_space(8.0);
                    ui.button("OK").clicked()
                });
            if modal.inner || modal.should_close() {
                self.error = None;
            }
        }
        if let Some((text, go)) = self.pending.as_ref().map(Pending::wording) {
            let modal =
                egui::Modal::new(egui::Id::unique("scratchnet discard dialog")).show(ctx, |ui| {
                    ui.set_max_width(420.0);
                    ui.heading("Discard the trained weights?");
                    ui.label(text);
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button(go).clicked() {
                            Some(true)
                        } else if ui.button("Cancel").clicked() {
                            Some(false)
                        } else {
                            None
                        }
                    })
                    .inner
                });
            let answer = if modal.should_close() {
                Some(false)
            } else {
                modal.inner
            };
            if let Some(yes) = answer {
                self.answer(yes);
            }
        }
        egui::Window::new("Guide")
            .open(&mut self.show_guide)
            .default_width(480.0)
            .show(ctx, |ui| {
                ui.label(GUIDE);
            });
        egui::Window::new("About scratchnet")
            .open(&mut self.show_about)
            .show(ctx, |ui| {
                ui.label(format!("scratchnet {}", env!("CARGO_PKG_VERSION")));
                ui.label("A neural network written from scratch, and a window to watch it learn.");
            });
    }

    /// Answers the pending question: `true` discards the trained weights.
    pub fn answer(&mut self, discard: bool) {
        match self.pending.take() {
            Some(Pending::Rebuild { previous }) => {
                if discard {
                    self.rebuild();
                } else {
                    self.persisted.network = previous;
                }
            }
            Some(Pending::Data {
                previous,
                train,
                test,
            }) => {
                if discard {
                    self.restart_on((*train, *test));
                } else {
                    self.persisted.data = *previous;
                }
            }
            Some(Pending::Open(path)) if discard => self.open_model_reporting(&path),
            Some(Pending::Quit) if discard => {
                self.quitting = true;
                self.close_now = true;
            }
            Some(Pending::Open(_) | Pending::Quit) => {}
            None => {}
        }
    }
}

/// The Help ▸ Guide text.
const GUIDE: &str = "\
scratchnet trains a small fully-connected network written from scratch, and shows it learn.

Every training step has three parts:
 1. Forward: each neuron sums its weighted inputs plus its bias and applies its activation.
 2. Back-propagation: from the error at the output, each neuron's delta and each weight's \
gradient are computed, layer by layer backwards.
 3. Update: every weight moves against its gradient: w = w − learning rate × gradient.

Where the settings act:
 • Data: what the network learns from (the playground's datasets or your CSV).
 • Network: layers, neurons and activations (forward), and how Reset starts the weights.
 • Learning rate: the size of each update (step 3).
 • Batch size: how many samples' gradients are averaged into one update (1 = online, \
all = full batch).
 • Shuffle: the order samples are visited in each epoch.

Play trains continuously on a background thread (Space); Step epoch and Step batch train a \
little and stop; Reset starts over. The heatmap colours the network's output over the input \
plane (orange −1, grey 0, blue +1); point at it to read the exact prediction. File > Save \
model keeps the weights and every setting, so an experiment reopens as it was.";
