//! The fast path: the common shape of a reply, quickly. Speed work,
//! private; the parser sees only [`parse_fast`], whose `None` means "ask
//! the full parse", never an error.
//!
//! The split into a fast path for the common, well-formed case and a
//! general path for everything else is httparse's (seanmonstar/httparse
//! `src/lib.rs`, and its `src/simd/` for the vector part). Here the fast
//! path gives up on anything that could warn or fail; the tests below
//! check on generated replies that whenever it answers, the full parse
//! answers the same. Its tricks, each measured with callgrind (README,
//! benchmark section): the first line apart from the others (most replies
//! have one); the leading enhanced code read from a fixed 8-byte window
//! by its shape ([`lead8`]); later lines' code and enhanced code compared
//! with the first line's as one masked word each.

use super::errors::Warning;
use super::line::{is_control, leading_enhanced};
use super::options::Options;
use super::packed::pack;
use super::parsed::Reply;
use super::scan::find_lf;
use crate::code::scan;
use crate::{EnhancedCode, ReplyCode};

/// What leads a line's text, for the fast path. Two words, so that it
/// comes back from a call in registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// An enhanced code followed by `SP` or HT: the code [`pack`]ed, and in
    /// the top byte the length, which counts both (at most 8).
    Code(u64),
    /// No enhanced code.
    None,
    /// Anything else (a colon after the code, a code that ends the text, a
    /// longer code): the full parse decides.
    Unsure,
}

impl Lead {
    /// Where a [`Lead::Code`]'s number keeps the length.
    const LEN_SHIFT: u32 = 56;

    #[inline(always)]
    const fn code(e: EnhancedCode, len: usize) -> Lead {
        Lead::Code(pack(e) | (len as u64) << Lead::LEN_SHIFT)
    }

    /// A [`Lead::Code`]'s number split into the packed code and its length.
    #[inline(always)]
    const fn split(v: u64) -> (u64, u64) {
        (v & ((1 << Lead::LEN_SHIFT) - 1), v >> Lead::LEN_SHIFT)
    }
}

/// [`Lead`] from the first 8 bytes at the start of a line's text. Bytes
/// past the text (`text_len`) are the line's CR and what follows it: CR is
/// neither digit nor dot, so the code's grammar stops there as it would at
/// the end of the text. The grammar is the crate's one ([`scan`]), on a
/// window whose length the compiler knows.
#[inline(always)]
fn lead8(h: [u8; 8], text_len: usize) -> Lead {
    match scan::<false>(&h) {
        Ok((e, end)) => match h.get(end) {
            Some(b' ' | b'\t') => Lead::code(e, end + 1),
            // A colon after the code; the window or the text ends with
            // the code (the full parse sees what follows).
            Some(b':') | None => Lead::Unsure,
            Some(_) if end >= text_len => Lead::Unsure,
            Some(_) => Lead::None,
        },
        // Class, subject and the detail's first three digits are all in
        // the window: a failure there is no code.
        Err(_) => Lead::None,
    }
}

/// [`Lead`] from the text itself, when fewer than 8 bytes follow it: what
/// [`leading_enhanced`] finds, sure only of a code that SP or HT ends.
#[inline]
fn lead_slice(text: &[u8]) -> Lead {
    match leading_enhanced(text) {
        None => Lead::None,
        Some((e, skip, false)) if skip <= 8 && matches!(text[skip - 1], b' ' | b'\t') => {
            Lead::code(e, skip)
        }
        // A colon, a code that ends the text, a longer code.
        Some(_) => Lead::Unsure,
    }
}

/// The common case, quickly: every line is the same reply code, `-` or
/// `SP`, some text and CRLF, within the limits; the enhanced code leads
/// every line's text, the same bytes followed by `SP` or HT, or leads
/// none. Then the only warnings possible are trailing whitespace and a
/// class mismatch. `None` means "not this case": it is not an error.
///
/// The first line is read apart from the others, so that a one-line
/// reply (most replies) goes straight through.
#[inline(always)]
pub(super) fn parse_fast<'a>(o: &Options, buf: &'a [u8], start: usize) -> Option<Reply<'a>> {
    let buf = buf.get(start..)?;
    let head = *buf.first_chunk::<4>()?;
    let code = ReplyCode::from_bytes(&head[..3]).ok()?;
    if o.max_lines == 0 {
        return None;
    }
    let lf = find_lf(buf, 0, buf.len().min(o.max_line_len))?;
    // Code, separator, at least one byte of text, CR.
    if lf < 6 || buf[lf - 1] != b'\r' {
        return None;
    }
    let text = &buf[4..lf - 1];
    let mut warnings = fast_text(o, text)?;
    let mut enhanced: u64 = 0;
    let mut lead_len: u64 = 0;
    let text8 = buf.get(4..).and_then(|t| t.first_chunk::<8>());
    if o.enhanced_codes {
        // The text's first 8 bytes, then CR, LF and what follows.
        let lead = match text8 {
            Some(h) => lead8(*h, lf - 5),
            None => lead_slice(text),
        };
        match lead {
            Lead::Code(v) => (enhanced, lead_len) = Lead::split(v),
            Lead::None => {}
            Lead::Unsure => return None,
        }
    }
    let (end, lines) = match head[3] {
        b' ' => (lf + 1, 1),
        b'-' => {
            let word = u32::from_le_bytes(head) & 0x00ff_ffff;
            // The code and the separator after it, as bytes to compare
            // later lines' with: `key` under `key_mask`.
            let (key, key_mask) = match lead_len {
                0 => (0, 0),
                len => {
                    let mask = u64::MAX >> (64 - 8 * len);
                    (u64::from_le_bytes(*text8?) & mask, mask)
                }
            };
            fast_continuation(o, buf, lf + 1, word, key, key_mask, &mut warnings)?
        }
        _ => return None,
    };
    if enhanced != 0 && !crate::agreement::digits_agree(head[0] - b'0', enhanced as u8) {
        warnings |= Warning::ClassMismatch.bit();
    }
    Some(Reply::new(
        &buf[..end],
        code,
        enhanced,
        warnings,
        lines,
        o.enhanced_codes,
    ))
}

/// The fast path's check of one line's text: in strict mode, no control
/// characters (else `None`); in lenient mode, the trailing-whitespace
/// warning's bit.
#[inline(always)]
fn fast_text(o: &Options, text: &[u8]) -> Option<u16> {
    if o.strict {
        if text.iter().any(|&b| is_control(b)) {
            return None;
        }
    } else if let Some(b' ' | b'\t') = text.last() {
        return Some(Warning::TrailingWhitespace.bit());
    }
    Some(0)
}

/// [`parse_fast`]'s lines after the first, from `pos`: each must start
/// with `word` (the reply code) and, when `key_mask` is not zero, have the
/// first line's enhanced code (`key`) lead its text; when it is zero, no
/// enhanced code may lead it. Returns where the reply ends and how many
/// lines it has.
#[inline(always)]
fn fast_continuation(
    o: &Options,
    buf: &[u8],
    mut pos: usize,
    word: u32,
    key: u64,
    key_mask: u64,
    warnings: &mut u16,
) -> Option<(usize, u32)> {
    let mut lines: u32 = 1;
    loop {
        if lines as usize >= o.max_lines {
            return None;
        }
        let lf = find_lf(buf, pos, buf.len().min(pos.saturating_add(o.max_line_len)))?;
        if lf < pos + 6 || buf[lf - 1] != b'\r' {
            return None;
        }
        let this = u32::from_le_bytes(*buf[pos..].first_chunk::<4>()?);
        if this & 0x00ff_ffff != word {
            return None;
        }
        let text = &buf[pos + 4..lf - 1];
        *warnings |= fast_text(o, text)?;
        if o.enhanced_codes {
            if key_mask != 0 {
                let head = buf.get(pos + 4..).and_then(|t| t.first_chunk::<8>())?;
                if u64::from_le_bytes(*head) & key_mask != key {
                    return None;
                }
            } else if leading_enhanced(text).is_some() {
                return None;
            }
        }
        lines += 1;
        pos = lf + 1;
        match (this >> 24) as u8 {
            b' ' => return Some((pos, lines)),
            b'-' => {}
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::reply::full::parse_full;
    use crate::reply::packed::unpack;
    use crate::reply::parsed::Progress;

    #[test]
    fn fast_path_agrees_with_the_full_parse() {
        // Replies built from pieces, good and bad, by a fixed xorshift.
        let codes: &[&[u8]] = &[b"250", b"550", b"251", b"450", b"354", b"25x", b""];
        let seps: &[&[u8]] = &[b"-", b" ", b"", b"\t", b"x"];
        let enhanced: &[&[u8]] = &[
            b"",
            b"5.1.1 ",
            b"5.1.1",
            b"5.1.1:",
            b"5.1.1: ",
            b"4.7.0 ",
            b"5.7.606 ",
            b"2.0.0\t",
            b"5.01.1 ",
            b"5.123.456 ",
            b"5.1.1x ",
            b"5.1.10 ",
        ];
        let texts: &[&[u8]] = &[
            b"",
            b"ok",
            b"User unknown",
            b"a  ",
            b" ",
            b"tab\t",
            b"x\ry",
            b"\x01",
            b"The email account that you tried to reach does not exist.",
        ];
        let endings: &[&[u8]] = &[b"\r\n", b"\r\n", b"\r\n", b"\n", b"\r", b""];
        let options = [
            Options::lenient(),
            Options::strict(),
            Options::lenient().enhanced_codes(false),
            Options::strict().max_line_len(24),
            Options::lenient().max_lines(2),
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut pick = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut fast, mut total) = (0, 0);
        let mut buf = std::vec::Vec::new();
        for _ in 0..200_000 {
            buf.clear();
            // Sometimes a reply before this one, as in a pipelined read.
            let start = if pick(4) == 0 { 8 } else { 0 };
            if start > 0 {
                buf.extend_from_slice(b"250 ok\r\n");
            }
            let lines = 1 + pick(4);
            // Mostly one code and one enhanced code for the whole reply.
            let (code, enh) = (pick(codes.len()), pick(enhanced.len()));
            for i in 0..lines {
                let last = i + 1 == lines;
                let c = if pick(8) == 0 {
                    pick(codes.len())
                } else {
                    code
                };
                buf.extend_from_slice(codes[c]);
                let sep = match pick(10) {
                    0 => seps[pick(seps.len())],
                    _ if last => b" ",
                    _ => b"-",
                };
                buf.extend_from_slice(sep);
                let e = if pick(6) == 0 {
                    pick(enhanced.len())
                } else {
                    enh
                };
                buf.extend_from_slice(enhanced[e]);
                buf.extend_from_slice(texts[pick(texts.len())]);
                let end = if pick(5) == 0 { pick(endings.len()) } else { 0 };
                buf.extend_from_slice(endings[end]);
            }
            if pick(3) == 0 {
                buf.extend_from_slice(b"250 next\r\n");
            }
            for o in &options {
                total += 1;
                if let Some(r) = parse_fast(o, &buf, start) {
                    fast += 1;
                    for eof in [false, true] {
                        assert_eq!(
                            parse_full(o, &buf, start, eof),
                            Ok(Progress::Complete(r)),
                            "{o:?} {:?}",
                            std::string::String::from_utf8_lossy(&buf)
                        );
                    }
                }
            }
        }
        // The fast path is taken, and not for everything.
        assert!(
            fast > total / 10 && fast < total * 9 / 10,
            "{fast} of {total}"
        );
    }

    /// `lead8` on the window of a line whose text is `text`, as the fast
    /// path reads it: the text, CR, LF, then more bytes.
    fn lead_of(text: &[u8]) -> Option<Lead> {
        let mut line = [0u8; 40];
        let rest = line.get_mut(..text.len())?;
        rest.copy_from_slice(text);
        line[text.len()..text.len() + 8].copy_from_slice(b"\r\n5.5.5 ");
        Some(lead8(*line.first_chunk::<8>()?, text.len()))
    }

    /// What the full parse finds at the start of `text`, against what
    /// the fast path says: a code only when the full parse finds the same
    /// code and length followed by SP or HT, none only when it finds none.
    fn check_lead(text: &[u8], lead: Lead) {
        let full = leading_enhanced(text);
        match lead {
            Lead::Code(v) => {
                let (e, len) = Lead::split(v);
                let (e, len) = (unpack(e).unwrap(), len as usize);
                assert_eq!(full, Some((e, len, false)), "{text:?}");
                assert!(matches!(text[len - 1], b' ' | b'\t'), "{text:?}");
            }
            Lead::None => assert_eq!(full, None, "{text:?}"),
            Lead::Unsure => {}
        }
    }

    #[test]
    fn fast_enhanced_code_agrees_with_the_full_parse() {
        let samples: &[&[u8]] = &[
            b"5.7.606 Access denied",
            b"5.7.26 x",
            b"2.0.0 Ok",
            b"4.7.0\tx",
            b"5.1.1: User unknown",
            b"5.1.1",
            b"5.01.1 x",
            b"5.1.01 x",
            b"5.0.0 x",
            b"5.1.1234",
            b"5.123.45 x",
            b"5.1.1x",
            b"3.1.1 x",
            b"5.1",
            b"",
        ];
        for t in samples {
            check_lead(t, lead_of(t).unwrap());
            check_lead(t, lead_slice(t));
        }
        assert_eq!(
            lead_of(b"5.7.606 x").unwrap(),
            Lead::code(EnhancedCode::from_bytes(b"5.7.606").unwrap(), 8)
        );
        assert_eq!(lead_of(b"5.1.1").unwrap(), Lead::Unsure);
        assert_eq!(lead_of(b"5.1.1x").unwrap(), Lead::None);
        // Every text of 1 to 9 bytes: a class byte, then bytes from an
        // alphabet of digits, dot, colon, SP and a letter.
        crate::each_string(b"2453", b"019.: x", 9, |t| {
            check_lead(t, lead_of(t).unwrap())
        });
    }
}
