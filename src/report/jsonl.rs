//! `--format jsonl`: one finding per line, streamed as files complete.
//!
//! Each line is a [`FindingRecord`](super::FindingRecord) object, rendered on
//! the worker threads by [`JsonRenderer::lines`](super::JsonRenderer::lines);
//! field names are stable (later versions only add fields). The summary and
//! errors are not part of the stream: they go to stderr (and to `--format json`).

use std::io::{self, Write};
use std::sync::Arc;

use super::{JsonRenderer, Renderer, Sink, Summary, Wants};
use crate::finding::FileError;
use crate::rules::RuleSet;

/// Writes JSON Lines.
pub struct JsonlSink<'a> {
    out: Box<dyn Write + 'a>,
    renderer: Arc<dyn Renderer>,
}

impl<'a> JsonlSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>, rules: &RuleSet) -> Self {
        JsonlSink { out, renderer: Arc::new(JsonRenderer::lines(rules)) }
    }
}

impl Sink for JsonlSink<'_> {
    fn wants(&self) -> Wants {
        Wants::Rendered(self.renderer.clone())
    }

    fn rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn finish(&mut self, _summary: &Summary, _errors: &[FileError]) -> io::Result<()> {
        self.out.flush()
    }
}
