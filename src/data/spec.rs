//! What decides a dataset: where its samples come from, their noise, split and seed. The
//! command line, the app's data panel and the model file all hold this one type, and every
//! one of them gets its samples from [`DataSpec::load`].

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{DataError, Dataset, DatasetKind};

/// Where the samples come from.
#[derive(Clone, Debug, PartialEq)]
pub enum DataSource {
    /// A built-in dataset.
    Builtin(DatasetKind),
    /// CSV files: a training file and an optional test file.
    Csv {
        /// The training CSV (split by the train ratio when there is no test file).
        train: PathBuf,
        /// The test CSV.
        test: Option<PathBuf>,
    },
    /// Points drawn by hand on the plane: `[x1, x2, y]` each, in the order drawn. They are
    /// split by the train ratio in a way that keeps every point's side as points are added:
    /// see [`drawn_point_trains`]. An erased point keeps its place, its target NaN, in
    /// neither set, so that no other point changes side (see [`DataSpec::erase_near`]).
    Drawn(Vec<[f64; 3]>),
    /// TensorFlow Playground's page: its generator for `kind`, its seed string, its shuffle
    /// and its split at `train_percent` (an integer percent, as TF's link gives it), point
    /// for point as the page makes them (the spec's `noise` is TF's percent ÷ 100).
    Page {
        /// A dataset TF Playground has: circle, xor, gauss, spiral, reg-plane, reg-gauss.
        kind: DatasetKind,
        /// The link's `seed`.
        seed: String,
        /// The link's `percTrainData`.
        train_percent: f64,
    },
}

/// `true` when drawn point `p` is erased (it keeps its place; see [`DataSource::Drawn`]).
pub fn is_erased(p: &[f64; 3]) -> bool {
    p[2].is_nan()
}

/// The drawn points that are not erased.
pub fn live_points(points: &[[f64; 3]]) -> usize {
    points.iter().filter(|p| !is_erased(p)).count()
}

/// `true` when drawn point `i` trains (otherwise it tests): the points are dealt out in
/// order so that every prefix of the drawing holds the train ratio's share, rounded, and
/// adding a point never moves the others. The first point always trains.
pub fn drawn_point_trains(i: usize, train_ratio: f64) -> bool {
    let share = |n: usize| (n as f64 * train_ratio).round().max(n.min(1) as f64);
    share(i + 1) > share(i)
}

/// A dataset's recipe: its source, and for generated or split data the noise, the share
/// of samples that train and the seed of generation and split.
///
/// In a model file it is the `data` object:
/// `{"dataset": "circle", "noise": 0.1, "train_ratio": 0.5, "seed": 0}`, or for CSV files
/// `{"dataset": null, …, "train_csv": "train.csv", "test_csv": "test.csv"}`, or for drawn
/// points `{"dataset": null, …, "points": [[x1, x2, y], …]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "SpecWire", into = "SpecWire")]
pub struct DataSpec {
    /// Where the samples come from.
    pub source: DataSource,
    /// Noise fraction of generated data, 0 to 0.5.
    pub noise: f64,
    /// Share of the samples used for training, strictly between 0 and 1.
    pub train_ratio: f64,
    /// Seed of generation and split.
    pub seed: u64,
    /// Classes of a generator that makes any number (spiral, blobs): 2 to 10.
    pub classes: usize,
}

impl Default for DataSpec {
    /// The reference demo's plane data.
    fn default() -> Self {
        DataSpec {
            source: DataSource::Builtin(DatasetKind::Plane),
            noise: 0.0,
            train_ratio: 0.5,
            seed: 0,
            classes: 2,
        }
    }
}

/// Checks a noise fraction: 0 to 0.5.
pub fn check_noise(noise: f64) -> Result<(), DataError> {
    if (0.0..=0.5).contains(&noise) {
        Ok(())
    } else {
        Err(DataError::Noise(noise))
    }
}

/// Checks a train ratio: strictly between 0 and 1.
pub fn check_train_ratio(train_ratio: f64) -> Result<(), DataError> {
    if train_ratio > 0.0 && train_ratio < 1.0 {
        Ok(())
    } else {
        Err(DataError::TrainRatio(train_ratio))
    }
}

impl DataSpec {
    /// Checks the noise and the train ratio.
    pub fn validate(&self) -> Result<(), DataError> {
        check_noise(self.noise)?;
        super::check_classes(self.classes)?;
        check_train_ratio(self.train_ratio)
    }

    /// Starts a drawing from the samples `sets` (those with two inputs and one target; the
    /// others are left out): the source becomes these points, to add to and erase.
    pub fn start_drawing(&mut self, sets: &[&Dataset]) {
        let mut points = Vec::new();
        for set in sets
            .iter()
            .filter(|s| s.n_inputs() == 2 && s.n_targets() == 1)
        {
            for i in 0..set.len() {
                let (x, y) = (set.input(i), set.target(i));
                points.push([x[0], x[1], y[0]]);
            }
        }
        self.source = DataSource::Drawn(points);
    }

    /// Adds a drawn point `[x1, x2, y]` (when the data is drawn).
    pub fn add_point(&mut self, point: [f64; 3]) {
        if let DataSource::Drawn(points) = &mut self.source {
            points.push(point);
        }
    }

    /// Erases the drawn point nearest to `(x1, x2)` if it lies within `within`; returns
    /// `true` when one was erased.
    pub fn erase_near(&mut self, [x1, x2]: [f64; 2], within: f64) -> bool {
        let DataSource::Drawn(points) = &mut self.source else {
            return false;
        };
        let nearest = points
            .iter()
            .enumerate()
            .filter(|(_, p)| !is_erased(p))
            .map(|(i, p)| (i, (p[0] - x1).hypot(p[1] - x2)))
            .filter(|&(_, d)| d <= within)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match nearest {
            Some((i, _)) => {
                // It keeps its place, so that every other point keeps its side; erased
                // points at the end go (no point after them to keep in place).
                points[i][2] = f64::NAN;
                while points.last().is_some_and(is_erased) {
                    points.pop();
                }
                true
            }
            None => false,
        }
    }

    /// Makes or reads the `(train, test)` samples.
    ///
    /// A CSV without a test file is split by the train ratio, so it needs at least two
    /// samples; a test file needs the training file's columns.
    pub fn load(&self) -> Result<(Dataset, Dataset), DataError> {
        self.load_counting(&std::sync::atomic::AtomicU64::new(0))
    }

    /// The bytes of files [`DataSpec::load`] reads (0 for generated or drawn data): what a
    /// progress bar counts to.
    pub fn file_bytes(&self) -> u64 {
        let size = |p: &PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
        match &self.source {
            DataSource::Csv { train, test } => size(train) + test.as_ref().map_or(0, size),
            _ => 0,
        }
    }

    /// [`DataSpec::load`], adding the bytes of files read to `read` as it goes.
    pub fn load_counting(
        &self,
        read: &std::sync::atomic::AtomicU64,
    ) -> Result<(Dataset, Dataset), DataError> {
        self.validate()?;
        let mut rng = crate::seeded(self.seed);
        match &self.source {
            DataSource::Builtin(kind) => {
                kind.train_test_classes(self.noise, self.classes, self.train_ratio, &mut rng)
            }
            DataSource::Csv { train, test } => {
                let train_set = super::read_csv_counting(train, None, read)?;
                match test {
                    Some(test_path) => {
                        // A label column's classes are the training file's, in its order.
                        let classes = super::label_classes(&train_set);
                        let test_set =
                            super::read_csv_counting(test_path, classes.as_deref(), read)?;
                        train_set
                            .check_same_columns(&test_set)
                            .map_err(|e| DataError::Csv {
                                path: test_path.clone(),
                                why: e.to_string(),
                            })?;
                        Ok((train_set, test_set))
                    }
                    None if train_set.len() < 2 => Err(DataError::Csv {
                        path: train.clone(),
                        why: "one sample cannot be split into train and test (give a test file)"
                            .into(),
                    }),
                    None => train_set.split(self.train_ratio, &mut rng),
                }
            }
            DataSource::Page {
                kind,
                seed,
                train_percent,
            } => {
                let mut stream = super::SeedRandom::new(seed);
                let (train, test) = super::tf_data::page_data(
                    *kind,
                    self.noise * 100.0,
                    *train_percent,
                    &mut stream,
                )
                .ok_or(DataError::NotOnThePage(*kind))?;
                Ok((
                    super::tf_data::dataset(&train),
                    super::tf_data::dataset(&test),
                ))
            }
            DataSource::Drawn(points) => {
                let (train, test) = drawn_sets(points, self.train_ratio);
                if train.is_empty() || test.is_empty() {
                    return Err(DataError::TooFewPoints(live_points(points)));
                }
                Ok((train, test))
            }
        }
    }
}

/// Drawn points dealt into `(train, test)` by [`drawn_point_trains`]; either may be empty.
pub fn drawn_sets(points: &[[f64; 3]], train_ratio: f64) -> (Dataset, Dataset) {
    let (mut train, mut test) = (Dataset::planar(), Dataset::planar());
    for (i, [x1, x2, y]) in points.iter().enumerate() {
        if y.is_nan() {
            continue;
        }
        let set = if drawn_point_trains(i, train_ratio) {
            &mut train
        } else {
            &mut test
        };
        set.push(&[*x1, *x2], &[*y]);
    }
    (train, test)
}

/// The model file's form of a [`DataSpec`].
#[derive(Serialize, Deserialize)]
#[serde(default)]
struct SpecWire {
    dataset: Option<DatasetKind>,
    noise: f64,
    train_ratio: f64,
    seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    train_csv: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_csv: Option<PathBuf>,
    /// Drawn points, `[x1, x2, y]` each (an erased one `[x1, x2, 0]`, listed in `erased`).
    #[serde(skip_serializing_if = "Option::is_none")]
    points: Option<Vec<[f64; 3]>>,
    /// The indices of erased drawn points (absent: none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    erased: Vec<usize>,
    /// Classes of spiral or blobs (absent: 2).
    #[serde(skip_serializing_if = "is_two")]
    classes: usize,
    /// TF Playground's page data: the link's seed and percTrainData (see
    /// [`DataSource::Page`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tf_page: Option<PageWire>,
}

/// The page's seed and split, in a model file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct PageWire {
    seed: String,
    train_percent: f64,
}

fn is_two(n: &usize) -> bool {
    *n == 2
}

impl Default for SpecWire {
    fn default() -> Self {
        DataSpec::default().into()
    }
}

impl From<SpecWire> for DataSpec {
    fn from(w: SpecWire) -> Self {
        let source = match (w.dataset, w.train_csv, w.points) {
            (Some(kind), _, _) if w.tf_page.is_some() => {
                let page = w.tf_page.unwrap_or_else(|| unreachable!());
                DataSource::Page {
                    kind,
                    seed: page.seed,
                    train_percent: page.train_percent,
                }
            }
            (Some(kind), _, _) => DataSource::Builtin(kind),
            (None, Some(train), _) => DataSource::Csv {
                train,
                test: w.test_csv,
            },
            (None, None, Some(mut points)) => {
                for &i in &w.erased {
                    if let Some(p) = points.get_mut(i) {
                        p[2] = f64::NAN;
                    }
                }
                DataSource::Drawn(points)
            }
            (None, None, None) => DataSource::Builtin(DatasetKind::Plane),
        };
        DataSpec {
            source,
            noise: w.noise,
            train_ratio: w.train_ratio,
            seed: w.seed,
            classes: w.classes,
        }
    }
}

impl From<DataSpec> for SpecWire {
    fn from(s: DataSpec) -> Self {
        let mut erased = Vec::new();
        let mut tf_page = None;
        let (dataset, train_csv, test_csv, points) = match s.source {
            DataSource::Builtin(kind) => (Some(kind), None, None, None),
            DataSource::Page {
                kind,
                seed,
                train_percent,
            } => {
                tf_page = Some(PageWire {
                    seed,
                    train_percent,
                });
                (Some(kind), None, None, None)
            }
            DataSource::Csv { train, test } => (None, Some(train), test, None),
            DataSource::Drawn(mut points) => {
                for (i, p) in points.iter_mut().enumerate().filter(|(_, p)| is_erased(p)) {
                    p[2] = 0.0;
                    erased.push(i);
                }
                (None, None, None, Some(points))
            }
        };
        SpecWire {
            dataset,
            noise: s.noise,
            train_ratio: s.train_ratio,
            seed: s.seed,
            train_csv,
            test_csv,
            points,
            erased,
            classes: s.classes,
            tf_page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_spec(dir: &std::path::Path, train: &str, test: Option<&str>) -> DataSpec {
        let path = |name: &str, text: &str| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        DataSpec {
            source: DataSource::Csv {
                train: path("train.csv", train),
                test: test.map(|t| path("test.csv", t)),
            },
            ..DataSpec::default()
        }
    }

    #[test]
    fn a_generated_spec_loads_the_same_samples_for_the_same_seed() {
        let spec = DataSpec {
            source: DataSource::Builtin(DatasetKind::Circle),
            noise: 0.1,
            train_ratio: 0.7,
            seed: 3,
            classes: 2,
        };
        let (train, test) = spec.load().unwrap();
        assert_eq!((train.len(), test.len()), (350, 150));
        assert_eq!(spec.load().unwrap(), (train.clone(), test));
        let other = DataSpec { seed: 4, ..spec };
        assert_ne!(other.load().unwrap().0, train);
    }

    #[test]
    fn a_csv_is_split_by_the_ratio_or_paired_with_its_test_file() {
        let dir = tempfile::tempdir().unwrap();
        let rows = "x1,y\n1,1\n2,2\n3,3\n4,4\n";
        let (train, test) = csv_spec(dir.path(), rows, None).load().unwrap();
        assert_eq!((train.len(), test.len()), (2, 2));
        let (train, test) = csv_spec(dir.path(), rows, Some("x1,y\n9,9\n"))
            .load()
            .unwrap();
        assert_eq!((train.len(), test.len()), (4, 1));
        assert_eq!(test.input(0), [9.0]);
    }

    #[test]
    fn a_one_row_csv_without_a_test_file_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let e = csv_spec(dir.path(), "x1,y\n1,1\n", None)
            .load()
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("train.csv") && e.contains("cannot be split"),
            "{e}"
        );
        // With a test file, one training row is fine.
        assert!(
            csv_spec(dir.path(), "x1,y\n1,1\n", Some("x1,y\n2,2\n"))
                .load()
                .is_ok()
        );
        // Two rows split one and one.
        let (train, test) = csv_spec(dir.path(), "x1,y\n1,1\n2,2\n", None)
            .load()
            .unwrap();
        assert_eq!((train.len(), test.len()), (1, 1));
    }

    #[test]
    fn a_test_file_with_other_columns_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let e = csv_spec(dir.path(), "x1,y\n1,1\n", Some("x1,x2,y\n1,2,3\n"))
            .load()
            .unwrap_err()
            .to_string();
        assert!(e.contains("test.csv") && e.contains("differ"), "{e}");
    }

    #[test]
    fn noise_and_ratio_out_of_range_are_refused_before_loading() {
        let bad_noise = DataSpec {
            noise: 0.6,
            ..DataSpec::default()
        };
        assert!(matches!(bad_noise.load(), Err(DataError::Noise(n)) if n == 0.6));
        for ratio in [0.0, 1.0, -0.5, f64::NAN] {
            let bad = DataSpec {
                train_ratio: ratio,
                ..DataSpec::default()
            };
            assert!(
                matches!(bad.validate(), Err(DataError::TrainRatio(_))),
                "{ratio}"
            );
        }
        assert!(check_noise(0.5).is_ok() && check_noise(0.0).is_ok());
        assert!(check_noise(-0.01).is_err() && check_noise(f64::NAN).is_err());
    }

    #[test]
    fn the_model_file_form_is_the_documented_data_object() {
        let spec = DataSpec {
            source: DataSource::Builtin(DatasetKind::RegGauss),
            noise: 0.25,
            train_ratio: 0.6,
            seed: 9,
            classes: 2,
        };
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"dataset": "reg-gauss", "noise": 0.25, "train_ratio": 0.6, "seed": 9})
        );
        let csv = DataSpec {
            source: DataSource::Csv {
                train: "a.csv".into(),
                test: Some("b.csv".into()),
            },
            ..DataSpec::default()
        };
        let json = serde_json::to_value(&csv).unwrap();
        assert_eq!(json["dataset"], serde_json::Value::Null);
        assert_eq!(
            (json["train_csv"].as_str(), json["test_csv"].as_str()),
            (Some("a.csv"), Some("b.csv"))
        );
        for s in [spec, csv] {
            let back: DataSpec = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
            assert_eq!(back, s);
        }
        let empty: DataSpec = serde_json::from_str("{}").unwrap();
        assert_eq!(
            empty,
            DataSpec::default(),
            "missing keys are the reference demo's"
        );
    }

    fn drawn(points: &[[f64; 3]], train_ratio: f64) -> DataSpec {
        DataSpec {
            source: DataSource::Drawn(points.to_vec()),
            train_ratio,
            ..DataSpec::default()
        }
    }

    #[test]
    fn drawn_points_are_dealt_to_train_and_test_by_the_ratio_and_stay_put() {
        let points: Vec<[f64; 3]> = (0..10).map(|i| [i as f64, -(i as f64), 1.0]).collect();
        let sides =
            |n: usize, r: f64| -> Vec<bool> { (0..n).map(|i| drawn_point_trains(i, r)).collect() };
        assert_eq!(
            sides(4, 0.5),
            [true, false, true, false],
            "every other point tests, the first trains"
        );
        for r in [0.1, 0.3, 0.5, 0.75, 0.9] {
            for n in 1..=10 {
                let trains = sides(n, r).iter().filter(|&&t| t).count();
                assert_eq!(
                    trains as f64,
                    (n as f64 * r).round().max(1.0),
                    "{n} points at {r}"
                );
                assert_eq!(sides(n, r), sides(10, r)[..n], "adding points moves none");
            }
        }
        let (train, test) = drawn(&points, 0.7).load().unwrap();
        assert_eq!((train.len(), test.len()), (7, 3));
        assert_eq!(sides(3, 0.7), [true, false, true]);
        assert_eq!(
            train.input(1),
            [2.0, -2.0],
            "rows stay whole, in drawing order"
        );
        assert_eq!(test.input(0), [1.0, -1.0]);
        assert_eq!(train.target(1), [1.0]);
        assert_eq!(train.input_names(), ["x1", "x2"]);
    }

    #[test]
    fn a_drawing_without_a_test_point_is_refused_with_the_count() {
        let err = drawn(&[[0.0, 0.0, 1.0]], 0.5).load().unwrap_err();
        assert!(matches!(err, DataError::TooFewPoints(1)), "{err}");
        assert!(err.to_string().contains("1 drawn points are too few"));
        assert!(drawn(&[], 0.5).load().is_err());
        assert!(drawn(&[[0.0, 0.0, 1.0]; 2], 0.5).load().is_ok());
        assert!(
            drawn(&[[0.0, 0.0, 1.0]; 2], 0.8).load().is_err(),
            "both would train"
        );
    }

    #[test]
    fn drawn_points_are_saved_inline_and_read_back() {
        let spec = drawn(&[[0.5, -1.25, 1.0], [2.0, 3.0, -1.0]], 0.5);
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["dataset"], serde_json::Value::Null);
        assert_eq!(
            json["points"],
            serde_json::json!([[0.5, -1.25, 1.0], [2.0, 3.0, -1.0]])
        );
        let back: DataSpec = serde_json::from_value(json).unwrap();
        assert_eq!(back, spec);
    }

    #[test]
    fn a_drawing_starts_from_the_data_shown_and_points_are_added_and_erased() {
        let mut spec = DataSpec::default();
        let (train, test) = spec.load().unwrap();
        spec.start_drawing(&[&train, &test]);
        let DataSource::Drawn(points) = &spec.source else {
            panic!("not drawn: {:?}", spec.source);
        };
        assert_eq!(points.len(), 1200, "the plane's 600 + 600 samples");
        assert_eq!(points[0][..2], *train.input(0));
        assert_eq!(points[0][2], train.target(0)[0]);
        assert_eq!(points[600][..2], *test.input(0));

        let mut spec = drawn(&[[0.0, 0.0, 1.0], [2.0, 0.0, -1.0]], 0.5);
        spec.add_point([1.0, 1.0, 0.5]);
        assert!(!spec.erase_near([5.0, 5.0], 1.0), "nothing near");
        assert!(spec.erase_near([1.8, 0.1], 0.5), "the nearest within reach");
        let DataSource::Drawn(points) = &spec.source else {
            unreachable!()
        };
        assert_eq!(points.len(), 3, "an erased point keeps its place");
        assert!(is_erased(&points[1]) && points[1][..2] == [2.0, 0.0]);
        assert_eq!((points[0], points[2]), ([0.0, 0.0, 1.0], [1.0, 1.0, 0.5]));
        let mut generated = DataSpec::default();
        generated.add_point([0.0, 0.0, 1.0]);
        assert!(!generated.erase_near([0.0, 0.0], 100.0));
        assert_eq!(generated, DataSpec::default(), "only drawings are drawn on");
    }

    #[test]
    fn spiral_and_blobs_make_k_one_hot_classes_and_two_keep_their_signs() {
        for kind in [DatasetKind::Spiral, DatasetKind::Blobs] {
            let spec = DataSpec {
                source: DataSource::Builtin(kind),
                classes: 4,
                ..DataSpec::default()
            };
            let (train, test) = spec.load().unwrap();
            assert_eq!(train.len() + test.len(), 500, "{kind:?}: 125 per class");
            assert_eq!(train.target_names(), ["y:0", "y:1", "y:2", "y:3"]);
            assert_eq!(crate::nn::one_hot_classes(&train), Some(4));
            let mut per_class = [0; 4];
            for set in [&train, &test] {
                for i in 0..set.len() {
                    per_class[crate::nn::argmax(set.target(i))] += 1;
                }
            }
            assert_eq!(per_class, [125; 4]);
            let json = serde_json::to_value(&spec).unwrap();
            assert_eq!(json["classes"], 4);
            let back: DataSpec = serde_json::from_value(json).unwrap();
            assert_eq!(back, spec);
            // Two classes: one ±1 column, as TF Playground has them.
            let two = DataSpec { classes: 2, ..spec };
            let (train, _) = two.load().unwrap();
            assert_eq!(train.target_names(), ["y"]);
            assert!(serde_json::to_value(&two).unwrap().get("classes").is_none());
        }
        let spiral = |classes| DataSpec {
            source: DataSource::Builtin(DatasetKind::Spiral),
            classes,
            ..DataSpec::default()
        };
        assert_eq!(
            spiral(2).load().unwrap(),
            DatasetKind::Spiral
                .train_test(0.0, 0.5, &mut crate::seeded(0))
                .unwrap(),
            "K = 2 is today's spiral"
        );
        assert!(matches!(spiral(1).load(), Err(DataError::Classes(1))));
        assert!(matches!(spiral(11).load(), Err(DataError::Classes(11))));
    }

    #[test]
    fn erasing_a_drawn_point_leaves_every_other_on_its_side_and_survives_a_save() {
        let points: Vec<[f64; 3]> = (0..10).map(|i| [i as f64, 0.0, 1.0]).collect();
        let mut spec = drawn(&points, 0.5);
        let sets = |spec: &DataSpec| {
            let (train, test) = spec.load().unwrap();
            let xs = |d: &Dataset| (0..d.len()).map(|k| d.input(k)[0]).collect::<Vec<f64>>();
            (xs(&train), xs(&test))
        };
        let (train, test) = sets(&spec);
        assert!(spec.erase_near([3.0, 0.0], 0.5), "point 3 erased");
        assert!(!spec.erase_near([3.0, 0.0], 0.5), "nothing left there");
        let without = |v: &[f64]| v.iter().copied().filter(|&x| x != 3.0).collect::<Vec<_>>();
        assert_eq!(
            sets(&spec),
            (without(&train), without(&test)),
            "no other point moved"
        );
        // The drawing saves and opens with the erased point still holding its place.
        let json = serde_json::to_string(&spec).unwrap();
        assert!(json.contains("\"erased\":[3]"), "{json}");
        let reopened: DataSpec = serde_json::from_str(&json).unwrap();
        assert_eq!(sets(&reopened), sets(&spec));
        // An erased point at the end goes: nothing after it to keep in place.
        assert!(spec.erase_near([9.0, 0.0], 0.5));
        let DataSource::Drawn(left) = &spec.source else {
            unreachable!()
        };
        assert_eq!((left.len(), crate::data::live_points(left)), (9, 8));
        // Added points are dealt as before: after the erased one, by their place.
        spec.add_point([20.0, 0.0, -1.0]);
        assert_eq!(sets(&spec).0.len() + sets(&spec).1.len(), 9);
    }
}
