//! [`scan`](super::scan) against an independent reading, and small cases.

use super::*;

/// An independent reading of the grammar, byte by byte, as the crate
/// parsed before [`scan`]: the oracle of the sweep below.
fn oracle(bytes: &[u8]) -> Result<(EnhancedCode, usize), ParseCodeError> {
    fn number(b: &[u8], start: usize, part: Part) -> Result<(u16, usize), ParseCodeError> {
        let offset = start;
        let digits = b[start.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return Err(ParseCodeError::MissingNumber { part, offset });
        }
        if digits > 3 {
            return Err(ParseCodeError::TooManyDigits { part, offset });
        }
        if digits > 1 && b[start] == b'0' {
            return Err(ParseCodeError::LeadingZero { part, offset });
        }
        let text = core::str::from_utf8(&b[start..start + digits]).unwrap();
        Ok((text.parse().unwrap(), start + digits))
    }
    let class = match bytes.first() {
        None => return Err(ParseCodeError::Empty),
        Some(&c) => Class::ALL
            .iter()
            .find(|k| **k as u8 + b'0' == c)
            .copied()
            .ok_or(ParseCodeError::InvalidClass { offset: 0 })?,
    };
    if bytes.get(1) != Some(&b'.') {
        return Err(ParseCodeError::ExpectedDot { offset: 1 });
    }
    let (subject, end) = number(bytes, 2, Part::Subject)?;
    if bytes.get(end) != Some(&b'.') {
        return Err(ParseCodeError::ExpectedDot { offset: end });
    }
    let (detail, end) = number(bytes, end + 1, Part::Detail)?;
    Ok((EnhancedCode::new(class, subject, detail).unwrap(), end))
}

#[test]
fn the_grammar_agrees_with_a_byte_by_byte_reading() {
    // Every input of 1 to 9 bytes: a class byte, then digits, dots and
    // the bytes just below '0' and above '9'; errors and their places
    // too.
    let mut codes = 0;
    crate::each_string(b"2453", b"019.:/", 9, |s| {
        codes += agrees_with_oracle(s) as usize;
    });
    // The shapes d.d.d to d.ddd.ddd with no leading zeros, over 4
    // digits: 3 classes x (4 + 3 x 4) x (4 + 3 x 4) at least.
    assert!(codes >= 3 * 16 * 16, "{codes}");
    assert_eq!(oracle(b""), Err(ParseCodeError::Empty));
    assert_eq!(EnhancedCode::from_bytes(b""), Err(ParseCodeError::Empty));
}

/// Checks both parsers on `s` against [`oracle`]; whether `s` is a
/// whole code.
fn agrees_with_oracle(s: &[u8]) -> bool {
    let want = oracle(s);
    assert_eq!(EnhancedCode::parse_prefix(s), want, "{s:?}");
    let whole = match want {
        Ok((code, len)) if len == s.len() => Ok(code),
        Ok((_, len)) => Err(ParseCodeError::TrailingInput { offset: len }),
        Err(e) => Err(e),
    };
    assert_eq!(EnhancedCode::from_bytes(s), whole, "{s:?}");
    whole.is_ok()
}

#[test]
fn inputs_longer_than_any_code_agree_too() {
    // `from_bytes` jumps on the length; past 9 bytes (the sweep's
    // end) every input takes the path that finds the error.
    let mut longest = 0;
    crate::each_string(b"2453", b"019.:/", 6, |head| {
        for tail in [&b"0000"[..], b"1.1 x", b"11111", b"  ...", b"9.999999"] {
            let s = [head, tail].concat();
            agrees_with_oracle(&s);
            longest = longest.max(s.len());
        }
    });
    assert_eq!(longest, 14);
}

// The rejected inputs are tabled in tests/tests/roundtrip.rs.
#[test]
fn a_prefix_stops_at_the_detail() {
    let (code, len) = EnhancedCode::parse_prefix(b"4.7.0 Try again").unwrap();
    assert_eq!((code.subject().number(), code.detail(), len), (7, 0, 5));
    assert_eq!(
        EnhancedCode::parse_prefix(b"5.1.1000 x"),
        Err(ParseCodeError::TooManyDigits {
            part: Part::Detail,
            offset: 4
        })
    );
}

#[test]
fn zero_alone_is_fine() {
    let c: EnhancedCode = "2.0.0".parse().unwrap();
    assert_eq!((c.subject().number(), c.detail()), (0, 0));
}
