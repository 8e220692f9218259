//! The examples of README.md are the binary's real output: every
//! `$ smtp-status ...` block is run (in the fixture folder holding the file
//! it names) and compared; a block that ends with `...` shows the start.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::words;

/// The fixture folder holding `name`, searched under tests/fixtures.
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

#[test]
fn readme_examples_are_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let fixtures = root.join("tests/fixtures");
    let lines: Vec<&str> = readme.lines().collect();
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
            .find_map(|a| folder_of(&fixtures, a))
            .unwrap_or_else(|| fixtures.clone());
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
        match shown.split_last() {
            Some((&"...", start)) => assert_eq!(
                &real[..start.len().min(real.len())],
                start,
                "README block `$ smtp-status {command}`"
            ),
            _ => assert_eq!(real, shown, "README block `$ smtp-status {command}`"),
        }
        checked += 1;
        i = end;
    }
    assert!(checked >= 5, "only {checked} examples found");
}
