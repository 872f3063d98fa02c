//! `--format jsonl`: one finding per line, streamed as files complete.
//!
//! Each line is a [`FindingRecord`](super::FindingRecord) object; the field
//! names are stable (later versions only add fields). The summary and errors are
//! not part of the stream: they go to stderr (and to `--format json`).

use std::io::{self, Write};

use super::{FindingRecord, Sink, Summary};
use crate::finding::{FileError, Finding};
use crate::rules::RuleSet;

/// Writes JSON Lines.
pub struct JsonlSink<'a> {
    out: Box<dyn Write + 'a>,
    rules: &'a RuleSet,
}

impl<'a> JsonlSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>, rules: &'a RuleSet) -> Self {
        JsonlSink { out, rules }
    }
}

impl Sink for JsonlSink<'_> {
    fn file(&mut self, path: &str, findings: &[Finding]) -> io::Result<()> {
        for finding in findings {
            serde_json::to_writer(
                &mut self.out,
                &FindingRecord::new(self.rules, path, finding),
            )?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _errors: &[FileError]) -> io::Result<()> {
        self.out.flush()
    }
}
