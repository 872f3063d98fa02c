//! How a drafted purpose is named and identified: its label from the lead
//! sentence, an id from the label's first words, and the placeholder entry
//! when the text states no purpose.

use std::collections::BTreeSet;

use super::terms::{words, Folded, Terms};
use super::text::{sentences, Kind, Line};
use super::DraftPurpose;

/// When no sentence states a purpose, one entry a policy file can hold (it
/// needs a purpose) that says so; its gap asks the reviewer to write them.
pub(super) fn placeholder_purpose(lines: &[Line]) -> DraftPurpose {
    let quote = lines.iter().find(|l| l.kind == Kind::Paragraph).or(lines.first()).map_or_else(
        || "(the text is empty)".to_string(),
        |l| sentences(&l.text).first().map_or_else(|| l.text.clone(), |s| s.to_string()),
    );
    DraftPurpose {
        id: String::new(),
        name: "No purpose found in the text".into(),
        quote,
        why: "nothing: no heading or sentence of the text states a purpose the drafter recognizes; this entry holds the place".into(),
        categories: Vec::new(),
        category_words: Vec::new(),
        data_use: None,
        retention: None,
    }
}

/// "identifies" → "identify", "communications" → "communication".
pub(super) fn stem(word: &str) -> String {
    if let Some(base) = word.strip_suffix("ies").filter(|b| b.len() > 2) {
        return format!("{base}y");
    }
    match word.strip_suffix('s') {
        Some(base) if base.len() > 3 && !base.ends_with('s') => base.to_string(),
        _ => word.to_string(),
    }
}

/// A purpose's label: its lead without the opener ("To secure..." → "Secure..."), at most ~80 characters.
pub(super) fn name_of(lead: &str, terms: &Terms) -> String {
    let folded = Folded::new(lead);
    let mut name = lead.trim().trim_end_matches(':').trim();
    if let Some(hit) = terms.openers.find(&folded.text).into_iter().next().filter(|h| h.start == 0) {
        let cut = folded.original(0, hit.end).len();
        let rest = lead.trim()[cut..].trim_start_matches(['\'', '’']).trim();
        if !rest.is_empty() {
            name = rest.trim_end_matches(':').trim();
        }
    }
    let mut label: String = name.chars().take(80).collect();
    if name.chars().count() > 80 {
        if let Some(space) = label.rfind(' ') {
            label.truncate(space);
        }
        label = label.trim_end_matches([',', ';', ' ']).to_string() + "…";
    }
    let mut chars = label.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Ids from the names' first words (`secure-users-account`), unique.
pub(super) fn assign_ids(purposes: &mut [DraftPurpose]) {
    const SKIP: &[&str] = &[
        "to", "the", "a", "an", "and", "of", "our", "your", "their", "its", "with", "for", "in", "on", "by", "we",
        "us", "you", "it", "is", "are", "may", "will", "s", "de", "la", "le", "les", "des", "du", "et", "vos", "votre",
        "nos", "notre", "pour", "afin", "d", "l", "a", "au", "aux", "en", "nous", "vous", "that", "this",
    ];
    let mut taken = BTreeSet::new();
    for purpose in purposes.iter_mut() {
        let folded = Folded::new(&purpose.name).text;
        let chosen: Vec<&str> = words(&folded).into_iter().filter(|w| !SKIP.contains(w)).take(4).collect();
        let base = if chosen.is_empty() { "purpose".to_string() } else { chosen.join("-") };
        let base: String = base.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        purpose.id = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_names() {
        assert_eq!(stem("identifies"), "identify");
        assert_eq!(stem("communications"), "communication");
        assert_eq!(stem("access"), "access");
        let terms = Terms::builtin();
        assert_eq!(name_of("To secure the user’s account:", &terms), "Secure the user’s account");
        assert_eq!(name_of("Pour vous envoyer l’infolettre", &terms), "Vous envoyer l’infolettre");
    }
}
