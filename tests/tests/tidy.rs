//! Rules of the core crate that nothing else would catch.

use std::path::PathBuf;

fn core_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/smtp-status")
}

#[test]
fn core_crate_has_no_required_dependency_and_no_build_script() {
    let manifest = std::fs::read_to_string(core_dir().join("Cargo.toml")).unwrap();
    let mut section = String::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_string();
            continue;
        }
        if section == "[dependencies]" && !line.is_empty() && !line.starts_with('#') {
            assert!(
                line.contains("optional = true"),
                "required dependency in smtp-status: {line}"
            );
        }
        assert!(
            !line.starts_with("build ="),
            "smtp-status must have no build script"
        );
    }
    assert!(
        !core_dir().join("build.rs").exists(),
        "smtp-status must have no build.rs"
    );
}

#[test]
fn core_crate_is_no_std_and_generated_code_is_skipped_by_rustfmt() {
    let lib = std::fs::read_to_string(core_dir().join("src/lib.rs")).unwrap();
    assert!(lib.contains("#![no_std]"));
    assert!(lib.contains("#[rustfmt::skip]\nmod generated;"));
}

/// The Rust sources of the workspace's crates and xtask (`src/` folders),
/// relative path and text.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy();
                out.push((
                    rel.replace('\\', "/"),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    let root = core_dir().join("../..");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        let src = entry.unwrap().path().join("src");
        if src.is_dir() {
            walk(&src, &root, &mut out);
        }
    }
    walk(&root.join("xtask/src"), &root, &mut out);
    out
}

/// ARCHITECTURE.md, rule 4: one set of characters never shown raw, defined
/// once in the core crate; the generator compiles that same file, and no
/// other source defines a predicate of its own or spells a C1 control or a
/// bidirectional character as a char literal (the start of a second set).
#[test]
fn the_hazard_set_is_defined_once() {
    const HOME: &str = "crates/smtp-status/src/hazard.rs";
    let all = sources();
    assert!(all.len() > 50, "found only {} sources", all.len());
    let codegen = &all
        .iter()
        .find(|(rel, _)| rel == "crates/smtp-status-codegen/src/hazard.rs")
        .unwrap()
        .1;
    assert!(codegen.contains("#[path = \"../../smtp-status/src/hazard.rs\"]"));
    let mut found = Vec::new();
    for (rel, text) in all.iter().filter(|(rel, _)| rel != HOME) {
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let place = format!("{rel}:{}", n + 1);
            if code.contains("fn is_hazard") || code.contains("fn needs_escape") {
                found.push(format!("{place}: a predicate of its own"));
            }
            for (at, _) in code.match_indices("'\\u{") {
                let hex = code[at + 4..].split('}').next().unwrap();
                let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                if c.is_some_and(|c| c as u32 >= 0x80 && smtp_status::hazard::is_hazard(c)) {
                    found.push(format!("{place}: '\\u{{{hex}}}'"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "hazardous characters are defined in {HOME} only: {found:?}"
    );
}
