//! `explain` and `list`: each input explained by
//! [`smtp_status_explain::explain`] and written as soon as it is; stdin
//! explained as it arrives, reply by reply and line by line.

use std::io;

use smtp_status::{Class, RegisteredCode};
use smtp_status_explain::{ExplainCause, ExplainError, Explanation, RegistryEntry, Stream};

use smtp_status_explain::human::{WIDTH, wrap};

use crate::Failure;
use crate::out::{Printer, Shown};

/// Explains each input, writing each item as soon as it is explained;
/// stdin (`-`) reply by reply, and each other line searched for codes.
pub fn explain(inputs: &[String], p: &mut Printer, failure: &mut Failure) -> io::Result<()> {
    let mut first = true;
    for input in inputs {
        if input != "-" {
            emit(smtp_status_explain::explain(input), p, failure, &mut first)?;
            continue;
        }
        stdin(p, failure, &mut first)?;
    }
    Ok(())
}

/// Stdin explained as it arrives ([`Stream`]): each reply and each line
/// with a code written as soon as it is complete, and the output flushed
/// before waiting for more input.
fn stdin(p: &mut Printer, failure: &mut Failure, first: &mut bool) -> io::Result<()> {
    let fail = |cause| ExplainError::new("-", cause);
    let mut input = io::stdin().lock();
    let mut stream = Stream::new();
    loop {
        while let Some(item) = stream.next_item() {
            emit(item.map_err(fail), p, failure, first)?;
        }
        if stream.is_finished() {
            return Ok(());
        }
        p.flush()?;
        if let Err(e) = stream.read_from(&mut input) {
            return emit(Err(fail(ExplainCause::Read(e.into()))), p, failure, first);
        }
    }
}

fn emit(
    found: Result<Explanation, ExplainError>,
    p: &mut Printer,
    failure: &mut Failure,
    first: &mut bool,
) -> io::Result<()> {
    let item = match found {
        Ok(item) => item,
        Err(error) => {
            if p.json {
                p.json(&error)?;
            }
            failure.get_or_insert(error.to_string());
            return Ok(());
        }
    };
    if p.json {
        return p.json(&item);
    }
    for block in item.blocks() {
        if !std::mem::take(first) {
            p.line("", Shown::Plain)?;
        }
        p.block(&block)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- list

/// The width of `list`'s reply code column: three codes a line.
const REPLY_WIDTH: usize = 14;

/// Every registered code that passes the filters, one per line.
pub fn list(
    subject: Option<u16>,
    class: Option<&str>,
    p: &mut Printer,
    failure: &mut Failure,
) -> io::Result<()> {
    let class = class
        .and_then(|c| c.parse().ok())
        .and_then(Class::from_digit);
    let codes: Vec<RegisteredCode> = RegisteredCode::ALL
        .iter()
        .copied()
        .filter(|r| subject.is_none_or(|s| r.subject().number() == s))
        .filter(|r| class.is_none_or(|c| r.association().allows_class(c) == Some(true)))
        .collect();
    if codes.is_empty() {
        failure.get_or_insert("no registered code matches these filters".into());
        return Ok(());
    }
    if p.json {
        for r in &codes {
            p.json(&RegistryEntry(*r))?;
        }
        return Ok(());
    }
    // Three columns in 80: the reply codes and the sample text wrap; the
    // whole entry (description, references) is `--json` or `explain`.
    let rows: Vec<[String; 3]> = codes
        .iter()
        .map(|r| {
            let replies: Vec<String> = r.reply_codes().iter().map(|c| c.to_string()).collect();
            let mut sample = r.sample().to_owned();
            if r.deprecation().is_some() {
                sample.push_str(" (deprecated)");
            }
            [r.as_str().to_owned(), replies.join(", "), sample]
        })
        .collect();
    let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(4).max(4);
    let w1 = rows
        .iter()
        .map(|r| r[1].len())
        .max()
        .unwrap_or(5)
        .clamp(5, REPLY_WIDTH);
    let w2 = WIDTH - w0 - w1 - 4;
    p.line(
        &format!("{:<w0$}  {:<w1$}  SAMPLE TEXT", "CODE", "REPLY"),
        Shown::Title,
    )?;
    for [code, replies, sample] in &rows {
        let replies = wrap(replies, w1, w1);
        let sample = wrap(sample, w2, w2);
        for i in 0..replies.len().max(sample.len()) {
            let code = if i == 0 { code.as_str() } else { "" };
            let reply = replies.get(i).copied().unwrap_or("");
            let sample = sample.get(i).copied().unwrap_or("");
            let line = format!("{code:<w0$}  {reply:<w1$}  {sample}");
            p.line(line.trim_end(), Shown::Plain)?;
        }
    }
    Ok(())
}
