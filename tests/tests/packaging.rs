//! What a package carries when it is published, and links that resolve:
//! every package has both license files (copies, not symlinks, identical to
//! the workspace's), each published crate has a README of its own named in
//! its manifest, and every relative link in the Markdown files points at a
//! file that exists.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every folder with a Cargo.toml: the root's children and `crates/*`.
fn packages() -> Vec<PathBuf> {
    let root = root();
    let mut dirs = Vec::new();
    for parent in [root.clone(), root.join("crates")] {
        for entry in fs::read_dir(&parent).unwrap() {
            let dir = entry.unwrap().path();
            if dir.join("Cargo.toml").is_file() && !dir.ends_with("target") {
                dirs.push(dir);
            }
        }
    }
    dirs.sort();
    dirs
}

fn manifest(dir: &Path) -> String {
    fs::read_to_string(dir.join("Cargo.toml")).unwrap()
}

#[test]
fn every_package_carries_both_license_files() {
    let dirs = packages();
    assert!(dirs.len() >= 8, "found only {dirs:?}");
    for name in ["LICENSE-MIT", "LICENSE-APACHE"] {
        let want = fs::read(root().join(name)).unwrap();
        for dir in &dirs {
            let path = dir.join(name);
            let meta =
                fs::symlink_metadata(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(
                meta.is_file(),
                "{} must be a copy, not a link",
                path.display()
            );
            assert_eq!(
                fs::read(&path).unwrap(),
                want,
                "{} differs from the workspace's {name}",
                path.display()
            );
        }
    }
}

#[test]
fn every_published_crate_has_its_own_readme() {
    let published: Vec<PathBuf> = packages()
        .into_iter()
        .filter(|d| !manifest(d).contains("publish = false"))
        .collect();
    let names: Vec<_> = published.iter().map(|d| d.file_name().unwrap()).collect();
    assert_eq!(
        names,
        ["smtp-status", "smtp-status-cli", "smtp-status-explain"],
        "published crates, in folder order"
    );
    for dir in &published {
        assert!(
            manifest(dir).lines().any(|l| l == "readme = \"README.md\""),
            "{}: Cargo.toml must say readme = \"README.md\"",
            dir.display()
        );
        let readme = fs::read_to_string(dir.join("README.md")).unwrap();
        for section in ["## Features", "## Minimum supported Rust version"] {
            assert!(readme.contains(section), "{}: no {section}", dir.display());
        }
        // Rendered on crates.io: no hidden doctest lines, no relative links
        // (they would point outside the package).
        assert!(
            hidden_doctest_lines(&readme).is_empty(),
            "{}: README shows hidden doctest lines: {:?}",
            dir.display(),
            hidden_doctest_lines(&readme)
        );
        assert!(
            relative_links(&readme).is_empty(),
            "{}: relative link",
            dir.display()
        );
    }
}

/// Lines of ```rust blocks that rustdoc would hide (`# ...`) but a README
/// renderer shows.
fn hidden_doctest_lines(text: &str) -> Vec<&str> {
    let mut in_rust = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if let Some(info) = line.strip_prefix("```") {
            in_rust = !in_rust && (info.is_empty() || info.starts_with("rust"));
            continue;
        }
        if in_rust && (line.trim() == "#" || line.trim_start().starts_with("# ")) {
            found.push(line);
        }
    }
    found
}

/// The targets of Markdown links `](target)` that are not URLs or anchors.
fn relative_links(text: &str) -> Vec<&str> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|t| !t.contains("://") && !t.starts_with('#') && !t.starts_with("mailto:"))
        .collect()
}

#[test]
fn relative_links_in_markdown_files_resolve() {
    let root = root();
    let mut files = vec![root.clone()];
    for dir in ["registry", "benches", "fuzz"] {
        files.push(root.join(dir));
    }
    files.extend(packages());
    let mut checked = 0;
    for dir in files {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            for link in relative_links(&text) {
                let target = link.split('#').next().unwrap();
                assert!(
                    dir.join(target).exists(),
                    "{}: link to {link}, which does not exist",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 5, "checked only {checked} links");
}
