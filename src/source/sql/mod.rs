//! SQL dumps: PostgreSQL plain-format `pg_dump` output and mysqldump/mariadb-dump
//! output, read statement by statement in one streaming pass.
//!
//! - `COPY t (a, b) FROM stdin;` blocks: one row per line, tab-separated, `\N`
//!   for NULL, backslash escapes (`\t`, `\n`, `\\`, octal, `\xHH`).
//! - `INSERT INTO t [(a, b)] VALUES (...), (...);` in the PostgreSQL
//!   (`--inserts`, `--column-inserts`; quotes doubled, backslashes literal) and
//!   MySQL (extended inserts; backslash escapes) dialects, over as many lines as
//!   the statement takes.
//! - Column names come from the statement's own list, else from the table's
//!   `CREATE TABLE`; a value with neither is `column_N`.
//!
//! Tables are named without their schema (`public.users` → `users`), rows are
//! counted per table in dump order. A statement or COPY block cut off by the end
//! of the file (a truncated dump) is reported; everything before it is kept.
//!
//! A big dump is read in pieces ([`plan`], [`read_piece`]): a piece starts at
//! a line between statements, or inside a COPY block, with the reader's state
//! there ([`Resume`]), so rows and columns come out as in one read.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

mod statement;

pub use statement::copy_unescape;

use super::reader::{self, Bytes, Context, Part, Parts, Plan, Planning, Reader};
use super::{Cell, Cells, FieldNames, Limits, ReadIssue, Start};
use statement::{trim_start, Dialect, DumpParser};

/// A PostgreSQL or MySQL dump (`Format::Sql`).
pub struct DumpReader;

impl Reader for DumpReader {
    fn parts(&self, size: u64, limits: &Limits) -> Parts {
        reader::pieces_by_size(size, limits)
    }

    fn plan(&self, input: super::reader::Random, size: u64, pieces: usize, how: Planning) -> Result<Plan, String> {
        let super::reader::Random::File(path) = input else { return Err("only files are read in pieces".into()) };
        let file = std::fs::File::open(path).map_err(|err| crate::error::io_reason(&err))?;
        let states = plan(file, size, pieces, how.limits).map_err(|err| crate::error::io_reason(&err))?;
        let starts = states.iter().map(|state| Start { byte: state.offset, line: 0, row: 0 }).collect();
        Ok(Plan { starts, state: Box::new(states) })
    }

    fn read(&self, bytes: Bytes, part: Part, context: Context, out: &mut dyn Cells) -> Result<(), String> {
        let input = reader::stream(bytes)?;
        let result = match part {
            Part::Whole => read(input, context.limits, out),
            Part::Piece { plan, index } => {
                let states: &Vec<Resume> = plan.state();
                read_piece(input, context.limits, &states[index], index + 1 == states.len(), out)
            }
        };
        result.map_err(|err| crate::error::io_reason(&err))
    }
}

/// Lines longer than this inside a statement are still read (mysqldump writes
/// megabyte lines), but a statement is abandoned, with an issue, beyond this
/// total size: a dump is made of bounded statements, and a runaway one is
/// more likely garbage than data.
const MAX_STATEMENT: usize = 256 << 20;

/// Where the reader stands at the start of a line between statements: what a
/// piece of a split dump (see [`super::reader::Plan`]) starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    dialect: Dialect,
    /// Column names of the tables created so far.
    columns: HashMap<String, Vec<Arc<str>>>,
    /// Rows read so far, per table.
    rows: HashMap<String, u64>,
    /// A COPY block in progress: (table, columns).
    copying: Option<(String, Vec<Arc<str>>)>,
    /// Lines before this point.
    line: u64,
    /// Byte offset of this point in the file.
    pub offset: u64,
}

/// Reads a dump, handing every non-NULL, non-empty value to `out`.
pub fn read(reader: impl Read, limits: &super::Limits, out: &mut dyn Cells) -> io::Result<()> {
    let mut input = BufReader::with_capacity(1 << 16, reader);
    let start = beginning(input.fill_buf()?);
    read_from(input, limits, &start, true, out, None)
}

/// Reads the dump once without looking at values, noting where a piece may
/// start at or after each of `pieces - 1` evenly spaced offsets of a file of `size` bytes.
pub fn plan(reader: impl Read, size: u64, pieces: usize, limits: &super::Limits) -> io::Result<Vec<Resume>> {
    let mut input = BufReader::with_capacity(1 << 16, reader);
    let start = beginning(input.fill_buf()?);
    let mut starts = vec![start.clone()];
    let mut next = 1usize;
    let mut wants = |offset: u64| {
        let wanted = next < pieces && offset >= size / pieces as u64 * next as u64;
        if wanted {
            next += 1;
        }
        wanted
    };
    read_from(input, limits, &start, true, &mut Ignored, Some((&mut wants, &mut starts)))?;
    Ok(starts)
}

/// Reads one piece of a split dump: `reader` is at `start`. Only the last
/// piece reports a statement or COPY block cut off by its end.
pub fn read_piece(
    reader: impl Read,
    limits: &super::Limits,
    start: &Resume,
    last: bool,
    out: &mut dyn Cells,
) -> io::Result<()> {
    let input = BufReader::with_capacity(1 << 16, reader);
    read_from(input, limits, start, last, out, None)
}

/// What the planning pass reads into: values are parsed past, never looked at.
struct Ignored;

impl Cells for Ignored {
    fn cell(&mut self, _cell: Cell) {}
    fn issue(&mut self, _issue: ReadIssue) {}
    fn text(&mut self, _part: super::TextPart) {}
}

/// The state at the start of a dump whose first bytes are `head`.
fn beginning(head: &[u8]) -> Resume {
    let mysql = memchr::memmem::find(&head[..head.len().min(4096)], b"MySQL dump").is_some()
        || memchr::memmem::find(&head[..head.len().min(4096)], b"MariaDB dump").is_some()
        || memchr::memchr(b'`', &head[..head.len().min(65536)]).is_some();
    Resume {
        dialect: if mysql { Dialect::Mysql } else { Dialect::Postgres },
        columns: HashMap::new(),
        rows: HashMap::new(),
        copying: None,
        line: 0,
        offset: 0,
    }
}

/// What [`plan`] asks of the reading loop: at each line start between
/// statements, whether it wants the state there, and where to put it.
type PlanHooks<'p> = (&'p mut dyn FnMut(u64) -> bool, &'p mut Vec<Resume>);

/// The reading loop. While `planning`, values are parsed past, not handed out.
fn read_from(
    mut input: impl BufRead,
    limits: &super::Limits,
    start: &Resume,
    last: bool,
    out: &mut dyn Cells,
    mut planning: Option<PlanHooks>,
) -> io::Result<()> {
    let mut state = DumpParser {
        dialect: start.dialect,
        columns: start.columns.clone(),
        rows: start.rows.clone(),
        tables: FieldNames::default(),
        names: FieldNames::default(),
        out,
        emits: planning.is_none(),
        current_table: None,
        unescaped: Vec::new(),
        last_insert: None,
    };
    let mut line = Vec::new();
    let mut line_number = start.line;
    let mut offset = start.offset;
    // A COPY block in progress: (table, columns).
    let mut copying: Option<(String, Vec<Arc<str>>)> = start.copying.clone();
    // A statement in progress: its text, first line, first offset, quote state.
    let mut statement = Vec::new();
    let mut statement_line = 0u64;
    let mut statement_offset = 0u64;
    let mut quotes = QuoteState::default();
    loop {
        let wanted = match planning.as_mut() {
            Some((wants, _)) => statement.is_empty() && wants(offset),
            None => false,
        };
        if let (true, Some((_, snapshots))) = (wanted, planning.as_mut()) {
            snapshots.push(Resume {
                dialect: state.dialect,
                columns: state.columns.clone(),
                rows: state.rows.clone(),
                copying: copying.clone(),
                line: line_number,
                offset,
            });
        }
        line.clear();
        let (read, cut) = super::read_line_bounded(&mut input, &mut line, limits.max_record)?;
        if read == 0 {
            break;
        }
        line_number += 1;
        if cut || statement.len() + line.len() > limits.max_record {
            state.out.issue(ReadIssue {
                location: format!("line {line_number}"),
                reason: format!(
                    "line or statement longer than --max-record-size ({} bytes): not read",
                    limits.max_record
                ),
            });
            statement.clear();
            quotes = QuoteState::default();
            offset += read as u64;
            continue;
        }
        let line_offset = offset;
        offset += read as u64;
        // Taken out and put back, rather than cloned per row.
        if let Some((table, columns)) = copying.take() {
            if copy_line(&mut state, &line, (&table, &columns), (line_number, line_offset)) {
                copying = Some((table, columns));
            }
            continue;
        }
        if statement.is_empty() {
            let trimmed = trim_start(&line);
            // Blank lines, comments and psql meta-commands (`\restrict`) are not statements.
            if trimmed.is_empty() || trimmed.starts_with(b"--") || trimmed.starts_with(b"\\") {
                continue;
            }
            statement_line = line_number;
            statement_offset = line_offset;
            // A statement on one line (most INSERTs) is parsed from the line, not gathered first.
            if line.len() <= MAX_STATEMENT {
                if quotes.scan_for_end(&line, state.dialect) {
                    copying = state.statement(&line, statement_line, (statement_offset, offset));
                    quotes = QuoteState::default();
                } else {
                    statement.extend_from_slice(&line);
                }
                continue;
            }
        }
        statement.extend_from_slice(&line);
        if statement.len() > MAX_STATEMENT {
            state.out.issue(ReadIssue {
                location: format!("line {statement_line}"),
                reason: format!("statement longer than {} MiB; skipped", MAX_STATEMENT >> 20),
            });
            statement.clear();
            quotes = QuoteState::default();
            continue;
        }
        if !quotes.scan_for_end(&line, state.dialect) {
            continue;
        }
        copying = state.statement(&statement, statement_line, (statement_offset, offset));
        statement.clear();
        quotes = QuoteState::default();
    }
    if last {
        // Other pieces end where the next one starts, between statements.
        report_cut_off(&mut state, copying, &statement, statement_line, (statement_offset, offset));
    }
    Ok(())
}

/// One line of a COPY block: a row, handed out; false at the block's end (`\.`).
fn copy_line(
    parser: &mut DumpParser,
    line: &[u8],
    (table, columns): (&str, &[Arc<str>]),
    (line_number, line_offset): (u64, u64),
) -> bool {
    let content = line.strip_suffix(b"\n").unwrap_or(line);
    let content = content.strip_suffix(b"\r").unwrap_or(content);
    if content == b"\\." {
        return false;
    }
    if !line.ends_with(b"\n") {
        parser.out.issue(ReadIssue {
            location: format!("table {table} (line {line_number})"),
            reason: "COPY block cut off by the end of the file (truncated dump?); the partial row was scanned".into(),
        });
    }
    parser.copy_row(table, columns, content, line_number, line_offset);
    true
}

/// What the end of a dump leaves open: a COPY block without its `\.`, or a
/// statement without its `;` (whose complete rows are still read).
fn report_cut_off(
    parser: &mut DumpParser,
    copying: Option<(String, Vec<Arc<str>>)>,
    statement: &[u8],
    statement_line: u64,
    offsets: (u64, u64),
) {
    if let Some((table, _)) = copying {
        parser.out.issue(ReadIssue {
            location: format!("table {table}"),
            reason: "COPY block not terminated by \\. (truncated dump?)".into(),
        });
    }
    if !trim_start(statement).is_empty() {
        parser.out.issue(ReadIssue {
            location: format!("line {statement_line}"),
            reason: "statement cut off by the end of the file (truncated dump?); its complete rows were scanned".into(),
        });
        parser.statement(statement, statement_line, offsets);
    }
}

/// Tracks string literals across the lines of a statement, to find the `;` that ends it.
#[derive(Debug, Default)]
struct QuoteState {
    quote: Option<u8>,
    escaped: bool,
}

impl QuoteState {
    /// Feeds one line; true when it ends the statement (a `;` outside quotes at its end).
    ///
    /// It only follows the quotes, jumping with `memchr` from one to the
    /// next (literals are most of a dump's bytes). Once the line is read and
    /// no literal is open, the statement ends here when the line's last byte
    /// that is not a space (before a `--` comment) is a `;`. That byte cannot
    /// be inside a literal: the literal would still be open, or its closing
    /// quote would come after. So the gaps between literals are not read
    /// byte by byte, and a `-` is looked for once per line, not once per gap.
    fn scan_for_end(&mut self, line: &[u8], dialect: Dialect) -> bool {
        let mut end = line.len();
        // The next `-` at or after `index` (`line.len()`: none).
        let mut dash = None;
        let mut index = 0;
        while index < line.len() {
            if let Some(quote) = self.quote {
                if self.escaped {
                    self.escaped = false;
                    index += 1;
                    continue;
                }
                let rest = &line[index..];
                let next = match dialect {
                    Dialect::Mysql => memchr::memchr2(quote, b'\\', rest),
                    _ => memchr::memchr(quote, rest),
                };
                let Some(offset) = next else {
                    break; // the literal goes on to the next line
                };
                index += offset;
                if line[index] == quote {
                    self.quote = None; // a doubled quote re-opens on the next byte
                } else {
                    self.escaped = true;
                }
                index += 1;
                continue;
            }
            // Outside literals only quotes and `--` matter.
            let quote = memchr::memchr3(b'\'', b'"', b'`', &line[index..]).map_or(line.len(), |offset| index + offset);
            let next_dash = match dash {
                Some(at) if at >= index => at,
                _ => memchr::memchr(b'-', &line[index..]).map_or(line.len(), |offset| index + offset),
            };
            dash = Some(next_dash);
            if next_dash < quote {
                if line.get(next_dash + 1) == Some(&b'-') {
                    end = next_dash; // a comment to the end of the line
                    break;
                }
                index = next_dash + 1;
                continue;
            }
            if quote == line.len() {
                break;
            }
            self.quote = Some(line[quote]);
            index = quote + 1;
        }
        let significant = line[..end].iter().rposition(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n'));
        self.quote.is_none() && significant.is_some_and(|last| line[last] == b';')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Seen = (String, String, u64, String, u64);

    /// Feeds lines to a fresh scanner; which of them end the statement.
    fn ends(lines: &[&str], dialect: Dialect) -> Vec<bool> {
        let mut quotes = QuoteState::default();
        lines.iter().map(|line| quotes.scan_for_end(line.as_bytes(), dialect)).collect()
    }

    #[test]
    fn statement_ends_only_at_a_semicolon_outside_literals() {
        use Dialect::{Mysql, Postgres};
        assert_eq!(ends(&["INSERT INTO t VALUES (1,'a;');\n"], Mysql), [true]);
        assert_eq!(ends(&["INSERT INTO t VALUES (1,'a;\n", "b');\n"], Mysql), [false, true]);
        // MySQL escapes the quote with a backslash; PostgreSQL does not.
        assert_eq!(ends(&["VALUES ('it\\'s;');\n"], Mysql), [true]);
        assert_eq!(ends(&["VALUES ('it\\'s;');\n"], Postgres), [false]);
        assert_eq!(ends(&["VALUES ('a\\\\');\n"], Mysql), [true], "an escaped backslash does not escape the quote");
        // A doubled quote closes and re-opens the literal.
        assert_eq!(ends(&["VALUES ('it''s;');\n"], Postgres), [true]);
        // A backslash at the end of a line escapes the first byte of the next one.
        assert_eq!(ends(&["VALUES ('a\\\n", "';');\n"], Mysql), [false, false]);
        assert_eq!(ends(&["VALUES (1); -- done;\n"], Mysql), [true]);
        assert_eq!(ends(&["VALUES (1) -- not yet;\n", ";\n"], Mysql), [false, true]);
        assert_eq!(ends(&["VALUES (`a;`, \"b;\");  \r\n"], Mysql), [true]);
    }

    /// The byte-at-a-time scan that `scan_for_end` replaced, kept as the reference.
    fn reference_scan_for_end(state: &mut QuoteState, line: &[u8], dialect: Dialect) -> bool {
        let mut last_significant = 0u8;
        let mut index = 0;
        while index < line.len() {
            let byte = line[index];
            index += 1;
            if let Some(quote) = state.quote {
                if state.escaped {
                    state.escaped = false;
                } else if byte == quote {
                    state.quote = None;
                } else if byte == b'\\' && dialect == Dialect::Mysql {
                    state.escaped = true;
                }
                continue;
            }
            match byte {
                b'\'' | b'"' | b'`' => state.quote = Some(byte),
                b' ' | b'\t' | b'\r' | b'\n' => continue,
                b'-' if line.get(index) == Some(&b'-') => break,
                _ => {}
            }
            last_significant = byte;
        }
        state.quote.is_none() && last_significant == b';'
    }

    proptest::proptest! {
        #[test]
        fn statement_ends_are_found_as_a_byte_at_a_time_scan_finds_them(
            lines in proptest::collection::vec(proptest::collection::vec(proptest::sample::select(b"'\"`\\-; \t\r\na1(),aaaaaaaaaa".to_vec()), 0..120), 1..6),
            mysql: bool,
        ) {
            let dialect = if mysql { Dialect::Mysql } else { Dialect::Postgres };
            let (mut fast, mut reference) = (QuoteState::default(), QuoteState::default());
            for line in &lines {
                proptest::prop_assert_eq!(fast.scan_for_end(line, dialect), reference_scan_for_end(&mut reference, line, dialect));
                proptest::prop_assert_eq!((fast.quote, fast.escaped), (reference.quote, reference.escaped));
            }
        }
    }

    /// (table, field, row, value, line) of each cell, after checking its offset.
    fn cells(dump: &str) -> (Vec<Seen>, Vec<ReadIssue>) {
        let mut collected = crate::source::test_support::Collected::default();
        read(dump.as_bytes(), &Default::default(), &mut collected).unwrap();
        let seen = collected
            .cells
            .iter()
            .map(|cell| {
                let (field, value, row, line, _) = cell.checked_against(dump.as_bytes());
                (cell.table.clone(), field, row, value, line)
            })
            .collect();
        (seen, collected.issues)
    }

    #[test]
    fn column_inserts_after_a_multiline_string_keep_their_lines() {
        let dump = "INSERT INTO public.t (id, note, email) VALUES (1, 'two\nlines', 'a@b.ca');\nINSERT INTO public.t (id, note, email) VALUES (2, 'x', 'c@d.ca');\n";
        let mut collected = crate::source::test_support::Collected::default();
        read(dump.as_bytes(), &Default::default(), &mut collected).unwrap();
        let places: Vec<_> = collected.cells.iter().map(|c| c.checked_against(dump.as_bytes())).collect();
        assert_eq!(places[2], ("email".into(), "a@b.ca".into(), 0, 2, 10), "after the multi-line string");
        assert_eq!(places[5], ("email".into(), "c@d.ca".into(), 1, 3, 57));
    }

    #[test]
    fn each_insert_is_named_by_its_own_head_when_heads_repeat_and_change() {
        let dump = "CREATE TABLE `t` (\n  `id` int,\n  `email` text\n);\n\
            INSERT INTO `t` VALUES (1,'a@b.ca');\n\
            INSERT INTO `t` VALUES (2,'c@d.ca');\n\
            INSERT INTO `t` (`email`, `id`) VALUES ('e@f.ca',3);\n\
            INSERT INTO `t` (`email`, `id`) VALUES ('g@h.ca',4);\n\
            INSERT INTO `t` (`email`) VALUES ('i@j.ca');\n\
            INSERT INTO `u` VALUES (5,'k@l.ca');\n\
            INSERT INTO `t` VALUES (8,'q@r.ca');\n\
            CREATE TABLE `t` (\n  `mail` text,\n  `n` int\n);\n\
            INSERT INTO `t` VALUES ('m@n.ca',6);\n\
            INSERT INTO `t`VALUES('o@p.ca',7);\n";
        let (seen, issues) = cells(dump);
        assert!(issues.is_empty(), "{issues:?}");
        let seen: Vec<_> = seen.iter().map(|(t, f, r, v, _)| format!("{t}.{f}[{r}]={v}")).collect();
        assert_eq!(
            seen,
            [
                "t.id[0]=1",
                "t.email[0]=a@b.ca",
                "t.id[1]=2",
                "t.email[1]=c@d.ca",
                "t.email[2]=e@f.ca",
                "t.id[2]=3",
                "t.email[3]=g@h.ca",
                "t.id[3]=4",
                "t.email[4]=i@j.ca",
                "u.column_1[0]=5",
                "u.column_2[0]=k@l.ca",
                "t.id[5]=8",
                "t.email[5]=q@r.ca",
                "t.mail[6]=m@n.ca",
                "t.n[6]=6",
                "t.mail[7]=o@p.ca",
                "t.n[7]=7",
            ]
        );
    }

    #[test]
    fn string_literals_decode_as_each_dialect_escapes_them() {
        let values = |dump: &str| cells(dump).0.into_iter().map(|(_, _, _, value, _)| value).collect::<Vec<_>>();
        let mysql =
            "-- MySQL dump\nINSERT INTO `t` VALUES ('O\\'Brien','a''b','x\\\\','tab\\there','\\\\\\'q',\"dq\"\"x\");\n";
        assert_eq!(values(mysql), ["O'Brien", "a'b", "x\\", "tab\there", "\\'q", "dq\"x"]);
        let postgres = "INSERT INTO public.t (a, b, c) VALUES ('it''s', 'back\\slash', 'plain');\n";
        assert_eq!(values(postgres), ["it's", "back\\slash", "plain"]);
        // Cut off mid-literal: the complete values are kept.
        let cut = "-- MySQL dump\nINSERT INTO `t` VALUES ('a@b.ca','unterminated\\";
        assert_eq!(values(cut), ["a@b.ca"]);
    }

    #[test]
    fn escaped_literals_map_back_to_the_file() {
        let dump = "-- MySQL dump\nINSERT INTO `t` VALUES ('O\\'Brien a@b.ca');\nCOPY t (a) FROM stdin;\nC\\303\\264t\\303\\251 c@d.ca\n\\.\n";
        let mut collected = crate::source::test_support::Collected::default();
        read(dump.as_bytes(), &Default::default(), &mut collected).unwrap();
        for (cell, needle) in collected.cells.iter().zip(["a@b.ca", "c@d.ca"]) {
            let span = cell.locate(needle);
            assert_eq!(&dump.as_bytes()[span.start as usize..span.end as usize], needle.as_bytes());
        }
    }

    #[test]
    fn postgres_copy_blocks() {
        let dump = "--\n-- PostgreSQL database dump\n--\nCOPY public.users (id, nom, courriel) FROM stdin;\n1\tC\\303\\264t\\303\\251\\tx\ta@b.ca\n2\t\\N\tc@d.ca\n\\.\n";
        let (seen, issues) = cells(dump);
        assert!(issues.is_empty());
        assert_eq!(seen[1], ("users".into(), "nom".into(), 0, "Côté\tx".into(), 5));
        assert_eq!(seen[2], ("users".into(), "courriel".into(), 0, "a@b.ca".into(), 5));
        assert_eq!(seen[4], ("users".into(), "courriel".into(), 1, "c@d.ca".into(), 6));
    }

    #[test]
    fn postgres_inserts_with_create_table_columns() {
        let dump = "CREATE TABLE public.users (\n    id integer NOT NULL,\n    note text,\n    courriel text\n);\n\nINSERT INTO public.users VALUES (1, 'it''s\nmulti-line', 'a@b.ca');\nINSERT INTO public.users (id, courriel) VALUES (2, 'c\\d@e.ca');\n";
        let (seen, _) = cells(dump);
        let values: Vec<_> = seen.iter().map(|s| (s.1.as_str(), s.2, s.3.as_str(), s.4)).collect();
        assert_eq!(
            values,
            [
                ("id", 0, "1", 7),
                ("note", 0, "it's\nmulti-line", 7),
                ("courriel", 0, "a@b.ca", 8),
                ("id", 1, "2", 9),
                ("courriel", 1, "c\\d@e.ca", 9)
            ],
            "backslashes are literal in PostgreSQL strings"
        );
    }

    #[test]
    fn mysql_extended_inserts() {
        let dump = "-- MariaDB dump 10.19\nCREATE TABLE `users` (\n  `id` int(11) NOT NULL,\n  `nom` varchar(80),\n  `tel` varchar(20),\n  PRIMARY KEY (`id`)\n);\nINSERT INTO `users` VALUES (1,'O\\'Brien','418-549-6754'),\n(2,NULL,'514 555 0199');\n";
        let (seen, issues) = cells(dump);
        assert!(issues.is_empty());
        let values: Vec<_> = seen.iter().map(|s| (s.1.as_str(), s.2, s.3.as_str(), s.4)).collect();
        assert_eq!(
            values,
            [
                ("id", 0, "1", 8),
                ("nom", 0, "O'Brien", 8),
                ("tel", 0, "418-549-6754", 8),
                ("id", 1, "2", 9),
                ("tel", 1, "514 555 0199", 9)
            ]
        );
    }

    #[test]
    fn comments_and_meta_commands_are_skipped() {
        let dump = "\\restrict key\n-- it's a comment\nSET x = 'y'; -- trailing 'comment\nINSERT INTO t (email) VALUES ('a@b.ca');\n";
        let (seen, issues) = cells(dump);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].4, 4);
    }

    #[test]
    fn truncated_dumps_keep_what_was_read() {
        let (seen, issues) = cells("COPY public.t (a) FROM stdin;\nx@y.ca\nz@w");
        assert_eq!(seen.len(), 2, "the partial row is scanned too");
        assert_eq!(issues.len(), 2);
        let (seen, issues) = cells("INSERT INTO t VALUES ('a@b.ca'),('c@d");
        assert_eq!(seen.len(), 1);
        assert!(issues[0].reason.contains("cut off"));
    }
}
