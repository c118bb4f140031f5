//! TensorFlow Playground's data, point for point: its six generators with their formulas
//! and their order of random draws, its shuffle and its split, all from one seedrandom
//! stream ([`SeedRandom`]) — the stream the page then goes on to draw the weights from.

use std::f64::consts::PI;

use super::{Dataset, DatasetKind, arc4::SeedRandom, fdlibm};

/// Points of a classification dataset.
pub const CLASSIFY_SAMPLES: usize = 500;
/// Points of a regression dataset.
pub const REGRESS_SAMPLES: usize = 1200;

/// One point: `[x, y, label]`.
pub type Point = [f64; 3];

/// d3 3.5's linear scale from `domain` onto `range`: `r₀·(1 − t) + r₁·t` with
/// `t = (x − d₀) / (d₁ − d₀)`, optionally clamped to [0, 1].
fn linear_scale(x: f64, domain: [f64; 2], range: [f64; 2], clamp: bool) -> f64 {
    let span = domain[1] - domain[0];
    let mut t = (x - domain[0]) / span;
    if clamp {
        t = t.clamp(0.0, 1.0);
    }
    range[0] * (1.0 - t) + range[1] * t
}

/// `Math.random() * (b - a) + a`.
fn uniform(rng: &mut SeedRandom, a: f64, b: f64) -> f64 {
    rng.next_f64() * (b - a) + a
}

/// The polar method's normal sample with `mean` and `variance`, as TF draws it.
fn normal(rng: &mut SeedRandom, mean: f64, variance: f64) -> f64 {
    let (v1, s) = loop {
        let v1 = 2.0 * rng.next_f64() - 1.0;
        let v2 = 2.0 * rng.next_f64() - 1.0;
        let s = v1 * v1 + v2 * v2;
        if s <= 1.0 {
            break (v1, s);
        }
    };
    let result = (-2.0 * fdlibm::log(s) / s).sqrt() * v1;
    mean + variance.sqrt() * result
}

/// The distance of `(x, y)` from `(cx, cy)`.
fn dist(x: f64, y: f64, cx: f64, cy: f64) -> f64 {
    let (dx, dy) = (x - cx, y - cy);
    (dx * dx + dy * dy).sqrt()
}

/// The points TF's generator for `kind` makes, `noise` a fraction (TF's percent ÷ 100).
/// `None` for a dataset TF Playground does not have.
pub fn generate(kind: DatasetKind, noise: f64, rng: &mut SeedRandom) -> Option<Vec<Point>> {
    let points = match kind {
        DatasetKind::Circle => circle(CLASSIFY_SAMPLES, noise, rng),
        DatasetKind::Xor => xor(CLASSIFY_SAMPLES, noise, rng),
        DatasetKind::Gauss => gauss(CLASSIFY_SAMPLES, noise, rng),
        DatasetKind::Spiral => spiral(CLASSIFY_SAMPLES, noise, rng),
        DatasetKind::RegPlane | DatasetKind::RegGauss => regression(kind, noise, rng),
        _ => return None,
    };
    Some(points)
}

fn circle(n: usize, noise: f64, rng: &mut SeedRandom) -> Vec<Point> {
    let radius = 5.0;
    let mut points = Vec::with_capacity(n);
    for (lo, hi) in [(0.0, radius * 0.5), (radius * 0.7, radius)] {
        for _ in 0..n / 2 {
            let r = uniform(rng, lo, hi);
            let angle = uniform(rng, 0.0, 2.0 * PI);
            let (x, y) = (r * fdlibm::sin(angle), r * fdlibm::cos(angle));
            let nx = uniform(rng, -radius, radius) * noise;
            let ny = uniform(rng, -radius, radius) * noise;
            let inside = dist(x + nx, y + ny, 0.0, 0.0) < radius * 0.5;
            points.push([x, y, if inside { 1.0 } else { -1.0 }]);
        }
    }
    points
}

fn xor(n: usize, noise: f64, rng: &mut SeedRandom) -> Vec<Point> {
    let pad = |v: f64| if v > 0.0 { v + 0.3 } else { v - 0.3 };
    (0..n)
        .map(|_| {
            let x = pad(uniform(rng, -5.0, 5.0));
            let y = pad(uniform(rng, -5.0, 5.0));
            let nx = uniform(rng, -5.0, 5.0) * noise;
            let ny = uniform(rng, -5.0, 5.0) * noise;
            let same_sign = (x + nx) * (y + ny) >= 0.0;
            [x, y, if same_sign { 1.0 } else { -1.0 }]
        })
        .collect()
}

fn gauss(n: usize, noise: f64, rng: &mut SeedRandom) -> Vec<Point> {
    let variance = linear_scale(noise, [0.0, 0.5], [0.5, 4.0], false);
    let mut points = Vec::with_capacity(n);
    for (c, label) in [(2.0, 1.0), (-2.0, -1.0)] {
        for _ in 0..n / 2 {
            let x = normal(rng, c, variance);
            let y = normal(rng, c, variance);
            points.push([x, y, label]);
        }
    }
    points
}

fn spiral(n: usize, noise: f64, rng: &mut SeedRandom) -> Vec<Point> {
    let arm = (n / 2) as f64;
    let mut points = Vec::with_capacity(n);
    for (delta, label) in [(0.0, 1.0), (PI, -1.0)] {
        for i in 0..n / 2 {
            let i = i as f64;
            let r = i / arm * 5.0;
            let t = 1.75 * i / arm * 2.0 * PI + delta;
            let x = r * fdlibm::sin(t) + uniform(rng, -1.0, 1.0) * noise;
            let y = r * fdlibm::cos(t) + uniform(rng, -1.0, 1.0) * noise;
            points.push([x, y, label]);
        }
    }
    points
}

/// The six bumps of reg-gauss: centre and sign.
const BUMPS: [(f64, f64, f64); 6] = [
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
];

fn regression(kind: DatasetKind, noise: f64, rng: &mut SeedRandom) -> Vec<Point> {
    let radius = 6.0;
    let label = |x: f64, y: f64| match kind {
        DatasetKind::RegPlane => linear_scale(x + y, [-10.0, 10.0], [-1.0, 1.0], false),
        _ => BUMPS.iter().fold(0.0f64, |label, &(cx, cy, sign)| {
            let bump = sign * linear_scale(dist(x, y, cx, cy), [0.0, 2.0], [1.0, 0.0], true);
            if bump.abs() > label.abs() {
                bump
            } else {
                label
            }
        }),
    };
    (0..REGRESS_SAMPLES)
        .map(|_| {
            let x = uniform(rng, -radius, radius);
            let y = uniform(rng, -radius, radius);
            let nx = uniform(rng, -radius, radius) * noise;
            let ny = uniform(rng, -radius, radius) * noise;
            [x, y, label(x + nx, y + ny)]
        })
        .collect()
}

/// TF's Fisher–Yates shuffle: from the end, each place swapped with
/// `floor(random · count)`.
pub fn shuffle(points: &mut [Point], rng: &mut SeedRandom) {
    let mut counter = points.len();
    while counter > 0 {
        let index = (rng.next_f64() * counter as f64).floor() as usize;
        counter -= 1;
        points.swap(counter, index);
    }
}

/// The page's data for a seed: generated, shuffled, split at `floor(n · percent / 100)`
/// into `(train, test)`. The stream is left where the page goes on to draw the weights.
pub fn page_data(
    kind: DatasetKind,
    noise_percent: f64,
    train_percent: f64,
    rng: &mut SeedRandom,
) -> Option<(Vec<Point>, Vec<Point>)> {
    let mut points = generate(kind, noise_percent / 100.0, rng)?;
    shuffle(&mut points, rng);
    let split = ((points.len() as f64 * train_percent / 100.0).floor() as usize).min(points.len());
    let test = points.split_off(split);
    Some((points, test))
}

/// Points as a dataset: inputs `x`, `y`, the label the target.
pub fn dataset(points: &[Point]) -> Dataset {
    let mut d = Dataset::planar();
    for &[x, y, label] in points {
        d.push(&[x, y], &[label]);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d3s_scale_maps_the_domain_onto_the_range() {
        assert_eq!(linear_scale(-10.0, [-10.0, 10.0], [-1.0, 1.0], false), -1.0);
        assert_eq!(linear_scale(5.0, [-10.0, 10.0], [-1.0, 1.0], false), 0.5);
        assert_eq!(linear_scale(0.25, [0.0, 0.5], [0.5, 4.0], false), 2.25);
        assert_eq!(linear_scale(3.0, [0.0, 2.0], [1.0, 0.0], true), 0.0);
        assert_eq!(linear_scale(3.0, [0.0, 2.0], [1.0, 0.0], false), -0.5);
    }

    #[test]
    fn the_shuffle_swaps_from_the_end() {
        // With one point nothing moves; with two, the first draw picks the partner of the
        // last place.
        let mut one = vec![[1.0, 0.0, 0.0]];
        shuffle(&mut one, &mut SeedRandom::new("x"));
        assert_eq!(one[0][0], 1.0);
        let mut rng = SeedRandom::new("abc");
        let first = rng.next_f64();
        let mut two = vec![[0.0; 3], [1.0, 0.0, 0.0]];
        shuffle(&mut two, &mut SeedRandom::new("abc"));
        let moved = (first * 2.0).floor() == 0.0;
        assert_eq!(two[1][0], if moved { 0.0 } else { 1.0 });
    }

    #[test]
    fn every_tf_dataset_has_tfs_sample_count_and_others_none() {
        let mut rng = SeedRandom::new("1");
        for kind in [
            DatasetKind::Circle,
            DatasetKind::Xor,
            DatasetKind::Gauss,
            DatasetKind::Spiral,
        ] {
            assert_eq!(
                generate(kind, 0.1, &mut rng).unwrap().len(),
                CLASSIFY_SAMPLES
            );
        }
        for kind in [DatasetKind::RegPlane, DatasetKind::RegGauss] {
            assert_eq!(
                generate(kind, 0.1, &mut rng).unwrap().len(),
                REGRESS_SAMPLES
            );
        }
        assert!(generate(DatasetKind::Plane, 0.0, &mut rng).is_none());
        let (train, test) = page_data(DatasetKind::Circle, 0.0, 30.0, &mut rng).unwrap();
        assert_eq!((train.len(), test.len()), (150, 350));
    }
}
