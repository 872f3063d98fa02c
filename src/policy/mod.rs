//! Declared purposes as data: policy files (`rules/policies/*.toml`), the
//! category vocabulary they draw from, and the check that a file is sound.
//!
//! A policy is loaded twice over: once with spans ([`toml::Spanned`]) so that
//! every problem points at its line and column, then converted into the plain
//! [`Policy`] the rest of piimap uses (and that an inventory embeds, so that
//! `piimap merge` can evaluate shards without the original file).

pub mod vocabulary;

use globset::{Glob, GlobMatcher};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use toml::Spanned;

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
    /// Retention as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<String>,
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
    retention: Option<String>,
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
        let mut seen = BTreeSet::new();
        for category in purpose.categories.get_ref() {
            let name = category.get_ref();
            if vocabulary.get(name).is_none() {
                let hint = match vocabulary::renamed(name) {
                    Some(new) => format!(" (renamed {new:?}: card numbers are now found from values)"),
                    None => vocabulary.closest(name).map(|c| format!(" (did you mean {c:?}?)")).unwrap_or_default(),
                };
                errors.push(at(
                    category.span(),
                    format!("unknown category {name:?}{hint}; see `piimap policy categories`"),
                ));
            } else if !seen.insert(name) {
                errors.push(at(category.span(), format!("category {name:?} listed twice")));
            }
        }
        if let Some(data_use) = &purpose.data_use {
            if !vocabulary.is_data_use(data_use.get_ref()) {
                errors.push(at(data_use.span(), format!("{:?} is not a fideslang data-use key", data_use.get_ref())));
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
    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.line, e.column));
        return Err(errors);
    }
    Ok(Policy {
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
                retention: purpose.retention,
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
    })
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
