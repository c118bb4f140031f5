//! The live loss curve.

use egui_plot::{Legend, Line, Plot, PlotPoints};
use serde::{Deserialize, Serialize};

use crate::model_file::History;

/// How many points the app keeps of a run's history; older epochs thin out.
pub const MAX_POINTS: usize = 4000;

/// The loss plot's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LossPlot {
    /// Plot log10 of the loss.
    pub log_scale: bool,
}

impl Default for LossPlot {
    fn default() -> Self {
        LossPlot { log_scale: true }
    }
}

impl LossPlot {
    /// Draws the controls and the plot of `history`.
    pub fn ui(&mut self, ui: &mut egui::Ui, history: &History) {
        let Self { log_scale } = self;
        ui.horizontal(|ui| {
            ui.strong("Loss");
            ui.checkbox(log_scale, "Log scale")
                .on_hover_text("Plot the loss on a logarithmic axis");
            if history.len() > 1 {
                ui.weak(format!("{} points", history.len()))
                    .on_hover_text("Old epochs thin out, so that long runs keep a bounded history");
            }
        });
        let log = *log_scale;
        let y = move |v: f64| if log { v.max(1e-300).log10() } else { v };
        let train: Vec<[f64; 2]> = history
            .epoch
            .iter()
            .zip(&history.train_loss)
            .map(|(&e, &l)| [e as f64, y(l)])
            .collect();
        let test: Vec<[f64; 2]> = history
            .epoch
            .iter()
            .zip(&history.test_loss)
            .filter_map(|(&e, l)| l.map(|l| [e as f64, y(l)]))
            .collect();
        Plot::new("loss plot")
            .legend(Legend::default())
            .x_axis_label("epoch")
            .y_axis_label(if log {
                "half squared error (log10)"
            } else {
                "half squared error"
            })
            .y_axis_formatter(move |mark, _| {
                if log && mark.value.fract() == 0.0 {
                    format!("1e{}", mark.value)
                } else if log {
                    format!("{:.1e}", 10f64.powf(mark.value))
                } else {
                    format!("{}", mark.value)
                }
            })
            .allow_scroll(false)
            .show(ui, |plot| {
                plot.line(
                    Line::new("train", PlotPoints::from(train))
                        .color(egui::Color32::from_rgb(0x08, 0x77, 0xbd)),
                );
                plot.line(
                    Line::new("test", PlotPoints::from(test))
                        .color(egui::Color32::from_rgb(0xf5, 0x93, 0x22)),
                );
            });
    }
}
