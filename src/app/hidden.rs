//! The controls a lesson hides. The shell sets them once a frame; each panel asks
//! [`shown`] before it draws a control (the names are the lesson file's, see
//! [`crate::experiment::lesson::CONTROLS`]).

use std::sync::Arc;

fn id() -> egui::Id {
    egui::Id::unique("scratchnet hidden controls")
}

/// Hides `controls` from this frame on (empty: every control shown). The list is copied
/// only when it changes.
pub fn set(ctx: &egui::Context, controls: &[String]) {
    let now: Option<Arc<Vec<String>>> = ctx.data(|d| d.get_temp(id()));
    if now.is_none_or(|now| now.as_slice() != controls) {
        ctx.data_mut(|d| d.insert_temp(id(), Arc::new(controls.to_vec())));
    }
}

/// `true` unless a lesson hides `control`.
pub fn shown(ui: &egui::Ui, control: &str) -> bool {
    is_shown(ui.ctx(), control)
}

/// `true` unless a lesson hides `control` (for what is drawn with the context: windows,
/// shortcuts).
pub fn is_shown(ctx: &egui::Context, control: &str) -> bool {
    let hidden: Option<Arc<Vec<String>>> = ctx.data(|d| d.get_temp(id()));
    !hidden.is_some_and(|h| h.iter().any(|c| c == control))
}
