//! `explain -` explains stdin as it arrives: an item is written
//! as soon as its last line has come, before stdin is closed, and every line
//! after a reply is searched too.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn dir(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Writes `first` to a running `explain -`, reads the first output line
/// while stdin is still open, then writes `rest` and closes stdin: the
/// first line and the rest of the output.
fn converse(args: &[&str], first: &[u8], rest: &[u8]) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    stdin.write_all(first).unwrap();
    stdin.flush().unwrap();
    // Blocks until the command writes: it must do so with stdin still open.
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    stdin.write_all(rest).unwrap();
    drop(stdin);
    let mut tail = String::new();
    std::io::Read::read_to_string(&mut out, &mut tail).unwrap();
    assert!(child.wait().unwrap().success());
    (line, tail)
}

#[test]
fn output_starts_before_stdin_is_closed() {
    let later = b"mx postfix/smtp[1]: to=<b@example.net>, dsn=4.2.2, status=deferred\n";
    let (first, rest) = converse(
        &["--json", "explain", "-"],
        b"550 5.1.1 <a@example.net>: unknown\r\n",
        later,
    );
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["kind"], "reply", "{first}");
    assert_eq!(v["explanation"]["enhanced"]["code"], "5.1.1");
    let v: serde_json::Value = serde_json::from_str(rest.trim_end()).unwrap();
    assert_eq!(v["kind"], "text", "{rest}");
    assert_eq!(v["explanation"]["found"][0]["matched"], "4.2.2");
    // The human form too: the reply's title first.
    let (first, rest) = converse(&["explain", "-"], b"451 4.3.0 try later\n", later);
    assert_eq!(first.trim_end(), "reply 451");
    assert!(rest.contains("4.2.2"), "{rest}");
}

#[test]
fn a_log_line_after_a_reply_is_explained() {
    let input = std::fs::read(dir("tests/fixtures/explain/reply_then_log_line.txt")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(["--json", "explain", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(&input)?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["kind"], "reply");
    assert_eq!(lines[0]["explanation"]["reply_code"], 250);
    let text = &lines[1]["explanation"];
    assert_eq!(lines[1]["kind"], "text", "{}", lines[1]);
    assert!(
        text["found"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["matched"] == "550 5.1.1"),
        "{text}"
    );
    assert_eq!(text["verdict"]["reason"], "userunknown", "{text}");
}
