//! Change over time: `piimap diff OLD.json NEW.json`.
//!
//! A nightly inventory is only useful next to the previous one: which flags
//! are new (someone started collecting something), which were resolved (the
//! data was deleted or the policy amended), which changed (a severity, a
//! count), and which locations appeared or disappeared. Entries are matched by
//! (path, table, field, category), the same key `merge` uses.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::render::{md_cell, InventoryFormat, RenderOptions};
use super::words::{self, category_name};
use super::{Entry, FailOn, Inventory, InventorySummary};
use crate::lang::Lang;
use crate::policy::Vocabulary;

/// Version of the diff's JSON shape.
pub const DIFF_SCHEMA: &str = "piimap.diff/1";

/// One inventory as the diff names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// When it was made (from its evidence), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    /// Its policy file's SHA-256 (from its evidence), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_sha256: Option<String>,
    /// Its counts.
    pub summary: InventorySummary,
}

/// An entry in both inventories whose status, severity or count moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    /// As it was.
    pub old: Entry,
    /// As it is.
    pub new: Entry,
}

/// What moved, for flags or for other locations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// Only in the new inventory (or, for flags, newly flagged).
    pub new: Vec<Entry>,
    /// Only in the old one (or, for flags, no longer flagged), as it was.
    pub resolved: Vec<Entry>,
    /// In both, with a different status, severity or count.
    pub changed: Vec<Changed>,
}

/// The difference between two inventories (`--format json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InventoryDiff {
    /// [`DIFF_SCHEMA`].
    pub schema: String,
    /// The language of the reasons.
    pub lang: Lang,
    /// The earlier inventory.
    pub old: Side,
    /// The later one.
    pub new: Side,
    /// Over-collection flags.
    pub flags: Changes,
    /// Locations that are not flags in either inventory (covered, not personal).
    pub locations: Changes,
}

impl InventoryDiff {
    /// Whether a new flag at `fail_on` or worse appeared.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        self.flags.new.iter().any(|entry| match fail_on {
            FailOn::None => false,
            FailOn::Undeclared => entry.declared_by_none(),
            FailOn::Unexpected => true,
        })
    }
}

fn side(inventory: &Inventory) -> Side {
    let evidence = inventory.evidence.as_ref();
    Side {
        generated_at: evidence.map(|e| e.generated_at.clone()),
        policy_sha256: evidence.map(|e| e.policy_sha256.clone()),
        summary: inventory.summary.clone(),
    }
}

/// Compares `old` with `new` (both already in the report's language).
pub fn diff(old: &Inventory, new: &Inventory) -> InventoryDiff {
    let before: BTreeMap<_, &Entry> = old.entries.iter().map(|e| (e.key(), e)).collect();
    let after: BTreeMap<_, &Entry> = new.entries.iter().map(|e| (e.key(), e)).collect();
    let (mut flags, mut locations) = (Changes::default(), Changes::default());
    for (key, entry) in &after {
        let was = before.get(key);
        let bucket = if entry.status.is_flag() { &mut flags } else { &mut locations };
        match was {
            Some(was) if was.status.is_flag() == entry.status.is_flag() => {
                let moved =
                    was.status != entry.status || was.severity != entry.severity || was.findings != entry.findings;
                if moved {
                    bucket.changed.push(Changed { old: (*was).clone(), new: (*entry).clone() });
                }
            }
            // Flagged now and not before (or the reverse): a new flag, and
            // the old entry resolved from its bucket.
            Some(was) => {
                bucket.new.push((*entry).clone());
                let other = if was.status.is_flag() { &mut flags } else { &mut locations };
                other.resolved.push((*was).clone());
            }
            None => bucket.new.push((*entry).clone()),
        }
    }
    for (key, was) in &before {
        if !after.contains_key(key) {
            let bucket = if was.status.is_flag() { &mut flags } else { &mut locations };
            bucket.resolved.push((*was).clone());
        }
    }
    for list in [&mut flags.new, &mut flags.resolved] {
        list.sort_by_key(|e| (e.severity, e.status, e.key()));
    }
    InventoryDiff { schema: DIFF_SCHEMA.to_string(), lang: new.lang, old: side(old), new: side(new), flags, locations }
}

/// Writes `diff` as `format`.
pub fn write(
    diff: &InventoryDiff,
    vocabulary: &Vocabulary,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match options.format {
        InventoryFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, diff)?;
            writeln!(out)
        }
        InventoryFormat::Markdown => out.write_all(markdown(diff, vocabulary).as_bytes()),
        InventoryFormat::Csv => csv(diff, vocabulary, options, out),
        InventoryFormat::Html => out.write_all(html(diff, vocabulary).as_bytes()),
    }
}

/// Each change as one row: (kind, change, old entry, new entry).
fn rows(diff: &InventoryDiff) -> Vec<(&'static str, &'static str, Option<&Entry>, Option<&Entry>)> {
    let mut rows = Vec::new();
    for (kind, changes) in [("flag", &diff.flags), ("location", &diff.locations)] {
        rows.extend(changes.new.iter().map(|e| (kind, "new", None, Some(e))));
        rows.extend(changes.resolved.iter().map(|e| (kind, "resolved", Some(e), None)));
        rows.extend(changes.changed.iter().map(|c| (kind, "changed", Some(&c.old), Some(&c.new))));
    }
    rows
}

fn change_label(change: &str, kind: &str, lang: Lang) -> &'static str {
    match (change, kind) {
        ("new", "flag") => lang.pick("new flag", "nouveau signalement"),
        ("resolved", "flag") => lang.pick("resolved flag", "signalement résolu"),
        ("changed", "flag") => lang.pick("changed flag", "signalement modifié"),
        ("new", _) => lang.pick("new location", "nouvel emplacement"),
        ("resolved", _) => lang.pick("location gone", "emplacement disparu"),
        _ => lang.pick("changed location", "emplacement modifié"),
    }
}

/// The sentence a diff report starts with.
pub fn headline(diff: &InventoryDiff) -> String {
    let (f, l, lang) = (&diff.flags, &diff.locations, diff.lang);
    let count = |items: usize, english, french| lang.count(items as u64, english, french);
    match lang {
        Lang::En => format!(
            "{}, {} resolved, {} changed; {}, {} gone, {} changed.",
            count(f.new.len(), ("new flag", "new flags"), ("", "")),
            f.resolved.len(),
            f.changed.len(),
            count(l.new.len(), ("new location", "new locations"), ("", "")),
            l.resolved.len(),
            l.changed.len()
        ),
        Lang::Fr => format!(
            "{}, {}, {} ; {}, {}, {}.",
            count(f.new.len(), ("", ""), ("nouveau signalement", "nouveaux signalements")),
            count(f.resolved.len(), ("", ""), ("résolu", "résolus")),
            count(f.changed.len(), ("", ""), ("modifié", "modifiés")),
            count(l.new.len(), ("", ""), ("nouvel emplacement", "nouveaux emplacements")),
            count(l.resolved.len(), ("", ""), ("disparu", "disparus")),
            count(l.changed.len(), ("", ""), ("modifié", "modifiés"))
        ),
    }
}

fn status_cell(entry: Option<&Entry>, lang: Lang) -> String {
    entry.map_or_else(String::new, |e| match e.severity {
        Some(_) => format!("{} ({})", words::status(e.status, lang), words::severity(e.severity, lang)),
        None => words::status(e.status, lang).to_string(),
    })
}

fn markdown(diff: &InventoryDiff, vocabulary: &Vocabulary) -> String {
    let lang = diff.lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n",
        lang.pick(
            "Personal-data inventory: what changed",
            "Inventaire des renseignements personnels : ce qui a changé"
        )
    );
    let when = |side: &Side| side.generated_at.clone().unwrap_or_else(|| "?".into());
    let _ =
        writeln!(out, "{} {} → {}\n", lang.pick("Inventories of", "Inventaires du"), when(&diff.old), when(&diff.new));
    if diff.old.policy_sha256 != diff.new.policy_sha256 {
        let _ = writeln!(
            out,
            "> {}\n",
            lang.pick(
                "The policy file changed between the two inventories.",
                "Le fichier de politique a changé entre les deux inventaires."
            )
        );
    }
    let _ = writeln!(out, "**{}**\n", headline(diff));
    let rows = rows(diff);
    if rows.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "| {} |\n|---|---|---|---|---|---:|---:|---|",
        lang.pick(
            "Change | Location | Category | Before | After | Findings before | Findings after | Why (now)",
            "Changement | Emplacement | Catégorie | Avant | Après | Constats avant | Constats après | Motif (actuel)"
        )
    );
    for (kind, change, old, new) in rows {
        let entry = new.or(old).expect("a row has an entry");
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} | {} |",
            change_label(change, kind, lang),
            md_cell(&entry.location()),
            md_cell(category_name(vocabulary, &entry.category, lang)),
            status_cell(old, lang),
            status_cell(new, lang),
            old.map(|e| lang.number(e.findings)).unwrap_or_default(),
            new.map(|e| lang.number(e.findings)).unwrap_or_default(),
            md_cell(&entry.reason)
        );
    }
    out
}

fn csv(diff: &InventoryDiff, vocabulary: &Vocabulary, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let lang = diff.lang;
    let mut writer = options.csv_writer(out)?;
    let header = match lang {
        Lang::En => [
            "change",
            "path",
            "table",
            "field",
            "category",
            "before",
            "after",
            "findings_before",
            "findings_after",
            "reason",
        ],
        Lang::Fr => [
            "changement",
            "chemin",
            "table",
            "champ",
            "catégorie",
            "avant",
            "après",
            "constats_avant",
            "constats_après",
            "motif",
        ],
    };
    writer.write_record(header)?;
    for (kind, change, old, new) in rows(diff) {
        let entry = new.or(old).expect("a row has an entry");
        writer.write_record([
            change_label(change, kind, lang),
            &entry.path,
            entry.table.as_deref().unwrap_or(""),
            entry.field.as_deref().unwrap_or(""),
            category_name(vocabulary, &entry.category, lang),
            &status_cell(old, lang),
            &status_cell(new, lang),
            &old.map(|e| e.findings.to_string()).unwrap_or_default(),
            &new.map(|e| e.findings.to_string()).unwrap_or_default(),
            &entry.reason,
        ])?;
    }
    writer.flush()
}

fn html(diff: &InventoryDiff, vocabulary: &Vocabulary) -> String {
    use super::html::{esc, STYLE};
    let lang = diff.lang;
    let title = lang
        .pick("Personal-data inventory: what changed", "Inventaire des renseignements personnels : ce qui a changé");
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style></head><body><main>\n<h1>{title}</h1>\n",
        lang.code()
    );
    let _ = writeln!(
        out,
        "<p id=\"headline\" class=\"headline{}\">{}</p>",
        if diff.flags.new.is_empty() { " ok" } else { "" },
        esc(&headline(diff))
    );
    let _ = writeln!(out, "<div class=\"scroll\"><table id=\"changes\"><thead><tr>");
    for heading in lang
        .pick(
            "Change|Location|Category|Before|After|Findings before|Findings after|Why (now)",
            "Changement|Emplacement|Catégorie|Avant|Après|Constats avant|Constats après|Motif (actuel)",
        )
        .split('|')
    {
        let _ = write!(out, "<th>{heading}</th>");
    }
    let _ = writeln!(out, "</tr></thead><tbody>");
    for (kind, change, old, new) in rows(diff) {
        let entry = new.or(old).expect("a row has an entry");
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            entry.status.as_str(),
            change_label(change, kind, lang),
            esc(&entry.location()),
            esc(category_name(vocabulary, &entry.category, lang)),
            esc(&status_cell(old, lang)),
            esc(&status_cell(new, lang)),
            old.map(|e| lang.number(e.findings)).unwrap_or_default(),
            new.map(|e| lang.number(e.findings)).unwrap_or_default(),
            esc(&entry.reason)
        );
    }
    let _ = writeln!(out, "</tbody></table></div>\n</main></body></html>");
    out
}
