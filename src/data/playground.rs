//! TensorFlow Playground's datasets, with its formulas, and the reference's plane data.

use std::f64::consts::PI;

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

use super::{DataError, Dataset, read_csv_from};

/// A built-in dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetKind {
    /// The reference demo's fixed regression data: 600 training and 600 test samples of
    /// TF Playground's reg-plane at noise 0 (`assets/data/plane_*.csv`).
    Plane,
    /// Two rings: +1 inside radius 2.5, −1 outside.
    Circle,
    /// Four quadrants, +1 where x·y ≥ 0.
    Xor,
    /// Two Gaussian blobs around (2, 2) and (−2, −2).
    Gauss,
    /// Interleaved spirals: two (±1 labels), or with `--classes K` K arms (one-hot).
    Spiral,
    /// Gaussian clusters around a circle: two (±1 labels), or K (one-hot).
    Blobs,
    /// Regression on `(x + y) / 10`, freshly generated.
    RegPlane,
    /// Regression on six signed bumps.
    RegGauss,
}

const REFERENCE_TRAIN: &str = include_str!("../../assets/data/plane_train.csv");
const REFERENCE_TEST: &str = include_str!("../../assets/data/plane_test.csv");

/// The reference demo's plane data, `(train, test)`, 600 samples each.
pub fn reference_plane() -> (Dataset, Dataset) {
    let parse = |name: &str, text: &str| {
        read_csv_from(text.as_bytes(), name.as_ref())
            .unwrap_or_else(|e| panic!("the bundled {name} is valid: {e}"))
    };
    (
        parse("plane_train.csv", REFERENCE_TRAIN),
        parse("plane_test.csv", REFERENCE_TEST),
    )
}

impl DatasetKind {
    /// `true` for the reference's fixed data, which noise, ratio and seed do not change.
    pub fn is_fixed(self) -> bool {
        self == DatasetKind::Plane
    }

    /// How many samples the generator makes.
    pub fn sample_count(self) -> usize {
        match self {
            DatasetKind::Plane | DatasetKind::RegPlane | DatasetKind::RegGauss => 1200,
            _ => 500,
        }
    }

    /// `true` for the generators that make any number of classes (`--classes K`).
    pub fn has_classes(self) -> bool {
        matches!(self, DatasetKind::Spiral | DatasetKind::Blobs)
    }

    /// Generates all samples with TF Playground's formulas; `noise` is a fraction 0–0.5.
    /// The plane returns the reference's 1200 samples (train then test), whatever the noise.
    pub fn generate<R: Rng + ?Sized>(self, noise: f64, rng: &mut R) -> Result<Dataset, DataError> {
        self.generate_classes(noise, 2, rng)
    }

    /// [`DatasetKind::generate`] with `classes` classes for spiral and blobs (2 to
    /// [`MAX_CLASSES`]): two are labelled ±1, three or more one-hot, one target column
    /// `y:k` per class. The other datasets ignore `classes`.
    pub fn generate_classes<R: Rng + ?Sized>(
        self,
        noise: f64,
        classes: usize,
        rng: &mut R,
    ) -> Result<Dataset, DataError> {
        super::check_noise(noise)?;
        check_classes(classes)?;
        let mut d = Dataset::planar();
        let n = self.sample_count();
        if self.has_classes() && classes > 2 {
            let mut d = Dataset::new(
                vec!["x1".into(), "x2".into()],
                (0..classes).map(|k| format!("y:{k}")).collect(),
            );
            match self {
                DatasetKind::Spiral => {
                    spirals(&mut d, n, classes, noise, rng, |k| one_hot(k, classes))
                }
                _ => blobs(&mut d, n, classes, noise, rng),
            }
            return Ok(d);
        }
        let n = self.sample_count();
        match self {
            DatasetKind::Plane => {
                let (train, test) = reference_plane();
                for set in [&train, &test] {
                    for i in 0..set.len() {
                        d.push(set.input(i), set.target(i));
                    }
                }
            }
            DatasetKind::Circle => circle(&mut d, n, noise, rng),
            DatasetKind::Xor => xor(&mut d, n, noise, rng),
            DatasetKind::Gauss => gauss(&mut d, n, noise, rng),
            DatasetKind::Spiral => spiral(&mut d, n, noise, rng),
            DatasetKind::Blobs => blobs(&mut d, n, 2, noise, rng),
            DatasetKind::RegPlane => regression(&mut d, n, noise, rng, |x, y| (x + y) / 10.0),
            DatasetKind::RegGauss => regression(&mut d, n, noise, rng, reg_gauss_label),
        }
        Ok(d)
    }

    /// A `(train, test)` pair: generated and split by `train_ratio`, or for the plane the
    /// reference's own two files.
    pub fn train_test<R: Rng + ?Sized>(
        self,
        noise: f64,
        train_ratio: f64,
        rng: &mut R,
    ) -> Result<(Dataset, Dataset), DataError> {
        self.train_test_classes(noise, 2, train_ratio, rng)
    }

    /// [`DatasetKind::train_test`] with `classes` classes (see
    /// [`DatasetKind::generate_classes`]).
    pub fn train_test_classes<R: Rng + ?Sized>(
        self,
        noise: f64,
        classes: usize,
        train_ratio: f64,
        rng: &mut R,
    ) -> Result<(Dataset, Dataset), DataError> {
        if self.is_fixed() {
            return Ok(reference_plane());
        }
        self.generate_classes(noise, classes, rng)?
            .split(train_ratio, rng)
    }
}

/// The most classes a generator makes.
pub const MAX_CLASSES: usize = 10;

/// Checks a class count: 2 to [`MAX_CLASSES`].
pub fn check_classes(classes: usize) -> Result<(), DataError> {
    if (2..=MAX_CLASSES).contains(&classes) {
        Ok(())
    } else {
        Err(DataError::Classes(classes))
    }
}

/// One-hot targets for class `k` of `classes`.
fn one_hot(k: usize, classes: usize) -> Vec<f64> {
    let mut t = vec![0.0; classes];
    t[k] = 1.0;
    t
}

/// `classes` spiral arms, each `n / classes` points, arm `k` turned by `2πk / classes` and
/// labelled `target(k)`.
fn spirals<R: Rng + ?Sized>(
    d: &mut Dataset,
    n: usize,
    classes: usize,
    noise: f64,
    rng: &mut R,
    target: impl Fn(usize) -> Vec<f64>,
) {
    let per_class = n / classes;
    for k in 0..classes {
        let delta = 2.0 * PI * k as f64 / classes as f64;
        let target = target(k);
        for i in 0..per_class {
            let f = i as f64 / per_class as f64;
            let r = 5.0 * f;
            let t = 1.75 * f * 2.0 * PI + delta;
            let x = r * t.sin() + rng.random_range(-1.0..1.0) * noise;
            let y = r * t.cos() + rng.random_range(-1.0..1.0) * noise;
            d.push(&[x, y], &target);
        }
    }
}

/// `classes` Gaussian clusters of `n / classes` points, centred on a circle of radius 3.5
/// (two: around (2.5, 2.5) and (−2.5, −2.5), labelled +1 and −1), spread as gauss's.
fn blobs<R: Rng + ?Sized>(d: &mut Dataset, n: usize, classes: usize, noise: f64, rng: &mut R) {
    let variance = 0.5 + 7.0 * noise;
    let normal = Normal::new(0.0, variance.sqrt()).expect("a positive standard deviation");
    let per_class = n / classes;
    for k in 0..classes {
        let angle = PI / 4.0 + 2.0 * PI * k as f64 / classes as f64;
        let (cx, cy) = (3.5 * angle.cos(), 3.5 * angle.sin());
        let target = if classes == 2 {
            vec![if k == 0 { 1.0 } else { -1.0 }]
        } else {
            one_hot(k, classes)
        };
        for _ in 0..per_class {
            let x = cx + normal.sample(rng);
            let y = cy + normal.sample(rng);
            d.push(&[x, y], &target);
        }
    }
}

fn circle<R: Rng + ?Sized>(d: &mut Dataset, n: usize, noise: f64, rng: &mut R) {
    let radius = 5.0;
    let label = |x: f64, y: f64| if x.hypot(y) < radius * 0.5 { 1.0 } else { -1.0 };
    for (r_lo, r_hi) in [(0.0, radius * 0.5), (radius * 0.7, radius)] {
        for _ in 0..n / 2 {
            let r = rng.random_range(r_lo..r_hi);
            let angle = rng.random_range(0.0..2.0 * PI);
            let (x, y) = (r * angle.sin(), r * angle.cos());
            let nx = rng.random_range(-radius..radius) * noise;
            let ny = rng.random_range(-radius..radius) * noise;
            d.push(&[x, y], &[label(x + nx, y + ny)]);
        }
    }
}

fn xor<R: Rng + ?Sized>(d: &mut Dataset, n: usize, noise: f64, rng: &mut R) {
    let padding = 0.3;
    let pad = |v: f64| if v > 0.0 { v + padding } else { v - padding };
    for _ in 0..n {
        let x = pad(rng.random_range(-5.0..5.0));
        let y = pad(rng.random_range(-5.0..5.0));
        let nx = rng.random_range(-5.0..5.0) * noise;
        let ny = rng.random_range(-5.0..5.0) * noise;
        let label = if (x + nx) * (y + ny) >= 0.0 {
            1.0
        } else {
            -1.0
        };
        d.push(&[x, y], &[label]);
    }
}

fn gauss<R: Rng + ?Sized>(d: &mut Dataset, n: usize, noise: f64, rng: &mut R) {
    let variance = 0.5 + 7.0 * noise;
    let normal = Normal::new(0.0, variance.sqrt()).expect("a positive standard deviation");
    for (cx, cy, label) in [(2.0, 2.0, 1.0), (-2.0, -2.0, -1.0)] {
        for _ in 0..n / 2 {
            let x = cx + normal.sample(rng);
            let y = cy + normal.sample(rng);
            d.push(&[x, y], &[label]);
        }
    }
}

fn spiral<R: Rng + ?Sized>(d: &mut Dataset, n: usize, noise: f64, rng: &mut R) {
    // TF Playground's two spirals: the arm turned by π is labelled −1.
    spirals(d, n, 2, noise, rng, |k| {
        vec![if k == 0 { 1.0 } else { -1.0 }]
    });
}

/// The playground's regression sets: points uniform in [−6, 6]², labelled by `label` at
/// the point moved by noise (the stored point stays clean).
fn regression<R: Rng + ?Sized>(
    d: &mut Dataset,
    n: usize,
    noise: f64,
    rng: &mut R,
    label: impl Fn(f64, f64) -> f64,
) {
    let radius = 6.0;
    for _ in 0..n {
        let x = rng.random_range(-radius..radius);
        let y = rng.random_range(-radius..radius);
        let nx = rng.random_range(-radius..radius) * noise;
        let ny = rng.random_range(-radius..radius) * noise;
        d.push(&[x, y], &[label(x + nx, y + ny)]);
    }
}

/// The six signed bumps of reg-gauss: `(centre x, centre y, sign)`.
const BUMPS: [(f64, f64, f64); 6] = [
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
];

/// The reg-gauss label at a point: the bump value of largest magnitude.
fn reg_gauss_label(x: f64, y: f64) -> f64 {
    let mut label: f64 = 0.0;
    for (cx, cy, sign) in BUMPS {
        let d = (x - cx).hypot(y - cy);
        let value = sign * (1.0 - d / 2.0).clamp(0.0, 1.0);
        if value.abs() > label.abs() {
            label = value;
        }
    }
    label
}

crate::names::named!(
    DatasetKind,
    "dataset",
    [
        Plane => "plane",
        Circle => "circle",
        Xor => "xor",
        Gauss => "gauss",
        Spiral => "spiral",
        Blobs => "blobs",
        RegPlane => "reg-plane",
        RegGauss => "reg-gauss",
    ]
);

#[cfg(test)]
mod tests {
    use super::*;

    fn make(kind: DatasetKind, noise: f64, seed: u64) -> Dataset {
        kind.generate(noise, &mut crate::seeded(seed)).unwrap()
    }

    fn samples(d: &Dataset) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        (0..d.len()).map(|i| (d.input(i)[0], d.input(i)[1], d.target(i)[0]))
    }

    #[test]
    fn every_generator_makes_its_documented_sample_count() {
        for kind in DatasetKind::ALL {
            assert_eq!(make(kind, 0.1, 3).len(), kind.sample_count(), "{kind}");
        }
    }

    #[test]
    fn the_same_seed_makes_the_same_data_and_another_seed_other_data() {
        for kind in DatasetKind::ALL.into_iter().filter(|k| !k.is_fixed()) {
            assert_eq!(make(kind, 0.2, 5), make(kind, 0.2, 5), "{kind}");
            assert_ne!(make(kind, 0.2, 5), make(kind, 0.2, 6), "{kind}");
        }
    }

    #[test]
    fn classification_labels_are_plus_or_minus_one_in_both_halves() {
        for kind in [
            DatasetKind::Circle,
            DatasetKind::Xor,
            DatasetKind::Gauss,
            DatasetKind::Spiral,
        ] {
            let d = make(kind, 0.0, 1);
            let labels: Vec<f64> = samples(&d).map(|s| s.2).collect();
            assert!(labels.iter().all(|&l| l == 1.0 || l == -1.0), "{kind}");
            assert!(labels.contains(&1.0) && labels.contains(&-1.0), "{kind}");
        }
    }

    #[test]
    fn noiseless_circle_labels_follow_the_radius() {
        for (x, y, label) in samples(&make(DatasetKind::Circle, 0.0, 2)) {
            let r = x.hypot(y);
            assert_eq!(label, if r < 2.5 { 1.0 } else { -1.0 });
            assert!(r <= 2.5 || (3.5..=5.0).contains(&r), "r = {r}");
        }
    }

    #[test]
    fn noiseless_xor_labels_follow_the_quadrant_and_keep_off_the_axes() {
        for (x, y, label) in samples(&make(DatasetKind::Xor, 0.0, 2)) {
            assert!(x.abs() >= 0.3 && y.abs() >= 0.3);
            assert_eq!(label, if x * y >= 0.0 { 1.0 } else { -1.0 });
        }
    }

    #[test]
    fn gauss_blobs_centre_on_plus_and_minus_two_and_spread_with_noise() {
        let spread = |noise: f64| {
            let d = make(DatasetKind::Gauss, noise, 4);
            let pos: Vec<_> = samples(&d).filter(|s| s.2 > 0.0).collect();
            let mean_x = pos.iter().map(|s| s.0).sum::<f64>() / pos.len() as f64;
            let var_x = pos.iter().map(|s| (s.0 - mean_x).powi(2)).sum::<f64>() / pos.len() as f64;
            (mean_x, var_x)
        };
        let (mean, var) = spread(0.0);
        assert!((mean - 2.0).abs() < 0.2, "mean {mean}");
        assert!((var - 0.5).abs() < 0.15, "variance {var} at noise 0");
        let (_, var) = spread(0.5);
        assert!((var - 4.0).abs() < 0.8, "variance {var} at noise 0.5");
    }

    #[test]
    fn noiseless_spiral_points_lie_on_their_arms() {
        let d = make(DatasetKind::Spiral, 0.0, 1);
        // Sample i of the +1 arm: r = 5i/250, t = 1.75·(i/250)·2π.
        let (x, y, label) = samples(&d).nth(100).unwrap();
        let f: f64 = 100.0 / 250.0;
        let t = 1.75 * f * 2.0 * PI;
        assert_eq!(label, 1.0);
        assert!((x - 5.0 * f * t.sin()).abs() < 1e-12 && (y - 5.0 * f * t.cos()).abs() < 1e-12);
        let (x2, y2, label2) = samples(&d).nth(350).unwrap();
        assert_eq!(label2, -1.0);
        assert!(
            (x2 + x).abs() < 1e-12 && (y2 + y).abs() < 1e-12,
            "the −1 arm is rotated by π"
        );
    }

    #[test]
    fn noiseless_reg_plane_labels_are_the_unclamped_sum_over_ten() {
        let d = make(DatasetKind::RegPlane, 0.0, 8);
        for (x, y, label) in samples(&d) {
            assert!((-6.0..6.0).contains(&x) && (-6.0..6.0).contains(&y));
            assert_eq!(label, (x + y) / 10.0);
        }
        let max = samples(&d).map(|s| s.2.abs()).fold(0.0, f64::max);
        assert!(max > 1.0, "labels reach past ±1 ({max})");
    }

    #[test]
    fn reg_gauss_labels_peak_at_the_bump_centres() {
        assert_eq!(reg_gauss_label(-4.0, 2.5), 1.0);
        assert_eq!(reg_gauss_label(0.0, 2.5), -1.0);
        assert_eq!(reg_gauss_label(4.0, -2.5), -1.0);
        assert_eq!(reg_gauss_label(0.0, -1.5), 0.5);
        assert_eq!(reg_gauss_label(-2.0, 0.0), 0.0);
        for (x, y, label) in samples(&make(DatasetKind::RegGauss, 0.0, 1)) {
            assert_eq!(label, reg_gauss_label(x, y));
        }
    }

    #[test]
    fn noise_outside_zero_to_a_half_is_refused() {
        let mut rng = crate::seeded(0);
        for noise in [-0.1, 0.51, f64::NAN] {
            assert!(DatasetKind::Circle.generate(noise, &mut rng).is_err());
        }
    }

    #[test]
    fn the_reference_plane_is_the_two_bundled_files() {
        let (train, test) = reference_plane();
        assert_eq!((train.len(), test.len()), (600, 600));
        assert_eq!(train.input(0), &[3.4019236307060705, -4.813190802403435]);
        assert_eq!(test.target(0), &[0.18734358323275524]);
    }

    #[test]
    fn names_parse_back_to_the_same_dataset() {
        for kind in DatasetKind::ALL {
            assert_eq!(kind.name().parse::<DatasetKind>().unwrap(), kind);
        }
        assert!("moons".parse::<DatasetKind>().is_err());
    }
    /// A seed means the same data in every version (the README promises it, and saved
    /// experiments rely on it): these are the first sample and the column sums of each
    /// generated set at noise 0.3 and seed 7, as generated when the promise was made.
    #[rustfmt::skip]
    const SEED_7: [(DatasetKind, [f64; 3], [f64; 3]); 6] = [
        (DatasetKind::Circle, [0.12215745814057012, 0.0650570324010562, 1.0], [-2.489788333205292, -69.13313291437146, -60.0]),
        (DatasetKind::Xor, [-4.746395635216669, -3.5788414555188237, 1.0], [-188.43173993823794, -0.01000272140442715, -58.0]),
        (DatasetKind::Gauss, [-0.9454254316087667, -0.7607626760421815, 1.0], [12.836665648676629, -13.461916184386256, 0.0]),
        (DatasetKind::Spiral, [-0.2667837381130001, -0.19673048733112944, 1.0], [-2.33323649668701, -1.6695461422562932, 0.0]),
        (DatasetKind::RegPlane, [-5.335674762260003, -3.9346097466225887, -0.8749055097341998], [-360.0008530178742, 26.010936261636274, -37.735941635771454]),
        (DatasetKind::RegGauss, [-5.335674762260003, -3.9346097466225887, -0.10784212762061218], [-360.0008530178742, 26.010936261636274, 7.957047275471198]),
    ];

    #[test]
    fn a_seed_makes_the_same_data_in_every_version() {
        for (kind, first, sums) in SEED_7 {
            let d = make(kind, 0.3, 7);
            let (x, y, l) = samples(&d).next().unwrap();
            assert_eq!([x, y, l], first, "{kind}");
            let mut got = [0.0; 3];
            for (x, y, l) in samples(&d) {
                got[0] += x;
                got[1] += y;
                got[2] += l;
            }
            assert_eq!(got, sums, "{kind}");
        }
    }

    #[test]
    fn circle_points_go_all_the_way_round() {
        let d = make(DatasetKind::Circle, 0.0, 2);
        for label in [1.0, -1.0] {
            let mut quadrants = [0usize; 4];
            for (x, y, _) in samples(&d).filter(|s| s.2 == label) {
                quadrants[usize::from(x < 0.0) * 2 + usize::from(y < 0.0)] += 1;
            }
            let ring = quadrants.iter().sum::<usize>();
            assert!(
                quadrants.iter().all(|&q| q * 100 >= ring * 15),
                "label {label}: {quadrants:?}"
            );
        }
    }
}
