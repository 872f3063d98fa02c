//! Planning: every input becomes one or more jobs, listed in input order.
//!
//! A job is one of a few plans, each saying exactly what it reads: a whole
//! input, one chunk of a big text file (its line numbers handed along the
//! file's line chain), one piece of an input its reader cuts (a split CSV,
//! NDJSON or dump file, a Parquet file's row groups), or a big binary-looking
//! file skipped without reading it.

use std::fs::File;
use std::sync::OnceLock;

use super::order::LineChain;
use super::ScanOptions;
use crate::input::{Input, Origin};
use crate::source::compressed::Codec;
use crate::source::header::HeaderRule;
use crate::source::reader::{Parts, Plan, Planning};
use crate::source::registry;
use crate::source::{self, looks_binary, text, Format, BINARY_SNIFF_LEN};

/// One job: what a worker reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Job {
    /// A whole input, read by one job: text up to a chunk, a git change, a
    /// compressed or UTF-16 stream, a structured file not cut into pieces.
    /// A small file whose name says nothing is sniffed by its job.
    Whole { file: usize, format: Format, codec: Option<Codec> },
    /// Chunk `chunk` of `count` of a big text file; `chain` carries its line numbers.
    Chunk { file: usize, chunk: usize, count: usize, chain: usize },
    /// Piece `piece` of `count` of an input its reader cuts; `plan` indexes
    /// the scan's plans (made before the scan for Parquet, by the first job
    /// that needs it otherwise).
    Piece { file: usize, piece: usize, count: usize, plan: usize, format: Format },
    /// A big file whose first block holds a NUL: skipped without reading the rest.
    SkipBinary { file: usize },
}

impl Job {
    /// The input this job reads.
    pub(super) fn file(&self) -> usize {
        match *self {
            Job::Whole { file, .. } | Job::Chunk { file, .. } | Job::Piece { file, .. } | Job::SkipBinary { file } => {
                file
            }
        }
    }

    /// Which of its input's jobs this is, and how many there are.
    pub(super) fn part(&self) -> (usize, usize) {
        match *self {
            Job::Chunk { chunk, count, .. } => (chunk, count),
            Job::Piece { piece, count, .. } => (piece, count),
            Job::Whole { .. } | Job::SkipBinary { .. } => (0, 1),
        }
    }

    /// Whether this is its input's first job.
    pub(super) fn is_first(&self) -> bool {
        self.part().0 == 0
    }

    /// Whether this is its input's last job.
    pub(super) fn is_last(&self) -> bool {
        let (index, count) = self.part();
        index + 1 == count
    }
}

/// The scan's jobs, the line chains of chunked text files, and the plans of
/// inputs read in pieces.
pub(super) struct Plans {
    pub(super) jobs: Vec<Job>,
    pub(super) chains: Vec<LineChain>,
    pub(super) plans: Vec<OnceLock<Result<Plan, String>>>,
}

/// Plans every input. A Parquet file's footer is read here, once, to know
/// its jobs; a big file whose name says nothing is sniffed here from its
/// first block (small ones by their job, which reads them whole anyway).
pub(super) fn plan_jobs(options: &ScanOptions, files: &[Input]) -> Plans {
    let mut plans = Plans { jobs: Vec::with_capacity(files.len()), chains: Vec::new(), plans: Vec::new() };
    for (index, file) in files.iter().enumerate() {
        match &file.origin {
            Origin::Change { .. } | Origin::Memory { .. } | Origin::Table { .. } => {
                plans.jobs.push(Job::Whole { file: index, format: Format::Text, codec: None });
                continue;
            }
            Origin::Batch { .. } => {
                plans.jobs.push(Job::Whole { file: index, format: Format::Arrow, codec: None });
                continue;
            }
            Origin::Object { object, .. } => {
                // Objects are streamed whole; Parquet is planned from its footer, by ranges.
                let (mut format, mut codec) = options.format_of(file.path());
                let sniffable = codec.is_none() && options.force_format.is_none() && !format.is_structured();
                if sniffable && source::name_says_nothing(file.path()) {
                    // A name that says nothing: the first block says (a SQLite file, a UTF-16 export).
                    let head = object.ranged().get(0..file.size.min(BINARY_SNIFF_LEN as u64));
                    if let Ok(block) = head {
                        match source::utf16::bom(&block) {
                            Some(endian) => codec = Some(Codec::Utf16(endian)),
                            // Binary formats only: a sniffed text format that did not
                            // parse could not be read again as text from a stream.
                            None => {
                                format =
                                    Format::sniff(&block, true).filter(|sniffed| sniffed.is_binary()).unwrap_or(format)
                            }
                        }
                    }
                }
                plan_input(&mut plans, options, (index, file), format, codec, 1);
                continue;
            }
            Origin::File(_) => {}
        }
        let (mut format, mut codec) = options.format_of(file.path());
        let chunks = text::chunk_count(file.size);
        let sniffable = codec.is_none() && options.force_format.is_none();
        let big = chunks > 1 || (format.is_structured() && file.size > 2 * options.limits.split_size);
        if sniffable && big && !format.is_binary() {
            // An unreadable file: its job will report the error.
            if let Some(block) = first_block(file) {
                if let Some(endian) = source::utf16::bom(&block) {
                    codec = Some(Codec::Utf16(endian));
                } else if !format.is_structured() {
                    match Format::sniff(&block, source::name_says_nothing(file.path())) {
                        Some(sniffed) => format = sniffed,
                        None if !file.explicit && looks_binary(&block) => {
                            plans.jobs.push(Job::SkipBinary { file: index });
                            continue;
                        }
                        None => {}
                    }
                }
            }
        }
        plan_input(&mut plans, options, (index, file), format, codec, chunks);
    }
    plans
}

/// The jobs of one input, once its format and codec are known.
fn plan_input(
    plans: &mut Plans,
    options: &ScanOptions,
    (index, file): (usize, &Input),
    format: Format,
    codec: Option<Codec>,
    chunks: usize,
) {
    let whole = Job::Whole { file: index, format, codec };
    let parts = match (registry::reader(format), codec) {
        (Some(reader), None) if options.sample_rows.is_none() || reader.parts(0, &options.limits) == Parts::Planned => {
            reader.parts(file.size, &options.limits)
        }
        _ => Parts::One,
    };
    // Only a file on disk is cut at byte offsets; an object is streamed whole.
    // One worker reads a file whole: pieces gain nothing without a second
    // worker, and cost a first pass over the file to plan where they start.
    let parts = match parts {
        Parts::Pieces(_) if !matches!(file.origin, Origin::File(_)) || options.threads <= 1 => Parts::One,
        other => other,
    };
    match parts {
        Parts::Planned => {
            let reader = registry::reader(format).expect("a structured format");
            let how = Planning {
                limits: &options.limits,
                header: HeaderRule { mode: options.header, is_value: &mut |_| false },
            };
            let plan = reader.plan(super::random_of(file), file.size, 0, how);
            let count = plan.as_ref().map_or(1, |plan| plan.starts.len().max(1));
            plans.plans.push(OnceLock::from(plan));
            let plan = plans.plans.len() - 1;
            plans.jobs.extend((0..count).map(|piece| Job::Piece { file: index, piece, count, plan, format }));
        }
        Parts::Pieces(count) => {
            plans.plans.push(OnceLock::new());
            let plan = plans.plans.len() - 1;
            plans.jobs.extend((0..count).map(|piece| Job::Piece { file: index, piece, count, plan, format }));
        }
        Parts::One if chunks == 1 || format.is_structured() || codec.is_some() => plans.jobs.push(whole),
        Parts::One => {
            plans.chains.push(LineChain::new(chunks));
            let chain = plans.chains.len() - 1;
            plans.jobs.extend((0..chunks).map(|chunk| Job::Chunk { file: index, chunk, count: chunks, chain }));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &std::path::Path, size: u64) -> Input {
        Input {
            display: path.display().to_string(),
            absolute: path.display().to_string(),
            size,
            explicit: false,
            origin: Origin::File(path.to_path_buf()),
        }
    }

    fn options() -> ScanOptions {
        ScanOptions {
            threads: 1,
            min_confidence: crate::finding::Confidence::Medium,
            reveal: false,
            progress: false,
            sample_rows: None,
            force_format: None,
            header: Default::default(),
            limits: source::Limits { split_size: 1 << 10, ..Default::default() },
            date_rows: true,
        }
    }

    #[test]
    fn each_kind_of_input_gets_its_jobs() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("notes.txt");
        std::fs::write(&small, "a\n").unwrap();
        let csv = dir.path().join("big.csv");
        std::fs::write(&csv, "a,b\n1,2\n".repeat(1000)).unwrap();
        let binary = dir.path().join("blob.bin");
        let mut bytes = vec![0u8; 9 << 20];
        bytes[0] = b'x';
        std::fs::write(&binary, &bytes).unwrap();
        let files = [input(&small, 2), input(&csv, 8000), input(&binary, bytes.len() as u64)];
        let one_worker = plan_jobs(&options(), &files);
        assert_eq!(
            one_worker.jobs[1],
            Job::Whole { file: 1, format: Format::Csv(None), codec: None },
            "nothing to share"
        );
        let plans = plan_jobs(&ScanOptions { threads: 2, ..options() }, &files);
        assert_eq!(plans.jobs[0], Job::Whole { file: 0, format: Format::Text, codec: None });
        let pieces: Vec<_> = plans.jobs.iter().filter(|job| job.file() == 1).collect();
        assert_eq!(pieces.len(), 8, "8000 bytes in pieces of about 1 KiB");
        assert!(pieces[0].is_first() && pieces[7].is_last() && !pieces[3].is_first());
        assert_eq!(plans.jobs.last(), Some(&Job::SkipBinary { file: 2 }));
        assert_eq!(plans.plans.len(), 1, "the CSV plan, made later by its first job");
        assert!(plans.plans[0].get().is_none());
    }

    #[test]
    fn big_text_is_chunked_along_a_line_chain() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("app.log");
        std::fs::write(&log, "line\n".repeat(4 << 20)).unwrap();
        let plans = plan_jobs(&options(), &[input(&log, 20 << 20)]);
        assert_eq!(plans.chains.len(), 1);
        assert!(plans.jobs.iter().all(|job| matches!(job, Job::Chunk { chain: 0, .. })));
        assert_eq!(plans.jobs.len(), text::chunk_count(20 << 20));
    }
}
