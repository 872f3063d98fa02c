//! Inventory reports: JSON (for tools), Markdown (a pull-request comment or a
//! compliance file), CSV (a spreadsheet) and one self-contained HTML page (for
//! a compliance officer to open and hand over).
//!
//! Every format puts the over-collection flags first, each with the policy's
//! own words beside it, then the full inventory. Only masked examples appear.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::words::{self, category_name, confidence, evidence_rows, headline, policy_title, policy_words};
use super::Inventory;
use crate::lang::Lang;
use crate::policy::Vocabulary;

/// Report formats of `piimap inventory`, `piimap merge` and `piimap diff`.
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

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// The format.
    pub format: InventoryFormat,
    /// The CSV field separator: `;` for spreadsheet software set to French
    /// (Canada), where `,` is the decimal mark.
    pub csv_delimiter: u8,
}

impl RenderOptions {
    /// A CSV writer on `out`, after the UTF-8 byte-order mark that tells
    /// spreadsheet software the file is UTF-8 (without it, « é » arrives as
    /// « Ã© » in Excel set to French (Canada)).
    pub(super) fn csv_writer<'a>(&self, out: &'a mut dyn Write) -> io::Result<::csv::Writer<&'a mut dyn Write>> {
        out.write_all("\u{feff}".as_bytes())?;
        Ok(::csv::WriterBuilder::new().delimiter(self.csv_delimiter).from_writer(out))
    }
}

/// Writes `inventory` (already in its language: [`Inventory::localized`]).
pub fn write(inventory: &Inventory, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let vocabulary = Vocabulary::builtin();
    match options.format {
        InventoryFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, inventory)?;
            writeln!(out)
        }
        InventoryFormat::Markdown => out.write_all(markdown(inventory, &vocabulary).as_bytes()),
        InventoryFormat::Csv => csv(inventory, &vocabulary, options, out),
        InventoryFormat::Html => out.write_all(super::html::html(inventory, &vocabulary).as_bytes()),
    }
}

/// `text` fit for one Markdown table cell.
pub(super) fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// What was read of each live database table, when there were any.
fn tables_read(inventory: &Inventory, lang: Lang, out: &mut String) {
    if inventory.scan.tables.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            "Database tables read (counts and ratios are out of the rows read):",
            "Tables de bases de données lues (nombres et proportions portent sur les lignes lues) :"
        )
    );
    let _ = writeln!(
        out,
        "| {} |",
        lang.pick(
            "Database | Table | Rows read | Rows (server's estimate) | Sample",
            "Base de données | Table | Lignes lues | Lignes (estimation du serveur) | Échantillon"
        )
    );
    let _ = writeln!(out, "|---|---|---:|---:|---|");
    for table in &inventory.scan.tables {
        let estimate = table.rows_estimated.map_or_else(|| "?".into(), |rows| lang.number(rows));
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} | {} |",
            md_cell(&table.path),
            md_cell(&table.table),
            lang.number(table.rows_read),
            estimate,
            md_cell(&table.sample)
        );
    }
    let _ = writeln!(out);
}

/// The Markdown report.
pub fn markdown(inventory: &Inventory, vocabulary: &Vocabulary) -> String {
    let lang = inventory.lang;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", lang.pick("Personal-data inventory", "Inventaire des renseignements personnels"));
    let _ = writeln!(out, "{} **{}**  ", lang.pick("Policy:", "Politique :"), policy_title(inventory));
    let scan = &inventory.scan;
    let files = lang.count(scan.files_scanned, ("file", "files"), ("fichier analysé", "fichiers analysés"));
    let errors = lang.count(scan.errors, ("read error", "read errors"), ("erreur de lecture", "erreurs de lecture"));
    let _ = match lang {
        Lang::En => writeln!(
            out,
            "Scanned {files} ({} bytes), {errors}; findings at confidence {} or above.\n",
            lang.number(scan.bytes_scanned),
            inventory.min_confidence
        ),
        Lang::Fr => writeln!(
            out,
            "{files} ({} octets), {errors} ; constats de confiance {} ou plus.\n",
            lang.number(scan.bytes_scanned),
            confidence(inventory.min_confidence, lang)
        ),
    };
    if scan.interrupted {
        let _ = writeln!(out, "> {}\n", lang.pick("**Incomplete**: the scan was interrupted; files not reached are not in this inventory.", "**Incomplet** : l’analyse a été interrompue ; les fichiers non atteints ne figurent pas dans cet inventaire."));
    }
    tables_read(inventory, lang, &mut out);
    let _ = writeln!(out, "**{}**\n", headline(inventory, lang));
    flags_markdown(inventory, vocabulary, &mut out);
    let category = |id: &str| md_cell(category_name(vocabulary, id, lang));
    let _ = writeln!(out, "## {}\n", lang.pick("Inventory", "Inventaire"));
    let _ = writeln!(
        out,
        "| {} |",
        lang.pick(
            "Location | Category | Findings | Ratio | Confidence | Examples | Status | Covered by",
            "Emplacement | Catégorie | Constats | Proportion | Confiance | Exemples | Statut | Couvert par"
        )
    );
    let _ = writeln!(out, "|---|---|---:|---:|---|---|---|---|");
    for entry in &inventory.entries {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            md_cell(&entry.location()),
            category(&entry.category),
            lang.number(entry.findings),
            entry.ratio.map(|r| format!("{:.0}{}%", r * 100.0, lang.pick("", "\u{a0}"))).unwrap_or_default(),
            confidence(entry.confidence, lang),
            md_cell(&entry.examples.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(" ")),
            words::status(entry.status, lang),
            entry.covered_by.join(", ")
        );
    }
    let _ = writeln!(out, "\n## {}\n", lang.pick("Purposes", "Fins"));
    let _ = writeln!(
        out,
        "| {} |",
        lang.pick(
            "Purpose | Found (category: locations) | Declared, not found | Not checked",
            "Fin | Trouvé (catégorie : emplacements) | Déclaré, non trouvé | Non vérifié"
        )
    );
    let _ = writeln!(out, "|---|---|---|---|");
    for purpose in &inventory.purposes {
        let found = purpose
            .found
            .iter()
            .map(|(id, places)| format!("{}{} {}", category(id), lang.pick(":", " :"), places.join(", ")))
            .collect::<Vec<_>>()
            .join("<br>");
        let names = |ids: &[String]| ids.iter().map(|id| category(id)).collect::<Vec<_>>().join(", ");
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} | {} |",
            purpose.id,
            md_cell(&purpose.name),
            md_cell(&found),
            names(&purpose.declared_not_found),
            names(&purpose.not_checked)
        );
    }
    kept_and_sent_markdown(inventory, vocabulary, &mut out);
    lists_markdown(inventory, vocabulary, &mut out);
    let _ = writeln!(out, "\n## {}\n", lang.pick("Evidence", "Preuve de production"));
    for (label, value) in evidence_rows(inventory, lang) {
        let _ = writeln!(out, "- {label}{} `{}`", lang.pick(":", " :"), md_cell(&value));
    }
    out
}

/// The flags table: severity, status, place, why, where the expectation
/// comes from, what to do, the related gaps, and the policy's words.
fn flags_markdown(inventory: &Inventory, vocabulary: &Vocabulary, out: &mut String) {
    let lang = inventory.lang;
    let flags = inventory.flags();
    if flags.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {}\n", lang.pick("Over-collection flags", "Signalements de collecte excédentaire"));
    let _ = writeln!(out, "| {} |", lang.pick(
        "Severity | Status | Location | Category | Findings | Why | Expected from | Action | Gaps | The policy's words",
        "Gravité | Statut | Emplacement | Catégorie | Constats | Motif | Attente fondée sur | Mesure | Lacunes | Les mots de la politique",
    ));
    let _ = writeln!(out, "|---|---|---|---|---:|---|---|---|---|---|");
    for entry in flags {
        let quotes = policy_words(inventory, entry);
        let said = if quotes.is_empty() {
            format!("*{}*", lang.pick("(no purpose declares it)", "(aucune fin ne le déclare)"))
        } else {
            quotes
                .iter()
                .map(|(id, quote)| format!("`{id}`: “{}”", md_cell(&shorten(quote, 240))))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        let gaps: Vec<String> = entry.gaps.iter().map(|index| (index + 1).to_string()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {} | {} | {} | {} | {} | {} | {} |",
            words::severity(entry.severity, lang),
            words::status(entry.status, lang),
            md_cell(&entry.location()),
            md_cell(category_name(vocabulary, &entry.category, lang)),
            lang.number(entry.findings),
            md_cell(&entry.reason),
            words::basis(entry.expected_from, lang),
            words::action(entry.action, lang),
            gaps.join(", "),
            said
        );
    }
    let _ = writeln!(out);
}

/// Locations holding values kept longer than the policy allows, and those
/// whose data leaves Quebec with no assessment the policy mentions.
fn kept_and_sent_markdown(inventory: &Inventory, vocabulary: &Vocabulary, out: &mut String) {
    let lang = inventory.lang;
    let kept: Vec<_> = inventory.entries.iter().filter(|e| e.retention.is_some()).collect();
    if !kept.is_empty() {
        let _ = writeln!(out, "\n## {}\n", lang.pick("Kept too long", "Conservé trop longtemps"));
        let _ = writeln!(out, "| {} |", lang.pick(
            "Location | Category | Values in older rows | Dated before | Oldest | Rule | The policy's words",
            "Emplacement | Catégorie | Valeurs dans des lignes plus anciennes | Datées d’avant le | La plus ancienne | Règle | Les mots de la politique",
        ));
        let _ = writeln!(out, "|---|---|---:|---|---|---|---|");
        for entry in kept {
            let Some(check) = &entry.retention else { continue };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} ({}) | “{}” |",
                md_cell(&entry.location()),
                md_cell(category_name(vocabulary, &entry.category, lang)),
                lang.number(check.rows),
                check.before,
                check.oldest,
                words::retention_rule(&check.rule, lang),
                words::retention_purposes(&check.purposes, lang),
                md_cell(&shorten(&check.words, 240))
            );
        }
    }
    let sent: Vec<_> = inventory.entries.iter().filter(|e| !e.unassessed_transfers.is_empty()).collect();
    if !sent.is_empty() {
        let _ = writeln!(
            out,
            "\n## {}\n",
            lang.pick(
                "Sent outside Quebec with no privacy impact assessment mentioned",
                "Communiqué hors du Québec sans évaluation des facteurs relatifs à la vie privée mentionnée",
            )
        );
        for entry in sent {
            let _ = writeln!(
                out,
                "- `{}` {}{} {}",
                md_cell(&entry.location()),
                md_cell(category_name(vocabulary, &entry.category, lang)),
                lang.pick(":", " :"),
                entry.unassessed_transfers.join(", ")
            );
        }
    }
}

/// Categories not checked, the policy's gaps (numbered, as flags cite them), read errors.
fn lists_markdown(inventory: &Inventory, vocabulary: &Vocabulary, out: &mut String) {
    let lang = inventory.lang;
    if !inventory.not_checked.is_empty() {
        let _ = writeln!(out, "\n## {}\n", lang.pick("Declared but not checked", "Déclaré mais non vérifié"));
        let _ = writeln!(out, "{}\n", lang.pick(
            "piimap finds only its detected categories from values (`piimap rules` lists them); these declared categories cannot be found that way and were not checked against the data:",
            "piimap ne trouve à partir des valeurs que ses catégories détectées (`piimap rules` les énumère) ; ces catégories déclarées ne peuvent être trouvées ainsi et n’ont pas été vérifiées dans les données :",
        ));
        for item in &inventory.not_checked {
            let _ = writeln!(
                out,
                "- **{}** (`{}`, {}){} {}",
                category_name(vocabulary, &item.category, lang),
                item.category,
                item.fideslang,
                lang.pick(":", " :"),
                item.purposes.join(", ")
            );
        }
    }
    if !inventory.policy.gaps.is_empty() {
        let _ = writeln!(out, "\n## {}\n", lang.pick("Gaps in the policy", "Lacunes de la politique"));
        for (index, gap) in inventory.policy.gaps.iter().enumerate() {
            let purpose = gap.purpose.as_ref().map(|p| format!(" (`{p}`)")).unwrap_or_default();
            let _ = writeln!(out, "{}. **{}**{purpose}: {}", index + 1, md_cell(&gap.about), md_cell(&gap.note));
        }
    }
    if !inventory.errors.is_empty() {
        let _ = writeln!(out, "\n## {}\n", lang.pick("Read errors", "Erreurs de lecture"));
        for error in &inventory.errors {
            let location = if error.location.is_empty() { String::new() } else { format!(" {}", error.location) };
            let _ = writeln!(out, "- `{}`{location}: {}", error.path, md_cell(&error.reason));
        }
    }
}

fn shorten(text: &str, max: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// One row per entry, for a spreadsheet: machine ids beside the words a
/// reader wants (status, severity and category in the report's language).
fn csv(inventory: &Inventory, vocabulary: &Vocabulary, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = inventory.lang;
    let mut writer = options.csv_writer(out)?;
    let header: [&str; 25] = match lang {
        Lang::En => [
            "status",
            "severity",
            "path",
            "table",
            "field",
            "category",
            "category_name",
            "fideslang",
            "findings",
            "values",
            "ratio",
            "confidence",
            "covered_by",
            "declared_by",
            "mapped_to",
            "examples",
            "reason",
            "expected_from",
            "action",
            "gaps",
            "sensitivity",
            "subjects",
            "kept_too_long",
            "oldest_row",
            "unassessed_transfers",
        ],
        Lang::Fr => [
            "statut",
            "gravité",
            "chemin",
            "table",
            "champ",
            "catégorie",
            "nom_catégorie",
            "fideslang",
            "constats",
            "valeurs",
            "proportion",
            "confiance",
            "couvert_par",
            "déclaré_par",
            "relève_de",
            "exemples",
            "motif",
            "attente_fondée_sur",
            "mesure",
            "lacunes",
            "sensibilité",
            "personnes_concernées",
            "conservé_trop_longtemps",
            "ligne_la_plus_ancienne",
            "communications_sans_évaluation",
        ],
    };
    writer.write_record(header)?;
    for entry in &inventory.entries {
        let ratio = entry.ratio.map(|r| format!("{r:.4}")).unwrap_or_default();
        let gaps: Vec<String> = entry.gaps.iter().map(|index| (index + 1).to_string()).collect();
        // English keeps the JSON spellings (scripts read them); French, the words.
        let (status, severity) = match lang {
            Lang::En => (entry.status.as_str(), entry.severity.map_or("", |s| s.as_str())),
            Lang::Fr => (words::status(entry.status, lang), words::severity(entry.severity, lang)),
        };
        writer.write_record([
            status,
            severity,
            &entry.path,
            entry.table.as_deref().unwrap_or(""),
            entry.field.as_deref().unwrap_or(""),
            &entry.category,
            category_name(vocabulary, &entry.category, lang),
            &entry.fideslang,
            &entry.findings.to_string(),
            &entry.values.map(|v| v.to_string()).unwrap_or_default(),
            // A decimal comma where the separator is not one: what a French
            // spreadsheet reads as a number.
            &if options.csv_delimiter != b',' && lang == Lang::Fr { ratio.replace('.', ",") } else { ratio },
            if lang == Lang::En { entry.confidence.as_str() } else { confidence(entry.confidence, lang) },
            &entry.covered_by.join(" "),
            &entry.declared_by.join(" "),
            &entry.mapped_to.join(" "),
            &entry.examples.join(" "),
            &entry.reason,
            if lang == Lang::En {
                entry.expected_from.map_or("", |b| b.as_str())
            } else {
                words::basis(entry.expected_from, lang)
            },
            if lang == Lang::En { entry.action.map_or("", |a| a.as_str()) } else { words::action(entry.action, lang) },
            &gaps.join(" "),
            entry.sensitivity.map_or("", |class| class.as_str()),
            &entry.subjects.join(" "),
            &entry.retention.as_ref().map(|check| check.rows.to_string()).unwrap_or_default(),
            entry.retention.as_ref().map_or("", |check| check.oldest.as_str()),
            &entry.unassessed_transfers.join(" "),
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
