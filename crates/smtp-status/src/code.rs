use crate::{Class, RegisteredCode, Subject, SubjectCode};
use core::fmt;
use core::str::FromStr;

/// Any well-formed enhanced status code (RFC 3463): a class (2, 4 or 5), a
/// subject and a detail, each 0 to 999, kept exactly as received.
///
/// Registered or not, every code is a value: Microsoft's `5.7.606`, Gmail's
/// `4.7.32` and codes with subjects the registry does not know all parse,
/// print back unchanged and report their class and subject.
///
/// ```
/// use smtp_status::{Class, EnhancedCode, RegisteredCode, Subject};
///
/// let code: EnhancedCode = "5.1.1".parse()?;
/// assert_eq!(code.class(), Class::PermanentFailure);
/// assert_eq!(code.registered(), Some(RegisteredCode::BadDestinationMailboxAddress));
///
/// let ms: EnhancedCode = "5.7.606".parse()?;
/// assert_eq!(ms.detail(), 606);
/// assert_eq!(ms.subject_kind(), Some(Subject::SecurityOrPolicy));
/// assert_eq!(ms.registered(), None);
/// assert_eq!(ms.to_string(), "5.7.606");
///
/// const BLOCKED: EnhancedCode = match EnhancedCode::new(Class::PermanentFailure, 7, 708) {
///     Some(code) => code,
///     None => panic!(),
/// };
/// assert_eq!(BLOCKED.to_string(), "5.7.708");
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnhancedCode {
    class: Class,
    subject: u16,
    detail: u16,
}

/// The largest subject or detail: RFC 3463 allows 1 to 3 digits.
pub const MAX_NUMBER: u16 = 999;

impl EnhancedCode {
    /// The code with these parts, if subject and detail are at most 999.
    #[inline]
    pub const fn new(class: Class, subject: u16, detail: u16) -> Option<EnhancedCode> {
        if subject <= MAX_NUMBER && detail <= MAX_NUMBER {
            Some(EnhancedCode {
                class,
                subject,
                detail,
            })
        } else {
            None
        }
    }

    /// For parts known to be in range.
    #[inline]
    pub(crate) const fn new_unchecked(class: Class, subject: u16, detail: u16) -> EnhancedCode {
        EnhancedCode {
            class,
            subject,
            detail,
        }
    }

    /// Parses a whole code under RFC 3463's grammar: class `2`, `4` or `5`;
    /// subject and detail of 1 to 3 ASCII digits without leading zeros (`0`
    /// alone is fine); nothing before or after.
    ///
    /// ```
    /// use smtp_status::{EnhancedCode, ParseCodeError, Part};
    /// assert!(EnhancedCode::from_bytes(b"4.7.32").is_ok());
    /// assert_eq!(
    ///     EnhancedCode::from_bytes(b"5.01.1"),
    ///     Err(ParseCodeError::LeadingZero { part: Part::Subject, offset: 2 })
    /// );
    /// ```
    #[inline]
    pub const fn from_bytes(bytes: &[u8]) -> Result<EnhancedCode, ParseCodeError> {
        // Codes by their shape; every error, and its place, from the
        // reading of the code at the start (out of line).
        match scan_whole(bytes) {
            Some((class, subject, detail)) => {
                Ok(EnhancedCode::new_unchecked(class, subject, detail))
            }
            None => Err(whole_error(bytes)),
        }
    }

    /// Parses a code at the start of `bytes` and returns it with the number
    /// of bytes it took. The code ends where the detail's digits end; what
    /// follows is the caller's business (`"5.1.1 User unknown"` gives the
    /// code and 5).
    ///
    /// ```
    /// use smtp_status::EnhancedCode;
    /// let (code, len) = EnhancedCode::parse_prefix(b"5.7.26 Unauthenticated").unwrap();
    /// assert_eq!((code.to_string().as_str(), len), ("5.7.26", 6));
    /// ```
    #[inline]
    pub const fn parse_prefix(bytes: &[u8]) -> Result<(EnhancedCode, usize), ParseCodeError> {
        match scan::<false>(bytes) {
            Ok(v) => Ok(v),
            Err(fail) => Err(fail.error(bytes)),
        }
    }

    /// The class.
    #[inline]
    pub const fn class(self) -> Class {
        self.class
    }

    /// The subject, registered or not (the `7` of `5.7.606`).
    ///
    /// ```
    /// let code: smtp_status::EnhancedCode = "5.8.1".parse()?;
    /// assert_eq!(code.subject().number(), 8);
    /// # Ok::<(), smtp_status::ParseCodeError>(())
    /// ```
    #[inline]
    pub const fn subject(self) -> SubjectCode {
        SubjectCode::new_unchecked(self.subject)
    }

    /// The subject, if the registry knows it.
    #[inline]
    pub const fn subject_kind(self) -> Option<Subject> {
        Subject::from_number(self.subject)
    }

    /// Whether the class is 2 (success).
    ///
    /// ```
    /// let code: smtp_status::EnhancedCode = "2.0.0".parse()?;
    /// assert!(code.is_success() && !code.is_transient() && !code.is_permanent());
    /// # Ok::<(), smtp_status::ParseCodeError>(())
    /// ```
    #[inline]
    pub const fn is_success(self) -> bool {
        self.class.is_success()
    }

    /// Whether the class is 4 (persistent transient failure).
    ///
    /// ```
    /// assert!("4.7.0".parse::<smtp_status::EnhancedCode>()?.is_transient());
    /// # Ok::<(), smtp_status::ParseCodeError>(())
    /// ```
    #[inline]
    pub const fn is_transient(self) -> bool {
        self.class.is_transient()
    }

    /// Whether the class is 5 (permanent failure).
    ///
    /// ```
    /// assert!("5.1.1".parse::<smtp_status::EnhancedCode>()?.is_permanent());
    /// # Ok::<(), smtp_status::ParseCodeError>(())
    /// ```
    #[inline]
    pub const fn is_permanent(self) -> bool {
        self.class.is_permanent()
    }

    /// The detail number (the `606` of `5.7.606`).
    #[inline]
    pub const fn detail(self) -> u16 {
        self.detail
    }

    /// The registry's entry for this subject and detail, if there is one.
    #[inline]
    pub const fn registered(self) -> Option<RegisteredCode> {
        RegisteredCode::from_parts(self.subject, self.detail)
    }
}

/// RFC 3463's grammar of an enhanced code, the one place the crate
/// writes it: class `2`, `4` or `5`, a dot, a subject, a dot, a detail;
/// subject and detail of 1 to 3 ASCII digits without leading zeros (`0`
/// alone is fine). Reads the code at the start of `bytes` and returns it
/// with its length: it ends where the detail's digits end, and a fourth
/// digit makes it no code. [`EnhancedCode::from_bytes`] (on a window of
/// the input's length, [`scan_whole`]), [`EnhancedCode::parse_prefix`]
/// and the reply parser (its full parse and its fast path, on a fixed
/// 8-byte window) all call it.
///
/// With `WHOLE`, the code must be all of `bytes`: a byte after the detail
/// makes it no code rather than ending it.
///
/// Matched by shape: the place of the second dot gives the subject's
/// length, and the input's end or the first byte after the detail that is
/// not a digit gives the detail's; every byte is then read at a fixed
/// place and all the digits are checked by one comparison ([`part`]). With
/// `WHOLE` the compiler drops the arms that end before a byte; on a window
/// of known length it resolves the arms at compile time. The class comes
/// first, so that text that starts otherwise (most reply text) is refused
/// at once.
#[inline(always)]
pub(crate) const fn scan<const WHOLE: bool>(bytes: &[u8]) -> Result<(EnhancedCode, usize), Fail> {
    let class = match bytes {
        [] => return Err(Fail::Empty),
        [c, ..] => match CLASS_OF[*c as usize] {
            Some(class) => class,
            None => return Err(Fail::Class),
        },
    };
    let (subject, at, rest) = match bytes {
        [_, b'.', s, b'.', rest @ ..] => (part(*s, 0, 0, 1), 4, rest),
        [_, b'.', s, t, b'.', rest @ ..] => (part(0, *s, *t, 2), 5, rest),
        [_, b'.', s, t, u, b'.', rest @ ..] => (part(*s, *t, *u, 3), 6, rest),
        [_, b'.', ..] => return Err(Fail::Subject),
        _ => return Err(Fail::Dot),
    };
    let digit = u8::is_ascii_digit;
    let (detail, len) = match *rest {
        [a] => (part(a, 0, 0, 1), 1),
        [a, f, ..] if !WHOLE && !digit(&f) => (part(a, 0, 0, 1), 1),
        [a, b] => (part(0, a, b, 2), 2),
        [a, b, f, ..] if !WHOLE && !digit(&f) => (part(0, a, b, 2), 2),
        [a, b, c] => (part(a, b, c, 3), 3),
        [a, b, c, f, ..] if !WHOLE && !digit(&f) => (part(a, b, c, 3), 3),
        _ => return Err(Fail::after_subject(subject.1, at)),
    };
    // Any byte that was not a digit, or a leading zero, shows in `.1`.
    if max(subject.1, detail.1) > 9 {
        return Err(Fail::after_subject(subject.1, at));
    }
    Ok((
        EnhancedCode::new_unchecked(class, subject.0, detail.0),
        at + len,
    ))
}

/// [`scan`] of a whole input, after one jump on its length (a jump table):
/// each length a code can have, 5 to 9 bytes, gets its own copy of
/// [`scan`] on a window of that fixed length, which the compiler resolves
/// to the shapes of that length with every byte at a fixed place. `None`
/// for no code, without the reason: [`whole_error`] finds that.
///
/// The parts come back apart rather than as an [`EnhancedCode`]: merged
/// from five arms, the struct was packed into one register and unpacked
/// again (callgrind, `benches/examples/profile.rs bare`: 8.08M against
/// 7.88M instructions).
#[inline(always)]
const fn scan_whole(bytes: &[u8]) -> Option<(Class, u16, u16)> {
    match bytes.len() {
        5 => scan_fixed::<5>(bytes),
        6 => scan_fixed::<6>(bytes),
        7 => scan_fixed::<7>(bytes),
        8 => scan_fixed::<8>(bytes),
        9 => scan_fixed::<9>(bytes),
        _ => None,
    }
}

/// [`scan_whole`] of an input of `N` bytes.
#[inline(always)]
const fn scan_fixed<const N: usize>(bytes: &[u8]) -> Option<(Class, u16, u16)> {
    match bytes.first_chunk::<N>() {
        Some(window) => match scan::<true>(window) {
            Ok((code, _)) => Some((code.class, code.subject, code.detail)),
            Err(_) => None,
        },
        None => None,
    }
}

/// Why `bytes`, which [`scan_whole`] refused, is not a code: the error of
/// the code at its start, or, if there is a code there, the byte after it.
/// Out of line, so that [`scan_whole`]'s failures keep no place or reason.
#[cold]
#[inline(never)]
const fn whole_error(bytes: &[u8]) -> ParseCodeError {
    match scan::<false>(bytes) {
        Ok((_, len)) => ParseCodeError::TrailingInput { offset: len },
        Err(fail) => fail.error(bytes),
    }
}

/// The class of each byte, from [`Class::from_digit`] at compile time: one
/// load instead of a branch for each class.
const CLASS_OF: [Option<Class>; 256] = {
    let mut table = [None; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = Class::from_digit((b as u8).wrapping_sub(b'0'));
        b += 1;
    }
    table
};

/// Where [`scan`] found the input not to be a code. Only the public
/// parsers turn it into a [`ParseCodeError`] (with [`Fail::error`]), so
/// the reply parser, which needs no reason, never computes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fail {
    /// No input.
    Empty,
    /// The first byte is not a class.
    Class,
    /// No dot after the class.
    Dot,
    /// The subject, or the dot after it.
    Subject,
    /// The detail, which starts at `at`.
    Detail { at: usize },
}

impl Fail {
    /// A failure once the subject's shape is known: the subject's, if its
    /// digits (`part`'s largest, `largest`) are wrong, else the detail's.
    #[inline(always)]
    const fn after_subject(largest: u32, at: usize) -> Fail {
        if largest > 9 {
            Fail::Subject
        } else {
            Fail::Detail { at }
        }
    }

    /// The error, with its place, for `bytes`, which [`scan`] failed on.
    #[cold]
    pub(crate) const fn error(self, bytes: &[u8]) -> ParseCodeError {
        match self {
            Fail::Empty => ParseCodeError::Empty,
            Fail::Class => ParseCodeError::InvalidClass { offset: 0 },
            Fail::Dot => ParseCodeError::ExpectedDot { offset: 1 },
            Fail::Subject => number_error(bytes, 2, Part::Subject),
            Fail::Detail { at } => number_error(bytes, at, Part::Detail),
        }
    }
}

/// Why the number at `bytes[start..]` was refused: no digits, more than
/// three, a leading zero; or, for a number that has none of these, what
/// follows it.
const fn number_error(bytes: &[u8], start: usize, part: Part) -> ParseCodeError {
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    let offset = start;
    match end - start {
        0 => ParseCodeError::MissingNumber { part, offset },
        4.. => ParseCodeError::TooManyDigits { part, offset },
        n if n > 1 && bytes[start] == b'0' => ParseCodeError::LeadingZero { part, offset },
        // A good subject without its dot; a good detail with more after it
        // (when the code must be the whole input).
        _ => match part {
            Part::Subject => ParseCodeError::ExpectedDot { offset: end },
            Part::Detail => ParseCodeError::TrailingInput { offset: end },
        },
    }
}

/// A part of `len` digits (1 to 3) written as `a b c` with the unused
/// leading ones given as 0 (`part(a, 0, 0, 1)` is the one digit `a`):
/// its value, and the largest of its digits' values less '0', where a
/// first digit that may not be zero counts 10 when it is. The bytes were
/// digits with no leading zero exactly when that largest is at most 9.
#[inline(always)]
const fn part(a: u8, b: u8, c: u8, len: u8) -> (u16, u32) {
    let (a, b, c) = (less_zero(a), less_zero(b), less_zero(c));
    match len {
        1 => (a as u16, a),
        2 => (b.wrapping_mul(10).wrapping_add(c) as u16, max(lead(b), c)),
        _ => (
            a.wrapping_mul(100)
                .wrapping_add(b.wrapping_mul(10))
                .wrapping_add(c) as u16,
            max(max(lead(a), b), c),
        ),
    }
}

/// A first digit that may not be zero: 0 becomes 10, the rest stay.
#[inline(always)]
const fn lead(x: u32) -> u32 {
    x + (x == 0) as u32 * 10
}

/// A byte less '0', wrapping: 0 to 9 for digits, more for anything else.
#[inline(always)]
const fn less_zero(x: u8) -> u32 {
    (x as u32).wrapping_sub(b'0' as u32)
}

/// `u32::max` for const code.
#[inline(always)]
const fn max(a: u32, b: u32) -> u32 {
    if a > b { a } else { b }
}

impl fmt::Display for EnhancedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class as u8, self.subject, self.detail)
    }
}

impl FromStr for EnhancedCode {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EnhancedCode::from_bytes(s.as_bytes())
    }
}

impl TryFrom<&[u8]> for EnhancedCode {
    type Error = ParseCodeError;

    fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
        EnhancedCode::from_bytes(bytes)
    }
}

/// Which number of a code an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The second number (`1` in `5.1.2`).
    Subject,
    /// The third number (`2` in `5.1.2`).
    Detail,
}

impl Part {
    const fn name(self) -> &'static str {
        match self {
            Part::Subject => "subject",
            Part::Detail => "detail",
        }
    }
}

/// Why a text is not an enhanced status code, and at which byte.
///
/// ```
/// use smtp_status::{EnhancedCode, ParseCodeError};
/// let err = "3.1.1".parse::<EnhancedCode>().unwrap_err();
/// assert_eq!(err, ParseCodeError::InvalidClass { offset: 0 });
/// assert_eq!(err.to_string(), "the class must be 2, 4 or 5 (byte 0)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseCodeError {
    /// No input at all.
    Empty,
    /// The first byte is not `2`, `4` or `5`.
    InvalidClass {
        /// Byte offset of the offending byte.
        offset: usize,
    },
    /// A `.` was expected here.
    ExpectedDot {
        /// Byte offset where the dot should be.
        offset: usize,
    },
    /// The subject or detail has no digits (`5..1`).
    MissingNumber {
        /// Which number.
        part: Part,
        /// Byte offset where it should start.
        offset: usize,
    },
    /// The subject or detail starts with `0` and has more digits (`5.01.1`).
    LeadingZero {
        /// Which number.
        part: Part,
        /// Byte offset of the number.
        offset: usize,
    },
    /// The subject or detail has more than three digits (`5.1.1000`).
    TooManyDigits {
        /// Which number.
        part: Part,
        /// Byte offset of the number.
        offset: usize,
    },
    /// The code is followed by more input (`"5.1.1 "`).
    TrailingInput {
        /// Byte offset of the first byte after the code.
        offset: usize,
    },
}

impl ParseCodeError {
    /// The byte offset the error is about (0 for empty input).
    pub const fn offset(self) -> usize {
        match self {
            ParseCodeError::Empty => 0,
            ParseCodeError::InvalidClass { offset }
            | ParseCodeError::ExpectedDot { offset }
            | ParseCodeError::MissingNumber { offset, .. }
            | ParseCodeError::LeadingZero { offset, .. }
            | ParseCodeError::TooManyDigits { offset, .. }
            | ParseCodeError::TrailingInput { offset } => offset,
        }
    }
}

impl fmt::Display for ParseCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ParseCodeError::Empty => f.write_str("empty input: expected a code such as 5.1.1"),
            ParseCodeError::InvalidClass { offset } => {
                write!(f, "the class must be 2, 4 or 5 (byte {offset})")
            }
            ParseCodeError::ExpectedDot { offset } => write!(f, "expected '.' (byte {offset})"),
            ParseCodeError::MissingNumber { part, offset } => {
                write!(f, "the {} has no digits (byte {offset})", part.name())
            }
            ParseCodeError::LeadingZero { part, offset } => {
                write!(f, "the {} has a leading zero (byte {offset})", part.name())
            }
            ParseCodeError::TooManyDigits { part, offset } => {
                write!(
                    f,
                    "the {} has more than 3 digits (byte {offset})",
                    part.name()
                )
            }
            ParseCodeError::TrailingInput { offset } => {
                write!(f, "unexpected input after the code (byte {offset})")
            }
        }
    }
}

impl core::error::Error for ParseCodeError {}

#[cfg(test)]
mod tests;
