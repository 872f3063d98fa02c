//! Names are data too: file paths, table names, column names, JSON keys and
//! Parquet field paths can hold personal data (a DSAR export named after the
//! requester's email, a JSON object keyed by phone number, a headerless CSV
//! whose first row was taken for names). Every name passes through the
//! detector before piimap prints it: what the detector recognizes, at any
//! confidence, is replaced by its mask wherever the name appears (findings,
//! column profiles, inventory locations, SARIF, errors, baselines), and the
//! scan reports it as a finding in that name.
//!
//! Free text piimap itself writes (error reasons, read issues) goes through
//! [`guard_text`] too, since it can quote a table name or a path.

use crate::detect::{Detector, Match, Scratch};

/// A value the detector found in a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// The match (its span is in the name).
    pub found: Match,
    /// The value's bytes.
    pub value: Vec<u8>,
}

/// A name with its personal data masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guarded {
    /// The name to print.
    pub text: String,
    /// What was masked in it.
    pub matches: Vec<NameMatch>,
}

/// What the detector finds in `bytes`.
fn matches_in(detector: &Detector, scratch: &mut Scratch, bytes: &[u8]) -> Vec<NameMatch> {
    let mut matches = Vec::new();
    detector.find(scratch, bytes, 0..bytes.len(), |found| {
        let value = bytes[found.start..found.end].to_vec();
        matches.push(NameMatch { found, value });
    });
    matches
}

/// `name` with every detected value masked; `None` when it holds none (the
/// name is printed as it is).
pub fn guard(detector: &Detector, scratch: &mut Scratch, name: &str) -> Option<Guarded> {
    let matches = matches_in(detector, scratch, name.as_bytes());
    masked(detector, name, matches)
}

/// [`guard`] for a file path: the file's name is also searched without its
/// extensions, so that `exports/jean@exemple.ca.csv.gz` gives up the address
/// (the email rule refuses `ca.csv` as a domain: `bundle@example.js` is code).
pub fn guard_path(detector: &Detector, scratch: &mut Scratch, path: &str) -> Option<Guarded> {
    let mut matches = matches_in(detector, scratch, path.as_bytes());
    let name_start = path.rfind('/').map_or(0, |slash| slash + 1);
    let mut end = path.len();
    for _ in 0..2 {
        let Some(dot) = path[name_start..end].rfind('.') else { break };
        end = name_start + dot;
        for found in matches_in(detector, scratch, &path.as_bytes()[..end]) {
            let overlaps =
                |other: &NameMatch| found.found.start < other.found.end && other.found.start < found.found.end;
            if !matches.iter().any(overlaps) {
                matches.push(found);
            }
        }
    }
    matches.sort_by_key(|found| found.found.start);
    masked(detector, path, matches)
}

/// `name` with `matches` (in order, not overlapping) masked.
fn masked(detector: &Detector, name: &str, matches: Vec<NameMatch>) -> Option<Guarded> {
    if matches.is_empty() {
        return None;
    }
    let bytes = name.as_bytes();
    let rules = detector.rules();
    let mut text = String::with_capacity(name.len());
    let mut at = 0;
    for name_match in &matches {
        let category = &rules.categories[rules.rules[name_match.found.rule].category];
        // Matches start and end on ASCII bytes (every rule's pattern does), so these are char boundaries.
        text.push_str(&String::from_utf8_lossy(&bytes[at..name_match.found.start]));
        text.push_str(&category.mask.apply(&name_match.value));
        at = name_match.found.end;
    }
    text.push_str(&String::from_utf8_lossy(&bytes[at..]));
    Some(Guarded { text, matches })
}

/// `text` with every detected value masked (error messages, locations).
pub fn guard_text(detector: &Detector, scratch: &mut Scratch, text: &str) -> String {
    match guard(detector, scratch, text) {
        Some(guarded) => guarded.text,
        None => text.to_string(),
    }
}

/// A place an error names: a path, or a URL whose server (`postgres://10.0.0.5:5432`,
/// `s3://bucket`) is kept as it is (a server's address is not a person's)
/// while the rest is guarded like any text.
pub fn guard_place(detector: &Detector, scratch: &mut Scratch, place: &str) -> String {
    if let Some((scheme, rest)) = place.split_once("://") {
        if !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+') {
            let server = scheme.len() + 3 + rest.find('/').unwrap_or(rest.len());
            return format!("{}{}", &place[..server], guard_text(detector, scratch, &place[server..]));
        }
    }
    guard_text(detector, scratch, place)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn names_holding_values_are_masked_and_the_rest_kept() {
        let detector = Detector::new(RuleSet::builtin().unwrap()).unwrap();
        let mut scratch = detector.scratch();
        let path = "exports/jean.tremblay@exemple.qc.ca.csv.gz";
        assert_eq!(guard(&detector, &mut scratch, path), None, "`ca.csv` is no domain");
        let guarded = guard_path(&detector, &mut scratch, path).unwrap();
        assert_eq!(guarded.text, "exports/j***@e*****.ca.csv.gz");
        assert_eq!(guarded.matches.len(), 1);
        let column = guard(&detector, &mut scratch, "418-549-6754").unwrap();
        assert_eq!(column.text, "***-***-6754");
        assert_eq!(guard(&detector, &mut scratch, "telephone"), None);
        assert_eq!(guard_text(&detector, &mut scratch, "table users: 130 692 544 ok"), "table users: *** *** 544 ok");
        let url = "postgres://192.0.2.10:5432/jean@exemple.ca";
        assert_eq!(guard_place(&detector, &mut scratch, url), "postgres://192.0.2.10:5432/j***@e*****.ca");
    }
}
