//! `--format sarif`: SARIF 2.1.0, what GitHub code scanning and other SARIF
//! viewers read.
//!
//! Every rule is described in `tool.driver.rules` (description, help, default
//! level, category and fideslang id). Each finding is a result with its physical
//! location (line, column, byte offset and length), a level from its confidence
//! (`high` → `error`, `medium` → `warning`, `low` → `note`), the masked value in
//! its message, and the keyed value fingerprint as a partial fingerprint so that
//! viewers can track it across runs. No raw value is ever written, even with
//! `--reveal`: SARIF files are uploaded and shared. Unreadable files become tool
//! execution notifications.

use serde_json::json;
use std::io::{self, Write};
use std::sync::Arc;

use super::{FileName, Renderer, Sink, Summary, Wants};
use crate::finding::{Confidence, FileError, Finding};
use crate::rules::RuleSet;

/// Writes the SARIF document around results rendered by [`SarifRenderer`].
pub struct SarifSink<'a> {
    out: Box<dyn Write + 'a>,
    rules: Arc<RuleSet>,
    renderer: Arc<SarifRenderer>,
    first: bool,
}

impl<'a> SarifSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>, rules: Arc<RuleSet>) -> Self {
        let renderer = Arc::new(SarifRenderer::new(rules.clone()));
        SarifSink { out, rules, renderer, first: true }
    }
}

fn level(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::High => "error",
        Confidence::Medium => "warning",
        Confidence::Low => "note",
    }
}

impl Sink for SarifSink<'_> {
    fn wants(&self) -> Wants {
        Wants::Rendered(self.renderer.clone())
    }

    fn begin(&mut self) -> io::Result<()> {
        let rules: Vec<_> = self
            .rules
            .rules
            .iter()
            .map(|rule| {
                let category = &self.rules.categories[rule.category];
                let help = format!(
                    "{} found by rule `{}` ({}). Personal information should be kept only where a declared purpose needs it: \
                     remove it, replace it with synthetic data, or allow it explicitly (piimap.toml, a `piimap:allow {}` comment, or a baseline).",
                    category.description, rule.id, rule.description, category.name
                );
                json!({
                    "id": rule.id,
                    "name": rule.id,
                    "shortDescription": { "text": format!("{} ({})", category.description, category.name) },
                    "fullDescription": { "text": rule.description },
                    "help": { "text": help, "markdown": help },
                    "defaultConfiguration": { "level": level(rule.confidence) },
                    "properties": {
                        "category": category.name,
                        "fideslang": category.fideslang,
                        "tags": ["privacy", "personal-data", category.name],
                    },
                })
            })
            .collect();
        let driver = json!({
            "name": "piimap",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        write!(
            self.out,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{}}},\"results\":[",
            serde_json::to_string(&driver)?
        )
    }

    fn rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        let bytes = if self.first { bytes.strip_prefix(b",").unwrap_or(bytes) } else { bytes };
        self.first &= bytes.is_empty();
        self.out.write_all(bytes)
    }

    fn finish(&mut self, summary: &Summary, errors: &[FileError]) -> io::Result<()> {
        let notifications: Vec<_> =
            errors.iter().map(|error| json!({ "level": "error", "message": { "text": error.to_string() } })).collect();
        let invocation = json!({
            "executionSuccessful": !summary.interrupted,
            "toolExecutionNotifications": notifications,
            "properties": { "summary": summary },
        });
        write!(self.out, "\n],\"invocations\":[{}]}}]}}\n", serde_json::to_string(&invocation)?)?;
        self.out.flush()
    }
}

/// Renders SARIF result objects on the worker threads.
pub struct SarifRenderer {
    rules: Arc<RuleSet>,
}

impl SarifRenderer {
    /// A renderer for `rules` (rule indexes match the sink's `tool.driver.rules`).
    pub fn new(rules: Arc<RuleSet>) -> Self {
        SarifRenderer { rules }
    }
}

impl Renderer for SarifRenderer {
    fn render(&self, file: &FileName, findings: &[Finding], out: &mut Vec<u8>) {
        let uri = path_to_uri(file.display);
        for finding in findings {
            let rule = &self.rules.rules[finding.rule];
            let category = &self.rules.categories[rule.category];
            let length = finding.end - finding.start;
            let mut properties = json!({ "category": category.name, "confidence": finding.confidence });
            if let Some(context) = &finding.context {
                properties["context"] = json!(&**context);
            }
            if let Some(record) = &finding.record {
                properties["table"] = json!(&*record.table);
                properties["field"] = json!(&*record.field);
                properties["row"] = json!(record.row);
            }
            if let Some(kind) = finding.in_name {
                properties["in_name"] = json!(kind.as_str());
            }
            let mut physical = json!({ "artifactLocation": { "uri": uri } });
            if finding.has_position() {
                physical["region"] = json!({
                    "startLine": finding.line,
                    "startColumn": finding.column,
                    "endLine": finding.line,
                    "endColumn": finding.column + length,
                    "byteOffset": finding.start,
                    "byteLength": length,
                });
            }
            let mut location = json!({ "physicalLocation": physical });
            if let Some(record) = &finding.record {
                // Binary formats have no region: the column is where the value is.
                location["logicalLocations"] = json!([{
                    "fullyQualifiedName": format!("{}.{}", record.table, record.field),
                    "kind": "member",
                }]);
            }
            let result = json!({
                "ruleId": rule.id,
                "ruleIndex": finding.rule,
                "level": level(finding.confidence),
                "message": { "text": format!("{} ({}): {}", category.description, category.name, finding.masked) },
                "locations": [location],
                "partialFingerprints": { "piimapValue/v1": finding.fingerprint.to_string() },
                "properties": properties,
            });
            out.extend_from_slice(b",\n");
            serde_json::to_writer(&mut *out, &result).expect("serializing to a Vec cannot fail");
        }
    }
}

/// A path as a URI reference: relative paths stay relative (to the scan root),
/// absolute ones become `file://` URIs; anything but unreserved characters and
/// `/` is percent-encoded.
pub fn path_to_uri(path: &str) -> String {
    // Already a URL (a database, an object in a bucket): as it is.
    if let Some((scheme, _)) = path.split_once("://") {
        if !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) {
            return path.to_string();
        }
    }
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut uri = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        uri.push_str("file://");
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::path_to_uri;

    #[test]
    fn uris() {
        assert_eq!(path_to_uri("./src/a b.txt"), "src/a%20b.txt");
        assert_eq!(path_to_uri("/tmp/café.log"), "file:///tmp/caf%C3%A9.log");
        assert_eq!(path_to_uri("postgres://db:5432/crm"), "postgres://db:5432/crm");
        assert_eq!(path_to_uri("s3://bucket/a b.csv"), "s3://bucket/a b.csv");
        assert_eq!(path_to_uri("data/x_1-2.csv"), "data/x_1-2.csv");
    }
}
