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

/// Bytes that may change the splitter's state outside strings: the rest of an
/// element is copied as it is.
const STRUCTURAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut index = 0;
    while index < 6 {
        table[b"\"{}[],"[index] as usize] = true;
        index += 1;
    }
    table
};

impl ElementSplitter {
    /// A splitter inside a top-level array, before the element that starts
    /// at `start` (a piece of a planned document), whose line starts at file
    /// offset `line_start`.
    pub fn resume(start: crate::source::Start, line_start: u64) -> Self {
        ElementSplitter {
            started: true,
            newlines: start.line - 1,
            line_start,
            row: start.row,
            origin: Origin { offset: start.byte, line: start.line, line_start },
            ..Default::default()
        }
    }

    /// Inside the top-level array, between two elements (or before the first).
    pub fn between_elements(&self) -> bool {
        self.started && !self.whole && !self.in_element && !self.closed && !self.oversized
    }

    /// Between elements, takes the whitespace and separators at the front of
    /// `bytes` (the first at file offset `offset`), as [`Self::push`] would;
    /// returns how many it took. It stops before anything else: the first
    /// byte of an element, or the array's `]`.
    pub fn skip_to_element(&mut self, bytes: &[u8], offset: u64) -> usize {
        let taken = bytes.iter().position(|&byte| !(byte == b',' || byte.is_ascii_whitespace())).unwrap_or(bytes.len());
        if let Some(last) = memchr::memrchr(b'\n', &bytes[..taken]) {
            self.newlines += memchr::memchr_iter(b'\n', &bytes[..taken]).count() as u64;
            self.line_start = offset + last as u64 + 1;
        }
        taken
    }

    /// Where the next byte is, as the origin of an element that would start there.
    pub fn here(&self, offset: u64) -> Origin {
        Origin { offset, line: self.newlines + 1, line_start: self.line_start }
    }

    /// Takes an element that was read whole without the splitter (see
    /// [`super::parser::parse_front`]): it started at `origin`, and the byte
    /// after it is on `line`, which starts at file offset `line_start`.
    pub fn took_element(&mut self, origin: Origin, line: u64, line_start: u64) {
        self.origin = origin;
        self.newlines = line - 1;
        self.line_start = line_start;
        self.row += 1;
    }

    /// The line of the next byte, and the offset of that line's first byte.
    pub fn line(&self) -> (u64, u64) {
        (self.newlines + 1, self.line_start)
    }

    /// Feeds `bytes`, the first at file offset `offset`, up to the first step
    /// that is not [`Step::Continue`]; returns how many bytes were used, and
    /// that step. Inside an element, only the bytes that change the state
    /// are looked at one by one (quotes, brackets, separators): the runs
    /// between them are found with table or `memchr` searches, copied at once,
    /// and their lines counted at once.
    pub fn feed(&mut self, bytes: &[u8], offset: u64, element: &mut Vec<u8>) -> (usize, Step) {
        let mut index = 0;
        while index < bytes.len() {
            if self.whole {
                // Not an array: every byte goes to the document; only lines are counted.
                self.copy(&bytes[index..], offset + index as u64, element);
                break;
            }
            if self.in_element && !self.closed {
                let rest = &bytes[index..];
                let (used, ended) = self.element_run(rest);
                self.copy(&rest[..used], offset + index as u64, element);
                index += used;
                match ended {
                    // The separator is not part of a scalar element; a bracket is part of its element.
                    Some(separator) => {
                        if separator {
                            element.pop();
                        }
                        return (index, self.finish());
                    }
                    None => continue,
                }
            }
            let step = self.push(bytes[index], offset + index as u64, element);
            index += 1;
            if !matches!(step, Step::Continue) {
                return (index, step);
            }
        }
        (bytes.len(), Step::Continue)
    }

    /// Follows the current element through `bytes`; returns how many bytes
    /// belong to it (up to and including the byte that ended it), and, if it
    /// ended, whether that byte was a separator (`,` or the array's `]`)
    /// rather than its own closing bracket.
    fn element_run(&mut self, bytes: &[u8]) -> (usize, Option<bool>) {
        let mut at = 0;
        while at < bytes.len() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    at += 1;
                    continue;
                }
                match memchr::memchr2(b'"', b'\\', &bytes[at..]) {
                    Some(found) => {
                        at += found;
                        if bytes[at] == b'\\' {
                            self.escaped = true;
                        } else {
                            self.in_string = false;
                        }
                        at += 1;
                        continue;
                    }
                    None => return (bytes.len(), None),
                }
            }
            match bytes[at..].iter().position(|&byte| STRUCTURAL[byte as usize]) {
                Some(found) => at += found,
                None => return (bytes.len(), None),
            }
            at += 1;
            if let Some(separator) = self.structural(bytes[at - 1]) {
                return (at, Some(separator));
            }
        }
        (bytes.len(), None)
    }

    /// Takes a byte outside strings, in an element; if it ends the element,
    /// says whether it was a separator (`,` or the array's `]`, not part of
    /// the element) rather than the element's own closing bracket.
    fn structural(&mut self, byte: u8) -> Option<bool> {
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' if self.depth > 0 => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Some(false);
                }
            }
            b',' | b']' if self.depth == 0 => {
                self.closed = byte == b']';
                return Some(true);
            }
            _ => {}
        }
        None
    }

    /// Appends `bytes` (the first at file offset `offset`) to the element, counting their lines.
    fn copy(&mut self, bytes: &[u8], offset: u64, element: &mut Vec<u8>) {
        if let Some(last) = memchr::memrchr(b'\n', bytes) {
            self.newlines += memchr::memchr_iter(b'\n', bytes).count() as u64;
            self.line_start = offset + last as u64 + 1;
        }
        element.extend_from_slice(bytes);
    }

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
        match self.structural(byte) {
            // A scalar element ends at the separator, which is not part of it.
            Some(true) => self.finish(),
            ended => {
                element.push(byte);
                if ended.is_some() {
                    self.finish()
                } else {
                    Step::Continue
                }
            }
        }
    }

    fn finish(&mut self) -> Step {
        self.in_element = false;
        let step = Step::Element { row: self.row, origin: self.origin };
        self.row += 1;
        step
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step with the element it closed, and the element left at the end.
    fn steps(
        document: &[u8],
        mut next: impl FnMut(&mut ElementSplitter, &[u8], u64, &mut Vec<u8>) -> (usize, Step),
    ) -> Vec<String> {
        let (mut splitter, mut element, mut seen, mut at) = (ElementSplitter::default(), Vec::new(), Vec::new(), 0);
        while at < document.len() {
            let (used, step) = next(&mut splitter, &document[at..], at as u64, &mut element);
            at += used;
            match step {
                Step::Continue => {}
                Step::Element { row, origin } => {
                    seen.push(format!("{row} {origin:?} {}", String::from_utf8_lossy(&element)));
                    element.clear();
                }
                Step::End => {
                    seen.push("end".into());
                    break;
                }
            }
        }
        seen.push(format!("rest {} {:?}", String::from_utf8_lossy(&element), (splitter.newlines, splitter.line_start)));
        seen
    }

    #[test]
    fn feeding_runs_splits_as_feeding_bytes_one_at_a_time() {
        let documents: [&[u8]; 7] = [
            b"\xEF\xBB\xBF[\n  {\"email\": \"a@b.ca\", \"note\": \"]},[\\\"\"},\n  \"418-549-6754\" ,\n  [\"c@d.ca\"]\n]\n",
            b"[1,2.5e3 , -4,\"x\\\\\",{\"a\":[{}]}]trailing",
            b"[\n  {\n    \"id\": 1,\n    \"tags\": [\n      \"a\\nb\",\n      \"multi\nline\"\n    ]\n  },\n  {\n    \"id\": 2\n  }\n]\n",
            b"{\"users\": [{\"email\": \"a@b.ca\"}],\n \"n\": 1}\n",
            b"  \n [ ] ",
            b"[{\"e\":\"x@y.ca\"",
            b"[\"\\u00e9\\\"\", \"esc\\\\\", \"\\\\\\\"q\"]",
        ];
        for document in documents {
            let one_at_a_time =
                steps(document, |splitter, bytes, offset, element| (1, splitter.push(bytes[0], offset, element)));
            let by_runs = steps(document, |splitter, bytes, offset, element| splitter.feed(bytes, offset, element));
            assert_eq!(by_runs, one_at_a_time, "{}", String::from_utf8_lossy(document));
            // Cut into chunks (as a reader's buffer cuts a file), the same again.
            for size in [1, 2, 3, 5] {
                let chunked = steps(document, |splitter, bytes, offset, element| {
                    splitter.feed(&bytes[..bytes.len().min(size)], offset, element)
                });
                assert_eq!(chunked, one_at_a_time, "chunks of {size}: {}", String::from_utf8_lossy(document));
            }
        }
    }
}
