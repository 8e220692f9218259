//! The typed model of IANA's SMTP Enhanced Status Codes registry.
//!
//! Every field of every record is kept; nothing in the XML is dropped on the
//! way in. The parser ([`crate::parse`]) fills it, the renderer
//! ([`crate::render`]) and the change report (`diff`) read it.

use std::fmt;

/// A calendar date as IANA writes it (`2024-12-06`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, four digits.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day, 1 to 31.
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Kind of a cross reference (`<xref type="...">`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum XrefKind {
    /// An RFC (`type="rfc"`, `data="rfc3463"`).
    Rfc,
    /// An Internet-Draft (`type="draft"`).
    Draft,
}

/// A cross reference to an RFC or a draft.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Xref {
    /// What is referenced.
    pub kind: XrefKind,
    /// The `data` attribute as IANA wrote it (`rfc3463`, `draft-levine-mailbomb-header-00`).
    pub data: String,
    /// Text inside the element, if any (`<xref ...>Section 3 of RFC7001</xref>`).
    pub text: Option<String>,
}

impl Xref {
    /// Human label: `RFC 3463`, or the draft name.
    pub fn label(&self) -> String {
        match self.kind {
            XrefKind::Rfc => match self.data.strip_prefix("rfc") {
                Some(n) => format!("RFC {n}"),
                None => self.data.clone(),
            },
            XrefKind::Draft => self.data.clone(),
        }
    }

    /// Where a reader finds the document.
    ///
    /// RFCs link to rfc-editor.org. Drafts link to the IETF datatracker;
    /// IANA's `RFC-ietf-...` names (a draft approved for publication) are the
    /// datatracker's `draft-ietf-...`.
    pub fn url(&self) -> String {
        match self.kind {
            XrefKind::Rfc => format!("https://www.rfc-editor.org/rfc/{}", self.data),
            XrefKind::Draft => {
                let name = match self.data.strip_prefix("RFC-") {
                    Some(rest) => format!("draft-{rest}"),
                    None => self.data.clone(),
                };
                format!("https://datatracker.ietf.org/doc/{name}")
            }
        }
    }
}

/// One piece of mixed content: text, or an inline cross reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Inline {
    /// Character data, as written (line breaks and runs of spaces kept).
    Text(String),
    /// An `<xref>` element.
    Xref(Xref),
}

/// Mixed content (`description`, `reference`): text with inline references.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RichText(pub Vec<Inline>);

impl RichText {
    /// The cross references, in document order.
    pub fn xrefs(&self) -> impl Iterator<Item = &Xref> {
        self.0.iter().filter_map(|i| match i {
            Inline::Xref(x) => Some(x),
            Inline::Text(_) => None,
        })
    }

    /// Plain text with white space collapsed and references as their labels.
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for inline in &self.0 {
            match inline {
                Inline::Text(t) => s.push_str(t),
                Inline::Xref(x) => s.push_str(x.text.as_deref().unwrap_or(&x.label())),
            }
        }
        collapse_ws(&s)
    }

    /// Whether there is no text and no reference.
    pub fn is_empty(&self) -> bool {
        self.plain().is_empty()
    }
}

/// Collapses every run of white space to one space and trims both ends.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Fields every record of the three sub-registries has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Common {
    /// The record's `date` attribute: when it was added.
    pub date: Option<Date>,
    /// The record's `updated` attribute.
    pub updated: Option<Date>,
    /// `<description>`.
    pub description: RichText,
    /// `<reference>`.
    pub reference: RichText,
    /// `<submitter>`, white space collapsed (may be empty).
    pub submitter: String,
    /// `<change_controller>`, white space collapsed (may be empty).
    pub change_controller: String,
    /// Line of the `<record>` element in the source, for messages.
    pub line: usize,
}

/// A record of the first two sub-registries (classes and subjects).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRecord {
    /// The number: class digit (2, 4, 5) or subject number (0..).
    pub number: u16,
    /// `<code>` as written (`2.XXX.YYY`, `X.1.YYY`).
    pub code: String,
    /// `<summary>`, white space collapsed.
    pub summary: String,
    /// The rest.
    pub common: Common,
}

/// One form of a token in `<basic_code>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BasicCode {
    /// A list of reply codes (`451, 550`, `250 or 251`, `451/550`).
    Codes(Vec<u16>),
    /// A list, and codes of other classes allowed
    /// (`450, 550 (other 4XX or 5XX codes are allowed)`): the list and the
    /// allowed first digits.
    CodesOrOthers(Vec<u16>, Vec<u8>),
    /// Any code of one class (`5XX`): the first digit.
    AnyOfClass(u8),
    /// `Any`.
    Any,
    /// `Not given`.
    NotGiven,
    /// `.` (X.7.28): a placeholder, nothing stated.
    Placeholder,
    /// Empty element (X.6.10).
    Empty,
}

/// A record of the third sub-registry: one enumerated status code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRecord {
    /// Subject number (the `1` of `X.1.1`).
    pub subject: u16,
    /// Detail number (the second `1` of `X.1.1`).
    pub detail: u16,
    /// `<sample>`, white space collapsed (empty for X.6.10).
    pub sample: String,
    /// `<basic_code>` as written, white space collapsed.
    pub basic_code_raw: String,
    /// `<basic_code>`, typed.
    pub basic_code: BasicCode,
    /// The rest.
    pub common: Common,
}

impl CodeRecord {
    /// `X.1.1`.
    pub fn code(&self) -> String {
        format!("X.{}.{}", self.subject, self.detail)
    }

    /// The reason this code is deprecated, if the registry says it is.
    ///
    /// IANA has no deprecation field: it writes it in the description
    /// (X.6.10: "This is a duplicate of X.6.8 and is thus deprecated.").
    /// A description containing the word "deprecated" marks the code
    /// deprecated, with the description as the reason.
    pub fn deprecation(&self) -> Option<String> {
        let text = self.common.description.plain();
        let says = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.eq_ignore_ascii_case("deprecated"));
        says.then_some(text)
    }
}

/// The whole registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    /// The registry's `<updated>` date.
    pub updated: Date,
    /// Sub-registry 1: classes.
    pub classes: Vec<SummaryRecord>,
    /// Sub-registry 2: subjects.
    pub subjects: Vec<SummaryRecord>,
    /// Sub-registry 3: enumerated codes, in registry order.
    pub codes: Vec<CodeRecord>,
}
