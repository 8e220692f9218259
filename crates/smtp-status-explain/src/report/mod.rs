//! The reports of what a user pastes: a code (`code`), a reply
//! ([`reply`]), codes in free text (`text`), the most specific reading of
//! an input (`explain`) and text explained as it arrives (`stream`).

pub(crate) mod code;
pub(crate) mod explain;
pub mod reply;
pub(crate) mod stream;
pub(crate) mod text;
