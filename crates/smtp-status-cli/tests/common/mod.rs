//! Helpers shared by the command's test files.

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
