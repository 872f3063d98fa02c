//! Does the first row of a delimited file name its columns, or is it data?
//!
//! Many exports have no header row (`COPY ... TO` without `HEADER`,
//! `mysql -B -N`, `SELECT ... INTO OUTFILE`). Reading such a file as if its
//! first record were a header loses that record's values and prints them as
//! column names. So the first row is a header only when it *reads like names*:
//!
//! 1. every non-empty cell is a name: 1 to 64 bytes, at least one letter, at
//!    most six words, no `@`, no `://`, no more digits than letters, none of
//!    `{}[]<>=`; and nothing a detector recognizes (an email, a phone, a SIN...:
//!    the caller's `is_value`);
//! 2. the non-empty names are distinct, and at least one cell is non-empty;
//! 3. the rows below do not contradict it: a column whose values all have one
//!    shape (all numbers, or all dates, or all detected values, or all of one
//!    length) votes *header* when the first cell has another shape and *data*
//!    when it has the same (a single text value's length is not telling); a
//!    first cell that reappears among the column's values votes *data* twice.
//!    The row is a header unless the votes say data.
//!
//! Otherwise the file has no header: columns are `column_1`, `column_2`...
//! and the first row is scanned like the others. `--header yes|no` overrides.

/// How to judge a first row: the mode (`--header`), and whether a cell holds
/// something a detector recognizes (the caller's detector: readers do no matching).
pub struct HeaderRule<'a> {
    /// `--header`.
    pub mode: super::HeaderMode,
    /// True for a cell holding an email, a phone, a SIN...
    pub is_value: &'a mut dyn FnMut(&[u8]) -> bool,
}

/// Rows below the first one that [`is_header`] looks at.
pub const SAMPLE_ROWS: usize = 20;

/// The shape of a value, for the votes of rule 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Number,
    Date,
    Value,
    Text(usize),
}

fn shape(cell: &[u8], is_value: &mut dyn FnMut(&[u8]) -> bool) -> Shape {
    let trimmed = cell.trim_ascii();
    let numeric = |b: &u8| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b' ' | b'$' | b'%');
    if !trimmed.is_empty() && trimmed.iter().all(numeric) && trimmed.iter().any(u8::is_ascii_digit) {
        return Shape::Number;
    }
    if looks_like_a_date(trimmed) {
        return Shape::Date;
    }
    if is_value(trimmed) {
        return Shape::Value;
    }
    Shape::Text(trimmed.len())
}

/// `2024-03-01`, `2024-03-01 10:20:00`, `01/03/2024`, `2024-03-01T10:20:00Z`.
fn looks_like_a_date(cell: &[u8]) -> bool {
    let digits = cell.iter().filter(|b| b.is_ascii_digit()).count();
    digits >= 6
        && cell.len() <= 32
        && cell.iter().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b':' | b' ' | b'T' | b'Z' | b'.' | b'+'))
}

/// Rule 1 without the detector: a short label, not a sentence, number or address.
pub fn looks_like_a_name(cell: &[u8]) -> bool {
    let cell = cell.trim_ascii();
    if cell.is_empty() || cell.len() > 64 {
        return false;
    }
    let text = super::decode_name(cell);
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let words = text.split_whitespace().count();
    letters > 0
        && digits <= letters
        && words <= 6
        && !cell.contains(&b'@')
        && memchr::memmem::find(cell, b"://").is_none()
        && !cell.iter().any(|&b| matches!(b, b'[' | b']' | b'{' | b'}' | b'<' | b'>' | b'='))
}

/// Whether `first` (the first record's cells) is a header, given up to
/// [`SAMPLE_ROWS`] records below it; `is_value` says whether a cell holds
/// something a detector recognizes.
pub fn is_header(first: &[&[u8]], body: &[Vec<&[u8]>], is_value: &mut dyn FnMut(&[u8]) -> bool) -> bool {
    votes(first, body, is_value).is_some_and(|votes| votes >= 0)
}

/// Rule 3's votes for `first` being a header (positive: header, negative:
/// data), or `None` when rules 1 and 2 already say it is data.
pub fn votes(first: &[&[u8]], body: &[Vec<&[u8]>], is_value: &mut dyn FnMut(&[u8]) -> bool) -> Option<i64> {
    let names: Vec<&[u8]> = first.iter().map(|cell| cell.trim_ascii()).filter(|cell| !cell.is_empty()).collect();
    if names.is_empty() || !names.iter().all(|name| looks_like_a_name(name) && !is_value(name)) {
        return None;
    }
    let mut distinct = names.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() != names.len() {
        return None;
    }
    let mut votes = 0i64;
    for (column, name) in first.iter().enumerate() {
        let name = name.trim_ascii();
        let values: Vec<&[u8]> = body
            .iter()
            .filter_map(|row| row.get(column).map(|cell| cell.trim_ascii()))
            .filter(|cell| !cell.is_empty())
            .collect();
        if name.is_empty() || values.is_empty() {
            continue;
        }
        if values.iter().any(|value| value.eq_ignore_ascii_case(name)) {
            // A name is not one of its column's values: strong evidence of data.
            votes -= 2;
            continue;
        }
        let shapes: Vec<Shape> = values.iter().map(|value| shape(value, is_value)).collect();
        let consistent = shapes.windows(2).all(|pair| pair[0] == pair[1]);
        // One text value's length says little; one number, date or detected value says enough.
        let telling = !matches!(shapes[0], Shape::Text(_)) || shapes.len() >= 2;
        if consistent && telling {
            votes += if shape(name, is_value) == shapes[0] { -1 } else { 1 };
        }
    }
    Some(votes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<&[u8]>> {
        text.lines().map(|line| line.split(',').map(str::as_bytes).collect()).collect()
    }

    fn judge(text: &str) -> bool {
        let rows = rows(text);
        // A stand-in for the detector: anything with an @ or ten digits.
        let mut is_value =
            |cell: &[u8]| cell.contains(&b'@') || cell.iter().filter(|b| b.is_ascii_digit()).count() == 10;
        is_header(&rows[0], &rows[1..], &mut is_value)
    }

    #[test]
    fn names_make_a_header() {
        assert!(judge("id,nom,courriel,Téléphone\n1,Côté,a@b.ca,418-549-6754\n"));
        assert!(judge("Code postal;Date de création\n"), "a header alone in its file");
        assert!(judge("customer_id,createdAt,postal code,2fa_enabled\n4,2024-01-01,H2K 3V9,true\n"));
        assert!(judge(",name\n0,Jean\n"), "an empty first cell (a pandas index) is allowed");
    }

    #[test]
    fn values_make_data() {
        assert!(!judge("130 692 544,jean@exemple.ca,418-549-6754\n046 454 286,m@e.ca,514-555-0199\n"));
        assert!(!judge("1,Côté,active\n2,Roy,active\n"), "a number is not a name");
        assert!(!judge("2024-01-05,paid\n2024-01-06,paid\n"));
        assert!(!judge("Jean,active\nMarie,active\n"), "a first cell's shape repeated below: data");
        assert!(!judge("x,x\n"), "duplicate names");
        assert!(!judge("This is a sentence with far too many words in it,b\n"));
        assert!(!judge("http://example.com,b\n"));
    }

    #[test]
    fn shapes_of_the_body_vote() {
        // Names of people as the first row, numbers below: still names vs numbers, a header.
        assert!(judge("Jean,Tremblay\n12,34\n"));
        // Fixed-length codes below a first row of the same length: data.
        assert!(!judge("ABC,DEF\nGHI,JKL\nMNO,PQR\n"));
    }
}
