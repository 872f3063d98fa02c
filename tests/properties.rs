//! Property tests (proptest): invariants that must hold for any input, not
//! only for the fixtures.

use piimap::detect::{Detector, Match};
use piimap::rules::RuleSet;
use proptest::prelude::*;

/// One valid value per category, planted in random text.
const PLANTED: &[(&str, &str)] = &[
    ("email", "jean.tremblay@exemple.qc.ca"),
    ("phone", "(418) 549-6754"),
    ("sin", "130 692 544"),
    ("postal_code", "H2K 3V9"),
    ("ip_address", "203.0.113.42"),
    ("credit_card", "4241 5920 6611 2571"),
    ("business_number", "123456782 RT0001"),
];

fn detector() -> Detector {
    Detector::new(RuleSet::builtin().unwrap()).unwrap()
}

/// Filler that cannot form or extend a value: letters (no digits, no `@`,
/// no `:`), spaces, punctuation and newlines.
fn filler() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Zé ,;!?\n]{0,400}").unwrap()
}

/// Every match of the detector over `hay`, searched the way the scanner reads
/// a file cut at `cuts`: each unit has the bytes around it (a margin before,
/// so a mid-line unit's search is in step, and after, for context) and reports
/// only the matches that start in it.
fn find_in_units(detector: &Detector, hay: &[u8], cuts: &[usize], margin: usize) -> Vec<(usize, usize, String)> {
    let rules = detector.rules();
    let mut scratch = detector.scratch();
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().copied().filter(|&c| c > 0 && c < hay.len()));
    bounds.push(hay.len());
    bounds.sort_unstable();
    bounds.dedup();
    let mut found = Vec::new();
    for pair in bounds.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let bytes_start = start.saturating_sub(margin);
        let bytes_end = (end + margin).min(hay.len());
        let unit = &hay[bytes_start..bytes_end];
        let owned = (start - bytes_start)..(end - bytes_start);
        let mid_line = start > 0 && hay[start - 1] != b'\n';
        let search_from = if mid_line { 0 } else { owned.start };
        detector.find(&mut scratch, unit, search_from..owned.end, |m: Match| {
            if owned.contains(&m.start) {
                let category = rules.categories[rules.rules[m.rule].category].name.clone();
                found.push((bytes_start + m.start, bytes_start + m.end, category));
            }
        });
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A value planted in random text is found exactly once, at its offsets,
    /// whatever the cut points of the units the text is read in.
    #[test]
    fn a_planted_value_is_found_once_wherever_the_text_is_cut(
        before in filler(),
        after in filler(),
        which in 0..PLANTED.len(),
        cuts in proptest::collection::vec(0usize..1000, 0..4),
    ) {
        let (category, value) = PLANTED[which];
        let text = format!("{before} {value} {after}");
        let start = before.len() + 1;
        let detector = detector();
        let found = find_in_units(&detector, text.as_bytes(), &cuts, 64);
        prop_assert_eq!(found.len(), 1, "{:?}", found);
        prop_assert_eq!((found[0].0, found[0].1), (start, start + value.len()));
        // Nine Luhn-valid digits beside a business word ("BN", "GST", "TPS") are a
        // business number, not a SIN: random filler can write those words.
        let business = category == "sin" && found[0].2 == "business_number";
        prop_assert!(found[0].2 == category || business, "{:?}", found);
    }

    /// Masks never show more of a value than documented: the last 4 digits of a
    /// phone, the last 3 of a SIN, the first 3 characters of a postal code, the
    /// last octet of an IPv4 address, and an email's first letter, domain
    /// initial and top-level domain.
    #[test]
    fn masks_reveal_no_more_than_documented(
        phone in "[2-9][0-9]{2}-[2-9][0-9]{2}-[0-9]{4}",
        sin in "[0-9]{3} [0-9]{3} [0-9]{3}",
        postal in "[A-Z][0-9][A-Z] [0-9][A-Z][0-9]",
        ip in "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
        local in "[a-z0-9._]{1,20}",
        domain in "[a-z]{1,12}",
        tld in "[a-z]{2,6}",
        card in "[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}",
        ramq in "[A-Z]{4} [0-9]{4} [0-9]{4}",
        account in "[0-9]{5}-[0-9]{3}-[0-9]{7,12}",
        (year, month, day) in (1900u32..2026, 1u32..13, 1u32..29),
    ) {
        // The masks as the built-in rule files choose them.
        let rules = piimap::rules::RuleSet::builtin().unwrap();
        let mask = |category: &str, value: &[u8]| {
            rules.categories.iter().find(|c| c.name == category).expect("a built-in category").mask.apply(value)
        };
        let shown = |category: &str, value: &str| {
            mask(category, value.as_bytes()).chars().filter(|c| c.is_ascii_alphanumeric()).count()
        };
        prop_assert!(shown("phone", &phone) <= 4);
        prop_assert!(shown("sin", &sin) <= 3);
        prop_assert!(shown("postal_code", &postal) <= 3);
        prop_assert!(shown("ip_address", &ip) <= 3);
        let email = format!("{local}@{domain}.{tld}");
        prop_assert!(shown("email", &email) <= 2 + tld.len(), "{} -> {}", email, mask("email", email.as_bytes()));
        // Cards show their last 4 digits; health numbers, licences and passports
        // their last 2; bank accounts their last 4; a birth date its decade.
        prop_assert!(shown("credit_card", &card) <= 4);
        for category in ["health_number", "drivers_license", "passport"] {
            prop_assert!(shown(category, &ramq) <= 2, "{} -> {}", category, mask(category, ramq.as_bytes()));
        }
        prop_assert!(shown("bank_account", &account) <= 4);
        let born = format!("{year}-{month:02}-{day:02}");
        prop_assert_eq!(mask("date_of_birth", born.as_bytes()), format!("{}*-**-**", year / 10));
        // And the hidden part is really hidden: the mask does not contain the value.
        prop_assert!(!mask("email", email.as_bytes()).contains(&email));
    }

    /// Nine digits that fail the Luhn check are never a SIN, in any format and
    /// whatever keyword stands next to them.
    #[test]
    fn a_luhn_invalid_number_is_never_a_sin(
        digits in "[0-9]{9}",
        separator in prop_oneof![Just(" "), Just("-"), Just("")],
        keyword in prop_oneof![Just("NAS "), Just("SIN: "), Just("numéro d'assurance sociale "), Just("")],
    ) {
        let luhn = digits.bytes().rev().enumerate().map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        }).sum::<u32>() % 10 == 0;
        prop_assume!(!luhn);
        let value = format!("{}{separator}{}{separator}{}", &digits[..3], &digits[3..6], &digits[6..]);
        let text = format!("{keyword}{value}\n");
        let detector = detector();
        let rules = detector.rules();
        let mut scratch = detector.scratch();
        let mut sins = 0;
        detector.find(&mut scratch, text.as_bytes(), 0..text.len(), |m: Match| {
            if rules.categories[rules.rules[m.rule].category].name == "sin" {
                sins += 1;
            }
        });
        prop_assert_eq!(sins, 0, "{}", text);
    }
}
