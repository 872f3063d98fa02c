//! Inventory reports: JSON (for tools), Markdown (a pull-request comment or a
//! compliance file), CSV (a spreadsheet) and one self-contained HTML page (for
//! a compliance officer to open and hand over).
//!
//! Every format puts the over-collection flags first, each with the policy's
//! own words beside it, then the full inventory. Only masked examples appear.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::words::{headline, policy_title, policy_words};
use super::Inventory;

/// Report formats of `piimap inventory` and `piimap merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InventoryFormat {
    /// The versioned JSON document (`piimap.inventory/1`).
    Json,
    /// Markdown.
    Markdown,
    /// One row per entry.
    Csv,
    /// A self-contained HTML page.
    Html,
}

/// Writes `inventory` as `format`.
pub fn write(inventory: &Inventory, format: InventoryFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        InventoryFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, inventory)?;
            writeln!(out)
        }
        InventoryFormat::Markdown => out.write_all(markdown(inventory).as_bytes()),
        InventoryFormat::Csv => csv(inventory, out),
        InventoryFormat::Html => out.write_all(super::html::html(inventory).as_bytes()),
    }
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// What was read of each live database table, when there were any.
fn tables_read(inventory: &Inventory, out: &mut String) {
    if inventory.scan.tables.is_empty() {
        return;
    }
    let _ = writeln!(out, "Database tables read (counts and ratios are out of the rows read):\n");
    let _ = writeln!(out, "| Database | Table | Rows read | Rows (server's estimate) | Sample |");
    let _ = writeln!(out, "|---|---|---:|---:|---|");
    for table in &inventory.scan.tables {
        let estimate = table.rows_estimated.map_or_else(|| "?".into(), |rows| rows.to_string());
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} | {} |",
            md_cell(&table.path),
            md_cell(&table.table),
            table.rows_read,
            estimate,
            md_cell(&table.sample)
        );
    }
    let _ = writeln!(out);
}

/// The Markdown report.
pub fn markdown(inventory: &Inventory) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Personal-data inventory\n");
    let _ = writeln!(out, "Policy: **{}**  ", policy_title(inventory));
    let _ = writeln!(
        out,
        "Scanned {} files ({} bytes), {} read errors; findings at confidence {} or above.\n",
        inventory.scan.files_scanned, inventory.scan.bytes_scanned, inventory.scan.errors, inventory.min_confidence
    );
    if inventory.scan.interrupted {
        let _ =
            writeln!(out, "> **Incomplete**: the scan was interrupted; files not reached are not in this inventory.\n");
    }
    tables_read(inventory, &mut out);
    let _ = writeln!(out, "**{}**\n", headline(inventory));
    let flags = inventory.flags();
    if !flags.is_empty() {
        let _ = writeln!(out, "## Over-collection flags\n");
        let _ = writeln!(out, "| Severity | Status | Location | Category | Findings | Why | The policy's words |");
        let _ = writeln!(out, "|---|---|---|---|---:|---|---|");
        for entry in flags {
            let words = policy_words(inventory, entry);
            let words = if words.is_empty() {
                "*(no purpose declares it)*".to_string()
            } else {
                words
                    .iter()
                    .map(|(id, quote)| format!("`{id}`: “{}”", md_cell(&shorten(quote, 240))))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} | {} | {} | {} |",
                entry.severity.map_or("", |s| s.as_str()),
                entry.status.as_str(),
                md_cell(&entry.location()),
                entry.category,
                entry.findings,
                md_cell(&entry.reason),
                words
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Inventory\n");
    let _ = writeln!(out, "| Location | Category | Findings | Ratio | Confidence | Examples | Status | Covered by |");
    let _ = writeln!(out, "|---|---|---:|---:|---|---|---|---|");
    for entry in &inventory.entries {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            md_cell(&entry.location()),
            entry.category,
            entry.findings,
            entry.ratio.map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_default(),
            entry.confidence,
            md_cell(&entry.examples.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(" ")),
            entry.status.as_str(),
            entry.covered_by.join(", ")
        );
    }
    let _ = writeln!(out, "\n## Purposes\n");
    let _ = writeln!(out, "| Purpose | Found (category: locations) | Declared, not found | Not checked |");
    let _ = writeln!(out, "|---|---|---|---|");
    for purpose in &inventory.purposes {
        let found = purpose
            .found
            .iter()
            .map(|(category, places)| format!("{category}: {}", places.join(", ")))
            .collect::<Vec<_>>()
            .join("<br>");
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} | {} |",
            purpose.id,
            md_cell(&purpose.name),
            md_cell(&found),
            purpose.declared_not_found.join(", "),
            purpose.not_checked.join(", ")
        );
    }
    if !inventory.not_checked.is_empty() {
        let _ = writeln!(out, "\n## Declared but not checked\n");
        let _ = writeln!(out, "piimap finds only its detected categories from values (`piimap rules` lists them); these declared categories cannot be found that way and were not checked against the data:\n");
        for item in &inventory.not_checked {
            let _ = writeln!(
                out,
                "- **{}** (`{}`, {}): {}",
                item.name,
                item.category,
                item.fideslang,
                item.purposes.join(", ")
            );
        }
    }
    if !inventory.policy.gaps.is_empty() {
        let _ = writeln!(out, "\n## Gaps in the policy\n");
        for gap in &inventory.policy.gaps {
            let purpose = gap.purpose.as_ref().map(|p| format!(" (`{p}`)")).unwrap_or_default();
            let _ = writeln!(out, "- **{}**{purpose}: {}", md_cell(&gap.about), md_cell(&gap.note));
        }
    }
    if !inventory.errors.is_empty() {
        let _ = writeln!(out, "\n## Read errors\n");
        for error in &inventory.errors {
            let location = if error.location.is_empty() { String::new() } else { format!(" {}", error.location) };
            let _ = writeln!(out, "- `{}`{location}: {}", error.path, md_cell(&error.reason));
        }
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

fn csv(inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record([
        "status",
        "severity",
        "path",
        "table",
        "field",
        "category",
        "fideslang",
        "findings",
        "values",
        "ratio",
        "confidence",
        "covered_by",
        "declared_by",
        "examples",
        "reason",
    ])?;
    for entry in &inventory.entries {
        writer.write_record([
            entry.status.as_str(),
            entry.severity.map_or("", |s| s.as_str()),
            &entry.path,
            entry.table.as_deref().unwrap_or(""),
            entry.field.as_deref().unwrap_or(""),
            &entry.category,
            &entry.fideslang,
            &entry.findings.to_string(),
            &entry.values.map(|v| v.to_string()).unwrap_or_default(),
            &entry.ratio.map(|r| format!("{r:.4}")).unwrap_or_default(),
            entry.confidence.as_str(),
            &entry.covered_by.join(" "),
            &entry.declared_by.join(" "),
            &entry.examples.join(" "),
            &entry.reason,
        ])?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_shortened_on_a_character_boundary() {
        assert_eq!(shorten("é é é é", 3), "é é…");
    }
}
