//! Lines of a text buffer as context scoring reads them: where the line of a
//! value starts and ends (looked for only so far: a dump's 1 MB INSERT line is
//! neither a table row nor an answer, and reading it to its ends for every
//! value on it made long lines quadratic), table borders and rows, and short
//! answers to the question on the line before.

/// How far up a table's header is looked for.
pub(super) const MAX_TABLE_LINES: usize = 10_000;

/// The longest line taken for a short answer to a question on the line before.
pub(super) const MAX_ANSWER_LINE: usize = 100;

/// The longest line read as a table row or a question: longer lines (a
/// dump's extended INSERT, minified JSON) are neither, and are not scanned
/// to their ends for every value on them.
pub(super) const MAX_CONTEXT_LINE: usize = 16 << 10;

/// The start of the line holding `at`, if it is at most `limit` bytes back.
pub(super) fn line_start_within(hay: &[u8], at: usize, limit: usize) -> Option<usize> {
    let from = at.saturating_sub(limit);
    match memchr::memrchr(b'\n', &hay[from..at]) {
        Some(newline) => Some(from + newline + 1),
        None => (from == 0).then_some(0),
    }
}

/// The end of the line holding `at`, if it is at most `limit` bytes ahead.
pub(super) fn line_end_within(hay: &[u8], at: usize, limit: usize) -> Option<usize> {
    let to = (at + limit).min(hay.len());
    match memchr::memchr(b'\n', &hay[at..to]) {
        Some(newline) => Some(at + newline),
        None => (to == hay.len()).then_some(to),
    }
}

/// A table's border or separator line: `|---|:--|`, `+----+`, `----+----`.
pub(super) fn is_border(line: &[u8]) -> bool {
    !line.trim_ascii().is_empty() && line.iter().all(|b| b" \t|+-=:".contains(b))
}

/// Whether the value is all its line says, after a speaker (`[10:01] Client :`)
/// or a quote marker (`> `): `H2K3V9` answers a question, `mon matricule est
/// 626390082` does not.
pub(super) fn is_an_answer(hay: &[u8], line_start: usize, (start, end): (usize, usize)) -> bool {
    let Some(line_end) = line_end_within(hay, end, MAX_ANSWER_LINE + 1) else { return false };
    let before = hay[line_start..start].trim_ascii();
    let after = hay[end..line_end].trim_ascii();
    let alone_before = before.is_empty() || before.ends_with(b":") || before.iter().all(|&b| b == b'>' || b == b' ');
    let alone_after = after.iter().all(|b| b".!".contains(b));
    alone_before && alone_after && line_end - line_start <= MAX_ANSWER_LINE
}

/// Whether every line from `from` to `to` (line starts) holds `delimiter`: the table goes on.
pub(super) fn rows_between(hay: &[u8], from: usize, to: usize, delimiter: u8) -> bool {
    hay[from..to]
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .all(|line| memchr::memchr(delimiter, line).is_some() || is_border(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_bounds_are_looked_for_within_a_limit() {
        let hay = b"one\ntwo two\nthree";
        assert_eq!(line_start_within(hay, 6, 100), Some(4));
        assert_eq!(line_start_within(hay, 2, 100), Some(0), "the first line starts the buffer");
        assert_eq!(line_start_within(hay, 10, 3), None, "farther back than the limit: a long line");
        assert_eq!(line_end_within(hay, 5, 100), Some(11));
        assert_eq!(line_end_within(hay, 13, 100), Some(hay.len()), "the last line ends the buffer");
        assert_eq!(line_end_within(hay, 4, 3), None);
    }
}
