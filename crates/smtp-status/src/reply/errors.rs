//! What went wrong ([`ParseError`]) and what was odd but accepted ([`Warning`]).

use core::fmt;

/// What was wrong, and where.
///
/// ```
/// let err = smtp_status::reply::parse(b"250-ok\r\n25x ok\r\n").unwrap_err();
/// assert_eq!(err.offset(), 8);
/// assert_eq!(err.to_string(), "invalid reply code at byte 8");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    kind: ErrorKind,
    offset: usize,
}

impl ParseError {
    pub(super) const fn new(kind: ErrorKind, offset: usize) -> ParseError {
        ParseError { kind, offset }
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
        self.kind
    }
}

/// The kinds of [`ParseError`].
///
/// ```
/// use smtp_status::reply::{ErrorKind, Options};
/// let err = Options::strict().parse_complete(b"250 ok\n").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::BareLineFeed);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
// A word, like the other fields of `ParseError` and `Reply`: in a
// `Result<Reply, ParseError>` the two then share word boundaries, so the
// result is kept and moved as four words, not split byte by byte.
#[repr(u64)]
pub enum ErrorKind {
    /// The input ends inside the reply (from a complete parse).
    Incomplete,
    /// A line does not start with three digits, the first 2 to 5.
    InvalidCode,
    /// After the code comes neither `SP`, `-` nor the line end (strict), or
    /// something that is not text (lenient: a control character).
    InvalidSeparator,
    /// Strict: a line ends in LF without CR.
    BareLineFeed,
    /// Strict: a CR inside a line, or a control character in the text.
    InvalidText,
    /// Strict: `SP` after the code but no text.
    MissingText,
    /// A line is longer than [`Options::max_line_len`](super::Options::max_line_len).
    LineTooLong,
    /// The reply has more lines than [`Options::max_lines`](super::Options::max_lines).
    TooManyLines,
}

impl ErrorKind {
    /// A short description.
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::ErrorKind::LineTooLong.as_str(), "line too long");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Incomplete => "incomplete reply",
            ErrorKind::InvalidCode => "invalid reply code",
            ErrorKind::InvalidSeparator => "invalid separator after the reply code",
            ErrorKind::BareLineFeed => "line ends in LF without CR",
            ErrorKind::InvalidText => "invalid character in the text",
            ErrorKind::MissingText => "SP after the reply code but no text",
            ErrorKind::LineTooLong => "line too long",
            ErrorKind::TooManyLines => "too many lines in one reply",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

impl core::error::Error for ParseError {}

/// Something odd that the parser accepted and reports.
///
/// ```
/// use smtp_status::reply::{self, Warning};
/// let r = reply::parse(b"550-Mailbox unavailable\r\n550 5.1.1 User unknown\r\n")?;
/// assert_eq!(r.warnings().collect::<Vec<_>>(), [Warning::EnhancedOnLastLineOnly]);
/// assert_eq!(Warning::EnhancedOnLastLineOnly.to_string(),
///     "the enhanced code is on the last line only");
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Warning {
    /// Lines carry different reply codes; the first line's is the reply's.
    CodeMismatch,
    /// The enhanced code's class disagrees with the reply code's first
    /// digit (`450 5.7.1`), or the reply is `3yz` and carries one.
    ClassMismatch,
    /// Lines carry different enhanced codes; the first is the reply's.
    EnhancedMismatch,
    /// Some lines carry an enhanced code, others do not.
    EnhancedOnSomeLines,
    /// Only the last line of a multiline reply carries the enhanced code.
    EnhancedOnLastLineOnly,
    /// The enhanced code is followed by a colon (`5.1.1: User unknown`).
    EnhancedFollowedByColon,
    /// A line ends in LF without CR.
    BareLineFeed,
    /// `SP` after the code but no text, or `-` with no text.
    MissingText,
    /// After the code comes a character other than `SP` or `-`.
    OddSeparator,
    /// A line ends in spaces or tabs.
    TrailingWhitespace,
    /// The last line ended at the end of the input without a line ending.
    MissingLineEnding,
}

const WARNINGS: [Warning; 11] = [
    Warning::CodeMismatch,
    Warning::ClassMismatch,
    Warning::EnhancedMismatch,
    Warning::EnhancedOnSomeLines,
    Warning::EnhancedOnLastLineOnly,
    Warning::EnhancedFollowedByColon,
    Warning::BareLineFeed,
    Warning::MissingText,
    Warning::OddSeparator,
    Warning::TrailingWhitespace,
    Warning::MissingLineEnding,
];

impl Warning {
    /// A short description.
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::Warning::BareLineFeed.as_str(), "a line ends in LF without CR");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Warning::CodeMismatch => "lines carry different reply codes",
            Warning::ClassMismatch => {
                "the enhanced code's class disagrees with the reply code's first digit"
            }
            Warning::EnhancedMismatch => "lines carry different enhanced codes",
            Warning::EnhancedOnSomeLines => "some lines carry an enhanced code, others do not",
            Warning::EnhancedOnLastLineOnly => "the enhanced code is on the last line only",
            Warning::EnhancedFollowedByColon => "the enhanced code is followed by a colon",
            Warning::BareLineFeed => "a line ends in LF without CR",
            Warning::MissingText => "no text after the reply code",
            Warning::OddSeparator => "the reply code is followed by neither SP nor '-'",
            Warning::TrailingWhitespace => "a line ends in whitespace",
            Warning::MissingLineEnding => "the last line has no line ending",
        }
    }

    pub(super) const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

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
        while let Some(w) = WARNINGS.get(self.next) {
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
