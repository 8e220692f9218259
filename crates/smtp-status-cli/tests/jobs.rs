//! `bounce --jobs N`: emails classified on several threads give
//! the same output, byte for byte and in input order, as `--jobs 1`
//! (write errors with several threads: `inputs.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_smtp-status");

fn corpus() -> Vec<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../smtp-status-explain/tests/corpus/emails");
    common::email_files(&dir)
}

fn run(args: &[&str], files: &[PathBuf]) -> Output {
    Command::new(BIN)
        .args(args)
        .args(files)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Output, errors and exit code of `bounce` with each `--jobs`, compared
/// with `--jobs 1`.
fn assert_same_as_one_job(files: &[PathBuf]) {
    for json in [false, true] {
        let mut args = vec![];
        if json {
            args.push("--json");
        }
        args.extend(["bounce", "--jobs", "1"]);
        let one = run(&args, files);
        assert!(!one.stdout.is_empty());
        for jobs in ["2", "3", "8"] {
            let last = args.len() - 1;
            args[last] = jobs;
            let many = run(&args, files);
            assert!(
                many.stdout == one.stdout,
                "--jobs {jobs}, json {json}: output differs"
            );
            assert_eq!(many.stderr, one.stderr, "--jobs {jobs}");
            assert_eq!(many.status.code(), one.status.code(), "--jobs {jobs}");
        }
        // The default: one job per core.
        args.truncate(args.len() - 2);
        assert!(
            run(&args, files).stdout == one.stdout,
            "default jobs, json {json}"
        );
    }
}

#[test]
fn the_corpus_gives_the_same_output_on_several_threads() {
    let files = corpus();
    assert!(files.len() >= 270);
    assert_same_as_one_job(&files);
}

/// A scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("smtp-status-jobs-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A delivery-status report naming `n` recipients.
fn big_report(n: usize) -> Vec<u8> {
    let mut r = b"Reporting-MTA: dns; mx.example.org\n".to_vec();
    for i in 0..n {
        r.extend_from_slice(
            format!("\nFinal-Recipient: rfc822; u{i}@example.org\nAction: failed\nStatus: 5.1.1\n")
                .as_bytes(),
        );
    }
    r
}

/// Emails whose output is larger than what a worker holds before its turn
/// (1 MiB), among the corpus's (batches of up to 64 emails on several
/// threads): they stream once their turn comes, and the order holds.
#[test]
fn large_emails_among_small_ones_keep_their_place() {
    let dir = scratch("large");
    let mut files = corpus();
    let big = dir.join("big.txt");
    std::fs::write(&big, big_report(1500)).unwrap();
    for at in [5, 200] {
        files.insert(at, big.clone());
    }
    let one = run(&["bounce", "--jobs", "1"], &files);
    let output = one.stdout.len();
    // Over 1 MiB each.
    assert!(output > 2 << 20, "{output} bytes");
    assert_same_as_one_job(&files);
    std::fs::remove_dir_all(&dir).unwrap();
}
