//! Explains what a user pastes: enhanced status codes, reply codes, SMTP
//! replies, codes found in free text ([`explain`]), and, with the `bounce`
//! feature, whole bounce emails.
//!
//! With the `bounce` feature it also says why a delivery failed and whether
//! to retry. [`read`] is the one entry point for a bounce of any format
//! (RFC 3464, plain-text, feedback report, auto-reply, Amazon SES JSON; an
//! mbox of several): one [`Bounce`] record whose every [`Recipient`] has a
//! [`Verdict`] (a [`Reason`], hard or soft, [`Advice`] and the
//! [`Evidence`]) and, for an RFC 3464 report, its fields checked
//! ([`DsnFacts`]: [`Agreement`], [`RecipientWarning`], also said in the
//! bounce's warnings). [`read_with`] hands each recipient over as it is
//! decided; [`mailbox`] reads emails stored anywhere. [`verdict`] decides
//! one reply or log line, and [`explain`] adds it to a failed reply or
//! text.
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
//! use smtp_status_explain::{Advice, Agreement, Format, Reason};
//! let bounce = smtp_status_explain::read(raw)?;
//! assert_eq!(bounce.format, Format::Dsn);
//! let r = &bounce.recipients[0];
//! assert_eq!(r.recipient.as_deref(), Some("nobody@example.net"));
//! assert_eq!((r.reason, r.hard, r.advice), (Reason::UserUnknown, true, Advice::DoNotRetry));
//! assert_eq!(r.status.unwrap().to_string(), "5.1.1");
//! assert_eq!(r.reply_code, Some(550));
//! assert_eq!(r.dsn.as_ref().unwrap().agreement, Agreement::Agree);
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "bounce"))]
//! # fn main() {}
//! ```

#[cfg(feature = "bounce")]
mod bounce;
pub mod human;
#[cfg(all(test, feature = "bounce"))]
mod linear;
mod report;
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
#[cfg(feature = "bounce")]
#[rustfmt::skip]
#[path = "generated/wordings.rs"]
mod wordings;

/// The core crate, `smtp-status`, at the version this crate uses.
pub use smtp_status;

pub use report::code::{AnyClassReport, CodeReport, RegistryEntry, ReplyCodeReport, reply_meaning};
pub use report::explain::{
    CodeExplanation, ExplainCause, ExplainError, Explanation, explain, text,
};
pub use report::reply::{self, ReplySummary};
pub use report::stream::{Item, MAX_LINE, Stream, explain_reader};
pub use report::text::{Finding, TextReport};
pub use verdict::evidence::{Evidence, Rule, Verdict};
pub use verdict::reason::{About, Advice, Reason, UnknownReason};

#[cfg(feature = "bounce")]
pub use bounce::email::{mailbox, mbox};
#[cfg(feature = "bounce")]
pub use bounce::{
    Agreement, Bounce, BounceError, BounceHeader, BounceLine, BounceSummary, Disagreement,
    DsnFacts, EmailError, Format, MAX_INPUT, MAX_NESTING, Recipient, RecipientWarning, read,
    read_with,
};
#[cfg(feature = "bounce")]
pub use verdict::classified::Classified;
#[cfg(feature = "bounce")]
pub use verdict::verdict::{classify_text, verdict};
