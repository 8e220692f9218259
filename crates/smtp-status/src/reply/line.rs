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
