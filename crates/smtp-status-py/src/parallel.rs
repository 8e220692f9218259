//! The one worker pool of the bulk calls: items of a slice mapped on
//! scoped standard-library threads, results in input order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Items a bulk call holds at once: the input is read, classified and
/// handed back to Python this many at a time, so that a generator of any
/// length needs memory for one chunk only.
pub const CHUNK: usize = 1024;

/// `f` applied to every item on `threads` threads (the calling thread alone
/// for one thread or one item), in input order. Each thread takes the next
/// unclaimed item, so a slow email holds up only its own thread. A panic in
/// a worker is resumed in the caller, with its message.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = threads.min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut out: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers).map(|_| s.spawn(work)).collect();
        for h in handles {
            match h.join() {
                Ok(done) => {
                    for (i, r) in done {
                        out[i] = Some(r);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    out.into_iter()
        .map(|r| r.expect("every item is claimed by exactly one worker"))
        .collect()
}
