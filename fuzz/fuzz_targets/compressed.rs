//! The gzip, zstd and UTF-16 stream decoders, with the decompression-bomb limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use piimap::source::compressed::Codec;
use piimap::source::utf16::Endian;
use std::io::Read;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let codec = match selector % 4 {
        0 => Codec::Gzip,
        1 => Codec::Zstd,
        2 => Codec::Utf16(Endian::Little),
        _ => Codec::Utf16(Endian::Big),
    };
    if let Ok(decoder) = codec.decoder(rest, rest.len() as u64, &Default::default()) {
        // Bounded by the ratio limit; read at most 16 MiB so a run stays fast.
        let mut sink = Vec::new();
        let _ = decoder.take(16 << 20).read_to_end(&mut sink);
    }
});
