//! Keywords found by walking from the start of each word.
//!
//! A keyword counts only as a whole word, so a window is not run through the
//! automaton byte by byte: an anchored walk starts only where a word starts
//! with a byte some keyword starts with, and stops where no keyword goes on.
//! Digits, and words no keyword begins like, are passed over with one table
//! lookup each. In digit-dense text (logs, exports) this reads a small part of
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
        WordWalker { dfa, class }
    }

    /// Pushes every whole-word keyword starting inside `span`, in order of
    /// start: a keyword may end past the span (it is found once, whichever
    /// window it ends in).
    pub fn walk(&self, hay: &[u8], span: std::ops::Range<usize>, out: &mut Vec<(usize, usize, u32)>) {
        let dfa = &self.dfa;
        let Ok(start_state) = dfa.start_state(Anchored::Yes) else { return };
        let mut after_word = span.start > 0 && is_word_byte(hay[span.start - 1]);
        for (at, &byte) in (span.start..).zip(&hay[span.clone()]) {
            let class = self.class[byte as usize];
            let word_start = class & FIRST != 0 && !after_word;
            after_word = class & WORD != 0;
            if !word_start {
                continue;
            }
            let mut state = start_state;
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
}

/// Letters and digits (including any non-ASCII byte, which is part of an accented
/// letter in UTF-8 and in Latin-1) glue words together; everything else, `_` and `-`
/// included, separates them, so `client_ip` and `user-phone` contain `ip` and `phone`.
pub(super) fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte >= 0x80
}
