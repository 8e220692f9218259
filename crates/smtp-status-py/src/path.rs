//! `classify_path`: the emails of a file, a folder, a Maildir or an mbox,
//! read as a stream with the library's readers
//! ([`smtp_status_explain::mailbox`]) and classified a batch at a time on
//! worker threads, the GIL released; memory is bounded by one batch.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use smtp_status_explain::mailbox::{self, MboxError, MboxReader};
use smtp_status_explain::{Classification, MAX_INPUT};

use crate::{classification, parallel, thread_count};

/// Emails read per worker thread before they are classified together.
const PER_THREAD: usize = 16;

/// Where the next emails come from.
enum Source {
    /// Single-email files, in order.
    Files(std::vec::IntoIter<PathBuf>),
    /// The messages of one mbox file.
    Mbox {
        file: String,
        reader: MboxReader<BufReader<File>>,
        index: usize,
    },
}

/// One email as read: its file, its 1-based index in an mbox (1 for a
/// file), and its bytes or why they could not be read.
struct Raw {
    file: String,
    index: usize,
    data: Result<Vec<u8>, Unreadable>,
}

/// Why an email could not be had.
#[derive(Clone)]
enum Unreadable {
    /// The file could not be read (an `OSError` in Python).
    Io(String),
    /// Larger than the library reads (a `BounceError`).
    TooLarge(String),
}

/// One email's outcome.
struct Done {
    file: String,
    index: usize,
    result: Result<Result<Classification, smtp_status_explain::BounceError>, Unreadable>,
}

/// A whole email file, within [`MAX_INPUT`] bytes.
fn read_file(path: &Path) -> Result<Vec<u8>, Unreadable> {
    let io = |e: std::io::Error| Unreadable::Io(format!("{}: {e}", path.display()));
    let mut data = Vec::new();
    File::open(path)
        .map_err(io)?
        .take(MAX_INPUT as u64 + 1)
        .read_to_end(&mut data)
        .map_err(io)?;
    if data.len() > MAX_INPUT {
        return Err(Unreadable::TooLarge(format!(
            "{}: larger than {MAX_INPUT} bytes",
            path.display()
        )));
    }
    Ok(data)
}

impl Source {
    /// The next email, or `None` at the end.
    fn next(&mut self) -> Option<Raw> {
        match self {
            Source::Files(files) => {
                let path = files.next()?;
                Some(Raw {
                    data: read_file(&path),
                    file: path.display().to_string(),
                    index: 1,
                })
            }
            Source::Mbox {
                file,
                reader,
                index,
            } => {
                let message = reader.next()?;
                *index += 1;
                let data = message.map_err(|e| match e {
                    MboxError::Io(_) => Unreadable::Io(format!("{file}: {e}")),
                    MboxError::TooLarge(_) => Unreadable::TooLarge(format!("{file}: {e}")),
                });
                Some(Raw {
                    file: file.clone(),
                    index: *index,
                    data,
                })
            }
        }
    }
}

/// The iterator `classify_path` returns: `(file, message, result)` per
/// email, `result` a classification dict or the exception instance that
/// says why there is none.
#[pyclass(module = "smtp_status._native")]
pub struct PathEmails {
    source: Option<Source>,
    ready: VecDeque<Done>,
    threads: usize,
}

#[pymethods]
impl PathEmails {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(
        mut slf: PyRefMut<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<Option<Bound<'py, PyTuple>>> {
        if slf.ready.is_empty()
            && let Some(mut source) = slf.source.take()
        {
            let threads = slf.threads;
            let (done, more) = py.detach(move || {
                let mut batch = Vec::new();
                while batch.len() < threads * PER_THREAD {
                    match source.next() {
                        Some(raw) => batch.push(raw),
                        None => break,
                    }
                }
                let results = parallel::map(&batch, threads, |raw| {
                    raw.data
                        .as_ref()
                        .map(|d| smtp_status_explain::classify(d))
                        .map_err(Unreadable::clone)
                });
                let ended = batch.len() < threads * PER_THREAD;
                let done: Vec<Done> = batch
                    .into_iter()
                    .zip(results)
                    .map(|(raw, result)| Done {
                        file: raw.file,
                        index: raw.index,
                        result,
                    })
                    .collect();
                (done, (!ended).then_some(source))
            });
            slf.ready.extend(done);
            slf.source = more;
        }
        let Some(done) = slf.ready.pop_front() else {
            return Ok(None);
        };
        let result = match &done.result {
            Ok(r) => match classification(py, r) {
                Ok(v) => v,
                Err(e) => e.into_value(py).into_bound(py).into_any(),
            },
            Err(Unreadable::Io(m)) => PyOSError::new_err(m.clone())
                .into_value(py)
                .into_bound(py)
                .into_any(),
            Err(Unreadable::TooLarge(m)) => crate::BounceError::new_err(m.clone())
                .into_value(py)
                .into_bound(py)
                .into_any(),
        };
        let tuple = PyTuple::new(
            py,
            [
                done.file.into_pyobject(py)?.into_any(),
                done.index.into_pyobject(py)?.into_any(),
                result,
            ],
        )?;
        Ok(Some(tuple))
    }
}

/// The Python exception for an I/O error on `path`, naming it:
/// `FileNotFoundError`, `PermissionError`, else `OSError`.
fn os_error(path: &Path, e: &std::io::Error) -> PyErr {
    let msg = format!("{}: {e}", path.display());
    match e.kind() {
        std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(msg),
        std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(msg),
        _ => PyOSError::new_err(msg),
    }
}

/// classify_path(path, threads=None) -> iterator of `(file, message,
/// result)`: every email of a file, a folder (its files, sorted), a Maildir
/// (`cur/` then `new/`) or an mbox file (message by message, streamed).
#[pyfunction]
#[pyo3(signature = (path, threads = None))]
pub fn classify_path(path: PathBuf, threads: Option<usize>) -> PyResult<PathEmails> {
    let threads = thread_count(threads)?;
    let meta = std::fs::metadata(&path).map_err(|e| os_error(&path, &e))?;
    let source = if meta.is_dir() {
        let files = mailbox::folder_files(&path).map_err(|e| os_error(&path, &e))?;
        Source::Files(files.into_iter())
    } else if mailbox::is_mbox(&path) {
        let file = File::open(&path).map_err(|e| os_error(&path, &e))?;
        Source::Mbox {
            file: path.display().to_string(),
            reader: MboxReader::new(BufReader::new(file)),
            index: 0,
        }
    } else {
        Source::Files(vec![path].into_iter())
    };
    Ok(PathEmails {
        source: Some(source),
        ready: VecDeque::new(),
        threads,
    })
}
