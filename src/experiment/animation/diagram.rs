//! The network beside the map in an animation: each node a disc coloured by its bias,
//! each weight a line coloured by its sign (orange negative, blue positive) and as thick
//! as it is large, as the window's diagram draws them.

use super::{Canvas, map_color};
use crate::nn::Network;

/// The panel's background.
const BACKGROUND: [u8; 3] = [34, 36, 40];
/// The most pixels a node's disc has as radius.
const NODE_RADIUS: f64 = 14.0;
/// A weight this large (or larger) gets the thickest line.
const STRONG: f64 = 3.0;

/// Where node `j` of layer `l` sits in a panel `width` × `height` at `left`.
fn node_at(
    layers: &[usize],
    l: usize,
    j: usize,
    (left, width, height): (f64, f64, f64),
) -> (f64, f64) {
    let margin = 40.0;
    let x = left + margin + (width - 2.0 * margin) * l as f64 / (layers.len() - 1).max(1) as f64;
    let step = (height - 2.0 * margin) / layers[l].max(1) as f64;
    (x, margin + step * (j as f64 + 0.5))
}

/// Draws `net` in the panel from `left`, `width` pixels wide, the canvas's height.
pub(super) fn draw(canvas: &mut Canvas, net: &Network, left: usize, width: usize) {
    let height = canvas.height;
    for y in 0..height {
        for x in left..left + width {
            canvas.set(x as i64, y as i64, BACKGROUND);
        }
    }
    let layers = net.layers();
    let panel = (left as f64, width as f64, height as f64);
    let most = layers.iter().copied().max().unwrap_or(1) as f64;
    let radius = NODE_RADIUS
        .min(0.35 * (height as f64 - 80.0) / most)
        .max(1.5);
    for l in 0..layers.len() - 1 {
        for j in 0..layers[l + 1] {
            for i in 0..layers[l] {
                let w = net.weight(l, j, i);
                let strength = if w.is_finite() {
                    (w.abs() / STRONG).min(1.0)
                } else {
                    0.0
                };
                let thickness = 0.5 + 2.5 * strength;
                // Even a small weight shows its sign.
                let color = map_color(w.signum() * (0.6 + 0.4 * strength));
                canvas.line(
                    node_at(layers, l, i, panel),
                    node_at(layers, l + 1, j, panel),
                    thickness,
                    color,
                );
            }
        }
    }
    for (l, &n) in layers.iter().enumerate() {
        for j in 0..n {
            let (x, y) = node_at(layers, l, j, panel);
            canvas.disc((x, y), radius, [240, 240, 240]);
            let fill = if l == 0 {
                [200, 200, 200]
            } else {
                map_color(net.bias(l - 1, j))
            };
            canvas.disc((x, y), radius - 1.5, fill);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    #[test]
    fn a_weight_is_drawn_in_its_signs_colour_between_its_nodes() {
        let mut net = Network::new(&[1, 1], &[Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, -2.0);
        let mut canvas = Canvas::new(200, 200);
        draw(&mut canvas, &net, 0, 200);
        let middle = canvas.pixel(100, 100);
        assert!(
            middle[0] > middle[2],
            "a negative weight is orange: {middle:?}"
        );
        net.set_weight(0, 0, 0, 2.0);
        draw(&mut canvas, &net, 0, 200);
        let middle = canvas.pixel(100, 100);
        assert!(
            middle[2] > middle[0],
            "a positive weight is blue: {middle:?}"
        );
        // Away from the line: the background.
        assert_eq!(canvas.pixel(100, 20), BACKGROUND);
        // The input node's disc, and the output's coloured by its bias (0: the middle).
        assert_eq!(canvas.pixel(40, 100), [200, 200, 200]);
        assert_eq!(canvas.pixel(160, 100), map_color(0.0));
    }
}
