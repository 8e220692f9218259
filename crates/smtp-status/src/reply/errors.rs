//! What went wrong ([`ParseError`]) and what was odd but accepted ([`Warning`]).

use core::fmt;

/// An enum whose variants each have a short description: the enum, its
/// `ALL` list and `as_str` from one list, so they cannot drift apart.
macro_rules! listed {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            #[doc = concat!("Every `", stringify!($name), "`, in declaration order.")]
            ///
            /// ```
            #[doc = concat!("use smtp_status::reply::", stringify!($name), ";")]
            #[doc = concat!("for (i, x) in ", stringify!($name), "::ALL.iter().enumerate() {")]
            #[doc = concat!("    assert_eq!(*x as usize, i);")]
            /// }
            /// ```
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The variant's name, as written in Rust.
            #[cfg_attr(not(feature = "serde"), allow(dead_code))]
            pub(crate) const fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => stringify!($variant), )*
                }
            }

            /// A short description.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )*
                }
            }
        }
    };
}

/// What was wrong, and where.
///
/// ```
/// let err = smtp_status::reply::parse(b"250-ok\r\n25x ok\r\n").unwrap_err();
/// assert_eq!(err.offset(), 8);
/// assert_eq!(err.to_string(), "invalid reply code at byte 8");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// The kind's place in [`ErrorKind::ALL`], as a word like the other
    /// fields of `ParseError` and `Reply`: a `Result<Reply, ParseError>`
    /// is then moved as four words, not assembled byte by byte (callgrind:
    /// 5% more instructions over the benchmark's corpus with a byte here).
    kind: u64,
    offset: usize,
}

impl ParseError {
    pub(super) const fn new(kind: ErrorKind, offset: usize) -> ParseError {
        ParseError {
            kind: kind as u64,
            offset,
        }
    }

    /// The byte offset in the input where the problem is.
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::parse(b"").unwrap_err().offset(), 0);
    /// ```
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What kind of problem.
    ///
    /// ```
    /// use smtp_status::reply::ErrorKind;
    /// assert_eq!(smtp_status::reply::parse(b"").unwrap_err().kind(), ErrorKind::Incomplete);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::ALL[self.kind as usize]
    }
}

listed! {
    /// The kinds of [`ParseError`].
    ///
    /// ```
    /// use smtp_status::reply::{ErrorKind, Options};
    /// let err = Options::strict().parse_complete(b"250 ok\n").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::BareLineFeed);
    /// assert_eq!(ErrorKind::LineTooLong.as_str(), "line too long");
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum ErrorKind {
        /// The input ends inside the reply (from a complete parse).
        Incomplete => "incomplete reply",
        /// A line does not start with three digits, the first 2 to 5.
        InvalidCode => "invalid reply code",
        /// After the code comes neither `SP`, `-` nor the line end (strict), or
        /// something that is not text (lenient: a control character).
        InvalidSeparator => "invalid separator after the reply code",
        /// Strict: a line ends in LF without CR.
        BareLineFeed => "line ends in LF without CR",
        /// Strict: a CR inside a line, or a control character in the text.
        InvalidText => "invalid character in the text",
        /// Strict: `SP` after the code but no text.
        MissingText => "SP after the reply code but no text",
        /// A line is longer than [`Options::max_line_len`](super::Options::max_line_len).
        LineTooLong => "line too long",
        /// The reply has more lines than [`Options::max_lines`](super::Options::max_lines).
        TooManyLines => "too many lines in one reply",
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind(), self.offset)
    }
}

/// Shows the kind by name.
impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParseError")
            .field("kind", &self.kind())
            .field("offset", &self.offset)
            .finish()
    }
}

impl core::error::Error for ParseError {}

listed! {
    /// Something odd that the parser accepted and reports.
    ///
    /// `#[non_exhaustive]`: new warnings come in minor releases, so a
    /// `match` needs a `_` arm.
    ///
    /// ```
    /// use smtp_status::reply::{self, Warning};
    /// let r = reply::parse(b"550-Mailbox unavailable\r\n550 5.1.1 User unknown\r\n")?;
    /// assert_eq!(r.warnings().collect::<Vec<_>>(), [Warning::EnhancedOnLastLineOnly]);
    /// assert_eq!(Warning::EnhancedOnLastLineOnly.to_string(),
    ///     "the enhanced code is on the last line only");
    /// assert_eq!(Warning::BareLineFeed.as_str(), "a line ends in LF without CR");
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum Warning {
        /// Lines carry different reply codes; the first line's is the reply's.
        CodeMismatch => "lines carry different reply codes",
        /// The enhanced code's class disagrees with the reply code's first
        /// digit (`450 5.7.1`), or the reply is `3yz` and carries one.
        ClassMismatch => "the enhanced code's class disagrees with the reply code's first digit",
        /// Lines carry different enhanced codes; the first is the reply's.
        EnhancedMismatch => "lines carry different enhanced codes",
        /// Some lines carry an enhanced code, others do not.
        EnhancedOnSomeLines => "some lines carry an enhanced code, others do not",
        /// Only the last line of a multiline reply carries the enhanced code.
        EnhancedOnLastLineOnly => "the enhanced code is on the last line only",
        /// The enhanced code is followed by a colon (`5.1.1: User unknown`).
        EnhancedFollowedByColon => "the enhanced code is followed by a colon",
        /// A line ends in LF without CR.
        BareLineFeed => "a line ends in LF without CR",
        /// `SP` after the code but no text, or `-` with no text.
        MissingText => "no text after the reply code",
        /// After the code comes a character other than `SP` or `-`.
        OddSeparator => "the reply code is followed by neither SP nor '-'",
        /// A line ends in spaces or tabs.
        TrailingWhitespace => "a line ends in whitespace",
        /// The last line ended at the end of the input without a line ending.
        MissingLineEnding => "the last line has no line ending",
        /// Lenient: the text holds a control character other than HT (ESC,
        /// NUL, DEL, a CR inside the line) or a C1 control (U+0080 to
        /// U+009F) written in UTF-8. Printed to a terminal as they are, these
        /// can redraw the screen: escape the text before showing it.
        ControlCharacter => "the text holds a control character",
    }
}

impl Warning {
    pub(super) const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

// Every warning has a bit of the `u16` that a `Reply` keeps.
const _: () = assert!(Warning::ALL.len() <= 16);

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The warnings of a reply, in a fixed order.
///
/// ```
/// let r = smtp_status::reply::parse(b"250 ok")?;
/// assert_eq!(r.warnings().count(), 1); // no line ending
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Warnings {
    bits: u16,
    next: usize,
}

impl Warnings {
    pub(super) const fn new(bits: u16) -> Warnings {
        Warnings { bits, next: 0 }
    }
}

impl Iterator for Warnings {
    type Item = Warning;
    fn next(&mut self) -> Option<Warning> {
        while let Some(w) = Warning::ALL.get(self.next) {
            self.next += 1;
            if self.bits & w.bit() != 0 {
                return Some(*w);
            }
        }
        None
    }
}

pub(super) fn err<T>(kind: ErrorKind, offset: usize) -> Result<T, ParseError> {
    Err(ParseError::new(kind, offset))
}
