//! A zero-copy, allocation-free parser for SMTP replies (RFC 5321 section
//! 4.2), with the enhanced status code of RFC 2034 when one leads the text.
//!
//! - [`parse`]: one complete reply, lenient.
//! - [`Options::parse`]: streaming; says [`Status::Incomplete`] when the
//!   buffer ends inside a reply.
//! - [`Options::replies`]: pipelined replies, one by one.
//!
//! Every line is bounded ([`Options::max_line_len`], 512 octets by default
//! as RFC 5321 section 4.5.3.1.5 says) and so is the number of lines
//! ([`Options::max_lines`]), so hostile input cannot make a caller buffer
//! grow without end. What is odd but accepted is reported as a [`Warning`].
//!
//! ```
//! use smtp_status::reply::{self, Warning};
//! use smtp_status::{RegisteredCode, ReplyCode};
//!
//! let r = reply::parse(b"550-5.7.26 Unauthenticated email is not accepted\r\n550 5.7.26 from this domain.\r\n")?;
//! assert_eq!(r.code(), ReplyCode::new(550).unwrap());
//! assert_eq!(r.enhanced().unwrap().to_string(), "5.7.26");
//! assert_eq!(r.registered(), Some(RegisteredCode::MultipleAuthenticationChecksFailed));
//! let lines: Vec<&[u8]> = r.lines().collect();
//! assert_eq!(lines, [&b"Unauthenticated email is not accepted"[..], b"from this domain."]);
//! assert_eq!(r.warnings().count(), 0);
//!
//! let r = reply::parse(b"450 5.7.1 try later\r\n")?;
//! assert_eq!(r.warnings().collect::<Vec<_>>(), [Warning::ClassMismatch]);
//! # Ok::<(), smtp_status::reply::ParseError>(())
//! ```

use core::fmt;

use crate::code::{class_of, part};
use crate::{EnhancedCode, RegisteredCode, ReplyCode};

/// The line limit of RFC 5321 section 4.5.3.1.5: 512 octets with the CRLF.
pub const RFC5321_MAX_LINE_LEN: usize = 512;

/// How to parse: strict or lenient, the line limit, whether to look for
/// enhanced status codes.
///
/// ```
/// use smtp_status::reply::{Options, Status};
/// let opts = Options::strict();
/// match opts.parse(b"250-mx.example.com\r\n250 SIZE")? {
///     Status::Incomplete { needed } => assert!(needed >= 1),
///     Status::Complete(_) => unreachable!(),
/// }
/// assert!(opts.parse(b"250 ok\n").is_err()); // bare LF is not CRLF
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Follow RFC 5321 exactly (CRLF, `SP` or `-` after the code, text of
    /// HT, SP and visible characters or UTF-8) instead of accepting what
    /// real servers send (bare LF, a missing text, other separators).
    pub strict: bool,
    /// The longest line accepted, line ending included. Default 512.
    pub max_line_len: usize,
    /// The most lines in one reply. Default 128.
    pub max_lines: usize,
    /// Look for an RFC 2034 enhanced status code at the start of the text.
    /// Set it from whether EHLO advertised `ENHANCEDSTATUSCODES`; default on.
    pub enhanced_codes: bool,
}

/// The parser: the same as [`Options`] (named for readability at call sites).
///
/// ```
/// use smtp_status::reply::Parser;
/// let r = Parser::lenient().parse_complete(b"250 OK")?;
/// assert_eq!(r.code().as_u16(), 250);
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
pub type Parser = Options;

impl Default for Options {
    fn default() -> Self {
        Options::lenient()
    }
}

impl Options {
    /// RFC 5321 exactly.
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// assert!(Options::strict().strict);
    /// ```
    pub const fn strict() -> Options {
        Options {
            strict: true,
            max_line_len: RFC5321_MAX_LINE_LEN,
            max_lines: 128,
            enhanced_codes: true,
        }
    }

    /// What real servers send: bare LF, trailing spaces, a missing text.
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// assert!(Options::lenient().parse_complete(b"250\n").is_ok());
    /// ```
    pub const fn lenient() -> Options {
        Options {
            strict: false,
            ..Options::strict()
        }
    }

    /// The same with another line limit (line ending included).
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// assert!(Options::lenient().max_line_len(8).parse_complete(b"250 a long line\r\n").is_err());
    /// ```
    pub const fn max_line_len(mut self, len: usize) -> Options {
        self.max_line_len = len;
        self
    }

    /// The same with another limit on lines per reply.
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// assert!(Options::lenient().max_lines(1).parse_complete(b"250-a\r\n250 b\r\n").is_err());
    /// ```
    pub const fn max_lines(mut self, n: usize) -> Options {
        self.max_lines = n;
        self
    }

    /// The same, looking for enhanced codes or not (after EHLO, whether
    /// the server advertised `ENHANCEDSTATUSCODES`).
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// let r = Options::lenient().enhanced_codes(false).parse_complete(b"550 5.1.1 no")?;
    /// assert!(r.enhanced().is_none());
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub const fn enhanced_codes(mut self, on: bool) -> Options {
        self.enhanced_codes = on;
        self
    }

    /// Streaming: parses the reply at the start of `buf`, or says that the
    /// buffer ends inside it. [`Reply::len`] is how many bytes it took.
    ///
    /// ```
    /// use smtp_status::reply::{Options, Status};
    /// let opts = Options::lenient();
    /// assert!(matches!(opts.parse(b"354 go ahead\r")?, Status::Incomplete { .. }));
    /// let Status::Complete(r) = opts.parse(b"354 go ahead\r\n250 next")? else { panic!() };
    /// assert_eq!(r.len(), 14);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn parse<'a>(&self, buf: &'a [u8]) -> Result<Status<Reply<'a>>, ParseError> {
        parse_at(self, buf, 0, false)
    }

    /// Parses one reply from input that is complete: the end of `buf` also
    /// ends the last line (in lenient mode; strict mode wants the CRLF).
    /// Bytes after the reply are left alone; [`Reply::len`] says where it ended.
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// let r = Options::lenient().parse_complete(b"550 5.1.1 User unknown")?;
    /// assert_eq!(r.enhanced().unwrap().to_string(), "5.1.1");
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    #[inline(always)]
    pub fn parse_complete<'a>(&self, buf: &'a [u8]) -> Result<Reply<'a>, ParseError> {
        // `parse_at`'s two steps, spelled out so that the fast path's reply
        // is returned as it is, not wrapped in `Status` and unwrapped.
        if let Some(r) = parse_fast(self, buf, 0) {
            return Ok(r);
        }
        match parse_full(self, buf, 0, !self.strict)? {
            Status::Complete(r) => Ok(r),
            Status::Incomplete { .. } => Err(ParseError {
                kind: ErrorKind::Incomplete,
                offset: buf.len(),
            }),
        }
    }

    /// The replies in `buf`, one by one (pipelining). The iterator stops at
    /// the first error; [`Replies::remainder`] gives what was not consumed.
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// let codes: Vec<u16> = Options::lenient()
    ///     .replies(b"250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n")
    ///     .map(|r| r.unwrap().code().as_u16())
    ///     .collect();
    /// assert_eq!(codes, [250, 250, 354]);
    /// ```
    pub fn replies<'a>(&self, buf: &'a [u8]) -> Replies<'a> {
        Replies {
            options: *self,
            buf,
            pos: 0,
            done: false,
            streaming: false,
        }
    }

    /// Like [`Options::replies`], but a reply cut off by the end of `buf` is
    /// left in [`Replies::remainder`] instead of parsed: for a read buffer.
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// let mut it = Options::lenient().replies_streaming(b"250 Ok\r\n250-mx\r\n250 SI");
    /// assert_eq!(it.next().unwrap().unwrap().code().as_u16(), 250);
    /// assert!(it.next().is_none());
    /// assert_eq!(it.remainder(), b"250-mx\r\n250 SI");
    /// ```
    pub fn replies_streaming<'a>(&self, buf: &'a [u8]) -> Replies<'a> {
        Replies {
            streaming: true,
            ..self.replies(buf)
        }
    }
}

/// One complete, lenient parse of the reply at the start of `input`; bytes
/// after it are left alone ([`Reply::len`]).
///
/// ```
/// let r = smtp_status::reply::parse(b"421 4.7.0 Try again later, closing connection.\r\n")?;
/// assert_eq!(r.code().as_u16(), 421);
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[inline(always)]
pub fn parse(input: &[u8]) -> Result<Reply<'_>, ParseError> {
    Options::lenient().parse_complete(input)
}

/// The result of a streaming parse.
///
/// ```
/// use smtp_status::reply::{Options, Status};
/// assert_eq!(Options::lenient().parse(b"25")?.is_complete(), false);
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status<T> {
    /// A whole reply.
    Complete(T),
    /// The buffer ends inside a reply.
    Incomplete {
        /// At least this many more bytes are needed (a lower bound, 1 or more).
        needed: usize,
    },
}

impl<T> Status<T> {
    /// Whether it is [`Status::Complete`].
    ///
    /// ```
    /// use smtp_status::reply::Status;
    /// assert!(Status::Complete(1).is_complete());
    /// ```
    pub fn is_complete(&self) -> bool {
        matches!(self, Status::Complete(_))
    }
}

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
    /// A line is longer than [`Options::max_line_len`].
    LineTooLong,
    /// The reply has more lines than [`Options::max_lines`].
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

    const fn bit(self) -> u16 {
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

/// One parsed reply, borrowing its bytes.
///
/// ```
/// let r = smtp_status::reply::parse(b"250-mx.example.com Hello\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES\r\n")?;
/// assert_eq!(r.line_count(), 3);
/// assert_eq!(r.lines().nth(1), Some(&b"PIPELINING"[..]));
/// assert_eq!(r.to_string(), "250-mx.example.com Hello\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES\r\n");
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Reply<'a> {
    bytes: &'a [u8],
    /// The line count (low 32 bits), the reply code (the next 16) and the
    /// warnings' bits (the high 16). With `enhanced`, this makes a `Reply`
    /// four words, which move and return as four stores, where separate
    /// small fields were assembled byte by byte.
    meta: u64,
    /// The enhanced code from [`pack`] (0 for none), and [`LOOKED`] when
    /// the parse looked for enhanced codes.
    enhanced: u64,
}

/// [`Reply::enhanced`]'s bit for "the parse looked for enhanced codes".
const LOOKED: u64 = 1 << 63;

/// An enhanced code as one number: the class's digit in the low byte,
/// the subject from bit 16, the detail from bit 32. Never 0.
#[inline(always)]
const fn pack(e: EnhancedCode) -> u64 {
    e.class() as u64 | (e.subject() as u64) << 16 | (e.detail() as u64) << 32
}

/// The subject and detail of a [`pack`]ed code.
#[inline(always)]
const fn packed_parts(v: u64) -> (u16, u16) {
    ((v >> 16) as u16, (v >> 32) as u16)
}

/// [`pack`] reversed; 0 (or any number whose low byte is not a class) is
/// no code.
#[inline(always)]
const fn unpack(v: u64) -> Option<EnhancedCode> {
    let class = match v as u8 {
        2 => crate::Class::Success,
        4 => crate::Class::PersistentTransientFailure,
        5 => crate::Class::PermanentFailure,
        _ => return None,
    };
    let (subject, detail) = packed_parts(v);
    Some(EnhancedCode::new_unchecked(class, subject, detail))
}

impl<'a> Reply<'a> {
    /// Puts the parts of a reply into its words.
    #[inline(always)]
    fn new(
        bytes: &'a [u8],
        code: ReplyCode,
        enhanced: u64,
        warnings: u16,
        line_count: u32,
        enhanced_codes: bool,
    ) -> Reply<'a> {
        Reply {
            bytes,
            meta: line_count as u64 | (code.as_u16() as u64) << 32 | (warnings as u64) << 48,
            enhanced: enhanced | if enhanced_codes { LOOKED } else { 0 },
        }
    }

    #[inline(always)]
    fn warning_bits(&self) -> u16 {
        (self.meta >> 48) as u16
    }

    #[inline(always)]
    fn enhanced_codes(&self) -> bool {
        self.enhanced & LOOKED != 0
    }
}

/// The warnings as a list, for [`Reply`]'s `Debug`.
struct WarningList(u16);

impl fmt::Debug for WarningList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(Warnings {
                bits: self.0,
                next: 0,
            })
            .finish()
    }
}

/// Shows the parts, not the words they are packed into.
impl fmt::Debug for Reply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("bytes", &self.bytes)
            .field("line_count", &self.line_count())
            .field("code", &self.code())
            .field("warnings", &WarningList(self.warning_bits()))
            .field("enhanced", &self.enhanced())
            .field("enhanced_codes", &self.enhanced_codes())
            .finish()
    }
}

impl<'a> Reply<'a> {
    /// The reply code (the first line's).
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::parse(b"221 Bye\r\n")?.code().as_u16(), 221);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn code(&self) -> ReplyCode {
        ReplyCode::new_unchecked((self.meta >> 32) as u16)
    }

    /// The enhanced status code that leads the text (RFC 2034): the first
    /// line's, or the last line's when only it has one.
    ///
    /// ```
    /// let r = smtp_status::reply::parse(b"550 5.7.606 Access denied, banned sending IP\r\n")?;
    /// assert_eq!(r.enhanced().unwrap().to_string(), "5.7.606");
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn enhanced(&self) -> Option<EnhancedCode> {
        unpack(self.enhanced)
    }

    /// The registry entry of the enhanced code, if it is registered.
    ///
    /// ```
    /// use smtp_status::RegisteredCode;
    /// let r = smtp_status::reply::parse(b"550 5.1.1 User unknown\r\n")?;
    /// assert_eq!(r.registered(), Some(RegisteredCode::BadDestinationMailboxAddress));
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn registered(&self) -> Option<RegisteredCode> {
        // Straight from the packed number: the low byte is the class's
        // digit, 0 when there is no code.
        if self.enhanced as u8 == 0 {
            return None;
        }
        let (subject, detail) = packed_parts(self.enhanced);
        RegisteredCode::from_parts(subject, detail)
    }

    /// The lines of text, without reply codes, separators, enhanced codes
    /// or line endings.
    ///
    /// ```
    /// let r = smtp_status::reply::parse(b"250-first\r\n250 second\r\n")?;
    /// assert_eq!(r.lines().collect::<Vec<_>>(), [&b"first"[..], b"second"]);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn lines(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.detailed_lines().map(|l| l.text)
    }

    /// The lines with their own codes.
    ///
    /// ```
    /// let r = smtp_status::reply::parse(b"451-4.7.1 a\r\n451 b\r\n")?;
    /// let lines: Vec<_> = r.detailed_lines().collect();
    /// assert_eq!(lines[0].enhanced.unwrap().to_string(), "4.7.1");
    /// assert_eq!(lines[1].enhanced, None);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn detailed_lines(&self) -> DetailedLines<'a> {
        DetailedLines {
            rest: self.bytes,
            enhanced_codes: self.enhanced_codes(),
        }
    }

    /// The warnings: what was odd but accepted.
    ///
    /// ```
    /// use smtp_status::reply::Warning;
    /// let r = smtp_status::reply::parse(b"250-a\r\n251 b\r\n")?;
    /// assert_eq!(r.warnings().collect::<Vec<_>>(), [Warning::CodeMismatch]);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn warnings(&self) -> Warnings {
        Warnings {
            bits: self.warning_bits(),
            next: 0,
        }
    }

    /// Whether this warning was raised.
    ///
    /// ```
    /// use smtp_status::reply::Warning;
    /// assert!(smtp_status::reply::parse(b"250 ok\n")?.has_warning(Warning::BareLineFeed));
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn has_warning(&self, w: Warning) -> bool {
        self.warning_bits() & w.bit() != 0
    }

    /// How many bytes of the input the reply took, line endings included.
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::parse(b"250 ok\r\nrest")?.len(), 8);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// The bytes of the reply, as received.
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::parse(b"250 ok\r\nrest")?.as_bytes(), b"250 ok\r\n");
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// How many lines.
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::parse(b"250 ok")?.line_count(), 1);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn line_count(&self) -> usize {
        self.meta as u32 as usize
    }
}

/// Prints the reply in RFC 5321 form: each line's code, `-` or `SP`, its
/// enhanced code if it had one, the text, CRLF. Text that is not UTF-8 is
/// printed with replacement characters.
impl fmt::Display for Reply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.line_count();
        for (i, line) in self.detailed_lines().enumerate() {
            let sep = if i + 1 == n { ' ' } else { '-' };
            write!(f, "{}", line.code)?;
            match (line.enhanced, line.text.is_empty()) {
                (Some(e), true) => write!(f, "{sep}{e}")?,
                (Some(e), false) => write!(f, "{sep}{e} ")?,
                (None, true) if i + 1 == n => {}
                (None, _) => write!(f, "{sep}")?,
            }
            for chunk in line.text.utf8_chunks() {
                f.write_str(chunk.valid())?;
                if !chunk.invalid().is_empty() {
                    f.write_str("\u{FFFD}")?;
                }
            }
            f.write_str("\r\n")?;
        }
        Ok(())
    }
}

/// One line of a reply, from [`Reply::detailed_lines`].
///
/// ```
/// let r = smtp_status::reply::parse(b"250 2.0.0 Ok\r\n")?;
/// let line = r.detailed_lines().next().unwrap();
/// assert_eq!((line.code.as_u16(), line.text), (250, &b"Ok"[..]));
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// This line's reply code.
    pub code: ReplyCode,
    /// This line's enhanced code, if one leads its text.
    pub enhanced: Option<EnhancedCode>,
    /// The text without codes and line ending.
    pub text: &'a [u8],
}

/// The iterator of [`Reply::detailed_lines`].
///
/// ```
/// let r = smtp_status::reply::parse(b"250 ok\r\n")?;
/// assert_eq!(r.detailed_lines().count(), 1);
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct DetailedLines<'a> {
    rest: &'a [u8],
    enhanced_codes: bool,
}

impl<'a> Iterator for DetailedLines<'a> {
    type Item = Line<'a>;
    fn next(&mut self) -> Option<Line<'a>> {
        if self.rest.len() < 3 {
            return None;
        }
        let (line, rest) = match find_lf(self.rest, 0, self.rest.len()) {
            Some(i) => (&self.rest[..i], &self.rest[i + 1..]),
            None => (self.rest, &[][..]),
        };
        self.rest = rest;
        let line = match line.split_last() {
            Some((b'\r', l)) => l,
            _ => line,
        };
        let code = match line.get(..3).map(ReplyCode::from_bytes) {
            Some(Ok(c)) => c,
            _ => return None,
        };
        let text = line.get(4..).unwrap_or(&[]);
        let (enhanced, text) = if self.enhanced_codes {
            match leading_enhanced(text) {
                Some((e, skip, _)) => (Some(e), text.get(skip..).unwrap_or(&[])),
                None => (None, text),
            }
        } else {
            (None, text)
        };
        Some(Line {
            code,
            enhanced,
            text,
        })
    }
}

/// Pipelined replies, from [`Options::replies`].
///
/// ```
/// let mut it = smtp_status::reply::Options::lenient().replies(b"250 a\r\n250 b\r\n");
/// assert_eq!(it.by_ref().count(), 2);
/// assert!(it.remainder().is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Replies<'a> {
    options: Options,
    buf: &'a [u8],
    pos: usize,
    done: bool,
    streaming: bool,
}

impl<'a> Replies<'a> {
    /// The bytes not consumed yet.
    ///
    /// ```
    /// let mut it = smtp_status::reply::Options::lenient().replies(b"250 a\r\nxyz");
    /// it.next();
    /// assert_eq!(it.remainder(), b"xyz");
    /// ```
    pub fn remainder(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or(&[])
    }

    /// How many bytes were consumed.
    ///
    /// ```
    /// let mut it = smtp_status::reply::Options::lenient().replies(b"250 a\r\n");
    /// it.next();
    /// assert_eq!(it.offset(), 7);
    /// ```
    pub fn offset(&self) -> usize {
        self.pos
    }
}

impl<'a> Iterator for Replies<'a> {
    type Item = Result<Reply<'a>, ParseError>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.buf.len() {
            return None;
        }
        let at_eof = !self.streaming && !self.options.strict;
        match parse_at(&self.options, self.buf, self.pos, at_eof) {
            Ok(Status::Complete(r)) => {
                self.pos += r.len();
                Some(Ok(r))
            }
            Ok(Status::Incomplete { .. }) => {
                self.done = true;
                if self.streaming {
                    None
                } else {
                    Some(Err(ParseError {
                        kind: ErrorKind::Incomplete,
                        offset: self.buf.len(),
                    }))
                }
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl core::iter::FusedIterator for Replies<'_> {}

/// An enhanced code at the start of `text`, if followed by the end, SP,
/// HT or a colon. Returns the code, how many bytes to skip (the code and
/// one following SP, or `:` and the spaces after it), and whether a colon
/// followed.
#[inline(always)]
fn leading_enhanced(text: &[u8]) -> Option<(EnhancedCode, usize, bool)> {
    match text.first() {
        Some(b'2' | b'4' | b'5') => {}
        _ => return None,
    }
    let (code, n) = enhanced_prefix(text)?;
    match text.get(n) {
        None => Some((code, n, false)),
        Some(b' ' | b'\t') => Some((code, n + 1, false)),
        Some(b':') => {
            let mut skip = n + 1;
            while let Some(b' ') = text.get(skip) {
                skip += 1;
            }
            Some((code, skip, true))
        }
        Some(_) => None,
    }
}

/// What leads a line's text, for the fast path. Two words, so that it
/// comes back from a call in registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// An enhanced code followed by `SP` or HT: the code [`pack`]ed, and in
    /// the top byte the length, which counts both (at most 8).
    Code(u64),
    /// No enhanced code.
    None,
    /// Anything else (a colon after the code, a code that ends the text, a
    /// longer code): the full parse decides.
    Unsure,
}

impl Lead {
    /// Where a [`Lead::Code`]'s number keeps the length.
    const LEN_SHIFT: u32 = 56;

    #[inline(always)]
    const fn code(e: EnhancedCode, len: usize) -> Lead {
        Lead::Code(pack(e) | (len as u64) << Lead::LEN_SHIFT)
    }

    /// A [`Lead::Code`]'s number split into the packed code and its length.
    #[inline(always)]
    const fn split(v: u64) -> (u64, u64) {
        (v & ((1 << Lead::LEN_SHIFT) - 1), v >> Lead::LEN_SHIFT)
    }
}

/// [`Lead`] from the first 8 bytes at the start of a line's text. Bytes
/// past the text (`text_len`) are the line's CR and what follows it: CR is
/// neither digit nor dot, so the code's grammar stops there as it would at
/// the end of the text. Matched by shape, digits checked by `part`.
#[inline(always)]
fn lead8(h: [u8; 8], text_len: usize) -> Lead {
    let class = match h {
        [c, b'.', ..] => match class_of(c) {
            Some(class) => class,
            None => return Lead::None,
        },
        _ => return Lead::None,
    };
    let (subject, at, rest): ((u16, u32), usize, &[u8]) = match &h {
        [_, _, a, b'.', rest @ ..] => (part(*a, 0, 0, 1), 4, rest),
        [_, _, a, b, b'.', rest @ ..] => (part(0, *a, *b, 2), 5, rest),
        [_, _, a, b, c, b'.', rest @ ..] => (part(*a, *b, *c, 3), 6, rest),
        _ => return Lead::None,
    };
    let digit = |b: u8| b.is_ascii_digit();
    let (detail, len, follow) = match *rest {
        [a, f, ..] if !digit(f) => (part(a, 0, 0, 1), 1, f),
        [a, b, f, ..] if !digit(f) => (part(0, a, b, 2), 2, f),
        [a, b, c, f, ..] if !digit(f) => (part(a, b, c, 3), 3, f),
        // Four digits: too many.
        [_, _, _, _] => return Lead::None,
        // The window ends inside the detail.
        _ => return Lead::Unsure,
    };
    // Any byte that was not a digit, or a leading zero, shows in `.1`.
    if subject.1.max(detail.1) > 9 {
        return Lead::None;
    }
    let (subject, detail) = (subject.0, detail.0);
    let end = at + len;
    match follow {
        b' ' | b'\t' => Lead::code(EnhancedCode::new_unchecked(class, subject, detail), end + 1),
        b':' => Lead::Unsure,
        _ if end >= text_len => Lead::Unsure,
        _ => Lead::None,
    }
}

/// [`Lead`] from the text itself, when fewer than 8 bytes follow it: what
/// [`leading_enhanced`] finds, sure only of a code that SP or HT ends.
#[inline]
fn lead_slice(text: &[u8]) -> Lead {
    match leading_enhanced(text) {
        None => Lead::None,
        Some((e, skip, false)) if skip <= 8 && matches!(text[skip - 1], b' ' | b'\t') => {
            Lead::code(e, skip)
        }
        // A colon, a code that ends the text, a longer code.
        Some(_) => Lead::Unsure,
    }
}

/// [`EnhancedCode::parse_prefix`]'s grammar (class 2, 4 or 5; subject and
/// detail of 1 to 3 digits, no leading zeros), inlined into the line loop:
/// the hot path of the parser.
#[inline(always)]
fn enhanced_prefix(t: &[u8]) -> Option<(EnhancedCode, usize)> {
    let class = match t.first() {
        Some(b'2') => crate::Class::Success,
        Some(b'4') => crate::Class::PersistentTransientFailure,
        Some(b'5') => crate::Class::PermanentFailure,
        _ => return None,
    };
    if t.get(1) != Some(&b'.') {
        return None;
    }
    let (subject, i) = number(t, 2)?;
    if t.get(i) != Some(&b'.') {
        return None;
    }
    let (detail, j) = number(t, i + 1)?;
    Some((EnhancedCode::new(class, subject, detail)?, j))
}

/// 1 to 3 digits at `t[start..]`, no leading zero, not followed by a digit.
#[inline(always)]
fn number(t: &[u8], start: usize) -> Option<(u16, usize)> {
    let mut v: u16 = 0;
    let mut i = start;
    while i < start + 3 {
        match t.get(i) {
            Some(&b) if b.is_ascii_digit() => {
                v = v * 10 + (b - b'0') as u16;
                i += 1;
            }
            _ => break,
        }
    }
    if i == start || (i - start > 1 && t.get(start) == Some(&b'0')) {
        return None;
    }
    if let Some(b) = t.get(i)
        && b.is_ascii_digit()
    {
        return None;
    }
    Some((v, i))
}

/// Whether `block` holds an LF. Written as an OR over the bytes so that
/// the compiler makes it one 16-byte compare and one mask test (SSE2
/// `pcmpeqb` and `pmovmskb` on x86-64, NEON on aarch64), with no `unsafe`
/// and no dependency.
#[inline(always)]
fn has_lf(block: &[u8; 16]) -> bool {
    let mut any = false;
    for &b in block {
        any |= b == b'\n';
    }
    any
}

/// The high bit of each byte of `x` that is LF, and no other bit
/// (exact, unlike the borrow trick, so bits can be masked off).
#[inline(always)]
fn lf_bits64(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let y = x ^ 0x0a0a_0a0a_0a0a_0a0a;
    // The high bit of each byte of `y` that is not zero, then inverted.
    !(((y & LOW7).wrapping_add(LOW7)) | y) & !LOW7
}

/// The index of the first LF in `block`, which has one.
#[inline(always)]
fn first_lf(block: &[u8; 16]) -> usize {
    let (lo, hi) = halves(block);
    let lo = lf_bits64(lo);
    if lo != 0 {
        return (lo.trailing_zeros() / 8) as usize;
    }
    8 + (lf_bits64(hi).trailing_zeros() / 8) as usize
}

/// The two 8-byte halves of `block` as little-endian words.
#[inline(always)]
fn halves(block: &[u8; 16]) -> (u64, u64) {
    let (lo, hi) = block.split_at(8);
    let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap_or([0; 8]));
    (word(lo), word(hi))
}

/// The index of the first LF in `buf[from..to]` (`from <= to <= buf.len()`).
///
/// Tests 16-byte windows of `buf` with [`has_lf`] and finds the byte in
/// the one that has it with [`first_lf`]. Windows may reach past `to` (a
/// match there means none before `to`); the last bytes of `buf` are read
/// as one window ending at its end.
#[inline(always)]
fn find_lf(buf: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut at = from;
    while at < to {
        if let Some(pair) = buf.get(at..).and_then(|b| b.first_chunk::<32>()) {
            let (a, b) = (pair.first_chunk::<16>()?, pair.last_chunk::<16>()?);
            let (la, lb) = (has_lf(a), has_lf(b));
            if !(la | lb) {
                at += 32;
                continue;
            }
            let p = if la {
                at + first_lf(a)
            } else {
                at + 16 + first_lf(b)
            };
            return (p < to).then_some(p);
        }
        match buf.get(at..).and_then(|b| b.first_chunk::<16>()) {
            Some(block) => {
                if has_lf(block) {
                    let p = at + first_lf(block);
                    return (p < to).then_some(p);
                }
                at += 16;
            }
            None => {
                // Fewer than 16 bytes remain after `at`. When the last 16
                // bytes of `buf` all come at or after `from`, those before
                // `at` were seen above and hold no LF.
                if let Some(start) = buf.len().checked_sub(16)
                    && start >= from
                {
                    // The usual end of a reply: the last byte is the LF,
                    // and the 16 before it hold none.
                    if start > from
                        && buf.last() == Some(&b'\n')
                        && let Some(before) = buf.get(start - 1..).and_then(|b| b.first_chunk())
                        && !has_lf(before)
                    {
                        let p = buf.len() - 1;
                        return (p < to).then_some(p);
                    }
                    let block = buf.get(start..).and_then(|b| b.first_chunk::<16>())?;
                    if !has_lf(block) {
                        return None;
                    }
                    let p = start + first_lf(block);
                    return (p < to).then_some(p);
                }
                return find_lf_short(buf, from, to);
            }
        }
    }
    None
}

/// [`find_lf`] when `buf[from..]` is shorter than 16 bytes: the end of
/// `buf` read as one number, with the bits before `from` shifted out.
#[inline]
fn find_lf_short(buf: &[u8], from: usize, to: usize) -> Option<usize> {
    let len = buf.len();
    let (start, bits) = if let Some(block) = len
        .checked_sub(16)
        .and_then(|s| buf.get(s..))
        .and_then(|b| b.first_chunk::<16>())
    {
        let (lo, hi) = halves(block);
        let (lo, hi) = (lf_bits64(lo), lf_bits64(hi));
        (len - 16, (u128::from(hi) << 64) | u128::from(lo))
    } else if let (Some(lo), Some(hi)) = (buf.first_chunk::<8>(), buf.last_chunk::<8>()) {
        // 8 to 15 bytes: two reads that overlap; where they do, their
        // bits agree, so OR keeps them.
        let lo = lf_bits64(u64::from_le_bytes(*lo));
        let hi = lf_bits64(u64::from_le_bytes(*hi));
        (0, (u128::from(hi) << (8 * (len - 8))) | u128::from(lo))
    } else {
        let rest = buf.get(from..to)?;
        return rest.iter().position(|&b| b == b'\n').map(|j| from + j);
    };
    let skip = from - start;
    match bits >> (8 * skip) {
        0 => None,
        m => {
            let p = from + (m.trailing_zeros() / 8) as usize;
            (p < to).then_some(p)
        }
    }
}

/// A byte that RFC 5321 text may not hold: a control character other
/// than HT.
#[inline(always)]
fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

fn err<T>(kind: ErrorKind, offset: usize) -> Result<T, ParseError> {
    Err(ParseError { kind, offset })
}

/// Parses the reply starting at `buf[start..]`. With `eof`, the end of the
/// buffer ends the last line.
///
/// Tries [`parse_fast`] first; whatever it is not sure of goes to
/// [`parse_full`], which gives the same answer for everything the fast
/// path accepts (checked by the tests below and by the property tests).
#[inline(always)]
fn parse_at<'a>(
    o: &Options,
    buf: &'a [u8],
    start: usize,
    eof: bool,
) -> Result<Status<Reply<'a>>, ParseError> {
    match parse_fast(o, buf, start) {
        Some(r) => Ok(Status::Complete(r)),
        None => parse_full(o, buf, start, eof),
    }
}

/// The common case, quickly: every line is the same reply code, `-` or
/// `SP`, some text and CRLF, within the limits; the enhanced code leads
/// every line's text, the same bytes followed by `SP` or HT, or leads
/// none. Then the only warnings possible are trailing whitespace and a
/// class mismatch. `None` means "not this case": it is not an error.
///
/// The first line is read apart from the others, so that a one-line
/// reply (most replies) goes straight through.
#[inline(always)]
fn parse_fast<'a>(o: &Options, buf: &'a [u8], start: usize) -> Option<Reply<'a>> {
    let buf = buf.get(start..)?;
    let head = *buf.first_chunk::<4>()?;
    let code = ReplyCode::from_bytes(&head[..3]).ok()?;
    if o.max_lines == 0 {
        return None;
    }
    let lf = find_lf(buf, 0, buf.len().min(o.max_line_len))?;
    // Code, separator, at least one byte of text, CR.
    if lf < 6 || buf[lf - 1] != b'\r' {
        return None;
    }
    let text = &buf[4..lf - 1];
    let mut warnings = fast_text(o, text)?;
    let mut enhanced: u64 = 0;
    let mut lead_len: u64 = 0;
    let text8 = buf.get(4..).and_then(|t| t.first_chunk::<8>());
    if o.enhanced_codes {
        // The text's first 8 bytes, then CR, LF and what follows.
        let lead = match text8 {
            Some(h) => lead8(*h, lf - 5),
            None => lead_slice(text),
        };
        match lead {
            Lead::Code(v) => (enhanced, lead_len) = Lead::split(v),
            Lead::None => {}
            Lead::Unsure => return None,
        }
    }
    let (end, lines) = match head[3] {
        b' ' => (lf + 1, 1),
        b'-' => {
            let word = u32::from_le_bytes(head) & 0x00ff_ffff;
            // The code and the separator after it, as bytes to compare
            // later lines' with: `key` under `key_mask`.
            let (key, key_mask) = match lead_len {
                0 => (0, 0),
                len => {
                    let mask = u64::MAX >> (64 - 8 * len);
                    (u64::from_le_bytes(*text8?) & mask, mask)
                }
            };
            fast_continuation(o, buf, lf + 1, word, key, key_mask, &mut warnings)?
        }
        _ => return None,
    };
    if enhanced != 0 && enhanced as u8 != head[0] - b'0' {
        warnings |= Warning::ClassMismatch.bit();
    }
    Some(Reply::new(
        &buf[..end],
        code,
        enhanced,
        warnings,
        lines,
        o.enhanced_codes,
    ))
}

/// The fast path's check of one line's text: in strict mode, no control
/// characters (else `None`); in lenient mode, the trailing-whitespace
/// warning's bit.
#[inline(always)]
fn fast_text(o: &Options, text: &[u8]) -> Option<u16> {
    if o.strict {
        if text.iter().any(|&b| is_control(b)) {
            return None;
        }
    } else if let Some(b' ' | b'\t') = text.last() {
        return Some(Warning::TrailingWhitespace.bit());
    }
    Some(0)
}

/// [`parse_fast`]'s lines after the first, from `pos`: each must start
/// with `word` (the reply code) and, when `key_mask` is not zero, have the
/// first line's enhanced code (`key`) lead its text; when it is zero, no
/// enhanced code may lead it. Returns where the reply ends and how many
/// lines it has.
#[inline(always)]
fn fast_continuation(
    o: &Options,
    buf: &[u8],
    mut pos: usize,
    word: u32,
    key: u64,
    key_mask: u64,
    warnings: &mut u16,
) -> Option<(usize, u32)> {
    let mut lines: u32 = 1;
    loop {
        if lines as usize >= o.max_lines {
            return None;
        }
        let lf = find_lf(buf, pos, buf.len().min(pos.saturating_add(o.max_line_len)))?;
        if lf < pos + 6 || buf[lf - 1] != b'\r' {
            return None;
        }
        let this = u32::from_le_bytes(*buf[pos..].first_chunk::<4>()?);
        if this & 0x00ff_ffff != word {
            return None;
        }
        let text = &buf[pos + 4..lf - 1];
        *warnings |= fast_text(o, text)?;
        if o.enhanced_codes {
            if key_mask != 0 {
                let head = buf.get(pos + 4..).and_then(|t| t.first_chunk::<8>())?;
                if u64::from_le_bytes(*head) & key_mask != key {
                    return None;
                }
            } else if let Some(b'2' | b'4' | b'5') = text.first()
                && leading_enhanced(text).is_some()
            {
                return None;
            }
        }
        lines += 1;
        pos = lf + 1;
        match (this >> 24) as u8 {
            b' ' => return Some((pos, lines)),
            b'-' => {}
            _ => return None,
        }
    }
}

/// Every case: errors, warnings, streaming. Kept out of line so that the
/// fast path stays small where it is inlined.
#[inline(never)]
fn parse_full<'a>(
    o: &Options,
    buf: &'a [u8],
    start: usize,
    eof: bool,
) -> Result<Status<Reply<'a>>, ParseError> {
    let mut pos = start;
    let mut warnings: u16 = 0;
    let mut code: Option<ReplyCode> = None;
    let mut first_enh: Option<EnhancedCode> = None;
    let mut last_enh: Option<EnhancedCode> = None;
    let mut enh_lines: u32 = 0;
    let mut lines: u32 = 0;
    let max_line = if o.max_line_len == 0 {
        1
    } else {
        o.max_line_len
    };
    loop {
        if lines as usize >= o.max_lines {
            return err(ErrorKind::TooManyLines, pos);
        }
        let limit = buf.len().min(pos.saturating_add(max_line));
        let (content_end, next) = match find_lf(buf, pos, limit) {
            Some(lf) => {
                if lf > pos && buf[lf - 1] == b'\r' {
                    (lf - 1, lf + 1)
                } else if o.strict {
                    return err(ErrorKind::BareLineFeed, lf);
                } else {
                    warnings |= Warning::BareLineFeed.bit();
                    (lf, lf + 1)
                }
            }
            None => {
                if buf.len() - pos >= max_line {
                    return err(ErrorKind::LineTooLong, pos);
                }
                if eof && buf.len() > pos {
                    warnings |= Warning::MissingLineEnding.bit();
                    let end = if buf[buf.len() - 1] == b'\r' {
                        buf.len() - 1
                    } else {
                        buf.len()
                    };
                    (end, buf.len())
                } else {
                    // Check what we have so far, so garbage fails early.
                    let have = &buf[pos..];
                    for (i, &b) in have.iter().take(3).enumerate() {
                        let ok = if i == 0 {
                            (b'2'..=b'5').contains(&b)
                        } else {
                            b.is_ascii_digit()
                        };
                        if !ok {
                            return err(ErrorKind::InvalidCode, pos);
                        }
                    }
                    // The code's missing digits, then the line ending.
                    let ending = if o.strict && have.last() != Some(&b'\r') {
                        2
                    } else {
                        1
                    };
                    let needed = 3usize.saturating_sub(have.len()) + ending;
                    return Ok(Status::Incomplete { needed });
                }
            }
        };
        let line = &buf[pos..content_end];
        let this = match line.get(..3).map(ReplyCode::from_bytes) {
            Some(Ok(c)) => c,
            _ => return err(ErrorKind::InvalidCode, pos),
        };
        match code {
            None => code = Some(this),
            Some(c) if c != this => warnings |= Warning::CodeMismatch.bit(),
            _ => {}
        }
        lines += 1;
        let (last, text) = match line.get(3) {
            None => (true, &[][..]),
            Some(b' ') => (true, &line[4..]),
            Some(b'-') => (false, &line[4..]),
            Some(&b) => {
                if o.strict || is_control(b) {
                    return err(ErrorKind::InvalidSeparator, pos + 3);
                }
                // Lenient: `250\tok` or `250ok`; the line is the last one.
                warnings |= Warning::OddSeparator.bit();
                (true, &line[4..])
            }
        };
        if line.len() > 3 && text.is_empty() {
            if o.strict {
                return err(ErrorKind::MissingText, pos + 4);
            }
            warnings |= Warning::MissingText.bit();
        } else if line.len() == 3 && !last {
            warnings |= Warning::MissingText.bit();
        }
        if o.strict {
            for (i, &b) in text.iter().enumerate() {
                if is_control(b) {
                    return err(ErrorKind::InvalidText, pos + 4 + i);
                }
            }
        } else if let Some(b' ' | b'\t') = text.last() {
            warnings |= Warning::TrailingWhitespace.bit();
        }
        if o.enhanced_codes {
            if let Some((e, _, colon)) = leading_enhanced(text) {
                if colon {
                    warnings |= Warning::EnhancedFollowedByColon.bit();
                }
                match first_enh {
                    None => first_enh = Some(e),
                    Some(f) if f != e => warnings |= Warning::EnhancedMismatch.bit(),
                    _ => {}
                }
                enh_lines += 1;
                last_enh = Some(e);
            } else {
                last_enh = None;
            }
        }
        pos = next;
        if last {
            break;
        }
        if pos >= buf.len() {
            if eof {
                return err(ErrorKind::Incomplete, pos);
            }
            return Ok(Status::Incomplete { needed: 4 });
        }
    }
    let code = match code {
        Some(c) => c,
        None => return err(ErrorKind::InvalidCode, start),
    };
    let mut enhanced = first_enh;
    if enh_lines > 0 && enh_lines < lines {
        if enh_lines == 1 && last_enh.is_some() {
            warnings |= Warning::EnhancedOnLastLineOnly.bit();
            enhanced = last_enh;
        } else {
            warnings |= Warning::EnhancedOnSomeLines.bit();
        }
    }
    if let Some(e) = enhanced
        && e.class() as u8 != code.first_digit()
    {
        warnings |= Warning::ClassMismatch.bit();
    }
    Ok(Status::Complete(Reply::new(
        &buf[start..pos],
        code,
        enhanced.map_or(0, pack),
        warnings,
        lines,
        o.enhanced_codes,
    )))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    /// `find_lf` against a byte-by-byte search.
    fn check_find_lf(hay: &[u8], from: usize, to: usize) {
        let want = hay[from..to]
            .iter()
            .position(|&c| c == b'\n')
            .map(|j| from + j);
        assert_eq!(find_lf(hay, from, to), want, "{hay:?} window {from}..{to}");
    }

    #[test]
    fn find_lf_agrees_on_longer_buffers() {
        // Lengths 41 to 100 take the 32-byte steps more than once: one LF
        // anywhere (or none), every start, the ends that matter.
        let mut buf = [b'x'; 100];
        for len in 41..=buf.len() {
            for a in 0..=len {
                buf.fill(b'x');
                if a < len {
                    buf[a] = b'\n';
                }
                let hay = &buf[..len];
                for from in 0..=len {
                    for to in [from, from + 1, a, a + 1, len - 1, len] {
                        if to < from || to > len {
                            continue;
                        }
                        check_find_lf(hay, from, to);
                    }
                }
            }
        }
    }

    #[test]
    fn find_lf_agrees_with_a_byte_by_byte_search() {
        // Every buffer length up to 40, LFs at up to two places, every window.
        let mut buf = [b'x'; 40];
        for len in 0..=buf.len() {
            for a in 0..=len {
                for b in a..=len {
                    buf.fill(b'x');
                    if a < len {
                        buf[a] = b'\n';
                    }
                    if b < len {
                        buf[b] = b'\n';
                    }
                    let hay = &buf[..len];
                    for from in 0..=len {
                        for to in from..=len {
                            check_find_lf(hay, from, to);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn fast_path_agrees_with_the_full_parse() {
        // Replies built from pieces, good and bad, by a fixed xorshift.
        let codes: &[&[u8]] = &[b"250", b"550", b"251", b"450", b"354", b"25x", b""];
        let seps: &[&[u8]] = &[b"-", b" ", b"", b"\t", b"x"];
        let enhanced: &[&[u8]] = &[
            b"",
            b"5.1.1 ",
            b"5.1.1",
            b"5.1.1:",
            b"5.1.1: ",
            b"4.7.0 ",
            b"5.7.606 ",
            b"2.0.0\t",
            b"5.01.1 ",
            b"5.123.456 ",
            b"5.1.1x ",
            b"5.1.10 ",
        ];
        let texts: &[&[u8]] = &[
            b"",
            b"ok",
            b"User unknown",
            b"a  ",
            b" ",
            b"tab\t",
            b"x\ry",
            b"\x01",
            b"The email account that you tried to reach does not exist.",
        ];
        let endings: &[&[u8]] = &[b"\r\n", b"\r\n", b"\r\n", b"\n", b"\r", b""];
        let options = [
            Options::lenient(),
            Options::strict(),
            Options::lenient().enhanced_codes(false),
            Options::strict().max_line_len(24),
            Options::lenient().max_lines(2),
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut pick = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut fast, mut total) = (0, 0);
        let mut buf = std::vec::Vec::new();
        for _ in 0..200_000 {
            buf.clear();
            // Sometimes a reply before this one, as in a pipelined read.
            let start = if pick(4) == 0 { 8 } else { 0 };
            if start > 0 {
                buf.extend_from_slice(b"250 ok\r\n");
            }
            let lines = 1 + pick(4);
            // Mostly one code and one enhanced code for the whole reply.
            let (code, enh) = (pick(codes.len()), pick(enhanced.len()));
            for i in 0..lines {
                let last = i + 1 == lines;
                let c = if pick(8) == 0 {
                    pick(codes.len())
                } else {
                    code
                };
                buf.extend_from_slice(codes[c]);
                let sep = match pick(10) {
                    0 => seps[pick(seps.len())],
                    _ if last => b" ",
                    _ => b"-",
                };
                buf.extend_from_slice(sep);
                let e = if pick(6) == 0 {
                    pick(enhanced.len())
                } else {
                    enh
                };
                buf.extend_from_slice(enhanced[e]);
                buf.extend_from_slice(texts[pick(texts.len())]);
                let end = if pick(5) == 0 { pick(endings.len()) } else { 0 };
                buf.extend_from_slice(endings[end]);
            }
            if pick(3) == 0 {
                buf.extend_from_slice(b"250 next\r\n");
            }
            for o in &options {
                total += 1;
                if let Some(r) = parse_fast(o, &buf, start) {
                    fast += 1;
                    for eof in [false, true] {
                        assert_eq!(
                            parse_full(o, &buf, start, eof),
                            Ok(Status::Complete(r)),
                            "{o:?} {:?}",
                            std::string::String::from_utf8_lossy(&buf)
                        );
                    }
                }
            }
        }
        // The fast path is taken, and not for everything.
        assert!(
            fast > total / 10 && fast < total * 9 / 10,
            "{fast} of {total}"
        );
    }

    /// `lead8` on the window of a line whose text is `text`, as the fast
    /// path reads it: the text, CR, LF, then more bytes.
    fn lead_of(text: &[u8]) -> Option<Lead> {
        let mut line = [0u8; 40];
        let rest = line.get_mut(..text.len())?;
        rest.copy_from_slice(text);
        line[text.len()..text.len() + 8].copy_from_slice(b"\r\n5.5.5 ");
        Some(lead8(*line.first_chunk::<8>()?, text.len()))
    }

    /// What the full parse finds at the start of `text`, against what
    /// the fast path says: a code only when the full parse finds the same
    /// code and length followed by SP or HT, none only when it finds none.
    fn check_lead(text: &[u8], lead: Lead) {
        let full = leading_enhanced(text);
        match lead {
            Lead::Code(v) => {
                let (e, len) = Lead::split(v);
                let (e, len) = (unpack(e).unwrap(), len as usize);
                assert_eq!(full, Some((e, len, false)), "{text:?}");
                assert!(matches!(text[len - 1], b' ' | b'\t'), "{text:?}");
            }
            Lead::None => assert_eq!(full, None, "{text:?}"),
            Lead::Unsure => {}
        }
    }

    #[test]
    fn fast_enhanced_code_agrees_with_the_full_parse() {
        let samples: &[&[u8]] = &[
            b"5.7.606 Access denied",
            b"5.7.26 x",
            b"2.0.0 Ok",
            b"4.7.0\tx",
            b"5.1.1: User unknown",
            b"5.1.1",
            b"5.01.1 x",
            b"5.1.01 x",
            b"5.0.0 x",
            b"5.1.1234",
            b"5.123.45 x",
            b"5.1.1x",
            b"3.1.1 x",
            b"5.1",
            b"",
        ];
        for t in samples {
            check_lead(t, lead_of(t).unwrap());
            check_lead(t, lead_slice(t));
        }
        assert_eq!(
            lead_of(b"5.7.606 x").unwrap(),
            Lead::code(EnhancedCode::from_bytes(b"5.7.606").unwrap(), 8)
        );
        assert_eq!(lead_of(b"5.1.1").unwrap(), Lead::Unsure);
        assert_eq!(lead_of(b"5.1.1x").unwrap(), Lead::None);
        // Every text of 1 to 9 bytes: a class byte, then bytes from an
        // alphabet of digits, dot, colon, SP and a letter.
        crate::each_string(b"2453", b"019.: x", 9, |t| {
            check_lead(t, lead_of(t).unwrap())
        });
    }

    #[test]
    fn enhanced_prefix_agrees_with_parse_prefix() {
        let samples: &[&[u8]] = &[
            b"5.7.606 x",
            b"5.7.6066",
            b"5.07.1",
            b"5.0.0",
            b"4.7.0:",
            b"2.1.5",
            b"3.1.1",
            b"5.1",
            b"5..1",
            b"5.1.",
            b"5.999.999",
            b"5.1000.1",
            b"",
            b"5",
            b"5.",
            b"5.1.1a",
        ];
        for s in samples {
            let a = EnhancedCode::parse_prefix(s).ok();
            assert_eq!(enhanced_prefix(s), a, "{s:?}");
        }
        // Every string of up to 7 bytes over a small alphabet.
        crate::each_string(b"0159.x", b"0159.x", 7, |s| {
            assert_eq!(
                enhanced_prefix(s),
                EnhancedCode::parse_prefix(s).ok(),
                "{s:?}"
            );
        });
    }
}
