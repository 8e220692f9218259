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
        Ok(b) => {
            for r in &b.recipients {
                if let Some(code) = r.status {
                    let again: EnhancedCode = code.to_string().parse().expect("code prints and parses");
                    assert_eq!(again, code);
                    let _ = code.registered();
                }
                if let Some(dsn) = &r.dsn {
                    if let Some(reply) = &dsn.reply {
                        assert!(reply.enhanced.is_none_or(|e| e.to_string().parse() == Ok(e)));
                    }
                    assert_eq!(dsn.is_failure, dsn.action == "failed");
                }
                // Every recipient has a reason, and a hard bounce is one of
                // the reasons that can be hard.
                assert!(!r.reason.as_str().is_empty());
                assert!(!r.hard || r.reason.is_hard(true));
            }
            // The streaming form agrees with the collecting one.
            let mut n = 0;
            let streamed = smtp_status_explain::read_with(data, |_, _| n += 1).expect("read succeeded");
            assert_eq!(b.recipients.len(), n);
            assert_eq!(b.warnings, streamed.warnings);
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert!(smtp_status_explain::read_with(data, |_, _| ()).is_err());
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
    for r in smtp_status_explain::reply::replies(data).take(64) {
        let _ = r.map(|r| r.warnings.len());
    }
});
