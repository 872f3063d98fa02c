//! Exit statuses, the contract CI jobs rely on.

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Completed; nothing reported.
    Clean = 0,
    /// Completed; findings (or failed rule examples) reported.
    Findings = 1,
    /// Usage error, invalid rules, unwritable output, or nothing could be scanned
    /// (and, with `--strict`, any unreadable file).
    Error = 2,
    /// Stopped by Ctrl-C: the report is closed but incomplete (128 + SIGINT,
    /// what shells report for a process interrupted this way).
    Interrupted = 130,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status as u8)
    }
}

impl ExitStatus {
    /// The status of a finished scan.
    pub fn of_scan(findings: u64, files_scanned: u64, errors: u64, strict: bool) -> ExitStatus {
        if errors > 0 && (strict || files_scanned == 0) {
            ExitStatus::Error
        } else if findings > 0 {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus::{self, *};

    #[test]
    fn scan_status() {
        assert_eq!(ExitStatus::of_scan(0, 3, 0, false), Clean);
        assert_eq!(ExitStatus::of_scan(0, 0, 0, false), Clean, "an empty directory is not an error");
        assert_eq!(ExitStatus::of_scan(5, 3, 0, false), Findings);
        assert_eq!(ExitStatus::of_scan(5, 3, 1, false), Findings, "one unreadable file does not stop the scan");
        assert_eq!(ExitStatus::of_scan(5, 3, 1, true), Error);
        assert_eq!(ExitStatus::of_scan(0, 0, 2, false), Error, "nothing could be scanned");
    }
}
