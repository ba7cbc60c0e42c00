//! Scanning one unit of text (a paragraph, a heading, a cell) in one pass
//! for the rules that look at characters: brackets ([`super::brackets`]),
//! placeholders ([`super::placeholders`]), numbers that are personal
//! information ([`super::personal`]) and half-width punctuation
//! ([`super::punctuation`]); bare URLs are skipped. The wrong words
//! ([`super::wrong_words`]) are looked for in the unit all at once.

use std::ops::Range;

use super::*;

/// A finding at a byte offset (in the unit's text while scanning, in the
/// source afterwards).
pub(super) struct Hit {
    pub(super) pos: usize,
    pub(super) rule: &'static str,
    pub(super) message: String,
}

/// An open bracket waiting for its closer.
pub(super) struct Open {
    pub(super) class: Class,
    pub(super) ch: char,
    pub(super) pos: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
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

/// What the placeholder rule did at a position.
pub(super) enum Step {
    /// No placeholder starts there.
    Nothing,
    /// Text to pass over (a run that is no placeholder, or one reported).
    Past(usize),
}

pub(super) struct Scanner<'a> {
    pub(super) rules: &'a TextRules,
    pub(super) placeholders: Placeholders<'a>,
    /// The bytes a character worth looking at (a bracket, a placeholder, a
    /// URL) can start with: text is mostly ideographs, passed over without
    /// decoding.
    pub(super) interesting: [bool; 256],
    pub(super) stack: Vec<Open>,
    pub(super) hits: Vec<Hit>,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(rules: &'a TextRules) -> Self {
        let placeholders = Placeholders::new(&rules.placeholders);
        let mut interesting = [false; 256];
        let mut mark = |c: char| {
            let mut buf = [0; 4];
            interesting[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])] = true;
        };
        "()（）[]［］《》〈〉“”‘’【】〖〗「」『』〔〕hHfFwW0123456789"
            .chars()
            .chain(super::punctuation::MARKS.map(|m| m.0))
            .for_each(&mut mark);
        placeholders.runs.iter().for_each(|&(c, _)| mark(c));
        placeholders
            .words
            .iter()
            .filter_map(|w| w.chars().next())
            .for_each(&mut mark);
        Scanner {
            rules,
            placeholders,
            interesting,
            stack: Vec::new(),
            hits: Vec::new(),
        }
    }

    /// Checks one unit of text, adding to `self.hits` at offsets in `text`.
    pub(super) fn scan(&mut self, text: &str) {
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
            if c.is_ascii_digit() && !self.placeholders.is_run_char(c) {
                let (end, hit) = super::personal::at_digits(text, i, &self.rules.own_numbers);
                self.hits.extend(hit);
                i = end;
                continue;
            }
            if let Step::Past(end) = self.placeholder(text, i, c) {
                i = end;
                continue;
            }
            if let Some(hit) = super::punctuation::at_mark(text, i, c) {
                self.hits.push(hit);
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
        self.rules.wrong_words.find(text, &mut self.hits);
    }

    pub(super) fn close(
        &mut self,
        text: &str,
        i: usize,
        c: char,
        class: Class,
        prev: Option<char>,
    ) {
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
    pub(super) fn placeholder(&mut self, text: &str, i: usize, c: char) -> Step {
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
    pub(super) fn date_phrase(&self, text: &str, start: usize, end: usize) -> Range<usize> {
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

/// The end of the bare URL starting at `text[i]`, if one does.
pub(super) fn url_end(text: &str, i: usize) -> Option<usize> {
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
