//! Where a value sits in its file, so that a finding inside a value of a
//! structured file points at the value's own line, column and bytes, not at
//! the record holding it.
//!
//! A reader hands out a value *decoded* (CSV quotes undoubled, JSON and SQL
//! escapes resolved) because that is what the detector must see. A match at
//! offset `k` of the decoded value is taken back to the file by walking the
//! value's raw bytes with the same escaping rules ([`raw_offset`]); values
//! without an escape (nearly all of them) are [`Raw::Verbatim`] and cost a
//! single addition.

/// How a value's bytes were written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escaping {
    /// Inside a quoted CSV field: `""` is one `"`.
    CsvQuoted,
    /// A JSON string: `\n`, `\"`, `\uHHHH` (and surrogate pairs).
    Json,
    /// A SQL literal with this quote, quotes doubled (PostgreSQL with
    /// `standard_conforming_strings`: backslashes are literal).
    SqlDoubled(u8),
    /// A MySQL literal with this quote: backslash escapes, and doubled quotes.
    SqlBackslash(u8),
    /// A PostgreSQL `COPY` text field: backslash escapes, octal and hex.
    CopyText,
}

/// The raw bytes behind a decoded value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raw<'a> {
    /// The value's bytes are the file's bytes.
    Verbatim,
    /// The value was decoded from these file bytes (between its quotes).
    Escaped(&'a [u8], Escaping),
}

/// Where a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueAt<'a> {
    /// A text-based file: the value's first raw byte (after an opening quote).
    Text {
        /// Byte offset in the file (in the decoded stream of a compressed or UTF-16 file).
        start: u64,
        /// 1-based line.
        line: u64,
        /// 1-based byte column within the line.
        column: u64,
        /// How the value was written.
        raw: Raw<'a>,
    },
    /// A binary format (Parquet, SQLite): a table, a field and a row, no line.
    Binary,
}

/// How many raw bytes the escape unit at `raw[at]` takes, and how many decoded
/// bytes it gives: the readers' own unescaping rules, unit by unit.
fn unit(raw: &[u8], at: usize, escaping: Escaping) -> (usize, usize) {
    let next = raw.get(at + 1).copied();
    match (escaping, raw[at]) {
        (Escaping::CsvQuoted, b'"') if next == Some(b'"') => (2, 1),
        (Escaping::SqlDoubled(quote) | Escaping::SqlBackslash(quote), byte) if byte == quote && next == Some(quote) => {
            (2, 1)
        }
        (Escaping::SqlBackslash(_), b'\\') if next.is_some() => (2, 1),
        (Escaping::Json, b'\\') if next == Some(b'u') => json_unicode_unit(raw, at),
        (Escaping::Json, b'\\') if next.is_some() => (2, 1),
        (Escaping::CopyText, b'\\') if next.is_some() => copy_unit(raw, at),
        _ => (1, 1),
    }
}

/// `\uHHHH`, or a surrogate pair `\uD83D\uDE00`, as the JSON reader decodes it.
fn json_unicode_unit(raw: &[u8], at: usize) -> (usize, usize) {
    let hex = |from: usize| {
        raw.get(from..from + 4)
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| u32::from_str_radix(digits, 16).ok())
    };
    let Some(unit) = hex(at + 2) else { return (2, 1) };
    if (0xD800..0xDC00).contains(&unit) && raw.get(at + 6..).is_some_and(|rest| rest.starts_with(b"\\u")) {
        // Both halves are consumed: a pair (4 bytes) or, when the second is
        // not a low surrogate, one U+FFFD (3 bytes).
        let low = hex(at + 8).unwrap_or(0);
        return (12, if (0xDC00..0xE000).contains(&low) { 4 } else { 3 });
    }
    (6, char::from_u32(unit).map_or(3, char::len_utf8))
}

/// `\n`, `\\`, octal `\ooo` (1 to 3 digits), hex `\xhh` (1 or 2 digits).
fn copy_unit(raw: &[u8], at: usize) -> (usize, usize) {
    let digits = |from: usize, max: usize, valid: fn(&u8) -> bool| {
        raw.get(from..).unwrap_or_default().iter().take(max).take_while(|b| valid(b)).count()
    };
    match raw[at + 1] {
        b'0'..=b'7' => (2 + digits(at + 2, 2, |b| (b'0'..=b'7').contains(b)), 1),
        b'x' => (2 + digits(at + 2, 2, u8::is_ascii_hexdigit), 1),
        _ => (2, 1),
    }
}

/// The offset in `raw` of decoded offset `decoded`. An offset inside a
/// multi-byte escape (a `\u00e9` decoded to two bytes) goes to the escape's
/// start, or with `round_up` to its end, so a span always covers its escapes.
pub fn raw_offset(raw: &[u8], escaping: Escaping, decoded: usize, round_up: bool) -> usize {
    let (mut at, mut produced) = (0usize, 0usize);
    while at < raw.len() && produced < decoded {
        let (raw_len, decoded_len) = unit(raw, at, escaping);
        if produced + decoded_len > decoded {
            return if round_up { at + raw_len } else { at };
        }
        at += raw_len;
        produced += decoded_len;
    }
    at.min(raw.len())
}

/// Where a span of a value is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanAt {
    /// File offsets of the span, end exclusive.
    pub start: u64,
    /// End offset.
    pub end: u64,
    /// 1-based line of the span's first byte.
    pub line: u64,
    /// 1-based byte column of the span's first byte.
    pub column: u64,
}

/// Where the decoded bytes `span` of a value at `start`/`line`/`column` are in
/// the file; `value` is the decoded value (the raw bytes when verbatim).
pub fn locate(value: &[u8], start: u64, line: u64, column: u64, raw: Raw, span: (usize, usize)) -> SpanAt {
    let (bytes, from, to) = match raw {
        Raw::Verbatim => (value, span.0, span.1),
        Raw::Escaped(bytes, escaping) => {
            (bytes, raw_offset(bytes, escaping, span.0, false), raw_offset(bytes, escaping, span.1, true))
        }
    };
    let before = &bytes[..from.min(bytes.len())];
    let (line, column) = match memchr::memrchr(b'\n', before) {
        Some(last) => (line + memchr::memchr_iter(b'\n', before).count() as u64, (from - last) as u64),
        None => (line, column + from as u64),
    };
    SpanAt { start: start + from as u64, end: start + to as u64, line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The raw span of `needle` in `decoded`, located through `raw`.
    fn raw_span(raw: &str, decoded: &str, needle: &str, escaping: Escaping) -> String {
        let at = decoded.find(needle).unwrap();
        let from = raw_offset(raw.as_bytes(), escaping, at, false);
        let to = raw_offset(raw.as_bytes(), escaping, at + needle.len(), true);
        raw[from..to].to_string()
    }

    #[test]
    fn offsets_through_every_escaping() {
        assert_eq!(
            raw_span(r#"say ""hi"" to a@b.ca"#, r#"say "hi" to a@b.ca"#, "a@b.ca", Escaping::CsvQuoted),
            "a@b.ca"
        );
        let json = r#"caf\u00e9 \"x\" \ud83d\ude00 a@b.ca"#;
        assert_eq!(raw_span(json, "café \"x\" 😀 a@b.ca", "a@b.ca", Escaping::Json), "a@b.ca");
        assert_eq!(raw_span(json, "café \"x\" 😀 a@b.ca", "é", Escaping::Json), r"\u00e9");
        assert_eq!(raw_span(r"O\'Brien a@b.ca", "O'Brien a@b.ca", "a@b.ca", Escaping::SqlBackslash(b'\'')), "a@b.ca");
        assert_eq!(raw_span("it''s a@b.ca", "it's a@b.ca", "a@b.ca", Escaping::SqlDoubled(b'\'')), "a@b.ca");
        let copy = r"C\303\264t\303\251\tx a@b.ca";
        assert_eq!(raw_span(copy, "Côté\tx a@b.ca", "a@b.ca", Escaping::CopyText), "a@b.ca");
    }

    #[test]
    fn lines_and_columns_inside_a_value() {
        let value = b"line one\nline two a@b.ca";
        let at = locate(value, 100, 5, 12, Raw::Verbatim, (18, 24));
        assert_eq!(at, SpanAt { start: 118, end: 124, line: 6, column: 10 });
        let first = locate(value, 100, 5, 12, Raw::Verbatim, (0, 4));
        assert_eq!((first.line, first.column), (5, 12), "on the value's first line, columns add up");
    }
}
