//! The full parse: every case, with errors, warnings and streaming.

use super::ParseError;
use super::errors::{ErrorKind, Warning, err};
use super::line::{is_control, leading_enhanced};
use super::options::Options;
use super::packed::pack;
use super::parsed::{Progress, Reply};
use super::scan::find_lf;
use crate::{EnhancedCode, ReplyCode};

/// Every case: errors, warnings, streaming. Kept out of line so that the
/// fast path stays small where it is inlined.
#[inline(never)]
pub(super) fn parse_full<'a>(
    o: &Options,
    buf: &'a [u8],
    start: usize,
    eof: bool,
) -> Result<Progress<Reply<'a>>, ParseError> {
    let mut pos = start;
    let mut warnings: u16 = 0;
    let mut code: Option<ReplyCode> = None;
    let mut first_enh: Option<EnhancedCode> = None;
    let mut last_enh: Option<EnhancedCode> = None;
    let mut enh_lines: u32 = 0;
    let mut lines: u32 = 0;
    let max_line = if o.max_line_len == 0 {
        1
    } else {
        o.max_line_len
    };
    loop {
        if lines as usize >= o.max_lines {
            return err(ErrorKind::TooManyLines, pos);
        }
        let limit = buf.len().min(pos.saturating_add(max_line));
        let (content_end, next) = match find_lf(buf, pos, limit) {
            Some(lf) => {
                if lf > pos && buf[lf - 1] == b'\r' {
                    (lf - 1, lf + 1)
                } else if o.strict {
                    return err(ErrorKind::BareLineFeed, lf);
                } else {
                    warnings |= Warning::BareLineFeed.bit();
                    (lf, lf + 1)
                }
            }
            None => {
                if buf.len() - pos >= max_line {
                    return err(ErrorKind::LineTooLong, pos);
                }
                if eof && buf.len() > pos {
                    warnings |= Warning::MissingLineEnding.bit();
                    let end = if buf[buf.len() - 1] == b'\r' {
                        buf.len() - 1
                    } else {
                        buf.len()
                    };
                    (end, buf.len())
                } else {
                    // Check what we have so far, so garbage fails early.
                    let have = &buf[pos..];
                    for (i, &b) in have.iter().take(3).enumerate() {
                        let ok = if i == 0 {
                            (b'2'..=b'5').contains(&b)
                        } else {
                            b.is_ascii_digit()
                        };
                        if !ok {
                            return err(ErrorKind::InvalidCode, pos);
                        }
                    }
                    // The code's missing digits, then the line ending.
                    let ending = if o.strict && have.last() != Some(&b'\r') {
                        2
                    } else {
                        1
                    };
                    let needed = 3usize.saturating_sub(have.len()) + ending;
                    return Ok(Progress::Incomplete { needed });
                }
            }
        };
        let line = &buf[pos..content_end];
        let this = match line.get(..3).map(ReplyCode::from_bytes) {
            Some(Ok(c)) => c,
            _ => return err(ErrorKind::InvalidCode, pos),
        };
        match code {
            None => code = Some(this),
            Some(c) if c != this => warnings |= Warning::CodeMismatch.bit(),
            _ => {}
        }
        lines += 1;
        let (last, text) = match line.get(3) {
            None => (true, &[][..]),
            Some(b' ') => (true, &line[4..]),
            Some(b'-') => (false, &line[4..]),
            Some(&b) => {
                if o.strict || is_control(b) {
                    return err(ErrorKind::InvalidSeparator, pos + 3);
                }
                // Lenient: `250\tok` or `250ok`; the line is the last one.
                warnings |= Warning::OddSeparator.bit();
                (true, &line[4..])
            }
        };
        if line.len() > 3 && text.is_empty() {
            if o.strict {
                return err(ErrorKind::MissingText, pos + 4);
            }
            warnings |= Warning::MissingText.bit();
        } else if line.len() == 3 && !last {
            warnings |= Warning::MissingText.bit();
        }
        if o.strict {
            for (i, &b) in text.iter().enumerate() {
                if is_control(b) {
                    return err(ErrorKind::InvalidText, pos + 4 + i);
                }
            }
        } else if let Some(b' ' | b'\t') = text.last() {
            warnings |= Warning::TrailingWhitespace.bit();
        }
        if o.enhanced_codes {
            if let Some((e, _, colon)) = leading_enhanced(text) {
                if colon {
                    warnings |= Warning::EnhancedFollowedByColon.bit();
                }
                match first_enh {
                    None => first_enh = Some(e),
                    Some(f) if f != e => warnings |= Warning::EnhancedMismatch.bit(),
                    _ => {}
                }
                enh_lines += 1;
                last_enh = Some(e);
            } else {
                last_enh = None;
            }
        }
        pos = next;
        if last {
            break;
        }
        if pos >= buf.len() {
            if eof {
                return err(ErrorKind::Incomplete, pos);
            }
            return Ok(Progress::Incomplete { needed: 4 });
        }
    }
    let code = match code {
        Some(c) => c,
        None => return err(ErrorKind::InvalidCode, start),
    };
    let mut enhanced = first_enh;
    if enh_lines > 0 && enh_lines < lines {
        if enh_lines == 1 && last_enh.is_some() {
            warnings |= Warning::EnhancedOnLastLineOnly.bit();
            enhanced = last_enh;
        } else {
            warnings |= Warning::EnhancedOnSomeLines.bit();
        }
    }
    if let Some(e) = enhanced
        && !crate::agreement::digits_agree(code.first_digit(), e.class() as u8)
    {
        warnings |= Warning::ClassMismatch.bit();
    }
    Ok(Progress::Complete(Reply::new(
        &buf[start..pos],
        code,
        enhanced.map_or(0, pack),
        warnings,
        lines,
        o.enhanced_codes,
    )))
}
