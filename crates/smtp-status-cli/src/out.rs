//! Everything the command writes to stdout goes through [`Printer`]: one
//! item at a time, through a locked, buffered stdout, either as a JSON Lines
//! object (`--json`) or as text for people.
//!
//! Text from the input is data, not terminal commands: every human line is
//! passed through [`escape`], and colours come only from here, only on a
//! terminal, and never with `NO_COLOR` set.

use std::borrow::Cow;
use std::io::{self, BufWriter, StdoutLock, Write};

/// Writes items as they are explained.
pub struct Printer {
    w: BufWriter<StdoutLock<'static>>,
    color: bool,
    /// JSON Lines instead of text.
    pub json: bool,
}

/// How a line or a value is shown on a terminal.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Bold,
    Warn,
}

/// A titled table of `key  value` rows: one explained item.
pub struct Block {
    pub title: String,
    pub rows: Vec<Row>,
}

/// One row of a [`Block`].
pub struct Row {
    pub key: &'static str,
    pub value: String,
    pub style: Style,
}

impl Row {
    pub fn new(key: &'static str, value: impl Into<String>) -> Row {
        Row {
            key,
            value: value.into(),
            style: Style::Plain,
        }
    }
    pub fn warn(key: &'static str, value: impl Into<String>) -> Row {
        Row {
            style: Style::Warn,
            ..Row::new(key, value)
        }
    }
}

impl Printer {
    pub fn new(json: bool, color: bool) -> Printer {
        Printer {
            w: BufWriter::new(io::stdout().lock()),
            color: color && !json,
            json,
        }
    }

    /// One JSON Lines object.
    pub fn json<T: serde::Serialize>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.w, value).map_err(io::Error::from)?;
        self.w.write_all(b"\n")
    }

    /// One line of text, escaped.
    pub fn line(&mut self, text: &str, style: Style) -> io::Result<()> {
        self.styled(text, style)?;
        self.w.write_all(b"\n")
    }

    /// A title line and its rows, keys aligned.
    pub fn block(&mut self, block: &Block) -> io::Result<()> {
        self.line(&block.title, Style::Bold)?;
        let width = block.rows.iter().map(|r| r.key.len()).max().unwrap_or(0);
        for row in &block.rows {
            write!(self.w, "  {:<width$}  ", row.key)?;
            self.line(&row.value, row.style)?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }

    fn styled(&mut self, text: &str, style: Style) -> io::Result<()> {
        let text = escape(text);
        match (self.color, style) {
            (false, _) | (true, Style::Plain) => self.w.write_all(text.as_bytes()),
            (true, Style::Bold) => write!(self.w, "\x1b[1m{text}\x1b[0m"),
            (true, Style::Warn) => write!(self.w, "\x1b[33m{text}\x1b[0m"),
        }
    }
}

/// Text with every control character shown as an escape instead of sent to
/// the terminal: `\r`, `\n`, `\t`, `\x1b` (ESC), `\x00`, `\x7f`, C1 controls
/// as `\u{9b}`, and the bidirectional overrides and isolates (U+202A to
/// U+202E, U+2066 to U+2069) that reorder what is shown.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && needs_escape(c) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn controls_are_shown_escaped() {
        assert_eq!(escape("plain text: <a@b>"), "plain text: <a@b>");
        assert_eq!(escape("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(escape("a\rb\0c\x7f"), "a\\rb\\x00c\\x7f");
        assert_eq!(escape("\u{9b}31m\u{85}"), "\\u{9b}31m\\u{85}");
        assert_eq!(escape("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
        assert_eq!(escape("caf\u{e9}"), "caf\u{e9}");
    }
}
