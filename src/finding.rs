//! The small types every stage shares: a confidence level, a finding, and the
//! counts and column profiles a scan adds up.
//!
//! A [`Finding`] never holds the raw value unless the user asked for it with
//! `--reveal`: the detector hands the scan stage a span, and the scan stage turns
//! it into a masked string and a keyed fingerprint before anything leaves the
//! worker thread.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// How sure piimap is that a match is personal data of its category.
///
/// Levels rather than scores: a rule states a level, context moves it one level
/// up or down, a validator can cap it. Three levels are what a user can reason
/// about and filter on (`--min-confidence`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Plausible shape, but weak evidence (no context, or a value never issued to persons).
    Low,
    /// Validated shape; the default reporting threshold.
    #[default]
    Medium,
    /// Validated shape with supporting context, or an unambiguous format.
    High,
}

impl Confidence {
    /// All levels, lowest first.
    pub const ALL: [Confidence; 3] = [Confidence::Low, Confidence::Medium, Confidence::High];

    /// The level's name as used in rules, flags and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// Moves a level by `steps` (positive is more confident), saturating at both ends.
    pub fn shifted(self, steps: i8) -> Confidence {
        let index = (self as i8 + steps).clamp(0, 2);
        Confidence::ALL[index as usize]
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Confidence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            other => Err(format!("unknown confidence {other:?} (expected low, medium or high)")),
        }
    }
}

/// A keyed 128-bit fingerprint of a value, shown as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub [u8; 16]);

impl Fingerprint {
    /// The 32 lowercase hex digits.
    pub fn hex(&self) -> [u8; 32] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 32];
        for (i, byte) in self.0.iter().enumerate() {
            out[2 * i] = HEX[usize::from(byte >> 4)];
            out[2 * i + 1] = HEX[usize::from(byte & 15)];
        }
        out
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::str::from_utf8(&self.hex()).expect("hex digits are ASCII"))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One piece of personal data found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the rule in the active [`crate::rules::RuleSet`].
    pub rule: usize,
    /// Byte offset of the first byte of the match in the file.
    pub start: u64,
    /// Byte offset one past the last byte of the match in the file.
    pub end: u64,
    /// 1-based line number of the first byte; 0 in binary formats (Parquet,
    /// SQLite), where a value has a table, field and row but no line.
    pub line: u64,
    /// 1-based byte column of the first byte within its line.
    pub column: u64,
    /// Final confidence after validation and context.
    pub confidence: Confidence,
    /// The context keyword that raised the confidence, if any.
    pub context: Option<Arc<str>>,
    /// The value with most of it hidden (see [`crate::redact::Mask`]).
    pub masked: String,
    /// Keyed fingerprint of the normalized value (see [`crate::redact::Fingerprinter`]).
    pub fingerprint: Fingerprint,
    /// The raw value; only ever set when the user passed `--reveal`.
    pub value: Option<String>,
    /// Where in a structured source (CSV, JSON...): table, field, row.
    pub record: Option<Record>,
    /// Set when the value is in a name (the file's path, a table or a field
    /// name) rather than in the data; see [`crate::guard`].
    pub in_name: Option<NameKind>,
}

impl Finding {
    /// Whether the finding has a line, column and byte offsets (text-based sources).
    pub fn has_position(&self) -> bool {
        self.line > 0
    }
}

/// Which name a value was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameKind {
    /// The file's path (its name or a directory's).
    Path,
    /// A table name (a dump's or a database's table).
    Table,
    /// A column name, JSON key or Parquet field path.
    Field,
}

impl NameKind {
    /// As written in reports (`in_name`).
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Path => "path",
            NameKind::Table => "table",
            NameKind::Field => "field",
        }
    }
}

/// The place of a value in a structured source.
///
/// `table` is the dump or SQLite table, or the file stem for CSV/JSON; `field`
/// the column, or a JSON path with list levels written `[]`
/// (`addresses[].postal_code`); `row` the 0-based record index in that table.
/// Strings are shared: a file has few tables and fields and many findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Table name.
    pub table: Arc<str>,
    /// Field name or path.
    pub field: Arc<str>,
    /// 0-based record index within the table.
    pub row: u64,
}

/// A file (or directory) that could not be scanned, and why. The scan goes on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileError {
    /// The path as walked (lossy only for display; see `report`).
    pub path: String,
    /// Where in the file, when known (a table, a row), else empty.
    pub location: String,
    /// The reason, in words.
    pub reason: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{}: {}", self.path, self.reason)
        } else {
            write!(f, "{}: {}: {}", self.path, self.location, self.reason)
        }
    }
}

/// How much of one live database table a scan read: sampling is per table,
/// and the report says what each table's findings and ratios are out of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRead {
    /// The database, as shown (no credentials).
    pub path: String,
    /// `schema.table`.
    pub table: String,
    /// Rows read.
    pub rows_read: u64,
    /// The server's estimate of the table's rows, when it keeps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_estimated: Option<u64>,
    /// Which rows: `all rows`, `TABLESAMPLE SYSTEM_ROWS(10000)`, `first 10000 rows (LIMIT)`...
    pub sample: String,
    /// Bytes of values read.
    pub bytes_read: u64,
    /// Columns not read, with their type (UUIDs, booleans, geometry, no privilege).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_columns: Vec<String>,
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
    /// Database tables read, each with how it was sampled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableRead>,
    /// Bytes fetched from object stores (ranged Parquet reads fetch less than the objects' size).
    #[serde(skip_serializing_if = "is_zero")]
    pub bytes_downloaded: u64,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The matched values counted by the dates of their rows, per date role
    /// (`collection`, `last_activity`) and day (`YYYY-MM-DD`): what retention
    /// is checked against. Empty when the table has no date column.
    #[serde(default, skip_serializing_if = "RowDates::is_empty")]
    pub row_dates: RowDates,
}

pub use crate::dates::RowDates;

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
    /// Adds counts to the summary; `category` names a category index.
    pub fn add<'n>(&mut self, counts: &Counts, category: impl Fn(usize) -> &'n str) {
        self.findings += counts.total();
        for (index, levels) in counts.by_category.iter().enumerate() {
            let count: u64 = levels.iter().sum();
            if count > 0 {
                *self.by_category.entry(category(index).to_string()).or_default() += count;
            }
            for (level, &count) in Confidence::ALL.iter().zip(levels) {
                if count > 0 {
                    *self.by_confidence.entry(*level).or_default() += count;
                }
            }
        }
    }
}

/// Merges the profiles of one column and category from several parts of a
/// scan (jobs of one file, or batches scanned apart), into the profiles a
/// report shows: [`merge_partial`], then [`finish_profiles`].
pub fn merge_profiles(parts: Vec<ColumnProfile>) -> Vec<ColumnProfile> {
    finish_profiles(merge_partial(parts))
}

/// Merges partial profiles into partial profiles, so that merging is
/// associative and commutative in counts (parts may be merged in any order
/// and any grouping: Spark executors, shards).
///
/// A part reports every column's value count under an empty category (a
/// *count row*), and one row per category matched; a column's values are the
/// sum of its count rows, so a part where a column had no match still counts
/// its values. Count rows are kept in the result; matched values are summed,
/// the highest confidence kept, and examples gathered up to
/// [`EXAMPLES_PER_CATEGORY`] in the order met: the parts of one input merged
/// in input order show the examples a whole read shows. Parts that come in
/// no particular order (Spark partitions) merge with [`merge_unordered`].
pub fn merge_partial(parts: Vec<ColumnProfile>) -> Vec<ColumnProfile> {
    merge_parts(parts, false)
}

/// [`merge_partial`] for parts in no particular order: the examples kept are
/// the first [`EXAMPLES_PER_CATEGORY`] of the parts' examples in sorted
/// order, so the same parts give the same profiles, examples included, in
/// any order and grouping. (Examples are a sample of what each part saw:
/// another partitioning of the same rows may show others; counts do not change.)
pub fn merge_unordered(parts: Vec<ColumnProfile>) -> Vec<ColumnProfile> {
    merge_parts(parts, true)
}

fn merge_parts(mut parts: Vec<ColumnProfile>, sorted_examples: bool) -> Vec<ColumnProfile> {
    // Count rows sort first within their column.
    parts.sort_by(|a, b| (&a.table, &a.field, &a.category).cmp(&(&b.table, &b.field, &b.category)));
    let mut merged: Vec<ColumnProfile> = Vec::with_capacity(parts.len());
    let mut column_values = 0u64;
    for mut part in parts {
        let same_column = merged.last().is_some_and(|last| (&last.table, &last.field) == (&part.table, &part.field));
        if !same_column {
            column_values = 0;
        }
        match merged.last_mut() {
            Some(last) if same_column && last.category == part.category => {
                if part.category.is_empty() {
                    last.values += part.values;
                    column_values = last.values;
                    continue;
                }
                last.matched += part.matched;
                last.confidence = last.confidence.max(part.confidence);
                last.row_dates.merge(std::mem::take(&mut part.row_dates));
                if sorted_examples {
                    last.examples.extend(part.examples);
                    last.examples.sort();
                    last.examples.dedup();
                    last.examples.truncate(EXAMPLES_PER_CATEGORY);
                    continue;
                }
                for example in part.examples {
                    if last.examples.len() < EXAMPLES_PER_CATEGORY && !last.examples.contains(&example) {
                        last.examples.push(example);
                    }
                }
            }
            _ => {
                if part.category.is_empty() {
                    column_values = part.values;
                } else {
                    part.values = column_values;
                }
                if sorted_examples {
                    part.examples.sort();
                    part.examples.dedup();
                    part.examples.truncate(EXAMPLES_PER_CATEGORY);
                }
                merged.push(part);
            }
        }
    }
    // Ratios over the merged counts, so that a partial result does not depend on the grouping.
    for profile in &mut merged {
        profile.ratio = profile.matched as f64 / profile.values.max(1) as f64;
    }
    merged
}

/// The profiles a report shows from merged partial ones: count rows dropped,
/// each category's ratio over its column's values.
pub fn finish_profiles(mut partial: Vec<ColumnProfile>) -> Vec<ColumnProfile> {
    partial.retain(|profile| !profile.category.is_empty());
    for profile in &mut partial {
        profile.ratio = profile.matched as f64 / profile.values.max(1) as f64;
    }
    partial
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifting_saturates() {
        assert_eq!(Confidence::Low.shifted(-1), Confidence::Low);
        assert_eq!(Confidence::Low.shifted(1), Confidence::Medium);
        assert_eq!(Confidence::Medium.shifted(5), Confidence::High);
        assert_eq!(Confidence::High.shifted(-2), Confidence::Low);
    }

    fn profile(field: &str, category: &str, values: u64, matched: u64, examples: &[&str]) -> ColumnProfile {
        ColumnProfile {
            row_dates: RowDates::default(),
            path: "p".into(),
            table: "t".into(),
            field: field.into(),
            category: category.into(),
            values,
            matched,
            ratio: 0.0,
            confidence: Confidence::Medium,
            examples: examples.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn profiles_merge_in_any_grouping() {
        // Two parts of one column: every part reports its value count (empty
        // category) and its matches; the second part had no match.
        let parts = vec![
            profile("email", "", 10, 0, &[]),
            profile("email", "email", 10, 4, &["a***@e*****.ca"]),
            profile("email", "", 6, 0, &[]),
            profile("phone", "", 5, 0, &[]),
            profile("phone", "phone", 5, 5, &["***-***-0001"]),
        ];
        let merged = merge_profiles(parts.clone());
        let summary: Vec<_> = merged.iter().map(|p| (p.field.as_str(), p.values, p.matched)).collect();
        assert_eq!(summary, [("email", 16, 4), ("phone", 5, 5)]);
        assert!((merged[0].ratio - 0.25).abs() < 1e-9);
        let mut reversed = parts.clone();
        reversed.reverse();
        assert_eq!(merge_profiles(reversed), merged, "the order of parts does not matter");
        // Partial merges of any grouping merge to the same.
        let mut grouped = merge_partial(parts[..2].to_vec());
        grouped.extend(merge_partial(parts[2..].to_vec()));
        assert_eq!(finish_profiles(merge_partial(grouped)), merged);
    }

    #[test]
    fn unordered_parts_keep_the_same_examples_in_any_order() {
        let parts = vec![
            profile("email", "", 4, 0, &[]),
            profile("email", "email", 4, 4, &["d***@e*****.ca", "b***@e*****.ca", "e***@e*****.ca"]),
            profile("email", "", 4, 0, &[]),
            profile("email", "email", 4, 2, &["c***@e*****.ca", "a***@e*****.ca"]),
        ];
        let forward = merge_unordered(parts.clone());
        let mut reversed = parts.clone();
        reversed.reverse();
        assert_eq!(merge_unordered(reversed), forward);
        let examples = &forward.iter().find(|p| p.category == "email").unwrap().examples;
        assert_eq!(examples, &["a***@e*****.ca", "b***@e*****.ca", "c***@e*****.ca"]);
        let mut grouped = merge_unordered(parts[2..].to_vec());
        grouped.extend(merge_unordered(parts[..2].to_vec()));
        assert_eq!(merge_unordered(grouped), forward, "and in any grouping");
    }

    #[test]
    fn parses_its_own_names() {
        for level in Confidence::ALL {
            assert_eq!(level.as_str().parse::<Confidence>().unwrap(), level);
        }
        assert!("certain".parse::<Confidence>().is_err());
    }
}
