//! Plain text (and any file read as bytes): split into chunks for parallel,
//! bounded-memory reading.
//!
//! A file larger than one chunk is split into `ceil(size / CHUNK_SIZE)` chunks,
//! each read with `pread` by whichever worker takes it, so one huge file keeps
//! every core busy and no worker holds more than about one chunk.
//!
//! # Exactly once across chunk boundaries
//! The boundary between chunk `k-1` and chunk `k` is placed just after the first
//! newline in the `ALIGN_WINDOW` bytes following `k * CHUNK_SIZE`; both
//! neighbours read those bytes and compute the same boundary. No built-in pattern
//! spans a newline, so a match lies wholly in one chunk. Only when a line is
//! longer than the window is the cut made mid-line; then each chunk also reads
//! `MARGIN` bytes on both sides and reports only matches that *start* in its own
//! range, so a straddling match is found by the chunk it starts in and by no other.

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;

use super::TextUnit;

/// Bytes per chunk: large enough that per-read overhead vanishes, small enough
/// that a worker's buffer (one chunk plus overlaps) stays around 8 MiB.
pub const CHUNK_SIZE: u64 = 8 << 20;
/// How far past a nominal cut a newline is looked for.
pub const ALIGN_WINDOW: u64 = 64 << 10;
/// Overlap read on each side of a chunk: longer than any built-in match
/// (an email is at most 64 + 1 + 253 bytes) plus the widest context window.
pub const MARGIN: u64 = 4 << 10;

/// Number of chunks a file of `size` bytes is read in.
pub fn chunk_count(size: u64) -> usize {
    if size <= CHUNK_SIZE + ALIGN_WINDOW {
        1
    } else {
        size.div_ceil(CHUNK_SIZE) as usize
    }
}

/// Reads chunk `index` of `count` of `file` (whose size was `size` when walked)
/// into `buffer` and describes it as a text unit.
///
/// A single-chunk file is read to its end, whatever its size now. A chunk of a
/// split file reads its range; if the file shrank, it reads what is left.
pub fn read_chunk<'a>(
    file: &File,
    size: u64,
    index: usize,
    count: usize,
    buffer: &'a mut Vec<u8>,
) -> io::Result<TextUnit<'a>> {
    buffer.clear();
    if count == 1 {
        let mut reader = file;
        reader.read_to_end(buffer)?;
        let len = buffer.len();
        return Ok(TextUnit { bytes: buffer, owned: 0..len, search_from: 0, origin: 0 });
    }
    let nominal_start = index as u64 * CHUNK_SIZE;
    let origin = nominal_start.saturating_sub(MARGIN);
    let is_last = index + 1 == count;
    let end = if is_last { size } else { (nominal_start + CHUNK_SIZE + ALIGN_WINDOW + MARGIN).min(size) };
    read_range(file, origin, end, buffer)?;

    let len = buffer.len();
    let local = |offset: u64| ((offset - origin) as usize).min(len);
    let (owned_start, aligned) = if index == 0 { (0, true) } else { boundary(buffer, local(nominal_start)) };
    let owned_end = if is_last { len } else { boundary(buffer, local(nominal_start + CHUNK_SIZE)).0 };
    let owned_end = owned_end.max(owned_start);
    let search_from = if aligned { owned_start } else { 0 };
    Ok(TextUnit { bytes: buffer, owned: owned_start..owned_end, search_from, origin })
}

/// The cut at or after `nominal`: just past the first newline within the
/// alignment window (`true`), or `nominal` itself for a long line (`false`).
fn boundary(bytes: &[u8], nominal: usize) -> (usize, bool) {
    let window_end = (nominal + ALIGN_WINDOW as usize).min(bytes.len());
    match memchr::memchr(b'\n', &bytes[nominal..window_end]) {
        Some(newline) => (nominal + newline + 1, true),
        None => (nominal, false),
    }
}

/// Reads `[start, end)` of `file` into `buffer`, stopping early at end of file.
fn read_range(file: &File, start: u64, end: u64, buffer: &mut Vec<u8>) -> io::Result<()> {
    let want = end.saturating_sub(start) as usize;
    buffer.resize(want, 0);
    let mut filled = 0;
    while filled < want {
        match file.read_at(&mut buffer[filled..], start + filled as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        }
    }
    buffer.truncate(filled);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn owned_ranges(content: &[u8]) -> Vec<(u64, u64, bool)> {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(content).unwrap();
        let size = content.len() as u64;
        let count = chunk_count(size);
        let mut buffer = Vec::new();
        (0..count)
            .map(|index| {
                let unit = read_chunk(&file, size, index, count, &mut buffer).unwrap();
                let aligned = unit.search_from == unit.owned.start;
                (unit.origin + unit.owned.start as u64, unit.origin + unit.owned.end as u64, aligned)
            })
            .collect()
    }

    #[test]
    fn small_files_are_one_chunk() {
        assert_eq!(chunk_count(0), 1);
        assert_eq!(chunk_count(CHUNK_SIZE + ALIGN_WINDOW), 1);
        assert_eq!(chunk_count(CHUNK_SIZE + ALIGN_WINDOW + 1), 2);
    }

    #[test]
    fn owned_ranges_tile_the_file_on_line_boundaries() {
        let line = b"some text with a phone 418-549-6754 in it\n";
        let content: Vec<u8> = line.iter().copied().cycle().take((CHUNK_SIZE * 2 + 12345) as usize).collect();
        let ranges = owned_ranges(&content);
        assert_eq!(ranges.len(), 3);
        assert_eq!(ranges[0].0, 0);
        assert_eq!(ranges.last().unwrap().1, content.len() as u64);
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "ranges must tile without gap or overlap");
            assert_eq!(content[pair[1].0 as usize - 1], b'\n', "cut just after a newline");
            assert!(pair[1].2, "line-aligned cut searches from its own start");
        }
    }

    #[test]
    fn a_single_long_line_is_cut_mid_line() {
        let content = vec![b'a'; (CHUNK_SIZE * 2 + 10) as usize];
        let ranges = owned_ranges(&content);
        assert_eq!(ranges[1].0, CHUNK_SIZE);
        assert!(!ranges[1].2, "mid-line cut searches from the overlap");
        assert_eq!(ranges.last().unwrap().1, content.len() as u64);
    }
}
