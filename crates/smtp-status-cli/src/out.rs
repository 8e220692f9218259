//! Everything the command writes to stdout goes through [`Printer`]: one
//! item at a time, through a locked, buffered stdout, either as a JSON Lines
//! object (`--json`) or as text for people.
//!
//! Text from the input is data, not terminal commands: every human line is
//! passed through [`escape`], every JSON string through [`HazardEscaping`]
//! (the same set of characters, `smtp_status::hazard`), and colours come
//! only from here, only on a terminal, and never with `NO_COLOR` set.

use std::io::{self, BufWriter, Write};

use crate::progress::Terminal;

/// Writes items as they are explained, to stdout (through
/// [`Terminal`], which keeps `bounce`'s progress line off the report) or
/// (`bounce`'s parallel workers) to another writer.
pub struct Printer<W: Write = Terminal> {
    w: BufWriter<W>,
    color: bool,
    /// JSON Lines instead of text.
    pub json: bool,
}

pub use smtp_status_explain::human::{Block, Shown, escape};
use smtp_status_explain::human::{HANG, lay_out};

impl Printer {
    pub fn new(json: bool, color: bool) -> Printer {
        Printer::to(Terminal, json, color)
    }
}

impl<W: Write> Printer<W> {
    pub fn to(w: W, json: bool, color: bool) -> Printer<W> {
        Printer {
            w: BufWriter::new(w),
            color: color && !json,
            json,
        }
    }

    /// Whether text is coloured.
    pub fn color(&self) -> bool {
        self.color
    }

    /// Bytes another printer formatted (`bounce`'s parallel workers).
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.w.write_all(bytes)
    }

    /// The writer, flushed.
    pub fn into_inner(self) -> io::Result<W> {
        self.w.into_inner().map_err(io::IntoInnerError::into_error)
    }

    /// One JSON Lines object, hazards escaped ([`write_json`]).
    pub fn json<T: serde::Serialize>(&mut self, value: &T) -> io::Result<()> {
        write_json(&mut self.w, value)?;
        self.w.write_all(b"\n")
    }

    /// One line of text, escaped, wrapped at 80 columns (continuation
    /// lines indented by [`HANG`]).
    pub fn line(&mut self, text: &str, style: Shown) -> io::Result<()> {
        lay_out(text, "", HANG, |lead, text| {
            self.lead_and(lead, text, style)
        })
    }

    /// A title line and its rows, keys aligned, values wrapped at 80
    /// columns under the value column ([`Block::lay_out`]).
    pub fn block(&mut self, block: &Block) -> io::Result<()> {
        block.lay_out(|lead, text, shown| self.lead_and(lead, text, shown))
    }

    /// One laid-out line: its lead plain, its text (already escaped) in
    /// bold (a title), yellow (a warning) or plain.
    fn lead_and(&mut self, lead: &str, text: &str, shown: Shown) -> io::Result<()> {
        self.w.write_all(lead.as_bytes())?;
        match (self.color, shown) {
            (false, _) | (true, Shown::Plain) => self.w.write_all(text.as_bytes())?,
            (true, Shown::Title) => write!(self.w, "\x1b[1m{text}\x1b[0m")?,
            (true, Shown::Warn) => write!(self.w, "\x1b[33m{text}\x1b[0m")?,
        }
        self.w.write_all(b"\n")
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// `value` as compact JSON, every hazard in its strings written as `\uXXXX`.
pub fn write_json<W: Write, T: serde::Serialize + ?Sized>(w: &mut W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, HazardEscaping);
    serde::Serialize::serialize(value, &mut ser).map_err(io::Error::from)
}

/// serde_json's compact format, but with every hazard
/// ([`smtp_status::hazard::is_hazard`], the set text output escapes too)
/// written as a `\u009b` escape. serde_json escapes only `"`, `\` and the
/// characters below U+0020 (as `\n`, `\u001b`); DEL, the C1 controls and
/// the bidirectional characters would reach a reader raw, and a terminal
/// showing the JSON would obey them.
pub struct HazardEscaping;

impl serde_json::ser::Formatter for HazardEscaping {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = smtp_status::hazard::find_hazard(rest) {
            w.write_all(&rest.as_bytes()[..at])?;
            for unit in c.encode_utf16(&mut [0; 2]) {
                let hex = |shift: u16| b"0123456789abcdef"[usize::from(*unit >> shift & 0xf)];
                w.write_all(&[b'\\', b'u', hex(12), hex(8), hex(4), hex(0)])?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &impl serde::Serialize) -> String {
        let mut out = Vec::new();
        write_json(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn hazards_in_strings_and_keys_are_escaped() {
        let value = serde_json::json!({ "k\u{202e}": ["a\u{9b}31m\u{7f}b\u{200f}\u{61c}\u{1b}c"] });
        assert_eq!(
            json(&value),
            r#"{"k\u202e":["a\u009b31m\u007fb\u200f\u061c\u001bc"]}"#
        );
    }

    /// Every character of Unicode in one string: each written raw exactly
    /// when it is no hazard, the whole read back the same.
    #[test]
    fn escapes_exactly_the_hazard_set() {
        let all: String = (0..=0x10ffff).filter_map(char::from_u32).collect();
        let got = json(&all);
        assert_eq!(serde_json::from_str::<String>(&got).unwrap(), all);
        let mut raw = vec![false; 0x110000];
        for c in got.chars() {
            raw[c as usize] = true;
        }
        let mut escaped = 0;
        for c in all.chars() {
            let hazard = smtp_status::hazard::is_hazard(c);
            assert_eq!(raw[c as usize], !hazard, "U+{:04X}", c as u32);
            escaped += usize::from(hazard);
        }
        // 65 control characters and 12 bidirectional ones.
        assert_eq!(escaped, 77);
    }
}
