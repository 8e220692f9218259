//! The bounce formats, one reader a file, each with the same signature
//! ([`Reader`]) over one email ([`Email`]): `rfc3464` (delivery-status
//! reports), `arf` (feedback reports), `ses` (Amazon SES JSON), `plain`
//! (bounces written for people, every MTA's family) and `auto_reply`
//! (RFC 3834). The order they are tried in is `READERS` in
//! `bounce/classify.rs`, the one place that says it.
//!
//! A reader answers `None` when the email is not of its format, and
//! otherwise the recipients it found (or why the email, though of its
//! format, gives nothing to classify). It reads the email's facts and hands
//! the verdict typed facts (`crate::verdict`); it never decides a reason
//! itself except where its format says so (a feedback report, a vacation
//! reply).

use serde::Serialize;

use crate::bounce::email::head::Head;
use crate::bounce::email::mime::Found;
use crate::{Bounce, BounceError, Classified, Evidence, Reason, Recipient, Rule};

pub(crate) mod arf;
pub(crate) mod auto_reply;
pub(crate) mod plain;
pub(crate) mod rfc3464;
pub(crate) mod ses;

/// One email, as every reader sees it: its header block, its MIME parts
/// and its human-readable text.
pub(crate) struct Email<'a> {
    /// The email's own header fields.
    pub head: Head<'a>,
    /// What the MIME walk found.
    pub found: &'a Found<'a>,
    /// The human-readable text parts, joined (or the body as it is, when
    /// no text part could be read).
    pub text: String,
    /// The whole email (line ends made LF).
    pub raw: &'a [u8],
    /// The bytes after the header block.
    pub body: &'a [u8],
    /// Whether this is the email given, not one found forwarded inside it.
    pub outer: bool,
}

/// The one signature of every format reader: `None` when the email is not
/// of the reader's format; otherwise its recipients go to the [`Sink`], and
/// the answer says whether the email gave any.
pub(crate) type Reader = fn(&Email<'_>, &mut Sink<'_>) -> Option<Result<(), BounceError>>;

/// Where a reader puts what it found: the bounce's header and warnings in
/// `bounce`, each recipient handed on as soon as it is decided, so that a
/// report with many recipients needs no memory per recipient.
pub(crate) struct Sink<'s> {
    /// The bounce so far, without its recipients.
    pub bounce: Bounce,
    each: &'s mut dyn FnMut(&Bounce, Recipient),
}

impl<'s> Sink<'s> {
    pub(crate) fn new(each: &'s mut dyn FnMut(&Bounce, Recipient)) -> Self {
        Sink {
            bounce: Bounce::new(Format::PlainText),
            each,
        }
    }

    /// Hands one recipient on.
    pub(crate) fn recipient(&mut self, r: Recipient) {
        (self.each)(&self.bounce, r);
    }

    /// A reader's whole answer at once: its format, warnings and
    /// recipients (none of them with RFC 3464 fields).
    pub(crate) fn all(&mut self, c: Classification) -> Option<Result<(), BounceError>> {
        self.bounce.format = c.format;
        self.bounce.warnings.extend(c.warnings);
        for facts in c.recipients {
            self.recipient(Recipient { facts, dsn: None });
        }
        Some(Ok(()))
    }
}

/// What kind of report the email is.
///
/// ```
/// assert_eq!(smtp_status_explain::Format::Dsn.as_str(), "rfc3464");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Format {
    /// A delivery-status report (RFC 3464).
    #[serde(rename = "rfc3464")]
    Dsn,
    /// A bounce written for people, without a delivery-status part.
    #[serde(rename = "plain-text")]
    PlainText,
    /// A feedback (complaint) report (RFC 5965 ARF, or a provider's own).
    #[serde(rename = "feedback")]
    Feedback,
    /// An automatic reply (RFC 3834).
    #[serde(rename = "auto-reply")]
    AutoReply,
    /// An Amazon SES notification (JSON) about a bounce or a delivery.
    #[serde(rename = "ses")]
    Ses,
}

impl Format {
    /// `rfc3464`, `plain-text`, `feedback`, `auto-reply` or `ses`.
    ///
    /// ```
    /// assert_eq!(smtp_status_explain::Format::AutoReply.as_str(), "auto-reply");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dsn => "rfc3464",
            Format::PlainText => "plain-text",
            Format::Feedback => "feedback",
            Format::AutoReply => "auto-reply",
            Format::Ses => "ses",
        }
    }
}

/// What a reader found, all at once.
pub(crate) struct Classification {
    /// What kind of report it is.
    pub format: Format,
    /// Each recipient, in order.
    pub recipients: Vec<Classified>,
    /// What was recovered from a malformed report, one sentence each.
    pub warnings: Vec<String>,
}

/// A result that is not a failure (feedback, vacation).
pub(crate) fn not_failure(reason: Reason, recipient: Option<String>, rule: Rule) -> Classified {
    Classified {
        recipient,
        action: None,
        reason,
        about: reason.about(),
        hard: false,
        advice: reason.advice(false),
        status: None,
        dsn_status: None,
        reply_code: None,
        diagnostic: None,
        feedback_type: None,
        evidence: Evidence::Rule { rule },
    }
}
