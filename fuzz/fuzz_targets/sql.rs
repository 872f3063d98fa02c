//! The PostgreSQL / MySQL dump reader. Inputs starting with a backtick take the
//! MySQL path, others the PostgreSQL one; the seed corpus holds both.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = piimap::source::sql::read(data, &Default::default(), &mut |_| {}, &mut |_| {});
});
