//! Text rules of `bulletin check`: placeholder text left in (`20xx年xx月xx日`,
//! `信息xx篇`, `《xxxx》`) and unbalanced brackets and quotes (`(一持续推进`,
//! `《…(2021-2025年》`, `“…`), in an item's Markdown body ([`check_markdown`])
//! or in one line of plain text such as a title ([`check_plain`]); and the
//! forms of 文号 ([`doc_no_problem`]) and 索引号 ([`index_no_problem`]).
//!
//! A writer must see every real mistake, and nothing on correct text: where
//! the two pull apart, these rules choose silence.
//!
//! # Where the rules look
//! The body is parsed once, with the build's pulldown-cmark options, and its
//! text is gathered into *units*: a paragraph, a heading, a table cell, the
//! text of a tight list item (any block boundary ends a unit), or the text of
//! one block element of a raw HTML block. Brackets must balance within a
//! unit. Left out: code spans, fenced and indented code blocks, autolinks,
//! link and image destinations, raw HTML tags with their attributes,
//! comments, entities and the contents of `<code>`, `<pre>`, `<kbd>`,
//! `<samp>`, `<script>`, `<style>` and `<textarea>`; and bare URLs in text
//! (`http://`, `https://`, `ftp://`, `www.`), delimited the way GitHub's
//! autolinks are (a trailing `)` that the URL does not open stays text).
//! Findings carry file positions through the parser's source offsets.
//!
//! # Placeholders
//! An entry of `[check] placeholders` made of one repeated character (`xx`,
//! `XX`, `XXX`, `××`) matches a run of that character at least as long as
//! the entry (case-sensitive: `xx` and `XX` are separate entries; `xxxx` is
//! one occurrence of `xx`). A run of an ASCII letter counts only in context:
//! the Latin token around it (ASCII letters and digits, joined by `-` `.` `/`
//! `:`) must hold no other letter, no `_` or `@`, and no digit right after
//! the run (a run of a non-Latin character such as `××` always counts). So
//! `20xx`, `xx月`, `信息xx篇`, `《xxxx》`, `xx同志`, `XX公司`, `0825-xxxxxxx`
//! are findings; `KN95`, `xxl`, `Linux`, `box`, `taxx`, `xx12`, `a_xx`,
//! `xx@example.cn` and HTTP status classes (`4xx`) are not. A run inside a
//! date or time (`20xx年xx月xx日`, `2021年xx月`, `20xx-xx-xx`, `xx时xx分`) is
//! reported once for the whole date, at its first character ("日期“20xx年xx月
//! xx日”没有填写"); any other run once, at its first character, quoting a few
//! characters around it. Other entries (`TODO`, `待定`) match as written, and
//! one made of ASCII letters and digits only as a whole word (`TODO` but not
//! `TODOS`).
//!
//! # Brackets
//! Pairs: `（）` and `()` (which may pair with each other: `（2021-2025年)` is
//! accepted), `[]` and `［］`, `《》`, `〈〉`, `“”`, `‘’`, `【】`, `〖〗`, `「」`,
//! `『』`, `〔〕`. Straight quotes and `<` `>` (`1+1>2`) are not brackets. A
//! closer pairs with the nearest open bracket of its kind; openers above that
//! one were not closed in time and are reported (in `《…(2021-2025年》` the
//! `(`, "请在“》”之前补全括号"), openers never closed by the end of the unit
//! are reported where they are, and a closer with no opener where it is —
//! except a `)` or `）` ending a list marker (`1)`, `a)`, `ii)`, `一）`) at the
//! start of a unit, a line, or after whitespace or `：；。，、！？`, and a `’`
//! used as an apostrophe (`bureau’s`, or after a letter with no `‘` open).
//! Balanced markers such as `（一）` and `(1)` need no exception.
//!
//! # Known limits
//! A quotation running over several paragraphs, each opened with `“` and
//! only the last closed (a typesetting convention), is reported. Names
//! anonymised as `张××` and a legitimate `XXX` (as in a 转载 notice
//! "来源：XXX") are reported: a site that uses them takes the entry out of
//! `[check] placeholders`. A one-letter year placeholder (`202x年`) is not
//! caught while the shortest entry is `xx`.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// A finding in a piece of text. `line` and `col` are 1-based; `col` counts
/// characters (not bytes) from the start of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFinding {
    /// `"placeholder"` or `"unbalanced"`.
    pub rule: &'static str,
    pub line: usize,
    pub col: usize,
    /// Chinese, in a writer's words: what is wrong and what to do.
    pub message: String,
}

const PLACEHOLDER: &str = "placeholder";
const UNBALANCED: &str = "unbalanced";

/// Checks the Markdown body of an item. `first_line` is the 1-based line
/// number, in the file, of the body's first line (the body follows the front
/// matter), so findings carry file line numbers. Skips code spans, fenced and
/// indented code blocks, raw HTML tags' attributes, link destinations and
/// autolinks/bare URLs. Brackets are matched per paragraph (also per list
/// item, table cell, heading); an unmatched opener is reported where it is,
/// an unmatched closer where it is.
pub fn check_markdown(body: &str, first_line: usize, placeholders: &[String]) -> Vec<TextFinding> {
    let mut checker = Checker {
        body,
        scanner: Scanner::new(placeholders),
        unit: Unit::default(),
        found: Vec::new(),
        code_block: false,
        autolink: false,
        inline_raw: None,
        html: HtmlState::default(),
    };
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        checker.event(event, range);
    }
    checker.flush();
    locate(body, first_line, checker.found)
}

/// The same rules on one line of plain text (a title, a summary, a
/// front-matter value): findings with line 1 and the character column within
/// `text` (should `text` hold line breaks, lines count from 1 at its start).
pub fn check_plain(text: &str, placeholders: &[String]) -> Vec<TextFinding> {
    let mut scanner = Scanner::new(placeholders);
    scanner.scan(text);
    locate(text, 1, scanner.hits)
}

/// 文号 check: None when fine (or empty), else a message saying what to do.
/// A 4-digit year (19xx, 20xx) standing in brackets other than the 六角括号
/// 〔〕 (`[2017]`, `［2017］`, `(2017)`, `（2017）`, `【2017】`, `〖2017〗`,
/// `﹝2017﹞`, `{2017}`, `<2017>`, `〈2017〉`, `「2017」`), or in 〔〕 on one
/// side only, is a problem; the message shows the 文号 corrected. A year in
/// no bracket at all (`2017年`) is left alone.
pub fn doc_no_problem(doc_no: &str) -> Option<String> {
    let chars: Vec<char> = doc_no.trim().chars().collect();
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    let mut fixed = String::new();
    let mut wrong = false;
    let mut k = 0;
    while k < chars.len() {
        let year = (k..k + 4).all(digit)
            && !digit(k + 4)
            && (k == 0 || !digit(k - 1))
            && matches!((chars[k], chars[k + 1]), ('1', '9') | ('2', '0'));
        if year {
            let before = k.checked_sub(1).map(|p| chars[p]);
            let after = chars.get(k + 4).copied();
            let (open_wrong, close_wrong) = (
                before.is_some_and(is_year_open),
                after.is_some_and(is_year_close),
            );
            let (opened, closed) = (before == Some('〔'), after == Some('〕'));
            if open_wrong || close_wrong || opened != closed {
                wrong = true;
                if open_wrong {
                    fixed.pop();
                }
                if !opened {
                    fixed.push('〔');
                }
                fixed.extend(&chars[k..k + 4]);
                fixed.push('〕');
                k += 4 + usize::from(close_wrong || closed);
                continue;
            }
        }
        fixed.push(chars[k]);
        k += 1;
    }
    wrong.then(|| format!("文号的年份应写在六角括号〔〕中，如“{fixed}”"))
}

fn is_year_open(c: char) -> bool {
    matches!(
        c,
        '[' | '［' | '(' | '（' | '【' | '〖' | '﹝' | '{' | '<' | '〈' | '「'
    )
}

fn is_year_close(c: char) -> bool {
    matches!(
        c,
        ']' | '］' | ')' | '）' | '】' | '〗' | '﹞' | '}' | '>' | '〉' | '」'
    )
}

/// 索引号 check against the site's 统一社会信用代码 (`credit_code`, may be
/// empty: then any valid 18-character code is accepted): the form is
/// `<18-char 统一社会信用代码>/<YYYY>-<NNNNN>` (5 digits). None when fine
/// (or empty), else a message naming the expected form with the site's code.
///
/// A valid code is 18 characters of the GB 32100 set (digits and capital
/// letters except I, O, S, V, Z); the check digit is not verified (the site's
/// own code, when given, must match exactly).
pub fn index_no_problem(index_no: &str, credit_code: &str) -> Option<String> {
    let s = index_no.trim();
    if s.is_empty() {
        return None;
    }
    let credit = credit_code.trim();
    let (code, rest) = s.split_once('/').unwrap_or((s, ""));
    let (year, seq) = rest.split_once('-').unwrap_or((rest, ""));
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    let form_ok = is_credit_code(code) && digits(year, 4) && digits(seq, 5);
    if form_ok && (credit.is_empty() || code == credit) {
        return None;
    }
    // The example: the site's code, the year and number the writer meant.
    let example_code = if !credit.is_empty() {
        credit
    } else if is_credit_code(code) {
        code
    } else {
        "统一社会信用代码"
    };
    let (ex_year, ex_seq) = intended_year_and_number(rest);
    let example = format!("{example_code}/{ex_year}-{ex_seq}");
    if form_ok {
        return Some(format!(
            "索引号中的统一社会信用代码“{code}”与网站设置的“{credit}”不一致，应为“{example}”"
        ));
    }
    Some(format!(
        "索引号应为“{example}”的形式：统一社会信用代码/年份-五位序号"
    ))
}

/// Whether `code` looks like a 统一社会信用代码: 18 characters from the
/// GB 32100-2015 character set.
fn is_credit_code(code: &str) -> bool {
    code.len() == 18
        && code
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() && !b"IOSVZ".contains(&b))
}

/// The year and the sequence number an ill-formed 索引号 tail seems to hold
/// (`2026-0018` → 2026, 00018), or stand-ins when it holds none.
fn intended_year_and_number(rest: &str) -> (String, String) {
    let mut groups = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty());
    let mut year = "2026".to_string();
    let mut seq = "00001".to_string();
    if let Some(y) = groups.next() {
        if y.len() == 4 {
            year = y.to_string();
            if let Some(n) = groups.next().filter(|n| n.len() <= 5) {
                seq = format!("{n:0>5}");
            }
        }
    }
    (year, seq)
}

// ---------------------------------------------------------------------------
// Markdown: events → units of text.

/// The options the build parses Markdown with (`markdown::parser_options`),
/// so that the check sees the same paragraphs, tables and links.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The text of one unit (paragraph, heading, cell, …) and where each piece
/// of it is in the source.
#[derive(Default)]
struct Unit {
    text: String,
    segments: Vec<Segment>,
}

/// `text[at..]` up to the next segment comes from `source[src..]`: byte for
/// byte when `exact`, else (an entity, a separator) all from `src`.
struct Segment {
    at: usize,
    src: usize,
    exact: bool,
}

impl Unit {
    /// Appends `s`, which is `source[src..src + s.len()]`.
    fn push_exact(&mut self, s: &str, src: usize) {
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
    fn push_at(&mut self, s: &str, src: usize) {
        self.segments.push(Segment {
            at: self.text.len(),
            src,
            exact: false,
        });
        self.text.push_str(s);
    }

    /// The source offset of `text[pos]`.
    fn source_of(&self, pos: usize) -> usize {
        let k = self.segments.partition_point(|g| g.at <= pos);
        match k.checked_sub(1).map(|k| &self.segments[k]) {
            Some(g) if g.exact => g.src + (pos - g.at),
            Some(g) => g.src,
            None => 0,
        }
    }

    fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
    }
}

struct Checker<'a> {
    body: &'a str,
    scanner: Scanner<'a>,
    unit: Unit,
    /// Findings so far, at source byte offsets.
    found: Vec<Hit>,
    code_block: bool,
    /// Inside an autolink (`<https://…>`, `<a@b.cn>`), whose text is a URL.
    autolink: bool,
    /// Inside inline `<code>` (and the like): the closing tag that ends it.
    inline_raw: Option<&'static str>,
    html: HtmlState,
}

impl Checker<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
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
    fn inline_html(&mut self, html: &str) {
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
    fn html_block(&mut self, html: &str, src: usize) {
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
    fn flush(&mut self) {
        self.inline_raw = None; // inline HTML does not reach past its block
        if self.unit.text.is_empty() {
            return;
        }
        self.scanner.scan(&self.unit.text);
        for mut hit in self.scanner.hits.drain(..) {
            hit.pos = self.unit.source_of(hit.pos);
            self.found.push(hit);
        }
        self.unit.clear();
    }
}

#[derive(Default)]
struct HtmlState {
    mode: HtmlMode,
    /// The closing tag that ends the raw element whose start tag is being read.
    pending_raw: Option<&'static str>,
}

#[derive(Default, Clone, Copy)]
enum HtmlMode {
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
fn raw_element(tag: &str) -> Option<&'static str> {
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

fn is_block_element(name: &str) -> bool {
    const BLOCK: &str = "p div td th tr li ul ol dl dt dd table thead tbody caption \
                         h1 h2 h3 h4 h5 h6 blockquote section";
    BLOCK.split(' ').any(|b| b.eq_ignore_ascii_case(name))
}

/// The length of the character reference (`&amp;`, `&#12288;`, `&#x3000;`)
/// at the start of `s`, or 0.
fn entity_len(s: &str) -> usize {
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

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

// ---------------------------------------------------------------------------
// Scanning one unit of text.

/// A finding at a byte offset (in the unit's text while scanning, in the
/// source afterwards).
struct Hit {
    pos: usize,
    rule: &'static str,
    message: String,
}

/// An open bracket waiting for its closer.
struct Open {
    class: Class,
    ch: char,
    pos: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Paren,
    Square,
    Title,
    Angle,
    DoubleQuote,
    SingleQuote,
    Lenticular,
    WhiteLenticular,
    Corner,
    WhiteCorner,
    Tortoise,
}

/// The kind of bracket `c` is, and whether it opens.
fn bracket(c: char) -> Option<(Class, bool)> {
    use Class::*;
    Some(match c {
        '(' | '（' => (Paren, true),
        ')' | '）' => (Paren, false),
        '[' | '［' => (Square, true),
        ']' | '］' => (Square, false),
        '《' => (Title, true),
        '》' => (Title, false),
        '〈' => (Angle, true),
        '〉' => (Angle, false),
        '“' => (DoubleQuote, true),
        '”' => (DoubleQuote, false),
        '‘' => (SingleQuote, true),
        '’' => (SingleQuote, false),
        '【' => (Lenticular, true),
        '】' => (Lenticular, false),
        '〖' => (WhiteLenticular, true),
        '〗' => (WhiteLenticular, false),
        '「' => (Corner, true),
        '」' => (Corner, false),
        '『' => (WhiteCorner, true),
        '』' => (WhiteCorner, false),
        '〔' => (Tortoise, true),
        '〕' => (Tortoise, false),
        _ => return None,
    })
}

/// The other half of a bracket pair.
fn partner(c: char) -> char {
    const PAIRS: [(char, char); 13] = [
        ('(', ')'),
        ('（', '）'),
        ('[', ']'),
        ('［', '］'),
        ('《', '》'),
        ('〈', '〉'),
        ('“', '”'),
        ('‘', '’'),
        ('【', '】'),
        ('〖', '〗'),
        ('「', '」'),
        ('『', '』'),
        ('〔', '〕'),
    ];
    PAIRS
        .iter()
        .find_map(|&(open, close)| match c {
            _ if c == open => Some(close),
            _ if c == close => Some(open),
            _ => None,
        })
        .unwrap_or(c)
}

/// A bracket as a message shows it: `“（”`; quotes by name, in corner
/// brackets so they stand out from the message's own quotes.
fn show(c: char) -> String {
    match c {
        '“' => "左引号「“」".into(),
        '”' => "右引号「”」".into(),
        '‘' => "左单引号「‘」".into(),
        '’' => "右单引号「’」".into(),
        c => format!("“{c}”"),
    }
}

fn kind_name(c: char) -> &'static str {
    match bracket(c).map(|(class, _)| class) {
        Some(Class::Title) => "书名号",
        Some(Class::DoubleQuote | Class::SingleQuote) => "引号",
        _ => "括号",
    }
}

/// The message for an opener never closed; `outer` is the closer of an
/// enclosing pair that came first, if that is how it was found.
fn open_message(c: char, outer: Option<char>) -> String {
    let place = outer.map_or(String::new(), |o| format!("在{}之前", show(o)));
    format!(
        "{}没有对应的{}，请{place}补全{}",
        show(c),
        show(partner(c)),
        kind_name(c)
    )
}

fn close_message(c: char) -> String {
    format!(
        "{}没有对应的{}，请补全或删去多余的{}",
        show(c),
        show(partner(c)),
        kind_name(c)
    )
}

/// The placeholders of `[check] placeholders`, sorted into runs of one
/// character and other words.
struct Placeholders<'a> {
    /// A character and the shortest run of it that counts.
    runs: Vec<(char, usize)>,
    words: Vec<&'a str>,
}

impl<'a> Placeholders<'a> {
    fn new(list: &'a [String]) -> Self {
        let mut runs: Vec<(char, usize)> = Vec::new();
        let mut words = Vec::new();
        for p in list {
            let p = p.as_str();
            let Some(first) = p.chars().next() else {
                continue;
            };
            if p.trim().is_empty() {
                continue;
            }
            if p.chars().all(|c| c == first) {
                let n = p.chars().count();
                match runs.iter_mut().find(|(c, _)| *c == first) {
                    Some(run) => run.1 = run.1.min(n),
                    None => runs.push((first, n)),
                }
            } else if !words.contains(&p) {
                words.push(p);
            }
        }
        Placeholders { runs, words }
    }

    fn shortest_run(&self, c: char) -> Option<usize> {
        self.runs.iter().find(|(r, _)| *r == c).map(|&(_, n)| n)
    }

    fn is_run_char(&self, c: char) -> bool {
        self.runs.iter().any(|(r, _)| *r == c)
    }
}

/// What the placeholder rule did at a position.
enum Step {
    /// No placeholder starts there.
    Nothing,
    /// Text to pass over (a run that is no placeholder, or one reported).
    Past(usize),
}

struct Scanner<'a> {
    placeholders: Placeholders<'a>,
    /// The bytes a character worth looking at (a bracket, a placeholder, a
    /// URL) can start with: text is mostly ideographs, passed over without
    /// decoding.
    interesting: [bool; 256],
    stack: Vec<Open>,
    hits: Vec<Hit>,
}

impl<'a> Scanner<'a> {
    fn new(placeholders: &'a [String]) -> Self {
        let placeholders = Placeholders::new(placeholders);
        let mut interesting = [false; 256];
        let mut mark = |c: char| {
            let mut buf = [0; 4];
            interesting[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])] = true;
        };
        "()（）[]［］《》〈〉“”‘’【】〖〗「」『』〔〕hHfFwW"
            .chars()
            .for_each(&mut mark);
        placeholders.runs.iter().for_each(|&(c, _)| mark(c));
        placeholders
            .words
            .iter()
            .filter_map(|w| w.chars().next())
            .for_each(&mut mark);
        Scanner {
            placeholders,
            interesting,
            stack: Vec::new(),
            hits: Vec::new(),
        }
    }

    /// Checks one unit of text, adding to `self.hits` at offsets in `text`.
    fn scan(&mut self, text: &str) {
        self.stack.clear();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Continuation bytes are never interesting, so this stops at a
            // character boundary.
            match bytes[i..]
                .iter()
                .position(|&b| self.interesting[usize::from(b)])
            {
                Some(n) => i += n,
                None => break,
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let prev = text[..i].chars().next_back();
            if matches!(c, 'h' | 'H' | 'f' | 'F' | 'w' | 'W')
                && !prev.is_some_and(|p| p.is_ascii_alphanumeric())
            {
                if let Some(end) = url_end(text, i) {
                    i = end;
                    continue;
                }
            }
            if let Step::Past(end) = self.placeholder(text, i, c) {
                i = end;
                continue;
            }
            if let Some((class, opens)) = bracket(c) {
                if opens {
                    self.stack.push(Open {
                        class,
                        ch: c,
                        pos: i,
                    });
                } else {
                    self.close(text, i, c, class, prev);
                }
            }
            i += c.len_utf8();
        }
        for open in &self.stack {
            self.hits.push(Hit {
                pos: open.pos,
                rule: UNBALANCED,
                message: open_message(open.ch, None),
            });
        }
        self.stack.clear();
    }

    fn close(&mut self, text: &str, i: usize, c: char, class: Class, prev: Option<char>) {
        if c == '’' && prev.is_some_and(|p| p.is_ascii_alphabetic()) {
            let next = text[i + c.len_utf8()..].chars().next();
            if next.is_some_and(|n| n.is_ascii_alphabetic())
                || !self.stack.iter().any(|o| o.class == Class::SingleQuote)
            {
                return; // an apostrophe: bureau’s, the bureaus’ staff
            }
        }
        if let Some(k) = self.stack.iter().rposition(|o| o.class == class) {
            for open in &self.stack[k + 1..] {
                self.hits.push(Hit {
                    pos: open.pos,
                    rule: UNBALANCED,
                    message: open_message(open.ch, Some(c)),
                });
            }
            self.stack.truncate(k);
            return;
        }
        if class == Class::Paren && ends_with_list_marker(&text[..i]) {
            return;
        }
        self.hits.push(Hit {
            pos: i,
            rule: UNBALANCED,
            message: close_message(c),
        });
    }

    /// The placeholder rule at `text[i]` (which is `c`).
    fn placeholder(&mut self, text: &str, i: usize, c: char) -> Step {
        if let Some(shortest) = self.placeholders.shortest_run(c) {
            let run_end = text[i..].find(|r| r != c).map_or(text.len(), |n| i + n);
            if (run_end - i) / c.len_utf8() < shortest
                || c.is_ascii() && !run_in_context(text, i, run_end, c)
            {
                return Step::Past(run_end);
            }
            let phrase = self.date_phrase(text, i, run_end);
            let phrase_text = &text[phrase.clone()];
            if let Some(kind) = date_kind(phrase_text) {
                self.hits.push(Hit {
                    pos: phrase.start,
                    rule: PLACEHOLDER,
                    message: format!("{kind}“{phrase_text}”没有填写，请填入实际{kind}"),
                });
                return Step::Past(phrase.end.max(run_end));
            }
            self.hits.push(Hit {
                pos: i,
                rule: PLACEHOLDER,
                message: placeholder_message(text, i, run_end),
            });
            return Step::Past(run_end);
        }
        for &word in &self.placeholders.words {
            if !text[i..].starts_with(word) {
                continue;
            }
            let end = i + word.len();
            if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
                let before = text[..i].chars().next_back();
                let after = text[end..].chars().next();
                if before.is_some_and(|b| b.is_ascii_alphanumeric())
                    || after.is_some_and(|a| a.is_ascii_alphanumeric())
                {
                    continue;
                }
            }
            self.hits.push(Hit {
                pos: i,
                rule: PLACEHOLDER,
                message: placeholder_message(text, i, end),
            });
            return Step::Past(end);
        }
        Step::Nothing
    }

    /// The date or time around the placeholder run `text[start..end]`:
    /// digits, placeholder runs and 年月日时分秒 - / . : next to it.
    fn date_phrase(&self, text: &str, start: usize, end: usize) -> Range<usize> {
        let in_date = |c: char| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    '年' | '月' | '日' | '时' | '分' | '秒' | '-' | '/' | '.' | ':'
                )
                || self.placeholders.is_run_char(c)
        };
        let starts = |c: char| c.is_ascii_digit() || self.placeholders.is_run_char(c);
        let ends = |c: char| !matches!(c, '-' | '/' | '.' | ':');
        let mut from = start;
        for (k, c) in text[..start].char_indices().rev() {
            if !in_date(c) {
                break;
            }
            if starts(c) {
                from = k;
            }
        }
        let mut to = end;
        for (k, c) in text[end..].char_indices() {
            if !in_date(c) {
                break;
            }
            if ends(c) {
                to = end + k + c.len_utf8();
            }
        }
        from..to
    }
}

/// "日期" or "时间" when `phrase` (a placeholder with what surrounds it) is one.
fn date_kind(phrase: &str) -> Option<&'static str> {
    if phrase.contains(['年', '月', '日']) {
        Some("日期")
    } else if phrase.contains(['时', '分', '秒', ':']) {
        Some("时间")
    } else if phrase.matches(['-', '/']).count() >= 2 {
        Some("日期")
    } else {
        None
    }
}

/// Whether the run `text[start..end]` of the placeholder character `c`
/// stands alone (or with digits: `20xx`) rather than inside a Latin word or
/// a model number (`KN95`, `Linux`, `xxl`, `a_xx`, `4xx`).
fn run_in_context(text: &str, start: usize, end: usize, c: char) -> bool {
    if text[end..].starts_with(|a: char| a.is_ascii_digit()) {
        return false;
    }
    let after = token_side(text[end..].chars(), c);
    let before = token_side(text[..start].chars().rev(), c);
    if !after.plain || !before.plain {
        return false;
    }
    // HTTP status classes: 1xx … 5xx.
    let http_class = (end - start) == 2
        && c.is_ascii_alphabetic()
        && after.len == 0
        && before.len == 1
        && before.first.is_some_and(|d| ('1'..='5').contains(&d));
    !http_class
}

/// The Latin token on one side of a placeholder run.
struct TokenSide {
    /// Holds only digits, the placeholder character and joiners.
    plain: bool,
    /// Characters in it.
    len: usize,
    /// The one next to the run.
    first: Option<char>,
}

fn token_side(mut chars: impl Iterator<Item = char> + Clone, c: char) -> TokenSide {
    let in_token = |t: char| t.is_ascii_alphanumeric() || t == '_' || t == '@' || t == c;
    let mut side = TokenSide {
        plain: true,
        len: 0,
        first: None,
    };
    while let Some(t) = chars.clone().next() {
        if in_token(t) {
            chars.next();
        } else if matches!(t, '-' | '.' | '/' | ':') {
            let mut ahead = chars.clone();
            ahead.next();
            if !ahead.next().is_some_and(in_token) {
                break;
            }
            chars.next();
        } else {
            break;
        }
        side.len += 1;
        side.first.get_or_insert(t);
        if t != c && (t.is_ascii_alphabetic() || t == '_' || t == '@') {
            side.plain = false;
        }
    }
    side
}

/// "“xx”像是没有填写的占位文字", quoting up to two letters or ideographs
/// on each side when there are any (`“信息xx篇”中的“xx”…`).
fn placeholder_message(text: &str, start: usize, end: usize) -> String {
    let mut from = start;
    for (n, (k, ch)) in text[..start].char_indices().rev().enumerate() {
        if n == 2 || !ch.is_alphanumeric() {
            break;
        }
        from = k;
    }
    let mut to = end;
    for (n, (k, ch)) in text[end..].char_indices().enumerate() {
        if n == 2 || !ch.is_alphanumeric() {
            break;
        }
        to = end + k + ch.len_utf8();
    }
    let placeholder = &text[start..end];
    if (from, to) == (start, end) {
        format!("“{placeholder}”像是没有填写的占位文字，请填入实际内容")
    } else {
        format!(
            "“{}”中的“{placeholder}”像是没有填写的占位文字，请填入实际内容",
            &text[from..to]
        )
    }
}

/// The end of the bare URL starting at `text[i]`, if one does.
fn url_end(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let rest = &b[i..];
    let prefix = ["https://", "http://", "ftp://", "www."]
        .iter()
        .find(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()))?;
    let body = i + prefix.len();
    let mut end = body;
    while end < b.len() && b[end].is_ascii_graphic() && !matches!(b[end], b'<' | b'>' | b'"') {
        end += 1;
    }
    // Trailing punctuation belongs to the sentence, and so does a closing
    // bracket the URL did not open (as GitHub delimits autolinks).
    while end > body {
        let url = &b[i..end];
        let count = |x: u8| url.iter().filter(|&&c| c == x).count();
        let drop = match b[end - 1] {
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'' | b'*' | b'_' | b'~' => true,
            b')' => count(b')') > count(b'('),
            b']' => count(b']') > count(b'['),
            _ => false,
        };
        if !drop {
            break;
        }
        end -= 1;
    }
    (end > body).then_some(end)
}

/// Whether `before` (the text before a `)` or `）` that closes nothing) ends
/// with a list marker's number: `1`, `a`, `iv`, `一` at the start of the text,
/// of a line, or after whitespace or `：；。，、！？:;,`.
fn ends_with_list_marker(before: &str) -> bool {
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let roman = |c: char| "ivxIVX".contains(c);
    let (mut n, mut digits, mut chinese, mut romans, mut letters) = (0, 0, 0, 0, 0);
    let mut boundary = None;
    for c in before.chars().rev() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if cn(c) {
            chinese += 1;
        } else if roman(c) {
            romans += 1;
        } else if c.is_ascii_alphabetic() {
            letters += 1;
        } else {
            boundary = Some(c);
            break;
        }
        n += 1;
        if n > 4 {
            return false;
        }
    }
    // Up to three digits or Chinese numerals, up to four Roman numerals
    // (`n` is at most 4 here), or one letter.
    let marker = match n {
        0 => false,
        1..=3 => digits == n || chinese == n || romans == n || n == 1 && letters == 1,
        _ => romans == n,
    };
    marker && boundary.is_none_or(|b| b.is_whitespace() || "：；。，、！？:;,".contains(b))
}

/// Turns findings at byte offsets of `source` into lines and columns, in
/// source order, in one pass over the source.
fn locate(source: &str, first_line: usize, mut hits: Vec<Hit>) -> Vec<TextFinding> {
    hits.sort_by_key(|h| h.pos);
    // At byte `at`: its line, and the characters before it on that line.
    let (mut at, mut line, mut col) = (0, first_line, 0);
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let pos = hit.pos.min(source.len());
        for c in source[at..pos].chars() {
            if c == '\n' {
                line += 1;
                col = 0;
            } else {
                col += 1;
            }
        }
        at = pos;
        out.push(TextFinding {
            rule: hit.rule,
            line,
            col: col + 1,
            message: hit.message,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real bureau text, correct: must give no finding at all.
    const CORRECT: &str = include_str!("../../tests/fixtures/check-text/correct.md");
    /// The seeds' published mistakes (their paragraphs as published) and a
    /// few more, one or two in each kind of block.
    const MISTAKES: &str = include_str!("../../tests/fixtures/check-text/mistakes.md");

    fn defaults() -> Vec<String> {
        ["xx", "XX", "××", "XXX", "TODO"].map(String::from).to_vec()
    }

    fn md(body: &str) -> Vec<TextFinding> {
        check_markdown(body, 1, &defaults())
    }

    fn plain(text: &str) -> Vec<TextFinding> {
        check_plain(text, &defaults())
    }

    /// (rule, line, col) of each finding.
    fn places(findings: &[TextFinding]) -> Vec<(&'static str, usize, usize)> {
        findings.iter().map(|f| (f.rule, f.line, f.col)).collect()
    }

    /// The character a finding points at.
    fn char_at(source: &str, first_line: usize, f: &TextFinding) -> char {
        let line = source.split('\n').nth(f.line - first_line).unwrap();
        line.chars().nth(f.col - 1).unwrap()
    }

    #[test]
    fn correct_bureau_text_gives_no_finding() {
        assert!(CORRECT.lines().count() >= 40);
        assert_eq!(check_markdown(CORRECT, 7, &defaults()), vec![]);
        // Also line by line as plain text, where the line is plain prose
        // (no Markdown syntax, not in a code block).
        let mut fenced = false;
        for line in CORRECT.lines() {
            fenced ^= line.starts_with("```");
            let prose =
                !fenced && !line.contains(['`', '|', '<', '[', '!']) && !line.starts_with("    ");
            if prose {
                assert_eq!(plain(line), vec![], "{line}");
            }
        }
    }

    #[test]
    fn seed_mistakes_found_where_they_are() {
        // The body starts on line 5 of its file, after the front matter.
        let found = check_markdown(MISTAKES, 5, &defaults());
        let expected: &[(&str, usize, usize, char, &str)] = &[
            (PLACEHOLDER, 7, 110, '2', "日期“20xx年xx月xx日”没有填写"),
            (PLACEHOLDER, 7, 154, 'x', "“局等xx部门”中的“xx”"),
            (PLACEHOLDER, 7, 194, 'x', "“xx省市”中的“xx”"),
            (PLACEHOLDER, 7, 205, 'x', "“局等xx部门”中的“xx”"),
            (PLACEHOLDER, 9, 192, 'x', "“xxxx简报”中的“xxxx”"),
            (PLACEHOLDER, 9, 210, 'x', "“信息xx篇”中的“xx”"),
            (PLACEHOLDER, 9, 217, 'x', "“xxxx强化”中的“xxxx”"),
            (PLACEHOLDER, 9, 234, 'x', "“报第xx期”中的“xx”"),
            (PLACEHOLDER, 9, 242, 'x', "“xxxx开展”中的“xxxx”"),
            (PLACEHOLDER, 9, 269, 'x', "“报第xx期”中的“xx”"),
            (
                PLACEHOLDER,
                9,
                277,
                'x',
                "“xxxx”像是没有填写的占位文字，请填入实际内容",
            ),
            (PLACEHOLDER, 9, 286, 'x', "“报第xx期”中的“xx”"),
            (PLACEHOLDER, 9, 294, 'x', "“xxxx”像是没有填写的占位文字"),
            (PLACEHOLDER, 9, 303, 'x', "“报第xx期”中的“xx”"),
            (PLACEHOLDER, 9, 318, 'x', "“动与xx”中的“xx”"),
            (UNBALANCED, 11, 1, '(', "“(”没有对应的“)”，请补全括号"),
            (UNBALANCED, 13, 1, '(', "“(”没有对应的“)”，请补全括号"),
            (
                UNBALANCED,
                15,
                112,
                '(',
                "“(”没有对应的“)”，请在“》”之前补全括号",
            ),
            (
                UNBALANCED,
                17,
                29,
                '“',
                "左引号「“」没有对应的右引号「”」，请补全引号",
            ),
            (UNBALANCED, 21, 3, '（', "“（”没有对应的“）”"),
            (PLACEHOLDER, 21, 10, 'X', "“抽检XX批次”中的“XX”"),
            (PLACEHOLDER, 23, 9, '×', "“主体××户次”中的“××”"),
            (UNBALANCED, 24, 11, '（', "“（”没有对应的“）”"),
            (UNBALANCED, 26, 5, '“', "左引号「“」没有对应的右引号「”」"),
            (
                PLACEHOLDER,
                28,
                8,
                '2',
                "日期“20××年××月××日”没有填写，请填入实际日期",
            ),
            (
                UNBALANCED,
                28,
                22,
                '】',
                "“】”没有对应的“【”，请补全或删去多余的括号",
            ),
            (UNBALANCED, 30, 7, '（', "“（”没有对应的“）”"),
            (UNBALANCED, 30, 25, '《', "“《”没有对应的“》”，请补全书名号"),
            (PLACEHOLDER, 32, 1, 'T', "“TODO”像是没有填写的占位文字"),
        ];
        for (f, e) in found.iter().zip(expected) {
            assert_eq!((f.rule, f.line, f.col), (e.0, e.1, e.2), "{f:?}");
            assert_eq!(char_at(MISTAKES, 5, f), e.3, "{f:?}");
            assert!(f.message.contains(e.4), "{f:?}");
        }
        assert_eq!(found.len(), expected.len(), "{found:#?}");
    }

    #[test]
    fn the_issues_examples() {
        let f = plain("并认真组织相关人员参加20xx年xx月xx日下午召开的电视电话会议");
        assert_eq!(places(&f), [(PLACEHOLDER, 1, 12)]);
        assert_eq!(f[0].message, "日期“20xx年xx月xx日”没有填写，请填入实际日期");
        let f = plain("刊发我局专项行动信息xx篇");
        assert_eq!(places(&f), [(PLACEHOLDER, 1, 11)]);
        assert_eq!(
            f[0].message,
            "“信息xx篇”中的“xx”像是没有填写的占位文字，请填入实际内容"
        );
        assert_eq!(
            places(&plain("3.《xxxx》(简报第xx期)")),
            [(PLACEHOLDER, 1, 4), (PLACEHOLDER, 1, 13)]
        );
        let f = plain("(一持续推进“放管服”改革");
        assert_eq!(places(&f), [(UNBALANCED, 1, 1)]);
        assert_eq!(f[0].message, "“(”没有对应的“)”，请补全括号");
        let f = plain("《广安市广安区法治政府建设实施方案(2021-2025年》的要求");
        assert_eq!(places(&f), [(UNBALANCED, 1, 18)]);
        assert_eq!(f[0].message, "“(”没有对应的“)”，请在“》”之前补全括号");
        let f = plain("守好农贸市场疫情防控“安全大门。");
        assert_eq!(places(&f), [(UNBALANCED, 1, 11)]);
    }

    #[test]
    fn placeholders_count_only_in_context() {
        let cases: &[(&str, usize)] = &[
            ("20xx年", 1),
            ("xx月", 1),
            ("信息xx篇", 1),
            ("《xxxx》", 1),
            ("xx同志", 1),
            ("xx市场监管所", 1),
            ("XX公司", 1),
            ("XXX同志", 1),
            ("××市", 1),
            ("KN××型", 1),
            ("20××年度", 1),
            ("电话：0825-xxxxxxx", 1),
            ("20xx-xx-xx", 1),
            ("xx时xx分", 1),
            ("第 xx 期", 1),
            ("TODO：补充案例", 1),
            ("待补充 TODO", 1),
            ("KN95口罩", 0),
            ("xxl码", 0),
            ("Linux box", 0),
            ("taxx", 0),
            ("Foxx", 0),
            ("xxgk栏目", 0),
            ("XXL号", 0),
            ("第XXI届", 0),
            ("HTTP 4xx 错误", 0),
            ("xx12", 0),
            ("a_xx", 0),
            ("xx@example.cn", 0),
            ("xx.docx", 0),
            ("0x1F", 0),
            ("3×4米", 0),
            ("1920×1080", 0),
            ("TODOS", 0),
            ("x光", 0),
            ("详见 https://www.example.gov.cn/xxgk/xx/2021 公告", 0),
            ("登录 www.xx.gov.cn 查询", 0),
        ];
        for &(text, n) in cases {
            assert_eq!(plain(text).len(), n, "{text}: {:?}", plain(text));
        }
    }

    #[test]
    fn a_date_is_one_finding_at_its_start() {
        let f = plain("定于2021年xx月xx日召开");
        assert_eq!(places(&f), [(PLACEHOLDER, 1, 3)]);
        assert_eq!(f[0].message, "日期“2021年xx月xx日”没有填写，请填入实际日期");
        let f = plain("截至20xx-xx-xx。");
        assert_eq!(places(&f), [(PLACEHOLDER, 1, 3)]);
        assert!(f[0].message.contains("“20xx-xx-xx”"), "{}", f[0].message);
        let f = plain("会议于xx时xx分开始");
        assert_eq!(f[0].message, "时间“xx时xx分”没有填写，请填入实际时间");
    }

    #[test]
    fn placeholders_come_from_the_configuration() {
        let list = ["待定", "某某", "XXX"].map(String::from).to_vec();
        assert_eq!(check_plain("时间待定", &list).len(), 1);
        assert_eq!(check_plain("某某公司", &list).len(), 1);
        // "xx" is not listed, and "XXX" asks for three.
        assert_eq!(check_plain("信息xx篇，XX公司", &list), vec![]);
        assert_eq!(check_plain("XXX公司", &list).len(), 1);
        assert_eq!(check_plain("xx", &[]), vec![]);
        assert_eq!(check_plain("xx", &[String::new(), " ".into()]), vec![]);
    }

    #[test]
    fn list_markers_and_other_correct_brackets() {
        for text in [
            "1) 建立台账",
            "a) 防疫物资",
            "一）开展审查",
            "ii) 第二项",
            "A）第一项",
            "主要做法有：1）建立台账；2）分类处置；3）跟踪回访。",
            "（一）疫情防控防线严密筑牢。",
            "(1) 严格落实",
            "《汕尾市重点产品质量提升工作方案（2019-2020年)》",
            "主要做法：\n1）建立台账\n2）分类处置",
            "《中华人民共和国食品安全法》（2021年修正）",
            "形成“1+1>2”的合力",
            "The bureau’s staff read the bureaus’ reports.",
            "‘三查三看’工作法",
            "【专题】「基层经验」『引文』〔2021〕〖要闻〗〈附〉［注］",
            "《关于印发〈政府网站发展指引〉的通知》",
            "他说：“要坚持‘四个最严’要求。”",
            "（详见https://www.example.gov.cn/a_(b).html）",
            "(见 https://www.example.gov.cn/xxgk)",
        ] {
            assert_eq!(plain(text), vec![], "{text}");
            assert_eq!(md(text), vec![], "{text}");
        }
    }

    #[test]
    fn unbalanced_brackets_are_reported_where_they_are() {
        let f = plain("扎实推进工作）。");
        assert_eq!(places(&f), [(UNBALANCED, 1, 7)]);
        assert_eq!(f[0].message, "“）”没有对应的“（”，请补全或删去多余的括号");
        assert_eq!(
            places(&plain("（1）建立台账（2分类处置")),
            [(UNBALANCED, 1, 8)]
        );
        assert_eq!(places(&plain("第2）项")), [(UNBALANCED, 1, 3)]);
        assert_eq!(places(&plain("：a1）")), [(UNBALANCED, 1, 4)]);
        assert_eq!(
            places(&plain("“文字“")),
            [(UNBALANCED, 1, 1), (UNBALANCED, 1, 4)]
        );
        let f = plain("”文字");
        assert_eq!(
            f[0].message,
            "右引号「”」没有对应的左引号「“」，请补全或删去多余的引号"
        );
        // Crossed pairs: the inner opener is reported at the outer closer,
        // then the inner closer has nothing left to close.
        assert_eq!(
            places(&plain("《标题（2021》）")),
            [(UNBALANCED, 1, 4), (UNBALANCED, 1, 10)]
        );
        assert_eq!(
            places(&plain("国办发[2017)")),
            [(UNBALANCED, 1, 4), (UNBALANCED, 1, 9)]
        );
    }

    #[test]
    fn brackets_balance_per_paragraph_item_cell_and_heading() {
        assert_eq!(
            places(&md("（一\n\n完）")),
            [(UNBALANCED, 1, 1), (UNBALANCED, 3, 2)]
        );
        assert_eq!(places(&md("（详见\n附件）")), []);
        assert_eq!(
            places(&md("- （一\n- 完）")),
            [(UNBALANCED, 1, 3), (UNBALANCED, 2, 4)]
        );
        assert_eq!(
            places(&md("| a | b |\n|---|---|\n| （一 | 完） |")),
            [(UNBALANCED, 3, 3), (UNBALANCED, 3, 9)]
        );
        assert_eq!(
            places(&md("## （一\n\n完）")),
            [(UNBALANCED, 1, 4), (UNBALANCED, 3, 2)]
        );
        assert_eq!(
            places(&md("> “引用\n>\n> 结束”")),
            [(UNBALANCED, 1, 3), (UNBALANCED, 3, 5)]
        );
    }

    #[test]
    fn code_urls_links_and_html_are_not_text() {
        for body in [
            "示例 `xx (` 不检查",
            "```\nif (a { xx }\n```",
            "~~~chart\ntitle: 20xx年（\n~~~",
            "正文\n\n    缩进代码 ( xx\n",
            "<https://www.example.gov.cn/xx/(>",
            "<xx@example.gov.cn>",
            "[通知](https://example.gov.cn/xx_(1) \"xx\")",
            "![图](images/xx(1).png)",
            "<span title=\"xx (\">正文</span>",
            "正文<code>xx (</code>正文",
            "<div class=\"x(\" data-a='xx'>\n<p>本文件（有效期5年）。</p>\n</div>",
            "<!-- xx（ -->",
            "<pre>\nxx (\n</pre>",
            "<p>（详见<br>附件）</p>",
            "<script>if (a) { b(\"xx\" }</script>",
            "访问https://www.example.gov.cn/xx（网站）。",
            "网址：http://www.example.gov.cn/xx/index.html，电话12315。",
        ] {
            assert_eq!(md(body), vec![], "{body}");
        }
        // Text between the tags of an HTML block is checked, per element.
        let body = "<table><tr><td>（一</td><td>xx篇</td></tr></table>";
        assert_eq!(
            places(&md(body)),
            [(UNBALANCED, 1, 16), (PLACEHOLDER, 1, 27)]
        );
        // Link and image text is text.
        assert_eq!(places(&md("见[《通知](a.md)")), [(UNBALANCED, 1, 3)]);
        assert_eq!(places(&md("![xx图](a.png)")), [(PLACEHOLDER, 1, 3)]);
        // An unclosed inline <code> does not hide the next paragraph.
        assert_eq!(places(&md("a <code> b\n\nxx篇")), [(PLACEHOLDER, 3, 1)]);
    }

    #[test]
    fn positions_are_file_lines_and_character_columns() {
        let body = "第一段。\n\n第二段，信息xx篇，（未闭合。\n";
        let f = check_markdown(body, 10, &defaults());
        assert_eq!(places(&f), [(PLACEHOLDER, 12, 7), (UNBALANCED, 12, 11)]);
        // CRLF line ends.
        let f = check_markdown("第一段。\r\n\r\n信息xx篇\r\n", 1, &defaults());
        assert_eq!(places(&f), [(PLACEHOLDER, 3, 3)]);
        // A backslash escape points at the bracket, an entity at itself.
        assert_eq!(places(&md("a\\(b")), [(UNBALANCED, 1, 3)]);
        assert_eq!(places(&md("&ldquo;引文")), [(UNBALANCED, 1, 1)]);
        // Plain text counts characters, not bytes.
        assert_eq!(places(&plain("《通知》（一")), [(UNBALANCED, 1, 5)]);
    }

    #[test]
    fn doc_no() {
        assert_eq!(
            doc_no_problem("国办发[2017]47号").as_deref(),
            Some("文号的年份应写在六角括号〔〕中，如“国办发〔2017〕47号”")
        );
        for ok in [
            "",
            "  ",
            "国办发〔2017〕47号",
            "川市监发〔2021〕12号",
            "国家市场监督管理总局令第12号",
            "GB/T 37668—2019",
        ] {
            assert_eq!(doc_no_problem(ok), None, "{ok}");
        }
        for (wrong, fixed) in [
            ("川府发（2017）3号", "川府发〔2017〕3号"),
            ("川府发(2017)3号", "川府发〔2017〕3号"),
            ("广安市监发【2023】5号", "广安市监发〔2023〕5号"),
            ("国办发［2017］47号", "国办发〔2017〕47号"),
            ("国办发〔2017]47号", "国办发〔2017〕47号"),
            ("国办发﹝2017﹞47号", "国办发〔2017〕47号"),
            ("国办发〔2017 47号", "国办发〔2017〕 47号"),
            ("国办发2017]47号", "国办发〔2017〕47号"),
            ("[2017]", "〔2017〕"),
        ] {
            let message = doc_no_problem(wrong).unwrap_or_default();
            assert!(
                message.contains(&format!("“{fixed}”")),
                "{wrong}: {message}"
            );
        }
    }

    #[test]
    fn index_no() {
        let code = "11510199MB1521086X";
        for ok in [
            "11510199MB1521086X/2026-00018",
            " 11510199MB1521086X/2021-00001 ",
            "",
        ] {
            assert_eq!(index_no_problem(ok, code), None, "{ok}");
        }
        assert_eq!(index_no_problem("91510100MA61R7XX1T/2024-00003", ""), None);
        assert_eq!(
            index_no_problem("11510199MB1521086X/2026-0018", code).as_deref(),
            Some("索引号应为“11510199MB1521086X/2026-00018”的形式：统一社会信用代码/年份-五位序号")
        );
        for wrong in [
            "11510199MB1521086X-2026-00018",
            "11510199MB1521086X/26-00018",
            "11510199MB1521086X/2026/00018",
            "11510199MB1521086X／2026－00018",
            "11510199mb1521086x/2026-00018",
            "2026-00018",
            "11510199MB1521086X/2026-000180",
        ] {
            let message = index_no_problem(wrong, code).unwrap_or_default();
            assert!(
                message.contains("“11510199MB1521086X/2026-"),
                "{wrong}: {message}"
            );
        }
        assert_eq!(
            index_no_problem("91510100MA61R7XX1T/2024-00003", code).as_deref(),
            Some(
                "索引号中的统一社会信用代码“91510100MA61R7XX1T”与网站设置的“11510199MB1521086X”不一致，应为“11510199MB1521086X/2024-00003”"
            )
        );
        // With no code configured, a malformed code gets the form in words.
        let message = index_no_problem("1151019/2026-00018", "").unwrap_or_default();
        assert!(
            message.contains("“统一社会信用代码/2026-00018”"),
            "{message}"
        );
        // I, O, S, V and Z are not in a credit code.
        assert!(index_no_problem("11510199MB152108OX/2026-00018", "").is_some());
    }

    #[test]
    fn long_bodies_stay_linear() {
        // 2,000 paragraphs with findings in each: locating them is one pass.
        let body = "信息xx篇（未闭合\n\n".repeat(2000);
        let f = md(&body);
        assert_eq!(f.len(), 4000);
        assert_eq!((f[3999].line, f[3999].col), (3999, 6));
    }
}
