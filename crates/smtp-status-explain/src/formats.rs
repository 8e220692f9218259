//! The report formats with fields: RFC 3464 delivery-status parts (read
//! tolerantly), feedback reports (RFC 5965 ARF and providers' own) and
//! automatic replies (RFC 3834).

use smtp_status::dsn;

use crate::classify::{Classification, Classified, Format};
use crate::head::{Head, address, contains};
use crate::mime::Found;
use crate::named::EmailText;
use crate::verdict::decide::{self, Facts};
use crate::verdict::{Report, decide_report};
use crate::{Evidence, Rule};
use crate::{Reason, Recipient};

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

/// A feedback report: a `message/feedback-report` part (RFC 5965), or a
/// provider's own complaint format (Microsoft's JMRP "complaint about
/// message from", Apple's `X-Apple-Unsubscribe` one-click opt-out).
pub(crate) fn feedback(head: &Head, found: &Found<'_>) -> Option<Classification> {
    let mut recipients = Vec::new();
    for part in &found.feedback {
        let fields = Head::new(part);
        let mut c = not_failure(
            Reason::Feedback,
            fields
                .get("original-rcpt-to")
                .or_else(|| fields.get("removal-recipient"))
                .and_then(address),
            Rule::FeedbackReport,
        );
        c.feedback_type = fields.get("feedback-type").map(|t| t.to_ascii_lowercase());
        recipients.push(c);
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

/// An automatic reply (RFC 3834 `Auto-Submitted: auto-replied`, or the
/// headers and subjects vacation responders write).
pub(crate) fn auto_reply(head: &Head) -> Option<Classification> {
    let subject = head.get("subject").unwrap_or_default();
    let subject_says = [
        "auto reply",
        "automatic reply",
        "autoreply",
        "out of office",
        "auto:",
    ]
    .iter()
    .any(|s| contains(subject, s));
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

/// The delivery-status parts, read tolerantly: a body that starts with
/// blank lines (no per-message fields) is read from its first field.
pub(crate) fn dsn(found: &Found<'_>, text: &str) -> Option<Classification> {
    let mut recipients = Vec::new();
    let mut warnings = Vec::new();
    // Reports inside a returned message belong to that message, unless
    // the email has no report of its own.
    let own = found.report_nested.iter().any(|n| !n);
    let bodies = found
        .reports
        .iter()
        .zip(&found.report_nested)
        .filter(|(_, nested)| !own || !**nested)
        .map(|(b, _)| b);
    for body in bodies {
        let body = crate::mime::lossy(body);
        let trimmed = body.trim_start_matches(['\n', '\r', ' ', '\t']);
        if trimmed.len() != body.len() {
            warnings.push(
                "the delivery-status part starts with a blank line (no per-message fields); read from its first field"
                    .to_string(),
            );
        }
        let split = split_blocks(trimmed);
        if split.is_some() {
            warnings.push(
                "per-recipient blocks of a delivery-status part were not separated by blank lines; split at each Final-Recipient"
                    .to_string(),
            );
        }
        let trimmed = split.as_deref().unwrap_or(trimmed);
        let cleaned;
        let report = match dsn::parse(trimmed) {
            Ok(r) => r,
            Err(_) => {
                cleaned = fields_only(trimmed);
                match dsn::parse(&cleaned) {
                    Ok(r) => {
                        warnings.push(
                            "lines that are not fields were dropped from a delivery-status part"
                                .to_string(),
                        );
                        r
                    }
                    Err(_) => {
                        warnings.push(
                            "a delivery-status part could not be read and was skipped".to_string(),
                        );
                        continue;
                    }
                }
            }
        };
        for r in report.recipients() {
            let rec = crate::recipient::recipient(&r);
            if rec.recipient.is_none() && rec.status.is_none() && rec.action.is_empty() {
                continue;
            }
            // A contradiction between the fields is the report's own
            // defect: said once per recipient, beside its classification.
            let who = rec.recipient.as_deref().unwrap_or("(no Final-Recipient)");
            warnings.extend(rec.warnings.iter().map(|w| format!("{who}: {w}")));
            recipients.push(rec);
        }
    }
    let text = EmailText::new(text, recipients.iter().filter_map(recipient_address));
    let recipients: Vec<Classified> = recipients
        .iter()
        .map(|rec| classify_recipient(rec, &text))
        .collect();
    (!recipients.is_empty()).then_some(Classification {
        format: Format::Dsn,
        recipients,
        warnings,
    })
}

/// Classifies one RFC 3464 recipient from its fields, its Diagnostic-Code
/// and, when that names no known wording, the lines of the email's
/// human-readable `text` about it (Postfix: "host ... refused to talk to
/// me: 421 ...").
/// The text and its facts are shared by all recipients ([`EmailText`]).
pub(crate) fn classify_recipient(rec: &Recipient, text: &EmailText<'_>) -> Classified {
    let mut diag = rec.diagnostic.clone().unwrap_or_default();
    if let Some(c) = &rec.status_comment {
        diag.push(' ');
        diag.push_str(c);
    }
    let addr = recipient_address(rec);
    let human = addr.as_deref().and_then(|a| text.lines_about(a));
    let action = match rec.action.as_str() {
        "" => None,
        a => Some(a.to_string()),
    };
    // RFC 3464 section 2.3.6: the diagnostic type names the system that
    // wrote the code (`X-Unix`: a local delivery program's exit status).
    let x_unix = rec
        .diagnostic_type
        .as_deref()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("x-unix"));
    let decide = |diag: &Facts<'_>| {
        let report = Report {
            recipient: addr.clone(),
            action: action.clone(),
            status: rec.status,
            x_unix,
            ..Report::default()
        };
        decide_report(report, diag, &text.whole)
    };
    if diag.trim().is_empty() {
        // The lines about it, or the whole text: shared, read once.
        match human {
            Some(range) => text.with_lines(range, decide),
            None => decide(&text.whole),
        }
    } else {
        if let Some(h) = human.filter(|_| !decide::any_pattern(&diag)) {
            diag.push('\n');
            diag.push_str(text.slice(h));
        }
        decide(&Facts::new(&diag))
    }
}

/// The address of a recipient, as its lines are looked up by.
pub(crate) fn recipient_address(rec: &Recipient) -> Option<String> {
    rec.recipient.as_deref().map(strip_angle)
}

/// `<a@b>` as `a@b`: some reports keep the brackets after the type.
pub(crate) fn strip_angle(s: &str) -> String {
    s.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

/// The report body with a blank line before each `Final-Recipient` field
/// that shares its block with another one or with the per-message
/// `Reporting-MTA` (RFC 3464 section 2.2 and 2.3: one per block, so it
/// starts the next block), or `None` when the blocks are separated.
fn split_blocks(body: &str) -> Option<String> {
    let field = |line: &str, name: &str| {
        line.get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    };
    let mut out = String::with_capacity(body.len() + 8);
    let mut seen = false;
    let mut split = false;
    for line in body.split_inclusive('\n') {
        if line.trim().is_empty() {
            seen = false;
        } else if field(line, "reporting-mta:") {
            seen = true;
        } else if field(line, "final-recipient:") {
            if seen {
                out.push('\n');
                split = true;
            }
            seen = true;
        }
        out.push_str(line);
    }
    split.then_some(out)
}

/// The lines of a report body that are fields, continuations or blank:
/// drops stray text (a closing boundary that differs from the declared
/// one, trailing prose).
fn fields_only(body: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        let field = line
            .split_once(':')
            .is_some_and(|(n, _)| !n.is_empty() && !n.contains(' ') && !n.starts_with('-'));
        if line.trim().is_empty() || field || line.starts_with([' ', '\t']) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split_blocks;

    #[test]
    fn blocks_without_blank_lines_are_split() {
        let run_on = "Reporting-MTA: dns; mx.example\nFinal-Recipient: rfc822; a@x.example\nStatus: 5.2.2\nfinal-recipient: rfc822; b@x.example\nStatus: 5.1.1\n";
        assert_eq!(
            split_blocks(run_on).as_deref(),
            Some(
                "Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; a@x.example\nStatus: 5.2.2\n\nfinal-recipient: rfc822; b@x.example\nStatus: 5.1.1\n"
            )
        );
        let separated = "Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; a@x.example\nStatus: 5.2.2\n\nFinal-Recipient: rfc822; b@x.example\n";
        assert_eq!(split_blocks(separated), None);
    }
}
