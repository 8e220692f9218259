//! Agreement of the classifier with a corpus's `expected.jsonl` (one line
//! per expected recipient result, as in tests/corpus/README.md). Shared by
//! the `eval-bounces` example and the floor test.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde::Deserialize;
use smtp_status_explain::{Reason, Recipient, read};

/// One line of expected.jsonl (the fields the evaluation compares).
#[derive(Debug, Deserialize)]
pub struct Expected {
    pub file: String,
    pub index: usize,
    pub recipient: Option<String>,
    pub status: Option<String>,
    pub reason: String,
    pub hardbounce: bool,
    #[serde(default)]
    pub status_is_sisimai_pseudo_code: bool,
}

/// Counts of agreement, per field.
#[derive(Debug, Default)]
pub struct Score {
    pub emails: usize,
    pub emails_count_ok: usize,
    pub lines: usize,
    pub reason_ok: usize,
    pub hard_ok: usize,
    pub status_lines: usize,
    pub status_ok: usize,
    /// Emails (or their CRLF / CR-only variants) that gave an error.
    pub errors: Vec<String>,
    /// (expected reason, got reason) -> lines.
    pub confusion: BTreeMap<(String, String), usize>,
    /// One line per disagreement.
    pub misses: Vec<String>,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

impl Score {
    pub fn reason(&self) -> f64 {
        pct(self.reason_ok, self.lines)
    }
    pub fn hard(&self) -> f64 {
        pct(self.hard_ok, self.lines)
    }
    pub fn status(&self) -> f64 {
        pct(self.status_ok, self.status_lines)
    }
    pub fn counts(&self) -> f64 {
        pct(self.emails_count_ok, self.emails)
    }

    /// The agreement per field and the confusion table.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "emails {}; results per email as expected: {}/{} ({:.1}%)",
            self.emails,
            self.emails_count_ok,
            self.emails,
            self.counts()
        );
        let _ = writeln!(
            s,
            "reason     {}/{} ({:.1}%)",
            self.reason_ok,
            self.lines,
            self.reason()
        );
        let _ = writeln!(
            s,
            "hard/soft  {}/{} ({:.1}%)",
            self.hard_ok,
            self.lines,
            self.hard()
        );
        let _ = writeln!(
            s,
            "status     {}/{} ({:.1}%, X.0.9NN pseudo codes ignored)",
            self.status_ok,
            self.status_lines,
            self.status()
        );
        let _ = writeln!(
            s,
            "errors     {} (the emails and their CRLF and CR-only variants)",
            self.errors.len()
        );
        let _ = writeln!(
            s,
            "\nconfusion (expected -> got: lines), disagreements only:"
        );
        for ((e, g), n) in &self.confusion {
            if e != g {
                let _ = writeln!(s, "  {e:<16} -> {g:<16} {n}");
            }
        }
        s
    }
}

fn line_ends(raw: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 20);
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\r' if raw.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(to);
                i += 2;
            }
            b'\n' | b'\r' => {
                out.extend_from_slice(to);
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Classifies every email named in `dir/expected.jsonl` and compares.
pub fn evaluate(dir: &Path) -> Result<Score, String> {
    let jsonl = std::fs::read_to_string(dir.join("expected.jsonl"))
        .map_err(|e| format!("{}: {e}", dir.join("expected.jsonl").display()))?;
    let mut by_file: BTreeMap<String, Vec<Expected>> = BTreeMap::new();
    for (n, line) in jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let e: Expected =
            serde_json::from_str(line).map_err(|e| format!("expected.jsonl:{}: {e}", n + 1))?;
        by_file.entry(e.file.clone()).or_default().push(e);
    }
    let mut score = Score::default();
    for (file, mut expected) in by_file {
        expected.sort_by_key(|e| e.index);
        let path = dir.join(&file);
        let raw = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (name, variant) in [
            ("CRLF", line_ends(&raw, b"\r\n")),
            ("CR", line_ends(&raw, b"\r")),
        ] {
            if let Err(e) = read(&variant) {
                score.errors.push(format!("{file} ({name}): {e}"));
            }
        }
        score.emails += 1;
        let got: Vec<Recipient> = match read(&raw) {
            Ok(c) => c.recipients,
            Err(e) => {
                score.errors.push(format!("{file}: {e}"));
                Vec::new()
            }
        };
        let same_recipients = expected.iter().zip(&got).all(|(e, g)| {
            e.recipient.as_deref().is_none_or(|r| {
                g.recipient
                    .as_deref()
                    .is_some_and(|g| g.eq_ignore_ascii_case(r))
            })
        });
        if got.len() == expected.len() && same_recipients {
            score.emails_count_ok += 1;
        } else {
            score.misses.push(format!(
                "{file}: {} results, expected {} (recipients {:?})",
                got.len(),
                expected.len(),
                got.iter().map(|g| g.recipient.clone()).collect::<Vec<_>>()
            ));
        }
        for (i, e) in expected.iter().enumerate() {
            score.lines += 1;
            // The corpus writes the reasons of its time (Sisimai 5.1):
            // each is read as today's name through the aliases
            // (registry/reasons.txt: mesgtoobig is emailtoolarge).
            let today = e
                .reason
                .parse::<Reason>()
                .map_err(|err| format!("{file}: {err}"))?;
            let expected_reason = today.as_str().to_string();
            let g = got.get(i);
            let reason = g.map_or("(none)".to_string(), |g| g.reason.as_str().to_string());
            let status = g.and_then(|g| g.status).map(|s| s.to_string());
            let hard = g.is_some_and(|g| g.hard);
            *score
                .confusion
                .entry((expected_reason.clone(), reason.clone()))
                .or_default() += 1;
            if reason == expected_reason {
                score.reason_ok += 1;
            }
            if hard == e.hardbounce {
                score.hard_ok += 1;
            }
            let status_counts = e.status.is_some() && !e.status_is_sisimai_pseudo_code;
            if status_counts {
                score.status_lines += 1;
                if status == e.status {
                    score.status_ok += 1;
                }
            }
            if reason != expected_reason
                || hard != e.hardbounce
                || (status_counts && status != e.status)
            {
                score.misses.push(format!(
                    "{file}#{}: reason {reason} (expected {}), hard {hard} (expected {}), status {status:?} (expected {:?}), evidence {}; diagnostic {:?}",
                    e.index,
                    e.reason,
                    e.hardbounce,
                    e.status,
                    g.map_or("-".to_string(), |g| g.evidence.to_string()),
                    g.and_then(|g| g.diagnostic.as_deref())
                        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
                        .map(|d| d.chars().take(160).collect::<String>())
                ));
            }
        }
    }
    Ok(score)
}
