//! The window's controls a lesson can hide, one by one, and the TF Playground hide keys
//! (`<control>_hide=true`) that name them.

/// Every control of the window a lesson can hide, by its name in a lesson file.
pub const CONTROLS: [&str; 42] = [
    // Data panel.
    "dataset",
    "draw",
    "noise",
    "classes",
    "train_ratio",
    "data_seed",
    "import_csv",
    "features",
    "standardize",
    // Network panel and the diagram's controls.
    "layers",
    "neurons",
    "activation",
    "output_activation",
    "init",
    "seed",
    // Training panel.
    "learning_rate",
    "batch_size",
    "shuffle",
    "carry",
    "stop_after",
    "optimizer",
    "loss",
    "regularization",
    "reg_rate",
    "schedule",
    // Transport bar.
    "play",
    "step_epoch",
    "step_batch",
    "slow_step",
    "reset",
    "pace",
    // The map's options (View menu).
    "show_test",
    "discretize",
    // The views: the side panel's rewind and confusion, the loss plot, the windows (and
    // their View menu entries), and editing a weight or bias in the diagram.
    "rewind",
    "confusion",
    "loss_plot",
    "inspector",
    "hidden_space",
    "landscape",
    "runs",
    "race",
    "weight_edit",
];

/// TF Playground's hide keys (without `_hide`) and the control each hides.
pub const TF_HIDE_KEYS: [(&str, &str); 15] = [
    ("showTestData", "show_test"),
    ("discretize", "discretize"),
    ("playButton", "play"),
    ("stepButton", "step_epoch"),
    ("resetButton", "reset"),
    ("learningRate", "learning_rate"),
    ("activation", "activation"),
    ("regularization", "regularization"),
    ("regularizationRate", "reg_rate"),
    ("problem", "dataset"),
    ("dataset", "dataset"),
    ("percTrainData", "train_ratio"),
    ("noise", "noise"),
    ("batchSize", "batch_size"),
    ("numHiddenLayers", "layers"),
];

/// The control a TF hide key names, if any.
pub fn control_of_tf_key(key: &str) -> Option<&'static str> {
    TF_HIDE_KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, c)| *c)
}

/// `true` when `name` is a control of the window.
pub fn is_control(name: &str) -> bool {
    CONTROLS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tf_hide_key_names_a_control_of_the_window() {
        for (key, control) in TF_HIDE_KEYS {
            assert!(is_control(control), "{key} → {control}");
        }
        assert_eq!(control_of_tf_key("batchSize"), Some("batch_size"));
        assert_eq!(control_of_tf_key("frobnicate"), None);
        let mut sorted = CONTROLS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), CONTROLS.len(), "each control once");
    }
}
