//! `--format jsonl`: one finding per line, streamed as files complete.
//!
//! Each line is a [`FindingRecord`](super::FindingRecord) object, rendered on
//! the worker threads by [`JsonRenderer::lines`](super::JsonRenderer::lines);
//! field names are stable (later versions only add fields). The summary and
//! errors are not part of the stream: they go to stderr (and to `--format json`).

use std::io::{self, Write};

use super::{Sink, Summary};
use crate::finding::FileError;

/// Writes JSON Lines.
pub struct JsonlSink<'a> {
    out: Box<dyn Write + 'a>,
}

impl<'a> JsonlSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        JsonlSink { out }
    }
}

impl Sink for JsonlSink<'_> {
    fn rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn finish(&mut self, _summary: &Summary, _errors: &[FileError]) -> io::Result<()> {
        self.out.flush()
    }
}
