//! Arrow arrays as cells: what Parquet files decode to, and what a caller
//! hands in (a `pyarrow.RecordBatch` through the Python package, a Spark
//! partition through `mapInArrow`).
//!
//! Every string, binary, integer (a phone stored as INT64, a SIN as INT32),
//! scale-0 decimal and dictionary column is a source of values, and so is every
//! leaf of a nested column: a struct field is `contact.email`, a list element
//! `addresses[].postal_code`, a map entry `attributes[].key` and
//! `attributes[].value`. Floats, booleans, dates and timestamps are not read:
//! none of the detected categories can be one. Values are read from the
//! arrays' own buffers; only the values handed out are copied into the scan's
//! batch.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type,
    UInt8Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};

use crate::rules::date_columns::role_of;
use std::sync::Arc;

use super::place::ValueAt;
use super::reader::{Bytes, Context, Part, Reader};
use super::{Cell, Cells, FieldNames};

/// Nesting deeper than this is not descended into.
const MAX_DEPTH: usize = 64;

/// A record batch handed in by a caller (`Format::Arrow`).
pub struct BatchReader;

impl Reader for BatchReader {
    fn read(&self, bytes: Bytes, _part: Part, context: Context, out: &mut dyn Cells) -> Result<(), String> {
        let Bytes::Batch(batch) = bytes else { return Err("an Arrow batch is read from memory".into()) };
        let mut names = FieldNames::default();
        let mut emitter = Emitter { table: context.table, names: &mut names, out, min_row: 0 };
        if emitter.wants(0) {
            emitter.batch(batch, 0);
        }
        Ok(())
    }
}

/// Marks an element whose parent is null: it has no row and is skipped.
const NO_ROW: u64 = u64::MAX;

/// Turns Arrow arrays into cells.
pub(crate) struct Emitter<'a, 'b> {
    pub(crate) table: &'a Arc<str>,
    pub(crate) names: &'a mut FieldNames,
    pub(crate) out: &'a mut (dyn Cells + 'b),
    /// Rows before this one were already emitted (a retry after an error).
    pub(crate) min_row: u64,
}

impl Emitter<'_, '_> {
    /// Whether rows from `row` on are still wanted.
    pub(crate) fn wants(&self, row: u64) -> bool {
        self.out.more(row)
    }

    /// Emits every value of `batch`, whose first row is `first_row`.
    pub(crate) fn batch(&mut self, batch: &RecordBatch, first_row: u64) {
        let rows: Vec<u64> = (first_row..first_row + batch.num_rows() as u64).collect();
        for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
            let mut path = field.name().clone();
            self.emit(column.as_ref(), &mut path, &rows, 0);
        }
    }

    /// Emits every value of `array`, whose element `i` belongs to row `rows[i]`.
    fn emit(&mut self, array: &dyn Array, path: &mut String, rows: &[u64], depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match array.data_type() {
            DataType::Struct(_) => {
                let array = array.as_struct();
                let rows = valid_rows(array, rows);
                for (field, child) in array.fields().iter().zip(array.columns()) {
                    let length = path.len();
                    if length > 0 {
                        path.push('.');
                    }
                    path.push_str(field.name());
                    self.emit(child.as_ref(), path, &rows, depth + 1);
                    path.truncate(length);
                }
            }
            DataType::List(_) => {
                let array = array.as_list::<i32>();
                let offsets: Vec<usize> = array.offsets().iter().map(|&o| o as usize).collect();
                self.emit_children(array, array.values().as_ref(), &offsets, path, rows, depth);
            }
            DataType::LargeList(_) => {
                let array = array.as_list::<i64>();
                let offsets: Vec<usize> = array.offsets().iter().map(|&o| o as usize).collect();
                self.emit_children(array, array.values().as_ref(), &offsets, path, rows, depth);
            }
            DataType::FixedSizeList(_, size) => {
                let array = array.as_fixed_size_list();
                let size = (*size).max(0) as usize;
                let offsets: Vec<usize> = (0..=array.len()).map(|i| (array.offset() + i) * size).collect();
                self.emit_children(array, array.values().as_ref(), &offsets, path, rows, depth);
            }
            DataType::Map(_, _) => {
                let array = array.as_map();
                let offsets: Vec<usize> = array.offsets().iter().map(|&o| o as usize).collect();
                self.emit_children(array, array.entries(), &offsets, path, rows, depth);
            }
            DataType::Dictionary(_, _) => {
                let array = array.as_any_dictionary();
                let keys = array.normalized_keys();
                let values = array.values();
                let field = self.field(path);
                let mut text = Vec::new();
                for (index, key) in keys.into_iter().enumerate() {
                    if rows[index] == NO_ROW || array.is_null(index) {
                        continue;
                    }
                    text.clear();
                    if scalar_bytes(values.as_ref(), key, &mut text) {
                        self.cell(&field, rows[index], &text);
                    }
                }
            }
            // Dates are read only where they date rows (`created_at`,
            // `last_login`: retention is checked with them); elsewhere a
            // timestamp holds nothing a category can be.
            data_type if is_temporal(data_type) && role_of(path).is_none() => {}
            _ => {
                let field = self.field(path);
                let mut text = Vec::new();
                for (index, &row) in rows.iter().enumerate().take(array.len()) {
                    if row == NO_ROW {
                        continue;
                    }
                    text.clear();
                    if scalar_bytes(array, index, &mut text) {
                        self.cell(&field, row, &text);
                    }
                }
            }
        }
    }

    /// Emits the elements of a list-like `array` (element `i` of the parent spans
    /// `offsets[i]..offsets[i + 1]` of `values`), under `path[]`.
    fn emit_children(
        &mut self,
        array: &dyn Array,
        values: &dyn Array,
        offsets: &[usize],
        path: &mut String,
        rows: &[u64],
        depth: usize,
    ) {
        let mut child_rows = vec![NO_ROW; values.len()];
        for (index, &row) in rows.iter().enumerate().take(array.len()) {
            if row == NO_ROW || array.is_null(index) {
                continue;
            }
            let (start, end) = (offsets[index].min(values.len()), offsets[index + 1].min(values.len()));
            child_rows[start..end.max(start)].fill(row);
        }
        let length = path.len();
        path.push_str("[]");
        self.emit(values, path, &child_rows, depth + 1);
        path.truncate(length);
    }

    /// The shared name of the column at `path` (looked up once per array, not per value).
    fn field(&mut self, path: &str) -> Arc<str> {
        self.names.get(if path.is_empty() { "value" } else { path })
    }

    fn cell(&mut self, field: &Arc<str>, row: u64, bytes: &[u8]) {
        if bytes.is_empty() || row < self.min_row {
            return;
        }
        self.out.cell(Cell { table: self.table, field, row, bytes, at: ValueAt::Binary });
    }
}

/// Appends the ISO date `days` after 1970-01-01.
fn day(days: i64, out: &mut Vec<u8>) -> bool {
    out.extend_from_slice(crate::dates::Date::from_unix_days(days).iso().as_bytes());
    true
}

/// `rows`, with the elements where `array` is null marked [`NO_ROW`].
fn valid_rows(array: &dyn Array, rows: &[u64]) -> Vec<u64> {
    rows.iter()
        .enumerate()
        .take(array.len())
        .map(|(index, &row)| if array.is_null(index) { NO_ROW } else { row })
        .collect()
}

/// Dates and timestamps.
fn is_temporal(data_type: &DataType) -> bool {
    matches!(data_type, DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _))
}

/// Whether a column `name` of `data_type` can hold a value that is read: a
/// column that cannot (a float; a timestamp that does not date rows) is not
/// even fetched from a bucket.
pub(crate) fn holds_values(name: &str, data_type: &DataType) -> bool {
    if is_temporal(data_type) {
        return role_of(name).is_some();
    }
    match data_type {
        DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::FixedSizeBinary(_)
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Decimal128(_, 0) => true,
        DataType::Struct(fields) => fields.iter().any(|field| holds_values(field.name(), field.data_type())),
        DataType::List(item)
        | DataType::LargeList(item)
        | DataType::FixedSizeList(item, _)
        | DataType::Map(item, _) => holds_values(name, item.data_type()),
        DataType::Dictionary(_, values) => holds_values(name, values),
        _ => false,
    }
}

/// Appends the text of element `index` of a scalar array to `out`; false when
/// it is null or of a type no category can take.
fn scalar_bytes(array: &dyn Array, index: usize, out: &mut Vec<u8>) -> bool {
    if index >= array.len() || array.is_null(index) {
        return false;
    }
    let mut number = itoa::Buffer::new();
    let mut integer = |text: &str| {
        out.extend_from_slice(text.as_bytes());
        true
    };
    match array.data_type() {
        DataType::Utf8 => integer(array.as_string::<i32>().value(index)),
        DataType::LargeUtf8 => integer(array.as_string::<i64>().value(index)),
        DataType::Utf8View => integer(array.as_string_view().value(index)),
        DataType::Binary => {
            out.extend_from_slice(array.as_binary::<i32>().value(index));
            true
        }
        DataType::LargeBinary => {
            out.extend_from_slice(array.as_binary::<i64>().value(index));
            true
        }
        DataType::BinaryView => {
            out.extend_from_slice(array.as_binary_view().value(index));
            true
        }
        DataType::FixedSizeBinary(_) => {
            out.extend_from_slice(array.as_fixed_size_binary().value(index));
            true
        }
        DataType::Int8 => integer(number.format(array.as_primitive::<Int8Type>().value(index))),
        DataType::Int16 => integer(number.format(array.as_primitive::<Int16Type>().value(index))),
        DataType::Int32 => integer(number.format(array.as_primitive::<Int32Type>().value(index))),
        DataType::Int64 => integer(number.format(array.as_primitive::<Int64Type>().value(index))),
        DataType::UInt8 => integer(number.format(array.as_primitive::<UInt8Type>().value(index))),
        DataType::UInt16 => integer(number.format(array.as_primitive::<UInt16Type>().value(index))),
        DataType::UInt32 => integer(number.format(array.as_primitive::<UInt32Type>().value(index))),
        DataType::UInt64 => integer(number.format(array.as_primitive::<UInt64Type>().value(index))),
        DataType::Date32 => day(i64::from(array.as_primitive::<Date32Type>().value(index)), out),
        DataType::Date64 => day(array.as_primitive::<Date64Type>().value(index).div_euclid(86_400_000), out),
        DataType::Timestamp(unit, _) => {
            let per_day: i64 = match unit {
                TimeUnit::Second => 86_400,
                TimeUnit::Millisecond => 86_400_000,
                TimeUnit::Microsecond => 86_400_000_000,
                TimeUnit::Nanosecond => 86_400_000_000_000,
            };
            let value = match unit {
                TimeUnit::Second => array.as_primitive::<TimestampSecondType>().value(index),
                TimeUnit::Millisecond => array.as_primitive::<TimestampMillisecondType>().value(index),
                TimeUnit::Microsecond => array.as_primitive::<TimestampMicrosecondType>().value(index),
                TimeUnit::Nanosecond => array.as_primitive::<TimestampNanosecondType>().value(index),
            };
            day(value.div_euclid(per_day), out)
        }
        // NUMERIC(10,0) is how many warehouses store a phone number.
        DataType::Decimal128(_, 0) => {
            integer(number.format(array.as_primitive::<arrow_array::types::Decimal128Type>().value(index)))
        }
        _ => false,
    }
}
