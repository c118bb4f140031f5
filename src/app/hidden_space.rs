//! Hidden space: the training points as one hidden layer sees them — at the outputs of two
//! of its neurons — with the input plane's grid carried through the network, so the user
//! sees how the layer bends the plane until the classes come apart (ConvNetJS's view).

use crate::app::i18n::{tr, trf};
use std::time::Duration;

use egui_plot::{Line, Plot, PlotPoints, Points};
use serde::{Deserialize, Serialize};

use super::live::Refresh;
use super::palette::value_color;
use super::plane::{Domain, Slice};
use crate::data::{Dataset, Preprocess};
use crate::nn::Network;

/// Grid lines in each direction.
const GRID_LINES: usize = 13;
/// Points along each grid line.
const LINE_POINTS: usize = 48;
/// The most training points drawn.
const MAX_POINTS: usize = 2000;
/// The least time between two computations while the network changes.
const REFRESH: Duration = Duration::from_millis(80);

/// The plane and the data at the outputs of neurons `a` and `b` of hidden layer `l`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Warp {
    /// The grid's lines (x1 constant, then x2 constant), each a polyline in hidden space;
    /// empty when the network does not take a point of the plane.
    pub lines: Vec<Vec<[f64; 2]>>,
    /// The first training samples (at most [`MAX_POINTS`]): where each lands, and its
    /// first target.
    pub points: Vec<([f64; 2], f64)>,
}

/// Carries the plane's grid over `domain` and the samples of `data` through `net` to the
/// outputs of neurons `a` and `b` of hidden layer `l` (0: the first hidden layer).
pub fn warp(
    net: &Network,
    preprocess: &Preprocess,
    (domain, grid): (&Domain, Option<&Slice>),
    data: &Dataset,
    (l, a, b): (usize, usize, usize),
) -> Warp {
    let mut cache = net.cache();
    let mut input = Vec::with_capacity(net.n_inputs());
    let (ia, ib) = (
        net.n_inputs() + net.node_index(l, a),
        net.n_inputs() + net.node_index(l, b),
    );
    let mut at = |raw: &[f64]| {
        preprocess.transform(raw, &mut input);
        net.forward(&input, &mut cache);
        [cache.outs[ia], cache.outs[ib]]
    };
    let mut lines = Vec::new();
    if let Some(slice) = grid {
        let along = |t: usize, n: usize, lo: f64, hi: f64| lo + (hi - lo) * t as f64 / n as f64;
        let d = domain;
        let (xs, ys) = ((d.x_min, d.x_max), (d.y_min, d.y_max));
        // Lines of constant x1 (across the y range), then of constant x2: `across` says
        // which coordinate the line runs along.
        for across in [false, true] {
            let (fixed, run) = if across { (ys, xs) } else { (xs, ys) };
            for k in 0..GRID_LINES {
                let c = along(k, GRID_LINES - 1, fixed.0, fixed.1);
                let line = (0..LINE_POINTS).map(|t| {
                    let r = along(t, LINE_POINTS - 1, run.0, run.1);
                    at(&slice.point(if across { [r, c] } else { [c, r] }))
                });
                lines.push(line.collect());
            }
        }
    }
    let points = (0..data.len().min(MAX_POINTS))
        .map(|i| (at(data.input(i)), data.target(i)[0]))
        .collect();
    Warp { lines, points }
}

/// The hidden-space window's state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HiddenSpace {
    /// The window is open.
    pub open: bool,
    /// The hidden layer (0: the first).
    pub layer: usize,
    /// The neuron on the horizontal axis.
    pub a: usize,
    /// The neuron on the vertical axis.
    pub b: usize,
    #[serde(skip)]
    drawn: Option<Drawn>,
    /// When the picture is due again while the network changes.
    #[serde(skip)]
    refresh: Refresh,
}

/// What the window drew last, and from what.
struct Drawn {
    pick: (usize, usize, usize),
    samples: usize,
    warp: Warp,
}

impl HiddenSpace {
    /// Draws the window (when open) for `net` and its training data.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        net: &Network,
        preprocess: &Preprocess,
        (domain, grid): (&Domain, Option<&Slice>),
        train: &Dataset,
    ) {
        let mut open = self.open;
        egui::Window::new(tr("Hidden space"))
            .open(&mut open)
            .default_width(420.0)
            .default_height(460.0)
            .default_pos(super::beside_the_map(ctx, 420.0))
            .show(ctx, |ui| {
                let hidden = net.layers().len().saturating_sub(2);
                if hidden == 0 {
                    ui.label(tr(
                        "This network has no hidden layer: add one to see its space.",
                    ));
                    return;
                }
                let Self {
                    layer,
                    a,
                    b,
                    drawn,
                    refresh,
                    ..
                } = self;
                *layer = (*layer).min(hidden - 1);
                let width = net.layers()[*layer + 1];
                *a = (*a).min(width - 1);
                *b = (*b).min(width - 1);
                if width > 1 && a == b {
                    *b = (*a + 1) % width;
                }
                ui.horizontal(|ui| {
                    let label = ui.label(tr("Layer"));
                    egui::ComboBox::from_id_salt("hidden space layer")
                        .selected_text(trf!("hidden {}", *layer + 1))
                        .show_ui(ui, |ui| {
                            for h in 0..hidden {
                                ui.selectable_value(layer, h, trf!("hidden {}", h + 1));
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    for (name, axis) in [("Across", &mut *a), ("Up", &mut *b)] {
                        let label = ui.label(tr(name));
                        egui::ComboBox::from_id_salt(("hidden space", name))
                            .selected_text(trf!("neuron {}", *axis + 1))
                            .show_ui(ui, |ui| {
                                for j in 0..width {
                                    ui.selectable_value(axis, j, trf!("neuron {}", j + 1));
                                }
                            })
                            .response
                            .labelled_by(label.id);
                    }
                });
                let pick = (*layer, *a, (*b).min(width - 1));
                let due = match drawn {
                    Some(d) => {
                        d.pick != pick
                            || d.samples != train.len()
                            || refresh.due(ui.ctx(), net, REFRESH)
                    }
                    None => true,
                };
                if due {
                    *drawn = Some(Drawn {
                        pick,
                        samples: train.len(),
                        warp: warp(net, preprocess, (domain, grid), train, pick),
                    });
                    refresh.drawn(net);
                }
                let Some(d) = drawn else { return };
                ui.weak(trf!(
                    "{} training points at the outputs of hidden {} neurons {} (across) and {} \
                     (up){}",
                    d.warp.points.len(),
                    pick.0 + 1,
                    pick.1 + 1,
                    pick.2 + 1,
                    if grid.is_some() {
                        tr("; grey: the input plane's grid, carried through the network")
                    } else {
                        ""
                    }
                ));
                plot_ui(ui, &d.warp);
            });
        self.open = open;
    }

    /// The warp drawn last, if any.
    pub fn shown(&self) -> Option<&Warp> {
        self.drawn.as_ref().map(|d| &d.warp)
    }
}

/// The warped grid, faint, under the points coloured by their targets.
fn plot_ui(ui: &mut egui::Ui, warp: &Warp) {
    let shown = Plot::new("hidden space plot")
        .data_aspect(1.0)
        .show_grid(false)
        .allow_scroll(false)
        .show(ui, |plot| {
            let grid = egui::Color32::from_gray(110);
            for (k, line) in warp.lines.iter().enumerate() {
                plot.line(
                    Line::new(format!("grid {k}"), PlotPoints::from(line.clone()))
                        .color(grid)
                        .width(0.8)
                        .allow_hover(false),
                );
            }
            // One series per colour: the classes (or, for regression, the value's sign).
            for positive in [false, true] {
                let v = if positive { 1.0 } else { -1.0 };
                let [r, g, b] = value_color(v, false);
                let pts: Vec<[f64; 2]> = warp
                    .points
                    .iter()
                    .filter(|(_, y)| (*y >= 0.0) == positive)
                    .map(|(p, _)| *p)
                    .collect();
                plot.points(
                    Points::new(if positive { "y ≥ 0" } else { "y < 0" }, pts)
                        .color(egui::Color32::from_rgb(r, g, b))
                        .radius(2.5),
                );
            }
        });
    crate::app::name_widget(
        &shown.response,
        tr("Hidden space plot: the samples at two hidden neurons' outputs"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Network};

    fn net_2_3_2_1() -> Network {
        let acts = [Activation::Tanh, Activation::Tanh, Activation::Identity];
        let mut net = Network::new(&[2, 3, 2, 1], &acts).unwrap();
        net.initialize(crate::nn::Init::Xavier, &mut crate::seeded(4));
        net
    }

    #[test]
    fn every_point_lands_at_the_chosen_neurons_outputs() {
        let net = net_2_3_2_1();
        let mut data = Dataset::planar();
        data.push(&[1.0, -2.0], &[1.0]);
        data.push(&[-3.0, 0.5], &[-1.0]);
        let p = Preprocess::default();
        for (l, a, b) in [(0, 2, 0), (1, 0, 1)] {
            let w = warp(&net, &p, (&Domain::default(), None), &data, (l, a, b));
            assert!(w.lines.is_empty(), "no grid asked for");
            let mut cache = net.cache();
            for (i, (at, y)) in w.points.iter().enumerate() {
                net.forward(data.input(i), &mut cache);
                let o = |j| cache.outs[2 + net.node_index(l, j)];
                assert_eq!(*at, [o(a), o(b)], "sample {i} in layer {l}");
                assert_eq!(*y, data.target(i)[0]);
            }
        }
    }

    #[test]
    fn the_grid_is_the_planes_lines_carried_through_the_network() {
        let net = net_2_3_2_1();
        let d = Domain::default();
        let w = warp(
            &net,
            &Preprocess::default(),
            (&d, Some(&Slice::default())),
            &Dataset::planar(),
            (0, 0, 1),
        );
        assert_eq!(w.lines.len(), 2 * GRID_LINES);
        assert!(w.lines.iter().all(|l| l.len() == LINE_POINTS));
        let mut cache = net.cache();
        let mut at = |x: [f64; 2]| {
            net.forward(&x, &mut cache);
            [cache.outs[2], cache.outs[3]]
        };
        assert_eq!(
            w.lines[0][0],
            at([-6.0, -6.0]),
            "the first line starts at a corner"
        );
        assert_eq!(w.lines[GRID_LINES - 1][LINE_POINTS - 1], at([6.0, 6.0]));
        assert_eq!(w.lines[GRID_LINES][LINE_POINTS - 1], at([6.0, -6.0]));
    }
}
