//! `smtp_status::vendor`: every entry applies to its own code and marker,
//! and the rule keeps registered codes clean. (That every line of
//! registry/vendor-codes.txt is generated is checked by the workspace's
//! tests/tests/vendor_data.rs: this package carries no registry/.)

use smtp_status::vendor::{self, Vendor, VendorMeaning};
use smtp_status::{Class, EnhancedCode, RegisteredCode};

fn code(s: &str) -> EnhancedCode {
    s.parse().unwrap()
}

/// Every code an entry's pattern covers.
fn codes_of(m: &VendorMeaning) -> impl Iterator<Item = EnhancedCode> {
    let p = m.code();
    let (lo, hi) = p.details();
    (lo..=hi).map(move |d| EnhancedCode::new(p.class(), p.subject(), d).unwrap())
}

/// A text that carries the entry's first alternative of its marker.
fn text_of(m: &VendorMeaning) -> String {
    m.markers()
        .first()
        .map(|alt| alt.join(" "))
        .unwrap_or_default()
}

/// How many details beyond the first an entry's pattern covers.
fn width(m: &VendorMeaning) -> u16 {
    let (lo, hi) = m.code().details();
    hi - lo
}

/// Whether another entry covers `c` with a narrower pattern than `m`'s.
fn narrower_entry(m: &VendorMeaning, c: EnhancedCode) -> bool {
    vendor::all()
        .iter()
        .any(|o| o.code().matches(c) && width(o) < width(m))
}

#[test]
fn every_entry_applies_to_its_code_with_its_marker() {
    for m in vendor::all() {
        let text = format!("{} {}", m.code(), text_of(m));
        for c in codes_of(m) {
            let found: Vec<_> = vendor::applicable(c, text.as_bytes()).collect();
            if narrower_entry(m, c) {
                // A code of a range with a row of its own gets that row.
                assert!(
                    found.iter().all(|f| width(f) < width(m)),
                    "{c} with {text:?}: {found:?}"
                );
                continue;
            }
            assert!(
                found.iter().any(|f| core::ptr::eq(*f, m)),
                "{c} with {text:?}: {m} not among {found:?}"
            );
            // Each alternative of the marker is enough on its own.
            for alt in m.markers() {
                assert!(m.marker_in(alt.join(" ").to_ascii_uppercase().as_bytes()));
            }
        }
    }
}

#[test]
fn an_entry_without_marker_never_names_a_registered_code() {
    for m in vendor::all().iter().filter(|m| !m.has_marker()) {
        for c in codes_of(m) {
            assert_eq!(
                c.registered(),
                None,
                "{m} has no marker but {c} is registered"
            );
        }
    }
}

#[test]
fn a_registered_code_without_marker_gets_no_vendor_meaning() {
    for r in RegisteredCode::ALL {
        for class in [
            Class::Success,
            Class::PersistentTransientFailure,
            Class::PermanentFailure,
        ] {
            let c = EnhancedCode::new(class, r.subject().number(), r.detail()).unwrap();
            let text = format!("550 {c} user unknown");
            assert_eq!(vendor::applicable(c, text.as_bytes()).count(), 0, "{text}");
        }
    }
    assert_eq!(
        vendor::applicable(code("5.1.1"), b"550 5.1.1 user unknown").count(),
        0
    );
}

#[test]
fn the_issues_examples() {
    let one = |c: &str, text: &[u8]| -> Vec<&'static VendorMeaning> {
        vendor::applicable(code(c), text).collect()
    };
    // 5.7.708 has its own row, which wins over Microsoft's 5.7.700-749.
    let m = one(
        "5.7.708",
        b"550 5.7.708 Access denied, traffic not accepted from this IP",
    );
    assert_eq!(m.len(), 1);
    assert_eq!(
        (m[0].vendor(), m[0].code().to_string()),
        (Vendor::Microsoft, "5.7.708".into())
    );
    // 5.1.10 with Microsoft's marker is "recipient not found", not null MX.
    let m = one(
        "5.1.10",
        b"Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'",
    );
    assert_eq!(m.len(), 1);
    assert!(
        m[0].meaning()
            .to_lowercase()
            .contains("recipient not found")
    );
    // 5.4.1 with Exchange Online's text is directory-based edge blocking.
    let m = one(
        "5.4.1",
        b"550 5.4.1 Recipient address rejected: Access denied. AS(201806281)",
    );
    assert_eq!(m.len(), 1);
    assert!(
        m[0].meaning()
            .to_lowercase()
            .contains("directory-based edge blocking")
    );
    // ... and without it, only the registry's meaning.
    assert!(one("5.4.1", b"550 5.4.1 No answer from host").is_empty());
    // Gmail's continuation line, cut before the end.
    let m = one(
        "5.7.26",
        b"550-5.7.26 Unauthenticated email from example.com is not accepted",
    );
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].vendor(), Vendor::Google);
    // Gmail's 4.7.30 is DKIM, not REQUIRETLS, when its text says so.
    let m = one(
        "4.7.30",
        b"421-4.7.30 Your email has been rate limited because DKIM authentication didn't pass",
    );
    assert!(m[0].meaning().contains("DKIM"));
    // Yahoo's bracketed tags.
    assert_eq!(
        one(
            "4.7.0",
            b"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred"
        )[0]
        .vendor(),
        Vendor::Yahoo
    );
    assert_eq!(
        one(
            "5.7.1",
            b"553 5.7.1 [BL21] Connections will not be accepted"
        )[0]
        .vendor(),
        Vendor::Yahoo
    );
    // Oracle's suppression.
    assert_eq!(
        one(
            "4.7.1",
            b"254 4.7.1 Suppression for user ocid1.user to a@example.com"
        )[0]
        .vendor(),
        Vendor::Oracle
    );
    // An unregistered code no vendor documents: nothing, as before.
    assert!(one("5.9.999", b"anything").is_empty());
}

#[test]
fn an_unregistered_code_prefers_its_most_specific_entries() {
    // 5.0.350 has a generic entry and two with markers.
    let all: Vec<_> = vendor::applicable(code("5.0.350"), b"550 5.0.350 something").collect();
    assert_eq!(all.len(), 1);
    assert!(!all[0].has_marker());
    let marked: Vec<_> =
        vendor::applicable(code("5.0.350"), b"550 5.0.350 x-dg-ref header is too long").collect();
    assert_eq!(marked.len(), 1);
    assert!(marked[0].has_marker());
    // Gmail's 4.7.32 has only a marked entry: the code alone still finds it.
    let bare: Vec<_> = vendor::applicable(code("4.7.32"), b"").collect();
    assert_eq!(bare.len(), 1);
    assert_eq!(bare[0].vendor(), Vendor::Google);
    // meanings() is the plain lookup: it keeps the unmarked entry beside the marked one.
    assert_eq!(
        vendor::meanings(code("5.0.350"), b"x-dg-ref header is too long").count(),
        2
    );
}

#[test]
fn sources_are_the_vendors_own_pages() {
    for m in vendor::all() {
        let host = m
            .source()
            .trim_start_matches("https://")
            .split('/')
            .next()
            .unwrap();
        let expected: &[&str] = match m.vendor() {
            Vendor::Microsoft => &["learn.microsoft.com"],
            Vendor::Google => &["support.google.com"],
            Vendor::Yahoo => &["senders.yahooinc.com"],
            Vendor::Oracle => &["docs.oracle.com"],
            _ => &[],
        };
        assert!(expected.contains(&host), "{m}: {}", m.source());
    }
}

#[test]
fn every_entry_is_found_in_a_line_with_and_without_reply_code() {
    use smtp_status::find;
    for m in vendor::all() {
        let (lo, hi) = m.code().details();
        let reply = match m.code().class() {
            Class::Success => 250,
            Class::PersistentTransientFailure => 451,
            _ => 550,
        };
        for c in
            [lo, hi].map(|d| EnhancedCode::new(m.code().class(), m.code().subject(), d).unwrap())
        {
            if narrower_entry(m, c) {
                continue; // that code's own row is shown instead
            }
            for line in [
                format!("{reply} {c} {}", text_of(m)),
                format!("{c} {}", text_of(m)),
            ] {
                let found = find::codes(line.as_bytes())
                    .next()
                    .and_then(|f| f.enhanced());
                assert_eq!(found, Some(c), "{line}");
                assert!(
                    vendor::applicable(c, line.as_bytes()).any(|f| core::ptr::eq(f, m)),
                    "{line}: {m}"
                );
            }
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn serializes_as_one_flat_object() {
    let m = vendor::applicable(code("5.7.720"), b"").next().unwrap();
    let json = serde_json::to_value(m).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "vendor": "microsoft",
            "code": "5.7.700-749",
            "markers": [],
            "meaning": m.meaning(),
            "action": m.action(),
            "source": m.source(),
        })
    );
    let m = vendor::applicable(code("5.1.10"), b"RESOLVER.ADR.RecipientNotFound")
        .next()
        .unwrap();
    assert_eq!(
        serde_json::to_value(m).unwrap()["markers"],
        serde_json::json!([
            ["RESOLVER.ADR.RecipientNotFound"],
            ["Recipient not found by SMTP address lookup"]
        ])
    );
}

#[test]
fn no_marker_of_one_vendor_claims_another_vendors_text() {
    for m in vendor::all().iter().filter(|m| m.has_marker()) {
        let (lo, hi) = m.code().details();
        for d in [lo, hi] {
            let c = EnhancedCode::new(m.code().class(), m.code().subject(), d).unwrap();
            for alt in m.markers() {
                let text = format!("{c} {}", alt.join(" "));
                for other in vendor::applicable(c, text.as_bytes()) {
                    assert_eq!(other.vendor(), m.vendor(), "{text:?}: {m} and {other}");
                }
            }
        }
    }
    // Texts other servers print are not taken for a vendor's.
    let none = |c: &str, text: &[u8]| vendor::applicable(code(c), text).count() == 0;
    assert!(none(
        "5.7.1",
        b"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"
    ));
    assert!(none("4.5.3", b"452 4.5.3 Too many recipients"));
    assert!(none("5.5.1", b"503 5.5.1 Bad sequence of commands"));
    assert!(none("5.1.1", b"550 5.1.1 Bad destination mailbox address"));
    let gmail = b"452-4.5.3 Your message has too many recipients. For more information regarding 452 4.5.3 Google's sending limits - gsmtp";
    let m: Vec<_> = vendor::applicable(code("4.5.3"), gmail).collect();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].vendor(), Vendor::Google);
}

/// The one entry `applicable` gives for `text` with `c`, as (vendor, code).
fn only(c: &str, text: &str) -> (Vendor, String) {
    let m: Vec<_> = vendor::applicable(code(c), text.as_bytes()).collect();
    assert_eq!(m.len(), 1, "{c} {text:?}: {m:?}");
    (m[0].vendor(), m[0].code().to_string())
}

/// The entries `applicable` gives for `text` with `c`.
fn all_of(c: &str, text: &str) -> Vec<&'static VendorMeaning> {
    vendor::applicable(code(c), text.as_bytes()).collect()
}

#[test]
fn an_entry_for_the_code_itself_wins_over_the_range_that_holds_it() {
    let m = |c: &str| (Vendor::Microsoft, c.to_string());
    // With the documented text, and without any text.
    for (c, text) in [
        (
            "5.7.703",
            "550 5.7.703 Your message can't be delivered because messages to x@example.com are blocked by your organization using Tenant Allow Block List.",
        ),
        ("5.7.703", "550 5.7.703"),
        (
            "5.7.705",
            "550 5.7.705 Access denied, tenant has exceeded threshold",
        ),
        ("5.7.705", ""),
        (
            "5.7.708",
            "550 5.7.708 Access denied, traffic not accepted from this IP",
        ),
        ("5.7.708", ""),
    ] {
        assert_eq!(only(c, text), m(c), "{text:?}");
    }
    // A code of the range that has no row of its own still gets the range.
    assert_eq!(only("5.7.720", ""), m("5.7.700-749"));
    assert_eq!(
        only("5.7.749", "550 5.7.749 Access denied"),
        m("5.7.700-749")
    );
    // Every single-code entry inside a range is chosen before the range.
    for single in vendor::all()
        .iter()
        .filter(|e| e.code().details().0 == e.code().details().1)
    {
        let (d, _) = single.code().details();
        let c = EnhancedCode::new(single.code().class(), single.code().subject(), d).unwrap();
        let text = format!("{c} {}", text_of(single));
        for found in vendor::applicable(c, text.as_bytes()) {
            assert_eq!(found.code().details(), (d, d), "{text}: {found}");
        }
    }
}

#[test]
fn gmail_auth_replies_carry_the_codes_gmail_sends() {
    let google = |c: &str| (Vendor::Google, c.to_string());
    assert_eq!(
        only(
            "5.7.8",
            "535-5.7.8 Username and Password not accepted. Learn more at\n535 5.7.8 https://support.google.com/mail/?p=BadCredentials t66sm6271302pjb.45 - gsmtp"
        ),
        google("5.7.8")
    );
    assert_eq!(
        only("5.7.8", "535-5.7.8 Username and Password not accepted"),
        google("5.7.8")
    );
    assert_eq!(
        only(
            "5.7.9",
            "534-5.7.9 Application-specific password required. Learn more at"
        ),
        google("5.7.9")
    );
    assert_eq!(
        only(
            "5.7.9",
            "534-5.7.9 Please log in with your web browser and then try again."
        ),
        google("5.7.9")
    );
    assert_eq!(
        only("5.7.4", "504 5.7.4 Unrecognized authentication type"),
        google("5.7.4")
    );
    assert_eq!(
        only("5.7.4", "504 5.7.4 XOAUTH is no longer supported"),
        google("5.7.4")
    );
    // The codes Google's page misprints are not what a server sends: nothing
    // of the file is left under them.
    for c in ["5.7.80", "5.7.90"] {
        assert!(
            all_of(c, "Username and Password not accepted").is_empty(),
            "{c}"
        );
    }
    assert!(vendor::all().iter().all(|m| {
        let t = m.code().to_string();
        !(m.vendor() == Vendor::Google && (t == "5.7.80" || t == "5.7.90"))
    }));
}

/// IANA's sample text of a registered code is what any server may print:
/// it never selects a vendor's meaning on its own.
#[test]
fn iana_sample_texts_select_no_vendor_meaning() {
    for r in RegisteredCode::ALL {
        for class in [Class::PersistentTransientFailure, Class::PermanentFailure] {
            let c = r.with_class(class);
            let reply = if class == Class::PermanentFailure {
                550
            } else {
                450
            };
            let text = format!("{reply} {c} {} [mx.example.org]", r.sample());
            let found: Vec<_> = vendor::applicable(c, text.as_bytes()).collect();
            assert!(found.is_empty(), "{text:?}: {found:?}");
        }
    }
    // Two Microsoft codes sent by servers that are not Microsoft's.
    assert!(all_of("5.4.6", "554 5.4.6 Routing loop detected").is_empty());
    assert!(
        all_of(
            "5.7.1",
            "550 5.7.1 Delivery not authorized, message refused"
        )
        .is_empty()
    );
    assert!(all_of("5.7.1", "Status: 5.7.1 (delivery not authorized)").is_empty());
    // Microsoft's own replies still carry its meaning.
    let microsoft = |c: &str| (Vendor::Microsoft, c.to_string());
    assert_eq!(
        only(
            "5.4.14",
            "554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [HE1EUR01FT063.eop-EUR01.prod.protection.outlook.com]"
        ),
        microsoft("5.4.14")
    );
    assert_eq!(
        only("5.4.6", "554 5.4.6 Hop count exceeded - possible mail loop"),
        microsoft("5.4.6")
    );
    assert_eq!(
        only(
            "5.4.6",
            "554 5.4.6 Routing loop detected [AM4P190MB0209.EURP190.PROD.OUTLOOK.COM]"
        ),
        microsoft("5.4.6")
    );
    assert_eq!(
        only(
            "5.7.1",
            "550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized"
        ),
        microsoft("5.7.1")
    );
    assert_eq!(
        only(
            "5.7.1",
            "550 5.7.1 Delivery not authorized, message refused [BN8NAM12FT011.eop-nam12.prod.protection.outlook.com]"
        ),
        microsoft("5.7.1")
    );
}

#[test]
fn gmail_wordings_the_file_missed_or_misquoted() {
    let google = |c: &str| (Vendor::Google, c.to_string());
    let meaning = |c: &str, text: &str| {
        let m = all_of(c, text);
        assert_eq!(m.len(), 1, "{c} {text:?}: {m:?}");
        assert_eq!(m[0].vendor(), Vendor::Google);
        m[0].meaning()
    };
    // Multiple From addresses, as Gmail prints it, wrapped where the IP
    // left room: the words of one line go on the next.
    for text in [
        "550-5.7.1 [192.0.2.1 13] Messages with multiple addresses in From: header are not accepted. - gsmtp",
        "550-5.7.1 [192.0.2.1 13] Messages with multiple addresses in\nFrom: header are not accepted. e29si70840edc.142 - gsmtp",
        "550-5.7.1 [2001:db8::1 13] Messages with multiple addresses\nin From: header are not accepted. - gsmtp",
    ] {
        assert!(
            meaning("5.7.1", text).contains("several From addresses"),
            "{text:?}"
        );
    }
    // 4.7.29, as Gmail's servers and its page word it.
    for text in [
        "421-4.7.29 Your email has been rate limited because this message wasn't sent over a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections.",
        "421-4.7.29 Your email has been rate limited because you're not using a TLS connection.",
        "421-4.7.29 This mail has been rate limited because TLS wasn't used. Gmail requires all large senders to use TLS/SSL during SMTP.",
    ] {
        assert_eq!(only("4.7.29", text), google("4.7.29"), "{text:?}");
    }
    // The unusual rate of unsolicited mail, under 4.7.0 and 5.7.1.
    let t = "421-4.7.0 [192.0.2.1 15] Our system has detected an unusual rate of\n421-4.7.0 unsolicited mail originating from your IP address. To protect our\n421-4.7.0 users from spam, mail sent from your IP address has been temporarily\n421 4.7.0 rate limited. - gsmtp";
    assert!(meaning("4.7.0", t).contains("unusual rate of unsolicited mail"));
    let t = "550-5.7.1 [192.0.2.1 1] Our system has detected an unusual rate of 550-5.7.1 unsolicited mail originating from your IP address. - gsmtp";
    assert!(meaning("5.7.1", t).contains("unusual rate of unsolicited mail"));
    // DMARC rejections under 5.7.1.
    for text in [
        "550-5.7.1 Unauthenticated email from yahoo.com is not accepted due to\n550-5.7.1 domain's DMARC policy. Please contact administrator of yahoo.com domain",
        "550 5.7.1 Unauthenticated email is not accepted from this domain. - gsmtp",
    ] {
        assert!(meaning("5.7.1", text).contains("DMARC"), "{text:?}");
    }
    // 5.7.25's second PTR wording.
    assert_eq!(
        only(
            "5.7.25",
            "550-5.7.25 The sending IP does not match the IP address of the hostname specified in the pointer (PTR) record."
        ),
        google("5.7.25")
    );
}

#[test]
fn microsoft_and_yahoo_rows_the_file_missed() {
    assert_eq!(
        only(
            "5.7.520",
            "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)"
        ),
        (Vendor::Microsoft, "5.7.520".into())
    );
    assert_eq!(
        only(
            "4.7.0",
            "421 4.7.0 [GL01] Message from 192.0.2.1 temporarily deferred - 4.16.50"
        ),
        (Vendor::Yahoo, "4.7.0".into())
    );
    let m = all_of(
        "4.7.1",
        "421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.",
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].vendor(), Vendor::Yahoo);
    assert!(m[0].meaning().starts_with("Excessive unsolicited messages"));
    // The tags alone decide, not the reply's other words.
    assert!(
        all_of(
            "4.7.1",
            "421 4.7.1 All messages from 192.0.2.1 will be permanently deferred"
        )
        .is_empty()
    );
}
