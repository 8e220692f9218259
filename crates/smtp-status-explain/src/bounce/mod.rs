//! A whole bounce email to its one record, [`Bounce`]: the email as bytes
//! (`email`: the stored-email reader, mbox, the MIME walk, header fields),
//! the format readers (`formats`, one file each, tried in the order of
//! `classify::READERS`), the pipeline and its entry points (`classify`:
//! [`read`], [`read_with`]), the record (`record`), the checks of an RFC
//! 3464 recipient's fields (`recipient`) and the lines of `smtp-status
//! bounce` (`report`).

pub(crate) mod classify;
pub(crate) mod email;
pub(crate) mod formats;
pub(crate) mod recipient;
pub(crate) mod record;
pub(crate) mod report;

pub use classify::{read, read_with};
pub use email::mime::MAX_NESTING;
pub use formats::Format;
pub use record::{
    Agreement, Bounce, BounceError, Disagreement, DsnFacts, MAX_INPUT, Recipient, RecipientWarning,
};
pub use report::{BounceHeader, BounceLine, BounceSummary, EmailError};
