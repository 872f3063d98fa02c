//! What a reviewer of a draft must look at, as `[[gaps]]`: purposes with no
//! category, lists announced but empty, categories named outside every
//! purpose, transfers out of Quebec, consent by use, placeholders, minors,
//! and no retention.

use super::terms::{Folded, Phrases};
use super::text::{sentences, Kind, Line};
use super::{DraftGap, DraftPurpose, Group, Outside, Reader};

/// Every gap, in a fixed order.
pub(super) fn find(
    reader: &Reader,
    lines: &[Line],
    purposes: &[DraftPurpose],
    outside: &[Outside],
    groups: &[Group],
    has_retention: bool,
) -> Vec<DraftGap> {
    let terms = reader.terms;
    let mut gaps = Vec::new();
    for purpose in purposes.iter().filter(|p| p.categories.is_empty()) {
        let (about, note) = if purpose.why.starts_with("nothing") {
            ("no purpose found", "No heading or sentence of the text states a purpose in words the drafter recognizes: read the text and write its purposes and categories by hand, or add the words it uses to the term tables (--terms).")
        } else {
            ("categories collected", "The purpose names no category of personal information the drafter knows: list the categories it uses, or remove the purpose if it is not one.")
        };
        gaps.push(DraftGap {
            about: about.into(),
            purpose: Some(purpose.id.clone()),
            note: note.into(),
            quote: Some(first_line(&purpose.quote)),
            categories: Vec::new(),
        });
    }
    for (at, line) in lines.iter().enumerate() {
        if announces_empty_list(lines, at) {
            let intro = sentences(&line.text).last().map_or_else(|| line.text.clone(), |s| s.to_string());
            let purpose = purposes.iter().find(|p| p.quote.contains(intro.as_str())).map(|p| p.id.clone());
            gaps.push(DraftGap {
                about: "empty list".into(),
                purpose,
                note: "The text announces a list and gives none: the published policy leaves out what it promised to enumerate.".into(),
                quote: Some(intro),
                categories: Vec::new(),
            });
        }
    }
    if let Some(gap) = undeclared(reader, lines, purposes, outside, groups) {
        gaps.push(gap);
    }
    let every: Vec<String> = lines
        .iter()
        .flat_map(|l| if l.kind == Kind::Paragraph { sentences(&l.text) } else { vec![l.text.as_str()] })
        .map(str::to_string)
        .collect();
    let with = |phrases: &Phrases| -> Vec<&str> {
        every.iter().filter(|s| phrases.any(&Folded::new(s).text)).map(String::as_str).collect()
    };
    let transfers = with(&terms.outside_quebec);
    if !transfers.is_empty() {
        // The assessment may be in the sentence after the transfer ("...ProAssistance assesses the legal system").
        let assessed = every.iter().enumerate().any(|(i, s)| {
            terms.outside_quebec.any(&Folded::new(s).text)
                && every[i..].iter().take(3).any(|near| terms.assessment.any(&Folded::new(near).text))
        });
        let note = if assessed {
            "Personal information goes outside Quebec: record each transfer (recipients, where, assessed = true) under the purposes it serves; the text mentions an assessment, check that it is the privacy impact assessment Law 25 (s. 17) requires."
        } else {
            "Personal information goes outside Quebec and the text mentions no assessment: Law 25 (s. 17) requires a privacy impact assessment first. Record each transfer (recipients, where) under the purposes it serves."
        };
        gaps.push(gap("transfers outside Quebec", note, &transfers));
    }
    let by_use = with(&terms.consent_by_use);
    if !by_use.is_empty() {
        gaps.push(gap("consent by use", "Consent is deemed given by using the site or handing over information: Law 25 asks consent to be manifest, free and enlightened, and given for each specific purpose.", &by_use));
    }
    let placeholders = with(&terms.placeholders);
    if !placeholders.is_empty() {
        gaps.push(gap("placeholder", "The published text still holds a placeholder to fill in.", &placeholders));
    }
    let minors = with(&terms.minors);
    if !minors.is_empty() {
        gaps.push(gap("minors", "The text speaks of children or minors: declare them in [[subjects]] with minors = true and name them in the purposes that concern them (a parent's consent under 14).", &minors));
    }
    if !has_retention && purposes.iter().all(|p| p.retention.is_none()) {
        gaps.push(DraftGap {
            about: "retention".into(),
            purpose: None,
            note: "No sentence states how long personal information is kept.".into(),
            quote: None,
            categories: Vec::new(),
        });
    }
    gaps
}

fn gap(about: &str, note: &str, quotes: &[&str]) -> DraftGap {
    let quote = quotes.iter().take(3).copied().collect::<Vec<_>>().join(" … ");
    DraftGap { about: about.into(), purpose: None, note: note.into(), quote: Some(quote), categories: Vec::new() }
}

fn first_line(quote: &str) -> String {
    quote.lines().next().unwrap_or(quote).to_string()
}

/// A sentence ending in ':' (of three words or more) followed by no list:
/// the next line is a numbered section, a heading in capitals, or running text.
fn announces_empty_list(lines: &[Line], at: usize) -> bool {
    let line = &lines[at];
    let intro = line.text.trim_end();
    if matches!(line.kind, Kind::Item(_)) || !intro.ends_with(':') || intro.split_whitespace().count() < 3 {
        return false;
    }
    let Some(next) = lines.get(at + 1) else { return true };
    match next.kind {
        Kind::Item(_) => false,
        Kind::Heading => {
            let capitals = super::text::in_capitals(&next.text);
            let label = lines.get(at + 2).is_some_and(|l| matches!(l.kind, Kind::Item(_)));
            (next.numbered || capitals) && !label
        }
        Kind::Paragraph => !(next.text.chars().count() < 60 && next.text.chars().any(|c| c.is_ascii_digit())),
    }
}

/// Categories named where information is collected but by no drafted purpose:
/// sentences with a verb of collection, lists a label names, and list items
/// under a sentence that speaks of information ("The following information is
/// exchanged:").
fn undeclared(
    reader: &Reader,
    lines: &[Line],
    purposes: &[DraftPurpose],
    outside: &[Outside],
    groups: &[Group],
) -> Option<DraftGap> {
    let declared: Vec<&String> = purposes.iter().flat_map(|p| &p.categories).collect();
    let mut categories: Vec<String> = Vec::new();
    let mut quotes: Vec<&str> = Vec::new();
    let mut add = |ids: Vec<String>, quote: &'_ str, quotes: &mut Vec<String>| {
        let new: Vec<String> =
            ids.into_iter().filter(|id| !declared.contains(&id) && !categories.contains(id)).collect();
        if !new.is_empty() {
            categories.extend(new);
            quotes.push(quote.to_string());
        }
    };
    let mut owned: Vec<String> = Vec::new();
    for piece in outside {
        let folded = Folded::new(&piece.sentence).text;
        if reader.terms.collection.any(&folded) && !reader.negated(&folded) {
            add(reader.categories(&piece.sentence).0, &piece.sentence, &mut owned);
        }
    }
    for group in groups {
        add(group.categories.clone(), &group.label, &mut owned);
    }
    let mut intro: Option<&Line> = None;
    for line in lines {
        if !matches!(line.kind, Kind::Item(_)) {
            intro = Some(line);
            continue;
        }
        let Some(intro) = intro.filter(|l| l.kind == Kind::Paragraph && l.text.trim_end().ends_with(':')) else {
            continue;
        };
        let speaks_of_information = reader.terms.information.any(&Folded::new(&intro.text).text);
        let in_purpose = purposes.iter().any(|p| p.quote.contains(line.quote.as_str()));
        if speaks_of_information && !in_purpose {
            add(reader.categories(&line.text).0, &intro.text, &mut owned);
        }
    }
    owned.dedup();
    quotes.extend(owned.iter().map(String::as_str));
    if categories.is_empty() {
        return None;
    }
    Some(DraftGap {
        about: "categories outside any purpose".into(),
        purpose: None,
        note: "The text names these categories where it speaks of collecting information, but no drafted purpose declares them: say which purpose uses each, or why it is collected.".into(),
        quote: Some(quotes.iter().take(3).copied().collect::<Vec<_>>().join(" … ")),
        categories,
    })
}
