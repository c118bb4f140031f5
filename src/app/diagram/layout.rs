//! Where the diagram draws each node, link and bias, and which link the pointer is on.

use egui::{Pos2, Rect, pos2, vec2};

/// The most links drawn: beyond this the lightest are left out (and the diagram says so),
/// so that a large network never becomes a hairball.
pub const MAX_LINKS: usize = 400;

/// The lightest |weight| drawn, so that at most `budget` of `weights` are drawn.
pub fn lightest_drawn(weights: &[f64], budget: usize) -> f64 {
    if weights.len() <= budget || budget == 0 {
        return 0.0;
    }
    let mut sizes: Vec<f64> = weights.iter().map(|w| w.abs()).collect();
    let k = sizes.len() - budget;
    let (_, nth, _) = sizes.select_nth_unstable_by(k, f64::total_cmp);
    // Strictly heavier than the one before the cut; ties at the cut are all drawn.
    *nth
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
