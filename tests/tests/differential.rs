//! The generated tables against an independent reading of the committed
//! registry XML (roxmltree here, quick-xml in the generator).

use smtp_status::{Association, Class, RegisteredCode, ReplyCode, Subject};

const XML: &str = include_str!("../../registry/smtp-enhanced-status-codes.xml");

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> roxmltree::Node<'a, 'a> {
    n.children()
        .find(|c| c.has_tag_name(name))
        .unwrap_or_else(|| panic!("no <{name}>"))
}

/// Text of mixed content with each xref as "RFC n" or the draft name.
fn plain(n: roxmltree::Node<'_, '_>) -> String {
    let mut s = String::new();
    for c in n.children() {
        if c.is_text() {
            s.push_str(c.text().unwrap_or(""));
        } else if c.has_tag_name("xref") {
            let data = c.attribute("data").unwrap();
            match c.attribute("type") {
                Some("rfc") => s.push_str(&format!("RFC {}", &data[3..])),
                _ => s.push_str(data),
            }
        }
    }
    collapse(&s)
}

fn sub_registry<'a>(doc: &'a roxmltree::Document<'a>, n: u8) -> Vec<roxmltree::Node<'a, 'a>> {
    let id = format!("smtp-enhanced-status-codes-{n}");
    doc.descendants()
        .find(|e| e.attribute("id") == Some(id.as_str()))
        .unwrap()
        .children()
        .filter(|c| c.has_tag_name("record"))
        .collect()
}

#[test]
fn registry_date_matches() {
    let doc = roxmltree::Document::parse(XML).unwrap();
    let updated = child(doc.root_element(), "updated").text().unwrap();
    assert_eq!(smtp_status::REGISTRY_UPDATED.to_string(), updated);
}

#[test]
fn classes_and_subjects_match() {
    let doc = roxmltree::Document::parse(XML).unwrap();
    let classes = sub_registry(&doc, 1);
    assert_eq!(classes.len(), Class::ALL.len());
    for (rec, class) in classes.iter().zip(Class::ALL) {
        let code = child(*rec, "code").text().unwrap();
        assert_eq!(code, format!("{}.XXX.YYY", *class as u8));
        assert_eq!(
            class.summary(),
            collapse(child(*rec, "summary").text().unwrap())
        );
        assert_eq!(class.description(), plain(child(*rec, "description")));
    }
    let subjects = sub_registry(&doc, 2);
    assert_eq!(subjects.len(), Subject::ALL.len());
    for (rec, subject) in subjects.iter().zip(Subject::ALL) {
        let code = child(*rec, "code").text().unwrap();
        assert_eq!(code, format!("X.{}.YYY", subject.number()));
        assert_eq!(
            subject.summary(),
            collapse(child(*rec, "summary").text().unwrap())
        );
        assert_eq!(subject.description(), plain(child(*rec, "description")));
    }
}

fn numbers(s: &str) -> Vec<u16> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 3)
        .map(|t| t.parse().unwrap())
        .collect()
}

#[test]
#[allow(deprecated)]
fn every_code_matches_the_xml() {
    let doc = roxmltree::Document::parse(XML).unwrap();
    let records = sub_registry(&doc, 3);
    assert!(!records.is_empty());
    assert_eq!(records.len(), RegisteredCode::ALL.len());
    for (rec, &code) in records.iter().zip(RegisteredCode::ALL) {
        let text = child(*rec, "code").text().unwrap();
        assert_eq!(code.as_str(), text);
        let mut parts = text.split('.').skip(1).map(|p| p.parse::<u16>().unwrap());
        let (s, d) = (parts.next().unwrap(), parts.next().unwrap());
        assert_eq!((code.subject().number(), code.detail()), (s, d), "{text}");
        assert_eq!(RegisteredCode::from_parts(s, d), Some(code));

        let field = |name: &str| collapse(child(*rec, name).text().unwrap_or(""));
        assert_eq!(code.sample(), field("sample"), "{text}");
        assert_eq!(code.basic_code_raw(), field("basic_code"), "{text}");
        assert_eq!(
            code.description(),
            plain(child(*rec, "description")),
            "{text}"
        );
        assert_eq!(
            code.reference_text(),
            plain(child(*rec, "reference")),
            "{text}"
        );
        assert_eq!(code.submitter().unwrap_or(""), field("submitter"), "{text}");
        assert_eq!(
            code.change_controller().unwrap_or(""),
            field("change_controller"),
            "{text}"
        );
        assert_eq!(
            code.added().map(|d| d.to_string()).as_deref(),
            rec.attribute("date"),
            "{text}"
        );
        assert_eq!(
            code.updated().map(|d| d.to_string()).as_deref(),
            rec.attribute("updated"),
            "{text}"
        );

        let xrefs: Vec<_> = child(*rec, "reference")
            .children()
            .filter(|c| c.has_tag_name("xref"))
            .map(|x| {
                (
                    x.attribute("type").unwrap().to_string(),
                    x.attribute("data").unwrap().to_string(),
                )
            })
            .collect();
        let refs: Vec<_> = code
            .references()
            .iter()
            .map(|r| (r.kind().as_str().to_string(), r.id().to_string()))
            .collect();
        assert_eq!(refs, xrefs, "{text}");

        // Reply codes: every 3-digit number before any parenthesis.
        let raw = field("basic_code");
        let listed = numbers(raw.split('(').next().unwrap());
        let typed: Vec<u16> = code.reply_codes().iter().map(|c| c.as_u16()).collect();
        assert_eq!(typed, listed, "{text}");
        for r in code.reply_codes() {
            assert!(
                r.registered_codes().contains(&code),
                "{text} not listed under {r}"
            );
        }

        let says_deprecated = field("description").to_lowercase().contains("deprecated");
        assert_eq!(code.deprecation().is_some(), says_deprecated, "{text}");
    }
}

#[test]
#[allow(deprecated)]
fn every_form_of_associated_reply_codes_is_modelled() {
    let r = |n| ReplyCode::new(n).unwrap();
    let cases = [
        (
            RegisteredCode::OtherUndefinedStatus,
            "Any",
            Association::Any,
        ),
        (
            RegisteredCode::OtherAddressStatus,
            "Not given",
            Association::NotGiven,
        ),
        (
            RegisteredCode::MailFloodDetected,
            ".",
            Association::Placeholder,
        ),
        (
            RegisteredCode::DuplicateOfUtf8StringReplyIsRequired,
            "",
            Association::Empty,
        ),
    ];
    for (code, raw, want) in cases {
        assert_eq!(code.basic_code_raw(), raw);
        assert_eq!(code.association(), want, "{code}");
    }
    for (code, raw, want) in [
        (
            RegisteredCode::SpfValidationError,
            "451/550",
            [r(451), r(550)],
        ),
        (
            RegisteredCode::RequestedPriorityWasChanged,
            "250 or 251",
            [r(250), r(251)],
        ),
    ] {
        assert_eq!(code.basic_code_raw(), raw);
        assert!(matches!(code.association(), Association::Codes(c) if c == want));
    }
    assert!(matches!(
        RegisteredCode::MailboxOwnerHasChanged.association(),
        Association::AnyOfCategory(smtp_status::ReplyCategory::PermanentNegative)
    ));
    let Association::CodesOrOthers { codes, others } =
        RegisteredCode::PriorityLevelIsTooLow.association()
    else {
        panic!("X.7.15 is a list with others allowed");
    };
    assert_eq!(codes, &[r(450), r(550)]);
    assert_eq!(others.len(), 2);
    // X.5.0's list wraps across lines in the XML.
    assert_eq!(
        RegisteredCode::OtherOrUndefinedProtocolStatus
            .reply_codes()
            .len(),
        14
    );
}
