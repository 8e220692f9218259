//! Everything the command writes to stdout goes through [`Printer`]: one
//! item at a time, through a locked, buffered stdout, either as a JSON Lines
//! object (`--json`) or as text for people.
//!
//! Text from the input is data, not terminal commands: every human line is
//! passed through [`escape`], and colours come only from here, only on a
//! terminal, and never with `NO_COLOR` set.

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

pub use smtp_status_explain::human::{Block, escape};

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
        let width = block.key_width();
        for row in &block.rows {
            write!(self.w, "  {:<width$}  ", row.key)?;
            let style = if row.warn { Style::Warn } else { Style::Plain };
            self.line(&row.value, style)?;
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
