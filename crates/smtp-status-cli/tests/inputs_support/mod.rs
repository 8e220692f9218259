//! Helpers of the two test files of `bounce`'s inputs (`inputs.rs`: every
//! source read once, caps while reading; `folders.rs`: folders, lines for
//! what gives no result, names, write errors). Each file uses a part.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_smtp-status");

/// A fresh folder for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("smtp-status-inputs-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the command with `stdin` written by a thread (so that a large
/// output cannot block it).
pub fn run_with(cmd: &mut Command, stdin: Option<Vec<u8>>) -> Output {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = cmd.spawn().unwrap();
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().unwrap();
        // The command may stop reading early (a capped input).
        std::thread::spawn(move || drop(pipe.write_all(&bytes)))
    });
    let out = child.wait_with_output().unwrap();
    if let Some(w) = writer {
        w.join().unwrap();
    }
    out
}

pub fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(manifest().join("tests/fixtures/bounces").join(name)).unwrap()
}

pub const SEPARATOR: &[u8] = b"From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n";

/// `count` bounces, each after a separator line, each followed by `pad`
/// lines of 77 bytes (after its last MIME part).
pub fn mbox_of(count: usize, pad: usize) -> Vec<u8> {
    let names = ["exim-failed.eml", "gmail-failed.eml", "sendmail-failed.eml"];
    let emails: Vec<Vec<u8>> = names.iter().map(|n| fixture(n)).collect();
    let mut mbox = Vec::new();
    for i in 0..count {
        mbox.extend_from_slice(SEPARATOR);
        mbox.extend_from_slice(&emails[i % emails.len()]);
        mbox.extend_from_slice(b"\n");
        for _ in 0..pad {
            mbox.extend_from_slice(&[b'x'; 76]);
            mbox.push(b'\n');
        }
        mbox.extend_from_slice(b"\n");
    }
    mbox
}
