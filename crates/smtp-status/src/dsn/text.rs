//! A body's lines and blank-line-separated groups, with their offsets.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Group<'a> {
    pub(super) text: &'a str,
    pub(super) start: usize,
}

/// Lines with their offsets, without line endings.
#[derive(Debug, Clone)]
pub(super) struct Lines<'a> {
    pub(super) text: &'a str,
    pub(super) base: usize,
    pub(super) pos: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str, base: usize) -> Lines<'a> {
        Lines { text, base, pos: 0 }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<(usize, &'a str)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (line, used) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        let start = self.pos;
        self.pos += used;
        Some((self.base + start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

/// Groups of non-blank lines.
#[derive(Debug, Clone)]
pub(super) struct Groups<'a> {
    lines: Lines<'a>,
}

impl<'a> Groups<'a> {
    pub(super) fn new(body: &'a str) -> Groups<'a> {
        Groups {
            lines: Lines::new(body, 0),
        }
    }
}

impl<'a> Iterator for Groups<'a> {
    type Item = Group<'a>;
    fn next(&mut self) -> Option<Group<'a>> {
        let mut start = None;
        let mut end = 0;
        loop {
            let before = self.lines.pos;
            let Some((offset, line)) = self.lines.next() else {
                break;
            };
            if line.trim().is_empty() {
                if start.is_some() {
                    break;
                }
                continue;
            }
            if start.is_none() {
                start = Some(offset);
            }
            end = before + (self.lines.pos - before);
        }
        let start = start?;
        Some(Group {
            text: &self.lines.text[start..end],
            start,
        })
    }
}
