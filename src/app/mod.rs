//! The desktop app: panels (one struct each, with a `ui` method), the training worker,
//! and the shell that ties them together.

pub mod data_panel;
pub mod heatmap;
pub mod loss_plot;
pub mod network_panel;
pub mod shell;
pub mod stats;
pub mod training_panel;
pub mod transport;
pub mod worker;

#[cfg(test)]
mod tests;

pub use shell::{Persisted, ScratchnetApp};

use crate::cli::GuiArgs;

/// The window icon, from `assets/icon.png`.
pub fn icon() -> Option<egui::IconData> {
    let img = image::load_from_memory(include_bytes!("../../assets/icon.png")).ok()?;
    let rgba = img.to_rgba8();
    Some(egui::IconData {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    })
}

/// Opens the window and runs until it closes.
pub fn run(args: GuiArgs) -> Result<(), String> {
    if args.train != crate::cli::TrainArgs::default() {
        // Refuse bad flags on the command line, before a window opens.
        args.train.resolve()?;
    }
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("scratchnet")
        .with_app_id("scratchnet")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0]);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "scratchnet",
        options,
        Box::new(move |cc| Ok(Box::new(ScratchnetApp::new(cc, args)))),
    )
    .map_err(|e| e.to_string())
}
