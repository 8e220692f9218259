//! RFC 3464 delivery-status reports, read tolerantly: a body that starts
//! with blank lines, per-recipient blocks run together, stray lines among
//! the fields; each repair is a warning of the bounce.

use std::borrow::Cow;
use std::collections::HashSet;

use smtp_status::dsn;

use super::{Email, Format, Sink};
use crate::bounce::email::mime::{self, Found};
use crate::bounce::email::named::EmailText;
use crate::verdict::decide::{self, Facts};
use crate::verdict::{Report, decide_report};
use crate::{BounceError, Classified, DsnFacts, Recipient};

/// The reader ([`super::Reader`]): the email's delivery-status parts (or
/// the email itself when it is a bare report), or `None` when it has none
/// or none names a recipient. Recipients are read in two passes over the
/// parts (first their addresses, for the lines of the text about each, then
/// each recipient, handed on as it is decided), so a report with many
/// recipients needs no memory per recipient.
pub(crate) fn read(email: &Email<'_>, sink: &mut Sink<'_>) -> Option<Result<(), BounceError>> {
    let (bodies, text) = if email.found.reports.is_empty() {
        (vec![bare(email)?], "")
    } else {
        (own_parts(email.found), email.text.as_str())
    };
    let (mut warnings, mut skipped) = (Vec::new(), Vec::new());
    let of = bodies.len();
    let reports: Vec<Cow<'_, str>> = bodies
        .iter()
        .enumerate()
        .filter_map(|(i, b)| repaired(b, i + 1, of, &mut warnings, &mut skipped))
        .collect();
    let parsed = || reports.iter().filter_map(|b| dsn::parse(b).ok());
    // Each address once, and none when there is no text to find them in.
    let mut named = false;
    let mut addresses = HashSet::new();
    for r in parsed().flat_map(|r| r.recipients()) {
        named |= names_something(&r);
        if !text.is_empty()
            && let Some(a) = r.final_recipient()
        {
            addresses.insert(strip_angle(&a.value().to_string()));
        }
    }
    if !named {
        return None;
    }
    let b = &mut sink.bounce;
    b.format = Format::Dsn;
    b.reporting_mta = parsed().find_map(|r| {
        r.per_message()
            .reporting_mta()
            .map(|t| t.value().to_string())
    });
    b.warnings.extend(warnings);
    b.warnings.extend(skipped.iter().cloned());
    b.skipped.extend(skipped);
    let text = EmailText::new(text, addresses);
    for r in parsed().flat_map(|r| r.recipients()) {
        if !names_something(&r) {
            continue;
        }
        let rec = crate::bounce::recipient::recipient(&r);
        // A contradiction between the fields is the report's own defect:
        // said once per recipient, beside its classification.
        let who = rec.recipient.as_deref().unwrap_or("(no Final-Recipient)");
        let said: Vec<String> = rec.warnings.iter().map(|w| format!("{who}: {w}")).collect();
        sink.bounce.warnings.extend(said);
        let facts = classify_recipient(&rec, &text);
        sink.recipient(Recipient {
            facts,
            dsn: Some(rec),
        });
    }
    Some(Ok(()))
}

/// The email's own delivery-status parts: reports inside a returned
/// message belong to that message, unless the email has no report of its
/// own.
fn own_parts<'a>(found: &'a Found<'_>) -> Vec<Cow<'a, str>> {
    let own = found.report_nested.iter().any(|n| !n);
    found
        .reports
        .iter()
        .zip(&found.report_nested)
        .filter(|(_, nested)| !own || !**nested)
        .map(|(b, _)| mime::lossy(b))
        .collect()
}

/// A bare report (a `message/delivery-status` body on its own, as a file
/// or on stdin): no `From` field, and a field only a report has (a
/// `Reporting-MTA`, or a recipient with `Final-Recipient`, `Action` or
/// `Status`); an ordinary email is not a bounce.
fn bare<'a>(email: &Email<'a>) -> Option<Cow<'a, str>> {
    if email.found.nesting_limit_hit || email.head.get("from").is_some() {
        return None;
    }
    let text = mime::lossy(email.raw);
    let report = dsn::parse(&text).ok()?;
    let looks = report.per_message().reporting_mta().is_some()
        || report
            .recipients()
            .any(|r| r.final_recipient().is_some() || r.action().is_some() || r.status().is_some());
    looks.then_some(text)
}

/// Whether a recipient block says anything: a recipient, a Status code or
/// an Action.
fn names_something(r: &dsn::PerRecipient<'_>) -> bool {
    r.final_recipient().is_some()
        || matches!(r.status(), Some(Ok(_)))
        || r.action().is_some_and(|a| !a.as_str().is_empty())
}

/// Part `part` of `of`, read tolerantly: a body that starts with blank
/// lines (no per-message fields) is read from its first field, blocks run
/// together are split, lines that are not fields dropped; each repair is a
/// warning, and a part that cannot be read at all is `skipped`.
fn repaired<'b>(
    body: &'b str,
    part: usize,
    of: usize,
    warnings: &mut Vec<String>,
    skipped: &mut Vec<String>,
) -> Option<Cow<'b, str>> {
    let trimmed = body.trim_start_matches(['\n', '\r', ' ', '\t']);
    if trimmed.len() != body.len() {
        warnings.push(
            "the delivery-status part starts with a blank line (no per-message fields); read from its first field"
                .to_string(),
        );
    }
    let body = match split_blocks(trimmed) {
        Some(split) => {
            warnings.push(
                "per-recipient blocks of a delivery-status part were not separated by blank lines; split at each Final-Recipient"
                    .to_string(),
            );
            Cow::Owned(split)
        }
        None => Cow::Borrowed(trimmed),
    };
    let error = match dsn::parse(&body) {
        Ok(_) => return Some(body),
        Err(e) => e,
    };
    let cleaned = fields_only(&body);
    if dsn::parse(&cleaned).is_ok() {
        warnings
            .push("lines that are not fields were dropped from a delivery-status part".to_string());
        return Some(Cow::Owned(cleaned));
    }
    skipped.push(format!(
        "delivery-status part {part} of {of} is malformed and was skipped: {error}"
    ));
    None
}

/// Classifies one RFC 3464 recipient from its fields, its Diagnostic-Code
/// and, when that names no known wording, the lines of the email's
/// human-readable `text` about it (Postfix: "host ... refused to talk to
/// me: 421 ...").
/// The text and its facts are shared by all recipients ([`EmailText`]).
fn classify_recipient(rec: &DsnFacts, text: &EmailText<'_>) -> Classified {
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
fn recipient_address(rec: &DsnFacts) -> Option<String> {
    rec.recipient.as_deref().map(strip_angle)
}

/// `<a@b>` as `a@b`: some reports keep the brackets after the type.
fn strip_angle(s: &str) -> String {
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
