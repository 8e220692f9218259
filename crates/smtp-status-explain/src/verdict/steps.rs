//! The one decision: the reason of one failure from its typed facts
//! ([`Known`]), in ordered steps ([`decide`]), each reading typed facts and
//! the curated tables (registry/code-reasons.txt, registry/bounce-patterns.txt,
//! registry/stage-wordings.txt, the provider rules). `verdict.rs` gathers the
//! facts and turns the reason into a verdict.

use smtp_status::{Class, EnhancedCode};

use super::decide::{self, Command, Facts};
use super::verdict::Action;
use crate::code_reasons::{Weight, code_reason};
use crate::patterns::Pattern;
use crate::{About, Evidence, Reason, Rule};

/// The typed facts of one failure that the decision reads.
pub(super) struct Known<'a, 't> {
    /// The recipient's address, when the report names one.
    pub(super) recipient: Option<&'a str>,
    /// The most specific enhanced code.
    pub(super) status: Option<EnhancedCode>,
    /// The reply code of the diagnostic.
    pub(super) reply_code: Option<u16>,
    /// The class of the code or of the reply.
    pub(super) class: Option<Class>,
    pub(super) action: Action,
    /// The recipient's diagnostic text.
    pub(super) text: &'a Facts<'t>,
    /// The text around it (the whole email, an SES bounce type).
    pub(super) context: &'a Facts<'t>,
    pub(super) x_unix: bool,
    pub(super) suppressed: bool,
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
pub(super) fn decide(k: &Known<'_, '_>) -> (Reason, Evidence) {
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
