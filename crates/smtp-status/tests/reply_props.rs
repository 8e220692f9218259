//! Property tests: no input panics; print and parse again gives the same value.

use proptest::prelude::*;
use smtp_status::reply::{self, Options, Progress};

fn line() -> impl Strategy<Value = String> {
    (
        prop::option::of((
            prop_oneof![Just(2u16), Just(4), Just(5)],
            0u16..1000,
            0u16..1000,
        )),
        "[ -~]{0,40}",
    )
        .prop_map(|(e, t)| {
            let t = t.trim_start().to_string();
            match e {
                Some((c, s, d)) if !t.is_empty() => format!("{c}.{s}.{d} {t}"),
                _ => t,
            }
        })
}

const PIECES: [&[u8]; 11] = [
    b"250", b"-", b" ", b"\r\n", b"\n", b"\r", b"5.7.606", b"4.7.0:", b"x", b"\xff", b"2.0",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..700)) {
        let _ = reply::parse(&bytes);
        let _ = Options::strict().parse(&bytes);
        let _ = Options::lenient().max_line_len(7).parse(&bytes);
        for r in Options::lenient().replies(&bytes).flatten() {
            let _ = r.to_string();
            let _ = r.lines().count();
        }
    }

    /// Every line has a text, whatever its bytes: shown as std's lossy
    /// conversion shows it, as `&str` exactly when it is UTF-8.
    #[test]
    fn str_lines_give_every_line_as_std_would(parts in prop::collection::vec(0usize..PIECES.len(), 0..40)) {
        let bytes: Vec<u8> = parts.iter().flat_map(|&i| PIECES[i].iter().copied()).collect();
        for r in Options::lenient().replies(&bytes).flatten() {
            prop_assert_eq!(r.str_lines().count(), r.line_count());
            for (text, line) in r.str_lines().zip(r.lines()) {
                prop_assert_eq!(text.as_bytes(), line);
                prop_assert_eq!(text.to_string(), String::from_utf8_lossy(line));
                prop_assert_eq!(text.to_str(), std::str::from_utf8(line).ok());
            }
        }
    }

    #[test]
    fn shaped_bytes_never_panic(parts in prop::collection::vec(0usize..PIECES.len(), 0..40)) {
        let bytes: Vec<u8> = parts.iter().flat_map(|&i| PIECES[i].iter().copied()).collect();
        let _ = reply::parse(&bytes);
        let _ = Options::strict().parse(&bytes);
        for r in Options::lenient().replies_streaming(&bytes).flatten() {
            let _ = r.to_string();
        }
    }

    #[test]
    fn print_and_parse_again(code in 200u16..600, lines in prop::collection::vec(line(), 1..6)) {
        let mut input = String::new();
        for (i, l) in lines.iter().enumerate() {
            let sep = if i + 1 == lines.len() { ' ' } else { '-' };
            if sep == ' ' && l.is_empty() {
                // A bare code: `200 ` with no text prints as `200`.
                input.push_str(&format!("{code}\r\n"));
            } else {
                input.push_str(&format!("{code}{sep}{l}\r\n"));
            }
        }
        let r = reply::parse(input.as_bytes()).unwrap();
        let printed = r.to_string();
        let again = reply::parse(printed.as_bytes()).unwrap();
        prop_assert_eq!(r.code(), again.code());
        prop_assert_eq!(r.enhanced(), again.enhanced());
        prop_assert_eq!(r.lines().collect::<Vec<_>>(), again.lines().collect::<Vec<_>>());
        prop_assert_eq!(r.warnings().collect::<Vec<_>>(), again.warnings().collect::<Vec<_>>());
        prop_assert_eq!(again.to_string(), printed.clone());
        // Streaming agrees with the complete parse.
        let Progress::Complete(s) = Options::lenient().parse(input.as_bytes()).unwrap() else { panic!() };
        prop_assert_eq!(s, r);
    }
}
