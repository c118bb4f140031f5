//! Help ▸ Guide and Help ▸ About.
use crate::app::i18n::tr;

/// Which help windows are open.
#[derive(Default)]
pub struct Help {
    /// The guide.
    pub guide: bool,
    /// About scratchnet.
    pub about: bool,
    /// The keyboard shortcuts.
    pub shortcuts: bool,
    /// The guide's pictures, once it has been opened.
    pictures: Vec<egui::TextureHandle>,
}

/// Every keyboard shortcut of the window, and what it does.
pub const SHORTCUTS: [(&str, &str); 11] = [
    ("Space", "Play or pause training"),
    (
        "Ctrl+Z",
        "Undo the last edit of the network, the data or a weight",
    ),
    ("Ctrl+Shift+Z", "Redo"),
    ("Ctrl+O", "Open a model"),
    ("Ctrl+S", "Save the model"),
    ("Ctrl+Plus", "Zoom in"),
    ("Ctrl+Minus", "Zoom out"),
    ("Ctrl+0", "Zoom to 100 %"),
    ("Tab, Shift+Tab", "Move to the next or the previous control"),
    ("Enter", "Press the focused button, tick the focused box"),
    ("Ctrl+V", "Open the TF Playground link on the clipboard"),
];

impl Help {
    /// Draws the open windows.
    pub fn ui(&mut self, ctx: &egui::Context) {
        if self.guide && self.pictures.is_empty() {
            self.pictures = GUIDE_WINDOWS
                .iter()
                .filter_map(|(name, _, bytes)| {
                    let image = picture(bytes)?;
                    Some(ctx.load_texture(*name, image, egui::TextureOptions::LINEAR))
                })
                .collect();
        }
        let pictures = &self.pictures;
        egui::Window::new(tr("Guide"))
            .open(&mut self.guide)
            .default_width(540.0)
            .default_height(560.0)
            .default_pos(crate::app::beside_the_map(ctx, 540.0))
            .vscroll(true)
            .show(ctx, |ui| {
                ui.label(tr(GUIDE));
                for (k, (name, text, _)) in GUIDE_WINDOWS.iter().enumerate() {
                    ui.separator();
                    ui.horizontal(|ui| {
                        if let Some(t) = pictures.get(k) {
                            ui.add(egui::Image::new((t.id(), t.size_vec2())).alt_text(tr(name)));
                        }
                        ui.vertical(|ui| {
                            ui.strong(tr(name));
                            ui.label(tr(text));
                        });
                    });
                }
            });
        egui::Window::new(tr("Keyboard shortcuts"))
            .open(&mut self.shortcuts)
            .default_pos(crate::app::beside_the_map(ctx, 320.0))
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (keys, what) in SHORTCUTS {
                        ui.monospace(keys);
                        ui.label(tr(what));
                        ui.end_row();
                    }
                });
            });
        egui::Window::new(tr("About scratchnet"))
            .open(&mut self.about)
            .default_pos(crate::app::beside_the_map(ctx, 320.0))
            .show(ctx, |ui| {
                ui.label(format!("scratchnet {}", env!("CARGO_PKG_VERSION")));
                ui.label(tr(
                    "A neural network written from scratch, and a window to watch it learn.",
                ));
            });
    }
}

/// The guide's opening: the three steps, the settings and the transport bar.
const GUIDE: &str = "\
scratchnet trains a small fully-connected network written from scratch, and shows it learn.

Every training step has three parts:
 1. Forward: each neuron sums its weighted inputs plus its bias and applies its activation.
 2. Back-propagation: from the error at the output, each neuron's delta and each weight's \
gradient are computed, layer by layer backwards.
 3. Update: every weight moves against its gradient: w = w − learning rate × gradient.

Where the settings act:
 • Data: what the network learns from (the playground's datasets or your CSV).
 • Network: layers, neurons and activations (forward), and how Reset starts the weights.
 • Learning rate: the size of each update (step 3).
 • Batch size: how many samples' gradients are averaged into one update (1 = online, \
all = full batch).
 • Shuffle: the order samples are visited in each epoch.

Play trains continuously on a background thread (Space), at the Pace chosen beside it \
(60 epochs a second is about one a frame; max is as fast as the machine goes); Step epoch \
and Step batch train a little and stop; Slow step walks one batch through the step \
inspector; Reset starts over. Ctrl+Z undoes an edit of the network, the data or a weight. \
File > Save model keeps the weights and every setting, so an experiment reopens as it was.";

/// Every window of the app: its name, what it shows, and a small picture of it.
pub const GUIDE_WINDOWS: [(&str, &str, &[u8]); 9] = [
    (
        "Map",
        "The network's output over the input plane (orange −1, grey 0, blue +1); point at \
         it to read the exact prediction. With draw chosen in Data, a click adds a point, \
         shift-click one of the other class, right-click erases.",
        include_bytes!("../../../assets/guide/map.png"),
    ),
    (
        "Network diagram",
        "Every node a picture of its own output; point at one to see it on the map, at a \
         link to read its weight and gradient; click a link or a bias to edit it.",
        include_bytes!("../../../assets/guide/diagram.png"),
    ),
    (
        "Loss plot",
        "Train and test loss per epoch (log scales, zoom, smoothing), earlier runs overlaid.",
        include_bytes!("../../../assets/guide/plot.png"),
    ),
    (
        "Rewind",
        "The slider shows an earlier moment of the run everywhere at once; a bar says \
         which, with Back to now and Continue from here.",
        include_bytes!("../../../assets/guide/bar.png"),
    ),
    (
        "Step inspector",
        "(View) One sample through the three steps, every number; Step sample and Step \
         batch take exactly the update shown.",
        include_bytes!("../../../assets/guide/inspector.png"),
    ),
    (
        "Hidden space",
        "(View) The data at two hidden neurons' outputs, the plane's grid bent by the \
         layers.",
        include_bytes!("../../../assets/guide/hidden.png"),
    ),
    (
        "Runs",
        "(View) Every run since the window opened, by what sets it apart: overlay, \
         rename, pin, export.",
        include_bytes!("../../../assets/guide/runs.png"),
    ),
    (
        "Race",
        "(View) Optimizers, learning rates or batch sizes trained side by side from the \
         same weights.",
        include_bytes!("../../../assets/guide/race.png"),
    ),
    (
        "Classes",
        "With three or more, the output is a softmax trained on cross-entropy; the \
         Confusion table counts which class each test sample was given.",
        include_bytes!("../../../assets/guide/classes.png"),
    ),
];

/// A guide picture as an image egui can show (`None` if it cannot be decoded).
pub fn picture(bytes: &[u8]) -> Option<egui::ColorImage> {
    let rgba = image::load_from_memory(bytes).ok()?.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Some(egui::ColorImage::from_rgba_unmultiplied(
        size,
        rgba.as_raw(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_window_of_the_guide_has_a_picture() {
        for (name, text, bytes) in GUIDE_WINDOWS {
            let image = picture(bytes).unwrap_or_else(|| panic!("{name}: no picture"));
            assert!(image.size[0] >= 100 && image.size[1] >= 10, "{name}");
            assert!(!text.is_empty());
        }
    }
}
