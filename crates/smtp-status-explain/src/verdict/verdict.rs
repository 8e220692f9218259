//! The verdict on one failure: its reason, hard or soft, advice and
//! evidence, from the status, the diagnostic text and (for RFC 3464) the
//! action, most reliable evidence first. Every recipient of every bounce
//! format, a reply and a line of text are decided here.

use smtp_status::{Class, EnhancedCode, find};

use super::classified::Classified;
use super::decide::{self, Command, Facts};
use crate::code_reasons::{Weight, code_reason};
use crate::patterns::Pattern;
use crate::{About, Evidence, Reason, Rule, Verdict};

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
enum Action {
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

/// The typed facts of one failure that the decision reads.
struct Known<'a, 't> {
    /// The recipient's address, when the report names one.
    recipient: Option<&'a str>,
    /// The most specific enhanced code.
    status: Option<EnhancedCode>,
    /// The reply code of the diagnostic.
    reply_code: Option<u16>,
    /// The class of the code or of the reply.
    class: Option<Class>,
    action: Action,
    /// The recipient's diagnostic text.
    text: &'a Facts<'t>,
    /// The text around it (the whole email, an SES bounce type).
    context: &'a Facts<'t>,
    x_unix: bool,
    suppressed: bool,
}

/// The reason of one failure and what decided it: the one decision, its
/// steps in order, each reading typed facts. The order is the standards'
/// and the reference's (Sisimai: a provider's own table for the remote
/// host, then the code and the wordings of each reason, then the class):
///
/// 1. not a failure (RFC 3464 Action);
/// 2. the provider's table for the reporting or remote host (the slot
///    [`provider`]);
/// 3. the sending service's suppression list;
/// 4. whose problem: a claim against the recipient (an X.1.x or X.2.2 code,
///    an unknown-user or full-mailbox wording) beside a wording that names
///    the sender or the sender's own limits is about the sender;
/// 5. a full mailbox in words, unless a specific code says otherwise;
/// 6. a give-up (RFC 3464 `delayed`, `failed` with a 4.x.x status) without
///    a specific code or a lasting wording;
/// 7. a decisive code (registry/code-reasons.txt), unless the wording names
///    another party (the sender's rate, the mailbox owner's filter);
/// 8. the curated wording (registry/bounce-patterns.txt), read with the
///    SMTP stage: refused at MAIL FROM is the sender, after DATA a filter;
/// 9. a plain code; 10. the command the refusal answered (greeting or
///    EHLO: the sending host; MAIL: the sender); 11. the kind of the
///    subject (X.5.x, X.7.x), then the class.
///
/// A local program's exit status (X-Unix) decides, when no code and no
/// wording does, before a give-up.
fn decide(k: &Known<'_, '_>) -> (Reason, Evidence) {
    if k.action == Action::NotFailure {
        return (
            Reason::Delivered,
            Evidence::Rule {
                rule: Rule::NotAFailure,
            },
        );
    }
    if let Some(v) = provider(k) {
        return v;
    }
    if k.suppressed {
        return (
            Reason::Suppressed,
            Evidence::Rule {
                rule: Rule::SuppressionList,
            },
        );
    }
    let coded = k.status.and_then(|c| {
        let (r, w) = code_reason(c.subject().number(), c.detail())?;
        Some((c, r, w))
    });
    let decisive = coded.filter(|(_, _, w)| *w == Weight::Decisive);
    let wording = k.text.pattern();
    // A claim against the recipient by a code (not only a decisive one:
    // X.1.3, a bad address syntax) or a wording.
    let claim = coded.filter(|(_, _, w)| *w != Weight::Class);
    if let Some(v) = sender_side(k, claim.map(|(_, r, _)| r), wording) {
        return v;
    }
    // A full mailbox outranks a generic or network code, but not a specific
    // code that says otherwise (X.1.1: the mailbox does not exist, so it
    // cannot be full), unless the reply code says so too: 452 and 552 are
    // the storage replies (RFC 5321 section 4.2.2), two pieces of evidence
    // against one.
    let storage_reply = matches!(
        k.reply_code.or_else(|| k.text.reply_code_word()),
        Some(452 | 552)
    );
    // A decisive code outlives the retries, except the connection codes
    // (a host that did not answer), which a give-up ends in.
    let lasting = decisive.filter(|(_, r, _)| r.about() != About::Connection);
    let code_says_otherwise =
        lasting.is_some_and(|(_, r, _)| r != Reason::MailboxFull) && !storage_reply;
    if let Some(p) = wording.filter(|p| p.reason == Reason::MailboxFull && !code_says_otherwise) {
        return by_wording(p);
    }
    let only_class = coded.is_none_or(|(_, _, w)| w == Weight::Class);
    if k.x_unix && wording.is_none() && only_class {
        // RFC 3464 section 2.3.6: the diagnostic type names the system that
        // wrote the code; Sendmail's `X-Unix` is the exit status of a local
        // delivery program (sysexits.h: 71 EX_OSERR, 75 EX_TEMPFAIL).
        return (
            Reason::MailerError,
            Evidence::Rule {
                rule: Rule::LocalProgram,
            },
        );
    }
    if gave_up(k) && lasting.is_none() && !wording.is_some_and(|p| outlives_retries(p.reason)) {
        return (Reason::Expired, Evidence::Rule { rule: Rule::GaveUp });
    }
    if let Some((code, r, _)) = decisive
        && !wording.is_some_and(|p| contradicts(r, p.reason))
    {
        return (r, Evidence::Code { code });
    }
    // An unknown-user wording beside a specific system, content or policy
    // code (5.7.13 account disabled, 5.3.2 not accepting, 5.6.0 content):
    // the code says more than the wording.
    let code_says_more = wording.is_some_and(|p| p.reason == Reason::UserUnknown)
        && coded.is_some_and(|(c, _, w)| {
            matches!(c.subject().number(), 3 | 6 | 7) && w != Weight::Class
        });
    if let Some(p) = wording.filter(|_| !code_says_more) {
        return at_stage(k, p);
    }
    if let Some((code, r, _)) = coded.filter(|(_, _, w)| *w != Weight::Class) {
        return (r, Evidence::Code { code });
    }
    // Only the class is known: the command the refusal answered names the
    // party (RFC 5321 sections 3.1 and 3.3): the greeting or EHLO refuses
    // the sending host, MAIL the sender.
    if k.class.is_some_and(|c| !c.is_success()) {
        if k.text.command() == Some(Command::Greeting) {
            return (
                Reason::Blocked,
                Evidence::Rule {
                    rule: Rule::RefusedAtHelo,
                },
            );
        }
        if k.text.command() == Some(Command::Mail) {
            return (
                Reason::Rejected,
                Evidence::Rule {
                    rule: Rule::RefusedAtMail,
                },
            );
        }
    }
    if let Some((code, r, _)) = coded {
        return (r, Evidence::Code { code });
    }
    match k.class {
        Some(_) => (decide::fallback(k.class), Evidence::Class),
        None => (Reason::Undefined, Evidence::Nothing),
    }
}

/// A provider's own table, chosen by the reporting or remote host or the
/// recipient's domain (Sisimai's `Rhost`; registry/provider-rules.txt):
/// what a provider documents for its codes and wordings decides before the
/// generic evidence.
fn provider(k: &Known<'_, '_>) -> Option<(Reason, Evidence)> {
    let rule =
        crate::verdict::provider::rule(k.recipient, k.text, k.context, k.reply_code, k.status)?;
    Some((
        rule.reason,
        Evidence::Provider {
            provider: rule.provider,
            marker: rule.marker,
        },
    ))
}

/// RFC 3464 section 2.3.3: `delayed` is a warning, and `failed` with a
/// transient (4.x.x) status means the sender stopped retrying; a
/// plain-text bounce says so in words ("I'm not going to try again").
fn gave_up(k: &Known<'_, '_>) -> bool {
    let transient = k.class.is_some_and(|c| c.is_transient());
    k.action == Action::Delayed
        || (k.action == Action::Failed && transient)
        || (k.action == Action::Missing && transient && k.text.mentions_expired())
}

/// Whether a wording's reason outlives the retries: one about the sender,
/// the message, the mailbox, the receiver's storage or the recipient's
/// domain (a stated NXDOMAIN is the cause, not a queue timeout) does; a
/// network or system failure, which retries end in, does not.
fn outlives_retries(r: Reason) -> bool {
    !matches!(
        r,
        Reason::NetworkError | Reason::SystemError | Reason::Expired
    )
}

/// Whether a wording names another party or cause than a decisive code
/// does, so the wording decides: X.4.7 (delivery time expired) beside a
/// stated cause; a code about the recipient's address or mailbox
/// (5.1.1, 5.2.2) whose text speaks of the sender's rate or the mailbox
/// owner's filter; Microsoft's 5.1.10 ("RecipientNotFound",
/// registry/vendor-codes.txt) is the registry's null MX, and an
/// unknown-user wording tells the two apart.
fn contradicts(code: Reason, wording: Reason) -> bool {
    match (code, wording) {
        (Reason::NotAccept, Reason::UserUnknown) => true,
        // X.4.7 names the give-up; RFC 3463 asks for the code of the
        // actual problem, which a lasting wording states.
        (Reason::Expired, w) => outlives_retries(w),
        (c, w) if matches!(c.about(), About::RecipientAddress | About::RecipientMailbox) => {
            matches!(w, Reason::RateLimited | Reason::Filtered) && c != w
        }
        _ => false,
    }
}

/// A claim against the recipient (its address unknown, its domain unknown,
/// its mailbox full: a decisive code or the deciding wording) in a text
/// whose wording names the sender is the sender's problem. A wording that
/// names the sender (the `rejected` wordings of
/// registry/bounce-patterns.txt: "Sender address rejected: User unknown in
/// local recipient table", "Sender verify failed") says whose address is
/// unknown; a deciding wording of the sender's own limits ("Submission
/// quota exceeded" under Microsoft's 5.2.2) says whose quota is spent. The
/// recipient's address is never given up on for the sender's failure.
fn sender_side(
    k: &Known<'_, '_>,
    code: Option<Reason>,
    wording: Option<&'static Pattern>,
) -> Option<(Reason, Evidence)> {
    let claim = code.or(wording.map(|p| p.reason))?;
    let of_address = matches!(claim, Reason::UserUnknown | Reason::HostUnknown);
    if of_address && let Some(p) = k.text.sender_pattern() {
        return Some(by_wording(p));
    }
    let limit = wording.filter(|p| p.reason == Reason::RateLimited);
    if (of_address || claim == Reason::MailboxFull)
        && let Some(p) = limit
    {
        return Some(by_wording(p));
    }
    None
}

/// The wording's reason, read with the SMTP stage the text names (RFC 5321
/// section 3.3: the sender is refused at MAIL, recipients at RCPT, the
/// message after DATA): an unknown address refused at MAIL FROM is the
/// sender's; an unknown-user wording after DATA is a filter (the mailbox
/// was accepted at RCPT); "does not exist" said of a domain name is the
/// host. Without stage evidence an explicit non-existence wording is
/// taken at its word: the address is unknown.
fn at_stage(k: &Known<'_, '_>, p: &'static Pattern) -> (Reason, Evidence) {
    let of_address = matches!(p.reason, Reason::UserUnknown | Reason::HostUnknown);
    if of_address && k.text.command() == Some(Command::Mail) {
        return (
            Reason::Rejected,
            Evidence::Rule {
                rule: Rule::RefusedAtMail,
            },
        );
    }
    // RFC 3463 section 3.3: an X.2.x code (but X.2.2, full) is the status
    // of a mailbox that exists, so its unknown-user wording is a refusal.
    // Refused at RCPT, the wording is about the address whatever the code.
    let mailbox_exists = k
        .status
        .is_some_and(|c| c.subject().number() == 2 && c.detail() != 2)
        && stage(k) != Some(Command::Rcpt);
    if p.reason == Reason::UserUnknown && mailbox_exists {
        return (
            Reason::Filtered,
            Evidence::Rule {
                rule: Rule::MailboxExists,
            },
        );
    }
    if p.reason == Reason::UserUnknown && k.text.domain_does_not_exist() {
        return (
            Reason::HostUnknown,
            Evidence::Rule {
                rule: Rule::DomainDoesNotExist,
            },
        );
    }
    if p.reason == Reason::UserUnknown && stage(k) == Some(Command::Data) {
        return (
            Reason::Filtered,
            Evidence::Rule {
                rule: Rule::RefusedAfterData,
            },
        );
    }
    by_wording(p)
}

/// The command the refusal answered: the one the recipient's text names,
/// else the one the text around it names.
fn stage(k: &Known<'_, '_>) -> Option<Command> {
    k.text.command().or_else(|| k.context.command())
}

/// The verdict a curated wording gives.
fn by_wording(p: &'static Pattern) -> (Reason, Evidence) {
    (p.reason, Evidence::Pattern { text: p.text })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // wording that names the cause decides (issue 18's review).
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
