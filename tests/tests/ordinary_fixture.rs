//! The CLI's copy of the ordinary lines (no status code in any of them) is
//! what the core's generator makes: the CLI package carries the lines as a
//! file so that its tests run from the packaged crate, and this test keeps
//! the file and the one generator from drifting apart.
//!
//! `UPDATE_FIXTURES=1 cargo test -p smtp-status-tests --test ordinary_fixture`
//! rewrites the file.

#[path = "../../crates/smtp-status/tests/ordinary/mod.rs"]
mod ordinary;

use std::path::Path;

#[test]
fn the_cli_fixture_is_the_generators_output() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/smtp-status-cli/tests/fixtures/ordinary-lines.txt");
    let mut expected = ordinary::ordinary_lines(1000).join("\n");
    expected.push('\n');
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(committed.lines().count(), 1000);
    assert!(
        committed == expected,
        "{} differs from the generator's 1,000 lines: rerun with UPDATE_FIXTURES=1",
        path.display()
    );
}
