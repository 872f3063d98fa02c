//! Issue 22: `piimap policy draft`, from a privacy policy's text to a policy file.
//!
//! The four seed policies are copied in `corpora/policies/` (a user's clone has no seeds). Their
//! drafts are snapshot-tested, validated by `policy check`, and compared with the hand
//! transcriptions in `rules/policies/`: a hand purpose is found when a drafted purpose's quote
//! shares a run of eight words with its quote (cut at "…"), and a (purpose, category) pair when
//! one of the drafted purposes that quote it declares the category.

use toml::{Table, Value};

use crate::inventory::snapshot;
use crate::util::{repo_root, run_in, Tree};

const SEEDS: &[&str] = &["alloprof", "competences-quebec", "proassistance", "planiso"];

/// Drafts `corpora/policies/FILE` into the tree and returns the draft's text.
fn draft(tree: &Tree, file: &str) -> String {
    let source = repo_root().join("corpora/policies").join(file);
    let out = tree.path().join(format!("{file}.toml"));
    let run = run_in(tree.path(), &["policy", "draft", source.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("drafted") && run.stderr.contains("policy check"), "{}", run.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    let check = run_in(tree.path(), &["policy", "check", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "the draft of {file} does not validate: {}{}", check.stdout, check.stderr);
    text
}

fn entries<'a>(policy: &'a Table, section: &str) -> Vec<&'a Table> {
    policy.get(section).and_then(Value::as_array).map_or(Vec::new(), |a| a.iter().filter_map(Value::as_table).collect())
}

fn text<'a>(entry: &'a Table, key: &str) -> &'a str {
    entry.get(key).and_then(Value::as_str).unwrap_or("")
}

fn categories(entry: &Table) -> Vec<&str> {
    entry
        .get("categories")
        .and_then(Value::as_array)
        .map_or(Vec::new(), |a| a.iter().filter_map(Value::as_str).collect())
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Whether `drafted` shares a run of eight words with a piece of `hand` (cut at "…").
fn overlaps(hand: &str, drafted: &str) -> bool {
    const RUN: usize = 8;
    let drafted = words(drafted).join(" ");
    hand.split('…').any(|piece| {
        let piece = words(piece);
        piece.windows(RUN).any(|run| format!(" {drafted} ").contains(&format!(" {} ", run.join(" "))))
    })
}

/// (purposes found, purposes, pairs found, pairs, misses) of a draft against its hand transcription.
fn coverage(drafted: &Table, hand: &Table) -> (usize, usize, usize, usize, Vec<String>) {
    let (mut found, mut total, mut pairs_found, mut pairs) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for purpose in entries(hand, "purposes") {
        let id = text(purpose, "id");
        let quoting: Vec<&Table> = entries(drafted, "purposes")
            .into_iter()
            .filter(|d| overlaps(text(purpose, "quote"), text(d, "quote")))
            .collect();
        total += 1;
        if quoting.is_empty() {
            misses.push(format!("purpose {id}"));
        } else {
            found += 1;
        }
        for category in categories(purpose) {
            pairs += 1;
            if quoting.iter().any(|d| categories(d).contains(&category)) {
                pairs_found += 1;
            } else {
                misses.push(format!("({id}, {category})"));
            }
        }
    }
    (found, total, pairs_found, pairs, misses)
}

#[test]
fn seed_drafts_match_their_snapshots_and_validate() {
    let tree = Tree::new();
    for seed in SEEDS {
        let drafted = draft(&tree, &format!("{seed}.txt"));
        assert!(drafted.starts_with("# DRAFT written by `piimap policy draft`"), "{seed}");
        snapshot(&format!("draft-{seed}.toml"), &drafted);
    }
}

#[test]
fn seed_drafts_cover_ninety_percent_of_the_hand_transcriptions() {
    let tree = Tree::new();
    let (mut found, mut total, mut pairs_found, mut pairs) = (0, 0, 0, 0);
    for seed in SEEDS {
        let drafted: Table = toml::from_str(&draft(&tree, &format!("{seed}.txt"))).unwrap();
        let hand_text = std::fs::read_to_string(repo_root().join(format!("rules/policies/{seed}.toml"))).unwrap();
        let hand: Table = toml::from_str(&hand_text).unwrap();
        let (f, t, pf, p, misses) = coverage(&drafted, &hand);
        eprintln!("{seed}: purposes {f}/{t}, (purpose, category) pairs {pf}/{p}; misses: {misses:?}");
        assert!(f * 10 >= t * 9, "{seed}: {f}/{t} purposes; misses {misses:?}");
        assert!(pf * 10 >= p * 9, "{seed}: {pf}/{p} pairs; misses {misses:?}");
        (found, total, pairs_found, pairs) = (found + f, total + t, pairs_found + pf, pairs + p);
    }
    assert!(total >= 30 && pairs >= 120, "the transcriptions shrank: {total} purposes, {pairs} pairs");
    assert!(found * 10 >= total * 9 && pairs_found * 10 >= pairs * 9);
}

#[test]
fn the_measure_is_not_fooled_by_a_draft_that_quotes_nothing() {
    let hand: Table =
        toml::from_str(&std::fs::read_to_string(repo_root().join("rules/policies/alloprof.toml")).unwrap()).unwrap();
    let empty: Table = toml::from_str("[[purposes]]\nquote = \"We value your privacy and the security of any information.\"\ncategories = [\"email\"]").unwrap();
    let (found, _, pairs_found, _, misses) = coverage(&empty, &hand);
    assert_eq!((found, pairs_found), (0, 0), "{misses:?}");
}

#[test]
fn a_french_markdown_policy_is_drafted_in_french_terms_and_used_for_an_inventory() {
    let tree = Tree::new();
    let drafted_text = draft(&tree, "librairie-boreale.md");
    snapshot("draft-librairie-boreale.toml", &drafted_text);
    let drafted: Table = toml::from_str(&drafted_text).unwrap();
    assert_eq!(drafted["organization"]["name"].as_str(), Some("Librairie Boréale"));
    assert_eq!(drafted["policy"]["date"].as_str(), Some("2025-03-12"));
    assert_eq!(drafted["policy"]["language"].as_str(), Some("fr"));
    let purposes = entries(&drafted, "purposes");
    let by_id =
        |id: &str| *purposes.iter().find(|p| text(p, "id") == id).unwrap_or_else(|| panic!("no {id}: {purposes:?}"));
    assert_eq!(
        categories(by_id("traiter-commandes-ligne")),
        ["name", "address", "postal_code", "email", "phone", "credit_card"]
    );
    assert_eq!(text(by_id("envoyer-infolettre"), "data_use"), "marketing.communications.email");
    assert_eq!(categories(by_id("gerer-programme-fidelite")), ["date_of_birth", "transaction_history"]);
    let retention = by_id("envoyer-infolettre")["retention"].as_table().unwrap();
    assert_eq!((retention["keep"].as_str(), retention["after"].as_str()), (Some("P3Y"), Some("last_activity")));
    assert!(drafted_text.contains("# inferred: keep = P3Y from \"trois ans\", after = last_activity"));
    let abouts: Vec<&str> = entries(&drafted, "gaps").iter().map(|g| text(g, "about")).collect();
    assert_eq!(abouts, ["transfers outside Quebec", "consent by use", "placeholder"]);

    // The review workflow's last step: the draft is a policy an inventory runs against.
    let data = Tree::new();
    data.file("clients.csv", "courriel,nas\nana@example.com,046 454 286\nbob@example.org,130 692 544\n");
    let policy = tree.path().join("librairie-boreale.md.toml");
    let run = data.run(&["inventory", ".", "--policy", policy.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1, "the undeclared SIN fails the inventory: {}", run.stderr);
    let inventory: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let status = |category: &str| {
        inventory["entries"].as_array().unwrap().iter().find(|e| e["category"] == category).map(|e| e["status"].clone())
    };
    assert_eq!(status("email"), Some("covered".into()));
    assert_eq!(status("sin"), Some("undeclared".into()));
}

#[test]
fn an_html_policy_is_read_without_its_markup_navigation_or_scripts() {
    let tree = Tree::new();
    let drafted_text = draft(&tree, "northwind-tutoring.html");
    snapshot("draft-northwind-tutoring.toml", &drafted_text);
    assert!(!drafted_text.contains("not text") && !drafted_text.contains('<'), "{drafted_text}");
    let drafted: Table = toml::from_str(&drafted_text).unwrap();
    assert_eq!(drafted["policy"]["title"].as_str(), Some("Privacy Policy"), "the h1, not the navigation");
    assert_eq!(drafted["policy"]["date"].as_str(), Some("2024-06-01"));
    let purposes = entries(&drafted, "purposes");
    assert_eq!(
        text(purposes[0], "quote"),
        "To match students with tutors\n- The student’s grade level\n- The parent’s email address and phone number"
    );
    assert_eq!(categories(purposes[0]), ["grade_level", "email", "phone"]);
    assert!(entries(&drafted, "gaps").iter().any(|g| text(g, "about") == "minors"));
}

#[test]
fn a_draft_goes_to_stdout_and_bad_inputs_are_named() {
    let tree = Tree::new();
    tree.file("policy.txt", "Privacy\nTo send our newsletter\n- Your email address\n");
    let run = tree.run(&["policy", "draft", "policy.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("categories = [\"email\"]"), "{}", run.stdout);
    let missing = tree.run(&["policy", "draft", "nowhere.txt"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nowhere.txt") && missing.stderr.contains("cannot read"), "{}", missing.stderr);
    let terms = std::fs::read_to_string(repo_root().join("rules/categories/policy_terms.toml")).unwrap();
    tree.file("terms.toml", terms.replacen("ids = [\"email\"]", "ids = [\"emial\"]", 1));
    let bad = tree.run(&["policy", "draft", "policy.txt", "--terms", "terms.toml"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("terms.toml") && bad.stderr.contains("emial"), "{}", bad.stderr);
    // Overridable: a term added to a copy of the tables is used.
    tree.file(
        "terms.toml",
        terms.replacen("terms = [\"email address\",", "terms = [\"electronic mailbox\", \"email address\",", 1),
    );
    tree.file("other.txt", "Privacy\nTo send our newsletter\n- Your electronic mailbox\n");
    let own = tree.run(&["policy", "draft", "other.txt", "--terms", "terms.toml"]);
    assert!(own.stdout.contains("# inferred: email from \"electronic mailbox\""), "{}", own.stdout);
}

#[test]
fn personal_data_in_the_text_is_masked_in_the_draft_unless_revealed() {
    let tree = Tree::new();
    tree.file(
        "notes-jean.tremblay@example.com.txt",
        "Privacy\nTo answer requests\n- Your email address, e.g. jean.tremblay@example.com\n- Your phone number, e.g. 514-555-0199\nWe use your SIN 046 454 286 so that we can file taxes.\n",
    );
    let planted = ["jean.tremblay@example.com", "514-555-0199", "046 454 286"];
    let masked = tree.run(&["policy", "draft", "notes-jean.tremblay@example.com.txt"]);
    assert_eq!(masked.code, 0, "{}", masked.stderr);
    for value in planted {
        assert!(!masked.stdout.contains(value) && !masked.stderr.contains(value), "{value} leaked:\n{}", masked.stdout);
    }
    assert!(masked.stdout.contains("categories = [\"email\", \"phone\", \"sin\"]"), "{}", masked.stdout);
    assert!(
        masked.stdout.contains("e.g. j***@e*****.com") && masked.stdout.contains("*** *** 286"),
        "{}",
        masked.stdout
    );
    let revealed = tree.run(&["policy", "draft", "notes-jean.tremblay@example.com.txt", "--reveal"]);
    for value in planted {
        assert!(revealed.stdout.contains(value), "{value} not quoted with --reveal:\n{}", revealed.stdout);
    }
}

#[test]
fn every_file_of_the_corpora_gives_a_draft_that_validates() {
    // Logs, dumps, CSV, Parquet, SQLite, archives: not policies, but a draft that does not
    // validate (or a panic) on any input is a bug. `policy draft` checks its own output and
    // exits 2 if it fails.
    let tree = Tree::new();
    let mut files = Vec::new();
    let mut pending = vec![repo_root().join("corpora")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if entry.metadata().unwrap().len() < 2 << 20 {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 50, "{} files", files.len());
    for file in files {
        let run = run_in(tree.path(), &["policy", "draft", file.to_str().unwrap(), "-o", "draft.toml"]);
        assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
    }
}
