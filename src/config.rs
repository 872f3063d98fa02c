//! Turns parsed flags into the settings each stage uses, resolving defaults that
//! depend on the environment (terminal or not, number of cores, nearest
//! `piimap.toml`, fingerprint key).
//!
//! This is where command-line parsing ends (ripgrep's low-level → high-level
//! arguments): [`Task::from_cli`] turns the clap structs into one task per
//! command, and no clap type goes further. [`TargetConfig::engine`] is the one
//! builder of the detector, fingerprint key and filters, for every command.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::allow::AllowList;
use crate::cli::{
    AsFormat, Cli, Command, FailOnArg, FormatArg, HeaderArg, InventoryFormatArg, LangArg, PolicyCommand,
    RegisterFormatArg, ReportArgs, SampleRows, ScanArgs, TargetArgs,
};
use crate::detect::Detector;
use crate::engine::Engine;
use crate::error::Error;
use crate::input::database::connect::is_database_url;
use crate::input::database::{DatabaseSettings, TableFilter, DEFAULT_SAMPLE_ROWS};
use crate::input::git::ChangeSet;
use crate::input::object::{is_object_url, ObjectSettings};
use crate::input::walk::WalkOptions;
use crate::inventory::register::RegisterFormat;
use crate::inventory::render::{InventoryFormat, RenderOptions};
use crate::inventory::FailOn;
use crate::lang::Lang;
use crate::redact::Fingerprinter;
use crate::report::Format;
use crate::rules::RuleSet;
use crate::scan::Filters;
use crate::scan::ScanOptions;

/// What to scan, with what rules, allowing what: shared by `scan` and `baseline`.
#[derive(Debug, Clone)]
pub struct TargetConfig {
    /// Walker settings (ignored for a git change).
    pub walk: WalkOptions,
    /// Scanner settings.
    pub scan: ScanOptions,
    /// A git change to scan instead of walking.
    pub change: Option<ChangeSet>,
    /// Live databases (URLs, credentials included: never shown).
    pub databases: Vec<String>,
    /// How databases are read.
    pub database: DatabaseSettings,
    /// Buckets and objects (URLs).
    pub objects: Vec<String>,
    /// How buckets are listed.
    pub object_settings: ObjectSettings,
    /// Extra rule directories.
    pub rule_dirs: Vec<PathBuf>,
    /// The allowlist in force.
    pub allow: AllowList,
    /// Fingerprint key source.
    pub key_file: Option<PathBuf>,
    /// No summary line on stderr.
    pub quiet: bool,
}

/// Everything `piimap scan` needs.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// What to scan.
    pub target: TargetConfig,
    /// Report format.
    pub format: Format,
    /// Report destination; stdout when `None`.
    pub output: Option<PathBuf>,
    /// Only report findings not in this baseline.
    pub baseline: Option<PathBuf>,
    /// Unreadable files make the exit status 2.
    pub strict: bool,
    /// Exit 0 even with findings.
    pub exit_zero: bool,
    /// Language of the table and the summary.
    pub lang: Lang,
}

impl TargetConfig {
    /// Resolves `args`; fails on an unreadable or invalid `piimap.toml`.
    pub fn from_args(args: TargetArgs, reveal: bool) -> Result<TargetConfig, String> {
        let threads = args
            .threads
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let no_paths = args.paths.is_empty();
        let (mut databases, mut objects, mut local) = (Vec::new(), Vec::new(), Vec::new());
        for path in args.paths {
            match path.to_str() {
                Some(url) if is_database_url(url) => databases.push(url.to_string()),
                Some(url) if is_object_url(url) => objects.push(url.to_string()),
                _ => local.push(path),
            }
        }
        let remote_only = local.is_empty() && !no_paths;
        if remote_only && (args.staged || args.diff.is_some()) {
            return Err("--staged and --diff scan a git repository, not a database or a bucket".into());
        }
        let paths = if no_paths { vec![PathBuf::from(".")] } else { local };
        let change = match (args.staged, args.diff) {
            (true, _) => Some(ChangeSet::Staged),
            (false, Some(rev)) => Some(ChangeSet::Since(rev)),
            (false, None) => None,
        };
        let mut allow = if args.no_config {
            AllowList::default()
        } else {
            let near = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
            match args.config.or_else(|| AllowList::discover(&near)) {
                Some(file) => AllowList::load(&file)?,
                None => AllowList::default(),
            }
        };
        allow.add_flags(&args.allow_path, &args.allow_rule)?;
        Ok(TargetConfig {
            walk: WalkOptions {
                paths,
                strip_dot_prefix: no_paths,
                hidden: args.hidden,
                no_ignore: args.no_ignore,
                follow: args.follow,
                globs: args.glob.clone(),
                max_filesize: args.max_filesize,
                threads,
            },
            databases,
            database: DatabaseSettings {
                sample_rows: match args.sample_rows {
                    None => Some(DEFAULT_SAMPLE_ROWS),
                    Some(SampleRows::All) => None,
                    Some(SampleRows::Rows(rows)) => Some(rows),
                },
                statement_timeout: args.db_timeout,
                max_connections: args.max_connections.max(1),
                tables: TableFilter::new(&args.include_table, &args.exclude_table)?,
                max_json_depth: args.max_json_depth,
                ..DatabaseSettings::default()
            },
            objects,
            object_settings: ObjectSettings {
                endpoint: args.endpoint,
                globs: args.glob,
                no_ignore: args.no_ignore,
                hidden: args.hidden,
                max_filesize: args.max_filesize,
            },
            scan: ScanOptions {
                date_rows: true,
                threads,
                min_confidence: args.min_confidence,
                reveal,
                progress: !args.quiet && std::io::stderr().is_terminal(),
                sample_rows: match args.sample_rows {
                    Some(SampleRows::Rows(rows)) => Some(rows),
                    Some(SampleRows::All) | None => None,
                },
                header: match args.header {
                    HeaderArg::Auto => crate::source::HeaderMode::Auto,
                    HeaderArg::Yes => crate::source::HeaderMode::Yes,
                    HeaderArg::No => crate::source::HeaderMode::No,
                },
                limits: crate::source::Limits {
                    max_record: usize::try_from(args.max_record_size).unwrap_or(usize::MAX),
                    max_decompressed: args.max_decompressed,
                    max_ratio: args.max_ratio.max(1),
                    max_json_depth: args.max_json_depth,
                    max_row_group: args.max_row_group,
                    split_size: args.split_size.max(1),
                },
                force_format: args.as_format.map(|format| match format {
                    AsFormat::Text => crate::source::Format::Text,
                    AsFormat::Csv => crate::source::Format::Csv(None),
                    AsFormat::Tsv => crate::source::Format::Csv(Some(b'\t')),
                    AsFormat::Ndjson => crate::source::Format::Ndjson,
                    AsFormat::Sql => crate::source::Format::Sql,
                    AsFormat::Json => crate::source::Format::Json,
                    AsFormat::Parquet => crate::source::Format::Parquet,
                    AsFormat::Sqlite => crate::source::Format::Sqlite,
                }),
            },
            change,
            rule_dirs: args.rules,
            allow,
            key_file: args.key_file,
            quiet: args.quiet,
        })
    }

    /// The fingerprint key: `--key-file`, else `$PIIMAP_FINGERPRINT_KEY`, else a per-run key.
    pub fn fingerprinter(&self) -> Result<Fingerprinter, String> {
        match &self.key_file {
            Some(file) => Fingerprinter::from_key_file(file),
            None => Ok(Fingerprinter::from_env()),
        }
    }
}

impl ScanConfig {
    /// Resolves `args`.
    pub fn from_args(args: ScanArgs) -> Result<ScanConfig, String> {
        let format = match args.format {
            Some(FormatArg::Table) => Format::Table,
            Some(FormatArg::Jsonl) => Format::Jsonl,
            Some(FormatArg::Json) => Format::Json,
            Some(FormatArg::Sarif) => Format::Sarif,
            None if args.output.is_none() && std::io::stdout().is_terminal() => Format::Table,
            None => Format::Jsonl,
        };
        let mut target = TargetConfig::from_args(args.target, args.reveal)?;
        // Rows are dated (for retention) only for a report that shows it: the JSON report's column profiles.
        target.scan.date_rows = format == Format::Json;
        Ok(ScanConfig {
            target,
            format,
            output: args.output,
            baseline: args.baseline,
            strict: args.strict,
            exit_zero: args.exit_zero,
            lang: Lang::resolve(lang_of(args.lang), None),
        })
    }
}

impl TargetConfig {
    /// The engine for this target: the rules (built-in and `--rules`), the
    /// fingerprint key, the allowlist, and `baseline` when given (which needs
    /// a stable key: a per-run key would match nothing).
    pub fn engine(&self, baseline: Option<&std::path::Path>) -> Result<Engine, Error> {
        let detector = Detector::new(RuleSet::with_overrides(&self.rule_dirs)?)?;
        let fingerprinter = self.fingerprinter().map_err(Error::Usage)?;
        let baseline = match baseline {
            Some(file) if fingerprinter.scope == "run" => {
                return Err(Error::Usage(format!(
                    "--baseline {}: set PIIMAP_FINGERPRINT_KEY or --key-file to the key the baseline was made with",
                    file.display()
                )))
            }
            Some(file) => Some(crate::baseline::Baseline::load(file, &fingerprinter).map_err(Error::Usage)?),
            None => None,
        };
        let filters = Filters { allow: self.allow.clone(), baseline };
        Ok(Engine::new(detector, fingerprinter, filters, self.scan.clone()))
    }
}

/// One command, its flags resolved.
#[derive(Debug)]
pub enum Task {
    /// `piimap scan`.
    Scan(ScanConfig),
    /// `piimap baseline FILE`.
    Baseline {
        /// The baseline file to write.
        file: PathBuf,
        /// What to scan.
        target: TargetConfig,
    },
    /// `piimap rules`.
    Rules {
        /// `--rules` directories.
        rule_dirs: Vec<PathBuf>,
        /// Run every example.
        test: bool,
        /// Print JSON.
        json: bool,
    },
    /// `piimap install-hook`.
    InstallHook {
        /// The repository.
        repo: PathBuf,
        /// Replace an existing hook.
        force: bool,
    },
    /// `piimap inventory`.
    Inventory(InventoryConfig),
    /// `piimap merge`.
    Merge {
        /// Inventories to combine.
        files: Vec<PathBuf>,
        /// Report.
        report: ReportConfig,
    },
    /// `piimap register INVENTORY`.
    Register {
        /// The inventory (JSON).
        inventory: PathBuf,
        /// What to write.
        format: RegisterFormat,
        /// Where, in which language.
        report: ReportConfig,
    },
    /// `piimap diff OLD NEW`.
    Diff {
        /// The earlier inventory.
        old: PathBuf,
        /// The later one.
        new: PathBuf,
        /// How to write the diff.
        report: ReportConfig,
    },
    /// `piimap policy check`.
    PolicyCheck(Vec<PathBuf>),
    /// `piimap policy categories`.
    PolicyCategories,
    /// `piimap policy draft`.
    PolicyDraft {
        /// The policy's text.
        file: PathBuf,
        /// Where to write the draft (stdout when `None`).
        output: Option<PathBuf>,
        /// Term tables replacing the built-in ones.
        terms: Option<PathBuf>,
        /// Markup, when given.
        markup: Option<crate::policy::draft::text::Markup>,
        /// Quote personal data unmasked.
        reveal: bool,
    },
}

/// Where and how an inventory is written, and when it fails the command.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// Report format.
    pub format: InventoryFormat,
    /// Destination; stdout when `None`.
    pub output: Option<PathBuf>,
    /// Which flags make the exit status 1.
    pub fail_on: FailOn,
    /// `--lang`; `None` lets the policy or the locale decide.
    pub lang: Option<Lang>,
    /// `--csv-delimiter`.
    pub csv_delimiter: u8,
}

impl ReportConfig {
    fn from_args(format: InventoryFormatArg, args: ReportArgs) -> ReportConfig {
        ReportConfig {
            format: inventory_format(format),
            output: args.output,
            fail_on: fail_on(args.fail_on),
            lang: lang_of(args.lang),
            csv_delimiter: args.csv_delimiter,
        }
    }

    /// How to render, once the language is known.
    pub fn render_options(&self) -> RenderOptions {
        RenderOptions { format: self.format, csv_delimiter: self.csv_delimiter }
    }
}

/// Everything `piimap inventory` needs.
#[derive(Debug)]
pub struct InventoryConfig {
    /// What to scan.
    pub target: TargetConfig,
    /// The policy file.
    pub policy: PathBuf,
    /// Paths are reported relative to this directory.
    pub root: PathBuf,
    /// The report.
    pub report: ReportConfig,
}

impl Task {
    /// Resolves a parsed command line.
    pub fn from_cli(cli: Cli) -> Result<Task, String> {
        Ok(match cli.command {
            Command::Scan(args) => Task::Scan(ScanConfig::from_args(args)?),
            Command::Baseline(args) => {
                Task::Baseline { file: args.file, target: TargetConfig::from_args(args.target, false)? }
            }
            Command::Rules(args) => Task::Rules { rule_dirs: args.rules, test: args.test, json: args.json },
            Command::InstallHook(args) => {
                Task::InstallHook { repo: args.repo.unwrap_or_else(|| ".".into()), force: args.force }
            }
            Command::Inventory(args) => {
                let target = TargetConfig::from_args(args.target, false)?;
                let root = args.root.unwrap_or_else(|| match target.walk.paths.as_slice() {
                    [single] if single.is_dir() => single.clone(),
                    _ => ".".into(),
                });
                let report = ReportConfig::from_args(args.format, args.report);
                Task::Inventory(InventoryConfig { target, policy: args.policy, root, report })
            }
            Command::Merge(args) => {
                Task::Merge { files: args.files, report: ReportConfig::from_args(args.format, args.report) }
            }
            Command::Register(args) => Task::Register {
                inventory: args.inventory,
                format: match args.format {
                    RegisterFormatArg::Markdown => RegisterFormat::Markdown,
                    RegisterFormatArg::Csv => RegisterFormat::Csv,
                    RegisterFormatArg::Html => RegisterFormat::Html,
                    RegisterFormatArg::Json => RegisterFormat::Json,
                    RegisterFormatArg::FidesDataset => RegisterFormat::FidesDataset,
                },
                report: ReportConfig::from_args(InventoryFormatArg::Markdown, args.report),
            },
            Command::Diff(args) => {
                Task::Diff { old: args.old, new: args.new, report: ReportConfig::from_args(args.format, args.report) }
            }
            Command::Policy(args) => match args.command {
                PolicyCommand::Check { files } => Task::PolicyCheck(files),
                PolicyCommand::Categories => Task::PolicyCategories,
                PolicyCommand::Draft { file, output, terms, markup, reveal } => {
                    use crate::policy::draft::text::Markup;
                    let markup = markup.map(|m| match m {
                        crate::cli::MarkupArg::Text => Markup::Plain,
                        crate::cli::MarkupArg::Markdown => Markup::Markdown,
                        crate::cli::MarkupArg::Html => Markup::Html,
                    });
                    Task::PolicyDraft { file, output, terms, markup, reveal }
                }
            },
        })
    }
}

fn lang_of(arg: Option<LangArg>) -> Option<Lang> {
    arg.map(|lang| match lang {
        LangArg::En => Lang::En,
        LangArg::Fr => Lang::Fr,
    })
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
