//! `bounce`: each recipient of a bounce email written as soon as it is
//! explained. `--json` writes one `bounce` object, then one `recipient`
//! object per recipient, then a `problem` object per unreadable part
//! ([`smtp_status_explain::BounceLine`]).

use std::io;

use smtp_status_explain::{BounceHeader, BounceLine, Reports};

use crate::out::{Printer, Style};
use crate::{Failure, read_input};

/// Reads the bounce and writes each recipient as it is reached; a part
/// that could not be read is written after them and makes the run fail.
pub fn bounce(file: &str, p: &mut Printer, failure: &mut Failure) -> io::Result<()> {
    let data = match read_input(file) {
        Ok(data) => data,
        Err(e) => {
            failure.get_or_insert(e);
            return Ok(());
        }
    };
    let reports = match smtp_status_explain::read(&data) {
        Ok(r) => r,
        Err(e) => {
            failure.get_or_insert(format!("{file}: {e}"));
            return Ok(());
        }
    };
    write_reports(&reports, p)?;
    if let Some(problem) = reports.problems().first() {
        failure.get_or_insert(format!("{file}: {problem}"));
    }
    Ok(())
}

fn write_reports(reports: &Reports<'_>, p: &mut Printer) -> io::Result<()> {
    let header = BounceHeader {
        reporting_mta: reports.reporting_mta(),
        subject: reports.subject().map(str::to_owned),
    };
    if p.json {
        p.json(&BounceLine::Bounce(&header))?;
    } else if let Some(m) = &header.reporting_mta {
        p.line(&format!("reported by {m}"), Style::Plain)?;
    }
    for r in reports.recipients() {
        if p.json {
            p.json(&BounceLine::Recipient(&r))?;
        } else {
            p.line("", Style::Plain)?;
            p.block(&r.block())?;
        }
    }
    for problem in reports.problems() {
        if p.json {
            p.json(&BounceLine::Problem(problem))?;
        } else {
            p.line("", Style::Plain)?;
            p.line(&format!("warning: {problem}"), Style::Warn)?;
        }
    }
    Ok(())
}
