//! A small HTTP/1.1 server on 127.0.0.1 for the refresh-registry tests, one
//! canned behaviour per test; it stops when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Clone)]
pub enum Reply {
    /// A status with an empty body.
    Status(u16, &'static str),
    /// 200 with this content type and body.
    Body(&'static str, Vec<u8>),
    /// 200, headers and the first bytes, then a stall far longer than the
    /// client's timeout (ends early when the server stops).
    Stall(Vec<u8>),
    /// 200 with a Content-Length larger than what is sent, then close.
    Short(Vec<u8>),
    /// 200 with no Content-Length, the body streamed until close.
    Unsized(Vec<u8>),
    /// 200, all of the body but its last byte, then a wait until the server
    /// stops (at most 60 s), then the last byte: a run that holds the
    /// workspace lock while it fetches, for as long as a test needs.
    Held(Vec<u8>),
    /// 302 to this location.
    Redirect(String),
    /// 200, the body a few bytes at a time, each well within the read
    /// timeout, the whole far beyond the total timeout.
    Drip(Vec<u8>),
}

pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    /// The head of every request received.
    pub requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

pub fn read_request(s: &mut TcpStream) -> String {
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    read_head(s)
}

/// A request's head, up to its blank line (at most 16 KiB; less if the
/// stream ends or fails first).
pub fn read_head(s: &mut impl Read) -> String {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") && buf.len() < 16 * 1024 {
        match s.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn serve(mut s: TcpStream, reply: &Reply, stop: &AtomicBool, seen: &Mutex<Vec<String>>) {
    let request = read_request(&mut s);
    seen.lock().unwrap().push(request);
    let head = |status: &str, extra: &str| {
        format!("HTTP/1.1 {status}\r\nConnection: close\r\n{extra}\r\n")
    };
    let _ = match reply {
        Reply::Status(code, reason) => {
            s.write_all(head(&format!("{code} {reason}"), "Content-Length: 0\r\n").as_bytes())
        }
        Reply::Body(ct, body) => s
            .write_all(
                head(
                    "200 OK",
                    &format!("Content-Type: {ct}\r\nContent-Length: {}\r\n", body.len()),
                )
                .as_bytes(),
            )
            .and_then(|()| s.write_all(body)),
        Reply::Stall(body) => {
            let r = s
                .write_all(
                    head("200 OK", &format!("Content-Length: {}\r\n", body.len())).as_bytes(),
                )
                .and_then(|()| s.write_all(&body[..100]))
                .and_then(|()| s.flush());
            // Stall: up to 30 s, or until the server stops.
            for _ in 0..300 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            r
        }
        Reply::Short(body) => s
            .write_all(
                head("200 OK", &format!("Content-Length: {}\r\n", body.len() * 2)).as_bytes(),
            )
            .and_then(|()| s.write_all(body)),
        Reply::Unsized(body) => s
            .write_all(head("200 OK", "").as_bytes())
            .and_then(|()| s.write_all(body)),
        Reply::Drip(body) => {
            let mut r = s.write_all(
                head("200 OK", &format!("Content-Length: {}\r\n", body.len())).as_bytes(),
            );
            for piece in body.chunks(16) {
                if r.is_err() || stop.load(Ordering::SeqCst) {
                    break;
                }
                r = s.write_all(piece).and_then(|()| s.flush());
                std::thread::sleep(Duration::from_millis(200));
            }
            r
        }
        Reply::Held(body) => {
            let (most, last) = body.split_at(body.len() - 1);
            let r = s
                .write_all(
                    head("200 OK", &format!("Content-Length: {}\r\n", body.len())).as_bytes(),
                )
                .and_then(|()| s.write_all(most))
                .and_then(|()| s.flush());
            for _ in 0..600 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            r.and_then(|()| s.write_all(last))
        }
        Reply::Redirect(to) => s.write_all(
            head(
                "302 Found",
                &format!("Location: {to}\r\nContent-Length: 0\r\n"),
            )
            .as_bytes(),
        ),
    };
    let _ = s.flush();
}

impl Server {
    pub fn start(reply: Reply) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let thread = std::thread::spawn(move || {
            let mut workers = Vec::new();
            // Bounded: a handful of connections at most.
            for conn in listener.incoming().take(8) {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(s) = conn else { continue };
                let reply = reply.clone();
                let flag = flag.clone();
                let seen = seen.clone();
                workers.push(std::thread::spawn(move || serve(s, &reply, &flag, &seen)));
            }
            for w in workers {
                let _ = w.join();
            }
        });
        Server {
            port,
            stop,
            requests,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
