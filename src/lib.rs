//! piimap finds personal data in a data estate.
//!
//! The pipeline, one module per stage (see `ARCHITECTURE.md`):
//!
//! ```text
//! input ──▶ scan: plan ──▶ source (read) ──▶ detect (match) ──▶ collect ──▶ order ──▶ sink (report)
//! ```
//!
//! - [`input`]: what is read (files walked, a git change's added lines, bytes
//!   or Arrow batches a caller hands in), in a stable order.
//! - [`source`]: one [`source::reader::Reader`] per structured format, looked
//!   up in [`source::registry`]; text in chunks ([`source::text`]).
//! - [`detect`]: one multi-pattern automaton for all [`rules`], validators, context.
//! - [`scan`]: jobs on parallel workers and an ordered writer; masks and
//!   keyed fingerprints via [`redact`], names guarded by [`guard`].
//! - [`sink`] and [`report`]: what each output format wants, and writes.
//! - [`inventory`] and [`policy`]: the findings against declared purposes.
//!
//! [`engine::Engine`] is the library API: the command line builds one in
//! [`config`] and scans inputs into a report; a caller scans bytes or record
//! batches into findings and column profiles. [`allow`] and [`baseline`] keep
//! accepted findings out of the report.
//!
//! # Example
//! ```
//! use piimap::{detect::Detector, rules::RuleSet};
//!
//! let detector = Detector::new(RuleSet::builtin().unwrap()).unwrap();
//! let mut scratch = detector.scratch();
//! let text = b"Courriel : jean@exemple.qc.ca, NAS 130 692 544";
//! let mut ids = Vec::new();
//! detector.find(&mut scratch, text, 0..text.len(), |m| ids.push(detector.rules().rules[m.rule].id.clone()));
//! assert_eq!(ids, ["email", "sin-formatted"]);
//! ```
#![deny(missing_docs)]

pub mod allow;
pub mod app;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod dates;
pub mod detect;
pub mod encoding;
pub mod engine;
pub mod error;
pub mod exit;
pub mod finding;
pub mod guard;
pub mod hook;
pub mod input;
pub mod inventory;
pub mod lang;
pub mod paths;
pub mod policy;
pub mod redact;
pub mod report;
pub mod rules;
pub mod scan;
pub mod sink;
pub mod source;

pub use app::run;
