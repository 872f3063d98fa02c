//! The `piimap` binary: parse flags, run, map the result to an exit status.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = piimap::cli::Cli::parse();
    // Panics are caught per file (or per Parquet column) and reported as that
    // file's error; the default hook would also dump a backtrace mid-report.
    // One line instead: where, and the message (never a scanned value).
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        let message = piimap::error::panic_message(info.payload());
        eprintln!("piimap: internal error at {location}: {message} (the file is reported and the scan goes on)");
    }));
    // Ctrl-C once: finish the jobs in flight, write and close the report,
    // marked incomplete (exit 130). Twice: stop at once.
    let _ = ctrlc::set_handler(|| {
        if piimap::scan::INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(piimap::exit::ExitStatus::Interrupted as i32);
        }
    });
    let task = piimap::config::Task::from_cli(cli).map_err(piimap::error::Error::Usage);
    match task.and_then(piimap::run) {
        Ok(status) => status.into(),
        // `piimap scan | head`: the reader has what it wanted.
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("piimap: error: {err}");
            piimap::exit::ExitStatus::Error.into()
        }
    }
}
