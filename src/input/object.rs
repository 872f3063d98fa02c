//! Object stores: the objects under an `s3://`, `gs://` or `az://` URL (and
//! the `https://` forms of each cloud), as inputs read through the same
//! readers as files, with the `object_store` crate.
//!
//! - Listing honours the same `-g` globs, hidden-directory rule and ignore
//!   files (`.gitignore`, `.ignore`, `.piimapignore` objects) as a walk.
//! - Text, CSV, JSON, dumps (`.gz` and `.zst` included) are streamed.
//! - Parquet is read by ranges ([`crate::source::ranged`]): the footer, then
//!   the column chunks each job decodes; never the whole object.
//! - SQLite needs a file: it is downloaded to a private temporary file.
//!
//! Credentials come from each cloud's usual chain: environment variables
//! (`AWS_*`, `GOOGLE_*`, `AZURE_*`), the AWS shared credentials file and
//! profile (`AWS_PROFILE`), then instance metadata. `--endpoint` points `s3://`
//! at an S3-compatible server. Reports name each object by its URL.

use std::io::{self, Read};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt, ObjectStoreScheme};

use super::{Input, Inputs, Origin};
use crate::finding::FileError;
use crate::source::ranged::RangeSource;

/// How buckets are listed.
#[derive(Debug, Clone, Default)]
pub struct ObjectSettings {
    /// `--endpoint`: an S3-compatible server.
    pub endpoint: Option<String>,
    /// `-g` globs (`!` excludes), over the key below the URL's prefix.
    pub globs: Vec<String>,
    /// Do not read ignore files.
    pub no_ignore: bool,
    /// Read objects under hidden "directories" too.
    pub hidden: bool,
    /// Skip objects bigger than this.
    pub max_filesize: Option<u64>,
}

/// Whether `text` names a bucket, a container or an object in one.
pub fn is_object_url(text: &str) -> bool {
    let Ok(url) = url::Url::parse(text) else { return false };
    matches!(
        ObjectStoreScheme::parse(&url),
        Ok((
            ObjectStoreScheme::AmazonS3 | ObjectStoreScheme::GoogleCloudStorage | ObjectStoreScheme::MicrosoftAzure,
            _
        ))
    )
}

/// The runtime the stores' async clients run on, shared by every worker.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("piimap-objects")
            .enable_all()
            .build()
            .expect("a tokio runtime (threads and an I/O driver)")
    })
}

/// One bucket or container.
#[derive(Debug)]
struct Bucket {
    store: Arc<dyn ObjectStore>,
    /// The URL of the bucket (`s3://bucket`), to which keys are appended.
    base: String,
}

/// One object: an input's bytes.
#[derive(Debug)]
pub struct RemoteObject {
    bucket: Arc<Bucket>,
    location: ObjectPath,
    size: u64,
    downloaded: AtomicU64,
}

impl RemoteObject {
    /// Bytes fetched so far.
    pub fn downloaded(&self) -> u64 {
        self.downloaded.load(Ordering::Relaxed)
    }

    /// The object as a stream of bytes.
    pub fn stream(self: &Arc<Self>) -> Result<Box<dyn Read + Send>, String> {
        let got = runtime().block_on(self.bucket.store.get(&self.location)).map_err(|err| reason(&err))?;
        Ok(Box::new(ObjectReader { object: self.clone(), stream: got.into_stream(), block: Bytes::new() }))
    }

    /// Copies the object into a new private temporary file (for SQLite,
    /// which reads from a file).
    pub fn download(self: &Arc<Self>) -> Result<tempfile::NamedTempFile, String> {
        let mut file =
            tempfile::NamedTempFile::new().map_err(|err| format!("cannot create a temporary file: {err}"))?;
        let mut stream = self.stream()?;
        io::copy(&mut stream, file.as_file_mut()).map_err(|err| crate::error::io_reason(&err))?;
        Ok(file)
    }

    /// This object, read by ranges.
    pub fn ranged(self: &Arc<Self>) -> Arc<dyn RangeSource> {
        self.clone()
    }
}

impl RangeSource for RemoteObject {
    fn size(&self) -> u64 {
        self.size
    }

    fn get(&self, range: Range<u64>) -> io::Result<Bytes> {
        let bytes = runtime()
            .block_on(self.bucket.store.get_range(&self.location, range))
            .map_err(|err| io::Error::other(reason(&err)))?;
        self.downloaded.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(bytes)
    }

    fn get_ranges(&self, ranges: &[Range<u64>]) -> io::Result<Vec<Bytes>> {
        let fetched = runtime()
            .block_on(self.bucket.store.get_ranges(&self.location, ranges))
            .map_err(|err| io::Error::other(reason(&err)))?;
        let total: usize = fetched.iter().map(Bytes::len).sum();
        self.downloaded.fetch_add(total as u64, Ordering::Relaxed);
        Ok(fetched)
    }
}

/// An object's body, read block by block as the stream delivers it.
struct ObjectReader {
    object: Arc<RemoteObject>,
    stream: BoxStream<'static, object_store::Result<Bytes>>,
    block: Bytes,
}

impl Read for ObjectReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.block.is_empty() {
            match runtime().block_on(self.stream.next()) {
                None => return Ok(0),
                Some(Ok(block)) => {
                    self.object.downloaded.fetch_add(block.len() as u64, Ordering::Relaxed);
                    self.block = block;
                }
                Some(Err(err)) => return Err(io::Error::other(reason(&err))),
            }
        }
        let count = out.len().min(self.block.len());
        out[..count].copy_from_slice(&self.block[..count]);
        self.block = self.block.slice(count..);
        Ok(count)
    }
}

/// An object store error in a few words: what went wrong, not the request.
fn reason(err: &object_store::Error) -> String {
    match err {
        object_store::Error::NotFound { .. } => "not found".into(),
        object_store::Error::PermissionDenied { .. } | object_store::Error::Unauthenticated { .. } => {
            format!("access denied: {err}")
        }
        other => other.to_string(),
    }
}

/// The objects under every URL, as inputs in URL then key order.
pub fn inputs(urls: &[String], settings: &ObjectSettings) -> Inputs {
    let mut inputs = Inputs::default();
    for text in urls {
        match list(text, settings, &mut inputs) {
            Ok(()) => {}
            Err((shown, reason)) => inputs.errors.push(FileError { path: shown, location: String::new(), reason }),
        }
    }
    inputs
}

/// Lists one URL's objects into `inputs`.
fn list(text: &str, settings: &ObjectSettings, inputs: &mut Inputs) -> Result<(), (String, String)> {
    let mut url = url::Url::parse(text).map_err(|err| ("object URL".to_string(), err.to_string()))?;
    // A query (an Azure SAS token) is a credential: kept for the store, never shown.
    let query = url.query().map(str::to_string);
    url.set_query(None);
    let (scheme, prefix) = ObjectStoreScheme::parse(&url).map_err(|err| (url.to_string(), err.to_string()))?;
    let shown_url = url.to_string();
    let base = shown_url.trim_end_matches('/').strip_suffix(prefix.as_ref()).unwrap_or(&shown_url);
    let base = base.trim_end_matches('/').to_string();
    let fail = |reason: String| (shown_url.clone(), reason);
    let store = build(scheme, &url, query.as_deref(), settings).map_err(fail)?;
    let bucket = Arc::new(Bucket { store, base });
    let objects = runtime().block_on(listing(&bucket.store, &prefix)).map_err(|err| fail(reason(&err)))?;
    let selection = Selection::new(&bucket.store, &prefix, &objects, settings).map_err(fail)?;
    let mut found = Vec::new();
    for meta in objects {
        let relative = relative_key(&prefix, &meta.location);
        if !selection.wants(&relative) {
            continue;
        }
        if settings.max_filesize.is_some_and(|max| meta.size > max) {
            inputs.too_large += 1;
            continue;
        }
        let display = format!("{}/{}", bucket.base, meta.location);
        let object = Arc::new(RemoteObject {
            bucket: bucket.clone(),
            location: meta.location,
            size: meta.size,
            downloaded: 0.into(),
        });
        found.push(Input {
            display: display.clone(),
            absolute: display.clone(),
            size: meta.size,
            explicit: false,
            origin: Origin::Object { name: PathBuf::from(display), object },
        });
    }
    found.sort_by(|a, b| a.display.cmp(&b.display));
    inputs.files.extend(found);
    Ok(())
}

/// The objects under `prefix`; the object itself when the URL names one.
async fn listing(store: &Arc<dyn ObjectStore>, prefix: &ObjectPath) -> object_store::Result<Vec<ObjectMeta>> {
    if !prefix.as_ref().is_empty() {
        match store.head(prefix).await {
            Ok(meta) => return Ok(vec![meta]),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(err) => return Err(err),
        }
    }
    let listed = store.list(Some(prefix)).try_collect::<Vec<_>>().await?;
    Ok(listed)
}

/// `key` below `prefix`, `/`-rooted (`/exports/users.csv`), as globs and ignore files see it.
fn relative_key(prefix: &ObjectPath, key: &ObjectPath) -> String {
    let key = key.as_ref();
    let rest = key.strip_prefix(prefix.as_ref()).unwrap_or(key).trim_start_matches('/');
    format!("/{}", if rest.is_empty() { key.rsplit('/').next().unwrap_or(key) } else { rest })
}

/// The store for `url`, with each cloud's credential chain.
fn build(
    scheme: ObjectStoreScheme,
    url: &url::Url,
    query: Option<&str>,
    settings: &ObjectSettings,
) -> Result<Arc<dyn ObjectStore>, String> {
    let built: object_store::Result<Arc<dyn ObjectStore>> = match scheme {
        ObjectStoreScheme::AmazonS3 => {
            let mut builder = object_store::aws::AmazonS3Builder::from_env().with_url(url.as_str());
            if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
                for (key, value) in aws_profile() {
                    builder = builder.with_config(key, value);
                }
            }
            if let Some(endpoint) = &settings.endpoint {
                builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
            }
            builder.build().map(|store| Arc::new(store) as Arc<dyn ObjectStore>)
        }
        ObjectStoreScheme::GoogleCloudStorage => object_store::gcp::GoogleCloudStorageBuilder::from_env()
            .with_url(url.as_str())
            .build()
            .map(|store| Arc::new(store) as Arc<dyn ObjectStore>),
        ObjectStoreScheme::MicrosoftAzure => {
            let mut builder = object_store::azure::MicrosoftAzureBuilder::from_env().with_url(url.as_str());
            if let Some(query) = query {
                let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                builder = builder.with_sas_authorization(pairs);
            }
            builder.build().map(|store| Arc::new(store) as Arc<dyn ObjectStore>)
        }
        _ => return Err("not an object store URL (s3://, gs://, az://)".into()),
    };
    built.map_err(|err| format!("cannot open the store: {}", reason(&err)))
}

/// The access key, secret, session token and region of the AWS profile
/// (`AWS_PROFILE`, else `default`) in `~/.aws/credentials` and `~/.aws/config`.
fn aws_profile() -> Vec<(object_store::aws::AmazonS3ConfigKey, String)> {
    use object_store::aws::AmazonS3ConfigKey as Key;
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let profile = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".into());
    let file = |variable: &str, name: &str| {
        std::env::var_os(variable).map(PathBuf::from).or_else(|| home.as_ref().map(|home| home.join(".aws").join(name)))
    };
    let mut settings = Vec::new();
    let read = |path: Option<PathBuf>, section: &str| {
        path.and_then(|path| std::fs::read_to_string(path).ok())
            .and_then(|text| super::ini::section(&text, section))
            .unwrap_or_default()
    };
    let credentials = read(file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), &profile);
    for (name, key) in [
        ("aws_access_key_id", Key::AccessKeyId),
        ("aws_secret_access_key", Key::SecretAccessKey),
        ("aws_session_token", Key::Token),
    ] {
        if let Some(value) = credentials.get(name) {
            settings.push((key, value.clone()));
        }
    }
    let config_section = if profile == "default" { profile.clone() } else { format!("profile {profile}") };
    let config = read(file("AWS_CONFIG_FILE", "config"), &config_section);
    if let (Some(region), None) = (config.get("region"), std::env::var_os("AWS_REGION")) {
        settings.push((Key::Region, region.clone()));
    }
    settings
}

/// Which listed objects are read: globs, hidden directories, ignore files.
struct Selection {
    globs: Option<ignore::overrides::Override>,
    /// Ignore files, deepest directory first.
    ignores: Vec<ignore::gitignore::Gitignore>,
    hidden: bool,
}

const IGNORE_FILES: [&str; 3] = [".gitignore", ".ignore", ".piimapignore"];

impl Selection {
    fn new(
        store: &Arc<dyn ObjectStore>,
        prefix: &ObjectPath,
        objects: &[ObjectMeta],
        settings: &ObjectSettings,
    ) -> Result<Selection, String> {
        let globs = if settings.globs.is_empty() {
            None
        } else {
            let mut builder = ignore::overrides::OverrideBuilder::new("/");
            for glob in &settings.globs {
                builder.add(glob).map_err(|err| format!("invalid glob {glob:?}: {err}"))?;
            }
            Some(builder.build().map_err(|err| err.to_string())?)
        };
        let mut ignores = Vec::new();
        if !settings.no_ignore {
            for meta in objects {
                let relative = relative_key(prefix, &meta.location);
                let (directory, name) = relative.rsplit_once('/').unwrap_or(("", &relative));
                if !IGNORE_FILES.contains(&name) {
                    continue;
                }
                let text = runtime()
                    .block_on(async { store.get(&meta.location).await?.bytes().await })
                    .map_err(|err| format!("{}: {}", meta.location, reason(&err)))?;
                let mut builder = ignore::gitignore::GitignoreBuilder::new(format!("{directory}/"));
                for line in String::from_utf8_lossy(&text).lines() {
                    let _ = builder.add_line(None, line);
                }
                ignores.push(builder.build().map_err(|err| err.to_string())?);
            }
            ignores.sort_by_key(|ignore| std::cmp::Reverse(ignore.path().as_os_str().len()));
        }
        Ok(Selection { globs, ignores, hidden: settings.hidden })
    }

    /// Whether the object at `relative` (`/`-rooted) is read.
    fn wants(&self, relative: &str) -> bool {
        let (directories, name) = relative.rsplit_once('/').unwrap_or(("", relative));
        if IGNORE_FILES.contains(&name) {
            return false;
        }
        if !self.hidden && directories.split('/').any(|part| part.starts_with('.')) {
            return false;
        }
        if let Some(globs) = &self.globs {
            if globs.matched(relative, false).is_ignore() {
                return false;
            }
        }
        for ignore in &self.ignores {
            if !relative.starts_with(ignore.path().to_string_lossy().as_ref()) {
                continue;
            }
            match ignore.matched_path_or_any_parents(relative, false) {
                ignore::Match::Ignore(_) => return false,
                ignore::Match::Whitelist(_) => return true,
                ignore::Match::None => {}
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_urls_are_recognized() {
        assert!(is_object_url("s3://bucket/prefix"));
        assert!(is_object_url("gs://bucket"));
        assert!(is_object_url("az://container/dir"));
        assert!(is_object_url("https://account.blob.core.windows.net/container/x"));
        assert!(!is_object_url("postgres://host/db"));
        assert!(!is_object_url("exports/users.csv"));
        assert!(!is_object_url("https://example.com/file.csv"));
    }

    #[test]
    fn keys_below_the_prefix() {
        let prefix = ObjectPath::from("exports");
        assert_eq!(relative_key(&prefix, &ObjectPath::from("exports/2024/users.csv")), "/2024/users.csv");
        // A URL naming the object itself: its name.
        let object = ObjectPath::from("exports/users.csv");
        assert_eq!(relative_key(&object, &object), "/users.csv");
    }

    #[test]
    fn globs_hidden_directories_and_ignore_files_select_objects() {
        let store: Arc<dyn ObjectStore> = Arc::new(object_store::memory::InMemory::new());
        let put = |key: &str, body: &str| {
            runtime().block_on(store.put(&ObjectPath::from(key), body.to_string().into())).unwrap();
        };
        put("data/.piimapignore", "*.log\n!keep.log\n");
        put("data/a.csv", "x");
        put("data/b.log", "x");
        put("data/keep.log", "x");
        put("data/.cache/c.csv", "x");
        put("data/.env", "x");
        let prefix = ObjectPath::from("data");
        let objects = runtime().block_on(listing(&store, &prefix)).unwrap();
        let settings = ObjectSettings::default();
        let selection = Selection::new(&store, &prefix, &objects, &settings).unwrap();
        let kept: Vec<String> = objects
            .iter()
            .map(|meta| relative_key(&prefix, &meta.location))
            .filter(|relative| selection.wants(relative))
            .collect();
        assert_eq!(kept, ["/.env", "/a.csv", "/keep.log"]);
        let globbed = ObjectSettings { globs: vec!["*.csv".into()], hidden: true, ..ObjectSettings::default() };
        let selection = Selection::new(&store, &prefix, &objects, &globbed).unwrap();
        assert!(selection.wants("/.cache/c.csv") && !selection.wants("/keep.log"));
    }
}
