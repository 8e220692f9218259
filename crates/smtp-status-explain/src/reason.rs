//! Why a recipient bounced: the [`Reason`] taxonomy (the one of Sisimai, the
//! reference bounce analyzer), whether it is hard, and what to do about it
//! ([`Advice`]). What decided it is in `evidence.rs`.

/// Why a message did not reach a recipient (or, for `Delivered`,
/// `Feedback` and `Vacation`, what the report says instead).
///
/// The names ([`Reason::as_str`]) are those of Sisimai, so results can be
/// compared with it. New reasons may be added in minor releases.
///
/// ```
/// use smtp_status_explain::Reason;
/// assert_eq!(Reason::UserUnknown.as_str(), "userunknown");
/// assert_eq!(Reason::from_name("mailboxfull"), Some(Reason::MailboxFull));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Reason {
    /// The recipient's mailbox does not exist at the destination.
    UserUnknown,
    /// The recipient's mailbox is over its storage quota.
    MailboxFull,
    /// The recipient's domain does not exist or has no host that takes mail.
    HostUnknown,
    /// The receiver refused the sending server itself (its IP address or
    /// host name), for example through a block list.
    Blocked,
    /// The receiver refused the envelope sender (address or domain).
    Rejected,
    /// The recipient exists, but a filter or a setting of that mailbox
    /// refused the message.
    Filtered,
    /// The message broke a local policy of the receiver (attachment types,
    /// content rules, ...).
    PolicyViolation,
    /// The receiver's content checks judged the message to be spam.
    SpamDetected,
    /// The receiver found malware in the message.
    VirusDetected,
    /// SPF, DKIM or DMARC checks on the sender's domain failed.
    AuthFailure,
    /// The sending IP address has no (matching) reverse DNS name.
    RequirePtr,
    /// The receiver refused mail because of the sender's low reputation.
    BadReputation,
    /// A security condition was not met, such as SMTP authentication or an
    /// encrypted connection.
    SecurityError,
    /// Delivery kept failing temporarily: the sender gave up, or (a delay
    /// notice) is still retrying.
    Expired,
    /// A network or DNS problem on the way stopped delivery.
    NetworkError,
    /// The receiving system failed internally or is misconfigured (mail
    /// loops included).
    SystemError,
    /// The receiving server's own storage is full.
    SystemFull,
    /// A local delivery program on the receiving side (pipe, filter
    /// program) failed.
    MailerError,
    /// The message is larger than the receiving server accepts.
    MesgTooBig,
    /// The message is over a limit set for this recipient or mailbox.
    ExceedLimit,
    /// The destination domain accepts no mail at all (null MX, or all mail
    /// refused).
    NotAccept,
    /// The server refused to pass the message on to a domain it does not
    /// serve.
    NoRelaying,
    /// The mailbox exists but is disabled or suspended.
    Suspend,
    /// The address is no longer in use and the server named a new one.
    HasMoved,
    /// The sender sent too much too fast and was rate-limited.
    Speeding,
    /// Too many connections or recipients at once from the sender.
    TooManyConn,
    /// The receiver reported a syntax error in an SMTP command.
    SyntaxError,
    /// Headers or content were malformed or unacceptable to the receiver.
    ContentError,
    /// The message breaks the Internet message format rules (RFC 5322).
    NotCompliantRfc,
    /// The bounce was recognised, but it lacks the detail needed to settle
    /// on a reason.
    OnHold,
    /// Not a bounce: a complaint report in ARF format (RFC 5965).
    Feedback,
    /// Not a failure: an automatic reply such as an out-of-office notice
    /// (RFC 3834).
    Vacation,
    /// Not a failure: the report says the message was delivered or relayed.
    Delivered,
    /// No reason could be determined at all.
    Undefined,
}

/// Every reason with its name and summary, in declaration order.
const NAMES: [(Reason, &str, &str); 34] = [
    (
        Reason::UserUnknown,
        "userunknown",
        "The recipient's mailbox does not exist at the destination",
    ),
    (
        Reason::MailboxFull,
        "mailboxfull",
        "The recipient's mailbox is over its storage quota",
    ),
    (
        Reason::HostUnknown,
        "hostunknown",
        "The recipient's domain does not exist or has no host that takes mail",
    ),
    (
        Reason::Blocked,
        "blocked",
        "The receiver refused the sending server itself (its IP address or host name), for example through a block list",
    ),
    (
        Reason::Rejected,
        "rejected",
        "The receiver refused the envelope sender (address or domain)",
    ),
    (
        Reason::Filtered,
        "filtered",
        "The recipient exists, but a filter or a setting of that mailbox refused the message",
    ),
    (
        Reason::PolicyViolation,
        "policyviolation",
        "The message broke a local policy of the receiver (attachment types, content rules, ...)",
    ),
    (
        Reason::SpamDetected,
        "spamdetected",
        "The receiver's content checks judged the message to be spam",
    ),
    (
        Reason::VirusDetected,
        "virusdetected",
        "The receiver found malware in the message",
    ),
    (
        Reason::AuthFailure,
        "authfailure",
        "SPF, DKIM or DMARC checks on the sender's domain failed",
    ),
    (
        Reason::RequirePtr,
        "requireptr",
        "The sending IP address has no (matching) reverse DNS name",
    ),
    (
        Reason::BadReputation,
        "badreputation",
        "The receiver refused mail because of the sender's low reputation",
    ),
    (
        Reason::SecurityError,
        "securityerror",
        "A security condition was not met, such as SMTP authentication or an encrypted connection",
    ),
    (
        Reason::Expired,
        "expired",
        "Delivery kept failing temporarily: the sender gave up, or (a delay notice) is still retrying",
    ),
    (
        Reason::NetworkError,
        "networkerror",
        "A network or DNS problem on the way stopped delivery",
    ),
    (
        Reason::SystemError,
        "systemerror",
        "The receiving system failed internally or is misconfigured (mail loops included)",
    ),
    (
        Reason::SystemFull,
        "systemfull",
        "The receiving server's own storage is full",
    ),
    (
        Reason::MailerError,
        "mailererror",
        "A local delivery program on the receiving side (pipe, filter program) failed",
    ),
    (
        Reason::MesgTooBig,
        "mesgtoobig",
        "The message is larger than the receiving server accepts",
    ),
    (
        Reason::ExceedLimit,
        "exceedlimit",
        "The message is over a limit set for this recipient or mailbox",
    ),
    (
        Reason::NotAccept,
        "notaccept",
        "The destination domain accepts no mail at all (null MX, or all mail refused)",
    ),
    (
        Reason::NoRelaying,
        "norelaying",
        "The server refused to pass the message on to a domain it does not serve",
    ),
    (
        Reason::Suspend,
        "suspend",
        "The mailbox exists but is disabled or suspended",
    ),
    (
        Reason::HasMoved,
        "hasmoved",
        "The address is no longer in use and the server named a new one",
    ),
    (
        Reason::Speeding,
        "speeding",
        "The sender sent too much too fast and was rate-limited",
    ),
    (
        Reason::TooManyConn,
        "toomanyconn",
        "Too many connections or recipients at once from the sender",
    ),
    (
        Reason::SyntaxError,
        "syntaxerror",
        "The receiver reported a syntax error in an SMTP command",
    ),
    (
        Reason::ContentError,
        "contenterror",
        "Headers or content were malformed or unacceptable to the receiver",
    ),
    (
        Reason::NotCompliantRfc,
        "notcompliantrfc",
        "The message breaks the Internet message format rules (RFC 5322)",
    ),
    (
        Reason::OnHold,
        "onhold",
        "The bounce was recognised, but it lacks the detail needed to settle on a reason",
    ),
    (
        Reason::Feedback,
        "feedback",
        "Not a bounce: a complaint report in ARF format (RFC 5965)",
    ),
    (
        Reason::Vacation,
        "vacation",
        "Not a failure: an automatic reply such as an out-of-office notice (RFC 3834)",
    ),
    (
        Reason::Delivered,
        "delivered",
        "Not a failure: the report says the message was delivered or relayed",
    ),
    (
        Reason::Undefined,
        "undefined",
        "No reason could be determined at all",
    ),
];

impl Reason {
    /// Every reason, in declaration order.
    ///
    /// ```
    /// assert_eq!(smtp_status_explain::Reason::ALL.len(), 34);
    /// ```
    pub const ALL: [Reason; 34] = {
        let mut out = [Reason::Undefined; 34];
        let mut i = 0;
        while i < NAMES.len() {
            out[i] = NAMES[i].0;
            i += 1;
        }
        out
    };

    /// The name, as Sisimai writes it: `userunknown`, `mailboxfull`, ...
    ///
    /// ```
    /// assert_eq!(smtp_status_explain::Reason::RequirePtr.as_str(), "requireptr");
    /// ```
    pub fn as_str(self) -> &'static str {
        NAMES
            .iter()
            .find(|(r, _, _)| *r == self)
            .map_or("undefined", |(_, n, _)| n)
    }

    /// One sentence: what the reason means.
    ///
    /// ```
    /// assert_eq!(
    ///     smtp_status_explain::Reason::MailboxFull.summary(),
    ///     "The recipient's mailbox is over its storage quota"
    /// );
    /// ```
    pub fn summary(self) -> &'static str {
        NAMES
            .iter()
            .find(|(r, _, _)| *r == self)
            .map_or("", |(_, _, d)| d)
    }

    /// The reason of a name written by [`Reason::as_str`].
    ///
    /// ```
    /// assert_eq!(smtp_status_explain::Reason::from_name("nope"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Reason> {
        NAMES
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(r, _, _)| *r)
    }

    /// Whether the recipient cannot take mail and retrying cannot help:
    /// `UserUnknown`, `HostUnknown` and `HasMoved` always; `NotAccept` when
    /// the failure is permanent (a 5xx reply or 5.x.x code); nothing else.
    ///
    /// ```
    /// use smtp_status_explain::Reason;
    /// assert!(Reason::UserUnknown.is_hard(false));
    /// assert!(Reason::NotAccept.is_hard(true));
    /// assert!(!Reason::NotAccept.is_hard(false));
    /// assert!(!Reason::MailboxFull.is_hard(true));
    /// ```
    pub fn is_hard(self, permanent: bool) -> bool {
        match self {
            Reason::UserUnknown | Reason::HostUnknown | Reason::HasMoved => true,
            Reason::NotAccept => permanent,
            _ => false,
        }
    }

    /// What the sender should do about it.
    ///
    /// ```
    /// use smtp_status_explain::{Advice, Reason};
    /// assert_eq!(Reason::UserUnknown.advice(true), Advice::DoNotRetry);
    /// assert_eq!(Reason::MailboxFull.advice(false), Advice::RetryLater);
    /// ```
    pub fn advice(self, permanent: bool) -> Advice {
        use Reason::*;
        match self {
            UserUnknown | HostUnknown | HasMoved | Suspend => Advice::DoNotRetry,
            NotAccept if permanent => Advice::DoNotRetry,
            Delivered | Feedback | Vacation => Advice::Nothing,
            Blocked | RequirePtr | BadReputation | AuthFailure | SecurityError | NoRelaying
            | Speeding | TooManyConn | Rejected => Advice::FixSender,
            SpamDetected | VirusDetected | PolicyViolation | ContentError | NotCompliantRfc
            | MesgTooBig | SyntaxError => Advice::FixMessage,
            Filtered => Advice::AskRecipient,
            OnHold | Undefined if permanent => Advice::Investigate,
            _ => Advice::RetryLater,
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the sender should do after a bounce, and who can fix it.
///
/// ```
/// assert_eq!(smtp_status_explain::Advice::RetryLater.as_str(), "retry-later");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Advice {
    /// The address cannot take mail: remove it from the list, do not retry.
    DoNotRetry,
    /// A temporary condition: retry later, unchanged.
    RetryLater,
    /// The sending side (its envelope sender address or domain, IP, DNS,
    /// SPF/DKIM/DMARC, rate, authentication)
    /// must be fixed by the sender's mail administrator, then resend.
    FixSender,
    /// The message itself (content, size, format) must be changed by the
    /// sender, then resent.
    FixMessage,
    /// The recipient refuses it: only the recipient can change that.
    AskRecipient,
    /// Not a failure: nothing to do.
    Nothing,
    /// Refused for good, but the report does not say why: read the
    /// diagnostic before resending.
    Investigate,
}

impl Advice {
    /// A short name: `do-not-retry`, `retry-later`, `fix-sender`,
    /// `fix-message`, `ask-recipient`, `nothing`, `investigate`.
    ///
    /// ```
    /// assert_eq!(smtp_status_explain::Advice::FixSender.as_str(), "fix-sender");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Advice::DoNotRetry => "do-not-retry",
            Advice::RetryLater => "retry-later",
            Advice::FixSender => "fix-sender",
            Advice::FixMessage => "fix-message",
            Advice::AskRecipient => "ask-recipient",
            Advice::Nothing => "nothing",
            Advice::Investigate => "investigate",
        }
    }

    /// One sentence for people: what to do, and who can do it.
    ///
    /// ```
    /// assert!(smtp_status_explain::Advice::DoNotRetry.sentence().starts_with("do not retry"));
    /// ```
    pub fn sentence(self) -> &'static str {
        match self {
            Advice::DoNotRetry => "do not retry: remove the address from your lists",
            Advice::RetryLater => "retry later: the condition is temporary",
            Advice::FixSender => {
                "fix and resend: the sending side (sender address or domain, IP, DNS, SPF/DKIM/DMARC, rate) must be fixed by the sender's mail administrator"
            }
            Advice::FixMessage => {
                "fix and resend: the sender must change the message (content, size, format) or the sender address"
            }
            Advice::AskRecipient => {
                "only the recipient can change this (their filter or mailbox settings); do not resend unchanged"
            }
            Advice::Nothing => "nothing to do: not a failure",
            Advice::Investigate => {
                "read the diagnostic: refused for good without a known reason; do not resend unchanged"
            }
        }
    }
}

impl std::fmt::Display for Advice {
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
