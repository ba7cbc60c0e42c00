//! ASCII URL segments for file names and tags written in Chinese.
//!
//! Government hosting and the people who type URLs both cope badly with
//! percent-encoded paths, so a Chinese name becomes its pinyin (without
//! tones), words joined by `-`: `春雷行动媒体聚焦` → `chun-lei-xing-dong-mei-ti-ju-jiao`.
//! ASCII letters and digits are kept, so `2021-04-02-chunlei-press` is
//! unchanged.

use pinyin::ToPinyin;

/// The URL segment for a file name, bundle folder, `slug:` value or tag.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if let Some(py) = c.to_pinyin() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push_str(py.plain());
            out.push('-');
        } else if !out.is_empty() && !out.ends_with('-') {
            // Spaces, punctuation and anything without a reading separate
            // words; they never reach the URL themselves.
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn ascii_names_are_kept() {
        assert_eq!(
            slugify("2021-04-02-chunlei-press"),
            "2021-04-02-chunlei-press"
        );
        assert_eq!(slugify("Report_2020"), "report_2020");
    }

    #[test]
    fn chinese_becomes_pinyin() {
        assert_eq!(
            slugify("春雷行动媒体聚焦"),
            "chun-lei-xing-dong-mei-ti-ju-jiao"
        );
        assert_eq!(slugify("春雷行动2021"), "chun-lei-xing-dong-2021");
        assert_eq!(slugify("3·15"), "3-15");
        assert_eq!(
            slugify("食品安全 “两个责任”"),
            "shi-pin-an-quan-liang-ge-ze-ren"
        );
    }

    #[test]
    fn nothing_readable_gives_empty() {
        assert_eq!(slugify("——"), "");
    }
}
