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

#[test]
fn every_entry_applies_to_its_code_with_its_marker() {
    for m in vendor::all() {
        let text = format!("{} {}", m.code(), text_of(m));
        for c in codes_of(m) {
            let found: Vec<_> = vendor::applicable(c, text.as_bytes()).collect();
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
    // 5.7.708 is Microsoft's 5.7.700-749.
    let m = one(
        "5.7.708",
        b"550 5.7.708 Access denied, traffic not accepted from this IP",
    );
    assert_eq!(m.len(), 1);
    assert_eq!(
        (m[0].vendor(), m[0].code().to_string()),
        (Vendor::Microsoft, "5.7.700-749".into())
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
    let m = vendor::applicable(code("5.7.708"), b"").next().unwrap();
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
