//! [`explain`]: whatever a user pastes, most specific reading first.

use std::fmt;

use serde::Serialize;
use smtp_status::{AnyClassCode, EnhancedCode, ReplyCode};

use crate::human::Block;
use crate::reply::{self, ReplyReport, ReplySummary};
use crate::{AnyClassReport, CodeReport, ReplyCodeReport, TextReport, Verdict};

/// What an input was read as, explained. JSON: `{"kind", "explanation"}`,
/// `kind` one of `enhanced-code`, `any-class-code`, `reply-code`, `reply`,
/// `text` (see docs/json.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "explanation", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Explanation {
    /// A bare enhanced code, `5.1.1`, with the verdict the code alone gives.
    EnhancedCode(CodeExplanation),
    /// A code without its class, `X.1.1`.
    AnyClassCode(AnyClassReport),
    /// A bare reply code, `550`.
    ReplyCode(ReplyCodeReport),
    /// A whole reply, read strictly, with its verdict.
    Reply(ReplyReport),
    /// Codes found in free text.
    Text(TextReport),
}

impl Explanation {
    /// The human form: one block per item.
    pub fn blocks(&self) -> Vec<Block> {
        match self {
            Explanation::EnhancedCode(r) => vec![r.block()],
            Explanation::AnyClassCode(r) => vec![r.block()],
            Explanation::ReplyCode(r) => vec![r.block()],
            Explanation::Reply(r) => vec![r.block()],
            Explanation::Text(r) => r.blocks(),
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::human::write_blocks(f, &self.blocks())
    }
}

/// A bare enhanced code explained: its [`CodeReport`] and, for a class 4
/// or 5 code, why such a failure happens and whether to retry, from the
/// code alone ([`Verdict`]; it needs the `bounce` feature, and is `None`
/// without it). JSON: the code's fields and `"verdict"`.
///
/// ```
/// # #[cfg(feature = "bounce")] {
/// use smtp_status_explain::{CodeExplanation, Reason};
/// let e = CodeExplanation::new("4.2.2".parse().unwrap());
/// let v = e.verdict.unwrap();
/// assert_eq!((v.reason, v.hard), (Reason::MailboxFull, false));
/// assert!(CodeExplanation::new("2.1.5".parse().unwrap()).verdict.is_none());
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeExplanation {
    /// The code.
    #[serde(flatten)]
    pub report: CodeReport,
    /// Why it failed, for a class 4 or 5 code.
    pub verdict: Option<Verdict>,
}

impl CodeExplanation {
    /// The bare code with its verdict.
    pub fn new(code: EnhancedCode) -> CodeExplanation {
        CodeExplanation {
            report: CodeReport::new(code, b""),
            verdict: (!code.is_success())
                .then(|| Verdict::of_text(|| code.to_string()))
                .flatten(),
        }
    }

    /// The human form: the code's rows with the verdict after the class,
    /// subject and detail.
    pub fn block(&self) -> Block {
        Verdict::insert(self.verdict.as_ref(), self.report.block(), 3)
    }
}

/// An input that could not be explained: which input, and why. `Display`
/// names both (`"hello": no status code found in the text`; `stdin: ...`
/// for `-`). JSON: `{"kind": "error", "input", "cause", "error"}`, `cause`
/// from [`ExplainCause::kind`] and `error` its sentence.
///
/// ```
/// use smtp_status_explain::{ExplainCause, explain};
/// let e = explain("x.1.z").unwrap_err();
/// assert!(matches!(e.cause, ExplainCause::AnyClassCode(_)));
/// assert_eq!(e.to_string(), r#""x.1.z": not a code of the form X.subject.detail: the detail has no digits (byte 4)"#);
/// assert!(std::error::Error::source(&e).is_some());
/// // A long input is named by its start.
/// let long = explain(&"no code here ".repeat(10)).unwrap_err();
/// assert_eq!(
///     long.to_string(),
///     r#""no code here no code here no code here no code h"...: no status code found in the text"#
/// );
/// ```
#[derive(Debug, Clone)]
pub struct ExplainError {
    /// The input, as given (`-` for stdin).
    pub input: String,
    /// Why it could not be explained.
    pub cause: ExplainCause,
}

impl ExplainError {
    /// The error for `input`.
    pub fn new(input: impl Into<String>, cause: ExplainCause) -> ExplainError {
        ExplainError {
            input: input.into(),
            cause,
        }
    }
}

/// How much of an input [`ExplainError`]'s `Display` quotes, in characters.
const QUOTED: usize = 48;

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.input == "-" {
            return write!(f, "stdin: {}", self.cause);
        }
        match self.input.char_indices().nth(QUOTED) {
            Some((cut, _)) => write!(f, "{:?}...: {}", &self.input[..cut], self.cause),
            None => write!(f, "{:?}: {}", self.input, self.cause),
        }
    }
}

impl std::error::Error for ExplainError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.source()
    }
}

#[derive(Serialize)]
#[serde(tag = "kind", rename = "error")]
struct ExplainErrorJson<'a> {
    input: &'a str,
    cause: &'static str,
    error: String,
}

impl Serialize for ExplainError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ExplainErrorJson {
            input: &self.input,
            cause: self.cause.kind(),
            error: self.cause.to_string(),
        }
        .serialize(s)
    }
}

/// Why an input gave no explanation ([`ExplainError`], and the items of a
/// [`Stream`](crate::Stream)). `Display` writes one sentence;
/// `source()` is the core's error where there is one.
///
/// ```
/// use smtp_status_explain::{ExplainCause, explain};
/// let e = explain("Apache/2.4.57 on 192.0.2.1").unwrap_err();
/// assert!(matches!(e.cause, ExplainCause::NoCode));
/// assert_eq!((e.cause.kind(), e.cause.to_string().as_str()), ("no-code", "no status code found in the text"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ExplainCause {
    /// Nothing but white space.
    Empty,
    /// `X.` then something that is not a subject and a detail (`X.1.z`).
    AnyClassCode(smtp_status::ParseCodeError),
    /// Three digits that are not a reply code (not 200 to 599).
    ReplyCode(smtp_status::ParseReplyCodeError),
    /// Text with no status code in it.
    NoCode,
    /// Binary data (a NUL byte in what is not UTF-8), not text.
    Binary,
    /// A line, or a reply, longer than [`MAX_LINE`](crate::MAX_LINE)
    /// bytes (a stream's).
    LineTooLong,
    /// Reading the input failed (a stream's).
    Read(std::sync::Arc<std::io::Error>),
}

impl ExplainCause {
    /// A short name, the JSON `cause`: `empty`, `invalid-any-class-code`,
    /// `invalid-reply-code`, `no-code`, `binary`, `line-too-long`, `read`.
    pub fn kind(&self) -> &'static str {
        match self {
            ExplainCause::Empty => "empty",
            ExplainCause::AnyClassCode(_) => "invalid-any-class-code",
            ExplainCause::ReplyCode(_) => "invalid-reply-code",
            ExplainCause::NoCode => "no-code",
            ExplainCause::Binary => "binary",
            ExplainCause::LineTooLong => "line-too-long",
            ExplainCause::Read(_) => "read",
        }
    }
}

impl fmt::Display for ExplainCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplainCause::Empty => f.write_str("empty input"),
            ExplainCause::AnyClassCode(e) => {
                write!(f, "not a code of the form X.subject.detail: {e}")
            }
            ExplainCause::ReplyCode(_) => f.write_str("not an SMTP reply code (200 to 599)"),
            ExplainCause::NoCode => f.write_str("no status code found in the text"),
            ExplainCause::Binary => f.write_str("binary data, not an SMTP reply"),
            ExplainCause::LineTooLong => {
                write!(f, "a line longer than {} bytes", crate::MAX_LINE)
            }
            ExplainCause::Read(e) => write!(f, "cannot read it: {e}"),
        }
    }
}

impl std::error::Error for ExplainCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExplainCause::AnyClassCode(e) => Some(e),
            ExplainCause::ReplyCode(e) => Some(e),
            ExplainCause::Read(e) => Some(&**e),
            _ => None,
        }
    }
}

/// Explains one input, most specific reading first: a bare enhanced code
/// (`5.1.1`), a code without its class (`X.1.1`), a reply code (`550`), a
/// whole reply read strictly ([`reply::read`]), and else the codes found in
/// the text ([`TextReport::find`]: a reply's continuation line, a code
/// followed by text, codes inside a sentence or a log line). Text with no
/// code at all is an error.
///
/// ```
/// use smtp_status_explain::{explain, ExplainCause, Explanation};
/// assert!(matches!(explain("5.1.1")?, Explanation::EnhancedCode(_)));
/// assert!(matches!(explain("x.1.1")?, Explanation::AnyClassCode(_)));
/// assert!(matches!(explain("550")?, Explanation::ReplyCode(_)));
/// assert!(matches!(explain("550 5.1.1 User unknown")?, Explanation::Reply(_)));
/// let Explanation::Text(t) = explain("550-5.7.26 Unauthenticated email")? else { panic!() };
/// assert!(t.found[0].cut);
/// assert!(matches!(explain("5.1.10 Recipient not found")?, Explanation::Text(_)));
/// assert!(matches!(explain("Apache/2.4.57 on 192.0.2.1").unwrap_err().cause, ExplainCause::NoCode));
/// # Ok::<(), smtp_status_explain::ExplainError>(())
/// ```
pub fn explain(input: &str) -> Result<Explanation, ExplainError> {
    let fail = |cause| ExplainError::new(input, cause);
    let t = input.trim();
    if t.is_empty() {
        return Err(fail(ExplainCause::Empty));
    }
    if let Ok(code) = t.parse::<EnhancedCode>() {
        return Ok(Explanation::EnhancedCode(CodeExplanation::new(code)));
    }
    if t.starts_with(['X', 'x']) && t.get(1..2) == Some(".") && !t.contains(' ') {
        return t
            .parse::<AnyClassCode>()
            .map(|code| Explanation::AnyClassCode(AnyClassReport { code }))
            .map_err(|e| fail(ExplainCause::AnyClassCode(e)));
    }
    if t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit()) {
        return ReplyCode::from_bytes(t.as_bytes())
            .map(|code| Explanation::ReplyCode(ReplyCodeReport { code }))
            .map_err(|e| fail(ExplainCause::ReplyCode(e)));
    }
    if let Ok(r) = reply::read(t.as_bytes())
        && looks_like_reply(&r)
    {
        return Ok(Explanation::Reply(ReplyReport::new(r)));
    }
    text(t.as_bytes()).map_err(fail)
}

/// Whether a text the reply parser accepts is a reply rather than text that
/// starts with three digits (`250 items, 3.50 each`, `2021.08.13 release
/// notes`, `422 items`): the code is followed by a space or `-`, and the
/// reply carries an enhanced code, has several lines, or has one of the
/// reply codes of RFC 5321 itself (the ones every server sends).
fn looks_like_reply(r: &ReplySummary) -> bool {
    let odd = reply::Warning::Parser(smtp_status::reply::Warning::OddSeparator);
    let rfc5321 = r
        .code
        .citation()
        .is_some_and(|c| c.starts_with("RFC 5321 "));
    !r.warnings.contains(&odd) && (r.enhanced.is_some() || r.lines.len() > 1 || rfc5321)
}

/// The codes found in `text`, or [`ExplainCause::NoCode`] when there is none.
///
/// ```
/// assert!(smtp_status_explain::text(b"dsn=4.2.2, status=deferred").is_ok());
/// assert!(smtp_status_explain::text(b"v5.1.0 released 2024.12.06").is_err());
/// ```
pub fn text(text: &[u8]) -> Result<Explanation, ExplainCause> {
    let report = TextReport::find(text);
    if report.found.is_empty() {
        return Err(ExplainCause::NoCode);
    }
    Ok(Explanation::Text(report))
}
