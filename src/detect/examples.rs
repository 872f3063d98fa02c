//! Runs every rule's examples and counterexamples through the real detector.
//!
//! Used by the test suite (every built-in rule) and by `piimap rules --test`, so
//! that a user's own rule files are checked the same way.

use super::Detector;
use crate::finding::Confidence;

/// An example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Rule id.
    pub rule: String,
    /// File the rule came from.
    pub source: String,
    /// The example text.
    pub text: String,
    /// What went wrong.
    pub problem: String,
}

/// Checks every example of every rule; returns the failures (empty when all pass).
pub fn check_examples(detector: &Detector) -> Vec<ExampleFailure> {
    let mut scratch = detector.scratch();
    let mut failures = Vec::new();
    for (index, rule) in detector.rules().rules.iter().enumerate() {
        let mut found = |text: &str| -> Vec<(Confidence, String)> {
            let mut found = Vec::new();
            detector.find(&mut scratch, text.as_bytes(), 0..text.len(), |m| {
                if m.rule == index {
                    found.push((m.confidence, String::from_utf8_lossy(&text.as_bytes()[m.start..m.end]).into_owned()));
                }
            });
            found
        };
        let mut fail = |text: &str, problem: String| {
            failures.push(ExampleFailure {
                rule: rule.id.clone(),
                source: rule.source.clone(),
                text: text.to_string(),
                problem,
            })
        };
        for example in &rule.examples {
            let matches = found(&example.text);
            let levels: Vec<Confidence> = matches.iter().map(|(level, _)| *level).collect();
            if let Some(values) = &example.values {
                let got: Vec<&str> = matches.iter().map(|(_, value)| value.as_str()).collect();
                if got != *values {
                    fail(&example.text, format!("example should match exactly {values:?}, matched {got:?}"));
                    continue;
                }
            }
            let ok = match example.confidence {
                None => levels.iter().any(|&level| level >= Confidence::Medium),
                Some(expected) => levels.contains(&expected),
            };
            if !ok {
                let wanted = example.confidence.map_or("medium or high".to_string(), |c| c.to_string());
                let got = if levels.is_empty() {
                    "nothing".to_string()
                } else {
                    levels.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")
                };
                fail(&example.text, format!("example should be found at {wanted}, found {got}"));
            }
        }
        for text in &rule.counterexamples {
            let matches = found(text);
            if !matches.is_empty() {
                fail(text, format!("counterexample was found ({} match(es))", matches.len()));
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn every_builtin_rule_example_and_counterexample_holds() {
        let detector = Detector::new(RuleSet::builtin().unwrap()).unwrap();
        let failures = check_examples(&detector);
        let report: Vec<String> =
            failures.iter().map(|f| format!("{} ({}): {:?}: {}", f.rule, f.source, f.text, f.problem)).collect();
        assert!(failures.is_empty(), "rule examples failed:\n{}", report.join("\n"));
        let total: usize = detector.rules().rules.iter().map(|r| r.examples.len() + r.counterexamples.len()).sum();
        assert!(total > 100, "expected a substantial example set, got {total}");
    }

    #[test]
    fn a_wrong_example_is_reported() {
        let mut rules = RuleSet::builtin().unwrap();
        rules
            .add_file(
                "mine.toml",
                "category = \"x\"\n[[rules]]\nid = \"digits\"\npattern = '''\\b\\d{4}\\b'''\n\
                 examples = [\"abc\"]\ncounterexamples = [\"1234\"]\n",
            )
            .unwrap();
        let failures = check_examples(&Detector::new(rules).unwrap());
        assert_eq!(failures.len(), 2, "{failures:#?}");
        assert!(failures.iter().all(|f| f.rule == "digits" && f.source == "mine.toml"));
    }
}
