//! What the panels hold, remembered between runs, and how it turns into an experiment (and
//! back, when the command line or a model file sets it).

use serde::{Deserialize, Serialize};

use crate::app::data_panel::DataPanel;
use crate::app::diagram::NetworkDiagram;
use crate::app::heatmap::Heatmap;
use crate::app::hidden_space::HiddenSpace;
use crate::app::inspector::Inspector;
use crate::app::landscape_view::LandscapeView;
use crate::app::loss_plot::LossPlot;
use crate::app::network_panel::NetworkPanel;
use crate::app::runs_panel::RunsPanel;
use crate::app::training_panel::TrainingPanel;
use crate::data::{Dataset, Preprocess};
use crate::experiment::{Experiment, ExperimentError, Opened, RunSettings, Setup, Start};
use crate::model_file::TrainingSettings;
use crate::nn::Network;

/// What the app remembers between runs.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    /// The network editor.
    pub network: NetworkPanel,
    /// The data panel.
    pub data: DataPanel,
    /// The training panel.
    pub training: TrainingPanel,
    /// The loss plot's settings.
    pub loss_plot: LossPlot,
    /// The heatmap's settings.
    pub heatmap: Heatmap,
    /// The network diagram's settings.
    pub diagram: NetworkDiagram,
    /// The step inspector.
    pub inspector: Inspector,
    /// The hidden-space view.
    pub hidden_space: HiddenSpace,
    /// The runs list.
    pub runs: RunsPanel,
    /// The loss landscape window.
    pub landscape: LandscapeView,
}

impl Persisted {
    /// How the worker is to train: the training panel's settings.
    pub fn run_settings(&self) -> RunSettings {
        RunSettings {
            config: self.training.config(),
            stop_at: self.training.stop_after,
            stop: self.training.stop,
            pace: self.training.pace,
        }
    }

    /// The settings a saved model records.
    pub fn training_settings(&self) -> TrainingSettings {
        TrainingSettings {
            config: self.training.config,
            init: self.network.init,
            seed: self.network.seed,
            stop: self.training.stop,
        }
    }

    /// A fresh run of the editor's network on `(train, test)`, with the data panel's input
    /// features; the editor takes the data's input and output counts.
    pub fn fresh_start(&mut self, data: (Dataset, Dataset)) -> Result<Start, ExperimentError> {
        let preprocess = self.data.preprocess(&data.0)?;
        let network = self.fresh_network(&preprocess, &data.0)?;
        Ok(Start::fresh(network, data, preprocess, self.network.seed))
    }

    /// A fresh run on the data panel's data.
    pub fn restore(&mut self) -> Result<Start, ExperimentError> {
        let data = self.data.load()?;
        self.fresh_start(data)
    }

    /// A network of the editor's shape for `train`, initialised by its scheme and seed.
    fn fresh_network(
        &mut self,
        preprocess: &Preprocess,
        train: &Dataset,
    ) -> Result<Network, ExperimentError> {
        self.network.inputs = preprocess.n_inputs(train.n_inputs());
        self.fit_output_to(train);
        let mut net = self.network.build()?;
        net.initialize(self.network.init, &mut crate::seeded(self.network.seed));
        self.network.applied = Some((self.network.init, self.network.seed));
        Ok(net)
    }

    /// The output layer follows the data: a node per target; one-hot classes are learnt
    /// with a softmax output and cross-entropy, and a single output is never a softmax (a
    /// whole layer's activation) nor trained on cross-entropy.
    pub fn fit_output_to(&mut self, train: &Dataset) {
        use crate::nn::{Activation, Loss};
        let targets = train.n_targets();
        self.network.outputs = targets;
        let output = &mut self.network.output_activation;
        let loss = &mut self.training.config.loss;
        if crate::nn::one_hot_classes(train).is_some() {
            *output = Activation::Softmax;
            *loss = Loss::CrossEntropy;
            return;
        }
        if *output == Activation::Softmax && targets < 2 {
            // ±1 labels as TF Playground learns them; any other target as it is.
            *output = if crate::nn::class_labels(train).is_some() {
                Activation::Tanh
            } else {
                Activation::Identity
            };
        }
        if *loss == Loss::CrossEntropy && *output != Activation::Softmax {
            *loss = Loss::HalfSquaredError;
        }
    }

    /// The panels show a command-line experiment; `epochs` more are trained before a pause.
    pub fn adopt_setup(&mut self, s: &Setup, epochs: Option<usize>) {
        self.network.adopt(&s.network);
        self.network.init = s.training.init;
        self.network.seed = s.training.seed;
        self.network.applied = Some((s.training.init, s.training.seed));
        self.data.spec = s.data.clone();
        self.training.adopt(&s.training);
        self.data.features = s.preprocess.features.clone();
        self.data.standardize = s.preprocess.standardize.is_some();
        if let Some(epochs) = epochs {
            self.training.stop_after = Some(s.start_epoch + epochs as u64);
        }
    }

    /// The panels show an opened model.
    pub fn adopt_model(&mut self, opened: &Opened) {
        let model = &opened.model;
        self.data.spec = opened.data.clone();
        self.data.features = model.preprocess.features.clone();
        self.data.standardize = model.preprocess.standardize.is_some();
        self.network.adopt(&model.network);
        if let Some(t) = &model.training {
            self.network.init = t.init;
            self.network.seed = t.seed;
            self.network.applied = Some((t.init, t.seed));
            self.training.adopt(t);
        }
    }

    /// The panels follow the experiment's current run: its data's size and the network's
    /// input and output counts; the heatmap spans the new data.
    pub fn follow(&mut self, e: &Experiment) {
        self.network.inputs = e.network().n_inputs();
        self.network.outputs = e.network().n_outputs();
        self.training.n_train = e.train_data().len();
        self.heatmap.follow_data(e.train_data(), e.test_data());
    }
}

/// What to remember of the settings `now`, when a launch (flags, a file named at start)
/// set them up as `launched` over what was `remembered` before: the user's own changes —
/// where `now` differs from `launched` — and what was remembered everywhere else. Objects
/// are merged key by key; any other value is taken whole.
pub fn to_remember(
    now: &serde_json::Value,
    launched: &serde_json::Value,
    remembered: &serde_json::Value,
) -> serde_json::Value {
    use serde_json::Value;
    match (now, launched, remembered) {
        (Value::Object(now), Value::Object(launched), Value::Object(remembered)) => {
            let merged = now.iter().map(|(key, value)| {
                let kept = match (launched.get(key), remembered.get(key)) {
                    (Some(l), Some(r)) => to_remember(value, l, r),
                    _ => value.clone(),
                };
                (key.clone(), kept)
            });
            Value::Object(merged.collect())
        }
        _ if now == launched => remembered.clone(),
        _ => now.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_launch_gives_way_to_what_was_remembered_and_the_users_own_changes_are_kept() {
        let remembered =
            json!({"training": {"stop_after": null, "lr": 0.1}, "data": {"noise": 0.2}});
        let launched = json!({"training": {"stop_after": 3, "lr": 0.5}, "data": {"noise": 0.2}});
        // Nothing changed by hand: the next start is as before the launch.
        assert_eq!(to_remember(&launched, &launched, &remembered), remembered);
        // The user changed the noise and the learning rate: those are remembered, the
        // launch's stop epoch is not.
        let now = json!({"training": {"stop_after": 3, "lr": 0.7}, "data": {"noise": 0.4}});
        assert_eq!(
            to_remember(&now, &launched, &remembered),
            json!({"training": {"stop_after": null, "lr": 0.7}, "data": {"noise": 0.4}})
        );
    }
}
