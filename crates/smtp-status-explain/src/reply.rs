//! The one place that reads SMTP replies: a thin adapter so the rest of this
//! crate and the `smtp-status` command do not depend on how the reply is
//! parsed.

use smtp_status::{EnhancedCode, RegisteredCode, ReplyCode};

/// What a reply says, with every consistency warning as a sentence.
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
    /// Consistency warnings, one sentence each.
    pub warnings: Vec<String>,
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
}

/// Why a reply could not be read.
///
/// ```
/// let e = smtp_status_explain::reply::read(b"hello").unwrap_err();
/// assert_eq!(e.offset, 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong, one sentence.
    pub message: String,
}

impl std::fmt::Display for ReplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for ReplyError {}

/// Reads one SMTP reply, single- or multi-line (`250-...` then `250 ...`),
/// with CRLF or LF line ends, with [`smtp_status::reply::parse`].
///
/// ```
/// let r = smtp_status_explain::reply::read(b"550-5.7.1 one\r\n550 5.7.1 two\r\n").unwrap();
/// assert_eq!(r.lines, ["one", "two"]);
/// ```
pub fn read(input: &[u8]) -> Result<ReplySummary, ReplyError> {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(err(0, "empty input: no reply"));
    }
    let parsed = smtp_status::reply::parse(input).map_err(|e| ReplyError {
        offset: e.offset(),
        message: format!("not an SMTP reply: {}", e.kind()),
    })?;
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
/// assert!(r.warnings[0].contains("512"));
/// ```
pub fn read_diagnostic(input: &[u8]) -> Result<ReplySummary, ReplyError> {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(err(0, "empty input: no reply"));
    }
    let parsed = smtp_status::reply::Options::lenient()
        .max_line_len(input.len().saturating_add(2))
        .parse_complete(input)
        .map_err(|e| ReplyError {
            offset: e.offset(),
            message: format!("not an SMTP reply: {}", e.kind()),
        })?;
    let mut summary = summarize(&parsed, &input[parsed.len()..]);
    let longest = input.split(|&b| b == b'\n').map(<[u8]>::len).max();
    if let Some(len) = longest.filter(|&l| l + 1 > smtp_status::reply::RFC5321_MAX_LINE_LEN) {
        summary.warnings.insert(
            0,
            format!(
                "a line of {len} octets is longer than the 512 octets of RFC 5321 section 4.5.3.1.5"
            ),
        );
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
    let empty = trimmed
        .is_empty()
        .then(|| Err(err(0, "empty input: no reply")));
    let all = smtp_status::reply::Options::lenient()
        .replies(trimmed)
        .map(|r| {
            r.map(|r| summarize(&r, &[])).map_err(|e| ReplyError {
                offset: e.offset(),
                message: format!("not an SMTP reply: {}", e.kind()),
            })
        });
    empty.into_iter().chain(all)
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
    use smtp_status::reply::Warning;
    let code = parsed.code();
    let enhanced = parsed.enhanced();
    let mut warnings: Vec<String> = parsed
        .warnings()
        .filter(|w| *w != Warning::ClassMismatch && *w != Warning::MissingLineEnding)
        .map(|w| w.to_string())
        .collect();
    if !rest.iter().all(u8::is_ascii_whitespace) {
        warnings.push(format!(
            "{} bytes after the reply are not part of it",
            rest.len()
        ));
    }
    if let Some(e) = enhanced {
        consistency(code, e, &mut warnings);
    } else if parsed.has_warning(Warning::ClassMismatch) {
        warnings.push(Warning::ClassMismatch.to_string());
    }
    ReplySummary {
        code,
        enhanced,
        lines: parsed
            .lines()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect(),
        warnings,
    }
}

/// Consistency warnings between a reply code and an enhanced code.
///
/// ```
/// use smtp_status::{EnhancedCode, ReplyCode};
/// let mut w = Vec::new();
/// smtp_status_explain::reply::consistency(ReplyCode::new(450).unwrap(), "5.1.1".parse().unwrap(), &mut w);
/// assert!(w[0].contains("class"));
/// ```
pub fn consistency(code: ReplyCode, e: EnhancedCode, warnings: &mut Vec<String>) {
    let class_digit = e.class() as u8;
    match code.category().enhanced_class() {
        Some(c) if c != e.class() => warnings.push(format!(
            "class mismatch: reply code {code} is {}xx but the enhanced code {e} is class {class_digit} ({})",
            code.first_digit(),
            e.class().summary()
        )),
        None => warnings.push(format!(
            "reply code {code} ({}xx) carries an enhanced code; RFC 2034 puts enhanced codes only on 2xx, 4xx and 5xx replies",
            code.first_digit()
        )),
        _ => {}
    }
    match e.registered() {
        None => warnings.push(format!("{e} is not in the IANA registry")),
        Some(r) => {
            if r.association().allows(code) == Some(false) {
                let listed: Vec<String> = r.reply_codes().iter().map(|c| c.to_string()).collect();
                warnings.push(format!(
                    "the registry associates {} with reply codes {}, not {code}",
                    r.as_str(),
                    listed.join(", ")
                ));
            }
            if r.deprecation().is_some() {
                warnings.push(format!("{} is deprecated in the registry", r.as_str()));
            }
        }
    }
}

fn err(offset: usize, message: &str) -> ReplyError {
    ReplyError {
        offset,
        message: message.into(),
    }
}
