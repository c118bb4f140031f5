//! The prediction heatmap: the network's output over the input plane, with the data on top.

use std::time::{Duration, Instant};

use egui::{
    Color32, ColorImage, Pos2, Rect, Sense, Stroke, TextureHandle, TextureOptions, pos2, vec2,
};
use serde::{Deserialize, Serialize};

use crate::data::{Dataset, Preprocess};
use crate::nn::{Cache, Network};

/// The most points of one set (training or test) the map draws; a larger set is drawn as
/// an even sample, and the map says how many of how many.
pub const MAX_POINTS_DRAWN: usize = 1_000;

/// Cells per side of the heatmap.
pub const RESOLUTION: usize = 200;

/// TF Playground's colour for −1.
pub const ORANGE: [u8; 3] = [0xf5, 0x93, 0x22];
/// TF Playground's colour for 0.
pub const GREY: [u8; 3] = [0xe8, 0xea, 0xeb];
/// TF Playground's colour for +1.
pub const BLUE: [u8; 3] = [0x08, 0x77, 0xbd];

/// The colour of a value: orange at −1, light grey at 0, blue at +1, clamped beyond.
/// `discretize` shows only the sign.
pub fn value_color(v: f64, discretize: bool) -> [u8; 3] {
    let v = if discretize {
        if v >= 0.0 { 1.0 } else { -1.0 }
    } else if v.is_nan() {
        0.0
    } else {
        v.clamp(-1.0, 1.0)
    };
    let (from, to, t) = if v < 0.0 {
        (GREY, ORANGE, -v)
    } else {
        (GREY, BLUE, v)
    };
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    [
        mix(from[0], to[0]),
        mix(from[1], to[1]),
        mix(from[2], to[2]),
    ]
}

/// A qualitative palette for classes (Tableau 10): blue, orange, red, teal, green, yellow,
/// purple, pink, brown, grey.
pub const CLASS_COLORS: [[u8; 3]; 10] = [
    [0x4e, 0x79, 0xa7],
    [0xf2, 0x8e, 0x2b],
    [0xe1, 0x57, 0x59],
    [0x76, 0xb7, 0xb2],
    [0x59, 0xa1, 0x4f],
    [0xed, 0xc9, 0x48],
    [0xb0, 0x7a, 0xa1],
    [0xff, 0x9d, 0xa7],
    [0x9c, 0x75, 0x5f],
    [0xba, 0xb0, 0xac],
];

/// The colour of a region predicted as class `k` of `classes` with probability `p`: the
/// class's colour, fading to grey as `p` falls to chance (`1 / classes`); `discretize`
/// shows the class alone.
pub fn class_color(k: usize, p: f64, classes: usize, discretize: bool) -> [u8; 3] {
    let chance = 1.0 / classes.max(2) as f64;
    let t = if discretize {
        1.0
    } else {
        ((p - chance) / (1.0 - chance)).clamp(0.0, 1.0)
    };
    let to = CLASS_COLORS[k % CLASS_COLORS.len()];
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    [
        mix(GREY[0], to[0]),
        mix(GREY[1], to[1]),
        mix(GREY[2], to[2]),
    ]
}

/// The input region the heatmap covers: `[x_min, x_max] × [y_min, y_max]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Domain {
    /// Smallest x1.
    pub x_min: f64,
    /// Largest x1.
    pub x_max: f64,
    /// Smallest x2.
    pub y_min: f64,
    /// Largest x2.
    pub y_max: f64,
}

impl Default for Domain {
    /// The playground's [−6, 6]².
    fn default() -> Self {
        Domain {
            x_min: -6.0,
            x_max: 6.0,
            y_min: -6.0,
            y_max: 6.0,
        }
    }
}

impl Domain {
    /// The playground's square, or for other data a square around every sample.
    pub fn around(sets: &[&Dataset]) -> Domain {
        let mut d = Domain::default();
        for set in sets {
            if set.n_inputs() != 2 {
                continue;
            }
            let r = set.input_ranges();
            d.x_min = d.x_min.min(r[0].0);
            d.x_max = d.x_max.max(r[0].1);
            d.y_min = d.y_min.min(r[1].0);
            d.y_max = d.y_max.max(r[1].1);
        }
        d
    }

    /// The input at the centre of cell `(col, row)`, row 0 at the top.
    pub fn cell_center(&self, col: usize, row: usize) -> [f64; 2] {
        self.cell_center_of(col, row, RESOLUTION)
    }

    /// The input at the centre of cell `(col, row)` of an `n × n` grid, row 0 at the top.
    pub fn cell_center_of(&self, col: usize, row: usize, n: usize) -> [f64; 2] {
        let n = n as f64;
        [
            self.x_min + (col as f64 + 0.5) / n * (self.x_max - self.x_min),
            self.y_max - (row as f64 + 0.5) / n * (self.y_max - self.y_min),
        ]
    }
}

/// The plane of the input space the pictures show: two raw inputs on the axes, every
/// other held at a value (for data of two inputs, just x1 across and x2 up).
#[derive(Clone, Debug, PartialEq)]
pub struct Slice {
    /// The inputs across and up.
    pub axes: [usize; 2],
    /// Every raw input's value off the axes (the axes' entries are ignored).
    pub held: Vec<f64>,
    /// Each raw input's range in the data, `(min, max)`.
    pub ranges: Vec<(f64, f64)>,
}

impl Default for Slice {
    /// x1 across, x2 up.
    fn default() -> Self {
        Slice {
            axes: [0, 1],
            held: vec![0.0; 2],
            ranges: vec![(-6.0, 6.0); 2],
        }
    }
}

impl Slice {
    /// The slice through the training data's mean, x1 across and x2 up.
    pub fn through_mean(train: &Dataset) -> Slice {
        let n = train.n_inputs();
        let count = train.len().max(1) as f64;
        let mut held = vec![0.0; n];
        for i in 0..train.len() {
            for (h, x) in held.iter_mut().zip(train.input(i)) {
                *h += x / count;
            }
        }
        Slice {
            axes: [0, 1.min(n.saturating_sub(1))],
            held,
            ranges: train.input_ranges(),
        }
    }

    /// The raw input at `(x, y)` of the plane.
    pub fn point(&self, [x, y]: [f64; 2]) -> Vec<f64> {
        let mut p = self.held.clone();
        p[self.axes[0]] = x;
        p[self.axes[1]] = y;
        p
    }

    /// Where a raw input lies on the plane.
    pub fn project(&self, input: &[f64]) -> [f64; 2] {
        [input[self.axes[0]], input[self.axes[1]]]
    }

    /// `true` when inputs other than the two on the axes are held.
    pub fn holds_others(&self) -> bool {
        self.held.len() > 2
    }

    /// The region the axes span: the playground's square (grown to the data) for two
    /// inputs, the data's range (5 % margin) for more.
    pub fn domain(&self, sets: &[&Dataset]) -> Domain {
        if !self.holds_others() {
            return Domain::around(sets);
        }
        let span = |(lo, hi): (f64, f64)| {
            let pad = ((hi - lo) * 0.05).max(1e-9);
            (lo - pad, hi + pad)
        };
        let (x, y) = (
            span(self.ranges[self.axes[0]]),
            span(self.ranges[self.axes[1]]),
        );
        Domain {
            x_min: x.0,
            x_max: x.1,
            y_min: y.0,
            y_max: y.1,
        }
    }
}

/// The most time one frame spends computing the picture; a larger network's picture is
/// computed over several frames, from the network as it was when the picture began.
const FRAME_BUDGET: Duration = Duration::from_millis(4);

/// A picture being computed row by row.
struct Sweep {
    /// Which node's output is drawn: an index into the cache's `outs`.
    node: usize,
    net: Network,
    preprocess: Preprocess,
    domain: Domain,
    slice: Slice,
    cache: Cache,
    input: Vec<f64>,
    cells: Vec<f64>,
    /// With two or more outputs (and no node in focus): each cell's predicted class (the
    /// largest output) and its probability, instead of `cells`.
    classes: Option<Vec<(usize, f64)>>,
    next_row: usize,
    spent: Duration,
}

impl Sweep {
    /// The picture of `net`'s first output, or of the node at `focus` in a cache's `outs`.
    fn new(
        net: Network,
        preprocess: Preprocess,
        (domain, slice): (Domain, Slice),
        focus: Option<usize>,
    ) -> Self {
        let first_output = net.n_inputs() + net.biases().len() - net.n_outputs();
        let node = focus
            .filter(|&n| n < net.n_inputs() + net.biases().len())
            .unwrap_or(first_output);
        let classes = (focus.is_none() && net.n_outputs() >= 2)
            .then(|| vec![(0, 0.0); RESOLUTION * RESOLUTION]);
        Sweep {
            node,
            classes,
            cache: net.cache(),
            input: Vec::with_capacity(net.n_inputs()),
            cells: vec![0.0; RESOLUTION * RESOLUTION],
            net,
            preprocess,
            domain,
            slice,
            next_row: 0,
            spent: Duration::ZERO,
        }
    }

    /// Computes rows until `budget` is used up; `true` once every row is done.
    fn advance(&mut self, budget: Duration) -> bool {
        let start = Instant::now();
        while self.next_row < RESOLUTION {
            let row = self.next_row;
            for col in 0..RESOLUTION {
                let point = self.slice.point(self.domain.cell_center(col, row));
                self.preprocess.transform(&point, &mut self.input);
                let out = self.net.forward(&self.input, &mut self.cache);
                if let Some(classes) = &mut self.classes {
                    let k = crate::nn::argmax(out);
                    classes[row * RESOLUTION + col] = (k, out[k]);
                }
                self.cells[row * RESOLUTION + col] = self.cache.outs[self.node];
            }
            self.next_row += 1;
            if start.elapsed() >= budget {
                break;
            }
        }
        self.spent += start.elapsed();
        self.next_row == RESOLUTION
    }
}

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
    #[serde(skip)]
    texture: Option<TextureHandle>,
    #[serde(skip)]
    stale: bool,
    #[serde(skip)]
    last_refresh: Option<Instant>,
    #[serde(skip)]
    refresh_cost: Duration,
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
            texture: None,
            stale: true,
            last_refresh: None,
            refresh_cost: Duration::ZERO,
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

impl Heatmap {
    /// Marks the picture as out of date (the network or the domain changed).
    pub fn invalidate(&mut self, domain: Domain) {
        self.stale = true;
        self.domain = domain;
    }

    /// Shows node `focus` (an index into a cache's `outs`: inputs, then each layer's
    /// nodes) instead of the network's output, or the output again with `None`.
    pub fn set_focus(&mut self, focus: Option<usize>) {
        if focus != self.focus {
            self.focus = focus;
            self.stale = true;
            self.sweep = None;
            self.last_refresh = None;
        }
    }

    /// Where the last frame drew the input point `(x1, x2)`.
    pub fn screen_pos(&self, point: [f64; 2]) -> Option<Pos2> {
        Some(place(self.drawn_at?, &self.domain, point))
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
            self.sweep = None;
            self.last_refresh = None;
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

    /// Computes every cell's prediction now. Returns `false` when the network does not
    /// take a point (x1, x2) (then there is no map to draw).
    pub fn compute(&mut self, net: &Network, preprocess: &Preprocess) -> bool {
        if !shows_slice(net, preprocess, self.slice.held.len()) {
            self.cells.clear();
            return false;
        }
        let mut sweep = Sweep::new(
            net.clone(),
            preprocess.clone(),
            (self.domain, self.slice.clone()),
            None,
        );
        sweep.advance(Duration::MAX);
        self.finish(sweep);
        true
    }

    /// Takes a finished sweep's picture.
    fn finish(&mut self, sweep: Sweep) {
        self.class_count = sweep.net.n_outputs();
        self.classes = sweep.classes;
        self.cells = sweep.cells;
        self.refresh_cost = sweep.spent;
        self.last_refresh = Some(Instant::now());
        self.stale = false;
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

    /// Recomputes when stale and enough time has passed: at most ~60 times a second, never
    /// spending more than a fifth of the time on it, nor more than [`FRAME_BUDGET`] of a
    /// frame (the first picture excepted, which is computed at once).
    fn refresh_if_due(&mut self, ctx: &egui::Context, net: &Network, preprocess: &Preprocess) {
        let due = self
            .last_refresh
            .is_none_or(|t| t.elapsed() >= (self.refresh_cost * 4).max(Duration::from_millis(15)));
        if self.sweep.is_none() && ((self.stale && due) || self.cells.is_empty()) {
            let sweep = Sweep::new(
                net.clone(),
                preprocess.clone(),
                (self.domain, self.slice.clone()),
                self.focus,
            );
            self.sweep = Some(sweep);
            self.stale = false;
        }
        let mut upload = self.drawn_discretized != self.discretize
            || (self.texture.is_none() && !self.cells.is_empty());
        if let Some(sweep) = &mut self.sweep {
            let budget = if self.texture.is_none() {
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
        } else if self.stale {
            ctx.request_repaint_after(Duration::from_millis(15));
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
        match &mut self.texture {
            Some(t) => t.set(image, options),
            None => self.texture = Some(ctx.load_texture("heatmap", image, options)),
        }
    }

    /// Draws the controls.
    pub fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.checkbox(&mut self.show_test, "Show test data")
            .on_hover_text(
                "Draw the test samples (dark outline) beside the training samples (white outline)",
            );
        ui.checkbox(&mut self.discretize, "Discretize output")
            .on_hover_text("Colour only the sign of the prediction");
    }

    /// Draws the map, the samples and the legend, and the prediction under the mouse;
    /// returns what a click asked for.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        net: &Network,
        preprocess: &Preprocess,
        (train, test): (&Dataset, &Dataset),
        classes: Option<&[String]>,
    ) -> Option<MapClick> {
        if train.n_inputs() >= 2 && train.n_inputs() != self.slice.held.len() {
            self.follow_data(train, test);
        }
        if !shows_slice(net, preprocess, self.slice.held.len()) {
            ui.label(format!(
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
        let painter = ui.painter_at(rect.expand(2.0));
        if let Some(t) = &self.texture {
            painter.image(
                t.id(),
                rect,
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
        let d = self.domain;
        self.drawn_at = Some(rect);
        let to_screen = |x: f64, y: f64| place(rect, &d, [x, y]);
        let radius = (side / 140.0).clamp(2.0, 5.0);
        let slice = &self.slice;
        let draw = |set: &Dataset, outline: Color32| {
            let one_hot = set.n_targets() >= 2;
            // A large set is drawn as an even sample of it (every k-th point).
            let every = set.len().div_ceil(MAX_POINTS_DRAWN).max(1);
            for i in (0..set.len()).step_by(every) {
                let x = slice.project(set.input(i));
                let t = set.target(i);
                let [r, g, b] = if one_hot {
                    CLASS_COLORS[crate::nn::argmax(t) % CLASS_COLORS.len()]
                } else {
                    value_color(t[0], false)
                };
                painter.circle(
                    to_screen(x[0], x[1]),
                    radius,
                    Color32::from_rgb(r, g, b),
                    Stroke::new(1.0, outline),
                );
            }
        };
        let mut picked = None;
        if train.n_inputs() >= 2 {
            draw(train, Color32::WHITE);
            if self.show_test || self.drawing {
                draw(test, Color32::from_gray(40));
            }
            if let Some(k) = self.marked.filter(|&k| k < train.len()) {
                let x = slice.project(train.input(k));
                let at = to_screen(x[0], x[1]);
                painter.circle_stroke(at, radius + 3.0, Stroke::new(2.0, Color32::BLACK));
                painter.circle_stroke(at, radius + 5.0, Stroke::new(1.5, Color32::YELLOW));
            }
            let pointer = response.interact_pointer_pos();
            if self.drawing {
                let within = (radius * 3.0 / rect.width()) as f64 * (d.x_max - d.x_min);
                if let Some(p) = pointer.filter(|_| response.clicked()) {
                    let other = ui.input(|i| i.modifiers.shift);
                    picked = Some(MapClick::Add {
                        at: unplace(rect, &d, p),
                        other,
                    });
                } else if let Some(p) = pointer.filter(|_| response.secondary_clicked()) {
                    picked = Some(MapClick::Erase {
                        at: unplace(rect, &d, p),
                        within,
                    });
                }
            } else if let Some(p) = pointer.filter(|_| response.clicked()) {
                // A click on a training point picks it (for the step inspector).
                picked = (0..train.len())
                    .map(|i| {
                        let [x, y] = slice.project(train.input(i));
                        (i, to_screen(x, y).distance(p))
                    })
                    .filter(|&(_, d)| d <= radius * 3.0)
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(i, _)| MapClick::Pick(i));
            }
        }
        painter.rect_stroke(
            rect,
            0.0,
            Stroke::new(1.0, Color32::from_gray(120)),
            egui::StrokeKind::Outside,
        );

        let small = egui::FontId::proportional(11.0);
        let weak = ui.visuals().weak_text_color();
        ui.add_space(2.0);
        ui.label(
            egui::RichText::new({
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
                    format!(
                        "; {} of {} training points drawn",
                        shown(train.len()),
                        train.len()
                    )
                } else {
                    String::new()
                };
                format!(
                    "{} {} … {} (left to right), {} {} … {} (bottom to top){sampled}",
                    name(a),
                    edge(d.x_min),
                    edge(d.x_max),
                    name(b),
                    edge(d.y_min),
                    edge(d.y_max)
                )
            })
            .small()
            .weak(),
        );

        // The exact prediction under the mouse.
        let class_names: Vec<String> = classes
            .filter(|c| self.classes.is_some() && c.len() == self.class_count)
            .map(<[String]>::to_vec)
            .unwrap_or_else(|| (0..self.class_count).map(|k| k.to_string()).collect());
        let hover = response.hover_pos().map(|p| {
            let [x, y] = unplace(rect, &d, p);
            let mut cache = net.cache();
            let mut input = Vec::new();
            preprocess.transform(&self.slice.point([x, y]), &mut input);
            let out = net.forward(&input, &mut cache);
            let said = if self.classes.is_some() {
                let k = crate::nn::argmax(out);
                let name = class_names.get(k).cloned().unwrap_or_else(|| k.to_string());
                format!("class {name}, p = {}", out[k])
            } else {
                format!("{}", out[0])
            };
            format!("f({x:.3}, {y:.3}) = {said}")
        });

        ui.horizontal(|ui| {
            if self.classes.is_some() {
                // Legend: a swatch per class.
                for (k, name) in class_names.iter().enumerate() {
                    let (swatch, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                    let [r, g, b] = CLASS_COLORS[k % CLASS_COLORS.len()];
                    ui.painter()
                        .rect_filled(swatch, 2.0, Color32::from_rgb(r, g, b));
                    ui.label(egui::RichText::new(name).small());
                }
            } else {
                // Legend: a colour bar from −1 to +1.
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
                for (at, text) in [
                    (bar.left_bottom(), egui::Align2::LEFT_TOP, "−1"),
                    (bar.center_bottom(), egui::Align2::CENTER_TOP, "0"),
                    (bar.right_bottom(), egui::Align2::RIGHT_TOP, "+1"),
                ]
                .map(|(p, a, t)| ((p, a), t))
                {
                    ui.painter().text(at.0, at.1, text, small.clone(), weak);
                }
            }
            match hover {
                Some(text) => ui.monospace(text),
                None => ui.weak("Point at the map to read the exact prediction"),
            };
        });
        picked
    }
}

/// The slice's controls: which inputs are on the axes, and where the others are held.
fn slice_ui(ui: &mut egui::Ui, slice: &mut Slice, names: &[String]) {
    let name = |k: usize| {
        names
            .get(k)
            .cloned()
            .unwrap_or_else(|| format!("x{}", k + 1))
    };
    let n = slice.held.len();
    ui.horizontal(|ui| {
        for (axis, label) in [(0, "Across"), (1, "Up")] {
            let text = ui.label(label);
            let mut chosen = slice.axes[axis];
            egui::ComboBox::from_id_salt(("slice axis", axis))
                .selected_text(name(chosen))
                .width(70.0)
                .show_ui(ui, |ui| {
                    for k in 0..n {
                        ui.selectable_value(&mut chosen, k, name(k));
                    }
                })
                .response
                .labelled_by(text.id)
                .on_hover_text("The input along this axis of the map");
            // The two axes are two inputs: choosing the other's swaps them.
            if chosen == slice.axes[1 - axis] {
                slice.axes.swap(0, 1);
            } else {
                slice.axes[axis] = chosen;
            }
        }
    });
    let others = match n - 2 {
        1 => "The other input, held at".to_string(),
        k => format!("The other {k} inputs, held at"),
    };
    egui::CollapsingHeader::new(others)
        .id_salt("held inputs")
        .show(ui, |ui| {
            for k in (0..n).filter(|k| !slice.axes.contains(k)) {
                let (lo, hi) = slice.ranges.get(k).copied().unwrap_or((-1.0, 1.0));
                ui.horizontal(|ui| {
                    let text = ui.label(name(k));
                    ui.add(egui::Slider::new(&mut slice.held[k], lo..=hi.max(lo + 1e-9)))
                        .labelled_by(text.id)
                        .on_hover_text("This input's value everywhere on the map (the data's range; starts at the training mean)");
                });
            }
        });
}

/// Where input point `(x, y)` of domain `d` lies in `rect` (x rightwards, y upwards).
fn place(rect: Rect, d: &Domain, [x, y]: [f64; 2]) -> Pos2 {
    pos2(
        rect.left() + ((x - d.x_min) / (d.x_max - d.x_min)) as f32 * rect.width(),
        rect.top() + ((d.y_max - y) / (d.y_max - d.y_min)) as f32 * rect.height(),
    )
}

/// The input point `(x1, x2)` of domain `d` that lies at `p` in `rect`.
fn unplace(rect: Rect, d: &Domain, p: Pos2) -> [f64; 2] {
    [
        d.x_min + ((p.x - rect.left()) / rect.width()) as f64 * (d.x_max - d.x_min),
        d.y_max - ((p.y - rect.top()) / rect.height()) as f64 * (d.y_max - d.y_min),
    ]
}

/// `true` when the network's inputs come from `raw` raw inputs, two or more: a plane of
/// them can be drawn (with the others held, see [`Slice`]).
pub fn shows_slice(net: &Network, preprocess: &Preprocess, raw: usize) -> bool {
    raw >= 2 && preprocess.n_inputs(raw) == net.n_inputs() && preprocess.check(raw).is_ok()
}

/// `true` when the network's inputs come from a point `(x1, x2)`.
pub fn shows(net: &Network, preprocess: &Preprocess) -> bool {
    shows_slice(net, preprocess, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_orange_through_grey_to_blue_and_clamp() {
        assert_eq!(value_color(-1.0, false), ORANGE);
        assert_eq!(value_color(0.0, false), GREY);
        assert_eq!(value_color(1.0, false), BLUE);
        assert_eq!(value_color(7.0, false), BLUE);
        assert_eq!(value_color(-7.0, false), ORANGE);
        assert_eq!(value_color(0.1, true), BLUE);
        assert_eq!(value_color(-0.1, true), ORANGE);
        let half = value_color(0.5, false);
        assert!(half[2] > GREY[2].min(BLUE[2]) && half[0] < GREY[0] && half[0] > BLUE[0]);
    }

    #[test]
    fn cells_sample_the_domain_with_row_zero_at_the_top() {
        let d = Domain::default();
        let top_left = d.cell_center(0, 0);
        let bottom_right = d.cell_center(RESOLUTION - 1, RESOLUTION - 1);
        assert!((top_left[0] + 5.97).abs() < 1e-9 && (top_left[1] - 5.97).abs() < 1e-9);
        assert!((bottom_right[0] - 5.97).abs() < 1e-9 && (bottom_right[1] + 5.97).abs() < 1e-9);
    }

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
                let out = net.forward(&map.domain().cell_center(col, row), &mut cache)[0];
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
            map.sweep.is_none() && map.texture.is_some(),
            "the first picture comes at once"
        );

        let moved = Network::initialized(
            &layers,
            &acts,
            crate::nn::Init::Xavier,
            &mut crate::seeded(4),
        )
        .unwrap();
        map.invalidate(Domain::default());
        map.last_refresh = None;
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
}
