//! Explains what a user pastes: enhanced status codes, reply codes, SMTP
//! replies, codes found in free text ([`explain`]), and, with the `bounce`
//! feature, the delivery-status report (RFC 3464) of a whole bounce email,
//! recipient by recipient ([`read`], [`parse`]).
//!
//! With the `bounce` feature it also says why a delivery failed and whether
//! to retry: [`classify`] gives every recipient of any bounce (RFC 3464,
//! plain-text, feedback report, auto-reply) a [`Reason`], hard or soft,
//! [`Advice`] and the [`Evidence`]; [`verdict`] does the same for one reply
//! or log line, and [`explain`] adds it to a failed reply or text.
//!
//! Every report is a typed value: `Display` writes the human form (escaped:
//! see [`human`]), `serde::Serialize` the JSON form. The JSON shapes, field
//! by field, are documented in docs/json.md of the repository; the
//! `smtp-status` command writes exactly these.
//!
//! The MIME walk (multipart/report, nested messages, base64 and
//! quoted-printable) is this crate's own, with [`mail_parser`] reading the
//! header blocks, so the core `smtp-status` crate stays free of
//! dependencies; the report itself is read with [`smtp_status::dsn`].
//!
//! The core crate is re-exported as [`smtp_status`](mod@smtp_status), so its
//! types come from the version this crate was built with, without a second
//! dependency to keep in step:
//!
//! ```
//! use smtp_status_explain::smtp_status::{EnhancedCode, ReplyCode};
//! let code: EnhancedCode = "5.1.1".parse().unwrap();
//! assert_eq!(code.to_string(), "5.1.1");
//! assert_eq!(ReplyCode::from_u16(550).unwrap(), 550);
//! ```
//!
//! ```
//! # #[cfg(feature = "bounce")]
//! # fn main() -> Result<(), smtp_status_explain::BounceError> {
//! let raw = b"From: MAILER-DAEMON@mx.example\r\n\
//! Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
//! \r\n\
//! --b\r\n\
//! Content-Type: text/plain\r\n\
//! \r\n\
//! Your message could not be delivered.\r\n\
//! --b\r\n\
//! Content-Type: message/delivery-status\r\n\
//! \r\n\
//! Reporting-MTA: dns; mx.example\r\n\
//! \r\n\
//! Final-Recipient: rfc822; nobody@example.net\r\n\
//! Action: failed\r\n\
//! Status: 5.1.1\r\n\
//! Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: User unknown\r\n\
//! --b--\r\n";
//! let bounce = smtp_status_explain::parse(raw)?;
//! let r = &bounce.recipients[0];
//! assert_eq!(r.recipient.as_deref(), Some("nobody@example.net"));
//! assert!(r.is_failure);
//! assert_eq!(r.status.unwrap().to_string(), "5.1.1");
//! assert_eq!(r.reply.as_ref().unwrap().code.as_u16(), 550);
//! assert_eq!(r.agreement, smtp_status_explain::Agreement::Agree);
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "bounce"))]
//! # fn main() {}
//! ```

#[cfg(feature = "bounce")]
mod bounce_report;
#[cfg(feature = "bounce")]
mod classify;
mod code;
mod explain;
#[cfg(feature = "bounce")]
mod formats;
#[cfg(feature = "bounce")]
mod head;
pub mod human;
#[cfg(all(test, feature = "bounce"))]
mod linear;
#[cfg(feature = "bounce")]
pub mod mailbox;
#[cfg(feature = "bounce")]
pub mod mbox;
#[cfg(feature = "bounce")]
mod mime;
#[cfg(feature = "bounce")]
mod named;
#[cfg(feature = "bounce")]
mod plain;
#[cfg(feature = "bounce")]
mod recipient;
pub mod reply;
#[cfg(feature = "bounce")]
mod ses;
mod stream;
mod text;
mod verdict;
mod work;

#[cfg(feature = "bounce")]
#[rustfmt::skip]
#[path = "generated/patterns.rs"]
mod patterns;
#[cfg(feature = "bounce")]
#[rustfmt::skip]
#[path = "generated/code_reasons.rs"]
mod code_reasons;

/// The core crate, `smtp-status`, at the version this crate uses.
pub use smtp_status;

pub use code::{AnyClassReport, CodeReport, RegistryEntry, ReplyCodeReport, reply_meaning};
pub use explain::{CodeExplanation, ExplainCause, ExplainError, Explanation, explain, text};
pub use reply::ReplySummary;
pub use stream::{Item, MAX_LINE, Stream, explain_reader};
pub use text::{Finding, TextReport};

#[cfg(feature = "bounce")]
use std::borrow::Cow;

#[cfg(feature = "bounce")]
use smtp_status::EnhancedCode;
#[cfg(feature = "bounce")]
use smtp_status::dsn;

#[cfg(feature = "bounce")]
pub use bounce_report::{BounceHeader, BounceLine, BounceSummary, EmailError};
#[cfg(feature = "bounce")]
pub use classify::{Classification, Classified, Format, classify};
#[cfg(feature = "bounce")]
pub use mime::MAX_NESTING;
pub use verdict::evidence::{Evidence, Rule, Verdict};
pub use verdict::reason::{About, Advice, Reason, UnknownReason};
#[cfg(feature = "bounce")]
pub use verdict::verdict::{classify_text, verdict};

#[cfg(feature = "bounce")]
/// The largest input [`parse`] accepts (16 MiB).
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

#[cfg(feature = "bounce")]
/// A bounce email's reports, one entry per recipient.
///
/// ```
/// let b = smtp_status_explain::parse(b"Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; b@c\nAction: delayed\nStatus: 4.4.1\n")?;
/// assert!(!b.recipients[0].is_failure);
/// # Ok::<(), smtp_status_explain::BounceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounce {
    /// `Reporting-MTA` of the (first) report.
    pub reporting_mta: Option<String>,
    /// `Subject` of the bounce email, if it was an email.
    pub subject: Option<String>,
    /// Each recipient of each report, in order.
    pub recipients: Vec<Recipient>,
    /// The delivery-status parts that could not be read (beside good ones).
    pub problems: Vec<PartProblem>,
}

#[cfg(feature = "bounce")]
/// One recipient's outcome.
///
/// ```
/// let b = smtp_status_explain::parse(b"X: 1\n\nFinal-Recipient: rfc822; b@c\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 full\n")?;
/// assert_eq!(b.recipients[0].action, "failed");
/// # Ok::<(), smtp_status_explain::BounceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
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
    /// 5.x.x Status).
    pub warnings: Vec<RecipientWarning>,
    /// Why it bounced: reason, hard or soft, advice and evidence (from the
    /// fields, the Diagnostic-Code and the email's human-readable part).
    pub classification: Option<Classified>,
}

#[cfg(feature = "bounce")]
/// Whether a recipient's `Status` and the reply in its `smtp`
/// Diagnostic-Code agree. `Display` writes one sentence.
///
/// ```
/// assert_eq!(smtp_status_explain::Agreement::Agree.as_str(), "agree");
/// ```
#[cfg(feature = "bounce")]
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
#[cfg(feature = "bounce")]
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

#[cfg(feature = "bounce")]
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
#[cfg(feature = "bounce")]
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

#[cfg(feature = "bounce")]
/// Why no report was found.
///
/// ```
/// let e = smtp_status_explain::parse(b"").unwrap_err();
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
    /// The report is malformed.
    Report(dsn::DsnError),
    /// The headers say it is a bounce (its sender or subject), but it names
    /// no recipient and gives no code or known wording: nothing to classify.
    NoDetail,
}

#[cfg(feature = "bounce")]
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
            BounceError::Report(e) => write!(f, "malformed delivery-status report: {e}"),
            BounceError::NoDetail => f.write_str(
                "a bounce by its headers (sender or subject), but it names no recipient and gives no code or known wording: nothing to classify",
            ),
        }
    }
}

#[cfg(feature = "bounce")]
impl std::error::Error for BounceError {}

#[cfg(feature = "bounce")]
/// A delivery-status part that could not be read, beside others that could.
///
/// ```
/// let raw = b"Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; a\n\nAction: failed\n--b\nContent-Type: message/delivery-status\n\nnot a field\n--b--\n";
/// let b = smtp_status_explain::parse(raw)?;
/// assert_eq!(b.recipients.len(), 1);
/// assert_eq!(b.problems[0].part, 2);
/// assert!(b.problems[0].to_string().starts_with("delivery-status part 2 of 2 is malformed"));
/// # Ok::<(), smtp_status_explain::BounceError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartProblem {
    /// Which delivery-status part (1 for the first), in email order.
    pub part: usize,
    /// How many delivery-status parts the email has.
    pub of: usize,
    /// What is wrong with it (the offset is within the part's body).
    pub error: dsn::DsnError,
}

#[cfg(feature = "bounce")]
impl std::fmt::Display for PartProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "delivery-status part {} of {} is malformed and was skipped: {}",
            self.part, self.of, self.error
        )
    }
}

#[cfg(feature = "bounce")]
/// The delivery-status reports found in an email, checked, with the
/// recipients read one at a time ([`Reports::recipients`]), so that a
/// report with many recipients needs no memory per recipient.
///
/// ```
/// let reports = smtp_status_explain::read(b"Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; b@c\nAction: failed\nStatus: 5.1.1\n")?;
/// assert_eq!(reports.reporting_mta().as_deref(), Some("a"));
/// assert_eq!(reports.recipients().count(), 1);
/// # Ok::<(), smtp_status_explain::BounceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reports<'a> {
    subject: Option<String>,
    bodies: Vec<Cow<'a, str>>,
    problems: Vec<PartProblem>,
    /// The email's human-readable text, for the classification.
    text: String,
}

#[cfg(feature = "bounce")]
impl<'a> Reports<'a> {
    /// `Subject` of the bounce email, if it was an email.
    ///
    /// ```
    /// let r = smtp_status_explain::read(b"Reporting-MTA: dns; a\n\nAction: failed\n")?;
    /// assert_eq!(r.subject(), None);
    /// # Ok::<(), smtp_status_explain::BounceError>(())
    /// ```
    pub fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }

    /// `Reporting-MTA` of the first report that has one.
    ///
    /// ```
    /// let r = smtp_status_explain::read(b"Reporting-MTA: dns; mx.example\n\nAction: failed\n")?;
    /// assert_eq!(r.reporting_mta().as_deref(), Some("mx.example"));
    /// # Ok::<(), smtp_status_explain::BounceError>(())
    /// ```
    pub fn reporting_mta(&self) -> Option<String> {
        self.reports()
            .find_map(|r| r.per_message().reporting_mta())
            .map(|t| t.value().to_string())
    }

    /// Each recipient of each report, in order, explained as it is reached.
    ///
    /// ```
    /// let r = smtp_status_explain::read(b"Reporting-MTA: dns; a\n\nAction: failed\n\nAction: delayed\n")?;
    /// assert_eq!(r.recipients().filter(|r| r.is_failure).count(), 1);
    /// # Ok::<(), smtp_status_explain::BounceError>(())
    /// ```
    pub fn recipients(&self) -> impl Iterator<Item = Recipient> + '_ {
        // Where the text names each recipient, found in one pass over it.
        let named = self
            .reports()
            .flat_map(|r| r.recipients())
            .filter_map(|r| r.final_recipient().map(|t| t.value().to_string()))
            .map(|a| formats::strip_angle(&a));
        let text = named::EmailText::new(&self.text, named);
        self.reports().flat_map(|r| r.recipients()).map(move |r| {
            let mut rec = recipient::recipient(&r);
            rec.classification = Some(formats::classify_recipient(&rec, &text));
            rec
        })
    }

    /// The delivery-status parts that could not be read, beside the good
    /// ones (when none can be read, [`read`] fails instead).
    ///
    /// ```
    /// let r = smtp_status_explain::read(b"Reporting-MTA: dns; a\n\nAction: failed\n")?;
    /// assert!(r.problems().is_empty());
    /// # Ok::<(), smtp_status_explain::BounceError>(())
    /// ```
    pub fn problems(&self) -> &[PartProblem] {
        &self.problems
    }

    fn reports(&self) -> impl Iterator<Item = dsn::DeliveryStatus<'_>> + '_ {
        self.bodies.iter().filter_map(|b| dsn::parse(b).ok())
    }
}

#[cfg(feature = "bounce")]
/// Reads a whole bounce email (or a bare `message/delivery-status` body)
/// and explains each recipient; [`read`] does the same one recipient at a
/// time.
///
/// ```
/// assert!(smtp_status_explain::parse(b"Subject: hi\r\n\r\nhello\r\n").is_err());
/// ```
pub fn parse(raw: &[u8]) -> Result<Bounce, BounceError> {
    let reports = read(raw)?;
    Ok(Bounce {
        reporting_mta: reports.reporting_mta(),
        subject: reports.subject.clone(),
        recipients: reports.recipients().collect(),
        problems: reports.problems.clone(),
    })
}

#[cfg(feature = "bounce")]
/// Finds and checks the delivery-status reports of a whole bounce email, or
/// of a bare `message/delivery-status` body. LF-CR and CR-only line ends are
/// read as LF.
///
/// A bare body must look like a report: a `Reporting-MTA` field, or a
/// recipient with `Final-Recipient`, `Action` or `Status`; an ordinary email
/// is not a bounce.
///
/// ```
/// let e = smtp_status_explain::read(b"Subject: lunch\r\n\r\nWhen: tomorrow\r\n").unwrap_err();
/// assert!(e.to_string().starts_with("not a bounce"));
/// ```
pub fn read(raw: &[u8]) -> Result<Reports<'_>, BounceError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(BounceError::Empty);
    }
    if raw.len() > MAX_INPUT {
        return Err(BounceError::TooLarge);
    }
    match mime::normalize_line_ends(raw) {
        None => reports(raw, mime::find(raw)),
        Some(lf) => {
            let found = mime::find(&lf).into_owned();
            reports(&lf, found).map(|r| Reports {
                subject: r.subject,
                bodies: r
                    .bodies
                    .into_iter()
                    .map(|b| Cow::Owned(b.into_owned()))
                    .collect(),
                problems: r.problems,
                text: r.text,
            })
        }
    }
}

#[cfg(feature = "bounce")]
fn reports<'a>(raw: &'a [u8], found: mime::Found<'a>) -> Result<Reports<'a>, BounceError> {
    if found.reports.is_empty() {
        if found.nesting_limit_hit {
            return Err(BounceError::NestingLimit);
        }
        // A bare report, as a file or on stdin.
        let text = String::from_utf8_lossy(raw);
        return match dsn::parse(&text) {
            Ok(report) if looks_like_report(&report) => Ok(Reports {
                subject: None,
                bodies: vec![text],
                problems: Vec::new(),
                text: String::new(),
            }),
            _ => Err(BounceError::NoReport),
        };
    }
    let of = found.reports.len();
    let mut bodies = Vec::new();
    let mut problems = Vec::new();
    for (i, body) in found.reports.into_iter().enumerate() {
        let text = match body {
            Cow::Borrowed(b) => String::from_utf8_lossy(b),
            Cow::Owned(b) => Cow::Owned(
                String::from_utf8(b)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
        };
        match dsn::parse(&text) {
            Ok(_) => bodies.push(text),
            Err(error) => problems.push(PartProblem {
                part: i + 1,
                of,
                error,
            }),
        }
    }
    if bodies.is_empty() {
        return Err(BounceError::Report(problems[0].error));
    }
    Ok(Reports {
        subject: found.subject,
        bodies,
        problems,
        text: classify::texts(&found.texts),
    })
}

#[cfg(feature = "bounce")]
/// Whether a bare body has a field only a report has.
fn looks_like_report(report: &dsn::DeliveryStatus<'_>) -> bool {
    report.per_message().reporting_mta().is_some()
        || report
            .recipients()
            .any(|r| r.final_recipient().is_some() || r.action().is_some() || r.status().is_some())
}
