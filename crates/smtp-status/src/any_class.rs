//! `X.s.d`: a subject and detail without a class, as the registry and
//! people write a code that stands for all three classes.

use core::fmt;
use core::str::FromStr;

use crate::{Class, EnhancedCode, ParseCodeError, RegisteredCode, SubjectCode};

/// A code written without its class, `X.1.1` (or `x.1.1`): the registry's
/// way of naming a code for every class. The subject and detail follow RFC
/// 3463's grammar; any number up to 999 is kept, registered or not.
///
/// ```
/// use smtp_status::{AnyClassCode, Class};
/// let c: AnyClassCode = "X.7.26".parse()?;
/// assert_eq!((c.subject().number(), c.detail()), (7, 26));
/// assert_eq!(c.to_string(), "X.7.26");
/// assert_eq!(c.registered().unwrap().as_str(), "X.7.26");
/// assert_eq!(c.with_class(Class::PermanentFailure).to_string(), "5.7.26");
/// assert!("X.7.606".parse::<AnyClassCode>()?.registered().is_none());
/// assert!("5.7.26".parse::<AnyClassCode>().is_err());
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnyClassCode(EnhancedCode);

impl AnyClassCode {
    /// Parses `X.s.d` or `x.s.d`: offsets in an error count from the `X`.
    ///
    /// ```
    /// use smtp_status::AnyClassCode;
    /// assert!(AnyClassCode::from_bytes(b"x.2.2").is_ok());
    /// assert!(AnyClassCode::from_bytes(b"X.01.1").is_err());
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<AnyClassCode, ParseCodeError> {
        let rest = match bytes {
            [b'X' | b'x', rest @ ..] => rest,
            _ => return Err(ParseCodeError::InvalidClass { offset: 0 }),
        };
        // The longest valid `X.ddd.ddd` is 9 bytes; read the subject and
        // detail with a stand-in class, so the grammar is the one of
        // `EnhancedCode`.
        let mut buf = [0u8; 9];
        if rest.len() + 1 > buf.len() {
            return Err(ParseCodeError::TrailingInput { offset: buf.len() });
        }
        buf[0] = b'2';
        buf[1..=rest.len()].copy_from_slice(rest);
        EnhancedCode::from_bytes(&buf[..=rest.len()]).map(AnyClassCode)
    }

    /// The subject, registered or not.
    pub const fn subject(self) -> SubjectCode {
        self.0.subject()
    }

    /// The detail.
    pub const fn detail(self) -> u16 {
        self.0.detail()
    }

    /// The registry entry of `X.s.d`, if registered.
    pub const fn registered(self) -> Option<RegisteredCode> {
        self.0.registered()
    }

    /// The code of this subject and detail in `class`.
    pub const fn with_class(self, class: Class) -> EnhancedCode {
        EnhancedCode::new_unchecked(class, self.0.subject().number(), self.0.detail())
    }
}

/// The subject and detail of a code, without its class.
///
/// ```
/// let c: smtp_status::EnhancedCode = "4.2.2".parse()?;
/// assert_eq!(smtp_status::AnyClassCode::from(c).to_string(), "X.2.2");
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
impl From<EnhancedCode> for AnyClassCode {
    fn from(code: EnhancedCode) -> AnyClassCode {
        AnyClassCode(EnhancedCode::new_unchecked(
            Class::Success,
            code.subject().number(),
            code.detail(),
        ))
    }
}

impl FromStr for AnyClassCode {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AnyClassCode::from_bytes(s.as_bytes())
    }
}

/// Writes `X.s.d`.
impl fmt::Display for AnyClassCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "X.{}.{}", self.0.subject(), self.0.detail())
    }
}
