//! Why a reply or a log line failed and whether to retry: `explain` on a
//! reply or a text gives the same verdict as a bounce's recipient.

use smtp_status_explain::{Advice, Explanation, Reason, explain, verdict};

/// The verdict `explain` gives for `input` (a reply or a text).
fn of(input: &str) -> Option<(Reason, bool)> {
    let v = match explain(input).unwrap() {
        Explanation::Reply(r) => r.verdict,
        Explanation::Text(t) => t.verdict,
        other => panic!("{input}: {other:?}"),
    };
    v.map(|v| (v.reason, v.hard))
}

#[test]
fn replies_say_why_and_whether_to_retry() {
    use Reason::*;
    for (reply, reason, hard) in [
        (
            "550 5.1.1 <kit@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
            UserUnknown,
            true,
        ),
        (
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            UserUnknown,
            true,
        ),
        ("556 5.1.10 Recipient address has null MX", NotAccept, true),
        (
            "452 4.2.2 The email account that you tried to reach is over quota.",
            MailboxFull,
            false,
        ),
        (
            "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
            Blocked,
            false,
        ),
        (
            "550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users",
            AuthFailure,
            false,
        ),
        (
            "550-5.7.1 [192.0.2.1] The IP you're using to send mail is not authorized to\r\n550 5.7.1 send email directly to our servers.\r\n",
            SecurityError,
            false,
        ),
        (
            "552 5.3.4 Message size exceeds fixed limit",
            EmailTooLarge,
            false,
        ),
        (
            "550 5.2.1 The email account that you tried to reach is disabled",
            Suspend,
            false,
        ),
    ] {
        assert_eq!(of(reply), Some((reason, hard)), "{reply}");
    }
}

#[test]
fn bare_codes_get_the_verdict_of_the_code_alone() {
    use Reason::*;
    let of_code = |c: &str| match explain(c).unwrap() {
        Explanation::EnhancedCode(e) => e.verdict.map(|v| (v.reason, v.hard)),
        other => panic!("{c}: {other:?}"),
    };
    assert_eq!(of_code("5.1.1"), Some((UserUnknown, true)));
    assert_eq!(of_code("4.2.2"), Some((MailboxFull, false)));
    assert_eq!(of_code("5.1.2"), Some((HostUnknown, true)));
    assert_eq!(of_code("5.7.26"), Some((AuthFailure, false)));
    // Only the class is known: recognised, without detail.
    assert_eq!(of_code("5.9.42"), Some((OnHold, false)));
    assert_eq!(of_code("2.1.5"), None);
}

#[test]
fn success_replies_have_no_verdict() {
    assert_eq!(of("250 2.1.5 Ok"), None);
    assert_eq!(of("220 mx.example.org ESMTP"), None);
    assert_eq!(of("dsn=2.0.0, status=sent (250 2.0.0 Ok: queued)"), None);
}

#[test]
fn log_lines_get_the_verdict_of_the_whole_text() {
    let line = "Dec  2 08:00:01 mx postfix/smtp[123]: 4F1: to=<a@b.example>, dsn=5.1.1, status=bounced (host mx.b.example[192.0.2.1] said: 550 5.1.1 <a@b.example>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))";
    assert_eq!(of(line), Some((Reason::UserUnknown, true)));
    let line = "status=deferred (host mx.example[192.0.2.1] said: 421 4.7.0 [TSS04] Messages from 192.0.2.9 temporarily deferred due to unexpected volume or user complaints (in reply to end of DATA command))";
    assert_eq!(of(line), Some((Reason::BadReputation, false)));
}

#[test]
fn the_verdict_is_shown_and_serialized() {
    let e = explain("550 5.1.1 <kit@example.org>: User unknown").unwrap();
    let text = e.to_string();
    for row in [
        "reason",
        "userunknown",
        "bounce",
        "hard",
        "do not retry",
        "evidence",
    ] {
        assert!(text.contains(row), "{row}: {text}");
    }
    let json = serde_json::to_value(&e).unwrap();
    let v = &json["explanation"]["verdict"];
    assert_eq!(v["reason"], "userunknown");
    assert_eq!(v["hard"], true);
    assert_eq!(v["advice"], "do-not-retry");
    assert_eq!(v["evidence"]["kind"], "code");
    // The reply's own fields are still at the top.
    assert_eq!(json["explanation"]["reply_code"], 550);
}

#[test]
fn verdict_of_a_diagnostic() {
    let v = verdict("SMTP; 552 5.2.2 Mailbox full");
    assert_eq!(
        (v.reason, v.hard, v.advice),
        (Reason::MailboxFull, false, Advice::RetryLater)
    );
    // No code and no known wording: nothing is invented.
    assert_eq!(verdict("something odd happened").reason, Reason::Undefined);
}

#[test]
fn one_advice_per_verdict() {
    // Yahoo's deferral for volume or complaints: the verdict's advice and
    // the vendor's meaning agree (retry later), and only one row advises.
    let input = "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes";
    let e = explain(input).unwrap();
    let shown = e.to_string();
    let advice_rows = shown
        .lines()
        .filter(|l| l.trim_start().starts_with("advice "))
        .count();
    assert_eq!(advice_rows, 1, "{shown}");
    let v = verdict(input);
    assert_eq!((v.hard, v.advice), (false, Advice::RetryLater));
}

#[test]
fn about_says_whose_problem_it_is_and_advice_follows() {
    use smtp_status_explain::About;
    // Only the recipient's address is given up on.
    let cases = [
        (
            "550 5.1.1 <kit@example.org>: User unknown",
            About::RecipientAddress,
            Advice::DoNotRetry,
        ),
        (
            "552 5.2.2 Mailbox full",
            About::RecipientMailbox,
            Advice::RetryLater,
        ),
        (
            "550 5.1.8 Domain of sender address does not exist",
            About::SenderAddress,
            Advice::FixSender,
        ),
        (
            "550 5.7.25 The IP address sending this message does not have a PTR record",
            About::SendingHost,
            Advice::FixSender,
        ),
        (
            "550 5.7.26 Unauthenticated email is not accepted (DMARC)",
            About::SenderAuthentication,
            Advice::FixSender,
        ),
        (
            "552 5.3.4 Message size exceeds fixed limit",
            About::Message,
            Advice::FixMessage,
        ),
    ];
    for (text, about, advice) in cases {
        let v = verdict(text);
        assert_eq!((v.about, v.advice), (about, advice), "{text}: {v}");
        assert_eq!(
            v.advice == Advice::DoNotRetry,
            about == About::RecipientAddress,
            "{text}"
        );
    }
    let json = serde_json::to_value(verdict("552 5.2.2 Mailbox full")).unwrap();
    assert_eq!(json["about"], "recipient_mailbox");
    // Every reason's advice: "do not retry" only for the recipient's address or domain.
    for r in Reason::ALL {
        for permanent in [true, false] {
            if r.advice(permanent) == Advice::DoNotRetry {
                assert!(
                    matches!(r.about(), About::RecipientAddress | About::RecipientDomain),
                    "{r}"
                );
            }
        }
    }
    // A complaint says stop mailing; a rate limit says slow down.
    assert_eq!(Reason::Feedback.advice(false), Advice::StopMailing);
    assert_eq!(Reason::RateLimited.advice(false), Advice::SlowDown);
}

#[test]
fn old_names_are_aliases() {
    for (old, today) in [
        ("mesgtoobig", Reason::EmailTooLarge),
        ("exceedlimit", Reason::EmailTooLarge),
        ("speeding", Reason::RateLimited),
        ("toomanyconn", Reason::RateLimited),
    ] {
        assert_eq!(old.parse::<Reason>(), Ok(today));
        assert!(today.aliases().contains(&old));
        // Output is today's name.
        assert_ne!(today.to_string(), old);
    }
    assert!("suppressed".parse::<Reason>().is_ok());
    assert!("failedstarttls".parse::<Reason>().is_ok());
    assert!("nope".parse::<Reason>().is_err());
}

#[test]
fn a_suppression_list_and_a_tls_requirement_have_their_reasons() {
    use smtp_status_explain::{About, read};
    // Amazon SES's bounce type Permanent/Suppressed: SES did not try.
    let ses = br#"From: no-reply@sns.amazonaws.com
Subject: AWS Notification Message
Content-Type: text/plain

{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"Suppressed","bouncedRecipients":[{"emailAddress":"kit@example.org","action":"failed","status":"5.1.1","diagnosticCode":"Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address."}]},"mail":{"source":"a@example.com"}}
"#;
    let c = read(ses).unwrap();
    let r = &c.recipients[0];
    assert_eq!(
        (r.reason, r.about, r.hard, r.advice),
        (
            Reason::Suppressed,
            About::RecipientAddress,
            false,
            Advice::DoNotRetry
        ),
        "{r}"
    );
    // RFC 4954 section 6: 538 5.7.11, encryption required.
    let v = verdict("538 5.7.11 Encryption required for requested authentication mechanism");
    assert_eq!(
        (v.reason, v.about),
        (Reason::FailedStartTls, About::SenderAuthentication)
    );
}

#[test]
fn evidence_names_its_rule_not_a_sentence() {
    use smtp_status_explain::{Evidence, Rule};
    let json = serde_json::to_value(Evidence::Rule {
        rule: Rule::RefusedAfterData,
    })
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"kind": "rule", "rule": "refused-after-data"})
    );
    let v = verdict("550 User unknown (in reply to end of DATA command)");
    assert_eq!(
        (v.reason, v.evidence),
        (
            Reason::Filtered,
            Evidence::Rule {
                rule: Rule::RefusedAfterData
            }
        )
    );
}
