//! `bounce` on folders and what gives no result: an unreadable Maildir or
//! folder is an error naming it, an mbox inside a folder gives all its
//! messages, every email without a result has its line, a report in a run
//! of several names its file and message, file names that are not UTF-8
//! are read, and write errors fail while a closed pipe is quiet. Each test
//! works in its own temporary folder.

use std::ffi::OsStr;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::process::{Command, Output, Stdio};

mod common;

mod inputs_support;

use inputs_support::{BIN, SEPARATOR, fixture, json_lines, mbox_of, run_with, scratch};

fn bounce(args: &[&OsStr]) -> Output {
    run_with(Command::new(BIN).arg("bounce").args(args), None)
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Exit 1 and one line on stderr, which contains `what`.
fn fails_with(out: &Output, what: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(what), "{what} in {err}");
}

#[test]
fn a_maildir_that_cannot_be_read_is_an_error_naming_it() {
    let dir = scratch("unreadable");
    // `cur` a file, then a dangling symlink: unreadable, root or not.
    let maildir = dir.join("maildir");
    std::fs::create_dir_all(maildir.join("new")).unwrap();
    std::fs::write(maildir.join("new/1.eml"), fixture("exim-failed.eml")).unwrap();
    std::fs::write(maildir.join("cur"), b"not a folder").unwrap();
    let out = bounce(&[maildir.as_os_str()]);
    fails_with(&out, "maildir/cur: not a folder");
    std::fs::remove_file(maildir.join("cur")).unwrap();
    std::os::unix::fs::symlink(dir.join("gone"), maildir.join("cur")).unwrap();
    let out = bounce(&[maildir.as_os_str()]);
    fails_with(&out, "maildir/cur: No such file");
    // A dangling symlink among a folder's files: named, the others read.
    let plain = dir.join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::write(plain.join("1.eml"), fixture("exim-failed.eml")).unwrap();
    std::os::unix::fs::symlink(dir.join("gone"), plain.join("2.eml")).unwrap();
    let out = bounce(&[plain.as_os_str()]);
    fails_with(&out, "plain/2.eml: No such file");
    assert!(text(&out).contains("nobody@example.org"), "{}", text(&out));
    assert!(text(&out).contains("2 emails (1 not understood)"));
    // Permissions: denied for anyone but root.
    let locked = dir.join("locked");
    std::fs::create_dir_all(locked.join("cur")).unwrap();
    std::fs::write(locked.join("cur/1.eml"), fixture("exim-failed.eml")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(locked.join("cur"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(locked.join("cur")).is_err() {
        let out = bounce(&[locked.as_os_str()]);
        fails_with(&out, "locked/cur: cannot read the folder");
    }
    std::fs::set_permissions(locked.join("cur"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_mbox_inside_a_folder_gives_all_its_messages() {
    let dir = scratch("folder-mbox");
    let folder = dir.join("saved");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("all.mbox"), mbox_of(3, 0)).unwrap();
    std::fs::write(folder.join("one.eml"), fixture("postfix-failed.eml")).unwrap();
    let out = run_with(
        Command::new(BIN).args(["--json", "bounce"]).arg(&folder),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&text(&out));
    let heads: Vec<(String, u64)> = lines
        .iter()
        .filter(|l| l["kind"] == "bounce")
        .map(|l| {
            let file = l["file"].as_str().unwrap();
            let file = file.rsplit('/').next().unwrap().to_owned();
            (file, l["message"].as_u64().unwrap())
        })
        .collect();
    let want = [
        ("all.mbox", 1),
        ("all.mbox", 2),
        ("all.mbox", 3),
        ("one.eml", 1),
    ];
    let want: Vec<(String, u64)> = want.iter().map(|(f, i)| (f.to_string(), *i)).collect();
    assert_eq!(heads, want);
    assert_eq!(lines.last().unwrap()["emails"], 4);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_email_without_a_result_has_its_line() {
    let dir = scratch("not-understood");
    let path = dir.join("ordinary.mbox");
    let count = 2000;
    let mut mbox = Vec::new();
    for i in 0..count {
        mbox.extend_from_slice(SEPARATOR);
        mbox.extend_from_slice(format!("Subject: hello {i}\n\nJust a note.\n\n").as_bytes());
    }
    std::fs::write(&path, &mbox).unwrap();
    let out = bounce(&[path.as_os_str()]);
    fails_with(&out, "ordinary.mbox (message 1): not a bounce");
    let shown = common::unwrapped(&text(&out));
    for i in [1, 2, count / 2, count] {
        let line = format!("ordinary.mbox (message {i}): not a bounce");
        assert!(shown.contains(&line), "{line}");
    }
    assert_eq!(shown.matches(": not a bounce").count(), count);
    let out = run_with(
        Command::new(BIN).args(["--json", "bounce"]).arg(&path),
        None,
    );
    let lines = json_lines(&text(&out));
    assert_eq!(lines.len(), count + 1);
    for (i, l) in lines[..count].iter().enumerate() {
        assert_eq!(l["kind"], "not-understood", "{l}");
        assert_eq!(l["message"], i as u64 + 1);
    }
    assert_eq!(lines[count]["not_understood"], count as u64);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_report_in_a_run_of_several_names_its_file_and_message() {
    let dir = scratch("named");
    let path = dir.join("two.mbox");
    std::fs::write(&path, mbox_of(2, 0)).unwrap();
    let out = bounce(&[path.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = common::unwrapped(&text(&out));
    for i in [1, 2] {
        let head = format!("two.mbox (message {i}): delivery-status report (RFC 3464)");
        assert!(
            shown.lines().any(|l| l.ends_with(&head)),
            "{head} in\n{shown}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn file_names_that_are_not_utf8_are_read() {
    let dir = scratch("latin1");
    let name = OsStr::from_bytes(b"caf\xe9.eml");
    let file = dir.join(name);
    std::fs::write(&file, fixture("exim-failed.eml")).unwrap();
    let out = bounce(&[file.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(text(&out).contains("nobody@example.org"));
    // Inside a folder, with a second file: named, lossily.
    std::fs::write(dir.join("other.eml"), fixture("postfix-failed.eml")).unwrap();
    let out = run_with(Command::new(BIN).args(["--json", "bounce"]).arg(&dir), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first = &json_lines(&text(&out))[0];
    assert!(
        first["file"].as_str().unwrap().ends_with("caf\u{fffd}.eml"),
        "{first}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Output to a full disk fails with one line; a pipe closed by its reader
/// (`| head -1`) ends the run quietly.
#[test]
fn write_errors_fail_but_a_closed_pipe_is_quiet() {
    let dir = scratch("write-errors");
    let path = dir.join("many.mbox");
    std::fs::write(&path, mbox_of(300, 0)).unwrap();
    let codes: Vec<String> = (0..3000).map(|i| format!("5.1.{}", i % 10)).collect();
    let mut explain = vec!["explain".to_owned()];
    explain.extend(codes);
    let bounce = vec!["bounce".to_owned(), path.to_str().unwrap().to_owned()];
    let mut parallel = bounce.clone();
    parallel.extend(["--jobs".to_owned(), "4".to_owned()]);
    for args in [&explain, &bounce, &parallel] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(BIN)
            .args(args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", args[0]);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("cannot write the output: No space left"),
            "{err}"
        );
        // | head -1
        let mut child = Command::new(BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 1];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut first)
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}: {}", args[0], stderr(&out));
        assert_eq!(stderr(&out), "");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
