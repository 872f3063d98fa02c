//! The detector: bytes in, candidate matches out. No I/O, no output formatting.
//!
//! # Design
//! Every pattern of every rule is compiled into **one** multi-pattern regex
//! (`regex_automata::meta::Regex::new_many`, Unicode off so it runs on any
//! bytes), and each buffer is searched once for all of them; `PatternID` maps a
//! match back to its rule. A regex per rule would read every byte once per rule;
//! the single automaton reads it once.
//!
//! Leftmost-first search reports one match per position, the highest-priority
//! pattern winning. A candidate can still be refused afterwards (validator,
//! missing context), and then a lower-priority pattern might have been right at
//! the same place: so on a refusal the detector retries every other pattern
//! *anchored at that position* before moving one byte on. Refusals are rare
//! compared with the bytes scanned, so this costs little and makes the result
//! independent of rule order.
//!
//! When every rule names an anchor (see `anchor.rs`), the patterns are split
//! by anchor class into lanes (see `lane.rs`), one automaton each, and each runs
//! only over the regions around its anchor bytes, with the same results as one
//! automaton searching every byte; otherwise that one automaton searches
//! everything.
//!
//! The rules that need context leave the lane where nothing in the buffer can
//! give it (see `gate.rs`).
//!
//! For each surviving candidate, the context index (one Aho-Corasick automaton
//! over all keywords, run over the candidate's window only) raises or lowers its
//! confidence; validators may cap it.
//!
//! # Synchronization and cloning
//! A [`Detector`] is immutable and shared by all workers (`Arc`); each worker
//! owns a [`Scratch`] holding the regex cache, so workers never contend.

mod anchor;
mod context;
pub mod examples;
mod gate;
mod lane;
mod lines;
mod table;
mod words;

pub use context::{ContextEvidence, FieldEvidence};
use context::{ContextIndex, KeywordHits, MAX_CATEGORIES};
use gate::Gates;
use lane::{Candidate, Cursor, Lane};

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, PatternID, PatternSet};
use std::sync::Arc;

use crate::finding::Confidence;
use crate::rules::{RuleError, RuleSet};

/// A candidate that passed validation and context: a rule, a span, a level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the rule in the rule set.
    pub rule: usize,
    /// Start of the match in the haystack.
    pub start: usize,
    /// End (exclusive) of the match in the haystack.
    pub end: usize,
    /// Final confidence.
    pub confidence: Confidence,
    /// The positive context keyword, if one was found.
    pub context: Option<Arc<str>>,
}

/// The compiled rule set.
#[derive(Debug)]
pub struct Detector {
    rules: Arc<RuleSet>,
    regex: Regex,
    /// The same patterns with every match reported (`MatchKind::All`): after a
    /// refusal, one anchored search says which other patterns match at that
    /// place, instead of one search per pattern. Dates in logs and nine-digit
    /// ids are refused often, and there are dozens of patterns.
    matching_at: Regex,
    /// `pattern_rule[PatternID]` is the rule index.
    pattern_rule: Vec<usize>,
    context: ContextIndex,
    /// Per rule: can context change its outcome? Not for a rule already at
    /// `high` that needs no context and whose category has no negative keyword.
    context_matters: Vec<bool>,
    /// The automata that find candidates: one per anchor class, or one over
    /// every pattern searching everything when a rule has no anchor.
    lanes: Vec<Lane>,
    /// The lane holding rules that need context, swapped per buffer for one
    /// without those whose context the buffer cannot give.
    gates: Option<Gates>,
    /// Whether the lanes run only around anchor bytes.
    anchored: bool,
}

/// Per-worker mutable state.
#[derive(Debug, Clone)]
pub struct Scratch {
    cache: meta::Cache,
    matching_at_cache: meta::Cache,
    matching: PatternSet,
    keywords: KeywordHits,
    /// Per lane: its automaton's cache and its progress through the buffer.
    lanes: Vec<(meta::Cache, Cursor)>,
    /// The gated categories that may have context in this buffer, once a
    /// candidate needed to know (see [`Detector::shut_gates`]).
    gates: Option<u64>,
    /// The gated lane's variants this worker has used, with their caches.
    variants: Vec<(u64, Arc<Lane>, meta::Cache)>,
    /// The variant in use for this buffer (an index in `variants`); `None`: the full lane.
    variant: Option<usize>,
    /// Candidates of rules needing context met in this buffer before `gates` was known.
    gated_seen: usize,
}

/// Gates are worked out once a buffer has this many candidates needing
/// context, at least one per [`GATE_DENSITY`] bytes read: finding every
/// keyword of the rest of the buffer costs about what a few thousand refused
/// candidates do, and prose with a date here and there never pays it.
const GATE_AFTER: usize = 64;
const GATE_DENSITY: usize = 256;

/// A worker keeps the caches of at most this many variants of the gated lane
/// (a scan meets a handful of sets of open categories; memory stays bounded
/// if it meets many).
const MAX_VARIANTS: usize = 8;

/// The lazy DFA's cache per worker. The default (2 MiB) thrashes on the union of
/// all patterns over mixed text (the IPv6 and email patterns have many states);
/// 8 MiB per worker keeps it warm and is small next to the read buffers.
const DFA_CACHE_CAPACITY: usize = 8 << 20;

impl Detector {
    /// Compiles every pattern of `rules` into one automaton.
    pub fn new(rules: RuleSet) -> Result<Detector, RuleError> {
        if rules.categories.len() > MAX_CATEGORIES {
            return Err(RuleError {
                source: "rules".into(),
                rule: None,
                message: format!("at most {MAX_CATEGORIES} categories are supported"),
            });
        }
        let mut patterns = Vec::new();
        let mut pattern_rule = Vec::new();
        for (index, rule) in rules.rules.iter().enumerate() {
            for pattern in &rule.patterns {
                patterns.push(pattern.as_str());
                pattern_rule.push(index);
            }
        }
        let build = |kind: MatchKind| compile(kind, &patterns);
        let regex = build(MatchKind::LeftmostFirst).map_err(|err| {
            let rule = err.pattern().map(|pid| &rules.rules[pattern_rule[pid.as_usize()]]);
            RuleError {
                source: rule.map_or_else(|| "rules".to_string(), |r| r.source.clone()),
                rule: rule.map(|r| r.id.clone()),
                message: format!("invalid pattern: {err}"),
            }
        })?;
        for (pid, rule) in pattern_rule.iter().enumerate() {
            let empty = Input::new("").anchored(Anchored::Pattern(PatternID::must(pid)));
            if regex.search(&empty).is_some() {
                let rule = &rules.rules[*rule];
                return Err(RuleError {
                    source: rule.source.clone(),
                    rule: Some(rule.id.clone()),
                    message: "pattern matches the empty string".into(),
                });
            }
        }
        let context = ContextIndex::new(&rules);
        let context_matters = rules
            .rules
            .iter()
            .map(|rule| {
                rule.requires_context || rule.confidence < Confidence::High || context.has_negative(rule.category)
            })
            .collect();
        let matching_at = build(MatchKind::All).map_err(|err| RuleError {
            source: "rules".into(),
            rule: None,
            message: format!("cannot build the pattern set: {err}"),
        })?;
        let mut gates = None;
        let (lanes, anchored) = match lane::partition(&rules.rules)? {
            Some(groups) => {
                let mut lanes = Vec::new();
                for group in groups {
                    if gates.is_none() && group.plan.is_some() {
                        gates = Gates::new(&rules, lanes.len(), &group.rules);
                    }
                    let lane = lane_of(&rules, &pattern_rule, &group.rules, group.plan).map_err(|err| RuleError {
                        source: "rules".into(),
                        rule: None,
                        message: format!("cannot build the patterns of one anchor: {err}"),
                    })?;
                    lanes.push(lane);
                }
                (lanes, true)
            }
            None => (vec![Lane::new(regex.clone(), (0..patterns.len()).collect(), None)], false),
        };
        Ok(Detector {
            rules: Arc::new(rules),
            regex,
            matching_at,
            pattern_rule,
            context,
            context_matters,
            lanes,
            gates,
            anchored,
        })
    }

    /// This detector without its anchor plan: one automaton over every pattern
    /// runs over every byte. Slower, with the same results; the tests compare the two.
    pub fn searching_everything(mut self) -> Detector {
        let every = (0..self.pattern_rule.len()).collect();
        self.lanes = vec![Lane::new(self.regex.clone(), every, None)];
        self.gates = None;
        self.anchored = false;
        self
    }

    /// Whether every rule has an anchor, so that only the text around anchor bytes is searched.
    pub fn is_anchored(&self) -> bool {
        self.anchored
    }

    /// The rule set this detector was built from.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The rule set, shared (reports that outlive a borrow keep it).
    pub fn shared_rules(&self) -> &Arc<RuleSet> {
        &self.rules
    }

    /// Fresh per-worker state.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            cache: self.regex.create_cache(),
            matching_at_cache: self.matching_at.create_cache(),
            matching: PatternSet::new(self.matching_at.pattern_len()),
            keywords: KeywordHits::default(),
            lanes: self.lanes.iter().map(|lane| (lane.create_cache(), Cursor::default())).collect(),
            gates: None,
            variants: Vec::new(),
            variant: None,
            gated_seen: 0,
        }
    }

    /// Whether `bytes` hold anything this detector finds, at any confidence:
    /// such a cell is a value, never a column name (see [`crate::source::header`]).
    pub fn recognizes(&self, scratch: &mut Scratch, bytes: &[u8]) -> bool {
        let mut found = false;
        self.find(scratch, bytes, 0..bytes.len(), |_| found = true);
        found
    }

    /// What a column called `field` says about each category (see [`FieldEvidence`]).
    pub fn field_evidence(&self, field: &str) -> FieldEvidence {
        self.context.field_evidence(field)
    }

    /// Finds every match that starts inside `span`, calling `emit` in order.
    ///
    /// Bytes outside `span` are still read: as look-behind for `\b` and the
    /// validators, as context, and to complete a match that starts inside the span
    /// and ends after it. A match starting before `span` is not reported.
    pub fn find(&self, scratch: &mut Scratch, hay: &[u8], span: std::ops::Range<usize>, emit: impl FnMut(Match)) {
        self.find_in_field(scratch, hay, span, None, emit)
    }

    /// [`Detector::find`] for a value of a structured source: the column name
    /// counts as context (a bare 10-digit number in a `telephone` column is a
    /// phone; nine Luhn-valid digits in `order_id` are not a SIN).
    pub fn find_in_field(
        &self,
        scratch: &mut Scratch,
        hay: &[u8],
        span: std::ops::Range<usize>,
        field: Option<&FieldEvidence>,
        emit: impl FnMut(Match),
    ) {
        let supported = field.map_or(0, FieldEvidence::supported);
        self.find_in_fields(scratch, hay, span, supported, |_| field, emit)
    }

    /// [`Detector::find_in_field`] over many values at once: `hay` holds values
    /// separated by newlines (which no built-in pattern crosses), and `field_at`
    /// names the column of the value at a position. One search over a batch of
    /// values costs far less than one search per value. `supported`: the
    /// categories any of these columns' names supports (the union of their
    /// [`FieldEvidence::supported`]), whose rules needing context stay searched.
    pub fn find_in_fields<'f>(
        &self,
        scratch: &mut Scratch,
        hay: &[u8],
        span: std::ops::Range<usize>,
        supported: u64,
        field_at: impl Fn(usize) -> Option<&'f FieldEvidence>,
        mut emit: impl FnMut(Match),
    ) {
        scratch.keywords.reset();
        scratch.gates = None;
        scratch.variant = None;
        scratch.gated_seen = 0;
        for (_, cursor) in &mut scratch.lanes {
            cursor.reset();
        }
        let mut at = span.start;
        while let Some(found) = self.next_candidate(scratch, hay, at, span.end) {
            let field = field_at(found.start);
            let accepted = match self.accept(&mut scratch.keywords, field, found.pattern, hay, found.start, found.end) {
                Some(accepted) => Some(accepted),
                None => self.retry_other_patterns(scratch, field, hay, found.start, found.pattern),
            };
            match accepted {
                Some(accepted) => {
                    at = accepted.end.max(found.start + 1);
                    emit(accepted);
                }
                None => at = found.start + 1,
            }
            if scratch.gates.is_none() && self.is_gated(found.pattern) {
                scratch.gated_seen += 1;
                if scratch.gated_seen >= GATE_AFTER && scratch.gated_seen * GATE_DENSITY >= at - span.start {
                    self.shut_gates(scratch, hay, at, supported);
                }
            }
        }
    }

    /// The leftmost candidate of all lanes starting at or after `at` and
    /// before `limit`; at equal starts, the pattern of highest priority, as one
    /// leftmost-first automaton over every pattern would report.
    fn next_candidate(&self, scratch: &mut Scratch, hay: &[u8], at: usize, limit: usize) -> Option<Candidate> {
        let mut best: Option<Candidate> = None;
        for (index, lane) in self.lanes.iter().enumerate() {
            if let Some(candidate) = self.lane_next(scratch, index, lane, hay, at, limit) {
                if best.is_none_or(|best| (candidate.start, candidate.pattern) < (best.start, best.pattern)) {
                    best = Some(candidate);
                }
            }
        }
        best
    }

    /// Works out which categories the rest of the buffer (from `at`) can give
    /// context to, and takes the gated lane's rules needing any other out of
    /// the search: their candidates would all be refused. A category is open
    /// when a positive keyword of it lies after `at - reach_back` (every
    /// window and question line of a candidate from `at` on does), when a
    /// column name speaks for it (`supported`), when it has adjacent words
    /// (`QC H2K3V9`), and always when the buffer holds a `|` or a tab (a
    /// table's header cell is read word by word, `dateNaissance` included).
    fn shut_gates(&self, scratch: &mut Scratch, hay: &[u8], at: usize, supported: u64) {
        let Some(gates) = &self.gates else { return };
        let open = if memchr::memchr2(b'|', b'\t', hay).is_some() {
            u64::MAX
        } else {
            let from = at.saturating_sub(self.context.reach_back());
            supported | self.context.adjacent_categories() | self.context.present(&mut scratch.keywords, hay, from)
        };
        scratch.gates = Some(open);
        if open & gates.categories != gates.categories {
            self.use_variant(scratch, gates, open & gates.categories);
            scratch.lanes[gates.lane].1.reset();
        }
    }

    /// Lane `index`'s next candidate, from the variant in use if it is the gated lane.
    fn lane_next(
        &self,
        scratch: &mut Scratch,
        index: usize,
        lane: &Lane,
        hay: &[u8],
        at: usize,
        limit: usize,
    ) -> Option<Candidate> {
        let (cache, cursor) = &mut scratch.lanes[index];
        match scratch.variant.filter(|_| self.gates.as_ref().is_some_and(|gates| gates.lane == index)) {
            Some(variant) => {
                let (_, lane, cache) = &mut scratch.variants[variant];
                lane.next(cache, cursor, hay, at, limit)
            }
            None => lane.next(cache, cursor, hay, at, limit),
        }
    }

    /// Makes the gated lane's variant for `open` the one in use (the full
    /// lane stays if it cannot be built).
    fn use_variant(&self, scratch: &mut Scratch, gates: &Gates, open: u64) {
        if let Some(known) = scratch.variants.iter().position(|(bits, _, _)| *bits == open) {
            // Kept last: the most recently used.
            let used = scratch.variants.remove(known);
            scratch.variants.push(used);
            scratch.variant = Some(scratch.variants.len() - 1);
            return;
        }
        let rules = &self.rules;
        let build = || {
            let chosen = gates.rules_open(rules, open);
            lane_of(rules, &self.pattern_rule, &chosen, gate::plan_of(rules, &chosen)).ok()
        };
        if let Some(lane) = gates.lane_for(open, build) {
            let cache = lane.create_cache();
            if scratch.variants.len() == MAX_VARIANTS {
                // Each keeps a lazy-DFA cache: the one used longest ago goes.
                scratch.variants.remove(0);
            }
            scratch.variants.push((open, lane, cache));
            scratch.variant = Some(scratch.variants.len() - 1);
        }
    }

    /// Whether `pattern`'s rule needs context.
    fn is_gated(&self, pattern: usize) -> bool {
        self.rules.rules[self.pattern_rule[pattern]].requires_context
    }

    /// Whether `pattern`'s rule needs context that `gates` says nothing in the buffer can give.
    fn is_closed(&self, gates: Option<u64>, pattern: usize) -> bool {
        let rule = &self.rules.rules[self.pattern_rule[pattern]];
        rule.requires_context && gates.is_some_and(|gates| gates & (1 << rule.category) == 0)
    }

    /// After pattern `refused` was refused at `start`, tries every other pattern anchored there.
    fn retry_other_patterns(
        &self,
        scratch: &mut Scratch,
        field: Option<&FieldEvidence>,
        hay: &[u8],
        start: usize,
        refused: usize,
    ) -> Option<Match> {
        scratch.matching.clear();
        let here = Input::new(hay).span(start..hay.len()).anchored(Anchored::Yes);
        self.matching_at.which_overlapping_matches_with(&mut scratch.matching_at_cache, &here, &mut scratch.matching);
        // In priority order: the set iterates by pattern id.
        for pattern in scratch.matching.iter().map(|id| id.as_usize()) {
            if pattern == refused || self.is_closed(scratch.gates, pattern) {
                continue;
            }
            let input = Input::new(hay).span(start..hay.len()).anchored(Anchored::Pattern(PatternID::must(pattern)));
            if let Some(found) = self.regex.search_with(&mut scratch.cache, &input) {
                if let Some(accepted) =
                    self.accept(&mut scratch.keywords, field, pattern, hay, found.start(), found.end())
                {
                    return Some(accepted);
                }
            }
        }
        None
    }

    /// Validates a candidate and scores it with its context.
    fn accept(
        &self,
        keywords: &mut KeywordHits,
        field: Option<&FieldEvidence>,
        pattern: usize,
        hay: &[u8],
        start: usize,
        end: usize,
    ) -> Option<Match> {
        let rule_index = self.pattern_rule[pattern];
        let rule = &self.rules.rules[rule_index];
        let verdict = rule.validator.check(hay, start, end)?;
        let mut evidence = if self.context_matters[rule_index] {
            self.context.evidence(keywords, hay, (start, end), rule.category, field.is_none())
        } else {
            ContextEvidence::default()
        };
        // The column name is the value's key: it decides unless a key inside the value does.
        if let Some(field) = field.filter(|_| !evidence.decisive) {
            let (supports, contradicts) = (field.supports(rule.category), field.contradicts(rule.category));
            if supports || contradicts {
                evidence.positive = if supports { field.name.clone() } else { None };
                evidence.negative = contradicts;
            }
        }
        // A rule that needs context needs it unambiguous: "licence" beside "software
        // key" is no driver's licence, and the place stays open for another rule.
        if rule.requires_context && (evidence.positive.is_none() || evidence.negative) {
            return None;
        }
        let base = if evidence.positive.is_some() { rule.context_confidence } else { rule.confidence };
        let mut confidence = base.shifted(-i8::from(evidence.negative) - verdict.demote);
        if let Some(cap) = verdict.cap {
            confidence = confidence.min(cap);
        }
        Some(Match { rule: rule_index, start, end, confidence, context: evidence.positive })
    }
}

/// The regex over `patterns`, with piimap's settings (bytes, not Unicode).
fn compile(kind: MatchKind, patterns: &[&str]) -> Result<Regex, Box<meta::BuildError>> {
    Regex::builder()
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .configure(Regex::config().match_kind(kind).utf8_empty(false).hybrid_cache_capacity(DFA_CACHE_CAPACITY))
        .build_many(patterns)
        .map_err(Box::new)
}

/// The lane searching the patterns of the `chosen` rules over `plan`'s regions.
fn lane_of(
    rules: &RuleSet,
    pattern_rule: &[usize],
    chosen: &[usize],
    plan: Option<anchor::AnchorPlan>,
) -> Result<Lane, Box<meta::BuildError>> {
    let ids: Vec<usize> = (0..pattern_rule.len()).filter(|&pid| chosen.contains(&pattern_rule[pid])).collect();
    // A rule's patterns have consecutive ids: its first is `pid - first[rule]`'s offset.
    let first = |rule: usize| pattern_rule.iter().position(|&owner| owner == rule).unwrap_or(0);
    let own: Vec<&str> = ids
        .iter()
        .map(|&pid| rules.rules[pattern_rule[pid]].patterns[pid - first(pattern_rule[pid])].as_str())
        .collect();
    Ok(Lane::new(compile(MatchKind::LeftmostFirst, &own)?, ids, plan))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detector() -> Detector {
        Detector::new(RuleSet::builtin().unwrap()).unwrap()
    }

    /// Buffers whose words open different sets of gated categories: one
    /// worker keeps at most `MAX_VARIANTS` variants, and whichever it keeps or
    /// drops, the findings are those of one automaton over every byte.
    #[test]
    fn variants_past_the_cap_give_the_same_findings() {
        let gated = detector();
        let everything = detector().searching_everything();
        let words = ["born", "BN", "passport", "permis de conduire", "NAS", "RAMQ", "transit"];
        let mut scratch = gated.scratch();
        let mut reference = everything.scratch();
        let mut sets = std::collections::BTreeSet::new();
        for subset in 0..1u32 << words.len() {
            let mut text = String::new();
            for row in 0..120 {
                text.push_str(&format!("2024-03-{:02} 10:22:01 id {} ok\n", row % 28 + 1, 100_000_000 + row * 7919));
            }
            for (bit, word) in words.iter().enumerate() {
                if subset & 1 << bit != 0 {
                    text.push_str(&format!("{word} 1987-04-12 123456782 AB123456\n"));
                }
            }
            let found = |detector: &Detector, scratch: &mut Scratch| {
                let mut out = Vec::new();
                detector.find(scratch, text.as_bytes(), 0..text.len(), |found| out.push(found));
                out
            };
            assert_eq!(found(&gated, &mut scratch), found(&everything, &mut reference), "words {subset:b}");
            sets.insert(scratch.gates);
            assert!(scratch.variants.len() <= MAX_VARIANTS);
        }
        assert!(sets.len() > MAX_VARIANTS + 1, "enough sets of open categories to evict: {}", sets.len());
        assert_eq!(scratch.variants.len(), MAX_VARIANTS);
    }

    fn find_all(detector: &Detector, text: &str) -> Vec<(String, String, Confidence)> {
        let mut scratch = detector.scratch();
        let mut out = Vec::new();
        detector.find(&mut scratch, text.as_bytes(), 0..text.len(), |m| {
            out.push((detector.rules().rules[m.rule].id.clone(), text[m.start..m.end].to_string(), m.confidence))
        });
        out
    }

    #[test]
    fn one_pass_finds_every_category() {
        let detector = detector();
        let text = "Jean <jean@exemple.qc.ca>, tél. 418-549-6754, H2K 3V9, NAS 130 692 544, IP 203.0.113.7";
        let ids: Vec<_> = find_all(&detector, text).into_iter().map(|(id, _, _)| id).collect();
        assert_eq!(ids, ["email", "phone-nanp", "postal-code-ca", "sin-formatted", "ipv4"]);
    }

    #[test]
    fn context_raises_and_absence_keeps_level() {
        let detector = detector();
        assert_eq!(find_all(&detector, "418-549-6754")[0].2, Confidence::Medium);
        assert_eq!(find_all(&detector, "Téléphone: 418-549-6754")[0].2, Confidence::High);
        assert!(find_all(&detector, "4185496754").is_empty(), "bare digits need context");
        assert_eq!(find_all(&detector, "cell 4185496754")[0].2, Confidence::Medium);
    }

    #[test]
    fn refused_candidate_lets_another_rule_match_at_the_same_place() {
        // A rule set where a higher-priority rule always refuses: the second must still be found.
        let mut rules = RuleSet::empty();
        rules
            .add_file(
                "t.toml",
                "category = \"t\"\n[[rules]]\nid = \"first\"\npattern = '''\\d{9}'''\nvalidator = \"luhn\"\n\
                 [[rules]]\nid = \"second\"\npattern = '''\\d{3}'''\n",
            )
            .unwrap();
        let detector = Detector::new(rules).unwrap();
        let found = find_all(&detector, "123456789");
        assert_eq!(found[0], ("second".to_string(), "123".to_string(), Confidence::Medium));
    }

    #[test]
    fn column_names_are_context() {
        let detector = detector();
        let find = |field: &str, value: &str| {
            let evidence = detector.field_evidence(field);
            let mut scratch = detector.scratch();
            let mut found = Vec::new();
            detector.find_in_field(&mut scratch, value.as_bytes(), 0..value.len(), Some(&evidence), |m| {
                found.push((
                    detector.rules().rules[m.rule].id.clone(),
                    m.confidence,
                    m.context.as_deref().map(String::from),
                ))
            });
            found
        };
        assert_eq!(
            find("telephone", "4185496754"),
            [("phone-nanp-bare".into(), Confidence::Medium, Some("telephone".into()))]
        );
        assert_eq!(find("nas", "130692544")[0].1, Confidence::Medium);
        assert!(find("order_id", "130692544").is_empty(), "bare digits in an order id are no SIN");
        assert_eq!(find("order_id", "130 692 544")[0].1, Confidence::Low, "below the default threshold");
        assert!(find("notes", "4185496754").is_empty());
    }

    #[test]
    fn matches_are_reported_only_from_the_span() {
        let detector = detector();
        let text = "a@example.com b@example.com";
        let mut scratch = detector.scratch();
        let mut starts = Vec::new();
        detector.find(&mut scratch, text.as_bytes(), 1..text.len(), |m| starts.push(m.start));
        assert_eq!(starts, [14]);
    }

    #[test]
    fn bad_patterns_name_their_rule() {
        let mut rules = RuleSet::builtin().unwrap();
        rules.add_file("mine.toml", "category = \"x\"\n[[rules]]\nid = \"broken\"\npattern = '(unclosed'\n").unwrap();
        let err = Detector::new(rules).unwrap_err();
        assert_eq!((err.source.as_str(), err.rule.as_deref()), ("mine.toml", Some("broken")));

        let mut rules = RuleSet::builtin().unwrap();
        rules.add_file("mine.toml", "category = \"x\"\n[[rules]]\nid = \"empty\"\npattern = 'a*'\n").unwrap();
        let err = Detector::new(rules).unwrap_err();
        assert!(err.message.contains("empty string"), "{err}");
    }
}
