//! Runs the classifier over a corpus folder with `expected.jsonl` and
//! prints the agreement per field and a per-reason confusion table.
//!
//! `cargo run -p smtp-status-explain --example eval-bounces -- DIR [--misses]`

#[path = "../tests/eval/mod.rs"]
mod eval;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: eval-bounces DIR [--misses]  (DIR holds expected.jsonl and the emails)");
        return ExitCode::from(2);
    };
    match eval::evaluate(std::path::Path::new(dir)) {
        Ok(score) => {
            print!("{}", score.report());
            if args.iter().any(|a| a == "--misses") {
                println!("\nmisses:");
                for m in score.misses.iter().chain(&score.errors) {
                    println!("  {m}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("eval-bounces: {e}");
            ExitCode::FAILURE
        }
    }
}
