//! `cargo xtask codegen [--check]`.

use crate::files::{Change, write_all};
use anyhow::{Context, Result};
use smtp_status_codegen::{NAMES_FILE, Output, REGISTRY_XML};
use std::fs;
use std::path::Path;
use std::process::ExitCode;

/// Generates from the registry/ files under `root`.
pub fn generate_from(root: &Path) -> Result<Output> {
    let xml =
        fs::read(root.join(REGISTRY_XML)).with_context(|| format!("reading {REGISTRY_XML}"))?;
    let names = fs::read_to_string(root.join(NAMES_FILE))
        .with_context(|| format!("reading {NAMES_FILE}"))?;
    Ok(smtp_status_codegen::generate(
        &xml,
        REGISTRY_XML,
        &names,
        NAMES_FILE,
    )?)
}

/// The generated files whose committed text differs from `out`.
pub fn stale(root: &Path, out: &Output) -> Vec<Change> {
    out.files
        .iter()
        .filter(|f| fs::read(root.join(&f.path)).ok().as_deref() != Some(f.text.as_bytes()))
        .map(|f| Change {
            path: root.join(&f.path),
            text: f.text.clone().into_bytes(),
        })
        .collect()
}

fn run(root: &Path, check: bool) -> Result<bool> {
    let out = generate_from(root)?;
    let stale = stale(root, &out);
    let summary = format!(
        "{} codes, registry updated {}",
        out.registry.codes.len(),
        out.registry.updated
    );
    if stale.is_empty() {
        println!("codegen: {summary}; generated code is up to date, nothing changed");
        return Ok(true);
    }
    let names: Vec<String> = stale
        .iter()
        .map(|c| {
            c.path
                .strip_prefix(root)
                .unwrap_or(&c.path)
                .display()
                .to_string()
        })
        .collect();
    if check {
        eprintln!(
            "codegen --check: {summary}; stale: {}\nrun `cargo xtask codegen` and commit the result",
            names.join(", ")
        );
        return Ok(false);
    }
    write_all(&stale)?;
    println!("codegen: {summary}; updated {}", names.join(", "));
    Ok(true)
}

pub fn main(root: &Path, args: &[String]) -> ExitCode {
    let check = match args {
        [] => false,
        [a] if a == "--check" => true,
        [a] if a == "--help" || a == "-h" => {
            println!(
                "Usage: cargo xtask codegen [--check]\n\nRegenerates crates/smtp-status/src/generated/ from registry/.\n--check changes nothing and exits 1 when the committed files are stale."
            );
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!(
                "error: unexpected arguments {other:?}\nUsage: cargo xtask codegen [--check]"
            );
            return ExitCode::from(2);
        }
    };
    match run(root, check) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
