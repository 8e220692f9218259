//! The two words a [`Reply`](super::Reply) keeps its facts in: speed work,
//! private. The rest of the parser reads and writes them only through
//! [`Packed`]'s methods and [`pack`].

use crate::{EnhancedCode, RegisteredCode, ReplyCode};

/// A reply's code, line count, warnings and enhanced code in two words.
/// With the reply's bytes this makes a `Reply` four words, which move and
/// return as four stores, where separate small fields were assembled byte
/// by byte (measured with callgrind: see the README's benchmark section).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Packed {
    /// The line count (low 32 bits), the reply code (the next 16) and the
    /// warnings' bits (the high 16).
    meta: u64,
    /// The enhanced code from [`pack`] (0 for none), and [`LOOKED`] when
    /// the parse looked for enhanced codes.
    enhanced: u64,
}

/// [`Packed::enhanced`]'s bit for "the parse looked for enhanced codes".
const LOOKED: u64 = 1 << 63;

impl Packed {
    /// Puts the parts of a reply into its words; `enhanced` is from
    /// [`pack`], or 0 for none.
    #[inline(always)]
    pub(super) fn new(
        code: ReplyCode,
        enhanced: u64,
        warnings: u16,
        line_count: u32,
        enhanced_codes: bool,
    ) -> Packed {
        Packed {
            meta: line_count as u64 | (code.as_u16() as u64) << 32 | (warnings as u64) << 48,
            enhanced: enhanced | if enhanced_codes { LOOKED } else { 0 },
        }
    }

    #[inline(always)]
    pub(super) fn code(&self) -> ReplyCode {
        ReplyCode::new_unchecked((self.meta >> 32) as u16)
    }

    #[inline(always)]
    pub(super) fn line_count(&self) -> usize {
        self.meta as u32 as usize
    }

    #[inline(always)]
    pub(super) fn warning_bits(&self) -> u16 {
        (self.meta >> 48) as u16
    }

    /// Whether the parse looked for enhanced codes.
    #[inline(always)]
    pub(super) fn enhanced_codes(&self) -> bool {
        self.enhanced & LOOKED != 0
    }

    #[inline(always)]
    pub(super) fn enhanced(&self) -> Option<EnhancedCode> {
        unpack(self.enhanced)
    }

    /// Straight from the packed number: the low byte is the class's
    /// digit, 0 when there is no code.
    #[inline(always)]
    pub(super) fn registered(&self) -> Option<RegisteredCode> {
        if self.enhanced as u8 == 0 {
            return None;
        }
        let (subject, detail) = packed_parts(self.enhanced);
        RegisteredCode::from_parts(subject, detail)
    }
}

/// An enhanced code as one number: the class's digit in the low byte,
/// the subject from bit 16, the detail from bit 32. Never 0.
#[inline(always)]
pub(super) const fn pack(e: EnhancedCode) -> u64 {
    e.class() as u64 | (e.subject().number() as u64) << 16 | (e.detail() as u64) << 32
}

/// The subject and detail of a [`pack`]ed code.
#[inline(always)]
const fn packed_parts(v: u64) -> (u16, u16) {
    ((v >> 16) as u16, (v >> 32) as u16)
}

/// [`pack`] reversed; 0 (or any number whose low byte is not a class) is
/// no code.
#[inline(always)]
pub(super) const fn unpack(v: u64) -> Option<EnhancedCode> {
    let class = match crate::Class::from_digit(v as u8) {
        Some(class) => class,
        None => return None,
    };
    let (subject, detail) = packed_parts(v);
    Some(EnhancedCode::new_unchecked(class, subject, detail))
}
