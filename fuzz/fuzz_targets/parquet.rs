//! The Parquet reader (footer, pages, nested columns). The reader takes a file,
//! so each input is written to a temporary file first.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::{Seek, Write};
use std::sync::{Arc, Mutex, OnceLock};

fn scratch_file() -> &'static Mutex<std::fs::File> {
    static FILE: OnceLock<Mutex<std::fs::File>> = OnceLock::new();
    FILE.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("piimap-fuzz-{}.parquet", std::process::id()));
        let file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&path).unwrap();
        let _ = std::fs::remove_file(&path); // kept open, gone from the directory
        Mutex::new(file)
    })
}

fuzz_target!(|data: &[u8]| {
    let mut file = scratch_file().lock().unwrap();
    file.set_len(0).unwrap();
    file.rewind().unwrap();
    file.write_all(data).unwrap();
    let table: Arc<str> = Arc::from("t");
    if let Ok(plan) = piimap::source::parquet::plan(&file) {
        for job in 0..plan.jobs.len() {
            piimap::source::parquet::read(
                &file,
                &plan,
                job,
                &table,
                Some(10_000),
                &Default::default(),
                &mut |_| {},
                &mut |_| {},
            );
        }
    }
});
