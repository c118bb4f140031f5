//! Training hyper-parameters: learning rate, batch size, shuffling, when to stop.

use crate::app::i18n::tr;
use serde::{Deserialize, Serialize};

use crate::app::hidden::shown;
use crate::nn::{Loss, Optimizer, OptimizerKind, Regularization, Schedule, StopRule, TrainConfig};

/// TF Playground's learning-rate choices.
pub const LEARNING_RATES: [f64; 11] = [
    0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0,
];

/// What the panel asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum TrainingAction {
    /// Settings changed: tell the worker.
    Configure,
}

/// The training panel's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingPanel {
    /// Batch size, learning rate, shuffling, optimizer, loss, regularization, schedule.
    pub config: TrainConfig,
    /// Loss threshold and early stopping.
    pub stop: StopRule,
    /// Pause by itself after this many epochs, when on.
    pub stop_after: Option<u64>,
    /// Play at most this many epochs a second (`None`: as fast as the machine goes).
    pub pace: Option<f64>,
    /// Training samples available (for the full-batch preset; not saved).
    #[serde(skip)]
    pub n_train: usize,
}

/// A pace one can watch: about one epoch a frame.
pub const DEFAULT_PACE: f64 = 60.0;

impl Default for TrainingPanel {
    /// The reference demo: lr 0.02, online, shuffled, SGD on half squared error, no stop.
    fn default() -> Self {
        TrainingPanel {
            config: TrainConfig::default(),
            stop: StopRule::default(),
            stop_after: None,
            pace: Some(DEFAULT_PACE),
            n_train: 600,
        }
    }
}

impl TrainingPanel {
    /// Takes the settings a model file or the command line gives.
    pub fn adopt(&mut self, t: &crate::model_file::TrainingSettings) {
        self.config = t.config;
        self.stop = t.stop;
    }

    /// The settings as the trainer takes them.
    pub fn config(&self) -> TrainConfig {
        self.config
    }

    /// Draws the panel; returns what it asks for.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<TrainingAction> {
        let before = self.clone();
        let Self {
            config,
            stop,
            stop_after,
            n_train,
            ..
        } = self;
        let TrainConfig {
            batch_size,
            learning_rate,
            shuffle,
            optimizer,
            loss,
            regularization,
            reg_rate,
            schedule,
            carry_remainder,
        } = config;

        if shown(ui, "learning_rate") {
            learning_rate_ui(ui, learning_rate);
        }
        if shown(ui, "batch_size") {
            batch_size_ui(ui, batch_size, *n_train);
        }
        if shown(ui, "shuffle") {
            ui.checkbox(shuffle, tr("Shuffle each epoch"))
                .on_hover_text(tr(
                    "Visit the samples in a new random order each epoch (off: file order)",
                ));
        }
        if shown(ui, "carry") {
            ui.checkbox(carry_remainder, tr("Carry a short last batch"))
                .on_hover_text(tr(
                    "TF Playground's step: when the batch size does not divide the samples, \
                     the epoch's last, short batch is applied with the next epoch's first \
                     (off: on its own)",
                ));
        }

        let stop_shown = shown(ui, "stop_after");
        ui.horizontal(|ui| {
            if !stop_shown {
                return;
            }
            let mut on = stop_after.is_some();
            let toggle = ui
                .checkbox(&mut on, tr("Stop after"))
                .on_hover_text(tr("Pause by itself when this many epochs are done"));
            let mut n = stop_after.unwrap_or(100);
            let value = ui.add_enabled(
                on,
                egui::DragValue::new(&mut n)
                    .range(1..=u64::MAX)
                    .suffix(tr(" epochs")),
            );
            value
                .labelled_by(toggle.id)
                .on_hover_text(tr("Epoch at which training pauses"));
            *stop_after = on.then_some(n);
        });

        if shown(ui, "optimizer") {
            optimizer_ui(ui, optimizer);
        }
        if shown(ui, "loss") {
            loss_ui(ui, loss);
        }
        regularization_ui(ui, regularization, reg_rate);
        if shown(ui, "schedule") {
            schedule_ui(ui, schedule);
        }
        if shown(ui, "stop_after") {
            stop_ui(ui, stop);
        }

        (*self != before).then_some(TrainingAction::Configure)
    }
}

/// The learning rate: TF Playground's choices, or any.
fn learning_rate_ui(ui: &mut egui::Ui, learning_rate: &mut f64) {
    ui.horizontal(|ui| {
        let label = ui.label(tr("Learning rate"));
        egui::ComboBox::from_id_salt("learning rate presets")
            .selected_text(format!("{learning_rate}"))
            .show_ui(ui, |ui| {
                for lr in LEARNING_RATES {
                    ui.selectable_value(learning_rate, lr, format!("{lr}"));
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(tr("TF Playground's choices"));
        ui.add(
            egui::DragValue::new(learning_rate)
                .range(0.0..=100.0)
                .speed(0.001)
                .max_decimals(6),
        )
        .labelled_by(label.id)
        .on_hover_text(tr(
            "Any learning rate: how far each update moves the weights (w = w − lr·grad)",
        ));
    });
}

/// The batch size, and online / mini-batch / full batch.
fn batch_size_ui(ui: &mut egui::Ui, batch_size: &mut usize, n_train: usize) {
    ui.horizontal(|ui| {
        let label = ui.label(tr("Batch size"));
        let n = n_train.max(1);
        ui.add(egui::DragValue::new(batch_size).range(1..=n))
            .labelled_by(label.id)
            .on_hover_text(tr("Samples whose gradients are averaged into one update"));
    });
    ui.horizontal(|ui| {
        let n = n_train.max(1);
        if ui
            .selectable_label(*batch_size == 1, tr("Online"))
            .on_hover_text(tr("Batch size 1: update after every sample"))
            .clicked()
        {
            *batch_size = 1;
        }
        if ui
            .selectable_label(*batch_size > 1 && *batch_size < n, tr("Mini-batch"))
            .on_hover_text(tr("Batch size 10"))
            .clicked()
        {
            *batch_size = 10.min(n);
        }
        if ui
            .selectable_label(*batch_size >= n, tr("Full batch"))
            .on_hover_text(tr(
                "One update per epoch, averaged over every training sample",
            ))
            .clicked()
        {
            *batch_size = n;
        }
    });
}

/// A labelled combo box over `choices`.
fn choose<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    choices: &[T],
    name: impl Fn(T) -> &'static str,
    tip: &str,
) {
    ui.horizontal(|ui| {
        let l = ui.label(tr(label));
        egui::ComboBox::from_id_salt(label)
            .selected_text(name(*value))
            .show_ui(ui, |ui| {
                for &c in choices {
                    let choice = ui.selectable_value(value, c, name(c));
                    if let Some(meaning) = super::terms::explain(name(c)) {
                        choice.on_hover_text(tr(meaning));
                    }
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text(tr(tip));
    });
}

/// A labelled tiny positive number (ε), shown in scientific notation.
fn epsilon(ui: &mut egui::Ui, value: &mut f64) {
    ui.horizontal(|ui| {
        let l = ui.label("ε");
        ui.add(
            egui::DragValue::new(value)
                .range(1e-12..=1.0)
                .speed(1e-9)
                .custom_formatter(|v, _| format!("{v:.1e}"))
                .custom_parser(|s| s.trim().parse().ok()),
        )
        .labelled_by(l.id)
        .on_hover_text(tr("Keeps the division finite; > 0"));
    });
}

/// A labelled number in a range; out-of-range entries are clamped where the user sees it.
fn number(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    tip: &str,
) {
    ui.horizontal(|ui| {
        let l = ui.label(tr(label));
        ui.add(
            egui::DragValue::new(value)
                .range(range)
                .speed(0.001)
                .max_decimals(10),
        )
        .labelled_by(l.id)
        .on_hover_text(tr(tip));
    });
}

fn optimizer_ui(ui: &mut egui::Ui, optimizer: &mut Optimizer) {
    let before = optimizer.kind;
    choose(
        ui,
        "Optimizer",
        &mut optimizer.kind,
        &OptimizerKind::ALL,
        OptimizerKind::name,
        "How the averaged gradient moves the weights (PyTorch's update rules)",
    );
    if optimizer.kind != before {
        *optimizer = Optimizer::of(optimizer.kind);
    }
    let beta_max = 0.999_999;
    match optimizer.kind {
        OptimizerKind::Sgd => {}
        OptimizerKind::Momentum | OptimizerKind::Nesterov => number(
            ui,
            "Momentum μ",
            &mut optimizer.momentum,
            0.0..=beta_max,
            "Share of the previous step kept in the next, in [0, 1)",
        ),
        OptimizerKind::Rmsprop => {
            number(
                ui,
                "α",
                &mut optimizer.beta2,
                0.0..=beta_max,
                "Decay of the squared-gradient average, in [0, 1)",
            );
            epsilon(ui, &mut optimizer.eps);
        }
        OptimizerKind::Adam => {
            number(
                ui,
                "β1",
                &mut optimizer.beta1,
                0.0..=beta_max,
                "Decay of the first moment, in [0, 1)",
            );
            number(
                ui,
                "β2",
                &mut optimizer.beta2,
                0.0..=beta_max,
                "Decay of the second moment, in [0, 1)",
            );
            epsilon(ui, &mut optimizer.eps);
        }
    }
}

fn loss_ui(ui: &mut egui::Ui, loss: &mut Loss) {
    choose(
        ui,
        "Loss",
        loss,
        &Loss::ALL,
        Loss::name,
        "half-se: the reference's ½(o−t)²; mse: (o−t)²; bce: cross-entropy for ±1 or 0/1 labels \
         (use a sigmoid or tanh output)",
    );
}

fn regularization_ui(ui: &mut egui::Ui, reg: &mut Regularization, rate: &mut f64) {
    if shown(ui, "regularization") {
        choose(
            ui,
            "Regularization",
            reg,
            &Regularization::ALL,
            Regularization::name,
            "A penalty on large weights, applied after each update as TF Playground does",
        );
    }
    if *reg != Regularization::None && shown(ui, "reg_rate") {
        number(
            ui,
            "Regularization rate",
            rate,
            0.0..=10.0,
            "Strength of the penalty, ≥ 0",
        );
    }
}

fn schedule_ui(ui: &mut egui::Ui, schedule: &mut Schedule) {
    let names = ["constant", "step decay", "exponential decay"];
    let mut which = match schedule {
        Schedule::Constant => 0,
        Schedule::Step { .. } => 1,
        Schedule::Exp { .. } => 2,
    };
    ui.horizontal(|ui| {
        let l = ui.label(tr("LR schedule"));
        egui::ComboBox::from_id_salt("LR schedule")
            .selected_text(tr(names[which]))
            .show_ui(ui, |ui| {
                for (i, n) in names.iter().enumerate() {
                    ui.selectable_value(&mut which, i, tr(n));
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text(tr("How the learning rate changes as epochs pass"));
    });
    *schedule = match (which, *schedule) {
        (0, _) => Schedule::Constant,
        (1, Schedule::Step { every, factor }) => Schedule::Step { every, factor },
        (1, _) => Schedule::Step {
            every: 100,
            factor: 0.5,
        },
        (_, Schedule::Exp { gamma }) => Schedule::Exp { gamma },
        _ => Schedule::Exp { gamma: 0.99 },
    };
    match schedule {
        Schedule::Constant => {}
        Schedule::Step { every, factor } => {
            ui.horizontal(|ui| {
                let l = ui.label(tr("Every"));
                ui.add(
                    egui::DragValue::new(every)
                        .range(1..=1_000_000)
                        .suffix(tr(" epochs")),
                )
                .labelled_by(l.id)
                .on_hover_text(tr("Epochs between drops"));
            });
            number(
                ui,
                "Factor",
                factor,
                1e-6..=1.0,
                "Multiplier at each drop, in (0, 1]",
            );
        }
        Schedule::Exp { gamma } => {
            number(
                ui,
                "Gamma",
                gamma,
                1e-6..=1.0,
                "Multiplier per epoch, in (0, 1]",
            );
        }
    }
}

fn stop_ui(ui: &mut egui::Ui, stop: &mut StopRule) {
    ui.horizontal(|ui| {
        let mut on = stop.loss_below.is_some();
        let toggle = ui.checkbox(&mut on, tr("Stop at loss")).on_hover_text(tr(
            "Pause once the test loss (or the train loss) is at or below this",
        ));
        let mut v = stop.loss_below.unwrap_or(0.001);
        ui.add_enabled(
            on,
            egui::DragValue::new(&mut v)
                .range(0.0..=1e6)
                .speed(0.0001)
                .max_decimals(8),
        )
        .labelled_by(toggle.id);
        stop.loss_below = on.then_some(v);
        ui.add_enabled(
            on,
            egui::Checkbox::new(&mut stop.on_train_loss, tr("train")),
        )
        .on_hover_text(tr("Watch the train loss instead of the test loss"));
    });
    ui.horizontal(|ui| {
        let mut on = stop.patience.is_some();
        let toggle = ui.checkbox(&mut on, tr("Early stopping")).on_hover_text(tr(
            "Pause when the test loss has not improved for this many epochs",
        ));
        let mut k = stop.patience.unwrap_or(50);
        ui.add_enabled(
            on,
            egui::DragValue::new(&mut k)
                .range(1..=1_000_000)
                .suffix(tr(" epochs")),
        )
        .labelled_by(toggle.id);
        stop.patience = on.then_some(k);
        ui.add_enabled(
            on,
            egui::Checkbox::new(&mut stop.restore_best, tr("restore best")),
        )
        .on_hover_text(tr("Go back to the weights of the best test loss"));
        if !on {
            stop.restore_best = false;
        }
    });
}
