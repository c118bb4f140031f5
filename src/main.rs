//! `scratchnet`: the desktop app, or a command-line tool with `train` and `bench`.

use std::process::ExitCode;

use scratchnet::app::GuiArgs;
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
    let result = match cli.command {
        None => scratchnet::app::run(GuiArgs::default()),
        Some(Command::Gui(args)) => scratchnet::app::run(args),
        Some(Command::Train(args)) => cli::run_train(&args, &mut std::io::stdout().lock()),
        Some(Command::Bench(args)) => {
            cli::print_bench(&args);
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
