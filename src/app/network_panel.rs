//! The network editor: hidden layers, activations, initialisation.

use crate::app::i18n::{tr, trf};
use serde::{Deserialize, Serialize};

use crate::app::hidden::shown;
use crate::nn::{Activation, Init, Network, NnError};

/// One hidden layer as the editor shows it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HiddenLayer {
    /// Number of neurons.
    pub nodes: usize,
    /// Its activation.
    pub activation: Activation,
}

/// What an edit asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum NetworkEdit {
    /// The shape or an activation changed: build a new network.
    Rebuild,
}

/// The network editor panel's state: the shape the user wants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkPanel {
    /// Hidden layers, first to last.
    pub hidden: Vec<HiddenLayer>,
    /// Activation of the output layer.
    pub output_activation: Activation,
    /// How weights start.
    pub init: Init,
    /// Seed of the initialisation and shuffling.
    pub seed: u64,
    /// Inputs the data gives (not edited here).
    #[serde(skip)]
    pub inputs: usize,
    /// Targets the data gives (not edited here).
    #[serde(skip)]
    pub outputs: usize,
    /// The initialisation and seed the run's network started from.
    #[serde(skip)]
    pub applied: Option<(Init, u64)>,
}

impl Default for NetworkPanel {
    /// The reference demo: one hidden layer of 3 sigmoid nodes, identity output, zeros.
    fn default() -> Self {
        NetworkPanel {
            hidden: vec![HiddenLayer {
                nodes: 3,
                activation: Activation::Sigmoid,
            }],
            output_activation: Activation::Identity,
            init: Init::Zeros,
            seed: 0,
            inputs: 2,
            outputs: 1,
            applied: None,
        }
    }
}

/// Adds a hidden layer like the last one (4 tanh neurons when there is none), up to
/// [`MAX_HIDDEN`].
fn add_layer(hidden: &mut Vec<HiddenLayer>) {
    if hidden.len() < MAX_HIDDEN {
        let last = hidden.last().copied().unwrap_or(HiddenLayer {
            nodes: 4,
            activation: Activation::Tanh,
        });
        hidden.push(last);
    }
}

/// The most hidden layers the editor offers.
pub const MAX_HIDDEN: usize = 8;

/// The most neurons a hidden layer gets in the editor.
pub const MAX_NEURONS: usize = 256;

impl NetworkPanel {
    /// Layer sizes, input first.
    pub fn layers(&self) -> Vec<usize> {
        let mut layers = vec![self.inputs];
        layers.extend(self.hidden.iter().map(|h| h.nodes));
        layers.push(self.outputs);
        layers
    }

    /// One activation per non-input layer.
    pub fn activations(&self) -> Vec<Activation> {
        let mut acts: Vec<Activation> = self.hidden.iter().map(|h| h.activation).collect();
        acts.push(self.output_activation);
        acts
    }

    /// Weights and biases the shape has.
    pub fn parameter_count(&self) -> usize {
        crate::nn::parameter_count(&self.layers())
    }

    /// An empty network of this shape (initialise it with [`Network::initialize`]).
    pub fn build(&self) -> Result<Network, NnError> {
        Network::new(&self.layers(), &self.activations())
    }

    /// Takes the shape of a loaded network.
    pub fn adopt(&mut self, net: &Network) {
        let layers = net.layers();
        let acts = net.activations();
        self.inputs = layers[0];
        self.outputs = layers[layers.len() - 1];
        self.hidden = layers[1..layers.len() - 1]
            .iter()
            .zip(acts)
            .map(|(&nodes, &activation)| HiddenLayer { nodes, activation })
            .collect();
        self.output_activation = acts[acts.len() - 1];
    }

    /// Adds a hidden layer before the output layer, like the last one (4 tanh neurons when
    /// there is none); at most [`MAX_HIDDEN`].
    pub fn add_layer(&mut self) {
        add_layer(&mut self.hidden);
    }

    /// Removes the last hidden layer, if any.
    pub fn remove_layer(&mut self) {
        self.hidden.pop();
    }

    /// Sets the activation of non-input layer `l` (the last one is the output layer).
    pub fn set_activation(&mut self, l: usize, activation: Activation) {
        let n = self.hidden.len();
        match self.hidden.get_mut(l) {
            Some(h) => h.activation = activation,
            None if l == n => self.output_activation = activation,
            None => {}
        }
    }

    /// Draws the editor; returns what the edit asks for.
    ///
    /// A new initialisation or seed applies at once to a network that has not trained
    /// (`trained` false); a trained one keeps its weights until Reset, and says so.
    pub fn ui(&mut self, ui: &mut egui::Ui, trained: bool) -> Option<NetworkEdit> {
        let before = (self.hidden.clone(), self.output_activation);
        let start = (self.init, self.seed);
        let Self {
            hidden,
            output_activation,
            init,
            seed,
            inputs,
            outputs,
            applied,
        } = self;

        ui.horizontal(|ui| {
            ui.label(trf!("{} hidden layer(s)", hidden.len()));
            if !shown(ui, "layers") {
                return;
            }
            let add = ui
                .add_enabled(
                    hidden.len() < MAX_HIDDEN,
                    egui::Button::new(tr("+ Add layer")),
                )
                .on_hover_text(tr("Add a hidden layer before the output layer"));
            if add.clicked() {
                add_layer(hidden);
            }
            let remove = ui
                .add_enabled(!hidden.is_empty(), egui::Button::new(tr("− Remove layer")))
                .on_hover_text(tr("Remove the last hidden layer"));
            if remove.clicked() {
                hidden.pop();
            }
        });

        ui.label(trf!("Input layer: {} node(s) (set by the data)", inputs));
        egui::Grid::new("hidden layers")
            .num_columns(3)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for (i, layer) in hidden.iter_mut().enumerate() {
                    let name = ui.label(trf!("Hidden {}", i + 1));
                    if shown(ui, "neurons") {
                        ui.add(
                            egui::DragValue::new(&mut layer.nodes)
                                .range(1..=MAX_NEURONS)
                                .suffix(tr(" neurons")),
                        )
                        .labelled_by(name.id)
                        .on_hover_text(tr("Neurons in this layer (drag or type)"));
                    } else {
                        ui.label(trf!("{} neurons", layer.nodes));
                    }
                    if shown(ui, "activation") {
                        activation_combo(
                            ui,
                            &trf!("Activation of hidden layer {}", i + 1),
                            &mut layer.activation,
                        );
                    } else {
                        ui.label(layer.activation.name());
                    }
                    ui.end_row();
                }
                ui.label(tr("Output"));
                ui.label(trf!("{} neuron(s)", outputs));
                if shown(ui, "output_activation") {
                    activation_combo(ui, tr("Output activation"), output_activation);
                } else {
                    ui.label(output_activation.name());
                }
                ui.end_row();
            });

        ui.horizontal(|ui| {
            if !shown(ui, "init") {
                return;
            }
            let label = ui.label(tr("Initialisation"));
            egui::ComboBox::from_id_salt("Initialisation")
                .selected_text(init.name())
                .show_ui(ui, |ui| {
                    for choice in Init::ALL {
                        let item = ui.selectable_value(init, choice, choice.name());
                        if let Some(meaning) = super::terms::explain(choice.name()) {
                            item.on_hover_text(tr(meaning));
                        }
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(tr(
                    "How Reset starts the weights: zeros (the reference), uniform (TF \
                     Playground: ±0.5, biases 0.1), xavier, he",
                ));
        });
        ui.horizontal(|ui| {
            if !shown(ui, "seed") {
                return;
            }
            let label = ui.label(tr("Seed"));
            ui.add(egui::DragValue::new(seed))
                .labelled_by(label.id)
                .on_hover_text(tr(
                    "Seed of initialisation and shuffling: the same seed, the same run",
                ));
            if trained && applied.is_some_and(|a| a != (*init, *seed)) {
                ui.colored_label(ui.visuals().warn_fg_color, tr("Reset to apply"))
                    .on_hover_text(tr(
                        "The network has trained: its weights stay until Reset starts them \
                         with this initialisation and seed",
                    ));
            }
        });

        ui.label(trf!("Parameters: {}", self.parameter_count()))
            .on_hover_text(tr("Weights and biases the network learns"));

        let after = (self.hidden.clone(), self.output_activation);
        let reinitialised = !trained && (self.init, self.seed) != start;
        (before != after || reinitialised).then_some(NetworkEdit::Rebuild)
    }
}

/// A labelled activation chooser.
fn activation_combo(ui: &mut egui::Ui, label: &str, value: &mut Activation) {
    egui::ComboBox::from_id_salt(label)
        .selected_text(value.name())
        // Tall enough for every activation: the list opens at its top, identity first.
        .height(400.0)
        .show_ui(ui, |ui| {
            // Softmax is a whole layer's: the output layer's only.
            let output = label == tr("Output activation");
            for choice in Activation::ALL
                .into_iter()
                .filter(|a| output || a.is_per_node())
            {
                let item = ui.selectable_value(value, choice, choice.name());
                if let Some(meaning) = super::terms::explain(choice.name()) {
                    item.on_hover_text(tr(meaning));
                }
            }
        })
        .response
        .on_hover_text(label);
}
