//! The typed field values: [`Value`], [`Typed`], [`Action`] and [`StatusField`].

use core::fmt;
use core::str::FromStr;

use crate::{EnhancedCode, ParseCodeError};

/// A field value as written, folds included; `Display` unfolds it (each
/// line break with the white space around it becomes one space).
///
/// ```
/// let v = smtp_status::dsn::Value::new("550 5.1.1 <a@b>:\r\n    User unknown");
/// assert_eq!(v.to_string(), "550 5.1.1 <a@b>: User unknown");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Value<'a>(&'a str);

impl<'a> Value<'a> {
    /// Wraps a value.
    ///
    /// ```
    /// assert_eq!(smtp_status::dsn::Value::new("x").raw(), "x");
    /// ```
    pub const fn new(raw: &'a str) -> Value<'a> {
        Value(raw)
    }
    /// The value as written, folds included, trimmed.
    ///
    /// ```
    /// assert_eq!(smtp_status::dsn::Value::new("a\n b").raw(), "a\n b");
    /// ```
    pub const fn raw(&self) -> &'a str {
        self.0
    }
    /// The unfolded value, piece by piece (no allocation); joined, the
    /// pieces are the `Display` form.
    ///
    /// ```
    /// let v = smtp_status::dsn::Value::new("a\n  b");
    /// assert_eq!(v.pieces().collect::<Vec<_>>(), ["a", " ", "b"]);
    /// ```
    pub fn pieces(&self) -> impl Iterator<Item = &'a str> + 'a {
        let mut first = true;
        self.0
            .split('\n')
            .map(|l| l.trim_end_matches('\r'))
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .flat_map(move |l| {
                let sep = if first { "" } else { " " };
                first = false;
                [sep, l]
            })
            .filter(|p| !p.is_empty())
    }
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in self.pieces() {
            f.write_str(piece)?;
        }
        Ok(())
    }
}

/// A `type; value` field such as `Final-Recipient: rfc822; a@b` or
/// `Diagnostic-Code: smtp; 550 ...`.
///
/// ```
/// let t = smtp_status::dsn::Typed::from_value(smtp_status::dsn::Value::new("smtp; 550 no"));
/// assert_eq!((t.kind(), t.value().raw()), ("smtp", "550 no"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typed<'a> {
    kind: &'a str,
    value: Value<'a>,
}

impl<'a> Typed<'a> {
    /// Splits at the first `;`. Without one, the type is empty and the whole
    /// text is the value.
    ///
    /// ```
    /// use smtp_status::dsn::{Typed, Value};
    /// assert_eq!(Typed::from_value(Value::new("a@b")).kind(), "");
    /// ```
    pub fn from_value(v: Value<'a>) -> Typed<'a> {
        match v.0.split_once(';') {
            Some((kind, value)) => Typed {
                kind: kind.trim(),
                value: Value(value.trim()),
            },
            None => Typed { kind: "", value: v },
        }
    }
    /// The type as written: `rfc822`, `dns`, `smtp`, `X-Postfix`, `utf-8`...
    ///
    /// ```
    /// use smtp_status::dsn::{Typed, Value};
    /// assert_eq!(Typed::from_value(Value::new("dns; a")).kind(), "dns");
    /// ```
    pub const fn kind(&self) -> &'a str {
        self.kind
    }
    /// The value after the `;`.
    ///
    /// ```
    /// use smtp_status::dsn::{Typed, Value};
    /// assert_eq!(Typed::from_value(Value::new("dns; a")).value().raw(), "a");
    /// ```
    pub const fn value(&self) -> Value<'a> {
        self.value
    }
    /// Whether the type is `smtp` (any case): the value is an SMTP reply.
    ///
    /// ```
    /// use smtp_status::dsn::{Typed, Value};
    /// assert!(Typed::from_value(Value::new("SMTP; 550 no")).is_smtp());
    /// ```
    pub fn is_smtp(&self) -> bool {
        self.kind.eq_ignore_ascii_case("smtp")
    }
}

/// The `Action` field.
///
/// ```
/// use smtp_status::dsn::Action;
/// assert!(Action::Failed.is_failure());
/// assert!(!Action::Delayed.is_failure());
/// assert_eq!(Action::parse("relayed (via gateway)"), Action::Relayed);
/// assert_eq!("failed".parse::<Action>(), Ok(Action::Failed));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// The message could not be delivered.
    Failed,
    /// Delivery is delayed; the reporting MTA keeps trying.
    Delayed,
    /// Delivered to the recipient.
    Delivered,
    /// Relayed to an environment that does not send DSNs.
    Relayed,
    /// Delivered and forwarded to several addresses.
    Expanded,
    /// Anything else, as written.
    Other(&'a str),
}

impl<'a> Action<'a> {
    /// The five actions of RFC 3464 section 2.3.3.
    const KNOWN: [Action<'static>; 5] = [
        Action::Failed,
        Action::Delayed,
        Action::Delivered,
        Action::Relayed,
        Action::Expanded,
    ];

    /// Parses the field value, ignoring case and a trailing `(comment)`;
    /// an action RFC 3464 does not define is kept as written.
    ///
    /// ```
    /// use smtp_status::dsn::Action;
    /// assert_eq!(Action::parse("FAILED"), Action::Failed);
    /// assert_eq!(Action::parse("bounced"), Action::Other("bounced"));
    /// ```
    pub fn parse(s: &'a str) -> Action<'a> {
        Action::known(s).unwrap_or(Action::Other(s.trim()))
    }

    /// One of the five actions, from the first word of `s`.
    fn known(s: &str) -> Option<Action<'static>> {
        let word = s.trim_start().split(['(', ' ', '\t', '\r', '\n']).next()?;
        Action::KNOWN
            .into_iter()
            .find(|a| word.eq_ignore_ascii_case(a.as_str()))
    }
    /// Only `failed` is a failure; `delayed`, `delivered`, `relayed` and
    /// `expanded` are not.
    ///
    /// ```
    /// assert!(!smtp_status::dsn::Action::Expanded.is_failure());
    /// ```
    pub const fn is_failure(&self) -> bool {
        matches!(self, Action::Failed)
    }
    /// What the action means for the message, one sentence (RFC 3464
    /// section 2.3.3); `None` for an action RFC 3464 does not define.
    ///
    /// ```
    /// use smtp_status::dsn::Action;
    /// assert!(Action::Delayed.description().unwrap().contains("keeps trying"));
    /// assert_eq!(Action::Other("bounced").description(), None);
    /// ```
    pub const fn description(&self) -> Option<&'static str> {
        Some(match self {
            Action::Failed => "not delivered",
            Action::Delayed => "not a failure, the sender's MTA keeps trying",
            Action::Delivered => "not a failure",
            Action::Relayed => "not a failure, passed to a system that sends no reports",
            Action::Expanded => "not a failure, delivered and forwarded",
            Action::Other(_) => return None,
        })
    }
    /// The lower-case name (`Other` as written).
    ///
    /// ```
    /// assert_eq!(smtp_status::dsn::Action::Delayed.as_str(), "delayed");
    /// ```
    pub const fn as_str(&self) -> &'a str {
        match self {
            Action::Failed => "failed",
            Action::Delayed => "delayed",
            Action::Delivered => "delivered",
            Action::Relayed => "relayed",
            Action::Expanded => "expanded",
            Action::Other(s) => s,
        }
    }
}

/// Reads one of the five actions of RFC 3464 (ignoring case and a
/// trailing comment); anything else is an error, since the value cannot
/// borrow from the text (use [`Action::parse`] to keep it as
/// [`Action::Other`]).
///
/// ```
/// use smtp_status::dsn::Action;
/// assert_eq!("failed".parse::<Action>(), Ok(Action::Failed));
/// assert_eq!("Delayed (retrying)".parse::<Action>(), Ok(Action::Delayed));
/// assert!("bounced".parse::<Action>().is_err());
/// ```
impl FromStr for Action<'_> {
    type Err = UnknownAction;

    fn from_str(s: &str) -> Result<Self, UnknownAction> {
        Action::known(s).ok_or(UnknownAction(()))
    }
}

/// The text is none of RFC 3464's five actions; from `str::parse` of
/// [`Action`].
///
/// ```
/// let err = "bounced".parse::<smtp_status::dsn::Action>().unwrap_err();
/// assert_eq!(err.to_string(), "not an RFC 3464 action (failed, delayed, delivered, relayed, expanded)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownAction(());

impl fmt::Display for UnknownAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an RFC 3464 action (failed, delayed, delivered, relayed, expanded)")
    }
}

impl core::error::Error for UnknownAction {}

impl fmt::Display for Action<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `Status` field: an enhanced code and an optional comment.
///
/// ```
/// let s = smtp_status::dsn::StatusField::parse("4.4.1 (connection refused)")?;
/// assert_eq!(s.code().to_string(), "4.4.1");
/// assert_eq!(s.comment(), Some("connection refused"));
/// # Ok::<(), smtp_status::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusField<'a> {
    code: EnhancedCode,
    comment: Option<&'a str>,
}

impl<'a> StatusField<'a> {
    /// Parses `5.1.1`, `5.1.1 (comment)` or `5.1.1 comment`.
    ///
    /// ```
    /// assert!(smtp_status::dsn::StatusField::parse("5.1.1").unwrap().comment().is_none());
    /// assert!(smtp_status::dsn::StatusField::parse("x").is_err());
    /// ```
    pub fn parse(s: &'a str) -> Result<StatusField<'a>, ParseCodeError> {
        let s = s.trim();
        let (code, used) = EnhancedCode::parse_prefix(s.as_bytes())?;
        let rest = s[used..].trim();
        if !rest.is_empty() && !s.as_bytes()[used].is_ascii_whitespace() && !rest.starts_with('(') {
            // Something glued to the code, such as `5.1.1x`.
            EnhancedCode::from_bytes(s.as_bytes())?;
        }
        let rest = rest
            .strip_prefix('(')
            .map(|r| r.strip_suffix(')').unwrap_or(r).trim())
            .unwrap_or(rest);
        Ok(StatusField {
            code,
            comment: (!rest.is_empty()).then_some(rest),
        })
    }
    /// The code.
    ///
    /// ```
    /// assert_eq!(smtp_status::dsn::StatusField::parse("5.7.1")?.code().subject().number(), 7);
    /// # Ok::<(), smtp_status::ParseCodeError>(())
    /// ```
    pub const fn code(&self) -> EnhancedCode {
        self.code
    }
    /// The comment, without its parentheses.
    ///
    /// ```
    /// assert_eq!(smtp_status::dsn::StatusField::parse("5.0.0 (x)")?.comment(), Some("x"));
    /// # Ok::<(), smtp_status::ParseCodeError>(())
    /// ```
    pub const fn comment(&self) -> Option<&'a str> {
        self.comment
    }
}
