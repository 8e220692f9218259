//! The native part of the `smtp_status` Python module (`smtp_status._native`):
//! a thin PyO3 layer over [`smtp_status_explain`]. Every result is the
//! library's own serde value turned into Python dicts and lists by
//! [`pythonize`] (no JSON text in between), so its field names and values
//! are those of docs/json.md; `python/smtp_status/__init__.py` wraps them in
//! the typed classes Python users see.
//!
//! Bulk calls (`classify_many`, `classify_texts`, `classify_path`) release the GIL
//! and spread the emails over worker threads (`src/parallel.rs`), results in
//! input order. A Rust panic reaches Python as `pyo3_runtime.PanicException`,
//! never as an abort.

mod parallel;
mod path;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use serde::Serialize;
use smtp_status::{EnhancedCode, RegisteredCode, vendor};
use smtp_status_explain::{About, Advice, Bounce, CodeReport, Reason, RegistryEntry};

pyo3::create_exception!(
    smtp_status,
    ExplainError,
    PyValueError,
    "The text holds no status code, or a code that is not well formed."
);
pyo3::create_exception!(
    smtp_status,
    BounceError,
    PyValueError,
    "The email is not a bounce, or its delivery-status report is malformed."
);

/// The Python value of a serde value: dicts, lists, str, int, bool, None.
fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// A classification, or the exception that says why there is none.
fn classification<'py>(
    py: Python<'py>,
    result: &Result<Bounce, smtp_status_explain::BounceError>,
) -> PyResult<Bound<'py, PyAny>> {
    match result {
        Ok(c) => to_py(py, c),
        Err(e) => Err(BounceError::new_err(e.to_string())),
    }
}

/// The bytes of `raw`, or a `TypeError` that names what was given instead.
fn bytes_of<'a, 'py>(raw: &'a Bound<'py, PyAny>, what: &str) -> PyResult<&'a Bound<'py, PyBytes>> {
    raw.cast::<PyBytes>().map_err(|_| {
        let kind = raw
            .get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string());
        let hint = if raw.is_instance_of::<PyString>() {
            " (encode it, or read the file in binary mode: an email is bytes)"
        } else {
            ""
        };
        PyTypeError::new_err(format!("{what} must be bytes, not {kind}{hint}"))
    })
}

/// The worker threads to use: `threads`, or one per core.
fn thread_count(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

/// explain(text) -> dict: `{"kind", "explanation"}` of docs/json.md.
#[pyfunction]
fn explain<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    match smtp_status_explain::explain(text) {
        Ok(e) => to_py(py, &e),
        Err(e) => Err(ExplainError::new_err(e.cause.to_string())),
    }
}

/// verdict(text) -> dict: `{"reason", "hard", "advice", "evidence"}`.
#[pyfunction]
fn verdict<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &smtp_status_explain::verdict(text))
}

/// classify_text(text) -> dict: the verdict with the codes it read, in the
/// shape of a bounce's recipient (docs/json.md, classification).
#[pyfunction]
fn classify_text<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &smtp_status_explain::classify_text(text))
}

/// classify_texts(texts, threads=None) -> list[dict], `classify_text` of
/// every text, in order, the GIL released.
#[pyfunction]
#[pyo3(signature = (texts, threads = None))]
fn classify_texts<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    let threads = thread_count(threads)?;
    let out = PyList::empty(py);
    let mut chunk: Vec<String> = Vec::new();
    let flush = |chunk: &mut Vec<String>| -> PyResult<()> {
        let done =
            py.detach(|| parallel::map(chunk, threads, |t| smtp_status_explain::classify_text(t)));
        for v in &done {
            out.append(to_py(py, v)?)?;
        }
        chunk.clear();
        Ok(())
    };
    for (i, t) in texts.try_iter()?.enumerate() {
        let t = t?;
        let s = t.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "texts[{i}] must be str, not {}",
                t.get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |n| n.to_string())
            ))
        })?;
        chunk.push(s.to_cow()?.into_owned());
        if chunk.len() == parallel::CHUNK {
            flush(&mut chunk)?;
        }
    }
    flush(&mut chunk)?;
    Ok(out)
}

/// classify(raw) -> dict: the `Bounce` record, `{"format", "reporting_mta", "subject", "warnings", "skipped", "recipients"}`.
#[pyfunction]
fn classify<'py>(py: Python<'py>, raw: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let raw = bytes_of(raw, "raw")?;
    let data = raw.as_bytes();
    let result = py.detach(|| smtp_status_explain::read(data));
    classification(py, &result)
}

/// The number of recipients `classify` finds, without building the Python
/// result: the benchmarks' measure of what the conversion costs
/// (benches/test_bench.py).
#[pyfunction]
fn _classify_only(py: Python<'_>, raw: &Bound<'_, PyAny>) -> PyResult<usize> {
    let data = bytes_of(raw, "raw")?.as_bytes();
    Ok(py
        .detach(|| smtp_status_explain::read(data))
        .map_or(0, |c| c.recipients.len()))
}

/// classify_many(emails, threads=None, errors="raise", wrap=None) -> list:
/// one classification per email, in order, classified on `threads` threads
/// (the calling thread one of them) with the GIL released. With
/// `errors="return"` an email that is not a bounce gives a `BounceError`
/// instance in its place instead of raising. `wrap`, when given, is called
/// on each classification's dict and its result is what the list holds.
#[pyfunction]
#[pyo3(signature = (emails, threads = None, errors = "raise", wrap = None))]
fn classify_many<'py>(
    py: Python<'py>,
    emails: &Bound<'py, PyAny>,
    threads: Option<usize>,
    errors: &str,
    wrap: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let raise = match errors {
        "raise" => true,
        "return" => false,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors must be \"raise\" or \"return\", not {other:?}"
            )));
        }
    };
    let threads = thread_count(threads)?;
    let out = PyList::empty(py);
    // Each result is turned into Python objects (and wrapped) on this
    // thread, GIL held, as soon as it and those before it are done, while
    // the other threads classify the next emails: the conversion overlaps
    // the classification instead of following it (`parallel::ordered`).
    let convert = |r: Result<Bounce, _>, i: usize| -> PyResult<()> {
        match classification(py, &r) {
            Ok(v) => match wrap {
                Some(wrap) => out.append(wrap.call1((v,))?),
                None => out.append(v),
            },
            Err(e) if raise => {
                let msg = format!("emails[{i}]: {}", e.value(py));
                Err(BounceError::new_err(msg))
            }
            Err(e) => out.append(e.into_value(py)),
        }
    };
    let mut held: Vec<Bound<'py, PyBytes>> = Vec::new();
    let mut iter = emails.try_iter()?.enumerate();
    let mut first = 0;
    loop {
        // A chunk of emails is read, then classified; an email that is not
        // bytes stops the call once the chunks before it are converted.
        held.clear();
        for (i, raw) in iter.by_ref() {
            held.push(raw.and_then(|raw| Ok(bytes_of(&raw, &format!("emails[{i}]"))?.clone()))?);
            if held.len() == parallel::CHUNK {
                break;
            }
        }
        let slices: Vec<&[u8]> = held.iter().map(|b| b.as_bytes()).collect();
        parallel::ordered(
            &slices,
            threads,
            |raw| smtp_status_explain::read(raw),
            |step| py.detach(step),
            |i, r| convert(r, first + i),
        )?;
        if slices.len() < parallel::CHUNK {
            return Ok(out);
        }
        first += slices.len();
    }
}

/// The enhanced code of `code`, or a `ValueError` naming the fault.
fn parse_code(code: &str) -> PyResult<EnhancedCode> {
    code.trim()
        .parse::<EnhancedCode>()
        .map_err(|e| PyValueError::new_err(format!("{code:?} is not an enhanced status code: {e}")))
}

/// lookup(code, text=None) -> dict: the code's report (docs/json.md's
/// code: class, subject, detail, registry entry, vendor meanings). Without
/// `text`, every vendor meaning of the code, whatever its markers; with it,
/// those that apply to the code in that text.
#[pyfunction]
#[pyo3(signature = (code, text = None))]
fn lookup<'py>(py: Python<'py>, code: &str, text: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
    let code = parse_code(code)?;
    let report = match text {
        Some(t) => CodeReport::new(code, t.as_bytes()),
        None => CodeReport {
            code,
            vendor: vendor::all()
                .iter()
                .filter(|m| m.code().matches(code))
                .collect(),
        },
    };
    to_py(py, &report)
}

/// registry() -> list[dict]: every registry entry, in registry order.
#[pyfunction]
fn registry(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let all: Vec<RegistryEntry> = RegisteredCode::ALL
        .iter()
        .map(|&c| RegistryEntry(c))
        .collect();
    to_py(py, &all)
}

/// vendor_meanings() -> list[dict]: every curated vendor meaning.
#[pyfunction]
fn vendor_meanings(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &vendor::all())
}

/// The Rust name of a reason or advice in Python's constant style:
/// `UserUnknown` -> `USER_UNKNOWN`.
fn constant_name(debug: &str) -> String {
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// `(NAME, value, sentence)` for every reason, in the library's order.
fn reasons() -> Vec<(String, &'static str, &'static str)> {
    Reason::ALL
        .iter()
        .map(|r| (constant_name(&format!("{r:?}")), r.as_str(), r.summary()))
        .collect()
}

/// `(NAME, value, sentence)` for every advice, in the library's order.
fn advice() -> Vec<(String, &'static str, &'static str)> {
    Advice::ALL
        .iter()
        .map(|a| (constant_name(&format!("{a:?}")), a.as_str(), a.sentence()))
        .collect()
}

/// `(alias, value)` for every older name of a reason (`speeding` is read as
/// `ratelimited`).
fn reason_aliases() -> Vec<(&'static str, &'static str)> {
    Reason::ALL
        .iter()
        .flat_map(|r| r.aliases().iter().map(|a| (*a, r.as_str())))
        .collect()
}

/// `(NAME, value, sentence)` for every `about`, in the library's order.
fn about() -> Vec<(String, &'static str, &'static str)> {
    About::ALL
        .iter()
        .map(|a| (constant_name(&format!("{a:?}")), a.as_str(), a.sentence()))
        .collect()
}

/// Panics, for the tests: in the calling thread (`"caller"`), in a worker
/// thread of a bulk call (`"worker"`, with the GIL released as in a bulk
/// call) or in one item of `classify_many`'s pool (`"stream"`, on whichever
/// thread classifies it). The panic must reach Python as an exception.
#[pyfunction]
fn _panic(py: Python<'_>, place: &str) -> PyResult<()> {
    match place {
        "caller" => panic!("smtp_status test panic in the calling thread"),
        "worker" => {
            py.detach(|| {
                parallel::map(&[1u8, 2, 3, 4], 2, |&i| {
                    if i == 3 {
                        panic!("smtp_status test panic in a worker thread");
                    }
                    i
                })
            });
            Ok(())
        }
        "stream" => parallel::ordered(
            &(0..256).collect::<Vec<u32>>(),
            2,
            |&i| {
                if i == 100 {
                    panic!("smtp_status test panic in a classification of classify_many's pool");
                }
                i
            },
            |step| py.detach(step),
            |i, r| {
                assert_eq!(i, r as usize, "results in input order");
                Ok(())
            },
        ),
        other => Err(PyValueError::new_err(format!(
            "place must be \"caller\", \"worker\" or \"stream\", not {other:?}"
        ))),
    }
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(verdict, m)?)?;
    m.add_function(wrap_pyfunction!(classify_text, m)?)?;
    m.add_function(wrap_pyfunction!(classify_texts, m)?)?;
    m.add_function(wrap_pyfunction!(classify, m)?)?;
    m.add_function(wrap_pyfunction!(classify_many, m)?)?;
    m.add_function(wrap_pyfunction!(path::classify_path, m)?)?;
    m.add_function(wrap_pyfunction!(lookup, m)?)?;
    m.add_function(wrap_pyfunction!(registry, m)?)?;
    m.add_function(wrap_pyfunction!(vendor_meanings, m)?)?;
    m.add_function(wrap_pyfunction!(_panic, m)?)?;
    m.add_function(wrap_pyfunction!(_classify_only, m)?)?;
    m.add_class::<path::PathEmails>()?;
    m.add("ExplainError", py.get_type::<ExplainError>())?;
    m.add("BounceError", py.get_type::<BounceError>())?;
    m.add("REASONS", reasons())?;
    m.add("ADVICE", advice())?;
    m.add("ABOUT", about())?;
    m.add("REASON_ALIASES", reason_aliases())?;
    m.add("MAX_INPUT", smtp_status_explain::MAX_INPUT)?;
    Ok(())
}
