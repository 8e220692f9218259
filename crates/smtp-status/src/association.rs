use crate::{Class, ReplyCategory, ReplyCode};

/// The SMTP reply codes the registry associates with an enhanced status
/// code (its `basic_code` field), typed.
///
/// How each form of the registry's text is read:
///
/// | registry text | value |
/// |---|---|
/// | `451, 550` / `250 or 251` / `451/550` (lists may wrap lines) | [`Codes`](Association::Codes) |
/// | `450, 550 (other 4XX or 5XX codes are allowed)` | [`CodesOrOthers`](Association::CodesOrOthers) |
/// | `5XX` | [`AnyOfCategory`](Association::AnyOfCategory) |
/// | `Any` (X.0.0) | [`Any`](Association::Any) |
/// | `Not given` | [`NotGiven`](Association::NotGiven) |
/// | `.` (X.7.28) | [`Placeholder`](Association::Placeholder) |
/// | empty (X.6.10) | [`Empty`](Association::Empty) |
///
/// The text itself stays available as
/// [`RegisteredCode::basic_code_raw`](crate::RegisteredCode::basic_code_raw).
///
/// ```
/// use smtp_status::{Association, RegisteredCode, ReplyCode};
/// let a = RegisteredCode::BadDestinationMailboxAddress.association();
/// assert_eq!(a.codes(), &[ReplyCode::new(451).unwrap(), ReplyCode::new(550).unwrap()]);
/// assert_eq!(a.allows(ReplyCode::new(550).unwrap()), Some(true));
/// assert_eq!(a.allows(ReplyCode::new(250).unwrap()), Some(false));
/// assert_eq!(RegisteredCode::OtherAddressStatus.association(), Association::NotGiven);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Association {
    /// These reply codes.
    Codes(&'static [ReplyCode]),
    /// These reply codes, and any other code of these categories.
    CodesOrOthers {
        /// The codes named.
        codes: &'static [ReplyCode],
        /// The categories (first digits) of the other codes allowed.
        others: &'static [ReplyCategory],
    },
    /// Any reply code of this category (`5XX`).
    AnyOfCategory(ReplyCategory),
    /// Any reply code.
    Any,
    /// The registry says "Not given".
    NotGiven,
    /// The registry has only `.`: nothing is stated.
    Placeholder,
    /// The registry's field is empty.
    Empty,
}

impl Association {
    /// The reply codes named explicitly (empty for the forms that name none).
    pub const fn codes(self) -> &'static [ReplyCode] {
        match self {
            Association::Codes(c) | Association::CodesOrOthers { codes: c, .. } => c,
            _ => &[],
        }
    }

    /// Whether the registry allows `reply` with this code: `Some(true)` or
    /// `Some(false)` when it says, `None` when it states nothing
    /// (not given, placeholder, empty).
    pub const fn allows(self, reply: ReplyCode) -> Option<bool> {
        match self {
            Association::Codes(codes) => Some(contains(codes, reply)),
            Association::CodesOrOthers { codes, others } => {
                if contains(codes, reply) {
                    return Some(true);
                }
                let mut i = 0;
                while i < others.len() {
                    if others[i] as u8 == reply.first_digit() {
                        return Some(true);
                    }
                    i += 1;
                }
                Some(false)
            }
            Association::AnyOfCategory(c) => Some(c as u8 == reply.first_digit()),
            Association::Any => Some(true),
            Association::NotGiven | Association::Placeholder | Association::Empty => None,
        }
    }
}

impl Association {
    /// Whether the registry allows the code with this class, that is with
    /// reply codes whose first digit is the class digit: `Some(true)` or
    /// `Some(false)` when it says, `None` when it states nothing (not
    /// given, placeholder, empty).
    ///
    /// ```
    /// use smtp_status::{Class, RegisteredCode};
    /// // X.7.17's registry entry says "5XX": never with 2XX or 4XX replies.
    /// let a = RegisteredCode::from_parts(7, 17).unwrap().association();
    /// assert_eq!(a.allows_class(Class::PermanentFailure), Some(true));
    /// assert_eq!(a.allows_class(Class::Success), Some(false));
    /// // X.1.1: "451, 550".
    /// let a = RegisteredCode::BadDestinationMailboxAddress.association();
    /// assert_eq!(a.allows_class(Class::PersistentTransientFailure), Some(true));
    /// assert_eq!(a.allows_class(Class::Success), Some(false));
    /// assert_eq!(RegisteredCode::OtherAddressStatus.association().allows_class(Class::Success), None);
    /// ```
    pub const fn allows_class(self, class: Class) -> Option<bool> {
        let digit = class as u8;
        match self {
            Association::Codes(codes) => Some(any_of_class(codes, digit)),
            Association::CodesOrOthers { codes, others } => {
                let mut i = 0;
                while i < others.len() {
                    if others[i] as u8 == digit {
                        return Some(true);
                    }
                    i += 1;
                }
                Some(any_of_class(codes, digit))
            }
            Association::AnyOfCategory(c) => Some(c as u8 == digit),
            Association::Any => Some(true),
            Association::NotGiven | Association::Placeholder | Association::Empty => None,
        }
    }
}

const fn any_of_class(codes: &[ReplyCode], digit: u8) -> bool {
    let mut i = 0;
    while i < codes.len() {
        if codes[i].first_digit() == digit {
            return true;
        }
        i += 1;
    }
    false
}

const fn contains(codes: &[ReplyCode], reply: ReplyCode) -> bool {
    let mut i = 0;
    while i < codes.len() {
        if codes[i].as_u16() == reply.as_u16() {
            return true;
        }
        i += 1;
    }
    false
}
