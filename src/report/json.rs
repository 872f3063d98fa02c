//! `--format json`: one document with every finding, the summary and the errors.
//!
//! ```json
//! {"schema": "piimap.scan/1", "piimap_version": "0.1.0",
//!  "findings": [ {...}, ... ],
//!  "columns": [ {"path", "table", "field", "category", "values", "matched", "ratio", "examples"}, ... ],
//!  "summary": {...}, "errors": [{"path": "...", "reason": "..."}]}
//! ```
//! Findings are written as the scan produces them, so the document is never
//! held in memory whole.

use std::io::{self, Write};
use std::sync::Arc;

use super::{ColumnProfile, ErrorRecord, JsonRenderer, Renderer, Sink, Summary, Wants};
use crate::finding::FileError;
use crate::rules::RuleSet;

/// Version of the JSON document's shape; bumped on incompatible changes.
pub const SCAN_SCHEMA: &str = "piimap.scan/1";

/// Writes one JSON document.
pub struct JsonSink<'a> {
    out: Box<dyn Write + 'a>,
    renderer: Arc<dyn Renderer>,
    first: bool,
    /// Column profiles are few (one per column and category): kept for the end.
    columns: Vec<ColumnProfile>,
}

impl<'a> JsonSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>, rules: &RuleSet) -> Self {
        JsonSink { out, renderer: Arc::new(JsonRenderer::array(rules)), first: true, columns: Vec::new() }
    }
}

impl Sink for JsonSink<'_> {
    fn wants(&self) -> Wants {
        Wants::Rendered(self.renderer.clone())
    }

    fn begin(&mut self) -> io::Result<()> {
        write!(
            self.out,
            "{{\"schema\":{},\"piimap_version\":{},\"findings\":[",
            serde_json::to_string(SCAN_SCHEMA)?,
            serde_json::to_string(env!("CARGO_PKG_VERSION"))?
        )
    }

    fn rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        // Every rendered element starts with a comma; the array's first must not.
        let bytes = if self.first { bytes.strip_prefix(b",").unwrap_or(bytes) } else { bytes };
        self.first &= bytes.is_empty();
        self.out.write_all(bytes)
    }

    fn columns(&mut self, profile: &[ColumnProfile]) -> io::Result<()> {
        self.columns.extend_from_slice(profile);
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, errors: &[FileError]) -> io::Result<()> {
        let errors: Vec<ErrorRecord> = errors.iter().map(ErrorRecord::from).collect();
        write!(
            self.out,
            "\n],\n\"columns\":{},\n\"summary\":{},\n\"errors\":{}}}\n",
            serde_json::to_string(&self.columns)?,
            serde_json::to_string(summary)?,
            serde_json::to_string(&errors)?
        )?;
        self.out.flush()
    }
}
