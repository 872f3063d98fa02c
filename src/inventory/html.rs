//! The HTML inventory report: one self-contained page (no script, no
//! network), section by section.

use std::fmt::Write as _;

use super::words::{headline, policy_title, policy_words};
use super::{Entry, Inventory};

const STYLE: &str = "
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{margin:0 0 4px;font-size:26px}h2{margin:32px 0 10px;font-size:20px}
.meta{color:#5b6575;margin:0 0 18px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:12px 16px;min-width:140px}
.card b{display:block;font-size:28px}
.headline{background:#fff;border-left:6px solid #c62828;padding:12px 16px;margin:18px 0;border-radius:4px}
.headline.ok{border-color:#2e7d32}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #dde1e7;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}
td.num{text-align:right}
.undeclared{background:#fde0e0}.unexpected_location{background:#fff1d6}.covered{background:#e3f4e4}.not_personal{background:#eceff3}
.sev-high{color:#fff;background:#c62828;border-radius:4px;padding:1px 6px}
.sev-medium{color:#fff;background:#ef6c00;border-radius:4px;padding:1px 6px}
.sev-low{color:#1d2430;background:#ffd54f;border-radius:4px;padding:1px 6px}
blockquote{margin:0;padding:4px 8px;border-left:3px solid #9aa5b4;color:#3b4452;background:#f8f9fb;white-space:pre-wrap}
.chart td{text-align:center;min-width:70px}
.chart td.none{background:#fafafa;color:#b0b7c3}
.legend span{display:inline-block;padding:2px 8px;margin-right:8px;border:1px solid #dde1e7}
code{font-size:13px}
";

/// The self-contained HTML report.
pub fn html(inventory: &Inventory) -> String {
    let mut out = String::new();
    for section in [header, chart, flags, full_inventory, purposes, lists] {
        section(inventory, &mut out);
    }
    let _ = writeln!(out, "</main></body></html>");
    out
}

/// The page head, the headline and the summary cards.
fn header(inventory: &Inventory, out: &mut String) {
    let s = &inventory.summary;
    let flagged = s.undeclared + s.unexpected_location > 0;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Personal-data inventory — {}</title><style>{STYLE}</style></head><body><main>\n",
        esc(&inventory.policy.organization.name)
    );
    let _ = writeln!(out, "<h1>Personal-data inventory</h1>");
    let _ = writeln!(
        out,
        "<p class=\"meta\">Policy: <b>{}</b> · {} files scanned ({} bytes) · {} read errors · confidence {} or above · report by piimap {}</p>",
        esc(&policy_title(inventory)),
        inventory.scan.files_scanned,
        inventory.scan.bytes_scanned,
        inventory.scan.errors,
        inventory.min_confidence,
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        out,
        "<p id=\"headline\" class=\"headline{}\">{}</p>",
        if flagged { "" } else { " ok" },
        esc(&headline(inventory))
    );
    let _ = writeln!(out, "<div class=\"cards\" id=\"summary\">");
    for (label, value, class) in [
        ("locations", s.entries, ""),
        ("undeclared", s.undeclared, "undeclared"),
        ("unexpected location", s.unexpected_location, "unexpected_location"),
        ("covered", s.covered, "covered"),
        ("not personal (an organization's)", s.not_personal, "not_personal"),
        ("high severity", s.high, ""),
    ] {
        if class == "not_personal" && value == 0 {
            continue;
        }
        let _ = writeln!(out, "<div class=\"card {class}\"><b>{value}</b>{label}</div>");
    }
    let _ = writeln!(out, "</div>");
    if !inventory.scan.tables.is_empty() {
        let _ = writeln!(out, "<h2>Database tables read</h2>");
        let _ = writeln!(out, "<p>Counts and ratios of their columns are out of the rows read.</p>");
        let _ = writeln!(
            out,
            "<table id=\"tables\"><tr><th>Database</th><th>Table</th><th>Rows read</th><th>Rows (server's estimate)</th><th>Sample</th></tr>"
        );
        for table in &inventory.scan.tables {
            let estimate = table.rows_estimated.map_or_else(|| "?".into(), |rows| rows.to_string());
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&table.path),
                esc(&table.table),
                table.rows_read,
                estimate,
                esc(&table.sample)
            );
        }
        let _ = writeln!(out, "</table>");
    }
}

/// The chart: locations × categories, each cell coloured by status.
fn chart(inventory: &Inventory, out: &mut String) {
    let mut categories: Vec<&str> = inventory.entries.iter().map(|e| e.category.as_str()).collect();
    categories.sort();
    categories.dedup();
    let mut locations: Vec<String> = inventory.entries.iter().map(Entry::location).collect();
    locations.dedup();
    let _ = writeln!(out, "<h2>Where personal data is</h2>");
    let _ = writeln!(
        out,
        "<p class=\"legend\"><span class=\"undeclared\">undeclared</span><span class=\"unexpected_location\">unexpected location</span><span class=\"covered\">covered</span><span class=\"not_personal\">not personal</span> (number of findings)</p>"
    );
    let _ = write!(out, "<table class=\"chart\" id=\"chart\"><tr><th>Location</th>");
    for category in &categories {
        let _ = write!(out, "<th>{}</th>", esc(category));
    }
    let _ = writeln!(out, "</tr>");
    for location in &locations {
        let _ = write!(out, "<tr><th><code>{}</code></th>", esc(location));
        for category in &categories {
            match inventory.entries.iter().find(|e| &e.location() == location && e.category == *category) {
                Some(entry) => {
                    let _ = write!(
                        out,
                        "<td class=\"{}\" title=\"{}\">{}</td>",
                        entry.status.as_str(),
                        esc(&entry.reason.replace('`', "")),
                        entry.findings
                    );
                }
                None => {
                    let _ = write!(out, "<td class=\"none\">·</td>");
                }
            }
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</table>");
}

/// The over-collection flags, with the policy's words beside them.
fn flags(inventory: &Inventory, out: &mut String) {
    let flags = inventory.flags();
    let _ = writeln!(out, "<h2>Over-collection flags</h2>");
    if flags.is_empty() {
        let _ = writeln!(out, "<p>None.</p>");
    } else {
        let _ = writeln!(
            out,
            "<table id=\"flags\"><tr><th>Severity</th><th>Status</th><th>Location</th><th>Category</th><th>Findings</th><th>Examples</th><th>Why</th><th>The policy's words</th></tr>"
        );
        for entry in flags {
            let severity = entry.severity.map_or("", |s| s.as_str());
            let words = policy_words(inventory, entry);
            let words = if words.is_empty() {
                "<i>No purpose of the policy declares this category.</i>".to_string()
            } else {
                words
                    .iter()
                    .map(|(id, quote)| format!("<code>{}</code><blockquote>{}</blockquote>", esc(id), esc(quote)))
                    .collect::<String>()
            };
            let _ = writeln!(
                out,
                "<tr class=\"flag {}\"><td><span class=\"sev-{severity}\">{severity}</span></td><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td><code>{}</code></td><td>{}</td><td>{words}</td></tr>",
                entry.status.as_str(),
                entry.status.as_str(),
                esc(&entry.location()),
                esc(&entry.category),
                entry.findings,
                esc(&entry.examples.join(" ")),
                esc(&entry.reason.replace('`', ""))
            );
        }
        let _ = writeln!(out, "</table>");
    }
}

/// Every (location, category).
fn full_inventory(inventory: &Inventory, out: &mut String) {
    let _ = writeln!(out, "<h2>Full inventory</h2>");
    let _ = writeln!(
        out,
        "<table id=\"inventory\"><tr><th>Location</th><th>Category</th><th>fideslang</th><th>Findings</th><th>Ratio</th><th>Confidence</th><th>Examples (masked)</th><th>Status</th><th>Covered by</th></tr>"
    );
    for entry in &inventory.entries {
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            entry.status.as_str(),
            esc(&entry.location()),
            esc(&entry.category),
            esc(&entry.fideslang),
            entry.findings,
            entry.ratio.map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_default(),
            entry.confidence,
            esc(&entry.examples.join(" ")),
            entry.status.as_str(),
            esc(&entry.covered_by.join(", "))
        );
    }
    let _ = writeln!(out, "</table>");
}

/// The declared purposes, and what was found for each.
fn purposes(inventory: &Inventory, out: &mut String) {
    let _ = writeln!(out, "<h2>Declared purposes</h2>");
    let _ = writeln!(
        out,
        "<table id=\"purposes\"><tr><th>Purpose</th><th>The policy's words</th><th>Found</th><th>Declared, not found</th><th>Not checked</th></tr>"
    );
    for (purpose, report) in inventory.policy.purposes.iter().zip(&inventory.purposes) {
        let found = report
            .found
            .iter()
            .map(|(category, places)| format!("<b>{}</b>: {}", esc(category), esc(&places.join(", "))))
            .collect::<Vec<_>>()
            .join("<br>");
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code><br>{}{}</td><td><blockquote>{}</blockquote></td><td>{found}</td><td>{}</td><td>{}</td></tr>",
            esc(&purpose.id),
            esc(&purpose.name),
            purpose.data_use.as_ref().map(|u| format!("<br><small>{}</small>", esc(u))).unwrap_or_default(),
            esc(&purpose.quote),
            esc(&report.declared_not_found.join(", ")),
            esc(&report.not_checked.join(", "))
        );
    }
    let _ = writeln!(out, "</table>");
}

/// What cannot be checked, the gaps in the policy, and the read errors.
fn lists(inventory: &Inventory, out: &mut String) {
    if !inventory.not_checked.is_empty() {
        let _ = writeln!(out, "<h2>Declared but not checked</h2><ul>");
        for item in &inventory.not_checked {
            let _ = writeln!(
                out,
                "<li><b>{}</b> (<code>{}</code>): declared by {}</li>",
                esc(&item.name),
                esc(&item.fideslang),
                esc(&item.purposes.join(", "))
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    if !inventory.policy.gaps.is_empty() {
        let _ = writeln!(out, "<h2>Gaps in the policy</h2><ul id=\"gaps\">");
        for gap in &inventory.policy.gaps {
            let _ = writeln!(out, "<li><b>{}</b>: {}</li>", esc(&gap.about), esc(&gap.note));
        }
        let _ = writeln!(out, "</ul>");
    }
    if !inventory.errors.is_empty() {
        let _ = writeln!(out, "<h2>Read errors</h2><ul>");
        for error in &inventory.errors {
            let _ = writeln!(
                out,
                "<li><code>{}</code> {}: {}</li>",
                esc(&error.path),
                esc(&error.location),
                esc(&error.reason)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
}

/// `text` escaped for HTML.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_everything_it_is_given() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
