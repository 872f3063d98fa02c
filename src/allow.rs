//! Allowlisting: findings a team has accepted, by place or by rule, and inline.
//!
//! Allowed findings are **counted, never silently dropped**: the summary says
//! how many each mechanism allowed.
//!
//! # `piimap.toml`
//! Found by walking up from the first scanned path (or given with `--config`);
//! path globs are relative to the file's directory.
//!
//! ```toml
//! [[allow]]
//! paths = ["tests/fixtures/**"]        # where (absent: everywhere)
//! reason = "synthetic test data"
//!
//! [[allow]]
//! paths = ["docs/**"]
//! rules = ["ip_address", "email"]      # rule ids or categories (absent: all)
//! ```
//!
//! # Inline
//! A line containing `piimap:allow` allows every finding on it;
//! `piimap:allow sin` or `piimap:allow sin,email` only those categories or rule ids.

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::paths::absolute;

/// The name of the allowlist file.
pub const CONFIG_FILE: &str = "piimap.toml";
/// The inline marker.
pub const INLINE_MARKER: &[u8] = b"piimap:allow";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    allow: Vec<EntrySpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntrySpec {
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    rules: Vec<String>,
    #[allow(dead_code)] // documentation for humans; kept so `deny_unknown_fields` accepts it
    reason: Option<String>,
}

/// One allow entry: where (globs relative to `base`) and what (rule ids or categories).
#[derive(Debug, Clone)]
struct Entry {
    base: PathBuf,
    paths: Option<GlobSet>,
    rules: Vec<String>,
}

/// Why a finding was not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// A `piimap.toml` entry or an `--allow-*` flag.
    Config,
    /// A `piimap:allow` comment on its line.
    Inline,
    /// Present in the `--baseline` file.
    Baseline,
}

/// Every allow rule in force.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    entries: Vec<Entry>,
    /// Where the config came from, for messages.
    pub source: Option<PathBuf>,
}

impl AllowList {
    /// Loads `file`.
    pub fn load(file: &Path) -> Result<AllowList, String> {
        let text = std::fs::read_to_string(file).map_err(|err| format!("{}: cannot read: {err}", file.display()))?;
        let parsed: ConfigFile = toml::from_str(&text).map_err(|err| format!("{}: {err}", file.display()))?;
        let base = absolute(file.parent().unwrap_or(Path::new(".")));
        let mut list = AllowList { entries: Vec::new(), source: Some(file.to_path_buf()) };
        for (index, spec) in parsed.allow.into_iter().enumerate() {
            if spec.paths.is_empty() && spec.rules.is_empty() {
                return Err(format!(
                    "{}: [[allow]] entry {} has neither `paths` nor `rules`: it would allow everything",
                    file.display(),
                    index + 1
                ));
            }
            let paths = glob_set(&spec.paths)
                .map_err(|err| format!("{}: [[allow]] entry {}: {err}", file.display(), index + 1))?;
            list.entries.push(Entry { base: base.clone(), paths, rules: spec.rules });
        }
        Ok(list)
    }

    /// The nearest `piimap.toml` in `start` or a directory above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = absolute(start);
        let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
        while let Some(current) = dir {
            let candidate = current.join(CONFIG_FILE);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = current.parent();
        }
        None
    }

    /// Adds the command line's `--allow-path` globs (relative to the current
    /// directory) and `--allow-rule` ids or categories.
    pub fn add_flags(&mut self, paths: &[String], rules: &[String]) -> Result<(), String> {
        let cwd = absolute(Path::new("."));
        if !paths.is_empty() {
            let paths = glob_set(paths).map_err(|err| format!("--allow-path: {err}"))?;
            self.entries.push(Entry { base: cwd.clone(), paths, rules: Vec::new() });
        }
        if !rules.is_empty() {
            self.entries.push(Entry { base: cwd, paths: None, rules: rules.to_vec() });
        }
        Ok(())
    }

    /// The entries that apply to `file` (as opened: relative to the current
    /// directory or absolute); computed once per file, then asked per finding.
    pub fn for_file(&self, file: &Path) -> FileAllows<'_> {
        if self.entries.is_empty() {
            return FileAllows { entries: Vec::new() };
        }
        let file = absolute(file);
        let entries = self
            .entries
            .iter()
            .filter(|entry| match &entry.paths {
                None => true,
                Some(globs) => file.strip_prefix(&entry.base).is_ok_and(|relative| globs.is_match(relative)),
            })
            .collect();
        FileAllows { entries }
    }

    /// Whether a finding of `rule`/`category` in `file` is allowed.
    pub fn allows(&self, file: &Path, rule: &str, category: &str) -> bool {
        self.for_file(file).allows(rule, category)
    }
}

/// The allow entries that apply to one file.
#[derive(Debug)]
pub struct FileAllows<'a> {
    entries: Vec<&'a Entry>,
}

impl FileAllows<'_> {
    /// Whether a finding of `rule`/`category` in this file is allowed.
    pub fn allows(&self, rule: &str, category: &str) -> bool {
        self.entries
            .iter()
            .any(|entry| entry.rules.is_empty() || entry.rules.iter().any(|r| r == rule || r == category))
    }
}

/// Whether `line` carries an inline allow for `rule`/`category`.
pub fn inline_allows(line: &[u8], rule: &str, category: &str) -> bool {
    let Some(at) = memchr::memmem::find(line, INLINE_MARKER) else { return false };
    let rest = &line[at + INLINE_MARKER.len()..];
    let rest = rest.strip_prefix(b":").unwrap_or(rest);
    let start = rest.iter().position(|b| !matches!(b, b' ' | b'\t' | b'=')).unwrap_or(rest.len());
    let names = &rest[start..];
    let end = names
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b',')))
        .unwrap_or(names.len());
    let names = &names[..end];
    // No list (or punctuation such as `-->` after the marker): everything on the line.
    if !names.first().is_some_and(u8::is_ascii_alphanumeric) {
        return true;
    }
    names.split(|&b| b == b',').any(|name| name == rule.as_bytes() || name == category.as_bytes())
}

fn glob_set(patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|err| format!("invalid glob {pattern:?}: {err}"))?;
        builder.add(glob);
        // `dir` also means everything under it, as in .gitignore.
        if !pattern.contains('*') {
            builder.add(Glob::new(&format!("{}/**", pattern.trim_end_matches('/'))).map_err(|e| e.to_string())?);
        }
    }
    builder.build().map(Some).map_err(|err| err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markers() {
        assert!(inline_allows(b"sin = '130 692 544'  # piimap:allow", "sin-formatted", "sin"));
        assert!(inline_allows(b"// piimap:allow sin", "sin-formatted", "sin"));
        assert!(inline_allows(b"// piimap:allow email,sin-formatted", "sin-formatted", "sin"));
        assert!(!inline_allows(b"// piimap:allow email", "sin-formatted", "sin"));
        assert!(!inline_allows(b"sin = '130 692 544'", "sin-formatted", "sin"));
        assert!(inline_allows(b"<!-- piimap:allow -->", "email", "email"));
    }

    #[test]
    fn config_entries_by_place_and_rule() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join(CONFIG_FILE);
        std::fs::write(
            &config,
            "[[allow]]\npaths = [\"tests/fixtures\"]\nreason = \"synthetic\"\n\n[[allow]]\npaths = [\"docs/*.md\"]\nrules = [\"ip_address\"]\n",
        )
        .unwrap();
        let list = AllowList::load(&config).unwrap();
        let root = dir.path();
        assert!(list.allows(&root.join("tests/fixtures/users.csv"), "sin-formatted", "sin"));
        assert!(list.allows(&root.join("tests/fixtures/deep/a.txt"), "email", "email"));
        assert!(list.allows(&root.join("docs/net.md"), "ipv4", "ip_address"));
        assert!(!list.allows(&root.join("docs/net.md"), "email", "email"));
        assert!(!list.allows(&root.join("src/main.rs"), "sin-formatted", "sin"));
        assert_eq!(AllowList::discover(&root.join("tests/fixtures/x.csv")), Some(config.clone()), "found walking up");
        std::fs::create_dir_all(root.join("tests/fixtures")).unwrap();
        assert_eq!(AllowList::discover(&root.join("tests/fixtures")), Some(config));
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(AllowList::discover(elsewhere.path()), None);
    }

    #[test]
    fn bad_configs_are_explained() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join(CONFIG_FILE);
        std::fs::write(&config, "[[allow]]\nreason = \"everything\"\n").unwrap();
        assert!(AllowList::load(&config).unwrap_err().contains("neither `paths` nor `rules`"));
        std::fs::write(&config, "[[allow]]\npaths = [\"a[\"]\n").unwrap();
        assert!(AllowList::load(&config).unwrap_err().contains("invalid glob"));
        std::fs::write(&config, "[[allowed]]\n").unwrap();
        assert!(AllowList::load(&config).unwrap_err().contains("piimap.toml"));
    }
}
