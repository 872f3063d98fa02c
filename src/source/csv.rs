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

/// One record: decoded fields, and the raw bytes they were read from.
#[derive(Debug, Clone, Default)]
struct Record {
    /// Decoded bytes of every field, one after the other.
    data: Vec<u8>,
    /// End of each field in `data`.
    ends: Vec<usize>,
    /// Raw bytes consumed for this record; the record starts at `raw[lead]`.
    raw: Vec<u8>,
    lead: usize,
    /// File offset, 1-based line, and file offset of that line's start, of the
    /// record's first byte.
    start: u64,
    line: u64,
    line_start: u64,
    /// Longer than `--max-record-size`: its bytes were dropped.
    oversized: bool,
}

impl Record {
    fn fields(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let mut from = 0;
        self.ends.iter().map(move |&end| {
            let field = &self.data[from..end];
            from = end;
            field
        })
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// A blank record (one empty field): skipped, as the csv crate does.
    fn is_blank(&self) -> bool {
        self.ends.len() == 1 && self.ends[0] == 0
    }
}

/// Records of a delimited stream, with their places.
struct RecordReader<R> {
    core: csv_core::Reader,
    input: R,
    delimiter: u8,
    /// File offset of the next byte to read, its line, and that line's start.
    offset: u64,
    line: u64,
    line_start: u64,
    max_record: usize,
    /// Whether `core` has read (see [`RecordReader::plain_line`]).
    parsed: bool,
    /// Whether plain lines are split without the parser (false only in the
    /// test that compares the two).
    plain_lines: bool,
}

impl<R: BufRead> RecordReader<R> {
    fn new(input: R, delimiter: u8, start: Start, line_start: u64, max_record: usize) -> Self {
        let core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        RecordReader {
            core,
            input,
            delimiter,
            offset: start.byte,
            line: start.line,
            line_start,
            max_record,
            parsed: false,
            plain_lines: true,
        }
    }

    /// Reads the next record into `record`; false at the end of the input.
    fn next(&mut self, record: &mut Record) -> io::Result<bool> {
        record.raw.clear();
        record.oversized = false;
        let (offset, line, line_start) = (self.offset, self.line, self.line_start);
        if !self.plain_line(record)? && !self.parsed_record(record)? {
            return Ok(false);
        }
        // Terminators left from the previous record (the `\n` of a CRLF) and
        // blank lines come first: the record starts after them.
        let lead = record.raw.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        let leading = &record.raw[..lead];
        record.lead = lead;
        record.start = offset + lead as u64;
        record.line = line + memchr::memchr_iter(b'\n', leading).count() as u64;
        record.line_start = match memchr::memrchr(b'\n', leading) {
            Some(last) => offset + last as u64 + 1,
            None => line_start,
        };
        Ok(true)
    }

    /// Reads the next record as `csv-core` would when it is one plain line
    /// already in the buffer (see [`split_plain_line`]), no longer than
    /// `--max-record-size`: found with `memchr`, several times faster than
    /// the parser's byte-by-byte state machine, and most rows of an export
    /// are such lines. False, having read nothing: anything else, for the parser.
    fn plain_line(&mut self, record: &mut Record) -> io::Result<bool> {
        // Only once the parser has read: its first read skips a byte order mark.
        if !self.plain_lines || !self.parsed || matches!(self.delimiter, b'"' | b'\r' | b'\n') {
            return Ok(false);
        }
        let input = self.input.fill_buf()?;
        let lead = input.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        let Some(newline) = memchr::memchr(b'\n', &input[lead..]).map(|at| lead + at) else { return Ok(false) };
        // After a carriage return the parser ends the record and leaves the
        // newline to the next one (as its lead): so does this.
        let (content, end) = match &input[lead..newline] {
            [rest @ .., b'\r'] => (rest, newline),
            line => (line, newline + 1),
        };
        if content.is_empty() || content.len() > self.max_record {
            return Ok(false);
        }
        if record.data.len() < content.len() {
            record.data.resize(content.len(), 0);
        }
        if !split_plain_line(content, self.delimiter, &mut record.data, &mut record.ends) {
            return Ok(false);
        }
        let consumed = &input[..end];
        for newline in memchr::memchr_iter(b'\n', consumed) {
            self.line += 1;
            self.line_start = self.offset + newline as u64 + 1;
        }
        record.raw.extend_from_slice(consumed);
        self.offset += consumed.len() as u64;
        self.input.consume(end);
        Ok(true)
    }

    /// Reads the next record with `csv-core`; false at the end of the input.
    fn parsed_record(&mut self, record: &mut Record) -> io::Result<bool> {
        self.parsed = true;
        if record.data.is_empty() {
            record.data.resize(1 << 10, 0);
        }
        if record.ends.is_empty() {
            record.ends.resize(64, 0);
        }
        record.ends.resize(record.ends.capacity(), 0);
        let (mut outlen, mut endlen) = (0usize, 0usize);
        loop {
            let input = self.input.fill_buf()?;
            let (result, nin, nout, nend) =
                self.core.read_record(input, &mut record.data[outlen..], &mut record.ends[endlen..]);
            let consumed = &input[..nin];
            for newline in memchr::memchr_iter(b'\n', consumed) {
                self.line += 1;
                self.line_start = self.offset + newline as u64 + 1;
            }
            if !record.oversized {
                record.raw.extend_from_slice(consumed);
            }
            self.offset += nin as u64;
            self.input.consume(nin);
            outlen += nout;
            endlen += nend;
            use csv_core::ReadRecordResult as Result;
            match result {
                Result::InputEmpty => {}
                Result::OutputFull if outlen >= self.max_record => {
                    // Keep parsing past it, without its bytes.
                    record.oversized = true;
                    record.raw.clear();
                    outlen = 0;
                }
                Result::OutputFull => record.data.resize(record.data.len() * 2, 0),
                Result::OutputEndsFull if record.oversized => endlen = 0,
                Result::OutputEndsFull => record.ends.resize(record.ends.len() * 2, 0),
                Result::Record => break,
                Result::End => return Ok(false),
            }
        }
        record.ends.truncate(endlen);
        Ok(true)
    }

    /// Where each field of `record` is: its raw start in `record.raw`, line,
    /// column, and whether it was quoted with doubled quotes inside.
    fn places(&self, record: &Record, places: &mut Vec<FieldPlace>) {
        let raw = &record.raw;
        places.clear();
        let (mut at, mut line, mut line_start) = (record.lead, record.line, record.line_start);
        let mut reliable = !record.oversized;
        for field in record.fields() {
            if !reliable {
                let column = record.start - record.line_start + 1;
                places.push(FieldPlace { start: record.start, line: record.line, column, escaped: None });
                continue;
            }
            let quoted = raw.get(at) == Some(&b'"');
            let content = at + usize::from(quoted);
            let quotes = if quoted { memchr::memchr_iter(b'"', field).count() } else { 0 };
            let length = field.len() + quotes;
            let start = record.start + (content - record.lead) as u64;
            places.push(FieldPlace {
                start,
                line,
                column: start - line_start + 1,
                escaped: (quotes > 0).then_some((content, content + length)),
            });
            if quoted {
                let body = &raw[content.min(raw.len())..(content + length).min(raw.len())];
                if let Some(last) = memchr::memrchr(b'\n', body) {
                    line += memchr::memchr_iter(b'\n', body).count() as u64;
                    line_start = record.start + (content + last + 1 - record.lead) as u64;
                }
            }
            let after = content + length + usize::from(quoted);
            reliable = (!quoted || raw.get(after - 1) == Some(&b'"'))
                && matches!(raw.get(after), Some(&b) if b == self.delimiter || b == b'\r' || b == b'\n')
                || after == raw.len();
            at = after + 1;
        }
    }
}

/// Splits `line` (no newline) into fields as `csv-core` would, into `data`
/// (at least as long as `line`) and `ends`, when it is plain: no carriage
/// return, and every quote either inside an unquoted field (kept as it is)
/// or around a whole field with no quote inside (`"Côté, J."`). False for
/// anything else (a doubled quote, a quoted field going on past its line or
/// followed by more than a delimiter), which the parser reads.
fn split_plain_line(line: &[u8], delimiter: u8, data: &mut [u8], ends: &mut Vec<usize>) -> bool {
    ends.clear();
    let (mut at, mut out) = (0, 0);
    match memchr::memchr2(b'"', b'\r', line).map(|at| line[at]) {
        Some(b'\r') => return false,
        Some(_) => {}
        None => {
            // No quote: one pass over the line finds every delimiter.
            for end in memchr::memchr_iter(delimiter, line).chain([line.len()]) {
                let field = &line[at..end];
                data[out..out + field.len()].copy_from_slice(field);
                out += field.len();
                ends.push(out);
                at = end + 1;
            }
            return true;
        }
    }
    if memchr::memchr(b'\r', line).is_some() {
        return false;
    }
    loop {
        let (field, next) = if line.get(at) == Some(&b'"') {
            let Some(close) = memchr::memchr(b'"', &line[at + 1..]).map(|offset| at + 1 + offset) else {
                return false;
            };
            match line.get(close + 1) {
                None => (&line[at + 1..close], None),
                Some(&byte) if byte == delimiter => (&line[at + 1..close], Some(close + 2)),
                Some(_) => return false,
            }
        } else {
            match memchr::memchr(delimiter, &line[at..]) {
                Some(offset) => (&line[at..at + offset], Some(at + offset + 1)),
                None => (&line[at..], None),
            }
        };
        data[out..out + field.len()].copy_from_slice(field);
        out += field.len();
        ends.push(out);
        match next {
            Some(next) => at = next,
            None => return true,
        }
    }
}

/// Where one field's value starts.
#[derive(Debug, Clone, Copy)]
struct FieldPlace {
    start: u64,
    line: u64,
    column: u64,
    /// The raw content's range in the record, for a quoted field with `""` inside.
    escaped: Option<(usize, usize)>,
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

    /// The plain-line path reads every record (its fields, raw bytes, place
    /// and every field's place) as the parser alone does, whatever the quotes,
    /// carriage returns, blank lines, buffer boundaries and record limit.
    fn records(input: &[u8], delimiter: u8, buffer: usize, max_record: usize, plain_lines: bool) -> Vec<String> {
        let buffered = BufReader::with_capacity(buffer, input);
        let mut reader = RecordReader::new(buffered, delimiter, Start::FILE, 0, max_record);
        reader.plain_lines = plain_lines;
        let mut record = Record::default();
        let mut seen = Vec::new();
        while reader.next(&mut record).unwrap() {
            let place = (record.start, record.line, record.line_start, record.lead, record.oversized);
            if record.oversized {
                seen.push(format!("oversized {place:?}")); // its bytes were dropped
                continue;
            }
            let fields: Vec<&[u8]> = record.fields().collect();
            let mut places = Vec::new();
            reader.places(&record, &mut places);
            seen.push(format!("{fields:?} {:?} {place:?} {places:?}", record.raw));
        }
        seen
    }

    #[test]
    fn a_plain_line_past_the_record_limit_is_oversized() {
        let mut input = b"x\n".to_vec();
        input.extend(std::iter::repeat_n(b'a', 1500));
        input.extend_from_slice(b"\ny\n");
        let seen = records(&input, b',', 4096, 1000, true);
        assert!(seen[1].starts_with("oversized"), "{seen:?}");
        assert_eq!(seen, records(&input, b',', 4096, 1000, false));
    }

    proptest::proptest! {
        #[test]
        fn plain_lines_read_as_the_parser_reads_them(
            input in proptest::collection::vec(proptest::sample::select(b"ab,;\"\r\n\xEF\xBB\xBF".to_vec()), 0..200),
            delimiter in proptest::sample::select(b",;".to_vec()),
            buffer in 1usize..40,
            max_record in 1usize..30,
        ) {
            proptest::prop_assert_eq!(
                records(&input, delimiter, buffer, max_record, true),
                records(&input, delimiter, buffer, max_record, false)
            );
        }

        /// Long lines, past the parser's first output buffer and the record limit.
        #[test]
        fn long_plain_lines_read_as_the_parser_reads_them(
            runs in proptest::collection::vec((proptest::sample::select(b"aaaab,\"\r\n\n\n".to_vec()), 1usize..700), 0..12),
            buffer in 1usize..5000,
            max_record in 1usize..3000,
        ) {
            let input: Vec<u8> = runs.iter().flat_map(|&(byte, count)| std::iter::repeat_n(byte, count)).collect();
            proptest::prop_assert_eq!(
                records(&input, b',', buffer, max_record, true),
                records(&input, b',', buffer, max_record, false)
            );
        }
    }
}
