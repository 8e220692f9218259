//! Reads a byte stream of one or more SMTP replies on stdin and prints one
//! JSON object per reply: `reply_code`, `enhanced`, `registered`, `lines`,
//! `warnings`. Stops with an error message and exit code 1 at bad input.
//!
//! ```sh
//! printf '250-mx.example.com\r\n250 SIZE\r\n550 5.7.606 banned\r\n' \
//!     | cargo run -p smtp-status --example parse
//! ```

use std::io::{Read, Write};

use smtp_status::reply::Options;

fn main() {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("error: reading stdin: {e}");
        std::process::exit(1);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in Options::lenient().replies(&input) {
        match r {
            Ok(r) => {
                let lines: Vec<String> = r
                    .lines()
                    .map(|l| String::from_utf8_lossy(l).into_owned())
                    .collect();
                let warnings: Vec<String> = r.warnings().map(|w| w.to_string()).collect();
                let obj = serde_json::json!({
                    "reply_code": r.code().as_u16(),
                    "enhanced": r.enhanced().map(|e| e.to_string()),
                    "registered": r.registered().map(|c| c.to_string()),
                    "lines": lines,
                    "warnings": warnings,
                });
                let _ = writeln!(out, "{obj}");
            }
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }
}
