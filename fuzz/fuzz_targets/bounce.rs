//! Fuzz target: the bounce reader and classifier on arbitrary bytes (the MIME walk, the
//! delivery-status parse of `smtp_status::dsn`, the reply in each
//! Diagnostic-Code and enhanced codes). It must not panic (debug assertions
//! on, in this crate and in mail-parser), and what it reads must hold
//! together.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_status::EnhancedCode;

fuzz_target!(|data: &[u8]| {
    match smtp_status_explain::read(data) {
        Ok(reports) => {
            let _ = reports.reporting_mta();
            let _ = reports.subject();
            let mut n = 0;
            for r in reports.recipients() {
                n += 1;
                if let Some(code) = r.status {
                    let again: EnhancedCode = code.to_string().parse().expect("code prints and parses");
                    assert_eq!(again, code);
                    let _ = code.registered();
                }
                if let Some(reply) = &r.reply {
                    assert!(reply.enhanced.is_none_or(|e| e.to_string().parse() == Ok(e)));
                }
                assert_eq!(r.is_failure, r.action == "failed");
            }
            // The collecting form agrees with the streaming one.
            let b = smtp_status_explain::parse(data).expect("read succeeded");
            assert_eq!(b.recipients.len(), n);
            assert_eq!(b.problems.len(), reports.problems().len());
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert!(smtp_status_explain::parse(data).is_err());
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(report) = smtp_status::dsn::parse(text) {
            let pm = report.per_message();
            let _ = (pm.reporting_mta(), pm.arrival_date(), pm.fields().count());
            for r in report.recipients() {
                let _ = (r.final_recipient(), r.action(), r.remote_mta(), r.will_retry_until());
                if let Some(Ok(s)) = r.status() {
                    let _ = (s.code(), s.comment());
                }
                if let Some(d) = r.diagnostic_code() {
                    let _ = smtp_status_explain::reply::read_diagnostic(d.value().to_string().as_bytes());
                }
            }
        }
        if let Ok(code) = text.parse::<EnhancedCode>() {
            assert_eq!(code.to_string().parse::<EnhancedCode>(), Ok(code));
        }
    }
    // The classifier on the same bytes: every recipient has a reason, and
    // a hard bounce is one of the reasons that can be hard.
    if let Ok(c) = smtp_status_explain::classify(data) {
        for k in &c.recipients {
            assert!(!k.reason.as_str().is_empty());
            assert!(!k.hard || k.reason.is_hard(true));
        }
    }
    for r in smtp_status_explain::reply::replies(data).take(64) {
        let _ = r.map(|r| r.warnings.len());
    }
});
