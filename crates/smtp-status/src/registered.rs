use crate::{Association, Class, Date, EnhancedCode, Reference, ReplyCode, Subject, SubjectCode};
use core::fmt;
use core::str::FromStr;

pub use crate::generated::RegisteredCode;

/// One row of the generated table: everything the registry says of a code.
pub(crate) struct Entry {
    #[allow(dead_code)] // read by the alignment test
    pub(crate) code: RegisteredCode,
    pub(crate) subject: Subject,
    pub(crate) detail: u16,
    pub(crate) code_text: &'static str,
    pub(crate) name: &'static str,
    pub(crate) sample: &'static str,
    pub(crate) description: &'static str,
    pub(crate) association: Association,
    pub(crate) basic_code_raw: &'static str,
    pub(crate) references: &'static [Reference],
    pub(crate) reference_text: &'static str,
    pub(crate) submitter: Option<&'static str>,
    pub(crate) change_controller: Option<&'static str>,
    pub(crate) added: Option<Date>,
    pub(crate) updated: Option<Date>,
    pub(crate) deprecation: Option<&'static str>,
}

impl RegisteredCode {
    #[inline]
    const fn entry(self) -> &'static Entry {
        &crate::generated::ENTRIES[self as usize]
    }

    /// The code in the registry's notation: `"X.1.1"`.
    ///
    /// ```
    /// use smtp_status::RegisteredCode;
    /// assert_eq!(RegisteredCode::MailboxFull.as_str(), "X.2.2");
    /// ```
    #[inline]
    pub const fn as_str(self) -> &'static str {
        self.entry().code_text
    }

    /// The variant's name: `"BadDestinationMailboxAddress"`.
    #[inline]
    pub const fn name(self) -> &'static str {
        self.entry().name
    }

    /// The subject (the `1` of X.1.1), as [`EnhancedCode::subject`] gives
    /// it; [`subject_kind`](Self::subject_kind) is the registry's subject.
    ///
    /// ```
    /// use smtp_status::RegisteredCode;
    /// assert_eq!(RegisteredCode::MailboxFull.subject().number(), 2);
    /// ```
    #[inline]
    pub const fn subject(self) -> SubjectCode {
        SubjectCode::new_unchecked(self.entry().subject.number())
    }

    /// The registry's subject (every registered code has a registered one).
    ///
    /// ```
    /// use smtp_status::{RegisteredCode, Subject};
    /// assert_eq!(RegisteredCode::MailboxFull.subject_kind(), Subject::Mailbox);
    /// ```
    #[inline]
    pub const fn subject_kind(self) -> Subject {
        self.entry().subject
    }

    /// The detail (the second `1` of X.1.1).
    #[inline]
    pub const fn detail(self) -> u16 {
        self.entry().detail
    }

    /// The registry's sample text ("Bad destination mailbox address");
    /// empty where the registry gives none (X.6.10).
    #[inline]
    pub const fn sample(self) -> &'static str {
        self.entry().sample
    }

    /// The registry's description as plain text: white space collapsed,
    /// references as their labels ("RFC 6376"). The rustdoc of each variant
    /// has it with links.
    #[inline]
    pub const fn description(self) -> &'static str {
        self.entry().description
    }

    /// The associated SMTP reply codes, typed.
    #[inline]
    pub const fn association(self) -> Association {
        self.entry().association
    }

    /// The reply codes the registry names for this code (none for the
    /// forms that name none; see [`association`](Self::association)).
    ///
    /// ```
    /// use smtp_status::RegisteredCode;
    /// let codes: Vec<u16> = RegisteredCode::MailboxFull.reply_codes().iter().map(|c| c.as_u16()).collect();
    /// assert_eq!(codes, [552]);
    /// ```
    #[inline]
    pub const fn reply_codes(self) -> &'static [ReplyCode] {
        self.entry().association.codes()
    }

    /// The registry's associated-reply-codes text as written, white space
    /// collapsed ("451, 550", "Not given", "").
    #[inline]
    pub const fn basic_code_raw(self) -> &'static str {
        self.entry().basic_code_raw
    }

    /// The documents that define the code.
    #[inline]
    pub const fn references(self) -> &'static [Reference] {
        self.entry().references
    }

    /// The registry's reference field as plain text
    /// ("RFC 7505 (Standards Track); RFC 7504 (Standards Track)").
    #[inline]
    pub const fn reference_text(self) -> &'static str {
        self.entry().reference_text
    }

    /// Who submitted the registration, if the registry says.
    #[inline]
    pub const fn submitter(self) -> Option<&'static str> {
        self.entry().submitter
    }

    /// Who controls changes to it, if the registry says.
    #[inline]
    pub const fn change_controller(self) -> Option<&'static str> {
        self.entry().change_controller
    }

    /// When the code was added, if the registry dates it (codes of RFC 3463
    /// and other early ones are undated).
    #[inline]
    pub const fn added(self) -> Option<Date> {
        self.entry().added
    }

    /// When the registration was last updated, if the registry says.
    #[inline]
    pub const fn updated(self) -> Option<Date> {
        self.entry().updated
    }

    /// Why the code is deprecated, if it is (the registry's own words).
    ///
    /// ```
    /// use smtp_status::RegisteredCode;
    /// # #[allow(deprecated)]
    /// let why = RegisteredCode::DuplicateOfUtf8StringReplyIsRequired.deprecation();
    /// assert_eq!(why, Some("This is a duplicate of X.6.8 and is thus deprecated."));
    /// assert_eq!(RegisteredCode::MailboxFull.deprecation(), None);
    /// ```
    #[inline]
    pub const fn deprecation(self) -> Option<&'static str> {
        self.entry().deprecation
    }

    /// The code with a class: X.1.1 with [`Class::PermanentFailure`] is `5.1.1`.
    #[inline]
    pub const fn with_class(self, class: Class) -> EnhancedCode {
        // The generator accepts only subjects and details of 1 to 3 digits.
        EnhancedCode::new_unchecked(class, self.subject().number(), self.detail())
    }
}

impl fmt::Display for RegisteredCode {
    /// Writes `X.1.1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text or code that names no registered code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseRegisteredError {
    /// Not of the form `X.subject.detail` or `class.subject.detail`.
    Malformed(crate::ParseCodeError),
    /// Well formed, but the registry has no such code.
    NotRegistered,
    /// A code with a class, such as `5.1.1`: a registered code is the
    /// registry's class-less entry (`X.1.1`), so reading one into it would
    /// drop the class. Parse an [`EnhancedCode`] and take its
    /// [`registered`](EnhancedCode::registered) entry to keep both.
    HasClass,
}

impl fmt::Display for ParseRegisteredError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseRegisteredError::Malformed(e) => e.fmt(f),
            ParseRegisteredError::NotRegistered => f.write_str("not a registered code"),
            ParseRegisteredError::HasClass => f.write_str(
                "a code with a class is not a registry entry: write X for the class \
                 (X.1.1), or parse it as an EnhancedCode",
            ),
        }
    }
}

impl core::error::Error for ParseRegisteredError {}

/// The registry's entry for a code's subject and detail (the class is
/// dropped: X.2.2 is the entry of `4.2.2` and `5.2.2`).
///
/// ```
/// use smtp_status::{EnhancedCode, ParseRegisteredError, RegisteredCode};
/// let code: EnhancedCode = "4.2.2".parse()?;
/// assert_eq!(RegisteredCode::try_from(code), Ok(RegisteredCode::MailboxFull));
/// let ms: EnhancedCode = "5.7.606".parse()?;
/// assert_eq!(RegisteredCode::try_from(ms), Err(ParseRegisteredError::NotRegistered));
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
impl TryFrom<EnhancedCode> for RegisteredCode {
    type Error = ParseRegisteredError;

    fn try_from(code: EnhancedCode) -> Result<Self, Self::Error> {
        code.registered().ok_or(ParseRegisteredError::NotRegistered)
    }
}

impl FromStr for RegisteredCode {
    type Err = ParseRegisteredError;

    /// Reads the registry's notation, `X.1.1` (or `x.1.1`). A code with a
    /// class such as `5.1.1` is refused, not read without its class: parse
    /// it as an [`EnhancedCode`], whose
    /// [`registered`](EnhancedCode::registered) gives the entry.
    ///
    /// ```
    /// use smtp_status::{EnhancedCode, ParseRegisteredError, RegisteredCode};
    /// assert_eq!("X.2.2".parse(), Ok(RegisteredCode::MailboxFull));
    /// assert_eq!("2.1.1".parse::<RegisteredCode>(), Err(ParseRegisteredError::HasClass));
    /// let code: EnhancedCode = "4.2.2".parse()?;
    /// assert_eq!(code.registered(), Some(RegisteredCode::MailboxFull));
    /// assert_eq!("X.7.606".parse::<RegisteredCode>(), Err(ParseRegisteredError::NotRegistered));
    /// # Ok::<(), smtp_status::ParseCodeError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if !matches!(s.as_bytes(), [b'X' | b'x', ..]) {
            return match EnhancedCode::from_bytes(s.as_bytes()) {
                Ok(_) => Err(ParseRegisteredError::HasClass),
                Err(e) => Err(ParseRegisteredError::Malformed(e)),
            };
        }
        crate::AnyClassCode::from_bytes(s.as_bytes())
            .map_err(ParseRegisteredError::Malformed)?
            .registered()
            .ok_or(ParseRegisteredError::NotRegistered)
    }
}
