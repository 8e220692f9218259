//! Mail providers (`registry/provider-hosts.txt`) and what their own
//! replies mean (`registry/provider-rules.txt`) to
//! `crates/smtp-status-explain/src/generated/providers.rs`: the host table
//! and the rules taken in, in file order (the order is the priority). The
//! files' header comments document every field.

use std::fmt::Write;

use crate::reasons::Taxonomy;
use crate::vendor_codes::{fields, pattern, printable};
use crate::{Error, File};

/// The host names of each provider, relative to the workspace root.
pub const PROVIDER_HOSTS_FILE: &str = "registry/provider-hosts.txt";
/// The providers' rules, relative to the workspace root.
pub const PROVIDER_RULES_FILE: &str = "registry/provider-rules.txt";
/// Where the generated table lives, relative to the workspace root.
pub const PROVIDERS_OUT: &str = "crates/smtp-status-explain/src/generated/providers.rs";

/// One host line: the provider and the end of a host name, lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    pub provider: String,
    pub host: String,
}

/// The enhanced code a rule asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Any,
    /// `4.*` or `5.*`.
    Class(u8),
    /// A code or a detail range.
    Code(crate::vendor_codes::Pattern),
}

/// One rule line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub provider: String,
    /// Sisimai's reason name as written.
    pub reason: String,
    /// The `Reason` variant, for a rule taken in.
    pub variant: Option<String>,
    pub reply: Option<u16>,
    pub status: Status,
    /// Lower case; empty for `*`.
    pub marker: String,
    pub source: String,
    /// `None` when taken in, else why it is left out.
    pub left_out: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
}

/// Parses the host file; every problem names `path:line`.
pub fn parse_hosts(text: &str, path: &str) -> Result<Vec<Host>, Error> {
    let mut out: Vec<Host> = Vec::new();
    for (ln, line) in crate::data_lines(text) {
        let err = |m: String| Error::at(path, ln, m);
        let [provider, host, source] =
            fields::<3>(line, "`provider | host | source`").map_err(err)?;
        printable("source", source).map_err(err)?;
        if !provider.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(err(format!(
                "`{provider}` is not a provider name (letters and digits)"
            )));
        }
        let host = host.to_ascii_lowercase();
        let host_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
        if !host.bytes().all(host_byte) || host.trim_start_matches('.').len() < 3 {
            return Err(err(format!(
                "`{host}` is not a host name or the end of one"
            )));
        }
        if let Some(prev) = out.iter().find(|h| h.host == host) {
            return Err(err(format!(
                "host `{host}` is already listed for {}",
                prev.provider
            )));
        }
        out.push(Host {
            provider: provider.to_string(),
            host,
        });
    }
    if out.is_empty() {
        return Err(Error::at(path, 0, "no hosts"));
    }
    Ok(out)
}

/// Parses the rule file against the hosts' providers; every problem names
/// `path:line`.
pub fn parse_rules(
    text: &str,
    path: &str,
    hosts: &[Host],
    taxonomy: &Taxonomy,
) -> Result<Vec<Rule>, Error> {
    let mut out: Vec<Rule> = Vec::new();
    for (ln, line) in crate::data_lines(text) {
        let err = |m: String| Error::at(path, ln, m);
        let [provider, reason, reply, status, marker, source, decision] = fields::<7>(
            line,
            "`provider | reason | reply | status | marker | source | decision`",
        )
        .map_err(err)?;
        if !hosts.iter().any(|h| h.provider == provider) {
            return Err(err(format!(
                "provider `{provider}` has no host in {PROVIDER_HOSTS_FILE}"
            )));
        }
        printable("marker", marker).map_err(err)?;
        printable("source", source).map_err(err)?;
        let left_out = match decision {
            "taken" => None,
            d => match d.strip_prefix("left out: ") {
                Some(why) if !why.trim().is_empty() => Some(why.trim().to_string()),
                _ => return Err(err(format!("`{d}` is not `taken` or `left out: <why>`"))),
            },
        };
        let variant = taxonomy.variant(reason).map(str::to_string);
        if left_out.is_none() && variant.is_none() {
            return Err(err(format!("`{reason}` is not a reason name")));
        }
        let reply = match reply {
            "*" => None,
            r => Some(
                r.parse::<u16>()
                    .ok()
                    .filter(|n| (200..600).contains(n) && r.len() == 3)
                    .ok_or_else(|| err(format!("`{r}` is not `*` or a reply code")))?,
            ),
        };
        let status = match status {
            "*" => Status::Any,
            "4.*" => Status::Class(4),
            "5.*" => Status::Class(5),
            s => Status::Code(pattern(s).map_err(err)?),
        };
        let marker = match marker {
            "*" => String::new(),
            m => m.to_ascii_lowercase(),
        };
        if marker.is_empty() && reply.is_none() && status == Status::Any {
            return Err(err(
                "a rule with no marker must name a reply or a status".into()
            ));
        }
        if let Some(prev) = out.iter().find(|r| {
            left_out.is_none()
                && r.left_out.is_none()
                && r.provider == provider
                && r.marker == marker
                && r.reply == reply
                && r.status == status
        }) {
            return Err(err(format!(
                "the same provider, reply, status and marker as line {}",
                prev.line
            )));
        }
        out.push(Rule {
            provider: provider.to_string(),
            reason: reason.to_string(),
            variant,
            reply,
            status,
            marker,
            source: source.to_string(),
            left_out,
            line: ln,
        });
    }
    if out.is_empty() {
        return Err(Error::at(path, 0, "no rules"));
    }
    Ok(out)
}

/// Parses both files (their texts, read from [`PROVIDER_HOSTS_FILE`] and
/// [`PROVIDER_RULES_FILE`]).
pub fn parse(
    hosts: &str,
    rules: &str,
    taxonomy: &Taxonomy,
) -> Result<(Vec<Host>, Vec<Rule>), Error> {
    let hosts = parse_hosts(hosts, PROVIDER_HOSTS_FILE)?;
    let rules = parse_rules(rules, PROVIDER_RULES_FILE, &hosts, taxonomy)?;
    Ok((hosts, rules))
}

/// The generated file.
pub fn file(hosts: &[Host], rules: &[Rule]) -> File {
    File {
        path: PROVIDERS_OUT.to_string(),
        text: render(hosts, rules),
    }
}

fn status_tokens(s: Status) -> String {
    match s {
        Status::Any => "Status::Any".to_string(),
        Status::Class(c) => format!("Status::Class({c})"),
        Status::Code(p) => format!(
            "Status::Code {{ class: {}, subject: {}, low: {}, high: {} }}",
            p.class, p.subject, p.low, p.high
        ),
    }
}

/// Renders the generated module.
pub fn render(hosts: &[Host], rules: &[Rule]) -> String {
    let mut s = String::new();
    s.push_str("// @generated by `cargo xtask codegen` from registry/provider-hosts.txt and\n");
    s.push_str("// registry/provider-rules.txt. Do not edit: change those files and run\n");
    s.push_str("// `cargo xtask codegen`.\n\n");
    s.push_str("use crate::Reason;\nuse crate::verdict::provider::{Rule, Status};\n\n");
    s.push_str("/// Every host name end and its provider, in file order.\n");
    let _ = writeln!(
        s,
        "pub(crate) static HOSTS: [(&str, &str); {}] = [",
        hosts.len()
    );
    for h in hosts {
        let _ = writeln!(s, "    ({:?}, {:?}),", h.host, h.provider);
    }
    s.push_str("];\n\n");
    let taken: Vec<&Rule> = rules.iter().filter(|r| r.left_out.is_none()).collect();
    s.push_str("/// Every rule taken in, in file order: of a provider's rules that apply,\n");
    s.push_str("/// the first decides.\n");
    let _ = writeln!(s, "pub(crate) static RULES: [Rule; {}] = [", taken.len());
    for r in taken {
        let reply = r.reply.map_or("None".to_string(), |n| format!("Some({n})"));
        let _ = writeln!(
            s,
            "    Rule {{ provider: {:?}, reason: Reason::{}, reply: {reply}, status: {}, marker: {:?}, source: {:?} }},",
            r.provider,
            r.variant.as_deref().unwrap_or("Undefined"),
            status_tokens(r.status),
            r.marker,
            r.source
        );
    }
    s.push_str("];\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bounce_patterns::tests::taxonomy;

    #[test]
    fn one_line_each() {
        let t = &taxonomy();
        let parse_rules = |text: &str, path: &str, h: &[Host]| parse_rules(text, path, h, t);
        let h = parse_hosts("Google | .Google.com | x\n", "h").unwrap();
        assert_eq!(h[0].host, ".google.com");
        let e = parse_hosts("Google | a b | x\n", "h").unwrap_err();
        assert_eq!(e.message, "`a b` is not a host name or the end of one");
        let r = parse_rules(
            "Google | spamdetected | 550 | 5.7.1 | Likely Spam | s | taken\n\
             Google | failedstarttls | * | 4.* | tls | s | left out: not yet\n",
            "r",
            &h,
        )
        .unwrap();
        assert_eq!(
            (r[0].variant.as_deref(), r[0].reply, r[0].marker.as_str()),
            (Some("SpamDetected"), Some(550), "likely spam")
        );
        assert_eq!(
            (r[1].status, r[1].left_out.as_deref()),
            (Status::Class(4), Some("not yet"))
        );
        let e = parse_rules("Nobody | blocked | * | * | x | s | taken\n", "r", &h).unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = parse_rules("Google | blokced | * | * | x | s | taken\n", "r", &h).unwrap_err();
        assert_eq!(e.message, "`blokced` is not a reason name");
        let e = parse_rules("Google | blocked | * | * | * | s | taken\n", "r", &h).unwrap_err();
        assert_eq!(
            e.message,
            "a rule with no marker must name a reply or a status"
        );
        let text = render(&h, &r);
        assert!(text.contains("reason: Reason::SpamDetected, reply: Some(550)"));
        assert!(!text.contains("failedstarttls"));
    }
}
