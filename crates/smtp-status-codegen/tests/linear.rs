//! Reading the registry takes work linear in the input: the document grows
//! 1x/2x/4x/8x (extra records, then filler elements) and the work counted by
//! the reader (events read, bytes looked at for line numbers) grows in
//! proportion. Counted in work, never in wall time.

use smtp_status_codegen::xml::{self, Stats};

const XML: &str = include_str!("../../../registry/smtp-enhanced-status-codes.xml");

/// The registry with `extra` inserted after its last record.
fn with_extra(extra: &str) -> String {
    let at = XML.rfind("</record>").unwrap() + "</record>".len();
    format!("{}{extra}{}", &XML[..at], &XML[at..])
}

/// `n` well-formed code records, X.1.100 upwards, none in the registry.
fn records(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "\n    <record date=\"2026-01-01\">\n      <code>X.{}.{}</code>\n      \
                 <sample>Extra {i}</sample>\n      <basic_code>550</basic_code>\n      \
                 <description>Filler record {i}.</description>\n      \
                 <reference><xref type=\"rfc\" data=\"rfc3463\"/></reference>\n      \
                 <submitter>Test</submitter>\n      <change_controller>IESG</change_controller>\n    \
                 </record>",
                1 + i / 900,
                100 + i % 900
            )
        })
        .collect()
}

/// About `bytes` of `<note>` elements, one per line.
fn filler(bytes: usize) -> String {
    let one = "\n    <note>filler filler filler filler filler filler filler</note>";
    one.repeat(bytes / one.len())
}

fn stats(doc: &str) -> Stats {
    let mut stats = Stats::default();
    xml::read_counted(doc.as_bytes(), "grown.xml", &mut stats).unwrap();
    stats
}

/// Work per input byte stays the same, within 10%, as the input doubles
/// three times; line scanning looks at each byte at most once.
fn assert_linear(docs: &[String]) {
    let all: Vec<(usize, Stats)> = docs.iter().map(|d| (d.len(), stats(d))).collect();
    for (len, s) in &all {
        assert!(s.line_bytes <= *len as u64, "{s:?} for {len} bytes");
    }
    let per_byte: Vec<f64> = all
        .iter()
        .map(|(len, s)| (s.events + s.line_bytes) as f64 / *len as f64)
        .collect();
    let (lo, hi) = per_byte
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    assert!(hi / lo < 1.1, "work per byte {per_byte:?} ({all:?})");
    // The events themselves double with the input (less the registry's own).
    let base = stats(XML).events;
    let added: Vec<u64> = all.iter().map(|(_, s)| s.events - base).collect();
    for (k, w) in added.windows(2).enumerate() {
        let ratio = w[1] as f64 / w[0] as f64;
        assert!((1.9..=2.1).contains(&ratio), "step {k}: {added:?}");
    }
}

#[test]
fn extra_records_take_linear_work() {
    let docs: Vec<String> = [250, 500, 1000, 2000]
        .iter()
        .map(|&n| with_extra(&records(n)))
        .collect();
    assert_linear(&docs);
    // The largest still parses and validates, every record kept.
    let reg = smtp_status_codegen::parse::parse(docs[3].as_bytes(), "grown.xml").unwrap();
    smtp_status_codegen::validate(&reg, "grown.xml").unwrap();
    let registered = XML
        .split("<code>X.")
        .skip(1)
        .filter(|rest| !rest.split('<').next().unwrap_or("").ends_with("YYY"))
        .count();
    assert_eq!(reg.codes.len(), registered + 2000);
}

#[test]
fn filler_elements_take_linear_work() {
    let mib = 1024 * 1024;
    let docs: Vec<String> = [mib / 2, mib, 2 * mib, 4 * mib]
        .iter()
        .map(|&n| with_extra(&filler(n)))
        .collect();
    assert_linear(&docs);
}

#[test]
fn line_numbers_stay_exact_deep_into_a_large_document() {
    let known = with_extra(&format!("{}\n    <oops/>", filler(1024 * 1024)));
    let want = known[..known.find("<oops/>").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let err = smtp_status_codegen::parse::parse(known.as_bytes(), "grown.xml").unwrap_err();
    assert_eq!(err.line, Some(want), "{err}");
}
