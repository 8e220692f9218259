//! The examples of the READMEs (this crate's and the workspace's) are the
//! binary's real output: every `$ smtp-status ...` block is run (in the
//! fixture folder holding the file it names) and compared. A line `...`
//! stands for lines left out: a block that ends with it shows the start,
//! one with it in the middle the start and the end.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::words;

/// The fixture folder holding `name`, searched under `dir`.
fn folder_of(dir: &Path, name: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        if path.is_dir() {
            if let Some(found) = folder_of(&path, name) {
                return Some(found);
            }
        } else if path.file_name().is_some_and(|n| n == name) {
            return Some(dir.to_path_buf());
        }
    }
    None
}

/// Whether `real` is what `shown` shows: line for line, each `...` line of
/// `shown` standing for any lines (none too), each part after one found
/// in order, the last part at the end unless `shown` ends with `...`.
fn shows(real: &[&str], shown: &[&str]) -> bool {
    let mut parts = shown.split(|l| *l == "...");
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = real.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&[&str]> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match (0..=rest.len()).find(|&i| rest[i..].starts_with(part)) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Runs every `$ smtp-status` block of `readme` (a path from this crate),
/// each in the folder under `fixtures` holding a file it names; how many.
fn check(readme: &str, fixtures: &Path) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(readme)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    let mut i = 0;
    while i < lines.len() {
        let Some(command) = lines[i].strip_prefix("$ smtp-status ") else {
            i += 1;
            continue;
        };
        let end = i + lines[i..].iter().position(|l| *l == "```").unwrap();
        let shown = &lines[i + 1..end];
        let args = words(command);
        let dir = args
            .iter()
            .find_map(|a| folder_of(fixtures, a))
            .unwrap_or_else(|| fixtures.to_path_buf());
        let out = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
            .args(&args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let real = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let real: Vec<&str> = real.trim_end().lines().collect();
        assert!(
            shows(&real, shown),
            "{readme} block `$ smtp-status {command}`:\n{}\n--- real output:\n{}",
            shown.join("\n"),
            real.join("\n")
        );
        checked += 1;
        i = end;
    }
    checked
}

#[test]
fn readme_examples_are_real_output() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let checked = check("README.md", &fixtures);
    assert!(checked >= 5, "only {checked} examples found");
}

/// The workspace README's examples run on the development corpus.
#[test]
fn workspace_readme_examples_are_real_output() {
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../smtp-status-explain/tests/corpus/emails");
    let checked = check("../../README.md", &corpus);
    assert!(checked >= 2, "only {checked} examples found");
}

#[test]
fn dots_stand_for_lines_left_out() {
    let real = ["a", "b", "c", "d"];
    assert!(shows(&real, &["a", "b", "c", "d"]));
    assert!(!shows(&real, &["a", "b", "c"]));
    assert!(shows(&real, &["a", "..."]));
    assert!(shows(&real, &["a", "...", "d"]));
    assert!(shows(&real, &["...", "c", "...", "d"]));
    assert!(shows(&real, &["a", "b", "...", "c", "d"]));
    assert!(!shows(&real, &["a", "...", "c"]));
    assert!(!shows(&real, &["b", "..."]));
    assert!(!shows(&real, &["a", "...", "d", "...", "c"]));
}
