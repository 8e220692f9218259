//! `bounce`'s inputs: every input read once through one reader,
//! whatever its source (file, process substitution, `-`, `/dev/stdin`,
//! FIFO), with the same output for the same bytes; caps enforced while
//! reading; nothing silently lost (one line per email that gives no
//! result, unreadable folders named, write errors reported); file names
//! that are not UTF-8. Each test works in its own temporary folder; the
//! large inputs are made here.

use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

mod common;
mod inputs_support;

use inputs_support::{BIN, SEPARATOR, fixture, json_lines, manifest, mbox_of, run_with, scratch};

const MAX_INPUT: usize = smtp_status_explain::MAX_INPUT;

fn adversarial() -> Vec<PathBuf> {
    common::email_files(&manifest().join("tests/fixtures/adversarial/bounce"))
}

fn corpus() -> Vec<PathBuf> {
    common::email_files(&manifest().join("../smtp-status-explain/tests/corpus/emails"))
}

/// `name` (as the command shows it) replaced by `INPUT` where it stands
/// for the file: at the start of a line, of a JSON string or of stderr's
/// sentence, before `: `, ` (message ` or the end of a JSON string.
fn normalise(out: &[u8], name: &str) -> String {
    let text = common::unwrapped(&String::from_utf8_lossy(out));
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
        // block: `NAME: kind` or the summary (each joined to its wrapped
        // continuation).
        let text = common::unwrapped(&text);
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
