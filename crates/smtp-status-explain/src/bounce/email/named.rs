//! An email's human-readable text as its RFC 3464 recipients use it, read
//! once for all of them: the facts of the whole text ([`Facts`]), where each
//! recipient's address is first named (one pass of an automaton over every
//! address), and the lines about it, with their facts, found once per line
//! however many recipients the line names.

use std::cell::RefCell;
use std::collections::HashMap;

use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind};

use crate::verdict::decide::Facts;
use crate::work;

pub(crate) struct EmailText<'t> {
    text: &'t str,
    /// The facts of the whole text.
    pub(crate) whole: Facts<'t>,
    /// Each address asked for: where it first occurs (`text.find`), and
    /// where that line starts.
    first: HashMap<String, (usize, usize)>,
    /// The end of the lines about the line that starts at the key.
    ends: RefCell<HashMap<usize, usize>>,
    /// The facts of the lines about a recipient, by their range.
    lines: RefCell<HashMap<(usize, usize), Facts<'t>>>,
}

/// Where each of `needles` (none empty) first occurs in `text`, as
/// `text.find` says, in one pass over the text. One needle is searched for
/// alone; several by an automaton built for this text, a non-contiguous NFA:
/// the cheapest to build, and it is used once (a DFA cost about 120,000
/// instructions to build per email, more than the search).
pub(crate) fn first_offsets<S: AsRef<[u8]>>(text: &str, needles: &[S]) -> Vec<Option<usize>> {
    let mut at: Vec<Option<usize>> = vec![None; needles.len()];
    if text.is_empty() || needles.is_empty() {
        return at;
    }
    work::scan(text.len());
    if let [one] = needles {
        at[0] = memchr::memmem::find(text.as_bytes(), one.as_ref());
        return at;
    }
    let Ok(ac) = AhoCorasickBuilder::new()
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .build(needles)
    else {
        return at;
    };
    let mut left = needles.len();
    for m in ac.find_overlapping_iter(text) {
        let slot = &mut at[m.pattern().as_usize()];
        if slot.is_none() {
            *slot = Some(m.start());
            left -= 1;
            if left == 0 {
                break;
            }
        }
    }
    at
}

impl<'t> EmailText<'t> {
    /// `text`, with the first occurrence of each of `addresses` found.
    pub(crate) fn new(text: &'t str, addresses: impl IntoIterator<Item = String>) -> Self {
        let mut first = HashMap::new();
        let mut wanted: Vec<String> = Vec::new();
        for a in addresses {
            if a.is_empty() {
                // `text.find("")`: the start.
                first.insert(a, 0);
            } else if !first.contains_key(&a) {
                first.insert(a.clone(), usize::MAX);
                wanted.push(a);
            }
        }
        for (a, at) in wanted.iter().zip(first_offsets(text, &wanted)) {
            if let Some(at) = at {
                first.insert(a.clone(), at);
            }
        }
        first.retain(|_, at| *at != usize::MAX);
        // The start of each one's line, in one sweep in text order.
        let mut offsets: Vec<usize> = first.values().copied().collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut starts = HashMap::new();
        let (mut prev, mut line) = (0, 0);
        for at in offsets {
            if let Some(i) = memchr::memrchr(b'\n', &text.as_bytes()[prev..at]) {
                line = prev + i + 1;
            }
            work::scan(at - prev);
            starts.insert(at, line);
            prev = at;
        }
        EmailText {
            text,
            whole: Facts::new(text),
            first: first
                .into_iter()
                .map(|(a, at)| (a, (at, starts[&at])))
                .collect(),
            ends: RefCell::new(HashMap::new()),
            lines: RefCell::new(HashMap::new()),
        }
    }

    /// The line of the text that names `addr`, with the indented lines that
    /// continue it: `(start, end)`.
    pub(crate) fn lines_about(&self, addr: &str) -> Option<(usize, usize)> {
        let (at, start) = *self.first.get(addr)?;
        let text = self.text;
        // Recipients named in one line share it: the line is read once,
        // however many of them it names.
        if let Some(&end) = self.ends.borrow().get(&start) {
            return Some((start, end));
        }
        let mut end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        while let Some(next) = text.get(end + 1..) {
            if !next.starts_with([' ', '\t']) || next.trim_start().is_empty() {
                break;
            }
            end = next.find('\n').map_or(text.len(), |i| end + 1 + i);
        }
        work::scan(end - start);
        self.ends.borrow_mut().insert(start, end);
        Some((start, end))
    }

    /// The text of a range from [`EmailText::lines_about`].
    pub(crate) fn slice(&self, (start, end): (usize, usize)) -> &'t str {
        &self.text[start..end]
    }

    /// Runs `f` on the facts of the lines in `range`, found once.
    pub(crate) fn with_lines<T>(
        &self,
        range: (usize, usize),
        f: impl FnOnce(&Facts<'t>) -> T,
    ) -> T {
        let mut lines = self.lines.borrow_mut();
        let facts = lines
            .entry(range)
            .or_insert_with(|| Facts::new(&self.text[range.0..range.1]));
        f(facts)
    }
}

#[cfg(test)]
mod tests {
    use super::first_offsets;

    /// What `str::find` says for each needle.
    fn by_find(text: &str, needles: &[&str]) -> Vec<Option<usize>> {
        needles.iter().map(|n| text.find(n)).collect()
    }

    #[test]
    fn first_offsets_are_str_find() {
        let text = "To: xa@b.example, a@b.example\nFailed: a@b.example (550 user unknown)\n";
        let cases: [&[&str]; 6] = [
            &["a@b.example"],
            &["xa@b.example", "a@b.example"],
            // Overlapping and repeated needles, and one that never occurs.
            &["a@b.example", "xa@b.example", "nobody@b.example"],
            &["a@b.example", "a@b.example"],
            &["nobody@b.example"],
            &[],
        ];
        for needles in cases {
            assert_eq!(
                first_offsets(text, needles),
                by_find(text, needles),
                "{needles:?}"
            );
        }
        assert_eq!(first_offsets("", &["a@b.example"]), vec![None]);
    }
}
