//! One shape for every structured reader, and the one table that says which
//! reader reads which format.
//!
//! gitleaks' sources have one method; ripgrep reduces every input to a reader
//! in a few lines. Here every format answers the same three questions: how many
//! workers share an input ([`Reader::parts`]), where the pieces start
//! ([`Reader::plan`], the format's own state kept in the [`Plan`]), and how to
//! read a piece into [`Cells`] ([`Reader::read`]). The scan dispatches with one
//! lookup ([`super::registry::reader`]) and knows nothing of CSV quoting, dump
//! statements or Parquet footers.
//!
//! Row limits (`--sample-rows`) are not a reader's business: the [`Cells`]
//! sink drops rows past the limit and answers [`Cells::more`], which
//! single-table readers ask to stop early.

use std::any::Any;
use std::io::Read;
use std::sync::Arc;

use super::header::HeaderRule;
pub use super::ranged::Random;
use super::{Cells, Limits, Start};

/// What a reader reads.
pub enum Bytes<'a> {
    /// A byte stream: a text-based format, already decompressed or transcoded,
    /// positioned at the start of the part.
    Stream(Box<dyn Read + 'a>),
    /// The input itself, a file or an object fetched by ranges: binary
    /// formats read it by seeking.
    Random(Random<'a>),
    /// Arrow arrays in memory, handed in by a caller.
    Batch(&'a arrow_array::RecordBatch),
}

/// The part of an input a job reads.
#[derive(Clone, Copy)]
pub enum Part<'p> {
    /// All of it.
    Whole,
    /// Piece `index` of a plan.
    Piece {
        /// The input's plan.
        plan: &'p Plan,
        /// Which piece.
        index: usize,
    },
}

/// How an input is cut into pieces that several workers read: where each
/// starts, and the format's own state there (a CSV header, a dump parser's
/// tables and COPY block, a Parquet footer), which only its reader looks into.
pub struct Plan {
    /// Where each piece starts; the byte offsets also share out progress.
    pub starts: Vec<Start>,
    /// The format's state.
    pub state: Box<dyn Any + Send + Sync>,
}

impl Plan {
    /// A plan with no state beyond where pieces start.
    pub fn of_starts(starts: Vec<Start>) -> Plan {
        Plan { starts, state: Box::new(()) }
    }

    /// The byte range of piece `index` (`None` for the end: the end of the input).
    pub fn range(&self, index: usize) -> (u64, Option<u64>) {
        (self.starts[index].byte, self.starts.get(index + 1).map(|next| next.byte))
    }

    /// The format's state, as the type its reader stored.
    pub fn state<T: 'static>(&self) -> &T {
        self.state.downcast_ref().expect("a plan is read by the reader that made it")
    }
}

/// How many jobs read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    /// One job.
    One,
    /// About this many pieces of equal size, planned by the first job that needs the plan.
    Pieces(usize),
    /// As many as the plan says, planned before any job runs (a Parquet footer is cheap).
    Planned,
}

/// What a read is told beyond its bytes.
pub struct Context<'a> {
    /// The table cells belong to (the file's stem for single-table formats).
    pub table: &'a Arc<str>,
    /// Resource limits.
    pub limits: &'a Limits,
    /// How to judge a delimited file's first row.
    pub header: HeaderRule<'a>,
}

/// What planning is told: the limits, and how a delimited file's first row is judged.
pub struct Planning<'a> {
    /// Resource limits.
    pub limits: &'a Limits,
    /// How to judge a delimited file's first row.
    pub header: HeaderRule<'a>,
}

/// One structured format.
pub trait Reader: Sync {
    /// How many jobs share an input of `size` bytes.
    fn parts(&self, _size: u64, _limits: &Limits) -> Parts {
        Parts::One
    }

    /// Cuts `input` into about `pieces` pieces (or as many as its content
    /// says, for [`Parts::Planned`]), reading it as [`Reader::read`] would.
    fn plan(&self, _input: Random, _size: u64, _pieces: usize, _how: Planning) -> Result<Plan, String> {
        Err("this format is not read in pieces".into())
    }

    /// Reads `part` of the input into `out`. An error is what stopped the
    /// read; what was handed out before it stands.
    fn read(&self, bytes: Bytes, part: Part, context: Context, out: &mut dyn Cells) -> Result<(), String>;
}

/// An input `size` bytes long is read in pieces of about `--split-size` when
/// it is bigger than twice that.
pub fn pieces_by_size(size: u64, limits: &Limits) -> Parts {
    if size > 2 * limits.split_size {
        Parts::Pieces(size.div_ceil(limits.split_size) as usize)
    } else {
        Parts::One
    }
}

/// The stream of a [`Bytes::Stream`]; an error for a binary format's file.
pub fn stream(bytes: Bytes) -> Result<Box<dyn Read + '_>, String> {
    match bytes {
        Bytes::Stream(stream) => Ok(stream),
        Bytes::Random(Random::File(path)) => std::fs::File::open(path)
            .map(|file| Box::new(file) as Box<dyn Read>)
            .map_err(|err| crate::error::io_reason(&err)),
        Bytes::Random(Random::Ranged(_)) => Err("an object read by ranges is not a byte stream".into()),
        Bytes::Batch(_) => Err("an Arrow batch is not a byte stream".into()),
    }
}
