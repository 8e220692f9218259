//! Mail providers' own replies: a provider is recognised by a host name of
//! the server that answered or reported (registry/provider-hosts.txt) or by
//! the recipient's domain, and then its documented reply
//! (registry/provider-rules.txt, collected by Sisimai from each provider's
//! pages) says the reason before any other evidence.

use std::cell::OnceCell;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use memchr::memmem;
use smtp_status::EnhancedCode;

use crate::Reason;
use crate::verdict::decide::Facts;
use crate::work;

#[rustfmt::skip]
#[path = "../generated/providers.rs"]
mod table;

/// The enhanced code a rule asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Any code, or none.
    Any,
    /// A code of this class, or a reply code of the same first digit.
    Class(u8),
    /// A code of this class and subject whose detail lies in `low..=high`.
    Code {
        class: u8,
        subject: u16,
        low: u16,
        high: u16,
    },
}

/// One rule of a provider: when its codes and text match, the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rule {
    /// The provider's name.
    pub(crate) provider: &'static str,
    pub(crate) reason: Reason,
    /// The reply code the failure must carry when it has one.
    pub(crate) reply: Option<u16>,
    pub(crate) status: Status,
    /// Lower-case text the diagnostic must contain; empty: any text.
    pub(crate) marker: &'static str,
    /// Where the rule comes from.
    #[allow(dead_code)]
    pub(crate) source: &'static str,
}

/// The most providers one failure is recognised as.
const MAX_PROVIDERS: usize = 4;

/// The automaton over every host name end, built once.
fn hosts() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        // A DFA without a prefilter: the rare-byte prefilter stops at every
        // dot of a text (0.9M instructions a corpus pass); the DFA reads
        // each byte once. Its build (2.7M instructions, once a process)
        // costs a single email more than a contiguous NFA's, whose scans
        // cost the corpus 1.2M more a pass (callgrind).
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(table::HOSTS.iter().map(|(h, _)| *h))
            .expect("the provider host names build an automaton")
    })
}

fn host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Adds the providers whose host names end a host name written in `text`
/// (`gmail-smtp-in.l.google.com[192.0.2.1]`, `[***.prod.outlook.com]`).
fn hosts_in(text: &str, found: &mut Vec<&'static str>) {
    let b = text.as_bytes();
    work::scan(b.len());
    for m in hosts().find_overlapping_iter(text) {
        let (host, provider) = table::HOSTS[m.pattern().as_usize()];
        // The whole host name ends there (a final dot allowed), and one
        // without a leading dot starts at a label's start.
        let after = b.get(m.end()).copied();
        let ends = match after {
            Some(b'.') => !b.get(m.end() + 1).copied().is_some_and(host_byte),
            Some(c) => !host_byte(c),
            None => true,
        };
        let starts = host.starts_with('.')
            || m.start()
                .checked_sub(1)
                .is_none_or(|i| !host_byte(b[i]) || b[i] == b'.');
        if ends && starts && !found.contains(&provider) && found.len() < MAX_PROVIDERS {
            found.push(provider);
        }
    }
}

/// Adds the providers recognised by the recipient's domain: Sisimai's rule,
/// a listed host name that ends with the domain (`qq.com` for `.qq.com`).
fn by_domain(recipient: &str, found: &mut Vec<&'static str>) {
    let domain = recipient
        .rsplit_once('@')
        .map_or(recipient, |(_, d)| d)
        .trim_end_matches(['>', '.', ' '])
        .to_ascii_lowercase();
    if !domain.contains('.') {
        return;
    }
    for (host, provider) in table::HOSTS {
        let matches = host.ends_with(domain.as_str())
            && (host.len() == domain.len()
                || host.as_bytes()[host.len() - domain.len() - 1] == b'.');
        if matches && !found.contains(&provider) && found.len() < MAX_PROVIDERS {
            found.push(provider);
        }
    }
}

/// The host names of the `Remote-MTA` and `Reporting-MTA` fields (RFC
/// 3464) of `context`: the servers that answered and reported.
fn mta_fields(context: &str, found: &mut Vec<&'static str>) {
    // The field names end in `-MTA:`, written so or in lower case; the
    // finders are built once.
    static FINDERS: OnceLock<[memmem::Finder<'static>; 2]> = OnceLock::new();
    let [upper, lower] =
        FINDERS.get_or_init(|| [memmem::Finder::new(b"-MTA:"), memmem::Finder::new(b"-mta:")]);
    let b = context.as_bytes();
    work::scan(2 * b.len());
    for at in upper.find_iter(b).chain(lower.find_iter(b)) {
        let line_start = memchr::memrchr(b'\n', &b[..at]).map_or(0, |i| i + 1);
        let name = &context[line_start..at];
        if !(name.eq_ignore_ascii_case("remote") || name.eq_ignore_ascii_case("reporting")) {
            continue;
        }
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i);
        hosts_in(&context[at..end], found);
    }
}

impl Rule {
    /// Whether the failure's codes are the ones the rule asks for.
    fn codes_match(&self, reply: Option<u16>, status: Option<EnhancedCode>) -> bool {
        let reply_ok = match (self.reply, reply) {
            (Some(want), Some(got)) => want == got,
            (Some(_), None) => !self.marker.is_empty(),
            (None, _) => true,
        };
        let status_ok = match self.status {
            Status::Any => true,
            Status::Class(c) => match status {
                Some(s) => s.class().digit() == c,
                None => reply.is_some_and(|r| r / 100 == u16::from(c)),
            },
            Status::Code {
                class,
                subject,
                low,
                high,
            } => status.is_some_and(|s| {
                s.class().digit() == class
                    && s.subject().number() == subject
                    && (low..=high).contains(&s.detail())
            }),
        };
        reply_ok && status_ok
    }
}

/// What one text says for the provider rules, each found once, when first
/// asked for: a text shared by many recipients is read once.
#[derive(Default)]
pub(crate) struct Seen {
    /// The providers of the host names written in the text.
    hosts: OnceCell<Vec<&'static str>>,
    /// The providers of its `Remote-MTA` and `Reporting-MTA` fields.
    mta: OnceCell<Vec<&'static str>>,
    /// The rules whose marker occurs in the text, by index in the table.
    markers: OnceCell<Vec<bool>>,
}

/// The automaton over every rule's marker, built once, with the index in
/// the table of the rule of each of its patterns (a rule without a marker
/// has none).
fn markers() -> &'static (AhoCorasick, Vec<usize>) {
    static AC: OnceLock<(AhoCorasick, Vec<usize>)> = OnceLock::new();
    AC.get_or_init(|| {
        let with: Vec<usize> = (0..table::RULES.len())
            .filter(|i| !table::RULES[*i].marker.is_empty())
            .collect();
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(with.iter().map(|i| table::RULES[*i].marker))
            .expect("the provider markers build an automaton");
        (ac, with)
    })
}

impl Seen {
    fn hosts(&self, text: &str) -> &[&'static str] {
        self.hosts.get_or_init(|| {
            let mut found = Vec::new();
            hosts_in(text, &mut found);
            found
        })
    }

    fn mta(&self, text: &str) -> &[&'static str] {
        self.mta.get_or_init(|| {
            let mut found = Vec::new();
            mta_fields(text, &mut found);
            found
        })
    }

    /// Whether each rule's marker occurs in `flat` (the text with its white
    /// space runs as one space): one pass of the automaton.
    fn markers(&self, flat: &str) -> &[bool] {
        self.markers.get_or_init(|| {
            work::scan(flat.len());
            let (ac, rules) = markers();
            let mut seen = vec![false; table::RULES.len()];
            for m in ac.find_overlapping_iter(flat) {
                seen[rules[m.pattern().as_usize()]] = true;
            }
            seen
        })
    }
}

/// The rule of the provider that answered whose codes and text match the
/// failure: the providers recognised by the host names in the diagnostic,
/// the `Remote-MTA` and `Reporting-MTA` fields of the context and the
/// recipient's domain; of their rules, the first in
/// registry/provider-rules.txt that matches.
pub(crate) fn rule(
    recipient: Option<&str>,
    diagnostic: &Facts<'_>,
    context: &Facts<'_>,
    reply: Option<u16>,
    status: Option<EnhancedCode>,
) -> Option<&'static Rule> {
    if diagnostic.text().trim().is_empty() {
        return None;
    }
    let mut found: Vec<&'static str> = Vec::new();
    let mut add = |ps: &[&'static str]| {
        for p in ps {
            if !found.contains(p) {
                found.push(p);
            }
        }
    };
    add(diagnostic.provider().hosts(diagnostic.text()));
    add(context.provider().mta(context.text()));
    if let Some(r) = recipient {
        let mut by = Vec::new();
        by_domain(r, &mut by);
        add(&by);
    }
    if found.is_empty() {
        return None;
    }
    let seen = diagnostic.provider().markers(diagnostic.flat());
    table::RULES.iter().zip(seen).find_map(|(r, seen)| {
        let applies = found.contains(&r.provider)
            && (r.marker.is_empty() || *seen)
            && r.codes_match(reply, status);
        applies.then_some(r)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Option<EnhancedCode> {
        Some(s.parse().unwrap())
    }

    fn rule_of(
        recipient: Option<&str>,
        text: &str,
        reply: Option<u16>,
        status: Option<EnhancedCode>,
    ) -> Option<&'static Rule> {
        rule(recipient, &Facts::new(text), &Facts::new(""), reply, status)
    }

    fn providers(text: &str, context: &str, recipient: Option<&str>) -> Vec<&'static str> {
        let mut found = Vec::new();
        hosts_in(text, &mut found);
        mta_fields(context, &mut found);
        if let Some(r) = recipient {
            by_domain(r, &mut found);
        }
        found
    }

    #[test]
    fn providers_are_recognised_by_whole_host_names() {
        assert_eq!(
            providers("host gmail-smtp-in.l.google.com[192.0.2.1] said:", "", None),
            ["Google"]
        );
        assert_eq!(
            providers("[AM0PR01MB1234.eurprd01.prod.outlook.com]", "", None),
            ["Microsoft"]
        );
        // The end of a name, with a final dot; not a longer name.
        assert_eq!(providers("mx1.cox.net. said", "", None), ["Cox"]);
        assert!(providers("mycox.net said", "", None).is_empty());
        assert!(providers("cox.network said", "", None).is_empty());
        // The report's MTA fields, not any text of the email.
        assert_eq!(
            providers(
                "",
                "Reporting-MTA: dns; googlemail.com\nReceived: from x.qq.com\n",
                None
            ),
            ["GSuite"]
        );
        assert!(providers("", "Received: from mx.qq.com\n", None).is_empty());
        // The recipient's domain, as Sisimai recognises it.
        assert_eq!(providers("", "", Some("kit@qq.com")), ["Tencent"]);
        assert_eq!(providers("", "", Some("kit@docomo.ne.jp")), ["NTTDOCOMO"]);
        assert!(providers("", "", Some("kit@example.com")).is_empty());
        assert!(providers("", "", Some("kit@com")).is_empty());
    }

    #[test]
    fn a_rule_needs_its_provider_codes_and_text() {
        let gmail = "host gmail-smtp-in.l.google.com[192.0.2.1] said: 550-5.7.26 This mail has \
                     been blocked because the sender is unauthenticated. Gmail requires all \
                     senders to authenticate with either SPF or DKIM.";
        let r = rule_of(None, gmail, Some(550), code("5.7.26")).unwrap();
        assert_eq!((r.provider, r.reason), ("Google", Reason::AuthFailure));
        // Another provider's host: no rule of Google's.
        let other = gmail.replace("gmail-smtp-in.l.google.com", "mx.example.net");
        assert!(rule_of(None, &other, Some(550), code("5.7.26")).is_none());
        // Another code than the rule's.
        assert!(rule_of(None, gmail, Some(550), code("5.1.1")).is_none());
        // NTT docomo's 5.2.0 (refused after DATA) is filtered, by its code alone.
        let r = rule_of(
            Some("kit@docomo.ne.jp"),
            "554 5.0.0 Service unavailable",
            None,
            code("5.2.0"),
        );
        assert_eq!(r.map(|r| r.reason), Some(Reason::Filtered));
        // A code range (Microsoft's 5.7.700-749).
        let ms = "[BN1NAM02FT001.eop-nam02.prod.protection.outlook.com] 550 5.7.705 Access \
                  denied, tenant has exceeded threshold.";
        let r = rule_of(None, ms, Some(550), code("5.7.705")).unwrap();
        assert_eq!((r.provider, r.reason), ("Microsoft", Reason::RateLimited));
        assert!(rule_of(None, ms, Some(550), code("5.7.750")).is_none());
        assert!(rule_of(None, "", Some(550), code("5.7.705")).is_none());
    }

    #[test]
    fn classes_and_replies() {
        let r = Rule {
            provider: "P",
            reason: Reason::Blocked,
            reply: Some(550),
            status: Status::Class(5),
            marker: "x",
            source: "",
        };
        assert!(r.codes_match(Some(550), None));
        assert!(r.codes_match(None, code("5.0.0")));
        assert!(!r.codes_match(Some(450), None));
        assert!(!r.codes_match(Some(550), code("4.0.0")));
        assert!(!r.codes_match(None, None));
    }
}
