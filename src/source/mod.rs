//! Sources: turn files into text units the detector can search.
//!
//! A [`TextUnit`] is the only thing the detector and the scan stage need to know
//! about where bytes came from: a buffer, the part of it this unit is
//! responsible for, and the file offset of its first byte. Readers for other
//! formats produce the same type.

pub mod compressed;
pub mod csv;
pub mod json;
pub mod parquet;
pub mod split;
pub mod sql;
pub mod sqlite;
pub mod text;
pub mod utf16;

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

/// Resource limits of the readers: each has a flag and a safe default, and
/// each is reported (file, place, limit) when it stops something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest record held in memory: an NDJSON line, a JSON array element,
    /// a dump line or statement (`--max-record-size`). A longer one is reported
    /// and skipped, so a 10 GiB single-line NDJSON file cannot take 10 GiB.
    pub max_record: usize,
    /// Decompressed bytes never read past (`--max-decompressed`).
    pub max_decompressed: u64,
    /// Expansion taken for a decompression bomb, once past 64 MiB (`--max-ratio`).
    pub max_ratio: u64,
    /// JSON nesting not descended into (`--max-json-depth`).
    pub max_json_depth: usize,
    /// Parquet row groups with more uncompressed data than this are skipped
    /// (`--max-row-group`): a reader holds one column chunk of one at a time.
    pub max_row_group: u64,
    /// A CSV or NDJSON file bigger than twice this is read in pieces of about
    /// this size by several workers (`--split-size`).
    pub split_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_record: 64 << 20,
            max_decompressed: compressed::MAX_DECOMPRESSED,
            max_ratio: compressed::MAX_RATIO,
            max_json_depth: 128,
            max_row_group: 4 << 30,
            split_size: 16 << 20,
        }
    }
}

/// Reads through the next `\n` (included) into `line`, keeping at most `max`
/// bytes of it. Returns the bytes consumed and whether the line was cut short.
pub fn read_line_bounded(
    reader: &mut impl std::io::BufRead,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut cut = false;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if buffer.is_empty() {
            return Ok((consumed, cut));
        }
        let (take, done) = match memchr::memchr(b'\n', buffer) {
            Some(newline) => (newline + 1, true),
            None => (buffer.len(), false),
        };
        let room = max.saturating_sub(line.len());
        line.extend_from_slice(&buffer[..take.min(room)]);
        cut |= take > room;
        reader.consume(take);
        consumed += take;
        if done {
            return Ok((consumed, cut));
        }
    }
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
    /// A JSON document.
    Json,
    /// Apache Parquet: binary, read by row group and column.
    Parquet,
    /// A SQLite database: binary, read through SQLite.
    Sqlite,
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
            Some("json") => Format::Json,
            Some("parquet" | "pq" | "parq") => Format::Parquet,
            Some("sqlite" | "sqlite3" | "db3") => Format::Sqlite,
            _ => Format::Text,
        }
    }

    /// Whether values are read record by record, with a table, field and row.
    pub fn is_structured(self) -> bool {
        !matches!(self, Format::Text)
    }

    /// Whether the format is binary and read from the file itself (not a
    /// byte stream): such files cannot be decompressed on the fly, and their
    /// findings have no line.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Parquet | Format::Sqlite)
    }

    /// What a file whose name says nothing (`.txt`, `.dat`, no extension...) or
    /// names a binary container really holds, judged from its first bytes:
    /// SQLite and Parquet by their magic numbers, dumps by the header their
    /// tools write, JSON by its first character, delimited text by a delimiter
    /// that splits the first lines into the same number of fields.
    /// `None` when nothing is recognized (it is text).
    ///
    /// Only the binary magics are trusted for any name; the text shapes are
    /// sniffed only when `name_says_nothing`, so a `.log` full of commas stays a log.
    pub fn sniff(head: &[u8], name_says_nothing: bool) -> Option<Format> {
        if head.starts_with(sqlite::MAGIC) {
            return Some(Format::Sqlite);
        }
        if head.starts_with(b"PAR1") {
            return Some(Format::Parquet);
        }
        if !name_says_nothing {
            return None;
        }
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        // A sample is enough, and a whole chunk would cost a split per line of it.
        let head = &head[..head.len().min(64 << 10)];
        let start = &head[..head.len().min(4096)];
        let dump_markers: [&[u8]; 4] =
            [b"PostgreSQL database dump", b"-- MySQL dump", b"-- MariaDB dump", b"/*M!999999"];
        if dump_markers.iter().any(|marker| memchr::memmem::find(start, marker).is_some()) {
            return Some(Format::Sql);
        }
        let mut lines = head.split(|&b| b == b'\n').map(|line| line.strip_suffix(b"\r").unwrap_or(line));
        let first = lines.next().unwrap_or_default();
        let trimmed = first.trim_ascii_start();
        if trimmed.starts_with(b"{") && first.trim_ascii_end().ends_with(b"}") {
            return Some(Format::Ndjson);
        }
        if trimmed.starts_with(b"[") || trimmed == b"{" {
            return Some(Format::Json);
        }
        // Delimited: every complete line of the sample (at least two) has the
        // same number (≥ 1) of one delimiter; the last line may be cut short.
        let complete: Vec<&[u8]> = {
            let all: Vec<&[u8]> = head.split(|&b| b == b'\n').collect();
            let whole = if head.ends_with(b"\n") { all.len() - 1 } else { all.len().saturating_sub(1) };
            all[..whole].iter().take(20).map(|line| line.strip_suffix(b"\r").unwrap_or(line)).collect()
        };
        if complete.len() < 2 || complete.iter().any(|line| line.is_empty()) {
            return None;
        }
        for delimiter in [b',', b';', b'\t', b'|'] {
            let count = |line: &[u8]| line.iter().filter(|&&b| b == delimiter).count();
            let fields = count(complete[0]);
            if fields >= 1
                && complete.iter().all(|line| count(line) == fields)
                && complete[0].split(|&b| b == delimiter).all(looks_like_a_column_name)
            {
                return Some(Format::Csv(Some(delimiter)));
            }
        }
        None
    }
}

/// A header cell: a short name (`id`, `Code postal`, `"Date de création"`), not
/// a sentence that happens to hold the delimiter.
fn looks_like_a_column_name(cell: &[u8]) -> bool {
    let cell = cell.trim_ascii();
    let cell = cell.strip_prefix(b"\"").and_then(|c| c.strip_suffix(b"\"")).unwrap_or(cell);
    let words = cell.split(|&b| b == b' ').filter(|w| !w.is_empty()).count();
    !cell.is_empty()
        && cell.len() <= 48
        && words <= 4
        && !cell.iter().all(|b| b.is_ascii_digit() || *b == b'.' || *b == b'-')
        && !cell.iter().any(|&b| matches!(b, b'[' | b']' | b'{' | b'}' | b'<' | b'>' | b'='))
}

/// Whether a file's name tells nothing about its format, so its content is sniffed.
pub fn name_says_nothing(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(extension.as_deref(), None | Some("txt" | "dat" | "data" | "out" | "export" | "bin" | "db" | "tmp"))
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
