use crate::util::{json_lines, repo_root, run_in, Tree, IDENTIFIERS, KEY};
use std::os::unix::fs::PermissionsExt;

const SIN: &str = "130 692 544";
const EMAIL: &str = "jean.tremblay@exemple.qc.ca";
const PHONE: &str = "(418) 549-6754";

fn tree_with_pii() -> Tree {
    let tree = Tree::new();
    tree.file("notes.txt", format!("Client: {EMAIL}\nTéléphone : {PHONE}\nNAS: {SIN}\n"));
    tree.file("clean.txt", "nothing personal here, version 1.2.3, order 123456789\n");
    tree
}

#[test]
fn exit_codes() {
    let tree = tree_with_pii();
    assert_eq!(tree.run(&["scan", "clean.txt"]).code, 0, "nothing found");
    let found = tree.run(&["scan", "."]);
    assert_eq!(found.code, 1, "findings: {}", found.stderr);
    let missing = tree.run(&["scan", "does-not-exist"]);
    assert_eq!(missing.code, 2, "nothing could be scanned");
    assert!(missing.stderr.contains("does-not-exist: no such file or directory"), "{}", missing.stderr);
    assert_eq!(tree.run(&["scan", "--min-confidence", "sure"]).code, 2, "usage error");
    assert_eq!(tree.run(&["frobnicate"]).code, 2, "unknown subcommand");
    let empty = Tree::new();
    assert_eq!(empty.run(&["scan"]).code, 0, "an empty directory is a clean scan");
}

#[test]
fn unreadable_file_is_reported_and_the_scan_goes_on() {
    let tree = tree_with_pii();
    // /proc/self/mem is a regular file that fails to read at offset 0 (EIO), even for root,
    // so this test also holds in CI where chmod 000 would not stop root.
    let run = tree.run(&["scan", "notes.txt", "/proc/self/mem", "--format", "json"]);
    assert_eq!(run.code, 1, "findings from the readable file still count: {}", run.stderr);
    assert!(run.stderr.contains("/proc/self/mem: "), "error names the file: {}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["errors"][0]["path"], "/proc/self/mem");
    assert_eq!(doc["summary"]["findings"], 3);
    let strict = tree.run(&["scan", "notes.txt", "/proc/self/mem", "--strict", "--format", "jsonl"]);
    assert_eq!(strict.code, 2, "--strict makes read errors fatal");
}

#[test]
fn permission_denied_is_reported_when_not_root() {
    let tree = tree_with_pii();
    let locked = tree.file("locked/secret.txt", format!("NAS {SIN}\n"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = std::fs::read(&locked).is_ok(); // root ignores permissions
    let run = tree.run(&["scan", ".", "--format", "json"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    if readable_anyway {
        assert_eq!(doc["summary"]["errors"], 0);
    } else {
        assert_eq!(doc["errors"][0]["reason"], "permission denied", "{}", run.stdout);
        assert!(run.stderr.contains("secret.txt: permission denied"));
    }
    assert!(doc["summary"]["files_scanned"].as_u64().unwrap() >= 2);
}

#[test]
fn jsonl_schema_and_masking() {
    let tree = tree_with_pii();
    let run = tree.run(&["scan", "notes.txt", "--format", "jsonl"]);
    let findings = json_lines(&run.stdout);
    let summary: Vec<_> =
        findings.iter().map(|f| (f["category"].as_str().unwrap(), f["line"].as_u64().unwrap())).collect();
    assert_eq!(summary, [("email", 1), ("phone", 2), ("sin", 3)]);
    let sin = &findings[2];
    for field in ["category", "rule", "path", "line", "column", "start", "end", "confidence", "masked", "fingerprint"] {
        assert!(sin.get(field).is_some(), "missing {field} in {sin}");
    }
    assert_eq!(sin["path"], "notes.txt", "relative path as given");
    assert_eq!(sin["masked"], "*** *** 544");
    assert_eq!(sin["confidence"], "high", "NAS keyword raises it");
    assert_eq!(sin["context"], "nas");
    assert_eq!(sin["rule"], "sin-formatted");
    let text = std::fs::read(tree.path().join("notes.txt")).unwrap();
    let (start, end) = (sin["start"].as_u64().unwrap() as usize, sin["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], SIN.as_bytes(), "byte offsets point at the value");
    assert_eq!(sin["column"], 6);
    assert!(sin.get("value").is_none());
    assert_eq!(findings[0]["masked"], "j***@e*****.ca");
    assert_eq!(findings[1]["masked"], "***-***-6754");
}

#[test]
fn raw_values_only_with_reveal() {
    let tree = tree_with_pii();
    // The same values in structured files, and in damaged ones whose errors are reported.
    tree.file("export.csv", format!("courriel,telephone,nas\n{EMAIL},4185496754,130692544\n{EMAIL},x\n"));
    tree.file("broken.ndjson", format!("{{\"email\": \"{EMAIL}\", \"nas\": \"{SIN}\"\n{{\"nas\": {SIN}}}\n"));
    tree.file("broken.json", format!("[{{\"telephone\": \"{PHONE}\"}}, {{\"nas\": \"{SIN}\" \"x\"}}]"));
    // A headerless export, a note that looks like CSV, a chat log that looks like JSON,
    // and names holding values: a file name, JSON keys, a table name.
    tree.file("headerless.csv", format!("{SIN},{EMAIL},{PHONE}\n046 454 286,marie@exemple.ca,514-555-0199\n"));
    tree.file("note.txt", format!("Salut, {EMAIL}, bien\nNAS, {SIN}, merci\n"));
    tree.file("chat", format!("[20:10:36] Paul: {EMAIL}\n[20:11:00] Marie: {PHONE}\n"));
    tree.file(&format!("requests/{EMAIL}.csv"), "id,note\n1,hello\n");
    tree.file("keys.json", format!("{{\"{PHONE}\": {{\"nom\": \"x\"}}, \"{SIN}\": 1}}"));
    tree.file("tables.sql", format!("INSERT INTO `{EMAIL}` (id) VALUES (1);\n"));
    tree.file(
        "policy.toml",
        "schema = \"piimap.policy/1\"\n[organization]\nname = \"Org\"\n[policy]\ntitle = \"P\"\n\
         [[purposes]]\nid = \"a\"\nname = \"A\"\nquote = \"We collect emails.\"\ncategories = [\"email\"]\n",
    );
    let mut runs = Vec::new();
    for format in ["jsonl", "json", "table", "sarif"] {
        runs.push((format!("scan {format}"), tree.run(&["scan", ".", "--format", format, "-g", "!policy.toml"])));
    }
    for format in ["json", "markdown", "csv", "html"] {
        let run = tree.run(&["inventory", ".", "--policy", "policy.toml", "--format", format, "-g", "!policy.toml"]);
        runs.push((format!("inventory {format}"), run));
    }
    for (what, run) in &runs {
        assert!(run.stderr.contains("broken.ndjson"), "{what}: the damaged file is reported: {}", run.stderr);
        assert!(!run.stdout.contains("046 454 286") && !run.stdout.contains("marie@"), "{what}: a first row as names");
        // SARIF's rule descriptions quote documentation examples (one is PHONE): only results count.
        let stdout = if what == "scan sarif" {
            let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            format!("{}{}", sarif["runs"][0]["results"], sarif["runs"][0]["invocations"])
        } else {
            run.stdout.clone()
        };
        for value in [SIN, EMAIL, PHONE, "130692544", "4185496754", "tremblay@", "514-555-0199"] {
            assert!(!stdout.contains(value), "{what} leaked {value}");
            assert!(!run.stderr.contains(value), "{what} stderr leaked {value}");
        }
    }
    // Nothing is lost on the way: the first row of the headerless export, the note and the chat log.
    let findings = json_lines(&runs[0].1.stdout);
    let found = |path: &str, line: u64| findings.iter().any(|f| f["path"] == path && f["line"] == line);
    assert!(found("./headerless.csv", 1) && found("./note.txt", 1) && found("./note.txt", 2) && found("./chat", 2));
    let revealed = json_lines(&tree.run(&["scan", "notes.txt", "--format", "jsonl", "--reveal"]).stdout);
    let values: Vec<_> = revealed.iter().map(|f| f["value"].as_str().unwrap()).collect();
    assert_eq!(values, [EMAIL, PHONE, SIN]);
}

#[test]
fn fingerprints_are_keyed_and_stable() {
    let tree = tree_with_pii();
    tree.file("again.txt", "sin: 130-692-544\n");
    let findings = json_lines(&tree.run(&["scan", ".", "--format", "jsonl"]).stdout);
    let sins: Vec<_> = findings.iter().filter(|f| f["category"] == "sin").map(|f| f["fingerprint"].clone()).collect();
    assert_eq!(sins.len(), 2);
    assert_eq!(sins[0], sins[1], "same SIN, different formatting, same fingerprint");
    // A bank account on a cheque (transit-institution-account) and in the
    // electronic order (0, institution, transit; then the account) is one account.
    tree.file("bank.txt", "compte bancaire 30012-815-0451236\nEFT deposit 081530012 0451236\n");
    let bank = json_lines(&tree.run(&["scan", "bank.txt", "--format", "jsonl"]).stdout);
    let accounts: Vec<_> = bank.iter().filter(|f| f["category"] == "bank_account").map(|f| &f["fingerprint"]).collect();
    assert_eq!(accounts.len(), 2, "{bank:?}");
    assert_eq!(accounts[0], accounts[1], "one account in two orders, one fingerprint");
    let other_key = crate::util::piimap()
        .current_dir(tree.path())
        .env("PIIMAP_FINGERPRINT_KEY", format!("{KEY}-other"))
        .args(["scan", "again.txt", "--format", "jsonl"])
        .output()
        .unwrap();
    let other = json_lines(&String::from_utf8(other_key.stdout).unwrap());
    assert_ne!(other[0]["fingerprint"], sins[0], "the key changes the fingerprint");
}

#[test]
fn json_document_has_findings_summary_and_errors() {
    let tree = tree_with_pii();
    let run = tree.run(&["scan", ".", "nope.txt", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(doc["schema"], "piimap.scan/1");
    assert_eq!(doc["findings"].as_array().unwrap().len(), 3);
    let summary = &doc["summary"];
    assert_eq!(summary["files_scanned"], 2);
    assert_eq!(summary["files_with_findings"], 1);
    assert_eq!(summary["findings"], 3);
    assert_eq!(summary["by_category"]["sin"], 1);
    assert_eq!(summary["fingerprint_key"], "env");
    assert_eq!(doc["errors"][0]["path"], "nope.txt");
    let empty = Tree::new();
    let doc: serde_json::Value = serde_json::from_str(&empty.run(&["scan", "--format", "json"]).stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "valid JSON with no findings");
}

#[test]
fn table_summarizes_with_masked_examples() {
    let tree = tree_with_pii();
    let run = tree.run(&["scan", ".", "--format", "table"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("2 files scanned"), "{}", run.stdout);
    for expected in ["email", "phone", "sin", "j***@e*****.ca", "*** *** 544", "notes.txt"] {
        assert!(run.stdout.contains(expected), "table lacks {expected}:\n{}", run.stdout);
    }
}

#[test]
fn min_confidence_filters_and_counts() {
    let tree = Tree::new();
    tree.file("a.txt", "sample SIN 046 454 286\nphone 418-549-6754\nip 127.0.0.1\n");
    let default = json_lines(&tree.run(&["scan", ".", "--format", "jsonl"]).stdout);
    assert_eq!(default.len(), 1, "the 0-prefixed SIN and loopback IP are low: {default:?}");
    let low = json_lines(&tree.run(&["scan", ".", "--format", "jsonl", "--min-confidence", "low"]).stdout);
    assert_eq!(low.len(), 3);
    assert!(low.iter().filter(|f| f["category"] != "phone").all(|f| f["confidence"] == "low"));
    let high = tree.run(&["scan", ".", "--format", "json", "--min-confidence", "high"]);
    let doc: serde_json::Value = serde_json::from_str(&high.stdout).unwrap();
    assert_eq!(doc["summary"]["findings"], 1, "phone with keyword is high");
    assert_eq!(doc["summary"]["below_threshold"], 2);
}

#[test]
fn binary_files_are_skipped_and_counted() {
    let tree = Tree::new();
    tree.file("data.bin", b"\x00\x01\x02 NAS 130 692 544 \x00");
    tree.file("text.txt", "NAS 130 692 544\n");
    let run = tree.run(&["scan", ".", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["summary"]["files_skipped_binary"], 1);
    assert_eq!(doc["summary"]["files_scanned"], 1);
    assert_eq!(doc["findings"][0]["path"], "./text.txt", "as walked from the given root");
    // Naming a file asks for it: scanned even though it looks binary (as ripgrep does).
    let named = json_lines(&tree.run(&["scan", "data.bin", "--format", "jsonl"]).stdout);
    assert_eq!(named.len(), 1);
}

#[test]
fn invalid_utf8_and_latin1_text_are_scanned() {
    let tree = Tree::new();
    let mut content = b"\xff\xfe\xc3\x28 garbage \x80\x81\n".to_vec();
    let offset = content.len() + b"T\xe9l\xe9phone : ".len();
    content.extend_from_slice(b"T\xe9l\xe9phone : 4185496754 \xe9\n");
    tree.file("latin1.txt", &content);
    let findings = json_lines(&tree.run(&["scan", ".", "--format", "jsonl"]).stdout);
    assert_eq!(findings.len(), 1, "bare digits found thanks to the Latin-1 keyword: {findings:?}");
    assert_eq!(findings[0]["start"], offset as u64);
    assert_eq!(findings[0]["line"], 2);
    assert_eq!(findings[0]["context"], "téléphone");
}

#[test]
fn output_file_is_owner_only() {
    let tree = tree_with_pii();
    let run = tree.run(&["scan", "notes.txt", "--output", "report.jsonl", "--format", "jsonl"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let report = tree.path().join("report.jsonl");
    assert_eq!(json_lines(&std::fs::read_to_string(&report).unwrap()).len(), 3);
    let mode = std::fs::metadata(&report).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn walking_honours_ignore_files_hidden_and_globs() {
    let tree = Tree::new();
    tree.file("kept.txt", "NAS 130 692 544\n");
    tree.file("skipped.log", "NAS 130 692 544\n");
    tree.file(".ignore", "*.log\n");
    tree.file(".hidden/secret.txt", "NAS 130 692 544\n");
    tree.file("sub/data.md", "NAS 130 692 544\n");
    let paths = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["scan", "--format", "jsonl"];
        all.extend_from_slice(args);
        let mut paths: Vec<String> =
            json_lines(&tree.run(&all).stdout).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
        paths.sort();
        paths
    };
    assert_eq!(paths(&[]), ["kept.txt", "sub/data.md"], "no ./ prefix when no path is given");
    assert_eq!(paths(&["--hidden"]), [".hidden/secret.txt", "kept.txt", "sub/data.md"]);
    assert_eq!(paths(&["--no-ignore"]), ["kept.txt", "skipped.log", "sub/data.md"]);
    assert_eq!(paths(&["-g", "*.md"]), ["sub/data.md"]);
    assert_eq!(paths(&["-g", "!*.md"]), ["kept.txt"]);
    assert_eq!(paths(&["--max-filesize", "10"]), Vec::<String>::new());
    assert_eq!(paths(&["./sub"]), ["./sub/data.md"], "paths as walked from the given root");
}

#[test]
fn broken_pipe_is_quiet() {
    let tree = Tree::new();
    let many: String = (0..20000).map(|i| format!("user{i}@example.com\n")).collect();
    tree.file("many.txt", many);
    let mut child = crate::util::piimap()
        .current_dir(tree.path())
        .args(["scan", ".", "--format", "jsonl"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once
    let output = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"), "no panic on a closed pipe");
    assert_ne!(output.status.code(), None, "exited, not killed by SIGPIPE");
}

#[test]
fn help_lists_the_main_flags() {
    let run = run_in(std::path::Path::new("."), &["scan", "--help"]);
    for flag in ["--format", "--reveal", "--min-confidence", "--rules", "--no-ignore", "--strict", "--output"] {
        assert!(run.stdout.contains(flag), "help lacks {flag}");
    }
}

#[test]
fn content_is_sniffed_when_the_name_says_nothing_and_as_overrides_it() {
    let tree = Tree::new();
    // Really CSV, named .txt: read as a table, the bare number is in a `telephone` column.
    tree.file("export.txt", "id;telephone\n1;4185496754\n");
    let findings = json_lines(&tree.run(&["scan", "export.txt", "--format", "jsonl"]).stdout);
    assert_eq!(findings.len(), 1);
    assert_eq!((findings[0]["field"].as_str(), findings[0]["row"].as_u64()), (Some("telephone"), Some(0)));
    // As text the bare number has no keyword on its line.
    assert_eq!(tree.run(&["scan", "export.txt", "--format", "jsonl", "--as", "text"]).code, 0);
    // A pg_dump without an extension; a JSON array named .dat.
    let dump = std::fs::read_to_string(repo_root().join("corpora/structured/pg/export.sql")).unwrap();
    tree.file("nightly", &dump);
    tree.file("users.dat", "[\n {\"courriel\": \"a@exemple.ca\"}\n]\n");
    let findings = json_lines(&tree.run(&["scan", "nightly", "users.dat", "--format", "jsonl"]).stdout);
    let tables: std::collections::BTreeSet<&str> = findings.iter().map(|f| f["table"].as_str().unwrap()).collect();
    assert_eq!(tables, ["legacy_import", "sessions", "users"].into_iter().collect());
    // A log full of commas stays a log: only names that say nothing are sniffed.
    tree.file("app.log", "a,b\nc,d\nmail bob@example.com,x\n");
    let findings = json_lines(&tree.run(&["scan", "app.log", "--format", "jsonl"]).stdout);
    assert_eq!(findings[0]["line"], 3);
    assert!(findings[0].get("field").is_none());
    assert_eq!(tree.run(&["scan", "export.txt", "--as", "xml"]).code, 2, "unknown formats are usage errors");
}

#[test]
fn utf16_text_with_a_bom_is_decoded_not_skipped_as_binary() {
    let tree = Tree::new();
    let utf16 = |text: &str, big_endian: bool| {
        let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        bytes
    };
    tree.file("export-le.txt", utf16("Rapport — été\r\nCourriel : jean@exemple.qc.ca\r\n", false));
    tree.file("export-be.txt", utf16("x\nNAS 130 692 544\n", true));
    // Over one chunk (8 MiB): planned as one streamed job, not split into binary-looking chunks.
    let mut big = "ligne sans donnée personnelle\n".repeat(160_000);
    big.push_str("téléphone 418-549-6754\n");
    tree.file("big.txt", utf16(&big, false));
    let run = tree.run(&["scan", "--format", "jsonl"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = json_lines(&run.stdout);
    let found: Vec<(&str, &str, u64)> = findings
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["category"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, [("big.txt", "phone", 160_001), ("export-be.txt", "sin", 2), ("export-le.txt", "email", 2)]);
    assert!(run.stderr.contains("0 binary skipped"), "{}", run.stderr);
}

#[test]
fn resource_limits_have_flags_and_say_when_they_bite() {
    let tree = Tree::new();
    let long = "x".repeat(300);
    tree.file("events.ndjson", format!("{{\"note\":\"{long}\"}}\n{{\"email\":\"{EMAIL}\"}}\n"));
    tree.file("deep.json", format!("[{}\"{EMAIL}\"{}]", "{\"a\":".repeat(10), "}".repeat(10)));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, "a".repeat(200_000).as_bytes()).unwrap();
    tree.file("bomb.log.gz", gz.finish().unwrap());
    let parquet = std::fs::read(repo_root().join("corpora/structured/parquet/users.parquet")).unwrap();
    tree.file("users.parquet", parquet);
    let run = tree.run(&[
        "scan",
        ".",
        "--format",
        "jsonl",
        "--max-record-size",
        "200",
        "--max-json-depth",
        "4",
        "--max-decompressed",
        "100K",
        "--max-row-group",
        "1K",
    ]);
    assert!(run.stderr.contains("events.ndjson: line 1: longer than --max-record-size (200 bytes)"), "{}", run.stderr);
    assert!(
        run.stderr.contains("deep.json: row 0 (line 1): invalid JSON: nested deeper than --max-json-depth (4 levels)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("bomb.log.gz: ") && run.stderr.contains("--max-decompressed 102400"), "{}", run.stderr);
    assert!(
        run.stderr.contains("users.parquet: row group 0 (rows 0..16): ")
            && run.stderr.contains("over --max-row-group (1024)"),
        "{}",
        run.stderr
    );
    // What the limits did not stop is still read: the second NDJSON line.
    let findings = json_lines(&run.stdout);
    assert_eq!(findings.iter().filter(|f| f["path"].as_str().unwrap().ends_with("events.ndjson")).count(), 1);
    // With the defaults nothing bites.
    let run = tree.run(&["scan", ".", "--format", "jsonl"]);
    assert!(!run.stderr.contains("--max-"), "{}", run.stderr);
}

/// The seven identifiers of issue 20 (cards, health numbers, licences,
/// passports, bank accounts, business numbers, dates of birth): every value
/// `--reveal` shows on the labelled corpus is absent, whole and normalized,
/// from every report without it, where the masks show at most what the
/// README documents.
#[test]
fn identifiers_are_masked_in_every_report() {
    let root = repo_root();
    let corpus = "corpora/identifiers";
    let revealed = json_lines(&run_in(&root, &["scan", corpus, "--format", "jsonl", "--reveal"]).stdout);
    let new_categories = IDENTIFIERS;
    let mut values: Vec<(String, String)> = Vec::new();
    for finding in &revealed {
        let category = finding["category"].as_str().unwrap();
        if new_categories.contains(&category) {
            let value = finding["value"].as_str().unwrap().to_string();
            let digits: String = value.chars().filter(char::is_ascii_alphanumeric).collect();
            values.push((category.to_string(), value));
            values.push((category.to_string(), digits));
        }
    }
    for category in new_categories {
        assert!(values.iter().filter(|(c, _)| c == category).count() >= 100, "{category}: too few values");
    }
    let policy = "rules/policies/proassistance.toml";
    let mut runs = Vec::new();
    for format in ["jsonl", "json", "table", "sarif"] {
        runs.push((format!("scan {format}"), run_in(&root, &["scan", corpus, "--format", format])));
    }
    let tree = Tree::new();
    for format in ["json", "markdown", "csv", "html"] {
        for lang in ["en", "fr"] {
            runs.push((
                format!("inventory {format} {lang}"),
                run_in(&root, &["inventory", corpus, "--policy", policy, "--format", format, "--lang", lang]),
            ));
        }
    }
    // A diff against an inventory of nothing: every entry is new, in every format.
    let empty = tree.file("empty/note.txt", "nothing here\n");
    let old = tree.path().join("old.json");
    let new = tree.path().join("new.json");
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let made = |target: &str, out: &str| {
        run_in(&root, &["inventory", target, "--policy", policy, "--format", "json", "-o", out])
    };
    made(empty.parent().unwrap().to_str().unwrap(), old);
    made(corpus, new);
    for format in ["json", "markdown", "csv", "html"] {
        runs.push((format!("diff {format}"), run_in(&root, &["diff", old, new, "--format", format])));
    }
    for (what, run) in &runs {
        assert!(run.code == 1, "{what}: {}", run.stderr);
        let output = format!("{}{}", run.stdout, run.stderr);
        for (category, value) in &values {
            // Dates of birth are short enough to appear as other text (a year): test the whole spelling only.
            let spelled_out = category != "date_of_birth" || value.contains(['-', '/', '.', ' ']);
            if value.len() >= 8 && spelled_out {
                assert!(!output.contains(value.as_str()), "{what} leaked a {category}: {value}");
            }
        }
    }
    // The masks, as documented.
    let findings = json_lines(&runs[0].1.stdout);
    let masked = |category: &str| {
        findings.iter().find(|f| f["category"] == category).map(|f| f["masked"].as_str().unwrap().to_string()).unwrap()
    };
    assert!(masked("credit_card").starts_with("**** **** **** "));
    assert!(masked("date_of_birth").ends_with("*-**-**"));
    for category in ["health_number", "drivers_license", "passport", "bank_account", "business_number"] {
        assert!(masked(category).starts_with("****"), "{category}: {}", masked(category));
    }
}
