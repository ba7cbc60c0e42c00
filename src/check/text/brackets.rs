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
