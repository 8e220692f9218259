//! Registry XML to the typed [`Registry`] model.
//!
//! The reader knows every element, attribute and value shape of today's
//! registry. Anything else stops it with `path:line: message`; nothing is
//! skipped.

use crate::Error;
use crate::basic::parse_basic_code;
use crate::model::{
    CodeRecord, Common, Date, Inline, Registry, RichText, SummaryRecord, Xref, XrefKind,
    collapse_ws,
};
use crate::xml::{self, Element, Node};
use std::collections::{BTreeMap, BTreeSet};

/// The `id` of the registry document.
pub const REGISTRY_ID: &str = "smtp-enhanced-status-codes";

/// Metadata elements of a registry or sub-registry: known, not modelled.
const META: &[&str] = &[
    "title",
    "created",
    "registration_rule",
    "expert",
    "note",
    "xref",
];

struct Ctx<'a> {
    path: &'a str,
}

impl Ctx<'_> {
    fn err(&self, line: usize, msg: impl Into<String>) -> Error {
        Error::at(self.path, line, msg)
    }

    fn no_attrs(&self, e: &Element, allowed: &[&str]) -> Result<(), Error> {
        match e.attrs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            Some((k, _)) => {
                Err(self.err(e.line, format!("unknown attribute `{k}` on <{}>", e.name)))
            }
            None => Ok(()),
        }
    }

    fn only_text(&self, e: &Element) -> Result<String, Error> {
        if e.name != "xref" {
            self.no_attrs(e, &[])?;
        }
        if let Some(child) = e.elements().next() {
            return Err(self.err(
                child.line,
                format!("unknown element <{}> inside <{}>", child.name, e.name),
            ));
        }
        Ok(e.text())
    }

    fn no_stray_text(&self, e: &Element) -> Result<(), Error> {
        for n in &e.children {
            if let Node::Text(t) = n
                && !t.trim().is_empty()
            {
                return Err(self.err(
                    e.line,
                    format!("unexpected text {:?} inside <{}>", t.trim(), e.name),
                ));
            }
        }
        Ok(())
    }

    fn date(&self, line: usize, s: &str, what: &str) -> Result<Date, Error> {
        parse_date(s).ok_or_else(|| {
            self.err(
                line,
                format!("{what} {s:?} is not a date of the form YYYY-MM-DD"),
            )
        })
    }

    fn rich(&self, e: &Element) -> Result<RichText, Error> {
        self.no_attrs(e, &[])?;
        let mut out = Vec::new();
        for n in &e.children {
            match n {
                Node::Text(t) => out.push(Inline::Text(t.clone())),
                Node::Element(x) if x.name == "xref" => out.push(Inline::Xref(self.xref(x)?)),
                Node::Element(x) => {
                    return Err(self.err(
                        x.line,
                        format!("unknown element <{}> inside <{}>", x.name, e.name),
                    ));
                }
            }
        }
        Ok(RichText(out))
    }

    fn xref(&self, x: &Element) -> Result<Xref, Error> {
        self.no_attrs(x, &["type", "data"])?;
        let kind = match x.attr("type") {
            Some("rfc") => XrefKind::Rfc,
            Some("draft") => XrefKind::Draft,
            Some(other) => {
                return Err(self.err(x.line, format!("unknown xref type {other:?}")));
            }
            None => return Err(self.err(x.line, "<xref> without a type")),
        };
        let data = x
            .attr("data")
            .filter(|d| !d.trim().is_empty())
            .ok_or_else(|| self.err(x.line, "<xref> without data"))?
            .trim()
            .to_string();
        let valid = match kind {
            XrefKind::Rfc => data
                .strip_prefix("rfc")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
            XrefKind::Draft => data
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'),
        };
        if !valid {
            return Err(self.err(
                x.line,
                format!("xref data {data:?} is not a valid {kind:?} name"),
            ));
        }
        let text = self.only_text(x)?;
        let text = collapse_ws(&text);
        Ok(Xref {
            kind,
            data,
            text: (!text.is_empty()).then_some(text),
        })
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u16> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let date = Date {
        year: num(0..4)?,
        month: u8::try_from(num(5..7)?).ok()?,
        day: u8::try_from(num(8..10)?).ok()?,
    };
    ((1..=12).contains(&date.month) && (1..=31).contains(&date.day)).then_some(date)
}

/// Parses a decimal number of 1 to 3 digits without a leading zero.
pub fn parse_number(s: &str) -> Option<u16> {
    let ok = !s.is_empty()
        && s.len() <= 3
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'));
    if ok { s.parse().ok() } else { None }
}

/// Parses the registry document. `path` is used in messages only.
pub fn parse(src: &[u8], path: &str) -> Result<Registry, Error> {
    let ctx = Ctx { path };
    let root = xml::read(src, path)?;
    if root.name != "registry" {
        return Err(ctx.err(
            root.line,
            format!(
                "not the registry: root element is <{}>, expected <registry>",
                root.name
            ),
        ));
    }
    match root.attr("id") {
        Some(REGISTRY_ID) => {}
        Some(other) => {
            return Err(ctx.err(
                root.line,
                format!("not the SMTP Enhanced Status Codes registry: id is {other:?}, expected {REGISTRY_ID:?}"),
            ));
        }
        None => return Err(ctx.err(root.line, "registry without an id")),
    }
    ctx.no_attrs(&root, &["id", "xmlns"])?;
    ctx.no_stray_text(&root)?;

    let mut updated = None;
    let mut subs: Vec<&Element> = Vec::new();
    for e in root.elements() {
        match e.name.as_str() {
            "updated" => {
                updated = Some(ctx.date(e.line, ctx.only_text(e)?.trim(), "registry updated")?)
            }
            "registry" => subs.push(e),
            "people" => {
                ctx.no_attrs(e, &[])?;
                if let Some(p) = e.elements().find(|p| p.name != "person") {
                    return Err(ctx.err(
                        p.line,
                        format!("unknown element <{}> inside <people>", p.name),
                    ));
                }
            }
            name if META.contains(&name) => {}
            name => {
                return Err(ctx.err(e.line, format!("unknown element <{name}> in the registry")));
            }
        }
    }
    let updated =
        updated.ok_or_else(|| ctx.err(root.line, "the registry has no <updated> date"))?;

    let find = |n: u8| -> Result<&Element, Error> {
        let id = format!("{REGISTRY_ID}-{n}");
        subs.iter()
            .copied()
            .find(|s| s.attr("id") == Some(id.as_str()))
            .ok_or_else(|| ctx.err(root.line, format!("sub-registry {id:?} is missing")))
    };
    if let Some(extra) = subs.iter().find(|s| {
        !matches!(s.attr("id"), Some(id) if (1..=3).any(|n| id == format!("{REGISTRY_ID}-{n}")))
    }) {
        return Err(ctx.err(
            extra.line,
            format!("unknown sub-registry {:?}", extra.attr("id").unwrap_or("")),
        ));
    }
    if subs.len() != 3 {
        return Err(ctx.err(
            root.line,
            format!("expected 3 sub-registries, found {}", subs.len()),
        ));
    }

    let classes = summary_records(&ctx, find(1)?, true)?;
    let subjects = summary_records(&ctx, find(2)?, false)?;
    let codes = code_records(&ctx, find(3)?)?;
    Ok(Registry {
        updated,
        classes,
        subjects,
        codes,
    })
}

fn records<'e>(ctx: &Ctx<'_>, sub: &'e Element) -> Result<Vec<&'e Element>, Error> {
    ctx.no_attrs(sub, &["id"])?;
    ctx.no_stray_text(sub)?;
    let mut out = Vec::new();
    for e in sub.elements() {
        match e.name.as_str() {
            "record" => out.push(e),
            name if META.contains(&name) => {}
            name => {
                return Err(ctx.err(
                    e.line,
                    format!("unknown element <{name}> in a sub-registry"),
                ));
            }
        }
    }
    Ok(out)
}

/// The fields of one record, by name, each at most once.
struct Fields<'e> {
    record: &'e Element,
    found: Vec<&'e Element>,
}

impl<'e> Fields<'e> {
    fn new(ctx: &Ctx<'_>, record: &'e Element, names: &[&str]) -> Result<Self, Error> {
        ctx.no_attrs(record, &["date", "updated"])?;
        ctx.no_stray_text(record)?;
        let mut found = Vec::new();
        let mut seen = BTreeSet::new();
        for e in record.elements() {
            if !names.contains(&e.name.as_str()) {
                return Err(ctx.err(e.line, format!("unknown element <{}> in a record", e.name)));
            }
            if !seen.insert(e.name.as_str()) {
                return Err(ctx.err(e.line, format!("<{}> appears twice in one record", e.name)));
            }
            found.push(e);
        }
        if let Some(missing) = names.iter().find(|n| !seen.contains(*n)) {
            return Err(ctx.err(record.line, format!("record without <{missing}>")));
        }
        Ok(Fields { record, found })
    }

    fn get(&self, name: &str) -> &'e Element {
        self.found
            .iter()
            .find(|e| e.name == name)
            .copied()
            .unwrap_or(self.record)
    }

    fn common(&self, ctx: &Ctx<'_>) -> Result<Common, Error> {
        let r = self.record;
        let date = r
            .attr("date")
            .map(|d| ctx.date(r.line, d, "record date"))
            .transpose()?;
        let updated = r
            .attr("updated")
            .map(|d| ctx.date(r.line, d, "record updated"))
            .transpose()?;
        Ok(Common {
            date,
            updated,
            description: ctx.rich(self.get("description"))?,
            reference: ctx.rich(self.get("reference"))?,
            submitter: collapse_ws(&ctx.only_text(self.get("submitter"))?),
            change_controller: collapse_ws(&ctx.only_text(self.get("change_controller"))?),
            line: r.line,
        })
    }
}

const SUMMARY_FIELDS: &[&str] = &[
    "code",
    "summary",
    "description",
    "reference",
    "submitter",
    "change_controller",
];

fn summary_records(ctx: &Ctx<'_>, sub: &Element, class: bool) -> Result<Vec<SummaryRecord>, Error> {
    let mut out: Vec<SummaryRecord> = Vec::new();
    // Code to the line of its record: duplicates found in O(n log n).
    let mut seen = BTreeMap::new();
    for r in records(ctx, sub)? {
        let f = Fields::new(ctx, r, SUMMARY_FIELDS)?;
        let code_el = f.get("code");
        let code = ctx.only_text(code_el)?.trim().to_string();
        let number = if class {
            code.strip_suffix(".XXX.YYY")
                .and_then(|d| match d {
                    "2" | "4" | "5" => d.parse().ok(),
                    _ => None,
                })
                .ok_or_else(|| {
                    ctx.err(
                        code_el.line,
                        format!("class code {code:?} is not 2.XXX.YYY, 4.XXX.YYY or 5.XXX.YYY"),
                    )
                })?
        } else {
            code.strip_prefix("X.")
                .and_then(|r| r.strip_suffix(".YYY"))
                .and_then(parse_number)
                .ok_or_else(|| {
                    ctx.err(
                        code_el.line,
                        format!("subject code {code:?} is not of the form X.n.YYY"),
                    )
                })?
        };
        if let Some(first) = seen.insert(number, r.line) {
            return Err(ctx.err(
                r.line,
                format!("duplicate code {code} (first at line {first})"),
            ));
        }
        let summary = collapse_ws(&ctx.only_text(f.get("summary"))?);
        if summary.is_empty() {
            return Err(ctx.err(r.line, format!("{code} has an empty summary")));
        }
        out.push(SummaryRecord {
            number,
            code,
            summary,
            common: f.common(ctx)?,
        });
    }
    if out.is_empty() {
        return Err(ctx.err(sub.line, "sub-registry without records"));
    }
    Ok(out)
}

const CODE_FIELDS: &[&str] = &[
    "code",
    "sample",
    "basic_code",
    "description",
    "reference",
    "submitter",
    "change_controller",
];

fn code_records(ctx: &Ctx<'_>, sub: &Element) -> Result<Vec<CodeRecord>, Error> {
    let mut out: Vec<CodeRecord> = Vec::new();
    let mut seen = BTreeMap::new();
    for r in records(ctx, sub)? {
        let f = Fields::new(ctx, r, CODE_FIELDS)?;
        let code_el = f.get("code");
        let code = ctx.only_text(code_el)?.trim().to_string();
        let (subject, detail) = code
            .strip_prefix("X.")
            .and_then(|rest| rest.split_once('.'))
            .and_then(|(s, d)| Some((parse_number(s)?, parse_number(d)?)))
            .ok_or_else(|| {
                ctx.err(
                    code_el.line,
                    format!("code {code:?} is not of the form X.subject.detail (1-3 digits each, no leading zeros)"),
                )
            })?;
        if let Some(first) = seen.insert((subject, detail), r.line) {
            return Err(ctx.err(
                r.line,
                format!("duplicate code {code} (first at line {first})"),
            ));
        }
        let basic_el = f.get("basic_code");
        let basic_code_raw = collapse_ws(&ctx.only_text(basic_el)?);
        let basic_code = parse_basic_code(&basic_code_raw).map_err(|msg| {
            ctx.err(
                basic_el.line,
                format!("{code}: basic_code {basic_code_raw:?}: {msg}"),
            )
        })?;
        out.push(CodeRecord {
            subject,
            detail,
            sample: collapse_ws(&ctx.only_text(f.get("sample"))?),
            basic_code_raw,
            basic_code,
            common: f.common(ctx)?,
        });
    }
    if out.is_empty() {
        return Err(ctx.err(sub.line, "sub-registry without records"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_rfc3463() {
        assert_eq!(parse_number("0"), Some(0));
        assert_eq!(parse_number("606"), Some(606));
        assert_eq!(parse_number("01"), None);
        assert_eq!(parse_number("1000"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2024-12-06").map(|d| d.to_string()).as_deref(),
            Some("2024-12-06")
        );
        assert_eq!(parse_date("2024-13-06"), None);
        assert_eq!(parse_date("2024-1-06"), None);
    }
}
