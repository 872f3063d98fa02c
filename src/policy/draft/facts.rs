//! What a policy states about itself (organization, title, date, language)
//! and the periods its retention sentences give.

use super::terms::{words, Folded, Terms};
use super::text::{sentences, Kind, Line};

/// A value read from the text, with the words it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The value.
    pub value: String,
    /// Where it came from, for the reviewer.
    pub from: String,
}

/// The title: the first heading, when the text opens with one.
pub fn title(lines: &[Line]) -> Option<Read> {
    let first = lines.first()?;
    (first.kind == Kind::Heading && first.text.chars().count() <= 120)
        .then(|| Read { value: first.text.clone(), from: "the first heading".into() })
}

/// Words that start with a capital and are not a name in a policy.
const NOT_NAMES: &[&str] = &[
    "customer",
    "customers",
    "company",
    "clients",
    "client",
    "in",
    "it",
    "if",
    "for",
    "when",
    "some",
    "there",
    "all",
    "any",
    "as",
    "privacy",
    "policy",
    "personal",
    "information",
    "protection",
    "act",
    "law",
    "laws",
    "terms",
    "use",
    "we",
    "our",
    "the",
    "this",
    "you",
    "your",
    "canada",
    "quebec",
    "québec",
    "internet",
    "officer",
    "users",
    "user",
    "i",
    "a",
    "politique",
    "confidentialité",
    "renseignements",
    "personnels",
    "loi",
    "nous",
    "vous",
    "notre",
    "la",
    "le",
    "les",
    "conditions",
    "utilisation",
    "privacy officer",
    "help",
    "zone",
    "google",
    "analytics",
    "cookie",
    "cookies",
    "pipeda",
    "ai",
    "pia",
    "po",
    "cv",
    "ip",
    "sms",
    "faq",
    "email",
    "e-mail",
];

/// Articles that open a name without being part of it ("La Librairie Boréale").
const ARTICLES: &[&str] = &["La", "Le", "Les", "The", "L'", "L’"];

/// The organization: the capitalized name the text uses most often (one
/// that also appears inside a sentence, not only at the start of one).
pub fn organization(lines: &[Line]) -> Option<Read> {
    use std::collections::BTreeMap;
    let mut total: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in lines.iter().filter(|l| l.kind != Kind::Heading) {
        for sentence in sentences(&line.text) {
            let mut run: Vec<&str> = Vec::new();
            let mut first = true;
            let mut flush = |run: &mut Vec<&str>, initial: bool| {
                if !run.is_empty() {
                    let name = run.join(" ");
                    let folded = Folded::new(&name).text;
                    if !run.iter().all(|w| NOT_NAMES.contains(&Folded::new(w).text.trim_end_matches('®')))
                        && !NOT_NAMES.contains(&folded.as_str())
                    {
                        let entry = total.entry(name).or_default();
                        entry.0 += 1;
                        entry.1 += usize::from(!initial);
                    }
                    run.clear();
                }
            };
            let mut run_initial = false;
            for token in sentence.split_whitespace() {
                let word = token.trim_start_matches(['(', '“', '"', '«', '\'']);
                let clean = word.trim_end_matches([',', '.', ';', ':', ')', '”', '"', '»', '!', '?']);
                let clean = clean.strip_suffix("’s").or_else(|| clean.strip_suffix("'s")).unwrap_or(clean);
                let capital = clean.chars().next().is_some_and(char::is_uppercase) && clean.chars().count() > 1;
                let article = run.is_empty() && ARTICLES.contains(&clean);
                if capital && !article && clean.chars().all(|c| c.is_alphanumeric() || "®-&'’".contains(c)) {
                    if run.is_empty() {
                        run_initial = first;
                    }
                    run.push(clean);
                    if clean.len() != word.len() {
                        flush(&mut run, run_initial);
                    }
                } else {
                    flush(&mut run, run_initial);
                }
                first = false;
            }
            flush(&mut run, run_initial);
        }
    }
    // Prefer a name also used inside a sentence; a short policy may name its
    // organization only at the start of sentences.
    let any_inside = total.values().any(|(count, inside)| *inside > 0 && *count >= 2);
    let (name, (count, _)) = total
        .into_iter()
        .filter(|(_, (_, inside))| !any_inside || *inside > 0)
        .max_by_key(|(name, (count, _))| (*count, name.len()))?;
    (count >= 2).then(|| Read { value: name, from: format!("the name the text uses most often ({count} times)") })
}

/// The language of most of the words: `fr` or `en`.
pub fn language(text: &str) -> Read {
    const EN: &[&str] = &["the", "and", "of", "to", "we", "your", "you", "is", "for", "with", "our", "information"];
    const FR: &[&str] =
        &["le", "la", "les", "et", "des", "du", "vous", "nous", "est", "pour", "avec", "renseignements"];
    let folded = Folded::new(text).text;
    let (mut en, mut fr) = (0usize, 0usize);
    for word in words(&folded) {
        en += usize::from(EN.contains(&word));
        fr += usize::from(FR.contains(&word));
    }
    let value = if fr > en { "fr" } else { "en" };
    Read { value: value.into(), from: format!("common words: {en} English, {fr} French") }
}

/// The date of the text: after "last update" (or "mise à jour"), else after
/// "effective date" (or "en vigueur"), on that line or the two after it.
pub fn date(lines: &[Line], terms: &Terms) -> Option<Read> {
    for phrases in [&terms.updated, &terms.effective] {
        for (i, line) in lines.iter().enumerate() {
            let folded = Folded::new(&line.text);
            let Some(hit) = phrases.find(&folded.text).into_iter().next() else { continue };
            let rest = folded.original(hit.end, folded.text.len());
            let after = std::iter::once(rest).chain(lines[i + 1..].iter().take(2).map(|l| l.text.as_str()));
            for candidate in after {
                if let Some(iso) = parse_date(candidate) {
                    let from = format!("\"{}\"", line.text.trim());
                    return Some(Read { value: iso, from });
                }
            }
        }
    }
    None
}

/// The first date in `text` ("November 5, 2025", "5 novembre 2025", "1er
/// mai 2024", "2025-11-05"), read by the date parser row dating uses, over
/// one word or three words at a time.
pub fn parse_date(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let plausible = |date: crate::dates::Date| (1990..=2100).contains(&date.year);
    (0..tokens.len()).find_map(|i| {
        [1, 3].into_iter().filter(|n| i + n <= tokens.len()).find_map(|n| {
            let window = tokens[i..i + n].join(" ");
            let window = window.trim_matches(|c: char| !c.is_alphanumeric());
            crate::dates::parse(window.as_bytes()).filter(|d| plausible(*d)).map(crate::dates::Date::iso)
        })
    })
}

/// The period a retention sentence states ("three years", "36 mois"), as an
/// ISO 8601 period, with the words it was read from.
pub fn retention_period(folded: &str) -> Option<(String, String)> {
    const NUMBERS: &[(&str, u32)] = &[
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("twelve", 12),
        ("eighteen", 18),
        ("twenty-four", 24),
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
        ("dix", 10),
        ("douze", 12),
        ("dix-huit", 18),
        ("vingt-quatre", 24),
    ];
    const UNITS: &[(&str, char)] = &[
        ("year", 'Y'),
        ("years", 'Y'),
        ("an", 'Y'),
        ("ans", 'Y'),
        ("annee", 'Y'),
        ("annees", 'Y'),
        ("month", 'M'),
        ("months", 'M'),
        ("mois", 'M'),
        ("day", 'D'),
        ("days", 'D'),
        ("jour", 'D'),
        ("jours", 'D'),
    ];
    let tokens: Vec<&str> =
        folded.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|w| !w.is_empty()).collect();
    tokens.windows(2).find_map(|pair| {
        let number =
            pair[0].parse::<u32>().ok().or_else(|| NUMBERS.iter().find(|(w, _)| *w == pair[0]).map(|(_, n)| *n))?;
        let unit = UNITS.iter().find(|(w, _)| *w == pair[1]).map(|(_, u)| *u)?;
        (number > 0 && number <= 100).then(|| (format!("P{number}{unit}"), format!("{} {}", pair[0], pair[1])))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::draft::text::{lines, Markup};

    #[test]
    fn dates_in_english_and_french() {
        assert_eq!(parse_date("last update: november 5, 2025").as_deref(), Some("2025-11-05"));
        assert_eq!(parse_date("mise a jour le 1er mai 2024").as_deref(), Some("2024-05-01"));
        assert_eq!(parse_date("2023-02-30 then 2023-02-28").as_deref(), Some("2023-02-28"));
        assert_eq!(parse_date("may we use it"), None);
    }

    #[test]
    fn retention_periods_are_read_in_words_and_digits() {
        assert_eq!(retention_period("kept for three years after").map(|p| p.0).as_deref(), Some("P3Y"));
        assert_eq!(retention_period("conserves pendant 36 mois").map(|p| p.0).as_deref(), Some("P36M"));
        assert_eq!(retention_period("as long as necessary"), None);
    }

    #[test]
    fn the_organization_is_the_name_used_most_inside_sentences() {
        let text = "Privacy Policy\nLast update: May 29, 2024\nAcme Books collects your email. We share it with Acme Books partners. The Act applies. Canada Post delivers.\n";
        let lines = lines(text, Markup::Plain);
        assert_eq!(organization(&lines).map(|r| r.value).as_deref(), Some("Acme Books"));
        assert_eq!(date(&lines, &Terms::builtin()).map(|r| r.value).as_deref(), Some("2024-05-29"));
        assert_eq!(title(&lines).map(|r| r.value).as_deref(), Some("Privacy Policy"));
        assert_eq!(language("Nous utilisons vos renseignements pour la facturation et le soutien.").value, "fr");
    }
}
