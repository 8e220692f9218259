//! A counting allocator shows that parsing a reply allocates nothing.
// A global allocator cannot be written without `unsafe`; this test only.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn zero_allocations_per_reply() {
    let input: &[u8] = b"250-mx.google.com at your service\r\n250-SIZE 157286400\r\n250 SMTPUTF8\r\n550-5.7.26 unauthenticated\r\n550 5.7.26 gsmtp\r\n550 5.7.606 Access denied\r\n450 5.7.1 odd\r\n";
    let before = ALLOCS.load(Ordering::SeqCst);
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
    let after = ALLOCS.load(Ordering::SeqCst);
    assert_eq!(n, 4000);
    assert!(bytes > 0);
    assert_eq!(after - before, 0, "allocations while parsing {n} replies");
}
