//! Command dispatch: runs each [`Task`] with the engine its config built.
//! No command-line type reaches here (see [`crate::config`]).

use std::fs::OpenOptions;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::os::unix::fs::OpenOptionsExt;

use crate::config::{InventoryConfig, ReportConfig, ScanConfig, TargetConfig, Task};
use crate::detect::{examples, Detector};
use crate::error::Error;
use crate::exit::ExitStatus;
use crate::input::{self, Inputs};
use crate::inventory::{self, evidence, Evidence, Inventory, InventorySink};
use crate::lang::Lang;
use crate::policy::{self, Vocabulary};
use crate::report::{self, BaselineSink, Format};
use crate::rules::RuleSet;
use crate::{hook, scan};

/// Runs a command.
pub fn run(task: Task) -> Result<ExitStatus, Error> {
    match task {
        Task::Scan(config) => scan_command(config),
        Task::Baseline { file, target } => baseline_command(&file, target),
        Task::Rules { rule_dirs, test, json } => rules_command(&rule_dirs, test, json),
        Task::InstallHook { repo, force } => install_hook_command(&repo, force),
        Task::Inventory(config) => inventory_command(config),
        Task::Merge { files, report } => merge_command(&files, &report),
        Task::Diff { old, new, report } => diff_command(&old, &new, &report),
        Task::Register { inventory, format, report } => register_command(&inventory, format, &report),
        Task::PolicyCheck(files) => policy_check(&files),
        Task::PolicyCategories => policy_categories(),
        Task::PolicyDraft { file, output, terms, markup, reveal } => {
            policy_draft(&file, output.as_deref(), terms.as_deref(), markup, reveal)
        }
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

/// Writes `inventory` in the report's language: `--lang`, else the policy's, else the locale's.
fn write_inventory(inventory: Inventory, report: &ReportConfig) -> Result<Inventory, Error> {
    let lang = Lang::resolve(report.lang, inventory.policy.policy.language.as_deref());
    let inventory = inventory.localized(lang, &Vocabulary::builtin());
    write_report(report, |out| inventory::render::write(&inventory, &report.render_options(), out))?;
    Ok(inventory)
}

fn write_report(report: &ReportConfig, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Error> {
    let path = report.output.clone().unwrap_or_else(|| "-".into());
    let output_error = |source: io::Error| Error::Output { path: path.clone(), source };
    let mut out = open_output(report.output.as_deref())?;
    render(&mut out).map_err(output_error)?;
    out.flush().map_err(output_error)
}

/// How this inventory was made: the evidence trail its readers check.
fn evidence_of(
    config: &InventoryConfig,
    engine: &crate::engine::Engine,
    summary: &crate::finding::Summary,
) -> Result<Evidence, Error> {
    let policy =
        std::fs::read(&config.policy).map_err(|err| Error::Usage(format!("{}: {err}", config.policy.display())))?;
    let target = &config.target;
    let roots = target
        .walk
        .paths
        .iter()
        .map(|path| path.display().to_string())
        .chain(target.databases.iter().cloned())
        .chain(target.objects.iter().cloned())
        .map(|root| evidence::shown_root(&root))
        .collect();
    let rules = engine.detector().rules().source_digest;
    Ok(Evidence {
        generated_at: evidence::generated_at(),
        piimap_version: env!("CARGO_PKG_VERSION").to_string(),
        roots,
        policy_sha256: evidence::sha256_hex(&policy),
        rules_sha256: rules.iter().map(|b| format!("{b:02x}")).collect(),
        fingerprint_key_id: engine.fingerprinter().key_id(),
        coverage: evidence::Coverage {
            sample_rows: summary.sample_rows,
            tables_sampled: summary.tables.iter().filter(|t| t.sample != "all rows").count() as u64,
            files_skipped_binary: summary.files_skipped_binary,
            files_skipped_too_large: summary.files_skipped_too_large,
            files_read_as_text: summary.files_read_as_text,
            read_errors: summary.errors,
        },
        merged_from: Vec::new(),
    })
}

fn inventory_command(config: InventoryConfig) -> Result<ExitStatus, Error> {
    let vocabulary = Vocabulary::builtin();
    let policy = policy::load(&config.policy, &vocabulary).map_err(Error::Usage)?;
    let target = &config.target;
    let engine = target.engine(None)?;
    let inputs = gather(target)?;
    let mut sink = InventorySink::new(engine.detector().rules(), &config.root);
    let outcome = engine.scan(inputs, &mut sink).map_err(|source| Error::Output { path: "-".into(), source })?;
    report_errors_and_summary(&outcome, true, Lang::En);
    let errors = sink
        .errors
        .iter()
        .map(|e| inventory::ErrorEntry { path: e.path.clone(), location: e.location.clone(), reason: e.reason.clone() })
        .collect();
    let mut inventory = inventory::evaluate(
        &policy,
        &vocabulary,
        &sink.observations,
        target.scan.min_confidence,
        sink.totals.clone(),
        errors,
    );
    inventory.evidence = Some(evidence_of(&config, &engine, &outcome.summary)?);
    let inventory = write_inventory(inventory, &config.report)?;
    if let Some(status) = interrupted(&outcome) {
        return Ok(status);
    }
    if !target.quiet {
        let s = &inventory.summary;
        match inventory.lang {
            Lang::En => eprintln!(
                "piimap: {}: {} undeclared, {} unexpected location, {} kept too long, {} covered, {} not personal ({} high, {} medium, {} low)",
                Lang::En.count(s.entries, ("location", "locations"), ("", "")),
                s.undeclared,
                s.unexpected_location,
                s.over_retention,
                s.covered,
                s.not_personal,
                s.high,
                s.medium,
                s.low
            ),
            Lang::Fr => eprintln!(
                "piimap : {} : {}, {} à un emplacement inattendu, {}, {}, {} (gravité : {} élevée, {} moyenne, {} faible)",
                Lang::Fr.count(s.entries, ("", ""), ("emplacement", "emplacements")),
                Lang::Fr.count(s.undeclared, ("", ""), ("non déclaré", "non déclarés")),
                s.unexpected_location,
                Lang::Fr.count(s.over_retention, ("", ""), ("conservé trop longtemps", "conservés trop longtemps")),
                Lang::Fr.count(s.covered, ("", ""), ("couvert", "couverts")),
                Lang::Fr.count(s.not_personal, ("", ""), ("non personnel", "non personnels")),
                s.high,
                s.medium,
                s.low
            ),
        }
    }
    let summary = &outcome.summary;
    if let ExitStatus::Error = ExitStatus::of_scan(0, summary.files_scanned, summary.errors, false) {
        return Ok(ExitStatus::Error);
    }
    Ok(if inventory.fails(config.report.fail_on) { ExitStatus::Findings } else { ExitStatus::Clean })
}

fn merge_command(files: &[std::path::PathBuf], report: &ReportConfig) -> Result<ExitStatus, Error> {
    let mut parts = Vec::with_capacity(files.len());
    for file in files {
        parts.push(read_inventory(file)?);
    }
    let inventory = inventory::merge(parts, &Vocabulary::builtin()).map_err(Error::Usage)?;
    let inventory = write_inventory(inventory, report)?;
    Ok(if inventory.fails(report.fail_on) { ExitStatus::Findings } else { ExitStatus::Clean })
}

fn read_inventory(file: &std::path::Path) -> Result<Inventory, Error> {
    let text = std::fs::read_to_string(file).map_err(|err| Error::Usage(format!("{}: {err}", file.display())))?;
    serde_json::from_str(&text).map_err(|err| {
        Error::Usage(format!("{}: not a piimap inventory (made with --format json?): {err}", file.display()))
    })
}

/// `piimap register INVENTORY`: the register of processing, in the report's
/// language (the inventory's policy decides it by default).
fn register_command(
    file: &std::path::Path,
    format: inventory::register::RegisterFormat,
    report: &ReportConfig,
) -> Result<ExitStatus, Error> {
    let inventory = read_inventory(file)?;
    let lang = Lang::resolve(report.lang, inventory.policy.policy.language.as_deref());
    let inventory = inventory.localized(lang, &Vocabulary::builtin());
    write_report(report, |out| inventory::register::write(&inventory, format, &report.render_options(), out))?;
    Ok(ExitStatus::Clean)
}

/// `piimap diff OLD NEW`: both inventories re-worded in the report's
/// language (the new one's policy decides it by default), then compared.
fn diff_command(old: &std::path::Path, new: &std::path::Path, report: &ReportConfig) -> Result<ExitStatus, Error> {
    let vocabulary = Vocabulary::builtin();
    let (before, after) = (read_inventory(old)?, read_inventory(new)?);
    let lang = Lang::resolve(report.lang, after.policy.policy.language.as_deref());
    let changes = inventory::diff::diff(&before.localized(lang, &vocabulary), &after.localized(lang, &vocabulary));
    write_report(report, |out| inventory::diff::write(&changes, &vocabulary, &report.render_options(), out))?;
    Ok(if changes.fails(report.fail_on) { ExitStatus::Findings } else { ExitStatus::Clean })
}

fn policy_check(files: &[std::path::PathBuf]) -> Result<ExitStatus, Error> {
    let vocabulary = Vocabulary::builtin();
    let mut failed = false;
    // Written, not printed: a closed pipe (`| head`) ends the listing instead of panicking.
    let mut out = io::stdout().lock();
    for file in files {
        match policy::load(file, &vocabulary) {
            Ok(policy) => {
                let categories: std::collections::BTreeSet<&str> =
                    policy.purposes.iter().flat_map(|p| p.categories.iter().map(String::as_str)).collect();
                let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
                let written = writeln!(
                    out,
                    "{}: ok ({}: {}, {}, {} recorded)",
                    file.display(),
                    policy.organization.name,
                    count(policy.purposes.len(), "purpose", "purposes"),
                    count(categories.len(), "category", "categories"),
                    count(policy.gaps.len(), "gap", "gaps")
                );
                match written {
                    Err(err) if err.kind() == io::ErrorKind::BrokenPipe => break,
                    Err(err) => return Err(Error::Output { path: "-".into(), source: err }),
                    Ok(()) => {}
                }
            }
            Err(message) => {
                eprintln!("{message}");
                failed = true;
            }
        }
    }
    Ok(if failed { ExitStatus::Findings } else { ExitStatus::Clean })
}

/// Drafts a policy file from a policy's text. The draft is checked as
/// `policy check` would before it is written: a draft that does not
/// validate is a bug, reported as one rather than handed to the reviewer.
fn policy_draft(
    file: &std::path::Path,
    output: Option<&std::path::Path>,
    terms: Option<&std::path::Path>,
    markup: Option<policy::draft::text::Markup>,
    reveal: bool,
) -> Result<ExitStatus, Error> {
    use policy::draft::{self, terms::Terms, text::Markup};
    let vocabulary = Vocabulary::builtin();
    // A policy is public text, but the file handed over may not be one (or may quote a
    // customer's email as an example, or be named after one): what the detector
    // recognizes is masked in the draft and in messages, as in any other output, unless --reveal.
    let detector = Detector::new(RuleSet::builtin()?)?;
    let mut scratch = detector.scratch();
    let mut mask_path = |path: &str| match crate::guard::guard_path(&detector, &mut scratch, path) {
        Some(guarded) if !reveal => guarded.text,
        _ => path.to_string(),
    };
    let shown_file = mask_path(&file.display().to_string());
    let source =
        mask_path(&file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned()));
    let read = |path: &std::path::Path, shown: &str| {
        std::fs::read(path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .map_err(|err| Error::Usage(format!("{shown}: cannot read: {err}")))
    };
    let terms = match terms {
        Some(path) => {
            let shown = mask_path(&path.display().to_string());
            Terms::parse(&read(path, &shown)?, &vocabulary).map_err(|err| Error::Usage(format!("{shown}: {err}")))?
        }
        None => Terms::builtin(),
    };
    let text = read(file, &shown_file)?;
    let markup = markup.unwrap_or_else(|| Markup::detect(file, &text));
    let mut drafted = draft::draft(&text, markup, &source, &terms);
    if !reveal {
        drafted.mask_words(|text| crate::guard::guard_text(&detector, &mut scratch, text));
    }
    let written = draft::write(&drafted);
    if let Err(errors) = policy::parse(&written, &vocabulary) {
        let first = errors.first().map(|e| format!("{}:{}: {}", e.line, e.column, e.message)).unwrap_or_default();
        return Err(Error::Usage(format!("{shown_file}: the draft does not validate (a bug in piimap): {first}")));
    }
    let mut out = open_output(output)?;
    let destination = output.map_or_else(|| "-".into(), std::path::Path::to_path_buf);
    out.write_all(written.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| Error::Output { path: destination, source })?;
    eprintln!(
        "piimap: drafted {} purposes and {} gaps from {shown_file}; review it, then run `piimap policy check`",
        drafted.purposes.len(),
        drafted.gaps.len(),
    );
    Ok(ExitStatus::Clean)
}

/// The vocabulary, one category a line. Written (not printed) so that a
/// closed pipe (`| head`) ends the listing instead of panicking.
fn policy_categories() -> Result<ExitStatus, Error> {
    let mut out = io::stdout().lock();
    let mut list = || -> io::Result<()> {
        writeln!(out, "{:<22} {:<9} {:<17} {:<52} NAME", "ID", "DETECTED", "SENSITIVITY", "FIDESLANG")?;
        for category in &Vocabulary::builtin().categories {
            writeln!(
                out,
                "{:<22} {:<9} {:<17} {:<52} {}",
                category.id,
                if category.detected { "yes" } else { "no" },
                category.sensitivity.map_or("", |class| class.as_str()),
                category.fideslang,
                category.name
            )?;
        }
        out.flush()
    };
    match list() {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output { path: "-".into(), source: err }),
        _ => Ok(ExitStatus::Clean),
    }
}

fn scan_command(config: ScanConfig) -> Result<ExitStatus, Error> {
    let target = &config.target;
    let engine = target.engine(config.baseline.as_deref())?;
    let inputs = gather(target)?;
    if target.scan.reveal && std::io::stderr().is_terminal() {
        eprintln!("piimap: warning: --reveal prints raw personal data; do not paste this output anywhere shared");
    }
    let output_path = config.output.clone().unwrap_or_else(|| "-".into());
    let output_error = |source: io::Error| Error::Output { path: output_path.clone(), source };
    // Owner-only: a report (especially with --reveal) is itself personal data.
    let out = open_output(config.output.as_deref())?;
    let mut sink = report::output(config.format, out, engine.detector().shared_rules(), config.lang);
    let outcome = engine.scan(inputs, sink.as_mut()).map_err(output_error)?;
    report_errors_and_summary(&outcome, target.quiet || config.format == Format::Table, config.lang);
    if let Some(status) = interrupted(&outcome) {
        return Ok(status);
    }
    let summary = &outcome.summary;
    let status = ExitStatus::of_scan(summary.findings, summary.files_scanned, summary.errors, config.strict);
    Ok(if config.exit_zero && status == ExitStatus::Findings { ExitStatus::Clean } else { status })
}

/// What to scan: a git change, or a walk of the paths; then the tables of
/// the databases and the objects of the buckets named, in that order.
fn gather(target: &TargetConfig) -> Result<Inputs, Error> {
    let mut inputs = match &target.change {
        Some(change) => {
            let (root, files) = input::git::changed_files(&target.walk.paths[0], change).map_err(Error::Usage)?;
            input::git::inputs(&root, files)
        }
        None => input::walk::walk(&target.walk).map_err(Error::Usage)?,
    };
    if !target.databases.is_empty() {
        inputs.extend(input::database::inputs(&target.databases, &target.database));
    }
    if !target.objects.is_empty() {
        inputs.extend(input::object::inputs(&target.objects, &target.object_settings));
    }
    Ok(inputs)
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

fn report_errors_and_summary(outcome: &scan::ScanOutcome, quiet: bool, lang: Lang) {
    for error in &outcome.errors {
        eprintln!("piimap: {error}");
    }
    for notice in &outcome.notices {
        eprintln!("piimap: note: {notice}");
    }
    if quiet {
        return;
    }
    let s = &outcome.summary;
    let allowed = s.allowed_by_config + s.allowed_inline + s.baselined;
    let (config, inline, baseline) = (s.allowed_by_config, s.allowed_inline, s.baselined);
    match lang {
        Lang::En => eprintln!(
            "piimap: {} findings in {} of {} files ({} bytes) in {:.2} s; {} below --min-confidence {}; \
             {allowed} allowed (config {config}, inline {inline}, baseline {baseline}); {} binary skipped; {} errors",
            s.findings,
            s.files_with_findings,
            s.files_scanned,
            s.bytes_scanned,
            s.elapsed_seconds,
            s.below_threshold,
            s.min_confidence,
            s.files_skipped_binary,
            s.errors
        ),
        Lang::Fr => eprintln!(
            "piimap : {} constats dans {} de {} fichiers ({} octets) en {:.2} s ; {} sous --min-confidence {} ; \
             {allowed} permis (config {config}, en ligne {inline}, référence {baseline}) ; {} binaires ignorés ; {} erreurs",
            s.findings,
            s.files_with_findings,
            s.files_scanned,
            s.bytes_scanned,
            s.elapsed_seconds,
            s.below_threshold,
            s.min_confidence,
            s.files_skipped_binary,
            s.errors
        ),
    }
}

fn baseline_command(file: &std::path::Path, target: TargetConfig) -> Result<ExitStatus, Error> {
    let engine = target.engine(None)?;
    if engine.fingerprinter().scope == "run" {
        return Err(Error::Usage(
            "a baseline needs a stable fingerprint key: set PIIMAP_FINGERPRINT_KEY or pass --key-file \
             (keep the key out of the repository)"
                .into(),
        ));
    }
    let inputs = gather(&target)?;
    let mut sink =
        BaselineSink::new(file.to_path_buf(), engine.fingerprinter(), engine.detector().shared_rules().clone());
    let outcome =
        engine.scan(inputs, &mut sink).map_err(|source| Error::Output { path: file.to_path_buf(), source })?;
    report_errors_and_summary(&outcome, true, Lang::En);
    if !target.quiet {
        eprintln!(
            "piimap: baseline {}: {} entries from {} findings in {} files",
            file.display(),
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

fn install_hook_command(dir: &std::path::Path, force: bool) -> Result<ExitStatus, Error> {
    let exe = std::env::current_exe().unwrap_or_else(|_| "piimap".into());
    let hook = hook::install(dir, force, &exe).map_err(Error::Usage)?;
    println!("piimap: installed {}", hook.display());
    Ok(ExitStatus::Clean)
}

fn rules_command(rule_dirs: &[std::path::PathBuf], test: bool, json: bool) -> Result<ExitStatus, Error> {
    let detector = Detector::new(RuleSet::with_overrides(rule_dirs)?)?;
    let rules = detector.rules();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let write_error = |source: io::Error| Error::Output { path: "-".into(), source };
    if test {
        let failures = examples::check_examples(&detector);
        let total: usize = rules.rules.iter().map(|r| r.examples.len() + r.counterexamples.len()).sum();
        for failure in &failures {
            writeln!(out, "FAIL {} ({}): {:?}: {}", failure.rule, failure.source, failure.text, failure.problem)
                .map_err(write_error)?;
        }
        writeln!(out, "{} passed, {} failed", total - failures.len(), failures.len()).map_err(write_error)?;
        return Ok(if failures.is_empty() { ExitStatus::Clean } else { ExitStatus::Findings });
    }
    if json {
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
                    "context_confidence": rule.context_confidence,
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
    // CONFIDENCE: alone / beside a keyword or column (`-` alone: the rule needs context).
    writeln!(out, "{:<24} {:<16} {:<14} {:<16} DESCRIPTION", "ID", "CATEGORY", "CONFIDENCE", "VALIDATOR")
        .map_err(write_error)?;
    for rule in &rules.rules {
        let alone = if rule.requires_context { "-".to_string() } else { rule.confidence.to_string() };
        let confidence = format!("{alone}/{}", rule.context_confidence);
        writeln!(
            out,
            "{:<24} {:<16} {:<14} {:<16} {}",
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
