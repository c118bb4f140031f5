//! The plane the pictures show: its region (the domain), which inputs lie on its axes and
//! where the others are held (the slice), the mapping between the screen and the plane, and
//! the grid of points at which a network is evaluated over it.

use crate::app::i18n::{tr, trf};
use egui::{Pos2, Rect, pos2};

use crate::data::{Dataset, Preprocess};
use crate::nn::{Cache, Network};

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
    /// Where input point `(x, y)` lies when the domain fills `rect` (x rightwards, y
    /// upwards).
    pub fn to_screen(&self, rect: Rect, [x, y]: [f64; 2]) -> Pos2 {
        pos2(
            rect.left() + ((x - self.x_min) / (self.x_max - self.x_min)) as f32 * rect.width(),
            rect.top() + ((self.y_max - y) / (self.y_max - self.y_min)) as f32 * rect.height(),
        )
    }

    /// The input point `(x1, x2)` that lies at `p` when the domain fills `rect`.
    pub fn from_screen(&self, rect: Rect, p: Pos2) -> [f64; 2] {
        [
            self.x_min + ((p.x - rect.left()) / rect.width()) as f64 * (self.x_max - self.x_min),
            self.y_max - ((p.y - rect.top()) / rect.height()) as f64 * (self.y_max - self.y_min),
        ]
    }

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

    /// The input at the centre of cell `(col, row)` of an `n × n` grid, row 0 at the top.
    pub fn cell_center(&self, col: usize, row: usize, n: usize) -> [f64; 2] {
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

/// The slice's controls: which inputs are on the axes, and where the others are held.
pub fn slice_ui(ui: &mut egui::Ui, slice: &mut Slice, names: &[String]) {
    let name = |k: usize| {
        names
            .get(k)
            .cloned()
            .unwrap_or_else(|| format!("x{}", k + 1))
    };
    let n = slice.held.len();
    ui.horizontal(|ui| {
        for (axis, label) in [(0, "Across"), (1, "Up")] {
            let text = ui.label(tr(label));
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
                .on_hover_text(tr("The input along this axis of the map"));
            // The two axes are two inputs: choosing the other's swaps them.
            if chosen == slice.axes[1 - axis] {
                slice.axes.swap(0, 1);
            } else {
                slice.axes[axis] = chosen;
            }
        }
    });
    let others = match n - 2 {
        1 => tr("The other input, held at").to_string(),
        k => trf!("The other {} inputs, held at", k),
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
                        .on_hover_text(tr("This input's value everywhere on the map (the data's range; starts at the training mean)"));
                });
            }
        });
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

/// An `n × n` grid of cells over a plane, row 0 at the top: the points at which a
/// picture evaluates a network.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// The region.
    pub domain: Domain,
    /// The plane through the input space.
    pub slice: Slice,
    /// Cells per side.
    pub n: usize,
}

impl Grid {
    /// Evaluates `net` at the centre of every cell of `rows`, row after row, and hands each
    /// cell's index (row-major) and every node's output (a cache's `outs`: inputs first,
    /// the network's outputs last) to `each`.
    pub fn sample_rows(
        &self,
        (net, preprocess): (&Network, &Preprocess),
        rows: std::ops::Range<usize>,
        cache: &mut Cache,
        mut each: impl FnMut(usize, &[f64]),
    ) {
        let mut input = Vec::with_capacity(net.n_inputs());
        for row in rows {
            for col in 0..self.n {
                let point = self.slice.point(self.domain.cell_center(col, row, self.n));
                preprocess.transform(&point, &mut input);
                net.forward(&input, cache);
                each(row * self.n + col, &cache.outs);
            }
        }
    }

    /// [`sample_rows`](Self::sample_rows) over the whole grid.
    pub fn sample(
        &self,
        (net, preprocess): (&Network, &Preprocess),
        each: impl FnMut(usize, &[f64]),
    ) {
        self.sample_rows((net, preprocess), 0..self.n, &mut net.cache(), each);
    }
}

/// The network's outputs among every node's (a cache's `outs`, outputs last).
pub fn outputs<'a>(net: &Network, outs: &'a [f64]) -> &'a [f64] {
    &outs[outs.len() - net.n_outputs()..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_sample_the_domain_with_row_zero_at_the_top() {
        let d = Domain::default();
        let top_left = d.cell_center(0, 0, 200);
        let bottom_right = d.cell_center(199, 199, 200);
        assert!((top_left[0] + 5.97).abs() < 1e-9 && (top_left[1] - 5.97).abs() < 1e-9);
        assert!((bottom_right[0] - 5.97).abs() < 1e-9 && (bottom_right[1] + 5.97).abs() < 1e-9);
    }
}
