// The one definition of the characters this project never prints raw, in
// generated code and docs (the generator) and in text and JSON output (the
// explain crate and the command). Dependency-free and `no_std`: the
// generator compiles this same file with `#[path]` (it must not depend on
// the crate it generates), so it names nothing outside itself.

/// Whether `c` must never reach a terminal, a JSON consumer or generated
/// source raw: every control character (C0 `U+0000..=U+001F`, DEL
/// `U+007F`, C1 `U+0080..=U+009F`: ESC and CSI start terminal sequences) and
/// every bidirectional formatting character (CVE-2021-42574; rustc refuses
/// them in comments and literals): the marks U+061C, U+200E and U+200F, the
/// embeddings and overrides U+202A to U+202E, the isolates U+2066 to U+2069.
///
/// Text output shows each as an escape (`\x1b`, `\u{200f}`), JSON Lines
/// output of the `smtp-status` command as `\u001b`, `\u200f`.
pub fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// The byte offset and the character of the first hazard ([`is_hazard`])
/// in `s`, if any. Printable ASCII, the bulk of any text and never a
/// hazard, is skipped eight bytes at a time without decoding; only what is
/// left is decoded and asked about. (The JSON Lines of the `smtp-status`
/// command pass every string through it: it costs about 11% more
/// instructions than serde_json's own escaping alone on output that is all
/// strings.)
pub fn find_hazard(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    loop {
        while let Some(word) = bytes.get(i..i + 8)
            && all_printable(word)
        {
            i += 8;
        }
        while bytes.get(i).is_some_and(|b| (0x20..0x7f).contains(b)) {
            i += 1;
        }
        // `i` is at a character boundary: only whole characters were
        // stepped over.
        let c = s.get(i..)?.chars().next()?;
        if is_hazard(c) {
            return Some((i, c));
        }
        i += c.len_utf8();
    }
}

/// Whether the 8 bytes of `word` are all printable ASCII (0x20 to 0x7e),
/// in a few operations on one `u64`: no high bit, no byte below 0x20, no
/// byte equal to 0x7f ("Bit Twiddling Hacks", S. E. Anderson: "determine
/// if a word has a byte less than n" and "... equal to n"; exact for the
/// word as a whole, which is all that is asked).
fn all_printable(word: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut eight = [0; 8];
    eight.copy_from_slice(word);
    let x = u64::from_ne_bytes(eight);
    let below_space = x.wrapping_sub(ONES * 0x20) & !x;
    let del = x ^ (ONES * 0x7f);
    let is_del = del.wrapping_sub(ONES) & !del;
    (x | below_space | is_del) & HIGH == 0
}
