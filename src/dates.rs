//! Calendar dates as people write them, in English and French: `1987-04-12`,
//! `12/04/1987`, `12 avril 1987`, `1er août 1987`, `April 12, 1987`.
//!
//! Shared by the date-of-birth validator (is this a real, plausible date?) and
//! by fingerprints (`normalize = "date"`: every spelling of one date is one
//! value). No I/O and no dependency on the rest of piimap, so both can use it.

/// What a row's date says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateRole {
    /// When the row's data was collected (`created_at`, `imported_at`, `date_inscription`).
    #[default]
    Collection,
    /// When the person last used the service (`last_login`, `derniere_connexion`).
    LastActivity,
}

impl DateRole {
    /// The spelling in policies and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DateRole::Collection => "collection",
            DateRole::LastActivity => "last_activity",
        }
    }
}

/// Values counted by the date of their row, per date role and day: what
/// retention is checked against. Kept as day numbers (no strings on the
/// scan's path); written as `{"collection": {"2019-08-12": 28}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowDates(std::collections::BTreeMap<(DateRole, i64), u64>);

impl RowDates {
    /// No dated value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Counts `count` values in rows of `date` (as `role`).
    pub fn add(&mut self, role: DateRole, date: Date, count: u64) {
        *self.0.entry((role, date.to_unix_days())).or_default() += count;
    }

    /// Adds `other`'s counts.
    pub fn merge(&mut self, other: RowDates) {
        for (key, count) in other.0 {
            *self.0.entry(key).or_default() += count;
        }
    }

    /// Values in rows whose `role` date (the collection date when no row has
    /// one of `role`) is before `before`, and the oldest such date.
    pub fn before(&self, role: DateRole, before: Date) -> Option<(u64, Date)> {
        let has = |role: DateRole| self.0.range((role, i64::MIN)..=(role, i64::MAX)).next().is_some();
        let role = if has(role) { role } else { DateRole::Collection };
        let mut over = self.0.range((role, i64::MIN)..(role, before.to_unix_days())).peekable();
        let oldest = Date::from_unix_days(over.peek()?.0 .1);
        Some((over.map(|(_, count)| count).sum(), oldest))
    }
}

impl serde::Serialize for RowDates {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut by_role: std::collections::BTreeMap<&str, std::collections::BTreeMap<String, u64>> =
            std::collections::BTreeMap::new();
        for (&(role, day), &count) in &self.0 {
            by_role.entry(role.as_str()).or_default().insert(Date::from_unix_days(day).iso(), count);
        }
        serde::Serialize::serialize(&by_role, serializer)
    }
}

impl<'de> serde::Deserialize<'de> for RowDates {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let by_role: std::collections::BTreeMap<DateRole, std::collections::BTreeMap<String, u64>> =
            serde::Deserialize::deserialize(deserializer)?;
        let mut dates = RowDates::default();
        for (role, days) in by_role {
            for (day, count) in days {
                let date = parse(day.as_bytes()).ok_or_else(|| D::Error::custom(format!("not a date: {day:?}")))?;
                dates.add(role, date, count);
            }
        }
        Ok(dates)
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to the length of the month.
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    pub fn to_unix_days(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// This date `period` earlier: years and months on the calendar (the
    /// day kept, or the month's last day), then days.
    pub fn minus(self, period: Period) -> Date {
        let months = i64::from(self.year) * 12 + i64::from(self.month)
            - 1
            - i64::from(period.years) * 12
            - i64::from(period.months);
        let (year, month) = (months.div_euclid(12).max(1) as u16, (months.rem_euclid(12) + 1) as u8);
        let day = (1..=self.day).rev().find(|&day| is_real_day(year, month, day)).unwrap_or(1);
        Date::from_unix_days(Date { year, month, day }.to_unix_days() - i64::from(period.days))
    }

    /// Today, by the system clock (UTC), read once per process: a scan that
    /// runs over midnight judges every date against the day it started.
    pub fn today() -> Date {
        static TODAY: std::sync::OnceLock<Date> = std::sync::OnceLock::new();
        *TODAY.get_or_init(|| {
            let seconds = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs() as i64);
            Date::from_unix_days(seconds.div_euclid(86_400))
        })
    }
}

/// An ISO 8601 period of whole days (`P3Y`, `P6M`, `P2Y6M`, `P30D`, `P2W`,
/// `P0D`): how long a policy keeps data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// Years.
    pub years: u32,
    /// Months.
    pub months: u32,
    /// Days (weeks count 7).
    pub days: u32,
}

impl Period {
    /// Parses `P[nY][nM][nW][nD]` (no time part: retention is counted in days).
    pub fn parse(text: &str) -> Option<Period> {
        let rest = text.strip_prefix('P')?;
        if rest.is_empty() {
            return None;
        }
        let mut period = Period::default();
        let mut number = String::new();
        let mut last = 0;
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let order = match c {
                'Y' => 1,
                'M' => 2,
                'W' => 3,
                'D' => 4,
                _ => return None,
            };
            if number.is_empty() || order <= last {
                return None;
            }
            let value: u32 = number.parse().ok()?;
            match c {
                'Y' => period.years = value,
                'M' => period.months = value,
                'W' => period.days += value.checked_mul(7)?,
                _ => period.days = period.days.checked_add(value)?,
            }
            number.clear();
            last = order;
        }
        number.is_empty().then_some(period)
    }
}

/// The date of a timestamp as databases and exports write it
/// (`2019-08-12T03:00:00Z`, `2025-05-28 15:09:10`, `2025-05-28`), or any
/// date [`parse`] reads.
pub fn parse_stamp(text: &[u8]) -> Option<Date> {
    if text.len() > 10 && matches!(text[10], b'T' | b' ') && text[4] == b'-' {
        return parse(&text[..10]);
    }
    (text.len() <= 32).then(|| parse(text)).flatten()
}

/// Whether `day` exists in `month` (February has 29 days in leap years only;
/// `year` 0 means "unknown", where February 29 is allowed).
pub fn is_real_day(year: u16, month: u8, day: u8) -> bool {
    let leap = year == 0 || (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
    let length = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=length).contains(&day)
}

/// Month names and abbreviations, English and French, without accents
/// (accents are folded before lookup).
const MONTHS: &[(&str, u8)] = &[
    ("apr", 4),
    ("april", 4),
    ("aou", 8),
    ("aout", 8),
    ("aug", 8),
    ("august", 8),
    ("avr", 4),
    ("avril", 4),
    ("dec", 12),
    ("december", 12),
    ("decembre", 12),
    ("feb", 2),
    ("february", 2),
    ("fev", 2),
    ("fevr", 2),
    ("fevrier", 2),
    ("jan", 1),
    ("janv", 1),
    ("january", 1),
    ("janvier", 1),
    ("juil", 7),
    ("juillet", 7),
    ("juin", 6),
    ("jul", 7),
    ("july", 7),
    ("jun", 6),
    ("june", 6),
    ("mai", 5),
    ("mar", 3),
    ("march", 3),
    ("mars", 3),
    ("may", 5),
    ("nov", 11),
    ("november", 11),
    ("novembre", 11),
    ("oct", 10),
    ("october", 10),
    ("octobre", 10),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("septembre", 9),
];

/// The month a word names (`avril`, `Aug`, `févr`, `ao\xFBt` in Latin-1).
fn month_named(word: &[u8]) -> Option<u8> {
    let text = match std::str::from_utf8(word) {
        Ok(text) => text.to_string(),
        Err(_) => word.iter().map(|&b| char::from(b)).collect(),
    };
    let folded: String = text
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            'é' | 'É' | 'è' | 'ê' => 'e',
            'û' | 'Û' | 'ù' => 'u',
            other => other.to_ascii_lowercase(),
        })
        .collect();
    MONTHS.iter().find(|(name, _)| *name == folded).map(|(_, month)| *month)
}

/// A piece of a written date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Number { value: u32, digits: usize },
    Word(&'a [u8]),
}

/// The pieces of a written date: at most three (day, month, year), or `None`
/// when there are more (then it is not a date this module reads).
fn tokens<'a>(text: &'a [u8]) -> Option<([Token<'a>; 3], usize)> {
    let mut out = [Token::Number { value: 0, digits: 0 }; 3];
    let mut count = 0;
    let mut push = |token: Token<'a>| -> Option<()> {
        *out.get_mut(count)? = token;
        count += 1;
        Some(())
    };
    let mut at = 0;
    while at < text.len() {
        let byte = text[at];
        if byte.is_ascii_digit() {
            let from = at;
            while at < text.len() && text[at].is_ascii_digit() {
                at += 1;
            }
            let digits = &text[from..at];
            let value = digits.iter().take(9).fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
            push(Token::Number { value, digits: digits.len() })?;
        } else if byte.is_ascii_alphabetic() || byte >= 0x80 {
            let from = at;
            while at < text.len() && (text[at].is_ascii_alphabetic() || text[at] >= 0x80) {
                at += 1;
            }
            let word = &text[from..at];
            // Ordinal suffixes: 1er, 1st, 2nd, 3rd, 12th.
            if !matches!(word.to_ascii_lowercase().as_slice(), b"er" | b"st" | b"nd" | b"rd" | b"th") {
                push(Token::Word(word))?;
            }
        } else {
            at += 1;
        }
    }
    Some((out, count))
}

/// The date `text` writes, if it is one real calendar date. Day-first is
/// preferred for `dd/mm/yyyy` (Canadian and French usage); month-first is
/// taken when day-first is impossible (`04/25/1987`).
pub fn parse(text: &[u8]) -> Option<Date> {
    use Token::{Number, Word};
    let make = |year: u32, month: u32, day: u32| -> Option<Date> {
        let (year, month, day) = (u16::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?);
        ((1000..=9999).contains(&year) && is_real_day(year, month, day)).then_some(Date { year, month, day })
    };
    let (tokens, count) = tokens(text)?;
    match &tokens[..count] {
        [Number { value, digits: 8 }] => make(value / 10_000, value / 100 % 100, value % 100),
        [Number { value: year, digits: 4 }, Number { value: month, .. }, Number { value: day, .. }] => {
            make(*year, *month, *day)
        }
        [Number { value: first, .. }, Number { value: second, .. }, Number { value: year, digits: 4 }] => {
            make(*year, *second, *first).or_else(|| make(*year, *first, *second))
        }
        [Number { value: day, .. }, Word(month), Number { value: year, digits: 4 }] => {
            make(*year, u32::from(month_named(month)?), *day)
        }
        [Word(month), Number { value: day, .. }, Number { value: year, digits: 4 }] => {
            make(*year, u32::from(month_named(month)?), *day)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<String> {
        parse(text.as_bytes()).map(Date::iso)
    }

    #[test]
    fn every_common_spelling_is_one_date() {
        for text in [
            "1987-04-12",
            "1987/04/12",
            "19870412",
            "12/04/1987",
            "12-04-1987",
            "12.04.1987",
            "12 avril 1987",
            "12 April 1987",
            "April 12, 1987",
            "Apr. 12, 1987",
            "12th April 1987",
        ] {
            assert_eq!(date(text).as_deref(), Some("1987-04-12"), "{text}");
        }
        assert_eq!(date("1er août 1987").as_deref(), Some("1987-08-01"));
        assert_eq!(date("1er ao\u{fb}t 1987").as_deref(), Some("1987-08-01"));
        assert_eq!(parse(b"3 f\xE9vrier 1990").map(Date::iso).as_deref(), Some("1990-02-03"), "Latin-1");
        assert_eq!(date("04/25/1987").as_deref(), Some("1987-04-25"), "month first when day first is impossible");
    }

    #[test]
    fn periods_and_stamps() {
        assert_eq!(Period::parse("P3Y"), Some(Period { years: 3, months: 0, days: 0 }));
        assert_eq!(Period::parse("P2Y6M"), Some(Period { years: 2, months: 6, days: 0 }));
        assert_eq!(Period::parse("P2W"), Some(Period { years: 0, months: 0, days: 14 }));
        assert_eq!(Period::parse("P0D"), Some(Period::default()));
        for bad in ["3Y", "P", "PY", "P3", "P1D2Y", "P1H", "PT1H", "P1Y1Y"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        let today = Date { year: 2026, month: 3, day: 31 };
        assert_eq!(today.minus(Period::parse("P1M").unwrap()).iso(), "2026-02-28", "the month's last day");
        assert_eq!(today.minus(Period::parse("P3Y").unwrap()).iso(), "2023-03-31");
        assert_eq!(today.minus(Period::parse("P31D").unwrap()).iso(), "2026-02-28");
        for days in [-1000, 0, 11_016, 20_423] {
            assert_eq!(Date::from_unix_days(days).to_unix_days(), days);
        }
        assert_eq!(parse_stamp(b"2019-08-12T03:00:00Z").map(Date::iso).as_deref(), Some("2019-08-12"));
        assert_eq!(parse_stamp(b"2025-05-28 15:09:10").map(Date::iso).as_deref(), Some("2025-05-28"));
        assert_eq!(parse_stamp(b"not a date"), None);
    }

    #[test]
    fn impossible_dates_are_none() {
        for text in ["1987-02-30", "31/04/1987", "1987-13-01", "29/02/1987", "12 avrol 1987", "1987-04", "00/00/0000"] {
            assert_eq!(date(text), None, "{text}");
        }
        assert_eq!(date("29/02/1988").as_deref(), Some("1988-02-29"), "leap year");
    }

    #[test]
    fn unix_days_become_civil_dates() {
        assert_eq!(Date::from_unix_days(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_423).iso(), "2025-12-01");
        assert_eq!(Date::from_unix_days(11_016).iso(), "2000-02-29");
        assert!(Date::today() >= Date { year: 2025, month: 1, day: 1 });
    }
}
