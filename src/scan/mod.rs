//! The scan: inputs → jobs on worker threads → readers and the detector →
//! findings (masked, fingerprinted, rendered) → one writer that delivers them
//! to the sink in input order.
//!
//! One room per job:
//! - `plan`: every input becomes jobs (whole, chunk, piece, skip);
//! - `text` and `values`: what a worker does with a job: search text, or
//!   read a structured input's cells through its format's reader;
//! - `collect`: matches become findings (allowlists, baseline, masks,
//!   fingerprints), counted and rendered, with memory bounded;
//! - `order`: the reorder window, line numbers across chunks, and the writer.
//!
//! # Why a job queue and a reorder window
//! Workers take the next job from an atomic cursor, so jobs start roughly in
//! input order and a huge file's chunks spread over all workers. Each worker
//! does everything it can on its own: read, detect, mask, render. The writer
//! only holds early arrivals until the jobs before them are done: output is
//! identical from run to run (reports can be diffed and snapshotted) while
//! memory stays bounded by the jobs in flight. A work-stealing `par_iter`
//! would start far-apart jobs at once and make the reorder buffer grow with
//! the input. Errors for one input are recorded and the scan goes on.

mod batch;
mod collect;
mod dated;
mod order;
mod plan;
mod text;
mod values;

use std::fs::File;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, OnceLock};
use std::time::Instant;

use crate::allow::AllowList;
use crate::baseline::Baseline;
use crate::detect::{Detector, Scratch};
use crate::error::io_reason;
use crate::finding::{ColumnProfile, Confidence, Counts, FileError, Finding, Summary};
use crate::guard::NameMatch;
use crate::input::{Input, Inputs, Origin};
use crate::redact::Fingerprinter;
use crate::sink::{Sink, Wants};
use crate::source::compressed::Codec;
use crate::source::reader::{Plan, Random};
use crate::source::{self, format_and_codec, Format, HeaderMode};
use order::{aggregate, LineChain, Progress, WriteWindow, JOBS_AHEAD_PER_WORKER};
use plan::{plan_jobs, Job, Plans};

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
    /// Count matched values by the dates of their rows (date columns beside
    /// them), for retention: the column profiles' `row_dates`. Only the
    /// inventory and the JSON report use them; other reports skip the work.
    pub date_rows: bool,
}

impl Default for ScanOptions {
    /// One worker, the default threshold, nothing revealed, no progress bar,
    /// the default limits: what a library caller starts from.
    fn default() -> Self {
        ScanOptions {
            threads: 1,
            min_confidence: Confidence::Medium,
            reveal: false,
            progress: false,
            sample_rows: None,
            force_format: None,
            header: HeaderMode::Auto,
            limits: source::Limits::default(),
            date_rows: true,
        }
    }
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
            // A database's URL names a server, not a person; its table and
            // column names are guarded as a dump's are.
            if matches!(file.origin, Origin::Table { .. }) {
                return Vec::new();
            }
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

/// Why a job produced nothing to report.
enum JobStatus {
    Read,
    Binary,
    Failed(String),
}

struct JobOutput {
    /// Findings, when the sink takes them rather than rendered bytes (table).
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
    /// What was read of a database table.
    table_read: Option<Box<crate::finding::TableRead>>,
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
            table_read: None,
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
    /// What the sink takes: rendered findings, examples, or every finding.
    wants: &'a Wants,
    files: &'a [Input],
    jobs: &'a [Job],
    chains: &'a [LineChain],
    /// Plans of inputs read in pieces, made before the scan (Parquet) or by
    /// the first job of their input that needs one.
    plans: &'a [OnceLock<Result<Plan, String>>],
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
    let started = Instant::now();
    let mut files = walked.files;
    let path_names = guard_paths(detector, &mut files);
    let Plans { jobs, chains, plans } = plan_jobs(options, &files);
    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let mut progress = Progress::new(options.progress, total_bytes, started);

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
        wants: &wants,
        files: &files,
        jobs: &jobs,
        chains: &chains,
        plans: &plans,
        path_names: &path_names,
    };
    let cursor = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let window = WriteWindow::new(threads * JOBS_AHEAD_PER_WORKER + 1);
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
                    if sender.send(Message::Done(index, Box::new(output))).is_err() {
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
    progress.finish();
    result?;
    outcome.summary.interrupted = interrupted();
    // Errors quote paths, table names and places: no raw value in them either.
    let mut scratch = detector.scratch();
    for error in outcome.errors.iter_mut().chain(outcome.notices.iter_mut()) {
        error.path = crate::guard::guard_place(detector, &mut scratch, &error.path);
        for text in [&mut error.location, &mut error.reason] {
            *text = crate::guard::guard_text(detector, &mut scratch, text);
        }
    }
    outcome.errors.sort();
    outcome.summary.errors = outcome.errors.len() as u64;
    outcome.summary.elapsed_seconds = started.elapsed().as_secs_f64();
    sink.finish(&outcome.summary, &outcome.errors)?;
    Ok(outcome)
}

/// Runs a job; a panic (a bug) becomes an error for that file instead of
/// taking the scan down, and the line chain is still advanced.
fn run_job_guarded(shared: &Shared, worker: &mut Worker, job: Job, stream: &Stream) -> JobOutput {
    let mut published = false;
    let result = catch_unwind(AssertUnwindSafe(|| run_job(shared, worker, job, stream, &mut published)));
    if let (Job::Chunk { chunk, chain, .. }, false) = (job, published) {
        let position = shared.chains[chain].wait_for(chunk);
        shared.chains[chain].publish(chunk + 1, position);
    }
    result.unwrap_or_else(|_| {
        worker.scratches = Scratches { values: shared.detector.scratch(), names: shared.detector.scratch() };
        JobOutput::empty(JobStatus::Failed("internal error while scanning (please report this bug)".into()))
    })
}

fn run_job(shared: &Shared, worker: &mut Worker, job: Job, stream: &Stream, published: &mut bool) -> JobOutput {
    let Worker { scratches, buffer } = worker;
    let file = &shared.files[job.file()];
    match job {
        Job::SkipBinary { .. } => JobOutput::empty(JobStatus::Binary),
        Job::Piece { piece, count, plan, format, .. } => {
            values::run_piece(shared, scratches, file, (format, piece, count, plan), stream)
        }
        Job::Chunk { chunk, count, chain, .. } => {
            text::run_chunk(shared, &mut scratches.values, buffer, file, (chunk, count, chain), published)
        }
        Job::Whole { format, codec, .. } => match &file.origin {
            Origin::Change { change, .. } => text::run_change(shared, &mut scratches.values, file, change),
            Origin::Memory { bytes, .. } => text::run_memory(shared, &mut scratches.values, file, bytes),
            Origin::Batch { batch, table, .. } => values::run_batch(shared, scratches, file, (table, batch), stream),
            Origin::Table { table, .. } => values::run_table(shared, scratches, file, table, stream),
            Origin::File(_) | Origin::Object { .. } if format.is_structured() => {
                values::run_whole(shared, scratches, file, (format, codec), stream)
            }
            Origin::File(_) if codec.is_none() => text::run_small(shared, scratches, buffer, file, stream),
            // Compressed files, and objects (streamed, not fetched whole first).
            Origin::File(_) | Origin::Object { .. } => match open_input(file, codec, &shared.options.limits) {
                Ok(input) => text::run_stream(shared, &mut scratches.values, file, input),
                Err(reason) => JobOutput::empty(JobStatus::Failed(reason)),
            },
        },
    }
}

/// Where a binary format's reader finds an input: its file, or its object, by ranges.
fn random_of(file: &Input) -> Random<'_> {
    match &file.origin {
        Origin::Object { object, .. } => Random::Ranged(object.ranged()),
        _ => Random::File(file.path()),
    }
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
    if let Origin::Object { object, .. } = &file.origin {
        let stream = object.stream()?;
        return match codec {
            None => Ok(stream),
            Some(codec) => codec
                .decoder(stream, file.size, limits)
                .map_err(|err| format!("cannot decompress: {}", io_reason(&err))),
        };
    }
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
    Done(usize, Box<JobOutput>),
    /// Rendered findings of the job at the head of the output, ahead of its end.
    Partial(Vec<u8>),
    /// The same, parked on disk while the job was not yet at the head.
    Spilled(File),
}

/// What the scan's unit tests build their parts on: one input, and a
/// [`Shared`] over it with the built-in rules.
#[cfg(test)]
pub(super) mod fixture {
    use super::*;

    pub(in crate::scan) struct Fixture {
        pub(in crate::scan) detector: Detector,
        fingerprinter: Fingerprinter,
        filters: Filters,
        options: ScanOptions,
        wants: Wants,
        pub(in crate::scan) files: Vec<Input>,
        path_names: Vec<Vec<NameMatch>>,
    }

    impl Fixture {
        /// A fixture over an in-memory input holding `bytes`.
        pub(in crate::scan) fn new(bytes: &[u8]) -> Fixture {
            let origin = Origin::Memory { name: "memo.txt".into(), bytes: std::sync::Arc::from(bytes) };
            Fixture {
                detector: Detector::new(crate::rules::RuleSet::builtin().unwrap()).unwrap(),
                fingerprinter: Fingerprinter::with_key(b"fixture".to_vec()),
                filters: Filters::default(),
                options: ScanOptions::default(),
                wants: Wants::Findings,
                files: vec![Input::in_memory("memo.txt", origin)],
                path_names: vec![Vec::new()],
            }
        }

        /// What workers share, with every finding kept.
        pub(in crate::scan) fn shared(&self) -> Shared<'_> {
            Shared {
                options: &self.options,
                detector: &self.detector,
                fingerprinter: &self.fingerprinter,
                filters: &self.filters,
                wants: &self.wants,
                files: &self.files,
                jobs: &[],
                chains: &[],
                plans: &[],
                path_names: &self.path_names,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Counts, Finding};
    use crate::sink::{Sink, Wants};

    /// A sink that records what the scan hands it, in order.
    #[derive(Default)]
    struct Recorded {
        began: bool,
        files: Vec<(String, u64, Vec<String>)>,
        finished: Option<(u64, u64, usize)>,
    }

    impl Sink for Recorded {
        fn wants(&self) -> Wants {
            Wants::Examples
        }
        fn begin(&mut self) -> std::io::Result<()> {
            self.began = true;
            Ok(())
        }
        fn file(&mut self, path: &str, counts: &Counts, examples: &[Finding]) -> std::io::Result<()> {
            let masked = examples.iter().map(|finding| finding.masked.clone()).collect();
            self.files.push((path.to_string(), counts.total(), masked));
            Ok(())
        }
        fn finish(&mut self, summary: &Summary, errors: &[FileError]) -> std::io::Result<()> {
            self.finished = Some((summary.files_scanned, summary.findings, errors.len()));
            Ok(())
        }
    }

    fn memory(name: &str, text: &str) -> Input {
        Input::in_memory(name, Origin::Memory { name: name.into(), bytes: std::sync::Arc::from(text.as_bytes()) })
    }

    /// `run` plans, scans on several workers and hands files to the sink in
    /// path order, each with its counts and masked examples, then the summary.
    #[test]
    fn run_hands_each_file_to_the_sink_in_order_then_the_summary() {
        let detector = Detector::new(crate::rules::RuleSet::builtin().unwrap()).unwrap();
        let fingerprinter = Fingerprinter::with_key(b"run-test".to_vec());
        let options = ScanOptions { threads: 2, ..ScanOptions::default() };
        let files = vec![
            memory("a.txt", "Courriel : jean@exemple.ca\nTéléphone : 418-549-6754\n"),
            memory("b.txt", "nothing personal, version 1.2.3\n"),
            memory("c.txt", "NAS 130 692 544\n"),
        ];
        let walked = Inputs { files, errors: Vec::new(), too_large: 0 };
        let mut sink = Recorded::default();
        let outcome = run(&options, &detector, &fingerprinter, &Filters::default(), walked, &mut sink).unwrap();
        assert!(sink.began);
        let seen: Vec<(&str, u64)> = sink.files.iter().map(|(path, total, _)| (path.as_str(), *total)).collect();
        assert_eq!(seen[0], ("a.txt", 2));
        assert!(seen.iter().all(|(path, _)| *path != "b.txt") || seen.contains(&("b.txt", 0)));
        assert_eq!(*seen.last().unwrap(), ("c.txt", 1));
        let examples: Vec<&String> = sink.files.iter().flat_map(|(_, _, masked)| masked).collect();
        assert_eq!(examples, ["j***@e*****.ca", "***-***-6754", "*** *** 544"]);
        assert_eq!(sink.finished, Some((3, 3, 0)));
        assert_eq!((outcome.summary.files_scanned, outcome.summary.findings), (3, 3));
    }
}
