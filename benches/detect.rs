//! Engine throughput (one core): `Detector::find` over generated text of several
//! kinds, reported in bytes/s. Run with `cargo bench --bench detect`.
//!
//! The inputs are generated here, deterministically, so the figures compare
//! from run to run: realistic lines with personal data at the density each kind
//! of file has, plus the extremes (dense PII, none at all).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use piimap::detect::Detector;
use piimap::rules::RuleSet;

/// Size of each generated input.
const INPUT_BYTES: usize = 4 << 20;

/// A tiny deterministic generator (xorshift), so inputs need no dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn phone(&mut self) -> String {
        format!("{}-{}-{:04}", 200 + self.below(700), 200 + self.below(700), self.below(10000))
    }
    fn ip(&mut self) -> String {
        format!("{}.{}.{}.{}", 1 + self.below(220), self.below(256), self.below(256), 1 + self.below(254))
    }
    fn email(&mut self) -> String {
        format!("user{}@example{}.ca", self.below(100000), self.below(50))
    }
    fn postal(&mut self) -> String {
        const FIRST: &[u8] = b"ABCEGHJKLMNPRSTVXY";
        const OTHER: &[u8] = b"ABCEGHJKLMNPRSTVWXYZ";
        let letter = |r: &mut Random, set: &[u8]| set[r.below(set.len() as u64) as usize] as char;
        let (a, b, c) = (letter(self, FIRST), letter(self, OTHER), letter(self, OTHER));
        format!("{a}{}{b} {}{c}{}", self.below(10), self.below(10), self.below(10))
    }
}

fn fill(mut line: impl FnMut(&mut Random) -> String) -> Vec<u8> {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::with_capacity(INPUT_BYTES + 256);
    while out.len() < INPUT_BYTES {
        out.extend_from_slice(line(&mut random).as_bytes());
        out.push(b'\n');
    }
    out
}

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "access_log",
            fill(|r| {
                format!(
                    "{} - - [22/Nov/2026:10:{:02}:{:02} +0000] \"GET /api/v1/items/{} HTTP/1.1\" 200 {} \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.6099.109\"",
                    r.ip(), r.below(60), r.below(60), r.below(1 << 20), r.below(90000)
                )
            }),
        ),
        (
            "csv_export",
            fill(|r| {
                format!(
                    "{},Tremblay,{},{},{},Montréal,{}.{:02}",
                    r.below(1 << 30),
                    r.email(),
                    r.phone(),
                    r.postal(),
                    r.below(900),
                    r.below(100)
                )
            }),
        ),
        (
            "prose",
            fill(|r| {
                if r.below(40) == 0 {
                    format!("Le client a rappelé au {} pour confirmer son adresse, merci de faire le suivi.", r.phone())
                } else {
                    "The quick brown fox jumps over the lazy dog while the committee reviews version 2.4.1 of the plan."
                        .to_string()
                }
            }),
        ),
        ("dense_pii", fill(|r| format!("{} {} {} {} NAS 130 692 544", r.email(), r.phone(), r.postal(), r.ip()))),
        (
            "no_pii",
            fill(|r| {
                format!(
                    "build {} ok: sha256 {:016x}{:016x} in {} ms, cache hit ratio 0.{}",
                    r.below(99999),
                    r.next(),
                    r.next(),
                    r.below(1000),
                    r.below(100)
                )
            }),
        ),
    ]
}

fn engine(c: &mut Criterion) {
    let detector = Detector::new(RuleSet::builtin().expect("built-in rules")).expect("rules compile");
    let mut group = c.benchmark_group("detect");
    group.sample_size(10);
    for (kind, input) in inputs() {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(kind), &input, |b, input| {
            let mut scratch = detector.scratch();
            b.iter(|| {
                let mut matches = 0usize;
                detector.find(&mut scratch, input, 0..input.len(), |_| matches += 1);
                matches
            })
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
