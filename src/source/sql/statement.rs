//! The statements of a dump: `CREATE TABLE` (column names), `COPY` rows and
//! `INSERT ... VALUES` tuples, turned into cells at their own places.

use std::collections::HashMap;
use std::sync::Arc;

use super::super::place::{Escaping, Raw, ValueAt};
use super::super::{Cell, Cells, FieldNames};

/// How string literals escape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// `''` doubles a quote; backslashes are literal (standard_conforming_strings).
    Postgres,
    /// Backslash escapes (`\'`, `\n`...), and `''` too.
    Mysql,
}

pub(super) struct DumpParser<'o> {
    pub(super) dialect: Dialect,
    pub(super) columns: HashMap<String, Vec<Arc<str>>>,
    pub(super) rows: HashMap<String, u64>,
    pub(super) tables: FieldNames,
    pub(super) names: FieldNames,
    pub(super) out: &'o mut dyn Cells,
    /// False while planning pieces: values are parsed past, not handed out.
    pub(super) emits: bool,
    /// The table of the rows being read, interned (one lookup per table, not per row).
    pub(super) current_table: Option<Arc<str>>,
    /// Reused buffer for unescaped COPY values.
    pub(super) unescaped: Vec<u8>,
    /// The last INSERT's head (`` `users` (`id`, `email`) VALUES ``), parsed:
    /// dumps that write one INSERT per row repeat it on every row.
    pub(super) last_insert: Option<InsertHead>,
}

/// What an INSERT's bytes between `INSERT INTO` and its tuples say.
pub(super) struct InsertHead {
    /// The bytes it was parsed from, and the one after them that ended the parse.
    bytes: Vec<u8>,
    table: String,
    table_name: Arc<str>,
    columns: Vec<Arc<str>>,
    /// Where the tuples start, after `bytes`.
    values_at: usize,
}

impl DumpParser<'_> {
    /// Handles one complete statement; returns the COPY block it opens, if any.
    pub(super) fn statement(&mut self, text: &[u8], line: u64, record: (u64, u64)) -> Option<(String, Vec<Arc<str>>)> {
        let body = trim_start(text);
        if starts_with_keyword(body, b"CREATE TABLE") {
            self.create_table(body);
        } else if starts_with_keyword(body, b"COPY") {
            let rest = &body[4..];
            let (table, after) = identifier(trim_start(rest));
            let columns = match trim_start(after).strip_prefix(b"(") {
                Some(list) => self.column_list(list),
                None => self.columns.get(&table).cloned().unwrap_or_default(),
            };
            return Some((table, columns));
        } else if starts_with_keyword(body, b"INSERT INTO") || starts_with_keyword(body, b"REPLACE INTO") {
            let skip = if starts_with_keyword(body, b"INSERT INTO") { 11 } else { 12 };
            self.insert(text, text.len() - body.len() + skip, line, record);
        }
        None
    }

    fn create_table(&mut self, body: &[u8]) {
        let rest = trim_start(&body[12..]);
        let rest = strip_keyword(rest, b"IF NOT EXISTS");
        let (table, after) = identifier(rest);
        let Some(open) = memchr::memchr(b'(', after) else { return };
        let mut columns = Vec::new();
        // One definition per line in every dump tool's output.
        for definition in after[open + 1..].split(|&b| b == b'\n') {
            let definition = trim_start(definition);
            if definition.is_empty() || definition.starts_with(b")") {
                continue;
            }
            let constraint = [
                &b"PRIMARY KEY"[..],
                b"KEY",
                b"UNIQUE",
                b"CONSTRAINT",
                b"INDEX",
                b"FULLTEXT",
                b"CHECK",
                b"FOREIGN KEY",
                b"SPATIAL",
            ]
            .iter()
            .any(|k| starts_with_keyword(definition, k));
            if constraint {
                continue;
            }
            let (name, _) = identifier(definition);
            if !name.is_empty() {
                columns.push(self.names.get(&name));
            }
        }
        self.columns.insert(table, columns);
        // An INSERT without a column list takes its names from here.
        self.last_insert = None;
    }

    fn column_list(&mut self, list: &[u8]) -> Vec<Arc<str>> {
        let end = memchr::memchr(b')', list).unwrap_or(list.len());
        list[..end]
            .split(|&b| b == b',')
            .map(|name| identifier(trim_start(name)).0)
            .filter(|name| !name.is_empty())
            .map(|name| self.names.get(&name))
            .collect()
    }

    /// The head of the INSERT whose table name starts at `text[after_keyword]`:
    /// the last one's when the bytes are the same, else parsed (and kept).
    fn insert_head(&mut self, text: &[u8], after_keyword: usize) -> Option<InsertHead> {
        if let Some(last) = self.last_insert.take() {
            if text[after_keyword..].starts_with(&last.bytes) {
                return Some(last);
            }
        }
        let (table, rest) = identifier(trim_start(&text[after_keyword..]));
        let mut position = text.len() - rest.len();
        let rest_trimmed = trim_start(rest);
        position += rest.len() - rest_trimmed.len();
        let columns = if rest_trimmed.starts_with(b"(") {
            let list = self.column_list(&rest_trimmed[1..]);
            position += memchr::memchr(b')', rest_trimmed).map_or(rest_trimmed.len(), |i| i + 1);
            list
        } else {
            self.columns.get(&table).cloned().unwrap_or_default()
        };
        let values = memchr::memmem::find(&text[position..], b"VALUES")
            .or_else(|| memchr::memmem::find(&text[position..], b"values"))?;
        let values_at = position + values + 6;
        // The byte after `VALUES` too: what follows the keyword may change where the parse stopped.
        let bytes = text[after_keyword..(values_at + 1).min(text.len())].to_vec();
        let table_name = self.tables.get(&table);
        Some(InsertHead { bytes, table, table_name, columns, values_at: values_at - after_keyword })
    }

    fn insert(&mut self, text: &[u8], after_keyword: usize, first_line: u64, record: (u64, u64)) {
        let Some(head) = self.insert_head(text, after_keyword) else { return };
        let mut at = after_keyword + head.values_at;
        let (table, table_name, columns) = (&head.table, &head.table_name, &head.columns);
        let mut value = Vec::new();
        // Lines are counted as values are found (counting from the statement's
        // start for every value would be quadratic on long INSERTs).
        let mut lines = LineCounter { counted: 0, line: first_line, line_start: 0, origin: record.0, next_newline: 0 };
        loop {
            // Next tuple.
            while at < text.len() && text[at] != b'(' && text[at] != b';' {
                at += 1;
            }
            if at >= text.len() || text[at] == b';' {
                break;
            }
            at += 1;
            let row = self.take_row(table);
            let mut index = 0usize;
            let mut complete = false;
            while at < text.len() {
                let byte = text[at];
                match byte {
                    b' ' | b'\t' | b'\r' | b'\n' | b',' => {
                        if byte == b',' {
                            index += 1;
                        }
                        at += 1;
                    }
                    b')' => {
                        at += 1;
                        complete = true;
                        break;
                    }
                    b'\'' | b'"' => {
                        let (end, closed, escaped) = self.unquote(text, at, &mut value);
                        if !closed {
                            break; // cut off mid-string: keep what is complete
                        }
                        let raw = if escaped {
                            let escaping = match self.dialect {
                                Dialect::Mysql => Escaping::SqlBackslash(byte),
                                Dialect::Postgres => Escaping::SqlDoubled(byte),
                            };
                            Raw::Escaped(&text[at + 1..end - 1], escaping)
                        } else {
                            Raw::Verbatim
                        };
                        let place = lines.at(text, at + 1, raw);
                        self.emit(table_name, columns, index, &value, row, place);
                        at = end;
                    }
                    _ => {
                        // A bare token: number, NULL, true, a function call...
                        let start = at;
                        let mut depth = 0usize;
                        while at < text.len() {
                            match text[at] {
                                b'(' => depth += 1,
                                b')' if depth == 0 => break,
                                b')' => depth -= 1,
                                b',' if depth == 0 => break,
                                _ => {}
                            }
                            at += 1;
                        }
                        let token = trim_end(&text[start..at]);
                        if !token.eq_ignore_ascii_case(b"NULL") {
                            let place = lines.at(text, start, Raw::Verbatim);
                            self.emit(table_name, columns, index, token, row, place);
                        }
                    }
                }
            }
            if !complete {
                break;
            }
        }
        self.last_insert = Some(head);
    }

    /// Reads the string literal starting at `text[start]` into `out`; returns the
    /// position after it, whether it was closed, and whether it held an escape.
    fn unquote(&self, text: &[u8], start: usize, out: &mut Vec<u8>) -> (usize, bool, bool) {
        out.clear();
        let quote = text[start];
        let mut at = start + 1;
        let mut escaped = false;
        while at < text.len() {
            // Copy up to the next byte that may end the literal or start an escape.
            let rest = &text[at..];
            let special = match self.dialect {
                Dialect::Mysql => memchr::memchr2(quote, b'\\', rest),
                Dialect::Postgres => memchr::memchr(quote, rest),
            };
            let Some(plain) = special else {
                out.extend_from_slice(rest);
                at = text.len();
                break;
            };
            out.extend_from_slice(&rest[..plain]);
            at += plain;
            let byte = text[at];
            if byte == b'\\' && self.dialect == Dialect::Mysql && at + 1 < text.len() {
                escaped = true;
                out.push(match text[at + 1] {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'0' => 0,
                    b'Z' => 0x1a,
                    other => other,
                });
                at += 2;
            } else if byte == quote {
                if text.get(at + 1) == Some(&quote) {
                    out.push(quote);
                    at += 2;
                    escaped = true;
                } else {
                    return (at + 1, true, escaped);
                }
            } else {
                out.push(byte);
                at += 1;
            }
        }
        (at, false, escaped)
    }

    /// One COPY line (without its newline), which starts at file offset `line_offset`.
    pub(super) fn copy_row(&mut self, table: &str, columns: &[Arc<str>], content: &[u8], line: u64, line_offset: u64) {
        let row = self.take_row(table);
        if !self.emits {
            return; // planning: a COPY row is one line, nothing in it matters
        }
        let table_name = self.interned_table(table);
        let mut unescaped = std::mem::take(&mut self.unescaped);
        let mut column = 0usize;
        for (index, field) in content.split(|&b| b == b'\t').enumerate() {
            let field_column = column;
            column += field.len() + 1;
            if field == b"\\N" || field.is_empty() {
                continue;
            }
            // Most values have no escape: handed out as they are, not copied.
            let (value, raw) = if memchr::memchr(b'\\', field).is_none() {
                (field, Raw::Verbatim)
            } else {
                copy_unescape(field, &mut unescaped);
                (&unescaped[..], Raw::Escaped(field, Escaping::CopyText))
            };
            let start = line_offset + field_column as u64;
            let place = ValueAt::Text { start, line, column: field_column as u64 + 1, raw };
            self.emit(&table_name, columns, index, value, row, place);
        }
        self.unescaped = unescaped;
    }

    fn interned_table(&mut self, table: &str) -> Arc<str> {
        match &self.current_table {
            Some(current) if **current == *table => current.clone(),
            _ => {
                let interned = self.tables.get(table);
                self.current_table = Some(interned.clone());
                interned
            }
        }
    }

    fn emit(&mut self, table: &Arc<str>, columns: &[Arc<str>], index: usize, value: &[u8], row: u64, at: ValueAt) {
        if value.is_empty() || !self.emits {
            return;
        }
        let unnamed;
        let field = match columns.get(index) {
            Some(name) => name,
            None => {
                unnamed = self.names.get(&format!("column_{}", index + 1));
                &unnamed
            }
        };
        self.out.cell(Cell { table, field, row, bytes: value, at });
    }

    /// The 0-based index of the table's next row, counted: one lookup per
    /// row (not per value), and no key allocated once the table is known.
    fn take_row(&mut self, table: &str) -> u64 {
        match self.rows.get_mut(table) {
            Some(rows) => {
                *rows += 1;
                *rows - 1
            }
            None => {
                self.rows.insert(table.to_string(), 1);
                0
            }
        }
    }
}

/// Counts lines through a statement as its values are found, in order.
struct LineCounter {
    /// Bytes of the statement already counted.
    counted: usize,
    /// Line of `text[counted]`, and where in the statement that line starts
    /// (statements start at a line start).
    line: u64,
    line_start: usize,
    /// File offset of the statement's first byte.
    origin: u64,
    /// No line ends between `counted` and this index: most values of a
    /// statement share its line, and need no search for line ends in between.
    next_newline: usize,
}

impl LineCounter {
    /// The place of a value starting at `text[start]`.
    fn at<'r>(&mut self, text: &[u8], start: usize, raw: Raw<'r>) -> ValueAt<'r> {
        if start > self.next_newline {
            let gap = &text[self.counted..start];
            if let Some(last) = memchr::memrchr(b'\n', gap) {
                self.line += memchr::memchr_iter(b'\n', gap).count() as u64;
                self.line_start = self.counted + last + 1;
            }
            self.next_newline = memchr::memchr(b'\n', &text[start..]).map_or(usize::MAX, |found| start + found);
        }
        self.counted = start;
        ValueAt::Text {
            start: self.origin + start as u64,
            line: self.line,
            column: (start - self.line_start) as u64 + 1,
            raw,
        }
    }
}

/// Undoes the escapes of PostgreSQL's COPY text format (`\t`, `\n`, `\\`, octal...) into `out`.
pub fn copy_unescape(field: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut at = 0;
    while at < field.len() {
        if field[at] != b'\\' || at + 1 == field.len() {
            out.push(field[at]);
            at += 1;
            continue;
        }
        let next = field[at + 1];
        at += 2;
        match next {
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut value = u32::from(next - b'0');
                for _ in 0..2 {
                    match field.get(at) {
                        Some(digit @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(digit - b'0');
                            at += 1;
                        }
                        _ => break,
                    }
                }
                out.push(value as u8);
            }
            b'x' => {
                let hex = field.get(at..(at + 2).min(field.len())).unwrap_or_default();
                let digits = hex.iter().take_while(|b| b.is_ascii_hexdigit()).count();
                match u8::from_str_radix(std::str::from_utf8(&hex[..digits]).unwrap_or(""), 16) {
                    Ok(value) => {
                        out.push(value);
                        at += digits;
                    }
                    Err(_) => out.push(b'x'),
                }
            }
            other => out.push(other),
        }
    }
}

/// A possibly quoted, possibly schema-qualified identifier, without its schema
/// and quotes; and the rest of the input.
fn identifier(input: &[u8]) -> (String, &[u8]) {
    let mut parts = Vec::new();
    let mut at = 0;
    loop {
        if at < input.len() && matches!(input[at], b'"' | b'`') {
            let quote = input[at];
            let end = memchr::memchr(quote, &input[at + 1..]).map_or(input.len(), |i| at + 1 + i);
            parts.push(String::from_utf8_lossy(&input[at + 1..end]).into_owned());
            at = (end + 1).min(input.len());
        } else {
            let start = at;
            while at < input.len() && (input[at].is_ascii_alphanumeric() || input[at] == b'_' || input[at] >= 0x80) {
                at += 1;
            }
            parts.push(String::from_utf8_lossy(&input[start..at]).into_owned());
        }
        if at < input.len() && input[at] == b'.' {
            at += 1;
            continue;
        }
        break;
    }
    (parts.pop().unwrap_or_default(), &input[at..])
}

fn starts_with_keyword(text: &[u8], keyword: &[u8]) -> bool {
    text.len() >= keyword.len()
        && text[..keyword.len()].eq_ignore_ascii_case(keyword)
        && text.get(keyword.len()).is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'_')
}

fn strip_keyword<'t>(text: &'t [u8], keyword: &[u8]) -> &'t [u8] {
    if starts_with_keyword(text, keyword) {
        trim_start(&text[keyword.len()..])
    } else {
        text
    }
}

pub(super) fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    &bytes[..end]
}
