//! Codes found in free text ([`smtp_status::find::codes`]), each explained
//! with where it was found.

use std::fmt;
use std::ops::Range;

use serde::Serialize;
use smtp_status::find::{self, Form};
use smtp_status::vendor;
use smtp_status::{ClassAgreement, ReplyCode};

use crate::human::{Block, Row};
use crate::{CodeReport, Verdict, reply_meaning, work};

/// The codes found in a text, in order. Empty when the text holds none.
///
/// ```
/// let t = smtp_status_explain::TextReport::find(b"Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found'");
/// assert_eq!(t.found.len(), 1);
/// assert_eq!(t.found[0].range, 24..34);
/// assert_eq!(t.found[0].enhanced.as_ref().unwrap().vendor.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextReport {
    /// Each code found.
    pub found: Vec<Finding>,
    /// Why it failed, when a code found is a failure (a 4xx or 5xx reply,
    /// a class 4 or 5 enhanced code): the whole text read as one
    /// diagnostic ([`crate::verdict`]). Needs the `bounce` feature; `None`
    /// without it.
    pub verdict: Option<Verdict>,
}

/// One code found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where the code is in the text, in bytes.
    pub range: Range<usize>,
    /// The code as written there.
    pub matched: String,
    /// How it was recognised.
    pub form: Form,
    /// Whether it is a line of a multiline reply whose other lines are not
    /// in the text (`550-5.7.26 ...`): the reply was cut.
    pub cut: bool,
    /// The reply code, if one was found.
    pub reply: Option<ReplyCode>,
    /// The enhanced code, with the vendor meanings the text selects.
    pub enhanced: Option<CodeReport>,
    /// How the reply code and the enhanced code's class relate, when both
    /// were found.
    pub agreement: Option<ClassAgreement>,
}

impl TextReport {
    /// Finds the codes in `text`. Linear in the text however many codes
    /// it holds: the text is searched for codes once and for each vendor
    /// marker at most once ([`vendor::Markers`]).
    pub fn find(text: &[u8]) -> TextReport {
        let markers = vendor::Markers::new(text);
        work::scan(text.len());
        let found: Vec<Finding> = find::codes(text)
            .map(|f| Finding::new(text, &f, &markers))
            .collect();
        work::scan(usize::try_from(markers.scanned()).unwrap_or(usize::MAX));
        let failure = found.iter().any(|f| {
            f.reply.is_some_and(|r| r.as_u16() >= 400)
                || f.enhanced.as_ref().is_some_and(|e| !e.code.is_success())
        });
        TextReport {
            verdict: failure
                .then(|| Verdict::of_text(|| String::from_utf8_lossy(text).into_owned()))
                .flatten(),
            found,
        }
    }

    /// The human form: the verdict, then one block per code found.
    pub fn blocks(&self) -> Vec<Block> {
        let verdict = self.verdict.as_ref().map(|v| Block {
            title: "verdict on the whole text".into(),
            rows: v.rows(),
        });
        verdict
            .into_iter()
            .chain(self.found.iter().map(Finding::block))
            .collect()
    }
}

impl fmt::Display for TextReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::human::write_blocks(f, &self.blocks())
    }
}

impl Finding {
    fn new(text: &[u8], f: &find::Found, markers: &vendor::Markers<'_>) -> Finding {
        let range = f.range();
        Finding {
            matched: String::from_utf8_lossy(&text[range.clone()]).into_owned(),
            range,
            form: f.form(),
            cut: f.continued(),
            reply: f.reply(),
            enhanced: f.enhanced().map(|e| CodeReport::in_text(e, markers)),
            agreement: f
                .reply()
                .zip(f.enhanced())
                .map(|(r, e)| r.class_agreement(e)),
        }
    }

    /// The human form.
    pub fn block(&self) -> Block {
        let mut rows = vec![Row::new(
            "found",
            format!(
                "bytes {}..{}, {}",
                self.range.start,
                self.range.end,
                form_name(self.form).replace('-', " ")
            ),
        )];
        if self.cut {
            rows.push(Row::warn(
                "note",
                "the reply was cut: this is one line of a multiline reply (`-` after the code), the other lines are not in the text",
            ));
        }
        if let Some(r) = self.reply {
            rows.push(Row::new("reply code", format!("{r}  {}", reply_meaning(r))));
        }
        if let Some(a) = self.agreement.filter(|a| *a != ClassAgreement::Agree) {
            rows.push(Row::warn("warning", a.to_string()));
        }
        if let Some(e) = &self.enhanced {
            rows.push(Row::new("enhanced", e.code.to_string()));
            rows.extend(e.rows());
        }
        let title = match (&self.enhanced, self.reply) {
            (Some(e), _) => e.block().title,
            (None, Some(r)) => format!("{r}  reply code"),
            (None, None) => self.matched.clone(),
        };
        Block { title, rows }
    }
}

fn form_name(form: Form) -> &'static str {
    match form {
        Form::Reply => "reply-code-and-enhanced-code",
        Form::LineStart => "enhanced-code-at-line-start",
        _ => "after-marker",
    }
}

#[derive(Serialize)]
struct FindingJson<'a> {
    range: [usize; 2],
    matched: &'a str,
    form: &'static str,
    cut: bool,
    reply_code: Option<ReplyCode>,
    reply_meaning: Option<String>,
    enhanced: Option<&'a CodeReport>,
    class_agreement: Option<ClassAgreement>,
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FindingJson {
            range: [self.range.start, self.range.end],
            matched: &self.matched,
            form: form_name(self.form),
            cut: self.cut,
            reply_code: self.reply,
            reply_meaning: self.reply.map(reply_meaning),
            enhanced: self.enhanced.as_ref(),
            class_agreement: self.agreement,
        }
        .serialize(s)
    }
}
