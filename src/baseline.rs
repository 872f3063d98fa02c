//! Baselines: findings a team has accepted, so that later scans report only new ones.
//!
//! # What is stored, and why it is safe
//! One entry per distinct (path, rule, value) with the value replaced by its
//! **keyed** fingerprint (HMAC-SHA256, see [`crate::redact`]). No line numbers:
//! a finding that moves down the file, or to another line, is still the same
//! finding. No values and no plain hashes: a SIN has 10^9 possible values, so
//! an unkeyed hash of one is reversed by enumeration in seconds, while the HMAC
//! cannot be computed without the key (`PIIMAP_FINGERPRINT_KEY` or `--key-file`,
//! kept out of the repository). A baseline also stores a *key check* (the HMAC of
//! a fixed string), so using it with another key is an error rather than a
//! baseline that silently matches nothing.
//!
//! Matching is by set: every occurrence of an accepted value in that file and
//! rule is accepted. A new value, or a known value in another file, is new.
//!
//! # Paths
//! Entries name files relative to the baseline's anchor (the repository
//! holding the baseline file, else its directory; see [`crate::paths`]), and
//! are compared as absolute paths, so `./src/x` from a walk of `.`, `src/x`
//! from `--staged` and `/home/me/repo/src/x` are one file. Baselines written
//! before this rule (paths as the user spelled them then) load the same way.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::finding::Fingerprint;
use crate::redact::{Fingerprinter, Normalize};

/// Version of the baseline file's shape.
pub const BASELINE_SCHEMA: &str = "piimap.baseline/1";

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// File, relative to the baseline's anchor (absolute while a scan renders it).
    pub path: String,
    /// Rule id.
    pub rule: String,
    /// Category (informational; matching uses the rule).
    pub category: String,
    /// Keyed fingerprint of the normalized value (32 hex digits).
    pub fingerprint: String,
}

/// The file format.
#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    schema: String,
    key_check: String,
    findings: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Debug, Default)]
pub struct Baseline {
    keys: HashSet<(String, String, String)>,
    /// Number of entries.
    pub len: usize,
}

impl Baseline {
    /// Loads `file`, checking it was made with the same key.
    pub fn load(file: &Path, fingerprinter: &Fingerprinter) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(file).map_err(|err| format!("{}: cannot read baseline: {err}", file.display()))?;
        let parsed: BaselineFile =
            serde_json::from_str(&text).map_err(|err| format!("{}: not a piimap baseline: {err}", file.display()))?;
        if parsed.schema != BASELINE_SCHEMA {
            return Err(format!(
                "{}: baseline schema {:?}, expected {BASELINE_SCHEMA:?}",
                file.display(),
                parsed.schema
            ));
        }
        if parsed.key_check != key_check(fingerprinter) {
            return Err(format!(
                "{}: this baseline was made with another fingerprint key; set the same PIIMAP_FINGERPRINT_KEY (or --key-file) it was created with",
                file.display()
            ));
        }
        let len = parsed.findings.len();
        let anchor = crate::paths::baseline_anchor(file);
        let keys = parsed.findings.into_iter().map(|e| (anchored(&anchor, &e.path), e.rule, e.fingerprint)).collect();
        Ok(Baseline { keys, len })
    }

    /// Whether a finding is accepted; `path` is the file's absolute spelling
    /// ([`crate::input::Input::absolute`]).
    pub fn contains(&self, path: &str, rule: &str, fingerprint: &Fingerprint) -> bool {
        if self.keys.is_empty() {
            return false;
        }
        let hex = fingerprint.to_string();
        self.keys.contains(&(path.to_string(), rule.to_string(), hex))
    }
}

/// An entry's path as the absolute spelling scans compare.
fn anchored(anchor: &Path, path: &str) -> String {
    let path = PathBuf::from(path);
    let joined = if path.is_absolute() { path } else { anchor.join(path) };
    crate::input::walk::display_path(&crate::paths::absolute(&joined), false)
}

/// Writes a baseline of `entries` (sorted, deduplicated) to `file`, owner-only;
/// their absolute paths are written relative to the baseline's anchor.
pub fn write(file: &Path, fingerprinter: &Fingerprinter, mut entries: Vec<Entry>) -> std::io::Result<usize> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let anchor = crate::paths::baseline_anchor(file);
    for entry in &mut entries {
        entry.path = crate::paths::relative_to(&entry.path, &anchor);
    }
    entries.sort();
    entries.dedup();
    let count = entries.len();
    let document =
        BaselineFile { schema: BASELINE_SCHEMA.to_string(), key_check: key_check(fingerprinter), findings: entries };
    if let Some(parent) = file.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut out = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(file)?;
    serde_json::to_writer_pretty(&mut out, &document)?;
    out.write_all(b"\n")?;
    Ok(count)
}

/// The fingerprint of a fixed string: equal for equal keys, reveals nothing about the key.
fn key_check(fingerprinter: &Fingerprinter) -> String {
    fingerprinter.fingerprint("piimap-key-check", Normalize::Exact, b"piimap baseline key check").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, value: &[u8], fp: &Fingerprinter) -> Entry {
        Entry {
            path: path.into(),
            rule: "sin-formatted".into(),
            category: "sin".into(),
            fingerprint: fp.fingerprint("sin", Normalize::Digits, value).to_string(),
        }
    }

    #[test]
    fn round_trip_and_key_check() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
        let key = Fingerprinter::with_key(b"team key".to_vec());
        let a = dir.path().join("a.txt").to_string_lossy().into_owned();
        let b = dir.path().join("b.txt").to_string_lossy().into_owned();
        let entries = vec![entry(&a, b"130 692 544", &key), entry(&a, b"130-692-544", &key)];
        assert_eq!(write(&file, &key, entries).unwrap(), 1, "same normalized value: one entry");
        let baseline = Baseline::load(&file, &key).unwrap();
        assert!(baseline.contains(&a, "sin-formatted", &key.fingerprint("sin", Normalize::Digits, b"130692544")));
        assert!(!baseline.contains(&b, "sin-formatted", &key.fingerprint("sin", Normalize::Digits, b"130692544")));
        assert!(!baseline.contains(&a, "sin-formatted", &key.fingerprint("sin", Normalize::Digits, b"193456787")));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("\"path\": \"a.txt\""), "stored relative to the baseline's directory: {text}");

        let other = Fingerprinter::with_key(b"another key".to_vec());
        assert!(Baseline::load(&file, &other).unwrap_err().contains("another fingerprint key"));

        assert!(!text.contains("130") && !text.contains("544"), "{text}");
        std::fs::write(&file, "{}").unwrap();
        assert!(Baseline::load(&file, &key).unwrap_err().contains("not a piimap baseline"));
    }

    #[test]
    fn old_spellings_of_paths_still_match() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
        let key = Fingerprinter::with_key(b"team key".to_vec());
        let fingerprint = key.fingerprint("sin", Normalize::Digits, b"130692544");
        let old = serde_json::json!({
            "schema": BASELINE_SCHEMA,
            "key_check": key_check(&key),
            "findings": [
                {"path": "./src/a.txt", "rule": "sin-formatted", "category": "sin", "fingerprint": fingerprint.to_string()},
                {"path": "b.txt", "rule": "sin-formatted", "category": "sin", "fingerprint": fingerprint.to_string()},
            ],
        });
        std::fs::write(&file, old.to_string()).unwrap();
        let baseline = Baseline::load(&file, &key).unwrap();
        for path in ["src/a.txt", "b.txt"] {
            let absolute = dir.path().join(path).to_string_lossy().into_owned();
            assert!(baseline.contains(&absolute, "sin-formatted", &fingerprint), "{path}");
        }
    }
}
