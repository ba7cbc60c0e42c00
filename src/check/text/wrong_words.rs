//! The wrong-word rule (`wrong-word`): the wrong forms of official names
//! and terms listed in `[check] wrong_words` (`"扫黑险恶" = "扫黑除恶"`),
//! each a 严重表述错误 in the 检查指标: four of them fail a site outright
//! (see `check::summary`). Every occurrence is reported with its right
//! form. The list is the site's: `bulletin init` writes a starter list,
//! each entry with its source.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::scan::Hit;

pub(crate) const WRONG_WORD: &str = "wrong-word";

/// The wrong forms, found all at once in a text.
pub(super) struct WrongWords {
    /// `None` when the list is empty.
    finder: Option<AhoCorasick>,
    /// The right form of each wrong one, in the finder's order.
    right: Vec<String>,
}

impl WrongWords {
    pub(super) fn new(list: &BTreeMap<String, String>) -> WrongWords {
        let list: Vec<(&String, &String)> = list
            .iter()
            .filter(|(wrong, right)| !wrong.trim().is_empty() && wrong != right)
            .collect();
        // The longest wrong form wins where two overlap.
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(list.iter().map(|(wrong, _)| wrong.as_str()))
            .ok()
            .filter(|_| !list.is_empty());
        WrongWords {
            finder,
            right: list.iter().map(|(_, right)| (*right).clone()).collect(),
        }
    }

    /// Every wrong form in `text`, as findings at offsets in `text`.
    pub(super) fn find(&self, text: &str, hits: &mut Vec<Hit>) {
        let Some(finder) = &self.finder else {
            return;
        };
        for m in finder.find_iter(text) {
            let wrong = &text[m.range()];
            let right = &self.right[m.pattern().as_usize()];
            hits.push(Hit {
                pos: m.start(),
                rule: WRONG_WORD,
                message: format!("“{wrong}”是错误写法，应为“{right}”（严重表述错误）"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pairs: &[(&str, &str)]) -> WrongWords {
        WrongWords::new(
            &pairs
                .iter()
                .map(|(w, r)| (w.to_string(), r.to_string()))
                .collect(),
        )
    }

    fn find(words: &WrongWords, text: &str) -> Vec<(usize, String)> {
        let mut hits = Vec::new();
        words.find(text, &mut hits);
        hits.into_iter().map(|h| (h.pos, h.message)).collect()
    }

    #[test]
    fn each_wrong_form_is_found_with_its_right_form() {
        let w = words(&[("扫黑险恶", "扫黑除恶"), ("一路一带", "一带一路")]);
        assert_eq!(
            find(&w, "深入开展扫黑险恶专项斗争，服务一路一带建设，扫黑险恶"),
            [
                (
                    12,
                    "“扫黑险恶”是错误写法，应为“扫黑除恶”（严重表述错误）".to_string()
                ),
                (
                    45,
                    "“一路一带”是错误写法，应为“一带一路”（严重表述错误）".to_string()
                ),
                (
                    66,
                    "“扫黑险恶”是错误写法，应为“扫黑除恶”（严重表述错误）".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_right_form_and_near_words_are_not_findings() {
        let w = words(&[
            ("扫黑险恶", "扫黑除恶"),
            ("国家市场监督管理局", "国家市场监督管理总局"),
        ]);
        for text in [
            "深入开展扫黑除恶专项斗争",
            "扫黑",
            "国家市场监督管理总局发布",
        ] {
            assert_eq!(find(&w, text), [], "{text}");
        }
        // An empty list, or an entry whose two forms agree, finds nothing.
        assert_eq!(find(&words(&[]), "扫黑险恶"), []);
        assert_eq!(find(&words(&[("扫黑除恶", "扫黑除恶")]), "扫黑除恶"), []);
    }

    #[test]
    fn the_longest_wrong_form_wins() {
        let w = words(&[
            ("十九届全国代表大会", "十九次全国代表大会"),
            ("全国代表", "x"),
        ]);
        let found = find(&w, "党的十九届全国代表大会");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("十九次全国代表大会"));
    }
}
