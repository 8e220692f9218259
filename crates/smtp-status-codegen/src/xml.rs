//! A small element tree read with quick-xml, keeping the line of every
//! element so later stages can point at the input.

use crate::Error;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// A node of mixed content.
#[derive(Debug, Clone)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data, entity references resolved.
    Text(String),
}

/// An element with its attributes, children and 1-based line.
#[derive(Debug, Clone)]
pub struct Element {
    /// Local name (the registry uses one default namespace).
    pub name: String,
    /// Attributes, in document order, values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Children, in document order.
    pub children: Vec<Node>,
    /// Line of the start tag.
    pub line: usize,
}

impl Element {
    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// All character data of this element and its descendants.
    pub fn text(&self) -> String {
        let mut s = String::new();
        collect_text(&self.children, &mut s);
        s
    }

    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn collect_text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => collect_text(&e.children, out),
        }
    }
}

/// Work done while reading a document, for tests that check it grows
/// linearly with the input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// XML events read.
    pub events: u64,
    /// Bytes looked at to find line numbers.
    pub line_bytes: u64,
}

/// Line numbers of byte offsets, found by scanning forward from the last
/// offset asked for: each byte is looked at once over a whole document
/// (offsets come in increasing order, save a final error position).
struct Lines<'a> {
    src: &'a [u8],
    offset: usize,
    line: usize,
    scanned: u64,
}

impl<'a> Lines<'a> {
    fn new(src: &'a [u8]) -> Self {
        Lines {
            src,
            offset: 0,
            line: 1,
            scanned: 0,
        }
    }

    /// The 1-based line of `offset`.
    fn at(&mut self, offset: u64) -> usize {
        let to = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.src.len());
        let (lo, hi) = (self.offset.min(to), self.offset.max(to));
        let newlines = self.src[lo..hi].iter().filter(|&&b| b == b'\n').count();
        self.scanned += (hi - lo) as u64;
        if to >= self.offset {
            self.line += newlines;
        } else {
            self.line -= newlines;
        }
        self.offset = to;
        self.line
    }
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => name.to_string(),
    }
}

fn element(start: &BytesStart<'_>, path: &str, line: usize) -> Result<Element, Error> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| Error::at(path, line, format!("malformed attribute: {e}")))?;
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| Error::at(path, line, format!("malformed attribute value: {e}")))?;
        attrs.push((local(attr.key.as_ref()), value.into_owned()));
    }
    Ok(Element {
        name: local(start.name().as_ref()),
        attrs,
        children: Vec::new(),
        line,
    })
}

/// Reads a whole document into its root element.
///
/// Comments, processing instructions and the declaration are passed over;
/// anything malformed is an error naming the line.
pub fn read(src: &[u8], path: &str) -> Result<Element, Error> {
    read_counted(src, path, &mut Stats::default())
}

/// [`read`], adding the work done to `stats`. Time is linear in the input:
/// line numbers are tracked as the reader moves forward, never counted from
/// the start of the document.
pub fn read_counted(src: &[u8], path: &str, stats: &mut Stats) -> Result<Element, Error> {
    let mut lines = Lines::new(src);
    let result = read_events(src, path, &mut lines, stats);
    stats.line_bytes += lines.scanned;
    result
}

fn read_events(
    src: &[u8],
    path: &str,
    lines: &mut Lines<'_>,
    stats: &mut Stats,
) -> Result<Element, Error> {
    let mut reader = Reader::from_reader(src);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let before = reader.buffer_position();
        let line = lines.at(before);
        let event = reader.read_event().map_err(|e| {
            Error::at(
                path,
                lines.at(reader.error_position()),
                format!("malformed XML: {e}"),
            )
        })?;
        stats.events += 1;
        let push_text = |stack: &mut Vec<Element>, text: String| -> Result<(), Error> {
            match stack.last_mut() {
                Some(top) => {
                    if let Some(Node::Text(prev)) = top.children.last_mut() {
                        prev.push_str(&text);
                    } else {
                        top.children.push(Node::Text(text));
                    }
                    Ok(())
                }
                None if text.trim().is_empty() => Ok(()),
                None => Err(Error::at(path, line, "text outside the root element")),
            }
        };
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err(Error::at(path, line, "a second root element"));
                }
                stack.push(element(&start, path, line)?);
            }
            Event::End(_) => {
                let done = stack
                    .pop()
                    .ok_or_else(|| Error::at(path, line, "end tag without a start tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => push_text(&mut stack, t.xml10_content().into_owned())?,
            Event::CData(t) => push_text(&mut stack, t.xml10_content().into_owned())?,
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .ok()
                        .flatten()
                        .map(String::from)
                        .ok_or_else(|| {
                            Error::at(path, line, "character reference to no character")
                        })?
                } else {
                    match &*r.xml10_content() {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        other => {
                            return Err(Error::at(
                                path,
                                line,
                                format!("unknown entity reference &{other};"),
                            ));
                        }
                    }
                };
                push_text(&mut stack, resolved)?;
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Empty(start) => {
                let done = element(&start, path, line)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(Error::at(
            path,
            open.line,
            format!("document ends inside <{}>", open.name),
        ));
    }
    root.ok_or_else(|| Error::at(path, 1, "not XML: no root element"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_move_both_ways() {
        let mut lines = Lines::new(b"a\nb\nc\nd");
        assert_eq!(lines.at(0), 1);
        assert_eq!(lines.at(4), 3);
        assert_eq!(lines.at(2), 2);
        assert_eq!(lines.at(99), 4);
        assert_eq!(lines.scanned, 4 + 2 + 5);
    }

    #[test]
    fn a_malformed_end_tag_names_its_line() {
        let err = read(b"<a>\n<b>\n</c>\n</a>", "x.xml").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
    }
}
