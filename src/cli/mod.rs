//! The command line: `scratchnet [gui] …`, `scratchnet train …`, `scratchnet bench …`,
//! `scratchnet inspect …`, `scratchnet predict …`, `scratchnet export …`,
//! `scratchnet landscape …`.

mod bench;
mod inspect;
mod landscape;
mod predict;
mod train;

use clap::{Parser, Subcommand};

pub use bench::{BenchArgs, BenchError, BenchResult, print_bench, run_bench, run_custom_bench};
pub use inspect::{InspectArgs, InspectError, run_inspect};
pub use landscape::{LandscapeArgs, LandscapeError, run_landscape};
pub use predict::{ExportArgs, PredictArgs, PredictError, run_export, run_predict};
pub use train::{TrainArgs, TrainError, run_train};

#[cfg(feature = "gui")]
use crate::app::GuiArgs;

/// scratchnet: watch a neural network written from scratch learn.
#[derive(Debug, Parser)]
#[command(name = "scratchnet", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without a command the desktop app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A model (.json) or data (.csv) for the desktop app to open (`scratchnet FILE`, as a
    /// file manager starts it), or a TensorFlow Playground link.
    #[arg(value_name = "FILE")]
    pub file: Option<std::path::PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
// Parsed once at start-up: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Open the desktop app, optionally preconfigured with training flags.
    #[cfg(feature = "gui")]
    Gui(GuiArgs),
    /// Train headless and print the loss per epoch.
    Train(TrainArgs),
    /// Measure training throughput on the built-in workloads or your own.
    Bench(BenchArgs),
    /// Show one training sample through forward, back-propagation and one update, as JSON.
    Inspect(InspectArgs),
    /// Write a saved model's predictions for the rows of a CSV.
    Predict(PredictArgs),
    /// Write a saved model as one Python file for NumPy or PyTorch.
    Export(ExportArgs),
    /// Write the loss over the training set as one or two weights move, as CSV.
    Landscape(LandscapeArgs),
}

/// Parses the command line; a usage error becomes one line (clap's first), help and
/// version text pass through as they are.
pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    Cli::try_parse_from(args)
}

pub use crate::experiment::is_link;

/// The first line of a clap error, for a one-line message.
pub fn one_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    text.lines()
        .next()
        .unwrap_or("error: bad arguments")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_alone_on_the_command_line_is_for_the_app_to_open() {
        let cli = parse_args(["scratchnet", "my model.json"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.file, Some("my model.json".into()));
        let cli = parse_args(["scratchnet", "train", "--epochs", "3"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Train(_))));
        assert_eq!(cli.file, None);
        assert!(parse_args(["scratchnet"]).unwrap().file.is_none());
    }
}
