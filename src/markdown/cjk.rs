//! Chinese text needs two things CommonMark does not give it.
//!
//! * Line joining: a line break inside a paragraph renders as a newline, which
//!   browsers show as a space; between two CJK characters that space is wrong
//!   (Chinese has no spaces between words), so such a break renders as nothing.
//! * Emphasis next to full-width punctuation: CommonMark's flanking rules
//!   leave `**一是高位推动。**区委…` literal, because the closing `**` follows
//!   `。` and precedes a letter. pulldown-cmark 0.13.6 follows those rules. Where it
//!   left such a delimiter behind, the paragraph's emphasis is worked out
//!   again with the flanking rules of the CJK-friendly amendment
//!   (<https://github.com/tats-u/markdown-cjk-friendly>), as comrak's
//!   `cjk_friendly_emphasis` and GitLab do. Paragraphs without such a leftover
//!   keep pulldown-cmark's events untouched.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

/// An event with its byte range in the source.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// East Asian wide or full-width (CJK ideographs, kana, hangul, full-width
/// punctuation such as `，。：`), as unicode-width measures it.
pub(crate) fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// CJK for the emphasis rules: wide characters other than emoji.
fn is_cjk(c: char) -> bool {
    is_wide(c) && !matches!(c, '\u{1F000}'..='\u{1FAFF}')
}

/// Unicode punctuation or symbol (CommonMark's "punctuation character"), for
/// the ranges that occur in practice: ASCII, Latin-1, general punctuation,
/// currency, arrows, maths, technical, shapes, dingbats, CJK and full-width
/// punctuation, and emoji.
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c,
        '\u{00A1}'..='\u{00BF}' | '\u{00D7}' | '\u{00F7}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'
        | '\u{20A0}'..='\u{20C0}'
        | '\u{2190}'..='\u{2BFF}'
        | '\u{2E00}'..='\u{2E7F}'
        | '\u{3001}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{3030}' | '\u{303D}'
        | '\u{30FB}'
        | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE6B}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}' | '\u{FFE0}'..='\u{FFEE}'
        | '\u{1F000}'..='\u{1FAFF}')
}

// ---------------------------------------------------------------- line joining

/// What to do about a soft line break once the text after it is known.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Break {
    /// Nothing pending.
    None,
    /// The break at this index of the output is between two CJK characters: drop it.
    Join(usize),
    /// The break stays (plain text gets a space for it).
    Keep,
}

/// Tracks the character before a soft break and decides when the next
/// character arrives, looking through emphasis and link boundaries
/// (`**强调**\n文字` joins too).
#[derive(Default)]
pub(crate) struct SoftBreaks {
    pending: Option<usize>,
    last: Option<char>,
}

impl SoftBreaks {
    /// A soft break was put at index `at` of the output events.
    pub(crate) fn soft_break(&mut self, at: usize) -> Break {
        let earlier = match self.pending.replace(at) {
            Some(_) => Break::Keep,
            None => Break::None,
        };
        if earlier == Break::Keep {
            // Two breaks in a row (only possible with odd input): the first stays.
            self.last = None;
        }
        earlier
    }

    /// Text (or inline code) is about to be output.
    pub(crate) fn text(&mut self, text: &str) -> Break {
        let Some(first) = text.chars().next() else {
            return Break::None;
        };
        let decision = match self.pending.take() {
            Some(at) if self.last.is_some_and(is_wide) && is_wide(first) => Break::Join(at),
            Some(_) => Break::Keep,
            None => Break::None,
        };
        self.last = text.chars().next_back();
        decision
    }

    /// Anything else that is not transparent (images, HTML, hard breaks, block
    /// boundaries): a pending break stays.
    pub(crate) fn other(&mut self) -> Break {
        self.last = None;
        match self.pending.take() {
            Some(_) => Break::Keep,
            None => Break::None,
        }
    }
}

// ---------------------------------------------------------------- emphasis

/// Re-resolves emphasis in the inline sequences (paragraph, heading, table
/// cell contents) where pulldown-cmark left a `*` or `_` delimiter next to a CJK
/// character. Everything else is left exactly as parsed.
pub(crate) fn fix_emphasis<'a>(source: &'a str, events: &mut Vec<Spanned<'a>>) {
    redo_emphasis(source, events, true, false);
}

/// With `force`, every inline sequence is redone (tests use this with `cjk`
/// off to check the matching against pulldown-cmark's).
fn redo_emphasis<'a>(source: &'a str, events: &mut Vec<Spanned<'a>>, cjk: bool, force: bool) {
    let mut sequences = Vec::new();
    let mut start = None;
    let mut needs_fix = false;
    let mut in_code = false;
    for (i, (event, range)) in events.iter().enumerate() {
        let inline = !in_code && is_inline(event);
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        if inline {
            if start.is_none() {
                start = Some(i);
                needs_fix = force;
            }
            if !needs_fix {
                needs_fix = match event {
                    Event::Text(text) => text_needs_fix(source, text, range),
                    Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => {
                        run_needs_fix(source, range.start)
                    }
                    Event::End(TagEnd::Emphasis) | Event::End(TagEnd::Strong) => {
                        run_needs_fix(source, range.end.saturating_sub(1))
                    }
                    _ => false,
                };
            }
        } else if let Some(s) = start.take() {
            if needs_fix {
                sequences.push(s..i);
            }
        }
    }
    if let Some(s) = start {
        if needs_fix {
            sequences.push(s..events.len());
        }
    }
    crate::markdown::EV.fetch_add(sequences.len() as u64, std::sync::atomic::Ordering::Relaxed);
    if sequences.is_empty() {
        return;
    }

    let old = std::mem::take(events);
    let mut done = 0;
    for seq in sequences {
        events.extend_from_slice(&old[done..seq.start]);
        let t0 = std::time::Instant::now();
        let r = resolve(source, &old[seq.clone()], cjk);
        crate::markdown::FIX_NS.fetch_add(
            t0.elapsed().as_nanos() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        match r {
            Some(fixed) => events.extend(fixed),
            None => events.extend_from_slice(&old[seq.clone()]),
        }
        done = seq.end;
    }
    events.extend_from_slice(&old[done..]);
}

fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

/// Whether `text` is the source text as written (not produced by an entity
/// or other decoding), so its delimiter characters are real delimiters.
fn raw_text<'s>(source: &'s str, text: &str, range: &Range<usize>) -> Option<&'s str> {
    source.get(range.clone()).filter(|s| *s == text)
}

/// A `*` or `_` preceded by an odd number of backslashes was escaped.
fn escaped(source: &str, pos: usize) -> bool {
    let before = source.as_bytes().get(..pos).unwrap_or_default();
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

fn char_before(source: &str, pos: usize) -> char {
    source
        .get(..pos)
        .and_then(|s| s.chars().next_back())
        .unwrap_or('\n')
}

fn char_at(source: &str, pos: usize) -> char {
    source
        .get(pos..)
        .and_then(|s| s.chars().next())
        .unwrap_or('\n')
}

/// Does this text hold an unescaped `*`/`_` whose run the CJK-friendly rules
/// treat differently?
fn text_needs_fix(source: &str, text: &str, range: &Range<usize>) -> bool {
    if !has_delimiter(text) || raw_text(source, text, range).is_none() {
        return false;
    }
    delimiters(text)
        .any(|i| !escaped(source, range.start + i) && run_needs_fix(source, range.start + i))
}

/// Whether the text has a `*` or `_` at all (memchr, the common answer is no).
fn has_delimiter(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.contains(&b'*') || bytes.contains(&b'_')
}

/// Byte offsets of the `*` and `_` in the text, in order (found with memchr).
fn delimiters(text: &str) -> impl Iterator<Item = usize> + '_ {
    let find = |c: char, from: usize| text.get(from..).and_then(|t| t.find(c)).map(|i| from + i);
    let mut star = find('*', 0);
    let mut under = find('_', 0);
    std::iter::from_fn(move || {
        let i = match (star, under) {
            (Some(s), Some(u)) if u < s => u,
            (Some(s), _) => s,
            (None, u) => u?,
        };
        if star == Some(i) {
            star = find('*', i + 1);
        } else {
            under = find('_', i + 1);
        }
        Some(i)
    })
}

/// Would the delimiter run through `pos` (as written in the source) open or
/// close differently under the CJK-friendly rules than under CommonMark's?
fn run_needs_fix(source: &str, pos: usize) -> bool {
    let bytes = source.as_bytes();
    let Some(&b) = bytes.get(pos) else {
        return false;
    };
    let mut start = pos;
    while start > 0 && bytes[start - 1] == b {
        start -= 1;
    }
    let mut end = pos + 1;
    while end < bytes.len() && bytes[end] == b {
        end += 1;
    }
    let (before, after) = (char_before(source, start), char_at(source, end));
    if !is_cjk(before) && !is_cjk(after) {
        return false;
    }
    flags(b, before, after, true) != flags(b, before, after, false)
}

/// A run of delimiter characters as written, e.g. the `**` of `**注意：**`.
struct Run {
    ch: u8,
    pos: usize,
    len: usize,
    scope: usize,
    can_open: bool,
    can_close: bool,
    /// Characters not yet used by a match.
    left: usize,
    /// Lengths (1 = em, 2 = strong) of the matches this run closed, in order.
    closes: Vec<u8>,
    /// Lengths of the matches this run opened, in order.
    opens: Vec<u8>,
}

enum Item<'a> {
    Keep(Spanned<'a>),
    Delim(usize),
}

/// Rebuilds one inline sequence: pulldown-cmark's own emphasis is turned back
/// into delimiter runs, then all runs are matched again (CommonMark's
/// "process emphasis" with CJK-friendly flanking). Links, images and other
/// inline containers are scopes no emphasis crosses, as in CommonMark.
/// Returns None if the events do not line up with the source as expected.
fn resolve<'a>(source: &'a str, seq: &[Spanned<'a>], cjk: bool) -> Option<Vec<Spanned<'a>>> {
    let mut items: Vec<Item<'a>> = Vec::with_capacity(seq.len() + 8);
    let mut runs: Vec<Run> = Vec::new();
    // (scope id, contents are literal) for each open container.
    let mut scopes: Vec<(usize, bool)> = vec![(0, false)];
    let mut next_scope = 1;

    for (event, range) in seq {
        let (scope, literal) = *scopes.last()?;
        match event {
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong)) => {
                let n = if matches!(tag, Tag::Strong) { 2 } else { 1 };
                let ch = delimiter(source, range.start, n)?;
                add(&mut items, &mut runs, ch, range.start, n, scope);
            }
            Event::End(tag @ (TagEnd::Emphasis | TagEnd::Strong)) => {
                let n = if matches!(tag, TagEnd::Strong) { 2 } else { 1 };
                let pos = range.end.checked_sub(n)?;
                let ch = delimiter(source, pos, n)?;
                add(&mut items, &mut runs, ch, pos, n, scope);
            }
            Event::Text(text) if !literal => {
                let Some(raw) = raw_text(source, text, range) else {
                    items.push(Item::Keep((event.clone(), range.clone())));
                    continue;
                };
                let mut from = 0;
                for i in delimiters(raw) {
                    if !escaped(source, range.start + i) {
                        if from < i {
                            let piece = range.start + from..range.start + i;
                            let text = source.get(piece.clone())?;
                            items.push(Item::Keep((Event::Text(CowStr::Borrowed(text)), piece)));
                        }
                        add(
                            &mut items,
                            &mut runs,
                            raw.as_bytes()[i],
                            range.start + i,
                            1,
                            scope,
                        );
                        from = i + 1;
                    }
                }
                if from < raw.len() {
                    let piece = range.start + from..range.end;
                    let text = source.get(piece.clone())?;
                    items.push(Item::Keep((Event::Text(CowStr::Borrowed(text)), piece)));
                }
            }
            Event::Start(tag) => {
                let literal = literal
                    || matches!(
                        tag,
                        Tag::Link {
                            link_type: LinkType::Autolink | LinkType::Email,
                            ..
                        }
                    );
                scopes.push((next_scope, literal));
                next_scope += 1;
                items.push(Item::Keep((event.clone(), range.clone())));
            }
            Event::End(_) => {
                if scopes.len() > 1 {
                    scopes.pop();
                }
                items.push(Item::Keep((event.clone(), range.clone())));
            }
            _ => items.push(Item::Keep((event.clone(), range.clone()))),
        }
    }

    for run in &mut runs {
        flank(source, run, cjk);
    }
    let mut by_scope: Vec<Vec<usize>> = vec![Vec::new(); next_scope];
    for (i, run) in runs.iter().enumerate() {
        by_scope[run.scope].push(i);
    }
    for list in &by_scope {
        process_emphasis(&mut runs, list);
    }

    let mut out = Vec::with_capacity(items.len() + 8);
    for item in items {
        match item {
            Item::Keep(spanned) => out.push(spanned),
            Item::Delim(i) => emit_run(source, &runs[i], &mut out)?,
        }
    }
    Some(out)
}

/// Adds `n` delimiter characters at `pos`, extending the previous run when
/// they continue it in the source.
fn add(items: &mut Vec<Item>, runs: &mut Vec<Run>, ch: u8, pos: usize, n: usize, scope: usize) {
    if let Some(Item::Delim(last)) = items.last() {
        let run = &mut runs[*last];
        if run.ch == ch && run.scope == scope && run.pos + run.len == pos {
            run.len += n;
            return;
        }
    }
    items.push(Item::Delim(runs.len()));
    runs.push(Run {
        ch,
        pos,
        len: n,
        scope,
        can_open: false,
        can_close: false,
        left: 0,
        closes: Vec::new(),
        opens: Vec::new(),
    });
}

/// The delimiter character of `n` bytes at `pos`, if they are all `*` or all `_`.
fn delimiter(source: &str, pos: usize, n: usize) -> Option<u8> {
    let bytes = source.as_bytes().get(pos..pos + n)?;
    let ch = *bytes.first()?;
    (matches!(ch, b'*' | b'_') && bytes.iter().all(|&b| b == ch)).then_some(ch)
}

/// Sets whether a run can open and close emphasis.
fn flank(source: &str, run: &mut Run, cjk: bool) {
    let before = char_before(source, run.pos);
    let after = char_at(source, run.pos + run.len);
    (run.can_open, run.can_close) = flags(run.ch, before, after, cjk);
    run.left = run.len;
}

/// (can open, can close) for a run of `ch` between `before` and `after`: by
/// CommonMark, or with `cjk` by the CJK-friendly amendment, where a CJK
/// character next to the run counts as CommonMark counts punctuation on the
/// outer side.
fn flags(ch: u8, before: char, after: char, cjk: bool) -> (bool, bool) {
    let (ws_b, ws_a) = (before.is_whitespace(), after.is_whitespace());
    let (p_b, p_a) = (is_punct(before), is_punct(after));
    let near_cjk = cjk && (is_cjk(before) || is_cjk(after));
    let left = !ws_a && (!p_a || ws_b || p_b || near_cjk);
    let right = !ws_b && (!p_b || ws_a || p_a || near_cjk);
    if ch == b'_' {
        // `_` inside a word is not emphasis (snake_case, 附件_2021_统计表), except
        // that with `cjk` full-width punctuation on the inside ends a word:
        // `__注意：__正文`.
        let open_inside = cjk && is_cjk(after) && p_a;
        let close_inside = cjk && is_cjk(before) && p_b;
        (
            left && (!right || p_b || open_inside),
            right && (!left || p_a || close_inside),
        )
    } else {
        (left, right)
    }
}

/// CommonMark's "process emphasis" over the runs of one scope, in order.
fn process_emphasis(runs: &mut [Run], list: &[usize]) {
    let n = list.len();
    let mut active = vec![true; n];
    // Lowest index (exclusive) worth searching, by (char, closer can open, length % 3).
    let mut bottom = [[[0usize; 3]; 2]; 2];
    let mut ci = 0;
    while ci < n {
        let c = list[ci];
        if !active[ci] || !runs[c].can_close || runs[c].left == 0 {
            ci += 1;
            continue;
        }
        let key = (
            usize::from(runs[c].ch == b'_'),
            usize::from(runs[c].can_open),
            runs[c].len % 3,
        );
        let floor = bottom[key.0][key.1][key.2];
        let mut found = None;
        let mut oi = ci;
        while oi > floor {
            oi -= 1;
            let o = list[oi];
            if !active[oi] || runs[o].ch != runs[c].ch || !runs[o].can_open || runs[o].left == 0 {
                continue;
            }
            let (ol, cl) = (runs[o].len, runs[c].len);
            if (runs[o].can_close || runs[c].can_open)
                && (ol + cl) % 3 == 0
                && !(ol % 3 == 0 && cl % 3 == 0)
            {
                continue;
            }
            found = Some(oi);
            break;
        }
        match found {
            Some(oi) => {
                let o = list[oi];
                let used = if runs[o].left >= 2 && runs[c].left >= 2 {
                    2
                } else {
                    1
                };
                runs[o].left -= used;
                runs[c].left -= used;
                runs[o].opens.push(used as u8);
                runs[c].closes.push(used as u8);
                for a in &mut active[oi + 1..ci] {
                    *a = false;
                }
                if runs[o].left == 0 {
                    active[oi] = false;
                }
                if runs[c].left == 0 {
                    active[ci] = false;
                    ci += 1;
                }
                // Otherwise the same closer looks for another opener.
            }
            None => {
                bottom[key.0][key.1][key.2] = ci;
                if !runs[c].can_open {
                    active[ci] = false;
                }
                ci += 1;
            }
        }
    }
}

/// A run's output: the ends it closes (innermost first), its unused
/// characters as text, then the starts it opens (outermost first).
fn emit_run<'a>(source: &'a str, run: &Run, out: &mut Vec<Spanned<'a>>) -> Option<()> {
    let tag = |n: u8| if n == 2 { Tag::Strong } else { Tag::Emphasis };
    let tag_end = |n: u8| {
        if n == 2 {
            TagEnd::Strong
        } else {
            TagEnd::Emphasis
        }
    };
    let mut pos = run.pos;
    for &n in &run.closes {
        let end = pos + usize::from(n);
        out.push((Event::End(tag_end(n)), pos..end));
        pos = end;
    }
    if run.left > 0 {
        let end = pos + run.left;
        out.push((
            Event::Text(CowStr::Borrowed(source.get(pos..end)?)),
            pos..end,
        ));
        pos = end;
    }
    for &n in run.opens.iter().rev() {
        let end = pos + usize::from(n);
        out.push((Event::Start(tag(n)), pos..end));
        pos = end;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Options, Parser};

    fn opts() -> Options {
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES
    }

    fn html(md: &str) -> String {
        let mut events: Vec<Spanned> = Parser::new_ext(md, opts()).into_offset_iter().collect();
        fix_emphasis(md, &mut events);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
        out.trim_end().to_string()
    }

    fn plain_pulldown(md: &str) -> String {
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(md, opts()));
        out.trim_end().to_string()
    }

    /// CommonMark's emphasis examples (and a few more): redone without the
    /// CJK rules, the result must be pulldown-cmark's own.
    #[test]
    fn matching_agrees_with_pulldown_cmark() {
        let cases = [
            "*foo bar*",
            "a * foo bar*",
            "a*\"foo\"*",
            "* a *",
            "foo*bar*",
            "5*6*78",
            "_foo bar_",
            "_ foo bar_",
            "a_\"foo\"_",
            "foo_bar_",
            "5_6_78",
            "пристаням_стремятся_",
            "aa_\"bb\"_cc",
            "foo-_(bar)_",
            "_foo*",
            "*foo bar *",
            "*foo bar\n*",
            "*(*foo)",
            "*(*foo*)*",
            "*foo*bar",
            "_foo bar _",
            "_(_foo)",
            "_(_foo_)_",
            "_foo_bar",
            "_пристаням_стремятся",
            "_foo_bar_baz_",
            "_(bar)_.",
            "**foo bar**",
            "** foo bar**",
            "a**\"foo\"**",
            "foo**bar**",
            "__foo bar__",
            "__ foo bar__",
            "__\nfoo bar__",
            "a__\"foo\"__",
            "foo__bar__",
            "5__6__78",
            "пристаням__стремятся__",
            "__foo, __bar__, baz__",
            "foo-__(bar)__",
            "**foo bar **",
            "**(**foo)",
            "*(**foo**)*",
            "**Gomphocarpus (*Gomphocarpus physocarpus*, syn.\n*Asclepias physocarpa*)**",
            "**foo \"*bar*\" foo**",
            "**foo**bar",
            "__foo bar __",
            "__(__foo)",
            "_(__foo__)_",
            "__foo__bar",
            "__пристаням__стремятся",
            "__foo__bar__baz__",
            "__(bar)__.",
            "*foo [bar](/url)*",
            "*foo\nbar*",
            "_foo __bar__ baz_",
            "_foo _bar_ baz_",
            "__foo_ bar_",
            "*foo *bar**",
            "*foo **bar** baz*",
            "*foo**bar**baz*",
            "*foo**bar*",
            "***foo** bar*",
            "*foo **bar***",
            "*foo**bar***",
            "foo***bar***baz",
            "foo******bar*********baz",
            "*foo **bar *baz* bim** bop*",
            "*foo [*bar*](/url)*",
            "** is not an empty emphasis",
            "**** is not an empty strong emphasis",
            "**foo [bar](/url)**",
            "**foo\nbar**",
            "__foo _bar_ baz__",
            "__foo __bar__ baz__",
            "____foo__ bar__",
            "**foo **bar****",
            "**foo *bar* baz**",
            "**foo*bar*baz**",
            "***foo* bar**",
            "**foo *bar***",
            "**foo *bar **baz**\nbim* bop**",
            "**foo [*bar*](/url)**",
            "__ is not an empty emphasis",
            "____ is not an empty strong emphasis",
            "foo ***",
            "foo *\\**",
            "foo *_*",
            "foo *****",
            "foo **\\***",
            "foo **_**",
            "**foo*",
            "*foo**",
            "***foo**",
            "****foo*",
            "**foo***",
            "*foo****",
            "foo ___",
            "foo _\\__",
            "foo _*_",
            "foo _____",
            "foo __\\___",
            "foo __*__",
            "__foo_",
            "_foo__",
            "___foo__",
            "____foo_",
            "__foo___",
            "_foo____",
            "**foo**",
            "*_foo_*",
            "__foo__",
            "_*foo*_",
            "****foo****",
            "____foo____",
            "******foo******",
            "***foo***",
            "_____foo_____",
            "*foo _bar* baz_",
            "*foo __bar *baz bim__ bam*",
            "**foo **bar baz**",
            "*foo *bar baz*",
            "*[bar*](/url)",
            "_foo [bar_](/url)",
            "*<img src=\"foo\" title=\"*\"/>",
            "**<a href=\"**\">",
            "__<a href=\"__\">",
            "*a `*`*",
            "_a `_`_",
            "**a<http://foo.bar/?q=**>",
            "__a<http://foo.bar/?q=__>",
            "~~*a~~*",
            "*~~a*~~",
            "**一是。**区委",
            "中文**粗体**中文",
            "*a* *b* **c** ***d*** **e*f*g**",
            "a**b**c**d",
            "x *a* **b** y\n- *c*",
            "| *a* | **b |\n|---|---|\n| c** | _d_ |",
        ];
        for md in cases {
            let mut events: Vec<Spanned> = Parser::new_ext(md, opts()).into_offset_iter().collect();
            redo_emphasis(md, &mut events, false, true);
            let mut ours = String::new();
            html::push_html(&mut ours, events.into_iter().map(|(e, _)| e));
            assert_eq!(ours, plain_pulldown(md) + "\n", "{md}");
        }
    }

    #[test]
    fn bold_ending_in_full_width_punctuation() {
        assert_eq!(
            html("**一是高位推动。**区委"),
            "<p><strong>一是高位推动。</strong>区委</p>"
        );
        assert_eq!(html("**注意：**正文"), "<p><strong>注意：</strong>正文</p>");
        assert_eq!(
            html("这是**“重要”**的"),
            "<p>这是<strong>“重要”</strong>的</p>"
        );
        assert_eq!(html("*注意：*正文"), "<p><em>注意：</em>正文</p>");
        assert_eq!(html("__注意：__正文"), "<p><strong>注意：</strong>正文</p>");
    }

    #[test]
    fn leftover_next_to_pulldown_emphasis() {
        // pulldown-cmark pairs the second `**` with the third here.
        assert_eq!(
            html("**强化监管持续深化。**全区开展检查，**坚持问题导向**，取得实效。"),
            "<p><strong>强化监管持续深化。</strong>全区开展检查，<strong>坚持问题导向</strong>，取得实效。</p>"
        );
        assert_eq!(
            html("**一是高位推动。**区委**重点**工作"),
            "<p><strong>一是高位推动。</strong>区委<strong>重点</strong>工作</p>"
        );
    }

    #[test]
    fn spans_lines_links_and_code() {
        assert_eq!(
            html("**一是\n高位推动。**区委"),
            "<p><strong>一是\n高位推动。</strong>区委</p>"
        );
        assert_eq!(
            html("**见[通知](a.md)。**区委"),
            "<p><strong>见<a href=\"a.md\">通知</a>。</strong>区委</p>"
        );
        assert_eq!(
            html("**用`x`。**区委"),
            "<p><strong>用<code>x</code>。</strong>区委</p>"
        );
        // No emphasis across a link boundary.
        assert_eq!(
            html("[**链接。](a)**区委"),
            "<p><a href=\"a\">**链接。</a>**区委</p>"
        );
    }

    #[test]
    fn ordinary_emphasis_is_unchanged() {
        for md in [
            "**bold** text",
            "a *b* c **d** _e_ __f__ ***g***",
            "**粗体**，正文",
            "2**3",
            "a * b * c",
            "snake_case_name and 附件_2021_统计表",
            "***a*** b_c_ **x**",
            "*a **b** c*",
            "**a*b*c**",
            "~~删除~~ **加粗**",
        ] {
            assert_eq!(html(md), plain_pulldown(md), "{md}");
        }
    }

    #[test]
    fn stays_literal_when_it_should() {
        assert_eq!(html("2**3，真的"), "<p>2**3，真的</p>");
        assert_eq!(html("计算 a * b * c。"), "<p>计算 a * b * c。</p>");
        assert_eq!(html("文件_2021_统计表"), "<p>文件_2021_统计表</p>");
        assert_eq!(html("只有一个**。开头"), "<p>只有一个**。开头</p>");
        assert_eq!(html("** 注意：**正文"), "<p>** 注意：**正文</p>");
    }

    #[test]
    fn escaped_and_entity_asterisks_stay_literal() {
        assert_eq!(
            html(r"\*\*一是高位推动。\*\*区委"),
            "<p>**一是高位推动。**区委</p>"
        );
        // The rule of three keeps `*…**` apart, as in CommonMark.
        assert_eq!(
            html(r"\**一是高位推动。**区委"),
            "<p>**一是高位推动。**区委</p>"
        );
        assert_eq!(
            html("&#42;&#42;一是。&#42;&#42;区委"),
            "<p>**一是。**区委</p>"
        );
        // An escaped backslash does not escape the asterisk after it.
        assert_eq!(
            html(r"\\**一是。**区委"),
            "<p>\\<strong>一是。</strong>区委</p>"
        );
    }

    #[test]
    fn code_is_never_touched() {
        assert_eq!(
            html("`**一是。**区委`"),
            "<p><code>**一是。**区委</code></p>"
        );
        assert_eq!(
            html("```\n**一是。**区委\n```"),
            "<pre><code>**一是。**区委\n</code></pre>"
        );
        assert_eq!(
            html("<https://a.cn/**一是。**区委>"),
            "<p><a href=\"https://a.cn/**%E4%B8%80%E6%98%AF%E3%80%82**%E5%8C%BA%E5%A7%94\">https://a.cn/**一是。**区委</a></p>"
        );
    }

    #[test]
    fn table_cells() {
        assert_eq!(
            html("| a |\n|---|\n| **x。**y |"),
            "<table><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td><strong>x。</strong>y</td></tr>\n</tbody></table>"
        );
    }

    #[test]
    fn soft_breaks_join_only_between_wide_characters() {
        let mut b = SoftBreaks::default();
        assert_eq!(b.text("一行"), Break::None);
        assert_eq!(b.soft_break(3), Break::None);
        assert_eq!(b.text("二行 ab"), Break::Join(3));
        assert_eq!(b.soft_break(5), Break::None);
        assert_eq!(b.text("cd"), Break::Keep);
        assert_eq!(b.soft_break(7), Break::None);
        assert_eq!(b.text("中文"), Break::Keep);
        assert_eq!(b.text("，"), Break::None);
        assert_eq!(b.soft_break(9), Break::None);
        assert_eq!(b.other(), Break::Keep);
        assert_eq!(b.text("文"), Break::None);
    }
}
