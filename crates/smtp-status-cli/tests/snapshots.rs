//! The JSON contract, pinned: the `--json` output of every fixture is
//! compared with a committed snapshot (tests/snapshots/), and each line is
//! the serde form of the library's own type for the same thing, so the
//! command, the library and the examples cannot drift apart.
//!
//! After an intended change of shape, rewrite the snapshots with
//! `UPDATE_SNAPSHOTS=1 cargo test -p smtp-status-cli --test snapshots` and
//! review the diff (and docs/json.md).

use std::path::{Path, PathBuf};
use std::process::Command;

use smtp_status_explain::{BounceLine, RegistryEntry};

mod common;

fn dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(sub)
}

/// The command's stdout for `args`, with `stdin`.
fn stdout(args: &[&str], stdin: Option<&Path>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_smtp-status"));
    cmd.args(args);
    if let Some(file) = stdin {
        cmd.stdin(std::fs::File::open(file).unwrap());
    }
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

/// Compares `got` with the snapshot `name`, or writes it when
/// `UPDATE_SNAPSHOTS=1`. Returns a description of the drift, if any.
fn check(name: &str, got: &str) -> Option<String> {
    let path = dir("snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(want) if want == got => None,
        Ok(want) => Some(format!("{name}: drift\n--- want\n{want}\n--- got\n{got}")),
        Err(e) => Some(format!(
            "{name}: no snapshot ({e}); run with UPDATE_SNAPSHOTS=1"
        )),
    }
}

fn files(sub: &str) -> Vec<PathBuf> {
    common::email_files(&dir(sub))
}

fn value(line: &str) -> serde_json::Value {
    serde_json::from_str(line).unwrap()
}

#[test]
fn explain_json_matches_snapshots_and_the_library() {
    let inputs = std::fs::read_to_string(dir("fixtures/explain/inputs.txt")).unwrap();
    let mut all = String::new();
    let mut drift = Vec::new();
    for input in inputs.lines() {
        let got = stdout(&["--json", "explain", input], None);
        assert_eq!(got.lines().count(), 1, "{input}");
        let want = match smtp_status_explain::explain(input) {
            Ok(e) => serde_json::to_value(e).unwrap(),
            Err(e) => serde_json::to_value(e).unwrap(),
        };
        assert_eq!(value(got.trim_end()), want, "{input}");
        all.push_str(&got);
    }
    drift.extend(check("explain.jsonl", &all));
    for file in files("fixtures/adversarial/reply") {
        let got = stdout(&["--json", "explain", "-"], Some(&file));
        let name = file.file_name().unwrap().to_str().unwrap();
        drift.extend(check(&format!("explain-stdin-{name}.jsonl"), &got));
    }
    assert!(drift.is_empty(), "{}", drift.join("\n\n"));
}

#[test]
fn bounce_json_matches_snapshots_and_the_library() {
    let mut drift = Vec::new();
    for sub in ["fixtures/bounces", "fixtures/adversarial/bounce"] {
        for file in files(sub) {
            let got = stdout(&["--json", "bounce", file.to_str().unwrap()], None);
            // The sentence of an email not understood names its file: not
            // the folder of this machine.
            let got = got.replace(&format!("{}/", dir(sub).display()), "");
            let name = file.file_name().unwrap().to_str().unwrap();
            let prefix = if sub.ends_with("bounces") {
                "bounce"
            } else {
                "bounce-adversarial"
            };
            drift.extend(check(&format!("{prefix}-{name}.jsonl"), &got));
            // Each recipient line of one email is the library's Recipient,
            // serialized.
            let Ok(b) = smtp_status_explain::read(&std::fs::read(&file).unwrap()) else {
                continue;
            };
            let lines: Vec<&str> = got.lines().collect();
            if lines.iter().any(|l| value(l)["kind"] == "summary") {
                continue;
            }
            for (r, line) in b.recipients.iter().zip(&lines[1..]) {
                let want = serde_json::to_value(BounceLine::Recipient(r)).unwrap();
                assert_eq!(value(line), want, "{name}");
            }
        }
    }
    assert!(drift.is_empty(), "{}", drift.join("\n\n"));
}

#[test]
fn list_json_matches_the_snapshot_and_the_library() {
    let got = stdout(&["--json", "list"], None);
    for (line, code) in got.lines().zip(smtp_status::RegisteredCode::ALL) {
        assert_eq!(
            value(line),
            serde_json::to_value(RegistryEntry(*code)).unwrap()
        );
    }
    assert_eq!(got.lines().count(), smtp_status::RegisteredCode::ALL.len());
    if let Some(d) = check("list.jsonl", &got) {
        panic!("{d}");
    }
}
