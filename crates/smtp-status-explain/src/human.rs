//! The human form of every report: a titled table of `key  value` rows
//! ([`Block`]), written by each report's `Display` and by the `smtp-status`
//! command (which adds colour on a terminal).
//!
//! Text that comes from the input is data, not terminal commands: `Display`
//! passes every title and value through [`escape`].

use smtp_status::hazard::{find_hazard, is_hazard};
use std::borrow::Cow;
use std::fmt;

/// A titled table of `key  value` rows: one explained item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The first line.
    pub title: String,
    /// The rows under it.
    pub rows: Vec<Row>,
}

/// One row of a [`Block`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The key, left column.
    pub key: &'static str,
    /// The value.
    pub value: String,
    /// Whether the row is a warning (shown in colour on a terminal).
    pub warn: bool,
}

impl Row {
    /// A plain row.
    pub fn new(key: &'static str, value: impl Into<String>) -> Row {
        Row {
            key,
            value: value.into(),
            warn: false,
        }
    }

    /// A warning row.
    pub fn warn(key: &'static str, value: impl Into<String>) -> Row {
        Row {
            warn: true,
            ..Row::new(key, value)
        }
    }
}

impl Block {
    /// The width of the key column.
    pub fn key_width(&self) -> usize {
        self.rows.iter().map(|r| r.key.len()).max().unwrap_or(0)
    }
}

/// The title, then each row indented with the keys aligned; every value
/// escaped.
///
/// ```
/// use smtp_status_explain::human::{Block, Row};
/// let b = Block { title: "t".into(), rows: vec![Row::new("k", "v\x1b"), Row::new("key", "w")] };
/// assert_eq!(b.to_string(), "t\n  k    v\\x1b\n  key  w\n");
/// ```
impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", escape(&self.title))?;
        let width = self.key_width();
        for row in &self.rows {
            writeln!(f, "  {:<width$}  {}", row.key, escape(&row.value))?;
        }
        Ok(())
    }
}

/// Blocks one after another, a blank line between two.
pub(crate) fn write_blocks(f: &mut fmt::Formatter<'_>, blocks: &[Block]) -> fmt::Result {
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            writeln!(f)?;
        }
        write!(f, "{b}")?;
    }
    Ok(())
}

/// Text with every hazard ([`smtp_status::hazard::is_hazard`], the one set
/// the code generator and the command's JSON output use too) shown as an
/// escape instead of sent to the terminal: `\r`, `\n`, `\t`, `\x1b` (ESC),
/// `\x00`, `\x7f`, C1 controls as `\u{9b}`, and the bidirectional marks,
/// embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A to
/// U+202E, U+2066 to U+2069) that reorder what is shown.
///
/// ```
/// use smtp_status_explain::human::escape;
/// assert_eq!(escape("plain text: <a@b>"), "plain text: <a@b>");
/// assert_eq!(escape("a\x1b[2Jb"), "a\\x1b[2Jb");
/// assert_eq!(escape("a\rb\0c\x7f"), "a\\rb\\x00c\\x7f");
/// assert_eq!(escape("\u{9b}31m\u{85}"), "\\u{9b}31m\\u{85}");
/// assert_eq!(escape("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
/// assert_eq!(escape("\u{200f}\u{61c}"), "\\u{200f}\\u{61c}");
/// assert_eq!(escape("caf\u{e9}"), "caf\u{e9}");
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    if find_hazard(text).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && is_hazard(c) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_hazard(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character of Unicode: escaped exactly when it is in the one
    /// hazard set, and then with no hazard left.
    #[test]
    fn escapes_exactly_the_hazard_set() {
        let mut escaped = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = c.to_string();
            let shown = escape(&s);
            assert_eq!(shown != s, is_hazard(c), "U+{:04X}", c as u32);
            assert!(!shown.chars().any(is_hazard), "U+{:04X}", c as u32);
            escaped += usize::from(is_hazard(c));
        }
        // 65 control characters and 12 bidirectional ones.
        assert_eq!(escaped, 77);
    }
}
