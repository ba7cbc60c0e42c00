//! Rules on columns: 空白栏目, 栏目不更新 (with their `update_every`), and a
//! home page with nothing new for two weeks (首页两周未更新).

use std::path::PathBuf;

use jiff::civil::Date;
use jiff::{Span, ToSpan};

use crate::base::diagnostic::Diagnostic;
use crate::content::front_matter::line_of;
use crate::content::rel_path;
use crate::model::{Column, Site};

/// Days the home page may go without a new item (检查指标: 首页两周未更新).
pub(super) const HOME_STALE_DAYS: i64 = 14;
/// The section's `_index.md`, for findings about a column.
pub(super) fn column_file(c: &Column) -> PathBuf {
    c.section
        .source
        .as_deref()
        .map(rel_path)
        .unwrap_or_else(|| match c.section.dir.as_str() {
            "" => "content/".into(),
            dir => format!("content/{dir}/").into(),
        })
}

/// 空白栏目, 栏目不更新 and 首页长期未更新.
pub(super) fn column_rules(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in site.columns.iter().skip(1) {
        let file = column_file(c);
        let newest = c.items.iter().map(|&i| site.items[i].item.date).max();
        let Some(newest) = newest else {
            if c.section.body.trim().is_empty() && c.dashboard.is_empty() {
                out.push(
                    Diagnostic::error(
                        &file,
                        0,
                        format!(
                            "栏目“{}”没有任何信息（空白栏目）：发布信息，或删除这个栏目",
                            c.section.title
                        ),
                    )
                    .with_rule("empty-column"),
                );
            }
            continue;
        };
        let Some(every) = &c.section.front.update_every else {
            continue;
        };
        let line = line_of(every, c.section.yaml_line);
        match parse_period(&every.value) {
            Err(m) => out.push(Diagnostic::error(&file, line, m).with_rule("update-every")),
            Ok(span) => {
                let due = newest.local.date().checked_add(span).unwrap_or(Date::MAX);
                if today > due {
                    out.push(
                        Diagnostic::error(
                            &file,
                            line,
                            format!(
                                "栏目“{}”最新信息发布于{}，已超过更新周期{}（应在{}前更新，栏目不更新）：请发布新信息",
                                c.section.title,
                                newest.date(),
                                every.value,
                                due
                            ),
                        )
                        .with_rule("stale-column"),
                    );
                }
            }
        }
    }
    if let Some(newest) = site.items.iter().map(|p| p.item.date).max() {
        let due = newest
            .local
            .date()
            .checked_add(HOME_STALE_DAYS.days())
            .unwrap_or(Date::MAX);
        if today > due {
            let home = &site.columns[0];
            out.push(
                Diagnostic::error(
                    column_file(home),
                    0,
                    format!(
                        "全站最新信息发布于{}，首页已超过两周没有新内容（检查指标：首页两周未更新即单项否决）：请发布新信息",
                        newest.date()
                    ),
                )
                .with_rule("home-stale"),
            );
        }
    } else {
        out.push(
            Diagnostic::error(
                column_file(&site.columns[0]),
                0,
                "网站还没有发布任何信息，首页没有内容（检查指标：首页两周未更新即单项否决）：请发布信息",
            )
            .with_rule("home-stale"),
        );
    }
    out
}

/// `14d`, `2w`, `6mo`, `1y` as a span.
pub(super) fn parse_period(text: &str) -> Result<Span, String> {
    let t = text.trim();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let (n, unit) = t.split_at(digits);
    let n: i64 = n.parse().map_err(|_| bad_period(text))?;
    match unit.trim() {
        "d" => Ok(n.days()),
        "w" => Ok(n.weeks()),
        "mo" => Ok(n.months()),
        "y" => Ok(n.years()),
        _ => Err(bad_period(text)),
    }
}

pub(super) fn bad_period(text: &str) -> String {
    format!(
        "update_every `{text}` 无法识别：写成数字加单位，d 天、w 周、mo 月、y 年，如 14d、6mo、1y"
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, site};
    use super::*;

    const NEWS: &str = "---\ntitle: 工作动态\nupdate_every: 14d\n---\n";

    fn item(title: &str, date: &str) -> String {
        format!("---\ntitle: {title}\ndate: {date}\n---\n\n正文。\n")
    }

    fn on(site: &Site, today: &str) -> Vec<(&'static str, String, usize)> {
        found(&column_rules(site, today.parse().unwrap()))
    }

    #[test]
    fn an_empty_column_a_stale_one_and_a_stale_home_are_found() {
        let s = site(&[
            ("content/news/_index.md", NEWS),
            (
                "content/news/2026-10-01-a.md",
                &item("秋季检查", "2026-10-01"),
            ),
            ("content/notices/_index.md", "---\ntitle: 通知公告\n---\n"),
        ]);
        assert_eq!(
            on(&s, "2026-10-20"),
            [
                ("stale-column", "content/news/_index.md".into(), 3),
                ("empty-column", "content/notices/_index.md".into(), 0),
                ("home-stale", "content/".into(), 0),
            ]
        );
    }

    #[test]
    fn a_column_with_text_or_new_items_is_not() {
        let s = site(&[
            ("content/news/_index.md", NEWS),
            (
                "content/news/2026-10-01-a.md",
                &item("秋季检查", "2026-10-01"),
            ),
            (
                "content/about/_index.md",
                "---\ntitle: 机构概况\n---\n\n区市场监督管理局是区政府工作部门。\n",
            ),
        ]);
        // Due on the 15th: the day itself is still in time.
        assert_eq!(on(&s, "2026-10-15"), []);
    }

    #[test]
    fn update_every_is_read_or_reported() {
        for (text, ok) in [
            ("14d", true),
            ("2w", true),
            ("6mo", true),
            ("1y", true),
            ("两周", false),
            ("14", false),
            ("d", false),
        ] {
            assert_eq!(parse_period(text).is_ok(), ok, "{text}");
        }
    }
}
