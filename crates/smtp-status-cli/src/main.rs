//! `smtp-status`: explain enhanced status codes, SMTP replies and bounce
//! emails.
//!
//! ```text
//! smtp-status explain 5.1.1 X.7.26 550 "550 5.1.1 <a@b>: User unknown" -
//! smtp-status list --class 5 --subject 7
//! smtp-status bounce bounce.eml
//! ```
//!
//! Every command takes `--json`. Exit codes: 0 every input understood,
//! 1 an input not understood (one line on stderr says why), 2 usage error.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use smtp_status::{Class, EnhancedCode, RegisteredCode, ReplyCode, Subject};
use smtp_status_bounce::reply::{self, ReplySummary};
use smtp_status_bounce::{Bounce, MAX_INPUT};

/// Explain SMTP enhanced status codes (RFC 3463), replies and bounce emails.
///
/// Exit status: 0 when every input was understood, 1 when an input was not
/// understood, 2 on a usage error.
#[derive(Parser)]
#[command(name = "smtp-status", version, about)]
struct Cli {
    /// Machine-readable JSON output (stable field names).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Explain codes and replies: `5.1.1`, `X.1.1`, `550`,
    /// `"550 5.1.1 <a@b>: User unknown"`, or `-` for replies on stdin.
    Explain {
        /// Codes or replies; `-` reads replies from stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Every registered code as a table.
    List {
        /// Only this subject (the middle number, e.g. 7).
        #[arg(long)]
        subject: Option<u16>,
        /// Only codes whose registry entry allows this class (2, 4 or 5):
        /// reply codes of that first digit, `NXX` or `Any`. Codes whose
        /// entry states no reply codes ("Not given") are left out.
        #[arg(long, value_parser = ["2", "4", "5"])]
        class: Option<String>,
    },
    /// Read a bounce email (or a bare delivery-status report) and explain
    /// each recipient's outcome.
    Bounce {
        /// The email file, or `-` for stdin.
        file: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = !cli.json
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let out = Out { color };
    let result = match &cli.command {
        Command::Explain { inputs } => explain(inputs, cli.json, &out),
        Command::List { subject, class } => list(*subject, class.as_deref(), cli.json, &out),
        Command::Bounce { file } => bounce(file, cli.json, &out),
    };
    match result {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            ExitCode::SUCCESS
        }
        Err((text, message)) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            eprintln!("smtp-status: {message}");
            ExitCode::from(1)
        }
    }
}

/// Output so far, and the one-line reason an input was not understood.
type Outcome = Result<String, (String, String)>;

struct Out {
    color: bool,
}

impl Out {
    fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn warn(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[33m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
}

fn read_input(name: &str) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    let limit = MAX_INPUT as u64 + 1;
    let read = if name == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut buf)
    } else {
        std::fs::File::open(name)
            .map_err(|e| format!("{name}: {e}"))?
            .take(limit)
            .read_to_end(&mut buf)
    };
    read.map_err(|e| format!("{name}: {e}"))?;
    if buf.len() > MAX_INPUT {
        return Err(format!("{name}: input larger than {MAX_INPUT} bytes"));
    }
    Ok(buf)
}

// ---------------------------------------------------------------- explain

enum Item {
    Code(EnhancedCode),
    /// `X.s.d`: a subject and detail without a class.
    AnyClass(EnhancedCode),
    Reply(ReplyCode),
    FullReply(ReplySummary),
}

fn classify(input: &str) -> Result<Item, String> {
    let t = input.trim();
    if t.is_empty() {
        return Err("empty input".into());
    }
    if let Ok(code) = t.parse::<EnhancedCode>() {
        return Ok(Item::Code(code));
    }
    if let Some(rest) = t.strip_prefix(['X', 'x'])
        && rest.starts_with('.')
    {
        return format!("2{rest}")
            .parse::<EnhancedCode>()
            .map(Item::AnyClass)
            .map_err(|e| format!("{input:?} is not a code of the form X.subject.detail: {e}"));
    }
    if t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit()) {
        return ReplyCode::from_bytes(t.as_bytes())
            .map(Item::Reply)
            .map_err(|_| format!("{t} is not an SMTP reply code (200 to 599)"));
    }
    if t.as_bytes()[0].is_ascii_digit() && t.contains('.') && !t.contains(' ') {
        return t
            .parse::<EnhancedCode>()
            .map(Item::Code)
            .map_err(|e| format!("{t:?} is not an enhanced status code: {e}"));
    }
    reply::read(t.as_bytes())
        .map(Item::FullReply)
        .map_err(|e| format!("{:?} is not a code or an SMTP reply: {e}", shorten(t)))
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push_str("...");
    }
    out
}

fn explain(inputs: &[String], json: bool, out: &Out) -> Outcome {
    let mut text = String::new();
    let mut items = Vec::new();
    let mut failure = None;
    for input in inputs {
        let mut found: Vec<Result<Item, String>> = Vec::new();
        if input == "-" {
            match read_input("-") {
                Ok(data) => {
                    if std::str::from_utf8(&data).is_err() && data.contains(&0) {
                        found.push(Err("stdin: binary data, not an SMTP reply".into()));
                    } else {
                        for r in reply::read_all(&data) {
                            found.push(r.map(Item::FullReply).map_err(|e| format!("stdin: {e}")));
                        }
                    }
                }
                Err(e) => found.push(Err(e)),
            }
        } else {
            found.push(classify(input));
        }
        for f in found {
            match f {
                Ok(item) => {
                    if json {
                        items.push(item_json(&item));
                    } else {
                        if !text.is_empty() {
                            text.push('\n');
                        }
                        text.push_str(&item_text(&item, out));
                    }
                }
                Err(e) => {
                    if json {
                        items.push(json!({ "input": input, "error": e }));
                    }
                    failure.get_or_insert(e);
                }
            }
        }
    }
    if json {
        text = to_json(&json!({ "explained": items }));
    }
    match failure {
        None => Ok(text),
        Some(e) => Err((text, e)),
    }
}

fn to_json(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn class_name(c: Class) -> &'static str {
    c.summary()
}

/// What a reply code means: its text and the document that defines it, from
/// the core crate's curated table (registry/reply-codes.txt), or what its
/// first digit says (RFC 5321 section 4.2.1) for a code no document names.
fn reply_meaning(code: ReplyCode) -> String {
    match (code.text(), code.citation()) {
        (Some(text), Some(citation)) => format!("{text} ({citation})"),
        (Some(text), None) => text.to_owned(),
        _ => match code.first_digit() {
            2 => "Positive completion (2yz): the action was completed".into(),
            3 => "Positive intermediate (3yz): more information is needed".into(),
            4 => "Transient negative completion (4yz): not done, try again later".into(),
            _ => "Permanent negative completion (5yz): not done, do not repeat as is".into(),
        },
    }
}

/// A code's title line (`label`, then the sample text or "unregistered")
/// above its table; `any_class` leaves the class out (`X.s.d` inputs).
fn explained_code(label: String, code: EnhancedCode, any_class: bool, out: &Out) -> String {
    let title = match code.registered() {
        Some(r) => format!("{label}  {}", r.sample()),
        None => format!("{label}  (unregistered)"),
    };
    format!(
        "{}\n{}",
        out.bold(&title),
        table(&code_lines(code, any_class, out))
    )
}

fn code_lines(code: EnhancedCode, any_class: bool, out: &Out) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if !any_class {
        rows.push((
            "class".into(),
            format!("{}  {}", code.class() as u8, class_name(code.class())),
        ));
    }
    let subject = match code.subject_kind() {
        Some(s) => format!("{}  {}", code.subject(), s.summary()),
        None => format!("{}  (no registered subject)", code.subject()),
    };
    rows.push(("subject".into(), subject));
    match code.registered() {
        Some(r) => {
            rows.push((
                "detail".into(),
                format!("{}  {}", code.detail(), r.sample()),
            ));
            rows.push(("registry".into(), format!("{} ({})", r.as_str(), r.name())));
            rows.push(("description".into(), r.description().to_owned()));
            let codes: Vec<String> = r.reply_codes().iter().map(|c| c.to_string()).collect();
            rows.push((
                "reply codes".into(),
                if codes.is_empty() {
                    r.basic_code_raw().to_owned()
                } else {
                    codes.join(", ")
                },
            ));
            let refs: Vec<String> = r
                .references()
                .iter()
                .map(|x| x.label().to_owned())
                .collect();
            rows.push(("references".into(), refs.join(", ")));
            if let Some(d) = r.deprecation() {
                rows.push(("deprecated".into(), out.warn(d)));
            }
        }
        None => {
            rows.push((
                "detail".into(),
                format!("{}  not in the IANA registry", code.detail()),
            ));
            rows.push((
                "registry".into(),
                out.warn(&format!(
                    "X.{}.{} is not registered; only its class and subject are defined",
                    code.subject(),
                    code.detail()
                )),
            ));
        }
    }
    rows
}

fn table(rows: &[(String, String)]) -> String {
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut s = String::new();
    for (k, v) in rows {
        s.push_str(&format!("  {k:<width$}  {v}\n"));
    }
    s
}

fn item_text(item: &Item, out: &Out) -> String {
    match item {
        Item::Code(code) => explained_code(code.to_string(), *code, false, out),
        Item::AnyClass(code) => {
            let x = format!("X.{}.{}", code.subject(), code.detail());
            explained_code(x, *code, true, out)
        }
        Item::Reply(code) => {
            let mut rows = vec![("meaning".to_owned(), reply_meaning(*code))];
            let listed: Vec<&str> = code.registered_codes().iter().map(|r| r.as_str()).collect();
            rows.push((
                "registered codes".into(),
                if listed.is_empty() {
                    "none list this reply code".into()
                } else {
                    listed.join(", ")
                },
            ));
            format!(
                "{}\n{}",
                out.bold(&format!("{code}  reply code")),
                table(&rows)
            )
        }
        Item::FullReply(r) => {
            let mut rows = vec![
                (
                    "reply code".to_owned(),
                    format!("{}  {}", r.code, reply_meaning(r.code)),
                ),
                ("text".to_owned(), r.lines.join(" / ")),
            ];
            let mut s = String::new();
            match r.enhanced {
                Some(e) => {
                    rows.push(("enhanced".into(), e.to_string()));
                    rows.extend(code_lines(e, false, out));
                }
                None => rows.push(("enhanced".into(), "none".into())),
            }
            for w in &r.warnings {
                rows.push(("warning".into(), out.warn(w)));
            }
            s.push_str(&out.bold(&format!("reply {}", r.code)));
            s.push('\n');
            s.push_str(&table(&rows));
            s
        }
    }
}

fn code_json(code: EnhancedCode, any_class: bool) -> Value {
    let registered = code.registered().map(registered_json);
    json!({
        "code": if any_class { format!("X.{}.{}", code.subject(), code.detail()) } else { code.to_string() },
        "class": if any_class { Value::Null } else { json!({ "digit": code.class() as u8, "summary": code.class().summary() }) },
        "subject": { "number": code.subject().number(), "summary": code.subject_kind().map(Subject::summary) },
        "detail": code.detail(),
        "registered": registered,
    })
}

fn registered_json(r: RegisteredCode) -> Value {
    json!({
        "code": r.as_str(),
        "name": r.name(),
        "sample": r.sample(),
        "description": r.description(),
        "reply_codes": r.reply_codes().iter().map(|c| c.as_u16()).collect::<Vec<_>>(),
        "reply_codes_text": r.basic_code_raw(),
        "references": r.references().iter().map(|x| json!({ "label": x.label(), "url": x.url() })).collect::<Vec<_>>(),
        "deprecation": r.deprecation(),
    })
}

fn reply_json(r: &ReplySummary) -> Value {
    json!({
        "reply_code": r.code.as_u16(),
        "reply_meaning": reply_meaning(r.code),
        "enhanced": r.enhanced.map(|e| code_json(e, false)),
        "lines": r.lines,
        "warnings": r.warnings,
    })
}

fn item_json(item: &Item) -> Value {
    match item {
        Item::Code(c) => json!({ "kind": "enhanced-code", "explanation": code_json(*c, false) }),
        Item::AnyClass(c) => json!({ "kind": "enhanced-code", "explanation": code_json(*c, true) }),
        Item::Reply(c) => json!({
            "kind": "reply-code",
            "explanation": {
                "reply_code": c.as_u16(),
                "reply_meaning": reply_meaning(*c),
                "registered_codes": c.registered_codes().iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            }
        }),
        Item::FullReply(r) => json!({ "kind": "reply", "explanation": reply_json(r) }),
    }
}

// ---------------------------------------------------------------- list

fn list(subject: Option<u16>, class: Option<&str>, json: bool, out: &Out) -> Outcome {
    let class = class
        .and_then(|c| c.parse().ok())
        .and_then(Class::from_digit);
    let codes: Vec<RegisteredCode> = RegisteredCode::ALL
        .iter()
        .copied()
        .filter(|r| subject.is_none_or(|s| r.subject().number() == s))
        .filter(|r| class.is_none_or(|c| r.association().allows_class(c) == Some(true)))
        .collect();
    if json {
        let v: Vec<Value> = codes.iter().map(|r| registered_json(*r)).collect();
        return Ok(to_json(&json!({ "codes": v })));
    }
    let rows: Vec<[String; 3]> = codes
        .iter()
        .map(|r| {
            let replies: Vec<String> = r.reply_codes().iter().map(|c| c.to_string()).collect();
            let mut sample = r.sample().to_owned();
            if r.deprecation().is_some() {
                sample.push_str(" (deprecated)");
            }
            [r.as_str().to_owned(), replies.join(","), sample]
        })
        .collect();
    let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(4).max(4);
    let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(5).max(5);
    let mut s = out.bold(&format!(
        "{:<w0$}  {:<w1$}  {}",
        "CODE", "REPLY", "SAMPLE TEXT"
    ));
    s.push('\n');
    for r in &rows {
        s.push_str(&format!("{:<w0$}  {:<w1$}  {}\n", r[0], r[1], r[2]));
    }
    if rows.is_empty() {
        return Err((
            String::new(),
            "no registered code matches these filters".into(),
        ));
    }
    Ok(s)
}

// ---------------------------------------------------------------- bounce

fn bounce(file: &str, json: bool, out: &Out) -> Outcome {
    let data = read_input(file).map_err(|e| (String::new(), e))?;
    let b =
        smtp_status_bounce::parse(&data).map_err(|e| (String::new(), format!("{file}: {e}")))?;
    if json {
        return Ok(to_json(&bounce_json(&b)));
    }
    Ok(bounce_text(&b, out))
}

fn bounce_json(b: &Bounce) -> Value {
    json!({
        "reporting_mta": b.reporting_mta,
        "subject": b.subject,
        "recipients": b.recipients.iter().map(|r| json!({
            "recipient": r.recipient,
            "original_recipient": r.original_recipient,
            "action": r.action,
            "is_failure": r.is_failure,
            "status": r.status.map(|e| code_json(e, false)),
            "status_comment": r.status_comment,
            "status_invalid": r.status_invalid,
            "remote_mta": r.remote_mta,
            "diagnostic_type": r.diagnostic_type,
            "diagnostic": r.diagnostic,
            "reply": r.reply.as_ref().map(reply_json),
            "agreement": r.agreement.as_str(),
            "agreement_note": match &r.agreement {
                smtp_status_bounce::Agreement::Disagree(s) | smtp_status_bounce::Agreement::Compatible(s) => Some(s.as_str()),
                _ => None,
            },
            "last_attempt_date": r.last_attempt_date,
            "will_retry_until": r.will_retry_until,
            "extension_fields": r.extension_fields.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn bounce_text(b: &Bounce, out: &Out) -> String {
    let mut s = String::new();
    if let Some(m) = &b.reporting_mta {
        s.push_str(&format!("reported by {m}\n"));
    }
    for r in &b.recipients {
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
        s.push('\n');
        s.push_str(&out.bold(&format!("{who}  {outcome}")));
        s.push('\n');
        let mut rows = vec![("action".to_owned(), r.action.clone())];
        match (r.status, &r.status_invalid) {
            (Some(e), _) => {
                let mut v = e.to_string();
                if let Some(r) = e.registered() {
                    v.push_str(&format!("  {}", r.sample()));
                } else {
                    v.push_str("  (unregistered)");
                }
                if let Some(c) = &r.status_comment {
                    v.push_str(&format!("  ({c})"));
                }
                rows.push(("status".into(), v));
                rows.extend(code_lines(e, false, out));
            }
            (None, Some(bad)) => {
                rows.push(("status".into(), out.warn(&format!("not a code: {bad}"))))
            }
            (None, None) => rows.push(("status".into(), out.warn("missing"))),
        }
        if let Some(m) = &r.remote_mta {
            rows.push(("remote mta".into(), m.clone()));
        }
        if let Some(d) = &r.diagnostic {
            rows.push((
                "diagnostic".into(),
                format!("{}; {d}", r.diagnostic_type.as_deref().unwrap_or("")),
            ));
        }
        if let Some(reply) = &r.reply {
            rows.push((
                "reply code".into(),
                format!("{}  {}", reply.code, reply_meaning(reply.code)),
            ));
            for w in &reply.warnings {
                rows.push(("warning".into(), out.warn(w)));
            }
        }
        let agree = match &r.agreement {
            smtp_status_bounce::Agreement::Agree => "Status and the SMTP reply agree".to_owned(),
            smtp_status_bounce::Agreement::Compatible(why) => format!("compatible: {why}"),
            smtp_status_bounce::Agreement::Disagree(why) => out.warn(&format!("disagree: {why}")),
            smtp_status_bounce::Agreement::NotComparable => {
                "no SMTP reply to compare the Status with".to_owned()
            }
        };
        rows.push(("agreement".into(), agree));
        if let Some(d) = &r.will_retry_until {
            rows.push(("retry until".into(), d.clone()));
        }
        s.push_str(&table(&rows));
    }
    s
}
