//! One pass over a folder of emails, for instruction counts under
//! callgrind: `classify` (smtp_status_explain::read), `mail-parser`
//! (mail-parser's own full parse) or `read` (reading the files only, the
//! baseline to subtract).
//!
//! `valgrind --tool=callgrind target/release/examples/corpus-cost classify DIR [PASSES]`
//!
//! With PASSES (default 1) the folder is gone through that many times: the
//! cost of one pass once the automata are built is the count for 2 passes
//! minus the count for 1.

use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(what), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: corpus-cost classify|mail-parser|read DIR [PASSES]");
        std::process::exit(2);
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("a folder of emails")
        .map(|e| e.expect("a folder entry").path())
        .collect();
    files.sort();
    let emails: Vec<Vec<u8>> = files
        .iter()
        .map(|p| std::fs::read(p).expect("an email"))
        .collect();
    let passes: usize = args
        .get(2)
        .map_or(1, |p| p.parse().expect("a number of passes"));
    let parser = mail_parser::MessageParser::default();
    let mut n = 0usize;
    for e in std::iter::repeat_n(&emails, passes).flatten() {
        n += match what.as_str() {
            "classify" => smtp_status_explain::read(black_box(e)).map_or(0, |c| c.recipients.len()),
            "mail-parser" => parser
                .parse(black_box(e.as_slice()))
                .map_or(0, |m| m.parts.len()),
            _ => e.len(),
        };
    }
    println!("{} emails, {n}", emails.len());
}
