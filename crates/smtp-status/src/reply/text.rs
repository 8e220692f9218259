//! [`Text`]: a line's text, shown whatever its bytes.

use core::fmt;

/// The text of a reply's line, as [`Reply::str_lines`](super::Reply::str_lines)
/// gives it. RFC 5321 text is ASCII and SMTPUTF8 servers send UTF-8, but a
/// server may send any byte: [`Text::to_str`] gives the `&str` when the
/// text is UTF-8, and `Display` always writes it, each byte sequence that
/// is not UTF-8 as U+FFFD (as `String::from_utf8_lossy`, without
/// allocating). `Debug` writes it quoted, such bytes as `\xNN`.
///
/// ```
/// let r = smtp_status::reply::parse(b"250-caf\xc3\xa9\r\n250 \xffok\r\n")?;
/// let lines: Vec<_> = r.str_lines().collect();
/// assert_eq!(lines[0].to_str(), Some("caf\u{e9}"));
/// assert_eq!(lines[1].to_str(), None);
/// assert_eq!(format!("{} / {}", lines[0], lines[1]), "caf\u{e9} / \u{fffd}ok");
/// assert_eq!(format!("{:?}", lines[1]), r#""\xFFok""#);
/// assert!(lines[0] == "caf\u{e9}" && lines[1].as_bytes() == b"\xffok");
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Text<'a>(&'a [u8]);

impl<'a> Text<'a> {
    /// The text of these bytes.
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::Text::new(b"ok").to_string(), "ok");
    /// ```
    pub const fn new(bytes: &'a [u8]) -> Text<'a> {
        Text(bytes)
    }

    /// The bytes, as the server sent them.
    pub const fn as_bytes(self) -> &'a [u8] {
        self.0
    }

    /// The text as `&str`, if it is UTF-8.
    pub const fn to_str(self) -> Option<&'a str> {
        match core::str::from_utf8(self.0) {
            Ok(s) => Some(s),
            Err(_) => None,
        }
    }
}

/// U+FFFD for each byte sequence that is not UTF-8.
impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{FFFD}")?;
            }
        }
        Ok(())
    }
}

/// Quoted, escaped as `str`'s `Debug`, bytes that are not UTF-8 as `\xNN`.
impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for chunk in self.0.utf8_chunks() {
            for c in chunk.valid().chars() {
                fmt::Display::fmt(&c.escape_debug(), f)?;
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02X}")?;
            }
        }
        f.write_str("\"")
    }
}

/// Equal when the bytes are the string's.
impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other.as_bytes()
    }
}

/// Equal when the bytes are the string's.
impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == other.as_bytes()
    }
}
