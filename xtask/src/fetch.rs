//! Reading the registry document: over HTTPS (or plain HTTP to a loopback
//! address, or with an explicit flag), or from a local file.

use anyhow::{Context, Result, bail};
use std::io::Read;
use std::time::Duration;

/// How a fetch is bounded.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for the whole request, body included.
    pub timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Accept plain `http://` to any host (loopback hosts are always accepted).
    pub allow_http: bool,
}

/// The largest `--max-bytes` accepted: 64 MiB, over a thousand times the
/// registry's size (about 50 KB). A larger value is a usage error, so an
/// endless source is always stopped long before memory runs out.
pub const MAX_BYTES_LIMIT: u64 = 64 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_bytes: 4 * 1024 * 1024,
            allow_http: false,
        }
    }
}

/// The User-Agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "smtp-status-xtask/",
    env!("CARGO_PKG_VERSION"),
    " (cargo xtask refresh-registry)"
);

/// Whether `source` names a URL rather than a path.
pub fn is_url(source: &str) -> bool {
    source.starts_with("https://") || source.starts_with("http://")
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let host = url.host_str().unwrap_or("");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether `source` is a path to something other than a regular file or a
/// folder: a pipe (`<(curl ...)`), a named pipe, a device. The caller
/// reads such a source before taking the workspace lock, so that waiting
/// for its writer keeps no other run out.
pub fn is_stream(source: &str) -> bool {
    !is_url(source) && std::fs::metadata(source).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Reads the document from a URL or a path.
pub fn fetch(source: &str, limits: &Limits) -> Result<Vec<u8>> {
    if !is_url(source) {
        // Whatever the path names (a file, a pipe, a device), read at most
        // the cap: the size a file claims is not trusted.
        let what = format!("reading {source}");
        let meta = std::fs::metadata(source).with_context(|| what.clone())?;
        if meta.is_dir() {
            bail!("{what}: it is a folder, not the registry XML");
        }
        if !meta.is_file() {
            return read_stream(source, limits);
        }
        let file = std::fs::File::open(source).with_context(|| what.clone())?;
        return read_capped(file, &what, limits, None);
    }
    let url = reqwest::Url::parse(source).with_context(|| format!("invalid URL {source}"))?;
    if url.scheme() == "http" && !is_loopback(&url) && !limits.allow_http {
        bail!(
            "refusing plain http to {}: use https, or pass --allow-http",
            url.host_str().unwrap_or("")
        );
    }
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.url().scheme() != "https" {
            let to = attempt.url().to_string();
            attempt.error(format!("refusing a redirect to non-https {to}"))
        } else if attempt.previous().len() >= 5 {
            attempt.error("more than 5 redirects")
        } else {
            attempt.follow()
        }
    });
    // reqwest is built without a crypto provider (see xtask/Cargo.toml):
    // install the pure-Rust one once; a second call finds it installed.
    let _ = rustls_graviola::default_provider().install_default();
    let client = reqwest::blocking::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.timeout)
        .redirect(policy)
        .build()
        .context("building the HTTP client")?;
    let started = std::time::Instant::now();
    let resp = client
        .get(url)
        .send()
        .map_err(|e| anyhow::anyhow!("fetching {source}: {}", describe(&e)))?;
    let status = resp.status();
    if !status.is_success() {
        bail!("fetching {source}: HTTP {status}");
    }
    if let Some(len) = resp.content_length()
        && len > limits.max_bytes
    {
        bail!(
            "fetching {source}: body of {len} bytes is over the {}-byte limit (--max-bytes)",
            limits.max_bytes
        );
    }
    // reqwest's timeout bounds each read; the deadline bounds the whole body
    // (a server dripping a byte at a time cannot hold the fetch forever).
    let deadline = started.checked_add(limits.timeout);
    read_capped(resp, &format!("fetching {source}"), limits, deadline)
}

/// Reads a pipe, a named pipe or a device whole, within `limits.timeout`:
/// opening a named pipe waits for a writer, and a writer may never come or
/// never close it. The read runs on a thread of its own; past the timeout
/// the run fails naming the path and what was missing (the thread is left
/// blocked and ends with the process).
fn read_stream(source: &str, limits: &Limits) -> Result<Vec<u8>> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let opened = Arc::new(AtomicBool::new(false));
    let (tx, rx) = std::sync::mpsc::channel();
    let (path, limits_in, opened_in) = (source.to_string(), limits.clone(), opened.clone());
    std::thread::spawn(move || {
        let what = format!("reading {path}");
        let body = std::fs::File::open(&path)
            .with_context(|| what.clone())
            .and_then(|file| {
                opened_in.store(true, Ordering::SeqCst);
                read_capped(file, &what, &limits_in, None)
            });
        let _ = tx.send(body);
    });
    match rx.recv_timeout(limits.timeout) {
        Ok(body) => body,
        Err(_) if !opened.load(Ordering::SeqCst) => bail!(
            "reading {source}: no writer opened this pipe within {:?} (--timeout); \
             nothing was changed",
            limits.timeout
        ),
        Err(_) => bail!(
            "reading {source}: the input did not end within {:?} (--timeout; its writer \
             never closed it); nothing was changed",
            limits.timeout
        ),
    }
}

/// Reads `reader` to its end, at most `limits.max_bytes` (one byte more is
/// asked for, to see that the input goes on), before `deadline` if any.
fn read_capped(
    reader: impl Read,
    what: &str,
    limits: &Limits,
    deadline: Option<std::time::Instant>,
) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut reader = reader.take(limits.max_bytes.saturating_add(1));
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = reader
            .read(&mut chunk)
            .map_err(|e| anyhow::anyhow!("{what}: reading the body: {}", io_describe(&e)))?;
        if n == 0 {
            break;
        }
        body.try_reserve(n).map_err(|_| {
            anyhow::anyhow!(
                "{what}: out of memory after {} bytes; lower --max-bytes",
                body.len()
            )
        })?;
        body.extend_from_slice(&chunk[..n]);
        if body.len() as u64 > limits.max_bytes {
            bail!(
                "{what}: the input goes on past the {}-byte limit (--max-bytes); stopped reading",
                limits.max_bytes
            );
        }
        if deadline.is_some_and(|d| std::time::Instant::now() > d) {
            bail!(
                "{what}: timed out after {:?} (--timeout) with {} bytes read",
                limits.timeout,
                body.len()
            );
        }
    }
    Ok(body)
}

/// A reqwest error and its causes, on one line.
fn describe(e: &reqwest::Error) -> String {
    let mut s = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "could not connect".to_string()
    } else if e.is_redirect() {
        "bad redirect".to_string()
    } else {
        "request failed".to_string()
    };
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

fn io_describe(e: &std::io::Error) -> String {
    let mut s = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(c) = cur {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cur = c.source();
    }
    if e.kind() == std::io::ErrorKind::TimedOut || s.contains("timed out") {
        format!("timed out ({s})")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback(u: &str) -> bool {
        is_loopback(&reqwest::Url::parse(u).unwrap())
    }

    #[test]
    fn loopback_hosts() {
        assert!(loopback("http://127.0.0.1:8080/x"));
        assert!(loopback("http://127.5.0.1/x"));
        assert!(loopback("http://[::1]:80/x"));
        assert!(loopback("http://localhost/x"));
        assert!(!loopback("http://example.com/x"));
        assert!(!loopback("http://10.0.0.1/x"));
    }

    #[test]
    fn plain_http_elsewhere_is_refused_before_any_request() {
        let err = fetch("http://example.invalid/x", &Limits::default()).unwrap_err();
        assert!(err.to_string().contains("--allow-http"), "{err}");
    }

    #[test]
    fn the_largest_cap_does_not_overflow_and_a_cap_stops_an_endless_reader() {
        let most = Limits {
            max_bytes: u64::MAX,
            ..Limits::default()
        };
        let body = read_capped(&b"<registry/>"[..], "x", &most, None).unwrap();
        assert_eq!(body, b"<registry/>");
        let small = Limits {
            max_bytes: 1000,
            ..Limits::default()
        };
        let err = read_capped(std::io::repeat(0), "x", &small, None).unwrap_err();
        assert!(err.to_string().contains("1000-byte limit"), "{err}");
    }

    #[test]
    fn a_file_over_the_cap_is_refused() {
        let limits = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        let err = fetch(path, &limits).unwrap_err();
        assert!(err.to_string().contains("10-byte limit"), "{err}");
    }
}
