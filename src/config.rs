//! Turns parsed flags into the settings each stage uses, resolving defaults that
//! depend on the environment (terminal or not, number of cores).

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{FormatArg, ScanArgs};
use crate::report::Format;
use crate::scan::ScanOptions;
use crate::walk::WalkOptions;

/// Everything `piimap scan` needs.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// Walker settings.
    pub walk: WalkOptions,
    /// Scanner settings.
    pub scan: ScanOptions,
    /// Report format.
    pub format: Format,
    /// Report destination; stdout when `None`.
    pub output: Option<PathBuf>,
    /// Extra rule directories.
    pub rule_dirs: Vec<PathBuf>,
    /// No summary line on stderr.
    pub quiet: bool,
    /// Unreadable files make the exit status 2.
    pub strict: bool,
}

impl ScanConfig {
    /// Resolves `args`.
    pub fn from_args(args: ScanArgs) -> ScanConfig {
        let threads = args
            .threads
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let no_paths = args.paths.is_empty();
        let paths = if no_paths { vec![PathBuf::from(".")] } else { args.paths };
        let format = match args.format {
            Some(FormatArg::Table) => Format::Table,
            Some(FormatArg::Jsonl) => Format::Jsonl,
            Some(FormatArg::Json) => Format::Json,
            None if args.output.is_none() && std::io::stdout().is_terminal() => Format::Table,
            None => Format::Jsonl,
        };
        ScanConfig {
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
                reveal: args.reveal,
                progress: !args.quiet && std::io::stderr().is_terminal(),
            },
            format,
            output: args.output,
            rule_dirs: args.rules,
            quiet: args.quiet,
            strict: args.strict,
        }
    }
}
