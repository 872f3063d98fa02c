//! Live databases: every table and view of a PostgreSQL, MySQL or MariaDB
//! database the user may read, each one an [`Input`] read through the
//! server's own client.
//!
//! A table is read as a dump's table is: its columns are fields (their names
//! are context), its rows are rows, its values are cells handed to the scan
//! ([`Cells`]), so findings, column profiles and the inventory are the same
//! as for the table's dump. Values have a table, field and row, no line.
//!
//! # Load on the server
//! Each table is read in its own read-only transaction (`REPEATABLE READ`,
//! a consistent snapshot), with a statement timeout, streamed
//! (PostgreSQL `COPY ... TO STDOUT`, a MySQL streaming result set) so memory
//! stays bounded by a row, and by default only a sample of
//! [`DEFAULT_SAMPLE_ROWS`] rows (what pdscan reads). Tables are read in
//! parallel by the scan's workers, through at most `--max-connections`
//! connections ([`pool`]).
//!
//! # What is read
//! Text, numbers (a phone kept as `BIGINT`, a SIN as `INT`), dates, network
//! addresses, arrays and enums as their text; JSON by path, as a JSON file
//! (`profile.contact.email`); binary columns when they hold text, skipped
//! when they do not; UUIDs, booleans and geometry skipped (none of them can
//! hold personal data of a detected category).

pub mod connect;
mod mysql;
mod pool;
mod postgres;
mod tls;

use std::sync::Arc;
use std::time::Duration;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::{Input, Inputs, Origin};
use crate::finding::{FileError, TableRead};
use crate::source::json::parser::{parse_column_value, Pending};
use crate::source::{looks_binary, Cell, Cells};
use connect::{Dialect, Login};
use pool::Pool;

/// Rows read per table unless `--sample-rows` says otherwise.
pub const DEFAULT_SAMPLE_ROWS: u64 = 10_000;

/// How databases are read.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// Rows read per table; `None` reads every row.
    pub sample_rows: Option<u64>,
    /// Longest a statement may run on the server.
    pub statement_timeout: Duration,
    /// Longest a connection may take to open.
    pub connect_timeout: Duration,
    /// Connections open at once, per database.
    pub max_connections: usize,
    /// Which tables to read.
    pub tables: TableFilter,
    /// How deep a JSON value is read.
    pub max_json_depth: usize,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            sample_rows: Some(DEFAULT_SAMPLE_ROWS),
            statement_timeout: Duration::from_secs(300),
            connect_timeout: Duration::from_secs(10),
            max_connections: 4,
            tables: TableFilter::default(),
            max_json_depth: 64,
        }
    }
}

/// `--include-table` and `--exclude-table`: globs over `schema.table` (a
/// glob without a dot is matched against the table name alone).
#[derive(Debug, Clone, Default)]
pub struct TableFilter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl TableFilter {
    /// Compiles the globs.
    pub fn new(include: &[String], exclude: &[String]) -> Result<TableFilter, String> {
        let compile = |globs: &[String], flag: &str| -> Result<Option<GlobSet>, String> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut set = GlobSetBuilder::new();
            for glob in globs {
                set.add(Glob::new(glob).map_err(|err| format!("{flag} {glob:?}: {err}"))?);
            }
            set.build().map(Some).map_err(|err| format!("{flag}: {err}"))
        };
        Ok(TableFilter { include: compile(include, "--include-table")?, exclude: compile(exclude, "--exclude-table")? })
    }

    /// Whether `schema.table` is read.
    pub fn wants(&self, schema: &str, table: &str) -> bool {
        let qualified = format!("{schema}.{table}");
        let matches = |set: &GlobSet| set.is_match(&qualified) || set.is_match(table);
        self.include.as_ref().is_none_or(matches) && !self.exclude.as_ref().is_some_and(matches)
    }
}

/// How a column's values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// As text.
    Text,
    /// As a JSON document, by path.
    Json,
    /// Bytes: read as text when they look like text, skipped when binary.
    Bytes,
    /// Not read.
    Skipped,
}

/// A column of a table, from the server's catalog.
#[derive(Debug, Clone)]
pub struct ColumnInfo {
    /// Its name.
    pub name: String,
    /// Its type, as the server names it.
    pub type_name: String,
    /// How it is read.
    pub kind: ColumnKind,
}

/// A table or view, from the server's catalog.
#[derive(Debug, Clone)]
pub struct TableInfo {
    /// Schema (PostgreSQL) or database (MySQL).
    pub schema: String,
    /// Name.
    pub name: String,
    /// A view (sampled with `LIMIT`: `TABLESAMPLE` needs a table).
    pub is_view: bool,
    /// The server's estimate of its rows, when it keeps one.
    pub estimated_rows: Option<u64>,
    /// Its columns, in order.
    pub columns: Vec<ColumnInfo>,
    /// Whether the user may read it.
    pub readable: bool,
}

impl TableInfo {
    /// `schema.table`.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }

    #[cfg(test)]
    pub(crate) fn for_tests(name: &str) -> TableInfo {
        TableInfo {
            schema: "public".into(),
            name: name.into(),
            is_view: false,
            estimated_rows: None,
            columns: Vec::new(),
            readable: true,
        }
    }
}

/// Why a statement failed; `broken` when the connection cannot be used again.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) reason: String,
    pub(crate) broken: bool,
}

/// Where a connection hands the values of the rows it reads.
pub(crate) trait Rows {
    /// Value of column `column` (an index into the table's columns) of row
    /// `row`; NULLs are not handed out.
    fn value(&mut self, row: u64, column: usize, bytes: &[u8]);
    /// Whether rows from `row` on are still wanted.
    fn more(&self, _row: u64) -> bool {
        true
    }
}

#[cfg(test)]
pub(crate) struct NoRows;

#[cfg(test)]
impl Rows for NoRows {
    fn value(&mut self, _row: u64, _column: usize, _bytes: &[u8]) {}
}

/// One open session with a server.
pub(crate) trait Connection: Send {
    /// The tables and views of the database, with their columns.
    fn tables(&mut self, settings: &DatabaseSettings) -> Result<Vec<TableInfo>, Failure>;
    /// Reads `table`'s columns that are not skipped, in their order, into
    /// `rows`; returns how the rows were chosen (`all rows`, the sampling
    /// clause).
    fn read(&mut self, table: &TableInfo, settings: &DatabaseSettings, rows: &mut dyn Rows) -> Result<String, Failure>;
}

/// One database: where it is (as shown), its connections, how it is read.
pub struct Database {
    /// The URL without credentials.
    pub shown: String,
    dialect: Dialect,
    pool: Pool,
    settings: DatabaseSettings,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").field("shown", &self.shown).finish_non_exhaustive()
    }
}

fn open(login: &Login, settings: &DatabaseSettings) -> Result<Box<dyn Connection>, Failure> {
    match login.dialect {
        Dialect::Postgres => postgres::connect(login, settings).map(|c| Box::new(c) as Box<dyn Connection>),
        Dialect::MySql => mysql::connect(login, settings).map(|c| Box::new(c) as Box<dyn Connection>),
    }
}

/// One table of a database: an input.
#[derive(Debug)]
pub struct Table {
    database: Arc<Database>,
    info: TableInfo,
}

impl Table {
    /// Its catalog entry.
    pub fn info(&self) -> &TableInfo {
        &self.info
    }

    /// Reads the table into `out`; says what was read.
    pub fn read(&self, out: &mut dyn Cells) -> Result<TableRead, String> {
        let table: Arc<str> = Arc::from(self.info.qualified());
        let fields = self.info.columns.iter().map(|column| Arc::from(column.name.as_str())).collect();
        let mut emit = Emit {
            out,
            table: &table,
            fields,
            columns: &self.info.columns,
            dialect: self.database.dialect,
            pending: Pending::default(),
            max_json_depth: self.database.settings.max_json_depth,
            rows: 0,
            bytes: 0,
            decoded: Vec::new(),
        };
        let settings = &self.database.settings;
        let method = self.database.pool.with(|connection| connection.read(&self.info, settings, &mut emit));
        let method = method.map_err(|failure| failure.reason)?;
        let skipped = self.info.columns.iter().filter(|column| column.kind == ColumnKind::Skipped);
        Ok(TableRead {
            path: self.database.shown.clone(),
            table: self.info.qualified(),
            rows_read: emit.rows,
            rows_estimated: self.info.estimated_rows,
            sample: method,
            bytes_read: emit.bytes,
            skipped_columns: skipped.map(|column| format!("{} ({})", column.name, column.type_name)).collect(),
        })
    }
}

/// Turns a connection's values into cells.
struct Emit<'o, 't> {
    out: &'o mut dyn Cells,
    table: &'t Arc<str>,
    fields: Vec<Arc<str>>,
    columns: &'t [ColumnInfo],
    dialect: Dialect,
    pending: Pending,
    max_json_depth: usize,
    /// Rows seen (one past the last row index handed out).
    rows: u64,
    bytes: u64,
    decoded: Vec<u8>,
}

impl Rows for Emit<'_, '_> {
    fn value(&mut self, row: u64, column: usize, bytes: &[u8]) {
        self.rows = self.rows.max(row + 1);
        self.bytes += bytes.len() as u64;
        if bytes.is_empty() {
            return;
        }
        let field = &self.fields[column];
        let cell = |bytes| Cell { table: self.table, field, row, bytes, at: crate::source::place::ValueAt::Binary };
        match self.columns[column].kind {
            ColumnKind::Text => self.out.cell(cell(bytes)),
            ColumnKind::Json => {
                match parse_column_value(bytes, field, self.max_json_depth, &mut self.pending) {
                    Ok(()) => self.pending.hand_out_unplaced(self.table, row, self.out),
                    // Not JSON after all (or too deep): its text is still searched.
                    Err(_) => self.out.cell(cell(bytes)),
                }
            }
            ColumnKind::Bytes => {
                let bytes = match self.dialect {
                    Dialect::Postgres => match decode_bytea(bytes, &mut self.decoded) {
                        Some(()) => &self.decoded[..],
                        None => return,
                    },
                    Dialect::MySql => bytes,
                };
                if !looks_binary(&bytes[..bytes.len().min(crate::source::BINARY_SNIFF_LEN)]) {
                    self.out.cell(Cell {
                        table: self.table,
                        field,
                        row,
                        bytes,
                        at: crate::source::place::ValueAt::Binary,
                    });
                }
            }
            ColumnKind::Skipped => {}
        }
    }

    fn more(&self, row: u64) -> bool {
        self.out.more(row)
    }
}

/// PostgreSQL's `bytea` hex output (`\x48656c6c6f`) into bytes.
fn decode_bytea(text: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let hex = text.strip_prefix(b"\\x")?;
    out.clear();
    let digit = |byte: u8| (byte as char).to_digit(16).map(|d| d as u8);
    for pair in hex.chunks(2) {
        let [high, low] = pair else { return None };
        out.push(digit(*high)? << 4 | digit(*low)?);
    }
    Some(())
}

/// The tables of the databases at `urls`, as inputs in URL then
/// `schema.table` order. A database that cannot be opened, and a table the
/// user may not read, is an error; the other inputs stand.
pub fn inputs(urls: &[String], settings: &DatabaseSettings) -> Inputs {
    let mut inputs = Inputs::default();
    for url in urls {
        match open_database(url, settings) {
            Ok((database, tables)) => {
                let database = Arc::new(database);
                for info in tables {
                    if !info.readable {
                        inputs.errors.push(FileError {
                            path: database.shown.clone(),
                            location: format!("table {}", info.qualified()),
                            reason: "permission denied: the user may not SELECT from this table (not scanned)".into(),
                        });
                        continue;
                    }
                    let table = Arc::new(Table { database: database.clone(), info });
                    inputs.files.push(Input {
                        display: database.shown.clone(),
                        absolute: database.shown.clone(),
                        size: 0,
                        explicit: true,
                        origin: Origin::Table { name: database.shown.clone().into(), table },
                    });
                }
            }
            Err((shown, reason)) => inputs.errors.push(FileError { path: shown, location: String::new(), reason }),
        }
    }
    inputs
}

/// Connects (which checks the server and the credentials) and lists the
/// tables the filter keeps. The error names the database as shown.
fn open_database(url: &str, settings: &DatabaseSettings) -> Result<(Database, Vec<TableInfo>), (String, String)> {
    let login =
        connect::resolve(url, &connect::ProcessEnvironment).map_err(|reason| ("database URL".into(), reason))?;
    let shown = login.shown.clone();
    let fail = |failure: Failure| (shown.clone(), failure.reason);
    let mut first = open(&login, settings).map_err(fail)?;
    let mut tables = first.tables(settings).map_err(fail)?;
    tables.retain(|table| settings.tables.wants(&table.schema, &table.name));
    let opener_login = login.clone();
    let opener_settings = settings.clone();
    let opener: pool::Opener = Box::new(move || open(&opener_login, &opener_settings));
    let database = Database {
        shown: shown.clone(),
        dialect: login.dialect,
        pool: Pool::new(opener, settings.max_connections, first),
        settings: settings.clone(),
    };
    Ok((database, tables))
}

/// How a table of `estimated` rows is sampled to `limit` rows: the clause
/// after `FROM table`, and how the report describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sample {
    pub(crate) clause: String,
    pub(crate) described: String,
}

impl Sample {
    pub(crate) fn all() -> Sample {
        Sample { clause: String::new(), described: "all rows".into() }
    }

    pub(crate) fn limit(limit: u64) -> Sample {
        Sample { clause: format!(" LIMIT {limit}"), described: format!("first {limit} rows (LIMIT)") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_globs_match_qualified_names_or_bare_table_names() {
        let filter = TableFilter::new(&["public.*".into(), "audit_*".into()], &["*.tmp_*".into()]).unwrap();
        assert!(filter.wants("public", "users"));
        assert!(filter.wants("archive", "audit_2024"));
        assert!(!filter.wants("archive", "users"));
        assert!(!filter.wants("public", "tmp_load"));
        assert!(TableFilter::default().wants("any", "thing"));
    }

    #[test]
    fn bytea_hex_output_is_decoded() {
        let mut out = Vec::new();
        assert_eq!(decode_bytea(b"\\x6a65616e40", &mut out), Some(()));
        assert_eq!(out, b"jean@");
        assert_eq!(decode_bytea(b"\\x6a6", &mut out), None);
        assert_eq!(decode_bytea(b"plain", &mut out), None);
    }
}
