//! Finds the delivery-status parts of an email: a small MIME walk over
//! multipart bodies and nested messages.
//!
//! Only the header blocks are given to [`mail_parser`] (`parse_headers`,
//! which decodes encoded words and parameters); the walk through bodies is
//! done here. mail-parser 0.11.9's full parse hits a `debug_assert!` on some
//! nested `message/rfc822` shapes (a message/rfc822 part whose body is
//! another, empty, message/rfc822), so debug builds would panic; and the walk
//! here names the nesting limit when it is reached.

use std::borrow::Cow;

use mail_parser::{HeaderName, MessageParser, MimeHeaders};

/// The most MIME levels (multipart bodies and nested messages together)
/// followed below the top: deeper parts are not read.
pub const MAX_NESTING: usize = 32;

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Found<'a> {
    /// `Subject` of the top-level message.
    pub subject: Option<String>,
    /// Each `message/delivery-status` body, transfer-decoded, in order.
    pub reports: Vec<Cow<'a, [u8]>>,
    /// Parts below [`MAX_NESTING`] levels were left unread.
    pub nesting_limit_hit: bool,
    /// For each of `reports`: whether it lies inside a returned message
    /// (a bounce of a bounce), not in this email's own report.
    pub report_nested: Vec<bool>,
    /// The `text/*` bodies outside returned messages (the human-readable
    /// part of a bounce), transfer-decoded, in order; the body of a message
    /// without `Content-Type` counts as text.
    pub texts: Vec<Cow<'a, [u8]>>,
    /// Each `message/feedback-report` body (RFC 5965), transfer-decoded.
    pub feedback: Vec<Cow<'a, [u8]>>,
    /// The top-level header block, as is.
    pub head: &'a [u8],
    /// The header blocks of returned messages (`message/rfc822`,
    /// `text/rfc822-headers`), in order.
    pub returned: Vec<Cow<'a, [u8]>>,
}

impl Found<'_> {
    pub(crate) fn into_owned(self) -> Found<'static> {
        Found {
            subject: self.subject,
            reports: self
                .reports
                .into_iter()
                .map(|r| Cow::Owned(r.into_owned()))
                .collect(),
            nesting_limit_hit: self.nesting_limit_hit,
            report_nested: self.report_nested,
            texts: owned(self.texts),
            feedback: owned(self.feedback),
            head: &[],
            returned: owned(self.returned),
        }
    }
}

fn owned(v: Vec<Cow<'_, [u8]>>) -> Vec<Cow<'static, [u8]>> {
    v.into_iter().map(|r| Cow::Owned(r.into_owned())).collect()
}

/// Walks a whole email.
pub(crate) fn find(raw: &[u8]) -> Found<'_> {
    let mut found = Found::default();
    let (head, _) = split_head(raw);
    found.head = head;
    let w = Walk {
        parser: Walk::parser(),
    };
    w.walk(raw, 0, false, &mut found);
    found
}

/// The header block and the body: split at the first empty line.
pub(crate) fn split_head(data: &[u8]) -> (&[u8], &[u8]) {
    let mut pos = 0;
    while pos < data.len() {
        let end = line_end(data, pos);
        let line = &data[pos..end];
        if line.is_empty() || line == b"\r" {
            return (&data[..pos], data.get(end + 1..).unwrap_or_default());
        }
        pos = end + 1;
    }
    (data, &[])
}

/// Where the line that starts at `pos` ends: its LF, or the end of `data`.
fn line_end(data: &[u8], pos: usize) -> usize {
    memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i)
}

/// `returned`: the entity is inside a returned message, whose text is not
/// the bounce's own.
/// The walk, with its header parser built once.
struct Walk {
    parser: MessageParser,
}

impl Walk {
    /// A header parser that decodes only the fields the walk reads
    /// (Content-Type, Content-Transfer-Encoding, Subject) and skips the
    /// others (Received fields are costly to parse and never read here).
    fn parser() -> MessageParser {
        MessageParser::new()
            .header_content_type(HeaderName::ContentType)
            .header_text(HeaderName::ContentTransferEncoding)
            .header_text(HeaderName::Subject)
            .default_header_ignore()
    }

    fn walk<'a>(&self, entity: &'a [u8], depth: usize, returned: bool, found: &mut Found<'a>) {
        if depth > 0 && !starts_with_field(entity) {
            // A part without a header block (and without the blank line RFC
            // 2046 asks for): plain text.
            if !returned {
                found.texts.push(Cow::Borrowed(entity));
            }
            return;
        }
        let (head, body) = split_head(entity);
        if head.is_empty() {
            // No header fields: text/plain (RFC 2045 section 5.2).
            if !returned {
                found.texts.push(Cow::Borrowed(body));
            }
            return;
        }
        let Some(headers) = self.parser.parse_headers(head) else {
            return;
        };
        if depth == 0 {
            found.subject = headers.subject().map(str::to_owned);
        }
        let Some(part) = headers.parts.first() else {
            return;
        };
        let Some(ct) = part.content_type() else {
            if let Some(boundary) = guess_boundary(body)
                && depth < MAX_NESTING
            {
                // A multipart body whose Content-Type field was lost (seen in
                // Sendmail bounces): read it as multipart/mixed.
                for p in parts(body, boundary) {
                    self.walk(p, depth + 1, returned, found);
                }
                return;
            }
            if !returned {
                found
                    .texts
                    .push(decode(body, part.content_transfer_encoding()));
            }
            return;
        };
        let ctype = ct.ctype();
        let subtype = ct.subtype().unwrap_or_default();
        let is =
            |t: &str, s: &str| ctype.eq_ignore_ascii_case(t) && subtype.eq_ignore_ascii_case(s);
        let nested = ctype.eq_ignore_ascii_case("multipart") || is("message", "rfc822");
        if (nested || is("message", "global")) && depth >= MAX_NESTING {
            found.nesting_limit_hit = true;
            return;
        }
        if ctype.eq_ignore_ascii_case("multipart") {
            let declared = ct.attribute("boundary").filter(|b| !b.is_empty());
            let mut found_parts = declared.map_or_else(Vec::new, |b| parts(body, b.as_bytes()));
            if found_parts.is_empty() {
                // The parts use another boundary than the declared one (or none
                // is declared): the one the body's first lines use.
                if let Some(b) = guess_boundary(body) {
                    found_parts = parts(body, b);
                }
            }
            for p in found_parts {
                self.walk(p, depth + 1, returned, found);
            }
            return;
        }
        let used = ctype.eq_ignore_ascii_case("text") || ctype.eq_ignore_ascii_case("message");
        let returned_text =
            returned && ctype.eq_ignore_ascii_case("text") && !is("text", "rfc822-headers");
        if !used || returned_text {
            // Images, attachments and the returned message's own text:
            // nothing here reads them, so they are not decoded.
            return;
        }
        let encoding = part.content_transfer_encoding();
        let decoded = decode(body, encoding);
        if is("message", "delivery-status") || is("message", "global-delivery-status") {
            found.reports.push(decoded);
            found.report_nested.push(returned);
        } else if is("message", "feedback-report") {
            found.feedback.push(decoded);
        } else if is("text", "rfc822-headers") || is("message", "global-headers") {
            found.returned.push(decoded);
        } else if is("text", "html") {
            if !returned {
                found.texts.push(Cow::Owned(strip_html(&decoded)));
            }
        } else if ctype.eq_ignore_ascii_case("text") {
            if !returned {
                found.texts.push(decoded);
            }
        } else if is("message", "rfc822") || is("message", "global") {
            match decoded {
                Cow::Borrowed(b) => {
                    found.returned.push(Cow::Borrowed(split_head(b).0));
                    self.walk(b, depth + 1, true, found);
                }
                Cow::Owned(b) => {
                    let mut inner = Found::default();
                    self.walk(&b, depth + 1, true, &mut inner);
                    let inner = inner.into_owned();
                    found.returned.push(Cow::Owned(split_head(&b).0.to_vec()));
                    found.reports.extend(inner.reports);
                    found
                        .report_nested
                        .extend(inner.report_nested.iter().map(|_| true));
                    found.feedback.extend(inner.feedback);
                    found.returned.extend(inner.returned);
                    found.nesting_limit_hit |= inner.nesting_limit_hit;
                }
            }
        }
    }
}

/// The boundary of a multipart body without a Content-Type: a `--token`
/// line among the first five lines (after a one-line preamble at most),
/// when it occurs at least twice.
fn guess_boundary(body: &[u8]) -> Option<&[u8]> {
    let mut pos = 0;
    let mut line_no = 0;
    let mut candidate: Option<&[u8]> = None;
    let mut seen = 0;
    while pos < body.len() {
        let end = line_end(body, pos);
        let line = body[pos..end]
            .strip_suffix(b"\r")
            .unwrap_or(&body[pos..end]);
        if let Some(token) = line.strip_prefix(b"--") {
            match candidate {
                None if line_no < 5
                    && token.len() >= 8
                    && token.iter().any(u8::is_ascii_alphanumeric)
                    && !token.iter().any(u8::is_ascii_whitespace) =>
                {
                    candidate = Some(token);
                    seen = 1;
                }
                Some(c) if token.strip_suffix(b"--").unwrap_or(token) == c => seen += 1,
                _ => {}
            }
        }
        line_no += 1;
        pos = end + 1;
    }
    candidate.filter(|_| seen >= 2)
}

/// Whether the entity begins with a header field (`Name: value`) or with
/// the blank line of an empty header block.
fn starts_with_field(entity: &[u8]) -> bool {
    let line = &entity[..line_end(entity, 0)];
    if line.is_empty() || line == b"\r" {
        return true;
    }
    line.iter()
        .position(|&b| b == b':')
        .is_some_and(|i| i > 0 && line[..i].iter().all(|b| b.is_ascii_graphic()))
}

/// The text of an HTML body: tags and `<style>`/`<script>` contents
/// dropped, block ends as line ends, the common entities decoded.
fn strip_html(html: &[u8]) -> Vec<u8> {
    let text = lossy(html);
    let mut out = String::with_capacity(text.len() / 2);
    let mut rest = text.as_ref();
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag = &rest[lt..];
        let end = tag.find('>').map_or(tag.len(), |i| i + 1);
        let name = tag[1..end.max(1)]
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or_default();
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        rest = &tag[end..];
        if (is("style") || is("script")) && !tag.starts_with("</") {
            let close = format!("</{}", name.to_ascii_lowercase());
            let lower = rest.to_ascii_lowercase();
            rest = lower.find(&close).map_or("", |i| &rest[i..]);
        }
        if ["br", "p", "div", "tr", "li", "td", "table"]
            .into_iter()
            .any(is)
        {
            out.push('\n');
        }
    }
    out.push_str(rest);
    entities(&out).into_bytes()
}

/// The text with the common HTML entities decoded (`&nbsp;` as a space),
/// in one pass: no replacement makes or breaks another entity, so this
/// is what replacing each entity in turn gives.
fn entities(text: &str) -> String {
    const ENTITIES: [(&str, &str); 5] = [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&amp;", "&"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push_str(c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A body with its `Content-Transfer-Encoding` undone (base64,
/// quoted-printable); as is when there is none or it cannot be decoded.
fn decode<'a>(body: &'a [u8], encoding: Option<&str>) -> Cow<'a, [u8]> {
    let decoded = match encoding {
        Some(e) if e.eq_ignore_ascii_case("base64") => {
            mail_parser::decoders::base64::base64_decode(body)
        }
        Some(e) if e.eq_ignore_ascii_case("quoted-printable") => quoted_printable(body),
        _ => None,
    };
    decoded.map_or(Cow::Borrowed(body), Cow::Owned)
}

/// A quoted-printable body decoded (RFC 2045 section 6.7) by the rules of
/// mail-parser's `quoted_printable_decode`, whose result it must equal, but
/// with the text between `=` and line ends copied as runs rather than byte
/// by byte: a soft line break (`=` at the line end) is dropped, white space
/// before a line end is dropped, line ends are LF until a CR is seen and
/// CRLF from then on, white space between `=` and its hex digits is
/// skipped; `None` for a `=` not followed by two hex digits.
fn quoted_printable(body: &[u8]) -> Option<Vec<u8>> {
    fn hex(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'A'..=b'F' => Some(c - b'A' + 10),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    // White space a line end drops (LF and CR never reach it).
    let blank = |c: &u8| matches!(c, b' ' | b'\t' | b'\x0c');
    let mut out = Vec::with_capacity(body.len());
    let mut line_end: &[u8] = b"\n";
    // The white space bytes that end `out`, dropped if a line end follows.
    let mut trailing = 0;
    // After `=`: `None` waiting for the first digit, `Some` for the second.
    let mut escape: Option<Option<u8>> = None;
    let mut i = 0;
    while i < body.len() {
        if escape.is_none() {
            // A run of ordinary text, copied at once.
            let run = memchr::memchr3(b'=', b'\n', b'\r', &body[i..]).unwrap_or(body.len() - i);
            if run > 0 {
                let text = &body[i..i + run];
                out.extend_from_slice(text);
                let blanks = text.iter().rev().take_while(|c| blank(c)).count();
                trailing = if blanks == run {
                    trailing + run
                } else {
                    blanks
                };
                i += run;
                continue;
            }
        }
        let c = body[i];
        i += 1;
        match (c, escape) {
            (b'=', None) => escape = Some(None),
            (b'=', Some(_)) => return None,
            (b'\n', Some(None)) => {
                escape = None;
                trailing = 0;
            }
            (b'\n', _) => {
                out.truncate(out.len() - trailing);
                out.extend_from_slice(line_end);
                trailing = 0;
            }
            (b'\r', _) => line_end = b"\r\n",
            (_, Some(None)) => match hex(c) {
                Some(h) => escape = Some(Some(h)),
                None if c.is_ascii_whitespace() => {}
                None => return None,
            },
            (_, Some(Some(high))) => {
                out.push(high << 4 | hex(c)?);
                escape = None;
                trailing = 0;
            }
            // Not reached: a run takes the other bytes.
            (_, None) => {
                out.push(c);
                trailing = if blank(&c) { trailing + 1 } else { 0 };
            }
        }
    }
    Some(out)
}

/// The parts of a multipart body (RFC 2046 section 5.1.1): what lies between
/// `--boundary` lines, without the line end before each delimiter; a last
/// part with no closing delimiter runs to the end.
fn parts<'a>(body: &'a [u8], boundary: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    if boundary.contains(&b'\n') {
        // No line can hold it.
        return out;
    }
    let mut start = None;
    // A delimiter is a line that begins with `--boundary`: the body is
    // searched for that string, not read line by line.
    let mut delimiter = Vec::with_capacity(boundary.len() + 2);
    delimiter.extend_from_slice(b"--");
    delimiter.extend_from_slice(boundary);
    let finder = memchr::memmem::Finder::new(&delimiter);
    let mut from = 0;
    while let Some(i) = body.get(from..).and_then(|b| finder.find(b)) {
        let pos = from + i;
        if pos > 0 && body[pos - 1] != b'\n' {
            from = pos + 1;
            continue;
        }
        let end = line_end(body, pos);
        if let Some(s) = start {
            let mut e = pos;
            if e > s && body[e - 1] == b'\n' {
                e -= 1;
                if e > s && body[e - 1] == b'\r' {
                    e -= 1;
                }
            }
            out.push(&body[s..e]);
        }
        if body[pos + delimiter.len()..end].starts_with(b"--") {
            return out;
        }
        start = Some((end + 1).min(body.len()));
        from = end + 1;
    }
    if let Some(s) = start {
        out.push(&body[s..]);
    }
    out
}

/// The bytes as text, invalid UTF-8 sequences replaced by U+FFFD, as
/// [`String::from_utf8_lossy`] does; valid UTF-8 (nearly every email) is
/// checked by the faster [`std::str::from_utf8`] and borrowed.
pub(crate) fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The input with LF-CR or CR-only line ends turned into LF (the line end
/// is recognised from the first one); `None` when they are CRLF or LF.
pub(crate) fn normalize_line_ends(raw: &[u8]) -> Option<Vec<u8>> {
    let first = raw.iter().position(|&b| b == b'\r' || b == b'\n')?;
    match (raw[first], raw.get(first + 1)) {
        (b'\n', Some(b'\r')) => {
            let mut out = Vec::with_capacity(raw.len());
            let mut i = 0;
            while i < raw.len() {
                out.push(raw[i]);
                i += if raw[i] == b'\n' && raw.get(i + 1) == Some(&b'\r') {
                    2
                } else {
                    1
                };
            }
            Some(out)
        }
        (b'\r', next) if next != Some(&b'\n') => Some(
            raw.iter()
                .map(|&b| if b == b'\r' { b'\n' } else { b })
                .collect(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_parts() {
        let body = b"preamble\r\n--b\r\nA: 1\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\nepilogue";
        assert_eq!(parts(body, b"b"), [&b"A: 1\r\n\r\none"[..], b"\r\ntwo"]);
        assert_eq!(parts(b"--b\nx", b"b"), [b"x"]);
        // A delimiter begins its line; elsewhere `--b` is text.
        assert_eq!(parts(b"x--b\n--b\none --b\n--b--\n", b"b"), [b"one --b"]);
        assert!(parts(b"--a\nb\n--a\nb\n", b"a\nb").is_empty());
    }

    /// The quoted-printable decoder gives what mail-parser's does, on
    /// inputs made of the bytes that matter to it.
    #[test]
    fn quoted_printable_as_mail_parser() {
        let fixed: [&[u8]; 12] = [
            b"a=3Db =\nc  \nd\t\n",
            b"=41=\r\nB \r\n",
            b"x= 41",
            b"x=4",
            b"x=4g",
            b"x==41",
            b"=4\n1",
            b"  \n",
            b"a\x0c\n=20\n",
            b"",
            b"caf=C3=A9 ok\n",
            b"\r=\n\r\n",
        ];
        let alphabet = b"=\n\r \t\x0caF3g=\n";
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut generated = Vec::new();
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let len = (seed >> 59) as usize;
            let mut v = Vec::with_capacity(len);
            for _ in 0..len {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                v.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            generated.push(v);
        }
        for input in fixed
            .iter()
            .copied()
            .chain(generated.iter().map(Vec::as_slice))
        {
            assert_eq!(
                quoted_printable(input),
                mail_parser::decoders::quoted_printable::quoted_printable_decode(input),
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn html_text() {
        let html = b"<P>a&amp;lt;b</p><STYLE>p {}</style >&nbsp;&lt;c&gt; &quot;&amp;&amp&<br>";
        assert_eq!(strip_html(html), b"\na&lt;b\n <c> \"&&amp&\n");
    }

    #[test]
    fn line_ends() {
        assert_eq!(normalize_line_ends(b"a\r\nb\r\n"), None);
        assert_eq!(normalize_line_ends(b"a\nb\n"), None);
        assert_eq!(normalize_line_ends(b"a\n\rb\n\r").unwrap(), b"a\nb\n");
        assert_eq!(normalize_line_ends(b"a\rb\r\r").unwrap(), b"a\nb\n\n");
    }
}
