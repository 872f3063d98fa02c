//! JSON: every string and number is a value, and its field is its path
//! (`contact.email`, `contact.phones[]`, `addresses[].postal_code`).
//!
//! - NDJSON is read line by line (bounded memory).
//! - A `.json` document whose top level is an array (the usual export shape)
//!   is streamed element by element: each element is a row, parsed on its
//!   own, so memory is bounded by the largest element. Any other document is
//!   parsed whole.
//! - Each value carries its own line, column and byte offsets ([`parser`]).
//! - A record that does not parse (a broken line, a cut element) is reported
//!   and searched as text: its values are found without their field names,
//!   at their own places, and nothing is found twice.

mod elements;
mod names;
pub mod parser;

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

use super::reader::{self, Bytes, Context, Part, Parts, Plan, Planning, Reader};
use super::{Cells, Limits, ReadIssue, Start, TextPart};

/// One JSON document per line (`Format::Ndjson`).
pub struct NdjsonReader;

impl Reader for NdjsonReader {
    fn parts(&self, size: u64, limits: &Limits) -> Parts {
        reader::pieces_by_size(size, limits)
    }

    fn plan(&self, input: reader::Random, size: u64, pieces: usize, _how: Planning) -> Result<Plan, String> {
        let reader::Random::File(path) = input else { return Err("only files are read in pieces".into()) };
        let file = std::fs::File::open(path).map_err(|err| crate::error::io_reason(&err))?;
        plan_lines(file, size, pieces).map(Plan::of_starts).map_err(|err| crate::error::io_reason(&err))
    }

    fn read(&self, bytes: Bytes, part: Part, context: Context, out: &mut dyn Cells) -> Result<(), String> {
        let start = match part {
            Part::Whole => Start::FILE,
            Part::Piece { plan, index } => plan.starts[index],
        };
        let input = reader::stream(bytes)?;
        read_lines(input, start, context.table, context.limits, out).map_err(|err| crate::error::io_reason(&err))
    }
}

/// A JSON document (`Format::Json`): a top-level array's elements are rows.
/// A big array is read in pieces that start at element boundaries, found by
/// a planning pass of the element splitter (strings and nesting followed, nothing parsed).
pub struct DocumentReader;

impl Reader for DocumentReader {
    fn parts(&self, size: u64, limits: &Limits) -> Parts {
        reader::pieces_by_size(size, limits)
    }

    fn plan(&self, input: reader::Random, size: u64, pieces: usize, _how: Planning) -> Result<Plan, String> {
        let reader::Random::File(path) = input else { return Err("only files are read in pieces".into()) };
        let file = std::fs::File::open(path).map_err(|err| crate::error::io_reason(&err))?;
        let (starts, line_starts) = plan_elements(file, size, pieces).map_err(|err| crate::error::io_reason(&err))?;
        Ok(Plan { starts, state: Box::new(line_starts) })
    }

    fn read(&self, bytes: Bytes, part: Part, context: Context, out: &mut dyn Cells) -> Result<(), String> {
        let piece = match part {
            Part::Whole => None,
            Part::Piece { plan, index } => Some(DocumentPiece {
                start: plan.starts[index],
                line_start: plan.state::<Vec<u64>>()[index],
                last: index + 1 == plan.starts.len(),
            }),
        };
        let input = reader::stream(bytes)?;
        read_document_piece(input, piece, context.table, context.limits, out)
            .map_err(|err| crate::error::io_reason(&err))
    }
}

/// Where a piece of a JSON array starts: at an element, on a line that starts at `line_start`.
#[derive(Debug, Clone, Copy)]
struct DocumentPiece {
    start: Start,
    line_start: u64,
    /// The array ends in this piece (where a missing `]` means truncation).
    last: bool,
}

/// Plans `pieces` pieces of a JSON document: each starts where an element of
/// the top-level array does (after the previous one and its separator), with
/// the line and row there; and the offset where that line starts, since a
/// compact array has many elements on one line. A document that is not an
/// array is one piece.
fn plan_elements(file: std::fs::File, size: u64, pieces: usize) -> io::Result<(Vec<Start>, Vec<u64>)> {
    let (mut starts, mut line_starts) = (vec![Start::FILE], vec![0]);
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut splitter = ElementSplitter::default();
    let mut element = Vec::new();
    let nominal = |index: usize| size / pieces as u64 * index as u64;
    let mut offset = 0u64;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() || splitter.whole || splitter.closed {
            break;
        }
        let length = buffer.len();
        let mut index = 0;
        while index < length {
            let chunk = &buffer[index..length.min(index + SIZE_CHECK_EVERY)];
            let (used, step) = splitter.feed(chunk, offset + index as u64, &mut element);
            index += used;
            element.clear();
            if let Step::Element { .. } = step {
                let byte = offset + index as u64;
                if !splitter.closed && starts.len() < pieces && byte >= nominal(starts.len()) {
                    let (line, line_start) = splitter.line();
                    starts.push(Start { byte, line, row: splitter.row });
                    line_starts.push(line_start);
                }
            }
            if splitter.whole || splitter.closed {
                break;
            }
        }
        reader.consume(length);
        offset += length as u64;
    }
    if splitter.whole {
        return Ok((vec![Start::FILE], vec![0]));
    }
    Ok((starts, line_starts))
}

/// Plans `pieces` pieces of an NDJSON file: pieces start after a newline; a
/// line is a row, empty or not, as [`read_lines`] counts them.
fn plan_lines(mut file: std::fs::File, size: u64, pieces: usize) -> io::Result<Vec<Start>> {
    let mut starts = vec![Start::FILE];
    let mut block = vec![0u8; 1 << 20];
    let (mut at, mut lines) = (0u64, 0u64);
    let nominal = |index: usize| size / pieces as u64 * index as u64;
    loop {
        let read = match file.read(&mut block) {
            Ok(0) => break,
            Ok(read) => read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        for newline in memchr::memchr_iter(b'\n', &block[..read]) {
            lines += 1;
            let byte = at + newline as u64 + 1;
            if starts.len() < pieces && byte >= nominal(starts.len()) {
                starts.push(Start { byte, line: lines + 1, row: lines });
            }
        }
        at += read as u64;
    }
    // A boundary at the very end would make an empty last piece: harmless, but pointless.
    starts.retain(|start| start.byte == 0 || start.byte < at);
    Ok(starts)
}
use elements::{ElementSplitter, Step};
use parser::{Origin, Pending};

/// The default nesting limit (`Limits::max_json_depth`); serde_json's own is 128 too.
#[cfg(test)]
const MAX_DEPTH: usize = 128;

/// Parses one record and hands out its values, or, if it does not parse,
/// reports it and hands it out as text.
struct RecordReader<'t> {
    table: &'t Arc<str>,
    pending: Pending,
    max_depth: usize,
    max_record: usize,
}

/// An element read by [`RecordReader::read_front`]: its row, and the index after it in the buffer.
struct FrontRow {
    index: u64,
    end: usize,
}

impl<'t> RecordReader<'t> {
    fn new(table: &'t Arc<str>, limits: &super::Limits) -> Self {
        RecordReader {
            table,
            pending: Pending::default(),
            max_depth: limits.max_json_depth,
            max_record: limits.max_record,
        }
    }

    /// Reads the element of a top-level array at the front of `buffer` (the
    /// first byte at file offset `offset`), an object or an array, straight
    /// from the buffer, if it parses there whole and is within
    /// `--max-record-size`; says which row it was and where it ended. Else
    /// reads nothing: the splitter follows that element and [`Self::read`] reports it.
    fn read_front(
        &mut self,
        buffer: &[u8],
        offset: u64,
        splitter: &mut ElementSplitter,
        out: &mut dyn Cells,
    ) -> Option<FrontRow> {
        if !matches!(buffer.first(), Some(b'{' | b'[')) {
            return None;
        }
        let origin = splitter.here(offset);
        let front = parser::parse_front(buffer, origin, self.max_depth, &mut self.pending)?;
        if front.end > self.max_record {
            return None;
        }
        let index = splitter.row;
        self.pending.hand_out(&buffer[..front.end], self.table, index, out);
        splitter.took_element(origin, front.line, front.line_start);
        Some(FrontRow { index, end: front.end })
    }

    /// Reads one line of NDJSON (its 0-based `index`), which starts at file
    /// offset `line_start`; `cut` if it was longer than `--max-record-size`.
    fn read_line(&mut self, line: &[u8], line_start: u64, index: u64, cut: bool, out: &mut dyn Cells) {
        if cut {
            out.issue(ReadIssue {
                location: format!("line {}", index + 1),
                reason: format!("longer than --max-record-size ({} bytes): not read", self.max_record),
            });
            return;
        }
        let leading = line.len() - line.trim_ascii_start().len();
        let text = line.trim_ascii();
        if !text.is_empty() {
            let origin = Origin { offset: line_start + leading as u64, line: index + 1, line_start };
            self.read(text, origin, index, &format!("line {}", index + 1), out);
        }
    }

    /// `location` names the record, with `{line}` for the line of a syntax error.
    fn read(&mut self, bytes: &[u8], origin: Origin, row: u64, location: &str, out: &mut dyn Cells) {
        match parser::parse_record(bytes, origin, self.max_depth, &mut self.pending) {
            Ok(()) => self.pending.hand_out(bytes, self.table, row, out),
            Err(error) => {
                out.issue(ReadIssue {
                    location: location.replace("{line}", &error.line.to_string()),
                    reason: format!("invalid JSON: {}; searched as text", error.reason),
                });
                let column = origin.column();
                out.text(TextPart { bytes, start: origin.offset, line: origin.line, column });
            }
        }
    }
}

/// Reads NDJSON from `start` (a line start): one record per line; the row is
/// the 0-based line index.
pub fn read_lines(
    reader: impl Read,
    start: Start,
    table: &Arc<str>,
    limits: &Limits,
    out: &mut dyn Cells,
) -> io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut records = RecordReader::new(table, limits);
    let mut line = Vec::new();
    let mut offset = start.byte;
    let mut index = start.row;
    loop {
        if !out.more(index) {
            break;
        }
        // A line whole in the read buffer is read from there; one cut by the buffer's end is copied out.
        let buffer = loop {
            match reader.fill_buf() {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        let whole = memchr::memchr(b'\n', buffer).map(|newline| newline + 1).filter(|&read| read <= limits.max_record);
        let read = match whole {
            Some(read) => {
                records.read_line(&buffer[..read], offset, index, false, out);
                reader.consume(read);
                read
            }
            None => {
                line.clear();
                let (read, cut) = super::read_line_bounded(&mut reader, &mut line, limits.max_record)?;
                if read == 0 {
                    break;
                }
                records.read_line(&line, offset, index, cut, out);
                read
            }
        };
        offset += read as u64;
        index += 1;
    }
    Ok(())
}

/// How many bytes the element splitter is fed at a time: an element over
/// `--max-record-size` is dropped once it is found to be, and holds at most this much more.
const SIZE_CHECK_EVERY: usize = 4096;

/// A JSON document that is not a top-level array is parsed whole, up to this size.
const MAX_WHOLE_DOCUMENT: usize = 256 << 20;

/// Reads a JSON document. A top-level array's elements are rows (row = index);
/// any other document is row 0.
pub fn read_document(reader: impl Read, table: &Arc<str>, limits: &Limits, out: &mut dyn Cells) -> io::Result<()> {
    read_document_piece(reader, None, table, limits, out)
}

/// Reads a JSON document, or the piece of one that starts at `piece`.
fn read_document_piece(
    reader: impl Read,
    piece: Option<DocumentPiece>,
    table: &Arc<str>,
    limits: &Limits,
    out: &mut dyn Cells,
) -> io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut records = RecordReader::new(table, limits);
    let last = piece.is_none_or(|piece| piece.last);
    let (mut splitter, mut offset) = match piece {
        // The first piece starts at the file's start, before the array's `[`.
        Some(piece) if piece.start != Start::FILE => {
            (ElementSplitter::resume(piece.start, piece.line_start), piece.start.byte)
        }
        _ => (ElementSplitter::default(), 0u64),
    };
    let mut element = Vec::new();
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            break;
        }
        let length = buffer.len();
        let mut done = false;
        let mut index = 0;
        while index < length {
            if splitter.between_elements() && element.is_empty() {
                index += splitter.skip_to_element(&buffer[index..length], offset + index as u64);
                if let Some(row) = records.read_front(&buffer[index..length], offset + index as u64, &mut splitter, out)
                {
                    index += row.end;
                    if !out.more(row.index + 1) {
                        done = true;
                        break;
                    }
                    continue;
                }
                if index == length {
                    break;
                }
            }
            // At most a chunk at a time, so that an element's size is checked as it grows.
            let chunk = &buffer[index..length.min(index + SIZE_CHECK_EVERY)];
            let (used, step) = splitter.feed(chunk, offset + index as u64, &mut element);
            index += used;
            let too_long = !splitter.whole && element.len() > limits.max_record;
            if too_long && !splitter.oversized {
                let (row, line) = match step {
                    Step::Element { row, origin } => (row, origin.line),
                    _ => (splitter.row, splitter.origin.line),
                };
                out.issue(ReadIssue {
                    location: format!("row {row} (line {line})"),
                    reason: format!(
                        "array element longer than --max-record-size ({} bytes): not read",
                        limits.max_record
                    ),
                });
            }
            match step {
                Step::Continue if too_long => {
                    // Keep following the structure, without the bytes: the element is lost, the next ones are read.
                    splitter.oversized = true;
                    element.clear();
                }
                Step::Continue => {}
                Step::Element { row, origin } => {
                    if !std::mem::take(&mut splitter.oversized) && !too_long {
                        let location = format!("row {row} (line {{line}})");
                        records.read(element.trim_ascii_end(), origin, row, &location, out);
                    }
                    element.clear();
                    if !out.more(row + 1) {
                        done = true;
                        break;
                    }
                }
                Step::End => {
                    done = true;
                    break;
                }
            }
            if splitter.whole && element.len() > MAX_WHOLE_DOCUMENT {
                out.issue(ReadIssue {
                    location: String::new(),
                    reason: format!(
                        "a JSON document that is not an array is parsed whole, and this one is over {} MiB; not read",
                        MAX_WHOLE_DOCUMENT >> 20
                    ),
                });
                return Ok(());
            }
        }
        reader.consume(length);
        offset += length as u64;
        if done {
            return Ok(());
        }
    }
    if splitter.whole {
        let document = element.trim_ascii_end();
        if !document.is_empty() {
            records.read(document, splitter.origin, 0, "row 0 (line {line})", out);
        }
    } else if splitter.started && !splitter.closed && last {
        let row = splitter.row;
        out.issue(ReadIssue {
            location: format!("row {row} (line {})", splitter.origin.line),
            reason: "the file ends inside the top-level array (truncated?)".into(),
        });
        let rest = element.trim_ascii_end();
        if !rest.is_empty() && !splitter.oversized {
            records.read(rest, splitter.origin, row, &format!("row {row} (line {{line}})"), out);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
