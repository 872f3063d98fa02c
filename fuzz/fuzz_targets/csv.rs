//! The CSV/TSV reader: any bytes, with a sniffed delimiter and with tabs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let table: Arc<str> = Arc::from("t");
    for delimiter in [None, Some(b'\t')] {
        let _ = piimap::source::csv::read(data, delimiter, &table, None, &mut |_| {}, &mut |_| {});
    }
});
