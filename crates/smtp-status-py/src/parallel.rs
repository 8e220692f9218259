//! The worker pools of the bulk calls: items of a slice mapped on scoped
//! standard-library threads, results in input order, all at once (`map`)
//! or one by one as they are done (`ordered`).

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

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

/// The state `ordered` shares between the calling thread and its helpers.
struct Shared<'a, T, R, F> {
    items: &'a [T],
    f: F,
    /// The next unclaimed item.
    next: AtomicUsize,
    /// Set when the caller stops early: no item is claimed after it.
    stop: AtomicBool,
    /// Each item's result (or the panic of its `f`) once it is done.
    done: Mutex<Vec<Option<std::thread::Result<R>>>>,
    /// Signalled whenever a result is stored.
    stored: Condvar,
}

impl<T: Sync, R: Send, F: Fn(&T) -> R + Sync> Shared<'_, T, R, F> {
    fn done(&self) -> MutexGuard<'_, Vec<Option<std::thread::Result<R>>>> {
        // `f` never runs with the lock held, so a panic cannot poison it.
        self.done.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An unclaimed item, now claimed by the caller.
    fn claim(&self) -> Option<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        (i < self.items.len()).then_some(i)
    }

    /// Runs `f` on item `i` and stores what it gives, a panic included.
    fn run(&self, i: usize) {
        let r = std::panic::catch_unwind(AssertUnwindSafe(|| (self.f)(&self.items[i])));
        self.done()[i] = Some(r);
        self.stored.notify_one();
    }

    /// Blocks until item `i` is done.
    fn wait(&self, i: usize) {
        let mut done = self.done();
        while done[i].is_none() {
            done = self
                .stored
                .wait(done)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// `f` applied to every item on `threads` threads, the calling thread one
/// of them, with the results handed to `take` on the calling thread in
/// input order, each as soon as it and those before it are done, while
/// the other threads go on: what `take` does (the conversion to Python
/// objects, GIL held) overlaps the classification instead of following
/// it. The calling thread takes a result when the next one is ready and
/// otherwise runs `f` on an unclaimed item itself, or waits; both run
/// inside `outside` (the binding's releases the GIL). One thread runs
/// everything on the calling thread. `take`'s first error stops the call
/// (no new item is started) and is returned; a panic in `f` is resumed in
/// the caller, with its message, when its item's turn comes.
pub fn ordered<T: Sync, R: Send, E>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
    outside: impl Fn(&(dyn Fn() + Sync)),
    mut take: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    let shared = Shared {
        items,
        f,
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        done: Mutex::new(std::iter::repeat_with(|| None).take(items.len()).collect()),
        stored: Condvar::new(),
    };
    let shared = &shared;
    std::thread::scope(|s| {
        for _ in 1..threads.min(items.len()) {
            s.spawn(|| {
                while let Some(i) = shared.claim() {
                    shared.run(i);
                }
            });
        }
        let result = (0..items.len()).try_for_each(|i| {
            let r = loop {
                if let Some(r) = shared.done()[i].take() {
                    break r;
                }
                match shared.claim() {
                    Some(j) => outside(&|| shared.run(j)),
                    None => outside(&|| shared.wait(i)),
                }
            };
            match r {
                Ok(r) => take(i, r),
                Err(panic) => {
                    shared.stop.store(true, Ordering::Relaxed);
                    std::panic::resume_unwind(panic)
                }
            }
        });
        shared.stop.store(true, Ordering::Relaxed);
        result
    })
}
