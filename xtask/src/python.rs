//! The Python part of `cargo xtask test`: a virtual environment of its own
//! (target/python-venv) with the pinned tools of
//! crates/smtp-status-py/requirements-test.txt (maturin, pytest, mypy,
//! PySpark, pandas, pyarrow), the wheel built in release mode and installed
//! there, then pytest on crates/smtp-status-py/tests (the Spark test needs a
//! Java runtime, which the caller installs with Postfix when missing).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Java runtime package PySpark 4 can use (Java 17 or later), first one
/// that this machine's package lists offer.
const JRE_PACKAGES: [&str; 2] = ["openjdk-17-jre-headless", "openjdk-21-jre-headless"];

/// Whether a Java 17 or later is on PATH.
fn java_ok() -> bool {
    let Ok(out) = Command::new("java").arg("-version").output() else {
        return false;
    };
    // `openjdk version "17.0.15" 2025-04-15` (on stderr).
    let text = String::from_utf8_lossy(&out.stderr);
    text.split('"')
        .nth(1)
        .and_then(|v| v.split('.').next())
        .and_then(|major| major.parse::<u32>().ok())
        .is_some_and(|major| major >= 17)
}

/// Whether the Python tests will run and lack Java 17 or later.
pub fn java_missing() -> bool {
    !skip_requested() && !java_ok()
}

/// SMTP_STATUS_SKIP_PYTHON set, not empty and not `0`: no Python tests.
pub fn skip_requested() -> bool {
    std::env::var("SMTP_STATUS_SKIP_PYTHON").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The Debian package of a Java runtime PySpark can use, the first that
/// the package lists (after `apt-get update`) offer.
pub fn jre_package() -> Result<&'static str, String> {
    JRE_PACKAGES
        .iter()
        .copied()
        .find(|p| {
            Command::new("apt-cache")
                .args(["show", p])
                .output()
                .is_ok_and(|o| o.status.success() && !o.stdout.is_empty())
        })
        .ok_or_else(|| format!("apt offers none of {}", JRE_PACKAGES.join(", ")))
}

/// Runs a command, echoed first; `Err` names it when it fails.
fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}").replace('"', "");
    println!("xtask test: {shown}");
    let start = std::time::Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    println!("xtask test: ({:.0} s)", start.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// The venv's interpreter, the venv created when missing and the pinned
/// tools installed (pip skips what is there already).
fn venv(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("target").join("python-venv");
    let python = dir.join("bin").join("python");
    if !python.exists() {
        let system = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        run(Command::new(system).args(["-m", "venv"]).arg(&dir))?;
    }
    let requirements = root.join("crates/smtp-status-py/requirements-test.txt");
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(requirements))?;
    Ok(python)
}

/// Builds the wheel, installs it in the venv and runs pytest; `Err` says
/// which step failed.
pub fn test(root: &Path) -> Result<(), String> {
    let start = std::time::Instant::now();
    let result = steps(root);
    println!(
        "xtask test: the Python part took {:.0} s",
        start.elapsed().as_secs_f64()
    );
    result
}

fn steps(root: &Path) -> Result<(), String> {
    let python = venv(root)?;
    let bin = python.parent().expect("the venv's bin folder");
    let wheels = root.join("target").join("python-wheels");
    // Only this build's wheel is installed.
    let _ = std::fs::remove_dir_all(&wheels);
    run(Command::new(bin.join("maturin"))
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(root.join("crates/smtp-status-py/Cargo.toml"))
        .arg("--out")
        .arg(&wheels))?;
    let wheel = std::fs::read_dir(&wheels)
        .map_err(|e| format!("{}: {e}", wheels.display()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| format!("maturin wrote no wheel to {}", wheels.display()))?;
    run(Command::new(&python)
        .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
        .args(["--force-reinstall", "--no-deps"])
        .arg(&wheel))?;
    // From the tests' folder: the wheel is what is imported, never the
    // source tree; PYSPARK_PYTHON keeps Spark's workers in the venv.
    run(Command::new(&python)
        .args(["-m", "pytest", "-p", "no:cacheprovider", "-q", "."])
        .current_dir(root.join("crates/smtp-status-py/tests"))
        .env("PYSPARK_PYTHON", &python)
        .env("PYTHONDONTWRITEBYTECODE", "1"))
}
