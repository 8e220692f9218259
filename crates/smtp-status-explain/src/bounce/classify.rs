//! The pipeline: one email's bytes (or an mbox of several) to its one
//! record, through the format readers in their one order.

use crate::bounce::email::head::Head;
use crate::bounce::email::{mbox, mime};
use crate::bounce::formats::{Email, Reader, Sink, arf, auto_reply, plain, rfc3464, ses};
use crate::{Bounce, BounceError, MAX_INPUT, Recipient};

/// The format readers, in the order they are tried: the first that knows
/// the email answers. Reports with fields come first (a feedback report,
/// then RFC 3464), then a report forwarded as text, then the formats read
/// from the text (SES JSON, a bounce written for people), and last an
/// automatic reply, which a bounce never is.
const READERS: [Reader; 6] = [
    arf::read,
    rfc3464::read,
    forwarded_report,
    ses::read,
    plain::read,
    auto_reply::read,
];

/// Reads one bounce email of any format (RFC 3464, plain-text, feedback
/// report, auto-reply, Amazon SES JSON), or a bare RFC 3464 report, into
/// its one record: every recipient with its verdict. An mbox of several
/// messages is read message by message, the recipients of all in order.
/// LF-CR and CR-only line ends are read as LF. An email that is none of
/// these is [`BounceError::NoReport`].
///
/// ```
/// let e = smtp_status_explain::read(b"From: a@b.example\nSubject: lunch\n\nSee you.\n");
/// assert_eq!(e.unwrap_err(), smtp_status_explain::BounceError::NoReport);
/// ```
pub fn read(raw: &[u8]) -> Result<Bounce, BounceError> {
    let mut recipients = Vec::new();
    let mut bounce = read_with(raw, |_, r| recipients.push(r))?;
    bounce.recipients = recipients;
    Ok(bounce)
}

/// [`read`], each recipient handed to `each` as soon as it is decided, with
/// the bounce read so far (its format, `Reporting-MTA` and subject, known
/// before the first recipient): a report with many recipients needs no
/// memory per recipient. Returns the bounce without its recipients, with
/// all its warnings.
///
/// ```
/// let raw = b"Reporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; b@c.example\nAction: failed\nStatus: 5.1.1\n";
/// let mut seen = Vec::new();
/// let b = smtp_status_explain::read_with(raw, |b, r| seen.push((b.format, r.reason)))?;
/// assert_eq!(seen, [(smtp_status_explain::Format::Dsn, smtp_status_explain::Reason::UserUnknown)]);
/// assert!(b.recipients.is_empty());
/// # Ok::<(), smtp_status_explain::BounceError>(())
/// ```
pub fn read_with(
    raw: &[u8],
    mut each: impl FnMut(&Bounce, Recipient),
) -> Result<Bounce, BounceError> {
    if mbox::several(raw) {
        let mut all = read_mbox(raw)?;
        for r in std::mem::take(&mut all.recipients) {
            each(&all, r);
        }
        return Ok(all);
    }
    let mut sink = Sink::new(&mut each);
    read_at(raw, true, &mut sink)?;
    Ok(sink.bounce)
}

/// An mbox of several messages (RFC 4155), each read as its own email: the
/// recipients of all in order, the header of the first that is a report.
fn read_mbox(raw: &[u8]) -> Result<Bounce, BounceError> {
    // A bounded number of warning lines: a file of a million empty messages
    // must not grow a list larger than itself.
    const MAX_WARNINGS: usize = 32;
    let mut first_error = None;
    let mut all: Option<Bounce> = None;
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
    for (i, message) in mbox::messages(raw).enumerate() {
        count += 1;
        match read_one(&message) {
            Ok(c) => {
                for w in &c.warnings {
                    warn(format!("message {}: {w}", i + 1));
                }
                match &mut all {
                    Some(a) => {
                        a.recipients.extend(c.recipients);
                        a.skipped.extend(c.skipped);
                    }
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

/// One message, its recipients collected.
fn read_one(raw: &[u8]) -> Result<Bounce, BounceError> {
    let mut recipients = Vec::new();
    let mut each = |_: &Bounce, r| recipients.push(r);
    let mut sink = Sink::new(&mut each);
    read_at(raw, true, &mut sink)?;
    let mut bounce = sink.bounce;
    bounce.recipients = recipients;
    Ok(bounce)
}

/// The start of a whole message forwarded inside a text body: an mbox
/// `From ` separator line (RFC 4155) followed by header fields, as a
/// mail administrator forwards a bounce they received.
fn forwarded(body: &[u8]) -> Option<&[u8]> {
    for i in memchr::memmem::find_iter(body, b"\nFrom ") {
        let start = i + 1;
        let next = body[start..].iter().position(|&c| c == b'\n')? + start + 1;
        let field = mbox::is_separator(&body[start..next], true)
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

fn read_at(raw: &[u8], outer: bool, sink: &mut Sink<'_>) -> Result<(), BounceError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(BounceError::Empty);
    }
    if raw.len() > MAX_INPUT {
        return Err(BounceError::TooLarge);
    }
    let lf = mime::normalize_line_ends(raw);
    let raw = lf.as_deref().unwrap_or(raw);
    let found = mime::find(raw);
    let body = mime::split_head(raw).1;
    let mut text = texts(&found.texts);
    if text.trim().is_empty() {
        // No text part could be read (a broken MIME structure): the body
        // as it is.
        text = mime::lossy(body).into_owned();
    }
    let email = Email {
        head: Head::new(found.head),
        found: &found,
        text,
        raw,
        body,
        outer,
    };
    sink.bounce.subject = found.subject.clone();
    READERS
        .iter()
        .find_map(|read| read(&email, sink))
        .unwrap_or(Err(if found.nesting_limit_hit {
            BounceError::NestingLimit
        } else {
            BounceError::NoReport
        }))
}

/// A delivery-status report forwarded as text (a reader, [`Reader`]): the
/// report it carries, read as its own email.
fn forwarded_report(email: &Email<'_>, sink: &mut Sink<'_>) -> Option<Result<(), BounceError>> {
    if !email.outer || !email.found.reports.is_empty() {
        return None;
    }
    let inner = forwarded(email.body)?;
    if mime::find(inner).reports.is_empty() {
        return None;
    }
    // The inner email's recipients go to the sink only when it is read.
    let inner = read_one(inner).ok()?;
    let Bounce {
        format,
        reporting_mta,
        warnings,
        skipped,
        recipients,
        ..
    } = inner;
    sink.bounce.format = format;
    sink.bounce.reporting_mta = reporting_mta;
    sink.bounce.warnings.extend(warnings);
    sink.bounce.skipped.extend(skipped);
    for r in recipients {
        sink.recipient(r);
    }
    Some(Ok(()))
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
        let c = read(mbox.as_bytes()).unwrap();
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
        let c = read(single.as_bytes()).unwrap();
        assert_eq!(c.recipients.len(), 1);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        // Many messages that are not reports: a bounded list of warnings.
        let many = format!(
            "{mbox}{}",
            "\nFrom x Thu Apr 29 23:34:46 2015\nSubject: hi\n\nno\n".repeat(10_000)
        );
        let c = read(many.as_bytes()).unwrap();
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
        let c = read(outer.as_bytes()).unwrap();
        let text = format!("{c:?}");
        assert!(text.contains("kit@neko.example"), "{text}");
        assert!(!text.contains("admin@relay.example"), "{text}");
    }
}
