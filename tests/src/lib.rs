//! Downstream-style integration tests for smtp-status (see `tests/`).
//!
//! The Rust examples of the READMEs run as this crate's doctests, so no
//! README can drift from the API: the workspace README here, each published
//! crate's README below (their crates.io pages).
#![doc = include_str!("../../README.md")]

/// The README of `smtp-status` (crates/smtp-status/README.md).
#[cfg(doctest)]
#[doc = include_str!("../../crates/smtp-status/README.md")]
pub struct CoreReadme;

/// The README of `smtp-status-explain` (crates/smtp-status-explain/README.md).
#[cfg(doctest)]
#[doc = include_str!("../../crates/smtp-status-explain/README.md")]
pub struct BounceReadme;
