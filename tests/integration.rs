//! End-to-end tests: the real `piimap` binary, run in temporary directories.
//!
//! One test binary (see `Cargo.toml`), modules by subject. Try not to add more.

/// Running the binary and building temporary trees.
mod util;

/// Anchors: searching only around anchor bytes changes no result.
mod anchors;
/// Chaos: thousands of files, a fraction damaged; nothing else changes.
mod chaos;
/// Files cut into chunks: matches on the cuts, line numbers, thread counts.
mod chunks;
/// Flags, exit codes, output formats, safety defaults.
mod cli;
/// The labelled corpus: per-category precision and recall.
mod corpus;
/// Issue 22: `piimap policy draft` on the seeds (snapshots, coverage of the hand transcriptions), French, HTML.
mod drafts;
/// Fault handling: FIFOs, devices, symlink loops, odd names, files changing under the scan.
mod faults;
/// The CI gate: git changes, allowlists, baselines, SARIF, the pre-commit hook.
mod gate;
/// Policies, the inventory against them, merge, and the reports.
mod inventory;
/// Issue 16: live PostgreSQL and MariaDB databases and an S3 bucket, against real servers.
mod live;
/// The policy transcriptions against the seed policies' own words.
mod policies;
/// Properties: planted values found once whatever the cuts, masks, Luhn.
mod properties;
/// Issue 18: reports in French, the evidence trail, `diff`, CSV for spreadsheets, HTML printed to PDF.
mod reports;
/// Issue 19: retention on row dates, sensitivity and minors, the register of processing.
mod retention;
/// `piimap rules`: listing, example tests, user rule directories.
mod rules;
/// Issue 13: files read for what they are, values at their own places, no raw value printed.
mod trust;
