//! A counting allocator shows that parsing a reply allocates nothing.
//!
//! It counts only the allocations of the thread that measures: libtest's
//! own threads (the main thread collecting results, output capture)
//! allocate at any time, and counting them made this test fail at random.
//! This file holds this one test, so no other test shares the allocator.
// A global allocator cannot be written without `unsafe`; this test only.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    /// Whether this thread is measuring. `const`-initialised and without a
    /// destructor, so reading it from inside the allocator never allocates
    /// and never registers anything.
    static MEASURING: Cell<bool> = const { Cell::new(false) };
    /// This thread's allocations while it measured.
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // `try_with`: a thread being torn down may still allocate.
        let _ = MEASURING.try_with(|on| {
            if on.get() {
                ALLOCS.with(|n| n.set(n.get() + 1));
            }
        });
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The allocations this thread makes while running `f`, and its result.
fn count<T>(f: impl FnOnce() -> T) -> (usize, T) {
    ALLOCS.with(|n| n.set(0));
    MEASURING.with(|on| on.set(true));
    let out = std::hint::black_box(f());
    MEASURING.with(|on| on.set(false));
    (ALLOCS.with(Cell::get), out)
}

#[test]
fn zero_allocations_per_reply() {
    // The counter sees this thread's allocations (so a 0 below means
    // something) ...
    let (boxes, _) = count(|| (0..3).map(Box::new).collect::<Vec<_>>());
    assert_eq!(boxes, 4, "three boxes and one vector");
    // ... and not another thread's: 100 boxes there, and here only what
    // spawning a thread takes.
    let (elsewhere, _) = count(|| {
        std::thread::scope(|s| {
            s.spawn(|| (0..100).map(Box::new).collect::<Vec<_>>())
                .join()
        })
    });
    assert!(elsewhere < 50, "{elsewhere}");

    let input: &[u8] = b"250-mx.google.com at your service\r\n250-SIZE 157286400\r\n250 SMTPUTF8\r\n550-5.7.26 unauthenticated\r\n550 5.7.26 gsmtp\r\n550 5.7.606 Access denied\r\n450 5.7.1 odd\r\n";
    let (allocs, (n, bytes)) = count(|| {
        let mut n = 0;
        let mut bytes = 0;
        for _ in 0..1000 {
            for r in smtp_status::reply::Options::lenient().replies(input) {
                let r = r.unwrap();
                n += 1;
                bytes += r.lines().map(<[u8]>::len).sum::<usize>();
                bytes += r.warnings().count();
                bytes += r.registered().is_some() as usize;
            }
        }
        (n, bytes)
    });
    assert_eq!(n, 4000);
    assert!(bytes > 0);
    assert_eq!(allocs, 0, "allocations while parsing {n} replies");
}
