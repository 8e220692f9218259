//! registry/vendor-codes.txt: the committed file generates the committed
//! module, and every kind of bad line stops generation with `path:line`.

use smtp_status_codegen::vendor_codes::{self, VENDOR_CODES_FILE};

const DATA: &str = include_str!("../../../registry/vendor-codes.txt");
const GENERATED: &str = include_str!("../../smtp-status/src/generated/vendor_codes.rs");

const HEAD: &str = "# c\nvendor: acme | Acme | Acme Mail\n";
const URL: &str = "https://acme.example/codes";

/// The error for `HEAD` followed by `line`; it must point at line 3.
fn error(line: &str) -> String {
    let text = format!("{HEAD}{line}\n");
    let e = vendor_codes::parse(&text, "v.txt").unwrap_err().to_string();
    assert!(e.starts_with("v.txt:3: "), "{e}");
    e
}

#[test]
fn the_committed_file_generates_the_committed_module() {
    let file = vendor_codes::file(DATA, VENDOR_CODES_FILE).unwrap();
    assert_eq!(
        file.path,
        "crates/smtp-status/src/generated/vendor_codes.rs"
    );
    assert!(
        file.text == GENERATED,
        "{} is stale: run `cargo xtask codegen` and commit the result",
        file.path
    );
}

#[test]
fn a_good_line_parses() {
    let v = vendor_codes::parse(
        &format!("{HEAD}acme | 5.1.10 | - | m | a | {URL}\n"),
        "v.txt",
    )
    .unwrap();
    assert_eq!(v.entries.len(), 1);
    assert!(v.entries[0].markers.is_empty());
}

#[test]
fn an_unknown_vendor() {
    let e = error(&format!("globex | 5.1.1 | - | m | a | {URL}"));
    assert!(e.contains("unknown vendor `globex`"), "{e}");
}

#[test]
fn a_bad_code() {
    for code in [
        "5.1",
        "3.1.1",
        "5.01.1",
        "5.1.1000",
        "5.x.1",
        "5.7.700-600",
        "5.7.7-7",
        "5.1.1.1",
        "5.7.-9",
    ] {
        let e = error(&format!("acme | {code} | - | m | a | {URL}"));
        assert!(e.contains(&format!("`{code}`")), "{code}: {e}");
    }
}

#[test]
fn a_missing_or_bad_source_url() {
    for url in ["-", "http://acme.example/", "https://", "see the docs"] {
        let e = error(&format!("acme | 5.1.1 | - | m | a | {url}"));
        assert!(e.contains("source URL"), "{url}: {e}");
    }
    let e = error("acme | 5.1.1 | - | m | a");
    assert!(e.contains("5 fields"), "{e}");
}

#[test]
fn a_duplicate_entry() {
    let text = format!(
        "{HEAD}acme | 5.1.1 | Gone | m | a | {URL}\nacme | 5.1.1 | gone | m2 | a2 | {URL}\n"
    );
    let e = vendor_codes::parse(&text, "v.txt").unwrap_err().to_string();
    assert!(
        e.starts_with("v.txt:4: duplicate entry") && e.contains("line 3"),
        "{e}"
    );
    // Another marker or another code is another entry.
    let text = format!(
        "{HEAD}acme | 5.1.1 | Gone | m | a | {URL}\nacme | 5.1.1 | Away | m | a | {URL}\nacme | 5.1.2 | Gone | m | a | {URL}\n"
    );
    assert_eq!(
        vendor_codes::parse(&text, "v.txt").unwrap().entries.len(),
        3
    );
}

#[test]
fn a_duplicate_vendor() {
    let e = error("vendor: acme | Acme2 | Acme again");
    assert!(e.contains("declared twice"), "{e}");
    let e = error("vendor: acme2 | Acme | Acme again");
    assert!(e.contains("declared twice"), "{e}");
}

#[test]
fn bad_declarations() {
    assert!(error("vendor: Acme | Acme3 | x").contains("not a vendor id"));
    assert!(error("vendor: acme3 | acme | x").contains("UpperCamelCase"));
    assert!(error("vendor: acme3 | Acme3").contains("2 fields"));
}

#[test]
fn bad_fields() {
    assert!(error(&format!("acme | 5.1.1 |  | m | a | {URL}")).contains("empty field"));
    assert!(error(&format!("acme | 5.1.1 | - | m | a | {URL} | extra")).contains("7 fields"));
    assert!(
        error(&format!("acme | 5.1.1 | - | caf\u{e9} | a | {URL}")).contains("printable ASCII")
    );
    assert!(error(&format!("acme | 5.1.1 | a ||b | m | a | {URL}")).contains("marker"));
    assert!(error(&format!("acme | 5.1.1 | a && | m | a | {URL}")).contains("marker"));
}
