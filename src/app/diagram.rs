//! The network diagram: every node a live picture of its own output over the plane, every
//! weight a link (width by size, colour by sign), every bias a mark beside its node. Point at
//! a node to see it in the big heatmap, at a link or a bias to read it; click one to edit it.

use std::time::{Duration, Instant};

use egui::{
    Align2, Color32, ColorImage, FontId, Pos2, Rect, Sense, Shape, Stroke, TextureHandle,
    TextureOptions, pos2, vec2,
};
use serde::{Deserialize, Serialize};

use super::heatmap::{Domain, Slice, shows_slice, value_color};
use crate::data::{Feature, Preprocess};
use crate::experiment::Parameter;
use crate::nn::{Activation, Gradients, Network};

/// What the diagram asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub enum DiagramAction {
    /// Set a weight or a bias.
    Set(Parameter, f64),
    /// Add a neuron to hidden layer `h` (0 is the first hidden layer).
    AddNeuron(usize),
    /// Remove a neuron from hidden layer `h`.
    RemoveNeuron(usize),
    /// Set the activation of non-input layer `l` (the last is the output layer).
    SetActivation(usize, Activation),
    /// Add a hidden layer before the output layer.
    AddLayer,
    /// Remove the last hidden layer.
    RemoveLayer,
    /// Feed an input feature to the network, or stop feeding it.
    ToggleFeature(Feature),
}

/// The most links drawn: beyond this the lightest are left out (and the diagram says so),
/// so that a large network never becomes a hairball.
const MAX_LINKS: usize = 400;

/// The lightest |weight| drawn, so that at most `budget` of `weights` are drawn.
fn lightest_drawn(weights: &[f64], budget: usize) -> f64 {
    if weights.len() <= budget || budget == 0 {
        return 0.0;
    }
    let mut sizes: Vec<f64> = weights.iter().map(|w| w.abs()).collect();
    let k = sizes.len() - budget;
    let (_, nth, _) = sizes.select_nth_unstable_by(k, f64::total_cmp);
    // Strictly heavier than the one before the cut; ties at the cut are all drawn.
    *nth
}

/// Thumbnails' resolution: cells per side.
const THUMB: usize = 24;
/// The most often thumbnails are recomputed while training.
const THUMB_EVERY: Duration = Duration::from_millis(60);

/// Where everything is drawn, for a network's shape in a rectangle.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Centre of node `j` of layer `l`, input layer first.
    pub centers: Vec<Vec<Pos2>>,
    /// Side of a node's square.
    pub node: f32,
}

impl Layout {
    /// Columns evenly spaced left to right, nodes centred in each column; nodes as large as
    /// the tallest column leaves room for (at most 44 points).
    pub fn new(layers: &[usize], rect: Rect) -> Self {
        let columns = layers.len().max(2) as f32;
        let dx = rect.width() / columns;
        let tallest = layers.iter().copied().max().unwrap_or(1).max(1) as f32;
        let dy = rect.height() / tallest;
        let node = (dy * 0.78).min(dx * 0.42).clamp(4.0, 44.0);
        let centers = layers
            .iter()
            .enumerate()
            .map(|(l, &n)| {
                let x = rect.left() + dx * (l as f32 + 0.5);
                let top = rect.center().y - dy * n as f32 / 2.0;
                (0..n)
                    .map(|j| pos2(x, top + dy * (j as f32 + 0.5)))
                    .collect()
            })
            .collect();
        Layout { centers, node }
    }

    /// Node `j` of layer `l`'s square.
    pub fn node_rect(&self, l: usize, j: usize) -> Rect {
        Rect::from_center_size(self.centers[l][j], vec2(self.node, self.node))
    }

    /// Where the link from node `i` of layer `l` to node `j` of layer `l + 1` runs.
    pub fn link(&self, l: usize, j: usize, i: usize) -> [Pos2; 2] {
        let half = self.node / 2.0;
        [
            self.centers[l][i] + vec2(half, 0.0),
            self.centers[l + 1][j] - vec2(half, 0.0),
        ]
    }

    /// The bias mark of node `j` of layer `l + 1`: a small square left of its top corner.
    pub fn bias_rect(&self, l: usize, j: usize) -> Rect {
        let r = self.node_rect(l + 1, j);
        let side = (self.node * 0.3).clamp(4.0, 9.0);
        Rect::from_min_size(r.left_top() - vec2(side + 1.0, 0.0), vec2(side, side))
    }

    /// The link nearest to `p` within `reach` points: `(l, j, i)`.
    pub fn link_at(
        &self,
        p: Pos2,
        reach: f32,
        visible: impl Fn(usize, usize, usize) -> bool,
    ) -> Option<(usize, usize, usize)> {
        let mut best = None;
        let mut best_d = reach;
        for l in 0..self.centers.len().saturating_sub(1) {
            for j in 0..self.centers[l + 1].len() {
                for i in 0..self.centers[l].len() {
                    if !visible(l, j, i) {
                        continue;
                    }
                    let [a, b] = self.link(l, j, i);
                    let d = distance_to_segment(p, a, b);
                    if d <= best_d {
                        best_d = d;
                        best = Some((l, j, i));
                    }
                }
            }
        }
        best
    }
}

/// The distance from `p` to the segment `a`–`b`.
fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() == 0.0 {
        0.0
    } else {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    };
    (a + ab * t - p).length()
}

/// Every node's output over a coarse grid of the plane: `values[node][cell]`, node as in a
/// cache's `outs` (inputs first), cell row-major with row 0 at the top.
pub fn node_maps(
    net: &Network,
    preprocess: &Preprocess,
    (domain, slice): (&Domain, &Slice),
) -> Vec<Vec<f64>> {
    let nodes = net.n_inputs() + net.biases().len();
    let mut values = vec![vec![0.0; THUMB * THUMB]; nodes];
    let mut cache = net.cache();
    let mut input = Vec::with_capacity(net.n_inputs());
    for row in 0..THUMB {
        for col in 0..THUMB {
            let point = slice.point(domain.cell_center_of(col, row, THUMB));
            preprocess.transform(&point, &mut input);
            net.forward(&input, &mut cache);
            for (v, &o) in values.iter_mut().zip(&cache.outs) {
                v[row * THUMB + col] = o;
            }
        }
    }
    values
}

/// The diagram's settings and its pictures.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkDiagram {
    /// Links lighter than this share of the heaviest are not drawn.
    pub hide_below: f32,
    #[serde(skip)]
    textures: Vec<TextureHandle>,
    #[serde(skip)]
    drawn: Option<(Network, Instant)>,
    /// The weight or bias being edited, and its value.
    #[serde(skip)]
    editing: Option<(Parameter, f64)>,
    /// Where the last frame drew everything.
    #[serde(skip)]
    layout: Option<Layout>,
    /// The gradient shown on hover, for the network it was computed for.
    #[serde(skip)]
    gradient: Option<(Network, Gradients, usize)>,
}

impl Default for NetworkDiagram {
    fn default() -> Self {
        NetworkDiagram {
            hide_below: 0.0,
            textures: Vec::new(),
            drawn: None,
            editing: None,
            layout: None,
            gradient: None,
        }
    }
}

/// What the diagram shows: the network and how its inputs are made.
pub struct Shown<'a> {
    /// The network.
    pub net: &'a Network,
    /// How the plane's points become inputs.
    pub preprocess: &'a Preprocess,
    /// The plane's region.
    pub domain: Domain,
    /// The plane: which inputs are on its axes, where the others are held.
    pub slice: &'a Slice,
    /// Dead links (flat weight indices).
    pub dead: &'a [usize],
    /// Names of the input nodes.
    pub input_names: &'a [String],
    /// The loss's gradient at the current weights (computed only when a link or bias is
    /// pointed at), and over how many samples.
    pub gradient: &'a dyn Fn() -> (Gradients, usize),
    /// Which input features are fed to the network, for data of two raw inputs (the
    /// diagram then offers them all).
    pub features: Option<&'a dyn Fn(Feature) -> bool>,
}

/// What the user points at.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    Node(usize, usize),
    Link(usize, usize, usize),
    Bias(usize, usize),
}

impl NetworkDiagram {
    /// Recomputes the thumbnails when the network changed, at most every [`THUMB_EVERY`].
    fn refresh(&mut self, ctx: &egui::Context, shown: &Shown<'_>) {
        let changed = self.drawn.as_ref().is_none_or(|(n, _)| n != shown.net);
        let due = self
            .drawn
            .as_ref()
            .is_none_or(|(_, t)| t.elapsed() >= THUMB_EVERY);
        if !changed {
            return;
        }
        if !due {
            ctx.request_repaint_after(THUMB_EVERY);
            return;
        }
        if !shows_slice(shown.net, shown.preprocess, shown.slice.held.len()) {
            // No plane to draw over (data of other than 2 inputs): plain nodes.
            self.textures.clear();
            self.drawn = Some((shown.net.clone(), Instant::now()));
            return;
        }
        let maps = node_maps(shown.net, shown.preprocess, (&shown.domain, shown.slice));
        let n_in = shown.net.n_inputs();
        self.textures.truncate(maps.len());
        for (k, values) in maps.iter().enumerate() {
            // Inputs are spread over their own range; every other node shares the big
            // heatmap's scale (−1 orange, 0 grey, +1 blue).
            let scale = if k < n_in {
                values.iter().fold(1e-12_f64, |m, v| m.max(v.abs()))
            } else {
                1.0
            };
            let pixels = values
                .iter()
                .map(|&v| {
                    let [r, g, b] = value_color(v / scale, false);
                    Color32::from_rgb(r, g, b)
                })
                .collect();
            let image = ColorImage::new([THUMB, THUMB], pixels);
            match self.textures.get_mut(k) {
                Some(t) => t.set(image, TextureOptions::NEAREST),
                None => self.textures.push(ctx.load_texture(
                    format!("node {k}"),
                    image,
                    TextureOptions::NEAREST,
                )),
            }
        }
        self.drawn = Some((shown.net.clone(), Instant::now()));
    }

    /// Draws the diagram in the space left; returns what it asks for, and the node the
    /// pointer is on (an index into a cache's `outs`) for the big heatmap to show.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        shown: &Shown<'_>,
    ) -> (Option<DiagramAction>, Option<usize>) {
        let net = shown.net;
        let mut action = None;
        let controls_height = 22.0;
        let area = ui.available_rect_before_wrap();
        let rect = Rect::from_min_max(area.min, pos2(area.max.x, area.max.y - controls_height));
        let response = ui.allocate_rect(rect, Sense::click());
        let layout = Layout::new(net.layers(), rect.shrink2(vec2(8.0, 14.0)));
        self.refresh(ui.ctx(), shown);
        let painter = ui.painter_at(rect);

        let weights = net.nested_weights();
        let biases = net.nested_biases();
        let heaviest = net.weights().iter().fold(1e-12_f64, |m, w| m.max(w.abs()));
        let heaviest_bias = net.biases().iter().fold(1e-12_f64, |m, b| m.max(b.abs()));
        let is_dead = |l: usize, j: usize, i: usize| {
            shown.dead.binary_search(&net.weight_index(l, j, i)).is_ok()
        };
        let lightest =
            lightest_drawn(net.weights(), MAX_LINKS).max(self.hide_below as f64 * heaviest);
        let visible =
            |l: usize, j: usize, i: usize| is_dead(l, j, i) || weights[l][j][i].abs() >= lightest;
        let drawn = net
            .weights()
            .iter()
            .filter(|w| w.abs() >= lightest)
            .count()
            .max(1);
        // Thinner links when there are many.
        let widest = (4.5 * (60.0 / drawn as f32).sqrt()).clamp(1.2, 4.5);
        let mut hidden_links = 0;

        // Links, then biases, then nodes on top.
        for (l, layer) in weights.iter().enumerate() {
            for (j, row) in layer.iter().enumerate() {
                for (i, &w) in row.iter().enumerate() {
                    let [a, b] = layout.link(l, j, i);
                    if is_dead(l, j, i) {
                        painter.extend(Shape::dashed_line(
                            &[a, b],
                            Stroke::new(1.0, Color32::from_gray(110)),
                            4.0,
                            3.0,
                        ));
                    } else if visible(l, j, i) {
                        let share = (w.abs() / heaviest) as f32;
                        let sign = if w == 0.0 { 0.0 } else { w.signum() };
                        let [r, g, bl] = value_color(sign, false);
                        let color =
                            Color32::from_rgba_unmultiplied(r, g, bl, (90.0 + 165.0 * share) as u8);
                        painter.line_segment([a, b], Stroke::new(0.4 + widest * share, color));
                    } else {
                        hidden_links += 1;
                    }
                }
            }
        }
        for (l, layer) in biases.iter().enumerate() {
            for (j, &b) in layer.iter().enumerate() {
                let r = layout.bias_rect(l, j);
                let share = (b.abs() / heaviest_bias) as f32;
                let [cr, cg, cb] = value_color(b.signum() * share as f64, false);
                painter.rect_filled(r, 1.0, Color32::from_rgb(cr, cg, cb));
                painter.rect_stroke(
                    r,
                    1.0,
                    Stroke::new(1.0, Color32::from_gray(160)),
                    egui::StrokeKind::Inside,
                );
            }
        }
        let n_in = net.n_inputs();
        for (l, column) in layout.centers.iter().enumerate() {
            for j in 0..column.len() {
                let node = if l == 0 {
                    j
                } else {
                    n_in + net.node_index(l - 1, j)
                };
                let r = layout.node_rect(l, j);
                if let Some(t) = self.textures.get(node) {
                    painter.image(
                        t.id(),
                        r,
                        Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                        Color32::WHITE,
                    );
                }
                painter.rect_stroke(
                    r,
                    2.0,
                    Stroke::new(1.0, Color32::from_gray(170)),
                    egui::StrokeKind::Outside,
                );
            }
        }
        for (i, name) in shown
            .input_names
            .iter()
            .enumerate()
            .take(layout.centers[0].len())
        {
            let r = layout.node_rect(0, i);
            painter.text(
                r.left_center() - vec2(4.0, 0.0),
                Align2::RIGHT_CENTER,
                name,
                FontId::proportional(11.0),
                ui.visuals().text_color(),
            );
        }

        // What the pointer is on.
        let target = response.hover_pos().and_then(|p| {
            for (l, column) in layout.centers.iter().enumerate() {
                for j in 0..column.len() {
                    if layout.node_rect(l, j).expand(1.0).contains(p) {
                        return Some(Target::Node(l, j));
                    }
                    if l > 0 && layout.bias_rect(l - 1, j).expand(1.0).contains(p) {
                        return Some(Target::Bias(l - 1, j));
                    }
                }
            }
            layout
                .link_at(p, 4.0, visible)
                .map(|(l, j, i)| Target::Link(l, j, i))
        });
        let mut focus = None;
        if matches!(target, Some(Target::Link(..) | Target::Bias(..)))
            && self.gradient.as_ref().is_none_or(|(n, _, _)| n != net)
        {
            let (g, samples) = (shown.gradient)();
            self.gradient = Some((net.clone(), g, samples));
        }
        let slope = |k: usize, bias: bool| -> String {
            match &self.gradient {
                Some((_, g, n)) => {
                    let v = if bias { g.biases[k] } else { g.weights[k] };
                    format!("\nGradient of the loss: {v:.6} (over {n} training samples)")
                }
                None => String::new(),
            }
        };
        if let Some(t) = target {
            let text = match t {
                Target::Node(0, j) => {
                    focus = Some(j);
                    format!(
                        "Input {} ({})",
                        j + 1,
                        shown.input_names.get(j).map_or("", String::as_str)
                    )
                }
                Target::Node(l, j) => {
                    focus = Some(n_in + net.node_index(l - 1, j));
                    let kind = if l == net.layers().len() - 1 {
                        "Output"
                    } else {
                        "Hidden"
                    };
                    format!(
                        "{kind} layer {l}, neuron {}: {} · bias {:.6}\nThe big map shows its output.",
                        j + 1,
                        net.activations()[l - 1],
                        biases[l - 1][j]
                    )
                }
                Target::Link(l, j, i) => {
                    let dead = if is_dead(l, j, i) {
                        " — dead (L1 drove it to 0)"
                    } else {
                        ""
                    };
                    format!(
                        "Weight from layer {l} node {} to layer {} node {}: {:.6}{dead}{}\nClick to edit.",
                        i + 1,
                        l + 1,
                        j + 1,
                        weights[l][j][i],
                        slope(net.weight_index(l, j, i), false)
                    )
                }
                Target::Bias(l, j) => format!(
                    "Bias of layer {} node {}: {:.6}{}\nClick to edit.",
                    l + 1,
                    j + 1,
                    biases[l][j],
                    slope(net.node_index(l, j), true)
                ),
            };
            response.clone().on_hover_text_at_pointer(text);
            if response.clicked() {
                self.editing = match t {
                    Target::Link(l, j, i) => {
                        Some((Parameter::Weight { l, j, i }, weights[l][j][i]))
                    }
                    Target::Bias(l, j) => Some((Parameter::Bias { l, j }, biases[l][j])),
                    Target::Node(..) => self.editing,
                };
            }
        }

        // Under each column: − and + neurons and the activation; then + and − layers.
        let hidden = net.layers().len().saturating_sub(2);
        let row = rect.bottom() + controls_height / 2.0;
        for (l, &activation) in net.activations().iter().enumerate() {
            let x = layout.centers[l + 1][0].x;
            let at = Rect::from_center_size(pos2(x, row), vec2(96.0, controls_height));
            let place = if l < hidden {
                at.translate(vec2(62.0, 0.0))
            } else {
                at
            };
            ui.put(place, |ui: &mut egui::Ui| {
                let mut chosen = activation;
                let kind = if l < hidden {
                    "hidden layer"
                } else {
                    "output layer"
                };
                let response = egui::ComboBox::from_id_salt(("diagram activation", l))
                    .selected_text(chosen.name())
                    .width(72.0)
                    .show_ui(ui, |ui| {
                        // Softmax is a whole layer's: the output layer's only.
                        let choices = Activation::ALL
                            .into_iter()
                            .filter(|a| l >= hidden || a.is_per_node());
                        for choice in choices {
                            ui.selectable_value(&mut chosen, choice, choice.name());
                        }
                    })
                    .response
                    .on_hover_text(format!("Activation of {kind} {}", l + 1));
                if chosen != activation {
                    action = Some(DiagramAction::SetActivation(l, chosen));
                }
                response
            });
        }
        let end = Rect::from_min_size(
            pos2(rect.right() - 150.0, rect.top()),
            vec2(150.0, controls_height),
        );
        ui.put(end, |ui: &mut egui::Ui| {
            ui.horizontal(|ui| {
                if ui
                    .small_button("+ layer")
                    .on_hover_text("Add a hidden layer before the output layer")
                    .clicked()
                {
                    action = Some(DiagramAction::AddLayer);
                }
                if ui
                    .add_enabled(hidden > 0, egui::Button::new("− layer").small())
                    .on_hover_text("Remove the last hidden layer")
                    .clicked()
                {
                    action = Some(DiagramAction::RemoveLayer);
                }
            })
            .response
        });
        if let Some(uses) = shown.features {
            let mut at = pos2(rect.left() + 4.0, rect.top() + 20.0);
            for f in Feature::ALL {
                let chip = Rect::from_min_size(at, vec2(48.0, 16.0));
                ui.put(chip, |ui: &mut egui::Ui| {
                    let on = uses(f);
                    let r = ui.selectable_label(on, f.label()).on_hover_text(format!(
                        "{} {} (the input layer follows)",
                        if on { "Stop feeding" } else { "Feed" },
                        f.label()
                    ));
                    if r.clicked() {
                        action = Some(DiagramAction::ToggleFeature(f));
                    }
                    r
                });
                at.y += 18.0;
            }
        }
        ui.horizontal(|ui| {
            for h in 0..hidden {
                let x = layout.centers[h + 1][0].x - 40.0;
                let at = Rect::from_center_size(
                    pos2(x, rect.bottom() + controls_height / 2.0),
                    vec2(60.0, controls_height),
                );
                ui.put(at, |ui: &mut egui::Ui| {
                    ui.horizontal(|ui| {
                        if ui
                            .small_button("−")
                            .on_hover_text(format!("One neuron fewer in hidden layer {}", h + 1))
                            .clicked()
                        {
                            action = Some(DiagramAction::RemoveNeuron(h));
                        }
                        if ui
                            .small_button("+")
                            .on_hover_text(format!("One neuron more in hidden layer {}", h + 1))
                            .clicked()
                        {
                            action = Some(DiagramAction::AddNeuron(h));
                        }
                    })
                    .response
                });
            }
        });
        let mut note = format!("{} parameters", net.parameter_count());
        if !shown.dead.is_empty() {
            note += &format!(" · {} dead links", shown.dead.len());
        }
        if hidden_links > 0 {
            let all = net.weights().len();
            note += &format!(
                " · showing the {} heaviest of {all} links",
                all - hidden_links
            );
        }
        painter.text(
            rect.left_top() + vec2(4.0, 2.0),
            Align2::LEFT_TOP,
            note,
            FontId::proportional(11.0),
            ui.visuals().weak_text_color(),
        );

        // The editor of a clicked weight or bias: each change applies at once.
        if let Some((which, mut value)) = self.editing {
            let title = match which {
                Parameter::Weight { .. } => "Edit weight",
                Parameter::Bias { .. } => "Edit bias",
            };
            let mut open = true;
            egui::Window::new(title)
                .open(&mut open)
                .collapsible(false)
                .resizable(false)
                .default_pos(response.hover_pos().unwrap_or(rect.center()))
                .show(ui.ctx(), |ui| {
                    let label = match which {
                        Parameter::Weight { l, j, i } => format!("w[{l}][{j}][{i}]"),
                        Parameter::Bias { l, j } => format!("b[{l}][{j}]"),
                    };
                    ui.horizontal(|ui| {
                        ui.label(label);
                        let edit = ui.add(
                            egui::DragValue::new(&mut value)
                                .speed(0.01)
                                .max_decimals(17),
                        );
                        if edit.changed() {
                            action = Some(DiagramAction::Set(which, value));
                        }
                    });
                    ui.weak("Drag, or click and type; the network changes at once.");
                });
            self.editing = open.then_some((which, value));
        }
        self.layout = Some(layout);
        (action, focus)
    }

    /// Where the last frame drew the nodes and links.
    pub fn layout(&self) -> Option<&Layout> {
        self.layout.as_ref()
    }

    /// Draws the diagram's own controls.
    pub fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.add(
            egui::Slider::new(&mut self.hide_below, 0.0..=0.5)
                .text("Hide links lighter than")
                .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
        )
        .on_hover_text("Share of the heaviest weight below which a link is not drawn");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    #[test]
    fn columns_run_left_to_right_and_nodes_fit_the_tallest_column() {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(400.0, 200.0));
        let layout = Layout::new(&[2, 8, 1], rect);
        let xs: Vec<f32> = layout.centers.iter().map(|c| c[0].x).collect();
        assert!(xs[0] < xs[1] && xs[1] < xs[2]);
        assert_eq!(layout.centers[1].len(), 8);
        // Eight nodes of the tallest column stack without overlapping, inside the rect.
        let col = &layout.centers[1];
        for pair in col.windows(2) {
            assert!(pair[1].y - pair[0].y >= layout.node, "{pair:?}");
        }
        assert!(layout.node_rect(1, 0).top() >= 0.0 && layout.node_rect(1, 7).bottom() <= 200.0);
        // The largest shape still gets nodes of a few points.
        let big = Layout::new(&[2, 32, 32, 32, 32, 32, 32, 32, 32, 1], rect);
        assert!(big.node >= 4.0);
    }

    #[test]
    fn at_most_the_budget_of_heaviest_links_is_drawn() {
        let weights = [0.5, -3.0, 0.1, 2.0, -0.2, 1.0];
        assert_eq!(lightest_drawn(&weights, 10), 0.0, "all fit");
        assert_eq!(lightest_drawn(&weights, 6), 0.0);
        assert_eq!(lightest_drawn(&weights, 3), 1.0, "3, 2 and 1 are drawn");
        assert_eq!(lightest_drawn(&weights, 1), 3.0);
        let drawn = |cut: f64| weights.iter().filter(|w| w.abs() >= cut).count();
        assert_eq!(drawn(lightest_drawn(&weights, 4)), 4);
    }

    #[test]
    fn the_pointer_finds_the_nearest_visible_link() {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(300.0, 200.0));
        let layout = Layout::new(&[2, 2, 1], rect);
        let [a, b] = layout.link(1, 0, 1);
        let mid = a + (b - a) * 0.5;
        assert_eq!(layout.link_at(mid, 4.0, |_, _, _| true), Some((1, 0, 1)));
        assert_eq!(
            layout.link_at(mid + vec2(0.0, 30.0), 4.0, |_, _, _| true),
            None
        );
        assert_eq!(
            layout.link_at(mid, 4.0, |l, _, i| !(l == 1 && i == 1)),
            None
        );
    }

    #[test]
    fn every_nodes_map_is_its_output_over_the_plane() {
        let mut net = Network::new(&[2, 2, 1], &[Activation::Tanh, Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, 1.0); // hidden 0 = tanh(x1)
        net.set_weight(0, 1, 1, 0.5); // hidden 1 = tanh(x2 / 2)
        net.set_weight(1, 0, 1, 2.0); // output = 2·hidden 1
        let domain = Domain::default();
        let maps = node_maps(&net, &Preprocess::default(), (&domain, &Slice::default()));
        assert_eq!(maps.len(), 2 + 3);
        for (col, row) in [(0, 0), (THUMB - 1, 0), (3, THUMB - 2)] {
            let [x1, x2] = domain.cell_center_of(col, row, THUMB);
            let k = row * THUMB + col;
            assert_eq!(maps[0][k], x1);
            assert_eq!(maps[1][k], x2);
            let tanh = |v: f64| Activation::Tanh.apply(v);
            assert_eq!(maps[2][k], tanh(x1));
            assert_eq!(maps[3][k], tanh(0.5 * x2));
            assert_eq!(maps[4][k], 2.0 * tanh(0.5 * x2));
        }
        // Row 0 is the top: x2 falls down the map.
        assert!(maps[1][0] > maps[1][(THUMB - 1) * THUMB]);
    }
}
