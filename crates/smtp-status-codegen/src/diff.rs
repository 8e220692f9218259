//! The change report of a registry refresh: what a new registry document
//! adds, changes and removes compared to the committed snapshot.
//!
//! [`diff`] is pure. The report prints for a person ([`fmt::Display`]) and
//! as JSON for a tool ([`Report::to_json`]), both in a stable order:
//! classes, subjects, then codes, each in registry order.

use crate::model::{Common, Inline, Registry, RichText, XrefKind};
use crate::names::Pinned;
use std::fmt::{self, Write as _};

/// One field of a record that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// Field name (`sample`, `reply codes`, `description`, `reference`, ...).
    pub field: &'static str,
    /// Old value, as text.
    pub old: String,
    /// New value, as text.
    pub new: String,
}

/// A record of the new registry that the old one lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// Record key (`X.7.28`, `X.8.YYY`, `3.XXX.YYY`).
    pub code: String,
    /// The Rust name it was given, if known.
    pub name: Option<String>,
    /// Sample text or summary.
    pub text: String,
}

/// A record in both registries whose fields differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// Record key.
    pub code: String,
    /// Its pinned Rust name, if known.
    pub name: Option<String>,
    /// The fields that differ, in a fixed order.
    pub fields: Vec<FieldChange>,
}

/// A record of the old registry that the new one lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Record key.
    pub code: String,
    /// Its pinned Rust name, if known: the public variant that would go.
    pub name: Option<String>,
    /// Sample text or summary, as it was.
    pub text: String,
}

/// Everything that differs between two registries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The old registry's `updated` date.
    pub old_updated: String,
    /// The new registry's `updated` date.
    pub new_updated: String,
    /// New records.
    pub added: Vec<Added>,
    /// Records whose fields changed.
    pub changed: Vec<Changed>,
    /// Records that disappeared.
    pub removed: Vec<Removed>,
}

impl Report {
    /// Whether the two registries hold the same records with the same fields
    /// (the `updated` date may still differ).
    pub fn records_unchanged(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// The report as one JSON object (keys in a fixed order, one line).
    pub fn to_json(&self) -> String {
        let mut s = String::from("{");
        self.write_json_fields(&mut s);
        s.push('}');
        s
    }

    /// The report's JSON members, `"updated":...,"added":[...],"changed":[...],"removed":[...]`,
    /// without the braces, for an object that carries more members.
    pub fn write_json_fields(&self, s: &mut String) {
        let _ = write!(
            s,
            "\"updated\":{{\"old\":{},\"new\":{}}}",
            json_str(&self.old_updated),
            json_str(&self.new_updated)
        );
        s.push_str(",\"added\":[");
        let added: Vec<String> = self
            .added
            .iter()
            .map(|a| entry_json(&a.code, &a.name, &a.text))
            .collect();
        s.push_str(&added.join(","));
        s.push_str("],\"changed\":[");
        for (i, c) in self.changed.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let _ = write!(
                s,
                "{{\"code\":{},\"name\":{},\"fields\":[",
                json_str(&c.code),
                json_opt(&c.name)
            );
            for (j, f) in c.fields.iter().enumerate() {
                if j > 0 {
                    s.push(',');
                }
                let _ = write!(
                    s,
                    "{{\"field\":{},\"old\":{},\"new\":{}}}",
                    json_str(f.field),
                    json_str(&f.old),
                    json_str(&f.new)
                );
            }
            s.push_str("]}");
        }
        s.push_str("],\"removed\":[");
        let removed: Vec<String> = self
            .removed
            .iter()
            .map(|r| entry_json(&r.code, &r.name, &r.text))
            .collect();
        s.push_str(&removed.join(","));
        s.push(']');
    }
}

fn entry_json(code: &str, name: &Option<String>, text: &str) -> String {
    format!(
        "{{\"code\":{},\"name\":{},\"text\":{}}}",
        json_str(code),
        json_opt(name),
        json_str(text)
    )
}

fn json_opt(s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| "null".to_string(), json_str)
}

/// A JSON string literal.
pub fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if crate::hazard::is_hazard(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "registry updated: {} -> {}",
            self.old_updated, self.new_updated
        )?;
        // Registry text goes to a terminal: control bytes (ESC) and bidi
        // controls shown escaped, never raw.
        let name = |n: &Option<String>| n.as_deref().unwrap_or("(no name)").to_string();
        let shown = |s: &str| crate::hazard::escape(s).into_owned();
        writeln!(f, "added: {}", self.added.len())?;
        for a in &self.added {
            writeln!(
                f,
                "  + {} {} \"{}\"",
                shown(&a.code),
                name(&a.name),
                shown(&a.text)
            )?;
        }
        writeln!(f, "changed: {}", self.changed.len())?;
        for c in &self.changed {
            writeln!(f, "  ~ {} {}", shown(&c.code), name(&c.name))?;
            for fc in &c.fields {
                writeln!(f, "      {}:", fc.field)?;
                writeln!(f, "        - {}", shown(&fc.old))?;
                writeln!(f, "        + {}", shown(&fc.new))?;
            }
        }
        writeln!(f, "removed: {}", self.removed.len())?;
        for r in &self.removed {
            writeln!(
                f,
                "  - {} {} \"{}\"",
                shown(&r.code),
                name(&r.name),
                shown(&r.text)
            )?;
        }
        Ok(())
    }
}

/// Rich text as one line: text with white space collapsed, each reference
/// as `[rfc 3463]` or `[draft NAME]` (with its own text after a colon).
pub fn rich_line(t: &RichText) -> String {
    let mut s = String::new();
    for i in &t.0 {
        match i {
            Inline::Text(x) => s.push_str(x),
            Inline::Xref(x) => {
                let kind = match x.kind {
                    XrefKind::Rfc => "rfc",
                    XrefKind::Draft => "draft",
                };
                if !s.is_empty() && !s.ends_with(char::is_whitespace) {
                    s.push(' ');
                }
                let _ = write!(s, "[{kind} {}", x.data);
                if let Some(text) = &x.text {
                    let _ = write!(s, ": {text}");
                }
                s.push(']');
            }
        }
    }
    crate::model::collapse_ws(&s)
}

fn opt_date(d: Option<crate::model::Date>) -> String {
    d.map_or_else(|| "(none)".to_string(), |d| d.to_string())
}

fn common_fields(c: &Common) -> Vec<(&'static str, String)> {
    vec![
        ("description", rich_line(&c.description)),
        ("reference", rich_line(&c.reference)),
        ("submitter", c.submitter.clone()),
        ("change controller", c.change_controller.clone()),
        ("date", opt_date(c.date)),
        ("updated", opt_date(c.updated)),
    ]
}

/// One record flattened: key, text, fields in display order.
struct Flat {
    code: String,
    text: String,
    fields: Vec<(&'static str, String)>,
}

fn flatten(reg: &Registry) -> Vec<Flat> {
    let mut out = Vec::new();
    for s in reg.classes.iter().chain(&reg.subjects) {
        let mut fields = vec![("summary", s.summary.clone())];
        fields.extend(common_fields(&s.common));
        out.push(Flat {
            code: s.code.clone(),
            text: s.summary.clone(),
            fields,
        });
    }
    for c in &reg.codes {
        let mut fields = vec![
            ("sample", c.sample.clone()),
            ("reply codes", c.basic_code_raw.clone()),
        ];
        fields.extend(common_fields(&c.common));
        fields.push((
            "deprecated",
            c.deprecation()
                .map_or_else(|| "no".to_string(), |_| "yes".to_string()),
        ));
        out.push(Flat {
            code: c.code(),
            text: c.sample.clone(),
            fields,
        });
    }
    out
}

/// Compares two registries. `names` gives the Rust name of each record
/// (old pins and the ones just pinned for new codes).
pub fn diff(old: &Registry, new: &Registry, names: &Pinned) -> Report {
    let old_flat = flatten(old);
    let new_flat = flatten(new);
    let name = |code: &str| names.get(code).map(str::to_string);
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for n in &new_flat {
        match old_flat.iter().find(|o| o.code == n.code) {
            None => added.push(Added {
                code: n.code.clone(),
                name: name(&n.code),
                text: n.text.clone(),
            }),
            Some(o) => {
                let fields: Vec<FieldChange> = o
                    .fields
                    .iter()
                    .zip(&n.fields)
                    .filter(|(a, b)| a.1 != b.1)
                    .map(|(a, b)| FieldChange {
                        field: a.0,
                        old: a.1.clone(),
                        new: b.1.clone(),
                    })
                    .collect();
                if !fields.is_empty() {
                    changed.push(Changed {
                        code: n.code.clone(),
                        name: name(&n.code),
                        fields,
                    });
                }
            }
        }
    }
    let removed = old_flat
        .iter()
        .filter(|o| !new_flat.iter().any(|n| n.code == o.code))
        .map(|o| Removed {
            code: o.code.clone(),
            name: name(&o.code),
            text: o.text.clone(),
        })
        .collect();
    Report {
        old_updated: old.updated.to_string(),
        new_updated: new.updated.to_string(),
        added,
        changed,
        removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inline, RichText};

    fn registry() -> (Registry, Pinned) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
        let xml = std::fs::read(format!("{root}{}", crate::REGISTRY_XML)).unwrap();
        let names = std::fs::read_to_string(format!("{root}{}", crate::NAMES_FILE)).unwrap();
        (
            crate::parse::parse(&xml, "registry.xml").unwrap(),
            Pinned::parse(&names, "names.txt").unwrap(),
        )
    }

    #[test]
    fn identical_registries_have_an_empty_report() {
        let (reg, names) = registry();
        let r = diff(&reg, &reg, &names);
        assert!(r.records_unchanged());
        assert_eq!(r.old_updated, r.new_updated);
    }

    #[test]
    fn every_field_reports_old_and_new() {
        let (old, names) = registry();
        let mut new = old.clone();
        let c = new.codes.iter_mut().find(|c| c.code() == "X.1.1").unwrap();
        c.sample = "Reworded".into();
        c.basic_code_raw = "550".into();
        c.common.submitter = "Someone".into();
        c.common.description = RichText(vec![Inline::Text("Now deprecated.".into())]);
        let r = diff(&old, &new, &names);
        assert_eq!(r.changed.len(), 1);
        let ch = &r.changed[0];
        assert_eq!(ch.code, "X.1.1");
        assert_eq!(ch.name.as_deref(), Some("BadDestinationMailboxAddress"));
        let fields: Vec<&str> = ch.fields.iter().map(|f| f.field).collect();
        assert_eq!(
            fields,
            [
                "sample",
                "reply codes",
                "description",
                "submitter",
                "deprecated"
            ]
        );
        assert_eq!(ch.fields[0].old, "Bad destination mailbox address");
        assert_eq!(ch.fields[0].new, "Reworded");
        assert_eq!(ch.fields[4].old, "no");
        assert_eq!(ch.fields[4].new, "yes");
        let text = r.to_string();
        assert!(text.contains("  ~ X.1.1 BadDestinationMailboxAddress\n"));
        assert!(text.contains("        - 451, 550\n        + 550\n"));
    }

    #[test]
    fn added_and_removed_codes_and_json() {
        let (old, names) = registry();
        let mut new = old.clone();
        let gone = new.codes.remove(0);
        let mut moved = new.codes.last().unwrap().clone();
        moved.detail = 99;
        moved.sample = "Quote \"me\"".into();
        new.codes.push(moved);
        let r = diff(&old, &new, &names);
        assert_eq!(r.removed.len(), 1);
        assert_eq!(r.removed[0].code, gone.code());
        assert_eq!(r.added.len(), 1);
        assert_eq!(r.added[0].code, "X.7.99");
        assert_eq!(r.added[0].name, None);
        let json = r.to_json();
        assert!(
            json.contains(r#"{"code":"X.7.99","name":null,"text":"Quote \"me\""}"#),
            "{json}"
        );
        assert!(
            json.starts_with(r#"{"updated":{"old":"2024-12-06","new":"2024-12-06"},"added":["#)
        );
        assert!(r.to_string().contains("removed: 1\n  - X.0.0"));
    }
}
