//! A draft as a policy file: TOML that `piimap policy check` accepts, with a
//! comment above every value the drafter inferred rather than copied, saying
//! which words it came from.

use std::fmt::Write as _;

use super::{Draft, DraftGap, DraftPurpose};

/// The draft as the text of a policy file.
pub fn write(draft: &Draft) -> String {
    let mut out = String::new();
    let _ =
        writeln!(out, "# DRAFT written by `piimap policy draft` from {}. Review every entry before use:", draft.source);
    out.push_str("# quotes are copied verbatim from the text; everything else (ids, names, categories, data uses,\n");
    out.push_str("# retention periods, gaps) is inferred from its words, and a comment above each value says from\n");
    out.push_str(
        "# which. Edit, delete what is not a purpose, then run `piimap policy check` and `piimap inventory`.\n\n",
    );
    out.push_str("schema = \"piimap.policy/1\"\n\n[organization]\n");
    match &draft.organization {
        Some(read) => {
            let _ = writeln!(out, "# inferred: {}", read.from);
            let _ = writeln!(out, "name = {}", string(&read.value));
        }
        None => out.push_str("# not found in the text: write the organization's name\nname = \"(organization)\"\n"),
    }
    out.push_str("jurisdictions = [\"QC\"]\n\n[policy]\n");
    match &draft.title {
        Some(read) => {
            let _ = writeln!(out, "# read: {}", read.from);
            let _ = writeln!(out, "title = {}", string(&read.value));
        }
        None => out.push_str("# not found in the text: write the document's title\ntitle = \"Privacy policy\"\n"),
    }
    match &draft.date {
        Some(read) => {
            let _ = writeln!(out, "# read: {}", read.from);
            let _ = writeln!(out, "date = {}", string(&read.value));
        }
        None => out.push_str("# no date of last update found in the text\n"),
    }
    let _ = writeln!(out, "# inferred: {}", draft.language.from);
    let _ = writeln!(out, "language = {}", string(&draft.language.value));
    let _ = writeln!(out, "source = {}", string(&draft.source));
    for purpose in &draft.purposes {
        purpose_entry(&mut out, purpose);
    }
    if !draft.gaps.is_empty() {
        out.push_str(
            "\n# ---------------------------------------------------------------------------------------------\n",
        );
        out.push_str("# Gaps: what the drafter saw that a reviewer must settle.\n");
    }
    for gap in &draft.gaps {
        gap_entry(&mut out, gap);
    }
    out
}

fn purpose_entry(out: &mut String, purpose: &DraftPurpose) {
    out.push_str("\n[[purposes]]\n");
    let _ = writeln!(out, "# inferred: a purpose, from {}", purpose.why);
    let _ = writeln!(out, "id = {}", string(&purpose.id));
    let _ = writeln!(out, "name = {}", string(&purpose.name));
    let _ = writeln!(out, "quote = {}", multiline(&purpose.quote));
    if purpose.category_words.is_empty() {
        out.push_str("# no category named in the quote (see the gaps)\n");
    }
    for (words, ids) in &purpose.category_words {
        let _ = writeln!(out, "# inferred: {} from {}", ids.join(", "), quoted_words(words));
    }
    let _ =
        writeln!(out, "categories = [{}]", purpose.categories.iter().map(|c| string(c)).collect::<Vec<_>>().join(", "));
    if let Some((key, words)) = &purpose.data_use {
        let _ = writeln!(out, "# inferred: data use from {}", quoted_words(words));
        let _ = writeln!(out, "data_use = {}", string(key));
    }
    if let Some(retention) = &purpose.retention {
        let origin = if retention.general {
            "the policy's general retention statement, not tied to this purpose"
        } else {
            "a retention sentence in the quote"
        };
        let _ = writeln!(out, "# inferred: retention from {origin}");
        match &retention.keep {
            Some((keep, words)) => {
                let after = if retention.after_last_activity { "last_activity" } else { "collection" };
                let _ = writeln!(out, "# inferred: keep = {keep} from \"{words}\", after = {after}");
                let _ = writeln!(
                    out,
                    "retention = {{ keep = {}, after = {}, text = {} }}",
                    string(keep),
                    string(after),
                    string(&retention.text)
                );
            }
            None => {
                let _ = writeln!(out, "retention = {}", string(&retention.text));
            }
        }
    }
}

fn gap_entry(out: &mut String, gap: &DraftGap) {
    out.push_str("\n[[gaps]]\n");
    let _ = writeln!(out, "about = {}", string(&gap.about));
    if let Some(purpose) = &gap.purpose {
        let _ = writeln!(out, "purpose = {}", string(purpose));
    }
    let _ = writeln!(out, "note = {}", string(&gap.note));
    if let Some(quote) = &gap.quote {
        let _ = writeln!(out, "quote = {}", string(quote));
    }
    if !gap.categories.is_empty() {
        let _ =
            writeln!(out, "categories = [{}]", gap.categories.iter().map(|c| string(c)).collect::<Vec<_>>().join(", "));
    }
}

fn quoted_words(words: &str) -> String {
    if words.starts_with("the list ") {
        words.to_string()
    } else {
        format!("\"{}\"", words.replace('\n', " "))
    }
}

/// A TOML basic string.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string, when the text has several lines.
fn multiline(text: &str) -> String {
    if !text.contains('\n') {
        return string(text);
    }
    let mut out = String::from("\"\"\"\n");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push('\n'),
            '\t' => out.push('\t'),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_survive_a_round_trip_through_toml() {
        let tricky = "He said \"no\" \\ then\nleft\t\u{1}";
        let parsed: toml::Table =
            toml::from_str(&format!("a = {}\nb = {}", string(tricky), multiline(tricky))).unwrap();
        assert_eq!(parsed["a"].as_str(), Some(tricky));
        assert_eq!(parsed["b"].as_str(), Some(tricky));
    }
}
