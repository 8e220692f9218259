//! Hand-written additions to the generated [`Class`] and [`Subject`], and
//! [`SubjectCode`], the open value for any subject, registered or not.

use crate::{Class, Subject};
use core::fmt;

impl Class {
    /// The class's digit: 2, 4 or 5.
    ///
    /// ```
    /// use smtp_status::Class;
    /// assert_eq!(Class::PermanentFailure.digit(), 5);
    /// assert_eq!(Class::from_digit(Class::Success.digit()), Some(Class::Success));
    /// ```
    #[inline]
    pub const fn digit(self) -> u8 {
        self as u8
    }

    /// Whether it is [`Class::Success`] (2).
    ///
    /// ```
    /// assert!(smtp_status::Class::Success.is_success());
    /// ```
    #[inline]
    pub const fn is_success(self) -> bool {
        matches!(self, Class::Success)
    }

    /// Whether it is [`Class::PersistentTransientFailure`] (4): trying
    /// again later may work.
    ///
    /// ```
    /// assert!(smtp_status::Class::PersistentTransientFailure.is_transient());
    /// ```
    #[inline]
    pub const fn is_transient(self) -> bool {
        matches!(self, Class::PersistentTransientFailure)
    }

    /// Whether it is [`Class::PermanentFailure`] (5): trying again as it
    /// is will not work.
    ///
    /// ```
    /// assert!(smtp_status::Class::PermanentFailure.is_permanent());
    /// ```
    #[inline]
    pub const fn is_permanent(self) -> bool {
        matches!(self, Class::PermanentFailure)
    }
}

/// Writes the registry's summary ("Permanent Failure"); the digit is
/// [`Class::digit`].
///
/// ```
/// assert_eq!(smtp_status::Class::PermanentFailure.to_string(), "Permanent Failure");
/// ```
impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.summary())
    }
}

/// Writes the registry's summary ("Security or Policy Status"); the number
/// is [`Subject::number`].
///
/// ```
/// assert_eq!(smtp_status::Subject::SecurityOrPolicy.to_string(), "Security or Policy Status");
/// ```
impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.summary())
    }
}

/// The subject of any enhanced code (its second number, 0 to 999),
/// registered or not: what [`EnhancedCode::subject`](crate::EnhancedCode::subject)
/// and [`RegisteredCode::subject`](crate::RegisteredCode::subject) both
/// return. Subjects the registry does not know (the `8` of `5.8.1`) are
/// values too; [`SubjectCode::registered`] says whether it knows this one.
///
/// ```
/// use smtp_status::{EnhancedCode, Subject, SubjectCode};
/// let code: EnhancedCode = "5.8.1".parse()?;
/// assert_eq!(code.subject().number(), 8);
/// assert_eq!(code.subject().registered(), None);
/// assert_eq!(code.subject().to_string(), "8");
///
/// let known = SubjectCode::from(Subject::Mailbox);
/// assert_eq!(known.registered(), Some(Subject::Mailbox));
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubjectCode(u16);

impl SubjectCode {
    /// The subject with this number, if it is at most 999.
    ///
    /// ```
    /// use smtp_status::SubjectCode;
    /// assert_eq!(SubjectCode::new(7).map(SubjectCode::number), Some(7));
    /// assert_eq!(SubjectCode::new(1000), None);
    /// ```
    #[inline]
    pub const fn new(number: u16) -> Option<SubjectCode> {
        if number <= crate::MAX_NUMBER {
            Some(SubjectCode(number))
        } else {
            None
        }
    }

    /// For numbers known to be in range.
    #[inline]
    pub(crate) const fn new_unchecked(number: u16) -> SubjectCode {
        SubjectCode(number)
    }

    /// The number (the `7` of `5.7.1`).
    ///
    /// ```
    /// assert_eq!(smtp_status::SubjectCode::new(7).unwrap().number(), 7);
    /// ```
    #[inline]
    pub const fn number(self) -> u16 {
        self.0
    }

    /// The registry's subject with this number, if there is one.
    ///
    /// ```
    /// use smtp_status::{Subject, SubjectCode};
    /// assert_eq!(SubjectCode::new(7).unwrap().registered(), Some(Subject::SecurityOrPolicy));
    /// assert_eq!(SubjectCode::new(9).unwrap().registered(), None);
    /// ```
    #[inline]
    pub const fn registered(self) -> Option<Subject> {
        Subject::from_number(self.0)
    }
}

/// A registered subject as a subject number.
///
/// ```
/// use smtp_status::{Subject, SubjectCode};
/// assert_eq!(SubjectCode::from(Subject::Addressing).number(), 1);
/// ```
impl From<Subject> for SubjectCode {
    fn from(s: Subject) -> SubjectCode {
        SubjectCode(s.number())
    }
}

/// Writes the number (`7`).
///
/// ```
/// assert_eq!(smtp_status::SubjectCode::new(42).unwrap().to_string(), "42");
/// ```
impl fmt::Display for SubjectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
