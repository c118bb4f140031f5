//! The live loss curve: log or linear axes, zoom and pan, exact numbers on hover, optional
//! smoothing, and other runs overlaid.

use crate::app::i18n::{tr, trf};
use egui_plot::{HoverPosition, Legend, Line, Plot, PlotPoints};
use serde::{Deserialize, Serialize};

use crate::history::History;

/// The loss plot's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LossPlot {
    /// Plot log10 of the loss.
    pub log_scale: bool,
    /// Plot the metric (accuracy or R²) under the loss.
    pub show_metric: bool,
    /// Epochs on a logarithmic axis: the early phase next to the long tail.
    pub log_epochs: bool,
    /// Exponential moving average of the curves, 0 (off) to 0.99; the raw curve stays
    /// faint behind.
    pub smoothing: f64,
    /// Set for one frame by Reset view: the plot goes back to showing everything.
    #[serde(skip)]
    reset_view: bool,
}

impl Default for LossPlot {
    fn default() -> Self {
        LossPlot {
            log_scale: true,
            show_metric: false,
            log_epochs: false,
            smoothing: 0.0,
            reset_view: false,
        }
    }
}

/// One curve set to draw: a run's losses (and metrics), under a name.
pub struct Curves<'a> {
    /// The legend's name: empty for the current run (its lines are "train" and "test");
    /// runs that share one are one entry of the legend.
    pub name: &'a str,
    /// The run's own name, said on hover.
    pub label: &'a str,
    /// Train and test loss per epoch.
    pub history: &'a History,
    /// The headline metric per epoch (train in `train_loss`, test in `test_loss`).
    pub metrics: &'a History,
    /// Its colour, for another run (the current run's lines keep theirs).
    pub color: egui::Color32,
}

/// The current run's train and test colours.
const TRAIN_COLOR: egui::Color32 = egui::Color32::from_rgb(0x08, 0x77, 0xbd);
const TEST_COLOR: egui::Color32 = egui::Color32::from_rgb(0xf5, 0x93, 0x22);

/// `values` smoothed by an exponential moving average of `weight` (0: as they are), with
/// TensorBoard's correction of the start (the first values are not pulled towards 0).
/// Values that are not finite are passed through and do not enter the average.
pub fn smooth(values: &[f64], weight: f64) -> Vec<f64> {
    let weight = weight.clamp(0.0, 0.999);
    let mut average = 0.0;
    let mut seen = 0i32;
    values
        .iter()
        .map(|&v| {
            if !v.is_finite() || weight == 0.0 {
                return v;
            }
            average = weight * average + (1.0 - weight) * v;
            seen += 1;
            average / (1.0 - weight.powi(seen))
        })
        .collect()
}

/// The row of `history` at `epoch`, if it was kept.
fn row_at(history: &History, epoch: u64) -> Option<usize> {
    history.epoch.binary_search(&epoch).ok()
}

/// What the hover label says at `epoch` of a run: every number as stored, in full.
pub fn hover_text(name: &str, curves: &Curves, epoch: u64) -> Option<String> {
    let i = row_at(curves.history, epoch)?;
    let mut text = String::new();
    if !name.is_empty() {
        text.push_str(&format!("{name}\n"));
    }
    text.push_str(&trf!(
        "epoch {}\ntrain loss {}",
        epoch,
        curves.history.train_loss[i]
    ));
    if let Some(t) = curves.history.test_loss[i] {
        text.push_str(&trf!("\ntest loss {}", t));
    }
    if let Some(m) = row_at(curves.metrics, epoch) {
        text.push_str(&trf!("\ntrain metric {}", curves.metrics.train_loss[m]));
        if let Some(t) = curves.metrics.test_loss[m] {
            text.push_str(&trf!("\ntest metric {}", t));
        }
    }
    Some(text)
}

impl LossPlot {
    /// Draws the controls and the plot of `runs` (the current run first, then the runs
    /// overlaid), and on request the current run's metric under it; `moment` (the epoch the
    /// rewind slider shows, if any) is marked with a vertical line.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        runs: &[Curves],
        loss_title: &str,
        moment: Option<u64>,
    ) {
        let Self {
            log_scale,
            show_metric,
            log_epochs,
            smoothing,
            reset_view,
        } = self;
        let Some(current) = runs.first() else {
            return;
        };
        controls_ui(
            ui,
            (log_scale, log_epochs, show_metric),
            smoothing,
            reset_view,
        );
        if current.history.len() > 1 {
            ui.weak(trf!("{} points", current.history.len()))
                .on_hover_text(tr(
                    "A long run keeps every early epoch, then points spread on a log scale \
                     with every spike and dip",
                ));
        }
        let (log, log_x, weight) = (*log_scale, *log_epochs, *smoothing);
        let x = move |e: u64| if log_x { (e as f64).log10() } else { e as f64 };
        let y = move |v: f64| if log { v.max(1e-300).log10() } else { v };
        // One line of (epoch, value) pairs: the finite values, smoothed or not.
        let series =
            move |epochs: &[u64], values: &[Option<f64>], smoothed: bool| -> Vec<[f64; 2]> {
                let kept: Vec<(u64, f64)> = epochs
                    .iter()
                    .zip(values)
                    .filter_map(|(&e, v)| v.filter(|v| v.is_finite()).map(|v| (e, v)))
                    .collect();
                let values: Vec<f64> = kept.iter().map(|&(_, v)| v).collect();
                let values = if smoothed {
                    smooth(&values, weight)
                } else {
                    values
                };
                kept.iter()
                    .zip(values)
                    .map(|(&(e, _), v)| [x(e), y(v)])
                    .collect()
            };
        let metric_height = if *show_metric {
            ui.available_height() * 0.35
        } else {
            0.0
        };
        let reset = std::mem::take(reset_view);
        let mut plot = Plot::new(("loss plot", log_x))
            .height(ui.available_height() - metric_height)
            .legend(Legend::default())
            .x_axis_label(if log_x {
                tr("epoch (log scale)")
            } else {
                tr("epoch")
            })
            .y_axis_label(if log {
                trf!("{} (log scale)", loss_title)
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
            .x_axis_formatter(move |mark, _| epoch_tick(mark.value, log_x))
            .label_formatter(move |position| {
                let HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } = position
                else {
                    return None;
                };
                let epoch = if log_x {
                    10f64.powf(position.x).round()
                } else {
                    position.x.round()
                } as u64;
                // Of the runs under this legend name, the one whose curve passes nearest
                // the point.
                let y = |v: f64| if log { v.max(1e-300).log10() } else { v };
                let distance = |r: &Curves| {
                    let i = row_at(r.history, epoch)?;
                    let test = r.history.test_loss[i].map(y);
                    let d = |v: f64| (v - position.y).abs();
                    Some(d(y(r.history.train_loss[i])).min(test.map_or(f64::INFINITY, d)))
                };
                let run = runs
                    .iter()
                    .filter(|r| !r.name.is_empty() && plot_name.starts_with(r.name))
                    .filter_map(|r| distance(r).map(|d| (r, d)))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map_or(current, |(r, _)| r);
                hover_text(run.label, run, epoch)
            });
        if reset {
            plot = plot.reset();
        }
        let mark = ui.visuals().warn_fg_color;
        let shown = plot.show(ui, |plot| {
            run_lines(plot, runs, &series, weight > 0.0);
            if let Some(epoch) = moment {
                plot.vline(
                    egui_plot::VLine::new(trf!("shown: epoch {}", epoch), x(epoch.max(1)))
                        .color(mark)
                        .width(1.5),
                );
            }
        });
        crate::app::name_widget(
            &shown.response,
            tr("Loss plot: train and test loss per epoch"),
        );
        if *show_metric {
            metric_plot(ui, current.metrics, log_x, x);
        }
    }
}

/// One line of `(epoch, value)` points from epochs and values, smoothed or not.
type Series<'a> = dyn Fn(&[u64], &[Option<f64>], bool) -> Vec<[f64; 2]> + 'a;

/// Each run's train and test lines (the current run's first, in its own colours; others
/// in their run's colour, the test line dashed), smoothed with the raw line faint behind.
fn run_lines(
    plot: &mut egui_plot::PlotUi<'_>,
    runs: &[Curves],
    series: &Series<'_>,
    smoothed: bool,
) {
    for (k, run) in runs.iter().enumerate() {
        let h = run.history;
        let train: Vec<Option<f64>> = h.train_loss.iter().map(|&v| Some(v)).collect();
        let (train_color, test_color) = if k == 0 {
            (TRAIN_COLOR, TEST_COLOR)
        } else {
            (run.color, run.color)
        };
        let (train_name, test_name) = if k == 0 {
            (tr("train").to_string(), tr("test").to_string())
        } else {
            (trf!("{} train", run.name), trf!("{} test", run.name))
        };
        let lines = [
            (train_name, &train, train_color, false),
            (test_name, &h.test_loss, test_color, true),
        ];
        for (name, values, color, dashed) in lines {
            let style = if dashed && k > 0 {
                egui_plot::LineStyle::dashed_loose()
            } else {
                egui_plot::LineStyle::Solid
            };
            if smoothed {
                plot.line(
                    Line::new(
                        name.clone(),
                        PlotPoints::from(series(&h.epoch, values, false)),
                    )
                    .color(color.gamma_multiply(0.3))
                    .style(style),
                );
            }
            plot.line(
                Line::new(name, PlotPoints::from(series(&h.epoch, values, smoothed)))
                    .color(color)
                    .style(style),
            );
        }
    }
}

/// The plot's controls: log axes, the metric, smoothing and Reset view.
fn controls_ui(
    ui: &mut egui::Ui,
    (log_scale, log_epochs, show_metric): (&mut bool, &mut bool, &mut bool),
    smoothing: &mut f64,
    reset_view: &mut bool,
) {
    ui.horizontal_wrapped(|ui| {
        ui.strong(tr("Loss"));
        ui.checkbox(log_scale, tr("Log scale"))
            .on_hover_text(tr("Plot the loss on a logarithmic axis"));
        if ui
            .checkbox(log_epochs, tr("Log epochs"))
            .on_hover_text(tr(
                "Epochs on a logarithmic axis: the early phase beside the long tail",
            ))
            .changed()
        {
            *reset_view = true;
        }
        ui.checkbox(show_metric, tr("Metric"))
            .on_hover_text(tr("Also plot accuracy (classification) or R² (regression)"));
        ui.spacing_mut().slider_width = 60.0;
        ui.add(
            egui::Slider::new(smoothing, 0.0..=0.99)
                .text(tr("Smooth"))
                .fixed_decimals(2),
        )
        .on_hover_text(tr(
            "Exponential moving average; the raw curve stays faint behind",
        ));
        if ui
            .button(tr("Reset view"))
            .on_hover_text(tr(
                "Show the whole run again after zooming (or double-click the plot)",
            ))
            .clicked()
        {
            *reset_view = true;
        }
    });
}

/// The current run's metric (accuracy, or R²) per epoch, under the loss plot.
fn metric_plot(ui: &mut egui::Ui, m: &History, log_x: bool, x: impl Fn(u64) -> f64) {
    let train: Vec<Option<f64>> = m.train_loss.iter().map(|&v| Some(v)).collect();
    let line = |values: &[Option<f64>]| -> Vec<[f64; 2]> {
        m.epoch
            .iter()
            .zip(values)
            .filter_map(|(&e, v)| v.map(|v| [x(e), v]))
            .collect()
    };
    let shown = Plot::new(("metric plot", log_x))
        .legend(Legend::default())
        .x_axis_label(if log_x {
            tr("epoch (log scale)")
        } else {
            tr("epoch")
        })
        .x_axis_formatter(move |mark, _| epoch_tick(mark.value, log_x))
        .y_axis_label(tr("accuracy / R²"))
        .show(ui, |plot| {
            plot.line(
                Line::new(tr("train metric"), PlotPoints::from(line(&train))).color(TRAIN_COLOR),
            );
            plot.line(
                Line::new(tr("test metric"), PlotPoints::from(line(&m.test_loss)))
                    .color(TEST_COLOR),
            );
        });
    crate::app::name_widget(&shown.response, tr("Metric plot: accuracy or R² per epoch"));
}

/// The epoch axis' label at `value` (its log10 on a log axis): short at any size, so
/// that millions of epochs still leave room for every tick's label.
pub fn epoch_tick(value: f64, log_x: bool) -> String {
    if log_x {
        epoch_label(10f64.powf(value))
    } else if value.abs() >= 1e4 {
        epoch_label(value)
    } else {
        format!("{value}")
    }
}

/// An epoch on the log axis: a whole number, `12k` and `1.5M` for large ones.
pub fn epoch_label(epoch: f64) -> String {
    if epoch >= 1e6 {
        format!("{}M", trim(epoch / 1e6))
    } else if epoch >= 1e4 {
        format!("{}k", trim(epoch / 1e3))
    } else if epoch >= 1.0 {
        format!("{}", epoch.round())
    } else {
        String::new()
    }
}

/// A number with at most one decimal, without a trailing `.0`.
fn trim(v: f64) -> String {
    let text = format!("{v:.1}");
    text.strip_suffix(".0").unwrap_or(&text).to_string()
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
    fn smoothing_averages_after_the_first_value_and_leaves_gaps_alone() {
        let raw = [4.0, 2.0, f64::NAN, 2.0, 10.0];
        assert_eq!(smooth(&raw, 0.0)[..2], raw[..2], "0 is no smoothing");
        let s = smooth(&raw, 0.5);
        assert_eq!(s[0], 4.0, "the start is not pulled towards 0");
        // (0.5·0.5·4 + 0.5·2) / (1 − 0.25) = 2 / 0.75.
        assert_eq!(s[1], 2.0 / 0.75);
        assert!(s[2].is_nan());
        assert!(s[4] < 10.0 && s[4] > s[3], "a spike is damped: {s:?}");
    }

    #[test]
    fn the_hover_label_gives_the_epochs_exact_losses_and_metrics() {
        let mut history = History::default();
        history.push(1, 0.5, Some(0.6));
        history.push(7, 0.1234567890123, None);
        let mut metrics = History::default();
        metrics.push(7, 0.875, Some(0.8));
        let curves = Curves {
            name: "",
            label: "",
            history: &history,
            metrics: &metrics,
            color: egui::Color32::RED,
        };
        assert_eq!(
            hover_text("", &curves, 7).unwrap(),
            "epoch 7\ntrain loss 0.1234567890123\ntrain metric 0.875\ntest metric 0.8"
        );
        assert_eq!(
            hover_text("run 2", &curves, 1).unwrap(),
            "run 2\nepoch 1\ntrain loss 0.5\ntest loss 0.6"
        );
        assert_eq!(hover_text("", &curves, 3), None, "an epoch not kept");
        assert_eq!(epoch_label(1.0), "1");
        assert_eq!(epoch_label(316.2), "316");
        assert_eq!(epoch_label(31_622.0), "31.6k");
        assert_eq!(epoch_label(2_000_000.0), "2M");
    }

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

    #[test]
    fn epoch_ticks_stay_short_past_millions_on_either_axis() {
        assert_eq!(epoch_tick(3_500_000.0, false), "3.5M");
        assert_eq!(epoch_tick(25_000.0, false), "25k");
        assert_eq!(epoch_tick(250.0, false), "250");
        assert_eq!(epoch_tick(6.5, true), "3.2M");
        assert_eq!(epoch_tick(7.0, true), "10M");
        assert_eq!(epoch_tick(2.0, true), "100");
    }
}
