//! Finding the elements of a top-level JSON array in a byte stream, so that an
//! export of any size is read one element (one row) at a time.

use super::parser::Origin;

/// What feeding one byte to the [`ElementSplitter`] produced.
pub enum Step {
    /// Nothing yet.
    Continue,
    /// The element buffer holds a whole element of the top-level array.
    Element {
        /// 0-based index of the element.
        row: u64,
        /// Where the element starts.
        origin: Origin,
    },
    /// The top-level array is closed.
    End,
}

/// Tracks strings (and their escapes) and nesting so that only structural `,`
/// and `]` end an element. It does not validate: each element is parsed on its own.
#[derive(Default)]
pub struct ElementSplitter {
    /// Something other than whitespace was seen.
    pub started: bool,
    /// The document is not an array: every byte goes to the buffer.
    pub whole: bool,
    in_element: bool,
    /// The top-level array's `]` was seen.
    pub closed: bool,
    /// The current element outgrew `--max-record-size`: its bytes are dropped.
    pub oversized: bool,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// 0-based line of the cursor, and the offset of its first byte.
    newlines: u64,
    line_start: u64,
    /// Index of the current element.
    pub row: u64,
    /// Where the current element (or the whole document) starts.
    pub origin: Origin,
}

impl ElementSplitter {
    /// Feeds the byte at file offset `offset`.
    pub fn push(&mut self, byte: u8, offset: u64, element: &mut Vec<u8>) -> Step {
        if self.closed {
            return Step::End;
        }
        let here = Origin { offset, line: self.newlines + 1, line_start: self.line_start };
        if byte == b'\n' {
            self.newlines += 1;
            self.line_start = offset + 1;
        }
        if !self.started {
            if byte.is_ascii_whitespace() || (offset < 3 && matches!(byte, 0xEF | 0xBB | 0xBF)) {
                return Step::Continue;
            }
            self.started = true;
            self.origin = here;
            if byte != b'[' {
                self.whole = true;
                element.push(byte);
            }
            return Step::Continue;
        }
        if self.whole {
            element.push(byte);
            return Step::Continue;
        }
        if !self.in_element {
            match byte {
                b']' => {
                    self.closed = true;
                    return Step::End;
                }
                b',' => return Step::Continue,
                _ if byte.is_ascii_whitespace() => return Step::Continue,
                _ => {
                    self.in_element = true;
                    self.origin = here;
                }
            }
        }
        if self.in_string {
            element.push(byte);
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
            }
            return Step::Continue;
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' if self.depth > 0 => {
                self.depth -= 1;
                if self.depth == 0 {
                    element.push(byte);
                    return self.finish();
                }
            }
            // A scalar element ends at the separator, which is not part of it.
            b',' | b']' if self.depth == 0 => {
                self.closed = byte == b']';
                return self.finish();
            }
            _ => {}
        }
        element.push(byte);
        Step::Continue
    }

    fn finish(&mut self) -> Step {
        self.in_element = false;
        let step = Step::Element { row: self.row, origin: self.origin };
        self.row += 1;
        step
    }
}
