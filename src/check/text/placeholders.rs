//! The placeholder rule (`placeholder`): runs of a placeholder character
//! in context, dates left unfilled, and the messages (see the module header
//! of `check::text`).

/// The placeholders of `[check] placeholders`, sorted into runs of one
/// character and other words.
pub(super) struct Placeholders<'a> {
    /// A character and the shortest run of it that counts.
    pub(super) runs: Vec<(char, usize)>,
    pub(super) words: Vec<&'a str>,
}

impl<'a> Placeholders<'a> {
    pub(super) fn new(list: &'a [String]) -> Self {
        let mut runs: Vec<(char, usize)> = Vec::new();
        let mut words = Vec::new();
        for p in list {
            let p = p.as_str();
            let Some(first) = p.chars().next() else {
                continue;
            };
            if p.trim().is_empty() {
                continue;
            }
            if p.chars().all(|c| c == first) {
                let n = p.chars().count();
                match runs.iter_mut().find(|(c, _)| *c == first) {
                    Some(run) => run.1 = run.1.min(n),
                    None => runs.push((first, n)),
                }
            } else if !words.contains(&p) {
                words.push(p);
            }
        }
        Placeholders { runs, words }
    }

    pub(super) fn shortest_run(&self, c: char) -> Option<usize> {
        self.runs.iter().find(|(r, _)| *r == c).map(|&(_, n)| n)
    }

    pub(super) fn is_run_char(&self, c: char) -> bool {
        self.runs.iter().any(|(r, _)| *r == c)
    }
}

/// "日期" or "时间" when `phrase` (a placeholder with what surrounds it) is one.
pub(super) fn date_kind(phrase: &str) -> Option<&'static str> {
    if phrase.contains(['年', '月', '日']) {
        Some("日期")
    } else if phrase.contains(['时', '分', '秒', ':']) {
        Some("时间")
    } else if phrase.matches(['-', '/']).count() >= 2 {
        Some("日期")
    } else {
        None
    }
}

/// Whether the run `text[start..end]` of the placeholder character `c`
/// stands alone (or with digits: `20xx`) rather than inside a Latin word or
/// a model number (`KN95`, `Linux`, `xxl`, `a_xx`, `4xx`).
pub(super) fn run_in_context(text: &str, start: usize, end: usize, c: char) -> bool {
    if text[end..].starts_with(|a: char| a.is_ascii_digit()) {
        return false;
    }
    let after = token_side(text[end..].chars(), c);
    let before = token_side(text[..start].chars().rev(), c);
    if !after.plain || !before.plain {
        return false;
    }
    // HTTP status classes: 1xx … 5xx.
    let http_class = (end - start) == 2
        && c.is_ascii_alphabetic()
        && after.len == 0
        && before.len == 1
        && before.first.is_some_and(|d| ('1'..='5').contains(&d));
    !http_class
}

/// The Latin token on one side of a placeholder run.
pub(super) struct TokenSide {
    /// Holds only digits, the placeholder character and joiners.
    pub(super) plain: bool,
    /// Characters in it.
    pub(super) len: usize,
    /// The one next to the run.
    pub(super) first: Option<char>,
}

pub(super) fn token_side(mut chars: impl Iterator<Item = char> + Clone, c: char) -> TokenSide {
    let in_token = |t: char| t.is_ascii_alphanumeric() || t == '_' || t == '@' || t == c;
    let mut side = TokenSide {
        plain: true,
        len: 0,
        first: None,
    };
    while let Some(t) = chars.clone().next() {
        if in_token(t) {
            chars.next();
        } else if matches!(t, '-' | '.' | '/' | ':') {
            let mut ahead = chars.clone();
            ahead.next();
            if !ahead.next().is_some_and(in_token) {
                break;
            }
            chars.next();
        } else {
            break;
        }
        side.len += 1;
        side.first.get_or_insert(t);
        if t != c && (t.is_ascii_alphabetic() || t == '_' || t == '@') {
            side.plain = false;
        }
    }
    side
}

/// "“xx”像是没有填写的占位文字", quoting up to two letters or ideographs
/// on each side when there are any (`“信息xx篇”中的“xx”…`).
pub(super) fn placeholder_message(text: &str, start: usize, end: usize) -> String {
    let mut from = start;
    for (n, (k, ch)) in text[..start].char_indices().rev().enumerate() {
        if n == 2 || !ch.is_alphanumeric() {
            break;
        }
        from = k;
    }
    let mut to = end;
    for (n, (k, ch)) in text[end..].char_indices().enumerate() {
        if n == 2 || !ch.is_alphanumeric() {
            break;
        }
        to = end + k + ch.len_utf8();
    }
    let placeholder = &text[start..end];
    if (from, to) == (start, end) {
        format!("“{placeholder}”像是没有填写的占位文字，请填入实际内容")
    } else {
        format!(
            "“{}”中的“{placeholder}”像是没有填写的占位文字，请填入实际内容",
            &text[from..to]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;

    #[test]
    fn placeholders_count_only_in_context() {
        let cases: &[(&str, usize)] = &[
            ("20xx年", 1),
            ("xx月", 1),
            ("信息xx篇", 1),
            ("《xxxx》", 1),
            ("xx同志", 1),
            ("xx市场监管所", 1),
            ("XX公司", 1),
            ("XXX同志", 1),
            ("××市", 1),
            ("KN××型", 1),
            ("20××年度", 1),
            ("电话：0825-xxxxxxx", 1),
            ("20xx-xx-xx", 1),
            ("xx时xx分", 1),
            ("第 xx 期", 1),
            ("TODO：补充案例", 1),
            ("待补充 TODO", 1),
            ("KN95口罩", 0),
            ("xxl码", 0),
            ("Linux box", 0),
            ("taxx", 0),
            ("Foxx", 0),
            ("xxgk栏目", 0),
            ("XXL号", 0),
            ("第XXI届", 0),
            ("HTTP 4xx 错误", 0),
            ("xx12", 0),
            ("a_xx", 0),
            ("xx@example.cn", 0),
            ("xx.docx", 0),
            ("0x1F", 0),
            ("3×4米", 0),
            ("1920×1080", 0),
            ("TODOS", 0),
            ("x光", 0),
            ("详见 https://www.example.gov.cn/xxgk/xx/2021 公告", 0),
            ("登录 www.xx.gov.cn 查询", 0),
        ];
        for &(text, n) in cases {
            assert_eq!(plain(text).len(), n, "{text}: {:?}", plain(text));
        }
    }

    #[test]
    fn a_date_is_one_finding_at_its_start() {
        let f = plain("定于2021年xx月xx日召开");
        assert_eq!(places(&f), [(PLACEHOLDER, 1, 3)]);
        assert_eq!(f[0].message, "日期“2021年xx月xx日”没有填写，请填入实际日期");
        let f = plain("截至20xx-xx-xx。");
        assert_eq!(places(&f), [(PLACEHOLDER, 1, 3)]);
        assert!(f[0].message.contains("“20xx-xx-xx”"), "{}", f[0].message);
        let f = plain("会议于xx时xx分开始");
        assert_eq!(f[0].message, "时间“xx时xx分”没有填写，请填入实际时间");
    }

    #[test]
    fn placeholders_come_from_the_configuration() {
        let list = rules(&["待定", "某某", "XXX"]);
        assert_eq!(check_plain("时间待定", &list).len(), 1);
        assert_eq!(check_plain("某某公司", &list).len(), 1);
        // "xx" is not listed, and "XXX" asks for three.
        assert_eq!(check_plain("信息xx篇，XX公司", &list), vec![]);
        assert_eq!(check_plain("XXX公司", &list).len(), 1);
        assert_eq!(check_plain("xx", &rules(&[])), vec![]);
        assert_eq!(check_plain("xx", &rules(&["", " "])), vec![]);
    }
}
