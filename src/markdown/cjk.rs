//! Line joining: a soft break in Chinese text is no space.
//!
//! A line break inside a paragraph renders as a newline, which browsers show
//! as a space. Chinese has no spaces between words, nor between a Chinese
//! character and a number or a Latin word (`执法人员1114人次`, `落下帷幕，4月2日`),
//! so a break with a CJK character or full-width punctuation on either side
//! renders as nothing; between two Latin words it stays a space. (Chromium
//! does not drop such a newline itself: CSS Text 3 leaves it to the browser,
//! and only Firefox removes it, and only between two wide characters.) The
//! character classes are in `base::cjk`.

use crate::base::cjk::joins;

/// What to do about a soft line break once the text after it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
