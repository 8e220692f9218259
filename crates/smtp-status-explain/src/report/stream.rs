//! [`Stream`]: replies and text arriving a piece at a time (`smtp-status
//! explain -`), each item explained as soon as its last line has come.
//!
//! The input is read line by line, each line once. A reply (a final line
//! `550 ...`, after the `550-...` lines that continue it) is one item; any
//! other line is text, searched for codes on its own, so that a log after a
//! reply is explained too and a stream of any length is explained as it
//! arrives, in memory bounded by its longest reply or line
//! ([`MAX_LINE`]). Lines with no code give nothing; a stream with no code at
//! all is an error.

use std::collections::VecDeque;
use std::io::Read;

use crate::reply::{self, ReplyReport};
use crate::{ExplainCause, Explanation, TextReport, work};

/// The longest line, and the longest reply, a [`Stream`] keeps (16 MiB):
/// a longer one is an error, and reading goes on after it.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// An item of a [`Stream`]: an explanation, or why part of the input gave
/// none.
pub type Item = Result<Explanation, ExplainCause>;

/// Explains a stream of replies and text as it arrives: [`Stream::push`]
/// the bytes read, take the items ready with [`Stream::next_item`], and
/// [`Stream::finish`] at the end of the input.
///
/// ```
/// use smtp_status_explain::{Explanation, Stream};
/// let mut s = Stream::new();
/// s.push(b"250 2.0.0 Ok: queued\n550-5.7.1 not");
/// assert!(matches!(s.next_item(), Some(Ok(Explanation::Reply(_)))));
/// assert!(s.next_item().is_none()); // the rest is not complete yet
/// s.push(b" now\n550 5.7.1 go away\nmx: status=bounced dsn=5.1.1\n");
/// s.finish();
/// let Some(Ok(Explanation::Reply(r))) = s.next_item() else { panic!() };
/// assert_eq!(r.reply.lines, ["not now", "go away"]);
/// assert!(matches!(s.next_item(), Some(Ok(Explanation::Text(_)))));
/// assert!(s.next_item().is_none());
/// ```
#[derive(Debug, Default)]
pub struct Stream {
    buf: Vec<u8>,
    /// Where the next line starts.
    pos: usize,
    /// How far the line at `pos` is known to have no line end.
    scanned: usize,
    /// The `NNN-` lines waiting for their final line: where they start,
    /// and their code.
    run: Option<(usize, [u8; 3])>,
    /// The rest of a line longer than [`MAX_LINE`] is being passed over.
    skipping: bool,
    ready: VecDeque<Item>,
    eof: bool,
    ended: bool,
    explained: bool,
    binary: bool,
    /// A line that is not blank was read.
    written: bool,
}

/// What a line is, from its first bytes.
enum Kind {
    Blank,
    /// `NNN-`: a line of a reply that goes on.
    Continues([u8; 3]),
    /// `NNN` then anything but `-`: may end a reply.
    Final([u8; 3]),
    Text,
}

fn kind(line: &[u8]) -> Kind {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Kind::Blank;
    }
    match line {
        [a, b, c, rest @ ..] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => {
            let code = [*a, *b, *c];
            if rest.first() == Some(&b'-') {
                Kind::Continues(code)
            } else {
                Kind::Final(code)
            }
        }
        _ => Kind::Text,
    }
}

/// A line without its line end.
fn content(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

impl Stream {
    /// A stream with nothing read yet.
    pub fn new() -> Stream {
        Stream::default()
    }

    /// Adds bytes read from the input.
    pub fn push(&mut self, bytes: &[u8]) {
        // Drop what is explained once it is half the buffer: each byte is
        // moved a bounded number of times.
        let keep = self.run.map_or(self.pos, |(start, _)| start);
        if keep > 0 && keep >= self.buf.len() / 2 {
            self.buf.drain(..keep);
            self.pos -= keep;
            self.scanned -= keep;
            if let Some((start, _)) = &mut self.run {
                *start -= keep;
            }
        }
        self.buf.extend_from_slice(bytes);
    }

    /// Reads once from `input` (up to 64 KiB) and pushes what came, or
    /// [`Stream::finish`]es at its end; an interrupted read is retried.
    pub fn read_from(&mut self, input: &mut impl Read) -> std::io::Result<()> {
        let mut chunk = [0; 64 * 1024];
        loop {
            match input.read(&mut chunk) {
                Ok(0) => self.finish(),
                Ok(n) => self.push(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            return Ok(());
        }
    }

    /// Says the input has ended: its last line and any reply left open are
    /// explained.
    pub fn finish(&mut self) {
        self.eof = true;
    }

    /// Whether the input has ended and every item was taken.
    pub fn is_finished(&self) -> bool {
        self.ended && self.ready.is_empty()
    }

    /// The next item ready, or `None` until more input is pushed (or, after
    /// [`Stream::finish`], at the end).
    pub fn next_item(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                self.explained |= item.is_ok();
                return Some(item);
            }
            match self.next_line() {
                Some((start, end)) => self.line(start, end),
                None if self.eof && !self.ended => self.end(),
                None => return None,
            }
        }
    }

    /// The next whole line (with its line end), or `None` until more input.
    fn next_line(&mut self) -> Option<(usize, usize)> {
        loop {
            let from = self.scanned.max(self.pos);
            let newline = self.buf[from..].iter().position(|&b| b == b'\n');
            work::scan(newline.map_or(self.buf.len() - from, |i| i + 1));
            let end = match newline {
                Some(i) => from + i + 1,
                None if self.eof && self.pos < self.buf.len() => self.buf.len(),
                None => {
                    self.scanned = self.buf.len();
                    if self.skipping {
                        self.pos = self.buf.len();
                    } else if self.buf.len() - self.pos > MAX_LINE {
                        self.flush_run(self.pos);
                        self.ready.push_back(Err(ExplainCause::LineTooLong));
                        self.skipping = true;
                        self.pos = self.buf.len();
                    }
                    return None;
                }
            };
            let start = self.pos;
            self.pos = end;
            self.scanned = end;
            if std::mem::take(&mut self.skipping) {
                continue;
            }
            return Some((start, end));
        }
    }

    fn line(&mut self, start: usize, end: usize) {
        let kind = kind(&self.buf[start..end]);
        self.written |= !matches!(kind, Kind::Blank);
        match kind {
            Kind::Blank => self.flush_run(start),
            Kind::Continues(code) => match self.run {
                Some((from, c)) if c == code && end - from <= MAX_LINE => {}
                _ => {
                    self.flush_run(start);
                    self.run = Some((start, code));
                }
            },
            Kind::Final(code) => {
                let from = match self.run {
                    Some((from, c)) if c == code => from,
                    _ => {
                        self.flush_run(start);
                        start
                    }
                };
                self.run = None;
                self.reply(from, end);
            }
            Kind::Text => {
                self.flush_run(start);
                self.text(start, end);
            }
        }
    }

    /// The lines from `from` to `end` as one reply, or else as text.
    fn reply(&mut self, from: usize, end: usize) {
        let bytes = &self.buf[from..end];
        work::scan(bytes.len());
        match reply::read_one(bytes) {
            Some(r) => self
                .ready
                .push_back(Ok(Explanation::Reply(ReplyReport::new(r)))),
            None => self.texts(from, end),
        }
    }

    /// The waiting `NNN-` lines before `end`, as text: no final line came.
    fn flush_run(&mut self, end: usize) {
        if let Some((from, _)) = self.run.take() {
            self.texts(from, end);
        }
    }

    /// Each line from `from` to `end` as text.
    fn texts(&mut self, from: usize, end: usize) {
        let mut at = from;
        while at < end {
            let next = self.buf[at..end]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(end, |i| at + i + 1);
            work::scan(next - at);
            self.text(at, next);
            at = next;
        }
    }

    /// One line of text, explained when it holds a code.
    fn text(&mut self, start: usize, end: usize) {
        let line = content(&self.buf[start..end]);
        if std::str::from_utf8(line).is_err() && line.contains(&0) {
            self.binary = true;
            return;
        }
        let report = TextReport::find(line);
        if !report.found.is_empty() {
            self.ready.push_back(Ok(Explanation::Text(report)));
        }
    }

    /// At the end of the input: the reply left open as text, and an error
    /// when nothing at all was explained.
    fn end(&mut self) {
        self.ended = true;
        self.flush_run(self.buf.len());
        if self.explained || !self.ready.is_empty() {
            return;
        }
        let why = if self.binary {
            ExplainCause::Binary
        } else if !self.written && !self.skipping {
            ExplainCause::Empty
        } else {
            ExplainCause::NoCode
        };
        self.ready.push_back(Err(why));
    }
}

/// Every item of `input`, read a piece at a time ([`Stream`]); a read error
/// is the last item.
///
/// ```
/// let items: Vec<_> = smtp_status_explain::explain_reader(&b"250 ok\n550 5.1.1 no\n"[..]).collect();
/// assert_eq!(items.len(), 2);
/// ```
pub fn explain_reader<R: Read>(mut input: R) -> impl Iterator<Item = Item> {
    let mut stream = Stream::new();
    let mut failed = false;
    std::iter::from_fn(move || {
        loop {
            if let Some(item) = stream.next_item() {
                return Some(item);
            }
            if failed || stream.is_finished() {
                return None;
            }
            if let Err(e) = stream.read_from(&mut input) {
                failed = true;
                return Some(Err(ExplainCause::Read(e.into())));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &mut Stream) -> Vec<Item> {
        std::iter::from_fn(|| s.next_item()).collect()
    }

    #[test]
    fn a_line_over_the_cap_is_refused_and_reading_goes_on() {
        let mut s = Stream::new();
        let chunk = vec![b'a'; 64 * 1024];
        for _ in 0..=MAX_LINE / chunk.len() {
            s.push(&chunk);
            assert!(all(&mut s).iter().all(Result::is_err));
        }
        // The rest of the long line, then a reply: explained.
        s.push(b"aaaa\n550 5.1.1 <a@b.example>: unknown\n");
        s.finish();
        let items = all(&mut s);
        assert!(
            matches!(items.last(), Some(Ok(Explanation::Reply(_)))),
            "{items:?}"
        );
        assert_eq!(items.iter().filter(|i| i.is_err()).count(), 1, "{items:?}");
        // Memory: the long line was kept up to the cap only, then dropped.
        assert!(s.buf.capacity() <= 2 * MAX_LINE, "{}", s.buf.capacity());
        assert!(s.buf.len() < 1024, "{}", s.buf.len());
    }

    #[test]
    fn a_reply_cut_across_pushes_is_one_item() {
        let mut s = Stream::new();
        for piece in [
            &b"250-mx.exa"[..],
            b"mple\r\n250-PIPE",
            b"LINING\r\n250 SIZE\r\n",
        ] {
            assert!(all(&mut s).is_empty());
            s.push(piece);
        }
        let items = all(&mut s);
        let [Ok(Explanation::Reply(r))] = &items[..] else {
            panic!("{items:?}")
        };
        assert_eq!(r.reply.lines, ["mx.example", "PIPELINING", "SIZE"]);
        s.finish();
        assert!(all(&mut s).is_empty());
    }

    #[test]
    fn nothing_explained_says_why() {
        for (input, why) in [
            (&b""[..], "empty"),
            (b" \n\n", "empty"),
            (b"hello\nworld\n", "no-code"),
            (b"\xff\x00\xfe\n", "binary"),
        ] {
            let mut s = Stream::new();
            s.push(input);
            s.finish();
            let items = all(&mut s);
            let [Err(cause)] = &items[..] else {
                panic!("{input:?}: {items:?}")
            };
            assert_eq!(cause.kind(), why, "{input:?}");
        }
    }
}
