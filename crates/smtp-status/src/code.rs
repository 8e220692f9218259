use crate::{Class, RegisteredCode, Subject};
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
        // Well-formed codes by slice patterns; every error (and its place)
        // from the parse below.
        if let Some(code) = exact(bytes) {
            return Ok(code);
        }
        EnhancedCode::from_bytes_by_byte(bytes)
    }

    /// [`EnhancedCode::from_bytes`] without the word-at-a-time path.
    const fn from_bytes_by_byte(bytes: &[u8]) -> Result<EnhancedCode, ParseCodeError> {
        match EnhancedCode::parse_prefix(bytes) {
            Ok((code, len)) => {
                if len == bytes.len() {
                    Ok(code)
                } else {
                    Err(ParseCodeError::TrailingInput { offset: len })
                }
            }
            Err(e) => Err(e),
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
        let class = match bytes.first() {
            None => return Err(ParseCodeError::Empty),
            Some(b'2') => Class::Success,
            Some(b'4') => Class::PersistentTransientFailure,
            Some(b'5') => Class::PermanentFailure,
            Some(_) => return Err(ParseCodeError::InvalidClass { offset: 0 }),
        };
        if bytes.len() < 2 || bytes[1] != b'.' {
            return Err(ParseCodeError::ExpectedDot { offset: 1 });
        }
        let (subject, end) = match number(bytes, 2, Part::Subject) {
            Ok(v) => v,
            Err(e) => return Err(e),
        };
        if end >= bytes.len() || bytes[end] != b'.' {
            return Err(ParseCodeError::ExpectedDot { offset: end });
        }
        let (detail, end) = match number(bytes, end + 1, Part::Detail) {
            Ok(v) => v,
            Err(e) => return Err(e),
        };
        Ok((
            EnhancedCode {
                class,
                subject,
                detail,
            },
            end,
        ))
    }

    /// The class.
    #[inline]
    pub const fn class(self) -> Class {
        self.class
    }

    /// The subject number, registered or not (the `7` of `5.7.606`).
    #[inline]
    pub const fn subject(self) -> u16 {
        self.subject
    }

    /// The subject, if the registry knows it.
    #[inline]
    pub const fn subject_kind(self) -> Option<Subject> {
        Subject::from_number(self.subject)
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

/// A well-formed code that is all of `bytes`, matched by its shape: one
/// arm for each pair of part lengths, so the length and the two dots pick
/// the arm and every byte is read at a fixed place.
#[inline(always)]
const fn exact(bytes: &[u8]) -> Option<EnhancedCode> {
    let (c, subject, detail) = match *bytes {
        [c, b'.', s, b'.', d] => (c, part(s, 0, 0, 1), part(d, 0, 0, 1)),
        [c, b'.', s, b'.', d, e] => (c, part(s, 0, 0, 1), part(0, d, e, 2)),
        [c, b'.', s, t, b'.', d] => (c, part(0, s, t, 2), part(d, 0, 0, 1)),
        [c, b'.', s, b'.', d, e, f] => (c, part(s, 0, 0, 1), part(d, e, f, 3)),
        [c, b'.', s, t, b'.', d, e] => (c, part(0, s, t, 2), part(0, d, e, 2)),
        [c, b'.', s, t, u, b'.', d] => (c, part(s, t, u, 3), part(d, 0, 0, 1)),
        [c, b'.', s, t, b'.', d, e, f] => (c, part(0, s, t, 2), part(d, e, f, 3)),
        [c, b'.', s, t, u, b'.', d, e] => (c, part(s, t, u, 3), part(0, d, e, 2)),
        [c, b'.', s, t, u, b'.', d, e, f] => (c, part(s, t, u, 3), part(d, e, f, 3)),
        _ => return None,
    };
    let class = match class_of(c) {
        Some(class) => class,
        None => return None,
    };
    // Any byte that was not a digit, or a leading zero, shows in `.1`.
    if max(subject.1, detail.1) > 9 {
        return None;
    }
    Some(EnhancedCode::new_unchecked(class, subject.0, detail.0))
}

/// A part of `len` digits (1 to 3) written as `a b c` with the unused
/// leading ones given as 0 (`part(a, 0, 0, 1)` is the one digit `a`):
/// its value, and the largest of its digits' values less '0', where a
/// first digit that may not be zero counts 10 when it is. The bytes were
/// digits with no leading zero exactly when that largest is at most 9.
#[inline(always)]
pub(crate) const fn part(a: u8, b: u8, c: u8, len: u8) -> (u16, u32) {
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

/// The class whose digit is `b`: one load from a 256-byte table rather
/// than a branch for each class.
#[inline(always)]
pub(crate) const fn class_of(b: u8) -> Option<Class> {
    CLASS_OF[b as usize]
}

/// [`class_of`]'s table.
const CLASS_OF: [Option<Class>; 256] = {
    let mut table = [None; 256];
    table[b'2' as usize] = Some(Class::Success);
    table[b'4' as usize] = Some(Class::PersistentTransientFailure);
    table[b'5' as usize] = Some(Class::PermanentFailure);
    table
};

#[inline(always)]
const fn number(bytes: &[u8], start: usize, part: Part) -> Result<(u16, usize), ParseCodeError> {
    let mut i = start;
    let mut value: u16 = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        if i - start == 3 {
            return Err(ParseCodeError::TooManyDigits {
                part,
                offset: start,
            });
        }
        value = value * 10 + (bytes[i] - b'0') as u16;
        i += 1;
    }
    if i == start {
        return Err(ParseCodeError::MissingNumber {
            part,
            offset: start,
        });
    }
    if bytes[start] == b'0' && i - start > 1 {
        return Err(ParseCodeError::LeadingZero {
            part,
            offset: start,
        });
    }
    Ok((value, i))
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
mod tests {
    use super::*;

    #[test]
    fn by_shape_agrees_with_byte_by_byte() {
        // Every input of 1 to 9 bytes: a class byte, then digits, dots and
        // the bytes just below '0' and above '9'.
        let mut by_shape = 0;
        crate::each_string(b"2453", b"019.:/", 9, |s| {
            let want = EnhancedCode::from_bytes_by_byte(s);
            assert_eq!(EnhancedCode::from_bytes(s), want, "{s:?}");
            if let Some(code) = exact(s) {
                assert_eq!(want, Ok(code), "{s:?}");
                by_shape += 1;
            }
        });
        // The shapes d.d.d to d.ddd.ddd with no leading zeros, over 4
        // digits: 3 classes x (4 + 3 x 4) x (4 + 3 x 4) at least.
        assert!(by_shape >= 3 * 16 * 16, "{by_shape}");
    }

    // The rejected inputs are tabled in tests/tests/roundtrip.rs.
    #[test]
    fn a_prefix_stops_at_the_detail() {
        let (code, len) = EnhancedCode::parse_prefix(b"4.7.0 Try again").unwrap();
        assert_eq!((code.subject(), code.detail(), len), (7, 0, 5));
        assert_eq!(
            EnhancedCode::parse_prefix(b"5.1.1000 x"),
            Err(ParseCodeError::TooManyDigits {
                part: Part::Detail,
                offset: 4
            })
        );
    }

    #[test]
    fn zero_alone_is_fine() {
        let c: EnhancedCode = "2.0.0".parse().unwrap();
        assert_eq!((c.subject(), c.detail()), (0, 0));
    }
}
