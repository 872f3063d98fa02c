//! Parquet files, read through the `parquet` crate's Arrow reader.
//!
//! Every string, binary, integer (a phone stored as INT64, a SIN as INT32),
//! scale-0 decimal and dictionary column is a source of values, and so is every
//! leaf of a nested column: a struct field is `contact.email`, a list element
//! `addresses[].postal_code`, a map entry `attributes[].key` and
//! `attributes[].value`. Floats, booleans, dates and timestamps are not read:
//! none of the detected categories can be one.
//!
//! Memory stays bounded by one column chunk of one row group: a job reads its
//! row groups one root column at a time, in batches. Reading column by column
//! also contains damage: a corrupt page loses that column chunk (reported with
//! its row group and column), not the row group. The scan splits a file into
//! jobs of a few row groups each ([`plan`]), so row groups are read in parallel.
//!
//! A Parquet object in a bucket is read by ranges ([`super::ranged`]): the
//! footer, then for each root column of a row group its column chunks,
//! fetched just before they are decoded.

use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ProjectionMask;
use std::ops::Range;
use std::sync::Arc;

use super::arrow::Emitter;
use super::ranged::Chunks;
use super::reader::{Bytes, Context, Part, Parts, Planning, Random, Reader};
use super::{Cells, FieldNames, Limits, ReadIssue, Start};

/// Apache Parquet (`Format::Parquet`): read from the file by row group and column.
pub struct ParquetReader;

impl Reader for ParquetReader {
    fn parts(&self, _size: u64, _limits: &Limits) -> Parts {
        Parts::Planned
    }

    /// One piece per few row groups; the footer, read once, is the plan's
    /// state. Pieces "start" at evenly spread offsets, which only share out progress.
    fn plan(&self, input: Random, size: u64, _pieces: usize, _how: Planning) -> Result<super::reader::Plan, String> {
        let chunks = input.chunks().map_err(|err| crate::error::io_reason(&err))?;
        let footer = plan(&chunks)?;
        let count = footer.jobs.len() as u64;
        let starts = footer
            .jobs
            .iter()
            .enumerate()
            .map(|(index, (_, first_row))| Start { byte: size / count * index as u64, line: 0, row: *first_row })
            .collect();
        Ok(super::reader::Plan { starts, state: Box::new(footer) })
    }

    fn read(&self, bytes: Bytes, part: Part, context: Context, out: &mut dyn Cells) -> Result<(), String> {
        let Bytes::Random(input) = bytes else {
            return Err("compressed Parquet files are not read: decompress them first".into());
        };
        let file = input.chunks().map_err(|err| crate::error::io_reason(&err))?;
        let planned;
        let (footer, jobs) = match part {
            Part::Piece { plan, index } => (plan.state::<Plan>(), index..index + 1),
            Part::Whole => {
                planned = plan(&file)?;
                let jobs = 0..planned.jobs.len();
                (&planned, jobs)
            }
        };
        for job in jobs {
            read(&file, (footer, job), context.table, context.limits, out);
        }
        Ok(())
    }
}

/// Rows decoded at a time.
const BATCH_ROWS: usize = 8192;
/// Row groups are packed into one job until they hold this much uncompressed
/// data: many tiny row groups should not each cost a job and a footer lookup.
const JOB_BYTES: i64 = 64 << 20;

/// How a Parquet file is split into jobs: the decoded footer, and per job its
/// row groups and the index of its first row.
#[derive(Debug, Clone)]
pub struct Plan {
    metadata: ArrowReaderMetadata,
    /// `(row groups, first row)` per job.
    pub jobs: Vec<(Range<usize>, u64)>,
}

/// Reads a file's footer and groups its row groups into jobs.
pub fn plan(file: &Chunks) -> Result<Plan, String> {
    // The Arrow schema a writer may embed (`ARROW:schema`) is skipped: the
    // Parquet schema says all piimap needs, and decoding that untrusted
    // flatbuffer is where a fuzzed file made the arrow crates panic.
    let options = ArrowReaderOptions::new().with_skip_arrow_metadata(true);
    let metadata = guarded(|| ArrowReaderMetadata::load(file, options).map_err(|err| err.to_string()))
        .map_err(|reason| format!("not a readable Parquet file: {reason}"))?;
    let groups = metadata.metadata().row_groups();
    let mut jobs = Vec::new();
    let (mut start, mut first_row, mut bytes, mut rows) = (0usize, 0u64, 0i64, 0u64);
    for (index, group) in groups.iter().enumerate() {
        bytes += group.total_byte_size();
        rows += group.num_rows().max(0) as u64;
        if bytes >= JOB_BYTES || index + 1 == groups.len() {
            jobs.push((start..index + 1, first_row));
            first_row += rows;
            (start, bytes, rows) = (index + 1, 0, 0);
        }
    }
    if jobs.is_empty() {
        jobs.push((0..0, 0));
    }
    Ok(Plan { metadata, jobs })
}

/// Reads job `job` of `plan`: every readable value of its row groups, until
/// `out` wants no more rows.
pub fn read(file: &Chunks, (plan, job): (&Plan, usize), table: &Arc<str>, limits: &Limits, out: &mut dyn Cells) {
    let (groups, first_row) = plan.jobs[job].clone();
    let metadata = &plan.metadata;
    let schema = metadata.schema().clone();
    let descriptor = metadata.parquet_schema();
    let mut names = FieldNames::default();
    let mut group_first_row = first_row;
    for group in groups {
        let group_rows = metadata.metadata().row_group(group).num_rows().max(0) as u64;
        if !out.more(group_first_row) {
            return;
        }
        let size = metadata.metadata().row_group(group).total_byte_size().max(0) as u64;
        if size > limits.max_row_group {
            out.issue(ReadIssue {
                location: format!("row group {group} (rows {group_first_row}..{})", group_first_row + group_rows),
                reason: format!(
                    "{size} bytes of column data, over --max-row-group ({}): not read",
                    limits.max_row_group
                ),
            });
            group_first_row += group_rows;
            continue;
        }
        let location = |column: &str| {
            format!("row group {group} (rows {group_first_row}..{}), column {column}", group_first_row + group_rows)
        };
        for (root, field) in schema.fields().iter().enumerate() {
            let leaves: Vec<usize> =
                (0..descriptor.num_columns()).filter(|&leaf| descriptor.get_column_root_idx(leaf) == root).collect();
            if !super::arrow::holds_values(field.name(), field.data_type()) {
                continue;
            }
            let chunks = metadata.metadata().row_group(group);
            let ranges: Vec<Range<u64>> = leaves
                .iter()
                .map(|&leaf| {
                    let (start, length) = chunks.column(leaf).byte_range();
                    start..start + length
                })
                .collect();
            if let Err(err) = file.prefetch(&ranges) {
                out.issue(ReadIssue { location: location(field.name()), reason: crate::error::io_reason(&err) });
                continue;
            }
            let mask = ProjectionMask::roots(descriptor, [root]);
            let mut emitter = Emitter { table, names: &mut names, out: &mut *out, min_row: 0 };
            let Err((reason, reached)) = read_column(file, metadata, group, mask, group_first_row, &mut emitter) else {
                continue;
            };
            // A nested column is several leaf columns in the file: damage in one
            // leaf should not lose its siblings, so each is retried on its own,
            // from the row where the whole column stopped.
            if leaves.len() < 2 {
                out.issue(ReadIssue { location: location(field.name()), reason });
                continue;
            }
            for leaf in leaves {
                let mask = ProjectionMask::leaves(descriptor, [leaf]);
                let mut emitter = Emitter { table, names: &mut names, out: &mut *out, min_row: reached };
                if let Err((reason, _)) = read_column(file, metadata, group, mask, group_first_row, &mut emitter) {
                    out.issue(ReadIssue { location: location(&descriptor.column(leaf).path().string()), reason });
                }
            }
        }
        group_first_row += group_rows;
    }
}

/// Runs `decode`, turning a panic in the parquet/arrow crates (they still
/// assert on some malformed inputs) into an error, so a hostile file costs its
/// column or its footer, never the scan.
fn guarded<T>(decode: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode)).unwrap_or_else(|panic| {
        let message = crate::error::panic_message(&*panic);
        Err(format!("the Parquet decoder failed on malformed data ({message})"))
    })
}

/// Reads the `mask` columns of one row group, batch by batch. On error, says
/// why and the first row not emitted.
fn read_column(
    file: &Chunks,
    metadata: &ArrowReaderMetadata,
    group: usize,
    mask: ProjectionMask,
    first_row: u64,
    emitter: &mut Emitter,
) -> Result<(), (String, u64)> {
    let mut reached = first_row;
    let mut failure = None;
    let result = guarded(|| {
        read_column_unguarded(file, metadata, group, mask, first_row, emitter, &mut reached).map_err(|failed| {
            failure = Some(failed.clone());
            failed.0
        })
    });
    result.map_err(|reason| failure.unwrap_or((reason, reached)))
}

fn read_column_unguarded(
    file: &Chunks,
    metadata: &ArrowReaderMetadata,
    group: usize,
    mask: ProjectionMask,
    first_row: u64,
    emitter: &mut Emitter,
    reached: &mut u64,
) -> Result<(), (String, u64)> {
    let handle = file.clone();
    let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(handle, metadata.clone())
        .with_row_groups(vec![group])
        .with_projection(mask)
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|err| (err.to_string(), first_row))?;
    let mut row = first_row;
    for batch in reader {
        *reached = row;
        let batch = batch.map_err(|err| (format!("cannot decode: {err}"), row))?;
        if !emitter.wants(row) {
            break;
        }
        emitter.batch(&batch, row);
        row += batch.num_rows() as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn cells(path: &str) -> (Vec<(String, u64, String)>, Vec<String>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/structured/parquet").join(path);
        let file = Random::File(&root).chunks().unwrap();
        let table: Arc<str> = Arc::from("t");
        let mut collected = crate::source::test_support::Collected::default();
        let mut issues = Vec::new();
        match plan(&file) {
            Ok(plan) => {
                for job in 0..plan.jobs.len() {
                    read(&file, (&plan, job), &table, &Default::default(), &mut collected);
                }
            }
            Err(reason) => issues.push(reason),
        }
        issues.extend(collected.issues.iter().map(|issue| format!("{}: {}", issue.location, issue.reason)));
        let found = collected.cells.into_iter().map(|cell| (cell.field, cell.row, cell.value)).collect();
        (found, issues)
    }

    #[test]
    fn a_fuzzed_file_that_made_the_arrow_crates_panic_is_an_error_or_data_not_a_crash() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions/parquet-bad-arrow-schema.parquet");
        let file = Random::File(&path).chunks().unwrap();
        // Its embedded Arrow schema names an unknown type: skipped, the Parquet schema is enough.
        let plan = plan(&file).expect("readable without the Arrow schema");
        let table: Arc<str> = Arc::from("t");
        for job in 0..plan.jobs.len() {
            read(
                &file,
                (&plan, job),
                &table,
                &Default::default(),
                &mut crate::source::test_support::Collected::default(),
            );
        }
        // A dictionary page the parquet crate panics on ("Decoder for dict should
        // have been set"): that column chunk is reported, the others are read.
        let (found, issues) = cells("../../../tests/fuzz_regressions/parquet-dictionary-page-panic.parquet");
        assert!(issues.iter().any(|i| i.contains("the Parquet decoder failed on malformed data")), "{issues:?}");
        assert!(found.iter().any(|c| c.0 == "telephone"), "the intact columns are read");
    }

    #[test]
    fn nested_dictionary_and_integer_columns_become_paths() {
        let (found, issues) = cells("users.parquet");
        assert!(issues.is_empty(), "{issues:?}");
        let fields: std::collections::BTreeSet<&str> = found.iter().map(|c| c.0.as_str()).collect();
        for expected in
            ["telephone", "nas", "code_postal", "contact.email", "addresses[].postal_code", "attributes[].value"]
        {
            assert!(fields.contains(expected), "{expected} missing from {fields:?}");
        }
        // Rows run across the four row groups (16/16/16/8).
        assert_eq!(found.iter().map(|c| c.1).max(), Some(55));
        assert!(found.iter().any(|c| c.0 == "telephone" && c.2.len() == 10 && c.2.bytes().all(|b| b.is_ascii_digit())));
    }

    #[test]
    fn a_corrupt_page_loses_one_column_chunk_and_a_corrupt_footer_the_file() {
        let (found, issues) = cells("corrupt_page.parquet");
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert!(issues[0].starts_with("row group 1 (rows 16..32), column contact.email: "), "{issues:?}");
        assert!(found.iter().any(|c| c.0 == "contact.email" && c.1 < 16));
        assert!(!found.iter().any(|c| c.0 == "contact.email" && (16..32).contains(&c.1)));
        assert!(found.iter().any(|c| c.0 == "contact.phone" && (16..32).contains(&c.1)), "the sibling leaf is kept");
        assert!(found.iter().any(|c| c.0 == "nas" && (16..32).contains(&c.1)));
        let (found, issues) = cells("corrupt_footer.parquet");
        assert!(found.is_empty());
        assert!(issues[0].starts_with("not a readable Parquet file"), "{issues:?}");
    }
}
