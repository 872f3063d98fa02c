//! Context keywords: one Aho-Corasick automaton over every category's words.
//!
//! For each candidate the detector asks "is there a positive or negative keyword
//! for this category on the same line, within the category's window?". The
//! windows are searched on demand, each extending the stretch already searched
//! (dense exports have a candidate every few dozen bytes, so windows overlap);
//! the hits are kept in order of start, and each window is a binary search. A buffer
//! with no candidate costs nothing here.
//!
//! A keyword counts only as a whole word: the windows are read by walks from
//! word starts (see `words.rs`), not by the automaton over every byte.
//!
//! Matching is ASCII case-insensitive. Keywords with accents (`téléphone`) are
//! also entered in their upper-case and Latin-1 spellings, so that French
//! context works in UTF-8 and in Latin-1 files alike.

use super::lines::{is_an_answer, line_start_within, LineStarts, MAX_CONTEXT_LINE};
use super::table::Tables;
use super::words::{is_word_byte, WordWalker};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::Arc;

use crate::rules::RuleSet;

/// What the text around a candidate says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContextEvidence {
    /// The first positive keyword found (canonical spelling), if any.
    pub positive: Option<Arc<str>>,
    /// Whether a negative keyword was found.
    pub negative: bool,
    /// The evidence comes from the key the value is attached to (`oid=`,
    /// `"phone": `): nothing farther away, a column name included, overrides it.
    pub decisive: bool,
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
    /// The same keywords, for the anchored walks of [`ContextIndex::search`].
    walker: Option<WordWalker>,
    entries: Vec<Entry>,
    keywords: Vec<Arc<str>>,
    windows: Vec<(usize, usize)>,
    /// Per category: words that count only right before a match (see `adjacent_word`).
    adjacent: Vec<Vec<Arc<str>>>,
    /// Per category: the bytes its adjacent words end with, to rule most places out at once.
    adjacent_last: Vec<[bool; 256]>,
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
    /// (start, end, automaton pattern) of whole-word keywords, in order of start.
    hits: Vec<(usize, usize, u32)>,
    /// Every keyword starting inside this range is in `hits`.
    searched: std::ops::Range<usize>,
    /// The table and row the last candidate was in (see `table.rs`).
    tables: Tables<FieldEvidence>,
    /// Where the candidates' lines start.
    line_starts: LineStarts,
}

impl KeywordHits {
    /// Forgets the previous buffer's hits (keeps the allocation).
    pub fn reset(&mut self) {
        self.hits.clear();
        self.searched = 0..0;
        self.tables = Tables::default();
        self.line_starts = LineStarts::default();
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
        let walker = (!spellings.is_empty()).then(|| WordWalker::new(&spellings));
        let windows = rules.categories.iter().map(|c| (c.context_before, c.context_after)).collect();
        let adjacent: Vec<Vec<Arc<str>>> =
            rules.categories.iter().map(|c| c.adjacent.iter().map(|word| Arc::from(word.as_str())).collect()).collect();
        let adjacent_last = adjacent
            .iter()
            .map(|words| {
                let mut last = [false; 256];
                for word in words {
                    match word.as_bytes().last() {
                        Some(&byte) => last[byte as usize] = true,
                        None => last = [true; 256], // an empty word fits anywhere
                    }
                }
                last
            })
            .collect();
        ContextIndex { automaton, walker, entries, keywords, windows, adjacent, adjacent_last }
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

    /// The categories with adjacent words, as bits.
    pub fn adjacent_categories(&self) -> u64 {
        let with_words = self.adjacent.iter().enumerate().filter(|(_, words)| !words.is_empty());
        with_words.fold(0, |bits, (category, _)| bits | 1 << category)
    }

    /// The categories a positive keyword in `hay[from..]` speaks for, as bits
    /// (`hits` then holds every keyword there, and the windows reuse them).
    pub fn present(&self, hits: &mut KeywordHits, hay: &[u8], from: usize) -> u64 {
        self.search(hits, hay, from, hay.len());
        hits.hits.iter().fold(0, |bits, &(_, _, pattern)| bits | self.entries[pattern as usize].positive_for)
    }

    /// How far before a candidate its context can be read, tables aside: its
    /// window, and the line before its own (a question).
    pub fn reach_back(&self) -> usize {
        let window = self.windows.iter().map(|&(before, _)| before).max().unwrap_or(0);
        window.max(2 * (MAX_CONTEXT_LINE + 1))
    }

    /// Whether `category` has any negative keyword (so context can lower a level).
    pub fn has_negative(&self, category: usize) -> bool {
        let bit = 1u64 << category;
        self.entries.iter().any(|entry| entry.negative_for & bit != 0)
    }

    /// What the text around `hay[start..end]` says about `category`, read as a
    /// person would:
    /// 1. the key the value is attached to (`oid=`, `"phone": `, `Tél. :`)
    ///    decides when it holds a keyword of the category;
    /// 2. otherwise the keywords on the same line within the category's
    ///    window: the first positive one, any negative one; a keyword that is
    ///    a product token (`Version/17.2` in a User-Agent) is not the word;
    /// 3. otherwise a word right before the value (`QC H2K3V9`);
    /// 4. in a document (not a batch of column values, `document`): the
    ///    header of the table column the value is in (`| Téléphone |`), or a
    ///    question on the line before a short answer (`Quel est votre code
    ///    postal ?` / `H2K3V9`).
    ///
    /// `hits` caches the buffer's keyword positions: reset it whenever `hay` changes.
    pub fn evidence(
        &self,
        hits: &mut KeywordHits,
        hay: &[u8],
        (start, end): (usize, usize),
        category: usize,
        document: bool,
    ) -> ContextEvidence {
        let Some(automaton) = &self.automaton else { return ContextEvidence::default() };
        let (before, after) = self.windows[category];
        // The line's start, looked for no farther back than a table row or an
        // answer can be long: a dump's 1 MB INSERT line would otherwise be
        // read back to its start for every value on it.
        let line_start = hits.line_starts.find(hay, start, MAX_CONTEXT_LINE);
        let low = start.saturating_sub(before).max(line_start.unwrap_or(0));
        let mut high = (end + after).min(hay.len());
        if let Some(newline) = memchr::memchr(b'\n', &hay[end..high]) {
            high = end + newline;
        }
        self.search(hits, hay, low, high);
        let bit = 1u64 << category;
        if let Some(key) = attached_key(hay, start, low) {
            let mut evidence = self.evidence_in(hits, hay, key, (start, end), bit);
            if evidence.positive.is_some() || evidence.negative {
                evidence.decisive = true;
                return evidence;
            }
        }
        let mut evidence = self.evidence_in(hits, hay, low..high, (start, end), bit);
        if evidence.positive.is_none() {
            evidence.positive = self.adjacent_word(hay, start, category);
        }
        let Some(line_start) = line_start else { return evidence };
        if evidence.positive.is_none() && document {
            if let Some(column) = hits.tables.column_of(|name| self.field_evidence(name), hay, start, line_start) {
                if column.supports(category) {
                    evidence.positive = column.name.clone();
                }
                evidence.negative |= column.contradicts(category);
            }
        }
        if evidence.positive.is_none() && document && is_an_answer(hay, line_start, (start, end)) {
            evidence.positive = self.question_before(automaton, hay, line_start, bit);
        }
        evidence
    }

    /// The keywords of `bit`'s category among the hits inside `range`.
    fn evidence_in(
        &self,
        hits: &KeywordHits,
        hay: &[u8],
        range: std::ops::Range<usize>,
        (start, end): (usize, usize),
        bit: u64,
    ) -> ContextEvidence {
        let mut evidence = ContextEvidence::default();
        let first = hits.hits.partition_point(|&(hit_start, _, _)| hit_start < range.start);
        // The first positive keyword by position, as a reader would see it.
        let mut positive: Option<(usize, usize, u32)> = None;
        for &(hit_start, hit_end, pattern) in &hits.hits[first..] {
            if hit_start >= range.end {
                break;
            }
            if hit_end > range.end {
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
            if !is_whole_word(hay, hit_start, hit_end) || is_product_token(hay, hit_end) {
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

    /// One of the category's adjacent words right before `start`, with at
    /// most a comma, spaces or a closing parenthesis between, and not the tail
    /// of a longer word.
    fn adjacent_word(&self, hay: &[u8], start: usize, category: usize) -> Option<Arc<str>> {
        let words = &self.adjacent[category];
        if words.is_empty() {
            return None;
        }
        // `QC H2K3V9`, `Montréal, QC, H2K3V9`, `Québec (Québec)  G1R 4P5`.
        let mut at = start;
        while at > 0 && start - at < 3 && matches!(hay[at - 1], b' ' | b'\t' | b',') {
            at -= 1;
        }
        if at > 0 && hay[at - 1] == b')' {
            at -= 1;
        }
        if at > 0 && !self.adjacent_last[category][hay[at - 1] as usize] {
            return None;
        }
        words
            .iter()
            .find(|word| {
                let word = word.as_bytes();
                at >= word.len()
                    && &hay[at - word.len()..at] == word
                    && (at == word.len() || !is_word_byte(hay[at - word.len() - 1]))
            })
            .cloned()
    }

    /// The first positive keyword of `bit`'s category on the line before a
    /// short line, when that line asks a question about it (`Quel est votre
    /// code postal ?`): dialogue, chats and emails put the answer on the next
    /// line. A question that also holds a negative keyword (`numéro de
    /// commande ?`) is about something else.
    fn question_before(&self, automaton: &AhoCorasick, hay: &[u8], line_start: usize, bit: u64) -> Option<Arc<str>> {
        if line_start == 0 {
            return None;
        }
        let previous_start = line_start_within(hay, line_start - 1, MAX_CONTEXT_LINE)?;
        let previous = &hay[previous_start..line_start - 1];
        let question = memchr::memrchr(b'?', previous)?;
        let input = aho_corasick::Input::new(previous).span(0..question);
        let mut positive = None;
        for hit in automaton.find_overlapping_iter(input) {
            let entry = &self.entries[hit.pattern().as_usize()];
            if !is_whole_word(previous, hit.start(), hit.end()) {
                continue;
            }
            if entry.negative_for & bit != 0 {
                return None;
            }
            if entry.positive_for & bit != 0 && positive.is_none() {
                positive = Some(self.keywords[entry.keyword].clone());
            }
        }
        positive
    }

    /// Makes `hits` hold every whole-word keyword starting inside `low..high`
    /// (a keyword inside a longer word is never evidence, so it is not kept).
    fn search(&self, hits: &mut KeywordHits, hay: &[u8], low: usize, high: usize) {
        let Some(walker) = &self.walker else { return };
        let searched = hits.searched.clone();
        if searched.start <= low && high <= searched.end {
            return;
        }
        if searched.start <= low && low <= searched.end && searched.end > searched.start {
            // Extend forward: the walks from earlier starts were not cut at the old end.
            walker.walk(hay, searched.end..high, &mut hits.hits);
            hits.searched = searched.start..high;
        } else {
            hits.hits.clear();
            walker.walk(hay, low..high, &mut hits.hits);
            hits.searched = low..high;
        }
    }
}

impl FieldEvidence {
    /// The categories the column name is a positive keyword for, as bits.
    pub fn supported(&self) -> u64 {
        self.positive
    }

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

/// The key a value at `start` is attached to: `key=value`, `key: value`,
/// `"key": "value"`, `key = 'value'`; its span, not before `low`.
fn attached_key(hay: &[u8], start: usize, low: usize) -> Option<std::ops::Range<usize>> {
    let mut at = start;
    let skip_blanks = |at: &mut usize| {
        while *at > low && matches!(hay[*at - 1], b' ' | b'\t') {
            *at -= 1;
        }
    };
    if at > low && matches!(hay[at - 1], b'"' | b'\'') {
        at -= 1;
    }
    skip_blanks(&mut at);
    if at <= low || !matches!(hay[at - 1], b'=' | b':') {
        return None;
    }
    at -= 1;
    skip_blanks(&mut at);
    if at > low && matches!(hay[at - 1], b'"' | b'\'') {
        at -= 1;
    }
    let key_end = at;
    while at > low && (is_word_byte(hay[at - 1]) || matches!(hay[at - 1], b'_' | b'-' | b'.')) {
        at -= 1;
    }
    (at < key_end).then_some(at..key_end)
}

/// `Version/17.2`, `Mozilla/5.0`: a product token of a User-Agent, not the word.
fn is_product_token(hay: &[u8], keyword_end: usize) -> bool {
    hay.get(keyword_end) == Some(&b'/') && hay.get(keyword_end + 1).is_some_and(u8::is_ascii_digit)
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

    /// Every whole-word keyword the unanchored automaton finds starting in `range`, sorted.
    fn reference_hits(index: &ContextIndex, hay: &[u8], range: std::ops::Range<usize>) -> Vec<(usize, usize, u32)> {
        let automaton = index.automaton.as_ref().unwrap();
        let mut hits: Vec<_> = automaton
            .find_overlapping_iter(hay)
            .filter(|hit| range.contains(&hit.start()) && is_whole_word(hay, hit.start(), hit.end()))
            .map(|hit| (hit.start(), hit.end(), hit.pattern().as_u32()))
            .collect();
        hits.sort_unstable();
        hits
    }

    proptest::proptest! {
        /// The anchored walks, window after window (extending or starting
        /// over), hold exactly the whole-word keywords a search of every byte
        /// finds starting in the stretch searched.
        #[test]
        fn walks_find_what_the_unanchored_automaton_finds(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                &b"tel"[..], b"T\xc9L", b"t\xc3\xa9l\xc3\xa9phone", b"phone_number", b"ip", b"zip", b"id", b"oid",
                b"numero de telephone", b"cell", b"Cellulaire", b"x", b"5", b" ", b"_", b"-", b": ", b"=", b"\n", b"\xe9",
            ]), 0..40),
            windows in proptest::collection::vec((0usize..200, 0usize..40), 1..8),
        ) {
            let (index, _) = index();
            let hay: Vec<u8> = pieces.concat();
            let mut hits = KeywordHits::default();
            for (low, width) in windows {
                let low = low.min(hay.len());
                let high = (low + width).min(hay.len());
                index.search(&mut hits, &hay, low, high);
                proptest::prop_assert!(hits.searched.start <= low && high <= hits.searched.end);
                let mut found = hits.hits.clone();
                proptest::prop_assert!(found.is_sorted_by_key(|&(start, _, _)| start));
                found.sort_unstable();
                proptest::prop_assert_eq!(found, reference_hits(&index, &hay, hits.searched.clone()));
            }
        }
    }

    fn category(rules: &RuleSet, name: &str) -> usize {
        rules.categories.iter().position(|c| c.name == name).unwrap()
    }

    fn evidence_for(text: &[u8], value: &[u8], name: &str) -> ContextEvidence {
        let (index, rules) = index();
        let start = text.windows(value.len()).position(|w| w == value).unwrap();
        index.evidence(&mut KeywordHits::default(), text, (start, start + value.len()), category(&rules, name), true)
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

    #[test]
    fn the_key_a_value_is_attached_to_decides() {
        let oid = evidence_for(b"host=web-3 oid=2.5.29.17", b"2.5.29.17", "ip_address");
        assert!(oid.negative && oid.positive.is_none() && oid.decisive, "{oid:?}");
        let json = evidence_for(b"{\"ip\": \"203.0.113.5\", \"version\": \"2\"}", b"203.0.113.5", "ip_address");
        assert_eq!((json.positive.as_deref(), json.negative), (Some("ip"), false));
        let spaced = evidence_for("Tél. : 4185496754 commande".as_bytes(), b"4185496754", "phone");
        assert_eq!((spaced.positive.as_deref(), spaced.negative), (Some("tél"), false));
        // A key without a keyword leaves the window to speak.
        let neutral = evidence_for(b"client_ip x=203.0.113.5", b"203.0.113.5", "ip_address");
        assert!(neutral.positive.is_some() && !neutral.decisive);
    }

    #[test]
    fn product_tokens_are_not_keywords() {
        let text = b"Version/17.2 Safari/605.1.15\" 203.0.113.77";
        assert!(!evidence_for(text, b"203.0.113.77", "ip_address").negative);
        assert!(evidence_for(b"version 10.2.0.1", b"10.2.0.1", "ip_address").negative);
    }

    #[test]
    fn table_headers_give_their_columns_context() {
        let markdown = "| Nom | Téléphone | Code postal |\n|---|---|---|\n| Jean | 4185496754 | H2K3V9 |\n";
        let phone = evidence_for(markdown.as_bytes(), b"4185496754", "phone");
        assert_eq!(phone.positive.as_deref(), Some("Téléphone"));
        let postal = evidence_for(markdown.as_bytes(), b"H2K3V9", "postal_code");
        assert_eq!(postal.positive.as_deref(), Some("Code postal"));
        let psql = " id | telephone\n----+-----------\n  1 | 4185496754\n  2 | 5145550199\n";
        assert!(evidence_for(psql.as_bytes(), b"5145550199", "phone").positive.is_some());
        let tabs = "Nom\tNAS\tVille\nJean\t130692544\tLaval\n";
        assert!(evidence_for(tabs.as_bytes(), b"130692544", "sin").positive.is_some());
        let orders = "| id | Order | Note |\n| 1 | 130692544 | x |\n";
        assert!(evidence_for(orders.as_bytes(), b"130692544", "sin").negative);
        // Not a table: one pipe in a log line.
        assert!(evidence_for(b"phone\nls | grep 4185496754", b"4185496754", "phone").positive.is_none());
    }

    #[test]
    fn an_answer_gets_its_question_context() {
        let chat = "[10:01] Agent : Quel est votre code postal ?\n[10:02] Client : H2K3V9\n";
        assert_eq!(evidence_for(chat.as_bytes(), b"H2K3V9", "postal_code").positive.as_deref(), Some("code postal"));
        let order = "Quel est votre numéro de commande ?\n4185496754\n";
        assert!(evidence_for(order.as_bytes(), b"4185496754", "phone").positive.is_none());
        let statement = "mon NAS c'est 799 493 322? invalide.\nClient : mon matricule est 626390082\n";
        assert!(evidence_for(statement.as_bytes(), b"626390082", "sin").positive.is_none(), "not an answer alone");
    }

    #[test]
    fn a_province_right_before_is_context() {
        assert_eq!(
            evidence_for("Montréal, QC H2K3V9".as_bytes(), b"H2K3V9", "postal_code").positive.as_deref(),
            Some("QC")
        );
        assert!(evidence_for("Québec (Québec) G1R4P5".as_bytes(), b"G1R4P5", "postal_code").positive.is_some());
        assert!(evidence_for(b"AQC H2K3V9", b"H2K3V9", "postal_code").positive.is_none());
        assert!(evidence_for(b"QC said: H2K3V9", b"H2K3V9", "postal_code").positive.is_none());
    }
}
