//! Sources: turn files into text units the detector can search.
//!
//! A [`TextUnit`] is the only thing the detector and the scan stage need to know
//! about where bytes came from: a buffer, the part of it this unit is
//! responsible for, and the file offset of its first byte. Readers for other
//! formats produce the same type.

pub mod text;

use std::ops::Range;

/// A buffer of bytes from one file, and which part of it this unit reports.
#[derive(Debug, Clone)]
pub struct TextUnit<'a> {
    /// The bytes read, including overlap with the neighbouring units.
    pub bytes: &'a [u8],
    /// The part of `bytes` this unit owns: matches starting here are its own.
    pub owned: Range<usize>,
    /// Where the search begins: equal to `owned.start` when the unit starts on a
    /// line boundary, earlier when it starts mid-line, so the automaton is in
    /// step with the text by the time it reaches the owned part.
    pub search_from: usize,
    /// File offset of `bytes[0]`.
    pub origin: u64,
}

/// How many leading bytes are sniffed for a NUL to call a large file binary.
///
/// ripgrep's rule, applied to the first block only for files split across
/// workers; a file read in one piece is checked whole.
pub const BINARY_SNIFF_LEN: usize = 64 << 10;

/// True when `bytes` look binary: they contain a NUL byte.
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, bytes).is_some()
}
