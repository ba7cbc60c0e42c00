//! What counts as Chinese (CJK) text, and line joining.
//!
//! A line break inside a paragraph renders as a newline, which browsers show
//! as a space. Chinese has no spaces between words, nor between a Chinese
//! character and a number or a Latin word (`执法人员1114人次`, `落下帷幕，4月2日`),
//! so a break with a CJK character or full-width punctuation on either side
//! renders as nothing; between two Latin words it stays a space. (Chromium
//! does not drop such a newline itself: CSS Text 3 leaves it to the browser,
//! and only Firefox removes it, and only between two wide characters.) The
//! emphasis rules for CJK text, which use the same character classes, are in
//! `emphasis.rs`.

use unicode_width::UnicodeWidthChar;

/// East Asian wide or full-width (CJK ideographs, kana, hangul, full-width
/// punctuation such as `，。：`), as unicode-width measures it.
pub(crate) fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// Hangul: wide, but Korean puts spaces between words.
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}')
}

/// A character next to which a line break is no space: wide (CJK
/// ideographs, kana, full-width punctuation and letters), but not Hangul.
fn is_spaceless(c: char) -> bool {
    is_wide(c) && !is_hangul(c)
}

/// Whether a soft break between `before` and `after` joins with no space:
/// either side is wide (`执法人员\n1114人次`, `帷幕，\n4月2日`, `2021年\n4月`,
/// `“\n引号`); between two narrow characters (`Hello\nWorld`, and
/// `“Hello”\n“World”`, whose curly quotes are narrow in Latin text) the
/// space stays.
pub(crate) fn joins(before: char, after: char) -> bool {
    is_spaceless(before) || is_spaceless(after)
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
    /// The break at this index of the output has a CJK character on a side: drop it.
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
        assert!(!joins('”', '“') && !joins('”', 'W') && !joins('a', 'b') && !joins('1', 'a'));
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
    fn a_break_beside_cjk_is_no_space_and_between_latin_words_a_space() {
        // The cases, and the same the other way round.
        for (before, after) in [
            ('，', '4'),
            ('员', '1'),
            ('1', '人'),
            ('中', 'A'),
            ('A', '中'),
            ('》', 'K'),
            ('9', '（'),
            ('字', '“'),
            ('”', '字'),
            ('文', '('),
            ('文', '文'),
        ] {
            assert!(joins(before, after), "{before}⏎{after} is no space");
        }
        for (before, after) in [('a', 'b'), ('1', '2'), ('.', 'T'), (',', 'a'), ('”', '“')] {
            assert!(!joins(before, after), "{before}⏎{after} stays a space");
        }
        // Korean writes spaces between words.
        assert!(!joins('다', '한') && joins('다', '中'));
    }

    #[test]
    fn soft_breaks_are_decided_when_the_next_text_comes() {
        let mut b = SoftBreaks::default();
        assert_eq!(b.text("一行"), Break::None);
        assert_eq!(b.soft_break(3), Break::None);
        assert_eq!(b.text("二行 ab"), Break::Join(3));
        assert_eq!(b.soft_break(5), Break::None);
        assert_eq!(b.text("cd"), Break::Keep);
        assert_eq!(b.soft_break(7), Break::None);
        assert_eq!(b.text("中文"), Break::Join(7));
        assert_eq!(b.text("，"), Break::None);
        assert_eq!(b.soft_break(9), Break::None);
        assert_eq!(b.other(), Break::Keep);
        assert_eq!(b.text("文"), Break::None);
        assert_eq!(b.soft_break(11), Break::None);
        assert_eq!(b.text(""), Break::None);
        assert_eq!(b.text("字"), Break::Join(11));
    }
}
