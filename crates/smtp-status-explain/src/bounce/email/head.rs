//! A header block read as unfolded `(name, value)` pairs, for the few
//! header fields the classifier looks at.

use std::borrow::Cow;

/// The header fields of one header block, unfolded, in order: each name
/// as written, each value trimmed, borrowed from the block unless it was
/// folded (or the block is not UTF-8).
pub(crate) struct Head<'a> {
    fields: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> Head<'a> {
    /// Reads a header block (LF line ends); a line that is not a field and
    /// not a continuation ends it.
    pub(crate) fn new(block: &'a [u8]) -> Head<'a> {
        match crate::bounce::email::mime::lossy(block) {
            Cow::Borrowed(text) => Head {
                fields: fields(text),
            },
            Cow::Owned(text) => Head {
                fields: fields(&text)
                    .into_iter()
                    .map(|(n, v)| (Cow::Owned(n.into_owned()), Cow::Owned(v.into_owned())))
                    .collect(),
            },
        }
    }

    /// The first value of a field (name in lower case).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }

    /// Every value of a field (name in lower case), in order.
    pub(crate) fn all<'s>(&'s self, name: &str) -> impl Iterator<Item = &'s str> {
        self.fields
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// Whether the field's value contains `needle` (ASCII case-insensitive).
    pub(crate) fn has(&self, name: &str, needle: &str) -> bool {
        self.get(name).is_some_and(|v| contains(v, needle))
    }
}

/// The fields of a header block: see [`Head::new`].
fn fields(text: &str) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    let mut fields: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
    // The lines as `str::lines` gives them (no empty last line after a
    // final LF), their ends found by memchr.
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for (i, end) in ends.enumerate() {
        if start == text.len() {
            break;
        }
        let line = text[start..end].trim_end_matches('\r');
        start = end + 1;
        if i == 0 && line.starts_with("From ") {
            // An mbox separator line.
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = fields.last_mut() {
                let v = v.to_mut();
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if !name.is_empty() && !name.contains(' ') => {
                fields.push((Cow::Borrowed(name), Cow::Borrowed(value.trim())));
            }
            _ => break,
        }
    }
    fields
}

/// Whether `hay` contains `needle`, ASCII case-insensitive.
pub(crate) fn contains(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len().max(1))
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The first address in a header value (`Name <a@b>` or `a@b`).
pub(crate) fn address(value: &str) -> Option<String> {
    let inner = match (value.find('<'), value.rfind('>')) {
        (Some(a), Some(b)) if a < b => &value[a + 1..b],
        _ => value,
    };
    inner
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .find(|t| t.contains('@'))
        .map(|t| {
            t.trim_matches(|c| c == '<' || c == '>' || c == '"')
                .to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfolds() {
        let h = Head::new(b"Subject: a\n b\nFrom: X <x@y>\n\nbody: no\n");
        assert_eq!(h.get("subject"), Some("a b"));
        assert_eq!(address(h.get("from").unwrap()).as_deref(), Some("x@y"));
        assert!(h.get("body").is_none());
        assert!(h.has("subject", "A B"));
        let h = Head::new(b"From x\r\nA: 1\r\n\t2\r\nB:3");
        assert_eq!((h.get("a"), h.get("b")), (Some("1 2"), Some("3")));
        assert!(Head::new(b"").get("a").is_none());
        assert!(Head::new(b"\nA: 1\n").get("a").is_none());
    }
}
