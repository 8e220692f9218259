//! `bounce`: each recipient of a bounce email written as soon as it is
//! explained. `--json` writes one `bounce` object, then one `recipient`
//! object per recipient, then a `problem` object per unreadable part.

use std::io;

use serde::Serialize;
use smtp_status_bounce::{Agreement, Recipient, Reports};

use crate::explain::{CodeJson, ReplyJson, code_rows, code_title, reply_meaning};
use crate::out::{Block, Printer, Row, Style};
use crate::{Failure, read_input};

/// One line of `bounce --json`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum BounceLine<'a> {
    Bounce {
        reporting_mta: Option<&'a str>,
        subject: Option<&'a str>,
    },
    Recipient(&'a RecipientJson<'a>),
    Problem {
        message: String,
    },
}

#[derive(Serialize)]
struct RecipientJson<'a> {
    recipient: Option<&'a str>,
    original_recipient: Option<&'a str>,
    action: &'a str,
    is_failure: bool,
    status: Option<CodeJson>,
    status_comment: Option<&'a str>,
    status_invalid: Option<&'a str>,
    remote_mta: Option<&'a str>,
    diagnostic_type: Option<&'a str>,
    diagnostic: Option<&'a str>,
    reply: Option<ReplyJson<'a>>,
    agreement: &'static str,
    agreement_note: Option<&'a str>,
    last_attempt_date: Option<&'a str>,
    will_retry_until: Option<&'a str>,
    extension_fields: Vec<[&'a str; 2]>,
    warnings: &'a [String],
}

impl<'a> RecipientJson<'a> {
    fn new(r: &'a Recipient) -> RecipientJson<'a> {
        RecipientJson {
            recipient: r.recipient.as_deref(),
            original_recipient: r.original_recipient.as_deref(),
            action: &r.action,
            is_failure: r.is_failure,
            status: r.status.map(|e| CodeJson::new(e, false)),
            status_comment: r.status_comment.as_deref(),
            status_invalid: r.status_invalid.as_deref(),
            remote_mta: r.remote_mta.as_deref(),
            diagnostic_type: r.diagnostic_type.as_deref(),
            diagnostic: r.diagnostic.as_deref(),
            reply: r.reply.as_ref().map(ReplyJson::new),
            agreement: r.agreement.as_str(),
            agreement_note: match &r.agreement {
                Agreement::Disagree(s) | Agreement::Compatible(s) => Some(s),
                _ => None,
            },
            last_attempt_date: r.last_attempt_date.as_deref(),
            will_retry_until: r.will_retry_until.as_deref(),
            extension_fields: r
                .extension_fields
                .iter()
                .map(|(k, v)| [k.as_str(), v.as_str()])
                .collect(),
            warnings: &r.warnings,
        }
    }
}

/// Reads the bounce and writes each recipient as it is reached; a part
/// that could not be read is written after them and makes the run fail.
pub fn bounce(file: &str, p: &mut Printer, failure: &mut Failure) -> io::Result<()> {
    let data = match read_input(file) {
        Ok(data) => data,
        Err(e) => {
            failure.get_or_insert(e);
            return Ok(());
        }
    };
    let reports = match smtp_status_bounce::read(&data) {
        Ok(r) => r,
        Err(e) => {
            failure.get_or_insert(format!("{file}: {e}"));
            return Ok(());
        }
    };
    write_reports(&reports, p)?;
    if let Some(problem) = reports.problems().first() {
        failure.get_or_insert(format!("{file}: {problem}"));
    }
    Ok(())
}

fn write_reports(reports: &Reports<'_>, p: &mut Printer) -> io::Result<()> {
    let mta = reports.reporting_mta();
    if p.json {
        p.json(&BounceLine::Bounce {
            reporting_mta: mta.as_deref(),
            subject: reports.subject(),
        })?;
    } else if let Some(m) = &mta {
        p.line(&format!("reported by {m}"), Style::Plain)?;
    }
    for r in reports.recipients() {
        if p.json {
            p.json(&BounceLine::Recipient(&RecipientJson::new(&r)))?;
        } else {
            p.line("", Style::Plain)?;
            p.block(&recipient_block(&r))?;
        }
    }
    for problem in reports.problems() {
        if p.json {
            p.json(&BounceLine::Problem {
                message: problem.to_string(),
            })?;
        } else {
            p.line("", Style::Plain)?;
            p.line(&format!("warning: {problem}"), Style::Warn)?;
        }
    }
    Ok(())
}

fn recipient_block(r: &Recipient) -> Block {
    let who = r.recipient.as_deref().unwrap_or("(no Final-Recipient)");
    let outcome = if r.is_failure {
        "failed: not delivered"
    } else {
        match r.action.as_str() {
            "delayed" => "delayed: not a failure, the sender's MTA keeps trying",
            "delivered" => "delivered: not a failure",
            "relayed" => "relayed: not a failure, passed to a system that sends no reports",
            "expanded" => "expanded: not a failure, delivered and forwarded",
            _ => "unknown action",
        }
    };
    let mut rows = vec![Row::new("action", r.action.as_str())];
    match (r.status, &r.status_invalid) {
        (Some(e), _) => {
            let mut v = code_title(&e.to_string(), e);
            if let Some(c) = &r.status_comment {
                v.push_str(&format!("  ({c})"));
            }
            rows.push(Row::new("status", v));
            rows.extend(code_rows(e, false));
        }
        (None, Some(bad)) => rows.push(Row::warn("status", format!("not a code: {bad}"))),
        (None, None) => rows.push(Row::warn("status", "missing")),
    }
    rows.extend(r.warnings.iter().map(|w| Row::warn("warning", w.as_str())));
    if let Some(m) = &r.remote_mta {
        rows.push(Row::new("remote mta", m.as_str()));
    }
    if let Some(d) = &r.diagnostic {
        let kind = r.diagnostic_type.as_deref().unwrap_or("");
        rows.push(Row::new("diagnostic", format!("{kind}; {d}")));
    }
    if let Some(reply) = &r.reply {
        rows.push(Row::new(
            "reply code",
            format!("{}  {}", reply.code, reply_meaning(reply.code)),
        ));
        rows.extend(
            reply
                .warnings
                .iter()
                .map(|w| Row::warn("warning", w.as_str())),
        );
    }
    rows.push(match &r.agreement {
        Agreement::Agree => Row::new("agreement", "Status and the SMTP reply agree"),
        Agreement::Compatible(why) => Row::new("agreement", format!("compatible: {why}")),
        Agreement::Disagree(why) => Row::warn("agreement", format!("disagree: {why}")),
        Agreement::NotComparable => {
            Row::new("agreement", "no SMTP reply to compare the Status with")
        }
    });
    if let Some(d) = &r.will_retry_until {
        rows.push(Row::new("retry until", d.as_str()));
    }
    Block {
        title: format!("{who}  {outcome}"),
        rows,
    }
}
