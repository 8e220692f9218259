use crate::ReplyCode;

/// One use of a reply code: its text, as one document defines it.
///
/// A code may have several: `250` is RFC 5321's "Requested mail action okay,
/// completed", ETRN's "OK, queuing for node \<x\> started" (RFC 1985) and
/// BDAT's reply to each chunk (RFC 3030); `454` is both "TLS not available"
/// (RFC 3207) and "Temporary authentication failure" (RFC 4954). The uses
/// marked [`general`](ReplyCodeUse::general) make up the code's general
/// meaning, [`ReplyCode::text`]. All come from the curated
/// `registry/reply-codes.txt`.
///
/// ```
/// use smtp_status::ReplyCode;
/// let uses = ReplyCode::AUTH_TEMPORARY_FAILURE.uses();
/// assert_eq!(uses.len(), 2);
/// assert_eq!(uses[1].name, Some("AUTH_TEMPORARY_FAILURE"));
/// assert_eq!(uses[1].text, "Temporary authentication failure");
/// assert_eq!((uses[1].document, uses[1].section), ("RFC 4954", Some("6")));
/// assert_eq!(uses[0].text, "TLS not available due to temporary reason");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ReplyCodeUse {
    /// The code.
    pub code: ReplyCode,
    /// The name of the [`ReplyCode`] constant that documents this use, if
    /// it has one (`"AUTH_TEMPORARY_FAILURE"`).
    pub name: Option<&'static str>,
    /// Whether this use is (part of) the code's general meaning, rather
    /// than one document's use of a code defined elsewhere.
    pub general: bool,
    /// The defining document: `"RFC 4954"`, or for codes no RFC defines,
    /// the registry entry that lists them (`"IANA registry X.7.12 (RFC 4954)"`).
    pub document: &'static str,
    /// The section of the document, if one is cited (`"6"`, `"4.2.2"`).
    pub section: Option<&'static str>,
    /// The text the document gives.
    pub text: &'static str,
    /// Why the use is deprecated, if its own document deprecates it (`538`).
    pub deprecation: Option<&'static str>,
}

impl ReplyCodeUse {
    /// Every use of every code the crate knows: by code, and for one code
    /// in the curated file's order.
    ///
    /// ```
    /// use smtp_status::ReplyCodeUse;
    /// assert!(ReplyCodeUse::ALL.iter().any(|u| u.code.as_u16() == 530 && u.name == Some("AUTH_REQUIRED")));
    /// assert!(ReplyCodeUse::ALL.is_sorted_by_key(|u| u.code));
    /// ```
    pub const ALL: &'static [ReplyCodeUse] = crate::generated_reply_codes::USES;
}

impl ReplyCode {
    /// Every use documents give this code (its text, document and section),
    /// in the curated file's order; empty for a code the crate does not know.
    ///
    /// ```
    /// use smtp_status::ReplyCode;
    /// let uses = ReplyCode::ENCRYPTION_REQUIRED_FOR_AUTH.uses();
    /// assert!(uses[0].deprecation.is_some());
    /// assert_eq!(ReplyCode::new(599).unwrap().uses(), &[]);
    /// ```
    #[inline]
    pub const fn uses(self) -> &'static [ReplyCodeUse] {
        crate::generated_reply_codes::uses(self.as_u16())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every use is found by its code; every known code has a general
    /// meaning made of its general uses, in order.
    #[test]
    fn uses_and_general_meanings_agree_for_every_code() {
        for code in 200..=599 {
            let code = ReplyCode::new(code).unwrap();
            let uses = code.uses();
            assert!(uses.iter().all(|u| u.code == code));
            if uses.is_empty() {
                assert_eq!(code.citation(), None);
                assert_eq!(code.text(), code.category().as_str());
                continue;
            }
            let text = code.text();
            // Joined with " / " in order: every general text, nothing else.
            let mut rest = text;
            let mut general = 0;
            for g in uses.iter().filter(|u| u.general) {
                if general > 0 {
                    rest = rest.strip_prefix(" / ").unwrap();
                }
                rest = rest
                    .strip_prefix(g.text)
                    .unwrap_or_else(|| panic!("{code}: {text}"));
                general += 1;
            }
            assert!(general > 0 && rest.is_empty(), "{code}: {text}");
            assert!(code.citation().is_some());
        }
        let counted: usize = (200..=599)
            .map(|c| ReplyCode::new(c).unwrap().uses().len())
            .sum();
        assert_eq!(counted, ReplyCodeUse::ALL.len());
    }
}
