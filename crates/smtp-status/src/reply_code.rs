use core::fmt;
use core::str::FromStr;

/// A three-digit SMTP reply code (RFC 5321 section 4.2), such as `550`.
///
/// Like `http::StatusCode` for HTTP: any code of the RFC 5321 shape is a
/// value, whether or not a document defines it. The first digit is 2 to 5,
/// the other two 0 to 9 (RFC 5321 restricts the second digit to 0 to 5;
/// servers are not always so careful, so the type does not).
///
/// ```
/// use smtp_status::{ReplyCategory, ReplyCode};
/// let code: ReplyCode = "550".parse().unwrap();
/// assert_eq!(code.as_u16(), 550);
/// assert_eq!(code.category(), ReplyCategory::PermanentNegative);
/// assert!(ReplyCode::new(650).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReplyCode(u16);

impl ReplyCode {
    /// The reply code with this value, if it is 200 to 599.
    #[inline]
    pub const fn new(code: u16) -> Option<ReplyCode> {
        if code >= 200 && code <= 599 {
            Some(ReplyCode(code))
        } else {
            None
        }
    }

    /// The reply code with this value, or an error if it is not 200 to
    /// 599 (as `http::StatusCode::from_u16`).
    ///
    /// ```
    /// use smtp_status::ReplyCode;
    /// let code = ReplyCode::from_u16(550)?;
    /// assert_eq!(code, 550);
    /// assert!(ReplyCode::from_u16(650).is_err());
    /// # Ok::<(), smtp_status::ParseReplyCodeError>(())
    /// ```
    #[inline]
    pub const fn from_u16(code: u16) -> Result<ReplyCode, ParseReplyCodeError> {
        match ReplyCode::new(code) {
            Some(code) => Ok(code),
            None => Err(ParseReplyCodeError(())),
        }
    }

    /// For generated tables whose codes were checked by the generator.
    #[inline]
    pub(crate) const fn new_unchecked(code: u16) -> ReplyCode {
        ReplyCode(code)
    }

    /// Parses exactly three ASCII digits.
    ///
    /// ```
    /// use smtp_status::ReplyCode;
    /// assert_eq!(ReplyCode::from_bytes(b"421").map(|c| c.as_u16()), Ok(421));
    /// assert!(ReplyCode::from_bytes(b"42").is_err());
    /// ```
    #[inline]
    pub const fn from_bytes(bytes: &[u8]) -> Result<ReplyCode, ParseReplyCodeError> {
        match *bytes {
            [a, b, c] => {
                if !(a >= b'2' && a <= b'5' && b.is_ascii_digit() && c.is_ascii_digit()) {
                    return Err(ParseReplyCodeError(()));
                }
                Ok(ReplyCode(
                    (a - b'0') as u16 * 100 + (b - b'0') as u16 * 10 + (c - b'0') as u16,
                ))
            }
            _ => Err(ParseReplyCodeError(())),
        }
    }

    /// The number.
    #[inline]
    pub const fn as_u16(self) -> u16 {
        self.0
    }

    /// The first digit, 2 to 5.
    #[inline]
    pub const fn first_digit(self) -> u8 {
        (self.0 / 100) as u8
    }

    /// What the first digit says (RFC 5321 section 4.2.1).
    #[inline]
    pub const fn category(self) -> ReplyCategory {
        match ReplyCategory::from_digit(self.first_digit()) {
            Some(c) => c,
            // `new` and `from_bytes` allow only 2 to 5.
            None => ReplyCategory::PermanentNegative,
        }
    }

    /// Whether it is `2yz`: the action was completed.
    ///
    /// ```
    /// use smtp_status::ReplyCode;
    /// assert!(ReplyCode::new(250).unwrap().is_success());
    /// assert!(!ReplyCode::new(354).unwrap().is_success());
    /// ```
    #[inline]
    pub const fn is_success(self) -> bool {
        self.first_digit() == 2
    }

    /// Whether it is `4yz`: not done, but trying again later may work.
    ///
    /// ```
    /// assert!(smtp_status::ReplyCode::new(451).unwrap().is_transient());
    /// ```
    #[inline]
    pub const fn is_transient(self) -> bool {
        self.first_digit() == 4
    }

    /// Whether it is `5yz`: not done, and the same request will fail again.
    ///
    /// ```
    /// assert!(smtp_status::ReplyCode::new(550).unwrap().is_permanent());
    /// ```
    #[inline]
    pub const fn is_permanent(self) -> bool {
        self.first_digit() == 5
    }

    /// The second digit, 0 to 9.
    ///
    /// ```
    /// assert_eq!(smtp_status::ReplyCode::new(554).unwrap().second_digit(), 5);
    /// ```
    #[inline]
    pub const fn second_digit(self) -> u8 {
        (self.0 / 10 % 10) as u8
    }

    /// What the second digit says (RFC 5321 section 4.2.1), if it is 0 to 5.
    ///
    /// ```
    /// use smtp_status::{ReplyCode, ReplyFunction};
    /// assert_eq!(ReplyCode::new(421).unwrap().function(), Some(ReplyFunction::Connections));
    /// assert_eq!(ReplyCode::new(580).unwrap().function(), None);
    /// ```
    #[inline]
    pub const fn function(self) -> Option<ReplyFunction> {
        match self.second_digit() {
            0 => Some(ReplyFunction::Syntax),
            1 => Some(ReplyFunction::Information),
            2 => Some(ReplyFunction::Connections),
            3 => Some(ReplyFunction::Unspecified3),
            4 => Some(ReplyFunction::Unspecified4),
            5 => Some(ReplyFunction::MailSystem),
            _ => None,
        }
    }

    /// The code's general meaning: the text of the document that defines
    /// it (RFC 5321 for most codes); when two documents define the same
    /// code (`454`: RFC 3207 and RFC 4954), their texts joined with " / ".
    /// A code no document defines has its category's meaning (RFC 5321
    /// section 4.2.1's first digit, [`ReplyCategory::as_str`]), and no
    /// [`citation`](ReplyCode::citation): that is how to tell a known code.
    /// What each document says, and the uses extensions give a code (`500`
    /// for a too long AUTH line), are in [`uses`](ReplyCode::uses).
    ///
    /// ```
    /// use smtp_status::ReplyCode;
    /// assert_eq!(ReplyCode::DOMAIN_DOES_NOT_ACCEPT_MAIL.text(), "Domain does not accept mail");
    /// assert_eq!(ReplyCode::AUTH_LINE_TOO_LONG.text(), "Syntax error, command unrecognized");
    /// assert_eq!(
    ///     ReplyCode::AUTH_TEMPORARY_FAILURE.text(),
    ///     "TLS not available due to temporary reason / Temporary authentication failure"
    /// );
    /// let unknown = ReplyCode::new(599).unwrap();
    /// assert_eq!((unknown.text(), unknown.citation()), ("Permanent Negative Completion", None));
    /// ```
    #[inline]
    pub const fn text(self) -> &'static str {
        match crate::generated_reply_codes::general(self.0) {
            Some((text, _)) => text,
            None => self.category().as_str(),
        }
    }

    /// Where the code's general meaning ([`text`](ReplyCode::text)) is
    /// defined, such as `RFC 5321 section 4.2.2`; several citations are
    /// joined with "; ". `None` for a code no document defines.
    ///
    /// ```
    /// use smtp_status::ReplyCode;
    /// assert_eq!(ReplyCode::NO_MAIL_SERVICE.citation(), Some("RFC 7504 section 3"));
    /// assert_eq!(ReplyCode::MUST_ISSUE_STARTTLS.citation(), Some("RFC 3207 section 4; RFC 4954 section 6"));
    /// ```
    #[inline]
    pub const fn citation(self) -> Option<&'static str> {
        match crate::generated_reply_codes::general(self.0) {
            Some((_, citation)) => Some(citation),
            None => None,
        }
    }

    /// The registered enhanced status codes whose associated reply codes
    /// list this one, in registry order.
    ///
    /// ```
    /// use smtp_status::{RegisteredCode, ReplyCode};
    /// let listing = ReplyCode::new(556).unwrap().registered_codes();
    /// assert_eq!(listing, &[RegisteredCode::RecipientAddressHasNullMx]);
    /// ```
    #[inline]
    pub const fn registered_codes(self) -> &'static [crate::RegisteredCode] {
        crate::generated::listing_reply_code(self.0)
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for ReplyCode {
    type Err = ParseReplyCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReplyCode::from_bytes(s.as_bytes())
    }
}

impl From<ReplyCode> for u16 {
    fn from(code: ReplyCode) -> u16 {
        code.0
    }
}

impl TryFrom<u16> for ReplyCode {
    type Error = ParseReplyCodeError;

    fn try_from(code: u16) -> Result<Self, Self::Error> {
        ReplyCode::from_u16(code)
    }
}

/// Compares with a number, as `http::StatusCode` does.
///
/// ```
/// use smtp_status::ReplyCode;
/// let code: ReplyCode = "421".parse().unwrap();
/// assert!(code == 421 && 421 == code);
/// assert!(code != 420);
/// ```
impl PartialEq<u16> for ReplyCode {
    fn eq(&self, other: &u16) -> bool {
        self.0 == *other
    }
}

/// Compares a number with a reply code (see `PartialEq<u16> for ReplyCode`).
impl PartialEq<ReplyCode> for u16 {
    fn eq(&self, other: &ReplyCode) -> bool {
        *self == other.0
    }
}

/// A text or number that is not a reply code (three digits, 200 to 599).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseReplyCodeError(());

impl fmt::Display for ParseReplyCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an SMTP reply code: expected three digits from 200 to 599")
    }
}

impl core::error::Error for ParseReplyCodeError {}

/// What the second digit of a reply code says (RFC 5321 section 4.2.1).
///
/// ```
/// use smtp_status::{ReplyCode, ReplyFunction};
/// assert_eq!(ReplyCode::new(250).unwrap().function(), Some(ReplyFunction::MailSystem));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReplyFunction {
    /// `x0z`: syntax errors, syntactically correct commands that fit no
    /// functional category, unimplemented or superfluous commands.
    Syntax = 0,
    /// `x1z`: replies to requests for information, such as status or help.
    Information = 1,
    /// `x2z`: replies about the transmission channel.
    Connections = 2,
    /// `x3z`: unspecified.
    Unspecified3 = 3,
    /// `x4z`: unspecified.
    Unspecified4 = 4,
    /// `x5z`: the status of the receiver mail system for the requested transfer.
    MailSystem = 5,
}

/// What the first digit of a reply code says (RFC 5321 section 4.2.1).
///
/// ```
/// use smtp_status::{Class, ReplyCategory};
/// assert_eq!(ReplyCategory::TransientNegative.enhanced_class(), Some(Class::PersistentTransientFailure));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReplyCategory {
    /// `2yz`: the requested action has been successfully completed.
    PositiveCompletion = 2,
    /// `3yz`: the command has been accepted, but further information is needed.
    PositiveIntermediate = 3,
    /// `4yz`: not accepted, and the action did not occur, but the error is temporary.
    TransientNegative = 4,
    /// `5yz`: not accepted, and the action did not occur; do not repeat the same request.
    PermanentNegative = 5,
}

impl ReplyCategory {
    /// RFC 5321's name, as `Display` writes it.
    ///
    /// ```
    /// use smtp_status::ReplyCategory;
    /// assert_eq!(ReplyCategory::TransientNegative.as_str(), "Transient Negative Completion");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ReplyCategory::PositiveCompletion => "Positive Completion",
            ReplyCategory::PositiveIntermediate => "Positive Intermediate",
            ReplyCategory::TransientNegative => "Transient Negative Completion",
            ReplyCategory::PermanentNegative => "Permanent Negative Completion",
        }
    }

    /// What the category means for the client, one sentence (RFC 5321
    /// section 4.2.1).
    ///
    /// ```
    /// use smtp_status::ReplyCategory;
    /// assert!(ReplyCategory::TransientNegative.description().contains("try again"));
    /// ```
    pub const fn description(self) -> &'static str {
        match self {
            ReplyCategory::PositiveCompletion => "the action was completed",
            ReplyCategory::PositiveIntermediate => "more information is needed",
            ReplyCategory::TransientNegative => "not done, try again later",
            ReplyCategory::PermanentNegative => "not done, do not repeat as is",
        }
    }

    /// The category whose digit this is (2 to 5).
    ///
    /// ```
    /// use smtp_status::ReplyCategory;
    /// assert_eq!(ReplyCategory::from_digit(3), Some(ReplyCategory::PositiveIntermediate));
    /// assert_eq!(ReplyCategory::from_digit(6), None);
    /// ```
    pub const fn from_digit(digit: u8) -> Option<ReplyCategory> {
        match digit {
            2 => Some(ReplyCategory::PositiveCompletion),
            3 => Some(ReplyCategory::PositiveIntermediate),
            4 => Some(ReplyCategory::TransientNegative),
            5 => Some(ReplyCategory::PermanentNegative),
            _ => None,
        }
    }

    /// The digit, 2 to 5.
    pub const fn digit(self) -> u8 {
        self as u8
    }

    /// The enhanced status code class that matches (RFC 3463): 2, 4 and 5
    /// have one; 3 (intermediate) has none.
    pub const fn enhanced_class(self) -> Option<crate::Class> {
        crate::Class::from_digit(self as u8)
    }
}

/// Writes RFC 5321's name ("Permanent Negative Completion").
///
/// ```
/// use smtp_status::ReplyCode;
/// assert_eq!(ReplyCode::new(550).unwrap().category().to_string(), "Permanent Negative Completion");
/// ```
impl fmt::Display for ReplyCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
