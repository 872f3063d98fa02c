//! Turns parsed flags into the settings each stage uses, resolving defaults that
//! depend on the environment (terminal or not, number of cores, nearest
//! `piimap.toml`, fingerprint key).

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::allow::AllowList;
use crate::cli::{AsFormat, FormatArg, HeaderArg, ScanArgs, TargetArgs};
use crate::input::git::ChangeSet;
use crate::input::walk::WalkOptions;
use crate::redact::Fingerprinter;
use crate::report::Format;
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
}

impl TargetConfig {
    /// Resolves `args`; fails on an unreadable or invalid `piimap.toml`.
    pub fn from_args(args: TargetArgs, reveal: bool) -> Result<TargetConfig, String> {
        let threads = args
            .threads
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let no_paths = args.paths.is_empty();
        let paths = if no_paths { vec![PathBuf::from(".")] } else { args.paths };
        let change = match (args.staged, args.diff) {
            (true, _) => Some(ChangeSet::Staged),
            (false, Some(rev)) => Some(ChangeSet::Since(rev)),
            (false, None) => None,
        };
        let mut allow = if args.no_config {
            AllowList::default()
        } else {
            match args.config.or_else(|| AllowList::discover(&paths[0])) {
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
                globs: args.glob,
                max_filesize: args.max_filesize,
                threads,
            },
            scan: ScanOptions {
                threads,
                min_confidence: args.min_confidence,
                reveal,
                progress: !args.quiet && std::io::stderr().is_terminal(),
                sample_rows: args.sample_rows,
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
        Ok(ScanConfig {
            target: TargetConfig::from_args(args.target, args.reveal)?,
            format,
            output: args.output,
            baseline: args.baseline,
            strict: args.strict,
            exit_zero: args.exit_zero,
        })
    }
}
