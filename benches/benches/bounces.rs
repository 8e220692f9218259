//! Whole-corpus bounce classification in one process: every email of the
//! committed development corpus (`crates/smtp-status-explain/tests/corpus`,
//! 272 real bounces) through `smtp_status_explain::read`, beside
//! mail-parser's own full parse of the same emails (the floor a MIME-based
//! reader cannot beat).
//!
//! `cargo bench --bench bounces`; criterion's throughput is in emails per
//! second (`Throughput::Elements`).

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn corpus() -> Vec<Vec<u8>> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/smtp-status-explain/tests/corpus/emails"
    );
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the committed corpus")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn bounces(c: &mut Criterion) {
    let emails = corpus();
    let mut g = c.benchmark_group("bounce-corpus");
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(emails.len() as u64));
    g.bench_function("smtp-status-explain classify", |b| {
        b.iter(|| {
            for e in &emails {
                black_box(smtp_status_explain::read(black_box(e)).map(|c| c.recipients.len()).ok());
            }
        })
    });
    g.bench_function("mail-parser parse", |b| {
        let parser = mail_parser::MessageParser::default();
        b.iter(|| {
            for e in &emails {
                black_box(parser.parse(black_box(e.as_slice())).map(|m| m.parts.len()));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bounces);
criterion_main!(benches);
