//! The bounce reader's verdict on a recipient's Status (the DSN parsing
//! itself is tested in the core crate, `crates/smtp-status/tests/dsn.rs`).

#[test]
fn bad_status_is_reported_not_fatal() {
    let b = smtp_status_explain::read(b"X: 1\n\nStatus: 5.1\nAction: failed\n").unwrap();
    let dsn = b.recipients[0].dsn.as_ref().unwrap();
    assert_eq!(dsn.status_invalid.as_deref(), Some("5.1"));
    assert_eq!(dsn.agreement, smtp_status_explain::Agreement::NotComparable);
}

#[test]
fn disagreement_is_stated() {
    let b = smtp_status_explain::read(
        b"X: 1\n\nFinal-Recipient: rfc822; a@b\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 450 4.2.2 full\n",
    )
    .unwrap();
    match &b.recipients[0].dsn.as_ref().unwrap().agreement {
        smtp_status_explain::Agreement::Disagree(why) => {
            let why = why.to_string();
            assert!(why.contains("class 5") && why.contains("450"), "{why}")
        }
        other => panic!("{other:?}"),
    }
}
