//! Raw HTML a writer typed into Markdown (`<img src="photo.jpg" alt="…">`,
//! `<a href="通知.pdf">`, a `<div>` pasted from another site): its link
//! destinations are resolved as Markdown links are (relative to the file),
//! its links are recorded for `check`, and only the text a reader sees
//! reaches the plain text: never the contents of `<script>`, `<style>` or
//! the other elements the sanitiser removes.
//!
//! Raw HTML comes in chunks: a whole HTML block, or one inline tag of a
//! paragraph. What is open at the end of a chunk (an inline `<script>`
//! whose code is Markdown text up to `</script>`) carries over in
//! [`RawState`].

use crate::base::html::{self, Token};

/// Elements whose contents a reader never sees and the sanitiser removes
/// with them (besides the raw-text elements of [`html`], whose contents
/// are not markup at all). `embed` is void: it has no contents.
const HIDDEN: [&str; 4] = ["object", "template", "noframes", "noscript"];

/// Attributes that hold a link destination.
const LINK_ATTRS: [&str; 3] = ["href", "src", "poster"];

/// What is open across chunks of raw HTML.
#[derive(Default)]
pub(crate) struct RawState {
    /// Inside a raw-text element opened by an earlier chunk: its name.
    raw: Option<String>,
    /// How many elements of [`HIDDEN`] are open.
    hidden: usize,
}

/// A link or image destination found in raw HTML.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawLink {
    /// As written, references decoded.
    pub dest: String,
    /// What it was resolved to, if anything.
    pub resolved: Option<String>,
    pub is_image: bool,
    /// An image's `alt`.
    pub alt: String,
    /// Byte offset of the destination in the chunk.
    pub at: usize,
}

/// What one chunk held.
#[derive(Default)]
pub(crate) struct Chunk {
    /// The chunk with its destinations resolved, when any was.
    pub rewritten: Option<String>,
    pub links: Vec<RawLink>,
    /// Its visible text, references decoded, block elements on lines of
    /// their own.
    pub text: String,
}

impl RawState {
    /// Whether Markdown text here is inside an element a reader does not
    /// see (an inline `<script>…</script>`).
    pub(crate) fn hides_text(&self) -> bool {
        self.raw.is_some() || self.hidden > 0
    }

    /// Reads one chunk. `resolve` gets a destination as written and gives
    /// the URL to put in its place, or None to leave it.
    pub(crate) fn chunk(&mut self, chunk: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Chunk {
        let mut out = Chunk::default();
        let mut from = 0;
        if let Some(element) = &self.raw {
            match html::end_tag(chunk, element) {
                Some(i) => from = i,
                None => return out,
            }
            self.raw = None;
        }
        // (range of a value in the chunk, what replaces it)
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut open_raw: Option<&str> = None;
        for token in html::tokens(&chunk[from..]) {
            match token {
                Token::Start(tag) => {
                    open_raw = None;
                    if HIDDEN.iter().any(|h| tag.is(h)) && !tag.self_closing {
                        self.hidden += 1;
                    }
                    if html::is_raw_text(tag.name) && !tag.self_closing {
                        open_raw = Some(tag.name);
                    }
                    if html::is_block(tag.name) {
                        line_break(&mut out.text);
                    }
                    let is_image = tag.is("img") || tag.is("source");
                    let alt = if tag.is("img") {
                        html::decode(tag.attr("alt").unwrap_or(""))
                            .trim()
                            .to_string()
                    } else {
                        String::new()
                    };
                    for a in tag.attrs() {
                        if !LINK_ATTRS.iter().any(|n| a.name.eq_ignore_ascii_case(n)) {
                            continue;
                        }
                        let dest = html::decode(a.value).trim().to_string();
                        let resolved = resolve(&dest);
                        let at = from + a.at;
                        if let Some(url) = &resolved {
                            let mut escaped = String::with_capacity(url.len());
                            let _ = pulldown_cmark_escape::escape_href(&mut escaped, url);
                            edits.push((at..at + a.value.len(), escaped));
                        }
                        out.links.push(RawLink {
                            dest,
                            resolved,
                            is_image,
                            alt: alt.clone(),
                            at,
                        });
                    }
                }
                Token::End { name, .. } => {
                    open_raw = None;
                    if HIDDEN.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                        self.hidden = self.hidden.saturating_sub(1);
                    }
                    if html::is_block(name) {
                        line_break(&mut out.text);
                    }
                }
                Token::Text { text, .. } => {
                    open_raw = None;
                    if self.hidden == 0 {
                        push_text(&mut out.text, &html::decode(text));
                    }
                }
                // The contents of a raw-text element that ends in this chunk.
                Token::Raw { .. } => open_raw = None,
                Token::Other { .. } => {}
            }
        }
        // A raw-text element left open: its contents follow in later
        // chunks or as Markdown text.
        self.raw = open_raw.map(str::to_string);
        out.text = join_lines(&out.text);
        if !edits.is_empty() {
            let mut s = String::with_capacity(chunk.len() + 32);
            let mut last = 0;
            for (range, with) in edits {
                s.push_str(&chunk[last..range.start]);
                s.push_str(&with);
                last = range.end;
            }
            s.push_str(&chunk[last..]);
            out.rewritten = Some(s);
        }
        out
    }
}

/// Stands for a run of white space holding a line break, until the
/// character after it is known.
const BREAK: char = '\u{1}';

/// Adds text from HTML: a run of white space is one space, or [`BREAK`]
/// when it holds a line break.
fn push_text(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_space(c) {
            out.push(c);
            continue;
        }
        let mut newline = c == '\n';
        while let Some(&next) = chars.peek().filter(|&&n| is_space(n)) {
            newline |= next == '\n';
            chars.next();
        }
        match out.chars().next_back() {
            None | Some('\n') => {}
            Some(' ') if newline => {
                out.pop();
                out.push(BREAK);
            }
            Some(' ' | BREAK) => {}
            Some(_) => out.push(if newline { BREAK } else { ' ' }),
        }
    }
}

/// White space of HTML text (a no-break space is a character).
fn is_space(c: char) -> bool {
    c.is_whitespace() && c != '\u{A0}'
}

/// Each [`BREAK`] as a browser should show it: nothing beside a Chinese
/// character (see `cjk.rs`), else a space.
fn join_lines(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c != BREAK {
            out.push(c);
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        match (before, after) {
            (Some(b), Some(a)) if !crate::base::cjk::joins(b, a) && a != '\n' => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A block element starts or ends: its text is on a line of its own.
fn line_break(out: &mut String) {
    let trimmed = out.trim_end_matches([' ', BREAK]).len();
    out.truncate(trimmed);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beside(dest: &str) -> Option<String> {
        match dest {
            "photo.jpg" => Some("/news/photo.jpg".to_string()),
            "通知 1.pdf" => Some("/news/通知 1.pdf".to_string()),
            _ => None,
        }
    }

    #[test]
    fn destinations_are_resolved_and_recorded() {
        let mut s = RawState::default();
        let c = s.chunk(
            "<p><img src=\"photo.jpg\" alt=\"执法&amp;检查\"> <a href='通知 1.pdf'>通知</a> <a href=/x/>x</a></p>",
            &beside,
        );
        assert_eq!(
            c.rewritten.as_deref(),
            Some("<p><img src=\"/news/photo.jpg\" alt=\"执法&amp;检查\"> <a href='/news/%E9%80%9A%E7%9F%A5%201.pdf'>通知</a> <a href=/x/>x</a></p>")
        );
        let found: Vec<(&str, bool, &str, usize)> = c
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.is_image, l.alt.as_str(), l.at))
            .collect();
        assert_eq!(
            found,
            vec![
                ("photo.jpg", true, "执法&检查", 13),
                ("通知 1.pdf", false, "", 58),
                ("/x/", false, "", 91)
            ]
        );
        // A typed space stays a space.
        assert_eq!(c.text, "通知 x\n");
    }

    #[test]
    fn scripts_styles_and_removed_elements_are_no_text() {
        let mut s = RawState::default();
        let c = s.chunk(
            "<div>可见<script>var secret = 1;</script><style>.x{}</style><object>不可见</object>文字</div>",
            &beside,
        );
        assert_eq!(c.text, "可见文字\n");
        assert!(!s.hides_text());
    }

    #[test]
    fn an_inline_script_hides_the_text_up_to_its_end_tag() {
        let mut s = RawState::default();
        s.chunk("<script>", &beside);
        assert!(s.hides_text());
        s.chunk("<b>", &beside);
        assert!(s.hides_text());
        let c = s.chunk("</script>", &beside);
        assert!(!s.hides_text() && c.text.is_empty());
        s.chunk("<template>", &beside);
        assert!(s.hides_text());
        s.chunk("</template>", &beside);
        assert!(!s.hides_text());
    }

    #[test]
    fn line_breaks_in_html_text_follow_the_chinese_rule() {
        let mut s = RawState::default();
        let c = s.chunk(
            "<p>落下帷幕，\n4月2日 执法人员\n1114人次\nand more</p>",
            &beside,
        );
        assert_eq!(c.text, "落下帷幕，4月2日 执法人员1114人次and more\n");
        let c = s.chunk("<p>two\nwords</p>", &beside);
        assert_eq!(c.text, "two words\n");
    }
}
