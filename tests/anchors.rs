//! The anchor plan (`src/detect/anchor.rs`) must never change a result: the
//! detector that runs its automaton only around anchor bytes reports exactly
//! what the one that searches every byte reports, on every labelled fixture
//! and on random text dense in digits, `@`, `:` and separators.

use piimap::detect::{Detector, Match};
use piimap::rules::RuleSet;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn detectors() -> (Detector, Detector) {
    let anchored = Detector::new(RuleSet::builtin().unwrap()).unwrap();
    assert!(anchored.is_anchored(), "every built-in rule names an anchor");
    let everything = Detector::new(RuleSet::builtin().unwrap()).unwrap().searching_everything();
    assert!(!everything.is_anchored());
    (anchored, everything)
}

fn matches(detector: &Detector, hay: &[u8], span: std::ops::Range<usize>) -> Vec<Match> {
    let mut scratch = detector.scratch();
    let mut out = Vec::new();
    detector.find(&mut scratch, hay, span, |found| out.push(found));
    out
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn anchored_search_equals_full_search_on_every_fixture() {
    let (anchored, everything) = detectors();
    let mut files = Vec::new();
    files_under(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora").as_path(), &mut files);
    files.sort();
    assert!(files.len() > 20, "fixtures found: {}", files.len());
    let mut total = 0;
    for file in &files {
        let hay = std::fs::read(file).unwrap();
        let expected = matches(&everything, &hay, 0..hay.len());
        assert_eq!(matches(&anchored, &hay, 0..hay.len()), expected, "{}", file.display());
        // A span inside the buffer, as a chunk of a split file is searched.
        let span = hay.len() / 3..hay.len() * 2 / 3;
        assert_eq!(matches(&anchored, &hay, span.clone()), matches(&everything, &hay, span), "{}", file.display());
        total += expected.len();
    }
    assert!(total > 5000, "the fixtures hold values: {total}");
}

/// Text made of the pieces values are built from, so that candidates, near
/// misses and anchors of every kind are frequent and overlap.
fn dense_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("@".to_string()),
        Just(":".to_string()),
        Just("::".to_string()),
        Just(".".to_string()),
        Just("-".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("(".to_string()),
        Just(") ".to_string()),
        Just("+1 ".to_string()),
        Just("ext ".to_string()),
        Just("tél. ".to_string()),
        Just("NAS ".to_string()),
        Just("ip=".to_string()),
        Just("example.com".to_string()),
        Just("H2K".to_string()),
        "[0-9]{1,10}",
        "[a-f0-9]{1,4}",
        "[a-zA-Z._%+-]{1,12}",
        "[ \t]{1,70}",
    ];
    proptest::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn anchored_search_equals_full_search_on_random_text(text in dense_text(), cut in 0usize..64) {
        let (anchored, everything) = detectors();
        let hay = text.as_bytes();
        prop_assert_eq!(matches(&anchored, hay, 0..hay.len()), matches(&everything, hay, 0..hay.len()));
        let span = cut.min(hay.len())..hay.len();
        prop_assert_eq!(matches(&anchored, hay, span.clone()), matches(&everything, hay, span));
    }
}

/// Lines like a log's or a dump's: a timestamp and a nine-digit id on each
/// (candidates of rules that need context: birth dates, business numbers,
/// SINs), and now and then a line whose words give some category context.
fn log_lines() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        8 => ("[0-9]{3}", "[0-9]{9}").prop_map(|(ms, id)| format!("2024-03-12 10:22:01.{ms} GET /orders/{id} 200\n")),
        4 => "[0-9]{9}".prop_map(|id| format!("1987-04-12,{id},1 800 555 0199,H2K3V9\n")),
        1 => Just("born 1987-04-12 DOB\n".to_string()),
        1 => Just("BN 123456782, NAS 046 454 286\n".to_string()),
        1 => Just("Quel est votre NAS ?\n".to_string()),
        1 => "[0-9]{9}".prop_map(|id| format!("passport AB123456 transit 12345-003-{id}\n")),
        1 => Just("Montréal, QC H2K3V9 licence A1234-123456-12\n".to_string()),
    ];
    proptest::collection::vec(line, 70..260).prop_map(|lines| lines.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Past a few dozen candidates needing context, the detector takes the
    /// rules whose category nothing in the rest of the buffer speaks for out of
    /// its search (`src/detect/gate.rs`): the findings must not change, wherever
    /// the words that give context are, and whatever a column name says.
    #[test]
    fn gated_search_equals_full_search_on_log_lines(
        text in log_lines(),
        cut in 0usize..2000,
        field in 0usize..3,
        quiet in any::<bool>(),
    ) {
        let (anchored, everything) = detectors();
        // Quiet: only the lines no word gives context to.
        let text: String = match quiet {
            true => text.split_inclusive('\n').filter(|line| line.starts_with(['1', '2'])).collect(),
            false => text,
        };
        let hay = text.as_bytes();
        prop_assert_eq!(matches(&anchored, hay, 0..hay.len()), matches(&everything, hay, 0..hay.len()));
        let span = cut.min(hay.len())..hay.len();
        prop_assert_eq!(matches(&anchored, hay, span.clone()), matches(&everything, hay, span.clone()));
        let name = ["date_of_birth", "created_at", "business_number"][field];
        let in_field = |detector: &Detector| {
            let evidence = detector.field_evidence(name);
            let mut scratch = detector.scratch();
            let mut out = Vec::new();
            detector.find_in_field(&mut scratch, hay, span.clone(), Some(&evidence), |found| out.push(found));
            out
        };
        prop_assert_eq!(in_field(&anchored), in_field(&everything));
    }
}

/// A batch of column values, some columns named for a category whose rules
/// need context (`birth_date`, `telephone`), others not (`created_at`), and a
/// few notes whose words give context: the gates (`src/detect/gate.rs`) must
/// leave every finding as one search of every byte gives it.
#[test]
fn gated_search_of_column_values_finds_what_one_search_finds() {
    use arrow_array::{ArrayRef, RecordBatch, StringArray};
    use piimap::engine::Engine;
    use std::sync::Arc;
    let rows = 400;
    let column =
        |make: &dyn Fn(usize) -> String| -> ArrayRef { Arc::new(StringArray::from_iter_values((0..rows).map(make))) };
    let engine = |detector: Detector| {
        let fingerprints = piimap::redact::Fingerprinter::with_key(b"test key".to_vec());
        Engine::new(detector, fingerprints, Default::default(), Default::default())
    };
    // With notes that speak of births and business numbers, and without.
    for words in [true, false] {
        let batch = RecordBatch::try_from_iter([
            ("order_no", column(&|row| format!("{:09}", 100_000_000 + row * 7919))),
            ("created_at", column(&|row| format!("2024-{:02}-{:02} 10:22:01", row % 12 + 1, row % 28 + 1))),
            ("birth_date", column(&|row| format!("19{:02}-{:02}-{:02}", 50 + row % 40, row % 12 + 1, row % 28 + 1))),
            (
                "notes",
                column(&|row| match row % 50 {
                    0 if words => "born 1987-04-12, NAS 046 454 286".to_string(),
                    1 if words => "BN 123456782 RT0001; call 514 555 0199".to_string(),
                    _ => format!("seen 2023-11-{:02}, ref {}", row % 28 + 1, 500_000_000 + row),
                }),
            ),
            ("telephone", column(&|row| format!("514555{:04}", row))),
        ])
        .unwrap();
        let (gated, everything) = detectors();
        let found = |detector: Detector| engine(detector).scan_batch("t", batch.clone()).unwrap().findings;
        let expected = found(everything);
        let rules: std::collections::BTreeSet<usize> = expected.iter().map(|finding| finding.rule).collect();
        assert!(rules.len() >= 2, "birth dates and bare phones, by their columns' names: {rules:?}");
        assert_eq!(found(gated), expected, "notes with context words: {words}");
    }
}
