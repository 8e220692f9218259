//! `smtp-status`: explain enhanced status codes, SMTP replies and bounce
//! emails.
//!
//! ```text
//! smtp-status explain 5.1.1 X.7.26 550 "550 5.1.1 <a@b>: User unknown" -
//! smtp-status explain "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; ...'"
//! smtp-status list --class 5 --subject 7
//! smtp-status bounce bounce.eml
//! ```
//!
//! Every command takes `--json` (JSON Lines: one object per item). Exit codes: 0 every input understood,
//! 1 an input not understood or the output could not be written (one line on stderr says why; a
//! closed pipe, as with `| head`, is not an error), 2 usage error.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use out::Printer;

/// Explain SMTP enhanced status codes (RFC 3463), replies and bounce emails.
///
/// Exit status: 0 when every input was understood, 1 when an input was not
/// understood or the output could not be written, 2 on a usage error.
#[derive(Parser)]
#[command(name = "smtp-status", version, about)]
struct Cli {
    /// Machine-readable output: JSON Lines, one object per item, written as
    /// each item is explained (stable field names).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Explain anything pasted: `5.1.1`, `X.1.1`, `550`,
    /// `"550 5.1.1 <a@b>: User unknown"`, a reply's continuation line
    /// (`550-5.7.26 ...`), an NDR or log line, a sentence: the codes in it
    /// are found and explained. `-` reads stdin.
    Explain {
        /// Codes, replies or text; `-` reads replies (or text) from stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Every registered code: code, reply codes, sample text (`--json`:
    /// the whole entry).
    List {
        /// Only this subject (the middle number, e.g. 7).
        #[arg(long)]
        subject: Option<u16>,
        /// Only codes whose registry entry allows this class (2, 4 or 5):
        /// reply codes of that first digit, `NXX` or `Any`. Codes whose
        /// entry states no reply codes ("Not given") are left out.
        #[arg(long, value_parser = ["2", "4", "5"])]
        class: Option<String>,
    },
    /// Read bounce emails (RFC 3464 reports, plain-text bounces, feedback
    /// reports, automatic replies) and explain and classify each
    /// recipient's outcome: reason, hard or soft, advice, evidence.
    Bounce {
        /// Email files, Maildir folders, mbox files, or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<OsString>,
        /// Classify on N threads (default: one per core); the output is
        /// the same, in input order.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
}

mod bounce;
mod explain;
mod out;
mod parallel;
mod progress;

/// The first input not understood, as one sentence for stderr.
pub(crate) type Failure = Option<String>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut printer = Printer::new(cli.json, color);
    let mut failure = None;
    let written = match &cli.command {
        Command::Explain { inputs } => explain::explain(inputs, &mut printer, &mut failure),
        Command::List { subject, class } => {
            explain::list(*subject, class.as_deref(), &mut printer, &mut failure)
        }
        Command::Bounce { inputs, jobs } => {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            let jobs = jobs.map_or(cores, usize::from);
            bounce::bounce(inputs, jobs, &mut printer, &mut failure)
        }
    };
    match written.and_then(|()| printer.flush()) {
        // A closed pipe (`| head`) stops the output; it is not worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("smtp-status: cannot write the output: {e}");
            return ExitCode::from(1);
        }
        Ok(()) => {}
    }
    match failure {
        None => ExitCode::SUCCESS,
        Some(message) => {
            eprintln!("smtp-status: {}", out::escape(&message));
            ExitCode::from(1)
        }
    }
}
