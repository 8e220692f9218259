//! Prints one JSON object per registered code: the same shape as
//! `smtp-status list --json` ([`RegistryEntry`], docs/json.md):
//! `cargo run -p smtp-status-explain --example dump`.

use std::io::Write;

use smtp_status::RegisteredCode;
use smtp_status_explain::RegistryEntry;

fn main() {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for &code in RegisteredCode::ALL {
        let line = serde_json::to_string(&RegistryEntry(code)).expect("serializable");
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}
