//! Registry text to rustdoc Markdown: escaped, references as links.

use crate::model::{Inline, RichText};

/// Escapes Markdown's special characters (`[BASE64]` occurs in the
/// registry and must not become a link).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
    tidy(&s)
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
