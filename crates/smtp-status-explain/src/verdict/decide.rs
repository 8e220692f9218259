//! The facts of one diagnostic text that the verdict reads: its codes, the
//! curated wordings that occur in it (registry/bounce-patterns.txt, one
//! Aho-Corasick automaton) and the SMTP stage it names. The decision itself
//! is `verdict.rs`.

use std::cell::OnceCell;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use smtp_status::{Class, EnhancedCode, find};

use crate::Reason;
use crate::patterns::{PATTERNS, Pattern};

#[rustfmt::skip]
#[path = "../generated/stages.rs"]
mod stages;
use crate::work;

/// The most codes of a diagnostic the decision looks at.
const MAX_CODES: usize = 16;

/// What one diagnostic text says, each fact found at most once, when first
/// asked for: one text shared by many recipients (an email's whole text,
/// the lines that name several of them) is read once for each fact, not
/// once per recipient.
pub(crate) struct Facts<'t> {
    text: &'t str,
    codes: OnceCell<Vec<find::Found>>,
    loose_code: OnceCell<Option<EnhancedCode>>,
    line_reply: OnceCell<Option<u16>>,
    /// The text for wordings ([`flatten`]).
    flat: OnceCell<String>,
    /// The patterns that occur ([`Occurring`]).
    pattern: OnceCell<Occurring>,
    command: OnceCell<Option<Command>>,
    reply_code_word: OnceCell<Option<u16>>,
    domain_does_not_exist: OnceCell<bool>,
    /// What the provider rules look for ([`crate::verdict::provider`]).
    provider: crate::verdict::provider::Seen,
}

impl<'t> Facts<'t> {
    pub(crate) fn new(text: &'t str) -> Facts<'t> {
        Facts {
            text,
            codes: OnceCell::new(),
            loose_code: OnceCell::new(),
            line_reply: OnceCell::new(),
            flat: OnceCell::new(),
            pattern: OnceCell::new(),
            command: OnceCell::new(),
            reply_code_word: OnceCell::new(),
            domain_does_not_exist: OnceCell::new(),
            provider: crate::verdict::provider::Seen::default(),
        }
    }

    /// The text itself.
    pub(crate) fn text(&self) -> &'t str {
        self.text
    }

    /// The first codes [`smtp_status::find::codes`] finds.
    pub(crate) fn codes(&self) -> &[find::Found] {
        self.codes.get_or_init(|| {
            work::scan(self.text.len());
            find::codes(self.text.as_bytes()).take(MAX_CODES).collect()
        })
    }

    /// The first enhanced code that is a word of its own
    /// ([`smtp_status::find::enhanced_words`]), for texts where
    /// [`smtp_status::find::codes`] sees none in the usual places.
    pub(crate) fn loose_code(&self) -> Option<EnhancedCode> {
        *self.loose_code.get_or_init(|| {
            work::scan(self.text.len());
            find::enhanced_words(self.text.as_bytes())
                .next()
                .and_then(|f| f.enhanced())
        })
    }

    /// [`line_reply`] of the text.
    pub(crate) fn line_reply(&self) -> Option<u16> {
        *self.line_reply.get_or_init(|| {
            work::scan(self.text.len());
            line_reply(self.text)
        })
    }

    /// What the provider rules look for in the text, found once.
    pub(crate) fn provider(&self) -> &crate::verdict::provider::Seen {
        &self.provider
    }

    /// The text for wordings ([`flatten`]), made once.
    pub(crate) fn flat(&self) -> &str {
        self.flat.get_or_init(|| {
            work::scan(2 * self.text.len());
            flatten(self.text)
        })
    }

    fn on_flat(&self, cell: &OnceCell<bool>, test: fn(&str) -> bool) -> bool {
        *cell.get_or_init(|| {
            let flat = self.flat();
            work::scan(flat.len());
            test(flat)
        })
    }

    fn patterns(&self) -> Occurring {
        *self.pattern.get_or_init(|| {
            let flat = self.flat();
            work::scan(flat.len());
            patterns(flat)
        })
    }

    /// The curated pattern that decides for the flattened text.
    pub(crate) fn pattern(&self) -> Option<&'static Pattern> {
        self.patterns().first
    }

    /// The first pattern of [`Reason::Rejected`] that occurs in the
    /// flattened text: a wording that names the sender.
    pub(crate) fn sender_pattern(&self) -> Option<&'static Pattern> {
        self.patterns().sender
    }

    /// Whether a pattern of [`Reason::Expired`] occurs in the flattened
    /// text.
    pub(crate) fn mentions_expired(&self) -> bool {
        self.patterns().expired
    }

    /// [`command`] of the flattened text: the SMTP command the refusal
    /// answered, as the text names it.
    pub(crate) fn command(&self) -> Option<Command> {
        *self.command.get_or_init(|| {
            let flat = self.flat();
            work::scan(flat.len());
            command(flat)
        })
    }

    /// The first 4xx or 5xx reply code of the flattened text that is a word
    /// of its own ([`smtp_status::find::reply_words`]).
    pub(crate) fn reply_code_word(&self) -> Option<u16> {
        *self.reply_code_word.get_or_init(|| {
            let flat = self.flat();
            work::scan(flat.len());
            find::reply_words(flat.as_bytes())
                .filter_map(|f| f.reply())
                .find(|r| matches!(r.first_digit(), 4 | 5))
                .map(|r| r.as_u16())
        })
    }

    /// [`domain_does_not_exist`] of the flattened text.
    pub(crate) fn domain_does_not_exist(&self) -> bool {
        self.on_flat(&self.domain_does_not_exist, domain_does_not_exist)
    }

    /// The text trimmed, cut to `max` bytes (at a character boundary):
    /// only what is kept is copied.
    pub(crate) fn kept(&self, max: usize) -> String {
        let t = self.text.trim();
        let mut end = t.len().min(max);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        work::scan(end);
        t[..end].to_string()
    }
}

/// A fixed set of phrases searched for without regard to ASCII case, with
/// its automaton built on first use.
pub(crate) struct Phrases {
    words: &'static [&'static str],
    ac: OnceLock<AhoCorasick>,
}

impl Phrases {
    pub(crate) const fn new(words: &'static [&'static str]) -> Phrases {
        Phrases {
            words,
            ac: OnceLock::new(),
        }
    }

    /// Whether any of the phrases occurs in `text`.
    pub(crate) fn any_in(&self, text: &str) -> bool {
        self.ac
            .get_or_init(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .build(self.words)
                    .expect("fixed phrases build an automaton")
            })
            .is_match(text)
    }
}

/// The automaton over every pattern, built once.
fn automaton() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        // A contiguous NFA, not a DFA: for these ~300 patterns without
        // regard to case the DFA's table is 2 MB (the NFA's 0.1 MB) and
        // costs about 30M instructions to build, which a single email
        // (the command line) pays in full: about 3 times the rest of its
        // classification. Over a whole corpus the DFA is only 3-4% faster
        // (benches/README.md).
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(PATTERNS.iter().map(|p| p.text))
            .expect("the curated patterns build an automaton")
    })
}

/// What the curated patterns say of one text.
#[derive(Clone, Copy, Default)]
struct Occurring {
    /// The pattern that decides: of all that occur, the one written first
    /// in registry/bounce-patterns.txt.
    first: Option<&'static Pattern>,
    /// The first of [`Reason::Rejected`] (a wording about the sender).
    sender: Option<&'static Pattern>,
    /// Whether a pattern of [`Reason::Expired`] occurs.
    expired: bool,
}

/// The patterns that occur in `text` ([`Occurring`]): one pass of the
/// automaton.
fn patterns(text: &str) -> Occurring {
    let (mut first, mut sender) = (None::<usize>, None::<usize>);
    let mut expired = false;
    let earliest = |at: Option<usize>, i: usize| Some(at.map_or(i, |f| f.min(i)));
    for m in automaton().find_overlapping_iter(text) {
        let i = m.pattern().as_usize();
        first = earliest(first, i);
        match PATTERNS[i].reason {
            Reason::Expired => expired = true,
            Reason::Rejected => sender = earliest(sender, i),
            _ => {}
        }
    }
    Occurring {
        first: first.map(|i| &PATTERNS[i]),
        sender: sender.map(|i| &PATTERNS[i]),
        expired,
    }
}

/// Whether any curated pattern occurs in `text`: `pattern(text).is_some()`,
/// but the search stops at the first match instead of reading the whole
/// text for the one written first.
pub(crate) fn any_pattern(text: &str) -> bool {
    automaton().is_match(text)
}

/// The first 2xx, 4xx or 5xx reply code that begins a line
/// ([`smtp_status::find::line_replies`]), for texts where
/// [`smtp_status::find::codes`] sees none (it asks for an enhanced code or
/// a marker word).
pub(crate) fn line_reply(text: &str) -> Option<u16> {
    find::line_replies(text.as_bytes())
        .filter_map(|f| f.reply())
        .find(|r| r.first_digit() != 3)
        .map(|r| r.as_u16())
}

/// The text for matching wordings: every reply code after the first
/// removed (a multi-line reply repeats `550-5.7.1` on each line, which
/// breaks its sentences), white space runs as one space.
pub(crate) fn flatten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The words of each piece between the codes removed, one space
    // between words (a removed code separates words too).
    let mut words = |piece: &str| {
        for w in piece.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    };
    let mut at = 0;
    for (i, f) in smtp_status::find::codes(text.as_bytes()).enumerate() {
        let r = f.range();
        if i > 0 && f.reply().is_some() {
            words(&text[at..r.start]);
            at = r.end;
        }
    }
    words(&text[at..]);
    out
}

/// The SMTP command a refusal answered (RFC 5321 section 3.3), as the
/// text names it (registry/stage-wordings.txt): the greeting or EHLO/HELO
/// refuses the sending host, MAIL the sender, RCPT a recipient; after DATA
/// the recipients were accepted and the message was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Command {
    /// The greeting, EHLO or HELO.
    Greeting,
    /// MAIL FROM.
    Mail,
    /// RCPT TO.
    Rcpt,
    /// DATA or the end of the data.
    Data,
}

/// The command the refusal answered: the last one the text names (a
/// transcript names the commands in order; Sisimai's `SMTP::Command`
/// reads the last one too). In a pipelined transcript (RFC 2920: RCPT
/// named, then DATA with no reply `<<<` between them) the replies come
/// after DATA, and a refusal there answers the RCPT. A transcript whose
/// first reply comes before any command answered the greeting.
pub(crate) fn command(text: &str) -> Option<Command> {
    static AC: OnceLock<(AhoCorasick, Vec<Command>)> = OnceLock::new();
    let (ac, kinds) = AC.get_or_init(|| {
        let lists = [
            (Command::Greeting, stages::HELO),
            (Command::Mail, stages::MAIL),
            (Command::Rcpt, stages::RCPT),
            (Command::Data, stages::DATA),
        ];
        let all = lists
            .iter()
            .flat_map(|(c, l)| l.iter().map(move |w| (*c, *w)));
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(all.clone().map(|(_, w)| w))
            .expect("the stage wordings build an automaton");
        (ac, all.map(|(c, _)| c).collect())
    });
    let (mut last, mut rcpt_end) = (None, None);
    for m in ac.find_iter(text) {
        let c = kinds[m.pattern().as_usize()];
        if c == Command::Rcpt {
            rcpt_end = Some(m.end());
        }
        last = Some((c, m.start()));
    }
    // A transcript's first reply before any command (Sendmail's "...
    // while talking to mx.example.:" then `<<< 554 ...`) answered the
    // connection: the server's greeting (RFC 5321 section 3.1).
    let Some(last) = last else {
        let reply = text.find("<<<")?;
        return (!text[..reply].contains(">>>")).then_some(Command::Greeting);
    };
    match last {
        (Command::Data, at)
            if rcpt_end.is_some_and(|r| r <= at && !text[r..at].contains("<<<")) =>
        {
            Some(Command::Rcpt)
        }
        (c, _) => Some(c),
    }
}

/// Whether the text says of a domain name (a word with a dot and no `@`:
/// `553 neko.example.com does not exist`) that it does not exist: the
/// host, not the mailbox, is unknown.
pub(crate) fn domain_does_not_exist(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.match_indices(" does not exist").any(|(at, _)| {
        let word = lower[..at]
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| matches!(c, '<' | '>' | '"' | '\'' | '[' | ']' | '(' | ')'));
        let host = word.trim_end_matches('.');
        host.contains('.')
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            && host.bytes().any(|b| b.is_ascii_alphabetic())
    })
}

/// Whether the code is the generic `X.0.0`.
pub(crate) fn is_generic(code: EnhancedCode) -> bool {
    code.subject().number() == 0 && code.detail() == 0
}

/// The reason when nothing specific is known: the class says whether it
/// was given up on.
pub(crate) fn fallback(class: Option<Class>) -> Reason {
    match class {
        Some(Class::Success) => Reason::Delivered,
        Some(_) => Reason::OnHold,
        None => Reason::Undefined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_in_file_wins() {
        let p = patterns("550 5.2.2 Mailbox full; user unknown")
            .first
            .unwrap();
        assert_eq!(p.reason, Reason::MailboxFull);
        assert_eq!(
            patterns("USER UNKNOWN").first.unwrap().reason,
            Reason::UserUnknown
        );
        assert!(patterns("all good").first.is_none());
        assert!(patterns("It has been delayed for 4 hours; user unknown").expired);
        assert!(!patterns("USER UNKNOWN").expired);
        let o = patterns("Sender address rejected: User unknown");
        assert_eq!(o.first.unwrap().reason, Reason::UserUnknown);
        assert_eq!(o.sender.unwrap().text, "sender address rejected");
        assert!(patterns("USER UNKNOWN").sender.is_none());
        assert!(any_pattern("550 5.2.2 Mailbox full; user unknown"));
        assert!(!any_pattern("all good"));
    }

    #[test]
    fn generic_codes() {
        let c = |s: &str| EnhancedCode::from_bytes(s.as_bytes()).unwrap();
        assert!(is_generic(c("4.0.0")));
    }

    #[test]
    fn flattened() {
        assert_eq!(
            flatten("550-5.7.1 The user\r\n550-5.7.1  does not\n 550 5.7.1 exist. "),
            "550-5.7.1 The user does not exist."
        );
        assert_eq!(flatten(" \t\n"), "");
    }

    #[test]
    fn the_command_named_last() {
        use Command::*;
        assert_eq!(command("(in reply to RCPT TO command)"), Some(Rcpt));
        assert_eq!(command(">>> RCPT To:<a@b>"), Some(Rcpt));
        assert_eq!(
            command("192.0.2.1 does not like recipient. Remote host said: 550 no"),
            Some(Rcpt)
        );
        assert_eq!(command("550 User unknown"), None);
        // Other MTAs' markers.
        assert_eq!(
            command("550 5.1.1 <a@b>... User Unknown [RCPT_TO]"),
            Some(Rcpt)
        );
        assert_eq!(
            command("Reason: Remote SMTP server has rejected address"),
            Some(Rcpt)
        );
        assert_eq!(
            command("550 Access denied (in reply to MAIL FROM command)"),
            Some(Mail)
        );
        assert_eq!(
            command("Connected to 192.0.2.1 but greeting failed."),
            Some(Greeting)
        );
        assert_eq!(
            command("550 Go away (in reply to end of DATA command)"),
            Some(Data)
        );
        assert_eq!(
            command("after pipelined MAIL FROM:<s@a> SIZE=9: 550 No such user here"),
            Some(Mail)
        );
        assert_eq!(
            command("192.0.2.1 failed after I sent the message. Remote host said: 554 no"),
            Some(Data)
        );
        // A transcript names every command sent: the last one was refused.
        assert_eq!(
            command(">>> MAIL From:<s@a> <<< 250 ok >>> RCPT To:<r@b> <<< 550 User unknown"),
            Some(Rcpt)
        );
        assert_eq!(
            command(">>> RCPT To:<r@b> <<< 250 ok >>> DATA <<< 550 Unknown user"),
            Some(Data)
        );
        // A reply before any command: the greeting refused the connection.
        assert_eq!(
            command("... while talking to mx.example.org.: <<< 554 5.7.1 go away"),
            Some(Greeting)
        );
        assert_eq!(
            command(">>> STARTTLS <<< 454 4.7.0 TLS not available"),
            None
        );
        // Pipelined (RFC 2920): the DATA reply carries the RCPT's refusal.
        assert_eq!(
            command(">>> MAIL From:<s@a> >>> RCPT To:<r@b> >>> DATA <<< 550 Unknown user"),
            Some(Rcpt)
        );
    }

    #[test]
    fn domains_that_do_not_exist() {
        assert!(domain_does_not_exist("553 neko.example.com does not exist"));
        assert!(domain_does_not_exist(
            "Domain <mx.example.org.> does not exist"
        ));
        assert!(!domain_does_not_exist(
            "553 kit@neko.example.com does not exist"
        ));
        assert!(!domain_does_not_exist(
            "The account you tried to reach does not exist"
        ));
        assert!(!domain_does_not_exist("mailbox 1.2 does not exist"));
    }
}
