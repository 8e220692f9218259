//! `smtp-status explain` on free text: every row of the vendors' documented
//! lists (registry/vendor-codes.txt, through `smtp_status::vendor::all`), and
//! no code in a thousand ordinary lines (`fixtures/ordinary-lines.txt`).

use std::process::{Command, Output};

use smtp_status::vendor::{self, VendorMeaning};

fn run(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(args)
        .output()
        .unwrap()
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The code of an entry: the low end of a range (`5.7.700-749` gives
/// `5.7.700`).
fn code_of(m: &VendorMeaning) -> String {
    let p = m.code();
    format!("{}.{}.{}", p.class() as u8, p.subject(), p.details().0)
}

/// The text a vendor's server prints for the entry: every part of its first
/// marker, or the vendor's meaning when it documents no marker.
fn text_of(m: &VendorMeaning) -> String {
    match m.markers().first() {
        Some(parts) => parts.join(" "),
        None => m.meaning().to_owned(),
    }
}

/// The enhanced-code object of one `explain --json` line: a reply's
/// `enhanced`, or the first code found in text.
fn enhanced(line: &serde_json::Value) -> &serde_json::Value {
    let e = &line["explanation"];
    match line["kind"].as_str() {
        Some("reply") => &e["enhanced"],
        Some("text") => &e["found"][0]["enhanced"],
        other => panic!("{other:?}: {line}"),
    }
}

#[test]
fn every_vendor_row_is_found_with_and_without_a_reply_code() {
    let all = vendor::all();
    assert!(all.len() > 50, "{} entries", all.len());
    let mut inputs = Vec::new();
    for m in all {
        let code = code_of(m);
        let reply = u16::from(m.code().class() as u8) * 100 + 50;
        inputs.push(format!("{code} {}", text_of(m)));
        inputs.push(format!("{reply} {code} {}", text_of(m)));
    }
    let mut args = vec!["--json".to_owned(), "explain".to_owned()];
    args.extend(inputs.iter().cloned());
    let out = run(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), inputs.len());
    for (i, (input, line)) in inputs.iter().zip(&lines).enumerate() {
        let m = &all[i / 2];
        let e = enhanced(line);
        assert_eq!(e["code"], code_of(m), "{input}: {line}");
        // A vendor code outside the registry, or a registered one whose
        // marker is in the text: the vendor's meaning is shown, labelled.
        let shown = e["vendor"].as_array().unwrap().iter().any(|v| {
            v["vendor"] == serde_json::to_value(m.vendor()).unwrap() && v["meaning"] == m.meaning()
        });
        let registered = e["registered"].is_object();
        if !registered || m.has_marker() {
            assert!(shown, "{input}: the vendor meaning is missing: {line}");
        }
    }
}

#[test]
fn no_code_in_a_thousand_ordinary_lines() {
    // The core's generated ordinary lines, kept as a file inside this
    // package (tests/tests/ordinary_fixture.rs keeps it equal to them).
    let lines: Vec<String> = include_str!("fixtures/ordinary-lines.txt")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 1000);
    let mut args = vec!["--json".to_owned(), "explain".to_owned()];
    args.extend(lines.iter().cloned());
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1));
    let got = json_lines(&out);
    assert_eq!(got.len(), lines.len());
    let found: Vec<_> = lines
        .iter()
        .zip(&got)
        .filter(|(line, v)| {
            v["kind"] != "error"
                || v["input"] != **line
                || v["cause"] != "no-code"
                || v["error"] != "no status code found in the text"
        })
        .collect();
    assert!(found.is_empty(), "{} lines: {found:#?}", found.len());
    // And one line at a time, as a person would paste it.
    for line in lines.iter().step_by(97) {
        let out = run(&["explain".to_owned(), line.clone()]);
        assert_eq!(out.status.code(), Some(1), "{line}");
        assert!(out.stdout.is_empty(), "{line}");
        // The input named (its start, quoted), then why.
        let err = String::from_utf8_lossy(&out.stderr);
        let quoted: String = line.chars().take(48).collect();
        assert!(
            err.starts_with(&format!("smtp-status: {quoted:?}"))
                && err.ends_with(": no status code found in the text\n"),
            "{err}"
        );
    }
}
