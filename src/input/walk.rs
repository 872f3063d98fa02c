//! Walking: which files to scan, as [`Input`]s.
//!
//! Directories are walked in parallel by the `ignore` crate (ripgrep's walker):
//! `.gitignore`, `.ignore` and `.piimapignore` files are honoured, symlinks not
//! followed, unless the flags say otherwise. Paths named on the command line are
//! always scanned, as in ripgrep: naming a file is asking for it.
//!
//! # Hidden files are scanned, hidden directories are not
//! Unlike ripgrep, hidden *files* are read by default: `.env`, `.env.production`,
//! `.psql_history`, `.mysql_history` and `.bash_history` are where credentials,
//! contact details and pasted rows sit in a repository or a home directory, so
//! skipping them would skip the likeliest places. Hidden *directories*
//! (`.git/`, `.cache/`, `.venv/`, `.idea/`...) hold tool state, object stores
//! and caches, and stay skipped unless `--hidden`. The ignore files themselves
//! (`.gitignore`, `.ignore`, `.piimapignore`) are the walk's settings, not
//! data, and are not scanned unless named.
//!
//! The walk's result is sorted by path so that output order, and so every report,
//! is the same from run to run whatever the thread timing.

use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Input, Inputs, Origin};
use crate::error::io_reason;
use crate::finding::FileError;

/// What to walk and how.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Roots: files or directories.
    pub paths: Vec<PathBuf>,
    /// Strip a leading `./` from displayed paths (the user gave no path).
    pub strip_dot_prefix: bool,
    /// Include hidden directories too (hidden files are always walked).
    pub hidden: bool,
    /// Do not read ignore files.
    pub no_ignore: bool,
    /// Follow symbolic links.
    pub follow: bool,
    /// Include/exclude globs (`!` prefix excludes), as in ripgrep's `-g`.
    pub globs: Vec<String>,
    /// Skip files larger than this many bytes.
    pub max_filesize: Option<u64>,
    /// Walker threads.
    pub threads: usize,
}

/// Walks every root.
pub fn walk(options: &WalkOptions) -> Result<Inputs, String> {
    let mut walked = Inputs::default();
    let mut directories = Vec::new();
    for root in &options.paths {
        match std::fs::metadata(root) {
            Ok(meta) if meta.is_dir() => directories.push(root.clone()),
            Ok(meta) if meta.is_file() => {
                if options.max_filesize.is_some_and(|max| meta.len() > max) {
                    walked.too_large += 1;
                    continue;
                }
                walked.files.push(Input {
                    display: display_path(root, options.strip_dot_prefix),
                    absolute: absolute_string(root),
                    size: meta.len(),
                    explicit: true,
                    origin: Origin::File(root.clone()),
                });
            }
            Ok(_) => walked.errors.push(FileError {
                path: display_path(root, false),
                location: String::new(),
                reason: "not a regular file or directory (FIFOs and devices are not read)".into(),
            }),
            Err(err) => walked.errors.push(FileError {
                path: display_path(root, false),
                location: String::new(),
                reason: io_reason(&err),
            }),
        }
    }
    if !directories.is_empty() {
        walk_directories(&directories, options, &mut walked)?;
    }
    walked.files.sort_by(|a, b| a.display.cmp(&b.display).then_with(|| a.path().cmp(b.path())));
    walked.files.dedup_by(|a, b| a.path() == b.path());
    walked.errors.sort();
    Ok(walked)
}

fn walk_directories(directories: &[PathBuf], options: &WalkOptions, walked: &mut Inputs) -> Result<(), String> {
    let mut builder = WalkBuilder::new(&directories[0]);
    for dir in &directories[1..] {
        builder.add(dir);
    }
    builder
        .hidden(false)
        .ignore(!options.no_ignore)
        .git_ignore(!options.no_ignore)
        .git_global(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .parents(!options.no_ignore)
        .follow_links(options.follow)
        .threads(options.threads.max(1));
    if !options.no_ignore {
        builder.add_custom_ignore_filename(".piimapignore");
    }
    if !options.hidden {
        // A root the user named is walked even when hidden (`piimap scan .config`).
        builder.filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_some_and(|kind| kind.is_dir())
                || !entry.file_name().as_encoded_bytes().starts_with(b".")
        });
    }
    if !options.globs.is_empty() {
        let mut overrides = OverrideBuilder::new(std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
        for glob in &options.globs {
            overrides.add(glob).map_err(|err| format!("invalid glob {glob:?}: {err}"))?;
        }
        builder.overrides(overrides.build().map_err(|err| format!("invalid globs: {err}"))?);
    }

    let files = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let too_large = Mutex::new(0u64);
    builder.build_parallel().run(|| {
        Box::new(|result| {
            match result {
                Ok(entry) => {
                    let Some(file_type) = entry.file_type() else {
                        return WalkState::Continue;
                    };
                    // Directories are walked, symlinks (when not followed), FIFOs,
                    // sockets and devices are skipped: reading a FIFO can block forever.
                    if !file_type.is_file() || IGNORE_FILES.contains(&entry.file_name().as_encoded_bytes()) {
                        return WalkState::Continue;
                    }
                    match entry.metadata() {
                        Ok(meta) => {
                            if options.max_filesize.is_some_and(|max| meta.len() > max) {
                                *too_large.lock().unwrap() += 1;
                            } else {
                                files.lock().unwrap().push(Input {
                                    display: display_path(entry.path(), options.strip_dot_prefix),
                                    absolute: absolute_string(entry.path()),
                                    size: meta.len(),
                                    explicit: false,
                                    origin: Origin::File(entry.path().to_path_buf()),
                                });
                            }
                        }
                        Err(err) => errors.lock().unwrap().push(walk_error(&err)),
                    }
                }
                Err(err) => errors.lock().unwrap().push(walk_error(&err)),
            }
            WalkState::Continue
        })
    });
    walked.files.extend(files.into_inner().unwrap());
    walked.errors.extend(errors.into_inner().unwrap());
    walked.too_large += too_large.into_inner().unwrap();
    Ok(())
}

/// The walk's own settings files: read by the walker, never scanned as data.
const IGNORE_FILES: [&[u8]; 3] = [b".gitignore", b".ignore", b".piimapignore"];

/// The path as a user reads it. Non-UTF-8 bytes are shown escaped (`\xE9`) so
/// two different names never print the same.
pub fn display_path(path: &Path, strip_dot_prefix: bool) -> String {
    let path = if strip_dot_prefix { path.strip_prefix("./").unwrap_or(path) } else { path };
    match path.to_str() {
        Some(text) => text.to_string(),
        None => {
            use std::os::unix::ffi::OsStrExt;
            let mut out = String::new();
            for chunk in path.as_os_str().as_bytes().utf8_chunks() {
                out.push_str(chunk.valid());
                for byte in chunk.invalid() {
                    out.push_str(&format!("\\x{byte:02X}"));
                }
            }
            out
        }
    }
}

/// [`crate::paths::absolute`] as a string, non-UTF-8 bytes escaped as in [`display_path`].
pub(super) fn absolute_string(path: &Path) -> String {
    display_path(&crate::paths::absolute(path), false)
}

fn walk_error(err: &ignore::Error) -> FileError {
    let mut path = None;
    let mut current = err;
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| p.clone());
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => current = err,
            _ => break,
        }
    }
    let reason = match current {
        ignore::Error::Io(io) => io_reason(io),
        ignore::Error::Loop { child, .. } => {
            format!("symlink loop ({} points back up the tree)", child.display())
        }
        other => other.to_string(),
    };
    FileError {
        path: path.as_deref().map(|p| display_path(p, false)).unwrap_or_else(|| "(walk)".to_string()),
        location: String::new(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(walked: &Inputs, root: &Path) -> Vec<String> {
        walked.files.iter().map(|f| f.path().strip_prefix(root).unwrap().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn honours_ignore_files_hidden_and_globs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.txt"), "a").unwrap();
        fs::write(root.join(".hidden.txt"), "h").unwrap();
        fs::write(root.join(".env"), "e").unwrap();
        fs::create_dir(root.join(".cache")).unwrap();
        fs::write(root.join(".cache/c.txt"), "c").unwrap();
        fs::write(root.join("skip.log"), "s").unwrap();
        fs::write(root.join(".ignore"), "skip.log\n").unwrap();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("sub/b.csv"), "b").unwrap();

        let base = WalkOptions { paths: vec![root.to_path_buf()], threads: 2, ..Default::default() };
        assert_eq!(
            names(&walk(&base).unwrap(), root),
            [".env", ".hidden.txt", "a.txt", "sub/b.csv"],
            "hidden files are walked, hidden directories are not"
        );

        let all = WalkOptions { hidden: true, no_ignore: true, ..base.clone() };
        assert_eq!(
            names(&walk(&all).unwrap(), root),
            [".cache/c.txt", ".env", ".hidden.txt", "a.txt", "skip.log", "sub/b.csv"]
        );

        let only_csv = WalkOptions { globs: vec!["*.csv".into()], ..base.clone() };
        assert_eq!(names(&walk(&only_csv).unwrap(), root), ["sub/b.csv"]);

        let small = WalkOptions { max_filesize: Some(0), ..base };
        let walked = walk(&small).unwrap();
        assert!(walked.files.is_empty());
        assert_eq!(walked.too_large, 4);
    }

    #[test]
    fn missing_root_is_an_error_not_a_failure() {
        let options = WalkOptions { paths: vec![PathBuf::from("/definitely/not/here")], ..Default::default() };
        let walked = walk(&options).unwrap();
        assert_eq!(walked.errors.len(), 1);
        assert_eq!(walked.errors[0].reason, "no such file or directory");
    }

    #[test]
    fn non_utf8_names_are_escaped_not_merged() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        assert_eq!(display_path(Path::new(name), false), "caf\\xE9.txt");
        assert_eq!(display_path(Path::new("./x/y"), true), "x/y");
    }
}
