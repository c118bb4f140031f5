//! Rewind: a slider over the run's checkpoints; the diagram and the heatmap show the
//! network as it was, and "Continue from here" goes back to it.

use crate::app::i18n::{tr, trf};
use crate::experiment::{Checkpoint, Experiment};

/// What the rewind panel asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum RewindAction {
    /// Go back to checkpoint `i` and train on from there.
    ContinueFrom(usize),
}

/// The rewind panel's state: which moment is shown (`None`: now).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RewindPanel {
    /// The epoch of the checkpoint shown, or `None` for the live network.
    pub viewing: Option<u64>,
}

impl RewindPanel {
    /// The checkpoint shown instead of the live network, if any (the latest one at or
    /// before the epoch chosen, as older checkpoints thin out).
    pub fn shown<'e>(&self, e: &'e Experiment) -> Option<(usize, &'e Checkpoint)> {
        let epoch = self.viewing?;
        let cs = e.checkpoints();
        let i = cs.partition_point(|c| c.epoch <= epoch).checked_sub(1)?;
        Some((i, &cs[i]))
    }

    /// Draws the slider; returns what it asks for.
    pub fn ui(&mut self, ui: &mut egui::Ui, e: &Experiment) -> Option<RewindAction> {
        let cs = e.checkpoints();
        let mut action = None;
        if cs.is_empty() {
            return None;
        }
        let live = cs.len(); // one past the last checkpoint: now
        let mut index = self.shown(e).map_or(live, |(i, _)| i);
        ui.horizontal(|ui| {
            let label = ui.label(tr("Moment"));
            let text = |i: f64| {
                let i = i as usize;
                if i >= live {
                    tr("now").to_string()
                } else {
                    trf!("epoch {}", cs[i].epoch)
                }
            };
            ui.add(
                egui::Slider::new(&mut index, 0..=live)
                    .custom_formatter(|v, _| text(v))
                    .custom_parser(|_| None),
            )
            .labelled_by(label.id)
            .on_hover_text(tr(
                "The network at log-spaced epochs of this run: the diagram and the heatmap show it",
            ));
        });
        self.viewing = (index < live).then(|| cs[index].epoch);
        if let Some((i, c)) = self.shown(e) {
            ui.horizontal(|ui| {
                if ui
                    .button(tr("Continue from here"))
                    .on_hover_text(tr(
                        "Go back to this moment (weights, optimizer, history) and train on from it",
                    ))
                    .clicked()
                {
                    action = Some(RewindAction::ContinueFrom(i));
                }
                ui.weak(trf!("showing epoch {}", c.epoch));
            });
        } else {
            let n = cs.len();
            ui.weak(if n == 1 {
                tr("1 moment kept").to_string()
            } else {
                trf!("{} moments kept", n)
            });
        }
        action
    }
}
