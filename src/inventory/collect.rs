//! Collecting a scan into observations: one [`Observation`] per (location,
//! category), from per-file counts (text) and column profiles (structured
//! data and live tables), with paths relative to the inventory root.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::finding::{Confidence, FileError, Finding};
use crate::report::{ColumnProfile, Counts, Sink, Summary, EXAMPLES_PER_CATEGORY};
use crate::rules::RuleSet;

/// Where and what: file (relative to the inventory root), table and field for
/// structured data (empty for text), category id.
pub type Key = (String, String, String, String);

/// What the scan saw at one location for one category.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observation {
    /// Findings (text) or matching values (columns).
    pub findings: u64,
    /// Non-empty values in the column (structured data only).
    pub values: Option<u64>,
    /// Highest confidence seen.
    pub confidence: Confidence,
    /// A few masked examples.
    pub examples: Vec<String>,
    /// Matched values by row date (structured data with a date column).
    pub row_dates: crate::finding::RowDates,
}

impl Observation {
    pub(super) fn merge(&mut self, other: Observation) {
        self.findings += other.findings;
        self.row_dates.merge(other.row_dates);
        self.values = match (self.values, other.values) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        self.confidence = self.confidence.max(other.confidence);
        for example in other.examples {
            if self.examples.len() < EXAMPLES_PER_CATEGORY && !self.examples.contains(&example) {
                self.examples.push(example);
            }
        }
    }
}

/// Totals of the scan(s) behind an inventory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScanTotals {
    /// Files read.
    pub files_scanned: u64,
    /// Bytes read.
    pub bytes_scanned: u64,
    /// Files or parts of files that could not be read.
    pub errors: u64,
    /// Ctrl-C stopped the scan: the inventory is incomplete.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
    /// Live database tables read, each with how it was sampled: what the
    /// counts and ratios of its columns are out of.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<crate::finding::TableRead>,
}

/// Collects a scan into observations.
pub struct InventorySink<'r> {
    rules: &'r RuleSet,
    root: PathBuf,
    /// Observations so far.
    pub observations: BTreeMap<Key, Observation>,
    /// The last file whose column profile arrived: its findings are counted by column, not again by file.
    profiled: Option<String>,
    /// Scan totals, once finished.
    pub totals: ScanTotals,
    /// Errors, once finished.
    pub errors: Vec<FileError>,
}

impl<'r> InventorySink<'r> {
    /// A sink for a scan whose paths are reported relative to `root`.
    pub fn new(rules: &'r RuleSet, root: &Path) -> Self {
        InventorySink {
            rules,
            root: root.to_path_buf(),
            observations: BTreeMap::new(),
            profiled: None,
            totals: ScanTotals::default(),
            errors: Vec::new(),
        }
    }

    fn relative(&self, path: &str) -> String {
        relative_to(&self.root, path)
    }
}

/// The observations of column profiles gathered apart (a caller's batches,
/// Spark executors: partial or finished, in any order), as a scan of the same
/// data into an [`InventorySink`] would make them.
pub fn observations_of_profiles(rules: &RuleSet, profiles: Vec<ColumnProfile>) -> BTreeMap<Key, Observation> {
    let mut sink = InventorySink::new(rules, Path::new("."));
    let finished = crate::finding::finish_profiles(crate::finding::merge_unordered(profiles));
    let mut by_path: Vec<&ColumnProfile> = finished.iter().collect();
    by_path.sort_by(|a, b| a.path.cmp(&b.path));
    for group in by_path.chunk_by(|a, b| a.path == b.path) {
        let group: Vec<ColumnProfile> = group.iter().map(|profile| (*profile).clone()).collect();
        // Writing to an in-memory sink cannot fail.
        let _ = sink.columns(&group);
    }
    sink.observations
}

/// `path` relative to `root` with `/` separators (the way policies' `paths`
/// globs see it), whichever way either is spelled (`.`, `./x`, absolute; see
/// [`crate::paths`]). A URL (a database, an object) stays as it is.
pub fn relative_to(root: &Path, path: &str) -> String {
    if path.contains("://") {
        return path.to_string();
    }
    let root = crate::paths::absolute(root);
    let absolute = crate::paths::absolute(Path::new(path));
    match absolute.strip_prefix(&root).ok().filter(|rest| !rest.as_os_str().is_empty()) {
        Some(rest) => rest.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/"),
        None => path.to_string(),
    }
}

impl Sink for InventorySink<'_> {
    fn columns(&mut self, profile: &[ColumnProfile]) -> io::Result<()> {
        for column in profile {
            let key =
                (self.relative(&column.path), column.table.clone(), column.field.clone(), column.category.clone());
            let observation = Observation {
                findings: column.matched,
                values: Some(column.values),
                confidence: column.confidence,
                examples: column.examples.clone(),
                row_dates: column.row_dates.clone(),
            };
            self.observations.entry(key).or_default().merge(observation);
            self.profiled = Some(column.path.clone());
        }
        Ok(())
    }

    fn file(&mut self, path: &str, counts: &Counts, examples: &[Finding]) -> io::Result<()> {
        if self.profiled.as_deref() == Some(path) {
            return Ok(());
        }
        let relative = self.relative(path);
        for (index, levels) in counts.by_category.iter().enumerate() {
            let findings: u64 = levels.iter().sum();
            if findings == 0 {
                continue;
            }
            let confidence = [Confidence::High, Confidence::Medium, Confidence::Low]
                .into_iter()
                .find(|level| levels[*level as usize] > 0)
                .unwrap_or_default();
            let category = &self.rules.categories[index].name;
            let examples = examples
                .iter()
                .filter(|finding| self.rules.rules[finding.rule].category == index)
                .map(|finding| finding.masked.clone())
                .collect();
            let key = (relative.clone(), String::new(), String::new(), category.clone());
            self.observations.entry(key).or_default().merge(Observation {
                findings,
                values: None,
                confidence,
                examples,
                row_dates: crate::finding::RowDates::default(),
            });
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, errors: &[FileError]) -> io::Result<()> {
        self.totals = ScanTotals {
            files_scanned: summary.files_scanned,
            bytes_scanned: summary.bytes_scanned,
            errors: summary.errors,
            interrupted: summary.interrupted,
            tables: summary.tables.clone(),
        };
        self.errors = errors.to_vec();
        for error in &mut self.errors {
            error.path = relative_to(&self.root, &error.path);
        }
        Ok(())
    }
}
