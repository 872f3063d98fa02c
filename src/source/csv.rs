//! CSV and TSV exports with a header row, read record by record (the `csv`
//! crate: quoted fields, embedded delimiters and newlines), so a file of any
//! size is read in bounded memory.
//!
//! The delimiter is sniffed from the header line when the extension does not
//! say (`;` is common in Quebec exports, where `,` is the decimal separator).
//! A UTF-8 byte order mark is skipped. Ragged rows are reported and still
//! scanned: extra fields are named `column_N`.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

use super::{Cell, FieldNames, ReadIssue};

/// Reads `reader` as delimited values, calling `on_cell` for each non-empty value.
pub fn read(
    reader: impl Read,
    delimiter: Option<u8>,
    table: &Arc<str>,
    max_rows: Option<u64>,
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) -> io::Result<()> {
    let mut buffered = BufReader::with_capacity(1 << 16, reader);
    let start = buffered.fill_buf()?;
    let bom = start.starts_with(b"\xEF\xBB\xBF");
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(start));
    if bom {
        buffered.consume(3);
    }
    let start = super::split::Start { byte: if bom { 3 } else { 0 }, line: 1, row: 0 };
    read_records(buffered, delimiter, None, start, table, max_rows, on_cell, on_issue)
}

/// Reads one piece of a split file (see [`super::split`]): `reader` starts at
/// `start`, a record boundary, and the header comes from the plan.
pub fn read_piece(
    reader: impl Read,
    plan: &super::split::Plan,
    piece: usize,
    table: &Arc<str>,
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) -> io::Result<()> {
    let buffered = BufReader::with_capacity(1 << 16, reader);
    let header = Some(plan.header.as_slice());
    read_records(buffered, plan.delimiter, header, plan.starts[piece], table, None, on_cell, on_issue)
}

/// The CSV settings every read of a file uses (the split plan's too).
pub(crate) fn reader_builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder.delimiter(delimiter).has_headers(false).flexible(true).buffer_capacity(1 << 16);
    builder
}

/// Reads records from `buffered`, which is at `start` of the file (its line and
/// row too); without `header`, the first record is the header.
#[allow(clippy::too_many_arguments)] // one reader's settings, each used once
fn read_records(
    buffered: impl BufRead,
    delimiter: u8,
    header: Option<&[Vec<u8>]>,
    start: super::split::Start,
    table: &Arc<str>,
    max_rows: Option<u64>,
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) -> io::Result<()> {
    let mut csv = reader_builder(delimiter).from_reader(buffered);
    let mut record = csv::ByteRecord::new();
    let mut names = FieldNames::default();
    let mut headers: Vec<Arc<str>> = Vec::new();
    if let Some(header) = header {
        headers = header_names(header.iter().map(Vec::as_slice), &mut names);
    }
    let mut row = start.row;
    let offset = start.byte;
    let line = |position: &csv::Position| position.line() + start.line - 1;
    loop {
        if max_rows.is_some_and(|max| row >= max) {
            break;
        }
        let position = csv.position().clone();
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => match err.kind() {
                csv::ErrorKind::Io(_) => return Err(io::Error::other(err.to_string())),
                _ => {
                    on_issue(ReadIssue { location: format!("line {}", line(&position)), reason: err.to_string() });
                    continue;
                }
            },
        }
        if headers.is_empty() {
            headers = header_names(record.iter(), &mut names);
            continue;
        }
        if record.len() != headers.len() && !(record.len() == 1 && record[0].is_empty()) {
            on_issue(ReadIssue {
                location: format!("row {row} (line {})", line(&position)),
                reason: format!("{} fields where the header has {}; scanned anyway", record.len(), headers.len()),
            });
        }
        let end = csv.position().byte() + offset;
        for (index, value) in record.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let field = match headers.get(index) {
                Some(name) => name.clone(),
                None => names.get(&format!("column_{}", index + 1)),
            };
            on_cell(Cell {
                table,
                field: &field,
                row,
                line: line(&position),
                record: (position.byte() + offset, end),
                bytes: value,
            });
        }
        row += 1;
    }
    Ok(())
}

/// Column names from a header record; an empty name becomes `column_N`.
fn header_names<'r>(record: impl Iterator<Item = &'r [u8]>, names: &mut FieldNames) -> Vec<Arc<str>> {
    record
        .enumerate()
        .map(|(i, name)| {
            let name = String::from_utf8_lossy(name);
            let name = name.trim();
            if name.is_empty() {
                names.get(&format!("column_{}", i + 1))
            } else {
                names.get(name)
            }
        })
        .collect()
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

    type Seen = (String, String, u64, u64, String);

    fn cells(input: &[u8], delimiter: Option<u8>) -> (Vec<Seen>, Vec<ReadIssue>) {
        let table: Arc<str> = Arc::from("t");
        let mut seen = Vec::new();
        let mut issues = Vec::new();
        read(
            input,
            delimiter,
            &table,
            None,
            &mut |cell| {
                seen.push((
                    cell.field.to_string(),
                    String::from_utf8_lossy(cell.bytes).into_owned(),
                    cell.row,
                    cell.line,
                    String::from_utf8_lossy(&input[cell.record.0 as usize..cell.record.1 as usize]).into_owned(),
                ))
            },
            &mut |issue| issues.push(issue),
        )
        .unwrap();
        (seen, issues)
    }

    #[test]
    fn quoted_fields_multiline_and_semicolons() {
        let input = "\u{feff}nom;courriel;note\n\"Côté; J.\";a@b.ca;\"deux\nlignes\"\nX;c@d.ca;\n".as_bytes();
        let (seen, issues) = cells(input, None);
        assert!(issues.is_empty());
        assert_eq!(seen[0], ("nom".into(), "Côté; J.".into(), 0, 2, "\"Côté; J.\";a@b.ca;\"deux\nlignes\"\n".into()));
        assert_eq!(seen[2].1, "deux\nlignes");
        assert_eq!((seen[3].0.as_str(), seen[3].2, seen[3].3), ("nom", 1, 4), "a multi-line field is one row");
        assert_eq!(seen.len(), 5, "empty values are skipped");
    }

    #[test]
    fn ragged_rows_are_reported_and_scanned() {
        let (seen, issues) = cells(b"a,b\n1,2\n3,4,5\n6\n", None);
        assert_eq!(issues.len(), 2);
        assert_eq!(issues[0].location, "row 1 (line 3)");
        assert!(seen.iter().any(|c| c.0 == "column_3" && c.1 == "5"));
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"x,y\";z;w\n"), b';');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }
}
