//! Text jobs: bytes searched as they are, in chunks of a big file, whole for
//! a small one (sniffed first when its name says nothing), as a stream for a
//! decompressed or transcoded one, or line by line for a git change.

use std::fs::File;
use std::io::Read;

use super::collect::{scan_segments, Collector, Segment};
use super::order::LinePosition;
use super::values::{run_cells, run_whole_binary};
use super::{JobOutput, JobStatus, Scratches, Shared, Stream};
use crate::detect::Scratch;
use crate::error::io_reason;
use crate::input::git::ChangedFile;
use crate::input::Input;
use crate::source::reader::{Bytes, Part};
use crate::source::{self, looks_binary, text, Format};

/// The lines a git change adds, searched from its new content in memory.
pub(super) fn run_change(shared: &Shared, scratch: &mut Scratch, file: &Input, change: &ChangedFile) -> JobOutput {
    let segments = change
        .added
        .iter()
        .map(|(line, range)| Segment {
            search_from: range.start,
            owned: range.clone(),
            line: *line,
            line_start: range.start as u64,
        })
        .collect();
    let mut collector = Collector::new(shared, file);
    let total = scan_segments(&mut collector, scratch, &change.content, 0, segments);
    collector.finish(total)
}

/// Bytes a caller handed in, searched whole.
pub(super) fn run_memory(shared: &Shared, scratch: &mut Scratch, file: &Input, bytes: &[u8]) -> JobOutput {
    let segment = Segment { search_from: 0, owned: 0..bytes.len(), line: 1, line_start: 0 };
    let mut collector = Collector::new(shared, file);
    let total = scan_segments(&mut collector, scratch, bytes, 0, vec![segment]);
    collector.finish(total)
}

/// Chunk `chunk` of `count` of a big text file; its first line number comes
/// down the file's line chain, and its own count goes on to the next chunk.
pub(super) fn run_chunk(
    shared: &Shared,
    scratch: &mut Scratch,
    buffer: &mut Vec<u8>,
    file: &Input,
    (chunk, count, chain): (usize, usize, usize),
    published: &mut bool,
) -> JobOutput {
    let failed = |err: std::io::Error| {
        JobOutput::empty(JobStatus::Failed(format!("{} (reading chunk {} of {count})", io_reason(&err), chunk + 1)))
    };
    let unit =
        match File::open(file.path()).and_then(|handle| text::read_chunk(&handle, file.size, chunk, count, buffer)) {
            Ok(unit) => unit,
            Err(err) => return failed(err),
        };
    let owned = unit.owned.clone();
    let chain = &shared.chains[chain];
    let own = &unit.bytes[owned.clone()];
    let newlines = memchr::memchr_iter(b'\n', own).count() as u64;
    let start = chain.wait_for(chunk);
    let line_start = match memchr::memrchr(b'\n', own) {
        Some(last) => unit.origin + (owned.start + last + 1) as u64,
        None => start.line_start,
    };
    chain.publish(chunk + 1, LinePosition { newlines_before: start.newlines_before + newlines, line_start });
    *published = true;
    // A mid-line cut: the line began in an earlier chunk.
    let line_start = if unit.search_from != owned.start { start.line_start } else { unit.origin + owned.start as u64 };
    let segment = Segment { search_from: unit.search_from, owned, line: start.newlines_before + 1, line_start };
    let mut collector = Collector::new(shared, file);
    let total = scan_segments(&mut collector, scratch, unit.bytes, unit.origin, vec![segment]);
    collector.finish(total)
}

/// A file read whole: UTF-16 transcoded, a name that says nothing sniffed
/// (and read as that format if it parses as one, as text otherwise), binary
/// skipped unless named, text searched.
pub(super) fn run_small(
    shared: &Shared,
    scratches: &mut Scratches,
    buffer: &mut Vec<u8>,
    file: &Input,
    stream: &Stream,
) -> JobOutput {
    let unit = match File::open(file.path()).and_then(|handle| text::read_chunk(&handle, file.size, 0, 1, buffer)) {
        Ok(unit) => unit,
        Err(err) => return JobOutput::empty(JobStatus::Failed(io_reason(&err))),
    };
    if let Some(endian) = source::utf16::bom(unit.bytes) {
        let decoder = source::utf16::Utf16Decoder::new(unit.bytes, endian);
        return run_stream(shared, &mut scratches.values, file, Box::new(decoder));
    }
    // Set when a sniffed format did not parse and the file is read as text instead.
    let mut note = None;
    if shared.options.force_format.is_none() {
        if let Some(sniffed) = Format::sniff(unit.bytes, source::name_says_nothing(file.path())) {
            if sniffed.is_binary() {
                return run_whole_binary(shared, scratches, file, sniffed, stream);
            }
            // Tentative: nothing leaves the job until it is known to be that format.
            let tentative = Stream { tentative: true, ..*stream };
            let bytes = Bytes::Stream(Box::new(unit.bytes));
            let output = run_cells(shared, scratches, file, (sniffed, bytes, Part::Whole), &tentative, file.size);
            let problem = match &output.status {
                JobStatus::Failed(reason) => Some(reason.clone()),
                _ => output.issues.first().cloned(),
            };
            let Some(problem) = problem else { return output };
            note = Some(format!("its content looked like {}, but {problem}: read as text", sniffed.name()));
        }
    }
    if !file.explicit && looks_binary(unit.bytes) {
        return JobOutput::empty(JobStatus::Binary);
    }
    let owned = unit.owned.clone();
    let segment = Segment { search_from: unit.search_from, owned, line: 1, line_start: 0 };
    let mut collector = Collector::new(shared, file);
    let total = scan_segments(&mut collector, &mut scratches.values, unit.bytes, unit.origin, vec![segment]);
    let mut output = collector.finish(total);
    output.notes.extend(note);
    output
}

/// Scans text read as a stream (a decompressed file): blocks of about one
/// chunk, cut after the last newline (or mid-line with overlap, as for files on
/// disk), with line numbers carried from block to block.
pub(super) fn run_stream(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::fixture::Fixture;

    #[test]
    fn bytes_in_memory_are_searched_whole() {
        let fixture = Fixture::new(b"nothing\r\ncourriel: jean@exemple.qc.ca\n");
        let shared = fixture.shared();
        let mut scratch = fixture.detector.scratch();
        let output = run_memory(&shared, &mut scratch, &fixture.files[0], b"nothing\r\ncourriel: jean@exemple.qc.ca\n");
        assert_eq!(output.bytes, 38);
        let found: Vec<_> = output.findings.iter().map(|f| (f.line, f.column, f.start, f.end)).collect();
        assert_eq!(found, [(2, 11, 19, 37)]);
        assert_eq!(output.findings[0].masked, "j***@e*****.ca");
    }
}
