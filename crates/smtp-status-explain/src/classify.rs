//! A classification per recipient for any bounce: RFC 3464 reports,
//! plain-text bounces, ARF feedback reports (RFC 5965) and auto-replies
//! (RFC 3834).

use serde::Serialize;
use smtp_status::{EnhancedCode, find};

use crate::decide;
use crate::head::Head;
use crate::human::{Block, Row};
use crate::mime;
use crate::{Advice, BounceError, Evidence, MAX_INPUT, Reason, Verdict};

/// What kind of report the email is.
///
/// ```
/// assert_eq!(smtp_status_explain::Format::Dsn.as_str(), "rfc3464");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Format {
    /// A delivery-status report (RFC 3464).
    #[serde(rename = "rfc3464")]
    Dsn,
    /// A bounce written for people, without a delivery-status part.
    #[serde(rename = "plain-text")]
    PlainText,
    /// A feedback (complaint) report (RFC 5965 ARF, or a provider's own).
    #[serde(rename = "feedback")]
    Feedback,
    /// An automatic reply (RFC 3834).
    #[serde(rename = "auto-reply")]
    AutoReply,
}

impl Format {
    /// `rfc3464`, `plain-text`, `feedback` or `auto-reply`.
    ///
    /// ```
    /// assert_eq!(smtp_status_explain::Format::AutoReply.as_str(), "auto-reply");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dsn => "rfc3464",
            Format::PlainText => "plain-text",
            Format::Feedback => "feedback",
            Format::AutoReply => "auto-reply",
        }
    }
}

fn ser_opt_code<S: serde::Serializer>(c: &Option<EnhancedCode>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => s.collect_str(c),
        None => s.serialize_none(),
    }
}

/// One recipient, classified.
///
/// ```
/// let raw = b"From: MAILER-DAEMON@a.example\nSubject: failure notice\n\n\
/// Hi. This is the qmail-send program at a.example.\n\
/// I'm afraid I wasn't able to deliver your message to the following addresses.\n\n\
/// <nobody@b.example>:\nSorry, no mailbox here by that name. (#5.1.1)\n";
/// let c = smtp_status_explain::classify(raw)?;
/// let r = &c.recipients[0];
/// assert_eq!(r.recipient.as_deref(), Some("nobody@b.example"));
/// assert_eq!(r.reason, smtp_status_explain::Reason::UserUnknown);
/// assert!(r.hard);
/// assert_eq!(r.status.unwrap().to_string(), "5.1.1");
/// # Ok::<(), smtp_status_explain::BounceError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classified {
    /// The recipient address, when the report names it.
    pub recipient: Option<String>,
    /// `Action` of an RFC 3464 report (lower case), when there is one.
    pub action: Option<String>,
    /// Why it bounced.
    pub reason: Reason,
    /// Whether retrying cannot help ([`Reason::is_hard`]).
    pub hard: bool,
    /// What to do.
    pub advice: Advice,
    /// The most specific enhanced status code known: the DSN `Status`, or
    /// the code in the diagnostic text when `Status` is the generic X.0.0
    /// or missing.
    #[serde(serialize_with = "ser_opt_code")]
    pub status: Option<EnhancedCode>,
    /// The `Status` field as written, when it differs from `status`.
    #[serde(serialize_with = "ser_opt_code")]
    pub dsn_status: Option<EnhancedCode>,
    /// The SMTP reply code in the diagnostic text.
    pub reply_code: Option<u16>,
    /// The diagnostic text (the `Diagnostic-Code`, or the lines of a
    /// plain-text bounce about this recipient), trimmed.
    pub diagnostic: Option<String>,
    /// The `Feedback-Type` of a feedback report.
    pub feedback_type: Option<String>,
    /// What decided the reason.
    pub evidence: Evidence,
}

impl Classified {
    /// The human rows: reason, hard or soft, advice, evidence; with
    /// `codes`, also the status, reply code, feedback type and diagnostic
    /// (an RFC 3464 recipient shows those already).
    pub fn rows(&self, codes: bool) -> Vec<Row> {
        let mut rows = self.verdict().rows();
        if let (Some(s), Some(d)) = (self.status, self.dsn_status) {
            rows.push(Row::new(
                "code",
                format!("{s} from the diagnostic text (Status says {d})"),
            ));
        } else if codes && let Some(s) = self.status {
            rows.push(Row::new("status", s.to_string()));
        }
        if codes {
            if let Some(r) = self.reply_code {
                rows.push(Row::new("reply code", r.to_string()));
            }
            if let Some(t) = &self.feedback_type {
                rows.push(Row::new("feedback", t.as_str()));
            }
            if let Some(d) = &self.diagnostic {
                let one: String = d.split_whitespace().collect::<Vec<_>>().join(" ");
                rows.push(Row::new(
                    "diagnostic",
                    one.chars().take(300).collect::<String>(),
                ));
            }
        }
        rows
    }

    /// The reason, hard or soft, advice and evidence, on their own.
    pub fn verdict(&self) -> Verdict {
        Verdict {
            reason: self.reason,
            hard: self.hard,
            advice: self.advice,
            evidence: self.evidence.clone(),
        }
    }

    /// The human form: the recipient, then [`Classified::rows`].
    pub fn block(&self) -> Block {
        let who = self.recipient.as_deref().unwrap_or("(recipient not named)");
        Block {
            title: format!("{who}  {}", self.reason),
            rows: self.rows(true),
        }
    }
}

impl std::fmt::Display for Classified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.block().fmt(f)
    }
}

/// An email's classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// What kind of report it is.
    pub format: Format,
    /// Each recipient, in order.
    pub recipients: Vec<Classified>,
    /// What was recovered from a malformed report, one sentence each.
    pub warnings: Vec<String>,
}

/// The most a diagnostic keeps, in bytes.
const MAX_DIAGNOSTIC: usize = 4096;

/// Classifies every recipient of a bounce email (RFC 3464, plain-text,
/// feedback report or auto-reply). An email that is none of these is
/// [`BounceError::NoReport`].
///
/// ```
/// let e = smtp_status_explain::classify(b"From: a@b.example\nSubject: lunch\n\nSee you.\n");
/// assert_eq!(e.unwrap_err(), smtp_status_explain::BounceError::NoReport);
/// ```
pub fn classify(raw: &[u8]) -> Result<Classification, BounceError> {
    if crate::mbox::several(raw) {
        return classify_mbox(raw);
    }
    classify_at(raw, true)
}

/// An mbox of several messages (RFC 4155), each read as its own email: the
/// recipients of all in order, the format of the first that is a report.
fn classify_mbox(raw: &[u8]) -> Result<Classification, BounceError> {
    // A bounded number of warning lines: a file of a million empty messages
    // must not grow a list larger than itself.
    const MAX_WARNINGS: usize = 32;
    let mut first_error = None;
    let mut all: Option<Classification> = None;
    let mut warnings = Vec::new();
    let mut dropped = 0usize;
    let mut count = 0usize;
    let mut warn = |w: String| {
        if warnings.len() < MAX_WARNINGS {
            warnings.push(w);
        } else {
            dropped += 1;
        }
    };
    for (i, message) in crate::mbox::messages(raw).enumerate() {
        count += 1;
        match classify_at(&message, true) {
            Ok(c) => {
                for w in &c.warnings {
                    warn(format!("message {}: {w}", i + 1));
                }
                match &mut all {
                    Some(a) => a.recipients.extend(c.recipients),
                    None => all = Some(c),
                }
            }
            Err(e) => {
                warn(format!("message {}: {e}", i + 1));
                first_error.get_or_insert(e);
            }
        }
    }
    let mut all = all.ok_or_else(|| first_error.unwrap_or(BounceError::NoReport))?;
    if dropped > 0 {
        warnings.push(format!("and {dropped} more warnings"));
    }
    warnings.insert(
        0,
        format!("an mbox of {count} messages, each read as its own email"),
    );
    all.warnings = warnings;
    Ok(all)
}

/// The start of a whole message forwarded inside a text body: an mbox
/// `From ` separator line (RFC 4155) followed by header fields, as a
/// mail administrator forwards a bounce they received.
fn forwarded(body: &[u8]) -> Option<&[u8]> {
    for i in memchr::memmem::find_iter(body, b"\nFrom ") {
        let start = i + 1;
        let next = body[start..].iter().position(|&c| c == b'\n')? + start + 1;
        let field = body[next..]
            .iter()
            .take_while(|&&c| c != b'\n')
            .position(|&c| c == b':')
            .is_some_and(|p| p > 0 && !body[next..next + p].contains(&b' '));
        if field {
            return Some(&body[next..]);
        }
    }
    None
}

fn classify_at(raw: &[u8], outer: bool) -> Result<Classification, BounceError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(BounceError::Empty);
    }
    if raw.len() > MAX_INPUT {
        return Err(BounceError::TooLarge);
    }
    let lf = mime::normalize_line_ends(raw);
    let raw = lf.as_deref().unwrap_or(raw);
    let found = mime::find(raw);
    let head = Head::new(found.head);
    if let Some(c) = crate::formats::feedback(&head, &found) {
        return Ok(c);
    }
    let mut text = texts(&found.texts);
    if text.trim().is_empty() {
        // No text part could be read (a broken MIME structure): the body
        // as it is.
        text = mime::lossy(mime::split_head(raw).1).into_owned();
    }
    if !found.reports.is_empty()
        && let Some(c) = crate::formats::dsn(&found, &text)
    {
        return Ok(c);
    }
    // A delivery-status report forwarded as text: the report it carries.
    if outer
        && found.reports.is_empty()
        && let Some(inner) = forwarded(mime::split_head(raw).1)
        && !mime::find(inner).reports.is_empty()
        && let Ok(c) = classify_at(inner, false)
    {
        return Ok(c);
    }
    if let Some(c) = crate::ses::classify(&text) {
        return Ok(c);
    }
    let report = crate::plain::report_part(&text);
    if !crate::plain::looks_like_bounce(&head, report) {
        if let Some(c) = crate::formats::auto_reply(&head) {
            return Ok(c);
        }
        return Err(if found.nesting_limit_hit {
            BounceError::NestingLimit
        } else {
            BounceError::NoReport
        });
    }
    Ok(crate::plain::classify(&head, &found, report))
}

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
    decide_one(None, None, None, text, "").verdict()
}

/// The human-readable text of the email, joined.
pub(crate) fn texts(texts: &[std::borrow::Cow<'_, [u8]>]) -> String {
    let mut out = String::new();
    for t in texts {
        out.push_str(&mime::lossy(t));
        out.push('\n');
    }
    out
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
    let found: Vec<find::Found> = find::codes(diagnostic.as_bytes()).take(16).collect();
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
    let text_code = failing()
        .find(|c| !decide::is_generic(*c) && !expired(c))
        .or_else(|| failing().find(|c| !decide::is_generic(*c)))
        .or_else(|| failing().next())
        .or_else(|| found.iter().find_map(find::Found::enhanced))
        .or_else(|| decide::loose_code(diagnostic));
    let reply_code = found
        .iter()
        .find_map(find::Found::reply)
        .map(|r| r.as_u16())
        .or_else(|| decide::line_reply(diagnostic));
    let status = match dsn_status {
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
    let class = status.map(|s| s.class()).or_else(|| {
        reply_code.and_then(|r| smtp_status::ReplyCode::new(r)?.category().enhanced_class())
    });
    let flat = decide::flatten(diagnostic);
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
        pick(status, &flat, class, action.as_deref())
    };
    let (reason, evidence) = if reason == Reason::UserUnknown
        && matches!(evidence, Evidence::Pattern { .. })
        && (decide::after_data(&flat) || decide::after_data(&decide::flatten(context)))
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
        && (reply_code.is_some() || decide::has_reply_code(&flat))
        && !decide::at_rcpt(&flat)
        && !decide::at_rcpt(&decide::flatten(context))
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
    let mut diagnostic = diagnostic.trim().to_string();
    if diagnostic.len() > MAX_DIAGNOSTIC {
        let mut end = MAX_DIAGNOSTIC;
        while !diagnostic.is_char_boundary(end) {
            end -= 1;
        }
        diagnostic.truncate(end);
    }
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

/// The reason, most reliable evidence first.
fn pick(
    status: Option<EnhancedCode>,
    text: &str,
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
        || (action.is_none() && transient && decide::mentions(text, Reason::Expired));
    // A decisive code outlives the retries, except the network codes
    // (X.4.x: a host that did not answer), which a give-up ends in; X.4.3,
    // a directory server failure (RFC 3463), is the receiver's own fault.
    let specific = status.is_some_and(|c| {
        decide::code_is_decisive(c) && (c.subject().number() != 4 || c.detail() == 3)
    });
    let pattern = decide::pattern(text);
    // A wording about the sender, the message or the mailbox outlives the
    // retries; a network or system wording does not.
    let pattern_stands = pattern.is_some_and(|p| {
        !matches!(
            p.reason,
            Reason::NetworkError | Reason::SystemError | Reason::HostUnknown | Reason::Expired
        )
    });
    if let Some(p) = pattern.filter(|p| p.reason == Reason::MailboxFull) {
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
        let about_sender = matches!(p.reason, Reason::UserUnknown | Reason::HostUnknown)
            && decide::after_mail_from(text);
        if about_sender {
            return (
                Reason::Rejected,
                Evidence::Format {
                    what: "the MAIL command (the sender) was refused",
                },
            );
        }
        if p.reason == Reason::UserUnknown && decide::domain_does_not_exist(text) {
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

    #[test]
    fn every_message_of_an_mbox_is_read() {
        let one = |who: &str| {
            format!(
                "From: MAILER-DAEMON@relay.example\nSubject: Undelivered\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example\n\nFinal-Recipient: rfc822; {who}\nAction: failed\nStatus: 5.1.1\n\n--b--\n"
            )
        };
        let mbox = format!(
            "From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n{}\nFrom MAILER-DAEMON Thu Apr 29 23:34:46 2015\n{}",
            one("kit@neko.example"),
            one("tama@neko.example")
        );
        let c = classify(mbox.as_bytes()).unwrap();
        let who: Vec<_> = c
            .recipients
            .iter()
            .map(|r| r.recipient.as_deref())
            .collect();
        assert_eq!(who, [Some("kit@neko.example"), Some("tama@neko.example")]);
        assert!(
            c.warnings[0].starts_with("an mbox of 2 messages"),
            "{:?}",
            c.warnings
        );
        // One message with a `From ` line at its top is one email.
        let single = format!(
            "From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n{}",
            one("kit@neko.example")
        );
        let c = classify(single.as_bytes()).unwrap();
        assert_eq!(c.recipients.len(), 1);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        // Many messages that are not reports: a bounded list of warnings.
        let many = format!(
            "{mbox}{}",
            "\nFrom x Thu Apr 29 23:34:46 2015\nSubject: hi\n\nno\n".repeat(10_000)
        );
        let c = classify(many.as_bytes()).unwrap();
        assert_eq!(c.recipients.len(), 2);
        assert_eq!(c.warnings.len(), 34, "{:?}", &c.warnings[..3]);
        assert_eq!(c.warnings[33], "and 9968 more warnings");
    }

    #[test]
    fn forwarded_report_is_read() {
        let inner = "From: MAILER-DAEMON@relay.example\nSubject: Undelivered\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nIt failed.\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example\n\nFinal-Recipient: rfc822; kit@neko.example\nAction: failed\nStatus: 5.1.1\n\n--b--\n";
        let outer = format!(
            "From: admin@relay.example\nTo: sender@example.org\nSubject: fwd\n\nSee below.\nFrom nobody Thu Apr 29 23:34:45 2015\n{inner}"
        );
        assert_eq!(forwarded(outer.as_bytes()), Some(inner.as_bytes()));
        assert_eq!(forwarded(b"Hi\nFrom now on, no: never\n"), None);
        let c = classify(outer.as_bytes()).unwrap();
        let text = format!("{c:?}");
        assert!(text.contains("kit@neko.example"), "{text}");
        assert!(!text.contains("admin@relay.example"), "{text}");
    }
}
