//! The classifier on the committed development corpus (tests/corpus:
//! 272 real bounce emails from sisimai/set-of-emails, BSD-2-Clause, with
//! the expected results of Sisimai's test suites): the agreement floors,
//! and no error on any email nor on its CRLF and CR-only variants.

mod eval;

#[test]
fn the_corpus_meets_the_floors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let score = eval::evaluate(&dir).unwrap();
    let report = score.report();
    assert_eq!(score.emails, 272, "{report}");
    assert!(score.counts() >= 99.0, "{report}");
    // The floors: reason 92%, hard/soft 97%, status 95%.
    assert!(score.reason() >= 92.0, "{report}");
    assert!(score.hard() >= 97.0, "{report}");
    assert!(score.status() >= 95.0, "{report}");
    assert!(score.errors.is_empty(), "{:?}", score.errors);
}
