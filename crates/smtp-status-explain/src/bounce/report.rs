//! The human and JSON forms of a bounce: [`BounceLine`] is one line of
//! `smtp-status bounce --json`.

use std::fmt;

use serde::Serialize;
use smtp_status::EnhancedCode;
use smtp_status::dsn::Action;

use crate::human::{Block, Row, escape};
use crate::{
    Agreement, Bounce, Classified, CodeReport, Disagreement, DsnFacts, Format, Recipient,
    RecipientWarning, reply_meaning,
};

/// One line of `bounce --json`: the bounce's header, then each recipient,
/// then each warning; or one line for an email that gave no result; a run
/// of several emails ends with a summary. JSON: `{"kind": "bounce" |
/// "recipient" | "warning" | "summary" | "error" | "not-understood", ...}`.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BounceLine<'a> {
    /// The bounce itself: where it was read from, its format, its
    /// `Reporting-MTA` and subject.
    Bounce(&'a BounceHeader),
    /// One recipient, whatever the format.
    Recipient(&'a Recipient),
    /// What was repaired while reading a bounce, a part that could not be
    /// read, or a contradiction found in it ([`crate::Bounce::warnings`]).
    Warning {
        /// One sentence.
        message: &'a str,
    },
    /// The counts of a run over several emails.
    Summary(&'a BounceSummary),
    /// An email that could not be read (too large, an I/O error).
    Error(&'a EmailError),
    /// An email read but holding no bounce that could be understood.
    NotUnderstood(&'a EmailError),
}

/// Why one email gave no result: the line that stands for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmailError {
    /// The file it was read from, when the caller says.
    pub file: Option<String>,
    /// Its 1-based index in an mbox file (1 for a single email).
    pub message: Option<usize>,
    /// Why, one sentence naming the file and message.
    pub error: String,
}

/// Counts over several emails: emails read, emails not understood,
/// recipients, and recipients per reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BounceSummary {
    /// Emails read.
    pub emails: usize,
    /// Emails that were not understood.
    pub not_understood: usize,
    /// Recipients classified.
    pub recipients: usize,
    /// Recipients per reason name.
    pub reasons: std::collections::BTreeMap<&'static str, usize>,
}

impl BounceSummary {
    /// Counts one recipient.
    pub fn add(&mut self, r: &Recipient) {
        self.recipients += 1;
        *self.reasons.entry(r.reason.as_str()).or_default() += 1;
    }
}

/// `272 emails (0 not understood), 275 recipients: userunknown 55, ...`
impl fmt::Display for BounceSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut reasons: Vec<(&str, usize)> = self.reasons.iter().map(|(r, n)| (*r, *n)).collect();
        reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = reasons.iter().map(|(r, n)| format!("{r} {n}")).collect();
        write!(
            f,
            "{} emails ({} not understood), {} recipients: {}",
            self.emails,
            self.not_understood,
            self.recipients,
            list.join(", ")
        )
    }
}

/// What a bounce says before its recipients, and where it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BounceHeader {
    /// The file it was read from, when the caller says.
    pub file: Option<String>,
    /// Its 1-based index in its file (1 for a single email), when the
    /// caller says.
    pub message: Option<usize>,
    /// What kind of report it is.
    pub format: Format,
    /// `Reporting-MTA` of the first report that has one.
    pub reporting_mta: Option<String>,
    /// `Subject` of the bounce email.
    pub subject: Option<String>,
}

impl BounceHeader {
    /// The header of `bounce`, read from `file` as its message `message`.
    ///
    /// ```
    /// let b = smtp_status_explain::read(b"Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; a@b.example\nAction: failed\n")?;
    /// let h = smtp_status_explain::BounceHeader::new(&b, Some("a.eml".into()), Some(1));
    /// assert_eq!(h.to_string(), "a.eml (message 1): delivery-status report (RFC 3464)\nreported by mx.example\n");
    /// # Ok::<(), smtp_status_explain::BounceError>(())
    /// ```
    pub fn new(bounce: &Bounce, file: Option<String>, message: Option<usize>) -> Self {
        BounceHeader {
            file,
            message,
            format: bounce.format,
            reporting_mta: bounce.reporting_mta.clone(),
            subject: bounce.subject.clone(),
        }
    }
}

/// The human form: the file and message index (when known) and the kind
/// of report, then who reported it.
impl fmt::Display for BounceHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.format {
            Format::PlainText => "plain-text bounce",
            Format::Feedback => "feedback report (not a bounce)",
            Format::AutoReply => "automatic reply (not a bounce)",
            Format::Ses => "Amazon SES notification",
            Format::Dsn => "delivery-status report (RFC 3464)",
        };
        match (&self.file, self.message) {
            (Some(file), Some(n)) => write!(f, "{} (message {n}): ", escape(file))?,
            (Some(file), None) => write!(f, "{}: ", escape(file))?,
            _ => {}
        }
        writeln!(f, "{kind}")?;
        match &self.reporting_mta {
            Some(m) => writeln!(f, "reported by {}", escape(m)),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Agreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Agreement::Agree => f.write_str("Status and the SMTP reply agree"),
            Agreement::Compatible { status, reply } => write!(
                f,
                "Status {status} only gives the class; the reply's enhanced code {reply} is more specific"
            ),
            Agreement::Disagree(d) => d.fmt(f),
            Agreement::NotComparable => f.write_str("no SMTP reply to compare the Status with"),
        }
    }
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Disagreement::Class { status, reply_code } => write!(
                f,
                "Status {status} is class {} but the reply code {reply_code} is {}xx",
                status.class() as u8,
                reply_code.first_digit()
            ),
            Disagreement::Code { status, reply } => {
                write!(
                    f,
                    "Status {status} differs from the reply's enhanced code {reply}"
                )
            }
        }
    }
}

/// Serializes as [`Agreement::as_str`]; the sentence is the recipient's
/// `agreement_note`.
impl Serialize for Agreement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for RecipientWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecipientWarning::ActionContradictsStatus { action, status } => write!(
                f,
                "Action {action} contradicts Status {status} (class {}, {})",
                status.class() as u8,
                status.class().summary()
            ),
        }
    }
}

#[derive(Serialize)]
struct WarningJson {
    kind: &'static str,
    message: String,
}

impl Serialize for RecipientWarning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        WarningJson {
            kind: match self {
                RecipientWarning::ActionContradictsStatus { .. } => "action-contradicts-status",
            },
            message: self.to_string(),
        }
        .serialize(s)
    }
}

/// The JSON of [`DsnFacts`]: the fields the recipient's line does not
/// already carry (its address, Action, codes and diagnostic are beside).
#[derive(Serialize)]
struct DsnJson<'a> {
    original_recipient: Option<&'a str>,
    status_comment: Option<&'a str>,
    status_invalid: Option<&'a str>,
    remote_mta: Option<&'a str>,
    diagnostic_type: Option<&'a str>,
    agreement: Agreement,
    agreement_note: Option<String>,
    last_attempt_date: Option<&'a str>,
    will_retry_until: Option<&'a str>,
    extension_fields: Vec<[&'a str; 2]>,
}

impl DsnFacts {
    /// The `Action` as a typed value (`Action::Other` for one RFC 3464 does
    /// not define).
    ///
    /// ```
    /// use smtp_status::dsn::Action;
    /// let b = smtp_status_explain::read(b"X: 1\n\nFinal-Recipient: rfc822; b@c\nAction: Delayed\nStatus: 4.4.1\n")?;
    /// assert_eq!(b.recipients[0].dsn.as_ref().unwrap().action_kind(), Action::Delayed);
    /// # Ok::<(), smtp_status_explain::BounceError>(())
    /// ```
    pub fn action_kind(&self) -> Action<'_> {
        Action::parse(&self.action)
    }

    /// The report on the Status, with the vendor meanings its Diagnostic-Code
    /// selects.
    pub fn status_report(&self) -> Option<CodeReport> {
        let text = self.diagnostic.as_deref().unwrap_or("");
        self.status
            .map(|code: EnhancedCode| CodeReport::new(code, text.as_bytes()))
    }

    /// The human form, with the rows of the verdict and codes `facts`.
    fn block(&self, facts: &Classified) -> Block {
        let who = self.recipient.as_deref().unwrap_or("(no Final-Recipient)");
        let outcome = match self.action_kind().description() {
            Some(d) => format!("{}: {d}", self.action),
            None => "unknown action".to_owned(),
        };
        let mut rows = vec![Row::new("action", self.action.as_str())];
        match (self.status_report(), &self.status_invalid) {
            (Some(e), _) => {
                let mut v = e.block().title;
                if let Some(c) = &self.status_comment {
                    v.push_str(&format!("  ({c})"));
                }
                rows.push(Row::new("status", v));
                rows.extend(e.rows());
            }
            (None, Some(bad)) => rows.push(Row::warn("status", format!("not a code: {bad}"))),
            (None, None) => rows.push(Row::warn("status", "missing")),
        }
        rows.extend(
            self.warnings
                .iter()
                .map(|w| Row::warn("warning", w.to_string())),
        );
        if let Some(m) = &self.remote_mta {
            rows.push(Row::new("remote mta", m.as_str()));
        }
        if let Some(d) = self.diagnostic.as_deref().filter(|d| !d.trim().is_empty()) {
            let kind = self.diagnostic_type.as_deref().unwrap_or("");
            rows.push(Row::new("diagnostic", format!("{kind}; {d}")));
        }
        // The text the verdict was read from, when it is more than the
        // Diagnostic-Code (the Status comment, the email's lines about the
        // recipient), on one line.
        if let Some(text) = &facts.diagnostic
            && Some(text.trim()) != self.diagnostic.as_deref().map(str::trim)
        {
            let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            rows.push(Row::new("read from", one));
        }
        if let Some(reply) = &self.reply {
            rows.push(Row::new(
                "reply code",
                format!("{}  {}", reply.code, reply_meaning(reply.code)),
            ));
            rows.extend(
                reply
                    .warnings
                    .iter()
                    .map(|w| Row::warn("warning", w.to_string())),
            );
        }
        rows.push(match self.agreement {
            Agreement::Agree | Agreement::NotComparable => {
                Row::new("agreement", self.agreement.to_string())
            }
            Agreement::Compatible { .. } => {
                Row::new("agreement", format!("compatible: {}", self.agreement))
            }
            Agreement::Disagree(_) => {
                Row::warn("agreement", format!("disagree: {}", self.agreement))
            }
        });
        if let Some(d) = &self.will_retry_until {
            rows.push(Row::new("retry until", d.as_str()));
        }
        rows.extend(facts.rows(false));
        Block {
            title: format!("{who}  {outcome}"),
            rows,
        }
    }
}

impl Serialize for DsnFacts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DsnJson {
            original_recipient: self.original_recipient.as_deref(),
            status_comment: self.status_comment.as_deref(),
            status_invalid: self.status_invalid.as_deref(),
            remote_mta: self.remote_mta.as_deref(),
            diagnostic_type: self.diagnostic_type.as_deref(),
            agreement: self.agreement,
            agreement_note: match self.agreement {
                Agreement::Compatible { .. } | Agreement::Disagree(_) => {
                    Some(self.agreement.to_string())
                }
                Agreement::Agree | Agreement::NotComparable => None,
            },
            last_attempt_date: self.last_attempt_date.as_deref(),
            will_retry_until: self.will_retry_until.as_deref(),
            extension_fields: self
                .extension_fields
                .iter()
                .map(|(k, v)| [k.as_str(), v.as_str()])
                .collect(),
        }
        .serialize(s)
    }
}

impl Recipient {
    /// The human form: for an RFC 3464 recipient its fields checked, then
    /// the verdict; otherwise the verdict and the codes.
    pub fn block(&self) -> Block {
        match &self.dsn {
            Some(dsn) => dsn.block(&self.facts),
            None => self.facts.block(),
        }
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.block().fmt(f)
    }
}
