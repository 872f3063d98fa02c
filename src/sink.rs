//! Where a scan's results go: the contract between the scan and every report.
//!
//! ripgrep's printers are its sinks; piimap's reports are too. The scan knows
//! nothing of output formats: it asks the sink what it wants and delivers it,
//! file by file in path order, then closes with the summary and the errors.

use std::io;
use std::sync::Arc;

use crate::finding::{ColumnProfile, Counts, FileError, Finding, Summary};

/// What a sink takes from the scan.
#[derive(Clone)]
pub enum Wants {
    /// Every finding, rendered by this renderer on the worker threads.
    Rendered(Arc<dyn Renderer>),
    /// Per file, the counts and a few examples per category; masked values
    /// and no fingerprints needed, so the scan skips computing them.
    Examples,
    /// Per file, the counts and every finding (the library API: a caller's
    /// batch, held in memory anyway).
    Findings,
}

/// Receives a scan's results, on the aggregating thread, in path order.
///
/// A sink says once what it takes ([`Sink::wants`]): each finding rendered to
/// bytes on the workers (a report of records: JSONL, JSON, SARIF, baselines),
/// or per file the counts and a few examples (a summary: the table, the
/// inventory). Only `finish` is required.
pub trait Sink {
    /// What the scan hands this sink.
    fn wants(&self) -> Wants {
        Wants::Examples
    }
    /// Called once before any file.
    fn begin(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// A file's finding counts and its findings, in file order: a few
    /// examples per category for sinks that want [`Wants::Examples`] (at most
    /// [`crate::finding::EXAMPLES_PER_CATEGORY`] each), all of them for
    /// [`Wants::Findings`].
    fn file(&mut self, _path: &str, _counts: &Counts, _examples: &[Finding]) -> io::Result<()> {
        Ok(())
    }
    /// Bytes the sink's [`Renderer`] produced on a worker thread (sinks that
    /// want [`Wants::Rendered`]), in output order.
    fn rendered(&mut self, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
    /// The column profile of a structured file, in path order.
    fn columns(&mut self, _profile: &[ColumnProfile]) -> io::Result<()> {
        Ok(())
    }
    /// Whether [`Sink::columns`] gets partial profiles (with each column's
    /// count row, to merge with others: a library caller's batches) rather
    /// than finished ones (a report's).
    fn partial_profiles(&self) -> bool {
        false
    }
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary, errors: &[FileError]) -> io::Result<()>;
}

/// Turns findings into output bytes on the worker threads, so that formatting
/// runs on every core and the aggregating thread only copies bytes in order.
pub trait Renderer: Send + Sync {
    /// Appends the rendering of `findings` (all from `file`) to `out`.
    fn render(&self, file: &FileName, findings: &[Finding], out: &mut Vec<u8>);
}

/// How a report names a file: as displayed, and in the one spelling that
/// baselines compare (see [`crate::paths`]). Both are already masked where
/// the name holds personal data.
#[derive(Debug, Clone, Copy)]
pub struct FileName<'a> {
    /// As the user reads it (relative when the root given was relative).
    pub display: &'a str,
    /// Absolute, `.` and `..` resolved.
    pub absolute: &'a str,
}
