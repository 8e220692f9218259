//! The `<basic_code>` field: the SMTP reply codes associated with an
//! enhanced status code, as free text, read into [`BasicCode`].
//!
//! Forms in the registry, and how each is read:
//!
//! | text | reading |
//! |---|---|
//! | `451, 550` / `250 or 251` / `451/550` (a list may wrap lines) | [`BasicCode::Codes`] |
//! | `450, 550 (other 4XX or 5XX codes are allowed)` | [`BasicCode::CodesOrOthers`] |
//! | `5XX` | [`BasicCode::AnyOfClass`] |
//! | `Any` | [`BasicCode::Any`] |
//! | `Not given` | [`BasicCode::NotGiven`] |
//! | `.` (X.7.28) | [`BasicCode::Placeholder`] |
//! | empty (X.6.10) | [`BasicCode::Empty`] |
//!
//! Any other text is an error: a new form needs a decision, not a guess.

use crate::model::BasicCode;

/// A reply code as the registry writes it: three digits, the first 2 to 5.
fn reply_code(tok: &str) -> Option<u16> {
    let b = tok.as_bytes();
    (b.len() == 3 && (b'2'..=b'5').contains(&b[0]) && b.iter().all(u8::is_ascii_digit))
        .then(|| tok.parse().ok())?
}

/// `5XX` to 5.
fn class_wildcard(tok: &str) -> Option<u8> {
    match tok.as_bytes() {
        [d @ b'2'..=b'5', b'X', b'X'] => Some(d - b'0'),
        _ => None,
    }
}

/// Codes separated by `,`, `/` or `or`, each separator between two codes.
fn list(s: &str) -> Result<Vec<u16>, String> {
    let spaced = s.replace(',', " , ").replace('/', " / ");
    let mut out = Vec::new();
    let mut expect_code = true;
    for tok in spaced.split_whitespace() {
        if expect_code {
            match reply_code(tok) {
                Some(c) if out.contains(&c) => {
                    return Err(format!("reply code {c} is listed twice"));
                }
                Some(c) => out.push(c),
                None => {
                    return Err(format!(
                        "{tok:?} is not a reply code (3 digits, 2XX to 5XX)"
                    ));
                }
            }
        } else if !matches!(tok, "," | "/" | "or") {
            return Err(format!("{tok:?} where `,`, `/` or `or` was expected"));
        }
        expect_code = !expect_code;
    }
    if expect_code {
        return Err("an empty list, or one that ends with a separator".into());
    }
    Ok(out)
}

/// Reads the white-space-collapsed text of a `<basic_code>` element.
pub fn parse_basic_code(raw: &str) -> Result<BasicCode, String> {
    let s = raw.trim();
    Ok(match s {
        "" => BasicCode::Empty,
        "." => BasicCode::Placeholder,
        "Any" => BasicCode::Any,
        "Not given" => BasicCode::NotGiven,
        _ => {
            if let Some(d) = class_wildcard(s) {
                return Ok(BasicCode::AnyOfClass(d));
            }
            match s.split_once(" (other ") {
                Some((codes, rest)) => {
                    let classes = rest.strip_suffix(" codes are allowed)").ok_or(
                        "a parenthesis that is not \"(other NXX or NXX codes are allowed)\"",
                    )?;
                    let mut digits = Vec::new();
                    for tok in classes
                        .split([',', ' '])
                        .filter(|t| !t.is_empty() && *t != "or")
                    {
                        let d = class_wildcard(tok).ok_or_else(|| {
                            format!("{tok:?} is not a class of reply codes such as 4XX")
                        })?;
                        digits.push(d);
                    }
                    BasicCode::CodesOrOthers(list(codes)?, digits)
                }
                None => BasicCode::Codes(list(s)?),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_registry() {
        assert_eq!(
            parse_basic_code("451, 550"),
            Ok(BasicCode::Codes(vec![451, 550]))
        );
        assert_eq!(
            parse_basic_code("250 or 251"),
            Ok(BasicCode::Codes(vec![250, 251]))
        );
        assert_eq!(
            parse_basic_code("451/550"),
            Ok(BasicCode::Codes(vec![451, 550]))
        );
        assert_eq!(
            parse_basic_code("450, 550 (other 4XX or 5XX codes are allowed)"),
            Ok(BasicCode::CodesOrOthers(vec![450, 550], vec![4, 5]))
        );
        assert_eq!(parse_basic_code("5XX"), Ok(BasicCode::AnyOfClass(5)));
        assert_eq!(parse_basic_code("Any"), Ok(BasicCode::Any));
        assert_eq!(parse_basic_code("Not given"), Ok(BasicCode::NotGiven));
        assert_eq!(parse_basic_code("."), Ok(BasicCode::Placeholder));
        assert_eq!(parse_basic_code(""), Ok(BasicCode::Empty));
    }

    #[test]
    fn unknown_forms_are_errors() {
        for bad in [
            "451,",
            "or 550",
            "650",
            "55",
            "4XX or",
            "Sometimes",
            "550 (maybe)",
            "550, 550",
        ] {
            assert!(parse_basic_code(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
