//! Lanes: more than one automaton, each run only where its matches can be.
//!
//! With one automaton over every pattern, a single dense anchor class makes the
//! whole input one region: in a CSV export digits are everywhere, so the e-mail
//! pattern (whose states track every run of word characters) was run over every
//! byte with the digit patterns, although `@` is rare. Each lane holds some of
//! the patterns and finds its own candidates; the detector merges the lanes
//! into the order one automaton over every pattern would report:
//!
//! - leftmost-first over all patterns is the candidate with the smallest start,
//!   and at equal starts the pattern of highest priority (lowest id): each lane
//!   reports, at its leftmost start, its own highest-priority pattern;
//! - a lane's candidate stays valid while the detector's position has not
//!   passed its start (no match of that lane starts between); when it has,
//!   the lane searches again from the new position.
//!
//! Which lanes: a rule with a single pattern anchored on one byte (`@`) gets a
//! lane of its own, searched by the regex engine alone. The engine finds that
//! byte with `memchr` and confirms around it (a reverse-inner search), which
//! suits a long reach: a region would claim up to 700 bytes after each `@`
//! (the longest domain), and in an export with an address per row the regions
//! merged into the whole file. Every other rule shares one lane that runs over
//! the regions of its anchor plan (digits are dense where they occur at all).
//!
//! `tests/anchors.rs` checks the result against one automaton over every byte.

use regex_automata::meta::{Cache, Regex};
use regex_automata::Input;

use super::anchor::{AnchorPlan, Region};
use crate::rules::{Rule, RuleError};

/// The rules of one lane (indices in the rule set) and where it runs.
pub(super) struct LaneRules {
    pub rules: Vec<usize>,
    /// `None`: the lane is searched by the regex engine alone.
    pub plan: Option<AnchorPlan>,
}

/// The lanes for `rules` (see the module documentation), or `None` when a
/// rule has no anchor and one automaton must search everything.
pub(super) fn partition(rules: &[Rule]) -> Result<Option<Vec<LaneRules>>, RuleError> {
    if rules.iter().any(|rule| rule.anchor.is_none()) {
        return Ok(None);
    }
    let mut lanes = Vec::new();
    let mut shared = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        if rule.patterns.len() == 1 && AnchorPlan::single_byte(rule)?.is_some() {
            // Still proved: a wrong anchor is an error whichever lane it is in.
            AnchorPlan::new([rule])?;
            lanes.push(LaneRules { rules: vec![index], plan: None });
        } else {
            shared.push(index);
        }
    }
    if !shared.is_empty() {
        let plan = AnchorPlan::new(shared.iter().map(|&index| &rules[index]))?;
        lanes.push(LaneRules { rules: shared, plan });
    }
    Ok(Some(lanes))
}

/// The patterns of one anchor class and where they may match.
#[derive(Debug)]
pub(super) struct Lane {
    regex: Regex,
    /// The detector's pattern id of each of this lane's patterns.
    patterns: Vec<usize>,
    /// `None`: search every byte.
    plan: Option<AnchorPlan>,
}

/// A lane's next match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    pub start: usize,
    pub end: usize,
    /// The detector's pattern id.
    pub pattern: usize,
}

/// A lane's progress through one buffer (per worker, reset per buffer).
#[derive(Debug, Clone, Default)]
pub(super) struct Cursor {
    candidate: Option<Candidate>,
    region: Option<Region>,
    /// No match starts at or after the position the lane last searched from.
    exhausted: bool,
}

impl Cursor {
    pub fn reset(&mut self) {
        *self = Cursor::default();
    }
}

impl Lane {
    pub fn new(regex: Regex, patterns: Vec<usize>, plan: Option<AnchorPlan>) -> Lane {
        Lane { regex, patterns, plan }
    }

    pub fn create_cache(&self) -> Cache {
        self.regex.create_cache()
    }

    /// This lane's leftmost match starting at or after `at` and before `limit`.
    pub fn next(
        &self,
        cache: &mut Cache,
        cursor: &mut Cursor,
        hay: &[u8],
        at: usize,
        limit: usize,
    ) -> Option<Candidate> {
        if cursor.exhausted {
            return None;
        }
        if let Some(candidate) = cursor.candidate.filter(|candidate| candidate.start >= at) {
            return Some(candidate);
        }
        cursor.candidate = self.search(cache, cursor, hay, at, limit);
        cursor.exhausted = cursor.candidate.is_none();
        cursor.candidate
    }

    fn search(
        &self,
        cache: &mut Cache,
        cursor: &mut Cursor,
        hay: &[u8],
        mut at: usize,
        limit: usize,
    ) -> Option<Candidate> {
        loop {
            let region = match (cursor.region.filter(|region| at < region.end), &self.plan) {
                (Some(region), _) => region,
                (None, Some(plan)) => plan.next_region(hay, at, limit)?,
                (None, None) if cursor.region.is_none() => Region { start: at, end: hay.len() },
                (None, None) => return None, // the whole rest was searched
            };
            cursor.region = Some(region);
            let from = at.max(region.start);
            if from >= limit || from >= region.end {
                return None;
            }
            match self.regex.search_with(cache, &Input::new(hay).span(from..region.end)) {
                Some(found) if found.start() < limit => {
                    let pattern = self.patterns[found.pattern().as_usize()];
                    return Some(Candidate { start: found.start(), end: found.end(), pattern });
                }
                Some(_) => return None,
                None if self.plan.is_none() => return None,
                None => at = region.end,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Detector;
    use crate::rules::RuleSet;

    fn rules(toml: &str) -> RuleSet {
        let mut rules = RuleSet::empty();
        rules.add_file("t.toml", toml).unwrap();
        rules
    }

    #[test]
    fn one_pattern_on_one_byte_gets_its_own_lane() {
        let builtin = RuleSet::builtin().unwrap();
        let lanes = partition(&builtin.rules).unwrap().unwrap();
        let email = builtin.rules.iter().position(|rule| rule.id == "email").unwrap();
        assert!(lanes.iter().any(|lane| lane.rules == [email] && lane.plan.is_none()));
        let shared = lanes.iter().find(|lane| lane.plan.is_some()).unwrap();
        assert_eq!(shared.rules.len(), builtin.rules.len() - lanes.len() + 1, "the rest share one lane");
    }

    /// Two lanes with candidates at the same place: the rule listed first wins,
    /// as in one automaton over every pattern; what it covers is not reported again.
    #[test]
    fn equal_starts_go_to_the_rule_listed_first() {
        let found = |toml: &str| {
            let detector = Detector::new(rules(toml)).unwrap();
            let mut scratch = detector.scratch();
            let mut out = Vec::new();
            detector.find(&mut scratch, b"ab@c ab", 0..7, |m| {
                out.push((detector.rules().rules[m.rule].id.clone(), m.start, m.end))
            });
            out
        };
        let at = "[[rules]]\nid = \"at\"\npattern = 'ab@c'\nanchor = \"@\"\n";
        let class = "[[rules]]\nid = \"class\"\npattern = 'a[bc]'\nanchor = \"[bc]\"\n";
        let head = "category = \"t\"\n";
        assert_eq!(found(&format!("{head}{at}{class}")), [("at".to_string(), 0, 4), ("class".to_string(), 5, 7)]);
        assert_eq!(found(&format!("{head}{class}{at}")), [("class".to_string(), 0, 2), ("class".to_string(), 5, 7)]);
    }
}
