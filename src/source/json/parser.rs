//! A JSON parser that hands out each string and number with its own place.
//!
//! serde_json would parse faster into a `Value`, but a `Value` has no
//! positions: a finding in a JSON document must point at the value, not at
//! its record. A record's values are held in [`Pending`] until the whole
//! record has parsed, so that a record with a syntax error is searched as
//! text instead (nothing lost), and never both ways (nothing twice).

use std::ops::Range;
use std::sync::Arc;

use super::names::{NodeId, PathNames};
use crate::source::place::{Escaping, Raw, ValueAt};
use crate::source::{Cell, Cells};

/// Where a record's first byte is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    /// File offset.
    pub offset: u64,
    /// 1-based line.
    pub line: u64,
    /// File offset of that line's first byte.
    pub line_start: u64,
}

impl Origin {
    /// The 1-based byte column of the record's first byte.
    pub fn column(&self) -> u64 {
        self.offset - self.line_start + 1
    }
}

/// A value found in a record, waiting for the record to parse whole.
#[derive(Debug, Clone)]
struct PendingCell {
    /// Its name, in [`Pending::names`].
    field: NodeId,
    /// The decoded value, in [`Pending::decoded`].
    value: Range<usize>,
    start: u64,
    line: u64,
    column: u64,
    /// The raw bytes of a string with escapes, in the record.
    escaped: Option<Range<usize>>,
}

/// The values of one record.
#[derive(Debug, Default)]
pub struct Pending {
    decoded: Vec<u8>,
    cells: Vec<PendingCell>,
    /// The names of the values of every record read so far.
    names: PathNames,
}

impl Pending {
    /// Hands the record's values to `out`; `record` is the bytes they were parsed from.
    pub fn hand_out(&self, record: &[u8], table: &Arc<str>, row: u64, out: &mut dyn Cells) {
        for cell in &self.cells {
            let raw = match &cell.escaped {
                Some(range) => Raw::Escaped(&record[range.clone()], Escaping::Json),
                None => Raw::Verbatim,
            };
            let at = ValueAt::Text { start: cell.start, line: cell.line, column: cell.column, raw };
            let field = self.names.field(cell.field);
            out.cell(Cell { table, field, row, bytes: &self.decoded[cell.value.clone()], at });
        }
    }

    /// Hands the values to `out` without places: a JSON value in a database
    /// column has a table, field and row, but no line of a file.
    pub fn hand_out_unplaced(&self, table: &Arc<str>, row: u64, out: &mut dyn Cells) {
        for cell in &self.cells {
            let bytes = &self.decoded[cell.value.clone()];
            out.cell(Cell { table, field: self.names.field(cell.field), row, bytes, at: ValueAt::Binary });
        }
    }
}

/// Why a record did not parse, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// In words.
    pub reason: String,
    /// 1-based line of the error.
    pub line: u64,
}

/// Parses `bytes` (one record, whose first byte is at `origin`) into `pending`.
pub fn parse_record(bytes: &[u8], origin: Origin, max_depth: usize, pending: &mut Pending) -> Result<(), SyntaxError> {
    parse(bytes, origin, "", max_depth, pending)
}

/// Parses `bytes`, one JSON value held in the column `column` of a database
/// table, into `pending`: its values are named by their path under the
/// column (`profile.contact.email`, `tags[]`), as a JSON file's are under
/// the document.
pub fn parse_column_value(
    bytes: &[u8],
    column: &str,
    max_depth: usize,
    pending: &mut Pending,
) -> Result<(), SyntaxError> {
    parse(bytes, Origin { offset: 0, line: 1, line_start: 0 }, column, max_depth, pending)
}

/// Where a value read from the front of a longer buffer ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Front {
    /// Index of the byte after the value.
    pub end: usize,
    /// The 1-based line of that byte.
    pub line: u64,
    /// The file offset where that line starts.
    pub line_start: u64,
}

/// Parses the value at the front of `bytes` (whose first byte is at
/// `origin`) into `pending`, and says where it ends; `None` if it does not
/// parse within `bytes`, whether it is broken or only cut by the buffer's end.
/// A reader streaming a JSON array reads most elements this way, straight
/// from its read buffer, in one pass: only elements that do not parse here
/// are followed byte by byte and copied out ([`super::elements`]).
pub fn parse_front(bytes: &[u8], origin: Origin, max_depth: usize, pending: &mut Pending) -> Option<Front> {
    let mut parser = Parser::new(bytes, origin, "", max_depth, pending);
    parser.value(0).ok()?;
    Some(Front { end: parser.at, line: parser.line, line_start: parser.line_start })
}

fn parse(
    bytes: &[u8],
    origin: Origin,
    prefix: &str,
    max_depth: usize,
    pending: &mut Pending,
) -> Result<(), SyntaxError> {
    let mut parser = Parser::new(bytes, origin, prefix, max_depth, pending);
    let result = parser.value(0).and_then(|()| {
        parser.skip_whitespace();
        if parser.at < bytes.len() {
            Err("unexpected characters after the value".to_string())
        } else {
            Ok(())
        }
    });
    result.map_err(|reason| SyntaxError { reason, line: parser.line })
}

/// Bytes that end a run of a string's bytes that need no decoding.
const STRING_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    stops[b'\n' as usize] = true;
    stops
};

/// How many bytes at the front of `rest` (inside a string) need no
/// decoding: up to a quote, a backslash or a line break. Most keys and
/// values are short, where looking at bytes one by one beats setting up a
/// vector search; a longer string is searched with `memchr` past its start.
#[inline]
fn plain_run(rest: &[u8]) -> usize {
    const SHORT: usize = 24;
    let head = &rest[..rest.len().min(SHORT)];
    if let Some(stop) = head.iter().position(|&byte| STRING_STOPS[byte as usize]) {
        return stop;
    }
    if rest.len() <= SHORT {
        return rest.len();
    }
    SHORT + memchr::memchr3(b'"', b'\\', b'\n', &rest[SHORT..]).unwrap_or(rest.len() - SHORT)
}

struct Parser<'b, 'p> {
    bytes: &'b [u8],
    at: usize,
    line: u64,
    /// File offset of the current line's first byte.
    line_start: u64,
    /// File offset of `bytes[0]`.
    origin: u64,
    /// The path of the value being read.
    node: NodeId,
    max_depth: usize,
    pending: &'p mut Pending,
}

impl<'b, 'p> Parser<'b, 'p> {
    /// A parser at the start of `bytes`, with `pending` emptied; values are named under `prefix`.
    fn new(bytes: &'b [u8], origin: Origin, prefix: &str, max_depth: usize, pending: &'p mut Pending) -> Self {
        pending.decoded.clear();
        pending.cells.clear();
        let node = pending.names.root(prefix);
        Parser {
            bytes,
            at: 0,
            line: origin.line,
            line_start: origin.line_start,
            origin: origin.offset,
            node,
            max_depth,
            pending,
        }
    }

    fn newline_at(&mut self, index: usize) {
        self.line += 1;
        self.line_start = self.origin + index as u64 + 1;
    }

    /// Skips whitespace, counting lines. A pretty-printed document is mostly
    /// indentation: a run of spaces is skipped eight bytes at a time.
    #[inline]
    fn skip_whitespace(&mut self) {
        const SPACES: u64 = u64::from_le_bytes(*b"        ");
        let bytes = self.bytes;
        let mut at = self.at;
        loop {
            match bytes.get(at) {
                Some(b' ') => {
                    at += 1;
                    while let Some(word) = bytes.get(at..at + 8) {
                        let others = u64::from_le_bytes(word.try_into().expect("eight bytes")) ^ SPACES;
                        if others != 0 {
                            at += (others.trailing_zeros() / 8) as usize;
                            break;
                        }
                        at += 8;
                    }
                }
                Some(b'\n') => {
                    self.newline_at(at);
                    at += 1;
                }
                Some(b'\t' | b'\r') => at += 1,
                _ => break,
            }
        }
        self.at = at;
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Result<(), String> {
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at line {}", byte as char, self.line))
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), String> {
        if depth > self.max_depth {
            return Err(format!("nested deeper than --max-json-depth ({} levels)", self.max_depth));
        }
        self.skip_whitespace();
        let Some(&byte) = self.bytes.get(self.at) else { return Err("unexpected end of the value".into()) };
        match byte {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => {
                let (start, line, line_start) = (self.at + 1, self.line, self.line_start);
                let from = self.pending.decoded.len();
                let escaped = self.string()?;
                if self.pending.decoded.len() > from {
                    let raw = escaped.then(|| start..self.at - 1);
                    self.emit(from, start, (line, line_start), raw);
                }
                Ok(())
            }
            b'-' | b'0'..=b'9' => {
                let start = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                {
                    self.at += 1;
                }
                let from = self.pending.decoded.len();
                self.pending.decoded.extend_from_slice(&self.bytes[start..self.at]);
                self.emit(from, start, (self.line, self.line_start), None);
                Ok(())
            }
            _ => {
                for literal in [&b"true"[..], b"false", b"null"] {
                    if self.bytes[self.at..].starts_with(literal) {
                        self.at += literal.len();
                        return Ok(());
                    }
                }
                Err(format!("unexpected character at line {}", self.line))
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<(), String> {
        self.at += 1;
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(());
        }
        let parent = self.node;
        self.pending.names.open_object(parent);
        loop {
            self.expect(b'"')?;
            let bytes = self.bytes;
            let plain = plain_run(&bytes[self.at..]);
            if bytes.get(self.at + plain) == Some(&b'"') {
                // A key without escapes or line breaks is looked up as it is in the record.
                let key = &bytes[self.at..self.at + plain];
                self.at += plain + 1;
                self.expect(b':')?;
                self.node = self.pending.names.key(parent, key);
            } else {
                self.at -= 1;
                let from = self.pending.decoded.len();
                self.string()?;
                self.expect(b':')?;
                // The key is decoded where values go, looked up, and dropped.
                let pending = &mut *self.pending;
                self.node = pending.names.key(parent, &pending.decoded[from..]);
                pending.decoded.truncate(from);
            }
            self.value(depth + 1)?;
            self.node = parent;
            self.skip_whitespace();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err("expected `,` or `}` in an object".into()),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), String> {
        self.at += 1;
        let parent = self.node;
        self.node = self.pending.names.item(parent);
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
        } else {
            loop {
                self.value(depth + 1)?;
                self.skip_whitespace();
                match self.bytes.get(self.at) {
                    Some(b',') => self.at += 1,
                    Some(b']') => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err("expected `,` or `]` in an array".into()),
                }
            }
        }
        self.node = parent;
        Ok(())
    }

    /// Keeps what was decoded since `from` as a value starting at `bytes[start]`.
    fn emit(&mut self, from: usize, start: usize, (line, line_start): (u64, u64), escaped: Option<Range<usize>>) {
        let field = self.node;
        let offset = self.origin + start as u64;
        self.pending.cells.push(PendingCell {
            field,
            value: from..self.pending.decoded.len(),
            start: offset,
            line,
            column: offset - line_start + 1,
            escaped,
        });
    }

    /// Decodes the string at the cursor (on its opening quote) onto the end
    /// of the record's decoded values; returns whether it held an escape.
    fn string(&mut self) -> Result<bool, String> {
        self.at += 1;
        let mut escaped = false;
        loop {
            // Most bytes of a string need nothing: copy up to the next quote or backslash at once.
            let rest = &self.bytes[self.at..];
            let plain = plain_run(rest);
            self.pending.decoded.extend_from_slice(&rest[..plain]);
            self.at += plain;
            let Some(&byte) = self.bytes.get(self.at) else { return Err("unterminated string".into()) };
            self.at += 1;
            match byte {
                b'"' => return Ok(escaped),
                b'\\' => {
                    escaped = true;
                    self.escape()?;
                }
                _ => {
                    self.newline_at(self.at - 1);
                    self.pending.decoded.push(byte);
                }
            }
        }
    }

    /// Decodes the escape after a backslash.
    fn escape(&mut self) -> Result<(), String> {
        let Some(&escape) = self.bytes.get(self.at) else { return Err("unterminated string".into()) };
        self.at += 1;
        match escape {
            b'n' => self.pending.decoded.push(b'\n'),
            b't' => self.pending.decoded.push(b'\t'),
            b'r' => self.pending.decoded.push(b'\r'),
            b'b' => self.pending.decoded.push(0x08),
            b'f' => self.pending.decoded.push(0x0c),
            b'u' => {
                let mut unit = self.hex4()?;
                // A surrogate pair is two escapes; a lone half becomes U+FFFD.
                if (0xD800..0xDC00).contains(&unit) && self.bytes[self.at..].starts_with(b"\\u") {
                    self.at += 2;
                    let low = self.hex4()?;
                    unit = if (0xDC00..0xE000).contains(&low) {
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        0xFFFD
                    };
                }
                let character = char::from_u32(unit).unwrap_or('\u{FFFD}');
                self.pending.decoded.extend_from_slice(character.encode_utf8(&mut [0; 4]).as_bytes());
            }
            other => self.pending.decoded.push(other), // `\"`, `\\`, `\/`
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or("truncated \\u escape")?;
        let text = std::str::from_utf8(digits).map_err(|_| "bad \\u escape")?;
        let value = u32::from_str_radix(text, 16).map_err(|_| "bad \\u escape")?;
        self.at += 4;
        Ok(value)
    }
}
