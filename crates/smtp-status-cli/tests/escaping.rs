//! One set of hazardous characters for both outputs: control
//! characters, DEL, C1 controls and bidirectional characters from a bounce
//! are escaped in text and in JSON Lines alike, as
//! `smtp_status::hazard::is_hazard` (the code generator's set) says.

use std::path::Path;
use std::process::Command;

use smtp_status::hazard::is_hazard;

const FIXTURE: &str = "tests/fixtures/adversarial/bounce/json_c1_bidi_fields.eml";

/// The command's stdout for `args` and the fixture; it must succeed.
fn stdout(args: &[&str]) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let out = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(args)
        .arg(file)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// No hazard reaches the reader raw but the line ends.
fn assert_no_hazard(text: &str) {
    for (i, c) in text.char_indices() {
        assert!(
            c == '\n' || !is_hazard(c),
            "U+{:04X} raw at byte {i} of:\n{text}",
            c as u32
        );
    }
}

/// What the fixture holds in every field: ESC, BEL, BS, CR, DEL, CSI (C1),
/// RIGHT-TO-LEFT OVERRIDE, FIRST STRONG ISOLATE, RIGHT-TO-LEFT MARK,
/// ARABIC LETTER MARK.
const PLANTED: [char; 10] = [
    '\u{1b}', '\u{7}', '\u{8}', '\r', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2067}', '\u{200f}',
    '\u{61c}',
];

#[test]
fn json_lines_escape_every_hazard_as_u_escapes() {
    let out = stdout(&["--json", "bounce"]);
    assert_no_hazard(&out);
    for want in [
        r"\u009b", r"\u007f", r"\u202e", r"\u2067", r"\u200f", r"\u061c", r"\u001b",
    ] {
        assert!(out.contains(want), "{want} not in:\n{out}");
    }
    // The same strings, read back: nothing lost to the escaping.
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let mta = first["reporting_mta"].as_str().unwrap();
    assert!(PLANTED.iter().all(|c| mta.contains(*c)), "{mta:?}");
}

#[test]
fn text_escapes_the_same_set() {
    let out = stdout(&["bounce"]);
    assert_no_hazard(&out);
    for want in [
        r"\x1b",
        r"\x07",
        r"\x08",
        r"\r",
        r"\x7f",
        r"\u{9b}",
        r"\u{202e}",
        r"\u{2067}",
        r"\u{200f}",
        r"\u{61c}",
    ] {
        assert!(out.contains(want), "{want} not in:\n{out}");
    }
}
