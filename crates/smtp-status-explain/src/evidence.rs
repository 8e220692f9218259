//! What decided a bounce's reason ([`Evidence`]) and the verdict it makes
//! with the reason, hard or soft and the advice ([`Verdict`]). The
//! taxonomy itself is in `reason.rs`; how a verdict is reached, in
//! `verdict.rs`.

use serde::Serialize;
use smtp_status::EnhancedCode;

use crate::human::{Block, Row};
use crate::{Advice, Reason};

/// What decided the reason.
///
/// ```
/// use smtp_status_explain::Evidence;
/// let e = Evidence::Pattern { text: "user unknown", line: 3 };
/// assert_eq!(e.to_string(), "text \"user unknown\" (registry/bounce-patterns.txt line 3)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Evidence {
    /// The shape of the email: a feedback report, an auto-reply, an
    /// `Action` that is not a failure.
    Format {
        /// What was seen.
        what: &'static str,
    },
    /// An enhanced status code with a precise meaning.
    Code {
        /// The code.
        #[serde(serialize_with = "ser_code")]
        code: EnhancedCode,
    },
    /// A curated text pattern matched the diagnostic text.
    Pattern {
        /// The pattern, lower case.
        text: &'static str,
        /// Its line in registry/bounce-patterns.txt.
        line: u32,
    },
    /// Only the class of the code or reply was known.
    Class,
    /// Nothing was known.
    Nothing,
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evidence::Format { what } => f.write_str(what),
            Evidence::Code { code } => write!(f, "status code {code}"),
            Evidence::Pattern { text, line } => {
                write!(
                    f,
                    "text {text:?} (registry/bounce-patterns.txt line {line})"
                )
            }
            Evidence::Class => f.write_str("the class of the code only"),
            Evidence::Nothing => f.write_str("no code and no known text"),
        }
    }
}

fn ser_code<S: serde::Serializer>(c: &EnhancedCode, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(c)
}

/// The answer to "why, and should I retry?" for one failure: the reason,
/// hard or soft, what to do, and what decided it. JSON: `{"reason", "hard",
/// "advice", "evidence"}`.
///
/// ```
/// use smtp_status_explain::{Advice, Evidence, Reason, Verdict};
/// let v = Verdict {
///     reason: Reason::MailboxFull,
///     hard: false,
///     advice: Advice::RetryLater,
///     evidence: Evidence::Class,
/// };
/// assert_eq!(v.rows()[1].value, "soft");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Why it failed.
    pub reason: Reason,
    /// Whether retrying cannot help ([`Reason::is_hard`]).
    pub hard: bool,
    /// What to do.
    pub advice: Advice,
    /// What decided the reason.
    pub evidence: Evidence,
}

impl Verdict {
    /// The classifier's verdict on the text `text` makes, or `None` when the
    /// classifier is not built (without the `bounce` feature).
    #[cfg(feature = "bounce")]
    pub(crate) fn of_text(text: impl FnOnce() -> String) -> Option<Verdict> {
        Some(crate::verdict(&text()))
    }

    /// The classifier's verdict on the text `text` makes, or `None` when the
    /// classifier is not built (without the `bounce` feature).
    #[cfg(not(feature = "bounce"))]
    pub(crate) fn of_text(_: impl FnOnce() -> String) -> Option<Verdict> {
        None
    }

    /// `block` with the rows of `verdict`, if any, after its first `after`
    /// rows.
    pub(crate) fn insert(verdict: Option<&Verdict>, mut block: Block, after: usize) -> Block {
        if let Some(v) = verdict {
            let at = block.rows.len().min(after);
            block.rows.splice(at..at, v.rows());
        }
        block
    }

    /// The human rows: reason, bounce (hard or soft), advice, evidence.
    pub fn rows(&self) -> Vec<Row> {
        vec![
            Row::new(
                "reason",
                format!("{}  {}", self.reason, self.reason.summary()),
            ),
            Row::new("bounce", self.bounce()),
            Row::new("advice", self.advice.sentence()),
            Row::new("evidence", self.evidence.to_string()),
        ]
    }

    /// `"hard"` or `"soft"`.
    fn bounce(&self) -> &'static str {
        if self.hard { "hard" } else { "soft" }
    }
}

/// One line: reason, hard or soft, advice, and what decided it.
///
/// ```
/// use smtp_status_explain::{Advice, Evidence, Reason, Verdict};
/// let v = Verdict {
///     reason: Reason::MailboxFull,
///     hard: false,
///     advice: Advice::RetryLater,
///     evidence: Evidence::Class,
/// };
/// assert_eq!(
///     v.to_string(),
///     "mailboxfull: soft bounce, retry-later (decided by the class of the code only)"
/// );
/// ```
impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} bounce, {} (decided by {})",
            self.reason,
            self.bounce(),
            self.advice,
            self.evidence
        )
    }
}
