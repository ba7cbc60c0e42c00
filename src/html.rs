//! A small HTML tokenizer: tags with their attributes, text, and the
//! contents of `<script>` and `<style>`, with byte offsets into the source.
//!
//! Two stages read HTML: the Markdown stage rewrites the links of raw HTML a
//! writer typed (`<img src="photo.jpg">`) and takes its visible text, and the
//! output verifier follows every link of every written page. Both need the
//! tags and attributes, not a document tree, and the verifier reads the
//! whole output of a build (300 MB at 10,000 items), so this walks the bytes
//! once, jumps from `<` to `<` with `memchr` and allocates nothing. It
//! follows the HTML standard's tokenizer where real pages need it (quoted
//! and unquoted attribute values, comments, doctype and CDATA, raw-text
//! elements whose contents are not markup) and is lenient elsewhere: a `<`
//! that starts no tag is text, as browsers read it.

use std::borrow::Cow;

/// One piece of an HTML text.
#[derive(Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name attrs…>` or `<name …/>`.
    Start(Tag<'a>),
    /// `</name>`.
    End { name: &'a str, at: usize },
    /// Text between tags, entities not decoded.
    Text { text: &'a str, at: usize },
    /// The contents of a raw-text element (`script`, `style`, `textarea`,
    /// `title`, …): `element` is its name as written.
    Raw {
        element: &'a str,
        text: &'a str,
        at: usize,
    },
    /// A comment, doctype, CDATA section or processing instruction.
    Other { at: usize },
}

/// A start tag. Its attributes are read when asked for.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct Tag<'a> {
    /// As written (compare with `eq_ignore_ascii_case`).
    pub name: &'a str,
    /// Offset of its `<`.
    pub at: usize,
    /// The text between the name and the closing `>`, and its offset.
    attrs: &'a str,
    attrs_at: usize,
    pub self_closing: bool,
}

/// One attribute of a tag.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct Attr<'a> {
    pub name: &'a str,
    /// As written, entities not decoded (see [`decode`]); empty for an
    /// attribute without a value.
    pub value: &'a str,
    /// Offset of the value's first byte in the source.
    pub at: usize,
}

impl<'a> Tag<'a> {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    pub fn attrs(&self) -> Attrs<'a> {
        Attrs {
            src: self.attrs,
            pos: 0,
            base: self.attrs_at,
        }
    }

    /// The value of the attribute `name`, as written.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.value)
    }
}

/// Elements whose contents are text, not markup, up to their end tag.
const RAW_TEXT: [&str; 7] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed",
];

/// Whether the contents of the element `name` are text up to its end tag.
pub fn is_raw_text(name: &str) -> bool {
    RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// The tokens of an HTML text.
pub fn tokens(src: &str) -> Tokens<'_> {
    Tokens {
        src,
        pos: 0,
        raw: None,
    }
}

pub struct Tokens<'a> {
    src: &'a str,
    pos: usize,
    /// Inside a raw-text element: its name as written.
    raw: Option<&'a str>,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.src.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        if let Some(element) = self.raw.take() {
            let start = self.pos;
            let end = end_tag(&self.src[start..], element).map_or(bytes.len(), |i| start + i);
            self.pos = end;
            if end > start {
                return Some(Token::Raw {
                    element,
                    text: &self.src[start..end],
                    at: start,
                });
            }
        }
        let start = self.pos;
        // Text runs up to the next `<` that starts something.
        let mut from = start;
        loop {
            let Some(lt) = memchr::memchr(b'<', &bytes[from..]).map(|i| from + i) else {
                self.pos = bytes.len();
                return Some(Token::Text {
                    text: &self.src[start..],
                    at: start,
                });
            };
            if lt > start && starts_markup(&bytes[lt..]) {
                self.pos = lt;
                return Some(Token::Text {
                    text: &self.src[start..lt],
                    at: start,
                });
            }
            if lt == start {
                if let Some(t) = self.markup(lt) {
                    return Some(t);
                }
            }
            from = lt + 1;
        }
    }
}

impl<'a> Tokens<'a> {
    /// The tag, comment or declaration at `lt`, or None when the `<` starts
    /// none (it is text).
    fn markup(&mut self, lt: usize) -> Option<Token<'a>> {
        let bytes = self.src.as_bytes();
        let rest = &bytes[lt..];
        if rest.starts_with(b"<!--") {
            let end =
                memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |i| lt + 4 + i + 3);
            self.pos = end;
            return Some(Token::Other { at: lt });
        }
        if rest.starts_with(b"<![CDATA[") {
            let end = memchr::memmem::find(rest, b"]]>").map_or(bytes.len(), |i| lt + i + 3);
            self.pos = end;
            return Some(Token::Other { at: lt });
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            let end = memchr::memchr(b'>', rest).map_or(bytes.len(), |i| lt + i + 1);
            self.pos = end;
            return Some(Token::Other { at: lt });
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b':' || b == b'_')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            return None;
        }
        let name = &self.src[name_start..name_start + name_len];
        let attrs_at = name_start + name_len;
        let end = tag_end(&bytes[attrs_at..]).map(|i| attrs_at + i)?;
        self.pos = end + 1;
        if closing {
            return Some(Token::End { name, at: lt });
        }
        let mut attrs = &self.src[attrs_at..end];
        let self_closing = attrs.ends_with('/') && !ends_in_unquoted_value(attrs);
        if self_closing {
            attrs = &attrs[..attrs.len() - 1];
        }
        if !self_closing && is_raw_text(name) {
            self.raw = Some(name);
        }
        Some(Token::Start(Tag {
            name,
            at: lt,
            attrs,
            attrs_at,
            self_closing,
        }))
    }
}

/// Whether the text of a tag's attributes ends in an unquoted value, whose
/// last `/` is part of it (`<a href=/x/>`), not the mark of a
/// self-closing tag (`<br/>`, `<img src="a"/>`).
fn ends_in_unquoted_value(attrs: &str) -> bool {
    let Some(last) = (Attrs {
        src: attrs,
        pos: 0,
        base: 0,
    })
    .last() else {
        return false;
    };
    let quoted = last
        .at
        .checked_sub(1)
        .is_some_and(|i| matches!(attrs.as_bytes()[i], b'"' | b'\''));
    !last.value.is_empty() && !quoted && last.at + last.value.len() == attrs.len()
}

/// Whether the bytes at a `<` start a tag, an end tag, a comment or a
/// declaration.
fn starts_markup(rest: &[u8]) -> bool {
    match rest.get(1) {
        Some(b) if b.is_ascii_alphabetic() => true,
        Some(b'/') => rest.get(2).is_some_and(u8::is_ascii_alphabetic),
        Some(b'!' | b'?') => true,
        _ => false,
    }
}

/// The offset of the `>` that ends a tag whose attributes start at
/// `attrs[0]`, skipping quoted values.
fn tag_end(attrs: &[u8]) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut after_equals = false;
    for (i, &b) in attrs.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'>' => return Some(i),
                b'"' | b'\'' if after_equals => quote = Some(b),
                b'=' => {
                    after_equals = true;
                    continue;
                }
                _ => {}
            },
        }
        if !b.is_ascii_whitespace() {
            after_equals = false;
        }
    }
    None
}

/// Where `</element` starts in `text` (any case).
pub fn end_tag(text: &str, element: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"</").map(|i| from + i) {
        let name = bytes.get(i + 2..i + 2 + element.len())?;
        let after = bytes.get(i + 2 + element.len()).copied();
        if name.eq_ignore_ascii_case(element.as_bytes())
            && after.is_none_or(|b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        {
            return Some(i);
        }
        from = i + 2;
    }
    None
}

/// The attributes of a tag, in order.
pub struct Attrs<'a> {
    src: &'a str,
    pos: usize,
    base: usize,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Attr<'a>;

    fn next(&mut self) -> Option<Attr<'a>> {
        let bytes = self.src.as_bytes();
        let skip_space = |mut i: usize| {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            i
        };
        let start = skip_space(self.pos);
        if start >= bytes.len() {
            return None;
        }
        let mut i = start;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'/')
        {
            i += 1;
        }
        // A stray `=` with no name is skipped with its value.
        let name = &self.src[start..i];
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'=' {
            self.pos = i.max(start + 1);
            return Some(Attr {
                name,
                value: "",
                at: self.base + i,
            });
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (value_start, value_end, next) = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr::memchr(q, &bytes[j + 1..]).map_or(bytes.len(), |e| j + 1 + e);
                (j + 1, end, (end + 1).min(bytes.len()))
            }
            _ => {
                let end = bytes[j..]
                    .iter()
                    .position(u8::is_ascii_whitespace)
                    .map_or(bytes.len(), |e| j + e);
                (j, end, end)
            }
        };
        self.pos = next.max(start + 1);
        Some(Attr {
            name,
            value: &self.src[value_start..value_end],
            at: self.base + value_start,
        })
    }
}

/// Text with its character references decoded: `&amp;` → `&`, `&#x2F;` →
/// `/`, `&nbsp;` → U+00A0. Only the references that occur in URLs and in
/// Chinese text are known by name; others stay as written.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `s` stands for, and its length.
fn reference(s: &str) -> Option<(char, usize)> {
    let end = s
        .get(1..)?
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))?
        + 1;
    let has_semicolon = s[end..].starts_with(';');
    let body = &s[1..end];
    let len = end + usize::from(has_semicolon);
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some((char::from_u32(code).unwrap_or('\u{FFFD}'), len));
    }
    if !has_semicolon {
        return None;
    }
    let c = match body {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "middot" => '·',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "times" => '×',
        "copy" => '©',
        "reg" => '®',
        _ => return None,
    };
    Some((c, len))
}

/// Elements that start a new line of text: their text is not run
/// together with the text before and after them.
pub fn is_block(name: &str) -> bool {
    const BLOCKS: [&str; 31] = [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ];
    BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<String> {
        tokens(src)
            .map(|t| match t {
                Token::Start(tag) => {
                    let attrs: Vec<String> = tag
                        .attrs()
                        .map(|a| format!("{}={}@{}", a.name, a.value, a.at))
                        .collect();
                    format!("<{} {}>", tag.name, attrs.join(" "))
                }
                Token::End { name, .. } => format!("</{name}>"),
                Token::Text { text, .. } => format!("T:{text}"),
                Token::Raw { element, text, .. } => format!("R{element}:{text}"),
                Token::Other { .. } => "O".to_string(),
            })
            .collect()
    }

    #[test]
    fn tags_attributes_and_text() {
        assert_eq!(
            kinds("<p class=\"a b\">文字<img src='x.jpg' alt=图 hidden/></p>"),
            vec![
                "<p class=a b@10>",
                "T:文字",
                "<img src=x.jpg@31 alt=图@42 hidden=@52>",
                "</p>"
            ]
        );
        // Offsets point at the value in the source.
        let src = "<a  HREF = \"/news/\">";
        let Some(Token::Start(tag)) = tokens(src).next() else {
            panic!()
        };
        let a = tag.attrs().next().unwrap();
        assert_eq!(
            (a.name, a.value, &src[a.at..a.at + 6]),
            ("HREF", "/news/", "/news/")
        );
        assert_eq!(tag.attr("href"), Some("/news/"));
    }

    #[test]
    fn a_slash_ends_an_unquoted_value_or_closes_the_tag() {
        assert_eq!(kinds("<a href=/x/>"), vec!["<a href=/x/@8>"]);
        assert_eq!(
            kinds("<br/><img src=\"a\"/>"),
            vec!["<br >", "<img src=a@15>"]
        );
    }

    #[test]
    fn a_greater_than_sign_inside_quotes_does_not_end_the_tag() {
        assert_eq!(
            kinds("<a title=\"1>2\" href=x>t</a>"),
            vec!["<a title=1>2@10 href=x@20>", "T:t", "</a>"]
        );
    }

    #[test]
    fn scripts_styles_and_comments_are_not_markup() {
        assert_eq!(
            kinds("<script>if (a<b) x = \"</p>\";</script><!-- <a href=x> -->t<style>a{}</STYLE>"),
            vec![
                "<script >",
                "Rscript:if (a<b) x = \"</p>\";",
                "</script>",
                "O",
                "T:t",
                "<style >",
                "Rstyle:a{}",
                "</STYLE>"
            ]
        );
        assert_eq!(
            kinds("<!DOCTYPE html><?xml x?><![CDATA[<a>]]>"),
            vec!["O", "O", "O"]
        );
    }

    #[test]
    fn a_less_than_sign_that_starts_no_tag_is_text() {
        assert_eq!(kinds("1 < 2 <3 a<"), vec!["T:1 < 2 <3 a<"]);
        assert_eq!(kinds("x</ y"), vec!["T:x</ y"]);
        // An unclosed tag at the end is text too.
        assert_eq!(kinds("a <b"), vec!["T:a ", "T:<b"]);
    }

    #[test]
    fn references_decode() {
        assert_eq!(decode("/a/?x=1&amp;y=2"), "/a/?x=1&y=2");
        assert_eq!(decode("&#x2F;news&#47;"), "/news/");
        assert_eq!(
            decode("a&nbsp;b &ldquo;c&rdquo; &unknown; & &amp"),
            "a\u{A0}b “c” &unknown; & &amp"
        );
    }
}
