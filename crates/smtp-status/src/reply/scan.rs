//! Line ends: where the next LF is. Speed work, private; the parser sees
//! only [`find_lf`].
//!
//! Two tricks, neither `unsafe`:
//! - 32 bytes a step as two 16-byte vector compares that the compiler
//!   makes from plain loops ([`has_lf`]), as memchr's generic searcher
//!   tests several vectors per step (BurntSushi/memchr
//!   `src/arch/generic/memchr.rs`).
//! - The exact byte of the LF from a word by SWAR ("SIMD within a
//!   register"): [`lf_bits64`] is the exact form of "determine if a word
//!   has a zero byte" from Sean Eron Anderson's Bit Twiddling Hacks
//!   (<https://graphics.stanford.edu/~seander/bithacks.html#ZeroInWord>),
//!   applied to the word XOR `0x0a` in every byte.

/// Whether `block` holds an LF. Written as an OR over the bytes so that
/// the compiler makes it one 16-byte compare and one mask test (SSE2
/// `pcmpeqb` and `pmovmskb` on x86-64, NEON on aarch64), with no `unsafe`
/// and no dependency.
#[inline(always)]
fn has_lf(block: &[u8; 16]) -> bool {
    let mut any = false;
    for &b in block {
        any |= b == b'\n';
    }
    any
}

/// The high bit of each byte of `x` that is LF, and no other bit
/// (exact, unlike the borrow trick, so bits can be masked off).
#[inline(always)]
fn lf_bits64(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let y = x ^ 0x0a0a_0a0a_0a0a_0a0a;
    // The high bit of each byte of `y` that is not zero, then inverted.
    !(((y & LOW7).wrapping_add(LOW7)) | y) & !LOW7
}

/// The index of the first LF in `block`, which has one.
#[inline(always)]
fn first_lf(block: &[u8; 16]) -> usize {
    let (lo, hi) = halves(block);
    let lo = lf_bits64(lo);
    if lo != 0 {
        return (lo.trailing_zeros() / 8) as usize;
    }
    8 + (lf_bits64(hi).trailing_zeros() / 8) as usize
}

/// The two 8-byte halves of `block` as little-endian words.
#[inline(always)]
fn halves(block: &[u8; 16]) -> (u64, u64) {
    let (lo, hi) = block.split_at(8);
    let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap_or([0; 8]));
    (word(lo), word(hi))
}

/// The index of the first LF in `buf[from..to]` (`from <= to <= buf.len()`).
///
/// Tests 16-byte windows of `buf` with [`has_lf`] and finds the byte in
/// the one that has it with [`first_lf`]. Windows may reach past `to` (a
/// match there means none before `to`); the last bytes of `buf` are read
/// as one window ending at its end.
#[inline(always)]
pub(super) fn find_lf(buf: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut at = from;
    while at < to {
        if let Some(pair) = buf.get(at..).and_then(|b| b.first_chunk::<32>()) {
            let (a, b) = (pair.first_chunk::<16>()?, pair.last_chunk::<16>()?);
            let (la, lb) = (has_lf(a), has_lf(b));
            if !(la | lb) {
                at += 32;
                continue;
            }
            let p = if la {
                at + first_lf(a)
            } else {
                at + 16 + first_lf(b)
            };
            return (p < to).then_some(p);
        }
        match buf.get(at..).and_then(|b| b.first_chunk::<16>()) {
            Some(block) => {
                if has_lf(block) {
                    let p = at + first_lf(block);
                    return (p < to).then_some(p);
                }
                at += 16;
            }
            None => {
                // Fewer than 16 bytes remain after `at`. When the last 16
                // bytes of `buf` all come at or after `from`, those before
                // `at` were seen above and hold no LF.
                if let Some(start) = buf.len().checked_sub(16)
                    && start >= from
                {
                    // The usual end of a reply: the last byte is the LF,
                    // and the 16 before it hold none.
                    if start > from
                        && buf.last() == Some(&b'\n')
                        && let Some(before) = buf.get(start - 1..).and_then(|b| b.first_chunk())
                        && !has_lf(before)
                    {
                        let p = buf.len() - 1;
                        return (p < to).then_some(p);
                    }
                    let block = buf.get(start..).and_then(|b| b.first_chunk::<16>())?;
                    if !has_lf(block) {
                        return None;
                    }
                    let p = start + first_lf(block);
                    return (p < to).then_some(p);
                }
                return find_lf_short(buf, from, to);
            }
        }
    }
    None
}

/// [`find_lf`] when `buf[from..]` is shorter than 16 bytes: the end of
/// `buf` read as one number, with the bits before `from` shifted out.
#[inline]
fn find_lf_short(buf: &[u8], from: usize, to: usize) -> Option<usize> {
    let len = buf.len();
    let (start, bits) = if let Some(block) = len
        .checked_sub(16)
        .and_then(|s| buf.get(s..))
        .and_then(|b| b.first_chunk::<16>())
    {
        let (lo, hi) = halves(block);
        let (lo, hi) = (lf_bits64(lo), lf_bits64(hi));
        (len - 16, (u128::from(hi) << 64) | u128::from(lo))
    } else if let (Some(lo), Some(hi)) = (buf.first_chunk::<8>(), buf.last_chunk::<8>()) {
        // 8 to 15 bytes: two reads that overlap; where they do, their
        // bits agree, so OR keeps them.
        let lo = lf_bits64(u64::from_le_bytes(*lo));
        let hi = lf_bits64(u64::from_le_bytes(*hi));
        (0, (u128::from(hi) << (8 * (len - 8))) | u128::from(lo))
    } else {
        let rest = buf.get(from..to)?;
        return rest.iter().position(|&b| b == b'\n').map(|j| from + j);
    };
    let skip = from - start;
    match bits >> (8 * skip) {
        0 => None,
        m => {
            let p = from + (m.trailing_zeros() / 8) as usize;
            (p < to).then_some(p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `find_lf` against a byte-by-byte search.
    fn check_find_lf(hay: &[u8], from: usize, to: usize) {
        let want = hay[from..to]
            .iter()
            .position(|&c| c == b'\n')
            .map(|j| from + j);
        assert_eq!(find_lf(hay, from, to), want, "{hay:?} window {from}..{to}");
    }

    #[test]
    fn find_lf_agrees_on_longer_buffers() {
        // Lengths 41 to 100 take the 32-byte steps more than once: one LF
        // anywhere (or none), every start, the ends that matter.
        let mut buf = [b'x'; 100];
        for len in 41..=buf.len() {
            for a in 0..=len {
                buf.fill(b'x');
                if a < len {
                    buf[a] = b'\n';
                }
                let hay = &buf[..len];
                for from in 0..=len {
                    for to in [from, from + 1, a, a + 1, len - 1, len] {
                        if to < from || to > len {
                            continue;
                        }
                        check_find_lf(hay, from, to);
                    }
                }
            }
        }
    }

    #[test]
    fn find_lf_agrees_with_a_byte_by_byte_search() {
        // Every buffer length up to 40, LFs at up to two places, every window.
        let mut buf = [b'x'; 40];
        for len in 0..=buf.len() {
            for a in 0..=len {
                for b in a..=len {
                    buf.fill(b'x');
                    if a < len {
                        buf[a] = b'\n';
                    }
                    if b < len {
                        buf[b] = b'\n';
                    }
                    let hay = &buf[..len];
                    for from in 0..=len {
                        for to in from..=len {
                            check_find_lf(hay, from, to);
                        }
                    }
                }
            }
        }
    }
}
