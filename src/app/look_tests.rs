//! How the window looks and is reached: themes, and the keyboard with the names screen
//! readers read (AccessKit).

use egui_kittest::kittest::{NodeT, Queryable};

use super::GuiArgs;
use super::tests::harness;

/// The name a screen reader reads for the focused widget, if one has focus.
fn focused(h: &egui_kittest::Harness<'_, super::ScratchnetApp>) -> Option<String> {
    h.query_by(|n| n.is_focused())
        .map(|n| n.accesskit_node().label().unwrap_or_default())
}

#[test]
fn tab_walks_the_main_controls_by_their_names() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    let mut names: Vec<String> = Vec::new();
    for _ in 0..150 {
        h.key_press(egui::Key::Tab);
        h.run_steps(1);
        let name = focused(&h).expect("Tab always lands on a control");
        let role = h.query_by(|n| n.is_focused()).map(|n| {
            format!(
                "{:?} {:?}",
                n.accesskit_node().role(),
                n.accesskit_node().bounding_box()
            )
        });
        assert!(
            !name.trim().is_empty(),
            "a control without a name ({role:?}), after {names:?}"
        );
        if names.first() == Some(&name) && names.len() > 10 {
            break;
        }
        names.push(name);
    }
    for control in [
        "Play",
        "Step epoch",
        "Step batch",
        "Slow step",
        "Reset",
        "circle",
        "+ Add layer",
        "Learning rate",
        "Batch size",
        "Shuffle each epoch",
        "Optimizer",
        "Network diagram: click a neuron for its maths, a link or a bias to edit it",
        "Prediction map: click a sample to inspect it",
    ] {
        assert!(
            names.iter().any(|n| n == control),
            "Tab never reaches {control}: {names:?}"
        );
    }
}

#[test]
fn the_view_menu_switches_between_light_and_dark() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    for (button, theme) in [("Light", egui::Theme::Light), ("Dark", egui::Theme::Dark)] {
        h.get_by_label("View").click();
        h.run_steps(2);
        h.get_by_label(button).click();
        h.run_steps(2);
        assert_eq!(h.ctx.theme(), theme, "{button}");
    }
}

#[test]
fn enter_presses_the_focused_button() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    for _ in 0..20 {
        h.key_press(egui::Key::Tab);
        h.run_steps(1);
        if focused(&h).as_deref() == Some("Step epoch") {
            break;
        }
    }
    assert_eq!(focused(&h).as_deref(), Some("Step epoch"));
    h.key_press(egui::Key::Enter);
    let start = std::time::Instant::now();
    while h.state().workspace().experiment().epoch() < 1 {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "no epoch"
        );
        h.run_steps(1);
    }
}
