//! Accuracy on the labelled corpora: `corpora/core` and `corpora/context` (text;
//! matched on path, line, category) and `corpora/structured` (matched on path,
//! table, field, row, category). See each corpus's README for its labelling rules.

use crate::util::{json_lines, repo_root, run_in, IDENTIFIERS};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The floor every category must reach, on precision and on recall.
const MINIMUM: f64 = 0.99;

/// One category's figures.
struct Score {
    labelled: usize,
    precision: f64,
    recall: f64,
}

/// Precision and recall of `found` against `expected` (multisets of keys) for
/// the keys of `category`; prints the figures.
fn score<K: Eq + std::hash::Hash>(
    category: &str,
    expected: &HashMap<K, usize>,
    found: &HashMap<K, usize>,
    category_of: impl Fn(&K) -> &String,
) -> Score {
    let count = |map: &HashMap<K, usize>| -> usize {
        map.iter().filter(|(k, _)| category_of(k) == category).map(|(_, v)| v).sum()
    };
    let true_positives: usize = expected
        .iter()
        .filter(|(k, _)| category_of(k) == category)
        .map(|(k, v)| (*v).min(found.get(k).copied().unwrap_or(0)))
        .sum();
    let (labelled, reported) = (count(expected), count(found));
    let precision = true_positives as f64 / reported.max(1) as f64;
    let recall = true_positives as f64 / labelled.max(1) as f64;
    println!(
        "{category:<12} labelled {labelled:>4}  reported {reported:>4}  precision {precision:.3}  recall {recall:.3}"
    );
    Score { labelled, precision, recall }
}

type Key = (String, u64, String);

fn expected(dir: &str) -> HashMap<Key, usize> {
    let text = std::fs::read_to_string(repo_root().join(dir).join("expected.tsv")).expect("expected.tsv");
    let mut expected = HashMap::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let key = (fields[0].to_string(), fields[1].parse().expect("line number"), fields[2].to_string());
        *expected.entry(key).or_default() += 1;
    }
    expected
}

fn found(dir: &str) -> HashMap<Key, usize> {
    let run = run_in(&repo_root(), &["scan", dir, "--format", "jsonl"]);
    assert!(run.code == 1, "scan failed: {}", run.stderr);
    let prefix = format!("{dir}/");
    let mut found = HashMap::new();
    for finding in json_lines(&run.stdout) {
        let path = finding["path"].as_str().unwrap().strip_prefix(&prefix).expect("path under the corpus").to_string();
        let key = (path, finding["line"].as_u64().unwrap(), finding["category"].as_str().unwrap().to_string());
        *found.entry(key).or_default() += 1;
    }
    found
}

#[test]
fn core_corpus_precision_and_recall_per_category() {
    text_corpus_precision_and_recall("corpora/core", &["email", "phone", "postal_code", "sin", "ip_address"]);
}

/// Context read like a person: attached keys, product tokens, table headers,
/// questions answered on the next line, provinces before postal codes, phone
/// and email shapes (issue 14).
#[test]
fn context_corpus_precision_and_recall_per_category() {
    text_corpus_precision_and_recall("corpora/context", &["email", "phone", "postal_code", "sin", "ip_address"]);
}

/// Payment cards, health numbers, driver's licences, passports, bank
/// accounts, business numbers and dates of birth, EN and FR, in text and in
/// columns, with their hard negatives (issue 20).
#[test]
fn identifiers_corpus_precision_and_recall_per_category() {
    text_corpus_precision_and_recall("corpora/identifiers", &IDENTIFIERS);
}

fn text_corpus_precision_and_recall(dir: &str, required: &[&str]) {
    let expected = expected(dir);
    let found = found(dir);
    let categories: BTreeSet<&String> = expected.keys().chain(found.keys()).map(|k| &k.2).collect();
    let mut table = BTreeMap::new();
    for category in &categories {
        let Score { labelled, precision, recall, .. } = score(category, &expected, &found, |k| &k.2);
        table.insert(category.to_string(), (precision, recall, labelled));
    }
    let mut misses: Vec<_> = expected.iter().filter(|(k, v)| found.get(*k).copied().unwrap_or(0) < **v).collect();
    let mut extras: Vec<_> = found.iter().filter(|(k, v)| expected.get(*k).copied().unwrap_or(0) < **v).collect();
    misses.sort();
    extras.sort();
    for (name, (precision, recall, labelled)) in &table {
        let floor = if required.contains(&name.as_str()) { 50 } else { 20 };
        assert!(*labelled >= floor, "{name}: too few labelled examples ({labelled}) for the figure to mean anything");
        assert!(
            *precision >= MINIMUM && *recall >= MINIMUM,
            "{name}: precision {precision:.3}, recall {recall:.3}\nmissed: {misses:?}\nextra: {extras:?}"
        );
    }
    for category in required {
        assert!(table.contains_key(*category), "corpus has no {category}");
    }
}

/// (path, table, field, row, category) in `corpora/structured`.
type CellKey = (String, String, String, u64, String);

/// Labelled fixtures: every file but the damaged ones (checked separately).
fn structured_supported(path: &str) -> bool {
    !path.contains("/bad_") && !path.contains("truncated") && !path.contains("corrupt_")
}

#[test]
fn structured_corpus_precision_and_recall_per_category() {
    let dir = "corpora/structured";
    let text = std::fs::read_to_string(repo_root().join(dir).join("expected.tsv")).expect("expected.tsv");
    let mut expected: HashMap<CellKey, usize> = HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if structured_supported(f[0]) {
            let key = (f[0].to_string(), f[1].to_string(), f[2].to_string(), f[3].parse().unwrap(), f[4].to_string());
            *expected.entry(key).or_default() += 1;
        }
    }
    let roots = [
        "corpora/structured/csv",
        "corpora/structured/json",
        "corpora/structured/pg",
        "corpora/structured/mysql",
        "corpora/structured/compressed",
        "corpora/structured/parquet",
        "corpora/structured/sqlite",
    ];
    let mut args = vec!["scan", "--format", "jsonl"];
    args.extend(roots);
    let run = run_in(&repo_root(), &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut found: HashMap<CellKey, usize> = HashMap::new();
    for finding in json_lines(&run.stdout) {
        let path = finding["path"].as_str().unwrap().strip_prefix("corpora/structured/").unwrap().to_string();
        if !structured_supported(&path) {
            continue;
        }
        let key = (
            path,
            finding["table"].as_str().expect("structured findings have a table").to_string(),
            finding["field"].as_str().expect("and a field").to_string(),
            finding["row"].as_u64().expect("and a row"),
            finding["category"].as_str().unwrap().to_string(),
        );
        *found.entry(key).or_default() += 1;
    }
    let categories: BTreeSet<String> = expected.keys().map(|k| k.4.clone()).collect();
    for category in &categories {
        let Score { labelled, precision, recall, .. } = score(category, &expected, &found, |k| &k.4);
        assert!(labelled >= 40, "{category}: too few labels ({labelled}) for the figure to mean anything");
        let mut missed: Vec<_> = expected
            .iter()
            .filter(|(k, v)| &k.4 == category && found.get(*k).copied().unwrap_or(0) < **v)
            .map(|(k, _)| k)
            .collect();
        missed.sort();
        missed.truncate(5);
        assert!(
            precision >= MINIMUM && recall >= MINIMUM,
            "{category}: precision {precision:.3}, recall {recall:.3}; missed {missed:?}"
        );
    }
    // Damaged files: reported with where, and the rest of them still scanned.
    assert!(run.stderr.contains("bad_ragged.csv: row 4 (line 6): 3 fields where the header has 7"), "{}", run.stderr);
    assert!(run.stderr.contains("bad_halfway.ndjson: line 21: invalid JSON"), "{}", run.stderr);
    assert!(run.stderr.contains("export_truncated.sql: table sessions: COPY block not terminated"), "{}", run.stderr);
    assert!(run.stderr.contains("corrupt_footer.parquet: not a readable Parquet file"), "{}", run.stderr);
    assert!(
        run.stderr.contains("corrupt_page.parquet: row group 1 (rows 16..32), column contact.email: cannot decode"),
        "{}",
        run.stderr
    );
    // The corrupt page loses its column chunk and nothing else: every label of
    // users.parquet outside contact.email in rows 16..32 is found in the damaged copy.
    let damaged: Vec<(String, u64, String)> = json_lines(&run.stdout)
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with("corrupt_page.parquet"))
        .map(|f| {
            (f["field"].as_str().unwrap().into(), f["row"].as_u64().unwrap(), f["category"].as_str().unwrap().into())
        })
        .collect();
    let recoverable = expected
        .keys()
        .filter(|k| k.0 == "parquet/users.parquet" && !(k.2 == "contact.email" && (16..32).contains(&k.3)))
        .map(|k| expected[k])
        .sum::<usize>();
    assert_eq!(damaged.len(), recoverable);
    assert_eq!(recoverable, 342, "the README's count of recoverable labels");
    let truncated_tables: BTreeSet<String> = json_lines(&run.stdout)
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with("export_truncated.sql"))
        .map(|f| f["table"].as_str().unwrap().to_string())
        .collect();
    // pg_dump orders tables by name: legacy_import is whole, sessions is cut, users never came.
    assert_eq!(truncated_tables, BTreeSet::from(["legacy_import".to_string(), "sessions".to_string()]));
    let halfway_rows: BTreeSet<u64> = json_lines(&run.stdout)
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with("bad_halfway.ndjson"))
        .map(|f| f["row"].as_u64().unwrap())
        .collect();
    assert!(
        halfway_rows.iter().any(|r| *r < 20) && halfway_rows.iter().any(|r| *r > 20) && !halfway_rows.contains(&20),
        "lines on both sides of the broken line 20 are read: {halfway_rows:?}"
    );
}

#[test]
fn column_profile_matches_the_labels() {
    let run = run_in(
        &repo_root(),
        &[
            "scan",
            "corpora/structured/csv/users.csv",
            "corpora/structured/pg/export.sql",
            "corpora/structured/parquet/users.parquet",
            "corpora/structured/sqlite/app.db",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let columns = doc["columns"].as_array().expect("columns");
    // Labels: distinct (path, table, field, row) per category.
    let text = std::fs::read_to_string(repo_root().join("corpora/structured/expected.tsv")).unwrap();
    let mut labelled: HashMap<(String, String, String, String), Vec<u64>> = HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let key = (f[0].to_string(), f[1].to_string(), f[2].to_string(), f[4].to_string());
        labelled.entry(key).or_default().push(f[3].parse().unwrap());
    }
    // Values: non-empty cells of the column, counted independently with the csv crate.
    let mut reader = csv::Reader::from_path(repo_root().join("corpora/structured/csv/users.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let mut non_empty: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        for (name, value) in headers.iter().zip(record.unwrap().iter()) {
            if !value.is_empty() {
                *non_empty.entry(name.to_string()).or_default() += 1;
            }
        }
    }
    let mut checked = 0;
    for column in columns {
        let path = column["path"].as_str().unwrap().strip_prefix("corpora/structured/").unwrap();
        let key = (
            path.to_string(),
            column["table"].as_str().unwrap().to_string(),
            column["field"].as_str().unwrap().to_string(),
            column["category"].as_str().unwrap().to_string(),
        );
        let rows = labelled.get(&key).unwrap_or_else(|| panic!("profile for an unlabelled column: {key:?}"));
        // A value is a cell, or one element of a list: a cell holding two values
        // of a category matches once, each element of a list once.
        let values = if key.2.contains("[]") { rows.len() } else { rows.iter().collect::<BTreeSet<_>>().len() };
        assert_eq!(column["matched"].as_u64().unwrap(), values as u64, "{key:?}");
        if path.ends_with("users.csv") {
            assert_eq!(column["values"].as_u64().unwrap(), non_empty[&key.2], "{key:?}");
        }
        let ratio = column["ratio"].as_f64().unwrap();
        assert!((ratio - column["matched"].as_f64().unwrap() / column["values"].as_f64().unwrap()).abs() < 1e-9);
        assert!(!column["examples"].as_array().unwrap().is_empty());
        checked += 1;
    }
    let profiled = ["csv/users.csv", "pg/export.sql", "parquet/users.parquet", "sqlite/app.db"];
    let labelled_columns = labelled.keys().filter(|k| profiled.contains(&k.0.as_str())).count();
    assert_eq!(checked, labelled_columns, "one profile entry per labelled column and category");

    let sampled =
        run_in(&repo_root(), &["scan", "corpora/structured/csv/users.csv", "--format", "json", "--sample-rows", "10"]);
    let doc: serde_json::Value = serde_json::from_str(&sampled.stdout).unwrap();
    assert_eq!(doc["summary"]["sample_rows"], 10);
    assert!(doc["columns"].as_array().unwrap().iter().all(|c| c["values"].as_u64().unwrap() <= 10));
    assert!(doc["findings"].as_array().unwrap().iter().all(|f| f["row"].as_u64().unwrap() < 10));
}
