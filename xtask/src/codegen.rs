//! `cargo xtask codegen [--check]`.

use crate::files::{self, Change};
use anyhow::{Context, Result};
use smtp_status_codegen::{NAMES_FILE, Output, REGISTRY_XML};
use std::fs;
use std::path::Path;
use std::process::ExitCode;

/// Reads a registry/ file under `root`.
pub fn read_text(root: &Path, rel: &str) -> Result<String> {
    fs::read_to_string(root.join(rel)).with_context(|| format!("reading {rel}"))
}

/// Generates from the registry/ files under `root`.
pub fn generate_from(root: &Path) -> Result<Output> {
    let xml =
        fs::read(root.join(REGISTRY_XML)).with_context(|| format!("reading {REGISTRY_XML}"))?;
    let names = read_text(root, NAMES_FILE)?;
    generate_with(root, &xml, REGISTRY_XML, &names)
}

/// Generates every file from `xml` (called `xml_path` in messages) and the
/// text of names.txt, with the other registry/ files under `root`: the
/// generator's own entry point, which the drift test calls too.
pub fn generate_with(root: &Path, xml: &[u8], xml_path: &str, names: &str) -> Result<Output> {
    let read = |rel: &str| {
        read_text(root, rel).map_err(|e| smtp_status_codegen::Error::msg(format!("{e:#}")))
    };
    Ok(smtp_status_codegen::generate_all(
        xml, xml_path, names, &read,
    )?)
}

/// The generated files whose committed text differs from `out`.
pub fn stale(root: &Path, out: &Output) -> Vec<Change> {
    out.files
        .iter()
        .filter(|f| fs::read(root.join(&f.path)).ok().as_deref() != Some(f.text.as_bytes()))
        .map(|f| Change {
            rel: f.path.clone(),
            text: f.text.clone().into_bytes(),
        })
        .collect()
}

/// Takes the lock and finishes an interrupted run, saying so through `note`,
/// or, for a run that must change nothing (`read_only`), fails if one is
/// found.
pub fn lock_and_recover(
    root: &Path,
    read_only: bool,
    tool: &str,
    note: &dyn Fn(&str),
) -> Result<files::Lock> {
    let lock = files::lock(root)?;
    if read_only {
        if files::pending(root)? {
            anyhow::bail!(
                "an interrupted run left {} or temporary files, and this run changes \
                 nothing: run `cargo xtask codegen` to finish it",
                files::JOURNAL
            );
        }
    } else if let Some(done) = files::recover(root)? {
        note(&format!("{tool}: {done}"));
    }
    Ok(lock)
}

fn run(root: &Path, check: bool) -> Result<bool> {
    let _lock = lock_and_recover(root, check, "codegen", &|note| println!("{note}"))?;
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
    let names: Vec<String> = stale.iter().map(|c| c.rel.clone()).collect();
    if check {
        eprintln!(
            "codegen --check: {summary}; stale: {}\nrun `cargo xtask codegen` and commit the result",
            names.join(", ")
        );
        return Ok(false);
    }
    files::commit(root, &stale)?;
    println!("codegen: {summary}; updated {}", names.join(", "));
    Ok(true)
}

pub fn main(root: &Path, args: &[String]) -> ExitCode {
    let check = match args {
        [] => false,
        [a] if a == "--check" => true,
        [a] if a == "--help" || a == "-h" => {
            println!(
                "Usage: cargo xtask codegen [--check]\n\nRegenerates crates/smtp-status/src/generated/ and crates/smtp-status-explain/src/generated/ from registry/.\n--check changes nothing and exits 1 when the committed files are stale."
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
