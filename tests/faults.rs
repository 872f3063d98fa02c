//! Fault handling: what the file system can throw at a scan. Each case must be
//! reported or skipped without blocking, and the rest of the tree scanned.

use crate::util::{json_lines, Tree};
use std::os::unix::ffi::OsStrExt;
use std::time::{Duration, Instant};

const EMAIL: &str = "jean.tremblay@exemple.qc.ca";

fn with_one_finding() -> Tree {
    let tree = Tree::new();
    tree.file("ok.txt", format!("courriel {EMAIL}\n"));
    tree
}

#[test]
fn fifos_and_devices_are_skipped_not_blocked_on() {
    let tree = with_one_finding();
    let fifo = tree.path().join("pipe.txt");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    std::os::unix::fs::symlink("/dev/zero", tree.path().join("zero.txt")).unwrap();
    let started = Instant::now();
    // Walked (and followed): skipped. Named: reported, not opened.
    let run = tree.run(&["scan", ".", "-L", "--format", "jsonl"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(json_lines(&run.stdout).len(), 1);
    let named = tree.run(&["scan", "pipe.txt", "ok.txt", "--format", "jsonl"]);
    assert!(named.stderr.contains("pipe.txt: not a regular file"), "{}", named.stderr);
    assert_eq!(json_lines(&named.stdout).len(), 1);
    assert!(started.elapsed() < Duration::from_secs(20), "nothing blocked");
}

#[test]
fn symlink_loops_are_reported_and_the_walk_goes_on() {
    let tree = with_one_finding();
    std::fs::create_dir(tree.path().join("dir")).unwrap();
    std::os::unix::fs::symlink("..", tree.path().join("dir/up")).unwrap();
    std::os::unix::fs::symlink("loop-b", tree.path().join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", tree.path().join("loop-b")).unwrap();
    let run = tree.run(&["scan", ".", "--follow", "--format", "jsonl"]);
    assert_eq!(json_lines(&run.stdout).len(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("loop"), "the loop is reported: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn non_utf8_file_names_are_scanned_and_shown_escaped() {
    let tree = Tree::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-\xff.txt");
    std::fs::write(tree.path().join(name), format!("courriel {EMAIL}\n")).unwrap();
    let run = tree.run(&["scan", "--format", "jsonl"]);
    let findings = json_lines(&run.stdout);
    assert_eq!(findings.len(), 1, "{}", run.stderr);
    assert_eq!(findings[0]["path"], "caf\\xE9-\\xFF.txt");
}

#[test]
fn files_that_vanish_or_shrink_during_the_scan_are_reported() {
    // Many big files: while the scan runs, some are deleted or truncated. The
    // scan must finish, report what it could not read, and not panic.
    let tree = Tree::new();
    let line = format!("ligne sans rien {}\n", "x".repeat(60));
    let body = line.repeat(150_000) + &format!("courriel {EMAIL}\n"); // ~12 MiB: split into chunks
    for i in 0..6 {
        tree.file(&format!("f{i}.txt"), &body);
    }
    let child = crate::util::piimap()
        .current_dir(tree.path())
        .args(["scan", ".", "--format", "jsonl", "-j", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(30));
    for i in 2..6 {
        if i % 2 == 0 {
            let _ = std::fs::remove_file(tree.path().join(format!("f{i}.txt")));
        } else {
            let file = std::fs::OpenOptions::new().write(true).open(tree.path().join(format!("f{i}.txt"))).unwrap();
            file.set_len(1000).unwrap();
        }
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(matches!(output.status.code(), Some(1) | Some(2)), "{stderr}");
    let findings = json_lines(&String::from_utf8_lossy(&output.stdout));
    assert!(findings.iter().all(|f| f["category"] == "email"), "no garbage from half-read files");
}

#[test]
fn ctrl_c_closes_the_report_marks_it_incomplete_and_exits_130() {
    let tree = Tree::new();
    let mut rows = String::from("id,courriel,telephone\n");
    for i in 0..4000 {
        rows.push_str(&format!("{i},client{i}@exemple.qc.ca,514-555-{:04}\n", i % 10_000));
    }
    for i in 0..400 {
        tree.file(&format!("export/t{i:03}.csv"), &rows);
    }
    let child = crate::util::piimap()
        .current_dir(tree.path())
        .args(["scan", "export", "--format", "json", "-j", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let status = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a complete JSON document");
    assert_eq!(doc["summary"]["interrupted"], true);
    let scanned = doc["summary"]["files_scanned"].as_u64().unwrap();
    assert!(scanned > 0 && scanned < 400, "partial: {scanned} files");
    // What was written is whole: every finding of a finished file.
    assert_eq!(doc["findings"].as_array().unwrap().len() as u64, scanned * 8000);
}
