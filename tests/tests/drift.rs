//! The committed generated code is exactly what registry/ produces today.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every generated file, through the generator's own entry point (the one
/// `cargo xtask codegen` calls), reading registry/ as it does.
fn generate() -> smtp_status_codegen::Output {
    let root = root();
    let read = |rel: &str| {
        std::fs::read_to_string(root.join(rel))
            .map_err(|e| smtp_status_codegen::Error::msg(format!("reading {rel}: {e}")))
    };
    let xml = std::fs::read(root.join(smtp_status_codegen::REGISTRY_XML)).unwrap();
    let names = read(smtp_status_codegen::NAMES_FILE).unwrap();
    smtp_status_codegen::generate_all(&xml, smtp_status_codegen::REGISTRY_XML, &names, &read)
        .unwrap_or_else(|e| panic!("generation failed: {e}"))
}

/// The `generated/` folders of the crates.
const GENERATED: [&str; 2] = [
    "crates/smtp-status/src/generated",
    "crates/smtp-status-explain/src/generated",
];

#[test]
fn committed_generated_code_is_up_to_date() {
    let out = generate();
    assert!(!out.files.is_empty());
    for file in &out.files {
        let committed = std::fs::read_to_string(root().join(&file.path)).unwrap_or_default();
        assert!(
            committed == file.text,
            "{} is stale: run `cargo xtask codegen` and commit the result",
            file.path
        );
    }
}

#[test]
fn every_committed_generated_file_is_generated() {
    // A file in a generated/ folder that no generation writes would never
    // be checked for staleness.
    let out = generate();
    for dir in GENERATED {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let rel = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            assert!(
                out.files.iter().any(|f| f.path == rel),
                "{rel} is not written by `cargo xtask codegen`"
            );
        }
    }
}

#[test]
fn generation_is_deterministic() {
    let (a, b) = (generate(), generate());
    assert_eq!(a.files, b.files);
}

#[test]
fn generated_files_say_how_to_regenerate() {
    for file in generate().files {
        let first = file.text.lines().next().unwrap_or("");
        assert!(
            first.contains("cargo xtask codegen"),
            "{}: first line {first:?}",
            file.path
        );
        // Nothing that depends on the machine or the moment.
        assert!(!file.text.contains("/work/") && !file.text.contains("/home/"));
    }
}
