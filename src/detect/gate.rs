//! Gates: the rules that need context leave the automaton where nothing can give it.
//!
//! A rule with `requires_context` reports nothing without a positive keyword
//! of its category (a date is a birth date only beside "born", nine digits a
//! business number only beside "BN"). Its patterns are still candidates: in a
//! log or a dump every timestamp was a birth-date candidate, validated, given
//! a context window, refused, retried with every other pattern, and searched
//! past again one byte on. That cost a third of the scan of CSV exports and
//! SQL dumps, for nothing.
//!
//! So once a buffer has shown many candidates of such rules (64, at least
//! one per 256 bytes), the detector asks which categories anything in the
//! rest of the buffer *could* give context to (see `Detector::shut_gates`). The lane holding the gated rules is
//! then swapped, for the rest of the buffer, for a lane built without the
//! rules whose category is closed. Those rules' candidates would all have been
//! refused, so the findings are the same; `tests/anchors.rs` checks it
//! against one automaton over every byte. A lane per set of open categories is
//! compiled once, the first time a buffer needs it, and shared by the workers
//! (a scan meets only a few such sets).

use std::sync::{Arc, Mutex};

use super::anchor::AnchorPlan;
use super::lane::Lane;
use crate::rules::RuleSet;

/// The lane whose rules include some that need context, and its variants.
#[derive(Debug)]
pub(super) struct Gates {
    /// Its index among the detector's lanes.
    pub lane: usize,
    /// Its rules, in priority order.
    rules: Vec<usize>,
    /// The categories some of its rules need the context of, as bits.
    pub categories: u64,
    /// The lanes built so far, by the categories left open.
    built: Mutex<Vec<(u64, Arc<Lane>)>>,
}

impl Gates {
    /// Gates for lane `lane` holding `lane_rules`, if any of them needs context.
    pub fn new(rules: &RuleSet, lane: usize, lane_rules: &[usize]) -> Option<Gates> {
        let categories = lane_rules
            .iter()
            .map(|&index| &rules.rules[index])
            .filter(|rule| rule.requires_context)
            .fold(0u64, |bits, rule| bits | 1 << rule.category);
        (categories != 0).then(|| Gates { lane, rules: lane_rules.to_vec(), categories, built: Mutex::new(Vec::new()) })
    }

    /// The lane's rules that may report when only the gated categories in
    /// `open` can have context.
    pub fn rules_open(&self, rules: &RuleSet, open: u64) -> Vec<usize> {
        self.rules
            .iter()
            .copied()
            .filter(|&index| {
                let rule = &rules.rules[index];
                !rule.requires_context || open & (1 << rule.category) != 0
            })
            .collect()
    }

    /// The lane for the gated categories in `open` (a subset of
    /// [`Gates::categories`]), built by `build` the first time it is asked
    /// for. `None` when it cannot be built: the caller keeps the full lane.
    pub fn lane_for(&self, open: u64, build: impl FnOnce() -> Option<Lane>) -> Option<Arc<Lane>> {
        let mut built = self.built.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, lane)) = built.iter().find(|(bits, _)| *bits == open) {
            return Some(lane.clone());
        }
        let lane = Arc::new(build()?);
        built.push((open, lane.clone()));
        Some(lane)
    }
}

/// The anchor plan of `chosen` rules, already proved for a superset: `None`
/// (search everything) if it cannot be made.
pub(super) fn plan_of(rules: &RuleSet, chosen: &[usize]) -> Option<AnchorPlan> {
    AnchorPlan::new(chosen.iter().map(|&index| &rules.rules[index])).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_categories_take_their_rules_that_need_context_out() {
        let rules = RuleSet::builtin().unwrap();
        let every: Vec<usize> = (0..rules.rules.len()).collect();
        let gates = Gates::new(&rules, 0, &every).unwrap();
        let date = rules.categories.iter().position(|category| category.name == "date_of_birth").unwrap();
        let phone = rules.categories.iter().position(|category| category.name == "phone").unwrap();
        assert!(gates.categories & (1 << date) != 0 && gates.categories & (1 << phone) != 0);
        let id = |index: usize| rules.rules[index].id.as_str();
        let open_phone: Vec<&str> = gates.rules_open(&rules, 1 << phone).into_iter().map(id).collect();
        assert!(open_phone.contains(&"phone-nanp-bare") && open_phone.contains(&"phone-nanp"));
        assert!(!open_phone.contains(&"date-of-birth") && !open_phone.contains(&"sin-bare"));
        assert!(open_phone.contains(&"sin-formatted"), "a rule that needs no context is never gated");
        assert_eq!(gates.rules_open(&rules, gates.categories), every);
        let ungated = Gates::new(&rules, 0, &[rules.rules.iter().position(|rule| rule.id == "email").unwrap()]);
        assert!(ungated.is_none());
    }
}
