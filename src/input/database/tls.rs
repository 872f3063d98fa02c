//! TLS to database servers, as each ecosystem spells it.
//!
//! PostgreSQL's `sslmode` (libpq's meanings): `disable`; `allow` and
//! `prefer` (TLS when the server offers it); `require` (TLS, certificate
//! checked only when a root certificate is given, as libpq does);
//! `verify-ca` (certificate chain checked); `verify-full` (chain and host
//! name). Roots come from `sslrootcert` (a PEM file, or `system` for the
//! bundled Mozilla roots), else `~/.postgresql/root.crt`.
//!
//! MySQL's `ssl-mode` (`DISABLED`, `PREFERRED`, `REQUIRED`, `VERIFY_CA`,
//! `VERIFY_IDENTITY`; libpq's spellings are accepted too) with `ssl-ca`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

/// How much of the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    /// Nothing: the connection is encrypted, not authenticated.
    Nothing,
    /// The chain up to a trusted root, not the host name.
    Chain,
    /// The chain and the host name.
    Full,
}

/// Whether and how to use TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Mode {
    /// Never.
    Disable,
    /// When the server offers it.
    Prefer(Check, Option<String>),
    /// Always.
    Require(Check, Option<String>),
}

/// PostgreSQL's `sslmode` and `sslrootcert`; `home` finds `~/.postgresql/root.crt`.
pub(super) fn postgres_mode(params: &BTreeMap<String, String>, home: Option<PathBuf>) -> Result<Mode, String> {
    let given_root = params.get("sslrootcert").cloned();
    let default_root = home.map(|home| home.join(".postgresql/root.crt")).filter(|file| file.is_file());
    let root = given_root.clone().or_else(|| default_root.map(|file| file.display().to_string()));
    // libpq checks the chain in `prefer` and `require` when a root certificate is there.
    let lenient = if root.is_some() { Check::Chain } else { Check::Nothing };
    let mode = params.get("sslmode").map(String::as_str).unwrap_or("prefer");
    let verified = |check| match &root {
        Some(_) => Ok(Mode::Require(check, root.clone())),
        None => Err(format!(
            "sslmode={mode} needs the server's root certificate: give sslrootcert=FILE (or sslrootcert=system), \
             or put it in ~/.postgresql/root.crt"
        )),
    };
    match mode {
        "disable" => Ok(Mode::Disable),
        "allow" | "prefer" => Ok(Mode::Prefer(lenient, root)),
        "require" => Ok(Mode::Require(lenient, root)),
        "verify-ca" => verified(Check::Chain),
        "verify-full" => verified(Check::Full),
        other => Err(format!("unknown sslmode {other:?} (disable, allow, prefer, require, verify-ca or verify-full)")),
    }
}

/// MySQL's `ssl-mode` (or `sslmode`) and `ssl-ca` (or `sslrootcert`).
/// Without one, no TLS, as the `mysql` crate's default.
pub(super) fn mysql_mode(params: &BTreeMap<String, String>) -> Result<Mode, String> {
    let root = params.get("ssl-ca").or_else(|| params.get("sslrootcert")).cloned();
    let mode = params.get("ssl-mode").or_else(|| params.get("sslmode")).map(|mode| mode.to_ascii_uppercase());
    let lenient = if root.is_some() { Check::Chain } else { Check::Nothing };
    match mode.as_deref().map(|mode| mode.replace('-', "_")).as_deref() {
        None | Some("DISABLED" | "DISABLE") => Ok(Mode::Disable),
        Some("PREFERRED" | "PREFER" | "ALLOW") => Ok(Mode::Prefer(lenient, root)),
        Some("REQUIRED" | "REQUIRE") => Ok(Mode::Require(lenient, root)),
        Some("VERIFY_CA") => Ok(Mode::Require(Check::Chain, root)),
        Some("VERIFY_IDENTITY" | "VERIFY_FULL") => Ok(Mode::Require(Check::Full, root)),
        Some(other) => {
            Err(format!("unknown ssl-mode {other:?} (DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY)"))
        }
    }
}

/// A rustls client configuration that checks what `check` says against `root`.
pub(super) fn client_config(check: Check, root: Option<&str>) -> Result<ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|err| format!("TLS: {err}"))?;
    let roots = Arc::new(roots(root)?);
    let verifier = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
        .build()
        .map_err(|err| format!("TLS: {err}"))?;
    let verifier: Arc<dyn ServerCertVerifier> = match check {
        Check::Full => verifier,
        Check::Chain => Arc::new(Lenient { inner: verifier, chain: true }),
        Check::Nothing => Arc::new(Lenient { inner: verifier, chain: false }),
    };
    Ok(builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth())
}

fn roots(root: Option<&str>) -> Result<RootCertStore, String> {
    let mut store = RootCertStore::empty();
    match root {
        None | Some("system") => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        Some(file) => {
            let certificates = CertificateDer::pem_file_iter(file)
                .and_then(|certificates| certificates.collect::<Result<Vec<_>, _>>())
                .map_err(|err| format!("cannot read the root certificate {file}: {err}"))?;
            let (added, _) = store.add_parsable_certificates(certificates);
            if added == 0 {
                return Err(format!("no certificate in the root certificate file {file}"));
            }
        }
    }
    Ok(store)
}

/// Checks the chain but not the host name (`verify-ca`), or nothing
/// (`require` without a root certificate); handshake signatures are always checked.
#[derive(Debug)]
struct Lenient {
    inner: Arc<WebPkiServerVerifier>,
    chain: bool,
}

impl ServerCertVerifier for Lenient {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if !self.chain {
            return Ok(ServerCertVerified::assertion());
        }
        match self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn sslmode_follows_libpq() {
        assert_eq!(postgres_mode(&params(&[]), None), Ok(Mode::Prefer(Check::Nothing, None)));
        assert_eq!(postgres_mode(&params(&[("sslmode", "disable")]), None), Ok(Mode::Disable));
        assert_eq!(postgres_mode(&params(&[("sslmode", "require")]), None), Ok(Mode::Require(Check::Nothing, None)));
        let with_root = params(&[("sslmode", "require"), ("sslrootcert", "/ca.pem")]);
        assert_eq!(postgres_mode(&with_root, None), Ok(Mode::Require(Check::Chain, Some("/ca.pem".into()))));
        let full = params(&[("sslmode", "verify-full"), ("sslrootcert", "system")]);
        assert_eq!(postgres_mode(&full, None), Ok(Mode::Require(Check::Full, Some("system".into()))));
        assert!(postgres_mode(&params(&[("sslmode", "verify-full")]), None).unwrap_err().contains("sslrootcert"));
        assert!(postgres_mode(&params(&[("sslmode", "sometimes")]), None).is_err());
    }

    #[test]
    fn mysql_ssl_mode_names() {
        assert_eq!(mysql_mode(&params(&[])), Ok(Mode::Disable));
        assert_eq!(mysql_mode(&params(&[("ssl-mode", "required")])), Ok(Mode::Require(Check::Nothing, None)));
        let identity = params(&[("ssl-mode", "VERIFY_IDENTITY"), ("ssl-ca", "/ca.pem")]);
        assert_eq!(mysql_mode(&identity), Ok(Mode::Require(Check::Full, Some("/ca.pem".into()))));
    }

    #[test]
    fn a_missing_root_file_is_named() {
        let error = client_config(Check::Full, Some("/nonexistent/ca.pem")).unwrap_err();
        assert!(error.contains("/nonexistent/ca.pem"), "{error}");
        assert!(client_config(Check::Nothing, None).is_ok());
    }
}
