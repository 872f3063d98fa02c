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

pub use baseline::{BaselineRenderer, BaselineSink};
pub use json::{JsonSink, SCAN_SCHEMA};
pub use jsonl::JsonlSink;
pub use sarif::{path_to_uri, SarifRenderer, SarifSink};
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
    /// SARIF 2.1.0.
    Sarif,
}

/// Receives a scan's results, on the aggregating thread, in path order.
pub trait Sink {
    /// Called once before any file.
    fn begin(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// A file's finding counts and a few example findings per category, in file
    /// order (sinks without a [`Renderer`]; at most [`EXAMPLES_PER_CATEGORY`] each).
    fn file(&mut self, _path: &str, _counts: &Counts, _examples: &[Finding]) -> io::Result<()> {
        Ok(())
    }
    /// Bytes a [`Renderer`] produced on a worker thread (sinks with one).
    fn rendered(&mut self, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
    /// The column profile of a structured file, in path order.
    fn columns(&mut self, _profile: &[ColumnProfile]) -> io::Result<()> {
        Ok(())
    }
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary, errors: &[FileError]) -> io::Result<()>;
}

/// Turns findings into output bytes on the worker threads, so that formatting
/// runs on every core and the aggregating thread only copies bytes in order.
pub trait Renderer: Sync {
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
    /// Findings not reported because `piimap.toml` or an `--allow-*` flag allows them.
    pub allowed_by_config: u64,
    /// Findings not reported because of a `piimap:allow` comment on their line.
    pub allowed_inline: u64,
    /// Findings not reported because the `--baseline` has them.
    pub baselined: u64,
    /// The reporting threshold.
    pub min_confidence: Confidence,
    /// Files or directories that could not be read.
    pub errors: u64,
    /// Files whose content looked structured (JSON, CSV...) but did not parse
    /// as such: read as text instead, nothing lost (stderr names them).
    #[serde(skip_serializing_if = "is_zero")]
    pub files_read_as_text: u64,
    /// `--sample-rows`: only the first N rows of each table were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_rows: Option<u64>,
    /// Ctrl-C stopped the scan: the report holds only the files finished before.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
    /// Wall-clock time of the scan.
    pub elapsed_seconds: f64,
    /// `env` (fingerprints comparable across runs) or `run` (this run only).
    pub fingerprint_key: &'static str,
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

/// How much of one column of one structured file is personal data of one category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnProfile {
    /// The file.
    pub path: String,
    /// Table.
    pub table: String,
    /// Column or JSON path.
    pub field: String,
    /// Category found in it.
    pub category: String,
    /// Non-empty values scanned in this column.
    pub values: u64,
    /// Values with at least one reported finding of this category.
    pub matched: u64,
    /// `matched / values`.
    pub ratio: f64,
    /// The highest confidence of its findings.
    pub confidence: Confidence,
    /// A few masked examples.
    pub examples: Vec<String>,
}

/// Example findings kept per category for the table format.
pub const EXAMPLES_PER_CATEGORY: usize = 3;

/// Finding counts of part of a scan, by category index and confidence, so
/// workers can fill them without touching strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// `by_category[category][confidence as usize]`.
    pub by_category: Vec<[u64; 3]>,
}

impl Counts {
    /// Counts one finding of category index `category`.
    pub fn add(&mut self, category: usize, confidence: Confidence) {
        if self.by_category.len() <= category {
            self.by_category.resize(category + 1, [0; 3]);
        }
        self.by_category[category][confidence as usize] += 1;
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: &Counts) {
        if self.by_category.len() < other.by_category.len() {
            self.by_category.resize(other.by_category.len(), [0; 3]);
        }
        for (mine, theirs) in self.by_category.iter_mut().zip(&other.by_category) {
            for (level, count) in mine.iter_mut().zip(theirs) {
                *level += count;
            }
        }
    }

    /// Total findings counted.
    pub fn total(&self) -> u64 {
        self.by_category.iter().flatten().sum()
    }
}

impl Summary {
    /// Adds counts to the summary.
    pub fn add(&mut self, counts: &Counts, rules: &RuleSet) {
        self.findings += counts.total();
        for (index, levels) in counts.by_category.iter().enumerate() {
            let count: u64 = levels.iter().sum();
            if count > 0 {
                *self.by_category.entry(rules.categories[index].name.clone()).or_default() += count;
            }
            for (level, &count) in Confidence::ALL.iter().zip(levels) {
                if count > 0 {
                    *self.by_confidence.entry(*level).or_default() += count;
                }
            }
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

/// A sink, and the renderer its workers use if it has one.
pub struct Output<'a> {
    /// Receives results in order.
    pub sink: Box<dyn Sink + 'a>,
    /// Formats findings on worker threads (`None`: the sink wants the findings).
    pub renderer: Option<Box<dyn Renderer + 'a>>,
}

/// Builds the sink (and renderer) for `format`, writing to `out`.
pub fn output<'a>(format: Format, out: Box<dyn io::Write + 'a>, rules: &'a RuleSet) -> Output<'a> {
    match format {
        Format::Table => Output { sink: Box::new(TableSink::new(out, rules)), renderer: None },
        Format::Jsonl => {
            Output { sink: Box::new(JsonlSink::new(out)), renderer: Some(Box::new(JsonRenderer::lines(rules))) }
        }
        Format::Json => {
            Output { sink: Box::new(JsonSink::new(out)), renderer: Some(Box::new(JsonRenderer::array(rules))) }
        }
        Format::Sarif => {
            Output { sink: Box::new(SarifSink::new(out, rules)), renderer: Some(Box::new(SarifRenderer::new(rules))) }
        }
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
