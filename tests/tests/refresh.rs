//! `cargo xtask refresh-registry` end to end, its failures: the real xtask
//! binary, run on a copy of the workspace's registry/ and generated code,
//! against a real HTTP server on 127.0.0.1 (or a local file). Every failure
//! must leave the files byte-identical. (Updates: refresh_update.rs.)

mod support;

use std::net::TcpListener;
use support::http::{Reply, Server};
use support::*;

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
