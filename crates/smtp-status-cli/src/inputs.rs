//! The emails of `bounce`'s inputs, one at a time: a file, `-` (stdin), a
//! Maildir folder (`cur/` and `new/`, or the folder's own files) or an
//! mbox, a file or on stdin (messages split at `From ` lines), each email
//! capped at [`MAX_INPUT`] bytes so that memory stays bounded per email.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use smtp_status_explain::{MAX_INPUT, mailbox, mbox};

/// One email: where it came from, its 1-based index in an mbox (1 for a
/// single-email file), and its bytes or why they could not be read.
pub struct Email {
    pub file: String,
    pub index: usize,
    /// Whether it came from a Maildir folder or an mbox file.
    pub in_collection: bool,
    pub data: Result<Vec<u8>, String>,
}

/// Calls `each` for every email of `input`, in order; stops when `each`
/// returns an error.
pub fn for_each<E>(input: &str, mut each: impl FnMut(Email) -> Result<(), E>) -> Result<(), E> {
    let path = Path::new(input);
    if input != "-" && path.is_dir() {
        // An unreadable folder has no files, as before the walk moved to
        // the library.
        for file in mailbox::folder_files(path).unwrap_or_default() {
            let name = file.display().to_string();
            each(Email {
                data: crate::read_input(&name),
                file: name,
                index: 1,
                in_collection: true,
            })?;
        }
        return Ok(());
    }
    if input != "-" && mailbox::is_mbox(path) {
        return mbox(input, each);
    }
    let data = crate::read_input(input);
    // An mbox on stdin: held in memory (within the input cap), each message
    // its own email.
    if let Ok(raw) = &data
        && mbox::several(raw)
    {
        for (i, message) in mbox::messages(raw).enumerate() {
            each(Email {
                file: input.to_string(),
                index: i + 1,
                in_collection: true,
                data: Ok(message.into_owned()),
            })?;
        }
        return Ok(());
    }
    each(Email {
        file: input.to_string(),
        index: 1,
        in_collection: false,
        data,
    })
}

/// The messages of an mbox file, read line by line; a message larger than
/// [`MAX_INPUT`] is reported, not kept.
fn mbox<E>(input: &str, mut each: impl FnMut(Email) -> Result<(), E>) -> Result<(), E> {
    let file = match File::open(input) {
        Ok(f) => f,
        Err(e) => {
            return each(Email {
                file: input.to_string(),
                index: 1,
                in_collection: true,
                data: Err(format!("{input}: {e}")),
            });
        }
    };
    let mut reader = BufReader::new(file);
    let mut index = 0;
    let mut message: Vec<u8> = Vec::new();
    let mut too_big = false;
    let mut line = Vec::new();
    let mut previous_blank = true;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).unwrap_or(0);
        let separator = n > 0 && mbox::is_separator(&line, previous_blank);
        if (n == 0 || separator) && index > 0 {
            let data = if too_big {
                Err(format!(
                    "{input}: message {index} larger than {MAX_INPUT} bytes"
                ))
            } else {
                Ok(std::mem::take(&mut message))
            };
            each(Email {
                file: input.to_string(),
                index,
                in_collection: true,
                data,
            })?;
            message.clear();
            too_big = false;
        }
        if n == 0 {
            return Ok(());
        }
        previous_blank = mbox::is_blank(&line);
        if separator {
            index += 1;
            continue;
        }
        if message.len() + line.len() > MAX_INPUT {
            too_big = true;
        } else if !too_big {
            message.extend_from_slice(mbox::unquote(&line));
        }
    }
}
