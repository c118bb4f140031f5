//! The loss landscape window, as a user opens it: a weight picked in the diagram's editor,
//! then a second.

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;

use super::GuiArgs;
use super::diagram::DiagramAction;
use super::landscape_view::SAMPLES;
use super::shell::Command;
use super::tests::{harness, press_step_epoch};
use crate::experiment::{ExperimentArgs, Parameter};

type H = egui_kittest::Harness<'static, super::ScratchnetApp>;

/// Runs frames until the landscape shown passes `done` (a 60 s guard against a hang,
/// never a measure).
pub(super) fn wait_for_landscape(
    h: &mut H,
    done: impl Fn(&crate::experiment::landscape::Landscape) -> bool,
) {
    let start = Instant::now();
    while h
        .state()
        .workspace()
        .persisted
        .landscape
        .shown()
        .is_none_or(|l| !done(l))
    {
        assert!(start.elapsed() < Duration::from_secs(60), "no landscape");
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn circle() -> H {
    let args = GuiArgs {
        experiment: ExperimentArgs {
            data_flags: crate::experiment::DataArgs {
                dataset: Some(crate::data::DatasetKind::Circle),
                ..Default::default()
            },
            layers: Some(vec![2, 4, 1]),
            activation: Some(crate::nn::Activation::Tanh),
            init: Some(crate::nn::Init::Xavier),
            ..ExperimentArgs::default()
        },
        ..GuiArgs::default()
    };
    let mut h = harness(args);
    h.run_steps(2);
    h
}

#[test]
fn a_weight_picked_in_the_diagram_shows_its_curve_whose_slope_is_the_gradient() {
    let mut h = circle();
    let w = Parameter::Weight { l: 0, j: 1, i: 0 };
    h.state_mut()
        .apply(Command::Diagram(DiagramAction::Landscape(w)));
    let at = h.state().workspace().network().weight(0, 1, 0);
    wait_for_landscape(&mut h, |l| l.at[0] == at);
    h.get_by_label("Loss landscape");
    h.get_by_label_contains("slope (the gradient)");
    let ws = h.state().workspace();
    let l = ws.persisted.landscape.shown().unwrap().clone();
    let e = ws.experiment();
    let g = e.gradient_at(e.network(), SAMPLES);
    assert_eq!(l.slopes[0], g.weights[w.flat_index(e.network())]);
    // The curve's own slope at the point, from its neighbours, is that gradient.
    let (v, loss) = (&l.axes[0].values, &l.loss);
    let mid = v.len() / 2;
    let secant = (loss[mid + 1] - loss[mid - 1]) / (v[mid + 1] - v[mid - 1]);
    assert!(
        (secant - l.slopes[0]).abs() < 0.05 * l.slopes[0].abs().max(1e-3),
        "{secant} vs {}",
        l.slopes[0]
    );
    // It follows training.
    press_step_epoch(&mut h, 1);
    let at = h.state().workspace().network().weight(0, 1, 0);
    wait_for_landscape(&mut h, |l| l.at[0] == at);
}

#[test]
fn a_second_weight_makes_a_surface_and_one_weight_only_goes_back() {
    let mut h = circle();
    let w = Parameter::Weight { l: 0, j: 1, i: 0 };
    let b = Parameter::Bias { l: 1, j: 0 };
    h.state_mut()
        .apply(Command::Diagram(DiagramAction::Landscape(w)));
    h.state_mut()
        .apply(Command::Diagram(DiagramAction::Landscape(b)));
    let at = h.state().workspace().network().weight(0, 1, 0);
    wait_for_landscape(&mut h, |l| l.axes.len() == 2);
    let l = h
        .state()
        .workspace()
        .persisted
        .landscape
        .shown()
        .unwrap()
        .clone();
    assert_eq!(l.at, [at, h.state().workspace().network().bias(1, 0)]);
    assert_eq!(l.loss.len(), 41 * 41);
    h.get_by_label_contains("(dark) to");
    h.get_by_label("One weight only").click();
    h.run_steps(2);
    assert_eq!(h.state().workspace().persisted.landscape.picked, [w]);
}
