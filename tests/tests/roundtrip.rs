//! Every value of the open type, parsed from its text and printed back.

use smtp_status::{Class, EnhancedCode, ParseCodeError, Part, RegisteredCode, Subject};

#[test]
fn whole_domain_round_trip() {
    let mut text = String::new();
    let mut registered = 0;
    for &class in Class::ALL {
        for subject in 0..=999u16 {
            for detail in 0..=999u16 {
                let code = EnhancedCode::new(class, subject, detail).expect("in range");
                text.clear();
                use std::fmt::Write;
                write!(text, "{code}").unwrap();
                assert_eq!(text, format!("{}.{subject}.{detail}", class as u8));
                let back: EnhancedCode = text.parse().unwrap();
                assert_eq!(back, code);
                assert_eq!(EnhancedCode::from_bytes(text.as_bytes()), Ok(code));
                assert_eq!(
                    (back.class(), back.subject().number(), back.detail()),
                    (class, subject, detail)
                );
                assert_eq!(back.subject_kind(), Subject::from_number(subject));
                if let Some(r) = back.registered() {
                    registered += 1;
                    assert_eq!(r.with_class(class), code);
                }
            }
        }
    }
    assert_eq!(registered, 3 * RegisteredCode::ALL.len());
    assert_eq!(EnhancedCode::new(Class::Success, 1000, 0), None);
    assert_eq!(EnhancedCode::new(Class::Success, 0, 1000), None);
}

#[test]
fn rejected_inputs_name_the_cause_and_place() {
    let cases: &[(&str, ParseCodeError)] = &[
        (
            "5.01.1",
            ParseCodeError::LeadingZero {
                part: Part::Subject,
                offset: 2,
            },
        ),
        (
            "5.1.1000",
            ParseCodeError::TooManyDigits {
                part: Part::Detail,
                offset: 4,
            },
        ),
        ("3.1.1", ParseCodeError::InvalidClass { offset: 0 }),
        (
            "5..1",
            ParseCodeError::MissingNumber {
                part: Part::Subject,
                offset: 2,
            },
        ),
        (" 5.1.1", ParseCodeError::InvalidClass { offset: 0 }),
        ("5.1.1 ", ParseCodeError::TrailingInput { offset: 5 }),
        ("", ParseCodeError::Empty),
        // Arabic-Indic and fullwidth digits are digits to Unicode, not to RFC 3463.
        ("\u{0665}.1.1", ParseCodeError::InvalidClass { offset: 0 }),
        (
            "5.\u{FF11}.1",
            ParseCodeError::MissingNumber {
                part: Part::Subject,
                offset: 2,
            },
        ),
        (
            "5.1.\u{0661}",
            ParseCodeError::MissingNumber {
                part: Part::Detail,
                offset: 4,
            },
        ),
    ];
    for (input, want) in cases {
        let got = input.parse::<EnhancedCode>();
        assert_eq!(got, Err(*want), "{input:?}");
        let message = want.to_string();
        assert!(
            message.contains(&format!("byte {}", want.offset())) || *want == ParseCodeError::Empty,
            "{message}"
        );
    }
}

#[test]
fn out_of_registry_codes_are_exact() {
    for (text, class, subject, detail) in [
        ("5.7.708", Class::PermanentFailure, 7, 708),
        ("4.7.32", Class::PersistentTransientFailure, 7, 32),
        ("5.7.606", Class::PermanentFailure, 7, 606),
        ("5.999.999", Class::PermanentFailure, 999, 999),
        ("2.0.0", Class::Success, 0, 0),
    ] {
        let code: EnhancedCode = text.parse().unwrap();
        assert_eq!(
            (code.class(), code.subject().number(), code.detail()),
            (class, subject, detail)
        );
        assert_eq!(code.to_string(), text);
    }
    let unknown_subject: EnhancedCode = "4.9.1".parse().unwrap();
    assert_eq!(unknown_subject.subject_kind(), None);
    assert_eq!(unknown_subject.class(), Class::PersistentTransientFailure);
    assert_eq!(
        unknown_subject.class().summary(),
        "Persistent Transient Failure"
    );
}
