//! The mbox format (RFC 4155): messages one after another, each starting
//! with a `From ` separator line. The `smtp-status` command reads mbox files
//! line by line with [`is_separator`] and [`unquote`]; [`messages`] splits
//! one held in memory, and [`crate::read`] reads each message of an mbox
//! it is given.

use std::borrow::Cow;

/// Whether `line` starts a new message: it follows a blank line or the start
/// of the file (`previous_blank` is true there) and has the shape RFC 4155
/// gives a separator, `From `, the envelope sender (one word: an address,
/// `MAILER-DAEMON`, `<>`) and the date (`asctime` style: a day name, a
/// time and a year, as mail stores write it). A paragraph of an email that
/// happens to start with `From ` ("From the postmaster ...") is not one.
///
/// ```
/// use smtp_status_explain::mbox::is_separator;
/// assert!(is_separator(b"From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n", true));
/// assert!(is_separator(b"From <> Mon 1 Jan 2015 00:00:00 +0900\r\n", true));
/// assert!(!is_separator(b"From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n", false));
/// assert!(!is_separator(b"From the postmaster of mx.example.org: sorry.\n", true));
/// assert!(!is_separator(b"From a\n", true));
/// ```
pub fn is_separator(line: &[u8], previous_blank: bool) -> bool {
    previous_blank && separator_shape(line)
}

/// `From `, one word, then a date with a day name first, a time and a
/// four-digit year (RFC 4155's `asctime` date, and the variants mail
/// stores write: two spaces, a zone, the day of the month first).
fn separator_shape(line: &[u8]) -> bool {
    /// A separator date has a handful of words (`Thu Apr 29 23:34:45 +0900
    /// 2015`): a longer line is text.
    const MAX_DATE_WORDS: usize = 8;
    const DAYS: [&[u8]; 7] = [b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"];
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    // The line only, whatever follows it in the buffer.
    let rest = rest.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut words = rest
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty());
    let (Some(_sender), Some(day)) = (words.next(), words.next()) else {
        return false;
    };
    let day = day.strip_suffix(b",").unwrap_or(day);
    if !DAYS.iter().any(|d| day.eq_ignore_ascii_case(d)) {
        return false;
    }
    let digits = |w: &[u8], min: usize, max: usize| {
        (min..=max).contains(&w.len()) && w.iter().all(u8::is_ascii_digit)
    };
    let (mut time, mut year) = (false, false);
    for (i, w) in words.enumerate() {
        if i == MAX_DATE_WORDS {
            return false;
        }
        let mut parts = w.split(|&b| b == b':');
        time |= w.contains(&b':') && parts.clone().count() <= 3 && parts.all(|p| digits(p, 1, 2));
        year |= digits(w, 4, 4);
    }
    time && year
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
/// let d = "Thu Apr 29 23:34:45 2015";
/// let two = format!("From a {d}\nSubject: 1\n\nx\n\nFrom b {d}\nSubject: 2\n\ny\n");
/// assert!(several(two.as_bytes()));
/// let one = format!("From a {d}\nSubject: 1\n\nx\n\nFrom here on, b\n");
/// assert!(!several(one.as_bytes()));
/// assert!(!several(format!("Subject: 1\n\nx\n\nFrom b {d}\n").as_bytes()));
/// ```
pub fn several(raw: &[u8]) -> bool {
    is_separator(raw, true)
        && memchr::memmem::find_iter(raw, b"\nFrom ").any(|i| {
            let before = &raw[..=i];
            (before.ends_with(b"\n\n") || before.ends_with(b"\n\r\n"))
                && separator_shape(&raw[i + 1..i + 1 + line_len(raw, i + 1)])
        })
}

/// The length of the line at `at`, with its line feed.
fn line_len(raw: &[u8], at: usize) -> usize {
    raw[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(raw.len() - at, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::is_separator;

    #[test]
    fn separators_as_mail_stores_write_them() {
        // The first lines of the development corpus's saved emails.
        for line in [
            "From MAILER-DAEMON  Thu Apr 29 23:34:45 2015",
            "From postmaster@example.onmicrosoft.com  Thu Apr 29 23:34:45 2015",
            "From mailer-daemon Thu Apr 29 23:34:45 2012",
            "From MAILER-DAEMON@yahoo.com Sat Dec  6 13:46:11 2014",
            "From MAILER-DAEMON Mon 1 Jan 2015 00:00:00 +0900",
            "From MAILER-DAEMON Fri Jan 1 00:0:00 2015",
            "From <> Thu Apr 29 23:45:10 2008",
            "From - Thu Apr 29 23:45:10 2008",
            "From a@b.example Thu Apr 29 23:45:10 2008 remote from relay",
        ] {
            assert!(is_separator(format!("{line}\n").as_bytes(), true), "{line}");
            assert!(
                is_separator(format!("{line}\r\n").as_bytes(), true),
                "{line}"
            );
        }
        for line in [
            "From the postmaster of mx.example.org: sorry.",
            "From now on, no.",
            "From MAILER-DAEMON",
            "From MAILER-DAEMON Thu Apr 29 2015",
            "From MAILER-DAEMON Thu Apr 29 23:34:45",
            "From MAILER-DAEMON Thursday Apr 29 23:34:45 2015",
            "From Mon 23:34:45 2015 and a lot more words after the date",
            "From: MAILER-DAEMON Thu Apr 29 23:34:45 2015",
            ">From MAILER-DAEMON Thu Apr 29 23:34:45 2015",
        ] {
            assert!(
                !is_separator(format!("{line}\n").as_bytes(), true),
                "{line}"
            );
        }
    }
}
