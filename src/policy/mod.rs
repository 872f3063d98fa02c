//! Declared purposes as data: policy files (`rules/policies/*.toml`), the
//! category vocabulary they draw from, and the check that a file is sound.
//!
//! A policy is loaded twice over: once with spans ([`toml::Spanned`]) so that
//! every problem points at its line and column, then converted into the plain
//! [`Policy`] the rest of piimap uses (and that an inventory embeds, so that
//! `piimap merge` can evaluate shards without the original file).

pub mod draft;
pub mod vocabulary;

use globset::{Glob, GlobMatcher};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use toml::Spanned;

use crate::dates::Period;
use crate::rules::date_columns::DateRole;

pub use vocabulary::{Category, Vocabulary};

/// Version of the policy file format.
pub const POLICY_SCHEMA: &str = "piimap.policy/1";

/// An organization's declared purposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Who.
    pub organization: Organization,
    /// Which document was transcribed.
    pub policy: Document,
    /// What it collects, why and where.
    pub purposes: Vec<Purpose>,
    /// Where the policy is vague, silent or empty.
    #[serde(default)]
    pub gaps: Vec<Gap>,
    /// Whose data it is: the people the policy names (students, donors...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
    /// What the policy promises for data collected by accident (Alloprof:
    /// "destroyed as soon as possible"): undeclared data dated before this
    /// period counts as kept too long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accidental: Option<Accidental>,
}

/// A kind of person whose data the policy concerns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Identifier, used by purposes' `subjects`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Minors (Law 25 asks more care: consent of a parent under 14): a flag
    /// in a place holding their data is one severity higher.
    #[serde(default)]
    pub minors: bool,
    /// The policy's words, when it names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// The promise about data collected by accident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accidental {
    /// How long such data may stay (ISO 8601 period; `P0D`: not at all).
    pub keep: String,
    /// The policy's words.
    pub quote: String,
}

/// How long a purpose keeps its data: the policy's words, and when they
/// state a period, the period and the date it runs from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Retention {
    /// Words only ("while the account is active"): not checked against dates.
    Text(String),
    /// A period a machine can check.
    Period(RetentionPeriod),
}

/// A retention period (`retention = { keep = "P3Y", after = "last_activity", text = "..." }`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionPeriod {
    /// ISO 8601 period (`P3Y`, `P6M`, `P30D`).
    pub keep: String,
    /// The date it runs from: `collection` (default) or `last_activity`.
    #[serde(default)]
    pub after: DateRole,
    /// The policy's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Retention {
    /// The policy's words (or the period, when only it is given).
    pub fn text(&self) -> &str {
        match self {
            Retention::Text(text) => text,
            Retention::Period(period) => period.text.as_deref().unwrap_or(&period.keep),
        }
    }

    /// The period and its date, when the policy states one.
    pub fn period(&self) -> Option<(Period, DateRole)> {
        match self {
            Retention::Text(_) => None,
            Retention::Period(period) => Period::parse(&period.keep).map(|keep| (keep, period.after)),
        }
    }
}

/// Where a purpose's data goes outside the organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Who receives it ("suppliers", "CanadaHelps").
    pub recipients: String,
    /// Where: `quebec`, `canada` (elsewhere in Canada) or `outside_canada`;
    /// absent when the policy names the recipient but not where it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Destination>,
    /// Whether a privacy impact assessment covers it (Law 25, s. 17: required
    /// before communicating personal information outside Quebec). `None`: the
    /// policy does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed: Option<bool>,
    /// The policy's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// Where transferred data goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    /// Inside Quebec.
    Quebec,
    /// Elsewhere in Canada.
    Canada,
    /// Outside Canada.
    OutsideCanada,
}

impl Transfer {
    /// Outside Quebec with no assessment the policy mentions (a recipient
    /// whose place is not stated is not counted: the policy's gap says so).
    pub fn lacks_assessment(&self) -> bool {
        matches!(self.to, Some(Destination::Canada | Destination::OutsideCanada)) && self.assessed != Some(true)
    }
}

/// The organization a policy belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Name.
    pub name: String,
    /// Free text (`QC` for Law 25, `CA` for PIPEDA).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<String>,
}

/// The document a policy file transcribes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Title of the document.
    pub title: String,
    /// Date it states (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Language of the quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One declared purpose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Purpose {
    /// Identifier, unique in the policy.
    pub id: String,
    /// Short label.
    pub name: String,
    /// The policy's own words.
    pub quote: String,
    /// Category ids it declares.
    pub categories: Vec<String>,
    /// fideslang data-use key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_use: Option<String>,
    /// Retention as stated, with its period when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
    /// Whose data (ids of the policy's `[[subjects]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// Where the data goes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Transfer>,
    /// The legal basis the policy gives (consent, contract, legal obligation...), as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    /// Globs over file paths (relative to the inventory root) where its data is expected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Globs over `table.field` where its data is expected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

/// A place where the policy does not say enough.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// What it concerns.
    pub about: String,
    /// The purpose concerned, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// What is missing.
    pub note: String,
    /// The policy's words, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Categories it concerns: a flag of one of them links the gap, so the
    /// reader of the flag sees what the policy leaves unsaid about it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
}

impl Gap {
    /// Whether a flag of `category`, declared by or placed under
    /// `purposes`, should point at this gap.
    pub fn concerns(&self, category: &str, purposes: &[String]) -> bool {
        self.categories.iter().any(|c| c == category) || self.purpose.as_ref().is_some_and(|p| purposes.contains(p))
    }
}

/// A problem in a policy file, at a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The file as written, with spans for error messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    schema: Spanned<String>,
    organization: Organization,
    policy: RawDocument,
    purposes: Vec<RawPurpose>,
    #[serde(default)]
    gaps: Vec<RawGap>,
    #[serde(default)]
    subjects: Vec<Subject>,
    accidental: Option<Spanned<Accidental>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    title: String,
    date: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurpose {
    id: Spanned<String>,
    name: String,
    quote: Spanned<String>,
    categories: Spanned<Vec<Spanned<String>>>,
    data_use: Option<Spanned<String>>,
    retention: Option<Spanned<Retention>>,
    #[serde(default)]
    subjects: Vec<Spanned<String>>,
    #[serde(default)]
    transfers: Vec<Transfer>,
    legal_basis: Option<String>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    fields: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGap {
    about: String,
    purpose: Option<Spanned<String>>,
    note: String,
    quote: Option<String>,
    #[serde(default)]
    categories: Vec<Spanned<String>>,
}

/// Reads and checks the policy file at `path`.
pub fn load(path: &Path, vocabulary: &Vocabulary) -> Result<Policy, String> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("{}: cannot read: {err}", path.display()))?;
    parse(&text, vocabulary).map_err(|errors| {
        errors
            .iter()
            .map(|error| format!("{}:{}:{}: {}", path.display(), error.line, error.column, error.message))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Parses and checks a policy; every problem found, in file order.
pub fn parse(text: &str, vocabulary: &Vocabulary) -> Result<Policy, Vec<PolicyError>> {
    let at = |span: std::ops::Range<usize>, message: String| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        PolicyError { line, column, message }
    };
    let raw: RawPolicy = toml::from_str(text).map_err(|err| {
        let span = err.span().unwrap_or(0..0);
        vec![at(span, err.message().to_string())]
    })?;
    let mut errors = Vec::new();
    if raw.schema.get_ref() != POLICY_SCHEMA {
        errors.push(at(
            raw.schema.span(),
            format!("schema is {:?}; this piimap reads {POLICY_SCHEMA:?}", raw.schema.get_ref()),
        ));
    }
    check_document(&raw.policy, &mut errors, &at);
    let gap_purposes: BTreeSet<&str> =
        raw.gaps.iter().filter_map(|gap| gap.purpose.as_ref().map(|p| p.get_ref().as_str())).collect();
    let mut ids = BTreeSet::new();
    for purpose in &raw.purposes {
        let id = purpose.id.get_ref();
        let well_formed = id.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            errors.push(at(purpose.id.span(), format!("purpose id {id:?}: use lower-case letters, digits and '-'")));
        }
        if !ids.insert(id.as_str()) {
            errors.push(at(purpose.id.span(), format!("duplicate purpose id {id:?}")));
        }
        if purpose.quote.get_ref().trim().is_empty() {
            errors.push(at(purpose.quote.span(), format!("purpose {id:?}: quote the policy's own words")));
        }
        if purpose.categories.get_ref().is_empty() && !gap_purposes.contains(id.as_str()) {
            errors.push(at(
                purpose.categories.span(),
                format!("purpose {id:?} declares no category; record why in a [[gaps]] entry with purpose = {id:?}"),
            ));
        }
        check_purpose_fields(purpose, &raw.subjects, vocabulary, &mut errors, &at);
    }
    for gap in &raw.gaps {
        if let Some(purpose) = &gap.purpose {
            if !ids.contains(purpose.get_ref().as_str()) {
                errors.push(at(purpose.span(), format!("gap refers to unknown purpose {:?}", purpose.get_ref())));
            }
        }
        for category in &gap.categories {
            if vocabulary.get(category.get_ref()).is_none() {
                errors.push(at(
                    category.span(),
                    format!("gap names unknown category {:?}; see `piimap policy categories`", category.get_ref()),
                ));
            }
        }
    }
    if raw.purposes.is_empty() {
        errors.push(PolicyError { line: 1, column: 1, message: "no [[purposes]]".into() });
    }
    if let Some(accidental) = &raw.accidental {
        if Period::parse(&accidental.get_ref().keep).is_none() {
            errors.push(at(
                accidental.span(),
                format!("[accidental] keep = {:?} is not an ISO 8601 period of days", accidental.get_ref().keep),
            ));
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.line, e.column));
        return Err(errors);
    }
    Ok(into_policy(raw))
}

/// A purpose's categories (known, listed once), data use, retention period,
/// subjects (declared), and globs.
fn check_purpose_fields(
    purpose: &RawPurpose,
    subjects: &[Subject],
    vocabulary: &Vocabulary,
    errors: &mut Vec<PolicyError>,
    at: &dyn Fn(std::ops::Range<usize>, String) -> PolicyError,
) {
    let id = purpose.id.get_ref();
    let mut seen = BTreeSet::new();
    for category in purpose.categories.get_ref() {
        let name = category.get_ref();
        if vocabulary.get(name).is_none() {
            let hint = match vocabulary::renamed(name) {
                Some(new) => format!(" (renamed {new:?}: card numbers are now found from values)"),
                None => vocabulary.closest(name).map(|c| format!(" (did you mean {c:?}?)")).unwrap_or_default(),
            };
            errors
                .push(at(category.span(), format!("unknown category {name:?}{hint}; see `piimap policy categories`")));
        } else if !seen.insert(name) {
            errors.push(at(category.span(), format!("category {name:?} listed twice")));
        }
    }
    if let Some(data_use) = &purpose.data_use {
        if !vocabulary.is_data_use(data_use.get_ref()) {
            errors.push(at(data_use.span(), format!("{:?} is not a fideslang data-use key", data_use.get_ref())));
        }
    }
    if let Some(retention) = &purpose.retention {
        if let Retention::Period(period) = retention.get_ref() {
            if Period::parse(&period.keep).is_none() {
                errors.push(at(
                    retention.span(),
                    format!(
                        "purpose {id:?}: keep = {:?} is not an ISO 8601 period of days (P3Y, P6M, P30D)",
                        period.keep
                    ),
                ));
            }
        }
    }
    for subject in &purpose.subjects {
        if !subjects.iter().any(|s| &s.id == subject.get_ref()) {
            errors.push(at(
                subject.span(),
                format!("purpose {id:?}: unknown subject {:?}; declare it in [[subjects]]", subject.get_ref()),
            ));
        }
    }
    for glob in purpose.paths.iter().chain(&purpose.fields) {
        if let Err(err) = Glob::new(glob.get_ref()) {
            errors.push(at(glob.span(), format!("bad glob {:?}: {}", glob.get_ref(), err.kind())));
        }
    }
    for field in &purpose.fields {
        if !field.get_ref().contains('.') {
            errors.push(at(field.span(), format!("{:?}: a field is written table.field", field.get_ref())));
        }
    }
}

/// The checked file as the plain policy the rest of piimap uses.
fn into_policy(raw: RawPolicy) -> Policy {
    Policy {
        organization: raw.organization,
        policy: Document {
            title: raw.policy.title,
            date: raw.policy.date.map(Spanned::into_inner),
            language: raw.policy.language.map(Spanned::into_inner),
            source: raw.policy.source,
        },
        purposes: raw
            .purposes
            .into_iter()
            .map(|purpose| Purpose {
                id: purpose.id.into_inner(),
                name: purpose.name,
                quote: purpose.quote.into_inner(),
                categories: purpose.categories.into_inner().into_iter().map(Spanned::into_inner).collect(),
                data_use: purpose.data_use.map(Spanned::into_inner),
                retention: purpose.retention.map(Spanned::into_inner),
                subjects: purpose.subjects.into_iter().map(Spanned::into_inner).collect(),
                transfers: purpose.transfers,
                legal_basis: purpose.legal_basis,
                paths: purpose.paths.into_iter().map(Spanned::into_inner).collect(),
                fields: purpose.fields.into_iter().map(Spanned::into_inner).collect(),
            })
            .collect(),
        gaps: raw
            .gaps
            .into_iter()
            .map(|gap| Gap {
                about: gap.about,
                purpose: gap.purpose.map(Spanned::into_inner),
                note: gap.note,
                quote: gap.quote,
                categories: gap.categories.into_iter().map(Spanned::into_inner).collect(),
            })
            .collect(),
        subjects: raw.subjects,
        accidental: raw.accidental.map(Spanned::into_inner),
    }
}

/// The document's date must be a real `YYYY-MM-DD` (a report prints it as the
/// policy's date, and a typo there misdates the evidence); its language, when
/// given, one reports can be written in.
fn check_document(
    document: &RawDocument,
    errors: &mut Vec<PolicyError>,
    at: &dyn Fn(std::ops::Range<usize>, String) -> PolicyError,
) {
    if let Some(date) = &document.date {
        if !is_iso_date(date.get_ref()) {
            errors.push(at(
                date.span(),
                format!("date {:?}: write the date the policy states as YYYY-MM-DD (e.g. 2025-11-05)", date.get_ref()),
            ));
        }
    }
    if let Some(language) = &document.language {
        if crate::lang::Lang::parse(language.get_ref()).is_none() {
            errors.push(at(
                language.span(),
                format!("language {:?}: piimap writes reports in \"en\" or \"fr\"", language.get_ref()),
            ));
        }
    }
}

/// `YYYY-MM-DD`, a day that exists.
fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) =
        (text[0..4].parse::<u16>(), text[5..7].parse::<u8>(), text[8..10].parse::<u8>())
    else {
        return false;
    };
    (1..=12).contains(&month) && crate::dates::is_real_day(year, month, day)
}

/// Where a finding is, as a policy's `paths` and `fields` see it.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// Path relative to the inventory root, `/`-separated.
    pub path: &'a str,
    /// Table and field, for structured data.
    pub field: Option<(&'a str, &'a str)>,
}

/// A purpose's location globs, compiled.
#[derive(Debug, Clone)]
pub struct Coverage {
    paths: Vec<GlobMatcher>,
    fields: Vec<GlobMatcher>,
}

impl Coverage {
    /// Compiles `purpose`'s globs (already checked by [`parse`]; a glob that
    /// does not compile covers nothing).
    pub fn of(purpose: &Purpose) -> Coverage {
        let compile = |globs: &[String]| {
            globs
                .iter()
                .filter_map(|glob| {
                    globset::GlobBuilder::new(glob).literal_separator(true).build().ok().map(|g| g.compile_matcher())
                })
                .collect()
        };
        Coverage { paths: compile(&purpose.paths), fields: compile(&purpose.fields) }
    }

    /// Whether the purpose's data map names `place` explicitly (a purpose
    /// with no `paths` or `fields` maps nothing: it is expected anywhere, but
    /// no place is its own).
    pub fn maps(&self, place: Place) -> bool {
        !(self.paths.is_empty() && self.fields.is_empty()) && self.covers(place)
    }

    /// Whether the purpose expects its data at `place`: anywhere when it names
    /// no place, else where a path glob matches the file or a field glob
    /// matches `table.field`.
    pub fn covers(&self, place: Place) -> bool {
        if self.paths.is_empty() && self.fields.is_empty() {
            return true;
        }
        self.paths.iter().any(|glob| glob.is_match(place.path))
            || place.field.is_some_and(|(table, field)| {
                let qualified = format!("{table}.{field}");
                self.fields.iter().any(|glob| glob.is_match(&qualified))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"schema = "piimap.policy/1"
[organization]
name = "Org"
[policy]
title = "Privacy"
[[purposes]]
id = "accounts"
name = "Accounts"
quote = "We collect your email."
categories = ["email", "password"]
fields = ["users.*"]
paths = ["logs/*.log"]
"#;

    #[test]
    fn a_good_policy_loads_and_places_are_matched() {
        let vocabulary = Vocabulary::builtin();
        let policy = parse(GOOD, &vocabulary).unwrap();
        let coverage = Coverage::of(&policy.purposes[0]);
        assert!(coverage.covers(Place { path: "users.csv", field: Some(("users", "email")) }));
        assert!(coverage.covers(Place { path: "logs/access.log", field: None }));
        assert!(!coverage.covers(Place { path: "logs/old/access.log", field: None }), "* does not cross /");
        assert!(!coverage.covers(Place { path: "chat.log", field: None }));
        assert!(!coverage.covers(Place { path: "x.sql", field: Some(("donations", "email")) }));
    }

    #[test]
    fn retention_periods_subjects_and_transfers_are_checked() {
        let vocabulary = Vocabulary::builtin();
        let with = |purpose_lines: &str, top: &str| format!("{GOOD}{purpose_lines}\n{top}");
        let good = with(
            "subjects = [\"students\"]\nretention = { keep = \"P3Y\", after = \"last_activity\", text = \"three years\" }\ntransfers = [{ recipients = \"a mailer\", to = \"outside_canada\" }]",
            "[accidental]\nkeep = \"P0D\"\nquote = \"destroyed\"\n[[subjects]]\nid = \"students\"\nname = \"Students\"\nminors = true\n",
        );
        let policy = parse(&good, &vocabulary).unwrap();
        let purpose = &policy.purposes[0];
        assert_eq!(
            purpose.retention.as_ref().and_then(Retention::period).map(|(p, r)| (p.years, r)),
            Some((3, DateRole::LastActivity))
        );
        assert!(purpose.transfers[0].lacks_assessment());
        assert!(policy.subjects[0].minors);
        let bad_keep = parse(&good.replace("\"P3Y\"", "\"3 years\""), &vocabulary).unwrap_err();
        assert!(bad_keep[0].message.contains("keep = \"3 years\" is not an ISO 8601 period"), "{bad_keep:?}");
        assert_eq!(bad_keep[0].line, 14, "at the retention: {bad_keep:?}");
        let unknown =
            parse(&good.replace("subjects = [\"students\"]", "subjects = [\"pupils\"]"), &vocabulary).unwrap_err();
        assert!(unknown[0].message.contains("unknown subject \"pupils\""), "{unknown:?}");
        let words = parse(
            &good.replace(
                "retention = { keep = \"P3Y\", after = \"last_activity\", text = \"three years\" }",
                "retention = \"while the account is active\"",
            ),
            &vocabulary,
        )
        .unwrap();
        assert_eq!(words.purposes[0].retention.as_ref().map(Retention::text), Some("while the account is active"));
        assert!(words.purposes[0].retention.as_ref().and_then(Retention::period).is_none());
    }

    #[test]
    fn errors_point_at_the_line_and_column() {
        let vocabulary = Vocabulary::builtin();
        let bad = GOOD.replace("\"password\"]", "\"pasword\"]").replace("users.*", "users[") + "\n[[purposes]]\nid = \"accounts\"\nname = \"x\"\nquote = \"y\"\ncategories = []\ndata_use = \"marketing.spam\"\n";
        let errors = parse(&bad, &vocabulary).unwrap_err();
        let messages: Vec<String> = errors.iter().map(|e| format!("{}:{}: {}", e.line, e.column, e.message)).collect();
        assert!(
            messages[0].starts_with("10:24: unknown category \"pasword\" (did you mean \"password\"?)"),
            "{messages:?}"
        );
        assert!(messages[1].starts_with("11:11: bad glob \"users[\""), "{messages:?}");
        assert!(messages.iter().any(|m| m.starts_with("15:6: duplicate purpose id")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("declares no category")), "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("\"marketing.spam\" is not a fideslang data-use key")),
            "{messages:?}"
        );
        let renamed = parse(&GOOD.replace("\"password\"]", "\"payment_method\"]"), &vocabulary).unwrap_err();
        assert!(renamed[0].message.contains("renamed \"credit_card\""), "{renamed:?}");
        let dated = GOOD.replace("title = \"Privacy\"", "title = \"Privacy\"\ndate = \"November 5, 2025\"");
        let undated = parse(&dated, &vocabulary).unwrap_err();
        assert_eq!((undated[0].line, undated[0].column), (6, 8), "{undated:?}");
        assert!(undated[0].message.contains("YYYY-MM-DD"), "{undated:?}");
        assert!(
            parse(&GOOD.replace("title = \"Privacy\"", "title = \"P\"\ndate = \"2025-02-30\""), &vocabulary).is_err()
        );
        assert!(
            parse(&GOOD.replace("title = \"Privacy\"", "title = \"P\"\ndate = \"2024-02-29\""), &vocabulary).is_ok()
        );
        let gap = format!("{GOOD}[[gaps]]\nabout = \"x\"\nnote = \"y\"\ncategories = [\"emial\"]\n");
        assert!(parse(&gap, &vocabulary).unwrap_err()[0].message.contains("unknown category \"emial\""));
        let typo = parse(&GOOD.replace("fields =", "feilds ="), &vocabulary).unwrap_err();
        assert_eq!((typo[0].line, typo[0].message.contains("unknown field `feilds`")), (11, true), "{typo:?}");
    }
}
