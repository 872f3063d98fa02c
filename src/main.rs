//! The `piimap` binary: parse flags, run, map the result to an exit status.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = piimap::cli::Cli::parse();
    match piimap::run(cli) {
        Ok(status) => status.into(),
        // `piimap scan | head`: the reader has what it wanted.
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("piimap: error: {err}");
            piimap::exit::ExitStatus::Error.into()
        }
    }
}
