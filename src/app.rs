//! Command dispatch: builds each command's pieces and wires them together.

use std::fs::OpenOptions;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::os::unix::fs::OpenOptionsExt;

use crate::cli::{Cli, Command, RulesArgs, ScanArgs};
use crate::config::ScanConfig;
use crate::detect::{examples, Detector};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::redact::Fingerprinter;
use crate::report::{self, Format};
use crate::rules::RuleSet;
use crate::{scan, walk};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitStatus, Error> {
    match cli.command {
        Command::Scan(args) => scan_command(args),
        Command::Rules(args) => rules_command(args),
    }
}

fn scan_command(args: ScanArgs) -> Result<ExitStatus, Error> {
    let config = ScanConfig::from_args(args);
    let detector = Detector::new(RuleSet::with_overrides(&config.rule_dirs)?)?;
    let walked = walk::walk(&config.walk).map_err(Error::Usage)?;
    if config.scan.reveal && std::io::stderr().is_terminal() {
        eprintln!("piimap: warning: --reveal prints raw personal data; do not paste this output anywhere shared");
    }
    let output_path = config.output.clone().unwrap_or_else(|| "-".into());
    let output_error = |source: io::Error| Error::Output { path: output_path.clone(), source };
    let out: Box<dyn Write> = match &config.output {
        Some(path) => {
            // Owner-only: a report (especially with --reveal) is itself personal data.
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(path)
                .map_err(output_error)?;
            Box::new(BufWriter::with_capacity(1 << 16, file))
        }
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
    };
    let fingerprinter = Fingerprinter::from_env();
    let mut output = report::output(config.format, out, detector.rules());
    let outcome =
        scan::run(&config.scan, &detector, &fingerprinter, walked, output.sink.as_mut(), output.renderer.as_deref())
            .map_err(output_error)?;
    for error in &outcome.errors {
        eprintln!("piimap: {error}");
    }
    let summary = &outcome.summary;
    if !config.quiet && config.format != Format::Table {
        eprintln!(
            "piimap: {} findings in {} of {} files ({} bytes) in {:.2} s; {} below --min-confidence {}; {} binary skipped; {} errors",
            summary.findings,
            summary.files_with_findings,
            summary.files_scanned,
            summary.bytes_scanned,
            summary.elapsed_seconds,
            summary.below_threshold,
            summary.min_confidence,
            summary.files_skipped_binary,
            summary.errors
        );
    }
    Ok(ExitStatus::of_scan(summary.findings, summary.files_scanned, summary.errors, config.strict))
}

fn rules_command(args: RulesArgs) -> Result<ExitStatus, Error> {
    let detector = Detector::new(RuleSet::with_overrides(&args.rules)?)?;
    let rules = detector.rules();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let write_error = |source: io::Error| Error::Output { path: "-".into(), source };
    if args.test {
        let failures = examples::check_examples(&detector);
        let total: usize = rules.rules.iter().map(|r| r.examples.len() + r.counterexamples.len()).sum();
        for failure in &failures {
            writeln!(out, "FAIL {} ({}): {:?}: {}", failure.rule, failure.source, failure.text, failure.problem)
                .map_err(write_error)?;
        }
        writeln!(out, "{} passed, {} failed", total - failures.len(), failures.len()).map_err(write_error)?;
        return Ok(if failures.is_empty() { ExitStatus::Clean } else { ExitStatus::Findings });
    }
    if args.json {
        let list: Vec<_> = rules
            .rules
            .iter()
            .map(|rule| {
                let category = &rules.categories[rule.category];
                serde_json::json!({
                    "id": rule.id,
                    "category": category.name,
                    "fideslang": category.fideslang,
                    "confidence": rule.confidence,
                    "requires_context": rule.requires_context,
                    "validator": rule.validator.name(),
                    "description": rule.description,
                    "source": rule.source,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list).map_err(|e| write_error(e.into()))?;
        writeln!(out).map_err(write_error)?;
        return Ok(ExitStatus::Clean);
    }
    writeln!(out, "{:<24} {:<12} {:<10} {:<9} DESCRIPTION", "ID", "CATEGORY", "CONFIDENCE", "VALIDATOR")
        .map_err(write_error)?;
    for rule in &rules.rules {
        let confidence =
            if rule.requires_context { format!("{}+ctx", rule.confidence) } else { rule.confidence.to_string() };
        writeln!(
            out,
            "{:<24} {:<12} {:<10} {:<9} {}",
            rule.id,
            rules.categories[rule.category].name,
            confidence,
            rule.validator.name(),
            rule.description
        )
        .map_err(write_error)?;
    }
    Ok(ExitStatus::Clean)
}
