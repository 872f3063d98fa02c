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
    /// Scan files and directories (or a git change) for personal data.
    Scan(ScanArgs),
    /// Record the current findings in FILE, so later scans report only new ones.
    Baseline(BaselineArgs),
    /// List the active rules, or test their examples.
    Rules(RulesArgs),
    /// Install a git pre-commit hook that runs `piimap scan --staged`.
    InstallHook(InstallHookArgs),
    /// Scan, then check what was found against a policy's declared purposes.
    Inventory(InventoryArgs),
    /// Combine inventories of shards of one export (`--format json` outputs) into one.
    Merge(MergeArgs),
    /// Compare two inventories (`--format json` outputs): new, resolved and changed flags and locations.
    Diff(DiffArgs),
    /// Write the register of processing (purpose × category, from an inventory's `--format json` output).
    Register(RegisterArgs),
    /// Validate policy files, or list the categories they may declare.
    Policy(PolicyArgs),
}

/// Inventory report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InventoryFormatArg {
    /// Markdown: fits a pull-request comment or a compliance file (default).
    Markdown,
    /// The versioned JSON document (`piimap.inventory/1`; `piimap.diff/1` from diff), for other tools and `piimap merge`.
    Json,
    /// One row per (location, category), for a spreadsheet.
    Csv,
    /// One self-contained HTML page.
    Html,
}

/// Which flags make the exit status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    /// Categories no purpose declares (kept past the promise to destroy
    /// accidental data, or not dated).
    Undeclared,
    /// Every flag: those, declared categories found where no declaring purpose
    /// puts them, values kept longer than their retention; and data sent
    /// outside Quebec with no privacy impact assessment the policy mentions.
    Unexpected,
    /// Never (exit 0 unless something went wrong).
    None,
}

/// Flags of `piimap inventory`.
#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// What to scan.
    #[command(flatten)]
    pub target: TargetArgs,

    /// The policy file to check against (see rules/policies/).
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,

    /// Report format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: InventoryFormatArg,

    /// Report paths relative to DIR, and match the policy's `paths` globs against them
    /// [default: the PATH when it is one directory, else .]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Output, language and exit status.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// How an inventory report is written, shared by `inventory`, `merge` and `diff`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Write the report to FILE (owner-only permissions).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit 1 when these flags are raised (for `diff`: when such a flag is new).
    #[arg(long, value_enum, default_value = "unexpected")]
    pub fail_on: FailOnArg,

    /// Report language [default: the policy's language, else the locale's (LC_ALL, LANG), else en].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// CSV field separator: ';' for spreadsheet software set to French (Canada).
    #[arg(long, value_name = "CHAR", default_value = ",", value_parser = csv_delimiter)]
    pub csv_delimiter: u8,
}

/// Report languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// French.
    Fr,
}

fn csv_delimiter(text: &str) -> Result<u8, String> {
    match text.as_bytes() {
        [byte] if byte.is_ascii() && !byte.is_ascii_alphanumeric() && *byte != b'"' && *byte != b'\n' => Ok(*byte),
        _ if text == "\\t" || text == "tab" => Ok(b'\t'),
        _ => Err("one ASCII punctuation character (',', ';', '|') or 'tab'".into()),
    }
}

/// Flags of `piimap merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Inventories made with `--format json` (same policy, same --min-confidence).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Report format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: InventoryFormatArg,

    /// Output, language and exit status.
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Register formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegisterFormatArg {
    /// Markdown (default).
    Markdown,
    /// CSV with fides datamap export columns.
    Csv,
    /// One self-contained HTML page.
    Html,
    /// The rows as JSON (piimap.register/1).
    Json,
    /// A fideslang Dataset manifest (JSON, which fides reads as YAML) of what was found.
    FidesDataset,
}

/// Flags of `piimap register`.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// An inventory (`piimap inventory --format json`).
    #[arg(value_name = "INVENTORY")]
    pub inventory: PathBuf,

    /// Format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: RegisterFormatArg,

    /// Output and language (`--fail-on` is ignored).
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Flags of `piimap diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier inventory (`--format json`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later inventory (`--format json`).
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Report format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: InventoryFormatArg,

    /// Output, language and exit status (exit 1 on a new flag).
    #[command(flatten)]
    pub report: ReportArgs,
}

/// `piimap policy`.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: PolicyCommand,
}

/// Subcommands of `piimap policy`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Validate policy files: unknown categories, duplicate ids, bad globs... with line and column.
    Check {
        /// Policy files.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// List the categories a policy may declare, with their fideslang keys.
    Categories,
    /// Draft a policy file from a privacy policy's text (English or French; plain text, Markdown
    /// or HTML), for a person to review: purposes with their quotes, categories, data uses,
    /// retention, and gaps. Review it, then `piimap policy check` it.
    Draft {
        /// The privacy policy (.txt, .md, .html).
        #[arg(value_name = "POLICY")]
        file: PathBuf,
        /// Write the draft to FILE instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Term tables to use instead of the built-in rules/categories/policy_terms.toml.
        #[arg(long, value_name = "FILE")]
        terms: Option<PathBuf>,
        /// How the text is marked up [default: from the extension, else sniffed].
        #[arg(long, value_enum, value_name = "MARKUP")]
        markup: Option<MarkupArg>,
        /// Quote personal data the text holds (an email, a phone number...) as written, not masked.
        #[arg(long)]
        reveal: bool,
    },
}

/// Markup of a policy text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkupArg {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML (markup stripped).
    Html,
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
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

/// What to scan and what to ignore: shared by `scan` and `baseline`.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Files or directories to scan [default: .]; also live databases (postgres://, mysql://,
    /// mariadb://) and object stores (s3://, gs://, az://). Keep passwords out of URLs: PGPASSWORD,
    /// ~/.pgpass and MYSQL_PWD are read.
    #[arg(value_name = "PATH|URL")]
    pub paths: Vec<PathBuf>,

    /// Scan only the lines the staged change adds (the index against HEAD).
    #[arg(long, conflicts_with = "diff")]
    pub staged: bool,

    /// Scan only the lines added since REV (the working tree against REV, e.g. origin/main).
    #[arg(long, value_name = "REV")]
    pub diff: Option<String>,

    /// Report findings at this level or above: low, medium or high.
    #[arg(long, value_name = "LEVEL", default_value = "medium")]
    pub min_confidence: Confidence,

    /// Load more rule files from DIR (a rule with an existing id replaces it).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,

    /// Allowlist file [default: the nearest piimap.toml above the first PATH].
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Do not read any piimap.toml.
    #[arg(long)]
    pub no_config: bool,

    /// Allow findings in files matching GLOB (relative to the current directory; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub allow_path: Vec<String>,

    /// Allow findings of this rule id or category everywhere (repeatable).
    #[arg(long, value_name = "RULE")]
    pub allow_rule: Vec<String>,

    /// Read the fingerprint key from FILE instead of $PIIMAP_FINGERPRINT_KEY.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Do not honour .gitignore, .ignore or .piimapignore files.
    #[arg(long)]
    pub no_ignore: bool,

    /// Walk hidden directories too (.git/, .cache/, .venv/...). Hidden files (.env,
    /// .bash_history, .psql_history...) are always scanned.
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

    /// Read every file as FORMAT instead of guessing from its name (.gz/.zst still decompressed).
    #[arg(long = "as", value_enum, value_name = "FORMAT")]
    pub as_format: Option<AsFormat>,

    /// Whether the first row of a CSV/TSV file names its columns: auto judges it (a row of
    /// values, such as an email or a number, is data); no names columns column_1, column_2...
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub header: HeaderArg,

    /// Rows read per table: of structured files, every row unless N is given (the first N);
    /// of live databases, a sample of 10000 rows unless N (or `all`) is given.
    #[arg(long, value_name = "N|all", value_parser = parse_sample_rows)]
    pub sample_rows: Option<SampleRows>,

    /// Read only the database tables matching GLOB (over schema.table, or the table name when
    /// GLOB has no dot; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include_table: Vec<String>,

    /// Skip the database tables matching GLOB (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude_table: Vec<String>,

    /// Connections open at once to each database (tables are read in parallel up to -j).
    #[arg(long, value_name = "N", default_value = "4")]
    pub max_connections: usize,

    /// Longest one database statement may run (e.g. 30s, 5m, 1h); a table that takes longer is
    /// reported and the scan goes on.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5m")]
    pub db_timeout: std::time::Duration,

    /// The S3-compatible server for s3:// URLs (MinIO, Ceph, a moto server...), e.g.
    /// http://127.0.0.1:9000.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Longest record held in memory (an NDJSON line, a JSON array element, a dump line or statement);
    /// longer ones are reported and skipped.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    pub max_record_size: u64,

    /// Stop decompressing a .gz/.zst file after SIZE of output.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64G")]
    pub max_decompressed: u64,

    /// Stop decompressing once the output passes N times the compressed size (after 64 MiB).
    #[arg(long, value_name = "N", default_value = "1000")]
    pub max_ratio: u64,

    /// JSON nesting deeper than N is reported and not descended into.
    #[arg(long, value_name = "N", default_value = "128")]
    pub max_json_depth: usize,

    /// Skip (and report) Parquet row groups with more uncompressed column data than SIZE.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "4G")]
    pub max_row_group: u64,

    /// Read a CSV, NDJSON, JSON array or SQL dump file bigger than twice SIZE in pieces of about SIZE, on several workers.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "16M")]
    pub split_size: u64,

    /// Worker threads [default: number of cores]
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// No progress bar and no summary on stderr (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `--header`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HeaderArg {
    /// A first row that reads like names (no values, numbers, emails or dates) is the header.
    Auto,
    /// The first row is always the header.
    Yes,
    /// The first row is always data.
    No,
}

/// Formats `--as` can force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AsFormat {
    /// Bytes, in chunks (logs, prose, source).
    Text,
    /// Comma- (or sniffed-) delimited values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// One JSON document per line.
    Ndjson,
    /// A PostgreSQL or MySQL dump.
    Sql,
    /// A JSON document (a top-level array's elements are rows).
    Json,
    /// An Apache Parquet file.
    Parquet,
    /// A SQLite database.
    Sqlite,
}

/// Flags of `piimap scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// What to scan.
    #[command(flatten)]
    pub target: TargetArgs,

    /// Output format [default: table on a terminal, jsonl otherwise]
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// Language of the table and the summary [default: the locale's (LC_ALL, LANG), else en].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// Write the report to FILE (created with owner-only permissions).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Include raw values in the output (they are masked otherwise).
    #[arg(long)]
    pub reveal: bool,

    /// Report only findings that are not in this baseline (see `piimap baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Exit with status 2 if any file could not be read.
    #[arg(long)]
    pub strict: bool,

    /// Exit 0 even when findings are reported (report-only jobs).
    #[arg(long)]
    pub exit_zero: bool,
}

/// Flags of `piimap baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Baseline file to write (JSON; holds keyed fingerprints, never values).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// What to scan.
    #[command(flatten)]
    pub target: TargetArgs,
}

/// Flags of `piimap install-hook`.
#[derive(Debug, Args)]
pub struct InstallHookArgs {
    /// Repository to install into [default: the one containing the current directory].
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,

    /// Replace an existing pre-commit hook.
    #[arg(long)]
    pub force: bool,
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

/// `--sample-rows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleRows {
    /// Every row, databases included.
    All,
    /// The first (files) or a sample of (databases) N rows.
    Rows(u64),
}

/// Parses `--sample-rows`: a number, or `all`.
pub fn parse_sample_rows(text: &str) -> Result<SampleRows, String> {
    match text.trim() {
        "all" => Ok(SampleRows::All),
        number => {
            number.parse().map(SampleRows::Rows).map_err(|_| format!("invalid row count {text:?} (a number or all)"))
        }
    }
}

/// Parses a duration: `30s`, `5m`, `1h`, `250ms`, or seconds.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let invalid = || format!("invalid duration {text:?} (examples: 30s, 5m, 1h)");
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().map_err(|_| invalid())?;
    let seconds = match unit {
        "ms" => number / 1000.0,
        "" | "s" => number,
        "m" | "min" => number * 60.0,
        "h" => number * 3600.0,
        _ => return Err(invalid()),
    };
    std::time::Duration::try_from_secs_f64(seconds).map_err(|_| invalid())
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
    fn sample_rows_and_durations() {
        assert_eq!(parse_sample_rows("all"), Ok(SampleRows::All));
        assert_eq!(parse_sample_rows("500"), Ok(SampleRows::Rows(500)));
        assert!(parse_sample_rows("some").is_err());
        assert_eq!(parse_duration("30s"), Ok(std::time::Duration::from_secs(30)));
        assert_eq!(parse_duration("5m"), Ok(std::time::Duration::from_secs(300)));
        assert_eq!(parse_duration("250ms"), Ok(std::time::Duration::from_millis(250)));
        assert_eq!(parse_duration("2"), Ok(std::time::Duration::from_secs(2)));
        assert!(parse_duration("soon").is_err());
    }

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
        assert_eq!(args.target.min_confidence, Confidence::High);
        assert!(Cli::try_parse_from(["piimap", "scan", "--min-confidence", "sure"]).is_err());
    }

    #[test]
    fn test_defaults() {
        let cli = Cli::try_parse_from(["piimap", "scan"]).unwrap();
        let Command::Scan(args) = cli.command else { panic!("scan") };
        assert!(args.target.paths.is_empty() && !args.reveal && args.format.is_none());
        assert_eq!(args.target.min_confidence, Confidence::Medium);
    }

    #[test]
    fn test_staged_and_diff_conflict() {
        assert!(Cli::try_parse_from(["piimap", "scan", "--staged", "--diff", "HEAD~1"]).is_err());
        let cli = Cli::try_parse_from(["piimap", "baseline", "base.json", "src", "--staged"]).unwrap();
        let Command::Baseline(args) = cli.command else { panic!("baseline") };
        assert_eq!(args.file, PathBuf::from("base.json"));
        assert_eq!(args.target.paths, [PathBuf::from("src")]);
        assert!(args.target.staged);
    }

    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
