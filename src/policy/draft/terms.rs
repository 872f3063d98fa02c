//! The term tables of `policy draft` (`rules/categories/policy_terms.toml`)
//! and the whole-word, accent-insensitive phrase matching they need.
//!
//! Policies are written by people, in two languages and with typographic
//! apostrophes; the tables are written once, plainly. Both sides are folded
//! the same way ([`Folded`]) so that "Adresse électronique", "adresse
//! electronique" and "ADRESSE ÉLECTRONIQUE" are one term, and every match maps
//! back to the words as the policy wrote them, for the draft's comments.

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::policy::Vocabulary;

const BUILTIN: &str = include_str!("../../../rules/categories/policy_terms.toml");

/// Text folded for matching: lower case, accents and ligatures removed,
/// curly apostrophes straight, runs of white space one space; with the byte
/// offset in the original of every folded byte.
pub struct Folded<'a> {
    original: &'a str,
    /// The folded text.
    pub text: String,
    origin: Vec<usize>,
}

impl<'a> Folded<'a> {
    /// Folds `original`.
    pub fn new(original: &'a str) -> Folded<'a> {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        let mut space = false;
        for (at, c) in original.char_indices() {
            if c.is_whitespace() {
                if !space && !text.is_empty() {
                    text.push(' ');
                    origin.push(at);
                }
                space = true;
                continue;
            }
            space = false;
            let mut push = |s: &str| {
                text.push_str(s);
                origin.extend(std::iter::repeat_n(at, s.len()));
            };
            match c {
                '’' | '‘' | 'ʼ' | '`' | '´' => push("'"),
                '“' | '”' | '«' | '»' => push("\""),
                '–' | '—' | '‑' => push("-"),
                'œ' | 'Œ' => push("oe"),
                'æ' | 'Æ' => push("ae"),
                _ => {
                    let base = strip_accent(c);
                    let mut buf = [0u8; 4];
                    for lower in base.to_lowercase() {
                        push(lower.encode_utf8(&mut buf));
                    }
                }
            }
        }
        origin.push(original.len());
        Folded { original, text, origin }
    }

    /// The original words behind folded bytes `start..end`.
    pub fn original(&self, start: usize, end: usize) -> &'a str {
        let from = self.origin[start];
        let to = if end >= self.origin.len() - 1 { self.original.len() } else { self.origin[end] };
        self.original[from..to.max(from)].trim()
    }
}

/// The letter without its accent (Latin-1 and the French letters beyond it).
fn strip_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
        'À' | 'Â' | 'Ä' | 'Á' | 'Ã' => 'A',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'î' | 'ï' | 'í' | 'ì' => 'i',
        'Î' | 'Ï' | 'Í' | 'Ì' => 'I',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
        'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => 'O',
        'û' | 'ü' | 'ú' | 'ù' => 'u',
        'Û' | 'Ü' | 'Ú' | 'Ù' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ÿ' => 'y',
        'ñ' => 'n',
        _ => c,
    }
}

/// A set of phrases matched as whole words, the longest where they overlap.
pub struct Phrases {
    automaton: AhoCorasick,
    /// Each pattern's index in the list it was built from.
    owners: Vec<usize>,
    /// Whether each pattern starts and ends with a letter or digit (then the
    /// text around a match must not).
    edges: Vec<(bool, bool)>,
}

/// One phrase found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Which list entry it belongs to.
    pub owner: usize,
    /// Folded byte range.
    pub start: usize,
    /// End of the folded byte range.
    pub end: usize,
}

impl Phrases {
    /// Phrases of `lists`: entry `i` owns every phrase of `lists[i]`.
    pub fn new<S: AsRef<str>>(lists: &[Vec<S>]) -> Phrases {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (owner, list) in lists.iter().enumerate() {
            for phrase in list {
                let folded = Folded::new(phrase.as_ref()).text;
                if !folded.is_empty() {
                    patterns.push(folded);
                    owners.push(owner);
                }
            }
        }
        let edges = patterns
            .iter()
            .map(|p| {
                (
                    p.chars().next().is_some_and(char::is_alphanumeric),
                    p.chars().last().is_some_and(char::is_alphanumeric),
                )
            })
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("policy terms compile");
        Phrases { automaton, owners, edges }
    }

    /// One list of phrases.
    pub fn of<S: AsRef<str>>(list: &[S]) -> Phrases {
        Phrases::new(&[list.iter().map(AsRef::as_ref).collect::<Vec<&str>>()])
    }

    /// Whole-word matches in folded `text`, left to right, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let word = |at: usize| text[at..].chars().next().is_some_and(char::is_alphanumeric);
        let word_before = |at: usize| text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let mut hits = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let Some(found) = self.automaton.find(aho_corasick::Input::new(text).range(at..)) else { break };
            let (start, end) = (found.start(), found.end());
            let (alnum_start, alnum_end) = self.edges[found.pattern().as_usize()];
            let bounded = (!alnum_start || !word_before(start)) && (!alnum_end || !word(end));
            if bounded {
                hits.push(Hit { owner: self.owners[found.pattern().as_usize()], start, end });
                at = end;
            } else {
                at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        hits
    }

    /// Whether any phrase occurs in folded `text`.
    pub fn any(&self, text: &str) -> bool {
        !self.find(text).is_empty()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    categories: Vec<CategoryTerms>,
    purposes: PurposeTerms,
    groups: GroupTerms,
    data_uses: Vec<DataUseTerms>,
    review: ReviewTerms,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryTerms {
    ids: Vec<String>,
    terms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PurposeTerms {
    openers: Vec<String>,
    markers: Vec<String>,
    references: Vec<String>,
    use_verbs: Vec<String>,
    subjects: Vec<String>,
    information: Vec<String>,
    not_purposes: Vec<String>,
    instructions: Vec<String>,
    continuations: Vec<String>,
    negations: Vec<String>,
    restrictions: Vec<String>,
    collection: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupTerms {
    stop_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataUseTerms {
    key: String,
    terms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewTerms {
    retention: Vec<String>,
    last_activity: Vec<String>,
    outside_quebec: Vec<String>,
    assessment: Vec<String>,
    consent_by_use: Vec<String>,
    placeholders: Vec<String>,
    minors: Vec<String>,
    updated: Vec<String>,
    effective: Vec<String>,
}

/// The term tables, compiled.
pub struct Terms {
    /// Category terms; a hit's owner indexes `category_ids`.
    pub categories: Phrases,
    /// The category ids each category entry names.
    pub category_ids: Vec<Vec<String>>,
    /// Sentence openers that state a purpose.
    pub openers: Phrases,
    /// Purpose markers (owner 0) and references to purposes stated elsewhere (owner 1).
    pub markers: Phrases,
    /// Verbs of use.
    pub use_verbs: Vec<String>,
    /// Grammatical subjects that may precede a verb of use.
    pub subjects: Vec<String>,
    /// Words naming personal information.
    pub information: Phrases,
    /// Openings of sentences that are never purposes.
    pub not_purposes: Vec<String>,
    /// Words that make a sentence an instruction to the reader.
    pub instructions: Phrases,
    /// Openings of sentences that go on with the purpose before them.
    pub continuations: Phrases,
    /// Negation words.
    pub negations: Vec<String>,
    /// Restrictions that undo a negation.
    pub restrictions: Phrases,
    /// Verbs of collection.
    pub collection: Phrases,
    /// Words of a list label that do not identify it.
    pub stop_words: Vec<String>,
    /// Data-use terms; a hit's owner indexes `data_use_keys`.
    pub data_uses: Phrases,
    /// fideslang keys, in the table's order.
    pub data_use_keys: Vec<String>,
    /// Retention words.
    pub retention: Phrases,
    /// Words saying a period runs from the last activity.
    pub last_activity: Phrases,
    /// Transfers out of Quebec.
    pub outside_quebec: Phrases,
    /// A transfer assessment.
    pub assessment: Phrases,
    /// Consent by use.
    pub consent_by_use: Phrases,
    /// Placeholders.
    pub placeholders: Phrases,
    /// Minors.
    pub minors: Phrases,
    /// Words before the date of the last update.
    pub updated: Phrases,
    /// Words before the effective date.
    pub effective: Phrases,
}

impl Terms {
    /// The tables built into piimap.
    pub fn builtin() -> Terms {
        Terms::parse(BUILTIN, &Vocabulary::builtin()).expect("rules/categories/policy_terms.toml is valid")
    }

    /// Reads a term file, checking its category ids and data uses against `vocabulary`.
    pub fn parse(text: &str, vocabulary: &Vocabulary) -> Result<Terms, String> {
        let file: TermsFile = toml::from_str(text).map_err(|err| err.to_string())?;
        for entry in &file.categories {
            for id in &entry.ids {
                if vocabulary.get(id).is_none() {
                    return Err(format!("unknown category {id:?} (terms {:?})", entry.terms));
                }
            }
        }
        for entry in &file.data_uses {
            if !vocabulary.is_data_use(&entry.key) {
                return Err(format!("{:?} is not a fideslang data-use key", entry.key));
            }
        }
        let fold_all = |list: &[String]| list.iter().map(|w| Folded::new(w).text).collect::<Vec<_>>();
        let purposes = &file.purposes;
        let review = &file.review;
        Ok(Terms {
            categories: Phrases::new(&file.categories.iter().map(|c| c.terms.clone()).collect::<Vec<_>>()),
            category_ids: file.categories.iter().map(|c| c.ids.clone()).collect(),
            openers: Phrases::of(&purposes.openers),
            markers: Phrases::new(&[purposes.markers.clone(), purposes.references.clone()]),
            use_verbs: fold_all(&purposes.use_verbs),
            subjects: fold_all(&purposes.subjects),
            information: Phrases::of(&purposes.information),
            not_purposes: fold_all(&purposes.not_purposes),
            instructions: Phrases::of(&purposes.instructions),
            continuations: Phrases::of(&purposes.continuations),
            negations: fold_all(&purposes.negations),
            restrictions: Phrases::of(&purposes.restrictions),
            collection: Phrases::of(&purposes.collection),
            stop_words: fold_all(&file.groups.stop_words),
            data_uses: Phrases::new(&file.data_uses.iter().map(|d| d.terms.clone()).collect::<Vec<_>>()),
            data_use_keys: file.data_uses.iter().map(|d| d.key.clone()).collect(),
            retention: Phrases::of(&review.retention),
            last_activity: Phrases::of(&review.last_activity),
            outside_quebec: Phrases::of(&review.outside_quebec),
            assessment: Phrases::of(&review.assessment),
            consent_by_use: Phrases::of(&review.consent_by_use),
            placeholders: Phrases::of(&review.placeholders),
            minors: Phrases::of(&review.minors),
            updated: Phrases::of(&review.updated),
            effective: Phrases::of(&review.effective),
        })
    }
}

/// The words of folded text (letters and digits), in order.
pub fn words(folded: &str) -> Vec<&str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_the_way_back_to_the_original_words() {
        let folded = Folded::new("Votre  Adresse électronique’s");
        assert_eq!(folded.text, "votre adresse electronique's");
        let at = folded.text.find("electronique").unwrap();
        assert_eq!(folded.original(at, at + "electronique".len()), "électronique");
    }

    #[test]
    fn phrases_match_whole_words_and_the_longest_wins() {
        let phrases = Phrases::new(&[vec!["address"], vec!["email address", "email"], vec!["'s name"]]);
        let text = Folded::new("User’s email address, the donor’s name and their addresses").text;
        let owners: Vec<usize> = phrases.find(&text).iter().map(|h| h.owner).collect();
        assert_eq!(owners, vec![1, 2], "no 'address' inside 'addresses' nor inside 'email address'");
    }

    #[test]
    fn the_builtin_tables_name_known_categories_and_data_uses() {
        let terms = Terms::builtin();
        let text =
            Folded::new("Votre adresse courriel et votre numéro de téléphone; Internet Protocol (IP) Address").text;
        let ids: Vec<&str> = terms
            .categories
            .find(&text)
            .iter()
            .flat_map(|h| terms.category_ids[h.owner].iter().map(String::as_str))
            .collect();
        assert_eq!(ids, vec!["email", "phone", "ip_address"]);
        let bad = BUILTIN.replacen("ids = [\"email\"]", "ids = [\"emial\"]", 1);
        assert!(Terms::parse(&bad, &Vocabulary::builtin()).err().is_some_and(|e| e.contains("emial")));
    }
}
