//! IANA's [SMTP Enhanced Status Codes registry] as Rust: every registered
//! code as a documented enum variant with its registry entry as data, an open
//! type for any well-formed code (registered or not), and SMTP reply codes.
//!
//! `#![no_std]`, no allocation, no required dependencies, no build script.
//! The tables are generated from a committed snapshot of the registry (see
//! [`REGISTRY_UPDATED`]) by `cargo xtask codegen`.
//!
//! # What is where
//!
//! Types at the crate root:
//!
//! - [`EnhancedCode`]: any code of RFC 3463's grammar, `2.0.0` to `5.999.999`,
//!   kept exactly (`5.7.606` stays `5.7.606`). Parse it with [`str::parse`] or
//!   [`EnhancedCode::from_bytes`]; ask for its [`Class`], its [`Subject`] and
//!   its [`registered`](EnhancedCode::registered) entry.
//! - [`RegisteredCode`]: one variant per code of the registry (the
//!   [table below](#registered-codes)), each with its sample text,
//!   description, associated reply codes ([`Association`]), references,
//!   submitter, change controller, dates and deprecation.
//! - [`Class`] and [`Subject`]: the first two sub-registries.
//! - [`ReplyCode`]: a three-digit SMTP reply code (RFC 5321), with named
//!   constants, the meanings documents give each code
//!   ([`ReplyCode::uses`], [`ReplyCodeUse`]), and lookups in both directions
//!   between reply codes and registered codes.
//!
//! Modules:
//!
//! - [`reply`]: a zero-copy parser for whole SMTP replies (`550-5.7.26 ...`),
//!   one, streamed or pipelined, with the enhanced code of RFC 2034 that
//!   leads the text.
//! - [`dsn`]: the typed fields of a delivery status notification
//!   (RFC 3464 `message/delivery-status` body), borrowed without allocation.
//! - [`find`]: the reply and enhanced codes inside free text (a line of a
//!   non-delivery report, a log line), each with its byte range.
//! - [`vendor`]: what Microsoft, Google, Yahoo and Oracle mean by their own
//!   codes (`5.7.708`, `5.1.10 RESOLVER.ADR.RecipientNotFound`), kept apart
//!   from the registry's meanings, with the rule for when one applies.
//! - [`hazard`]: the characters never shown raw (control and bidirectional
//!   formatting characters), one set for generated code, text and JSON.
//!
//! # Example
//!
//! ```
//! use smtp_status::{Class, EnhancedCode, RegisteredCode, ReplyCode};
//!
//! let code: EnhancedCode = "5.1.1".parse()?;
//! assert_eq!(code.class(), Class::PermanentFailure);
//!
//! let entry = code.registered().expect("5.1.1 is registered");
//! assert_eq!(entry, RegisteredCode::BadDestinationMailboxAddress);
//! assert_eq!(entry.sample(), "Bad destination mailbox address");
//! assert!(entry.association().allows(ReplyCode::new(550).unwrap()) == Some(true));
//! assert_eq!(entry.references()[0].url(), "https://www.rfc-editor.org/rfc/rfc3463");
//!
//! // Codes outside the registry are values too.
//! let ms: EnhancedCode = "5.7.708".parse()?;
//! assert_eq!(ms.registered(), None);
//! assert_eq!(ms.subject_kind().unwrap().summary(), "Security or Policy Status");
//!
//! // Registered codes in match arms; the enum grows as IANA registers codes.
//! let advice = match entry {
//!     RegisteredCode::BadDestinationMailboxAddress => "check the address",
//!     RegisteredCode::MailboxFull => "try again later",
//!     _ => "see the registry entry",
//! };
//! assert_eq!(advice, "check the address");
//! # Ok::<(), smtp_status::ParseCodeError>(())
//! ```
//!
//! # Features
//!
//! - `serde` (off by default): `Serialize` and `Deserialize` for
//!   [`EnhancedCode`] (`"5.1.1"`), [`RegisteredCode`] (`"X.1.1"`),
//!   [`ReplyCode`] (`550`; `"550"` is read too), [`Class`], [`Subject`] and
//!   [`ReplyCategory`] (as numbers), [`reply::Warning`] and
//!   [`reply::ErrorKind`] (by name); `Serialize` for [`AnyClassCode`],
//!   [`ClassAgreement`] and the [`vendor`] meanings. On docs.rs the impls it
//!   adds carry a badge.
//!
//! [SMTP Enhanced Status Codes registry]: https://www.iana.org/assignments/smtp-enhanced-status-codes/
//!
#![doc = include_str!("generated/codes.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod agreement;
mod any_class;
mod association;
mod class;
mod code;
mod date;
pub mod dsn;
pub mod find;
#[rustfmt::skip]
mod generated;
/// The characters never shown raw: one set, [`is_hazard`](hazard::is_hazard),
/// for the code generator (registry text in generated code and docs), the
/// text output of `smtp-status-explain` and the JSON Lines of the
/// `smtp-status` command.
///
/// ```
/// use smtp_status::hazard::is_hazard;
///
/// assert!(is_hazard('\u{1b}')); // ESC, which starts terminal sequences
/// assert!(is_hazard('\u{9b}')); // CSI, its C1 form
/// assert!(is_hazard('\u{7f}')); // DEL
/// assert!(is_hazard('\u{202e}')); // RIGHT-TO-LEFT OVERRIDE
/// assert!(is_hazard('\u{200f}')); // RIGHT-TO-LEFT MARK
/// assert!(is_hazard('\u{061c}')); // ARABIC LETTER MARK
/// assert!(!is_hazard('\u{e9}') && !is_hazard(' ') && !is_hazard('\u{200b}'));
///
/// // The first one in a text, found fast: its byte offset and character.
/// use smtp_status::hazard::find_hazard;
/// assert_eq!(find_hazard("caf\u{e9} \u{9b}31m"), Some((6, '\u{9b}')));
/// assert_eq!(find_hazard("plain text"), None);
/// ```
pub mod hazard;
#[rustfmt::skip]
#[path = "generated/reply_codes.rs"]
mod generated_reply_codes;
mod reference;
mod registered;
pub mod reply;
mod reply_code;
mod reply_code_use;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
mod serde_impls;
pub mod vendor;

pub use agreement::ClassAgreement;
pub use any_class::AnyClassCode;
pub use association::Association;
pub use class::SubjectCode;
pub use code::{EnhancedCode, MAX_NUMBER, ParseCodeError, Part};
pub use date::Date;
pub use generated::{Class, REGISTRY_UPDATED, Subject};
pub use reference::{Reference, ReferenceKind};
pub use registered::{ParseRegisteredError, RegisteredCode};
pub use reply_code::{ParseReplyCodeError, ReplyCategory, ReplyCode, ReplyFunction};
pub use reply_code_use::ReplyCodeUse;

/// Calls `f` with every byte string of 1 to `max_len` bytes that starts
/// with one of `first` and goes on with bytes of `alphabet`: the
/// exhaustive sweeps of the parsers' unit tests.
#[cfg(test)]
pub(crate) fn each_string(first: &[u8], alphabet: &[u8], max_len: usize, mut f: impl FnMut(&[u8])) {
    let mut buf = [0u8; 16];
    let base = alphabet.len() as u64;
    for &b in first {
        buf[0] = b;
        for len in 1..=max_len.min(buf.len()) {
            for n in 0..base.pow(len as u32 - 1) {
                let mut k = n;
                for b in buf[1..len].iter_mut() {
                    *b = alphabet[(k % base) as usize];
                    k /= base;
                }
                f(&buf[..len]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_line_up_with_variants() {
        assert_eq!(RegisteredCode::ALL.len(), generated::COUNT);
        for (i, code) in RegisteredCode::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i);
            assert_eq!(generated::ENTRIES[i].code, *code);
            assert_eq!(
                RegisteredCode::from_parts(code.subject().number(), code.detail()),
                Some(*code)
            );
        }
    }
}
