//! The documents' uses of reply codes that registry/reply-codes.txt lists
//! (`ReplyCode::uses`), checked against the RFC sections that define them.

use smtp_status::{ReplyCode, ReplyCodeUse};

/// The uses of `code` that `document` gives in `section`.
fn uses_in(code: u16, document: &str, section: &str) -> Vec<&'static ReplyCodeUse> {
    ReplyCode::new(code)
        .unwrap()
        .uses()
        .iter()
        .filter(|u| u.document == document && u.section == Some(section))
        .collect()
}

#[test]
fn too_many_recipients_is_452_and_rfc_821s_552() {
    // RFC 5321 section 4.5.3.1.10: the limit on RCPT commands is 452; the
    // 552 RFC 821 listed for it is to be treated as temporary.
    let u = uses_in(452, "RFC 5321", "4.5.3.1.10");
    assert_eq!(u.len(), 1);
    assert!(!u[0].general);
    assert_eq!(u[0].name, Some("TOO_MANY_RECIPIENTS"));
    assert!(u[0].text.starts_with("Too many recipients"));
    assert_eq!(ReplyCode::TOO_MANY_RECIPIENTS.as_u16(), 452);
    let u = uses_in(552, "RFC 5321", "4.5.3.1.10");
    assert_eq!(u.len(), 1);
    assert!(u[0].text.contains("temporary"));
    // The general meanings are unchanged.
    assert_eq!(
        ReplyCode::new(452).unwrap().text(),
        "Requested action not taken: insufficient system storage"
    );
}

#[test]
fn atrn_uses_450_and_451() {
    let refused = uses_in(450, "RFC 2645", "7");
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].text, "ATRN request refused");
    let later = uses_in(451, "RFC 2645", "7");
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].text, "Unable to process ATRN request now");
    assert_eq!(uses_in(453, "RFC 2645", "7")[0].text, "You have no mail");
}

#[test]
fn auth_rejects_an_initial_response_the_mechanism_does_not_take_with_501_5_7_0() {
    let u = uses_in(501, "RFC 4954", "4");
    assert!(
        u.iter()
            .any(|u| u.text.contains("initial response") && u.text.contains("5.7.0")),
        "{u:?}"
    );
    // The cancelled exchange and the undecodable response stay listed.
    assert!(u.iter().any(|u| u.text.contains("(\"*\")")));
    assert!(u.iter().any(|u| u.text.contains("5.5.2")));
}

#[test]
fn etrn_replies_are_the_eight_of_rfc_1985_section_5_1() {
    let etrn: Vec<_> = ReplyCodeUse::ALL
        .iter()
        .filter(|u| u.document == "RFC 1985")
        .collect();
    assert_eq!(etrn.len(), 8, "{etrn:?}");
    assert!(etrn.iter().all(|u| u.section == Some("5.1")), "{etrn:?}");
    let codes: Vec<u16> = etrn.iter().map(|u| u.code.as_u16()).collect();
    assert_eq!(codes, [250, 251, 252, 253, 458, 459, 500, 501]);
}
