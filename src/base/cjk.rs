//! Which characters are Chinese, in the senses the stages need: wide as a
//! CJK font draws them ([`is_wide`]), next to which a line break is no space
//! ([`joins`]), CJK for the emphasis rules ([`is_cjk`]), a Han ideograph
//! as the search index pairs them ([`is_han`]), and punctuation
//! ([`is_punct`]).

use unicode_width::UnicodeWidthChar;

/// East Asian wide or full-width (CJK ideographs, kana, hangul, full-width
/// punctuation such as `，。：`), as unicode-width measures it.
pub fn is_wide(c: char) -> bool {
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
pub fn joins(before: char, after: char) -> bool {
    is_spaceless(before) || is_spaceless(after)
}

/// CJK for the emphasis rules: wide characters other than emoji.
pub fn is_cjk(c: char) -> bool {
    is_wide(c) && !matches!(c, '\u{1F000}'..='\u{1FAFF}')
}

/// Unicode punctuation or symbol (CommonMark's "punctuation character"), for
/// the ranges that occur in practice: ASCII, Latin-1, general punctuation,
/// currency, arrows, maths, technical, shapes, dingbats, CJK and full-width
/// punctuation, and emoji.
pub fn is_punct(c: char) -> bool {
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

/// Han ideographs as the search index pairs them: the CJK unified
/// ideographs and their extension A, the compatibility ideographs, and 〇.
/// (Punctuation and kana are wide but no part of a word.)
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{3007}')
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
    fn han_is_ideographs_only() {
        for c in ['中', '〇', '㐀'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['。', 'あ', '한', 'a', '１'] {
            assert!(!is_han(c), "{c}");
        }
    }
}
