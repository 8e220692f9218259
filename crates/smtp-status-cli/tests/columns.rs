//! Human output fits 80 columns: no line of `bounce` on the development
//! corpus, of `explain` on every example of the READMEs (this crate's and
//! the workspace's) or of `list` is wider, unless what it shows after its
//! indentation and key is a single word (a long address, a URL, a rule of
//! `=`); and wrapping loses nothing: every diagnostic of the corpus is in
//! the human output whole.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use smtp_status_explain::human::{WIDTH, escape};

mod common;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    manifest().join("../smtp-status-explain/tests/corpus/emails")
}

/// The command's stdout for `args`, run in `dir`.
fn stdout(args: &[String], dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Whether a line wider than [`WIDTH`] is only one word after its lead:
/// the indentation, and a row's key and the two spaces after it.
fn one_word(line: &str) -> bool {
    let shown = line.trim_start();
    let value = match shown.split_once("  ") {
        Some((key, value)) if key.len() <= 12 => value.trim_start(),
        _ => shown,
    };
    !value.contains(' ')
}

/// The lines of `text` wider than [`WIDTH`] columns (characters) that are
/// more than one word; and how many lines there are.
fn too_wide(text: &str) -> (Vec<&str>, usize) {
    let wide = text
        .lines()
        .filter(|l| l.chars().count() > WIDTH && !one_word(l))
        .collect();
    (wide, text.lines().count())
}

fn corpus_files() -> Vec<String> {
    common::email_files(&corpus())
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned())
        .collect()
}

#[test]
fn bounce_on_the_corpus_fits_80_columns() {
    let mut args = vec!["bounce".to_owned()];
    args.extend(corpus_files());
    let text = stdout(&args, &corpus());
    let (wide, lines) = too_wide(&text);
    assert!(lines > 4000, "{lines} lines");
    assert!(
        wide.is_empty(),
        "{} lines wider than {WIDTH}: {wide:#?}",
        wide.len()
    );
}

/// Every diagnostic of the corpus (from `--json`) is in the human output
/// whole: wrapped only at spaces, never cut.
#[test]
fn bounce_diagnostics_are_wrapped_not_cut() {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut args = vec!["bounce".to_owned()];
    args.extend(corpus_files());
    let human = words(&stdout(&args, &corpus()));
    args.insert(0, "--json".to_owned());
    let json = stdout(&args, &corpus());
    let mut checked = 0;
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let Some(d) = v["diagnostic"].as_str() else {
            continue;
        };
        // An RFC 3464 recipient shows its Diagnostic-Code as written (a tab
        // shown as `\t`), and the text it was read from when that is more;
        // any other diagnostic is shown on one line.
        let raw = words(&escape(d));
        let one = words(&escape(&words(d)));
        assert!(
            human.contains(&raw) || human.contains(&one),
            "diagnostic not shown whole: {one}"
        );
        checked += 1;
    }
    assert!(checked > 250, "{checked} diagnostics");
}

/// The `$ smtp-status explain ...` examples of both READMEs.
fn readme_explains() -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for readme in ["README.md", "../../README.md"] {
        let text = std::fs::read_to_string(manifest().join(readme)).unwrap();
        all.extend(
            text.lines()
                .filter_map(|l| l.strip_prefix("$ smtp-status explain "))
                .map(|l| {
                    let mut args = vec!["explain".to_owned()];
                    args.extend(common::words(l));
                    args
                }),
        );
    }
    all
}

#[test]
fn explain_on_the_readme_examples_fits_80_columns() {
    let examples = readme_explains();
    assert!(examples.len() >= 7, "{} examples", examples.len());
    for args in examples {
        let text = stdout(&args, manifest());
        let (wide, _) = too_wide(&text);
        assert!(wide.is_empty(), "{args:?}: {wide:#?}");
    }
}

#[test]
fn list_fits_80_columns() {
    for filter in [&[][..], &["--class", "5"], &["--subject", "7"]] {
        let mut args = vec!["list".to_owned()];
        args.extend(filter.iter().map(|s| s.to_string()));
        let text = stdout(&args, manifest());
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest <= WIDTH, "{args:?}: {widest} columns");
        // Every code on a line of its own, first.
        let codes = text.lines().filter(|l| l.starts_with("X.")).count();
        assert!(codes > 10, "{args:?}: {codes} codes");
    }
}
