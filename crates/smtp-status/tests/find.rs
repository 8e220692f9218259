//! `smtp_status::find`: codes in the free text people paste, and no codes in
//! text that only looks numeric.

mod ordinary;

use ordinary::ordinary_lines;
use smtp_status::find::{self, Form};

/// (reply code, enhanced code, form, continued) of every code found.
fn found(text: &str) -> Vec<(Option<u16>, Option<String>, Form, bool)> {
    find::codes(text.as_bytes())
        .map(|f| {
            // The range holds exactly what was found.
            let slice = &text[f.range()];
            if let Some(r) = f.reply() {
                assert!(slice.starts_with(&r.to_string()), "{slice:?}");
            }
            if let Some(c) = f.enhanced() {
                assert!(slice.ends_with(&c.to_string()), "{slice:?}");
            }
            (
                f.reply().map(|r| r.as_u16()),
                f.enhanced().map(|c| c.to_string()),
                f.form(),
                f.continued(),
            )
        })
        .collect()
}

fn one(text: &str) -> (Option<u16>, Option<String>, Form, bool) {
    let all = found(text);
    assert_eq!(all.len(), 1, "{text:?}: {all:?}");
    all.into_iter().next().unwrap()
}

fn s(code: &str) -> Option<String> {
    Some(code.to_string())
}

#[test]
fn reply_and_enhanced_code_anywhere_in_a_line() {
    for (text, reply, code) in [
        (
            "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
            550,
            "5.1.10",
        ),
        (
            "host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@b>: Recipient address rejected: User unknown (in reply to RCPT TO command)",
            550,
            "5.1.1",
        ),
        (
            "Diagnostic-Code: smtp; 550 5.7.1 Service unavailable",
            550,
            "5.7.1",
        ),
        (
            "smtp; 452 4.2.2 The email account that you tried to reach is over quota.",
            452,
            "4.2.2",
        ),
        (
            "#550 5.1.1 RESOLVER.ADR.RecipientNotFound; not found ##",
            550,
            "5.1.1",
        ),
        ("550 #5.1.0 Address rejected.", 550, "5.1.0"),
        ("(250 2.0.0 Ok: queued as 4ABC123)", 250, "2.0.0"),
        (
            "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred",
            421,
            "4.7.0",
        ),
        (
            "554 5.7.9 Message not accepted for policy reasons.",
            554,
            "5.7.9",
        ),
        (
            "451 4.7.500 Server busy. Please try again later from [192.0.2.1].",
            451,
            "4.7.500",
        ),
    ] {
        assert_eq!(
            one(text),
            (Some(reply), s(code), Form::Reply, false),
            "{text}"
        );
    }
}

#[test]
fn the_first_line_of_a_multiline_reply() {
    assert_eq!(
        one("550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's"),
        (Some(550), s("5.7.26"), Form::Reply, true)
    );
    assert_eq!(
        one("421-4.7.28 [192.0.2.1 15] Our system has detected an unusual rate of"),
        (Some(421), s("4.7.28"), Form::Reply, true)
    );
}

#[test]
fn an_enhanced_code_that_starts_a_line() {
    for (text, code) in [
        ("5.1.10 Recipient not found", "5.1.10"),
        (
            "4.7.321 starttls-not-supported: Destination mail server must support TLS",
            "4.7.321",
        ),
        (
            "5.7.708 Access denied, traffic not accepted from this IP",
            "5.7.708",
        ),
        ("  4.7.32 Your email has been rate limited", "4.7.32"),
        ("5.2.121", "5.2.121"),
    ] {
        assert_eq!(one(text), (None, s(code), Form::LineStart, false), "{text}");
    }
    // Every line counts, not only the first.
    let ndr =
        "Delivery has failed to these recipients:\n\na@example.com\n5.1.10 Recipient not found\n";
    assert_eq!(found(ndr), [(None, s("5.1.10"), Form::LineStart, false)]);
}

#[test]
fn codes_after_a_marker() {
    for (text, reply, code) in [
        (
            "Jan  1 00:00:00 mx postfix/smtp[42]: 4F1A2B3C4D: to=<a@b>, relay=mx.example.com[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=4.2.2, status=deferred (over quota)",
            None,
            s("4.2.2"),
        ),
        ("Status: 5.1.1", None, s("5.1.1")),
        ("#5.1.1 SMTP; 550", None, s("5.1.1")),
        ("The server said: 554 no valid recipients", Some(554), None),
        (
            "SMTP error from remote mail server after RCPT TO:<a@b>: reason: 550 unrouteable address",
            Some(550),
            None,
        ),
        ("X-Postfix; 5.4.4 host not found", None, s("5.4.4")),
    ] {
        let all = found(text);
        assert!(!all.is_empty(), "{text}");
        assert_eq!(
            (all[0].0, all[0].1.clone(), all[0].2),
            (reply, code, Form::Marker),
            "{text}"
        );
    }
    // Exchange's form gives the enhanced code, then the reply code.
    assert_eq!(
        found("#5.1.1 SMTP; 550 Requested action not taken"),
        [
            (None, s("5.1.1"), Form::Marker, false),
            (Some(550), None, Form::Marker, false)
        ]
    );
}

#[test]
fn a_whole_postfix_log_line() {
    let line = "Dec  2 05:17:09 mx postfix/smtp[12345]: 3F2A41C0B2: to=<nosuchuser@example.com>, relay=mx.example.com[192.0.2.10]:25, delay=0.42, delays=0.05/0.01/0.2/0.16, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.10] said: 550 5.1.1 <nosuchuser@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))";
    assert_eq!(
        found(line),
        [
            (None, s("5.1.1"), Form::Marker, false),
            (Some(550), s("5.1.1"), Form::Reply, false)
        ]
    );
}

#[test]
fn out_of_registry_and_three_digit_codes_are_found_as_they_are() {
    assert_eq!(one("said: 550 5.7.708 Access denied").1, s("5.7.708"));
    assert_eq!(one("dsn=5.999.999").1, s("5.999.999"));
}

#[test]
fn near_misses_are_not_codes() {
    for text in [
        "Apache/2.4.57 (Debian) Server at 192.0.2.1 Port 80",
        "Running version 5.1.0 of the agent",
        "v5.1.0",
        "released on 2024.12.06",
        "price: $450.00 (was $550.00)",
        "5.5.5.5 is one of our resolvers",
        "4.2.2.1 and 4.2.2.2 answer DNS",
        "2024-12-06 05:17:09 queue 550A1B2C3D flushed",
        "call +1 555-123-4567",
        "5.1.1a is a model number",
        "5.01.1 is not a code: leading zero",
        "550 Requested action not taken",
        "total 250",
        "kernel 5.15.0-91-amd64",
        "version: 2.4.1-beta",
        "4.7.1/2 of the work",
    ] {
        assert_eq!(found(text), [], "{text}");
    }
}

#[test]
fn no_code_in_a_thousand_ordinary_lines() {
    let lines = ordinary_lines(1000);
    assert_eq!(lines.len(), 1000);
    let mut false_positives = Vec::new();
    for line in &lines {
        let f = found(line);
        if !f.is_empty() {
            false_positives.push((line.clone(), f));
        }
    }
    assert!(false_positives.is_empty(), "{false_positives:#?}");
    // The same lines as one text, one per line.
    assert_eq!(find::codes(lines.join("\n").as_bytes()).count(), 0);
}

#[test]
fn ranges_are_in_order_and_inside_the_text() {
    let text = "550 5.1.1 a\n5.2.2 b\nsaid: 421 4.7.0 c\ndsn=4.4.1\n";
    let mut last = 0;
    let mut n = 0;
    for f in find::codes(text.as_bytes()) {
        assert!(f.range().start >= last && f.range().end <= text.len());
        last = f.range().end;
        n += 1;
    }
    assert_eq!(n, 4);
}

#[test]
fn every_prefix_of_hostile_text_is_handled() {
    // Cut anywhere, the finder neither panics nor reads past the end.
    let text = b"#550 #5.1.1\xff said: 4 5.1 550- 2.0.0. dsn=5.1.999 Status:5.0.0";
    for end in 0..=text.len() {
        for start in 0..=end {
            for f in find::codes(&text[start..end]) {
                assert!(f.range().end <= end - start);
            }
        }
    }
}

#[test]
fn a_leading_reply_code_is_three_digits_of_the_reply_range_then_a_break() {
    let got = |t: &str| find::leading_reply(t.as_bytes()).map(|(c, end)| (c.as_u16(), end));
    // Transcript and reply lines: the code and where its digits end.
    assert_eq!(got("554 <a@b>... 550 Host unknown"), Some((554, 3)));
    assert_eq!(got("\t 550-5.7.1 denied"), Some((550, 5)));
    assert_eq!(got("421\r\n"), Some((421, 3)));
    assert_eq!(got("250"), Some((250, 3)));
    // Not a reply code: outside 200-599, more digits, glued text, or not
    // at the start.
    for t in [
        "199 x",
        "600 x",
        "5500 items",
        "550x",
        "55",
        "",
        "  ",
        "<a@b> 550 x",
        "x 550",
    ] {
        assert_eq!(got(t), None, "{t:?}");
    }
    // Every reply code of the domain, followed by each break.
    for n in 200..=599u16 {
        for tail in ["", " ", "-", "\t", "\n"] {
            assert_eq!(got(&format!("{n}{tail}")), Some((n, 3)), "{n}{tail:?}");
        }
    }
}

/// The first enhanced code of [`find::enhanced_words`].
fn enhanced_word(text: &str) -> Option<String> {
    let f = find::enhanced_words(text.as_bytes()).next()?;
    assert_eq!(f.form(), Form::Word);
    let code = f.enhanced().unwrap().to_string();
    assert_eq!(&text[f.range()], code);
    Some(code)
}

/// Every reply code of [`find::reply_words`].
fn reply_words(text: &str) -> Vec<u16> {
    find::reply_words(text.as_bytes())
        .map(|f| {
            let r = f.reply().unwrap();
            assert_eq!(&text[f.range()], r.to_string());
            r.as_u16()
        })
        .collect()
}

/// Every reply code of [`find::line_replies`], with whether it continues.
fn line_replies(text: &str) -> Vec<(u16, bool)> {
    find::line_replies(text.as_bytes())
        .map(|f| {
            assert_eq!(f.form(), Form::LineReply);
            let r = f.reply().unwrap();
            assert_eq!(&text[f.range()], r.to_string());
            (r.as_u16(), f.continued())
        })
        .collect()
}

#[test]
fn enhanced_codes_as_words() {
    assert_eq!(enhanced_word("ERROR_CODE :5.1.1, x"), s("5.1.1"));
    assert_eq!(enhanced_word("1.2 v5.1.1 .5.2.2 4.4.7"), s("4.4.7"));
    assert_eq!(enhanced_word("5.1.1.1 5.1.1a 5.1"), None);
    assert_eq!(enhanced_word("5.1.1"), s("5.1.1"));
    assert_eq!(enhanced_word("550: 5.1.1 <a@b>"), s("5.1.1"));
    // A full stop that ends a sentence, and other punctuation, end a word.
    assert_eq!(enhanced_word("was 4.2.2."), s("4.2.2"));
    assert_eq!(enhanced_word("(5.7.1)"), s("5.7.1"));
    assert_eq!(enhanced_word("status 5.7.1/x"), s("5.7.1"));
    // Not a class, or inside a version or an address.
    assert_eq!(enhanced_word("3.1.1 1.1.1 192.0.2.1 x5.1.1 5.1.1b"), None);
    let all: Vec<_> = find::enhanced_words(b"5.1.1 and 4.2.2")
        .map(|f| f.enhanced().unwrap().to_string())
        .collect();
    assert_eq!(all, ["5.1.1", "4.2.2"]);
}

#[test]
fn reply_codes_as_words() {
    assert_eq!(reply_words("550: : User unknown"), [550]);
    assert_eq!(reply_words("Invalid Address, ERROR_CODE :550, x"), [550]);
    assert_eq!(reply_words("<a@b.example>: 550 unknown user"), [550]);
    assert_eq!(reply_words("451"), [451]);
    assert!(reply_words("host 192.0.2.550 said").is_empty());
    assert!(reply_words("code 5.5.0 only").is_empty());
    assert!(reply_words("id 45500 and x550y").is_empty());
    // Every class a reply code has; the caller picks the ones it wants.
    assert_eq!(reply_words("[-9] 350 250"), [350, 250]);
    assert_eq!(reply_words("100 600 099 550-"), [550]);
}

#[test]
fn reply_codes_that_start_lines() {
    assert_eq!(
        line_replies("Remote said:\n    550 Unroutable sender address\n"),
        [(550, false)]
    );
    assert_eq!(
        line_replies("550-5.7.1 first\r\n550 5.7.1 last\r\n"),
        [(550, true), (550, false)]
    );
    assert_eq!(line_replies("\t\x0c354 go ahead"), [(354, false)]);
    // Not at a line's start, not three digits, not followed by a space
    // or `-`, or the line ends.
    assert!(line_replies("said 550 no\n5500 x\n550: y\n550\n550\r\n55 z\n650 w").is_empty());
}
