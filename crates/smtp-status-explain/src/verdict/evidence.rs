//! What decided a bounce's reason ([`Evidence`]) and the verdict it makes
//! with the reason, hard or soft and the advice ([`Verdict`]). The
//! taxonomy itself is in `reason.rs`; how a verdict is reached, in
//! `verdict.rs`.

use serde::Serialize;
use smtp_status::EnhancedCode;

use crate::human::{Block, Row};
use crate::{About, Advice, Reason};

/// What decided the reason.
///
/// ```
/// use smtp_status_explain::{Evidence, Rule};
/// let e = Evidence::Pattern { text: "user unknown" };
/// assert_eq!(e.to_string(), "text \"user unknown\" (registry/bounce-patterns.txt)");
/// let e = Evidence::Provider { provider: "Google", marker: "daily sending quota exceeded" };
/// assert_eq!(
///     e.to_string(),
///     "Google's documented reply \"daily sending quota exceeded\" (registry/provider-rules.txt)"
/// );
/// assert_eq!(Evidence::Rule { rule: Rule::GaveUp }.to_string(), Rule::GaveUp.sentence());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Evidence {
    /// A rule of the decision: the shape of the report (a feedback report,
    /// an auto-reply, an `Action` that is not a failure) or the SMTP stage
    /// the text names.
    Rule {
        /// Which rule, by its stable name.
        rule: Rule,
    },
    /// An enhanced status code with a precise meaning.
    Code {
        /// The code.
        #[serde(serialize_with = "ser_code")]
        code: EnhancedCode,
    },
    /// A curated text pattern matched the diagnostic text.
    Pattern {
        /// The pattern, lower case: its id in registry/bounce-patterns.txt,
        /// which holds each wording once.
        text: &'static str,
    },
    /// A rule of the provider that answered (registry/provider-rules.txt):
    /// its host was recognised and its documented reply matched.
    Provider {
        /// The provider's name (registry/provider-hosts.txt).
        provider: &'static str,
        /// The rule's text, lower case (empty when its code alone decides).
        marker: &'static str,
    },
    /// Only the class of the code or reply was known.
    Class,
    /// Nothing was known.
    Nothing,
}

/// The rules of the decision that are neither a code nor a wording, each
/// with a stable name (JSON: `{"kind": "rule", "rule": "gave-up"}`) and a
/// sentence for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Rule {
    /// RFC 3464 section 2.3.3: `delivered`, `relayed` or `expanded`.
    NotAFailure,
    /// A `message/feedback-report` part (RFC 5965).
    FeedbackReport,
    /// Microsoft's JMRP complaint format.
    JmrpComplaint,
    /// Apple Mail's one-click unsubscribe request.
    AppleUnsubscribe,
    /// Amazon SES's complaint notification.
    SesComplaint,
    /// An automatic reply (RFC 3834).
    AutoReply,
    /// The sending service's suppression list (Amazon SES).
    SuppressionList,
    /// RFC 3464 section 2.3.6: a `Diagnostic-Code` of type `X-Unix`.
    LocalProgram,
    /// `delayed`, or `failed` with a transient status: the sender gave up
    /// or is still retrying.
    GaveUp,
    /// The greeting or EHLO/HELO was refused: the sending host.
    RefusedAtHelo,
    /// The MAIL command was refused: the sender.
    RefusedAtMail,
    /// A refusal after DATA: the recipient had been accepted.
    RefusedAfterData,
    /// An unknown-user wording beside an X.2.x code: the mailbox exists.
    MailboxExists,
    /// "does not exist" said of a domain name, not a mailbox.
    DomainDoesNotExist,
}

impl Rule {
    /// One sentence for people.
    pub const fn sentence(self) -> &'static str {
        match self {
            Rule::NotAFailure => "Action is not a failure",
            Rule::FeedbackReport => "a feedback report (RFC 5965)",
            Rule::JmrpComplaint => "a Microsoft JMRP complaint",
            Rule::AppleUnsubscribe => "an Apple Mail unsubscribe request",
            Rule::SesComplaint => "an Amazon SES complaint notification",
            Rule::AutoReply => "an automatic reply (RFC 3834)",
            Rule::SuppressionList => "the sending service's suppression list",
            Rule::LocalProgram => {
                "a Diagnostic-Code of type X-Unix: a local delivery program failed"
            }
            Rule::GaveUp => "Action delayed, expired, or failed with a transient status",
            Rule::RefusedAtHelo => "the greeting or EHLO/HELO (the sending host) was refused",
            Rule::RefusedAtMail => "the MAIL command (the sender) was refused",
            Rule::RefusedAfterData => "a recipient refused after the DATA command",
            Rule::MailboxExists => {
                "an unknown-user wording beside an X.2.x code (the mailbox exists)"
            }
            Rule::DomainDoesNotExist => "a domain name, not a mailbox, does not exist",
        }
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evidence::Rule { rule } => f.write_str(rule.sentence()),
            Evidence::Code { code } => write!(f, "status code {code}"),
            Evidence::Pattern { text } => {
                write!(f, "text {text:?} (registry/bounce-patterns.txt)")
            }
            Evidence::Provider { provider, marker } => write!(
                f,
                "{provider}'s documented reply {marker:?} (registry/provider-rules.txt)"
            ),
            Evidence::Class => f.write_str("the class of the code only"),
            Evidence::Nothing => f.write_str("no code and no known text"),
        }
    }
}

fn ser_code<S: serde::Serializer>(c: &EnhancedCode, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(c)
}

/// The answer to "why, whose problem, and should I retry?" for one
/// failure: the reason, whose problem it is, hard or soft, what to do, and
/// what decided it. JSON: `{"reason", "about", "hard", "advice",
/// "evidence"}`. The four after the reason follow from it and from whether
/// the failure is permanent ([`Verdict::of`]): one advice per verdict.
///
/// ```
/// use smtp_status_explain::{About, Advice, Evidence, Reason, Verdict};
/// let v = Verdict::of(Reason::MailboxFull, false, Evidence::Class);
/// assert_eq!(v.about, About::RecipientMailbox);
/// assert_eq!(v.advice, Advice::RetryLater);
/// assert_eq!(v.rows()[2].value, "soft");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Why it failed.
    pub reason: Reason,
    /// Whose problem it is ([`Reason::about`]).
    pub about: About,
    /// Whether retrying cannot help ([`Reason::is_hard`]).
    pub hard: bool,
    /// What to do.
    pub advice: Advice,
    /// What decided the reason.
    pub evidence: Evidence,
}

impl Verdict {
    /// The verdict of `reason` for a permanent failure (a 5xx reply or
    /// 5.x.x code) or a temporary one, decided by `evidence`.
    pub fn of(reason: Reason, permanent: bool, evidence: Evidence) -> Verdict {
        Verdict {
            reason,
            about: reason.about(),
            hard: reason.is_hard(permanent),
            advice: reason.advice(permanent),
            evidence,
        }
    }

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

    /// The human rows: reason, about, bounce (hard or soft), advice,
    /// evidence.
    pub fn rows(&self) -> Vec<Row> {
        vec![
            Row::new(
                "reason",
                format!("{}  {}", self.reason, self.reason.summary()),
            ),
            Row::new("about", self.about.as_str()),
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
/// use smtp_status_explain::{Evidence, Reason, Verdict};
/// let v = Verdict::of(Reason::MailboxFull, false, Evidence::Class);
/// assert_eq!(
///     v.to_string(),
///     "mailboxfull (recipient_mailbox): soft bounce, retry-later (decided by the class of the code only)"
/// );
/// ```
impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {} bounce, {} (decided by {})",
            self.reason,
            self.about,
            self.bounce(),
            self.advice,
            self.evidence
        )
    }
}
