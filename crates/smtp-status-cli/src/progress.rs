//! `bounce`'s progress count on stderr, only when stderr is a terminal,
//! and never mixed into the report lines on stdout when both go to the
//! terminal: stdout is written whole lines at a time, the progress line is
//! drawn only after a whole line, and cleared before the next report line
//! is written.
//!
//! Both streams go through one [`Screen`] (the process's own is
//! [`Terminal`] over stdout and stderr), so the progress line of the
//! reading thread and the report lines of the printing thread never meet.

use std::io::{self, IsTerminal, Write};
use std::sync::{LazyLock, Mutex, MutexGuard};

/// Clears the line the cursor is on: carriage return, then erase to the
/// end of the line (ECMA-48 EL).
const CLEAR: &[u8] = b"\r\x1b[K";

/// stdout (`out`) and stderr (`err`), and what the progress line needs to
/// know of them.
pub struct Screen<O, E> {
    state: Mutex<State<O, E>>,
}

struct State<O, E> {
    out: O,
    err: E,
    /// Progress is shown at all: stderr is a terminal.
    progress: bool,
    /// stdout is the terminal too: its lines are written whole, and the
    /// progress line is cleared before them.
    shared: bool,
    /// The end of what stdout was given, after its last line end (held
    /// while `shared`, so the terminal's cursor stays at a line start).
    tail: Vec<u8>,
    /// A report line was written without its end (a flush, or a line over
    /// [`TAIL_MAX`]): no progress line until it ends.
    mid_line: bool,
    /// The progress line is on the terminal.
    shown: bool,
}

/// A line longer than this is written without waiting for its end (the
/// progress line then waits for the next line end).
const TAIL_MAX: usize = 1 << 16;

impl<O: Write, E: Write> Screen<O, E> {
    /// `progress`: stderr is a terminal; `shared`: stdout is one too.
    pub fn new(out: O, err: E, progress: bool, shared: bool) -> Screen<O, E> {
        Screen {
            state: Mutex::new(State {
                out,
                err,
                progress,
                shared: progress && shared,
                tail: Vec::new(),
                mid_line: false,
                shown: false,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<O, E>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Report bytes for stdout: on a shared terminal, the whole lines
    /// among them (and before them, the progress line cleared), the rest
    /// held until its line ends.
    pub fn report(&self, bytes: &[u8]) -> io::Result<()> {
        let mut s = self.lock();
        if !s.shared {
            return s.out.write_all(bytes);
        }
        match bytes.iter().rposition(|&b| b == b'\n') {
            Some(end) => {
                s.clear()?;
                let tail = std::mem::take(&mut s.tail);
                s.out.write_all(&tail)?;
                s.out.write_all(&bytes[..=end])?;
                s.out.flush()?;
                s.mid_line = false;
                s.tail.extend_from_slice(&bytes[end + 1..]);
            }
            None => s.tail.extend_from_slice(bytes),
        }
        if s.tail.len() > TAIL_MAX {
            s.flush_tail()?;
        }
        Ok(())
    }

    /// Writes what stdout holds, a line not yet ended too.
    pub fn flush(&self) -> io::Result<()> {
        let mut s = self.lock();
        s.flush_tail()?;
        s.out.flush()
    }

    /// Shows `text` as the progress line, on stderr's terminal only, and
    /// on a shared terminal only where a report line has ended (the end of
    /// one not yet ended is held); whether it was drawn.
    pub fn progress(&self, text: &str) -> bool {
        let mut s = self.lock();
        if !s.progress || s.mid_line {
            return false;
        }
        // A progress line is not worth an error of its own.
        let _ = write!(s.err, "\r{text}").and_then(|()| s.err.flush());
        s.shown = true;
        true
    }

    /// Ends the progress line: cleared on a shared terminal (the report
    /// goes on below), else left with its line end.
    pub fn finish(&self) {
        let mut s = self.lock();
        if s.shown {
            let end: &[u8] = if s.shared { CLEAR } else { b"\n" };
            let _ = s.err.write_all(end).and_then(|()| s.err.flush());
            s.shown = false;
        }
    }
}

impl<O: Write, E: Write> State<O, E> {
    /// Clears the progress line, if it is shown.
    fn clear(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.shown) {
            self.err.write_all(CLEAR)?;
            self.err.flush()?;
        }
        Ok(())
    }

    /// Writes the held end of a line (the progress line cleared first).
    fn flush_tail(&mut self) -> io::Result<()> {
        if self.tail.is_empty() {
            return Ok(());
        }
        self.clear()?;
        let tail = std::mem::take(&mut self.tail);
        self.out.write_all(&tail)?;
        self.mid_line = true;
        self.out.flush()
    }
}

/// The process's stdout and stderr.
static SCREEN: LazyLock<Screen<io::Stdout, io::Stderr>> = LazyLock::new(|| {
    Screen::new(
        io::stdout(),
        io::stderr(),
        io::stderr().is_terminal(),
        io::stdout().is_terminal(),
    )
});

/// stdout as the command's printer writes it, through the process's
/// [`Screen`].
pub struct Terminal;

impl Write for Terminal {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        SCREEN.report(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        SCREEN.flush()
    }
}

/// Shows `text` as the progress line of the process (stderr, on a
/// terminal only).
pub fn show(text: &str) {
    SCREEN.progress(text);
}

/// Ends the process's progress line.
pub fn finish() {
    SCREEN.finish();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// One terminal that stdout and stderr both write to.
    #[derive(Clone, Default)]
    struct Tty(Arc<Mutex<Vec<u8>>>);

    impl Write for Tty {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// What a terminal shows after `bytes`: `\r` goes back to the start of
    /// the line, `ESC [ K` erases to its end, `\n` starts the next line,
    /// any other character is drawn over what is under the cursor.
    fn shown(bytes: &[u8]) -> Vec<String> {
        let mut lines = vec![Vec::<char>::new()];
        let mut col = 0;
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            let line = lines.last_mut().unwrap();
            match c {
                '\r' => col = 0,
                '\n' => {
                    lines.push(Vec::new());
                    col = 0;
                }
                '\x1b' => {
                    assert_eq!((chars.next(), chars.next()), (Some('['), Some('K')));
                    line.truncate(col);
                }
                c if col < line.len() => {
                    line[col] = c;
                    col += 1;
                }
                c => {
                    line.push(c);
                    col += 1;
                }
            }
        }
        lines.into_iter().map(|l| l.into_iter().collect()).collect()
    }

    /// The report in chunks cut anywhere (as a buffered writer hands them
    /// over), with a progress line drawn after each chunk.
    fn run(screen: &Screen<Tty, Tty>, report: &str, chunk: usize) -> usize {
        let mut drawn = 0;
        for (i, piece) in report.as_bytes().chunks(chunk).enumerate() {
            screen.report(piece).unwrap();
            drawn += usize::from(screen.progress(&format!("{} emails read", i * 200)));
        }
        screen.flush().unwrap();
        screen.finish();
        drawn
    }

    fn report() -> String {
        (0..300)
            .map(|i| format!("  line {i} of the report{}\n", "x".repeat(i % 37)))
            .collect()
    }

    /// On one terminal the report lines are shown exactly, whatever the
    /// chunks: the progress line, drawn many times, is never left inside
    /// or over one of them.
    #[test]
    fn progress_never_overwrites_a_report_line_on_one_terminal() {
        let report = report();
        let want: Vec<&str> = report.lines().chain([""]).collect();
        for chunk in [1, 7, 64, 1000, 1 << 20] {
            let tty = Tty::default();
            let screen = Screen::new(tty.clone(), tty.clone(), true, true);
            let drawn = run(&screen, &report, chunk);
            assert!(drawn > 0, "chunk {chunk}");
            let bytes = tty.0.lock().unwrap().clone();
            assert_eq!(shown(&bytes), want, "chunk {chunk}");
            // It was there: drawn, then cleared.
            let shown = String::from_utf8(bytes).unwrap();
            assert_eq!(shown.contains("emails read"), drawn > 0, "chunk {chunk}");
        }
        // The check can fail: a screen that does not know stdout shares
        // the terminal (the command before) leaves progress in the report.
        let tty = Tty::default();
        run(
            &Screen::new(tty.clone(), tty.clone(), true, false),
            &report,
            64,
        );
        let mixed = shown(&tty.0.lock().unwrap());
        assert_ne!(mixed, want);
        assert!(mixed.iter().any(|l| l.contains("emails read")));
    }

    /// stdout elsewhere (a file, a pipe): it gets the report as given, and
    /// stderr's terminal the progress line, ended by a line end.
    #[test]
    fn progress_beside_redirected_output_ends_with_its_line() {
        let report = report();
        let (out, err) = (Tty::default(), Tty::default());
        let screen = Screen::new(out.clone(), err.clone(), true, false);
        let drawn = run(&screen, &report, 1000);
        assert_eq!(*out.0.lock().unwrap(), report.as_bytes());
        let err = String::from_utf8(err.0.lock().unwrap().clone()).unwrap();
        assert_eq!(err.matches('\r').count(), drawn);
        assert!(
            err.starts_with("\r0 emails read\r200 emails read"),
            "{err:?}"
        );
        assert!(err.ends_with(" emails read\n"), "{err:?}");
    }

    /// stderr not a terminal: no progress at all, stdout as given.
    #[test]
    fn no_progress_when_stderr_is_not_a_terminal() {
        let report = report();
        for shared in [false, true] {
            let (out, err) = (Tty::default(), Tty::default());
            let screen = Screen::new(out.clone(), err.clone(), false, shared);
            assert_eq!(run(&screen, &report, 64), 0);
            assert_eq!(*out.0.lock().unwrap(), report.as_bytes());
            assert!(err.0.lock().unwrap().is_empty());
        }
    }
}
