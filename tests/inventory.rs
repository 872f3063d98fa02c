use crate::util::{repo_root, run_in, Tree};
use std::collections::BTreeSet;
use std::path::Path;

const POLICY: &str = "rules/policies/alloprof.toml";

fn inventory(args: &[&str]) -> (serde_json::Value, i32) {
    let mut all = vec!["inventory", "--policy", POLICY, "--format", "json"];
    all.extend(args);
    let run = run_in(&repo_root(), &all);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    (serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout)), run.code)
}

#[test]
fn the_seed_policies_pass_the_check_and_mistakes_point_at_their_line() {
    let mut files: Vec<String> = std::fs::read_dir(repo_root().join("rules/policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.strip_prefix(repo_root()).unwrap().display().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "one file per seed policy: {files:?}");
    let mut args = vec!["policy", "check"];
    args.extend(files.iter().map(String::as_str));
    let run = run_in(&repo_root(), &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout.matches(": ok (").count(), 4);

    // PLANISO's lists are empty: its transcription must say so, not invent categories.
    let planiso = std::fs::read_to_string(repo_root().join("rules/policies/planiso.toml")).unwrap();
    assert!(planiso.contains("[[gaps]]") && planiso.contains("empty"));

    let tree = Tree::new();
    let good = std::fs::read_to_string(repo_root().join(POLICY)).unwrap();
    let bad = good.replacen(
        "categories = [\"email\", \"password\", \"ip_address\"]",
        "categories = [\"email\", \"pasword\", \"ip_address\"]",
        1,
    );
    assert_ne!(bad, good, "the policy changed shape; update this test");
    let line = bad.lines().position(|l| l.contains("\"pasword\"")).unwrap() + 1;
    tree.file("bad.toml", &bad);
    let run = tree.run(&["policy", "check", "bad.toml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!("bad.toml:{line}:24: unknown category \"pasword\" (did you mean \"password\"?)")),
        "{}",
        run.stderr
    );
    let run = tree.run(&["inventory", ".", "--policy", "bad.toml"]);
    assert_eq!(run.code, 2, "an invalid policy is a usage error");
}

/// (path, table, field, category) → status, from `corpora/demo/expected.tsv`.
fn expected_statuses() -> BTreeSet<(String, String, String, String, String)> {
    let text = std::fs::read_to_string(repo_root().join("corpora/demo/expected.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f[0].into(), f[1].into(), f[2].into(), f[3].into(), f[4].into())
        })
        .collect()
}

fn statuses(inventory: &serde_json::Value) -> BTreeSet<(String, String, String, String, String)> {
    inventory["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |key: &str| e[key].as_str().unwrap_or_default().to_string();
            (text("path"), text("table"), text("field"), text("category"), text("status"))
        })
        .collect()
}

#[test]
fn the_demo_export_flags_exactly_the_planted_over_collection() {
    let (doc, code) = inventory(&["corpora/demo"]);
    assert_eq!(code, 1, "over-collection is flagged");
    assert_eq!(doc["schema"], "piimap.inventory/1");
    assert_eq!(statuses(&doc), expected_statuses());
    let sin = doc["entries"].as_array().unwrap().iter().find(|e| e["category"] == "sin").unwrap();
    assert_eq!(
        (sin["severity"].as_str(), sin["fideslang"].as_str()),
        (Some("high"), Some("user.government_id.national_identification_number"))
    );
    assert!(sin["examples"].as_array().unwrap().iter().all(|e| e.as_str().unwrap().starts_with("*** ***")), "masked");
    // Declared categories piimap cannot see are listed, never dropped.
    let not_checked: Vec<&str> =
        doc["not_checked"].as_array().unwrap().iter().map(|n| n["category"].as_str().unwrap()).collect();
    assert!(not_checked.contains(&"password") && not_checked.contains(&"grade_level"), "{not_checked:?}");
    let purposes = doc["purposes"].as_array().unwrap();
    let callbacks = purposes.iter().find(|p| p["id"] == "phone-callbacks").unwrap();
    assert_eq!(callbacks["found"]["phone"][0], "users.csv users.phone");

    // --fail-on tunes the exit status: the demo has an undeclared SIN, so only `none` passes.
    let run = |fail_on: &str| {
        run_in(
            &repo_root(),
            &["inventory", "corpora/demo", "--policy", POLICY, "-q", "--fail-on", fail_on, "-o", "/dev/null"],
        )
        .code
    };
    assert_eq!((run("undeclared"), run("unexpected"), run("none")), (1, 1, 0));
    // In the first day's chat nothing is undeclared (the second holds a pasted card), but its
    // email and phones are still out of place.
    let only_logs = run_in(
        &repo_root(),
        &[
            "inventory",
            "corpora/demo/support-chat/2026-10-01.log",
            "--policy",
            POLICY,
            "-q",
            "--fail-on",
            "undeclared",
            "-o",
            "/dev/null",
        ],
    );
    assert_eq!(only_logs.code, 0, "{}", only_logs.stderr);
}

#[test]
fn merging_shards_gives_the_single_run() {
    let (single, _) = inventory(&["corpora/demo"]);
    let tree = Tree::new();
    let shards = [
        vec!["corpora/demo/users.csv", "corpora/demo/donations.sql"],
        vec!["corpora/demo/logs", "corpora/demo/support-chat", "corpora/demo/legacy_import.ndjson"],
    ];
    let mut files = Vec::new();
    for (index, shard) in shards.iter().enumerate() {
        let mut args = shard.clone();
        args.extend(["--root", "corpora/demo"]);
        let (doc, _) = inventory(&args);
        let file = tree.file(&format!("shard{index}.json"), serde_json::to_string(&doc).unwrap());
        files.push(file.display().to_string());
    }
    let mut args = vec!["merge"];
    args.extend(files.iter().map(String::as_str));
    let run = run_in(&repo_root(), &args);
    assert_eq!(run.code, 1, "the merged inventory still flags: {}", run.stderr);
    let mut merged: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // The same inventory; its evidence lists both shards' and checks they agree.
    let evidence = merged.as_object_mut().unwrap().remove("evidence").unwrap();
    let mut single = single;
    let one = single.as_object_mut().unwrap().remove("evidence").unwrap();
    assert_eq!(merged, single);
    assert_eq!(evidence["merged_from"].as_array().unwrap().len(), 2);
    assert_eq!(evidence["roots"].as_array().unwrap().len(), 5, "{evidence}");
    for same in ["policy_sha256", "rules_sha256", "fingerprint_key_id"] {
        assert_eq!(evidence[same], one[same], "{same}");
    }

    // Shards made against different policies do not merge.
    let (other, _) = {
        let run = run_in(
            &repo_root(),
            &["inventory", "corpora/demo/logs", "--policy", "rules/policies/proassistance.toml", "--format", "json"],
        );
        (serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap(), run.code)
    };
    let other_file = tree.file("other.json", serde_json::to_string(&other).unwrap());
    let run = run_in(&repo_root(), &["merge", &files[0], other_file.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("another policy"), "{}", run.stderr);
}

/// Compares `actual` with the snapshot `tests/snapshots/NAME`; with
/// `PIIMAP_UPDATE_SNAPSHOTS=1` writes it instead (review the diff, then commit).
pub fn snapshot(name: &str, actual: &str) {
    let path = repo_root().join("tests/snapshots").join(name);
    if std::env::var_os("PIIMAP_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with PIIMAP_UPDATE_SNAPSHOTS=1", path.display()));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{name} differs from its snapshot at line {}:\n  snapshot: {:?}\n  actual:   {:?}\n(PIIMAP_UPDATE_SNAPSHOTS=1 to accept)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// Every report format, in English and in French, against its snapshot.
#[test]
fn reports_on_the_demo_match_their_snapshots() {
    for lang in ["en", "fr"] {
        for (format, extension) in [("json", "json"), ("markdown", "md"), ("csv", "csv"), ("html", "html")] {
            let args = ["inventory", "corpora/demo", "--policy", POLICY, "--format", format, "--lang", lang];
            let run = run_in(&repo_root(), &args);
            assert_eq!(run.code, 1, "{}", run.stderr);
            let name = match lang {
                "en" => format!("demo-inventory.{extension}"),
                _ => format!("demo-inventory.{lang}.{extension}"),
            };
            snapshot(&name, &run.stdout);
        }
    }
    // The CSV is one row per entry, readable by a CSV parser.
    let run = run_in(&repo_root(), &["inventory", "corpora/demo", "--policy", POLICY, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(reader.records().count(), expected_statuses().len());
}

/// The HTML report in a real headless Chromium: it renders, the flags are in
/// the rendered DOM, and a screenshot is taken (kept in cargo's test temp
/// directory, `target/tmp/`, for review).
#[test]
fn the_html_report_renders_in_headless_chromium() {
    let browser = crate::util::browser();
    let tree = Tree::new();
    let report = tree.path().join("inventory.html");
    let run = run_in(
        &repo_root(),
        &["inventory", "corpora/demo", "--policy", POLICY, "--format", "html", "-o", report.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("<script src"),
        "self-contained: no network"
    );

    let url = format!("file://{}", report.display());
    let profile = tree.path().join("profile");
    let headless = |extra: &[&str]| {
        let mut command = std::process::Command::new(browser);
        command.args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]);
        command.arg(format!("--user-data-dir={}", profile.display()));
        command.args(extra).arg(&url);
        command.output().expect("run the browser")
    };
    let dom = headless(&["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("id=\"flags\""), "rendered DOM lacks the flags table: {}", &dom[..dom.len().min(500)]);
    let flag_rows = dom.matches("<tr class=\"flag ").count();
    assert_eq!(
        flag_rows,
        expected_statuses().iter().filter(|s| !matches!(s.4.as_str(), "covered" | "not_personal")).count()
    );
    assert!(dom.contains("legacy_import.nas") && dom.contains("sev-high"));

    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inventory-report.png");
    let _ = std::fs::remove_file(&screenshot);
    let shot = headless(&[&format!("--screenshot={}", screenshot.display()), "--window-size=1400,2000"]);
    let png = std::fs::read(&screenshot)
        .unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&shot.stderr)));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(png.len() > 20_000, "a blank page compresses to almost nothing; got {} bytes", png.len());
    assert!(Path::new(&screenshot).exists());
}
