//! The evidence trail of an inventory: what a privacy officer signing it, or
//! an auditor reading it a year later, needs to know about how it was made.
//!
//! When it was made, by which piimap, over which roots, against which policy
//! file (its SHA-256) and which rules (a digest of their text), with which
//! fingerprint key (an id derived from the key, never the key: fingerprints in
//! two inventories compare only when the ids match), and what was sampled or
//! skipped. `piimap merge` refuses shards whose policy, rules or key differ,
//! and keeps each shard's evidence.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How an inventory was made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// When, in UTC (RFC 3339). `SOURCE_DATE_EPOCH` fixes it, for reproducible reports.
    pub generated_at: String,
    /// piimap's version.
    pub piimap_version: String,
    /// The paths and URLs scanned, as given (URLs without passwords or query strings).
    pub roots: Vec<String>,
    /// SHA-256 of the policy file's bytes.
    pub policy_sha256: String,
    /// SHA-256 over the text of every active rule file, in load order.
    pub rules_sha256: String,
    /// An id of the fingerprint key (not the key); `None` for a per-run key,
    /// whose fingerprints compare with nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint_key_id: Option<String>,
    /// What was sampled or skipped.
    pub coverage: Coverage,
    /// For a merged inventory: each shard's evidence, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<Evidence>,
}

/// What the scan did not read in full.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// `--sample-rows`: only the first N rows of each table or structured file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_rows: Option<u64>,
    /// Live tables read from a sample rather than in full.
    #[serde(default)]
    pub tables_sampled: u64,
    /// Files skipped as binary.
    #[serde(default)]
    pub files_skipped_binary: u64,
    /// Files skipped for exceeding `--max-filesize`.
    #[serde(default)]
    pub files_skipped_too_large: u64,
    /// Structured-looking files read as text because they did not parse.
    #[serde(default)]
    pub files_read_as_text: u64,
    /// Files or parts of files that could not be read.
    #[serde(default)]
    pub read_errors: u64,
}

impl Coverage {
    fn add(&mut self, other: &Coverage) {
        self.sample_rows = self.sample_rows.max(other.sample_rows);
        self.tables_sampled += other.tables_sampled;
        self.files_skipped_binary += other.files_skipped_binary;
        self.files_skipped_too_large += other.files_skipped_too_large;
        self.files_read_as_text += other.files_read_as_text;
        self.read_errors += other.read_errors;
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A root as the evidence may show it: a URL loses its user, password and
/// query string (where `sslpassword=` and tokens live), as the scan's own
/// locations do; a path stays as given.
pub fn shown_root(root: &str) -> String {
    if !root.contains("://") {
        return root.to_string();
    }
    match url::Url::parse(root) {
        Ok(mut url) => {
            let _ = url.set_password(None);
            let _ = url.set_username("");
            url.set_query(None);
            url.set_fragment(None);
            url.to_string()
        }
        // Unparsable: keep the scheme only rather than risk a password.
        Err(_) => format!("{}://…", root.split("://").next().unwrap_or("")),
    }
}

/// Now, or `SOURCE_DATE_EPOCH` when set, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn generated_at() -> String {
    rfc3339(now())
}

/// The day the report is made (UTC): what retention periods count back
/// from. `SOURCE_DATE_EPOCH` fixes it, as it fixes `generated_at`.
pub fn today() -> crate::dates::Date {
    crate::dates::Date::from_unix_days(now().div_euclid(86_400))
}

fn now() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs() as i64)
    })
}

fn rfc3339(seconds: i64) -> String {
    let date = crate::dates::Date::from_unix_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!("{}T{:02}:{:02}:{:02}Z", date.iso(), of_day / 3600, of_day % 3600 / 60, of_day % 60)
}

/// The evidence of a merge: now, this piimap, every shard's roots, and the
/// shards' policy, rules and key, which must agree.
pub fn merged(parts: Vec<Option<Evidence>>) -> Result<Option<Evidence>, String> {
    let known: Vec<(usize, Evidence)> =
        parts.into_iter().enumerate().filter_map(|(index, e)| e.map(|e| (index + 1, e))).collect();
    let Some((_, first)) = known.first() else { return Ok(None) };
    for (input, evidence) in &known {
        let differs = |what: &str| format!("input {input}: made with {what} than input {}", known[0].0);
        if evidence.policy_sha256 != first.policy_sha256 {
            return Err(differs("another policy file (SHA-256)"));
        }
        if evidence.rules_sha256 != first.rules_sha256 {
            return Err(differs("other rules (--rules or another piimap)"));
        }
        if evidence.fingerprint_key_id != first.fingerprint_key_id {
            return Err(differs("another fingerprint key"));
        }
    }
    let mut coverage = Coverage::default();
    for (_, evidence) in &known {
        coverage.add(&evidence.coverage);
    }
    Ok(Some(Evidence {
        generated_at: generated_at(),
        piimap_version: env!("CARGO_PKG_VERSION").to_string(),
        roots: known.iter().flat_map(|(_, e)| e.roots.iter().cloned()).collect(),
        policy_sha256: first.policy_sha256.clone(),
        rules_sha256: first.rules_sha256.clone(),
        fingerprint_key_id: first.fingerprint_key_id.clone(),
        coverage,
        merged_from: known.into_iter().map(|(_, e)| e).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_764_547_200 + 3_723), "2025-12-01T01:02:03Z");
    }

    #[test]
    fn urls_lose_their_users_passwords_and_queries() {
        assert_eq!(
            shown_root("postgres://app:s3cret@db.example:5432/prod?sslpassword=x"),
            "postgres://db.example:5432/prod"
        );
        assert_eq!(shown_root("s3://bucket/exports/"), "s3://bucket/exports/");
        assert_eq!(shown_root("corpora/demo"), "corpora/demo");
        assert_eq!(shown_root("mysql://u:hunter2@[bad"), "mysql://…", "unparsable: nothing after the scheme");
    }

    #[test]
    fn shards_must_agree_on_policy_rules_and_key() {
        let shard = |key: Option<&str>| Evidence {
            policy_sha256: "p".into(),
            rules_sha256: "r".into(),
            fingerprint_key_id: key.map(String::from),
            roots: vec!["a".into()],
            ..Evidence::default()
        };
        let both = merged(vec![Some(shard(Some("k"))), Some(shard(Some("k")))]).unwrap().unwrap();
        assert_eq!((both.roots.len(), both.merged_from.len()), (2, 2));
        let error = merged(vec![Some(shard(Some("k"))), Some(shard(Some("other")))]).unwrap_err();
        assert!(error.contains("input 2") && error.contains("fingerprint key"), "{error}");
    }
}
