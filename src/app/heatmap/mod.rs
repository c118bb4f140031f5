//! The prediction heatmap: the network's output over the input plane, with the data on top.

mod sweep;

use crate::app::i18n::{tr, trf};
use std::time::Duration;

use egui::{Color32, ColorImage, Pos2, Rect, Sense, Stroke, TextureOptions, pos2, vec2};
use serde::{Deserialize, Serialize};

use super::hidden::shown;
use super::live::LiveTexture;
use super::palette::{CLASS_COLORS, class_color, value_color};
use super::plane::{Domain, Grid, Slice, shows_slice, slice_ui};
use crate::data::{Dataset, Preprocess};
use crate::nn::Network;
use sweep::{FRAME_BUDGET, Sweep};

/// The most points of one set (training or test) the map draws; a larger set is drawn as
/// an even sample, and the map says how many of how many.
pub const MAX_POINTS_DRAWN: usize = 1_000;

/// Cells per side of the heatmap.
pub const RESOLUTION: usize = 200;

/// The least time between two pictures while the network changes.
const REFRESH_AT_MOST: Duration = Duration::from_millis(15);

/// The heatmap's settings and its cached picture.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct Heatmap {
    /// Show only the sign of the prediction.
    pub discretize: bool,
    /// Draw the test samples too.
    pub show_test: bool,
    /// Predictions, `RESOLUTION²`, row 0 at the top.
    #[serde(skip)]
    cells: Vec<f64>,
    /// Predicted classes and their probabilities, for a network of two or more outputs.
    #[serde(skip)]
    classes: Option<Vec<(usize, f64)>>,
    /// How many classes the outputs are.
    #[serde(skip)]
    class_count: usize,
    /// The picture, redrawn when the network changed (at most every four times the time
    /// a picture takes, so that it never takes more than a fifth of the window's time).
    #[serde(skip)]
    texture: LiveTexture,
    /// Something besides the network changed: the region, the node shown, the plane.
    #[serde(skip)]
    stale: bool,
    #[serde(skip)]
    domain: Domain,
    #[serde(skip)]
    drawn_discretized: bool,
    #[serde(skip)]
    sweep: Option<Sweep>,
    /// The node shown instead of the output (an index into a cache's `outs`).
    #[serde(skip)]
    focus: Option<usize>,
    /// The training sample ringed (the one the step inspector shows).
    #[serde(skip)]
    pub marked: Option<usize>,
    /// Where the last frame drew the map.
    #[serde(skip)]
    drawn_at: Option<Rect>,
    /// Clicks draw points instead of picking them (the data is drawn by hand).
    #[serde(skip)]
    pub drawing: bool,
    /// The plane shown, for data of more than two inputs.
    #[serde(skip)]
    slice: Slice,
}

/// What a click on the map asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub enum MapClick {
    /// A training sample was clicked (for the step inspector).
    Pick(usize),
    /// Drawing: add a point at this input; `other` (shift held) asks for the other class.
    Add {
        /// The point `(x1, x2)`.
        at: [f64; 2],
        /// Shift was held.
        other: bool,
    },
    /// Drawing: erase the drawn point nearest to `at`, if one lies within `within`
    /// (in input units).
    Erase {
        /// The point `(x1, x2)`.
        at: [f64; 2],
        /// How far from `at` a point may be and still be erased.
        within: f64,
    },
}

impl Default for Heatmap {
    fn default() -> Self {
        Heatmap {
            discretize: false,
            show_test: false,
            cells: Vec::new(),
            classes: None,
            class_count: 0,
            texture: LiveTexture::new("heatmap", REFRESH_AT_MOST),
            stale: true,
            domain: Domain::default(),
            drawn_discretized: false,
            sweep: None,
            focus: None,
            marked: None,
            drawn_at: None,
            drawing: false,
            slice: Slice::default(),
        }
    }
}

/// What the map is drawn from: the network, how its inputs are made, the samples to draw
/// and the classes' names.
pub struct MapInput<'a> {
    /// The network shown.
    pub net: &'a Network,
    /// How a point of the plane becomes the network's inputs.
    pub preprocess: &'a Preprocess,
    /// The training and test samples drawn on top.
    pub data: (&'a Dataset, &'a Dataset),
    /// The classes' names, for classification data.
    pub classes: Option<&'a [String]>,
}

impl Heatmap {
    /// Marks the picture as out of date: the region changed (a changed network is seen by
    /// itself).
    pub fn invalidate(&mut self, domain: Domain) {
        self.stale = true;
        self.domain = domain;
    }

    /// Shows node `focus` (an index into a cache's `outs`: inputs, then each layer's
    /// nodes) instead of the network's output, or the output again with `None`.
    pub fn set_focus(&mut self, focus: Option<usize>) {
        if focus != self.focus {
            self.focus = focus;
            self.restart();
        }
    }

    /// Draws the picture again from the start, now.
    fn restart(&mut self) {
        self.stale = true;
        self.sweep = None;
    }

    /// Where the last frame drew the input point `(x1, x2)`.
    pub fn screen_pos(&self, point: [f64; 2]) -> Option<Pos2> {
        Some(self.domain.to_screen(self.drawn_at?, point))
    }

    /// The plane shown.
    pub fn slice(&self) -> &Slice {
        &self.slice
    }

    /// Follows new data: a new slice through the training mean when the number of inputs
    /// changed (the axes and held values stay otherwise), and the region its axes span.
    pub fn follow_data(&mut self, train: &Dataset, test: &Dataset) {
        let fresh = Slice::through_mean(train);
        if fresh.held.len() != self.slice.held.len() {
            self.slice = fresh;
        } else {
            self.slice.ranges = fresh.ranges;
        }
        self.invalidate(self.slice.domain(&[train, test]));
    }

    /// Shows another plane (other axes, other held values).
    pub fn set_slice(&mut self, slice: Slice, sets: &[&Dataset]) {
        if slice != self.slice {
            self.slice = slice;
            self.invalidate(self.slice.domain(sets));
            self.restart();
        }
    }

    /// The node shown instead of the output, if any.
    pub fn focus(&self) -> Option<usize> {
        self.focus
    }

    /// The region shown.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    /// The grid the picture samples.
    fn grid(&self) -> Grid {
        Grid {
            domain: self.domain,
            slice: self.slice.clone(),
            n: RESOLUTION,
        }
    }

    /// Computes every cell's prediction now. Returns `false` when the network does not
    /// take a point (x1, x2) (then there is no map to draw).
    pub fn compute(&mut self, net: &Network, preprocess: &Preprocess) -> bool {
        if !shows_slice(net, preprocess, self.slice.held.len()) {
            self.cells.clear();
            return false;
        }
        let mut sweep = Sweep::new(net.clone(), preprocess.clone(), self.grid(), None);
        sweep.advance(Duration::MAX);
        self.finish(sweep);
        true
    }

    /// Takes a finished sweep's picture.
    fn finish(&mut self, sweep: Sweep) {
        self.class_count = sweep.net.n_outputs();
        self.texture.drawn(&sweep.net);
        self.texture
            .set_every((sweep.spent * 4).max(REFRESH_AT_MOST));
        self.classes = sweep.classes;
        self.cells = sweep.cells;
    }

    /// The picture as RGB pixels, `RESOLUTION²`, row 0 at the top.
    pub fn pixels(&self) -> Vec<[u8; 3]> {
        if let Some(classes) = &self.classes {
            let k = self.class_count;
            return classes
                .iter()
                .map(|&(c, p)| class_color(c, p, k, self.discretize))
                .collect();
        }
        self.cells
            .iter()
            .map(|&v| value_color(v, self.discretize))
            .collect()
    }

    /// The picture as a PNG-ready image (`None` before the first computation).
    pub fn to_image(&self) -> Option<image::RgbImage> {
        if self.cells.len() != RESOLUTION * RESOLUTION {
            return None;
        }
        let mut img = image::RgbImage::new(RESOLUTION as u32, RESOLUTION as u32);
        for (p, c) in img.pixels_mut().zip(self.pixels()) {
            *p = image::Rgb(c);
        }
        Some(img)
    }

    /// Starts a picture when the network changed (or something else did) and its interval
    /// has passed, goes on with one under way for at most [`FRAME_BUDGET`] of the frame
    /// (the first picture is computed at once), and uploads a finished one.
    fn refresh_if_due(&mut self, ctx: &egui::Context, net: &Network, preprocess: &Preprocess) {
        if self.sweep.is_none()
            && (self.cells.is_empty() || self.stale || self.texture.due(ctx, net))
        {
            let sweep = Sweep::new(net.clone(), preprocess.clone(), self.grid(), self.focus);
            self.sweep = Some(sweep);
            self.stale = false;
        }
        let mut upload = self.drawn_discretized != self.discretize
            || (self.texture.get(0).is_none() && !self.cells.is_empty());
        if let Some(sweep) = &mut self.sweep {
            let budget = if self.texture.get(0).is_none() {
                Duration::MAX
            } else {
                FRAME_BUDGET
            };
            if sweep.advance(budget) {
                if let Some(done) = self.sweep.take() {
                    self.finish(done);
                }
                upload = true;
            } else {
                ctx.request_repaint();
            }
        }
        if !upload || self.cells.is_empty() {
            return;
        }
        self.drawn_discretized = self.discretize;
        let pixels: Vec<Color32> = self
            .pixels()
            .into_iter()
            .map(|[r, g, b]| Color32::from_rgb(r, g, b))
            .collect();
        let image = ColorImage::new([RESOLUTION, RESOLUTION], pixels);
        let options = if self.discretize {
            TextureOptions::NEAREST
        } else {
            TextureOptions::LINEAR
        };
        self.texture.set(ctx, 0, image, options);
    }

    /// Draws the controls.
    pub fn controls_ui(&mut self, ui: &mut egui::Ui) {
        if shown(ui, "show_test") {
            ui.checkbox(&mut self.show_test, tr("Show test data"))
                .on_hover_text(tr(
                    "Draw the test samples (dark outline) beside the training samples (white \
                     outline)",
                ));
        }
        if shown(ui, "discretize") {
            ui.checkbox(&mut self.discretize, tr("Discretize output"))
                .on_hover_text(tr("Colour only the sign of the prediction"));
        }
    }

    /// Draws the map, the samples and the legend, and the prediction under the mouse;
    /// returns what a click asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, shown: &MapInput<'_>) -> Option<MapClick> {
        let MapInput {
            net,
            preprocess,
            data: (train, test),
            ..
        } = *shown;
        if train.n_inputs() >= 2 && train.n_inputs() != self.slice.held.len() {
            self.follow_data(train, test);
        }
        if !shows_slice(net, preprocess, self.slice.held.len()) {
            ui.label(trf!(
                "The heatmap draws a plane of two inputs; this data has {}.",
                train.n_inputs()
            ));
            return None;
        }
        if self.slice.holds_others() {
            let mut slice = self.slice.clone();
            slice_ui(ui, &mut slice, train.input_names());
            self.set_slice(slice, &[train, test]);
        }
        self.refresh_if_due(ui.ctx(), net, preprocess);
        let legend_height = 52.0;
        let side = ui
            .available_width()
            .min(ui.available_height() - legend_height)
            .max(120.0);
        let (rect, response) = ui.allocate_exact_size(vec2(side, side), Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Canvas,
                true,
                tr("Prediction map: click a sample to inspect it"),
            )
        });
        self.drawn_at = Some(rect);
        let painter = ui.painter_at(rect.expand(2.0));
        if let Some(t) = self.texture.get(0) {
            painter.image(
                t.id(),
                rect,
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
        let radius = (side / 140.0).clamp(2.0, 5.0);
        let mut picked = None;
        if train.n_inputs() >= 2 {
            self.draw_samples(&painter, rect, radius, (train, test));
            picked = self.click(ui, &response, radius, train);
        }
        painter.rect_stroke(
            rect,
            0.0,
            Stroke::new(1.0, Color32::from_gray(120)),
            egui::StrokeKind::Outside,
        );
        ui.add_space(2.0);
        ui.weak(self.caption(train));
        let hover = response
            .hover_pos()
            .map(|p| self.prediction_at(shown, self.domain.from_screen(rect, p)));
        ui.horizontal(|ui| {
            self.legend_ui(ui, shown.classes);
            match hover {
                Some(text) => ui.monospace(text),
                None => ui.weak(tr("Point at the map to read the exact prediction")),
            };
        });
        picked
    }

    /// The training samples (and the test samples when shown), each in its target's
    /// colour, and a ring around the marked one.
    fn draw_samples(
        &self,
        painter: &egui::Painter,
        rect: Rect,
        radius: f32,
        (train, test): (&Dataset, &Dataset),
    ) {
        let at = |input: &[f64]| self.domain.to_screen(rect, self.slice.project(input));
        let draw = |set: &Dataset, outline: Color32| {
            let one_hot = set.n_targets() >= 2;
            // A large set is drawn as an even sample of it (every k-th point).
            let every = set.len().div_ceil(MAX_POINTS_DRAWN).max(1);
            for i in (0..set.len()).step_by(every) {
                let t = set.target(i);
                let [r, g, b] = if one_hot {
                    CLASS_COLORS[crate::nn::argmax(t) % CLASS_COLORS.len()]
                } else {
                    value_color(t[0], false)
                };
                painter.circle(
                    at(set.input(i)),
                    radius,
                    Color32::from_rgb(r, g, b),
                    Stroke::new(1.0, outline),
                );
            }
        };
        draw(train, Color32::WHITE);
        if self.show_test || self.drawing {
            draw(test, Color32::from_gray(40));
        }
        if let Some(k) = self.marked.filter(|&k| k < train.len()) {
            let at = at(train.input(k));
            painter.circle_stroke(at, radius + 3.0, Stroke::new(2.0, Color32::BLACK));
            painter.circle_stroke(at, radius + 5.0, Stroke::new(1.5, Color32::YELLOW));
        }
    }

    /// What a click asks for: while drawing, a point added (shift: of the other class) or
    /// erased (right click); otherwise the training sample clicked.
    fn click(
        &self,
        ui: &egui::Ui,
        response: &egui::Response,
        radius: f32,
        train: &Dataset,
    ) -> Option<MapClick> {
        let rect = response.rect;
        let d = &self.domain;
        let pointer = response.interact_pointer_pos()?;
        if self.drawing {
            if response.clicked() {
                let other = ui.input(|i| i.modifiers.shift);
                let at = d.from_screen(rect, pointer);
                return Some(MapClick::Add { at, other });
            }
            if response.secondary_clicked() {
                let within = (radius * 3.0 / rect.width()) as f64 * (d.x_max - d.x_min);
                let at = d.from_screen(rect, pointer);
                return Some(MapClick::Erase { at, within });
            }
            return None;
        }
        if !response.clicked() {
            return None;
        }
        // A click on a training point picks it (for the step inspector).
        (0..train.len())
            .map(|i| {
                let p = d.to_screen(rect, self.slice.project(train.input(i)));
                (i, p.distance(pointer))
            })
            .filter(|&(_, d)| d <= radius * 3.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| MapClick::Pick(i))
    }

    /// The axes' inputs and ranges, and how many training points are drawn.
    fn caption(&self, train: &Dataset) -> String {
        let d = &self.domain;
        let name = |k: usize| {
            train
                .input_names()
                .get(k)
                .cloned()
                .unwrap_or_else(|| format!("x{}", k + 1))
        };
        let [a, b] = self.slice.axes;
        let edge = |v: f64| {
            if v.fract() == 0.0 {
                format!("{v}")
            } else {
                format!("{v:.3}")
            }
        };
        let shown = |n: usize| n.div_ceil(n.div_ceil(MAX_POINTS_DRAWN).max(1));
        let sampled = if train.len() > MAX_POINTS_DRAWN {
            trf!(
                "; {} of {} training points drawn",
                shown(train.len()),
                train.len()
            )
        } else {
            String::new()
        };
        trf!(
            "{} {} … {} (left to right), {} {} … {} (bottom to top){}",
            name(a),
            edge(d.x_min),
            edge(d.x_max),
            name(b),
            edge(d.y_min),
            edge(d.y_max),
            sampled
        )
    }

    /// The classes' names as the legend shows them.
    fn class_names(&self, classes: Option<&[String]>) -> Vec<String> {
        classes
            .filter(|c| self.classes.is_some() && c.len() == self.class_count)
            .map(<[String]>::to_vec)
            .unwrap_or_else(|| (0..self.class_count).map(|k| k.to_string()).collect())
    }

    /// The exact prediction at the point `(x, y)` of the plane.
    fn prediction_at(&self, shown: &MapInput<'_>, [x, y]: [f64; 2]) -> String {
        let net = shown.net;
        let mut cache = net.cache();
        let mut input = Vec::new();
        shown
            .preprocess
            .transform(&self.slice.point([x, y]), &mut input);
        let out = net.forward(&input, &mut cache);
        if out.iter().any(|v| !v.is_finite()) {
            return trf!(
                "f({}, {}) is not a number here: the output overflowed (the weights \
                 grew too large; try a smaller learning rate)",
                format!("{:.3}", x),
                format!("{:.3}", y)
            );
        }
        let said = if self.classes.is_some() {
            let k = crate::nn::argmax(out);
            let names = self.class_names(shown.classes);
            let name = names.get(k).cloned().unwrap_or_else(|| k.to_string());
            trf!("class {}, p = {}", name, out[k])
        } else {
            format!("{}", out[0])
        };
        format!("f({x:.3}, {y:.3}) = {said}")
    }

    /// A swatch per class, or a colour bar from −1 to +1.
    fn legend_ui(&self, ui: &mut egui::Ui, classes: Option<&[String]>) {
        if self.classes.is_some() {
            for (k, name) in self.class_names(classes).iter().enumerate() {
                let (swatch, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                let [r, g, b] = CLASS_COLORS[k % CLASS_COLORS.len()];
                ui.painter()
                    .rect_filled(swatch, 2.0, Color32::from_rgb(r, g, b));
                ui.label(name);
            }
            return;
        }
        let small = egui::FontId::proportional(11.0);
        let weak = ui.visuals().weak_text_color();
        let (bar, _) = ui.allocate_exact_size(vec2(160.0, 12.0), Sense::hover());
        let steps = 64;
        for s in 0..steps {
            let v = -1.0 + 2.0 * (s as f64 + 0.5) / steps as f64;
            let [r, g, b] = value_color(v, self.discretize);
            let w = bar.width() / steps as f32;
            let cell = Rect::from_min_size(
                pos2(bar.left() + s as f32 * w, bar.top()),
                vec2(w + 0.5, bar.height()),
            );
            ui.painter()
                .rect_filled(cell, 0.0, Color32::from_rgb(r, g, b));
        }
        for (at, align, text) in [
            (bar.left_bottom(), egui::Align2::LEFT_TOP, "−1"),
            (bar.center_bottom(), egui::Align2::CENTER_TOP, "0"),
            (bar.right_bottom(), egui::Align2::RIGHT_TOP, "+1"),
        ] {
            ui.painter().text(at, align, text, small.clone(), weak);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::palette::value_color;

    #[test]
    fn the_picture_is_the_networks_output_coloured_with_x1_rightwards_and_x2_upwards() {
        // out = (x1 + 2·x2) / 18: blue at the top right (+1), orange at the bottom left
        // (−1), light blue at the top left (+1/3), light orange at the bottom right (−1/3).
        let mut net = Network::new(&[2, 1], &[crate::nn::Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, 1.0 / 18.0);
        net.set_weight(0, 0, 1, 2.0 / 18.0);
        let mut map = Heatmap::default();
        assert!(map.compute(&net, &Preprocess::default()));
        let img = map.to_image().unwrap();
        let last = RESOLUTION as u32 - 1;
        assert_eq!(img.dimensions(), (last + 1, last + 1));
        let near = |(col, row): (u32, u32), v: f64| {
            let got = img.get_pixel(col, row).0;
            let want = value_color(v, false);
            let ok = (0..3).all(|c| (got[c] as i32 - want[c] as i32).abs() <= 3);
            assert!(
                ok,
                "pixel ({col}, {row}) is {got:?}, the colour of {v} is {want:?}"
            );
        };
        near((last, 0), 1.0);
        near((0, last), -1.0);
        near((0, 0), 1.0 / 3.0);
        near((last, last), -1.0 / 3.0);
        // Every pixel is its cell's output, in that cell's place.
        let mut cache = net.cache();
        for row in 0..RESOLUTION {
            for col in 0..RESOLUTION {
                let out =
                    net.forward(&map.domain().cell_center(col, row, RESOLUTION), &mut cache)[0];
                let pixel = img.get_pixel(col as u32, row as u32).0;
                assert_eq!(pixel[..3], value_color(out, false), "({col}, {row})");
            }
        }
    }

    #[test]
    fn a_large_networks_picture_is_spread_over_frames_and_ends_exact() {
        let layers = [2, 48, 48, 1];
        let acts = [crate::nn::Activation::Tanh; 3];
        let ctx = egui::Context::default();
        let net = Network::initialized(
            &layers,
            &acts,
            crate::nn::Init::Xavier,
            &mut crate::seeded(3),
        )
        .unwrap();
        let raw = Preprocess::default();
        let mut map = Heatmap::default();
        map.refresh_if_due(&ctx, &net, &raw);
        assert!(
            map.sweep.is_none() && map.texture.get(0).is_some(),
            "the first picture comes at once"
        );

        let moved = Network::initialized(
            &layers,
            &acts,
            crate::nn::Init::Xavier,
            &mut crate::seeded(4),
        )
        .unwrap();
        map.restart();
        // Every frame computes at least one row: the picture is done within RESOLUTION.
        let frames = (1..=RESOLUTION)
            .find(|_| {
                map.refresh_if_due(&ctx, &moved, &raw);
                map.sweep.is_none()
            })
            .expect("the picture is finished after one frame per row at most");
        assert!(
            frames > 1,
            "{frames} frame(s): a debug-built 48×48 network takes several"
        );
        let mut whole = Heatmap::default();
        whole.compute(&moved, &raw);
        assert_eq!(map.cells, whole.cells);
    }

    #[test]
    fn the_hover_says_when_the_output_is_not_a_number() {
        let mut net = Network::new(&[2, 1], &[crate::nn::Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, 1e308);
        let data = Dataset::planar();
        let shown = MapInput {
            net: &net,
            preprocess: &Preprocess::default(),
            data: (&data, &data),
            classes: None,
        };
        let map = Heatmap::default();
        assert!(map.prediction_at(&shown, [5.0, 0.0]).contains("overflowed"));
        assert_eq!(map.prediction_at(&shown, [0.0, 1.0]), "f(0.000, 1.000) = 0");
    }
}
