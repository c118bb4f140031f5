//! The race window (View ▸ Race): variants of the current settings trained side by side,
//! each on its own worker — their curves, maps and throughput live.

use crate::app::i18n::{tr, trf};
use std::time::Duration;

use egui::{ColorImage, TextureOptions};
use egui_plot::{Legend, Line, Plot, PlotPoints};

use super::live::LiveTexture;
use super::palette::{class_color, value_color};
use super::plane::{Domain, Grid, Slice, outputs, shows_slice};
use super::runs_panel::run_color;
use super::transport::{format_rate, short_number};
use crate::experiment::worker::Waker;
use crate::experiment::{Experiment, ExperimentError, Race, Start, Variation};

/// Thumbnail side, in cells.
const THUMB: usize = 48;
/// The most often a racer's thumbnail is recomputed.
const THUMB_EVERY: Duration = Duration::from_millis(250);

/// What the race window asks of the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaceAction {
    /// Start a race of this variation from the current run's start.
    Start(Variation),
}

/// The race window and the race it runs.
#[derive(Default)]
pub struct RacePanel {
    /// The window is shown.
    pub open: bool,
    /// What the next race varies.
    pub variation: Variation,
    /// The race under way (or finished), if any.
    pub race: Option<Race>,
    /// Each racer's map and when it was drawn.
    thumbs: Vec<LiveTexture>,
}

impl RacePanel {
    /// Starts a race of `variation` from `start` with the current `experiment`'s settings.
    pub fn start(
        &mut self,
        experiment: &Experiment,
        start: &Start,
        variation: Variation,
        wake: Waker,
    ) -> Result<(), ExperimentError> {
        self.race = None;
        self.thumbs.clear();
        self.race = Some(Race::start(start, experiment.settings(), variation, wake)?);
        self.variation = variation;
        self.open = true;
        Ok(())
    }

    /// Takes the racers' news; call once per frame.
    pub fn poll(&mut self) {
        if let Some(race) = &mut self.race {
            race.poll();
        }
    }

    /// Draws the window when open; `(domain, slice)` is the plane the main map shows.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        (domain, slice): (&Domain, &Slice),
    ) -> Option<RaceAction> {
        let mut open = self.open;
        let mut action = None;
        egui::Window::new(tr("Race"))
            .open(&mut open)
            .default_width(760.0)
            .default_pos(super::beside_the_map(ctx, 760.0))
            .show(ctx, |ui| action = self.contents(ui, (domain, slice)));
        self.open = open;
        action
    }

    fn contents(
        &mut self,
        ui: &mut egui::Ui,
        (domain, slice): (&Domain, &Slice),
    ) -> Option<RaceAction> {
        let mut action = None;
        ui.horizontal(|ui| {
            ui.label(tr("Racers differ in"));
            egui::ComboBox::from_id_salt("race variation")
                .selected_text(tr(self.variation.name()))
                .show_ui(ui, |ui| {
                    for v in Variation::ALL {
                        ui.selectable_value(&mut self.variation, v, tr(v.name()));
                    }
                });
            if ui
                .button(tr("Start race"))
                .on_hover_text(tr(
                    "Each variant trains on its own thread from the current run's first \
                     weights, on the same data",
                ))
                .clicked()
            {
                action = Some(RaceAction::Start(self.variation));
            }
            if let Some(race) = &mut self.race {
                let playing = race.is_playing();
                if ui
                    .button(if playing {
                        tr("Pause all")
                    } else {
                        tr("Play all")
                    })
                    .clicked()
                {
                    race.set_playing(!playing);
                }
                if ui.button(tr("End race")).clicked() {
                    self.race = None;
                    self.thumbs.clear();
                }
            }
        });
        let Some(race) = &self.race else {
            ui.weak(tr(
                "Pick what the racers differ in and start: two to four of them train at once.",
            ));
            return action;
        };
        let total: f64 = race.racers.iter().map(|r| r.rate).sum();
        ui.weak(trf!(
            "{} racers, {} sample steps/s together",
            race.racers.len(),
            format_rate(total)
        ));
        let ctx = ui.ctx().clone();
        // At most one map a frame — the first not yet drawn, else the one drawn longest
        // ago — so that no frame pays for all of them.
        while self.thumbs.len() < race.racers.len() {
            self.thumbs.push(LiveTexture::new("racer", THUMB_EVERY));
        }
        let next = (0..race.racers.len()).min_by_key(|&k| self.thumbs[k].drawn_at());
        if let Some(k) = next {
            let (thumb, e) = (&mut self.thumbs[k], &race.racers[k].experiment);
            let (net, pre) = (e.network(), e.preprocess());
            if thumb.due(&ctx, net) && shows_slice(net, pre, slice.held.len()) {
                let image = thumbnail(net, pre, (domain, slice));
                thumb.show(&ctx, net, [image], TextureOptions::LINEAR);
            }
        }
        if race.is_playing() {
            ctx.request_repaint_after(THUMB_EVERY);
        }
        ui.columns(race.racers.len(), |columns| {
            for (k, (ui, r)) in columns.iter_mut().zip(&race.racers).enumerate() {
                let e = &r.experiment;
                ui.colored_label(
                    run_color(k),
                    egui::RichText::new(crate::app::i18n::label(&r.label)).strong(),
                );
                if let Some(texture) = self.thumbs.get(k).and_then(|t| t.get(0)) {
                    let side = ui.available_width().min(160.0);
                    ui.image((texture.id(), egui::vec2(side, side)));
                }
                ui.label(trf!("epoch {}", e.epoch()));
                let last = |v: Option<f64>| v.map_or("–".to_string(), short_number);
                ui.label(trf!(
                    "train {}  test {}",
                    last(e.latest().train_loss),
                    last(e.latest().test_loss)
                ));
                match &r.diverged {
                    Some(d) => {
                        ui.colored_label(ui.visuals().error_fg_color, trf!("Diverged: {}", d))
                            .on_hover_text(tr(
                                "Its loss or gradient grew past what a number holds: it \
                                 stopped there, with the weights from before that batch",
                            ));
                    }
                    None => {
                        ui.label(trf!("{} sample steps/s", format_rate(r.rate)));
                    }
                }
            }
        });
        let shown = Plot::new("race plot")
            .height(ui.available_height().max(160.0))
            .legend(Legend::default())
            .x_axis_label(tr("epoch"))
            .y_axis_label(tr("test loss (log scale)"))
            .y_axis_formatter(|mark, _| super::loss_plot::log_label(mark.value))
            .show(ui, |plot| {
                for (k, r) in race.racers.iter().enumerate() {
                    let points = test_loss_points(r.experiment.history());
                    plot.line(
                        Line::new(crate::app::i18n::label(&r.label), PlotPoints::from(points))
                            .color(run_color(k)),
                    );
                }
            });
        crate::app::name_widget(&shown.response, tr("Race plot: each racer's test loss"));
        action
    }
}

/// A racer's test loss as the race plot draws it: `(epoch, log10 loss)`, values that are
/// not finite left out.
fn test_loss_points(h: &crate::history::History) -> Vec<[f64; 2]> {
    h.epoch
        .iter()
        .zip(&h.test_loss)
        .filter_map(|(&e, t)| {
            t.filter(|t| t.is_finite())
                .map(|t| [e as f64, t.max(1e-300).log10()])
        })
        .collect()
}

/// A racer's prediction over the plane, `THUMB²` cells.
fn thumbnail(
    net: &crate::nn::Network,
    preprocess: &crate::data::Preprocess,
    (domain, slice): (&Domain, &Slice),
) -> ColorImage {
    let grid = Grid {
        domain: *domain,
        slice: slice.clone(),
        n: THUMB,
    };
    let mut pixels = vec![egui::Color32::BLACK; THUMB * THUMB];
    grid.sample((net, preprocess), |cell, outs| {
        let out = outputs(net, outs);
        let [r, g, b] = if out.len() >= 2 {
            let c = crate::nn::argmax(out);
            class_color(c, out[c], out.len(), false)
        } else {
            value_color(out[0], false)
        };
        pixels[cell] = egui::Color32::from_rgb(r, g, b);
    });
    ColorImage::new([THUMB, THUMB], pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_race_plot_leaves_out_losses_that_are_not_finite() {
        let mut h = crate::history::History::default();
        h.push(1, 0.5, Some(0.1));
        h.push(2, f64::NAN, Some(f64::INFINITY));
        h.push(3, 0.4, Some(f64::NAN));
        h.push(4, 0.3, None);
        h.push(5, 0.2, Some(0.01));
        assert_eq!(test_loss_points(&h), [[1.0, -1.0], [5.0, -2.0]]);
    }
}
