//! refresh-registry against unlucky operators: kills at any point, two runs
//! at once, endless inputs, absurd limits, a registry older than the
//! snapshot, a half-finished refresh of an older tool. The real xtask
//! binary, on temporary copies of registry/ and the generated code.

mod support;

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Duration;
use support::*;

/// The workspace's files after a complete refresh from the 2019 snapshot.
fn refreshed(source: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let ws = Workspace::with_snapshot(&fixture("2019-08-05.xml"), &[]);
    let src = source_file(&ws, "../refreshed-source.xml", source);
    let out = ws.run(&["--source", &src]);
    let _ = std::fs::remove_file(&src);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    ws.files()
}

/// Every iteration kills a refresh at a different moment, runs again, and
/// checks the tree: all old or all new, never a mix, no temporary file,
/// `codegen --check` clean. (`scripts/kill-refresh.sh` does 100 kills with
/// renames slowed by strace, so that the window between renames is hit.)
#[test]
fn a_refresh_killed_at_any_moment_is_whole_after_the_next_run() {
    let new = current_xml();
    // Kill times spread over how long a whole run takes on this machine
    // (only to spread them: every outcome is checked the same way).
    let started = std::time::Instant::now();
    let after = refreshed(&new);
    let span = started.elapsed().as_millis() as u64 / 10;
    let mut seen = BTreeMap::new();
    for i in 0..12u64 {
        let ws = Workspace::with_snapshot(&fixture("2019-08-05.xml"), &[]);
        // The generated code of the 2019 snapshot: a whole old tree.
        assert_eq!(ws.codegen(false).status.code(), Some(0));
        let before = ws.files();
        let source = source_file(&ws, "../killed-source.xml", &new);
        let mut child = Command::new(xtask())
            .args(["refresh-registry", "--source", &source, "--root"])
            .arg(&ws.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(i * span));
        let _ = child.kill();
        child.wait().unwrap();
        let killed = ws.files();
        let state = if killed == before {
            "old"
        } else if killed == after {
            "new"
        } else {
            "half-written"
        };
        *seen.entry(state).or_insert(0) += 1;

        // The next run (codegen, which takes no source) leaves it whole.
        let next = ws.codegen(false);
        assert_eq!(next.status.code(), Some(0), "{i}: {}", stderr(&next));
        let files = ws.files();
        assert!(
            files == before || files == after,
            "kill {i} ({state}): neither the old nor the new tree: {:?}",
            files.keys().collect::<Vec<_>>()
        );
        if state == "half-written" && killed.contains_key(JOURNAL) {
            assert!(files == after, "kill {i}: a journal was left, not finished");
            assert!(stdout(&next).contains("finished an interrupted run"));
        }
        let check = ws.codegen(true);
        assert_eq!(check.status.code(), Some(0), "{i}: {}", stderr(&check));
        let _ = std::fs::remove_file(&source);
    }
    eprintln!("states after the kill: {seen:?}");
}

/// What the refresh of an older tool left when killed between renames: the
/// new XML, the old names and code. No tool points at the other in a loop.
#[test]
fn new_xml_with_old_names_is_finished_by_a_refresh_from_the_snapshot() {
    let old = without_records(&fixture("2019-08-05.xml"), &["X.7.28", "X.7.29"]);
    let ws = Workspace::with_snapshot(&old, &["X.7.28", "X.7.29"]);
    std::fs::write(ws.root.join(REGISTRY_XML), current_xml()).unwrap();

    let check = ws.codegen(true);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    let fix = format!("refresh-registry --source {REGISTRY_XML}");
    assert!(err.contains(&fix), "{err}");

    let refresh_check = ws.run(&["--source", REGISTRY_XML, "--check"]);
    assert_eq!(
        refresh_check.status.code(),
        Some(1),
        "{}",
        stderr(&refresh_check)
    );

    let snapshot = ws.root.join(REGISTRY_XML);
    let out = ws.run(&["--source", snapshot.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("finishing it"), "{}", stdout(&out));
    assert!(ws.read(NAMES_FILE).contains("X.7.28 MailFloodDetected\n"));
    assert_eq!(ws.codegen(true).status.code(), Some(0));
    let again = ws.run(&["--source", snapshot.to_str().unwrap()]);
    assert!(stdout(&again).contains("already up to date"));
}

#[cfg(unix)]
fn fifo(ws: &Workspace, name: &str) -> std::path::PathBuf {
    let path = ws.root.join(name);
    let ok = Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(ok.success(), "mkfifo failed");
    path
}

/// Two runs at once: the second fails at once with a message, changing
/// nothing; the first then completes alone. The first holds the lock while
/// it fetches from a server that sends all but the last byte until told.
#[test]
fn a_second_refresh_fails_while_one_runs() {
    let ws = Workspace::with_snapshot(&fixture("2019-08-05.xml"), &[]);
    let before = ws.files();
    let server = support::http::Server::start(support::http::Reply::Held(current_xml()));
    let first = Command::new(xtask())
        .args([
            "refresh-registry",
            "--source",
            &server.url("/r.xml"),
            "--root",
        ])
        .arg(&ws.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The request comes after the lock is taken (at most a minute: a guard
    // against a hang, not a measurement).
    for _ in 0..600 {
        if !server.requests.lock().unwrap().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.requests.lock().unwrap().len(), 1, "no request came");
    let second = ws.run(&["--source", &source_file(&ws, "b.xml", &current_xml())]);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(stderr(&second).contains("another"), "{}", stderr(&second));
    let mut now = ws.files();
    now.remove("b.xml");
    assert!(now == before, "the second run changed files");

    // The server sends the last byte when it stops.
    drop(server);
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(ws.read(REGISTRY_XML).as_bytes(), &current_xml()[..]);
    assert_eq!(ws.codegen(true).status.code(), Some(0));
}

/// Endless inputs are refused at the cap while reading: a device, a pipe.
#[cfg(unix)]
#[test]
fn endless_sources_stop_at_the_cap() {
    let ws = Workspace::new();
    let before = ws.files();
    let out = ws.run(&["--source", "/dev/zero", "--max-bytes", "100000"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("100000-byte limit"),
        "{}",
        stderr(&out)
    );

    let pipe = fifo(&ws, "zeros.fifo");
    let feeder = {
        let pipe = pipe.clone();
        std::thread::spawn(move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(pipe).unwrap();
            let zeros = vec![0u8; 64 * 1024];
            // Until the reader goes away (a broken pipe), at most 100 MiB.
            for _ in 0..1600 {
                if std::io::Write::write_all(&mut w, &zeros).is_err() {
                    return true;
                }
            }
            false
        })
    };
    let out = ws.run(&["--source", pipe.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("4194304-byte limit"),
        "{}",
        stderr(&out)
    );
    assert!(feeder.join().unwrap(), "the reader read 100 MiB");
    let mut now = ws.files();
    now.remove("zeros.fifo");
    assert!(now == before);
}

#[test]
fn absurd_timeouts_are_usage_errors() {
    let ws = Workspace::new();
    for (flag, value) in [
        ("--timeout", "1e20"),
        ("--connect-timeout", "1e20"),
        ("--timeout", "inf"),
        ("--timeout", "0"),
    ] {
        let out = ws.run(&["--source", REGISTRY_XML, flag, value]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}: {err}");
        assert!(err.contains(flag) && !err.contains("panicked"), "{err}");
    }
    // `--max-bytes` above its maximum: tests/refresh_hostile.rs.
}

/// A registry whose `updated` date goes backwards is refused without
/// `--allow-older`, and accepted with a warning with it.
#[test]
fn an_older_registry_is_refused_without_the_flag() {
    let ws = Workspace::new();
    let before = ws.files();
    let older = source_file(&ws, "older.xml", &fixture("2019-08-05.xml"));
    let mut before_with_source = before.clone();
    before_with_source.insert("older.xml".to_string(), fixture("2019-08-05.xml"));

    let dry = ws.run(&["--source", &older, "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(stderr(&dry).contains("would refuse"), "{}", stderr(&dry));

    let out = ws.run(&["--source", &older]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("2019-08-05 < 2024-12-06"), "{err}");
    assert!(err.contains("--allow-older"), "{err}");
    assert!(ws.files() == before_with_source);

    let out = ws.run(&["--source", &older, "--allow-older"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.starts_with("warning: ") && err.contains("older"),
        "{err}"
    );
    assert_eq!(
        ws.read(REGISTRY_XML).as_bytes(),
        &fixture("2019-08-05.xml")[..]
    );
}

/// Runs that must change nothing report leftovers instead of finishing
/// them; the next writing run finishes them and says so.
#[test]
fn read_only_runs_report_leftovers_and_codegen_clears_them() {
    let ws = Workspace::new();
    let before = ws.files();
    let leftover = ws.root.join("registry/.names.txt.xtask-tmp");
    std::fs::write(&leftover, "half a file").unwrap();
    let snapshot = ws.root.join(REGISTRY_XML);
    for out in [
        ws.run(&["--source", snapshot.to_str().unwrap(), "--check"]),
        ws.run(&["--source", snapshot.to_str().unwrap(), "--dry-run"]),
        ws.codegen(true),
    ] {
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("interrupted run"), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("`cargo xtask codegen`"),
            "{}",
            stderr(&out)
        );
        assert!(leftover.exists());
    }
    let out = ws.codegen(false);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("registry/.names.txt.xtask-tmp"),
        "{}",
        stdout(&out)
    );
    assert!(ws.files() == before);
}
