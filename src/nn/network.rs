//! A fully-connected network in flat, preallocated buffers, and the three steps of training.

use rand::Rng;

use super::kernels::{LayerLoops, Plain};
use super::{Activation, Init, NnError, Objective};

/// The most layers (input included) a network may have.
pub const MAX_LAYERS: usize = 64;
/// The most nodes one layer may have.
pub const MAX_LAYER_WIDTH: usize = 4096;
/// The most weights and biases a network may have in all.
pub const MAX_PARAMETERS: usize = 5_000_000;

/// A fully-connected feed-forward network.
///
/// It holds exactly the reference's `(layers, weights, biases)` plus one activation per
/// non-input layer, stored flat: layer `l`'s weights are `layers[l+1]` rows of `layers[l]`
/// numbers, row `j` holding the weights into node `j` of layer `l+1`
/// (`weights[l][j][i]` of the reference).
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    layers: Vec<usize>,
    activations: Vec<Activation>,
    weights: Vec<f64>,
    biases: Vec<f64>,
    /// Where layer `l`'s weight block starts in `weights`.
    weight_offsets: Vec<usize>,
    /// Where layer `l+1`'s nodes start in `biases` (and in a cache's sums and deltas).
    node_offsets: Vec<usize>,
}

/// Per-sample scratch space: every node's weighted sum, output and delta.
///
/// Made once by [`Network::cache`] and reused for every sample, so that the per-sample loop
/// never allocates.
#[derive(Clone, Debug, PartialEq)]
pub struct Cache {
    /// Weighted sums of the non-input nodes, layer after layer.
    pub sums: Vec<f64>,
    /// Outputs of every node, input layer first (its outputs are the sample's inputs).
    pub outs: Vec<f64>,
    /// `∂loss/∂sum` of the non-input nodes, filled by back-propagation.
    pub deltas: Vec<f64>,
    n_outputs: usize,
}

impl Cache {
    /// The output layer's outputs: the prediction of the last forward pass.
    pub fn output(&self) -> &[f64] {
        &self.outs[self.outs.len() - self.n_outputs..]
    }
}

/// Gradients (or accumulated gradients) with the network's own flat shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Gradients {
    /// `∂loss/∂w`, laid out like the network's weights.
    pub weights: Vec<f64>,
    /// `∂loss/∂b`, laid out like the network's biases.
    pub biases: Vec<f64>,
}

impl Gradients {
    /// Sets every gradient back to zero.
    pub fn clear(&mut self) {
        self.weights.fill(0.0);
        self.biases.fill(0.0);
    }

    /// `true` when every gradient is a finite number.
    #[inline(always)]
    pub fn is_finite(&self) -> bool {
        // A number is not finite when its exponent bits are all ones: an OR over the whole
        // buffer (no early exit, integer operations), which the compiler vectorises.
        const EXPONENT: u64 = 0x7ff0_0000_0000_0000;
        let bad = |v: &[f64]| {
            v.iter().fold(0u64, |bad, g| {
                bad | u64::from(g.to_bits() & EXPONENT == EXPONENT)
            })
        };
        bad(&self.weights) | bad(&self.biases) == 0
    }

    /// Divides every accumulated gradient by `count`.
    pub fn average(&mut self, count: usize) {
        let d = count as f64;
        for g in self.weights.iter_mut().chain(self.biases.iter_mut()) {
            *g /= d;
        }
    }
}

impl Network {
    /// A network of the given shape with every weight and bias 0.
    ///
    /// `activations` has one entry per non-input layer.
    pub fn new(layers: &[usize], activations: &[Activation]) -> Result<Self, NnError> {
        check_layers(layers)?;
        if activations.len() != layers.len() - 1 {
            return Err(NnError::ActivationCount {
                layers: layers.len(),
                expected: layers.len() - 1,
                got: activations.len(),
            });
        }
        let (hidden, output) = activations.split_at(activations.len() - 1);
        if hidden.iter().any(|a| !a.is_per_node()) {
            return Err(NnError::OutOfRange(
                "softmax is for the output layer only".into(),
            ));
        }
        if !output[0].is_per_node() && layers[layers.len() - 1] < 2 {
            return Err(NnError::OutOfRange(
                "a softmax output needs at least 2 nodes, one per class".into(),
            ));
        }
        let mut weight_offsets = Vec::with_capacity(layers.len() - 1);
        let mut node_offsets = Vec::with_capacity(layers.len() - 1);
        let (mut w, mut b) = (0, 0);
        for pair in layers.windows(2) {
            weight_offsets.push(w);
            node_offsets.push(b);
            w += pair[0] * pair[1];
            b += pair[1];
        }
        Ok(Network {
            layers: layers.to_vec(),
            activations: activations.to_vec(),
            weights: vec![0.0; w],
            biases: vec![0.0; b],
            weight_offsets,
            node_offsets,
        })
    }

    /// The reference's activations for a shape: sigmoid on hidden layers, identity on the output.
    pub fn reference_activations(layers: &[usize]) -> Vec<Activation> {
        let n = layers.len().saturating_sub(1);
        (0..n)
            .map(|l| {
                if l + 1 == n {
                    Activation::Identity
                } else {
                    Activation::Sigmoid
                }
            })
            .collect()
    }

    /// A network initialised by `init`, drawing from `rng`.
    pub fn initialized<R: Rng + ?Sized>(
        layers: &[usize],
        activations: &[Activation],
        init: Init,
        rng: &mut R,
    ) -> Result<Self, NnError> {
        let mut net = Network::new(layers, activations)?;
        net.initialize(init, rng);
        Ok(net)
    }

    /// Re-initialises every weight and bias.
    pub fn initialize<R: Rng + ?Sized>(&mut self, init: Init, rng: &mut R) {
        for l in 0..self.activations.len() {
            let (fan_in, fan_out) = (self.layers[l], self.layers[l + 1]);
            let w = self.weight_offsets[l];
            let b = self.node_offsets[l];
            init.fill(
                &mut self.weights[w..w + fan_in * fan_out],
                &mut self.biases[b..b + fan_out],
                fan_in,
                fan_out,
                rng,
            );
        }
    }

    /// Builds a network from the reference's nested `weights[l][j][i]` and `biases[l][j]`.
    pub fn from_nested(
        layers: &[usize],
        activations: &[Activation],
        weights: &[Vec<Vec<f64>>],
        biases: &[Vec<f64>],
    ) -> Result<Self, NnError> {
        let mut net = Network::new(layers, activations)?;
        let bad = |why: String| NnError::BadLayers {
            layers: layers.to_vec(),
            why,
        };
        if weights.len() != layers.len() - 1 || biases.len() != layers.len() - 1 {
            return Err(bad(format!(
                "expected {} weight and bias layers, got {} and {}",
                layers.len() - 1,
                weights.len(),
                biases.len()
            )));
        }
        let mut wi = 0;
        for (l, (rows, bias)) in weights.iter().zip(biases).enumerate() {
            let (fan_in, fan_out) = (layers[l], layers[l + 1]);
            if rows.len() != fan_out {
                return Err(bad(format!(
                    "weights[{l}] has {} rows, layer {} has {fan_out} nodes",
                    rows.len(),
                    l + 1
                )));
            }
            if bias.len() != fan_out {
                return Err(bad(format!(
                    "biases[{l}] has {} numbers, layer {} has {fan_out} nodes",
                    bias.len(),
                    l + 1
                )));
            }
            for (j, row) in rows.iter().enumerate() {
                if row.len() != fan_in {
                    return Err(bad(format!(
                        "weights[{l}][{j}] has {} numbers, layer {l} has {fan_in} nodes",
                        row.len()
                    )));
                }
                net.weights[wi..wi + fan_in].copy_from_slice(row);
                wi += fan_in;
            }
            let b = net.node_offsets[l];
            net.biases[b..b + fan_out].copy_from_slice(bias);
        }
        Ok(net)
    }

    /// The weights in the reference's nesting, `weights[l][j][i]`.
    pub fn nested_weights(&self) -> Vec<Vec<Vec<f64>>> {
        self.nest_like_weights(&self.weights)
    }

    /// The biases in the reference's nesting, `biases[l][j]`.
    pub fn nested_biases(&self) -> Vec<Vec<f64>> {
        self.nest_like_biases(&self.biases)
    }

    /// Numbers laid out like the weights (gradients, say), nested as `weights[l][j][i]`.
    pub fn nest_like_weights(&self, flat: &[f64]) -> Vec<Vec<Vec<f64>>> {
        (0..self.activations.len())
            .map(|l| {
                let (fan_in, fan_out) = (self.layers[l], self.layers[l + 1]);
                let start = self.weight_offsets[l];
                flat[start..start + fan_in * fan_out]
                    .chunks(fan_in)
                    .map(<[f64]>::to_vec)
                    .collect()
            })
            .collect()
    }

    /// Numbers laid out like the biases (one per non-input node: sums, deltas, bias
    /// gradients), nested per layer as `biases[l][j]`.
    pub fn nest_like_biases(&self, flat: &[f64]) -> Vec<Vec<f64>> {
        (0..self.activations.len())
            .map(|l| {
                let start = self.node_offsets[l];
                flat[start..start + self.layers[l + 1]].to_vec()
            })
            .collect()
    }

    /// Node counts per layer, input layer first.
    pub fn layers(&self) -> &[usize] {
        &self.layers
    }

    /// One activation per non-input layer.
    pub fn activations(&self) -> &[Activation] {
        &self.activations
    }

    /// Number of inputs the network takes.
    pub fn n_inputs(&self) -> usize {
        self.layers[0]
    }

    /// Number of outputs the network gives.
    pub fn n_outputs(&self) -> usize {
        self.layers[self.layers.len() - 1]
    }

    /// All weights, flat (layer after layer, row after row).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// All biases, flat (layer after layer).
    pub fn biases(&self) -> &[f64] {
        &self.biases
    }

    /// The weights into layer `l + 1`: `layers[l+1]` rows of `layers[l]` numbers.
    #[inline]
    pub fn layer_weights(&self, l: usize) -> &[f64] {
        let start = self.weight_offsets[l];
        &self.weights[start..start + self.layers[l] * self.layers[l + 1]]
    }

    /// Where layer `l`'s weight block starts in [`weights`](Self::weights).
    #[inline]
    pub(crate) fn weight_offset(&self, l: usize) -> usize {
        self.weight_offsets[l]
    }

    /// The biases of layer `l + 1`.
    #[inline]
    pub fn layer_biases(&self, l: usize) -> &[f64] {
        let start = self.node_offsets[l];
        &self.biases[start..start + self.layers[l + 1]]
    }

    /// Number of weights and biases.
    pub fn parameter_count(&self) -> usize {
        self.weights.len() + self.biases.len()
    }

    /// Scratch space for [`forward`](Self::forward) and [`backward`](Self::backward).
    pub fn cache(&self) -> Cache {
        let hidden_and_output = self.biases.len();
        Cache {
            sums: vec![0.0; hidden_and_output],
            outs: vec![0.0; self.layers[0] + hidden_and_output],
            deltas: vec![0.0; hidden_and_output],
            n_outputs: self.n_outputs(),
        }
    }

    /// Zeroed gradients of this network's shape.
    pub fn gradients(&self) -> Gradients {
        Gradients {
            weights: vec![0.0; self.weights.len()],
            biases: vec![0.0; self.biases.len()],
        }
    }

    /// Step 1, forward: for every node `sum = Σ_i w[j][i]·x[i] + b[j]`,
    /// `out = activation(sum)`, keeping every sum and output in `cache`.
    /// Returns the prediction.
    pub fn forward<'c>(&self, x: &[f64], cache: &'c mut Cache) -> &'c [f64] {
        self.forward_with(&Plain, x, cache)
    }

    /// [`forward`](Self::forward) with the given layer loops.
    #[inline(always)]
    pub(crate) fn forward_with<'c, K: LayerLoops>(
        &self,
        loops: &K,
        x: &[f64],
        cache: &'c mut Cache,
    ) -> &'c [f64] {
        let n_in = self.layers[0];
        super::activation::copy_few(&x[..n_in], &mut cache.outs[..n_in]);
        for (l, &act) in self.activations.iter().enumerate() {
            let (fan_in, fan_out) = (self.layers[l], self.layers[l + 1]);
            let node = self.node_offsets[l];
            // Outputs of layer l come before those of layer l + 1 in `outs`.
            let (before, after) = cache.outs.split_at_mut(n_in + node);
            let prev = &before[before.len() - fan_in..];
            let outs = &mut after[..fan_out];
            let sums = &mut cache.sums[node..node + fan_out];
            loops.weighted_sums(self, l, prev, sums);
            loops.activate(act, sums, outs);
        }
        cache.output()
    }

    /// Step 2, back-propagation, after a [`forward`](Self::forward) on the same sample:
    /// the loss's derivative at each output (for the reference's half squared error
    /// `y_pred − y_true`), times `act'(sum)`: `delta_out`; each hidden
    /// `delta_j = (Σ_k w[k][j]·delta_k)·act'(sum_j)`; then **adds**
    /// `delta_j·out_prev[i]` to `grads.weights` and `delta_j` to `grads.biases`,
    /// so that a batch's gradients accumulate. Returns the sample's loss.
    pub fn backward(
        &self,
        objective: &Objective,
        target: &[f64],
        cache: &mut Cache,
        grads: &mut Gradients,
    ) -> f64 {
        self.backward_with(&Plain, objective, target, cache, grads)
    }

    /// [`backward`](Self::backward) with the given layer loops.
    #[inline(always)]
    pub(crate) fn backward_with<K: LayerLoops>(
        &self,
        loops: &K,
        objective: &Objective,
        target: &[f64],
        cache: &mut Cache,
        grads: &mut Gradients,
    ) -> f64 {
        let (prediction, errors) = self.output_errors(cache);
        let loss = objective.value(prediction, target);
        objective.output_gradient(prediction, target, errors);
        // Two copies of the pass, so that the common one carries no test per layer.
        if objective.gives_sum_gradient() {
            self.backpropagate::<K, false>(loops, cache, grads);
        } else {
            self.backpropagate::<K, true>(loops, cache, grads);
        }
        loss
    }

    /// The output layer's outputs, and its slots for `∂loss/∂output`.
    fn output_errors<'c>(&self, cache: &'c mut Cache) -> (&'c [f64], &'c mut [f64]) {
        let n_out = self.n_outputs();
        let start = cache.deltas.len() - n_out;
        let outs_start = cache.outs.len() - n_out;
        (&cache.outs[outs_start..], &mut cache.deltas[start..])
    }

    /// The rest of step 2, from `∂loss/∂output` (already in the cache's output deltas):
    /// multiplies by `act'(sum)` (unless `THROUGH_OUTPUT` is `false`: the deltas are
    /// `∂loss/∂sum` already), propagates the deltas back through every layer, and adds each
    /// gradient to `grads`.
    #[inline(always)]
    fn backpropagate<K: LayerLoops, const THROUGH_OUTPUT: bool>(
        &self,
        loops: &K,
        cache: &mut Cache,
        grads: &mut Gradients,
    ) {
        let n_layers = self.activations.len();
        let n_in = self.layers[0];
        let Cache {
            sums, outs, deltas, ..
        } = cache;

        // Output layer: ∂loss/∂sum = ∂loss/∂out · act'(sum).
        let last = n_layers - 1;
        let node = self.node_offsets[last];
        let n_out = self.n_outputs();
        if THROUGH_OUTPUT {
            self.activations[last].scale_by_derivative(
                &sums[node..node + n_out],
                &outs[n_in + node..n_in + node + n_out],
                &mut deltas[node..node + n_out],
            );
        }

        // Hidden layers, from the last back to the first.
        for l in (0..last).rev() {
            let (width, next_width) = (self.layers[l + 1], self.layers[l + 2]);
            let node = self.node_offsets[l];
            let next = self.node_offsets[l + 1];
            let (here, after) = deltas.split_at_mut(next);
            let here = &mut here[node..node + width];
            let next_deltas = &after[..next_width];
            loops.back_errors(self.layer_weights(l + 1), next_deltas, here);
            self.activations[l].scale_by_derivative(
                &sums[node..node + width],
                &outs[n_in + node..n_in + node + width],
                here,
            );
        }

        // Gradients: grad_w[j][i] += delta_j · out_prev[i], grad_b[j] += delta_j.
        for l in 0..n_layers {
            let (fan_in, fan_out) = (self.layers[l], self.layers[l + 1]);
            let node = self.node_offsets[l];
            let prev_start = if l == 0 {
                0
            } else {
                n_in + self.node_offsets[l - 1]
            };
            let prev = &outs[prev_start..prev_start + fan_in];
            let w = self.weight_offsets[l];
            loops.accumulate(
                prev,
                &deltas[node..node + fan_out],
                &mut grads.weights[w..w + fan_in * fan_out],
                &mut grads.biases[node..node + fan_out],
            );
        }
    }

    /// Step 3, update: `w ← w − lr·grad_w`, `b ← b − lr·grad_b`.
    pub fn update(&mut self, grads: &Gradients, learning_rate: f64) {
        for (w, g) in self.weights.iter_mut().zip(&grads.weights) {
            *w -= learning_rate * g;
        }
        for (b, g) in self.biases.iter_mut().zip(&grads.biases) {
            *b -= learning_rate * g;
        }
    }

    /// Steps 3 for a batch: `w ← w − lr·(acc_w / count)`, `b ← b − lr·(acc_b / count)`,
    /// where `acc` holds gradients accumulated over the batch; then sets `acc` back to
    /// zero for the next batch. The same numbers as [`Gradients::average`] followed by
    /// [`update`](Self::update) and [`Gradients::clear`], in one pass.
    #[inline(always)]
    pub fn update_averaged(&mut self, acc: &mut Gradients, count: usize, learning_rate: f64) {
        let d = count as f64;
        let params = self.weights.iter_mut().chain(self.biases.iter_mut());
        let grads = acc.weights.iter_mut().chain(acc.biases.iter_mut());
        if count.is_power_of_two() {
            // Dividing by a power of two is exactly multiplying by its inverse.
            let inv = 1.0 / d;
            for (p, g) in params.zip(grads) {
                *p -= learning_rate * (*g * inv);
                *g = 0.0;
            }
        } else {
            for (p, g) in params.zip(grads) {
                *p -= learning_rate * (*g / d);
                *g = 0.0;
            }
        }
    }

    /// Where the weight from node `i` of layer `l` into node `j` of layer `l + 1` is in
    /// [`weights`](Self::weights).
    pub fn weight_index(&self, l: usize, j: usize, i: usize) -> usize {
        self.weight_offsets[l] + j * self.layers[l] + i
    }

    /// Where node `j` of layer `l + 1` is among the non-input nodes (its bias in
    /// [`biases`](Self::biases), its sum and delta in a [`Cache`]); its output is at
    /// `n_inputs() +` this in the cache's `outs`.
    pub fn node_index(&self, l: usize, j: usize) -> usize {
        self.node_offsets[l] + j
    }

    /// The weight from node `i` of layer `l` into node `j` of layer `l + 1`.
    pub fn weight(&self, l: usize, j: usize, i: usize) -> f64 {
        self.weights[self.weight_index(l, j, i)]
    }

    /// The bias of node `j` of layer `l + 1`.
    pub fn bias(&self, l: usize, j: usize) -> f64 {
        self.biases[self.node_index(l, j)]
    }

    /// Sets one weight: the one from node `i` of layer `l` into node `j` of layer `l + 1`.
    pub fn set_weight(&mut self, l: usize, j: usize, i: usize, value: f64) {
        let idx = self.weight_index(l, j, i);
        self.weights[idx] = value;
    }

    /// Sets the bias of node `j` of layer `l + 1`.
    pub fn set_bias(&mut self, l: usize, j: usize, value: f64) {
        let idx = self.node_index(l, j);
        self.biases[idx] = value;
    }

    /// Mutable access to every weight and bias (flat), for optimizers and editors.
    pub fn parameters_mut(&mut self) -> (&mut [f64], &mut [f64]) {
        (&mut self.weights, &mut self.biases)
    }
}

/// Weights and biases of a network with these layer sizes.
pub fn parameter_count(layers: &[usize]) -> usize {
    layers.windows(2).map(|p| p[0] * p[1] + p[1]).sum()
}

/// Checks that a layer list can make a network of sane size: 2 to [`MAX_LAYERS`] layers of 1
/// to [`MAX_LAYER_WIDTH`] nodes, at most [`MAX_PARAMETERS`] weights and biases. The one place
/// these limits are checked (a new network, a model file, the editor's shape).
pub fn check_layers(layers: &[usize]) -> Result<(), NnError> {
    let bad = |why: String| NnError::BadLayers {
        layers: layers.to_vec(),
        why,
    };
    if layers.len() < 2 {
        return Err(bad(
            "a network needs at least an input and an output layer".into()
        ));
    }
    if layers.len() > MAX_LAYERS {
        return Err(bad(format!("at most {MAX_LAYERS} layers are allowed")));
    }
    if let Some(l) = layers.iter().position(|&n| n == 0) {
        return Err(bad(format!("layer {l} has 0 nodes")));
    }
    if let Some(l) = layers.iter().position(|&n| n > MAX_LAYER_WIDTH) {
        return Err(bad(format!(
            "layer {l} has {} nodes, at most {MAX_LAYER_WIDTH} are allowed",
            layers[l]
        )));
    }
    let params = parameter_count(layers);
    if params > MAX_PARAMETERS {
        return Err(bad(format!(
            "{params} parameters, at most {MAX_PARAMETERS} are allowed"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Loss;
    use rand::RngExt;

    /// The seed article's worked example: `[2,2,2]`, sigmoid then identity.
    use super::super::seed_example::{self, assert_close};

    fn seed_network() -> Network {
        seed_example::network()
    }

    fn flat3(v: &[Vec<Vec<f64>>]) -> Vec<f64> {
        v.iter().flatten().flatten().copied().collect()
    }

    #[test]
    fn one_back_propagation_gives_the_seed_articles_gradients() {
        let net = seed_network();
        let mut cache = net.cache();
        let mut grads = net.gradients();
        net.forward(&[0.05, 0.1], &mut cache);
        net.backward(
            &Objective::reference(),
            &[0.01, 0.99],
            &mut cache,
            &mut grads,
        );
        assert_close(&grads.weights, &seed_example::GRADS_W);
        assert_close(&grads.biases, &seed_example::GRADS_B);
    }

    #[test]
    fn one_update_gives_the_seed_articles_new_weights() {
        let mut net = seed_network();
        let mut cache = net.cache();
        let mut grads = net.gradients();
        net.forward(&[0.05, 0.1], &mut cache);
        net.backward(
            &Objective::reference(),
            &[0.01, 0.99],
            &mut cache,
            &mut grads,
        );
        net.update(&grads, 0.1);
        assert_close(&flat3(&net.nested_weights()), &seed_example::NEW_WEIGHTS);
        assert_close(net.biases(), &seed_example::NEW_BIASES);
    }

    #[test]
    fn the_fused_batch_update_equals_average_then_update_then_clear() {
        let mut fused = seed_network();
        let mut cache = fused.cache();
        let mut acc = fused.gradients();
        for y in [[0.01, 0.99], [0.7, 0.2], [0.3, 0.3]] {
            fused.forward(&[0.05, 0.1], &mut cache);
            fused.backward(&Objective::reference(), &y, &mut cache, &mut acc);
        }
        let mut stepwise = fused.clone();
        let mut averaged = acc.clone();
        averaged.average(3);
        stepwise.update(&averaged, 0.3);
        let mut fused4 = fused.clone();
        let mut acc4 = acc.clone();
        fused.update_averaged(&mut acc, 3, 0.3);
        assert_eq!(fused, stepwise);
        assert!(acc.weights.iter().chain(&acc.biases).all(|&g| g == 0.0));

        // A power-of-two count takes the multiplying path: still the same bits.
        let mut stepwise4 = fused4.clone();
        let mut averaged4 = acc4.clone();
        averaged4.average(4);
        stepwise4.update(&averaged4, 0.3);
        fused4.update_averaged(&mut acc4, 4, 0.3);
        assert_eq!(fused4, stepwise4);
    }

    #[test]
    fn set_weight_sets_the_weight_from_node_i_into_node_j() {
        let layers = [3, 4, 2];
        let mut net = Network::new(&layers, &Network::reference_activations(&layers)).unwrap();
        net.set_weight(0, 2, 1, 7.0);
        net.set_weight(1, 1, 3, -2.0);
        let w = net.nested_weights();
        assert_eq!(w[0][2], vec![0.0, 7.0, 0.0]);
        assert_eq!(w[1][1], vec![0.0, 0.0, 0.0, -2.0]);
        assert_eq!(net.weights().iter().filter(|&&v| v != 0.0).count(), 2);
    }

    #[test]
    fn nested_weights_or_biases_of_the_wrong_count_are_refused() {
        let net = seed_network();
        let (w, b) = (net.nested_weights(), net.nested_biases());
        let acts = net.activations();
        assert!(Network::from_nested(net.layers(), acts, &w, &b[..1]).is_err());
        assert!(Network::from_nested(net.layers(), acts, &w[..1], &b).is_err());
        let mut short_row = w.clone();
        short_row[1][0].pop();
        assert!(Network::from_nested(net.layers(), acts, &short_row, &b).is_err());
    }

    #[test]
    fn nested_weights_round_trip_through_the_flat_layout() {
        let net = seed_network();
        let again = Network::from_nested(
            net.layers(),
            net.activations(),
            &net.nested_weights(),
            &net.nested_biases(),
        )
        .unwrap();
        assert_eq!(again, net);
        assert_eq!(net.nested_weights()[1][0], vec![0.4, 0.45]);
        let wide = Network::new(&[3, 4, 5], &Network::reference_activations(&[3, 4, 5])).unwrap();
        assert_eq!((wide.n_inputs(), wide.n_outputs()), (3, 5));
        assert_eq!(wide.parameter_count(), 3 * 4 + 4 + 4 * 5 + 5);
    }

    /// Loss of one sample as a function of the parameters, for finite differences.
    fn loss_at(net: &Network, x: &[f64], y: &[f64]) -> f64 {
        let mut cache = net.cache();
        crate::nn::half_squared_error(net.forward(x, &mut cache), y)
    }

    #[test]
    fn a_softmax_output_back_propagates_any_loss_and_cross_entropy_as_p_minus_t() {
        let mut rng = crate::seeded(7);
        let layers = [3, 4, 3];
        let acts = [Activation::Tanh, Activation::Softmax];
        let mut net = Network::initialized(&layers, &acts, Init::Xavier, &mut rng).unwrap();
        for b in net.parameters_mut().1 {
            *b = rng.random_range(-0.5..0.5);
        }
        let x = [0.4, -1.1, 0.7];
        let y = [0.0, 1.0, 0.0];
        let data = {
            let mut d = crate::data::Dataset::new(
                vec!["x1".into(), "x2".into(), "x3".into()],
                vec!["y0".into(), "y1".into(), "y2".into()],
            );
            d.push(&x, &y);
            d
        };
        for loss in [Loss::CrossEntropy, Loss::HalfSquaredError] {
            let objective = Objective::new(loss, Activation::Softmax, &data);
            assert_eq!(objective.gives_sum_gradient(), loss == Loss::CrossEntropy);
            let mut cache = net.cache();
            let mut grads = net.gradients();
            net.forward(&x, &mut cache);
            net.backward(&objective, &y, &mut cache, &mut grads);
            if loss == Loss::CrossEntropy {
                let p = cache.output().to_vec();
                let out_deltas = &cache.deltas[cache.deltas.len() - 3..];
                for k in 0..3 {
                    assert_eq!(out_deltas[k], p[k] - y[k], "p − t, exactly");
                }
            }
            let loss_of = |net: &Network| {
                let mut c = net.cache();
                objective.value(net.forward(&x, &mut c), &y)
            };
            let h = 1e-6;
            let n_w = net.weights().len();
            for p in 0..net.parameter_count() {
                let nudged = |by: f64| {
                    let mut n = net.clone();
                    let (w, b) = n.parameters_mut();
                    if p < n_w {
                        w[p] += by
                    } else {
                        b[p - n_w] += by
                    }
                    loss_of(&n)
                };
                let numeric = (nudged(h) - nudged(-h)) / (2.0 * h);
                let analytic = if p < n_w {
                    grads.weights[p]
                } else {
                    grads.biases[p - n_w]
                };
                assert!(
                    (numeric - analytic).abs() < 1e-7 * (1.0 + numeric.abs()),
                    "{loss} parameter {p}: numeric {numeric}, analytic {analytic}"
                );
            }
        }
    }

    #[test]
    fn softmax_is_for_an_output_layer_of_two_or_more_nodes() {
        let s = Activation::Softmax;
        assert!(Network::new(&[2, 3, 2], &[Activation::Tanh, s]).is_ok());
        assert!(Network::new(&[2, 3, 2], &[s, Activation::Tanh]).is_err());
        assert!(Network::new(&[2, 1], &[s]).is_err());
    }

    #[test]
    fn back_propagation_matches_finite_differences_for_every_activation_and_random_shapes() {
        let mut rng = crate::seeded(42);
        for act in Activation::ALL.into_iter().filter(|a| a.is_per_node()) {
            for trial in 0..4 {
                let depth = rng.random_range(2..5);
                let layers: Vec<usize> = (0..depth).map(|_| rng.random_range(1..5)).collect();
                let mut acts = vec![act; depth - 1];
                if trial % 2 == 1 {
                    acts[depth - 2] = Activation::Identity;
                }
                let mut net =
                    Network::initialized(&layers, &acts, Init::Uniform, &mut rng).unwrap();
                // Move the biases off zero so that relu's kink is not sampled.
                for b in net.parameters_mut().1 {
                    *b = rng.random_range(-0.8..0.8);
                }
                let x: Vec<f64> = (0..layers[0])
                    .map(|_| rng.random_range(-2.0..2.0))
                    .collect();
                let y: Vec<f64> = (0..layers[depth - 1])
                    .map(|_| rng.random_range(-1.0..1.0))
                    .collect();
                let mut cache = net.cache();
                let mut grads = net.gradients();
                net.forward(&x, &mut cache);
                net.backward(&Objective::reference(), &y, &mut cache, &mut grads);

                let h = 1e-6;
                let n_w = net.weights().len();
                for p in 0..net.parameter_count() {
                    let nudge = |net: &mut Network, by: f64| {
                        let (w, b) = net.parameters_mut();
                        if p < n_w {
                            w[p] += by
                        } else {
                            b[p - n_w] += by
                        }
                    };
                    nudge(&mut net, h);
                    let up = loss_at(&net, &x, &y);
                    nudge(&mut net, -2.0 * h);
                    let down = loss_at(&net, &x, &y);
                    nudge(&mut net, h);
                    let numeric = (up - down) / (2.0 * h);
                    let analytic = if p < n_w {
                        grads.weights[p]
                    } else {
                        grads.biases[p - n_w]
                    };
                    assert!(
                        (numeric - analytic).abs() < 1e-6 * (1.0 + numeric.abs()),
                        "{act} {layers:?} parameter {p}: numeric {numeric} vs analytic {analytic}"
                    );
                }
            }
        }
    }

    #[test]
    fn backward_accumulates_over_samples() {
        let net = seed_network();
        let mut cache = net.cache();
        let mut once = net.gradients();
        net.forward(&[0.05, 0.1], &mut cache);
        net.backward(
            &Objective::reference(),
            &[0.01, 0.99],
            &mut cache,
            &mut once,
        );
        let mut twice = net.gradients();
        for _ in 0..2 {
            net.forward(&[0.05, 0.1], &mut cache);
            net.backward(
                &Objective::reference(),
                &[0.01, 0.99],
                &mut cache,
                &mut twice,
            );
        }
        let doubled: Vec<f64> = once.weights.iter().map(|g| 2.0 * g).collect();
        assert_close(&twice.weights, &doubled);
    }

    #[test]
    fn impossible_shapes_are_refused_before_anything_is_allocated() {
        let acts = |n: usize| vec![Activation::Sigmoid; n];
        assert!(Network::new(&[2], &[]).is_err());
        assert!(Network::new(&[2, 0, 1], &acts(2)).is_err());
        assert!(Network::new(&[2, 1_000_000_000, 1], &acts(2)).is_err());
        assert!(
            Network::new(&[2, 4000, 4000, 4000, 1], &acts(4)).is_err(),
            "too many parameters"
        );
        assert!(
            Network::new(&[2, 3, 1], &acts(1)).is_err(),
            "activation count"
        );
        assert!(Network::new(&[2, 3, 1], &acts(2)).is_ok());
    }

    #[test]
    fn the_size_limits_themselves_are_allowed() {
        let sig = |n: usize| vec![Activation::Sigmoid; n];
        assert!(Network::new(&[1; MAX_LAYERS], &sig(MAX_LAYERS - 1)).is_ok());
        assert!(Network::new(&[1; MAX_LAYERS + 1], &sig(MAX_LAYERS)).is_err());
        assert!(Network::new(&[1, MAX_LAYER_WIDTH, 1], &sig(2)).is_ok());
        assert!(Network::new(&[1, MAX_LAYER_WIDTH + 1, 1], &sig(2)).is_err());
        // 1249 inputs into 4000 nodes: 4000 · 1250 = 5 000 000 parameters exactly.
        let at_cap = Network::new(&[1249, 4000], &sig(1)).unwrap();
        assert_eq!(at_cap.parameter_count(), MAX_PARAMETERS);
        assert!(Network::new(&[1250, 4000], &sig(1)).is_err());
        assert_eq!(
            (MAX_LAYERS, MAX_LAYER_WIDTH, MAX_PARAMETERS),
            (64, 4096, 5_000_000)
        );
    }

    #[test]
    fn initialisation_follows_each_schemes_bounds_and_its_seed() {
        let layers = [3, 16, 4];
        let acts = Network::reference_activations(&layers);
        let make = |init, seed| {
            Network::initialized(&layers, &acts, init, &mut crate::seeded(seed)).unwrap()
        };
        let zeros = make(Init::Zeros, 1);
        assert!(
            zeros
                .weights()
                .iter()
                .chain(zeros.biases())
                .all(|&v| v == 0.0)
        );
        let uniform = make(Init::Uniform, 1);
        assert!(uniform.weights().iter().all(|w| w.abs() <= 0.5));
        assert!(uniform.weights().iter().any(|w| w.abs() > 0.3));
        assert!(uniform.biases().iter().all(|&b| b == 0.1));
        let xavier = make(Init::Xavier, 1);
        let bound = (6.0f64 / 19.0).sqrt();
        assert!(xavier.layer_weights(0).iter().all(|w| w.abs() <= bound));
        assert!(
            xavier
                .layer_weights(0)
                .iter()
                .any(|w| w.abs() > 0.8 * bound),
            "the bound is √(6 / (fan_in + fan_out)), not smaller"
        );
        assert!(xavier.biases().iter().all(|&b| b == 0.0));
        let he = make(Init::He, 1);
        assert!(
            he.layer_weights(1)
                .iter()
                .all(|w| w.abs() <= (6.0f64 / 16.0).sqrt())
        );
        assert!(
            he.layer_weights(1)
                .iter()
                .any(|w| w.abs() > (6.0f64 / 19.0).sqrt())
        );
        assert_eq!(make(Init::Xavier, 7), make(Init::Xavier, 7));
        assert_ne!(make(Init::Xavier, 7), make(Init::Xavier, 8));
    }
}
