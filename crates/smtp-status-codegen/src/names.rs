//! Rust names for classes, subjects and codes, and the pinned-names file
//! (`registry/names.txt`) that keeps them stable.
//!
//! A name is derived once, from the sample text (codes) or the summary
//! (classes and subjects), when the code first appears, and is then pinned:
//! an IANA edit to the text never renames a published variant.
//!
//! Derivation follows the Rust API guidelines: UpperCamelCase, acronyms as
//! words (`UTF-8` gives `Utf8`, `SMTP` gives `Smtp`), apostrophes dropped
//! (`sender's` gives `Senders`). A subject's trailing "Status" is dropped
//! (`Addressing Status` gives `Addressing`).

use crate::Error;
use crate::model::Registry;
use std::collections::BTreeMap;

/// Derives an UpperCamelCase identifier from registry text; `None` when the
/// text gives none (empty, or starting with a digit).
pub fn derive(text: &str) -> Option<String> {
    let cleaned: String = text
        .chars()
        .filter(|c| *c != '\'' && *c != '\u{2019}')
        .collect();
    let mut out = String::new();
    for word in cleaned
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(out)
}

/// Key of a record in the names file: `2.XXX.YYY`, `X.1.YYY`, `X.1.1`.
fn keys(reg: &Registry) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for c in &reg.classes {
        out.push((c.code.clone(), derive(&c.summary)));
    }
    for s in &reg.subjects {
        let summary = s.summary.strip_suffix(" Status").unwrap_or(&s.summary);
        out.push((s.code.clone(), derive(summary)));
    }
    for c in &reg.codes {
        out.push((c.code(), derive(&c.sample)));
    }
    out
}

/// The pinned names, as read from the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pinned {
    /// Code to (name, line in the file).
    pub entries: BTreeMap<String, (String, usize)>,
}

impl Pinned {
    /// Reads the names file: `CODE NAME` per line; `#` starts a comment.
    pub fn parse(src: &str, path: &str) -> Result<Pinned, Error> {
        let mut entries: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for (i, line) in src.lines().enumerate() {
            let n = i + 1;
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(code), Some(name), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(Error::at(
                    path,
                    n,
                    format!("expected `CODE NAME`, found {line:?}"),
                ));
            };
            if !is_ident(name) || is_keyword(name) {
                return Err(Error::at(
                    path,
                    n,
                    format!("{name:?} is not an UpperCamelCase Rust identifier (or is a keyword)"),
                ));
            }
            if let Some((_, first)) = entries.get(code) {
                return Err(Error::at(
                    path,
                    n,
                    format!("{code} is pinned twice (first at line {first})"),
                ));
            }
            entries.insert(code.to_string(), (name.to_string(), n));
        }
        Ok(Pinned { entries })
    }

    /// The name pinned for a code.
    pub fn get(&self, code: &str) -> Option<&str> {
        self.entries.get(code).map(|(n, _)| n.as_str())
    }
}

fn is_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `Self`, the one UpperCamelCase keyword: no variant can have that name.
fn is_keyword(s: &str) -> bool {
    s == "Self"
}

/// The resolved name of every record, in registry order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// One per class record.
    pub classes: Vec<String>,
    /// One per subject record.
    pub subjects: Vec<String>,
    /// One per code record.
    pub codes: Vec<String>,
}

/// Looks up every record's pinned name. A record without one, or two
/// records of one sub-registry with the same name, stop generation.
pub fn resolve(reg: &Registry, pinned: &Pinned, path: &str) -> Result<Names, Error> {
    let mut all = Vec::new();
    for (code, _) in keys(reg) {
        let name = pinned.get(&code).ok_or_else(|| {
            Error::at(
                path,
                0,
                format!("{code} has no pinned name: `cargo xtask refresh-registry` pins the names of new codes"),
            )
        })?;
        all.push((code, name.to_string()));
    }
    let (nc, ns) = (reg.classes.len(), reg.subjects.len());
    for group in [&all[..nc], &all[nc..nc + ns], &all[nc + ns..]] {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (code, name) in group {
            if let Some(other) = seen.insert(name, code) {
                return Err(Error::at(
                    path,
                    pinned.entries[code].1,
                    format!("{other} and {code} both resolve to the name {name}"),
                ));
            }
        }
    }
    let mut names = all.into_iter().map(|(_, n)| n);
    Ok(Names {
        classes: names.by_ref().take(nc).collect(),
        subjects: names.by_ref().take(ns).collect(),
        codes: names.collect(),
    })
}

/// Pins a derived name for every record that has none yet; existing pins
/// are kept as they are, including those of codes no longer in the registry.
///
/// Returns the new file text and the `(code, name)` pairs it added.
pub fn pin_new(
    reg: &Registry,
    pinned: &Pinned,
    path: &str,
) -> Result<(String, Vec<(String, String)>), Error> {
    let mut added = Vec::new();
    let mut next = pinned.clone();
    for (code, derived) in keys(reg) {
        if pinned.get(&code).is_some() {
            continue;
        }
        let name = derived.ok_or_else(|| {
            Error::at(
                path,
                0,
                format!("{code} has no text to derive a name from: pin one by hand in {path}"),
            )
        })?;
        if is_keyword(&name) {
            return Err(Error::at(
                path,
                0,
                format!(
                    "{code}: the name derived from its text, `{name}`, is a Rust keyword: \
                     pin another name for {code} by hand in {path}"
                ),
            ));
        }
        next.entries.insert(code.clone(), (name.clone(), 0));
        added.push((code, name));
    }
    resolve(reg, &next, path)?;
    Ok((render(reg, &next), added))
}

/// Writes the names file: registry order, then pins of codes that left it.
pub fn render(reg: &Registry, pinned: &Pinned) -> String {
    let mut out = String::from(
        "# Rust names of the registry's records, pinned: a published name never changes,\n\
         # even when IANA rewords the text it was derived from.\n\
         # `cargo xtask refresh-registry` appends derived names for new codes; a record\n\
         # with no text to derive from (X.6.10) is named here by hand.\n\
         # Format: CODE NAME\n",
    );
    let keys = keys(reg);
    for (code, _) in &keys {
        if let Some(name) = pinned.get(code) {
            out.push_str(&format!("{code} {name}\n"));
        }
    }
    let gone: Vec<_> = pinned
        .entries
        .iter()
        .filter(|(c, _)| !keys.iter().any(|(k, _)| k == *c))
        .collect();
    if !gone.is_empty() {
        out.push_str("# No longer in the registry; kept so the names are never reused.\n");
        for (code, (name, _)) in gone {
            out.push_str(&format!("{code} {name}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::derive;

    #[test]
    fn acronyms_are_words() {
        assert_eq!(
            derive("UTF-8 string reply is required").as_deref(),
            Some("Utf8StringReplyIsRequired")
        );
        assert_eq!(
            derive("No passing DKIM signature found").as_deref(),
            Some("NoPassingDkimSignatureFound")
        );
        assert_eq!(
            derive("Bad sender's mailbox address syntax").as_deref(),
            Some("BadSendersMailboxAddressSyntax")
        );
        assert_eq!(
            derive("Recipient address has null MX").as_deref(),
            Some("RecipientAddressHasNullMx")
        );
        assert_eq!(derive(""), None);
        assert_eq!(derive("8BITMIME"), None);
    }
}
