//! What a parse gives: [`Reply`], its lines, the streaming [`Progress`] and pipelined [`Replies`].

use core::fmt;

use super::errors::{ErrorKind, ParseError, Warning, Warnings};
use super::line::{has_control, leading_enhanced};
use super::options::Options;
use super::packed::Packed;
use super::parse_at;
use super::scan::find_lf;
use super::text::Text;
use crate::{EnhancedCode, RegisteredCode, ReplyCode};

/// The result of a streaming parse.
///
/// ```
/// use smtp_status::reply::{Options, Progress};
/// assert_eq!(Options::lenient().parse(b"25")?.is_complete(), false);
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress<T> {
    /// A whole reply.
    Complete(T),
    /// The buffer ends inside a reply.
    Incomplete {
        /// At least this many more bytes are needed (a lower bound, 1 or more).
        needed: usize,
    },
}

impl<T> Progress<T> {
    /// Whether it is [`Progress::Complete`].
    ///
    /// ```
    /// use smtp_status::reply::Progress;
    /// assert!(Progress::Complete(1).is_complete());
    /// ```
    pub fn is_complete(&self) -> bool {
        matches!(self, Progress::Complete(_))
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
    packed: Packed,
}

impl<'a> Reply<'a> {
    /// The warnings' bits: those the parse found, and
    /// [`Warning::ControlCharacter`], which is looked for only when asked
    /// so that a parse never reads every byte of the text for it.
    fn warning_bits(&self) -> u16 {
        let control = if self.has_control() {
            Warning::ControlCharacter.bit()
        } else {
            0
        };
        self.packed.warning_bits() | control
    }

    fn has_control(&self) -> bool {
        self.lines().any(has_control)
    }

    /// Puts the parts of a reply together; `enhanced` is from
    /// [`pack`](super::packed::pack), or 0 for none.
    #[inline(always)]
    pub(super) fn new(
        bytes: &'a [u8],
        code: ReplyCode,
        enhanced: u64,
        warnings: u16,
        line_count: u32,
        enhanced_codes: bool,
    ) -> Reply<'a> {
        Reply {
            bytes,
            packed: Packed::new(code, enhanced, warnings, line_count, enhanced_codes),
        }
    }
}

/// The warnings as a list, for [`Reply`]'s `Debug`.
struct WarningList(u16);

impl fmt::Debug for WarningList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(Warnings::new(self.0)).finish()
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
            .field("enhanced_codes", &self.packed.enhanced_codes())
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
        self.packed.code()
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
        self.packed.enhanced()
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
        self.packed.registered()
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
            enhanced_codes: self.packed.enhanced_codes(),
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
        Warnings::new(self.warning_bits())
    }

    /// Whether this warning was raised.
    ///
    /// ```
    /// use smtp_status::reply::Warning;
    /// assert!(smtp_status::reply::parse(b"250 ok\n")?.has_warning(Warning::BareLineFeed));
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn has_warning(&self, w: Warning) -> bool {
        if w == Warning::ControlCharacter {
            return self.has_control();
        }
        self.packed.warning_bits() & w.bit() != 0
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

    /// Whether the reply code is `2yz` ([`ReplyCode::is_success`]); the
    /// reply code decides, not the enhanced code (they can disagree: see
    /// [`Warning::ClassMismatch`]).
    ///
    /// ```
    /// let r = smtp_status::reply::parse(b"250 2.0.0 Ok\r\n")?;
    /// assert!(r.is_success() && !r.is_transient() && !r.is_permanent());
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn is_success(&self) -> bool {
        self.code().is_success()
    }

    /// Whether the reply code is `4yz` ([`ReplyCode::is_transient`]).
    ///
    /// ```
    /// assert!(smtp_status::reply::parse(b"450 5.7.1 odd\r\n")?.is_transient());
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn is_transient(&self) -> bool {
        self.code().is_transient()
    }

    /// Whether the reply code is `5yz` ([`ReplyCode::is_permanent`]).
    ///
    /// ```
    /// assert!(smtp_status::reply::parse(b"550 5.1.1 no\r\n")?.is_permanent());
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn is_permanent(&self) -> bool {
        self.code().is_permanent()
    }

    /// The text of each line, always: [`Text::to_str`] gives it as `&str`
    /// when it is UTF-8 (RFC 5321 text is ASCII; SMTPUTF8 servers send
    /// UTF-8), `Display` writes it whatever its bytes (U+FFFD where it is
    /// not UTF-8).
    ///
    /// ```
    /// let r = smtp_status::reply::parse(b"250-caf\xc3\xa9\r\n250 ok\r\n")?;
    /// assert_eq!(r.str_lines().collect::<Vec<_>>(), ["caf\u{e9}", "ok"]);
    /// let odd = smtp_status::reply::parse(b"250 \xff\r\n")?;
    /// assert_eq!(odd.str_lines().map(|t| t.to_string()).collect::<Vec<_>>(), ["\u{fffd}"]);
    /// assert_eq!(odd.str_lines().next().unwrap().to_str(), None);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn str_lines(&self) -> impl Iterator<Item = Text<'a>> + 'a {
        self.lines().map(Text::new)
    }

    /// How many lines.
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::parse(b"250 ok")?.line_count(), 1);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn line_count(&self) -> usize {
        self.packed.line_count()
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
            write!(f, "{}\r\n", Text::new(line.text))?;
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

impl<'a> Line<'a> {
    /// The text as `&str`, if it is UTF-8.
    ///
    /// ```
    /// let r = smtp_status::reply::parse(b"550 5.1.1 User unknown\r\n")?;
    /// assert_eq!(r.detailed_lines().next().unwrap().text_str(), Some("User unknown"));
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn text_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.text).ok()
    }
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
    pub(super) fn new(options: Options, buf: &'a [u8], streaming: bool) -> Replies<'a> {
        Replies {
            options,
            buf,
            pos: 0,
            done: false,
            streaming,
        }
    }

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
            Ok(Progress::Complete(r)) => {
                self.pos += r.len();
                Some(Ok(r))
            }
            Ok(Progress::Incomplete { .. }) => {
                self.done = true;
                if self.streaming {
                    None
                } else {
                    Some(Err(ParseError::new(ErrorKind::Incomplete, self.buf.len())))
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
