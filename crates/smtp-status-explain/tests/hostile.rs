//! Bounces that once got a wrong meaning (tests/fixtures/adversarial/,
//! README there): notices that are not failures, a paragraph that looked like
//! an mbox separator, contradicting fields, a generic wording against a
//! specific code, a bounce with nothing in it, and warnings that were not
//! shown.

use std::path::Path;

use smtp_status_explain::{
    Advice, Bounce, BounceError, BounceLine, Evidence, Reason, RecipientWarning, mbox, read,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/adversarial")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn recipients(c: &Bounce) -> Vec<Option<&str>> {
    c.recipients
        .iter()
        .map(|r| r.recipient.as_deref())
        .collect()
}

/// The one recipient of a notice, its reason, hard or soft and advice; the
/// human form never says it was refused for good.
fn notice(name: &str) -> (Reason, bool, Advice) {
    let c = read(&fixture(name)).unwrap();
    assert_eq!(recipients(&c), [Some("bob@example.net")], "{name}");
    let r = &c.recipients[0];
    let human = r.to_string();
    assert!(!human.contains("refused for good"), "{name}: {human}");
    assert!(!human.contains("do not resend"), "{name}: {human}");
    (r.reason, r.hard, r.advice)
}

#[test]
fn delivered_and_relayed_notices_are_not_failures() {
    for name in ["notification_delivered.eml", "notification_relayed.eml"] {
        assert_eq!(
            notice(name),
            (Reason::Delivered, false, Advice::Nothing),
            "{name}"
        );
    }
}

#[test]
fn a_delay_notice_is_a_soft_delay_still_retrying() {
    assert_eq!(
        notice("notification_delay.eml"),
        (Reason::Expired, false, Advice::RetryLater)
    );
}

#[test]
fn other_mtas_notices_in_words_are_read_the_same() {
    let delivered = (Reason::Delivered, false, Advice::Nothing);
    let delayed = (Reason::Expired, false, Advice::RetryLater);
    for (subject, body, want) in [
        (
            "Successful Mail Delivery Report",
            "Your message was successfully delivered to the destination(s)\nlisted below.\n\n<bob@example.net>: delivery via mx.example.net",
            delivered,
        ),
        (
            "Delayed Mail (still being retried)",
            "#  THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE.  #\n\n<bob@example.net>: host mx.example.net said: try later",
            delayed,
        ),
        (
            "Warning: message 1abcde-000001-AB delayed 24 hours",
            "A message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on mx.example.\n\n  bob@example.net",
            delayed,
        ),
    ] {
        let raw = format!(
            "From: MAILER-DAEMON@mx.example\nTo: kit@example.org\nSubject: {subject}\n\n{body}\n"
        );
        let c = read(raw.as_bytes()).unwrap();
        assert_eq!(recipients(&c), [Some("bob@example.net")], "{subject}");
        let r = &c.recipients[0];
        assert_eq!((r.reason, r.hard, r.advice), want, "{subject}: {r}");
    }
}

#[test]
fn a_paragraph_starting_with_from_does_not_split_an_email() {
    let raw = fixture("envelope_from_paragraph.eml");
    assert_eq!(mbox::messages(&raw).count(), 1);
    assert!(!mbox::several(&raw));
    let c = read(&raw).unwrap();
    assert_eq!(recipients(&c), [Some("bob@example.net")]);
    assert_eq!(c.recipients[0].reason, Reason::UserUnknown);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    // A real second message after it is still a second email.
    let two = [
        &raw[..],
        b"\nFrom MAILER-DAEMON Thu Jan  2 10:00:01 2025\n",
        &raw[raw.iter().position(|&b| b == b'\n').unwrap() + 1..],
    ]
    .concat();
    assert_eq!(mbox::messages(&two).count(), 2);
    let c = read(&two).unwrap();
    assert_eq!(
        recipients(&c),
        [Some("bob@example.net"), Some("bob@example.net")]
    );
}

#[test]
fn failed_with_a_success_status_is_a_failure_with_a_warning() {
    for (name, reason) in [
        ("failed_status_2xx_550.txt", Reason::UserUnknown),
        ("failed_status_2xx.txt", Reason::Undefined),
    ] {
        let b = read(&fixture(name)).unwrap();
        let r = &b.recipients[0];
        let dsn = r.dsn.as_ref().unwrap();
        assert!(dsn.is_failure, "{name}");
        assert!(
            matches!(
                dsn.warnings[..],
                [RecipientWarning::ActionContradictsStatus { .. }]
            ),
            "{name}: {:?}",
            dsn.warnings
        );
        let c = r;
        assert_eq!(c.reason, reason, "{name}: {r}");
        assert_ne!(c.advice, Advice::Nothing, "{name}: {r}");
        let text = r.to_string();
        assert!(text.contains("contradicts Status 2.0.0"), "{name}: {text}");
        assert!(
            !text.contains("says the message was delivered"),
            "{name}: {text}"
        );
        assert!(!text.contains("not a failure"), "{name}: {text}");
    }
    // The same report in an email: the warning is the bounce's too.
    let email = [
        &b"From: MAILER-DAEMON@a\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\n"[..],
        &fixture("failed_status_2xx_550.txt"),
        b"\n--b--\n",
    ]
    .concat();
    let c = read(&email).unwrap();
    assert_eq!(c.recipients[0].reason, Reason::UserUnknown);
    assert_eq!(
        c.warnings,
        ["a@b: Action failed contradicts Status 2.0.0 (class 2, Success)"]
    );
}

#[test]
fn a_generic_wording_does_not_overrule_a_specific_code() {
    match read(&fixture("spam_mailbox_full_5_1_1.eml")) {
        Ok(c) => {
            for r in &c.recipients {
                assert_eq!(r.reason, Reason::UserUnknown, "{r}");
                assert_eq!(
                    r.evidence,
                    Evidence::Code {
                        code: "5.1.1".parse().unwrap()
                    },
                    "{r}"
                );
            }
        }
        Err(e) => assert_eq!(e, BounceError::NoReport),
    }
    let v = smtp_status_explain::verdict("550 5.1.1 <kit@example.org>: mailbox is full");
    assert_eq!(v.reason, Reason::UserUnknown);
    // With a storage reply (RFC 5321: 552 exceeded storage allocation) the
    // wording has the reply code on its side.
    let v =
        smtp_status_explain::verdict("552 sorry, mailbox kit@example.org is over quota (#5.1.1)");
    assert_eq!(v.reason, Reason::MailboxFull);
    // Without a specific code the wording decides.
    let v = smtp_status_explain::verdict("552 5.0.0 <kit@example.org>: mailbox is full");
    assert_eq!(v.reason, Reason::MailboxFull);
}

#[test]
fn a_bounce_with_nothing_in_it_is_not_understood() {
    for raw in [
        &b"From: MAILER-DAEMON@mx.example\nTo: kit@example.org\nSubject: hello\n\n"[..],
        b"From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail Returned to Sender\n",
        b"From: postmaster@mx.example\nSubject: failure notice\n\n\n\n",
    ] {
        let e = read(raw).unwrap_err();
        assert_eq!(e, BounceError::NoDetail, "{}", String::from_utf8_lossy(raw));
        assert!(
            e.to_string().contains("names no recipient"),
            "{e}: {}",
            String::from_utf8_lossy(raw)
        );
    }
    // A bounce that names its recipient is understood, even without a
    // reason.
    let c = read(
        b"From: MAILER-DAEMON@mx.example\nSubject: failure notice\n\n<kit@example.net>:\nno.\n",
    )
    .unwrap();
    assert_eq!(recipients(&c), [Some("kit@example.net")]);
}

#[test]
fn reading_warnings_have_a_json_line() {
    let c = read(&fixture("dsn_junk_line_warning_hidden.eml")).unwrap();
    assert_eq!(recipients(&c), [Some("a@x.example")]);
    assert_eq!(
        c.warnings,
        ["lines that are not fields were dropped from a delivery-status part"]
    );
    let lines: Vec<String> = c
        .warnings
        .iter()
        .map(|w| serde_json::to_string(&BounceLine::Warning { message: w }).unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            r#"{"kind":"warning","message":"lines that are not fields were dropped from a delivery-status part"}"#
        ]
    );
}
