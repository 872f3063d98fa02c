//! Validators: the checks a regex cannot make, referred to by name from rule files.
//!
//! A validator sees the whole haystack and the candidate's span, so it can look
//! at the bytes around the match: the regex engine has no look-behind, and
//! "this dotted quad is the start of an OID" or "these three digit groups are
//! the tail of a French-formatted 1 234 567 890" are decided by the neighbours.
//!
//! It answers `None` (not personal data of this kind: drop it, and let another
//! rule try the same place) or a [`Verdict`] that may lower the confidence.

use super::checks::{digits_of, extends_grouped_number};
pub use super::checks::{luhn, Verdict};
use super::identifiers;
use std::net::Ipv6Addr;
use std::str::FromStr;

/// A named check a rule can use: an entry of [`VALIDATORS`].
#[derive(Clone, Copy)]
pub struct Validator(&'static Entry);

/// One validator: the name rule files use, what it checks, and the check.
pub struct Entry {
    /// The name in rule files (`validator = "luhn"`).
    pub name: &'static str,
    /// What it checks, for `piimap rules` and the documentation.
    pub description: &'static str,
    /// Whether a match glued to a letter, accented or not (`é4185496754`), is refused.
    refuses_glued: bool,
    check: fn(&[u8], usize, usize) -> Option<Verdict>,
}

/// Every validator, in one list: a new one is one entry here and its function.
pub const VALIDATORS: [Entry; 17] = [
    Entry { name: "none", description: "no check beyond the pattern", refuses_glued: false, check: accept },
    Entry {
        name: "email",
        description: "local part and domain labels, a real alphabetic or internationalized TLD, at most 254 octets, no image names (logo@2x.png)",
        refuses_glued: false,
        check: email,
    },
    Entry {
        name: "nanp",
        description: "North American number: NANP area code and exchange, not a piece of a longer grouped number",
        refuses_glued: true,
        check: nanp_in,
    },
    Entry {
        name: "sin",
        description: "Canadian SIN: Luhn, not a piece of a longer grouped number; 0 and 8 prefixes capped at low",
        refuses_glued: true,
        check: sin,
    },
    Entry { name: "luhn", description: "a digit string passing the Luhn checksum", refuses_glued: true, check: luhn_in },
    Entry { name: "postal_ca", description: "Canadian postal code letters", refuses_glued: true, check: postal_in },
    Entry {
        name: "ipv4",
        description: "octet ranges, no leading zeros, not part of a longer dotted run; special ranges capped",
        refuses_glued: true,
        check: ipv4,
    },
    Entry {
        name: "ipv6",
        description: "confirmed by the standard library's parser; special ranges capped; an embedded IPv4 rated like it",
        refuses_glued: true,
        check: ipv6,
    },
    Entry {
        name: "phone_intl",
        description: "an international number valid in its country's numbering plan (libphonenumber's metadata, phonenumber crate); +1 left to nanp",
        refuses_glued: true,
        check: phone_intl,
    },
    Entry {
        name: "standalone",
        description: "not glued to a letter, not a piece of a decimal number or of an identifier joined by - or _",
        refuses_glued: true,
        check: identifiers::standalone,
    },
    Entry {
        name: "card",
        description: "payment card: issuer range and length (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro), Luhn; not a piece of a decimal or an identifier; published test numbers capped at low",
        refuses_glued: true,
        check: identifiers::card,
    },
    Entry {
        name: "ramq",
        description: "Quebec health insurance number: the birth date inside is a real month (+50 for women) and day",
        refuses_glued: true,
        check: identifiers::ramq,
    },
    Entry { name: "ohip", description: "Ontario health number: ten digits, Luhn", refuses_glued: true, check: identifiers::ohip },
    Entry {
        name: "bc_phn",
        description: "British Columbia Personal Health Number: ten digits starting with 9, mod-11 check digit",
        refuses_glued: true,
        check: identifiers::bc_phn,
    },
    Entry {
        name: "bank_ca",
        description: "Canadian bank account: transit, an institution number of the payments register, account",
        refuses_glued: true,
        check: identifiers::bank_account,
    },
    Entry {
        name: "business_number",
        description: "Canadian business number: nine digits passing Luhn, not a piece of a longer grouped number",
        refuses_glued: true,
        check: identifiers::business_number,
    },
    Entry {
        name: "birth_date",
        description: "a real calendar date from 1900 to today, not the date of a timestamp",
        refuses_glued: true,
        check: identifiers::birth_date,
    },
];

impl Validator {
    /// No check beyond the pattern.
    pub const NONE: Validator = Validator(&VALIDATORS[0]);

    /// The validator rule files call `name`.
    pub fn named(name: &str) -> Result<Validator, String> {
        VALIDATORS.iter().find(|entry| entry.name == name).map(Validator).ok_or_else(|| {
            let known: Vec<&str> = VALIDATORS.iter().map(|entry| entry.name).collect();
            format!("unknown validator {name:?} (known: {})", known.join(", "))
        })
    }

    /// Every validator, for listing and tests.
    pub fn all() -> impl Iterator<Item = Validator> {
        VALIDATORS.iter().map(Validator)
    }

    /// The name rule files use for this validator.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// What it checks.
    pub fn description(self) -> &'static str {
        self.0.description
    }
}

impl PartialEq for Validator {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Validator {}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Validator({})", self.0.name)
    }
}

impl FromStr for Validator {
    type Err = String;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Validator::named(name)
    }
}

impl Validator {
    /// Checks the candidate `hay[start..end]`.
    pub fn check(self, hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
        if self.0.refuses_glued && glued_to_letter(hay, start, end) {
            return None;
        }
        (self.0.check)(hay, start, end)
    }
}

fn accept(_hay: &[u8], _start: usize, _end: usize) -> Option<Verdict> {
    Some(Verdict::ACCEPT)
}

fn nanp_in(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    if extends_grouped_number(hay, start, end) {
        return None;
    }
    nanp(&hay[start..end]).then_some(Verdict::ACCEPT)
}

fn sin(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    if extends_grouped_number(hay, start, end) {
        return None;
    }
    let mut buffer = [0u8; 9];
    let digits = digits_of(&hay[start..end], &mut buffer)?;
    if digits.len() != 9 || !luhn(digits) {
        return None;
    }
    // 0 is used for no one, 8 for business numbers: a match is at
    // best a sample (046 454 286 is the well-known one) or a BN.
    Some(if matches!(digits[0], b'0' | b'8') { Verdict::CAPPED_LOW } else { Verdict::ACCEPT })
}

fn luhn_in(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    let mut buffer = [0u8; 64];
    let digits = digits_of(&hay[start..end], &mut buffer)?;
    (digits.len() >= 2 && luhn(digits)).then_some(Verdict::ACCEPT)
}

fn postal_in(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    postal_ca(&hay[start..end]).then_some(Verdict::ACCEPT)
}

/// Whether the character just before `start` or just after `end` is a letter,
/// reading UTF-8 (`é` is `C3 A9`) and else Latin-1 (`é` is `E9`). A
/// no-break space (`C2 A0`, `A0`) is no letter: French puts one before `:`.
fn glued_to_letter(hay: &[u8], start: usize, end: usize) -> bool {
    let letter_before = match hay[..start].last() {
        None => false,
        Some(byte) if byte.is_ascii() => byte.is_ascii_alphabetic(),
        Some(_) => {
            let from = start.saturating_sub(4);
            let tail = &hay[from..start];
            match (0..tail.len()).find_map(|i| std::str::from_utf8(&tail[i..]).ok().filter(|t| t.chars().count() == 1))
            {
                Some(text) => text.chars().all(char::is_alphabetic),
                None => hay[start - 1] >= 0xC0 && hay[start - 1] != 0xD7 && hay[start - 1] != 0xF7,
            }
        }
    };
    let letter_after = match hay.get(end) {
        None => false,
        Some(byte) if byte.is_ascii() => byte.is_ascii_alphabetic(),
        Some(&byte) => {
            let head = &hay[end..(end + 4).min(hay.len())];
            let text = match std::str::from_utf8(head) {
                Ok(text) => Some(text),
                Err(err) => std::str::from_utf8(&head[..err.valid_up_to()]).ok().filter(|t| !t.is_empty()),
            };
            match text.and_then(|t| t.chars().next()) {
                Some(character) => character.is_alphabetic(),
                None => byte >= 0xC0 && byte != 0xD7 && byte != 0xF7,
            }
        }
    };
    letter_before || letter_after
}

/// An international number, valid in its country's numbering plan.
fn phone_intl(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    // Inside a longer run of digits or groups: a piece of something else.
    let joined_after = hay.get(end).is_some_and(u8::is_ascii_digit)
        || (matches!(hay.get(end), Some(b' ' | b'-' | b'.')) && hay.get(end + 1).is_some_and(u8::is_ascii_digit));
    if joined_after || start > 0 && (hay[start - 1].is_ascii_alphanumeric() || hay[start - 1] == b'+') {
        return None;
    }
    let text = std::str::from_utf8(&hay[start..end]).ok()?;
    let number = phonenumber::parse(None, text).ok()?;
    if number.code().value() == 1 {
        return None; // NANP: the nanp rules decide, with their own checks
    }
    phonenumber::is_valid(&number).then_some(Verdict::ACCEPT)
}

/// NANP: ten digits (after an optional leading 1) before any extension; area
/// code and exchange start with 2-9 and are not N11 service codes.
fn nanp(value: &[u8]) -> bool {
    let number_part = match value.iter().position(|b| b.is_ascii_alphabetic() || *b == b'#') {
        Some(extension) => &value[..extension],
        None => value,
    };
    let mut buffer = [0u8; 11];
    let Some(mut digits) = digits_of(number_part, &mut buffer) else { return false };
    if digits.len() == 11 && digits[0] == b'1' {
        digits = &digits[1..];
    }
    if digits.len() != 10 {
        return false;
    }
    let valid_code = |code: &[u8]| code[0] >= b'2' && !(code[1] == b'1' && code[2] == b'1');
    valid_code(&digits[0..3]) && valid_code(&digits[3..6])
}

/// Canadian postal code: `A1A 1A1` where D F I O Q U never appear and W, Z never lead.
fn postal_ca(value: &[u8]) -> bool {
    let mut compact = [0u8; 6];
    let mut len = 0;
    for byte in value.iter().filter(|b| b.is_ascii_alphanumeric()) {
        let Some(slot) = compact.get_mut(len) else { return false };
        *slot = byte.to_ascii_uppercase();
        len += 1;
    }
    if len != 6 {
        return false;
    }
    let letter_ok = |b: u8| b.is_ascii_uppercase() && !b"DFIOQU".contains(&b);
    let shape = compact.iter().enumerate().all(|(i, &b)| if i % 2 == 0 { letter_ok(b) } else { b.is_ascii_digit() });
    shape && !matches!(compact[0], b'W' | b'Z')
}

/// Bytes an email local part may contain (the dot-atom subset piimap accepts).
fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-".contains(&b)
}

/// Multi-letter "TLDs" that are really file extensions (`logo@2x.png`, `bundle@1.0.js`).
/// Sorted, for binary search.
const FILE_EXTENSIONS: &[&str] = &[
    "asp", "aspx", "avi", "avif", "bat", "bin", "bmp", "bz2", "cfg", "cjs", "class", "conf", "cpp", "css", "csv",
    "dat", "dll", "doc", "docx", "dylib", "eot", "exe", "flac", "gif", "gz", "heic", "hpp", "htm", "html", "ico",
    "ini", "jar", "java", "jpeg", "jpg", "js", "json", "jsp", "jsx", "kt", "lock", "log", "map", "mjs", "mkv", "mov",
    "mp3", "mp4", "ogg", "otf", "pdf", "php", "png", "ppt", "pptx", "ps1", "pyc", "rar", "sql", "svg", "swift", "tar",
    "tgz", "tif", "tiff", "toml", "ts", "tsv", "tsx", "ttf", "txt", "wasm", "wav", "webm", "webp", "woff", "woff2",
    "xls", "xlsx", "xml", "xz", "yaml", "yml", "zip", "zst",
];

fn email(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    if start > 0 && (is_local_byte(hay[start - 1]) || hay[start - 1] == b'@') {
        return None; // the real local part is longer than 64 bytes, or this is a tail of something else
    }
    // `x@iana.co-uk`: the domain goes on past what the pattern took; no shorter address is there.
    if hay.get(end).is_some_and(|&b| b == b'@' || b == b'-' || b == b'_' || b.is_ascii_alphanumeric()) {
        return None;
    }
    let value = &hay[start..end];
    // RFC 5321: a path is at most 256 octets, an address at most 254.
    if value.len() > 254 {
        return None;
    }
    let at = value.iter().position(|&b| b == b'@')?;
    let (local, domain) = (&value[..at], &value[at + 1..]);
    if local.first() == Some(&b'.') || local.last() == Some(&b'.') || local.windows(2).any(|w| w == b"..") {
        return None;
    }
    if domain.len() > 253 {
        return None;
    }
    for label in domain.split(|&b| b == b'.') {
        if label.is_empty() || label.len() > 63 || label[0] == b'-' || label[label.len() - 1] == b'-' {
            return None;
        }
    }
    // `icon@2x.png`, `sprite@1.5x.webp`: retina image names.
    let first = domain.split(|&b| b == b'.').next().unwrap_or_default();
    if first.len() >= 2 && first.ends_with(b"x") && first[..first.len() - 1].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let tld = domain.rsplit(|&b| b == b'.').next().unwrap_or_default();
    let mut lowercase = [0u8; 8];
    if tld.len() <= lowercase.len() {
        let lowercase = &mut lowercase[..tld.len()];
        lowercase.copy_from_slice(tld);
        lowercase.make_ascii_lowercase();
        if FILE_EXTENSIONS.binary_search_by(|extension| extension.as_bytes().cmp(lowercase)).is_ok() {
            return None;
        }
    }
    Some(Verdict::ACCEPT)
}

fn ipv4(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    // Part of a longer dotted run: an OID, a 5-part version.
    let dotted_before = start >= 2 && hay[start - 1] == b'.' && hay[start - 2].is_ascii_digit();
    let dotted_after = end + 1 < hay.len() && hay[end] == b'.' && hay[end + 1].is_ascii_digit();
    if dotted_before || dotted_after {
        return None;
    }
    let mut octets = [0u16; 4];
    for (i, part) in hay[start..end].split(|&b| b == b'.').enumerate() {
        if i >= 4 || part.is_empty() || part.len() > 3 || (part.len() > 1 && part[0] == b'0') {
            return None;
        }
        let value = part.iter().try_fold(0u16, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u16::from(b - b'0')))?;
        if value > 255 {
            return None;
        }
        octets[i] = value;
    }
    // 0/8 unspecified, 127/8 loopback, 224/4 multicast, 240/4 reserved and broadcast.
    let special = matches!(octets[0], 0 | 127) || octets[0] >= 224;
    Some(if special { Verdict::CAPPED_LOW } else { Verdict::ACCEPT })
}

fn ipv6(hay: &[u8], start: usize, end: usize) -> Option<Verdict> {
    let joined_before = start > 0 && (hay[start - 1].is_ascii_alphanumeric() || matches!(hay[start - 1], b':' | b'_'));
    let joined_after = end < hay.len()
        && (hay[end].is_ascii_alphanumeric()
            || matches!(hay[end], b':' | b'_')
            || (hay[end] == b'.' && hay.get(end + 1).is_some_and(u8::is_ascii_digit)));
    if joined_before || joined_after {
        return None;
    }
    let value = &hay[start..end];
    let address = match value.iter().position(|&b| b == b'%') {
        Some(zone) => &value[..zone],
        None => value,
    };
    let text = std::str::from_utf8(address).ok()?;
    let parsed = Ipv6Addr::from_str(text).ok()?;
    // `::ffff:203.0.113.5`, `::127.0.0.1`: the IPv4 address it carries is what it is.
    if let Some(dotted) = text.rsplit(':').next().filter(|tail| tail.contains('.')) {
        let tail = dotted.as_bytes();
        return ipv4(tail, 0, tail.len());
    }
    let written_groups = text.split(':').filter(|group| !group.is_empty()).count();
    let first = parsed.segments()[0];
    if parsed.is_unspecified() || parsed.is_loopback() || first & 0xff00 == 0xff00 {
        return Some(Verdict::CAPPED_LOW);
    }
    // `fe80::1`, `a::b`: valid, but two short groups appear in too many other places.
    Some(Verdict { demote: if written_groups < 3 { 1 } else { 0 }, cap: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(name: &str) -> Validator {
        Validator::named(name).unwrap()
    }

    fn check(validator: Validator, text: &str) -> Option<Verdict> {
        validator.check(text.as_bytes(), 0, text.len())
    }

    /// Checks the candidate `value` found inside `hay`.
    fn check_in(validator: Validator, hay: &str, value: &str) -> Option<Verdict> {
        let start = hay.find(value).expect("value in hay");
        validator.check(hay.as_bytes(), start, start + value.len())
    }

    #[test]
    fn luhn_known_values() {
        assert!(luhn(b"046454286"));
        assert!(luhn(b"130692544"));
        assert!(luhn(b"4111111111111111"));
        assert!(!luhn(b"130692545"));
        assert!(!luhn(b"123456789"));
    }

    #[test]
    fn sin_checks_luhn_and_caps_unissued_prefixes() {
        assert_eq!(check(v("sin"), "130 692 544"), Some(Verdict::ACCEPT));
        assert_eq!(check(v("sin"), "046 454 286"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check(v("sin"), "830-692-547"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check(v("sin"), "130 692 545"), None);
        assert_eq!(check(v("sin"), "13069254"), None);
        assert_eq!(check_in(v("sin"), "1 130 692 544", "130 692 544"), None);
        assert_eq!(check_in(v("sin"), "130 692 544 1", "130 692 544"), None);
        assert!(check_in(v("sin"), "SIN 130 692 544, merci", "130 692 544").is_some());
    }

    #[test]
    fn nanp_area_code_and_exchange() {
        assert!(check(v("nanp"), "(418) 549-6754").is_some());
        assert!(check(v("nanp"), "+1 418 549 6754").is_some());
        assert!(check(v("nanp"), "1-855-752-6476").is_some());
        assert!(check(v("nanp"), "418-549-6754 ext. 12").is_some());
        assert!(check(v("nanp"), "418 549 6754 poste 3").is_some());
        assert!(check(v("nanp"), "(118) 549-6754").is_none(), "area code starts with 1");
        assert!(check(v("nanp"), "(018) 549-6754").is_none(), "area code starts with 0");
        assert!(check(v("nanp"), "911 549 6754").is_none(), "N11 area code");
        assert!(check(v("nanp"), "418 411 6754").is_none(), "N11 exchange");
        assert!(check(v("nanp"), "418 149 6754").is_none(), "exchange starts with 1");
        assert!(check(v("nanp"), "2 418 549 6754").is_none(), "11 digits not starting with 1");
        assert!(check_in(v("nanp"), "ISBN 978-316-1484-10", "978-316-1484").is_none());
        assert!(check_in(v("nanp"), "12 234 567 8901", "234 567 8901").is_none());
        assert!(check_in(v("nanp"), "room 5 418-549-6754", "418-549-6754").is_some());
    }

    #[test]
    fn glued_letters_accented_or_not_refuse_a_number() {
        assert!(check_in(v("nanp"), "réf. é4185496754", "4185496754").is_none());
        assert!(check_in(v("nanp"), "418-549-6754é", "418-549-6754").is_none());
        let latin1 = b"r\xe9f\xe94185496754";
        assert!(v("nanp").check(latin1, 4, 14).is_none(), "Latin-1 é");
        assert!(check_in(v("nanp"), "Tél.\u{a0}: 418-549-6754", "418-549-6754").is_some(), "no-break space");
    }

    #[test]
    fn two_numbers_in_a_row_are_two() {
        let text = "418 549 6754 514 555 0199";
        assert!(check_in(v("nanp"), text, "418 549 6754").is_some());
        assert!(check_in(v("nanp"), text, "514 555 0199").is_some());
        assert!(check_in(v("nanp"), "12 234 567 8901", "234 567 8901").is_none());
    }

    #[test]
    fn international_numbers_by_numbering_plan() {
        assert!(check(v("phone_intl"), "+33 1 23 45 67 89").is_some());
        assert!(check(v("phone_intl"), "+44 20 7946 0958").is_some());
        assert!(check(v("phone_intl"), "+33 6 94 56 92 90").is_none(), "no French mobile starts 694");
        assert!(check(v("phone_intl"), "+33 1 23").is_none());
        assert!(check(v("phone_intl"), "+1 418 549 6754").is_none(), "NANP is the nanp rules'");
    }

    #[test]
    fn embedded_ipv4_is_rated_as_ipv4() {
        assert_eq!(check(v("ipv6"), "::ffff:127.0.0.1"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check(v("ipv6"), "::ffff:203.0.113.5"), Some(Verdict::ACCEPT));
    }

    #[test]
    fn postal_letters() {
        assert!(check(v("postal_ca"), "H2K 3V9").is_some());
        assert!(check(v("postal_ca"), "h2k3v9").is_some());
        assert!(check(v("postal_ca"), "K1A 0B1").is_some());
        assert!(check(v("postal_ca"), "D2K 3V9").is_none());
        assert!(check(v("postal_ca"), "H2K 3O9").is_none());
        assert!(check(v("postal_ca"), "W2K 3V9").is_none());
        assert!(check(v("postal_ca"), "Z2K 3V9").is_none());
        assert!(check(v("postal_ca"), "HH2 3V9").is_none());
    }

    #[test]
    fn email_shapes() {
        assert!(check(v("email"), "jean.tremblay@exemple.qc.ca").is_some());
        assert!(check(v("email"), "a+b@sub-domain.example.org").is_some());
        assert!(check(v("email"), "logo@2x.png").is_none());
        assert!(check(v("email"), "sprite@3x.webp").is_none());
        assert!(check(v("email"), "bundle@example.js").is_none());
        assert!(check(v("email"), ".a@example.com").is_none());
        assert!(check(v("email"), "a.@example.com").is_none());
        assert!(check(v("email"), "a..b@example.com").is_none());
        assert!(check(v("email"), "a@-x.example.com").is_none());
        assert!(check(v("email"), "a@x-.example.com").is_none());
        assert!(check_in(v("email"), "b.a@example.com", "a@example.com").is_none());
        assert!(check_in(v("email"), "x@iana.co-uk", "x@iana.co").is_none(), "the domain goes on");
        assert!(check(v("email"), "user@exemple.xn--p1ai").is_some());
        let long = format!("{}@{}.com", "a".repeat(60), vec!["b".repeat(50); 4].join("."));
        assert!(check(v("email"), &long).is_none(), "over 254 octets");
    }

    #[test]
    fn ipv4_ranges_and_runs() {
        assert_eq!(check(v("ipv4"), "203.0.113.42"), Some(Verdict::ACCEPT));
        assert_eq!(check(v("ipv4"), "10.0.0.255"), Some(Verdict::ACCEPT));
        assert_eq!(check(v("ipv4"), "10.0.0.256"), None);
        assert_eq!(check(v("ipv4"), "999.1.1.1"), None);
        assert_eq!(check(v("ipv4"), "01.2.3.4"), None);
        assert_eq!(check(v("ipv4"), "127.0.0.1"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check(v("ipv4"), "0.0.0.0"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check(v("ipv4"), "239.255.255.250"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check(v("ipv4"), "255.255.255.255"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check_in(v("ipv4"), "1.3.6.1.4.1.311", "1.3.6.1"), None);
        assert_eq!(check_in(v("ipv4"), "1.3.6.1.4.1.311", "6.1.4.1"), None);
        assert!(check_in(v("ipv4"), "from 1.2.3.4.", "1.2.3.4").is_some());
    }

    #[test]
    fn ipv6_forms() {
        for text in [
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "2001:db8:85a3::8a2e:370:7334",
            "::ffff:192.0.2.128",
            "fe80::1ff:fe23:4567:890a%eth0",
            "64:ff9b::192.0.2.33",
        ] {
            assert_eq!(check(v("ipv6"), text), Some(Verdict::ACCEPT), "{text}");
        }
        assert_eq!(check(v("ipv6"), "fe80::1"), Some(Verdict { demote: 1, cap: None }));
        assert_eq!(check(v("ipv6"), "::1"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check(v("ipv6"), "::"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check(v("ipv6"), "ff02::1"), Some(Verdict::CAPPED_LOW));
        assert_eq!(check(v("ipv6"), "12:30:45"), None);
        assert_eq!(check(v("ipv6"), "2001:db8:::1"), None);
        assert_eq!(check_in(v("ipv6"), "std::io", "d::"), None);
    }

    #[test]
    fn file_extension_list_is_sorted() {
        assert!(FILE_EXTENSIONS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(FILE_EXTENSIONS.iter().all(|ext| ext.len() <= 8));
        assert!(check(v("email"), "LOGO@retina.PNG").is_none());
    }

    #[test]
    fn names_round_trip() {
        for validator in Validator::all() {
            assert_eq!(validator.name().parse::<Validator>(), Ok(validator));
            assert!(!validator.description().is_empty());
        }
    }

    #[test]
    fn unknown_validator_is_named() {
        let err = "crc".parse::<Validator>().unwrap_err();
        assert!(err.contains("crc") && err.contains("luhn"));
    }
}
