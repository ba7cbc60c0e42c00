//! How wide text is, without a font: an East Asian wide character (汉字,
//! full-width punctuation) is 1em, any other character about 0.55em. The
//! East Asian *ambiguous* characters (“ ” … ° ×) are counted wide, as CJK
//! fonts draw them, so the estimate errs on the wide side. Every layout
//! decision (wrapping, fitting, hbar fallback) and the overlap tests use
//! this one model.

use unicode_width::UnicodeWidthChar;

/// Width of a narrow character, in em.
pub(super) const NARROW: f64 = 0.55;

/// Height of a text box, in em: from 0.9em above the baseline to 0.2em below.
pub(super) const ASCENT: f64 = 0.9;
pub(super) const DESCENT: f64 = 0.2;

/// Distance between the baselines of wrapped lines, in em.
pub(super) const LINE_HEIGHT: f64 = 1.3;

/// Width of one character in em.
pub(super) fn char_em(c: char) -> f64 {
    match c.width_cjk() {
        Some(2) => 1.0,
        Some(0) | None => 0.0,
        _ => NARROW,
    }
}

/// Width of `text` at font size `size`.
pub(super) fn width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// A label broken into lines.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Wrapped {
    pub lines: Vec<String>,
    /// Some text did not fit and the last line ends with `…`.
    pub truncated: bool,
}

impl Wrapped {
    /// Width of the widest line.
    pub(super) fn width(&self, size: f64) -> f64 {
        self.lines
            .iter()
            .map(|l| width(l, size))
            .fold(0.0, f64::max)
    }
}

/// Punctuation that may not start a line (it joins the character before).
fn closing(c: char) -> bool {
    "，。、；：！？）》」』】〉”’％%‰,.;:!?)]}·…—".contains(c)
}

/// Punctuation that may not end a line (it joins the character after).
fn opening(c: char) -> bool {
    "（《「『【〈“‘([{".contains(c)
}

/// A unit or counter that stays with the number before it (11日, 2021年).
fn counter(c: char) -> bool {
    "年月日号时分秒周季个件次户人元万亿千百台辆家批条项名位起".contains(c)
}

/// Units a line may break between: each CJK character on its own, runs of
/// narrow characters (numbers, Latin words) kept whole, punctuation glued
/// to its neighbour.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    let mut in_narrow_run = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if out.last().is_some_and(|t| t != " ") {
                out.push(" ".to_string());
            }
            glue_next = false;
            in_narrow_run = false;
            continue;
        }
        let wide = char_em(c) >= 1.0;
        let after_digit = out
            .last()
            .and_then(|t| t.chars().last())
            .is_some_and(|l| l.is_ascii_digit());
        let join = match out.last() {
            None => false,
            Some(last) if last == " " => false,
            Some(_) => {
                glue_next || closing(c) || (!wide && in_narrow_run) || (after_digit && counter(c))
            }
        };
        if join {
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        } else {
            out.push(c.to_string());
        }
        glue_next = opening(c);
        in_narrow_run = !wide && !opening(c);
    }
    if out.last().is_some_and(|t| t == " ") {
        out.pop();
    }
    out
}

/// Breaks `text` into at most `max_lines` lines no wider than `max_width`
/// at font size `size`; what does not fit is cut with `…`.
pub(super) fn wrap(text: &str, max_width: f64, size: f64, max_lines: usize) -> Wrapped {
    let max_lines = max_lines.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    for tok in tokens(text) {
        let w = width(&tok, size);
        if tok == " " {
            if !line.is_empty() {
                line.push(' ');
                line_w += w;
            }
            continue;
        }
        if line_w + w <= max_width + 1e-6 {
            line.push_str(&tok);
            line_w += w;
            continue;
        }
        if !line.is_empty() {
            lines.push(line.trim_end().to_string());
            line = String::new();
            line_w = 0.0;
        }
        if w <= max_width + 1e-6 {
            line.push_str(&tok);
            line_w = w;
        } else {
            // A token wider than a line: break it between characters.
            for c in tok.chars() {
                let cw = char_em(c) * size;
                if line_w + cw > max_width + 1e-6 && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
            }
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() <= max_lines && lines.iter().all(|l| width(l, size) <= max_width + 1e-6) {
        return Wrapped {
            lines,
            truncated: false,
        };
    }
    // Too long: keep the first lines, end the last one with an ellipsis.
    let keep = max_lines.min(lines.len());
    let rest: String = lines[keep - 1..].concat();
    lines.truncate(keep - 1);
    lines.push(ellipsize(&rest, max_width, size));
    Wrapped {
        lines,
        truncated: true,
    }
}

/// The longest start of `text` that fits in `max_width` with `…` after it.
pub(super) fn ellipsize(text: &str, max_width: f64, size: f64) -> String {
    let budget = max_width - width("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        let cw = char_em(c) * size;
        if w + cw > budget + 1e-6 {
            break;
        }
        out.push(c);
        w += cw;
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// `text` as it is if it fits in `max_width`, else shortened with `…`
/// together with the full text (for a `<title>`).
pub(super) fn ellipsize_if_needed(
    text: &str,
    max_width: f64,
    size: f64,
) -> (String, Option<String>) {
    if width(text, size) <= max_width + 1e-6 {
        (text.to_string(), None)
    } else {
        (ellipsize(text, max_width, size), Some(text.to_string()))
    }
}

/// Like [`wrap`], but when the text takes several lines they are made as
/// even as possible (冷链物流 / 疫情防控 rather than 冷链物流疫 / 情防控).
pub(super) fn wrap_balanced(text: &str, max_width: f64, size: f64, max_lines: usize) -> Wrapped {
    let first = wrap(text, max_width, size, max_lines);
    if first.truncated || first.lines.len() < 2 {
        return first;
    }
    let n = first.lines.len();
    let (mut lo, mut hi) = (width(text, size) / n as f64 * 0.9, max_width);
    let mut best = first;
    for _ in 0..12 {
        let mid = (lo + hi) / 2.0;
        let w = wrap(text, mid, size, max_lines);
        if !w.truncated && w.lines.len() == n {
            hi = mid;
            best = w;
        } else {
            lo = mid;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(width("出动执法人员", 10.0), 60.0);
        assert!((width("1114", 10.0) - 22.0).abs() < 1e-9);
        assert!((width("12315举报", 10.0) - (5.0 * 5.5 + 20.0)).abs() < 1e-9);
        // Full-width and ambiguous punctuation counts wide.
        assert_eq!(width("（）", 10.0), 20.0);
        assert_eq!(width("“", 10.0), 10.0);
        assert_eq!(width("", 10.0), 0.0);
        // Combining marks and controls take no room.
        assert_eq!(width("\u{301}\u{7}", 10.0), 0.0);
    }

    #[test]
    fn wraps_cjk_anywhere_but_keeps_numbers_whole() {
        let w = wrap("12315举报按时核查率", 50.0, 10.0, 2);
        assert_eq!(w.lines, ["12315举报", "按时核查率"]);
        assert!(!w.truncated);
        // Closing punctuation never starts a line.
        let w = wrap("各镇（街道）检查", 50.0, 10.0, 3);
        assert!(
            w.lines.iter().all(|l| !l.starts_with('）')),
            "{:?}",
            w.lines
        );
    }

    #[test]
    fn numbers_keep_their_unit() {
        assert_eq!(wrap("2021年3月", 40.0, 10.0, 3).lines, ["2021年", "3月"]);
        // Only a number and unit wider than the line are split.
        assert_eq!(wrap("11日", 20.0, 10.0, 2).lines, ["11", "日"]);
        assert_eq!(wrap("共11日", 25.0, 10.0, 2).lines, ["共", "11日"]);
    }

    #[test]
    fn truncates_with_ellipsis() {
        let w = wrap("一二三四五六七八九十", 40.0, 10.0, 2);
        assert_eq!(w.lines, ["一二三四", "五六七…"]);
        assert!(w.truncated);
        assert!(w.width(10.0) <= 40.0);
        let w = wrap("一二三四五", 5.0, 10.0, 1);
        assert_eq!(w.lines, ["…"]);
        // Narrower than one character, or no room at all: no panic.
        for room in [5.0, 0.0, -10.0] {
            let w = wrap("一", room, 10.0, 3);
            assert_eq!(w.lines, ["…"]);
            assert!(wrap_balanced("一二 三", room, 10.0, 2).truncated);
        }
        assert_eq!(wrap("", 50.0, 10.0, 2).lines, [""]);
    }

    #[test]
    fn balanced_lines() {
        let w = wrap_balanced("冷链物流疫情防控", 50.0, 10.0, 2);
        assert_eq!(w.lines, ["冷链物流", "疫情防控"]);
        let w = wrap_balanced("食品", 50.0, 10.0, 2);
        assert_eq!(w.lines, ["食品"]);
    }

    #[test]
    fn spaces_collapse_and_latin_words_stay_whole() {
        let w = wrap("LED  display screen", 50.0, 10.0, 3);
        assert_eq!(w.lines, ["LED", "display", "screen"]);
    }
}
