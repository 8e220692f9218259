//! Emails stored anywhere, one at a time, through one reader: every input
//! of the `smtp-status bounce` command and of Python's `classify_path`.
//!
//! An input is a file of any kind (regular file, pipe, FIFO, `/dev/stdin`,
//! `/dev/fd/N` from a shell's process substitution), `-` (stdin), or a
//! folder (a Maildir's `cur/` and `new/`, or the folder's own files). Each
//! input is opened once and read once, front to back: whether it is an mbox
//! (RFC 4155) is decided from its first line, as read into the reader's own
//! buffer, so the same bytes give the same emails whatever their source. An
//! mbox is read line by line, message by message (separator lines left
//! out, `>From ` lines unquoted); a single email is read whole. Every
//! message is capped at [`MAX_INPUT`] bytes while it is read (a line is part
//! of a message, so the cap bounds lines too): a larger one is reported,
//! its bytes dropped as they arrive, and the reading goes on. A folder that
//! cannot be listed, a dangling link or a file that cannot be opened is an
//! email whose data is an error naming it, never an empty result.
//!
//! ```
//! use smtp_status_explain::mailbox::{self, Email};
//! let dir = std::env::temp_dir().join(format!("smtp-status-doc-{}", std::process::id()));
//! std::fs::create_dir_all(dir.join("new"))?;
//! std::fs::write(dir.join("new/1"), "Subject: one\n\nHi\n")?;
//! std::fs::write(
//!     dir.join("new/2"),
//!     "From a Thu Apr 29 23:34:45 2015\nSubject: two\n\nFrom b Thu Apr 29 23:34:46 2015\n\n>From me\n",
//! )?;
//! std::fs::write(dir.join("new/.hidden"), "left out")?;
//! let mut got = Vec::new();
//! mailbox::for_each(dir.as_os_str(), |email: Email| {
//!     got.push((email.name(), email.data.unwrap()));
//!     Ok::<(), ()>(())
//! })
//! .unwrap();
//! let new = dir.join("new");
//! let n = |f: &str| new.join(f).to_string_lossy().into_owned();
//! assert_eq!(got[0], (n("1"), b"Subject: one\n\nHi\n".to_vec()));
//! assert_eq!(got[1], (format!("{} (message 1)", n("2")), b"Subject: two\n\n".to_vec()));
//! assert_eq!(got[2], (format!("{} (message 2)", n("2")), b"\nFrom me\n".to_vec()));
//! assert_eq!(got.len(), 3);
//! std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), std::io::Error>(())
//! ```

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::mbox;
use crate::MAX_INPUT;

/// How much of each read is held at once.
const CHUNK: usize = 64 * 1024;

/// The longest line still tested as an mbox separator (`From ` + address +
/// date): an email line is at most 998 octets (RFC 5322 section 2.1.1).
const SEPARATOR_MAX: usize = 1000;

/// One email: where it came from, its 1-based index in its file, and its
/// bytes or why they could not be read.
#[derive(Debug)]
pub struct Email {
    /// The file as shown: the input as given, or a file of a folder (a name
    /// that is not UTF-8 is shown lossily; a printer must escape it).
    pub file: String,
    /// The 1-based index of the message in its file (1 for a single email).
    pub index: usize,
    /// One of several messages of an mbox.
    pub in_mbox: bool,
    /// From a folder, or one of several messages of an mbox.
    pub in_collection: bool,
    /// The email's bytes, or why they could not be had.
    pub data: Result<Vec<u8>, Unreadable>,
}

/// Why an email could not be had; the message names the file (and the
/// message of an mbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Reading failed: a file or folder that cannot be opened or listed, a
    /// dangling link, a `cur` or `new` that is not a folder, a device, or an
    /// error in the middle of a read.
    Io(String),
    /// Larger than [`MAX_INPUT`] bytes; its bytes were dropped, not kept.
    TooLarge(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Io(m) | Unreadable::TooLarge(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Unreadable {}

impl Email {
    /// The file, with the message index for a message of an mbox.
    pub fn name(&self) -> String {
        if self.in_mbox {
            format!("{} (message {})", self.file, self.index)
        } else {
            self.file.clone()
        }
    }
}

/// Calls `each` for every email of `input` (a path, or `-` for stdin), in
/// order, reading it once; stops at the first error `each` returns and
/// returns it. Nothing the input holds is skipped silently: what cannot be
/// read is an email whose [`Email::data`] says why.
pub fn for_each<E>(input: &OsStr, mut each: impl FnMut(Email) -> Result<(), E>) -> Result<(), E> {
    let shown = input.to_string_lossy().into_owned();
    if input == "-" {
        return read(io::stdin().lock(), &shown, false, &mut each);
    }
    let path = Path::new(input);
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return folder(path, &mut each);
    }
    file(path, false, &mut each)
}

/// Opens `path` once and reads its emails.
fn file<E>(
    path: &Path,
    in_folder: bool,
    each: &mut impl FnMut(Email) -> Result<(), E>,
) -> Result<(), E> {
    let shown = path.to_string_lossy().into_owned();
    match File::open(path) {
        Ok(f) => read(BufReader::with_capacity(CHUNK, f), &shown, in_folder, each),
        Err(e) => each(single(&shown, in_folder, Err(io_error(&shown, e)))),
    }
}

/// The one email of a file, or why it could not be read.
fn single(file: &str, in_collection: bool, data: Result<Vec<u8>, Unreadable>) -> Email {
    Email {
        file: file.to_owned(),
        index: 1,
        in_mbox: false,
        in_collection,
        data,
    }
}

/// The emails of one open input: an mbox when its first line is a `From `
/// separator, else one email.
fn read<E>(
    reader: impl BufRead,
    file: &str,
    in_folder: bool,
    each: &mut impl FnMut(Email) -> Result<(), E>,
) -> Result<(), E> {
    let mut lines = Lines(reader);
    let mut data = Vec::new();
    let first = lines.next(&mut data, MAX_INPUT + 1, false);
    let result = match first {
        Ok(line) if line.whole && mbox::is_separator(&data, true) => {
            return messages(lines, file, in_folder, each);
        }
        Ok(_) if data.len() > MAX_INPUT => Err(too_large(file)),
        Ok(_) => (&mut lines.0)
            .take((MAX_INPUT + 1 - data.len()) as u64)
            .read_to_end(&mut data)
            .map_err(|e| io_error(file, e))
            .and_then(|_| {
                if data.len() > MAX_INPUT {
                    Err(too_large(file))
                } else {
                    Ok(data)
                }
            }),
        Err(e) => Err(io_error(file, e)),
    };
    each(single(file, in_folder, result))
}

fn too_large(file: &str) -> Unreadable {
    Unreadable::TooLarge(format!("{file}: input larger than {MAX_INPUT} bytes"))
}

/// A failed read of `file`, naming it.
fn io_error(file: &str, e: impl std::fmt::Display) -> Unreadable {
    Unreadable::Io(format!("{file}: {e}"))
}

/// The messages of an mbox whose separator line has just been read: each is
/// handed to `each` when the next separator (or the end) is reached, so a
/// first message knows whether others follow.
fn messages<E>(
    mut lines: Lines<impl BufRead>,
    file: &str,
    in_folder: bool,
    each: &mut impl FnMut(Email) -> Result<(), E>,
) -> Result<(), E> {
    let mut index = 1;
    let mut message = Vec::new();
    // The head of each line of a message already too large, for the
    // separator test only.
    let mut scratch = Vec::new();
    let mut too_large = false;
    let mut previous_blank = false;
    loop {
        let buf = if too_large {
            &mut scratch
        } else {
            &mut message
        };
        if too_large {
            buf.clear();
        }
        let start = buf.len();
        let cap = if too_large {
            SEPARATOR_MAX
        } else {
            MAX_INPUT + 1 + SEPARATOR_MAX
        };
        let line = lines.next(buf, cap, true);
        let (end, error) = match &line {
            Ok(l) if l.len == 0 => (true, None),
            Ok(_) => (false, None),
            Err(e) => (true, Some(e.to_string())),
        };
        let whole = line.as_ref().is_ok_and(|l| l.whole);
        let separator = !end && whole && mbox::is_separator(&buf[start..], previous_blank);
        if end || separator {
            buf.truncate(start);
            let data = match (error, too_large) {
                (Some(e), _) => Err(Unreadable::Io(format!("{file}: message {index}: {e}"))),
                (None, true) => Err(Unreadable::TooLarge(format!(
                    "{file}: message {index} too large (over {MAX_INPUT} bytes)"
                ))),
                (None, false) => Ok(std::mem::take(&mut message)),
            };
            each(Email {
                file: file.to_owned(),
                index,
                in_mbox: index > 1 || separator,
                in_collection: in_folder || index > 1 || separator,
                data,
            })?;
            if end {
                return Ok(());
            }
            index += 1;
            too_large = false;
            previous_blank = false;
            continue;
        }
        previous_blank = whole && mbox::is_blank(&buf[start..]);
        if too_large {
            continue;
        }
        if message.len() > MAX_INPUT {
            too_large = true;
            message = Vec::new();
        } else if mbox::unquote(&message[start..]).len() < message.len() - start {
            message.remove(start);
        }
    }
}

/// What [`Lines::next`] read.
struct Line {
    /// Bytes consumed: the line with its line feed (0 at the end of input).
    len: usize,
    /// Kept whole: it fitted under the cap.
    whole: bool,
}

/// An input read line by line, without ever holding more of a line than
/// its caller keeps.
struct Lines<R>(R);

impl<R: BufRead> Lines<R> {
    /// Appends the next line to `out` while `out` is shorter than `cap`;
    /// the rest of a longer line is read and dropped (`skip_rest`), or left
    /// unread.
    fn next(&mut self, out: &mut Vec<u8>, cap: usize, skip_rest: bool) -> io::Result<Line> {
        let mut line = Line {
            len: 0,
            whole: true,
        };
        loop {
            let buf = match self.0.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(line);
            }
            let (take, ended) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            let room = cap.saturating_sub(out.len());
            if take > room {
                line.whole = false;
                out.extend_from_slice(&buf[..room]);
                if !skip_rest {
                    self.0.consume(room);
                    line.len += room;
                    return Ok(line);
                }
            } else {
                out.extend_from_slice(&buf[..take]);
            }
            self.0.consume(take);
            line.len += take;
            if ended {
                return Ok(line);
            }
        }
    }
}

/// Every file of a folder: a Maildir's `cur/` then `new/`, or the folder's
/// own files, sorted by name; hidden files and subfolders are left out. A
/// folder that cannot be listed is an error naming it, and so is a `cur`
/// or `new` that is not a folder.
fn folder<E>(dir: &Path, each: &mut impl FnMut(Email) -> Result<(), E>) -> Result<(), E> {
    let shown = |p: &Path| p.to_string_lossy().into_owned();
    let mut dirs = Vec::new();
    for sub in ["cur", "new"].map(|s| dir.join(s)) {
        if std::fs::symlink_metadata(&sub).is_err() {
            continue;
        }
        match std::fs::metadata(&sub) {
            Ok(m) if m.is_dir() => dirs.push(sub),
            Ok(_) => {
                let name = shown(&sub);
                return each(single(&name, true, Err(io_error(&name, "not a folder"))));
            }
            Err(e) => {
                let name = shown(&sub);
                return each(single(&name, true, Err(io_error(&name, e))));
            }
        }
    }
    if dirs.is_empty() {
        dirs.push(dir.to_path_buf());
    }
    for d in dirs {
        let files = match list(&d) {
            Ok(files) => files,
            Err(e) => {
                let name = shown(&d);
                return each(single(
                    &name,
                    true,
                    Err(io_error(&name, format_args!("cannot read the folder: {e}"))),
                ));
            }
        };
        for f in files {
            match std::fs::metadata(&f) {
                Ok(m) if m.is_dir() => continue,
                Ok(m) if !m.is_file() => {
                    let name = shown(&f);
                    each(single(
                        &name,
                        true,
                        Err(io_error(&name, "not a regular file")),
                    ))?;
                }
                _ => file(&f, true, each)?,
            }
        }
    }
    Ok(())
}

/// The entries of a folder but hidden ones, sorted by name.
fn list(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_name().as_encoded_bytes().starts_with(b".") {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The emails of `raw` read as one input: (index, in an mbox, data).
    fn emails(raw: &[u8]) -> Vec<(usize, bool, Result<Vec<u8>, Unreadable>)> {
        let mut got = Vec::new();
        read(raw, "f", false, &mut |e: Email| {
            got.push((e.index, e.in_mbox, e.data));
            Ok::<(), ()>(())
        })
        .unwrap();
        got
    }

    #[test]
    fn an_mbox_is_sniffed_from_its_first_line_and_read_message_by_message() {
        let raw = b"From a Mon Jan  1 00:00:00 2024\nSubject: one\n\nFrom b Mon Jan  1 00:00:00 2024\n\nFrom c Mon Jan  1 00:00:00 2024\nSubject: three\r\n\r\n>From me\nx";
        let got = emails(raw);
        let want = vec![
            (1, true, Ok(b"Subject: one\n\n".to_vec())),
            (2, true, Ok(b"\n".to_vec())),
            (3, true, Ok(b"Subject: three\r\n\r\nFrom me\nx".to_vec())),
        ];
        assert_eq!(got, want);
        // Text before any separator is one email, `From ` lines and all.
        let raw = b"Subject: x\n\nFrom a Mon Jan  1 00:00:00 2024\ny\n";
        assert_eq!(emails(raw), vec![(1, false, Ok(raw.to_vec()))]);
        // Nothing at all is still one (empty) email, never nothing.
        assert_eq!(emails(b""), vec![(1, false, Ok(Vec::new()))]);
    }

    #[test]
    fn a_message_over_the_cap_is_reported_and_the_next_one_read() {
        let mut raw = b"From a Mon Jan  1 00:00:00 2024\n".to_vec();
        raw.extend(
            std::iter::repeat_n(b"0123456789abcde\n".as_slice(), MAX_INPUT / 16 + 1).flatten(),
        );
        raw.extend_from_slice(b"\nFrom b Mon Jan  1 00:00:00 2024\nSubject: two\n");
        let got = emails(&raw);
        let too_large = format!("f: message 1 too large (over {MAX_INPUT} bytes)");
        assert_eq!(
            got,
            vec![
                (1, true, Err(Unreadable::TooLarge(too_large))),
                (2, true, Ok(b"Subject: two\n".to_vec())),
            ]
        );
    }

    #[test]
    fn a_read_error_names_the_file() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let mut got = Vec::new();
        read(BufReader::new(Broken), "f", false, &mut |e: Email| {
            got.push(e.data);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(got, vec![Err(Unreadable::Io("f: disk on fire".into()))]);
    }
}
