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
