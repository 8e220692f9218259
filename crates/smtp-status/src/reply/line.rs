//! What leads a line's text: the enhanced code and the control characters.

use crate::EnhancedCode;

/// An enhanced code at the start of `text`, if followed by the end, SP,
/// HT or a colon. Returns the code, how many bytes to skip (the code and
/// one following SP, or `:` and the spaces after it), and whether a colon
/// followed.
#[inline(always)]
pub(super) fn leading_enhanced(text: &[u8]) -> Option<(EnhancedCode, usize, bool)> {
    match text.first() {
        Some(b'2' | b'4' | b'5') => {}
        _ => return None,
    }
    let (code, n) = enhanced_prefix(text)?;
    match text.get(n) {
        None => Some((code, n, false)),
        Some(b' ' | b'\t') => Some((code, n + 1, false)),
        Some(b':') => {
            let mut skip = n + 1;
            while let Some(b' ') = text.get(skip) {
                skip += 1;
            }
            Some((code, skip, true))
        }
        Some(_) => None,
    }
}
/// [`EnhancedCode::parse_prefix`]'s grammar (class 2, 4 or 5; subject and
/// detail of 1 to 3 digits, no leading zeros), inlined into the line loop:
/// the hot path of the parser.
#[inline(always)]
fn enhanced_prefix(t: &[u8]) -> Option<(EnhancedCode, usize)> {
    let class = match t.first() {
        Some(b'2') => crate::Class::Success,
        Some(b'4') => crate::Class::PersistentTransientFailure,
        Some(b'5') => crate::Class::PermanentFailure,
        _ => return None,
    };
    if t.get(1) != Some(&b'.') {
        return None;
    }
    let (subject, i) = number(t, 2)?;
    if t.get(i) != Some(&b'.') {
        return None;
    }
    let (detail, j) = number(t, i + 1)?;
    Some((EnhancedCode::new(class, subject, detail)?, j))
}

/// 1 to 3 digits at `t[start..]`, no leading zero, not followed by a digit.
#[inline(always)]
fn number(t: &[u8], start: usize) -> Option<(u16, usize)> {
    let mut v: u16 = 0;
    let mut i = start;
    while i < start + 3 {
        match t.get(i) {
            Some(&b) if b.is_ascii_digit() => {
                v = v * 10 + (b - b'0') as u16;
                i += 1;
            }
            _ => break,
        }
    }
    if i == start || (i - start > 1 && t.get(start) == Some(&b'0')) {
        return None;
    }
    if let Some(b) = t.get(i)
        && b.is_ascii_digit()
    {
        return None;
    }
    Some((v, i))
}

/// A byte that RFC 5321 text may not hold: a control character other
/// than HT.
#[inline(always)]
pub(super) fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enhanced_prefix_agrees_with_parse_prefix() {
        let samples: &[&[u8]] = &[
            b"5.7.606 x",
            b"5.7.6066",
            b"5.07.1",
            b"5.0.0",
            b"4.7.0:",
            b"2.1.5",
            b"3.1.1",
            b"5.1",
            b"5..1",
            b"5.1.",
            b"5.999.999",
            b"5.1000.1",
            b"",
            b"5",
            b"5.",
            b"5.1.1a",
        ];
        for s in samples {
            let a = EnhancedCode::parse_prefix(s).ok();
            assert_eq!(enhanced_prefix(s), a, "{s:?}");
        }
        // Every string of up to 7 bytes over a small alphabet.
        crate::each_string(b"0159.x", b"0159.x", 7, |s| {
            assert_eq!(
                enhanced_prefix(s),
                EnhancedCode::parse_prefix(s).ok(),
                "{s:?}"
            );
        });
    }
}
