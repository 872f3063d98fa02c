//! The detector on arbitrary bytes: as free text, and as a structured value
//! whose column name is the input's first line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use piimap::detect::{Detector, Scratch};
use piimap::rules::RuleSet;
use std::sync::{Mutex, OnceLock};

fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| Detector::new(RuleSet::builtin().unwrap()).unwrap())
}

/// One scratch space for the whole run, as a worker keeps one: its lazy DFA
/// cache warms up instead of being rebuilt for every input.
fn scratch() -> &'static Mutex<Scratch> {
    static SCRATCH: OnceLock<Mutex<Scratch>> = OnceLock::new();
    SCRATCH.get_or_init(|| Mutex::new(detector().scratch()))
}

fuzz_target!(|data: &[u8]| {
    let detector = detector();
    let mut scratch = scratch().lock().unwrap();
    let scratch = &mut *scratch;
    let mut count = 0usize;
    detector.find(scratch, data, 0..data.len(), |found| {
        assert!(found.start < found.end && found.end <= data.len());
        count += 1;
    });
    // Any sub-span, starting mid-input, as the scanner does after a mid-line cut.
    let from = data.len() / 3;
    detector.find(scratch, data, from..data.len(), |found| assert!(found.start >= from));
    let (name, value) = match data.iter().position(|&b| b == b'\n') {
        Some(newline) => (&data[..newline], &data[newline + 1..]),
        None => (&b"telephone"[..], data),
    };
    let evidence = detector.field_evidence(&String::from_utf8_lossy(name));
    detector.find_in_field(scratch, value, 0..value.len(), Some(&evidence), |found| {
        assert!(found.end <= value.len());
    });
    let _ = count;
});
