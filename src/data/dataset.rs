//! A table of samples: inputs and targets in two flat buffers.

use rand::Rng;
use rand::seq::SliceRandom;

use super::DataError;

/// Samples with `n_inputs` inputs and `n_targets` targets each, stored flat.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    input_names: Vec<String>,
    target_names: Vec<String>,
    inputs: Vec<f64>,
    targets: Vec<f64>,
    len: usize,
}

impl Dataset {
    /// An empty dataset with named columns (`x…` inputs, `y…` targets).
    pub fn new(input_names: Vec<String>, target_names: Vec<String>) -> Self {
        Dataset {
            input_names,
            target_names,
            inputs: Vec::new(),
            targets: Vec::new(),
            len: 0,
        }
    }

    /// An empty dataset with two inputs `x1, x2` and one target `y`: the playground's shape.
    pub fn planar() -> Self {
        Dataset::new(vec!["x1".into(), "x2".into()], vec!["y".into()])
    }

    /// Adds one sample. Panics if the lengths do not match the columns (a programming error).
    pub fn push(&mut self, input: &[f64], target: &[f64]) {
        assert_eq!(input.len(), self.n_inputs(), "input length");
        assert_eq!(target.len(), self.n_targets(), "target length");
        self.inputs.extend_from_slice(input);
        self.targets.extend_from_slice(target);
        self.len += 1;
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` when there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Inputs per sample.
    pub fn n_inputs(&self) -> usize {
        self.input_names.len()
    }

    /// Targets per sample.
    pub fn n_targets(&self) -> usize {
        self.target_names.len()
    }

    /// The input columns' names.
    pub fn input_names(&self) -> &[String] {
        &self.input_names
    }

    /// The target columns' names.
    pub fn target_names(&self) -> &[String] {
        &self.target_names
    }

    /// Sample `i`'s inputs.
    #[inline]
    pub fn input(&self, i: usize) -> &[f64] {
        let n = self.n_inputs();
        &self.inputs[i * n..(i + 1) * n]
    }

    /// Sample `i`'s targets.
    #[inline]
    pub fn target(&self, i: usize) -> &[f64] {
        let n = self.n_targets();
        &self.targets[i * n..(i + 1) * n]
    }

    /// The samples in the given order.
    fn subset(&self, indices: &[usize]) -> Dataset {
        let mut out = Dataset::new(self.input_names.clone(), self.target_names.clone());
        for &i in indices {
            out.push(self.input(i), self.target(i));
        }
        out
    }

    /// Shuffles once and puts `round(n × train_ratio)` samples in the training set, the
    /// rest in the test set.
    pub fn split<R: Rng + ?Sized>(
        &self,
        train_ratio: f64,
        rng: &mut R,
    ) -> Result<(Dataset, Dataset), DataError> {
        super::check_train_ratio(train_ratio)?;
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.shuffle(rng);
        let n_train = (self.len() as f64 * train_ratio).round() as usize;
        Ok((
            self.subset(&order[..n_train]),
            self.subset(&order[n_train..]),
        ))
    }

    /// The smallest and largest value of every input column, `(min, max)` per column.
    pub fn input_ranges(&self) -> Vec<(f64, f64)> {
        (0..self.n_inputs())
            .map(|c| {
                (0..self.len())
                    .map(|i| self.input(i)[c])
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                        (lo.min(v), hi.max(v))
                    })
            })
            .collect()
    }

    /// Checks that `other` has the same columns, for a train/test pair.
    pub fn check_same_columns(&self, other: &Dataset) -> Result<(), DataError> {
        if self.input_names != other.input_names || self.target_names != other.target_names {
            return Err(DataError::Mismatch(format!(
                "train columns {:?} → {:?} differ from test columns {:?} → {:?}",
                self.input_names, self.target_names, other.input_names, other.target_names
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: usize) -> Dataset {
        let mut d = Dataset::planar();
        for i in 0..n {
            d.push(&[i as f64, -(i as f64)], &[i as f64 * 10.0]);
        }
        d
    }

    #[test]
    fn split_puts_the_rounded_share_in_train_and_keeps_every_sample_once() {
        let data = numbered(7);
        let (train, test) = data.split(0.5, &mut crate::seeded(1)).unwrap();
        assert_eq!(train.len(), 4, "round(3.5) = 4");
        assert_eq!(test.len(), 3);
        let mut seen: Vec<f64> = (0..train.len())
            .map(|i| train.input(i)[0])
            .chain((0..test.len()).map(|i| test.input(i)[0]))
            .collect();
        seen.sort_by(f64::total_cmp);
        assert_eq!(seen, (0..7).map(|i| i as f64).collect::<Vec<_>>());
        for i in 0..train.len() {
            assert_eq!(
                train.target(i)[0],
                train.input(i)[0] * 10.0,
                "rows stay whole"
            );
        }
    }

    #[test]
    fn input_ranges_are_each_columns_smallest_and_largest_value() {
        let mut d = Dataset::new(vec!["x1".into(), "x2".into()], vec!["y".into()]);
        d.push(&[1.0, -5.0], &[0.0]);
        d.push(&[-2.0, 7.5], &[0.0]);
        d.push(&[0.5, 0.0], &[0.0]);
        assert_eq!(d.input_ranges(), vec![(-2.0, 1.0), (-5.0, 7.5)]);
    }

    #[test]
    fn split_refuses_ratios_outside_zero_to_one() {
        let data = numbered(4);
        let mut rng = crate::seeded(1);
        for r in [0.0, 1.0, -0.2, 1.5, f64::NAN] {
            assert!(data.split(r, &mut rng).is_err(), "ratio {r}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_split() {
        let data = numbered(50);
        let a = data.split(0.3, &mut crate::seeded(9)).unwrap();
        let b = data.split(0.3, &mut crate::seeded(9)).unwrap();
        assert_eq!(a, b);
    }
}
