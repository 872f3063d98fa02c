//! Command dispatch: builds each command's pieces and wires them together.

use std::fs::OpenOptions;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::os::unix::fs::OpenOptionsExt;

use crate::baseline::Baseline;
use crate::cli::{
    BaselineArgs, Cli, Command, FailOnArg, InstallHookArgs, InventoryArgs, InventoryFormatArg, MergeArgs, PolicyArgs,
    PolicyCommand, RulesArgs, ScanArgs,
};
use crate::config::{ScanConfig, TargetConfig};
use crate::detect::{examples, Detector};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::input::{self, Inputs};
use crate::inventory::render::InventoryFormat;
use crate::inventory::{self, FailOn, Inventory, InventorySink};
use crate::policy::{self, Vocabulary};
use crate::report::{self, BaselineSink, Format};
use crate::rules::RuleSet;
use crate::scan::Filters;
use crate::{hook, scan};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitStatus, Error> {
    match cli.command {
        Command::Scan(args) => scan_command(args),
        Command::Baseline(args) => baseline_command(args),
        Command::Rules(args) => rules_command(args),
        Command::InstallHook(args) => install_hook_command(args),
        Command::Inventory(args) => inventory_command(args),
        Command::Merge(args) => merge_command(args),
        Command::Policy(args) => policy_command(args),
    }
}

/// Opens the report destination: FILE, created owner-only (a report is itself
/// personal data, especially with `--reveal`), or stdout.
fn open_output(path: Option<&std::path::Path>) -> Result<Box<dyn Write>, Error> {
    match path {
        Some(path) => {
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(path)
                .map_err(|source| Error::Output { path: path.to_path_buf(), source })?;
            Ok(Box::new(BufWriter::with_capacity(1 << 16, file)))
        }
        None => Ok(Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock()))),
    }
}

fn inventory_format(format: InventoryFormatArg) -> InventoryFormat {
    match format {
        InventoryFormatArg::Markdown => InventoryFormat::Markdown,
        InventoryFormatArg::Json => InventoryFormat::Json,
        InventoryFormatArg::Csv => InventoryFormat::Csv,
        InventoryFormatArg::Html => InventoryFormat::Html,
    }
}

fn fail_on(arg: FailOnArg) -> FailOn {
    match arg {
        FailOnArg::Undeclared => FailOn::Undeclared,
        FailOnArg::Unexpected => FailOn::Unexpected,
        FailOnArg::None => FailOn::None,
    }
}

fn write_inventory(
    inventory: &Inventory,
    format: InventoryFormatArg,
    output: Option<&std::path::Path>,
) -> Result<(), Error> {
    let path = output.map_or_else(|| "-".into(), |p| p.to_path_buf());
    let output_error = |source: io::Error| Error::Output { path: path.clone(), source };
    let mut out = open_output(output)?;
    inventory::render::write(inventory, inventory_format(format), &mut out).map_err(output_error)?;
    out.flush().map_err(output_error)
}

fn inventory_command(args: InventoryArgs) -> Result<ExitStatus, Error> {
    let vocabulary = Vocabulary::builtin();
    let policy = policy::load(&args.policy, &vocabulary).map_err(Error::Usage)?;
    let target = TargetConfig::from_args(args.target, false).map_err(Error::Usage)?;
    let root = args.root.clone().unwrap_or_else(|| match target.walk.paths.as_slice() {
        [single] if single.is_dir() => single.clone(),
        _ => ".".into(),
    });
    let detector = Detector::new(RuleSet::with_overrides(&target.rule_dirs)?)?;
    let fingerprinter = target.fingerprinter().map_err(Error::Usage)?;
    let walked = gather(&target)?;
    let filters = Filters { allow: target.allow.clone(), baseline: None };
    let mut sink = InventorySink::new(detector.rules(), &root);
    let outcome = scan::run(&target.scan, &detector, &fingerprinter, &filters, walked, &mut sink)
        .map_err(|source| Error::Output { path: "-".into(), source })?;
    report_errors_and_summary(&outcome, true);
    let errors = sink
        .errors
        .iter()
        .map(|e| inventory::ErrorEntry { path: e.path.clone(), location: e.location.clone(), reason: e.reason.clone() })
        .collect();
    let inventory = inventory::evaluate(
        &policy,
        &vocabulary,
        &sink.observations,
        target.scan.min_confidence,
        sink.totals.clone(),
        errors,
    );
    write_inventory(&inventory, args.format, args.output.as_deref())?;
    if let Some(status) = interrupted(&outcome) {
        return Ok(status);
    }
    if !target.quiet {
        let s = &inventory.summary;
        eprintln!(
            "piimap: {} locations: {} undeclared, {} unexpected location, {} covered ({} high, {} medium, {} low)",
            s.entries, s.undeclared, s.unexpected_location, s.covered, s.high, s.medium, s.low
        );
    }
    let summary = &outcome.summary;
    if let ExitStatus::Error = ExitStatus::of_scan(0, summary.files_scanned, summary.errors, false) {
        return Ok(ExitStatus::Error);
    }
    Ok(if inventory.fails(fail_on(args.fail_on)) { ExitStatus::Findings } else { ExitStatus::Clean })
}

fn merge_command(args: MergeArgs) -> Result<ExitStatus, Error> {
    let mut parts = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let text = std::fs::read_to_string(file).map_err(|err| Error::Usage(format!("{}: {err}", file.display())))?;
        let part: Inventory = serde_json::from_str(&text).map_err(|err| {
            Error::Usage(format!("{}: not a piimap inventory (made with --format json?): {err}", file.display()))
        })?;
        parts.push(part);
    }
    let inventory = inventory::merge(parts, &Vocabulary::builtin()).map_err(Error::Usage)?;
    write_inventory(&inventory, args.format, args.output.as_deref())?;
    Ok(if inventory.fails(fail_on(args.fail_on)) { ExitStatus::Findings } else { ExitStatus::Clean })
}

fn policy_command(args: PolicyArgs) -> Result<ExitStatus, Error> {
    let vocabulary = Vocabulary::builtin();
    match args.command {
        PolicyCommand::Check { files } => {
            let mut failed = false;
            for file in &files {
                match policy::load(file, &vocabulary) {
                    Ok(policy) => {
                        let categories: std::collections::BTreeSet<&str> =
                            policy.purposes.iter().flat_map(|p| p.categories.iter().map(String::as_str)).collect();
                        println!(
                            "{}: ok ({}: {} purposes, {} categories, {} gaps recorded)",
                            file.display(),
                            policy.organization.name,
                            policy.purposes.len(),
                            categories.len(),
                            policy.gaps.len()
                        );
                    }
                    Err(message) => {
                        eprintln!("{message}");
                        failed = true;
                    }
                }
            }
            Ok(if failed { ExitStatus::Findings } else { ExitStatus::Clean })
        }
        PolicyCommand::Categories => {
            println!("{:<22} {:<9} {:<52} NAME", "ID", "DETECTED", "FIDESLANG");
            for category in &vocabulary.categories {
                println!(
                    "{:<22} {:<9} {:<52} {}",
                    category.id,
                    if category.detected { "yes" } else { "no" },
                    category.fideslang,
                    category.name
                );
            }
            Ok(ExitStatus::Clean)
        }
    }
}

fn scan_command(args: ScanArgs) -> Result<ExitStatus, Error> {
    let config = ScanConfig::from_args(args).map_err(Error::Usage)?;
    let target = &config.target;
    let detector = Detector::new(RuleSet::with_overrides(&target.rule_dirs)?)?;
    let fingerprinter = target.fingerprinter().map_err(Error::Usage)?;
    let baseline = match &config.baseline {
        Some(file) if fingerprinter.scope == "run" => {
            return Err(Error::Usage(format!(
                "--baseline {}: set PIIMAP_FINGERPRINT_KEY or --key-file to the key the baseline was made with",
                file.display()
            )))
        }
        Some(file) => Some(Baseline::load(file, &fingerprinter).map_err(Error::Usage)?),
        None => None,
    };
    let walked = gather(target)?;
    if target.scan.reveal && std::io::stderr().is_terminal() {
        eprintln!("piimap: warning: --reveal prints raw personal data; do not paste this output anywhere shared");
    }
    let output_path = config.output.clone().unwrap_or_else(|| "-".into());
    let output_error = |source: io::Error| Error::Output { path: output_path.clone(), source };
    // Owner-only: a report (especially with --reveal) is itself personal data.
    let out = open_output(config.output.as_deref())?;
    let filters = Filters { allow: target.allow.clone(), baseline };
    let mut sink = report::output(config.format, out, detector.shared_rules());
    let outcome =
        scan::run(&target.scan, &detector, &fingerprinter, &filters, walked, sink.as_mut()).map_err(output_error)?;
    report_errors_and_summary(&outcome, target.quiet || config.format == Format::Table);
    if let Some(status) = interrupted(&outcome) {
        return Ok(status);
    }
    let summary = &outcome.summary;
    let status = ExitStatus::of_scan(summary.findings, summary.files_scanned, summary.errors, config.strict);
    Ok(if config.exit_zero && status == ExitStatus::Findings { ExitStatus::Clean } else { status })
}

/// The files to scan: a git change, or a walk of the paths.
fn gather(target: &TargetConfig) -> Result<Inputs, Error> {
    match &target.change {
        Some(change) => {
            let (root, files) = input::git::changed_files(&target.walk.paths[0], change).map_err(Error::Usage)?;
            Ok(input::git::inputs(&root, files))
        }
        None => input::walk::walk(&target.walk).map_err(Error::Usage),
    }
}

/// After Ctrl-C: says so (the report is closed but holds only the files
/// finished before) and gives the exit status that tells scripts.
fn interrupted(outcome: &scan::ScanOutcome) -> Option<ExitStatus> {
    outcome.summary.interrupted.then(|| {
        eprintln!(
            "piimap: interrupted: the report is incomplete ({} files finished before Ctrl-C)",
            outcome.summary.files_scanned
        );
        ExitStatus::Interrupted
    })
}

fn report_errors_and_summary(outcome: &scan::ScanOutcome, quiet: bool) {
    for error in &outcome.errors {
        eprintln!("piimap: {error}");
    }
    for notice in &outcome.notices {
        eprintln!("piimap: note: {notice}");
    }
    if quiet {
        return;
    }
    let summary = &outcome.summary;
    eprintln!(
        "piimap: {} findings in {} of {} files ({} bytes) in {:.2} s; {} below --min-confidence {}; \
         {} allowed (config {}, inline {}, baseline {}); {} binary skipped; {} errors",
        summary.findings,
        summary.files_with_findings,
        summary.files_scanned,
        summary.bytes_scanned,
        summary.elapsed_seconds,
        summary.below_threshold,
        summary.min_confidence,
        summary.allowed_by_config + summary.allowed_inline + summary.baselined,
        summary.allowed_by_config,
        summary.allowed_inline,
        summary.baselined,
        summary.files_skipped_binary,
        summary.errors
    );
}

fn baseline_command(args: BaselineArgs) -> Result<ExitStatus, Error> {
    let target = TargetConfig::from_args(args.target, false).map_err(Error::Usage)?;
    let fingerprinter = target.fingerprinter().map_err(Error::Usage)?;
    if fingerprinter.scope == "run" {
        return Err(Error::Usage(
            "a baseline needs a stable fingerprint key: set PIIMAP_FINGERPRINT_KEY or pass --key-file \
             (keep the key out of the repository)"
                .into(),
        ));
    }
    let detector = Detector::new(RuleSet::with_overrides(&target.rule_dirs)?)?;
    let walked = gather(&target)?;
    let filters = Filters { allow: target.allow.clone(), baseline: None };
    let mut sink = BaselineSink::new(args.file.clone(), &fingerprinter, detector.shared_rules().clone());
    let outcome = scan::run(&target.scan, &detector, &fingerprinter, &filters, walked, &mut sink)
        .map_err(|source| Error::Output { path: args.file.clone(), source })?;
    report_errors_and_summary(&outcome, true);
    if !target.quiet {
        eprintln!(
            "piimap: baseline {}: {} entries from {} findings in {} files",
            args.file.display(),
            sink.written,
            outcome.summary.findings,
            outcome.summary.files_with_findings
        );
    }
    let summary = &outcome.summary;
    Ok(match ExitStatus::of_scan(summary.findings, summary.files_scanned, summary.errors, false) {
        ExitStatus::Error => ExitStatus::Error,
        _ => ExitStatus::Clean,
    })
}

fn install_hook_command(args: InstallHookArgs) -> Result<ExitStatus, Error> {
    let dir = args.repo.unwrap_or_else(|| ".".into());
    let exe = std::env::current_exe().unwrap_or_else(|_| "piimap".into());
    let hook = hook::install(&dir, args.force, &exe).map_err(Error::Usage)?;
    println!("piimap: installed {}", hook.display());
    Ok(ExitStatus::Clean)
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
