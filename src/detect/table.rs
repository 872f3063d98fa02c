//! Tables in text: a value in a row of a Markdown, psql/mysql-style (`|`) or
//! tab-separated table gets the context of its column's header cell
//! (`| Téléphone |`), as a CSV value gets its column name. What a header
//! cell says (`E`) is the context module's business: it hands the reading in.

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
}

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
        let delimiter = row.delimiter?;
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
            return Some(Table { delimiter, header_end: end, verified: line_start, columns, delimiters });
        }
        header = end + 1;
    }
}
