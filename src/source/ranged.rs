//! Random access to an input's bytes, for the formats read by seeking
//! (Parquet): a local file, or an object in a bucket fetched by byte ranges.
//!
//! A Parquet file in a bucket is not downloaded: its footer is fetched, then
//! only the column chunks a job reads. The parquet crate asks for bytes in
//! small pieces (a page header, then its page), so a job first
//! [`Chunks::prefetch`]es the column chunks it is about to read in one
//! request each, and the pieces are cut from those; anything else (the
//! footer) is fetched when asked for, in blocks.

use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use parquet::file::reader::{ChunkReader, Length};

/// Bytes fetched by range: an object in a bucket.
pub trait RangeSource: Send + Sync {
    /// The size in bytes.
    fn size(&self) -> u64;
    /// The bytes in `range`.
    fn get(&self, range: Range<u64>) -> io::Result<Bytes>;
    /// The bytes of several ranges (fetched concurrently where the source can).
    fn get_ranges(&self, ranges: &[Range<u64>]) -> io::Result<Vec<Bytes>> {
        ranges.iter().map(|range| self.get(range.clone())).collect()
    }
}

/// Where a reader that seeks finds an input.
#[derive(Clone)]
pub enum Random<'a> {
    /// A file on disk.
    File(&'a Path),
    /// An object fetched by range.
    Ranged(Arc<dyn RangeSource>),
}

impl Random<'_> {
    /// Opens it for reading by ranges.
    pub fn chunks(self) -> io::Result<Chunks> {
        Ok(match self {
            Random::File(path) => Chunks::File(Arc::new(File::open(path)?)),
            Random::Ranged(source) => Chunks::Ranged { source, cache: Arc::new(Mutex::new(Vec::new())) },
        })
    }
}

/// An input opened for reading by ranges; cheap to clone (clones share the file or the cache).
#[derive(Clone)]
pub enum Chunks {
    /// A file, read with positioned reads.
    File(Arc<File>),
    /// An object, with the ranges prefetched for the job at hand.
    Ranged {
        /// The object.
        source: Arc<dyn RangeSource>,
        /// Prefetched `(offset, bytes)`.
        cache: Arc<Mutex<Vec<(u64, Bytes)>>>,
    },
}

/// Bytes fetched when nothing prefetched holds them (the footer's last
/// bytes, a page header outside the prefetched chunks).
const BLOCK: u64 = 64 << 10;

impl Chunks {
    /// Fetches `ranges` (the column chunks a job is about to read), replacing
    /// what was prefetched before: memory holds one job's chunks at a time.
    pub fn prefetch(&self, ranges: &[Range<u64>]) -> io::Result<()> {
        let Chunks::Ranged { source, cache } = self else { return Ok(()) };
        lock(cache).clear();
        let fetched = source.get_ranges(ranges)?;
        let mut cache = lock(cache);
        cache.extend(ranges.iter().map(|range| range.start).zip(fetched));
        Ok(())
    }

    /// The prefetched bytes from `start`, up to the end of their chunk.
    fn cached(&self, start: u64) -> Option<Bytes> {
        let Chunks::Ranged { cache, .. } = self else { return None };
        let cache = lock(cache);
        cache.iter().find_map(|(offset, bytes)| {
            let end = offset + bytes.len() as u64;
            (start >= *offset && start < end).then(|| bytes.slice((start - offset) as usize..))
        })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Length for Chunks {
    fn len(&self) -> u64 {
        match self {
            Chunks::File(file) => file.metadata().map(|meta| meta.len()).unwrap_or(0),
            Chunks::Ranged { source, .. } => source.size(),
        }
    }
}

impl ChunkReader for Chunks {
    type T = Box<dyn Read + Send>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        if let Some(bytes) = self.cached(start) {
            return Ok(Box::new(io::Cursor::new(bytes)));
        }
        Ok(Box::new(At { chunks: self.clone(), at: start, block: Bytes::new() }))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<Bytes> {
        if let Some(bytes) = self.cached(start).filter(|bytes| bytes.len() >= length) {
            return Ok(bytes.slice(..length));
        }
        match self {
            Chunks::File(file) => {
                let mut buffer = vec![0; length];
                file.read_exact_at(&mut buffer, start)?;
                Ok(buffer.into())
            }
            Chunks::Ranged { source, .. } => Ok(source.get(start..start + length as u64)?),
        }
    }
}

/// Reads from an offset on, a block at a time.
struct At {
    chunks: Chunks,
    at: u64,
    block: Bytes,
}

impl Read for At {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.block.is_empty() {
            let size = self.chunks.len();
            if self.at >= size {
                return Ok(0);
            }
            let end = (self.at + BLOCK).min(size);
            self.block = match &self.chunks {
                Chunks::File(file) => {
                    let mut buffer = vec![0; (end - self.at) as usize];
                    let read = file.read_at(&mut buffer, self.at)?;
                    buffer.truncate(read);
                    buffer.into()
                }
                Chunks::Ranged { source, .. } => source.get(self.at..end)?,
            };
            if self.block.is_empty() {
                return Ok(0);
            }
        }
        let count = out.len().min(self.block.len());
        out[..count].copy_from_slice(&self.block[..count]);
        self.block = self.block.slice(count..);
        self.at += count as u64;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// An in-memory object that counts its requests.
    struct Counted {
        bytes: Bytes,
        requests: AtomicUsize,
    }

    impl RangeSource for Counted {
        fn size(&self) -> u64 {
            self.bytes.len() as u64
        }
        fn get(&self, range: Range<u64>) -> io::Result<Bytes> {
            self.requests.fetch_add(1, Ordering::SeqCst);
            Ok(self.bytes.slice(range.start as usize..range.end as usize))
        }
    }

    #[test]
    fn prefetched_chunks_serve_small_reads_without_requests() {
        let object = Arc::new(Counted {
            bytes: Bytes::from((0..=255u8).cycle().take(300_000).collect::<Vec<_>>()),
            requests: AtomicUsize::new(0),
        });
        let source: Arc<dyn RangeSource> = object.clone();
        let chunks = Random::Ranged(source).chunks().unwrap();
        chunks.prefetch(&[1000..5000, 200_000..250_000]).unwrap();
        let requests = object.requests.load(Ordering::SeqCst);
        let mut header = [0u8; 16];
        chunks.get_read(1200).unwrap().read_exact(&mut header).unwrap();
        assert_eq!(header[0], (1200 % 256) as u8);
        assert_eq!(&chunks.get_bytes(200_100, 100).unwrap()[..2], &[(200_100 % 256) as u8, (200_101 % 256) as u8]);
        assert_eq!(object.requests.load(Ordering::SeqCst), requests, "served from the prefetched chunks");
        // Outside them: fetched on demand, to the end of the object.
        let mut tail = Vec::new();
        chunks.get_read(299_990).unwrap().read_to_end(&mut tail).unwrap();
        assert_eq!(tail.len(), 10);
        assert_eq!(chunks.len(), 300_000);
    }

    #[test]
    fn a_parquet_file_reads_the_same_from_a_file_and_by_ranges() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/structured/parquet/users.parquet");
        let bytes = Bytes::from(std::fs::read(&path).unwrap());
        let source: Arc<dyn RangeSource> = Arc::new(Counted { bytes: bytes.clone(), requests: AtomicUsize::new(0) });
        let from_file = Random::File(&path).chunks().unwrap();
        let by_ranges = Random::Ranged(source).chunks().unwrap();
        assert_eq!(from_file.get_bytes(4, 100).unwrap(), by_ranges.get_bytes(4, 100).unwrap());
        let mut a = Vec::new();
        let mut b = Vec::new();
        from_file.get_read(bytes.len() as u64 - 8).unwrap().read_to_end(&mut a).unwrap();
        by_ranges.get_read(bytes.len() as u64 - 8).unwrap().read_to_end(&mut b).unwrap();
        assert_eq!((a.len(), &a[4..]), (8, &b"PAR1"[..]));
        assert_eq!(a, b);
    }
}
