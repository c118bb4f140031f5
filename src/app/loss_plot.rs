//! The live loss curve.

use egui_plot::{Legend, Line, Plot, PlotPoints};
use serde::{Deserialize, Serialize};

use crate::model_file::History;

/// The loss plot's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LossPlot {
    /// Plot log10 of the loss.
    pub log_scale: bool,
    /// Plot the metric (accuracy or R²) under the loss.
    pub show_metric: bool,
}

impl Default for LossPlot {
    fn default() -> Self {
        LossPlot {
            log_scale: true,
            show_metric: false,
        }
    }
}

impl LossPlot {
    /// Draws the controls, the plot of the loss `history` (named `loss_title`) and, on
    /// request, of the `metrics` history (accuracy or R², train and test); `moment` (the
    /// epoch the rewind slider shows, if any) is marked with a vertical line.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        (history, metrics): (&History, &History),
        loss_title: &str,
        moment: Option<u64>,
    ) {
        let Self {
            log_scale,
            show_metric,
        } = self;
        ui.horizontal(|ui| {
            ui.strong("Loss");
            ui.checkbox(log_scale, "Log scale")
                .on_hover_text("Plot the loss on a logarithmic axis");
            ui.checkbox(show_metric, "Metric")
                .on_hover_text("Also plot accuracy (classification) or R² (regression)");
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
            .filter(|(_, l)| l.is_finite())
            .map(|(&e, &l)| [e as f64, y(l)])
            .collect();
        let test: Vec<[f64; 2]> = history
            .epoch
            .iter()
            .zip(&history.test_loss)
            .filter_map(|(&e, l)| l.filter(|l| l.is_finite()).map(|l| [e as f64, y(l)]))
            .collect();
        let metric_height = if *show_metric {
            ui.available_height() * 0.35
        } else {
            0.0
        };
        Plot::new("loss plot")
            .height(ui.available_height() - metric_height)
            .legend(Legend::default())
            .x_axis_label("epoch")
            .y_axis_label(if log {
                format!("{loss_title} (log10)")
            } else {
                loss_title.to_string()
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
                if let Some(epoch) = moment {
                    plot.vline(
                        egui_plot::VLine::new(format!("shown: epoch {epoch}"), epoch as f64)
                            .color(egui::Color32::YELLOW)
                            .width(1.5),
                    );
                }
            });
        if *show_metric {
            let series = |test: bool| -> Vec<[f64; 2]> {
                metrics
                    .epoch
                    .iter()
                    .zip(&metrics.train_loss)
                    .zip(&metrics.test_loss)
                    .filter_map(|((&e, &tr), te)| {
                        if test {
                            te.map(|v| [e as f64, v])
                        } else {
                            Some([e as f64, tr])
                        }
                    })
                    .collect()
            };
            Plot::new("metric plot")
                .legend(Legend::default())
                .x_axis_label("epoch")
                .y_axis_label("accuracy / R²")
                .allow_scroll(false)
                .show(ui, |plot| {
                    plot.line(
                        Line::new("train metric", PlotPoints::from(series(false)))
                            .color(egui::Color32::from_rgb(0x08, 0x77, 0xbd)),
                    );
                    plot.line(
                        Line::new("test metric", PlotPoints::from(series(true)))
                            .color(egui::Color32::from_rgb(0xf5, 0x93, 0x22)),
                    );
                });
        }
    }
}
