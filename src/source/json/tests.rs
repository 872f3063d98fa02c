//! The JSON readers, line by line and document by document, whole and in pieces.

use super::*;
use crate::source::test_support::Collected;

#[test]
fn line_pieces_count_every_line() {
    use std::io::{Seek, Write};
    let content = b"{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}\n".to_vec();
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(&content).unwrap();
    file.rewind().unwrap();
    let starts = plan_lines(file, content.len() as u64, 3).unwrap();
    assert_eq!(starts[0], Start::FILE);
    for start in &starts[1..] {
        assert_eq!(content[..start.byte as usize].iter().filter(|&&b| b == b'\n').count() as u64, start.row);
        assert_eq!(start.line, start.row + 1);
    }
}

fn lines(input: &[u8]) -> Collected {
    let table: Arc<str> = Arc::from("t");
    let mut collected = Collected::default();
    read_lines(input, Start::FILE, &table, &Default::default(), &mut collected).unwrap();
    collected
}

fn document(input: &[u8]) -> Collected {
    let table: Arc<str> = Arc::from("t");
    let mut collected = Collected::default();
    read_document(input, &table, &Default::default(), &mut collected).unwrap();
    collected
}

#[test]
fn paths_with_list_levels_in_document_order() {
    let doc = br#"{"contact":{"email":"a@b.ca","phones":["418-549-6754",4185496754]},"addresses":[{"postal_code":"H2K 3V9"}],"ok":true}"#;
    let collected = lines(doc);
    assert!(collected.issues.is_empty());
    let fields: Vec<_> = collected.cells.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["contact.email", "contact.phones[]", "contact.phones[]", "addresses[].postal_code"]);
    assert_eq!(collected.cells[2].value, "4185496754", "numbers are values too");
    let places: Vec<_> = collected.cells.iter().map(|c| c.checked_against(doc)).collect();
    assert_eq!((places[0].3, places[0].4), (1, 22), "the value's own column");
}

#[test]
fn a_bad_line_is_searched_as_text_and_the_next_lines_read() {
    let input = b"{\"email\":\"a@b.ca\"}\n{\"email\": \"broken b@x.ca\n\n  {\"email\":\"c@d.ca\"}\n";
    let collected = lines(input);
    assert_eq!(collected.issues.len(), 1);
    assert_eq!(collected.issues[0].location, "line 2");
    assert!(collected.issues[0].reason.ends_with("searched as text"), "{:?}", collected.issues);
    let rows: Vec<_> = collected.cells.iter().map(|c| (c.value.as_str(), c.row)).collect();
    assert_eq!(rows, [("a@b.ca", 0), ("c@d.ca", 3)], "rows are line indexes");
    assert_eq!(collected.texts, [("{\"email\": \"broken b@x.ca".to_string(), 19, 2, 1)]);
    assert_eq!(collected.cells[1].checked_against(input), ("email".into(), "c@d.ca".into(), 3, 4, 13));
}

#[test]
fn a_top_level_array_is_streamed_element_by_element() {
    let doc =
        b"\xEF\xBB\xBF[\n  {\"email\": \"a@b.ca\", \"note\": \"]},[\\\"\"},\n  \"418-549-6754\" ,\n  [\"c@d.ca\"]\n]\n";
    let collected = document(doc);
    assert!(collected.issues.is_empty(), "{:?}", collected.issues);
    let rows: Vec<_> = collected.cells.iter().map(|c| (c.field.clone(), c.checked_against(doc))).collect();
    let rows: Vec<_> = rows.iter().map(|(f, c)| (f.as_str(), c.1.as_str(), c.2, c.3, c.4)).collect();
    assert_eq!(
        rows,
        [
            ("email", "a@b.ca", 0, 2, 14),
            ("note", "]},[\"", 0, 2, 32),
            ("value", "418-549-6754", 1, 3, 4),
            ("[]", "c@d.ca", 2, 4, 5)
        ]
    );
}

#[test]
fn escaped_strings_map_back_to_the_file() {
    let doc = br#"[{"note": "caf\u00e9 \"x\" a@b.ca"}]"#;
    let collected = document(doc);
    let span = collected.cells[0].locate("a@b.ca");
    assert_eq!(&doc[span.start as usize..span.end as usize], b"a@b.ca");
}

#[test]
fn a_broken_element_is_searched_as_text_and_truncation_is_reported() {
    let doc = b"[{\"e\":\"a@b.ca\"},\n{\"e\": tru, \"f\": \"z@z.ca\"},\n{\"e\":\"c@d.ca\"},\n{\"e\":\"x@y.ca\"";
    let collected = document(doc);
    let values: Vec<_> = collected.cells.iter().map(|c| (c.value.as_str(), c.row)).collect();
    assert_eq!(values, [("a@b.ca", 0), ("c@d.ca", 2)], "no value of a broken element is handed out as a cell");
    assert_eq!(collected.texts.len(), 2, "the broken element and the cut one are searched as text");
    assert_eq!((collected.texts[0].2, collected.texts[0].3), (2, 1));
    assert!(collected.texts[1].0.contains("x@y.ca"));
    let issues = &collected.issues;
    assert_eq!(issues.len(), 3, "{issues:?}");
    assert!(issues[0].location == "row 1 (line 2)" && issues[0].reason.starts_with("invalid JSON"), "{issues:?}");
    assert!(issues[1].reason.contains("ends inside the top-level array"), "{issues:?}");
}

#[test]
fn an_element_over_the_record_limit_is_reported_and_the_next_ones_read() {
    let table: Arc<str> = Arc::from("t");
    let limits = Limits { max_record: 100, ..Default::default() };
    // Over the limit within one chunk of the splitter, and across many.
    for filler in [150, 3 * SIZE_CHECK_EVERY] {
        let doc = format!("[{{\"e\":\"a@b.ca\"}},\n{{\"big\":\"{}\"}},\n{{\"e\":\"c@d.ca\"}}]", "x".repeat(filler));
        let mut collected = Collected::default();
        read_document(doc.as_bytes(), &table, &limits, &mut collected).unwrap();
        let values: Vec<_> = collected.cells.iter().map(|c| (c.value.as_str(), c.row)).collect();
        assert_eq!(values, [("a@b.ca", 0), ("c@d.ca", 2)], "filler {filler}");
        assert_eq!(collected.issues.len(), 1, "{:?}", collected.issues);
        assert_eq!(collected.issues[0].location, "row 1 (line 2)");
        assert!(collected.issues[0].reason.contains("--max-record-size"), "{:?}", collected.issues);
    }
}

/// Reads `doc` in the pieces planned for `pieces` workers, each from its own range.
fn document_in_pieces(doc: &[u8], pieces: usize) -> (Vec<Start>, Collected) {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(doc).unwrap();
    let (starts, line_starts) = plan_elements(file.reopen().unwrap(), doc.len() as u64, pieces).unwrap();
    let table: Arc<str> = Arc::from("t");
    let mut collected = Collected::default();
    for (index, start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).map_or(doc.len(), |next| next.byte as usize);
        let piece = DocumentPiece { start: *start, line_start: line_starts[index], last: index + 1 == starts.len() };
        let range = &doc[start.byte as usize..end];
        read_document_piece(range, Some(piece), &table, &Default::default(), &mut collected).unwrap();
    }
    (starts, collected)
}

#[test]
fn a_big_array_read_in_pieces_is_read_as_whole() {
    let mut pretty = String::from("\u{feff}[\n");
    let mut compact = String::from("[");
    for i in 0..200 {
        let separator = if i == 199 { "" } else { "," };
        pretty += &format!(
            "  {{\n    \"id\": {i},\n    \"note\": \"],[{{ \\\"q\\\" {i}\",\n    \"email\": \"u{i}@exemple.qc.ca\"\n  }}{separator}\n"
        );
        compact += &format!("{{\"e\":\"c{i}@d.ca\",\"t\":[\"418-549-{:04}\"]}}{separator}", i);
        if i % 50 == 7 {
            compact += &format!("\"s{i}@x.ca\",");
        }
    }
    pretty += "]\n";
    compact += "]";
    let truncated = &pretty[..pretty.len() - 40];
    for doc in [pretty.as_str(), compact.as_str(), truncated] {
        let whole = document(doc.as_bytes());
        for pieces in [2, 7, 30] {
            let (starts, parts) = document_in_pieces(doc.as_bytes(), pieces);
            assert!(starts.len() > pieces / 2, "{} pieces planned for {pieces}", starts.len());
            let seen =
                |c: &Collected| c.cells.iter().map(|cell| cell.checked_against(doc.as_bytes())).collect::<Vec<_>>();
            let (parts_seen, whole_seen) = (seen(&parts), seen(&whole));
            let first_difference = parts_seen.iter().zip(&whole_seen).position(|(a, b)| a != b);
            assert!(
                parts_seen == whole_seen,
                "{pieces} pieces: {} cells, whole {}; first difference at {first_difference:?}",
                parts_seen.len(),
                whole_seen.len()
            );
            assert_eq!(parts.issues, whole.issues, "{pieces} pieces");
            assert_eq!(parts.texts, whole.texts, "{pieces} pieces");
        }
    }
    // A document that is not an array is one piece.
    let (starts, _) = document_in_pieces(b"{\"a\": [1, 2, 3], \"b\": \"x@y.ca\"}", 4);
    assert_eq!(starts, [Start::FILE]);
}

/// Hands out at most `size` bytes per read, as a pipe or a slow disk may.
struct Trickle<'a> {
    rest: &'a [u8],
    size: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let length = self.rest.len().min(self.size).min(buffer.len());
        buffer[..length].copy_from_slice(&self.rest[..length]);
        self.rest = &self.rest[length..];
        Ok(length)
    }
}

#[test]
fn elements_cut_by_the_read_buffer_are_read_as_whole_ones() {
    // Whole elements are parsed straight from the read buffer; one cut by the
    // buffer's end, a broken one or a scalar is followed by the splitter instead.
    let documents: [&[u8]; 6] = [
        b"\xEF\xBB\xBF[\n  {\"email\": \"a@b.ca\", \"note\": \"]},[\\\"\"},\n  \"418-549-6754\" ,\n  [\"c@d.ca\"]\n]\n",
        b"[{\"e\":\"a@b.ca\"},\n{\"e\": tru, \"f\": \"z@z.ca\"},\n{\"e\":\"c@d.ca\"},\n{\"e\":\"x@y.ca\"",
        b"[\n  {\n    \"id\": 1,\n    \"t\\u00e9l\": [\n      \"418\\n549-6754\",\n      \"multi\nline b@c.ca\"\n    ]\n  },,\n  {\n    \"id\": 2, \"ip\": \"10.1.2.3\"\n  }\n {\"e\": \"d@e.ca\"}]\n",
        b"[{\"a\": {\"b\": [[{\"c\": \"H2K 3V9\"}]]}} , 1, {\"e\": \"e@f.ca\"}  ]  trailing",
        b"{\"users\": [{\"email\": \"a@b.ca\"}]}",
        b"[{\n \"a\": \"b@c.ca\"\n}, {\"e\": \"x@y.ca\"}, {\n\"p\": \"418-549-6754\"}, \"s@t.ca\"]",
    ];
    let table: Arc<str> = Arc::from("t");
    for doc in documents {
        let whole = document(doc);
        assert!(!whole.cells.is_empty(), "{}", String::from_utf8_lossy(doc));
        for size in [1, 2, 3, 7, 16, 40] {
            let mut trickled = Collected::default();
            read_document(Trickle { rest: doc, size }, &table, &Default::default(), &mut trickled).unwrap();
            let seen = |c: &Collected| {
                c.cells.iter().map(|cell| (cell.row, cell.field.clone(), cell.checked_against(doc))).collect::<Vec<_>>()
            };
            let doc_text = String::from_utf8_lossy(doc);
            assert_eq!(seen(&trickled), seen(&whole), "reads of {size} bytes: {doc_text}");
            assert_eq!(trickled.issues, whole.issues, "reads of {size} bytes: {doc_text}");
            assert_eq!(trickled.texts, whole.texts, "reads of {size} bytes: {doc_text}");
        }
    }
}

#[test]
fn lines_cut_by_the_read_buffer_are_read_as_whole_ones() {
    let input = b"{\"email\":\"a@b.ca\"}\r\n{\"email\": \"broken b@x.ca\n\n  {\"t\\u00e9l\":\"418-549-6754\"}\n{\"big\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx c@d.ca\"}\n[\"e@f.ca\"]";
    let table: Arc<str> = Arc::from("t");
    let limits = Limits { max_record: 60, ..Default::default() };
    let read = |reader: &mut dyn Read| {
        let mut collected = Collected::default();
        read_lines(reader, Start::FILE, &table, &limits, &mut collected).unwrap();
        collected
    };
    let whole = read(&mut &input[..]);
    assert_eq!(whole.cells.len(), 3, "{:?}", whole.cells);
    assert_eq!(whole.issues.len(), 2, "a broken line and one over the limit: {:?}", whole.issues);
    let seen = |c: &Collected| c.cells.iter().map(|cell| (cell.row, cell.checked_against(input))).collect::<Vec<_>>();
    for size in [1, 2, 5, 17, 59, 61] {
        let trickled = read(&mut Trickle { rest: input, size });
        assert_eq!(seen(&trickled), seen(&whole), "reads of {size} bytes");
        assert_eq!(trickled.issues, whole.issues, "reads of {size} bytes");
        assert_eq!(trickled.texts, whole.texts, "reads of {size} bytes");
    }
}

#[test]
fn an_object_document_is_one_row() {
    let collected = document(b"{\"users\": [{\"email\": \"a@b.ca\"}]}");
    assert!(collected.issues.is_empty());
    assert_eq!(collected.cells[0].checked_against(b"{\"users\": [{\"email\": \"a@b.ca\"}]}").0, "users[].email");
}

#[test]
fn deep_nesting_is_bounded() {
    let deep = format!("{}1{}", "[".repeat(MAX_DEPTH + 5), "]".repeat(MAX_DEPTH + 5));
    let collected = lines(deep.as_bytes());
    assert_eq!(collected.issues.len(), 1, "too deep: reported, not a crash");
}
