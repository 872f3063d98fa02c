//! Accuracy on the labelled corpus `corpora/core` (see its README for the
//! labelling rules). Matching is on (path, line, category) as a multiset.

use crate::util::{json_lines, repo_root, run_in};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The floor every category must reach, on precision and on recall.
const MINIMUM: f64 = 0.98;

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
    let expected = expected("corpora/core");
    let found = found("corpora/core");
    let categories: BTreeSet<&String> = expected.keys().chain(found.keys()).map(|k| &k.2).collect();
    let mut table = BTreeMap::new();
    for category in &categories {
        let count = |map: &HashMap<Key, usize>| -> usize {
            map.iter().filter(|(k, _)| &&k.2 == category).map(|(_, v)| v).sum()
        };
        let true_positives: usize = expected
            .iter()
            .filter(|(k, _)| &&k.2 == category)
            .map(|(k, v)| (*v).min(found.get(k).copied().unwrap_or(0)))
            .sum();
        let (labelled, reported) = (count(&expected), count(&found));
        let precision = true_positives as f64 / reported.max(1) as f64;
        let recall = true_positives as f64 / labelled.max(1) as f64;
        println!("{category:<12} labelled {labelled:>4}  reported {reported:>4}  precision {precision:.3}  recall {recall:.3}");
        table.insert(category.to_string(), (precision, recall, labelled));
    }
    let mut misses: Vec<_> = expected.iter().filter(|(k, v)| found.get(*k).copied().unwrap_or(0) < **v).collect();
    let mut extras: Vec<_> = found.iter().filter(|(k, v)| expected.get(*k).copied().unwrap_or(0) < **v).collect();
    misses.sort();
    extras.sort();
    for (name, (precision, recall, labelled)) in &table {
        assert!(*labelled >= 50, "{name}: too few labelled examples ({labelled}) for the figure to mean anything");
        assert!(
            *precision >= MINIMUM && *recall >= MINIMUM,
            "{name}: precision {precision:.3}, recall {recall:.3}\nmissed: {misses:?}\nextra: {extras:?}"
        );
    }
    for category in ["email", "phone", "postal_code", "sin", "ip_address"] {
        assert!(table.contains_key(category), "corpus has no {category}");
    }
}
