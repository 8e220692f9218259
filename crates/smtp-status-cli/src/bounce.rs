//! `bounce`: each recipient of each bounce email written as soon as it is
//! read and decided ([`smtp_status_explain::read_with`]). `--json` writes,
//! per email, one `bounce` object (its file, index and format), then one
//! `recipient` object per recipient whatever the format, then one
//! `warning` object per warning; several emails end with a `summary`
//! object ([`smtp_status_explain::BounceLine`]).

use std::ffi::OsString;
use std::io::{self, Write};

use smtp_status_explain::{Bounce, BounceHeader, BounceLine, BounceSummary, EmailError, Recipient};

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

/// `named`: the run has several emails, so an email that gave no result
/// names its file and index in text; `first`: the first email of the run.
/// Every email writes something: its header (file, index, format) and
/// recipients, each as soon as it is decided, then its warnings; or (in
/// JSON, or in text in a run of several emails) one line saying why it gave
/// none.
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
    let header = |b: &Bounce| BounceHeader::new(b, Some(email.file.clone()), Some(email.index));
    let mut written: io::Result<bool> = Ok(false);
    let read = smtp_status_explain::read_with(data, |b, r| {
        run.summary.add(&r);
        if let Ok(started) = &mut written {
            let line = start(&header(b), *started, p).and_then(|()| recipient(&r, p));
            written = line.map(|()| true);
        }
    });
    let started = written?;
    match read {
        Ok(bounce) => {
            start(&header(&bounce), started, p)?;
            for w in &bounce.warnings {
                if p.json {
                    p.json(&BounceLine::Warning { message: w })?;
                } else {
                    p.line(&format!("warning: {w}"), Shown::Warn)?;
                }
            }
            if let Some(lost) = bounce.skipped.first() {
                run.failure
                    .get_or_insert(format!("{}: {lost}", email.name()));
            }
        }
        Err(why) => {
            let e = format!("{}: {why}", email.name());
            return no_result(&email, named, false, e, p, run);
        }
    }
    Ok(())
}

/// Writes the bounce's header, unless `started`.
fn start<W: Write>(header: &BounceHeader, started: bool, p: &mut Printer<W>) -> io::Result<()> {
    if started {
        return Ok(());
    }
    if p.json {
        return p.json(&BounceLine::Bounce(header));
    }
    for line in header.to_string().lines() {
        p.line(line, Shown::Plain)?;
    }
    Ok(())
}

/// Writes one recipient.
fn recipient<W: Write>(r: &Recipient, p: &mut Printer<W>) -> io::Result<()> {
    if p.json {
        p.json(&BounceLine::Recipient(r))
    } else {
        p.line("", Shown::Plain)?;
        p.block(&r.block())
    }
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
        file: Some(email.file.clone()),
        message: Some(email.index),
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
