//! Chaos: a tree of about two thousand files in every format, a fraction of
//! them damaged in the way that format breaks. The intact files' findings must
//! be exactly those of a scan of the intact files alone, and every damaged file
//! must be in the error list with a reason.

use crate::util::{repo_root, Tree};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Deterministic values for file `i`.
fn person(i: usize) -> (String, String, String) {
    let email = format!("client{i}@exemple.qc.ca");
    let phone = format!("514-{:03}-{:04}", 200 + i % 700, i % 10_000);
    let postal = format!("H{}X {}Y{}", i % 10, (i / 10) % 10, (i / 100) % 10);
    (email, phone, postal)
}

/// Writes the intact files under `root`, and returns nothing: the scan is the oracle.
fn write_intact(tree: &Tree, root: &str, count: usize) {
    let fixtures = repo_root().join("corpora/structured");
    for i in 0..count {
        let (email, phone, postal) = person(i);
        match i % 8 {
            0 => tree.file(&format!("{root}/notes/n{i}.txt"), format!("Note {i}\ncourriel {email}\ntéléphone {phone}\n")),
            1 => tree.file(&format!("{root}/csv/c{i}.csv"), format!("id,courriel,telephone,code_postal\n{i},{email},{phone},{postal}\n")),
            2 => tree.file(&format!("{root}/ndjson/e{i}.ndjson"), format!("{{\"id\":{i},\"contact\":{{\"email\":\"{email}\"}}}}\n{{\"id\":{i},\"phone\":\"{phone}\"}}\n")),
            3 => tree.file(&format!("{root}/json/d{i}.json"), format!("[{{\"email\":\"{email}\"}},\n {{\"code_postal\":\"{postal}\"}}]\n")),
            4 => tree.file(&format!("{root}/gz/g{i}.log.gz"), gzip(format!("login ok user={email} from 203.0.113.{}\n", i % 250 + 1).as_bytes())),
            5 => tree.file(
                &format!("{root}/sql/s{i}.sql"),
                format!("--\n-- PostgreSQL database dump\n--\n\nCOPY public.users (id, courriel, telephone) FROM stdin;\n{i}\t{email}\t{phone}\n\\.\n\n"),
            ),
            6 if i % 48 == 6 => tree.file(&format!("{root}/parquet/p{i}.parquet"), std::fs::read(fixtures.join("parquet/users.parquet")).unwrap()),
            6 if i % 48 == 14 => tree.file(&format!("{root}/sqlite/q{i}.db"), std::fs::read(fixtures.join("sqlite/app.db")).unwrap()),
            _ => tree.file(&format!("{root}/misc/m{i}.md"), format!("# Compte rendu {i}\n\nJoindre {email} ou {phone}.\n")),
        };
    }
}

/// Writes `count` damaged files under `root`, one kind of damage per format;
/// returns their paths relative to the tree.
fn write_damaged(tree: &Tree, root: &str, count: usize) -> BTreeSet<String> {
    let fixtures = repo_root().join("corpora/structured");
    let parquet = std::fs::read(fixtures.join("parquet/users.parquet")).unwrap();
    let sqlite = std::fs::read(fixtures.join("sqlite/app.db")).unwrap();
    let mut damaged = BTreeSet::new();
    for i in 0..count {
        let (email, phone, _) = person(10_000 + i);
        let (path, bytes): (String, Vec<u8>) = match i % 8 {
            0 => {
                let whole = gzip(format!("user={email}\n").repeat(50).as_bytes());
                (format!("{root}/gz/g{i}.log.gz"), whole[..whole.len() / 2].to_vec())
            }
            1 => (format!("{root}/csv/c{i}.csv"), format!("id,courriel,telephone\n{i},{email}\n{i},{email},{phone}\n").into_bytes()),
            2 => (format!("{root}/ndjson/e{i}.ndjson"), format!("{{\"email\":\"{email}\"}}\n{{\"email\": \n").into_bytes()),
            3 => (format!("{root}/json/d{i}.json"), format!("[{{\"email\":\"{email}\"}},\n {{\"phone\":").into_bytes()),
            4 => (
                format!("{root}/sql/s{i}.sql"),
                format!("--\n-- PostgreSQL database dump\n--\n\nCOPY public.users (id, courriel) FROM stdin;\n{i}\t{email}\n").into_bytes(),
            ),
            5 => (format!("{root}/parquet/p{i}.parquet"), parquet[..parquet.len() - 100].to_vec()),
            6 => (format!("{root}/parquet/corrupt{i}.parquet"), std::fs::read(fixtures.join("parquet/corrupt_page.parquet")).unwrap()),
            _ => (format!("{root}/sqlite/q{i}.db"), sqlite[..sqlite.len() / 3].to_vec()),
        };
        tree.file(&path, bytes);
        damaged.insert(path);
    }
    damaged
}

/// Findings as comparable lines, by path: the JSON without the run-specific parts.
fn findings_by_path(stdout: &str, prefix: &str) -> BTreeMap<String, Vec<String>> {
    let doc: serde_json::Value = serde_json::from_str(stdout).expect("json");
    let mut by_path: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for finding in doc["findings"].as_array().unwrap() {
        let path = finding["path"].as_str().unwrap();
        if let Some(rest) = path.strip_prefix(prefix) {
            by_path.entry(rest.to_string()).or_default().push(finding.to_string());
        }
    }
    by_path
}

#[test]
fn damaged_files_are_reported_and_change_nothing_else() {
    let tree = Tree::new();
    write_intact(&tree, "export/intact", 1800);
    let damaged = write_damaged(&tree, "export/damaged", 240);
    let alone = Tree::new();
    write_intact(&alone, "export/intact", 1800);

    let run = tree.run(&["scan", "export", "--format", "json", "-j", "2"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let reference = alone.run(&["scan", "export", "--format", "json", "-j", "2"]);
    assert_eq!(reference.code, 1);
    let with_damage = findings_by_path(&run.stdout, "export/intact/");
    let intact_alone = findings_by_path(&reference.stdout, "export/intact/");
    assert!(intact_alone.len() > 1500, "most intact files have findings: {}", intact_alone.len());
    assert_eq!(with_damage.len(), intact_alone.len());
    assert!(with_damage == intact_alone, "intact files' findings differ when damaged files are scanned beside them");

    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let errors: BTreeMap<String, String> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap().to_string(), e["reason"].as_str().unwrap().to_string()))
        .collect();
    let reported: BTreeSet<String> = errors.keys().cloned().collect();
    assert_eq!(reported, damaged, "every damaged file, and only those, is in the error list");
    assert!(errors.values().all(|reason| !reason.trim().is_empty()));
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}
