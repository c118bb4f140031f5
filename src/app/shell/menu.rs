//! The menu bar and the keyboard shortcuts: each item becomes a [`Command`] (View's
//! check boxes set what is shown directly).

use super::command::Command;
use super::file_chooser::FileTask;
use super::help::Help;
use super::workspace::Workspace;
use crate::app::hidden::{is_shown, shown};
use crate::app::i18n::tr;
use crate::app::transport::TransportAction;
use crate::experiment::PythonTarget;

/// The File menu: each item and the file it asks for.
const FILE_ITEMS: &[(&str, Option<&str>, Option<&str>, FileTask)] = &[
    ("Open model…", Some("Ctrl+O"), None, FileTask::OpenModel),
    ("Save model…", Some("Ctrl+S"), None, FileTask::SaveModel),
    ("Import CSV…", None, None, FileTask::ImportTrain),
    (
        "Export data CSV…",
        None,
        Some("The samples (a drawing's points) as a CSV to import again"),
        FileTask::ExportData,
    ),
    ("Export loss CSV…", None, None, FileTask::ExportLoss),
    ("Export heatmap PNG…", None, None, FileTask::ExportHeatmap),
    (
        "Export animation…",
        None,
        Some(
            "The map at the run's moments (those the rewind slider keeps) as an animated GIF, each frame labelled with its epoch",
        ),
        FileTask::ExportAnimation { diagram: false },
    ),
    (
        "Export animation with diagram…",
        None,
        Some("The same, with the network's diagram beside the map at each moment"),
        FileTask::ExportAnimation { diagram: true },
    ),
    (
        "Predict CSV…",
        None,
        Some("The model's predictions for the rows of a CSV, written as CSV"),
        FileTask::PredictInput,
    ),
    (
        "Export for NumPy…",
        None,
        Some("The model as one Python file: predict(X) with NumPy only"),
        FileTask::ExportPython(PythonTarget::Numpy),
    ),
    (
        "Export for PyTorch…",
        None,
        Some("The model as one Python file: an nn.Sequential in float64"),
        FileTask::ExportPython(PythonTarget::Pytorch),
    ),
];

/// Draws the menu bar; returns the commands chosen.
pub fn menu_bar(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    race_open: &mut bool,
    help: &mut Help,
) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(tr("File"), |ui| {
            for (k, (label, shortcut, hint, task)) in FILE_ITEMS.iter().enumerate() {
                // Separators after Save, after the exports of data and pictures.
                if [2, 7].contains(&k) {
                    ui.separator();
                }
                let mut button = egui::Button::new(tr(label));
                if let Some(s) = shortcut {
                    button = button.shortcut_text(*s);
                }
                let mut response = ui.add(button);
                if let Some(h) = hint {
                    response = response.on_hover_text(tr(h));
                }
                if response.clicked() {
                    commands.push(Command::AskFile(task.clone()));
                }
            }
            ui.separator();
            ui.menu_button(tr("Lessons"), |ui| {
                for (name, text) in crate::experiment::lesson::SHIPPED {
                    let title = crate::experiment::lesson::parse_lesson(text)
                        .map_or_else(|_| name.to_string(), |l| {
                            l.text_in(crate::app::i18n::current().code()).0.to_string()
                        });
                    if ui.button(title).clicked() {
                        commands.push(Command::OpenShippedLesson(name));
                    }
                }
            });
            if ui.button(tr("Open lesson…")).clicked() {
                commands.push(Command::AskFile(FileTask::OpenLesson));
            }
            if ui
                .button(tr("Save as lesson…"))
                .on_hover_text(
                    tr("The experiment as it is, with a title, a task, goals and hidden controls"),
                )
                .clicked()
            {
                ws.lesson_form.ask();
            }
            if ws.lesson().is_some() && ui.button(tr("Close lesson")).clicked() {
                commands.push(Command::Lesson(
                    crate::app::lesson_panel::LessonAction::Close,
                ));
            }
            ui.separator();
            let open_link = ui.button(tr("Open TF Playground link…")).on_hover_text(
                tr("A link from playground.tensorflow.org: its data, network, start weights and \
                 training, exactly (or paste a link anywhere with Ctrl+V)"),
            );
            if open_link.clicked() {
                commands.push(Command::AskLink);
            }
            let copy = ui.button(tr("Copy as TF Playground link")).on_hover_text(
                tr("The experiment's settings as a link TF Playground opens, where TF can show them"),
            );
            if copy.clicked() {
                commands.push(Command::CopyLink);
            }
            ui.separator();
            if ui.button(tr("Quit")).clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button(tr("Edit"), |ui| {
            let undo = egui::Button::new(tr("Undo")).shortcut_text("Ctrl+Z");
            if ui.add_enabled(ws.undo.can_undo(), undo).clicked() {
                commands.push(Command::Undo);
            }
            let redo = egui::Button::new(tr("Redo")).shortcut_text("Ctrl+Shift+Z");
            if ui.add_enabled(ws.undo.can_redo(), redo).clicked() {
                commands.push(Command::Redo);
            }
        });
        ui.menu_button(tr("View"), |ui| view_menu(ui, ws, race_open));
        ui.menu_button(tr("Help"), |ui| {
            help.guide |= ui.button(tr("Guide")).clicked();
            help.shortcuts |= ui.button(tr("Keyboard shortcuts")).clicked();
            help.about |= ui.button(tr("About scratchnet")).clicked();
        });
        ws.messages.notice_ui(ui);
        if crate::app::i18n::lacks_font(ui.ctx()) {
            ui.separator();
            ui.weak(crate::app::i18n::NO_FONT);
        }
    });
    commands
}

/// The View menu: what the window shows.
fn view_menu(ui: &mut egui::Ui, ws: &mut Workspace, race_open: &mut bool) {
    let p = &mut ws.persisted;
    p.heatmap.controls_ui(ui);
    p.diagram.controls_ui(ui);
    let windows: [(&mut bool, &str, &str, &str); 5] = [
        (
            &mut p.inspector.open,
            "inspector",
            "Step inspector",
            "One training sample through forward, back-propagation and update",
        ),
        (
            &mut p.hidden_space.open,
            "hidden_space",
            "Hidden space",
            "The data at two hidden neurons' outputs: how a layer bends the plane",
        ),
        (
            &mut p.landscape.open,
            "landscape",
            "Loss landscape",
            "The training loss as one or two weights move (pick them in the diagram)",
        ),
        (
            &mut p.runs.open,
            "runs",
            "Runs",
            "Every run since the window opened: overlay, rename, pin, export",
        ),
        (
            race_open,
            "race",
            "Race",
            "Train variants of the current settings side by side",
        ),
    ];
    for (open, control, label, hover) in windows {
        if shown(ui, control) {
            ui.checkbox(open, tr(label)).on_hover_text(tr(hover));
        }
    }
    if shown(ui, "loss_plot") {
        ui.checkbox(&mut p.loss_plot.log_scale, tr("Log-scale loss"))
            .on_hover_text(tr("Plot the loss on a logarithmic axis"));
        ui.checkbox(&mut p.loss_plot.show_metric, tr("Plot metric"))
            .on_hover_text(tr(
                "Plot accuracy (classification) or R² (regression) under the loss",
            ));
    }
    ui.separator();
    theme_ui(ui);
    crate::app::i18n::language_ui(ui);
    ui.separator();
    zoom_ui(ui);
}

/// Zoom in, out and back, as egui's own menu buttons do, in the window's language.
fn zoom_ui(ui: &mut egui::Ui) {
    use egui::gui_zoom::{self, kb_shortcuts};
    let ctx = ui.ctx().clone();
    let zoom = ctx.zoom_factor();
    let items = [
        ("Zoom in", kb_shortcuts::ZOOM_IN, zoom < 5.0),
        ("Zoom out", kb_shortcuts::ZOOM_OUT, zoom > 0.2),
        ("Reset zoom", kb_shortcuts::ZOOM_RESET, zoom != 1.0),
    ];
    for (k, (label, shortcut, enabled)) in items.into_iter().enumerate() {
        let button = egui::Button::new(tr(label)).shortcut_text(ctx.format_shortcut(&shortcut));
        if ui.add_enabled(enabled, button).clicked() {
            match k {
                0 => gui_zoom::zoom_in(&ctx),
                1 => gui_zoom::zoom_out(&ctx),
                _ => ctx.set_zoom_factor(1.0),
            }
        }
    }
}

/// The theme: the system's, light or dark.
fn theme_ui(ui: &mut egui::Ui) {
    let mut preference = ui.ctx().options(|o| o.theme_preference);
    ui.horizontal(|ui| {
        ui.label(tr("Theme"));
        for (choice, name) in [
            (egui::ThemePreference::System, "System"),
            (egui::ThemePreference::Light, "Light"),
            (egui::ThemePreference::Dark, "Dark"),
        ] {
            ui.selectable_value(&mut preference, choice, tr(name))
                .on_hover_text(tr("The window's colours (System follows the desktop)"));
        }
    });
    if preference != ui.ctx().options(|o| o.theme_preference) {
        ui.ctx().set_theme(preference);
    }
}

/// The keyboard shortcuts: Space plays or pauses (unless a text field has the keyboard),
/// Ctrl+O opens, Ctrl+S saves.
pub fn shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let typing = ctx.egui_wants_keyboard_input();
    let play = is_shown(ctx, "play");
    ctx.input_mut(|i| {
        let mut commands = Vec::new();
        if !typing && play && i.consume_key(egui::Modifiers::NONE, egui::Key::Space) {
            commands.push(Command::Transport(TransportAction::TogglePlay));
        }
        if i.consume_key(egui::Modifiers::COMMAND, egui::Key::O) {
            commands.push(Command::AskFile(FileTask::OpenModel));
        }
        if i.consume_key(egui::Modifiers::COMMAND, egui::Key::S) {
            commands.push(Command::AskFile(FileTask::SaveModel));
        }
        let shift = egui::Modifiers::COMMAND | egui::Modifiers::SHIFT;
        if !typing
            && (i.consume_key(shift, egui::Key::Z)
                || i.consume_key(egui::Modifiers::COMMAND, egui::Key::Y))
        {
            commands.push(Command::Redo);
        }
        if !typing && i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z) {
            commands.push(Command::Undo);
        }
        commands
    })
}
