//! Masking and keyed fingerprints: how piimap talks about a value without showing it.
//!
//! # What a masked value keeps
//! Each category's rule file names its mask (`mask = "..."`), so a new
//! category is data, not code:
//!
//! | mask            | used by       | example                | original characters kept |
//! |-----------------|---------------|------------------------|--------------------------|
//! | `email`         | `email`       | `j***@e*****.ca`       | first of the local part, first of the domain, the TLD |
//! | `phone`         | `phone`       | `***-***-6754`         | last 4 digits |
//! | `last3-grouped` | `sin`         | `*** *** 286`          | last 3 digits |
//! | `first3`        | `postal_code` | `H2K ***`              | the first 3 (the forward sortation area, a region) |
//! | `ip`            | `ip_address`  | `***.***.***.42`, `***::7334` | last octet / last group |
//! | `card`          | `credit_card` | `**** **** **** 1111`  | last 4 digits |
//! | `decade`        | `date_of_birth` | `198*-**-**`         | the decade of the date |
//! | `last4`         | `bank_account`, `business_number` | `****1111` | last 4, and only for values of 8 or more |
//! | `last2`         | the default   | `****89`               | last 2, and only for values of 8 or more |
//!
//! Star runs have a fixed length, so a mask does not leak the value's length.
//!
//! # Fingerprints
//! A fingerprint is HMAC-SHA256 over the category and the *normalized* value
//! (`418-549-6754` and `(418) 549 6754` give the same one), truncated to 128
//! bits; the rule file names the normalization (`normalize = "digits"`). It is keyed because a SIN has only 10^9 values: a plain hash is reversed
//! by enumeration in seconds, a keyed one is not without the key. The key comes
//! from `PIIMAP_FINGERPRINT_KEY`; without it a random key is drawn per run, so
//! fingerprints can be compared within one run (distinct counts) but not across runs.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::cell::RefCell;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::finding::Fingerprint;

/// Environment variable holding the fingerprint key.
pub const KEY_ENV: &str = "PIIMAP_FINGERPRINT_KEY";

/// How a category's values are shown: a rule file names one (`mask = "phone"`);
/// each keeps at most what the table above documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mask {
    /// `j***@e*****.ca`: first of the local part, first of the domain, the TLD.
    Email,
    /// `***-***-6754`: the last 4 digits before an extension.
    Phone,
    /// `*** *** 544`: the last 3 digits.
    Last3Grouped,
    /// `H2K ***`: the first 3 letters and digits, upper-cased.
    First3,
    /// `***.***.***.42`, `***::7334`: the last octet or group.
    Ip,
    /// `**** **** **** 1111`: the last 4 digits of a card number.
    Card,
    /// `198*-**-**`: the decade of a date, nothing else.
    Decade,
    /// `****1111`: the last 4 characters, for values of 8 or more.
    Last4,
    /// `****89`: the last 2 characters, for values of 8 or more (the default).
    Last2,
}

/// Every mask by the name rule files use.
const MASKS: [(&str, Mask); 9] = [
    ("email", Mask::Email),
    ("phone", Mask::Phone),
    ("last3-grouped", Mask::Last3Grouped),
    ("first3", Mask::First3),
    ("ip", Mask::Ip),
    ("card", Mask::Card),
    ("decade", Mask::Decade),
    ("last4", Mask::Last4),
    ("last2", Mask::Last2),
];

impl Mask {
    /// The mask rule files call `name`.
    pub fn named(name: &str) -> Result<Mask, String> {
        MASKS.iter().find(|(known, _)| *known == name).map(|(_, mask)| *mask).ok_or_else(|| {
            let known: Vec<&str> = MASKS.iter().map(|(name, _)| *name).collect();
            format!("unknown mask {name:?} (known: {})", known.join(", "))
        })
    }

    /// The name rule files use for this mask.
    pub fn name(self) -> &'static str {
        MASKS.iter().find(|(_, mask)| *mask == self).map_or("last2", |(name, _)| name)
    }

    /// `value` with most of it hidden.
    ///
    /// Called once per finding, so it builds the mask in one string of the right
    /// size, without the intermediate strings a `format!` per shape would make.
    pub fn apply(self, value: &[u8]) -> String {
        let text = String::from_utf8_lossy(value);
        let mut out = String::with_capacity(24);
        match self {
            Mask::Email => mask_email(&text, &mut out),
            Mask::Phone => {
                // The number ends where an extension starts ("ext. 12", "#12").
                let number = text.bytes().take_while(|b| !b.is_ascii_alphabetic() && *b != b'#');
                out.push_str("***-***-");
                push_last_digits(number, 4, &mut out);
            }
            Mask::Last3Grouped => {
                out.push_str("*** *** ");
                push_last_digits(text.bytes(), 3, &mut out);
            }
            Mask::First3 => {
                let mut first =
                    text.bytes().filter(u8::is_ascii_alphanumeric).map(|b| char::from(b.to_ascii_uppercase()));
                match (first.next(), first.next(), first.next()) {
                    (Some(a), Some(b), Some(c)) => out.extend([a, b, c]),
                    _ => out.push_str("***"),
                }
                out.push_str(" ***");
            }
            Mask::Ip => mask_ip(&text, &mut out),
            Mask::Card => {
                out.push_str("**** **** **** ");
                push_last_digits(text.bytes(), 4, &mut out);
            }
            Mask::Decade => match crate::dates::parse(value) {
                Some(date) => {
                    out.push_str(&(date.year / 10).to_string());
                    out.push_str("*-**-**");
                }
                None => out.push_str("****-**-**"),
            },
            Mask::Last4 | Mask::Last2 => {
                out.push_str("****");
                let kept = if self == Mask::Last4 { 4 } else { 2 };
                if text.chars().count() >= 8 {
                    let mut last = text.chars().rev().take(kept).collect::<Vec<char>>();
                    last.reverse();
                    out.extend(last);
                }
            }
        }
        out
    }
}

/// Appends the last `n` ASCII digits of `bytes` (fewer when there are fewer).
fn push_last_digits(bytes: impl Iterator<Item = u8>, n: usize, out: &mut String) {
    let mut last = [0u8; 8];
    let mut seen = 0usize;
    for digit in bytes.filter(u8::is_ascii_digit) {
        last[seen % n] = digit;
        seen += 1;
    }
    let kept = seen.min(n);
    for i in seen - kept..seen {
        out.push(char::from(last[i % n]));
    }
}

fn mask_email(text: &str, out: &mut String) {
    let Some((local, domain)) = text.split_once('@') else {
        out.push_str("****");
        return;
    };
    out.push(local.chars().next().unwrap_or('*'));
    out.push_str("***@");
    out.push(domain.chars().next().unwrap_or('*'));
    out.push_str("*****.");
    out.push_str(domain.rsplit('.').next().unwrap_or(""));
}

fn mask_ip(text: &str, out: &mut String) {
    if text.contains(':') {
        let address = text.split('%').next().unwrap_or(text);
        let last = address.rsplit(':').next().unwrap_or("");
        let last = if last.contains('.') { last.rsplit('.').next().unwrap_or("") } else { last };
        out.push_str("***::");
        out.push_str(last);
    } else {
        out.push_str("***.***.***.");
        out.push_str(text.rsplit('.').next().unwrap_or(""));
    }
}

/// The canonical form fingerprints are computed over, so formatting does not
/// matter (`418-549-6754` and `+1 (418) 549 6754` are one value): a rule file
/// names one (`normalize = "digits"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalize {
    /// ASCII lower case (email addresses).
    Lowercase,
    /// The digits before an extension, a leading NANP `1` dropped.
    Phone,
    /// The digits only.
    Digits,
    /// Letters and digits only, upper-cased (postal codes).
    AlphanumericUpper,
    /// The address in its canonical text (IPv6 compressed, zone dropped).
    Ip,
    /// Letters and digits, upper-cased, without a letter suffix after the
    /// digits (an OHIP version code names the card, not the person).
    Identifier,
    /// A calendar date as `YYYY-MM-DD`, however it was written (`12 avril 1987`).
    Date,
    /// A Canadian bank account as transit, institution and account digits,
    /// whether printed on a cheque (`12345-003-1234567`) or in the
    /// electronic order (`000312345 1234567`: `0`, institution, transit).
    BankAccount,
    /// The value as written (the default).
    Exact,
}

/// Every normalization by the name rule files use.
const NORMALIZATIONS: [(&str, Normalize); 9] = [
    ("lowercase", Normalize::Lowercase),
    ("phone", Normalize::Phone),
    ("digits", Normalize::Digits),
    ("alphanumeric-upper", Normalize::AlphanumericUpper),
    ("ip", Normalize::Ip),
    ("identifier", Normalize::Identifier),
    ("date", Normalize::Date),
    ("bank-account", Normalize::BankAccount),
    ("exact", Normalize::Exact),
];

impl Normalize {
    /// The normalization rule files call `name`.
    pub fn named(name: &str) -> Result<Normalize, String> {
        NORMALIZATIONS.iter().find(|(known, _)| *known == name).map(|(_, how)| *how).ok_or_else(|| {
            let known: Vec<&str> = NORMALIZATIONS.iter().map(|(name, _)| *name).collect();
            format!("unknown normalization {name:?} (known: {})", known.join(", "))
        })
    }

    /// The name rule files use for this normalization.
    pub fn name(self) -> &'static str {
        NORMALIZATIONS.iter().find(|(_, how)| *how == self).map_or("exact", |(name, _)| name)
    }

    /// `value` normalized into `out` (cleared first).
    pub fn into(self, value: &[u8], out: &mut Vec<u8>) {
        out.clear();
        match self {
            Normalize::Lowercase => out.extend(value.iter().map(u8::to_ascii_lowercase)),
            Normalize::Phone => {
                let number = value.iter().take_while(|b| !b.is_ascii_alphabetic() && **b != b'#');
                out.extend(number.filter(|b| b.is_ascii_digit()));
                if out.len() == 11 && out[0] == b'1' {
                    out.remove(0);
                }
            }
            Normalize::Digits => out.extend(value.iter().filter(|b| b.is_ascii_digit())),
            Normalize::AlphanumericUpper => {
                out.extend(value.iter().filter(|b| b.is_ascii_alphanumeric()).map(u8::to_ascii_uppercase))
            }
            Normalize::Ip => {
                let text = String::from_utf8_lossy(value);
                let address = text.split('%').next().unwrap_or(&text);
                if let Ok(v4) = address.parse::<Ipv4Addr>() {
                    out.extend_from_slice(v4.to_string().as_bytes());
                } else if let Ok(v6) = address.parse::<Ipv6Addr>() {
                    out.extend_from_slice(v6.to_string().as_bytes());
                } else {
                    out.extend_from_slice(address.as_bytes());
                }
            }
            Normalize::Identifier => {
                out.extend(value.iter().filter(|b| b.is_ascii_alphanumeric()).map(u8::to_ascii_uppercase));
                if let Some(last_digit) = out.iter().rposition(u8::is_ascii_digit) {
                    if out[..last_digit].iter().all(u8::is_ascii_digit) {
                        out.truncate(last_digit + 1);
                    }
                }
            }
            Normalize::Date => match crate::dates::parse(value) {
                Some(date) => out.extend_from_slice(date.iso().as_bytes()),
                None => out.extend_from_slice(value),
            },
            Normalize::BankAccount => {
                let mut groups = value.split(|b| !b.is_ascii_digit()).filter(|group| !group.is_empty());
                match (groups.next(), groups.next(), groups.next()) {
                    (Some(transit), Some(institution), Some(account))
                        if transit.len() == 5 && institution.len() == 3 =>
                    {
                        out.extend_from_slice(transit);
                        out.extend_from_slice(institution);
                        out.extend_from_slice(account);
                    }
                    (Some(routing), Some(account), None) if routing.len() == 9 && routing[0] == b'0' => {
                        out.extend_from_slice(&routing[4..]);
                        out.extend_from_slice(&routing[1..4]);
                        out.extend_from_slice(account);
                    }
                    _ => out.extend(value.iter().filter(|b| b.is_ascii_digit())),
                }
            }
            Normalize::Exact => out.extend_from_slice(value),
        }
    }

    /// `value` normalized.
    pub fn of(self, value: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.into(value, &mut out);
        out
    }
}

thread_local! {
    /// Per-thread buffer for normalized values: no allocation per finding.
    static NORMALIZED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Computes keyed fingerprints.
#[derive(Clone)]
pub struct Fingerprinter {
    /// HMAC state with the key already absorbed: cloning it per value saves
    /// re-hashing the key pads every time.
    keyed: Hmac<Sha256>,
    /// `"env"` when the key came from [`KEY_ENV`], `"run"` when it was drawn for this run.
    pub scope: &'static str,
}

impl std::fmt::Debug for Fingerprinter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fingerprinter").field("scope", &self.scope).finish_non_exhaustive()
    }
}

impl Fingerprinter {
    /// Uses [`KEY_ENV`] when set and non-empty, otherwise a random per-run key.
    pub fn from_env() -> Fingerprinter {
        match std::env::var(KEY_ENV) {
            Ok(key) if !key.is_empty() => Fingerprinter::with_key(key.into_bytes()),
            _ => Fingerprinter::per_run(),
        }
    }

    /// A random key of its own: fingerprints compare only within this run.
    pub fn per_run() -> Fingerprinter {
        let mut key = vec![0u8; 32];
        // A failing OS random source leaves a zero key: fingerprints stay
        // consistent within the run, which is all a per-run key promises.
        let _ = getrandom::getrandom(&mut key);
        Fingerprinter { scope: "run", ..Fingerprinter::with_key(key) }
    }

    /// Reads the key from `file` (its bytes, without a trailing newline).
    pub fn from_key_file(file: &std::path::Path) -> Result<Fingerprinter, String> {
        let mut key = std::fs::read(file).map_err(|err| format!("{}: cannot read key file: {err}", file.display()))?;
        while key.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            key.pop();
        }
        if key.len() < 16 {
            return Err(format!("{}: a fingerprint key should be at least 16 bytes", file.display()));
        }
        Ok(Fingerprinter::with_key(key))
    }

    /// A fingerprinter with a fixed key.
    pub fn with_key(key: Vec<u8>) -> Fingerprinter {
        let keyed = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
        Fingerprinter { keyed, scope: "env" }
    }

    /// An id of the key that can be printed and stored (an inventory's
    /// evidence): the first 8 bytes of the HMAC of a fixed label. Two reports
    /// with the same id were fingerprinted with the same key; the id reveals
    /// nothing of the key. `None` for a per-run key.
    pub fn key_id(&self) -> Option<String> {
        if self.scope == "run" {
            return None;
        }
        let mut mac = self.keyed.clone();
        mac.update(b"piimap fingerprint key id/1");
        Some(mac.finalize().into_bytes()[..8].iter().map(|b| format!("{b:02x}")).collect())
    }

    /// HMAC-SHA256 (first 16 bytes) of the category and the value normalized `how`.
    pub fn fingerprint(&self, category: &str, how: Normalize, value: &[u8]) -> Fingerprint {
        let mut mac = self.keyed.clone();
        mac.update(category.as_bytes());
        mac.update(&[0]);
        NORMALIZED.with_borrow_mut(|normalized| {
            how.into(value, normalized);
            mac.update(normalized);
        });
        let digest = mac.finalize().into_bytes();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Fingerprint(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_the_documented_characters() {
        assert_eq!(Mask::Email.apply(b"jean@alloprof.ca"), "j***@a*****.ca");
        assert_eq!(Mask::Phone.apply(b"(418) 549-6754"), "***-***-6754");
        assert_eq!(Mask::Phone.apply(b"+1 418 549 6754 ext. 12"), "***-***-6754");
        assert_eq!(Mask::Last3Grouped.apply(b"046 454 286"), "*** *** 286");
        assert_eq!(Mask::First3.apply(b"h2k3v9"), "H2K ***");
        assert_eq!(Mask::Ip.apply(b"203.0.113.42"), "***.***.***.42");
        assert_eq!(Mask::Ip.apply(b"2001:db8::7334"), "***::7334");
        assert_eq!(Mask::Ip.apply(b"::ffff:192.0.2.128"), "***::128");
        assert_eq!(Mask::Last2.apply(b"B-123456"), "****56");
        assert_eq!(Mask::Last2.apply(b"B-12"), "****");
        assert_eq!(Mask::Last2.apply("carte-née".as_bytes()), "****ée");
        assert_eq!(Mask::Phone.apply(b"12"), "***-***-12");
        assert_eq!(Mask::Last3Grouped.apply(b"046454286"), "*** *** 286");
        assert_eq!(Mask::First3.apply(b"H2"), "*** ***");
        assert_eq!(Mask::Email.apply(b"not-an-email"), "****");
        assert_eq!(Mask::Phone.apply(b"418 549 6754 #12"), "***-***-6754");
        assert_eq!(Mask::Card.apply(b"4532-0151-1283-0366"), "**** **** **** 0366");
        assert_eq!(Mask::Card.apply(b"378734493671000"), "**** **** **** 1000");
        assert_eq!(Mask::Decade.apply("12 avril 1987".as_bytes()), "198*-**-**");
        assert_eq!(Mask::Decade.apply(b"1987-04-12"), "198*-**-**");
        assert_eq!(Mask::Decade.apply(b"not a date"), "****-**-**");
    }

    #[test]
    fn identifiers_and_dates_normalize_to_one_value() {
        let of = |how: Normalize, value: &str| String::from_utf8(how.of(value.as_bytes())).unwrap();
        assert_eq!(of(Normalize::Identifier, "1234-567-890-AB"), "1234567890");
        assert_eq!(of(Normalize::Identifier, "1234 567 890"), "1234567890");
        assert_eq!(of(Normalize::Identifier, "gagm 6552 1234"), "GAGM65521234");
        assert_eq!(of(Normalize::Identifier, "ab123456"), "AB123456");
        for written in ["12 avril 1987", "1987-04-12", "12/04/1987", "April 12, 1987"] {
            assert_eq!(of(Normalize::Date, written), "1987-04-12", "{written}");
        }
        // The printed and the electronic order of one bank account.
        for written in ["12345-003-1234567", "12345 003 1234567", "000312345 1234567", "000312345-1234567"] {
            assert_eq!(of(Normalize::BankAccount, written), "123450031234567", "{written}");
        }
        assert_eq!(of(Normalize::BankAccount, "081530012-0451236"), of(Normalize::BankAccount, "30012-815-0451236"));
    }

    #[test]
    fn shapes_by_name() {
        for (name, mask) in MASKS {
            assert_eq!(Mask::named(name), Ok(mask));
            assert_eq!(mask.name(), name);
        }
        for (name, how) in NORMALIZATIONS {
            assert_eq!(Normalize::named(name), Ok(how));
            assert_eq!(how.name(), name);
        }
        assert!(Mask::named("stars").unwrap_err().contains("last4"));
        assert_eq!(Mask::Last4.apply(b"4111 1111 1111 1111"), "****1111");
    }

    #[test]
    fn masks_do_not_leak_length() {
        assert_eq!(Mask::Email.apply(b"a@b.ca").len(), Mask::Email.apply(b"abcdefgh@bcdefghij.ca").len());
    }

    #[test]
    fn fingerprints_ignore_formatting_and_depend_on_key() {
        let fp = Fingerprinter::with_key(b"k1".to_vec());
        assert_eq!(
            fp.fingerprint("phone", Normalize::Phone, b"418-549-6754"),
            fp.fingerprint("phone", Normalize::Phone, b"+1 (418) 549 6754")
        );
        assert_eq!(
            fp.fingerprint("sin", Normalize::Digits, b"046 454 286"),
            fp.fingerprint("sin", Normalize::Digits, b"046-454-286")
        );
        assert_eq!(
            fp.fingerprint("ip_address", Normalize::Ip, b"2001:DB8::1"),
            fp.fingerprint("ip_address", Normalize::Ip, b"2001:db8:0::1")
        );
        assert_ne!(
            fp.fingerprint("sin", Normalize::Digits, b"046454286"),
            fp.fingerprint("phone", Normalize::Phone, b"046454286")
        );
        let other = Fingerprinter::with_key(b"k2".to_vec());
        assert_ne!(
            fp.fingerprint("sin", Normalize::Digits, b"046454286"),
            other.fingerprint("sin", Normalize::Digits, b"046454286")
        );
        assert_eq!(fp.fingerprint("sin", Normalize::Digits, b"046454286").to_string().len(), 32);
        assert_eq!(Normalize::Phone.of(b"+1 (418) 549-6754 x12"), b"4185496754");
        assert_eq!(Normalize::AlphanumericUpper.of(b"h2k 3v9"), b"H2K3V9");
    }
}
