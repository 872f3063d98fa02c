//! Anchors: a cheap byte scan that decides where the automaton runs.
//!
//! A rule may name an *anchor*, a byte class that every match of every one of
//! its patterns contains: `@` for e-mail, `[0-9]` for phones, SINs, postal
//! codes and IPv4, `:` for IPv6. The claim is not trusted: [`AnchorPlan::new`]
//! proves it from the pattern's syntax tree, and also derives how far a match
//! can reach around an anchor byte: at most `before` bytes precede its first
//! anchor byte, and it is at most `after` bytes long.
//!
//! The detector then scans the input for anchor bytes with a table lookup
//! (several times faster than the automaton) and groups them into [`Region`]s:
//! each anchor byte at `p` claims `[p - before, p + after)` and overlapping
//! claims merge. Every possible match lies inside one region, so running the
//! automaton over the regions only, in order, reports exactly what a search of
//! the whole input would: text without anchor bytes (most prose, markup, code)
//! is never given to the automaton.
//!
//! If any rule has no anchor, there is no plan and the whole input is searched.

use regex_syntax::hir::{Class, Hir, HirKind};

use crate::rules::{Rule, RuleError};

/// Which bytes are anchors, and how far matches reach around each.
#[derive(Debug, Clone)]
pub struct AnchorPlan {
    /// Per byte value: the largest `before` of the rules it anchors (0: not an anchor byte).
    before: [u16; 256],
    /// Per byte value: the largest `after` of the rules it anchors (0: not an anchor byte).
    after: [u16; 256],
    /// The largest `before` of all.
    max_before: usize,
}

/// The largest reach an anchor may claim: past it, the gain is gone anyway.
const MAX_REACH: usize = 4096;

/// A region this long has anchors all over: the rest of the input is searched whole.
const DENSE_REGION: usize = 16 << 10;

/// A stretch of the input that may hold matches: the automaton searches `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start: usize,
    pub end: usize,
}

impl AnchorPlan {
    /// The byte `rule`'s anchor names, when it names exactly one (`@`, `:`);
    /// `None` for a class (`[0-9]`) or no anchor.
    pub fn single_byte(rule: &Rule) -> Result<Option<u8>, RuleError> {
        let Some(spec) = rule.anchor.as_deref() else { return Ok(None) };
        let anchor = parse_anchor(spec).map_err(|message| RuleError {
            source: rule.source.clone(),
            rule: Some(rule.id.clone()),
            message,
        })?;
        let mut bytes = (0..=255u8).filter(|&byte| anchor[byte as usize]);
        Ok(match (bytes.next(), bytes.next()) {
            (Some(byte), None) => Some(byte),
            _ => None,
        })
    }

    /// The plan for `rules`, or `None` when a rule has no anchor. A declared
    /// anchor that a pattern does not always contain, or a pattern whose matches
    /// have no bounded length, is an error naming the rule.
    pub fn new<'r>(rules: impl IntoIterator<Item = &'r Rule> + Clone) -> Result<Option<AnchorPlan>, RuleError> {
        if rules.clone().into_iter().any(|rule| rule.anchor.is_none()) {
            return Ok(None);
        }
        let mut plan = AnchorPlan { before: [0; 256], after: [0; 256], max_before: 0 };
        for rule in rules {
            let error =
                |message: String| RuleError { source: rule.source.clone(), rule: Some(rule.id.clone()), message };
            let spec = rule.anchor.as_deref().unwrap_or_default();
            let anchor = parse_anchor(spec).map_err(&error)?;
            let (mut before, mut after) = (0usize, 1usize);
            for pattern in &rule.patterns {
                let hir = regex_automata::util::syntax::parse_with(
                    pattern,
                    &regex_automata::util::syntax::Config::new().unicode(false).utf8(false),
                )
                .map_err(|err| error(format!("invalid pattern: {err}")))?;
                if !must_contain(&hir, &anchor) {
                    return Err(error(format!(
                        "anchor {spec:?}: pattern {pattern:?} can match text without one of these bytes; \
                         fix the anchor or remove it (the whole input is then searched)"
                    )));
                }
                let reach = hir.properties().maximum_len().zip(bytes_before_anchor(&hir, &anchor));
                match reach {
                    Some((len, pre)) if len <= MAX_REACH => {
                        after = after.max(len);
                        before = before.max(pre);
                    }
                    _ => {
                        return Err(error(format!(
                            "anchor {spec:?}: pattern {pattern:?} has matches of unbounded (or over {MAX_REACH} \
                             bytes) length; bound its repetitions ({{0,8}} instead of *) or remove the anchor"
                        )))
                    }
                }
            }
            for (byte, _) in anchor.iter().enumerate().filter(|(_, &is_anchor)| is_anchor) {
                plan.before[byte] = plan.before[byte].max(before as u16);
                plan.after[byte] = plan.after[byte].max(after as u16);
            }
            plan.max_before = plan.max_before.max(before);
        }
        Ok(Some(plan))
    }

    /// The next region of `hay` that may hold a match starting at or after
    /// `from` and before `limit`; regions never start before `from`.
    pub fn next_region(&self, hay: &[u8], from: usize, limit: usize) -> Option<Region> {
        // Anchor bytes past `limit + max_before` cannot belong to a match starting before `limit`.
        let scan_end = hay.len().min(limit.saturating_add(self.max_before));
        let first = self.next_anchor(hay, from, scan_end)?;
        let mut start = first.saturating_sub(self.before[hay[first] as usize] as usize).max(from);
        let mut end = first + self.after[hay[first] as usize] as usize;
        // Grow the region over every anchor byte whose reach touches it.
        let mut at = first + 1;
        while let Some(next) = self.next_anchor(hay, at, scan_end.min(end + self.max_before)) {
            let byte = hay[next] as usize;
            let reach_back = next.saturating_sub(self.before[byte] as usize);
            if reach_back <= end {
                // A later anchor may reach further back (`m153@example.com`:
                // the digits come first, the `@` claims the local part).
                start = start.min(reach_back.max(from));
                end = end.max(next + self.after[byte] as usize);
            }
            at = next + 1;
            if end - start > DENSE_REGION {
                // Anchors everywhere (a log, a CSV export): skipping gains
                // nothing here, so the rest of the input is one region.
                return (start < limit).then_some(Region { start, end: hay.len() });
            }
        }
        (start < limit).then_some(Region { start, end: end.min(hay.len()) })
    }

    fn next_anchor(&self, hay: &[u8], from: usize, end: usize) -> Option<usize> {
        let end = end.min(hay.len());
        if from >= end {
            return None;
        }
        let bytes = &hay[from..end];
        // Sixteen lookups OR-ed together, without a branch per byte: text
        // without anchors goes by at a few bytes per cycle.
        let mut skipped = 0;
        for block in bytes.chunks_exact(16) {
            if block.iter().fold(0u16, |any, &byte| any | self.after[byte as usize]) != 0 {
                break;
            }
            skipped += 16;
        }
        bytes[skipped..].iter().position(|&byte| self.after[byte as usize] != 0).map(|offset| from + skipped + offset)
    }
}

/// Parses an anchor: one byte class or literal byte written as a regex (`@`, `[0-9]`, `:`).
fn parse_anchor(spec: &str) -> Result<[bool; 256], String> {
    let config = regex_automata::util::syntax::Config::new().unicode(false).utf8(false);
    let hir = regex_automata::util::syntax::parse_with(spec, &config)
        .map_err(|err| format!("invalid anchor {spec:?}: {err}"))?;
    let mut set = [false; 256];
    match hir.kind() {
        HirKind::Literal(literal) if literal.0.len() == 1 => set[literal.0[0] as usize] = true,
        HirKind::Class(class) => {
            for byte in 0..=255u8 {
                set[byte as usize] = class_contains(class, byte);
            }
        }
        _ => return Err(format!("anchor {spec:?} must be one byte or one byte class, such as \"@\" or \"[0-9]\"")),
    }
    if set.iter().all(|&anchor| anchor) {
        return Err(format!("anchor {spec:?} matches every byte: it would not narrow anything"));
    }
    Ok(set)
}

fn class_contains(class: &Class, byte: u8) -> bool {
    match class {
        Class::Bytes(bytes) => bytes.ranges().iter().any(|range| range.start() <= byte && byte <= range.end()),
        Class::Unicode(chars) => {
            byte.is_ascii()
                && chars.ranges().iter().any(|range| range.start() <= byte as char && byte as char <= range.end())
        }
    }
}

/// Whether every byte the class can match is an anchor byte (an empty class matches nothing).
fn class_within(class: &Class, anchor: &[bool; 256]) -> bool {
    match class {
        Class::Bytes(bytes) => {
            bytes.ranges().iter().all(|range| (range.start()..=range.end()).all(|b| anchor[b as usize]))
        }
        Class::Unicode(chars) => chars
            .ranges()
            .iter()
            .all(|range| (range.start() as u32..=range.end() as u32).all(|c| c < 128 && anchor[c as usize])),
    }
}

/// Whether every match of `hir` contains an anchor byte. Conservative: `false`
/// when unsure (a class only partly made of anchor bytes, an optional part).
fn must_contain(hir: &Hir, anchor: &[bool; 256]) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(literal) => literal.0.iter().any(|&byte| anchor[byte as usize]),
        HirKind::Class(class) => class_within(class, anchor),
        HirKind::Repetition(repetition) => repetition.min >= 1 && must_contain(&repetition.sub, anchor),
        HirKind::Capture(capture) => must_contain(&capture.sub, anchor),
        HirKind::Concat(parts) => parts.iter().any(|part| must_contain(part, anchor)),
        HirKind::Alternation(branches) => branches.iter().all(|branch| must_contain(branch, anchor)),
    }
}

/// An upper bound on how many bytes of a match of `hir` come before its first
/// anchor byte (its whole length when it has none); `None` when unbounded.
fn bytes_before_anchor(hir: &Hir, anchor: &[bool; 256]) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(literal) => {
            Some(literal.0.iter().position(|&byte| anchor[byte as usize]).unwrap_or(literal.0.len()))
        }
        HirKind::Class(class) => Some(usize::from(!class_within(class, anchor))),
        HirKind::Capture(capture) => bytes_before_anchor(&capture.sub, anchor),
        HirKind::Repetition(repetition) if repetition.min >= 1 && must_contain(&repetition.sub, anchor) => {
            bytes_before_anchor(&repetition.sub, anchor)
        }
        HirKind::Repetition(_) => hir.properties().maximum_len(),
        HirKind::Concat(parts) => {
            let mut before = 0usize;
            for part in parts {
                if must_contain(part, anchor) {
                    return Some(before + bytes_before_anchor(part, anchor)?);
                }
                before += part.properties().maximum_len()?;
            }
            Some(before)
        }
        HirKind::Alternation(branches) => branches
            .iter()
            .map(|branch| bytes_before_anchor(branch, anchor))
            .try_fold(0, |most, each| Some(most.max(each?))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hir(pattern: &str) -> Hir {
        regex_automata::util::syntax::parse_with(
            pattern,
            &regex_automata::util::syntax::Config::new().unicode(false).utf8(false),
        )
        .unwrap()
    }

    #[test]
    fn containment_is_proved_or_refused() {
        let digits = parse_anchor("[0-9]").unwrap();
        assert!(must_contain(&hir(r"\b\d{3}-\d{3}\b"), &digits));
        assert!(must_contain(&hir(r"(?:\+1 )?\(\d{3}\)"), &digits));
        assert!(!must_contain(&hir(r"[0-9a-f]{4}"), &digits), "a hex digit may be a letter");
        assert!(!must_contain(&hir(r"\d*x"), &digits), "zero repetitions");
        assert!(!must_contain(&hir(r"\d{3}|abc"), &digits), "one branch without");
        let at = parse_anchor("@").unwrap();
        assert!(must_contain(&hir(r"[a-z]{1,64}@[a-z]+"), &at));
    }

    #[test]
    fn reach_before_the_first_anchor() {
        let digits = parse_anchor("[0-9]").unwrap();
        assert_eq!(bytes_before_anchor(&hir(r"\b\d{3}"), &digits), Some(0));
        assert_eq!(bytes_before_anchor(&hir(r"\(\d{3}\)"), &digits), Some(1));
        assert_eq!(bytes_before_anchor(&hir(r"[A-Z]\d[A-Z]"), &digits), Some(1));
        let at = parse_anchor("@").unwrap();
        assert_eq!(bytes_before_anchor(&hir(r"[a-z.]{1,64}@x"), &at), Some(64));
        assert_eq!(bytes_before_anchor(&hir(r"[a-z.]+@x"), &at), None);
    }

    fn rule(pattern: &str, anchor: Option<&str>) -> Rule {
        Rule {
            id: "r".into(),
            category: 0,
            description: String::new(),
            patterns: vec![pattern.into()],
            anchor: anchor.map(String::from),
            validator: crate::rules::validators::Validator::NONE,
            confidence: crate::finding::Confidence::Medium,
            context_confidence: crate::finding::Confidence::High,
            requires_context: false,
            examples: Vec::new(),
            counterexamples: Vec::new(),
            source: "t.toml".into(),
        }
    }

    #[test]
    fn wrong_or_unbounded_anchors_are_errors() {
        assert!(AnchorPlan::new(&[rule(r"\d{3}", None)]).unwrap().is_none());
        let err = AnchorPlan::new(&[rule(r"[a-z]{3}", Some("[0-9]"))]).unwrap_err();
        assert!(err.message.contains("can match text without"), "{err}");
        let err = AnchorPlan::new(&[rule(r"\d+", Some("[0-9]"))]).unwrap_err();
        assert!(err.message.contains("unbounded"), "{err}");
        let err = AnchorPlan::new(&[rule(r"\d", Some("(?s:.)"))]).unwrap_err();
        assert!(err.message.contains("every byte"), "{err}");
        let err = AnchorPlan::new(&[rule(r"\d", Some("ab"))]).unwrap_err();
        assert!(err.message.contains("one byte"), "{err}");
    }

    #[test]
    fn regions_cover_reach_and_merge() {
        let plan = AnchorPlan::new(&[rule(r"[a-z]{1,4}@[a-z]{1,4}", Some("@"))]).unwrap().unwrap();
        let hay = b"....... abc@de ........................ x@y@z ....";
        let ats: Vec<usize> = memchr::memchr_iter(b'@', hay).collect();
        let first = plan.next_region(hay, 0, hay.len()).unwrap();
        assert_eq!(first, Region { start: ats[0] - 4, end: ats[0] + 9 });
        let second = plan.next_region(hay, first.end, hay.len()).unwrap();
        assert_eq!(second, Region { start: ats[1] - 4, end: (ats[2] + 9).min(hay.len()) }, "the two @ merge");
        assert!(plan.next_region(hay, second.end, hay.len()).is_none());
        assert!(plan.next_region(hay, 0, 5).is_none(), "no match can start before 5");
    }
}
