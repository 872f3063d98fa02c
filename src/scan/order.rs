//! Ordering: jobs finish in any order, and their output is written in input
//! order, so that every report is the same from run to run.
//!
//! # Why a reorder window
//! Workers take jobs from an atomic cursor, so jobs start roughly in order.
//! The writer ([`aggregate`]) holds early arrivals until every job before them
//! is written. A worker does not start job `i` until job `i - width` has been
//! written ([`WriteWindow`]), so at most `width` jobs' results wait in memory
//! whatever the input size. This cannot deadlock: the job being waited for was
//! taken earlier by a worker that is not itself waiting on the window.
//!
//! # Line numbers across chunks
//! A chunk's first line number is the number of newlines in all chunks before
//! it ([`LineChain`]). Each chunk counts its own newlines first, waits for its
//! predecessor's running total, and publishes its own. Because chunks are
//! taken in order, the predecessor is always already being worked on: the wait
//! is short and cannot deadlock. Every job publishes, even a failed one.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::Instant;

use super::collect::{keep_examples, Collector, Place};
use super::{JobOutput, JobStatus, Message, ScanOutcome, Shared};
use crate::allow::Allowed;
use crate::finding::{merge_profiles, ColumnProfile, Counts, FileError, Finding, NameKind};
use crate::guard::NameMatch;
use crate::input::Input;
use crate::sink::{Sink, Wants};

/// Where a chunk starts, in lines: newlines before it, and the offset of the
/// line it starts in (for columns of matches on a line cut by the chunk boundary).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct LinePosition {
    pub(super) newlines_before: u64,
    pub(super) line_start: u64,
}

/// The running line count of one split file, handed from chunk to chunk.
pub(super) struct LineChain {
    positions: Mutex<Vec<Option<LinePosition>>>,
    published: Condvar,
}

impl LineChain {
    pub(super) fn new(chunks: usize) -> LineChain {
        let mut positions = vec![None; chunks + 1];
        positions[0] = Some(LinePosition::default());
        LineChain { positions: Mutex::new(positions), published: Condvar::new() }
    }

    pub(super) fn wait_for(&self, chunk: usize) -> LinePosition {
        let mut positions = self.positions.lock().unwrap_or_else(|poison| poison.into_inner());
        loop {
            if let Some(position) = positions[chunk] {
                return position;
            }
            positions = self.published.wait(positions).unwrap_or_else(|poison| poison.into_inner());
        }
    }

    pub(super) fn publish(&self, chunk: usize, position: LinePosition) {
        let mut positions = self.positions.lock().unwrap_or_else(|poison| poison.into_inner());
        positions[chunk] = Some(position);
        self.published.notify_all();
    }
}

/// Jobs a worker may run ahead of the writer, per worker thread.
///
/// Two keeps every worker busy while one waits on a slow neighbour, and bounds
/// buffered output to a few chunks' worth (a dense 8 MiB chunk renders to ~25 MB).
pub(super) const JOBS_AHEAD_PER_WORKER: usize = 2;

/// How far the writer has got: workers wait here before starting a job too far ahead.
pub(super) struct WriteWindow {
    written: Mutex<usize>,
    advanced: Condvar,
    width: usize,
}

impl WriteWindow {
    /// A window letting workers run `width` jobs ahead of the writer.
    pub(super) fn new(width: usize) -> WriteWindow {
        WriteWindow { written: Mutex::new(0), advanced: Condvar::new(), width }
    }

    pub(super) fn wait_until_near(&self, job: usize, stop: &AtomicBool) {
        let mut written = self.written.lock().unwrap_or_else(|poison| poison.into_inner());
        while job >= *written + self.width && !stop.load(Ordering::Relaxed) {
            written = self.advanced.wait(written).unwrap_or_else(|poison| poison.into_inner());
        }
    }

    /// Whether every job before `job` is written.
    pub(super) fn is_head(&self, job: usize) -> bool {
        *self.written.lock().unwrap_or_else(|poison| poison.into_inner()) >= job
    }

    /// Waits until every job before `job` is written; false if the scan is stopping.
    pub(super) fn wait_until_head(&self, job: usize, stop: &AtomicBool) -> bool {
        let mut written = self.written.lock().unwrap_or_else(|poison| poison.into_inner());
        while *written < job && !stop.load(Ordering::Relaxed) {
            written = self.advanced.wait(written).unwrap_or_else(|poison| poison.into_inner());
        }
        !stop.load(Ordering::Relaxed)
    }

    pub(super) fn advance_to(&self, written: usize) {
        *self.written.lock().unwrap_or_else(|poison| poison.into_inner()) = written;
        self.advanced.notify_all();
    }
}

/// State of the file whose chunks are arriving.
#[derive(Default)]
struct FileAssembly {
    findings: Vec<Finding>,
    counts: Counts,
    read_any: bool,
    binary: bool,
    errors: Vec<String>,
    /// Partial-read problems (`row 4 (line 6): ...`).
    issues: Vec<String>,
    /// Column profiles of the file's jobs (a Parquet file's row groups are
    /// profiled by several jobs: merged when the file is done).
    columns: Vec<ColumnProfile>,
    /// Notes on how the file was read.
    notes: Vec<String>,
    /// What was read of a database table.
    table_read: Option<Box<crate::finding::TableRead>>,
}

pub(super) fn aggregate(
    receiver: &mpsc::Receiver<Message>,
    shared: &Shared,
    window: &WriteWindow,
    sink: &mut dyn Sink,
    outcome: &mut ScanOutcome,
    progress: &mut Progress,
) -> std::io::Result<()> {
    let rules = shared.detector.rules();
    let mut waiting: BTreeMap<usize, JobOutput> = BTreeMap::new();
    let mut next = 0;
    let mut assembly = FileAssembly::default();
    for message in receiver.iter() {
        let (index, output) = match message {
            Message::Done(index, output) => (index, *output),
            // Sent only by the job at the head, so it goes straight out.
            Message::Partial(bytes) => {
                sink.rendered(&bytes)?;
                continue;
            }
            Message::Spilled(spill) => {
                write_spill(spill, sink)?;
                continue;
            }
        };
        waiting.insert(index, output);
        while let Some(output) = waiting.remove(&next) {
            let job = shared.jobs[next];
            next += 1;
            if job.is_first() {
                assembly = FileAssembly::default();
            }
            absorb(output, &mut assembly, shared, sink, outcome, progress)?;
            if job.is_last() {
                let file = &shared.files[job.file()];
                let path_names = &shared.path_names[job.file()];
                if assembly.read_any && !path_names.is_empty() {
                    let output = path_findings(shared, file, path_names);
                    absorb(output, &mut assembly, shared, sink, outcome, progress)?;
                }
                finish_file(file, std::mem::take(&mut assembly), rules, sink, outcome)?;
                progress.files(outcome.summary.files_scanned);
            }
        }
        window.advance_to(next);
    }
    Ok(())
}

/// Adds a job's output to its file's assembly (rendered bytes go to the sink
/// now, in order), and its counts to the summary.
fn absorb(
    output: JobOutput,
    assembly: &mut FileAssembly,
    shared: &Shared,
    sink: &mut dyn Sink,
    outcome: &mut ScanOutcome,
    progress: &mut Progress,
) -> std::io::Result<()> {
    progress.advance(output.bytes);
    let summary = &mut outcome.summary;
    summary.bytes_scanned += output.bytes;
    summary.below_threshold += output.below_threshold;
    summary.allowed_by_config += output.allowed[Allowed::Config as usize];
    summary.allowed_inline += output.allowed[Allowed::Inline as usize];
    summary.baselined += output.allowed[Allowed::Baseline as usize];
    assembly.issues.extend(output.issues);
    assembly.notes.extend(output.notes);
    if output.table_read.is_some() {
        assembly.table_read = output.table_read;
    }
    match output.status {
        JobStatus::Read => assembly.read_any = true,
        JobStatus::Binary => assembly.binary = true,
        // Every piece of a split file fails alike when its plan does: once is enough.
        JobStatus::Failed(reason) if assembly.errors.contains(&reason) => {}
        JobStatus::Failed(reason) => assembly.errors.push(reason),
    }
    if let Some(spill) = output.spill {
        write_spill(spill, sink)?;
    }
    if !output.rendered.is_empty() {
        sink.rendered(&output.rendered)?;
    }
    assembly.columns.extend(output.columns);
    assembly.findings.extend(output.findings);
    if !matches!(shared.wants, Wants::Findings) {
        keep_examples(&mut assembly.findings, shared.detector.rules());
    }
    assembly.counts.merge(&output.counts);
    Ok(())
}

/// The findings in a file's path (see [`crate::guard`]), as one more output of
/// the file, after its content's.
fn path_findings(shared: &Shared, file: &Input, names: &[NameMatch]) -> JobOutput {
    let mut collector = Collector::new(shared, file);
    for name in names {
        let place = Place {
            start: 0,
            end: 0,
            line: 0,
            column: 0,
            whole_line: None,
            record: None,
            in_name: Some(NameKind::Path),
        };
        collector.consider(name.found.clone(), &name.value, place);
    }
    collector.finish(0)
}

/// Copies a job's parked output to the sink.
fn write_spill(mut spill: File, sink: &mut dyn Sink) -> std::io::Result<()> {
    spill.rewind()?;
    let mut block = vec![0u8; 1 << 20];
    loop {
        match spill.read(&mut block) {
            Ok(0) => return Ok(()),
            Ok(read) => sink.rendered(&block[..read])?,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(std::io::Error::new(err.kind(), format!("reading back parked output: {err}"))),
        }
    }
}

fn finish_file(
    file: &Input,
    assembly: FileAssembly,
    rules: &crate::rules::RuleSet,
    sink: &mut dyn Sink,
    outcome: &mut ScanOutcome,
) -> std::io::Result<()> {
    for reason in assembly.errors {
        // A table's errors say which table (`table public.users: ...`).
        let (location, reason) = match &file.origin {
            crate::input::Origin::Table { .. } => match reason.split_once(": ") {
                Some((location, rest)) => (location.to_string(), rest.to_string()),
                None => (String::new(), reason),
            },
            _ => (String::new(), reason),
        };
        outcome.errors.push(FileError { path: file.display.clone(), location, reason });
    }
    outcome.summary.tables.extend(assembly.table_read.map(|read| *read));
    if let crate::input::Origin::Object { object, .. } = &file.origin {
        outcome.summary.bytes_downloaded += object.downloaded();
    }
    for issue in assembly.issues {
        let (location, reason) = issue.split_once(": ").unwrap_or(("", &issue));
        outcome.errors.push(FileError { path: file.display.clone(), location: location.into(), reason: reason.into() });
    }
    if !assembly.notes.is_empty() {
        outcome.summary.files_read_as_text += 1;
    }
    for reason in assembly.notes {
        outcome.notices.push(FileError { path: file.display.clone(), location: String::new(), reason });
    }
    if assembly.binary {
        outcome.summary.files_skipped_binary += 1;
        return Ok(());
    }
    if !assembly.read_any {
        return Ok(());
    }
    let columns = if sink.partial_profiles() {
        crate::finding::merge_partial(assembly.columns)
    } else {
        merge_profiles(assembly.columns)
    };
    if !columns.is_empty() {
        sink.columns(&columns)?;
    }
    outcome.summary.files_scanned += 1;
    if assembly.counts.total() == 0 {
        return Ok(());
    }
    outcome.summary.files_with_findings += 1;
    outcome.summary.add(&assembly.counts, |index| rules.categories[index].name.as_str());
    sink.file(&file.display, &assembly.counts, &assembly.findings)
}

/// The progress bar, shown only once the scan has run for a while.
pub(super) struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: bool,
}

impl Progress {
    /// Progress of a scan of `total_bytes` started at `started`, drawn when `enabled`.
    pub(super) fn new(enabled: bool, total_bytes: u64, started: Instant) -> Progress {
        Progress { bar: progress_bar(enabled, total_bytes), started, shown: false }
    }

    /// Clears the bar at the end of the scan.
    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn advance(&mut self, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        bar.inc(bytes);
        if !self.shown && self.started.elapsed() >= PROGRESS_DELAY {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }

    fn files(&self, scanned: u64) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{scanned} files"));
        }
    }
}

/// Scans shorter than this never show a bar: it would only flicker.
const PROGRESS_DELAY: std::time::Duration = std::time::Duration::from_millis(500);

/// A bar drawn on stderr (once [`PROGRESS_DELAY`] has passed, see `aggregate`), or a hidden one.
fn progress_bar(enabled: bool, total_bytes: u64) -> Option<ProgressBar> {
    if !enabled {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}) {msg}",
        )
        .expect("valid progress template"),
    );
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_handed_from_chunk_to_chunk() {
        let chain = std::sync::Arc::new(LineChain::new(3));
        // Chunks finish out of order: the third waits for the second, which waits for the first.
        let later = {
            let chain = chain.clone();
            std::thread::spawn(move || {
                let start = chain.wait_for(2);
                chain.publish(3, LinePosition { newlines_before: start.newlines_before + 5, line_start: 0 });
                start.newlines_before
            })
        };
        let first = chain.wait_for(0);
        chain.publish(1, LinePosition { newlines_before: first.newlines_before + 10, line_start: 100 });
        let second = chain.wait_for(1);
        chain.publish(2, LinePosition { newlines_before: second.newlines_before + 7, line_start: 200 });
        assert_eq!(later.join().unwrap(), 17, "the third chunk starts after 10 + 7 newlines");
        assert_eq!(chain.wait_for(3).newlines_before, 22);
    }

    #[test]
    fn the_window_holds_workers_near_the_writer() {
        let window = std::sync::Arc::new(WriteWindow::new(2));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        assert!(window.is_head(0) && !window.is_head(1));
        window.wait_until_near(1, &stop); // within the window: no wait
        let waiter = {
            let (window, stop) = (window.clone(), stop.clone());
            std::thread::spawn(move || window.wait_until_head(3, &stop))
        };
        window.advance_to(3);
        assert!(waiter.join().unwrap(), "job 3 is the head once 3 jobs are written");
        stop.store(true, Ordering::Relaxed);
        assert!(!window.wait_until_head(10, &stop), "a stopping scan wakes every waiter");
    }
}
