//! File ▸ Open TF Playground link…: a field to paste a link into.
use crate::app::i18n::tr;

/// The link field, while it is asked for.
#[derive(Debug, Default)]
pub struct LinkPrompt {
    /// Shown.
    pub open: bool,
    /// What was pasted or typed.
    text: String,
    /// The field takes the keyboard when the window opens (so that Ctrl+V pastes there).
    focus: bool,
}

impl LinkPrompt {
    /// Asks for a link.
    pub fn ask(&mut self) {
        self.open = true;
        self.text.clear();
        self.focus = true;
    }

    /// Draws the window while open; returns the link once Open is pressed (or Enter).
    #[must_use]
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<String> {
        let Self { open, text, focus } = self;
        if !*open {
            return None;
        }
        let mut chosen = None;
        let mut still_open = true;
        egui::Window::new(tr("Open a TensorFlow Playground link"))
            .open(&mut still_open)
            .collapsible(false)
            .resizable(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label(tr(
                    "Paste a link from playground.tensorflow.org: its data, network, start \
                     weights and training, reproduced exactly.",
                ));
                let label = ui.label(tr("Link"));
                let field = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .hint_text(tr("https://playground.tensorflow.org/#activation=tanh&…"))
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if std::mem::take(focus) {
                    field.request_focus();
                }
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    let ready = !text.trim().is_empty();
                    if ui
                        .add_enabled(ready, egui::Button::new(tr("Open")))
                        .clicked()
                        || (entered && ready)
                    {
                        chosen = Some(text.trim().to_string());
                    }
                    if ui.button(tr("Cancel")).clicked() {
                        *open = false;
                    }
                });
            });
        if chosen.is_some() || !still_open {
            *open = false;
        }
        chosen
    }
}

/// A TF Playground link pasted anywhere on the window (Ctrl+V, no field focused).
pub fn pasted_link(ctx: &egui::Context) -> Option<String> {
    if ctx.memory(|m| m.focused().is_some()) {
        return None;
    }
    ctx.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Paste(text) if crate::experiment::is_link(text.trim()) => {
                Some(text.trim().to_string())
            }
            _ => None,
        })
    })
}
