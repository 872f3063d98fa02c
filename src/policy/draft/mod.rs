//! `piimap policy draft`: from a privacy policy's text to a policy file for a
//! person to review.
//!
//! Deterministic and offline: the text is cut into headings, list items and
//! sentences ([`text`]); a heading or sentence that states a purpose opens a
//! purpose whose quote runs over the list that follows it; the categories,
//! data use and retention of each purpose are read from its words with the
//! bilingual term tables of `rules/categories/policy_terms.toml` ([`terms`]);
//! and what a reviewer must look at (empty lists, placeholders, purposes with
//! no category, categories outside every purpose, transfers out of Quebec,
//! consent by use) becomes `[[gaps]]`. The draft says, for every value it did
//! not copy verbatim, which words it was inferred from ([`write`]).

pub mod facts;
mod gaps;
mod names;
pub mod terms;
pub mod text;
mod write;

use facts::Read;
use names::{assign_ids, name_of, placeholder_purpose, stem};
use terms::{words, Folded, Terms};
use text::{sentences, Kind, Line, Markup};

pub use write::write;

/// A drafted policy.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The file it was drafted from (its name only).
    pub source: String,
    /// The organization, when the text names one.
    pub organization: Option<Read>,
    /// The title.
    pub title: Option<Read>,
    /// The date of the text (`YYYY-MM-DD`).
    pub date: Option<Read>,
    /// `en` or `fr`.
    pub language: Read,
    /// Stated purposes.
    pub purposes: Vec<DraftPurpose>,
    /// What a reviewer must look at.
    pub gaps: Vec<DraftGap>,
}

/// One drafted purpose.
#[derive(Debug, Clone)]
pub struct DraftPurpose {
    /// Identifier (from the name's first words).
    pub id: String,
    /// Short label (the heading or sentence that states it).
    pub name: String,
    /// Verbatim: the heading or sentence, what follows it in its paragraph, and its list.
    pub quote: String,
    /// Why the drafter took it for a purpose.
    pub why: String,
    /// Category ids, in the order the quote names them.
    pub categories: Vec<String>,
    /// Which words gave which categories.
    pub category_words: Vec<(String, Vec<String>)>,
    /// fideslang data use, and the words it was read from.
    pub data_use: Option<(String, String)>,
    /// Retention, when a sentence states one.
    pub retention: Option<DraftRetention>,
}

/// A retention statement attached to a purpose.
#[derive(Debug, Clone)]
pub struct DraftRetention {
    /// The policy's words.
    pub text: String,
    /// ISO 8601 period, and the words it was read from.
    pub keep: Option<(String, String)>,
    /// The period runs from the last activity.
    pub after_last_activity: bool,
    /// Stated for the whole policy, not this purpose.
    pub general: bool,
}

/// A gap for the reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftGap {
    /// What it concerns.
    pub about: String,
    /// The purpose concerned.
    pub purpose: Option<String>,
    /// What to look at.
    pub note: String,
    /// The policy's words.
    pub quote: Option<String>,
    /// Categories concerned.
    pub categories: Vec<String>,
}

/// A piece of text outside every purpose, kept for the gaps.
#[derive(Debug, Clone)]
struct Outside {
    sentence: String,
    /// Under a heading about retention.
    retention_section: bool,
}

/// A purpose being read.
struct Open {
    quote: Vec<String>,
    lead: String,
    why: String,
    /// `None`: opened by a heading (runs to the next heading); `Some(depth)`: by
    /// a list item (runs over deeper items); a sentence runs over the list after it.
    origin: Origin,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    Heading,
    Sentence,
    Item(u8),
}

/// A labelled list that purposes refer to ("Information that identifies you").
#[derive(Debug, Clone)]
struct Group {
    label: String,
    keys: Vec<String>,
    categories: Vec<String>,
}

/// Drafts a policy from its text. `source` names the file in the draft.
pub fn draft(text: &str, markup: Markup, source: &str, terms: &Terms) -> Draft {
    let lines = text::lines(text, markup);
    let organization = facts::organization(&lines);
    let org_word =
        organization.as_ref().map(|o| Folded::new(&o.value).text.split(' ').next().unwrap_or("").to_string());
    let reader = Reader { terms, org_word: org_word.unwrap_or_default() };
    let groups = reader.groups(&lines);
    let (opened, outside) = reader.walk(&lines, &groups);
    let mut purposes: Vec<DraftPurpose> = opened.into_iter().map(|open| reader.purpose(open, &groups)).collect();
    if purposes.is_empty() {
        purposes.push(placeholder_purpose(&lines));
    }
    assign_ids(&mut purposes);
    let general = reader.general_retention(&outside);
    for purpose in &mut purposes {
        if purpose.retention.is_none() {
            purpose.retention = general.clone();
        }
    }
    let gaps = gaps::find(&reader, &lines, &purposes, &outside, &groups, general.is_some());
    Draft {
        source: source.to_string(),
        organization,
        title: facts::title(&lines),
        date: facts::date(&lines, terms),
        language: facts::language(text),
        purposes,
        gaps,
    }
}

impl Draft {
    /// Applies `mask` to every text taken from the policy (names, quotes,
    /// the words values were inferred from): the writer prints nothing else
    /// of the input but the file's name, which the caller masks as a path.
    pub fn mask_words(&mut self, mut mask: impl FnMut(&str) -> String) {
        for read in [&mut self.organization, &mut self.title].into_iter().flatten() {
            read.value = mask(&read.value);
            read.from = mask(&read.from);
        }
        // The document's date stays a date (the file must validate); its words are masked.
        if let Some(date) = &mut self.date {
            date.from = mask(&date.from);
        }
        for purpose in &mut self.purposes {
            purpose.name = mask(&purpose.name);
            purpose.quote = mask(&purpose.quote);
            for (words, _) in &mut purpose.category_words {
                *words = mask(words);
            }
            if let Some((_, words)) = &mut purpose.data_use {
                *words = mask(words);
            }
            if let Some(retention) = &mut purpose.retention {
                retention.text = mask(&retention.text);
            }
        }
        for gap in &mut self.gaps {
            if let Some(quote) = &mut gap.quote {
                *quote = mask(quote);
            }
        }
    }
}

/// Reads purposes with the term tables.
struct Reader<'t> {
    terms: &'t Terms,
    /// The organization's first word, folded: a subject like "we".
    org_word: String,
}

impl Reader<'_> {
    /// Headings naming information, directly followed by list items that name categories.
    fn groups(&self, lines: &[Line]) -> Vec<Group> {
        let mut groups = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let folded = Folded::new(&line.text).text;
            if line.kind != Kind::Heading
                || !self.terms.information.any(&folded)
                || self.opens_purpose_heading(&line.text)
            {
                continue;
            }
            let items = lines[i + 1..].iter().take_while(|l| matches!(l.kind, Kind::Item(_)));
            let text: Vec<&str> = items.map(|l| l.text.as_str()).collect();
            let categories: Vec<String> = self.categories(&text.join("\n")).0;
            let keys: Vec<String> = words(&folded)
                .into_iter()
                .filter(|w| !self.terms.stop_words.iter().any(|s| s == w))
                .map(stem)
                .collect();
            if !categories.is_empty() && !keys.is_empty() {
                groups.push(Group { label: line.text.clone(), keys, categories });
            }
        }
        groups
    }

    /// Purposes (quotes and leads) and the sentences outside them, in text order.
    fn walk(&self, lines: &[Line], groups: &[Group]) -> (Vec<Open>, Vec<Outside>) {
        let mut done: Vec<Open> = Vec::new();
        let mut outside = Vec::new();
        let mut open: Option<Open> = None;
        let mut retention_section = false;
        for (i, line) in lines.iter().enumerate() {
            match line.kind {
                Kind::Heading => {
                    done.extend(open.take());
                    let is_label = groups.iter().any(|g| g.label == line.text);
                    if !is_label && self.opens_purpose_heading(&line.text) {
                        open = Some(Open {
                            quote: vec![line.quote.clone()],
                            lead: line.text.clone(),
                            why: "a heading that states a purpose".into(),
                            origin: Origin::Heading,
                        });
                    } else {
                        retention_section = self.terms.retention.any(&Folded::new(&line.text).text);
                        outside.push(Outside { sentence: line.text.clone(), retention_section });
                    }
                }
                Kind::Item(depth) => {
                    if let Some(current) = open.as_mut() {
                        let belongs = match current.origin {
                            Origin::Heading | Origin::Sentence => true,
                            Origin::Item(at) => depth > at,
                        };
                        if belongs {
                            current.quote.push(line.quote.clone());
                            continue;
                        }
                        done.extend(open.take());
                    }
                    let stated = sentences(&line.text).into_iter().find_map(|s| self.states_purpose(s, &line.text, ""));
                    match stated {
                        Some(why) => {
                            open = Some(Open {
                                quote: vec![line.quote.clone()],
                                lead: line.text.clone(),
                                why,
                                origin: Origin::Item(depth),
                            })
                        }
                        None => outside.push(Outside { sentence: line.text.clone(), retention_section }),
                    }
                }
                Kind::Paragraph => {
                    if let Some(current) = open.as_mut().filter(|o| o.origin == Origin::Heading) {
                        current.quote.push(line.quote.clone());
                        continue;
                    }
                    done.extend(open.take());
                    open = self.paragraph(lines, i, retention_section, &mut done, &mut outside);
                }
            }
        }
        done.extend(open);
        (done, outside)
    }

    /// The purposes a paragraph states: each from its sentence to the next
    /// purpose sentence; the last stays open for the list that follows.
    fn paragraph(
        &self,
        lines: &[Line],
        at: usize,
        retention_section: bool,
        done: &mut Vec<Open>,
        outside: &mut Vec<Outside>,
    ) -> Option<Open> {
        let line = &lines[at];
        let all = sentences(&line.text);
        let mut starts: Vec<(usize, String)> = Vec::new();
        for (k, sentence) in all.iter().enumerate() {
            let continues = !starts.is_empty()
                && self.terms.continuations.find(&Folded::new(sentence).text).first().is_some_and(|hit| hit.start == 0);
            if !continues {
                let previous = k.checked_sub(1).map_or("", |j| all[j]);
                if let Some(why) = self.states_purpose(sentence, &all[k..].join(" "), previous) {
                    starts.push((k, why));
                }
            }
        }
        let first = starts.first().map_or(all.len(), |(k, _)| *k);
        for sentence in &all[..first] {
            outside.push(Outside { sentence: sentence.to_string(), retention_section });
        }
        if starts.is_empty() {
            // "Users must provide the following information:" and a list naming categories.
            let last = all.last()?;
            let folded = Folded::new(last).text;
            let list: Vec<&str> = lines[at + 1..]
                .iter()
                .take_while(|l| matches!(l.kind, Kind::Item(_)))
                .map(|l| l.text.as_str())
                .collect();
            let introduces = last.trim_end().ends_with(':') && self.terms.collection.any(&folded);
            if introduces && !self.categories(&list.join("\n")).0.is_empty() && !self.negated(&folded) {
                return Some(Open {
                    quote: vec![last.to_string()],
                    lead: last.to_string(),
                    why: "a sentence that introduces a list of information collected".into(),
                    origin: Origin::Sentence,
                });
            }
            return None;
        }
        let mut opened: Vec<Open> = starts
            .iter()
            .enumerate()
            .map(|(n, (k, why))| {
                let end = starts.get(n + 1).map_or(all.len(), |(next, _)| *next);
                Open {
                    quote: vec![all[*k..end].join(" ")],
                    lead: all[*k].to_string(),
                    why: why.clone(),
                    origin: Origin::Sentence,
                }
            })
            .collect();
        let last = opened.pop();
        done.extend(opened);
        last
    }

    /// Why `sentence` states a purpose, if it does; `rest` is the sentence and
    /// what follows it in its paragraph (a purpose's verb may come after);
    /// `previous`, the sentence before it ("It is gathered for statistical
    /// purposes" names its information there).
    fn states_purpose(&self, sentence: &str, rest: &str, previous: &str) -> Option<String> {
        let folded = Folded::new(sentence).text;
        if self.terms.not_purposes.iter().any(|p| folded.starts_with(p.as_str()))
            || self.terms.instructions.any(&folded)
        {
            return None;
        }
        let folded_rest = Folded::new(rest).text;
        let names_information = |text: &str| self.terms.information.any(text) || self.terms.categories.any(text);
        let opener = self.terms.openers.find(&folded).into_iter().next().filter(|hit| hit.start == 0);
        if let Some(hit) = opener {
            let uses = self.has_use_verb(&folded_rest) || self.terms.collection.any(&folded_rest);
            if uses && names_information(&folded_rest) && !self.negated(&folded) {
                return Some(format!("a sentence that opens with \"{}\"", &folded[..hit.end]));
            }
        }
        let marker = self.terms.markers.find(&folded).into_iter().find(|hit| hit.owner == 0);
        let refers_back = self.terms.continuations.find(&folded).first().is_some_and(|hit| hit.start == 0);
        let named = names_information(&folded) || (refers_back && names_information(&Folded::new(previous).text));
        if let Some(hit) = marker {
            if named && !self.negated(&folded[..hit.start]) {
                return Some(format!("a sentence with \"{}\"", &folded[hit.start..hit.end]));
            }
        }
        if self.terms.retention.any(&folded) {
            return None;
        }
        // "We use your personal information...", "ProAssistance may send emails":
        // a subject, then within four words a verb of use, not negated before it.
        let tokens = words(&folded);
        let subject =
            |w: &str| self.terms.subjects.iter().any(|s| s == w) || (!self.org_word.is_empty() && w == self.org_word);
        let verb = tokens.iter().enumerate().filter(|(_, w)| subject(w)).find_map(|(p, _)| {
            tokens[p + 1..]
                .iter()
                .take(4)
                .position(|w| self.terms.use_verbs.iter().any(|v| v == w))
                .map(|offset| p + 1 + offset)
        })?;
        let sends = tokens[verb].starts_with("send") || tokens[verb].starts_with("envo");
        let object = self.terms.information.any(&folded) || (sends && self.terms.categories.any(&folded));
        (object && !self.negated(&folded))
            .then(|| format!("a sentence where the organization uses information (\"{}\")", tokens[verb]))
    }

    /// Whether a heading states a purpose ("To secure the user's account";
    /// "Pour vous envoyer l'infolettre": an opener, then a verb).
    fn opens_purpose_heading(&self, heading: &str) -> bool {
        let folded = Folded::new(heading).text;
        let Some(hit) = self.terms.openers.find(&folded).into_iter().next().filter(|h| h.start == 0) else {
            return false;
        };
        let after = words(&folded[hit.end..]);
        let verb = after.iter().find(|w| !matches!(**w, "vous" | "nous" | "les" | "la" | "le" | "l" | "you" | "us"));
        let french = folded.starts_with("pour") || folded.starts_with("afin") || folded.starts_with("dans");
        verb.is_some_and(|v| {
            !french || v.ends_with("er") || v.ends_with("ir") || v.ends_with("re") || v.ends_with("oir")
        }) && !self.terms.not_purposes.iter().any(|p| folded.starts_with(p.as_str()))
    }

    fn has_use_verb(&self, folded: &str) -> bool {
        words(folded).iter().any(|w| self.terms.use_verbs.iter().any(|v| v == w))
    }

    /// A sentence saying what is not done ("we do not sell"), unless a
    /// restriction follows the negation ("does not keep anything but...").
    fn negated(&self, folded: &str) -> bool {
        let tokens = words(folded);
        let Some(at) = tokens.iter().position(|w| self.terms.negations.iter().any(|n| n.trim_end_matches('\'') == *w))
        else {
            return false;
        };
        let after = tokens[at..].join(" ");
        !self.terms.restrictions.any(&after)
    }

    /// Categories named in `text`, in order, and the words that named them.
    fn categories(&self, text: &str) -> (Vec<String>, Vec<(String, Vec<String>)>) {
        let folded = Folded::new(text);
        let mut ids: Vec<String> = Vec::new();
        let mut evidence: Vec<(String, Vec<String>)> = Vec::new();
        for hit in self.terms.categories.find(&folded.text) {
            let named = &self.terms.category_ids[hit.owner];
            for id in named {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            let words = folded.original(hit.start, hit.end).to_string();
            if !evidence.iter().any(|(w, _)| Folded::new(w).text == Folded::new(&words).text) {
                evidence.push((words, named.clone()));
            }
        }
        (ids, evidence)
    }

    /// Groups a quote refers to: "information" followed, within six words, by
    /// every key word of the group's label.
    fn referenced<'g>(&self, quote: &str, groups: &'g [Group]) -> Vec<&'g Group> {
        let folded = Folded::new(quote).text;
        let tokens: Vec<String> = words(&folded).into_iter().map(stem).collect();
        let information = ["information", "renseignement", "donnee", "data"];
        groups
            .iter()
            .filter(|group| {
                tokens.iter().enumerate().any(|(i, t)| {
                    information.contains(&t.as_str())
                        && group.keys.iter().all(|key| tokens[i + 1..].iter().take(7).any(|w| w == key))
                })
            })
            .collect()
    }

    /// A purpose from what was read.
    fn purpose(&self, open: Open, groups: &[Group]) -> DraftPurpose {
        let quote = open.quote.join("\n");
        let (mut categories, mut category_words) = self.categories(&quote);
        for group in self.referenced(&quote, groups) {
            for id in &group.categories {
                if !categories.contains(id) {
                    categories.push(id.clone());
                }
            }
            category_words.push((format!("the list \"{}\"", group.label), group.categories.clone()));
        }
        let lead_folded = Folded::new(&open.lead);
        let data_use =
            self.terms.data_uses.find(&lead_folded.text).into_iter().min_by_key(|hit| hit.owner).map(|hit| {
                (self.terms.data_use_keys[hit.owner].clone(), lead_folded.original(hit.start, hit.end).to_string())
            });
        let retention_sentences: Vec<&str> = open
            .quote
            .iter()
            .flat_map(|piece| sentences(piece))
            .filter(|s| self.terms.retention.any(&Folded::new(s).text))
            .collect();
        let retention =
            (!retention_sentences.is_empty()).then(|| self.retention(&retention_sentences.join(" "), false));
        DraftPurpose {
            id: String::new(),
            name: name_of(&open.lead, self.terms),
            quote,
            why: open.why,
            categories,
            category_words,
            data_use,
            retention,
        }
    }

    fn retention(&self, text: &str, general: bool) -> DraftRetention {
        let folded = Folded::new(text).text;
        DraftRetention {
            text: text.to_string(),
            keep: facts::retention_period(&folded),
            after_last_activity: self.terms.last_activity.any(&folded),
            general,
        }
    }

    /// The policy's general retention statement: the first two retention
    /// sentences under a heading about retention, else the first outside any purpose.
    fn general_retention(&self, outside: &[Outside]) -> Option<DraftRetention> {
        let is_retention =
            |o: &&Outside| self.terms.retention.any(&Folded::new(&o.sentence).text) && o.sentence.ends_with('.');
        let in_section: Vec<&Outside> =
            outside.iter().filter(|o| o.retention_section).filter(is_retention).take(2).collect();
        let chosen =
            if in_section.is_empty() { outside.iter().filter(is_retention).take(1).collect() } else { in_section };
        (!chosen.is_empty())
            .then(|| self.retention(&chosen.iter().map(|o| o.sentence.as_str()).collect::<Vec<_>>().join(" "), true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft_of(text: &str) -> Draft {
        draft(text, Markup::Plain, "policy.txt", &Terms::builtin())
    }

    #[test]
    fn a_purpose_heading_takes_its_list_and_its_categories() {
        let d = draft_of("Privacy Policy\nAcme collects data. Acme is a shop.\nTo secure your account\n- Your email address\n- Password\nTechnical data\n- Acme collects device type and session length for the purpose of analysis.\n");
        let shown: Vec<(&str, Vec<&str>)> =
            d.purposes.iter().map(|p| (p.id.as_str(), p.categories.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            shown,
            vec![
                ("secure-account", vec!["email", "password"]),
                ("acme-collects-device-type", vec!["device_id", "telemetry"])
            ]
        );
        assert_eq!(d.purposes[0].quote, "To secure your account\n- Your email address\n- Password");
        assert_eq!(d.purposes[0].data_use.as_ref().map(|d| d.0.as_str()), Some("essential.service.security"));
    }

    #[test]
    fn negations_and_references_to_other_purposes_are_not_purposes() {
        let d = draft_of("We do not use your email address to send ads.\nYour information will only be used for the purposes described above.\nWe keep nothing but the necessary information required by law.\n");
        assert_eq!(d.purposes.len(), 1, "{:?}", d.purposes);
        assert!(d.purposes[0].quote.starts_with("We keep nothing"));
    }

    #[test]
    fn a_list_label_referred_to_by_a_purpose_gives_its_categories() {
        let d = draft_of("Personal information that can be used to identify you\n  • First and last name;\n  • Date of birth;\n\nWe need your information in order to confirm who you are.\n  • Examples of information used:\n    • Information that identifies you\n");
        assert_eq!(d.purposes.len(), 1);
        assert_eq!(d.purposes[0].categories, vec!["name", "date_of_birth"]);
    }

    #[test]
    fn a_text_that_states_no_purpose_still_gives_a_policy_file() {
        let d = draft_of("Privacy\nWe value your privacy.\n");
        assert_eq!(d.purposes.len(), 1);
        assert_eq!(d.purposes[0].quote, "We value your privacy.");
        assert_eq!(d.gaps[0].about, "no purpose found");
        let written = write(&d);
        assert!(crate::policy::parse(&written, &crate::policy::Vocabulary::builtin()).is_ok(), "{written}");
        let empty = write(&draft_of(""));
        assert!(crate::policy::parse(&empty, &crate::policy::Vocabulary::builtin()).is_ok(), "{empty}");
    }

    #[test]
    fn a_sentence_that_refers_back_takes_the_information_of_the_one_before() {
        let d = draft_of("The information sent by your browser does not identify you. It is gathered solely for statistical purposes.\n");
        assert_eq!(d.purposes.len(), 1, "{:?}", d.purposes);
        assert!(d.purposes[0].quote.starts_with("It is gathered"));
    }

    #[test]
    fn lists_of_information_outside_purposes_and_implied_consent_are_gaps() {
        let d = draft_of("We value privacy.\nInformation is exchanged with our server; it consists of:\n  • Your IP address;\n  • The pages you visit.\nYour use of the services indicates your consent to this policy.\n");
        let outside = d.gaps.iter().find(|g| g.about == "categories outside any purpose").expect("a gap");
        assert_eq!(outside.categories, vec!["ip_address", "browsing_history"]);
        assert!(d.gaps.iter().any(|g| g.about == "consent by use"), "{:?}", d.gaps);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Whatever the text (markup, accents, stray punctuation, numbers), the
        /// drafter does not panic and `policy check` accepts what it writes.
        #[test]
        fn every_draft_validates(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("To send our newsletter\n".to_string()),
                proptest::strategy::Just("- Your email address;\n".to_string()),
                proptest::strategy::Just("  • Adresse électronique\n".to_string()),
                proptest::strategy::Just("We use your personal information for these purposes :\n".to_string()),
                proptest::strategy::Just("<h2>Pour vous joindre</h2><ul><li>Téléphone &amp; courriel</li></ul>".to_string()),
                proptest::strategy::Just("1. a. 2.1 (insert) 3 ans «x» ’ …\n".to_string()),
                "[ -~éèàçÉ’«»•\n:;.]{0,40}",
            ], 0..12),
            markup in proptest::prop_oneof![
                proptest::strategy::Just(Markup::Plain),
                proptest::strategy::Just(Markup::Markdown),
                proptest::strategy::Just(Markup::Html),
            ],
        ) {
            let text = pieces.concat();
            let drafted = draft(&text, markup, "p.txt", &Terms::builtin());
            let written = write(&drafted);
            let checked = crate::policy::parse(&written, &crate::policy::Vocabulary::builtin());
            proptest::prop_assert!(checked.is_ok(), "{:?}\n{}", checked.err(), written);
        }
    }
}
