//! PostgreSQL, through the `postgres` client: the catalog says what there
//! is, `COPY (SELECT ...) TO STDOUT` streams each table in the text format a
//! `pg_dump` file holds (so a table's values are exactly its dump's).

use std::io::BufReader;

use ::postgres::error::SqlState;
use ::postgres::{Client, Config, IsolationLevel, NoTls};

use super::connect::{Environment, Login, ProcessEnvironment};
use super::tls::{self, Mode};
use super::{ColumnInfo, ColumnKind, Connection, DatabaseSettings, Failure, Rows, Sample, TableInfo};
use crate::source::read_line_bounded;
use crate::source::sql::copy_unescape;

/// A session with a PostgreSQL server.
pub(super) struct Postgres {
    client: Client,
    /// `tsm_system_rows` is installed: `TABLESAMPLE SYSTEM_ROWS(n)` reads n rows from random pages.
    system_rows: bool,
}

/// Longest row read at once; a longer one is reported and skipped.
const MAX_ROW: usize = 256 << 20;

/// Opens a session: the server, TLS, and the credentials are checked here.
pub(super) fn connect(login: &Login, settings: &DatabaseSettings) -> Result<Postgres, Failure> {
    let mut config = Config::new();
    if login.host.starts_with('/') {
        config.host_path(&login.host);
    } else {
        config.host(&login.host);
    }
    config.port(login.port).user(&login.user).application_name("piimap").connect_timeout(settings.connect_timeout);
    if let Some(database) = &login.database {
        config.dbname(database);
    }
    if let Some(password) = &login.password {
        config.password(password);
    }
    let refused = |reason: String| Failure { reason, broken: true };
    let connected = match tls::postgres_mode(&login.params, ProcessEnvironment.home()).map_err(refused)? {
        Mode::Disable => config.ssl_mode(::postgres::config::SslMode::Disable).connect(NoTls),
        Mode::Prefer(check, root) => {
            let tls = tls::client_config(check, root.as_deref()).map_err(refused)?;
            config.ssl_mode(::postgres::config::SslMode::Prefer);
            config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        }
        Mode::Require(check, root) => {
            let tls = tls::client_config(check, root.as_deref()).map_err(refused)?;
            config.ssl_mode(::postgres::config::SslMode::Require);
            config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        }
    };
    let mut client = connected.map_err(|err| Failure { reason: connect_reason(&err), broken: true })?;
    let system_rows = client
        .query_one("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'tsm_system_rows')", &[])
        .map(|row| row.get::<_, bool>(0))
        .map_err(|err| failure(&err))?;
    Ok(Postgres { client, system_rows })
}

/// Why a connection failed, without the user name or password the server may quote.
fn connect_reason(err: &::postgres::Error) -> String {
    match err.code() {
        Some(code) if *code == SqlState::INVALID_PASSWORD || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
            "authentication failed: wrong user or password, or no pg_hba.conf entry lets this user in".into()
        }
        Some(code) if *code == SqlState::INVALID_CATALOG_NAME => "the database does not exist".into(),
        Some(code) if *code == SqlState::TOO_MANY_CONNECTIONS => {
            "the server has no connection left (lower --max-connections?)".into()
        }
        _ => match err.as_db_error() {
            Some(db) => format!("cannot connect: {}", db.message()),
            None => format!("cannot connect: {}", plain(err)),
        },
    }
}

/// An error's own text and its cause's (`error connecting to server: Connection refused`).
fn plain(err: &::postgres::Error) -> String {
    let mut text = err.to_string();
    if let Some(source) = std::error::Error::source(err) {
        let source = source.to_string();
        if !text.contains(&source) {
            text = format!("{text}: {source}");
        }
    }
    text
}

/// What a failed statement means for the table being read.
fn failure(err: &::postgres::Error) -> Failure {
    let reason = match err.code() {
        Some(code) if *code == SqlState::QUERY_CANCELED => {
            "statement timeout: reading the table took longer than --db-timeout (not scanned)".into()
        }
        Some(code) if *code == SqlState::UNDEFINED_TABLE => {
            "the table no longer exists (dropped during the scan?)".into()
        }
        Some(code) if *code == SqlState::INSUFFICIENT_PRIVILEGE => {
            "permission denied: the user may not read this table (not scanned)".into()
        }
        _ => match err.as_db_error() {
            Some(db) => db.message().to_string(),
            // Not the server's answer: the connection broke (closed, reset, timed out).
            None => format!("connection to the server lost: {}", plain(err)),
        },
    };
    // Only a server error leaves the session usable (its transaction rolled back).
    Failure { reason, broken: err.as_db_error().is_none() || err.is_closed() }
}

/// Every table, partitioned table, view, materialized view and foreign table
/// outside the system schemas, with the server's row estimate and whether
/// the user may read some of its columns.
const TABLES: &str = "
SELECT c.oid::int8, n.nspname::text, c.relname::text, c.relkind::text, c.reltuples::float8,
       pg_catalog.has_any_column_privilege(c.oid, 'SELECT')
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
  AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
ORDER BY n.nspname, c.relname";

/// Their columns, with type and whether the user may read each.
const COLUMNS: &str = "
SELECT a.attrelid::int8, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod),
       t.typname::text, t.typcategory::text, COALESCE(e.typname::text, ''),
       pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'SELECT')
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum";

/// How a column of type `name` (category `category`, arrays of `element`) is read.
fn kind_of(name: &str, category: &str, element: &str) -> ColumnKind {
    let base = if category == "A" { element } else { name };
    match base {
        "json" | "jsonb" if category != "A" => ColumnKind::Json,
        "bytea" if category != "A" => ColumnKind::Bytes,
        "uuid" | "bool" | "bit" | "varbit" | "point" | "line" | "lseg" | "box" | "path" | "polygon" | "circle"
        | "pg_lsn" | "txid_snapshot" | "pg_snapshot" | "oid" | "xid" | "cid" | "tid" => ColumnKind::Skipped,
        _ => ColumnKind::Text,
    }
}

impl Connection for Postgres {
    fn tables(&mut self, _settings: &DatabaseSettings) -> Result<Vec<TableInfo>, Failure> {
        let mut tables = Vec::new();
        let mut by_oid = std::collections::HashMap::new();
        for row in self.client.query(TABLES, &[]).map_err(|err| failure(&err))? {
            let estimate: f64 = row.get(4);
            let kind: String = row.get(3);
            by_oid.insert(row.get::<_, i64>(0), tables.len());
            tables.push(TableInfo {
                schema: row.get(1),
                name: row.get(2),
                is_view: kind != "r" && kind != "p" && kind != "m",
                // -1: never analyzed.
                estimated_rows: (estimate >= 0.0).then_some(estimate as u64),
                columns: Vec::new(),
                readable: row.get(5),
            });
        }
        for row in self.client.query(COLUMNS, &[]).map_err(|err| failure(&err))? {
            let Some(&index) = by_oid.get(&row.get::<_, i64>(0)) else { continue };
            let (type_name, name, category, element): (String, String, String, String) =
                (row.get(2), row.get(3), row.get(4), row.get(5));
            let readable: bool = row.get(6);
            let kind = if readable { kind_of(&name, &category, &element) } else { ColumnKind::Skipped };
            let type_name = if readable { type_name } else { format!("{type_name}, no SELECT privilege") };
            tables[index].columns.push(ColumnInfo { name: row.get(1), type_name, kind });
        }
        Ok(tables)
    }

    fn read(&mut self, table: &TableInfo, settings: &DatabaseSettings, rows: &mut dyn Rows) -> Result<String, Failure> {
        let sample = self.sample(table, settings.sample_rows);
        let read: Vec<usize> =
            (0..table.columns.len()).filter(|&index| table.columns[index].kind != ColumnKind::Skipped).collect();
        if read.is_empty() {
            return Ok(format!("{} (no column to read)", sample.described));
        }
        let list: Vec<String> = read.iter().map(|&index| quote(&table.columns[index].name)).collect();
        let query = format!(
            "COPY (SELECT {} FROM {}.{}{}) TO STDOUT",
            list.join(", "),
            quote(&table.schema),
            quote(&table.name),
            sample.clause
        );
        let mut transaction = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|err| failure(&err))?;
        let timeout = settings.statement_timeout.as_millis().max(1);
        transaction
            .batch_execute(&format!("SET LOCAL statement_timeout = {timeout}; SET LOCAL lock_timeout = {timeout}"))
            .map_err(|err| failure(&err))?;
        let copy = transaction.copy_out(query.as_str()).map_err(|err| failure(&err))?;
        let mut reader = BufReader::with_capacity(256 << 10, copy);
        let (mut line, mut value) = (Vec::new(), Vec::new());
        let mut row = 0u64;
        loop {
            if !rows.more(row) {
                break;
            }
            line.clear();
            let (consumed, cut) = read_line_bounded(&mut reader, &mut line, MAX_ROW).map_err(|err| io_failure(&err))?;
            if consumed == 0 {
                break;
            }
            if !cut {
                let content = line.strip_suffix(b"\n").unwrap_or(&line);
                for (field, &column) in content.split(|&byte| byte == b'\t').zip(&read) {
                    if field == b"\\N" {
                        continue;
                    }
                    copy_unescape(field, &mut value);
                    rows.value(row, column, &value);
                }
            }
            row += 1;
        }
        drop(reader);
        transaction.commit().map_err(|err| failure(&err))?;
        Ok(sample.described)
    }
}

/// A COPY stream that broke: the server went away, or a timeout cancelled it.
fn io_failure(err: &std::io::Error) -> Failure {
    if let Some(inner) = err.get_ref().and_then(|inner| inner.downcast_ref::<::postgres::Error>()) {
        return failure(inner);
    }
    Failure { reason: format!("reading the table failed: {err}"), broken: true }
}

impl Postgres {
    /// `TABLESAMPLE SYSTEM_ROWS(n)` where the extension is installed;
    /// else `BERNOULLI` at the percentage the row estimate gives, capped by
    /// `LIMIT`; `LIMIT` alone for views, unanalyzed tables and tables no
    /// bigger than the sample.
    fn sample(&self, table: &TableInfo, limit: Option<u64>) -> Sample {
        let Some(limit) = limit else { return Sample::all() };
        match table.estimated_rows {
            _ if table.is_view => Sample::limit(limit),
            Some(estimate) if estimate <= limit => {
                Sample { clause: format!(" LIMIT {limit}"), described: format!("all rows (at most {limit})") }
            }
            _ if self.system_rows => Sample {
                clause: format!(" TABLESAMPLE SYSTEM_ROWS({limit})"),
                described: format!("TABLESAMPLE SYSTEM_ROWS({limit})"),
            },
            Some(estimate) => {
                // 20% over, so the sample rarely falls short of the limit.
                let percent = (limit as f64 * 120.0 / estimate as f64).min(100.0);
                Sample {
                    clause: format!(" TABLESAMPLE BERNOULLI({percent:.4}) LIMIT {limit}"),
                    described: format!("TABLESAMPLE BERNOULLI({percent:.4}) LIMIT {limit}"),
                }
            }
            None => Sample::limit(limit),
        }
    }
}

/// An identifier, quoted.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_types_decide_how_values_are_read() {
        assert_eq!(kind_of("jsonb", "U", ""), ColumnKind::Json);
        assert_eq!(kind_of("uuid", "U", ""), ColumnKind::Skipped);
        assert_eq!(kind_of("bytea", "U", ""), ColumnKind::Bytes);
        assert_eq!(kind_of("int8", "N", ""), ColumnKind::Text);
        assert_eq!(kind_of("_text", "A", "text"), ColumnKind::Text);
        assert_eq!(kind_of("_uuid", "A", "uuid"), ColumnKind::Skipped);
        assert_eq!(kind_of("inet", "I", ""), ColumnKind::Text);
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote("Users \"2024\""), "\"Users \"\"2024\"\"\"");
    }
}
