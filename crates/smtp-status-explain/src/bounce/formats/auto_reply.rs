//! Automatic replies (RFC 3834): vacation and out-of-office responders.

use super::{Classification, Email, Format, Sink, not_failure};
use crate::bounce::email::head::{address, contains};
use crate::wordings::AUTO_REPLY_SUBJECTS;
use crate::{BounceError, Reason, Rule};

/// The reader ([`super::Reader`]): an automatic reply, or `None`.
pub(crate) fn read(email: &Email<'_>, sink: &mut Sink<'_>) -> Option<Result<(), BounceError>> {
    sink.all(auto_reply(&email.head)?)
}

/// An automatic reply (RFC 3834 `Auto-Submitted: auto-replied`, or the
/// headers and subjects vacation responders write).
fn auto_reply(head: &crate::bounce::email::head::Head<'_>) -> Option<Classification> {
    let subject = head.get("subject").unwrap_or_default();
    let subject_says = AUTO_REPLY_SUBJECTS.iter().any(|s| contains(subject, s));
    let is = head.has("auto-submitted", "auto-replied")
        || head.get("x-autoreply").is_some()
        || head.get("x-autorespond").is_some()
        || head.has("precedence", "auto_reply")
        || head.has("x-apple-action", "vacation")
        || subject_says;
    is.then(|| Classification {
        format: Format::AutoReply,
        recipients: vec![not_failure(
            Reason::Vacation,
            head.get("from").and_then(address),
            Rule::AutoReply,
        )],
        warnings: Vec::new(),
    })
}
