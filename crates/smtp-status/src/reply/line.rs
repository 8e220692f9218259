//! What leads a line's text: the enhanced code and the control characters.

use crate::EnhancedCode;
use crate::code::scan;

/// An enhanced code at the start of `text`, if followed by the end, SP,
/// HT or a colon. Returns the code, how many bytes to skip (the code and
/// one following SP, or `:` and the spaces after it), and whether a colon
/// followed.
#[inline(always)]
pub(super) fn leading_enhanced(text: &[u8]) -> Option<(EnhancedCode, usize, bool)> {
    let (code, n) = scan::<false>(text).ok()?;
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

/// A byte that RFC 5321 text may not hold: a control character other
/// than HT.
#[inline(always)]
pub(super) fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

/// Whether `text` holds a control character other than HT ([`is_control`])
/// or a C1 control (U+0080 to U+009F) written in UTF-8: the bytes a
/// terminal may act on.
pub(super) fn has_control(text: &[u8]) -> bool {
    text.iter().any(|&b| is_control(b))
        || text
            .windows(2)
            .any(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]))
}
