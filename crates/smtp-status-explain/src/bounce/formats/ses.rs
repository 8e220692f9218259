//! Amazon SES notifications (JSON, as SNS delivers them by email): the
//! `notificationType` says Bounce, Complaint or Delivery, and each
//! recipient has its address, status and diagnostic. Documented in the
//! Amazon SES Developer Guide, "Contents of notifications for Amazon SES".

use serde_json::Value;

use super::{Classification, Email, Format, Sink, not_failure};
use crate::verdict::decide::Facts;
use crate::verdict::{Report, decide_one, decide_report};
use crate::{BounceError, Classified, Reason, Rule};

/// The reader ([`super::Reader`]): an SES notification, or `None`.
pub(crate) fn read(email: &Email<'_>, sink: &mut Sink<'_>) -> Option<Result<(), BounceError>> {
    sink.all(classify(&email.text)?)
}

/// The notification inside an email body: the body itself, or the SNS
/// envelope's `Message` string.
fn notification(text: &str) -> Option<Value> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    let json = text.get(start..=end)?;
    // Long lines may come folded (a line end and a space inside a string).
    let outer: Value = serde_json::from_str(json)
        .or_else(|_| serde_json::from_str(&json.replace("\r\n ", "").replace("\n ", "")))
        .ok()?;
    if outer.get("notificationType").is_some() {
        return Some(outer);
    }
    let inner = outer.get("Message")?.as_str()?;
    serde_json::from_str(inner).ok()
}

fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// Classifies an SES notification, when the text is one.
fn classify(text: &str) -> Option<Classification> {
    if !text.contains("notificationType") {
        return None;
    }
    let n = notification(text)?;
    let kind = str_of(&n, "notificationType")?;
    let mut recipients = Vec::new();
    match kind {
        "Bounce" => {
            let b = n.get("bounce")?;
            for r in b.get("bouncedRecipients")?.as_array()? {
                let diag = str_of(r, "diagnosticCode").unwrap_or_default();
                let status = str_of(r, "status")
                    .and_then(|s| smtp_status::EnhancedCode::from_bytes(s.trim().as_bytes()).ok());
                let action = str_of(r, "action").map(str::to_ascii_lowercase);
                let sub_type = str_of(b, "bounceSubType").unwrap_or_default();
                // SES's bounce types: `Permanent/Suppressed` and
                // `Permanent/OnAccountSuppressionList` say SES did not try
                // (docs.aws.amazon.com/ses, "Amazon SES notification contents").
                let report = Report {
                    recipient: str_of(r, "emailAddress").map(str::to_string),
                    action,
                    status,
                    suppressed: matches!(sub_type, "Suppressed" | "OnAccountSuppressionList"),
                    ..Report::default()
                };
                recipients.push(decide_report(
                    report,
                    &Facts::new(diag),
                    &Facts::new(sub_type),
                ));
            }
        }
        "Complaint" => {
            let c = n.get("complaint")?;
            for r in c.get("complainedRecipients")?.as_array()? {
                recipients.push(Classified {
                    feedback_type: Some(
                        str_of(c, "complaintFeedbackType")
                            .unwrap_or("abuse")
                            .to_string(),
                    ),
                    ..not_failure(
                        Reason::Feedback,
                        str_of(r, "emailAddress").map(str::to_string),
                        Rule::SesComplaint,
                    )
                });
            }
        }
        "Delivery" => {
            let d = n.get("delivery")?;
            let reply = str_of(d, "smtpResponse").unwrap_or_default();
            for r in d.get("recipients")?.as_array()? {
                recipients.push(decide_one(
                    r.as_str().map(str::to_string),
                    Some("delivered".to_string()),
                    None,
                    reply,
                    "",
                ));
            }
        }
        _ => return None,
    }
    let format = if kind == "Complaint" {
        Format::Feedback
    } else {
        Format::Ses
    };
    (!recipients.is_empty()).then_some(Classification {
        format,
        recipients,
        warnings: Vec::new(),
    })
}
