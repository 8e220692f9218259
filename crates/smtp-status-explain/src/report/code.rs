//! Reports on codes: an enhanced status code ([`CodeReport`]), a code
//! without its class ([`AnyClassReport`]), a reply code
//! ([`ReplyCodeReport`]) and a registry entry ([`RegistryEntry`]).

use std::fmt;

use serde::Serialize;
use smtp_status::vendor::{self, VendorMeaning};
use smtp_status::{AnyClassCode, EnhancedCode, RegisteredCode, ReplyCode};

use crate::human::{Block, Row};

/// An enhanced status code explained: its class, subject and detail, its
/// registry entry, and the vendor meanings that apply to it in the text it
/// came with ([`vendor::applicable`]).
///
/// ```
/// use smtp_status_explain::CodeReport;
/// let r = CodeReport::new("5.1.10".parse()?, b"RESOLVER.ADR.RecipientNotFound");
/// assert_eq!(r.registered().unwrap().as_str(), "X.1.10");
/// assert_eq!(r.vendor.len(), 1);
/// assert!(r.to_string().contains("Microsoft"));
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeReport {
    /// The code.
    pub code: EnhancedCode,
    /// Vendor meanings that apply, most specific first.
    pub vendor: Vec<&'static VendorMeaning>,
}

impl CodeReport {
    /// The report on `code` as it appears in `text` (the text selects the
    /// vendor meanings; pass `b""` for a bare code).
    pub fn new(code: EnhancedCode, text: &[u8]) -> CodeReport {
        CodeReport {
            code,
            vendor: vendor::applicable(code, text).collect(),
        }
    }

    /// The report on `code` as it appears in a text whose vendor markers
    /// are searched once for all its codes ([`vendor::Markers`]).
    ///
    /// ```
    /// use smtp_status::vendor::Markers;
    /// use smtp_status_explain::CodeReport;
    /// let text = b"550 5.1.10 RESOLVER.ADR.RecipientNotFound";
    /// let code = "5.1.10".parse()?;
    /// assert_eq!(CodeReport::in_text(code, &Markers::new(text)), CodeReport::new(code, text));
    /// # Ok::<(), smtp_status::ParseCodeError>(())
    /// ```
    pub fn in_text(code: EnhancedCode, markers: &vendor::Markers<'_>) -> CodeReport {
        CodeReport {
            code,
            vendor: markers.applicable(code).collect(),
        }
    }

    /// The registry entry, if registered.
    pub fn registered(&self) -> Option<RegisteredCode> {
        self.code.registered()
    }

    /// The human form.
    pub fn block(&self) -> Block {
        Block {
            title: title(&self.code.to_string(), self.code.registered()),
            rows: self.rows(),
        }
    }

    /// The rows that explain the code, for a block that has its own title.
    pub fn rows(&self) -> Vec<Row> {
        let class = self.code.class();
        let mut rows = vec![Row::new(
            "class",
            format!("{}  {}", class as u8, class.summary()),
        )];
        rows.extend(subject_detail_rows(AnyClassCode::from(self.code)));
        rows.extend(vendor_rows(&self.vendor, self.code.registered().is_none()));
        rows
    }
}

impl fmt::Display for CodeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.block().fmt(f)
    }
}

#[derive(Serialize)]
struct CodeJson<'a> {
    code: EnhancedCode,
    class: ClassJson,
    subject: SubjectJson,
    detail: u16,
    registered: Option<RegistryEntry>,
    vendor: &'a [&'static VendorMeaning],
}

#[derive(Serialize)]
struct ClassJson {
    digit: u8,
    summary: &'static str,
}

#[derive(Serialize)]
struct SubjectJson {
    number: u16,
    summary: Option<&'static str>,
}

impl SubjectJson {
    fn new(code: AnyClassCode) -> SubjectJson {
        SubjectJson {
            number: code.subject().number(),
            summary: subject_kind(code).map(|s| s.summary()),
        }
    }
}

impl Serialize for CodeReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let code = self.code;
        CodeJson {
            code,
            class: ClassJson {
                digit: code.class() as u8,
                summary: code.class().summary(),
            },
            subject: SubjectJson::new(code.into()),
            detail: code.detail(),
            registered: code.registered().map(RegistryEntry),
            vendor: &self.vendor,
        }
        .serialize(s)
    }
}

/// A code written without its class (`X.7.26`) explained.
///
/// ```
/// use smtp_status_explain::AnyClassReport;
/// let r = AnyClassReport { code: "X.7.26".parse()? };
/// assert!(r.to_string().starts_with("X.7.26  "));
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnyClassReport {
    /// The code.
    pub code: AnyClassCode,
}

impl AnyClassReport {
    /// The human form.
    pub fn block(&self) -> Block {
        Block {
            title: title(&self.code.to_string(), self.code.registered()),
            rows: subject_detail_rows(self.code),
        }
    }
}

impl fmt::Display for AnyClassReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.block().fmt(f)
    }
}

#[derive(Serialize)]
struct AnyClassJson {
    code: AnyClassCode,
    subject: SubjectJson,
    detail: u16,
    registered: Option<RegistryEntry>,
}

impl Serialize for AnyClassReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        AnyClassJson {
            code: self.code,
            subject: SubjectJson::new(self.code),
            detail: self.code.detail(),
            registered: self.code.registered().map(RegistryEntry),
        }
        .serialize(s)
    }
}

/// A three-digit reply code explained: its meaning and the registered
/// enhanced codes that list it.
///
/// ```
/// let r = smtp_status_explain::ReplyCodeReport { code: smtp_status::ReplyCode::new(550).unwrap() };
/// assert!(r.to_string().starts_with("550  reply code"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyCodeReport {
    /// The code.
    pub code: ReplyCode,
}

impl ReplyCodeReport {
    /// The human form.
    pub fn block(&self) -> Block {
        let listed: Vec<&str> = self
            .code
            .registered_codes()
            .iter()
            .map(|r| r.as_str())
            .collect();
        Block {
            title: format!("{}  reply code", self.code),
            rows: vec![
                Row::new("meaning", reply_meaning(self.code)),
                Row::new(
                    "registered codes",
                    if listed.is_empty() {
                        "none list this reply code".into()
                    } else {
                        listed.join(", ")
                    },
                ),
            ],
        }
    }
}

impl fmt::Display for ReplyCodeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.block().fmt(f)
    }
}

#[derive(Serialize)]
struct ReplyCodeJson {
    reply_code: ReplyCode,
    reply_meaning: String,
    registered_codes: Vec<RegisteredCode>,
}

impl Serialize for ReplyCodeReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ReplyCodeJson {
            reply_code: self.code,
            reply_meaning: reply_meaning(self.code),
            registered_codes: self.code.registered_codes().to_vec(),
        }
        .serialize(s)
    }
}

/// A registry entry, in full: each line of `smtp-status list --json`, the
/// `registered` object of a code, and each line of `--example dump`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistryEntry(pub RegisteredCode);

#[derive(Serialize)]
struct RegistryJson {
    code: RegisteredCode,
    name: &'static str,
    sample: &'static str,
    description: &'static str,
    reply_codes: Vec<ReplyCode>,
    reply_codes_text: &'static str,
    references: Vec<ReferenceJson>,
    submitter: Option<&'static str>,
    change_controller: Option<&'static str>,
    added: Option<String>,
    updated: Option<String>,
    deprecation: Option<&'static str>,
}

#[derive(Serialize)]
struct ReferenceJson {
    kind: &'static str,
    id: &'static str,
    label: &'static str,
    url: &'static str,
}

impl Serialize for RegistryEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        RegistryJson {
            code: r,
            name: r.name(),
            sample: r.sample(),
            description: r.description(),
            reply_codes: r.reply_codes().to_vec(),
            reply_codes_text: r.basic_code_raw(),
            references: r
                .references()
                .iter()
                .map(|x| ReferenceJson {
                    kind: x.kind().as_str(),
                    id: x.id(),
                    label: x.label(),
                    url: x.url(),
                })
                .collect(),
            submitter: r.submitter(),
            change_controller: r.change_controller(),
            added: r.added().map(|d| d.to_string()),
            updated: r.updated().map(|d| d.to_string()),
            deprecation: r.deprecation(),
        }
        .serialize(s)
    }
}

/// What a reply code means: its text and the document that defines it, from
/// the core crate's curated table (registry/reply-codes.txt), or what its
/// category says (RFC 5321 section 4.2.1) for a code no document names.
///
/// ```
/// let m = smtp_status_explain::reply_meaning(smtp_status::ReplyCode::new(599).unwrap());
/// assert_eq!(m, "Permanent Negative Completion (5yz): not done, do not repeat as is");
/// ```
pub fn reply_meaning(code: ReplyCode) -> String {
    let text = code.text();
    match code.citation() {
        Some(citation) => format!("{text} ({citation})"),
        None => {
            let c = code.category();
            format!("{text} ({}yz): {}", c.digit(), c.description())
        }
    }
}

fn subject_kind(code: AnyClassCode) -> Option<smtp_status::Subject> {
    code.with_class(smtp_status::Class::Success).subject_kind()
}

fn title(label: &str, registered: Option<RegisteredCode>) -> String {
    match registered {
        Some(r) => format!("{label}  {}", r.sample()),
        None => format!("{label}  (unregistered)"),
    }
}

fn subject_detail_rows(code: AnyClassCode) -> Vec<Row> {
    let mut rows = vec![Row::new(
        "subject",
        match subject_kind(code) {
            Some(s) => format!("{}  {}", code.subject(), s.summary()),
            None => format!("{}  (no registered subject)", code.subject()),
        },
    )];
    let Some(r) = code.registered() else {
        rows.push(Row::new(
            "detail",
            format!("{}  not in the IANA registry", code.detail()),
        ));
        rows.push(Row::warn(
            "registry",
            format!("{code} is not registered; only its class and subject are defined"),
        ));
        return rows;
    };
    rows.push(Row::new(
        "detail",
        format!("{}  {}", code.detail(), r.sample()),
    ));
    rows.push(Row::new(
        "registry",
        format!("{} ({})", r.as_str(), r.name()),
    ));
    rows.push(Row::new("description", r.description()));
    let codes: Vec<String> = r.reply_codes().iter().map(|c| c.to_string()).collect();
    rows.push(Row::new(
        "reply codes",
        if codes.is_empty() {
            r.basic_code_raw().to_owned()
        } else {
            codes.join(", ")
        },
    ));
    let refs: Vec<&str> = r.references().iter().map(|x| x.label()).collect();
    rows.push(Row::new("references", refs.join(", ")));
    if let Some(d) = r.deprecation() {
        rows.push(Row::warn("deprecated", d));
    }
    rows
}

fn vendor_rows(vendor: &[&'static VendorMeaning], unregistered: bool) -> Vec<Row> {
    if vendor.is_empty() && unregistered {
        return vec![Row::warn(
            "vendor",
            "no vendor meaning is known for this code",
        )];
    }
    let mut rows = Vec::new();
    for m in vendor {
        // The vendor's own advice stays in its row: a verdict has one
        // advice row.
        rows.push(Row::new(
            "vendor",
            format!(
                "{} ({}): {} {}",
                m.vendor(),
                m.code(),
                m.meaning(),
                m.action()
            ),
        ));
        rows.push(Row::new("source", m.source()));
    }
    rows
}
