//! Errors that stop a command. Per-file problems are not errors here: they are
//! [`crate::finding::FileError`]s, reported while the scan goes on.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::rules::RuleError;

/// A failure that ends the command with exit status 2.
#[derive(Debug)]
pub enum Error {
    /// Bad flags or arguments.
    Usage(String),
    /// A rule file is invalid.
    Rules(RuleError),
    /// The report could not be written.
    Output {
        /// Destination (`-` for stdout).
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

impl Error {
    /// True when the output was closed by the reader (`piimap scan | head`): not worth a message.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => f.write_str(message),
            Error::Rules(err) => write!(f, "{err}"),
            Error::Output { path, source } => {
                write!(f, "cannot write report to {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<RuleError> for Error {
    fn from(err: RuleError) -> Self {
        Error::Rules(err)
    }
}

/// The message of a caught panic (a `&str` or `String` payload), for the
/// one-line report that replaces a backtrace.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// An I/O error in words, without the "(os error N)" noise.
pub fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_string(),
                None => text,
            }
        }
    }
}
