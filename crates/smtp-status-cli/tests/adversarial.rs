//! Hostile and broken inputs (tests/fixtures/adversarial): what
//! the built command shows for each, in the debug build.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/adversarial")
        .join(name)
}

fn run(args: &[&str], stdin: Option<&Path>) -> Output {
    let stdin = match stdin {
        Some(path) => Stdio::from(std::fs::File::open(path).unwrap()),
        None => Stdio::null(),
    };
    Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(stdin)
        .output()
        .unwrap()
}

fn bounce(name: &str) -> Output {
    run(&["bounce", fixture(name).to_str().unwrap()], None)
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Exit 0, nothing on stderr.
fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    assert_eq!(stderr(out), "");
    stdout(out)
}

/// Exit 1, one line on stderr, no panic.
fn not_understood(out: &Output) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("smtp-status: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// No control character at all but the line ends: no C0 byte, DEL, or C1
/// character (U+0080 to U+009F) reaches the terminal.
fn assert_no_controls(text: &str) {
    for (i, c) in text.char_indices() {
        assert!(
            c == '\n' || !c.is_control(),
            "control {c:?} at byte {i} of:\n{text}"
        );
    }
}

#[test]
fn no_control_byte_from_a_bounce_reaches_the_terminal() {
    for name in [
        "bounce/forge_delivered.eml",
        "bounce/escapes_plain.eml",
        "bounce/b64_escapes.eml",
    ] {
        let out = ok(&bounce(name));
        assert_no_controls(&out);
        assert!(out.contains("\\x1b"), "{name}: escapes shown:\n{out}");
        // The real outcome; the forged one is only text inside a row.
        assert!(
            out.lines()
                .any(|l| l.ends_with("  failed: not delivered") && !l.starts_with(' ')),
            "{name}:\n{out}"
        );
        // Every line with the forged outcome is in the diagnostic row: its
        // first line, or one of its continuation lines (under the value).
        let lines: Vec<&str> = out.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if !l.contains("delivered: not a failure") {
                continue;
            }
            let row = lines[..=i]
                .iter()
                .rev()
                .find(|l| !l.starts_with("    "))
                .unwrap();
            assert!(row.starts_with("  diagnostic"), "{name}:\n{out}");
        }
    }
    let out = ok(&bounce("bounce/forge_delivered.eml"));
    assert!(
        out.contains("host not found\\x1b[s\\x1b[10A\\r\\x1b[2K"),
        "{out}"
    );
}

#[test]
fn no_control_byte_from_a_reply_reaches_the_terminal() {
    for (name, shown) in [
        ("reply/esc.txt", "\\x1b"),
        ("reply/esc_c1.txt", "\\u{9b}"),
        ("reply/cr_in_text.txt", "\\r"),
        ("reply/nul_bytes.txt", "\\x00"),
    ] {
        let out = run(&["explain", "-"], Some(&fixture(name)));
        let text = stdout(&out);
        assert!(!text.is_empty(), "{name}: {}", stderr(&out));
        assert_no_controls(&text);
        assert!(text.contains(shown), "{name}: {shown} in\n{text}");
        // JSON keeps the text as it was (JSON escapes it).
        let json = run(&["--json", "explain", "-"], Some(&fixture(name)));
        assert!(
            !json.stdout.iter().any(|&b| b < 0x20 && b != b'\n'),
            "{name}"
        );
    }
}

#[test]
fn mime_trees_that_trip_mail_parser_do_not_panic() {
    for name in [
        "bounce/mp_rfc822_rfc822.eml",
        "bounce/mailparser_debug_assert.eml",
        "bounce/mailparser_debug_assert_min.eml",
        "bounce/report_then_rfc822_rfc822.eml",
        "bounce/rfc822_rfc822_then_report.eml",
    ] {
        // In process, in this debug build (debug assertions on): no panic.
        let raw = std::fs::read(fixture(name)).unwrap();
        let parsed = smtp_status_explain::read(&raw);
        let out = bounce(name);
        assert!(!stderr(&out).contains("panicked"), "{name}");
        if name.contains("then") {
            let b = parsed.unwrap();
            assert_eq!(b.recipients.len(), 1, "{name}");
            assert_eq!(b.recipients[0].recipient.as_deref(), Some("a@b"));
            assert!(ok(&out).contains("a@b  failed: not delivered"), "{name}");
        } else if name == "bounce/mailparser_debug_assert.eml" {
            // No readable delivery-status part, but a plain-text Exim bounce
            // with X-Failed-Recipients: the classifier reads it.
            let b = parsed.unwrap();
            assert_eq!(b.format, smtp_status_explain::Format::PlainText);
            let text = ok(&out);
            assert!(text.contains("nobody@example.org  userunknown"), "{text}");
            assert!(text.contains("reason      userunknown"), "{text}");
        } else {
            assert!(parsed.is_err(), "{name}");
            let err = not_understood(&out);
            assert!(err.contains("not a bounce"), "{name}: {err}");
        }
    }
}

#[test]
fn a_malformed_second_report_is_named_not_dropped() {
    // The second part has a line that is not a field: read without it, and
    // the repair said; its recipient is not dropped.
    let out = ok(&bounce("bounce/two_reports_one_bad.eml"));
    assert!(out.contains("first@example.net  failed"), "{out}");
    assert!(out.contains("second@example.net  failed"), "{out}");
    assert!(
        out.contains("warning: lines that are not fields were dropped from a delivery-status part"),
        "{out}"
    );
    let path = fixture("bounce/two_reports_one_bad.eml");
    let json = run(&["--json", "bounce", path.to_str().unwrap()], None);
    let lines: Vec<serde_json::Value> = stdout(&json)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["bounce", "recipient", "recipient", "recipient", "warning"]
    );
    assert_eq!(lines[1]["recipient"], "first@example.net");
    assert_eq!(lines[2]["recipient"], "second@example.net");
    // A part that cannot be read at all is named, and fails the run.
    let raw = std::fs::read(&path).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let broken = text.replacen(
        "\r\nFinal-Recipient: rfc822; second",
        "\r\n stray continuation\r\nFinal-Recipient: rfc822; second",
        1,
    );
    assert_ne!(broken, text);
    let err = smtp_status_explain::read(broken.as_bytes()).unwrap();
    assert_eq!(err.skipped.len(), 1, "{:?}", err.warnings);
    assert!(
        err.skipped[0].starts_with("delivery-status part 2 of 2 is malformed"),
        "{:?}",
        err.skipped
    );
    let file = std::env::temp_dir().join(format!("smtp-status-broken-{}.eml", std::process::id()));
    std::fs::write(&file, &broken).unwrap();
    let out = run(&["bounce", "-"], Some(&file));
    std::fs::remove_file(&file).unwrap();
    let err = not_understood(&out);
    assert!(
        err.contains("delivery-status part 2 of 2 is malformed"),
        "{err}"
    );
    assert!(stdout(&out).contains("first@example.net  failed"));
}

#[test]
fn an_ordinary_email_is_not_a_bounce() {
    let out = bounce("bounce/not_a_bounce.eml");
    let err = not_understood(&out);
    assert!(err.contains("not a bounce"), "{err}");
    assert_eq!(stdout(&out), "", "no invented recipient");
}

#[test]
fn a_long_smtp_diagnostic_is_still_compared() {
    for name in ["bounce/long_diag_600.txt", "bounce/long_diag_folded.txt"] {
        let out = ok(&bounce(name));
        assert!(
            out.contains("disagree: Status 4.2.2 is class 4 but the reply code 550 is 5xx"),
            "{name}:\n{out}"
        );
        assert!(out.contains("longer than the 512 octets"), "{name}");
        assert!(!out.contains("no SMTP reply to compare"), "{name}");
    }
}

#[test]
fn delivered_with_a_permanent_failure_status_warns() {
    let out = ok(&bounce("bounce/delivered_5xx.txt"));
    assert!(
        out.contains("warning      Action delivered contradicts Status 5.1.1 (class 5"),
        "{out}"
    );
    let path = fixture("bounce/delivered_5xx.txt");
    let json = stdout(&run(&["--json", "bounce", path.to_str().unwrap()], None));
    let kinds: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"].clone())
        .collect();
    assert_eq!(kinds, ["bounce", "recipient", "warning"], "{json}");
}

#[test]
fn lf_cr_and_cr_only_line_ends_are_read() {
    for name in ["bounce/lfcr.eml", "bounce/cr_only.eml"] {
        let out = ok(&bounce(name));
        assert!(
            out.contains("nobody@example.net  failed: not delivered"),
            "{name}:\n{out}"
        );
        assert!(out.contains("  agreement    Status and the SMTP reply agree"));
    }
}

#[test]
fn nesting_nine_deep_is_found_and_the_limit_is_named() {
    let out = ok(&bounce("bounce/nested_rfc822_9.eml"));
    assert!(out.contains("nobody@example.net  failed"), "{out}");
    // Deeper than the limit: the error says so.
    let report = std::fs::read(fixture("bounce/delivered_5xx.txt")).unwrap();
    let mut email = b"Content-Type: message/delivery-status\n\n".to_vec();
    email.extend_from_slice(&report);
    for _ in 0..=smtp_status_explain::MAX_NESTING {
        let mut outer = b"Content-Type: message/rfc822\n\n".to_vec();
        outer.extend_from_slice(&email);
        email = outer;
    }
    let err = smtp_status_explain::read(&email).unwrap_err().to_string();
    assert!(err.contains("nesting limit of 32 MIME levels"), "{err}");
}
