//! Painting the diagram: links (width by size, colour by sign, dashed when dead), biases,
//! the nodes' pictures, the inputs' names and the note on top.

use crate::app::i18n::trf;
use egui::{Align2, Color32, FontId, Painter, Rect, Shape, Stroke, TextureHandle, pos2, vec2};

use super::Layout;
use super::layout::{MAX_LINKS, lightest_drawn};
use crate::app::palette::value_color;
use crate::nn::Network;

/// Which links are drawn, and how heavy the heaviest is.
pub struct Links<'a> {
    dead: &'a [usize],
    heaviest: f64,
    lightest: f64,
}

impl<'a> Links<'a> {
    /// The links of `net` to draw: the heaviest [`MAX_LINKS`] and none lighter than
    /// `hide_below` of the heaviest; dead links always.
    pub fn new(net: &Network, dead: &'a [usize], hide_below: f32) -> Self {
        let heaviest = net.weights().iter().fold(1e-12_f64, |m, w| m.max(w.abs()));
        let lightest = lightest_drawn(net.weights(), MAX_LINKS).max(hide_below as f64 * heaviest);
        Links {
            dead,
            heaviest,
            lightest,
        }
    }

    /// `true` for a link that L1 drove to zero for good.
    pub fn is_dead(&self, net: &Network, l: usize, j: usize, i: usize) -> bool {
        self.dead.binary_search(&net.weight_index(l, j, i)).is_ok()
    }

    /// `true` for a link that is drawn.
    pub fn visible(&self, net: &Network, l: usize, j: usize, i: usize) -> bool {
        self.is_dead(net, l, j, i) || net.weight(l, j, i).abs() >= self.lightest
    }
}

/// Paints every drawn link; returns how many were left out.
pub fn links(painter: &Painter, layout: &Layout, net: &Network, links: &Links<'_>) -> usize {
    let drawn = net
        .weights()
        .iter()
        .filter(|w| w.abs() >= links.lightest)
        .count()
        .max(1);
    // Thinner links when there are many.
    let widest = (4.5 * (60.0 / drawn as f32).sqrt()).clamp(1.2, 4.5);
    let mut hidden = 0;
    let layers = net.layers();
    for l in 0..layers.len() - 1 {
        for j in 0..layers[l + 1] {
            for i in 0..layers[l] {
                let [a, b] = layout.link(l, j, i);
                let w = net.weight(l, j, i);
                if links.is_dead(net, l, j, i) {
                    painter.extend(Shape::dashed_line(
                        &[a, b],
                        Stroke::new(1.0, Color32::from_gray(110)),
                        4.0,
                        3.0,
                    ));
                } else if links.visible(net, l, j, i) {
                    let share = (w.abs() / links.heaviest) as f32;
                    let sign = if w == 0.0 { 0.0 } else { w.signum() };
                    let [r, g, bl] = value_color(sign, false);
                    let color =
                        Color32::from_rgba_unmultiplied(r, g, bl, (90.0 + 165.0 * share) as u8);
                    painter.line_segment([a, b], Stroke::new(0.4 + widest * share, color));
                } else {
                    hidden += 1;
                }
            }
        }
    }
    hidden
}

/// Paints each bias as a small square beside its node, coloured by sign and size.
pub fn biases(painter: &Painter, layout: &Layout, net: &Network) {
    let heaviest = net.biases().iter().fold(1e-12_f64, |m, b| m.max(b.abs()));
    let layers = net.layers();
    for l in 0..layers.len() - 1 {
        for j in 0..layers[l + 1] {
            let b = net.bias(l, j);
            let r = layout.bias_rect(l, j);
            let share = b.abs() / heaviest;
            let [cr, cg, cb] = value_color(b.signum() * share, false);
            painter.rect_filled(r, 1.0, Color32::from_rgb(cr, cg, cb));
            painter.rect_stroke(
                r,
                1.0,
                Stroke::new(1.0, Color32::from_gray(160)),
                egui::StrokeKind::Inside,
            );
        }
    }
}

/// Paints each node's picture (`texture(k)`, k as in a cache's `outs`) in its square.
pub fn nodes<'t>(
    painter: &Painter,
    layout: &Layout,
    net: &Network,
    texture: impl Fn(usize) -> Option<&'t TextureHandle>,
) {
    let n_in = net.n_inputs();
    for (l, column) in layout.centers.iter().enumerate() {
        for j in 0..column.len() {
            let node = if l == 0 {
                j
            } else {
                n_in + net.node_index(l - 1, j)
            };
            let r = layout.node_rect(l, j);
            if let Some(t) = texture(node) {
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
}

/// Writes each input's name left of its node.
pub fn input_names(ui: &egui::Ui, painter: &Painter, layout: &Layout, names: &[String]) {
    for (i, name) in names.iter().enumerate().take(layout.centers[0].len()) {
        let r = layout.node_rect(0, i);
        painter.text(
            r.left_center() - vec2(4.0, 0.0),
            Align2::RIGHT_CENTER,
            name,
            FontId::proportional(11.0),
            ui.visuals().text_color(),
        );
    }
}

/// The note at the top left: parameters, dead links, links left out.
pub fn note(
    ui: &egui::Ui,
    painter: &Painter,
    rect: Rect,
    net: &Network,
    dead: usize,
    hidden_links: usize,
) {
    let mut note = trf!("{} parameters", net.parameter_count());
    if dead > 0 {
        note += &trf!(" · {} dead links", dead);
    }
    if hidden_links > 0 {
        let all = net.weights().len();
        note += &trf!(
            " · showing the {} heaviest of {} links",
            all - hidden_links,
            all
        );
    }
    painter.text(
        rect.left_top() + vec2(4.0, 2.0),
        Align2::LEFT_TOP,
        note,
        FontId::proportional(11.0),
        ui.visuals().weak_text_color(),
    );
}
