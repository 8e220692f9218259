//! Prints one line per email file named on the command line: the compact
//! JSON of its [`Bounce`] as `serde_json` writes it, or
//! `{"error": "..."}` when it is not a bounce. The Python tests
//! (crates/smtp-status-py/tests) compare the binding's JSON with these
//! lines byte for byte.
//!
//! `cargo run -p smtp-status-explain --example classify-json -- FILE...`

use std::io::Write;

use smtp_status_explain::{Bounce, read};

fn main() {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in std::env::args().skip(1) {
        let raw = match std::fs::read(&file) {
            Ok(raw) => raw,
            Err(e) => {
                eprintln!("classify-json: {file}: {e}");
                std::process::exit(1);
            }
        };
        let line = match read(&raw) {
            Ok(c) => serde_json::to_string::<Bounce>(&c),
            Err(e) => serde_json::to_string(&serde_json::json!({ "error": e.to_string() })),
        }
        .expect("serializable");
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}
