//! The bracket rule (`unbalanced`): which characters pair, and the
//! messages (see the module header of `check::text`).

use super::*;

/// The kind of bracket `c` is, and whether it opens.
pub(super) fn bracket(c: char) -> Option<(Class, bool)> {
    use Class::*;
    Some(match c {
        '(' | '（' => (Paren, true),
        ')' | '）' => (Paren, false),
        '[' | '［' => (Square, true),
        ']' | '］' => (Square, false),
        '《' => (Title, true),
        '》' => (Title, false),
        '〈' => (Angle, true),
        '〉' => (Angle, false),
        '“' => (DoubleQuote, true),
        '”' => (DoubleQuote, false),
        '‘' => (SingleQuote, true),
        '’' => (SingleQuote, false),
        '【' => (Lenticular, true),
        '】' => (Lenticular, false),
        '〖' => (WhiteLenticular, true),
        '〗' => (WhiteLenticular, false),
        '「' => (Corner, true),
        '」' => (Corner, false),
        '『' => (WhiteCorner, true),
        '』' => (WhiteCorner, false),
        '〔' => (Tortoise, true),
        '〕' => (Tortoise, false),
        _ => return None,
    })
}

/// The other half of a bracket pair.
pub(super) fn partner(c: char) -> char {
    const PAIRS: [(char, char); 13] = [
        ('(', ')'),
        ('（', '）'),
        ('[', ']'),
        ('［', '］'),
        ('《', '》'),
        ('〈', '〉'),
        ('“', '”'),
        ('‘', '’'),
        ('【', '】'),
        ('〖', '〗'),
        ('「', '」'),
        ('『', '』'),
        ('〔', '〕'),
    ];
    PAIRS
        .iter()
        .find_map(|&(open, close)| match c {
            _ if c == open => Some(close),
            _ if c == close => Some(open),
            _ => None,
        })
        .unwrap_or(c)
}

/// A bracket as a message shows it: `“（”`; quotes by name, in corner
/// brackets so they stand out from the message's own quotes.
pub(super) fn show(c: char) -> String {
    match c {
        '“' => "左引号「“」".into(),
        '”' => "右引号「”」".into(),
        '‘' => "左单引号「‘」".into(),
        '’' => "右单引号「’」".into(),
        c => format!("“{c}”"),
    }
}

pub(super) fn kind_name(c: char) -> &'static str {
    match bracket(c).map(|(class, _)| class) {
        Some(Class::Title) => "书名号",
        Some(Class::DoubleQuote | Class::SingleQuote) => "引号",
        _ => "括号",
    }
}

/// The message for an opener never closed; `outer` is the closer of an
/// enclosing pair that came first, if that is how it was found.
pub(super) fn open_message(c: char, outer: Option<char>) -> String {
    let place = outer.map_or(String::new(), |o| format!("在{}之前", show(o)));
    format!(
        "{}没有对应的{}，请{place}补全{}",
        show(c),
        show(partner(c)),
        kind_name(c)
    )
}

pub(super) fn close_message(c: char) -> String {
    format!(
        "{}没有对应的{}，请补全或删去多余的{}",
        show(c),
        show(partner(c)),
        kind_name(c)
    )
}

/// Whether `before` (the text before a `)` or `）` that closes nothing) ends
/// with a list marker's number: `1`, `a`, `iv`, `一` at the start of the text,
/// of a line, or after whitespace or `：；。，、！？:;,`.
pub(super) fn ends_with_list_marker(before: &str) -> bool {
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let roman = |c: char| "ivxIVX".contains(c);
    let (mut n, mut digits, mut chinese, mut romans, mut letters) = (0, 0, 0, 0, 0);
    let mut boundary = None;
    for c in before.chars().rev() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if cn(c) {
            chinese += 1;
        } else if roman(c) {
            romans += 1;
        } else if c.is_ascii_alphabetic() {
            letters += 1;
        } else {
            boundary = Some(c);
            break;
        }
        n += 1;
        if n > 4 {
            return false;
        }
    }
    // Up to three digits or Chinese numerals, up to four Roman numerals
    // (`n` is at most 4 here), or one letter.
    let marker = match n {
        0 => false,
        1..=3 => digits == n || chinese == n || romans == n || n == 1 && letters == 1,
        _ => romans == n,
    };
    marker && boundary.is_none_or(|b| b.is_whitespace() || "：；。，、！？:;,".contains(b))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;

    #[test]
    fn list_markers_and_other_correct_brackets() {
        for text in [
            "1) 建立台账",
            "a) 防疫物资",
            "一）开展审查",
            "ii) 第二项",
            "A）第一项",
            "主要做法有：1）建立台账；2）分类处置；3）跟踪回访。",
            "（一）疫情防控防线严密筑牢。",
            "(1) 严格落实",
            "《汕尾市重点产品质量提升工作方案（2019-2020年)》",
            "主要做法：\n1）建立台账\n2）分类处置",
            "《中华人民共和国食品安全法》（2021年修正）",
            "形成“1+1>2”的合力",
            "The bureau’s staff read the bureaus’ reports.",
            "‘三查三看’工作法",
            "【专题】「基层经验」『引文』〔2021〕〖要闻〗〈附〉［注］",
            "《关于印发〈政府网站发展指引〉的通知》",
            "他说：“要坚持‘四个最严’要求。”",
            "（详见https://www.example.gov.cn/a_(b).html）",
            "(见 https://www.example.gov.cn/xxgk)",
        ] {
            assert_eq!(plain(text), vec![], "{text}");
            assert_eq!(md(text), vec![], "{text}");
        }
    }

    #[test]
    fn unbalanced_brackets_are_reported_where_they_are() {
        let f = plain("扎实推进工作）。");
        assert_eq!(places(&f), [(UNBALANCED, 1, 7)]);
        assert_eq!(f[0].message, "“）”没有对应的“（”，请补全或删去多余的括号");
        assert_eq!(
            places(&plain("（1）建立台账（2分类处置")),
            [(UNBALANCED, 1, 8)]
        );
        assert_eq!(places(&plain("第2）项")), [(UNBALANCED, 1, 3)]);
        assert_eq!(places(&plain("：a1）")), [(UNBALANCED, 1, 4)]);
        assert_eq!(
            places(&plain("“文字“")),
            [(UNBALANCED, 1, 1), (UNBALANCED, 1, 4)]
        );
        let f = plain("”文字");
        assert_eq!(
            f[0].message,
            "右引号「”」没有对应的左引号「“」，请补全或删去多余的引号"
        );
        // Crossed pairs: the inner opener is reported at the outer closer,
        // then the inner closer has nothing left to close.
        assert_eq!(
            places(&plain("《标题（2021》）")),
            [(UNBALANCED, 1, 4), (UNBALANCED, 1, 10)]
        );
        assert_eq!(
            places(&plain("国办发[2017)")),
            [(UNBALANCED, 1, 4), (UNBALANCED, 1, 9)]
        );
    }

    #[test]
    fn brackets_balance_per_paragraph_item_cell_and_heading() {
        assert_eq!(
            places(&md("（一\n\n完）")),
            [(UNBALANCED, 1, 1), (UNBALANCED, 3, 2)]
        );
        assert_eq!(places(&md("（详见\n附件）")), []);
        assert_eq!(
            places(&md("- （一\n- 完）")),
            [(UNBALANCED, 1, 3), (UNBALANCED, 2, 4)]
        );
        assert_eq!(
            places(&md("| a | b |\n|---|---|\n| （一 | 完） |")),
            [(UNBALANCED, 3, 3), (UNBALANCED, 3, 9)]
        );
        assert_eq!(
            places(&md("## （一\n\n完）")),
            [(UNBALANCED, 1, 4), (UNBALANCED, 3, 2)]
        );
        assert_eq!(
            places(&md("> “引用\n>\n> 结束”")),
            [(UNBALANCED, 1, 3), (UNBALANCED, 3, 5)]
        );
    }
}
