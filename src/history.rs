//! The loss per epoch of a run, bounded so that a long run keeps its curve's shape.

use serde::{Deserialize, Serialize};

/// The loss per epoch, as trained.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct History {
    /// Epoch numbers (1-based; old epochs may have been thinned out).
    pub epoch: Vec<u64>,
    /// Train loss of each listed epoch.
    pub train_loss: Vec<f64>,
    /// Test loss of each listed epoch, `null` where there was no test set.
    pub test_loss: Vec<Option<f64>>,
}

impl History {
    /// Records one epoch.
    pub fn push(&mut self, epoch: u64, train_loss: f64, test_loss: Option<f64>) {
        self.epoch.push(epoch);
        self.train_loss.push(train_loss);
        self.test_loss.push(test_loss);
    }

    /// Number of recorded epochs.
    pub fn len(&self) -> usize {
        self.epoch.len()
    }

    /// `true` when nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.epoch.is_empty()
    }

    /// Forgets every epoch after `epoch` (the run went back to it).
    pub fn keep_until(&mut self, epoch: u64) {
        let n = self.epoch.partition_point(|&e| e <= epoch);
        self.epoch.truncate(n);
        self.train_loss.truncate(n);
        self.test_loss.truncate(n);
    }

    /// The history as CSV with the header `epoch,train_loss,test_loss` (an empty cell where
    /// the test loss was not measured).
    pub fn to_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["epoch", "train_loss", "test_loss"])?;
        for i in 0..self.len() {
            let test = self.test_loss[i].map(|t| t.to_string()).unwrap_or_default();
            w.write_record([
                self.epoch[i].to_string(),
                self.train_loss[i].to_string(),
                test,
            ])?;
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }

    /// Keeps at most `max` points (at least 16) with the shape of the whole curve: every
    /// epoch of the first stretch (up to [`DENSE_EPOCHS`], at most a quarter of `max`),
    /// then buckets evenly spaced on a log scale of epochs, each keeping its first point
    /// and the points of its highest and lowest train and test loss, so that no spike,
    /// dip or plateau the full curve shows is lost; the first and the latest epochs are
    /// always kept.
    ///
    /// The buckets' width depends only on the latest epoch and `max` (it doubles as the
    /// run grows), and a merged bucket's extremes are among its halves' kept points: so
    /// thinning as epochs arrive keeps exactly the points that thinning the whole history
    /// once would (see [`keep_shape`](Self::keep_shape)). A thinned history holds at most
    /// three quarters of `max`, so that it takes a while before it is thinned again.
    pub fn thin(&mut self, max: usize) {
        if self.len() > max.max(16) {
            self.keep_shape(max);
        }
    }

    /// Applies [`thin`](Self::thin)'s rule for `max` now, however long the history is.
    pub fn keep_shape(&mut self, max: usize) {
        let keep = self.kept(max.max(16));
        for v in [
            &mut self.epoch as &mut dyn Thin,
            &mut self.train_loss,
            &mut self.test_loss,
        ] {
            v.retain_indices(&|i| keep[i]);
        }
    }

    /// Which points [`thin`](Self::thin) keeps.
    fn kept(&self, max: usize) -> Vec<bool> {
        let dense = (max as u64 / 4).min(DENSE_EPOCHS);
        let budget = max * 3 / 4;
        let latest = self.epoch.last().copied().unwrap_or(0);
        let span = (latest as f64 / dense as f64).ln().max(0.0);
        // Buckets per e-fold of epochs: the most (a power of two) that fits the budget
        // with the dense stretch, five points a bucket, and the latest epoch.
        let per_e_fold = (-30..=30)
            .rev()
            .map(|p| 2f64.powi(p))
            .find(|k| dense as f64 + 5.0 * ((k * span).floor() + 1.0) + 2.0 <= budget as f64)
            .unwrap_or(2f64.powi(-30));
        let bucket = |e: u64| (per_e_fold * (e as f64 / dense as f64).ln()).floor() as i64;
        let mut keep = vec![false; self.len()];
        let mut i = 0;
        while i < self.len() {
            if self.epoch[i] <= dense {
                keep[i] = true;
                i += 1;
                continue;
            }
            let b = bucket(self.epoch[i]);
            let mut end = i;
            while end < self.len() && bucket(self.epoch[end]) == b {
                end += 1;
            }
            keep[i] = true;
            let train = |k: usize| Some(self.train_loss[k]);
            let test = |k: usize| self.test_loss[k];
            for series in [&train as &dyn Fn(usize) -> Option<f64>, &test] {
                let finite =
                    (i..end).filter_map(|k| series(k).filter(|v| v.is_finite()).map(|v| (k, v)));
                // The first of equal extremes, as a merged bucket would find it.
                let (mut low, mut high) = (None::<(usize, f64)>, None::<(usize, f64)>);
                for (k, v) in finite {
                    if low.is_none_or(|(_, l)| v < l) {
                        low = Some((k, v));
                    }
                    if high.is_none_or(|(_, h)| v > h) {
                        high = Some((k, v));
                    }
                }
                for (k, _) in low.into_iter().chain(high) {
                    keep[k] = true;
                }
            }
            i = end;
        }
        if let Some(last) = self.len().checked_sub(1) {
            keep[0] = true;
            keep[last] = true;
        }
        keep
    }
}

/// Epochs of a run's start that a bounded history keeps every one of (see
/// [`History::thin`]).
pub const DENSE_EPOCHS: u64 = 1000;

/// Vectors that can drop elements by index.
trait Thin {
    fn retain_indices(&mut self, keep: &dyn Fn(usize) -> bool);
}

impl<T> Thin for Vec<T> {
    fn retain_indices(&mut self, keep: &dyn Fn(usize) -> bool) {
        let mut i = 0;
        self.retain(|_| {
            i += 1;
            keep(i - 1)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn going_back_keeps_the_epochs_up_to_and_including_the_one_gone_back_to() {
        let mut h = History::default();
        for e in [1, 2, 4, 8, 16] {
            h.push(e, e as f64, Some(-(e as f64)));
        }
        h.keep_until(5);
        assert_eq!(h.epoch, [1, 2, 4]);
        assert_eq!(h.train_loss, [1.0, 2.0, 4.0]);
        assert_eq!(h.test_loss, [Some(-1.0), Some(-2.0), Some(-4.0)]);
        h.keep_until(2);
        assert_eq!(h.epoch, [1, 2]);
        h.keep_until(0);
        assert!(h.is_empty());
    }

    #[test]
    fn thinning_keeps_the_history_bounded_with_the_first_and_latest_epochs() {
        let mut h = History::default();
        for e in 1..=100_000u64 {
            h.push(e, 1.0 / e as f64, Some(2.0 / e as f64));
            h.thin(1000);
        }
        assert!(h.len() <= 1000 && h.len() > 400, "{}", h.len());
        assert_eq!(h.epoch[0], 1);
        assert_eq!(*h.epoch.last().unwrap(), 100_000);
        assert!(
            h.epoch.windows(2).all(|w| w[0] < w[1]),
            "epochs stay in order"
        );
        for (i, &e) in h.epoch.iter().enumerate() {
            assert_eq!(h.train_loss[i], 1.0 / e as f64, "rows stay aligned");
            assert_eq!(h.test_loss[i], Some(2.0 / e as f64));
        }
    }

    /// A synthetic learning curve: fast early fall, a plateau, a late spike (epoch 23 456,
    /// test loss only at 23 457), a one-epoch dip (17 777) and a short dip of the train
    /// loss (epochs 26 000–26 002).
    fn curve(e: u64) -> (f64, Option<f64>) {
        let base = 1.0 / (1.0 + e as f64 / 10.0) + 0.05;
        let train = match e {
            23_456 => 7.5,
            17_777 => 1e-4,
            26_000..=26_002 => 0.002,
            _ => base,
        };
        let test = if e == 23_457 { 9.0 } else { base * 1.1 };
        (train, Some(test))
    }

    #[test]
    fn a_thinned_history_keeps_the_curves_shape_from_the_first_epoch_to_the_last() {
        let mut streamed = History::default();
        let mut whole = History::default();
        for e in 1..=30_000u64 {
            let (train, test) = curve(e);
            streamed.push(e, train, test);
            streamed.thin(10_000);
            whole.push(e, train, test);
        }
        whole.thin(10_000);
        assert!(streamed.len() <= 10_000);
        // The epochs since the last thinning are all there; the rule applied to them too
        // gives what thinning the whole history once gives.
        streamed.keep_shape(10_000);
        assert_eq!(streamed, whole, "thinning as epochs arrive = thinning once");
        let h = streamed;
        assert!(h.len() <= 10_000, "{}", h.len());
        let count =
            |range: std::ops::Range<u64>| h.epoch.iter().filter(|e| range.contains(e)).count();
        assert_eq!(
            h.epoch[..100],
            (1..=100).collect::<Vec<u64>>()[..],
            "every early epoch"
        );
        for decade in [100..1000, 1000..10_000, 10_000..30_001] {
            let n = count(decade.clone());
            assert!(n >= 100, "{n} points in {decade:?}");
        }
        assert_eq!(h.epoch[0], 1);
        assert_eq!(*h.epoch.last().unwrap(), 30_000);
        assert!(h.epoch.windows(2).all(|w| w[0] < w[1]), "in order");
        // Aligned: every kept row is the curve's own row.
        for (i, &e) in h.epoch.iter().enumerate() {
            assert_eq!((h.train_loss[i], h.test_loss[i]), curve(e), "epoch {e}");
        }
        for spike in [23_456, 23_457, 17_777] {
            assert!(h.epoch.contains(&spike), "epoch {spike} kept");
        }
        assert!(
            (26_000..=26_002).any(|e| h.epoch.contains(&e)),
            "the short dip kept"
        );
        // The app's bound keeps the same features.
        let mut app = whole.clone();
        app.thin(4000);
        assert!(app.len() <= 3000);
        for spike in [23_456, 23_457, 17_777] {
            assert!(app.epoch.contains(&spike), "epoch {spike} kept at 4000");
        }
        assert_eq!(app.epoch[..1000], (1..=1000).collect::<Vec<u64>>()[..]);
    }

    #[test]
    fn a_history_within_its_bound_is_left_as_it_is() {
        let mut h = History::default();
        assert!(h.is_empty());
        h.thin(100);
        for e in 1..=5000u64 {
            h.push(e, e as f64, None);
        }
        let before = h.clone();
        h.thin(5000);
        assert_eq!(h, before, "at the bound nothing goes");
        h.thin(1000);
        assert!(h.len() <= 750, "thinned to three quarters: {}", h.len());
        assert_eq!(h.epoch[..250], (1..=250).collect::<Vec<u64>>()[..]);
        assert_eq!(*h.epoch.last().unwrap(), 5000);
    }

    #[test]
    fn the_history_csv_has_a_row_per_epoch_and_an_empty_cell_for_no_test_loss() {
        let mut h = History::default();
        h.push(1, 0.5, Some(0.25));
        h.push(7, 0.1 + 0.2, None);
        let text = String::from_utf8(h.to_csv().unwrap()).unwrap();
        assert_eq!(
            text,
            "epoch,train_loss,test_loss\n1,0.5,0.25\n7,0.30000000000000004,\n"
        );
        let empty = String::from_utf8(History::default().to_csv().unwrap()).unwrap();
        assert_eq!(empty, "epoch,train_loss,test_loss\n");
    }
}
