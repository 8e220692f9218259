//! Why a delivery failed: the taxonomy ([`Reason`](reason::Reason), hard or
//! soft, [`Advice`](reason::Advice)), the [`Evidence`](evidence::Evidence)
//! and [`Verdict`](evidence::Verdict) values, the facts read from a
//! diagnostic text with the curated wordings (`decide`), the one decision
//! from those facts (`steps`), and the verdict it gives (`verdict`). It knows nothing of emails: the bounce
//! formats hand it typed facts.

#[cfg(feature = "bounce")]
pub(crate) mod classified;
#[cfg(feature = "bounce")]
pub(crate) mod decide;
pub(crate) mod evidence;
#[cfg(feature = "bounce")]
pub(crate) mod provider;
pub(crate) mod reason;
#[cfg(feature = "bounce")]
mod steps;
#[cfg(feature = "bounce")]
#[allow(clippy::module_inception)]
pub(crate) mod verdict;

#[cfg(feature = "bounce")]
pub(crate) use verdict::{Report, decide_facts, decide_one, decide_report};
