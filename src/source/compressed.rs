//! Compressed inputs: `.gz` and `.zst` versions of any format, decompressed as
//! a stream (nothing is written to disk, memory stays bounded).
//!
//! A decompression bomb (a few kilobytes that expand to terabytes) is stopped
//! early: reading fails with a clear error once the output passes
//! [`MAX_RATIO`] times the compressed size (plus [`RATIO_SLACK`], so tiny
//! files of repeated text are not flagged) or [`MAX_DECOMPRESSED`] in all.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Expansion beyond which a stream is taken for a bomb.
///
/// Text and CSV compress 3-20×, highly repetitive logs up to a few hundred;
/// 1000× leaves room for those and stops a bomb after reading a thousand times
/// its size, not the billions it would expand to.
pub const MAX_RATIO: u64 = 1000;
/// Output allowed before the ratio applies.
pub const RATIO_SLACK: u64 = 64 << 20;
/// Output never read past, whatever the ratio.
pub const MAX_DECOMPRESSED: u64 = 64 << 30;

/// A compression format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// gzip (`.gz`), including multi-member files.
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
    /// UTF-16 text with a byte-order mark, transcoded to UTF-8: not a
    /// compression, but read the same way (a stream turned into other bytes).
    /// Recognized by content, never by name.
    Utf16(super::utf16::Endian),
}

impl Codec {
    /// The codec a file's last extension names, and the name without it (`users.csv.gz` → `users.csv`).
    pub fn of(path: &Path) -> Option<(Codec, PathBuf)> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        let codec = match extension.as_str() {
            "gz" | "gzip" => Codec::Gzip,
            "zst" | "zstd" => Codec::Zstd,
            _ => return None,
        };
        Some((codec, path.with_extension("")))
    }

    /// A reader of the decompressed stream of `input` (`compressed_size` bytes).
    pub fn decoder<'r>(
        self,
        input: impl Read + 'r,
        compressed_size: u64,
        limits: &super::Limits,
    ) -> io::Result<Box<dyn Read + 'r>> {
        let decoder: Box<dyn Read + 'r> = match self {
            Codec::Gzip => Box::new(flate2::read::MultiGzDecoder::new(input)),
            Codec::Zstd => Box::new(zstd::stream::read::Decoder::new(input)?),
            Codec::Utf16(endian) => Box::new(super::utf16::Utf16Decoder::new(input, endian)),
        };
        let limit =
            compressed_size.saturating_mul(limits.max_ratio).saturating_add(RATIO_SLACK).min(limits.max_decompressed);
        Ok(Box::new(Bounded { inner: decoder, read: 0, limit, ratio: limits.max_ratio, max: limits.max_decompressed }))
    }
}

/// Fails once more than `limit` bytes have come out.
struct Bounded<R> {
    inner: R,
    read: u64,
    limit: u64,
    ratio: u64,
    max: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buffer)?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(io::Error::other(format!(
                "decompressed output passed {} bytes (--max-ratio {}× the compressed size, or --max-decompressed {} bytes): stopped as a possible decompression bomb",
                self.limit,
                self.ratio,
                self.max
            )));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn names_and_round_trips() {
        assert_eq!(Codec::of(Path::new("a/users.csv.gz")), Some((Codec::Gzip, PathBuf::from("a/users.csv"))));
        assert_eq!(Codec::of(Path::new("e.ndjson.zst")), Some((Codec::Zstd, PathBuf::from("e.ndjson"))));
        assert_eq!(Codec::of(Path::new("plain.csv")), None);

        let text = b"email a@b.ca\n".repeat(100);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&text).unwrap();
        let gz = gz.finish().unwrap();
        let mut out = Vec::new();
        Codec::Gzip.decoder(&gz[..], gz.len() as u64, &Default::default()).unwrap().read_to_end(&mut out).unwrap();
        assert_eq!(out, text);

        let zst = zstd::stream::encode_all(&text[..], 3).unwrap();
        let mut out = Vec::new();
        Codec::Zstd.decoder(&zst[..], zst.len() as u64, &Default::default()).unwrap().read_to_end(&mut out).unwrap();
        assert_eq!(out, text);
    }

    #[test]
    fn bombs_are_stopped() {
        // 80 MiB of zeros compress to ~80 KiB: over 1000× and past the slack.
        let zeros = vec![0u8; 80 << 20];
        let zst = zstd::stream::encode_all(&zeros[..], 19).unwrap();
        let mut sink = Vec::new();
        let err = Codec::Zstd
            .decoder(&zst[..], zst.len() as u64, &Default::default())
            .unwrap()
            .read_to_end(&mut sink)
            .unwrap_err();
        assert!(err.to_string().contains("decompression bomb"), "{err}");
        assert!(sink.len() <= (RATIO_SLACK + zst.len() as u64 * MAX_RATIO) as usize + (1 << 20));
    }
}
