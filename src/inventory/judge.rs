//! Judging one (location, category) against the policy: which purposes
//! declare the category, which cover the place, which own it in the data map;
//! then its status, severity (by the category's sensitivity, raised for
//! minors' data), the action to propose, the related gaps, and whether dated
//! rows show data kept longer than the policy allows.

use serde::{Deserialize, Serialize};

use super::{words, Entry, Key, Observation, Severity, Status};
use crate::dates::Date;
use crate::finding::RowDates;
use crate::lang::Lang;
use crate::policy::{Coverage, Place, Policy, Vocabulary};
use crate::rules::date_columns::DateRole;

/// Where a flag's expectation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The policy's text: no purpose declares the category at all.
    PolicyText,
    /// The organization's data map (the purposes' `paths` and `fields`, which
    /// the policy's text does not state): the category is declared, but the
    /// map puts it elsewhere.
    DataMap,
}

impl Basis {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::PolicyText => "policy_text",
            Basis::DataMap => "data_map",
        }
    }
}

/// What a privacy officer can do about a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A government identifier no purpose declares: delete it, or mask it
    /// where it must be kept.
    DeleteOrMask,
    /// Personal data no purpose declares: document the purpose it serves in
    /// the policy, or delete it.
    DocumentOrDelete,
    /// Declared data in a place mapped to a purpose that does not declare
    /// it: amend that purpose (and the policy), or delete it there.
    AmendOrDelete,
    /// Declared data in a place the data map does not know: add the place to
    /// a declaring purpose's data map, or move or delete the data.
    MapOrDelete,
    /// Rows older than the retention: destroy or anonymize them.
    DestroyOld,
}

impl Action {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::DeleteOrMask => "delete_or_mask",
            Action::DocumentOrDelete => "document_or_delete",
            Action::AmendOrDelete => "amend_or_delete",
            Action::MapOrDelete => "map_or_delete",
            Action::DestroyOld => "destroy_old",
        }
    }
}

impl Entry {
    /// Whether no purpose of the policy declares this entry's category:
    /// undeclared, or kept past the promise to destroy data collected by
    /// accident (what `--fail-on undeclared` and the register's undeclared
    /// rows count).
    pub fn declared_by_none(&self) -> bool {
        matches!(self.status, Status::Undeclared | Status::OverRetention) && self.declared_by.is_empty()
    }

    /// `path`, or `path` `table.field`.
    pub fn location(&self) -> String {
        match (&self.table, &self.field) {
            (Some(table), Some(field)) => format!("{} {table}.{field}", self.path),
            _ => self.path.clone(),
        }
    }

    pub(super) fn key(&self) -> Key {
        (
            self.path.clone(),
            self.table.clone().unwrap_or_default(),
            self.field.clone().unwrap_or_default(),
            self.category.clone(),
        )
    }
}

/// Values kept longer than the policy allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionCheck {
    /// Values in rows dated before the limit (for several covering purposes:
    /// before every purpose's limit, counted for the most lenient one).
    pub rows: u64,
    /// The oldest row's date.
    pub oldest: String,
    /// Rows dated before this day are over (today minus the period).
    pub before: String,
    /// The rule: `P3Y after collection`.
    pub rule: String,
    /// The purposes whose retention it is, or `accidental` for the promise
    /// about data collected by accident.
    pub purposes: Vec<String>,
    /// The policy's words.
    pub words: String,
}

/// The entry for one (location, category), with the indexes of the covering purposes.
pub(super) fn judge(
    policy: &Policy,
    vocabulary: &Vocabulary,
    coverage: &[Coverage],
    (path, table, field, category): &Key,
    observation: &Observation,
) -> (Entry, Vec<usize>) {
    let structured = !table.is_empty() || !field.is_empty();
    let place = Place { path, field: structured.then_some((table.as_str(), field.as_str())) };
    let declaring: Vec<usize> = (0..policy.purposes.len())
        .filter(|&index| policy.purposes[index].categories.iter().any(|c| c == category))
        .collect();
    let covering: Vec<usize> = declaring.iter().copied().filter(|&index| coverage[index].covers(place)).collect();
    let mapping: Vec<usize> = (0..policy.purposes.len()).filter(|&index| coverage[index].maps(place)).collect();
    let known = vocabulary.get(category);
    let sensitivity = known.and_then(|c| c.sensitivity);
    let personal = known.is_none_or(|c| c.personal);
    let retention = if !personal {
        None
    } else if declaring.is_empty() {
        accidental_retention(policy, &observation.row_dates)
    } else if !covering.is_empty() {
        purposes_retention(policy, &covering, &observation.row_dates)
    } else {
        None
    };
    // Data no purpose declares is data collected by accident; where the
    // policy promises to destroy such data and its rows are dated past that
    // promise, the flag is that it was kept (the reason still says no
    // purpose declares it).
    let status = if !personal {
        Status::NotPersonal
    } else if declaring.is_empty() && retention.is_some() {
        Status::OverRetention
    } else if declaring.is_empty() {
        Status::Undeclared
    } else if covering.is_empty() {
        Status::UnexpectedLocation
    } else if retention.is_some() {
        Status::OverRetention
    } else {
        Status::Covered
    };
    let names = |indexes: &[usize]| indexes.iter().map(|&i| policy.purposes[i].id.clone()).collect::<Vec<_>>();
    let mut subjects: Vec<String> =
        mapping.iter().chain(&covering).flat_map(|&index| policy.purposes[index].subjects.iter().cloned()).collect();
    subjects.sort();
    subjects.dedup();
    let minors = subjects.iter().any(|id| policy.subjects.iter().any(|s| &s.id == id && s.minors));
    let (severity, expected_from, action) = assess(status, sensitivity.is_some(), !mapping.is_empty(), structured);
    let declared_by = names(&declaring);
    let mapped_to = names(&mapping);
    let gaps = if status.is_flag() {
        let related: Vec<String> = declared_by.iter().chain(&mapped_to).cloned().collect();
        (0..policy.gaps.len()).filter(|&index| policy.gaps[index].concerns(category, &related)).collect()
    } else {
        Vec::new()
    };
    let unassessed_transfers = covering
        .iter()
        .filter(|&&index| policy.purposes[index].transfers.iter().any(|t| t.lacks_assessment()))
        .map(|&index| policy.purposes[index].id.clone())
        .collect();
    let mut entry = Entry {
        path: path.clone(),
        table: structured.then(|| table.clone()),
        field: structured.then(|| field.clone()),
        category: category.clone(),
        fideslang: known.map_or_else(String::new, |c| c.fideslang.clone()),
        findings: observation.findings,
        values: observation.values,
        ratio: observation.values.map(|values| observation.findings as f64 / values.max(1) as f64),
        confidence: observation.confidence,
        examples: observation.examples.clone(),
        status,
        severity: severity.map(|level| if minors { level.raised() } else { level }),
        reason: String::new(),
        covered_by: names(&covering),
        declared_by,
        mapped_to,
        expected_from,
        action,
        gaps,
        sensitivity,
        subjects,
        minors,
        retention,
        unassessed_transfers,
        row_dates: observation.row_dates.clone(),
    };
    entry.reason = words::reason(&entry, vocabulary, Lang::En);
    (entry, covering)
}

/// Severity before minors, where the expectation comes from, and the action.
/// Sensitive categories (government identifiers, health, financial...) are
/// high wherever they are flagged; a column of a place the data map gives to
/// a purpose not declaring the category is medium (that purpose collects more
/// than it says); a stray value in free text is low.
fn assess(
    status: Status,
    sensitive: bool,
    mapped: bool,
    structured: bool,
) -> (Option<Severity>, Option<Basis>, Option<Action>) {
    let level = |otherwise: Severity| Some(if sensitive { Severity::High } else { otherwise });
    match status {
        Status::Covered | Status::NotPersonal => (None, None, None),
        Status::Undeclared if sensitive => (level(Severity::High), Some(Basis::PolicyText), Some(Action::DeleteOrMask)),
        Status::Undeclared => (level(Severity::Medium), Some(Basis::PolicyText), Some(Action::DocumentOrDelete)),
        Status::UnexpectedLocation if mapped && structured => {
            (level(Severity::Medium), Some(Basis::DataMap), Some(Action::AmendOrDelete))
        }
        Status::UnexpectedLocation if mapped => {
            (level(Severity::Low), Some(Basis::DataMap), Some(Action::AmendOrDelete))
        }
        Status::UnexpectedLocation => (level(Severity::Low), Some(Basis::DataMap), Some(Action::MapOrDelete)),
        Status::OverRetention => (level(Severity::Medium), Some(Basis::PolicyText), Some(Action::DestroyOld)),
    }
}

/// Values (of one location) in rows dated before `before`, by the rows'
/// `role` date (falling back to the collection date), and the oldest date.
fn dated_before(rows: &RowDates, role: DateRole, before: Date) -> Option<(u64, String)> {
    rows.before(role, before).map(|(count, oldest)| (count, oldest.iso()))
}

/// Kept longer than every covering purpose allows: each must state a period
/// (words alone cannot be checked), and the count is the most lenient one's.
fn purposes_retention(policy: &Policy, covering: &[usize], rows: &RowDates) -> Option<RetentionCheck> {
    if rows.is_empty() {
        return None;
    }
    let today = super::evidence::today();
    let mut most_lenient: Option<(u64, String, Date, String, usize)> = None;
    for &index in covering {
        let retention = policy.purposes[index].retention.as_ref()?;
        let (period, role) = retention.period()?;
        let before = today.minus(period);
        let (count, oldest) = dated_before(rows, role, before)?;
        let rule = format!("{} after {}", retention_keep(retention), role.as_str());
        if most_lenient.as_ref().is_none_or(|(fewest, ..)| count < *fewest) {
            most_lenient = Some((count, oldest, before, rule, index));
        }
    }
    let (rows, oldest, before, rule, _) = most_lenient?;
    let words = covering
        .iter()
        .filter_map(|&index| policy.purposes[index].retention.as_ref().map(|r| r.text().to_string()))
        .collect::<Vec<_>>()
        .join(" / ");
    let purposes = covering.iter().map(|&index| policy.purposes[index].id.clone()).collect();
    Some(RetentionCheck { rows, oldest, before: before.iso(), rule, purposes, words })
}

fn retention_keep(retention: &crate::policy::Retention) -> String {
    match retention {
        crate::policy::Retention::Period(period) => period.keep.clone(),
        crate::policy::Retention::Text(text) => text.clone(),
    }
}

/// Undeclared data the policy promises to destroy when collected by accident.
fn accidental_retention(policy: &Policy, rows: &RowDates) -> Option<RetentionCheck> {
    let accidental = policy.accidental.as_ref()?;
    let period = crate::dates::Period::parse(&accidental.keep)?;
    let before = super::evidence::today().minus(period);
    let (count, oldest) = dated_before(rows, DateRole::Collection, before)?;
    Some(RetentionCheck {
        rows: count,
        oldest,
        before: before.iso(),
        rule: format!("{} after collection", accidental.keep),
        purposes: vec!["accidental".into()],
        words: accidental.quote.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Confidence;
    use crate::inventory::{evaluate, ScanTotals};
    use std::collections::BTreeMap;

    const POLICY: &str = r#"schema = "piimap.policy/1"
[organization]
name = "Org"
[policy]
title = "Privacy"
[accidental]
keep = "P0D"
quote = "Data collected by accident is destroyed."
[[subjects]]
id = "students"
name = "Students"
minors = true
[[purposes]]
id = "accounts"
name = "Accounts"
quote = "We keep your email three years after your last login."
categories = ["email", "phone"]
subjects = ["students"]
retention = { keep = "P3Y", after = "last_activity", text = "three years after your last login" }
transfers = [{ recipients = "a mailer", to = "outside_canada" }]
fields = ["users.*"]
[[purposes]]
id = "support"
name = "Support"
quote = "We answer by phone."
categories = ["phone"]
"#;

    /// The day `years` years before the report's day, as rows write it.
    fn years_ago(years: u32) -> String {
        super::super::evidence::today().minus(crate::dates::Period { years, months: 0, days: 0 }).iso()
    }

    /// (date role, day, values): one day of a location's row dates.
    type Day<'a> = (&'a str, String, u64);

    /// Evaluates one observation per (table, field, category, row dates).
    fn judged(observed: &[(&str, &str, &str, &[Day])]) -> Vec<Entry> {
        let vocabulary = Vocabulary::builtin();
        let policy = crate::policy::parse(POLICY, &vocabulary).unwrap();
        let observations: BTreeMap<Key, Observation> = observed
            .iter()
            .map(|(table, field, category, dates)| {
                let mut row_dates = RowDates::default();
                for (role, day, count) in dates.iter() {
                    let role = if *role == "collection" { DateRole::Collection } else { DateRole::LastActivity };
                    row_dates.add(role, crate::dates::parse(day.as_bytes()).unwrap(), *count);
                }
                let key = ("export.sql".to_string(), table.to_string(), field.to_string(), category.to_string());
                let findings = dates.iter().map(|d| d.2).sum::<u64>().max(1);
                (key, Observation { findings, values: Some(findings), row_dates, ..Default::default() })
            })
            .collect();
        evaluate(&policy, &vocabulary, &observations, Confidence::Medium, ScanTotals::default(), vec![]).entries
    }

    #[test]
    fn rows_older_than_every_covering_retention_are_kept_too_long() {
        let (old, recent) = (years_ago(4), years_ago(1));
        let entries = judged(&[(
            "users",
            "email",
            "email",
            &[
                ("collection", years_ago(10), 9),
                ("last_activity", old.clone(), 4),
                ("last_activity", recent.clone(), 5),
            ],
        )]);
        let email = &entries[0];
        assert_eq!(
            (email.status, email.severity),
            (Status::OverRetention, Some(Severity::High)),
            "minors raise medium"
        );
        let check = email.retention.as_ref().unwrap();
        let before = years_ago(3);
        assert_eq!((check.rows, &check.oldest, &check.before), (4, &old, &before), "counted by last activity");
        assert_eq!(check.rule, "P3Y after last_activity");
        assert!(email.reason.contains(&format!("4 values are in rows dated before {before}")), "{}", email.reason);
        assert_eq!(email.action, Some(Action::DestroyOld));
        assert_eq!(email.unassessed_transfers, ["accounts"], "sent outside Canada, no assessment stated");
        assert!(email.minors && email.subjects == ["students"]);
        // Recent rows only: covered.
        let recent = judged(&[("users", "email", "email", &[("last_activity", recent, 5)])]);
        assert_eq!(recent[0].status, Status::Covered);
    }

    #[test]
    fn a_covering_purpose_without_a_period_means_no_retention_check() {
        // `support` covers phones anywhere and states no period: words cannot be checked.
        let entries = judged(&[("users", "phone", "phone", &[("collection", years_ago(20), 3)])]);
        assert_eq!(entries[0].status, Status::Covered);
        assert!(entries[0].retention.is_none());
    }

    #[test]
    fn accidental_data_kept_is_counted_and_sensitive_categories_are_high() {
        let entries = judged(&[
            ("legacy", "nas", "sin", &[("collection", years_ago(6), 28)]),
            ("legacy", "card", "credit_card", &[]),
            ("legacy", "born", "date_of_birth", &[("collection", years_ago(6), 2)]),
        ]);
        let by = |category: &str| entries.iter().find(|e| e.category == category).unwrap();
        let sin = by("sin");
        // Undeclared data in dated rows is kept past the promise to destroy it;
        // undated, it is undeclared.
        assert_eq!((sin.status, sin.severity), (Status::OverRetention, Some(Severity::High)));
        assert!(sin.declared_by_none());
        assert_eq!(sin.retention.as_ref().map(|c| (c.rows, c.purposes[0].as_str())), Some((28, "accidental")));
        assert!(sin.reason.starts_with("Social Insurance Number"), "the undeclared sentence: {}", sin.reason);
        assert!(sin.reason.contains("no purpose of the policy declares it"), "{}", sin.reason);
        assert!(sin.reason.contains("promises to destroy data collected by accident"), "{}", sin.reason);
        assert_eq!(by("credit_card").status, Status::Undeclared, "no dated rows");
        assert_eq!(by("credit_card").severity, Some(Severity::High), "financial information is sensitive");
        assert_eq!(by("credit_card").sensitivity.map(|s| s.as_str()), Some("financial"));
        assert_eq!(by("date_of_birth").severity, Some(Severity::Medium), "not mapped to minors' purposes");
    }
}
