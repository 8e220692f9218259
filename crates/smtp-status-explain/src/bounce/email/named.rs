//! An email's human-readable text as its RFC 3464 recipients use it, read
//! once for all of them: the facts of the whole text ([`Facts`]), where each
//! recipient's address is first named (one pass of an automaton over every
//! address), and the lines about it, with their facts, found once per line
//! however many recipients the line names.

use std::cell::RefCell;
use std::collections::HashMap;

use aho_corasick::AhoCorasick;

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
        if !wanted.is_empty()
            && !text.is_empty()
            && let Ok(ac) = AhoCorasick::new(&wanted)
        {
            work::scan(text.len());
            let mut left = wanted.len();
            for m in ac.find_overlapping_iter(text) {
                let slot = first.get_mut(&wanted[m.pattern().as_usize()]);
                if let Some(at) = slot.filter(|at| **at == usize::MAX) {
                    *at = m.start();
                    left -= 1;
                    if left == 0 {
                        break;
                    }
                }
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
