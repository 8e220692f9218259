//! `cargo xtask refresh-registry`: fetch, validate, report, then write the
//! snapshot, the pinned names and the generated code, all or none.

use crate::fetch::{self, Limits};
use crate::files::{self, Change};
use anyhow::{Context, Result, anyhow};
use smtp_status_codegen::diff::{self, json_str};
use smtp_status_codegen::names::{self, Pinned};
use smtp_status_codegen::{NAMES_FILE, REGISTRY_XML};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

const IANA_URL: &str =
    "https://www.iana.org/assignments/smtp-enhanced-status-codes/smtp-enhanced-status-codes.xml";

const HELP: &str = "\
Usage: cargo xtask refresh-registry [OPTIONS]

Fetches the SMTP Enhanced Status Codes registry, validates it in full (XML,
registry id smtp-enhanced-status-codes with its three sub-registries, every
record, unique well-formed codes, names), prints a change report against the
committed snapshot, pins names for new codes, then writes
registry/smtp-enhanced-status-codes.xml, registry/names.txt and
crates/smtp-status/src/generated/, all or none (temporary file and rename).

Options:
  --source URL|PATH      where to read the registry (default: IANA's URL)
  --dry-run              print the report, write nothing
  --check                write nothing; exit 1 if the source differs from the
                         committed snapshot
  --allow-removal        accept codes that disappear or change subject/detail
                         (this removes public variants of RegisteredCode)
  --allow-older          accept a registry whose `updated` date is older than
                         the snapshot's
  --allow-http           accept plain http:// to a non-loopback host
  --report-format FMT    text (default) or json: one JSON object on stdout
                         whatever the outcome, `outcome` one of written,
                         up_to_date, dry_run, differs, refused, error (with
                         `error`); the report's updated, added, changed,
                         removed when a source was compared; notes go to
                         stderr
  --connect-timeout SECS time allowed to connect (default 10)
  --timeout SECS         time allowed for the whole request, or for reading
                         a pipe, named pipe or device (default 60)
                         (both at most 86400)
  --max-bytes N          largest input accepted, from a URL, file, pipe or
                         device; reading stops there (default 4194304,
                         at most 67108864)
  --root DIR             workspace root to work on (default: this workspace;
                         also the XTASK_ROOT environment variable)
  -h, --help             this message

Redirects are followed only to https. Plain http is refused unless the host
is a loopback address or --allow-http is given.

One run at a time: a run holds registry/.xtask.lock and another fails at
once. A pipe or device given as --source is read before the lock is taken.
A symlink at the lock's name, a symlinked folder on the way to a written
file, or a symlinked or read-only file to replace is refused, not followed.
Files are written to temporary files (created new, fsynced), then a journal
(registry/.xtask-journal), then renamed into place. A run killed half-way is
finished by the next run of refresh-registry or codegen, which says so;
--check and --dry-run only report it.

Exit codes:
  0  written, or already up to date (identical bytes: nothing touched),
     or --dry-run done, or --check found no difference
  1  failure (fetch, validation, write; one line `error: ...` on stderr),
     or --check found a difference
  2  usage error
  3  refused: codes would disappear (a removed public variant), or the
     registry is older than the snapshot; rerun with --allow-removal or
     --allow-older if that is intended
";

/// Parsed command line.
struct Opts {
    source: String,
    dry_run: bool,
    check: bool,
    allow_removal: bool,
    allow_older: bool,
    json: bool,
    limits: Limits,
    root: Option<PathBuf>,
}

/// How a run ended: the exit code and, with `--report-format json`, the
/// `outcome` member.
enum Outcome {
    /// Files written (the count).
    Written(usize),
    /// Identical bytes, nothing touched.
    UpToDate,
    DryRun,
    /// `--check` found a difference.
    Differs,
    Refused,
}

impl Outcome {
    fn name(&self) -> &'static str {
        match self {
            Outcome::Written(_) => "written",
            Outcome::UpToDate => "up_to_date",
            Outcome::DryRun => "dry_run",
            Outcome::Differs => "differs",
            Outcome::Refused => "refused",
        }
    }
}

/// Where a run's stdout goes: text lines as they come, or, with
/// `--report-format json`, one JSON object when the run ends (text lines
/// then go to stderr as notes).
struct Out {
    json: bool,
    /// The change report's JSON members, once a source was compared.
    report: Option<String>,
}

impl Out {
    fn line(&self, text: &str) {
        match self.json {
            true => eprintln!("{text}"),
            false => println!("{text}"),
        }
    }

    fn report(&mut self, report: &diff::Report) {
        match self.json {
            true => {
                let mut fields = String::new();
                report.write_json_fields(&mut fields);
                self.report = Some(fields);
            }
            false => print!("{report}"),
        }
    }

    /// The JSON object for how the run ended.
    fn json(&self, end: &Result<Outcome>) -> String {
        let mut s = String::from("{\"outcome\":");
        match end {
            Ok(outcome) => {
                s.push_str(&json_str(outcome.name()));
                if let Outcome::Written(n) = outcome {
                    let _ = write!(s, ",\"files_written\":{n}");
                }
            }
            Err(e) => {
                let _ = write!(s, "\"error\",\"error\":{}", json_str(&error_line(e)));
            }
        }
        if let Some(fields) = &self.report {
            s.push(',');
            s.push_str(fields);
        }
        s.push('}');
        s
    }
}

/// An error and its causes on one line.
fn error_line(e: &anyhow::Error) -> String {
    format!("{e:#}").replace('\n', " ")
}

/// Whether a body is an HTML page (an error page, a login portal) rather
/// than XML.
fn looks_like_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

fn run(root: &Path, o: &Opts, out: &mut Out) -> Result<Outcome> {
    let source = o.source.as_str();
    // A pipe or a device is read before the lock: waiting for its writer
    // keeps no other run out. A file or a URL is read under the lock, after
    // an interrupted run is finished (the source may be the snapshot).
    let streamed = match fetch::is_stream(source) {
        true => Some(fetch::fetch(source, &o.limits)?),
        false => None,
    };
    let _lock = crate::codegen::lock_and_recover(
        root,
        o.check || o.dry_run,
        "refresh-registry",
        &|note| out.line(note),
    )?;
    let xml = match streamed {
        Some(xml) => xml,
        None => fetch::fetch(source, &o.limits)?,
    };
    let old_xml = fs::read(root.join(REGISTRY_XML))
        .with_context(|| format!("reading {}", root.join(REGISTRY_XML).display()))?;
    if xml == old_xml {
        if consistent(root) {
            out.line(&format!(
                "refresh-registry: already up to date ({REGISTRY_XML} is byte-identical to {source})"
            ));
            return Ok(Outcome::UpToDate);
        }
        let lag = format!(
            "{REGISTRY_XML} is byte-identical to {source}, but {NAMES_FILE} or the generated \
             code do not match it (an interrupted refresh?)"
        );
        if o.check {
            eprintln!(
                "refresh-registry: {lag}; run `cargo xtask refresh-registry --source {REGISTRY_XML}` to finish it"
            );
            return Ok(Outcome::Differs);
        }
        out.line(&format!("refresh-registry: {lag}: finishing it"));
    }

    // Validate the new document in full before anything else.
    if looks_like_html(&xml) {
        anyhow::bail!("{source}: got an HTML page, not the registry XML");
    }
    let new_reg = smtp_status_codegen::parse::parse(&xml, source)?;
    smtp_status_codegen::validate(&new_reg, source)?;
    let names_src = fs::read_to_string(root.join(NAMES_FILE))
        .with_context(|| format!("reading {NAMES_FILE}"))?;
    let pinned = Pinned::parse(&names_src, NAMES_FILE)?;
    let (names_text, _added) = names::pin_new(&new_reg, &pinned, NAMES_FILE)?;
    let new_pins = Pinned::parse(&names_text, NAMES_FILE)?;
    // Every generated file, the vendor codes' too, so that a run that
    // finishes a lagging snapshot leaves nothing stale.
    let generated = crate::codegen::generate_with(root, &xml, source, &names_text)?;

    let old_reg = smtp_status_codegen::parse::parse(&old_xml, REGISTRY_XML)
        .map_err(|e| anyhow!("the committed snapshot does not parse: {e}"))?;
    let report = diff::diff(&old_reg, &new_reg, &new_pins);
    out.report(&report);

    if o.check {
        eprintln!(
            "error: {source} differs from {REGISTRY_XML} (report above): run \
             `cargo xtask refresh-registry`, review `git diff`, commit"
        );
        return Ok(Outcome::Differs);
    }
    if new_reg.updated < old_reg.updated {
        let what = format!(
            "{source} is older than {REGISTRY_XML}: updated {} < {}",
            new_reg.updated, old_reg.updated
        );
        if o.allow_older {
            eprintln!("warning: {what} (accepted: --allow-older)");
        } else if o.dry_run {
            eprintln!(
                "note: a real run would refuse: {what}; rerun with --allow-older if intended"
            );
        } else {
            eprintln!("error: refused: {what}; rerun with --allow-older if that is intended");
            return Ok(Outcome::Refused);
        }
    }
    if !report.removed.is_empty() && !o.allow_removal {
        let list: Vec<String> = report
            .removed
            .iter()
            .map(|r| match &r.name {
                Some(n) => format!("{} ({n})", r.code),
                None => r.code.clone(),
            })
            .collect();
        let lead = if o.dry_run {
            "note: a real run would refuse"
        } else {
            "error: refused"
        };
        eprintln!(
            "{lead}: {} would disappear from the registry, removing public variants \
             (a code that changes subject or detail counts as removed); \
             rerun with --allow-removal if that is intended",
            list.join(", ")
        );
        if !o.dry_run {
            return Ok(Outcome::Refused);
        }
    }
    if o.dry_run {
        out.line("refresh-registry: dry run, nothing written");
        return Ok(Outcome::DryRun);
    }

    let mut changes = vec![
        Change {
            rel: REGISTRY_XML.to_string(),
            text: xml,
        },
        Change {
            rel: NAMES_FILE.to_string(),
            text: names_text.into_bytes(),
        },
    ];
    changes.extend(generated.files.iter().map(|f| Change {
        rel: f.path.clone(),
        text: f.text.clone().into_bytes(),
    }));
    changes.retain(|c| fs::read(root.join(&c.rel)).ok().as_deref() != Some(&c.text[..]));
    files::commit(root, &changes)?;
    out.line(&format!(
        "refresh-registry: {} codes, registry updated {}; wrote {} files",
        generated.registry.codes.len(),
        generated.registry.updated,
        changes.len()
    ));
    Ok(Outcome::Written(changes.len()))
}

/// The longest timeout accepted: a day.
const MAX_SECS: f64 = 86_400.0;

fn secs(v: &str, flag: &str) -> std::result::Result<Duration, String> {
    v.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= MAX_SECS)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            format!("{flag} needs a number of seconds above 0 and at most {MAX_SECS}, got `{v}`")
        })
}

/// Whether names.txt pins every code of the snapshot and the generated
/// code is what they give.
fn consistent(root: &Path) -> bool {
    crate::codegen::generate_from(root)
        .is_ok_and(|out| crate::codegen::stale(root, &out).is_empty())
}

fn parse_args(args: &[String]) -> std::result::Result<Option<Opts>, String> {
    let mut o = Opts {
        source: IANA_URL.to_string(),
        dry_run: false,
        check: false,
        allow_removal: false,
        allow_older: false,
        json: false,
        limits: Limits::default(),
        root: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match a.as_str() {
            "--source" => o.source = value("--source")?,
            "--dry-run" => o.dry_run = true,
            "--check" => o.check = true,
            "--allow-removal" => o.allow_removal = true,
            "--allow-older" => o.allow_older = true,
            "--allow-http" => o.limits.allow_http = true,
            "--report-format" => match value("--report-format")?.as_str() {
                "text" => o.json = false,
                "json" => o.json = true,
                other => return Err(format!("--report-format is text or json, got `{other}`")),
            },
            "--connect-timeout" => {
                o.limits.connect_timeout = secs(&value("--connect-timeout")?, "--connect-timeout")?
            }
            "--timeout" => o.limits.timeout = secs(&value("--timeout")?, "--timeout")?,
            "--max-bytes" => {
                let v = value("--max-bytes")?;
                o.limits.max_bytes = v
                    .parse()
                    .ok()
                    .filter(|n| *n <= fetch::MAX_BYTES_LIMIT)
                    .ok_or_else(|| {
                        format!(
                            "--max-bytes needs a number of bytes, at most {}, got `{v}`",
                            fetch::MAX_BYTES_LIMIT
                        )
                    })?;
            }
            "--root" => o.root = Some(PathBuf::from(value("--root")?)),
            "--help" | "-h" => return Ok(None),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    if o.check && o.dry_run {
        return Err("--check and --dry-run do not go together".to_string());
    }
    Ok(Some(o))
}

pub fn main(root: &Path, args: &[String]) -> ExitCode {
    let o = match parse_args(args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let root = o.root.clone().unwrap_or_else(|| root.to_path_buf());
    let mut out = Out {
        json: o.json,
        report: None,
    };
    let end = run(&root, &o, &mut out);
    if o.json {
        println!("{}", out.json(&end));
    }
    match end {
        Ok(Outcome::Written(_) | Outcome::UpToDate | Outcome::DryRun) => ExitCode::SUCCESS,
        Ok(Outcome::Differs) => ExitCode::FAILURE,
        Ok(Outcome::Refused) => ExitCode::from(3),
        Err(e) => {
            eprintln!("error: {}", error_line(&e));
            ExitCode::FAILURE
        }
    }
}
