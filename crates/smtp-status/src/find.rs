//! Status codes inside free text: a line of a non-delivery report, a log
//! line, a `Diagnostic-Code` value, a sentence a user pasted.
//!
//! [`reply::parse`](crate::reply::parse) reads a reply exactly as RFC 5321
//! writes it. Real text is rarely that: Postfix logs
//! `dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1
//! <a@b>: User unknown (in reply to RCPT TO command))`, Exchange writes
//! `Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; ...'`
//! or `#5.1.1 SMTP; 550 ...`, Microsoft's documentation prints
//! `5.1.10 Recipient not found` with no reply code. [`codes`] finds the codes
//! in such text, in the order they appear, each with its byte range.
//!
//! A number is taken for a code only where the text says it is one, so that
//! versions, addresses, dates, prices and queue ids are never reported:
//!
//! - a reply code followed by an enhanced code, RFC 2034's form
//!   (`550 5.1.1`, `550-5.7.26`, `550 #5.1.1`): [`Form::Reply`];
//! - an enhanced code at the start of a line (`5.1.10 Recipient not found`):
//!   [`Form::LineStart`];
//! - an enhanced code or a reply code right after a word that introduces
//!   one (`said:`, `smtp;`, `dsn=`, `Status:`, `returned '` ...), or an
//!   enhanced code right after `#` (Exchange's `#5.1.1 SMTP; 550`):
//!   [`Form::Marker`].
//!
//! Each code also stands alone: it starts the text or follows a space or one
//! of ``#'"([<=:;,{``, and it ends the text or is followed by a space or one
//! of ``)]>'",;:`` or a full stop that ends a sentence. So `v5.1.0`,
//! `192.0.2.1`, `2024.12.06`, `nginx/1.25.3` and `$450.00` hold no code.
//!
//! Text the caller knows is a diagnostic may say less. Three looser readers
//! serve it, each still refusing numbers inside words, versions and
//! addresses: [`line_replies`] (a reply code that begins a line, as a
//! quoted reply or transcript writes it), [`enhanced_words`] and
//! [`reply_words`] (a code that is a word of its own anywhere:
//! `ERROR_CODE :5.1.1`, `550: : User unknown`). Every reader is one pass
//! over the text, reading a bounded number of bytes at each position.
//!
//! ```
//! use smtp_status::find::{self, Form};
//!
//! let line = b"host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@b>: User unknown";
//! let found: Vec<_> = find::codes(line).collect();
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].reply().map(|r| r.as_u16()), Some(550));
//! assert_eq!(found[0].enhanced().unwrap().to_string(), "5.1.1");
//! assert_eq!(found[0].form(), Form::Reply);
//! assert_eq!(&line[found[0].range()], b"550 5.1.1");
//!
//! assert_eq!(find::codes(b"Apache/2.4.57 on 192.0.2.1, v5.1.0, 2024.12.06").count(), 0);
//! ```

use core::ops::Range;

use crate::{EnhancedCode, ReplyCode};

/// Words after which a code is expected, compared without regard to case
/// once the spaces before the code are skipped. Each comes from a format
/// that real bounces and logs use.
const MARKERS: &[&[u8]] = &[
    // Postfix, in bounces and logs: "host x[ip] said: 550 5.1.1 ...".
    b"said:",
    // RFC 3464 Diagnostic-Code values: "smtp; 550 5.1.1 ...".
    b"smtp;",
    // Postfix's own diagnostic type: "X-Postfix; ...".
    b"x-postfix;",
    // Postfix log lines: "dsn=5.1.1".
    b"dsn=",
    // RFC 3464 Status fields and "status=" / "code:" in logs and NDRs.
    b"status:",
    b"status=",
    b"code:",
    b"code=",
    // Exchange: "Remote Server returned '550 5.1.10 ...'".
    b"returned '",
    b"returned \"",
    // Exim, Sendmail and others: "SMTP error from remote mail server after
    // RCPT TO:<a@b>: 550 ...", "reply: 550 ...", "response: 550 ...".
    b"error:",
    b"reply:",
    b"response:",
    b"replied:",
    b"reason:",
];

/// Bytes a code may follow.
const fn opens(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b'#'
            | b'\''
            | b'"'
            | b'('
            | b'['
            | b'<'
            | b'='
            | b':'
            | b';'
            | b','
            | b'{'
    )
}

/// Whether `text[at..]` may follow a code: the end, a space or a closing
/// punctuation mark, or a full stop that ends a sentence (not `5.1.1.4`).
fn closes(text: &[u8], at: usize) -> bool {
    match text.get(at) {
        None => true,
        Some(
            b' ' | b'\t' | b'\r' | b'\n' | b')' | b']' | b'>' | b'\'' | b'"' | b',' | b';' | b':',
        ) => true,
        Some(b'.') => matches!(text.get(at + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n')),
        Some(_) => false,
    }
}

/// How a code was recognised as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Form {
    /// A reply code followed by an enhanced code (`550 5.1.1`,
    /// `550-5.7.26`, `550 #5.1.1`), as RFC 2034 writes them.
    Reply,
    /// An enhanced code that starts a line (`5.1.10 Recipient not found`).
    LineStart,
    /// A code right after a word that introduces one (`said:`, `smtp;`,
    /// `dsn=`, `Status:`, `#` ...).
    Marker,
    /// A reply code that starts a line, followed by a space or `-`
    /// (`    550 Unroutable sender address`): [`line_replies`].
    LineReply,
    /// A code that is a word of its own, with no context that says it is
    /// one (`ERROR_CODE :5.1.1`, `550: : User unknown`): [`enhanced_words`],
    /// [`reply_words`].
    Word,
}

/// A code found in text: a reply code, an enhanced code, or both.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Found {
    range: Range<usize>,
    reply: Option<ReplyCode>,
    enhanced: Option<EnhancedCode>,
    form: Form,
    continued: bool,
}

impl Found {
    /// Where the code is in the text, in bytes: from the reply code (or the
    /// enhanced code) to the end of the enhanced code (or the reply code).
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// The reply code, if one was found.
    pub fn reply(&self) -> Option<ReplyCode> {
        self.reply
    }

    /// The enhanced status code, if one was found.
    pub fn enhanced(&self) -> Option<EnhancedCode> {
        self.enhanced
    }

    /// How the code was recognised.
    pub fn form(&self) -> Form {
        self.form
    }

    /// Whether the reply code is followed by `-`: the line is one of a
    /// multiline reply whose other lines are not in the text
    /// (`550-5.7.26 ...`, the first line of Gmail's rejections).
    ///
    /// ```
    /// use smtp_status::find;
    /// let f = find::codes(b"550-5.7.26 Unauthenticated email is not accepted").next().unwrap();
    /// assert!(f.continued());
    /// ```
    pub fn continued(&self) -> bool {
        self.continued
    }
}

/// The codes in `text`, in order. See the [module documentation](self) for
/// what is taken for a code.
///
/// ```
/// use smtp_status::find;
/// let log = b"to=<a@b>, relay=mx.example.com[192.0.2.1]:25, delay=1.2, dsn=4.2.2, status=deferred";
/// let codes: Vec<String> = find::codes(log)
///     .filter_map(|f| f.enhanced())
///     .map(|c| c.to_string())
///     .collect();
/// assert_eq!(codes, ["4.2.2"]);
/// ```
pub fn codes(text: &[u8]) -> Codes<'_> {
    Codes { text, at: 0 }
}

/// The reply code that starts `text` (after spaces and tabs), followed by
/// a space, a tab, `-`, a line end or the end of the text, as an SMTP
/// transcript line (`554 <a@b>... 550 Host unknown`) or a reply's next line
/// (`550-5.7.1 ...`) begins: the code and the byte just after its three
/// digits. Unlike [`codes`], no enhanced code or marker is needed: the
/// caller knows the line is a reply or a transcript.
///
/// ```
/// use smtp_status::find;
/// let (code, end) = find::leading_reply(b"  554 <a@b>... 550 Host unknown").unwrap();
/// assert_eq!((code.as_u16(), end), (554, 5));
/// assert_eq!(find::leading_reply(b"550-5.7.1 denied").map(|(c, _)| c.as_u16()), Some(550));
/// assert_eq!(find::leading_reply(b"5500 items"), None);
/// assert_eq!(find::leading_reply(b"700 not a reply"), None);
/// assert_eq!(find::leading_reply(b"<a@b>: 550"), None);
/// ```
pub fn leading_reply(text: &[u8]) -> Option<(ReplyCode, usize)> {
    let start = text.iter().position(|b| !matches!(b, b' ' | b'\t'))?;
    let code = ReplyCode::from_bytes(text.get(start..start + 3)?).ok()?;
    let end = start + 3;
    matches!(
        text.get(end),
        None | Some(b' ' | b'\t' | b'-' | b'\r' | b'\n')
    )
    .then_some((code, end))
}

/// The reply codes that start a line (after white space), each followed by
/// a space or `-`, in order: the lines of a reply or a transcript quoted in
/// a bounce (`    550 Unroutable sender address`). Looser than [`codes`]
/// (no enhanced code or marker is needed), so only for text the caller
/// knows holds a reply.
///
/// ```
/// use smtp_status::find::{self, Form};
/// let text = b"The server replied:\n    550 Unroutable sender address\n550\n";
/// let found: Vec<_> = find::line_replies(text).collect();
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].reply().map(|r| r.as_u16()), Some(550));
/// assert_eq!(found[0].form(), Form::LineReply);
/// assert_eq!(&text[found[0].range()], b"550");
/// assert_eq!(find::line_replies(b"id 550 x\n5500 y\n550: z").count(), 0);
/// ```
pub fn line_replies(text: &[u8]) -> impl Iterator<Item = Found> + '_ {
    let starts = core::iter::once(0).chain(
        text.iter()
            .enumerate()
            .filter(|&(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    starts.filter_map(move |line| {
        let skip = text[line..]
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c'))?;
        let i = line + skip;
        let reply = ReplyCode::from_bytes(text.get(i..i + 3)?).ok()?;
        let sep = *text.get(i + 3)?;
        matches!(sep, b' ' | b'-').then_some(Found {
            range: i..i + 3,
            reply: Some(reply),
            enhanced: None,
            form: Form::LineReply,
            continued: sep == b'-',
        })
    })
}

/// Whether the byte next to a code leaves it a word of its own: the end of
/// the text, or neither a letter, a digit nor a dot.
fn word_edge(b: Option<&u8>) -> bool {
    b.is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'.'))
}

/// The enhanced codes that are words of their own, in order, wherever they
/// stand (`550: 5.1.1 <a@b>`, `ERROR_CODE :5.1.1, x`): not after a letter,
/// a digit or a dot, not followed by a letter, a digit or a dot and a digit.
/// Looser than [`codes`], which asks where a code stands; for text the
/// caller knows is a diagnostic, when [`codes`] finds none.
///
/// ```
/// use smtp_status::find::{self, Form};
/// let first = |t: &[u8]| find::enhanced_words(t).next().map(|f| f.enhanced().unwrap().to_string());
/// assert_eq!(first(b"ERROR_CODE :5.1.1, x").as_deref(), Some("5.1.1"));
/// assert_eq!(first(b"1.2 v5.1.1 .5.2.2 4.4.7").as_deref(), Some("4.4.7"));
/// assert_eq!(first(b"5.1.1.1 5.1.1a 5.1"), None);
/// assert_eq!(find::enhanced_words(b"5.1.1").next().unwrap().form(), Form::Word);
/// ```
pub fn enhanced_words(text: &[u8]) -> impl Iterator<Item = Found> + '_ {
    (0..text.len()).filter_map(move |i| {
        let starts = matches!(text[i], b'2' | b'4' | b'5')
            && text.get(i + 1) == Some(&b'.')
            && word_edge(i.checked_sub(1).map(|j| &text[j]));
        if !starts {
            return None;
        }
        let (code, len) = EnhancedCode::parse_prefix(&text[i..]).ok()?;
        let end = i + len;
        let after = match text.get(end) {
            Some(b'.') => !text.get(end + 1).is_some_and(u8::is_ascii_digit),
            b => b.is_none_or(|b| !b.is_ascii_alphanumeric()),
        };
        after.then_some(Found {
            range: i..end,
            reply: None,
            enhanced: Some(code),
            form: Form::Word,
            continued: false,
        })
    })
}

/// The reply codes that are words of their own, in order, wherever they
/// stand (`550: : User unknown`, `ERROR_CODE :550`): three digits not
/// inside a longer number, a word, or a dotted code or address. Looser
/// than [`codes`]; for text the caller knows is a diagnostic.
///
/// ```
/// use smtp_status::find;
/// let all = |t: &[u8]| find::reply_words(t).map(|f| f.reply().unwrap().as_u16()).collect::<Vec<_>>();
/// assert_eq!(all(b"<a@b.example>: 550 unknown user"), [550]);
/// assert_eq!(all(b"[-9] 350 250"), [350, 250]);
/// assert!(all(b"host 192.0.2.550 said, id 45500 and x550y, code 5.5.0").is_empty());
/// ```
pub fn reply_words(text: &[u8]) -> impl Iterator<Item = Found> + '_ {
    (0..text.len()).filter_map(move |i| {
        let reply = ReplyCode::from_bytes(text.get(i..i + 3)?).ok()?;
        (word_edge(i.checked_sub(1).map(|j| &text[j])) && word_edge(text.get(i + 3))).then_some(
            Found {
                range: i..i + 3,
                reply: Some(reply),
                enhanced: None,
                form: Form::Word,
                continued: false,
            },
        )
    })
}

/// The iterator of [`codes`].
#[derive(Debug, Clone)]
pub struct Codes<'a> {
    text: &'a [u8],
    at: usize,
}

impl Iterator for Codes<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        let text = self.text;
        while self.at < text.len() {
            let i = self.at;
            self.at += 1;
            if !matches!(text[i], b'2' | b'4' | b'5') || (i > 0 && !opens(text[i - 1])) {
                continue;
            }
            if let Some(found) = code_at(text, i) {
                self.at = found.range.end;
                return Some(found);
            }
        }
        None
    }
}

impl core::iter::FusedIterator for Codes<'_> {}

/// The code that starts at `i`, if the text there says it is one.
fn code_at(text: &[u8], i: usize) -> Option<Found> {
    if let Some(found) = reply_at(text, i) {
        return Some(found);
    }
    let (code, len) = EnhancedCode::parse_prefix(&text[i..]).ok()?;
    let end = i + len;
    if !closes(text, end) {
        return None;
    }
    // Exchange writes "#5.1.1 SMTP; 550 ...": a `#` right before an
    // enhanced code marks it (not before a reply code: "Order #550").
    let form = if at_line_start(text, i) {
        Form::LineStart
    } else if text[..i].ends_with(b"#") || after_marker(text, i) {
        Form::Marker
    } else {
        return None;
    };
    Some(Found {
        range: i..end,
        reply: None,
        enhanced: Some(code),
        form,
        continued: false,
    })
}

/// A reply code at `i`, with the enhanced code that follows it or after a
/// marker.
fn reply_at(text: &[u8], i: usize) -> Option<Found> {
    let digits = text.get(i..i + 3)?;
    let reply = ReplyCode::from_bytes(digits).ok()?;
    let sep = text.get(i + 3).copied();
    if !matches!(sep, None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'-')) {
        return None;
    }
    let continued = sep == Some(b'-');
    if matches!(sep, Some(b' ' | b'-')) {
        let mut at = i + 4;
        if text.get(at) == Some(&b'#') {
            at += 1;
        }
        if let Ok((code, len)) = EnhancedCode::parse_prefix(&text[at..])
            && closes(text, at + len)
        {
            return Some(Found {
                range: i..at + len,
                reply: Some(reply),
                enhanced: Some(code),
                form: Form::Reply,
                continued,
            });
        }
    }
    after_marker(text, i).then_some(Found {
        range: i..i + 3,
        reply: Some(reply),
        enhanced: None,
        form: Form::Marker,
        continued,
    })
}

/// Whether only spaces stand between the start of the line and `i`.
fn at_line_start(text: &[u8], i: usize) -> bool {
    text[..i]
        .iter()
        .rev()
        .find(|b| !matches!(b, b' ' | b'\t'))
        .is_none_or(|b| matches!(b, b'\n' | b'\r'))
}

/// Whether a marker word ends right before `i` (spaces between allowed).
fn after_marker(text: &[u8], i: usize) -> bool {
    let before = text[..i].trim_ascii_end();
    MARKERS.iter().any(|m| {
        before.len() >= m.len() && before[before.len() - m.len()..].eq_ignore_ascii_case(m)
    })
}
