//! `explain` on the forms users paste, most specific reading first, with
//! where each code was found.

use smtp_status_explain::{Explanation, explain};

/// (byte range, reply code, enhanced code, cut) of one code found.
type Found = (std::ops::Range<usize>, Option<u16>, Option<String>, bool);

/// Each code found in `input`.
fn found(input: &str) -> Vec<Found> {
    match explain(input) {
        Ok(Explanation::Text(t)) => t
            .found
            .iter()
            .map(|f| {
                (
                    f.range.clone(),
                    f.reply.map(|r| r.as_u16()),
                    f.enhanced.as_ref().map(|e| e.code.to_string()),
                    f.cut,
                )
            })
            .collect(),
        other => panic!("{input}: {other:?}"),
    }
}

fn s(code: &str) -> Option<String> {
    Some(code.to_owned())
}

#[test]
fn whole_replies_are_read_strictly() {
    for input in [
        "550 5.1.1 <a@b>: User unknown",
        "550-5.7.1 one\r\n550 5.7.1 two\r\n",
        "554 Transaction failed",
        // RFC 5321's own codes are replies even without an enhanced code:
        // the text cannot tell this from an ordinary sentence.
        "250 items, 3.50 each",
    ] {
        assert!(
            matches!(explain(input), Ok(Explanation::Reply(_))),
            "{input}"
        );
    }
}

#[test]
fn codes_in_text_say_where_they_are() {
    let cases: &[(&str, usize, Option<u16>, &str)] = &[
        ("5.1.10 Recipient not found", 0, None, "5.1.10"),
        (
            "4.7.321 starttls-not-supported: Destination mail server must support TLS",
            0,
            None,
            "4.7.321",
        ),
        (
            "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found'",
            24,
            Some(550),
            "5.1.10",
        ),
        (
            "host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@b>: User unknown (in reply to RCPT TO command)",
            37,
            Some(550),
            "5.1.1",
        ),
        ("smtp; 550 5.7.1 Message rejected", 6, Some(550), "5.7.1"),
        (
            "X-Postfix; host mx.example.com said: 550 5.1.1 unknown",
            37,
            Some(550),
            "5.1.1",
        ),
    ];
    for &(input, start, reply, code) in cases {
        let f = found(input);
        assert_eq!(f[0].0.start, start, "{input}");
        assert_eq!(f[0].1, reply, "{input}");
        assert_eq!(f[0].2, s(code), "{input}");
        assert_eq!(
            &input[f[0].0.clone()].rsplit(' ').next(),
            &Some(code),
            "{input}"
        );
    }
}

#[test]
fn exchange_and_postfix_log_forms() {
    let f = found("#5.1.1 SMTP; 550 5.1.1 User unknown");
    assert_eq!(f[0], (1..6, None, s("5.1.1"), false));
    assert_eq!(f[1], (13..22, Some(550), s("5.1.1"), false));
    let log = "to=<a@b>, relay=mx[192.0.2.1]:25, delay=1.2, dsn=4.2.2, status=deferred (host mx said: 452 4.2.2 Mailbox full)";
    let f = found(log);
    assert_eq!(f[0].2, s("4.2.2"));
    assert_eq!(f[1].1, Some(452));
}

#[test]
fn a_continuation_line_is_explained_as_cut() {
    let f = found("550-5.7.26 Unauthenticated email from example.com is not accepted");
    assert_eq!(f, [(0..10, Some(550), s("5.7.26"), true)]);
    let Ok(e) = explain("550-5.7.26 Unauthenticated email") else {
        panic!()
    };
    assert!(e.to_string().contains("the reply was cut"), "{e}");
}

#[test]
fn text_without_a_code_is_an_error() {
    for input in [
        "Access denied, please try again later",
        "Apache/2.4.57 on 192.0.2.1, v5.1.0, 2024.12.06",
        "Order #4411-2 shipped on 2024.12.06 for $450.00",
        "422 items, 3.50 each",
        "2021.08.13 release notes",
        "",
    ] {
        assert!(explain(input).is_err(), "{input}");
    }
}

#[test]
fn vendor_meanings_beside_the_registry() {
    // Registered, with Microsoft's marker: the registry's entry first, the
    // vendor's meaning beside it.
    let Ok(Explanation::Reply(r)) = explain(
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
    ) else {
        panic!()
    };
    assert_eq!(r.reply.registered().unwrap().as_str(), "X.1.10");
    assert_eq!(r.reply.vendor.len(), 1);
    let text = r.to_string();
    let registry = text.find("registry").unwrap();
    let vendor = text.find("Microsoft 365 / Exchange Online").unwrap();
    assert!(registry < vendor, "{text}");
    // Registered, without the marker: the registry alone.
    let Ok(Explanation::Reply(r)) = explain("550 5.1.10 no such domain") else {
        panic!()
    };
    assert!(r.reply.vendor.is_empty());
    // Unregistered, undocumented: said so.
    let Ok(e) = explain("5.9.42") else { panic!() };
    assert!(e.to_string().contains("no vendor meaning is known"), "{e}");
}
