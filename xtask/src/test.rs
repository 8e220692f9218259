//! `cargo xtask test`: the workspace's test command. Installs what the tests
//! need and the machine lacks (Postfix, for the real-Postfix test of
//! smtp-status-cli; a Java runtime, for the Spark test of smtp-status-py),
//! runs `cargo test --workspace`, then the Python tests ([`crate::python`]).

use std::path::Path;
use std::process::{Command, ExitCode};

const HELP: &str = "\
Usage: cargo xtask test [CARGO TEST ARGS...]

Installs what the tests need and this machine lacks, then runs
`cargo test --workspace --no-fail-fast [CARGO TEST ARGS...]` (every test
binary runs, even after a failure) and exits with its status.

Postfix (for crates/smtp-status-cli/tests/postfix.rs): when /usr/sbin/postfix
is missing and this runs as root on a machine with apt-get (Debian, Ubuntu),
it runs `apt-get update` and then, non-interactively,
`apt-get install -y --no-install-recommends postfix`. Elsewhere it says what to
install, runs the tests anyway, and the Postfix test fails saying the same.

Then the Python tests (crates/smtp-status-py/tests): a virtual environment
in target/python-venv (created when missing) gets the pinned tools of
crates/smtp-status-py/requirements-test.txt, the wheel is built (release)
and installed there, and pytest runs, the Spark test included. Spark needs
Java 17 or later: as root with apt-get it is installed with Postfix
(openjdk-17-jre-headless, or openjdk-21-jre-headless where that is what apt
offers). SMTP_STATUS_SKIP_PYTHON=1 skips the Python tests, and says so.

SMTP_STATUS_SKIP_POSTFIX=1 (any value but empty or 0, as build.rs of
smtp-status-cli reads it): install nothing; the Postfix test is compiled as
ignored and reported as ignored, never as passed.
";

/// The Postfix programs that tests/postfix.rs runs.
const POSTFIX_PROGRAMS: [&str; 3] = [
    "/usr/sbin/postfix",
    "/usr/sbin/postconf",
    "/usr/sbin/postqueue",
];

const INSTALL_HINT: &str = "as root on Debian or Ubuntu, `cargo xtask test` installs it \
    (apt-get update; apt-get install -y postfix); elsewhere install your system's postfix \
    package, or set SMTP_STATUS_SKIP_POSTFIX=1 to report the Postfix test as ignored";

/// Whether SMTP_STATUS_SKIP_POSTFIX asks to skip, by the rule of
/// crates/smtp-status-cli/build.rs: set, not empty and not `0`.
fn skip_requested() -> Option<String> {
    let v = std::env::var("SMTP_STATUS_SKIP_POSTFIX").ok()?;
    (!v.is_empty() && v != "0").then_some(v)
}

fn postfix_installed() -> bool {
    POSTFIX_PROGRAMS.iter().all(|p| Path::new(p).exists())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout.trim_ascii() == b"0")
}

fn has_apt_get() -> bool {
    ["/usr/bin/apt-get", "/bin/apt-get"]
        .iter()
        .any(|p| Path::new(p).exists())
}

/// Runs one `apt-get` step, non-interactively, waiting for a held dpkg lock.
fn apt_get(args: &[&str]) -> Result<(), String> {
    println!("xtask test: apt-get {}", args.join(" "));
    let status = Command::new("apt-get")
        .args(["-o", "DPkg::Lock::Timeout=600"])
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .map_err(|e| format!("cannot run apt-get: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`apt-get {}` failed ({status})", args.join(" ")))
    }
}

/// Makes Postfix and (for the Spark test) a Java runtime available if it
/// can, with one `apt-get update`; `Err` only when an install was tried and
/// failed.
fn ensure_packages() -> Result<(), String> {
    let mut want_postfix = false;
    if let Some(v) = skip_requested() {
        eprintln!(
            "xtask test: SMTP_STATUS_SKIP_POSTFIX={v}: not installing Postfix; \
             the real-Postfix test will be reported as IGNORED (not run)"
        );
    } else if postfix_installed() {
        println!("xtask test: Postfix found (/usr/sbin/postfix)");
    } else {
        want_postfix = true;
    }
    let want_java = crate::python::java_missing();
    if !want_postfix && !want_java {
        return Ok(());
    }
    if !(is_root() && has_apt_get()) {
        if want_postfix {
            eprintln!(
                "xtask test: WARNING: Postfix is not installed and cannot be installed here \
                 (needs root and apt-get); the real-Postfix test will FAIL. {INSTALL_HINT}"
            );
        }
        if want_java {
            eprintln!(
                "xtask test: WARNING: no Java 17 or later and it cannot be installed here \
                 (needs root and apt-get); the Spark test will FAIL"
            );
        }
        return Ok(());
    }
    println!("xtask test: installing what is missing from the system's packages");
    apt_get(&["update"])?;
    let mut packages = Vec::new();
    if want_postfix {
        packages.push("postfix");
    }
    if want_java {
        packages.push(crate::python::jre_package()?);
    }
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend(packages);
    apt_get(&args)?;
    if want_postfix && !postfix_installed() {
        return Err("apt-get installed postfix but /usr/sbin/postfix is missing".into());
    }
    Ok(())
}

pub fn main(root: &Path, args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    if let Err(e) = ensure_packages() {
        eprintln!("error: installing Postfix or Java: {e}. {INSTALL_HINT}");
        return ExitCode::FAILURE;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let shown: String = args.iter().map(|a| format!(" {a}")).collect();
    println!("xtask test: cargo test --workspace --no-fail-fast{shown}");
    let status = match Command::new(cargo)
        .current_dir(root)
        .args(["test", "--workspace", "--no-fail-fast"])
        .args(args)
        .status()
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The Python tests run even after a Rust failure, as every test binary
    // does; the Rust status wins.
    let python = if crate::python::skip_requested() {
        eprintln!(
            "xtask test: WARNING: SMTP_STATUS_SKIP_PYTHON is set: the Python tests \
             (crates/smtp-status-py/tests) were NOT run"
        );
        Ok(())
    } else {
        crate::python::test(root)
    };
    if let Some(v) = skip_requested() {
        eprintln!(
            "xtask test: WARNING: SMTP_STATUS_SKIP_POSTFIX={v}: the real-Postfix test was \
             NOT run (reported as ignored above)"
        );
    }
    match (status.code(), python) {
        (Some(0), Ok(())) => ExitCode::SUCCESS,
        (Some(0), Err(e)) => {
            eprintln!("error: the Python tests: {e}");
            ExitCode::FAILURE
        }
        (Some(c), _) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        (None, _) => ExitCode::FAILURE,
    }
}
