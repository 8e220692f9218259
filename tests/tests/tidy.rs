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
