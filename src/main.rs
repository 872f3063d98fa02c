//! The `piimap` binary: parse flags, run, map the result to an exit status.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = piimap::cli::Cli::parse();
    // Ctrl-C once: finish the jobs in flight, write and close the report,
    // marked incomplete (exit 130). Twice: stop at once.
    let _ = ctrlc::set_handler(|| {
        if piimap::scan::INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(piimap::exit::ExitStatus::Interrupted as i32);
        }
    });
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
