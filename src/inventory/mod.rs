//! The inventory: what personal data is where, checked against declared purposes.
//!
//! Collecting and checking are separate steps. [`InventorySink`] receives a
//! scan (per-file counts for text, column profiles for structured data) and
//! keeps one [`Observation`] per (location, category). [`evaluate`] then
//! compares those observations with a [`Policy`]: which purposes cover each
//! one, its status and severity, and per purpose what was found and what was
//! declared but never seen. An [`Inventory`] embeds its policy and its
//! observations' raw counts, so [`merge`] can combine shards of one export and
//! evaluate them again, giving the result a single run would.

mod collect;
pub mod diff;
pub mod evidence;
mod html;
mod judge;
pub mod register;
pub mod render;
mod words;

pub use collect::{observations_of_profiles, relative_to, InventorySink, Key, Observation, ScanTotals};
pub use evidence::Evidence;
pub use judge::{Action, Basis, RetentionCheck};

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::finding::Confidence;
use crate::lang::Lang;
use crate::policy::{Coverage, Policy, Vocabulary};

/// Version of the inventory's JSON shape.
pub const INVENTORY_SCHEMA: &str = "piimap.inventory/1";

/// How an entry stands against the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No purpose declares this category: over-collection.
    Undeclared,
    /// Declared, but no declaring purpose expects it here.
    UnexpectedLocation,
    /// A declared purpose covers it here.
    Covered,
    /// Covered, but values sit in rows older than the retention of every
    /// purpose that covers them.
    OverRetention,
    /// It identifies an organization, not a person (a business number):
    /// listed so the inventory is complete, not judged against the policy.
    NotPersonal,
}

impl Status {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Undeclared => "undeclared",
            Status::UnexpectedLocation => "unexpected_location",
            Status::Covered => "covered",
            Status::OverRetention => "over_retention",
            Status::NotPersonal => "not_personal",
        }
    }

    /// Whether this is an over-collection flag.
    pub fn is_flag(self) -> bool {
        matches!(self, Status::Undeclared | Status::UnexpectedLocation | Status::OverRetention)
    }
}

/// How serious a flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A government identifier no purpose puts here.
    High,
    /// Personal data no purpose declares.
    Medium,
    /// Declared data outside its declared place.
    Low,
}

impl Severity {
    /// One step more serious (a place holding minors' data).
    pub fn raised(self) -> Severity {
        match self {
            Severity::Low => Severity::Medium,
            _ => Severity::High,
        }
    }
}

impl Severity {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// One (location, category) of the inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// File, relative to the inventory root.
    pub path: String,
    /// Table (structured data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Column or JSON path (structured data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Category id.
    pub category: String,
    /// Its fideslang data-category key.
    pub fideslang: String,
    /// Findings (text) or matching values (columns).
    pub findings: u64,
    /// Non-empty values scanned in the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<u64>,
    /// `findings / values` for columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    /// Highest confidence.
    pub confidence: Confidence,
    /// Masked examples.
    pub examples: Vec<String>,
    /// Against the policy.
    pub status: Status,
    /// For flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Why this status and severity, in words.
    pub reason: String,
    /// Purposes that declare the category and cover this location.
    pub covered_by: Vec<String>,
    /// Purposes that declare the category (anywhere).
    pub declared_by: Vec<String>,
    /// Purposes whose data map (`paths`, `fields`) names this place, whether
    /// or not they declare the category: donor emails in the donations table
    /// are under the donations purpose even though it declares no email.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mapped_to: Vec<String>,
    /// For flags: whether "not expected here" comes from the policy's text
    /// or from the organization's data map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_from: Option<Basis>,
    /// For flags: what to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// For flags: the policy's `[[gaps]]` (indexes) about this category or its purposes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<usize>,
    /// The category's class of sensitive information, if it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<crate::policy::vocabulary::Sensitivity>,
    /// Whose data the place holds: the subjects of the purposes that cover or map it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// Whether one of those subjects is minors.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub minors: bool,
    /// Values kept longer than the policy allows, when dated rows show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<RetentionCheck>,
    /// Covering purposes that send the data outside Quebec with no privacy
    /// impact assessment the policy mentions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unassessed_transfers: Vec<String>,
    /// Matched values by row date (kept for `merge`; reports show `retention`).
    #[serde(default, skip_serializing_if = "crate::finding::RowDates::is_empty")]
    pub row_dates: crate::finding::RowDates,
}

/// One purpose, against what was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PurposeReport {
    /// Purpose id.
    pub id: String,
    /// Purpose name.
    pub name: String,
    /// Detected categories it declares that were found where it covers, with the locations.
    pub found: BTreeMap<String, Vec<String>>,
    /// Detected categories it declares that were found nowhere it covers (informational).
    pub declared_not_found: Vec<String>,
    /// Categories it declares that piimap cannot detect from values.
    pub not_checked: Vec<String>,
}

/// Counts of the inventory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InventorySummary {
    /// Entries.
    pub entries: u64,
    /// Entries per status.
    pub covered: u64,
    /// No purpose declares the category.
    pub undeclared: u64,
    /// Declared, not here.
    pub unexpected_location: u64,
    /// Covered, but kept longer than every covering purpose allows.
    #[serde(default)]
    pub over_retention: u64,
    /// Entries (any status) with values kept longer than the policy allows.
    #[serde(default)]
    pub kept_too_long: u64,
    /// Entries whose data goes outside Quebec with no assessment mentioned.
    #[serde(default)]
    pub unassessed_transfers: u64,
    /// An organization's identifiers (business numbers): listed, not judged.
    #[serde(default)]
    pub not_personal: u64,
    /// Flags per severity.
    pub high: u64,
    /// Medium flags.
    pub medium: u64,
    /// Low flags.
    pub low: u64,
}

/// A declared category piimap cannot check against data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotChecked {
    /// Category id.
    pub category: String,
    /// Its name.
    pub name: String,
    /// Its fideslang key.
    pub fideslang: String,
    /// Purposes declaring it.
    pub purposes: Vec<String>,
}

/// An error while scanning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEntry {
    /// File.
    pub path: String,
    /// Where in it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// Why.
    pub reason: String,
}

/// The whole inventory: the JSON document (`--format json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    /// [`INVENTORY_SCHEMA`].
    pub schema: String,
    /// The policy checked against (embedded, for `piimap merge`).
    pub policy: Policy,
    /// Findings below this level were not counted.
    pub min_confidence: Confidence,
    /// Counts.
    pub summary: InventorySummary,
    /// Scan totals.
    pub scan: ScanTotals,
    /// Every (location, category), sorted by path, table, field, category.
    pub entries: Vec<Entry>,
    /// Per purpose.
    pub purposes: Vec<PurposeReport>,
    /// Declared categories that cannot be checked against values.
    pub not_checked: Vec<NotChecked>,
    /// What could not be read.
    pub errors: Vec<ErrorEntry>,
    /// The language of the reasons (the policy's quotes keep theirs).
    #[serde(default)]
    pub lang: Lang,
    /// How it was made (absent from inventories made by the library API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

impl Inventory {
    /// Whether any entry is flagged at `fail_on` or worse.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        match fail_on {
            FailOn::None => false,
            FailOn::Undeclared => self.entries.iter().any(Entry::declared_by_none),
            // Every flag, and data sent outside Quebec with no privacy impact
            // assessment the policy mentions (Law 25 requires one first).
            FailOn::Unexpected => {
                let s = &self.summary;
                s.undeclared + s.unexpected_location + s.over_retention + s.unassessed_transfers > 0
            }
        }
    }

    /// The same inventory with its reasons in `lang`.
    pub fn localized(mut self, lang: Lang, vocabulary: &Vocabulary) -> Inventory {
        for entry in &mut self.entries {
            entry.reason = words::reason(entry, vocabulary, lang);
        }
        self.lang = lang;
        self
    }

    /// Flags, most serious first.
    pub fn flags(&self) -> Vec<&Entry> {
        let mut flags: Vec<&Entry> = self.entries.iter().filter(|e| e.status.is_flag()).collect();
        flags.sort_by_key(|e| (e.severity, e.status, e.key()));
        flags
    }
}

/// Which flags make the exit status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Only categories no purpose declares.
    Undeclared,
    /// Undeclared categories and declared ones out of place.
    Unexpected,
    /// Never.
    None,
}

/// Checks observations against `policy`.
pub fn evaluate(
    policy: &Policy,
    vocabulary: &Vocabulary,
    observations: &BTreeMap<Key, Observation>,
    min_confidence: Confidence,
    scan: ScanTotals,
    errors: Vec<ErrorEntry>,
) -> Inventory {
    let coverage: Vec<Coverage> = policy.purposes.iter().map(Coverage::of).collect();
    let mut summary = InventorySummary::default();
    let mut entries = Vec::with_capacity(observations.len());
    let mut found: Vec<BTreeMap<String, Vec<String>>> = vec![BTreeMap::new(); policy.purposes.len()];
    for (key, observation) in observations {
        let (entry, covering) = judge::judge(policy, vocabulary, &coverage, key, observation);
        let location = match (&entry.table, &entry.field) {
            (Some(table), Some(field)) => format!("{} {table}.{field}", entry.path),
            _ => entry.path.clone(),
        };
        for index in covering {
            found[index].entry(entry.category.clone()).or_default().push(location.clone());
        }
        summary.count(&entry);
        entries.push(entry);
    }
    Inventory {
        schema: INVENTORY_SCHEMA.to_string(),
        policy: policy.clone(),
        min_confidence,
        summary,
        scan,
        entries,
        purposes: purpose_reports(policy, vocabulary, found),
        not_checked: not_checked(policy, vocabulary),
        errors,
        lang: Lang::En,
        evidence: None,
    }
}

impl InventorySummary {
    /// Counts one entry's status and severity.
    fn count(&mut self, entry: &Entry) {
        self.entries += 1;
        match entry.status {
            Status::Covered => self.covered += 1,
            Status::OverRetention => self.over_retention += 1,
            Status::NotPersonal => self.not_personal += 1,
            Status::Undeclared => self.undeclared += 1,
            Status::UnexpectedLocation => self.unexpected_location += 1,
        }
        self.kept_too_long += u64::from(entry.retention.is_some());
        self.unassessed_transfers += u64::from(!entry.unassessed_transfers.is_empty());
        match entry.severity {
            Some(Severity::High) => self.high += 1,
            Some(Severity::Medium) => self.medium += 1,
            Some(Severity::Low) => self.low += 1,
            None => {}
        }
    }
}

/// Per purpose: where its categories were found, which it declares but were
/// never found, and which cannot be checked from values.
fn purpose_reports(
    policy: &Policy,
    vocabulary: &Vocabulary,
    found: Vec<BTreeMap<String, Vec<String>>>,
) -> Vec<PurposeReport> {
    policy
        .purposes
        .iter()
        .zip(found)
        .map(|(purpose, found)| {
            let detected = |c: &&String| vocabulary.get(c).is_some_and(|c| c.detected);
            PurposeReport {
                id: purpose.id.clone(),
                name: purpose.name.clone(),
                declared_not_found: purpose
                    .categories
                    .iter()
                    .filter(detected)
                    .filter(|c| !found.contains_key(*c))
                    .cloned()
                    .collect(),
                not_checked: purpose.categories.iter().filter(|c| !detected(c)).cloned().collect(),
                found,
            }
        })
        .collect()
}

/// The declared categories no value pattern finds, with the purposes declaring them.
fn not_checked(policy: &Policy, vocabulary: &Vocabulary) -> Vec<NotChecked> {
    let mut undetectable: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for purpose in &policy.purposes {
        for category in &purpose.categories {
            if !vocabulary.get(category).is_some_and(|c| c.detected) {
                undetectable.entry(category).or_default().insert(&purpose.id);
            }
        }
    }
    undetectable
        .into_iter()
        .map(|(category, purposes)| {
            let known = vocabulary.get(category);
            NotChecked {
                category: category.to_string(),
                name: known.map_or_else(|| category.to_string(), |c| c.name.clone()),
                fideslang: known.map_or_else(String::new, |c| c.fideslang.clone()),
                purposes: purposes.into_iter().map(String::from).collect(),
            }
        })
        .collect()
}

/// Combines inventories of shards of one export (same policy, same threshold)
/// into the inventory a single run over all of them would give.
pub fn merge(parts: Vec<Inventory>, vocabulary: &Vocabulary) -> Result<Inventory, String> {
    let Some(first) = parts.first() else { return Err("nothing to merge".into()) };
    let (policy, min_confidence) = (first.policy.clone(), first.min_confidence);
    let mut observations: BTreeMap<Key, Observation> = BTreeMap::new();
    let mut scan = ScanTotals::default();
    let mut errors = Vec::new();
    let mut trail = Vec::with_capacity(parts.len());
    for (index, part) in parts.into_iter().enumerate() {
        if part.schema != INVENTORY_SCHEMA {
            return Err(format!("input {}: schema {:?}, expected {INVENTORY_SCHEMA:?}", index + 1, part.schema));
        }
        if part.policy != policy {
            return Err(format!("input {}: made with another policy than input 1", index + 1));
        }
        if part.min_confidence != min_confidence {
            return Err(format!("input {}: made with another --min-confidence than input 1", index + 1));
        }
        trail.push(part.evidence);
        scan.files_scanned += part.scan.files_scanned;
        scan.bytes_scanned += part.scan.bytes_scanned;
        scan.errors += part.scan.errors;
        scan.interrupted |= part.scan.interrupted;
        scan.tables.extend(part.scan.tables.iter().cloned());
        errors.extend(part.errors);
        for entry in part.entries {
            let key = entry.key();
            let observation = Observation {
                findings: entry.findings,
                values: entry.values,
                confidence: entry.confidence,
                examples: entry.examples,
                row_dates: entry.row_dates,
            };
            observations.entry(key).or_default().merge(observation);
        }
    }
    errors.sort_by(|a, b| (&a.path, &a.location, &a.reason).cmp(&(&b.path, &b.location, &b.reason)));
    let evidence = evidence::merged(trail)?;
    Ok(Inventory { evidence, ..evaluate(&policy, vocabulary, &observations, min_confidence, scan, errors) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        let text = r#"schema = "piimap.policy/1"
[organization]
name = "Org"
[policy]
title = "Privacy"
[[purposes]]
id = "accounts"
name = "Accounts"
quote = "We collect your email and phone."
categories = ["email", "phone", "password"]
fields = ["users.*"]
[[purposes]]
id = "security"
name = "Security"
quote = "We log IP addresses."
categories = ["ip_address", "postal_code"]
"#;
        crate::policy::parse(text, &Vocabulary::builtin()).unwrap()
    }

    fn observe(entries: &[(&str, &str, &str, &str, u64)]) -> BTreeMap<Key, Observation> {
        entries
            .iter()
            .map(|(path, table, field, category, findings)| {
                let key = (path.to_string(), table.to_string(), field.to_string(), category.to_string());
                (key, Observation { findings: *findings, ..Default::default() })
            })
            .collect()
    }

    #[test]
    fn statuses_severities_and_purposes() {
        let observations = observe(&[
            ("users.csv", "users", "email", "email", 3),
            ("chat.log", "", "", "phone", 2),
            ("legacy.csv", "legacy", "nas", "sin", 5),
            ("access.log", "", "", "ip_address", 9),
        ]);
        let vocabulary = Vocabulary::builtin();
        let inventory =
            evaluate(&policy(), &vocabulary, &observations, Confidence::Medium, ScanTotals::default(), vec![]);
        let status: Vec<(&str, Status, Option<Severity>)> =
            inventory.entries.iter().map(|e| (e.category.as_str(), e.status, e.severity)).collect();
        assert_eq!(
            status,
            [
                ("ip_address", Status::Covered, None),
                ("phone", Status::UnexpectedLocation, Some(Severity::Low)),
                ("sin", Status::Undeclared, Some(Severity::High)),
                ("email", Status::Covered, None),
            ]
        );
        assert_eq!(inventory.flags()[0].category, "sin", "most serious first");
        let accounts = &inventory.purposes[0];
        assert_eq!(accounts.declared_not_found, ["phone"], "the phone was found only outside its place");
        assert_eq!(accounts.not_checked, ["password"]);
        assert_eq!(inventory.not_checked[0].category, "password");
        assert!(inventory.fails(FailOn::Undeclared) && inventory.fails(FailOn::Unexpected));
        assert!(!inventory.fails(FailOn::None));
    }

    #[test]
    fn merging_shards_equals_one_run() {
        let vocabulary = Vocabulary::builtin();
        let all = observe(&[("a.csv", "a", "email", "email", 3), ("b.log", "", "", "sin", 1)]);
        let one = evaluate(&policy(), &vocabulary, &all, Confidence::Medium, ScanTotals::default(), vec![]);
        let shard = |key: usize| {
            let part: BTreeMap<_, _> = all.iter().skip(key).take(1).map(|(k, v)| (k.clone(), v.clone())).collect();
            evaluate(&policy(), &vocabulary, &part, Confidence::Medium, ScanTotals::default(), vec![])
        };
        assert_eq!(merge(vec![shard(0), shard(1)], &vocabulary).unwrap(), one);
        let mut other = shard(1);
        other.min_confidence = Confidence::High;
        assert!(merge(vec![shard(0), other], &vocabulary).is_err());
    }
}
