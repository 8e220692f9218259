//! The verdict on one failure: its reason, hard or soft, advice and
//! evidence, from the status, the diagnostic text and (for RFC 3464) the
//! action, most reliable evidence first. Every recipient of every bounce
//! format, a reply and a line of text are decided here.

use smtp_status::{EnhancedCode, find};

use crate::classify::Classified;
use crate::decide::{self, Facts};
use crate::{Evidence, Reason, Verdict};

/// The most a diagnostic keeps, in bytes.
const MAX_DIAGNOSTIC: usize = 4096;

/// Why a failure happened, from an SMTP reply or a diagnostic text alone
/// (a line of a log or of a bounce): the same decision as for a bounce's
/// recipient, from the codes and wordings in `text`.
///
/// ```
/// use smtp_status_explain::{Reason, verdict};
/// let v = verdict("550 5.1.1 <kit@example.org>: Recipient address rejected: User unknown");
/// assert_eq!(v.reason, Reason::UserUnknown);
/// assert!(v.hard);
/// let v = verdict("452 4.2.2 The email account that you tried to reach is over quota");
/// assert_eq!((v.reason, v.hard), (Reason::MailboxFull, false));
/// ```
pub fn verdict(text: &str) -> Verdict {
    classify_text(text).verdict()
}

/// [`verdict`] with the codes it read: one failure's diagnostic text (a
/// reply, a log line) classified as a recipient of a bounce is, with the
/// most specific enhanced code in `status` and the reply code.
///
/// ```
/// let c = smtp_status_explain::classify_text("550 5.1.1 <kit@example.org>: User unknown");
/// assert_eq!(c.status.unwrap().to_string(), "5.1.1");
/// assert_eq!((c.reply_code, c.hard), (Some(550), true));
/// assert_eq!(c.verdict(), smtp_status_explain::verdict("550 5.1.1 <kit@example.org>: User unknown"));
/// ```
pub fn classify_text(text: &str) -> Classified {
    decide_one(None, None, None, text, "")
}

/// Decides one recipient from its status, diagnostic text and (for
/// RFC 3464) action.
pub(crate) fn decide_one(
    recipient: Option<String>,
    action: Option<String>,
    dsn_status: Option<EnhancedCode>,
    diagnostic: &str,
    context: &str,
) -> Classified {
    let (diagnostic, context) = (Facts::new(diagnostic), Facts::new(context));
    decide_facts(recipient, action, dsn_status, &diagnostic, &context)
}

/// [`decide_one`] on the facts of the texts, which a caller shares between
/// recipients whose texts are the same (the whole text of an email).
pub(crate) fn decide_facts(
    recipient: Option<String>,
    action: Option<String>,
    dsn_status: Option<EnhancedCode>,
    diagnostic: &Facts<'_>,
    context: &Facts<'_>,
) -> Classified {
    let found = diagnostic.codes();
    // A failure's code is not a success code (a transcript shows both).
    let failing = || {
        found
            .iter()
            .filter_map(find::Found::enhanced)
            .filter(|c| !c.is_success())
    };
    // X.4.7 (delivery time expired) names the give-up; RFC 3463 asks for
    // "the code for the actual problem" instead where there is one.
    let expired = |c: &EnhancedCode| (c.subject().number(), c.detail()) == (4, 7);
    // RFC 3464 section 2.3.3: `failed` and `delayed` say the message was
    // not delivered; a success code (2.x.x, 2xx) beside them contradicts
    // the Action (a warning of the report, `RecipientWarning`) and says
    // nothing about the failure, so it decides nothing.
    let not_delivered = matches!(action.as_deref(), Some("failed" | "delayed"));
    let usable = |c: &EnhancedCode| !(not_delivered && c.is_success());
    let text_code = failing()
        .find(|c| !decide::is_generic(*c) && !expired(c))
        .or_else(|| failing().find(|c| !decide::is_generic(*c)))
        .or_else(|| failing().next())
        .or_else(|| found.iter().find_map(find::Found::enhanced))
        .or_else(|| diagnostic.loose_code())
        .filter(usable);
    let reply_code = found
        .iter()
        .find_map(find::Found::reply)
        .map(|r| r.as_u16())
        .or_else(|| diagnostic.line_reply());
    let status = match dsn_status.filter(usable) {
        // The remote server's own code, when both are specific and of one
        // class but differ: the Status was written by the reporting MTA.
        Some(s) if !decide::is_generic(s) => Some(
            text_code
                .filter(|t| t.class() == s.class() && !decide::is_generic(*t))
                .unwrap_or(s),
        ),
        Some(s) => text_code.filter(|t| t.class() == s.class()).or(Some(s)),
        None => text_code,
    };
    let class = status
        .map(|s| s.class())
        .or_else(|| {
            reply_code.and_then(|r| smtp_status::ReplyCode::new(r)?.category().enhanced_class())
        })
        .filter(|c| !(not_delivered && *c == smtp_status::Class::Success));
    let not_failure = action
        .as_deref()
        .is_some_and(|a| matches!(a, "delivered" | "relayed" | "expanded" | "deliverable"));
    let (reason, evidence) = if not_failure {
        (
            Reason::Delivered,
            Evidence::Format {
                what: "Action is not a failure",
            },
        )
    } else {
        whose(
            pick(status, reply_code, diagnostic, class, action.as_deref()),
            diagnostic,
        )
    };
    let (reason, evidence) = if reason == Reason::UserUnknown
        && matches!(evidence, Evidence::Pattern { .. })
        && (diagnostic.after_data() || context.after_data())
    {
        (
            Reason::Filtered,
            Evidence::Format {
                what: "a recipient refused after the DATA command",
            },
        )
    } else if reason == Reason::UserUnknown
        && matches!(evidence, Evidence::Pattern { .. })
        && status.is_none_or(|s| decide::is_generic(s) || s.subject().number() == 2)
        && (reply_code.is_some() || diagnostic.has_reply_code())
        && !diagnostic.at_rcpt()
        && !context.at_rcpt()
    {
        // A remote server's reply (it carries a reply code) whose wording
        // says the user is unknown, but neither an X.1.x code nor the RCPT
        // command backs it: recipients are refused at RCPT (RFC 5321
        // section 3.3), and an X.2.x code says the mailbox exists (RFC
        // 3463). The mailbox may exist and have refused this message.
        (
            Reason::Filtered,
            Evidence::Format {
                what: "an unknown-user wording in a reply with no X.1.x code and no RCPT command",
            },
        )
    } else {
        (reason, evidence)
    };
    // A failure report without a code is taken as final (it says when it
    // is only a delay).
    let permanent = class.is_none_or(|c| c.is_permanent());
    let diagnostic = diagnostic.kept(MAX_DIAGNOSTIC);
    Classified {
        recipient,
        action,
        reason,
        hard: reason.is_hard(permanent),
        advice: reason.advice(permanent),
        status,
        dsn_status: dsn_status.filter(|d| Some(*d) != status),
        reply_code,
        diagnostic: (!diagnostic.is_empty()).then_some(diagnostic),
        feedback_type: None,
        evidence,
    }
}

/// The reason [`pick`] found, then whose problem it is: an unknown address
/// or domain, or a full mailbox, in a text whose wording is about the
/// sender is the sender's problem, not the recipient's. A wording that
/// names the sender (the `rejected` wordings of
/// registry/bounce-patterns.txt: "Sender address rejected: User unknown in
/// local recipient table", "Sender verify failed") says whose address is
/// unknown, whatever code or wording said unknown; a deciding wording of
/// the sender's own sending limits ("Submission quota exceeded" under
/// Microsoft's 5.2.2) says whose quota is spent. The recipient's address is
/// never given up on for the sender's failure.
fn whose((reason, evidence): (Reason, Evidence), text: &Facts<'_>) -> (Reason, Evidence) {
    let of_recipient = matches!(reason, Reason::UserUnknown | Reason::HostUnknown);
    let sender_limit = text.pattern().filter(|p| p.reason == Reason::Speeding);
    let sender = match text.sender_pattern() {
        Some(p) if of_recipient => Some(p),
        _ if of_recipient || reason == Reason::MailboxFull => sender_limit,
        _ => None,
    };
    match sender {
        Some(p) => (
            p.reason,
            Evidence::Pattern {
                text: p.text,
                line: p.line,
            },
        ),
        None => (reason, evidence),
    }
}

/// The reason, most reliable evidence first.
fn pick(
    status: Option<EnhancedCode>,
    reply_code: Option<u16>,
    text: &Facts<'_>,
    class: Option<smtp_status::Class>,
    action: Option<&str>,
) -> (Reason, Evidence) {
    // RFC 3464 section 2.3.3: `delayed` is a warning, and `failed` with a
    // transient (4.x.x) status means the sender stopped retrying.
    // A plain-text bounce says so in words ("I'm not going to try again").
    let transient = class.is_some_and(|c| c.is_transient());
    let gave_up = action == Some("delayed")
        || action == Some("expired")
        || (action == Some("failed") && transient)
        || (action.is_none() && transient && text.mentions_expired());
    // A decisive code outlives the retries, except the network codes
    // (X.4.x: a host that did not answer), which a give-up ends in; X.4.3,
    // a directory server failure (RFC 3463), is the receiver's own fault.
    let specific = status.is_some_and(|c| {
        decide::code_is_decisive(c) && (c.subject().number() != 4 || c.detail() == 3)
    });
    let pattern = text.pattern();
    // A wording about the sender, the message or the mailbox outlives the
    // retries; a network or system wording does not.
    let pattern_stands = pattern.is_some_and(|p| {
        !matches!(
            p.reason,
            Reason::NetworkError | Reason::SystemError | Reason::HostUnknown | Reason::Expired
        )
    });
    // A full mailbox outlives the retries and outranks a generic or
    // network code, but not a specific code that says otherwise (X.1.1: the
    // mailbox does not exist, so it cannot be full), unless the reply code
    // says so too: 452 and 552 are the storage replies (RFC 5321 section
    // 4.2.2), two pieces of evidence against one.
    let storage_reply = matches!(
        reply_code.or_else(|| text.reply_code_word()),
        Some(452 | 552)
    );
    let code_says_otherwise =
        specific && !storage_reply && status.and_then(decide::by_code) != Some(Reason::MailboxFull);
    if let Some(p) = pattern.filter(|p| p.reason == Reason::MailboxFull && !code_says_otherwise) {
        return (
            p.reason,
            Evidence::Pattern {
                text: p.text,
                line: p.line,
            },
        );
    }
    if gave_up && !specific && !pattern_stands {
        return (
            Reason::Expired,
            Evidence::Format {
                what: "Action delayed, expired, or failed with a transient status",
            },
        );
    }
    // Microsoft answers an unknown recipient with 5.1.10 (its
    // "RESOLVER.ADR.RecipientNotFound", registry/vendor-codes.txt), the
    // registry's null MX: the wording tells the two apart.
    let null_mx_or_unknown = status.is_some_and(|c| (c.subject().number(), c.detail()) == (1, 10))
        && pattern.is_some_and(|p| p.reason == Reason::UserUnknown);
    if let Some(code) = status.filter(|c| decide::code_is_decisive(*c) && !null_mx_or_unknown)
        && let Some(r) = decide::by_code(code)
    {
        return (r, Evidence::Code { code });
    }
    // An unknown-user wording beside a specific system, content or policy code
    // (5.7.13 account disabled, 5.3.2 not accepting, 5.6.0 content): the
    // code says more than the wording.
    let code_says_more = pattern.is_some_and(|p| p.reason == Reason::UserUnknown)
        && status.is_some_and(|c| {
            matches!(c.subject().number(), 3 | 6 | 7) && decide::by_code(c).is_some()
        });
    if let Some(p) = pattern.filter(|_| !code_says_more) {
        let about_sender =
            matches!(p.reason, Reason::UserUnknown | Reason::HostUnknown) && text.after_mail_from();
        if about_sender {
            return (
                Reason::Rejected,
                Evidence::Format {
                    what: "the MAIL command (the sender) was refused",
                },
            );
        }
        if p.reason == Reason::UserUnknown && text.domain_does_not_exist() {
            return (
                Reason::HostUnknown,
                Evidence::Format {
                    what: "a domain name, not a mailbox, does not exist",
                },
            );
        }
        return (
            p.reason,
            Evidence::Pattern {
                text: p.text,
                line: p.line,
            },
        );
    }
    if let Some(code) = status
        && let Some(r) = decide::by_code(code)
    {
        return (r, Evidence::Code { code });
    }
    // X.7.x is "security or policy status" (RFC 3463 section 3.8): with no
    // better evidence, a security condition was not met.
    if let Some(code) = status.filter(|c| c.subject().number() == 7 && !c.is_success()) {
        return (Reason::SecurityError, Evidence::Code { code });
    }
    match class {
        Some(_) => (decide::fallback(class), Evidence::Class),
        None => (Reason::Undefined, Evidence::Nothing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(diagnostic: &str, status: Option<&str>) -> Reason {
        let status = status.map(|s| s.parse().unwrap());
        decide_one(None, None, status, diagnostic, "").reason
    }

    #[test]
    fn an_unknown_user_wording_needs_rcpt_or_an_address_code() {
        // A server's reply with neither: the mailbox may exist and have
        // refused the message.
        assert_eq!(reason("550 User unknown", None), Reason::Filtered);
        assert_eq!(
            reason("<kit@example.org>: 550: : User unknown", None),
            Reason::Filtered
        );
        assert_eq!(
            reason("550 5.2.1 <kit@example.org>: User unknown", None),
            Reason::Filtered
        );
        // Refused at RCPT, or an X.1.1 code: the address is unknown.
        assert_eq!(
            reason("550 User unknown (in reply to RCPT TO command)", None),
            Reason::UserUnknown
        );
        assert_eq!(
            reason(
                "did not like our RCPT TO: 550 5.2.1 <kit@example.org>: User unknown",
                None
            ),
            Reason::UserUnknown
        );
        assert_eq!(reason("550 5.1.1 User unknown", None), Reason::UserUnknown);
        assert_eq!(
            reason("550 User unknown", Some("5.1.1")),
            Reason::UserUnknown
        );
        // The reporting MTA's own words, not a quoted reply.
        assert_eq!(
            reason("The recipient name is not recognized", None),
            Reason::UserUnknown
        );
    }

    #[test]
    fn the_actual_problem_before_delivery_time_expired() {
        let c = decide_one(
            None,
            None,
            None,
            "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>",
            "",
        );
        assert_eq!(c.status.unwrap().to_string(), "4.4.2");
        assert_eq!(c.reason, Reason::Expired);
        let c = decide_one(None, None, None, "554 4.4.7 Message expired", "");
        assert_eq!(c.status.unwrap().to_string(), "4.4.7");
    }

    #[test]
    fn a_security_code_without_a_wording_is_a_security_error() {
        assert_eq!(
            reason("550 5.7.1 Access denied (state 13).", None),
            Reason::SecurityError
        );
        assert_eq!(
            reason("550 5.7.1 Relay access denied", None),
            Reason::NoRelaying
        );
        assert_eq!(
            reason("550 5.0.0 Access denied (state 13).", None),
            Reason::OnHold
        );
    }
}
