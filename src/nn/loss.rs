//! The loss the reference trains on.

/// The reference's per-sample loss: `Σ_outputs 0.5·(prediction − target)²`.
///
/// Its derivative with respect to each output is `prediction − target`, which
/// [`Network::backward`](super::Network::backward) uses directly.
#[inline]
pub fn half_squared_error(prediction: &[f64], target: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (o, t) in prediction.iter().zip(target) {
        let e = o - t;
        sum += 0.5 * e * e;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_squared_error_is_half_the_squared_distance() {
        assert_eq!(half_squared_error(&[1.0, 3.0], &[0.0, 1.0]), 0.5 + 2.0);
        assert_eq!(half_squared_error(&[0.25], &[0.25]), 0.0);
    }
}
