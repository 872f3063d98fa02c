//! Counting a structured job's matched values by the dates of their rows
//! (retention, issue 19): the cells of date columns (`created_at`,
//! `last_login`) and the matched values are noted with their rows, then joined
//! by row, whatever order the reader handed the cells in (row by row for CSV
//! and dumps, column by column for Parquet). A sort and a merge, no hashing:
//! both lists are mostly in order already.

use crate::dates::{parse_stamp, Date, DateRole};

/// Dated cells and matched rows a job keeps: at most this many of each (16 to
/// 24 bytes apiece while joined), so a huge unsplittable file's memory stays
/// bounded; past it, dates are a sample.
const MAX_DATED: usize = 1 << 20;

/// Days are packed from this many days before 1970 (years from 1000 on fit).
const DAY_OFFSET: i64 = 1 << 20;

/// A job's dated cells and matched rows, waiting to be joined.
#[derive(Default)]
pub(super) struct RowDating {
    /// Cells of date columns: (column, row, date).
    stamps: Vec<(usize, u64, Date)>,
    /// Matched values: (column, category, row).
    matched: Vec<(u32, u32, u64)>,
    /// The reader hands out a column at a time (Parquet, Arrow): a table's
    /// date column may come after its personal data, so matched rows are
    /// kept whether or not a date column was seen yet. Row-major readers
    /// have shown every column once the first batch is searched.
    pub column_major: bool,
}

/// What the join needs to know of a job's columns.
pub(super) trait DatedColumns {
    /// An identity of the column's table (rows are numbered per table).
    fn table_of(&self, column: usize) -> usize;
    /// The column's date role, if it dates rows.
    fn date_role(&self, column: usize) -> Option<DateRole>;
    /// How many columns the job has.
    fn count(&self) -> usize;
    /// Counts `values` of `category` in `column` in rows of `date` (as `role`).
    fn add(&mut self, column: usize, category: usize, role: DateRole, date: Date, values: u64);
}

impl RowDating {
    /// Nothing noted yet, for a reader handing out cells row by row or (Parquet, Arrow) column by column.
    pub fn new(column_major: bool) -> RowDating {
        RowDating { column_major, ..RowDating::default() }
    }

    /// Notes a cell of a date column.
    pub fn stamp(&mut self, column: usize, row: u64, bytes: &[u8]) {
        if self.stamps.len() < MAX_DATED {
            if let Some(date) = parse_stamp(bytes) {
                self.stamps.push((column, row, date));
            }
        }
    }

    /// Notes a matched value, when its table may be dated.
    pub fn matched(&mut self, column: usize, category: usize, row: u64, dated_table: bool) {
        if (dated_table || self.column_major) && self.matched.len() < MAX_DATED {
            self.matched.push((column as u32, category as u32, row));
        }
    }

    /// Counts every matched value by its row's dates (the earliest of each
    /// role when a row has several date columns) into `columns`.
    ///
    /// `unfinished` is a row the reader may not have finished (the last of a
    /// row-major batch): its cells wait for the next call. The others are
    /// joined now, so a row-major read holds a batch's rows at most.
    pub fn join(&mut self, columns: &mut dyn DatedColumns, unfinished: Option<(usize, u64)>) {
        let (mut stamps, mut matched) = (std::mem::take(&mut self.stamps), std::mem::take(&mut self.matched));
        if let Some(last) = unfinished {
            // Row-major: the unfinished row's entries were pushed last.
            let waiting = stamps.iter().rev().take_while(|s| (columns.table_of(s.0), s.1) == last).count();
            self.stamps = stamps.split_off(stamps.len() - waiting);
            let waiting = matched.iter().rev().take_while(|m| (columns.table_of(m.0 as usize), m.2) == last).count();
            self.matched = matched.split_off(matched.len() - waiting);
        }
        if stamps.is_empty() || matched.is_empty() || columns.count() >= 1 << 24 {
            return;
        }
        // (table, row, role, day): sorted, the first of each (table, row, role) is its earliest day.
        let mut dated: Vec<(usize, u64, u8, i64)> = stamps
            .iter()
            .map(|&(column, row, date)| {
                let role = columns.date_role(column).unwrap_or_default() as u8;
                (columns.table_of(column), row, role, date.to_unix_days())
            })
            .collect();
        dated.sort_unstable();
        dated.dedup_by_key(|&mut (table, row, role, _)| (table, row, role));
        let mut rows: Vec<(usize, u64, u32, u32)> = matched
            .iter()
            .map(|&(column, category, row)| (columns.table_of(column as usize), row, column, category))
            .collect();
        rows.sort_unstable();
        // One key per (matched value, role): column | category | role | day, counted by runs.
        let mut keys: Vec<u64> = Vec::with_capacity(rows.len());
        let mut next = 0;
        for &(table, row, column, category) in &rows {
            while next < dated.len() && (dated[next].0, dated[next].1) < (table, row) {
                next += 1;
            }
            for &(_, _, role, day) in dated[next..].iter().take_while(|d| (d.0, d.1) == (table, row)) {
                let day = (day + DAY_OFFSET).clamp(0, (1 << 31) - 1) as u64;
                keys.push(u64::from(column) << 40 | u64::from(category & 0xff) << 32 | u64::from(role) << 31 | day);
            }
        }
        keys.sort_unstable();
        for run in keys.chunk_by(|a, b| a == b) {
            let key = run[0];
            let (column, category) = ((key >> 40) as usize, (key >> 32 & 0xff) as usize);
            let role = if key >> 31 & 1 == 1 { DateRole::LastActivity } else { DateRole::Collection };
            let date = Date::from_unix_days((key & ((1 << 31) - 1)) as i64 - DAY_OFFSET);
            columns.add(column, category, role, date, run.len() as u64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two tables; column 0 (table 1) is a date column, columns 1 and 2 hold values.
    struct Fake {
        counted: Vec<(usize, usize, DateRole, String, u64)>,
    }

    impl DatedColumns for Fake {
        fn table_of(&self, column: usize) -> usize {
            if column == 2 {
                2
            } else {
                1
            }
        }
        fn date_role(&self, column: usize) -> Option<DateRole> {
            (column == 0).then_some(DateRole::LastActivity)
        }
        fn count(&self) -> usize {
            3
        }
        fn add(&mut self, column: usize, category: usize, role: DateRole, date: Date, values: u64) {
            self.counted.push((column, category, role, date.iso(), values));
        }
    }

    #[test]
    fn matched_values_are_counted_by_their_rows_dates_in_any_order() {
        let mut dating = RowDating::new(true);
        // Column-major: the values first, the dates after; row 7 of table 2 is another table's.
        dating.matched(1, 4, 1, false);
        dating.matched(1, 4, 0, false);
        dating.matched(1, 4, 2, false);
        dating.matched(2, 4, 0, false);
        dating.stamp(0, 0, b"2015-01-01 08:00:00");
        dating.stamp(0, 1, b"2015-01-01");
        dating.stamp(0, 2, b"not a date");
        let mut columns = Fake { counted: Vec::new() };
        dating.join(&mut columns, None);
        assert_eq!(columns.counted, [(1, 4, DateRole::LastActivity, "2015-01-01".to_string(), 2)]);
    }

    #[test]
    fn an_unfinished_row_waits_for_the_next_batch() {
        let mut dating = RowDating::default();
        dating.stamp(0, 0, b"2020-02-02");
        dating.matched(1, 3, 0, true);
        dating.matched(1, 3, 1, true); // row 1's date is not read yet
        let mut columns = Fake { counted: Vec::new() };
        dating.join(&mut columns, Some((1, 1)));
        assert_eq!(columns.counted.len(), 1);
        dating.stamp(0, 1, b"2021-03-03");
        dating.join(&mut columns, None);
        assert_eq!(columns.counted[1], (1, 3, DateRole::LastActivity, "2021-03-03".to_string(), 1));
        let mut unrelated = RowDating::default();
        unrelated.matched(1, 3, 0, false);
        assert!(unrelated.matched.is_empty(), "a row-major table without a date column keeps nothing");
    }
}
