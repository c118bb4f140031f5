//! The controls around the diagram: each layer's activation, layers and neurons added or
//! removed, and the input features fed to the network.

use crate::app::i18n::{tr, trf};
use egui::{Rect, pos2, vec2};

use super::{CONTROLS_HEIGHT, DiagramAction, Layout};
use crate::data::Feature;
use crate::nn::{Activation, Network};

/// Draws the controls under and beside the diagram drawn in `rect`; returns what was
/// asked for.
pub fn ui(
    ui: &mut egui::Ui,
    rect: Rect,
    layout: &Layout,
    net: &Network,
    features: Option<&dyn Fn(Feature) -> bool>,
) -> Option<DiagramAction> {
    use crate::app::hidden::shown;
    let mut action = activations(ui, rect, layout, net);
    let hidden = net.layers().len().saturating_sub(2);
    let (layers, neurons_shown) = (shown(ui, "layers"), shown(ui, "neurons"));
    let end = Rect::from_min_size(
        pos2(rect.right() - 150.0, rect.top()),
        vec2(150.0, CONTROLS_HEIGHT),
    );
    ui.put(end, |ui: &mut egui::Ui| {
        ui.horizontal(|ui| {
            if !layers {
                return;
            }
            if ui
                .small_button(tr("+ layer"))
                .on_hover_text(tr("Add a hidden layer before the output layer"))
                .clicked()
            {
                action = Some(DiagramAction::AddLayer);
            }
            if ui
                .add_enabled(hidden > 0, egui::Button::new(tr("− layer")).small())
                .on_hover_text(tr("Remove the last hidden layer"))
                .clicked()
            {
                action = Some(DiagramAction::RemoveLayer);
            }
        })
        .response
    });
    if let Some(uses) = features.filter(|_| shown(ui, "features")) {
        action = feature_chips(ui, rect, uses).or(action);
    }
    if !neurons_shown {
        return action;
    }
    neurons(ui, rect, layout, hidden).or(action)
}

/// Each layer's activation, under its column.
fn activations(
    ui: &mut egui::Ui,
    rect: Rect,
    layout: &Layout,
    net: &Network,
) -> Option<DiagramAction> {
    let hidden = net.layers().len().saturating_sub(2);
    let row = rect.bottom() + CONTROLS_HEIGHT / 2.0;
    let mut action = None;
    for (l, &activation) in net.activations().iter().enumerate() {
        let control = if l < hidden {
            "activation"
        } else {
            "output_activation"
        };
        if !crate::app::hidden::shown(ui, control) {
            continue;
        }
        let x = layout.centers[l + 1][0].x;
        let at = Rect::from_center_size(pos2(x, row), vec2(96.0, CONTROLS_HEIGHT));
        let place = if l < hidden {
            at.translate(vec2(62.0, 0.0))
        } else {
            at
        };
        ui.put(place, |ui: &mut egui::Ui| {
            let mut chosen = activation;
            let kind = if l < hidden {
                tr("hidden layer")
            } else {
                tr("output layer")
            };
            let response = egui::ComboBox::from_id_salt(("diagram activation", l))
                .selected_text(chosen.name())
                .width(72.0)
                .height(400.0)
                .show_ui(ui, |ui| {
                    // Softmax is a whole layer's: the output layer's only.
                    let choices = Activation::ALL
                        .into_iter()
                        .filter(|a| l >= hidden || a.is_per_node());
                    for choice in choices {
                        let item = ui.selectable_value(&mut chosen, choice, choice.name());
                        if let Some(meaning) = crate::app::terms::explain(choice.name()) {
                            item.on_hover_text(tr(meaning));
                        }
                    }
                })
                .response
                .on_hover_text(trf!("Activation of {} {}", kind, l + 1));
            if chosen != activation {
                action = Some(DiagramAction::SetActivation(l, chosen));
            }
            response
        });
    }
    action
}

/// A chip per input feature, down the left edge.
fn feature_chips(
    ui: &mut egui::Ui,
    rect: Rect,
    uses: &dyn Fn(Feature) -> bool,
) -> Option<DiagramAction> {
    let mut action = None;
    let mut at = pos2(rect.left() + 4.0, rect.top() + 20.0);
    for f in Feature::ALL {
        let chip = Rect::from_min_size(at, vec2(48.0, 16.0));
        ui.put(chip, |ui: &mut egui::Ui| {
            let on = uses(f);
            let r = ui.selectable_label(on, f.label()).on_hover_text(trf!(
                "{} {} (the input layer follows)",
                if on { tr("Stop feeding") } else { tr("Feed") },
                f.label()
            ));
            if r.clicked() {
                action = Some(DiagramAction::ToggleFeature(f));
            }
            r
        });
        at.y += 18.0;
    }
    action
}

/// − and + under each hidden layer.
fn neurons(ui: &mut egui::Ui, rect: Rect, layout: &Layout, hidden: usize) -> Option<DiagramAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        for h in 0..hidden {
            let x = layout.centers[h + 1][0].x - 40.0;
            let at = Rect::from_center_size(
                pos2(x, rect.bottom() + CONTROLS_HEIGHT / 2.0),
                vec2(60.0, CONTROLS_HEIGHT),
            );
            ui.put(at, |ui: &mut egui::Ui| {
                ui.horizontal(|ui| {
                    if ui
                        .small_button("−")
                        .on_hover_text(trf!("One neuron fewer in hidden layer {}", h + 1))
                        .clicked()
                    {
                        action = Some(DiagramAction::RemoveNeuron(h));
                    }
                    if ui
                        .small_button("+")
                        .on_hover_text(trf!("One neuron more in hidden layer {}", h + 1))
                        .clicked()
                    {
                        action = Some(DiagramAction::AddNeuron(h));
                    }
                })
                .response
            });
        }
    });
    action
}
