//! The one record of a bounce: [`Bounce`], whatever its format, with one
//! [`Recipient`] per recipient, each with its verdict and, for an RFC 3464
//! report, the report's own fields ([`DsnFacts`]).

use serde::Serialize;
use smtp_status::EnhancedCode;

use super::email::mime::MAX_NESTING;
use super::formats::Format;
use crate::{Classified, ReplySummary};

/// The largest email [`read`](crate::read) accepts (16 MiB).
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// A bounce email read: what kind of report it is, what it says of itself,
/// what was repaired or contradicts itself in it, and each recipient.
///
/// ```
/// let b = smtp_status_explain::read(b"Reporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; b@c.example\nAction: delayed\nStatus: 4.4.1\n")?;
/// assert_eq!(b.format, smtp_status_explain::Format::Dsn);
/// assert_eq!(b.reporting_mta.as_deref(), Some("a.example"));
/// assert_eq!(b.recipients[0].reason, smtp_status_explain::Reason::Expired);
/// # Ok::<(), smtp_status_explain::BounceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Bounce {
    /// What kind of report it is.
    pub format: Format,
    /// `Reporting-MTA` of the first RFC 3464 report that has one.
    pub reporting_mta: Option<String>,
    /// `Subject` of the bounce email.
    pub subject: Option<String>,
    /// What was repaired while reading a malformed report, parts that could
    /// not be read, and contradictions between a recipient's fields (an
    /// Action that contradicts its Status), one sentence each.
    pub warnings: Vec<String>,
    /// What could not be read at all (a malformed delivery-status part,
    /// skipped): the recipients it held are missing. Each is also one of
    /// the `warnings`.
    pub skipped: Vec<String>,
    /// Each recipient, in order.
    pub recipients: Vec<Recipient>,
}

impl Bounce {
    pub(crate) fn new(format: Format) -> Self {
        Bounce {
            format,
            reporting_mta: None,
            subject: None,
            warnings: Vec::new(),
            skipped: Vec::new(),
            recipients: Vec::new(),
        }
    }
}

/// One recipient of any bounce: its address, codes, diagnostic and verdict
/// ([`Classified`], whose fields it gives directly: `r.reason`, `r.hard`),
/// and the RFC 3464 fields when the report has them. JSON: one flat object,
/// the fields of [`Classified`] and `dsn` (an object or null).
///
/// ```
/// let raw = b"From: MAILER-DAEMON@a.example\nSubject: failure notice\n\n\
/// Hi. This is the qmail-send program at a.example.\n\
/// I'm afraid I wasn't able to deliver your message to the following addresses.\n\n\
/// <nobody@b.example>:\nSorry, no mailbox here by that name. (#5.1.1)\n";
/// let b = smtp_status_explain::read(raw)?;
/// let r = &b.recipients[0];
/// assert_eq!(r.recipient.as_deref(), Some("nobody@b.example"));
/// assert_eq!(r.reason, smtp_status_explain::Reason::UserUnknown);
/// assert!(r.hard && r.dsn.is_none());
/// # Ok::<(), smtp_status_explain::BounceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Recipient {
    /// The address, codes, diagnostic text and verdict.
    #[serde(flatten)]
    pub facts: Classified,
    /// The fields of the recipient's block of an RFC 3464 report.
    pub dsn: Option<DsnFacts>,
}

impl std::ops::Deref for Recipient {
    type Target = Classified;

    fn deref(&self) -> &Classified {
        &self.facts
    }
}

/// The fields of one recipient's block of an RFC 3464 report, as written,
/// checked against each other: whether Status and the reply agree, and
/// whether Action contradicts Status.
///
/// ```
/// let b = smtp_status_explain::read(b"X: 1\n\nFinal-Recipient: rfc822; b@c\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 full\n")?;
/// let dsn = b.recipients[0].dsn.as_ref().unwrap();
/// assert_eq!(dsn.action, "failed");
/// assert_eq!(dsn.agreement, smtp_status_explain::Agreement::Agree);
/// # Ok::<(), smtp_status_explain::BounceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DsnFacts {
    /// `Final-Recipient` address (without its type).
    pub recipient: Option<String>,
    /// `Original-Recipient` address (without its type).
    pub original_recipient: Option<String>,
    /// `Action`, lower case (`failed`, `delayed`, `delivered`, `relayed`,
    /// `expanded`, or as written).
    pub action: String,
    /// Whether `Action` is `failed`: `delayed`, `delivered`, `relayed` and
    /// `expanded` are not failures.
    pub is_failure: bool,
    /// The `Status` code.
    pub status: Option<EnhancedCode>,
    /// The `Status` field's comment.
    pub status_comment: Option<String>,
    /// A `Status` field that is not a code, as written.
    pub status_invalid: Option<String>,
    /// `Remote-MTA` (without its type).
    pub remote_mta: Option<String>,
    /// `Diagnostic-Code` type (`smtp`, `X-Postfix`, ...).
    pub diagnostic_type: Option<String>,
    /// `Diagnostic-Code` text, unfolded.
    pub diagnostic: Option<String>,
    /// The reply read from an `smtp` Diagnostic-Code.
    pub reply: Option<ReplySummary>,
    /// Whether Status and the reply agree.
    pub agreement: Agreement,
    /// `Last-Attempt-Date`, as written.
    pub last_attempt_date: Option<String>,
    /// `Will-Retry-Until`, as written.
    pub will_retry_until: Option<String>,
    /// Fields the RFC does not define, as `(name, value)`.
    pub extension_fields: Vec<(String, String)>,
    /// Contradictions between the fields (such as `Action: delivered` with a
    /// 5.x.x Status); each is also one of the bounce's warnings.
    pub warnings: Vec<RecipientWarning>,
}

/// Whether a recipient's `Status` and the reply in its `smtp`
/// Diagnostic-Code agree. `Display` writes one sentence.
///
/// ```
/// assert_eq!(smtp_status_explain::Agreement::Agree.as_str(), "agree");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Same class, and the same enhanced code where the reply has one.
    Agree,
    /// Same class, but Status is the generic `X.0.0` and the reply's
    /// enhanced code is more specific: no contradiction.
    Compatible {
        /// The Status.
        status: EnhancedCode,
        /// The reply's enhanced code.
        reply: EnhancedCode,
    },
    /// Status and reply say different things.
    Disagree(Disagreement),
    /// No reply to compare with (no `smtp` Diagnostic-Code, or it could not
    /// be read), or no Status.
    NotComparable,
}

/// How a recipient's `Status` and its reply disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disagreement {
    /// The Status's class does not fit the reply code
    /// ([`smtp_status::ReplyCode::class_agreement`]).
    Class {
        /// The Status.
        status: EnhancedCode,
        /// The reply code.
        reply_code: smtp_status::ReplyCode,
    },
    /// Same class, different enhanced codes.
    Code {
        /// The Status.
        status: EnhancedCode,
        /// The reply's enhanced code.
        reply: EnhancedCode,
    },
}

impl Agreement {
    /// `agree`, `compatible`, `disagree` or `not-comparable`.
    ///
    /// ```
    /// assert_eq!(smtp_status_explain::Agreement::NotComparable.as_str(), "not-comparable");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Agreement::Agree => "agree",
            Agreement::Compatible { .. } => "compatible",
            Agreement::Disagree(_) => "disagree",
            Agreement::NotComparable => "not-comparable",
        }
    }
}

/// A contradiction between a recipient's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecipientWarning {
    /// `Action` and the class of `Status` contradict each other (RFC 3464
    /// section 2.3.3, RFC 3463 section 3.1), such as `Action: delivered`
    /// with a 5.x.x Status.
    ActionContradictsStatus {
        /// The action, lower case.
        action: String,
        /// The Status.
        status: EnhancedCode,
    },
}

/// Why no report was found.
///
/// ```
/// let e = smtp_status_explain::read(b"").unwrap_err();
/// assert_eq!(e.to_string(), "empty input");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BounceError {
    /// Nothing to read.
    Empty,
    /// More than [`MAX_INPUT`] bytes.
    TooLarge,
    /// No `message/delivery-status` part, and the input is not one.
    NoReport,
    /// No report found, and parts nested deeper than [`MAX_NESTING`] levels
    /// were not read.
    NestingLimit,
    /// The headers say it is a bounce (its sender or subject), but it names
    /// no recipient and gives no code or known wording: nothing to classify.
    NoDetail,
}

impl std::fmt::Display for BounceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BounceError::Empty => f.write_str("empty input"),
            BounceError::TooLarge => write!(f, "input larger than {MAX_INPUT} bytes"),
            BounceError::NoReport => f.write_str(
                "not a bounce: no delivery-status report found (no message/delivery-status part, and the input is not one)",
            ),
            BounceError::NestingLimit => write!(
                f,
                "no delivery-status report found within the nesting limit of {MAX_NESTING} MIME levels (deeper parts were not read)"
            ),
            BounceError::NoDetail => f.write_str(
                "a bounce by its headers (sender or subject), but it names no recipient and gives no code or known wording: nothing to classify",
            ),
        }
    }
}

impl std::error::Error for BounceError {}
