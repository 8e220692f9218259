//! The serde forms of the small types (with `--features serde`).
#![cfg(feature = "serde")]

use smtp_status::reply::{self, ErrorKind, Warning};
use smtp_status::{Class, ReplyCategory, ReplyCode, Subject, SubjectCode};

fn round_trip<T>(value: T, json: &str)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + core::fmt::Debug,
{
    assert_eq!(serde_json::to_string(&value).unwrap(), json);
    assert_eq!(serde_json::from_str::<T>(json).unwrap(), value);
}

#[test]
fn small_types_round_trip() {
    for &c in Class::ALL {
        round_trip(c, &c.digit().to_string());
    }
    for &s in Subject::ALL {
        round_trip(s, &s.number().to_string());
    }
    round_trip(SubjectCode::new(8).unwrap(), "8");
    round_trip(ReplyCategory::TransientNegative, "4");
    for &w in Warning::ALL {
        round_trip(w, &format!("\"{w:?}\""));
    }
    for &k in ErrorKind::ALL {
        round_trip(k, &format!("\"{k:?}\""));
    }
    assert!(serde_json::from_str::<Class>("3").is_err());
    assert!(serde_json::from_str::<Subject>("8").is_err());
    assert!(serde_json::from_str::<SubjectCode>("1000").is_err());
    assert!(serde_json::from_str::<Warning>("\"Nonsense\"").is_err());
}

#[test]
fn a_reply_code_reads_from_a_number_or_a_string() {
    let want = ReplyCode::new(550).unwrap();
    assert_eq!(serde_json::from_str::<ReplyCode>("550").unwrap(), want);
    assert_eq!(serde_json::from_str::<ReplyCode>("\"550\"").unwrap(), want);
    assert_eq!(serde_json::to_string(&want).unwrap(), "550");
    for bad in ["650", "\"650\"", "-1", "\"55\"", "70000", "5.5"] {
        assert!(serde_json::from_str::<ReplyCode>(bad).is_err(), "{bad}");
    }
    // The warnings of a parsed reply, as a JSON list.
    let r = reply::parse(b"450 5.7.1 odd\x1b\r\n").unwrap();
    let ws: Vec<Warning> = r.warnings().collect();
    assert_eq!(
        serde_json::to_string(&ws).unwrap(),
        "[\"ClassMismatch\",\"ControlCharacter\"]"
    );
}
