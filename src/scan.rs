//! The scan pipeline: walked files → read jobs on worker threads → detector →
//! findings → one aggregator that writes reports in a stable order.
//!
//! # Why a job queue and a reorder buffer
//! Every file becomes one or more *jobs* (one per chunk, see [`crate::source::text`]),
//! listed in path order. Workers take the next job from an atomic cursor, so
//! jobs start roughly in order and a huge file's chunks spread over all workers.
//! Results go over a channel to the calling thread, which holds early arrivals
//! until the jobs before them are done and then hands each file to the report
//! sink in path order. Output is therefore identical from run to run (reports can
//! be diffed and snapshotted) while memory stays bounded by the few jobs in flight.
//! A work-stealing `par_iter` would start far-apart jobs at once and make that
//! buffer grow with the input, which is why the workers pull from a cursor.
//!
//! Workers share the detector and each own a scratch space and a read buffer;
//! they take no lock. Errors for one file are recorded and the scan goes on.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::fs::File;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::detect::Detector;
use crate::finding::{Confidence, FileError, Finding};
use crate::redact::{mask, Fingerprinter};
use crate::report::{Sink, Summary};
use crate::rules::RuleSet;
use crate::source::{looks_binary, text, BINARY_SNIFF_LEN};
use crate::walk::{io_reason, Walked, WalkedFile};

/// Knobs of one scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Worker threads.
    pub threads: usize,
    /// Matches below this level are counted, not reported.
    pub min_confidence: Confidence,
    /// Put raw values in findings (`--reveal`).
    pub reveal: bool,
    /// Show a progress bar on stderr.
    pub progress: bool,
}

/// What a scan produced besides what it wrote to the sink.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    /// Counts for the summary and the exit code.
    pub summary: Summary,
    /// Files that could not be read, in path order.
    pub errors: Vec<FileError>,
}

#[derive(Debug, Clone, Copy)]
enum JobKind {
    Read,
    /// A split file whose first block holds a NUL: skipped without reading the rest.
    SkipBinary,
}

#[derive(Debug, Clone, Copy)]
struct Job {
    file: usize,
    chunk: usize,
    count: usize,
    kind: JobKind,
}

/// A finding whose line (and maybe column) is still relative to its chunk.
struct PendingFinding {
    finding: Finding,
    /// Absolute offset of the start of the finding's line, when it lies in this chunk.
    line_start: Option<u64>,
}

enum JobStatus {
    Read {
        /// Newlines in the chunk's owned range.
        newlines: u64,
        /// Offset just after the last newline of the owned range, if any.
        last_line_start: Option<u64>,
    },
    Binary,
    Failed(String),
}

struct JobOutput {
    findings: Vec<PendingFinding>,
    below_threshold: u64,
    bytes: u64,
    status: JobStatus,
}

/// Scans every walked file, writing findings to `sink` file by file in path order.
pub fn run(
    options: &ScanOptions,
    detector: &Detector,
    fingerprinter: &Fingerprinter,
    walked: Walked,
    sink: &mut dyn Sink,
) -> std::io::Result<ScanOutcome> {
    let started = Instant::now();
    let files = walked.files;
    let jobs = plan_jobs(&files);
    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let progress = progress_bar(options.progress, total_bytes);

    let mut outcome = ScanOutcome::default();
    outcome.errors.extend(walked.errors);
    outcome.summary.files_skipped_too_large = walked.too_large;
    outcome.summary.min_confidence = options.min_confidence;
    outcome.summary.fingerprint_key = fingerprinter.scope;
    sink.begin()?;

    let threads = options.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("piimap-worker-{i}"))
        .build()
        .map_err(std::io::Error::other)?;
    let cursor = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel::<(usize, JobOutput)>();

    let result = pool.in_place_scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (cursor, stop, jobs, files) = (&cursor, &stop, &jobs, &files);
            scope.spawn(move |_| {
                let mut scratch = detector.scratch();
                let mut buffer = Vec::new();
                loop {
                    let index = cursor.fetch_add(1, Ordering::Relaxed);
                    if index >= jobs.len() || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let job = jobs[index];
                    let output = run_job(
                        options,
                        detector,
                        fingerprinter,
                        &mut scratch,
                        &mut buffer,
                        &files[job.file],
                        job,
                    );
                    if sender.send((index, output)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let result = aggregate(
            &receiver,
            &jobs,
            &files,
            detector.rules(),
            sink,
            &mut outcome,
            &progress,
        );
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        result
    });
    progress.finish_and_clear();
    result?;
    outcome.errors.sort();
    outcome.summary.errors = outcome.errors.len() as u64;
    outcome.summary.elapsed_seconds = started.elapsed().as_secs_f64();
    sink.finish(&outcome.summary, &outcome.errors)?;
    Ok(outcome)
}

/// One job per chunk; split files that look binary get a single skip job.
fn plan_jobs(files: &[WalkedFile]) -> Vec<Job> {
    let mut jobs = Vec::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        let count = text::chunk_count(file.size);
        if count > 1 && !file.explicit && first_block_is_binary(file) {
            jobs.push(Job {
                file: index,
                chunk: 0,
                count: 1,
                kind: JobKind::SkipBinary,
            });
            continue;
        }
        jobs.extend((0..count).map(|chunk| Job {
            file: index,
            chunk,
            count,
            kind: JobKind::Read,
        }));
    }
    jobs
}

fn first_block_is_binary(file: &WalkedFile) -> bool {
    let Ok(handle) = File::open(&file.path) else {
        return false;
    }; // the job will report the error
    let mut block = vec![0u8; BINARY_SNIFF_LEN];
    use std::os::unix::fs::FileExt;
    match handle.read_at(&mut block, 0) {
        Ok(n) => looks_binary(&block[..n]),
        Err(_) => false,
    }
}

fn run_job(
    options: &ScanOptions,
    detector: &Detector,
    fingerprinter: &Fingerprinter,
    scratch: &mut crate::detect::Scratch,
    buffer: &mut Vec<u8>,
    file: &WalkedFile,
    job: Job,
) -> JobOutput {
    let failed = |reason: String| JobOutput {
        findings: Vec::new(),
        below_threshold: 0,
        bytes: 0,
        status: JobStatus::Failed(reason),
    };
    if let JobKind::SkipBinary = job.kind {
        return JobOutput {
            findings: Vec::new(),
            below_threshold: 0,
            bytes: 0,
            status: JobStatus::Binary,
        };
    }
    let handle = match File::open(&file.path) {
        Ok(handle) => handle,
        Err(err) => return failed(io_reason(&err)),
    };
    let unit = match text::read_chunk(&handle, file.size, job.chunk, job.count, buffer) {
        Ok(unit) => unit,
        Err(err) => {
            let reason = io_reason(&err);
            return failed(if job.count > 1 {
                format!(
                    "{reason} (reading chunk {} of {})",
                    job.chunk + 1,
                    job.count
                )
            } else {
                reason
            });
        }
    };
    if job.count == 1 && !file.explicit && looks_binary(unit.bytes) {
        return JobOutput {
            findings: Vec::new(),
            below_threshold: 0,
            bytes: 0,
            status: JobStatus::Binary,
        };
    }

    let bytes = unit.bytes;
    let owned = unit.owned.clone();
    let rules = detector.rules();
    let mut findings = Vec::new();
    let mut below_threshold = 0;
    // Line bookkeeping: newlines counted from the owned start up to `cursor`.
    let mut cursor = owned.start;
    let mut newlines = 0u64;
    let mut line_start = (job.chunk == 0 || unit.search_from == owned.start).then_some(owned.start);
    let mut advance = |to: usize, newlines: &mut u64, line_start: &mut Option<usize>| {
        let gap = &bytes[cursor..to];
        let count = memchr::memchr_iter(b'\n', gap).count() as u64;
        if count > 0 {
            *newlines += count;
            *line_start = memchr::memrchr(b'\n', gap).map(|i| cursor + i + 1);
        }
        cursor = to;
    };
    detector.find(scratch, bytes, unit.search_from..owned.end, |found| {
        if found.start < owned.start {
            return;
        }
        if found.confidence < options.min_confidence {
            below_threshold += 1;
            return;
        }
        advance(found.start, &mut newlines, &mut line_start);
        let category = &rules.category_of(found.rule).name;
        let value = &bytes[found.start..found.end];
        findings.push(PendingFinding {
            finding: Finding {
                rule: found.rule,
                start: unit.origin + found.start as u64,
                end: unit.origin + found.end as u64,
                line: newlines,
                column: 0,
                confidence: found.confidence,
                context: found.context,
                masked: mask(category, value),
                fingerprint: fingerprinter.fingerprint(category, value),
                value: options
                    .reveal
                    .then(|| String::from_utf8_lossy(value).into_owned()),
            },
            line_start: line_start.map(|s| unit.origin + s as u64),
        });
    });
    advance(owned.end, &mut newlines, &mut line_start);
    let last_line_start = if newlines > 0 {
        line_start.map(|s| unit.origin + s as u64)
    } else {
        None
    };
    JobOutput {
        findings,
        below_threshold,
        bytes: (owned.end - owned.start) as u64,
        status: JobStatus::Read {
            newlines,
            last_line_start,
        },
    }
}

/// State of the file whose chunks are being put back together.
#[derive(Default)]
struct FileAssembly {
    findings: Vec<Finding>,
    lines_before: u64,
    last_line_start: u64,
    read_any: bool,
    binary: bool,
    errors: Vec<String>,
}

fn aggregate(
    receiver: &mpsc::Receiver<(usize, JobOutput)>,
    jobs: &[Job],
    files: &[WalkedFile],
    rules: &RuleSet,
    sink: &mut dyn Sink,
    outcome: &mut ScanOutcome,
    progress: &ProgressBar,
) -> std::io::Result<()> {
    let mut waiting: BTreeMap<usize, JobOutput> = BTreeMap::new();
    let mut next = 0;
    let mut assembly = FileAssembly::default();
    for (index, output) in receiver.iter() {
        waiting.insert(index, output);
        while let Some(output) = waiting.remove(&next) {
            let job = jobs[next];
            next += 1;
            if job.chunk == 0 {
                assembly = FileAssembly::default();
            }
            progress.inc(output.bytes);
            outcome.summary.bytes_scanned += output.bytes;
            outcome.summary.below_threshold += output.below_threshold;
            match output.status {
                JobStatus::Read {
                    newlines,
                    last_line_start,
                } => {
                    assembly.read_any = true;
                    for pending in output.findings {
                        let mut finding = pending.finding;
                        let line_start = pending.line_start.unwrap_or(assembly.last_line_start);
                        finding.line += assembly.lines_before + 1;
                        finding.column = finding.start - line_start + 1;
                        assembly.findings.push(finding);
                    }
                    assembly.lines_before += newlines;
                    if let Some(start) = last_line_start {
                        assembly.last_line_start = start;
                    }
                }
                JobStatus::Binary => assembly.binary = true,
                JobStatus::Failed(reason) => assembly.errors.push(reason),
            }
            if job.chunk + 1 == job.count {
                let file = &files[job.file];
                finish_file(file, std::mem::take(&mut assembly), rules, sink, outcome)?;
                progress.set_message(format!("{} files", outcome.summary.files_scanned));
            }
        }
    }
    Ok(())
}

fn finish_file(
    file: &WalkedFile,
    assembly: FileAssembly,
    rules: &RuleSet,
    sink: &mut dyn Sink,
    outcome: &mut ScanOutcome,
) -> std::io::Result<()> {
    for reason in assembly.errors {
        outcome.errors.push(FileError {
            path: file.display.clone(),
            location: String::new(),
            reason,
        });
    }
    if assembly.binary {
        outcome.summary.files_skipped_binary += 1;
        return Ok(());
    }
    if !assembly.read_any {
        return Ok(());
    }
    outcome.summary.files_scanned += 1;
    if assembly.findings.is_empty() {
        return Ok(());
    }
    outcome.summary.files_with_findings += 1;
    outcome.summary.count(&assembly.findings, rules);
    sink.file(&file.display, &assembly.findings)
}

fn progress_bar(enabled: bool, total_bytes: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}) {msg}")
            .expect("valid progress template"),
    );
    bar
}
