//! The mbox format (RFC 4155): messages one after another, each starting
//! with a `From ` separator line. The `smtp-status` command reads mbox files
//! line by line with [`is_separator`] and [`unquote`]; [`messages`] splits
//! one held in memory, and [`crate::classify`] reads each message of an mbox
//! it is given.

use std::borrow::Cow;

/// Whether `line` starts a new message: it begins with `From ` and follows a
/// blank line or the start of the file (`previous_blank` is true there).
///
/// ```
/// use smtp_status_explain::mbox::is_separator;
/// assert!(is_separator(b"From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n", true));
/// assert!(!is_separator(b"From now on, no.\n", false));
/// ```
pub fn is_separator(line: &[u8], previous_blank: bool) -> bool {
    previous_blank && line.starts_with(b"From ")
}

/// Whether `line` is blank (the line before a separator must be).
///
/// ```
/// assert!(smtp_status_explain::mbox::is_blank(b"\r\n"));
/// ```
pub fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

/// The line as the message holds it: a quoted `>From ` line (mboxrd) loses
/// one `>`.
///
/// ```
/// use smtp_status_explain::mbox::unquote;
/// assert_eq!(unquote(b">>From here\n"), b">From here\n");
/// assert_eq!(unquote(b">quoted\n"), b">quoted\n");
/// ```
pub fn unquote(line: &[u8]) -> &[u8] {
    let quoted = line.starts_with(b">")
        && line
            .iter()
            .skip_while(|&&b| b == b'>')
            .take(5)
            .eq(b"From ".iter());
    if quoted { &line[1..] } else { line }
}

/// The messages of an mbox held in memory, without their separator lines;
/// none when `raw` does not start with one.
///
/// ```
/// let raw = b"From a Thu Apr 29 23:34:45 2015\nSubject: one\n\nHi\n\nFrom b Thu Apr 29 23:34:46 2015\nSubject: two\n\n>From me\n";
/// let all: Vec<_> = smtp_status_explain::mbox::messages(raw).collect();
/// assert_eq!(all.len(), 2);
/// assert_eq!(&all[1][..], b"Subject: two\n\nFrom me\n");
/// ```
pub fn messages(raw: &[u8]) -> impl Iterator<Item = Cow<'_, [u8]>> {
    let mbox = is_separator(raw, true);
    let mut at = 0;
    std::iter::from_fn(move || {
        if !mbox || at >= raw.len() {
            return None;
        }
        at += line_len(raw, at); // the separator
        let start = at;
        let mut owned: Option<Vec<u8>> = None;
        let mut previous_blank = false;
        while at < raw.len() {
            let len = line_len(raw, at);
            let line = &raw[at..at + len];
            if is_separator(line, previous_blank) {
                break;
            }
            previous_blank = is_blank(line);
            let kept = unquote(line);
            if kept.len() != line.len() && owned.is_none() {
                owned = Some(raw[start..at].to_vec());
            }
            if let Some(o) = &mut owned {
                o.extend_from_slice(kept);
            }
            at += len;
        }
        Some(owned.map_or(Cow::Borrowed(&raw[start..at]), Cow::Owned))
    })
}

/// Whether `raw` is an mbox of several messages: it starts with a
/// separator line and another one follows a blank line.
///
/// ```
/// use smtp_status_explain::mbox::several;
/// assert!(several(b"From a\nSubject: 1\n\nx\n\nFrom b\nSubject: 2\n\ny\n"));
/// assert!(!several(b"From a\nSubject: 1\n\nx\nFrom here on\n"));
/// assert!(!several(b"Subject: 1\n\nx\n\nFrom b\n"));
/// ```
pub fn several(raw: &[u8]) -> bool {
    is_separator(raw, true)
        && memchr::memmem::find_iter(raw, b"\nFrom ").any(|i| {
            let before = &raw[..=i];
            before.ends_with(b"\n\n") || before.ends_with(b"\n\r\n")
        })
}

/// The length of the line at `at`, with its line feed.
fn line_len(raw: &[u8], at: usize) -> usize {
    raw[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(raw.len() - at, |i| i + 1)
}
