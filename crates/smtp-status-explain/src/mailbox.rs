//! Emails stored on disk, one at a time: the files of a folder or Maildir
//! ([`folder_files`]) and the messages of an mbox file read as a stream
//! ([`MboxReader`]), each message capped at [`MAX_INPUT`] bytes so that
//! memory stays bounded by one email whatever the file's size.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::MAX_INPUT;
use crate::mbox;

/// The files of a Maildir (`cur/` then `new/`), or of a plain folder when
/// it has neither, each sorted by name; hidden files are left out.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("smtp-status-doc-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("new"))?;
/// std::fs::write(dir.join("new/2"), "b")?;
/// std::fs::write(dir.join("new/1"), "a")?;
/// std::fs::write(dir.join("new/.hidden"), "c")?;
/// let files = smtp_status_explain::mailbox::folder_files(&dir)?;
/// assert_eq!(files, [dir.join("new/1"), dir.join("new/2")]);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn folder_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let subdirs: Vec<PathBuf> = ["cur", "new"]
        .iter()
        .map(|s| dir.join(s))
        .filter(|d| d.is_dir())
        .collect();
    let dirs = if subdirs.is_empty() {
        vec![dir.to_path_buf()]
    } else {
        subdirs
    };
    let mut out = Vec::new();
    for d in dirs {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if path.is_file() && !hidden {
                files.push(path);
            }
        }
        files.sort();
        out.extend(files);
    }
    Ok(out)
}

/// Whether the file starts with an mbox `From ` separator line (its first
/// line, up to a bound: a separator is short).
///
/// ```
/// assert!(!smtp_status_explain::mailbox::is_mbox(std::path::Path::new("/nonexistent")));
/// ```
pub fn is_mbox(path: &Path) -> bool {
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| BufReader::new(f.take(1024)).read_until(b'\n', &mut head))
        .is_ok_and(|_| mbox::is_separator(&head, true))
}

/// Why a message of an mbox could not be had.
#[derive(Debug)]
pub enum MboxError {
    /// Reading the file failed; the reader stops after this.
    Io(io::Error),
    /// The message (1-based index) is larger than [`MAX_INPUT`] bytes; it
    /// was skipped, not kept.
    TooLarge(usize),
}

impl std::fmt::Display for MboxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MboxError::Io(e) => write!(f, "reading the mbox: {e}"),
            MboxError::TooLarge(i) => write!(f, "message {i} larger than {MAX_INPUT} bytes"),
        }
    }
}

impl std::error::Error for MboxError {}

/// The messages of an mbox (RFC 4155) read line by line from `R`, without
/// their separator lines, `>From ` lines unquoted: one message in memory at
/// a time.
///
/// ```
/// use smtp_status_explain::mailbox::MboxReader;
/// let raw = &b"From a Thu Apr 29 23:34:45 2015\nSubject: one\n\nHi\n\nFrom b Thu Apr 29 23:34:46 2015\nSubject: two\n\n>From me\n"[..];
/// let all: Vec<Vec<u8>> = MboxReader::new(raw).collect::<Result<_, _>>()?;
/// assert_eq!(all.len(), 2);
/// assert_eq!(all[1], b"Subject: two\n\nFrom me\n");
/// # Ok::<(), smtp_status_explain::mailbox::MboxError>(())
/// ```
pub struct MboxReader<R> {
    reader: R,
    /// Messages started so far (the index of the one being read).
    index: usize,
    line: Vec<u8>,
    previous_blank: bool,
    done: bool,
}

impl<R: BufRead> MboxReader<R> {
    /// A reader over `reader`, which starts at the file's first byte.
    pub fn new(reader: R) -> MboxReader<R> {
        MboxReader {
            reader,
            index: 0,
            line: Vec::new(),
            previous_blank: true,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for MboxReader<R> {
    type Item = Result<Vec<u8>, MboxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut message = Vec::new();
        let mut too_big = false;
        let finish = |message: Vec<u8>, too_big: bool, index: usize| {
            if too_big {
                Err(MboxError::TooLarge(index))
            } else {
                Ok(message)
            }
        };
        loop {
            self.line.clear();
            let n = match self.reader.read_until(b'\n', &mut self.line) {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(MboxError::Io(e)));
                }
            };
            if n == 0 {
                self.done = true;
                return (self.index > 0).then(|| finish(message, too_big, self.index));
            }
            let separator = mbox::is_separator(&self.line, self.previous_blank);
            self.previous_blank = mbox::is_blank(&self.line);
            if separator {
                self.index += 1;
                if self.index > 1 {
                    return Some(finish(message, too_big, self.index - 1));
                }
                continue;
            }
            // Lines before any separator are a message of their own.
            self.index = self.index.max(1);
            if message.len() + self.line.len() > MAX_INPUT {
                too_big = true;
                message = Vec::new();
            } else if !too_big {
                message.extend_from_slice(mbox::unquote(&self.line));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &[u8]) -> Vec<Result<Vec<u8>, String>> {
        MboxReader::new(raw)
            .map(|m| m.map_err(|e| e.to_string()))
            .collect()
    }

    #[test]
    fn messages_empty_ones_and_text_before_the_first_separator() {
        let raw = b"Subject: before\n\nFrom a Mon Jan  1 00:00:00 2024\nSubject: one\n\nFrom b Mon Jan  1 00:00:00 2024\n\nFrom c Mon Jan  1 00:00:00 2024\nSubject: three\r\n\r\nFrom d Mon Jan  1 00:00:00 2024\nx";
        let got = read(raw);
        let want: Vec<Result<Vec<u8>, String>> = vec![
            Ok(b"Subject: before\n\n".to_vec()),
            Ok(b"Subject: one\n\n".to_vec()),
            Ok(b"\n".to_vec()),
            Ok(b"Subject: three\r\n\r\n".to_vec()),
            Ok(b"x".to_vec()),
        ];
        assert_eq!(got, want);
        assert!(read(b"").is_empty());
        // A `From ` line that does not follow a blank line is text.
        assert_eq!(
            read(b"From a Mon Jan  1 00:00:00 2024\nX: 1\nFrom a Mon Jan  1 00:00:00 2024\n").len(),
            1
        );
    }

    #[test]
    fn a_message_over_the_cap_is_reported_and_the_next_one_read() {
        let mut raw = b"From a Mon Jan  1 00:00:00 2024\n".to_vec();
        raw.extend(
            std::iter::repeat_n(b"0123456789abcde\n".as_slice(), MAX_INPUT / 16 + 1).flatten(),
        );
        raw.extend_from_slice(b"\nFrom b Mon Jan  1 00:00:00 2024\nSubject: two\n");
        let got = read(&raw);
        assert_eq!(
            got,
            vec![
                Err(format!("message 1 larger than {MAX_INPUT} bytes")),
                Ok(b"Subject: two\n".to_vec()),
            ]
        );
    }

    #[test]
    fn a_read_error_ends_the_stream() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let got: Vec<_> = MboxReader::new(io::BufReader::new(Broken)).collect();
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            "reading the mbox: disk on fire"
        );
    }
}
