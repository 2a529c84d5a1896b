//! XML text to a tree of elements. The reader maps the tree rather than the
//! event stream, because the model takes its parts out of order (an
//! activity's identifier is needed for any error about it) and because what
//! is not kept is simplest to find by looking at each element's children.

use quick_xml::Reader;
use quick_xml::escape::{resolve_predefined_entity, unescape};
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::ReadError;

/// One element: its name as written (`xml:lang`, `foo:bar`), its attributes
/// with their values unescaped and normalised, its children, the text and
/// CDATA directly inside it, and the line its start tag is on.
#[derive(Debug, Default)]
pub(super) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    pub line: usize,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// Parses `xml` into its root element. Comments, processing instructions,
/// the XML declaration and a document type declaration are passed over.
pub(super) fn parse(xml: &str) -> Result<Element, ReadError> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let mut reader = Reader::from_str(xml);
    let mut lines = Lines::new(xml);
    // Open elements, innermost last; the root ends up alone when it closes.
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
            ReadError::at(format!("malformed XML: {e}"), lines.line_of(at))
        })?;
        match event {
            Event::Start(start) => {
                let line = lines.line_of(at);
                let element = element(&start, line)?;
                before_root(&root, line)?;
                open.push(element);
            }
            Event::Empty(start) => {
                let line = lines.line_of(at);
                let element = element(&start, line)?;
                before_root(&root, line)?;
                match open.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                // quick-xml has checked that the end tag matches the start tag.
                let Some(done) = open.pop() else {
                    return Err(ReadError::at("malformed XML: end tag without a start tag", lines.line_of(at)));
                };
                match open.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(text) => {
                let text = text
                    .xml10_content()
                    .map_err(|e| ReadError::at(format!("malformed XML: {e}"), lines.line_of(at)))?;
                push_text(&mut open, &text, lines.line_of(at))?;
            }
            Event::CData(data) => {
                let text = data
                    .xml10_content()
                    .map_err(|e| ReadError::at(format!("malformed XML: {e}"), lines.line_of(at)))?;
                push_text(&mut open, &text, lines.line_of(at))?;
            }
            Event::GeneralRef(reference) => {
                let line = lines.line_of(at);
                let text = resolve(&reference, line)?;
                push_text(&mut open, &text, line)?;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(ReadError::at(
            format!("malformed XML: the file ends before <{}> (line {}) is closed", unclosed.name, unclosed.line),
            Some(lines.line_of(xml.len()).unwrap_or(unclosed.line)),
        ));
    }
    root.ok_or_else(|| ReadError::at("malformed XML: no root element", None))
}

/// Refuses a second root element.
fn before_root(root: &Option<Element>, line: Option<usize>) -> Result<(), ReadError> {
    match root {
        Some(first) => Err(ReadError::at(
            format!("malformed XML: a second root element after <{}> (line {})", first.name, first.line),
            line,
        )),
        None => Ok(()),
    }
}

fn push_text(open: &mut [Element], text: &str, line: Option<usize>) -> Result<(), ReadError> {
    match open.last_mut() {
        Some(parent) => parent.text.push_str(text),
        None if text.chars().all(is_xml_space) => {}
        None => return Err(ReadError::at("malformed XML: text outside the root element", line)),
    }
    Ok(())
}

/// The text an entity or character reference in content stands for: only the
/// five predefined entities are known, as a file with its own entities (an
/// internal DTD subset) is no IATI file.
fn resolve(reference: &BytesRef<'_>, line: Option<usize>) -> Result<String, ReadError> {
    let bad = |what: String| ReadError::at(format!("malformed XML: {what}"), line);
    let name = reference.decode().map_err(|e| bad(e.to_string()))?;
    if let Some(c) = reference.resolve_char_ref().map_err(|e| bad(format!("&{name}; {e}")))? {
        return Ok(c.to_string());
    }
    resolve_predefined_entity(&name).map(str::to_owned).ok_or_else(|| bad(format!("unknown entity &{name};")))
}

fn element(start: &BytesStart<'_>, line: Option<usize>) -> Result<Element, ReadError> {
    let bad = |what: String| ReadError::at(format!("malformed XML: {what}"), line);
    let name = String::from_utf8(start.name().as_ref().to_vec()).map_err(|e| bad(e.to_string()))?;
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| bad(format!("in <{name}>: {e}")))?;
        let key = String::from_utf8(attr.key.as_ref().to_vec()).map_err(|e| bad(e.to_string()))?;
        let raw = std::str::from_utf8(&attr.value).map_err(|e| bad(e.to_string()))?;
        let normalised = normalise_attribute(raw);
        let value = unescape(&normalised).map_err(|e| bad(format!("in <{name} {key}>: {e}")))?.into_owned();
        attrs.push((key, value));
    }
    Ok(Element { name, attrs, line: line.unwrap_or(0), ..Element::default() })
}

/// XML's attribute-value normalisation (section 3.3.3) for CDATA attributes:
/// each literal tab, newline or carriage return (a CR LF pair counting as
/// one) becomes a space. References (`&#10;`) are resolved afterwards and so
/// keep the character they stand for.
fn normalise_attribute(raw: &str) -> String {
    raw.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ")
}

pub(super) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Byte offsets to line numbers, counting forward from the last offset asked
/// about so that a whole file is scanned about once.
struct Lines<'a> {
    xml: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(xml: &'a str) -> Self {
        Lines { xml, offset: 0, line: 1 }
    }

    fn line_of(&mut self, offset: usize) -> Option<usize> {
        let offset = offset.min(self.xml.len());
        let bytes = self.xml.as_bytes();
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += bytes.get(self.offset..offset)?.iter().filter(|&&b| b == b'\n').count();
        self.offset = offset;
        Some(self.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_forward_and_back() {
        let mut lines = Lines::new("a\nb\nc");
        assert_eq!(lines.line_of(0), Some(1));
        assert_eq!(lines.line_of(4), Some(3));
        assert_eq!(lines.line_of(2), Some(2));
    }

    #[test]
    fn attribute_whitespace_is_normalised_before_references_resolve() {
        assert_eq!(normalise_attribute("a\r\nb\tc"), "a b c");
        assert_eq!(unescape(&normalise_attribute("a&#10;b")).unwrap(), "a\nb");
    }
}
