//! What the built command says a bounce means
//! (tests/fixtures/adversarial/bounce): warnings of a tolerant reading are
//! shown in both forms, a paragraph starting with `From ` does not split a
//! saved email, and a bounce with nothing in it is not understood, with the
//! reason.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/adversarial/bounce")
        .join(name)
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

#[test]
fn tolerant_reading_warnings_are_printed() {
    let file = fixture("dsn_junk_line_warning_hidden.eml");
    let file = file.to_str().unwrap();
    let warning = "lines that are not fields were dropped from a delivery-status part";
    let out = run(&["bounce", file], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let human = text(&out.stdout);
    assert!(
        human.lines().any(|l| l == format!("warning: {warning}")),
        "{human}"
    );
    let out = run(&["--json", "bounce", file], b"");
    let kinds: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The recipient, then the bounce's warnings.
    assert_eq!(kinds[1]["recipient"], "a@x.example", "{kinds:?}");
    assert_eq!(kinds[2]["kind"], "warning", "{kinds:?}");
    assert_eq!(kinds[2]["message"], warning, "{kinds:?}");
}

#[test]
fn a_from_paragraph_does_not_split_a_saved_email() {
    let file = fixture("envelope_from_paragraph.eml");
    let raw = std::fs::read(&file).unwrap();
    for out in [
        run(&["--json", "bounce", file.to_str().unwrap()], b""),
        run(&["--json", "bounce", "-"], &raw),
    ] {
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let lines: Vec<serde_json::Value> = text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["bounce", "recipient"], "{lines:?}");
        assert_eq!(lines[1]["recipient"], "bob@example.net");
    }
}

#[test]
fn a_bounce_with_nothing_in_it_says_why_it_is_not_understood() {
    let out = run(
        &["bounce", "-"],
        b"From: MAILER-DAEMON@mx.example\nTo: kit@example.org\nSubject: Undelivered Mail\n\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("names no recipient"), "{err}");
}
