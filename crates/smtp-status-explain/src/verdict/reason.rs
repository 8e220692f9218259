//! Why a recipient bounced: the [`Reason`] taxonomy (the one of Sisimai, the
//! reference bounce analyzer), whose problem it is ([`About`]), whether it
//! is hard, and what to do about it ([`Advice`]). The three enums and their
//! tables are generated from registry/reasons.txt (`cargo xtask codegen`);
//! this file adds their text forms. What decided a reason is in
//! `evidence.rs`.

use std::str::FromStr;

#[rustfmt::skip]
#[path = "../generated/reasons.rs"]
mod generated;

pub use generated::{About, Advice, Reason};

/// A name that is no reason: [`Reason`]'s `FromStr` error.
///
/// ```
/// let e = "nope".parse::<smtp_status_explain::Reason>().unwrap_err();
/// assert_eq!(e.to_string(), "`nope` is not a reason name (registry/reasons.txt)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownReason(pub String);

impl std::fmt::Display for UnknownReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a reason name (registry/reasons.txt)",
            self.0
        )
    }
}

impl std::error::Error for UnknownReason {}

/// Today's names and the older ones (aliases): `"speeding".parse()` is
/// [`Reason::RateLimited`].
///
/// ```
/// use smtp_status_explain::Reason;
/// assert_eq!("exceedlimit".parse(), Ok(Reason::EmailTooLarge));
/// for r in Reason::ALL {
///     assert_eq!(r.as_str().parse(), Ok(*r));
/// }
/// ```
impl FromStr for Reason {
    type Err = UnknownReason;

    fn from_str(s: &str) -> Result<Reason, UnknownReason> {
        Reason::from_name(s).ok_or_else(|| UnknownReason(s.to_string()))
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Advice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for About {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl serde::Serialize for Advice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl serde::Serialize for About {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
