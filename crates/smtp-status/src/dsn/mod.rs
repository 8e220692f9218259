//! Delivery status notifications (RFC 3464): the typed fields of a
//! `message/delivery-status` body, parsed without allocation.
//!
//! The body is a group of per-message fields, then one group of
//! per-recipient fields for each recipient, groups separated by blank lines.
//! [`parse`] checks the shape once; the accessors then borrow from the body.
//! Folded lines are kept as written in [`Value::raw`] and unfolded by
//! [`Value`]'s `Display`; unknown fields (such as `X-Postfix-Sender`) stay
//! reachable through [`PerMessage::fields`] and [`PerRecipient::fields`].
//!
//! ```
//! use smtp_status::dsn::{self, Action};
//!
//! let body = "Reporting-MTA: dns; mx.example.net\r\n\
//!             X-Postfix-Queue-ID: 4B2C1\r\n\
//!             \r\n\
//!             Final-Recipient: rfc822; nobody@example.net\r\n\
//!             Action: failed\r\n\
//!             Status: 5.1.1\r\n\
//!             Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>:\r\n\
//!             \x20   Recipient address rejected: User unknown\r\n";
//! let report = dsn::parse(body)?;
//! assert_eq!(report.per_message().reporting_mta().unwrap().value().raw(), "mx.example.net");
//! let rcpt = report.recipients().next().unwrap();
//! assert_eq!(rcpt.action(), Some(Action::Failed));
//! assert_eq!(rcpt.status().unwrap()?.code().to_string(), "5.1.1");
//! let diag = rcpt.diagnostic_code().unwrap();
//! assert!(diag.is_smtp());
//! assert_eq!(
//!     diag.value().to_string(),
//!     "550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown"
//! );
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;

mod text;
mod values;

use crate::ParseCodeError;
use text::{Group, Groups, Lines};
pub use values::{Action, StatusField, Typed, UnknownAction, Value};

/// Checks the shape of a `message/delivery-status` body and returns a view
/// of it.
///
/// Every non-blank line must be a `Name: value` field or the continuation
/// (leading space or tab) of one, and there must be at least one
/// per-recipient group.
///
/// ```
/// let err = smtp_status::dsn::parse("Reporting-MTA: dns; a\n\nnot a field\n").unwrap_err();
/// assert_eq!(err.offset(), 23);
/// ```
pub fn parse(body: &str) -> Result<DeliveryStatus<'_>, DsnError> {
    let mut groups = 0usize;
    for group in Groups::new(body) {
        groups += 1;
        let mut first = true;
        for (offset, line) in Lines::new(group.text, group.start) {
            let continuation = line.starts_with([' ', '\t']);
            if continuation && first {
                return Err(DsnError {
                    offset,
                    kind: DsnErrorKind::ContinuationFirst,
                });
            }
            if !continuation && !is_field_line(line) {
                return Err(DsnError {
                    offset,
                    kind: DsnErrorKind::NotAField,
                });
            }
            first = false;
        }
    }
    match groups {
        0 => Err(DsnError {
            offset: 0,
            kind: DsnErrorKind::Empty,
        }),
        1 => Err(DsnError {
            offset: body.len(),
            kind: DsnErrorKind::NoRecipients,
        }),
        _ => Ok(DeliveryStatus { body }),
    }
}

fn is_field_line(line: &str) -> bool {
    match line.find(':') {
        Some(0) | None => false,
        Some(i) => line[..i].bytes().all(|b| b.is_ascii_graphic() && b != b':'),
    }
}

/// Why a body is not a `message/delivery-status` body; see [`parse`].
///
/// ```
/// let err = smtp_status::dsn::parse("").unwrap_err();
/// assert_eq!(err.to_string(), "empty delivery-status body");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DsnError {
    offset: usize,
    kind: DsnErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DsnErrorKind {
    Empty,
    NoRecipients,
    NotAField,
    ContinuationFirst,
}

impl DsnError {
    /// Byte offset in the body where the problem is.
    ///
    /// ```
    /// let err = smtp_status::dsn::parse("Reporting-MTA: dns; a\n").unwrap_err();
    /// assert_eq!(err.offset(), 22);
    /// ```
    pub const fn offset(self) -> usize {
        self.offset
    }
}

impl fmt::Display for DsnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            DsnErrorKind::Empty => f.write_str("empty delivery-status body"),
            DsnErrorKind::NoRecipients => f.write_str(
                "delivery-status body has no per-recipient fields (no blank line after the per-message fields)",
            ),
            DsnErrorKind::NotAField => {
                write!(f, "line at byte {} is not a `Name: value` field", self.offset)
            }
            DsnErrorKind::ContinuationFirst => write!(
                f,
                "continuation line at byte {} does not follow a field",
                self.offset
            ),
        }
    }
}

impl core::error::Error for DsnError {}

/// A checked `message/delivery-status` body; see [`parse`].
///
/// ```
/// let report = smtp_status::dsn::parse("Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; b@c\nAction: delayed\nStatus: 4.4.1\n")?;
/// assert_eq!(report.recipients().count(), 1);
/// # Ok::<(), smtp_status::dsn::DsnError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryStatus<'a> {
    body: &'a str,
}

impl<'a> DeliveryStatus<'a> {
    /// The whole body as given.
    ///
    /// ```
    /// let body = "Reporting-MTA: dns; a\n\nAction: failed\n";
    /// assert_eq!(smtp_status::dsn::parse(body)?.as_str(), body);
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub const fn as_str(&self) -> &'a str {
        self.body
    }

    /// The per-message fields (the first group).
    ///
    /// ```
    /// let report = smtp_status::dsn::parse("Reporting-MTA: dns; a\nArrival-Date: Mon, 23 Nov 2026 10:00:00 +0000\n\nAction: failed\n")?;
    /// assert_eq!(report.per_message().arrival_date().unwrap().raw(), "Mon, 23 Nov 2026 10:00:00 +0000");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn per_message(&self) -> PerMessage<'a> {
        let group = Groups::new(self.body)
            .next()
            .unwrap_or(Group { text: "", start: 0 });
        PerMessage { group }
    }

    /// The per-recipient groups, in order.
    ///
    /// ```
    /// let report = smtp_status::dsn::parse("Reporting-MTA: dns; a\n\nAction: failed\n\nAction: delayed\n")?;
    /// let failures = report.recipients().filter(|r| r.action().is_some_and(|a| a.is_failure())).count();
    /// assert_eq!(failures, 1);
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn recipients(&self) -> Recipients<'a> {
        let mut groups = Groups::new(self.body);
        groups.next();
        Recipients { groups }
    }
}

/// Iterator over the per-recipient groups; see [`DeliveryStatus::recipients`].
///
/// ```
/// let report = smtp_status::dsn::parse("Reporting-MTA: dns; a\n\nAction: failed\n")?;
/// let mut it: smtp_status::dsn::Recipients<'_> = report.recipients();
/// assert!(it.next().is_some() && it.next().is_none());
/// # Ok::<(), smtp_status::dsn::DsnError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Recipients<'a> {
    groups: Groups<'a>,
}

impl<'a> Iterator for Recipients<'a> {
    type Item = PerRecipient<'a>;
    fn next(&mut self) -> Option<PerRecipient<'a>> {
        self.groups.next().map(|group| PerRecipient { group })
    }
}

/// The per-message fields of a report.
///
/// ```
/// let report = smtp_status::dsn::parse("Reporting-MTA: dns; mx.example\nX-Postfix-Queue-ID: 4B2C1\n\nAction: failed\n")?;
/// let pm = report.per_message();
/// assert_eq!(pm.reporting_mta().unwrap().kind(), "dns");
/// assert_eq!(pm.field("x-postfix-queue-id").unwrap().raw(), "4B2C1");
/// # Ok::<(), smtp_status::dsn::DsnError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerMessage<'a> {
    group: Group<'a>,
}

/// The fields of one recipient of a report.
///
/// ```
/// let report = smtp_status::dsn::parse("Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; b@c\nAction: failed\nStatus: 5.0.0 (permanent failure)\n")?;
/// let r = report.recipients().next().unwrap();
/// assert_eq!(r.final_recipient().unwrap().value().raw(), "b@c");
/// assert_eq!(r.status().unwrap()?.comment(), Some("permanent failure"));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerRecipient<'a> {
    group: Group<'a>,
}

macro_rules! common {
    ($t:ident) => {
        impl<'a> $t<'a> {
            /// Every field of the group, known or not, in order.
            ///
            /// ```
            /// let report = smtp_status::dsn::parse("X-Custom: 1\n\nX-Other: 2\n")?;
            /// assert_eq!(report.per_message().fields().next().unwrap().name(), "X-Custom");
            /// assert_eq!(report.recipients().next().unwrap().fields().next().unwrap().name(), "X-Other");
            /// # Ok::<(), smtp_status::dsn::DsnError>(())
            /// ```
            pub fn fields(&self) -> Fields<'a> {
                Fields {
                    lines: Lines::new(self.group.text, self.group.start),
                    pending: None,
                }
            }

            /// The fields that RFC 3464 does not define (`X-` extensions
            /// and anything else), in order.
            ///
            /// ```
            /// let report = smtp_status::dsn::parse("Reporting-MTA: dns; a\nX-Postfix-Sender: rfc822; s@a\n\nAction: failed\n")?;
            /// let ext: Vec<_> = report.per_message().extension_fields().map(|f| f.name()).collect();
            /// assert_eq!(ext, ["X-Postfix-Sender"]);
            /// # Ok::<(), smtp_status::dsn::DsnError>(())
            /// ```
            pub fn extension_fields(&self) -> impl Iterator<Item = Field<'a>> + 'a {
                self.fields().filter(|f| !is_known(f.name))
            }

            /// The first field with this name (compared ignoring ASCII case).
            ///
            /// ```
            /// let report = smtp_status::dsn::parse("Reporting-MTA: dns; a\n\nACTION: failed\n")?;
            /// assert_eq!(report.recipients().next().unwrap().field("Action").unwrap().raw(), "failed");
            /// # Ok::<(), smtp_status::dsn::DsnError>(())
            /// ```
            pub fn field(&self, name: &str) -> Option<Value<'a>> {
                self.fields()
                    .find(|f| f.name.eq_ignore_ascii_case(name))
                    .map(|f| f.value)
            }

            fn typed(&self, name: &str) -> Option<Typed<'a>> {
                self.field(name).map(Typed::from_value)
            }

            /// Byte offset of the group in the body.
            ///
            /// ```
            /// let report = smtp_status::dsn::parse("Reporting-MTA: dns; a\n\nAction: failed\n")?;
            /// assert_eq!(report.recipients().next().unwrap().offset(), 23);
            /// # Ok::<(), smtp_status::dsn::DsnError>(())
            /// ```
            pub const fn offset(&self) -> usize {
                self.group.start
            }
        }
    };
}

common!(PerMessage);
common!(PerRecipient);

const KNOWN: &[&str] = &[
    "Reporting-MTA",
    "DSN-Gateway",
    "Received-From-MTA",
    "Arrival-Date",
    "Original-Envelope-Id",
    "Original-Recipient",
    "Final-Recipient",
    "Action",
    "Status",
    "Remote-MTA",
    "Diagnostic-Code",
    "Last-Attempt-Date",
    "Will-Retry-Until",
    "Final-Log-ID",
];

fn is_known(name: &str) -> bool {
    KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name))
}

impl<'a> PerMessage<'a> {
    /// `Reporting-MTA: dns; mx.example`.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("Reporting-MTA: dns; mx.example\n\nAction: failed\n")?;
    /// assert_eq!(r.per_message().reporting_mta().unwrap().value().raw(), "mx.example");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn reporting_mta(&self) -> Option<Typed<'a>> {
        self.typed("Reporting-MTA")
    }
    /// `DSN-Gateway: dns; gw.example`.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("DSN-Gateway: dns; gw.example\n\nAction: failed\n")?;
    /// assert_eq!(r.per_message().dsn_gateway().unwrap().value().raw(), "gw.example");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn dsn_gateway(&self) -> Option<Typed<'a>> {
        self.typed("DSN-Gateway")
    }
    /// `Received-From-MTA: dns; client.example`.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("Received-From-MTA: dns; c.example\n\nAction: failed\n")?;
    /// assert_eq!(r.per_message().received_from_mta().unwrap().kind(), "dns");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn received_from_mta(&self) -> Option<Typed<'a>> {
        self.typed("Received-From-MTA")
    }
    /// `Arrival-Date`, as written (an RFC 5322 date).
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("Arrival-Date: Mon, 23 Nov 2026 10:00:00 +0000\n\nAction: failed\n")?;
    /// assert!(r.per_message().arrival_date().is_some());
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn arrival_date(&self) -> Option<Value<'a>> {
        self.field("Arrival-Date")
    }
    /// `Original-Envelope-Id`, as written (xtext).
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("Original-Envelope-Id: abc+2B\n\nAction: failed\n")?;
    /// assert_eq!(r.per_message().original_envelope_id().unwrap().raw(), "abc+2B");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn original_envelope_id(&self) -> Option<Value<'a>> {
        self.field("Original-Envelope-Id")
    }
}

impl<'a> PerRecipient<'a> {
    /// `Original-Recipient: rfc822; a@b`.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X: 1\n\nOriginal-Recipient: rfc822;a@b\n")?;
    /// assert_eq!(r.recipients().next().unwrap().original_recipient().unwrap().value().raw(), "a@b");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn original_recipient(&self) -> Option<Typed<'a>> {
        self.typed("Original-Recipient")
    }
    /// `Final-Recipient: rfc822; a@b`.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X: 1\n\nFinal-Recipient: RFC822; a@b\n")?;
    /// assert_eq!(r.recipients().next().unwrap().final_recipient().unwrap().kind(), "RFC822");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn final_recipient(&self) -> Option<Typed<'a>> {
        self.typed("Final-Recipient")
    }
    /// `Action`, ignoring case and any trailing comment.
    ///
    /// ```
    /// use smtp_status::dsn::Action;
    /// let r = smtp_status::dsn::parse("X: 1\n\nAction: Delayed\n")?;
    /// assert_eq!(r.recipients().next().unwrap().action(), Some(Action::Delayed));
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn action(&self) -> Option<Action<'a>> {
        self.field("Action").map(|v| Action::parse(v.raw()))
    }
    /// `Status: 5.1.1 (comment)`: `None` if absent, `Some(Err(..))` if it
    /// is not an enhanced status code.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X: 1\n\nStatus: 5.1.1\n\nStatus: five\n")?;
    /// let mut it = r.recipients();
    /// assert!(it.next().unwrap().status().unwrap().is_ok());
    /// assert!(it.next().unwrap().status().unwrap().is_err());
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn status(&self) -> Option<Result<StatusField<'a>, ParseCodeError>> {
        self.field("Status").map(|v| StatusField::parse(v.raw()))
    }
    /// `Remote-MTA: dns; mx.example`.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X: 1\n\nRemote-MTA: dns; mx.example\n")?;
    /// assert_eq!(r.recipients().next().unwrap().remote_mta().unwrap().value().raw(), "mx.example");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn remote_mta(&self) -> Option<Typed<'a>> {
        self.typed("Remote-MTA")
    }
    /// `Diagnostic-Code: smtp; 550 ...` or `X-Postfix; ...`.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X: 1\n\nDiagnostic-Code: X-Postfix; mail for a loops back\n")?;
    /// let d = r.recipients().next().unwrap().diagnostic_code().unwrap();
    /// assert_eq!((d.kind(), d.is_smtp()), ("X-Postfix", false));
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn diagnostic_code(&self) -> Option<Typed<'a>> {
        self.typed("Diagnostic-Code")
    }
    /// `Last-Attempt-Date`, as written.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X: 1\n\nLast-Attempt-Date: Mon, 23 Nov 2026 10:00:00 +0000\n")?;
    /// assert!(r.recipients().next().unwrap().last_attempt_date().is_some());
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn last_attempt_date(&self) -> Option<Value<'a>> {
        self.field("Last-Attempt-Date")
    }
    /// `Will-Retry-Until`, as written.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X: 1\n\nWill-Retry-Until: Tue, 24 Nov 2026 10:00:00 +0000\n")?;
    /// assert!(r.recipients().next().unwrap().will_retry_until().is_some());
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn will_retry_until(&self) -> Option<Value<'a>> {
        self.field("Will-Retry-Until")
    }
    /// `Final-Log-ID`, as written.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X: 1\n\nFinal-Log-ID: 4B2C1\n")?;
    /// assert_eq!(r.recipients().next().unwrap().final_log_id().unwrap().raw(), "4B2C1");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub fn final_log_id(&self) -> Option<Value<'a>> {
        self.field("Final-Log-ID")
    }
}

/// One `Name: value` field.
///
/// ```
/// let r = smtp_status::dsn::parse("X-A: 1\n\nAction: failed\n")?;
/// let f = r.per_message().fields().next().unwrap();
/// assert_eq!((f.name(), f.value().raw(), f.offset()), ("X-A", "1", 0));
/// # Ok::<(), smtp_status::dsn::DsnError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'a> {
    name: &'a str,
    value: Value<'a>,
    offset: usize,
}

impl<'a> Field<'a> {
    /// The name as written.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("x-a: 1\n\nAction: failed\n")?;
    /// assert_eq!(r.per_message().fields().next().unwrap().name(), "x-a");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub const fn name(&self) -> &'a str {
        self.name
    }
    /// The value.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X-A:  1 \n\nAction: failed\n")?;
    /// assert_eq!(r.per_message().fields().next().unwrap().value().raw(), "1");
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub const fn value(&self) -> Value<'a> {
        self.value
    }
    /// Byte offset of the field in the body.
    ///
    /// ```
    /// let r = smtp_status::dsn::parse("X-A: 1\nX-B: 2\n\nAction: failed\n")?;
    /// assert_eq!(r.per_message().fields().nth(1).unwrap().offset(), 7);
    /// # Ok::<(), smtp_status::dsn::DsnError>(())
    /// ```
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

/// Iterator over the fields of a group; see [`PerMessage::fields`].
///
/// ```
/// let r = smtp_status::dsn::parse("X-A: 1\n  more\nX-B: 2\n\nAction: failed\n")?;
/// let fields: smtp_status::dsn::Fields<'_> = r.per_message().fields();
/// assert_eq!(fields.count(), 2);
/// # Ok::<(), smtp_status::dsn::DsnError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Fields<'a> {
    lines: Lines<'a>,
    pending: Option<(usize, &'a str)>,
}

impl<'a> Iterator for Fields<'a> {
    type Item = Field<'a>;
    fn next(&mut self) -> Option<Field<'a>> {
        loop {
            let (offset, line) = match self.pending.take() {
                Some(p) => p,
                None => self.lines.next()?,
            };
            let Some(colon) = line.find(':') else {
                continue;
            };
            if line.starts_with([' ', '\t']) {
                continue;
            }
            let text = self.lines.text;
            let base = self.lines.base;
            let value_start = offset - self.lines.base + colon + 1;
            let mut value_end = offset - self.lines.base + line.len();
            for (o, l) in self.lines.by_ref() {
                if l.starts_with([' ', '\t']) {
                    value_end = o - base + l.len();
                } else {
                    self.pending = Some((o, l));
                    break;
                }
            }
            return Some(Field {
                name: line[..colon].trim(),
                value: Value::new(text[value_start..value_end].trim()),
                offset,
            });
        }
    }
}
