//! refresh-registry against a workspace or a source someone tampered with:
//! a symlink planted at the lock file, a symlinked or read-only
//! `names.txt`, a symlinked generated folder, a named pipe nobody writes
//! to, an absurd `--max-bytes`. The real xtask binary, on temporary copies
//! of registry/ and the generated code.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use support::*;

/// A workspace whose refresh from the current registry changes names.txt
/// and the generated code (two codes to pin), and that source file.
fn lagging() -> (Workspace, String) {
    let old = without_records(&current_xml(), &["X.7.28", "X.7.29"]);
    let ws = Workspace::with_snapshot(&old, &["X.7.28", "X.7.29"]);
    let source = source_file(&ws, "source.xml", &current_xml());
    (ws, source)
}

/// Exit 1, one `error:` line naming `path` and each of `causes`, and the
/// workspace as it was.
fn refused(out: &Output, path: &str, causes: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(path), "the path {path} not named: {err}");
    for cause in causes {
        assert!(err.contains(cause), "`{cause}` not said: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_at_the_lock_path_is_not_followed() {
    let ws = Workspace::new();
    let lock = ws.root.join(LOCK);
    let _ = std::fs::remove_file(&lock);
    // Following the link would create (and lock) a file wherever it points.
    let victim = ws.root.join("planted-victim");
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    let snapshot = ws.root.join(REGISTRY_XML);
    let out = ws.run(&["--source", snapshot.to_str().unwrap()]);
    refused(&out, LOCK, &["symlink"]);
    assert!(
        std::fs::symlink_metadata(&victim).is_err(),
        "the link was followed"
    );
    assert!(std::fs::symlink_metadata(&lock).unwrap().is_symlink());
}

/// registry/ is a link to a folder elsewhere: the lock file is not created
/// through it.
#[cfg(unix)]
#[test]
fn a_symlinked_registry_folder_is_never_written_through() {
    let ws = Workspace::new();
    let _ = std::fs::remove_file(ws.root.join(LOCK));
    let registry = ws.root.join("registry");
    let elsewhere = ws.root.join("elsewhere-registry");
    std::fs::rename(&registry, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &registry).unwrap();
    let snapshot = elsewhere.join("smtp-enhanced-status-codes.xml");
    let out = ws.run(&["--source", snapshot.to_str().unwrap()]);
    refused(&out, "registry", &["symlink", "write through it"]);
    assert!(
        !elsewhere.join(".xtask.lock").exists(),
        "the lock was created"
    );
}

/// names.txt is a link to a file elsewhere: refused, the link and the file
/// it points to untouched, nothing else written.
#[cfg(unix)]
#[test]
fn a_symlinked_names_file_is_refused_not_replaced() {
    let (ws, source) = lagging();
    let names = ws.root.join(NAMES_FILE);
    let elsewhere = ws.root.join("elsewhere-names.txt");
    std::fs::rename(&names, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &names).unwrap();
    let before = ws.files();
    let out = ws.run(&["--source", &source]);
    refused(&out, NAMES_FILE, &["symlink", "nothing was changed"]);
    assert!(std::fs::symlink_metadata(&names).unwrap().is_symlink());
    assert!(ws.files() == before, "files changed");
}

#[cfg(unix)]
#[test]
fn a_read_only_names_file_is_refused_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let (ws, source) = lagging();
    let names = ws.root.join(NAMES_FILE);
    std::fs::set_permissions(&names, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = ws.files();
    let out = ws.run(&["--source", &source]);
    refused(&out, NAMES_FILE, &["read-only", "nothing was changed"]);
    assert!(ws.files() == before, "files changed");
    let mode = std::fs::metadata(&names).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}

/// The generated folder is a link to a folder elsewhere: neither a refresh
/// nor codegen writes through it.
#[cfg(unix)]
#[test]
fn a_symlinked_generated_folder_is_never_written_through() {
    let ws = Workspace::with_snapshot(&fixture("2019-08-05.xml"), &[]);
    // The generated code of the 2019 snapshot, which a refresh replaces.
    let out = ws.codegen(false);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let generated = ws.root.join(smtp_status_codegen::GENERATED_DIR);
    let elsewhere = ws.root.join("elsewhere-generated");
    std::fs::rename(&generated, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &generated).unwrap();
    let source = source_file(&ws, "source.xml", &current_xml());
    let before = ws.files();
    let out = ws.run(&["--source", &source]);
    refused(
        &out,
        smtp_status_codegen::GENERATED_DIR,
        &["symlink", "nothing was changed"],
    );
    assert!(ws.files() == before, "files changed");

    // codegen, from a snapshot the generated code does not match: refused
    // the same way.
    std::fs::write(ws.root.join(REGISTRY_XML), current_xml()).unwrap();
    let before = ws.files();
    refused(
        &ws.codegen(false),
        smtp_status_codegen::GENERATED_DIR,
        &["symlink", "nothing was changed"],
    );
    assert!(ws.files() == before, "files changed");
}

#[cfg(unix)]
fn fifo(ws: &Workspace, name: &str) -> PathBuf {
    let path = ws.root.join(name);
    let ok = Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(ok.success(), "mkfifo failed");
    path
}

/// Waits for `child` to exit, at most `limit` (a guard against a hang, not
/// a measurement): kills it and fails past that.
fn wait_at_most(child: Child, limit: Duration) -> Output {
    let (tx, rx) = mpsc::channel();
    let pid = child.id();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("xtask (pid {pid}) still running after {limit:?}: it hangs");
        }
    }
}

fn spawn_refresh(ws: &Workspace, args: &[&str]) -> Child {
    Command::new(xtask())
        .arg("refresh-registry")
        .args(args)
        .arg("--root")
        .arg(&ws.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Opens `pipe` for writing, which returns once a reader has opened it;
/// fails instead of hanging if none does within a minute.
#[cfg(unix)]
fn writer(pipe: &Path) -> std::fs::File {
    let (tx, rx) = mpsc::channel();
    let path = pipe.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::OpenOptions::new().write(true).open(path));
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("nobody opened the pipe for reading")
        .unwrap()
}

/// A run reading a named pipe whose writer has not finished holds no lock:
/// another refresh runs meanwhile; the first then completes.
#[cfg(unix)]
#[test]
fn a_run_waiting_on_a_pipe_does_not_hold_the_lock() {
    let ws = Workspace::with_snapshot(&fixture("2019-08-05.xml"), &[]);
    let pipe = fifo(&ws, "source.fifo");
    let first = spawn_refresh(&ws, &["--source", pipe.to_str().unwrap()]);
    // The first run has the pipe open and waits for its bytes.
    let mut w = writer(&pipe);
    let source = source_file(&ws, "b.xml", &current_xml());
    let second = ws.run(&["--source", &source]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(ws.read(REGISTRY_XML).as_bytes(), &current_xml()[..]);

    std::io::Write::write_all(&mut w, &current_xml()).unwrap();
    drop(w);
    let first = wait_at_most(first, Duration::from_secs(120));
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("already up to date"),
        "{}",
        stdout(&first)
    );
}

/// A named pipe nobody opens for writing: the run gives up after
/// `--timeout`, names the pipe and the cause, and changes nothing.
#[cfg(unix)]
#[test]
fn a_pipe_without_a_writer_is_given_up_after_the_timeout() {
    let ws = Workspace::new();
    let pipe = fifo(&ws, "nobody.fifo");
    let before = ws.files();
    let run = spawn_refresh(&ws, &["--source", pipe.to_str().unwrap(), "--timeout", "1"]);
    let out = wait_at_most(run, Duration::from_secs(120));
    refused(&out, pipe.to_str().unwrap(), &["--timeout", "no writer"]);
    assert!(ws.files() == before, "files changed");
}

/// A pipe (as `--source <(curl ...)` gives) is read whole and used.
#[cfg(unix)]
#[test]
fn a_pipe_with_a_writer_is_read_once_and_used() {
    let ws = Workspace::with_snapshot(&fixture("2019-08-05.xml"), &[]);
    let mut run = Command::new(xtask())
        .args(["refresh-registry", "--source", "/dev/stdin", "--root"])
        .arg(&ws.root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = run.stdin.take().unwrap();
    std::io::Write::write_all(&mut input, &current_xml()).unwrap();
    drop(input);
    let out = wait_at_most(run, Duration::from_secs(120));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(ws.read(REGISTRY_XML).as_bytes(), &current_xml()[..]);
}

/// `--max-bytes` above its maximum is a usage error naming the flag and the
/// maximum, whatever the source (an endless device included); the maximum
/// itself is accepted.
#[test]
fn a_max_bytes_above_the_maximum_is_refused() {
    let ws = Workspace::new();
    let snapshot = ws.root.join(REGISTRY_XML);
    let snapshot = snapshot.to_str().unwrap();
    let huge = u64::MAX.to_string();
    let mut sources = vec![snapshot];
    if cfg!(unix) {
        sources.push("/dev/zero");
    }
    for source in sources {
        for value in [huge.as_str(), "67108865"] {
            let out = ws.run(&["--source", source, "--max-bytes", value]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{source} {value}: {err}");
            assert!(err.starts_with("error: --max-bytes"), "{err}");
            assert!(err.contains("67108864") && err.contains(value), "{err}");
        }
    }
    let out = ws.run(&["--source", snapshot, "--max-bytes", "67108864"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("already up to date"));
}
