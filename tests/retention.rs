//! Issue 19: retention checked on the dates of rows in every structured
//! format, sensitivity and minors in severities, and the register of
//! processing (with a fideslang Dataset) written from the data.

use crate::inventory::snapshot;
use crate::util::{repo_root, run_in, Tree};
use std::sync::Arc;

const POLICY: &str = "rules/policies/alloprof.toml";

/// `SOURCE_DATE_EPOCH` of the tests is 2025-12-01: with `P2Y after
/// last_activity`, rows last active before 2023-12-01 are kept too long.
const ACCOUNTS_POLICY: &str = r#"schema = "piimap.policy/1"
[organization]
name = "Fondation"
[policy]
title = "Politique"
language = "en"
[[subjects]]
id = "members"
name = "Members"
[[purposes]]
id = "accounts"
name = "Accounts"
quote = "We keep your email for two years after your last login."
categories = ["email"]
subjects = ["members"]
retention = { keep = "P2Y", after = "last_activity", text = "two years after your last login" }
transfers = [{ recipients = "a mailing service", to = "outside_canada", quote = "Our mailing service is in the United States." }]
fields = ["*.email"]
"#;

fn json(run: &crate::util::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr))
}

/// The same three accounts (one last active in 2015, one in 2025, one never
/// logged in) as CSV, NDJSON, a MySQL dump, SQLite and Parquet with typed
/// timestamps.
fn accounts(tree: &Tree) {
    let rows = [
        ("old@exemple.ca", "2014-03-02 10:00:00", "2015-01-01 08:00:00"),
        ("recent@exemple.ca", "2020-05-05 10:00:00", "2025-11-01 08:00:00"),
        ("never@exemple.ca", "2010-01-01 10:00:00", ""),
    ];
    let mut csv = String::from("id,email,created_at,last_login\n");
    let mut ndjson = String::new();
    let mut sql = String::from(
        "CREATE TABLE `members` (\n  `id` int NOT NULL,\n  `email` varchar(80) DEFAULT NULL,\n  `created_at` datetime DEFAULT NULL,\n  `last_login` datetime DEFAULT NULL\n) ENGINE=InnoDB;\nINSERT INTO `members` VALUES ",
    );
    for (index, (email, created, login)) in rows.iter().enumerate() {
        csv.push_str(&format!("{index},{email},{created},{login}\n"));
        let login_json = if login.is_empty() { "null".to_string() } else { format!("\"{login}\"") };
        ndjson.push_str(&format!(
            "{{\"id\": {index}, \"email\": \"{email}\", \"created_at\": \"{created}\", \"last_login\": {login_json}}}\n"
        ));
        let login_sql = if login.is_empty() { "NULL".to_string() } else { format!("'{login}'") };
        sql.push_str(&format!("{}({index},'{email}','{created}',{login_sql})", if index == 0 { "" } else { "," }));
    }
    sql.push_str(";\n");
    tree.file("export/users.csv", csv);
    tree.file("export/members.ndjson", ndjson);
    tree.file("export/dump.sql", sql);
    let db = tree.path().join("export/app.sqlite");
    let connection = rusqlite::Connection::open(&db).unwrap();
    connection.execute_batch("CREATE TABLE accounts (email TEXT, derniere_connexion TEXT);").unwrap();
    for (email, _, login) in rows {
        connection
            .execute("INSERT INTO accounts VALUES (?1, ?2)", (email, (!login.is_empty()).then_some(login)))
            .unwrap();
    }
    drop(connection);
    // Parquet: the login a typed timestamp (milliseconds), read only because its name dates rows.
    use arrow_array::{ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
    let millis = |text: &str| -> Option<i64> {
        let date = piimap::dates::parse_stamp(text.as_bytes())?;
        Some(date.to_unix_days() * 86_400_000 + 8 * 3_600_000)
    };
    let batch = RecordBatch::try_from_iter([
        ("email", Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.0))) as ArrayRef),
        ("last_login", Arc::new(TimestampMillisecondArray::from(rows.iter().map(|r| millis(r.2)).collect::<Vec<_>>()))),
    ])
    .unwrap();
    let mut bytes = Vec::new();
    let mut writer = parquet::arrow::ArrowWriter::try_new(&mut bytes, batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    tree.file("export/members.parquet", bytes);
}

#[test]
fn retention_is_checked_on_the_dates_of_rows_in_every_structured_format() {
    let tree = Tree::new();
    accounts(&tree);
    tree.file("policy.toml", ACCOUNTS_POLICY);
    let run = tree.run(&["inventory", "export", "--policy", "policy.toml", "--format", "json"]);
    assert_eq!(run.code, 1, "kept too long is a flag: {}", run.stderr);
    let doc = json(&run);
    let emails: Vec<&serde_json::Value> =
        doc["entries"].as_array().unwrap().iter().filter(|e| e["category"] == "email").collect();
    let places: Vec<&str> = emails.iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(places, ["app.sqlite", "dump.sql", "members.ndjson", "members.parquet", "users.csv"]);
    for email in &emails {
        assert_eq!(email["status"], "over_retention", "{email}");
        assert_eq!(email["severity"], "medium");
        assert_eq!(email["action"], "destroy_old");
        let kept = &email["retention"];
        assert_eq!(kept["rows"], 1, "one account last active before 2023-12-01: {email}");
        assert_eq!((kept["oldest"].as_str(), kept["before"].as_str()), (Some("2015-01-01"), Some("2023-12-01")));
        assert_eq!(kept["rule"], "P2Y after last_activity");
        assert_eq!(email["unassessed_transfers"], serde_json::json!(["accounts"]));
        assert_eq!(email["subjects"], serde_json::json!(["members"]));
    }
    assert_eq!(doc["summary"]["over_retention"], 5);
    assert_eq!(doc["summary"]["unassessed_transfers"], 5);
    let markdown = tree.run(&["inventory", "export", "--policy", "policy.toml"]).stdout;
    assert!(markdown.contains("5 kept too long"), "{markdown}");
    assert!(markdown.contains("## Kept too long") && markdown.contains("| 2023-12-01 | 2015-01-01 |"), "{markdown}");
    assert!(markdown.contains("## Sent outside Quebec with no privacy impact assessment mentioned"));
    // A period of words only is not checked: the same rows are covered.
    let words_only = ACCOUNTS_POLICY.replace(
        r#"retention = { keep = "P2Y", after = "last_activity", text = "two years after your last login" }"#,
        r#"retention = "as long as needed""#,
    );
    tree.file("words.toml", &words_only);
    let run = tree.run(&["inventory", "export", "--policy", "words.toml", "--format", "json"]);
    let doc = json(&run);
    assert_eq!(doc["summary"]["over_retention"], 0);
    assert_eq!(doc["summary"]["covered"], 5);
    // Covered, but sent outside Quebec with no assessment: that alone fails
    // the default gate; not `--fail-on undeclared`.
    assert_eq!((run.code, doc["summary"]["unassessed_transfers"].as_u64()), (1, Some(5)));
    let lenient = tree.run(&["inventory", "export", "--policy", "words.toml", "--fail-on", "undeclared"]);
    assert_eq!(lenient.code, 0, "{}", lenient.stderr);
    let assessed = words_only.replace(
        r#"quote = "Our mailing service is in the United States." }"#,
        r#"quote = "Our mailing service is in the United States.", assessed = true }"#,
    );
    tree.file("assessed.toml", assessed);
    assert_eq!(
        tree.run(&["inventory", "export", "--policy", "assessed.toml"]).code,
        0,
        "an assessed transfer is no flag"
    );
}

/// The scan's JSON report carries the rows' dates in its column profiles (a
/// saved scan is what an inventory can be made from); the other scan reports
/// do not show them and skip the work, with the same findings.
#[test]
fn the_json_scan_report_dates_rows_and_the_others_find_the_same() {
    let tree = Tree::new();
    accounts(&tree);
    let doc = json(&tree.run(&["scan", "export", "--format", "json"]));
    let columns = doc["columns"].as_array().unwrap();
    let emails: Vec<_> = columns.iter().filter(|c| c["category"] == "email").collect();
    assert_eq!(emails.len(), 5, "{columns:?}");
    for email in emails {
        let last_activity = email["row_dates"]["last_activity"].as_object().unwrap_or_else(|| panic!("{email}"));
        assert_eq!(last_activity.get("2015-01-01"), Some(&serde_json::json!(1)), "{email}");
    }
    let jsonl = tree.run(&["scan", "export", "--format", "jsonl"]).stdout;
    assert_eq!(jsonl.lines().count(), doc["findings"].as_array().unwrap().len());
    let table = tree.run(&["scan", "export", "--format", "table"]).stdout;
    assert!(table.matches("email").count() >= 5, "{table}");
}

#[test]
fn the_demo_legacy_import_is_kept_past_the_promise_to_destroy_accidental_data() {
    let run = run_in(&repo_root(), &["inventory", "corpora/demo", "--policy", POLICY, "--format", "json"]);
    let doc = json(&run);
    let entry = |field: &str| {
        doc["entries"].as_array().unwrap().iter().find(|e| e["field"] == field).unwrap_or_else(|| panic!("{field}"))
    };
    for (field, rows) in [("nas", 28), ("date_naissance", 25)] {
        let kept = &entry(field)["retention"];
        assert_eq!(kept["rows"], rows, "{field}");
        assert_eq!(kept["oldest"], "2019-08-12", "imported_at of the 2019 migration");
        assert_eq!(kept["purposes"], serde_json::json!(["accidental"]));
        assert!(kept["words"].as_str().unwrap().contains("collected accidentally"));
        assert_eq!(entry(field)["status"], "over_retention", "kept past the promise to destroy accidental data");
        assert!(entry(field)["reason"].as_str().unwrap().contains("no purpose of the policy declares"));
        assert_eq!(entry(field)["declared_by"], serde_json::json!([]));
    }
    // With the students' health numbers and the monthly donors' bank accounts.
    assert_eq!(doc["summary"]["kept_too_long"], 4);
    assert_eq!((doc["summary"]["over_retention"].as_u64(), doc["summary"]["undeclared"].as_u64()), (Some(4), Some(3)));
    for (field, category) in [("no_assurance_maladie", "health_number"), ("no_compte", "bank_account")] {
        assert_eq!(
            (entry(field)["category"].as_str(), entry(field)["status"].as_str()),
            (Some(category), Some("over_retention"))
        );
        assert_eq!(entry(field)["severity"], "high", "{field}: a sensitive class");
    }
    // Severity follows the category's class and the subjects' age.
    assert_eq!(entry("date_naissance")["severity"], "high", "students' birth dates: minors");
    assert_eq!(entry("date_naissance")["minors"], true);
    let card = doc["entries"].as_array().unwrap().iter().find(|e| e["category"] == "credit_card").unwrap();
    assert_eq!((card["severity"].as_str(), card["sensitivity"].as_str()), (Some("high"), Some("financial")));
    let markdown = run_in(&repo_root(), &["inventory", "corpora/demo", "--policy", POLICY]).stdout;
    assert!(markdown.contains("## Kept too long"), "{markdown}");
}

#[test]
fn the_register_is_written_from_the_inventory_in_every_format() {
    let tree = Tree::new();
    let inventory = tree.path().join("inventory.json");
    let made = run_in(
        &repo_root(),
        &["inventory", "corpora/demo", "--policy", POLICY, "--format", "json", "-o", inventory.to_str().unwrap()],
    );
    assert_eq!(made.code, 1, "{}", made.stderr);
    let file = inventory.to_str().unwrap();
    for (format, name) in [
        ("markdown", "demo-register.md"),
        ("csv", "demo-register.csv"),
        ("html", "demo-register.html"),
        ("json", "demo-register.json"),
        ("fides-dataset", "demo-fides-dataset.json"),
    ] {
        let run = tree.run(&["register", file, "--format", format]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        snapshot(name, &run.stdout);
    }
    let csv = tree.run(&["register", file, "--format", "csv"]).stdout;
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "system.name", "fides datamap columns first");
    assert!(header.iter().any(|h| h == "system.privacy_declaration.data_subjects.name"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Semicolons for a spreadsheet set to French (Canada): the same rows.
    let semicolons = tree.run(&["register", file, "--format", "csv", "--csv-delimiter", ";"]).stdout;
    let mut reader =
        csv::ReaderBuilder::new().delimiter(b';').from_reader(semicolons.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(reader.headers().unwrap(), &header);
    assert_eq!(reader.records().map(Result::unwrap).collect::<Vec<_>>(), rows);
    assert_ne!(semicolons, csv, "the separator changed");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let sin = rows.iter().find(|r| &r[column("piimap.category")] == "sin").unwrap();
    assert_eq!((&sin[column("piimap.found")], &sin[column("piimap.kept_too_long")]), ("undeclared", "28"));
    let emails = rows
        .iter()
        .find(|r| &r[column("piimap.purpose")] == "registration" && &r[column("piimap.category")] == "email")
        .unwrap();
    assert_eq!(&emails[column("piimap.found")], "found");
    assert!(emails[column("system.privacy_declaration.data_subjects.name")].contains("students"));
    let french = tree.run(&["register", file, "--lang", "fr"]).stdout;
    assert!(french.starts_with("# Registre des traitements — Alloprof"), "{french}");
    let dataset: serde_json::Value =
        serde_json::from_str(&tree.run(&["register", file, "--format", "fides-dataset"]).stdout).unwrap();
    let collections = dataset["dataset"][0]["collections"].as_array().unwrap();
    let legacy = collections.iter().find(|c| c["name"] == "legacy_import").unwrap();
    let nas = legacy["fields"].as_array().unwrap().iter().find(|f| f["name"] == "nas").unwrap();
    assert_eq!(nas["data_categories"], serde_json::json!(["user.government_id.national_identification_number"]));
    for format in ["markdown", "csv", "html", "json", "fides-dataset"] {
        let out = tree.run(&["register", file, "--format", format]).stdout;
        assert!(!out.contains("463 040 394") && !out.contains("463040394"), "{format}: no raw value");
    }
}

/// Data no purpose declares, in rows dated past the promise to destroy data
/// collected by accident, is kept too long; undated it is undeclared; both
/// fail `--fail-on undeclared`.
#[test]
fn accidental_data_is_kept_too_long_when_dated_and_still_fails_on_undeclared() {
    let policy = format!(
        "{ACCOUNTS_POLICY}\n[accidental]\nkeep = \"P0D\"\nquote = \"Data collected by accident is destroyed at once.\"\n"
    );
    for (csv, status) in
        [("id,nas,created_at\n1,130 692 544,2019-08-12\n", "over_retention"), ("id,nas\n1,130 692 544\n", "undeclared")]
    {
        let tree = Tree::new();
        tree.file("policy.toml", &policy);
        tree.file("legacy.csv", csv);
        let run = tree.run(&[
            "inventory",
            "legacy.csv",
            "--policy",
            "policy.toml",
            "--format",
            "json",
            "--fail-on",
            "undeclared",
        ]);
        assert_eq!(run.code, 1, "{status}: {}", run.stderr);
        let doc = json(&run);
        let sin = doc["entries"].as_array().unwrap().iter().find(|e| e["category"] == "sin").unwrap();
        assert_eq!((sin["status"].as_str(), sin["severity"].as_str()), (Some(status), Some("high")), "{sin}");
        assert!(sin["reason"].as_str().unwrap().contains("no purpose of the policy declares"), "{sin}");
    }
}
