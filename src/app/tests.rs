//! The app driven as a person drives it, through egui_kittest: no display needed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::GuiArgs;
use super::ScratchnetApp;
use super::diagram::DiagramAction;
use super::palette::value_color;
use super::plane::Domain;
use crate::data::{DatasetKind, Feature};
use crate::experiment::ExperimentArgs;
use crate::experiment::Parameter;
use crate::nn::{Activation, Init, Loss, OptimizerKind};

/// The app in a test window: no remembered settings, and no recovery in the user's data
/// folder (a test that needs it names its own folder: `recover_in`).
pub(super) fn harness(args: GuiArgs) -> Harness<'static, ScratchnetApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let ctx = cc.egui_ctx.clone();
            ScratchnetApp::build(args, None, Arc::new(move || ctx.request_repaint()))
        })
}

/// The longest a test waits for the app: far more than any of them needs, and short
/// enough that a broken trainer fails the test instead of hanging it.
const WAIT: Duration = Duration::from_secs(60);

/// Steps frames (with real time passing, for the worker) until `done` holds.
fn step_until(
    h: &mut Harness<'_, ScratchnetApp>,
    what: &str,
    done: impl Fn(&ScratchnetApp) -> bool,
) {
    let deadline = Instant::now() + WAIT;
    while !done(h.state()) {
        assert!(
            Instant::now() < deadline,
            "{WAIT:?} passed waiting for: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
}

/// Presses Step epoch and waits until the worker reports epoch `n`.
pub(super) fn press_step_epoch(h: &mut Harness<'_, ScratchnetApp>, n: u64) {
    h.get_by_label("Step epoch").click();
    step_until(h, "the stepped epoch", |a| a.workspace().epoch() == n);
}

#[test]
fn pressing_play_makes_epochs_advance_and_pause_stops_them() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    assert_eq!(h.state().workspace().epoch(), 0);
    h.get_by_label("Play").click();
    step_until(&mut h, "epochs to advance", |a| a.workspace().epoch() >= 5);
    assert!(h.state().workspace().is_playing());
    assert!(
        h.state().workspace().history().len() >= 5,
        "the loss curve fills"
    );

    h.get_by_label("Pause").click();
    step_until(&mut h, "the worker to pause", |a| {
        !a.workspace().is_playing()
    });
    h.run_steps(2);
    let paused_at = h.state().workspace().epoch();
    std::thread::sleep(Duration::from_millis(200));
    h.run_steps(3);
    assert_eq!(
        h.state().workspace().epoch(),
        paused_at,
        "no epoch after Pause"
    );
}

#[test]
fn space_toggles_training() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.key_press(egui::Key::Space);
    h.run_steps(1);
    assert!(h.state().workspace().is_playing());
    step_until(&mut h, "an epoch", |a| a.workspace().epoch() >= 1);
    h.key_press(egui::Key::Space);
    h.run_steps(1);
    step_until(&mut h, "the pause", |a| !a.workspace().is_playing());
}

#[test]
fn step_epoch_trains_exactly_one_epoch_with_the_reference_loss() {
    let args = GuiArgs {
        experiment: ExperimentArgs {
            no_shuffle: true,
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    assert_eq!(
        h.state().workspace().history().train_loss,
        vec![0.12389566068516679]
    );
    assert!(!h.state().workspace().is_playing());
}

#[test]
fn adding_a_layer_changes_the_parameter_count() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.get_by_label("Parameters: 13");
    h.get_by_label("+ Add layer").click();
    h.run_steps(2);
    h.get_by_label("Parameters: 25");
    assert_eq!(h.state().workspace().network().layers(), [2, 3, 3, 1]);
    h.get_by_label("− Remove layer").click();
    h.run_steps(2);
    h.get_by_label("Parameters: 13");
    assert_eq!(h.state().workspace().network().layers(), [2, 3, 1]);
}

#[test]
fn reshaping_a_trained_network_asks_first() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    h.get_by_label("+ Add layer").click();
    h.run_steps(2);
    assert!(h.state().workspace().is_asking());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().workspace().is_asking());
    assert_eq!(
        h.state().workspace().network_panel().hidden.len(),
        1,
        "the edit is undone"
    );
    assert_eq!(
        h.state().workspace().epoch(),
        1,
        "the trained network stays"
    );

    h.get_by_label("+ Add layer").click();
    h.run_steps(2);
    h.get_by_label("Discard and rebuild").click();
    h.run_steps(2);
    assert_eq!(h.state().workspace().epoch(), 0);
    assert_eq!(h.state().workspace().network().layers(), [2, 3, 3, 1]);
}

#[test]
fn a_malformed_model_file_shows_an_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, r#"{"format":"scratchnet.model","layers":[2,3"#).unwrap();
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    let before = h.state().workspace().network().clone();
    h.state_mut().workspace_mut().open_model_reporting(&bad);
    h.run_steps(2);
    h.get_by_label("Something went wrong");
    h.get_by_label_contains("broken.json");
    assert_eq!(h.state().workspace().network(), &before);
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().workspace().error().is_none());
}

#[test]
fn a_saved_experiment_reopens_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("experiment.json");
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                dataset: Some(DatasetKind::Xor),
                ..Default::default()
            },
            layers: Some(vec![2, 5, 1]),
            activation: Some(Activation::Tanh),
            init: Some(Init::Xavier),
            seed: Some(4),
            lr: Some(0.03),
            batch_size: Some(10),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    press_step_epoch(&mut h, 2);
    h.state_mut().workspace_mut().save_model(&path).unwrap();
    let saved = h.state().workspace().network().clone();
    let history = h.state().workspace().history().clone();

    let mut fresh = harness(GuiArgs::default());
    fresh.run_steps(1);
    fresh.state_mut().workspace_mut().open_model(&path).unwrap();
    fresh.run_steps(2);
    let app = fresh.state();
    assert_eq!(app.workspace().network(), &saved);
    assert_eq!(app.workspace().epoch(), 2);
    assert_eq!(app.workspace().history(), &history);
    assert_eq!(
        app.workspace().train_data().len(),
        250,
        "xor's 500 samples split in half"
    );
    assert_eq!(app.workspace().network_panel().seed, 4);
    fresh.get_by_label("Parameters: 21");
}

#[test]
fn exports_write_the_loss_csv_and_the_heatmap_png() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    press_step_epoch(&mut h, 2);
    let csv = dir.path().join("loss.csv");
    h.state().workspace().export_loss_csv(&csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("epoch,train_loss,test_loss"));
    let history = h.state().workspace().history();
    assert_eq!(history.len(), 2);
    for (i, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0].parse::<u64>().unwrap(), history.epoch[i]);
        assert_eq!(cells[1].parse::<f64>().unwrap(), history.train_loss[i]);
        assert_eq!(cells[2].parse::<f64>().ok(), history.test_loss[i]);
    }
    assert_eq!(text.lines().count(), 3, "{text}");

    let png = dir.path().join("map.png");
    h.state_mut()
        .workspace_mut()
        .export_heatmap_png(&png)
        .unwrap();
    let img = image::open(&png).unwrap().to_rgb8();
    assert_eq!((img.width(), img.height()), (200, 200));
    // Each pixel is the trained network's output at its cell, coloured.
    let app = h.state();
    let domain = Domain::around(&[app.workspace().train_data(), app.workspace().test_data()]);
    let net = app.workspace().network();
    let mut cache = net.cache();
    for (col, row) in [(0, 0), (199, 0), (0, 199), (199, 199), (57, 131), (150, 20)] {
        let out = net.forward(
            &domain.cell_center(col, row, super::heatmap::RESOLUTION),
            &mut cache,
        )[0];
        let pixel = img.get_pixel(col as u32, row as u32).0;
        assert_eq!(pixel, value_color(out, false), "({col}, {row})");
    }
    let missing = dir.path().join("no/such/folder/map.png");
    assert!(
        h.state_mut()
            .workspace_mut()
            .export_heatmap_png(&missing)
            .is_err()
    );
}

#[test]
fn importing_a_bad_csv_is_refused_and_the_data_stays() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("ragged.csv");
    std::fs::write(&bad, "x1,x2,y\n1,2,3\n4,5\n").unwrap();
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    let e = h
        .state_mut()
        .workspace_mut()
        .import_csv(bad, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("ragged.csv") && e.contains("line 3"), "{e}");
    assert_eq!(h.state().workspace().train_data().len(), 600);
    // One row cannot be split into train and test: refused, as `train` refuses it.
    let one = dir.path().join("one.csv");
    std::fs::write(&one, "x1,x2,y\n1,2,3\n").unwrap();
    let e = h
        .state_mut()
        .workspace_mut()
        .import_csv(one, None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("one.csv") && e.contains("cannot be split"),
        "{e}"
    );
    assert_eq!(h.state().workspace().train_data().len(), 600);

    let good = dir.path().join("three.csv");
    std::fs::write(&good, "x1,x2,x3,y\n1,2,3,4\n2,3,4,5\n3,4,5,6\n4,5,6,7\n").unwrap();
    h.state_mut()
        .workspace_mut()
        .import_csv(good, None)
        .unwrap();
    h.run_steps(2);
    assert_eq!(
        h.state().workspace().network().layers(),
        [3, 3, 1],
        "the input layer follows the data"
    );
}

#[test]
fn the_guide_names_the_three_steps_and_about_gives_the_version() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.get_by_label("Help").click();
    h.run_steps(3);
    h.get_by_label("Guide").click();
    h.run_steps(2);
    let guide = h.get_by_label_contains("Back-propagation");
    let text = format!("{guide:?}");
    assert!(
        text.contains("Forward") && text.contains("Update"),
        "{text}"
    );
    // Every window of the app is in the guide, with its picture.
    for (name, _, _) in super::shell::GUIDE_WINDOWS {
        assert!(
            h.get_all_by_label(name).count() >= 2,
            "{name}: a title and a picture"
        );
    }
    for word in ["Pace", "Ctrl+Z", "Slow step"] {
        assert!(text.contains(word), "the guide says nothing of {word}");
    }
    h.get_by_label("Help").click();
    h.run_steps(3);
    h.get_by_label("About scratchnet").click();
    h.run_steps(2);
    h.get_by_label(&format!("scratchnet {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn optimizer_loss_and_features_from_the_command_line_survive_save_and_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("adam.json");
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                dataset: Some(DatasetKind::Circle),
                ..Default::default()
            },
            features: Some(vec![Feature::X1, Feature::X2, Feature::X1sq, Feature::X2sq]),
            layers: Some(vec![4, 6, 1]),
            activation: Some(Activation::Tanh),
            output_activation: Some(Activation::Tanh),
            init: Some(Init::Xavier),
            optimizer: Some(OptimizerKind::Adam),
            loss: Some(Loss::BinaryCrossEntropy),
            lr: Some(0.01),
            batch_size: Some(10),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(1);
    h.get_by_label("Parameters: 37");
    let training = h.state().workspace().model().training.unwrap();
    assert_eq!(training.config.loss, crate::nn::Loss::BinaryCrossEntropy);
    assert_eq!(
        training.config.optimizer.kind,
        crate::nn::OptimizerKind::Adam
    );
    for n in 1..=3 {
        press_step_epoch(&mut h, n);
    }
    h.run_steps(2);
    h.get_by_label_contains("Accuracy train");
    h.state_mut().workspace_mut().save_model(&path).unwrap();
    let saved = crate::model_file::load(&path).unwrap();
    let state = saved.optimizer_state.as_ref().unwrap();
    assert!(state.step > 0, "Adam's moments are saved");
    assert_eq!(saved.preprocess.features.len(), 4);

    let mut fresh = harness(GuiArgs::default());
    fresh.run_steps(1);
    fresh.state_mut().workspace_mut().open_model(&path).unwrap();
    fresh.run_steps(2);
    assert_eq!(fresh.state().workspace().network(), &saved.network);
    assert_eq!(
        fresh.state().workspace().model().optimizer_state,
        saved.optimizer_state
    );
    fresh.get_by_label("Parameters: 37");
}

#[test]
fn opening_a_model_over_unsaved_training_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.json");
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut().workspace_mut().save_model(&path).unwrap();
    press_step_epoch(&mut h, 1);
    h.state_mut()
        .workspace_mut()
        .open_model_asking(path.clone());
    h.run_steps(2);
    assert!(h.state().workspace().is_asking());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(
        h.state().workspace().epoch(),
        1,
        "Cancel keeps the trained network"
    );

    h.state_mut().workspace_mut().open_model_asking(path);
    h.run_steps(2);
    h.get_by_label("Discard and open").click();
    h.run_steps(2);
    assert_eq!(
        h.state().workspace().epoch(),
        0,
        "the saved, untrained model is open"
    );
}

#[test]
fn remembered_settings_that_no_longer_load_fall_back_to_the_reference_demo() {
    let mut remembered = super::Persisted::default();
    remembered.data.spec.source = crate::data::DataSource::Csv {
        train: "/no/longer/here.csv".into(),
        test: None,
    };
    remembered.network.hidden[0].nodes = 9;
    let app = ScratchnetApp::build(GuiArgs::default(), Some(remembered), Arc::new(|| {}));
    assert!(
        app.workspace()
            .error()
            .unwrap()
            .contains("/no/longer/here.csv")
    );
    assert_eq!(app.workspace().network().layers(), [2, 3, 1]);
    assert_eq!(app.workspace().train_data().len(), 600);
}

#[test]
fn pointing_at_a_neuron_shows_it_in_the_heatmap_and_clicking_a_link_edits_it() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    let layout = h
        .state()
        .workspace()
        .diagram_layout()
        .expect("the diagram is drawn")
        .clone();
    assert_eq!(layout.centers.len(), 3, "[2,3,1]: three columns");
    h.hover_at(layout.node_rect(1, 2).center());
    h.run_steps(2);
    // Inputs come first among the nodes: hidden neuron 3 is node 2 + 2.
    assert_eq!(h.state().workspace().heatmap_focus(), Some(4));
    h.hover_at(layout.node_rect(0, 1).center());
    h.run_steps(2);
    assert_eq!(h.state().workspace().heatmap_focus(), Some(1), "input x2");

    let [a, b] = layout.link(1, 0, 1);
    let mid = a + (b - a) * 0.5;
    h.hover_at(mid);
    h.run_steps(40);
    // The tooltip gives the weight and the loss's gradient there (over the 600 samples).
    let net = h.state().workspace().network();
    let k = net.weight_index(1, 0, 1);
    let g = h.state().workspace().experiment().gradient(2000).weights[k];
    let text = format!("Gradient of the loss: {g:.6} (over 600 training samples)");
    assert!(h.get_all_by_label_contains(&text).count() >= 1, "{text}");
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: mid,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
    }
    h.run_steps(2);
    assert_eq!(
        h.state().workspace().heatmap_focus(),
        None,
        "off the nodes, the output again"
    );
    h.get_by_label("Edit weight");
    h.get_by_label("w[1][0][1]");
}

#[test]
fn a_weight_or_bias_set_on_the_diagram_changes_the_network_at_once() {
    let mut h = harness(GuiArgs::default());
    press_step_epoch(&mut h, 1);
    let dir = tempfile::tempdir().unwrap();
    h.state_mut()
        .workspace_mut()
        .save_model(&dir.path().join("m.json"))
        .unwrap();
    assert!(!h.state().workspace().experiment().is_unsaved());
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::Set(
            Parameter::Weight { l: 0, j: 2, i: 1 },
            -0.25,
        ));
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::Set(Parameter::Bias { l: 1, j: 0 }, 0.5));
    assert_eq!(
        h.state().workspace().network().nested_weights()[0][2][1],
        -0.25
    );
    assert_eq!(h.state().workspace().network().nested_biases()[1][0], 0.5);
    assert!(h.state().workspace().experiment().is_unsaved());
    assert_eq!(h.state().workspace().epoch(), 1, "the run goes on");
    // Training goes on from the edited weights.
    press_step_epoch(&mut h, 2);
    assert_eq!(h.state().workspace().history().len(), 2);
}

#[test]
fn plus_and_minus_on_the_diagram_resize_a_hidden_layer() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::AddNeuron(0));
    assert_eq!(h.state().workspace().network().layers(), [2, 4, 1]);
    assert_eq!(h.state().workspace().network_panel().hidden[0].nodes, 4);
    for _ in 0..5 {
        h.state_mut()
            .workspace_mut()
            .diagram_action(DiagramAction::RemoveNeuron(0));
    }
    assert_eq!(
        h.state().workspace().network().layers(),
        [2, 1, 1],
        "never below one neuron"
    );
    // With trained weights, it asks first.
    press_step_epoch(&mut h, 1);
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::AddNeuron(0));
    assert!(h.state().workspace().is_asking());
    h.state_mut().workspace_mut().answer(false);
    assert_eq!(h.state().workspace().network().layers(), [2, 1, 1]);
    assert_eq!(h.state().workspace().network_panel().hidden[0].nodes, 1);
}

#[test]
fn the_step_inspector_shows_a_samples_numbers_and_step_sample_takes_that_step() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.get_by_label("View").click();
    h.run_steps(3);
    h.get_by_label("Step inspector").click();
    h.run_steps(3);
    // Sample 0 of the reference plane data, untrained [2,3,1]: its numbers, as training
    // computes them.
    let step = h.state().workspace().experiment().inspect(0).unwrap();
    h.get_by_label(&format!(
        "loss (summed over the outputs) = {:.6}",
        step.loss
    ));
    h.get_by_label("of 600");
    h.get_by_label("Next").click();
    h.run_steps(2);
    let next = h.state().workspace().experiment().inspect(1).unwrap();
    h.get_by_label(&format!(
        "loss (summed over the outputs) = {:.6}",
        next.loss
    ));
    h.get_by_label("Step sample").click();
    h.run_steps(2);
    assert_eq!(
        h.state().workspace().network().nested_weights(),
        next.new_weights
    );
    assert_eq!(
        h.state().workspace().network().nested_biases(),
        next.new_biases
    );
    assert!(h.state().workspace().experiment().is_unsaved());
    assert_eq!(h.state().workspace().epoch(), 0);
}

#[test]
fn clicking_a_training_point_on_the_heatmap_opens_it_in_the_inspector() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    let at = h
        .state()
        .workspace()
        .heatmap_position_of(123)
        .expect("the map is drawn");
    h.hover_at(at);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
    }
    h.run_steps(3);
    h.get_by_label("Step inspector");
    let step = h.state().workspace().experiment().inspect(123).unwrap();
    h.get_by_label(&format!(
        "loss (summed over the outputs) = {:.6}",
        step.loss
    ));
}

#[test]
fn activations_layers_and_features_change_from_the_diagram() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::SetActivation(0, Activation::Tanh));
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::SetActivation(1, Activation::Sigmoid));
    assert_eq!(
        h.state().workspace().network().activations(),
        [Activation::Tanh, Activation::Sigmoid]
    );
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::AddLayer);
    assert_eq!(h.state().workspace().network().layers(), [2, 3, 3, 1]);
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::RemoveLayer);
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::RemoveLayer);
    assert_eq!(h.state().workspace().network().layers(), [2, 1]);
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::RemoveLayer);
    assert_eq!(
        h.state().workspace().network().layers(),
        [2, 1],
        "nothing left to remove"
    );
    // The features: from the raw inputs, x1² makes three inputs; x1 off leaves two.
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::ToggleFeature(Feature::X1sq));
    assert_eq!(h.state().workspace().network().layers(), [3, 1]);
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::ToggleFeature(Feature::X1));
    assert_eq!(h.state().workspace().network().layers(), [2, 1]);
    assert_eq!(
        h.state().workspace().experiment().preprocess().features,
        [Feature::X2, Feature::X1sq]
    );
    // The last input cannot go, and the window says why.
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::ToggleFeature(Feature::X1sq));
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::ToggleFeature(Feature::X2));
    assert_eq!(h.state().workspace().network().layers(), [1, 1]);
    h.run_steps(2);
    h.get_by_label_contains("is the last input");
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::ToggleFeature(Feature::X1sq));
    // Over trained weights, each asks first.
    press_step_epoch(&mut h, 1);
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::AddLayer);
    assert!(h.state().workspace().is_asking());
    h.state_mut().workspace_mut().answer(false);
    assert_eq!(h.state().workspace().network().layers(), [2, 1]);
}

#[test]
fn rewind_shows_an_earlier_moment_and_continues_from_it() {
    let mut h = harness(GuiArgs::default());
    for n in 1..=3 {
        press_step_epoch(&mut h, n);
    }
    let at_one = h.state().workspace().experiment().checkpoints()[1]
        .network
        .clone();
    h.state_mut().workspace_mut().view_moment(Some(1));
    h.run_steps(2);
    h.get_by_label("showing epoch 1");
    assert_eq!(
        h.state().workspace().epoch(),
        3,
        "viewing changes nothing yet"
    );
    h.get_all_by_label("Continue from here")
        .next()
        .unwrap()
        .click();
    h.run_steps(2);
    assert_eq!(h.state().workspace().epoch(), 1);
    assert_eq!(h.state().workspace().network(), &at_one);
    assert_eq!(h.state().workspace().history().len(), 1);
    h.get_by_label("2 moments kept");
    // The run goes on from there.
    press_step_epoch(&mut h, 2);
    assert_eq!(h.state().workspace().history().len(), 2);
}

/// Clicks the heatmap at input point `at` with `button`, holding `modifiers`.
fn click_map(
    h: &mut Harness<'_, ScratchnetApp>,
    at: [f64; 2],
    button: egui::PointerButton,
    modifiers: egui::Modifiers,
) {
    let pos = h
        .state()
        .workspace()
        .heatmap_screen_pos(at)
        .expect("the map is drawn");
    h.hover_at(pos);
    h.run_steps(1);
    h.event(egui::Event::ModifiersChanged(modifiers));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button,
            pressed,
            modifiers,
        });
    }
    h.run_steps(1);
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::default()));
    h.run_steps(2);
}

#[test]
fn drawing_adds_points_of_the_pens_class_and_right_click_erases_them() {
    use crate::data::DataSource;
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    press_step_epoch(&mut h, 1);
    let weights = h.state().workspace().network().weights().to_vec();
    h.get_by_label("draw").click();
    h.run_steps(2);
    let drawn = |app: &ScratchnetApp| match &app.workspace().data_panel().spec.source {
        DataSource::Drawn(points) => points.clone(),
        other => panic!("not drawn: {other:?}"),
    };
    assert_eq!(
        drawn(h.state()).len(),
        1200,
        "the drawing starts from the data shown"
    );
    assert_eq!(h.state().workspace().train_data().len(), 600);
    assert_eq!(
        h.state().workspace().network().weights(),
        weights,
        "the network goes on from where it was"
    );
    assert_eq!(h.state().workspace().epoch(), 1);
    h.get_by_label("Drawn: 1200 points");

    click_map(
        &mut h,
        [2.0, -3.0],
        egui::PointerButton::Primary,
        egui::Modifiers::NONE,
    );
    let points = drawn(h.state());
    assert_eq!(points.len(), 1201);
    let [x1, x2, y] = points[1200];
    assert!(
        (x1 - 2.0).abs() < 0.1 && (x2 + 3.0).abs() < 0.1,
        "({x1}, {x2})"
    );
    assert_eq!(y, 1.0, "the pen's class");
    let train = h.state().workspace().train_data();
    assert_eq!(train.len(), 601, "the new point trains at once");
    assert_eq!(train.input(600), [x1, x2]);

    click_map(
        &mut h,
        [-4.0, 4.0],
        egui::PointerButton::Primary,
        egui::Modifiers::SHIFT,
    );
    let points = drawn(h.state());
    assert_eq!(points.len(), 1202);
    assert_eq!(points[1201][2], -1.0, "shift-click draws the other class");
    assert_eq!(
        h.state().workspace().test_data().len(),
        601,
        "the ratio deals it to test"
    );

    click_map(
        &mut h,
        [2.0, -3.0],
        egui::PointerButton::Secondary,
        egui::Modifiers::NONE,
    );
    let points = drawn(h.state());
    assert_eq!(
        crate::data::live_points(&points),
        1201,
        "right-click erases the point under it"
    );
    assert!(
        crate::data::is_erased(&points[1200]),
        "in its place: no other point changes side"
    );
    assert!(
        points
            .iter()
            .all(|p| p[2] != 1.0 || (p[0] - x1).abs() > 1e-9)
    );
    assert_eq!(h.state().workspace().error(), None);
}

#[test]
fn a_drawing_of_one_point_is_kept_and_trains_once_it_has_two() {
    use crate::data::DataSource;
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    h.get_by_label("draw").click();
    h.run_steps(2);
    h.get_by_label("Clear drawing").click();
    h.run_steps(2);
    assert_eq!(
        h.state().workspace().data_panel().spec.source,
        DataSource::Drawn(vec![])
    );
    assert_eq!(
        h.state().workspace().train_data().len(),
        600,
        "training keeps the last drawing"
    );
    click_map(
        &mut h,
        [1.0, 1.0],
        egui::PointerButton::Primary,
        egui::Modifiers::NONE,
    );
    assert_eq!(h.state().workspace().train_data().len(), 600);
    click_map(
        &mut h,
        [-1.0, -1.0],
        egui::PointerButton::Primary,
        egui::Modifiers::NONE,
    );
    assert_eq!(
        (
            h.state().workspace().train_data().len(),
            h.state().workspace().test_data().len()
        ),
        (1, 1),
        "two points: one trains, one tests"
    );
    assert_eq!(h.state().workspace().error(), None);

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("drawn.csv");
    h.state().workspace().export_data_csv(&csv).unwrap();
    let back = crate::data::read_csv(&csv).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back.target(1), [1.0]);
    assert_eq!(
        back.input(0),
        h.state().workspace().train_data().input(0),
        "in the order drawn"
    );

    // Saved with the experiment: a model file keeps the drawing.
    let model = dir.path().join("drawn.json");
    h.state_mut().workspace_mut().save_model(&model).unwrap();
    let text = std::fs::read_to_string(&model).unwrap();
    let saved: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(saved["data"]["points"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_hidden_space_window_shows_the_training_points_at_two_neurons() {
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                dataset: Some(DatasetKind::Circle),
                ..Default::default()
            },
            layers: Some(vec![2, 4, 2, 1]),
            activation: Some(Activation::Tanh),
            init: Some(Init::Xavier),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(2);
    h.get_by_label("View").click();
    h.run_steps(3);
    h.get_by_label("Hidden space").click();
    h.run_steps(3);
    h.get_by_label_contains(
        "250 training points at the outputs of hidden 1 neurons 1 (across) and 2",
    );
}

#[test]
fn in_mini_batch_mode_the_inspector_shows_the_batchs_sum_and_steps_it_with_the_optimizer() {
    let args = GuiArgs {
        experiment: ExperimentArgs {
            no_shuffle: true,
            batch_size: Some(10),
            optimizer: Some(OptimizerKind::Momentum),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(1);
    h.get_by_label("View").click();
    h.run_steps(3);
    h.get_by_label("Step inspector").click();
    h.run_steps(3);
    for _ in 0..12 {
        h.get_by_label("Next").click();
        h.run_steps(1);
    }
    h.run_steps(2);
    h.get_by_label_contains("3. Update (momentum, learning rate 0.02)");
    h.get_by_label_contains("In mini-batches of 10: samples 10–19 (file order)");
    h.get_by_label("Σ grad");
    let batch = h
        .state()
        .workspace()
        .experiment()
        .inspect_batch(10..20)
        .unwrap();
    // The Σ grad of the first weight into the output, as shown.
    let last = batch.grads_w.len() - 1;
    let sum = format!("{:.6}", batch.grads_w[last][0][0]);
    assert!(h.get_all_by_label(&sum).count() >= 1, "{sum} shown");
    h.get_by_label("Step batch 10–19").click();
    h.run_steps(2);
    assert_eq!(h.state().workspace().network(), &batch.network);
    assert!(h.state().workspace().experiment().is_unsaved());
}

#[test]
fn the_inspector_shows_the_reference_examples_gradients_and_update() {
    use crate::nn::seed_example::{GRADS_B, GRADS_W, NEW_BIASES, NEW_WEIGHTS};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The reference's [2,2,2] example (sigmoid layers) and its one sample.
    let model = d.join("m.json");
    std::fs::write(
        &model,
        "[[2,2,2], [[[0.15,0.2],[0.25,0.3]],[[0.4,0.45],[0.5,0.55]]], [[0.35,0.35],[0.6,0.6]]]",
    )
    .unwrap();
    let sample = "x1,x2,y1,y2\n0.05,0.1,0.01,0.99\n";
    let (train, test) = (d.join("train.csv"), d.join("test.csv"));
    std::fs::write(&train, sample).unwrap();
    std::fs::write(&test, sample).unwrap();
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                data: Some(train),
                test_data: Some(test),
                ..Default::default()
            },
            model_in: Some(model),
            // Online, the step divides by the 2 outputs: 0.2 / 2 is the reference's 0.1.
            lr: Some(0.2),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(1);
    assert_eq!(h.state().workspace().error(), None);
    h.get_by_label("View").click();
    h.run_steps(3);
    h.get_by_label("Step inspector").click();
    h.run_steps(3);
    h.get_by_label("Weights into layer 1").click();
    h.run_steps(3);
    let shown = |v: f64| format!("{v:.6}");
    for v in GRADS_W
        .iter()
        .chain(&GRADS_B)
        .chain(&NEW_WEIGHTS)
        .chain(&NEW_BIASES)
    {
        assert!(
            h.get_all_by_label(&shown(*v)).count() >= 1,
            "{} is shown",
            shown(*v)
        );
    }
    h.get_by_label("Step sample").click();
    h.run_steps(2);
    let net = h.state().workspace().network();
    crate::nn::seed_example::assert_close(net.weights(), &NEW_WEIGHTS);
    crate::nn::seed_example::assert_close(net.biases(), &NEW_BIASES);
}

#[test]
fn a_diverging_run_pauses_with_a_banner_and_keeps_its_last_finite_weights() {
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                dataset: Some(DatasetKind::Circle),
                ..Default::default()
            },
            layers: Some(vec![2, 8, 1]),
            activation: Some(Activation::Relu),
            init: Some(Init::He),
            lr: Some(50.0),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(1);
    h.get_by_label("Play").click();
    step_until(&mut h, "the divergence", |a| {
        a.workspace().banner().is_some()
    });
    step_until(&mut h, "the pause", |a| !a.workspace().is_playing());
    let banner = h.state().workspace().banner().unwrap().to_string();
    assert!(
        banner.starts_with("Training diverged at epoch 1, batch "),
        "{banner}"
    );
    assert!(banner.contains("learning rate (now 50)"), "{banner}");
    h.run_steps(2);
    h.get_by_label(&banner);
    let net = h.state().workspace().network();
    assert!(
        net.weights()
            .iter()
            .chain(net.biases())
            .all(|w| w.is_finite())
    );
    let history = h.state().workspace().history();
    assert!(history.train_loss.iter().all(|l| l.is_finite()));
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert_eq!(h.state().workspace().banner(), None);
}

#[test]
fn without_file_dialogs_the_window_asks_for_a_path_and_opens_saves_and_imports_with_it() {
    use super::shell::Dialogs;
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("typed.json");
    let mut h = harness(GuiArgs::default());
    h.state_mut().set_dialogs(Dialogs::Unavailable);
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    let type_path = |h: &mut Harness<'_, ScratchnetApp>, path: &str, button: &str| {
        h.run_steps(2);
        h.get_by_label_contains("No file dialog can be shown on this desktop");
        h.get_by_label_contains("xdg-desktop-portal");
        h.get_by_label_contains("zenity");
        h.get_by_label("Path").type_text(path);
        h.run_steps(2);
        h.get_by_label(button).click();
        h.run_steps(3);
    };
    // Save, through the menu.
    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label_contains("Save model…").click();
    type_path(&mut h, model.to_str().unwrap(), "Save");
    assert!(model.is_file(), "saved where typed");
    assert!(!h.state().workspace().experiment().is_unsaved());
    assert!(h.state().path_prompt().is_none());

    // Open it again, after another epoch.
    press_step_epoch(&mut h, 2);
    h.state_mut()
        .ask_for_file(super::shell::FileTask::OpenModel);
    type_path(&mut h, model.to_str().unwrap(), "Open");
    h.run_steps(2);
    // The epoch went on unsaved: the window asks before discarding it.
    h.get_by_label("Discard and open").click();
    h.run_steps(3);
    assert_eq!(h.state().workspace().epoch(), 1, "the saved model is back");
    assert_eq!(h.state().workspace().error(), None);

    // Import a CSV; an empty test path splits it.
    let csv = dir.path().join("d.csv");
    let rows: String = (0..20)
        .map(|i| format!("{i},{},{}\n", 20 - i, i % 2))
        .collect();
    std::fs::write(&csv, format!("x1,x2,y\n{rows}")).unwrap();
    h.state_mut()
        .ask_for_file(super::shell::FileTask::ImportTrain);
    type_path(&mut h, csv.to_str().unwrap(), "Open");
    h.get_by_label("Open").click();
    h.run_steps(3);
    assert_eq!(h.state().workspace().error(), None);
    assert_eq!(
        h.state().workspace().train_data().len() + h.state().workspace().test_data().len(),
        20
    );
}

/// A file dropped on the window, as the window system hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

pub(super) fn drop_file(h: &mut Harness<'_, ScratchnetApp>, path: &std::path::Path) {
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.to_path_buf())));
    h.run_steps(3);
}

#[test]
fn a_model_or_csv_dropped_on_the_window_opens_and_the_title_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("dropped.json");
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    assert_eq!(h.state().title(), "scratchnet");
    press_step_epoch(&mut h, 1);
    assert_eq!(
        h.state().title(),
        "untitled • — scratchnet",
        "unsaved work is marked"
    );
    h.state_mut().workspace_mut().save_model(&model).unwrap();
    h.run_steps(1);
    assert_eq!(h.state().title(), "dropped.json — scratchnet");
    press_step_epoch(&mut h, 2);
    assert_eq!(h.state().title(), "dropped.json • — scratchnet");

    let csv = dir.path().join("points.csv");
    let rows: String = (0..30).map(|i| format!("{i},{},{}\n", -i, i % 2)).collect();
    std::fs::write(&csv, format!("x1,x2,y\n{rows}")).unwrap();
    drop_file(&mut h, &csv);
    // Other data ends the trained run: asked first.
    h.get_by_label("Discard and rebuild").click();
    h.run_steps(3);
    assert_eq!(h.state().workspace().error(), None);
    assert_eq!(
        h.state().workspace().train_data().len() + h.state().workspace().test_data().len(),
        30
    );

    // A model dropped over unsaved work asks first, then opens.
    press_step_epoch(&mut h, 1);
    drop_file(&mut h, &model);
    h.get_by_label("Discard and open").click();
    h.run_steps(3);
    assert_eq!(h.state().workspace().epoch(), 1);
    assert_eq!(h.state().title(), "dropped.json — scratchnet");

    let other = dir.path().join("notes.txt");
    std::fs::write(&other, "hello").unwrap();
    drop_file(&mut h, &other);
    assert!(
        h.state()
            .workspace()
            .error()
            .unwrap()
            .contains("opens models (.json), data (.csv) and TF Playground links")
    );
}

#[test]
fn a_file_named_at_start_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("start.csv");
    let rows: String = (0..10).map(|i| format!("{i},{i},{}\n", i % 2)).collect();
    std::fs::write(&csv, format!("x1,x2,y\n{rows}")).unwrap();
    let h = harness(GuiArgs {
        open: Some(csv),
        ..GuiArgs::default()
    });
    assert_eq!(h.state().workspace().error(), None);
    assert_eq!(h.state().workspace().train_data().len(), 5);
}

#[test]
fn the_network_panel_says_why_a_configuration_cannot_learn() {
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                dataset: Some(DatasetKind::Circle),
                ..Default::default()
            },
            activation: Some(Activation::Tanh),
            output_activation: Some(Activation::Tanh),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(2);
    h.get_by_label_contains("Every weight is 0 and tanh(0) = 0");
    // A sigmoid hidden layer (½ at 0) removes the cause, and the hint.
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::SetActivation(0, Activation::Sigmoid));
    h.run_steps(2);
    assert!(h.query_by_label_contains("Every weight is 0").is_none());
    // Back to tanh: the hint again; then a weight set by hand removes it.
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::SetActivation(0, Activation::Tanh));
    h.run_steps(2);
    h.get_by_label_contains("Every weight is 0 and tanh(0) = 0");
    h.state_mut()
        .workspace_mut()
        .diagram_action(DiagramAction::Set(
            Parameter::Weight { l: 0, j: 0, i: 0 },
            0.5,
        ));
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Every weight is 0").is_none(),
        "the hint follows an edit"
    );
}

#[test]
fn a_window_that_did_not_close_normally_leaves_its_unsaved_work_to_restore() {
    // Window ids no Linux process has, so that neither counts as running.
    const CRASHED: u32 = 4_000_000_002;
    const NEXT: u32 = 4_000_000_003;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(GuiArgs::default());
    h.state_mut().recover_in(dir.path(), CRASHED);
    h.run_steps(2);
    let own = dir.path().join(format!("recovery-{CRASHED}.json"));
    assert!(!own.exists(), "nothing unsaved, nothing written");
    // Every change is written at once for now: the epoch's own result, whatever frames
    // came between (a snapshot from the middle of the epoch may be written first).
    h.state_mut().autosave_every(Duration::ZERO);
    press_step_epoch(&mut h, 1);
    let holds = |epoch: u64| crate::model_file::load(&own).is_ok_and(|m| m.epoch == epoch);
    step_until(&mut h, "the autosave of epoch 1", |_| holds(1));
    let trained = h.state().workspace().network().clone();
    // The next write is an hour away: epoch 2 is trained, epoch 1 stays in the file.
    h.state_mut().autosave_every(Duration::from_secs(3600));
    press_step_epoch(&mut h, 2);
    h.run_steps(2);
    let kept = crate::model_file::load(&own).unwrap();
    assert_eq!(kept.epoch, 1);
    assert_eq!(kept.network, trained, "the file holds the live network");
    // The window goes away without closing (a kill: no exit handler runs).
    drop(h);

    let mut h = harness(GuiArgs::default());
    h.state_mut().recover_in(dir.path(), NEXT);
    h.run_steps(2);
    h.get_by_label("Restore the last experiment?");
    h.get_by_label_contains(&format!("epoch {}.", kept.epoch));
    h.get_by_label("Restore").click();
    h.run_steps(3);
    assert_eq!(h.state().workspace().epoch(), kept.epoch);
    assert_eq!(h.state().workspace().network(), &kept.network);
    assert!(
        h.state().workspace().experiment().is_unsaved(),
        "restored work is still unsaved"
    );
    assert_eq!(h.state().title(), "untitled • — scratchnet");
    assert!(!own.exists(), "the crashed window's file is taken");
    assert!(dir.path().join(format!("recovery-{NEXT}.json")).exists());

    // Saved, nothing is left to recover.
    let saved = dir.path().join("saved.json");
    h.state_mut().workspace_mut().save_model(&saved).unwrap();
    h.run_steps(2);
    assert!(!dir.path().join(format!("recovery-{NEXT}.json")).exists());

    // A third window finds nothing to offer.
    let mut h = harness(GuiArgs::default());
    h.state_mut().recover_in(dir.path(), CRASHED);
    h.run_steps(2);
    assert!(h.state().recovery_offer().is_none());
}

#[test]
fn discarding_the_offer_throws_the_left_work_away() {
    const CRASHED: u32 = 4_000_000_004;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(GuiArgs::default());
    h.state_mut().recover_in(dir.path(), CRASHED);
    press_step_epoch(&mut h, 1);
    h.run_steps(2);
    drop(h);
    let mut h = harness(GuiArgs::default());
    h.state_mut().recover_in(dir.path(), 4_000_000_005);
    h.run_steps(2);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert_eq!(h.state().workspace().epoch(), 0);
    assert!(h.state().recovery_offer().is_none());
    assert!(!dir.path().join(format!("recovery-{CRASHED}.json")).exists());
}

#[test]
fn three_classes_colour_the_map_by_the_class_said_and_fill_a_confusion_table() {
    use super::palette::class_color;
    let dir = tempfile::tempdir().unwrap();
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                dataset: Some(DatasetKind::Spiral),
                classes: Some(3),
                ..Default::default()
            },
            layers: Some(vec![2, 8, 3]),
            activation: Some(Activation::Tanh),
            output_activation: Some(Activation::Softmax),
            init: Some(Init::Xavier),
            loss: Some(Loss::CrossEntropy),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    let png = dir.path().join("classes.png");
    h.state_mut()
        .workspace_mut()
        .export_heatmap_png(&png)
        .unwrap();
    let img = image::open(&png).unwrap().to_rgb8();
    let app = h.state();
    let domain = Domain::around(&[app.workspace().train_data(), app.workspace().test_data()]);
    let net = app.workspace().network();
    let mut cache = net.cache();
    let mut seen = std::collections::BTreeSet::new();
    for (col, row) in [
        (0, 0),
        (199, 0),
        (0, 199),
        (199, 199),
        (57, 131),
        (150, 20),
        (100, 100),
    ] {
        let out = net.forward(
            &domain.cell_center(col, row, super::heatmap::RESOLUTION),
            &mut cache,
        );
        let k = crate::nn::argmax(out);
        seen.insert(k);
        let pixel = img.get_pixel(col as u32, row as u32).0;
        assert_eq!(pixel, class_color(k, out[k], 3, false), "({col}, {row})");
    }
    assert!(seen.len() >= 2, "more than one class on the map: {seen:?}");
    // The legend names the classes; the confusion table counts the test set.
    h.get_by_label("Confusion").click();
    h.run_steps(2);
    h.get_by_label_contains("rows the true class");
    let matrix = h.state_mut().confusion().unwrap();
    let net = h.state().workspace().network().clone();
    let want =
        crate::nn::confusion(&net, h.state().workspace().test_data(), &mut net.cache()).unwrap();
    assert_eq!(matrix, want);
    assert_eq!(matrix.counts.len(), 3);
    assert_eq!(
        matrix.counts.iter().flatten().sum::<u64>(),
        h.state().workspace().test_data().len() as u64
    );
}

#[test]
fn the_file_menu_predicts_a_csv_and_exports_the_model_for_python() {
    use super::shell::{Dialogs, FileTask};
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.csv");
    std::fs::write(&rows, "x1,x2\n0.5,1.5\n-2,3\n").unwrap();
    let out = dir.path().join("p.csv");
    let mut h = harness(GuiArgs::default());
    h.state_mut().set_dialogs(Dialogs::Unavailable);
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label("Predict CSV…").click();
    h.run_steps(2);
    h.get_by_label("Path").type_text(rows.to_str().unwrap());
    h.run_steps(1);
    h.get_by_label("Open").click();
    h.run_steps(3);
    h.get_by_label("Predict: where to write the predictions");
    h.get_by_label("Path").type_text(out.to_str().unwrap());
    h.run_steps(1);
    h.get_by_label("Save").click();
    h.run_steps(3);
    assert_eq!(h.state().workspace().error(), None);
    let written = std::fs::read(&out).unwrap();
    let inputs = crate::data::read_csv_inputs(&rows).unwrap();
    let want = crate::experiment::predictions_csv(&h.state().workspace().model(), &inputs).unwrap();
    assert_eq!(written, want);
    assert!(
        String::from_utf8(written)
            .unwrap()
            .starts_with("x1,x2,y_pred\n")
    );

    let py = dir.path().join("m.py");
    h.state_mut().ask_for_file(FileTask::ExportPython(
        crate::experiment::PythonTarget::Numpy,
    ));
    h.run_steps(2);
    h.get_by_label("Path").type_text(py.to_str().unwrap());
    h.run_steps(1);
    h.get_by_label("Save").click();
    h.run_steps(3);
    let source = std::fs::read_to_string(&py).unwrap();
    assert!(source.contains("def predict(X):"), "{source}");
    assert!(source.contains("ACTIVATIONS = [\"sigmoid\", \"identity\"]"));
}

#[test]
fn data_of_three_inputs_is_drawn_as_a_slice_through_the_training_mean() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("three.csv");
    let mut text = String::from("x1,x2,x3,y\n");
    for i in 0..40 {
        let (a, b, c) = (
            (i % 7) as f64 - 3.0,
            (i % 5) as f64 - 2.0,
            (i % 3) as f64 * 4.0,
        );
        text.push_str(&format!(
            "{a},{b},{c},{}\n",
            if a * b > c - 4.0 { 1 } else { -1 }
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                data: Some(csv),
                ..Default::default()
            },
            layers: Some(vec![3, 5, 1]),
            activation: Some(Activation::Tanh),
            init: Some(Init::Xavier),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(2);
    assert_eq!(h.state().workspace().error(), None);
    h.get_by_label("Across");
    h.get_by_label("The other input, held at");
    let train = h.state().workspace().train_data().clone();
    let slice = h.state().workspace().heatmap_slice().clone();
    assert_eq!(slice.axes, [0, 1]);
    let mean = (0..train.len()).map(|i| train.input(i)[2]).sum::<f64>() / train.len() as f64;
    assert!(
        (slice.held[2] - mean).abs() < 1e-12,
        "x3 held at its training mean"
    );
    // Every pixel is the network at (x, y, held x3); the axes span the data.
    let check = |h: &mut Harness<'_, ScratchnetApp>, held: f64, axes: [usize; 2]| {
        let png = dir.path().join("slice.png");
        h.state_mut()
            .workspace_mut()
            .export_heatmap_png(&png)
            .unwrap();
        let img = image::open(&png).unwrap().to_rgb8();
        let app = h.state();
        let slice = app.workspace().heatmap_slice();
        let domain = slice.domain(&[app.workspace().train_data(), app.workspace().test_data()]);
        let (lo, hi) = app.workspace().train_data().input_ranges()[axes[0]];
        assert!(
            domain.x_min < lo && domain.x_max > hi && domain.x_max - domain.x_min < 1.2 * (hi - lo)
        );
        let net = app.workspace().network();
        let mut cache = net.cache();
        for (col, row) in [(0, 0), (199, 0), (0, 199), (120, 77)] {
            let [x, y] = domain.cell_center(col, row, super::heatmap::RESOLUTION);
            let mut p = [0.0; 3];
            p[axes[0]] = x;
            p[axes[1]] = y;
            let other = 3 - axes[0] - axes[1];
            p[other] = held;
            let out = net.forward(&p, &mut cache)[0];
            assert_eq!(
                img.get_pixel(col as u32, row as u32).0,
                value_color(out, false)
            );
        }
    };
    check(&mut h, mean, [0, 1]);
    // Another plane: x3 across, x1 up, x2 held at 1.5.
    let mut other = slice.clone();
    other.axes = [2, 0];
    other.held[1] = 1.5;
    h.state_mut().workspace_mut().set_heatmap_slice(other);
    h.run_steps(2);
    check(&mut h, 1.5, [2, 0]);
}

#[test]
fn a_large_csv_loads_on_its_own_thread_while_the_window_draws() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("large.csv");
    let mut text = String::from("x1,x2,y\n");
    for i in 0..120_000 {
        let (a, b) = (
            (i % 1000) as f64 / 100.0 - 5.0,
            (i / 1000) as f64 / 12.0 - 5.0,
        );
        text.push_str(&format!(
            "{a:.4},{b:.4},{}\n",
            if a * b > 0.0 { 1 } else { -1 }
        ));
    }
    std::fs::write(&csv, &text).unwrap();
    assert!(
        text.len() as u64 >= crate::experiment::LOAD_IN_BACKGROUND,
        "{}",
        text.len()
    );
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut().workspace_mut().import_csv(csv, None).unwrap();
    assert!(h.state().workspace().is_loading(), "returns at once");
    assert_eq!(
        h.state().workspace().train_data().len(),
        600,
        "the old data until the new is read"
    );
    h.run_steps(1);
    step_until(&mut h, "the data to load", |a| !a.workspace().is_loading());
    h.run_steps(1);
    assert_eq!(h.state().workspace().error(), None);
    assert_eq!(
        h.state().workspace().train_data().len() + h.state().workspace().test_data().len(),
        120_000
    );
    h.get_by_label_contains("1000 of 60000 training points drawn");
}

#[test]
fn a_reset_files_the_run_which_the_runs_list_overlays_names_by_difference_pins_and_removes() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    press_step_epoch(&mut h, 2);
    h.get_by_label("Reset").click();
    step_until(&mut h, "the reset", |a| a.workspace().epoch() == 0);
    let runs = h.state().workspace().experiment().runs();
    assert_eq!(runs.finished.len(), 1, "the reset filed the trained run");
    assert_eq!(runs.finished[0].name, "run 1");
    assert_eq!(runs.finished[0].epochs, 2);
    assert_eq!(runs.finished[0].history.epoch, [1, 2]);
    assert_eq!(runs.current.name, "run 2");
    // The new run trains in mini-batches: run 1 is labelled by its batch size.
    h.get_by_label("Mini-batch").click();
    h.run_steps(2);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Runs").click();
    h.run_steps(3);
    h.get_by_label("batch 1");
    // Overlaid on the loss plot, under that label.
    h.get_by_label("run 1: batch 1 train");
    h.get_by_label("Pin").click();
    h.run_steps(2);
    assert!(h.state().workspace().experiment().runs().finished[0].pinned);
    // Saved with the experiment, and back with it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runs.json");
    h.state_mut().workspace_mut().save_model(&path).unwrap();
    let mut fresh = harness(GuiArgs::default());
    fresh.run_steps(1);
    fresh.state_mut().workspace_mut().open_model(&path).unwrap();
    let back = fresh.state().workspace().experiment().runs();
    assert_eq!(
        back.finished,
        h.state().workspace().experiment().runs().finished
    );
    assert_eq!(back.current.name, "run 2");
    let csv_path = dir.path().join("runs.csv");
    h.state().workspace().export_runs_csv(&csv_path).unwrap();
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with("run,epoch,train_loss,test_loss,train_metric,test_metric\nrun 1,1,"));
    h.get_by_label("Remove").click();
    h.run_steps(2);
    assert!(
        h.state()
            .workspace()
            .experiment()
            .runs()
            .finished
            .is_empty()
    );
    assert!(
        h.query_by_label("run 1: batch 1 train").is_none(),
        "no longer overlaid"
    );
}

#[test]
fn a_race_of_the_four_optimizers_trains_each_from_the_runs_first_weights() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Race").click();
    h.run_steps(3);
    h.get_by_label("Start race").click();
    h.run_steps(2);
    let first = h.state().workspace().experiment().checkpoints()[0]
        .network
        .clone();
    step_until(&mut h, "every racer to train 3 epochs", |a| {
        a.race()
            .is_some_and(|r| r.racers.iter().all(|r| r.experiment.epoch() >= 3))
    });
    let race = h.state().race().unwrap();
    let labels: Vec<&str> = race.racers.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["sgd", "momentum", "rmsprop", "adam"]);
    for r in &race.racers {
        assert_eq!(r.experiment.checkpoints()[0].network, first, "{}", r.label);
    }
    assert!(
        !h.state().workspace().is_playing(),
        "the main run waits while the racers race"
    );
    // Each racer's column and legend entry (besides the optimizer box).
    assert!(h.get_all_by_label("adam").count() >= 2);
    // Closing the window pauses the racers; opening it again, they are still there.
    let race_box = egui::accesskit::Role::CheckBox;
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_role_and_label(race_box, "Race").click();
    h.run_steps(2);
    assert!(
        !h.state().race().unwrap().is_playing(),
        "no racer trains out of sight"
    );
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_role_and_label(race_box, "Race").click();
    h.run_steps(3);
    h.get_by_label("End race").click();
    h.run_steps(2);
    assert!(h.state().race().is_none());
}

/// Clicks at `pos` with the primary button.
pub(super) fn click_at(h: &mut Harness<'_, ScratchnetApp>, pos: egui::Pos2) {
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
    }
}

#[test]
fn the_weight_editor_shows_the_weight_as_training_changes_it() {
    use egui_kittest::kittest::NodeT;
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    let layout = h.state().workspace().diagram_layout().unwrap().clone();
    let [a, b] = layout.link(0, 1, 0);
    let mid = a + (b - a) * 0.5;
    h.hover_at(mid);
    h.run_steps(2);
    click_at(&mut h, mid);
    h.run_steps(2);
    let shown = |h: &Harness<'_, ScratchnetApp>| {
        h.get_by_label("w[0][1][0]")
            .accesskit_node()
            .numeric_value()
            .unwrap()
    };
    assert_eq!(shown(&h), h.state().workspace().network().weight(0, 1, 0));
    // The editor names the weight as the tooltip does.
    h.get_by_label("Weight from layer 0 node 1 to layer 1 node 2");
    press_step_epoch(&mut h, 1);
    h.run_steps(2);
    let trained = h.state().workspace().network().weight(0, 1, 0);
    assert_ne!(
        trained, 0.0,
        "training moved the weight from its zero start"
    );
    assert_eq!(shown(&h), trained, "the editor follows the network");
}

#[test]
fn while_rewound_the_diagram_reads_the_moment_shown_and_offers_no_editing() {
    let mut h = harness(GuiArgs::default());
    for n in 1..=3 {
        press_step_epoch(&mut h, n);
    }
    h.state_mut().workspace_mut().view_moment(Some(1));
    h.run_steps(2);
    let layout = h.state().workspace().diagram_layout().unwrap().clone();
    let [a, b] = layout.link(1, 0, 1);
    let mid = a + (b - a) * 0.5;
    h.hover_at(mid);
    h.run_steps(40);
    let e = h.state().workspace().experiment();
    let then = e.checkpoints()[1].network.clone();
    let k = then.weight_index(1, 0, 1);
    let g_then = e.gradient_at(&then, 2000).weights[k];
    let g_now = e.gradient(2000).weights[k];
    assert_ne!(
        format!("{g_then:.6}"),
        format!("{g_now:.6}"),
        "the moments differ"
    );
    let text = format!("Gradient of the loss: {g_then:.6} (over 600 training samples)");
    assert!(h.get_all_by_label_contains(&text).count() >= 1, "{text}");
    let value = format!("{:.6}", then.weight(1, 0, 1));
    assert!(h.get_all_by_label_contains(&value).count() >= 1, "{value}");
    assert!(h.query_by_label_contains("Click to edit").is_none());
    let why = "Showing an earlier moment: Continue from here to edit it.";
    assert!(h.get_all_by_label_contains(why).count() >= 1, "{why}");
    click_at(&mut h, mid);
    h.run_steps(2);
    assert!(
        h.query_by_label("Edit weight").is_none(),
        "no editor offered"
    );
}

#[test]
fn launch_options_configure_that_launch_only_and_the_users_own_changes_are_remembered() {
    let mut before = super::Persisted::default();
    before.training.config.learning_rate = 0.05;
    let remembered = serde_json::to_value(&before).unwrap();
    let args = GuiArgs {
        epochs: Some(3),
        exit_after: Some(3.0),
        ..GuiArgs::default()
    };
    let restored = serde_json::from_value(remembered.clone()).unwrap();
    let mut app = ScratchnetApp::build(args, Some(restored), Arc::new(|| {}));
    assert_eq!(
        app.workspace().persisted.training.stop_after,
        Some(3),
        "this launch pauses after 3 epochs"
    );
    let next = serde_json::to_value(app.workspace().to_remember()).unwrap();
    assert_eq!(
        next, remembered,
        "the next plain start is as before the flags"
    );
    // What the user changes by hand in this launch is remembered.
    app.workspace_mut().persisted.data.spec.noise = 0.25;
    let next = app.workspace().to_remember();
    assert_eq!(next.data.spec.noise, 0.25);
    assert_eq!(next.training.stop_after, None);
    // A plain start remembers everything as it is.
    let mut plain = ScratchnetApp::build(GuiArgs::default(), None, Arc::new(|| {}));
    plain.workspace_mut().persisted.training.stop_after = Some(7);
    assert_eq!(plain.workspace().to_remember().training.stop_after, Some(7));
}

#[test]
fn play_keeps_a_pace_one_can_watch_until_max_is_chosen() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    let pace = |h: &Harness<'_, ScratchnetApp>| h.state().workspace().experiment().settings().pace;
    assert_eq!(pace(&h), Some(60.0), "about one epoch a frame");
    h.get_by_label("Pace").click();
    h.run_steps(2);
    h.get_by_label("max").click();
    h.run_steps(2);
    assert_eq!(pace(&h), None);
    assert_eq!(h.state().workspace().persisted.training.pace, None);
    // A launch's pace is that launch's.
    let h = harness(GuiArgs {
        pace: Some(Some(5.0)),
        ..GuiArgs::default()
    });
    assert_eq!(pace(&h), Some(5.0));
    assert_eq!(
        h.state().workspace().to_remember().training.pace,
        Some(60.0),
        "not remembered"
    );
}

#[test]
fn an_earlier_moment_is_shown_everywhere_with_a_bar_that_says_so_and_leads_back() {
    use egui_kittest::kittest::NodeT;
    let mut h = harness(GuiArgs::default());
    for n in 1..=3 {
        press_step_epoch(&mut h, n);
    }
    h.state_mut()
        .workspace_mut()
        .persisted
        .inspector
        .show_sample(7);
    h.state_mut().workspace_mut().view_moment(Some(1));
    h.run_steps(3);
    h.get_by_label("Viewing epoch 1 — training is at 3");
    // The step inspector shows that moment's numbers, and offers no step.
    let e = h.state().workspace().experiment();
    let then = e.inspect_at((&e.checkpoints()[1]).into(), 7).unwrap();
    let now = e.inspect(7).unwrap();
    assert_ne!(then.loss, now.loss);
    h.get_by_label(&format!(
        "loss (summed over the outputs) = {:.6}",
        then.loss
    ));
    h.get_by_label("At epoch 1, the moment the rewind slider shows.");
    assert!(h.get_by_label("Step sample").accesskit_node().is_disabled());
    h.get_by_label("Back to now").click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("Viewing epoch").is_none());
    h.get_by_label(&format!("loss (summed over the outputs) = {:.6}", now.loss));
}

#[test]
fn play_while_an_earlier_moment_is_shown_asks_from_which_to_go_on() {
    let mut h = harness(GuiArgs::default());
    for n in 1..=3 {
        press_step_epoch(&mut h, n);
    }
    // Back to now: training goes on from epoch 3.
    h.state_mut().workspace_mut().view_moment(Some(1));
    h.run_steps(2);
    h.get_by_label("Step epoch").click();
    h.run_steps(3);
    h.get_by_label("Train from the moment shown?");
    assert_eq!(
        h.state().workspace().epoch(),
        3,
        "nothing trained while asking"
    );
    h.get_all_by_label("Back to now").last().unwrap().click();
    step_until(&mut h, "epoch 4", |a| a.workspace().epoch() == 4);
    assert!(h.query_by_label_contains("Viewing epoch").is_none());
    // Continue from here: the run goes back to epoch 1 and trains on from it.
    h.state_mut().workspace_mut().view_moment(Some(1));
    h.run_steps(2);
    h.get_by_label("Step epoch").click();
    h.run_steps(3);
    h.get_all_by_label("Continue from here")
        .last()
        .unwrap()
        .click();
    step_until(&mut h, "epoch 2, from the moment", |a| {
        a.workspace().epoch() == 2 && a.workspace().history().len() == 2
    });
}

#[test]
fn windows_open_beside_the_map_never_over_the_transport_bar() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    {
        let p = &mut h.state_mut().workspace_mut().persisted;
        p.inspector.open = true;
        p.hidden_space.open = true;
        p.runs.open = true;
    }
    h.state_mut().apply(super::shell::Command::ShowRace);
    h.run_steps(4);
    let bar = h
        .get_by_label("Play")
        .rect()
        .union(h.get_by_label("Reset").rect());
    for title in ["Step inspector", "Hidden space", "Runs", "Race"] {
        let window = h
            .get_all_by_label(title)
            .map(|n| n.rect())
            .fold(egui::Rect::NOTHING, |a, b| a.union(b));
        assert!(window.is_positive(), "{title} is open");
        assert!(
            !window.intersects(bar),
            "{title} {window:?} covers Play {bar:?}"
        );
    }
}

#[test]
fn switching_through_every_dataset_and_output_setting_never_leaves_a_dead_end() {
    use crate::data::{DataSource, DatasetKind};
    use crate::experiment::Experiment;
    let mut app = ScratchnetApp::build(GuiArgs::default(), None, Arc::new(|| {}));
    let consistent = |e: &Experiment, p: &super::Persisted, what: &str| {
        let net = e.network();
        let (train, _) = p.data.load().unwrap();
        assert_eq!(
            e.train_data(),
            &train,
            "{what}: the data shown is the data trained on"
        );
        assert_eq!(
            net.n_outputs(),
            train.n_targets(),
            "{what}: an output per target"
        );
        assert_eq!(
            net.layers(),
            p.network.layers(),
            "{what}: the editor shows the network"
        );
        let softmax = *net.activations().last().unwrap() == Activation::Softmax;
        let classes = crate::nn::one_hot_classes(&train).is_some();
        assert_eq!(
            softmax, classes,
            "{what}: softmax exactly for one-hot classes"
        );
        let ce = e.settings().config.loss == Loss::CrossEntropy;
        assert_eq!(ce, softmax, "{what}: cross-entropy exactly on a softmax");
    };
    let outputs = [
        Activation::Softmax,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Identity,
    ];
    for kind in DatasetKind::ALL {
        for classes in [2, 3] {
            for output in outputs {
                let what = format!("{kind:?}, {classes} classes, after a {output:?} output");
                let ws = app.workspace_mut();
                // Trained weights that are not saved: every change asks, and is agreed to.
                ws.experiment_mut().mark_unsaved();
                let last = ws.network().activations().len() - 1;
                ws.diagram_action(DiagramAction::SetActivation(last, output));
                if ws.is_asking() {
                    ws.answer(true);
                }
                ws.experiment_mut().mark_unsaved();
                let previous = Box::new(ws.persisted.data.clone());
                ws.persisted.data.spec.source = DataSource::Builtin(kind);
                ws.persisted.data.spec.classes = classes;
                let edit = super::shell::Command::EditData {
                    action: super::data_panel::DataAction::Regenerate,
                    previous,
                };
                let _ = ws.apply(edit);
                if ws.is_asking() {
                    ws.answer(true);
                }
                assert_eq!(ws.error(), None, "{what}");
                assert_eq!(
                    ws.persisted.data.spec.source,
                    DataSource::Builtin(kind),
                    "{what}"
                );
                consistent(ws.experiment(), &ws.persisted, &what);
            }
        }
    }
}

#[test]
fn a_new_initialisation_applies_at_once_until_the_network_has_trained() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    assert!(
        h.state()
            .workspace()
            .network()
            .weights()
            .iter()
            .all(|&w| w == 0.0)
    );
    h.get_by_label("Initialisation").click();
    h.run_steps(2);
    h.get_by_label("xavier").click();
    h.run_steps(3);
    let net = h.state().workspace().network().clone();
    assert!(net.weights().iter().any(|&w| w != 0.0), "xavier at once");
    assert!(h.query_by_label("Reset to apply").is_none());
    // Trained, the weights stay until Reset, and the panel says so.
    press_step_epoch(&mut h, 1);
    let trained = h.state().workspace().network().clone();
    h.state_mut().workspace_mut().persisted.network.seed = 9;
    h.run_steps(2);
    h.get_by_label("Reset to apply");
    assert_eq!(h.state().workspace().network(), &trained);
    h.get_by_label("Reset").click();
    h.run_steps(3);
    assert!(h.query_by_label("Reset to apply").is_none());
    assert_eq!(h.state().workspace().epoch(), 0);
}

#[test]
fn help_lists_every_keyboard_shortcut() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.get_by_label("Help").click();
    h.run_steps(2);
    h.get_by_label("Keyboard shortcuts").click();
    h.run_steps(3);
    for (keys, what) in super::shell::SHORTCUTS {
        h.get_by_label(keys);
        h.get_by_label(what);
    }
}

#[test]
fn ctrl_z_undoes_weight_network_and_data_edits_and_ctrl_shift_z_redoes_them() {
    use super::shell::Command;
    use crate::data::DataSource;
    let undo = |h: &mut Harness<'_, ScratchnetApp>| {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.run_steps(3);
    };
    let redo = |h: &mut Harness<'_, ScratchnetApp>| {
        h.key_press_modifiers(
            egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
            egui::Key::Z,
        );
        h.run_steps(3);
    };
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    let start = h.state().workspace().network().clone();
    // A drag is many small edits of one weight: one step to undo.
    let w = Parameter::Weight { l: 0, j: 1, i: 0 };
    for v in [0.25, 0.5, 0.75] {
        h.state_mut()
            .apply(Command::Diagram(DiagramAction::Set(w, v)));
    }
    h.run_steps(2);
    assert_eq!(h.state().workspace().network().weight(0, 1, 0), 0.75);
    undo(&mut h);
    assert_eq!(h.state().workspace().network(), &start);
    redo(&mut h);
    assert_eq!(h.state().workspace().network().weight(0, 1, 0), 0.75);
    let edited = h.state().workspace().network().clone();
    // A new layer, then new data: each undone in turn, the editor and the data panel too.
    h.state_mut()
        .apply(Command::Diagram(DiagramAction::AddLayer));
    h.run_steps(2);
    if h.state().workspace().is_asking() {
        h.get_by_label("Discard and rebuild").click();
        h.run_steps(3);
    }
    assert_eq!(h.state().workspace().network().layers(), [2, 3, 3, 1]);
    let previous = Box::new(h.state().workspace().persisted.data.clone());
    h.state_mut().workspace_mut().persisted.data.spec.source =
        DataSource::Builtin(DatasetKind::Circle);
    h.state_mut().apply(Command::EditData {
        action: super::data_panel::DataAction::Regenerate,
        previous,
    });
    h.run_steps(2);
    if h.state().workspace().is_asking() {
        h.get_by_label("Discard and rebuild").click();
        h.run_steps(3);
    }
    assert_ne!(h.state().workspace().train_data().len(), 600, "circle");
    undo(&mut h);
    assert_eq!(h.state().workspace().train_data().len(), 600, "plane again");
    assert_eq!(
        h.state().workspace().persisted.data.spec.source,
        DataSource::Builtin(DatasetKind::Plane)
    );
    assert_eq!(h.state().workspace().network().layers(), [2, 3, 3, 1]);
    undo(&mut h);
    assert_eq!(
        h.state().workspace().network(),
        &edited,
        "the edited network"
    );
    assert_eq!(h.state().workspace().network_panel().hidden.len(), 1);
    redo(&mut h);
    assert_eq!(h.state().workspace().network().layers(), [2, 3, 3, 1]);
}

#[test]
fn another_dataset_ends_the_run_files_it_and_its_label_names_its_data() {
    use super::shell::Command;
    use crate::data::DataSource;
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    // reg-plane has the plane's shape: the network would fit, but a curve never mixes two
    // datasets.
    let previous = Box::new(h.state().workspace().persisted.data.clone());
    h.state_mut().workspace_mut().persisted.data.spec.source =
        DataSource::Builtin(DatasetKind::RegPlane);
    h.state_mut().apply(Command::EditData {
        action: super::data_panel::DataAction::Regenerate,
        previous,
    });
    h.run_steps(2);
    h.get_by_label("Discard and rebuild").click();
    h.run_steps(3);
    let ws = h.state().workspace();
    assert_eq!((ws.epoch(), ws.history().len()), (0, 0), "a new run");
    let runs = ws.experiment().runs();
    assert_eq!(runs.finished.len(), 1, "the plane run is filed");
    assert_eq!(runs.finished[0].data, "plane");
    assert_eq!(runs.current.data, "reg-plane");
    assert_eq!(
        crate::experiment::difference(&runs.finished[0], &runs.current),
        "plane"
    );
    // Other noise of the same dataset goes on training where it stands.
    press_step_epoch(&mut h, 1);
    let previous = Box::new(h.state().workspace().persisted.data.clone());
    h.state_mut().workspace_mut().persisted.data.spec.noise = 0.2;
    h.state_mut().apply(Command::EditData {
        action: super::data_panel::DataAction::Regenerate,
        previous,
    });
    h.run_steps(2);
    assert!(!h.state().workspace().is_asking());
    assert_eq!(h.state().workspace().epoch(), 1);
}

#[test]
fn slow_step_shows_each_sample_of_the_batch_in_the_inspector_then_makes_its_update() {
    use super::shell::Command;
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    {
        let ws = h.state_mut().workspace_mut();
        ws.persisted.training.config.batch_size = 3;
        let _ = ws.apply(Command::Configure);
    }
    h.run_steps(2);
    let expected = h
        .state()
        .workspace()
        .experiment()
        .inspect_batch(0..3)
        .unwrap()
        .network;
    h.get_by_label("Slow step").click();
    // The samples the inspector shows, as the frames go by.
    let seen = std::cell::RefCell::new(Vec::new());
    step_until(&mut h, "the batch's update", |a| {
        let k = a.workspace().persisted.inspector.sample;
        if a.workspace().persisted.inspector.open && seen.borrow().last() != Some(&k) {
            seen.borrow_mut().push(k);
        }
        a.workspace().network() == &expected
    });
    assert_eq!(
        seen.borrow()[..3],
        [0, 1, 2],
        "each sample of the batch in turn"
    );
    assert!(!h.state().workspace().is_slow_stepping());
    assert_eq!(
        h.state().workspace().persisted.inspector.sample,
        3,
        "the next batch is shown"
    );
}

#[test]
fn the_loss_plots_legend_names_pinned_and_recent_runs_and_groups_the_rest() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    press_step_epoch(&mut h, 1);
    h.get_by_label("Reset").click();
    h.run_steps(3);
    {
        let runs = h.state_mut().workspace_mut().experiment_mut().runs_mut();
        let first = runs.finished[0].clone();
        runs.finished = (1..=7)
            .map(|k| crate::model_file::RunRecord {
                name: format!("run {k}"),
                pinned: k == 1,
                ..first.clone()
            })
            .collect();
    }
    h.run_steps(3);
    for k in [1, 5, 6, 7] {
        h.get_by_label(&format!("run {k}: same settings train"));
    }
    for k in [2, 3, 4] {
        assert!(
            h.query_by_label(&format!("run {k}: same settings train"))
                .is_none()
        );
    }
    h.get_by_label("earlier runs train");
}

#[test]
fn a_train_ratio_off_the_sliders_grid_makes_no_new_data_when_the_panel_is_drawn() {
    // 0.7 is drawn by the slider as 0.7000000000000001; that is no change of the data.
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                dataset: Some(DatasetKind::Circle),
                train_ratio: Some(0.7),
                ..Default::default()
            },
            ..Default::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(3);
    assert_eq!(
        h.state().workspace().experiment().revision(),
        (0, 0),
        "no restart"
    );
    assert_eq!(h.state().workspace().data_panel().spec.train_ratio, 0.7);
}

#[test]
fn export_animation_writes_a_frame_per_kept_moment_through_the_menus_function() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.gif");
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    for epoch in 1..=11 {
        press_step_epoch(&mut h, epoch);
    }
    let moments = h.state().workspace().experiment().checkpoints().len();
    assert_eq!(moments, 12, "epoch 0 and each stepped epoch");
    h.state_mut()
        .workspace_mut()
        .export_animation(&path, true)
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let decoder = gif::DecodeOptions::new()
        .read_info(bytes.as_slice())
        .unwrap();
    assert_eq!(decoder.width(), 960, "the diagram beside the map");
    assert_eq!(decoder.into_iter().count(), 12);
}
