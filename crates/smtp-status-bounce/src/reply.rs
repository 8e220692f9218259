//! The one place that reads SMTP replies: a thin adapter so the rest of this
//! crate and the `smtp-status` command do not depend on how the reply is
//! parsed.

use smtp_status::{EnhancedCode, RegisteredCode, ReplyCode};

/// What a reply says, with every consistency warning as a sentence.
///
/// ```
/// let r = smtp_status_bounce::reply::read(b"450 5.1.1 <a@b>: User unknown").unwrap();
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
    /// let r = smtp_status_bounce::reply::read(b"550 5.1.1 no").unwrap();
    /// assert_eq!(r.registered().unwrap().as_str(), "X.1.1");
    /// ```
    pub fn registered(&self) -> Option<RegisteredCode> {
        self.enhanced.and_then(EnhancedCode::registered)
    }
}

/// Why a reply could not be read.
///
/// ```
/// let e = smtp_status_bounce::reply::read(b"hello").unwrap_err();
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
/// with CRLF or LF line ends.
///
/// ```
/// let r = smtp_status_bounce::reply::read(b"550-5.7.1 one\r\n550 5.7.1 two\r\n").unwrap();
/// assert_eq!(r.lines, ["one", "two"]);
/// ```
pub fn read(input: &[u8]) -> Result<ReplySummary, ReplyError> {
    let mut lines = Vec::new();
    let mut code: Option<ReplyCode> = None;
    let mut enhanced = None;
    let mut warnings = Vec::new();
    let mut offset = 0;
    let mut finished = false;
    for raw in input.split_inclusive(|&b| b == b'\n') {
        let line = trim_eol(raw);
        if finished {
            if !line.iter().all(u8::is_ascii_whitespace) {
                warnings.push(format!(
                    "text after the last line of the reply (byte {offset}) is ignored"
                ));
            }
            break;
        }
        if line.len() < 3 {
            return Err(err(offset, "a reply line starts with a three-digit code"));
        }
        let this = ReplyCode::from_bytes(&line[..3]).map_err(|_| {
            err(
                offset,
                "a reply line starts with a three-digit code (2xx to 5xx)",
            )
        })?;
        match code {
            None => code = Some(this),
            Some(c) if c != this => warnings.push(format!(
                "line at byte {offset} has code {this}, the first line has {c}"
            )),
            Some(_) => {}
        }
        let sep = line.get(3).copied();
        match sep {
            None | Some(b' ') => finished = true,
            Some(b'-') => {}
            Some(_) => {
                return Err(err(
                    offset + 3,
                    "the reply code is followed by a space, a hyphen or the line end",
                ));
            }
        }
        let mut text = line.get(4..).unwrap_or(&[]);
        if let Ok((e, used)) = EnhancedCode::parse_prefix(text)
            && text.get(used).is_none_or(|b| *b == b' ')
        {
            match enhanced {
                None => enhanced = Some(e),
                Some(first) if first != e => warnings.push(format!(
                    "line at byte {offset} has enhanced code {e}, an earlier line has {first}"
                )),
                Some(_) => {}
            }
            text = text.get(used + 1..).unwrap_or(&[]);
        }
        lines.push(String::from_utf8_lossy(text).into_owned());
        offset += raw.len();
    }
    let Some(code) = code else {
        return Err(err(0, "empty input: no reply"));
    };
    if !finished {
        warnings
            .push("the last line is a continuation line (`NNN-`); the reply is cut short".into());
    }
    if let Some(e) = enhanced {
        consistency(code, e, &mut warnings);
    }
    Ok(ReplySummary {
        code,
        enhanced,
        lines,
        warnings,
    })
}

/// Consistency warnings between a reply code and an enhanced code.
///
/// ```
/// use smtp_status::{EnhancedCode, ReplyCode};
/// let mut w = Vec::new();
/// smtp_status_bounce::reply::consistency(ReplyCode::new(450).unwrap(), "5.1.1".parse().unwrap(), &mut w);
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

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}
