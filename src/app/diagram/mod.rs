//! The network diagram: every node a live picture of its own output over the plane, every
//! weight a link (width by size, colour by sign), every bias a mark beside its node. Point at
//! a node to see it in the big heatmap, at a link or a bias to read it; click one to edit it.

mod controls;
mod layout;
mod paint;

use crate::app::i18n::{tr, trf};
pub use layout::Layout;

use std::time::Duration;

use egui::{ColorImage, Rect, Sense, TextureOptions, pos2};
use serde::{Deserialize, Serialize};

use super::live::LiveTexture;
use super::palette::value_color;
use super::plane::{Domain, Grid, Slice, shows_slice};
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
    /// Show the maths of node `j` of weight layer `l` (0: the first hidden layer) in the
    /// step inspector.
    ShowMaths(usize, usize),
    /// Show the loss landscape along this weight or bias (a second one: the surface).
    Landscape(Parameter),
}

/// Thumbnails' resolution: cells per side.
const THUMB: usize = 24;
/// The most often thumbnails are recomputed while training.
const THUMB_EVERY: Duration = Duration::from_millis(60);

/// Every node's output over a coarse grid of the plane: `values[node][cell]`, node as in a
/// cache's `outs` (inputs first), cell row-major with row 0 at the top.
pub fn node_maps(
    net: &Network,
    preprocess: &Preprocess,
    (domain, slice): (&Domain, &Slice),
) -> Vec<Vec<f64>> {
    let nodes = net.n_inputs() + net.biases().len();
    let mut values = vec![vec![0.0; THUMB * THUMB]; nodes];
    let grid = Grid {
        domain: *domain,
        slice: slice.clone(),
        n: THUMB,
    };
    grid.sample((net, preprocess), |cell, outs| {
        for (v, &o) in values.iter_mut().zip(outs) {
            v[cell] = o;
        }
    });
    values
}

/// The diagram's settings and its pictures.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkDiagram {
    /// Links lighter than this share of the heaviest are not drawn.
    pub hide_below: f32,
    /// Each node's picture.
    #[serde(skip)]
    textures: LiveTexture,
    /// The weight or bias being edited (its value is read from the network shown).
    #[serde(skip)]
    editing: Option<Parameter>,
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
            textures: LiveTexture::new("node", THUMB_EVERY),
            editing: None,
            layout: None,
            gradient: None,
        }
    }
}

/// What the diagram shows: the network and how its inputs are made.
pub struct Shown<'a> {
    /// The network: the live one, or the moment the rewind slider shows.
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
    /// The loss's gradient at the weights of `net` (computed only when a link or bias is
    /// pointed at), and over how many samples.
    pub gradient: &'a dyn Fn() -> (Gradients, usize),
    /// Which input features are fed to the network, for data of two raw inputs (the
    /// diagram then offers them all).
    pub features: Option<&'a dyn Fn(Feature) -> bool>,
    /// Why a weight or bias cannot be edited now (`None`: it can be).
    pub not_editable: Option<&'a str>,
}

/// What the user points at.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    Node(usize, usize),
    Link(usize, usize, usize),
    Bias(usize, usize),
}

/// The height of the row of controls under the diagram.
const CONTROLS_HEIGHT: f32 = 22.0;

impl NetworkDiagram {
    /// Recomputes the thumbnails when the network changed, at most every [`THUMB_EVERY`].
    fn refresh(&mut self, ctx: &egui::Context, shown: &Shown<'_>) {
        if !self.textures.due(ctx, shown.net) {
            return;
        }
        if !shows_slice(shown.net, shown.preprocess, shown.slice.held.len()) {
            // No plane to draw over (data of other than 2 inputs): plain nodes.
            self.textures.clear(shown.net);
            return;
        }
        let maps = node_maps(shown.net, shown.preprocess, (&shown.domain, shown.slice));
        let n_in = shown.net.n_inputs();
        let images = maps.iter().enumerate().map(|(k, values)| {
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
                    egui::Color32::from_rgb(r, g, b)
                })
                .collect();
            ColorImage::new([THUMB, THUMB], pixels)
        });
        let images: Vec<ColorImage> = images.collect();
        self.textures
            .show(ctx, shown.net, images, TextureOptions::NEAREST);
    }

    /// Draws the diagram in the space left; returns what it asks for, and the node the
    /// pointer is on (an index into a cache's `outs`) for the big heatmap to show.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        shown: &Shown<'_>,
    ) -> (Option<DiagramAction>, Option<usize>) {
        let net = shown.net;
        let area = ui.available_rect_before_wrap();
        let rect = Rect::from_min_max(area.min, pos2(area.max.x, area.max.y - CONTROLS_HEIGHT));
        let response = ui.allocate_rect(rect, Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Canvas,
                true,
                tr("Network diagram: click a neuron for its maths, a link or a bias to edit it"),
            )
        });
        let layout = Layout::new(net.layers(), rect.shrink2(egui::vec2(8.0, 14.0)));
        self.refresh(ui.ctx(), shown);
        let painter = ui.painter_at(rect);
        let links = paint::Links::new(net, shown.dead, self.hide_below);
        let hidden_links = paint::links(&painter, &layout, net, &links);
        paint::biases(&painter, &layout, net);
        paint::nodes(&painter, &layout, net, |k| self.textures.get(k));
        paint::input_names(ui, &painter, &layout, shown.input_names);
        paint::note(ui, &painter, rect, net, shown.dead.len(), hidden_links);

        let target = response
            .hover_pos()
            .and_then(|p| target_at(&layout, p, |l, j, i| links.visible(net, l, j, i)));
        let focus = match target {
            Some(Target::Node(0, j)) => Some(j),
            Some(Target::Node(l, j)) => Some(net.n_inputs() + net.node_index(l - 1, j)),
            _ => None,
        };
        if let Some(t) = target {
            let text = self.hover_text(t, shown, &links);
            response.clone().on_hover_text_at_pointer(text);
            if response.clicked() && shown.not_editable.is_none() {
                self.editing = match t {
                    Target::Link(l, j, i) => Some(Parameter::Weight { l, j, i }),
                    Target::Bias(l, j) => Some(Parameter::Bias { l, j }),
                    Target::Node(..) => self.editing,
                };
            }
        }
        // A neuron clicked: its maths, in the step inspector.
        let maths = match target {
            Some(Target::Node(l, j)) if l > 0 && response.clicked() => {
                Some(DiagramAction::ShowMaths(l - 1, j))
            }
            _ => None,
        };
        let mut action = controls::ui(ui, rect, &layout, net, shown.features).or(maths);
        if let Some(set) = self.editor_ui(ui, shown, response.hover_pos().unwrap_or(rect.center()))
        {
            action = Some(set);
        }
        self.layout = Some(layout);
        (action, focus)
    }

    /// What the pointer's target is: a node, a link or a bias, its value, and the
    /// gradient of the loss with respect to it.
    fn hover_text(&mut self, t: Target, shown: &Shown<'_>, links: &paint::Links) -> String {
        let net = shown.net;
        if matches!(t, Target::Link(..) | Target::Bias(..))
            && self.gradient.as_ref().is_none_or(|(n, _, _)| n != net)
        {
            let (g, samples) = (shown.gradient)();
            self.gradient = Some((net.clone(), g, samples));
        }
        let slope = |k: usize, bias: bool| -> String {
            match &self.gradient {
                Some((_, g, n)) => {
                    let v = if bias { g.biases[k] } else { g.weights[k] };
                    trf!(
                        "\nGradient of the loss: {} (over {} training samples)",
                        format!("{:.6}", v),
                        n
                    )
                }
                None => String::new(),
            }
        };
        let edit = match shown.not_editable {
            None => tr("\nClick to edit.").to_string(),
            Some(why) => format!("\n{}", tr(why)),
        };
        match t {
            Target::Node(0, j) => trf!(
                "Input {} ({})",
                j + 1,
                shown.input_names.get(j).map_or("", String::as_str)
            ),
            Target::Node(l, j) => {
                let kind = if l == net.layers().len() - 1 {
                    tr("Output")
                } else {
                    tr("Hidden")
                };
                trf!(
                    "{} layer {}, neuron {}: {} · bias {}\nThe big map shows its output.",
                    kind,
                    l,
                    j + 1,
                    net.activations()[l - 1],
                    format!("{:.6}", net.bias(l - 1, j))
                )
            }
            Target::Link(l, j, i) => {
                let dead = if links.is_dead(net, l, j, i) {
                    tr(" — dead (L1 drove it to 0)")
                } else {
                    ""
                };
                format!(
                    "{}: {:.6}{dead}{}{edit}",
                    describe(Parameter::Weight { l, j, i }),
                    net.weight(l, j, i),
                    slope(net.weight_index(l, j, i), false)
                )
            }
            Target::Bias(l, j) => format!(
                "{}: {:.6}{}{edit}",
                describe(Parameter::Bias { l, j }),
                net.bias(l, j),
                slope(net.node_index(l, j), true)
            ),
        }
    }

    /// The editor of a clicked weight or bias, showing its value in the network shown now;
    /// each change applies at once.
    fn editor_ui(
        &mut self,
        ui: &mut egui::Ui,
        shown: &Shown<'_>,
        at: egui::Pos2,
    ) -> Option<DiagramAction> {
        let which = self.editing?;
        let net = shown.net;
        let mut value = match which {
            Parameter::Weight { l, j, i } if l + 1 < net.layers().len() => {
                (j < net.layers()[l + 1] && i < net.layers()[l]).then(|| net.weight(l, j, i))
            }
            Parameter::Bias { l, j } if l + 1 < net.layers().len() => {
                (j < net.layers()[l + 1]).then(|| net.bias(l, j))
            }
            _ => None,
        };
        let Some(current) = value.as_mut() else {
            // The network no longer has it (its shape changed).
            self.editing = None;
            return None;
        };
        let title = match which {
            Parameter::Weight { .. } => tr("Edit weight"),
            Parameter::Bias { .. } => tr("Edit bias"),
        };
        let mut action = None;
        let mut open = true;
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_pos(at)
            .show(ui.ctx(), |ui| {
                ui.label(describe(which));
                ui.horizontal(|ui| {
                    let label = ui.label(symbol(which));
                    let enabled = shown.not_editable.is_none();
                    let edit = ui
                        .add_enabled(
                            enabled,
                            egui::DragValue::new(current).speed(0.01).max_decimals(17),
                        )
                        .labelled_by(label.id);
                    if edit.changed() {
                        action = Some(DiagramAction::Set(which, *current));
                    }
                });
                match shown.not_editable {
                    None => ui.weak(tr("Drag, or click and type; the network changes at once.")),
                    Some(why) => ui.weak(tr(why)),
                };
                if ui
                    .button(tr("Loss landscape"))
                    .on_hover_text(tr(
                        "The training loss as this alone moves (with one shown already: as \
                         both move)",
                    ))
                    .clicked()
                {
                    action = Some(DiagramAction::Landscape(which));
                }
            });
        if !open {
            self.editing = None;
        }
        action
    }

    /// Where the last frame drew the nodes and links.
    pub fn layout(&self) -> Option<&Layout> {
        self.layout.as_ref()
    }

    /// The weight or bias the editor is open on.
    pub fn editing(&self) -> Option<Parameter> {
        self.editing
    }

    /// Draws the diagram's own controls.
    pub fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.add(
            egui::Slider::new(&mut self.hide_below, 0.0..=0.5)
                .text(tr("Hide links lighter than"))
                .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
        )
        .on_hover_text(tr(
            "Share of the heaviest weight below which a link is not drawn",
        ));
    }
}

/// A weight or bias in words, with layers and nodes counted from 1 as the tooltip and
/// the editor both say it: `weight from layer 1 node 2 to layer 2 node 3`.
pub fn describe(which: Parameter) -> String {
    match which {
        Parameter::Weight { l, j, i } => trf!(
            "Weight from layer {} node {} to layer {} node {}",
            l,
            i + 1,
            l + 1,
            j + 1
        ),
        Parameter::Bias { l, j } => trf!("Bias of layer {} node {}", l + 1, j + 1),
    }
}

/// The model file's name of a weight or bias: `w[l][j][i]`, `b[l][j]`.
pub fn symbol(which: Parameter) -> String {
    match which {
        Parameter::Weight { l, j, i } => format!("w[{l}][{j}][{i}]"),
        Parameter::Bias { l, j } => format!("b[{l}][{j}]"),
    }
}

/// The node, bias or (visible) link at `p`.
fn target_at(
    layout: &Layout,
    p: egui::Pos2,
    visible: impl Fn(usize, usize, usize) -> bool,
) -> Option<Target> {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

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
            let [x1, x2] = domain.cell_center(col, row, THUMB);
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
