//! Reports: where findings go. Each output format is a [`Sink`] that the scan
//! feeds file by file, in path order, then closes with the summary and errors.
//!
//! Sinks only see findings (already masked) and the rule set (for ids and
//! category names); they know nothing of reading or matching.

mod json;
mod jsonl;
mod table;

pub use json::JsonSink;
pub use jsonl::JsonlSink;
pub use table::TableSink;

use serde::Serialize;
use std::collections::BTreeMap;
use std::io;

use crate::finding::{Confidence, FileError, Finding};
use crate::rules::RuleSet;

/// Output formats of `piimap scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human summary per category and per file, with masked examples.
    Table,
    /// One JSON object per finding per line.
    Jsonl,
    /// One JSON document: findings, summary, errors.
    Json,
}

/// Receives a scan's results.
pub trait Sink {
    /// Called once before any file.
    fn begin(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// Called once per file that has findings, in path order; findings in file order.
    fn file(&mut self, path: &str, findings: &[Finding]) -> io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary, errors: &[FileError]) -> io::Result<()>;
}

/// Counts describing a whole scan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files read (wholly or partly).
    pub files_scanned: u64,
    /// Files with at least one reported finding.
    pub files_with_findings: u64,
    /// Files skipped because they look binary (a NUL byte).
    pub files_skipped_binary: u64,
    /// Files skipped for exceeding `--max-filesize`.
    pub files_skipped_too_large: u64,
    /// Bytes read and searched.
    pub bytes_scanned: u64,
    /// Findings reported.
    pub findings: u64,
    /// Findings reported, per category.
    pub by_category: BTreeMap<String, u64>,
    /// Findings reported, per confidence.
    pub by_confidence: BTreeMap<Confidence, u64>,
    /// Validated matches below `--min-confidence`, not reported.
    pub below_threshold: u64,
    /// The reporting threshold.
    pub min_confidence: Confidence,
    /// Files or directories that could not be read.
    pub errors: u64,
    /// Wall-clock time of the scan.
    pub elapsed_seconds: f64,
    /// `env` (fingerprints comparable across runs) or `run` (this run only).
    pub fingerprint_key: &'static str,
}

impl Summary {
    /// Adds one file's findings to the counts.
    pub fn count(&mut self, findings: &[Finding], rules: &RuleSet) {
        for finding in findings {
            self.findings += 1;
            *self
                .by_category
                .entry(rules.category_of(finding.rule).name.clone())
                .or_default() += 1;
            *self.by_confidence.entry(finding.confidence).or_default() += 1;
        }
    }
}

/// The JSON shape of one finding, shared by `jsonl` and `json`.
///
/// | field | meaning |
/// |---|---|
/// | `category` | `email`, `phone`, `postal_code`, `sin`, `ip_address` (or a user category) |
/// | `rule` | id of the rule that found it |
/// | `path` | file, as walked (relative when the root was relative; non-UTF-8 bytes as `\xNN`) |
/// | `line`, `column` | 1-based line and byte column of the first byte |
/// | `start`, `end` | byte offsets in the file, end exclusive |
/// | `confidence` | `low`, `medium` or `high` |
/// | `masked` | the value with most characters hidden |
/// | `fingerprint` | keyed HMAC of the normalized value (32 hex digits) |
/// | `context` | the keyword that raised confidence (absent when none) |
/// | `value` | the raw value: only with `--reveal` |
#[derive(Debug, Serialize)]
pub struct FindingRecord<'a> {
    /// Category id.
    pub category: &'a str,
    /// Rule id.
    pub rule: &'a str,
    /// File path.
    pub path: &'a str,
    /// 1-based line.
    pub line: u64,
    /// 1-based byte column.
    pub column: u64,
    /// Start byte offset.
    pub start: u64,
    /// End byte offset (exclusive).
    pub end: u64,
    /// Confidence level.
    pub confidence: Confidence,
    /// Masked value.
    pub masked: &'a str,
    /// Keyed fingerprint.
    pub fingerprint: &'a str,
    /// Supporting context keyword.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<&'a str>,
    /// Raw value (`--reveal` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a str>,
}

impl<'a> FindingRecord<'a> {
    /// The record for `finding` in file `path`.
    pub fn new(rules: &'a RuleSet, path: &'a str, finding: &'a Finding) -> FindingRecord<'a> {
        let rule = &rules.rules[finding.rule];
        FindingRecord {
            category: &rules.categories[rule.category].name,
            rule: &rule.id,
            path,
            line: finding.line,
            column: finding.column,
            start: finding.start,
            end: finding.end,
            confidence: finding.confidence,
            masked: &finding.masked,
            fingerprint: &finding.fingerprint,
            context: finding.context.as_deref(),
            value: finding.value.as_deref(),
        }
    }
}

/// The JSON shape of one error.
#[derive(Debug, Serialize)]
pub struct ErrorRecord<'a> {
    /// File or directory.
    pub path: &'a str,
    /// Table, row... when known.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub location: &'a str,
    /// Why it could not be read.
    pub reason: &'a str,
}

impl<'a> From<&'a FileError> for ErrorRecord<'a> {
    fn from(error: &'a FileError) -> Self {
        ErrorRecord {
            path: &error.path,
            location: &error.location,
            reason: &error.reason,
        }
    }
}

/// Builds the sink for `format`, writing to `out`.
pub fn sink<'a>(
    format: Format,
    out: Box<dyn io::Write + 'a>,
    rules: &'a RuleSet,
) -> Box<dyn Sink + 'a> {
    match format {
        Format::Table => Box::new(TableSink::new(out, rules)),
        Format::Jsonl => Box::new(JsonlSink::new(out, rules)),
        Format::Json => Box::new(JsonSink::new(out, rules)),
    }
}
