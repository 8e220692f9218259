//! One failure decided, with the codes and text it was decided from: what
//! the decision gives every recipient of a bounce, a reply or a log line.

use serde::Serialize;
use smtp_status::EnhancedCode;

use crate::human::{Block, Row};
use crate::{About, Advice, Evidence, Reason, Verdict};

fn ser_opt_code<S: serde::Serializer>(c: &Option<EnhancedCode>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => s.collect_str(c),
        None => s.serialize_none(),
    }
}

/// One failure decided: who (when known), the codes and text it was
/// decided from, and the verdict's fields (`reason`, `hard`, `advice`,
/// `evidence`: [`Classified::verdict`]). Every recipient of a bounce has
/// one (`crate::Recipient`), and so has one reply or log line
/// ([`crate::classify_text`]).
///
/// ```
/// let c = smtp_status_explain::classify_text("550 5.1.1 <nobody@b.example>: User unknown");
/// assert_eq!(c.reason, smtp_status_explain::Reason::UserUnknown);
/// assert!(c.hard);
/// assert_eq!(c.status.unwrap().to_string(), "5.1.1");
/// assert_eq!(c.reply_code, Some(550));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classified {
    /// The recipient address, when the report names it.
    pub recipient: Option<String>,
    /// `Action` of an RFC 3464 report (lower case), when there is one.
    pub action: Option<String>,
    /// Why it bounced.
    pub reason: Reason,
    /// Whose problem it is ([`Reason::about`]).
    pub about: About,
    /// Whether retrying cannot help ([`Reason::is_hard`]).
    pub hard: bool,
    /// What to do.
    pub advice: Advice,
    /// The most specific enhanced status code known: the DSN `Status`, or
    /// the code in the diagnostic text when `Status` is the generic X.0.0
    /// or missing.
    #[serde(serialize_with = "ser_opt_code")]
    pub status: Option<EnhancedCode>,
    /// The `Status` field as written, when it differs from `status`.
    #[serde(serialize_with = "ser_opt_code")]
    pub dsn_status: Option<EnhancedCode>,
    /// The SMTP reply code in the diagnostic text.
    pub reply_code: Option<u16>,
    /// The diagnostic text (the `Diagnostic-Code`, or the lines of a
    /// plain-text bounce about this recipient), trimmed.
    pub diagnostic: Option<String>,
    /// The `Feedback-Type` of a feedback report.
    pub feedback_type: Option<String>,
    /// What decided the reason.
    pub evidence: Evidence,
}

impl Classified {
    /// The human rows: reason, hard or soft, advice, evidence; with
    /// `codes`, also the status, reply code, feedback type and diagnostic
    /// (an RFC 3464 recipient shows those already).
    pub fn rows(&self, codes: bool) -> Vec<Row> {
        let mut rows = self.verdict().rows();
        if let (Some(s), Some(d)) = (self.status, self.dsn_status) {
            rows.push(Row::new(
                "code",
                format!("{s} from the diagnostic text (Status says {d})"),
            ));
        } else if codes && let Some(s) = self.status {
            rows.push(Row::new("status", s.to_string()));
        }
        if codes {
            if let Some(r) = self.reply_code {
                rows.push(Row::new("reply code", r.to_string()));
            }
            if let Some(t) = &self.feedback_type {
                rows.push(Row::new("feedback", t.as_str()));
            }
            if let Some(d) = &self.diagnostic {
                // Whole, on one line: the human form wraps it.
                let one: String = d.split_whitespace().collect::<Vec<_>>().join(" ");
                rows.push(Row::new("diagnostic", one));
            }
        }
        rows
    }

    /// The reason, hard or soft, advice and evidence, on their own.
    pub fn verdict(&self) -> Verdict {
        Verdict {
            reason: self.reason,
            about: self.about,
            hard: self.hard,
            advice: self.advice,
            evidence: self.evidence.clone(),
        }
    }

    /// The human form: the recipient, then [`Classified::rows`].
    pub fn block(&self) -> Block {
        let who = self.recipient.as_deref().unwrap_or("(recipient not named)");
        Block {
            title: format!("{who}  {}", self.reason),
            rows: self.rows(true),
        }
    }
}

impl std::fmt::Display for Classified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.block().fmt(f)
    }
}
