//! A classification per recipient for any bounce: RFC 3464 reports,
//! plain-text bounces, ARF feedback reports (RFC 5965) and auto-replies
//! (RFC 3834).

use serde::Serialize;
use smtp_status::EnhancedCode;

use crate::head::Head;
use crate::human::{Block, Row};
use crate::mime;
use crate::{About, Advice, BounceError, Evidence, MAX_INPUT, Reason, Verdict};

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
    /// Whose problem it is ([`Reason::about`]).
    pub about: About,
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
                // Whole, on one line: the human form wraps it.
                let one: String = d.split_whitespace().collect::<Vec<_>>().join(" ");
                rows.push(Row::new("diagnostic", one));
            }
        }
        rows
    }

    /// The reason, hard or soft, advice and evidence, on their own.
    pub fn verdict(&self) -> Verdict {
        Verdict {
            reason: self.reason,
            about: self.about,
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
    /// What was recovered from a malformed report, and contradictions
    /// between a recipient's fields (an Action that contradicts its
    /// Status), one sentence each.
    pub warnings: Vec<String>,
}

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
        let field = crate::mbox::is_separator(&body[start..next], true)
            && body[next..]
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
    let c = crate::plain::classify(&head, &found, report);
    // Its headers say bounce, but nothing in it names a recipient or says
    // why: a result without evidence would be counted as understood.
    if c.recipients
        .iter()
        .all(|r| r.recipient.is_none() && r.evidence == Evidence::Nothing)
    {
        return Err(BounceError::NoDetail);
    }
    Ok(c)
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

#[cfg(test)]
mod tests {
    use super::*;

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
