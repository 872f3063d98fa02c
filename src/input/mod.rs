//! Inputs: what a scan reads. A file on disk, or the lines a git change adds
//! to a file; next, a database table, an object in a bucket, a batch of
//! columns handed in by a caller. Each says what it is (for reports: its
//! displayed name and its one spelling for comparisons) and where its bytes
//! come from; the scan plans and reads it from there.
//!
//! - [`walk`]: the files under the roots, honouring ignore files.
//! - [`git`]: the files a git change touches, with the lines it adds.

pub mod database;
pub mod git;
pub mod ini;
pub mod object;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::finding::FileError;

/// One thing to scan.
#[derive(Debug, Clone)]
pub struct Input {
    /// As reports show it (relative when the user gave a relative root);
    /// masked by the scan where it holds personal data.
    pub display: String,
    /// The one spelling baselines compare (see [`crate::paths`]): absolute,
    /// `.` and `..` resolved; masked like `display`.
    pub absolute: String,
    /// Its size in bytes, for planning and progress.
    pub size: u64,
    /// Named by the user: read even when it looks binary.
    pub explicit: bool,
    /// Where its bytes come from.
    pub origin: Origin,
}

/// Where an input's bytes come from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A file on disk, read from this path.
    File(PathBuf),
    /// A git change: the file's new content, of which only the added lines are scanned.
    Change {
        /// The file in the work tree (for allowlists and names).
        path: PathBuf,
        /// Its new content and added lines.
        change: Arc<git::ChangedFile>,
    },
    /// Bytes a caller hands in, searched as text.
    Memory {
        /// What the caller calls them.
        name: PathBuf,
        /// The bytes.
        bytes: Arc<[u8]>,
    },
    /// A record batch a caller hands in (a `pyarrow.RecordBatch`, a Spark
    /// partition), read as a table whose columns are Arrow arrays.
    Batch {
        /// Where the batch comes from, as reports show it (a file's path, or the table's name).
        name: PathBuf,
        /// The table its rows belong to.
        table: Arc<str>,
        /// The batch.
        batch: Arc<arrow_array::RecordBatch>,
    },
    /// An object in a bucket, fetched as a stream or by ranges.
    Object {
        /// The object's URL.
        name: PathBuf,
        /// The object.
        object: Arc<object::RemoteObject>,
    },
    /// A table of a live database, read through its server's client.
    Table {
        /// The database's URL without credentials.
        name: PathBuf,
        /// The table, and the database's connections.
        table: Arc<database::Table>,
    },
}

impl Input {
    /// The path that names the input: what globs, allowlists and table names see.
    pub fn path(&self) -> &Path {
        match &self.origin {
            Origin::File(path) | Origin::Change { path, .. } => path,
            Origin::Memory { name, .. }
            | Origin::Batch { name, .. }
            | Origin::Table { name, .. }
            | Origin::Object { name, .. } => name,
        }
    }

    /// An input a caller hands in: `name` names it in reports.
    pub fn in_memory(name: &str, origin: Origin) -> Input {
        let size = match &origin {
            Origin::Memory { bytes, .. } => bytes.len() as u64,
            Origin::Batch { batch, .. } => batch.get_array_memory_size() as u64,
            _ => 0,
        };
        Input { display: name.to_string(), absolute: name.to_string(), size, explicit: true, origin }
    }

    /// How reports name this input.
    pub fn name(&self) -> crate::sink::FileName<'_> {
        crate::sink::FileName { display: &self.display, absolute: &self.absolute }
    }
}

impl Inputs {
    /// Adds `other`'s inputs after these, and its errors and counts.
    pub fn extend(&mut self, other: Inputs) {
        self.files.extend(other.files);
        self.errors.extend(other.errors);
        self.too_large += other.too_large;
    }
}

/// What a scan will read, in the order it reports them.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Inputs to scan, sorted by displayed path.
    pub files: Vec<Input>,
    /// Places that could not be walked.
    pub errors: Vec<FileError>,
    /// Files skipped for exceeding `--max-filesize`.
    pub too_large: u64,
}
