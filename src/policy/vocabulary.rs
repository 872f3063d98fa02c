//! The categories a policy may declare, and the fideslang data uses.
//!
//! Both are data (`rules/categories/`), embedded in the binary: the
//! detected categories are the `category` ids of the rule files; the others are
//! what policies declare that no value pattern can find (a password, a date of
//! birth, a grade level...), which an inventory lists as "not checked".

use serde::{Deserialize, Serialize};

const CATEGORIES: &str = include_str!("../../rules/categories/categories.toml");
const DATA_USES: &str = include_str!("../../rules/categories/data_uses.toml");

/// One category of personal information.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// piimap's id (`email`, `date_of_birth`).
    pub id: String,
    /// The closest fideslang data-category key.
    pub fideslang: String,
    /// Human name.
    pub name: String,
    /// The name in French (Quebec usage), for reports in French.
    pub name_fr: String,
    /// Found from values by a rule (the rule file's `category` is this id).
    #[serde(default)]
    pub detected: bool,
    /// Its class of sensitive information (Law 25), if it is one.
    #[serde(default)]
    pub sensitivity: Option<Sensitivity>,
    /// Identifies a person (the default). A business number identifies an
    /// organization: listed in an inventory, never over-collection.
    #[serde(default = "personal_by_default")]
    pub personal: bool,
}

/// Classes of sensitive personal information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// SIN, licence, passport.
    GovernmentId,
    /// Health numbers and health information.
    Health,
    /// Cards, bank accounts.
    Financial,
    /// Data processed to recognize a person by their features.
    Biometric,
    /// Where a person is, precisely.
    PreciseLocation,
    /// Passwords and other secrets that open an account.
    Credentials,
}

impl Sensitivity {
    /// The spelling in data files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::GovernmentId => "government_id",
            Sensitivity::Health => "health",
            Sensitivity::Financial => "financial",
            Sensitivity::Biometric => "biometric",
            Sensitivity::PreciseLocation => "precise_location",
            Sensitivity::Credentials => "credentials",
        }
    }

    /// In words, in `lang`.
    pub fn name(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Sensitivity::GovernmentId => lang.pick("a government identifier", "un identifiant gouvernemental"),
            Sensitivity::Health => lang.pick("health information", "un renseignement de santé"),
            Sensitivity::Financial => lang.pick("financial information", "un renseignement financier"),
            Sensitivity::Biometric => lang.pick("biometric information", "un renseignement biométrique"),
            Sensitivity::PreciseLocation => lang.pick("a precise location", "une localisation précise"),
            Sensitivity::Credentials => lang.pick("a credential", "un authentifiant"),
        }
    }
}

fn personal_by_default() -> bool {
    true
}

/// Category ids that were renamed: a policy written for an older piimap gets
/// the new name in its error rather than a guess.
const RENAMED: &[(&str, &str)] = &[("payment_method", "credit_card")];

/// The id a renamed category has now.
pub fn renamed(id: &str) -> Option<&'static str> {
    RENAMED.iter().find(|(old, _)| *old == id).map(|(_, new)| *new)
}

impl Category {
    /// The name in `lang`.
    pub fn name_in(&self, lang: crate::lang::Lang) -> &str {
        lang.pick(&self.name, &self.name_fr)
    }

    /// Government identifiers (SIN, licence numbers...).
    pub fn is_government_id(&self) -> bool {
        self.fideslang.starts_with("user.government_id")
    }
}

#[derive(Deserialize)]
struct CategoriesFile {
    categories: Vec<Category>,
}

#[derive(Deserialize)]
struct DataUsesFile {
    keys: Vec<String>,
}

/// The category vocabulary and data-use keys.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Every category, in file order.
    pub categories: Vec<Category>,
    data_uses: Vec<String>,
}

impl Vocabulary {
    /// The vocabulary built into piimap.
    pub fn builtin() -> Vocabulary {
        let categories: CategoriesFile = toml::from_str(CATEGORIES).expect("rules/categories/categories.toml is valid");
        let uses: DataUsesFile = toml::from_str(DATA_USES).expect("rules/categories/data_uses.toml is valid");
        Vocabulary { categories: categories.categories, data_uses: uses.keys }
    }

    /// The category `id`.
    pub fn get(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|category| category.id == id)
    }

    /// Whether `key` is a fideslang data-use key.
    pub fn is_data_use(&self, key: &str) -> bool {
        self.data_uses.iter().any(|known| known == key)
    }

    /// The known id nearest to a misspelled one (at most two edits away).
    pub fn closest(&self, id: &str) -> Option<&str> {
        self.categories
            .iter()
            .map(|category| (edit_distance(id, &category.id), category.id.as_str()))
            .filter(|(distance, _)| *distance <= 2)
            .min()
            .map(|(_, id)| id)
    }
}

/// Levenshtein distance, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(ca != *cb)).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_category_is_in_the_vocabulary_as_detected() {
        let vocabulary = Vocabulary::builtin();
        let rules = crate::rules::RuleSet::builtin().unwrap();
        for category in &rules.categories {
            let known = vocabulary.get(&category.name).unwrap_or_else(|| panic!("{} missing", category.name));
            assert!(known.detected, "{}", category.name);
            assert_eq!(Some(known.fideslang.as_str()), category.fideslang.as_deref(), "{}", category.name);
        }
        assert_eq!(vocabulary.categories.iter().filter(|c| c.detected).count(), rules.categories.len());
        assert!(vocabulary.get("sin").unwrap().is_government_id());
        assert!(vocabulary.is_data_use("essential.service.security"));
        assert_eq!(vocabulary.closest("emial"), Some("email"));
    }
}
