//! Live sources against real servers on loopback: PostgreSQL 15, MariaDB and
//! an S3-compatible server (moto), started by `tests/servers/up` (by
//! `tests/run`, or here when the variables are not set) and loaded with the
//! labelled data of `corpora/structured`.
//!
//! What a live table or object yields must equal what its dump or local file
//! yields; sampling, table filters, permissions, timeouts, a table dropped
//! and a server killed mid-scan each have their test; no credential appears
//! in any output.

use std::collections::{BTreeMap, HashMap};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::util::{json_lines, piimap, repo_root, Run, Tree};

/// The servers' URLs and settings (`tests/servers/README.md` lists them).
struct Servers {
    vars: HashMap<String, String>,
}

impl Servers {
    fn get(&self, name: &str) -> &str {
        self.vars.get(name).unwrap_or_else(|| panic!("{name} not set by tests/servers/up"))
    }
}

/// The servers `tests/run` started, or ones started now for this test
/// process (a watchdog stops them when it exits).
fn servers() -> &'static Servers {
    static SERVERS: OnceLock<Servers> = OnceLock::new();
    SERVERS.get_or_init(|| {
        if std::env::var_os("PIIMAP_TEST_PG_URL").is_some() {
            let vars =
                std::env::vars().filter(|(name, _)| name.starts_with("PIIMAP_TEST_") || name.starts_with("AWS_"));
            return Servers { vars: vars.collect() };
        }
        let state = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("servers");
        let status = Command::new(repo_root().join("tests/servers/up"))
            .env("PIIMAP_SERVERS", &state)
            .env("PIIMAP_SERVERS_OWNER", std::process::id().to_string())
            .status()
            .expect("run tests/servers/up");
        assert!(status.success(), "tests/servers/up failed: the live tests need PostgreSQL 15, MariaDB and moto");
        let env = std::fs::read_to_string(state.join("env")).expect("the servers' env file");
        let vars = env
            .lines()
            .filter_map(|line| line.strip_prefix("export "))
            .filter_map(|line| line.split_once('='))
            .map(|(name, value)| (name.to_string(), value.trim_matches('\'').replace("'\\''", "'")))
            .collect();
        Servers { vars }
    })
}

/// Runs piimap with `args` and the variables `env` (AWS credentials, PGPASSWORD...).
fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = piimap().args(args).envs(env.iter().copied()).output().expect("run piimap");
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn aws(servers: &Servers) -> Vec<(&'static str, &str)> {
    vec![
        ("AWS_ACCESS_KEY_ID", servers.get("AWS_ACCESS_KEY_ID")),
        ("AWS_SECRET_ACCESS_KEY", servers.get("AWS_SECRET_ACCESS_KEY")),
        ("AWS_REGION", "us-east-1"),
    ]
}

/// Findings as `(table without its schema, field, category, fingerprint)`, counted.
fn by_value(findings: &[serde_json::Value]) -> BTreeMap<(String, String, String, String), usize> {
    let mut counted = BTreeMap::new();
    for finding in findings {
        let table = finding["table"].as_str().unwrap_or("");
        let table = table.rsplit_once('.').map_or(table, |(_, name)| name);
        let key = (
            table.to_string(),
            finding["field"].as_str().unwrap_or("").to_string(),
            finding["category"].as_str().unwrap().to_string(),
            finding["fingerprint"].as_str().unwrap().to_string(),
        );
        *counted.entry(key).or_default() += 1;
    }
    counted
}

fn summary_of(json: &str) -> serde_json::Value {
    let document: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    document["summary"].clone()
}

/// A new empty PostgreSQL database for one test, and its superuser URL.
fn pg_database(name: &str) -> String {
    let servers = servers();
    let mut admin = postgres::Client::connect(servers.get("PIIMAP_TEST_PG_ADMIN_URL"), postgres::NoTls).unwrap();
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let admin_url = servers.get("PIIMAP_TEST_PG_ADMIN_URL");
    format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0)
}

fn pg(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}

/// Waits until a query matching `like` runs on the server at `url`.
fn wait_for_query(url: &str, like: &str) {
    let mut watcher = pg(url);
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        let running: i64 = watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()",
                &[&like],
            )
            .unwrap()
            .get(0);
        if running > 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no query like {like} started");
}

#[test]
fn a_live_postgres_database_yields_what_its_dump_yields() {
    let servers = servers();
    let live = run(&["scan", servers.get("PIIMAP_TEST_PG_URL"), "--sample-rows", "all", "--format", "jsonl"], &[]);
    assert_eq!(live.code, 1, "{}", live.stderr);
    let dump = run(
        &["scan", repo_root().join("corpora/structured/pg/export.sql").to_str().unwrap(), "--format", "jsonl"],
        &[],
    );
    let (live, dump) = (json_lines(&live.stdout), json_lines(&dump.stdout));
    assert_eq!(live.len(), 326);
    assert_eq!(by_value(&live), by_value(&dump), "same values, tables, columns and categories");
    let first = &live[0];
    assert!(first["path"].as_str().unwrap().starts_with("postgres://127.0.0.1:"), "{first}");
    assert!(first["table"].as_str().unwrap().starts_with("public."), "{first}");
    assert!(first.get("line").is_none() && first["row"].is_u64(), "a table has rows, not lines: {first}");
}

#[test]
fn a_live_mariadb_database_yields_what_its_dump_yields() {
    let servers = servers();
    let live = run(&["scan", servers.get("PIIMAP_TEST_MYSQL_URL"), "--format", "jsonl"], &[]);
    assert_eq!(live.code, 1, "{}", live.stderr);
    let dump = run(
        &["scan", repo_root().join("corpora/structured/mysql/export.sql").to_str().unwrap(), "--format", "jsonl"],
        &[],
    );
    let (live, dump) = (json_lines(&live.stdout), json_lines(&dump.stdout));
    assert_eq!(by_value(&live), by_value(&dump));
    assert!(live.iter().all(|f| f["table"].as_str().unwrap().starts_with("fondation_boreale.")));
    assert!(
        live.iter()
            .all(|f| f["path"]
                == format!("mysql://127.0.0.1:{}/fondation_boreale", servers.get("PIIMAP_TEST_MYSQL_PORT")))
    );
}

#[test]
fn objects_in_a_bucket_yield_what_the_local_files_yield() {
    let servers = servers();
    let bucket = format!("s3://{}/structured", servers.get("PIIMAP_TEST_S3_BUCKET"));
    let endpoint = servers.get("PIIMAP_TEST_S3_ENDPOINT");
    let remote = run(&["scan", &bucket, "--endpoint", endpoint, "--format", "jsonl"], &aws(servers));
    assert_eq!(remote.code, 1, "{}", remote.stderr);
    let local =
        piimap().current_dir(repo_root()).args(["scan", "corpora/structured", "--format", "jsonl"]).output().unwrap();
    let mut local_findings = json_lines(&String::from_utf8_lossy(&local.stdout));
    let remote_findings = json_lines(&remote.stdout);
    let mut remote_by_path: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for finding in &remote_findings {
        let path = finding["path"].as_str().unwrap().replacen(&bucket, "corpora/structured", 1);
        remote_by_path.entry(path).or_default().push(finding.clone());
    }
    local_findings.retain(|f| remote_by_path.contains_key(f["path"].as_str().unwrap()));
    let mut local_by_path: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for finding in local_findings {
        local_by_path.entry(finding["path"].as_str().unwrap().to_string()).or_default().push(finding);
    }
    // Parquet, CSV, JSON, gzip and zstd files, and the SQLite database.
    assert!(remote_by_path.len() >= 15, "{:?}", remote_by_path.keys());
    for (path, findings) in &remote_by_path {
        let local = &local_by_path[path];
        assert_eq!(by_value(findings), by_value(local), "{path}");
        // Lines and columns too, for the streamed text formats.
        let places = |all: &[serde_json::Value]| {
            all.iter().map(|f| (f["line"].clone(), f["column"].clone())).collect::<Vec<_>>()
        };
        assert_eq!(places(findings), places(local), "{path}");
    }
    assert!(remote.stderr.contains("corrupt_footer.parquet: not a readable Parquet file"), "{}", remote.stderr);
}

/// Writes a Parquet file with a small text column and a big float column
/// (that no category can be), and uploads it.
fn upload_wide_parquet(servers: &Servers, key: &str) -> (usize, usize) {
    use arrow_array::{Float64Array, RecordBatch, StringArray};
    let rows = 200_000;
    let emails: Vec<String> =
        (0..rows).map(|i| if i % 1000 == 0 { format!("client{i}@exemple.ca") } else { String::new() }).collect();
    let readings: Vec<f64> = (0..rows).map(|i| (i as f64 * 1.618).sin() * 1e6).collect();
    let batch = RecordBatch::try_from_iter([
        ("courriel", std::sync::Arc::new(StringArray::from(emails)) as arrow_array::ArrayRef),
        ("mesure", std::sync::Arc::new(Float64Array::from(readings)) as arrow_array::ArrayRef),
    ])
    .unwrap();
    let mut bytes = Vec::new();
    let mut writer = parquet::arrow::ArrowWriter::try_new(&mut bytes, batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    put_object(servers, key, bytes.clone());
    (bytes.len(), rows / 1000)
}

fn put_object(servers: &Servers, key: &str, bytes: Vec<u8>) {
    use object_store::ObjectStoreExt;
    let store = object_store::aws::AmazonS3Builder::new()
        .with_bucket_name(servers.get("PIIMAP_TEST_S3_BUCKET"))
        .with_endpoint(servers.get("PIIMAP_TEST_S3_ENDPOINT"))
        .with_allow_http(true)
        .with_region("us-east-1")
        .with_access_key_id(servers.get("AWS_ACCESS_KEY_ID"))
        .with_secret_access_key(servers.get("AWS_SECRET_ACCESS_KEY"))
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(store.put(&object_store::path::Path::from(key), bytes.into())).unwrap();
}

#[test]
fn parquet_in_a_bucket_is_read_by_ranges_not_downloaded() {
    let servers = servers();
    let (size, emails) = upload_wide_parquet(servers, "ranged/wide.parquet");
    let url = format!("s3://{}/ranged/wide.parquet", servers.get("PIIMAP_TEST_S3_BUCKET"));
    let scanned =
        run(&["scan", &url, "--endpoint", servers.get("PIIMAP_TEST_S3_ENDPOINT"), "--format", "json"], &aws(servers));
    assert_eq!(scanned.code, 1, "{}", scanned.stderr);
    let summary = summary_of(&scanned.stdout);
    assert_eq!(summary["findings"], emails as u64);
    let downloaded = summary["bytes_downloaded"].as_u64().unwrap();
    // The float column (most of the file) is never fetched: the footer and the text column are.
    assert!(downloaded * 20 < size as u64, "{downloaded} bytes fetched of {size}");
    assert!(downloaded > 0);
}

#[test]
fn bucket_listings_honour_globs_hidden_directories_and_ignore_files() {
    let servers = servers();
    let row = b"courriel\njeanne.roy@exemple.ca\n".to_vec();
    for key in ["listing/a.csv", "listing/b.log", "listing/.cache/c.csv", "listing/keep/d.csv", "listing/skip/e.csv"] {
        put_object(servers, key, row.clone());
    }
    put_object(servers, "listing/.piimapignore", b"skip/\n*.log\n".to_vec());
    let url = format!("s3://{}/listing", servers.get("PIIMAP_TEST_S3_BUCKET"));
    let endpoint = servers.get("PIIMAP_TEST_S3_ENDPOINT");
    let paths = |extra: &[&str]| {
        let mut args = vec!["scan", url.as_str(), "--endpoint", endpoint, "--format", "jsonl"];
        args.extend(extra);
        let scanned = run(&args, &aws(servers));
        let mut paths: Vec<String> =
            json_lines(&scanned.stdout).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
        paths.dedup();
        paths
    };
    let bucket = format!("s3://{}/", servers.get("PIIMAP_TEST_S3_BUCKET"));
    let short = |all: Vec<String>| all.into_iter().map(|p| p.replacen(&bucket, "", 1)).collect::<Vec<_>>();
    assert_eq!(short(paths(&[])), ["listing/a.csv", "listing/keep/d.csv"]);
    assert_eq!(
        short(paths(&["--hidden", "--no-ignore"])),
        ["listing/.cache/c.csv", "listing/a.csv", "listing/b.log", "listing/keep/d.csv", "listing/skip/e.csv"]
    );
    assert_eq!(short(paths(&["-g", "keep/*"])), ["listing/keep/d.csv"]);
}

#[test]
fn sampling_reads_ten_thousand_rows_by_default_and_says_how() {
    let url = pg_database("piimap_sampling");
    let mut db = pg(&url);
    db.batch_execute(
        "CREATE TABLE big (id int, courriel text);
         INSERT INTO big SELECT i, 'client' || i || '@exemple.ca' FROM generate_series(1, 30000) i;
         CREATE TABLE small (id int, courriel text);
         INSERT INTO small SELECT i, 'petit' || i || '@exemple.ca' FROM generate_series(1, 40) i;
         ANALYZE",
    )
    .unwrap();
    let tables = |args: &[&str]| {
        let mut all = vec!["scan", url.as_str(), "--format", "json"];
        all.extend(args);
        let scanned = run(&all, &[]);
        assert_eq!(scanned.code, 1, "{}", scanned.stderr);
        let summary = summary_of(&scanned.stdout);
        let read: BTreeMap<String, (u64, String)> = summary["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["table"].as_str().unwrap().to_string(),
                    (t["rows_read"].as_u64().unwrap(), t["sample"].as_str().unwrap().to_string()),
                )
            })
            .collect();
        (read, summary["findings"].as_u64().unwrap())
    };
    // No tsm_system_rows in this database: BERNOULLI at the rate the estimate gives, capped.
    let (read, findings) = tables(&[]);
    let (rows, how) = &read["public.big"];
    assert!(how.starts_with("TABLESAMPLE BERNOULLI(") && how.ends_with("LIMIT 10000"), "{how}");
    assert!((8_000..=10_000).contains(rows), "{rows} rows");
    assert_eq!(read["public.small"], (40, "all rows (at most 10000)".to_string()));
    assert_eq!(findings, rows + 40, "one email per row read");
    db.batch_execute("CREATE EXTENSION tsm_system_rows").unwrap();
    let (read, _) = tables(&[]);
    assert_eq!(read["public.big"], (10_000, "TABLESAMPLE SYSTEM_ROWS(10000)".to_string()));
    let (read, _) = tables(&["--sample-rows", "500"]);
    assert_eq!(read["public.big"], (500, "TABLESAMPLE SYSTEM_ROWS(500)".to_string()));
    let (read, findings) = tables(&["--sample-rows", "all"]);
    assert_eq!(read["public.big"], (30_000, "all rows".to_string()));
    assert_eq!(findings, 30_040);
    // The table report says it too.
    let table = run(&["scan", url.as_str(), "--format", "table"], &[]);
    assert!(table.stdout.contains("TABLESAMPLE SYSTEM_ROWS(10000)"), "{}", table.stdout);
}

#[test]
fn mariadb_samples_with_limit() {
    let servers = servers();
    let admin = servers.get("PIIMAP_TEST_MYSQL_ADMIN_URL");
    let base = admin.rsplit_once('/').unwrap().0;
    let mut conn = mysql::Conn::new(mysql::Opts::from_url(admin).unwrap()).unwrap();
    use mysql::prelude::Queryable;
    conn.query_drop("DROP DATABASE IF EXISTS piimap_sampling; CREATE DATABASE piimap_sampling").unwrap();
    conn.query_drop(
        "CREATE TABLE piimap_sampling.big (id int, courriel text, fiche json, photo blob, ident uuid);
         INSERT INTO piimap_sampling.big SELECT seq, CONCAT('client', seq, '@exemple.ca'), NULL, NULL, NULL FROM seq_1_to_12000;
         INSERT INTO piimap_sampling.big VALUES (0, NULL, '{\"contact\": {\"tel\": \"514-555-0199\"}}', 'NAS 130 692 544', UUID());
         ANALYZE TABLE piimap_sampling.big",
    )
    .unwrap();
    let url = format!("{base}/piimap_sampling");
    let scanned = run(&["scan", &url, "--format", "json", "--sample-rows", "all"], &[]);
    let summary = summary_of(&scanned.stdout);
    let table = &summary["tables"][0];
    assert_eq!(table["rows_read"], 12_001);
    assert_eq!(table["skipped_columns"], serde_json::json!(["ident (uuid)"]));
    let document: serde_json::Value = serde_json::from_str(&scanned.stdout).unwrap();
    let fields: Vec<&str> =
        document["findings"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"fiche.contact.tel"), "JSON read by path");
    assert!(fields.contains(&"photo"), "a blob holding text is read");
    let sampled = run(&["scan", &url, "--format", "json"], &[]);
    let table = &summary_of(&sampled.stdout)["tables"][0];
    assert_eq!(table["rows_read"], 10_000);
    assert_eq!(table["sample"], "first 10000 rows (LIMIT)");
}

#[test]
fn json_bytea_uuid_and_integer_columns_are_read_by_type() {
    let url = pg_database("piimap_types");
    pg(&url)
        .batch_execute(
            r#"CREATE TABLE profiles (id uuid DEFAULT gen_random_uuid(), telephone bigint, nas int,
                   fiche jsonb, note bytea, image bytea, actif boolean, tags text[]);
               INSERT INTO profiles (telephone, nas, fiche, note, image, actif, tags) VALUES
                 (5145550199, 46454286, '{"contact": {"courriel": "jean@exemple.ca"}, "ip": ["192.0.2.7"]}',
                  convert_to('Tél. : 418-555-0143', 'UTF8'), '\x00ff00fe6a65616e406578656d706c652e6361'::bytea, true,
                  ARRAY['marie@exemple.ca', 'H2X 1Y4'])"#,
        )
        .unwrap();
    let scanned = run(&["scan", &url, "--format", "json"], &[]);
    let document: serde_json::Value = serde_json::from_str(&scanned.stdout).unwrap();
    let mut found: Vec<(String, String)> = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_string(), f["category"].as_str().unwrap().to_string()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("fiche.contact.courriel", "email"),
            ("fiche.ip[]", "ip_address"),
            ("note", "phone"),
            ("tags", "email"),
            ("tags", "postal_code"),
            ("telephone", "phone"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let skipped = &document["summary"]["tables"][0]["skipped_columns"];
    assert_eq!(skipped, &serde_json::json!(["id (uuid)", "actif (boolean)"]));
}

#[test]
fn include_and_exclude_table_globs() {
    let servers = servers();
    let tables = |args: &[&str]| {
        let mut all = vec!["scan", servers.get("PIIMAP_TEST_PG_URL"), "--format", "json"];
        all.extend(args);
        let summary = summary_of(&run(&all, &[]).stdout);
        summary["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["table"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(tables(&[]), ["public.donations", "public.legacy_import", "public.sessions", "public.users"]);
    assert_eq!(tables(&["--include-table", "public.u*"]), ["public.users"]);
    assert_eq!(
        tables(&["--exclude-table", "sessions", "--exclude-table", "*.d*"]),
        ["public.legacy_import", "public.users"]
    );
}

#[test]
fn a_table_the_user_may_not_read_is_reported_and_the_others_are_scanned() {
    let servers = servers();
    let admin_url = servers.get("PIIMAP_TEST_PG_ADMIN_URL");
    let mut admin = pg(&format!("{}/fondation_boreale", admin_url.rsplit_once('/').unwrap().0));
    admin
        .batch_execute(
            "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'piimap_limited') THEN
                 DROP OWNED BY piimap_limited; DROP ROLE piimap_limited; END IF; END $$;
             CREATE ROLE piimap_limited LOGIN PASSWORD 'limited-pw-4471';
             GRANT CONNECT ON DATABASE fondation_boreale TO piimap_limited;
             GRANT USAGE ON SCHEMA public TO piimap_limited;
             GRANT SELECT ON public.users, public.sessions TO piimap_limited",
        )
        .unwrap();
    let url = format!("postgres://piimap_limited@127.0.0.1:{}/fondation_boreale", servers.get("PIIMAP_TEST_PG_PORT"));
    let scanned = run(&["scan", &url, "--format", "json"], &[("PGPASSWORD", "limited-pw-4471")]);
    assert_eq!(scanned.code, 1, "findings, and errors without --strict: {}", scanned.stderr);
    let document: serde_json::Value = serde_json::from_str(&scanned.stdout).unwrap();
    let tables: Vec<&str> =
        document["summary"]["tables"].as_array().unwrap().iter().map(|t| t["table"].as_str().unwrap()).collect();
    assert_eq!(tables, ["public.sessions", "public.users"]);
    let errors: Vec<(&str, &str)> = document["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["location"].as_str().unwrap(), e["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|(_, reason)| reason.starts_with("permission denied")), "{errors:?}");
    assert_eq!(errors[0].0, "table public.donations");
    assert!(scanned.stderr.contains("table public.legacy_import: permission denied"), "{}", scanned.stderr);
    // --strict makes an incomplete scan fail.
    assert_eq!(run(&["scan", &url, "--strict", "-q"], &[("PGPASSWORD", "limited-pw-4471")]).code, 2);
}

#[test]
fn a_statement_timeout_and_a_table_dropped_mid_scan_cost_only_their_table() {
    let url = pg_database("piimap_timeouts");
    let mut db = pg(&url);
    db.batch_execute(
        "CREATE VIEW a_slow AS SELECT pg_sleep(3)::text AS pause, 'lent@exemple.ca'::text AS courriel;
         CREATE TABLE b_gone (courriel text); INSERT INTO b_gone VALUES ('parti@exemple.ca');
         CREATE TABLE c_kept (courriel text); INSERT INTO c_kept VALUES ('reste@exemple.ca');",
    )
    .unwrap();
    let timed_out = run(&["scan", &url, "--db-timeout", "1s", "--format", "json"], &[]);
    let document: serde_json::Value = serde_json::from_str(&timed_out.stdout).unwrap();
    assert_eq!(document["summary"]["findings"], 2, "{}", timed_out.stderr);
    let error = &document["errors"][0];
    assert_eq!(error["location"], "table public.a_slow");
    assert!(error["reason"].as_str().unwrap().starts_with("statement timeout"), "{error}");

    // One worker and one connection: a_slow sleeps while b_gone is dropped.
    let child = piimap()
        .args(["scan", &url, "-j", "1", "--max-connections", "1", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_query(&url, "%a_slow%");
    db.batch_execute("DROP TABLE b_gone").unwrap();
    let output = child.wait_with_output().unwrap();
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["summary"]["findings"], 2);
    let error = &document["errors"][0];
    assert_eq!(error["location"], "table public.b_gone");
    assert_eq!(error["reason"], "the table no longer exists (dropped during the scan?)");
}

#[test]
fn a_server_killed_mid_scan_is_reported_table_by_table_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = repo_root().join("tests/servers/pg-cluster");
    let started = Command::new(&cluster).arg("start").arg(dir.path()).output().unwrap();
    assert!(started.status.success(), "{}", String::from_utf8_lossy(&started.stderr));
    let url = String::from_utf8(started.stdout).unwrap().trim().to_string();
    pg(&url)
        .batch_execute(
            "CREATE TABLE a_first (courriel text); INSERT INTO a_first VALUES ('premier@exemple.ca');
             CREATE VIEW b_slow AS SELECT pg_sleep(30)::text AS pause;
             CREATE TABLE c_after (courriel text); INSERT INTO c_after VALUES ('apres@exemple.ca');",
        )
        .unwrap();
    let child = piimap()
        .args(["scan", &url, "-j", "1", "--max-connections", "1", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_query(&url, "%b_slow%");
    let killed = Command::new(&cluster).arg("kill").arg(dir.path()).status().unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    Command::new(&cluster).arg("stop").arg(dir.path()).status().unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panick"), "{stderr}");
    let findings = json_lines(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(findings.len(), 1, "the table read before the kill is kept");
    assert!(stderr.contains("table public.b_slow: connection to the server lost"), "{stderr}");
    assert!(stderr.contains("table public.c_after: cannot connect"), "{stderr}");
}

#[test]
fn connection_failures_are_named_without_credentials() {
    let servers = servers();
    let port = servers.get("PIIMAP_TEST_PG_PORT");
    let wrong = format!("postgres://piimap_scan:Wr0ng%40Secret@127.0.0.1:{port}/fondation_boreale");
    let refused = "mysql://someone:An0ther%40Secret@127.0.0.1:9/nothing";
    let csv = Tree::new();
    csv.file("clients.csv", "courriel\nsophie@exemple.ca\n");
    let scanned = run(&["scan", &wrong, refused, csv.path().to_str().unwrap(), "--format", "jsonl"], &[]);
    assert_eq!(scanned.code, 1, "the file is still scanned: {}", scanned.stderr);
    assert_eq!(json_lines(&scanned.stdout).len(), 1);
    assert!(
        scanned.stderr.contains(&format!("postgres://127.0.0.1:{port}/fondation_boreale: authentication failed")),
        "{}",
        scanned.stderr
    );
    assert!(scanned.stderr.contains("mysql://127.0.0.1:9/nothing: cannot connect"), "{}", scanned.stderr);
    for secret in ["Wr0ng", "An0ther", "someone", "piimap_scan"] {
        assert!(
            !scanned.stderr.contains(secret) && !scanned.stdout.contains(secret),
            "{secret} printed: {}",
            scanned.stderr
        );
    }
}

#[test]
fn no_password_appears_in_any_report_of_a_database_or_a_bucket() {
    let servers = servers();
    let password = servers.get("PIIMAP_TEST_PG_PASSWORD");
    let encoded = "Sc%40n%3Apw%2F7%25Q%23x";
    let secret_key = "S3cretKey-do-not-print-8812";
    let tree = Tree::new();
    let policy = tree.file(
        "policy.toml",
        r#"schema = "piimap.policy/1"
[organization]
name = "Fondation"
[policy]
title = "Politique"
date = "2025-01-01"
language = "fr"
[[purposes]]
id = "donateurs"
name = "Donateurs"
quote = "Courriel et téléphone"
categories = ["email", "phone"]
data_use = "essential.service"
fields = ["public.users.*", "fondation_boreale.users.*"]
"#,
    );
    let bucket = format!("s3://{}/structured/csv", servers.get("PIIMAP_TEST_S3_BUCKET"));
    let endpoint = servers.get("PIIMAP_TEST_S3_ENDPOINT");
    let sources = [servers.get("PIIMAP_TEST_PG_URL"), servers.get("PIIMAP_TEST_MYSQL_URL"), bucket.as_str()];
    let env =
        [("AWS_ACCESS_KEY_ID", "AKIAPIIMAPTEST"), ("AWS_SECRET_ACCESS_KEY", secret_key), ("AWS_REGION", "us-east-1")];
    let mut outputs = Vec::new();
    for format in ["jsonl", "json", "sarif", "table"] {
        let mut args = vec!["scan", "--endpoint", endpoint, "--format", format];
        args.extend(sources);
        let scanned = run(&args, &env);
        assert_eq!(scanned.code, 1, "{format}: {}", scanned.stderr);
        outputs.push(scanned);
    }
    for format in ["json", "markdown", "csv", "html"] {
        let mut args =
            vec!["inventory", "--policy", policy.to_str().unwrap(), "--endpoint", endpoint, "--format", format];
        args.extend(sources);
        let inventory = run(&args, &env);
        assert!(inventory.code <= 1, "{format}: {}", inventory.stderr);
        outputs.push(inventory);
    }
    for output in &outputs {
        for secret in [password, encoded, secret_key, "piimap_scan"] {
            assert!(!output.stdout.contains(secret), "{secret} in a report");
            assert!(!output.stderr.contains(secret), "{secret} on stderr");
        }
    }
    // The inventory says what was read of each table, in every report (in
    // French: the policy's language).
    assert!(outputs[5].stdout.contains("Tables de bases de données lues"), "{}", outputs[5].stdout);
    assert!(outputs[7].stdout.contains("<table id=\"tables\">"));
    // The inventory places live columns by schema.table.column.
    let inventory: serde_json::Value = serde_json::from_str(&outputs[4].stdout).unwrap();
    let text = inventory.to_string();
    assert!(text.contains("public.users") && text.contains("fondation_boreale.users"), "{text}");
    // Live timestamps date the rows (retention): `created_at` of both servers' users.
    for table in ["public.users", "fondation_boreale.users"] {
        let emails = inventory["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["table"] == table && e["category"] == "email")
            .unwrap_or_else(|| panic!("{table}: {text}"));
        let days = emails["row_dates"]["collection"].as_object().unwrap_or_else(|| panic!("{emails}"));
        let counted: u64 = days.values().map(|count| count.as_u64().unwrap()).sum();
        assert_eq!(counted, emails["findings"].as_u64().unwrap(), "{table}: every matched value dated");
    }
    // SARIF: the database URL as the artifact, the column as a logical location.
    let sarif: serde_json::Value = serde_json::from_str(&outputs[2].stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let live = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("postgres://")
        })
        .expect("a result from the database");
    let name = live["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].as_str().unwrap();
    assert!(name.starts_with("public."), "{name}");
}

#[test]
fn tls_modes_and_the_libpq_environment() {
    let servers = servers();
    let (port, ca) = (servers.get("PIIMAP_TEST_PG_PORT"), servers.get("PIIMAP_TEST_PG_CA"));
    let password = servers.get("PIIMAP_TEST_PG_PASSWORD");
    let pgpass = Tree::new();
    let pass_file = pgpass
        .file("pgpass", format!("127.0.0.1:{port}:fondation_boreale:piimap_scan:{}\n", password.replace(':', "\\:")));
    std::fs::set_permissions(&pass_file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let count = |url: &str, env: &[(&str, &str)]| {
        let scanned = run(&["scan", url, "--format", "json", "-q"], env);
        (
            scanned.code,
            serde_json::from_str::<serde_json::Value>(&scanned.stdout)
                .map_or(0, |d| d["summary"]["findings"].as_u64().unwrap()),
            scanned.stderr,
        )
    };
    let base = format!("postgres://piimap_scan@127.0.0.1:{port}/fondation_boreale");
    let from_pgpass = [("PGPASSFILE", pass_file.to_str().unwrap())];
    let (_, findings, stderr) = count(&base, &from_pgpass);
    assert_eq!(findings, 326, "password from PGPASSFILE: {stderr}");
    assert_eq!(count(&base, &[("PGPASSWORD", password)]).1, 326, "password from PGPASSWORD");
    let verified = format!("{base}?sslmode=verify-full&sslrootcert={ca}");
    assert_eq!(count(&verified, &from_pgpass).1, 326);
    let by_name =
        format!("postgres://piimap_scan@localhost:{port}/fondation_boreale?sslmode=verify-full&sslrootcert={ca}");
    assert_eq!(count(&by_name, &[("PGPASSWORD", password)]).1, 326, "verified against the host name");
    // The bundled public roots do not know the test CA: refused, and said why.
    let (code, _, stderr) = count(&format!("{base}?sslmode=verify-ca&sslrootcert=system"), &from_pgpass);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot connect") && stderr.to_lowercase().contains("certificate"), "{stderr}");
    let (_, _, stderr) = count(&format!("{base}?sslmode=verify-full"), &[("HOME", pgpass.path().to_str().unwrap())]);
    assert!(stderr.contains("sslrootcert"), "{stderr}");
    // PGHOST/PGPORT/PGUSER/PGDATABASE alone.
    let env = [
        ("PGHOST", "127.0.0.1"),
        ("PGPORT", port),
        ("PGUSER", "piimap_scan"),
        ("PGDATABASE", "fondation_boreale"),
        ("PGPASSWORD", password),
        ("PGSSLMODE", "require"),
    ];
    assert_eq!(count("postgres://", &env).1, 326);
    // MYSQL_PWD for MariaDB.
    let mysql = format!("mysql://piimap_scan@127.0.0.1:{}/fondation_boreale", servers.get("PIIMAP_TEST_MYSQL_PORT"));
    assert_eq!(count(&mysql, &[("MYSQL_PWD", password)]).1, 326);
}
