//! Runs one parser over the corpus many times, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/profile [smtp-status|smtp-status+registered|smtp-proto|bare]`.
//!
//! With `--time` it prints the fastest of 200 timed rounds instead, a quick
//! reading while tuning; the published figures come from the criterion
//! benchmark (`cargo bench --bench replies`).
use smtp_status::EnhancedCode;
use smtp_status_bench::{BARE, CORPUS};
use std::hint::black_box;
use std::time::Instant;

fn round(which: &str, bytes: &[&[u8]], passes: usize) {
    for _ in 0..passes {
        match which {
            "smtp-status" => {
                for r in bytes {
                    black_box(smtp_status::reply::parse(black_box(r)).ok());
                }
            }
            "smtp-status+registered" => {
                for r in bytes {
                    black_box(
                        smtp_status::reply::parse(black_box(r))
                            .ok()
                            .map(|r| r.registered()),
                    );
                }
            }
            "smtp-proto" => {
                for r in bytes {
                    black_box(smtp_status_bench::smtp_proto(black_box(r)));
                }
            }
            "bare" => {
                for s in BARE {
                    black_box(
                        EnhancedCode::from_bytes(black_box(s.as_bytes()))
                            .ok()
                            .and_then(|c| c.registered()),
                    );
                }
            }
            other => panic!("unknown parser {other}"),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let time = args.iter().any(|a| a == "--time");
    let which = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or("smtp-status", String::as_str);
    let bytes: Vec<&[u8]> = CORPUS.iter().map(|s| s.as_bytes()).collect();
    if !time {
        round(which, &bytes, 20_000);
        return;
    }
    let per_pass = if which == "bare" {
        BARE.len()
    } else {
        CORPUS.len()
    };
    let passes = 2_000;
    let best = (0..200)
        .map(|_| {
            let t = Instant::now();
            round(which, &bytes, passes);
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    println!(
        "{which}: {:.2} ns per item (fastest of 200 rounds)",
        best * 1e9 / (passes * per_pass) as f64
    );
}
