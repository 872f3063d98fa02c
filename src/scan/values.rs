//! Jobs that read structured inputs (CSV, JSON, dumps, Parquet, SQLite) value
//! by value: the format's reader ([`source::reader`]) hands out cells, which
//! are searched in batches with their column name as context, profiled per
//! column, and located at their own line, column and bytes.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::Arc;

use super::batch::{BatchAt, BatchCell, CellFinder};
use super::collect::{Collector, Place};
use super::dated::{DatedColumns, RowDating};
use super::{JobOutput, JobStatus, Scratches, Shared, Stream};
use crate::dates::Date;
use crate::detect::FieldEvidence;
use crate::error::io_reason;
use crate::finding::{ColumnProfile, Confidence, NameKind, RowDates, EXAMPLES_PER_CATEGORY};
use crate::input::Input;
use crate::rules::date_columns::{role_of, DateRole};
use crate::source::compressed::Codec;
use crate::source::header::HeaderRule;
use crate::source::place::{locate, Raw, ValueAt};
use crate::source::reader::{Bytes, Context, Part, Planning, Random};
use crate::source::registry;
use crate::source::{table_name, Cell, Cells, Format, ReadIssue, TextPart};

/// Values are searched in batches of about this many bytes: one detector pass
/// per batch instead of one per value (CSV and dumps have ~10 values a row).
const BATCH_BYTES: usize = 256 << 10;

/// One (table, field) of a structured file: its evidence and profile.
struct Column {
    table: Arc<str>,
    field: Arc<str>,
    /// The names as printed: masked where they hold personal data.
    shown_table: Arc<str>,
    shown_field: Arc<str>,
    evidence: FieldEvidence,
    stats: ColumnStats,
    /// When its values date their rows (`created_at`, `last_login`).
    date_role: Option<DateRole>,
}

/// The columns seen in a file, found by the identity of the readers' shared
/// names (each reader hands out one `Arc` per table and per field), starting
/// the search at the previous value's column, then the one after it: values
/// come column after column (CSV, dumps) or column by column (Parquet), so a
/// lookup is usually one or two comparisons. Else (a row's first value, a
/// value after an empty one) the column is looked up by its names' addresses:
/// walking the columns from the previous one went through every other
/// table's columns at each row of a dump.
#[derive(Default)]
struct Columns {
    all: Vec<Column>,
    next: usize,
    by_names: HashMap<(usize, usize), usize>,
}

/// A column's key in [`Columns::by_names`]: the addresses of its shared names.
fn names_key(table: &Arc<str>, field: &Arc<str>) -> (usize, usize) {
    (Arc::as_ptr(table) as *const u8 as usize, Arc::as_ptr(field) as *const u8 as usize)
}

impl Columns {
    fn find(&mut self, table: &Arc<str>, field: &Arc<str>) -> Option<usize> {
        let same = |column: &Column| Arc::ptr_eq(&column.table, table) && Arc::ptr_eq(&column.field, field);
        // The previous value's column first (column-major readers: Parquet),
        // then the one after it (row-major readers: CSV, dumps).
        let last = self.next.checked_sub(1);
        if let Some(last) = last.filter(|&last| self.all.get(last).is_some_and(same)) {
            return Some(last);
        }
        let index = match self.all.get(self.next) {
            Some(column) if same(column) => self.next,
            _ => *self.by_names.get(&names_key(table, field))?,
        };
        self.next = index + 1;
        Some(index)
    }

    /// Adds a column not seen before; its index.
    fn push(&mut self, column: Column) -> usize {
        let index = self.all.len();
        self.by_names.insert(names_key(&column.table, &column.field), index);
        self.all.push(column);
        index
    }
}

impl DatedColumns for Columns {
    fn table_of(&self, column: usize) -> usize {
        Arc::as_ptr(&self.all[column].table) as *const u8 as usize
    }

    fn date_role(&self, column: usize) -> Option<DateRole> {
        self.all[column].date_role
    }

    fn count(&self) -> usize {
        self.all.len()
    }

    fn add(&mut self, column: usize, category: usize, role: DateRole, date: Date, values: u64) {
        self.all[column].stats.add_dates(category, role, date, values);
    }
}

/// Values scanned in one column, and how many matched each category.
#[derive(Default)]
struct ColumnStats {
    values: u64,
    /// By category index: (values matched, a few masked examples, highest confidence).
    matched: Vec<(u64, Vec<String>, Confidence)>,
    /// By category index: matched values by their row's date role and date.
    dated: Vec<RowDates>,
}

impl ColumnStats {
    fn add_dates(&mut self, category: usize, role: DateRole, date: Date, count: u64) {
        if self.dated.len() <= category {
            self.dated.resize(category + 1, RowDates::default());
        }
        self.dated[category].add(role, date, count);
    }

    fn row_dates(&self, category: usize) -> RowDates {
        self.dated.get(category).cloned().unwrap_or_default()
    }

    /// Counts a matched value; `masked` is called only while examples are missing.
    fn add(&mut self, category: usize, masked: impl FnOnce() -> String, confidence: Confidence) {
        if self.matched.len() <= category {
            self.matched.resize(category + 1, (0, Vec::new(), Confidence::Low));
        }
        let (count, examples, highest) = &mut self.matched[category];
        *count += 1;
        *highest = (*highest).max(confidence);
        if examples.len() < EXAMPLES_PER_CATEGORY {
            let masked = masked();
            if !examples.contains(&masked) {
                examples.push(masked);
            }
        }
    }
}

/// Reads a structured input whole: a text-based format through its stream
/// (decompressed or transcoded as needed), a binary one from its file.
pub(super) fn run_whole(
    shared: &Shared,
    scratches: &mut Scratches,
    file: &Input,
    (format, codec): (Format, Option<Codec>),
    stream: &Stream,
) -> JobOutput {
    if format.is_binary() {
        return match codec {
            Some(_) => JobOutput::empty(JobStatus::Failed(
                "compressed Parquet and SQLite files are not read: decompress them first".into(),
            )),
            None => run_whole_binary(shared, scratches, file, format, stream),
        };
    }
    match super::open_input(file, codec, &shared.options.limits) {
        Ok(input) => run_cells(shared, scratches, file, (format, Bytes::Stream(input), Part::Whole), stream, file.size),
        Err(reason) => JobOutput::empty(JobStatus::Failed(reason)),
    }
}

/// Reads a binary format (Parquet, SQLite) whole, from its file.
pub(super) fn run_whole_binary(
    shared: &Shared,
    scratches: &mut Scratches,
    file: &Input,
    format: Format,
    stream: &Stream,
) -> JobOutput {
    if let (Format::Sqlite, crate::input::Origin::Object { object, .. }) = (format, &file.origin) {
        // SQLite reads a file: the object is downloaded to a private temporary one.
        let copy = match object.download() {
            Ok(copy) => copy,
            Err(reason) => return JobOutput::empty(JobStatus::Failed(reason)),
        };
        let bytes = Bytes::Random(Random::File(copy.path()));
        return run_cells(shared, scratches, file, (format, bytes, Part::Whole), stream, file.size);
    }
    let bytes = Bytes::Random(super::random_of(file));
    run_cells(shared, scratches, file, (format, bytes, Part::Whole), stream, file.size)
}

/// Reads a record batch a caller handed in.
pub(super) fn run_batch(
    shared: &Shared,
    scratches: &mut Scratches,
    file: &Input,
    (table, batch): (&Arc<str>, &arrow_array::RecordBatch),
    stream: &Stream,
) -> JobOutput {
    let reader = registry::reader(Format::Arrow).expect("the Arrow reader");
    run_reading(shared, scratches, file, (table.clone(), stream, true), file.size, |context, scan| {
        reader.read(Bytes::Batch(batch), Part::Whole, context, scan)
    })
}

/// Reads piece `piece` of an input its reader cuts (see [`source::reader`]).
/// The first job of the input to get here makes the plan if it is not made
/// yet; the others wait for it.
pub(super) fn run_piece(
    shared: &Shared,
    scratches: &mut Scratches,
    file: &Input,
    (format, piece, count, plan): (Format, usize, usize, usize),
    stream: &Stream,
) -> JobOutput {
    let reader = registry::reader(format).expect("pieces are of structured formats");
    let (detector, names_scratch) = (shared.detector, &mut scratches.names);
    let plan = shared.plans[plan].get_or_init(|| {
        let mut is_value = |cell: &[u8]| detector.recognizes(names_scratch, cell);
        let header = HeaderRule { mode: shared.options.header, is_value: &mut is_value };
        reader.plan(super::random_of(file), file.size, count, Planning { limits: &shared.options.limits, header })
    });
    let plan = match plan {
        Ok(plan) => plan,
        Err(reason) => {
            let mut output = JobOutput::empty(JobStatus::Failed(reason.clone()));
            // A plan that failed before the scan left one job, which looked at the whole input.
            output.bytes = if count == 1 { file.size } else { 0 };
            return output;
        }
    };
    if piece >= plan.starts.len() {
        // Fewer records than pieces: nothing left for this one.
        return JobOutput::empty(JobStatus::Read);
    }
    let (start, end) = plan.range(piece);
    // What the job counts as read: the first piece counts what comes before its first record too.
    let counted_from = if piece == 0 { 0 } else { start };
    let bytes_read = end.unwrap_or(file.size.max(start)) - counted_from;
    let bytes = if format.is_binary() {
        Bytes::Random(super::random_of(file))
    } else {
        let open = || -> std::io::Result<Box<dyn Read>> {
            let mut handle = File::open(file.path())?;
            handle.seek(std::io::SeekFrom::Start(start))?;
            Ok(match end {
                Some(end) => Box::new(handle.take(end - start)),
                None => Box::new(handle),
            })
        };
        match open() {
            Ok(input) => Bytes::Stream(input),
            Err(err) => return JobOutput::empty(JobStatus::Failed(io_reason(&err))),
        }
    };
    run_cells(shared, scratches, file, (format, bytes, Part::Piece { plan, index: piece }), stream, bytes_read)
}

/// Reads `part` of an input in `format` into a [`ValueScan`]: the one place
/// a structured read happens. `bytes_read` is what the job counts as read,
/// for progress and the summary.
pub(super) fn run_cells(
    shared: &Shared,
    scratches: &mut Scratches,
    file: &Input,
    (format, bytes, part): (Format, Bytes, Part),
    stream: &Stream,
    bytes_read: u64,
) -> JobOutput {
    let reader = registry::reader(format).expect("cells are read from structured formats");
    // From the displayed path, which the scan masked where the file's name
    // holds personal data: a stem cut at the first dot (`paul@exemple` of
    // `paul@exemple.ca.csv`) no longer looks like what it was part of.
    let table = table_name(Path::new(&file.display));
    let column_major = matches!(format, Format::Parquet | Format::Arrow);
    run_reading(shared, scratches, file, (table, stream, column_major), bytes_read, |context, scan| {
        reader.read(bytes, part, context, scan)
    })
}

/// Reads a live database table (see [`crate::input::database`]): its
/// values are cells like a dump's; what was read (rows, sampling) goes with
/// the job's output for the report.
pub(super) fn run_table(
    shared: &Shared,
    scratches: &mut Scratches,
    file: &Input,
    table: &crate::input::database::Table,
    stream: &Stream,
) -> JobOutput {
    let mut read = None;
    let mut output = run_reading(shared, scratches, file, (table_name(file.path()), stream, false), 0, |_, scan| {
        table
            .read(scan)
            .map(|done| read = Some(done))
            .map_err(|reason| format!("table {}: {reason}", table.info().qualified()))
    });
    if let Some(read) = read {
        output.bytes = read.bytes_read;
        output.table_read = Some(Box::new(read));
    }
    output
}

/// Runs `read` (a reader handing cells to a [`ValueScan`]) and collects what
/// it found: the one place a structured read happens.
fn run_reading(
    shared: &Shared,
    scratches: &mut Scratches,
    file: &Input,
    (table, stream, column_major): (Arc<str>, &Stream, bool),
    bytes_read: u64,
    read: impl FnOnce(Context, &mut dyn Cells) -> Result<(), String>,
) -> JobOutput {
    let (detector, names_scratch) = (shared.detector, &mut scratches.names);
    let mut is_value = |cell: &[u8]| detector.recognizes(names_scratch, cell);
    let context = Context {
        table: &table,
        limits: &shared.options.limits,
        header: HeaderRule { mode: shared.options.header, is_value: &mut is_value },
    };
    let mut scan = ValueScan {
        shared,
        scratch: &mut scratches.values,
        stream,
        collector: Collector::new(shared, file),
        columns: Columns::default(),
        issues: Vec::new(),
        batch: Vec::with_capacity(BATCH_BYTES + 4096),
        cells: Vec::new(),
        raws: Vec::new(),
        stem: table.clone(),
        dating: RowDating::new(column_major),
    };
    let failure = read(context, &mut scan).err();
    scan.process();
    let ValueScan { dating, columns, .. } = &mut scan;
    dating.join(columns, None);
    let ValueScan { collector, columns, issues, .. } = scan;
    // Bytes read: the file, as for text (values are fewer bytes than their file).
    let mut output = collector.finish(bytes_read);
    output.issues = issues;
    if let Some(reason) = failure {
        // Nothing read at all is a failed file; a partial read is an issue.
        if output.counts.total() == 0 && columns.all.is_empty() {
            output.status = JobStatus::Failed(reason);
        } else {
            output.issues.push(reason);
        }
    }
    output.columns = profiles(shared, file, columns);
    output
}

/// The column profiles of a job: every column's value count (under an empty
/// category: the file's other jobs may be where its matches are), then one
/// profile per category matched.
fn profiles(shared: &Shared, file: &Input, columns: Columns) -> Vec<ColumnProfile> {
    let rules = shared.detector.rules();
    let mut all = columns.all;
    all.sort_by(|a, b| (&a.shown_table, &a.shown_field).cmp(&(&b.shown_table, &b.shown_field)));
    let mut profiles = Vec::new();
    for column in all {
        let profile = |category: String, matched: u64, confidence, examples, row_dates| ColumnProfile {
            path: file.display.clone(),
            table: column.shown_table.to_string(),
            field: column.shown_field.to_string(),
            category,
            values: column.stats.values,
            matched,
            ratio: matched as f64 / column.stats.values.max(1) as f64,
            confidence,
            examples,
            row_dates,
        };
        let mut all_values = profile(String::new(), 0, Confidence::Low, Vec::new(), RowDates::default());
        all_values.ratio = 0.0;
        profiles.push(all_values);
        for (category, (matched, examples, confidence)) in column.stats.matched.iter().enumerate() {
            if *matched > 0 {
                profiles.push(profile(
                    rules.categories[category].name.clone(),
                    *matched,
                    *confidence,
                    examples.clone(),
                    column.stats.row_dates(category),
                ));
            }
        }
    }
    profiles
}

/// The state of one job reading values: what the reader hands to.
struct ValueScan<'s, 'a, 'w> {
    shared: &'s Shared<'a>,
    scratch: &'w mut crate::detect::Scratch,
    stream: &'s Stream<'s>,
    collector: Collector<'s, 'a>,
    columns: Columns,
    issues: Vec<String>,
    /// Values separated by newlines, searched in one pass.
    batch: Vec<u8>,
    cells: Vec<BatchCell>,
    /// Raw bytes of the batch's escaped values.
    raws: Vec<u8>,
    /// The file's stem: a table named after it (CSV, JSON) is the path's name,
    /// reported with the path rather than again as a table.
    stem: Arc<str>,
    /// Matched values and dated cells, to count values by their rows' dates.
    dating: RowDating,
}

impl Cells for ValueScan<'_, '_, '_> {
    fn more(&self, row: u64) -> bool {
        self.shared.options.sample_rows.is_none_or(|limit| row < limit)
    }

    fn cell(&mut self, cell: Cell) {
        // Single-table readers stop at the limit; a dump's other tables still get theirs.
        if self.shared.options.sample_rows.is_some_and(|limit| cell.row >= limit) {
            return;
        }
        let column = self.column_of(cell.table, cell.field, cell.row);
        self.columns.all[column].stats.values += 1;
        if self.columns.all[column].date_role.is_some() {
            self.dating.stamp(column, cell.row, cell.bytes);
        }
        let begin = self.batch.len();
        self.batch.extend_from_slice(cell.bytes);
        let at = match cell.at {
            ValueAt::Text { start, line, column, raw } => {
                let escaped = match raw {
                    Raw::Verbatim => None,
                    Raw::Escaped(bytes, escaping) => {
                        let from = self.raws.len();
                        self.raws.extend_from_slice(bytes);
                        Some((from..self.raws.len(), escaping))
                    }
                };
                BatchAt::Text { start, line, column, escaped }
            }
            ValueAt::Binary => BatchAt::Binary,
        };
        self.cells.push(BatchCell { column, row: cell.row, begin, end: self.batch.len(), at });
        self.batch.push(b'\n');
        if self.batch.len() >= BATCH_BYTES {
            self.process();
        }
    }

    fn issue(&mut self, issue: ReadIssue) {
        self.issues.push(if issue.location.is_empty() {
            issue.reason
        } else {
            format!("{}: {}", issue.location, issue.reason)
        });
    }

    fn text(&mut self, part: TextPart) {
        // Findings stay in file order: what is batched goes first.
        self.process();
        let segment = super::collect::Segment {
            search_from: 0,
            owned: 0..part.bytes.len(),
            line: part.line,
            line_start: part.start + 1 - part.column,
        };
        super::collect::scan_segments(&mut self.collector, self.scratch, part.bytes, part.start, vec![segment]);
    }
}

impl ValueScan<'_, '_, '_> {
    /// The index of the column `table`.`field`, made (names guarded, a name
    /// holding personal data reported) the first time it is seen.
    fn column_of(&mut self, table: &Arc<str>, field: &Arc<str>, row: u64) -> usize {
        if let Some(index) = self.columns.find(table, field) {
            return index;
        }
        let detector = self.shared.detector;
        let known_table = self.columns.all.iter().find(|c| Arc::ptr_eq(&c.table, table)).map(|c| c.shown_table.clone());
        let shown_table = match known_table {
            Some(shown) => shown,
            None => {
                // The finding in the table's name names the column it was
                // first seen with: masked too, not yet reported (that is
                // the next step's).
                let masked_field = match crate::guard::guard(detector, self.scratch, field) {
                    Some(guarded) => Arc::from(guarded.text.as_str()),
                    None => field.clone(),
                };
                self.guard_name(table, (table, &masked_field, row), NameKind::Table)
            }
        };
        let shown_field = self.guard_name(field, (&shown_table, field, row), NameKind::Field);
        let index = self.columns.push(Column {
            table: table.clone(),
            field: field.clone(),
            shown_field,
            shown_table,
            evidence: detector.field_evidence(field),
            stats: ColumnStats::default(),
            date_role: if self.shared.options.date_rows { role_of(field) } else { None },
        });
        self.columns.next = index + 1;
        index
    }

    /// `name` as printed; what the detector finds in it is masked and
    /// reported (a table named after the file is reported with the path).
    fn guard_name(
        &mut self,
        name: &Arc<str>,
        (table, field, row): (&Arc<str>, &Arc<str>, u64),
        kind: NameKind,
    ) -> Arc<str> {
        let Some(guarded) = crate::guard::guard(self.shared.detector, self.scratch, name) else {
            return name.clone();
        };
        let shown: Arc<str> = Arc::from(guarded.text.as_str());
        if kind == NameKind::Table && **name == *self.stem {
            return shown;
        }
        let (shown_table, shown_field) = match kind {
            NameKind::Table => (shown.clone(), field.clone()),
            _ => (table.clone(), shown.clone()),
        };
        for name_match in guarded.matches {
            let place = Place {
                start: 0,
                end: 0,
                line: 0,
                column: 0,
                whole_line: None,
                record: Some((&shown_table, &shown_field, row)),
                in_name: Some(kind),
            };
            self.collector.consider(name_match.found, &name_match.value, place);
        }
        shown
    }

    /// Searches the batch, turns matches into findings at their own places,
    /// and counts them in their columns' profiles.
    fn process(&mut self) {
        if self.cells.is_empty() {
            return;
        }
        let shared = self.shared;
        let (batch, cells, raws, columns) = (&self.batch, &self.cells, &self.raws, &self.columns.all);
        let collector = &mut self.collector;
        // (cell, category, value's span in the batch, confidence)
        let mut kept: Vec<(usize, usize, (usize, usize), Confidence)> = Vec::new();
        let finder = CellFinder::new(cells);
        let cell_at = |position: usize| finder.at(position);
        // The categories this batch's column names give context to.
        let supported = cells.iter().fold(0, |bits, cell| bits | columns[cell.column].evidence.supported());
        shared.detector.find_in_fields(
            self.scratch,
            batch,
            0..batch.len(),
            supported,
            |position| cells.get(cell_at(position)).map(|cell| &columns[cell.column].evidence),
            |found| {
                let index = cell_at(found.start);
                let cell = &cells[index];
                let column = &columns[cell.column];
                let value = &batch[cell.begin..cell.end];
                let span = (found.start - cell.begin, found.end - cell.begin);
                let (start, end, line, column_number) = match &cell.at {
                    BatchAt::Text { start, line, column, escaped } => {
                        let raw = match escaped {
                            Some((range, escaping)) => Raw::Escaped(&raws[range.clone()], *escaping),
                            None => Raw::Verbatim,
                        };
                        let at = locate(value, *start, *line, *column, raw, span);
                        (at.start, at.end, at.line, at.column)
                    }
                    BatchAt::Binary => (0, 0, 0, 0),
                };
                let place = Place {
                    start,
                    end,
                    line,
                    column: column_number,
                    whole_line: None,
                    record: Some((&column.shown_table, &column.shown_field, cell.row)),
                    in_name: None,
                };
                let confidence = found.confidence;
                let matched = (found.start, found.end);
                let found_value = &batch[found.start..found.end];
                if let Some(category) = collector.consider(found, found_value, place) {
                    kept.push((index, category, matched, confidence));
                }
            },
        );
        // A column's value counts once per category however many matches it holds.
        kept.sort_by_key(|&(index, category, _, _)| (index, category));
        kept.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let categories = &shared.detector.rules().categories;
        let dated_table = self.columns.all.iter().any(|column| column.date_role.is_some());
        for (index, category, (start, end), confidence) in kept {
            let masked = || categories[category].mask.apply(&self.batch[start..end]);
            let cell = &self.cells[index];
            self.columns.all[cell.column].stats.add(category, masked, confidence);
            if shared.options.date_rows {
                self.dating.matched(cell.column, category, cell.row, dated_table);
            }
        }
        if !self.dating.column_major {
            let last = self.cells.last().map(|cell| (self.columns.table_of(cell.column), cell.row));
            self.dating.join(&mut self.columns, last);
        }
        self.batch.clear();
        self.cells.clear();
        self.raws.clear();
        self.collector.stream_if_large(self.stream);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_their_shared_names() {
        let names: Vec<Arc<str>> = ["t", "u", "email", "phone", "note", "id"].iter().map(|&n| Arc::from(n)).collect();
        let (t, u) = (&names[0], &names[1]);
        let pairs = [(t, &names[2]), (t, &names[3]), (t, &names[4]), (u, &names[5]), (u, &names[2])];
        let mut columns = Columns::default();
        for (table, field) in pairs {
            let shown = (table.clone(), field.clone());
            columns.push(Column {
                table: table.clone(),
                field: field.clone(),
                shown_table: shown.0,
                shown_field: shown.1,
                evidence: FieldEvidence::default(),
                stats: ColumnStats::default(),
                date_role: None,
            });
        }
        // Rows of one table, then the other's, empty values skipped, column-major runs, back again.
        let order = [0, 1, 2, 0, 1, 2, 0, 2, 3, 4, 3, 4, 4, 4, 1, 1, 0, 3, 2, 2, 4, 0];
        for index in order {
            let (table, field) = pairs[index];
            assert_eq!(columns.find(table, field), Some(index));
        }
        assert_eq!(columns.find(u, &names[3]), None, "a pair not seen");
        let same_text: Arc<str> = "email".into();
        assert_eq!(columns.find(t, &same_text), None, "names are compared by identity: one Arc per field");
    }

    #[test]
    fn a_column_keeps_a_few_distinct_examples() {
        let mut stats = ColumnStats::default();
        for (i, example) in ["a", "a", "b", "c", "d"].iter().enumerate() {
            let level = if i == 3 { Confidence::High } else { Confidence::Medium };
            stats.add(2, || example.to_string(), level);
        }
        let (matched, examples, highest) = &stats.matched[2];
        assert_eq!(
            (*matched, examples.as_slice(), *highest),
            (5, &["a".to_string(), "b".into(), "c".into()][..], Confidence::High)
        );
    }
}
