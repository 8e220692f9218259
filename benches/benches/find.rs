//! `smtp_status::find::codes` on lines of ordinary log text, beside a plain
//! `memchr` scan of the same bytes (the cost of reading every byte once).
//!
//! `cargo bench --bench find`; criterion's median per group is for all the
//! lines: divide by `LINES.len()` for ns per line.

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// Log lines of the kind a mail server writes all day, most of them with no
/// status code, two with one.
const LINES: &[&str] = &[
    "Dec  2 05:17:09 mx postfix/smtpd[12345]: connect from mail-ed1-f41.google.com[209.85.208.41]",
    "Dec  2 05:17:09 mx postfix/smtpd[12345]: 3F2A41C0B2: client=mail-ed1-f41.google.com[209.85.208.41]",
    "Dec  2 05:17:10 mx postfix/cleanup[12346]: 3F2A41C0B2: message-id=<CAF=abc123@mail.gmail.com>",
    "Dec  2 05:17:10 mx postfix/qmgr[901]: 3F2A41C0B2: from=<a@example.com>, size=4521, nrcpt=1 (queue active)",
    "Dec  2 05:17:10 mx dovecot: lmtp(1234): Connect from local",
    "Dec  2 05:17:11 mx postfix/lmtp[12347]: 3F2A41C0B2: to=<b@example.org>, relay=mx[private/dovecot-lmtp], delay=0.42, delays=0.05/0.01/0.2/0.16, dsn=2.0.0, status=sent (250 2.0.0 <b@example.org> Saved)",
    "Dec  2 05:17:12 mx sshd[2222]: Accepted publickey for deploy from 198.51.100.23 port 52200 ssh2: ED25519 SHA256:abc",
    "198.51.100.23 - - [02/Dec/2026:05:17:12 +0000] \"GET /v2.4.1/status HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"",
    "Dec  2 05:17:13 mx kernel: [123456.789012] EXT4-fs (sda1): re-mounted. Quota mode: none.",
    "Dec  2 05:17:14 mx postfix/smtp[12348]: 4B1C2D3E4F: to=<c@example.net>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[203.0.113.9]:25: Connection timed out)",
];

fn find(c: &mut Criterion) {
    let bytes: Vec<&[u8]> = LINES.iter().map(|s| s.as_bytes()).collect();
    let total: usize = bytes.iter().map(|b| b.len()).sum();
    let mut g = c.benchmark_group("log-lines");
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("find::codes", |b| {
        b.iter(|| {
            for line in &bytes {
                black_box(smtp_status::find::codes(black_box(line)).count());
            }
        })
    });
    g.bench_function("memchr scan", |b| {
        b.iter(|| {
            for line in &bytes {
                black_box(memchr::memchr(0xff, black_box(line)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, find);
criterion_main!(benches);
