//! One sample through the three steps, every number as training computes it: the step
//! inspector's numbers (`scratchnet inspect`, and the app's inspector).

use serde::Serialize;

use super::{Network, Objective, OptimizerState, Trainer};

/// What forward, back-propagation and one plain SGD update compute for one sample, nested
/// as the reference prints them (`[l][j]` per node, `[l][j][i]` per weight).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Inspection {
    /// The sample's index in the training set (file order).
    pub sample: usize,
    /// Its inputs, as the network sees them (after any input features).
    pub x: Vec<f64>,
    /// Its targets.
    pub y: Vec<f64>,
    /// Every non-input node's weighted sum, one array per layer.
    pub sums: Vec<Vec<f64>>,
    /// Every non-input node's output, one array per layer.
    pub outs: Vec<Vec<f64>>,
    /// The sample's loss, summed over the outputs.
    pub loss: f64,
    /// Every non-input node's `∂loss/∂sum`, one array per layer.
    pub deltas: Vec<Vec<f64>>,
    /// `grad_w[l][j][i] = delta_j · out_prev[i]`.
    pub grads_w: Vec<Vec<Vec<f64>>>,
    /// `grad_b[l][j] = delta_j`.
    pub grads_b: Vec<Vec<f64>>,
    /// The learning rate of the update below.
    pub learning_rate: f64,
    /// What the gradients are divided by in the update below.
    #[serde(skip)]
    pub averaged_over: usize,
    /// The weights after one plain SGD step on this sample: `w − lr·grad_w / averaged_over`.
    pub new_weights: Vec<Vec<Vec<f64>>>,
    /// The biases after that step: `b − lr·grad_b / averaged_over`.
    pub new_biases: Vec<Vec<f64>>,
}

impl Inspection {
    /// The keys of the JSON form, in the order of the three steps.
    pub const KEYS: [&'static str; 12] = [
        "sample",
        "x",
        "y",
        "sums",
        "outs",
        "loss",
        "deltas",
        "grads_w",
        "grads_b",
        "learning_rate",
        "new_weights",
        "new_biases",
    ];

    /// One JSON object, a key per line in the order of the three steps, each value on one
    /// line (numbers in shortest round-trip form).
    pub fn to_json_lines(&self) -> serde_json::Result<String> {
        let value = serde_json::to_value(self)?;
        let lines = Self::KEYS
            .iter()
            .map(|key| {
                Ok(format!(
                    "  \"{key}\": {}",
                    serde_json::to_string(&value[key])?
                ))
            })
            .collect::<serde_json::Result<Vec<_>>>()?;
        Ok(format!("{{\n{}\n}}", lines.join(",\n")))
    }
}

/// Runs sample `(x, y)` (number `sample`) through [`Network::forward`],
/// [`Network::backward`] and [`Network::update_averaged`] — the functions training calls —
/// and keeps every number on the way. The update divides the gradients by `averaged_over`:
/// 1 is the reference's `w − lr·grad`, the output count is an online training step.
/// `net` is not changed.
pub fn inspect(
    net: &Network,
    objective: &Objective,
    sample: usize,
    (x, y): (&[f64], &[f64]),
    (learning_rate, averaged_over): (f64, usize),
) -> Inspection {
    let mut cache = net.cache();
    let mut grads = net.gradients();
    net.forward(x, &mut cache);
    let loss = net.backward(objective, y, &mut cache, &mut grads);
    let mut updated = net.clone();
    let mut step = grads.clone();
    updated.update_averaged(&mut step, averaged_over.max(1), learning_rate);
    Inspection {
        sample,
        x: x.to_vec(),
        y: y.to_vec(),
        sums: net.nest_like_biases(&cache.sums),
        outs: net.nest_like_biases(&cache.outs[net.n_inputs()..]),
        loss,
        deltas: net.nest_like_biases(&cache.deltas),
        grads_w: net.nest_like_weights(&grads.weights),
        grads_b: net.nest_like_biases(&grads.biases),
        learning_rate,
        averaged_over: averaged_over.max(1),
        new_weights: updated.nested_weights(),
        new_biases: updated.nested_biases(),
    }
}

/// One batch through the update training makes: the gradient summed over the batch's
/// samples, and the network and optimizer memory after the trainer's update (its
/// optimizer, regularization and dead links) with that gradient averaged.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchStep {
    /// The batch's summed loss (over samples and outputs).
    pub loss: f64,
    /// `Σ_samples grad_w`, nested as the weights.
    pub grads_w: Vec<Vec<Vec<f64>>>,
    /// `Σ_samples grad_b`, nested as the biases.
    pub grads_b: Vec<Vec<f64>>,
    /// What the sums are divided by before the update: samples × outputs.
    pub averaged_over: usize,
    /// The learning rate of the update.
    pub learning_rate: f64,
    /// The network after the update.
    pub network: Network,
    /// The optimizer's memory after the update (moments, steps, dead links).
    pub optimizer: OptimizerState,
}

/// Trains samples `which` of `data` (as the network sees them) as one batch with a copy of
/// `trainer` — [`Trainer::train_samples`], the code training runs — and keeps the numbers.
/// `net` and `trainer` are not changed.
pub fn batch_step(
    trainer: &Trainer,
    net: &Network,
    data: &crate::data::Dataset,
    which: &[usize],
) -> BatchStep {
    let mut trainer = trainer.clone();
    let mut network = net.clone();
    let (loss, summed) = trainer.train_samples(&mut network, data, which);
    BatchStep {
        loss,
        grads_w: net.nest_like_weights(&summed.weights),
        grads_b: net.nest_like_biases(&summed.biases),
        averaged_over: which.len() * net.n_outputs(),
        learning_rate: trainer.rate(),
        network,
        optimizer: trainer.optimizer_state().clone(),
    }
}

/// The loss's gradient over the first `limit` samples of `data` (as the network sees
/// them) at the current weights, averaged as training averages a batch (samples × outputs):
/// what a full-batch step would follow. `net` is not changed.
pub fn average_gradient(
    net: &Network,
    objective: &Objective,
    data: &crate::data::Dataset,
    limit: usize,
) -> super::Gradients {
    let mut cache = net.cache();
    let mut grads = net.gradients();
    let n = data.len().min(limit);
    for k in 0..n {
        net.forward(data.input(k), &mut cache);
        net.backward(objective, data.target(k), &mut cache, &mut grads);
    }
    if n > 0 {
        grads.average(n * net.n_outputs());
    }
    grads
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::nn::seed_example::{self, GRADS_B, GRADS_W, NEW_BIASES, NEW_WEIGHTS, assert_close};

    /// The reference's worked example (`../shared/docs/seed-algorithm.md`).
    fn reference_2_2_2() -> Network {
        seed_example::network()
    }

    #[test]
    fn the_reference_example_gives_the_reference_gradients_and_update() {
        let net = reference_2_2_2();
        let (x, y) = (seed_example::X, seed_example::Y);
        let i = inspect(
            &net,
            &Objective::reference(),
            0,
            (&x, &y),
            (seed_example::LR, 1),
        );
        let flat = |v: &Vec<Vec<Vec<f64>>>| v.concat().concat();
        assert_close(&flat(&i.grads_w), &GRADS_W);
        assert_close(&i.grads_b.concat(), &GRADS_B);
        assert_close(&flat(&i.new_weights), &NEW_WEIGHTS);
        assert_close(&i.new_biases.concat(), &NEW_BIASES);
        // The grads are delta · previous output; the bias grads are the deltas.
        assert_eq!(i.grads_b, i.deltas);
        for l in 0..2 {
            let prev = if l == 0 {
                x.to_vec()
            } else {
                i.outs[0].clone()
            };
            for (j, row) in i.grads_w[l].iter().enumerate() {
                for (k, g) in row.iter().enumerate() {
                    assert_eq!(*g, i.deltas[l][j] * prev[k]);
                }
            }
        }
        // Forward: out = act(sum), the loss is Σ ½(o − t)² over the outputs.
        for (act, (sums, outs)) in net.activations().iter().zip(i.sums.iter().zip(&i.outs)) {
            for (s, o) in sums.iter().zip(outs) {
                assert_eq!(act.apply(*s), *o);
            }
        }
        let o = &i.outs[1];
        let loss = 0.5 * (o[0] - y[0]).powi(2) + 0.5 * (o[1] - y[1]).powi(2);
        assert!((i.loss - loss).abs() < 1e-15, "{} vs {loss}", i.loss);
        assert_eq!(
            (i.sample, i.x.as_slice(), i.y.as_slice()),
            (0, &x[..], &y[..])
        );
        assert_eq!(i.learning_rate, 0.1);
    }

    #[test]
    fn the_json_form_has_every_field_once_a_line_each() {
        let net = reference_2_2_2();
        let i = inspect(
            &net,
            &Objective::reference(),
            0,
            (&[0.05, 0.1], &[0.01, 0.99]),
            (0.1, 1),
        );
        let text = i.to_json_lines().unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed,
            serde_json::to_value(&i).unwrap(),
            "every field, unchanged"
        );
        assert_eq!(text.lines().count(), Inspection::KEYS.len() + 2);
        assert!(text.lines().nth(1).unwrap().starts_with("  \"sample\": 0"));
    }

    #[test]
    fn averaged_over_the_outputs_the_update_is_an_online_training_step() {
        let net = reference_2_2_2();
        let (x, y) = ([0.05, 0.1], [0.01, 0.99]);
        let i = inspect(&net, &Objective::reference(), 0, (&x, &y), (0.1, 2));
        // The trainer on this one sample, online: the same weights, bit for bit.
        let mut data = crate::data::Dataset::new(
            vec!["x1".into(), "x2".into()],
            vec!["y1".into(), "y2".into()],
        );
        data.push(&x, &y);
        let config = crate::nn::TrainConfig {
            batch_size: 1,
            learning_rate: 0.1,
            shuffle: false,
            ..Default::default()
        };
        let mut trained = net.clone();
        let mut trainer = crate::nn::Trainer::new(&trained, config, &data).unwrap();
        trainer.train_batch(&mut trained, &data, &mut crate::seeded(0));
        assert_eq!(i.new_weights, trained.nested_weights());
        assert_eq!(i.new_biases, trained.nested_biases());
        assert_eq!(i.averaged_over, 2);
        // Not the reference's undivided step.
        let reference = inspect(&net, &Objective::reference(), 0, (&x, &y), (0.1, 1));
        assert_ne!(reference.new_weights, i.new_weights);
    }

    #[test]
    fn the_average_gradient_is_what_one_full_batch_step_follows() {
        let net = reference_2_2_2();
        let mut data = crate::data::Dataset::new(
            vec!["x1".into(), "x2".into()],
            vec!["y1".into(), "y2".into()],
        );
        data.push(&[0.05, 0.1], &[0.01, 0.99]);
        data.push(&[0.5, -0.3], &[0.2, 0.4]);
        data.push(&[1.0, 1.0], &[0.9, 0.1]);
        let g = average_gradient(&net, &Objective::reference(), &data, 100);
        // One full-batch SGD step with learning rate 1 moves each weight by −g.
        let config = crate::nn::TrainConfig {
            batch_size: 3,
            learning_rate: 1.0,
            shuffle: false,
            ..Default::default()
        };
        let mut trained = net.clone();
        let mut trainer = crate::nn::Trainer::new(&trained, config, &data).unwrap();
        trainer.train_batch(&mut trained, &data, &mut crate::seeded(0));
        for ((w, g), t) in net.weights().iter().zip(&g.weights).zip(trained.weights()) {
            assert!((w - g - t).abs() < 1e-15, "{w} − {g} vs {t}");
        }
        // A limit takes the first samples only.
        let first = average_gradient(&net, &Objective::reference(), &data, 1);
        let one = inspect(
            &net,
            &Objective::reference(),
            0,
            (data.input(0), data.target(0)),
            (1.0, 2),
        );
        let flat: Vec<f64> = one
            .grads_w
            .concat()
            .concat()
            .iter()
            .map(|g| g / 2.0)
            .collect();
        assert_eq!(first.weights, flat);
    }

    #[test]
    fn the_sums_are_weighted_inputs_plus_bias() {
        let net = reference_2_2_2();
        let i = inspect(
            &net,
            &Objective::reference(),
            3,
            (&[1.0, 2.0], &[0.0, 1.0]),
            (0.5, 1),
        );
        // Node 0 of the hidden layer: 0.15·1 + 0.2·2 + 0.35.
        assert!((i.sums[0][0] - 0.9).abs() < 1e-15, "{}", i.sums[0][0]);
        let h = &i.outs[0];
        let out0 = 0.4 * h[0] + 0.45 * h[1] + 0.6;
        assert!((i.sums[1][0] - out0).abs() < 1e-15);
        assert_eq!(i.sample, 3);
    }

    fn three_samples() -> crate::data::Dataset {
        let mut data = crate::data::Dataset::new(
            vec!["x1".into(), "x2".into()],
            vec!["y1".into(), "y2".into()],
        );
        data.push(&[0.05, 0.1], &[0.01, 0.99]);
        data.push(&[0.5, -0.3], &[0.2, 0.4]);
        data.push(&[1.0, 1.0], &[0.9, 0.1]);
        data
    }

    #[test]
    fn a_batch_step_is_the_trainers_batch_with_its_optimizer_and_summed_gradient() {
        use crate::nn::{Optimizer, OptimizerKind, Regularization, TrainConfig, Trainer};
        let net = reference_2_2_2();
        let data = three_samples();
        for kind in [
            OptimizerKind::Sgd,
            OptimizerKind::Momentum,
            OptimizerKind::Adam,
        ] {
            let config = TrainConfig {
                batch_size: 3,
                learning_rate: 0.3,
                shuffle: false,
                optimizer: Optimizer::of(kind),
                regularization: Regularization::L2,
                reg_rate: 0.01,
                ..Default::default()
            };
            // Two batches by the trainer: the second starts from the first's moments.
            let mut trained = net.clone();
            let mut trainer = Trainer::new(&trained, config, &data).unwrap();
            trainer.train_batch(&mut trained, &data, &mut crate::seeded(0));
            let after_one = trained.clone();
            let at_one = trainer.clone();
            trainer.train_batch(&mut trained, &data, &mut crate::seeded(0));

            let step = batch_step(&at_one, &after_one, &data, &[0, 1, 2]);
            assert_eq!(step.network, trained, "{kind:?}: bit for bit");
            assert_eq!(&step.optimizer, trainer.optimizer_state(), "{kind:?}");
            assert_eq!(step.averaged_over, 6);
            assert_eq!(step.learning_rate, 0.3);
            // The summed gradient: the three samples' gradients added.
            let mut sum = vec![0.0; net.weights().len()];
            for k in 0..3 {
                let i = inspect(
                    &after_one,
                    &Objective::reference(),
                    k,
                    (data.input(k), data.target(k)),
                    (0.3, 1),
                );
                for (s, g) in sum.iter_mut().zip(i.grads_w.concat().concat()) {
                    *s += g;
                }
            }
            assert_close(&step.grads_w.concat().concat(), &sum);
            assert_ne!(step.grads_w.concat().concat(), vec![0.0; 8]);
        }
    }

    #[test]
    fn a_batch_step_changes_neither_the_network_nor_the_trainer() {
        use crate::nn::{Optimizer, OptimizerKind, TrainConfig, Trainer};
        let net = reference_2_2_2();
        let data = three_samples();
        let config = TrainConfig {
            optimizer: Optimizer::of(OptimizerKind::Adam),
            ..TrainConfig::default()
        };
        let trainer = Trainer::new(&net, config, &data).unwrap();
        let step = batch_step(&trainer, &net, &data, &[1]);
        assert_eq!(net, reference_2_2_2());
        assert_ne!(step.network, net);
        assert_eq!(trainer.optimizer_state().step, 0);
        assert_eq!(step.optimizer.step, 1);
    }
}
