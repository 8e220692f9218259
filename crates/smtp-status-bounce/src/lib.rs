//! Finds the delivery-status report (RFC 3464) in a whole bounce email and
//! explains each recipient's outcome.
//!
//! The MIME work (multipart/report, nested messages, base64 and
//! quoted-printable) is done by [`mail_parser`], so the core `smtp-status`
//! crate stays free of dependencies; the report itself is read with
//! [`smtp_status::dsn`].
//!
//! ```
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
//! let bounce = smtp_status_bounce::parse(raw)?;
//! let r = &bounce.recipients[0];
//! assert_eq!(r.recipient.as_deref(), Some("nobody@example.net"));
//! assert!(r.is_failure);
//! assert_eq!(r.status.unwrap().to_string(), "5.1.1");
//! assert_eq!(r.reply.as_ref().unwrap().code.as_u16(), 550);
//! assert_eq!(r.agreement, smtp_status_bounce::Agreement::Agree);
//! # Ok::<(), smtp_status_bounce::BounceError>(())
//! ```

pub mod reply;

use mail_parser::MimeHeaders;
use smtp_status::EnhancedCode;
use smtp_status::dsn::{self, Action};

pub use reply::ReplySummary;

/// The largest input [`parse`] accepts (16 MiB).
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// A bounce email's reports, one entry per recipient.
///
/// ```
/// let b = smtp_status_bounce::parse(b"Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; b@c\nAction: delayed\nStatus: 4.4.1\n")?;
/// assert!(!b.recipients[0].is_failure);
/// # Ok::<(), smtp_status_bounce::BounceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounce {
    /// `Reporting-MTA` of the (first) report.
    pub reporting_mta: Option<String>,
    /// `Subject` of the bounce email, if it was an email.
    pub subject: Option<String>,
    /// Each recipient of each report, in order.
    pub recipients: Vec<Recipient>,
}

/// One recipient's outcome.
///
/// ```
/// let b = smtp_status_bounce::parse(b"X: 1\n\nFinal-Recipient: rfc822; b@c\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 full\n")?;
/// assert_eq!(b.recipients[0].action, "failed");
/// # Ok::<(), smtp_status_bounce::BounceError>(())
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
}

/// Whether a recipient's `Status` and the reply in its `smtp`
/// Diagnostic-Code agree.
///
/// ```
/// assert_eq!(smtp_status_bounce::Agreement::Agree.as_str(), "agree");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agreement {
    /// Same class, and the same enhanced code where the reply has one.
    Agree,
    /// Same class, but Status is the generic `X.0.0` and the reply's
    /// enhanced code is more specific (the sentence says which): no
    /// contradiction.
    Compatible(String),
    /// Status and reply say different things (the sentence says how).
    Disagree(String),
    /// No reply to compare with (no `smtp` Diagnostic-Code, or it could not
    /// be read), or no Status.
    NotComparable,
}

impl Agreement {
    /// `agree`, `disagree` or `not-comparable`.
    ///
    /// ```
    /// assert_eq!(smtp_status_bounce::Agreement::NotComparable.as_str(), "not-comparable");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Agreement::Agree => "agree",
            Agreement::Compatible(_) => "compatible",
            Agreement::Disagree(_) => "disagree",
            Agreement::NotComparable => "not-comparable",
        }
    }
}

/// Why no report was found.
///
/// ```
/// let e = smtp_status_bounce::parse(b"").unwrap_err();
/// assert_eq!(e.to_string(), "empty input");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BounceError {
    /// Nothing to read.
    Empty,
    /// More than [`MAX_INPUT`] bytes.
    TooLarge,
    /// No `message/delivery-status` part, and the input is not one.
    NoReport,
    /// The report is malformed.
    Report(dsn::DsnError),
}

impl std::fmt::Display for BounceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BounceError::Empty => f.write_str("empty input"),
            BounceError::TooLarge => write!(f, "input larger than {MAX_INPUT} bytes"),
            BounceError::NoReport => f.write_str(
                "no delivery-status report found (no message/delivery-status part, and the input is not one)",
            ),
            BounceError::Report(e) => write!(f, "malformed delivery-status report: {e}"),
        }
    }
}

impl std::error::Error for BounceError {}

/// Reads a whole bounce email (or a bare `message/delivery-status` body)
/// and explains each recipient.
///
/// ```
/// assert!(smtp_status_bounce::parse(b"Subject: hi\r\n\r\nhello\r\n").is_err());
/// ```
pub fn parse(raw: &[u8]) -> Result<Bounce, BounceError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(BounceError::Empty);
    }
    if raw.len() > MAX_INPUT {
        return Err(BounceError::TooLarge);
    }
    let mut bodies: Vec<String> = Vec::new();
    let mut subject = None;
    if let Some(message) = mail_parser::MessageParser::new().parse(raw) {
        subject = message.subject().map(str::to_owned);
        collect_reports(&message, &mut bodies, 0);
    }
    let mut first_error = None;
    let mut bounce = Bounce {
        reporting_mta: None,
        subject,
        recipients: Vec::new(),
    };
    if bodies.is_empty() {
        // A bare report, as a file or on stdin.
        let text = String::from_utf8_lossy(raw);
        return match dsn::parse(&text) {
            Ok(report) => {
                bounce.subject = None;
                add_report(&mut bounce, report);
                Ok(bounce)
            }
            Err(_) => Err(BounceError::NoReport),
        };
    }
    for body in &bodies {
        match dsn::parse(body) {
            Ok(report) => add_report(&mut bounce, report),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match (bounce.recipients.is_empty(), first_error) {
        (true, Some(e)) => Err(BounceError::Report(e)),
        _ => Ok(bounce),
    }
}

/// Every `message/delivery-status` part, nested messages included (bounded
/// depth).
fn collect_reports(message: &mail_parser::Message<'_>, bodies: &mut Vec<String>, depth: usize) {
    for part in &message.parts {
        let is_report = part.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("message")
                && ct.subtype().is_some_and(|s| {
                    s.eq_ignore_ascii_case("delivery-status")
                        || s.eq_ignore_ascii_case("global-delivery-status")
                })
        });
        if is_report {
            bodies.push(String::from_utf8_lossy(part.contents()).into_owned());
        } else if let mail_parser::PartType::Message(nested) = &part.body
            && depth < 8
        {
            collect_reports(nested, bodies, depth + 1);
        }
    }
}

fn add_report(bounce: &mut Bounce, report: dsn::DeliveryStatus<'_>) {
    if bounce.reporting_mta.is_none() {
        bounce.reporting_mta = report
            .per_message()
            .reporting_mta()
            .map(|t| t.value().to_string());
    }
    for r in report.recipients() {
        bounce.recipients.push(recipient(&r));
    }
}

fn recipient(r: &dsn::PerRecipient<'_>) -> Recipient {
    let action = r.action().unwrap_or(Action::Other(""));
    let (status, status_comment, status_invalid) = match r.status() {
        Some(Ok(s)) => (Some(s.code()), s.comment().map(str::to_owned), None),
        Some(Err(_)) => (None, None, r.field("Status").map(|v| v.to_string())),
        None => (None, None, None),
    };
    let diag = r.diagnostic_code();
    let diagnostic = diag.map(|d| d.value().to_string());
    let reply = diag
        .filter(dsn::Typed::is_smtp)
        .and_then(|d| reply::read(reply_text(d.value()).as_bytes()).ok());
    let agreement = agreement(status, reply.as_ref());
    Recipient {
        recipient: r.final_recipient().map(|t| t.value().to_string()),
        original_recipient: r.original_recipient().map(|t| t.value().to_string()),
        action: action.as_str().to_ascii_lowercase(),
        is_failure: action.is_failure(),
        status,
        status_comment,
        status_invalid,
        remote_mta: r.remote_mta().map(|t| t.value().to_string()),
        diagnostic_type: diag.map(|d| d.kind().to_owned()),
        diagnostic,
        reply,
        agreement,
        last_attempt_date: r.last_attempt_date().map(|v| v.to_string()),
        will_retry_until: r.will_retry_until().map(|v| v.to_string()),
        extension_fields: r
            .extension_fields()
            .map(|f| (f.name().to_owned(), f.value().to_string()))
            .collect(),
    }
}

/// The reply in an `smtp` Diagnostic-Code, with its lines back: a folded
/// line that starts with the reply code and `-` or a space begins a new reply
/// line; any other fold is a space.
fn reply_text(value: dsn::Value<'_>) -> String {
    let mut out = String::new();
    let mut code: Option<&str> = None;
    for (i, line) in value.raw().lines().map(str::trim).enumerate() {
        if line.is_empty() {
            continue;
        }
        if i == 0 {
            code = line.get(..3);
            out.push_str(line);
            continue;
        }
        let new_line = code.is_some_and(|c| {
            line.starts_with(c) && matches!(line.as_bytes().get(3), Some(b'-' | b' '))
        });
        out.push_str(if new_line { "\r\n" } else { " " });
        out.push_str(line);
    }
    out
}

fn agreement(status: Option<EnhancedCode>, reply: Option<&ReplySummary>) -> Agreement {
    let (Some(status), Some(reply)) = (status, reply) else {
        return Agreement::NotComparable;
    };
    let reply_class = reply.code.first_digit();
    if reply_class != status.class() as u8 {
        return Agreement::Disagree(format!(
            "Status {status} is class {} but the reply code {} is {reply_class}xx",
            status.class() as u8,
            reply.code
        ));
    }
    if let Some(e) = reply.enhanced
        && e != status
        && status.subject().number() == 0
        && status.detail() == 0
    {
        return Agreement::Compatible(format!(
            "Status {status} only gives the class; the reply's enhanced code {e} is more specific"
        ));
    }
    if let Some(e) = reply.enhanced
        && e != status
    {
        return Agreement::Disagree(format!(
            "Status {status} differs from the reply's enhanced code {e}"
        ));
    }
    Agreement::Agree
}
