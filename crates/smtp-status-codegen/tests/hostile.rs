//! Hostile registry text (the records of `tests/fixtures/hostile/`) spliced
//! into the committed registry: the
//! generated code holds no bidi control, no code fence, no bare URL and no
//! markup from IANA; the change report shows control bytes escaped; a name
//! that cannot be a variant is a data error that names the code and the
//! pinned-names file.

use smtp_status_codegen::{Output, Sources, diff, names, parse};

const XML: &str = include_str!("../../../registry/smtp-enhanced-status-codes.xml");
const NAMES: &str = include_str!("../../../registry/names.txt");
const REPLY_CODES: &str = include_str!("../../../registry/reply-codes.txt");
const NAMES_PATH: &str = "registry/names.txt";

/// The committed registry with `records` after its last record.
fn with_records(records: &str) -> String {
    let at = XML.rfind("</record>").unwrap() + "</record>".len();
    format!("{}\n{}{}", &XML[..at], records.trim_end(), &XML[at..])
}

/// What `refresh-registry` does: pin names for the new codes, then generate.
fn refresh(xml: &str) -> Result<(Output, String), String> {
    let reg = parse::parse(xml.as_bytes(), "reg.xml").map_err(|e| e.to_string())?;
    let pinned = names::Pinned::parse(NAMES, NAMES_PATH).unwrap();
    let (names_text, _) = names::pin_new(&reg, &pinned, NAMES_PATH).map_err(|e| e.to_string())?;
    let out = smtp_status_codegen::generate(&Sources {
        xml: xml.as_bytes(),
        xml_path: "reg.xml",
        names: &names_text,
        names_path: NAMES_PATH,
        reply_codes: REPLY_CODES,
        reply_codes_path: "registry/reply-codes.txt",
    })
    .map_err(|e| e.to_string())?;
    Ok((out, names_text))
}

fn file<'a>(out: &'a Output, suffix: &str) -> &'a str {
    &out.files
        .iter()
        .find(|f| f.path.ends_with(suffix))
        .unwrap()
        .text
}

/// Every doc line (`///` or `//!`) of the generated module, without its marker.
fn doc_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("///"))
        .collect()
}

fn fences(text: &str) -> usize {
    doc_lines(text)
        .iter()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with("```") || l.starts_with("~~~")
        })
        .count()
}

fn hostile(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/hostile/{name}.records.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    with_records(&std::fs::read_to_string(path).unwrap())
}

/// No character the generator must escape is left in any generated file.
fn assert_safe(out: &Output) {
    for f in &out.files {
        assert!(
            !f.text
                .chars()
                .any(|c| c != '\n' && smtp_status_codegen::hazard::is_hazard(c)),
            "{} holds a raw control or bidi character",
            f.path
        );
    }
}

#[test]
fn bidi_controls_are_escaped_in_docs_and_literals() {
    for (fixture, shown) in [
        ("bidi", "access \\\\u{202e}evil\\\\u{202c} level"),
        ("bidi_sample", "Bidi \\\\u{2066}sample\\\\u{2069}"),
    ] {
        let (out, _) = refresh(&hostile(fixture)).unwrap();
        assert_safe(&out);
        let module = file(&out, "mod.rs");
        assert!(
            doc_lines(module).iter().any(|l| l.contains(shown)),
            "{fixture}: no doc line shows {shown}"
        );
    }
}

#[test]
fn fences_and_markdown_from_iana_stay_text() {
    let (committed, _) = refresh(XML).unwrap();
    let base_fences = fences(file(&committed, "mod.rs"));
    for fixture in ["fence_only", "markdown"] {
        let (out, _) = refresh(&hostile(fixture)).unwrap();
        assert_safe(&out);
        let module = file(&out, "mod.rs");
        // Only the generator's own doctest fences: none from IANA.
        assert_eq!(fences(module), base_fences, "{fixture}");
        assert!(
            doc_lines(module).iter().any(|l| l.contains("\\~\\~\\~")),
            "{fixture}"
        );
    }
    let (out, _) = refresh(&hostile("markdown")).unwrap();
    let docs = doc_lines(file(&out, "mod.rs")).join("\n");
    for escaped in [
        "\\~\\~\\~ fn main() { panic!(\"doctest from registry\") }",
        "See https\\://evil.example/x for details.",
        "\\=== heading ===",
        "\\&lt;img src=x onerror=alert(1)\\&gt; \\&amp;",
        "mailto:a@b.example \\<https\\://evil.example\\>",
        "(see)\\[x\\] !\\[img\\](https\\://evil.example/p.png)",
    ] {
        assert!(docs.contains(escaped), "no doc line holds {escaped:?}");
    }
    let table = file(&out, "codes.md");
    assert!(table.contains("| X.7.50 | [Fence test](crate::RegisteredCode::FenceTest) |"));
}

#[test]
fn a_bare_url_is_no_link() {
    let (out, _) = refresh(&hostile("bare_url_only")).unwrap();
    let docs = doc_lines(file(&out, "mod.rs")).join("\n");
    assert!(docs.contains("See https\\://evil.example/x for details."));
    assert!(
        !docs.contains("https://evil"),
        "a bare URL is left in the docs"
    );
}

#[test]
fn the_change_report_shows_control_bytes_escaped() {
    let xml = hostile("escapes");
    let (out, names_text) = refresh(&xml).unwrap();
    assert_safe(&out);
    let old = parse::parse(XML.as_bytes(), "old.xml").unwrap();
    let new = parse::parse(xml.as_bytes(), "new.xml").unwrap();
    let pins = names::Pinned::parse(&names_text, NAMES_PATH).unwrap();
    let report = diff::diff(&old, &new, &pins);
    let text = report.to_string();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(
        text.contains("+ X.7.57 Escape0PwnedSample \"Escape \\x1b]0;pwned\\x07 sample\""),
        "{text}"
    );
    let json = report.to_json();
    assert!(!json.contains('\u{1b}'), "{json:?}");
    assert!(
        json.contains("Escape \\u001b]0;pwned\\u0007 sample"),
        "{json}"
    );
}

#[test]
fn a_name_that_is_a_keyword_is_a_data_error() {
    let err = refresh(&hostile("name_self")).unwrap_err();
    assert_eq!(
        err,
        "registry/names.txt: X.7.62: the name derived from its text, `Self`, is a Rust \
         keyword: pin another name for X.7.62 by hand in registry/names.txt"
    );
    // Pinned by hand: the pinned-names file refuses it at its line.
    let names = format!("{NAMES}X.7.62 Self\n");
    let line = names.lines().count();
    let err = names::Pinned::parse(&names, NAMES_PATH)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!("registry/names.txt:{line}: \"Self\"")),
        "{err}"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn cargo(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .args(["--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTFLAGS", "-Dwarnings")
        .env("RUSTDOCFLAGS", "-Dwarnings")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo {args:?} on the crate generated from hostile records failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The core crate, copied with its generated files replaced by those of a
/// registry holding every hostile record, builds, documents with
/// `-D warnings` and passes its doctests (an IANA fence would be one, and
/// would panic). A cold build of the core crate: some tens of seconds.
#[test]
fn the_crate_generated_from_hostile_records_builds_documents_and_tests() {
    let dir = std::env::temp_dir().join(format!("smtp-status-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fixture = |n: &str| {
        let path = format!(
            "{}/tests/fixtures/hostile/{n}.records.xml",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path).unwrap()
    };
    // One registry with them all: the second bidi record gets a code and a
    // name of its own.
    let records = [
        fixture("markdown"),
        fixture("bidi"),
        fixture("bidi_sample")
            .replace("X.7.58", "X.7.59")
            .replace("<sample>Bidi", "<sample>Second bidi"),
        fixture("escapes"),
    ]
    .concat();
    let (out, _) = refresh(&with_records(&records)).unwrap();
    assert_safe(&out);
    let core = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../smtp-status/src");
    copy_dir(&core, &dir.join("src"));
    for f in &out.files {
        let rel = f.path.strip_prefix("crates/smtp-status/").unwrap();
        std::fs::write(dir.join(rel), &f.text).unwrap();
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"smtp-status\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [features]\nserde = []\n\n[lints.rust]\nmissing_docs = \"warn\"\n\n[workspace]\n",
    )
    .unwrap();
    cargo(&dir, &["doc", "--no-deps"]);
    cargo(&dir, &["test", "--doc"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
