//! The detector on arbitrary bytes: as free text, and as a structured value
//! whose column name is the input's first line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use piimap::detect::Detector;
use piimap::rules::RuleSet;
use std::sync::OnceLock;

fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| Detector::new(RuleSet::builtin().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let detector = detector();
    let mut scratch = detector.scratch();
    let mut count = 0usize;
    detector.find(&mut scratch, data, 0..data.len(), |found| {
        assert!(found.start < found.end && found.end <= data.len());
        count += 1;
    });
    // Any sub-span, starting mid-input, as the scanner does after a mid-line cut.
    let from = data.len() / 3;
    detector.find(&mut scratch, data, from..data.len(), |found| assert!(found.start >= from));
    let (name, value) = match data.iter().position(|&b| b == b'\n') {
        Some(newline) => (&data[..newline], &data[newline + 1..]),
        None => (&b"telephone"[..], data),
    };
    let evidence = detector.field_evidence(&String::from_utf8_lossy(name));
    detector.find_in_field(&mut scratch, value, 0..value.len(), Some(&evidence), |found| {
        assert!(found.end <= value.len());
    });
    let _ = count;
});
