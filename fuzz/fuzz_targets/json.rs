//! The NDJSON and JSON-document readers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let table: Arc<str> = Arc::from("t");
    let _ = piimap::source::json::read_lines(data, &table, None, &Default::default(), &mut |_| {}, &mut |_| {});
    let _ = piimap::source::json::read_document(
        data,
        &table,
        None,
        &Default::default(),
        &mut |cell| {
            assert!(cell.record.0 <= cell.record.1 && cell.record.1 <= data.len() as u64);
        },
        &mut |_| {},
    );
});
