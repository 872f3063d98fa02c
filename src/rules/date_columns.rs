//! Which columns date a row (`rules/categories/date_columns.toml`): the
//! inventory counts a column's personal data by the dates of its rows, so a
//! policy's retention can be checked against values.

use serde::Deserialize;
use std::sync::OnceLock;

const DATE_COLUMNS: &str = include_str!("../../rules/categories/date_columns.toml");

pub use crate::dates::DateRole;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    collection: Vec<String>,
    last_activity: Vec<String>,
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| toml::from_str(DATE_COLUMNS).expect("rules/categories/date_columns.toml is valid"))
}

/// The role of a column named `field` (a column name or a JSON path), if it dates rows.
pub fn role_of(field: &str) -> Option<DateRole> {
    let last = field.rsplit(['.', '/']).next().unwrap_or(field).trim_end_matches("[]");
    let name: String = last
        .trim_matches(|c| c == '"' || c == '`' || c == '\'')
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() })
        .collect();
    let names = names();
    if names.collection.contains(&name) {
        Some(DateRole::Collection)
    } else if names.last_activity.contains(&name) {
        Some(DateRole::LastActivity)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_columns_are_known_by_name_in_english_and_french() {
        assert_eq!(role_of("created_at"), Some(DateRole::Collection));
        assert_eq!(role_of("Date-Inscription"), Some(DateRole::Collection));
        assert_eq!(role_of("legacy.imported_at"), Some(DateRole::Collection));
        assert_eq!(role_of("derniere_connexion"), Some(DateRole::LastActivity));
        assert_eq!(role_of("\"last_login\""), Some(DateRole::LastActivity));
        assert_eq!(role_of("date_naissance"), None, "a birth date dates the person, not the row");
        assert_eq!(role_of("email"), None);
    }
}
