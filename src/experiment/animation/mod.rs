//! A run as an animated GIF: the prediction map at each kept moment, the training points
//! on it, each frame labelled with its epoch, at a size fit for slides. `train --animation`
//! and the window's File ▸ Export animation… both write it. No window is needed: the map
//! is the network's output on a grid, coloured as the window colours it; the diagram of the
//! network may stand beside it ([`diagram`]).

use std::io::Write;

mod diagram;

use crate::data::{Dataset, Preprocess};
use crate::nn::Network;

/// The frame's side in pixels.
pub const SIDE: u16 = 480;
/// The plane shown: x1 and x2 from −6 to 6, as the window's map.
const HALF_WIDTH: f64 = 6.0;
/// Hundredths of a second a frame is shown (the last one longer).
const DELAY: u16 = 12;
const LAST_DELAY: u16 = 150;

/// One moment of a run: its epoch and its network.
pub type Moment<'a> = (u64, &'a Network);

/// Why no animation was written.
#[derive(Debug, thiserror::Error)]
pub enum AnimationError {
    /// Nothing to show.
    #[error("an animation needs at least one moment of the run")]
    NoMoments,
    /// The map is of two inputs.
    #[error("an animation shows the plane: the data needs 2 input columns, it has {0}")]
    NotPlanar(usize),
    /// The GIF could not be written.
    #[error("cannot write the animation: {0}")]
    Gif(#[from] gif::EncodingError),
}

/// The window's diverging colours: orange at −1, near-white at 0, blue at +1.
fn map_color(v: f64) -> [u8; 3] {
    const ORANGE: [f64; 3] = [245.0, 147.0, 34.0];
    const MIDDLE: [f64; 3] = [232.0, 234.0, 235.0];
    const BLUE: [f64; 3] = [8.0, 119.0, 189.0];
    let t = if v.is_finite() {
        v.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let (from, to, s) = if t < 0.0 {
        (MIDDLE, ORANGE, -t)
    } else {
        (MIDDLE, BLUE, t)
    };
    std::array::from_fn(|k| (from[k] + (to[k] - from[k]) * s).round() as u8)
}

/// A 3×5 pixel font for the label: digits, then e, p, o, c, h; each row three bits.
fn glyph(c: char) -> Option<[u8; 5]> {
    Some(match c {
        '0' => [7, 5, 5, 5, 7],
        '1' => [2, 6, 2, 2, 7],
        '2' => [7, 1, 7, 4, 7],
        '3' => [7, 1, 7, 1, 7],
        '4' => [5, 5, 7, 1, 1],
        '5' => [7, 4, 7, 1, 7],
        '6' => [7, 4, 7, 5, 7],
        '7' => [7, 1, 1, 1, 1],
        '8' => [7, 5, 7, 5, 7],
        '9' => [7, 5, 7, 1, 7],
        'e' => [0, 7, 7, 4, 7],
        'p' => [0, 7, 5, 7, 4],
        'o' => [0, 7, 5, 5, 7],
        'c' => [0, 7, 4, 4, 7],
        'h' => [4, 4, 7, 5, 5],
        _ => return None,
    })
}

/// An RGBA picture being drawn.
struct Canvas {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

impl Canvas {
    fn new(width: usize, height: usize) -> Self {
        Self {
            width,
            height,
            rgba: vec![0; width * height * 4],
        }
    }

    fn set(&mut self, x: i64, y: i64, [r, g, b]: [u8; 3]) {
        if (0..self.width as i64).contains(&x) && (0..self.height as i64).contains(&y) {
            let at = (y as usize * self.width + x as usize) * 4;
            self.rgba[at..at + 4].copy_from_slice(&[r, g, b, 255]);
        }
    }

    #[cfg(test)]
    fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let at = (y * self.width + x) * 4;
        [self.rgba[at], self.rgba[at + 1], self.rgba[at + 2]]
    }

    /// A filled disc of `radius` around `(x, y)`.
    fn disc(&mut self, (x, y): (f64, f64), radius: f64, color: [u8; 3]) {
        let r = radius.ceil() as i64;
        for dy in -r..=r {
            for dx in -r..=r {
                let (px, py) = (x.round() as i64 + dx, y.round() as i64 + dy);
                let (ex, ey) = (px as f64 - x, py as f64 - y);
                if ex * ex + ey * ey <= radius * radius {
                    self.set(px, py, color);
                }
            }
        }
    }

    /// A line `thickness` pixels wide from `a` to `b`.
    fn line(&mut self, a: (f64, f64), b: (f64, f64), thickness: f64, color: [u8; 3]) {
        let length = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let steps = (2.0 * length).ceil().max(1.0) as usize;
        for k in 0..=steps {
            let t = k as f64 / steps as f64;
            let at = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            self.disc(at, thickness / 2.0, color);
        }
    }

    /// `text` at `(x, y)`, each font pixel `scale`² screen pixels, on a dark box.
    fn label(&mut self, text: &str, (x, y): (i64, i64), scale: i64) {
        let width = text.chars().count() as i64 * 4 * scale + scale;
        for dy in 0..7 * scale {
            for dx in 0..width {
                self.set(x + dx, y + dy, [20, 20, 20]);
            }
        }
        for (k, c) in text.chars().enumerate() {
            let Some(rows) = glyph(c) else { continue };
            for (row, bits) in rows.iter().enumerate() {
                for col in 0..3 {
                    if bits & (4 >> col) != 0 {
                        let (px, py) = (
                            x + scale + (k as i64 * 4 + col) * scale,
                            y + scale + row as i64 * scale,
                        );
                        for sy in 0..scale {
                            for sx in 0..scale {
                                self.set(px + sx, py + sy, [240, 240, 240]);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The plane's coordinates of pixel `(i, j)` (row `j` from the top).
fn plane_at(i: usize, j: usize, side: usize) -> (f64, f64) {
    let step = 2.0 * HALF_WIDTH / side as f64;
    (
        -HALF_WIDTH + (i as f64 + 0.5) * step,
        HALF_WIDTH - (j as f64 + 0.5) * step,
    )
}

/// One frame: the map of `net`'s first output (its class's sign for several), the points,
/// the epoch; with `diagram`, the network drawn beside the map.
fn frame(
    net: &Network,
    epoch: u64,
    preprocess: &Preprocess,
    points: &Dataset,
    diagram: bool,
) -> Canvas {
    let side = usize::from(SIDE);
    let mut canvas = Canvas::new(if diagram { 2 * side } else { side }, side);
    if diagram {
        diagram::draw(&mut canvas, net, side, side);
    }
    let mut cache = net.cache();
    let mut x = Vec::new();
    for j in 0..side {
        for i in 0..side {
            let (x1, x2) = plane_at(i, j, side);
            preprocess.transform(&[x1, x2], &mut x);
            let out = net.forward(&x, &mut cache);
            let v = if out.len() == 1 {
                out[0]
            } else {
                // Several outputs: the first class against the rest.
                2.0 * out[0] - 1.0
            };
            canvas.set(i as i64, j as i64, map_color(v));
        }
    }
    let scale = side as f64 / (2.0 * HALF_WIDTH);
    for k in 0..points.len() {
        let [x1, x2] = [points.input(k)[0], points.input(k)[1]];
        let label = points.target(k)[0];
        let (cx, cy) = ((x1 + HALF_WIDTH) * scale, (HALF_WIDTH - x2) * scale);
        for dy in -4i64..=4 {
            for dx in -4i64..=4 {
                let r2 = dx * dx + dy * dy;
                let color = match r2 {
                    0..=9 => map_color(label),
                    10..=18 => [255, 255, 255],
                    _ => continue,
                };
                canvas.set(cx as i64 + dx, cy as i64 + dy, color);
            }
        }
    }
    canvas.label(&format!("epoch {epoch}"), (10, 10), 4);
    canvas
}

/// Writes the moments as an animated GIF to `out`, looping, the map `SIDE` pixels square
/// with the training points `points` on each frame, and with `diagram` the network beside
/// it (twice as wide).
pub fn write_gif(
    moments: &[Moment<'_>],
    preprocess: &Preprocess,
    points: &Dataset,
    diagram: bool,
    out: impl Write,
) -> Result<usize, AnimationError> {
    if moments.is_empty() {
        return Err(AnimationError::NoMoments);
    }
    if points.n_inputs() != 2 {
        return Err(AnimationError::NotPlanar(points.n_inputs()));
    }
    let width = if diagram { 2 * SIDE } else { SIDE };
    let mut encoder = gif::Encoder::new(out, width, SIDE, &[])?;
    encoder.set_repeat(gif::Repeat::Infinite)?;
    for (k, &(epoch, net)) in moments.iter().enumerate() {
        let mut canvas = frame(net, epoch, preprocess, points, diagram);
        let mut f = gif::Frame::from_rgba_speed(width, SIDE, &mut canvas.rgba, 10);
        f.delay = if k + 1 == moments.len() {
            LAST_DELAY
        } else {
            DELAY
        };
        encoder.write_frame(&f)?;
    }
    Ok(moments.len())
}

/// Up to `most` epochs from 0 to `last`, closer together early, where a run changes
/// most: `last · (k / (most − 1))²`, rounded, without repeats.
pub fn frame_epochs(last: u64, most: usize) -> Vec<u64> {
    let most = most.max(2);
    let mut epochs: Vec<u64> = (0..most)
        .map(|k| {
            let t = k as f64 / (most - 1) as f64;
            (last as f64 * t * t).round() as u64
        })
        .collect();
    epochs.dedup();
    epochs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Init};

    #[test]
    fn frame_epochs_start_at_zero_end_at_the_last_and_crowd_the_start() {
        let e = frame_epochs(1000, 11);
        assert_eq!(e.first(), Some(&0));
        assert_eq!(e.last(), Some(&1000));
        assert_eq!(e.len(), 11);
        assert!(e[1] - e[0] < e[10] - e[9], "{e:?}");
        assert_eq!(frame_epochs(3, 60), [0, 1, 2, 3]);
    }

    #[test]
    fn the_map_is_coloured_as_the_window_colours_it_and_the_label_is_drawn() {
        assert_eq!(map_color(-1.0), [245, 147, 34]);
        assert_eq!(map_color(1.0), [8, 119, 189]);
        assert_eq!(map_color(0.0), [232, 234, 235]);
        let net = Network::new(&[2, 1], &[Activation::Identity]).unwrap();
        let mut points = Dataset::planar();
        points.push(&[0.0, 0.0], &[1.0]);
        let c = frame(&net, 42, &Preprocess::default(), &points, false);
        let px = |x: usize, y: usize| c.pixel(x, y);
        // A zero network: the middle colour, but for the blue point at the centre and
        // the label's dark box at the corner.
        assert_eq!(px(400, 400), [232, 234, 235]);
        assert_eq!(px(240, 240), [8, 119, 189]);
        assert_eq!(px(11, 11), [20, 20, 20]);
        let mut trained = net.clone();
        trained.initialize(Init::Xavier, &mut crate::seeded(3));
        assert_ne!(
            frame(&trained, 1, &Preprocess::default(), &points, false).rgba,
            c.rgba
        );
    }

    #[test]
    fn a_gif_has_a_frame_per_moment() {
        let nets: Vec<Network> = (0..3)
            .map(|s| {
                let mut n =
                    Network::new(&[2, 2, 1], &[Activation::Tanh, Activation::Tanh]).unwrap();
                n.initialize(Init::Xavier, &mut crate::seeded(s));
                n
            })
            .collect();
        let moments: Vec<Moment<'_>> = nets
            .iter()
            .enumerate()
            .map(|(k, n)| (k as u64, n))
            .collect();
        let mut points = Dataset::planar();
        points.push(&[1.0, -2.0], &[-1.0]);
        for (diagram, width) in [(false, SIDE), (true, 2 * SIDE)] {
            let mut bytes = Vec::new();
            assert_eq!(
                write_gif(
                    &moments,
                    &Preprocess::default(),
                    &points,
                    diagram,
                    &mut bytes
                )
                .unwrap(),
                3
            );
            assert!(bytes.starts_with(b"GIF89a"));
            let decoder = gif::DecodeOptions::new()
                .read_info(bytes.as_slice())
                .unwrap();
            assert_eq!((decoder.width(), decoder.height()), (width, SIDE));
            assert_eq!(decoder.into_iter().count(), 3);
        }
        assert!(matches!(
            write_gif(&[], &Preprocess::default(), &points, false, Vec::new()),
            Err(AnimationError::NoMoments)
        ));
    }
}
