//! The loss landscape window (View ▸ Loss landscape): the seed article's figure 14, live.
//! One weight or bias picked in the diagram: the loss as it alone moves, with the point
//! where the network is and its slope (the gradient). Two: a shaded surface with the path
//! training took through it. Computed on a thread of its own, following training and the
//! rewind slider.

use crate::app::i18n::{tr, trf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use egui::{Color32, ColorImage, Pos2, Rect, Sense, Stroke, TextureOptions};
use egui_plot::{Line, Plot, PlotPoints, Points};
use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::experiment::landscape::{Landscape, landscape};
use crate::experiment::{Experiment, Moment, Parameter};

/// The most training samples the landscape is measured over (the first ones).
pub const SAMPLES: usize = 2000;
/// Values along a curve's axis, and along each axis of a surface.
const CURVE_STEPS: usize = 81;
const SURFACE_STEPS: usize = 41;
/// While training runs, the least time between two computations.
const REFRESH: Duration = Duration::from_millis(200);

/// What a computation was made of: the run's revision and steps, the moment shown, the
/// picked parameters and the span.
type Key = ((u64, u64), u64, u64, Vec<Parameter>, u64);

/// The landscape window's state.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct LandscapeView {
    /// The window is open.
    pub open: bool,
    /// How far each parameter moves on either side of its value.
    pub span: f64,
    /// The weights or biases that move (one or two).
    #[serde(skip)]
    pub picked: Vec<Parameter>,
    #[serde(skip)]
    shown: Option<(Key, Landscape)>,
    #[serde(skip)]
    job: Option<(Key, Receiver<Option<Landscape>>)>,
    #[serde(skip)]
    started: Option<Instant>,
}

impl Default for LandscapeView {
    fn default() -> Self {
        Self {
            open: false,
            span: 2.0,
            picked: Vec::new(),
            shown: None,
            job: None,
            started: None,
        }
    }
}

impl Clone for LandscapeView {
    fn clone(&self) -> Self {
        Self {
            open: self.open,
            span: self.span,
            picked: self.picked.clone(),
            ..Self::default()
        }
    }
}

impl std::fmt::Debug for LandscapeView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LandscapeView")
            .field("open", &self.open)
            .field("picked", &self.picked)
            .finish()
    }
}

impl PartialEq for LandscapeView {
    fn eq(&self, other: &Self) -> bool {
        self.open == other.open && self.span == other.span && self.picked == other.picked
    }
}

impl LandscapeView {
    /// Picks `p`: the curve's parameter, or the surface's second when a curve is shown.
    pub fn pick(&mut self, p: Parameter) {
        match self.picked.as_slice() {
            [first] if self.open && *first != p => self.picked.push(p),
            _ => self.picked = vec![p],
        }
        self.open = true;
    }

    /// The landscape shown now, once computed.
    pub fn shown(&self) -> Option<&Landscape> {
        self.shown.as_ref().map(|(_, l)| l)
    }

    /// Starts a computation for moment `m` of `e` when what is shown is out of date and
    /// none runs; takes a finished one.
    fn refresh(&mut self, ctx: &egui::Context, e: &Experiment, m: Moment<'_>) {
        if let Some((key, rx)) = &self.job
            && let Ok(done) = rx.try_recv()
        {
            self.shown = done.map(|l| (key.clone(), l));
            self.job = None;
        }
        let viewing = if m.network == e.network() {
            u64::MAX
        } else {
            m.epoch
        };
        let key: Key = (
            e.revision(),
            e.sample_steps(),
            viewing,
            self.picked.clone(),
            self.span.to_bits(),
        );
        let current = self.shown.as_ref().is_some_and(|(k, _)| *k == key);
        let busy = self.job.is_some();
        let soon = self.started.is_some_and(|t| t.elapsed() < REFRESH);
        if current || busy || soon || self.picked.is_empty() {
            if !current && soon {
                ctx.request_repaint_after(REFRESH);
            }
            return;
        }
        let (net, objective) = (m.network.clone(), *e.objective());
        let data = first_samples(e);
        let (picked, span) = (self.picked.clone(), self.span);
        let steps = if picked.len() == 1 {
            CURVE_STEPS
        } else {
            SURFACE_STEPS
        };
        let (tx, rx) = channel();
        let wake = ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(landscape(&net, &objective, &data, &picked, (span, steps)));
            wake.request_repaint();
        });
        self.job = Some((key, rx));
        self.started = Some(Instant::now());
    }

    /// Draws the window (when open) for `e` at moment `m` (the rewind slider's).
    pub fn ui(&mut self, ctx: &egui::Context, e: &Experiment, m: Moment<'_>) {
        if !self.open {
            return;
        }
        self.picked.retain(|p| p.fits(m.network));
        self.refresh(ctx, e, m);
        let mut open = self.open;
        egui::Window::new(tr("Loss landscape"))
            .open(&mut open)
            .default_width(460.0)
            .default_pos(super::beside_the_map(ctx, 460.0))
            .show(ctx, |ui| {
                let names: Vec<String> = self.picked.iter().map(|p| super::diagram::describe(*p).to_lowercase()).collect();
                match names.as_slice() {
                    [] => {
                        ui.label(tr("Click a weight or bias in the diagram, then Loss landscape in its editor."));
                        return;
                    }
                    [one] => ui.label(trf!("The training loss as the {} alone moves, the others held.", one)),
                    [a, b] => ui.label(trf!("The training loss as the {} (across) and the {} (up) move.", a, b)),
                    _ => unreachable!("at most two are picked"),
                };
                ui.horizontal(|ui| {
                    ui.add(egui::Slider::new(&mut self.span, 0.1..=10.0).logarithmic(true).text(tr("Span ±")));
                    if self.picked.len() == 2 && ui.button(tr("One weight only")).clicked() {
                        self.picked.truncate(1);
                    }
                });
                ui.weak(trf!("Over the first {} training samples; the point is where the network is.", e.train_data().len().min(SAMPLES)));
                let Some(l) = self.shown() else {
                    ui.spinner();
                    return;
                };
                if l.axes.len() == 1 {
                    curve_ui(ui, l);
                } else {
                    let path = path_of(e, m, &self.picked);
                    surface_ui(ui, l, &path);
                }
            });
        self.open = open;
    }
}

/// The first [`SAMPLES`] training samples as the network sees them.
fn first_samples(e: &Experiment) -> Dataset {
    let train = e.train_data();
    let n = train.len().min(SAMPLES);
    let names = e.preprocess().input_names(train);
    let mut data = Dataset::new(names, train.target_names().to_vec());
    let mut x = Vec::new();
    for k in 0..n {
        e.preprocess().transform(train.input(k), &mut x);
        data.push(&x, train.target(k));
    }
    data
}

/// The picked parameters' values at each kept moment up to `m`: training's path.
fn path_of(e: &Experiment, m: Moment<'_>, picked: &[Parameter]) -> Vec<Vec<f64>> {
    e.checkpoints()
        .iter()
        .filter(|c| c.epoch <= m.epoch)
        .map(|c| {
            picked
                .iter()
                .filter_map(|p| p.value_in(&c.network))
                .collect()
        })
        .collect()
}

/// One parameter: the curve, the network's point and the tangent of the gradient's slope.
fn curve_ui(ui: &mut egui::Ui, l: &Landscape) {
    let (x0, y0, g) = (l.at[0], l.at_loss, l.slopes[0]);
    ui.label(trf!(
        "At {}: loss {}, slope (the gradient) {}",
        format!("{:.6}", x0),
        format!("{:.6}", y0),
        format!("{:.6}", g)
    ));
    let values = &l.axes[0].values;
    let points: PlotPoints = values.iter().zip(&l.loss).map(|(&x, &y)| [x, y]).collect();
    let reach = (values[values.len() - 1] - values[0]) * 0.15;
    let point = ui.visuals().strong_text_color();
    let tangent: PlotPoints = [x0 - reach, x0 + reach]
        .iter()
        .map(|&x| [x, y0 + g * (x - x0)])
        .collect();
    let shown = Plot::new("landscape curve")
        .height(260.0)
        .x_axis_label(tr("value"))
        .y_axis_label(tr("training loss"))
        .show(ui, |plot| {
            plot.line(Line::new(tr("loss"), points).color(Color32::from_rgb(0x5b, 0xa3, 0xd9)));
            plot.line(Line::new(tr("slope"), tangent).color(Color32::from_rgb(0xf5, 0x93, 0x22)));
            plot.points(
                Points::new(tr("network"), vec![[x0, y0]])
                    .radius(5.0)
                    .color(point),
            );
        });
    crate::app::name_widget(
        &shown.response,
        tr("Loss landscape: the training loss along the weight"),
    );
}

/// Two parameters: the surface shaded from low (dark) to high (light), training's path
/// over it and the network's point.
fn surface_ui(ui: &mut egui::Ui, l: &Landscape, path: &[Vec<f64>]) {
    let (a, b) = (&l.axes[0].values, &l.axes[1].values);
    let (lo, hi) = l
        .loss
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            if v.is_finite() {
                (lo.min(v), hi.max(v))
            } else {
                (lo, hi)
            }
        });
    ui.label(trf!(
        "Loss from {} (dark) to {} (light); at the point {}",
        format!("{:.4}", lo),
        format!("{:.4}", hi),
        format!("{:.6}", l.at_loss)
    ));
    let (cols, rows) = (a.len(), b.len());
    let pixels = (0..rows)
        .rev()
        .flat_map(|r| (0..cols).map(move |c| (r, c)))
        .map(|(r, c)| {
            let v = l.loss[r * cols + c];
            let t = if hi > lo && v.is_finite() {
                ((v - lo) / (hi - lo)).sqrt()
            } else {
                0.0
            };
            let shade = (30.0 + 200.0 * t) as u8;
            Color32::from_rgb(shade / 3, shade / 2 + 10, shade)
        })
        .collect();
    let image = ColorImage::new([cols, rows], pixels);
    let texture = ui
        .ctx()
        .load_texture("loss surface", image, TextureOptions::LINEAR);
    let side = ui.available_width().min(360.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(side, side), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.image(
        texture.id(),
        rect,
        Rect::from_min_max(Pos2::ZERO, egui::pos2(1.0, 1.0)),
        Color32::WHITE,
    );
    let to_screen = |v: &[f64]| -> Pos2 {
        let u = (v[0] - a[0]) / (a[cols - 1] - a[0]);
        let w = (v[1] - b[0]) / (b[rows - 1] - b[0]);
        egui::pos2(
            rect.left() + u as f32 * rect.width(),
            rect.bottom() - w as f32 * rect.height(),
        )
    };
    let line: Vec<Pos2> = path
        .iter()
        .filter(|v| v.len() == 2)
        .map(|v| to_screen(v))
        .collect();
    painter.add(egui::Shape::line(
        line,
        Stroke::new(2.0, Color32::from_rgb(0xf5, 0x93, 0x22)),
    ));
    painter.circle_filled(to_screen(&l.at), 5.0, Color32::WHITE);
}
