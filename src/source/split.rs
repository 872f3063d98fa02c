//! Splitting one big CSV, NDJSON or SQL dump file into pieces that workers read in parallel.
//!
//! A piece must start where a record starts, and its findings must carry the
//! same line and row numbers as a read of the whole file. Neither can be known
//! from a byte offset alone (a quoted CSV field may hold newlines), so the file
//! is read once, cheaply, by the same parser without any detection: for each
//! boundary, the first record starting at or after `k * piece size` is
//! noted with its byte offset, line and row. That pass is sequential (about a
//! tenth of the cost of scanning); the pieces are then scanned in parallel.
//!
//! The first job of a split file that needs the plan makes it; the others
//! wait for it (see `scan::run_split_job`).

use std::fs::File;
use std::io::{self, Read};

use super::header::HeaderRule;
use super::Start;

/// How a file is cut: `starts[k]` is where piece `k` starts; piece `k` ends
/// where piece `k + 1` starts, the last one at the end of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Where each piece starts; the first at the start of the file.
    pub starts: Vec<Start>,
    /// CSV: the delimiter every piece is read with.
    pub delimiter: u8,
    /// CSV: the header record, which names the columns of every piece (none
    /// when the first row is data).
    pub header: Option<Vec<Vec<u8>>>,
    /// SQL dumps: the parser's state where each piece starts (tables'
    /// columns, rows per table, a COPY block in progress).
    pub sql: Vec<super::sql::Resume>,
}

impl Plan {
    /// The byte range of piece `index` (`None` for the end: the end of the file).
    pub fn range(&self, index: usize) -> (u64, Option<u64>) {
        (self.starts[index].byte, self.starts.get(index + 1).map(|next| next.byte))
    }
}

/// Plans `pieces` pieces of a CSV file of about `size` bytes (see [`super::csv::plan`]).
pub fn plan_csv(
    file: File,
    delimiter: Option<u8>,
    header: HeaderRule,
    size: u64,
    pieces: usize,
    limits: &super::Limits,
) -> io::Result<Plan> {
    let csv = super::csv::plan(file, delimiter, header, size, pieces, limits)?;
    Ok(Plan { starts: csv.starts, delimiter: csv.delimiter, header: csv.header, sql: Vec::new() })
}

/// Plans `pieces` pieces of an NDJSON file: pieces start after a newline; a
/// line is a row, empty or not, as [`super::json::read_lines`] counts them.
pub fn plan_lines(mut file: File, size: u64, pieces: usize) -> io::Result<Plan> {
    let mut starts = vec![Start::FILE];
    let mut block = vec![0u8; 1 << 20];
    let (mut at, mut lines) = (0u64, 0u64);
    let mut next = nominal(size, pieces, 1);
    loop {
        let read = match file.read(&mut block) {
            Ok(0) => break,
            Ok(read) => read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        for newline in memchr::memchr_iter(b'\n', &block[..read]) {
            lines += 1;
            let byte = at + newline as u64 + 1;
            if starts.len() < pieces && byte >= next {
                starts.push(Start { byte, line: lines + 1, row: lines });
                next = nominal(size, pieces, starts.len());
            }
        }
        at += read as u64;
    }
    // A boundary at the very end would make an empty last piece: harmless, but pointless.
    starts.retain(|start| start.byte == 0 || start.byte < at);
    Ok(Plan { starts, delimiter: b',', header: None, sql: Vec::new() })
}

/// Plans `pieces` pieces of a SQL dump: pieces start at a line between
/// statements (or inside a COPY block), with the parser's state there.
pub fn plan_sql(file: File, size: u64, pieces: usize, limits: &super::Limits) -> io::Result<Plan> {
    let sql = super::sql::plan(file, size, pieces, limits)?;
    let starts = sql.iter().map(|state| Start { byte: state.offset, line: 0, row: 0 }).collect();
    Ok(Plan { starts, delimiter: b',', header: None, sql })
}

fn nominal(size: u64, pieces: usize, index: usize) -> u64 {
    size / pieces as u64 * index as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp(content: &[u8]) -> File {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(content).unwrap();
        std::io::Seek::rewind(&mut file).unwrap();
        file
    }

    #[test]
    fn line_pieces_count_every_line() {
        let content = b"{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}\n".to_vec();
        let plan = plan_lines(temp(&content), content.len() as u64, 3).unwrap();
        assert_eq!(plan.starts[0], Start::FILE);
        for start in &plan.starts[1..] {
            assert_eq!(content[..start.byte as usize].iter().filter(|&&b| b == b'\n').count() as u64, start.row);
            assert_eq!(start.line, start.row + 1);
        }
    }
}
