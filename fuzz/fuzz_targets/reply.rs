//! Fuzz target: the reply parser on arbitrary bytes, in every mode. It must
//! not panic; printed replies must parse back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_status::reply::{Options, Progress};

fuzz_target!(|data: &[u8]| {
    let opts = [
        Options::lenient(),
        Options::strict(),
        Options::lenient().max_line_len(16).max_lines(3),
        Options::lenient().enhanced_codes(false),
    ];
    for o in opts {
        let _ = o.parse(data);
        if let Ok(r) = o.parse_complete(data) {
            let printed = r.to_string();
            // Printing may lengthen a line (CRLF for LF, U+FFFD for invalid UTF-8).
            let relaxed = o.max_line_len(o.get_max_line_len() * 3 + 2);
            let again = relaxed.parse_complete(printed.as_bytes()).expect("printed reply parses");
            assert_eq!(r.code(), again.code());
            assert_eq!(again.to_string(), printed);
        }
        for r in o.replies_streaming(data).flatten() {
            let _ = r.lines().count();
            let _ = r.registered();
        }
        if let Ok(Progress::Complete(r)) = o.parse(data) {
            assert!(r.len() <= data.len());
        }
    }
});
