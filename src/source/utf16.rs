//! UTF-16 text with a byte-order mark (Windows exports, PowerShell redirects),
//! transcoded to UTF-8 as a stream so the byte-oriented detector can read it.
//!
//! Without this, the NUL bytes of UTF-16 make such files look binary and they
//! would be skipped. Findings in a transcoded file have the line and column of
//! the text; `start`/`end` are offsets in its UTF-8 transcoding.

use std::io::{self, Read};

/// The byte order of a UTF-16 file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endian {
    /// `FF FE`.
    Little,
    /// `FE FF`.
    Big,
}

/// The byte order of `head` when it is UTF-16 text: a byte-order mark, and
/// NUL bytes after it (the high half of ASCII and Latin characters, which all
/// the data piimap looks for is written in).
///
/// The NUL requirement keeps a Latin-1 or broken UTF-8 file that happens to
/// start with `FF FE` from being read as UTF-16. `FF FE 00 00` is a UTF-32
/// mark and is not taken for UTF-16.
pub fn bom(head: &[u8]) -> Option<Endian> {
    let endian = match head {
        [0xFF, 0xFE, 0, 0, ..] => return None,
        [0xFF, 0xFE, ..] => Endian::Little,
        [0xFE, 0xFF, ..] => Endian::Big,
        _ => return None,
    };
    memchr::memchr(0, &head[2..head.len().min(4096)]).map(|_| endian)
}

/// Reads UTF-16 (after its mark) from `inner` and yields UTF-8. Unpaired
/// surrogates and a trailing odd byte become U+FFFD.
pub struct Utf16Decoder<R> {
    inner: R,
    endian: Endian,
    /// Raw bytes read but not yet decoded (an odd byte, a high surrogate).
    raw: Vec<u8>,
    /// UTF-8 produced and not yet handed out.
    out: Vec<u8>,
    position: usize,
    started: bool,
    done: bool,
}

impl<R: Read> Utf16Decoder<R> {
    /// A decoder of `inner`, which starts with its byte-order mark.
    pub fn new(inner: R, endian: Endian) -> Self {
        Utf16Decoder { inner, endian, raw: Vec::new(), out: Vec::new(), position: 0, started: false, done: false }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.position = 0;
        let start = self.raw.len();
        self.raw.resize(start + (64 << 10), 0);
        let read = loop {
            match self.inner.read(&mut self.raw[start..]) {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let read = match read {
            Ok(read) => read,
            Err(err) => {
                self.raw.truncate(start);
                return Err(err);
            }
        };
        self.raw.truncate(start + read);
        if read == 0 {
            self.done = true;
        }
        let mut bytes = &self.raw[..];
        if !self.started && bytes.len() >= 2 {
            bytes = &bytes[2..]; // the mark
            self.started = true;
        } else if !self.started && self.done {
            self.started = true;
        }
        let units = bytes.len() / 2;
        let mut decoded_units = units;
        // Keep a high surrogate at the end for the next read, which may hold its pair.
        if !self.done && units > 0 {
            let last = self.unit(&bytes[(units - 1) * 2..]);
            if (0xD800..0xDC00).contains(&last) {
                decoded_units -= 1;
            }
        }
        let endian = self.endian;
        let code_units = (0..decoded_units).map(|i| {
            let pair = [bytes[2 * i], bytes[2 * i + 1]];
            match endian {
                Endian::Little => u16::from_le_bytes(pair),
                Endian::Big => u16::from_be_bytes(pair),
            }
        });
        for character in char::decode_utf16(code_units) {
            let character = character.unwrap_or(char::REPLACEMENT_CHARACTER);
            self.out.extend_from_slice(character.encode_utf8(&mut [0; 4]).as_bytes());
        }
        let consumed = (self.raw.len() - bytes.len()) + decoded_units * 2;
        self.raw.drain(..consumed);
        if self.done && !self.raw.is_empty() {
            self.out.extend_from_slice(char::REPLACEMENT_CHARACTER.encode_utf8(&mut [0; 4]).as_bytes());
            self.raw.clear();
        }
        Ok(())
    }

    fn unit(&self, pair: &[u8]) -> u16 {
        match self.endian {
            Endian::Little => u16::from_le_bytes([pair[0], pair[1]]),
            Endian::Big => u16::from_be_bytes([pair[0], pair[1]]),
        }
    }
}

impl<R: Read> Read for Utf16Decoder<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        while self.position == self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = buffer.len().min(self.out.len() - self.position);
        buffer[..n].copy_from_slice(&self.out[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, endian: Endian) -> Vec<u8> {
        let mut bytes = match endian {
            Endian::Little => vec![0xFF, 0xFE],
            Endian::Big => vec![0xFE, 0xFF],
        };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&match endian {
                Endian::Little => unit.to_le_bytes(),
                Endian::Big => unit.to_be_bytes(),
            });
        }
        bytes
    }

    /// Hands out one byte per read, so every boundary case is met.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            let Some((&first, rest)) = self.0.split_first() else { return Ok(0) };
            buffer[0] = first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn both_byte_orders_and_surrogates_across_reads() {
        let text = "Courriel : jean@exemple.qc.ca 🙂\r\nNAS 130 692 544 — été\n";
        for endian in [Endian::Little, Endian::Big] {
            let bytes = encode(text, endian);
            assert_eq!(bom(&bytes), Some(endian));
            let mut out = String::new();
            Utf16Decoder::new(&bytes[..], endian).read_to_string(&mut out).unwrap();
            assert_eq!(out, text);
            let mut out = String::new();
            Utf16Decoder::new(Trickle(&bytes), endian).read_to_string(&mut out).unwrap();
            assert_eq!(out, text, "one byte per read");
        }
    }

    #[test]
    fn broken_input_becomes_replacement_characters() {
        let mut bytes = encode("a", Endian::Little);
        bytes.extend_from_slice(&[0x00, 0xD8]); // a lone high surrogate
        bytes.push(b'x'); // an odd trailing byte
        let mut out = String::new();
        Utf16Decoder::new(&bytes[..], Endian::Little).read_to_string(&mut out).unwrap();
        assert_eq!(out, "a\u{FFFD}\u{FFFD}");
        assert_eq!(bom(&[0xFF, 0xFE, 0, 0]), None, "UTF-32 mark");
        assert_eq!(bom(b"plain"), None);
        assert_eq!(bom(b"\xFF\xFE\xC3\x28 Latin-1 or broken UTF-8, no NUL"), None);
    }
}
