//! Each neuron's maths with its numbers, as a user opens them: a neuron clicked in the
//! diagram, or its row in the step inspector.

use egui_kittest::kittest::{NodeT, Queryable};

use super::GuiArgs;
use super::tests::{click_at, harness};

#[test]
fn clicking_a_neuron_writes_out_its_maths_in_the_step_inspector() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    let layout = h.state().workspace().diagram_layout().unwrap().clone();
    // The first hidden neuron of the [2,3,1] reference network, zeros to start with.
    let at = layout.node_rect(1, 0).center();
    h.hover_at(at);
    h.run_steps(1);
    click_at(&mut h, at);
    h.run_steps(3);
    assert!(h.state().workspace().persisted.inspector.open);
    h.get_by_label("Hidden layer 1, neuron 1: its maths");
    h.get_by_label_contains("z = w₁·x₁ + w₂·x₂ + b = 0·");
    h.get_by_label("a = σ(z) = σ(0) = 0.5");
    h.get_by_label_contains("∂L/∂w₁ = δ·x₁ = ");
    h.get_by_label("Back-propagation");
    // Its row in the inspector's table: the output's row writes out the output's maths.
    let rows: Vec<_> = h
        .get_all_by_label("1")
        .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .collect();
    rows.last().expect("the output's row").click();
    h.run_steps(3);
    h.get_by_label("Output 1: its maths");
    h.get_by_label_contains("∂L/∂a = a − y = ");
    h.get_by_label("Hide maths").click();
    h.run_steps(2);
    assert!(h.query_by_label("Output 1: its maths").is_none());
}

#[test]
fn full_precision_writes_every_digit() {
    let mut h = harness(GuiArgs::default());
    h.run_steps(2);
    h.state_mut()
        .workspace_mut()
        .persisted
        .inspector
        .show_maths(0, 0);
    h.state_mut()
        .workspace_mut()
        .persisted
        .inspector
        .full_precision = true;
    h.run_steps(3);
    // The reference plane's first sample, its exact input.
    let x = h.state().workspace().train_data().input(0)[0];
    h.get_by_label_contains(&format!("·{x} + "));
}
