//! `cargo xtask refresh-registry` end to end: the real xtask binary, run on a
//! copy of the workspace's registry/ and generated code, against a real HTTP
//! server on 127.0.0.1 (or a local file). Every failure must leave the files
//! byte-identical; every update must report exactly what changed.

mod support;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use support::*;

// ---------------------------------------------------------------------------
// A small HTTP/1.1 server on 127.0.0.1, one canned behaviour per test.

#[derive(Clone)]
enum Reply {
    /// A status with an empty body.
    Status(u16, &'static str),
    /// 200 with this content type and body.
    Body(&'static str, Vec<u8>),
    /// 200, headers and the first bytes, then a stall far longer than the
    /// client's timeout (ends early when the server stops).
    Stall(Vec<u8>),
    /// 200 with a Content-Length larger than what is sent, then close.
    Short(Vec<u8>),
    /// 200 with no Content-Length, the body streamed until close.
    Unsized(Vec<u8>),
    /// 302 to this location.
    Redirect(String),
    /// 200, the body a few bytes at a time, each well within the read
    /// timeout, the whole far beyond the total timeout.
    Drip(Vec<u8>),
}

struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    /// The head of every request received.
    requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

fn read_request(s: &mut TcpStream) -> String {
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") && buf.len() < 16 * 1024 {
        match s.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

fn serve(mut s: TcpStream, reply: &Reply, stop: &AtomicBool, seen: &Mutex<Vec<String>>) {
    let request = read_request(&mut s);
    seen.lock().unwrap().push(request);
    let head = |status: &str, extra: &str| {
        format!("HTTP/1.1 {status}\r\nConnection: close\r\n{extra}\r\n")
    };
    let _ = match reply {
        Reply::Status(code, reason) => {
            s.write_all(head(&format!("{code} {reason}"), "Content-Length: 0\r\n").as_bytes())
        }
        Reply::Body(ct, body) => s
            .write_all(
                head(
                    "200 OK",
                    &format!("Content-Type: {ct}\r\nContent-Length: {}\r\n", body.len()),
                )
                .as_bytes(),
            )
            .and_then(|()| s.write_all(body)),
        Reply::Stall(body) => {
            let r = s
                .write_all(
                    head("200 OK", &format!("Content-Length: {}\r\n", body.len())).as_bytes(),
                )
                .and_then(|()| s.write_all(&body[..100]))
                .and_then(|()| s.flush());
            // Stall: up to 30 s, or until the server stops.
            for _ in 0..300 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            r
        }
        Reply::Short(body) => s
            .write_all(
                head("200 OK", &format!("Content-Length: {}\r\n", body.len() * 2)).as_bytes(),
            )
            .and_then(|()| s.write_all(body)),
        Reply::Unsized(body) => s
            .write_all(head("200 OK", "").as_bytes())
            .and_then(|()| s.write_all(body)),
        Reply::Drip(body) => {
            let mut r = s.write_all(
                head("200 OK", &format!("Content-Length: {}\r\n", body.len())).as_bytes(),
            );
            for piece in body.chunks(16) {
                if r.is_err() || stop.load(Ordering::SeqCst) {
                    break;
                }
                r = s.write_all(piece).and_then(|()| s.flush());
                std::thread::sleep(Duration::from_millis(200));
            }
            r
        }
        Reply::Redirect(to) => s.write_all(
            head(
                "302 Found",
                &format!("Location: {to}\r\nContent-Length: 0\r\n"),
            )
            .as_bytes(),
        ),
    };
    let _ = s.flush();
}

impl Server {
    fn start(reply: Reply) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let thread = std::thread::spawn(move || {
            let mut workers = Vec::new();
            // Bounded: a handful of connections at most.
            for conn in listener.incoming().take(8) {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(s) = conn else { continue };
                let reply = reply.clone();
                let flag = flag.clone();
                let seen = seen.clone();
                workers.push(std::thread::spawn(move || serve(s, &reply, &flag, &seen)));
            }
            for w in workers {
                let _ = w.join();
            }
        });
        Server {
            port,
            stop,
            requests,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

// ---------------------------------------------------------------------------
// Failures: one line naming the cause, non-zero exit, nothing changed.

fn assert_fails(reply: Reply, extra: &[&str], cause: &str) {
    let ws = Workspace::new();
    let before = ws.files();
    let server = Server::start(reply);
    let url = server.url("/smtp-enhanced-status-codes.xml");
    let mut args = vec!["--source", url.as_str()];
    args.extend_from_slice(extra);
    let out = ws.run(&args);
    drop(server);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.to_lowercase().contains(&cause.to_lowercase()),
        "{err:?} does not name {cause:?}"
    );
    assert!(ws.files() == before, "files changed after: {err}");
}

#[test]
fn http_404() {
    assert_fails(Reply::Status(404, "Not Found"), &[], "HTTP 404");
}

#[test]
fn http_500() {
    assert_fails(Reply::Status(500, "Internal Server Error"), &[], "HTTP 500");
}

#[test]
fn connection_refused() {
    let ws = Workspace::new();
    let before = ws.files();
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/registry.xml");
    let out = ws.run(&["--source", &url]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("could not connect"), "{err}");
    assert!(ws.files() == before);
}

#[test]
fn body_slower_than_the_timeout() {
    assert_fails(
        Reply::Stall(current_xml()),
        &["--timeout", "1"],
        "timed out",
    );
}

#[test]
fn body_dripping_past_the_total_timeout() {
    assert_fails(Reply::Drip(current_xml()), &["--timeout", "1"], "timed out");
}

#[test]
fn body_cut_short() {
    assert_fails(Reply::Short(current_xml()), &[], "reading the body");
}

#[test]
fn body_over_the_size_cap() {
    assert_fails(
        Reply::Body("application/xml", current_xml()),
        &["--max-bytes", "10000"],
        "10000-byte limit",
    );
}

#[test]
fn body_over_the_size_cap_without_a_length() {
    assert_fails(
        Reply::Unsized(current_xml()),
        &["--max-bytes", "10000"],
        "10000-byte limit",
    );
}

#[test]
fn html_page() {
    let html = b"<!DOCTYPE html>\n<html><head><title>Oops</title></head><body><p>Moved<br></p></body></html>\n";
    assert_fails(Reply::Body("text/html", html.to_vec()), &[], "html");
}

#[test]
fn another_registry() {
    let xml = edited(
        "id=\"smtp-enhanced-status-codes\"",
        "id=\"mail-parameters\"",
    );
    assert_fails(
        Reply::Body("application/xml", xml),
        &[],
        "not the SMTP Enhanced Status Codes registry",
    );
}

#[test]
fn malformed_xml() {
    let xml = current_xml();
    let cut = xml[..xml.len() / 2].to_vec();
    assert_fails(
        Reply::Body("application/xml", cut),
        &[],
        "smtp-enhanced-status-codes.xml:",
    );
}

#[test]
fn record_with_an_unknown_element() {
    let xml = edited(
        "<sample>Bad destination mailbox address</sample>",
        "<sample>Bad destination mailbox address</sample><severity>high</severity>",
    );
    assert_fails(
        Reply::Body("application/xml", xml),
        &[],
        "unknown element <severity>",
    );
}

#[test]
fn duplicate_code() {
    let xml = edited("<code>X.7.29</code>", "<code>X.7.28</code>");
    assert_fails(
        Reply::Body("application/xml", xml),
        &[],
        "duplicate code X.7.28",
    );
}

#[test]
fn code_with_a_leading_zero() {
    let xml = edited("<code>X.7.29</code>", "<code>X.7.029</code>");
    assert_fails(Reply::Body("application/xml", xml), &[], "leading zero");
}

#[test]
fn redirect_to_plain_http() {
    assert_fails(
        Reply::Redirect("http://127.0.0.1:9/registry.xml".to_string()),
        &[],
        "redirect to non-https",
    );
}

#[test]
fn plain_http_to_another_host_is_refused() {
    let ws = Workspace::new();
    let before = ws.files();
    let out = ws.run(&["--source", "http://example.invalid/registry.xml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("--allow-http"), "{err}");
    assert!(ws.files() == before);
}

#[test]
fn usage_errors_exit_2_and_help_documents_exit_codes() {
    let ws = Workspace::new();
    let out = ws.run(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    let help = ws.run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = stdout(&help);
    for needle in [
        "Exit codes:",
        "--dry-run",
        "--check",
        "--allow-removal",
        "--allow-http",
    ] {
        assert!(text.contains(needle), "help lacks {needle}");
    }
}

// ---------------------------------------------------------------------------
// Updates.

fn report_json(out: &Output) -> serde_json::Value {
    let line = stdout(out)
        .lines()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON report in {}", stdout(out)))
        .to_string();
    serde_json::from_str(&line).unwrap()
}

#[test]
fn update_reports_additions_and_the_reference_change() {
    // 2019-08-05 without X.7.28 and X.7.29; X.7.30 still with its draft reference.
    let old = without_records(&fixture("2019-08-05.xml"), &["X.7.28", "X.7.29"]);
    let ws = Workspace::with_snapshot(&old, &["X.7.28", "X.7.29"]);
    let server = Server::start(Reply::Body("application/xml", current_xml()));
    let url = server.url("/smtp-enhanced-status-codes.xml");

    // --dry-run: the report, nothing written.
    let before = ws.files();
    let dry = ws.run(&["--source", &url, "--dry-run", "--report-format", "json"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(ws.files() == before);

    // --check: differs, exit 1, nothing written.
    let check = ws.run(&["--source", &url, "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(ws.files() == before);

    let out = ws.run(&["--source", &url, "--report-format", "json"]);
    let requests = server.requests.lock().unwrap().clone();
    drop(server);
    let request = requests[0].to_ascii_lowercase();
    assert!(
        request.contains("\r\nuser-agent: smtp-status-xtask/"),
        "{request}"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = report_json(&out);
    assert_eq!(report, report_json(&dry));
    assert_eq!(report["updated"]["old"], "2019-08-05");
    assert_eq!(report["updated"]["new"], "2024-12-06");
    let added: Vec<(String, String)> = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["code"].as_str().unwrap().to_string(),
                a["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        added,
        [
            ("X.7.28".to_string(), "MailFloodDetected".to_string()),
            ("X.7.29".to_string(), "ArcValidationFailure".to_string())
        ]
    );
    let changed = report["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["code"], "X.7.30");
    assert_eq!(
        changed[0]["fields"],
        serde_json::json!([{
            "field": "reference",
            "old": "[draft RFC-ietf-uta-smtp-require-tls-09]",
            "new": "[rfc rfc8689]"
        }])
    );
    assert_eq!(report["removed"], serde_json::json!([]));

    // The files are today's, and the new names are pinned.
    assert_eq!(ws.read(REGISTRY_XML).as_bytes(), &current_xml()[..]);
    let names = ws.read(NAMES_FILE);
    assert!(names.contains("X.7.28 MailFloodDetected\n"));
    assert!(names.contains("X.7.29 ArcValidationFailure\n"));
    assert!(names.contains("X.7.30 RequireTlsSupportRequired\n"));
    let module = ws.read(MOD_RS);
    assert!(module.contains("MailFloodDetected"));
    assert!(module.contains("ArcValidationFailure"));

    // Same bytes again: already up to date, nothing touched.
    let after = ws.files();
    let source = source_file(&ws, "../same.xml", &current_xml());
    let again = ws.run(&["--source", &source]);
    let _ = std::fs::remove_file(&source);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains("already up to date"));
    assert!(ws.files() == after);
    let check = ws.run(&[
        "--source",
        &source_file(&ws, "same.xml", &current_xml()),
        "--check",
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn update_from_2015_adds_x7_28_to_x7_30() {
    let ws = Workspace::with_snapshot(&fixture("2015-02-04.xml"), &["X.7.28", "X.7.29", "X.7.30"]);
    let source = source_file(&ws, "new.xml", &current_xml());
    let out = ws.run(&["--source", &source, "--report-format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = report_json(&out);
    let added: Vec<&str> = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(added, ["X.7.28", "X.7.29", "X.7.30"]);
    assert_eq!(report["added"][2]["name"], "RequiretlsSupportRequired");
    let changed: Vec<&str> = report["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["X.1.10", "X.3.2", "X.7.25", "X.7.27"]);
    assert!(
        ws.read(NAMES_FILE)
            .contains("X.7.30 RequiretlsSupportRequired\n")
    );
}

#[test]
fn reworded_sample_keeps_the_variant_name() {
    let ws = Workspace::new();
    let source = source_file(
        &ws,
        "new.xml",
        &edited(
            "<sample>Bad destination mailbox address</sample>",
            "<sample>Destination mailbox does not exist</sample>",
        ),
    );
    let out = ws.run(&["--source", &source]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("~ X.1.1 BadDestinationMailboxAddress"),
        "{text}"
    );
    assert!(text.contains("- Bad destination mailbox address"), "{text}");
    assert!(
        text.contains("+ Destination mailbox does not exist"),
        "{text}"
    );
    assert!(
        ws.read(NAMES_FILE)
            .contains("X.1.1 BadDestinationMailboxAddress\n")
    );
    let module = ws.read(MOD_RS);
    assert!(module.contains("BadDestinationMailboxAddress"));
    assert!(!module.contains("DestinationMailboxDoesNotExist"));
    assert!(module.contains("Destination mailbox does not exist"));
}

#[test]
fn a_disappearing_code_is_refused_without_the_flag() {
    let ws = Workspace::new();
    let before = ws.files();
    let source = source_file(
        &ws,
        "new.xml",
        &without_records(&current_xml(), &["X.7.29"]),
    );
    let before_with_source = ws.files();
    let out = ws.run(&["--source", &source]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("X.7.29 (ArcValidationFailure)"), "{err}");
    assert!(err.contains("--allow-removal"), "{err}");
    assert!(stdout(&out).contains("- X.7.29 ArcValidationFailure"));
    assert!(ws.files() == before_with_source);

    // A code that changes detail counts as removed too.
    let moved = source_file(
        &ws,
        "moved.xml",
        &edited("<code>X.7.29</code>", "<code>X.7.31</code>"),
    );
    let out = ws.run(&["--source", &moved]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    std::fs::remove_file(&moved).unwrap();

    let out = ws.run(&["--source", &source, "--allow-removal"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names = ws.read(NAMES_FILE);
    let kept = names.split("# No longer in the registry").nth(1).unwrap();
    assert!(kept.contains("X.7.29 ArcValidationFailure"), "{names}");
    assert!(!ws.read(MOD_RS).contains("ArcValidationFailure"));
    assert!(ws.files() != before);
}

/// The regenerated crate builds: copy crates/smtp-status beside the
/// refreshed generated code into a small workspace and `cargo build` it.
#[test]
fn the_regenerated_crate_builds() {
    let old = without_records(&fixture("2019-08-05.xml"), &["X.7.28", "X.7.29"]);
    let ws = Workspace::with_snapshot(&old, &["X.7.28", "X.7.29"]);
    let source = source_file(&ws, "new.xml", &current_xml());
    let out = ws.run(&["--source", &source]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let generated = ws.files();
    copy_dir(
        &repo().join("crates/smtp-status"),
        &ws.root.join("crates/smtp-status"),
    );
    for (rel, bytes) in &generated {
        if rel.starts_with("crates/") {
            std::fs::write(ws.root.join(rel), bytes).unwrap();
        }
    }
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let manifest: String = manifest
        .lines()
        .map(|l| {
            if l.starts_with("members") || l.starts_with("default-members") {
                l.split('=').next().unwrap().to_string() + "= [\"crates/smtp-status\"]"
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    std::fs::write(ws.root.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(repo().join("Cargo.lock"), ws.root.join("Cargo.lock")).unwrap();
    let build = Command::new(cargo())
        .args(["build", "--offline", "--quiet", "-p", "smtp-status"])
        .current_dir(&ws.root)
        .env("CARGO_TARGET_DIR", target_dir().join("refresh-build"))
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
}
