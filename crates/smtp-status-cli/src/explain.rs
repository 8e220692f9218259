//! `explain` and `list`: codes, reply codes and replies, each written as
//! soon as it is explained. The JSON shape of each item is one serde type
//! here (`--json` writes one object per line).

use std::io;

use serde::Serialize;
use smtp_status::{Class, EnhancedCode, RegisteredCode, ReplyCode};
use smtp_status_explain::reply::{self, ReplySummary};

use crate::out::{Block, Printer, Row};
use crate::{Failure, read_input};

enum Item {
    Code(EnhancedCode),
    /// `X.s.d`: a subject and detail without a class.
    AnyClass(EnhancedCode),
    Reply(ReplyCode),
    FullReply(ReplySummary),
}

/// One line of `explain --json`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum ExplainLine<'a> {
    EnhancedCode { explanation: CodeJson },
    ReplyCode { explanation: ReplyCodeJson },
    Reply { explanation: ReplyJson<'a> },
    Error { input: &'a str, error: &'a str },
}

/// An enhanced status code (`code` is `X.s.d` and `class` null for a code
/// given without its class).
#[derive(Serialize)]
pub struct CodeJson {
    code: String,
    class: Option<ClassJson>,
    subject: SubjectJson,
    detail: u16,
    registered: Option<RegisteredJson>,
}

#[derive(Serialize)]
struct ClassJson {
    digit: u8,
    summary: &'static str,
}

#[derive(Serialize)]
struct SubjectJson {
    number: u16,
    summary: Option<&'static str>,
}

/// A registry entry; also each line of `list --json`.
#[derive(Serialize)]
struct RegisteredJson {
    code: &'static str,
    name: &'static str,
    sample: &'static str,
    description: &'static str,
    reply_codes: Vec<u16>,
    reply_codes_text: &'static str,
    references: Vec<ReferenceJson>,
    deprecation: Option<&'static str>,
}

#[derive(Serialize)]
struct ReferenceJson {
    label: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct ReplyCodeJson {
    reply_code: u16,
    reply_meaning: String,
    registered_codes: Vec<&'static str>,
}

/// A reply read from text.
#[derive(Serialize)]
pub struct ReplyJson<'a> {
    reply_code: u16,
    reply_meaning: String,
    enhanced: Option<CodeJson>,
    lines: &'a [String],
    warnings: &'a [String],
}

impl CodeJson {
    pub fn new(code: EnhancedCode, any_class: bool) -> CodeJson {
        CodeJson {
            code: if any_class {
                format!("X.{}.{}", code.subject(), code.detail())
            } else {
                code.to_string()
            },
            class: (!any_class).then(|| ClassJson {
                digit: code.class() as u8,
                summary: code.class().summary(),
            }),
            subject: SubjectJson {
                number: code.subject().number(),
                summary: code.subject_kind().map(|s| s.summary()),
            },
            detail: code.detail(),
            registered: code.registered().map(RegisteredJson::new),
        }
    }
}

impl RegisteredJson {
    fn new(r: RegisteredCode) -> RegisteredJson {
        RegisteredJson {
            code: r.as_str(),
            name: r.name(),
            sample: r.sample(),
            description: r.description(),
            reply_codes: r.reply_codes().iter().map(|c| c.as_u16()).collect(),
            reply_codes_text: r.basic_code_raw(),
            references: r
                .references()
                .iter()
                .map(|x| ReferenceJson {
                    label: x.label(),
                    url: x.url(),
                })
                .collect(),
            deprecation: r.deprecation(),
        }
    }
}

impl<'a> ReplyJson<'a> {
    pub fn new(r: &'a ReplySummary) -> ReplyJson<'a> {
        ReplyJson {
            reply_code: r.code.as_u16(),
            reply_meaning: reply_meaning(r.code),
            enhanced: r.enhanced.map(|e| CodeJson::new(e, false)),
            lines: &r.lines,
            warnings: &r.warnings,
        }
    }
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

/// Explains each input, writing each item as soon as it is explained;
/// replies on stdin (`-`) one reply at a time.
pub fn explain(inputs: &[String], p: &mut Printer, failure: &mut Failure) -> io::Result<()> {
    let mut first = true;
    for input in inputs {
        if input != "-" {
            let found = classify(input);
            emit(input, found, p, failure, &mut first)?;
            continue;
        }
        let data = match read_input("-") {
            Ok(data) => data,
            Err(e) => {
                emit(input, Err(e), p, failure, &mut first)?;
                continue;
            }
        };
        if std::str::from_utf8(&data).is_err() && data.contains(&0) {
            let e = "stdin: binary data, not an SMTP reply".to_owned();
            emit(input, Err(e), p, failure, &mut first)?;
            continue;
        }
        for r in reply::replies(&data) {
            let found = r.map(Item::FullReply).map_err(|e| format!("stdin: {e}"));
            emit(input, found, p, failure, &mut first)?;
        }
    }
    Ok(())
}

fn emit(
    input: &str,
    found: Result<Item, String>,
    p: &mut Printer,
    failure: &mut Failure,
    first: &mut bool,
) -> io::Result<()> {
    let item = match found {
        Ok(item) => item,
        Err(error) => {
            if p.json {
                p.json(&ExplainLine::Error {
                    input,
                    error: &error,
                })?;
            }
            failure.get_or_insert(error);
            return Ok(());
        }
    };
    if p.json {
        return p.json(&match &item {
            Item::Code(c) => ExplainLine::EnhancedCode {
                explanation: CodeJson::new(*c, false),
            },
            Item::AnyClass(c) => ExplainLine::EnhancedCode {
                explanation: CodeJson::new(*c, true),
            },
            Item::Reply(c) => ExplainLine::ReplyCode {
                explanation: ReplyCodeJson {
                    reply_code: c.as_u16(),
                    reply_meaning: reply_meaning(*c),
                    registered_codes: c.registered_codes().iter().map(|r| r.as_str()).collect(),
                },
            },
            Item::FullReply(r) => ExplainLine::Reply {
                explanation: ReplyJson::new(r),
            },
        });
    }
    if !std::mem::take(first) {
        p.line("", crate::out::Style::Plain)?;
    }
    p.block(&item_block(&item))
}

/// What a reply code means: its text and the document that defines it, from
/// the core crate's curated table (registry/reply-codes.txt), or what its
/// first digit says (RFC 5321 section 4.2.1) for a code no document names.
pub fn reply_meaning(code: ReplyCode) -> String {
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

/// The rows that explain a code; `any_class` leaves the class out (`X.s.d`).
pub fn code_rows(code: EnhancedCode, any_class: bool) -> Vec<Row> {
    let mut rows = Vec::new();
    if !any_class {
        let class = code.class();
        rows.push(Row::new(
            "class",
            format!("{}  {}", class as u8, class.summary()),
        ));
    }
    rows.push(Row::new(
        "subject",
        match code.subject_kind() {
            Some(s) => format!("{}  {}", code.subject(), s.summary()),
            None => format!("{}  (no registered subject)", code.subject()),
        },
    ));
    let Some(r) = code.registered() else {
        rows.push(Row::new(
            "detail",
            format!("{}  not in the IANA registry", code.detail()),
        ));
        rows.push(Row::warn(
            "registry",
            format!(
                "X.{}.{} is not registered; only its class and subject are defined",
                code.subject(),
                code.detail()
            ),
        ));
        return rows;
    };
    rows.push(Row::new(
        "detail",
        format!("{}  {}", code.detail(), r.sample()),
    ));
    rows.push(Row::new(
        "registry",
        format!("{} ({})", r.as_str(), r.name()),
    ));
    rows.push(Row::new("description", r.description()));
    let codes: Vec<String> = r.reply_codes().iter().map(|c| c.to_string()).collect();
    rows.push(Row::new(
        "reply codes",
        if codes.is_empty() {
            r.basic_code_raw().to_owned()
        } else {
            codes.join(", ")
        },
    ));
    let refs: Vec<&str> = r.references().iter().map(|x| x.label()).collect();
    rows.push(Row::new("references", refs.join(", ")));
    if let Some(d) = r.deprecation() {
        rows.push(Row::warn("deprecated", d));
    }
    rows
}

/// A code's title (`label`, then the sample text or "unregistered").
pub fn code_title(label: &str, code: EnhancedCode) -> String {
    match code.registered() {
        Some(r) => format!("{label}  {}", r.sample()),
        None => format!("{label}  (unregistered)"),
    }
}

fn item_block(item: &Item) -> Block {
    match item {
        Item::Code(code) => Block {
            title: code_title(&code.to_string(), *code),
            rows: code_rows(*code, false),
        },
        Item::AnyClass(code) => Block {
            title: code_title(&format!("X.{}.{}", code.subject(), code.detail()), *code),
            rows: code_rows(*code, true),
        },
        Item::Reply(code) => {
            let listed: Vec<&str> = code.registered_codes().iter().map(|r| r.as_str()).collect();
            Block {
                title: format!("{code}  reply code"),
                rows: vec![
                    Row::new("meaning", reply_meaning(*code)),
                    Row::new(
                        "registered codes",
                        if listed.is_empty() {
                            "none list this reply code".into()
                        } else {
                            listed.join(", ")
                        },
                    ),
                ],
            }
        }
        Item::FullReply(r) => {
            let mut rows = vec![
                Row::new(
                    "reply code",
                    format!("{}  {}", r.code, reply_meaning(r.code)),
                ),
                Row::new("text", r.lines.join(" / ")),
            ];
            match r.enhanced {
                Some(e) => {
                    rows.push(Row::new("enhanced", e.to_string()));
                    rows.extend(code_rows(e, false));
                }
                None => rows.push(Row::new("enhanced", "none")),
            }
            rows.extend(r.warnings.iter().map(|w| Row::warn("warning", w.as_str())));
            Block {
                title: format!("reply {}", r.code),
                rows,
            }
        }
    }
}

// ---------------------------------------------------------------- list

/// Every registered code that passes the filters, one per line.
pub fn list(
    subject: Option<u16>,
    class: Option<&str>,
    p: &mut Printer,
    failure: &mut Failure,
) -> io::Result<()> {
    let class = class
        .and_then(|c| c.parse().ok())
        .and_then(Class::from_digit);
    let codes: Vec<RegisteredCode> = RegisteredCode::ALL
        .iter()
        .copied()
        .filter(|r| subject.is_none_or(|s| r.subject().number() == s))
        .filter(|r| class.is_none_or(|c| r.association().allows_class(c) == Some(true)))
        .collect();
    if codes.is_empty() {
        failure.get_or_insert("no registered code matches these filters".into());
        return Ok(());
    }
    if p.json {
        for r in &codes {
            p.json(&RegisteredJson::new(*r))?;
        }
        return Ok(());
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
    let header = format!("{:<w0$}  {:<w1$}  {}", "CODE", "REPLY", "SAMPLE TEXT");
    p.line(&header, crate::out::Style::Bold)?;
    for r in &rows {
        let line = format!("{:<w0$}  {:<w1$}  {}", r[0], r[1], r[2]);
        p.line(&line, crate::out::Style::Plain)?;
    }
    Ok(())
}
