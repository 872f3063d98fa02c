//! What a check concludes ([`Verdict`]), and the digit shapes both the
//! validators of the built-in categories (`validators.rs`) and the
//! identifier checks (`identifiers.rs`) are made of: the Luhn checksum, a
//! value's digits, and whether a match is one group of a longer grouped
//! number. Kept apart so that the validator table can name the identifier
//! checks without the two importing each other.

use crate::finding::Confidence;

/// What a validator concluded about an accepted candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Verdict {
    /// Levels to subtract from the rule's confidence (ambiguous shapes).
    pub demote: i8,
    /// The highest level this value may reach, whatever the context.
    pub cap: Option<Confidence>,
}

impl Verdict {
    pub(crate) const ACCEPT: Verdict = Verdict { demote: 0, cap: None };
    pub(crate) const CAPPED_LOW: Verdict = Verdict { demote: 0, cap: Some(Confidence::Low) };
}

/// The Luhn (mod 10) checksum over ASCII digits.
pub fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut n = u32::from(d - b'0');
        if i % 2 == 1 {
            n *= 2;
            if n > 9 {
                n -= 9;
            }
        }
        sum += n;
    }
    sum % 10 == 0
}

/// The ASCII digits of `value`, in `buffer`; `None` when there are more than it holds.
pub fn digits_of<'b>(value: &[u8], buffer: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut len = 0;
    for &byte in value.iter().filter(|b| b.is_ascii_digit()) {
        *buffer.get_mut(len)? = byte;
        len += 1;
    }
    Some(&buffer[..len])
}

/// True when the match is one group of a longer grouped number: the same
/// separator as inside the match joins it to more digits before or after
/// (`1 234 567 890`, `978-316-1484-10`).
///
/// Two phone numbers in a row (`418 549 6754 514 555 0199`) are not one
/// number: a neighbour that is itself a whole 3-3-4 number does not count.
pub fn extends_grouped_number(hay: &[u8], start: usize, end: usize) -> bool {
    let Some(separator) = hay[start..end].iter().copied().find(|b| matches!(b, b' ' | b'-' | b'.')) else {
        return false;
    };
    let before = start >= 2
        && hay[start - 1] == separator
        && hay[start - 2].is_ascii_digit()
        && !ends_with_phone(&hay[..start - 1], separator);
    let after = end + 1 < hay.len()
        && hay[end] == separator
        && hay[end + 1].is_ascii_digit()
        && !starts_with_phone(&hay[end + 1..], separator);
    before || after
}

/// `ddd S ddd S dddd` (S the separator), as a group shape.
fn is_phone_groups(candidate: &[u8], separator: u8) -> bool {
    candidate.len() == 12
        && candidate
            .iter()
            .enumerate()
            .all(|(i, &b)| if i == 3 || i == 7 { b == separator } else { b.is_ascii_digit() })
}

/// Whether a digit group goes on at `text[at]`: a digit, or the separator and a digit.
fn group_goes_on(text: &[u8], at: usize, separator: u8) -> bool {
    text.get(at).is_some_and(u8::is_ascii_digit)
        || (text.get(at) == Some(&separator) && text.get(at + 1).is_some_and(u8::is_ascii_digit))
}

/// Whether `text` ends with a whole 3-3-4 number (no digit group before it).
fn ends_with_phone(text: &[u8], separator: u8) -> bool {
    let Some(from) = text.len().checked_sub(12) else { return false };
    let before_goes_on = from > 0
        && (text[from - 1].is_ascii_digit()
            || (text[from - 1] == separator && from > 1 && text[from - 2].is_ascii_digit()));
    is_phone_groups(&text[from..], separator) && !before_goes_on
}

/// Whether `text` starts with a whole 3-3-4 number (no digit group after it).
fn starts_with_phone(text: &[u8], separator: u8) -> bool {
    text.len() >= 12 && is_phone_groups(&text[..12], separator) && !group_goes_on(text, 12, separator)
}
