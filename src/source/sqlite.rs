//! SQLite database files, read through `rusqlite` (bundled SQLite).
//!
//! A SQLite file is recognized by its 16-byte header, whatever its name. Every
//! table is read in rowid order (the row is the 0-based position in that
//! order); text and blob values are scanned as they are, integers as decimal
//! text (a phone stored as INTEGER is still a phone). A table SQLite cannot
//! read (a corrupt page) is reported and the next table is read.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::Arc;

use super::place::ValueAt;
use super::reader::{Bytes, Context, Part, Reader};
use super::{Cell, Cells, FieldNames, ReadIssue};

/// A SQLite database (`Format::Sqlite`), read through SQLite itself.
pub struct SqliteReader;

impl Reader for SqliteReader {
    fn read(&self, bytes: Bytes, _part: Part, _context: Context, out: &mut dyn Cells) -> Result<(), String> {
        match bytes {
            Bytes::Random(super::reader::Random::File(path)) => read(path, out),
            Bytes::Random(super::reader::Random::Ranged(_)) => {
                Err("a SQLite file is read from disk: the scan downloads one from a bucket first".into())
            }
            Bytes::Stream(_) | Bytes::Batch(_) => {
                Err("compressed SQLite files are not read: decompress them first".into())
            }
        }
    }
}

/// The first 16 bytes of every SQLite 3 database file.
pub const MAGIC: &[u8] = b"SQLite format 3\0";

/// Reads every table of the database at `path`.
pub fn read(path: &Path, out: &mut dyn Cells) -> Result<(), String> {
    // Read-only and immutable: no lock, no journal or WAL file is created next
    // to the user's database, and a database another process holds is read as is.
    let uri = format!("file:{}?immutable=1", percent_encode(path));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection =
        Connection::open_with_flags(uri, flags).map_err(|err| format!("cannot open SQLite database: {err}"))?;
    let tables = table_names(&connection).map_err(|err| format!("cannot read the SQLite schema: {err}"))?;
    let mut names = FieldNames::default();
    for name in tables {
        if let Err(err) = read_table(&connection, &name, &mut names, out) {
            out.issue(ReadIssue { location: format!("table {name}"), reason: format!("cannot read: {err}") });
        }
    }
    Ok(())
}

fn table_names(connection: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = connection
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?;
    let names = statement.query_map([], |row| row.get::<_, String>(0))?;
    names.collect()
}

/// Reads `name` row by row (a cursor: memory stays flat), until `out` wants no more rows.
fn read_table(
    connection: &Connection,
    name: &str,
    names: &mut FieldNames,
    out: &mut dyn Cells,
) -> rusqlite::Result<()> {
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    // WITHOUT ROWID tables have no rowid: their primary-key order is the natural one.
    let mut statement = connection
        .prepare(&format!("SELECT * FROM {quoted} ORDER BY rowid"))
        .or_else(|_| connection.prepare(&format!("SELECT * FROM {quoted}")))?;
    let table: Arc<str> = Arc::from(name);
    let fields: Vec<Arc<str>> = statement.column_names().iter().map(|column| names.get(column)).collect();
    let mut rows = statement.query([])?;
    let mut index = 0u64;
    let mut number = itoa::Buffer::new();
    while let Some(row) = rows.next()? {
        if !out.more(index) {
            break;
        }
        for (column, field) in fields.iter().enumerate() {
            let bytes: &[u8] = match row.get_ref(column)? {
                ValueRef::Text(bytes) | ValueRef::Blob(bytes) => bytes,
                ValueRef::Integer(value) => number.format(value).as_bytes(),
                ValueRef::Null | ValueRef::Real(_) => continue,
            };
            if !bytes.is_empty() {
                out.cell(Cell { table: &table, field, row: index, bytes, at: ValueAt::Binary });
            }
        }
        index += 1;
    }
    Ok(())
}

/// A path as the path part of a `file:` URI: `?`, `#` and `%` would end or
/// change it, and non-ASCII bytes are encoded so any file name survives.
fn percent_encode(path: &Path) -> String {
    let mut out = String::new();
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'?' | b'#' | b'%' | 0x80.. => out.push_str(&format!("%{byte:02X}")),
            _ => out.push(*byte as char),
        }
    }
    out
}
