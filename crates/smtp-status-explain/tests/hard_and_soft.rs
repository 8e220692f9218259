//! Recipient-side failures that must be hard, temporary ones that must be
//! soft, and texts that too broad wordings used to misread: replies as
//! Postfix, Sendmail, Exim, Microsoft and Google document them. The
//! sender-side table is
//! `sender_side.rs`.

use smtp_status_explain::{Advice, Reason, Verdict, verdict};

/// Recipient-side failures: the address or its domain is the problem, for
/// good (Sisimai's hard: userunknown, hostunknown, hasmoved).
const RECIPIENT_HARD: &[(&str, &str)] = &[
    (
        "Postfix virtual_mailbox_maps",
        "550 5.1.1 <kit@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
    ),
    (
        "Postfix relay_recipient_maps",
        "550 5.1.1 <kit@example.org>: Recipient address rejected: User unknown in relay recipient table",
    ),
    (
        "Postfix local(8)",
        "<kit@example.org>: unknown user: \"kit\"",
    ),
    (
        "Postfix smtp(8): the recipient's domain has no host",
        "<kit@nx.example>: Host or domain name not found. Name service error for name=nx.example type=MX: Host not found",
    ),
    ("Sendmail", "550 5.1.1 <kit@example.org>... User unknown"),
    (
        "Sendmail: the recipient's domain",
        "550 5.1.2 <kit@nx.example>... Host unknown (Name server: nx.example: host not found)",
    ),
    (
        "Sendmail 551: the user has moved",
        "551 5.1.6 User not local; please try <kit@example.net>",
    ),
    (
        "Exim: an unroutable recipient domain",
        "kit@nx.example\n    Unrouteable address",
    ),
    (
        "Microsoft Exchange Online 5.1.10",
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
    ),
    (
        "Microsoft Exchange Online 5.4.1 (Directory-Based Edge Blocking), by its provider rule",
        "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [AM0PR01MB1234.eurprd01.prod.protection.outlook.com]",
    ),
    (
        "Gmail 5.1.1",
        "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser",
    ),
    (
        "Gmail 5.1.2: the recipient's domain",
        "553 5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors.",
    ),
];

/// Temporary failures: retry later, keep the address.
const TEMPORARY_SOFT: &[(&str, &str)] = &[
    (
        "Postfix greylisting (postgrey)",
        "450 4.2.0 <kit@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html",
    ),
    (
        "Postfix: a policy service that is down",
        "451 4.3.5 Server configuration problem",
    ),
    (
        "Postfix: the receiver's queue is full",
        "452 4.3.1 Insufficient system storage",
    ),
    (
        "Postfix cleanup(8)",
        "451 4.3.0 Error: queue file write error",
    ),
    (
        "Sendmail: the receiver's disk",
        "452 4.4.5 Insufficient disk space; try again later",
    ),
    (
        "Exim: the receiver's trouble",
        "451 Temporary local problem - please try later",
    ),
    (
        "RFC 5321 421",
        "421 4.3.2 Service not available, closing transmission channel",
    ),
    (
        "Microsoft Exchange Online: server busy",
        "451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77714)",
    ),
    (
        "Microsoft: too many recipients",
        "452 4.5.3 Too many recipients",
    ),
    (
        "Gmail 4.2.1: the recipient receives too fast",
        "450-4.2.1 The user you are trying to contact is receiving mail at a rate that\n450-4.2.1 prevents additional messages from being delivered. Please resend your\n450 4.2.1 message at a later point.",
    ),
    (
        "Gmail 4.2.2: the mailbox is full",
        "452-4.2.2 The email account that you tried to reach is over quota.",
    ),
    (
        "Gmail 4.7.28: the sending IP's rate",
        "421-4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail\n421-4.7.28 originating from your IP address. To protect our users from spam, mail\n421 4.7.28 sent from your IP address has been temporarily rate limited.",
    ),
    (
        "Gmail 4.7.0: the sending IP's rate",
        "421-4.7.0 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.",
    ),
];

/// Texts a wording too broad used to misread, with the reason
/// the documented wording names.
const NARROWED: &[(&str, &str, Reason)] = &[
    (
        "amavisd-new: the virus scanner failed, not a virus",
        "451 4.5.0 Error in processing, id=12345-01, virus_scan FAILED: virus scanners failed",
        Reason::SystemError,
    ),
    (
        "Gmail 4.7.0: a rate limit worded with \"spam\"",
        "421 4.7.0 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.",
        Reason::RateLimited,
    ),
    (
        "Postfix smtp(8): a conversation that timed out",
        "conversation with mx.example.org[192.0.2.1] timed out while receiving the initial server greeting",
        Reason::NetworkError,
    ),
    (
        "a mailbox's file size, not the message's",
        "552 Mail file size exceeds the maximum size allowed for mail delivery",
        Reason::MailboxFull,
    ),
    (
        "a recipient's content policy, not a domain that takes no mail",
        "550 Message refused because the recipient is not accepting mail with attachments",
        Reason::PolicyViolation,
    ),
    (
        "a local policy, not a blocked host",
        "550 Message rejected due to local policy",
        Reason::PolicyViolation,
    ),
    (
        "Gmail 4.7.23: a missing PTR record, not an SPF failure (Google's provider rule)",
        "host gmail-smtp-in.l.google.com[192.0.2.26] said: 421-4.7.23 [192.0.2.1] The sending IP address for this message doesn't have a PTR record, or the PTR record's forward DNS entry doesn't match the sending IP address.",
        Reason::RequirePtr,
    ),
    (
        "a failed virus scanner, by Exim's malware condition",
        "451 Temporary local problem: malware acl condition: clamd: unable to connect to UNIX socket /var/run/clamav/clamd.ctl",
        Reason::SystemError,
    ),
];

/// The cases of `table` for which `wrong` holds, each with its verdict:
/// every failing case is named at once.
fn failures(table: &[(&str, &str)], wrong: impl Fn(&Verdict) -> bool) -> Vec<String> {
    table
        .iter()
        .filter_map(|(what, reply)| {
            let v = verdict(reply);
            wrong(&v).then(|| format!("{what}: {reply}: {v:?}"))
        })
        .collect()
}

#[test]
fn a_recipient_side_failure_is_hard() {
    let wrong = failures(RECIPIENT_HARD, |v| {
        !matches!(
            v.reason,
            Reason::UserUnknown | Reason::HostUnknown | Reason::HasMoved
        ) || !v.hard
    });
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_temporary_failure_is_soft() {
    let wrong = failures(TEMPORARY_SOFT, |v| v.hard || v.advice == Advice::DoNotRetry);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_narrowed_wording_no_longer_misreads() {
    let wrong: Vec<String> = NARROWED
        .iter()
        .filter_map(|(what, text, want)| {
            let v = verdict(text);
            (v.reason != *want).then(|| format!("{what}: {text}: {v:?}, want {want:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}
