//! One record of a delimited stream at a time, with the place of every
//! field: `csv-core` for anything, and plain lines (most rows of an export)
//! split with `memchr` into what the parser would have made of them.

use std::io::{self, BufRead};

use crate::source::Start;

/// One record: decoded fields, and the raw bytes they were read from.
#[derive(Debug, Clone, Default)]
pub(super) struct Record {
    /// Decoded bytes of every field: packed one after the other as the
    /// parser writes them, or the record's line as it is (`verbatim`).
    pub(super) data: Vec<u8>,
    /// Start and end of each field in `data`.
    pub(super) starts: Vec<usize>,
    pub(super) ends: Vec<usize>,
    /// Whether `data` is the record's plain line as it is (see
    /// [`split_plain_line`]): one copy of the line, no field copied on its own.
    pub(super) verbatim: bool,
    /// Raw bytes consumed for this record; the record starts at `raw[lead]`.
    pub(super) raw: Vec<u8>,
    pub(super) lead: usize,
    /// File offset, 1-based line, and file offset of that line's start, of the
    /// record's first byte.
    pub(super) start: u64,
    pub(super) line: u64,
    pub(super) line_start: u64,
    /// Longer than `--max-record-size`: its bytes were dropped.
    pub(super) oversized: bool,
}

impl Record {
    pub(super) fn fields(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.starts.iter().zip(&self.ends).map(|(&start, &end)| &self.data[start..end])
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// A blank record (one empty field): skipped, as the csv crate does.
    pub(super) fn is_blank(&self) -> bool {
        self.ends.len() == 1 && self.ends[0] == 0
    }
}

/// Records of a delimited stream, with their places.
pub(super) struct RecordReader<R> {
    /// Always there; taken only when the reader is dropped (see [`parser`]).
    core: Option<csv_core::Reader>,
    input: R,
    delimiter: u8,
    /// File offset of the next byte to read, its line, and that line's start.
    pub(super) offset: u64,
    pub(super) line: u64,
    line_start: u64,
    pub(super) max_record: usize,
    /// Whether `core` has read (see [`RecordReader::plain_line`]).
    parsed: bool,
    /// Whether plain lines are split without the parser (false only in the
    /// test that compares the two).
    plain_lines: bool,
}

impl<R: BufRead> RecordReader<R> {
    pub(super) fn new(input: R, delimiter: u8, start: Start, line_start: u64, max_record: usize) -> Self {
        RecordReader {
            core: Some(parser(delimiter)),
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
    pub(super) fn next(&mut self, record: &mut Record) -> io::Result<bool> {
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
        if !split_plain_line(content, self.delimiter, record) {
            return Ok(false);
        }
        // The lead's blank lines, then the line's own newline unless a
        // carriage return ended it (and left the newline as the next lead).
        let own_newline = (end > newline).then_some(newline);
        for newline in memchr::memchr_iter(b'\n', &input[..lead]).chain(own_newline) {
            self.line += 1;
            self.line_start = self.offset + newline as u64 + 1;
        }
        let consumed = &input[..end];
        record.raw.extend_from_slice(consumed);
        self.offset += consumed.len() as u64;
        self.input.consume(end);
        Ok(true)
    }

    /// Reads the next record with `csv-core`; false at the end of the input.
    fn parsed_record(&mut self, record: &mut Record) -> io::Result<bool> {
        self.parsed = true;
        record.verbatim = false;
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
            let core = self.core.as_mut().expect("taken only on drop");
            let (result, nin, nout, nend) =
                core.read_record(input, &mut record.data[outlen..], &mut record.ends[endlen..]);
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
        // An oversized record's bytes were dropped: it has no fields to read.
        record.ends.truncate(if record.oversized { 0 } else { endlen });
        record.starts.clear();
        let mut from = 0;
        for &end in &record.ends {
            record.starts.push(from);
            from = end;
        }
        Ok(true)
    }

    /// Where each field of `record` is: its raw start in `record.raw`, line,
    /// column, and whether it was quoted with doubled quotes inside.
    pub(super) fn places(&self, record: &Record, places: &mut Vec<FieldPlace>) {
        let raw = &record.raw;
        places.clear();
        if record.verbatim {
            // The line as it is: a field's place is its offset in it.
            let column = record.start - record.line_start + 1;
            places.extend(record.starts.iter().map(|&offset| {
                let offset = offset as u64;
                FieldPlace { start: record.start + offset, line: record.line, column: column + offset, escaped: None }
            }));
            return;
        }
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

thread_local! {
    /// Parsers of finished reads, reset, by delimiter (see [`parser`]).
    static SPARE_PARSERS: std::cell::RefCell<Vec<(u8, csv_core::Reader)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A fresh `csv_core` parser for `delimiter`. Building one makes its
/// transition table (about 270,000 instructions, as much as splitting 200
/// plain rows, and a scan meets many small files), so each thread keeps the
/// parsers of finished reads, reset, for the next ones. Not cloned: csv-core
/// 0.1's `Clone` for the table keeps only its transitions.
fn parser(delimiter: u8) -> csv_core::Reader {
    let spare = SPARE_PARSERS.try_with(|spare| {
        let mut spare = spare.borrow_mut();
        let index = spare.iter().position(|(byte, _)| *byte == delimiter)?;
        Some(spare.swap_remove(index).1)
    });
    spare.ok().flatten().unwrap_or_else(|| csv_core::ReaderBuilder::new().delimiter(delimiter).build())
}

impl<R> Drop for RecordReader<R> {
    fn drop(&mut self) {
        if let Some(mut core) = self.core.take() {
            core.reset();
            // A thread being torn down keeps nothing.
            let _ = SPARE_PARSERS.try_with(|spare| {
                let mut spare = spare.borrow_mut();
                if spare.len() < 4 {
                    spare.push((self.delimiter, core));
                }
            });
        }
    }
}

/// Splits `line` (no newline) into `record`'s fields as `csv-core` would,
/// when it is plain: no carriage return, and every quote either inside an
/// unquoted field (kept as it is) or around a whole field with no quote
/// inside (`"Côté, J."`). Such a line holds its fields as they are, so it is
/// copied whole and each field is a range of it. False for anything else
/// (a doubled quote, a quoted field going on past its line or followed by
/// more than a delimiter), which the parser reads.
fn split_plain_line(line: &[u8], delimiter: u8, record: &mut Record) -> bool {
    let (starts, ends) = (&mut record.starts, &mut record.ends);
    starts.clear();
    ends.clear();
    match memchr::memchr2(b'"', b'\r', line).map(|at| line[at]) {
        Some(b'\r') => return false,
        Some(_) => {
            if memchr::memchr(b'\r', line).is_some() || !split_quoted_line(line, delimiter, starts, ends) {
                return false;
            }
        }
        None => {
            // No quote: fields run from one delimiter to the next.
            find_each(line, delimiter, ends);
            starts.push(0);
            starts.extend(ends.iter().map(|&delimiter_at| delimiter_at + 1));
            ends.push(line.len());
        }
    }
    // Grown, never shrunk: its length is where the parser starts writing records
    // (and so where it finds them over `--max-record-size`), as before plain lines.
    if record.data.len() < line.len() {
        record.data.resize(line.len(), 0);
    }
    record.data[..line.len()].copy_from_slice(line);
    record.verbatim = true;
    true
}

/// The fields of a plain `line` holding a quote (see [`split_plain_line`]);
/// false when it is not plain.
fn split_quoted_line(line: &[u8], delimiter: u8, starts: &mut Vec<usize>, ends: &mut Vec<usize>) -> bool {
    let mut at = 0;
    loop {
        let (start, end, next) = if line.get(at) == Some(&b'"') {
            let Some(close) = memchr::memchr(b'"', &line[at + 1..]).map(|offset| at + 1 + offset) else {
                return false;
            };
            match line.get(close + 1) {
                None => (at + 1, close, None),
                Some(&byte) if byte == delimiter => (at + 1, close, Some(close + 2)),
                Some(_) => return false,
            }
        } else {
            match memchr::memchr(delimiter, &line[at..]) {
                Some(offset) => (at, at + offset, Some(at + offset + 1)),
                None => (at, line.len(), None),
            }
        };
        starts.push(start);
        ends.push(end);
        match next {
            Some(next) => at = next,
            None => return true,
        }
    }
}

/// Pushes the position of every `byte` in `line` onto `found`, eight bytes
/// at a time: a row's fields are short (ten bytes or so), and a vector
/// search per field costs more in its setup than it saves.
fn find_each(line: &[u8], byte: u8, found: &mut Vec<usize>) {
    const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let pattern = u64::from_le_bytes([byte; 8]);
    let mut chunks = line.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ pattern;
        // The high bit of each byte of `word` that is zero (no carry crosses a byte).
        let mut zeros = !(((word & LOW_BITS) + LOW_BITS) | word | LOW_BITS);
        while zeros != 0 {
            found.push(base + zeros.trailing_zeros() as usize / 8);
            zeros &= zeros - 1;
        }
        base += 8;
    }
    for (offset, &candidate) in chunks.remainder().iter().enumerate() {
        if candidate == byte {
            found.push(base + offset);
        }
    }
}

/// Where one field's value starts.
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldPlace {
    pub(super) start: u64,
    pub(super) line: u64,
    pub(super) column: u64,
    /// The raw content's range in the record, for a quoted field with `""` inside.
    pub(super) escaped: Option<(usize, usize)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

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
                assert_eq!(record.fields().count(), 0, "an oversized record has no fields");
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
    fn every_delimiter_is_found_at_its_position() {
        for delimiter in [b',', b';', b'\t', 0x80, 0xff, 0] {
            for length in 0..40 {
                let line: Vec<u8> =
                    (0..length).map(|i| if i % 3 == 1 || i % 7 == 0 { delimiter } else { b'a' ^ (i as u8) }).collect();
                let mut found = Vec::new();
                find_each(&line, delimiter, &mut found);
                assert_eq!(found, memchr::memchr_iter(delimiter, &line).collect::<Vec<_>>(), "{delimiter} in {line:?}");
            }
        }
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
