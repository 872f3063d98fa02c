//! Issue 18: reports a Quebec privacy officer can sign. French chosen by flag,
//! policy or locale; the evidence trail (when, which piimap, which policy file
//! and rules, which key); `piimap diff` between two nightly inventories; CSV
//! that French-Canadian spreadsheet software opens; the HTML printed to PDF by
//! a real headless Chromium with every column on the page.

use crate::util::{browser, piimap, repo_root, run_in, Run, Tree, KEY};
use sha2::{Digest, Sha256};
use std::path::Path;

const POLICY: &str = "rules/policies/alloprof.toml";

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr))
}

/// Runs the binary in `cwd` with extra environment variables.
fn run_with(cwd: &Path, env: &[(&str, &str)], remove: &[&str], args: &[&str]) -> Run {
    let mut command = piimap();
    command.current_dir(cwd).args(args).envs(env.iter().copied());
    for name in remove {
        command.env_remove(name);
    }
    let output = command.output().expect("run piimap");
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The demo export copied into `tree` (hidden files included), to change it.
fn copy_demo(tree: &Tree) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    copy(&repo_root().join("corpora/demo"), &tree.path().join("demo"));
    std::fs::copy(repo_root().join(POLICY), tree.path().join("policy.toml")).unwrap();
}

#[test]
fn french_comes_from_the_flag_then_the_policy_then_the_locale() {
    let root = repo_root();
    let fr = run_in(&root, &["inventory", "corpora/demo", "--policy", POLICY, "--lang", "fr"]);
    assert_eq!(fr.code, 1, "{}", fr.stderr);
    for words in [
        "# Inventaire des renseignements personnels",
        "Signalements de collecte excédentaire",
        "| élevée | non déclaré |",
        "Numéro d’assurance sociale (NAS / SIN)",
        "la cartographie des données de l’organisation",
        "Modifier la fin dont relève cet emplacement",
        "## Preuve de production",
    ] {
        assert!(fr.stdout.contains(words), "{words:?} missing:\n{}", fr.stdout);
    }
    // The policy's own words stay in the policy's language.
    assert!(fr.stdout.contains("To secure the user’s account"));
    assert!(!fr.stdout.contains("Over-collection flags") && !fr.stdout.contains("unexpected location"));

    // JSON keeps its machine spellings; only the reasons are in French.
    let doc =
        json(&run_in(&root, &["inventory", "corpora/demo", "--policy", POLICY, "--lang", "fr", "--format", "json"]));
    assert_eq!(doc["lang"], "fr");
    let sin = doc["entries"].as_array().unwrap().iter().find(|e| e["category"] == "sin").unwrap();
    assert_eq!((sin["status"].as_str(), sin["severity"].as_str()), (Some("over_retention"), Some("high")));
    assert!(sin["reason"].as_str().unwrap().contains("identifiant gouvernemental"), "{sin}");

    // A policy written in French makes French reports; the flag overrides it.
    let tree = Tree::new();
    copy_demo(&tree);
    let text = std::fs::read_to_string(tree.path().join("policy.toml")).unwrap();
    tree.file("policy-fr.toml", text.replace("language = \"en\"", "language = \"fr\""));
    tree.file("policy-none.toml", text.replace("language = \"en\"\n", ""));
    let by_policy = tree.run(&["inventory", "demo", "--policy", "policy-fr.toml"]);
    assert!(by_policy.stdout.starts_with("# Inventaire"), "{}", by_policy.stdout);
    let flag = tree.run(&["inventory", "demo", "--policy", "policy-fr.toml", "--lang", "en"]);
    assert!(flag.stdout.starts_with("# Personal-data inventory"));
    // A policy without a language: the locale decides.
    let cwd = tree.path();
    let args = ["inventory", "demo", "--policy", "policy-none.toml"];
    let locale = run_with(cwd, &[("LANG", "fr_CA.UTF-8")], &[], &args);
    assert!(locale.stdout.starts_with("# Inventaire"), "{}", locale.stdout);
    let c = run_with(cwd, &[("LANG", "fr_CA.UTF-8"), ("LC_ALL", "C")], &[], &args);
    assert!(c.stdout.starts_with("# Personal-data inventory"), "LC_ALL wins over LANG");
}

#[test]
fn the_evidence_trail_says_how_the_inventory_was_made() {
    let root = repo_root();
    let args = ["inventory", "corpora/demo", "--policy", POLICY, "--format", "json"];
    let doc = json(&run_in(&root, &args));
    let evidence = &doc["evidence"];
    assert_eq!(evidence["generated_at"], "2025-12-01T00:00:00Z", "SOURCE_DATE_EPOCH fixes the date");
    assert_eq!(evidence["piimap_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(evidence["roots"], serde_json::json!(["corpora/demo"]));
    let policy = std::fs::read(root.join(POLICY)).unwrap();
    let sha: String = Sha256::digest(&policy).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(evidence["policy_sha256"], sha.as_str());
    let rules = evidence["rules_sha256"].as_str().unwrap();
    assert!(rules.len() == 64 && rules.bytes().all(|b| b.is_ascii_hexdigit()), "{rules}");
    let key_id = evidence["fingerprint_key_id"].as_str().unwrap();
    assert_eq!(key_id.len(), 16);
    assert!(!key_id.contains(KEY) && !doc.to_string().contains(KEY), "the key itself is never written");

    // Other rules, another key, no key: each shows.
    let tree = Tree::new();
    tree.file(
        "rules/badge.toml",
        "category = \"employee_badge\"\n[[rules]]\nid = \"badge\"\npattern = '''\\bB-\\d{6}\\b'''\n",
    );
    let rules_dir = tree.path().join("rules");
    let mut with_rules = args.to_vec();
    with_rules.extend(["--rules", rules_dir.to_str().unwrap()]);
    let other_rules = json(&run_in(&root, &with_rules));
    assert_ne!(other_rules["evidence"]["rules_sha256"], evidence["rules_sha256"]);
    let other_key = json(&run_with(&root, &[("PIIMAP_FINGERPRINT_KEY", "another-key-of-the-team")], &[], &args));
    assert_ne!(other_key["evidence"]["fingerprint_key_id"], evidence["fingerprint_key_id"]);
    let per_run = json(&run_with(&root, &[], &["PIIMAP_FINGERPRINT_KEY"], &args));
    assert!(per_run["evidence"].get("fingerprint_key_id").is_none(), "a per-run key has no id");

    // merge refuses shards fingerprinted with different keys.
    let a = tree.file("a.json", serde_json::to_string(&doc).unwrap());
    let b = tree.file("b.json", serde_json::to_string(&other_key).unwrap());
    let merged = run_in(&root, &["merge", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(merged.code, 2, "{}", merged.stdout);
    assert!(merged.stderr.contains("input 2: made with another fingerprint key"), "{}", merged.stderr);

    // The human formats show it.
    let markdown = run_in(&root, &["inventory", "corpora/demo", "--policy", POLICY]).stdout;
    assert!(markdown.contains(&format!("- Policy file SHA-256: `{sha}`")), "{markdown}");
    let html = run_in(&root, &["inventory", "corpora/demo", "--policy", POLICY, "--format", "html"]).stdout;
    assert!(html.contains("id=\"evidence\"") && html.contains(&sha));
}

#[test]
fn diff_names_new_resolved_and_changed_flags_and_exits_1_on_a_new_one() {
    let tree = Tree::new();
    copy_demo(&tree);
    let inventory = |name: &str| {
        let run = tree.run(&["inventory", "demo", "--policy", "policy.toml", "--format", "json", "-o", name]);
        assert_eq!(run.code, 1, "{}", run.stderr);
    };
    inventory("old.json");
    // The next night: someone exported a note with a SIN, and the chat log of
    // 2026-10-01 was deleted.
    tree.file("demo/exports/note.txt", "Dossier 4471 — NAS du client : 130 692 544\n");
    std::fs::remove_file(tree.path().join("demo/support-chat/2026-10-01.log")).unwrap();
    inventory("new.json");

    let diff = tree.run(&["diff", "old.json", "new.json", "--format", "json"]);
    assert_eq!(diff.code, 1, "a new flag fails the nightly job: {}", diff.stderr);
    let doc = json(&diff);
    assert_eq!(doc["schema"], "piimap.diff/1");
    let new: Vec<(&str, &str)> = doc["flags"]["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["category"].as_str().unwrap()))
        .collect();
    assert_eq!(new, [("exports/note.txt", "sin")]);
    let resolved: Vec<&str> =
        doc["flags"]["resolved"].as_array().unwrap().iter().map(|e| e["category"].as_str().unwrap()).collect();
    assert_eq!(resolved, ["email", "phone"], "the deleted chat log's flags are resolved");
    let high = |side: &str| doc[side]["summary"]["high"].as_u64().unwrap();
    assert_eq!(high("new"), high("old") + 1, "one more high flag: the SIN");

    // Every format says so, in both languages; the reverse diff and an
    // unchanged one pass.
    let markdown = tree.run(&["diff", "old.json", "new.json"]);
    assert!(markdown.stdout.contains("| new flag | `exports/note.txt` |"), "{}", markdown.stdout);
    assert!(markdown.stdout.contains("1 new flag, 2 resolved"), "{}", markdown.stdout);
    let french = tree.run(&["diff", "old.json", "new.json", "--lang", "fr", "--format", "html"]);
    assert!(french.stdout.contains("nouveau signalement") && french.stdout.contains("<html lang=\"fr\">"));
    let csv = tree.run(&["diff", "old.json", "new.json", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|r| &r[0] == "new flag" && &r[1] == "exports/note.txt"), "{}", csv.stdout);
    let semicolons = tree.run(&["diff", "old.json", "new.json", "--format", "csv", "--csv-delimiter", ";"]);
    assert_ne!(semicolons.stdout, csv.stdout, "the separator changed");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(semicolons.stdout.as_bytes());
    assert_eq!(reader.records().map(Result::unwrap).collect::<Vec<_>>(), rows, "the same rows, split at semicolons");
    // The note is deleted the night after: its flag is resolved, nothing is new.
    std::fs::remove_file(tree.path().join("demo/exports/note.txt")).unwrap();
    inventory("fixed.json");
    let fixed = tree.run(&["diff", "new.json", "fixed.json", "--format", "json"]);
    assert_eq!(fixed.code, 0, "only a resolved flag");
    assert_eq!(json(&fixed)["flags"]["resolved"][0]["path"], "exports/note.txt");
    let same = tree.run(&["diff", "old.json", "old.json", "--format", "json"]);
    assert_eq!(same.code, 0);
    assert_eq!(json(&same)["flags"], serde_json::json!({"new": [], "resolved": [], "changed": []}));
    assert_eq!(tree.run(&["diff", "old.json", "new.json", "--fail-on", "none"]).code, 0);
    // A raw value never appears in a diff.
    for format in ["json", "markdown", "csv", "html"] {
        let run = tree.run(&["diff", "old.json", "new.json", "--format", format]);
        assert!(!run.stdout.contains("130 692 544") && !run.stdout.contains("130692544"), "{format}");
    }
    let broken = tree.file("broken.json", "{\"schema\": 1");
    let run = tree.run(&["diff", broken.to_str().unwrap(), "new.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("broken.json: not a piimap inventory"), "{}", run.stderr);
}

#[test]
fn csv_opens_in_a_french_canadian_spreadsheet() {
    let root = repo_root();
    let args = ["inventory", "corpora/demo", "--policy", POLICY, "--format", "csv"];
    let plain = run_in(&root, &args);
    assert!(plain.stdout.starts_with('\u{feff}'), "a UTF-8 byte-order mark first");
    let mut french_args = args.to_vec();
    french_args.extend(["--lang", "fr", "--csv-delimiter", ";"]);
    let french = run_in(&root, &french_args);
    let body = french.stdout.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(body.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "statut");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ratio = header.iter().position(|h| h == "proportion").unwrap();
    let reason = header.iter().position(|h| h == "motif").unwrap();
    let sin = rows.iter().find(|r| &r[5] == "sin").unwrap();
    assert_eq!((&sin[0], &sin[1], &sin[ratio]), ("conservé trop longtemps", "élevée", "1,0000"), "a decimal comma");
    for row in &rows {
        assert!(!row[reason].contains('`') && !row[reason].contains("**"), "no Markdown: {}", &row[reason]);
    }
    let bad = run_in(&root, &["inventory", "corpora/demo", "--policy", POLICY, "--csv-delimiter", "ab"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn policy_check_rejects_a_date_that_is_not_iso_and_counts_in_words() {
    let tree = Tree::new();
    let policy = "schema = \"piimap.policy/1\"\n[organization]\nname = \"Org\"\n[policy]\ntitle = \"Privacy\"\ndate = \"2025-11-05\"\n[[purposes]]\nid = \"accounts\"\nname = \"Accounts\"\nquote = \"We collect your email.\"\ncategories = [\"email\"]\n[[gaps]]\nabout = \"retention\"\nnote = \"No retention period.\"\ncategories = [\"email\"]\n";
    tree.file("good.toml", policy);
    let run = tree.run(&["policy", "check", "good.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("(Org: 1 purpose, 1 category, 1 gap recorded)"), "{}", run.stdout);
    tree.file("bad.toml", policy.replace("2025-11-05", "November 5, 2025"));
    let run = tree.run(&["policy", "check", "bad.toml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("bad.toml:6:8: date \"November 5, 2025\": write the date"), "{}", run.stderr);
}

/// The HTML report printed to PDF by headless Chromium (Letter, its default
/// paper): a few pages, flags first, every column of the flags and inventory
/// tables on the page (pdftotext finds each heading), masked values whole.
/// The PDF is kept in `target/tmp/` to look at.
#[test]
fn the_html_report_prints_to_pdf_with_every_column() {
    let tree = Tree::new();
    let report = tree.path().join("inventory.html");
    let run = run_in(
        &repo_root(),
        &["inventory", "corpora/demo", "--policy", POLICY, "--format", "html", "-o", report.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let pdf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inventory-report.pdf");
    let _ = std::fs::remove_file(&pdf);
    let printed = std::process::Command::new(browser())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", tree.path().join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", report.display()))
        .output()
        .expect("run the browser");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|_| panic!("no PDF: {}", String::from_utf8_lossy(&printed.stderr)));
    assert!(bytes.starts_with(b"%PDF-"));
    let info = std::process::Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{info}"));
    assert!((4..=20).contains(&pages), "one page per section at least, not hundreds: {pages} pages");
    let text = std::process::Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let first_page = text.split('\u{c}').next().unwrap();
    assert!(first_page.contains("Over-collection flags"), "flags on the first page:\n{first_page}");
    // Headings may wrap inside their cell: one word of each.
    for heading in
        ["Severity", "Status", "Location", "Category", "Findings", "Examples", "Why", "Expected", "Action", "policy's"]
    {
        assert!(first_page.contains(heading), "flags column {heading:?} lost in print:\n{first_page}");
    }
    for heading in ["fideslang", "Ratio", "Confidence", "Covered by"] {
        assert!(text.contains(heading), "inventory column {heading:?} lost in print");
    }
    for mask in ["*** *** 394", "**** **** **** 6254", "***-***-0972"] {
        assert!(text.contains(mask), "masked value {mask:?} broken across lines in print");
    }
}

#[test]
fn the_scan_table_and_the_summaries_speak_french() {
    let root = repo_root();
    let table = run_in(&root, &["scan", "corpora/demo", "--format", "table", "--lang", "fr"]);
    assert_eq!(table.code, 1, "{}", table.stderr);
    for words in ["fichiers analysés", "CATÉGORIE", "CONSTATS", "EXEMPLES (masqués)", "COLONNE", "TABLE.CHAMP"] {
        assert!(table.stdout.contains(words), "{words:?} missing:\n{}", table.stdout);
    }
    assert!(!table.stdout.contains("FINDINGS") && table.stdout.contains("*** *** 394"));
    let by_locale = run_with(&root, &[("LANG", "fr_CA.UTF-8")], &[], &["scan", "corpora/demo", "--format", "table"]);
    assert!(by_locale.stdout.contains("CATÉGORIE"), "{}", by_locale.stdout);
    let jsonl = run_in(&root, &["scan", "corpora/demo", "--format", "jsonl", "--lang", "fr"]);
    assert!(jsonl.stderr.contains("constats dans 6 de 6 fichiers"), "{}", jsonl.stderr);
    let inventory = run_in(&root, &["inventory", "corpora/demo", "--policy", POLICY, "--lang", "fr"]);
    let summary = "piimap : 19 emplacements : 3 non déclarés, 6 à un emplacement inattendu, 4 conservés trop longtemps, 5 couverts, 1 non personnel";
    assert!(inventory.stderr.contains(summary), "{}", inventory.stderr);
}
