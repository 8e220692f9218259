//! Helpers shared by the command's test files (each uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The `.eml` and `.txt` files of a fixture folder, sorted by name.
pub fn email_files(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("eml" | "txt")))
        .collect();
    all.sort();
    all
}

/// The words of a command line written with double quotes.
pub fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Human output with each wrapped line joined to the line it continues:
/// a line that is not a row (a file's name and kind, the summary, a
/// warning) wraps at 80 columns with its continuation indented by four
/// spaces, so one naming a long path wraps where one naming a short one
/// does not. Rows' continuation lines are joined too.
pub fn unwrapped(text: &str) -> String {
    text.replace("\n    ", " ")
}
