//! What counts as Chinese (CJK) text, and line joining.
//!
//! A line break inside a paragraph renders as a newline, which browsers show
//! as a space; between two CJK characters that space is wrong (Chinese has no
//! spaces between words), so such a break renders as nothing. The emphasis
//! rules for CJK text, which use the same character classes, are in
//! `emphasis.rs`.

use unicode_width::UnicodeWidthChar;

/// East Asian wide or full-width (CJK ideographs, kana, hangul, full-width
/// punctuation such as `，。：`), as unicode-width measures it.
pub(crate) fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// Punctuation Chinese text uses that Unicode leaves "ambiguous" in width
/// (wide in CJK fonts, narrow in Latin ones): curly quotes, ellipsis, dash,
/// middle dot.
fn is_ambiguous_cjk_punct(c: char) -> bool {
    matches!(c, '‘' | '’' | '“' | '”' | '…' | '—' | '·')
}

/// Whether a soft break between `before` and `after` joins with no space:
/// both wide, or one wide and the other punctuation such as `“”` that is wide
/// in Chinese text (`“\n引号` joins; `“Hello”\n“World”` keeps its space).
fn joins(before: char, after: char) -> bool {
    (is_wide(before) || is_ambiguous_cjk_punct(before) && is_wide(after))
        && (is_wide(after) || is_ambiguous_cjk_punct(after) && is_wide(before))
}

/// CJK for the emphasis rules: wide characters other than emoji.
pub(crate) fn is_cjk(c: char) -> bool {
    is_wide(c) && !matches!(c, '\u{1F000}'..='\u{1FAFF}')
}

/// Unicode punctuation or symbol (CommonMark's "punctuation character"), for
/// the ranges that occur in practice: ASCII, Latin-1, general punctuation,
/// currency, arrows, maths, technical, shapes, dingbats, CJK and full-width
/// punctuation, and emoji.
pub(crate) fn is_punct(c: char) -> bool {
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
        match self.pending.replace(at) {
            Some(_) => {
                // Two breaks in a row (only with odd input): the first stays.
                self.last = None;
                Break::Keep
            }
            None => Break::None,
        }
    }

    /// Text (or inline code) is about to be output.
    pub(crate) fn text(&mut self, text: &str) -> Break {
        let Some(first) = text.chars().next() else {
            return Break::None;
        };
        let decision = match self.pending.take() {
            Some(at) if self.last.is_some_and(|last| joins(last, first)) => Break::Join(at),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_classes() {
        for c in ['中', '。', '，', '：', '（', '《', 'あ', '한', '１'] {
            assert!(is_wide(c) && is_cjk(c), "{c}");
        }
        for c in ['a', '1', ' ', '.', 'é', '—'] {
            assert!(!is_wide(c), "{c}");
        }
        assert!(is_wide('😀') && !is_cjk('😀'));
        // Curly quotes are "ambiguous": not CJK for emphasis (as the
        // CJK-friendly rules say), wide beside a CJK character for joining.
        assert!(!is_wide('“') && !is_cjk('“'));
        assert!(joins('中', '文') && joins('。', '下') && joins('“', '引') && joins('。', '”'));
        assert!(!joins('”', '“') && !joins('a', '中') && !joins('中', '1') && !joins('”', 'W'));
        for c in [
            '。', '，', '：', '“', '”', '（', '）', '《', '》', '、', '！', '？', '.', '*', '—',
            '…',
        ] {
            assert!(is_punct(c), "{c}");
        }
        for c in ['中', 'a', '1', ' ', '々', '１'] {
            assert!(!is_punct(c), "{c}");
        }
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
        assert_eq!(b.soft_break(11), Break::None);
        assert_eq!(b.text(""), Break::None);
        assert_eq!(b.text("字"), Break::Join(11));
    }
}
