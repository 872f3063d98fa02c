//! The register of processing, written from the data: `piimap register INVENTORY.json`.
//!
//! Law 25 expects an organization to know what personal information it holds,
//! where, why, about whom, for whom and for how long; GDPR article 30 calls
//! the same list a record of processing activities, and fides exports one from
//! hand-written annotations. Here each row is one purpose × category of the
//! policy, filled from the inventory: where the category was found for that
//! purpose and how much of it, next to the policy's subjects, recipients,
//! transfers, retention and legal basis; then one row per category found that
//! no purpose declares. The CSV's columns are fides' datamap export columns
//! where one applies, so fides users can import it. `--format fides-dataset`
//! writes a fideslang Dataset (collections, fields, `data_categories`) of what
//! was found, for teams that keep their map in fides.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::html::{esc, STYLE};
use super::render::{md_cell, RenderOptions};
use super::words::category_name;
use super::Inventory;
use crate::lang::Lang;
use crate::policy::{Destination, Purpose, Vocabulary};

/// What `piimap register` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterFormat {
    /// Markdown.
    Markdown,
    /// CSV with fides datamap columns.
    Csv,
    /// A self-contained HTML page.
    Html,
    /// The rows as JSON (`piimap.register/1`).
    Json,
    /// A fideslang Dataset of what was found.
    FidesDataset,
}

/// Whether a row's category was found for its purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// Found where the purpose puts it.
    Found,
    /// Declared, detectable, and found nowhere the purpose covers.
    NotFound,
    /// Declared, but piimap cannot find it from values.
    NotChecked,
    /// Found, and no purpose declares it.
    Undeclared,
}

/// One purpose × category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Purpose id (empty for an undeclared category).
    pub purpose: String,
    /// Purpose name.
    pub purpose_name: String,
    /// fideslang data use.
    pub data_use: String,
    /// Category id.
    pub category: String,
    /// fideslang data category.
    pub fideslang: String,
    /// Data subjects (names).
    pub subjects: Vec<String>,
    /// Recipients the purpose's transfers name.
    pub recipients: Vec<String>,
    /// Where the data goes outside Quebec (`canada`, `outside_canada`), with
    /// whether an assessment is mentioned.
    pub transfers: Vec<String>,
    /// Retention, as the policy states it.
    pub retention: String,
    /// Legal basis, as the policy states it.
    pub legal_basis: String,
    /// Whether and how it was found.
    pub found: Found,
    /// Locations.
    pub locations: Vec<String>,
    /// Findings (or matching values) at those locations.
    pub findings: u64,
    /// Values in rows older than the policy allows, at those locations.
    pub kept_too_long: u64,
}

/// The register of an inventory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Register {
    /// `piimap.register/1`.
    pub schema: &'static str,
    /// The organization.
    pub organization: String,
    /// When the inventory was made, when known.
    pub last_scan: String,
    /// The rows.
    pub rows: Vec<Row>,
}

fn subjects_of(inventory: &Inventory, purpose: &Purpose) -> Vec<String> {
    let names = &inventory.policy.subjects;
    purpose
        .subjects
        .iter()
        .map(|id| names.iter().find(|s| &s.id == id).map_or(id.clone(), |s| s.name.clone()))
        .collect()
}

fn destination(to: Destination) -> &'static str {
    match to {
        Destination::Quebec => "quebec",
        Destination::Canada => "canada",
        Destination::OutsideCanada => "outside_canada",
    }
}

/// The register rows: every purpose × declared category, then the categories found undeclared.
pub fn register(inventory: &Inventory, vocabulary: &Vocabulary) -> Register {
    let mut rows = Vec::new();
    for (purpose, report) in inventory.policy.purposes.iter().zip(&inventory.purposes) {
        for category in &purpose.categories {
            let locations = report.found.get(category).cloned().unwrap_or_default();
            let at_locations =
                inventory.entries.iter().filter(|e| &e.category == category && e.covered_by.contains(&purpose.id));
            let (findings, kept_too_long) = at_locations.fold((0, 0), |(findings, kept), entry| {
                (findings + entry.findings, kept + entry.retention.as_ref().map_or(0, |check| check.rows))
            });
            let found = if report.not_checked.contains(category) {
                Found::NotChecked
            } else if locations.is_empty() {
                Found::NotFound
            } else {
                Found::Found
            };
            rows.push(Row {
                purpose: purpose.id.clone(),
                purpose_name: purpose.name.clone(),
                data_use: purpose.data_use.clone().unwrap_or_default(),
                category: category.clone(),
                fideslang: vocabulary.get(category).map_or_else(String::new, |c| c.fideslang.clone()),
                subjects: subjects_of(inventory, purpose),
                recipients: purpose.transfers.iter().map(|t| t.recipients.clone()).collect(),
                transfers: purpose
                    .transfers
                    .iter()
                    .filter_map(|t| t.to.filter(|to| *to != Destination::Quebec).map(|to| (t, to)))
                    .map(|(t, to)| {
                        let assessed = match t.assessed {
                            Some(true) => "assessed",
                            Some(false) => "not assessed",
                            None => "assessment not mentioned",
                        };
                        format!("{} ({assessed})", destination(to))
                    })
                    .collect(),
                retention: purpose.retention.as_ref().map(|r| r.text().to_string()).unwrap_or_default(),
                legal_basis: purpose.legal_basis.clone().unwrap_or_default(),
                found,
                locations,
                findings,
                kept_too_long,
            });
        }
    }
    let mut undeclared: BTreeMap<&str, Vec<&super::Entry>> = BTreeMap::new();
    for entry in inventory.entries.iter().filter(|e| e.declared_by_none()) {
        undeclared.entry(&entry.category).or_default().push(entry);
    }
    for (category, entries) in undeclared {
        rows.push(Row {
            purpose: String::new(),
            purpose_name: String::new(),
            data_use: String::new(),
            category: category.to_string(),
            fideslang: entries[0].fideslang.clone(),
            subjects: Vec::new(),
            recipients: Vec::new(),
            transfers: Vec::new(),
            retention: inventory.policy.accidental.as_ref().map(|a| a.quote.clone()).unwrap_or_default(),
            legal_basis: String::new(),
            found: Found::Undeclared,
            locations: entries.iter().map(|e| e.location()).collect(),
            findings: entries.iter().map(|e| e.findings).sum(),
            kept_too_long: entries.iter().map(|e| e.retention.as_ref().map_or(0, |c| c.rows)).sum(),
        });
    }
    Register {
        schema: "piimap.register/1",
        organization: inventory.policy.organization.name.clone(),
        last_scan: inventory.evidence.as_ref().map(|e| e.generated_at.clone()).unwrap_or_default(),
        rows,
    }
}

/// Writes the register of `inventory` (already in its language).
pub fn write(
    inventory: &Inventory,
    format: RegisterFormat,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let vocabulary = Vocabulary::builtin();
    let register = register(inventory, &vocabulary);
    match format {
        RegisterFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &register)?;
            writeln!(out)
        }
        RegisterFormat::Csv => csv(&register, options, out),
        RegisterFormat::Markdown => out.write_all(markdown(&register, inventory.lang, &vocabulary).as_bytes()),
        RegisterFormat::Html => out.write_all(html(&register, inventory.lang, &vocabulary).as_bytes()),
        RegisterFormat::FidesDataset => {
            serde_json::to_writer_pretty(&mut *out, &fides_dataset(inventory))?;
            writeln!(out)
        }
    }
}

fn found_label(found: Found, lang: Lang) -> &'static str {
    match found {
        Found::Found => lang.pick("found", "trouvé"),
        Found::NotFound => lang.pick("not found", "non trouvé"),
        Found::NotChecked => lang.pick("not checked", "non vérifié"),
        Found::Undeclared => lang.pick("found, undeclared", "trouvé, non déclaré"),
    }
}

/// fides datamap export columns, then piimap's.
const CSV_HEADER: [&str; 16] = [
    "system.name",
    "system.privacy_declaration.name",
    "system.privacy_declaration.data_categories",
    "system.privacy_declaration.data_use.name",
    "system.privacy_declaration.data_use.legal_basis",
    "system.privacy_declaration.data_use.recipients",
    "system.privacy_declaration.data_subjects.name",
    "third_country_combined",
    "dataset.retention",
    "piimap.purpose",
    "piimap.category",
    "piimap.found",
    "piimap.locations",
    "piimap.findings",
    "piimap.kept_too_long",
    "piimap.last_scan",
];

fn csv(register: &Register, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = options.csv_writer(out)?;
    writer.write_record(CSV_HEADER)?;
    for row in &register.rows {
        writer.write_record([
            register.organization.as_str(),
            &row.purpose_name,
            &row.fideslang,
            &row.data_use,
            &row.legal_basis,
            &row.recipients.join("; "),
            &row.subjects.join("; "),
            &row.transfers.join("; "),
            &row.retention,
            &row.purpose,
            &row.category,
            match row.found {
                Found::Found => "found",
                Found::NotFound => "not_found",
                Found::NotChecked => "not_checked",
                Found::Undeclared => "undeclared",
            },
            &row.locations.join("; "),
            &row.findings.to_string(),
            &row.kept_too_long.to_string(),
            &register.last_scan,
        ])?;
    }
    writer.flush()
}

fn headings(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::En => [
            "Purpose",
            "Category",
            "Data subjects",
            "Found",
            "Where",
            "Findings",
            "Kept too long",
            "Retention",
            "Recipients and transfers",
            "Legal basis",
            "Data use",
        ],
        Lang::Fr => [
            "Fin",
            "Catégorie",
            "Personnes concernées",
            "Trouvé",
            "Où",
            "Constats",
            "Conservé trop longtemps",
            "Conservation",
            "Destinataires et communications",
            "Fondement",
            "Utilisation",
        ],
    }
}

fn cells(row: &Row, lang: Lang, vocabulary: &Vocabulary) -> [String; 11] {
    let purpose = if row.purpose.is_empty() {
        lang.pick("(no purpose declares it)", "(aucune fin ne le déclare)").to_string()
    } else {
        format!("{} ({})", row.purpose_name, row.purpose)
    };
    let mut sent = row.recipients.join("; ");
    if !row.transfers.is_empty() {
        let _ = write!(sent, " — {}", row.transfers.join("; "));
    }
    [
        purpose,
        category_name(vocabulary, &row.category, lang).to_string(),
        row.subjects.join(", "),
        found_label(row.found, lang).to_string(),
        row.locations.join(", "),
        lang.number(row.findings),
        if row.kept_too_long > 0 { lang.number(row.kept_too_long) } else { String::new() },
        row.retention.clone(),
        sent,
        row.legal_basis.clone(),
        row.data_use.clone(),
    ]
}

fn markdown(register: &Register, lang: Lang, vocabulary: &Vocabulary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} — {}\n",
        lang.pick("Register of processing", "Registre des traitements"),
        register.organization
    );
    if !register.last_scan.is_empty() {
        let _ = writeln!(
            out,
            "{} {}\n",
            lang.pick("Written from the inventory of", "Rédigé à partir de l’inventaire du"),
            register.last_scan
        );
    }
    let heads = headings(lang);
    let _ = writeln!(out, "| {} |", heads.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(heads.len()));
    for row in &register.rows {
        let cells = cells(row, lang, vocabulary).map(|cell| md_cell(&cell));
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

fn html(register: &Register, lang: Lang, vocabulary: &Vocabulary) -> String {
    let title =
        format!("{} — {}", lang.pick("Register of processing", "Registre des traitements"), register.organization);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body><main>\n<h1>{}</h1>\n",
        lang.code(),
        esc(&title),
        esc(&title)
    );
    if !register.last_scan.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"meta\">{} {}</p>",
            lang.pick("Written from the inventory of", "Rédigé à partir de l’inventaire du"),
            esc(&register.last_scan)
        );
    }
    let _ = write!(out, "<div class=\"scroll\"><table id=\"register\"><thead><tr>");
    for heading in headings(lang) {
        let _ = write!(out, "<th>{heading}</th>");
    }
    let _ = writeln!(out, "</tr></thead><tbody>");
    for row in &register.rows {
        let class = match row.found {
            Found::Undeclared => "undeclared",
            Found::Found if row.kept_too_long > 0 => "over_retention",
            Found::Found => "covered",
            _ => "",
        };
        let _ = write!(out, "<tr class=\"{class}\">");
        for cell in cells(row, lang, vocabulary) {
            let _ = write!(out, "<td>{}</td>", esc(&cell));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody></table></div>\n</main></body></html>");
    out
}

/// A fideslang dataset: `{"dataset": [{fides_key, name, description, collections}]}`.
#[derive(Serialize)]
struct FidesManifest {
    dataset: Vec<FidesDataset>,
}

#[derive(Serialize)]
struct FidesDataset {
    fides_key: String,
    name: String,
    description: String,
    collections: Vec<FidesCollection>,
}

#[derive(Serialize)]
struct FidesCollection {
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    data_categories: Vec<String>,
    fields: Vec<FidesField>,
}

#[derive(Serialize)]
struct FidesField {
    name: String,
    data_categories: Vec<String>,
}

/// What was found as a fideslang Dataset: a collection per table (its fields
/// with the categories found in them) and per text file (categories on the
/// collection, which has no fields).
fn fides_dataset(inventory: &Inventory) -> FidesManifest {
    // Collection name → (field → categories, the collection's own categories).
    type Categories = Vec<String>;
    let mut collections: BTreeMap<String, (BTreeMap<String, Categories>, Categories)> = BTreeMap::new();
    for entry in inventory.entries.iter().filter(|e| !e.fideslang.is_empty()) {
        match (&entry.table, &entry.field) {
            (Some(table), Some(field)) => {
                let fields = &mut collections.entry(table.clone()).or_default().0;
                let categories = fields.entry(field.clone()).or_default();
                if !categories.contains(&entry.fideslang) {
                    categories.push(entry.fideslang.clone());
                }
            }
            _ => {
                let categories = &mut collections.entry(entry.path.clone()).or_default().1;
                if !categories.contains(&entry.fideslang) {
                    categories.push(entry.fideslang.clone());
                }
            }
        }
    }
    let organization = &inventory.policy.organization.name;
    let key: String = organization
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect::<String>()
        + "_piimap_inventory";
    let made = inventory.evidence.as_ref().map(|e| e.generated_at.as_str()).unwrap_or("");
    FidesManifest {
        dataset: vec![FidesDataset {
            fides_key: key,
            name: format!("{organization} — personal data found by piimap"),
            description: format!(
                "Written by piimap {} from an inventory made {made}: the data categories found in each table and field (and text file), not declared by hand.",
                env!("CARGO_PKG_VERSION")
            ),
            collections: collections
                .into_iter()
                .map(|(name, (fields, data_categories))| FidesCollection {
                    name,
                    data_categories,
                    fields: fields
                        .into_iter()
                        .map(|(name, data_categories)| FidesField { name, data_categories })
                        .collect(),
                })
                .collect(),
        }],
    }
}
