//! How to parse: [`Options`] and its entry points.

use super::errors::ParseError;
use super::parsed::{Progress, Replies, Reply};
use super::{complete, parse_at};

/// The line limit of RFC 5321 section 4.5.3.1.5: 512 octets with the CRLF.
pub const RFC5321_MAX_LINE_LEN: usize = 512;

/// How to parse: strict or lenient, the line limit, whether to look for
/// enhanced status codes. Built from [`Options::strict`] or
/// [`Options::lenient`] with builder methods; read back with the `get_`
/// and `is_` methods (named as `std::process::Command`'s getters are,
/// beside builder methods of the plain names).
///
/// ```
/// use smtp_status::reply::{Options, Progress};
/// let opts = Options::strict();
/// match opts.parse(b"250-mx.example.com\r\n250 SIZE")? {
///     Progress::Incomplete { needed } => assert!(needed >= 1),
///     Progress::Complete(_) => unreachable!(),
/// }
/// assert!(opts.parse(b"250 ok\n").is_err()); // bare LF is not CRLF
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Follow RFC 5321 exactly (CRLF, `SP` or `-` after the code, text of
    /// HT, SP and visible characters or UTF-8) instead of accepting what
    /// real servers send (bare LF, a missing text, other separators).
    pub(super) strict: bool,
    /// The longest line accepted, line ending included. Default 512.
    pub(super) max_line_len: usize,
    /// The most lines in one reply. Default 128.
    pub(super) max_lines: usize,
    /// Look for an RFC 2034 enhanced status code at the start of the text.
    /// Set it from whether EHLO advertised `ENHANCEDSTATUSCODES`; default on.
    pub(super) enhanced_codes: bool,
}

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
    /// assert!(Options::strict().is_strict());
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

    /// Whether the parse follows RFC 5321 exactly.
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// assert!(!Options::lenient().is_strict());
    /// ```
    pub const fn is_strict(&self) -> bool {
        self.strict
    }

    /// The longest line accepted, line ending included.
    ///
    /// ```
    /// use smtp_status::reply::{Options, RFC5321_MAX_LINE_LEN};
    /// assert_eq!(Options::lenient().get_max_line_len(), RFC5321_MAX_LINE_LEN);
    /// assert_eq!(Options::lenient().max_line_len(1000).get_max_line_len(), 1000);
    /// ```
    pub const fn get_max_line_len(&self) -> usize {
        self.max_line_len
    }

    /// The most lines in one reply.
    ///
    /// ```
    /// assert_eq!(smtp_status::reply::Options::strict().get_max_lines(), 128);
    /// ```
    pub const fn get_max_lines(&self) -> usize {
        self.max_lines
    }

    /// Whether the parse looks for enhanced codes.
    ///
    /// ```
    /// use smtp_status::reply::Options;
    /// assert!(!Options::lenient().enhanced_codes(false).get_enhanced_codes());
    /// ```
    pub const fn get_enhanced_codes(&self) -> bool {
        self.enhanced_codes
    }

    /// Streaming: parses the reply at the start of `buf`, or says that the
    /// buffer ends inside it. [`Reply::len`] is how many bytes it took.
    ///
    /// ```
    /// use smtp_status::reply::{Options, Progress};
    /// let opts = Options::lenient();
    /// assert!(matches!(opts.parse(b"354 go ahead\r")?, Progress::Incomplete { .. }));
    /// let Progress::Complete(r) = opts.parse(b"354 go ahead\r\n250 next")? else { panic!() };
    /// assert_eq!(r.len(), 14);
    /// # Ok::<(), smtp_status::reply::ParseError>(())
    /// ```
    pub fn parse<'a>(&self, buf: &'a [u8]) -> Result<Progress<Reply<'a>>, ParseError> {
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
    #[inline]
    pub fn parse_complete<'a>(&self, buf: &'a [u8]) -> Result<Reply<'a>, ParseError> {
        complete(self, buf)
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
        Replies::new(*self, buf, false)
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
        Replies::new(*self, buf, true)
    }
}
