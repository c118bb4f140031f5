//! The step inspector: one training sample through the three steps, every number as
//! training computes it (`Experiment::inspect`), the update the current optimizer makes
//! of it — alone, and at the end of its mini-batch (`Experiment::inspect_batch`) — and
//! buttons that take those steps.

use crate::app::i18n::{tr, trf};
use std::time::{Duration, Instant};

use egui::RichText;
use serde::{Deserialize, Serialize};

use crate::experiment::{Checkpoint, Experiment, Moment};
use crate::nn::explain::{self, Digits, NodeMaths};
use crate::nn::{BatchStep, Inspection, OptimizerKind, Regularization, TrainConfig};

/// What the inspector asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum InspectorAction {
    /// Train this sample alone: the online step shown.
    StepSample(usize),
    /// Train the batch of this sample: the batch's update shown.
    StepBatchOf(usize),
}

/// While training runs, the least time between two computations of a batch's step (a
/// full batch of a large data set is slow to go through).
const BATCH_REFRESH: Duration = Duration::from_millis(250);

/// The numbers shown, and what they were computed from.
#[derive(Clone, Debug)]
struct Shown {
    /// Sample, revision of the run, sample steps, the moment's epoch, settings.
    key: (usize, (u64, u64), u64, Option<u64>, TrainConfig),
    at: Instant,
    sample: Inspection,
    /// The weights and biases before any step (nested).
    before: (Vec<Vec<Vec<f64>>>, Vec<Vec<f64>>),
    online: BatchStep,
    batch: Option<(std::ops::Range<usize>, BatchStep)>,
}

/// The inspector window's state.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Inspector {
    /// The window is open.
    pub open: bool,
    /// The training sample shown (file order).
    pub sample: usize,
    /// Every digit (shortest round-trip form) instead of six decimals.
    pub full_precision: bool,
    /// The neuron whose maths are written out: weight layer (0: the first hidden layer)
    /// and node.
    pub maths: Option<(usize, usize)>,
    #[serde(skip)]
    shown: Option<Shown>,
}

impl Inspector {
    /// Shows sample `k`, opening the window.
    pub fn show_sample(&mut self, k: usize) {
        self.sample = k;
        self.open = true;
    }

    /// Writes out the maths of node `j` of weight layer `l`, opening the window.
    pub fn show_maths(&mut self, l: usize, j: usize) {
        self.maths = Some((l, j));
        self.open = true;
    }

    /// Draws the window (when open) for experiment `e` at the moment the rewind slider
    /// shows (`None`: now); returns what it asks for.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        e: &Experiment,
        moment: Option<&Checkpoint>,
    ) -> Option<InspectorAction> {
        let mut action = None;
        let mut open = self.open;
        egui::Window::new(tr("Step inspector"))
            .open(&mut open)
            .default_width(560.0)
            .default_height(520.0)
            .default_pos(super::beside_the_map(ctx, 560.0))
            .vscroll(true)
            .show(ctx, |ui| {
                let n = e.train_data().len();
                let Self {
                    sample,
                    full_precision,
                    maths,
                    shown,
                    ..
                } = self;
                *sample = (*sample).min(n.saturating_sub(1));
                ui.horizontal(|ui| {
                    ui.label(tr("Sample"));
                    if ui
                        .button(tr("Previous"))
                        .on_hover_text(tr("The previous sample"))
                        .clicked()
                    {
                        *sample = sample.saturating_sub(1);
                    }
                    ui.add(egui::DragValue::new(sample).range(0..=n.saturating_sub(1)))
                        .on_hover_text(tr(
                            "Training samples in file order; or click a point on the heatmap",
                        ));
                    if ui
                        .button(tr("Next"))
                        .on_hover_text(tr("The next sample"))
                        .clicked()
                    {
                        *sample = (*sample + 1).min(n.saturating_sub(1));
                    }
                    ui.label(trf!("of {}", n));
                    ui.checkbox(full_precision, tr("Full precision"));
                    let live = moment.is_none();
                    if ui
                        .add_enabled(live, egui::Button::new(tr("Step sample")))
                        .on_disabled_hover_text(tr(EARLIER))
                        .on_hover_text(tr(
                            "Take exactly the update below: one online step on this sample alone",
                        ))
                        .clicked()
                    {
                        action = Some(InspectorAction::StepSample(*sample));
                    }
                    let batch = e.batch_of(*sample);
                    if batch.len() > 1
                        && ui
                            .add_enabled(
                                live,
                                egui::Button::new(trf!(
                                    "Step batch {}–{}",
                                    batch.start,
                                    batch.end - 1
                                )),
                            )
                            .on_disabled_hover_text(tr(EARLIER))
                            .on_hover_text(tr(
                                "Take the batch's update below: its samples' gradients summed, \
                                 averaged and applied once",
                            ))
                            .clicked()
                    {
                        action = Some(InspectorAction::StepBatchOf(*sample));
                    }
                });
                if let Some(c) = moment {
                    ui.weak(trf!(
                        "At epoch {}, the moment the rewind slider shows.",
                        c.epoch
                    ));
                }
                let m = moment.map_or_else(|| e.now(), Moment::from);
                let Some(s) = refresh(shown, e, m, *sample) else {
                    ui.label(tr("There are no training samples."));
                    return;
                };
                let digits = if *full_precision {
                    Digits::All
                } else {
                    Digits::default()
                };
                let layers = m.network.layers();
                let valid = |&(l, j): &(usize, usize)| l + 1 < layers.len() && j < layers[l + 1];
                if let Some(node) = maths.filter(valid) {
                    let node_maths =
                        explain::node_maths(m.network, e.objective(), &s.sample, node, digits);
                    maths_ui(ui, &node_maths, layers.len(), maths);
                    let config = &e.settings().config;
                    let plain = config.optimizer.kind == OptimizerKind::Sgd
                        && config.regularization == Regularization::None;
                    if !plain {
                        ui.weak(trf!(
                            "The update above is plain gradient descent; training's ({}) is \
                             in the “after sample” column below.",
                            rule(config, s.online.learning_rate)
                        ));
                    }
                }
                steps_ui(ui, s, &e.settings().config, *full_precision, maths);
            });
        self.open = open;
        action
    }
}

/// One neuron's equations, by step, with a button that hides them.
fn maths_ui(ui: &mut egui::Ui, m: &NodeMaths, layers: usize, maths: &mut Option<(usize, usize)>) {
    let name = if m.layer + 2 == layers {
        trf!("Output {}", m.node + 1)
    } else {
        trf!("Hidden layer {}, neuron {}", m.layer + 1, m.node + 1)
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(trf!("{}: its maths", name)).strong());
            if ui.button(tr("Hide maths")).clicked() {
                *maths = None;
            }
        });
        let mut step = None;
        for (s, line) in &m.lines {
            if step != Some(*s) {
                ui.label(RichText::new(tr(s.title())).italics());
                step = Some(*s);
            }
            ui.label(RichText::new(super::i18n::maths(line)).monospace());
        }
    });
}

/// Why a step cannot be taken while an earlier moment is shown.
const EARLIER: &str = "Showing an earlier moment: Continue from here to step it";

/// The numbers for sample `k` at moment `m` of `e`, recomputed when the run has moved on
/// (a batch's at most every [`BATCH_REFRESH`] while training runs).
fn refresh<'a>(
    shown: &'a mut Option<Shown>,
    e: &Experiment,
    m: Moment<'_>,
    k: usize,
) -> Option<&'a Shown> {
    let config = e.settings().config;
    let viewing = (m.epoch != e.epoch() || m.network != e.network()).then_some(m.epoch);
    let key = (k, e.revision(), e.sample_steps(), viewing, config);
    let fresh = shown.as_ref().is_some_and(|s| {
        s.key == key
            || (s.key.0 == k
                && s.key.1 == key.1
                && s.key.3 == viewing
                && s.key.4 == config
                && e.is_playing()
                && s.at.elapsed() < BATCH_REFRESH)
    });
    if !fresh {
        let sample = e.inspect_at(m, k)?;
        let online = e.inspect_batch_at(m, k..k + 1)?;
        let range = e.batch_of(k);
        let batch = (range.len() > 1)
            .then(|| e.inspect_batch_at(m, range.clone()).map(|b| (range, b)))
            .flatten();
        *shown = Some(Shown {
            key,
            at: Instant::now(),
            sample,
            before: (m.network.nested_weights(), m.network.nested_biases()),
            online,
            batch,
        });
    }
    shown.as_ref()
}

/// The update rule in words.
fn rule(config: &TrainConfig, rate: f64) -> String {
    let mut rule = trf!("{}, learning rate {}", config.optimizer.kind.name(), rate);
    if config.regularization != Regularization::None {
        rule.push_str(&format!(
            ", {} {}",
            config.regularization.name(),
            config.reg_rate
        ));
    }
    rule
}

/// The weight tables' headings: with a batch's columns when `batch`.
fn weight_heads(ui: &mut egui::Ui, batch: bool) {
    let mut heads = vec!["to", "from", "weight", "delta", "grad", "after sample"];
    if batch {
        heads.extend(["Σ grad", "after batch"]);
    }
    for h in heads {
        ui.label(tr(h));
    }
    ui.end_row();
}

/// The three steps' numbers.
fn steps_ui(
    ui: &mut egui::Ui,
    shown: &Shown,
    config: &TrainConfig,
    full: bool,
    maths: &mut Option<(usize, usize)>,
) {
    let Shown {
        sample: s,
        before,
        online,
        batch,
        ..
    } = shown;
    let f = |v: f64| {
        if full {
            format!("{v}")
        } else {
            format!("{v:.6}")
        }
    };
    let list = |v: &[f64]| v.iter().map(|&x| f(x)).collect::<Vec<_>>().join(", ");
    ui.label(format!("x = [{}]    y = [{}]", list(&s.x), list(&s.y)));

    ui.add_space(4.0);
    ui.label(
        RichText::new(tr(
            "1. Forward: sum = Σ w·out_prev + b, out = activation(sum)",
        ))
        .strong(),
    );
    egui::Grid::new("forward").striped(true).show(ui, |ui| {
        ui.label(tr("layer"));
        ui.label(tr("node"));
        ui.label(tr("sum"));
        ui.label(tr("out"));
        ui.end_row();
        for (l, (sums, outs)) in s.sums.iter().zip(&s.outs).enumerate() {
            for (j, (sum, out)) in sums.iter().zip(outs).enumerate() {
                ui.label(format!("{}", l + 1));
                let picked = *maths == Some((l, j));
                if ui
                    .selectable_label(picked, format!("{}", j + 1))
                    .on_hover_text(tr("Write out this neuron's maths with its numbers"))
                    .clicked()
                {
                    *maths = Some((l, j));
                }
                ui.monospace(f(*sum));
                ui.monospace(f(*out));
                ui.end_row();
            }
        }
    });
    ui.label(trf!("loss (summed over the outputs) = {}", f(s.loss)));

    ui.add_space(4.0);
    ui.label(
        RichText::new(tr(
            "2. Back-propagation: delta = ∂loss/∂sum, grad_w = delta · out_prev, grad_b = delta",
        ))
        .strong(),
    );
    ui.label(
        RichText::new(trf!(
            "3. Update ({}): “after sample” steps on this sample alone, its gradient / {} \
             (the outputs)",
            rule(config, online.learning_rate),
            online.averaged_over
        ))
        .strong(),
    );
    if let Some((range, b)) = batch {
        ui.label(
            RichText::new(trf!(
                "In mini-batches of {}: samples {}–{} (file order) add up their gradients \
                 (Σ grad); at the batch's end one update steps on Σ grad / {} \
                 (“after batch”). Batch loss {}.",
                range.len(),
                range.start,
                range.end - 1,
                b.averaged_over,
                f(b.loss)
            ))
            .strong(),
        );
        if config.shuffle {
            ui.weak(tr(
                "Training shuffles the samples each epoch, so its batches differ from these.",
            ));
        }
    }
    let online_w = online.network.nested_weights();
    let online_b = online.network.nested_biases();
    let batch_wb = batch
        .as_ref()
        .map(|(_, b)| (b, b.network.nested_weights(), b.network.nested_biases()));
    for (l, rows) in s.grads_w.iter().enumerate() {
        egui::CollapsingHeader::new(trf!("Weights into layer {}", l + 1))
            .default_open(l + 1 == s.grads_w.len())
            .show(ui, |ui| {
                egui::Grid::new(("weights", l))
                    .striped(true)
                    .show(ui, |ui| {
                        weight_heads(ui, batch_wb.is_some());
                        for (j, row) in rows.iter().enumerate() {
                            for (i, g) in row.iter().enumerate() {
                                ui.label(format!("{}", j + 1));
                                // The first layer's weights come from the inputs.
                                let from = if l == 0 {
                                    format!("x{}", i + 1)
                                } else {
                                    format!("{}", i + 1)
                                };
                                ui.label(from);
                                ui.monospace(f(before.0[l][j][i]));
                                ui.monospace(f(s.deltas[l][j]));
                                ui.monospace(f(*g));
                                ui.monospace(f(online_w[l][j][i]));
                                if let Some((b, w, _)) = &batch_wb {
                                    ui.monospace(f(b.grads_w[l][j][i]));
                                    ui.monospace(f(w[l][j][i]));
                                }
                                ui.end_row();
                            }
                            ui.label(format!("{}", j + 1));
                            ui.label(tr("bias"));
                            ui.monospace(f(before.1[l][j]));
                            ui.monospace(f(s.deltas[l][j]));
                            ui.monospace(f(s.grads_b[l][j]));
                            ui.monospace(f(online_b[l][j]));
                            if let Some((b, _, biases)) = &batch_wb {
                                ui.monospace(f(b.grads_b[l][j]));
                                ui.monospace(f(biases[l][j]));
                            }
                            ui.end_row();
                        }
                    });
            });
    }
}
