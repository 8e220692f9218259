//! The coverage of Sisimai's knowledge (`registry/sisimai-wordings.txt`,
//! `registry/provider-rules.txt`): checks each wording's decision against
//! `registry/bounce-patterns.txt` and renders the report
//! `crates/smtp-status-explain/src/generated/sisimai-coverage.md`.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::bounce_patterns::BouncePattern;
use crate::providers::{Rule, Status};
use crate::reasons::Taxonomy;
use crate::vendor_codes::{fields, printable};
use crate::{Error, File};

/// The inventory of Sisimai's reason wordings, relative to the workspace root.
pub const SISIMAI_WORDINGS_FILE: &str = "registry/sisimai-wordings.txt";
/// The generated report, relative to the workspace root.
pub const COVERAGE_OUT: &str = "crates/smtp-status-explain/src/generated/sisimai-coverage.md";

/// One inventory line, with the pattern that takes it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub reason: String,
    pub wording: String,
    pub source: String,
    /// The pattern that decides for the wording, when its reason is the
    /// same (the wording is taken in).
    pub taken_by: Option<String>,
    /// Why it is left out.
    pub left_out: Option<String>,
    pub line: usize,
}

/// The pattern that decides for `text` (the first in file order that occurs
/// in it), as the classifier picks it.
fn deciding<'p>(patterns: &'p [BouncePattern], text: &str) -> Option<&'p BouncePattern> {
    patterns.iter().find(|p| text.contains(p.pattern.as_str()))
}

/// Parses the inventory and checks every decision against `patterns`.
pub fn parse(
    text: &str,
    path: &str,
    patterns: &[BouncePattern],
    taxonomy: &Taxonomy,
) -> Result<Vec<Wording>, Error> {
    let mut out: Vec<Wording> = Vec::new();
    for (ln, line) in crate::data_lines(text) {
        let err = |m: String| Error::at(path, ln, m);
        let [reason, wording, source, decision] =
            fields::<4>(line, "`reason | wording | source | decision`").map_err(err)?;
        printable("wording", wording).map_err(err)?;
        printable("source", source).map_err(err)?;
        let wording = wording.to_ascii_lowercase();
        if let Some(prev) = out
            .iter()
            .find(|w| w.reason == reason && w.wording == wording)
        {
            return Err(err(format!("`{wording}` is already on line {}", prev.line)));
        }
        // A pair's pieces stand in the text with anything between: the
        // patterns are tried on the pieces joined by a space.
        let joined = wording.replace(" ... ", " ");
        let decides = deciding(patterns, &joined);
        // Sisimai's names, old ones too, name today's reasons (aliases).
        let variant = taxonomy.variant(reason);
        let same = decides.filter(|p| Some(p.variant.as_str()) == variant);
        let left_out = match decision {
            "taken" => {
                let Some(p) = same else {
                    return Err(err(match decides {
                        Some(p) => format!(
                            "`{wording}` is not taken in: `{}` ({}) on line {} decides for it; add a pattern of {reason} above it or write `left out: <why>`",
                            p.pattern,
                            taxonomy
                                .reasons
                                .iter()
                                .find(|r| r.variant == p.variant)
                                .map_or(p.variant.as_str(), |r| r.name.as_str()),
                            p.line
                        ),
                        None => format!(
                            "`{wording}` is not taken in: no pattern of registry/bounce-patterns.txt occurs in it"
                        ),
                    }));
                };
                let _ = p;
                None
            }
            d => match d.strip_prefix("left out: ") {
                Some(why) if !why.trim().is_empty() => {
                    if let Some(p) = same {
                        return Err(err(format!(
                            "`{wording}` is taken in by `{}` on line {}: write `taken`",
                            p.pattern, p.line
                        )));
                    }
                    Some(why.trim().to_string())
                }
                _ => return Err(err(format!("`{d}` is not `taken` or `left out: <why>`"))),
            },
        };
        out.push(Wording {
            reason: reason.to_string(),
            wording,
            source: source.to_string(),
            taken_by: same.map(|p| p.pattern.clone()),
            left_out,
            line: ln,
        });
    }
    if out.is_empty() {
        return Err(Error::at(path, 0, "no wordings"));
    }
    Ok(out)
}

/// Parses and renders: the report.
pub fn file(
    wordings: &str,
    patterns: &[BouncePattern],
    rules: &[Rule],
    taxonomy: &Taxonomy,
) -> Result<File, Error> {
    let w = parse(wordings, SISIMAI_WORDINGS_FILE, patterns, taxonomy)?;
    Ok(File {
        path: COVERAGE_OUT.to_string(),
        text: render(&w, rules),
    })
}

/// `n of m (p%)`, the share to one decimal.
fn share(n: usize, m: usize) -> String {
    let tenths = (n * 1000 + m / 2) / m.max(1);
    format!("{n} of {m} ({}.{}%)", tenths / 10, tenths % 10)
}

/// A table cell: code span, `|` escaped.
fn cell(s: &str) -> String {
    format!("`{}`", s.replace('|', "\\|"))
}

/// A rule's status as written in registry/provider-rules.txt.
fn status_text(s: Status) -> String {
    match s {
        Status::Any => "*".to_string(),
        Status::Class(c) => format!("{c}.*"),
        Status::Code(p) if p.low == p.high => format!("{}.{}.{}", p.class, p.subject, p.low),
        Status::Code(p) => format!("{}.{}.{}-{}", p.class, p.subject, p.low, p.high),
    }
}

/// A section counting, per key, the items taken in and left out.
fn counts<'a>(
    s: &mut String,
    title: &str,
    key: &str,
    items: impl Iterator<Item = (&'a str, bool)>,
) {
    let _ = write!(
        s,
        "## {title}\n\n| {key} | taken in | left out |\n|---|---:|---:|\n"
    );
    let mut per: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (k, taken) in items {
        let e = per.entry(k).or_default();
        if taken { e.0 += 1 } else { e.1 += 1 }
    }
    for (k, (t, l)) in &per {
        let _ = writeln!(s, "| {k} | {t} | {l} |");
    }
    s.push('\n');
}

/// Renders the report.
pub fn render(wordings: &[Wording], rules: &[Rule]) -> String {
    // Sisimai's rules; the others come from the providers' own pages.
    let rules: Vec<&Rule> = rules
        .iter()
        .filter(|r| r.source.starts_with("Sisimai"))
        .collect();
    let mut s = String::new();
    s.push_str("<!-- @generated by `cargo xtask codegen` from registry/sisimai-wordings.txt,\n");
    s.push_str(
        "registry/bounce-patterns.txt and registry/provider-rules.txt. Do not edit. -->\n\n",
    );
    s.push_str("# Sisimai's knowledge: taken in or left out\n\n");
    s.push_str("Sisimai's wordings of each reason and its providers' tables\n");
    s.push_str("(BSD 2-Clause, registry/LICENSE-sisimai), each taken in or left out\n");
    s.push_str("with the reason. A wording is taken in when the pattern of\n");
    s.push_str("registry/bounce-patterns.txt that decides for it gives the same reason;\n");
    s.push_str("a provider rule is taken in when it is in the provider table.\n\n");
    let taken = wordings.iter().filter(|w| w.left_out.is_none()).count();
    let rules_taken = rules.iter().filter(|r| r.left_out.is_none()).count();
    let _ = writeln!(
        s,
        "- Reason wordings taken in: {}",
        share(taken, wordings.len())
    );
    let _ = writeln!(
        s,
        "- Provider rules taken in: {}\n",
        share(rules_taken, rules.len())
    );
    counts(
        &mut s,
        "Reason wordings, per reason",
        "reason",
        wordings
            .iter()
            .map(|w| (w.reason.as_str(), w.left_out.is_none())),
    );
    counts(
        &mut s,
        "Provider rules, per provider",
        "provider",
        rules
            .iter()
            .map(|r| (r.provider.as_str(), r.left_out.is_none())),
    );
    s.push_str(
        "## Reason wordings left out\n\n| reason | wording | source | why |\n|---|---|---|---|\n",
    );
    for w in wordings {
        if let Some(why) = &w.left_out {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                w.reason,
                cell(&w.wording),
                w.source,
                why.replace('|', "\\|")
            );
        }
    }
    s.push_str("\n## Provider rules left out\n\n| provider | reason | marker | source | why |\n|---|---|---|---|---|\n");
    for r in &rules {
        if let Some(why) = &r.left_out {
            let marker = if r.marker.is_empty() { "*" } else { &r.marker };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                r.provider,
                r.reason,
                cell(marker),
                r.source,
                why.replace('|', "\\|")
            );
        }
    }
    s.push_str(
        "\n## Reason wordings taken in\n\n| reason | wording | by the pattern |\n|---|---|---|\n",
    );
    for w in wordings {
        if let Some(p) = &w.taken_by {
            let by = if *p == w.wording {
                "(itself)".to_string()
            } else {
                cell(p)
            };
            let _ = writeln!(s, "| {} | {} | {by} |", w.reason, cell(&w.wording));
        }
    }
    s.push_str(
        "\n## Provider rules taken in\n\n| provider | reason | reply | status | marker |\n|---|---|---|---|---|\n",
    );
    for r in rules.iter().filter(|r| r.left_out.is_none()) {
        let marker = if r.marker.is_empty() { "*" } else { &r.marker };
        let reply = r.reply.map_or("*".to_string(), |n| n.to_string());
        let _ = writeln!(
            s,
            "| {} | {} | {reply} | {} | {} |",
            r.provider,
            r.reason,
            status_text(r.status),
            cell(marker)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bounce_patterns;

    #[test]
    fn decisions_are_checked() {
        let t = &crate::bounce_patterns::tests::taxonomy();
        let p = bounce_patterns::parse(
            "blocked | spamhaus | s\nspamdetected | spam | s\nuserunknown | user unknown | s\n\
             ratelimited | rate limit | s\n",
            "p",
            t,
        )
        .unwrap();
        let parse = |text: &str, path: &str, p: &[BouncePattern]| parse(text, path, p, t);
        // Sisimai's old name is an alias of today's.
        let w = parse("speeding | rate limit exceeded | x | taken\n", "w", &p).unwrap();
        assert_eq!(w[0].taken_by.as_deref(), Some("rate limit"));
        let w = parse("spamdetected | sender is spammer | x | taken\n", "w", &p).unwrap();
        assert_eq!(w[0].taken_by.as_deref(), Some("spam"));
        let e = parse("spamdetected | see spamhaus | x | taken\n", "w", &p).unwrap_err();
        assert!(
            e.message
                .starts_with("`see spamhaus` is not taken in: `spamhaus` (blocked) on line 1")
        );
        let e = parse("userunknown | user unknown | x | left out: why\n", "w", &p).unwrap_err();
        assert_eq!(
            e.message,
            "`user unknown` is taken in by `user unknown` on line 3: write `taken`"
        );
        // A pair's pieces joined.
        let w = parse("userunknown | user ... unknown | x | taken\n", "w", &p).unwrap();
        assert_eq!(w[0].taken_by.as_deref(), Some("user unknown"));
        let w = parse("blocked | go away | x | left out: too short\n", "w", &p).unwrap();
        let text = render(&w, &[]);
        assert!(text.contains("- Reason wordings taken in: 0 of 1 (0.0%)"));
        assert!(text.contains("| blocked | `go away` | x | too short |"));
    }
}
