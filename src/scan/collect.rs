//! Turning accepted matches into findings: allowlists, baseline, masks,
//! fingerprints, counts; and holding, streaming or parking a job's rendered
//! output so that memory stays bounded whatever the density of findings.

use std::fs::File;
use std::sync::Arc;

use super::{JobOutput, JobStatus, Message, Shared, Stream};
use crate::allow::{inline_allows, Allowed, INLINE_MARKER};
use crate::detect::Scratch;
use crate::finding::{Finding, Fingerprint, NameKind, Record};
use crate::input::Input;
use crate::report::{Counts, EXAMPLES_PER_CATEGORY};
use crate::sink::Wants;

/// Where a finding is, as the reader knows it.
pub(super) struct Place<'b> {
    pub(super) start: u64,
    pub(super) end: u64,
    pub(super) line: u64,
    pub(super) column: u64,
    /// The finding's whole line, when `piimap:allow` may be on it.
    pub(super) whole_line: Option<&'b [u8]>,
    /// Table, field and row; the names are shared with the finding only when
    /// one is kept (most matches of a summary scan are only counted).
    pub(super) record: Option<(&'b Arc<str>, &'b Arc<str>, u64)>,
    /// Set for a value found in a name rather than in the data.
    pub(super) in_name: Option<NameKind>,
}

/// Turns accepted matches into findings: allowlists, baseline, mask,
/// fingerprint; and counts what it keeps and what it allows.
pub(super) struct Collector<'s, 'a> {
    shared: &'s Shared<'a>,
    file: &'s Input,
    allows: crate::allow::FileAllows<'s>,
    findings: Vec<Finding>,
    counts: Counts,
    below_threshold: u64,
    allowed: [u64; 3],
    /// Rendered findings not yet sent (see `stream_if_large`).
    held: Vec<u8>,
    /// Rendered findings parked on disk, older than `held`.
    spill: Option<File>,
    /// Whether fingerprints are used: rendered output shows them and a
    /// baseline compares them; sinks that take examples (table, inventory)
    /// show only masked examples, so the HMAC (a large share of the cost on a
    /// dense export) is skipped for them.
    needs_fingerprints: bool,
    /// Findings held per category for a sink that takes examples: past
    /// [`EXAMPLES_PER_CATEGORY`] only counts are kept (as `keep_examples`
    /// would), so the finding is not built, masked and dropped.
    examples_held: Vec<usize>,
}

impl<'s, 'a> Collector<'s, 'a> {
    /// The scan's detector.
    pub(super) fn detector(&self) -> &'a crate::detect::Detector {
        self.shared.detector
    }

    pub(super) fn new(shared: &'s Shared<'a>, file: &'s Input) -> Self {
        Collector {
            shared,
            file,
            allows: shared.filters.allow.for_file(file.path()),
            findings: Vec::new(),
            counts: Counts::default(),
            below_threshold: 0,
            allowed: [0; 3],
            held: Vec::new(),
            spill: None,
            needs_fingerprints: !matches!(shared.wants, Wants::Examples) || shared.filters.baseline.is_some(),
            examples_held: Vec::new(),
        }
    }

    /// Keeps the finding if it is to be reported; returns its category index then.
    pub(super) fn consider(&mut self, found: crate::detect::Match, value: &[u8], place: Place) -> Option<usize> {
        let shared = self.shared;
        if found.confidence < shared.options.min_confidence {
            self.below_threshold += 1;
            return None;
        }
        let rules = shared.detector.rules();
        let rule = &rules.rules[found.rule];
        let kind = &rules.categories[rule.category];
        let category = &kind.name;
        if self.allows.allows(&rule.id, category) {
            self.allowed[Allowed::Config as usize] += 1;
            return None;
        }
        if place.whole_line.is_some_and(|line| inline_allows(line, &rule.id, category)) {
            self.allowed[Allowed::Inline as usize] += 1;
            return None;
        }
        let fingerprint = if self.needs_fingerprints {
            shared.fingerprinter.fingerprint(category, kind.normalize, value)
        } else {
            Fingerprint([0; 16])
        };
        if shared.filters.baseline.as_ref().is_some_and(|b| b.contains(&self.file.absolute, &rule.id, &fingerprint)) {
            self.allowed[Allowed::Baseline as usize] += 1;
            return None;
        }
        self.counts.add(rule.category, found.confidence);
        if let Wants::Examples = self.shared.wants {
            if self.examples_held.len() <= rule.category {
                self.examples_held.resize(rule.category + 1, 0);
            }
            let held = &mut self.examples_held[rule.category];
            if *held >= EXAMPLES_PER_CATEGORY {
                return Some(rule.category);
            }
            *held += 1;
        }
        let masked = kind.mask.apply(value);
        self.findings.push(Finding {
            rule: found.rule,
            start: place.start,
            end: place.end,
            line: place.line,
            column: place.column,
            confidence: found.confidence,
            context: found.context,
            masked,
            fingerprint,
            value: shared.options.reveal.then(|| String::from_utf8_lossy(value).into_owned()),
            record: place.record.map(|(table, field, row)| Record {
                table: Arc::clone(table),
                field: Arc::clone(field),
                row,
            }),
            in_name: place.in_name,
        });
        Some(rule.category)
    }

    /// Keeps memory bounded on big files: once many findings are held, renders
    /// them; sends what is rendered as soon as this job is the next to be written
    /// (every earlier job written, so output order is kept). When more than
    /// [`MAX_HELD_BYTES`] is waiting and earlier jobs are still running, the
    /// output is parked in an unnamed temporary file (deleted when closed) so
    /// that this worker goes on instead of waiting: a dense export renders
    /// several bytes of JSON per byte read, and pieces of one file would
    /// otherwise run one after the other. For a sink that takes examples, keeps
    /// only those a summary shows.
    pub(super) fn stream_if_large(&mut self, stream: &Stream) {
        if self.findings.len() < FLUSH_FINDINGS || stream.tentative {
            return;
        }
        let rules = self.shared.detector.rules();
        let renderer = match self.shared.wants {
            Wants::Rendered(renderer) => renderer,
            Wants::Examples => return keep_examples(&mut self.findings, rules),
            Wants::Findings => return,
        };
        renderer.render(&self.file.name(), &self.findings, &mut self.held);
        self.findings.clear();
        let head = stream.window.is_head(stream.index);
        if !head && self.held.len() < MAX_HELD_BYTES {
            return;
        }
        if !head && self.park_held().is_ok() {
            return;
        }
        if head || stream.window.wait_until_head(stream.index, stream.stop) {
            if let Some(spill) = self.spill.take() {
                let _ = stream.sender.send(Message::Spilled(spill));
            }
            let _ = stream.sender.send(Message::Partial(std::mem::take(&mut self.held)));
        }
    }

    /// Appends the held output to this job's temporary file.
    fn park_held(&mut self) -> std::io::Result<()> {
        use std::io::Write;
        if self.spill.is_none() {
            self.spill = Some(tempfile::tempfile()?);
        }
        let spill = self.spill.as_mut().expect("just created");
        spill.write_all(&self.held)?;
        self.held.clear();
        Ok(())
    }

    pub(super) fn finish(mut self, bytes: u64) -> JobOutput {
        let mut rendered = std::mem::take(&mut self.held);
        let rules = self.shared.detector.rules();
        match self.shared.wants {
            Wants::Rendered(renderer) => {
                // About 250 bytes per finding: one allocation instead of a dozen regrowths.
                rendered.reserve(self.findings.len() * 256);
                renderer.render(&self.file.name(), &self.findings, &mut rendered);
                self.findings.clear();
            }
            Wants::Examples => keep_examples(&mut self.findings, rules),
            Wants::Findings => {}
        }
        JobOutput {
            findings: self.findings,
            rendered,
            counts: self.counts,
            below_threshold: self.below_threshold,
            allowed: self.allowed,
            bytes,
            status: JobStatus::Read,
            issues: Vec::new(),
            columns: Vec::new(),
            notes: Vec::new(),
            table_read: None,
            spill: self.spill,
        }
    }
}

/// Runs the detector over `segments` of `bytes` (whose first byte is at file
/// offset `origin`), feeding findings with their line and column to `collector`.
/// Returns the bytes owned by the segments.
pub(super) fn scan_segments(
    collector: &mut Collector,
    scratch: &mut Scratch,
    bytes: &[u8],
    origin: u64,
    segments: Vec<Segment>,
) -> u64 {
    let detector = collector.detector();
    let may_have_inline = memchr::memmem::find(bytes, INLINE_MARKER).is_some();
    let mut total_bytes = 0u64;
    for segment in segments {
        total_bytes += (segment.owned.end - segment.owned.start) as u64;
        let owned = segment.owned.clone();
        let mut line = segment.line;
        let mut line_start = segment.line_start;
        let mut cursor = owned.start;
        detector.find(scratch, bytes, segment.search_from..owned.end, |found| {
            if found.start < owned.start {
                return;
            }
            let gap = &bytes[cursor..found.start];
            if let Some(last) = memchr::memrchr(b'\n', gap) {
                line += memchr::memchr_iter(b'\n', gap).count() as u64;
                line_start = origin + (cursor + last + 1) as u64;
            }
            cursor = found.start;
            let whole_line = may_have_inline.then(|| {
                let local_start = line_start.saturating_sub(origin) as usize;
                let local_end = memchr::memchr(b'\n', &bytes[found.end..]).map_or(bytes.len(), |i| found.end + i);
                &bytes[local_start..local_end]
            });
            let offset = origin + found.start as u64;
            let place = Place {
                start: offset,
                end: origin + found.end as u64,
                line,
                column: offset - line_start + 1,
                whole_line,
                record: None,
                in_name: None,
            };
            let value = &bytes[found.start..found.end];
            collector.consider(found, value, place);
        });
    }
    total_bytes
}

/// A range of a buffer to search, and where it starts in lines.
pub(super) struct Segment {
    /// Where the search begins (earlier than `owned.start` after a mid-line cut).
    pub(super) search_from: usize,
    /// Matches starting here are reported.
    pub(super) owned: std::ops::Range<usize>,
    /// Line number at `owned.start`.
    pub(super) line: u64,
    /// File offset of the start of that line.
    pub(super) line_start: u64,
}

/// Keeps the first few findings of each category (all a summary sink shows).
pub(super) fn keep_examples(findings: &mut Vec<Finding>, rules: &crate::rules::RuleSet) {
    let mut kept = vec![0usize; rules.categories.len()];
    findings.retain(|finding| {
        let slot = &mut kept[rules.rules[finding.rule].category];
        *slot += 1;
        *slot <= EXAMPLES_PER_CATEGORY
    });
}

/// A structured file holding more findings than this streams them out (once
/// every earlier file is written) instead of keeping them to the end: a
/// 200 MB export can hold millions of findings.
pub(super) const FLUSH_FINDINGS: usize = 20_000;
/// Rendered output a job not yet at the head holds in memory before parking it
/// in a temporary file (see `Collector::stream_if_large`): memory stays
/// bounded (window width × this) whatever the density of findings.
pub(super) const MAX_HELD_BYTES: usize = 8 << 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::fixture::Fixture;

    #[test]
    fn segments_give_findings_their_lines_and_columns() {
        let text = b"first line\nTel: 418-549-6754 and jean@exemple.ca\nNAS 130 692 544\n";
        assert_eq!(&text[49..52], b"NAS");
        let fixture = Fixture::new(text);
        let shared = fixture.shared();
        let mut collector = Collector::new(&shared, &fixture.files[0]);
        let mut scratch = fixture.detector.scratch();
        // Two segments, as a git change hands its added lines: line 2 and line 3.
        let segments = vec![
            Segment { search_from: 11, owned: 11..48, line: 2, line_start: 11 },
            Segment { search_from: 49, owned: 49..64, line: 3, line_start: 49 },
        ];
        let bytes = scan_segments(&mut collector, &mut scratch, text, 0, segments);
        assert_eq!(bytes, 37 + 15);
        let output = collector.finish(bytes);
        let places: Vec<(u64, u64, &str)> =
            output.findings.iter().map(|f| (f.line, f.column, f.masked.as_str())).collect();
        assert_eq!(places, [(2, 6, "***-***-6754"), (2, 23, "j***@e*****.ca"), (3, 5, "*** *** 544")]);
        assert!(output.findings.iter().all(|f| f.value.is_none() && f.fingerprint != Fingerprint([0; 16])));
        assert_eq!(output.counts.total(), 3);
    }

    #[test]
    fn only_a_few_examples_are_kept_for_a_summary() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let email = rules.rules.iter().position(|r| r.id == "email").unwrap();
        let finding = |start| Finding {
            rule: email,
            start,
            end: start + 1,
            line: 1,
            column: 1,
            confidence: crate::finding::Confidence::High,
            context: None,
            masked: String::new(),
            fingerprint: Fingerprint([0; 16]),
            value: None,
            record: None,
            in_name: None,
        };
        let mut findings: Vec<Finding> = (0..10).map(finding).collect();
        keep_examples(&mut findings, &rules);
        assert_eq!(findings.len(), EXAMPLES_PER_CATEGORY);
        assert_eq!(findings[0].start, 0, "the first ones, in order");
    }
}
