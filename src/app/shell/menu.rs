//! The menu bar and the keyboard shortcuts.

use super::ScratchnetApp;
use super::file_dialogs::FileTask;

impl ScratchnetApp {
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(egui::Button::new("Open model…").shortcut_text("Ctrl+O"))
                    .clicked()
                {
                    self.ask_for_file(FileTask::OpenModel);
                }
                if ui
                    .add(egui::Button::new("Save model…").shortcut_text("Ctrl+S"))
                    .clicked()
                {
                    self.ask_for_file(FileTask::SaveModel);
                }
                ui.separator();
                if ui.button("Import CSV…").clicked() {
                    self.ask_for_file(FileTask::ImportTrain);
                }
                if ui
                    .button("Export data CSV…")
                    .on_hover_text("The samples (a drawing's points) as a CSV to import again")
                    .clicked()
                {
                    self.ask_for_file(FileTask::ExportData);
                }
                if ui.button("Export loss CSV…").clicked() {
                    self.ask_for_file(FileTask::ExportLoss);
                }
                if ui.button("Export heatmap PNG…").clicked() {
                    self.ask_for_file(FileTask::ExportHeatmap);
                }
                ui.separator();
                if ui
                    .button("Predict CSV…")
                    .on_hover_text("The model's predictions for the rows of a CSV, written as CSV")
                    .clicked()
                {
                    self.ask_for_file(FileTask::PredictInput);
                }
                if ui
                    .button("Export for NumPy…")
                    .on_hover_text("The model as one Python file: predict(X) with NumPy only")
                    .clicked()
                {
                    self.ask_for_file(FileTask::ExportPython(
                        crate::experiment::PythonTarget::Numpy,
                    ));
                }
                if ui
                    .button("Export for PyTorch…")
                    .on_hover_text("The model as one Python file: an nn.Sequential in float64")
                    .clicked()
                {
                    self.ask_for_file(FileTask::ExportPython(
                        crate::experiment::PythonTarget::Pytorch,
                    ));
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("View", |ui| {
                self.persisted.heatmap.controls_ui(ui);
                self.persisted.diagram.controls_ui(ui);
                ui.checkbox(&mut self.persisted.inspector.open, "Step inspector")
                    .on_hover_text(
                        "One training sample through forward, back-propagation and update",
                    );
                ui.checkbox(&mut self.persisted.hidden_space.open, "Hidden space")
                    .on_hover_text(
                        "The data at two hidden neurons' outputs: how a layer bends the plane",
                    );
                ui.checkbox(&mut self.persisted.runs.open, "Runs")
                    .on_hover_text(
                        "Every run since the window opened: overlay, rename, pin, export",
                    );
                ui.checkbox(&mut self.race.open, "Race")
                    .on_hover_text("Train variants of the current settings side by side");
                ui.checkbox(&mut self.persisted.loss_plot.log_scale, "Log-scale loss")
                    .on_hover_text("Plot the loss on a logarithmic axis");
                ui.checkbox(&mut self.persisted.loss_plot.show_metric, "Plot metric")
                    .on_hover_text(
                        "Plot accuracy (classification) or R² (regression) under the loss",
                    );
                ui.separator();
                egui::gui_zoom::zoom_menu_buttons(ui);
            });
            ui.menu_button("Help", |ui| {
                if ui.button("Guide").clicked() {
                    self.show_guide = true;
                }
                if ui.button("About scratchnet").clicked() {
                    self.show_about = true;
                }
            });
            if let Some(n) = &self.notice {
                ui.separator();
                ui.weak(n.as_str());
            }
        });
    }

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let (space, open, save) = ctx.input_mut(|i| {
            (
                !typing && i.consume_key(egui::Modifiers::NONE, egui::Key::Space),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::O),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::S),
            )
        });
        if space {
            self.toggle_play();
        }
        if open {
            self.ask_for_file(FileTask::OpenModel);
        }
        if save {
            self.ask_for_file(FileTask::SaveModel);
        }
    }
}
