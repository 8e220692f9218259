//! `cargo xtask refresh-registry` end to end, its updates: the real xtask
//! binary on a copy of the workspace's registry/ and generated code, against
//! a real HTTP server on 127.0.0.1 (or a local file). Every update must
//! report exactly what changed. (Failures: refresh.rs.)

mod support;

use std::process::{Command, Output};
use support::http::{Reply, Server};
use support::*;

/// The whole stdout of a `--report-format json` run, parsed as one JSON
/// value: anything else on stdout fails the parse.
fn report_json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}): {}", stdout(out)))
}

/// The change report's members of a `--report-format json` object.
fn report_only(mut v: serde_json::Value) -> serde_json::Value {
    let object = v.as_object_mut().unwrap();
    object.retain(|k, _| ["updated", "added", "changed", "removed"].contains(&k.as_str()));
    v
}

#[test]
fn json_report_is_the_whole_stdout_in_every_outcome() {
    let old = without_records(&current_xml(), &["X.7.29"]);
    let ws = Workspace::with_snapshot(&old, &["X.7.29"]);
    let new = source_file(&ws, "new.xml", &current_xml());
    let json = |args: &[&str], code: i32| {
        let mut args = args.to_vec();
        args.extend(["--report-format", "json"]);
        let out = ws.run(&args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        report_json(&out)
    };

    let dry = json(&["--source", &new, "--dry-run"], 0);
    assert_eq!(dry["outcome"], "dry_run");
    assert_eq!(dry["added"][0]["code"], "X.7.29");
    let differs = json(&["--source", &new, "--check"], 1);
    assert_eq!(differs["outcome"], "differs");
    assert_eq!(differs["added"], dry["added"]);

    let before = ws.files();
    let written = json(&["--source", &new], 0);
    assert_eq!(written["outcome"], "written");
    assert_eq!(report_only(written.clone()), report_only(dry));
    let after = ws.files();
    let touched = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .count();
    assert!(touched > 0);
    assert_eq!(written["files_written"], touched, "{written}");

    let same = json(&["--source", &new], 0);
    assert_eq!(same, serde_json::json!({"outcome": "up_to_date"}));
    let same = json(&["--source", &new, "--check"], 0);
    assert_eq!(same, serde_json::json!({"outcome": "up_to_date"}));

    // Back to the old snapshot: X.7.29 would disappear.
    let older = source_file(&ws, "old.xml", &old);
    let refused = json(&["--source", &older], 3);
    assert_eq!(refused["outcome"], "refused");
    assert_eq!(refused["removed"][0]["code"], "X.7.29");

    let missing = ws.root.join("missing.xml");
    let error = json(&["--source", missing.to_str().unwrap()], 1);
    assert_eq!(error["outcome"], "error");
    let message = error["error"].as_str().unwrap();
    assert!(message.contains("missing.xml"), "{message}");
    assert_eq!(error.as_object().unwrap().len(), 2, "{error}");
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
    assert_eq!(report["outcome"], "written");
    assert_eq!(report_only(report.clone()), report_only(report_json(&dry)));
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

/// The workspace README's example of a refresh (a 2019-08-05 snapshot
/// refreshed to the current file) is the real output, stdout then stderr.
#[test]
fn the_readme_example_is_real_output() {
    let ws = Workspace::with_snapshot(&fixture("2019-08-05.xml"), &[]);
    // The generated code of the 2019 snapshot, as a checkout of then had.
    assert_eq!(ws.codegen(false).status.code(), Some(0));
    let new = source_file(&ws, "new.xml", &current_xml());
    let out = ws.run(&["--source", &new]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let block = format!("```text\n{}{}```", stdout(&out), stderr(&out));
    assert!(
        include_str!("../../README.md").contains(&block),
        "README.md should show this refresh:\n{block}"
    );
}
