//! The `smtp-status` command (work in progress).
fn main() {}
