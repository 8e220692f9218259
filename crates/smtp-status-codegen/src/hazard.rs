//! Characters that must never reach generated code, rendered docs or a
//! terminal raw: control characters (ESC starts terminal sequences) and the
//! bidirectional controls that reorder how source reads (CVE-2021-42574;
//! rustc refuses them in comments and literals). The set is
//! [`is_hazard`], defined once in `crates/smtp-status/src/hazard.rs` and
//! compiled here from that file, so the generator and the runtime's text
//! and JSON output escape the same characters.
//!
//! Registry text keeps them as data; everything the generator prints shows
//! them escaped (`\x1b`, `\u{202e}`), and [`check`] refuses a generated file
//! that still holds one.

use crate::{Error, File};
use std::borrow::Cow;
use std::fmt::Write;

// The one set, shared with the runtime: the core crate's file, compiled
// here too (the generator never depends on the crate it generates).
#[path = "../../smtp-status/src/hazard.rs"]
mod set;
pub use set::{find_hazard, is_hazard};

/// `s` with every hazard written as an escape: `\x1b` below U+0100,
/// `\u{202e}` above.
pub fn escape(s: &str) -> Cow<'_, str> {
    if find_hazard(s).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !is_hazard(c) => out.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// Refuses a generated file that holds a hazard other than its line ends:
/// the registry text it came from was not escaped somewhere, and the crate
/// would not build (or would show the character raw).
pub fn check(file: &File) -> Result<(), Error> {
    for (i, line) in file.text.split('\n').enumerate() {
        if let Some(c) = line.chars().find(|&c| is_hazard(c)) {
            return Err(Error::at(
                &file.path,
                i + 1,
                format!(
                    "generated text holds U+{:04X}, a control or bidirectional character, \
                     unescaped; refusing to write code that would not build",
                    c as u32
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_only() {
        assert_eq!(escape("plain café"), "plain café");
        assert_eq!(escape("a\u{1b}[2Jb\u{7}"), "a\\x1b[2Jb\\x07");
        assert_eq!(escape("\u{202e}evil\u{2066}"), "\\u{202e}evil\\u{2066}");
        assert_eq!(escape("c1\u{9b}"), "c1\\x9b");
    }

    #[test]
    fn check_names_file_and_line() {
        let file = File {
            path: "gen.rs".into(),
            text: "ok\n/// a \u{202e}b\n".into(),
        };
        let err = check(&file).unwrap_err().to_string();
        assert!(
            err.starts_with("gen.rs:2: generated text holds U+202E"),
            "{err}"
        );
        let ok = File {
            path: "gen.rs".into(),
            text: "ok\n\\u{202e}\n".into(),
        };
        assert!(check(&ok).is_ok());
    }
}
