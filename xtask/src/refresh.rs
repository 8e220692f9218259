//! `cargo xtask refresh-registry [--source URL|PATH]`.

use crate::files::{Change, write_all};
use anyhow::{Context, Result, bail};
use smtp_status_codegen::names::{self, Pinned};
use smtp_status_codegen::{NAMES_FILE, REGISTRY_XML};
use std::fs;
use std::path::Path;
use std::process::ExitCode;

const IANA_URL: &str =
    "https://www.iana.org/assignments/smtp-enhanced-status-codes/smtp-enhanced-status-codes.xml";

const HELP: &str = "\
Usage: cargo xtask refresh-registry [--source URL|PATH]

Fetches the SMTP Enhanced Status Codes registry, validates it, pins names
for new codes, then writes registry/smtp-enhanced-status-codes.xml,
registry/names.txt and the generated code, all or none.

Options:
  --source URL|PATH  where to read the registry (default: IANA's URL)
";

fn fetch(source: &str) -> Result<Vec<u8>> {
    if source.starts_with("https://") || source.starts_with("http://") {
        let client = reqwest::blocking::Client::builder()
            .user_agent(concat!("smtp-status-xtask/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("building the HTTP client")?;
        let resp = client
            .get(source)
            .send()
            .with_context(|| format!("fetching {source}"))?;
        let status = resp.status();
        if !status.is_success() {
            bail!("fetching {source}: HTTP {status}");
        }
        Ok(resp
            .bytes()
            .with_context(|| format!("reading the body of {source}"))?
            .to_vec())
    } else {
        fs::read(source).with_context(|| format!("reading {source}"))
    }
}

fn run(root: &Path, source: &str) -> Result<()> {
    let xml = fetch(source)?;
    let registry = smtp_status_codegen::parse::parse(&xml, source)?;
    smtp_status_codegen::validate(&registry, source)?;
    let names_src = fs::read_to_string(root.join(NAMES_FILE))
        .with_context(|| format!("reading {NAMES_FILE}"))?;
    let pinned = Pinned::parse(&names_src, NAMES_FILE)?;
    let (names_text, added) = names::pin_new(&registry, &pinned, NAMES_FILE)?;
    let out = smtp_status_codegen::generate(&xml, source, &names_text, NAMES_FILE)?;
    for (code, name) in &added {
        println!("pinned {code} {name}");
    }
    let mut changes = vec![
        Change {
            path: root.join(REGISTRY_XML),
            text: xml,
        },
        Change {
            path: root.join(NAMES_FILE),
            text: names_text.into_bytes(),
        },
    ];
    changes.extend(out.files.iter().map(|f| Change {
        path: root.join(&f.path),
        text: f.text.clone().into_bytes(),
    }));
    changes.retain(|c| fs::read(&c.path).ok().as_deref() != Some(&c.text[..]));
    if changes.is_empty() {
        println!(
            "refresh-registry: already up to date ({} codes, registry updated {})",
            out.registry.codes.len(),
            out.registry.updated
        );
        return Ok(());
    }
    write_all(&changes)?;
    println!(
        "refresh-registry: {} codes, registry updated {}; wrote {} files",
        out.registry.codes.len(),
        out.registry.updated,
        changes.len()
    );
    Ok(())
}

pub fn main(root: &Path, args: &[String]) -> ExitCode {
    let mut source = IANA_URL.to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--source" => match it.next() {
                Some(s) => source = s.clone(),
                None => {
                    eprintln!("error: --source needs a URL or a path\n\n{HELP}");
                    return ExitCode::from(2);
                }
            },
            "--help" | "-h" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("error: unexpected argument `{other}`\n\n{HELP}");
                return ExitCode::from(2);
            }
        }
    }
    match run(root, &source) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
