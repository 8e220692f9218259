//! `bounce` over several emails in one run: a Maildir folder, an mbox file
//! or on stdin, and several files, each JSON line naming its file and message index,
//! and a summary at the end. Each test builds its inputs in its own
//! temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bounces")
        .join(name)
}

/// A fresh folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("smtp-status-many-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json_lines(args: &[&str]) -> Vec<serde_json::Value> {
    json_lines_from(args, b"")
}

/// The JSON lines of a successful run with `stdin` on standard input.
fn json_lines_from(args: &[&str], stdin: &[u8]) -> Vec<serde_json::Value> {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn kinds(lines: &[serde_json::Value]) -> Vec<&str> {
    lines.iter().map(|l| l["kind"].as_str().unwrap()).collect()
}

#[test]
fn a_maildir_folder_is_read_email_by_email() {
    let dir = scratch("maildir");
    std::fs::create_dir_all(dir.join("cur")).unwrap();
    std::fs::create_dir_all(dir.join("new")).unwrap();
    std::fs::copy(fixture("exim-failed.eml"), dir.join("cur/1.eml")).unwrap();
    std::fs::copy(fixture("postfix-failed.eml"), dir.join("new/2.eml")).unwrap();
    let lines = json_lines(&["--json", "bounce", dir.to_str().unwrap()]);
    assert_eq!(
        kinds(&lines),
        ["bounce", "recipient", "bounce", "recipient", "summary"]
    );
    assert!(lines[0]["file"].as_str().unwrap().ends_with("cur/1.eml"));
    assert!(lines[2]["file"].as_str().unwrap().ends_with("new/2.eml"));
    assert_eq!(lines[4]["emails"], 2);
    assert_eq!(lines[4]["recipients"], 2);
    assert!(lines[1]["reason"].is_string());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Three bounce fixtures as one mbox.
fn three_in_an_mbox() -> Vec<u8> {
    let mut mbox = Vec::new();
    for name in ["exim-failed.eml", "gmail-failed.eml", "sendmail-failed.eml"] {
        mbox.extend_from_slice(b"From MAILER-DAEMON Mon Nov 23 10:00:00 2026\n");
        mbox.extend_from_slice(&std::fs::read(fixture(name)).unwrap());
        mbox.extend_from_slice(b"\n");
    }
    mbox
}

#[test]
fn an_mbox_on_stdin_is_split_at_from_lines() {
    let lines = json_lines_from(&["--json", "bounce", "-"], &three_in_an_mbox());
    let indexes: Vec<u64> = lines
        .iter()
        .filter(|l| l["kind"] == "bounce")
        .map(|h| h["message"].as_u64().unwrap())
        .collect();
    assert_eq!(indexes, [1, 2, 3]);
    assert_eq!(lines.last().unwrap()["emails"], 3);
}

#[test]
fn an_mbox_file_is_split_at_from_lines() {
    let dir = scratch("mbox");
    let path = dir.join("bounces.mbox");
    std::fs::write(&path, three_in_an_mbox()).unwrap();
    let lines = json_lines(&["--json", "bounce", path.to_str().unwrap()]);
    let headers: Vec<&serde_json::Value> = lines.iter().filter(|l| l["kind"] == "bounce").collect();
    let indexes: Vec<u64> = headers
        .iter()
        .map(|h| h["message"].as_u64().unwrap())
        .collect();
    assert_eq!(indexes, [1, 2, 3]);
    let summary = lines.last().unwrap();
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["emails"], 3);
    assert_eq!(summary["not_understood"], 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn several_files_end_with_a_summary_line() {
    let a = fixture("exim-failed.eml");
    let b = fixture("sendmail-failed.eml");
    let out = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(["bounce", a.to_str().unwrap(), b.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    // The summary, wrapped at 80 columns, is the last line once joined.
    let joined = common::unwrapped(&text);
    let last = joined.lines().last().unwrap();
    assert!(
        last.starts_with("2 emails (0 not understood), 3 recipients: "),
        "{last}"
    );
    assert!(text.contains("  reason "), "{text}");
    assert!(text.contains("  advice "), "{text}");
}
