//! TF Playground links in the window, as a user opens and copies them.

use egui_kittest::kittest::Queryable;

use super::GuiArgs;
use super::tests::harness;
use crate::data::DataSource;
use crate::experiment::{ExperimentArgs, TfLink};

const LINK: &str = "https://playground.tensorflow.org/#activation=relu&batchSize=8&dataset=spiral\
                    &learningRate=0.01&regularizationRate=0.001&regularization=L2&noise=20\
                    &networkShape=8,8,5&seed=0.90210&percTrainData=70&x=true&y=true&xTimesY=true\
                    &xSquared=true&ySquared=true&sinX=true&sinY=true&problem=classification";

#[test]
fn a_link_pasted_into_file_open_link_opens_tfs_experiment_exactly() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label("Open TF Playground link…").click();
    h.run_steps(3);
    h.get_by_label("Link").type_text(LINK);
    h.run_steps(2);
    h.get_by_label("Open").click();
    h.run_steps(3);
    let link = TfLink::parse(LINK).unwrap();
    let ws = h.state().workspace();
    assert!(
        matches!(&ws.persisted.data.spec.source, DataSource::Page { seed, .. } if seed == "0.90210"),
        "{:?}",
        ws.persisted.data.spec.source
    );
    assert_eq!(ws.train_data().len(), 350);
    assert_eq!(ws.experiment().epoch(), 0);
    assert_eq!(ws.network(), &link.network(), "TF's start weights");
    assert!(ws.persisted.training.config().carry_remainder);
    h.get_by_label_contains("seed=0.90210");
}

#[test]
fn a_bad_link_is_refused_by_name_and_nothing_changes() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    let before = h.state().workspace().network().clone();
    h.state_mut().apply(super::shell::Command::OpenLink(
        "https://playground.tensorflow.org/#networkShape=999,abc".into(),
    ));
    h.run_steps(3);
    h.get_by_label_contains("the link's networkShape=999,abc");
    assert_eq!(h.state().workspace().network(), &before);
}

#[test]
fn copy_as_link_puts_the_experiment_on_the_clipboard_or_says_what_tf_cannot_show() {
    let args = GuiArgs {
        experiment: ExperimentArgs {
            link: Some(LINK.into()),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(2);
    let tf = TfLink::parse(LINK).unwrap().network();
    assert_eq!(
        h.state().workspace().network(),
        &tf,
        "a launch with --link starts as TF does"
    );
    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label("Copy as TF Playground link").click();
    h.run_steps(1);
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        });
    let copied = copied.expect("a link on the clipboard");
    assert_eq!(
        TfLink::parse(&copied).unwrap(),
        TfLink::parse(LINK).unwrap()
    );
    // The reference demo (the plane, identity output): named, not copied.
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    h.get_by_label("File").click();
    h.run_steps(3);
    h.get_by_label("Copy as TF Playground link").click();
    h.run_steps(3);
    h.get_by_label_contains("No link copied: TensorFlow Playground cannot show the plane dataset");
}

#[test]
fn tfs_step_is_a_training_setting_to_switch() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    assert!(
        !h.state()
            .workspace()
            .persisted
            .training
            .config()
            .carry_remainder
    );
    h.get_by_label("Carry a short last batch").click();
    h.run_steps(2);
    assert!(
        h.state()
            .workspace()
            .persisted
            .training
            .config()
            .carry_remainder
    );
    assert!(
        h.state()
            .workspace()
            .experiment()
            .settings()
            .config
            .carry_remainder,
        "the trainer has it"
    );
}

#[test]
fn a_link_shortcut_dropped_on_the_window_opens_the_link() {
    // winit hands over dropped files only (a URL dragged from a browser is refused); a
    // shortcut made of the link (a .desktop or .url file, or text) carries it.
    let dir = tempfile::tempdir().unwrap();
    let shortcut = dir.path().join("spiral.desktop");
    let desktop = format!("[Desktop Entry]\nType=Link\nName=spiral\nURL={LINK}\n");
    std::fs::write(&shortcut, desktop).unwrap();
    let mut h = harness(GuiArgs::default());
    h.run_steps(1);
    super::tests::drop_file(&mut h, &shortcut);
    let link = TfLink::parse(LINK).unwrap();
    assert_eq!(h.state().workspace().network(), &link.network());
    // A file that holds no link is refused, naming what opens.
    let other = dir.path().join("notes.txt");
    std::fs::write(&other, "no link here").unwrap();
    super::tests::drop_file(&mut h, &other);
    h.get_by_label_contains("TF Playground links (a shortcut or text file with one)");
    assert_eq!(h.state().workspace().network(), &link.network());
}
