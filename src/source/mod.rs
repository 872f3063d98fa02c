//! Sources: turn files into text units the detector can search.
//!
//! A [`TextUnit`] is the only thing the detector and the scan stage need to know
//! about where bytes came from: a buffer, the part of it this unit is
//! responsible for, and the file offset of its first byte. Readers for other
//! formats produce the same type.

pub mod compressed;
pub mod csv;
pub mod json;
pub mod sql;
pub mod text;

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// A buffer of bytes from one file, and which part of it this unit reports.
#[derive(Debug, Clone)]
pub struct TextUnit<'a> {
    /// The bytes read, including overlap with the neighbouring units.
    pub bytes: &'a [u8],
    /// The part of `bytes` this unit owns: matches starting here are its own.
    pub owned: Range<usize>,
    /// Where the search begins: equal to `owned.start` when the unit starts on a
    /// line boundary, earlier when it starts mid-line, so the automaton is in
    /// step with the text by the time it reaches the owned part.
    pub search_from: usize,
    /// File offset of `bytes[0]`.
    pub origin: u64,
}

/// How many leading bytes are sniffed for a NUL to call a large file binary.
///
/// ripgrep's rule, applied to the first block only for files split across
/// workers; a file read in one piece is checked whole.
pub const BINARY_SNIFF_LEN: usize = 64 << 10;

/// True when `bytes` look binary: they contain a NUL byte.
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, bytes).is_some()
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Bytes, in chunks: logs, source, prose, anything unrecognized.
    Text,
    /// Delimited values with a header row; `None` sniffs the delimiter.
    Csv(Option<u8>),
    /// One JSON document per line.
    Ndjson,
    /// A PostgreSQL or MySQL dump.
    Sql,
}

impl Format {
    /// The format a file's extension names (case-insensitive); text otherwise.
    pub fn of(path: &Path) -> Format {
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => Format::Csv(None),
            Some("tsv" | "tab") => Format::Csv(Some(b'\t')),
            Some("ndjson" | "jsonl") => Format::Ndjson,
            Some("sql" | "dump") => Format::Sql,
            // A `.json` document stays text for now: its findings keep exact
            // lines, which a whole-document parse would lose. A streaming,
            // position-aware reader is the next step.
            _ => Format::Text,
        }
    }

    /// Whether values are read record by record, with a table, field and row.
    pub fn is_structured(self) -> bool {
        !matches!(self, Format::Text)
    }
}

/// One value of a structured source, and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    /// Table: the file stem for CSV and JSON.
    pub table: &'a Arc<str>,
    /// Column, or JSON path with `[]` for list levels.
    pub field: &'a Arc<str>,
    /// 0-based record index within the table.
    pub row: u64,
    /// 1-based line where the record starts.
    pub line: u64,
    /// Byte offsets in the file of the record holding the value: exact for the
    /// record, not for the value (quoting and escapes change lengths).
    pub record: (u64, u64),
    /// The value, unescaped.
    pub bytes: &'a [u8],
}

/// A problem with part of a structured file; the reader goes on where the
/// format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadIssue {
    /// Where (`row 4 (line 6)`, `line 21`).
    pub location: String,
    /// What is wrong.
    pub reason: String,
}

/// How to read a file: its codec (if compressed) and the format of what it holds.
pub fn format_and_codec(path: &Path) -> (Format, Option<compressed::Codec>) {
    match compressed::Codec::of(path) {
        Some((codec, inner)) => (Format::of(&inner), Some(codec)),
        None => (Format::of(path), None),
    }
}

/// The table name for a file: its name up to the first dot (`users.csv.gz` → `users`).
pub fn table_name(path: &Path) -> Arc<str> {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let stem = name.split('.').next().filter(|s| !s.is_empty()).unwrap_or(&name);
    Arc::from(stem)
}

/// Interns field names so that every cell of a column shares one allocation.
#[derive(Debug, Default)]
pub struct FieldNames {
    names: std::collections::HashMap<String, Arc<str>>,
}

impl FieldNames {
    /// The shared name for `name`.
    pub fn get(&mut self, name: &str) -> Arc<str> {
        if let Some(existing) = self.names.get(name) {
            return existing.clone();
        }
        let shared: Arc<str> = Arc::from(name);
        self.names.insert(name.to_string(), shared.clone());
        shared
    }
}
