//! The punctuation rule (`punctuation`): a half-width `, ; : ? !` between
//! Chinese words, as text copied from web pages and spreadsheets brings
//! (`帷幕,4月2日`, `表示:“…`). Chinese text takes the full-width marks
//! (GB/T 15834-2011 标点符号用法).
//!
//! A mark counts when a Han character is right before it and, after any
//! spaces, a Han character, a digit or an opening Chinese quote or
//! bracket follows. So numbers (`3,000`, `14:30`), Latin text (`Note: …`)
//! and URLs are left alone; half-width brackets such as `(一)` are the
//! bracket rule's.

use super::scan::Hit;
use crate::base::cjk::is_han;

pub(crate) const PUNCTUATION: &str = "punctuation";

/// The half-width marks the rule knows, with their full-width forms.
pub(super) const MARKS: [(char, char, &str); 5] = [
    (',', '，', "逗号"),
    (';', '；', "分号"),
    (':', '：', "冒号"),
    ('?', '？', "问号"),
    ('!', '！', "叹号"),
];

/// A finding when the half-width mark `c` at `text[i]` stands in
/// Chinese text.
pub(super) fn at_mark(text: &str, i: usize, c: char) -> Option<Hit> {
    let &(_, full, name) = MARKS.iter().find(|m| m.0 == c)?;
    let before = text[..i].chars().next_back()?;
    let after = text[i + 1..].trim_start_matches(' ').chars().next()?;
    let chinese_after =
        is_han(after) || after.is_ascii_digit() || matches!(after, '“' | '‘' | '《' | '（' | '【');
    if !is_han(before) || !chinese_after {
        return None;
    }
    let quote: String = text[..i]
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .chain(text[i..].chars().take(3))
        .collect();
    Some(Hit {
        pos: i,
        rule: PUNCTUATION,
        message: format!(
            "“{}”中的半角{name}“{c}”应为全角“{full}”：中文里用全角标点（GB/T 15834）",
            quote.trim_end()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (position, message) of the first finding in `text`.
    fn find(text: &str) -> Option<(usize, String)> {
        text.char_indices()
            .find_map(|(i, c)| at_mark(text, i, c))
            .map(|h| (h.pos, h.message))
    }

    #[test]
    fn half_width_marks_between_chinese_are_found() {
        let (pos, message) = find("春雷行动拉开帷幕,4月2日起").unwrap();
        assert_eq!(pos, "春雷行动拉开帷幕".len());
        assert_eq!(
            message,
            "“帷幕,4月”中的半角逗号“,”应为全角“，”：中文里用全角标点（GB/T 15834）"
        );
        for (text, full) in [
            ("负责人表示:“要持续推进", '：'),
            ("检查时间: 2021年4月", '：'),
            ("一是加强监管;二是", '；'),
            ("是否合格?请核实", '？'),
            ("成效显著!下一步", '！'),
        ] {
            let (_, message) = find(text).expect(text);
            assert!(
                message.contains(&format!("全角“{full}”")),
                "{text}: {message}"
            );
        }
    }

    #[test]
    fn half_width_marks_elsewhere_are_not_findings() {
        for text in [
            "货值3,000元",
            "14:30召开",
            "Note: 以下为英文",
            "比例为1:1000",
            "详见 https://www.samr.gov.cn/a,b",
            "帷幕,", // nothing after
            "帷幕, and more",
            "（一）持续推进",
            "春雷行动，4月2日起", // already full-width
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }
}
