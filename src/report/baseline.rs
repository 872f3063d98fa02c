//! The sink behind `piimap baseline FILE`: collects every finding's
//! (path, rule, category, keyed fingerprint) and writes them as a baseline.
//! Entries are rendered on the workers like any other format.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use super::{FileName, Renderer, Sink, Summary, Wants};
use crate::baseline::{self, Entry};
use crate::finding::{FileError, Finding};
use crate::redact::Fingerprinter;
use crate::rules::RuleSet;

/// Renders one JSON [`Entry`] per line.
pub struct BaselineRenderer {
    rules: Arc<RuleSet>,
}

impl BaselineRenderer {
    /// A renderer for `rules`.
    pub fn new(rules: Arc<RuleSet>) -> Self {
        BaselineRenderer { rules }
    }
}

impl Renderer for BaselineRenderer {
    fn render(&self, file: &FileName, findings: &[Finding], out: &mut Vec<u8>) {
        for finding in findings {
            let rule = &self.rules.rules[finding.rule];
            let entry = Entry {
                // Made relative to the baseline's anchor when written.
                path: file.absolute.to_string(),
                rule: rule.id.clone(),
                category: self.rules.categories[rule.category].name.clone(),
                fingerprint: finding.fingerprint.to_string(),
            };
            serde_json::to_writer(&mut *out, &entry).expect("serializing to a Vec cannot fail");
            out.push(b'\n');
        }
    }
}

/// Gathers entries and writes the baseline file at the end.
pub struct BaselineSink<'a> {
    file: PathBuf,
    fingerprinter: &'a Fingerprinter,
    renderer: Arc<BaselineRenderer>,
    lines: Vec<u8>,
    /// Entries written, once finished.
    pub written: usize,
}

impl<'a> BaselineSink<'a> {
    /// A sink that will write `file`.
    pub fn new(file: PathBuf, fingerprinter: &'a Fingerprinter, rules: Arc<RuleSet>) -> Self {
        let renderer = Arc::new(BaselineRenderer::new(rules));
        BaselineSink { file, fingerprinter, renderer, lines: Vec::new(), written: 0 }
    }
}

impl Sink for BaselineSink<'_> {
    fn wants(&self) -> Wants {
        Wants::Rendered(self.renderer.clone())
    }

    fn rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.lines.extend_from_slice(bytes);
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _errors: &[FileError]) -> io::Result<()> {
        let entries = self
            .lines
            .split(|&b| b == b'\n')
            .filter(|line| !line.is_empty())
            .map(|line| serde_json::from_slice::<Entry>(line).map_err(io::Error::other))
            .collect::<io::Result<Vec<Entry>>>()?;
        self.written = baseline::write(&self.file, self.fingerprinter, entries)?;
        Ok(())
    }
}
