//! CSV and TSV exports, read record by record with `csv-core` (quoted fields,
//! embedded delimiters and newlines, CRLF), so a file of any size is read in
//! bounded memory. A record that is one plain line (most rows of an export)
//! is split with `memchr` instead, into what the parser would have made of it;
//! a proptest holds the two to the same records and places.
//!
//! - The delimiter is sniffed from the first line when the extension does not
//!   say (`;` is common in Quebec exports, where `,` is the decimal separator).
//!   A UTF-8 byte order mark is skipped.
//! - The first row is a header only when it reads like names (see
//!   [`super::header`]); otherwise columns are `column_1`, `column_2`... and
//!   the first row is data. Ragged rows are reported and still scanned: extra
//!   fields are named `column_N`.
//! - Every value carries its own place: the raw bytes of each record are kept
//!   while it is read, and each field's start is found from the decoded
//!   lengths (a quoted field is its content plus two quotes plus one per `""`).
//!   So a value in a CRLF file, after a multi-line field, or on the second line
//!   of a quoted field is reported at its own line and column. A record with a
//!   stray quote (which the parser accepts leniently) gives its fields the
//!   record's start instead.
//! - A big file is read in pieces by several workers (`plan`): one pass of
//!   the same record reader notes where records start, with their line and
//!   row, and the header decision.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

mod record;

use record::{FieldPlace, Record, RecordReader};

use super::header::{self, HeaderRule, SAMPLE_ROWS};
use super::place::{Escaping, Raw, ValueAt};
use super::reader::{self, Bytes, Context, Part, Parts, Plan, Planning, Reader};
use super::{Cell, Cells, FieldNames, HeaderMode, Limits, ReadIssue, Start};

/// Delimited values (`Format::Csv`): the delimiter, or `None` to sniff it.
pub struct CsvReader {
    /// `,` `;` tab `|`, or sniffed from the first line.
    pub delimiter: Option<u8>,
}

/// A split CSV file's state: the delimiter and header every piece is read with.
struct CsvPlan {
    delimiter: u8,
    header: Option<Vec<Vec<u8>>>,
}

impl Reader for CsvReader {
    fn parts(&self, size: u64, limits: &Limits) -> Parts {
        reader::pieces_by_size(size, limits)
    }

    fn plan(&self, input: reader::Random, size: u64, pieces: usize, how: Planning) -> Result<Plan, String> {
        let reader::Random::File(path) = input else { return Err("only files are read in pieces".into()) };
        let file = File::open(path).map_err(|err| crate::error::io_reason(&err))?;
        plan(file, self.delimiter, how.header, size, pieces, how.limits).map_err(|err| crate::error::io_reason(&err))
    }

    fn read(&self, bytes: Bytes, part: Part, context: Context, out: &mut dyn Cells) -> Result<(), String> {
        let input = reader::stream(bytes)?;
        let result = match part {
            Part::Whole => read(
                input,
                self.delimiter,
                Header::FirstRow(context.header),
                Start::FILE,
                context.table,
                context.limits,
                out,
            ),
            Part::Piece { plan, index } => {
                let state: &CsvPlan = plan.state();
                let header = Header::Known(state.header.as_deref());
                read(input, Some(state.delimiter), header, plan.starts[index], context.table, context.limits, out)
            }
        };
        result.map_err(|err| crate::error::io_reason(&err))
    }
}

/// How the column names of a read are known.
pub enum Header<'h> {
    /// From the start of the file: judge the first record.
    FirstRow(HeaderRule<'h>),
    /// A later piece of a split file: the plan's decision (`None`: no header).
    Known(Option<&'h [Vec<u8>]>),
}

/// Reads `reader` (positioned at `start`) as delimited values and hands each
/// non-empty value to `out`, until `out` wants no more rows.
pub fn read(
    reader: impl Read,
    delimiter: Option<u8>,
    header: Header,
    start: Start,
    table: &Arc<str>,
    limits: &Limits,
    out: &mut dyn Cells,
) -> io::Result<()> {
    let mut buffered = BufReader::with_capacity(1 << 16, reader);
    let head = buffered.fill_buf()?;
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(head));
    let mut begin = start;
    if start.byte == 0 && head.starts_with(b"\xEF\xBB\xBF") {
        buffered.consume(3);
        begin.byte = 3;
    }
    let mut records = RecordReader::new(buffered, delimiter, begin, start.byte, limits.max_record);
    let mut names = FieldNames::default();
    let mut state = Emitter { table, names: Vec::new(), row: start.row, places: Vec::new() };
    let mut pending: Vec<Record> = Vec::new();
    match header {
        Header::Known(header) => state.names = header_names(header, &mut names),
        Header::FirstRow(rule) => {
            let mut record = Record::default();
            while pending.len() <= SAMPLE_ROWS && next_data_record(&mut records, &mut record)? {
                pending.push(record.clone());
            }
            if first_is_header(&pending, rule) {
                let first: Vec<Vec<u8>> = pending[0].fields().map(<[u8]>::to_vec).collect();
                state.names = header_names(Some(&first), &mut names);
                pending.remove(0);
            }
        }
    }
    for record in &pending {
        if !state.emit(&records, record, &mut names, out) {
            return Ok(());
        }
    }
    let mut record = pending.pop().unwrap_or_default();
    while next_data_record(&mut records, &mut record)? {
        if !state.emit(&records, &record, &mut names, out) {
            break;
        }
    }
    Ok(())
}

/// Whether the first of `sample` (the file's first records) is its header.
fn first_is_header(sample: &[Record], rule: HeaderRule) -> bool {
    let Some(first) = sample.first().filter(|first| !first.oversized) else { return false };
    match rule.mode {
        HeaderMode::Yes => true,
        HeaderMode::No => false,
        HeaderMode::Auto => {
            let body: Vec<Vec<&[u8]>> =
                sample[1..].iter().filter(|r| !r.oversized).map(|r| r.fields().collect()).collect();
            header::is_header(&first.fields().collect::<Vec<_>>(), &body, rule.is_value)
        }
    }
}

/// The next record that is not blank (an oversized one is a row without values).
fn next_data_record<R: BufRead>(records: &mut RecordReader<R>, record: &mut Record) -> io::Result<bool> {
    loop {
        if !records.next(record)? {
            return Ok(false);
        }
        if record.oversized || !record.is_blank() {
            return Ok(true);
        }
    }
}

/// Hands out the values of data records.
struct Emitter<'t> {
    table: &'t Arc<str>,
    names: Vec<Arc<str>>,
    row: u64,
    /// The places of the record's fields (kept: one allocation per read, not per record).
    places: Vec<FieldPlace>,
}

impl Emitter<'_> {
    /// Hands out `record`'s values; false once `out` wants no more rows.
    fn emit<R: BufRead>(
        &mut self,
        records: &RecordReader<R>,
        record: &Record,
        names: &mut FieldNames,
        out: &mut dyn Cells,
    ) -> bool {
        if !out.more(self.row) {
            return false;
        }
        if record.oversized {
            out.issue(ReadIssue {
                location: format!("row {} (line {})", self.row, record.line),
                reason: format!("record longer than --max-record-size ({} bytes): not read", records.max_record),
            });
            self.row += 1;
            return true;
        }
        if !self.names.is_empty() && record.len() != self.names.len() {
            out.issue(ReadIssue {
                location: format!("row {} (line {})", self.row, record.line),
                reason: format!("{} fields where the header has {}; scanned anyway", record.len(), self.names.len()),
            });
        }
        let mut places = std::mem::take(&mut self.places);
        records.places(record, &mut places);
        for (index, (value, place)) in record.fields().zip(places.iter().copied()).enumerate() {
            if value.is_empty() {
                continue;
            }
            let unnamed;
            let field = match self.names.get(index) {
                Some(name) => name,
                None => {
                    unnamed = names.get(&format!("column_{}", index + 1));
                    &unnamed
                }
            };
            let raw = match place.escaped {
                Some((from, to)) => Raw::Escaped(&record.raw[from..to], Escaping::CsvQuoted),
                None => Raw::Verbatim,
            };
            let at = ValueAt::Text { start: place.start, line: place.line, column: place.column, raw };
            out.cell(Cell { table: self.table, field, row: self.row, bytes: value, at });
        }
        self.places = places;
        self.row += 1;
        true
    }
}

/// Column names from a header record (none without one); an empty name becomes `column_N`.
fn header_names(header: Option<&[Vec<u8>]>, names: &mut FieldNames) -> Vec<Arc<str>> {
    header
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = super::decode_name(name);
            let name = name.trim();
            if name.is_empty() {
                names.get(&format!("column_{}", i + 1))
            } else {
                names.get(name)
            }
        })
        .collect()
}

/// Plans `pieces` pieces of a delimited file of about `size` bytes, as
/// [`read`] would read it (same BOM, delimiter, quoting and header decision).
fn plan(
    file: File,
    delimiter: Option<u8>,
    rule: HeaderRule,
    size: u64,
    pieces: usize,
    limits: &Limits,
) -> io::Result<Plan> {
    let mut buffered = BufReader::with_capacity(1 << 16, file);
    let head = buffered.fill_buf()?;
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(head));
    let mut begin = Start::FILE;
    if head.starts_with(b"\xEF\xBB\xBF") {
        buffered.consume(3);
        begin.byte = 3;
    }
    let mut records = RecordReader::new(buffered, delimiter, begin, 0, limits.max_record);
    let mut sample: Vec<Record> = Vec::new();
    let mut record = Record::default();
    while sample.len() <= SAMPLE_ROWS && next_data_record(&mut records, &mut record)? {
        sample.push(record.clone());
    }
    let mut header = None;
    if first_is_header(&sample, rule) {
        header = Some(sample[0].fields().map(<[u8]>::to_vec).collect());
        sample.remove(0);
    }
    // The first piece starts at the first data row, as every other one does:
    // they are all read with the plan's header.
    let first = match (&header, sample.first()) {
        (None, _) => Start::FILE,
        (Some(_), Some(record)) => Start { byte: record.start, line: record.line, row: 0 },
        (Some(_), None) => Start { byte: records.offset, line: records.line, row: 0 },
    };
    let mut starts = vec![first];
    let mut row = 0u64;
    let nominal = |index: usize| size / pieces as u64 * index as u64;
    let note = |record: &Record, row: u64, starts: &mut Vec<Start>| {
        if starts.len() < pieces && record.start >= nominal(starts.len()) {
            starts.push(Start { byte: record.start, line: record.line, row });
        }
    };
    for record in &sample {
        note(record, row, &mut starts);
        row += 1;
    }
    while next_data_record(&mut records, &mut record)? {
        note(&record, row, &mut starts);
        row += 1;
    }
    Ok(Plan { starts, state: Box::new(CsvPlan { delimiter, header }) })
}

/// The delimiter of the first line: the most frequent of `,` `;` tab `|` outside quotes.
pub(crate) fn sniff_delimiter(start: &[u8]) -> u8 {
    let line = &start[..memchr::memchr(b'\n', start).unwrap_or(start.len())];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &byte in line {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            b'|' if !quoted => counts[3] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t', b'|'];
    let best = (0..4).max_by_key(|&i| (counts[i], usize::MAX - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_support::{Collected, Seen};

    fn read_all(input: &[u8], mode: HeaderMode) -> Collected {
        let table: Arc<str> = Arc::from("t");
        let mut collected = Collected::default();
        let mut is_value = |cell: &[u8]| cell.contains(&b'@');
        let header = Header::FirstRow(HeaderRule { mode, is_value: &mut is_value });
        read(input, None, header, Start::FILE, &table, &Default::default(), &mut collected).unwrap();
        collected
    }

    /// (field, value, row, line, column), and that `start` points at the value in `input`.
    fn places(input: &[u8], mode: HeaderMode) -> Vec<(String, String, u64, u64, u64)> {
        let collected = read_all(input, mode);
        collected.cells.iter().map(|seen| seen.checked_against(input)).collect()
    }

    #[test]
    fn quoted_fields_multiline_and_semicolons() {
        let input = "\u{feff}nom;courriel;note\n\"Côté; J.\";a@b.ca;\"deux\nlignes\"\nX;c@d.ca;\n".as_bytes();
        let collected = read_all(input, HeaderMode::Auto);
        assert!(collected.issues.is_empty());
        let seen = places(input, HeaderMode::Auto);
        assert_eq!(seen[0], ("nom".into(), "Côté; J.".into(), 0, 2, 2));
        assert_eq!(seen[2], ("note".into(), "deux\nlignes".into(), 0, 2, 22));
        assert_eq!((seen[3].0.as_str(), seen[3].2, seen[3].3), ("nom", 1, 4), "a multi-line field is one row");
        assert_eq!(seen.len(), 5, "empty values are skipped");
    }

    #[test]
    fn crlf_values_are_on_their_own_line() {
        let input = b"name,email\r\nA,a@exemple.ca\r\nB,b@exemple.ca\r\n";
        let seen = places(input, HeaderMode::Auto);
        assert_eq!(seen[1], ("email".into(), "a@exemple.ca".into(), 0, 2, 3));
        assert_eq!(seen[3], ("email".into(), "b@exemple.ca".into(), 1, 3, 3));
    }

    #[test]
    fn doubled_quotes_keep_exact_offsets() {
        let input = b"id,note\n1,\"he said \"\"hi\"\"\nthen a@b.ca\"\n2,x@y.ca\n";
        let collected = read_all(input, HeaderMode::Auto);
        let note = &collected.cells[1];
        assert_eq!(note.value, "he said \"hi\"\nthen a@b.ca");
        let span = note.locate("a@b.ca");
        assert_eq!(&input[span.start as usize..span.end as usize], b"a@b.ca");
        assert_eq!((span.line, span.column), (3, 6));
        assert_eq!(places(input, HeaderMode::Auto)[3], ("note".into(), "x@y.ca".into(), 1, 4, 3));
    }

    #[test]
    fn headerless_exports_keep_their_first_row() {
        let input = b"130 692 544,jean@exemple.ca,418-549-6754\n046 454 286,marie@exemple.ca,514-555-0199\n";
        let seen = places(input, HeaderMode::Auto);
        assert_eq!(seen.len(), 6, "both rows are data");
        assert_eq!(seen[1], ("column_2".into(), "jean@exemple.ca".into(), 0, 1, 13));
        assert_eq!(seen[3].0, "column_1");
        let forced = places(b"a,b\n1,2\n", HeaderMode::No);
        assert_eq!(forced[0], ("column_1".into(), "a".into(), 0, 1, 1));
        let named = places(b"1,2\n3,4\n", HeaderMode::Yes);
        assert_eq!(named[0], ("1".into(), "3".into(), 0, 2, 1));
    }

    #[test]
    fn latin1_header_names_read_as_text() {
        let seen = places(b"T\xe9l\xe9phone,nom\n4185496754,A\n", HeaderMode::Auto);
        assert_eq!(seen[0].0, "Téléphone");
    }

    #[test]
    fn ragged_rows_are_reported_and_scanned() {
        let collected = read_all(b"a,b\n1,2\n3,4,5\n6\n", HeaderMode::Auto);
        assert_eq!(collected.issues.len(), 2);
        assert_eq!(collected.issues[0].location, "row 1 (line 3)");
        assert!(collected.cells.iter().any(|c: &Seen| c.field == "column_3" && c.value == "5"));
    }

    #[test]
    fn oversized_records_are_skipped_and_the_rest_read() {
        let table: Arc<str> = Arc::from("t");
        let mut collected = Collected::default();
        let limits = crate::source::Limits { max_record: 2048, ..Default::default() };
        let big = "x".repeat(5000);
        let input = format!("a,b\n1,{big}\n2,c@d.ca\n");
        let header = Header::FirstRow(HeaderRule { mode: HeaderMode::Auto, is_value: &mut |_| false });
        read(input.as_bytes(), None, header, Start::FILE, &table, &limits, &mut collected).unwrap();
        assert_eq!(collected.issues[0].location, "row 0 (line 2)");
        let seen: Vec<_> = collected.cells.iter().map(|c| c.checked_against(input.as_bytes())).collect();
        assert_eq!(seen.last().unwrap(), &("b".into(), "c@d.ca".into(), 1, 3, 3));
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"x,y\";z;w\n"), b';');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }

    #[test]
    fn pieces_start_on_records_even_inside_quoted_newlines() {
        use std::io::{Seek, Write};
        let mut content = b"\xEF\xBB\xBFname,notes\r\n".to_vec();
        for i in 0..40 {
            content.extend_from_slice(format!("n{i},\"line one\nline two, {i}\"\r\n").as_bytes());
        }
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&content).unwrap();
        file.rewind().unwrap();
        let header = HeaderRule { mode: HeaderMode::Auto, is_value: &mut |_| false };
        let plan = plan(file, None, header, content.len() as u64, 4, &Default::default()).unwrap();
        assert_eq!(plan.state::<CsvPlan>().header, Some(vec![b"name".to_vec(), b"notes".to_vec()]));
        assert_eq!(plan.starts.len(), 4);
        for start in &plan.starts[1..] {
            let at = start.byte as usize;
            assert!(content[at..].starts_with(format!("n{},", start.row).as_bytes()), "{start:?}");
            assert_eq!(start.line, 2 + 2 * start.row, "two lines per record after the header");
        }
    }
}
