//! Which reader reads which format: the one table the scan looks formats up
//! in. A new structured format is a module with a [`Reader`] and one line here
//! (and its extensions in [`Format::of`], its magic or shape in [`Format::sniff`]).

use super::reader::Reader;
use super::{arrow, csv, json, parquet, sql, sqlite, Format};

/// The reader of a structured format; `None` for text, which the scan reads
/// in chunks without cells.
pub fn reader(format: Format) -> Option<Box<dyn Reader>> {
    Some(match format {
        Format::Text => return None,
        Format::Csv(delimiter) => Box::new(csv::CsvReader { delimiter }),
        Format::Ndjson => Box::new(json::NdjsonReader),
        Format::Json => Box::new(json::DocumentReader),
        Format::Sql => Box::new(sql::DumpReader),
        Format::Parquet => Box::new(parquet::ParquetReader),
        Format::Sqlite => Box::new(sqlite::SqliteReader),
        Format::Arrow => Box::new(arrow::BatchReader),
    })
}
