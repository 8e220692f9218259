//! `smtp_status::dsn` as a downstream crate uses it: every RFC 3464 field,
//! folds, line endings, extension fields, and what is refused.

use smtp_status::dsn::{self, Action};

const FULL: &str = "Reporting-MTA: dns; mx.example.net\r
DSN-Gateway: dns; gw.example.net\r
Received-From-MTA: dns; client.example.org\r
Arrival-Date: Mon, 23 Nov 2026 10:00:00\r
 +0000\r
Original-Envelope-Id: QQ314159+2B\r
X-Postfix-Queue-ID: 4B2C1\r
\r
Original-Recipient: rfc822;Nobody@Example.net\r
Final-Recipient: rfc822; nobody@example.net\r
Action: failed\r
Status: 5.1.1 (bad destination mailbox address)\r
Remote-MTA: dns; mx2.example.net\r
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>:\r
    Recipient address rejected: User unknown\r
Last-Attempt-Date: Mon, 23 Nov 2026 10:00:01 +0000\r
Final-Log-ID: 4B2C1\r
X-Custom: kept\r
\r
Final-Recipient: utf-8; j\u{f6}rg@example.de\r
Action: delayed\r
Status: 4.4.7\r
Diagnostic-Code: X-Postfix; delivery temporarily suspended\r
Will-Retry-Until: Fri, 27 Nov 2026 10:00:00 +0000\r
\r
Final-Recipient: rfc822; list@example.org\r
Action: expanded (to 3 addresses)\r
Status: 2.0.0\r
\r
Final-Recipient: rfc822; relay@example.org\r
Action: RELAYED\r
Status: 2.0.0\r
\r
Final-Recipient: rfc822; ok@example.org\r
Action: delivered\r
Status: 2.0.0\r
";

#[test]
fn per_message_fields() {
    let r = dsn::parse(FULL).unwrap();
    let m = r.per_message();
    assert_eq!(m.reporting_mta().unwrap().kind(), "dns");
    assert_eq!(m.reporting_mta().unwrap().value().raw(), "mx.example.net");
    assert_eq!(m.dsn_gateway().unwrap().value().raw(), "gw.example.net");
    assert_eq!(
        m.received_from_mta().unwrap().value().raw(),
        "client.example.org"
    );
    assert_eq!(
        m.arrival_date().unwrap().to_string(),
        "Mon, 23 Nov 2026 10:00:00 +0000"
    );
    assert_eq!(m.original_envelope_id().unwrap().raw(), "QQ314159+2B");
    let ext: Vec<_> = m
        .extension_fields()
        .map(|f| (f.name(), f.value().raw()))
        .collect();
    assert_eq!(ext, [("X-Postfix-Queue-ID", "4B2C1")]);
}

#[test]
fn per_recipient_fields() {
    let r = dsn::parse(FULL).unwrap();
    let all: Vec<_> = r.recipients().collect();
    assert_eq!(all.len(), 5);
    let a = &all[0];
    assert_eq!(
        a.original_recipient().unwrap().value().raw(),
        "Nobody@Example.net"
    );
    assert_eq!(a.final_recipient().unwrap().kind(), "rfc822");
    assert_eq!(a.action(), Some(Action::Failed));
    let status = a.status().unwrap().unwrap();
    assert_eq!(status.code().to_string(), "5.1.1");
    assert_eq!(status.comment(), Some("bad destination mailbox address"));
    assert_eq!(a.remote_mta().unwrap().value().raw(), "mx2.example.net");
    let d = a.diagnostic_code().unwrap();
    assert!(d.is_smtp());
    assert_eq!(
        d.value().to_string(),
        "550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown"
    );
    assert!(d.value().raw().contains("\r\n"), "raw keeps the fold");
    assert!(a.last_attempt_date().is_some());
    assert_eq!(a.final_log_id().unwrap().raw(), "4B2C1");
    assert_eq!(a.extension_fields().next().unwrap().name(), "X-Custom");

    let b = &all[1];
    assert_eq!(b.final_recipient().unwrap().kind(), "utf-8");
    assert_eq!(
        b.final_recipient().unwrap().value().raw(),
        "j\u{f6}rg@example.de"
    );
    assert_eq!(b.action(), Some(Action::Delayed));
    assert_eq!(b.diagnostic_code().unwrap().kind(), "X-Postfix");
    assert!(!b.diagnostic_code().unwrap().is_smtp());
    assert!(b.will_retry_until().is_some());

    let actions: Vec<_> = all.iter().map(|r| r.action().unwrap()).collect();
    assert_eq!(
        actions,
        [
            Action::Failed,
            Action::Delayed,
            Action::Expanded,
            Action::Relayed,
            Action::Delivered
        ]
    );
    assert_eq!(actions.iter().filter(|a| a.is_failure()).count(), 1);
}

#[test]
fn lf_only_and_leading_blank_lines() {
    let lf = FULL.replace("\r\n", "\n");
    let r = dsn::parse(&lf).unwrap();
    assert_eq!(r.recipients().count(), 5);
    let with_blank = format!("\n\n{lf}");
    assert_eq!(dsn::parse(&with_blank).unwrap().recipients().count(), 5);
}

#[test]
fn refused_shapes() {
    assert!(dsn::parse("").is_err());
    assert!(dsn::parse("\r\n\r\n").is_err());
    let e = dsn::parse("Reporting-MTA: dns; a\r\n").unwrap_err();
    assert!(e.to_string().contains("no per-recipient"), "{e}");
    let e = dsn::parse(" folded first\n\nAction: failed\n").unwrap_err();
    assert_eq!(e.offset(), 0);
    let e = dsn::parse("Reporting-MTA: dns; a\n\nAction failed\n").unwrap_err();
    assert_eq!(e.offset(), 23);
}

#[test]
fn bad_status_is_reported_not_fatal() {
    let r = dsn::parse("X: 1\n\nStatus: 5.1\nAction: failed\n").unwrap();
    let rcpt = r.recipients().next().unwrap();
    assert!(rcpt.status().unwrap().is_err());
    assert_eq!(rcpt.action(), Some(Action::Failed));
}

#[test]
fn action_parses_with_from_str_and_keeps_others_with_parse() {
    assert_eq!("failed".parse::<Action>(), Ok(Action::Failed));
    assert_eq!("EXPANDED (to 3)".parse::<Action>(), Ok(Action::Expanded));
    assert!("bounced".parse::<Action>().is_err());
    assert!("".parse::<Action>().is_err());
    assert_eq!(Action::parse(" bounced "), Action::Other("bounced"));
    for a in [
        Action::Failed,
        Action::Delayed,
        Action::Delivered,
        Action::Relayed,
        Action::Expanded,
    ] {
        assert_eq!(a.as_str().parse::<Action>(), Ok(a));
        assert_eq!(Action::parse(a.as_str()), a);
    }
}
