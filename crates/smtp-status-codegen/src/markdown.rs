//! Registry text to rustdoc Markdown: escaped, references as links.

use crate::model::{Inline, RichText};

/// Registry text as Markdown text: every character that could start
/// markup is escaped (`[BASE64]` occurs in the registry and must not become
/// a link; `~~~` must not open a code block, a doctest), URLs are kept from
/// being bare links (`https\://`), and control and bidirectional characters
/// are written as escapes ([`crate::hazard`]).
pub fn escape(s: &str) -> String {
    // Line breaks are white space here (callers collapse it), not escapes.
    let spaced: String = s
        .chars()
        .map(|c| if c.is_ascii_whitespace() { ' ' } else { c })
        .collect();
    let s = crate::hazard::escape(&spaced);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // rustdoc's `bare_urls` lint (an error under -D warnings) flags a URL
    // in text; the escaped colon renders the same and is no link.
    out.replace("://", "\\://")
}

/// Escapes what would make a line of registry text a block: a list item
/// (`- `, `+ `, `1. `), a thematic break or a setext underline (`---`,
/// `===`).
fn escape_line_start(line: String) -> String {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    if digits > 0 && (rest.starts_with('.') || rest.starts_with(')')) {
        format!("{}\\{rest}", &line[..digits])
    } else if line.starts_with(['-', '+', '=']) {
        format!("\\{line}")
    } else {
        line
    }
}

/// Mixed content as one Markdown paragraph: white space collapsed, text
/// escaped, each reference a link.
pub fn rich(text: &RichText) -> String {
    let mut s = String::new();
    for inline in &text.0 {
        match inline {
            Inline::Text(t) => s.push_str(&escape(t)),
            Inline::Xref(x) => {
                let label = x.text.clone().unwrap_or_else(|| x.label());
                s.push_str(&format!(" [{}]({}) ", escape(&label), x.url()));
            }
        }
    }
    escape_line_start(tidy(&s))
}

/// Collapses white space, and removes the spaces that [`rich`] put around
/// links where punctuation follows or an opening parenthesis precedes.
fn tidy(s: &str) -> String {
    let mut out = crate::model::collapse_ws(s);
    for p in [".", ",", ";", ":", ")"] {
        out = out.replace(&format!(") {p}"), &format!("){p}"));
    }
    out.replace("( [", "([")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Xref, XrefKind};

    #[test]
    fn registry_text_stays_text() {
        for (text, md) in [
            ("```rust", "\\`\\`\\`rust"),
            ("~~~", "\\~\\~\\~"),
            ("see https://x.example/a", "see https\\://x.example/a"),
            ("a & b", "a \\& b"),
            ("line\nbreak", "line break"),
            ("esc \u{1b}[2J \u{202e}", "esc \\\\x1b\\[2J \\\\u{202e}"),
        ] {
            assert_eq!(escape(text), md, "{text:?}");
        }
        for (line, md) in [
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            ("=== x", "\\=== x"),
            ("12. item", "12\\. item"),
            ("3) item", "3\\) item"),
            ("2024 was", "2024 was"),
            ("a - b", "a - b"),
        ] {
            assert_eq!(
                rich(&RichText(vec![Inline::Text(line.into())])),
                md,
                "{line:?}"
            );
        }
    }

    #[test]
    fn links_and_escapes() {
        let t = RichText(vec![
            Inline::Text("sending a [BASE64]\nline per\n".into()),
            Inline::Xref(Xref {
                kind: XrefKind::Rfc,
                data: "rfc6376".into(),
                text: None,
            }),
            Inline::Text(".)".into()),
        ]);
        assert_eq!(
            rich(&t),
            "sending a \\[BASE64\\] line per [RFC 6376](https://www.rfc-editor.org/rfc/rfc6376).)"
        );
    }
}
