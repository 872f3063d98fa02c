//! Reports: where findings go. Each output format is a [`Sink`] that the scan
//! feeds file by file, in path order, then closes with the summary and errors.
//!
//! Sinks only see findings (already masked) and the rule set (for ids and
//! category names); they know nothing of reading or matching.

mod baseline;
mod json;
mod jsonl;
mod sarif;
mod table;

pub use crate::finding::{ColumnProfile, Counts, Summary, EXAMPLES_PER_CATEGORY};
pub use crate::sink::{FileName, Renderer, Sink, Wants};
pub use baseline::{BaselineRenderer, BaselineSink};
pub use json::{JsonSink, SCAN_SCHEMA};
pub use jsonl::JsonlSink;
pub use sarif::{path_to_uri, SarifRenderer, SarifSink};
pub use table::TableSink;

use serde::Serialize;
use std::io;
use std::sync::Arc;

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
    /// SARIF 2.1.0.
    Sarif,
}

/// The JSON shape of one finding, shared by `jsonl` and `json`.
///
/// | field | meaning |
/// |---|---|
/// | `category` | `email`, `phone`, `postal_code`, `sin`, `ip_address` (or a user category) |
/// | `rule` | id of the rule that found it |
/// | `path` | file, as walked (relative when the root was relative; non-UTF-8 bytes as `\xNN`) |
/// | `line`, `column` | 1-based line and byte column of the value's first byte, also inside a CSV field, JSON string or SQL literal (absent for Parquet, SQLite and names) |
/// | `start`, `end` | byte offsets of the value in the file, end exclusive; escapes inside it (`""`, `\u00e9`) are counted as written (absent for Parquet, SQLite and names; offsets in the decompressed or UTF-8-transcoded text for `.gz`, `.zst` and UTF-16 files) |
/// | `confidence` | `low`, `medium` or `high` |
/// | `masked` | the value with most characters hidden |
/// | `fingerprint` | keyed HMAC of the normalized value (32 hex digits) |
/// | `context` | the keyword that raised confidence (absent when none) |
/// | `table`, `field`, `row` | structured sources only: where the value is |
/// | `in_name` | `path`, `table` or `field` when the value is in that name rather than in the data (the name is masked) |
/// | `value` | the raw value: only with `--reveal` |
#[derive(Debug, Serialize)]
pub struct FindingRecord<'a> {
    /// Category id.
    pub category: &'a str,
    /// Rule id.
    pub rule: &'a str,
    /// File path.
    pub path: &'a str,
    /// 1-based line (none in binary formats).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based byte column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// Start byte offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// End byte offset (exclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
    /// Confidence level.
    pub confidence: Confidence,
    /// Masked value.
    pub masked: &'a str,
    /// Keyed fingerprint.
    pub fingerprint: &'a crate::finding::Fingerprint,
    /// Supporting context keyword.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<&'a str>,
    /// Table (structured sources).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<&'a str>,
    /// Field (structured sources).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'a str>,
    /// Row (structured sources).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// The name holding the value, when it is in a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_name: Option<&'static str>,
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
            line: finding.has_position().then_some(finding.line),
            column: finding.has_position().then_some(finding.column),
            start: finding.has_position().then_some(finding.start),
            end: finding.has_position().then_some(finding.end),
            confidence: finding.confidence,
            masked: &finding.masked,
            fingerprint: &finding.fingerprint,
            context: finding.context.as_deref(),
            table: finding.record.as_ref().map(|r| &*r.table),
            field: finding.record.as_ref().map(|r| &*r.field),
            row: finding.record.as_ref().map(|r| r.row),
            in_name: finding.in_name.map(crate::finding::NameKind::as_str),
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
        ErrorRecord { path: &error.path, location: &error.location, reason: &error.reason }
    }
}

/// The sink for `format`, writing to `out`.
/// (`lang` is for the table; the machine formats have no words to translate.)
pub fn output<'a>(
    format: Format,
    out: Box<dyn io::Write + 'a>,
    rules: &Arc<RuleSet>,
    lang: crate::lang::Lang,
) -> Box<dyn Sink + 'a> {
    match format {
        Format::Table => Box::new(TableSink::new(out, rules.clone(), lang)),
        Format::Jsonl => Box::new(JsonlSink::new(out, rules)),
        Format::Json => Box::new(JsonSink::new(out, rules)),
        Format::Sarif => Box::new(SarifSink::new(out, rules.clone())),
    }
}

/// Renders findings as JSON objects, one per line (`jsonl`) or as array
/// elements each preceded by a comma (`json`; the sink drops the very first comma).
///
/// Written by hand rather than through serde because it runs once per finding
/// and dominated the profile: names, rule ids and the path are escaped once,
/// not once per finding. A test checks the bytes equal [`FindingRecord`]'s serde output.
pub struct JsonRenderer {
    /// `"category"` JSON strings by category index.
    categories: Vec<String>,
    /// `"rule"` JSON strings and their category index, by rule index.
    rules: Vec<(String, usize)>,
    before: &'static [u8],
    after: &'static [u8],
}

impl JsonRenderer {
    fn new(rules: &RuleSet, before: &'static [u8], after: &'static [u8]) -> Self {
        JsonRenderer {
            categories: rules.categories.iter().map(|c| json_string(&c.name)).collect(),
            rules: rules.rules.iter().map(|r| (json_string(&r.id), r.category)).collect(),
            before,
            after,
        }
    }
    /// One object per line.
    pub fn lines(rules: &RuleSet) -> Self {
        JsonRenderer::new(rules, b"", b"\n")
    }
    /// `,\n{...}` array elements.
    pub fn array(rules: &RuleSet) -> Self {
        JsonRenderer::new(rules, b",\n", b"")
    }
}

/// `text` as a JSON string literal, quotes included.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a str always serializes")
}

/// Appends `text` as a JSON string; values are nearly always plain ASCII, which needs no escaping.
fn push_json_str(out: &mut Vec<u8>, text: &str) {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, text).expect("serializing to a Vec cannot fail");
    }
}

impl Renderer for JsonRenderer {
    fn render(&self, file: &FileName, findings: &[Finding], out: &mut Vec<u8>) {
        let path = json_string(file.display);
        let mut numbers = itoa::Buffer::new();
        for finding in findings {
            let (rule, category) = &self.rules[finding.rule];
            out.extend_from_slice(self.before);
            out.extend_from_slice(b"{\"category\":");
            out.extend_from_slice(self.categories[*category].as_bytes());
            out.extend_from_slice(b",\"rule\":");
            out.extend_from_slice(rule.as_bytes());
            out.extend_from_slice(b",\"path\":");
            out.extend_from_slice(path.as_bytes());
            let position = [
                (&b",\"line\":"[..], finding.line),
                (b",\"column\":", finding.column),
                (b",\"start\":", finding.start),
                (b",\"end\":", finding.end),
            ];
            for (name, number) in position.into_iter().filter(|_| finding.has_position()) {
                out.extend_from_slice(name);
                out.extend_from_slice(numbers.format(number).as_bytes());
            }
            out.extend_from_slice(b",\"confidence\":\"");
            out.extend_from_slice(finding.confidence.as_str().as_bytes());
            out.extend_from_slice(b"\",\"masked\":");
            push_json_str(out, &finding.masked);
            out.extend_from_slice(b",\"fingerprint\":\"");
            out.extend_from_slice(&finding.fingerprint.hex());
            out.push(b'"');
            if let Some(context) = &finding.context {
                out.extend_from_slice(b",\"context\":");
                push_json_str(out, context);
            }
            if let Some(record) = &finding.record {
                out.extend_from_slice(b",\"table\":");
                push_json_str(out, &record.table);
                out.extend_from_slice(b",\"field\":");
                push_json_str(out, &record.field);
                out.extend_from_slice(b",\"row\":");
                out.extend_from_slice(numbers.format(record.row).as_bytes());
            }
            if let Some(kind) = finding.in_name {
                out.extend_from_slice(b",\"in_name\":\"");
                out.extend_from_slice(kind.as_str().as_bytes());
                out.push(b'"');
            }
            if let Some(value) = &finding.value {
                out.extend_from_slice(b",\"value\":");
                push_json_str(out, value);
            }
            out.push(b'}');
            out.extend_from_slice(self.after);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Fingerprint;

    fn finding(rule: usize, masked: &str, context: Option<&str>, value: Option<&str>) -> Finding {
        Finding {
            rule,
            start: 10,
            end: 24,
            line: 3,
            column: 7,
            confidence: Confidence::High,
            context: context.map(std::sync::Arc::from),
            masked: masked.to_string(),
            fingerprint: Fingerprint([0xab; 16]),
            value: value.map(str::to_string),
            record: None,
            in_name: None,
        }
    }

    #[test]
    fn hand_written_json_equals_serde_record() {
        let rules = RuleSet::builtin().unwrap();
        let renderer = JsonRenderer::lines(&rules);
        let mut with_record = finding(2, "***-***-6754", None, None);
        with_record.record =
            Some(crate::finding::Record { table: "clients".into(), field: "contact.\"tél\"[]".into(), row: 41 });
        let mut in_name = finding(0, "j***@e*****.ca", None, None);
        in_name.in_name = Some(crate::finding::NameKind::Field);
        in_name.line = 0;
        let findings = [
            with_record,
            in_name,
            finding(0, "j***@e*****.ca", Some("courriel"), None),
            finding(1, "odd \"mask\" \\ é\u{1}", Some("adresse électronique"), Some("v\"al\tue")),
        ];
        let path = "dir/caf\\xE9 \"quoted\".log";
        let mut fast = Vec::new();
        renderer.render(&FileName { display: path, absolute: path }, &findings, &mut fast);
        let mut slow = Vec::new();
        for f in &findings {
            serde_json::to_writer(&mut slow, &FindingRecord::new(&rules, path, f)).unwrap();
            slow.push(b'\n');
        }
        assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(slow).unwrap());
    }
}
