//! One recipient's outcome from its per-recipient fields: the reply in an
//! `smtp` Diagnostic-Code, whether it agrees with the Status, and whether
//! the Action contradicts the Status.

use smtp_status::EnhancedCode;
use smtp_status::dsn::{self, Action};

use crate::reply::{self, ReplySummary};
use crate::{Agreement, Disagreement, DsnFacts, RecipientWarning};
use smtp_status::{ClassAgreement, find};

pub(crate) fn recipient(r: &dsn::PerRecipient<'_>) -> DsnFacts {
    let action = r.action().unwrap_or(Action::Other(""));
    let (status, status_comment, status_invalid) = match r.status() {
        Some(Ok(s)) => (Some(s.code()), s.comment().map(str::to_owned), None),
        Some(Err(_)) => (None, None, r.field("Status").map(|v| v.to_string())),
        None => (None, None, None),
    };
    let diag = r.diagnostic_code();
    let diagnostic = diag.map(|d| d.value().to_string());
    let reply = diag
        .filter(dsn::Typed::is_smtp)
        .and_then(|d| reply::read_diagnostic(reply_text(d.value()).as_bytes()).ok());
    let agreement = agreement(status, reply.as_ref());
    let warnings = status
        .and_then(|s| contradiction(action, s))
        .into_iter()
        .collect();
    DsnFacts {
        recipient: r.final_recipient().map(|t| t.value().to_string()),
        original_recipient: r.original_recipient().map(|t| t.value().to_string()),
        action: action.as_str().to_ascii_lowercase(),
        is_failure: action.is_failure(),
        status,
        status_comment,
        status_invalid,
        remote_mta: r.remote_mta().map(|t| t.value().to_string()),
        diagnostic_type: diag.map(|d| d.kind().to_owned()),
        diagnostic,
        reply,
        agreement,
        last_attempt_date: r.last_attempt_date().map(|v| v.to_string()),
        will_retry_until: r.will_retry_until().map(|v| v.to_string()),
        extension_fields: r
            .extension_fields()
            .map(|f| (f.name().to_owned(), f.value().to_string()))
            .collect(),
        warnings,
    }
}

/// Whether `Action` and the class of `Status` contradict each other (RFC
/// 3464 section 2.3.3 and RFC 3463 section 3.1): delivered, relayed and
/// expanded are successes (2.x.x); failed is not (4.x.x or 5.x.x); delayed
/// is a transient failure (4.x.x).
fn contradiction(action: Action<'_>, status: EnhancedCode) -> Option<RecipientWarning> {
    let class = status.class() as u8;
    let fits = match action {
        Action::Delivered | Action::Relayed | Action::Expanded => class == 2,
        Action::Failed => class != 2,
        Action::Delayed => class == 4,
        Action::Other(_) => true,
    };
    (!fits).then(|| RecipientWarning::ActionContradictsStatus {
        action: action.as_str().to_ascii_lowercase(),
        status,
    })
}

/// The reply in an `smtp` Diagnostic-Code, with its lines back: a folded
/// line that starts with the reply code and `-` or a space begins a new reply
/// line; any other fold is a space.
fn reply_text(value: dsn::Value<'_>) -> String {
    let mut out = String::new();
    let mut code = None;
    for (i, line) in value.raw().lines().map(str::trim).enumerate() {
        if line.is_empty() {
            continue;
        }
        let leading = find::leading_reply(line.as_bytes()).map(|(c, _)| c);
        if i == 0 {
            code = leading;
            out.push_str(line);
            continue;
        }
        let new_line = code.is_some() && leading == code && line.len() > 3;
        out.push_str(if new_line { "\r\n" } else { " " });
        out.push_str(line);
    }
    out
}

fn agreement(status: Option<EnhancedCode>, reply: Option<&ReplySummary>) -> Agreement {
    let (Some(status), Some(reply)) = (status, reply) else {
        return Agreement::NotComparable;
    };
    if reply.code.class_agreement(status) != ClassAgreement::Agree {
        return Agreement::Disagree(Disagreement::Class {
            status,
            reply_code: reply.code,
        });
    }
    match reply.enhanced {
        Some(e) if e != status && status.subject().number() == 0 && status.detail() == 0 => {
            Agreement::Compatible { status, reply: e }
        }
        Some(e) if e != status => Agreement::Disagree(Disagreement::Code { status, reply: e }),
        _ => Agreement::Agree,
    }
}
