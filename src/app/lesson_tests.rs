//! Lessons in the window, as a learner opens, follows and closes them.

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;

use super::GuiArgs;
use super::tests::harness;

fn settings(h: &egui_kittest::Harness<'_, super::ScratchnetApp>) -> serde_json::Value {
    serde_json::to_value(&h.state().workspace().persisted).unwrap()
}

#[test]
fn a_lesson_opens_from_the_menu_ticks_its_goals_and_closing_it_leaves_the_users_settings() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    // The user's own settings: one changed by hand.
    h.get_by_label("Carry a short last batch").click();
    h.run_steps(2);
    let before = settings(&h);

    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label("Lessons").click();
    h.run_steps(3);
    h.get_by_label("The plane, one sample at a time").click();
    h.run_steps(3);
    let ws = h.state().workspace();
    assert_eq!(
        ws.lesson().map(|l| l.name.as_str()),
        Some("01-plane-online.json")
    );
    assert_eq!(ws.network().layers(), [2, 3, 1]);
    h.get_by_label_contains("Tier 1: test loss ≤ 0.001");
    // What the window would remember now is the user's own.
    assert_eq!(
        serde_json::to_value(h.state().workspace().to_remember()).unwrap(),
        before
    );

    // Train until the first tier is met: it says at which epoch.
    h.get_by_label("Play").click();
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().workspace().lesson().unwrap().progress.met[0]
        .1
        .is_none()
    {
        assert!(Instant::now() < deadline, "tier 1 was not met");
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
    let epoch = h.state().workspace().lesson().unwrap().progress.met[0]
        .1
        .unwrap();
    h.get_by_label("Pause").click();
    h.run_steps(3);
    h.get_by_label_contains(&format!("met at epoch {epoch}"));

    h.get_by_label("Close lesson").click();
    h.run_steps(3);
    assert!(h.state().workspace().lesson().is_none());
    assert_eq!(settings(&h), before, "the user's settings, untouched");
    assert_eq!(h.state().workspace().experiment().epoch(), 0);
}

#[test]
fn next_lesson_opens_the_next_shipped_one_and_reset_keeps_the_lesson() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut()
        .apply(super::shell::Command::OpenShippedLesson(
            "04-learning-rate-too-large.json",
        ));
    h.run_steps(2);
    h.get_by_label("Reset").click();
    h.run_steps(2);
    assert!(
        h.state().workspace().lesson().is_some(),
        "Reset keeps the lesson"
    );
    h.get_by_label("Next lesson").click();
    h.run_steps(3);
    let ws = h.state().workspace();
    assert_eq!(
        ws.lesson().unwrap().name,
        "05-xor-needs-a-hidden-layer.json"
    );
    assert_eq!(ws.network().layers(), [2, 1]);
    h.get_by_label("XOR needs a hidden layer");
}

#[test]
fn a_tf_link_with_goal_keys_opens_as_a_lesson() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut().apply(super::shell::Command::OpenLink(
        "https://playground.tensorflow.org/#dataset=xor&seed=0.1&batchSize_hide=true\
         &goalTestLossMinThreshold=0.2"
            .into(),
    ));
    h.run_steps(3);
    let lesson = h.state().workspace().lesson().expect("a lesson");
    assert_eq!(lesson.lesson.hide, ["batch_size"]);
    h.get_by_label_contains("Tier 1: test loss ≤ 0.2");
}

/// Each control, and a label only it puts on screen.
const CONTROL_LABELS: [(&str, &str); 30] = [
    ("dataset", "circle"),
    ("draw", "draw"),
    ("noise", "Noise"),
    ("classes", "Classes"),
    ("train_ratio", "Train ratio"),
    ("data_seed", "Data seed"),
    ("import_csv", "Import CSV…"),
    ("features", "sin x1"),
    ("standardize", "Standardise inputs"),
    ("layers", "+ Add layer"),
    ("neurons", "−"),
    ("activation", "Activation of hidden layer 1"),
    ("output_activation", "Output activation"),
    ("init", "Initialisation"),
    ("seed", "Seed"),
    ("learning_rate", "Learning rate"),
    ("batch_size", "Batch size"),
    ("shuffle", "Shuffle each epoch"),
    ("carry", "Carry a short last batch"),
    ("stop_after", "Stop after"),
    ("optimizer", "Optimizer"),
    ("loss", "Loss"),
    ("regularization", "Regularization"),
    ("schedule", "LR schedule"),
    ("play", "Play"),
    ("step_epoch", "Step epoch"),
    ("step_batch", "Step batch"),
    ("slow_step", "Slow step"),
    ("reset", "Reset"),
    ("pace", "Pace"),
];

#[test]
fn a_lesson_hides_each_control_one_by_one() {
    use crate::experiment::lesson::{CONTROLS, parse_lesson};
    // Every control but reg_rate (shown only with a penalty, checked below) is listed,
    // here or with the views.
    for c in CONTROLS {
        assert!(
            c == "reg_rate"
                || c == "weight_edit"
                || CONTROL_LABELS
                    .iter()
                    .chain(&VIEW_LABELS)
                    .any(|(k, _)| *k == c),
            "{c} has no label to look for"
        );
    }
    let text = crate::experiment::lesson::shipped("05-xor-needs-a-hidden-layer.json").unwrap();
    let base = parse_lesson(text).unwrap();
    let start = vec![
        "--hidden".into(),
        "3".into(),
        "--regularization".into(),
        "l2".into(),
    ];
    for (control, label) in CONTROL_LABELS
        .iter()
        .copied()
        .chain([("reg_rate", "Regularization rate")])
    {
        let lesson = crate::experiment::lesson::Lesson {
            hide: vec![control.into()],
            start: crate::experiment::lesson::LessonStart::Flags(
                crate::experiment::lesson::merge_flags(
                    match &base.start {
                        crate::experiment::lesson::LessonStart::Flags(f) => f,
                        _ => unreachable!(),
                    },
                    &start,
                ),
            ),
            ..base.clone()
        };
        let mut h = harness(GuiArgs::default());
        h.run_steps(1);
        h.state_mut()
            .workspace_mut()
            .open_lesson(lesson, "test")
            .unwrap();
        h.run_steps(3);
        let hidden = h.query_all_by_label(label).count();
        // The lesson's own network may show the control once more or less: judge by
        // another lesson hiding nothing.
        let mut control_h = harness(GuiArgs::default());
        control_h.run_steps(1);
        let open = crate::experiment::lesson::Lesson {
            hide: Vec::new(),
            ..h.state().workspace().lesson().unwrap().lesson.clone()
        };
        control_h
            .state_mut()
            .workspace_mut()
            .open_lesson(open, "test")
            .unwrap();
        control_h.run_steps(3);
        let unhidden = control_h.query_all_by_label(label).count();
        // The label is the control's own (but the loss plot's "Loss" heading stays).
        assert!(
            hidden < unhidden,
            "{control}: {label} shown {unhidden} times, and {hidden} when hidden"
        );
        if control != "loss" {
            assert_eq!(hidden, 0, "{control}: {label} still shown when hidden");
        }
    }
}

#[test]
fn save_as_lesson_writes_the_experiment_with_the_forms_task_and_open_lesson_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.scratchnet-lesson.json");
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    super::tests::press_step_epoch(&mut h, 1);
    let trained = h.state().workspace().network().clone();
    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label("Save as lesson…").click();
    h.run_steps(3);
    h.get_by_label("Title").type_text("My plane");
    h.run_steps(1);
    h.get_by_label("noise").click();
    h.run_steps(2);
    // The menu asks for a path with Save…; here the same function takes one.
    h.state_mut().workspace_mut().save_lesson(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"format\": \"scratchnet.lesson\""));

    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut()
        .workspace_mut()
        .open_lesson_file(&path)
        .unwrap();
    h.run_steps(3);
    let ws = h.state().workspace();
    let open = ws.lesson().unwrap();
    assert_eq!(open.lesson.title, "My plane");
    assert_eq!(open.lesson.hide, ["noise"]);
    assert_eq!(
        ws.network(),
        &trained,
        "the saved experiment, weights and all"
    );
    assert_eq!(ws.experiment().epoch(), 1);
    h.get_by_label("My plane");
}

#[test]
fn next_lesson_of_a_lesson_file_is_looked_for_beside_it() {
    use crate::experiment::lesson::{parse_lesson, shipped};
    let dir = tempfile::tempdir().unwrap();
    let mut first = parse_lesson(shipped("05-xor-needs-a-hidden-layer.json").unwrap()).unwrap();
    first.next = Some("second.json".into());
    let mut second = parse_lesson(shipped("06-circle-with-squares.json").unwrap()).unwrap();
    second.title = "The second".into();
    second.next = None;
    std::fs::write(dir.path().join("first.json"), first.to_json()).unwrap();
    std::fs::write(dir.path().join("second.json"), second.to_json()).unwrap();
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut()
        .workspace_mut()
        .open_lesson_file(&dir.path().join("first.json"))
        .unwrap();
    h.run_steps(2);
    h.get_by_label("Next lesson").click();
    h.run_steps(3);
    assert_eq!(h.state().workspace().lesson().unwrap().name, "second.json");
    h.get_by_label("The second");
    assert!(
        h.query_by_label("Next lesson").is_none(),
        "the last one has no next"
    );
}

#[test]
fn opening_a_lesson_over_unsaved_trained_weights_asks_first() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    super::tests::press_step_epoch(&mut h, 1);
    h.state_mut()
        .apply(super::shell::Command::OpenShippedLesson(
            "05-xor-needs-a-hidden-layer.json",
        ));
    h.run_steps(3);
    assert!(
        h.state().workspace().lesson().is_none(),
        "not before the answer"
    );
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(h.state().workspace().lesson().is_none());
    assert_eq!(
        h.state().workspace().experiment().epoch(),
        1,
        "the work stays"
    );
    h.state_mut()
        .apply(super::shell::Command::OpenShippedLesson(
            "05-xor-needs-a-hidden-layer.json",
        ));
    h.run_steps(3);
    h.get_by_label("Discard and open").click();
    h.run_steps(3);
    assert!(h.state().workspace().lesson().is_some());
}

#[test]
fn a_tf_link_that_hides_controls_hides_them_in_the_window() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut().apply(super::shell::Command::OpenLink(
        "https://playground.tensorflow.org/#dataset=gauss&seed=0.2&learningRate_hide=true\
         &playButton_hide=true"
            .into(),
    ));
    h.run_steps(3);
    assert!(h.query_by_label("Learning rate").is_none());
    assert!(h.query_by_label("Play").is_none());
    h.get_by_label("Step epoch");
    h.get_by_label("Close lesson").click();
    h.run_steps(3);
    assert!(h.query_all_by_label("Learning rate").count() > 0);
    h.get_by_label("Play");
}

/// Each view a lesson can hide, and a label only it puts on screen (with every window open
/// and the View menu open).
const VIEW_LABELS: [(&str, &str); 10] = [
    ("show_test", "Show test data"),
    ("discretize", "Discretize output"),
    ("rewind", "Rewind"),
    ("confusion", "Confusion"),
    ("loss_plot", "Log-scale loss"),
    ("inspector", "Step inspector"),
    ("hidden_space", "Hidden space"),
    ("landscape", "Loss landscape"),
    ("runs", "Runs"),
    ("race", "Race"),
];

/// The window with shipped lesson `file` open, hiding `hide`.
fn shipped_lesson_hiding(
    file: &str,
    hide: &[&str],
) -> egui_kittest::Harness<'static, super::ScratchnetApp> {
    let text = crate::experiment::lesson::shipped(file).unwrap();
    let lesson = crate::experiment::lesson::Lesson {
        hide: hide.iter().map(|c| c.to_string()).collect(),
        ..crate::experiment::lesson::parse_lesson(text).unwrap()
    };
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut()
        .workspace_mut()
        .open_lesson(lesson, "test")
        .unwrap();
    h
}

/// The window with the three-class lesson open hiding `hide`, every window open and the
/// View menu open: how many times `label` is on screen.
fn labels_with_views_open(hide: &[&str], label: &str) -> usize {
    let mut h = shipped_lesson_hiding("09-several-classes.json", hide);
    let p = &mut h.state_mut().workspace_mut().persisted;
    (p.inspector.open, p.hidden_space.open, p.runs.open) = (true, true, true);
    p.landscape.open = true;
    h.state_mut().apply(super::shell::Command::ShowRace);
    h.run_steps(3);
    h.get_by_label("View").click();
    h.run_steps(3);
    h.query_all_by_label(label).count()
}

#[test]
fn a_lesson_hides_each_view_one_by_one() {
    use crate::experiment::lesson::CONTROLS;
    for (control, label) in VIEW_LABELS {
        assert!(CONTROLS.contains(&control), "{control}");
        let unhidden = labels_with_views_open(&[], label);
        assert!(
            unhidden > 0,
            "{control}: {label} is not on screen to begin with"
        );
        let hidden = labels_with_views_open(&[control], label);
        assert_eq!(hidden, 0, "{control}: {label} still shown {hidden} times");
    }
    // The plot itself goes with its View entries: its "Loss" heading too (the training
    // panel's loss stays).
    assert!(labels_with_views_open(&[], "Loss") > labels_with_views_open(&["loss_plot"], "Loss"));
}

#[test]
fn a_lesson_that_hides_weight_editing_keeps_every_weight_and_says_why() {
    use crate::app::diagram::DiagramAction;
    use crate::experiment::Parameter;
    let mut h = shipped_lesson_hiding("05-xor-needs-a-hidden-layer.json", &["weight_edit"]);
    h.run_steps(2);
    let before = h
        .state()
        .workspace()
        .experiment()
        .network()
        .weights()
        .to_vec();
    let set = DiagramAction::Set(Parameter::Weight { l: 0, j: 0, i: 0 }, 3.0);
    h.state_mut().apply(super::shell::Command::Diagram(set));
    h.run_steps(2);
    assert_eq!(
        h.state().workspace().experiment().network().weights(),
        before
    );
    h.get_by_label_contains("This lesson does not let you edit weights");
    // Closing the lesson lets the same edit through.
    h.get_by_label("Close lesson").click();
    h.run_steps(3);
    h.state_mut().apply(super::shell::Command::Diagram(set));
    h.run_steps(2);
    assert_eq!(
        h.state().workspace().experiment().network().weights()[0],
        3.0
    );
}

#[test]
fn space_does_not_play_when_a_lesson_hides_play() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.state_mut().apply(super::shell::Command::OpenLink(
        "https://playground.tensorflow.org/#dataset=xor&seed=0.3&playButton_hide=true".into(),
    ));
    h.run_steps(3);
    h.key_press(egui::Key::Space);
    h.run_steps(3);
    assert!(!h.state().workspace().experiment().is_playing());
    h.get_by_label("Close lesson").click();
    h.run_steps(3);
    h.key_press(egui::Key::Space);
    h.run_steps(3);
    assert!(h.state().workspace().experiment().is_playing());
}

#[test]
fn a_link_shows_test_data_and_a_discretized_map_as_it_says() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    let open = |h: &mut egui_kittest::Harness<'_, super::ScratchnetApp>, flags: &str| {
        h.state_mut().apply(super::shell::Command::OpenLink(format!(
            "https://playground.tensorflow.org/#dataset=xor&seed=0.3&{flags}"
        )));
        h.run_steps(2);
        let map = &h.state().workspace().persisted.heatmap;
        (map.show_test, map.discretize)
    };
    assert_eq!(
        open(&mut h, "showTestData=true&discretize=true"),
        (true, true)
    );
    assert_eq!(
        open(&mut h, "showTestData=false&discretize=true"),
        (false, true)
    );
    assert_eq!(
        open(&mut h, "showTestData=true&discretize=false"),
        (true, false)
    );
    // A link without them leaves the map as it was.
    assert_eq!(open(&mut h, "noise=5"), (true, false));
}

#[test]
fn a_lesson_file_named_at_launch_or_dropped_opens_as_a_lesson() {
    // As a double-click does (the desktop file runs `scratchnet FILE`).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xor.scratchnet-lesson.json");
    let text = crate::experiment::lesson::shipped("05-xor-needs-a-hidden-layer.json").unwrap();
    std::fs::write(&path, text).unwrap();
    let mut h = harness(GuiArgs {
        open: Some(path.clone()),
        ..GuiArgs::default()
    });
    h.run_steps(3);
    let lesson = h.state().workspace().lesson().expect("opened as a lesson");
    assert_eq!(lesson.lesson.title, "XOR needs a hidden layer");
    assert!(h.state().workspace().error().is_none());
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    super::tests::drop_file(&mut h, &path);
    assert!(h.state().workspace().lesson().is_some(), "dropped");
}
