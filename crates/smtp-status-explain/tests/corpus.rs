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
    // Issue 12 asks for 92% (reason, reached) and 97% (hard/soft, not yet:
    // the floor below is the figure reached so far, kept from falling back).
    assert!(score.reason() >= 92.0, "{report}");
    assert!(score.hard() >= 96.5, "{report}");
    assert!(score.status() >= 95.0, "{report}");
    assert!(score.errors.is_empty(), "{:?}", score.errors);
}
