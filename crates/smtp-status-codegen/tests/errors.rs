//! Unknown shapes stop generation with `path:line: message`.

const XML: &str = include_str!("../../../registry/smtp-enhanced-status-codes.xml");
const NAMES: &str = include_str!("../../../registry/names.txt");
const REPLY_CODES: &str = include_str!("../../../registry/reply-codes.txt");

fn generate(xml: &str, names: &str) -> Result<smtp_status_codegen::Output, String> {
    smtp_status_codegen::generate(&smtp_status_codegen::Sources {
        xml: xml.as_bytes(),
        xml_path: "reg.xml",
        names,
        names_path: "names.txt",
        reply_codes: REPLY_CODES,
        reply_codes_path: "reply-codes.txt",
    })
    .map_err(|e| e.to_string())
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(xml: &str, needle: &str) -> usize {
    xml[..xml.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn the_committed_registry_generates() {
    let out = generate(XML, NAMES).unwrap();
    // As many codes as the XML has code records (subjects end in `.YYY`).
    let records = XML
        .split("<code>X.")
        .skip(1)
        .filter(|rest| !rest.split('<').next().unwrap_or("").ends_with("YYY"))
        .count();
    assert_eq!(out.registry.codes.len(), records);
    assert_eq!(out.registry.classes.len(), 3);
    assert_eq!(out.registry.subjects.len(), 8);
}

#[test]
fn an_unknown_element_in_a_record() {
    let xml = XML.replacen(
        "<sample>Mailbox full</sample>",
        "<sample>Mailbox full</sample><color>red</color>",
        1,
    );
    let line = line_of(&xml, "<color>");
    assert_eq!(
        generate(&xml, NAMES).unwrap_err(),
        format!("reg.xml:{line}: unknown element <color> in a record")
    );
}

#[test]
fn an_unknown_attribute_and_an_unknown_xref_type() {
    let xml = XML.replacen(
        "<record date=\"2018-12-21\">",
        "<record date=\"2018-12-21\" status=\"x\">",
        1,
    );
    let line = line_of(&xml, "status=");
    assert_eq!(
        generate(&xml, NAMES).unwrap_err(),
        format!("reg.xml:{line}: unknown attribute `status` on <record>")
    );
    let xml = XML.replacen(
        "type=\"rfc\" data=\"rfc8617\"",
        "type=\"uri\" data=\"x\"",
        1,
    );
    assert!(
        generate(&xml, NAMES)
            .unwrap_err()
            .contains("unknown xref type \"uri\"")
    );
}

#[test]
fn an_unknown_form_of_associated_reply_codes() {
    let xml = XML.replacen(
        "<basic_code>552</basic_code>",
        "<basic_code>552 usually</basic_code>",
        1,
    );
    let err = generate(&xml, NAMES).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "reg.xml:{}: X.2.2: basic_code",
            line_of(&xml, "552 usually")
        )),
        "{err}"
    );
}

#[test]
fn malformed_codes_and_duplicates() {
    let xml = XML.replacen("<code>X.2.2</code>", "<code>X.2.02</code>", 1);
    assert!(
        generate(&xml, NAMES)
            .unwrap_err()
            .contains("\"X.2.02\" is not of the form")
    );
    let xml = XML.replacen("<code>X.2.3</code>", "<code>X.2.2</code>", 1);
    let err = generate(&xml, NAMES).unwrap_err();
    assert!(err.contains("duplicate code X.2.2 (first at line"), "{err}");
}

#[test]
fn names_must_be_pinned_and_distinct() {
    let names = NAMES.replace(
        "X.2.3 MessageLengthExceedsAdministrativeLimit",
        "X.2.3 MailboxFull",
    );
    let err = generate(XML, &names).unwrap_err();
    assert!(
        err.contains("X.2.2 and X.2.3 both resolve to the name MailboxFull"),
        "{err}"
    );
    let names = NAMES.replace("X.6.10 DuplicateOfUtf8StringReplyIsRequired\n", "");
    let err = generate(XML, &names).unwrap_err();
    assert!(err.contains("X.6.10 has no pinned name"), "{err}");
}

#[test]
fn not_the_registry() {
    let err = generate("<html><body>Not found</body></html>", NAMES).unwrap_err();
    assert_eq!(
        err,
        "reg.xml:1: not the registry: root element is <html>, expected <registry>"
    );
    let err = generate(
        &XML.replacen("id=\"smtp-enhanced-status-codes\"", "id=\"media-types\"", 1),
        NAMES,
    )
    .unwrap_err();
    assert!(
        err.contains("not the SMTP Enhanced Status Codes registry"),
        "{err}"
    );
    let err = generate(&XML[..XML.len() / 2], NAMES).unwrap_err();
    assert!(err.starts_with("reg.xml:"), "{err}");
}
