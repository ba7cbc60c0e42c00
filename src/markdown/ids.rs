//! Heading ids. Writers' editors (and GitHub) preview `## 一、主要工作及成效` with
//! the anchor `#一主要工作及成效`; links written against that preview must keep
//! working on the site, so ids follow GitHub's rule exactly, duplicates included.

use std::collections::HashMap;

// The public name (mod.rs) is called here so the binary crate sees it used.
use super::heading_id;

/// The id GitHub gives a heading with this text: lower-cased, punctuation and
/// symbols dropped (ASCII and CJK alike: `、，。：；！？（）《》“”`), letters,
/// digits, marks, `-` and `_` kept, each space turned into `-`.
///
/// Returns an empty string when nothing is left (e.g. `## ???`); [`IdRegistry`]
/// then uses `section` as the base.
pub(super) fn slug(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            ' ' => id.push('-'),
            // Fast paths for Chinese headings: ideographs have no case,
            // CJK and full-width punctuation is dropped.
            '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => {
                id.push(c);
            }
            '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3020}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}' => {}
            c if keeps(c) => id.extend(c.to_lowercase()),
            _ => {}
        }
    }
    id
}

/// Letters (L), marks (M), numbers (N), connector punctuation (Pc) and `-`:
/// the characters github-slugger does not strip.
fn keeps(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '-' || c == '_';
    }
    c.is_alphanumeric()
        || matches!(c,
            // connector punctuation
            '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}'
            | '\u{FE4D}'..='\u{FE4F}' | '\u{FF3F}'
            // combining marks
            | '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}'
            | '\u{3099}' | '\u{309A}')
}

/// Hands out unique ids in document order: the second `## 概述` gets
/// `概述-1`, the third `概述-2` (github-slugger's scheme).
#[derive(Default)]
pub(crate) struct IdRegistry {
    occurrences: HashMap<String, usize>,
}

impl IdRegistry {
    /// A unique id for a heading with this text.
    pub(crate) fn unique(&mut self, text: &str) -> String {
        let mut base = heading_id(text);
        if base.is_empty() {
            base.push_str("section");
        }
        if !self.occurrences.contains_key(&base) {
            self.occurrences.insert(base.clone(), 0);
            return base;
        }
        let mut candidate;
        loop {
            let n = match self.occurrences.get_mut(&base) {
                Some(n) => {
                    *n += 1;
                    *n
                }
                None => 0,
            };
            candidate = format!("{base}-{n}");
            if !self.occurrences.contains_key(&candidate) {
                break;
            }
        }
        self.occurrences.insert(candidate.clone(), 0);
        candidate
    }

    /// Records an id the writer chose (`{#id}`) so later headings avoid it.
    pub(crate) fn reserve(&mut self, id: &str) {
        if !self.occurrences.contains_key(id) {
            self.occurrences.insert(id.to_owned(), 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_punctuation_is_dropped() {
        assert_eq!(heading_id("一、主要工作及成效"), "一主要工作及成效");
        assert_eq!(heading_id("（一）强化监管，守住底线"), "一强化监管守住底线");
        assert_eq!(
            heading_id("《食品安全法》解读：“四个最严”！？；"),
            "食品安全法解读四个最严"
        );
    }

    #[test]
    fn full_width_forms() {
        assert_eq!(heading_id("ＡＢＣ１２３，〇々"), "ａｂｃ１２３〇々");
    }

    #[test]
    fn ascii_rule() {
        assert_eq!(heading_id("Hello, World!"), "hello-world");
        assert_eq!(
            heading_id("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(heading_id("  2021 年 工作 "), "2021-年-工作");
        assert_eq!(heading_id("C++ & Rust (2021)"), "c--rust-2021");
        assert_eq!(heading_id("Ünïcödé"), "ünïcödé");
    }

    #[test]
    fn duplicates_are_numbered_in_order() {
        let mut ids = IdRegistry::default();
        assert_eq!(ids.unique("概述"), "概述");
        assert_eq!(ids.unique("概述"), "概述-1");
        assert_eq!(ids.unique("概述"), "概述-2");
        assert_eq!(ids.unique("概述-1"), "概述-1-1");
        assert_eq!(ids.unique("???"), "section");
        assert_eq!(ids.unique("!!!"), "section-1");
    }

    #[test]
    fn reserved_ids_are_avoided() {
        let mut ids = IdRegistry::default();
        ids.reserve("intro");
        assert_eq!(ids.unique("Intro"), "intro-1");
    }
}
