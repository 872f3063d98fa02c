//! A policy's text as lines a reader would see: headings, list items (with
//! their depth) and paragraphs, from plain text, Markdown or HTML; and
//! paragraphs cut into sentences.
//!
//! HTML is only stripped (block elements become lines, `<li>` list items,
//! `<h1>`–`<h6>` headings, entities decoded): a policy page is prose, and what
//! the draft needs is where a heading, a list and a sentence begin.

/// How the text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Plain text (a copy of a web page, a transcription).
    Plain,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
}

impl Markup {
    /// From a file's extension, else from its first bytes.
    pub fn detect(path: &std::path::Path, text: &str) -> Markup {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match extension.as_str() {
            "html" | "htm" | "xhtml" => Markup::Html,
            "md" | "markdown" => Markup::Markdown,
            _ => {
                let head = text.trim_start().get(..256).unwrap_or(text.trim_start()).to_ascii_lowercase();
                if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") {
                    Markup::Html
                } else {
                    Markup::Plain
                }
            }
        }
    }
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A title or section heading.
    Heading,
    /// A list item, at a depth (0: top level).
    Item(u8),
    /// Running text (one or more sentences).
    Paragraph,
}

/// One line of the policy as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Its kind.
    pub kind: Kind,
    /// The words, without list marker or section number.
    pub text: String,
    /// As written (trimmed, wrapped lines joined): what a quote shows.
    pub quote: String,
    /// Whether an empty line precedes it.
    pub after_blank: bool,
    /// Whether it opened with a section number ("2.1", "3.").
    pub numbered: bool,
}

/// The lines of `text`.
pub fn lines(text: &str, markup: Markup) -> Vec<Line> {
    match markup {
        Markup::Html => from_markdown(&html_to_markdown(text)),
        Markup::Markdown => from_markdown(text),
        Markup::Plain => from_plain(text),
    }
}

const BULLETS: &[char] = &['-', '•', '◦', '▪', '●', '○', '*', '–', '—', '·', '■', '□', '➢', '►'];

/// Plain text: bullets by their marker, headings by their shape (no closing
/// punctuation, or a section number before a short title, or capitals).
fn from_plain(text: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut blank = false;
    let mut item_indent: Option<usize> = None;
    for raw in text.lines() {
        let trimmed = raw.trim().trim_matches('\u{a0}').trim();
        if trimmed.is_empty() {
            blank = true;
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        if let Some(rest) = enumerated_item(trimmed) {
            item_indent = Some(indent);
            let kind = Kind::Item((indent / 2).min(8) as u8);
            out.push(Line {
                kind,
                text: rest.to_string(),
                quote: trimmed.to_string(),
                after_blank: blank,
                numbered: false,
            });
            blank = false;
            continue;
        }
        let starts_lower = trimmed.chars().next().is_some_and(char::is_lowercase);
        let continues_item = item_indent.is_some_and(|at| indent > at) && bullet(trimmed).is_none() && !blank;
        if let Some(last) = out.last_mut() {
            if (starts_lower && !blank) || continues_item {
                last.text.push(' ');
                last.text.push_str(trimmed);
                last.quote.push(' ');
                last.quote.push_str(trimmed);
                if last.kind == Kind::Heading && ends_sentence(trimmed) {
                    last.kind = Kind::Paragraph;
                }
                continue;
            }
        }
        let line = if let Some(rest) = bullet(trimmed) {
            item_indent = Some(indent);
            Line {
                kind: Kind::Item((indent / 2).min(8) as u8),
                text: rest.to_string(),
                quote: trimmed.to_string(),
                after_blank: blank,
                numbered: false,
            }
        } else {
            item_indent = None;
            let unnumbered = strip_section_number(trimmed);
            let kind =
                if looks_like_heading(unnumbered) || in_capitals(unnumbered) { Kind::Heading } else { Kind::Paragraph };
            let numbered = unnumbered.len() != trimmed.len();
            Line { kind, text: unnumbered.to_string(), quote: unnumbered.to_string(), after_blank: blank, numbered }
        };
        out.push(line);
        blank = false;
    }
    out
}

/// Markdown: `#` headings, `-`/`*`/`+`/`1.` items; emphasis and link targets dropped.
fn from_markdown(text: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut blank = false;
    for raw in text.lines() {
        let cleaned = strip_inline_markdown(raw);
        let trimmed = cleaned.trim();
        if trimmed.is_empty() {
            blank = true;
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let heading = trimmed.strip_prefix('#').map(|rest| rest.trim_start_matches('#').trim());
        let item = markdown_item(trimmed);
        let line = match (heading, item) {
            (Some(title), _) => Line {
                kind: Kind::Heading,
                text: title.into(),
                quote: title.into(),
                after_blank: blank,
                numbered: true,
            },
            (None, Some(rest)) => Line {
                kind: Kind::Item((indent / 2).min(8) as u8),
                text: rest.into(),
                quote: format!("- {rest}"),
                after_blank: blank,
                numbered: false,
            },
            (None, None) => {
                if let Some(last) = out.last_mut().filter(|l| !blank && l.kind != Kind::Heading) {
                    last.text.push(' ');
                    last.text.push_str(trimmed);
                    last.quote.push(' ');
                    last.quote.push_str(trimmed);
                    continue;
                }
                let heading = (looks_like_heading(trimmed) && trimmed.len() < 80) || in_capitals(trimmed);
                let kind = if heading { Kind::Heading } else { Kind::Paragraph };
                Line { kind, text: trimmed.into(), quote: trimmed.into(), after_blank: blank, numbered: false }
            }
        };
        out.push(line);
        blank = false;
    }
    out
}

fn markdown_item(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && digits < 4)
        .then(|| line[digits..].strip_prefix(". ").or_else(|| line[digits..].strip_prefix(") ")))
        .flatten()
        .map(str::trim)
}

fn strip_inline_markdown(line: &str) -> String {
    let mut out = line.replace("**", "").replace("__", "").replace('`', "");
    // [text](target) → text
    while let Some(open) = out.find("](") {
        let Some(close) = out[open..].find(')') else { break };
        let Some(start) = out[..open].rfind('[') else { break };
        out = format!("{}{}{}", &out[..start], &out[start + 1..open], &out[open + close + 1..]);
    }
    out
}

/// The text after a list marker, when `line` starts with one.
fn bullet(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if BULLETS.contains(&first) {
        let rest = &line[first.len_utf8()..];
        // "-5" or "--" is not a list item; "- text" and "•text" are.
        if first == '-' && !rest.starts_with([' ', '\t']) {
            return None;
        }
        return Some(rest.trim());
    }
    None
}

/// A list item numbered by a letter ("a. to provide services", "b) ...") or by
/// a number before words in lower case ("1. the Internet domain name;"); a
/// number before a capital is a section ("2. Some of the purposes...").
fn enumerated_item(line: &str) -> Option<&str> {
    let marker = line.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let rest = line[marker..].strip_prefix(". ").or_else(|| line[marker..].strip_prefix(") "))?.trim();
    let head = &line[..marker];
    let letter = marker == 1 && head.as_bytes()[0].is_ascii_lowercase();
    let number = (1..=3).contains(&marker) && head.bytes().all(|b| b.is_ascii_digit());
    let lower = rest.chars().next().is_some_and(char::is_lowercase);
    ((letter || (number && lower)) && !rest.is_empty()).then_some(rest)
}

/// "2.3 We may use..." → "We may use..."; "1. Consent" → "Consent".
fn strip_section_number(line: &str) -> &str {
    let number = line.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    if number == 0 || !line.as_bytes()[0].is_ascii_digit() {
        return line;
    }
    match line[number..].strip_prefix(' ') {
        Some(rest) if !rest.trim().is_empty() => rest.trim(),
        _ => line,
    }
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '”', '»', '\'', '’', ' ']).ends_with(['.', ':', ';', '!', '?'])
}

/// A short line without closing punctuation, not starting in lower case.
fn looks_like_heading(text: &str) -> bool {
    !ends_sentence(text) && text.chars().count() <= 200 && !text.chars().next().is_some_and(char::is_lowercase)
}

/// A line in capitals ("WHAT INFORMATION IS COLLECTED?"): a heading, whatever its punctuation.
pub fn in_capitals(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !text.chars().any(char::is_lowercase)
        && text.chars().count() <= 200
}

/// Sentences of a paragraph, as written.
pub fn sentences(text: &str) -> Vec<&str> {
    const ABBREVIATIONS: &[&str] = &[
        "e.g.", "i.e.", "etc.", "ex.", "p. ex.", "Mr.", "Mrs.", "Dr.", "St.", "no.", "No.", "art.", "vs.", "M.", "Mme.",
    ];
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'.' | b'?' | b'!') && bytes.get(i + 1) == Some(&b' ') {
            let before = &text[start..=i];
            let abbreviation = ABBREVIATIONS.iter().any(|a| {
                before.ends_with(a)
                    && (before.len() == a.len()
                        || !before.as_bytes()[before.len() - a.len() - 1].is_ascii_alphanumeric())
            });
            let next = text[i + 2..].chars().next();
            let opens = next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“«(".contains(c));
            if !abbreviation && opens {
                out.push(text[start..=i].trim());
                start = i + 2;
            }
        }
        i += 1;
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// HTML as Markdown-like lines: headings `#`, list items `-` indented by
/// nesting, block elements on their own lines; scripts, styles and comments dropped.
pub fn html_to_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut depth: usize = 0;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open].replace(['\n', '\r', '\t'], " ")));
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(close) = rest.find('>') else { break };
        let tag = rest[1..close].trim().to_ascii_lowercase();
        rest = &rest[close + 1..];
        let name: String = tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
        let closing = tag.starts_with('/');
        match name.as_str() {
            "script" | "style" | "head" | "noscript" | "template" | "nav" if !closing => {
                let end = format!("</{name}");
                rest = rest.to_ascii_lowercase().find(&end).map_or("", |at| &rest[at..]);
            }
            "ul" | "ol" => {
                depth = if closing { depth.saturating_sub(1) } else { depth + 1 };
                out.push('\n');
            }
            "li" if !closing => {
                out.push('\n');
                out.push_str(&"  ".repeat(depth.saturating_sub(1)));
                out.push_str("- ");
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                out.push('\n');
                if !closing {
                    let level = name[1..].parse::<usize>().unwrap_or(1);
                    out.push_str(&"#".repeat(level));
                    out.push(' ');
                }
            }
            "p" | "div" | "br" | "tr" | "section" | "article" | "header" | "footer" | "table" | "blockquote" | "dt"
            | "dd" | "title" | "li" | "main" => {
                out.push('\n');
                if !closing {
                    out.push('\n');
                }
            }
            "td" | "th" if !closing => out.push(' '),
            _ => {}
        }
    }
    out.push_str(&decode_entities(rest));
    // Runs of white space become one, but a list item keeps its indentation (its depth).
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        let body = line.trim_start();
        if body.starts_with("- ") {
            text.push_str(&line[..line.len() - body.len()]);
        }
        text.push_str(&body.split_whitespace().collect::<Vec<_>>().join(" "));
        text.push('\n');
    }
    text
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", " "),
        ("rsquo", "’"),
        ("lsquo", "‘"),
        ("ldquo", "“"),
        ("rdquo", "”"),
        ("laquo", "«"),
        ("raquo", "»"),
        ("ndash", "–"),
        ("mdash", "—"),
        ("hellip", "…"),
        ("eacute", "é"),
        ("Eacute", "É"),
        ("egrave", "è"),
        ("Egrave", "È"),
        ("ecirc", "ê"),
        ("agrave", "à"),
        ("Agrave", "À"),
        ("acirc", "â"),
        ("ccedil", "ç"),
        ("Ccedil", "Ç"),
        ("ocirc", "ô"),
        ("ucirc", "û"),
        ("ugrave", "ù"),
        ("icirc", "î"),
        ("iuml", "ï"),
        ("euml", "ë"),
        ("oelig", "œ"),
        ("reg", "®"),
        ("copy", "©"),
        ("bull", "•"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let number =
                name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")).map(|hex| u32::from_str_radix(hex, 16));
            let number = number.or_else(|| name.strip_prefix('#').map(str::parse::<u32>));
            match number {
                Some(Ok(code)) => char::from_u32(code).map(|c| (c.to_string(), end)),
                Some(Err(_)) => None,
                None => NAMED.iter().find(|(n, _)| *n == name).map(|(_, s)| (s.to_string(), end)),
            }
        });
        match decoded {
            Some((text, end)) => {
                out.push_str(&text);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_lines_have_kinds_and_wrapped_lines_are_joined() {
        let text = "Privacy Policy\n\n1. Who we are\n\nWe collect your email address:\n  • Email address;\n  • Phone\n    number\n    Service\n2.1 We use it for a range of activities :\nthat continue here.\n";
        let lines = lines(text, Markup::Plain);
        let kinds: Vec<Kind> = lines.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            vec![Kind::Heading, Kind::Heading, Kind::Paragraph, Kind::Item(1), Kind::Item(1), Kind::Paragraph]
        );
        assert_eq!(lines[1].text, "Who we are");
        assert_eq!(lines[4].text, "Phone number Service");
        assert_eq!(lines[5].text, "We use it for a range of activities : that continue here.");
    }

    #[test]
    fn letters_and_numbers_before_lower_case_enumerate_items() {
        let lines = lines("It consists of :\n  1. the domain name;\n  2. the browser.\n2. Some of the purposes include:\na. to provide services\n", Markup::Plain);
        let kinds: Vec<Kind> = lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, vec![Kind::Paragraph, Kind::Item(1), Kind::Item(1), Kind::Paragraph, Kind::Item(0)]);
        assert_eq!(lines[4].text, "to provide services");
    }

    #[test]
    fn sentences_end_at_stops_not_at_abbreviations() {
        let s = sentences("We use cookies (e.g., session ids). They expire. See art. 64 of the Act! Done");
        assert_eq!(s, vec!["We use cookies (e.g., session ids).", "They expire.", "See art. 64 of the Act!", "Done"]);
    }

    #[test]
    fn html_becomes_headings_items_and_paragraphs() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body><h1>Politique</h1><p>Nous utilisons votre <b>adresse&nbsp;courriel</b> :</p><ul><li>Infolettre</li><li>Concours<ul><li>Gagnants</li></ul></li></ul><script>var a='<p>';</script></body></html>";
        let lines = lines(html, Markup::Html);
        let shown: Vec<(Kind, &str)> = lines.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            shown,
            vec![
                (Kind::Heading, "Politique"),
                (Kind::Paragraph, "Nous utilisons votre adresse courriel :"),
                (Kind::Item(0), "Infolettre"),
                (Kind::Item(0), "Concours"),
                (Kind::Item(1), "Gagnants"),
            ]
        );
    }
}
