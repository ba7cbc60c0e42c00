//! Markdown → HTML for one document: pulldown-cmark's events, adjusted in one
//! pass for what a Chinese government site needs (CJK line joining and
//! emphasis, GitHub-style heading ids, links relative to the file, chart
//! blocks, highlighted code), then sanitised when the document holds raw HTML.
//!
//! Files: `ids.rs` heading ids, `cjk.rs` CJK characters and line joining,
//! `emphasis.rs` emphasis next to CJK punctuation,
//! `links.rs` link destinations, `raw.rs` raw HTML (its links and its
//! visible text), `highlight.rs` code colouring,
//! `sanitize.rs` the HTML cleaner, `tests.rs` tests of `render` as a whole.

mod cjk;
mod emphasis;
mod highlight;
mod ids;
mod links;
mod raw;
mod sanitize;

pub(crate) use links::{has_scheme, normalize};

use std::cell::Cell;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use serde::Serialize;

pub use highlight::highlight_css;

/// How to render one document.
pub struct Options<'a> {
    /// Keep raw HTML as written (site.toml `unsafe_html = true`); else sanitise it.
    pub unsafe_html: bool,
    /// Folder of the source file relative to content/, with '/' separators, "" for the root
    /// (e.g. "news" for content/news/a.md, "news/2022-12-22-wenjiang" for a bundle's index.md).
    pub source_dir: &'a str,
    /// 1-based line number in the file of the first line of `source` (front matter comes before it).
    pub first_line: usize,
    /// Maps a content-relative path to its URL: a Markdown file
    /// ("reports/2020-summary.md", "news/2022-12-22-wenjiang/index.md") to its
    /// page ("/reports/2020-summary/"), a copied file ("news/photo.jpg") to
    /// where it is copied, a folder that makes a page ("notices") to that
    /// page; None when the path is none of these.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Renders a ```chart fenced block: gets the block's text and its 1-based line in the file
    /// (the line of the opening fence, so the block's first text line is `line + 1`),
    /// returns the HTML to put in its place, or an error message.
    pub render_chart: &'a (dyn Fn(&str, usize) -> Result<String, String> + Sync),
}

/// A rendered document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    pub html: String,
    /// Text of the document as a reader sees it, markup removed, paragraphs
    /// separated by '\n' (for the automatic summary, the meta description and
    /// search): never the contents of `<script>`, `<style>` or other
    /// elements a reader does not see.
    pub plain_text: String,
    pub headings: Vec<Heading>,
    /// Every link and image destination as written, with its place, for later checks.
    pub links: Vec<Link>,
    pub errors: Vec<Problem>,
}

/// A heading, with the id its `<hN>` carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub line: usize,
}

/// A link or image, in Markdown or in raw HTML. Email autolinks
/// (`<a@b.cn>`) are recorded as `mailto:a@b.cn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// As written.
    pub dest: String,
    /// As it is in the page: resolved when it named a file, folder or page
    /// of the site (`/news/photo.jpg`), else as written.
    pub url: String,
    pub is_image: bool,
    pub alt_or_text: String,
    pub line: usize,
    pub col: usize,
}

/// Something wrong in the document, at a 1-based line and column (in chars) of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// GitHub's heading id rule (`## 一、主要工作及成效` → `一主要工作及成效`), also
/// used by other modules (checking anchors). See `ids.rs`.
pub fn heading_id(text: &str) -> String {
    ids::slug(text)
}

/// Renders one Markdown document (the text after the front matter).
pub fn render(source: &str, options: &Options) -> Rendered {
    let mut events: Vec<emphasis::Spanned> = Parser::new_ext(source, parser_options())
        .into_offset_iter()
        .collect();
    emphasis::fix_emphasis(source, &mut events);

    let mut doc = Doc::new(source, options);
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        doc.event(event, range, &mut out);
    }

    let mut html = String::with_capacity(source.len() + source.len() / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if doc.raw_html && !options.unsafe_html {
        html = sanitize::sanitize(&html);
    }
    for (token, chart) in &doc.charts {
        html = html.replacen(token.as_str(), chart, 1);
    }

    let mut plain_text = doc.plain;
    plain_text.truncate(plain_text.trim_end().len());
    Rendered {
        html,
        plain_text,
        headings: doc.headings,
        links: doc.links,
        errors: doc.errors,
    }
}

pub(crate) fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_HEADING_ATTRIBUTES
}

/// Byte offsets → 1-based file lines and columns. Asked in document order,
/// so each question counts the newlines since the previous one.
struct Lines<'s> {
    source: &'s str,
    first_line: usize,
    /// The last offset asked about, its line (0-based) and that line's start.
    last: Cell<(usize, usize, usize)>,
}

impl Lines<'_> {
    fn at(&self, offset: usize) -> (usize, usize) {
        let bytes = self.source.as_bytes();
        let offset = offset.min(bytes.len());
        let (mut from, mut line, mut start) = self.last.get();
        if offset < from {
            (from, line, start) = (0, 0, 0);
        }
        let between = &bytes[from..offset];
        // Byte sums in chunks of 255 vectorise well; these documents are long.
        let newlines: usize = between
            .chunks(255)
            .map(|chunk| usize::from(chunk.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>()))
            .sum();
        if newlines > 0 {
            line += newlines;
            start = from
                + between
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
        }
        self.last.set((offset, line, start));
        let col = self
            .source
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line + self.first_line, col)
    }
}

struct OpenHeading {
    at: usize,
    text: String,
    line: usize,
}

struct OpenCode<'a> {
    kind: CodeBlockKind<'a>,
    start: usize,
    text: String,
}

/// The state of the single pass over one document's events.
struct Doc<'s, 'o> {
    options: &'o Options<'o>,
    lines: Lines<'s>,
    ids: ids::IdRegistry,
    breaks: cjk::SoftBreaks,
    plain: String,
    headings: Vec<Heading>,
    links: Vec<Link>,
    errors: Vec<Problem>,
    heading: Option<OpenHeading>,
    /// Indices into `links` of the links and images we are inside.
    open_links: Vec<usize>,
    image_depth: usize,
    code: Option<OpenCode<'s>>,
    raw_html: bool,
    /// What raw HTML left open (an inline `<script>`).
    raw: raw::RawState,
    /// The lines of the HTML block we are in, gathered to be read as one.
    html_block: Option<HtmlBlock>,
    /// Placeholder token and HTML of each chart, put in after sanitising.
    charts: Vec<(String, String)>,
}

impl<'s, 'o> Doc<'s, 'o> {
    fn new(source: &'s str, options: &'o Options<'o>) -> Self {
        Doc {
            options,
            lines: Lines {
                source,
                first_line: options.first_line.max(1),
                last: Cell::new((0, 0, 0)),
            },
            ids: ids::IdRegistry::default(),
            breaks: cjk::SoftBreaks::default(),
            plain: String::with_capacity(source.len()),
            headings: Vec::new(),
            links: Vec::new(),
            errors: Vec::new(),
            heading: None,
            open_links: Vec::new(),
            image_depth: 0,
            code: None,
            raw_html: false,
            raw: raw::RawState::default(),
            html_block: None,
            charts: Vec::new(),
        }
    }

    fn event(&mut self, event: Event<'s>, range: Range<usize>, out: &mut Vec<Event<'s>>) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(text) => code.text.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code(out),
                _ => {}
            }
            return;
        }
        match event {
            // Text inside an inline `<script>…</script>` is no text.
            Event::Text(_) | Event::Code(_) if self.raw.hides_text() => out.push(event),
            Event::Text(text) => {
                let decision = self.breaks.text(&text);
                self.text_break(decision, out);
                self.visible(&text);
                out.push(Event::Text(text));
            }
            Event::Code(text) => {
                let decision = self.breaks.text(&text);
                self.text_break(decision, out);
                self.visible(&text);
                out.push(Event::Code(text));
            }
            Event::SoftBreak => {
                let earlier = self.breaks.soft_break(out.len());
                self.text_break(earlier, out);
                out.push(Event::SoftBreak);
            }
            Event::HardBreak => {
                self.interrupt(out);
                self.plain.push('\n');
                self.inline_text(" ");
                out.push(Event::HardBreak);
            }
            Event::Html(html) => {
                self.raw_html = true;
                match &mut self.html_block {
                    Some(block) => block.push(&html, range.start),
                    // Only in an HTML block, as pulldown-cmark makes them.
                    None => {
                        let html = self.raw_chunk(&html, &|i| range.start + i);
                        out.push(Event::Html(html));
                    }
                }
            }
            Event::InlineHtml(html) => {
                self.raw_html = true;
                self.interrupt(out);
                let html = self.raw_chunk(&html, &|i| range.start + i);
                out.push(Event::InlineHtml(html));
            }
            Event::Start(tag) => self.start(tag, range, out),
            Event::End(tag) => self.end(tag, out),
            other => {
                self.interrupt(out);
                out.push(other);
            }
        }
    }

    fn start(&mut self, tag: Tag<'s>, range: Range<usize>, out: &mut Vec<Event<'s>>) {
        match tag {
            Tag::Heading {
                level,
                id,
                classes,
                mut attrs,
            } => {
                self.block();
                if let Some(id) = &id {
                    self.ids.reserve(id);
                }
                if !self.options.unsafe_html {
                    // `{onclick=…}` would be raw HTML by another name.
                    attrs.clear();
                }
                self.heading = Some(OpenHeading {
                    at: out.len(),
                    text: String::new(),
                    line: self.lines.at(range.start).0,
                });
                out.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Tag::HtmlBlock => {
                self.block();
                self.html_block = Some(HtmlBlock::default());
                out.push(Event::Start(Tag::HtmlBlock));
            }
            Tag::CodeBlock(kind) => {
                self.block();
                self.code = Some(OpenCode {
                    kind,
                    start: range.start,
                    text: String::new(),
                });
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let (line, col) = self.lines.at(range.start);
                let written = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                let mut dest_url = dest_url;
                if link_type != LinkType::Email {
                    if let Some(url) = self.resolve(&dest_url, line, col) {
                        dest_url = CowStr::from(url);
                    }
                }
                self.open_links.push(self.links.len());
                self.links.push(Link {
                    url: if link_type == LinkType::Email {
                        written.clone()
                    } else {
                        dest_url.to_string()
                    },
                    dest: written,
                    is_image: false,
                    alt_or_text: String::new(),
                    line,
                    col,
                });
                if !self.options.unsafe_html && links::is_dangerous(&dest_url) {
                    if self.image_depth == 0 {
                        // An <a> without href; the End(Link) still closes it.
                        out.push(Event::InlineHtml(CowStr::Borrowed("<a>")));
                    } else {
                        // Inside an image's alt text only the text is written.
                        out.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: CowStr::Borrowed(""),
                            title,
                            id,
                        }));
                    }
                } else {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.interrupt(out);
                let (line, col) = self.lines.at(range.start);
                let written = dest_url.to_string();
                let dest_url = match self.resolve(&dest_url, line, col) {
                    Some(url) => CowStr::from(url),
                    None => dest_url,
                };
                self.open_links.push(self.links.len());
                self.links.push(Link {
                    dest: written,
                    url: dest_url.to_string(),
                    is_image: true,
                    alt_or_text: String::new(),
                    line,
                    col,
                });
                self.image_depth += 1;
                let dest_url = if !self.options.unsafe_html && links::is_dangerous(&dest_url) {
                    CowStr::Borrowed("")
                } else {
                    dest_url
                };
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => out.push(Event::Start(tag)),
            Tag::TableCell => {
                self.interrupt(out);
                out.push(Event::Start(tag));
            }
            other => {
                self.block();
                out.push(Event::Start(other));
            }
        }
    }

    fn end(&mut self, tag: TagEnd, out: &mut Vec<Event<'s>>) {
        match tag {
            TagEnd::HtmlBlock => {
                if let Some(block) = self.html_block.take() {
                    let html = self.raw_chunk(&block.text, &|i| block.source_offset(i));
                    out.push(Event::Html(html));
                }
                self.block();
                self.end_plain_block();
            }
            TagEnd::Heading(level) => {
                self.block();
                if let Some(open) = self.heading.take() {
                    let text = open.text.trim().to_owned();
                    let id = match out.get_mut(open.at) {
                        Some(Event::Start(Tag::Heading { id: Some(id), .. })) => id.to_string(),
                        Some(Event::Start(Tag::Heading { id, .. })) => {
                            let unique = self.ids.unique(&text);
                            *id = Some(CowStr::from(unique.clone()));
                            unique
                        }
                        _ => self.ids.unique(&text),
                    };
                    self.headings.push(Heading {
                        level: level as u8,
                        id,
                        text,
                        line: open.line,
                    });
                }
                self.end_plain_block();
            }
            TagEnd::Link => {
                self.finish_link();
            }
            TagEnd::Image => {
                self.interrupt(out);
                self.finish_link();
                self.image_depth = self.image_depth.saturating_sub(1);
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::TableCell => {
                self.interrupt(out);
                self.plain.push(' ');
            }
            TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::Table => {
                self.block();
                self.end_plain_block();
            }
            _ => self.block(),
        }
        out.push(Event::End(tag));
    }

    fn finish_link(&mut self) {
        if let Some(link) = self.open_links.pop().and_then(|i| self.links.get_mut(i)) {
            let trimmed = link.alt_or_text.trim();
            if trimmed.len() != link.alt_or_text.len() {
                link.alt_or_text = trimmed.to_owned();
            }
        }
    }

    fn end_code(&mut self, out: &mut Vec<Event<'s>>) {
        let Some(OpenCode { kind, start, text }) = self.code.take() else {
            return;
        };
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',')
                .next()
                .unwrap_or(""),
            CodeBlockKind::Indented => "",
        };
        if lang.eq_ignore_ascii_case("chart") {
            let (line, col) = self.lines.at(start);
            match (self.options.render_chart)(&text, line) {
                Ok(html) => {
                    let token = format!(
                        "\u{E000}chart-{:016x}-{}\u{E001}",
                        RandomState::new().hash_one(self.charts.len()),
                        self.charts.len()
                    );
                    out.push(Event::Html(CowStr::from(format!("{token}\n"))));
                    self.charts.push((token, html));
                }
                Err(message) => self.errors.push(Problem { line, col, message }),
            }
            return;
        }
        self.plain.push_str(&text);
        self.end_plain_block();
        if lang.is_empty() {
            out.push(Event::Start(Tag::CodeBlock(kind)));
            out.push(Event::Text(CowStr::from(text)));
            out.push(Event::End(TagEnd::CodeBlock));
        } else {
            out.push(Event::Html(CowStr::from(highlight::code_block(
                lang, &text,
            ))));
        }
    }

    /// Resolves a link destination written at `line`, `col` (see
    /// `links.rs`): the URL to put in its place, if any. A link to a
    /// Markdown file that is no page is an error.
    fn resolve(&mut self, dest: &str, line: usize, col: usize) -> Option<String> {
        match links::resolve(dest, self.options.source_dir, self.options.resolve) {
            links::Target::Found(url) => Some(url),
            links::Target::Missing { looked_for } => {
                self.errors.push(Problem {
                    line,
                    col,
                    message: format!(
                        "link to `{dest}`: no such page (looked for content/{looked_for}). \
                         Check the file name, or remove the link."
                    ),
                });
                None
            }
            links::Target::Other => None,
        }
    }

    /// Reads a chunk of raw HTML (see `raw.rs`): resolves its links and
    /// records them, and adds its visible text. `source_offset` maps an
    /// offset in `html` to one in the document. Returns the HTML to output.
    fn raw_chunk(&mut self, html: &str, source_offset: &dyn Fn(usize) -> usize) -> CowStr<'s> {
        let (dir, lookup) = (self.options.source_dir, self.options.resolve);
        let chunk = self
            .raw
            .chunk(html, &|dest| match links::resolve(dest, dir, lookup) {
                links::Target::Found(url) => Some(url),
                _ => None,
            });
        for l in chunk.links {
            let (line, col) = self.lines.at(source_offset(l.at));
            let url = match l.resolved {
                Some(url) => url,
                // Resolved again for its error, if it is a missing page.
                None => self
                    .resolve(&l.dest, line, col)
                    .unwrap_or_else(|| l.dest.clone()),
            };
            self.links.push(Link {
                url,
                dest: l.dest,
                is_image: l.is_image,
                alt_or_text: l.alt,
                line,
                col,
            });
        }
        self.plain.push_str(&chunk.text);
        match chunk.rewritten {
            Some(s) => CowStr::from(s),
            None => CowStr::from(html.to_string()),
        }
    }

    /// Text the reader sees: into the plain text, the heading and link texts.
    fn visible(&mut self, text: &str) {
        if self.image_depth == 0 {
            self.plain.push_str(text);
        }
        self.inline_text(text);
    }

    /// Text for the heading and the links we are inside (not the plain text).
    fn inline_text(&mut self, text: &str) {
        if self.image_depth == 0 {
            if let Some(heading) = &mut self.heading {
                heading.text.push_str(text);
            }
        }
        for &i in &self.open_links {
            if let Some(link) = self.links.get_mut(i) {
                link.alt_or_text.push_str(text);
            }
        }
    }

    /// Applies the decision about a pending soft break.
    fn text_break(&mut self, decision: cjk::Break, out: &mut [Event<'s>]) {
        match decision {
            cjk::Break::Join(at) => {
                if let Some(event) = out.get_mut(at) {
                    *event = Event::Text(CowStr::Borrowed(""));
                }
            }
            cjk::Break::Keep => self.visible(" "),
            cjk::Break::None => {}
        }
    }

    /// Inline content that is not text: a pending soft break stays.
    fn interrupt(&mut self, out: &mut [Event<'s>]) {
        let decision = self.breaks.other();
        self.text_break(decision, out);
    }

    /// A block starts or ends: nothing carries over.
    fn block(&mut self) {
        self.breaks = cjk::SoftBreaks::default();
    }

    fn end_plain_block(&mut self) {
        let trimmed = self.plain.trim_end_matches(' ').len();
        self.plain.truncate(trimmed);
        if !self.plain.is_empty() && !self.plain.ends_with('\n') {
            self.plain.push('\n');
        }
    }
}

/// The lines of an HTML block, as one text, with where each came from in
/// the document (a block inside a list or quote loses its indent).
#[derive(Default)]
struct HtmlBlock {
    text: String,
    /// (offset in `text`, offset in the document) of each line.
    starts: Vec<(usize, usize)>,
}

impl HtmlBlock {
    fn push(&mut self, line: &str, source_offset: usize) {
        self.starts.push((self.text.len(), source_offset));
        self.text.push_str(line);
    }

    fn source_offset(&self, at: usize) -> usize {
        let i = self.starts.partition_point(|&(start, _)| start <= at);
        match i.checked_sub(1).and_then(|i| self.starts.get(i)) {
            Some(&(start, source)) => source + (at - start),
            None => at,
        }
    }
}

#[cfg(test)]
mod tests;
