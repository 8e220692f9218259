//! The verdict on one failure: its reason, hard or soft, advice and
//! evidence, from the status, the diagnostic text and (for RFC 3464) the
//! action, most reliable evidence first. Every recipient of every bounce
//! format, a reply and a line of text are decided here.

use smtp_status::{EnhancedCode, find};

use super::classified::Classified;
use super::decide::{self, Facts};
use super::steps::{Known, decide};
use crate::Verdict;

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

/// What a report says of one recipient besides its texts: the typed facts a
/// format reader hands the decision.
#[derive(Debug, Clone, Default)]
pub(crate) struct Report {
    /// The recipient address.
    pub(crate) recipient: Option<String>,
    /// RFC 3464 `Action`, lower case.
    pub(crate) action: Option<String>,
    /// RFC 3464 `Status`.
    pub(crate) status: Option<EnhancedCode>,
    /// RFC 3464 section 2.3.6: the `Diagnostic-Code` is of type `X-Unix`,
    /// the exit status of a local delivery program (sysexits.h).
    pub(crate) x_unix: bool,
    /// The sending service did not try: the address is on its suppression
    /// list (Amazon SES bounce type `Permanent/Suppressed`).
    pub(crate) suppressed: bool,
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
    let report = Report {
        recipient,
        action,
        status: dsn_status,
        ..Report::default()
    };
    decide_report(report, diagnostic, context)
}

/// The action of a report, typed: RFC 3464 section 2.3.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// No `Action` field.
    Missing,
    /// `failed`.
    Failed,
    /// `delayed`, or the `expired` some MTAs write: a warning, or a give-up.
    Delayed,
    /// `delivered`, `relayed`, `expanded` (and `deliverable`): not a failure.
    NotFailure,
    /// Any other value.
    Other,
}

impl Action {
    fn of(action: Option<&str>) -> Action {
        match action {
            None => Action::Missing,
            Some("failed") => Action::Failed,
            Some("delayed" | "expired") => Action::Delayed,
            Some("delivered" | "relayed" | "expanded" | "deliverable") => Action::NotFailure,
            Some(_) => Action::Other,
        }
    }

    /// `failed` and `delayed` say the message was not delivered.
    fn not_delivered(self) -> bool {
        matches!(self, Action::Failed | Action::Delayed)
    }
}

/// [`decide_facts`] with every fact of the report.
pub(crate) fn decide_report(
    report: Report,
    diagnostic: &Facts<'_>,
    context: &Facts<'_>,
) -> Classified {
    let Report {
        recipient,
        action,
        status: dsn_status,
        x_unix,
        suppressed,
    } = report;
    let act = Action::of(action.as_deref());
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
    let usable = |c: &EnhancedCode| !(act.not_delivered() && c.is_success());
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
        .filter(|c| !(act.not_delivered() && *c == smtp_status::Class::Success));
    let (reason, evidence) = decide(&Known {
        recipient: recipient.as_deref(),
        status,
        reply_code,
        class,
        action: act,
        text: diagnostic,
        context,
        x_unix,
        suppressed,
    });
    // A failure report without a code is taken as final (it says when it
    // is only a delay).
    let permanent = class.is_none_or(|c| c.is_permanent());
    let diagnostic = diagnostic.kept(MAX_DIAGNOSTIC);
    Classified {
        recipient,
        action,
        reason,
        about: reason.about(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{About, Reason};

    fn reason(diagnostic: &str, status: Option<&str>) -> Reason {
        let status = status.map(|s| s.parse().unwrap());
        decide_one(None, None, status, diagnostic, "").reason
    }

    #[test]
    fn an_unknown_user_wording_is_read_with_its_stage() {
        // Without stage evidence, an explicit non-existence wording is taken
        // at its word.
        assert_eq!(reason("550 User unknown", None), Reason::UserUnknown);
        assert_eq!(
            reason("<kit@example.org>: 550: : User unknown", None),
            Reason::UserUnknown
        );
        assert_eq!(
            reason("The recipient name is not recognized", None),
            Reason::UserUnknown
        );
        // After DATA the recipient was accepted: a filter refused the
        // message. An X.2.x code says the mailbox exists, unless the
        // refusal answered RCPT.
        assert_eq!(
            reason("550 User unknown (in reply to end of DATA command)", None),
            Reason::Filtered
        );
        assert_eq!(
            reason("550 5.2.1 <kit@example.org>: User unknown", None),
            Reason::Filtered
        );
        assert_eq!(
            reason(
                "did not like our RCPT TO: 550 5.2.1 <kit@example.org>: User unknown",
                None
            ),
            Reason::UserUnknown
        );
        // At MAIL FROM, the unknown address is the sender's.
        assert_eq!(
            reason(
                "SMTP error from remote mail server after MAIL FROM: 550 User unknown",
                None
            ),
            Reason::Rejected
        );
        assert_eq!(reason("550 5.1.1 User unknown", None), Reason::UserUnknown);
        assert_eq!(
            reason("550 User unknown", Some("5.1.1")),
            Reason::UserUnknown
        );
    }

    #[test]
    fn a_give_up_with_a_stated_cause_is_that_cause() {
        let gave_up = |text: &str| {
            decide_one(
                None,
                Some("failed".into()),
                Some("4.4.7".parse().unwrap()),
                text,
                "",
            )
            .reason
        };
        assert_eq!(gave_up("Message expired"), Reason::Expired);
        assert_eq!(
            gave_up(
                "Host or domain name not found. Name service error for name=nx.example type=MX: Host not found"
            ),
            Reason::HostUnknown
        );
    }

    #[test]
    fn with_only_the_class_the_command_names_the_party() {
        // X.7.1 alone would be a security error; refused at EHLO, it is
        // the sending host, at MAIL FROM the sender.
        assert_eq!(
            reason(
                "host mx.example.org said: 554 5.7.1 Go away (in reply to EHLO command)",
                None
            ),
            Reason::Blocked
        );
        assert_eq!(
            reason(
                "SMTP error from remote mail server after MAIL FROM:<a@b.example>: 550 5.7.1 Go away",
                None
            ),
            Reason::Rejected
        );
        assert_eq!(reason("550 5.7.1 Go away", None), Reason::SecurityError);
        // A specific code still decides.
        assert_eq!(
            reason(
                "554 5.3.2 Not accepting mail (in reply to EHLO command)",
                None
            ),
            Reason::NotAccept
        );
    }

    #[test]
    fn a_specific_code_yields_only_to_a_wording_about_another_party() {
        // "does not exist" never beats X.1.8 (the sender's domain).
        assert_eq!(
            reason(
                "553 5.1.8 <kit@example.org>... Domain of sender address nobody@nx.example does not exist",
                None
            ),
            Reason::Rejected
        );
        // A 5.1.1 whose text speaks of the sending rate is a rate limit.
        assert_eq!(
            reason("550 5.1.1 rate limit exceeded for this sender", None),
            Reason::RateLimited
        );
        // Gmail's 4.2.1 rate limit: slow down and retry, not suspend.
        let c = decide_one(
            None,
            None,
            None,
            "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later time.",
            "",
        );
        assert_eq!(
            (c.reason, c.hard, c.advice, c.about),
            (
                Reason::RateLimited,
                false,
                crate::Advice::SlowDown,
                About::SendingHost
            )
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

    #[test]
    fn the_text_names_the_cause_over_the_class() {
        // X.0.0, X.5.0 and X.7.1 say only the kind of the subject; a
        // wording that names the cause decides.
        for (text, want) in [
            ("550 5.0.0 Relaying refused", Reason::NoRelaying),
            ("550 5.5.0 Relaying refused", Reason::NoRelaying),
            (
                "550 5.7.1 Message rejected due to DMARC failure",
                Reason::AuthFailure,
            ),
            (
                "550 5.7.1 Message failed DMARC evaluation",
                Reason::AuthFailure,
            ),
            (
                "550 5.0.0 The recipient address could not be found",
                Reason::UserUnknown,
            ),
            (
                "550 5.0.0 <kit@example.org>... Address not found",
                Reason::UserUnknown,
            ),
            ("550 5.7.1 Mailbox locked", Reason::Suspend),
            ("550 5.0.0 Account locked", Reason::Suspend),
            (
                "Connected to 192.0.2.1 but greeting failed. Remote host said: 554 5.7.1 go away",
                Reason::Blocked,
            ),
        ] {
            assert_eq!(reason(text, None), want, "{text}");
        }
    }

    #[test]
    fn a_specific_code_the_text_contradicts_yields() {
        // A 5.1.1 whose text speaks of the recipient's own preferences: the
        // mailbox exists and its owner refused.
        assert_eq!(
            reason("550 5.1.1 Refused due to recipient preferences", None),
            Reason::Filtered
        );
        assert_eq!(
            reason(
                "550 5.1.1 This recipient has chosen not to receive mail from you",
                None
            ),
            Reason::Filtered
        );
    }

    #[test]
    fn the_stage_is_the_last_command_named() {
        // Postfix's MAIL FROM marker: the unknown address is the sender's.
        assert_eq!(
            reason(
                "host mx.example.org said: 550 No such user here (in reply to MAIL FROM command)",
                None
            ),
            Reason::Rejected
        );
        // A transcript names MAIL, then RCPT: the RCPT was refused.
        assert_eq!(
            reason(
                "... while talking to mx.example.org.:\n>>> MAIL From:<s@a.example>\n<<< 250 ok\n>>> RCPT To:<r@b.example>\n<<< 550 No such user",
                None
            ),
            Reason::UserUnknown
        );
        // After an accepted RCPT, a refusal after DATA is a filter; in a
        // pipelined transcript (RFC 2920) the DATA reply carries the
        // recipient's refusal.
        assert_eq!(
            reason(
                ">>> RCPT To:<r@b.example>\n<<< 250 ok\n>>> DATA\n<<< 550 Unknown user r@b.example",
                None
            ),
            Reason::Filtered
        );
        assert_eq!(
            reason(
                ">>> MAIL From:<s@a.example> SIZE=99\n>>> RCPT To:<r@b.example>\n>>> DATA\n<<< 550 Unknown user r@b.example",
                None
            ),
            Reason::UserUnknown
        );
        // Sendmail's transcript of a refused greeting: the sending host.
        assert_eq!(
            reason(
                "... while talking to mx.example.org.:\n<<< 554 5.7.1 go away\n554 5.0.0 Service unavailable",
                None
            ),
            Reason::Blocked
        );
        // Other MTAs' RCPT markers: refused at RCPT, the wording is about
        // the address whatever an X.2.x code says.
        assert_eq!(
            reason("550 5.2.1 <r@b.example>... User Unknown [RCPT_TO]", None),
            Reason::UserUnknown
        );
        assert_eq!(
            reason(
                "550 5.2.1 User unknown (Remote SMTP server has rejected address)",
                None
            ),
            Reason::UserUnknown
        );
    }
}
