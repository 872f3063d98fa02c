//! The HTML inventory report: one self-contained page (no script, no
//! network), section by section.

use std::fmt::Write as _;

use super::words::{self, category_name, confidence, headline, policy_title, policy_words};
use super::{Entry, Inventory, Status};
use crate::lang::Lang;
use crate::policy::Vocabulary;

/// Screen and print styles. In print: the page's own margins, white paper,
/// tables at full width with their header row repeated on each page, rows
/// kept whole, a page break before each section after the flags, masked
/// values never split across lines, and the scrolling boxes opened so no
/// column is cut off.
pub(super) const STYLE: &str = "
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1360px;margin:0 auto;padding:24px}
h1{margin:0 0 4px;font-size:26px}h2{margin:32px 0 10px;font-size:20px}
.meta{color:#5b6575;margin:0 0 18px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:12px 16px;min-width:140px}
.card b{display:block;font-size:28px}
.headline{background:#fff;border-left:6px solid #c62828;padding:12px 16px;margin:18px 0;border-radius:4px}
.headline.ok{border-color:#2e7d32}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #dde1e7;padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
td code{overflow-wrap:anywhere}
th{background:#eef1f5}
td.num{text-align:right;overflow-wrap:normal}
.mask{white-space:nowrap;display:inline-block;margin-right:6px}
.undeclared{background:#fde0e0}.unexpected_location{background:#fff1d6}.over_retention{background:#efe3f7}.covered{background:#e3f4e4}.not_personal{background:#eceff3}
.sev-high{color:#fff;background:#c62828;border-radius:4px;padding:1px 6px;white-space:nowrap}
.sev-medium{color:#fff;background:#ef6c00;border-radius:4px;padding:1px 6px;white-space:nowrap}
.sev-low{color:#1d2430;background:#ffd54f;border-radius:4px;padding:1px 6px;white-space:nowrap}
blockquote{margin:4px 0 0;padding:4px 8px;border-left:3px solid #9aa5b4;color:#3b4452;background:#f8f9fb;white-space:pre-wrap}
details summary{cursor:pointer;color:#3b4452}
.chart td{text-align:center;min-width:40px;overflow-wrap:normal}
.chart td.none{background:#fafafa;color:#b0b7c3}
.legend span{display:inline-block;padding:2px 8px;margin-right:8px;border:1px solid #dde1e7}
.evidence th{width:28%}
#flags td:last-child{min-width:14em}
code{font-size:13px}
@page{size:landscape;margin:10mm}
@media print{
body{background:#fff;font-size:9pt}
main{max-width:none;padding:0}
h1{font-size:16pt}h2{font-size:13pt;margin:10px 0 6px;break-after:avoid}
.meta{margin:0 0 6px}
section.after{break-before:page}
.scroll{overflow:visible}
table{font-size:7.5pt;width:100%}
thead{display:table-header-group}
tr{break-inside:avoid}
th,td{padding:3px 4px;hyphens:auto}
code{font-size:7.5pt}
.cards{gap:6px}.card{padding:3px 8px;min-width:0;border-radius:4px}.card b{display:inline;font-size:11pt;margin-right:4px}
.headline{border:1px solid #c62828;border-left-width:6px;margin:8px 0;padding:6px 10px}
}
";

/// The self-contained HTML report, in the inventory's language.
pub fn html(inventory: &Inventory, vocabulary: &Vocabulary) -> String {
    let page = Page { inventory, vocabulary, lang: inventory.lang };
    let mut out = String::new();
    header(&page, &mut out);
    flags(&page, &mut out);
    for section in [chart, full_inventory, kept_and_sent, purposes, lists, evidence] {
        let _ = writeln!(out, "<section class=\"after\">");
        section(&page, &mut out);
        let _ = writeln!(out, "</section>");
    }
    let _ = writeln!(out, "</main></body></html>");
    out
}

/// What every section needs.
struct Page<'a> {
    inventory: &'a Inventory,
    vocabulary: &'a Vocabulary,
    lang: Lang,
}

impl Page<'_> {
    fn t<'s>(&self, english: &'s str, french: &'s str) -> &'s str {
        self.lang.pick(english, french)
    }

    fn category(&self, id: &str) -> String {
        esc(category_name(self.vocabulary, id, self.lang))
    }
}

/// Masked examples, each unbreakable.
fn masks(examples: &[String]) -> String {
    examples.iter().map(|e| format!("<code class=\"mask\">{}</code>", esc(e))).collect()
}

fn table_head(id: &str, headings: &str) -> String {
    let cells: String = headings.split('|').map(|h| format!("<th>{h}</th>")).collect();
    format!("<div class=\"scroll\"><table id=\"{id}\"><thead><tr>{cells}</tr></thead><tbody>")
}

const TABLE_END: &str = "</tbody></table></div>";

/// The page head, the headline, the summary cards and the tables read.
fn header(page: &Page, out: &mut String) {
    let (inventory, lang) = (page.inventory, page.lang);
    let s = &inventory.summary;
    let flagged = s.undeclared + s.unexpected_location > 0;
    let title = page.t("Personal-data inventory", "Inventaire des renseignements personnels");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — {}</title><style>{STYLE}</style></head><body><main>\n",
        lang.code(),
        esc(&inventory.policy.organization.name)
    );
    let _ = writeln!(out, "<h1>{title}</h1>");
    let made = inventory.evidence.as_ref().map(|e| e.generated_at.as_str()).unwrap_or("");
    let files = lang.count(
        inventory.scan.files_scanned,
        ("file scanned", "files scanned"),
        ("fichier analysé", "fichiers analysés"),
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} <b>{}</b> · {files} ({} {}) · {} · {} · {} piimap {} {made}</p>",
        page.t("Policy:", "Politique :"),
        esc(&policy_title(inventory)),
        lang.number(inventory.scan.bytes_scanned),
        page.t("bytes", "octets"),
        lang.count(inventory.scan.errors, ("read error", "read errors"), ("erreur de lecture", "erreurs de lecture")),
        match lang {
            Lang::En => format!("confidence {} or above", inventory.min_confidence),
            Lang::Fr => format!("confiance {} ou plus", confidence(inventory.min_confidence, lang)),
        },
        page.t("report by", "rapport de"),
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        out,
        "<p id=\"headline\" class=\"headline{}\">{}</p>",
        if flagged { "" } else { " ok" },
        esc(&headline(inventory, lang))
    );
    let _ = writeln!(out, "<div class=\"cards\" id=\"summary\">");
    for (label, value, class) in [
        (page.t("locations", "emplacements"), s.entries, ""),
        (words::status(Status::Undeclared, lang), s.undeclared, "undeclared"),
        (words::status(Status::UnexpectedLocation, lang), s.unexpected_location, "unexpected_location"),
        (words::status(Status::OverRetention, lang), s.over_retention, "over_retention"),
        (words::status(Status::Covered, lang), s.covered, "covered"),
        (
            page.t("not personal (an organization's)", "non personnel (d’une organisation)"),
            s.not_personal,
            "not_personal",
        ),
        (page.t("high severity", "gravité élevée"), s.high, ""),
    ] {
        if (class == "not_personal" || class == "over_retention") && value == 0 {
            continue;
        }
        let _ = writeln!(out, "<div class=\"card {class}\"><b>{}</b>{label}</div>", lang.number(value));
    }
    let _ = writeln!(out, "</div>");
    if !inventory.scan.tables.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2>", page.t("Database tables read", "Tables de bases de données lues"));
        let _ = writeln!(
            out,
            "<p>{}</p>",
            page.t(
                "Counts and ratios of their columns are out of the rows read.",
                "Les nombres et proportions de leurs colonnes portent sur les lignes lues."
            )
        );
        let headings = page.t(
            "Database|Table|Rows read|Rows (server's estimate)|Sample",
            "Base de données|Table|Lignes lues|Lignes (estimation du serveur)|Échantillon",
        );
        out.push_str(&table_head("tables", headings));
        for table in &inventory.scan.tables {
            let estimate = table.rows_estimated.map_or_else(|| "?".into(), |rows| lang.number(rows));
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&table.path),
                esc(&table.table),
                lang.number(table.rows_read),
                estimate,
                esc(&table.sample)
            );
        }
        out.push_str(TABLE_END);
    }
}

/// The chart: locations × categories, each cell coloured by status.
fn chart(page: &Page, out: &mut String) {
    let (inventory, lang) = (page.inventory, page.lang);
    let mut categories: Vec<&str> = inventory.entries.iter().map(|e| e.category.as_str()).collect();
    categories.sort();
    categories.dedup();
    let mut locations: Vec<String> = inventory.entries.iter().map(Entry::location).collect();
    locations.dedup();
    let _ = writeln!(out, "<h2>{}</h2>", page.t("Where personal data is", "Où sont les renseignements personnels"));
    let _ = writeln!(
        out,
        "<p class=\"legend\"><span class=\"undeclared\">{}</span><span class=\"unexpected_location\">{}</span><span class=\"over_retention\">{}</span><span class=\"covered\">{}</span><span class=\"not_personal\">{}</span> {}</p>",
        words::status(Status::Undeclared, lang),
        words::status(Status::UnexpectedLocation, lang),
        words::status(Status::OverRetention, lang),
        words::status(Status::Covered, lang),
        words::status(Status::NotPersonal, lang),
        page.t("(number of findings)", "(nombre de constats)")
    );
    let mut headings = page.t("Location", "Emplacement").to_string();
    for category in &categories {
        headings.push('|');
        headings.push_str(&esc(category));
    }
    out.push_str(&table_head("chart", &headings).replace("<table ", "<table class=\"chart\" "));
    for location in &locations {
        let _ = write!(out, "<tr><th><code>{}</code></th>", esc(location));
        for category in &categories {
            match inventory.entries.iter().find(|e| &e.location() == location && e.category == *category) {
                Some(entry) => {
                    let _ = write!(
                        out,
                        "<td class=\"{}\" title=\"{}\">{}</td>",
                        entry.status.as_str(),
                        esc(&entry.reason),
                        lang.number(entry.findings)
                    );
                }
                None => {
                    let _ = write!(out, "<td class=\"none\">·</td>");
                }
            }
        }
        let _ = writeln!(out, "</tr>");
    }
    out.push_str(TABLE_END);
}

/// The over-collection flags: why, where the expectation comes from, what to
/// do, the related gaps, and the policy's words folded under each.
fn flags(page: &Page, out: &mut String) {
    let (inventory, lang) = (page.inventory, page.lang);
    let flags = inventory.flags();
    let _ = writeln!(out, "<h2>{}</h2>", page.t("Over-collection flags", "Signalements de collecte excédentaire"));
    if flags.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", page.t("None.", "Aucun."));
        return;
    }
    out.push_str(&table_head(
        "flags",
        page.t(
            "Severity|Status|Location|Category|Findings|Examples|Why|Expected from|Action|The policy's words",
            "Gravité|Statut|Emplacement|Catégorie|Constats|Exemples|Motif|Attente fondée sur|Mesure|Les mots de la politique",
        ),
    ));
    for entry in flags {
        let severity = words::severity(entry.severity, lang);
        let quotes = policy_words(inventory, entry);
        let mut said = if quotes.is_empty() {
            format!(
                "<i>{}</i>",
                page.t(
                    "No purpose of the policy declares this category.",
                    "Aucune fin de la politique ne déclare cette catégorie."
                )
            )
        } else {
            quotes
                .iter()
                .map(|(id, quote)| {
                    format!(
                        "<details><summary><code>{}</code></summary><blockquote>{}</blockquote></details>",
                        esc(id),
                        esc(quote)
                    )
                })
                .collect::<String>()
        };
        if !entry.gaps.is_empty() {
            let links: Vec<String> =
                entry.gaps.iter().map(|&index| format!("<a href=\"#gap-{}\">{}</a>", index + 1, index + 1)).collect();
            let _ = write!(said, "<br>{} {}", page.t("Related gaps:", "Lacunes liées :"), links.join(", "));
        }
        let _ = writeln!(
            out,
            "<tr class=\"flag {}\"><td><span class=\"sev-{}\">{severity}</span></td><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{said}</td></tr>",
            entry.status.as_str(),
            entry.severity.map_or("", |s| s.as_str()),
            words::status(entry.status, lang),
            esc(&entry.location()),
            page.category(&entry.category),
            lang.number(entry.findings),
            masks(&entry.examples),
            esc(&entry.reason),
            words::basis(entry.expected_from, lang),
            words::action(entry.action, lang),
        );
    }
    out.push_str(TABLE_END);
}

/// Every (location, category).
fn full_inventory(page: &Page, out: &mut String) {
    let (inventory, lang) = (page.inventory, page.lang);
    let _ = writeln!(out, "<h2>{}</h2>", page.t("Full inventory", "Inventaire complet"));
    out.push_str(&table_head(
        "inventory",
        page.t(
            "Location|Category|fideslang|Findings|Ratio|Confidence|Examples (masked)|Status|Covered by",
            "Emplacement|Catégorie|fideslang|Constats|Proportion|Confiance|Exemples (masqués)|Statut|Couvert par",
        ),
    ));
    for entry in &inventory.entries {
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            entry.status.as_str(),
            esc(&entry.location()),
            page.category(&entry.category),
            esc(&entry.fideslang),
            lang.number(entry.findings),
            entry.ratio.map(|r| format!("{:.0}{}%", r * 100.0, lang.pick("", "\u{a0}"))).unwrap_or_default(),
            confidence(entry.confidence, lang),
            masks(&entry.examples),
            words::status(entry.status, lang),
            esc(&entry.covered_by.join(", "))
        );
    }
    out.push_str(TABLE_END);
}

/// Values kept longer than the policy allows; data sent outside Quebec with
/// no assessment mentioned.
fn kept_and_sent(page: &Page, out: &mut String) {
    let (inventory, lang) = (page.inventory, page.lang);
    let _ = writeln!(out, "<h2>{}</h2>", page.t("Kept too long", "Conservé trop longtemps"));
    let kept: Vec<&Entry> = inventory.entries.iter().filter(|e| e.retention.is_some()).collect();
    if kept.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", page.t(
            "No dated row is older than a retention period the policy states (words without a period are not checked).",
            "Aucune ligne datée n’est plus ancienne qu’une durée de conservation énoncée par la politique (les mots sans durée ne sont pas vérifiés).",
        ));
    } else {
        out.push_str(&table_head(
            "retention",
            page.t(
                "Location|Category|Values in older rows|Dated before|Oldest|Rule|The policy's words",
                "Emplacement|Catégorie|Valeurs dans des lignes plus anciennes|Datées d’avant le|La plus ancienne|Règle|Les mots de la politique",
            ),
        ));
        for entry in kept {
            let Some(check) = &entry.retention else { continue };
            let _ = writeln!(
                out,
                "<tr class=\"{}\"><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{} ({})</td><td><blockquote>{}</blockquote></td></tr>",
                entry.status.as_str(),
                esc(&entry.location()),
                page.category(&entry.category),
                lang.number(check.rows),
                esc(&check.before),
                esc(&check.oldest),
                esc(&words::retention_rule(&check.rule, lang)),
                esc(&words::retention_purposes(&check.purposes, lang)),
                esc(&check.words)
            );
        }
        out.push_str(TABLE_END);
    }
    let sent: Vec<&Entry> = inventory.entries.iter().filter(|e| !e.unassessed_transfers.is_empty()).collect();
    if !sent.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2><ul id=\"transfers\">",
            page.t(
                "Sent outside Quebec with no privacy impact assessment mentioned",
                "Communiqué hors du Québec sans évaluation des facteurs relatifs à la vie privée mentionnée",
            )
        );
        for entry in sent {
            let _ = writeln!(
                out,
                "<li><code>{}</code> {}: {}</li>",
                esc(&entry.location()),
                page.category(&entry.category),
                esc(&entry.unassessed_transfers.join(", "))
            );
        }
        let _ = writeln!(out, "</ul>");
    }
}

/// The declared purposes, and what was found for each.
fn purposes(page: &Page, out: &mut String) {
    let inventory = page.inventory;
    let _ = writeln!(out, "<h2>{}</h2>", page.t("Declared purposes", "Fins déclarées"));
    out.push_str(&table_head(
        "purposes",
        page.t(
            "Purpose|The policy's words|Found|Declared, not found|Not checked",
            "Fin|Les mots de la politique|Trouvé|Déclaré, non trouvé|Non vérifié",
        ),
    ));
    for (purpose, report) in inventory.policy.purposes.iter().zip(&inventory.purposes) {
        let found = report
            .found
            .iter()
            .map(|(category, places)| format!("<b>{}</b>: {}", page.category(category), esc(&places.join(", "))))
            .collect::<Vec<_>>()
            .join("<br>");
        let names = |ids: &[String]| ids.iter().map(|id| page.category(id)).collect::<Vec<_>>().join(", ");
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code><br>{}{}</td><td><details><summary>{}</summary><blockquote>{}</blockquote></details></td><td>{found}</td><td>{}</td><td>{}</td></tr>",
            esc(&purpose.id),
            esc(&purpose.name),
            purpose.data_use.as_ref().map(|u| format!("<br><small>{}</small>", esc(u))).unwrap_or_default(),
            page.t("quote", "citation"),
            esc(&purpose.quote),
            names(&report.declared_not_found),
            names(&report.not_checked)
        );
    }
    out.push_str(TABLE_END);
}

/// What cannot be checked, the gaps in the policy (numbered: flags link
/// them), and the read errors.
fn lists(page: &Page, out: &mut String) {
    let inventory = page.inventory;
    if !inventory.not_checked.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2><ul>", page.t("Declared but not checked", "Déclaré mais non vérifié"));
        for item in &inventory.not_checked {
            let _ = writeln!(
                out,
                "<li><b>{}</b> (<code>{}</code>): {} {}</li>",
                page.category(&item.category),
                esc(&item.fideslang),
                page.t("declared by", "déclaré par"),
                esc(&item.purposes.join(", "))
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    if !inventory.policy.gaps.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2><ol id=\"gaps\">", page.t("Gaps in the policy", "Lacunes de la politique"));
        for (index, gap) in inventory.policy.gaps.iter().enumerate() {
            let quote = gap.quote.as_ref().map(|q| format!("<blockquote>{}</blockquote>", esc(q))).unwrap_or_default();
            let _ = writeln!(
                out,
                "<li id=\"gap-{}\"><b>{}</b>: {}{quote}</li>",
                index + 1,
                esc(&gap.about),
                esc(&gap.note)
            );
        }
        let _ = writeln!(out, "</ol>");
    }
    if !inventory.errors.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2><ul>", page.t("Read errors", "Erreurs de lecture"));
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

/// How the inventory was made.
fn evidence(page: &Page, out: &mut String) {
    let _ = writeln!(out, "<h2>{}</h2>", page.t("Evidence", "Preuve de production"));
    let rows = words::evidence_rows(page.inventory, page.lang);
    let _ = writeln!(out, "<table class=\"evidence\" id=\"evidence\"><tbody>");
    for (label, value) in rows {
        let _ = writeln!(out, "<tr><th>{}</th><td><code>{}</code></td></tr>", esc(&label), esc(&value));
    }
    let _ = writeln!(out, "</tbody></table>");
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
