//! The reference's worked example (`../shared/docs/seed-algorithm.md`), for tests: the
//! `[2,2,2]` network, its sample, and the gradients and update the reference prints.

use super::Network;

/// The sample's inputs.
pub const X: [f64; 2] = [0.05, 0.1];
/// The sample's targets.
pub const Y: [f64; 2] = [0.01, 0.99];
/// The learning rate of the reference's update.
pub const LR: f64 = 0.1;

/// `grads_w`, flattened in the order of `weights[l][j][i]`.
pub const GRADS_W: [f64; 8] = [
    0.006706025259285303,
    0.013412050518570607,
    0.007487461943833829,
    0.014974923887667657,
    0.6501681244277691,
    0.6541291517796395,
    0.13937181955411934,
    0.1402209162240302,
];
/// `grads_b`, flattened.
pub const GRADS_B: [f64; 4] = [
    0.13412050518570606,
    0.14974923887667657,
    1.09590596705977,
    0.23492140409646534,
];
/// The weights after one update with [`LR`], flattened.
pub const NEW_WEIGHTS: [f64; 8] = [
    0.14932939747407145,
    0.19865879494814295,
    0.2492512538056166,
    0.2985025076112332,
    0.3349831875572231,
    0.3845870848220361,
    0.48606281804458806,
    0.5359779083775971,
];
/// The biases after that update, flattened.
pub const NEW_BIASES: [f64; 4] = [
    0.3365879494814294,
    0.33502507611233234,
    0.490409403294023,
    0.5765078595903534,
];

/// The example's network, with the reference activations.
pub fn network() -> Network {
    let layers = [2, 2, 2];
    Network::from_nested(
        &layers,
        &Network::reference_activations(&layers),
        &[
            vec![vec![0.15, 0.2], vec![0.25, 0.3]],
            vec![vec![0.4, 0.45], vec![0.5, 0.55]],
        ],
        &[vec![0.35, 0.35], vec![0.6, 0.6]],
    )
    .unwrap()
}

/// Asserts `actual` is `expected` to 1e-12, as the reference's numbers are pinned.
pub fn assert_close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len());
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() <= 1e-12,
            "{a} vs {e}\n{actual:?}\n{expected:?}"
        );
    }
}
