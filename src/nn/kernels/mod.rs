//! The layer loops, and the instruction sets they run on.
//!
//! Every loop here keeps the reference's order of additions: each weighted sum is added
//! term after term in the reference's order, and a product is rounded before it is added
//! (no fused multiply-add). What the vector versions do side by side is *different
//! neurons*, never terms of one sum, so every number they make is bit for bit the number
//! the plain loops make.
//!
//! One source, compiled for several instruction sets: [`Isa::detect`] picks the widest the
//! machine has when a trainer is made (no `target-cpu` needed at build time), and
//! [`Isa::Scalar`] runs the plain loops anywhere.

mod four;

use super::network::Cache;
use super::network::Gradients;
use super::{Activation, Network, Objective};
use crate::data::Dataset;
use four::Four;

/// The instruction set of the training loops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    /// Plain loops that run on every machine.
    Scalar,
    /// x86-64 AVX2 (with FMA, for the sigmoid's `e^x`: see `vexp`): four neurons side by
    /// side. (AVX-512's eight were measured slower on a
    /// machine that has both: its wider units run at a lower clock.)
    Avx2,
}

impl Isa {
    /// The widest instruction set this machine runs.
    pub fn detect() -> Isa {
        #[cfg(target_arch = "x86_64")]
        {
            if Isa::Avx2.runs_here() {
                return Isa::Avx2;
            }
        }
        Isa::Scalar
    }

    /// `true` when this machine can run `self`.
    pub fn runs_here(self) -> bool {
        match self {
            Isa::Scalar => true,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => {
                std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
            }
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// Its name: `scalar` or `avx2`.
    pub fn name(self) -> &'static str {
        match self {
            Isa::Scalar => "scalar",
            Isa::Avx2 => "avx2",
        }
    }
}

/// The three loops of a layer that forward and back-propagation are made of.
pub(crate) trait LayerLoops {
    /// `sums[j] = Σ_i w[j][i]·x[i] + b[j]` for layer `l` of `net`, each sum added in order
    /// of `i` from 0.0 and the bias last.
    fn weighted_sums(&self, net: &Network, l: usize, x: &[f64], sums: &mut [f64]);

    /// `errors[j] = Σ_k w[k][j]·deltas[k]` (`weights` has a row per `k`), each sum added in
    /// order of `k` from 0.0.
    fn back_errors(&self, weights: &[f64], deltas: &[f64], errors: &mut [f64]);

    /// `outs = act(sums)` for a whole layer.
    #[inline(always)]
    fn activate(&self, act: Activation, sums: &[f64], outs: &mut [f64]) {
        act.apply_layer(sums, outs);
    }

    /// `grads[j][i] += deltas[j]·x[i]` and `bias_grads[j] += deltas[j]`.
    #[inline(always)]
    fn accumulate(&self, x: &[f64], deltas: &[f64], grads: &mut [f64], bias_grads: &mut [f64]) {
        // Rows found by multiplication: `chunks_exact` would divide, which costs more than
        // a small layer's whole update.
        let n = x.len();
        for (j, d) in deltas.iter().enumerate() {
            let g = &mut grads[j * n..j * n + n];
            for (g, xi) in g.iter_mut().zip(x) {
                *g += d * xi;
            }
        }
        for (b, d) in bias_grads.iter_mut().zip(deltas) {
            *b += d;
        }
    }
}

/// The plain loops: four neurons' independent sums interleaved, one number at a time.
pub(crate) struct Plain;

/// Row `k` of a row-major block with rows of `n` numbers. (Indexing rows by multiplication
/// keeps integer divisions, which `chunks_exact` needs, out of the per-sample loop.)
#[inline(always)]
fn row(block: &[f64], n: usize, k: usize) -> &[f64] {
    &block[k * n..k * n + n]
}

impl LayerLoops for Plain {
    #[inline(always)]
    fn weighted_sums(&self, net: &Network, l: usize, x: &[f64], sums: &mut [f64]) {
        let (weights, biases) = (net.layer_weights(l), net.layer_biases(l));
        let n = x.len();
        let fan_out = sums.len();
        let quads = fan_out / 4;
        for q in 0..quads {
            let j = 4 * q;
            let (r0, r1, r2, r3) = (
                row(weights, n, j),
                row(weights, n, j + 1),
                row(weights, n, j + 2),
                row(weights, n, j + 3),
            );
            let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
            for i in 0..n {
                let xi = x[i];
                s0 += r0[i] * xi;
                s1 += r1[i] * xi;
                s2 += r2[i] * xi;
                s3 += r3[i] * xi;
            }
            sums[j] = s0 + biases[j];
            sums[j + 1] = s1 + biases[j + 1];
            sums[j + 2] = s2 + biases[j + 2];
            sums[j + 3] = s3 + biases[j + 3];
        }
        for j in 4 * quads..fan_out {
            let mut sum = 0.0;
            for (w, xi) in row(weights, n, j).iter().zip(x) {
                sum += w * xi;
            }
            sums[j] = sum + biases[j];
        }
    }

    #[inline(always)]
    fn back_errors(&self, weights: &[f64], deltas: &[f64], errors: &mut [f64]) {
        let width = errors.len();
        let quads = width / 4;
        for q in 0..quads {
            let j = 4 * q;
            let (mut e0, mut e1, mut e2, mut e3) = (0.0, 0.0, 0.0, 0.0);
            for (k, d) in deltas.iter().enumerate() {
                let w = &row(weights, width, k)[j..j + 4];
                e0 += w[0] * d;
                e1 += w[1] * d;
                e2 += w[2] * d;
                e3 += w[3] * d;
            }
            errors[j..j + 4].copy_from_slice(&[e0, e1, e2, e3]);
        }
        for j in 4 * quads..width {
            let mut sum = 0.0;
            for (k, d) in deltas.iter().enumerate() {
                sum += weights[k * width + j] * d;
            }
            errors[j] = sum;
        }
    }
}

/// Vector loops, `W` neurons side by side. They read each layer's weights transposed
/// (`transposed[i][j]`, from [`transpose_weights`]) for the forward sums, so that the
/// weights of `W` neighbouring neurons are neighbours in memory.
pub(crate) struct Wide<'a, const W: usize> {
    transposed: &'a [f64],
    /// The sigmoid's `e^x` four at a time (`vexp`): only where the machine has AVX2 and FMA
    /// and the lanes were found to give the library's numbers.
    vector_exp: bool,
}

/// `out[j] = Σ_r rows[r][j]·coeffs[r]` (rows of `out.len()` numbers), each sum added in
/// order of `r` from 0.0: `4·W`, `2·W`, then `W` neurons side by side (independent sums
/// interleaved, so that one's addition does not wait for another's), the rest one at a time.
#[inline(always)]
fn combine_rows<const W: usize>(rows: &[f64], coeffs: &[f64], out: &mut [f64]) {
    let m = out.len();
    let rows = &rows[..coeffs.len() * m];
    let mut j = 0;
    while j + 4 * W <= m {
        combine_block::<W, 4>(rows, coeffs, out, j);
        j += 4 * W;
    }
    if j + 2 * W <= m {
        combine_block::<W, 2>(rows, coeffs, out, j);
        j += 2 * W;
    }
    if j + W <= m {
        combine_block::<W, 1>(rows, coeffs, out, j);
        j += W;
    }
    for (jj, o) in out.iter_mut().enumerate().skip(j) {
        let mut sum = 0.0;
        for (r, &c) in coeffs.iter().enumerate() {
            sum += rows[r * m + jj] * c;
        }
        *o = sum;
    }
}

/// [`combine_rows`] for the `B·W` neurons from `j` on: `B` vectors of `W` sums, all added
/// term after term together.
#[inline(always)]
fn combine_block<const W: usize, const B: usize>(
    rows: &[f64],
    coeffs: &[f64],
    out: &mut [f64],
    j: usize,
) {
    let m = out.len();
    let mut acc = [[0.0f64; W]; B];
    for (r, &c) in coeffs.iter().enumerate() {
        let run = &rows[r * m + j..r * m + j + B * W];
        for (b, acc) in acc.iter_mut().enumerate() {
            for (a, w) in acc.iter_mut().zip(&run[b * W..b * W + W]) {
                *a += w * c;
            }
        }
    }
    for (b, acc) in acc.iter().enumerate() {
        out[j + b * W..j + b * W + W].copy_from_slice(acc);
    }
}

impl<const W: usize> LayerLoops for Wide<'_, W> {
    #[inline(always)]
    fn weighted_sums(&self, net: &Network, l: usize, x: &[f64], sums: &mut [f64]) {
        if sums.len() < W {
            return Plain.weighted_sums(net, l, x, sums);
        }
        let start = net.weight_offset(l);
        let transposed = &self.transposed[start..start + x.len() * sums.len()];
        combine_rows::<W>(transposed, x, sums);
        for (s, b) in sums.iter_mut().zip(net.layer_biases(l)) {
            *s += b;
        }
    }

    #[inline(always)]
    fn back_errors(&self, weights: &[f64], deltas: &[f64], errors: &mut [f64]) {
        if errors.len() < W {
            return Plain.back_errors(weights, deltas, errors);
        }
        combine_rows::<W>(weights, deltas, errors);
    }

    #[inline(always)]
    fn activate(&self, act: Activation, sums: &[f64], outs: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if self.vector_exp && act == Activation::Sigmoid {
            // SAFETY: `vector_exp` is set only where the machine has AVX2 and FMA.
            return unsafe { super::vexp::sigmoid_layer(sums, outs) };
        }
        act.apply_layer(sums, outs);
    }
}

/// Writes every layer's weights transposed into `out` (same offsets as the network's
/// weights; layers narrower than `W` are left out, their loops read the weights as they are).
#[inline(always)]
fn transpose_weights<const W: usize>(net: &Network, out: &mut Vec<f64>) {
    out.resize(net.weights().len(), 0.0);
    for l in 0..net.activations().len() {
        let (n, m) = (net.layers()[l], net.layers()[l + 1]);
        if m < W {
            continue;
        }
        let start = net.weight_offset(l);
        let (from, to) = (net.layer_weights(l), &mut out[start..start + n * m]);
        for j in 0..m {
            for (i, w) in row(from, n, j).iter().enumerate() {
                to[i * m + j] = *w;
            }
        }
    }
}

/// What a batch's samples are trained with, and the scratch space the vector loops keep.
#[derive(Clone, Debug)]
pub(crate) struct Kernels {
    isa: Isa,
    transposed: Vec<f64>,
    /// Whether the vector `e^x` gives the library's numbers here: found out the first time a
    /// sigmoid layer trains.
    vector_exp: Option<bool>,
    /// Four samples side by side, for narrow networks.
    four: Four,
}

impl Kernels {
    /// The kernels of `isa` (the plain ones when this machine cannot run it).
    pub(crate) fn new(isa: Isa) -> Self {
        Kernels {
            isa: if isa.runs_here() { isa } else { Isa::Scalar },
            transposed: Vec::new(),
            vector_exp: None,
            four: Four::default(),
        }
    }

    /// The instruction set in use.
    pub(crate) fn isa(&self) -> Isa {
        self.isa
    }

    /// Forward and back-propagation of `job`'s samples, in order, their gradients added to
    /// `grads`; returns the job's `loss_sum` with their losses added to it, one after the
    /// other.
    pub(crate) fn train_samples(
        &mut self,
        job: Samples,
        cache: &mut Cache,
        grads: &mut Gradients,
    ) -> f64 {
        let net = job.net;
        match self.isa {
            Isa::Scalar => job.run(&Plain, cache, grads),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => {
                // SAFETY (both calls): `Kernels::new` keeps `Avx2` only where the machine has
                // AVX2 and FMA.
                let vector_exp = net.activations().contains(&Activation::Sigmoid)
                    && *self
                        .vector_exp
                        .get_or_insert_with(|| unsafe { super::vexp::agrees_with_the_library() });
                let four = Four::suits(net).then_some(&mut self.four);
                unsafe { job.run_avx2(&mut self.transposed, vector_exp, four, cache, grads) }
            }
            #[cfg(not(target_arch = "x86_64"))]
            _ => job.run(&Plain, cache, grads),
        }
    }

    /// Forward passes of `net` as it is now, in this instruction set (for measuring a data
    /// set: the same numbers as [`Network::forward`]).
    pub(crate) fn predictor<'a>(&'a mut self, net: &'a Network) -> Predictor<'a> {
        let mut vector_exp = false;
        if self.isa == Isa::Avx2 {
            transpose_weights::<4>(net, &mut self.transposed);
            #[cfg(target_arch = "x86_64")]
            {
                // SAFETY: `Kernels::new` keeps `Avx2` only where the machine has AVX2 and FMA.
                vector_exp = net.activations().contains(&Activation::Sigmoid)
                    && *self
                        .vector_exp
                        .get_or_insert_with(|| unsafe { super::vexp::agrees_with_the_library() });
            }
        }
        Predictor {
            net,
            isa: self.isa,
            transposed: &self.transposed,
            vector_exp,
        }
    }

    /// [`Network::update_averaged`], in this instruction set.
    pub(crate) fn update_averaged(
        &self,
        net: &mut Network,
        acc: &mut Gradients,
        count: usize,
        learning_rate: f64,
    ) {
        match self.isa {
            // SAFETY: as in `train_samples`.
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => unsafe { update_avx2(net, acc, count, learning_rate) },
            _ => net.update_averaged(acc, count, learning_rate),
        }
    }

    /// [`Gradients::is_finite`], in this instruction set.
    pub(crate) fn is_finite(&self, grads: &Gradients) -> bool {
        match self.isa {
            // SAFETY: as in `train_samples`.
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => unsafe { is_finite_avx2(grads) },
            _ => grads.is_finite(),
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn update_avx2(net: &mut Network, acc: &mut Gradients, count: usize, learning_rate: f64) {
    net.update_averaged(acc, count, learning_rate);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn is_finite_avx2(grads: &Gradients) -> bool {
    grads.is_finite()
}

/// Forward passes of one network, which cannot change while this lives.
pub(crate) struct Predictor<'a> {
    net: &'a Network,
    isa: Isa,
    transposed: &'a [f64],
    vector_exp: bool,
}

impl Predictor<'_> {
    /// The network it runs.
    pub(crate) fn network(&self) -> &Network {
        self.net
    }

    /// [`Network::forward`].
    pub(crate) fn forward<'c>(&self, x: &[f64], cache: &'c mut Cache) -> &'c [f64] {
        match self.isa {
            // SAFETY: a predictor of `Avx2` comes from kernels that keep it only where the
            // machine has AVX2 and FMA.
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => unsafe { self.forward_avx2(x, cache) },
            _ => self.net.forward(x, cache),
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn forward_avx2<'c>(&self, x: &[f64], cache: &'c mut Cache) -> &'c [f64] {
        let loops = Wide::<4> {
            transposed: self.transposed,
            vector_exp: self.vector_exp,
        };
        self.net.forward_with(&loops, x, cache)
    }
}

/// A batch's samples to train.
#[derive(Clone, Copy)]
pub(crate) struct Samples<'a> {
    /// The network, as it is for the whole batch.
    pub net: &'a Network,
    /// The loss.
    pub objective: &'a Objective,
    /// The data.
    pub data: &'a Dataset,
    /// Which samples of `data`, in the order they train.
    pub which: &'a [usize],
    /// The losses so far, which theirs are added to.
    pub loss_sum: f64,
}

impl Samples<'_> {
    #[inline(always)]
    fn run<K: LayerLoops>(&self, loops: &K, cache: &mut Cache, grads: &mut Gradients) -> f64 {
        let mut loss = self.loss_sum;
        for &i in self.which {
            self.net.forward_with(loops, self.data.input(i), cache);
            loss +=
                self.net
                    .backward_with(loops, self.objective, self.data.target(i), cache, grads);
        }
        loss
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn run_avx2(
        &self,
        transposed: &mut Vec<f64>,
        vector_exp: bool,
        four: Option<&mut Four>,
        cache: &mut Cache,
        grads: &mut Gradients,
    ) -> f64 {
        if let Some(four) = four {
            let mut loss = self.loss_sum;
            // Whole groups of four; a batch's last one to three samples take the
            // one-sample pass (measured: faster than a group with idle lanes).
            let mut groups = self.which.chunks_exact(4);
            for group in &mut groups {
                let group = [group[0], group[1], group[2], group[3]];
                four.train(
                    self.net,
                    self.objective,
                    self.data,
                    group,
                    vector_exp,
                    grads,
                    &mut loss,
                );
            }
            let rest = Samples {
                which: groups.remainder(),
                loss_sum: loss,
                ..*self
            };
            return rest.run(&Plain, cache, grads);
        }
        transpose_weights::<4>(self.net, transposed);
        let loops = Wide::<4> {
            transposed,
            vector_exp,
        };
        self.run(&loops, cache, grads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Init, Loss, TrainConfig, Trainer};
    use rand::RngExt;

    /// `Σ_r rows[r][j]·coeffs[r]` one term after the other: the reference's order.
    fn in_order(rows: &[f64], coeffs: &[f64], m: usize) -> Vec<f64> {
        (0..m)
            .map(|j| {
                let mut sum = 0.0;
                for (r, c) in coeffs.iter().enumerate() {
                    sum += rows[r * m + j] * c;
                }
                sum
            })
            .collect()
    }

    #[test]
    fn combining_rows_side_by_side_adds_every_sum_in_the_reference_order() {
        let mut rng = crate::seeded(3);
        // Widths that take every path: blocks of 4·W, 2·W and W neurons, and the rest.
        for m in 1..=41 {
            for n in [1, 2, 3, 7, 16] {
                // Mixed magnitudes, so that another order of additions rounds differently.
                let mut draw = || rng.random_range(-1.0..1.0) * 10f64.powi(rng.random_range(-8..8));
                let rows: Vec<f64> = (0..n * m).map(|_| draw()).collect();
                let coeffs: Vec<f64> = (0..n).map(|_| draw()).collect();
                let expected = in_order(&rows, &coeffs, m);
                let mut four = vec![f64::NAN; m];
                combine_rows::<4>(&rows, &coeffs, &mut four);
                let mut two = vec![f64::NAN; m];
                combine_rows::<2>(&rows, &coeffs, &mut two);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&four), bits(&expected), "m {m}, n {n}");
                assert_eq!(bits(&two), bits(&expected), "m {m}, n {n}");
            }
        }
    }

    /// A batch of training with `isa`: the weights, biases and epoch losses it ends on.
    fn train_with(
        isa: Isa,
        layers: &[usize],
        activations: &[Activation],
        loss: Loss,
    ) -> (Vec<u64>, Vec<u64>) {
        let mut rng = crate::seeded(11);
        let mut net = Network::initialized(layers, activations, Init::Xavier, &mut rng).unwrap();
        let (n_in, n_out) = (layers[0], layers[layers.len() - 1]);
        let mut data = Dataset::new(
            (0..n_in).map(|i| format!("x{i}")).collect(),
            (0..n_out).map(|i| format!("y{i}")).collect(),
        );
        for k in 0..23 {
            let x: Vec<f64> = (0..n_in).map(|_| rng.random_range(-3.0..3.0)).collect();
            // One-hot targets (softmax with cross-entropy), or numbers.
            let y: Vec<f64> = (0..n_out)
                .map(|o| match loss {
                    Loss::CrossEntropy => f64::from(u8::from(o == k % n_out)),
                    _ => rng.random_range(-1.0..1.0),
                })
                .collect();
            data.push(&x, &y);
        }
        let config = TrainConfig {
            batch_size: 5,
            learning_rate: 0.05,
            loss,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&net, config, &data).unwrap();
        trainer.set_isa(isa);
        assert_eq!(trainer.isa(), isa);
        let mut losses = Vec::new();
        let mut shuffle = crate::seeded(5);
        for _ in 0..4 {
            losses.push(trainer.train_epoch(&mut net, &data, &mut shuffle).to_bits());
        }
        let mut params: Vec<u64> = net.weights().iter().map(|w| w.to_bits()).collect();
        params.extend(net.biases().iter().map(|b| b.to_bits()));
        (params, losses)
    }

    /// `true` when the AVX2 kernels run here. Where they do not, the test says SKIPPED,
    /// or fails when `SCRATCHNET_REQUIRE_AVX2` is set (CI sets it where the CPU has AVX2).
    pub(super) fn avx2_here(what: &str) -> bool {
        let required = std::env::var_os("SCRATCHNET_REQUIRE_AVX2").is_some_and(|v| v != "0");
        avx2_verdict(Isa::Avx2.runs_here(), required, what)
    }

    fn avx2_verdict(runs_here: bool, required: bool, what: &str) -> bool {
        assert!(
            runs_here || !required,
            "SCRATCHNET_REQUIRE_AVX2 is set, but the AVX2 kernels cannot run here: {what}"
        );
        if !runs_here {
            // Straight to the terminal: the test harness keeps a passing test's eprintln! to itself.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("SKIPPED: {what}: this machine has no AVX2 and FMA\n").as_bytes(),
            );
        }
        runs_here
    }

    #[test]
    fn a_machine_without_avx2_skips_its_tests_unless_they_are_required() {
        assert!(avx2_verdict(true, true, "x") && avx2_verdict(true, false, "x"));
        assert!(!avx2_verdict(
            false,
            false,
            "(printed by the skip rule's own test)"
        ));
        assert!(std::panic::catch_unwind(|| avx2_verdict(false, true, "x")).is_err());
    }

    #[test]
    fn the_vector_loops_train_to_the_plain_loops_numbers_bit_for_bit() {
        if !avx2_here("the vector loops against the plain ones") {
            return;
        }
        use Activation::*;
        // Narrow networks train four samples side by side, wide ones four neurons; a batch
        // of 5 leaves one sample to the one-sample pass.
        let cases: [(&[usize], &[Activation], Loss); 8] = [
            (&[2, 3, 1], &[Sigmoid, Identity], Loss::HalfSquaredError),
            (
                &[4, 6, 5, 3],
                &[Tanh, Relu, Sigmoid],
                Loss::MeanSquaredError,
            ),
            (
                &[2, 7, 8, 2],
                &[Elu, Softplus, Tanh],
                Loss::HalfSquaredError,
            ),
            (&[3, 8, 1], &[Sine, Swish], Loss::HalfSquaredError),
            (
                &[2, 8, 8, 8, 1],
                &[Tanh, Tanh, Tanh, Identity],
                Loss::MeanSquaredError,
            ),
            (
                &[2, 64, 64, 1],
                &[Sigmoid, Sigmoid, Identity],
                Loss::HalfSquaredError,
            ),
            (
                &[5, 21, 13, 4, 9],
                &[Relu, Elu, Swish, Identity],
                Loss::HalfSquaredError,
            ),
            (&[3, 37, 6], &[LeakyRelu, Softmax], Loss::CrossEntropy),
        ];
        for (layers, activations, loss) in cases {
            let net = Network::new(layers, activations).unwrap();
            assert_eq!(Four::suits(&net), layers[1..].iter().all(|&w| w <= 8));
            let plain = train_with(Isa::Scalar, layers, activations, loss);
            let wide = train_with(Isa::Avx2, layers, activations, loss);
            assert!(plain.1.iter().all(|l| f64::from_bits(*l).is_finite()));
            assert_eq!(plain, wide, "{layers:?}");
        }
    }

    #[test]
    fn a_trainer_starts_on_the_widest_loops_the_machine_runs() {
        let net = Network::new(&[2, 1], &[Activation::Identity]).unwrap();
        let data = Dataset::planar();
        let trainer = Trainer::new(&net, TrainConfig::default(), &data).unwrap();
        assert_eq!(trainer.isa(), Isa::detect());
        assert!(Isa::detect().runs_here() && Isa::Scalar.runs_here());
        assert!(Kernels::new(Isa::Avx2).isa().runs_here());
        assert_eq!([Isa::Scalar.name(), Isa::Avx2.name()], ["scalar", "avx2"]);
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod vexp_tests {
    use super::super::vexp::{agrees_with_the_library, check_numbers, exp4, sigmoid_layer};
    use super::tests::avx2_here;

    #[test]
    fn the_check_covers_the_sigmoids_range_and_every_size_of_the_main_path() {
        let x = check_numbers();
        assert_eq!(x.len(), 65_536);
        assert_eq!(
            (x[0], x[1], x[16_384], x[32_767]),
            (-40.0, -40.0 + 80.0 / 32_768.0, 0.0, 40.0 - 80.0 / 32_768.0)
        );
        let spread = &x[32_768..];
        let exponents: std::collections::BTreeSet<u64> =
            spread.iter().map(|v| (v.to_bits() >> 52) & 0x7ff).collect();
        assert_eq!(
            exponents,
            (0x3c9..=0x407).collect(),
            "every exponent, none other"
        );
        assert!(spread.iter().any(|v| *v < 0.0) && spread.iter().any(|v| *v > 0.0));
        let distinct: std::collections::BTreeSet<u64> =
            spread.iter().map(|v| v.to_bits()).collect();
        assert!(distinct.len() > 32_000, "{} distinct", distinct.len());
    }

    #[test]
    fn the_vector_exp_gives_the_librarys_numbers_or_leaves_them_to_it() {
        if !avx2_here("the vector exp") {
            return;
        }
        // SAFETY: this machine has AVX2 and FMA (checked above).
        unsafe {
            assert!(
                agrees_with_the_library(),
                "glibc's exp, FMA build, expected here"
            );
            let x = [-0.5, 3.25, -700.0, 1e-3];
            assert_eq!(exp4(x), None, "-700 is off the main path");
            for x in [[-0.5, 3.25, -7.0, 1e-3], [-511.9, 511.9, 2e-16, -2e-16]] {
                let e = exp4(x).unwrap();
                for (e, x) in e.iter().zip(x) {
                    assert_eq!(e.to_bits(), x.exp().to_bits(), "e^{x}");
                }
            }
            assert_eq!(exp4([0.0, 1.0, 1.0, 1.0]), None, "0 is off the main path");
            // Whole groups, a short last group, and sums that leave a group to the library.
            let sums = [0.3, -2.0, 0.0, 800.0, 1e-300, -4.5, 7.25, 0.1, 19.0];
            for n in 1..=sums.len() {
                let mut outs = vec![f64::NAN; n];
                sigmoid_layer(&sums[..n], &mut outs);
                for (o, s) in outs.iter().zip(&sums) {
                    let expected = 1.0 / (1.0 + (-s).exp());
                    assert_eq!(o.to_bits(), expected.to_bits(), "sigmoid({s})");
                }
            }
        }
    }
}
