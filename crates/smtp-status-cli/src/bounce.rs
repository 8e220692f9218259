//! `bounce`: each recipient of each bounce email written as soon as it is
//! explained and classified. `--json` writes, per email, one `bounce`
//! object, then one `recipient` object per recipient of an RFC 3464 report
//! (or one `warning` object per warning of the classification, then one
//! `classified` object per recipient of another kind of bounce),
//! then a `problem` object per unreadable part; several emails end with a
//! `summary` object ([`smtp_status_explain::BounceLine`]).

use std::ffi::OsString;
use std::io::{self, Write};

use smtp_status_explain::{
    BounceError, BounceHeader, BounceLine, BounceSummary, Classification, EmailError, Format,
    Reports,
};

use crate::out::{Printer, Shown};
use crate::{Failure, parallel, progress};
use smtp_status_explain::mailbox::{self, Email};

/// Reads every email of every input (files, Maildir folders, mbox files,
/// `-`) and writes each recipient as it is reached; an email not
/// understood, or a part that could not be read, makes the run fail after
/// the others are written. With `jobs` above 1, emails are classified on
/// that many threads, their output written in input order. A progress count
/// goes to stderr on a terminal, never over the report ([`progress`]).
pub fn bounce(
    inputs: &[OsString],
    jobs: usize,
    p: &mut Printer,
    failure: &mut Failure,
) -> io::Result<()> {
    let read = |each: &mut dyn FnMut((Email, bool, bool)) -> io::Result<()>| {
        let mut emails = 0usize;
        let read = inputs.iter().try_for_each(|input| {
            mailbox::for_each(input, |email| {
                emails += 1;
                if emails.is_multiple_of(200) {
                    progress::show(&format!("{emails} emails read"));
                }
                let named = inputs.len() > 1 || email.in_collection;
                each((email, named, emails == 1))
            })
        });
        progress::finish();
        read
    };
    let (summary, first_failure) = if jobs <= 1 {
        let mut run = Outcome::default();
        read(&mut |(email, named, first)| {
            run.summary.emails += 1;
            one_email(email, named, first, p, &mut run)
        })?;
        run
    } else {
        let work = |(email, named, first): (Email, bool, bool), out: &mut Printer<_>| {
            let mut one = Outcome::default();
            one_email(email, named, first, out, &mut one)?;
            Ok(one)
        };
        let weight = |(email, ..): &(Email, bool, bool)| email.data.as_ref().map_or(0, Vec::len);
        let fold = (
            Outcome::default(),
            Outcome::add as fn(&mut Outcome, Outcome),
        );
        parallel::in_order(jobs, p, read, weight, work, fold)?
    }
    .into_parts();
    if let Some(f) = first_failure {
        failure.get_or_insert(f);
    }
    if summary.emails > 1 {
        if p.json {
            p.json(&BounceLine::Summary(&summary))?;
        } else {
            p.line("", Shown::Plain)?;
            p.line(&summary.to_string(), Shown::Plain)?;
        }
    }
    Ok(())
}

/// What emails add to a run: their counts, and the first failure.
#[derive(Default)]
pub struct Outcome {
    summary: BounceSummary,
    failure: Failure,
}

impl Outcome {
    /// Adds the outcome of the email after those already added.
    fn add(&mut self, one: Outcome) {
        let run = &mut self.summary;
        run.emails += 1;
        run.not_understood += one.summary.not_understood;
        run.recipients += one.summary.recipients;
        for (reason, n) in one.summary.reasons {
            *run.reasons.entry(reason).or_default() += n;
        }
        if let Some(f) = one.failure {
            self.failure.get_or_insert(f);
        }
    }

    fn into_parts(self) -> (BounceSummary, Failure) {
        (self.summary, self.failure)
    }
}

/// `named`: the run has several emails, so each names its file and index
/// (a single file named on the command line is not repeated); `first`: the
/// first email of the run. Every email writes something: its recipients,
/// or (in JSON, or in text in a run of several emails) one line saying why
/// it gave none.
fn one_email<W: Write>(
    email: Email,
    named: bool,
    first: bool,
    p: &mut Printer<W>,
    run: &mut Outcome,
) -> io::Result<()> {
    if !first && !p.json {
        p.line("", Shown::Plain)?;
    }
    let data = match &email.data {
        Ok(d) => d,
        Err(e) => {
            let e = e.to_string();
            return no_result(&email, named, true, e, p, run);
        }
    };
    match smtp_status_explain::read(data) {
        Ok(reports) => {
            let recipients = write_reports(&reports, &email, named, p)?;
            run.summary.recipients += recipients.len();
            for r in recipients {
                *run.summary.reasons.entry(r.as_str()).or_default() += 1;
            }
            if let Some(problem) = reports.problems().first() {
                run.failure
                    .get_or_insert(format!("{}: {problem}", email.name()));
            }
        }
        Err(e) => match smtp_status_explain::classify(data) {
            Ok(c) => {
                run.summary.add(&c);
                write_classification(&c, &email, named, p)?;
            }
            Err(why) => {
                // The classifier's reason when it says more than "no report".
                let why = if why == BounceError::NoReport { e } else { why };
                let e = format!("{}: {why}", email.name());
                return no_result(&email, named, false, e, p, run);
            }
        },
    }
    Ok(())
}

/// The line for an email that gave no result (`unreadable`: it could not be
/// read, else it was not understood); the first one is also the run's
/// failure (stderr).
fn no_result<W: Write>(
    email: &Email,
    named: bool,
    unreadable: bool,
    error: String,
    p: &mut Printer<W>,
    run: &mut Outcome,
) -> io::Result<()> {
    run.summary.not_understood += 1;
    let line = EmailError {
        file: named.then(|| email.file.clone()),
        message: named.then_some(email.index),
        error,
    };
    if p.json && unreadable {
        p.json(&BounceLine::Error(&line))?;
    } else if p.json {
        p.json(&BounceLine::NotUnderstood(&line))?;
    } else if named {
        p.line(&line.error, Shown::Warn)?;
    }
    run.failure.get_or_insert(line.error);
    Ok(())
}

/// Writes an RFC 3464 email; returns the reasons of its recipients.
fn write_reports<W: Write>(
    reports: &Reports<'_>,
    email: &Email,
    named: bool,
    p: &mut Printer<W>,
) -> io::Result<Vec<smtp_status_explain::Reason>> {
    let header = BounceHeader {
        file: named.then(|| email.file.clone()),
        message: named.then_some(email.index),
        format: Some(Format::Dsn),
        reporting_mta: reports.reporting_mta(),
        subject: reports.subject().map(str::to_owned),
    };
    if p.json {
        p.json(&BounceLine::Bounce(&header))?;
    } else {
        if named {
            p.line(
                &format!("{}: {}", email.name(), kind(Format::Dsn)),
                Shown::Plain,
            )?;
        }
        if let Some(m) = &header.reporting_mta {
            p.line(&format!("reported by {m}"), Shown::Plain)?;
        }
    }
    let mut reasons = Vec::new();
    for r in reports.recipients() {
        reasons.extend(r.classification.as_ref().map(|c| c.reason));
        if p.json {
            p.json(&BounceLine::Recipient(&r))?;
        } else {
            p.line("", Shown::Plain)?;
            p.block(&r.block())?;
        }
    }
    for problem in reports.problems() {
        if p.json {
            p.json(&BounceLine::Problem(problem))?;
        } else {
            p.line("", Shown::Plain)?;
            p.line(&format!("warning: {problem}"), Shown::Warn)?;
        }
    }
    Ok(reasons)
}

/// An email without a delivery-status report: a plain-text bounce, a
/// feedback report or an automatic reply.
fn write_classification<W: Write>(
    c: &Classification,
    email: &Email,
    named: bool,
    p: &mut Printer<W>,
) -> io::Result<()> {
    let header = BounceHeader {
        file: named.then(|| email.file.clone()),
        message: named.then_some(email.index),
        format: Some(c.format),
        reporting_mta: None,
        subject: None,
    };
    if p.json {
        p.json(&BounceLine::Bounce(&header))?;
    } else {
        p.line(
            &format!("{}: {}", email.name(), kind(c.format)),
            Shown::Plain,
        )?;
    }
    for w in &c.warnings {
        if p.json {
            p.json(&BounceLine::Warning { message: w })?;
        } else {
            p.line(&format!("warning: {w}"), Shown::Warn)?;
        }
    }
    for k in &c.recipients {
        if p.json {
            p.json(&BounceLine::Classified(k))?;
        } else {
            p.line("", Shown::Plain)?;
            p.block(&k.block())?;
        }
    }
    Ok(())
}

/// What kind of email it is, for the line naming it.
fn kind(format: Format) -> &'static str {
    match format {
        Format::PlainText => "plain-text bounce",
        Format::Feedback => "feedback report (not a bounce)",
        Format::AutoReply => "automatic reply (not a bounce)",
        _ => "delivery-status report (RFC 3464)",
    }
}
