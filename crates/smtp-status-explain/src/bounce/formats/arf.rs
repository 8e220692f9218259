//! Feedback (complaint) reports: RFC 5965 ARF `message/feedback-report`
//! parts, and providers' own complaint formats.

use super::{Classification, Email, Format, Sink, not_failure};
use crate::bounce::email::head::{Head, address};
use crate::{BounceError, Reason, Rule};

/// The reader ([`super::Reader`]): a feedback report, or `None`.
pub(crate) fn read(email: &Email<'_>, sink: &mut Sink<'_>) -> Option<Result<(), BounceError>> {
    sink.all(feedback(email)?)
}

/// A feedback report: a `message/feedback-report` part (RFC 5965), or a
/// provider's own complaint format (Microsoft's JMRP "complaint about
/// message from", Apple's `X-Apple-Unsubscribe` one-click opt-out).
fn feedback(email: &Email<'_>) -> Option<Classification> {
    let (head, found) = (&email.head, email.found);
    let mut recipients = Vec::new();
    for part in &found.feedback {
        // One result per reported recipient: `Original-Rcpt-To` may appear
        // once per recipient (RFC 5965 section 3.2), as may the
        // `Removal-Recipient` of an opt-out report (RFC 6650 section 3).
        let fields = Head::new(part);
        let mut named: Vec<Option<String>> = fields.all("original-rcpt-to").map(address).collect();
        if named.is_empty() {
            named = fields.all("removal-recipient").map(address).collect();
        }
        if named.is_empty() {
            named.push(None);
        }
        let kind = fields.get("feedback-type").map(|t| t.to_ascii_lowercase());
        for who in named {
            let mut c = not_failure(Reason::Feedback, who, Rule::FeedbackReport);
            c.feedback_type.clone_from(&kind);
            recipients.push(c);
        }
    }
    if recipients.is_empty() && head.has("subject", "complaint about message from") {
        let mut c = not_failure(Reason::Feedback, None, Rule::JmrpComplaint);
        c.feedback_type = Some("abuse".to_string());
        recipients.push(c);
    }
    if recipients.is_empty() && head.has("x-apple-unsubscribe", "true") {
        let mut c = not_failure(
            Reason::Feedback,
            head.get("from").and_then(address),
            Rule::AppleUnsubscribe,
        );
        c.feedback_type = Some("opt-out".to_string());
        recipients.push(c);
    }
    (!recipients.is_empty()).then(|| Classification {
        format: Format::Feedback,
        recipients,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_result_per_reported_recipient() {
        let report = |fields: &str| {
            format!(
                "From: fbl@isp.example\nSubject: FW: report\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report; boundary=b\n\n--b\nContent-Type: text/plain\n\nA complaint.\n--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: isp/1.0\nVersion: 1\n{fields}\n--b--\n"
            )
        };
        let who = |raw: String| {
            let b = crate::read(raw.as_bytes()).unwrap();
            assert_eq!(b.format, crate::Format::Feedback);
            b.recipients
                .iter()
                .map(|r| (r.recipient.clone(), r.feedback_type.clone()))
                .collect::<Vec<_>>()
        };
        let abuse = Some("abuse".to_string());
        assert_eq!(
            who(report(
                "Original-Rcpt-To: <kit@example.org>\nOriginal-Rcpt-To: tama@example.org\n"
            )),
            [
                (Some("kit@example.org".to_string()), abuse.clone()),
                (Some("tama@example.org".to_string()), abuse.clone()),
            ]
        );
        assert_eq!(
            who(report("Removal-Recipient: kit@example.org\n")),
            [(Some("kit@example.org".to_string()), abuse.clone())]
        );
        assert_eq!(who(report("")), [(None, abuse)]);
    }
}
