//! Markdown as the text rules see it: the events of the build's parser
//! (with its options, so the check sees the same paragraphs, tables and
//! links) gathered into units of text, without code, URLs and raw HTML
//! tags (see the module header of `check::text`).

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::*;

/// The text of one unit (paragraph, heading, cell, …) and where each piece
/// of it is in the source.
#[derive(Default)]
pub(super) struct Unit {
    pub(super) text: String,
    pub(super) segments: Vec<Segment>,
}

/// `text[at..]` up to the next segment comes from `source[src..]`: byte for
/// byte when `exact`, else (an entity, a separator) all from `src`.
pub(super) struct Segment {
    pub(super) at: usize,
    pub(super) src: usize,
    pub(super) exact: bool,
}

impl Unit {
    /// Appends `s`, which is `source[src..src + s.len()]`.
    pub(super) fn push_exact(&mut self, s: &str, src: usize) {
        if s.is_empty() {
            return;
        }
        let contiguous = self
            .segments
            .last()
            .is_some_and(|g| g.exact && g.src + (self.text.len() - g.at) == src);
        if !contiguous {
            self.segments.push(Segment {
                at: self.text.len(),
                src,
                exact: true,
            });
        }
        self.text.push_str(s);
    }

    /// Appends `s`, which stands for the source at `src` (an entity, or a
    /// separator for something left out).
    pub(super) fn push_at(&mut self, s: &str, src: usize) {
        self.segments.push(Segment {
            at: self.text.len(),
            src,
            exact: false,
        });
        self.text.push_str(s);
    }

    /// The source offset of `text[pos]`.
    pub(super) fn source_of(&self, pos: usize) -> usize {
        let k = self.segments.partition_point(|g| g.at <= pos);
        match k.checked_sub(1).map(|k| &self.segments[k]) {
            Some(g) if g.exact => g.src + (pos - g.at),
            Some(g) => g.src,
            None => 0,
        }
    }

    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
    }
}

pub(super) struct Checker<'a> {
    pub(super) body: &'a str,
    pub(super) scanner: Scanner<'a>,
    pub(super) unit: Unit,
    /// Where the units go when the caller wants the prose.
    pub(super) prose: Option<&'a mut String>,
    /// Findings so far, at source byte offsets.
    pub(super) found: Vec<Hit>,
    pub(super) code_block: bool,
    /// Inside an autolink (`<https://…>`, `<a@b.cn>`), whose text is a URL.
    pub(super) autolink: bool,
    /// Inside inline `<code>` (and the like): the closing tag that ends it.
    pub(super) inline_raw: Option<&'static str>,
    pub(super) html: HtmlState,
}

impl Checker<'_> {
    pub(super) fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Image { .. } => {}
                Tag::Link { link_type, .. } => {
                    self.autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                }
                Tag::CodeBlock(_) => {
                    self.flush();
                    self.code_block = true;
                }
                Tag::HtmlBlock => {
                    self.flush();
                    self.html = HtmlState::default();
                }
                _ => self.flush(),
            },
            Event::End(tag) => match tag {
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Image => {}
                TagEnd::Link => self.autolink = false,
                TagEnd::CodeBlock => {
                    self.code_block = false;
                    self.unit.clear();
                }
                _ => self.flush(),
            },
            Event::Text(text) => {
                if self.code_block || self.autolink || self.inline_raw.is_some() {
                    return;
                }
                let source = &self.body[range.clone()];
                if source == &*text {
                    self.unit.push_exact(&text, range.start);
                } else if source.ends_with(&*text) {
                    // A backslash escape: `\(` gives "(".
                    self.unit.push_exact(&text, range.end - text.len());
                } else {
                    self.unit.push_at(&text, range.start);
                }
            }
            Event::Code(_) | Event::FootnoteReference(_) => self.unit.push_at(" ", range.start),
            Event::SoftBreak | Event::HardBreak => self.unit.push_at("\n", range.start),
            Event::InlineHtml(html) => self.inline_html(&html),
            Event::Html(html) => self.html_block(&html, range.start),
            Event::Rule => self.flush(),
            _ => {}
        }
    }

    /// Notes where inline `<code>` (and the like) starts and ends: its text
    /// is not prose.
    pub(super) fn inline_html(&mut self, html: &str) {
        if let Some(end) = self.inline_raw {
            if starts_with_ignore_case(html, end) {
                self.inline_raw = None;
            }
            return;
        }
        if let Some(name) = html.strip_prefix('<').and_then(raw_element) {
            if !html.ends_with("/>") {
                self.inline_raw = Some(name);
            }
        }
    }

    /// Gathers the text of a raw HTML block (one line of it, `html`, found at
    /// `src` in the source) between its tags; a block-level tag (`<p>`,
    /// `<td>`, `<li>`, …) ends a unit.
    pub(super) fn html_block(&mut self, html: &str, src: usize) {
        let b = html.as_bytes();
        let mut i = 0;
        let mut run = 0; // start of the current text run
        while i < b.len() {
            match self.html.mode {
                HtmlMode::Raw(end) => {
                    if b[i] == b'<' && starts_with_ignore_case(&html[i..], end) {
                        self.html.mode = HtmlMode::Tag(None);
                    }
                    i += 1;
                    run = i;
                }
                HtmlMode::Comment => {
                    if b[i..].starts_with(b"-->") {
                        self.html.mode = HtmlMode::Text;
                        i += 3;
                    } else {
                        i += 1;
                    }
                    run = i;
                }
                HtmlMode::Tag(quote) => {
                    match (quote, b[i]) {
                        (None, q @ (b'"' | b'\'')) => self.html.mode = HtmlMode::Tag(Some(q)),
                        (Some(q), c) if c == q => self.html.mode = HtmlMode::Tag(None),
                        (None, b'>') => {
                            self.html.mode = match self.html.pending_raw.take() {
                                Some(end) => HtmlMode::Raw(end),
                                None => HtmlMode::Text,
                            };
                        }
                        _ => {}
                    }
                    i += 1;
                    run = i;
                }
                HtmlMode::Text => match b[i] {
                    b'<' if b.get(i + 1).is_some_and(|c| {
                        c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?')
                    }) =>
                    {
                        self.unit.push_exact(&html[run..i], src + run);
                        if html[i..].starts_with("<!--") {
                            self.html.mode = HtmlMode::Comment;
                            i += 4;
                            run = i;
                            continue;
                        }
                        let closing = b[i + 1] == b'/';
                        let name_start = i + 1 + usize::from(closing);
                        let name_end = html[name_start..]
                            .find(|c: char| !c.is_ascii_alphanumeric())
                            .map_or(html.len(), |n| name_start + n);
                        let name = &html[name_start..name_end];
                        if is_block_element(name) {
                            self.flush();
                        }
                        if !closing {
                            self.html.pending_raw = raw_element(&html[name_start..]);
                        }
                        self.html.mode = HtmlMode::Tag(None);
                        i += 1;
                        run = i;
                    }
                    b'&' => {
                        let len = entity_len(&html[i..]);
                        if len > 0 {
                            self.unit.push_exact(&html[run..i], src + run);
                            self.unit.push_at(" ", src + i);
                            i += len;
                            run = i;
                        } else {
                            i += 1;
                        }
                    }
                    _ => i += 1,
                },
            }
        }
        if matches!(self.html.mode, HtmlMode::Text) {
            self.unit.push_exact(&html[run..], src + run);
        }
    }

    /// Checks the unit gathered so far and starts a new one.
    pub(super) fn flush(&mut self) {
        self.inline_raw = None; // inline HTML does not reach past its block
        if self.unit.text.is_empty() {
            return;
        }
        self.scanner.scan(&self.unit.text);
        if let Some(prose) = self.prose.as_deref_mut() {
            prose.push_str(&self.unit.text);
            prose.push('\n');
        }
        for mut hit in self.scanner.hits.drain(..) {
            hit.pos = self.unit.source_of(hit.pos);
            self.found.push(hit);
        }
        self.unit.clear();
    }
}

#[derive(Default)]
pub(super) struct HtmlState {
    pub(super) mode: HtmlMode,
    /// The closing tag that ends the raw element whose start tag is being read.
    pub(super) pending_raw: Option<&'static str>,
}

#[derive(Default, Clone, Copy)]
pub(super) enum HtmlMode {
    #[default]
    Text,
    /// Inside a tag, in a quoted attribute value when `Some(quote)`.
    Tag(Option<u8>),
    Comment,
    /// Inside `<code>`, `<pre>`, `<script>`, …: until this closing tag.
    Raw(&'static str),
}

/// The closing tag of an element whose contents are not prose, when `tag`
/// (the text after `<`) starts one.
pub(super) fn raw_element(tag: &str) -> Option<&'static str> {
    const RAW: [(&str, &str); 7] = [
        ("code", "</code"),
        ("pre", "</pre"),
        ("kbd", "</kbd"),
        ("samp", "</samp"),
        ("script", "</script"),
        ("style", "</style"),
        ("textarea", "</textarea"),
    ];
    RAW.iter().find_map(|&(name, end)| {
        let rest = tag.get(name.len()..)?;
        (starts_with_ignore_case(tag, name)
            && rest.starts_with(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace()))
        .then_some(end)
    })
}

pub(super) fn is_block_element(name: &str) -> bool {
    const BLOCK: &str = "p div td th tr li ul ol dl dt dd table thead tbody caption \
                         h1 h2 h3 h4 h5 h6 blockquote section";
    BLOCK.split(' ').any(|b| b.eq_ignore_ascii_case(name))
}

/// The length of the character reference (`&amp;`, `&#12288;`, `&#x3000;`)
/// at the start of `s`, or 0.
pub(super) fn entity_len(s: &str) -> usize {
    let b = s.as_bytes();
    let body = b
        .iter()
        .skip(1)
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
        .count();
    if body > 0 && b.get(1 + body) == Some(&b';') {
        body + 2
    } else {
        0
    }
}

pub(super) fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}
