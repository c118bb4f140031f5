//! The controls a lesson hides. The shell sets them once a frame; each panel asks
//! [`shown`] before it draws a control (the names are the lesson file's, see
//! [`crate::experiment::lesson::CONTROLS`]).

use std::sync::Arc;

fn id() -> egui::Id {
    egui::Id::unique("scratchnet hidden controls")
}

/// Hides `controls` from this frame on (empty: every control shown).
pub fn set(ctx: &egui::Context, controls: &[String]) {
    ctx.data_mut(|d| d.insert_temp(id(), Arc::new(controls.to_vec())));
}

/// `true` unless a lesson hides `control`.
pub fn shown(ui: &egui::Ui, control: &str) -> bool {
    let hidden: Option<Arc<Vec<String>>> = ui.ctx().data(|d| d.get_temp(id()));
    !hidden.is_some_and(|h| h.iter().any(|c| c == control))
}
