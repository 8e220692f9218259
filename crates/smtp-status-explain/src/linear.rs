//! Work is linear in the input: each shape of input that once took time
//! growing with the square of its size is made at 1x, 2x, 4x and
//! 8x, and the work counted while explaining or classifying it
//! ([`crate::work`]: the bytes every scan may read) must double with each
//! doubling. Counted in work, never in wall time.

use crate::work;

/// The shapes, as `KIND n` of the hostile-input generator makes them.
const HEAD: &str = "From: MAILER-DAEMON@mx.example.com\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\n";

/// Text with many codes, one line each (`explain -`, or one text).
fn text(n: usize) -> String {
    "the server said 5.1.1 then 4.2.2 and 550 and X.7.1 then 421-4.7.0 hmm\n".repeat(n)
}

/// Alternating `550-`/`450-` lines: no reply, text.
fn alt(n: usize) -> String {
    "550-5.1.1 a\n450-4.2.2 b\n".repeat(n)
}

/// A plain-text bounce naming `n` recipients.
fn plain(n: usize) -> String {
    let mut s = format!(
        "{HEAD}\nThis is the mail system at host mx.example.com.\nI'm sorry to have to inform you that your message could not be delivered to one or more recipients.\n\n"
    );
    for i in 0..n {
        s.push_str(&format!("<u{i}@example.net>: user unknown\n"));
    }
    s
}

/// A multipart/report with a text part (`n` lines naming recipients, or
/// `big` bytes of one sentence) and `n` recipients without a
/// Diagnostic-Code.
fn dsn(n: usize, big: Option<usize>) -> String {
    let mut s = format!(
        "{HEAD}MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"BB\"\n\n--BB\nContent-Type: text/plain\n\n"
    );
    match big {
        None => {
            for i in 0..n {
                s.push_str(&format!("<u{i}@example.net>: host mx said: user unknown\n"));
            }
        }
        Some(bytes) => {
            s.push_str(&"The server said the user is unknown. ".repeat(bytes / 37));
            s.push('\n');
        }
    }
    s.push_str(
        "\n--BB\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "Final-Recipient: rfc822; u{i}@example.net\nAction: failed\nStatus: 5.0.0\n\n"
        ));
    }
    s.push_str("--BB--\n");
    s
}

/// A plain-text bounce whose report is one line of `n` addresses.
fn oneline(n: usize) -> String {
    let all: Vec<String> = (0..n).map(|i| format!("u{i}@example.net")).collect();
    format!(
        "{HEAD}\nThis is the mail system at host mx.example.com.\nI'm sorry to have to inform you that your message could not be delivered.\n\n<a@example.net>: user unknown {}\n",
        all.join(" ")
    )
}

/// Work for `input` explained as `explain -` does: pushed 64 KiB at a time,
/// every item taken; and the number of items.
fn stream(input: &str) -> (u64, usize) {
    work::take();
    let mut s = crate::Stream::new();
    let mut items = 0;
    for chunk in input.as_bytes().chunks(64 * 1024) {
        s.push(chunk);
        while s.next_item().is_some() {
            items += 1;
        }
    }
    s.finish();
    while s.next_item().is_some() {
        items += 1;
    }
    (work::take(), items)
}

/// Work to read `input` ([`crate::read`]) and to read it again recipient
/// by recipient ([`crate::read_with`]), and the recipients found.
fn bounce(input: &str) -> (u64, usize) {
    work::take();
    let c = crate::read(input.as_bytes()).unwrap();
    let mut streamed = 0;
    crate::read_with(input.as_bytes(), |_, _| streamed += 1).unwrap();
    assert_eq!(streamed, c.recipients.len());
    (work::take(), c.recipients.len())
}

/// Work for the whole input as one text ([`crate::TextReport::find`]).
fn one_text(input: &str) -> (u64, usize) {
    work::take();
    let t = crate::TextReport::find(input.as_bytes());
    (work::take(), t.found.len())
}

/// The work at 1x, 2x, 4x, 8x; each doubling must double it (1.8x to
/// 2.2x), and the items found must grow with the input.
fn assert_linear(name: &str, make: impl Fn(usize) -> String, run: fn(&str) -> (u64, usize)) {
    let base = 250;
    let runs: Vec<(usize, u64, usize)> = [1, 2, 4, 8]
        .iter()
        .map(|k| {
            let input = make(base * k);
            let (w, items) = run(&input);
            (input.len(), w, items)
        })
        .collect();
    for (len, w, items) in &runs {
        assert!(*items > 0, "{name}: nothing found in {len} bytes");
        assert!(*w >= *len as u64, "{name}: {w} counted for {len} bytes");
    }
    let ratios: Vec<f64> = runs
        .windows(2)
        .map(|p| p[1].1 as f64 / p[0].1 as f64)
        .collect();
    eprintln!("{name}: work ratios {ratios:.3?} per doubling ({runs:?})");
    for r in &ratios {
        assert!(
            (1.8..=2.2).contains(r),
            "{name}: work ratios {ratios:.3?} per doubling ({runs:?})"
        );
    }
}

#[test]
fn text_on_stdin_takes_linear_work() {
    assert_linear("text", text, stream);
    assert_linear("alt", alt, stream);
}

#[test]
fn one_text_with_many_codes_takes_linear_work() {
    assert_linear("text as one", text, one_text);
    assert_linear("alt as one", alt, one_text);
}

#[test]
fn bounces_take_linear_work() {
    assert_linear("plain", plain, bounce);
    assert_linear("dsntext", |n| dsn(n, None), bounce);
    // The text part grows with the recipients: 8 MiB beside 8,000.
    assert_linear("dsnbig", |n| dsn(n, Some(n * 1024)), bounce);
    assert_linear("oneline", oneline, bounce);
}

#[test]
fn stdin_streams_every_line_after_a_reply() {
    let mut s = crate::Stream::new();
    s.push(b"250 2.0.0 Ok: queued as 4F2B1\nJan  1 00:00:00 mx postfix/smtp[1]: 4F2B1: to=<bob@example.net>, dsn=5.1.1, status=bounced (host mx said: 550 5.1.1 <bob@example.net>: User unknown (in reply to RCPT TO command))\n");
    let Some(Ok(crate::Explanation::Reply(r))) = s.next_item() else {
        panic!("no reply first")
    };
    assert_eq!(r.reply.code.as_u16(), 250);
    // The log line is complete: explained before the input ends.
    let Some(Ok(crate::Explanation::Text(t))) = s.next_item() else {
        panic!("the log line was not explained")
    };
    assert!(t.found.iter().any(|f| f.matched == "550 5.1.1"), "{t:?}");
    assert!(s.next_item().is_none());
    s.finish();
    assert!(s.next_item().is_none());
}
