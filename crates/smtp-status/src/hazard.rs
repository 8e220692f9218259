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
