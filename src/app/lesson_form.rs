//! File ▸ Save as lesson…: a small form for the lesson's title, task, hidden controls and
//! goals; the experiment as it is becomes the lesson's start (a whole model file).

use crate::app::i18n::tr;
use crate::experiment::lesson::{CONTROLS, Compare, Goal, Lesson, LessonStart, METRICS, Metric};
use crate::model_file::Model;

/// The form's fields.
#[derive(Debug)]
pub struct LessonForm {
    /// Shown.
    pub open: bool,
    title: String,
    task: String,
    hide: Vec<String>,
    goals: Vec<Goal>,
    /// The title takes the keyboard when the form opens.
    focus: bool,
}

impl Default for LessonForm {
    fn default() -> Self {
        LessonForm {
            open: false,
            title: String::new(),
            task: String::new(),
            hide: Vec::new(),
            goals: vec![Goal {
                tier: 1,
                metric: Metric::TestLoss,
                compare: Compare::AtMost,
                value: 0.05,
            }],
            focus: false,
        }
    }
}

impl LessonForm {
    /// Opens the form, the title ready to type.
    pub fn ask(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// The lesson the form describes, starting from `model`.
    pub fn lesson(&self, model: Model) -> Lesson {
        Lesson {
            title: if self.title.trim().is_empty() {
                tr("A lesson").into()
            } else {
                self.title.trim().to_string()
            },
            task: self.task.clone(),
            start: LessonStart::Model(Box::new(model)),
            hide: self.hide.clone(),
            goals: self.goals.clone(),
            next: None,
            solution: None,
            translations: Default::default(),
        }
    }

    /// Draws the form while open; returns `true` when Save… is pressed.
    #[must_use]
    pub fn ui(&mut self, ctx: &egui::Context) -> bool {
        let mut save = false;
        let mut open = self.open;
        egui::Window::new(tr("Save as lesson"))
            .open(&mut open)
            .default_width(460.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(560.0)
                    .show(ui, |ui| {
                        save = self.fields_ui(ui);
                    });
            });
        self.open = open && !save;
        save
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui) -> bool {
        let Self {
            title,
            task,
            hide,
            goals,
            focus,
            ..
        } = self;
        let label = ui.label(tr("Title"));
        let field = ui.text_edit_singleline(title).labelled_by(label.id);
        if std::mem::take(focus) {
            field.request_focus();
        }
        let label = ui.label(tr("Task (paragraphs, - lists, **bold**, *italic*, `code`)"));
        ui.add(egui::TextEdit::multiline(task).desired_rows(4))
            .labelled_by(label.id);
        ui.label(tr("Goals"));
        let mut remove = None;
        for (k, g) in goals.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                ui.add(
                    egui::DragValue::new(&mut g.tier)
                        .range(1..=10)
                        .prefix(tr("tier ")),
                );
                egui::ComboBox::from_id_salt(("goal metric", k))
                    .selected_text(g.metric.label())
                    .show_ui(ui, |ui| {
                        for (m, _) in METRICS {
                            ui.selectable_value(&mut g.metric, m, m.label());
                        }
                    });
                egui::ComboBox::from_id_salt(("goal compare", k))
                    .selected_text(if g.compare == Compare::AtMost {
                        "≤"
                    } else {
                        "≥"
                    })
                    .width(40.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut g.compare, Compare::AtMost, "≤");
                        ui.selectable_value(&mut g.compare, Compare::AtLeast, "≥");
                    });
                ui.add(
                    egui::DragValue::new(&mut g.value)
                        .speed(0.001)
                        .max_decimals(6),
                );
                if ui.small_button(tr("Remove")).clicked() {
                    remove = Some(k);
                }
            });
        }
        if let Some(k) = remove {
            goals.remove(k);
        }
        if ui.button(tr("+ Goal")).clicked() {
            let last = goals.last().copied();
            goals.push(last.unwrap_or(Goal {
                tier: 1,
                metric: Metric::TestLoss,
                compare: Compare::AtMost,
                value: 0.05,
            }));
        }
        ui.label(tr("Controls to hide"));
        egui::Grid::new("hide controls")
            .num_columns(3)
            .show(ui, |ui| {
                for (k, control) in CONTROLS.iter().enumerate() {
                    let mut on = hide.iter().any(|h| h == control);
                    if ui.checkbox(&mut on, *control).changed() {
                        hide.retain(|h| h != control);
                        if on {
                            hide.push((*control).to_string());
                        }
                    }
                    if k % 3 == 2 {
                        ui.end_row();
                    }
                }
            });
        ui.button(tr("Save…")).clicked()
    }
}
