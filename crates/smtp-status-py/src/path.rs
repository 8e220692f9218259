//! `classify_path`: the emails of a file, a FIFO, a folder, a Maildir or an
//! mbox, read once as a stream by the library's one reader
//! ([`smtp_status_explain::mailbox`], the command's reader too) on a thread
//! of its own, and classified a batch at a time on worker threads, the GIL
//! released; memory is bounded by one batch and the emails queued behind it.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use smtp_status_explain::Bounce;
use smtp_status_explain::mailbox::{self, Email, Unreadable};

use crate::{classification, parallel, thread_count};

/// Emails read per worker thread before they are classified together.
const PER_THREAD: usize = 16;

/// The emails read ahead of the batch being classified.
const QUEUED: usize = 16;

/// Where the next emails come from: the reader thread, which stops when
/// this is dropped (in a mutex only for the `Sync` a Python object needs;
/// it is taken by one thread at a time anyway).
type Source = Mutex<Receiver<Email>>;

/// One email's outcome.
struct Done {
    file: String,
    index: usize,
    result: Result<Result<Bounce, smtp_status_explain::BounceError>, Unreadable>,
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
            && let Some(source) = slf.source.take()
        {
            let threads = slf.threads;
            let (done, more) = py.detach(move || {
                let mut batch = Vec::new();
                while batch.len() < threads * PER_THREAD {
                    let next = source.lock().ok().and_then(|rx| rx.recv().ok());
                    match next {
                        Some(email) => batch.push(email),
                        None => break,
                    }
                }
                let results = parallel::map(&batch, threads, |email: &Email| {
                    email
                        .data
                        .as_ref()
                        .map(|d| smtp_status_explain::read(d))
                        .map_err(Unreadable::clone)
                });
                let ended = batch.len() < threads * PER_THREAD;
                let done: Vec<Done> = batch
                    .into_iter()
                    .zip(results)
                    .map(|(email, result)| Done {
                        file: email.file,
                        index: email.index,
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
/// result)`: every email of a file (a FIFO too), a folder (its files,
/// sorted), a Maildir (`cur/` then `new/`) or an mbox file (message by
/// message, streamed), read once by [`mailbox::for_each`]. A missing path
/// raises now; what cannot be read later is an `OSError` in its place.
#[pyfunction]
#[pyo3(signature = (path, threads = None))]
pub fn classify_path(path: PathBuf, threads: Option<usize>) -> PyResult<PathEmails> {
    let threads = thread_count(threads)?;
    std::fs::metadata(&path).map_err(|e| os_error(&path, &e))?;
    let (tx, rx) = mpsc::sync_channel(QUEUED);
    std::thread::Builder::new()
        .name("smtp-status-read".into())
        .spawn(move || mailbox::for_each(path.as_os_str(), |email| tx.send(email)))
        .map_err(|e| PyOSError::new_err(format!("cannot start the reader thread: {e}")))?;
    Ok(PathEmails {
        source: Some(Mutex::new(rx)),
        ready: VecDeque::new(),
        threads,
    })
}
