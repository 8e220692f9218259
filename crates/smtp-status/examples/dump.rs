//! Prints one JSON object per registered code, read through the public API
//! only: `cargo run -p smtp-status --example dump`.

use serde_json::{Value, json};
use smtp_status::RegisteredCode;

fn main() {
    for &code in RegisteredCode::ALL {
        let references: Vec<Value> = code
            .references()
            .iter()
            .map(|r| json!({ "kind": r.kind().as_str(), "id": r.id(), "url": r.url() }))
            .collect();
        let reply_codes: Vec<u16> = code.reply_codes().iter().map(|r| r.as_u16()).collect();
        let object = json!({
            "code": code.as_str(),
            "name": code.name(),
            "subject": code.subject().number(),
            "detail": code.detail(),
            "sample": code.sample(),
            "description": code.description(),
            "basic_code_raw": code.basic_code_raw(),
            "reply_codes": reply_codes,
            "references": references,
            "submitter": code.submitter(),
            "change_controller": code.change_controller(),
            "added": code.added().map(|d| d.to_string()),
            "updated": code.updated().map(|d| d.to_string()),
            "deprecated": code.deprecation(),
        });
        println!("{object}");
    }
}
