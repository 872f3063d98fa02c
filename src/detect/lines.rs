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

/// [`line_start_within`] for positions that only move forward through one
/// buffer (the candidates of a search): what was learnt about the line of the
/// previous position is kept, so that values close together on one long line
/// do not each read back up to `limit` bytes.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct LineStarts {
    /// Where the line was last looked for; `None`: nothing known yet.
    at: Option<usize>,
    known: KnownStart,
}

#[derive(Debug, Clone, Copy, Default)]
enum KnownStart {
    /// The line holding `at` starts here.
    #[default]
    Buffer,
    At(usize),
    /// No newline within `limit` bytes before a position at or before `at`,
    /// nor since: the line starts too far back.
    TooFar,
}

impl LineStarts {
    /// `line_start_within(hay, at, limit)`, always with the same `hay` and `limit` until reset.
    pub fn find(&mut self, hay: &[u8], at: usize, limit: usize) -> Option<usize> {
        match self.at {
            Some(previous) if previous <= at => {
                if let Some(newline) = memchr::memrchr(b'\n', &hay[previous..at]) {
                    self.known = KnownStart::At(previous + newline + 1);
                }
            }
            _ => {
                let from = at.saturating_sub(limit);
                self.known = match memchr::memrchr(b'\n', &hay[from..at]) {
                    Some(newline) => KnownStart::At(from + newline + 1),
                    None if from == 0 => KnownStart::Buffer,
                    None => KnownStart::TooFar,
                };
            }
        }
        self.at = Some(at);
        match self.known {
            // The newline before the line is within reach.
            KnownStart::At(start) => (start - 1 + limit >= at).then_some(start),
            KnownStart::Buffer => (at <= limit).then_some(0),
            KnownStart::TooFar => None,
        }
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
    let mut line_start = from;
    while line_start < to {
        let line_end = memchr::memchr(b'\n', &hay[line_start..to]).map_or(to, |offset| line_start + offset);
        let line = &hay[line_start..line_end];
        if !line.is_empty() && memchr::memchr(delimiter, line).is_none() && !is_border(line) {
            return false;
        }
        line_start = line_end + 1;
    }
    true
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

    #[test]
    fn remembered_line_starts_agree_with_looking_back() {
        let mut hay = Vec::new();
        for (i, len) in [0usize, 3, 40, 1, 0, 90, 7, 200, 12].iter().cycle().take(40).enumerate() {
            hay.extend(std::iter::repeat_n(b'a' + (i % 26) as u8, *len));
            hay.push(b'\n');
        }
        hay.extend_from_slice(&[b'z'; 300]);
        for limit in [1, 5, 50, 120, 10_000] {
            let mut starts = LineStarts::default();
            let mut positions: Vec<usize> = (0..=hay.len()).step_by(3).collect();
            positions.extend([hay.len(), 10, 11, 400, 2]); // back and forth
            for at in positions {
                assert_eq!(starts.find(&hay, at, limit), line_start_within(&hay, at, limit), "at {at}, limit {limit}");
            }
        }
    }

    #[test]
    fn rows_go_on_while_every_line_holds_the_delimiter() {
        let hay = b"a|b\n\n|---|\nc|d\nplain\ne|f";
        assert!(rows_between(hay, 0, 15, b'|'), "empty lines and borders do not end a table");
        assert!(!rows_between(hay, 0, 21, b'|'), "a line without one does");
        assert!(rows_between(hay, 21, 21, b'|'), "nothing between");
        assert!(rows_between(hay, 11, 14, b'|'), "a last line without its newline");
        assert!(!rows_between(hay, 15, 20, b'|'));
    }
}
