//! The built `smtp-status` binary on real inputs, with assertions on what it
//! prints and its exit status.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // The command may stop reading early (bounded input); that is fine.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = run(args, b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    String::from_utf8(out.stdout).unwrap()
}

/// `--json` output: JSON Lines, one object per item.
fn json(args: &[&str], stdin: &[u8]) -> Vec<serde_json::Value> {
    let out = run(args, stdin);
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Exit 1, exactly one line on stderr, no panic or backtrace.
fn not_understood(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("smtp-status: "), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    err
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bounces")
}

#[test]
fn explain_registered_code() {
    let out = ok(&["explain", "5.1.1"]);
    assert!(
        out.starts_with("5.1.1  Bad destination mailbox address\n"),
        "{out}"
    );
    assert!(
        out.contains("  class        5  Permanent Failure\n"),
        "{out}"
    );
    assert!(
        out.contains("  subject      1  Addressing Status\n"),
        "{out}"
    );
    assert!(out.contains("  reply codes  451, 550\n"), "{out}");
    assert!(out.contains("  references   RFC 3463\n"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn explain_any_class_and_reply_code() {
    let out = ok(&["explain", "X.1.1", "550"]);
    assert!(
        out.contains("X.1.1  Bad destination mailbox address"),
        "{out}"
    );
    assert!(!out.contains("class  "), "X.1.1 has no class: {out}");
    assert!(out.contains("550  reply code"), "{out}");
    assert!(out.contains("registered codes  X.1.1,"), "{out}");
}

#[test]
fn explain_unregistered_code_still_explains_class_and_subject() {
    let out = ok(&["explain", "5.7.708"]);
    assert!(out.contains("5.7.708  (unregistered)"), "{out}");
    assert!(out.contains("class     5  Permanent Failure"), "{out}");
    assert!(
        out.contains("subject   7  Security or Policy Status"),
        "{out}"
    );
    assert!(out.contains("is not registered"), "{out}");
    let v = json(&["--json", "explain", "X.7.606"], b"");
    let e = &v[0]["explanation"];
    assert_eq!(e["code"], "X.7.606");
    assert_eq!(e["registered"], serde_json::Value::Null);
    assert_eq!(e["subject"]["summary"], "Security or Policy Status");
}

#[test]
fn explain_450_5_1_1_warns() {
    let out = ok(&["explain", "450 5.1.1 <a@b>: User unknown"]);
    // Rows wrap at 80 columns, under the value column.
    assert!(
        out.contains("  warning      class mismatch: reply code 450 is 4xx but the enhanced code 5.1.1\n               is class 5 (Permanent Failure)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  warning      the registry associates X.1.1 with reply codes 451, 550, not 450\n"
        ),
        "{out}"
    );
    let v = json(&["--json", "explain", "450 5.1.1 <a@b>: User unknown"], b"");
    assert_eq!(v.len(), 1);
    let e = &v[0];
    assert_eq!(e["kind"], "reply");
    assert_eq!(e["explanation"]["reply_code"], 450);
    assert_eq!(e["explanation"]["enhanced"]["code"], "5.1.1");
    assert_eq!(e["explanation"]["lines"][0], "<a@b>: User unknown");
    assert_eq!(e["explanation"]["warnings"].as_array().unwrap().len(), 2);
}

#[test]
fn explain_stdin_stream_of_pipelined_replies() {
    let v = json(
        &["--json", "explain", "-"],
        b"250 2.1.0 Ok\r\n550-5.7.26 Unauthenticated email\r\n550 5.7.26 is not accepted.\r\n\r\n",
    );
    let items = &v;
    assert_eq!(items.len(), 2, "{v:?}");
    assert_eq!(items[1]["explanation"]["enhanced"]["code"], "5.7.26");
    assert_eq!(
        items[1]["explanation"]["lines"],
        serde_json::json!(["Unauthenticated email", "is not accepted."])
    );
}

#[test]
fn empty_input_is_not_understood() {
    let err = not_understood(&run(&["explain", "-"], b""));
    assert!(err.contains("empty input"), "{err}");
    let err = not_understood(&run(&["explain", ""], b""));
    assert!(err.contains("empty input"), "{err}");
    let err = not_understood(&run(&["bounce", "-"], b""));
    assert!(err.contains("empty input"), "{err}");
}

/// An input not understood names its place and cause, on stderr and in
/// `--json` (`input`, `cause`, `error`), for an argument and for stdin.
#[test]
fn errors_name_the_input_and_the_cause() {
    let err = not_understood(&run(&["explain", "550", "x.1.z"], b""));
    assert_eq!(
        err,
        "smtp-status: \"x.1.z\": not a code of the form X.subject.detail: \
         the detail has no digits (byte 4)\n"
    );
    let err = not_understood(&run(&["explain", "-"], b"hello\n"));
    assert_eq!(
        err,
        "smtp-status: stdin: no status code found in the text\n"
    );
    let v = json(&["--json", "explain", "599x", "-"], b"hello\n");
    assert_eq!(
        v,
        [
            serde_json::json!({"kind": "error", "input": "599x", "cause": "no-code",
                "error": "no status code found in the text"}),
            serde_json::json!({"kind": "error", "input": "-", "cause": "no-code",
                "error": "no status code found in the text"}),
        ]
    );
    let v = json(&["--json", "explain", "600", "X.1"], b"");
    assert_eq!(v[0]["cause"], "invalid-reply-code");
    assert_eq!(v[0]["error"], "not an SMTP reply code (200 to 599)");
    assert_eq!(v[1]["cause"], "invalid-any-class-code");
}

#[test]
fn binary_garbage_is_not_understood() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let err = not_understood(&run(&["explain", "-"], &garbage));
    assert!(err.contains("stdin"), "{err}");
    let err = not_understood(&run(&["bounce", "-"], &garbage));
    assert!(err.contains("no delivery-status report"), "{err}");
    not_understood(&run(&["explain", "hello"], b""));
    not_understood(&run(&["explain", "5.1.1x"], b""));
    not_understood(&run(&["explain", "650"], b""));
}

#[test]
fn ten_megabyte_file() {
    let dir = std::env::temp_dir().join(format!("smtp-status-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.eml");
    let mut big = b"Subject: big\r\n\r\n".to_vec();
    big.resize(10 * 1024 * 1024, b'a');
    std::fs::write(&path, &big).unwrap();
    let err = not_understood(&run(&["bounce", path.to_str().unwrap()], b""));
    assert!(err.contains("no delivery-status report"), "{err}");
    // On stdin too, as a reply stream: one clear line.
    not_understood(&run(&["explain", "-"], &big));
    // Over the bound: refused without reading it all.
    big.resize(17 * 1024 * 1024, b'a');
    let err = not_understood(&run(&["bounce", "-"], &big));
    assert!(err.contains("larger than"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["explain"], b"").status.code(), Some(2));
    assert_eq!(run(&["frobnicate"], b"").status.code(), Some(2));
    assert_eq!(run(&["list", "--class", "3"], b"").status.code(), Some(2));
    assert_eq!(run(&[], b"").status.code(), Some(2));
}

#[test]
fn list_filters() {
    let all = ok(&["list"]);
    assert!(all.starts_with("CODE "), "{all}");
    assert!(all.contains("\nX.1.1 "), "{all}");
    let policy = ok(&["list", "--subject", "7"]);
    // Each code starts a row; a long list of reply codes continues on
    // lines of its own, under the REPLY column.
    assert!(
        policy
            .lines()
            .skip(1)
            .all(|l| l.starts_with("X.7.") || l.starts_with("        ")),
        "{policy}"
    );
    assert!(
        policy.contains(
            "\nX.7.0   220, 235, 450,  Other or undefined security status\n        454, 500, 501,\n"
        ),
        "{policy}"
    );
    let v = json(&["--json", "list", "--subject", "1", "--class", "5"], b"");
    let codes = &v;
    assert!(codes.iter().any(|c| c["code"] == "X.1.1"));
    assert!(
        codes
            .iter()
            .all(|c| c["code"].as_str().unwrap().starts_with("X.1."))
    );
    not_understood(&run(&["list", "--subject", "99"], b""));
}

#[test]
fn list_class_keeps_only_codes_the_registry_allows_with_it() {
    use smtp_status::{Class, RegisteredCode};
    for digit in [2u8, 4, 5] {
        let class = Class::from_digit(digit).unwrap();
        let v = json(&["--json", "list", "--class", &digit.to_string()], b"");
        let listed: Vec<&str> = v.iter().map(|c| c["code"].as_str().unwrap()).collect();
        let allowed: Vec<&str> = RegisteredCode::ALL
            .iter()
            .filter(|r| r.association().allows_class(class) == Some(true))
            .map(|r| r.as_str())
            .collect();
        assert_eq!(listed, allowed, "--class {digit}");
    }
    let two = ok(&["list", "--class", "2"]);
    assert!(two.contains("\nX.1.5 "), "{two}"); // 250
    assert!(two.contains("\nX.0.0 "), "{two}"); // Any
    assert!(!two.contains("\nX.7.17 "), "{two}"); // 5XX
    assert!(!two.contains("\nX.1.1 "), "{two}"); // 451, 550
    assert!(!two.contains("\nX.1.0 "), "{two}"); // Not given
    assert!(ok(&["list", "--class", "5"]).contains("\nX.7.17 "));
    assert!(ok(&["list", "--class", "4"]).contains("\nX.1.1 "));
}

#[test]
fn bounce_fixtures_match_expected_results() {
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("expected.json")).unwrap()).unwrap();
    let expected = expected.as_object().unwrap();
    assert!(expected.len() >= 6);
    for (file, want) in expected {
        let path = fixtures().join(file);
        let v = json(&["--json", "bounce", path.to_str().unwrap()], b"");
        assert_eq!(v[0]["kind"], "bounce", "{file}");
        let got: Vec<serde_json::Value> = v[1..]
            .iter()
            .inspect(|r| assert_eq!(r["kind"], "recipient", "{file}"))
            .map(|r| {
                serde_json::json!({
                    "recipient": r["recipient"],
                    "action": r["action"],
                    "is_failure": r["action"] == "failed",
                    "status": r["dsn_status"].as_str().or(r["status"].as_str()),
                    "reply_code": r["reply_code"],
                    "agreement": r["dsn"]["agreement"],
                })
            })
            .collect();
        assert_eq!(&serde_json::Value::Array(got), want, "{file}");
        // The library agrees with the command.
        let b = smtp_status_explain::read(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(b.recipients.len(), want.as_array().unwrap().len(), "{file}");
    }
}

#[test]
fn bounce_human_output() {
    let path = fixtures().join("sendmail-failed.eml");
    let out = ok(&["bounce", path.to_str().unwrap()]);
    assert!(
        out.contains("full@example.net  failed: not delivered"),
        "{out}"
    );
    assert!(
        out.contains("slow@example.net  delayed: not a failure, the sender's MTA keeps trying"),
        "{out}"
    );
    assert!(
        out.contains("  agreement    Status and the SMTP reply agree"),
        "{out}"
    );
    let exim = ok(&[
        "bounce",
        fixtures().join("exim-failed.eml").to_str().unwrap(),
    ]);
    assert!(
        exim.contains("compatible: Status 5.0.0 only gives the class"),
        "{exim}"
    );
}
