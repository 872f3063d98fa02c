//! The language a report is written in.
//!
//! Quebec's Charter of the French language expects software used there to be
//! available in French, and a privacy officer files the inventory in the
//! language of the policy it checks. Reports pick, in order: `--lang`, the
//! policy's `language`, the environment's locale (`LC_ALL`, `LC_MESSAGES`,
//! `LANG`), English. Machine fields (JSON keys, category ids, statuses in JSON)
//! never change: only the words people read do.

use serde::{Deserialize, Serialize};

/// A report language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French (Quebec usage: « courriel », « NAS »).
    Fr,
}

impl Lang {
    /// `en`/`fr` and their regional forms (`fr-CA`, `fr_CA.UTF-8`); `None` otherwise.
    pub fn parse(text: &str) -> Option<Lang> {
        let primary = text.split(['-', '_', '.', '@']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The environment's locale, as POSIX orders the variables (the first set
    /// and non-empty one decides; `C` and `POSIX` mean English).
    pub fn from_env() -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::parse(&value))
    }

    /// `flag`, else the policy's language, else the environment's, else English.
    pub fn resolve(flag: Option<Lang>, policy_language: Option<&str>) -> Lang {
        flag.or_else(|| policy_language.and_then(Lang::parse)).or_else(Lang::from_env).unwrap_or_default()
    }

    /// The code (`en`, `fr`), for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// `english` or `french`, whichever this language is.
    pub fn pick<'a>(self, english: &'a str, french: &'a str) -> &'a str {
        match self {
            Lang::En => english,
            Lang::Fr => french,
        }
    }

    /// `value` and its noun in the right number: `1 file`, `2 files`; in
    /// French the singular goes up to 1 (`0 erreur`, `1 erreur`, `2 erreurs`).
    pub fn count(self, value: u64, english: (&str, &str), french: (&str, &str)) -> String {
        let (one, many) = self.pick_pair(english, french);
        let singular = match self {
            Lang::En => value == 1,
            Lang::Fr => value < 2,
        };
        format!("{} {}", self.number(value), if singular { one } else { many })
    }

    fn pick_pair<'a>(self, english: (&'a str, &'a str), french: (&'a str, &'a str)) -> (&'a str, &'a str) {
        match self {
            Lang::En => english,
            Lang::Fr => french,
        }
    }

    /// A count in this language's digits: French groups thousands with a
    /// narrow no-break space (`12 345`), English with a comma.
    pub fn number(self, value: u64) -> String {
        let digits = value.to_string();
        let separator = self.pick(",", "\u{202f}");
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index) % 3 == 0 {
                out.push_str(separator);
            }
            out.push(digit);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        let files = (("file", "files"), ("fichier", "fichiers"));
        assert_eq!(Lang::En.count(1, files.0, files.1), "1 file");
        assert_eq!(Lang::En.count(0, files.0, files.1), "0 files");
        assert_eq!(Lang::Fr.count(0, files.0, files.1), "0 fichier");
        assert_eq!(Lang::Fr.count(1, files.0, files.1), "1 fichier");
        assert_eq!(Lang::Fr.count(2345, files.0, files.1), "2\u{202f}345 fichiers");
    }

    #[test]
    fn locales_and_flags_resolve_in_order() {
        assert_eq!(Lang::parse("fr_CA.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("C.UTF-8"), None);
        assert_eq!(Lang::resolve(Some(Lang::En), Some("fr")), Lang::En, "the flag wins");
        assert_eq!(Lang::resolve(None, Some("fr")), Lang::Fr, "then the policy's language");
    }

    #[test]
    fn numbers_are_grouped_as_each_language_writes_them() {
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        assert_eq!(Lang::Fr.number(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(Lang::Fr.number(999), "999");
        assert_eq!(Lang::En.number(0), "0");
    }
}
