//! A zero-copy, allocation-free parser for SMTP replies (RFC 5321 section
//! 4.2), with the enhanced status code of RFC 2034 when one leads the text.
//!
//! - [`parse`]: one complete reply, lenient.
//! - [`Options::parse`]: streaming; says [`Progress::Incomplete`] when the
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

mod errors;
mod fast;
mod full;
mod line;
mod options;
mod packed;
mod parsed;
mod scan;
mod text;

pub use errors::{ErrorKind, ParseError, Warning, Warnings};
pub use options::{Options, RFC5321_MAX_LINE_LEN};
pub use parsed::{DetailedLines, Line, Progress, Replies, Reply};
pub use text::Text;

/// One complete, lenient parse of the reply at the start of `input`; bytes
/// after it are left alone ([`Reply::len`]).
///
/// ```
/// let r = smtp_status::reply::parse(b"421 4.7.0 Try again later, closing connection.\r\n")?;
/// assert_eq!(r.code().as_u16(), 421);
/// # Ok::<(), smtp_status::reply::ParseError>(())
/// ```
#[inline]
pub fn parse(input: &[u8]) -> Result<Reply<'_>, ParseError> {
    complete(&Options::lenient(), input)
}

/// [`Options::parse_complete`]: [`parse_at`]'s two steps, spelled out so
/// that the fast path's reply is returned as it is, not wrapped in
/// [`Progress`] and unwrapped. Always inlined, so that the public `parse`
/// and `parse_complete` keep the fast path in their caller's loop without
/// being `#[inline(always)]` themselves.
#[inline(always)]
fn complete<'a>(o: &Options, buf: &'a [u8]) -> Result<Reply<'a>, ParseError> {
    if let Some(r) = fast::parse_fast(o, buf, 0) {
        return Ok(r);
    }
    match full::parse_full(o, buf, 0, !o.strict)? {
        Progress::Complete(r) => Ok(r),
        Progress::Incomplete { .. } => Err(ParseError::new(ErrorKind::Incomplete, buf.len())),
    }
}

/// Parses the reply starting at `buf[start..]`. With `eof`, the end of the
/// buffer ends the last line.
///
/// Tries [`fast::parse_fast`] first; whatever it is not sure of goes to
/// [`full::parse_full`], which gives the same answer for everything the
/// fast path accepts (checked by the tests in `fast` and by the property
/// tests).
#[inline(always)]
fn parse_at<'a>(
    o: &Options,
    buf: &'a [u8],
    start: usize,
    eof: bool,
) -> Result<Progress<Reply<'a>>, ParseError> {
    match fast::parse_fast(o, buf, start) {
        Some(r) => Ok(Progress::Complete(r)),
        None => full::parse_full(o, buf, start, eof),
    }
}
