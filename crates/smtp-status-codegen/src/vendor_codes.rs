//! Curated vendor meanings (`registry/vendor-codes.txt`) to
//! `crates/smtp-status/src/generated/vendor_codes.rs`: the `Vendor` enum
//! from the file's declarations and one `VendorMeaning` per entry, in file
//! order. The file's header comment documents every field.

use std::fmt::Write;

use crate::{Error, File, GENERATED_DIR};

/// The curated file, relative to the workspace root.
pub const VENDOR_CODES_FILE: &str = "registry/vendor-codes.txt";

/// A `vendor: id | Variant | display name` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorDecl {
    /// The id the entries use: `microsoft`.
    pub id: String,
    /// The enum variant: `Microsoft`.
    pub variant: String,
    /// What `Display` prints.
    pub name: String,
}

/// An enhanced code or a range of details: class, subject, lowest and
/// highest detail (equal for a single code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pattern {
    pub class: u8,
    pub subject: u16,
    pub low: u16,
    pub high: u16,
}

/// One entry line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorEntry {
    /// Index into [`VendorCodes::vendors`].
    pub vendor: usize,
    pub code: Pattern,
    /// Alternatives, each a list of parts that must all occur; empty for `-`.
    pub markers: Vec<Vec<String>>,
    pub meaning: String,
    pub action: String,
    pub source: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// The parsed file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VendorCodes {
    pub vendors: Vec<VendorDecl>,
    pub entries: Vec<VendorEntry>,
}

/// Parses the curated file; every problem names `path:line`.
pub fn parse(text: &str, path: &str) -> Result<VendorCodes, Error> {
    let mut out = VendorCodes::default();
    for (ln, line) in crate::data_lines(text) {
        let err = |m: String| Error::at(path, ln, m);
        if let Some(decl) = line.strip_prefix("vendor:") {
            let d = declaration(decl.trim()).map_err(err)?;
            if let Some(prev) = out
                .vendors
                .iter()
                .find(|v| v.id == d.id || v.variant == d.variant)
            {
                return Err(err(format!(
                    "vendor `{}` ({}) is declared twice",
                    d.id, prev.variant
                )));
            }
            out.vendors.push(d);
            continue;
        }
        let e = entry(line, &out.vendors, ln).map_err(err)?;
        if let Some(prev) = out.entries.iter().find(|p| same_entry(p, &e)) {
            return Err(err(format!(
                "duplicate entry: same vendor, code and marker as line {}",
                prev.line
            )));
        }
        out.entries.push(e);
    }
    Ok(out)
}

fn declaration(s: &str) -> Result<VendorDecl, String> {
    let [id, variant, name] = fields::<3>(s, "`vendor: id | Variant | display name`")?;
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!("`{id}` is not a vendor id (a-z, 0-9, -)"));
    }
    let camel = variant.starts_with(|c: char| c.is_ascii_uppercase())
        && variant.bytes().all(|b| b.is_ascii_alphanumeric());
    if !camel {
        return Err(format!("`{variant}` is not an UpperCamelCase variant name"));
    }
    printable("display name", name)?;
    Ok(VendorDecl {
        id: id.to_string(),
        variant: variant.to_string(),
        name: name.to_string(),
    })
}

fn entry(line: &str, vendors: &[VendorDecl], ln: usize) -> Result<VendorEntry, String> {
    let [vendor, code, marker, meaning, action, source] =
        fields::<6>(line, "`vendor | code | marker | meaning | action | source`")?;
    let vendor = vendors.iter().position(|v| v.id == vendor).ok_or_else(|| {
        format!("unknown vendor `{vendor}`: declare it first with `vendor: {vendor} | Variant | display name`")
    })?;
    printable("meaning", meaning)?;
    printable("action", action)?;
    let url_ok = source.len() > "https://".len()
        && source.starts_with("https://")
        && source.bytes().all(|b| b.is_ascii_graphic());
    if !url_ok {
        return Err(format!("`{source}` is not a source URL (https://...)"));
    }
    Ok(VendorEntry {
        vendor,
        code: pattern(code)?,
        markers: markers(marker)?,
        meaning: meaning.to_string(),
        action: action.to_string(),
        source: source.to_string(),
        line: ln,
    })
}

/// Exactly `N` fields separated by ` | `, none empty.
pub(crate) fn fields<'a, const N: usize>(s: &'a str, shape: &str) -> Result<[&'a str; N], String> {
    let v: Vec<&str> = s.split(" | ").map(str::trim).collect();
    match <[&str; N]>::try_from(v) {
        Ok(a) if a.iter().all(|f| !f.is_empty()) => Ok(a),
        Ok(_) => Err(format!("empty field; expected {shape}")),
        Err(v) => Err(format!("{} fields; expected {shape}", v.len())),
    }
}

pub(crate) fn printable(what: &str, s: &str) -> Result<(), String> {
    match s.bytes().find(|b| !(b' '..=b'~').contains(b)) {
        None => Ok(()),
        Some(_) => Err(format!("the {what} must be printable ASCII: `{s}`")),
    }
}

/// `5.1.10` or `4.7.500-699`.
pub(crate) fn pattern(s: &str) -> Result<Pattern, String> {
    let bad =
        || format!("`{s}` is not an enhanced code (`5.1.10`) or a detail range (`4.7.500-699`)");
    let mut parts = s.split('.');
    let (Some(c), Some(sub), Some(det), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let class = match c {
        "2" => 2,
        "4" => 4,
        "5" => 5,
        _ => return Err(bad()),
    };
    let subject = number(sub).ok_or_else(bad)?;
    let (low, high) = match det.split_once('-') {
        None => {
            let d = number(det).ok_or_else(bad)?;
            (d, d)
        }
        Some((lo, hi)) => {
            let (lo, hi) = (number(lo).ok_or_else(bad)?, number(hi).ok_or_else(bad)?);
            if lo >= hi {
                return Err(format!(
                    "`{s}`: the range's low end must be below its high end"
                ));
            }
            (lo, hi)
        }
    };
    Ok(Pattern {
        class,
        subject,
        low,
        high,
    })
}

/// RFC 3463's sub-code: `0`, or 1 to 3 digits without a leading zero.
fn number(s: &str) -> Option<u16> {
    let ok = matches!(s.len(), 1..=3)
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'));
    ok.then(|| s.parse().ok()).flatten()
}

fn markers(s: &str) -> Result<Vec<Vec<String>>, String> {
    if s == "-" {
        return Ok(Vec::new());
    }
    printable("marker", s)?;
    let mut out = Vec::new();
    for alt in s.split(" || ") {
        let mut parts = Vec::new();
        for part in alt.split(" && ") {
            let part = part.trim();
            if part.is_empty() || part.contains("||") || part.contains("&&") {
                return Err(format!(
                    "marker `{s}`: empty part or stray `||`/`&&` (write ` || ` and ` && ` with spaces)"
                ));
            }
            parts.push(part.to_string());
        }
        out.push(parts);
    }
    Ok(out)
}

fn same_entry(a: &VendorEntry, b: &VendorEntry) -> bool {
    let lower = |m: &Vec<Vec<String>>| -> Vec<Vec<String>> {
        m.iter()
            .map(|alt| alt.iter().map(|p| p.to_ascii_lowercase()).collect())
            .collect()
    };
    a.vendor == b.vendor && a.code == b.code && lower(&a.markers) == lower(&b.markers)
}

/// Parses and renders: the generated file.
pub fn file(text: &str, path: &str) -> Result<File, Error> {
    Ok(File {
        path: format!("{GENERATED_DIR}/vendor_codes.rs"),
        text: render(&parse(text, path)?),
    })
}

/// Renders the generated module.
pub fn render(v: &VendorCodes) -> String {
    let mut s = String::new();
    s.push_str("// @generated by `cargo xtask codegen` from registry/vendor-codes.txt.\n");
    s.push_str(
        "// Do not edit: change registry/vendor-codes.txt and run `cargo xtask codegen`.\n\n",
    );
    s.push_str("use super::{CodePattern, VendorMeaning};\nuse crate::Class;\n\n");
    s.push_str("/// A vendor whose own meanings of enhanced status codes are recorded in\n");
    s.push_str("/// `registry/vendor-codes.txt`. More vendors may be added in minor releases.\n");
    s.push_str("///\n/// ```\n/// use smtp_status::vendor::Vendor;\n");
    if let Some(first) = v.vendors.first() {
        let _ = writeln!(
            s,
            "/// assert_eq!(Vendor::{}.to_string(), {:?});",
            first.variant, first.name
        );
    }
    s.push_str("/// ```\n");
    s.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]\n");
    s.push_str("#[non_exhaustive]\npub enum Vendor {\n");
    for d in &v.vendors {
        let _ = writeln!(s, "    /// {} (`{}`).", d.name, d.id);
        let _ = writeln!(s, "    {},", d.variant);
    }
    s.push_str("}\n\nimpl Vendor {\n");
    s.push_str("    /// Every vendor, in file order.\n    ///\n    /// ```\n");
    s.push_str("    /// assert!(!smtp_status::vendor::Vendor::ALL.is_empty());\n    /// ```\n");
    s.push_str("    pub const ALL: &'static [Vendor] = &[");
    let all: Vec<String> = v
        .vendors
        .iter()
        .map(|d| format!("Vendor::{}", d.variant))
        .collect();
    s.push_str(&all.join(", "));
    s.push_str("];\n\n");
    for (fname, doc, get) in [
        ("id", "The vendor's id in `registry/vendor-codes.txt`.", 0),
        ("name", "The vendor's name, as `Display` prints it.", 1),
    ] {
        let _ = writeln!(s, "    /// {doc}\n    ///\n    /// ```");
        if let Some(d) = v.vendors.first() {
            let value = if get == 0 { &d.id } else { &d.name };
            let _ = writeln!(
                s,
                "    /// assert_eq!(smtp_status::vendor::Vendor::{}.{fname}(), {value:?});",
                d.variant
            );
        }
        let _ = writeln!(
            s,
            "    /// ```\n    pub const fn {fname}(self) -> &'static str {{\n        match self {{"
        );
        for d in &v.vendors {
            let value = if get == 0 { &d.id } else { &d.name };
            let _ = writeln!(s, "            Vendor::{} => {value:?},", d.variant);
        }
        s.push_str("        }\n    }\n\n");
    }
    s.truncate(s.len() - 1);
    s.push_str("}\n\n");
    s.push_str("/// Every entry of `registry/vendor-codes.txt`, in file order.\n");
    s.push_str("pub(super) const MEANINGS: &[VendorMeaning] = &[\n");
    for e in &v.entries {
        let class = match e.code.class {
            2 => "Success",
            4 => "PersistentTransientFailure",
            _ => "PermanentFailure",
        };
        let markers: Vec<String> = e
            .markers
            .iter()
            .map(|alt| {
                let parts: Vec<String> = alt.iter().map(|p| format!("{p:?}")).collect();
                format!("&[{}]", parts.join(", "))
            })
            .collect();
        let _ = writeln!(
            s,
            "    VendorMeaning {{\n        vendor: Vendor::{},\n        code: CodePattern {{ class: Class::{class}, subject: {}, low: {}, high: {} }},\n        markers: &[{}],\n        meaning: {:?},\n        action: {:?},\n        source: {:?},\n    }},",
            v.vendors[e.vendor].variant,
            e.code.subject,
            e.code.low,
            e.code.high,
            markers.join(", "),
            e.meaning,
            e.action,
            e.source
        );
    }
    s.push_str("];\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_each() {
        let v = parse(
            "vendor: acme | Acme | Acme Mail\nacme | 4.7.500-699 | Try later && acme || [X1] | m | a | https://acme.example/codes\n",
            "f.txt",
        )
        .unwrap();
        assert_eq!(v.vendors[0].variant, "Acme");
        let e = &v.entries[0];
        assert_eq!(
            (e.code.class, e.code.subject, e.code.low, e.code.high),
            (4, 7, 500, 699)
        );
        assert_eq!(e.markers, [vec!["Try later", "acme"], vec!["[X1]"]]);
        assert_eq!(e.line, 2);
    }
}
