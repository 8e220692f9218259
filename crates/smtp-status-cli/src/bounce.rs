//! `bounce`: each recipient of each bounce email written as soon as it is
//! explained and classified (reason, hard or soft, advice, evidence).
//! `--json` writes, per email, one `bounce` object, then one `recipient`
//! object per recipient, then a `problem` object per unreadable part; a run
//! over several emails ends with one `summary` object.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};

use serde::Serialize;
use smtp_status_explain::{Agreement, Classification, Classified, Format, Recipient, Reports};

use crate::Failure;
use crate::explain::{CodeJson, ReplyJson, code_rows, code_title, reply_meaning};
use crate::out::{Block, Printer, Row, Style};

/// One line of `bounce --json`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum BounceLine<'a> {
    Bounce {
        file: &'a str,
        message: usize,
        format: Option<Format>,
        reporting_mta: Option<&'a str>,
        subject: Option<&'a str>,
    },
    Recipient(&'a RecipientJson<'a>),
    Problem {
        message: String,
    },
    Summary(&'a Summary),
}

/// Counts over a run: emails read, emails not understood, recipients, and
/// recipients per reason.
#[derive(Serialize, Default)]
pub struct Summary {
    emails: usize,
    not_understood: usize,
    recipients: usize,
    reasons: BTreeMap<&'static str, usize>,
}

#[derive(Serialize, Default)]
struct RecipientJson<'a> {
    file: &'a str,
    message: usize,
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
    /// The classification: reason, hard, advice, evidence, the most
    /// specific status code.
    classification: Option<&'a Classified>,
}

impl<'a> RecipientJson<'a> {
    fn new(r: &'a Recipient, at: &At<'a>, c: Option<&'a Classified>) -> RecipientJson<'a> {
        RecipientJson {
            file: at.file,
            message: at.index,
            classification: c,
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

/// Where an email came from.
struct At<'a> {
    file: &'a str,
    index: usize,
}

/// Reads every email of every input and writes each recipient as it is
/// reached; an email not understood, or a part that could not be read,
/// makes the run fail after the others are written. Several emails end
/// with a summary.
pub fn bounce(inputs: &[String], p: &mut Printer, failure: &mut Failure) -> io::Result<()> {
    let mut summary = Summary::default();
    let progress = std::io::stderr().is_terminal();
    for input in inputs {
        crate::inputs::for_each(input, |email| {
            let at = At {
                file: &email.file,
                index: email.index,
            };
            summary.emails += 1;
            if progress && summary.emails % 200 == 0 {
                let _ = write!(io::stderr(), "\r{} emails read", summary.emails);
            }
            match email.data {
                Ok(data) => one_email(&data, &at, p, failure, &mut summary),
                Err(e) => {
                    summary.not_understood += 1;
                    failure.get_or_insert(e);
                    Ok(())
                }
            }
        })?;
    }
    if progress && summary.emails >= 200 {
        let _ = writeln!(io::stderr());
    }
    if summary.emails > 1 {
        if p.json {
            p.json(&BounceLine::Summary(&summary))?;
        } else {
            p.line("", Style::Plain)?;
            p.line(&summary_line(&summary), Style::Plain)?;
        }
    }
    Ok(())
}

/// `272 emails (0 not understood), 275 recipients: userunknown 55, ...`
fn summary_line(s: &Summary) -> String {
    let mut reasons: Vec<(&str, usize)> = s.reasons.iter().map(|(r, n)| (*r, *n)).collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = reasons.iter().map(|(r, n)| format!("{r} {n}")).collect();
    format!(
        "{} emails ({} not understood), {} recipients: {}",
        s.emails,
        s.not_understood,
        s.recipients,
        list.join(", ")
    )
}

fn one_email(
    data: &[u8],
    at: &At<'_>,
    p: &mut Printer,
    failure: &mut Failure,
    summary: &mut Summary,
) -> io::Result<()> {
    let classified = smtp_status_explain::classify(data);
    if let Ok(c) = &classified {
        summary.recipients += c.recipients.len();
        for r in &c.recipients {
            *summary.reasons.entry(r.reason.as_str()).or_default() += 1;
        }
    }
    match (smtp_status_explain::read(data), classified) {
        (Ok(reports), c) => {
            let c = c.ok().filter(|c| c.format == Format::Dsn);
            write_reports(&reports, c.as_ref(), at, p)?;
            if let Some(problem) = reports.problems().first() {
                failure.get_or_insert(format!("{}: {problem}", at.name()));
            }
        }
        (Err(_), Ok(c)) => write_classification(&c, at, p)?,
        (Err(e), Err(_)) => {
            summary.not_understood += 1;
            failure.get_or_insert(format!("{}: {e}", at.name()));
        }
    }
    Ok(())
}

impl At<'_> {
    /// The file, with the message index when it is not the first.
    fn name(&self) -> String {
        if self.index > 1 {
            format!("{} (message {})", self.file, self.index)
        } else {
            self.file.to_string()
        }
    }
}

fn write_reports(
    reports: &Reports<'_>,
    c: Option<&Classification>,
    at: &At<'_>,
    p: &mut Printer,
) -> io::Result<()> {
    let mta = reports.reporting_mta();
    if p.json {
        p.json(&BounceLine::Bounce {
            file: at.file,
            message: at.index,
            format: Some(Format::Dsn),
            reporting_mta: mta.as_deref(),
            subject: reports.subject(),
        })?;
    } else if let Some(m) = &mta {
        p.line(&format!("reported by {m}"), Style::Plain)?;
    }
    for (i, r) in reports.recipients().enumerate() {
        let class = c.and_then(|c| matching(c, &r, i));
        if p.json {
            p.json(&BounceLine::Recipient(&RecipientJson::new(&r, at, class)))?;
        } else {
            p.line("", Style::Plain)?;
            let mut block = recipient_block(&r);
            if let Some(k) = class {
                block.rows.extend(classification_rows(k, false));
            }
            p.block(&block)?;
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

/// The classification of the `i`-th recipient of a report: the one with
/// the same address, else the one at the same place.
fn matching<'c>(c: &'c Classification, r: &Recipient, i: usize) -> Option<&'c Classified> {
    let addr = r.recipient.as_deref().map(|a| a.trim_matches(['<', '>']));
    addr.and_then(|a| {
        c.recipients.iter().find(|k| {
            k.recipient
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(a))
        })
    })
    .or_else(|| c.recipients.get(i))
}

/// An email without a delivery-status report: a plain-text bounce, a
/// feedback report or an automatic reply.
fn write_classification(c: &Classification, at: &At<'_>, p: &mut Printer) -> io::Result<()> {
    if p.json {
        p.json(&BounceLine::Bounce {
            file: at.file,
            message: at.index,
            format: Some(c.format),
            reporting_mta: None,
            subject: None,
        })?;
    } else {
        p.line(
            &format!("{}: {}", at.name(), format_name(c.format)),
            Style::Plain,
        )?;
    }
    for k in &c.recipients {
        let failed = !matches!(
            k.reason,
            smtp_status_explain::Reason::Delivered
                | smtp_status_explain::Reason::Feedback
                | smtp_status_explain::Reason::Vacation
        );
        let action = k
            .action
            .as_deref()
            .unwrap_or(if failed { "failed" } else { "none" });
        if p.json {
            p.json(&BounceLine::Recipient(&RecipientJson {
                file: at.file,
                message: at.index,
                recipient: k.recipient.as_deref(),
                action,
                is_failure: failed,
                diagnostic: k.diagnostic.as_deref(),
                agreement: "not-comparable",
                warnings: &c.warnings,
                classification: Some(k),
                ..RecipientJson::default()
            }))?;
        } else {
            p.line("", Style::Plain)?;
            let who = k.recipient.as_deref().unwrap_or("(recipient not named)");
            p.block(&Block {
                title: format!("{who}  {action}"),
                rows: classification_rows(k, true),
            })?;
        }
    }
    Ok(())
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Dsn => "delivery-status report (RFC 3464)",
        Format::PlainText => "plain-text bounce",
        Format::Feedback => "feedback report (not a bounce)",
        Format::AutoReply => "automatic reply (not a bounce)",
        _ => "report",
    }
}

/// The classifier's rows; `codes` adds the status and reply code (already
/// shown for an RFC 3464 recipient).
fn classification_rows(k: &Classified, codes: bool) -> Vec<Row> {
    let mut rows = vec![
        Row::new("reason", format!("{}  {}", k.reason, reason_doc(k.reason))),
        Row::new("bounce", if k.hard { "hard" } else { "soft" }),
        Row::new("advice", k.advice.sentence()),
        Row::new("evidence", k.evidence.to_string()),
    ];
    if let (Some(s), Some(d)) = (k.status, k.dsn_status) {
        rows.push(Row::new(
            "code",
            format!("{s} from the diagnostic text (Status says {d})"),
        ));
    } else if codes && let Some(s) = k.status {
        rows.push(Row::new("status", code_title(&s.to_string(), s)));
    }
    if codes {
        if let Some(r) = k.reply_code {
            rows.push(Row::new("reply code", r.to_string()));
        }
        if let Some(t) = &k.feedback_type {
            rows.push(Row::new("feedback", t.as_str()));
        }
        if let Some(d) = &k.diagnostic {
            let one: String = d.split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = one.chars().take(300).collect();
            rows.push(Row::new("diagnostic", short));
        }
    }
    rows
}

/// The first sentence of a reason's documentation.
fn reason_doc(r: smtp_status_explain::Reason) -> &'static str {
    r.summary()
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
