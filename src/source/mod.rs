//! Sources: turn files into text units the detector can search.
//!
//! A [`TextUnit`] is the only thing the detector and the scan stage need to know
//! about where bytes came from: a buffer, the part of it this unit is
//! responsible for, and the file offset of its first byte. Readers for other
//! formats produce the same type.

pub mod arrow;
pub mod compressed;
pub mod csv;
pub mod header;
pub mod json;
pub mod parquet;
pub mod place;
pub mod ranged;
pub mod reader;
pub mod registry;
pub mod sql;
pub mod sqlite;
#[cfg(test)]
pub(crate) mod test_support;
pub mod text;
pub mod utf16;

use serde::de::IgnoredAny;
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
    /// A CSV, NDJSON, JSON array or dump file bigger than twice this is read in pieces of about
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
    /// Arrow arrays handed in by a caller (never a file's format).
    Arrow,
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

    /// The format's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Csv(_) => "delimited values (CSV)",
            Format::Ndjson => "NDJSON",
            Format::Sql => "a SQL dump",
            Format::Json => "JSON",
            Format::Parquet => "Parquet",
            Format::Sqlite => "SQLite",
            Format::Arrow => "Arrow",
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
    /// names a binary container really holds, judged from its first bytes.
    /// `None` when nothing is recognized (it is text).
    ///
    /// Only the binary magics (SQLite, Parquet) are trusted for any name; the
    /// text shapes are sniffed only when `name_says_nothing`, so a `.log` full
    /// of commas stays a log. Each text shape asks for evidence, because a
    /// file taken for structured and read as such loses what does not fit
    /// (and if it then fails to parse, the scan reads it as text after all):
    /// - a dump: the header its tool writes;
    /// - NDJSON: the first lines (up to 5) each parse as a JSON object;
    /// - JSON: the sample parses as JSON up to its end (a chat log starting
    ///   `[20:10:36] Paul:` does not);
    /// - delimited: at least two lines, every complete line of the sample with
    ///   the same number (≥ 1) of one delimiter, not prose (most delimiters
    ///   not followed by a space), and either five lines or more, or a first
    ///   row that the header rules ([`header`]) positively call names.
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
        let complete: Vec<&[u8]> = {
            let all: Vec<&[u8]> = head.split(|&b| b == b'\n').collect();
            let whole = if head.ends_with(b"\n") { all.len() - 1 } else { all.len().saturating_sub(1) };
            all[..whole].iter().take(20).map(|line| line.strip_suffix(b"\r").unwrap_or(line)).collect()
        };
        let first = head.split(|&b| b == b'\n').next().unwrap_or_default().trim_ascii();
        if first.starts_with(b"{") && first.ends_with(b"}") {
            let parses = |line: &[u8]| line.starts_with(b"{") && serde_json::from_slice::<IgnoredAny>(line).is_ok();
            let mut objects = complete.iter().map(|line| line.trim_ascii()).filter(|line| !line.is_empty()).take(5);
            return objects.all(parses).then_some(Format::Ndjson);
        }
        if first.starts_with(b"[") || first.starts_with(b"{") {
            return match serde_json::from_slice::<IgnoredAny>(head.trim_ascii()) {
                Ok(_) => Some(Format::Json),
                Err(err) if err.is_eof() => Some(Format::Json),
                Err(_) => None,
            };
        }
        sniff_delimited(&complete)
    }
}

/// The delimited-values part of [`Format::sniff`], over the sample's complete lines.
fn sniff_delimited(complete: &[&[u8]]) -> Option<Format> {
    if complete.len() < 2 || complete.iter().any(|line| line.is_empty()) {
        return None;
    }
    for delimiter in [b',', b';', b'\t', b'|'] {
        let count = |line: &[u8]| line.iter().filter(|&&b| b == delimiter).count();
        let fields = count(complete[0]);
        if fields == 0 || !complete.iter().all(|line| count(line) == fields) {
            continue;
        }
        // Prose puts a space after its commas; exports do not.
        let spaced: usize =
            complete.iter().map(|line| line.windows(2).filter(|w| w == &[delimiter, b' ']).count()).sum();
        if delimiter != b'\t' && spaced * 2 >= fields * complete.len() {
            continue;
        }
        let rows: Vec<Vec<&[u8]>> = complete.iter().map(|line| line.split(|&b| b == delimiter).collect()).collect();
        let named = header::votes(&rows[0], &rows[1..], &mut |_| false).is_some_and(|votes| votes > 0);
        if complete.len() >= 5 || named {
            return Some(Format::Csv(Some(delimiter)));
        }
    }
    None
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
    /// The value, unescaped.
    pub bytes: &'a [u8],
    /// Where the value itself is in the file.
    pub at: place::ValueAt<'a>,
}

/// Bytes a reader could not read as its format (a broken NDJSON line, a JSON
/// element that does not parse): the scan searches them as text, so a damaged
/// record loses its columns, never its values.
#[derive(Debug, Clone, Copy)]
pub struct TextPart<'a> {
    /// The bytes, as in the file.
    pub bytes: &'a [u8],
    /// File offset of the first byte.
    pub start: u64,
    /// 1-based line of the first byte.
    pub line: u64,
    /// 1-based byte column of the first byte.
    pub column: u64,
}

/// Where a structured reader hands what it reads, in file order.
pub trait Cells {
    /// A non-empty value.
    fn cell(&mut self, cell: Cell);
    /// A problem with part of the file; the reader goes on where the format allows.
    fn issue(&mut self, issue: ReadIssue);
    /// Bytes that are not the format after all, to be searched as text.
    fn text(&mut self, part: TextPart);
    /// Whether rows from `row` on are still wanted (`--sample-rows`): a
    /// single-table reader stops when they are not. Rows past the limit that
    /// are handed out anyway (a dump's other tables) are dropped by the sink.
    fn more(&self, _row: u64) -> bool {
        true
    }
}

/// Where a reader starts: the start of a file, or of a piece of a split one
/// (see [`reader::Plan`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    /// Byte offset in the file of the piece's first record.
    pub byte: u64,
    /// 1-based line of that record.
    pub line: u64,
    /// 0-based row (record) index of that record.
    pub row: u64,
}

impl Start {
    /// The start of a file.
    pub const FILE: Start = Start { byte: 0, line: 1, row: 0 };
}

/// Whether the first row of a delimited file names its columns (`--header`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeaderMode {
    /// Judged from the row itself (see [`header`]).
    #[default]
    Auto,
    /// Always: the first row is names.
    Yes,
    /// Never: the first row is data; columns are `column_1`, `column_2`...
    No,
}

/// A column or key name as text (see [`crate::encoding::text_of`]).
pub fn decode_name(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    crate::encoding::text_of(bytes)
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
