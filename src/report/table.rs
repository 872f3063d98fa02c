//! `--format table`: what a person at a terminal wants to see first. How much
//! was scanned, how many findings per category (with a few masked examples), and
//! which files hold them. Individual findings are in `jsonl`/`json`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use super::{ColumnProfile, Counts, Sink, Summary, EXAMPLES_PER_CATEGORY};
use crate::finding::{Confidence, FileError, Finding};
use crate::lang::Lang;
use crate::rules::RuleSet;

/// Files listed in the per-file table; the rest are counted.
///
/// A terminal table of ten thousand rows helps no one; the JSON formats have them all.
const MAX_FILES_SHOWN: usize = 25;

#[derive(Default)]
struct CategoryStats {
    findings: u64,
    by_confidence: BTreeMap<Confidence, u64>,
    files: u64,
    examples: Vec<String>,
}

/// Accumulates counts and prints them at the end.
pub struct TableSink<'a> {
    out: Box<dyn Write + 'a>,
    rules: Arc<RuleSet>,
    categories: BTreeMap<String, CategoryStats>,
    files: Vec<(String, u64, BTreeMap<String, u64>)>,
    columns: Vec<ColumnProfile>,
    lang: Lang,
}

impl<'a> TableSink<'a> {
    /// A sink writing to `out` in `lang` (category ids and paths stay as they are).
    pub fn new(out: Box<dyn Write + 'a>, rules: Arc<RuleSet>, lang: Lang) -> Self {
        TableSink { out, rules, categories: BTreeMap::new(), files: Vec::new(), columns: Vec::new(), lang }
    }
}

impl Sink for TableSink<'_> {
    fn file(&mut self, path: &str, counts: &Counts, examples: &[Finding]) -> io::Result<()> {
        // A database's tables come one after another under its one URL: one row.
        let same = self.files.last().is_some_and(|(last, _, _)| last == path);
        let (_, mut grand_total, mut per_category) =
            if same { self.files.pop().unwrap_or_default() } else { (String::new(), 0, BTreeMap::new()) };
        grand_total += counts.total();
        for (index, levels) in counts.by_category.iter().enumerate() {
            let total: u64 = levels.iter().sum();
            if total == 0 {
                continue;
            }
            let name = &self.rules.categories[index].name;
            let seen = per_category.get(name).copied().unwrap_or(0);
            per_category.insert(name.clone(), seen + total);
            let stats = self.categories.entry(name.clone()).or_default();
            stats.findings += total;
            stats.files += u64::from(seen == 0);
            for (level, &count) in Confidence::ALL.iter().zip(levels) {
                *stats.by_confidence.entry(*level).or_default() += count;
            }
        }
        for finding in examples {
            let stats = self.categories.entry(self.rules.category_of(finding.rule).name.clone()).or_default();
            if stats.examples.len() < EXAMPLES_PER_CATEGORY && !stats.examples.contains(&finding.masked) {
                stats.examples.push(finding.masked.clone());
            }
        }
        self.files.push((path.to_string(), grand_total, per_category));
        Ok(())
    }

    fn columns(&mut self, profile: &[ColumnProfile]) -> io::Result<()> {
        self.columns.extend_from_slice(profile);
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, errors: &[FileError]) -> io::Result<()> {
        let lang = self.lang;
        let (files, bytes, seconds) =
            (summary.files_scanned, human_bytes(summary.bytes_scanned), summary.elapsed_seconds);
        let (with, binary, large, errors_count) = (
            summary.files_with_findings,
            summary.files_skipped_binary,
            summary.files_skipped_too_large,
            summary.errors,
        );
        match lang {
            Lang::En => writeln!(
                self.out,
                "piimap: {files} files scanned ({bytes}) in {seconds:.2} s; {with} with findings; {binary} binary skipped; {large} too large; {errors_count} errors",
            )?,
            Lang::Fr => writeln!(
                self.out,
                "piimap : {files} fichiers analysés ({bytes}) en {seconds:.2} s ; {with} avec constats ; {binary} binaires ignorés ; {large} trop volumineux ; {errors_count} erreurs",
            )?,
        }
        if self.categories.is_empty() {
            let level = summary.min_confidence.as_str();
            match lang {
                Lang::En => writeln!(self.out, "\nNo personal data found at confidence {level} or above.")?,
                Lang::Fr => writeln!(
                    self.out,
                    "\nAucun renseignement personnel trouvé à une confiance {} ou plus.",
                    french_level(summary.min_confidence)
                )?,
            }
        } else {
            self.write_categories(summary)?;
            self.write_files()?;
        }
        if summary.interrupted {
            let note = lang.pick(
                "Interrupted (Ctrl-C): only the files finished before are counted above.",
                "Interrompu (Ctrl-C) : seuls les fichiers terminés avant sont comptés ci-dessus.",
            );
            writeln!(self.out, "\n{note}")?;
        }
        if !self.columns.is_empty() {
            self.write_columns(summary)?;
        }
        if !summary.tables.is_empty() {
            self.write_tables(summary)?;
        }
        write_footnotes(&mut self.out, summary, errors, self.lang)?;
        self.out.flush()
    }
}

impl TableSink<'_> {
    /// Findings per category and confidence, with masked examples.
    fn write_categories(&mut self, summary: &Summary) -> io::Result<()> {
        let out = &mut self.out;
        writeln!(out)?;
        let lang = self.lang;
        writeln!(
            out,
            "{:<14} {:>9} {:>7} {:>7} {:>7} {:>6}  {}",
            lang.pick("CATEGORY", "CATÉGORIE"),
            lang.pick("FINDINGS", "CONSTATS"),
            lang.pick("HIGH", "ÉLEVÉE"),
            lang.pick("MEDIUM", "MOYENNE"),
            lang.pick("LOW", "FAIBLE"),
            lang.pick("FILES", "FICH."),
            lang.pick("EXAMPLES (masked)", "EXEMPLES (masqués)")
        )?;
        for (name, stats) in &self.categories {
            let level = |c| stats.by_confidence.get(&c).copied().unwrap_or(0);
            writeln!(
                out,
                "{:<14} {:>9} {:>7} {:>7} {:>7} {:>6}  {}",
                name,
                stats.findings,
                level(Confidence::High),
                level(Confidence::Medium),
                level(Confidence::Low),
                stats.files,
                stats.examples.join(", ")
            )?;
        }
        writeln!(out, "{:<14} {:>9}", "total", summary.findings)
    }

    /// The files with the most findings, per category.
    fn write_files(&mut self) -> io::Result<()> {
        let out = &mut self.out;
        let columns: Vec<&String> = self.categories.keys().collect();
        let lang = self.lang;
        writeln!(out)?;
        write!(out, "{:<48} {:>9}", lang.pick("FILE", "FICHIER"), lang.pick("FINDINGS", "CONSTATS"))?;
        for name in &columns {
            write!(out, " {:>w$}", name.to_uppercase(), w = name.len().max(5))?;
        }
        writeln!(out)?;
        let mut files: Vec<_> = self.files.iter().collect();
        files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (path, total, per_category) in files.iter().take(MAX_FILES_SHOWN) {
            write!(out, "{:<48} {:>9}", path, total)?;
            for name in &columns {
                write!(out, " {:>w$}", per_category.get(*name).copied().unwrap_or(0), w = name.len().max(5))?;
            }
            writeln!(out)?;
        }
        if files.len() > MAX_FILES_SHOWN {
            let more = files.len() - MAX_FILES_SHOWN;
            match lang {
                Lang::En => writeln!(out, "... and {more} more files with findings (use --format jsonl for all)")?,
                Lang::Fr => writeln!(out, "... et {more} autres fichiers avec constats (--format jsonl pour tous)")?,
            }
        }
        Ok(())
    }

    /// What was read of each database table: its rows, and how they were sampled.
    fn write_tables(&mut self, summary: &Summary) -> io::Result<()> {
        let out = &mut self.out;
        let width = |of: fn(&crate::finding::TableRead) -> usize, least: usize| {
            summary.tables.iter().map(of).max().unwrap_or(0).max(least)
        };
        let (path, name) = (width(|t| t.path.chars().count(), 8), width(|t| t.table.chars().count(), 5));
        writeln!(out)?;
        let lang = self.lang;
        writeln!(
            out,
            "{:<path$} {:<name$} {:>10} {:>10}  {}",
            lang.pick("DATABASE", "BASE"),
            "TABLE",
            lang.pick("ROWS READ", "LIGNES LUES"),
            lang.pick("ESTIMATED", "ESTIMÉES"),
            lang.pick("SAMPLE", "ÉCHANTILLON")
        )?;
        for table in &summary.tables {
            let estimated = table.rows_estimated.map_or_else(|| "?".to_string(), |rows| rows.to_string());
            writeln!(
                out,
                "{:<path$} {:<name$} {:>10} {:>10}  {}",
                table.path, table.table, table.rows_read, estimated, table.sample
            )?;
        }
        Ok(())
    }

    /// The column profiles with the most matches.
    fn write_columns(&mut self, summary: &Summary) -> io::Result<()> {
        let out = &mut self.out;
        let lang = self.lang;
        writeln!(out)?;
        if let Some(rows) = summary.sample_rows {
            match lang {
                Lang::En => writeln!(out, "Columns (sampled: the first {rows} rows of each table):")?,
                Lang::Fr => writeln!(out, "Colonnes (échantillon : les {rows} premières lignes de chaque table) :")?,
            }
        }
        writeln!(
            out,
            "{:<40} {:<28} {:<12} {:>8} {:>7}  {}",
            lang.pick("COLUMN", "COLONNE"),
            lang.pick("TABLE.FIELD", "TABLE.CHAMP"),
            lang.pick("CATEGORY", "CATÉGORIE"),
            lang.pick("MATCHED", "TROUVÉES"),
            lang.pick("RATIO", "PROPORT."),
            lang.pick("EXAMPLES", "EXEMPLES")
        )?;
        let mut columns: Vec<_> = self.columns.iter().collect();
        columns.sort_by(|a, b| {
            b.matched.cmp(&a.matched).then_with(|| (&a.path, &a.table, &a.field).cmp(&(&b.path, &b.table, &b.field)))
        });
        for column in columns.iter().take(MAX_FILES_SHOWN) {
            writeln!(
                out,
                "{:<40} {:<28} {:<12} {:>8} {:>6.0}%  {}",
                column.path,
                format!("{}.{}", column.table, column.field),
                column.category,
                format!("{}/{}", column.matched, column.values),
                column.ratio * 100.0,
                column.examples.join(", ")
            )?;
        }
        if columns.len() > MAX_FILES_SHOWN {
            let more = columns.len() - MAX_FILES_SHOWN;
            match lang {
                Lang::En => writeln!(out, "... and {more} more columns (use --format json for all)")?,
                Lang::Fr => writeln!(out, "... et {more} autres colonnes (--format json pour toutes)")?,
            }
        }
        Ok(())
    }
}

/// What was counted but not shown, and the errors.
fn write_footnotes(out: &mut dyn Write, summary: &Summary, errors: &[FileError], lang: Lang) -> io::Result<()> {
    if summary.below_threshold > 0 {
        let (count, lower) =
            (summary.below_threshold, if summary.min_confidence == Confidence::High { "medium" } else { "low" });
        match lang {
            Lang::En => writeln!(out, "\n{count} lower-confidence matches not shown (--min-confidence {lower} to include them).")?,
            Lang::Fr => writeln!(out, "\n{count} correspondances de moindre confiance non montrées (--min-confidence {lower} pour les inclure).")?,
        }
    }
    let allowed = summary.allowed_by_config + summary.allowed_inline + summary.baselined;
    if allowed > 0 {
        let (config, inline, baseline) = (summary.allowed_by_config, summary.allowed_inline, summary.baselined);
        match lang {
            Lang::En => writeln!(
                out,
                "\n{allowed} findings allowed and not shown: {config} by piimap.toml or --allow-*, {inline} by piimap:allow comments, {baseline} by the baseline."
            )?,
            Lang::Fr => writeln!(
                out,
                "\n{allowed} constats permis et non montrés : {config} par piimap.toml ou --allow-*, {inline} par des commentaires piimap:allow, {baseline} par la référence (baseline)."
            )?,
        }
    }
    if !errors.is_empty() {
        writeln!(out, "\n{} ({})", lang.pick("ERRORS", "ERREURS"), errors.len())?;
        for error in errors {
            writeln!(out, "  {error}")?;
        }
    }
    Ok(())
}

/// A confidence level in French.
fn french_level(level: Confidence) -> &'static str {
    match level {
        Confidence::Low => "faible",
        Confidence::Medium => "moyenne",
        Confidence::High => "élevée",
    }
}

/// `1536` → `1.5 KiB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::human_bytes;

    #[test]
    fn bytes_are_human() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }
}
