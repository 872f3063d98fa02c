use crate::util::{json_lines, Tree};
use piimap::source::text::{ALIGN_WINDOW, CHUNK_SIZE};

const EMAIL: &[u8] = b"chunk.boundary@exemple.qc.ca";

/// Scans `file` in `tree` with `threads` workers and returns the findings.
fn scan(tree: &Tree, threads: &str) -> (String, Vec<serde_json::Value>) {
    let run = tree.run(&["scan", "big.txt", "--format", "jsonl", "-j", threads]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = json_lines(&run.stdout);
    (run.stdout, findings)
}

/// Offsets of every occurrence of `needle`.
fn occurrences(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect()
}

#[test]
fn a_match_straddling_a_mid_line_cut_is_found_exactly_once() {
    // One 17 MiB line: no newline for the chunker to align on, so chunks are cut
    // mid-line and emails are planted right across the cuts.
    let size = (CHUNK_SIZE * 2 + ALIGN_WINDOW * 3) as usize;
    let mut content: Vec<u8> = b"lorem ipsum ".iter().copied().cycle().take(size).collect();
    let cut = CHUNK_SIZE as usize;
    let plants = [10, cut - 10, cut + 100, 2 * cut - EMAIL.len() + 1, 2 * cut + 50, size - EMAIL.len() - 2];
    for &at in &plants {
        content[at - 1] = b' ';
        content[at..at + EMAIL.len()].copy_from_slice(EMAIL);
        content[at + EMAIL.len()] = b' ';
    }
    // Planting may overlap neighbours; the truth is what the bytes now hold.
    let expected = occurrences(&content, EMAIL);
    assert!(expected.len() >= 6, "test set-up plants straddling values");
    let tree = Tree::new();
    tree.file("big.txt", &content);
    let (one, findings) = scan(&tree, "1");
    let starts: Vec<usize> = findings.iter().map(|f| f["start"].as_u64().unwrap() as usize).collect();
    assert_eq!(starts, expected, "each planted value once, at its offset");
    assert!(findings.iter().all(|f| f["line"] == 1));
    for finding in &findings {
        assert_eq!(finding["column"].as_u64().unwrap(), finding["start"].as_u64().unwrap() + 1);
    }
    let (three, _) = scan(&tree, "3");
    assert_eq!(one, three, "identical output whatever the thread count");
}

#[test]
fn line_numbers_are_exact_across_line_aligned_chunks() {
    // ~20 MiB of short lines, with a value every 997 lines and around each nominal cut.
    let mut content = Vec::new();
    let mut expected = Vec::new(); // (line, start)
    let mut line = 1u64;
    let cuts = [CHUNK_SIZE as usize, 2 * CHUNK_SIZE as usize];
    while content.len() < (CHUNK_SIZE * 2 + CHUNK_SIZE / 2) as usize {
        let near_cut = cuts.iter().any(|&cut| content.len() + 200 > cut && content.len() < cut + 200);
        if line % 997 == 0 || near_cut {
            content.extend_from_slice(b"contact: ");
            expected.push((line, content.len()));
            content.extend_from_slice(EMAIL);
            content.extend_from_slice(b"\n");
        } else {
            content.extend_from_slice(format!("line {line} has nothing to report, only words\n").as_bytes());
        }
        line += 1;
    }
    let tree = Tree::new();
    tree.file("big.txt", &content);
    let (one, findings) = scan(&tree, "1");
    let got: Vec<(u64, usize)> =
        findings.iter().map(|f| (f["line"].as_u64().unwrap(), f["start"].as_u64().unwrap() as usize)).collect();
    assert_eq!(got.len(), expected.len());
    assert_eq!(got, expected);
    assert!(findings.iter().all(|f| f["column"] == 10));
    let (two, _) = scan(&tree, "2");
    assert_eq!(one, two);
}

#[test]
fn compressed_text_is_streamed_with_the_same_findings() {
    use std::io::Write;
    // ~17 MiB of lines, and one 9 MiB line, so blocks are cut both ways.
    let mut content = Vec::new();
    let mut line = 0u64;
    while content.len() < (CHUNK_SIZE + CHUNK_SIZE / 2) as usize {
        line += 1;
        if line % 1009 == 0 {
            content.extend_from_slice(b"contact: ");
            content.extend_from_slice(EMAIL);
            content.push(b'\n');
        } else {
            content.extend_from_slice(format!("line {line} with nothing personal in it at all\n").as_bytes());
        }
    }
    let long_line_start = content.len();
    content.extend(b"lorem ipsum ".iter().cycle().take((CHUNK_SIZE + ALIGN_WINDOW) as usize));
    let cut = long_line_start + CHUNK_SIZE as usize - 10;
    content[cut - 1] = b' ';
    content[cut..cut + EMAIL.len()].copy_from_slice(EMAIL);
    content.extend_from_slice(b"\nlast line NAS 130 692 544\n");
    let tree = Tree::new();
    tree.file("big.txt", &content);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&content).unwrap();
    tree.file("big.txt.gz", gz.finish().unwrap());
    let zst = zstd::stream::encode_all(&content[..], 1).unwrap();
    tree.file("big.txt.zst", zst);
    let plain = json_lines(&tree.run(&["scan", "big.txt", "--format", "jsonl"]).stdout);
    assert!(plain.len() > 10);
    for name in ["big.txt.gz", "big.txt.zst"] {
        let packed = json_lines(&tree.run(&["scan", name, "--format", "jsonl"]).stdout);
        let key =
            |f: &serde_json::Value| (f["line"].clone(), f["column"].clone(), f["start"].clone(), f["category"].clone());
        let (a, b): (Vec<_>, Vec<_>) = (plain.iter().map(key).collect(), packed.iter().map(key).collect());
        assert_eq!(a, b, "{name}: same findings at the same places as the plain file");
    }
}

#[test]
fn a_corrupt_compressed_file_is_reported_and_the_scan_goes_on() {
    let tree = Tree::new();
    tree.file("broken.log.gz", b"this is not gzip at all");
    tree.file("fine.txt", "NAS 130 692 544\n");
    let run = tree.run(&["scan", ".", "--format", "jsonl"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("broken.log.gz: "), "{}", run.stderr);
    assert_eq!(json_lines(&run.stdout).len(), 1);
}

#[test]
fn big_structured_files_stream_their_findings_in_order() {
    // Over 20,000 findings each: their output is streamed in parts while they run.
    let tree = Tree::new();
    let emails: String = (0..30_000).map(|i| format!("{i},user{i}@exemple.qc.ca\n")).collect();
    tree.file("a_clients.csv", format!("id,courriel\n{emails}"));
    tree.file("b_note.txt", "NAS 130 692 544\n");
    let phones: String = (0..25_000).map(|i| format!("{i},514555{:04}\n", i % 10_000)).collect();
    tree.file("c_contacts.csv", format!("id,telephone\n{phones}"));
    let one = tree.run(&["scan", ".", "--format", "jsonl", "-j", "1"]);
    let two = tree.run(&["scan", ".", "--format", "jsonl", "-j", "2"]);
    assert_eq!(one.stdout, two.stdout, "same bytes whatever the thread count");
    let findings = json_lines(&one.stdout);
    assert_eq!(findings.len(), 30_000 + 1 + 25_000);
    let order: Vec<(&str, u64)> =
        findings.iter().map(|f| (f["path"].as_str().unwrap(), f["row"].as_u64().unwrap_or(0))).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "path order, then row order");
    let json = tree.run(&["scan", ".", "--format", "json", "-j", "2"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON across partial writes");
    assert_eq!(doc["findings"].as_array().unwrap().len(), 55_001);
    assert_eq!(doc["summary"]["findings"], 55_001);
}

/// A big CSV, NDJSON or JSON document is read in pieces by several workers
/// (`--split-size`): findings with their lines and rows, column profiles and
/// read issues are exactly those of a read in one piece. The CSV has a byte
/// order mark, quoted newlines (a piece must not start inside one) and ragged
/// rows; the NDJSON file has empty and broken lines; the JSON array has
/// brackets inside strings (a piece must start at an element).
#[test]
fn big_csv_ndjson_and_json_files_read_in_pieces_like_whole() {
    let tree = Tree::new();
    let mut csv = "\u{feff}name,courriel,notes,telephone\n".to_string();
    for i in 0..3000 {
        csv += &format!("n{i},user{i}@exemple.qc.ca,\"ligne un\nligne deux {i}\",418-549-{:04}\n", i % 10_000);
        if i % 777 == 0 {
            csv += "ragged,row\n";
        }
    }
    tree.file("big.csv", &csv);
    let mut ndjson = String::new();
    for i in 0..3000 {
        ndjson += &format!(
            "{{\"id\":{i},\"contact\":{{\"email\":\"p{i}@exemple.qc.ca\",\"ip\":\"203.0.113.{}\"}}}}\n",
            i % 250
        );
        if i % 500 == 0 {
            ndjson += "\n{broken\n";
        }
    }
    tree.file("events.ndjson", &ndjson);
    // A JSON document: one array, pretty-printed, with brackets inside strings.
    let mut document = String::from("[\n");
    for i in 0..3000 {
        let separator = if i == 2999 { "" } else { "," };
        document += &format!(
            "  {{\n    \"note\": \"],[{{ {i}\",\n    \"courriel\": \"d{i}@exemple.qc.ca\", \"tel\": \"514-555-{:04}\"\n  }}{separator}\n",
            i % 10_000
        );
    }
    document += "]\n";
    tree.file("export.json", &document);
    let report = |split_size: &str| {
        let run = tree.run(&["scan", ".", "--format", "json", "--split-size", split_size, "-j", "2"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let mut report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        report.as_object_mut().unwrap().remove("summary"); // holds the elapsed time
        report
    };
    let whole = report("1G");
    assert_eq!(whole["findings"].as_array().unwrap().len(), 3000 * 2 + 3000 * 2 + 3000 * 2);
    assert!(!whole["errors"].as_array().unwrap().is_empty(), "ragged rows and broken lines are reported");
    // About 60 pieces for the CSV and 40 for the NDJSON file.
    assert_eq!(report("4K"), whole);
    let lines =
        |split_size: &str| tree.run(&["scan", ".", "--format", "jsonl", "--split-size", split_size, "-j", "2"]).stdout;
    assert_eq!(lines("4K"), lines("1G"));
}

/// The real pg_dump and mysqldump fixtures (COPY blocks, multi-line INSERTs,
/// extended inserts, a truncated dump) read in pieces of 2 KiB, so that pieces
/// start inside COPY blocks and between INSERTs: findings, rows per table,
/// column profiles and the truncation reports are those of a whole read.
#[test]
fn sql_dumps_read_in_pieces_like_whole() {
    let tree = Tree::new();
    let fixtures = crate::util::repo_root().join("corpora/structured");
    let mut dumps = 0;
    for dialect in ["pg", "mysql"] {
        for entry in std::fs::read_dir(fixtures.join(dialect)).unwrap() {
            let path = entry.unwrap().path();
            let name = format!("{dialect}-{}", path.file_name().unwrap().to_string_lossy());
            tree.file(&name, std::fs::read(&path).unwrap());
            dumps += 1;
        }
    }
    assert!(dumps >= 6);
    let report = |split_size: &str| {
        let run = tree.run(&["scan", ".", "--format", "json", "--split-size", split_size, "-j", "2"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let mut report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        report.as_object_mut().unwrap().remove("summary");
        report
    };
    let whole = report("1G");
    assert!(whole["findings"].as_array().unwrap().len() > 1000);
    let errors = whole["errors"].as_array().unwrap();
    assert!(errors.iter().any(|e| e["reason"].as_str().unwrap().contains("truncated")), "{errors:?}");
    assert_eq!(report("2K"), whole);
}
