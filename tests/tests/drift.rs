//! The committed generated code is exactly what registry/ produces today.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate() -> smtp_status_codegen::Output {
    let root = root();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap();
    let xml = std::fs::read(root.join(smtp_status_codegen::REGISTRY_XML)).unwrap();
    let (names, reply_codes) = (
        read(smtp_status_codegen::NAMES_FILE),
        read(smtp_status_codegen::reply_codes::REPLY_CODES_FILE),
    );
    smtp_status_codegen::generate(&smtp_status_codegen::Sources {
        xml: &xml,
        xml_path: smtp_status_codegen::REGISTRY_XML,
        names: &names,
        names_path: smtp_status_codegen::NAMES_FILE,
        reply_codes: &reply_codes,
        reply_codes_path: smtp_status_codegen::reply_codes::REPLY_CODES_FILE,
    })
    .unwrap_or_else(|e| panic!("generation failed: {e}"))
}

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
