//! Curated SMTP reply codes (`registry/reply-codes.txt`) to
//! `crates/smtp-status/src/generated/reply_codes.rs`: every use of a code
//! (its text and the document and section that define it), a `ReplyCode`
//! constant for each named use, and the lookups.

use std::fmt::Write;

use crate::{Error, markdown};

/// The curated file, relative to the workspace root.
pub const REPLY_CODES_FILE: &str = "registry/reply-codes.txt";

/// One line of the curated file: one use of a reply code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyCodeEntry {
    /// The code, 200 to 599.
    pub code: u16,
    /// The constant's name; `None` for `-`.
    pub name: Option<String>,
    /// Whether the line gives (part of) the code's general meaning.
    pub general: bool,
    /// Where the use is defined, as written (`RFC 4954 section 6`).
    pub citation: String,
    /// The text.
    pub text: String,
    /// Why the use is deprecated, if its document deprecates it.
    pub deprecation: Option<String>,
    /// Line in the file, for messages.
    pub line: usize,
}

impl ReplyCodeEntry {
    /// The citation split into document and section:
    /// `("RFC 4954", Some("6"))`.
    pub fn document_and_section(&self) -> (&str, Option<&str>) {
        match self.citation.split_once(" section ") {
            Some((doc, section)) => (doc, Some(section)),
            None => (&self.citation, None),
        }
    }
}

const SHAPE: &str =
    "expected `code | NAME or - | general or use | citation | text [| deprecated: why]`";

/// Parses the curated file; every problem names `path:line`.
pub fn parse(text: &str, path: &str) -> Result<Vec<ReplyCodeEntry>, Error> {
    let mut out: Vec<ReplyCodeEntry> = Vec::new();
    for (ln, line) in crate::data_lines(text) {
        let at = |m: String| Error::at(path, ln, m);
        let fields: Vec<&str> = line.split(" | ").map(str::trim).collect();
        let (code, name, role, citation, text, deprecation) = match fields[..] {
            [c, n, r, ci, t] => (c, n, r, ci, t, None),
            [c, n, r, ci, t, d] => match d.strip_prefix("deprecated:") {
                Some(why) if !why.trim().is_empty() => (c, n, r, ci, t, Some(why.trim())),
                _ => return Err(at(format!("{SHAPE}; found {d:?} as the sixth field"))),
            },
            _ => return Err(at(SHAPE.into())),
        };
        let code: u16 = match code.parse() {
            Ok(c) if (200..=599).contains(&c) => c,
            _ => return Err(at(format!("`{code}` is not a reply code"))),
        };
        let name = match name {
            "-" => None,
            n if !n.is_empty()
                && n.starts_with(|c: char| c.is_ascii_uppercase())
                && n.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_') =>
            {
                Some(n.to_string())
            }
            n => return Err(at(format!("`{n}` is not an UPPER_SNAKE name or `-`"))),
        };
        if let Some(n) = &name
            && let Some(first) = out.iter().find(|e| e.name.as_ref() == Some(n))
        {
            return Err(at(format!(
                "`{n}` is defined twice (first at line {})",
                first.line
            )));
        }
        let general = match role {
            "general" => true,
            "use" => false,
            r => return Err(at(format!("`{r}` is neither `general` nor `use`"))),
        };
        if citation.is_empty() || text.is_empty() {
            return Err(at("empty citation or text".into()));
        }
        out.push(ReplyCodeEntry {
            code,
            name,
            general,
            citation: citation.to_string(),
            text: text.to_string(),
            deprecation: deprecation.map(str::to_string),
            line: ln,
        });
    }
    for e in &out {
        if !out.iter().any(|g| g.code == e.code && g.general) {
            return Err(Error::at(
                path,
                e.line,
                format!(
                    "{} has no `general` line: which text is the code's general meaning?",
                    e.code
                ),
            ));
        }
    }
    Ok(out)
}

/// The uses sorted by code, file order kept within a code.
fn by_code(entries: &[ReplyCodeEntry]) -> Vec<&ReplyCodeEntry> {
    let mut sorted: Vec<&ReplyCodeEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.code);
    sorted
}

fn constant(s: &mut String, e: &ReplyCodeEntry, entries: &[ReplyCodeEntry]) {
    let name = e.name.as_deref().unwrap_or_default();
    let _ = writeln!(
        s,
        "    /// `{}` {} ({}).",
        e.code,
        markdown::escape(&e.text),
        markdown::escape(&e.citation)
    );
    if entries.iter().filter(|o| o.code == e.code).count() > 1 {
        let _ = writeln!(
            s,
            "    ///\n    /// {} has other uses: [`ReplyCode::text`] gives its general meaning, \
             [`ReplyCode::uses`] every use.",
            e.code
        );
    }
    if let Some(why) = &e.deprecation {
        let _ = writeln!(s, "    ///\n    /// Deprecated: {}.", markdown::escape(why));
    }
    s.push_str("    ///\n    /// ```\n");
    let _ = writeln!(
        s,
        "    /// assert_eq!(smtp_status::ReplyCode::{name}.as_u16(), {});",
        e.code
    );
    s.push_str("    /// ```\n");
    let _ = writeln!(s, "    #[doc(alias = \"{}\")]", e.code);
    let _ = writeln!(
        s,
        "    pub const {name}: ReplyCode = ReplyCode::new_unchecked({});",
        e.code
    );
}

fn use_literal(e: &ReplyCodeEntry) -> String {
    let opt = |o: Option<&str>| match o {
        Some(v) => format!("Some({v:?})"),
        None => "None".into(),
    };
    let (document, section) = e.document_and_section();
    format!(
        "    ReplyCodeUse {{ code: ReplyCode::new_unchecked({}), name: {}, general: {}, document: {document:?}, section: {}, text: {:?}, deprecation: {} }},\n",
        e.code,
        opt(e.name.as_deref()),
        e.general,
        opt(section),
        e.text,
        opt(e.deprecation.as_deref()),
    )
}

/// Renders the generated module.
pub fn render(entries: &[ReplyCodeEntry]) -> String {
    let mut s = String::new();
    s.push_str("// @generated by `cargo xtask codegen` from registry/reply-codes.txt.\n");
    s.push_str(
        "// Do not edit: change registry/reply-codes.txt and run `cargo xtask codegen`.\n\n",
    );
    s.push_str("use crate::{ReplyCode, ReplyCodeUse};\n\n");
    s.push_str("/// Named reply codes, from `registry/reply-codes.txt` (curated).\n");
    s.push_str("impl ReplyCode {\n");
    for e in entries.iter().filter(|e| e.name.is_some()) {
        constant(&mut s, e, entries);
    }
    s.push_str("}\n\n");
    let sorted = by_code(entries);
    s.push_str("/// Every use of every code: by code, then in the curated file's order.\n");
    s.push_str("pub(crate) const USES: &[ReplyCodeUse] = &[\n");
    for e in &sorted {
        s.push_str(&use_literal(e));
    }
    s.push_str("];\n\n");
    s.push_str("const fn part(start: usize, len: usize) -> &'static [ReplyCodeUse] {\n");
    s.push_str("    USES.split_at(start).1.split_at(len).0\n}\n\n");
    s.push_str("/// The uses of a code, in the curated file's order.\n");
    s.push_str("pub(crate) const fn uses(code: u16) -> &'static [ReplyCodeUse] {\n");
    s.push_str("    match code {\n");
    let mut general = String::new();
    let mut start = 0;
    while start < sorted.len() {
        let code = sorted[start].code;
        let len = sorted[start..]
            .iter()
            .take_while(|e| e.code == code)
            .count();
        let _ = writeln!(s, "        {code} => part({start}, {len}),");
        let g: Vec<&&ReplyCodeEntry> = sorted[start..start + len]
            .iter()
            .filter(|e| e.general)
            .collect();
        let text = g.iter().map(|e| e.text.as_str()).collect::<Vec<_>>();
        let cite = g.iter().map(|e| e.citation.as_str()).collect::<Vec<_>>();
        let _ = writeln!(
            general,
            "        {code} => Some(({:?}, {:?})),",
            text.join(" / "),
            cite.join("; ")
        );
        start += len;
    }
    s.push_str("        _ => &[],\n    }\n}\n\n");
    s.push_str(
        "/// A code's general meaning and its citation: the texts of its `general`\n\
         /// lines, joined with \" / \" when two documents define the code.\n",
    );
    s.push_str(
        "pub(crate) const fn general(code: u16) -> Option<(&'static str, &'static str)> {\n",
    );
    s.push_str("    match code {\n");
    s.push_str(&general);
    s.push_str("        _ => None,\n    }\n}\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_file_parses() {
        let e = parse(
            include_str!("../../../registry/reply-codes.txt"),
            REPLY_CODES_FILE,
        )
        .unwrap();
        let e556 = e.iter().find(|e| e.code == 556).unwrap();
        assert_eq!(e556.document_and_section(), ("RFC 7504", Some("4")));
        let uses454: Vec<_> = e.iter().filter(|e| e.code == 454).collect();
        assert_eq!(uses454.len(), 2);
        assert!(uses454.iter().all(|e| e.general));
        // Citations checked against the RFC texts.
        let cite = |code: u16, doc: &str| {
            e.iter()
                .filter(|e| e.code == code && e.citation.starts_with(doc))
                .map(|e| e.citation.as_str())
                .collect::<Vec<_>>()
        };
        for code in [253, 458, 459] {
            assert_eq!(cite(code, "RFC 1985"), ["RFC 1985 section 5.1"]);
        }
        assert_eq!(cite(451, "RFC 5321"), ["RFC 5321 section 4.2.3"]);
        assert_eq!(cite(453, "RFC 2645"), ["RFC 2645 section 7"]);
        assert_eq!(cite(250, "RFC 3030"), ["RFC 3030 section 2"]);
        assert!(cite(554, "RFC 3030").is_empty());
        let e538 = e.iter().find(|e| e.code == 538).unwrap();
        assert!(e538.deprecation.is_some());
    }

    #[test]
    fn bad_lines_name_path_and_line() {
        for (text, line, what) in [
            ("# c\n650 | X | general | RFC | t\n", 2, "not a reply code"),
            ("550 | bad | general | RFC | t\n", 1, "UPPER_SNAKE"),
            ("550 | X | often | RFC | t\n", 1, "neither"),
            ("550 | X | general | RFC | t | obsolete\n", 1, "sixth field"),
            (
                "550 | X | general | RFC | t\n551 | X | general | RFC | t\n",
                2,
                "defined twice (first at line 1)",
            ),
            ("550 | X | use | RFC | t\n", 1, "no `general` line"),
            ("550 | X | general | RFC\n", 1, "expected `code"),
        ] {
            let err = parse(text, "f.txt").unwrap_err().to_string();
            assert!(err.starts_with(&format!("f.txt:{line}: ")), "{err}");
            assert!(err.contains(what), "{err}");
        }
    }

    #[test]
    fn uses_are_grouped_and_general_texts_joined() {
        let e = parse(
            "454 | A | general | RFC 3207 section 4 | TLS\n\
             250 | OK | general | RFC 5321 section 4.2.2 | Okay\n\
             454 | - | general | RFC 4954 section 6 | Auth\n\
             250 | B | use | RFC 3030 section 2 | Chunk | deprecated: old\n",
            "f.txt",
        )
        .unwrap();
        let out = render(&e);
        assert!(out.contains("250 => part(0, 2),"), "{out}");
        assert!(out.contains("454 => part(2, 2),"), "{out}");
        assert!(out.contains(
            "454 => Some((\"TLS / Auth\", \"RFC 3207 section 4; RFC 4954 section 6\")),"
        ));
        assert!(out.contains("250 => Some((\"Okay\", \"RFC 5321 section 4.2.2\")),"));
        assert!(out.contains("#[doc(alias = \"454\")]\n    pub const A: ReplyCode"));
        assert!(out.contains("/// Deprecated: old."));
        assert!(out.contains("deprecation: Some(\"old\")"));
        assert!(!out.contains("pub const -"));
    }
}
