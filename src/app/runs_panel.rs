//! The runs list (View ▸ Runs): every run since the window opened, to overlay on the loss
//! plot, rename, pin, remove and export.

use crate::app::i18n::{tr, trf};
use serde::{Deserialize, Serialize};

use crate::experiment::{Runs, difference};

/// What the runs window asks of the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunsAction {
    /// Write every run's curve as one CSV (a file dialog).
    ExportCsv,
    /// Start a race of variants of the current settings.
    Race,
}

/// Colours of overlaid runs, in the order of the list (a qualitative palette that keeps
/// clear of the current run's blue and orange).
pub const RUN_COLORS: [egui::Color32; 7] = [
    egui::Color32::from_rgb(0x2c, 0xa0, 0x2c),
    egui::Color32::from_rgb(0xd6, 0x27, 0x28),
    egui::Color32::from_rgb(0x94, 0x67, 0xbd),
    egui::Color32::from_rgb(0x8c, 0x56, 0x4b),
    egui::Color32::from_rgb(0xe3, 0x77, 0xc2),
    egui::Color32::from_rgb(0x17, 0xbe, 0xcf),
    egui::Color32::from_rgb(0xbc, 0xbd, 0x22),
];

/// The colour of finished run `i`.
pub fn run_color(i: usize) -> egui::Color32 {
    RUN_COLORS[i % RUN_COLORS.len()]
}

/// The runs window's state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunsPanel {
    /// The window is shown.
    pub open: bool,
}

impl RunsPanel {
    /// Draws the window over `ctx` when open.
    pub fn ui(&mut self, ctx: &egui::Context, runs: &mut Runs) -> Option<RunsAction> {
        let mut open = self.open;
        let mut action = None;
        egui::Window::new(tr("Runs"))
            .open(&mut open)
            .default_width(520.0)
            .default_pos(super::beside_the_map(ctx, 520.0))
            .show(ctx, |ui| action = Self::list(ui, runs));
        self.open = open;
        action
    }

    /// The list itself: one row a run, the current one last.
    fn list(ui: &mut egui::Ui, runs: &mut Runs) -> Option<RunsAction> {
        let mut action = None;
        ui.label(tr(
            "Every Reset starts a new run; ticked runs are drawn over the loss plot \
             (dashed: test loss), labelled by what differs from the current settings.",
        ));
        let current = runs.current.clone();
        let mut remove = None;
        egui::Grid::new("runs grid")
            .num_columns(6)
            .striped(true)
            .show(ui, |ui| {
                ui.strong(tr("plot"));
                ui.strong(tr("name"));
                ui.strong(tr("differs in"));
                ui.strong(tr("epochs"));
                ui.strong(tr("final loss (train / test)"));
                ui.strong("");
                ui.end_row();
                for (i, run) in runs.finished.iter_mut().enumerate() {
                    let label = crate::app::i18n::label(&difference(run, &current));
                    ui.checkbox(&mut run.shown, "")
                        .on_hover_text(trf!("Draw {} over the loss plot", run.name));
                    ui.add_sized(
                        [110.0, 20.0],
                        egui::TextEdit::singleline(&mut run.name).text_color(run_color(i)),
                    )
                    .on_hover_text(tr("Rename the run"));
                    ui.label(label);
                    ui.label(run.epochs.to_string());
                    ui.label(final_losses(&run.history));
                    ui.horizontal(|ui| {
                        ui.toggle_value(&mut run.pinned, tr("Pin"))
                            .on_hover_text(tr("A pinned run is never dropped to make room"));
                        if ui.button(tr("Remove")).clicked() {
                            remove = Some(i);
                        }
                    });
                    ui.end_row();
                }
                ui.label("");
                ui.add_sized(
                    [110.0, 20.0],
                    egui::TextEdit::singleline(&mut runs.current.name),
                )
                .on_hover_text(tr("Rename the current run"));
                ui.strong(tr("current run"));
                ui.label("");
                ui.label("");
                ui.label("");
                ui.end_row();
            });
        if let Some(i) = remove {
            runs.remove(i);
        }
        ui.horizontal(|ui| {
            if ui
                .button(tr("Export runs CSV…"))
                .on_hover_text(tr(
                    "Every run's losses and metrics in one file: run, epoch, …",
                ))
                .clicked()
            {
                action = Some(RunsAction::ExportCsv);
            }
            if ui
                .button(tr("Race…"))
                .on_hover_text(tr("Train variants of the current settings side by side"))
                .clicked()
            {
                action = Some(RunsAction::Race);
            }
            ui.weak(trf!(
                "{} of at most {} runs kept (pinned ones always)",
                runs.finished.len() + 1,
                crate::experiment::MAX_RUNS
            ));
        });
        action
    }
}

/// `0.0123 / 0.0456`: the last train loss of a history and its last measured test loss.
pub fn final_losses(history: &crate::history::History) -> String {
    let Some(&train) = history.train_loss.last() else {
        return "–".into();
    };
    let test = history.test_loss.iter().rev().flatten().next();
    let test = test.map_or("–".to_string(), |&t| short(t));
    format!("{} / {test}", short(train))
}

/// A loss in four significant digits: `0.04563`, `7.215e-6`.
fn short(v: f64) -> String {
    if v != 0.0 && v.abs() < 1e-3 {
        format!("{v:.3e}")
    } else {
        format!("{v:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::History;

    #[test]
    fn final_figures_are_the_last_train_loss_and_the_last_measured_test_loss() {
        let mut h = History::default();
        assert_eq!(final_losses(&h), "–");
        h.push(1, 0.5, Some(0.25));
        h.push(2, 7.2153e-6, None);
        assert_eq!(final_losses(&h), "7.215e-6 / 0.2500");
    }
}
