//! NDJSON streams: every string and number is a value, and its field is its
//! path (`contact.email`, `contact.phones[]`, `addresses[].postal_code`).
//!
//! NDJSON is read line by line (bounded memory); an invalid line is reported
//! and the next lines are read. A `.json` document whose top level is an array
//! (the usual export shape) is streamed element by element: each element is a
//! row, parsed on its own, so memory is bounded by the largest element and a
//! broken element loses only itself. Any other document is parsed whole.

use serde_json::Value;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

use super::{Cell, FieldNames, ReadIssue};

/// The default nesting limit (`Limits::max_json_depth`); serde_json's own is 128 too.
#[cfg(test)]
const MAX_DEPTH: usize = 128;

/// Reads NDJSON: one record per line; the row is the 0-based line index.
pub fn read_lines(
    reader: impl Read,
    table: &Arc<str>,
    max_rows: Option<u64>,
    limits: &super::Limits,
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) -> io::Result<()> {
    let start = super::split::Start { byte: 0, line: 1, row: 0 };
    read_lines_from(reader, start, table, max_rows, limits, on_cell, on_issue)
}

/// [`read_lines`] for a piece of a split file: `reader` is at `start` (a line start).
pub fn read_lines_from(
    reader: impl Read,
    start: super::split::Start,
    table: &Arc<str>,
    max_rows: Option<u64>,
    limits: &super::Limits,
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) -> io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut names = FieldNames::default();
    let mut line = Vec::new();
    let mut offset = start.byte;
    let mut index = start.row;
    loop {
        if max_rows.is_some_and(|max| index >= max) {
            break;
        }
        line.clear();
        let (read, cut) = super::read_line_bounded(&mut reader, &mut line, limits.max_record)?;
        if read == 0 {
            break;
        }
        let record = (offset, offset + read as u64);
        offset += read as u64;
        let text = trim_ascii(&line);
        if cut {
            on_issue(ReadIssue {
                location: format!("line {}", index + 1),
                reason: format!("longer than --max-record-size ({} bytes): not read", limits.max_record),
            });
        } else if !text.is_empty() {
            match serde_json::from_slice::<Value>(text) {
                Ok(value) => {
                    let mut place = Place {
                        table,
                        row: index,
                        line: index + 1,
                        record,
                        names: &mut names,
                        max_depth: limits.max_json_depth,
                    };
                    walk(&value, &mut String::new(), 0, &mut place, on_cell, on_issue);
                }
                Err(err) => on_issue(ReadIssue {
                    location: format!("line {}", index + 1),
                    reason: format!("invalid JSON: {err}"),
                }),
            }
        }
        index += 1;
    }
    Ok(())
}

/// A JSON document that is not a top-level array is parsed whole, up to this size.
const MAX_WHOLE_DOCUMENT: usize = 256 << 20;

/// Reads a JSON document. A top-level array's elements are rows (row = index,
/// line = where the element starts); any other document is row 0.
pub fn read_document(
    reader: impl Read,
    table: &Arc<str>,
    max_rows: Option<u64>,
    limits: &super::Limits,
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) -> io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut names = FieldNames::default();
    let mut splitter = ElementSplitter::default();
    let mut element = Vec::new();
    let mut offset = 0u64;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            break;
        }
        let length = buffer.len();
        let mut done = false;
        for (index, &byte) in buffer.iter().enumerate() {
            match splitter.push(byte, offset + index as u64, &mut element) {
                Step::Continue => {}
                Step::Element { row, line, start } => {
                    let record = (start, offset + index as u64 + 1);
                    if !std::mem::take(&mut splitter.oversized) {
                        parse_and_walk(
                            &element,
                            table,
                            row,
                            line,
                            record,
                            (&mut names, limits.max_json_depth),
                            on_cell,
                            on_issue,
                        );
                    }
                    element.clear();
                    if max_rows.is_some_and(|max| row + 1 >= max) {
                        done = true;
                        break;
                    }
                }
                Step::End => {
                    done = true;
                    break;
                }
            }
            if !splitter.whole && element.len() > limits.max_record {
                // Keep following the structure, without the bytes: the element is lost, the next ones are read.
                if !splitter.oversized {
                    on_issue(ReadIssue {
                        location: format!("row {} (line {})", splitter.row, splitter.start_line),
                        reason: format!(
                            "array element longer than --max-record-size ({} bytes): not read",
                            limits.max_record
                        ),
                    });
                }
                splitter.oversized = true;
                element.clear();
            }
            if splitter.whole && element.len() > MAX_WHOLE_DOCUMENT {
                on_issue(ReadIssue {
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
        if !trim_ascii(&element).is_empty() {
            let record = (splitter.start, offset);
            parse_and_walk(
                &element,
                table,
                0,
                splitter.start_line,
                record,
                (&mut names, limits.max_json_depth),
                on_cell,
                on_issue,
            );
        }
    } else if splitter.started && !splitter.closed {
        let row = splitter.row;
        on_issue(ReadIssue {
            location: format!("row {row} (line {})", splitter.start_line),
            reason: "the file ends inside the top-level array (truncated?)".into(),
        });
        if !trim_ascii(&element).is_empty() {
            parse_and_walk(
                &element,
                table,
                row,
                splitter.start_line,
                (splitter.start, offset),
                (&mut names, limits.max_json_depth),
                on_cell,
                on_issue,
            );
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)] // one record's coordinates, each used once
fn parse_and_walk(
    bytes: &[u8],
    table: &Arc<str>,
    row: u64,
    line: u64,
    record: (u64, u64),
    (names, max_depth): (&mut FieldNames, usize),
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) {
    let mut parser = PositionedParser {
        max_depth,
        bytes,
        at: 0,
        line,
        origin: record.0,
        path: String::new(),
        text: Vec::new(),
        table,
        row,
        names,
    };
    let result = parser.value(0, on_cell).and_then(|()| {
        parser.skip_whitespace();
        if parser.at < bytes.len() {
            Err("unexpected characters after the value".to_string())
        } else {
            Ok(())
        }
    });
    if let Err(reason) = result {
        on_issue(ReadIssue {
            location: format!("row {row} (line {})", parser.line),
            reason: format!("invalid JSON: {reason}"),
        });
    }
}

/// A JSON parser that hands out each string and number with its own line and
/// byte offsets, so findings in a JSON document point at the value, not at
/// the record. Values before a syntax error are still handed out.
struct PositionedParser<'b, 'p> {
    bytes: &'b [u8],
    at: usize,
    line: u64,
    /// File offset of `bytes[0]`.
    origin: u64,
    path: String,
    /// Decoded string scratch.
    text: Vec<u8>,
    table: &'p Arc<str>,
    row: u64,
    names: &'p mut FieldNames,
    max_depth: usize,
}

impl PositionedParser<'_, '_> {
    fn skip_whitespace(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        self.skip_whitespace();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at byte {}", byte as char, self.origin + self.at as u64))
        }
    }

    fn value(&mut self, depth: usize, on_cell: &mut dyn FnMut(Cell)) -> Result<(), String> {
        if depth > self.max_depth {
            return Err(format!("nested deeper than --max-json-depth ({} levels)", self.max_depth));
        }
        self.skip_whitespace();
        let Some(&byte) = self.bytes.get(self.at) else { return Err("unexpected end of the value".into()) };
        match byte {
            b'{' => {
                self.at += 1;
                self.skip_whitespace();
                if self.bytes.get(self.at) == Some(&b'}') {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    self.expect(b'"')?;
                    self.at -= 1;
                    self.string()?;
                    let key = String::from_utf8_lossy(&self.text).into_owned();
                    self.expect(b':')?;
                    let length = self.path.len();
                    if length > 0 {
                        self.path.push('.');
                    }
                    self.path.push_str(&key);
                    self.value(depth + 1, on_cell)?;
                    self.path.truncate(length);
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
            b'[' => {
                self.at += 1;
                let length = self.path.len();
                self.path.push_str("[]");
                self.skip_whitespace();
                if self.bytes.get(self.at) == Some(&b']') {
                    self.at += 1;
                } else {
                    loop {
                        self.value(depth + 1, on_cell)?;
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
                self.path.truncate(length);
                Ok(())
            }
            b'"' => {
                let (start, line) = (self.at, self.line);
                self.string()?;
                if !self.text.is_empty() {
                    self.emit(start, line, on_cell);
                }
                Ok(())
            }
            b'-' | b'0'..=b'9' => {
                let (start, line) = (self.at, self.line);
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                {
                    self.at += 1;
                }
                self.text.clear();
                self.text.extend_from_slice(&self.bytes[start..self.at]);
                self.emit(start, line, on_cell);
                Ok(())
            }
            _ => {
                for literal in [&b"true"[..], b"false", b"null"] {
                    if self.bytes[self.at..].starts_with(literal) {
                        self.at += literal.len();
                        return Ok(());
                    }
                }
                Err(format!("unexpected character at byte {}", self.origin + self.at as u64))
            }
        }
    }

    fn emit(&mut self, start: usize, line: u64, on_cell: &mut dyn FnMut(Cell)) {
        let field = self.names.get(if self.path.is_empty() { "value" } else { &self.path });
        let record = (self.origin + start as u64, self.origin + self.at as u64);
        on_cell(Cell { table: self.table, field: &field, row: self.row, line, record, bytes: &self.text });
    }

    /// Decodes the string at the cursor (on its opening quote) into `text`.
    fn string(&mut self) -> Result<(), String> {
        self.text.clear();
        self.at += 1;
        loop {
            let Some(&byte) = self.bytes.get(self.at) else { return Err("unterminated string".into()) };
            self.at += 1;
            match byte {
                b'"' => return Ok(()),
                b'\\' => {
                    let Some(&escape) = self.bytes.get(self.at) else { return Err("unterminated string".into()) };
                    self.at += 1;
                    match escape {
                        b'n' => self.text.push(b'\n'),
                        b't' => self.text.push(b'\t'),
                        b'r' => self.text.push(b'\r'),
                        b'b' => self.text.push(0x08),
                        b'f' => self.text.push(0x0c),
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
                            self.text.extend_from_slice(character.encode_utf8(&mut [0; 4]).as_bytes());
                        }
                        other => self.text.push(other), // `\"`, `\\`, `\/`
                    }
                }
                b'\n' => {
                    self.line += 1;
                    self.text.push(byte);
                }
                _ => self.text.push(byte),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or("truncated \\u escape")?;
        let text = std::str::from_utf8(digits).map_err(|_| "bad \\u escape")?;
        let value = u32::from_str_radix(text, 16).map_err(|_| "bad \\u escape")?;
        self.at += 4;
        Ok(value)
    }
}

/// What feeding one byte to the [`ElementSplitter`] produced.
enum Step {
    Continue,
    /// The element buffer holds a whole element of the top-level array.
    Element {
        row: u64,
        line: u64,
        start: u64,
    },
    /// The top-level array is closed.
    End,
}

/// Finds the elements of a top-level JSON array in a byte stream, tracking
/// strings (and their escapes) and nesting so that only structural `,` and `]`
/// end an element. It does not validate: each element is parsed on its own.
#[derive(Default)]
struct ElementSplitter {
    /// Something other than whitespace was seen.
    started: bool,
    /// The document is not an array: every byte goes to the buffer.
    whole: bool,
    in_element: bool,
    /// The top-level array's `]` was seen.
    closed: bool,
    /// The current element outgrew [`super::MAX_RECORD`]: its bytes are dropped.
    oversized: bool,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// 0-based line of the cursor.
    newlines: u64,
    row: u64,
    start_line: u64,
    start: u64,
}

impl ElementSplitter {
    fn push(&mut self, byte: u8, offset: u64, element: &mut Vec<u8>) -> Step {
        if self.closed {
            return Step::End;
        }
        let line = self.newlines + 1;
        if byte == b'\n' {
            self.newlines += 1;
        }
        if !self.started {
            if byte.is_ascii_whitespace() || (offset < 3 && matches!(byte, 0xEF | 0xBB | 0xBF)) {
                return Step::Continue;
            }
            self.started = true;
            self.start_line = line;
            self.start = offset;
            if byte != b'[' {
                self.whole = true;
                element.push(byte);
            }
            return Step::Continue;
        }
        if self.whole {
            element.push(byte);
            return Step::Continue;
        }
        if !self.in_element {
            match byte {
                b']' => {
                    self.closed = true;
                    return Step::End;
                }
                b',' => return Step::Continue,
                _ if byte.is_ascii_whitespace() => return Step::Continue,
                _ => {
                    self.in_element = true;
                    self.start_line = line;
                    self.start = offset;
                }
            }
        }
        if self.in_string {
            element.push(byte);
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
            }
            return Step::Continue;
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' if self.depth > 0 => {
                self.depth -= 1;
                if self.depth == 0 {
                    element.push(byte);
                    return self.finish();
                }
            }
            // A scalar element ends at the separator, which is not part of it.
            b',' | b']' if self.depth == 0 => {
                self.closed = byte == b']';
                return self.finish();
            }
            _ => {}
        }
        element.push(byte);
        Step::Continue
    }

    fn finish(&mut self) -> Step {
        self.in_element = false;
        let step = Step::Element { row: self.row, line: self.start_line, start: self.start };
        self.row += 1;
        step
    }
}

struct Place<'a> {
    table: &'a Arc<str>,
    row: u64,
    line: u64,
    record: (u64, u64),
    names: &'a mut FieldNames,
    max_depth: usize,
}

fn walk(
    value: &Value,
    path: &mut String,
    depth: usize,
    place: &mut Place,
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) {
    if depth > place.max_depth {
        on_issue(ReadIssue {
            location: format!("row {} field {path}", place.row),
            reason: format!("nested deeper than --max-json-depth ({} levels); not descended into", place.max_depth),
        });
        return;
    }
    let mut emit = |text: &[u8], path: &str, place: &mut Place| {
        let field = place.names.get(if path.is_empty() { "value" } else { path });
        on_cell(Cell {
            table: place.table,
            field: &field,
            row: place.row,
            line: place.line,
            record: place.record,
            bytes: text,
        });
    };
    match value {
        Value::String(text) if !text.is_empty() => emit(text.as_bytes(), path, place),
        Value::Number(number) => emit(number.to_string().as_bytes(), path, place),
        Value::Array(items) => {
            let length = path.len();
            path.push_str("[]");
            for item in items {
                walk(item, path, depth + 1, place, on_cell, on_issue);
            }
            path.truncate(length);
        }
        Value::Object(fields) => {
            let length = path.len();
            for (key, item) in fields {
                if length > 0 {
                    path.push('.');
                }
                path.push_str(key);
                walk(item, path, depth + 1, place, on_cell, on_issue);
                path.truncate(length);
            }
        }
        _ => {}
    }
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(start, |i| i + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &[u8]) -> (Vec<(String, String, u64)>, Vec<ReadIssue>) {
        let table: Arc<str> = Arc::from("t");
        let mut seen = Vec::new();
        let mut issues = Vec::new();
        let mut on_cell = |cell: Cell| {
            seen.push((cell.field.to_string(), String::from_utf8_lossy(cell.bytes).into_owned(), cell.row))
        };
        let mut on_issue = |issue| issues.push(issue);
        read_lines(input, &table, None, &Default::default(), &mut on_cell, &mut on_issue).unwrap();
        (seen, issues)
    }

    #[test]
    fn paths_with_list_levels() {
        let doc = br#"{"contact":{"email":"a@b.ca","phones":["418-549-6754",4185496754]},"addresses":[{"postal_code":"H2K 3V9"}],"ok":true}"#;
        let (seen, issues) = collect(doc);
        assert!(issues.is_empty());
        let fields: Vec<_> = seen.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(fields, ["addresses[].postal_code", "contact.email", "contact.phones[]", "contact.phones[]"]);
        assert_eq!(seen[3].1, "4185496754", "numbers are values too");
    }

    #[test]
    fn ndjson_goes_on_after_a_bad_line() {
        let input = b"{\"email\":\"a@b.ca\"}\n{\"email\": \"broken\n\n{\"email\":\"c@d.ca\"}\n";
        let (seen, issues) = collect(input);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].location, "line 2");
        let rows: Vec<_> = seen.iter().map(|c| (c.1.as_str(), c.2)).collect();
        assert_eq!(rows, [("a@b.ca", 0), ("c@d.ca", 3)], "rows are line indexes");
    }

    /// (field, value, row, line) of each cell.
    type Cells = Vec<(String, String, u64, u64)>;

    fn collect_document(input: &[u8]) -> (Cells, Vec<ReadIssue>) {
        let table: Arc<str> = Arc::from("t");
        let mut seen = Vec::new();
        let mut issues = Vec::new();
        let mut on_cell = |cell: Cell| {
            seen.push((cell.field.to_string(), String::from_utf8_lossy(cell.bytes).into_owned(), cell.row, cell.line))
        };
        let mut on_issue = |issue| issues.push(issue);
        read_document(input, &table, None, &Default::default(), &mut on_cell, &mut on_issue).unwrap();
        (seen, issues)
    }

    #[test]
    fn a_top_level_array_is_streamed_element_by_element() {
        let doc = b"\xEF\xBB\xBF[\n  {\"email\": \"a@b.ca\", \"note\": \"]},[\\\"\"},\n  \"418-549-6754\" ,\n  [\"c@d.ca\"]\n]\n";
        let (seen, issues) = collect_document(doc);
        assert!(issues.is_empty(), "{issues:?}");
        let rows: Vec<_> = seen.iter().map(|c| (c.0.as_str(), c.1.as_str(), c.2, c.3)).collect();
        assert_eq!(
            rows,
            [
                ("email", "a@b.ca", 0, 2),
                ("note", "]},[\"", 0, 2),
                ("value", "418-549-6754", 1, 3),
                ("[]", "c@d.ca", 2, 4)
            ]
        );
    }

    #[test]
    fn a_broken_element_loses_only_itself_and_truncation_is_reported() {
        let doc = b"[{\"e\":\"a@b.ca\"},\n{\"e\": tru},\n{\"e\":\"c@d.ca\"},\n{\"e\":\"x@y.ca\"";
        let (seen, issues) = collect_document(doc);
        let values: Vec<_> = seen.iter().map(|c| (c.1.as_str(), c.2)).collect();
        // The cut element's values before the cut are still read.
        assert_eq!(values, [("a@b.ca", 0), ("c@d.ca", 2), ("x@y.ca", 3)]);
        assert_eq!(issues.len(), 3, "{issues:?}");
        assert!(issues[0].location == "row 1 (line 2)" && issues[0].reason.starts_with("invalid JSON"), "{issues:?}");
        assert!(issues[1].reason.contains("ends inside the top-level array"), "{issues:?}");
    }

    #[test]
    fn an_object_document_is_one_row() {
        let (seen, issues) = collect_document(b"{\"users\": [{\"email\": \"a@b.ca\"}]}");
        assert!(issues.is_empty());
        assert_eq!(seen, [("users[].email".to_string(), "a@b.ca".to_string(), 0, 1)]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!("{}1{}", "[".repeat(MAX_DEPTH + 5), "]".repeat(MAX_DEPTH + 5));
        let (_, issues) = collect(deep.as_bytes());
        assert_eq!(issues.len(), 1, "too deep: reported, not a crash");
    }
}
