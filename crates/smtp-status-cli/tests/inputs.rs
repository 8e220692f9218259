//! `bounce`'s inputs: every input read once through one reader,
//! whatever its source (file, process substitution, `-`, `/dev/stdin`,
//! FIFO), with the same output for the same bytes; caps enforced while
//! reading; nothing silently lost (one line per email that gives no
//! result, unreadable folders named, write errors reported); file names
//! that are not UTF-8. Each test works in its own temporary folder; the
//! large inputs are made here.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_smtp-status");
const MAX_INPUT: usize = smtp_status_explain::MAX_INPUT;

/// A fresh folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("smtp-status-inputs-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn adversarial() -> Vec<PathBuf> {
    common::email_files(&manifest().join("tests/fixtures/adversarial/bounce"))
}

fn corpus() -> Vec<PathBuf> {
    common::email_files(&manifest().join("../smtp-status-explain/tests/corpus/emails"))
}

/// Runs the command with `stdin` written by a thread (so that a large
/// output cannot block it).
fn run_with(cmd: &mut Command, stdin: Option<Vec<u8>>) -> Output {
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

/// `name` (as the command shows it) replaced by `INPUT` where it stands
/// for the file: at the start of a line, of a JSON string or of stderr's
/// sentence, before `: `, ` (message ` or the end of a JSON string.
fn normalise(out: &[u8], name: &str) -> String {
    let text = String::from_utf8_lossy(out);
    let mut all = String::new();
    for line in text.split_inclusive('\n') {
        let mut line = line.to_owned();
        for end in [": ", " (message ", "\""] {
            for before in ["\"", "smtp-status: "] {
                let from = format!("{before}{name}{end}");
                line = line.replace(&from, &format!("{before}INPUT{end}"));
            }
            if let Some(rest) = line.strip_prefix(&format!("{name}{end}")) {
                line = format!("INPUT{end}{rest}");
            }
        }
        all.push_str(&line);
    }
    all
}

/// The `/dev/fd/N` a shell's process substitution gave, as the output
/// names it (`/dev/fd/63` when it names none).
fn fd_name(out: &Output) -> String {
    let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
    let all = String::from_utf8_lossy(&all);
    match all.find("/dev/fd/") {
        Some(at) => {
            let digits = all[at + 8..].bytes().take_while(u8::is_ascii_digit).count();
            all[at..at + 8 + digits].to_owned()
        }
        None => "/dev/fd/63".to_owned(),
    }
}

/// (stdout normalised, stderr normalised, exit code).
type Seen = (String, String, Option<i32>);

fn seen(out: &Output, name: &str) -> Seen {
    (
        normalise(&out.stdout, name),
        normalise(&out.stderr, name),
        out.status.code(),
    )
}

/// FIFOs and the thread that writes into them.
struct Fifos {
    paths: Vec<PathBuf>,
    done: Arc<AtomicBool>,
    writer: std::thread::JoinHandle<()>,
}

/// O_NONBLOCK (Linux).
const NONBLOCK: i32 = 0o4000;

/// Makes a FIFO in `dir` per item of `bytes` and a thread that writes
/// `bytes[i]` into the i-th, in order, as the command opens them. Then,
/// until [`release`], every further opening of a FIFO by the command gets
/// an empty writer at once: a command that opens an input twice reads
/// nothing the second time and ends, instead of waiting forever.
fn fifos(dir: &Path, bytes: Vec<Vec<u8>>) -> Fifos {
    let paths: Vec<PathBuf> = (0..bytes.len())
        .map(|i| dir.join(format!("fifo-{i}")))
        .collect();
    for p in &paths {
        let _ = std::fs::remove_file(p);
        let made = Command::new("mkfifo").arg(p).status().unwrap();
        assert!(made.success());
    }
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let (paths, done) = (paths.clone(), Arc::clone(&done));
        std::thread::spawn(move || {
            for (p, b) in paths.iter().zip(bytes) {
                if done.load(Ordering::SeqCst) {
                    return;
                }
                let mut w = std::fs::OpenOptions::new().write(true).open(p).unwrap();
                let _ = w.write_all(&b);
            }
            while !done.load(Ordering::SeqCst) {
                for p in &paths {
                    let empty = std::fs::OpenOptions::new()
                        .write(true)
                        .custom_flags(NONBLOCK)
                        .open(p);
                    drop(empty);
                }
                std::thread::yield_now();
            }
        })
    };
    Fifos {
        paths,
        done,
        writer,
    }
}

/// Stops the writer once the command has ended; a writer still waiting for
/// the command to open a FIFO is let go by opening its read end (without
/// blocking) and closing it.
fn release(f: Fifos) {
    f.done.store(true, Ordering::SeqCst);
    while !f.writer.is_finished() {
        for p in &f.paths {
            let reader = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(NONBLOCK)
                .open(p);
            drop(reader);
        }
        std::thread::yield_now();
    }
    f.writer.join().unwrap();
}

/// `bounce` of `bytes` through a named FIFO in `dir`, written by a thread.
fn through_fifo(dir: &Path, args: &[&str], bytes: Vec<u8>) -> Seen {
    let f = fifos(dir, vec![bytes]);
    let out = run_with(Command::new(BIN).args(args).arg(&f.paths[0]), None);
    let shown = f.paths[0].to_str().unwrap().to_owned();
    release(f);
    seen(&out, &shown)
}

fn args_of(json: bool) -> &'static [&'static str] {
    if json {
        &["--json", "bounce"]
    } else {
        &["bounce"]
    }
}

/// `bounce f` and `bounce <(cat f)`, on one file.
fn from_file_and_substitution(path: &Path, args: &[&str]) -> (Seen, Seen) {
    let shown = path.to_str().unwrap();
    let want = seen(
        &run_with(Command::new(BIN).args(args).arg(path), None),
        shown,
    );
    assert!(
        !want.0.is_empty() || !want.1.is_empty(),
        "{shown}: no output"
    );
    // bash process substitution: /dev/fd/N, a pipe.
    let out = run_with(
        Command::new("bash")
            .arg("-c")
            .arg(r#"exec "$0" "${@:2}" <(cat "$1")"#)
            .arg(BIN)
            .arg(path)
            .args(args),
        None,
    );
    let fd = fd_name(&out);
    (want, seen(&out, &fd))
}

/// `cat f | bounce -` and `cat f | bounce /dev/stdin`, compared with `want`.
fn assert_stdin_same(path: &Path, args: &[&str], want: &Seen) {
    let bytes = std::fs::read(path).unwrap();
    for name in ["-", "/dev/stdin"] {
        let out = run_with(Command::new(BIN).args(args).arg(name), Some(bytes.clone()));
        let shown = path.display();
        assert_eq!(
            &seen(&out, name),
            want,
            "cat {shown} | bounce {name}, {args:?}"
        );
    }
}

#[test]
fn every_source_of_a_hostile_input_gives_the_same_output() {
    let dir = scratch("sources");
    let emails = adversarial();
    assert!(emails.len() >= 26, "{} emails", emails.len());
    for path in &emails {
        for json in [false, true] {
            let args = args_of(json);
            let (want, substituted) = from_file_and_substitution(path, args);
            let shown = path.display();
            assert_eq!(substituted, want, "bounce <(cat {shown}), {args:?}");
            assert_stdin_same(path, args, &want);
            let got = through_fifo(&dir, args, std::fs::read(path).unwrap());
            assert_eq!(got, want, "{shown} through a FIFO, {args:?}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The development corpus: each email on stdin (`-`, `/dev/stdin`) alone,
/// and all of them in one run as files, as process substitutions and as
/// FIFOs. (One run per email and source would take minutes in the debug
/// build.)
#[test]
fn every_source_of_a_corpus_email_gives_the_same_output() {
    let dir = scratch("corpus");
    let emails = corpus();
    assert!(emails.len() >= 270, "{} emails", emails.len());
    for path in &emails {
        let args = args_of(true);
        let out = run_with(Command::new(BIN).args(args).arg(path), None);
        assert_stdin_same(path, args, &seen(&out, path.to_str().unwrap()));
    }
    for json in [false, true] {
        let args = args_of(json);
        let files = run_with(Command::new(BIN).args(args).args(&emails), None);
        // `exec BIN ARGS <(cat "$1") <(cat "$2") ...`, the emails as `$1`...
        let mut script = format!(r#"exec "$0" {}"#, args.join(" "));
        for i in 1..=emails.len() {
            script.push_str(&format!(r#" <(cat "${{{i}}}")"#));
        }
        let substituted = run_with(
            Command::new("bash")
                .arg("-c")
                .arg(script)
                .arg(BIN)
                .args(&emails),
            None,
        );
        let bytes = emails.iter().map(|p| std::fs::read(p).unwrap()).collect();
        let f = fifos(&dir, bytes);
        let fifo = run_with(Command::new(BIN).args(args).args(&f.paths), None);
        release(f);
        let want = by_email(&files.stdout, json);
        // One part per email (an mbox among them has several) and the
        // summary.
        assert!(
            want.len() > emails.len(),
            "one part per email and a summary, json {json}"
        );
        assert_eq!(
            by_email(&substituted.stdout, json),
            want,
            "<(cat f)..., json {json}"
        );
        assert_eq!(by_email(&fifo.stdout, json), want, "FIFOs, json {json}");
        assert_eq!(substituted.status.code(), files.status.code());
        assert_eq!(fifo.status.code(), files.status.code());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The output of a run over several files cut into one part per email
/// (and the summary), each with its file name taken out: in JSON the
/// `file` field and the file at the start of `error`; in text the name
/// before `: ` on the first line of each part.
fn by_email(out: &[u8], json: bool) -> Vec<String> {
    let text = String::from_utf8_lossy(out);
    let mut parts: Vec<String> = Vec::new();
    if json {
        for line in text.lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            let kind = v["kind"].as_str().unwrap().to_owned();
            if v.get("file").is_some() {
                v["file"] = "INPUT".into();
            }
            if let Some(e) = v.get("error").and_then(|e| e.as_str()) {
                v["error"] = e.split_once(": ").map_or(e, |(_, rest)| rest).into();
            }
            let line = format!("{v}\n");
            match kind.as_str() {
                "bounce" | "error" | "not-understood" | "summary" => parts.push(line),
                _ => parts.last_mut().unwrap().push_str(&line),
            }
        }
    } else {
        // Parts are separated by a blank line followed by a line that does
        // not start with a space and is not the title of a recipient
        // block: `NAME: kind` or the summary.
        for block in text.split("\n\n") {
            let first = block.lines().next().unwrap_or("");
            let (name, rest) = first.split_once(": ").unwrap_or(("", first));
            let file = name.split(" (message ").next().unwrap();
            let named = file.starts_with('/') && !file.contains(' ');
            let starts = parts.is_empty() || named || first.contains(" emails (");
            let block = if named {
                let message = &name[file.len()..];
                format!("INPUT{message}: {rest}{}", &block[first.len()..])
            } else {
                block.to_owned()
            };
            match parts.last_mut() {
                Some(last) if !starts => {
                    last.push_str("\n\n");
                    last.push_str(&block);
                }
                _ => parts.push(block),
            }
        }
    }
    parts
}

/// Peak resident size of a running process, from `/proc`.
fn vm_hwm(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

/// Runs `bounce --json FIRST FIFO`, and once the command opens the FIFO
/// (it has read all of FIRST) checks its peak resident size against
/// `limit`, then writes `then` into the FIFO. Returns the JSON lines and
/// the exit code.
fn peak_then(
    dir: &Path,
    first: &Path,
    stdin: Option<Vec<u8>>,
    then: &[u8],
    limit: u64,
) -> (Vec<serde_json::Value>, Option<i32>) {
    let fifo = dir.join("then");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = Command::new(BIN)
        .args(["--json", "bounce"])
        .arg(first)
        .arg(&fifo)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let feeder = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().unwrap();
        std::thread::spawn(move || drop(pipe.write_all(&bytes)))
    });
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        stdout.read_to_string(&mut all).unwrap();
        all
    });
    // Blocks until the command opens the FIFO, after its first input.
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    let peak = vm_hwm(child.id());
    if peak >= limit {
        let _ = child.kill();
        panic!("peak resident size {peak} bytes, limit {limit}");
    }
    w.write_all(then).unwrap();
    drop(w);
    if let Some(f) = feeder {
        f.join().unwrap();
    }
    let status = child.wait().unwrap();
    (json_lines(&reader.join().unwrap()), status.code())
}

fn json_lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(manifest().join("tests/fixtures/bounces").join(name)).unwrap()
}

const SEPARATOR: &[u8] = b"From MAILER-DAEMON Thu Apr 29 23:34:45 2015\n";

#[test]
fn a_two_gigabyte_line_is_a_message_too_large_and_the_next_input_is_read() {
    let dir = scratch("huge-line");
    let big = dir.join("huge.mbox");
    let mut f = std::fs::File::create(&big).unwrap();
    f.write_all(SEPARATOR).unwrap();
    // 2 GiB of NUL bytes without a line feed, a hole in a sparse file.
    f.set_len(SEPARATOR.len() as u64 + (2 << 30)).unwrap();
    drop(f);
    let (lines, code) = peak_then(&dir, &big, None, &fixture("exim-failed.eml"), 64 << 20);
    assert_eq!(lines[0]["kind"], "error", "{lines:?}");
    assert_eq!(lines[0]["message"], 1);
    let error = lines[0]["error"].as_str().unwrap();
    assert!(error.contains("huge.mbox: message 1 too large"), "{error}");
    assert_eq!(lines[1]["kind"], "bounce", "the next input is read");
    assert!(lines[1]["file"].as_str().unwrap().ends_with("then"));
    assert_eq!(lines[2]["recipient"], "nobody@example.org");
    assert_eq!(lines.last().unwrap()["emails"], 2);
    assert_eq!(code, Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `count` bounces, each after a separator line, each followed by `pad`
/// lines of 77 bytes (after its last MIME part).
fn mbox_of(count: usize, pad: usize) -> Vec<u8> {
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

#[test]
fn an_mbox_over_the_cap_on_stdin_streams_message_by_message() {
    let dir = scratch("stdin-mbox");
    // 18 messages of about 1 MiB each.
    let count = 18;
    let mbox = mbox_of(count, (1 << 20) / 77);
    assert!(mbox.len() > MAX_INPUT + MAX_INPUT / 16);
    // Read message by message: the whole mbox is never held.
    let limit = mbox.len() as u64;
    let then = fixture("exim-failed.eml");
    let (lines, code) = peak_then(&dir, Path::new("-"), Some(mbox), &then, limit);
    assert_eq!(
        code,
        Some(0),
        "{:?}",
        lines.iter().find(|l| l["kind"] == "error")
    );
    let messages: Vec<u64> = lines
        .iter()
        .filter(|l| l["kind"] == "bounce" && l["file"] == "-")
        .map(|l| l["message"].as_u64().unwrap())
        .collect();
    assert_eq!(messages, (1..=count as u64).collect::<Vec<_>>());
    let summary = lines.last().unwrap();
    assert_eq!(summary["emails"], count as u64 + 1);
    assert_eq!(summary["not_understood"], 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

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
    let shown = text(&out);
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
    let shown = text(&out);
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
