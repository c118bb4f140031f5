//! What the network sees of a sample: TF Playground's input features, and optional
//! standardisation of raw inputs.

use serde::{Deserialize, Serialize};

use super::{DataError, Dataset};

/// One of TF Playground's seven input features of a point `(x1, x2)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Feature {
    /// `x1`.
    X1,
    /// `x2`.
    X2,
    /// `x1²`.
    X1sq,
    /// `x2²`.
    X2sq,
    /// `x1·x2`.
    X1x2,
    /// `sin x1`.
    Sinx1,
    /// `sin x2`.
    Sinx2,
}

impl Feature {
    /// How the app labels it.
    pub fn label(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1sq => "x1²",
            Feature::X2sq => "x2²",
            Feature::X1x2 => "x1·x2",
            Feature::Sinx1 => "sin x1",
            Feature::Sinx2 => "sin x2",
        }
    }

    /// The feature's value at a point.
    #[inline]
    pub fn of(self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1sq => x1 * x1,
            Feature::X2sq => x2 * x2,
            Feature::X1x2 => x1 * x2,
            Feature::Sinx1 => x1.sin(),
            Feature::Sinx2 => x2.sin(),
        }
    }
}

crate::names::named!(
    Feature,
    "feature",
    [
        X1 => "x1",
        X2 => "x2",
        X1sq => "x1sq",
        X2sq => "x2sq",
        X1x2 => "x1x2",
        Sinx1 => "sinx1",
        Sinx2 => "sinx2",
    ]
);

/// Mean and standard deviation of each raw input column, measured on the training data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standardize {
    /// Mean per column.
    pub mean: Vec<f64>,
    /// Standard deviation per column (1 where a column is constant).
    pub std: Vec<f64>,
}

impl Standardize {
    /// Measures `data`'s input columns.
    pub fn measure(data: &Dataset) -> Standardize {
        let n = data.len().max(1) as f64;
        let cols = data.n_inputs();
        let mut mean = vec![0.0; cols];
        for i in 0..data.len() {
            for (m, x) in mean.iter_mut().zip(data.input(i)) {
                *m += x / n;
            }
        }
        let mut var = vec![0.0; cols];
        for i in 0..data.len() {
            for ((v, x), m) in var.iter_mut().zip(data.input(i)).zip(&mean) {
                *v += (x - m) * (x - m) / n;
            }
        }
        let std = var
            .into_iter()
            .map(|v| if v > 0.0 { v.sqrt() } else { 1.0 })
            .collect();
        Standardize { mean, std }
    }
}

/// How raw inputs become the network's inputs: standardised (optionally), then mapped to
/// features (optionally; only for two raw inputs).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preprocess {
    /// The features fed to the network; empty: the raw inputs themselves.
    pub features: Vec<Feature>,
    /// Standardisation of the raw inputs, when on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standardize: Option<Standardize>,
}

impl Preprocess {
    /// `true` when inputs pass through unchanged.
    pub fn is_identity(&self) -> bool {
        self.features.is_empty() && self.standardize.is_none()
    }

    /// Inputs the network takes for `raw` raw inputs.
    pub fn n_inputs(&self, raw: usize) -> usize {
        if self.features.is_empty() {
            raw
        } else {
            self.features.len()
        }
    }

    /// Checks that the preprocessing fits data with `raw` inputs.
    pub fn check(&self, raw: usize) -> Result<(), DataError> {
        if !self.features.is_empty() && raw != 2 {
            return Err(DataError::Mismatch(format!(
                "input features need data with 2 inputs (x1, x2), this data has {raw}"
            )));
        }
        if let Some(s) = &self.standardize
            && (s.mean.len() != raw || s.std.len() != raw)
        {
            return Err(DataError::Mismatch(format!(
                "standardisation is for {} inputs, the data has {raw}",
                s.mean.len()
            )));
        }
        Ok(())
    }

    /// The names of the network's inputs for `data`: its columns, or the features.
    pub fn input_names(&self, data: &Dataset) -> Vec<String> {
        if self.features.is_empty() {
            data.input_names().to_vec()
        } else {
            self.features.iter().map(|f| f.name().to_string()).collect()
        }
    }

    /// The network's inputs for one raw input.
    pub fn transform(&self, raw: &[f64], out: &mut Vec<f64>) {
        out.clear();
        out.extend_from_slice(raw);
        if let Some(s) = &self.standardize {
            for ((x, m), d) in out.iter_mut().zip(&s.mean).zip(&s.std) {
                *x = (*x - m) / d;
            }
        }
        if !self.features.is_empty() {
            let (x1, x2) = (out[0], out[1]);
            out.clear();
            out.extend(self.features.iter().map(|f| f.of(x1, x2)));
        }
    }

    /// The dataset as the network sees it.
    pub fn apply(&self, data: &Dataset) -> Result<Dataset, DataError> {
        self.check(data.n_inputs())?;
        if self.is_identity() {
            return Ok(data.clone());
        }
        let mut out = Dataset::new(self.input_names(data), data.target_names().to_vec());
        let mut x = Vec::new();
        for i in 0..data.len() {
            self.transform(data.input(i), &mut x);
            out.push(&x, data.target(i));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_map_a_point_as_tf_playground_does() {
        let p = Preprocess {
            features: Feature::ALL.to_vec(),
            standardize: None,
        };
        let mut out = Vec::new();
        // (3, −2): no square here equals a doubling.
        p.transform(&[3.0, -2.0], &mut out);
        assert_eq!(
            out,
            vec![3.0, -2.0, 9.0, 4.0, -6.0, 3f64.sin(), (-2f64).sin()]
        );
        assert_eq!(p.n_inputs(2), 7);
        let labels = Feature::ALL.map(Feature::label);
        assert_eq!(
            labels,
            ["x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2"]
        );
    }

    #[test]
    fn standardisation_measures_each_columns_mean_and_spread() {
        let mut d = Dataset::new(vec!["x1".into(), "x2".into()], vec!["y".into()]);
        for (a, b) in [(2.0, 5.0), (4.0, 5.0), (9.0, 5.0)] {
            d.push(&[a, b], &[0.0]);
        }
        let s = Standardize::measure(&d);
        assert_eq!(s.mean, vec![5.0, 5.0]);
        // Column 1: deviations −3, −1, 4: variance 26/3. Column 2 is constant: spread 1.
        assert!(
            (s.std[0] - (26.0f64 / 3.0).sqrt()).abs() < 1e-15,
            "{:?}",
            s.std
        );
        assert_eq!(s.std[1], 1.0);
    }

    #[test]
    fn only_no_features_and_no_standardisation_leave_inputs_alone() {
        assert!(Preprocess::default().is_identity());
        let features = Preprocess {
            features: vec![Feature::X1],
            standardize: None,
        };
        assert!(!features.is_identity());
        let scaled = Preprocess {
            features: Vec::new(),
            standardize: Some(Standardize {
                mean: vec![0.0],
                std: vec![1.0],
            }),
        };
        assert!(!scaled.is_identity());
        assert!(scaled.check(1).is_ok());
        let short_std = Preprocess {
            features: Vec::new(),
            standardize: Some(Standardize {
                mean: vec![0.0, 0.0],
                std: vec![1.0],
            }),
        };
        assert!(
            short_std.check(2).is_err(),
            "a spread missing for one column"
        );
    }

    #[test]
    fn standardised_columns_have_mean_zero_and_unit_spread() {
        let mut d = Dataset::new(vec!["x1".into(), "x2".into()], vec!["y".into()]);
        for (a, b) in [(1.0, 5.0), (3.0, 5.0), (5.0, 5.0)] {
            d.push(&[a, b], &[0.0]);
        }
        let s = Standardize::measure(&d);
        assert_eq!(s.mean, vec![3.0, 5.0]);
        assert_eq!(s.std[1], 1.0, "a constant column is left at unit scale");
        let p = Preprocess {
            features: vec![],
            standardize: Some(s),
        };
        let out = p.apply(&d).unwrap();
        let col: Vec<f64> = (0..3).map(|i| out.input(i)[0]).collect();
        assert!((col.iter().sum::<f64>()).abs() < 1e-12);
        assert!((col.iter().map(|v| v * v).sum::<f64>() / 3.0 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn features_refuse_data_without_two_inputs() {
        let d = Dataset::new(vec!["x1".into()], vec!["y".into()]);
        let p = Preprocess {
            features: vec![Feature::X1sq],
            standardize: None,
        };
        assert!(p.apply(&d).is_err());
        assert!("x3".parse::<Feature>().is_err());
    }
}
