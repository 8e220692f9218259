//! The human form of every report: a titled table of `key  value` rows
//! ([`Block`]), written by each report's `Display` and by the `smtp-status`
//! command (which adds colour on a terminal).
//!
//! Text that comes from the input is data, not terminal commands: `Display`
//! passes every title and value through [`escape`].
//!
//! Every line fits [`WIDTH`] columns: long values are wrapped at spaces,
//! their continuation lines indented under the value column, never cut
//! ([`Block::lay_out`], [`wrap`]); only a word longer than a whole line
//! (a long address, a URL) is left on a line of its own.

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

/// The columns every line of human output fits in, unless a single word
/// is longer.
pub const WIDTH: usize = 80;

/// How far the continuation lines of a line that is not a row (a block's
/// title, a line of the command's own) are indented.
pub const HANG: usize = 4;

/// What a line of a [`Block`] is, for a terminal's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The title.
    Title,
    /// A row.
    Plain,
    /// A warning row.
    Warn,
}

impl Block {
    /// The width of the key column.
    pub fn key_width(&self) -> usize {
        self.rows.iter().map(|r| r.key.len()).max().unwrap_or(0)
    }

    /// The block as lines of at most [`WIDTH`] columns, each given to
    /// `line` as its lead (indentation, and a row's key on the row's first
    /// line) and its text, escaped: the title, then each row with the keys
    /// aligned, a long value wrapped ([`lay_out`]) with its continuation
    /// lines under the value column.
    pub fn lay_out<E>(
        &self,
        mut line: impl FnMut(&str, &str, Shown) -> Result<(), E>,
    ) -> Result<(), E> {
        lay_out(&self.title, "", HANG, |lead, text| {
            line(lead, text, Shown::Title)
        })?;
        let width = self.key_width();
        for row in &self.rows {
            let lead = format!("  {:<width$}  ", row.key);
            let shown = if row.warn { Shown::Warn } else { Shown::Plain };
            lay_out(&row.value, &lead, lead.len(), |lead, text| {
                line(lead, text, shown)
            })?;
        }
        Ok(())
    }
}

/// The title, then each row indented with the keys aligned; every value
/// escaped, and wrapped at [`WIDTH`] columns under the value column.
///
/// ```
/// use smtp_status_explain::human::{Block, Row};
/// let b = Block { title: "t".into(), rows: vec![Row::new("k", "v\x1b"), Row::new("key", "w")] };
/// assert_eq!(b.to_string(), "t\n  k    v\\x1b\n  key  w\n");
///
/// let long = "word ".repeat(20);
/// let b = Block { title: "t".into(), rows: vec![Row::new("key", long.trim_end())] };
/// let shown = b.to_string();
/// assert_eq!(shown.lines().nth(1), Some(&*format!("  key  {}", "word ".repeat(14).trim_end())));
/// assert_eq!(shown.lines().nth(2), Some(&*format!("       {}", "word ".repeat(6).trim_end())));
/// ```
impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.lay_out(|lead, text, _| writeln!(f, "{lead}{text}"))
    }
}

/// `text` escaped ([`escape`]; an escape counts as the characters it is
/// shown as) and [`wrap`]ped into lines of at most [`WIDTH`] columns, each
/// given to `line` with its lead: `first` before the first line, `hang`
/// spaces before the others. Empty text is one line of its lead alone.
///
/// ```
/// use smtp_status_explain::human::lay_out;
/// let mut lines = Vec::new();
/// let text = format!("{} end\x1b", "a".repeat(70));
/// lay_out(&text, "warning: ", 4, |lead, text| {
///     lines.push(format!("{lead}{text}"));
///     Ok::<(), ()>(())
/// })
/// .unwrap();
/// assert_eq!(lines, [format!("warning: {}", "a".repeat(70)), "    end\\x1b".to_owned()]);
/// ```
pub fn lay_out<E>(
    text: &str,
    first: &str,
    hang: usize,
    mut line: impl FnMut(&str, &str) -> Result<(), E>,
) -> Result<(), E> {
    let text = escape(text);
    let indent = " ".repeat(hang);
    let room = |lead: usize| WIDTH.saturating_sub(lead).max(WIDTH / 4);
    let mut lead = first;
    for piece in wrap(&text, room(first.chars().count()), room(hang)) {
        line(lead, piece)?;
        lead = &indent;
    }
    Ok(())
}

/// `text` cut at spaces into lines of at most `first` characters (the
/// first line) and `rest` characters (the others), the spaces at a cut
/// dropped; a word longer than its line gets a line of its own, whole.
/// Always at least one line; linear in the text.
///
/// ```
/// use smtp_status_explain::human::wrap;
/// assert_eq!(wrap("one two three", 7, 5), ["one two", "three"]);
/// assert_eq!(wrap("a https://example.com/long/path b", 10, 10), ["a", "https://example.com/long/path", "b"]);
/// assert_eq!(wrap("", 10, 10), [""]);
/// assert_eq!(wrap("short", 10, 10), ["short"]);
/// ```
pub fn wrap(text: &str, first: usize, rest: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut left = text;
    let mut width = first;
    // The character after the `width` that fit: a line is too long when
    // it has one.
    while let Some((at, c)) = left.char_indices().nth(width) {
        let fits = &left[..at + c.len_utf8()];
        let cut = match fits
            .rfind(' ')
            .filter(|&i| !left[..i].trim_end().is_empty())
        {
            Some(i) => i,
            // A word longer than the line: it is the whole line.
            None => {
                let word = left.len() - left.trim_start().len();
                match left[word..].find(' ') {
                    Some(i) => word + i,
                    None => break,
                }
            }
        };
        lines.push(left[..cut].trim_end());
        left = left[cut..].trim_start();
        width = rest;
        if left.is_empty() {
            return lines;
        }
    }
    lines.push(left);
    lines
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

    /// Texts of words and runs of spaces (multi-byte characters among
    /// them), each wrapped at every width from 1 to 12: every line fits
    /// or is one word, no line is blank, and the words are all there, in
    /// order.
    #[test]
    fn wrapping_keeps_every_word_and_fits() {
        let mut seed = 7u32;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % n
        };
        for _ in 0..2000 {
            let text: String = (0..next(40))
                .map(|_| ['a', 'b', '\u{e9}', '\u{4e2d}', ' ', ' '][next(6) as usize])
                .collect();
            for width in 1..=12 {
                let lines = wrap(&text, width, width);
                for l in &lines {
                    assert!(
                        l.chars().count() <= width || !l.trim().contains(' '),
                        "{text:?} {width}: {l:?}"
                    );
                }
                let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
                let again: Vec<&str> = lines
                    .iter()
                    .flat_map(|l| l.split(' '))
                    .filter(|w| !w.is_empty())
                    .collect();
                assert_eq!(words, again, "{text:?} {width}: {lines:?}");
                if lines.len() > 1 {
                    assert!(
                        lines.iter().all(|l| !l.trim().is_empty()),
                        "{text:?} {width}: {lines:?}"
                    );
                }
            }
        }
    }

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
