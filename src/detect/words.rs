//! Keywords found by walking from the start of each word.
//!
//! A keyword counts only as a whole word, so a window is not run through the
//! automaton byte by byte: an anchored walk starts only where a word starts
//! with a byte some keyword starts with, and stops where no keyword goes on.
//! Word starts are found eight bytes at a time (letters, digits and other
//! bytes told apart by arithmetic on a `u64`), and digits and separators are
//! passed over without a walk. In digit-dense text (logs, exports) this reads a small part of
//! each window, where the unanchored automaton read every byte with a
//! dependent load from a table too big for the first-level cache.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, StartKind};

/// Keywords found by walking from the start of each word (see the module documentation).
#[derive(Debug, Clone)]
pub(super) struct WordWalker {
    /// Anchored only: no failure transitions, a walk ends at the first dead state.
    dfa: aho_corasick::dfa::DFA,
    /// Per byte: [`WORD`] when it glues words together, [`FIRST`] when a
    /// keyword's spelling starts with it (in either ASCII case).
    class: [u8; 256],
    /// Every keyword starts with a letter or a non-ASCII byte, the bytes
    /// [`word_starts`] looks at; otherwise every byte is looked up.
    starts_with_letters: bool,
}

const WORD: u8 = 1;
const FIRST: u8 = 2;

impl WordWalker {
    pub fn new(spellings: &[Vec<u8>]) -> WordWalker {
        let dfa = aho_corasick::dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .prefilter(false)
            .build(spellings)
            .expect("keyword automaton within default size limits");
        let mut class = [0u8; 256];
        for byte in 0..=255u8 {
            if is_word_byte(byte) {
                class[byte as usize] |= WORD;
            }
        }
        for spelling in spellings {
            let byte = spelling[0];
            for byte in [byte, byte.to_ascii_lowercase(), byte.to_ascii_uppercase()] {
                class[byte as usize] |= FIRST;
            }
        }
        let starts_with_letters =
            (0..=255u8).all(|byte| class[byte as usize] & FIRST == 0 || byte.is_ascii_alphabetic() || byte >= 0x80);
        WordWalker { dfa, class, starts_with_letters }
    }

    /// Pushes every whole-word keyword starting inside `span`, in order of
    /// start: a keyword may end past the span (it is found once, whichever
    /// window it ends in).
    pub fn walk(&self, hay: &[u8], span: std::ops::Range<usize>, out: &mut Vec<(usize, usize, u32)>) {
        let mut after_word = span.start > 0 && is_word_byte(hay[span.start - 1]);
        let mut at = span.start;
        if self.starts_with_letters {
            while at + 8 <= span.end {
                let chunk = u64::from_le_bytes(hay[at..at + 8].try_into().expect("eight bytes"));
                let (mut starts, word) = word_starts(chunk, after_word);
                while starts != 0 {
                    let start = at + (starts.trailing_zeros() / 8) as usize;
                    starts &= starts - 1;
                    if self.class[hay[start] as usize] & FIRST != 0 {
                        self.walk_from(hay, start, out);
                    }
                }
                after_word = word >> 63 != 0;
                at += 8;
            }
        }
        for (at, &byte) in (at..).zip(&hay[at..span.end]) {
            let class = self.class[byte as usize];
            let word_start = class & FIRST != 0 && !after_word;
            after_word = class & WORD != 0;
            if word_start {
                self.walk_from(hay, at, out);
            }
        }
    }

    /// Pushes the whole-word keywords starting at `at`.
    fn walk_from(&self, hay: &[u8], at: usize, out: &mut Vec<(usize, usize, u32)>) {
        let dfa = &self.dfa;
        let Ok(mut state) = dfa.start_state(Anchored::Yes) else { return };
        for (end, &byte) in (at + 1..).zip(&hay[at..]) {
            state = dfa.next_state(Anchored::Yes, state, byte);
            if !dfa.is_special(state) {
                continue;
            }
            if dfa.is_dead(state) {
                break;
            }
            if !dfa.is_match(state) || (end < hay.len() && is_word_byte(hay[end])) {
                continue;
            }
            for index in 0..dfa.match_len(state) {
                let pattern = dfa.match_pattern(state, index);
                // A match state also lists the keywords that end here but
                // start later (suffixes); those are found from their own start.
                if end - dfa.pattern_len(pattern) == at {
                    out.push((at, end, pattern.as_u32()));
                }
            }
        }
    }
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight bytes (the first in the low byte): the high bit of each byte that
/// starts a word with a letter or a non-ASCII byte, and of each word byte
/// ([`is_word_byte`]). `after_word`: the byte before the first is a word byte.
fn word_starts(chunk: u64, after_word: bool) -> (u64, u64) {
    let ascii = chunk & !HIGH;
    // Per byte, below 0x80 so that no sum carries into the next byte.
    let folded = ascii | 0x2020_2020_2020_2020; // A-Z to a-z
    let letter = (folded + 0x1f1f_1f1f_1f1f_1f1f) & !(folded + 0x0505_0505_0505_0505) & HIGH; // a..=z
    let digit = (ascii + 0x5050_5050_5050_5050) & !(ascii + 0x4646_4646_4646_4646) & HIGH; // 0..=9
    let non_ascii = chunk & HIGH;
    let word = letter | digit | non_ascii;
    let before = (word << 8) | if after_word { 0x80 } else { 0 };
    ((letter | non_ascii) & !before, word)
}

/// Letters and digits (including any non-ASCII byte, which is part of an accented
/// letter in UTF-8 and in Latin-1) glue words together; everything else, `_` and `-`
/// included, separates them, so `client_ip` and `user-phone` contain `ip` and `phone`.
pub(super) fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The arithmetic agrees with the byte-by-byte definition on every byte
    /// value, in every position, after a word byte or not.
    #[test]
    fn word_starts_by_arithmetic_match_the_definition() {
        for byte in 0..=255u8 {
            for filler in [b' ', b'a', b'5', 0xe9] {
                for position in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[position] = byte;
                    for after_word in [false, true] {
                        let (starts, word) = word_starts(u64::from_le_bytes(bytes), after_word);
                        for (index, &each) in bytes.iter().enumerate() {
                            let flag = |bits: u64| bits >> (index * 8 + 7) & 1 == 1;
                            let previous = if index == 0 { after_word } else { is_word_byte(bytes[index - 1]) };
                            let starts_word = (each.is_ascii_alphabetic() || each >= 0x80) && !previous;
                            assert_eq!(flag(word), is_word_byte(each), "{bytes:?} at {index}");
                            assert_eq!(flag(starts), starts_word, "{bytes:?} at {index}, after a word: {after_word}");
                        }
                    }
                }
            }
        }
    }
}
