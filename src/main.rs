//! `scratchnet`: the desktop app, or a command-line tool with `train` and `bench`.

use std::error::Error;
use std::process::ExitCode;

use scratchnet::cli::{self, Command};

fn main() -> ExitCode {
    let cli = match cli::parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", cli::one_line(&e));
            return ExitCode::from(2);
        }
    };
    let result: Result<(), Box<dyn Error>> = match cli.command {
        None => open_the_app(cli.file),
        #[cfg(feature = "gui")]
        Some(Command::Gui(args)) => scratchnet::app::run(args).map_err(Into::into),
        Some(Command::Train(args)) => {
            cli::run_train(&args, &mut std::io::stdout().lock()).map_err(Into::into)
        }
        Some(Command::Inspect(args)) => {
            cli::run_inspect(&args, &mut std::io::stdout().lock()).map_err(Into::into)
        }
        Some(Command::Predict(args)) => cli::run_predict(&args)
            .map(|rows| {
                eprintln!(
                    "scratchnet: {rows} predictions written to {}",
                    args.out.display()
                )
            })
            .map_err(Into::into),
        Some(Command::Export(args)) => cli::run_export(&args, &mut std::io::stdout().lock())
            .map(|said| {
                if !said.is_empty() {
                    eprintln!("{said}")
                }
            })
            .map_err(Into::into),
        Some(Command::Bench(args)) => cli::print_bench(&args).map_err(Into::into),
        Some(Command::Landscape(args)) => cli::run_landscape(&args)
            .map(|rows| eprintln!("scratchnet: {rows} rows written to {}", args.out.display()))
            .map_err(Into::into),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `scratchnet [FILE]` without a command: the desktop app, opening `file` (a model or data).
#[cfg(feature = "gui")]
fn open_the_app(file: Option<std::path::PathBuf>) -> Result<(), Box<dyn Error>> {
    // `scratchnet 'https://playground.tensorflow.org/#…'`: a link, not a file.
    let link = file
        .as_ref()
        .and_then(|f| f.to_str())
        .filter(|f| cli::is_link(f))
        .map(str::to_string);
    let args = scratchnet::app::GuiArgs {
        open: file.filter(|_| link.is_none()),
        experiment: scratchnet::experiment::ExperimentArgs {
            link,
            ..Default::default()
        },
        ..Default::default()
    };
    Ok(scratchnet::app::run(args)?)
}

/// `scratchnet` without a command, built without the app.
#[cfg(not(feature = "gui"))]
fn open_the_app(_file: Option<std::path::PathBuf>) -> Result<(), Box<dyn Error>> {
    Err(
        "this scratchnet was built without the desktop app (feature `gui`); \
         try `scratchnet train --help`"
            .into(),
    )
}
