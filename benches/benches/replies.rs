use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use smtp_status::EnhancedCode;
use smtp_status_bench::*;
use std::hint::black_box;

fn replies(c: &mut Criterion) {
    let bytes: Vec<&[u8]> = CORPUS.iter().map(|s| s.as_bytes()).collect();
    let mut g = c.benchmark_group("corpus");
    // Every sample the same number of iterations, so that each takes the
    // same share of the measurement time: on a shared machine, a burst of
    // noise then moves as many samples as the share of time it lasts. (The
    // default linear sampling packs a third of the samples into the first
    // eighth of the time, where one burst can move the median.)
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("smtp-status", |b| {
        b.iter(|| {
            for r in &bytes {
                black_box(smtp_status::reply::parse(black_box(r)).ok());
            }
        })
    });
    g.bench_function("smtp-status+registered", |b| {
        b.iter(|| {
            for r in &bytes {
                black_box(
                    smtp_status::reply::parse(black_box(r))
                        .ok()
                        .map(|r| r.registered()),
                );
            }
        })
    });
    g.bench_function("smtp-proto", |b| {
        b.iter(|| {
            for r in &bytes {
                black_box(smtp_proto(black_box(r)));
            }
        })
    });
    g.bench_function("mail-send", |b| {
        b.iter(|| {
            for r in &bytes {
                black_box(mail_send(black_box(r)));
            }
        })
    });
    g.bench_function("lettre", |b| {
        b.iter(|| {
            for r in CORPUS {
                black_box(lettre(black_box(r)));
            }
        })
    });
    for r in &bytes {
        black_box(smtp_message(r));
    }
    g.bench_function("smtp-message", |b| {
        b.iter(|| {
            for r in &bytes {
                black_box(smtp_message(black_box(r)));
            }
        })
    });
    g.bench_function("naive", |b| {
        b.iter(|| {
            for r in CORPUS {
                black_box(naive(black_box(r)));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("bare");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("smtp-status parse+registered", |b| {
        b.iter(|| {
            for s in BARE {
                black_box(
                    EnhancedCode::from_bytes(black_box(s.as_bytes()))
                        .ok()
                        .and_then(|c| c.registered()),
                );
            }
        })
    });
    g.bench_function("naive", |b| {
        b.iter(|| {
            for s in BARE {
                black_box(naive_bare(black_box(s)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, replies);
criterion_main!(benches);
