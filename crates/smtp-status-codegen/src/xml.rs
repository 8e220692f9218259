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

fn line_of(src: &[u8], offset: u64) -> usize {
    let end = usize::try_from(offset).unwrap_or(usize::MAX).min(src.len());
    1 + src[..end].iter().filter(|&&b| b == b'\n').count()
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
    let mut reader = Reader::from_reader(src);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let before = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            Error::at(
                path,
                line_of(src, reader.error_position()),
                format!("malformed XML: {e}"),
            )
        })?;
        let line = line_of(src, before);
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
