//! An email as bytes: the one reader of stored emails ([`mailbox`]), mbox
//! files ([`mbox`]), the MIME walk and its decoding (`mime`), header fields
//! (`head`), and where the text names each recipient (`named`).

pub(crate) mod head;
pub mod mailbox;
pub mod mbox;
pub(crate) mod mime;
pub(crate) mod named;
