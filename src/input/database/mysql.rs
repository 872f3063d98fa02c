//! MySQL and MariaDB, through the `mysql` client: `information_schema` says
//! what there is; each table is read by a `SELECT` whose rows are streamed
//! from the socket one at a time (the text protocol: every value arrives as
//! the text a `mysqldump` file holds).

use ::mysql::prelude::Queryable;
use ::mysql::{Conn, OptsBuilder, SslOpts, Value};

use super::connect::Login;
use super::tls::{self, Check, Mode};
use super::{ColumnInfo, ColumnKind, Connection, DatabaseSettings, Failure, Rows, Sample, TableInfo};

/// A session with a MySQL or MariaDB server.
pub(super) struct MySql {
    connection: Conn,
    /// The database the URL names; `None`: every database the user sees.
    database: Option<String>,
    mariadb: bool,
}

/// Opens a session: the server, TLS and the credentials are checked here.
pub(super) fn connect(login: &Login, settings: &DatabaseSettings) -> Result<MySql, Failure> {
    let refused = |reason: String| Failure { reason, broken: true };
    let ssl = match tls::mysql_mode(&login.params).map_err(refused)? {
        Mode::Disable => None,
        // The client has no fallback to plain text: "preferred" asks for TLS.
        Mode::Prefer(check, root) | Mode::Require(check, root) => {
            let mut options = SslOpts::default()
                .with_danger_accept_invalid_certs(check == Check::Nothing)
                .with_danger_skip_domain_validation(check != Check::Full);
            if let Some(root) = root.filter(|root| root != "system") {
                options = options.with_root_cert_path(Some(std::path::PathBuf::from(root)));
            }
            Some(options)
        }
    };
    let socket = login.params.get("socket").cloned();
    let options = OptsBuilder::new()
        .ip_or_hostname(Some(login.host.clone()))
        .tcp_port(login.port)
        .socket(socket)
        .user(Some(login.user.clone()))
        .pass(login.password.clone())
        .db_name(login.database.clone())
        .tcp_connect_timeout(Some(settings.connect_timeout))
        // A server that stops answering mid-read is given up on after the statement timeout.
        .read_timeout(Some(settings.statement_timeout + std::time::Duration::from_secs(30)))
        .prefer_socket(false)
        .ssl_opts(ssl);
    let mut connection = Conn::new(options).map_err(|err| Failure { reason: connect_reason(&err), broken: true })?;
    let version: Option<String> = connection.query_first("SELECT VERSION()").map_err(|err| failure(&err))?;
    let mariadb = version.is_some_and(|version| version.contains("MariaDB"));
    Ok(MySql { connection, database: login.database.clone(), mariadb })
}

/// Why a connection failed, without the user name the server quotes.
fn connect_reason(err: &::mysql::Error) -> String {
    match err {
        ::mysql::Error::MySqlError(server) => match server.code {
            1045 => "authentication failed: wrong user or password".into(),
            1044 => "access denied to the database for this user".into(),
            1049 => "the database does not exist".into(),
            1040 | 1203 => "the server has no connection left (lower --max-connections?)".into(),
            _ => format!("cannot connect: {}", server.message),
        },
        other => format!("cannot connect: {}", plain(other)),
    }
}

/// An error's text, never a value (`FromValueError` and `FromRowError` would print one).
fn plain(err: &::mysql::Error) -> String {
    match err {
        // "Could not connect to address `host:port': Connection refused (os error 111)": the cause.
        ::mysql::Error::DriverError(::mysql::DriverError::CouldNotConnect(Some((_, cause, _)))) => cause.clone(),
        ::mysql::Error::FromValueError(_) | ::mysql::Error::FromRowError(_) => {
            "a catalog value had an unexpected type".into()
        }
        ::mysql::Error::MySqlError(server) => server.message.clone(),
        other => other.to_string(),
    }
}

/// What a failed statement means for the table being read.
fn failure(err: &::mysql::Error) -> Failure {
    let (reason, broken) = match err {
        ::mysql::Error::MySqlError(server) => (
            match server.code {
                // ER_STATEMENT_TIMEOUT (MariaDB), ER_QUERY_TIMEOUT (MySQL), ER_QUERY_INTERRUPTED.
                1969 | 3024 | 1317 => {
                    "statement timeout: reading the table took longer than --db-timeout (not scanned)".into()
                }
                1146 => "the table no longer exists (dropped during the scan?)".into(),
                1142 | 1143 => "permission denied: the user may not read this table (not scanned)".into(),
                _ => server.message.clone(),
            },
            false,
        ),
        ::mysql::Error::IoError(_) | ::mysql::Error::CodecError(_) | ::mysql::Error::DriverError(_) => {
            (format!("connection to the server lost: {}", plain(err)), true)
        }
        other => (plain(other), true),
    };
    Failure { reason, broken }
}

/// How a column of `data_type` is read.
fn kind_of(data_type: &str) -> ColumnKind {
    match data_type.to_ascii_lowercase().as_str() {
        "json" => ColumnKind::Json,
        "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary" => ColumnKind::Bytes,
        "uuid" | "bit" | "geometry" | "point" | "linestring" | "polygon" | "multipoint" | "multilinestring"
        | "multipolygon" | "geometrycollection" => ColumnKind::Skipped,
        _ => ColumnKind::Text,
    }
}

const SYSTEM_SCHEMAS: &str = "('mysql', 'information_schema', 'performance_schema', 'sys')";

impl Connection for MySql {
    fn tables(&mut self, _settings: &DatabaseSettings) -> Result<Vec<TableInfo>, Failure> {
        let only = match &self.database {
            Some(_) => " AND TABLE_SCHEMA = DATABASE()",
            None => "",
        };
        let listed: Vec<(String, String, String, Option<u64>)> = self
            .connection
            .query(format!(
                "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA NOT IN {SYSTEM_SCHEMAS}{only} ORDER BY TABLE_SCHEMA, TABLE_NAME"
            ))
            .map_err(|err| failure(&err))?;
        let mut tables: Vec<TableInfo> = listed
            .into_iter()
            .map(|(schema, name, kind, rows)| TableInfo {
                schema,
                name,
                is_view: kind != "BASE TABLE",
                estimated_rows: rows,
                columns: Vec::new(),
                readable: true,
            })
            .collect();
        let index: std::collections::HashMap<(String, String), usize> =
            tables.iter().enumerate().map(|(i, t)| ((t.schema.clone(), t.name.clone()), i)).collect();
        let columns: Vec<(String, String, String, String, String)> = self
            .connection
            .query(format!(
                "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE FROM information_schema.COLUMNS \
                 WHERE TABLE_SCHEMA NOT IN {SYSTEM_SCHEMAS}{only} ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION"
            ))
            .map_err(|err| failure(&err))?;
        for (schema, table, name, data_type, type_name) in columns {
            if let Some(&at) = index.get(&(schema, table)) {
                tables[at].columns.push(ColumnInfo { name, type_name, kind: kind_of(&data_type) });
            }
        }
        if self.mariadb {
            self.mark_json_columns(&mut tables, &index);
        }
        Ok(tables)
    }

    fn read(&mut self, table: &TableInfo, settings: &DatabaseSettings, rows: &mut dyn Rows) -> Result<String, Failure> {
        let sample = match (settings.sample_rows, table.estimated_rows) {
            (None, _) => Sample::all(),
            (Some(limit), Some(estimate)) if estimate <= limit => {
                Sample { clause: format!(" LIMIT {limit}"), described: format!("all rows (at most {limit})") }
            }
            (Some(limit), _) => Sample::limit(limit),
        };
        let read: Vec<usize> =
            (0..table.columns.len()).filter(|&index| table.columns[index].kind != ColumnKind::Skipped).collect();
        if read.is_empty() {
            return Ok(format!("{} (no column to read)", sample.described));
        }
        let list: Vec<String> = read.iter().map(|&index| quote(&table.columns[index].name)).collect();
        let query =
            format!("SELECT {} FROM {}.{}{}", list.join(", "), quote(&table.schema), quote(&table.name), sample.clause);
        let timeout = settings.statement_timeout;
        let limit = if self.mariadb {
            format!("SET SESSION max_statement_time = {}", timeout.as_secs_f64().max(0.001))
        } else {
            format!("SET SESSION max_execution_time = {}", timeout.as_millis().max(1))
        };
        let connection = &mut self.connection;
        connection.query_drop(limit).map_err(|err| failure(&err))?;
        connection
            .query_drop("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .map_err(|err| failure(&err))?;
        connection.query_drop("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY").map_err(|err| failure(&err))?;
        let streamed = stream_rows(connection, &query, &read, rows);
        let ended = connection.query_drop(if streamed.is_ok() { "COMMIT" } else { "ROLLBACK" });
        streamed?;
        ended.map_err(|err| failure(&err))?;
        Ok(sample.described)
    }
}

impl MySql {
    /// MariaDB's `JSON` is `LONGTEXT` with a `json_valid(column)` check: the
    /// check says which text columns hold JSON documents.
    fn mark_json_columns(
        &mut self,
        tables: &mut [TableInfo],
        index: &std::collections::HashMap<(String, String), usize>,
    ) {
        let checks: Vec<(String, String, String)> = self
            .connection
            .query(
                "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
                 WHERE CHECK_CLAUSE LIKE 'json_valid(%'",
            )
            .unwrap_or_default();
        for (schema, table, clause) in checks {
            let column = clause.trim_start_matches("json_valid(").trim_end_matches(')').trim_matches('`');
            if let Some(&at) = index.get(&(schema, table)) {
                for info in tables[at].columns.iter_mut().filter(|info| info.name == column) {
                    info.kind = ColumnKind::Json;
                    info.type_name = "json".into();
                }
            }
        }
    }
}

/// Runs `query` and hands each non-NULL value of each row to `rows`.
fn stream_rows(connection: &mut Conn, query: &str, read: &[usize], rows: &mut dyn Rows) -> Result<(), Failure> {
    let mut result = connection.query_iter(query).map_err(|err| failure(&err))?;
    let Some(set) = result.iter() else { return Ok(()) };
    let mut text = String::new();
    for (row, fetched) in (0u64..).zip(set) {
        if !rows.more(row) {
            break;
        }
        let fetched = fetched.map_err(|err| failure(&err))?;
        for (index, &column) in read.iter().enumerate() {
            match fetched.as_ref(index) {
                None | Some(Value::NULL) => {}
                Some(Value::Bytes(bytes)) => rows.value(row, column, bytes),
                Some(Value::Int(number)) => rows.value(row, column, number.to_string().as_bytes()),
                Some(Value::UInt(number)) => rows.value(row, column, number.to_string().as_bytes()),
                Some(other) => {
                    text.clear();
                    text.push_str(other.as_sql(true).trim_matches('\''));
                    rows.value(row, column, text.as_bytes());
                }
            }
        }
    }
    Ok(())
}

/// An identifier, quoted.
fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_types_decide_how_values_are_read() {
        assert_eq!(kind_of("varchar"), ColumnKind::Text);
        assert_eq!(kind_of("bigint"), ColumnKind::Text);
        assert_eq!(kind_of("inet4"), ColumnKind::Text);
        assert_eq!(kind_of("JSON"), ColumnKind::Json);
        assert_eq!(kind_of("longblob"), ColumnKind::Bytes);
        assert_eq!(kind_of("uuid"), ColumnKind::Skipped);
        assert_eq!(quote("a`b"), "`a``b`");
    }
}
