//! The map's picture, computed row by row within a time budget per frame.

use std::time::{Duration, Instant};

use crate::app::plane::{Grid, outputs};
use crate::data::Preprocess;
use crate::nn::{Cache, Network};

/// The most time one frame spends computing the picture; a larger network's picture is
/// computed over several frames, from the network as it was when the picture began.
pub const FRAME_BUDGET: Duration = Duration::from_millis(4);

/// A picture being computed row by row.
pub struct Sweep {
    /// Which node's output is drawn: an index into the cache's `outs`.
    node: usize,
    pub(super) net: Network,
    preprocess: Preprocess,
    grid: Grid,
    cache: Cache,
    pub(super) cells: Vec<f64>,
    /// With two or more outputs (and no node in focus): each cell's predicted class (the
    /// largest output) and its probability, instead of `cells`.
    pub(super) classes: Option<Vec<(usize, f64)>>,
    next_row: usize,
    pub(super) spent: Duration,
}

impl Sweep {
    /// The picture over `grid` of `net`'s first output, or of the node at `focus` in a
    /// cache's `outs`.
    pub fn new(net: Network, preprocess: Preprocess, grid: Grid, focus: Option<usize>) -> Self {
        let first_output = net.n_inputs() + net.biases().len() - net.n_outputs();
        let node = focus
            .filter(|&n| n < net.n_inputs() + net.biases().len())
            .unwrap_or(first_output);
        let cells = grid.n * grid.n;
        let classes = (focus.is_none() && net.n_outputs() >= 2).then(|| vec![(0, 0.0); cells]);
        Sweep {
            node,
            classes,
            cache: net.cache(),
            cells: vec![0.0; cells],
            net,
            preprocess,
            grid,
            next_row: 0,
            spent: Duration::ZERO,
        }
    }

    /// Computes rows until `budget` is used up; `true` once every row is done.
    pub fn advance(&mut self, budget: Duration) -> bool {
        let start = Instant::now();
        let Self {
            node,
            net,
            preprocess,
            grid,
            cache,
            cells,
            classes,
            next_row,
            ..
        } = self;
        while *next_row < grid.n {
            grid.sample_rows(
                (net, preprocess),
                *next_row..*next_row + 1,
                cache,
                |cell, outs| {
                    if let Some(classes) = classes.as_mut() {
                        let out = outputs(net, outs);
                        let k = crate::nn::argmax(out);
                        classes[cell] = (k, out[k]);
                    }
                    cells[cell] = outs[*node];
                },
            );
            *next_row += 1;
            if start.elapsed() >= budget {
                break;
            }
        }
        self.spent += start.elapsed();
        self.next_row == self.grid.n
    }
}
