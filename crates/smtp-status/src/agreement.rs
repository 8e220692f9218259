//! Whether a reply code and an enhanced status code agree: the one place
//! this fact of RFC 3463 is written.

use core::fmt;

use crate::{EnhancedCode, ReplyCode};

/// How a reply code and an enhanced status code relate. RFC 3463 section 2
/// (and RFC 2034 section 3): the enhanced code's class repeats the reply
/// code's first digit (2xx with 2.x.x, 4xx with 4.x.x, 5xx with 5.x.x), and
/// 3xx replies have no enhanced class.
///
/// ```
/// use smtp_status::{ClassAgreement, ReplyCode};
/// let code = |n| ReplyCode::new(n).unwrap();
/// assert_eq!(code(550).class_agreement("5.1.1".parse()?), ClassAgreement::Agree);
/// assert_eq!(code(450).class_agreement("5.1.1".parse()?), ClassAgreement::Mismatch);
/// assert_eq!(code(354).class_agreement("2.0.0".parse()?), ClassAgreement::NoEnhancedClass);
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClassAgreement {
    /// The class is the reply code's first digit.
    Agree,
    /// The class differs from the reply code's first digit (`450` with
    /// `5.1.1`).
    Mismatch,
    /// A 3xx reply carries an enhanced code: RFC 2034 puts them only on 2xx,
    /// 4xx and 5xx replies.
    NoEnhancedClass,
}

impl ClassAgreement {
    /// `agree`, `mismatch` or `no-enhanced-class`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ClassAgreement::Agree => "agree",
            ClassAgreement::Mismatch => "mismatch",
            ClassAgreement::NoEnhancedClass => "no-enhanced-class",
        }
    }
}

/// One sentence (`agree` as "the classes agree").
impl fmt::Display for ClassAgreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClassAgreement::Agree => "the enhanced code's class is the reply code's first digit",
            ClassAgreement::Mismatch => {
                "the enhanced code's class disagrees with the reply code's first digit"
            }
            ClassAgreement::NoEnhancedClass => {
                "RFC 2034 puts enhanced codes only on 2xx, 4xx and 5xx replies"
            }
        })
    }
}

/// The rule on digits, for the reply parser (which has them as digits):
/// the class digit is the reply code's first digit.
#[inline(always)]
pub(crate) const fn digits_agree(reply_first_digit: u8, class_digit: u8) -> bool {
    reply_first_digit == class_digit
}

impl ReplyCode {
    /// How this reply code and `code`'s class relate ([`ClassAgreement`]).
    pub const fn class_agreement(self, code: EnhancedCode) -> ClassAgreement {
        if self.first_digit() == 3 {
            ClassAgreement::NoEnhancedClass
        } else if digits_agree(self.first_digit(), code.class() as u8) {
            ClassAgreement::Agree
        } else {
            ClassAgreement::Mismatch
        }
    }
}
