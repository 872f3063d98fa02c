//! piimap for Python: Arrow record batches in (without copying: the Arrow C
//! data interface), findings as an Arrow record batch and partial column
//! profiles out, and the inventory of merged profiles against a policy.
//!
//! The Python package (`python/piimap/`) wraps these in its public API:
//! `scan_arrow`, `profile_arrow`, `merge_profiles`, `inventory`, and
//! `piimap.spark`. Scans release the GIL. Errors are Python exceptions
//! carrying piimap's message; a panic is turned into one by pyo3.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{StringBuilder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_pyarrow::{PyArrowType, Table};
use arrow_schema::{DataType, Field, Schema};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use piimap::detect::Detector;
use piimap::engine::{BatchOf, Engine, Scanned};
use piimap::finding::{ColumnProfile, Confidence};
use piimap::inventory::render::{InventoryFormat, RenderOptions};
use piimap::inventory::{evaluate, observations_of_profiles, ScanTotals};
use piimap::policy::{self, Vocabulary};
use piimap::redact::Fingerprinter;
use piimap::rules::RuleSet;
use piimap::scan::{Filters, ScanOptions};

fn value_error(message: impl ToString) -> PyErr {
    PyValueError::new_err(message.to_string())
}

fn confidence(text: &str) -> PyResult<Confidence> {
    text.parse().map_err(|_| value_error(format!("min_confidence must be low, medium or high, not {text:?}")))
}

fn rule_set(rules: &[PathBuf]) -> PyResult<RuleSet> {
    RuleSet::with_overrides(rules).map_err(value_error)
}

/// The engine of one set of settings: rules, threshold, fingerprint key.
#[pyclass(frozen, module = "piimap._native")]
struct Scanner {
    engine: Engine,
    reveal: bool,
}

#[pymethods]
impl Scanner {
    /// `key`: the fingerprint key (bytes); `None` draws one for this scanner,
    /// so its fingerprints compare only with its own.
    #[new]
    #[pyo3(signature = (min_confidence = "medium", rules = None, key = None, reveal = false))]
    fn new(min_confidence: &str, rules: Option<Vec<PathBuf>>, key: Option<Vec<u8>>, reveal: bool) -> PyResult<Self> {
        let detector = Detector::new(rule_set(&rules.unwrap_or_default())?).map_err(value_error)?;
        let fingerprinter = match key {
            Some(key) if key.is_empty() => return Err(value_error("key must not be empty")),
            Some(key) => Fingerprinter::with_key(key),
            None => Fingerprinter::per_run(),
        };
        let options = ScanOptions { min_confidence: confidence(min_confidence)?, reveal, ..ScanOptions::default() };
        Ok(Scanner { engine: Engine::new(detector, fingerprinter, Filters::default(), options), reveal })
    }

    /// Scans one record batch: rows `first_row..` of table `table`, reported
    /// at `path` (default: the table). Returns the findings as a record
    /// batch and the partial column profiles as JSON.
    #[pyo3(signature = (batch, table, path = None, first_row = 0))]
    fn scan_batch(
        &self,
        py: Python<'_>,
        batch: PyArrowType<RecordBatch>,
        table: &str,
        path: Option<&str>,
        first_row: u64,
    ) -> PyResult<(PyArrowType<RecordBatch>, String)> {
        let of = BatchOf { path: path.unwrap_or(table), table, first_row };
        let scanned = py.detach(|| self.engine.scan_batch_of(of, batch.0)).map_err(value_error)?;
        self.answer(scanned)
    }

    /// Scans a table (a stream of record batches), row numbers running across its batches.
    #[pyo3(signature = (data, table, path = None))]
    fn scan_table(
        &self,
        py: Python<'_>,
        data: PyArrowType<Table>,
        table: &str,
        path: Option<&str>,
    ) -> PyResult<(PyArrowType<RecordBatch>, String)> {
        let (batches, _) = data.0.into_inner();
        let scanned = py.detach(|| -> std::io::Result<Scanned> {
            let mut all = Scanned::default();
            let mut first_row = 0;
            for batch in batches {
                let rows = batch.num_rows() as u64;
                let of = BatchOf { path: path.unwrap_or(table), table, first_row };
                let part = self.engine.scan_batch_of(of, batch)?;
                all.findings.extend(part.findings);
                all.profiles.extend(part.profiles);
                first_row += rows;
            }
            all.profiles = piimap::finding::merge_partial(all.profiles);
            Ok(all)
        });
        self.answer(scanned.map_err(value_error)?)
    }

    /// The fingerprint key's scope: `run` (drawn for this scanner) or `env` (given).
    #[getter]
    fn key_scope(&self) -> &'static str {
        self.engine.fingerprinter().scope
    }
}

impl Scanner {
    fn answer(&self, scanned: Scanned) -> PyResult<(PyArrowType<RecordBatch>, String)> {
        let findings = findings_batch(&self.engine, &scanned, self.reveal)?;
        let profiles = serde_json::to_string(&scanned.profiles).map_err(value_error)?;
        Ok((PyArrowType(findings), profiles))
    }
}

/// The findings as columns: category, rule, table, field, row, confidence,
/// masked, fingerprint, context (and value, only when revealed).
fn findings_batch(engine: &Engine, scanned: &Scanned, reveal: bool) -> PyResult<RecordBatch> {
    let rules = engine.detector().rules();
    let count = scanned.findings.len();
    let text = || StringBuilder::with_capacity(count, count * 16);
    let (mut category, mut rule, mut table, mut field) = (text(), text(), text(), text());
    let (mut level, mut masked, mut fingerprint, mut context, mut value) = (text(), text(), text(), text(), text());
    let mut row = UInt64Builder::with_capacity(count);
    for finding in &scanned.findings {
        category.append_value(engine.category_of(finding));
        rule.append_value(&rules.rules[finding.rule].id);
        match &finding.record {
            Some(record) => {
                table.append_value(&*record.table);
                field.append_value(&*record.field);
                row.append_value(record.row);
            }
            None => {
                table.append_null();
                field.append_null();
                row.append_null();
            }
        }
        level.append_value(finding.confidence.as_str());
        masked.append_value(&finding.masked);
        fingerprint.append_value(finding.fingerprint.to_string());
        context.append_option(finding.context.as_deref());
        value.append_option(finding.value.as_deref());
    }
    let mut fields = vec![
        Field::new("category", DataType::Utf8, false),
        Field::new("rule", DataType::Utf8, false),
        Field::new("table", DataType::Utf8, true),
        Field::new("field", DataType::Utf8, true),
        Field::new("row", DataType::UInt64, true),
        Field::new("confidence", DataType::Utf8, false),
        Field::new("masked", DataType::Utf8, false),
        Field::new("fingerprint", DataType::Utf8, false),
        Field::new("context", DataType::Utf8, true),
    ];
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(category.finish()),
        Arc::new(rule.finish()),
        Arc::new(table.finish()),
        Arc::new(field.finish()),
        Arc::new(row.finish()),
        Arc::new(level.finish()),
        Arc::new(masked.finish()),
        Arc::new(fingerprint.finish()),
        Arc::new(context.finish()),
    ];
    if reveal {
        fields.push(Field::new("value", DataType::Utf8, true));
        columns.push(Arc::new(value.finish()));
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|err| PyRuntimeError::new_err(err.to_string()))
}

/// Merges lists of partial profiles (JSON), in any order and grouping.
#[pyfunction]
fn merge_profiles(parts: Vec<String>) -> PyResult<String> {
    let mut all: Vec<ColumnProfile> = Vec::new();
    for part in parts {
        let profiles: Vec<ColumnProfile> =
            serde_json::from_str(&part).map_err(|err| value_error(format!("not piimap column profiles: {err}")))?;
        all.extend(profiles);
    }
    serde_json::to_string(&piimap::finding::merge_unordered(all)).map_err(value_error)
}

/// The `piimap.inventory/1` document (JSON) of merged profiles against the
/// policy file at `policy`: what `piimap inventory` writes for the same data.
#[pyfunction]
#[pyo3(signature = (profiles, policy, min_confidence = "medium", rules = None))]
fn inventory(profiles: &str, policy: PathBuf, min_confidence: &str, rules: Option<Vec<PathBuf>>) -> PyResult<String> {
    let profiles: Vec<ColumnProfile> =
        serde_json::from_str(profiles).map_err(|err| value_error(format!("not piimap column profiles: {err}")))?;
    let vocabulary = Vocabulary::builtin();
    let policy = policy::load(&policy, &vocabulary).map_err(value_error)?;
    let rules = rule_set(&rules.unwrap_or_default())?;
    let mut paths: Vec<&str> = profiles.iter().map(|profile| profile.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let totals = ScanTotals { files_scanned: paths.len() as u64, ..ScanTotals::default() };
    let observations = observations_of_profiles(&rules, profiles);
    let inventory = evaluate(&policy, &vocabulary, &observations, confidence(min_confidence)?, totals, Vec::new());
    let mut out = Vec::new();
    let json = RenderOptions { format: InventoryFormat::Json, csv_delimiter: b',' };
    piimap::inventory::render::write(&inventory, &json, &mut out).map_err(value_error)?;
    String::from_utf8(out).map_err(value_error)
}

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Scanner>()?;
    module.add_function(wrap_pyfunction!(merge_profiles, module)?)?;
    module.add_function(wrap_pyfunction!(inventory, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
