//! What every inventory report says in the same words: the headline, the
//! policy's title, and the policy's own words beside a flag.

use super::{Entry, Inventory};

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

/// The one sentence a report starts with: how many flags, of which kinds.
pub fn headline(inventory: &Inventory) -> String {
    let s = &inventory.summary;
    if s.undeclared + s.unexpected_location == 0 {
        format!(
            "No over-collection flagged: all {} locations are covered by a declared purpose{}.",
            s.entries - s.not_personal,
            organizations(s.not_personal)
        )
    } else {
        format!(
            "{} over-collection flags ({} high, {} medium, {} low): {} undeclared, {} in an unexpected location; {} of {} locations covered{}.",
            s.undeclared + s.unexpected_location,
            s.high,
            s.medium,
            s.low,
            s.undeclared,
            s.unexpected_location,
            s.covered,
            s.entries - s.not_personal,
            organizations(s.not_personal)
        )
    }
}

/// The clause for locations holding an organization's identifiers, not a person's.
fn organizations(count: u64) -> String {
    match count {
        0 => String::new(),
        1 => " (and 1 location of an organization's identifiers, not personal information)".into(),
        n => format!(" (and {n} locations of organizations' identifiers, not personal information)"),
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
