//! What vendors mean by their enhanced status codes, kept apart from IANA's
//! registry.
//!
//! Large mail services document their own meanings: Microsoft's
//! `550 5.1.10 RESOLVER.ADR.RecipientNotFound` means "recipient not found",
//! while the registry's X.1.10 is "Recipient address has null MX"; Exchange
//! Online's `550 5.4.1 Recipient address rejected: Access denied` is its
//! directory-based edge blocking, not the registry's "No answer from host";
//! Gmail's 4.7.30 is "DKIM did not pass", not "REQUIRETLS support required";
//! and codes such as 5.7.708 or 4.7.32 are not in the registry at all. The
//! entries come from the curated `registry/vendor-codes.txt`, each with the
//! URL of the vendor's documentation ([`VendorMeaning::source`]).
//!
//! # The rule
//!
//! A registered code keeps its registry meaning first; a vendor meaning is
//! shown beside it, labelled with the vendor, and only when the text carries
//! that vendor's marker or the code is outside the registry. [`applicable`]
//! applies this rule; [`meanings`] is the plain lookup under it.
//!
//! - For a registered code, [`applicable`] returns the entries whose marker
//!   occurs in the text. An entry without a marker never applies.
//! - For a code outside the registry, it returns, most specific first: the
//!   entries whose marker occurs in the text if there are any; else the
//!   entries without a marker; else every entry of the code, whatever its
//!   marker. An unregistered code that no vendor documents gets nothing.
//! - In both cases an entry for the code itself wins over a range that
//!   holds it: Microsoft's 5.7.708 row, not its 5.7.700-749 range, for
//!   `5.7.708`. Only the narrowest patterns that could apply are considered.
//!
//! A marker is compared without regard to ASCII case, and a space in it
//! matches any run of whitespace in the text, so a marker still occurs
//! where a server wrapped its reply onto the next line. It may be a list of
//! alternatives, each a list of parts that must all occur
//! ([`VendorMeaning::markers`]).
//!
//! With the `serde` feature, [`Vendor`] serializes as its id (`"microsoft"`),
//! [`CodePattern`] as its text (`"4.7.500-699"`) and [`VendorMeaning`] as
//! `{"vendor", "code", "markers", "meaning", "action", "source"}`.
//!
//! ```
//! use smtp_status::EnhancedCode;
//! use smtp_status::vendor::{self, Vendor};
//!
//! let text = b"550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup";
//! let code: EnhancedCode = "5.1.10".parse()?;
//! assert!(code.registered().is_some()); // X.1.10, null MX, comes first
//! let m: Vec<_> = vendor::applicable(code, text).collect();
//! assert_eq!(m.len(), 1);
//! assert_eq!(m[0].vendor(), Vendor::Microsoft);
//! assert!(m[0].meaning().starts_with("Recipient not found"));
//!
//! // The same code without Microsoft's marker: the registry alone.
//! assert_eq!(vendor::applicable(code, b"550 5.1.10 no such domain").count(), 0);
//!
//! // Outside the registry, the code is enough; its own entry beats the range.
//! let code: EnhancedCode = "5.7.708".parse()?;
//! let m: Vec<_> = vendor::applicable(code, b"").collect();
//! assert_eq!(m.len(), 1);
//! assert_eq!(m[0].code().to_string(), "5.7.708");
//! let code: EnhancedCode = "5.7.720".parse()?;
//! let m = vendor::applicable(code, b"").next().unwrap();
//! assert_eq!(m.code().to_string(), "5.7.700-749");
//! # Ok::<(), smtp_status::ParseCodeError>(())
//! ```

use core::cell::Cell;
use core::fmt;

use crate::{Class, EnhancedCode};

#[rustfmt::skip]
#[path = "generated/vendor_codes.rs"]
mod generated; // A child module: it builds the tables from the private fields.

pub use generated::Vendor;

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The code of a vendor entry: one enhanced code, or a range of details the
/// vendor documents as one meaning (Microsoft's `5.7.700-749`).
///
/// ```
/// use smtp_status::vendor;
/// let p = vendor::all().iter().find(|m| m.code().to_string() == "5.7.606-649").unwrap().code();
/// assert!(p.matches("5.7.606".parse()?));
/// assert!(p.matches("5.7.649".parse()?));
/// assert!(!p.matches("5.7.650".parse()?));
/// assert!(!p.matches("4.7.606".parse()?));
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodePattern {
    class: Class,
    subject: u16,
    low: u16,
    high: u16,
}

impl CodePattern {
    /// The class.
    ///
    /// ```
    /// use smtp_status::{vendor, Class};
    /// assert_eq!(vendor::all()[0].code().class(), Class::PersistentTransientFailure);
    /// ```
    pub const fn class(self) -> Class {
        self.class
    }

    /// The subject.
    ///
    /// ```
    /// assert_eq!(smtp_status::vendor::all()[0].code().subject(), 3);
    /// ```
    pub const fn subject(self) -> u16 {
        self.subject
    }

    /// The lowest and highest detail, equal for a single code.
    ///
    /// ```
    /// assert_eq!(smtp_status::vendor::all()[0].code().details(), (2, 2));
    /// ```
    pub const fn details(self) -> (u16, u16) {
        (self.low, self.high)
    }

    /// Whether `code` is this code or within this range.
    ///
    /// ```
    /// let p = smtp_status::vendor::all()[0].code();
    /// assert!(p.matches("4.3.2".parse()?));
    /// # Ok::<(), smtp_status::ParseCodeError>(())
    /// ```
    pub const fn matches(self, code: EnhancedCode) -> bool {
        code.class() as u8 == self.class as u8
            && code.subject().number() == self.subject
            && self.low <= code.detail()
            && code.detail() <= self.high
    }

    /// How many details beyond the first the pattern covers: 0 for a
    /// single code. The narrower of two patterns is the more specific.
    const fn width(self) -> u16 {
        self.high - self.low
    }
}

impl fmt::Display for CodePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class as u8, self.subject, self.low)?;
        if self.high != self.low {
            write!(f, "-{}", self.high)?;
        }
        Ok(())
    }
}

/// One vendor's meaning of a code (and text): an entry of
/// `registry/vendor-codes.txt`.
///
/// ```
/// use smtp_status::vendor::{self, Vendor};
/// let m = &vendor::all()[0];
/// assert_eq!(m.vendor(), Vendor::Microsoft);
/// assert!(m.source().starts_with("https://"));
/// assert!(m.to_string().starts_with("Microsoft 365 / Exchange Online: "));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VendorMeaning {
    vendor: Vendor,
    code: CodePattern,
    markers: &'static [&'static [&'static str]],
    meaning: &'static str,
    action: &'static str,
    source: &'static str,
}

impl VendorMeaning {
    /// The vendor.
    ///
    /// ```
    /// use smtp_status::vendor::{self, Vendor};
    /// assert!(vendor::all().iter().any(|m| m.vendor() == Vendor::Google));
    /// ```
    pub const fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The code or range of codes.
    ///
    /// ```
    /// assert_eq!(smtp_status::vendor::all()[0].code().to_string(), "4.3.2");
    /// ```
    pub const fn code(&self) -> CodePattern {
        self.code
    }

    /// The marker: alternatives, each a list of parts that must all occur in
    /// the text; empty when the code alone identifies the meaning.
    ///
    /// ```
    /// let m = &smtp_status::vendor::all()[0];
    /// assert_eq!(m.markers(), &[&["recipient thread limit exceeded"][..]]);
    /// ```
    pub const fn markers(&self) -> &'static [&'static [&'static str]] {
        self.markers
    }

    /// Whether the entry has a marker.
    ///
    /// ```
    /// assert!(smtp_status::vendor::all()[0].has_marker());
    /// ```
    pub const fn has_marker(&self) -> bool {
        !self.markers.is_empty()
    }

    /// Whether the marker occurs in `text` (ASCII case-insensitive, a space
    /// of the marker matching any run of whitespace): every part of at least
    /// one alternative. False for an entry without marker.
    ///
    /// ```
    /// let m = &smtp_status::vendor::all()[0];
    /// assert!(m.marker_in(b"432 4.3.2 STOREDRV.Deliver; Recipient Thread Limit Exceeded"));
    /// assert!(m.marker_in(b"432 4.3.2 STOREDRV.Deliver; Recipient Thread\nLimit  Exceeded"));
    /// assert!(!m.marker_in(b"432 4.3.2 busy"));
    /// ```
    pub fn marker_in(&self, text: &[u8]) -> bool {
        self.markers
            .iter()
            .any(|alt| alt.iter().all(|part| contains(text, part.as_bytes())))
    }

    /// The vendor's meaning, in this crate's words.
    ///
    /// ```
    /// assert!(!smtp_status::vendor::all()[0].meaning().is_empty());
    /// ```
    pub const fn meaning(&self) -> &'static str {
        self.meaning
    }

    /// What the sender (or the administrator the vendor names) should do.
    ///
    /// ```
    /// assert!(!smtp_status::vendor::all()[0].action().is_empty());
    /// ```
    pub const fn action(&self) -> &'static str {
        self.action
    }

    /// The URL of the vendor's public documentation of this entry.
    ///
    /// ```
    /// assert!(smtp_status::vendor::all()[0].source().starts_with("https://learn.microsoft.com/"));
    /// ```
    pub const fn source(&self) -> &'static str {
        self.source
    }
}

impl fmt::Display for VendorMeaning {
    /// `vendor: meaning`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.vendor, self.meaning)
    }
}

/// Every entry, in the order of `registry/vendor-codes.txt`.
///
/// ```
/// assert!(smtp_status::vendor::all().len() > 100);
/// ```
pub const fn all() -> &'static [VendorMeaning] {
    generated::MEANINGS
}

/// The entries whose code matches `code` (exactly, or within the detail
/// range) and whose marker, if any, occurs in `text`. It does not apply the
/// rule of this module: an entry without a marker is returned for a
/// registered code too. Use [`applicable`] to decide what to show.
///
/// ```
/// use smtp_status::vendor;
/// let code = "4.7.0".parse()?;
/// let text = b"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred";
/// let m: Vec<_> = vendor::meanings(code, text).collect();
/// assert_eq!(m.len(), 1);
/// assert_eq!(m[0].vendor().to_string(), "Yahoo / AOL");
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
pub fn meanings(
    code: EnhancedCode,
    text: &[u8],
) -> impl Iterator<Item = &'static VendorMeaning> + '_ {
    all()
        .iter()
        .filter(move |m| m.code.matches(code) && (!m.has_marker() || m.marker_in(text)))
}

/// The vendor meanings to show beside `code` found in `text`, under the rule
/// of this module: for a registered code only entries whose marker occurs
/// in the text; for a code outside the registry the most specific entries
/// of the code (marker found, else no marker, else any). Entries for the
/// code itself come before, and instead of, a range that holds it.
///
/// ```
/// use smtp_status::vendor;
/// // Registered 5.4.1 with Exchange Online's text: directory-based edge blocking.
/// let text = b"550 5.4.1 Recipient address rejected: Access denied. AS(201806281)";
/// let m: Vec<_> = vendor::applicable("5.4.1".parse()?, text).collect();
/// assert_eq!(m.len(), 1);
/// assert!(m[0].meaning().starts_with("Directory-based edge blocking"));
/// // A plain 5.1.1 has no vendor meaning.
/// assert_eq!(vendor::applicable("5.1.1".parse()?, b"550 5.1.1 user unknown").count(), 0);
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
pub fn applicable(code: EnhancedCode, text: &[u8]) -> Applicable<'_> {
    Applicable::new(code, Text::Bytes(text))
}

/// The vendor markers of one text, each searched for at most once however
/// many codes of the text are looked up ([`Markers::applicable`]): the
/// work for a text with many codes stays linear in its length, where a
/// call of [`applicable`] per code would read the whole text each time.
///
/// ```
/// use smtp_status::vendor::{self, Markers};
/// let text = b"550 5.1.10 RESOLVER.ADR.RecipientNotFound; 550 5.1.10 again";
/// let markers = Markers::new(text);
/// let code = "5.1.10".parse()?;
/// let first: Vec<_> = markers.applicable(code).collect();
/// let read = markers.scanned();
/// let again: Vec<_> = markers.applicable(code).collect();
/// assert_eq!(first, again);
/// assert_eq!(first, vendor::applicable(code, text).collect::<Vec<_>>());
/// assert_eq!(markers.scanned(), read); // the second lookup read nothing
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
#[derive(Debug)]
pub struct Markers<'t> {
    text: &'t [u8],
    /// Per entry of [`all`]: 0 not searched yet, 1 absent, 2 present.
    known: [Cell<u8>; COUNT],
    scanned: Cell<u64>,
}

const COUNT: usize = generated::MEANINGS.len();

impl<'t> Markers<'t> {
    /// The markers of `text`, none searched yet.
    pub fn new(text: &'t [u8]) -> Markers<'t> {
        Markers {
            text,
            known: core::array::from_fn(|_| Cell::new(0)),
            scanned: Cell::new(0),
        }
    }

    /// [`applicable`] for `code` in this text.
    pub fn applicable(&self, code: EnhancedCode) -> Applicable<'_> {
        Applicable::new(code, Text::Markers(self))
    }

    /// How many bytes of text the marker searches have read so far: at most
    /// the text's length for each part of each entry's marker, once.
    pub fn scanned(&self) -> u64 {
        self.scanned.get()
    }

    fn marker_in(&self, i: usize) -> bool {
        let known = &self.known[i];
        if known.get() == 0 {
            let m = &all()[i];
            let parts: usize = m.markers.iter().map(|alt| alt.len()).sum();
            let read = (parts as u64).saturating_mul(self.text.len() as u64);
            self.scanned.set(self.scanned.get().saturating_add(read));
            known.set(if m.marker_in(self.text) { 2 } else { 1 });
        }
        known.get() == 2
    }
}

/// Where the iterator of [`applicable`] learns whether a marker occurs.
#[derive(Debug, Clone, Copy)]
enum Text<'a> {
    /// Searched on every question.
    Bytes(&'a [u8]),
    /// Searched once per entry ([`Markers`]).
    Markers(&'a Markers<'a>),
}

impl Text<'_> {
    fn marker_in(self, i: usize) -> bool {
        match self {
            Text::Bytes(text) => all()[i].marker_in(text),
            Text::Markers(m) => m.marker_in(i),
        }
    }
}

/// The iterator of [`applicable`].
#[derive(Debug, Clone)]
pub struct Applicable<'t> {
    code: EnhancedCode,
    text: Text<'t>,
    tier: Tier,
    /// The width of the narrowest pattern that applies.
    width: u16,
    at: usize,
}

impl<'t> Applicable<'t> {
    fn new(code: EnhancedCode, text: Text<'t>) -> Applicable<'t> {
        let registered = code.registered().is_some();
        let of_code = || (0..COUNT).filter(move |&i| all()[i].code.matches(code));
        // The entries that could apply: a registered code takes only the
        // ones whose marker occurs. Of those, only the narrowest patterns
        // count.
        let width = of_code()
            .filter(|&i| !registered || text.marker_in(i))
            .map(|i| all()[i].code.width())
            .min()
            .unwrap_or(0);
        let narrowest = || of_code().filter(move |&i| all()[i].code.width() == width);
        let tier = if registered || narrowest().any(|i| text.marker_in(i)) {
            Tier::Marked
        } else if narrowest().any(|i| !all()[i].has_marker()) {
            Tier::Unmarked
        } else {
            Tier::Any
        };
        Applicable {
            code,
            text,
            tier,
            width,
            at: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    /// Entries whose marker occurs in the text.
    Marked,
    /// Entries without a marker.
    Unmarked,
    /// Every entry of the code.
    Any,
}

impl Iterator for Applicable<'_> {
    type Item = &'static VendorMeaning;

    fn next(&mut self) -> Option<&'static VendorMeaning> {
        while self.at < COUNT {
            let i = self.at;
            self.at += 1;
            let m = &all()[i];
            let fits = m.code.matches(self.code)
                && m.code.width() == self.width
                && match self.tier {
                    Tier::Marked => self.text.marker_in(i),
                    Tier::Unmarked => !m.has_marker(),
                    Tier::Any => true,
                };
            if fits {
                return Some(m);
            }
        }
        None
    }
}

impl core::iter::FusedIterator for Applicable<'_> {}

/// Whether `needle` occurs in `hay`, ASCII case-insensitive; a space of
/// `needle` matches one or more whitespace bytes of `hay` (a wrapped reply).
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || (0..hay.len()).any(|start| starts_with(&hay[start..], needle))
}

/// Whether `hay` begins with `needle`, compared as [`contains`] does.
fn starts_with(hay: &[u8], needle: &[u8]) -> bool {
    let mut at = 0;
    for &n in needle {
        let Some(&h) = hay.get(at) else {
            return false;
        };
        if n == b' ' {
            if !h.is_ascii_whitespace() {
                return false;
            }
            while hay.get(at).is_some_and(u8::is_ascii_whitespace) {
                at += 1;
            }
        } else if h.eq_ignore_ascii_case(&n) {
            at += 1;
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_ignores_ascii_case_only() {
        assert!(contains(b"Access DENIED here", b"access denied"));
        assert!(!contains(b"Access", b"access denied"));
        assert!(contains(b"", b""));
        assert!(!contains("\u{c9}".as_bytes(), "\u{e9}".as_bytes()));
    }

    #[test]
    fn a_space_of_the_marker_matches_any_run_of_whitespace() {
        let marker = b"multiple addresses in From: header";
        // Gmail's reply, wrapped where the client IP left room.
        assert!(contains(
            b"Messages with multiple addresses in\nFrom: header are not accepted.",
            marker
        ));
        assert!(contains(
            b"multiple  addresses\r\n\tin From: header",
            marker
        ));
        // Whitespace is needed where the marker has a space, and only there.
        assert!(!contains(b"multipleaddresses in From: header", marker));
        assert!(!contains(b"multiple addresses in From:header", marker));
        assert!(!contains(b"multiple a ddresses in From: header", marker));
        assert!(!contains(b"multiple addresses in From: heade", marker));
    }
}
