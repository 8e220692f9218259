//! Plain-text bounces (qmail, Exim, Sendmail, Postfix, Courier, Exchange,
//! Gmail, Yahoo, Google Groups, mail.ru, DragonFly, Amazon SES, ...): the
//! recipients and their diagnostic text read from the human-readable part,
//! the `X-Failed-Recipients` header and the returned message's headers.
//!
//! The rules are general: the report ends where the returned message
//! begins (the separator lines MTAs write, or its first header line); a
//! recipient is an address that begins a line of the report (qmail
//! `<a@b>:`, Exim and Gmail's indented address, Postfix's `<a@b>: host
//! said`, Exchange's `a@b on date`), and its diagnostic is the text up to
//! the next recipient.

use std::collections::{HashMap, HashSet};

use super::{Classification, Email, Format, Sink};
use crate::bounce::email::head::{Head, address, contains};
use crate::bounce::email::mime::Found;
use crate::bounce::email::named::first_offsets;
use crate::verdict::decide::{self, Facts, Phrases};
use crate::verdict::decide_facts;
use crate::wordings::{
    self, BOUNCE_PHRASES, BOUNCE_SENDERS, BOUNCE_SUBJECTS, NOT_RETURNED_MARKERS, RETURNED_FIELDS,
    RETURNED_MARKERS,
};
use crate::work;
use crate::{BounceError, Classified, Evidence};

/// The reader ([`super::Reader`]): a bounce written for people, or `None`
/// when nothing says the email is a bounce.
pub(crate) fn read(email: &Email<'_>, sink: &mut Sink<'_>) -> Option<Result<(), BounceError>> {
    let report = report_part(&email.text);
    if !looks_like_bounce(&email.head, report) {
        return None;
    }
    let c = classify(&email.head, email.found, report);
    // Its headers say bounce, but nothing in it names a recipient or says
    // why: a result without evidence would be counted as understood.
    if c.recipients
        .iter()
        .all(|r| r.recipient.is_none() && r.evidence == Evidence::Nothing)
    {
        return Some(Err(BounceError::NoDetail));
    }
    sink.all(c)
}

/// Whether the email is a bounce written for people: sent by a mail
/// system, with a bounce subject, an `X-Failed-Recipients` field or a
/// delivery-status report type, or a bounce sentence with a known wording
/// or a code in `report` (the text before the returned message,
/// [`report_part`]).
fn looks_like_bounce(head: &Head, report: &str) -> bool {
    let from = head.get("from").unwrap_or_default();
    let subject = head.get("subject").unwrap_or_default();
    BOUNCE_SENDERS.iter().any(|s| contains(from, s))
        || BOUNCE_SUBJECTS.iter().any(|s| contains(subject, s))
        || head.get("x-failed-recipients").is_some()
        || head.has("content-type", "delivery-status")
        || told_by_text(report)
}

/// A bounce sentence and a known failure wording (or a code) in the text
/// before any returned message.
fn told_by_text(report: &str) -> bool {
    static PHRASES: Phrases = Phrases::new(&BOUNCE_PHRASES);
    PHRASES.any_in(report)
        && (decide::any_pattern(report)
            || smtp_status::find::codes(report.as_bytes()).next().is_some())
}

/// The text before the returned message.
fn report_part(text: &str) -> &str {
    let mut at = 0;
    for line in lines(text) {
        static MARKERS: Phrases = Phrases::new(&RETURNED_MARKERS);
        static NOT_MARKERS: Phrases = Phrases::new(&NOT_RETURNED_MARKERS);
        let trimmed = line.trim();
        // Sendmail's first line, "The original message was received at
        // ...", is not a separator.
        let separator =
            trimmed.len() < 100 && MARKERS.any_in(trimmed) && !NOT_MARKERS.any_in(trimmed);
        let field = RETURNED_FIELDS.iter().any(|f| {
            trimmed
                .get(..f.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(f))
        });
        if separator || field {
            break;
        }
        at += line.len();
    }
    &text[..at]
}

/// The lines of `text`, each with its LF, as `text.split_inclusive('\n')`
/// gives them (no empty last line), their ends found with memchr.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| i + 1)
        .chain([text.len()])
        .filter_map(move |end| {
            let line = &text[start..end];
            start = end;
            (!line.is_empty()).then_some(line)
        })
}

/// Each address in a line: `(start, address)`.
fn addresses(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = line.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&c);
    let domain = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'.';
    let mut out = Vec::new();
    for i in memchr::memchr_iter(b'@', b) {
        let mut s = i;
        while s > 0 && local(b[s - 1]) {
            s -= 1;
        }
        let mut e = i + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        let addr = line[s..e].trim_end_matches('.');
        let dom = &addr[i - s + 1..];
        // Each `@` is found once and the start of its local part lies past
        // the `@` before it: starts only grow, so the last one is enough to
        // compare.
        if s < i && dom.contains('.') && out.last().is_none_or(|(p, _)| *p != s) {
            out.push((s, addr));
        }
    }
    out.into_iter()
}

/// Whether the address starts its line (after white space, `<`, quotes,
/// `RCPT TO:`, `Final-Recipient: rfc822;` or a transcript's reply code).
fn starts_line(line: &str, at: usize) -> bool {
    let before = line[..at].trim_start();
    // A Sendmail transcript line: `554 <a@b>... 550 Host unknown`.
    let before = match smtp_status::find::leading_reply(before.as_bytes()) {
        Some((_, end)) => before[end..].trim_start(),
        None => before,
    };
    let before = before.strip_prefix("RCPT TO:").unwrap_or(before).trim();
    // A delivery-status report pasted as text: `Final-Recipient: rfc822; a@b`.
    let before = match before.split_once(':') {
        Some((name, rest)) if name.eq_ignore_ascii_case("final-recipient") => {
            let rest = rest.trim_start();
            rest.get(..7)
                .filter(|t| t.eq_ignore_ascii_case("rfc822;"))
                .map_or(rest, |_| rest[7..].trim_start())
        }
        _ => before,
    };
    before
        .chars()
        .all(|c| matches!(c, '<' | '"' | '\'' | '*' | '-'))
}

/// Classifies a plain-text bounce: one result per recipient found.
/// `report`: the text before the returned message ([`report_part`]).
///
/// Linear in the report: each line is read once for its addresses (only the
/// first address of a line can start it: any later one has an `@` before
/// it), recipients are deduplicated through a set, the addresses of
/// `X-Failed-Recipients` are found in one pass, and the report's facts are
/// found once for every recipient whose own lines say nothing.
fn classify(head: &Head, found: &Found<'_>, report: &str) -> Classification {
    let senders: Vec<String> = ["to", "from", "return-path"]
        .iter()
        .filter_map(|n| head.get(n).and_then(address))
        .map(|a| a.to_ascii_lowercase())
        .collect();
    let is_sender = |a: &str| senders.iter().any(|s| s.eq_ignore_ascii_case(a));
    // (line offset, address), in order.
    let mut listed: Vec<(usize, String)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut others: Vec<String> = Vec::new();
    let mut off = 0;
    for line in lines(report) {
        static SENDER_LINE: Phrases = Phrases::new(&wordings::SENDER_LINE);
        work::scan(line.len());
        let mut sender_line = None;
        for (n, (at, a)) in addresses(line).enumerate() {
            let sender_line = *sender_line.get_or_insert_with(|| SENDER_LINE.any_in(line));
            if is_sender(a) {
                continue;
            }
            if n == 0 && starts_line(line, at) {
                if seen.insert(a.to_ascii_lowercase()) {
                    listed.push((off, a.to_string()));
                }
            } else if !sender_line {
                others.push(a.to_string());
            }
        }
        off += line.len();
    }
    drop(seen);
    if let Some(x) = head.get("x-failed-recipients") {
        let failed: Vec<&str> = x
            .split(',')
            .map(str::trim)
            .filter(|a| a.contains('@'))
            .collect();
        if !failed.is_empty() && listed.len() != failed.len() {
            let at = first_offsets(report, &failed);
            listed = failed
                .iter()
                .zip(at)
                .map(|(a, at)| (at.unwrap_or(0), a.to_string()))
                .collect();
            listed.sort_by_key(|(o, _)| *o);
        }
    }
    let whole = Facts::new(report);
    let recipients = if listed.is_empty() {
        let addr = others.into_iter().next().or_else(|| returned_to(found));
        vec![one(addr, report, &whole)]
    } else {
        // Recipients whose own lines are the same text are decided once:
        // only a range that runs to the end of the report can come again
        // (equal offsets from X-Failed-Recipients), so only those are kept.
        let mut decided: HashMap<(usize, usize), Classified> = HashMap::new();
        listed
            .iter()
            .enumerate()
            .map(|(i, (start, a))| {
                let end = listed.get(i + 1).map_or(report.len(), |(o, _)| *o);
                let end = if end <= *start { report.len() } else { end };
                let addr = Some(a.clone());
                match decided.get(&(*start, end)) {
                    Some(c) => Classified {
                        recipient: addr,
                        ..c.clone()
                    },
                    None => {
                        let c = one(addr, &report[*start..end], &whole);
                        if end == report.len() {
                            decided.insert((*start, end), c.clone());
                        }
                        c
                    }
                }
            })
            .collect()
    };
    Classification {
        format: Format::PlainText,
        recipients,
        warnings: Vec::new(),
    }
}

/// One recipient: its own lines decide when they hold a code or a known
/// wording; otherwise the whole report (its facts found once, in `whole`).
fn one(addr: Option<String>, own: &str, whole: &Facts<'_>) -> Classified {
    work::scan(3 * own.len());
    let telling = smtp_status::find::codes(own.as_bytes()).next().is_some()
        || decide::line_reply(own).is_some()
        || decide::any_pattern(own);
    if telling {
        decide_facts(addr, None, None, &Facts::new(own), whole)
    } else {
        decide_facts(addr, None, None, whole, whole)
    }
}

/// The `To` of the returned message.
fn returned_to(found: &Found<'_>) -> Option<String> {
    found
        .returned
        .iter()
        .find_map(|h| Head::new(h).get("to").and_then(address))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_ends_at_the_returned_message() {
        let t = "Sorry.\n<a@b.c>:\nno mailbox\n--- Below this line is a copy of the message.\n\nReceived: x\n";
        assert_eq!(report_part(t), "Sorry.\n<a@b.c>:\nno mailbox\n");
    }

    #[test]
    fn lines_as_split_inclusive() {
        for t in ["", "a", "a\n", "\n\n", "a\r\nb", "\na\n\nb\n"] {
            assert_eq!(
                lines(t).collect::<Vec<_>>(),
                t.split_inclusive('\n').collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn finds_addresses() {
        let line = "  <a.b@c.example>: host said x@y.example.";
        let v: Vec<_> = addresses(line).collect();
        assert_eq!(v, [(3, "a.b@c.example"), (29, "x@y.example")]);
        assert!(starts_line(line, 3));
        assert!(!starts_line(line, 29));
        assert!(starts_line("554 <a@b.c>... 550 Host unknown", 5));
    }
}
