//! Reads a byte stream of one or more SMTP replies on stdin and prints one
//! JSON object per reply: the same shape as `smtp-status explain --json -`
//! (`{"kind": "reply", "explanation": ...}`, docs/json.md). Stops with an
//! error message and exit code 1 at bad input.
//!
//! ```sh
//! printf '250-mx.example.com\r\n250 SIZE\r\n550 5.7.606 banned\r\n' \
//!     | cargo run -p smtp-status-explain --example parse
//! ```

use std::io::{Read, Write};

use smtp_status_explain::{Explanation, reply};

fn main() {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("error: reading stdin: {e}");
        std::process::exit(1);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in reply::replies(&input) {
        match r {
            Ok(r) => {
                let line = serde_json::to_string(&Explanation::Reply(reply::ReplyReport::new(r)))
                    .expect("serializable");
                let _ = writeln!(out, "{line}");
            }
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }
}
