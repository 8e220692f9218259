//! Downstream-style integration tests for smtp-status (see `tests/`).
//!
//! The README's Rust examples run as this crate's doctests, so the README
//! cannot drift from the API.
#![doc = include_str!("../../README.md")]
