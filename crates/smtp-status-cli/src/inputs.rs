//! The emails of `bounce`'s inputs, one at a time, through one reader.
//!
//! An input is a file of any kind (regular file, pipe, FIFO, `/dev/stdin`,
//! `/dev/fd/N` from a shell's process substitution), `-` (stdin), or a
//! folder (a Maildir's `cur/` and `new/`, or the folder's own files). Each
//! input is opened once and read once, front to back: whether it is an mbox
//! is decided from its first line, as read into the reader's own buffer, so
//! the same bytes give the same emails whatever their source. An mbox is
//! read line by line, message by message; a single email is read whole.
//! Every message is capped at [`MAX_INPUT`] bytes while it is read (a line
//! is part of a message, so the cap bounds lines too): a larger one is
//! reported, its bytes dropped as they arrive, and the reading goes on.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use smtp_status_explain::{MAX_INPUT, mbox};

/// How much of each read is held at once.
const CHUNK: usize = 64 * 1024;

/// The longest line still tested as an mbox separator (`From ` + address +
/// date): an email line is at most 998 octets (RFC 5322 section 2.1.1).
const SEPARATOR_MAX: usize = 1000;

/// One email: where it came from, its 1-based index in its file, and its
/// bytes or why they could not be read.
pub struct Email {
    /// The file as shown (not UTF-8 shown lossily; the printer escapes it).
    pub file: String,
    pub index: usize,
    /// One of several messages of an mbox.
    pub in_mbox: bool,
    /// From a folder, or one of several messages of an mbox.
    pub in_collection: bool,
    pub data: Result<Vec<u8>, String>,
}

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

/// Calls `each` for every email of `input`, in order; stops when `each`
/// returns an error.
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
        Err(e) => each(single(&shown, in_folder, Err(format!("{shown}: {e}")))),
    }
}

/// The one email of a file, or why it could not be read.
fn single(file: &str, in_collection: bool, data: Result<Vec<u8>, String>) -> Email {
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
            .map_err(|e| format!("{file}: {e}"))
            .and_then(|_| {
                if data.len() > MAX_INPUT {
                    Err(too_large(file))
                } else {
                    Ok(data)
                }
            }),
        Err(e) => Err(format!("{file}: {e}")),
    };
    each(single(file, in_folder, result))
}

fn too_large(file: &str) -> String {
    format!("{file}: input larger than {MAX_INPUT} bytes")
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
                (Some(e), _) => Err(format!("{file}: message {index}: {e}")),
                (None, true) => Err(format!(
                    "{file}: message {index} too large (over {MAX_INPUT} bytes)"
                )),
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
                return each(single(&name, true, Err(format!("{name}: not a folder"))));
            }
            Err(e) => {
                let name = shown(&sub);
                return each(single(&name, true, Err(format!("{name}: {e}"))));
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
                    Err(format!("{name}: cannot read the folder: {e}")),
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
                        Err(format!("{name}: not a regular file")),
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
