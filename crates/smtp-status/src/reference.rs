use core::fmt;

/// What a [`Reference`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ReferenceKind {
    /// A published RFC.
    Rfc,
    /// An Internet-Draft.
    Draft,
}

impl ReferenceKind {
    /// `"rfc"` or `"draft"`, as the registry's `xref` type.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::Rfc => "rfc",
            ReferenceKind::Draft => "draft",
        }
    }
}

/// A document the registry cites for a code, class or subject.
///
/// ```
/// use smtp_status::{RegisteredCode, ReferenceKind};
/// let r = RegisteredCode::BadDestinationMailboxAddress.references()[0];
/// assert_eq!(r.kind(), ReferenceKind::Rfc);
/// assert_eq!(r.id(), "rfc3463");
/// assert_eq!(r.to_string(), "RFC 3463");
/// assert_eq!(r.url(), "https://www.rfc-editor.org/rfc/rfc3463");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    pub(crate) kind: ReferenceKind,
    pub(crate) id: &'static str,
    pub(crate) label: &'static str,
    pub(crate) url: &'static str,
}

impl Reference {
    /// RFC or draft.
    pub const fn kind(self) -> ReferenceKind {
        self.kind
    }

    /// The identifier as the registry writes it: `rfc3463`, `draft-levine-mailbomb-header-00`.
    pub const fn id(self) -> &'static str {
        self.id
    }

    /// A label for people: `RFC 3463`, or the draft's name.
    pub const fn label(self) -> &'static str {
        self.label
    }

    /// Where to read it: rfc-editor.org for RFCs, the IETF datatracker for drafts.
    pub const fn url(self) -> &'static str {
        self.url
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label)
    }
}
