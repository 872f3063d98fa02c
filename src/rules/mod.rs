//! Rules as data: TOML files (`rules/*.toml`) become an ordered, checked [`RuleSet`].
//!
//! Two stages, as in gitleaks: the raw file shape ([`RuleFile`], plain strings,
//! what humans edit) and the checked set ([`RuleSet`]: categories merged, ids
//! unique, validators resolved, order stable). The patterns themselves are
//! compiled by [`crate::detect::Detector`], which reports a bad pattern with the
//! rule id and the file it came from.
//!
//! The built-in files are embedded by `build.rs`; `--rules DIR` layers more files
//! on top: a rule whose id already exists replaces it in place, `enabled = false`
//! removes it, and a file for an existing category adds its context keywords.

mod checks;
pub mod date_columns;
mod identifiers;
pub mod validators;

use crate::finding::Confidence;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use validators::Validator;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Default context window before a match, in bytes, when a file does not say.
///
/// 48 bytes is about eight words: enough for `Numéro d'assurance sociale : `
/// and for a JSON key with its quotes, short enough that a keyword about the
/// previous field on a CSV line rarely reaches the next one.
const DEFAULT_CONTEXT_BEFORE: usize = 48;
/// Default context window after a match; labels usually come first, so it is shorter.
const DEFAULT_CONTEXT_AFTER: usize = 24;
/// Context windows are capped so that the chunk overlap in `source::text` always covers them.
pub const MAX_CONTEXT_WINDOW: usize = 256;

/// The shape of one rule file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    category: String,
    fideslang: Option<String>,
    description: Option<String>,
    mask: Option<String>,
    normalize: Option<String>,
    #[serde(default)]
    context: ContextSpec,
    #[serde(default)]
    rules: Vec<RuleSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextSpec {
    before: Option<usize>,
    after: Option<usize>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    negative: Vec<String>,
    #[serde(default)]
    adjacent: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: Option<String>,
    description: Option<String>,
    pattern: Option<String>,
    #[serde(default)]
    patterns: Vec<String>,
    anchor: Option<String>,
    validator: Option<String>,
    confidence: Option<Confidence>,
    context_confidence: Option<Confidence>,
    #[serde(default)]
    requires_context: bool,
    #[serde(default = "default_true")]
    enabled: bool,
    #[serde(default)]
    examples: Vec<ExampleSpec>,
    #[serde(default)]
    counterexamples: Vec<String>,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ExampleSpec {
    Text(String),
    Detailed {
        text: String,
        confidence: Option<Confidence>,
        #[serde(default)]
        values: Option<Vec<String>>,
    },
}

/// A category of personal data and the words that give its matches context.
#[derive(Debug, Clone)]
pub struct Category {
    /// Identifier used in findings (`email`, `phone`, `postal_code`, `sin`, `ip_address`...).
    pub name: String,
    /// The fideslang data-category key (`user.contact.email`...), when known.
    pub fideslang: Option<String>,
    /// How its values are shown (`mask = "phone"`; default `last2`).
    pub mask: crate::redact::Mask,
    /// How its values are normalized for fingerprints (`normalize = "digits"`;
    /// default `exact`), so spacing and dashes do not make two values.
    pub normalize: crate::redact::Normalize,
    /// Human description.
    pub description: String,
    /// Bytes before a match searched for context keywords (same line only).
    pub context_before: usize,
    /// Bytes after a match searched for context keywords (same line only).
    pub context_after: usize,
    /// Keywords that raise confidence one level.
    pub keywords: Vec<String>,
    /// Keywords that lower confidence one level.
    pub negative: Vec<String>,
    /// Case-sensitive words that raise confidence only right before a match,
    /// with at most a comma and a space between (`QC H2K3V9`): words too short
    /// or too common to be keywords anywhere on the line.
    pub adjacent: Vec<String>,
}

/// An example attached to a rule, run by the test suite and `piimap rules --test`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Text to scan.
    pub text: String,
    /// `None`: the rule must report it at the default threshold (medium or above).
    /// `Some(level)`: the rule must report it at exactly that level.
    pub confidence: Option<Confidence>,
    /// When given, exactly the values the rule must match in the text, in
    /// order: the shape is taken whole (`user@exemple.xn--p1ai`), and two
    /// numbers in a row are two findings.
    pub values: Option<Vec<String>>,
}

/// One checked rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique id (`sin-formatted`).
    pub id: String,
    /// Index into [`RuleSet::categories`].
    pub category: usize,
    /// Human description, shown by `piimap rules` and in SARIF.
    pub description: String,
    /// Regex patterns (Unicode off); any of them finds a candidate.
    pub patterns: Vec<String>,
    /// A byte class (`@`, `[0-9]`, `:`) that every match of every pattern
    /// contains. The detector scans for these bytes first and runs the
    /// automaton only around them; `None` makes the whole input searched.
    /// The detector proves the claim from the pattern when it compiles it.
    pub anchor: Option<String>,
    /// Check run on every candidate.
    pub validator: Validator,
    /// Level without context.
    pub confidence: Confidence,
    /// Level with a positive context keyword or column name: one above
    /// `confidence` unless the file says otherwise. A RAMQ number has no check
    /// digit, so alone it is `low`; with "RAMQ" or "NAM" beside it, it is `high`.
    pub context_confidence: Confidence,
    /// Candidates without a positive context keyword nearby are dropped.
    pub requires_context: bool,
    /// Texts the rule must find.
    pub examples: Vec<Example>,
    /// Texts the rule must not find at any level.
    pub counterexamples: Vec<String>,
    /// File the rule was loaded from (`rules/sin.toml` for built-ins).
    pub source: String,
}

/// The active rules, in a stable order (built-in files by name, then user files).
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Categories, in the order first seen.
    pub categories: Vec<Category>,
    /// Rules, in priority order: when two patterns match at the same place, the earlier rule wins.
    pub rules: Vec<Rule>,
    /// SHA-256 chained over the text of every rule file added, in order:
    /// an inventory records it, so two reports say whether the same rules
    /// made them.
    pub source_digest: [u8; 32],
}

/// A rule file that could not be used, with the file and, where known, the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The file (`rules/sin.toml`, or the user's path).
    pub source: String,
    /// The rule id, when the problem is in one rule.
    pub rule: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule {
            Some(rule) => write!(f, "{}: rule {rule:?}: {}", self.source, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

impl std::error::Error for RuleError {}

impl RuleSet {
    /// The rules shipped in the binary.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::empty();
        for (name, text) in BUILTIN_RULE_FILES {
            set.add_file(name, text)?;
        }
        Ok(set)
    }

    /// The built-in rules with every `*.toml` file of `dirs` layered on top, in order.
    pub fn with_overrides(dirs: &[PathBuf]) -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::builtin()?;
        for dir in dirs {
            for path in rule_files_in(dir)? {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(&path).map_err(|err| RuleError {
                    source: name.clone(),
                    rule: None,
                    message: format!("cannot read rule file: {err}"),
                })?;
                set.add_file(&name, &text)?;
            }
        }
        Ok(set)
    }

    /// No rules (a set to [`add_file`](RuleSet::add_file) to).
    pub fn empty() -> RuleSet {
        RuleSet { categories: Vec::new(), rules: Vec::new(), source_digest: [0; 32] }
    }

    /// Parses one rule file and merges it into the set.
    pub fn add_file(&mut self, source: &str, text: &str) -> Result<(), RuleError> {
        use sha2::{Digest, Sha256};
        let mut chained = Sha256::new();
        chained.update(self.source_digest);
        chained.update(Sha256::digest(text.as_bytes()));
        self.source_digest = chained.finalize().into();
        let file: RuleFile = toml::from_str(text).map_err(|err| RuleError {
            source: source.to_string(),
            rule: None,
            message: format!("invalid rule file: {err}"),
        })?;
        let file_error = |message: String| RuleError { source: source.to_string(), rule: None, message };
        let category_name = file.category.trim();
        if !is_identifier(category_name) {
            return Err(file_error(format!(
                "category {category_name:?} must be a non-empty identifier of lowercase letters, digits and '_'"
            )));
        }
        let category = self.merge_category(category_name, &file, source)?;

        let mut ids_in_file = std::collections::HashSet::new();
        for spec in file.rules {
            let id = spec.id.clone().unwrap_or_default();
            let rule_error =
                |message: String| RuleError { source: source.to_string(), rule: Some(id.clone()), message };
            if id.trim().is_empty() {
                return Err(file_error("a [[rules]] entry has no `id`".into()));
            }
            if !ids_in_file.insert(id.clone()) {
                return Err(rule_error("duplicate rule id in this file".into()));
            }
            let existing = self.rules.iter().position(|rule| rule.id == id);
            if !spec.enabled {
                match existing {
                    Some(index) => {
                        self.rules.remove(index);
                        continue;
                    }
                    None => return Err(rule_error("`enabled = false` names no existing rule".into())),
                }
            }
            let mut patterns = spec.patterns;
            if let Some(pattern) = spec.pattern {
                patterns.insert(0, pattern);
            }
            if patterns.is_empty() || patterns.iter().any(|p| p.trim().is_empty()) {
                return Err(rule_error(
                    "`pattern` (or `patterns`) is missing or empty: the rule would find nothing".into(),
                ));
            }
            let validator = match spec.validator.as_deref() {
                None => Validator::NONE,
                Some(name) => name.parse().map_err(rule_error)?,
            };
            let rule = Rule {
                id: id.clone(),
                category,
                description: spec.description.unwrap_or_default(),
                patterns,
                anchor: spec.anchor,
                validator,
                confidence: spec.confidence.unwrap_or(Confidence::Medium),
                context_confidence: spec
                    .context_confidence
                    .unwrap_or_else(|| spec.confidence.unwrap_or(Confidence::Medium).shifted(1)),
                requires_context: spec.requires_context,
                examples: spec
                    .examples
                    .into_iter()
                    .map(|example| match example {
                        ExampleSpec::Text(text) => Example { text, confidence: None, values: None },
                        ExampleSpec::Detailed { text, confidence, values } => Example { text, confidence, values },
                    })
                    .collect(),
                counterexamples: spec.counterexamples,
                source: source.to_string(),
            };
            if rule.requires_context && self.categories[category].keywords.is_empty() {
                return Err(rule_error(format!(
                    "`requires_context = true` but category {category_name:?} has no context keywords: the rule would never report"
                )));
            }
            match existing {
                Some(index) => self.rules[index] = rule,
                None => self.rules.push(rule),
            }
        }
        Ok(())
    }

    fn merge_category(&mut self, name: &str, file: &RuleFile, source: &str) -> Result<usize, RuleError> {
        let context = &file.context;
        for (which, value) in [("before", context.before), ("after", context.after)] {
            if value.is_some_and(|v| v > MAX_CONTEXT_WINDOW) {
                return Err(RuleError {
                    source: source.to_string(),
                    rule: None,
                    message: format!("context.{which} must be at most {MAX_CONTEXT_WINDOW} bytes"),
                });
            }
        }
        let file_error = |message: String| RuleError { source: source.to_string(), rule: None, message };
        let mask = file.mask.as_deref().map(crate::redact::Mask::named).transpose().map_err(file_error)?;
        let normalize =
            file.normalize.as_deref().map(crate::redact::Normalize::named).transpose().map_err(file_error)?;
        let clean = |words: &[String]| -> Vec<String> {
            words.iter().map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect()
        };
        let index = match self.categories.iter().position(|c| c.name == name) {
            Some(index) => index,
            None => {
                self.categories.push(Category {
                    name: name.to_string(),
                    fideslang: None,
                    mask: crate::redact::Mask::Last2,
                    normalize: crate::redact::Normalize::Exact,
                    description: String::new(),
                    context_before: DEFAULT_CONTEXT_BEFORE,
                    context_after: DEFAULT_CONTEXT_AFTER,
                    keywords: Vec::new(),
                    negative: Vec::new(),
                    adjacent: Vec::new(),
                });
                self.categories.len() - 1
            }
        };
        let category = &mut self.categories[index];
        if let Some(fideslang) = &file.fideslang {
            category.fideslang = Some(fideslang.clone());
        }
        if let Some(description) = &file.description {
            category.description = description.clone();
        }
        if let Some(mask) = mask {
            category.mask = mask;
        }
        if let Some(normalize) = normalize {
            category.normalize = normalize;
        }
        if let Some(before) = context.before {
            category.context_before = before;
        }
        if let Some(after) = context.after {
            category.context_after = after;
        }
        for word in clean(&context.keywords) {
            if !category.keywords.contains(&word) {
                category.keywords.push(word);
            }
        }
        for word in clean(&context.negative) {
            if !category.negative.contains(&word) {
                category.negative.push(word);
            }
        }
        for word in clean(&context.adjacent) {
            if !category.adjacent.contains(&word) {
                category.adjacent.push(word);
            }
        }
        Ok(index)
    }

    /// The category of a rule.
    pub fn category_of(&self, rule: usize) -> &Category {
        &self.categories[self.rules[rule].category]
    }
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The `*.toml` files directly inside `dir`, sorted by name so the load order is stable.
fn rule_files_in(dir: &Path) -> Result<Vec<PathBuf>, RuleError> {
    let error = |message: String| RuleError { source: dir.display().to_string(), rule: None, message };
    let metadata = std::fs::metadata(dir).map_err(|err| error(format!("cannot read rules directory: {err}")))?;
    if metadata.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|err| error(format!("cannot read rules directory: {err}")))? {
        let path = entry.map_err(|err| error(format!("cannot read rules directory: {err}")))?.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(error("no *.toml rule files in this directory".into()));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
category = "badge"
[context]
keywords = ["badge"]
[[rules]]
id = "badge-id"
pattern = '''\bB-\d{6}\b'''
examples = ["badge B-123456"]
"#;

    #[test]
    fn builtin_rules_load_in_stable_order() {
        let set = RuleSet::builtin().unwrap();
        let names: Vec<_> = set.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "bank_account",
                "business_number",
                "credit_card",
                "date_of_birth",
                "drivers_license",
                "email",
                "health_number",
                "ip_address",
                "passport",
                "phone",
                "postal_code",
                "sin"
            ]
        );
        assert!(set.rules.iter().all(|rule| !rule.examples.is_empty()), "every built-in rule has examples");
        assert!(set.categories.iter().all(|c| c.fideslang.is_some()));
    }

    #[test]
    fn a_new_file_adds_a_category_and_rule() {
        let mut set = RuleSet::builtin().unwrap();
        let before = set.rules.len();
        set.add_file("user.toml", MINIMAL).unwrap();
        assert_eq!(set.rules.len(), before + 1);
        let rule = set.rules.last().unwrap();
        assert_eq!(set.categories[rule.category].name, "badge");
        assert_eq!(rule.confidence, Confidence::Medium);
        assert_eq!(rule.validator, Validator::NONE);
    }

    #[test]
    fn same_id_replaces_in_place_and_disabled_removes() {
        let mut set = RuleSet::builtin().unwrap();
        let position = set.rules.iter().position(|r| r.id == "sin-bare").unwrap();
        set.add_file(
            "over.toml",
            "category = \"sin\"\n[[rules]]\nid = \"sin-bare\"\npattern = '''\\b\\d{9}\\b'''\nvalidator = \"luhn\"\nconfidence = \"high\"\n",
        )
        .unwrap();
        assert_eq!(set.rules[position].confidence, Confidence::High);
        assert_eq!(set.rules[position].source, "over.toml");
        set.add_file("off.toml", "category = \"sin\"\n[[rules]]\nid = \"sin-bare\"\nenabled = false\n").unwrap();
        assert!(set.rules.iter().all(|r| r.id != "sin-bare"));
    }

    #[test]
    fn errors_name_the_file_and_rule() {
        let mut set = RuleSet::builtin().unwrap();
        let err = set
            .add_file("bad.toml", "category = \"x\"\n[[rules]]\nid = \"r1\"\npattern = 'a'\nvalidator = \"crc32\"\n")
            .unwrap_err();
        assert_eq!(err.source, "bad.toml");
        assert_eq!(err.rule.as_deref(), Some("r1"));
        assert!(err.message.contains("crc32"), "{err}");

        let err = set.add_file("bad.toml", "category = \"x\"\n[[rules]]\nid = \"r2\"\n").unwrap_err();
        assert!(err.message.contains("missing or empty"), "{err}");

        let err = set.add_file("bad.toml", "category = \"x\"\n[[rules]]\npattern = 'a'\n").unwrap_err();
        assert!(err.message.contains("no `id`"), "{err}");

        let err = set.add_file("bad.toml", "category = \"x\"\nunknown = 1\n").unwrap_err();
        assert!(err.to_string().contains("bad.toml") && err.message.contains("unknown"), "{err}");

        let err = set.add_file("bad.toml", "category = \"Bad Name\"\n").unwrap_err();
        assert!(err.message.contains("identifier"), "{err}");

        let err = set
            .add_file("bad.toml", "category = \"x\"\n[[rules]]\nid = \"r3\"\npattern = 'a'\nrequires_context = true\n")
            .unwrap_err();
        assert!(err.message.contains("no context keywords"), "{err}");
    }

    #[test]
    fn override_directory_is_loaded_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.toml"), MINIMAL).unwrap();
        std::fs::write(dir.path().join("a.toml"), MINIMAL.replace("badge-id", "badge-a")).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a rule").unwrap();
        let set = RuleSet::with_overrides(&[dir.path().to_path_buf()]).unwrap();
        let ids: Vec<_> = set.rules.iter().rev().take(2).map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["badge-id", "badge-a"]);

        let empty = tempfile::tempdir().unwrap();
        let err = RuleSet::with_overrides(&[empty.path().to_path_buf()]).unwrap_err();
        assert!(err.message.contains("no *.toml"), "{err}");
    }
}
