//! Command-line flags, as close to what the user types as possible.
//!
//! Only parsing and help live here; [`crate::config`] turns these into the
//! settings the pipeline uses. No clap type goes past `config.rs`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

use crate::finding::Confidence;

/// Find personal data (emails, phones, postal codes, SINs, IPs) in files.
#[derive(Debug, Parser)]
#[command(name = "piimap", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories for personal data.
    Scan(ScanArgs),
    /// List the active rules, or test their examples.
    Rules(RulesArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Summary per category and per file (default on a terminal).
    Table,
    /// One JSON finding per line (default otherwise).
    Jsonl,
    /// One JSON document: findings, summary, errors.
    Json,
}

/// Flags of `piimap scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format [default: table on a terminal, jsonl otherwise]
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// Write the report to FILE (created with owner-only permissions).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Report findings at this level or above: low, medium or high.
    #[arg(long, value_name = "LEVEL", default_value = "medium")]
    pub min_confidence: Confidence,

    /// Include raw values in the output (they are masked otherwise).
    #[arg(long)]
    pub reveal: bool,

    /// Load more rule files from DIR (a rule with an existing id replaces it).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Do not honour .gitignore, .ignore or .piimapignore files.
    #[arg(long)]
    pub no_ignore: bool,

    /// Scan hidden files and directories too.
    #[arg(long, short = '.')]
    pub hidden: bool,

    /// Follow symbolic links.
    #[arg(long, short = 'L')]
    pub follow: bool,

    /// Only scan files matching GLOB; prefix with ! to exclude (repeatable).
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,

    /// Skip files larger than SIZE (e.g. 500K, 20M, 2G).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_filesize: Option<u64>,

    /// Worker threads [default: number of cores]
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// No progress bar and no summary on stderr (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Exit with status 2 if any file could not be read.
    #[arg(long)]
    pub strict: bool,
}

/// Flags of `piimap rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Load more rule files from DIR, as `scan --rules` does.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Run every rule's examples and counterexamples; exit 1 if one fails.
    #[arg(long)]
    pub test: bool,

    /// Print the rules as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Parses `500`, `500K`, `20M`, `2G` (powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, multiplier) = match text.char_indices().last() {
        Some((i, 'K' | 'k')) => (&text[..i], 1u64 << 10),
        Some((i, 'M' | 'm')) => (&text[..i], 1 << 20),
        Some((i, 'G' | 'g')) => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    let value: u64 = digits.parse().map_err(|_| format!("invalid size {text:?} (examples: 500K, 20M, 2G)"))?;
    value.checked_mul(multiplier).ok_or_else(|| format!("size {text:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_max_filesize() {
        assert_eq!(parse_size("500"), Ok(500));
        assert_eq!(parse_size("2K"), Ok(2048));
        assert_eq!(parse_size("20M"), Ok(20 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("big").is_err());
        assert!(parse_size("99999999999G").is_err());
    }

    #[test]
    fn test_min_confidence() {
        let cli = Cli::try_parse_from(["piimap", "scan", "--min-confidence", "high"]).unwrap();
        let Command::Scan(args) = cli.command else { panic!("scan") };
        assert_eq!(args.min_confidence, Confidence::High);
        assert!(Cli::try_parse_from(["piimap", "scan", "--min-confidence", "sure"]).is_err());
    }

    #[test]
    fn test_defaults() {
        let cli = Cli::try_parse_from(["piimap", "scan"]).unwrap();
        let Command::Scan(args) = cli.command else { panic!("scan") };
        assert!(args.paths.is_empty() && !args.reveal && args.format.is_none());
        assert_eq!(args.min_confidence, Confidence::Medium);
    }

    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
