//! What every inventory report says in the same words, in English or French:
//! the headline, the reason and the action beside each flag, the names of
//! statuses and severities, and the policy's own words (which stay in the
//! policy's language).

use std::fmt::Write as _;

use super::{Action, Basis, Entry, Inventory, Severity, Status};
use crate::lang::Lang;
use crate::policy::Vocabulary;

/// The policy's words for a flag: the quotes of the purposes declaring its
/// category (an unexpected location), or a statement that none does.
pub fn policy_words(inventory: &Inventory, entry: &Entry) -> Vec<(String, String)> {
    inventory
        .policy
        .purposes
        .iter()
        .filter(|purpose| entry.declared_by.contains(&purpose.id))
        .map(|purpose| (purpose.id.clone(), purpose.quote.clone()))
        .collect()
}

/// A category's name in `lang` (its id when the vocabulary does not know it).
pub fn category_name<'v>(vocabulary: &'v Vocabulary, id: &'v str, lang: Lang) -> &'v str {
    vocabulary.get(id).map_or(id, |category| category.name_in(lang))
}

/// Purpose ids as a sentence quotes them: “a”, “b” or « a », « b ».
fn quoted(ids: &[String], lang: Lang) -> String {
    let (open, close) = match lang {
        Lang::En => ("“", "”"),
        Lang::Fr => ("« ", " »"),
    };
    ids.iter().map(|id| format!("{open}{id}{close}")).collect::<Vec<_>>().join(", ")
}

/// Why an entry has its status and severity, in plain words (no markup: a
/// spreadsheet cell shows it as it is): the status's sentence, then what
/// raises it (sensitivity, minors) and what dated rows show (retention).
pub fn reason(entry: &Entry, vocabulary: &Vocabulary, lang: Lang) -> String {
    let mut reason = status_sentence(entry, vocabulary, lang);
    if entry.status.is_flag() {
        if let Some(class) = entry.sensitivity.filter(|_| !entry.declared_by_none()) {
            let _ = match lang {
                Lang::En => write!(reason, " ({})", class.name(lang)),
                Lang::Fr => write!(reason, " ({})", class.name(lang)),
            };
        }
        if entry.minors {
            reason.push_str(
                lang.pick("; the place holds minors' data", " ; l’emplacement contient des renseignements de mineurs"),
            );
        }
    }
    if let Some(kept) = &entry.retention {
        let _ = match (entry.declared_by_none(), lang) {
            (false, Lang::En) => write!(
                reason,
                "; {} values are in rows dated before {} ({}), the oldest {}",
                kept.rows, kept.before, kept.rule, kept.oldest
            ),
            (false, Lang::Fr) => write!(
                reason,
                " ; {} valeurs sont dans des lignes datées d’avant le {} ({}), la plus ancienne du {}",
                kept.rows,
                kept.before,
                retention_rule(&kept.rule, lang),
                kept.oldest
            ),
            (true, Lang::En) => write!(
                reason,
                "; {} values are in rows dated before {}, the oldest {}, though the policy promises to destroy data collected by accident",
                kept.rows, kept.before, kept.oldest
            ),
            (true, Lang::Fr) => write!(
                reason,
                " ; {} valeurs sont dans des lignes datées d’avant le {}, la plus ancienne du {}, alors que la politique promet de détruire les renseignements recueillis par accident",
                kept.rows, kept.before, kept.oldest
            ),
        };
    }
    reason
}

fn status_sentence(entry: &Entry, vocabulary: &Vocabulary, lang: Lang) -> String {
    let name = category_name(vocabulary, &entry.category, lang);
    let class = entry.sensitivity.map(|class| class.name(lang));
    let mapped = || match (lang, entry.mapped_to.is_empty()) {
        (_, true) => String::new(),
        (Lang::En, false) => format!("; this place is mapped to {}", quoted(&entry.mapped_to, lang)),
        (Lang::Fr, false) => format!(" ; cet emplacement relève de {}", quoted(&entry.mapped_to, lang)),
    };
    let declared = quoted(&entry.declared_by, lang);
    let status = if entry.declared_by_none() { Status::Undeclared } else { entry.status };
    match (status, lang) {
        (Status::Covered, Lang::En) => format!("{name} is declared for {} here", quoted(&entry.covered_by, lang)),
        (Status::Covered, Lang::Fr) => format!("{name} : déclaré ici par {}", quoted(&entry.covered_by, lang)),
        (Status::OverRetention, Lang::En) => format!(
            "{name} is declared for {} here, but kept longer than its retention",
            quoted(&entry.covered_by, lang)
        ),
        (Status::OverRetention, Lang::Fr) => format!(
            "{name} : déclaré ici par {}, mais conservé plus longtemps que sa durée de conservation",
            quoted(&entry.covered_by, lang)
        ),
        (Status::NotPersonal, Lang::En) => {
            format!("{name} identifies an organization, not a person: listed, not judged against the policy")
        }
        (Status::NotPersonal, Lang::Fr) => format!(
            "{name} identifie une organisation, non une personne : inventorié, sans être comparé à la politique"
        ),
        (Status::Undeclared, Lang::En) => match class {
            Some(class) => format!("{name} is {class} and no purpose of the policy declares it{}", mapped()),
            None => format!("no purpose of the policy declares {name}{}", mapped()),
        },
        (Status::Undeclared, Lang::Fr) => match class {
            Some(class) => format!("{name} est {class} qu’aucune fin de la politique ne déclare{}", mapped()),
            None => format!("aucune fin de la politique ne déclare la catégorie « {name} »{}", mapped()),
        },
        (Status::UnexpectedLocation, _) => match (entry.mapped_to.is_empty(), lang) {
            (false, Lang::En) => format!(
                "{name} is declared only for {declared}; this place is mapped to {}, which does not declare it",
                quoted(&entry.mapped_to, lang)
            ),
            (false, Lang::Fr) => format!(
                "{name} n’est déclaré que pour {declared} ; cet emplacement relève de {}, qui ne le déclare pas",
                quoted(&entry.mapped_to, lang)
            ),
            (true, Lang::En) => format!("{name} is declared only for {declared}, whose data map does not put it here"),
            (true, Lang::Fr) => format!(
                "{name} n’est déclaré que pour {declared}, dont la cartographie des données ne le place pas ici"
            ),
        },
    }
}

/// A status as a reader sees it.
pub fn status(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Undeclared => lang.pick("undeclared", "non déclaré"),
        Status::UnexpectedLocation => lang.pick("unexpected location", "emplacement inattendu"),
        Status::Covered => lang.pick("covered", "couvert"),
        Status::OverRetention => lang.pick("kept too long", "conservé trop longtemps"),
        Status::NotPersonal => lang.pick("not personal", "non personnel"),
    }
}

/// A severity as a reader sees it.
pub fn severity(severity: Option<Severity>, lang: Lang) -> &'static str {
    match severity {
        Some(Severity::High) => lang.pick("high", "élevée"),
        Some(Severity::Medium) => lang.pick("medium", "moyenne"),
        Some(Severity::Low) => lang.pick("low", "faible"),
        None => "",
    }
}

/// Where a flag's expectation comes from, in words.
pub fn basis(basis: Option<Basis>, lang: Lang) -> &'static str {
    match basis {
        Some(Basis::PolicyText) => lang.pick("the policy's text", "le texte de la politique"),
        Some(Basis::DataMap) => {
            lang.pick("the organization's data map", "la cartographie des données de l’organisation")
        }
        None => "",
    }
}

/// What to do about a flag, in words.
pub fn action(action: Option<Action>, lang: Lang) -> &'static str {
    match action {
        Some(Action::DeleteOrMask) => lang.pick(
            "Delete it, or mask it where the law requires keeping it",
            "Le supprimer, ou le masquer là où la loi oblige à le conserver",
        ),
        Some(Action::DocumentOrDelete) => lang.pick(
            "Document the purpose it serves in the policy, or delete it",
            "Documenter dans la politique la fin qu’il sert, ou le supprimer",
        ),
        Some(Action::AmendOrDelete) => lang.pick(
            "Amend the purpose this place is mapped to (and the policy), or delete it here",
            "Modifier la fin dont relève cet emplacement (et la politique), ou le supprimer ici",
        ),
        Some(Action::MapOrDelete) => lang.pick(
            "Add this place to the data map of a purpose declaring it, or move or delete the data",
            "Ajouter cet emplacement à la cartographie d’une fin qui le déclare, ou déplacer ou supprimer les données",
        ),
        Some(Action::DestroyOld) => lang.pick(
            "Destroy or anonymize the rows older than the retention",
            "Détruire ou anonymiser les lignes plus anciennes que la durée de conservation",
        ),
        None => "",
    }
}

/// The one sentence a report starts with: how many flags, of which kinds.
pub fn headline(inventory: &Inventory, lang: Lang) -> String {
    let s = &inventory.summary;
    let n = |value: u64| lang.number(value);
    let people = s.entries - s.not_personal;
    let mut line = match (s.undeclared + s.unexpected_location + s.over_retention, lang) {
        (0, Lang::En) if people == 1 => format!(
            "No over-collection flagged: the one location is covered by a declared purpose{}",
            organizations(s.not_personal, lang)
        ),
        (0, Lang::Fr) if people == 1 => format!(
            "Aucune collecte excédentaire signalée : le seul emplacement est couvert par une fin déclarée{}",
            organizations(s.not_personal, lang)
        ),
        (0, Lang::En) => format!(
            "No over-collection flagged: all {} locations are covered by a declared purpose{}",
            n(people),
            organizations(s.not_personal, lang)
        ),
        (0, Lang::Fr) => format!(
            "Aucune collecte excédentaire signalée : les {} emplacements sont couverts par une fin déclarée{}",
            n(people),
            organizations(s.not_personal, lang)
        ),
        (flags, Lang::En) => format!(
            "{} ({} high, {} medium, {} low): {} undeclared, {} in an unexpected location{}; {} of {} locations covered{}",
            lang.count(flags, ("over-collection flag", "over-collection flags"), ("", "")),
            n(s.high),
            n(s.medium),
            n(s.low),
            n(s.undeclared),
            n(s.unexpected_location),
            if s.over_retention > 0 { format!(", {} kept too long", n(s.over_retention)) } else { String::new() },
            n(s.covered),
            n(people),
            organizations(s.not_personal, lang)
        ),
        (flags, Lang::Fr) => format!(
            "{} de collecte excédentaire ({} de gravité élevée, {} moyenne, {} faible) : {}, {} à un emplacement inattendu{} ; {} sur {}{}",
            lang.count(flags, ("", ""), ("signalement", "signalements")),
            n(s.high),
            n(s.medium),
            n(s.low),
            lang.count(s.undeclared, ("", ""), ("non déclaré", "non déclarés")),
            n(s.unexpected_location),
            if s.over_retention > 0 {
                format!(", {}", lang.count(s.over_retention, ("", ""), ("conservé trop longtemps", "conservés trop longtemps")))
            } else {
                String::new()
            },
            lang.count(s.covered, ("", ""), ("emplacement couvert", "emplacements couverts")),
            n(people),
            organizations(s.not_personal, lang)
        ),
    };
    // "; 2 locations hold ..." / " ; 2 emplacements contiennent ...".
    let holding = |count: u64, what_en: &str, what_fr: &str| {
        let places = lang.count(
            count,
            ("location holds", "locations hold"),
            ("emplacement contient", "emplacements contiennent"),
        );
        format!("{}{places} {}", lang.pick("; ", " ; "), lang.pick(what_en, what_fr))
    };
    if s.kept_too_long > 0 {
        line.push_str(&holding(
            s.kept_too_long,
            "values in rows older than the policy allows",
            "des valeurs dans des lignes plus anciennes que ce que permet la politique",
        ));
    }
    if s.unassessed_transfers > 0 {
        line.push_str(&holding(
            s.unassessed_transfers,
            "data sent outside Quebec with no privacy impact assessment the policy mentions",
            "des renseignements communiqués hors du Québec sans évaluation des facteurs relatifs à la vie privée mentionnée par la politique",
        ));
    }
    line.push('.');
    line
}

/// A retention rule (`P3Y after last_activity`, as the JSON stores it) in
/// `lang`: French says `P3Y après la dernière activité`.
pub fn retention_rule(rule: &str, lang: Lang) -> String {
    let (Lang::Fr, Some((keep, from))) = (lang, rule.split_once(" after ")) else { return rule.to_string() };
    let from = match from {
        "collection" => "la collecte",
        "last_activity" => "la dernière activité",
        other => other,
    };
    format!("{keep} après {from}")
}

/// The purposes a retention check names, joined: purpose ids stay the
/// policy's, and the promise about data collected by accident (`accidental`)
/// is said in `lang`.
pub fn retention_purposes(purposes: &[String], lang: Lang) -> String {
    let said: Vec<&str> = purposes
        .iter()
        .map(|id| if id == "accidental" { lang.pick("accidental", "collecte accidentelle") } else { id.as_str() })
        .collect();
    said.join(", ")
}

/// The clause for locations holding an organization's identifiers, not a person's.
fn organizations(count: u64, lang: Lang) -> String {
    match (count, lang) {
        (0, _) => String::new(),
        (1, Lang::En) => " (and 1 location of an organization's identifiers, not personal information)".into(),
        (n, Lang::En) => format!(" (and {n} locations of organizations' identifiers, not personal information)"),
        (1, Lang::Fr) => {
            " (et 1 emplacement d’identifiants d’une organisation, qui ne sont pas des renseignements personnels)"
                .into()
        }
        (n, Lang::Fr) => format!(
            " (et {n} emplacements d’identifiants d’organisations, qui ne sont pas des renseignements personnels)"
        ),
    }
}

/// The policy as a report names it: its title, organization and date.
pub fn policy_title(inventory: &Inventory) -> String {
    let policy = &inventory.policy;
    match &policy.policy.date {
        Some(date) => format!("{} — {} ({date})", policy.organization.name, policy.policy.title),
        None => format!("{} — {}", policy.organization.name, policy.policy.title),
    }
}

/// A confidence level in `lang`.
pub fn confidence(level: crate::finding::Confidence, lang: Lang) -> &'static str {
    use crate::finding::Confidence;
    match level {
        Confidence::Low => lang.pick("low", "faible"),
        Confidence::Medium => lang.pick("medium", "moyenne"),
        Confidence::High => lang.pick("high", "élevée"),
    }
}

/// The evidence trail as (label, value) rows, in `lang`.
pub fn evidence_rows(inventory: &Inventory, lang: Lang) -> Vec<(String, String)> {
    let Some(evidence) = &inventory.evidence else {
        return vec![(
            lang.pick("Evidence", "Preuve").into(),
            lang.pick("not recorded (made by the library API)", "non consignée (produit par l’API de bibliothèque)")
                .into(),
        )];
    };
    let coverage = &evidence.coverage;
    let mut rows = vec![
        (lang.pick("Generated at (UTC)", "Produit le (UTC)"), evidence.generated_at.clone()),
        (lang.pick("piimap version", "Version de piimap"), evidence.piimap_version.clone()),
        (lang.pick("Roots scanned", "Racines analysées"), evidence.roots.join(", ")),
        (lang.pick("Policy file SHA-256", "SHA-256 du fichier de politique"), evidence.policy_sha256.clone()),
        (lang.pick("Rules SHA-256", "SHA-256 des règles"), evidence.rules_sha256.clone()),
        (
            lang.pick("Fingerprint key id", "Identifiant de la clé d’empreinte"),
            evidence.fingerprint_key_id.clone().unwrap_or_else(|| {
                lang.pick("per-run key (fingerprints compare with no other report)", "clé propre à l’exécution (empreintes non comparables)").into()
            }),
        ),
        (
            lang.pick("Sampling", "Échantillonnage"),
            match (coverage.sample_rows, lang) {
                (Some(rows), Lang::En) => format!("first {rows} rows per table; {} live tables sampled", coverage.tables_sampled),
                (Some(rows), Lang::Fr) => format!("{rows} premières lignes par table ; {} tables échantillonnées", coverage.tables_sampled),
                (None, Lang::En) => format!("all rows of files; {} live tables sampled", coverage.tables_sampled),
                (None, Lang::Fr) => format!("toutes les lignes des fichiers ; {} tables échantillonnées", coverage.tables_sampled),
            },
        ),
        (
            lang.pick("Skipped", "Non lus"),
            match lang {
                Lang::En => format!(
                    "{} binary files, {} files over --max-filesize, {} read errors; {} structured files read as text",
                    coverage.files_skipped_binary, coverage.files_skipped_too_large, coverage.read_errors, coverage.files_read_as_text
                ),
                Lang::Fr => format!(
                    "{} fichiers binaires, {} fichiers au-delà de --max-filesize, {} erreurs de lecture ; {} fichiers structurés lus comme du texte",
                    coverage.files_skipped_binary, coverage.files_skipped_too_large, coverage.read_errors, coverage.files_read_as_text
                ),
            },
        ),
    ];
    if !evidence.merged_from.is_empty() {
        rows.push((
            lang.pick("Merged from", "Fusion de"),
            evidence
                .merged_from
                .iter()
                .map(|e| format!("{} ({})", e.roots.join(" "), e.generated_at))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    rows.into_iter().map(|(label, value)| (label.to_string(), value)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages() {
        let statuses = [
            Status::Undeclared,
            Status::UnexpectedLocation,
            Status::Covered,
            Status::OverRetention,
            Status::NotPersonal,
        ];
        for value in statuses {
            assert_ne!(status(value, Lang::En), status(value, Lang::Fr), "{value:?}");
        }
        let actions = [
            Action::DeleteOrMask,
            Action::DocumentOrDelete,
            Action::AmendOrDelete,
            Action::MapOrDelete,
            Action::DestroyOld,
        ];
        for value in actions {
            assert_ne!(action(Some(value), Lang::En), action(Some(value), Lang::Fr), "{value:?}");
        }
        assert_eq!(quoted(&["a".into(), "b".into()], Lang::Fr), "« a », « b »");
    }
}
