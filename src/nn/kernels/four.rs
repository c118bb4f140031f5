//! Four samples of a batch side by side: the vector loops of networks too narrow to fill
//! vectors with neurons.

use super::super::network::Gradients;
use super::super::{Activation, Network, Objective};
use super::row;
use crate::data::Dataset;

/// The widest layer that trains four samples side by side ([`Four`]) rather than its
/// neurons side by side.
pub(super) const FOUR_SAMPLES_UP_TO: usize = 8;

/// Four samples of a batch side by side, for networks too narrow to fill vectors with
/// neurons: every node holds a value per sample (lane `k` is the group's `k`-th sample),
/// and every operation is the one-sample pass's, done for the four lanes at once. The
/// gradients are added sample after sample, as the one-sample passes add them.
#[derive(Clone, Debug, Default)]
pub(super) struct Four {
    sums: Vec<[f64; 4]>,
    outs: Vec<[f64; 4]>,
    deltas: Vec<[f64; 4]>,
}

impl Four {
    /// `true` when `net` is narrow enough, and made of per-node activations.
    pub(super) fn suits(net: &Network) -> bool {
        net.layers()[1..].iter().all(|&w| w <= FOUR_SAMPLES_UP_TO)
            && net.activations().iter().all(|a| a.is_per_node())
    }

    /// Forward and back-propagation of the samples `group` of `data`, their gradients
    /// added to `grads` and their losses to `loss`, in the group's order.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn train(
        &mut self,
        net: &Network,
        objective: &Objective,
        data: &Dataset,
        group: [usize; 4],
        vector_exp: bool,
        grads: &mut Gradients,
        loss: &mut f64,
    ) {
        let layers = net.layers();
        let n_in = layers[0];
        let nodes = net.biases().len();
        self.sums.resize(nodes, [0.0; 4]);
        self.deltas.resize(nodes, [0.0; 4]);
        self.outs.resize(n_in + nodes, [0.0; 4]);
        let Four { sums, outs, deltas } = self;
        for (i, o) in outs[..n_in].iter_mut().enumerate() {
            *o = group.map(|k| data.input(k)[i]);
        }

        // Step 1, forward.
        let n_layers = net.activations().len();
        for (l, &act) in net.activations().iter().enumerate() {
            let (fan_in, fan_out) = (layers[l], layers[l + 1]);
            let node = net.node_index(l, 0);
            let (before, after) = outs.split_at_mut(n_in + node);
            let prev = &before[before.len() - fan_in..];
            let weights = net.layer_weights(l);
            for (j, (s, b)) in sums[node..node + fan_out]
                .iter_mut()
                .zip(net.layer_biases(l))
                .enumerate()
            {
                let mut acc = [0.0; 4];
                for (w, x) in row(weights, fan_in, j).iter().zip(prev) {
                    for (a, x) in acc.iter_mut().zip(x) {
                        *a += w * x;
                    }
                }
                *s = acc.map(|a| a + b);
            }
            for (s, o) in sums[node..node + fan_out].iter().zip(&mut after[..fan_out]) {
                *o = match act {
                    Activation::Identity => *s,
                    #[cfg(target_arch = "x86_64")]
                    // SAFETY: `vector_exp` is set only where the machine has AVX2 and FMA.
                    Activation::Sigmoid if vector_exp => unsafe {
                        super::super::vexp::sigmoid4(*s)
                    },
                    _ => s.map(|s| act.apply(s)),
                };
            }
        }

        // Step 2: the loss and ∂loss/∂output of each sample, in order.
        let last = n_layers - 1;
        let n_out = layers[n_layers];
        let out_node = net.node_index(last, 0);
        let mut prediction = [0.0; FOUR_SAMPLES_UP_TO];
        let mut errors = [0.0; FOUR_SAMPLES_UP_TO];
        let (prediction, errors) = (&mut prediction[..n_out], &mut errors[..n_out]);
        for (k, &sample) in group.iter().enumerate() {
            for (p, o) in prediction.iter_mut().zip(&outs[n_in + out_node..]) {
                *p = o[k];
            }
            let target = data.target(sample);
            *loss += objective.value(prediction, target);
            objective.output_gradient(prediction, target, errors);
            for (d, e) in deltas[out_node..out_node + n_out].iter_mut().zip(&*errors) {
                d[k] = *e;
            }
        }
        let scale_by_derivative =
            |act: Activation, sums: &[[f64; 4]], outs: &[[f64; 4]], deltas: &mut [[f64; 4]]| {
                if act == Activation::Identity {
                    return;
                }
                for ((d, s), o) in deltas.iter_mut().zip(sums).zip(outs) {
                    for k in 0..4 {
                        d[k] *= act.derivative(s[k], o[k]);
                    }
                }
            };
        let range = |l: usize| {
            let node = net.node_index(l, 0);
            node..node + layers[l + 1]
        };
        let out_range = range(last);
        scale_by_derivative(
            net.activations()[last],
            &sums[out_range.clone()],
            &outs[n_in + out_range.start..n_in + out_range.end],
            &mut deltas[out_range],
        );
        for l in (0..last).rev() {
            let (here, next) = (range(l), range(l + 1));
            let width = here.len();
            let (head, tail) = deltas.split_at_mut(next.start);
            let errors = &mut head[here.clone()];
            let next_deltas = &tail[..next.len()];
            let weights = net.layer_weights(l + 1);
            for (j, e) in errors.iter_mut().enumerate() {
                let mut acc = [0.0; 4];
                for (kk, d) in next_deltas.iter().enumerate() {
                    let w = weights[kk * width + j];
                    for (a, d) in acc.iter_mut().zip(d) {
                        *a += w * d;
                    }
                }
                *e = acc;
            }
            scale_by_derivative(
                net.activations()[l],
                &sums[here.clone()],
                &outs[n_in + here.start..n_in + here.end],
                errors,
            );
        }

        // Gradients, sample after sample for each weight.
        for l in 0..n_layers {
            let (fan_in, fan_out) = (layers[l], layers[l + 1]);
            let node = net.node_index(l, 0);
            let prev_start = if l == 0 {
                0
            } else {
                n_in + net.node_index(l - 1, 0)
            };
            let prev = &outs[prev_start..prev_start + fan_in];
            let w = net.weight_offset(l);
            for (j, d) in deltas[node..node + fan_out].iter().enumerate() {
                let g = &mut grads.weights[w + j * fan_in..w + j * fan_in + fan_in];
                for (g, x) in g.iter_mut().zip(prev) {
                    for k in 0..4 {
                        *g += d[k] * x[k];
                    }
                }
                let b = &mut grads.biases[node + j];
                for dk in d {
                    *b += dk;
                }
            }
        }
    }
}
