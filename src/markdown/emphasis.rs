//! Emphasis next to Chinese punctuation.
//!
//! CommonMark's flanking rules leave `**一是高位推动。**区委…` literal: the
//! closing `**` follows `。` and precedes a letter, so it may not close.
//! pulldown-cmark 0.13.6 follows those rules. In each inline sequence
//! (the contents of a paragraph, heading or table cell) where a `*`/`_` run
//! beside a CJK character would open or close differently under the
//! CJK-friendly amendment (<https://github.com/tats-u/markdown-cjk-friendly>,
//! as in comrak's `cjk_friendly_emphasis` and GitLab), emphasis is worked out
//! again with the amended rules: pulldown-cmark's own `<em>`/`<strong>` are
//! turned back into delimiter runs and all runs are matched anew with
//! CommonMark's algorithm. Other sequences keep pulldown-cmark's events.
//!
//! One addition of ours: `**一是。****二是**` (a bold lead followed at once by
//! a bold phrase, common in reports) has its `****` read as `**` + `**`.
//!
//! Only `*`/`_` characters that stand in the source as written count as
//! delimiters: a text event must be a slice of the source (entities such as
//! `&#42;` are not), and a character preceded by an odd number of
//! backslashes in the source is escaped (pulldown-cmark drops the backslash
//! and starts a new text event at the escaped character).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::base::cjk::{is_cjk, is_punct};

/// An event with its byte range in the source.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// Re-resolves emphasis where the CJK-friendly rules change the reading.
pub(crate) fn fix_emphasis<'a>(source: &'a str, events: &mut Vec<Spanned<'a>>) {
    redo(source, events, true, false);
}

/// With `force`, every inline sequence is redone (tests use this with `cjk`
/// off to check the matching against pulldown-cmark's).
fn redo<'a>(source: &'a str, events: &mut Vec<Spanned<'a>>, cjk: bool, force: bool) {
    let sequences = sequences(source, events, force);
    if sequences.is_empty() {
        return;
    }
    let old = std::mem::take(events);
    events.reserve(old.len() + 4 * sequences.len());
    let mut work = Work::default();
    let mut seq: Vec<Spanned<'a>> = Vec::new();
    let mut pending = sequences.iter().peekable();
    for (i, spanned) in old.into_iter().enumerate() {
        match pending.peek() {
            Some(range) if i >= range.start => {
                seq.push(spanned);
                if i + 1 == range.end {
                    work.resolve(source, &mut seq, cjk, events);
                    seq.clear();
                    pending.next();
                }
            }
            _ => events.push(spanned),
        }
    }
}

/// The index ranges of the inline sequences to redo.
fn sequences(source: &str, events: &[Spanned], force: bool) -> Vec<Range<usize>> {
    let mut found = Vec::new();
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
                    Event::Start(Tag::Emphasis | Tag::Strong) => run_needs_fix(source, range.start),
                    Event::End(TagEnd::Emphasis | TagEnd::Strong) => {
                        run_needs_fix(source, range.end.saturating_sub(1))
                    }
                    _ => false,
                };
            }
        } else if let Some(s) = start.take() {
            if needs_fix {
                found.push(s..i);
            }
        }
    }
    if let Some(s) = start {
        if needs_fix {
            found.push(s..events.len());
        }
    }
    found
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
    // Usually the text is a slice of the source itself: compare addresses first.
    source.get(range.clone()).filter(|s| {
        (std::ptr::eq(s.as_ptr(), text.as_ptr()) && s.len() == text.len()) || *s == text
    })
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
    end - start == 4 || flags(b, before, after, true) != flags(b, before, after, false)
}

/// Whether the text has a `*` or `_` at all (the common answer is no).
fn has_delimiter(text: &str) -> bool {
    next_delimiter(text.as_bytes(), 0).is_some()
}

/// Byte offsets of the `*` and `_` in the text, in order.
fn delimiters(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let i = next_delimiter(bytes, from)?;
        from = i + 1;
        Some(i)
    })
}

/// The first `*` or `_` at or after `from`, eight bytes at a time: paragraphs
/// of Chinese run to kilobytes, and each is searched once or twice.
fn next_delimiter(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const STARS: u64 = u64::from_le_bytes([b'*'; 8]);
    const UNDERSCORES: u64 = u64::from_le_bytes([b'_'; 8]);
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let (a, b) = (word ^ STARS, word ^ UNDERSCORES);
        // A zero byte in `a` or `b` is a match; the lowest flagged byte is exact.
        let found = ((a.wrapping_sub(ONES) & !a) | (b.wrapping_sub(ONES) & !b)) & HIGHS;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'*' || b == b'_')
        .map(|i| at + i)
}

/// The lengths (1 = em, 2 = strong) of the matches a run took part in, in
/// order, two bits each (runs longer than 32 never match).
#[derive(Clone, Copy, Default)]
struct Matches {
    bits: u64,
    count: u32,
}

impl Matches {
    fn push(&mut self, used: usize) {
        if self.count < 32 {
            self.bits |= (used as u64 & 3) << (2 * self.count);
            self.count += 1;
        }
    }

    fn iter(self) -> impl DoubleEndedIterator<Item = usize> {
        (0..self.count).map(move |k| ((self.bits >> (2 * k)) & 3) as usize)
    }
}

/// A run of delimiter characters as written, e.g. the `**` of `**注意：**`.
#[derive(Clone)]
struct Run {
    ch: u8,
    pos: usize,
    len: usize,
    scope: usize,
    can_open: bool,
    can_close: bool,
    active: bool,
    /// Characters not yet used by a match.
    left: usize,
    closes: Matches,
    opens: Matches,
}

/// A piece of the sequence being rebuilt.
#[derive(Clone, Copy)]
enum Item {
    /// The event at this index of the sequence, unchanged.
    Event(usize),
    /// Literal text: this byte range of the source.
    Text(usize, usize),
    /// A delimiter run (index into the runs).
    Delim(usize),
}

/// Buffers reused for every sequence of a document.
#[derive(Default)]
struct Work {
    items: Vec<Item>,
    runs: Vec<Run>,
    scopes: Vec<(usize, bool)>,
    order: Vec<usize>,
}

impl Work {
    /// Rebuilds one sequence into `out`; if its events do not line up with
    /// the source as expected, they go to `out` unchanged.
    fn resolve<'a>(
        &mut self,
        source: &'a str,
        seq: &mut Vec<Spanned<'a>>,
        cjk: bool,
        out: &mut Vec<Spanned<'a>>,
    ) {
        if self.build(source, seq).is_none() {
            out.append(seq);
            return;
        }
        for run in &mut self.runs {
            flank(source, run, cjk);
        }
        if cjk {
            self.split_fours(source);
        }
        let Work {
            items, runs, order, ..
        } = self;
        order.clear();
        order.extend(0..runs.len());
        order.sort_by_key(|&i| runs[i].scope);
        let mut start = 0;
        while let Some(&first) = order.get(start) {
            let scope = runs[first].scope;
            let end = order[start..]
                .iter()
                .position(|&r| runs[r].scope != scope)
                .map_or(order.len(), |n| start + n);
            process_emphasis(runs, &order[start..end]);
            start = end;
        }
        for item in items.iter() {
            match *item {
                Item::Event(i) => {
                    if let Some(slot) = seq.get_mut(i) {
                        out.push(std::mem::replace(slot, (Event::SoftBreak, 0..0)));
                    }
                }
                Item::Text(from, to) => {
                    let text = source.get(from..to).unwrap_or_default();
                    out.push((Event::Text(CowStr::Borrowed(text)), from..to));
                }
                Item::Delim(r) => emit_run(source, &runs[r], out),
            }
        }
    }

    /// Splits the sequence into items and delimiter runs: pulldown-cmark's
    /// emphasis tags become runs again (their delimiters are at the ends of
    /// their source ranges). Links, images and other inline containers are
    /// scopes no emphasis crosses, as in CommonMark; autolinks hold only text.
    fn build(&mut self, source: &str, seq: &[Spanned]) -> Option<()> {
        self.items.clear();
        self.runs.clear();
        self.scopes.clear();
        self.scopes.push((0, false));
        let mut next_scope = 1;
        for (i, (event, range)) in seq.iter().enumerate() {
            let (scope, literal) = *self.scopes.last()?;
            match event {
                Event::Start(tag @ (Tag::Emphasis | Tag::Strong)) => {
                    let n = if matches!(tag, Tag::Strong) { 2 } else { 1 };
                    let ch = delimiter(source, range.start, n)?;
                    self.add(ch, range.start, n, scope);
                }
                Event::End(tag @ (TagEnd::Emphasis | TagEnd::Strong)) => {
                    let n = if matches!(tag, TagEnd::Strong) { 2 } else { 1 };
                    let pos = range.end.checked_sub(n)?;
                    let ch = delimiter(source, pos, n)?;
                    self.add(ch, pos, n, scope);
                }
                Event::Text(text) if !literal => {
                    let Some(raw) = raw_text(source, text, range) else {
                        self.items.push(Item::Event(i));
                        continue;
                    };
                    let mut from = 0;
                    for at in delimiters(raw) {
                        let pos = range.start + at;
                        if escaped(source, pos) {
                            continue;
                        }
                        if from < at {
                            self.items.push(Item::Text(range.start + from, pos));
                        }
                        self.add(raw.as_bytes()[at], pos, 1, scope);
                        from = at + 1;
                    }
                    if from < raw.len() {
                        self.items.push(Item::Text(range.start + from, range.end));
                    }
                }
                Event::Start(tag) => {
                    let autolink = matches!(
                        tag,
                        Tag::Link {
                            link_type: LinkType::Autolink | LinkType::Email,
                            ..
                        }
                    );
                    self.scopes.push((next_scope, literal || autolink));
                    next_scope += 1;
                    self.items.push(Item::Event(i));
                }
                Event::End(_) => {
                    if self.scopes.len() > 1 {
                        self.scopes.pop();
                    }
                    self.items.push(Item::Event(i));
                }
                _ => self.items.push(Item::Event(i)),
            }
        }
        Some(())
    }

    /// Adds `n` delimiter characters at `pos`, extending the previous run when
    /// they continue it in the source.
    fn add(&mut self, ch: u8, pos: usize, n: usize, scope: usize) {
        if let Some(&Item::Delim(last)) = self.items.last() {
            if let Some(run) = self.runs.get_mut(last) {
                if run.ch == ch && run.scope == scope && run.pos + run.len == pos {
                    run.len += n;
                    return;
                }
            }
        }
        self.items.push(Item::Delim(self.runs.len()));
        self.runs.push(Run {
            ch,
            pos,
            len: n,
            scope,
            can_open: false,
            can_close: false,
            active: true,
            left: n,
            closes: Matches::default(),
            opens: Matches::default(),
        });
    }

    /// `**一是。****二是**`: a run of four between CJK text that could both
    /// open and close is a bold phrase ending where the next begins, so it is
    /// split into a closing `**` and an opening `**` (CommonMark's rule of
    /// three would otherwise keep it from matching either neighbour).
    fn split_fours(&mut self, source: &str) {
        let splits = |run: &Run| {
            run.len == 4
                && run.can_open
                && run.can_close
                && (is_cjk(char_before(source, run.pos)) || is_cjk(char_at(source, run.pos + 4)))
        };
        if !self.runs.iter().any(splits) {
            return;
        }
        let runs = std::mem::take(&mut self.runs);
        let items = std::mem::take(&mut self.items);
        for item in items {
            let Item::Delim(r) = item else {
                self.items.push(item);
                continue;
            };
            let Some(run) = runs.get(r) else {
                continue;
            };
            if splits(run) {
                for (pos, open) in [(run.pos, false), (run.pos + 2, true)] {
                    self.items.push(Item::Delim(self.runs.len()));
                    self.runs.push(Run {
                        pos,
                        len: 2,
                        left: 2,
                        can_open: open,
                        can_close: !open,
                        ..run.clone()
                    });
                }
            } else {
                self.items.push(Item::Delim(self.runs.len()));
                self.runs.push(run.clone());
            }
        }
    }
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
    (run.can_open, run.can_close) = if run.len > 32 {
        (false, false)
    } else {
        flags(run.ch, before, after, cjk)
    };
    run.left = run.len;
    run.active = true;
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
    // Lowest position (exclusive) worth searching for an opener, by the
    // closer's (char, can open, length % 3).
    let mut bottom = [[[0usize; 3]; 2]; 2];
    let mut ci = 0;
    while ci < list.len() {
        let c = list[ci];
        if !runs[c].active || !runs[c].can_close || runs[c].left == 0 {
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
            if !runs[o].active || runs[o].ch != runs[c].ch || !runs[o].can_open || runs[o].left == 0
            {
                continue;
            }
            let (ol, cl) = (runs[o].len, runs[c].len);
            // The rule of three: `*foo**bar*` is not `<em>foo</em>*bar*`.
            if (runs[o].can_close || runs[c].can_open)
                && (ol + cl) % 3 == 0
                && !(ol % 3 == 0 && cl % 3 == 0)
            {
                continue;
            }
            found = Some(oi);
            break;
        }
        let Some(oi) = found else {
            bottom[key.0][key.1][key.2] = ci;
            if !runs[c].can_open {
                runs[c].active = false;
            }
            ci += 1;
            continue;
        };
        let o = list[oi];
        let used = if runs[o].left >= 2 && runs[c].left >= 2 {
            2
        } else {
            1
        };
        runs[o].left -= used;
        runs[c].left -= used;
        runs[o].opens.push(used);
        runs[c].closes.push(used);
        for &between in &list[oi + 1..ci] {
            runs[between].active = false;
        }
        if runs[o].left == 0 {
            runs[o].active = false;
        }
        if runs[c].left == 0 {
            runs[c].active = false;
            ci += 1;
        }
        // Otherwise the same closer looks for another opener.
    }
}

/// A run's output: the ends it closes (innermost first), its unused
/// characters as text, then the starts it opens (outermost first).
fn emit_run<'a>(source: &'a str, run: &Run, out: &mut Vec<Spanned<'a>>) {
    let mut pos = run.pos;
    for n in run.closes.iter() {
        let tag = if n == 2 {
            TagEnd::Strong
        } else {
            TagEnd::Emphasis
        };
        out.push((Event::End(tag), pos..pos + n));
        pos += n;
    }
    if run.left > 0 {
        let text = source.get(pos..pos + run.left).unwrap_or_default();
        out.push((Event::Text(CowStr::Borrowed(text)), pos..pos + run.left));
        pos += run.left;
    }
    for n in run.opens.iter().rev() {
        let tag = if n == 2 { Tag::Strong } else { Tag::Emphasis };
        out.push((Event::Start(tag), pos..pos + n));
        pos += n;
    }
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
            redo(md, &mut events, false, true);
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
    fn bold_lead_followed_by_bold_phrase() {
        // `****` between two bold phrases closes one and opens the next.
        assert_eq!(
            html("**督促指导不合格电线电缆。****开展计量器具检定7493台（件）**，减免费用。"),
            "<p><strong>督促指导不合格电线电缆。</strong><strong>开展计量器具检定7493台（件）</strong>，减免费用。</p>"
        );
        assert_eq!(
            html("**一是。****二是**"),
            "<p><strong>一是。</strong><strong>二是</strong></p>"
        );
        // Without CJK around, CommonMark's reading stays.
        assert_eq!(html("**a.****b**"), plain_pulldown("**a.****b**"));
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
    fn delimiter_search() {
        let text = "一二三四五六七八九十*十一_x**";
        let expected: Vec<usize> = text.match_indices(['*', '_']).map(|(i, _)| i).collect();
        assert_eq!(delimiters(text).collect::<Vec<_>>(), expected);
        for n in 0..40 {
            let s = "a".repeat(n) + "*";
            assert_eq!(next_delimiter(s.as_bytes(), 0), Some(n));
            assert_eq!(next_delimiter(s.as_bytes(), n + 1), None);
            assert_eq!(next_delimiter(&s.as_bytes()[..n], 0), None);
        }
        assert_eq!(next_delimiter(b"*", 5), None);
        assert!(!has_delimiter("没有星号的中文段落，没有下划线。"));
    }
}
