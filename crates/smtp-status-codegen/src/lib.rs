//! The generator behind the `smtp-status` crate: IANA's SMTP Enhanced
//! Status Codes registry (XML) to committed Rust.
//!
//! Pure stages, one module each: [`xml`] and [`parse`] read the document into
//! the typed [`model`]; [`names`] gives every record its pinned Rust name;
//! [`render`] builds tokens with `quote!`; [`print`](mod@print) formats them. Only the
//! xtask touches paths, the network and files. This crate never depends on
//! the crate it generates, so it builds even when the generated code is broken.

#![allow(missing_docs)]

pub mod basic;
pub mod bounce_formats;
pub mod bounce_patterns;
pub mod code_reasons;
pub mod diff;
pub mod hazard;
pub mod markdown;
pub mod model;
pub mod names;
pub mod parse;
pub mod print;
pub mod providers;
pub mod reasons;
pub mod render;
pub mod reply_codes;
pub mod sisimai;
pub mod stages;
pub mod vendor_codes;
pub mod xml;

use std::fmt;

/// Where the generated files live, relative to the workspace root.
pub const GENERATED_DIR: &str = "crates/smtp-status/src/generated";
/// The registry snapshot, relative to the workspace root.
pub const REGISTRY_XML: &str = "registry/smtp-enhanced-status-codes.xml";
/// The pinned names, relative to the workspace root.
pub const NAMES_FILE: &str = "registry/names.txt";

/// The data lines of a curated file (`registry/*.txt`), trimmed, with their
/// 1-based line numbers; blank lines and `#` comments are left out.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

/// An error in the input, pointing at it: `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The input file, as the caller named it.
    pub path: String,
    /// 1-based line, when one is known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl Error {
    /// An error at a line of a file (`line` 0: the file as a whole).
    pub fn at(path: &str, line: usize, message: impl Into<String>) -> Error {
        Error {
            path: path.to_string(),
            line: (line > 0).then_some(line),
            message: message.into(),
        }
    }

    /// An error of the generator itself.
    pub fn msg(message: impl Into<String>) -> Error {
        Error {
            path: String::new(),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.is_empty(), self.line) {
            (true, _) => f.write_str(&self.message),
            (false, Some(l)) => write!(f, "{}:{l}: {}", self.path, self.message),
            (false, None) => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for Error {}

/// One generated file: its path relative to the workspace root, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path, `/`-separated.
    pub path: String,
    /// Contents.
    pub text: String,
}

/// Everything one generation produced, with the model it came from.
#[derive(Debug, Clone)]
pub struct Output {
    /// The parsed registry.
    pub registry: model::Registry,
    /// The resolved names.
    pub names: names::Names,
    /// The files to write, in a fixed order.
    pub files: Vec<File>,
}

/// Checks what the model must satisfy beyond its XML shape.
pub fn validate(reg: &model::Registry, xml_path: &str) -> Result<(), Error> {
    for c in &reg.codes {
        if !reg.subjects.iter().any(|s| s.number == c.subject) {
            return Err(Error::at(
                xml_path,
                c.common.line,
                format!(
                    "{} has subject {}, which the Subject Sub-Codes do not register",
                    c.code(),
                    c.subject
                ),
            ));
        }
    }
    Ok(())
}

/// The inputs of one generation: the text of each registry/ file and the
/// name to use for it in messages.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// registry/smtp-enhanced-status-codes.xml.
    pub xml: &'a [u8],
    /// Its name in messages.
    pub xml_path: &'a str,
    /// registry/names.txt.
    pub names: &'a str,
    /// Its name in messages.
    pub names_path: &'a str,
    /// registry/reply-codes.txt.
    pub reply_codes: &'a str,
    /// Its name in messages.
    pub reply_codes_path: &'a str,
}

/// Generates every file from the registry/ files: the registry XML, the
/// pinned names and the curated reply codes.
pub fn generate(src: &Sources<'_>) -> Result<Output, Error> {
    let Sources {
        xml,
        xml_path,
        names,
        names_path,
        reply_codes: reply_text,
        reply_codes_path,
    } = *src;
    let registry = parse::parse(xml, xml_path)?;
    validate(&registry, xml_path)?;
    let pinned = names::Pinned::parse(names, names_path)?;
    let names = names::resolve(&registry, &pinned, names_path)?;
    let module = print::rust(render::module(&registry, &names))?;
    let table = print::markdown(&render::table(&registry, &names));
    let files = vec![
        File {
            path: format!("{GENERATED_DIR}/mod.rs"),
            text: module,
        },
        File {
            path: format!("{GENERATED_DIR}/codes.md"),
            text: table,
        },
        File {
            path: format!("{GENERATED_DIR}/reply_codes.rs"),
            text: reply_codes::render(&reply_codes::parse(reply_text, reply_codes_path)?),
        },
    ];
    for f in &files {
        hazard::check(f)?;
    }
    Ok(Output {
        registry,
        names,
        files,
    })
}

/// Generates every file from the registry XML (`xml`, called `xml_path` in
/// messages), the pinned names (`names`) and the curated files of
/// registry/, each read through `read` (a path relative to the workspace
/// root, as [`CURATED`] lists them): the one entry point of `cargo xtask
/// codegen`, of a refresh and of the drift test.
pub fn generate_all(
    xml: &[u8],
    xml_path: &str,
    names: &str,
    read: &dyn Fn(&str) -> Result<String, Error>,
) -> Result<Output, Error> {
    let reply_codes = read(reply_codes::REPLY_CODES_FILE)?;
    let mut out = generate(&Sources {
        xml,
        xml_path,
        names,
        names_path: NAMES_FILE,
        reply_codes: &reply_codes,
        reply_codes_path: reply_codes::REPLY_CODES_FILE,
    })?;
    let vendors = read(vendor_codes::VENDOR_CODES_FILE)?;
    out.files.push(vendor_codes::file(
        &vendors,
        vendor_codes::VENDOR_CODES_FILE,
    )?);
    let (taxonomy, reasons_rs) =
        reasons::file(&read(reasons::REASONS_FILE)?, reasons::REASONS_FILE)?;
    out.files.push(reasons_rs);
    let patterns = read(bounce_patterns::BOUNCE_PATTERNS_FILE)?;
    out.files.push(bounce_patterns::file(
        &patterns,
        bounce_patterns::BOUNCE_PATTERNS_FILE,
        &taxonomy,
    )?);
    let codes = read(code_reasons::CODE_REASONS_FILE)?;
    out.files.push(code_reasons::file(
        &codes,
        code_reasons::CODE_REASONS_FILE,
        &taxonomy,
    )?);
    let stages = read(stages::STAGES_FILE)?;
    out.files.push(stages::file(&stages, stages::STAGES_FILE)?);
    let formats = read(bounce_formats::BOUNCE_FORMATS_FILE)?;
    out.files.push(bounce_formats::file(
        &formats,
        bounce_formats::BOUNCE_FORMATS_FILE,
    )?);
    let (hosts, rules) = providers::parse(
        &read(providers::PROVIDER_HOSTS_FILE)?,
        &read(providers::PROVIDER_RULES_FILE)?,
        &taxonomy,
    )?;
    out.files.push(providers::file(&hosts, &rules));
    let patterns =
        bounce_patterns::parse(&patterns, bounce_patterns::BOUNCE_PATTERNS_FILE, &taxonomy)?;
    out.files.push(sisimai::file(
        &read(sisimai::SISIMAI_WORDINGS_FILE)?,
        &patterns,
        &rules,
        &taxonomy,
    )?);
    for f in &out.files {
        hazard::check(f)?;
    }
    Ok(out)
}

/// The curated registry/ files [`generate_all`] reads, besides the XML and
/// names.txt.
pub const CURATED: [&str; 9] = [
    reply_codes::REPLY_CODES_FILE,
    vendor_codes::VENDOR_CODES_FILE,
    reasons::REASONS_FILE,
    bounce_patterns::BOUNCE_PATTERNS_FILE,
    code_reasons::CODE_REASONS_FILE,
    stages::STAGES_FILE,
    providers::PROVIDER_HOSTS_FILE,
    providers::PROVIDER_RULES_FILE,
    sisimai::SISIMAI_WORDINGS_FILE,
];
