//! Runs the smtp-status parser over the corpus many times, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/profile`.
use smtp_status_bench::CORPUS;
use std::hint::black_box;

fn main() {
    let bytes: Vec<&[u8]> = CORPUS.iter().map(|s| s.as_bytes()).collect();
    for _ in 0..20_000 {
        for r in &bytes {
            black_box(smtp_status::reply::parse(black_box(r)).ok());
        }
    }
}
