//! The scan pipeline: walked files → read jobs on worker threads → detector →
//! findings (masked, rendered) → one aggregator that writes them in a stable order.
//!
//! # Why a job queue and a reorder buffer
//! Every file becomes one or more *jobs* (one per chunk, see [`crate::source::text`]),
//! listed in path order. Workers take the next job from an atomic cursor, so
//! jobs start roughly in order and a huge file's chunks spread over all workers.
//! Each worker does everything it can on its own: read, detect, mask, render
//! the output bytes. The calling thread only holds early arrivals until the jobs
//! before them are done and writes bytes in job order. Output is therefore
//! identical from run to run (reports can be diffed and snapshotted) while memory
//! stays bounded by the jobs in flight. A work-stealing `par_iter` would start
//! far-apart jobs at once and make the reorder buffer grow with the input.
//!
//! # Line numbers across chunks
//! A chunk's first line number is the number of newlines in all chunks before
//! it. Each chunk counts its own newlines first (a memchr pass), waits for its
//! predecessor's running total, and publishes its own. Because chunks are taken
//! in order, the predecessor is always already being worked on: the wait is short
//! and cannot deadlock. Every job publishes, even a failed one.
//!
//! # Bounded memory
//! A worker does not start job `i` until job `i - window` has been written, so
//! at most `window` jobs' results (each at most one chunk's findings) wait in
//! memory whatever the input size. This cannot deadlock: the job being waited
//! for was taken earlier by a worker that is not itself waiting on the window.
//!
//! Workers share the detector and renderer; each owns a scratch space and a read
//! buffer. Errors for one file are recorded and the scan goes on.

mod collect;
mod values;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::fs::File;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, OnceLock};
use std::time::Instant;

use crate::allow::{AllowList, Allowed, INLINE_MARKER};
use crate::baseline::Baseline;
use crate::detect::{Detector, Scratch};
use crate::finding::{Confidence, FileError, Finding, NameKind};
use crate::guard::NameMatch;
use crate::redact::Fingerprinter;
use crate::finding::{ColumnProfile, Counts, Summary, EXAMPLES_PER_CATEGORY};
use crate::sink::{Renderer, Sink, Wants};
use crate::source::compressed::Codec;
use crate::source::{self, format_and_codec, looks_binary, text, Format, HeaderMode, BINARY_SNIFF_LEN};
use crate::error::io_reason;
use crate::input::{Input, Inputs, Origin};
use collect::{keep_examples, Collector, Place};
use std::io::{Read, Seek};
use values::{run_binary_job, run_split_job, run_structured_job};

/// Set by Ctrl-C (see `main.rs`): workers take no new job, the jobs already
/// done are written, and the report is closed and marked incomplete.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

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
    /// Read only the first N rows of each table of structured files.
    pub sample_rows: Option<u64>,
    /// `--as`: the format of every file, instead of the one its name suggests.
    pub force_format: Option<Format>,
    /// `--header`: whether the first row of a delimited file names its columns.
    pub header: HeaderMode,
    /// The readers' resource limits.
    pub limits: source::Limits,
}

impl ScanOptions {
    /// How to read `path`: its name's format (or `--as`), and its codec.
    fn format_of(&self, path: &std::path::Path) -> (Format, Option<Codec>) {
        let (format, codec) = format_and_codec(path);
        (self.force_format.unwrap_or(format), codec)
    }
}

/// What keeps a finding from being reported even though it is real.
#[derive(Debug, Default)]
pub struct Filters {
    /// `piimap.toml` and `--allow-*`.
    pub allow: AllowList,
    /// `--baseline`.
    pub baseline: Option<Baseline>,
}

/// What a scan produced besides what it wrote to the sink.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    /// Counts for the summary and the exit code.
    pub summary: Summary,
    /// Files that could not be read, in path order.
    pub errors: Vec<FileError>,
    /// What is worth saying about files that were read (a file whose content
    /// looked structured but was read as text after all), in path order.
    pub notices: Vec<FileError>,
}

/// Masks personal data in the files' displayed and compared paths (see
/// [`crate::guard`]); returns what each path held, for its first job to report.
fn guard_paths(detector: &Detector, files: &mut [Input]) -> Vec<Vec<NameMatch>> {
    let mut scratch = detector.scratch();
    files
        .iter_mut()
        .map(|file| {
            let Some(guarded) = crate::guard::guard_path(detector, &mut scratch, &file.display) else {
                return Vec::new();
            };
            file.display = guarded.text;
            if let Some(absolute) = crate::guard::guard_path(detector, &mut scratch, &file.absolute) {
                file.absolute = absolute.text;
            }
            guarded.matches
        })
        .collect()
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
    /// Index of the file's line chain, for split files.
    chain: Option<usize>,
    /// How the file is read (its name's format, `--as`, or what its first block
    /// showed; a small file's content is sniffed by its job).
    format: Format,
    codec: Option<Codec>,
    /// Index of the file's Parquet plan (its footer, and row groups per job).
    parquet: Option<usize>,
    /// Index of the file's split plan: a big CSV or NDJSON file read in pieces.
    split: Option<usize>,
}

/// Where a chunk starts, in lines: newlines before it, and the offset of the
/// line it starts in (for columns of matches on a line cut by the chunk boundary).
#[derive(Debug, Clone, Copy, Default)]
struct LinePosition {
    newlines_before: u64,
    line_start: u64,
}

/// The running line count of one split file, handed from chunk to chunk.
struct LineChain {
    positions: Mutex<Vec<Option<LinePosition>>>,
    published: Condvar,
}

impl LineChain {
    fn new(chunks: usize) -> LineChain {
        let mut positions = vec![None; chunks + 1];
        positions[0] = Some(LinePosition::default());
        LineChain { positions: Mutex::new(positions), published: Condvar::new() }
    }

    fn wait_for(&self, chunk: usize) -> LinePosition {
        let mut positions = self.positions.lock().unwrap_or_else(|poison| poison.into_inner());
        loop {
            if let Some(position) = positions[chunk] {
                return position;
            }
            positions = self.published.wait(positions).unwrap_or_else(|poison| poison.into_inner());
        }
    }

    fn publish(&self, chunk: usize, position: LinePosition) {
        let mut positions = self.positions.lock().unwrap_or_else(|poison| poison.into_inner());
        positions[chunk] = Some(position);
        self.published.notify_all();
    }
}

/// Jobs a worker may run ahead of the writer, per worker thread.
///
/// Two keeps every worker busy while one waits on a slow neighbour, and bounds
/// buffered output to a few chunks' worth (a dense 8 MiB chunk renders to ~25 MB).
const JOBS_AHEAD_PER_WORKER: usize = 2;

/// How far the writer has got: workers wait here before starting a job too far ahead.
struct WriteWindow {
    written: Mutex<usize>,
    advanced: Condvar,
    width: usize,
}

impl WriteWindow {
    fn wait_until_near(&self, job: usize, stop: &AtomicBool) {
        let mut written = self.written.lock().unwrap_or_else(|poison| poison.into_inner());
        while job >= *written + self.width && !stop.load(Ordering::Relaxed) {
            written = self.advanced.wait(written).unwrap_or_else(|poison| poison.into_inner());
        }
    }

    /// Whether every job before `job` is written.
    fn is_head(&self, job: usize) -> bool {
        *self.written.lock().unwrap_or_else(|poison| poison.into_inner()) >= job
    }

    /// Waits until every job before `job` is written; false if the scan is stopping.
    fn wait_until_head(&self, job: usize, stop: &AtomicBool) -> bool {
        let mut written = self.written.lock().unwrap_or_else(|poison| poison.into_inner());
        while *written < job && !stop.load(Ordering::Relaxed) {
            written = self.advanced.wait(written).unwrap_or_else(|poison| poison.into_inner());
        }
        !stop.load(Ordering::Relaxed)
    }

    fn advance_to(&self, written: usize) {
        *self.written.lock().unwrap_or_else(|poison| poison.into_inner()) = written;
        self.advanced.notify_all();
    }
}

/// Why a job produced nothing to report.
enum JobStatus {
    Read,
    Binary,
    Failed(String),
}

struct JobOutput {
    /// Findings, when the sink has no renderer (table).
    findings: Vec<Finding>,
    /// Rendered findings, when it has one.
    rendered: Vec<u8>,
    counts: Counts,
    below_threshold: u64,
    /// Findings allowed, by [`Allowed`] mechanism (config, inline, baseline).
    allowed: [u64; 3],
    /// Problems in parts of a structured file that was otherwise read.
    issues: Vec<String>,
    /// Column profile of a structured file.
    columns: Vec<ColumnProfile>,
    /// Said about the file without being an error (read as text after all).
    notes: Vec<String>,
    /// Rendered findings parked on disk while earlier jobs were still being
    /// written; they come before `rendered`.
    spill: Option<File>,
    bytes: u64,
    status: JobStatus,
}

impl JobOutput {
    fn empty(status: JobStatus) -> JobOutput {
        JobOutput {
            findings: Vec::new(),
            rendered: Vec::new(),
            counts: Counts::default(),
            below_threshold: 0,
            allowed: [0; 3],
            bytes: 0,
            status,
            issues: Vec::new(),
            columns: Vec::new(),
            notes: Vec::new(),
            spill: None,
        }
    }
}

/// What each worker thread owns: the detector's scratch spaces, and a read buffer.
struct Worker {
    scratches: Scratches,
    buffer: Vec<u8>,
}

/// The detector's scratch space for values, and another for names and header
/// rows (judged while a reader holds the first).
struct Scratches {
    values: Scratch,
    names: Scratch,
}

/// Everything a worker reads and nothing it writes.
struct Shared<'a> {
    options: &'a ScanOptions,
    detector: &'a Detector,
    fingerprinter: &'a Fingerprinter,
    filters: &'a Filters,
    /// The sink's renderer, when it wants rendered findings.
    renderer: Option<&'a dyn Renderer>,
    files: &'a [Input],
    jobs: &'a [Job],
    chains: &'a [LineChain],
    parquet_plans: &'a [Result<source::parquet::Plan, String>],
    /// Split plans, made by the first job of their file that needs one.
    splits: &'a [OnceLock<Result<source::split::Plan, String>>],
    /// Values found in each file's path (reported by its first job).
    path_names: &'a [Vec<NameMatch>],
}

/// Scans every walked file, writing findings to `sink` file by file in path order.
///
/// The sink says what it wants: rendered findings (workers format them and
/// the sink receives bytes) or each file's counts and examples.
pub fn run(
    options: &ScanOptions,
    detector: &Detector,
    fingerprinter: &Fingerprinter,
    filters: &Filters,
    walked: Inputs,
    sink: &mut dyn Sink,
) -> std::io::Result<ScanOutcome> {
    let wants = sink.wants();
    let renderer = match &wants {
        Wants::Rendered(renderer) => Some(&**renderer),
        Wants::Examples => None,
    };
    let started = Instant::now();
    let mut files = walked.files;
    let path_names = guard_paths(detector, &mut files);
    let (jobs, chains, parquet_plans, split_files) = plan_jobs(options, &files);
    let splits: Vec<OnceLock<Result<source::split::Plan, String>>> =
        (0..split_files).map(|_| OnceLock::new()).collect();
    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let bar = progress_bar(options.progress, total_bytes);
    let mut progress = Progress { bar, started, shown: false };

    let mut outcome = ScanOutcome::default();
    outcome.errors.extend(walked.errors);
    outcome.summary.files_skipped_too_large = walked.too_large;
    outcome.summary.min_confidence = options.min_confidence;
    outcome.summary.fingerprint_key = fingerprinter.scope;
    outcome.summary.sample_rows = options.sample_rows;
    sink.begin()?;

    let threads = options.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("piimap-worker-{i}"))
        .build()
        .map_err(std::io::Error::other)?;
    let shared = Shared {
        options,
        detector,
        fingerprinter,
        filters,
        renderer,
        files: &files,
        jobs: &jobs,
        chains: &chains,
        parquet_plans: &parquet_plans,
        splits: &splits,
        path_names: &path_names,
    };
    let cursor = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let window =
        WriteWindow { written: Mutex::new(0), advanced: Condvar::new(), width: threads * JOBS_AHEAD_PER_WORKER + 1 };
    let (sender, receiver) = mpsc::channel::<Message>();

    let result = pool.in_place_scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (cursor, stop, shared, window) = (&cursor, &stop, &shared, &window);
            scope.spawn(move |_| {
                let scratches = Scratches { values: detector.scratch(), names: detector.scratch() };
                let mut worker = Worker { scratches, buffer: Vec::new() };
                loop {
                    let index = cursor.fetch_add(1, Ordering::Relaxed);
                    if index >= shared.jobs.len() || stop.load(Ordering::Relaxed) || interrupted() {
                        break;
                    }
                    window.wait_until_near(index, stop);
                    let stream = Stream { index, window, sender: &sender, stop, tentative: false };
                    let output = run_job_guarded(shared, &mut worker, shared.jobs[index], &stream);
                    if sender.send(Message::Done(index, output)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let result = aggregate(&receiver, &shared, &window, sink, &mut outcome, &mut progress);
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            window.advance_to(usize::MAX / 2); // wake waiting workers so they see `stop`
        }
        result
    });
    if let Some(bar) = &progress.bar {
        bar.finish_and_clear();
    }
    result?;
    outcome.summary.interrupted = interrupted();
    // Errors quote paths, table names and places: no raw value in them either.
    let mut scratch = detector.scratch();
    for error in outcome.errors.iter_mut().chain(outcome.notices.iter_mut()) {
        for text in [&mut error.path, &mut error.location, &mut error.reason] {
            *text = crate::guard::guard_text(detector, &mut scratch, text);
        }
    }
    outcome.errors.sort();
    outcome.summary.errors = outcome.errors.len() as u64;
    outcome.summary.elapsed_seconds = started.elapsed().as_secs_f64();
    sink.finish(&outcome.summary, &outcome.errors)?;
    Ok(outcome)
}

type Plans = (Vec<Job>, Vec<LineChain>, Vec<Result<source::parquet::Plan, String>>, usize);

/// One job per chunk, and a line chain per split file; split files that look
/// binary get a single skip job. A Parquet file gets one job per few row
/// groups (its footer is read here, once). Large files whose name says nothing
/// of their format are sniffed here; small ones by their job, which reads them
/// whole anyway.
fn plan_jobs(options: &ScanOptions, files: &[Input]) -> Plans {
    let mut jobs = Vec::with_capacity(files.len());
    let mut chains = Vec::new();
    let mut parquet_plans = Vec::new();
    let mut split_files = 0;
    for (index, file) in files.iter().enumerate() {
        let count = text::chunk_count(file.size);
        let (mut format, codec) = options.format_of(file.path());
        let single = Job {
            file: index,
            chunk: 0,
            count: 1,
            kind: JobKind::Read,
            chain: None,
            format,
            codec,
            parquet: None,
            split: None,
        };
        if let Origin::Change { .. } = file.origin {
            jobs.push(Job { format: Format::Text, codec: None, ..single });
            continue;
        }
        if count > 1 && codec.is_none() && options.force_format.is_none() && !format.is_structured() {
            // An unreadable file: its job will report the error.
            if let Some(block) = first_block(file) {
                if let Some(endian) = source::utf16::bom(&block) {
                    jobs.push(Job { codec: Some(Codec::Utf16(endian)), ..single });
                    continue;
                }
                if let Some(sniffed) = Format::sniff(&block, source::name_says_nothing(file.path())) {
                    format = sniffed;
                } else if !file.explicit && looks_binary(&block) {
                    jobs.push(Job { kind: JobKind::SkipBinary, ..single });
                    continue;
                }
            }
        }
        let single = Job { format, ..single };
        if format == Format::Parquet && codec.is_none() {
            let plan =
                File::open(file.path()).map_err(|err| io_reason(&err)).and_then(|handle| source::parquet::plan(&handle));
            let count = plan.as_ref().map_or(1, |plan| plan.jobs.len());
            parquet_plans.push(plan);
            let parquet = Some(parquet_plans.len() - 1);
            jobs.extend((0..count).map(|chunk| Job { chunk, count, parquet, ..single }));
        } else if matches!(format, Format::Csv(_) | Format::Ndjson | Format::Sql)
            && codec.is_none()
            && options.sample_rows.is_none()
            && file.size > 2 * options.limits.split_size
        {
            let count = file.size.div_ceil(options.limits.split_size) as usize;
            let split = Some(split_files);
            split_files += 1;
            jobs.extend((0..count).map(|chunk| Job { chunk, count, split, ..single }));
        } else if count == 1 || format.is_structured() || codec.is_some() {
            jobs.push(single);
        } else {
            chains.push(LineChain::new(count));
            let chain = Some(chains.len() - 1);
            jobs.extend((0..count).map(|chunk| Job { chunk, count, chain, ..single }));
        }
    }
    (jobs, chains, parquet_plans, split_files)
}

/// The first block of a file, to sniff its format and whether it is binary.
fn first_block(file: &Input) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let handle = File::open(file.path()).ok()?;
    let mut block = vec![0u8; BINARY_SNIFF_LEN];
    let read = handle.read_at(&mut block, 0).ok()?;
    block.truncate(read);
    Some(block)
}

/// Runs a job; a panic (a bug) becomes an error for that file instead of
/// taking the scan down, and the line chain is still advanced.
fn run_job_guarded(shared: &Shared, worker: &mut Worker, job: Job, stream: &Stream) -> JobOutput {
    let mut published = false;
    let result = catch_unwind(AssertUnwindSafe(|| run_job(shared, worker, job, stream, &mut published)));
    if let (Some(chain), false) = (job.chain, published) {
        let position = shared.chains[chain].wait_for(job.chunk);
        shared.chains[chain].publish(job.chunk + 1, position);
    }
    result.unwrap_or_else(|_| {
        worker.scratches = Scratches { values: shared.detector.scratch(), names: shared.detector.scratch() };
        JobOutput::empty(JobStatus::Failed("internal error while scanning (please report this bug)".into()))
    })
}

fn run_job(shared: &Shared, worker: &mut Worker, job: Job, stream: &Stream, published: &mut bool) -> JobOutput {
    let Worker { scratches, buffer } = worker;
    if let JobKind::SkipBinary = job.kind {
        return JobOutput::empty(JobStatus::Binary);
    }
    let file = &shared.files[job.file];
    let (format, codec) = (job.format, job.codec);
    if let Some(split) = job.split {
        return run_split_job(shared, scratches, file, job, split, stream);
    }
    if format.is_binary() {
        return match codec {
            Some(_) => JobOutput::empty(JobStatus::Failed(
                "compressed Parquet and SQLite files are not read: decompress them first".into(),
            )),
            None => run_binary_job(shared, scratches, file, job, stream),
        };
    }
    if format.is_structured() || codec.is_some() {
        let input = match open_input(file, codec, &shared.options.limits) {
            Ok(input) => input,
            Err(reason) => return JobOutput::empty(JobStatus::Failed(reason)),
        };
        return if format.is_structured() {
            run_structured_job(shared, scratches, file, format, input, stream)
        } else {
            run_stream_text_job(shared, &mut scratches.values, file, input)
        };
    }
    let failed = |reason: String| {
        let reason =
            if job.count > 1 { format!("{reason} (reading chunk {} of {})", job.chunk + 1, job.count) } else { reason };
        JobOutput::empty(JobStatus::Failed(reason))
    };
    // Set when a sniffed format did not parse and the file is read as text instead.
    let mut note = None;
    // A git change is scanned from memory, one segment per added line; a file
    // from disk as one segment (its chunk's owned range).
    let (bytes, origin, segments) = if let Origin::Change { change: changes, .. } = &file.origin {
        let segments = changes
            .added
            .iter()
            .map(|(line, range)| Segment {
                search_from: range.start,
                owned: range.clone(),
                line: *line,
                line_start: range.start as u64,
            })
            .collect();
        (&changes.content[..], 0u64, segments)
    } else {
        let handle = match File::open(file.path()) {
            Ok(handle) => handle,
            Err(err) => return failed(io_reason(&err)),
        };
        let unit = match text::read_chunk(&handle, file.size, job.chunk, job.count, buffer) {
            Ok(unit) => unit,
            Err(err) => return failed(io_reason(&err)),
        };
        if let (1, Some(endian)) = (job.count, source::utf16::bom(unit.bytes)) {
            let decoder = source::utf16::Utf16Decoder::new(unit.bytes, endian);
            return run_stream_text_job(shared, &mut scratches.values, file, Box::new(decoder));
        }
        if job.count == 1 && shared.options.force_format.is_none() {
            if let Some(sniffed) = Format::sniff(unit.bytes, source::name_says_nothing(file.path())) {
                let job = Job { format: sniffed, ..job };
                if sniffed.is_binary() {
                    return run_binary_job(shared, scratches, file, job, stream);
                }
                // Tentative: nothing leaves the job until it is known to be that format.
                let tentative = Stream { tentative: true, ..*stream };
                let output = run_structured_job(shared, scratches, file, sniffed, Box::new(unit.bytes), &tentative);
                let problem = match &output.status {
                    JobStatus::Failed(reason) => Some(reason.clone()),
                    _ => output.issues.first().cloned(),
                };
                let Some(problem) = problem else { return output };
                note = Some(format!("its content looked like {}, but {problem}: read as text", sniffed.name()));
            }
        }
        if job.count == 1 && !file.explicit && looks_binary(unit.bytes) {
            return JobOutput::empty(JobStatus::Binary);
        }
        let owned = unit.owned.clone();
        // Where this chunk starts, in lines.
        let mut start = LinePosition::default();
        if let Some(chain) = job.chain {
            let chain = &shared.chains[chain];
            let own = &unit.bytes[owned.clone()];
            let newlines = memchr::memchr_iter(b'\n', own).count() as u64;
            start = chain.wait_for(job.chunk);
            let line_start = match memchr::memrchr(b'\n', own) {
                Some(last) => unit.origin + (owned.start + last + 1) as u64,
                None => start.line_start,
            };
            chain
                .publish(job.chunk + 1, LinePosition { newlines_before: start.newlines_before + newlines, line_start });
            *published = true;
        }
        // A mid-line cut: the line began in an earlier chunk.
        let line_start =
            if unit.search_from != owned.start { start.line_start } else { unit.origin + owned.start as u64 };
        let segment = Segment { search_from: unit.search_from, owned, line: start.newlines_before + 1, line_start };
        (unit.bytes, unit.origin, vec![segment])
    };

    let mut collector = Collector::new(shared, file);
    let total_bytes = scan_segments(&mut collector, &mut scratches.values, bytes, origin, segments);
    let mut output = collector.finish(total_bytes);
    output.notes.extend(note);
    output
}

/// Runs the detector over `segments` of `bytes` (whose first byte is at file
/// offset `origin`), feeding findings with their line and column to `collector`.
/// Returns the bytes owned by the segments.
fn scan_segments(
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

/// Opens a file, through its decompressor when it has one.
///
/// A structured text file in UTF-16 (Excel's "Unicode text" export is a
/// UTF-16 TSV) is transcoded to UTF-8 first, so that its column names count
/// as context and its values are found; offsets are then in the transcoding.
fn open_input<'f>(
    file: &'f Input,
    codec: Option<Codec>,
    limits: &source::Limits,
) -> Result<Box<dyn Read + 'f>, String> {
    use std::os::unix::fs::FileExt;
    let handle = File::open(file.path()).map_err(|err| io_reason(&err))?;
    let mut head = [0u8; 512];
    let codec = match codec {
        None => {
            let read = handle.read_at(&mut head, 0).unwrap_or(0);
            source::utf16::bom(&head[..read]).map(Codec::Utf16)
        }
        codec => codec,
    };
    match codec {
        None => Ok(Box::new(handle)),
        Some(codec) => {
            codec.decoder(handle, file.size, limits).map_err(|err| format!("cannot decompress: {}", io_reason(&err)))
        }
    }
}

/// Scans text read as a stream (a decompressed file): blocks of about one
/// chunk, cut after the last newline (or mid-line with overlap, as for files on
/// disk), with line numbers carried from block to block.
fn run_stream_text_job(
    shared: &Shared,
    scratch: &mut Scratch,
    file: &Input,
    mut input: Box<dyn Read + '_>,
) -> JobOutput {
    let margin = text::MARGIN as usize;
    let block = text::CHUNK_SIZE as usize;
    let mut collector = Collector::new(shared, file);
    let mut buffer: Vec<u8> = Vec::new();
    let mut origin = 0u64; // stream offset of buffer[0]
    let mut owned_start = 0usize; // first byte not yet scanned
    let mut previous_aligned = true;
    let mut line = 1u64;
    let mut line_start = 0u64;
    let mut total = 0u64;
    let mut first_block = true;
    loop {
        let target = buffer.len() + block;
        let mut eof = false;
        while buffer.len() < target {
            let filled = buffer.len();
            buffer.resize(target, 0);
            match input.read(&mut buffer[filled..]) {
                Ok(0) => {
                    buffer.truncate(filled);
                    eof = true;
                    break;
                }
                Ok(n) => buffer.truncate(filled + n),
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => buffer.truncate(filled),
                Err(err) => {
                    buffer.truncate(filled);
                    let mut output = collector.finish(total);
                    output.status = JobStatus::Failed(format!(
                        "{} (after {} decompressed bytes)",
                        io_reason(&err),
                        origin + filled as u64
                    ));
                    return output;
                }
            }
        }
        if first_block && !file.explicit && looks_binary(&buffer[..buffer.len().min(source::BINARY_SNIFF_LEN)]) {
            return JobOutput::empty(JobStatus::Binary);
        }
        first_block = false;
        let (cut, aligned) = if eof {
            (buffer.len(), true)
        } else {
            match memchr::memrchr(b'\n', &buffer[owned_start..]) {
                Some(newline) => (owned_start + newline + 1, true),
                None => (buffer.len().saturating_sub(margin).max(owned_start), false),
            }
        };
        let search_from = if previous_aligned { owned_start } else { owned_start.saturating_sub(margin) };
        let segment = Segment { search_from, owned: owned_start..cut, line, line_start };
        total += scan_segments(&mut collector, scratch, &buffer, origin, vec![segment]);
        let scanned = &buffer[owned_start..cut];
        if let Some(last) = memchr::memrchr(b'\n', scanned) {
            line += memchr::memchr_iter(b'\n', scanned).count() as u64;
            line_start = origin + (owned_start + last + 1) as u64;
        }
        if eof {
            break;
        }
        previous_aligned = aligned;
        // Keep an overlap before the cut (context, and the search's run-up after a mid-line cut).
        let keep_from = cut.saturating_sub(margin);
        buffer.drain(..keep_from);
        origin += keep_from as u64;
        owned_start = cut - keep_from;
    }
    collector.finish(total)
}

/// How a job streams part of its output early: its index, the writer's
/// progress, and the channel to the writer.
#[derive(Clone, Copy)]
struct Stream<'w> {
    index: usize,
    window: &'w WriteWindow,
    sender: &'w mpsc::Sender<Message>,
    stop: &'w AtomicBool,
    /// The job may yet be redone another way (a sniffed format that might not
    /// parse): nothing of it leaves before it ends.
    tentative: bool,
}

/// What workers send the writer.
enum Message {
    /// A finished job.
    Done(usize, JobOutput),
    /// Rendered findings of the job at the head of the output, ahead of its end.
    Partial(Vec<u8>),
    /// The same, parked on disk while the job was not yet at the head.
    Spilled(File),
}

/// A range of a buffer to search, and where it starts in lines.
struct Segment {
    /// Where the search begins (earlier than `owned.start` after a mid-line cut).
    search_from: usize,
    /// Matches starting here are reported.
    owned: std::ops::Range<usize>,
    /// Line number at `owned.start`.
    line: u64,
    /// File offset of the start of that line.
    line_start: u64,
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
}

/// Merges the profiles of one column and category from several jobs.
///
/// Each job also reports every column's value count under an empty category;
/// a column's values are the sum of those, so that a job where a column had
/// no match still counts its values.
fn merge_columns(mut columns: Vec<ColumnProfile>) -> Vec<ColumnProfile> {
    columns.sort_by(|a, b| (&a.table, &a.field, &a.category).cmp(&(&b.table, &b.field, &b.category)));
    let mut merged: Vec<ColumnProfile> = Vec::with_capacity(columns.len());
    let mut column_values = 0u64;
    for mut column in columns {
        if column.category.is_empty() {
            // Sorted first within its column.
            let same_column = merged.last().is_some_and(|last: &ColumnProfile| {
                last.category.is_empty() && (&last.table, &last.field) == (&column.table, &column.field)
            });
            column_values = if same_column { column_values + column.values } else { column.values };
            if same_column {
                merged.pop();
            }
            column.values = column_values;
            merged.push(column);
            continue;
        }
        if merged.last().is_some_and(|last| last.category.is_empty()) {
            // The column's first category: its values are the column's.
            merged.pop();
        }
        match merged.last_mut() {
            Some(last)
                if (&last.table, &last.field, &last.category) == (&column.table, &column.field, &column.category) =>
            {
                last.matched += column.matched;
                last.ratio = last.matched as f64 / last.values.max(1) as f64;
                last.confidence = last.confidence.max(column.confidence);
                for example in column.examples {
                    if last.examples.len() < EXAMPLES_PER_CATEGORY && !last.examples.contains(&example) {
                        last.examples.push(example);
                    }
                }
            }
            _ => {
                column.values = column_values;
                column.ratio = column.matched as f64 / column_values.max(1) as f64;
                merged.push(column);
            }
        }
    }
    merged.retain(|column| !column.category.is_empty());
    merged
}

fn aggregate(
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
            Message::Done(index, output) => (index, output),
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
            if job.chunk == 0 {
                assembly = FileAssembly::default();
            }
            absorb(output, &mut assembly, rules, sink, outcome, progress)?;
            if job.chunk + 1 == job.count {
                let file = &shared.files[job.file];
                let path_names = &shared.path_names[job.file];
                if assembly.read_any && !path_names.is_empty() {
                    let output = path_findings(shared, file, path_names);
                    absorb(output, &mut assembly, rules, sink, outcome, progress)?;
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
    rules: &crate::rules::RuleSet,
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
    keep_examples(&mut assembly.findings, rules);
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
        outcome.errors.push(FileError { path: file.display.clone(), location: String::new(), reason });
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
    let columns = merge_columns(assembly.columns);
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
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: bool,
}

impl Progress {
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
