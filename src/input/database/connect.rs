//! Where a database is and how to log in: a URL (`postgres://`,
//! `postgresql://`, `mysql://`, `mariadb://`) completed the way each
//! ecosystem's own clients complete it.
//!
//! - PostgreSQL follows libpq: what the URL leaves out comes from a
//!   `service=` (or `PGSERVICE`) entry of `pg_service.conf`, then from the
//!   `PG*` environment variables, then from the defaults; a missing password
//!   is looked up in `~/.pgpass` (or `PGPASSFILE`).
//! - MySQL and MariaDB follow their command-line clients: `MYSQL_PWD` for a
//!   missing password, `MYSQL_HOST` / `MYSQL_TCP_PORT` for the server.
//!
//! The password lives only in [`Login`]; what reports, errors and progress
//! show is [`Login::shown`]: the URL without user, password or parameters.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The two server families piimap reads live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    MySql,
}

/// Whether `text` names a live database rather than a path.
pub fn is_database_url(text: &str) -> bool {
    dialect_of(text).is_some()
}

fn dialect_of(text: &str) -> Option<Dialect> {
    let (scheme, _) = text.split_once("://")?;
    match scheme.to_ascii_lowercase().as_str() {
        "postgres" | "postgresql" => Some(Dialect::Postgres),
        "mysql" | "mariadb" => Some(Dialect::MySql),
        _ => None,
    }
}

/// Everything needed to connect, credentials included. Its `Debug` hides the password.
#[derive(Clone)]
pub struct Login {
    /// The server family.
    pub dialect: Dialect,
    /// Host name or address; for PostgreSQL, a directory is a unix socket's.
    pub host: String,
    /// TCP port (or the socket file's suffix).
    pub port: u16,
    /// User name.
    pub user: String,
    /// Password, when there is one.
    pub password: Option<String>,
    /// Database; for MySQL, `None` reads every database the user sees.
    pub database: Option<String>,
    /// TLS and other settings, by their libpq or MySQL names (`sslmode`, `sslrootcert`, `ssl-mode`...).
    pub params: BTreeMap<String, String>,
    /// What reports show: `scheme://host:port/database`, no user, password or parameters.
    pub shown: String,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login").field("shown", &self.shown).finish_non_exhaustive()
    }
}

/// Where the environment's settings come from: the process environment and
/// the home directory, passed in so tests can give their own.
pub trait Environment {
    /// A variable, when set and not empty.
    fn var(&self, name: &str) -> Option<String>;
    /// The user's home directory.
    fn home(&self) -> Option<PathBuf>;
}

/// The process's own environment.
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|value| !value.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        self.var("HOME").map(PathBuf::from)
    }
}

/// A URL's parts as written, percent-decoded.
#[derive(Debug, Default)]
struct Written {
    host: Option<String>,
    port: Option<u16>,
    user: Option<String>,
    password: Option<String>,
    database: Option<String>,
    params: BTreeMap<String, String>,
}

/// Parses a database URL and completes it from `env`. Errors never quote
/// the URL (it may hold a password).
pub fn resolve(text: &str, env: &dyn Environment) -> Result<Login, String> {
    let dialect = dialect_of(text).ok_or("not a database URL")?;
    let written = parse(text)?;
    match dialect {
        Dialect::Postgres => Ok(postgres(written, env)),
        Dialect::MySql => Ok(mysql(written, env)),
    }
}

fn parse(text: &str) -> Result<Written, String> {
    let url = url::Url::parse(text).map_err(|err| format!("not a valid database URL: {err}"))?;
    let decode = |part: &str| percent_encoding::percent_decode_str(part).decode_utf8_lossy().into_owned();
    let mut params = BTreeMap::new();
    for (key, value) in url.query_pairs() {
        params.insert(key.into_owned(), value.into_owned());
    }
    let host = url.host_str().filter(|host| !host.is_empty()).map(|host| {
        // `[::1]` is written with brackets in a URL, without them to a resolver.
        host.trim_start_matches('[').trim_end_matches(']').to_string()
    });
    let database = url.path().trim_start_matches('/');
    Ok(Written {
        host: host.map(|host| decode(&host)),
        port: url.port(),
        user: Some(decode(url.username())).filter(|user| !user.is_empty()),
        password: url.password().map(decode),
        database: Some(decode(database)).filter(|database| !database.is_empty()),
        params,
    })
}

/// libpq's order: the URL, then its service entry, then `PG*` variables, then defaults.
fn postgres(mut written: Written, env: &dyn Environment) -> Login {
    let service_name = written.params.remove("service").or_else(|| env.var("PGSERVICE"));
    let service = service_name.as_deref().map(|name| service_entry(name, env)).unwrap_or_default();
    let setting = |written: Option<String>, key: &str, variable: &str| {
        written.or_else(|| service.get(key).cloned()).or_else(|| env.var(variable))
    };
    // A host from the URL's `host=` parameter (how a socket directory is written) counts as written.
    let written_host = written.host.take().or_else(|| written.params.remove("host"));
    let host = setting(written_host, "host", "PGHOST").unwrap_or_else(default_postgres_host);
    let port = written
        .port
        .or_else(|| written.params.remove("port").and_then(|port| port.parse().ok()))
        .or_else(|| service.get("port").and_then(|port| port.parse().ok()))
        .or_else(|| env.var("PGPORT").and_then(|port| port.parse().ok()))
        .unwrap_or(5432);
    let user = setting(written.user.take().or_else(|| written.params.remove("user")), "user", "PGUSER")
        .or_else(|| env.var("USER"))
        .unwrap_or_else(|| "postgres".into());
    let database = setting(written.database.take().or_else(|| written.params.remove("dbname")), "dbname", "PGDATABASE")
        .unwrap_or_else(|| user.clone());
    let mut params = written.params;
    for (key, variable) in
        [("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("connect_timeout", "PGCONNECT_TIMEOUT")]
    {
        if !params.contains_key(key) {
            if let Some(value) = service.get(key).cloned().or_else(|| env.var(variable)) {
                params.insert(key.to_string(), value);
            }
        }
    }
    let password = written
        .password
        .or_else(|| service.get("password").cloned())
        .or_else(|| env.var("PGPASSWORD"))
        .or_else(|| pgpass(env, (&host, port, &database, &user)));
    let shown = format!("postgres://{}/{database}", shown_host(&host, port));
    Login { dialect: Dialect::Postgres, host, port, user, password, database: Some(database), params, shown }
}

/// libpq's default: the usual socket directory when it exists, else `localhost`.
fn default_postgres_host() -> String {
    let socket_directory = "/var/run/postgresql";
    if Path::new(socket_directory).is_dir() {
        socket_directory.into()
    } else {
        "localhost".into()
    }
}

/// The MySQL clients' order: the URL, then `MYSQL_*` variables, then defaults.
fn mysql(written: Written, env: &dyn Environment) -> Login {
    let host = written.host.or_else(|| env.var("MYSQL_HOST")).unwrap_or_else(|| "localhost".into());
    let port = written.port.or_else(|| env.var("MYSQL_TCP_PORT").and_then(|port| port.parse().ok())).unwrap_or(3306);
    let user = written.user.or_else(|| env.var("USER")).unwrap_or_else(|| "root".into());
    let password = written.password.or_else(|| env.var("MYSQL_PWD"));
    let shown = format!("mysql://{}/{}", shown_host(&host, port), written.database.as_deref().unwrap_or(""));
    Login {
        dialect: Dialect::MySql,
        host,
        port,
        user,
        password,
        database: written.database,
        params: written.params,
        shown,
    }
}

fn shown_host(host: &str, port: u16) -> String {
    if host.starts_with('/') {
        // A unix socket directory: URL-encoded, as libpq writes it.
        percent_encoding::utf8_percent_encode(host, percent_encoding::NON_ALPHANUMERIC).to_string()
    } else if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The `[name]` section of the first service file that has it:
/// `PGSERVICEFILE` or `~/.pg_service.conf`, then `PGSYSCONFDIR/pg_service.conf`.
fn service_entry(name: &str, env: &dyn Environment) -> BTreeMap<String, String> {
    let mut files = Vec::new();
    match env.var("PGSERVICEFILE") {
        Some(file) => files.push(PathBuf::from(file)),
        None => files.extend(env.home().map(|home| home.join(".pg_service.conf"))),
    }
    files.push(
        PathBuf::from(env.var("PGSYSCONFDIR").unwrap_or_else(|| "/etc/postgresql-common".into()))
            .join("pg_service.conf"),
    );
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        if let Some(entry) = crate::input::ini::section(&text, name) {
            return entry;
        }
    }
    BTreeMap::new()
}

/// The password of the first `~/.pgpass` line (or `PGPASSFILE`'s) matching
/// `host:port:database:user`, `*` matching anything, as libpq reads it.
fn pgpass(env: &dyn Environment, (host, port, database, user): (&str, u16, &str, &str)) -> Option<String> {
    let file = env.var("PGPASSFILE").map(PathBuf::from).or_else(|| env.home().map(|home| home.join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    // libpq matches a socket directory (or the default socket) as `localhost`.
    let host = if host.starts_with('/') { "localhost" } else { host };
    let port = port.to_string();
    let wanted = [host, port.as_str(), database, user];
    text.lines().filter(|line| !line.starts_with('#')).find_map(|line| {
        let fields = pgpass_fields(line);
        if fields.len() < 5 {
            return None;
        }
        let matches = fields[..4].iter().zip(wanted).all(|(field, wanted)| field == "*" || field == wanted);
        matches.then(|| fields[4..].join(":"))
    })
}

/// Splits a `.pgpass` line on unescaped `:`, undoing `\:` and `\\`.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut characters = line.chars();
    while let Some(character) = characters.next() {
        match character {
            '\\' => fields.last_mut().unwrap().extend(characters.next()),
            ':' => fields.push(String::new()),
            other => fields.last_mut().unwrap().push(other),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Fake {
        vars: HashMap<&'static str, String>,
        home: Option<PathBuf>,
    }

    impl Environment for Fake {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).cloned()
        }
        fn home(&self) -> Option<PathBuf> {
            self.home.clone()
        }
    }

    fn fake(vars: &[(&'static str, &str)]) -> Fake {
        Fake { vars: vars.iter().map(|(k, v)| (*k, v.to_string())).collect(), home: None }
    }

    #[test]
    fn a_url_is_decoded_and_shown_without_credentials() {
        let env = fake(&[]);
        let login =
            resolve("postgresql://jean.tremblay:p%40ss%3Aw%2Fd@db.example.com:6543/crm?sslmode=require", &env).unwrap();
        assert_eq!(login.user, "jean.tremblay");
        assert_eq!(login.password.as_deref(), Some("p@ss:w/d"));
        assert_eq!((login.host.as_str(), login.port), ("db.example.com", 6543));
        assert_eq!(login.database.as_deref(), Some("crm"));
        assert_eq!(login.params["sslmode"], "require");
        assert_eq!(login.shown, "postgres://db.example.com:6543/crm");
        assert!(!format!("{login:?}").contains("p@ss"));
    }

    #[test]
    fn libpq_environment_fills_what_the_url_leaves_out() {
        let env = fake(&[
            ("PGHOST", "10.0.0.5"),
            ("PGPORT", "5433"),
            ("PGUSER", "scan"),
            ("PGPASSWORD", "secret"),
            ("PGSSLMODE", "verify-full"),
        ]);
        let login = resolve("postgres:///warehouse", &env).unwrap();
        assert_eq!((login.host.as_str(), login.port, login.user.as_str()), ("10.0.0.5", 5433, "scan"));
        assert_eq!(login.password.as_deref(), Some("secret"));
        assert_eq!(login.params["sslmode"], "verify-full");
        assert_eq!(login.shown, "postgres://10.0.0.5:5433/warehouse");
    }

    #[test]
    fn services_and_pgpass_are_read_as_libpq_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(".pg_service.conf"),
            "# services\n[other]\nhost=nowhere\n[crm]\nhost=db.internal\nport=5544\ndbname=crm\nuser=reader\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(".pgpass"),
            "db.internal:5544:other:reader:wrong\n*:5544:crm:reader:pa\\:ss\n*:*:*:*:fallback\n",
        )
        .unwrap();
        let env = Fake { vars: HashMap::from([("PGHOST", "ignored".to_string())]), home: Some(dir.path().into()) };
        let login = resolve("postgres://?service=crm", &env).unwrap();
        assert_eq!((login.host.as_str(), login.port), ("db.internal", 5544));
        assert_eq!((login.user.as_str(), login.database.as_deref()), ("reader", Some("crm")));
        assert_eq!(login.password.as_deref(), Some("pa:ss"));
    }

    #[test]
    fn mysql_urls_take_mysql_pwd() {
        let env = fake(&[("MYSQL_PWD", "from-env")]);
        let login = resolve("mariadb://app@127.0.0.1/shop", &env).unwrap();
        assert_eq!(login.dialect, Dialect::MySql);
        assert_eq!((login.port, login.password.as_deref()), (3306, Some("from-env")));
        assert_eq!(login.shown, "mysql://127.0.0.1:3306/shop");
    }

    #[test]
    fn errors_do_not_quote_the_url() {
        let error = resolve("postgres://user:hunter2@[bad", &fake(&[])).unwrap_err();
        assert!(!error.contains("hunter2"), "{error}");
        assert!(is_database_url("MySQL://x") && !is_database_url("s3://bucket") && !is_database_url("users.csv"));
    }
}
