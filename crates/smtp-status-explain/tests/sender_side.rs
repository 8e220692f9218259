//! Refusals of the sender never drop the recipient: a reply about the
//! sender's address, domain or sending limits is not an unknown recipient
//! or host, is not about the recipient, is not hard, and never advises
//! removing the address. Recipient-side refusals stay hard; temporary
//! ones stay soft.

use smtp_status_explain::{About, Advice, Reason, verdict};

/// Sender-side replies as the MTAs and providers document them.
const SENDER_SIDE: &[(&str, &str)] = &[
    (
        "Sendmail check_mail: the sender's domain does not resolve",
        "553 5.1.8 <kit@example.org>... Domain of sender address nobody@nx.example does not exist",
    ),
    (
        "Postfix reject_unknown_sender_domain (temporary)",
        "450 4.1.8 <nobody@nx.example>: Sender address rejected: Domain not found",
    ),
    (
        "Postfix reject_unknown_sender_domain",
        "550 5.1.8 <nobody@nx.example>: Sender address rejected: Domain not found",
    ),
    (
        "Postfix reject_unlisted_sender",
        "550 5.1.0 <nobody@example.org>: Sender address rejected: User unknown in local recipient table",
    ),
    (
        "Postfix reject_unlisted_sender, reported at RCPT (smtpd_delay_reject)",
        "<kit@example.net>: host mx.example.net[192.0.2.7] said: 550 5.1.0 <nobody@example.org>: Sender address rejected: User unknown in local recipient table (in reply to RCPT TO command)",
    ),
    (
        "Postfix reject_unverified_sender",
        "450 4.1.7 <nobody@example.org>: Sender address rejected: unverified address: host mx.example.org said: 550 5.1.1 User unknown",
    ),
    (
        "Postfix reject_non_fqdn_sender",
        "504 5.5.2 <nobody>: Sender address rejected: need fully-qualified address",
    ),
    (
        "Exim sender verification",
        "550-Verification failed for <nobody@nx.example>\n550-Unrouteable address\n550 Sender verify failed",
    ),
    (
        "Exim sender verification, unknown local part",
        "550-Verification failed for <nobody@example.org>\n550-Called:   192.0.2.1\n550-Sent:     RCPT TO:<nobody@example.org>\n550-Response: 550 5.1.1 user unknown\n550 Sender verify failed",
    ),
    (
        "qmail-style sender check",
        "553 sorry, no such user here (sender address) (#5.7.1)",
    ),
    (
        "Gmail 5.1.7: the sender's address is not valid",
        "553 5.1.7 The sender address <nobody@nx> is not a valid RFC 5321 address.",
    ),
    (
        "invalid sender domain (X.1.7)",
        "550 5.1.7 Invalid address: sender domain nx.example does not exist",
    ),
    (
        "Postfix reject_sender_login_mismatch",
        "553 5.7.1 <nobody@example.org>: Sender address rejected: not owned by user kit",
    ),
    (
        "Postfix check_sender_access REJECT",
        "554 5.7.1 <nobody@example.org>: Sender address rejected: Access denied",
    ),
    (
        "Postfix: an unknown address refused at MAIL FROM",
        "<kit@example.net>: host mx.example.net[192.0.2.7] said: 550 5.1.0 User unknown (in reply to MAIL FROM command)",
    ),
    (
        "Sendmail check_mail: no domain in the sender address",
        "553 5.5.4 <nobody>... Domain name required for sender address nobody",
    ),
    (
        "Sendmail check_mail: the sender's domain does not resolve (temporary)",
        "451 4.1.8 Domain of sender address nobody@nx.example does not resolve",
    ),
    (
        "Exim sender verification, a cached callout failure",
        "550-Verification failed for <nobody@example.org>\n550-Previous (cached) callout verification failure\n550 Sender verify failed",
    ),
    (
        "Exim sender verification callout that could not complete",
        "451 Could not complete sender verify callout",
    ),
    (
        "Exim: an unknown address refused at MAIL FROM",
        "SMTP error from remote mail server after MAIL FROM:<nobody@example.org> SIZE=1234: 550 No such user here",
    ),
    (
        "sender verification: the sender's address does not exist",
        "550 5.1.0 Sender address does not exist",
    ),
    (
        "Microsoft Exchange Online 5.1.8: bad outbound sender",
        "550 5.1.8 Access denied, bad outbound sender",
    ),
    (
        "Google Workspace: the 'Send mail as' alias is misconfigured",
        "550 5.7.1 You're sending this from a different address or alias using the 'Send mail as' feature. The settings for your 'Send mail as' account are misconfigured or out of date.",
    ),
    (
        "Exim: an unknown address refused at a pipelined MAIL FROM",
        "SMTP error from remote mail server after pipelined MAIL FROM:<nobody@example.org> SIZE=1234: 550 No such user here",
    ),
    (
        "Gmail: the sender's address is not valid, under a recipient-syntax code",
        "553 5.1.3 The sender address <nobody@example> is not a valid RFC 5321 address.",
    ),
    (
        "Microsoft Exchange Online 5.2.252: the sender may not send as that address",
        "554 5.2.252 SendAsDenied; nobody@example.org not allowed to send as other@example.org; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied",
    ),
    (
        "Gmail: the sender's daily sending limit",
        "550 5.4.5 Daily sending quota exceeded. For more information, go to https://support.google.com/a/answer/166852",
    ),
    (
        "Microsoft Exchange Online 5.2.2: the sender's submission quota",
        "550 5.2.2 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Submission quota exceeded",
    ),
    (
        "a reply refusing a command, not a recipient",
        "500 5.5.1 Command not recognized",
    ),
    (
        "a refusal for the sending host's missing PTR record",
        "550 5.7.1 Client host rejected: the sending IP doesn't have a PTR record",
    ),
    (
        "Microsoft Exchange Online 5.7.509: the sender's domain fails DMARC",
        "550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification and has a DMARC policy of reject.",
    ),
    (
        "Microsoft Exchange Online 5.7.515: the sender's domain is not authenticated enough",
        "550 5.7.515 Access denied, sending domain example.org doesn't meet the required authentication level.",
    ),
    (
        "Gmail 5.7.26: the sender's domain fails DMARC",
        "550 5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy. Please contact the administrator of example.org domain.",
    ),
];

/// Recipient-side replies that must stay hard: the address is the problem.
const RECIPIENT_SIDE: &[(&str, &str)] = &[
    (
        "RFC 3463 X.1.1",
        "550 5.1.1 <kit@example.org>: user unknown",
    ),
    (
        "Postfix local_recipient_maps",
        "550 5.1.1 <kit@example.org>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)",
    ),
    (
        "Microsoft Exchange Online 5.1.10",
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
    ),
    (
        "Exchange 2003",
        "550 5.1.1 The recipient name is not recognized",
    ),
];

/// Temporary refusals that must stay soft and never drop the address.
const TEMPORARY: &[(&str, &str)] = &[
    (
        "Gmail 4.2.1: the recipient receives mail at a rate that prevents more",
        "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later time.",
    ),
    (
        "Yahoo [TSS04]: deferred for volume or complaints",
        "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
    ),
    (
        "Gmail 4.2.2: the mailbox is over quota",
        "452 4.2.2 The email account that you tried to reach is over quota.",
    ),
    (
        "RFC 5321 section 4.5.3.1.10: too many recipients",
        "452 4.5.3 Too many recipients",
    ),
    (
        "Postfix greylisting",
        "450 4.2.0 <kit@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/",
    ),
    (
        "a receiving system's temporary failure",
        "451 4.3.0 Temporary local problem, please try again later",
    ),
];

/// The cases of `table` for which `wrong` holds, each with its verdict:
/// every failing case is named at once.
fn failures(
    table: &[(&'static str, &'static str)],
    wrong: impl Fn(&smtp_status_explain::Verdict) -> bool,
) -> Vec<String> {
    table
        .iter()
        .filter_map(|(what, reply)| {
            let v = verdict(reply);
            wrong(&v).then(|| {
                format!(
                    "{what}: {reply}: {:?} hard={} {:?}",
                    v.reason, v.hard, v.advice
                )
            })
        })
        .collect()
}

#[test]
fn a_refusal_of_the_sender_never_drops_the_recipient() {
    let wrong = failures(SENDER_SIDE, |v| {
        matches!(
            v.reason,
            Reason::UserUnknown | Reason::HostUnknown | Reason::MailboxFull
        ) || v.hard
            || v.advice == Advice::DoNotRetry
            || matches!(v.about, About::RecipientAddress | About::RecipientDomain)
    });
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_wording_or_code_about_the_sender_says_the_sender_was_refused() {
    let (refusals, limits) = SENDER_SIDE[..28].split_at(26);
    let wrong = failures(refusals, |v| {
        v.reason != Reason::Rejected || v.advice != Advice::FixSender
    });
    assert!(wrong.is_empty(), "{wrong:#?}");
    let wrong = failures(limits, |v| v.reason != Reason::RateLimited);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_refusal_of_the_recipient_stays_hard() {
    let wrong = failures(RECIPIENT_SIDE, |v| {
        v.reason != Reason::UserUnknown || !v.hard || v.advice != Advice::DoNotRetry
    });
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Hard means what Sisimai's hard means: the recipient's address or
/// domain is the problem (userunknown, hostunknown, hasmoved), or the
/// domain accepts no mail (notaccept) with a permanent code.
#[test]
fn hard_is_only_the_recipients_address_or_domain() {
    for r in Reason::ALL {
        let always = matches!(
            r,
            Reason::UserUnknown | Reason::HostUnknown | Reason::HasMoved
        );
        assert_eq!(r.is_hard(false), always, "{r} transient");
        assert_eq!(
            r.is_hard(true),
            always || *r == Reason::NotAccept,
            "{r} permanent"
        );
    }
}

#[test]
fn a_temporary_refusal_stays_soft() {
    let wrong = failures(TEMPORARY, |v| v.hard || v.advice == Advice::DoNotRetry);
    assert!(wrong.is_empty(), "{wrong:#?}");
    // A rate limit says slow down.
    let wrong = failures(&TEMPORARY[..1], |v| {
        v.reason != Reason::RateLimited || v.advice != Advice::SlowDown
    });
    assert!(wrong.is_empty(), "{wrong:#?}");
}
