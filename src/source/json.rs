//! NDJSON streams: every string and number is a value, and its field is its
//! path (`contact.email`, `contact.phones[]`, `addresses[].postal_code`).
//!
//! Read line by line (bounded memory); an invalid line is reported and the next
//! lines are read. Multi-line `.json` documents are still read as text (see
//! [`super::Format::of`]).

use serde_json::Value;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

use super::{Cell, FieldNames, ReadIssue};

/// Nesting deeper than this is not descended into: a value that deep is
/// reported as an issue rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 128;

/// Reads NDJSON: one record per line; the row is the 0-based line index.
pub fn read_lines(
    reader: impl Read,
    table: &Arc<str>,
    max_rows: Option<u64>,
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) -> io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut names = FieldNames::default();
    let mut line = Vec::new();
    let mut offset = 0u64;
    let mut index = 0u64;
    loop {
        if max_rows.is_some_and(|max| index >= max) {
            break;
        }
        line.clear();
        let read = reader.read_until(b'\n', &mut line)?;
        if read == 0 {
            break;
        }
        let record = (offset, offset + read as u64);
        offset += read as u64;
        let text = trim_ascii(&line);
        if !text.is_empty() {
            match serde_json::from_slice::<Value>(text) {
                Ok(value) => {
                    let mut place = Place { table, row: index, line: index + 1, record, names: &mut names };
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

struct Place<'a> {
    table: &'a Arc<str>,
    row: u64,
    line: u64,
    record: (u64, u64),
    names: &'a mut FieldNames,
}

fn walk(
    value: &Value,
    path: &mut String,
    depth: usize,
    place: &mut Place,
    on_cell: &mut dyn FnMut(Cell),
    on_issue: &mut dyn FnMut(ReadIssue),
) {
    if depth > MAX_DEPTH {
        on_issue(ReadIssue {
            location: format!("row {} field {path}", place.row),
            reason: format!("nested deeper than {MAX_DEPTH} levels; not descended into"),
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
        read_lines(input, &table, None, &mut on_cell, &mut on_issue).unwrap();
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

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!("{}1{}", "[".repeat(MAX_DEPTH + 5), "]".repeat(MAX_DEPTH + 5));
        let (_, issues) = collect(deep.as_bytes());
        assert_eq!(issues.len(), 1, "too deep: reported, not a crash");
    }
}
