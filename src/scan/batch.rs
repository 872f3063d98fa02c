//! A batch of values waiting to be searched in one pass: where each value
//! came from, and which value holds a position of the batch.

use crate::source::place::Escaping;

/// Where a value waiting in a batch is in its file.
#[derive(Debug, Clone)]
pub(super) enum BatchAt {
    Text {
        start: u64,
        line: u64,
        column: u64,
        /// The value's raw bytes in the job's raw bytes (`ValueScan::raws`) when it was escaped.
        escaped: Option<(std::ops::Range<usize>, Escaping)>,
    },
    Binary,
}

/// A value waiting in a batch.
pub(super) struct BatchCell {
    /// Index into the job's columns.
    pub column: usize,
    pub row: u64,
    /// Where the value starts and ends in the batch (a newline follows it).
    pub begin: usize,
    pub end: usize,
    pub at: BatchAt,
}

/// Which cell of a batch holds a position. Candidates arrive in order, so a
/// cursor that walks forward finds the cell in a step or two; a binary search
/// per candidate over the batch's thousands of cells missed the cache at
/// every step (half of the time of the value loop on a dump).
pub(super) struct CellFinder<'c> {
    cells: &'c [BatchCell],
    last: std::cell::Cell<usize>,
}

impl<'c> CellFinder<'c> {
    pub fn new(cells: &'c [BatchCell]) -> CellFinder<'c> {
        CellFinder { cells, last: std::cell::Cell::new(0) }
    }

    /// The index of the first cell ending at or after `position` (the cell
    /// holding it, or the one after the newline at `position`).
    pub fn at(&self, position: usize) -> usize {
        let cells = self.cells;
        let mut index = self.last.get();
        if index > 0 && cells.get(index - 1).is_some_and(|before| before.end >= position) {
            index = cells[..index].partition_point(|cell| cell.end < position);
        } else {
            let mut steps = 0;
            while index < cells.len() && cells[index].end < position {
                index += 1;
                steps += 1;
                if steps == 8 {
                    index = gallop(cells, index, position);
                    break;
                }
            }
        }
        self.last.set(index);
        index
    }
}

/// The first cell from `from` on ending at or after `position`, found by
/// doubling steps and then a binary search over the last step only: a
/// candidate a few dozen cells ahead (columns without anchor bytes between)
/// costs a few loads close together, where a binary search over the rest of
/// the batch missed the cache at each of its ~17 steps.
fn gallop(cells: &[BatchCell], from: usize, position: usize) -> usize {
    let (mut low, mut step) = (from, 8);
    loop {
        let probe = low + step;
        if probe >= cells.len() || cells[probe].end >= position {
            let high = probe.min(cells.len());
            return low + cells[low..high].partition_point(|cell| cell.end < position);
        }
        low = probe + 1;
        step *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cell_finder_agrees_with_a_binary_search() {
        let mut cells = Vec::new();
        let mut begin = 0;
        for (row, len) in [3usize, 0, 7, 1, 12, 0, 0, 5, 9, 2, 4, 30, 1, 1, 6].iter().cycle().take(700).enumerate() {
            cells.push(BatchCell { column: 0, row: row as u64, begin, end: begin + len, at: BatchAt::Binary });
            begin += len + 1;
        }
        let finder = CellFinder::new(&cells);
        let expected = |position: usize| cells.partition_point(|cell| cell.end < position);
        // In order (as candidates come), then jumping back and far ahead.
        // Then forward in strides of every size, past a few cells to past hundreds.
        let strides =
            [1usize, 7, 40, 90, 130, 300, 700, 1500, 3000].iter().flat_map(|&stride| (0..begin + 2).step_by(stride));
        let positions = (0..begin + 2).chain([5, 0, begin, 17, 16, 200, 3, begin + 9, 1]).chain(strides);
        for position in positions {
            assert_eq!(finder.at(position), expected(position), "position {position}");
        }
        // Every jump ahead from a few places, near and far.
        for from in (0..begin).step_by(97) {
            for to in from..(from + 1500).min(begin + 2) {
                let finder = CellFinder::new(&cells);
                finder.at(from);
                assert_eq!(finder.at(to), expected(to), "from {from} to {to}");
            }
        }
    }
}
