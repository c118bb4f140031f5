//! The desktop app: panels (one struct each, with a `ui` method), the training worker,
//! and the shell that ties them together.

pub mod data_panel;
pub mod diagram;
pub mod heatmap;
pub mod hidden;
pub mod hidden_space;
pub mod i18n;
pub mod inspector;
pub mod landscape_view;
pub mod lesson_form;
pub mod lesson_panel;
pub mod live;
pub mod loss_plot;
pub mod network_panel;
pub mod palette;
pub mod plane;
pub mod race_panel;
pub mod rewind;
pub mod runs_panel;
pub mod shell;
pub mod stats;
pub mod terms;
pub mod training_panel;
pub mod transport;

/// Gives a drawn widget (a plot, a picture) the name a screen reader reads.
pub fn name_widget(response: &egui::Response, name: &str) {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, name));
}

#[cfg(test)]
mod landscape_tests;
#[cfg(test)]
mod lesson_tests;
#[cfg(test)]
mod link_tests;
#[cfg(test)]
mod look_tests;
#[cfg(test)]
mod maths_tests;
#[cfg(test)]
mod snapshot;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod args_tests {
    use super::parse_pace;

    #[test]
    fn a_pace_is_epochs_a_second_or_max_and_nothing_else() {
        assert_eq!(parse_pace("60"), Ok(Some(60.0)));
        assert_eq!(parse_pace("0.5"), Ok(Some(0.5)));
        assert_eq!(parse_pace("max"), Ok(None));
        for bad in ["0", "-3", "nan", "inf", "fast", "1e-300"] {
            assert!(parse_pace(bad).is_err(), "{bad}");
        }
    }
}

pub use shell::{Persisted, ScratchnetApp};

use std::path::PathBuf;

use clap::Args;

use crate::experiment::ExperimentArgs;

/// Flags of `scratchnet gui`.
#[derive(Debug, Clone, Default, Args)]
pub struct GuiArgs {
    /// The experiment to open with.
    #[command(flatten)]
    pub experiment: ExperimentArgs,
    /// Pause after this many epochs.
    #[arg(long, value_name = "N")]
    pub epochs: Option<usize>,
    /// Open this model (.json) or import this data (.csv) at start.
    #[arg(long, value_name = "FILE")]
    pub open: Option<PathBuf>,
    /// Start training at the first frame.
    #[arg(long)]
    pub autoplay: bool,
    /// Close the window after this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub exit_after: Option<f64>,
    /// Print frame-time and throughput figures as one JSON object on exit.
    #[arg(long)]
    pub stats: bool,
    /// How fast Play trains at most, in epochs a second, or max [default: 60, or as last
    /// chosen in the window].
    #[arg(long, value_name = "N|max", value_parser = parse_pace)]
    pub pace: Option<Pace>,
    /// Start a race at the first frame: optimizers, learning-rates or batch-sizes.
    #[arg(long, value_name = "WHAT", value_parser = ["optimizers", "learning-rates", "batch-sizes"])]
    pub race: Option<String>,
}

/// A pace given on the command line: epochs a second, or max (`None`).
pub type Pace = Option<f64>;

/// `--pace`: a number of epochs a second above 0, or `max`.
fn parse_pace(text: &str) -> Result<Pace, String> {
    if text == "max" {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(p) if p.is_finite() && p >= 0.01 => Ok(Some(p)),
        _ => Err(format!(
            "'{text}' is no pace: give epochs a second (0.01 or more) or max"
        )),
    }
}

/// The longest `--exit-after`: a year, far inside what a timer can count.
const MAX_EXIT_AFTER: f64 = 365.0 * 24.0 * 3600.0;

/// `--exit-after`: seconds from 0 to a year.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if (0.0..=MAX_EXIT_AFTER).contains(&s) => Ok(s),
        _ => Err(format!(
            "'{text}' is no time: give seconds, from 0 to {MAX_EXIT_AFTER} (a year)"
        )),
    }
}

impl GuiArgs {
    /// `true` when the command line sets up an experiment (otherwise the window opens with
    /// the last session's).
    pub fn sets_up_an_experiment(&self) -> bool {
        self.experiment != ExperimentArgs::default() || self.epochs.is_some()
    }
}

/// Without a GPU, Mesa's llvmpipe renders on the CPU with a thread per core, and those
/// threads take the core the trainer runs on. Measured on 2 cores under Xvfb: training kept
/// 77 % of `scratchnet bench` with llvmpipe's default, 86–96 % with one render thread, at the
/// same frame rate. Hardware drivers ignore the variable; a value the user set is kept.
fn limit_software_renderer_threads() {
    if std::env::var_os("LP_NUM_THREADS").is_none() {
        // SAFETY: called at start-up, before the window, the worker or any other thread
        // exists, so nothing reads the environment concurrently.
        unsafe { std::env::set_var("LP_NUM_THREADS", "1") };
    }
}

/// Where a floating window of `width` opens: at the right, beside the map, below the
/// menu and the transport bar — never over Play.
pub fn beside_the_map(ctx: &egui::Context, width: f32) -> egui::Pos2 {
    let screen = ctx.content_rect();
    egui::pos2(
        (screen.right() - width - 24.0).max(screen.left() + 320.0),
        screen.top() + 110.0,
    )
}

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

/// Why the window did not open, or closed with an error.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The command line's experiment cannot be set up.
    #[error(transparent)]
    Experiment(#[from] crate::experiment::ExperimentError),
    /// The window system refused.
    #[error("the window cannot open: {0}")]
    Window(#[from] eframe::Error),
}

/// The application's id: the desktop file's name, the Wayland app id (so that the desktop
/// shows the window with the desktop file's icon), the X11 window class, the AppStream id.
pub const APP_ID: &str = "io.github.scratchnet.Scratchnet";

/// The folder name of the app's data (settings, recovery files).
pub const STORAGE_NAME: &str = "scratchnet";

/// Opens the window and runs until it closes.
pub fn run(mut args: GuiArgs) -> Result<(), AppError> {
    limit_software_renderer_threads();
    // A link without a seed gets one here, once, so that every reading of it agrees.
    args.experiment.link = args
        .experiment
        .link
        .map(|l| crate::experiment::link_with_seed(&l));
    if args.sets_up_an_experiment() {
        // Refuse bad flags on the command line, before a window opens.
        args.experiment.resolve()?;
    }
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("scratchnet")
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([720.0, 480.0]);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        // The settings stay where they always were, under the app's name, not its id.
        persistence_path: eframe::storage_dir(STORAGE_NAME).map(|dir| dir.join("app.ron")),
        ..Default::default()
    };
    eframe::run_native(
        "scratchnet",
        options,
        Box::new(move |cc| Ok(Box::new(ScratchnetApp::new(cc, args)))),
    )?;
    Ok(())
}
