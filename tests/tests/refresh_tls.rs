//! `cargo xtask refresh-registry` over HTTPS: the real xtask binary against
//! a TLS server on 127.0.0.1 with a test CA (tests/fixtures/tls), trusted
//! through `SSL_CERT_FILE` for the xtask process only. The xtask's reqwest
//! is built with rustls and a pure-Rust crypto provider: the handshake,
//! the certificate check and the download must work, and an unknown CA
//! must be refused.

mod support;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use support::*;

fn tls_fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/tls").join(name)
}

/// Serves `body` over HTTPS to `connections` clients, one at a time, then
/// ends; returns the port and the thread, which yields how many requests
/// got a reply.
fn serve_https(body: Vec<u8>, connections: usize) -> (u16, JoinHandle<usize>) {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(tls_fixture("server.pem"))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    let key = PrivateKeyDer::from_pem_file(tls_fixture("server.key")).unwrap();
    let config =
        rustls::ServerConfig::builder_with_provider(Arc::new(rustls_graviola::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let thread = std::thread::spawn(move || {
        let mut served = 0;
        for _ in 0..connections {
            let Ok((tcp, _)) = listener.accept() else {
                break;
            };
            let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = tcp.set_write_timeout(Some(Duration::from_secs(10)));
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            // A handshake the client refuses ends here, with an error.
            if !support::http::read_head(&mut tls).starts_with("GET ") {
                continue;
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            if tls.write_all(head.as_bytes()).is_ok() && tls.write_all(&body).is_ok() {
                tls.conn.send_close_notify();
                let _ = tls.flush();
                served += 1;
            }
        }
        served
    });
    (port, thread)
}

#[test]
fn https_with_a_trusted_ca_downloads_and_updates() {
    let old = without_records(&current_xml(), &["X.7.29"]);
    let ws = Workspace::with_snapshot(&old, &["X.7.29"]);
    let (port, server) = serve_https(current_xml(), 2);
    let url = format!("https://localhost:{port}/smtp-enhanced-status-codes.xml");
    let ca = tls_fixture("ca.pem");
    let env = [("SSL_CERT_FILE", ca.to_str().unwrap())];

    let out = ws.run_env(&["--source", &url, "--report-format", "json"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["outcome"], "written", "{report}");
    assert_eq!(report["added"][0]["code"], "X.7.29");
    assert_eq!(ws.read(REGISTRY_XML).as_bytes(), &current_xml()[..]);

    // By IP address too (the certificate names 127.0.0.1): now up to date.
    let url = format!("https://127.0.0.1:{port}/smtp-enhanced-status-codes.xml");
    let again = ws.run_env(&["--source", &url, "--report-format", "json"], &env);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&again.stdout).unwrap(),
        serde_json::json!({"outcome": "up_to_date"})
    );
    assert_eq!(server.join().unwrap(), 2);
}

#[test]
fn https_with_an_unknown_ca_is_refused() {
    let ws = Workspace::new();
    let before = ws.files();
    let (port, server) = serve_https(current_xml(), 1);
    let url = format!("https://localhost:{port}/smtp-enhanced-status-codes.xml");
    // A CA file that holds only the server's own certificate: not its issuer.
    let leaf = tls_fixture("server.pem");
    let out = ws.run_env(
        &["--source", &url],
        &[("SSL_CERT_FILE", leaf.to_str().unwrap())],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("error: fetching https://localhost:"),
        "{err}"
    );
    assert!(err.contains("certificate"), "{err}");
    assert!(ws.files() == before);
    assert_eq!(server.join().unwrap(), 0);
}
