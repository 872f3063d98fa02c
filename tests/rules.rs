use crate::util::{json_lines, Tree};

#[test]
fn lists_every_builtin_rule() {
    let run = Tree::new().run(&["rules"]);
    assert_eq!(run.code, 0);
    for id in ["email", "phone-nanp", "phone-nanp-bare", "postal-code-ca", "sin-formatted", "sin-bare", "ipv4", "ipv6"]
    {
        assert!(run.stdout.lines().any(|line| line.starts_with(&format!("{id} "))), "{id} not listed:\n{}", run.stdout);
    }
    let json: serde_json::Value = serde_json::from_str(&Tree::new().run(&["rules", "--json"]).stdout).unwrap();
    let sin = json.as_array().unwrap().iter().find(|r| r["id"] == "sin-bare").unwrap();
    assert_eq!(sin["requires_context"], true);
    assert_eq!(sin["fideslang"], "user.government_id.national_identification_number");
}

#[test]
fn rules_test_runs_examples() {
    let run = Tree::new().run(&["rules", "--test"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with("passed, 0 failed"), "{}", run.stdout);

    let tree = Tree::new();
    tree.file(
        "mine/badge.toml",
        "category = \"badge\"\n[[rules]]\nid = \"badge\"\npattern = '''\\bB-\\d{6}\\b'''\nexamples = [\"none here\"]\n",
    );
    let run = tree.run(&["rules", "--test", "--rules", "mine"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("FAIL badge (mine/badge.toml)"), "{}", run.stdout);
}

#[test]
fn user_rules_add_and_override() {
    let tree = Tree::new();
    tree.file(
        "mine/badge.toml",
        "category = \"employee_badge\"\n[context]\nkeywords = [\"badge\"]\n[[rules]]\nid = \"badge\"\npattern = '''\\bB-\\d{6}\\b'''\n",
    );
    tree.file("mine/off.toml", "category = \"email\"\n[[rules]]\nid = \"email\"\nenabled = false\n");
    tree.file("data.txt", "badge B-123456 for jean@exemple.qc.ca\n");
    let findings = json_lines(&tree.run(&["scan", "data.txt", "--format", "jsonl", "--rules", "mine"]).stdout);
    let categories: Vec<_> = findings.iter().map(|f| f["category"].as_str().unwrap()).collect();
    assert_eq!(categories, ["employee_badge"], "new category found, email rule switched off");
    assert_eq!(findings[0]["masked"], "****56");
    assert_eq!(findings[0]["confidence"], "high", "medium by default, raised by its keyword");
}

#[test]
fn a_bad_rule_file_names_file_and_rule() {
    let tree = Tree::new();
    tree.file("bad/broken.toml", "category = \"x\"\n[[rules]]\nid = \"oops\"\npattern = '(unclosed'\n");
    tree.file("data.txt", "x\n");
    for args in [&["scan", "data.txt", "--rules", "bad"][..], &["rules", "--rules", "bad"][..]] {
        let run = tree.run(args);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("bad/broken.toml") && run.stderr.contains("\"oops\""), "{}", run.stderr);
    }
}

/// A new category is one rule file: its own mask and its own normalization,
/// so that two spellings of one value are one fingerprint.
#[test]
fn a_new_category_brings_its_mask_and_normalization() {
    let tree = Tree::new();
    tree.file(
        "mine/member.toml",
        "category = \"member_number\"\nmask = \"last4\"\nnormalize = \"digits\"\n\
         [context]\nkeywords = [\"member\", \"membre\"]\n\
         [[rules]]\nid = \"member-number\"\npattern = '''\\bM[- ]?\\d{4}[- ]?\\d{4}\\b'''\nanchor = \"[0-9]\"\n\
         examples = [\"member M-1234-5678\"]\ncounterexamples = [\"M12345\"]\n",
    );
    tree.file("data.txt", "member M-1234-5678\nmembre M 1234 5678\n");
    let run = tree.run(&["scan", "data.txt", "--format", "jsonl", "--rules", "mine"]);
    let findings = json_lines(&run.stdout);
    assert_eq!(findings.len(), 2, "{}", run.stderr);
    assert!(findings.iter().all(|f| f["category"] == "member_number" && f["masked"] == "****5678"));
    assert_eq!(findings[0]["fingerprint"], findings[1]["fingerprint"], "one value, two spellings");
    assert_eq!(tree.run(&["rules", "--test", "--rules", "mine"]).code, 0);
    tree.file("bad/x.toml", "category = \"x\"\nmask = \"stars\"\n[[rules]]\nid = \"x\"\npattern = '''x\\d'''\n");
    let bad = tree.run(&["scan", "data.txt", "--rules", "bad"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown mask \"stars\""), "{}", bad.stderr);
}
