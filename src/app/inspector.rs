//! The step inspector: one training sample through the three steps, every number as
//! training computes it (`Experiment::inspect`), and a button that takes that step.

use egui::RichText;
use serde::{Deserialize, Serialize};

use crate::experiment::Experiment;
use crate::nn::Inspection;

/// What the inspector asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum InspectorAction {
    /// Train this sample alone: the step shown.
    StepSample(usize),
}

/// The inspector window's state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Inspector {
    /// The window is open.
    pub open: bool,
    /// The training sample shown (file order).
    pub sample: usize,
    /// Every digit (shortest round-trip form) instead of six decimals.
    pub full_precision: bool,
}

impl Inspector {
    /// Shows sample `k`, opening the window.
    pub fn show_sample(&mut self, k: usize) {
        self.sample = k;
        self.open = true;
    }

    /// Draws the window (when open) for experiment `e`; returns what it asks for.
    pub fn ui(&mut self, ctx: &egui::Context, e: &Experiment) -> Option<InspectorAction> {
        let mut action = None;
        let mut open = self.open;
        egui::Window::new("Step inspector")
            .open(&mut open)
            .default_width(560.0)
            .default_height(520.0)
            .vscroll(true)
            .show(ctx, |ui| {
                let n = e.train_data().len();
                let Self {
                    sample,
                    full_precision,
                    ..
                } = self;
                *sample = (*sample).min(n.saturating_sub(1));
                ui.horizontal(|ui| {
                    ui.label("Sample");
                    if ui
                        .button("Previous")
                        .on_hover_text("The previous sample")
                        .clicked()
                    {
                        *sample = sample.saturating_sub(1);
                    }
                    ui.add(egui::DragValue::new(sample).range(0..=n.saturating_sub(1)))
                        .on_hover_text(
                            "Training samples in file order; or click a point on the heatmap",
                        );
                    if ui.button("Next").on_hover_text("The next sample").clicked() {
                        *sample = (*sample + 1).min(n.saturating_sub(1));
                    }
                    ui.label(format!("of {n}"));
                    ui.checkbox(full_precision, "Full precision");
                    if ui
                        .button("Step sample")
                        .on_hover_text(
                            "Take exactly the update below: one online step on this sample alone",
                        )
                        .clicked()
                    {
                        action = Some(InspectorAction::StepSample(*sample));
                    }
                });
                let Some(step) = e.inspect(*sample) else {
                    ui.label("There are no training samples.");
                    return;
                };
                steps_ui(ui, &step, *full_precision);
            });
        self.open = open;
        action
    }
}

/// The three steps' numbers.
fn steps_ui(ui: &mut egui::Ui, s: &Inspection, full: bool) {
    let f = |v: f64| {
        if full {
            format!("{v}")
        } else {
            format!("{v:.6}")
        }
    };
    let list = |v: &[f64]| v.iter().map(|&x| f(x)).collect::<Vec<_>>().join(", ");
    ui.label(format!("x = [{}]    y = [{}]", list(&s.x), list(&s.y)));

    ui.add_space(4.0);
    ui.label(RichText::new("1. Forward: sum = Σ w·out_prev + b, out = activation(sum)").strong());
    egui::Grid::new("forward").striped(true).show(ui, |ui| {
        ui.label("layer");
        ui.label("node");
        ui.label("sum");
        ui.label("out");
        ui.end_row();
        for (l, (sums, outs)) in s.sums.iter().zip(&s.outs).enumerate() {
            for (j, (sum, out)) in sums.iter().zip(outs).enumerate() {
                ui.label(format!("{}", l + 1));
                ui.label(format!("{}", j + 1));
                ui.monospace(f(*sum));
                ui.monospace(f(*out));
                ui.end_row();
            }
        }
    });
    ui.label(format!("loss (summed over the outputs) = {}", f(s.loss)));

    ui.add_space(4.0);
    ui.label(
        RichText::new(
            "2. Back-propagation: delta = ∂loss/∂sum, grad_w = delta · out_prev, grad_b = delta",
        )
        .strong(),
    );
    ui.label(
        RichText::new(format!(
            "3. Update: w − {} · grad / {} (learning rate; averaged over the outputs)",
            f(s.learning_rate),
            s.averaged_over
        ))
        .strong(),
    );
    for (l, rows) in s.grads_w.iter().enumerate() {
        egui::CollapsingHeader::new(format!("Weights into layer {}", l + 1))
            .default_open(l + 1 == s.grads_w.len())
            .show(ui, |ui| {
                egui::Grid::new(("weights", l))
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["to", "from", "delta", "grad", "new weight"] {
                            ui.label(h);
                        }
                        ui.end_row();
                        for (j, row) in rows.iter().enumerate() {
                            for (i, g) in row.iter().enumerate() {
                                ui.label(format!("{}", j + 1));
                                // The first layer's weights come from the inputs.
                                let from = if l == 0 {
                                    format!("x{}", i + 1)
                                } else {
                                    format!("{}", i + 1)
                                };
                                ui.label(from);
                                ui.monospace(f(s.deltas[l][j]));
                                ui.monospace(f(*g));
                                ui.monospace(f(s.new_weights[l][j][i]));
                                ui.end_row();
                            }
                            ui.label(format!("{}", j + 1));
                            ui.label("bias");
                            ui.monospace(f(s.deltas[l][j]));
                            ui.monospace(f(s.grads_b[l][j]));
                            ui.monospace(f(s.new_biases[l][j]));
                            ui.end_row();
                        }
                    });
            });
    }
}
