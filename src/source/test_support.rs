//! What the readers' unit tests collect: every cell with its place, issues,
//! and text parts, owned.

use super::place::{locate, Raw, SpanAt, ValueAt};
use super::{Cell, Cells, ReadIssue, TextPart};

/// One cell, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub table: String,
    pub field: String,
    pub row: u64,
    pub value: String,
    /// Where the value is; `None` for binary formats.
    pub at: Option<TextAt>,
}

/// (start, line, column, raw bytes when escaped, their escaping).
pub type TextAt = (u64, u64, u64, Option<Vec<u8>>, Option<super::place::Escaping>);

impl Seen {
    /// (field, value, row, line, column), after checking that the place's
    /// offset points at the value's raw bytes in `input`.
    pub fn checked_against(&self, input: &[u8]) -> (String, String, u64, u64, u64) {
        let (start, line, column, raw, _) = self.at.clone().expect("a text place");
        let expected = raw.unwrap_or_else(|| self.value.as_bytes().to_vec());
        let start = start as usize;
        assert_eq!(
            String::from_utf8_lossy(&input[start..start + expected.len()]),
            String::from_utf8_lossy(&expected),
            "offset of {self:?}"
        );
        (self.field.clone(), self.value.clone(), self.row, line, column)
    }

    /// Where `needle`, inside this value, is in the file.
    pub fn locate(&self, needle: &str) -> SpanAt {
        let (start, line, column, raw, escaping) = self.at.clone().expect("a text place");
        let at = self.value.find(needle).expect("needle in value");
        let raw = match (&raw, escaping) {
            (Some(bytes), Some(escaping)) => Raw::Escaped(bytes, escaping),
            _ => Raw::Verbatim,
        };
        locate(self.value.as_bytes(), start, line, column, raw, (at, at + needle.len()))
    }
}

/// A [`Cells`] that keeps everything.
#[derive(Debug, Default)]
pub struct Collected {
    pub cells: Vec<Seen>,
    pub issues: Vec<ReadIssue>,
    /// (text, start, line, column).
    pub texts: Vec<(String, u64, u64, u64)>,
}

impl Cells for Collected {
    fn cell(&mut self, cell: Cell) {
        let at = match cell.at {
            ValueAt::Text { start, line, column, raw } => {
                let (raw, escaping) = match raw {
                    Raw::Verbatim => (None, None),
                    Raw::Escaped(bytes, escaping) => (Some(bytes.to_vec()), Some(escaping)),
                };
                Some((start, line, column, raw, escaping))
            }
            ValueAt::Binary => None,
        };
        self.cells.push(Seen {
            table: cell.table.to_string(),
            field: cell.field.to_string(),
            row: cell.row,
            value: String::from_utf8_lossy(cell.bytes).into_owned(),
            at,
        });
    }

    fn issue(&mut self, issue: ReadIssue) {
        self.issues.push(issue);
    }

    fn text(&mut self, part: TextPart) {
        self.texts.push((String::from_utf8_lossy(part.bytes).into_owned(), part.start, part.line, part.column));
    }
}
