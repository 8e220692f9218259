//! Downstream-style integration tests for smtp-status.
