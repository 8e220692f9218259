//! The one place that reads SMTP replies: a thin adapter so the rest of this
//! crate and the `smtp-status` command do not depend on how the reply is
//! parsed.

use std::fmt;

use serde::Serialize;
use smtp_status::vendor::{self, VendorMeaning};
use smtp_status::{ClassAgreement, EnhancedCode, RegisteredCode, ReplyCode};

use crate::human::{Block, Row};
use crate::{CodeReport, Verdict, reply_meaning};

/// What a reply says, with every consistency warning.
///
/// ```
/// let r = smtp_status_explain::reply::read(b"450 5.1.1 <a@b>: User unknown").unwrap();
/// assert_eq!(r.code.as_u16(), 450);
/// assert_eq!(r.enhanced.unwrap().to_string(), "5.1.1");
/// assert!(!r.warnings.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplySummary {
    /// The three-digit reply code.
    pub code: ReplyCode,
    /// The enhanced status code at the start of the text, if any.
    pub enhanced: Option<EnhancedCode>,
    /// The text of each line, after the code (and enhanced code).
    pub lines: Vec<String>,
    /// Consistency warnings.
    pub warnings: Vec<Warning>,
    /// The vendor meanings of the enhanced code that apply to this reply's
    /// text ([`vendor::applicable`]).
    pub vendor: Vec<&'static VendorMeaning>,
}

impl ReplySummary {
    /// The registry entry of the enhanced code, if registered.
    ///
    /// ```
    /// let r = smtp_status_explain::reply::read(b"550 5.1.1 no").unwrap();
    /// assert_eq!(r.registered().unwrap().as_str(), "X.1.1");
    /// ```
    pub fn registered(&self) -> Option<RegisteredCode> {
        self.enhanced.and_then(EnhancedCode::registered)
    }

    /// The report on the enhanced code, with its vendor meanings.
    pub fn enhanced_report(&self) -> Option<CodeReport> {
        self.enhanced.map(|code| CodeReport {
            code,
            vendor: self.vendor.clone(),
        })
    }

    /// The human form.
    pub fn block(&self) -> Block {
        let mut rows = vec![
            Row::new(
                "reply code",
                format!("{}  {}", self.code, reply_meaning(self.code)),
            ),
            Row::new("text", self.lines.join(" / ")),
        ];
        match self.enhanced_report() {
            Some(e) => {
                rows.push(Row::new("enhanced", e.code.to_string()));
                rows.extend(e.rows());
            }
            None => rows.push(Row::new("enhanced", "none")),
        }
        rows.extend(
            self.warnings
                .iter()
                .map(|w| Row::warn("warning", w.to_string())),
        );
        Block {
            title: format!("reply {}", self.code),
            rows,
        }
    }
}

impl fmt::Display for ReplySummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.block().fmt(f)
    }
}

/// A reply explained: what it says ([`ReplySummary`]) and, for a 4xx or
/// 5xx reply, why it failed and whether to retry ([`Verdict`], from the
/// same classifier as a bounce's recipients; it needs the `bounce`
/// feature, and is `None` without it). JSON: the reply's fields and
/// `"verdict"`.
///
/// ```
/// # #[cfg(feature = "bounce")] {
/// use smtp_status_explain::{Reason, reply};
/// let r = reply::ReplyReport::new(reply::read(b"550 5.1.1 <kit@example.org>: User unknown").unwrap());
/// let v = r.verdict.unwrap();
/// assert_eq!(v.reason, Reason::UserUnknown);
/// assert!(v.hard);
/// let ok = reply::ReplyReport::new(reply::read(b"250 2.1.5 Ok").unwrap());
/// assert!(ok.verdict.is_none());
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplyReport {
    /// The reply.
    #[serde(flatten)]
    pub reply: ReplySummary,
    /// Why it failed, for a 4xx or 5xx reply.
    pub verdict: Option<Verdict>,
}

impl ReplyReport {
    /// The reply with its verdict.
    pub fn new(reply: ReplySummary) -> ReplyReport {
        let verdict = failure_verdict(&reply);
        ReplyReport { reply, verdict }
    }

    /// The human form: the reply's code and text, the verdict, then the
    /// rest of [`ReplySummary::block`].
    pub fn block(&self) -> Block {
        Verdict::insert(self.verdict.as_ref(), self.reply.block(), 2)
    }
}

impl fmt::Display for ReplyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.block().fmt(f)
    }
}

/// A 4xx or 5xx reply's verdict, on its code, enhanced code and text.
fn failure_verdict(r: &ReplySummary) -> Option<Verdict> {
    if r.code.as_u16() < 400 {
        return None;
    }
    Verdict::of_text(|| {
        let mut text = r.code.to_string();
        if let Some(e) = r.enhanced {
            text.push(' ');
            text.push_str(&e.to_string());
        }
        for l in &r.lines {
            text.push(' ');
            text.push_str(l);
        }
        text
    })
}

#[derive(Serialize)]
struct ReplyJson<'a> {
    reply_code: ReplyCode,
    reply_meaning: String,
    enhanced: Option<CodeReport>,
    lines: &'a [String],
    warnings: &'a [Warning],
}

impl Serialize for ReplySummary {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ReplyJson {
            reply_code: self.code,
            reply_meaning: reply_meaning(self.code),
            enhanced: self.enhanced_report(),
            lines: &self.lines,
            warnings: &self.warnings,
        }
        .serialize(s)
    }
}

/// Something odd about a reply. `Display` writes one sentence; JSON is
/// `{"kind", "message"}` with `kind` from [`Warning::kind`].
///
/// ```
/// let r = smtp_status_explain::reply::read(b"450 5.1.1 no").unwrap();
/// assert_eq!(r.warnings[0].kind(), "class-mismatch");
/// assert!(r.warnings[0].to_string().starts_with("class mismatch: reply code 450 is 4xx"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// A warning of the reply parser ([`smtp_status::reply::Warning`]).
    Parser(smtp_status::reply::Warning),
    /// Bytes after the reply that are not part of it.
    TrailingBytes(usize),
    /// A line longer than RFC 5321's 512 octets (its length).
    LongLine(usize),
    /// The enhanced code's class does not fit the reply code
    /// ([`ReplyCode::class_agreement`]).
    Class {
        /// The reply code.
        code: ReplyCode,
        /// The enhanced code.
        enhanced: EnhancedCode,
        /// How they disagree (never `Agree`).
        agreement: ClassAgreement,
    },
    /// The enhanced code is not in the registry.
    Unregistered(EnhancedCode),
    /// The registry associates the code with other reply codes.
    NotAssociated {
        /// The reply code.
        code: ReplyCode,
        /// The registry entry.
        registered: RegisteredCode,
    },
    /// The registry deprecates the code.
    Deprecated(RegisteredCode),
}

impl Warning {
    /// A short name: `parser`, `trailing-bytes`, `long-line`,
    /// `class-mismatch`, `no-enhanced-class`, `unregistered`,
    /// `not-associated`, `deprecated`.
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::Parser(_) => "parser",
            Warning::TrailingBytes(_) => "trailing-bytes",
            Warning::LongLine(_) => "long-line",
            Warning::Class {
                agreement: ClassAgreement::NoEnhancedClass,
                ..
            } => "no-enhanced-class",
            Warning::Class { .. } => "class-mismatch",
            Warning::Unregistered(_) => "unregistered",
            Warning::NotAssociated { .. } => "not-associated",
            Warning::Deprecated(_) => "deprecated",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Warning::Parser(w) => write!(f, "{w}"),
            Warning::TrailingBytes(n) => write!(f, "{n} bytes after the reply are not part of it"),
            Warning::LongLine(len) => write!(
                f,
                "a line of {len} octets is longer than the 512 octets of RFC 5321 section 4.5.3.1.5"
            ),
            Warning::Class {
                code,
                enhanced,
                agreement: ClassAgreement::NoEnhancedClass,
            } => write!(
                f,
                "reply code {code} ({}xx) carries the enhanced code {enhanced}; {}",
                code.first_digit(),
                ClassAgreement::NoEnhancedClass
            ),
            Warning::Class { code, enhanced, .. } => write!(
                f,
                "class mismatch: reply code {code} is {}xx but the enhanced code {enhanced} is class {} ({})",
                code.first_digit(),
                enhanced.class() as u8,
                enhanced.class().summary()
            ),
            Warning::Unregistered(e) => write!(f, "{e} is not in the IANA registry"),
            Warning::NotAssociated { code, registered } => {
                let listed: Vec<String> = registered
                    .reply_codes()
                    .iter()
                    .map(|c| c.to_string())
                    .collect();
                write!(
                    f,
                    "the registry associates {} with reply codes {}, not {code}",
                    registered.as_str(),
                    listed.join(", ")
                )
            }
            Warning::Deprecated(r) => write!(f, "{} is deprecated in the registry", r.as_str()),
        }
    }
}

#[derive(Serialize)]
struct WarningJson {
    kind: &'static str,
    message: String,
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        WarningJson {
            kind: self.kind(),
            message: self.to_string(),
        }
        .serialize(s)
    }
}

/// Why a reply could not be read: the cause, and the byte where it is
/// ([`ReplyError::offset`]). `Display` names both; `source()` is the core
/// parser's [`ParseError`](smtp_status::reply::ParseError).
///
/// ```
/// use smtp_status::reply::ErrorKind;
/// use smtp_status_explain::reply::{self, ReplyError};
/// let e = reply::read(b"250-ok\r\n25x ok\r\n").unwrap_err();
/// assert!(matches!(e, ReplyError::Parse(p) if p.kind() == ErrorKind::InvalidCode));
/// assert_eq!(e.offset(), 8);
/// assert_eq!(e.to_string(), "not an SMTP reply: invalid reply code (at byte 8)");
/// assert_eq!(reply::read(b" \r\n").unwrap_err(), ReplyError::Empty);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReplyError {
    /// The input is empty or only white space (at byte 0).
    Empty,
    /// The reply parser refused the input: what and where.
    Parse(smtp_status::reply::ParseError),
}

impl ReplyError {
    /// The byte offset of the problem in the input.
    pub fn offset(&self) -> usize {
        match self {
            ReplyError::Empty => 0,
            ReplyError::Parse(e) => e.offset(),
        }
    }
}

impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplyError::Empty => f.write_str("empty input: no reply (at byte 0)"),
            ReplyError::Parse(e) => write!(
                f,
                "not an SMTP reply: {} (at byte {})",
                e.kind(),
                e.offset()
            ),
        }
    }
}

impl std::error::Error for ReplyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReplyError::Empty => None,
            ReplyError::Parse(e) => Some(e),
        }
    }
}

/// Reads one SMTP reply, single- or multi-line (`250-...` then `250 ...`),
/// with CRLF or LF line ends, with [`smtp_status::reply::parse`].
///
/// ```
/// let r = smtp_status_explain::reply::read(b"550-5.7.1 one\r\n550 5.7.1 two\r\n").unwrap();
/// assert_eq!(r.lines, ["one", "two"]);
/// ```
pub fn read(input: &[u8]) -> Result<ReplySummary, ReplyError> {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(ReplyError::Empty);
    }
    let parsed = smtp_status::reply::parse(input).map_err(ReplyError::Parse)?;
    Ok(summarize(&parsed, &input[parsed.len()..]))
}

/// Reads the reply in an `smtp` Diagnostic-Code: as [`read`], leniently,
/// and without RFC 5321's 512-octet line limit (a report quotes the reply
/// after the fact, often unfolded into one long line); a longer line gets a
/// warning instead.
///
/// ```
/// let long = format!("550 5.1.1 {}", "x".repeat(600));
/// let r = smtp_status_explain::reply::read_diagnostic(long.as_bytes()).unwrap();
/// assert_eq!(r.enhanced.unwrap().to_string(), "5.1.1");
/// assert!(r.warnings[0].to_string().contains("512"));
/// ```
pub fn read_diagnostic(input: &[u8]) -> Result<ReplySummary, ReplyError> {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(ReplyError::Empty);
    }
    let parsed = smtp_status::reply::Options::lenient()
        .max_line_len(input.len().saturating_add(2))
        .parse_complete(input)
        .map_err(ReplyError::Parse)?;
    let mut summary = summarize(&parsed, &input[parsed.len()..]);
    let longest = input.split(|&b| b == b'\n').map(<[u8]>::len).max();
    if let Some(len) = longest.filter(|&l| l + 1 > smtp_status::reply::RFC5321_MAX_LINE_LEN) {
        summary.warnings.insert(0, Warning::LongLine(len));
    }
    Ok(summary)
}

/// Every reply of a stream (pipelined replies, one after another), read one
/// at a time: nothing is kept from one reply to the next.
///
/// ```
/// let mut all = smtp_status_explain::reply::replies(b"250 2.1.0 Ok\r\n550 5.1.1 no\r\n");
/// assert_eq!(all.next().unwrap().unwrap().code.as_u16(), 250);
/// assert_eq!(all.next().unwrap().unwrap().code.as_u16(), 550);
/// assert!(all.next().is_none());
/// ```
pub fn replies(input: &[u8]) -> impl Iterator<Item = Result<ReplySummary, ReplyError>> + '_ {
    let end = input
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let trimmed = &input[..end];
    let empty = trimmed.is_empty().then_some(Err(ReplyError::Empty));
    let all = smtp_status::reply::Options::lenient()
        .replies(trimmed)
        .map(|r| r.map(|r| summarize(&r, &[])).map_err(ReplyError::Parse));
    empty.into_iter().chain(all)
}

/// One whole reply, read leniently as [`replies`] reads each: `None` when
/// `input` is not exactly one reply (white space after it aside).
///
/// ```
/// let r = smtp_status_explain::reply::read_one(b"550-5.1.1 no\n550 5.1.1 one\n").unwrap();
/// assert_eq!(r.lines, ["no", "one"]);
/// assert!(smtp_status_explain::reply::read_one(b"550 5.1.1 no\n450 4.2.2 b\n").is_none());
/// ```
pub fn read_one(input: &[u8]) -> Option<ReplySummary> {
    let parsed = smtp_status::reply::Options::lenient()
        .parse_complete(input)
        .ok()?;
    let rest = &input[parsed.len()..];
    rest.iter()
        .all(u8::is_ascii_whitespace)
        .then(|| summarize(&parsed, &[]))
}

/// Every reply of a stream, collected; see [`replies`].
///
/// ```
/// let all = smtp_status_explain::reply::read_all(b"250 2.1.0 Ok\r\n550 5.1.1 no\r\n");
/// assert_eq!(all.len(), 2);
/// ```
pub fn read_all(input: &[u8]) -> Vec<Result<ReplySummary, ReplyError>> {
    replies(input).collect()
}

fn summarize(parsed: &smtp_status::reply::Reply<'_>, rest: &[u8]) -> ReplySummary {
    use smtp_status::reply::Warning as P;
    let code = parsed.code();
    let enhanced = parsed.enhanced();
    let mut warnings: Vec<Warning> = parsed
        .warnings()
        .filter(|w| *w != P::ClassMismatch && *w != P::MissingLineEnding)
        .map(Warning::Parser)
        .collect();
    if !rest.iter().all(u8::is_ascii_whitespace) {
        warnings.push(Warning::TrailingBytes(rest.len()));
    }
    if let Some(e) = enhanced {
        consistency(code, e, &mut warnings);
    } else if parsed.has_warning(P::ClassMismatch) {
        warnings.push(Warning::Parser(P::ClassMismatch));
    }
    let lines: Vec<String> = parsed
        .lines()
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect();
    let vendor = match enhanced {
        Some(e) => vendor::applicable(e, lines.join("\n").as_bytes()).collect(),
        None => Vec::new(),
    };
    ReplySummary {
        code,
        enhanced,
        lines,
        warnings,
        vendor,
    }
}

/// Consistency warnings between a reply code and an enhanced code.
///
/// ```
/// use smtp_status::{EnhancedCode, ReplyCode};
/// let mut w = Vec::new();
/// smtp_status_explain::reply::consistency(ReplyCode::new(450).unwrap(), "5.1.1".parse().unwrap(), &mut w);
/// assert_eq!(w[0].kind(), "class-mismatch");
/// ```
pub fn consistency(code: ReplyCode, e: EnhancedCode, warnings: &mut Vec<Warning>) {
    let agreement = code.class_agreement(e);
    if agreement != ClassAgreement::Agree {
        warnings.push(Warning::Class {
            code,
            enhanced: e,
            agreement,
        });
    }
    match e.registered() {
        None => warnings.push(Warning::Unregistered(e)),
        Some(r) => {
            if r.association().allows(code) == Some(false) {
                warnings.push(Warning::NotAssociated {
                    code,
                    registered: r,
                });
            }
            if r.deprecation().is_some() {
                warnings.push(Warning::Deprecated(r));
            }
        }
    }
}
