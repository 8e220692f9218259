//! The model to Rust tokens with `quote!`: one table per sub-registry feeds
//! every enum and accessor.

use crate::markdown;
use crate::model::{BasicCode, CodeRecord, Date, Registry, RichText, SummaryRecord, XrefKind};
use crate::names::Names;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = " line"]` per line, so prettyplease prints `/// line`.
fn docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// An unsuffixed integer literal (`550`, not `550u16`).
fn num(n: impl Into<u32>) -> Literal {
    Literal::u32_unsuffixed(n.into())
}

fn date(d: &Date) -> TokenStream {
    let (y, m, day) = (num(d.year), num(d.month), num(d.day));
    quote!(Date::new(#y, #m, #day))
}

fn opt_date(d: Option<&Date>) -> TokenStream {
    match d {
        Some(d) => {
            let d = date(d);
            quote!(Some(#d))
        }
        None => quote!(None),
    }
}

fn opt_str(s: &str) -> TokenStream {
    if s.is_empty() {
        quote!(None)
    } else {
        quote!(Some(#s))
    }
}

fn references(text: &RichText) -> TokenStream {
    let refs = text.xrefs().map(|x| {
        let kind = match x.kind {
            XrefKind::Rfc => quote!(ReferenceKind::Rfc),
            XrefKind::Draft => quote!(ReferenceKind::Draft),
        };
        let (id, label, url) = (
            &x.data,
            x.text.clone().unwrap_or_else(|| x.label()),
            x.url(),
        );
        quote!(Reference { kind: #kind, id: #id, label: #label, url: #url })
    });
    quote!(&[#(#refs),*])
}

fn reply_codes(codes: &[u16]) -> TokenStream {
    let codes = codes.iter().map(|c| {
        let c = num(*c);
        quote!(ReplyCode::new_unchecked(#c))
    });
    quote!(&[#(#codes),*])
}

fn category(digit: u8) -> TokenStream {
    match digit {
        2 => quote!(ReplyCategory::PositiveCompletion),
        3 => quote!(ReplyCategory::PositiveIntermediate),
        4 => quote!(ReplyCategory::TransientNegative),
        _ => quote!(ReplyCategory::PermanentNegative),
    }
}

fn association(b: &BasicCode) -> TokenStream {
    match b {
        BasicCode::Codes(c) => {
            let c = reply_codes(c);
            quote!(Association::Codes(#c))
        }
        BasicCode::CodesOrOthers(c, d) => {
            let c = reply_codes(c);
            let d = d.iter().map(|d| category(*d));
            quote!(Association::CodesOrOthers { codes: #c, others: &[#(#d),*] })
        }
        BasicCode::AnyOfClass(d) => {
            let d = category(*d);
            quote!(Association::AnyOfCategory(#d))
        }
        BasicCode::Any => quote!(Association::Any),
        BasicCode::NotGiven => quote!(Association::NotGiven),
        BasicCode::Placeholder => quote!(Association::Placeholder),
        BasicCode::Empty => quote!(Association::Empty),
    }
}

/// How a `<basic_code>` reads, for the docs.
fn association_doc(b: &BasicCode, raw: &str) -> String {
    let list = |c: &[u16]| {
        c.iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let reading = match b {
        BasicCode::Codes(c) => list(c),
        BasicCode::CodesOrOthers(c, d) => {
            let d: Vec<_> = d.iter().map(|d| format!("`{d}XX`")).collect();
            format!("{}, or any other {} code", list(c), d.join(" or "))
        }
        BasicCode::AnyOfClass(d) => format!("any `{d}XX` code"),
        BasicCode::Any => "any reply code".into(),
        BasicCode::NotGiven => "not given".into(),
        BasicCode::Placeholder => "none stated (the registry has `.`)".into(),
        BasicCode::Empty => "none (the registry field is empty)".into(),
    };
    let plain_list = match b {
        BasicCode::Codes(c) => raw == c.iter().map(u16::to_string).collect::<Vec<_>>().join(", "),
        _ => false,
    };
    let worth_quoting = match b {
        BasicCode::Codes(_) => !plain_list,
        BasicCode::CodesOrOthers(..) | BasicCode::AnyOfClass(_) => true,
        _ => false,
    };
    if !worth_quoting {
        format!("Associated reply codes: {reading}.")
    } else {
        format!(
            "Associated reply codes: {reading} (registry: \"{}\").",
            markdown::escape(raw)
        )
    }
}

fn summary_docs(r: &SummaryRecord) -> Vec<String> {
    vec![
        format!("{}: {}", r.code, markdown::escape(&r.summary)),
        String::new(),
        markdown::rich(&r.common.description),
        String::new(),
        format!("Reference: {}", markdown::rich(&r.common.reference)),
    ]
}

fn code_docs(c: &CodeRecord) -> Vec<String> {
    let code = c.code();
    let title = if c.sample.is_empty() {
        format!("**{code}** (no sample text)")
    } else {
        format!("**{code}** {}", markdown::escape(&c.sample))
    };
    let mut d = vec![title, String::new()];
    if !c.common.description.is_empty() {
        d.push(markdown::rich(&c.common.description));
        d.push(String::new());
    }
    d.push(association_doc(&c.basic_code, &c.basic_code_raw));
    d.push(String::new());
    d.push(format!(
        "References: {}",
        markdown::rich(&c.common.reference)
    ));
    let mut facts = Vec::new();
    if !c.common.submitter.is_empty() {
        facts.push(format!(
            "Submitter: {}.",
            markdown::escape(&c.common.submitter)
        ));
    }
    if !c.common.change_controller.is_empty() {
        facts.push(format!(
            "Change controller: {}.",
            markdown::escape(&c.common.change_controller)
        ));
    }
    if let Some(a) = &c.common.date {
        facts.push(format!("Added {a}."));
    }
    if let Some(u) = &c.common.updated {
        facts.push(format!("Updated {u}."));
    }
    if !facts.is_empty() {
        d.push(String::new());
        d.push(facts.join(" "));
    }
    d
}

fn classes(reg: &Registry, names: &Names) -> TokenStream {
    let idents: Vec<_> = names.classes.iter().map(|n| ident(n)).collect();
    let digits: Vec<Literal> = reg.classes.iter().map(|c| num(c.number)).collect();
    let variant_docs = reg.classes.iter().map(|c| docs(&summary_docs(c)));
    let summaries = reg.classes.iter().map(|c| &c.summary);
    let descs = reg.classes.iter().map(|c| c.common.description.plain());
    let refs = reg.classes.iter().map(|c| references(&c.common.reference));
    quote! {
        /// The class of an enhanced status code: its first number (RFC 3463 section 3.1),
        /// from the registry's Class Sub-Codes.
        ///
        /// ```
        /// use smtp_status::Class;
        /// assert_eq!(Class::from_digit(5), Some(Class::PermanentFailure));
        /// assert_eq!(Class::PermanentFailure.summary(), "Permanent Failure");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum Class {
            #(#variant_docs #idents = #digits,)*
        }

        impl Class {
            /// Every class, in registry order.
            pub const ALL: &'static [Class] = &[#(Class::#idents),*];

            /// The class with this digit (2, 4 or 5).
            #[inline]
            pub const fn from_digit(digit: u8) -> Option<Class> {
                match digit {
                    #(#digits => Some(Class::#idents),)*
                    _ => None,
                }
            }

            /// The registry's summary.
            pub const fn summary(self) -> &'static str {
                match self {
                    #(Class::#idents => #summaries,)*
                }
            }

            /// The registry's description, as plain text.
            pub const fn description(self) -> &'static str {
                match self {
                    #(Class::#idents => #descs,)*
                }
            }

            /// The documents that define the class.
            pub const fn references(self) -> &'static [Reference] {
                match self {
                    #(Class::#idents => #refs,)*
                }
            }
        }
    }
}

fn subjects(reg: &Registry, names: &Names) -> TokenStream {
    let idents: Vec<_> = names.subjects.iter().map(|n| ident(n)).collect();
    let numbers: Vec<Literal> = reg.subjects.iter().map(|s| num(s.number)).collect();
    let variant_docs = reg.subjects.iter().map(|s| docs(&summary_docs(s)));
    let summaries = reg.subjects.iter().map(|s| &s.summary);
    let descs = reg.subjects.iter().map(|s| s.common.description.plain());
    let refs = reg.subjects.iter().map(|s| references(&s.common.reference));
    quote! {
        /// The subject of an enhanced status code: its second number (RFC 3463 section 3.2),
        /// from the registry's Subject Sub-Codes.
        ///
        /// New subjects may be registered, so the enum is `#[non_exhaustive]`; a code with
        /// an unregistered subject is still an [`EnhancedCode`](crate::EnhancedCode).
        ///
        /// ```
        /// use smtp_status::Subject;
        /// assert_eq!(Subject::from_number(7), Some(Subject::SecurityOrPolicy));
        /// assert_eq!(Subject::SecurityOrPolicy.summary(), "Security or Policy Status");
        /// assert_eq!(Subject::from_number(9), None);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        #[repr(u16)]
        pub enum Subject {
            #(#variant_docs #idents = #numbers,)*
        }

        impl Subject {
            /// Every registered subject, in registry order.
            pub const ALL: &'static [Subject] = &[#(Subject::#idents),*];

            /// The registered subject with this number.
            #[inline]
            pub const fn from_number(number: u16) -> Option<Subject> {
                match number {
                    #(#numbers => Some(Subject::#idents),)*
                    _ => None,
                }
            }

            /// The subject's number (the `7` of `5.7.1`).
            #[inline]
            pub const fn number(self) -> u16 {
                self as u16
            }

            /// The registry's summary.
            pub const fn summary(self) -> &'static str {
                match self {
                    #(Subject::#idents => #summaries,)*
                }
            }

            /// The registry's description, as plain text.
            pub const fn description(self) -> &'static str {
                match self {
                    #(Subject::#idents => #descs,)*
                }
            }

            /// The documents that define the subject.
            pub const fn references(self) -> &'static [Reference] {
                match self {
                    #(Subject::#idents => #refs,)*
                }
            }
        }
    }
}

fn codes(reg: &Registry, names: &Names) -> TokenStream {
    let idents: Vec<_> = names.codes.iter().map(|n| ident(n)).collect();
    let count = reg.codes.len();
    let variants = reg.codes.iter().zip(&idents).map(|(c, id)| {
        let d = docs(&code_docs(c));
        let (s, det) = (c.subject, c.detail);
        let aliases = [
            format!("X.{s}.{det}"),
            format!("2.{s}.{det}"),
            format!("4.{s}.{det}"),
            format!("5.{s}.{det}"),
        ];
        // rustdoc renders the note as Markdown: escaped like the docs.
        let deprecated = c.deprecation().map(|why| {
            let why = markdown::escape(&why);
            quote!(#[deprecated(note = #why)])
        });
        quote! {
            #d
            #[doc(alias(#(#aliases),*))]
            #deprecated
            #id
        }
    });
    let subject_idents: Vec<_> = reg
        .codes
        .iter()
        .map(|c| {
            let i = reg
                .subjects
                .iter()
                .position(|s| s.number == c.subject)
                .map(|i| ident(&names.subjects[i]));
            i.expect("checked by generate(): every code's subject is registered")
        })
        .collect();
    let entries = reg
        .codes
        .iter()
        .zip(&idents)
        .zip(&subject_idents)
        .map(|((c, id), subj)| {
            let code = c.code();
            let name = id.to_string();
            let detail = num(c.detail);
            let sample = &c.sample;
            let description = c.common.description.plain();
            let assoc = association(&c.basic_code);
            let raw = &c.basic_code_raw;
            let refs = references(&c.common.reference);
            let ref_text = c.common.reference.plain();
            let submitter = opt_str(&c.common.submitter);
            let controller = opt_str(&c.common.change_controller);
            let added = opt_date(c.common.date.as_ref());
            let updated = opt_date(c.common.updated.as_ref());
            let deprecation = match c.deprecation() {
                Some(why) => quote!(Some(#why)),
                None => quote!(None),
            };
            quote! {
                Entry {
                    code: RegisteredCode::#id,
                    subject: Subject::#subj,
                    detail: #detail,
                    code_text: #code,
                    name: #name,
                    sample: #sample,
                    description: #description,
                    association: #assoc,
                    basic_code_raw: #raw,
                    references: #refs,
                    reference_text: #ref_text,
                    submitter: #submitter,
                    change_controller: #controller,
                    added: #added,
                    updated: #updated,
                    deprecation: #deprecation,
                }
            }
        });
    // Lookup table: one row per subject number, one slot per detail number,
    // every row as wide as the widest (a power of two), so a lookup is two
    // comparisons and one load.
    let max_subject = reg.codes.iter().map(|c| c.subject).max().unwrap_or(0);
    let width = reg
        .codes
        .iter()
        .map(|c| usize::from(c.detail) + 1)
        .max()
        .unwrap_or(1)
        .next_power_of_two();
    let row_count = Literal::usize_unsuffixed(usize::from(max_subject) + 1);
    let width = Literal::usize_unsuffixed(width);
    // Reverse index: reply code to the registered codes that list it.
    let mut by_reply: std::collections::BTreeMap<u16, Vec<&Ident>> = Default::default();
    for (c, id) in reg.codes.iter().zip(&idents) {
        if let BasicCode::Codes(list) | BasicCode::CodesOrOthers(list, _) = &c.basic_code {
            for r in list {
                by_reply.entry(*r).or_default().push(id);
            }
        }
    }
    let reverse = by_reply.iter().map(|(r, ids)| {
        let r = num(*r);
        quote!(#r => &[#(RegisteredCode::#ids),*])
    });
    let count_lit = Literal::usize_unsuffixed(count);
    quote! {
        /// A code of the registry's Enumerated Status Codes: one variant per registered
        /// subject and detail, in registry order, with its registry entry as docs and as data.
        ///
        /// The enum is `#[non_exhaustive]`: IANA adds codes over time, and each addition
        /// is a minor release. Codes outside the registry are [`EnhancedCode`](crate::EnhancedCode)
        /// values whose [`registered`](crate::EnhancedCode::registered) is `None`.
        ///
        /// ```
        /// use smtp_status::{Class, RegisteredCode};
        /// let code = RegisteredCode::from_parts(1, 1).unwrap();
        /// assert_eq!(code, RegisteredCode::BadDestinationMailboxAddress);
        /// assert_eq!(code.sample(), "Bad destination mailbox address");
        /// assert_eq!(code.with_class(Class::PermanentFailure).to_string(), "5.1.1");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        #[allow(deprecated)]
        pub enum RegisteredCode {
            #(#variants,)*
        }

        /// The number of registered codes.
        pub(crate) const COUNT: usize = #count_lit;

        #[allow(deprecated)]
        impl RegisteredCode {
            /// Every registered code, in registry order.
            pub const ALL: &'static [RegisteredCode] = &[#(RegisteredCode::#idents),*];

            /// The registered code with this subject and detail (`1, 1` for X.1.1).
            #[inline]
            pub const fn from_parts(subject: u16, detail: u16) -> Option<RegisteredCode> {
                let (subject, detail) = (subject as usize, detail as usize);
                if subject < BY_SUBJECT.len() && detail < #width {
                    BY_SUBJECT[subject][detail]
                } else {
                    None
                }
            }
        }

        /// [`RegisteredCode::from_parts`]'s table: a row per subject, a slot per
        /// detail, filled from [`RegisteredCode::ALL`] at compile time.
        #[allow(deprecated)]
        const BY_SUBJECT: [[Option<RegisteredCode>; #width]; #row_count] = {
            let mut table = [[None; #width]; #row_count];
            let mut i = 0;
            while i < RegisteredCode::ALL.len() {
                let code = RegisteredCode::ALL[i];
                table[code.subject().number() as usize][code.detail() as usize] = Some(code);
                i += 1;
            }
            table
        };

        /// The registered codes whose associated reply codes list `reply`, in registry order.
        #[allow(deprecated)]
        pub(crate) const fn listing_reply_code(reply: u16) -> &'static [RegisteredCode] {
            match reply {
                #(#reverse,)*
                _ => &[],
            }
        }

        /// One row per registered code, in the order of the enum's variants.
        #[allow(deprecated)]
        pub(crate) const ENTRIES: &[Entry; COUNT] = &[#(#entries),*];
    }
}

/// The registry's date.
fn updated(reg: &Registry) -> TokenStream {
    let d = date(&reg.updated);
    let text = format!(
        " The date of the registry this crate was generated from: {}.",
        reg.updated
    );
    quote! {
        #[doc = #text]
        pub const REGISTRY_UPDATED: Date = #d;
    }
}

/// The whole generated module.
pub fn module(reg: &Registry, names: &Names) -> TokenStream {
    let updated = updated(reg);
    let classes = classes(reg, names);
    let subjects = subjects(reg, names);
    let codes = codes(reg, names);
    quote! {
        use crate::registered::Entry;
        use crate::{Association, Date, Reference, ReferenceKind, ReplyCategory, ReplyCode};

        #updated
        #classes
        #subjects
        #codes
    }
}

/// The Markdown tables of the crate's front page: narrow enough for
/// rustdoc's content column (a number and a linked text per row); the full
/// registry entry is on each variant's page.
pub fn table(reg: &Registry, names: &Names) -> String {
    let mut out = String::from("## Subjects\n\n| Subject | Summary |\n|---|---|\n");
    for (s, n) in reg.subjects.iter().zip(&names.subjects) {
        out.push_str(&format!(
            "| X.{}.YYY | [{}](crate::Subject::{n}) |\n",
            s.number,
            markdown::escape(&s.summary)
        ));
    }
    out.push_str(&format!(
        "\n## Registered codes\n\nThe {} codes of the registry of {}, in registry order. \
         Each links to its variant of [`RegisteredCode`](crate::RegisteredCode), whose page \
         has the whole entry: description, associated reply codes, references, dates.\n\n\
         | Code | Sample text |\n|---|---|\n",
        reg.codes.len(),
        reg.updated
    ));
    for (c, n) in reg.codes.iter().zip(&names.codes) {
        let sample = if c.sample.is_empty() {
            "(no sample text)".to_string()
        } else {
            markdown::escape(&c.sample)
        };
        let dep = if c.deprecation().is_some() {
            " (deprecated)"
        } else {
            ""
        };
        out.push_str(&format!(
            "| {} | [{sample}](crate::RegisteredCode::{n}){dep} |\n",
            c.code()
        ));
    }
    out
}
