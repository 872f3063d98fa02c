//! Validators for identifiers issued to people and organizations: payment
//! cards, health numbers, bank accounts, business numbers, dates of birth.
//!
//! Each is the check its issuer publishes where there is one (Luhn for cards,
//! OHIP and business numbers; mod 11 for BC's PHN; issuer ranges and lengths
//! for cards; the institution register for bank accounts; the calendar for
//! RAMQ numbers and birth dates). Where no check exists, the rule files ask for
//! context instead, and these functions only refuse the shapes that are pieces
//! of something else.

use super::checks::{digits_of, extends_grouped_number, luhn, Verdict};
use crate::dates::{self, Date};

/// Card numbers published by payment processors for testing: they appear in
/// code, docs and fixtures, never on a person's card. Reported at low at most.
const TEST_CARDS: &[&[u8]] = &[
    b"2223003122003222",
    b"30569309025904",
    b"3530111333300000",
    b"3566002020360505",
    b"371449635398431",
    b"378282246310005",
    b"38520000023237",
    b"4000056655665556",
    b"4012888888881881",
    b"4111111111111111",
    b"4222222222222",
    b"4242424242424242",
    b"5105105105105100",
    b"5200828282828210",
    b"5555555555554444",
    b"6011000990139424",
    b"6011111111111117",
];

/// The number formed by the first `n` digits.
fn prefix(digits: &[u8], n: usize) -> u32 {
    digits[..n.min(digits.len())].iter().fold(0, |acc, &d| acc * 10 + u32::from(d - b'0'))
}

/// Whether an issuer hands out numbers of this prefix and length: Visa,
/// Mastercard (with the 2-series), Amex, Discover, JCB, Diners, UnionPay,
/// Maestro. Canadian Interac debit cards are co-badged in the Visa and
/// Mastercard ranges.
fn issued_card(digits: &[u8]) -> bool {
    let len = digits.len();
    let (p2, p3, p4, p6) = (prefix(digits, 2), prefix(digits, 3), prefix(digits, 4), prefix(digits, 6));
    let long = (16..=19).contains(&len);
    (digits[0] == b'4' && matches!(len, 13 | 16 | 19))
        || (((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16)
        || (matches!(p2, 34 | 37) && len == 15)
        || ((p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 || (622_126..=622_925).contains(&p6)) && long)
        || ((3528..=3589).contains(&p4) && long)
        || (((300..=305).contains(&p3) || p4 == 3095 || matches!(p2, 36 | 38 | 39)) && (14..=19).contains(&len))
        || (p2 == 62 && long)
        || (matches!(p4, 5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761..=6763) && (13..=19).contains(&len))
}

/// Whether the candidate is a piece of a longer token: the fraction or the
/// integer part of a decimal (`0.4532…`, `4532….25`, `4.532…e+15`), or a part
/// of an identifier joined by `-` or `_` (`req_4532…`, a UUID group).
fn piece_of_token(hay: &[u8], start: usize, end: usize) -> bool {
    let joined_before = start >= 2
        && match hay[start - 1] {
            b'.' => hay[start - 2].is_ascii_digit(),
            b'-' | b'_' => hay[start - 2].is_ascii_alphanumeric(),
            _ => false,
        };
    let joined_after = match (hay.get(end), hay.get(end + 1)) {
        (Some(b'.'), Some(next)) => next.is_ascii_digit(),
        (Some(b'-' | b'_'), Some(next)) => next.is_ascii_alphanumeric(),
        _ => false,
    };
    joined_before || joined_after
}

/// A value that stands alone: for shapes with no check of their own
/// (licence and passport numbers), which rely on context.
pub(super) fn standalone(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    (!piece_of_token(hay, start, end) && !extends_grouped_number(hay, start, end)).then_some(Verdict::ACCEPT)
}

/// A payment card number: issuer range and length, Luhn; test numbers capped at low.
pub(super) fn card(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    if piece_of_token(hay, start, end) || extends_grouped_number(hay, start, end) {
        return None;
    }
    let mut buffer = [0u8; 19];
    let digits = digits_of(&hay[start..end], &mut buffer)?;
    if !(13..=19).contains(&digits.len()) || !issued_card(digits) || !luhn(digits) {
        return None;
    }
    Some(if TEST_CARDS.contains(&digits) { Verdict::CAPPED_LOW } else { Verdict::ACCEPT })
}

/// Quebec health insurance number (RAMQ): four letters, then the holder's
/// birth date `YYMMDD` (month + 50 for women) and two digits. There is no
/// published check digit: the date is the only check.
pub(super) fn ramq(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    if piece_of_token(hay, start, end) {
        return None;
    }
    let mut buffer = [0u8; 8];
    let digits = digits_of(&hay[start..end], &mut buffer)?;
    if digits.len() != 8 {
        return None;
    }
    let month = prefix(&digits[2..], 2);
    let month = if month > 50 { month - 50 } else { month };
    let day = prefix(&digits[4..], 2);
    dates::is_real_day(0, month as u8, day as u8).then_some(Verdict::ACCEPT)
}

/// Ontario health number (OHIP): ten digits, the last a Luhn check over the
/// first nine (the same as Luhn over all ten), and an optional version code.
pub(super) fn ohip(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    if piece_of_token(hay, start, end) || extends_grouped_number(hay, start, end) {
        return None;
    }
    let mut buffer = [0u8; 10];
    let digits = digits_of(&hay[start..end], &mut buffer)?;
    (digits.len() == 10 && luhn(digits)).then_some(Verdict::ACCEPT)
}

/// British Columbia Personal Health Number: ten digits starting with 9; the
/// tenth is 11 minus the weighted sum (2 4 8 5 10 9 7 3) of digits 2 to 9, mod 11.
pub(super) fn bc_phn(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    if piece_of_token(hay, start, end) || extends_grouped_number(hay, start, end) {
        return None;
    }
    let mut buffer = [0u8; 10];
    let digits = digits_of(&hay[start..end], &mut buffer)?;
    if digits.len() != 10 || digits[0] != b'9' {
        return None;
    }
    const WEIGHTS: [u32; 8] = [2, 4, 8, 5, 10, 9, 7, 3];
    let sum: u32 = digits[1..9].iter().zip(WEIGHTS).map(|(&d, w)| u32::from(d - b'0') * w).sum();
    let check = 11 - sum % 11;
    (check < 10 && u32::from(digits[9] - b'0') == check).then_some(Verdict::ACCEPT)
}

/// Institution numbers of the Canadian payments register (Payments Canada)
/// for the banks, trust companies and credit-union centrals people bank with.
const INSTITUTIONS: &[u16] = &[
    1, 2, 3, 4, 6, 10, 16, 30, 39, 117, 127, 177, 219, 260, 270, 290, 307, 309, 310, 315, 320, 326, 340, 352, 509, 540,
    608, 614, 618, 621, 623, 699, 809, 815, 819, 828, 829, 837, 839, 865, 869, 879, 889, 890, 899,
];

/// A Canadian bank account: `TTTTT-III-AAAAAAA` (transit, institution,
/// account) or the electronic `0IIITTTTT AAAAAAA`; the institution must be in
/// the payments register.
pub(super) fn bank_account(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    if piece_of_token(hay, start, end) || extends_grouped_number(hay, start, end) {
        return None;
    }
    let value = &hay[start..end];
    let first_group = value.iter().take_while(|b| b.is_ascii_digit()).count();
    let institution_at = match first_group {
        5 => 6, // after the transit and its separator
        9 if value[0] == b'0' => 1,
        _ => return None,
    };
    let institution = prefix(&value[institution_at..], 3) as u16;
    INSTITUTIONS.binary_search(&institution).is_ok().then_some(Verdict::ACCEPT)
}

/// A business number (BN): nine digits passing the same Luhn check as a SIN,
/// with or without a program account (`RT0001`).
pub(super) fn business_number(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    if piece_of_token(hay, start, end) || extends_grouped_number(hay, start, end) {
        return None;
    }
    let mut buffer = [0u8; 13];
    let digits = digits_of(&hay[start..end], &mut buffer)?;
    let nine = digits.get(..9)?;
    luhn(nine).then_some(Verdict::ACCEPT)
}

/// A date that can be a living person's birth date: real, from 1900 on, not
/// in the future, and not a piece of a longer dotted or dashed run. A time
/// after it is allowed (a `DATETIME` birth column holds `1987-04-12 00:00:00`):
/// the birth keyword or column the rule requires keeps log timestamps out.
pub(super) fn birth_date(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    let after = &hay[end..(end + 2).min(hay.len())];
    let longer_run = start >= 2 && matches!(hay[start - 1], b'-' | b'/' | b'.') && hay[start - 2].is_ascii_digit()
        || matches!(after, [b'-' | b'/' | b'.', next, ..] if next.is_ascii_digit());
    if longer_run {
        return None;
    }
    let date = dates::parse(&hay[start..end])?;
    (date.year >= 1900 && date <= Date::today()).then_some(Verdict::ACCEPT)
}
