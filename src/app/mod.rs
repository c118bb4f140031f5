//! The desktop app.

use crate::cli::GuiArgs;

/// Opens the window.
pub fn run(_args: GuiArgs) -> Result<(), String> {
    Err("the desktop app is not built yet".into())
}
