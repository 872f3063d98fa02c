//! The engine: a detector, a fingerprint key, the filters in force and the
//! scan's settings, built once (by [`crate::config`] for the command line, by
//! a caller for the library) and used for every scan.
//!
//! This is also piimap's library API: the command line scans [`Inputs`]
//! through [`Engine::scan`] into a report's [`Sink`]; a caller (the Python
//! package, a Spark job) hands bytes or an Arrow record batch to
//! [`Engine::scan_bytes`] or [`Engine::scan_batch`] and gets findings and
//! column profiles back, through the same pipeline. Column profiles merge
//! with [`crate::finding::merge_profiles`], in any order.
//!
//! # Example
//! ```
//! use piimap::engine::Engine;
//!
//! let engine = Engine::builtin(Some(b"a key kept out of the repository")).unwrap();
//! let scanned = engine.scan_bytes("note.txt", "Courriel : jean@exemple.qc.ca".as_bytes()).unwrap();
//! assert_eq!(scanned.findings.len(), 1);
//! assert_eq!(scanned.findings[0].masked, "j***@e*****.ca");
//! assert_eq!(engine.category_of(&scanned.findings[0]), "email");
//! ```

use std::io;
use std::sync::Arc;

use crate::detect::Detector;
use crate::error::Error;
use crate::finding::{ColumnProfile, Counts, FileError, Finding, Summary};
use crate::input::{Input, Inputs, Origin};
use crate::redact::Fingerprinter;
use crate::rules::RuleSet;
use crate::scan::{self, Filters, ScanOptions, ScanOutcome};
use crate::sink::{Sink, Wants};

/// Everything a scan needs besides its inputs and its sink.
#[derive(Debug)]
pub struct Engine {
    detector: Detector,
    fingerprinter: Fingerprinter,
    filters: Filters,
    options: ScanOptions,
}

/// What a scan of a caller's bytes or batch found.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Every finding at or above the threshold, in order (masked; raw values
    /// only with [`ScanOptions::reveal`]).
    pub findings: Vec<Finding>,
    /// The column profiles of a batch: values per column, and per category
    /// the values that matched.
    pub profiles: Vec<ColumnProfile>,
    /// Problems reading it (a value that could not be decoded).
    pub errors: Vec<FileError>,
    /// The counts.
    pub summary: Summary,
}

impl Engine {
    /// An engine from its parts.
    pub fn new(detector: Detector, fingerprinter: Fingerprinter, filters: Filters, options: ScanOptions) -> Engine {
        Engine { detector, fingerprinter, filters, options }
    }

    /// piimap's built-in rules, default settings, and a fingerprint key
    /// (`None`: one drawn for this engine, so fingerprints compare only
    /// within its scans).
    pub fn builtin(key: Option<&[u8]>) -> Result<Engine, Error> {
        let detector = Detector::new(RuleSet::builtin()?)?;
        let fingerprinter = match key {
            Some(key) => Fingerprinter::with_key(key.to_vec()),
            None => Fingerprinter::per_run(),
        };
        Ok(Engine::new(detector, fingerprinter, Filters::default(), ScanOptions::default()))
    }

    /// The detector (and through it, the rules).
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// The scan's settings.
    pub fn options(&self) -> &ScanOptions {
        &self.options
    }

    /// The scan's settings, to change.
    pub fn options_mut(&mut self) -> &mut ScanOptions {
        &mut self.options
    }

    /// The fingerprint key in use.
    pub fn fingerprinter(&self) -> &Fingerprinter {
        &self.fingerprinter
    }

    /// The category id of `finding`.
    pub fn category_of(&self, finding: &Finding) -> &str {
        &self.detector.rules().category_of(finding.rule).name
    }

    /// Scans `inputs`, delivering to `sink` input by input in order.
    pub fn scan(&self, inputs: Inputs, sink: &mut dyn Sink) -> io::Result<ScanOutcome> {
        scan::run(&self.options, &self.detector, &self.fingerprinter, &self.filters, inputs, sink)
    }

    /// Scans `bytes` as text; `name` names them in findings.
    pub fn scan_bytes(&self, name: &str, bytes: &[u8]) -> io::Result<Scanned> {
        let origin = Origin::Memory { name: name.into(), bytes: Arc::from(bytes) };
        self.scan_one(Input::in_memory(name, origin))
    }

    /// Scans an Arrow record batch as table `table`: every column (nested
    /// ones by path, as for Parquet files), with its name as context.
    /// Profiles are partial: merge them with [`crate::finding::merge_profiles`].
    pub fn scan_batch(&self, table: &str, batch: arrow_array::RecordBatch) -> io::Result<Scanned> {
        self.scan_batch_of(BatchOf { path: table, table, first_row: 0 }, batch)
    }

    /// Scans an Arrow record batch that is part of a bigger input: rows
    /// `of.first_row..` of table `of.table`, reported at `of.path` (for
    /// instance one of a Parquet file's batches, read by Spark, named by the
    /// file's path so that an inventory of batches equals the file's).
    pub fn scan_batch_of(&self, of: BatchOf, batch: arrow_array::RecordBatch) -> io::Result<Scanned> {
        let origin = Origin::Batch { name: of.path.into(), table: Arc::from(of.table), batch: Arc::new(batch) };
        let mut scanned = self.scan_one(Input::in_memory(of.path, origin))?;
        if of.first_row > 0 {
            for finding in &mut scanned.findings {
                if let Some(record) = &mut finding.record {
                    record.row += of.first_row;
                }
            }
        }
        Ok(scanned)
    }

    fn scan_one(&self, input: Input) -> io::Result<Scanned> {
        let mut sink = Collect::default();
        let inputs = Inputs { files: vec![input], errors: Vec::new(), too_large: 0 };
        let outcome = self.scan(inputs, &mut sink)?;
        sink.scanned.summary = outcome.summary;
        sink.scanned.errors = outcome.errors;
        Ok(sink.scanned)
    }
}

/// Which input a batch is part of: see [`Engine::scan_batch_of`].
#[derive(Debug, Clone, Copy)]
pub struct BatchOf<'a> {
    /// The input's name in reports (a path, or the table's name).
    pub path: &'a str,
    /// The table the rows belong to.
    pub table: &'a str,
    /// The index of the batch's first row in the table.
    pub first_row: u64,
}

/// A sink that keeps everything, for the library API.
#[derive(Default)]
struct Collect {
    scanned: Scanned,
}

impl Sink for Collect {
    fn wants(&self) -> Wants {
        Wants::Findings
    }

    fn file(&mut self, _path: &str, _counts: &Counts, findings: &[Finding]) -> io::Result<()> {
        self.scanned.findings.extend_from_slice(findings);
        Ok(())
    }

    fn columns(&mut self, profile: &[ColumnProfile]) -> io::Result<()> {
        self.scanned.profiles.extend_from_slice(profile);
        Ok(())
    }

    fn partial_profiles(&self) -> bool {
        true
    }

    fn finish(&mut self, _summary: &Summary, _errors: &[FileError]) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};

    #[test]
    fn a_batch_of_named_columns_gives_findings_and_profiles() {
        let engine = Engine::builtin(Some(b"test key")).unwrap();
        let phones: ArrayRef = Arc::new(Int64Array::from(vec![Some(4185496754), None, Some(5145550199)]));
        let notes: ArrayRef = Arc::new(StringArray::from(vec!["écrire à jean@exemple.qc.ca", "rien", "ok"]));
        let batch = RecordBatch::try_from_iter([("telephone", phones), ("notes", notes)]).unwrap();
        let scanned = engine.scan_batch("clients", batch).unwrap();
        let found: Vec<(&str, &str, u64)> = scanned
            .findings
            .iter()
            .map(|f| {
                let record = f.record.as_ref().unwrap();
                (engine.category_of(f), &*record.field, record.row)
            })
            .collect();
        assert_eq!(
            found,
            [("phone", "telephone", 0), ("phone", "telephone", 2), ("email", "notes", 0)],
            "column by column"
        );
        let phone = scanned.profiles.iter().find(|p| p.field == "telephone" && p.category == "phone").unwrap();
        assert_eq!((phone.values, phone.matched), (2, 2));
        let notes = scanned.profiles.iter().find(|p| p.field == "notes" && p.category.is_empty()).unwrap();
        assert_eq!((notes.values, notes.matched), (3, 0), "a count row per column: partial profiles merge");
        let of = BatchOf { path: "exports/clients.parquet", table: "crm.clients", first_row: 1000 };
        let batch = RecordBatch::try_from_iter([("notes", notes_array())]).unwrap();
        let scanned = engine.scan_batch_of(of, batch).unwrap();
        let record = scanned.findings[0].record.as_ref().unwrap();
        assert_eq!((&*record.table, record.row), ("crm.clients", 1000));
        assert_eq!(scanned.profiles[0].path, "exports/clients.parquet");
        assert!(scanned.findings.iter().all(|f| f.value.is_none()), "no raw value unless revealed");
    }

    fn notes_array() -> ArrayRef {
        Arc::new(StringArray::from(vec!["écrire à jean@exemple.qc.ca"]))
    }

    #[test]
    fn bytes_are_scanned_as_text_with_lines() {
        let engine = Engine::builtin(None).unwrap();
        let scanned = engine.scan_bytes("chat.log", b"bonjour\nNAS 130 692 544\n").unwrap();
        assert_eq!(scanned.findings.len(), 1);
        assert_eq!((scanned.findings[0].line, scanned.findings[0].column), (2, 5));
        assert_eq!(scanned.summary.findings, 1);
    }
}
