//! The INI files other tools keep settings in (`pg_service.conf`,
//! `~/.aws/credentials`): sections of `key = value` lines.

use std::collections::BTreeMap;

/// The `key=value` lines of section `[name]` of an INI text.
pub fn section(text: &str, name: &str) -> Option<BTreeMap<String, String>> {
    let mut entry: Option<BTreeMap<String, String>> = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            if entry.is_some() {
                break;
            }
            if section.trim() == name {
                entry = Some(BTreeMap::new());
            }
            continue;
        }
        if let (Some(entry), Some((key, value))) = (entry.as_mut(), line.split_once('=')) {
            entry.insert(key.trim().to_string(), value.trim().to_string());
        }
    }
    entry
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_section_is_read_up_to_the_next() {
        let text = "# c\n[a]\nx = 1\n[b]\ny=2\n; note\nz = 3 = 4\n[c]\nw=5\n";
        let b = super::section(text, "b").unwrap();
        assert_eq!((b["y"].as_str(), b["z"].as_str()), ("2", "3 = 4"));
        assert!(!b.contains_key("w"));
        assert!(super::section(text, "d").is_none());
    }
}
