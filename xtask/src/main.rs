//! Maintainer tasks for smtp-status: `cargo xtask codegen`,
//! `cargo xtask refresh-registry` and `cargo xtask test`. Run `cargo xtask help` for usage.

mod codegen;
mod fetch;
mod files;
mod journal;
mod python;
mod refresh;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <COMMAND>

Commands:
  codegen [--check]
      Regenerate crates/smtp-status/src/generated/ from registry/, after
      finishing a refresh that was interrupted (it says so).
      --check  change nothing; exit 1 if the committed files are stale.

  refresh-registry [--source URL|PATH] [--dry-run|--check] [...]
      Fetch the IANA registry (default: IANA's URL), validate it, pin names
      for new codes, and write registry/ and the generated code.
      Run `cargo xtask refresh-registry --help` for every option.

  test [CARGO TEST ARGS...]
      The test command: install what the tests need and this machine lacks
      (Postfix and Java, as root, with apt-get), then `cargo test --workspace`
      and the Python tests (a venv in target/python-venv, the wheel, pytest).
      Run `cargo xtask test --help` for details.

  help
      Show this message.

Both work on the workspace of this xtask, or on XTASK_ROOT if set.
";

/// The workspace root: `XTASK_ROOT` if set, else the parent of this crate's
/// folder.
fn root() -> PathBuf {
    if let Some(root) = std::env::var_os("XTASK_ROOT") {
        return PathBuf::from(root);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    match cmd.as_str() {
        "codegen" => codegen::main(&root(), rest),
        "refresh-registry" => refresh::main(&root(), rest),
        "test" => test::main(&root(), rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
