//! Work counted while explaining, for the tests that check it grows in
//! proportion to the input (`linear` below): every scan of a text adds the
//! bytes it may read. Outside `cargo test` of this crate the count is
//! compiled out.

#[cfg(test)]
thread_local! {
    static DONE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `bytes` read by one scan of a text.
#[inline]
pub(crate) fn scan(bytes: usize) {
    #[cfg(test)]
    DONE.with(|d| d.set(d.get().saturating_add(bytes as u64)));
    #[cfg(not(test))]
    let _ = bytes;
}

/// The bytes counted on this thread since the last call, and a new count.
#[cfg(all(test, feature = "bounce"))]
pub(crate) fn take() -> u64 {
    DONE.with(|d| d.replace(0))
}
