//! smtp-status used the way a downstream bounce processor would use it.

use smtp_status::{Class, EnhancedCode, RegisteredCode, ReplyCode};

/// What a bounce processor does with a code: a `match` with a wildcard arm,
/// as `#[non_exhaustive]` requires, so new registry codes never break it.
fn action(code: EnhancedCode) -> &'static str {
    if code.class() != Class::PermanentFailure {
        return "retry";
    }
    match code.registered() {
        Some(RegisteredCode::BadDestinationMailboxAddress)
        | Some(RegisteredCode::DestinationMailboxHasMovedNoForwardingAddress) => "remove address",
        Some(RegisteredCode::MailboxFull) => "retry later",
        Some(RegisteredCode::MultipleAuthenticationChecksFailed) => "fix authentication",
        Some(_) => "inspect",
        None => "unknown code",
    }
}

#[test]
fn match_with_a_wildcard_arm() {
    let cases = [
        ("5.1.1", "remove address"),
        ("5.1.6", "remove address"),
        ("5.2.2", "retry later"),
        ("5.7.26", "fix authentication"),
        ("5.7.1", "inspect"),
        ("5.7.606", "unknown code"),
        ("4.7.32", "retry"),
    ];
    for (text, want) in cases {
        assert_eq!(action(text.parse().unwrap()), want, "{text}");
    }
}

#[test]
fn all_lists_every_code_once_in_registry_order() {
    let all = RegisteredCode::ALL;
    // As many as the registry's code records, first to last (the registry
    // grows in minor releases: nothing here names its size).
    let xml = include_str!("../../registry/smtp-enhanced-status-codes.xml");
    let codes: Vec<&str> = xml
        .split("<code>")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .filter(|c| c.starts_with("X.") && !c.ends_with("YYY"))
        .collect();
    assert_eq!(all.len(), codes.len());
    assert_eq!(all.first().map(|c| c.as_str()), codes.first().copied());
    assert_eq!(all.last().map(|c| c.as_str()), codes.last().copied());
    let mut seen = std::collections::BTreeSet::new();
    for code in all {
        assert!(seen.insert((code.subject().number(), code.detail())));
        assert!(!code.name().is_empty());
        assert_eq!(format!("{code:?}"), code.name());
    }
    // Registry order: by subject, then detail.
    let keys: Vec<_> = all
        .iter()
        .map(|c| (c.subject().number(), c.detail()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn from_str_everywhere() {
    let code: EnhancedCode = "4.2.2".parse().unwrap();
    assert_eq!(code.registered(), Some(RegisteredCode::MailboxFull));
    assert_eq!(
        "X.2.2".parse::<RegisteredCode>(),
        Ok(RegisteredCode::MailboxFull)
    );
    assert_eq!("550".parse::<ReplyCode>().map(u16::from), Ok(550));
    assert!("5.2.2 ".parse::<EnhancedCode>().is_err());
    assert!("650".parse::<ReplyCode>().is_err());
}

#[test]
fn a_code_with_a_class_is_not_read_as_a_registry_entry() {
    for code in RegisteredCode::ALL {
        let entry = code.as_str();
        assert_eq!(entry.parse(), Ok(*code));
        for class in ["2", "4", "5"] {
            let concrete = entry.replacen('X', class, 1);
            assert_eq!(
                concrete.parse::<RegisteredCode>(),
                Err(smtp_status::ParseRegisteredError::HasClass),
                "{concrete}"
            );
            let kept: EnhancedCode = concrete.parse().unwrap();
            assert_eq!(kept.registered(), Some(*code));
            assert_eq!(kept.to_string(), concrete);
        }
    }
    assert!(matches!(
        "2.1".parse::<RegisteredCode>(),
        Err(smtp_status::ParseRegisteredError::Malformed(_))
    ));
}

#[test]
fn reply_codes_from_and_against_numbers() {
    for n in 0..=u16::MAX {
        match ReplyCode::from_u16(n) {
            Ok(code) => {
                assert!((200..=599).contains(&n));
                assert_eq!(code, n);
                assert_eq!(n, code);
                assert_eq!(code.as_u16(), n);
                assert_ne!(code, n.wrapping_add(1));
                assert_eq!(ReplyCode::try_from(n), Ok(code));
            }
            Err(_) => assert!(!(200..=599).contains(&n), "{n}"),
        }
    }
}

#[test]
fn associations_in_both_directions() {
    let entry = RegisteredCode::BadDestinationMailboxAddress;
    let codes: Vec<u16> = entry.reply_codes().iter().map(|c| c.as_u16()).collect();
    assert_eq!(codes, [451, 550]);
    let r550 = ReplyCode::new(550).unwrap();
    assert_eq!(entry.association().allows(r550), Some(true));
    let listing = r550.registered_codes();
    assert!(listing.contains(&entry));
    assert!(listing.contains(&RegisteredCode::MultipleAuthenticationChecksFailed));
    // Every code listed under 550 names 550 itself.
    for code in listing {
        assert!(code.reply_codes().contains(&r550), "{code}");
    }
    assert!(ReplyCode::new(299).unwrap().registered_codes().is_empty());
}

#[test]
fn docs_data_for_every_code() {
    for code in RegisteredCode::ALL {
        for r in code.references() {
            assert!(r.url().starts_with("https://"), "{code}: {}", r.url());
        }
        assert!(!code.references().is_empty(), "{code}");
    }
    let moved = RegisteredCode::RecipientAddressHasNullMx;
    assert_eq!(
        moved.added().map(|d| d.to_string()).as_deref(),
        Some("2014-08-28")
    );
    assert_eq!(
        moved.updated().map(|d| d.to_string()).as_deref(),
        Some("2015-05-18")
    );
    let ref_ids: Vec<_> = RegisteredCode::MailFloodDetected
        .references()
        .iter()
        .map(|r| r.url())
        .collect();
    assert_eq!(
        ref_ids,
        ["https://datatracker.ietf.org/doc/draft-levine-mailbomb-header-00"]
    );
}

#[test]
fn serde_uses_the_string_form() {
    let code: EnhancedCode = "5.7.606".parse().unwrap();
    assert_eq!(serde_json::to_string(&code).unwrap(), "\"5.7.606\"");
    assert_eq!(
        serde_json::from_str::<EnhancedCode>("\"5.7.606\"").unwrap(),
        code
    );
    assert!(serde_json::from_str::<EnhancedCode>("\"5.01.1\"").is_err());
    assert_eq!(
        serde_json::to_string(&RegisteredCode::MailboxFull).unwrap(),
        "\"X.2.2\""
    );
    assert_eq!(
        serde_json::from_str::<RegisteredCode>("\"X.2.2\"").unwrap(),
        RegisteredCode::MailboxFull
    );
    let r = ReplyCode::new(550).unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), "550");
    assert!(serde_json::from_str::<ReplyCode>("650").is_err());
}
