//! The bounce taxonomy (`registry/reasons.txt`) to
//! `crates/smtp-status-explain/src/generated/reasons.rs`: the `About`,
//! `Advice` and `Reason` enums with their names, sentences, aliases and
//! rules. The other curated files that name a reason are read against the
//! [`Taxonomy`] parsed here, so a reason exists in one place.

use std::fmt::Write;

use crate::vendor_codes::{fields, printable};
use crate::{Error, File};

/// The curated file, relative to the workspace root.
pub const REASONS_FILE: &str = "registry/reasons.txt";

/// Where the generated enums live, relative to the workspace root.
pub const REASONS_OUT: &str = "crates/smtp-status-explain/src/generated/reasons.rs";

/// An `about` or `advice` line: a name, its Rust variant and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub variant: String,
    pub sentence: String,
}

/// When a reason is a hard bounce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hard {
    Always,
    Never,
    /// Only with a permanent (5xx, 5.x.x) failure.
    Permanent,
}

/// A `reason` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonRow {
    pub name: String,
    pub variant: String,
    /// The variant of its `About`.
    pub about: String,
    pub hard: Hard,
    /// The `Advice` variant of a permanent failure, then of a temporary one.
    pub advice: (String, String),
    /// Older names.
    pub aliases: Vec<String>,
    pub summary: String,
    pub source: String,
}

/// The whole taxonomy, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    pub about: Vec<Named>,
    pub advice: Vec<Named>,
    pub reasons: Vec<ReasonRow>,
}

impl Taxonomy {
    /// The `Reason` variant a name or an alias names.
    pub fn variant(&self, name: &str) -> Option<&str> {
        self.reasons
            .iter()
            .find(|r| r.name == name || r.aliases.iter().any(|a| a == name))
            .map(|r| r.variant.as_str())
    }
}

fn is_name(s: &str, extra: u8) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == extra)
}

fn is_variant(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Parses the curated file; every problem names `path:line`.
pub fn parse(text: &str, path: &str) -> Result<Taxonomy, Error> {
    let mut t = Taxonomy {
        about: Vec::new(),
        advice: Vec::new(),
        reasons: Vec::new(),
    };
    let mut taken: Vec<String> = Vec::new();
    for (ln, line) in crate::data_lines(text) {
        let err = |m: String| Error::at(path, ln, m);
        printable("line", line).map_err(err)?;
        let (kind, rest) = line.split_once(" | ").unwrap_or((line, ""));
        match kind.trim() {
            k @ ("about" | "advice") => {
                let [name, variant, sentence] =
                    fields::<3>(rest, &format!("`{k} | name | Variant | sentence`"))
                        .map_err(err)?;
                let sep = if k == "about" { b'_' } else { b'-' };
                if !is_name(name, sep) || !is_variant(variant) {
                    return Err(err(format!(
                        "`{name} | {variant}`: a lower-case name and a CamelCase variant"
                    )));
                }
                let list = if k == "about" {
                    &mut t.about
                } else {
                    &mut t.advice
                };
                if list.iter().any(|n| n.name == name || n.variant == variant) {
                    return Err(err(format!("{k} `{name}` is already listed")));
                }
                list.push(Named {
                    name: name.to_string(),
                    variant: variant.to_string(),
                    sentence: sentence.to_string(),
                });
            }
            "reason" => {
                let [name, variant, about, hard, advice, aliases, summary, source] = fields::<8>(
                    rest,
                    "`reason | name | Variant | about | hard | advice | aliases | summary | source`",
                )
                .map_err(err)?;
                if !is_name(name, b'a') || !is_variant(variant) {
                    return Err(err(format!(
                        "`{name} | {variant}`: a lower-case name and a CamelCase variant"
                    )));
                }
                let about = t
                    .about
                    .iter()
                    .find(|a| a.name == about)
                    .ok_or_else(|| err(format!("`{about}` is not an `about` listed above")))?
                    .variant
                    .clone();
                let hard = match hard {
                    "always" => Hard::Always,
                    "never" => Hard::Never,
                    "permanent" => Hard::Permanent,
                    other => {
                        return Err(err(format!(
                            "hard `{other}`: `always`, `never` or `permanent`"
                        )));
                    }
                };
                let advice_variant = |a: &str| {
                    t.advice
                        .iter()
                        .find(|n| n.name == a)
                        .map(|n| n.variant.clone())
                        .ok_or_else(|| err(format!("`{a}` is not an `advice` listed above")))
                };
                let advice = match advice.split_once('/') {
                    Some((p, q)) => (advice_variant(p)?, advice_variant(q)?),
                    None => (advice_variant(advice)?, advice_variant(advice)?),
                };
                let aliases: Vec<String> = if aliases == "-" {
                    Vec::new()
                } else {
                    aliases.split(',').map(|a| a.trim().to_string()).collect()
                };
                for n in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
                    if !is_name(n, b'a') {
                        return Err(err(format!("`{n}` is not a lower-case name")));
                    }
                    if taken.iter().any(|x| x == n) {
                        return Err(err(format!("the name `{n}` is already taken")));
                    }
                    taken.push(n.to_string());
                }
                if t.reasons.iter().any(|r| r.variant == variant) {
                    return Err(err(format!("variant `{variant}` is already listed")));
                }
                t.reasons.push(ReasonRow {
                    name: name.to_string(),
                    variant: variant.to_string(),
                    about,
                    hard,
                    advice,
                    aliases,
                    summary: summary.to_string(),
                    source: source.to_string(),
                });
            }
            other => {
                return Err(err(format!(
                    "`{other}`: a line starts with `about`, `advice` or `reason`"
                )));
            }
        }
    }
    if t.reasons.is_empty() || t.about.is_empty() || t.advice.is_empty() {
        return Err(Error::at(path, 0, "no reasons, abouts or advice"));
    }
    Ok(t)
}

/// Parses and renders: the generated file, with the taxonomy the other
/// curated files are read against.
pub fn file(text: &str, path: &str) -> Result<(Taxonomy, File), Error> {
    let t = parse(text, path)?;
    let file = File {
        path: REASONS_OUT.to_string(),
        text: render(&t),
    };
    Ok((t, file))
}

/// `///` lines of `text`, indented by `indent`.
fn doc(s: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        if line.is_empty() {
            let _ = writeln!(s, "{indent}///");
        } else {
            let _ = writeln!(s, "{indent}/// {line}");
        }
    }
}

/// An enum with `ALL` and a `const fn` per table column.
fn enumeration(s: &mut String, name: &str, docs: &str, variants: &[(&str, &str)]) {
    doc(s, "", docs);
    s.push_str(
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n#[non_exhaustive]\n",
    );
    let _ = writeln!(s, "pub enum {name} {{");
    for (variant, text) in variants {
        doc(s, "    ", text);
        let _ = writeln!(s, "    {variant},");
    }
    s.push_str("}\n\n");
}

/// `pub const fn NAME(self) -> TYPE` as one match over the variants.
fn const_fn(s: &mut String, ty: &str, docs: &str, sig: &str, arms: &[(String, String)]) {
    doc(s, "    ", docs);
    let _ = writeln!(s, "    pub const fn {sig} {{\n        match self {{");
    for (variant, value) in arms {
        let _ = writeln!(s, "            {ty}::{variant} => {value},");
    }
    s.push_str("        }\n    }\n\n");
}

/// `ALL` of an enum.
fn all(s: &mut String, ty: &str, variants: &[&str]) {
    let _ = writeln!(
        s,
        "    /// Every value, in declaration order.\n    pub const ALL: &'static [{ty}] = &["
    );
    for v in variants {
        let _ = writeln!(s, "        {ty}::{v},");
    }
    s.push_str("    ];\n\n");
}

/// The enum, `ALL`, `as_str` and `sentence` of an `about` or `advice` list.
fn named(s: &mut String, ty: &str, docs: &str, list: &[Named]) {
    let variants: Vec<(&str, &str)> = list
        .iter()
        .map(|n| (n.variant.as_str(), n.sentence.as_str()))
        .collect();
    enumeration(s, ty, docs, &variants);
    let _ = writeln!(s, "impl {ty} {{");
    all(
        s,
        ty,
        &list.iter().map(|n| n.variant.as_str()).collect::<Vec<_>>(),
    );
    let arms = |f: fn(&Named) -> &str| -> Vec<(String, String)> {
        list.iter()
            .map(|n| (n.variant.clone(), format!("{:?}", f(n))))
            .collect()
    };
    const_fn(
        s,
        ty,
        "The name, as JSON writes it.",
        "as_str(self) -> &'static str",
        &arms(|n| &n.name),
    );
    const_fn(
        s,
        ty,
        "One sentence for people.",
        "sentence(self) -> &'static str",
        &arms(|n| &n.sentence),
    );
    s.push_str("}\n\n");
}

/// Renders the generated module.
pub fn render(t: &Taxonomy) -> String {
    let mut s = String::new();
    s.push_str("// @generated by `cargo xtask codegen` from registry/reasons.txt.\n");
    s.push_str("// Do not edit: change registry/reasons.txt and run `cargo xtask codegen`.\n\n");
    named(
        &mut s,
        "About",
        "Whose problem a failure is: the recipient's address, domain or mailbox,\nthe sender's address, host or authentication, the message, the\nconnection or the receiving system. JSON: a snake_case string.\n\n```\nuse smtp_status_explain::{About, Reason};\nassert_eq!(Reason::UserUnknown.about(), About::RecipientAddress);\nassert_eq!(About::SendingHost.as_str(), \"sending_host\");\n```",
        &t.about,
    );
    named(
        &mut s,
        "Advice",
        "What the sender should do after a bounce, and who can fix it.\n\n```\nassert_eq!(smtp_status_explain::Advice::RetryLater.as_str(), \"retry-later\");\n```",
        &t.advice,
    );
    let variants: Vec<(&str, &str)> = t
        .reasons
        .iter()
        .map(|r| (r.variant.as_str(), r.summary.as_str()))
        .collect();
    enumeration(
        &mut s,
        "Reason",
        "Why a message did not reach a recipient (or, for `Delivered`,\n`Feedback` and `Vacation`, what the report says instead).\n\nThe names ([`Reason::as_str`]) are those of Sisimai 5.6, the reference\nbounce analyzer, so results can be compared with it; its older names\nare read as aliases ([`Reason::from_name`]). New reasons may be added in\nminor releases.\n\n```\nuse smtp_status_explain::Reason;\nassert_eq!(Reason::UserUnknown.as_str(), \"userunknown\");\nassert_eq!(Reason::from_name(\"mesgtoobig\"), Some(Reason::EmailTooLarge));\n```",
        &variants,
    );
    s.push_str("impl Reason {\n");
    all(
        &mut s,
        "Reason",
        &t.reasons
            .iter()
            .map(|r| r.variant.as_str())
            .collect::<Vec<_>>(),
    );
    let arms = |f: &dyn Fn(&ReasonRow) -> String| -> Vec<(String, String)> {
        t.reasons
            .iter()
            .map(|r| (r.variant.clone(), f(r)))
            .collect()
    };
    const_fn(
        &mut s,
        "Reason",
        "The name, as Sisimai 5.6 writes it: `userunknown`, `mailboxfull`, ...",
        "as_str(self) -> &'static str",
        &arms(&|r| format!("{:?}", r.name)),
    );
    const_fn(
        &mut s,
        "Reason",
        "One sentence: what the reason means.",
        "summary(self) -> &'static str",
        &arms(&|r| format!("{:?}", r.summary)),
    );
    const_fn(
        &mut s,
        "Reason",
        "Whose problem it is.",
        "about(self) -> About",
        &arms(&|r| format!("About::{}", r.about)),
    );
    const_fn(
        &mut s,
        "Reason",
        "The older names of this reason, which [`Reason::from_name`] also reads.",
        "aliases(self) -> &'static [&'static str]",
        &arms(&|r| format!("&{:?}", r.aliases)),
    );
    const_fn(
        &mut s,
        "Reason",
        "Whether it is a hard bounce, as Sisimai decides: `UserUnknown`,\n`HostUnknown` and `HasMoved` always; `NotAccept` when the failure is\npermanent (a 5xx reply or 5.x.x code); nothing else.\n\n```\nuse smtp_status_explain::Reason;\nassert!(Reason::UserUnknown.is_hard(false));\nassert!(Reason::NotAccept.is_hard(true));\nassert!(!Reason::NotAccept.is_hard(false));\nassert!(!Reason::MailboxFull.is_hard(true));\n```",
        "is_hard(self, permanent: bool) -> bool",
        &arms(&|r| {
            match r.hard {
                Hard::Always => "true",
                Hard::Never => "false",
                Hard::Permanent => "permanent",
            }
            .to_string()
        }),
    );
    const_fn(
        &mut s,
        "Reason",
        "What the sender should do, for a permanent failure or a temporary one.\n\n```\nuse smtp_status_explain::{Advice, Reason};\nassert_eq!(Reason::UserUnknown.advice(true), Advice::DoNotRetry);\nassert_eq!(Reason::MailboxFull.advice(false), Advice::RetryLater);\n```",
        "advice(self, permanent: bool) -> Advice",
        &arms(&|r| {
            if r.advice.0 == r.advice.1 {
                format!("Advice::{}", r.advice.0)
            } else {
                format!(
                    "if permanent {{ Advice::{} }} else {{ Advice::{} }}",
                    r.advice.0, r.advice.1
                )
            }
        }),
    );
    s.push_str("    /// The reason of a name or of an older name (an alias).\n    ///\n    /// ```\n    /// use smtp_status_explain::Reason;\n    /// assert_eq!(Reason::from_name(\"speeding\"), Some(Reason::RateLimited));\n    /// assert_eq!(Reason::from_name(\"nope\"), None);\n    /// ```\n");
    s.push_str("    pub fn from_name(name: &str) -> Option<Reason> {\n        match name {\n");
    for r in &t.reasons {
        let names: Vec<String> = std::iter::once(&r.name)
            .chain(&r.aliases)
            .map(|n| format!("{n:?}"))
            .collect();
        let _ = writeln!(
            s,
            "            {} => Some(Reason::{}),",
            names.join(" | "),
            r.variant
        );
    }
    s.push_str("            _ => None,\n        }\n    }\n}\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "about | a_b | AB | x\nadvice | do-it | DoIt | y\nadvice | no | No | z\n";

    #[test]
    fn one_reason_with_aliases() {
        let t = parse(
            &format!(
                "{HEAD}reason | big | Big | a_b | permanent | do-it/no | old, older | s | src\n"
            ),
            "f",
        )
        .unwrap();
        assert_eq!(t.variant("older"), Some("Big"));
        assert_eq!(t.variant("big"), Some("Big"));
        assert_eq!(t.variant("nope"), None);
        let text = render(&t);
        assert!(text.contains("\"big\" | \"old\" | \"older\" => Some(Reason::Big)"));
        assert!(text.contains("if permanent { Advice::DoIt } else { Advice::No }"));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse(
            &format!("{HEAD}reason | a | A | nope | never | no | - | s | src\n"),
            "f",
        )
        .unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (Some(4), "`nope` is not an `about` listed above")
        );
        let e = parse(
            &format!("{HEAD}reason | a | A | a_b | never | no | - | s | src\nreason | b | B | a_b | never | no | a | s | src\n"),
            "f",
        )
        .unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (Some(5), "the name `a` is already taken")
        );
        let e = parse("thing | x\n", "f").unwrap_err();
        assert_eq!(
            e.message,
            "`thing`: a line starts with `about`, `advice` or `reason`"
        );
    }
}
