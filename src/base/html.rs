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

/// How many attributes a tag keeps from the reading that finds its end;
/// those of a tag with more are read again when asked for.
const KEPT: usize = 4;

/// Where an attribute is in the source: name start and end, value start
/// and end (the value is empty, at the name's end, when there is none).
type Place = [u32; 4];

/// A start tag, with its attributes.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct Tag<'a> {
    /// As written (compare with `eq_ignore_ascii_case`).
    pub name: &'a str,
    /// Offset of its `<`.
    pub at: usize,
    pub self_closing: bool,
    /// The source, which `kept` points into.
    src: &'a str,
    kept: [Place; KEPT],
    count: u8,
    /// Where the attributes after the kept ones start, if there are any.
    more: Option<u32>,
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
            src: self.src,
            kept: self.kept,
            count: self.count,
            next: 0,
            more: self.more,
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
    // Asked of every tag: most are told by their first letter.
    matches!(
        name.as_bytes()[0].to_ascii_lowercase(),
        b's' | b't' | b'x' | b'i' | b'n'
    ) && RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// The tokens of an HTML text.
pub fn tokens(src: &str) -> Tokens<'_> {
    Tokens {
        src,
        pos: 0,
        raw: None,
        text: true,
    }
}

/// The tokens of an HTML text but its text between tags (what the output
/// verifier reads of a page: half the tokens, and no use for the other).
pub fn markup(src: &str) -> Tokens<'_> {
    Tokens {
        text: false,
        ..tokens(src)
    }
}

pub struct Tokens<'a> {
    src: &'a str,
    pos: usize,
    /// Inside a raw-text element: its name as written.
    raw: Option<&'a str>,
    /// Whether text between tags is a token.
    text: bool,
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
                if !self.text {
                    return None;
                }
                return Some(Token::Text {
                    text: &self.src[start..],
                    at: start,
                });
            };
            if !self.text {
                if let Some(t) = self.markup(lt) {
                    return Some(t);
                }
                from = lt + 1;
                continue;
            }
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
        // Tags first: comments and declarations are rare.
        if matches!(rest.get(1), Some(b'!' | b'?')) {
            return Some(self.declaration(lt));
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let attrs_at = bytes[name_start + 1..]
            .iter()
            .position(|&b| !IN_NAME[usize::from(b)])
            .map_or(bytes.len(), |n| name_start + 1 + n);
        let name = &self.src[name_start..attrs_at];
        // Half the tags of a page have no attributes: `</li>`, `<p>`.
        if bytes.get(attrs_at) == Some(&b'>') {
            self.pos = attrs_at + 1;
            if closing {
                return Some(Token::End { name, at: lt });
            }
            if is_raw_text(name) {
                self.raw = Some(name);
            }
            return Some(Token::Start(Tag {
                name,
                at: lt,
                self_closing: false,
                src: self.src,
                kept: [[0; 4]; KEPT],
                count: 0,
                more: None,
            }));
        }
        // The attributes are read once: that finds where the tag ends.
        let mut kept = [[0u32; 4]; KEPT];
        let mut count = 0;
        let mut more = None;
        let mut i = attrs_at;
        let (end, self_closing) = loop {
            match next_attr(bytes, i)? {
                Step::Attr(place, next) => {
                    if count < KEPT {
                        kept[count] = place;
                        count += 1;
                    } else if more.is_none() {
                        more = Some(place[0]);
                    }
                    i = next;
                }
                Step::End { at, slash } => break (at, slash),
            }
        };
        self.pos = end + 1;
        if closing {
            return Some(Token::End { name, at: lt });
        }
        if !self_closing && is_raw_text(name) {
            self.raw = Some(name);
        }
        Some(Token::Start(Tag {
            name,
            at: lt,
            self_closing,
            src: self.src,
            kept,
            count: count as u8,
            more,
        }))
    }

    /// A comment, CDATA section, doctype or processing instruction at `lt`.
    fn declaration(&mut self, lt: usize) -> Token<'a> {
        let bytes = self.src.as_bytes();
        let rest = &bytes[lt..];
        self.pos = if rest.starts_with(b"<!--") {
            memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |i| lt + 4 + i + 3)
        } else if rest.starts_with(b"<![CDATA[") {
            memchr::memmem::find(rest, b"]]>").map_or(bytes.len(), |i| lt + i + 3)
        } else {
            memchr::memchr(b'>', rest).map_or(bytes.len(), |i| lt + i + 1)
        };
        Token::Other { at: lt }
    }
}

/// The bytes that may follow the first letter of a tag's name.
static IN_NAME: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'-' || b == b':' || b == b'_';
        i += 1;
    }
    t
};

/// The bytes that end an attribute's name: white space, `=`, `>`, `/`.
static ENDS_NAME: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_whitespace() || b == b'=' || b == b'>' || b == b'/';
        i += 1;
    }
    t
};

/// What comes next among a tag's attributes.
enum Step {
    /// An attribute, and where reading goes on.
    Attr(Place, usize),
    /// The `>` that ends the tag; `slash` when a `/` comes right before
    /// it, outside any value (`<br/>`, not `<a href=/x/>`).
    End { at: usize, slash: bool },
}

/// Reads the attribute at `i` of `bytes`, or the tag's end; None when the
/// tag never ends. Values are quoted (skipped with `memchr`: a URL, an SVG
/// path) or end at white space or `>`.
#[inline]
fn next_attr(bytes: &[u8], mut i: usize) -> Option<Step> {
    // The usual form first, as templates write it: ` name="value"`.
    if bytes.get(i) == Some(&b' ') {
        let name_start = i + 1;
        let name_end = bytes[name_start..]
            .iter()
            .position(|&b| !IN_NAME[usize::from(b)])
            .map_or(bytes.len(), |n| name_start + n);
        if name_end > name_start && bytes[name_end..].starts_with(b"=\"") {
            let value = name_end + 2;
            let close = value + memchr::memchr(b'"', &bytes[value..])?;
            let place = [name_start, name_end, value, close].map(|p| p as u32);
            return Some(Step::Attr(place, close + 1));
        }
    }
    let mut slash = false;
    loop {
        match *bytes.get(i)? {
            b'>' => return Some(Step::End { at: i, slash }),
            b'/' => slash = true,
            b if b.is_ascii_whitespace() => {}
            // A stray `=` with no name before it.
            b'=' => slash = false,
            _ => break,
        }
        i += 1;
    }
    let name_start = i;
    let name_end = bytes[i..]
        .iter()
        .position(|&b| ENDS_NAME[usize::from(b)])
        .map_or(bytes.len(), |n| i + n);
    let mut j = name_end;
    while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
        j += 1;
    }
    let at = |v: usize| v as u32;
    if bytes.get(j) != Some(&b'=') {
        let place = [at(name_start), at(name_end), at(name_end), at(name_end)];
        return Some(Step::Attr(place, name_end));
    }
    j += 1;
    while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
        j += 1;
    }
    match *bytes.get(j)? {
        q @ (b'"' | b'\'') => {
            let close = j + 1 + memchr::memchr(q, &bytes[j + 1..])?;
            let place = [at(name_start), at(name_end), at(j + 1), at(close)];
            Some(Step::Attr(place, close + 1))
        }
        _ => {
            let mut end = j;
            while bytes
                .get(end)
                .is_some_and(|&b| !b.is_ascii_whitespace() && b != b'>')
            {
                end += 1;
            }
            let place = [at(name_start), at(name_end), at(j), at(end)];
            Some(Step::Attr(place, end))
        }
    }
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
    kept: [Place; KEPT],
    count: u8,
    next: u8,
    more: Option<u32>,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Attr<'a>;

    fn next(&mut self) -> Option<Attr<'a>> {
        let place = if self.next < self.count {
            self.next += 1;
            self.kept[usize::from(self.next - 1)]
        } else {
            match next_attr(self.src.as_bytes(), self.more? as usize) {
                Some(Step::Attr(place, next)) => {
                    self.more = Some(next as u32);
                    place
                }
                _ => {
                    self.more = None;
                    return None;
                }
            }
        };
        let [ns, ne, vs, ve] = place.map(|p| p as usize);
        Some(Attr {
            name: &self.src[ns..ne],
            value: &self.src[vs..ve],
            at: vs,
        })
    }
}

/// Text with its character references decoded: `&amp;` → `&`, `&#x2F;` →
/// `/`, `&nbsp;` → U+00A0. Only the references that occur in URLs and in
/// Chinese text are known by name; others stay as written.
pub fn decode(text: &str) -> Cow<'_, str> {
    // Most values are short URLs without a reference.
    if !text.bytes().any(|b| b == b'&') {
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
    fn a_tag_of_many_attributes_gives_them_all() {
        let src = "<img a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=\"8\" i>t";
        let Some(Token::Start(tag)) = tokens(src).next() else {
            panic!()
        };
        let names: Vec<&str> = tag.attrs().map(|a| a.name).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e", "f", "g", "h", "i"]);
        assert_eq!(tag.attr("h"), Some("8"));
        assert_eq!(kinds(src).last().unwrap(), "T:t");
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
