//! The CI gate, end to end: real git repositories in temporary directories.

use crate::util::{git, json_lines, piimap, repo_root, Run, Tree, KEY};
use sha2::{Digest, Sha256, Sha512};
use std::path::Path;

const SIN: &str = "130 692 544";
const OTHER_SIN: &str = "193 456 787";

fn git_ok(dir: &Path, args: &[&str]) {
    let output = git(dir, args);
    assert!(output.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

fn repo() -> Tree {
    let tree = Tree::new();
    git_ok(tree.path(), &["init", "-q", "-b", "main"]);
    tree
}

fn commit_all(tree: &Tree, message: &str) {
    git_ok(tree.path(), &["add", "-A"]);
    git_ok(tree.path(), &["commit", "-q", "--no-verify", "-m", message]);
}

fn json_summary(run: &Run) -> serde_json::Value {
    serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))["summary"]
        .clone()
}

#[test]
fn a_staged_sin_blocks_even_before_the_first_commit() {
    let tree = repo();
    tree.file("customers.txt", format!("header\nNAS: {SIN}\n"));
    git_ok(tree.path(), &["add", "customers.txt"]);
    let run = tree.run(&["scan", "--staged", "--format", "jsonl"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains(SIN) && !run.stderr.contains(SIN), "never the value");
    let findings = json_lines(&run.stdout);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["path"], "customers.txt");
    assert_eq!(findings[0]["line"], 2);
    assert_eq!(findings[0]["masked"], "*** *** 544");
    assert_eq!(findings[0]["start"], 12, "offset in the staged content");
}

#[test]
fn only_added_lines_count() {
    let tree = repo();
    // Long enough for git to see the edited file below as a rename (≥ 50% similar).
    let filler: String = (1..=30).map(|i| format!("line {i} of an ordinary file\n")).collect();
    tree.file("old.txt", format!("{filler}NAS {SIN}\n"));
    tree.file("gone.txt", format!("NAS {SIN}\n"));
    commit_all(&tree, "existing data");
    // Unchanged old data, a deleted file and a pure rename add nothing.
    git_ok(tree.path(), &["rm", "-q", "gone.txt"]);
    git_ok(tree.path(), &["mv", "old.txt", "renamed.txt"]);
    let run = tree.run(&["scan", "--staged", "--format", "jsonl"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    // A new line in a renamed file is reported at its new line number.
    tree.file("renamed.txt", format!("intro\n{filler}NAS {SIN}\nSIN {OTHER_SIN}\n"));
    git_ok(tree.path(), &["add", "renamed.txt"]);
    let findings = json_lines(&tree.run(&["scan", "--staged", "--format", "jsonl"]).stdout);
    let lines: Vec<_> = findings.iter().map(|f| (f["path"].as_str().unwrap(), f["line"].as_u64().unwrap())).collect();
    assert_eq!(lines, [("renamed.txt", 33)], "the old SIN only moved down; line 33 is new");
    // A binary file is skipped by git's diff.
    tree.file("blob.bin", format!("\0\0NAS {SIN}\0").into_bytes());
    git_ok(tree.path(), &["add", "blob.bin"]);
    let findings = json_lines(&tree.run(&["scan", "--staged", "--format", "jsonl"]).stdout);
    assert_eq!(findings.len(), 1);
}

#[test]
fn diff_against_a_revision_scans_the_working_tree() {
    let tree = repo();
    tree.file("a.txt", "nothing\n");
    commit_all(&tree, "base");
    git_ok(tree.path(), &["checkout", "-q", "-b", "feature"]);
    tree.file("a.txt", "nothing\ncontact jean@exemple.qc.ca\n");
    commit_all(&tree, "feature");
    tree.file("a.txt", format!("nothing\ncontact jean@exemple.qc.ca\nNAS {SIN}\n")); // unstaged
    let findings = json_lines(&tree.run(&["scan", "--diff", "main", "--format", "jsonl"]).stdout);
    let categories: Vec<_> = findings.iter().map(|f| f["category"].as_str().unwrap()).collect();
    assert_eq!(categories, ["email", "sin"]);
    let bad = tree.run(&["scan", "--diff", "no-such-branch"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("no-such-branch"), "{}", bad.stderr);
    let outside = Tree::new().run(&["scan", "--staged"]);
    assert_eq!(outside.code, 2, "not a repository: {}", outside.stderr);
}

#[test]
fn allowlisted_paths_and_inline_allows_pass_and_are_counted() {
    let tree = repo();
    tree.file("piimap.toml", "[[allow]]\npaths = [\"tests/fixtures\"]\nreason = \"synthetic\"\n");
    tree.file("tests/fixtures/users.csv", format!("id,nas\n1,{SIN}\n"));
    tree.file(
        "src/seed.py",
        format!("SAMPLE = \"{SIN}\"  # piimap:allow sin\nEMAIL = \"jean@exemple.qc.ca\"  # piimap:allow sin\n"),
    );
    git_ok(tree.path(), &["add", "-A"]);
    let run = tree.run(&["scan", "--staged", "--format", "json"]);
    assert_eq!(run.code, 1, "the email is not covered by `piimap:allow sin`");
    let summary = json_summary(&run);
    assert_eq!(
        (summary["findings"].as_u64(), summary["allowed_by_config"].as_u64(), summary["allowed_inline"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    tree.file("src/seed.py", format!("SAMPLE = \"{SIN}\"  # piimap:allow sin\n"));
    git_ok(tree.path(), &["add", "-A"]);
    let run = tree.run(&["scan", "--staged", "--format", "table"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("2 findings allowed"), "counted, not hidden: {}", run.stdout);
    // The command line adds to the file; --no-config ignores it.
    assert_eq!(
        tree.run(&["scan", "--staged", "--no-config", "--allow-rule", "email"]).code,
        1,
        "fixture no longer allowed"
    );
    assert_eq!(
        tree.run(&["scan", "--staged", "--no-config", "--allow-rule", "sin"]).code,
        0,
        "a category allows its rules"
    );
    assert_eq!(tree.run(&["scan", "--staged", "--no-config", "--allow-path", "tests"]).code, 0);
    // A broken piimap.toml is an error that names it.
    tree.file("piimap.toml", "[[allow]]\n");
    let broken = tree.run(&["scan", "--staged"]);
    assert_eq!(broken.code, 2);
    assert!(broken.stderr.contains("piimap.toml"), "{}", broken.stderr);
}

fn with_key(tree: &Tree, args: &[&str]) -> Run {
    let output = piimap().current_dir(tree.path()).env("PIIMAP_FINGERPRINT_KEY", KEY).args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn baselined_findings_pass_survive_moves_and_reveal_nothing() {
    let tree = Tree::new();
    tree.file("data/customers.txt", format!("NAS {SIN}\ncourriel jean@exemple.qc.ca\n"));
    let made = with_key(&tree, &["baseline", "baseline.json", "data"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert!(made.stderr.contains("2 entries"), "{}", made.stderr);

    let run = with_key(&tree, &["scan", "data", "--baseline", "baseline.json", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(json_summary(&run)["baselined"], 2);

    // Unrelated edits move the lines down: still accepted.
    tree.file("data/customers.txt", format!("new header\n\n\nNAS {SIN}\ncourriel jean@exemple.qc.ca\n"));
    assert_eq!(with_key(&tree, &["scan", "data", "--baseline", "baseline.json"]).code, 0);

    // A new value is new.
    tree.file("data/customers.txt", format!("NAS {SIN}\nNAS {OTHER_SIN}\ncourriel jean@exemple.qc.ca\n"));
    let findings =
        json_lines(&with_key(&tree, &["scan", "data", "--baseline", "baseline.json", "--format", "jsonl"]).stdout);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["masked"], "*** *** 787");

    // The file holds no value, no plain hash of one, no line number.
    let text = std::fs::read_to_string(tree.path().join("baseline.json")).unwrap();
    for value in [SIN, "130692544", "130-692-544", "jean@exemple.qc.ca"] {
        assert!(!text.contains(value), "baseline contains {value}");
        for digest in [hex(&Sha256::digest(value.as_bytes())), hex(&Sha512::digest(value.as_bytes()))] {
            assert!(
                !text.contains(&digest) && !text.contains(&digest[..32]),
                "baseline contains a plain hash of {value}"
            );
        }
    }
    assert!(!text.contains("\"line\""));

    // Without the key, or with another one: a clear error, not a silent mismatch.
    let no_key = piimap()
        .current_dir(tree.path())
        .env_remove("PIIMAP_FINGERPRINT_KEY")
        .args(["scan", "data", "--baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(no_key.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_key.stderr).contains("PIIMAP_FINGERPRINT_KEY"));
    let other = piimap()
        .current_dir(tree.path())
        .env("PIIMAP_FINGERPRINT_KEY", "a different key")
        .args(["scan", "data", "--baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("another fingerprint key"));
    let unkeyed = piimap()
        .current_dir(tree.path())
        .env_remove("PIIMAP_FINGERPRINT_KEY")
        .args(["baseline", "b2.json", "data"])
        .output()
        .unwrap();
    assert_eq!(unkeyed.status.code(), Some(2), "a baseline needs a stable key");

    // A key file works too.
    tree.file("key.txt", format!("{KEY}-from-a-file\n"));
    let made = tree.run(&["baseline", "b3.json", "data", "--key-file", "key.txt"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert_eq!(tree.run(&["scan", "data", "--baseline", "b3.json", "--key-file", "key.txt"]).code, 0);
    assert_eq!(tree.run(&["scan", "data", "--baseline", "b3.json"]).code, 2, "the environment's key is another key");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn sarif_validates_against_the_schema() {
    let tree = Tree::new();
    tree.file("notes.txt", format!("NAS {SIN}\ntél. (514) 555-0199\nsample 046 454 286\n"));
    tree.file("sub dir/café.log", "client_ip=203.0.113.9 courriel: jean@exemple.qc.ca\n");
    let run = tree.run(&["scan", ".", "missing.txt", "--format", "sarif", "--min-confidence", "low", "--reveal"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for value in [SIN, "555-0199", "203.0.113.9", "jean@exemple.qc.ca"] {
        assert!(!run.stdout.contains(value), "SARIF never carries raw values, even with --reveal: {value}");
    }
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    // Vendored: a user's clone has nothing beside the repository.
    let schema_path = repo_root().join("tests/schemas/sarif-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).expect("tests/schemas/sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));

    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().all(|r| r["help"]["text"].is_string() && r["fullDescription"]["text"].is_string()));
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let levels: Vec<_> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert!(levels.contains(&"error") && levels.contains(&"note"), "{levels:?}");
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["piimapValue/v1"].as_str().unwrap().len() == 32);
        assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    let uris: Vec<_> = results
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert!(uris.contains(&"sub%20dir/caf%C3%A9.log"), "{uris:?}");
    let notifications = run0["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert!(notifications[0]["message"]["text"].as_str().unwrap().starts_with("missing.txt: "));
}

#[test]
fn exit_zero_reports_without_failing() {
    let tree = Tree::new();
    tree.file("a.txt", format!("NAS {SIN}\n"));
    let run = tree.run(&["scan", ".", "--exit-zero", "--format", "jsonl"]);
    assert_eq!(run.code, 0);
    assert_eq!(json_lines(&run.stdout).len(), 1);
    assert_eq!(tree.run(&["scan", "nope", "--exit-zero"]).code, 2, "errors still fail");
}

#[test]
fn installed_hook_blocks_a_commit_with_personal_data() {
    let tree = repo();
    let install = tree.run(&["install-hook"]);
    assert_eq!(install.code, 0, "{}", install.stderr);
    assert_eq!(tree.run(&["install-hook"]).code, 2, "will not overwrite without --force");
    assert_eq!(tree.run(&["install-hook", "--force"]).code, 0);

    tree.file("clean.txt", "hello\n");
    git_ok(tree.path(), &["add", "clean.txt"]);
    let clean = git(tree.path(), &["commit", "-q", "-m", "clean"]);
    assert!(clean.status.success(), "a clean commit passes: {}", String::from_utf8_lossy(&clean.stderr));

    tree.file("leak.txt", format!("NAS {SIN}\n"));
    git_ok(tree.path(), &["add", "leak.txt"]);
    let blocked = git(tree.path(), &["commit", "-q", "-m", "leak"]);
    assert!(!blocked.status.success(), "the hook must block the commit");
    let shown = format!("{}{}", String::from_utf8_lossy(&blocked.stdout), String::from_utf8_lossy(&blocked.stderr));
    assert!(shown.contains("*** *** 544") && !shown.contains(SIN), "masked only: {shown}");

    // Accepting it inline lets the commit through.
    tree.file("leak.txt", format!("NAS {SIN} # piimap:allow\n"));
    git_ok(tree.path(), &["add", "leak.txt"]);
    let allowed = git(tree.path(), &["commit", "-q", "-m", "accepted"]);
    assert!(allowed.status.success(), "{}", String::from_utf8_lossy(&allowed.stderr));
}
