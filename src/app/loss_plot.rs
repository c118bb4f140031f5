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
                format!("{loss_title} (log scale)")
            } else {
                loss_title.to_string()
            })
            .y_axis_formatter(move |mark, _| {
                if log {
                    log_label(mark.value)
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

/// The label of a log-scale mark at `10^exp10`: plain numbers from 0.001 to 9999 with two
/// significant digits (`2.5`, `0.79`, `0.063`), powers of ten beyond (`1e-5`, `3.2e-7`).
pub fn log_label(exp10: f64) -> String {
    let v = 10f64.powf(exp10);
    if (1e-3..1e4).contains(&v) {
        let decimals = (1.0 - v.log10().floor()).max(0.0) as usize;
        let text = format!("{v:.decimals$}");
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        }
    } else if exp10.fract() == 0.0 {
        format!("1e{exp10}")
    } else {
        format!("{v:.1e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_axis_labels_read_as_plain_numbers_near_one() {
        let at = |v: f64| log_label(v.log10());
        assert_eq!(at(2.5), "2.5");
        assert_eq!(at(0.79), "0.79");
        assert_eq!(at(0.063), "0.063");
        assert_eq!(at(1.0), "1");
        assert_eq!(at(0.1), "0.1");
        assert_eq!(at(2.0), "2");
        assert_eq!(at(316.0), "316");
        assert_eq!(log_label(-5.0), "1e-5");
        assert_eq!(log_label(6.0), "1e6");
        assert_eq!(at(3.2e-7), "3.2e-7");
    }
}
