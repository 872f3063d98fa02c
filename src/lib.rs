//! piimap finds personal data in a data estate.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! walk ──▶ source (read) ──▶ detect (match) ──▶ scan (findings, masked) ──▶ report
//! ```
//!
//! - [`walk`]: which files, honouring ignore files, in a stable order.
//! - [`source`]: bytes of a file as [`source::TextUnit`]s (chunked, bounded memory).
//! - [`detect`]: one multi-pattern automaton for all [`rules`], validators, context.
//! - [`scan`]: parallel workers and an ordered aggregator; masking via [`redact`].
//! - [`report`]: sinks per output format.
//!
//! For CI gates, [`diff`] replaces the walk with the lines a git change adds,
//! and [`allow`] and [`baseline`] keep accepted findings out of the report.
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
pub mod paths;
pub mod policy;
pub mod redact;
pub mod report;
pub mod rules;
pub mod scan;
pub mod sink;
pub mod source;

pub use app::run;
