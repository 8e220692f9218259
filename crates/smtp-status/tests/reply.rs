//! Reply parser tests with replies in the shapes that large mailbox
//! providers and MTAs document, and the failure cases of other parsers.

use smtp_status::reply::{self, ErrorKind, Options, Progress, Warning};
use smtp_status::{EnhancedCode, RegisteredCode};

fn warnings(r: &reply::Reply<'_>) -> Vec<Warning> {
    r.warnings().collect()
}

fn text(r: &reply::Reply<'_>) -> Vec<String> {
    r.lines()
        .map(|l| String::from_utf8(l.to_vec()).unwrap())
        .collect()
}

#[test]
fn gmail_5_7_26_multiline() {
    let input = b"550-5.7.26 This mail has been blocked because the sender is\r\n550-5.7.26 unauthenticated. Gmail requires all senders to authenticate\r\n550-5.7.26 with either SPF or DKIM.\r\n550 5.7.26 a1si123456qkb.12 - gsmtp\r\n";
    let r = Options::strict().parse_complete(input).unwrap();
    assert_eq!(r.code().as_u16(), 550);
    assert_eq!(r.enhanced().unwrap().to_string(), "5.7.26");
    assert_eq!(
        r.registered(),
        Some(RegisteredCode::MultipleAuthenticationChecksFailed)
    );
    assert_eq!(r.line_count(), 4);
    assert_eq!(text(&r)[2], "with either SPF or DKIM.");
    assert!(warnings(&r).is_empty());
    assert_eq!(r.len(), input.len());
}

#[test]
fn gmail_4_7_0_and_5_1_1() {
    let r = reply::parse(b"421-4.7.0 [203.0.113.5] Our system has detected an unusual rate of\r\n421-4.7.0 unsolicited mail originating from your IP address.\r\n421 4.7.0 a1si - gsmtp\r\n").unwrap();
    assert_eq!(
        r.enhanced(),
        Some(EnhancedCode::from_bytes(b"4.7.0").unwrap())
    );
    assert!(warnings(&r).is_empty());
    let r = reply::parse(b"550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550-5.1.1 double-checking the recipient's email address for typos or\r\n550 5.1.1 unnecessary spaces.\r\n").unwrap();
    assert_eq!(
        r.registered(),
        Some(RegisteredCode::BadDestinationMailboxAddress)
    );
    assert_eq!(text(&r)[2], "unnecessary spaces.");
}

#[test]
fn ehlo_eight_lines() {
    let input = b"250-mx.google.com at your service, [203.0.113.5]\r\n250-SIZE 157286400\r\n250-8BITMIME\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n";
    let r = Options::strict().parse_complete(input).unwrap();
    assert_eq!(r.line_count(), 8);
    assert_eq!(r.enhanced(), None);
    assert_eq!(text(&r)[1], "SIZE 157286400");
    assert!(warnings(&r).is_empty());
    assert_eq!(r.to_string().as_bytes(), input);
}

#[test]
fn microsoft_5_7_606_kept_exact() {
    let r =
        reply::parse(b"550 5.7.606 Access denied, banned sending IP [203.0.113.5].\r\n").unwrap();
    let e = r.enhanced().unwrap();
    assert_eq!((e.subject().number(), e.detail()), (7, 606));
    assert_eq!(e.to_string(), "5.7.606");
    assert_eq!(r.registered(), None);
}

#[test]
fn utf8_text() {
    let input = "550 5.1.1 Адрес не существует: пользователь неизвестен\r\n".as_bytes();
    let r = Options::strict().parse_complete(input).unwrap();
    assert_eq!(text(&r)[0], "Адрес не существует: пользователь неизвестен");
}

#[test]
fn reply_501_5_1_3() {
    let r = reply::parse(b"501 5.1.3 Bad recipient address syntax\r\n").unwrap();
    assert_eq!(r.code().as_u16(), 501);
    assert_eq!(
        r.registered(),
        Some(RegisteredCode::BadDestinationMailboxAddressSyntax)
    );
    assert!(warnings(&r).is_empty());
}

#[test]
fn glued_lines_are_pipelined_replies() {
    let input = b"250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n";
    let all: Vec<_> = Options::lenient()
        .replies(input)
        .map(Result::unwrap)
        .collect();
    assert_eq!(all.len(), 3);
    assert_eq!(all[1].enhanced().unwrap().to_string(), "2.1.5");
    assert_eq!(all[2].code().as_u16(), 354);
    // Code glued to the text without a separator: lenient reports it.
    let r = reply::parse(b"550User unknown\r\n").unwrap();
    assert_eq!(warnings(&r), [Warning::OddSeparator]);
    assert_eq!(
        Options::strict()
            .parse_complete(b"550User unknown\r\n")
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidSeparator
    );
}

#[test]
fn disagreements_are_reported() {
    let r = reply::parse(b"450 5.7.1 Client host rejected\r\n").unwrap();
    assert_eq!(warnings(&r), [Warning::ClassMismatch]);
    let r = reply::parse(b"550-5.7.1 a\r\n451 5.7.1 b\r\n").unwrap();
    assert_eq!(warnings(&r), [Warning::CodeMismatch]);
    let r = reply::parse(b"550-5.7.1 a\r\n550 5.7.2 b\r\n").unwrap();
    assert_eq!(warnings(&r), [Warning::EnhancedMismatch]);
    assert_eq!(r.enhanced().unwrap().to_string(), "5.7.1");
    let r = reply::parse(b"550-5.7.1 a\r\n550-b\r\n550 5.7.1 c\r\n").unwrap();
    assert_eq!(warnings(&r), [Warning::EnhancedOnSomeLines]);
    let r = reply::parse(b"550-Mailbox unavailable\r\n550 5.1.1 User unknown\r\n").unwrap();
    assert_eq!(warnings(&r), [Warning::EnhancedOnLastLineOnly]);
    assert_eq!(r.enhanced().unwrap().to_string(), "5.1.1");
    let r = reply::parse(b"550 5.1.1: User unknown\r\n").unwrap();
    assert_eq!(warnings(&r), [Warning::EnhancedFollowedByColon]);
    assert_eq!(text(&r), ["User unknown"]);
}

#[test]
fn lenient_accepts_what_servers_send() {
    let r = reply::parse(b"250 ok\n").unwrap();
    assert_eq!(warnings(&r), [Warning::BareLineFeed]);
    let r = reply::parse(b"250 ok  \r\n").unwrap();
    assert_eq!(warnings(&r), [Warning::TrailingWhitespace]);
    let r = reply::parse(b"250 \r\n").unwrap();
    assert_eq!(warnings(&r), [Warning::MissingText]);
    let r = reply::parse(b"250\r\n").unwrap();
    assert!(warnings(&r).is_empty());
    assert_eq!(
        Options::strict()
            .parse_complete(b"250 \r\n")
            .unwrap_err()
            .kind(),
        ErrorKind::MissingText
    );
    assert_eq!(
        Options::strict()
            .parse_complete(b"250 ok\n")
            .unwrap_err()
            .kind(),
        ErrorKind::BareLineFeed
    );
}

#[test]
fn enhanced_codes_can_be_off() {
    let o = Options::lenient().enhanced_codes(false);
    let r = o.parse_complete(b"550 5.1.1 User unknown\r\n").unwrap();
    assert_eq!(r.enhanced(), None);
    assert_eq!(text(&r), ["5.1.1 User unknown"]);
}

#[test]
fn streaming_byte_by_byte() {
    let input = b"250-mx.example.com\r\n250-PIPELINING\r\n250 SIZE 10240000\r\n";
    let o = Options::strict();
    for cut in 0..input.len() {
        match o.parse(&input[..cut]).unwrap() {
            Progress::Incomplete { needed } => assert!(needed >= 1 && cut + needed <= input.len()),
            Progress::Complete(_) => panic!("complete at {cut}"),
        }
    }
    let Progress::Complete(r) = o.parse(input).unwrap() else {
        panic!()
    };
    assert_eq!(r.len(), input.len());
}

#[test]
fn errors_have_offsets() {
    let e = reply::parse(b"250-ok\r\nxyz\r\n").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCode, 8));
    let e = reply::parse(b"250-ok\r\n").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Incomplete);
    let long = [b'a'; 600];
    let mut input = b"250 ".to_vec();
    input.extend_from_slice(&long);
    let e = Options::lenient().parse(&input).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::LineTooLong, 0));
    assert!(
        Options::lenient()
            .max_line_len(1000)
            .parse_complete(&input)
            .is_ok()
    );
    assert_eq!(e.to_string(), "line too long at byte 0");
}

#[test]
fn too_many_lines() {
    let mut input = Vec::new();
    for _ in 0..200 {
        input.extend_from_slice(b"250-x\r\n");
    }
    assert_eq!(
        reply::parse(&input).unwrap_err().kind(),
        ErrorKind::TooManyLines
    );
}

/// Replies with control characters in their text: ESC sequences, C1 controls as UTF-8, a CR inside a
/// line, NUL.
const CONTROL: [(&str, &[u8]); 4] = [
    ("esc", include_bytes!("fixtures/reply/esc.txt")),
    ("esc_c1", include_bytes!("fixtures/reply/esc_c1.txt")),
    (
        "cr_in_text",
        include_bytes!("fixtures/reply/cr_in_text.txt"),
    ),
    ("nul", include_bytes!("fixtures/reply/nul_bytes.txt")),
];

#[test]
fn control_characters_in_the_text_warn() {
    for (name, input) in CONTROL {
        let r = reply::parse(input).unwrap();
        assert!(r.has_warning(Warning::ControlCharacter), "{name}");
        assert!(
            r.warnings().any(|w| w == Warning::ControlCharacter),
            "{name}"
        );
        assert_eq!(r.enhanced().unwrap().to_string(), "5.1.1", "{name}");
        // Strict mode refuses the C0 controls (C1 controls are UTF-8 text).
        if name != "esc_c1" {
            let err = Options::strict().parse_complete(input).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidText, "{name}");
        }
    }
    // Text without them: no warning, HT and other UTF-8 included.
    for clean in [
        &b"550 5.1.1 user\tunknown \xc3\xa9t\xc3\xa9 \xc2\xa0ok\r\n"[..],
        b"250-a\r\n250 b\r\n",
    ] {
        let r = reply::parse(clean).unwrap();
        assert!(!r.has_warning(Warning::ControlCharacter), "{clean:?}");
        assert!(r.warnings().all(|w| w != Warning::ControlCharacter));
    }
    // A C1 control on the last line of several, and DEL.
    let r = reply::parse(b"550-5.1.1 a\r\n550 5.1.1 b\xc2\x9bc\r\n").unwrap();
    assert!(r.has_warning(Warning::ControlCharacter));
    assert!(
        reply::parse(b"250 a\x7fb\r\n")
            .unwrap()
            .has_warning(Warning::ControlCharacter)
    );
}
