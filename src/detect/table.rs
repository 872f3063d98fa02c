//! Tables in text: a value in a row of a Markdown, psql/mysql-style (`|`),
//! tab-separated or space-aligned table gets the context of its column's
//! header cell (`| Téléphone |`), as a CSV value gets its column name. What a
//! header cell says (`E`) is the context module's business: it hands the
//! reading in.
//!
//! A space-aligned table (`Nom       Téléphone    Code postal`, what a
//! report or `column -t` prints) has cells separated by two spaces or more;
//! a value's column is the header cell its own cell overlaps most, counted
//! in characters (a `Téléphone` header is nine characters wide, eleven bytes).

use super::lines::{is_border, line_end_within, line_start_within, rows_between, MAX_CONTEXT_LINE, MAX_TABLE_LINES};

/// The table and the row of the previous candidate of a buffer.
#[derive(Debug, Clone)]
pub(super) struct Tables<E> {
    table: Option<Table<E>>,
    row: Option<Row>,
}

/// A line read as a table row: values on one line share it, so a line of a
/// hundred values is measured once, not a hundred times.
#[derive(Debug, Clone, Copy)]
struct Row {
    line_start: usize,
    line_end: usize,
    /// `|` or tab, whichever the line holds first in that order; `None`: not a row.
    delimiter: Option<u8>,
    /// How many delimiters the line holds.
    delimiters: usize,
    /// Delimiters counted in `line_start..counted_to`.
    counted_to: usize,
    column: usize,
}

/// A Markdown, psql/mysql-style (`|`) or tab-separated table in text: its
/// header row's evidence per column, and how far down its rows are known.
#[derive(Debug, Clone)]
struct Table<E> {
    delimiter: u8,
    /// Where the header line ends (its `\n`).
    header_end: usize,
    /// Start of the last line known to belong to the table.
    verified: usize,
    /// Evidence of each header cell, by column index.
    columns: Vec<E>,
    /// Delimiters in the header line: a row has as many.
    delimiters: usize,
    /// For a space-aligned table, each header cell's span in characters.
    spans: Vec<(usize, usize)>,
}

/// The "delimiter" of a space-aligned table.
const ALIGNED: u8 = b' ';
/// How far up a space-aligned table's header is looked for: its first rows
/// find it, later rows keep the table (see [`Tables::column_of`]).
const MAX_ALIGNED_LINES: usize = 200;

impl<E> Default for Tables<E> {
    fn default() -> Tables<E> {
        Tables { table: None, row: None }
    }
}

impl<E> Tables<E> {
    /// The evidence of the header cell above the value, when the value's line
    /// is a row of a `|` or tab table (as many delimiters as its header line)
    /// whose first row names the columns. The table of the previous candidate
    /// is kept, so a long table's header is found once.
    pub fn column_of<'c>(
        &'c mut self,
        header_cell: impl Fn(&str) -> E,
        hay: &[u8],
        start: usize,
        line_start: usize,
    ) -> Option<&'c E> {
        // The same line as the previous candidate (its end was within reach
        // then, so it is now): count only the delimiters since.
        let same_line =
            self.row.filter(|row| row.line_start == line_start && row.counted_to <= start && start <= row.line_end);
        let row = match same_line {
            Some(known) => self.row.insert(known),
            None => {
                let line_end = line_end_within(hay, start, MAX_CONTEXT_LINE)?;
                let line = &hay[line_start..line_end];
                let delimiter = [b'|', b'\t'].into_iter().find(|&d| memchr::memchr(d, line).is_some());
                let delimiters = delimiter.map_or(0, |d| memchr::memchr_iter(d, line).count());
                self.row.insert(Row { line_start, line_end, delimiter, delimiters, counted_to: line_start, column: 0 })
            }
        };
        let Some(delimiter) = row.delimiter else {
            let line_end = row.line_end;
            return self.aligned_column_of(header_cell, hay, (start, line_start, line_end));
        };
        row.column += memchr::memchr_iter(delimiter, &hay[row.counted_to..start]).count();
        row.counted_to = start;
        let (column, delimiters) = (row.column, row.delimiters);
        let known = self.table.as_ref().is_some_and(|table| {
            table.delimiter == delimiter
                && table.header_end < line_start
                && table.verified <= line_start
                && rows_between(hay, table.verified, line_start, delimiter)
        });
        if !known {
            self.table = find_table(header_cell, hay, line_start, delimiter);
        }
        let table = self.table.as_mut()?;
        table.verified = line_start;
        (table.delimiters == delimiters).then(|| table.columns.get(column)).flatten()
    }

    /// [`Tables::column_of`] for a line with no `|` or tab: the header cell
    /// above the value's cell in a space-aligned table. A block of aligned
    /// lines without a header is remembered as a table without columns, so
    /// its other values do not look for one again.
    fn aligned_column_of<'c>(
        &'c mut self,
        header_cell: impl Fn(&str) -> E,
        hay: &[u8],
        (start, line_start, line_end): (usize, usize, usize),
    ) -> Option<&'c E> {
        let line = without_cr(&hay[line_start..line_end]);
        if !has_gap(line) {
            return None;
        }
        let known = self.table.as_ref().is_some_and(|table| {
            table.delimiter == ALIGNED
                && table.header_end < line_start
                && table.verified <= line_start
                && aligned_rows_between(hay, table.verified, line_start)
        });
        if !known {
            self.table = Some(find_aligned_table(header_cell, hay, line_start));
        }
        let table = self.table.as_mut()?;
        table.verified = line_start;
        let at = chars_in(&hay[line_start..start]);
        let cell = aligned_cells(line).into_iter().find(|cell| cell.chars.0 <= at && at < cell.chars.1)?;
        let overlap = |(from, to): (usize, usize)| to.min(cell.chars.1).saturating_sub(from.max(cell.chars.0));
        let (most, index) = table
            .spans
            .iter()
            .enumerate()
            .map(|(index, &span)| (overlap(span), index))
            .max_by_key(|&(overlap, index)| (overlap, std::cmp::Reverse(index)))?;
        (most > 0).then(|| table.columns.get(index)).flatten()
    }
}

/// A cell of a space-aligned line: its span in characters and in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct AlignedCell {
    chars: (usize, usize),
    bytes: (usize, usize),
}

/// The cells of `line`, separated by runs of two spaces or more (one space
/// stays inside a cell: `Code postal`, `Jean Roy`). Characters are counted
/// as UTF-8 lead bytes, so a Latin-1 line counts one per byte.
fn aligned_cells(line: &[u8]) -> Vec<AlignedCell> {
    let mut cells = Vec::new();
    let (mut chars, mut spaces) = (0, 0);
    let mut open: Option<(usize, usize)> = None;
    let mut last = (0, 0);
    for (index, &byte) in line.iter().enumerate() {
        if byte & 0xC0 == 0x80 {
            last.1 = index + 1;
            continue;
        }
        if byte == b' ' {
            spaces += 1;
            if spaces == 2 {
                if let Some((char_start, byte_start)) = open.take() {
                    cells.push(AlignedCell { chars: (char_start, last.0), bytes: (byte_start, last.1) });
                }
            }
        } else {
            spaces = 0;
            open.get_or_insert((chars, index));
            last = (chars + 1, index + 1);
        }
        chars += 1;
    }
    if let Some((char_start, byte_start)) = open {
        cells.push(AlignedCell { chars: (char_start, last.0), bytes: (byte_start, last.1) });
    }
    cells
}

/// Characters in `bytes` (UTF-8 lead bytes, or Latin-1 bytes).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&byte| byte & 0xC0 != 0x80).count()
}

fn without_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether a line's text holds two cells: two spaces or more between words.
fn has_gap(line: &[u8]) -> bool {
    memchr::memmem::find(line.trim_ascii(), b"  ").is_some()
}

/// Whether every line from `from` to `to` (line starts) is an aligned row or a border.
fn aligned_rows_between(hay: &[u8], from: usize, to: usize) -> bool {
    let mut line_start = from;
    while line_start < to {
        let line_end = memchr::memchr(b'\n', &hay[line_start..to]).map_or(to, |offset| line_start + offset);
        let line = without_cr(&hay[line_start..line_end]);
        if !has_gap(line) && !is_border(line) {
            return false;
        }
        line_start = line_end + 1;
    }
    true
}

/// The space-aligned table whose row starts at `line_start`: its header is
/// the first line of the block of aligned lines (or borders) above it, when
/// that line reads like names: two cells or more, no digit, no `@`.
fn find_aligned_table<E>(header_cell: impl Fn(&str) -> E, hay: &[u8], line_start: usize) -> Table<E> {
    let mut table = Table {
        delimiter: ALIGNED,
        header_end: 0,
        verified: line_start,
        columns: Vec::new(),
        delimiters: 0,
        spans: Vec::new(),
    };
    let mut first = line_start;
    for _ in 0..MAX_ALIGNED_LINES {
        if first == 0 {
            break;
        }
        let Some(previous) = line_start_within(hay, first - 1, MAX_CONTEXT_LINE) else { break };
        let text = without_cr(&hay[previous..first - 1]);
        if !has_gap(text) && !is_border(text) {
            break;
        }
        first = previous;
    }
    let mut header = first;
    while header < line_start {
        let end = memchr::memchr(b'\n', &hay[header..]).map_or(hay.len(), |i| header + i);
        let text = without_cr(&hay[header..end]);
        if is_border(text) {
            header = end + 1;
            continue;
        }
        let cells = aligned_cells(text);
        let names = cells.len() >= 2 && !text.iter().any(|&b| b.is_ascii_digit() || b == b'@');
        if names {
            table.header_end = end;
            table.columns = cells
                .iter()
                .map(|cell| header_cell(crate::encoding::text_of(&text[cell.bytes.0..cell.bytes.1]).trim()))
                .collect();
            table.spans = cells.iter().map(|cell| cell.chars).collect();
        }
        break;
    }
    table
}

/// The table whose row starts at `line_start`: its header is the first
/// line of the block of lines holding `delimiter` above it (borders such
/// as `|---|---|` or `+----+` skipped).
fn find_table<E>(header_cell: impl Fn(&str) -> E, hay: &[u8], line_start: usize, delimiter: u8) -> Option<Table<E>> {
    let mut first = line_start;
    for _ in 0..MAX_TABLE_LINES {
        if first == 0 {
            break;
        }
        let Some(previous) = line_start_within(hay, first - 1, MAX_CONTEXT_LINE) else { break };
        let text = &hay[previous..first - 1];
        if memchr::memchr(delimiter, text).is_none() && !is_border(text) {
            break;
        }
        first = previous;
    }
    let mut header = first;
    loop {
        let end = memchr::memchr(b'\n', &hay[header..]).map_or(hay.len(), |i| header + i);
        if header >= line_start {
            return None; // the value's own line is the table's first
        }
        let text = &hay[header..end];
        if !is_border(text) {
            let columns = text
                .split(|&b| b == delimiter)
                .map(|cell| header_cell(crate::encoding::text_of(cell.trim_ascii()).trim()))
                .collect();
            let delimiters = memchr::memchr_iter(delimiter, text).count();
            return Some(Table {
                delimiter,
                header_end: end,
                verified: line_start,
                columns,
                delimiters,
                spans: Vec::new(),
            });
        }
        header = end + 1;
    }
}
