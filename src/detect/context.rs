//! Context keywords: one Aho-Corasick automaton over every category's words.
//!
//! For each candidate the detector asks "is there a positive or negative keyword
//! for this category on the same line, within the category's window?". The
//! first candidate of a buffer that needs the answer triggers one pass of a
//! single automaton over the whole buffer (not one search per keyword, nor one
//! per window: dense exports have a candidate every few dozen bytes, and
//! restarting the automaton per window cost more than the pass). The hits are
//! kept sorted by position, and each window is a binary search. A buffer with no
//! candidate costs nothing here.
//!
//! Matching is ASCII case-insensitive. Keywords with accents (`téléphone`) are
//! also entered in their upper-case and Latin-1 spellings, so that French
//! context works in UTF-8 and in Latin-1 files alike.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::Arc;

use crate::rules::RuleSet;

/// What the window around a candidate says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContextEvidence {
    /// The first positive keyword found (canonical spelling), if any.
    pub positive: Option<Arc<str>>,
    /// Whether a negative keyword was found.
    pub negative: bool,
}

/// One automaton pattern: which keyword it spells and for which categories it counts.
#[derive(Debug, Clone)]
struct Entry {
    keyword: usize,
    positive_for: u64,
    negative_for: u64,
}

/// All keywords of a rule set, compiled once and shared by every worker.
#[derive(Debug, Clone)]
pub struct ContextIndex {
    automaton: Option<AhoCorasick>,
    entries: Vec<Entry>,
    keywords: Vec<Arc<str>>,
    windows: Vec<(usize, usize)>,
    /// Length of the longest keyword, in bytes.
    longest: usize,
}

/// What a column name says about each category, computed once per column.
///
/// Only the last segment of a path counts (`contact.email` is an email field,
/// not a `contact` one); camelCase, `_`, `-` and `[]` separate words, and a
/// plural `s` is accepted (`phones`, `emails`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldEvidence {
    positive: u64,
    negative: u64,
    /// The field name, reported as the finding's context.
    pub name: Option<Arc<str>>,
}

/// Keyword hits of one buffer, found on demand around the candidates.
///
/// Candidates arrive in order, so the searched stretch only grows forward: a
/// window next to the previous one costs only its new bytes, and a buffer with
/// a few candidates is searched only around them, never as a whole.
#[derive(Debug, Clone, Default)]
pub struct KeywordHits {
    /// (start, end, automaton pattern), in order of end.
    hits: Vec<(usize, usize, u32)>,
    /// Every hit lying inside this range is in `hits`.
    searched: std::ops::Range<usize>,
}

impl KeywordHits {
    /// Forgets the previous buffer's hits (keeps the allocation).
    pub fn reset(&mut self) {
        self.hits.clear();
        self.searched = 0..0;
    }
}

/// Categories are tracked in a `u64` bit set.
pub const MAX_CATEGORIES: usize = 64;

impl ContextIndex {
    /// Builds the automaton for every category of `rules`.
    ///
    /// # Panics
    /// If the rule set has more than [`MAX_CATEGORIES`] categories; the detector
    /// checks this first and reports it as a rule error.
    pub fn new(rules: &RuleSet) -> ContextIndex {
        assert!(rules.categories.len() <= MAX_CATEGORIES);
        let mut keywords: Vec<Arc<str>> = Vec::new();
        let mut spellings: Vec<Vec<u8>> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        for (index, category) in rules.categories.iter().enumerate() {
            let bit = 1u64 << index;
            let words = category.keywords.iter().map(|w| (w, true)).chain(category.negative.iter().map(|w| (w, false)));
            for (word, positive) in words {
                let canonical = word.to_lowercase();
                let keyword = match keywords.iter().position(|k| **k == *canonical) {
                    Some(existing) => existing,
                    None => {
                        keywords.push(Arc::from(canonical.as_str()));
                        keywords.len() - 1
                    }
                };
                for spelling in spellings_of(&canonical) {
                    let slot = match spellings.iter().position(|s| *s == spelling) {
                        Some(existing) => existing,
                        None => {
                            spellings.push(spelling);
                            entries.push(Entry { keyword, positive_for: 0, negative_for: 0 });
                            entries.len() - 1
                        }
                    };
                    if positive {
                        entries[slot].positive_for |= bit;
                    } else {
                        entries[slot].negative_for |= bit;
                    }
                }
            }
        }
        let automaton = (!spellings.is_empty()).then(|| {
            // A DFA: a few hundred patterns make a small one, and it is the
            // fastest kind for the short windows searched per candidate.
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::Standard)
                .build(&spellings)
                .expect("keyword automaton within default size limits")
        });
        let windows = rules.categories.iter().map(|c| (c.context_before, c.context_after)).collect();
        let longest = spellings.iter().map(|spelling: &Vec<u8>| spelling.len()).max().unwrap_or(0);
        ContextIndex { automaton, entries, keywords, windows, longest }
    }

    /// The evidence a column called `field` gives each category.
    pub fn field_evidence(&self, field: &str) -> FieldEvidence {
        let mut evidence = FieldEvidence { positive: 0, negative: 0, name: Some(Arc::from(field)) };
        let Some(automaton) = &self.automaton else { return evidence };
        let words = field_words(field);
        let bytes = words.as_bytes();
        for hit in automaton.find_overlapping_iter(bytes) {
            let (start, end) = (hit.start(), hit.end());
            let clear_before = start == 0 || bytes[start - 1] == b' ';
            let clear_after = end == bytes.len()
                || bytes[end] == b' '
                || (bytes[end] == b's' && bytes.get(end + 1).is_none_or(|b| *b == b' '));
            if clear_before && clear_after {
                let entry = &self.entries[hit.pattern().as_usize()];
                evidence.positive |= entry.positive_for;
                evidence.negative |= entry.negative_for;
            }
        }
        evidence
    }

    /// Whether `category` has any negative keyword (so context can lower a level).
    pub fn has_negative(&self, category: usize) -> bool {
        let bit = 1u64 << category;
        self.entries.iter().any(|entry| entry.negative_for & bit != 0)
    }

    /// Looks for keywords of `category` around `hay[start..end]`, on the same line.
    ///
    /// `hits` caches the buffer's keyword positions: reset it whenever `hay` changes.
    pub fn evidence(
        &self,
        hits: &mut KeywordHits,
        hay: &[u8],
        start: usize,
        end: usize,
        category: usize,
    ) -> ContextEvidence {
        let mut evidence = ContextEvidence::default();
        let Some(automaton) = &self.automaton else { return evidence };
        let (before, after) = self.windows[category];
        let mut low = start.saturating_sub(before);
        if let Some(newline) = memchr::memrchr(b'\n', &hay[low..start]) {
            low += newline + 1;
        }
        let mut high = (end + after).min(hay.len());
        if let Some(newline) = memchr::memchr(b'\n', &hay[end..high]) {
            high = end + newline;
        }
        self.search(automaton, hits, hay, low, high);
        let bit = 1u64 << category;
        let first = hits.hits.partition_point(|&(_, hit_end, _)| hit_end <= low);
        // The first positive keyword by position, as a reader would see it.
        let mut positive: Option<(usize, usize, u32)> = None;
        for &(hit_start, hit_end, pattern) in &hits.hits[first..] {
            if hit_end > high {
                break;
            }
            if hit_start < low {
                continue;
            }
            let entry = &self.entries[pattern as usize];
            if (entry.positive_for | entry.negative_for) & bit == 0 {
                continue;
            }
            // The value itself is not context (`sin@example.com` is no SIN keyword).
            if hit_start < end && hit_end > start {
                continue;
            }
            if !is_whole_word(hay, hit_start, hit_end) {
                continue;
            }
            if entry.positive_for & bit != 0 && positive.is_none_or(|best| (hit_start, hit_end, pattern) < best) {
                positive = Some((hit_start, hit_end, pattern));
            }
            if entry.negative_for & bit != 0 {
                evidence.negative = true;
            }
        }
        evidence.positive =
            positive.map(|(_, _, pattern)| self.keywords[self.entries[pattern as usize].keyword].clone());
        evidence
    }

    /// Makes `hits` hold every keyword lying inside `low..high`.
    fn search(&self, automaton: &AhoCorasick, hits: &mut KeywordHits, hay: &[u8], low: usize, high: usize) {
        let searched = hits.searched.clone();
        if searched.start <= low && high <= searched.end {
            return;
        }
        let (from, known_until) = if searched.start <= low && low <= searched.end && searched.end > searched.start {
            // Extend forward: a keyword ending past the old end starts at most `longest - 1` bytes before it.
            (searched.end.saturating_sub(self.longest.saturating_sub(1)).max(searched.start), Some(searched.end))
        } else {
            hits.hits.clear();
            (low, None)
        };
        let input = aho_corasick::Input::new(hay).span(from..high);
        for hit in automaton.find_overlapping_iter(input) {
            if known_until.is_some_and(|until| hit.end() <= until) {
                continue;
            }
            hits.hits.push((hit.start(), hit.end(), hit.pattern().as_u32()));
        }
        hits.searched = if known_until.is_some() { searched.start..high } else { low..high };
    }
}

impl FieldEvidence {
    /// Whether the column name is a positive keyword for `category`.
    pub fn supports(&self, category: usize) -> bool {
        self.positive & (1 << category) != 0
    }

    /// Whether the column name is a negative keyword for `category` (`order_id`).
    pub fn contradicts(&self, category: usize) -> bool {
        self.negative & (1 << category) != 0
    }
}

/// The words of a field's last path segment, lowercase and space-separated:
/// `contact.phoneNumber` → `phone number`, `no_assurance_sociale` → `no assurance sociale`.
fn field_words(field: &str) -> String {
    let last = field.trim_end_matches("[]").rsplit('.').next().unwrap_or(field);
    let mut words = String::with_capacity(last.len() + 4);
    let mut previous_lower = false;
    for c in last.chars() {
        if c.is_uppercase() && previous_lower {
            words.push(' ');
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        if matches!(c, '_' | '-' | '.' | '[' | ']' | ' ') {
            words.push(' ');
        } else {
            words.extend(c.to_lowercase());
        }
    }
    words
}

/// Letters and digits (including any non-ASCII byte, which is part of an accented
/// letter in UTF-8 and in Latin-1) glue words together; everything else, `_` and `-`
/// included, separates them, so `client_ip` and `user-phone` contain `ip` and `phone`.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte >= 0x80
}

fn is_whole_word(hay: &[u8], start: usize, end: usize) -> bool {
    let clear_before = start == 0 || !is_word_byte(hay[start - 1]);
    let clear_after = end >= hay.len() || !is_word_byte(hay[end]);
    clear_before && clear_after
}

/// The byte spellings a keyword is searched under: UTF-8 as written, UTF-8 upper
/// case, and both again in Latin-1 when every character fits in it.
fn spellings_of(keyword: &str) -> Vec<Vec<u8>> {
    let mut forms = vec![keyword.as_bytes().to_vec()];
    if !keyword.is_ascii() {
        let upper = keyword.to_uppercase();
        forms.push(upper.as_bytes().to_vec());
        for text in [keyword, upper.as_str()] {
            if text.chars().all(|c| (c as u32) < 0x100) {
                forms.push(text.chars().map(|c| c as u32 as u8).collect());
            }
        }
    }
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> (ContextIndex, RuleSet) {
        let rules = RuleSet::builtin().unwrap();
        (ContextIndex::new(&rules), rules)
    }

    fn category(rules: &RuleSet, name: &str) -> usize {
        rules.categories.iter().position(|c| c.name == name).unwrap()
    }

    fn evidence_for(text: &[u8], value: &[u8], name: &str) -> ContextEvidence {
        let (index, rules) = index();
        let start = text.windows(value.len()).position(|w| w == value).unwrap();
        index.evidence(&mut KeywordHits::default(), text, start, start + value.len(), category(&rules, name))
    }

    #[test]
    fn french_keyword_in_utf8_and_latin1() {
        let utf8 = "Téléphone : 4185496754".as_bytes();
        assert_eq!(evidence_for(utf8, b"4185496754", "phone").positive.as_deref(), Some("téléphone"));
        let latin1: Vec<u8> = "Téléphone : 4185496754".chars().map(|c| c as u32 as u8).collect();
        assert_eq!(evidence_for(&latin1, b"4185496754", "phone").positive.as_deref(), Some("téléphone"));
    }

    #[test]
    fn keywords_must_be_whole_words_on_the_same_line() {
        assert_eq!(evidence_for(b"shipping 4185496754", b"4185496754", "ip_address").positive, None);
        assert_eq!(evidence_for(b"hotel 4185496754", b"4185496754", "phone").positive, None);
        assert!(evidence_for(b"client_ip=203.0.113.9", b"203.0.113.9", "ip_address").positive.is_some());
        assert!(evidence_for(b"user-phone: 4185496754", b"4185496754", "phone").positive.is_some());
        assert_eq!(evidence_for(b"phone\n4185496754", b"4185496754", "phone").positive, None);
    }

    #[test]
    fn window_is_bounded() {
        let far = format!("phone{}4185496754", " ".repeat(60));
        assert_eq!(evidence_for(far.as_bytes(), b"4185496754", "phone").positive, None);
        let near = format!("phone{}4185496754", " ".repeat(30));
        assert!(evidence_for(near.as_bytes(), b"4185496754", "phone").positive.is_some());
    }

    #[test]
    fn column_names_speak_for_their_values() {
        let (index, rules) = index();
        let evidence = |field: &str, name: &str| {
            let e = index.field_evidence(field);
            let c = category(&rules, name);
            (e.supports(c), e.contradicts(c))
        };
        assert_eq!(field_words("contact.phoneNumber"), "phone number");
        assert_eq!(evidence("no_assurance_sociale", "sin"), (true, false));
        assert_eq!(evidence("NAS", "sin"), (true, false));
        assert_eq!(evidence("contact.phones[]", "phone"), (true, false));
        assert_eq!(evidence("cellulaire", "phone"), (true, false));
        assert_eq!(evidence("code_postal", "postal_code"), (true, false));
        assert_eq!(evidence("addresses[].postal_code", "postal_code"), (true, false));
        assert_eq!(evidence("clientIp", "ip_address"), (true, false));
        assert_eq!(evidence("courriel", "email"), (true, false));
        assert_eq!(evidence("order_id", "sin"), (false, true));
        assert_eq!(evidence("tracking_number", "sin"), (false, true));
        assert_eq!(evidence("contact.email", "phone"), (false, false), "only the last segment counts");
        assert_eq!(evidence("shipping", "ip_address"), (false, false));
    }

    #[test]
    fn negative_keywords_and_categories_are_separate() {
        let evidence = evidence_for(b"order 130-692-544", b"130-692-544", "sin");
        assert!(evidence.negative && evidence.positive.is_none());
        // `nas` is a SIN keyword, not a phone one.
        assert_eq!(evidence_for(b"NAS 4185496754", b"4185496754", "phone").positive, None);
        assert!(evidence_for(b"NAS 130692544", b"130692544", "sin").positive.is_some());
    }
}
