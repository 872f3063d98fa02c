//! Issue 13, trust: every file read for what it is, every value found once at
//! its own place, and no raw value printed. One regression test per case the
//! issue reproduced, with exact expectations.

use crate::util::{git, json_lines, run_in, Tree};

const SIN: &str = "130 692 544";
const EMAIL: &str = "jean@exemple.ca";
const PHONE: &str = "418-549-6754";

/// (category, field, line, column) of each finding.
fn places(findings: &[serde_json::Value]) -> Vec<(String, String, u64, u64)> {
    findings
        .iter()
        .map(|f| {
            (
                f["category"].as_str().unwrap().to_string(),
                f["field"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn owned(rows: &[(&str, &str, u64, u64)]) -> Vec<(String, String, u64, u64)> {
    rows.iter().map(|(c, f, l, k)| (c.to_string(), f.to_string(), *l, *k)).collect()
}

#[test]
fn r13_headerless_csv_keeps_its_first_row_as_data() {
    let tree = Tree::new();
    tree.file("export.csv", format!("{SIN},{EMAIL},{PHONE}\n046 454 286,marie@exemple.ca,514-555-0199\n"));
    let run = tree.run(&["scan", "export.csv", "--format", "jsonl"]);
    let findings = json_lines(&run.stdout);
    assert_eq!(
        places(&findings),
        owned(&[
            ("sin", "column_1", 1, 1),
            ("email", "column_2", 1, 13),
            ("phone", "column_3", 1, 29),
            ("email", "column_2", 2, 13),
            ("phone", "column_3", 2, 30),
        ])
    );
    for value in [SIN, EMAIL, PHONE, "jean@"] {
        assert!(!run.stdout.contains(value) && !run.stderr.contains(value), "{value} printed");
    }
    // `--header yes` takes the first row for names anyway: they are masked and reported as names.
    let forced = tree.run(&["scan", "export.csv", "--format", "jsonl", "--header", "yes"]);
    let findings = json_lines(&forced.stdout);
    assert!(!forced.stdout.contains(EMAIL) && !forced.stdout.contains(PHONE), "{}", forced.stdout);
    let in_names: Vec<_> = findings.iter().filter(|f| f["in_name"] == "field").collect();
    assert_eq!(in_names.len(), 3, "the three names holding values are findings: {}", forced.stdout);
    assert!(findings.iter().any(|f| f["field"] == "j***@e*****.ca" && f.get("in_name").is_none()));
}

#[test]
fn r13_a_short_note_with_commas_is_text() {
    let tree = Tree::new();
    tree.file("note.txt", format!("Salut, ça va, bien\nMon NAS est {SIN}, oui, merci\n"));
    let findings = json_lines(&tree.run(&["scan", "note.txt", "--format", "jsonl"]).stdout);
    assert_eq!(places(&findings), owned(&[("sin", "", 2, 13)]));
    assert_eq!(findings[0]["context"], "nas");
}

#[test]
fn r13_a_file_that_fails_as_its_sniffed_format_is_read_as_text() {
    let tree = Tree::new();
    // Starts like JSON; is a chat log.
    tree.file("chat.txt", format!("[20:10:36] Paul: mon courriel est {EMAIL}\n[20:11:00] Marie: ok {PHONE}\n"));
    let run = tree.run(&["scan", "chat.txt", "--format", "jsonl"]);
    assert_eq!(places(&json_lines(&run.stdout)), owned(&[("email", "", 1, 35), ("phone", "", 2, 22)]));
    // Sniffed as NDJSON by its first lines, broken further down: the first lines
    // are read as JSON, the file is then read as text, nothing is lost or doubled.
    let mut ndjson = String::new();
    for i in 0..5 {
        ndjson += &format!("{{\"id\": {i}}}\n");
    }
    ndjson += &format!("{{\"email\": \"{EMAIL}\"\n");
    tree.file("events", &ndjson);
    let run = tree.run(&["scan", "events", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(places(findings), owned(&[("email", "", 6, 12)]));
    assert!(run.stderr.contains("events: note: ") || run.stderr.contains("note: events"), "{}", run.stderr);
    assert!(run.stderr.contains("read as text"), "{}", run.stderr);
    assert_eq!(doc["summary"]["files_read_as_text"], 1);
}

#[test]
fn r13_values_carry_their_own_line_and_column() {
    let tree = Tree::new();
    tree.file("crlf.csv", format!("name,email\r\nA,{EMAIL}\r\nB,b@exemple.ca\r\n"));
    tree.file("multi.csv", format!("name,notes\n\"A\",\"line one\nline two {EMAIL}\"\nB,b@exemple.ca\n"));
    tree.file(
        "dump.sql",
        format!(
            "INSERT INTO public.t (id, note, email) VALUES (1, 'two\nlines', '{EMAIL}');\n\
             INSERT INTO public.t (id, note, email) VALUES (2, 'x', 'b@exemple.ca');\n"
        ),
    );
    tree.file("events.ndjson", format!("{{\"id\": 1, \"email\": \"{EMAIL}\"}}\n  {{\"email\": \"b@exemple.ca\"}}\n"));
    let findings = json_lines(&tree.run(&["scan", ".", "--format", "jsonl"]).stdout);
    assert_eq!(
        places(&findings),
        owned(&[
            ("email", "email", 2, 3),
            ("email", "email", 3, 3),
            ("email", "email", 2, 10),
            ("email", "email", 3, 57),
            ("email", "email", 1, 21),
            ("email", "email", 2, 14),
            ("email", "notes", 3, 10),
            ("email", "notes", 4, 3),
        ])
    );
}

/// Every finding of every text-based structured format, however the value is
/// quoted or escaped: its `start`/`end` are the value's bytes and its
/// `line`/`column` are where `start` is.
#[test]
fn r13_every_structured_finding_lands_on_its_value() {
    let tree = Tree::new();
    let mut csv = String::from("\u{feff}id,notes,courriel,telephone\r\n");
    let mut ndjson = String::new();
    let mut json = String::from("[\n");
    let mut pg = String::from("CREATE TABLE public.u (\n    id integer,\n    note text,\n    courriel text\n);\n\n");
    let mut copy = String::from("COPY public.c (id, note, courriel) FROM stdin;\n");
    let mut mysql = String::from("-- MySQL dump 10.13\nINSERT INTO `m` (`id`, `note`, `tel`) VALUES ");
    for i in 0..60 {
        let email = format!("user.{i}@exemple.qc.ca");
        let phone = format!("418-555-{:04}", 1000 + i);
        let note = match i % 4 {
            0 => format!("dit \"\"bonjour\"\"\r\nécrire à {email}"),
            1 => format!("deux\nlignes, {email}"),
            2 => format!("sans guillemets {email}"),
            _ => format!("café « x » {email}"),
        };
        csv += &format!("{i},\"{note}\",{email},{phone}\r\n");
        let json_note = format!("caf\\u00e9 \\\"x\\\" {email}");
        ndjson += &format!("{{\"id\": {i}, \"note\": \"{json_note}\", \"contact\": {{\"tel\": \"{phone}\"}}}}\n");
        json +=
            &format!("  {{\n    \"id\": {i},\n    \"note\": \"{json_note}\"\n  }}{}\n", if i < 59 { "," } else { "" });
        pg += &format!("INSERT INTO public.u VALUES ({i}, 'l''un\nl''autre {email}', '{email}');\n");
        copy += &format!("{i}\tC\\303\\264t\\303\\251\\n{email}\t{email}\n");
        mysql += &format!("({i},'O\\'Brien\\n{email}','{phone}'){}", if i < 59 { ",\n" } else { ";\n" });
    }
    json += "]\n";
    copy += "\\.\n";
    tree.file("export.csv", &csv);
    tree.file("events.ndjson", &ndjson);
    tree.file("doc.json", &json);
    tree.file("pg.sql", format!("{pg}{copy}"));
    tree.file("my.sql", &mysql);
    let run = tree.run(&["scan", ".", "--format", "jsonl", "--reveal"]);
    let findings = json_lines(&run.stdout);
    assert!(findings.len() >= 60 * 9, "{} findings: {}", findings.len(), run.stderr);
    for finding in &findings {
        let path = finding["path"].as_str().unwrap();
        let bytes = std::fs::read(tree.path().join(path)).unwrap();
        let (start, end) = (finding["start"].as_u64().unwrap() as usize, finding["end"].as_u64().unwrap() as usize);
        let raw = String::from_utf8_lossy(&bytes[start..end]).into_owned();
        assert_eq!(raw, finding["value"].as_str().unwrap(), "{finding}");
        let line = bytes[..start].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let line_start = bytes[..start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        assert_eq!(finding["line"], line, "{finding}");
        assert_eq!(finding["column"], (start - line_start + 1) as u64, "{finding}");
    }
}

#[test]
fn r13_hidden_files_are_scanned_and_hidden_directories_are_not() {
    let tree = Tree::new();
    for name in [".env", ".env.production", ".psql_history", ".mysql_history", ".bash_history"] {
        tree.file(name, format!("ADMIN={EMAIL}\n"));
    }
    tree.file(".git/config", format!("email = {EMAIL}\n"));
    tree.file(".cache/x.txt", format!("{EMAIL}\n"));
    tree.file(".gitignore", "ignored.txt\n");
    tree.file("ignored.txt", format!("{EMAIL}\n"));
    let paths = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["scan", "--format", "jsonl"];
        all.extend_from_slice(args);
        let mut paths: Vec<String> =
            json_lines(&tree.run(&all).stdout).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
        paths.sort();
        paths
    };
    assert!(git(tree.path(), &["init", "-q"]).status.success(), "git init");
    assert_eq!(paths(&[]), [".bash_history", ".env", ".env.production", ".mysql_history", ".psql_history"]);
    let hidden = paths(&["--hidden"]);
    assert!(hidden.contains(&".cache/x.txt".to_string()), "{hidden:?}");
    assert!(!hidden.contains(&"ignored.txt".to_string()), "ignore files are still honoured: {hidden:?}");
    let help = tree.run(&["scan", "--help"]).stdout;
    assert!(help.contains("Hidden files (.env"), "{help}");
}

#[test]
fn r13_a_baseline_of_dot_matches_a_staged_scan() {
    let tree = Tree::new();
    let git = |args: &[&str]| assert!(git(tree.path(), args).status.success(), "git {args:?}");
    git(&["init", "-q"]);
    tree.file("notes.txt", format!("NAS {SIN}\n"));
    tree.file("sub/contacts.txt", format!("{EMAIL}\n"));
    git(&["add", "."]);
    assert_eq!(tree.run(&["baseline", "ci/baseline.json", "."]).code, 0);
    let baseline = std::fs::read_to_string(tree.path().join("ci/baseline.json")).unwrap();
    assert!(baseline.contains("\"path\": \"sub/contacts.txt\""), "relative to the repository: {baseline}");
    // Staged, from the root and from a subdirectory; walked with another spelling.
    let staged = tree.run(&["scan", "--staged", "--baseline", "ci/baseline.json", "--format", "jsonl"]);
    assert_eq!((staged.code, staged.stdout.as_str()), (0, ""), "{}", staged.stderr);
    let from_sub = run_in(&tree.path().join("sub"), &["scan", "--staged", "--baseline", "../ci/baseline.json"]);
    assert_eq!(from_sub.code, 0, "{}", from_sub.stderr);
    let absolute = tree.path().join("notes.txt");
    let walked = tree.run(&["scan", absolute.to_str().unwrap(), "./sub", "--baseline", "ci/baseline.json"]);
    assert_eq!(walked.code, 0, "{}", walked.stderr);
    // A new value is still new.
    tree.file("sub/contacts.txt", format!("{EMAIL}\nb@exemple.ca\n"));
    git(&["add", "."]);
    let new = tree.run(&["scan", "--staged", "--baseline", "ci/baseline.json", "--format", "jsonl"]);
    assert_eq!(new.code, 1);
    assert_eq!(json_lines(&new.stdout).len(), 1);
}

#[test]
fn r13_latin1_and_utf16_column_names_are_context() {
    let tree = Tree::new();
    tree.file("latin1.csv", b"T\xe9l\xe9phone;Nom\n4185496754;A\n");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Téléphone\tNom\r\n4185496754\tA\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    tree.file("excel.tsv", &utf16);
    let findings = json_lines(&tree.run(&["scan", "--format", "jsonl"]).stdout);
    let got: Vec<_> = findings.iter().map(|f| (f["path"].as_str().unwrap(), f["field"].as_str().unwrap())).collect();
    assert_eq!(got, [("excel.tsv", "Téléphone"), ("latin1.csv", "Téléphone")]);
    assert!(findings.iter().all(|f| f["context"] == "Téléphone" && f["line"] == 2), "{findings:?}");
}

#[test]
fn r13_names_holding_personal_data_are_masked_and_reported() {
    let tree = Tree::new();
    tree.file(&format!("requests/{EMAIL}.csv"), "id,note\n1,hello\n");
    tree.file("keys.json", format!("{{\"{PHONE}\": {{\"nom\": \"x\"}}, \"{SIN}\": 1}}"));
    tree.file("dump.sql", format!("INSERT INTO `{EMAIL}` (id) VALUES (1);\n"));
    let run = tree.run(&["scan", "--format", "jsonl"]);
    for value in [EMAIL, PHONE, SIN, "jean@"] {
        assert!(!run.stdout.contains(value) && !run.stderr.contains(value), "{value} printed: {}", run.stdout);
    }
    let findings = json_lines(&run.stdout);
    let names: Vec<_> = findings
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["in_name"].as_str().unwrap_or("-"), f["category"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("dump.sql", "table", "email"),
            ("keys.json", "field", "phone"),
            ("keys.json", "field", "sin"),
            ("requests/j***@e*****.ca.csv", "path", "email"),
        ]
    );
}

#[test]
fn r13_a_name_never_leaks_through_another_name() {
    let tree = Tree::new();
    // A file stem cut at its first dot no longer looks like an email; a table
    // named after an email is reported with its first column's name.
    tree.file("requests/paul@exemple.ca.csv", "id,telephone\n1,514-555-0199\n");
    tree.file("jean.tremblay@exemple.ca.csv", "id,telephone\n1,514-555-0188\n");
    tree.file("t.sql", format!("INSERT INTO `{EMAIL}` (`{PHONE}`, `id`) VALUES (2, 1);\n"));
    let policy = crate::util::repo_root().join("rules/policies/alloprof.toml");
    let policy = policy.to_str().unwrap();
    let mut runs = Vec::new();
    for format in ["jsonl", "json", "sarif", "table"] {
        runs.push((format, tree.run(&["scan", "--format", format])));
    }
    for format in ["json", "markdown", "csv", "html"] {
        runs.push((format, tree.run(&["inventory", ".", "--policy", policy, "--format", format])));
    }
    for (format, run) in &runs {
        assert!(run.code == 1, "{format}: {}", run.stderr);
        for value in ["paul@", "tremblay", EMAIL, PHONE, "\"jean\"", "`jean`"] {
            let leaked = run.stdout.contains(value) || run.stderr.contains(value);
            assert!(!leaked, "{format}: {value} printed:\n{}\n{}", run.stdout, run.stderr);
        }
    }
    let findings = json_lines(&runs[0].1.stdout);
    let tables: Vec<_> = findings.iter().filter_map(|f| f["table"].as_str()).collect();
    assert!(tables.contains(&"p***@e*****") && tables.contains(&"j***@e*****"), "{tables:?}");
    let in_table = findings.iter().find(|f| f["in_name"] == "table").expect("the table's name is a finding");
    assert_eq!(
        (in_table["table"].as_str(), in_table["field"].as_str()),
        (Some("j***@e*****.ca"), Some("***-***-6754"))
    );
}

#[test]
fn r13_a_baseline_outside_a_repository_travels_with_its_files() {
    let tree = Tree::new();
    tree.file("a/d/sub/c.txt", format!("NAS {SIN}\n"));
    let first = tree.path().join("a");
    assert_eq!(run_in(&first, &["baseline", "ci/b.json", "."]).code, 0);
    let baseline = std::fs::read_to_string(first.join("ci/b.json")).unwrap();
    assert!(baseline.contains("\"path\": \"../d/sub/c.txt\""), "relative to the baseline's directory: {baseline}");
    // The directory moved (or checked out elsewhere): the baseline still matches.
    let moved = tree.path().join("b");
    std::fs::rename(&first, &moved).unwrap();
    let scan = run_in(&moved, &["scan", ".", "--baseline", "ci/b.json", "--format", "jsonl"]);
    assert_eq!((scan.code, scan.stdout.as_str()), (0, ""), "{}", scan.stderr);
}
