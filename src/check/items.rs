//! Rules on items: their title, summary and 政府信息公开 table (the text
//! rules on one line, 文号, 索引号), dates after today, titles repeated in
//! a year, 索引号 used twice.

use std::collections::HashMap;

use jiff::civil::Date;

use super::text;
use crate::base::diagnostic::Diagnostic;
use crate::content::front_matter::line_of;
use crate::content::rel_path;
use crate::model::{Page, Site};

/// The text rules on an item's title and summary; 文号 and 索引号 of its
/// disclosure table.
pub(super) fn front_rules(site: &Site, page: &Page, rules: &text::TextRules) -> Vec<Diagnostic> {
    let item = &page.item;
    let path = rel_path(&item.source);
    let mut out = Vec::new();
    let title_line = line_of(&item.front.title, item.yaml_line);
    for f in text::check_plain(&item.front.title.value, rules) {
        out.push(
            Diagnostic::error(&path, title_line, format!("标题中{}", f.message)).with_rule(f.rule),
        );
    }
    if let Some(summary) = &item.front.summary {
        for f in text::check_plain(summary, rules) {
            out.push(
                Diagnostic::error(&path, item.yaml_line, format!("摘要中{}", f.message))
                    .with_rule(f.rule),
            );
        }
    }
    if let Some(d) = &item.front.disclosure {
        let credit = &site.config.config.organization.credit_code;
        if let Some(m) = text::doc_no_problem(&d.doc_no) {
            let line = line_in_source(site, item, "doc_no");
            out.push(Diagnostic::error(&path, line, m).with_rule("doc-no"));
        }
        if let Some(m) = text::index_no_problem(&d.index_no, credit) {
            let line = line_in_source(site, item, "index_no");
            out.push(Diagnostic::error(&path, line, m).with_rule("index-no"));
        }
    }
    out
}

/// The line of the front-matter key `key` in an item's file (values of the
/// disclosure table carry no position), or the first line of its YAML.
pub(super) fn line_in_source(site: &Site, item: &crate::content::Item, key: &str) -> usize {
    let file = site.root.join("content").join(&item.source);
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .enumerate()
        .take(item.body_line.saturating_sub(1))
        .skip(item.yaml_line.saturating_sub(1))
        .find(|(_, l)| l.trim_start().starts_with(key))
        .map(|(i, _)| i + 1)
        .unwrap_or(item.yaml_line)
}

/// Future dates, duplicate titles and duplicate 索引号. A title counts as
/// a duplicate within one year: 「我局召开食品安全工作推进会」 comes back
/// every year and is not a mistake, the same title twice in a year is
/// (重复发布).
pub(super) fn item_rules(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut titles: HashMap<(i16, &str), &Page> = HashMap::new();
    let mut index_nos: HashMap<&str, &Page> = HashMap::new();
    // Oldest first, so the later copy is the one reported.
    for page in site.items.iter().rev() {
        let item = &page.item;
        let path = rel_path(&item.source);
        if item.date.local.date() > today {
            out.push(
                Diagnostic::error(
                    &path,
                    line_of(&item.front.date, item.yaml_line),
                    format!(
                        "发布日期{}晚于今天（{today}）：改正日期，或等到那天再发布",
                        item.date.date()
                    ),
                )
                .with_rule("future-date"),
            );
        }
        let title = item.front.title.value.trim();
        let key = (item.date.local.year(), title);
        if let Some(first) = titles.insert(key, page) {
            out.push(
                Diagnostic::error(
                    &path,
                    line_of(&item.front.title, item.yaml_line),
                    format!(
                        "标题“{title}”与同年的{}相同：重复发布的请删除一篇，不同的信息请区分标题",
                        rel_path(&first.item.source).display()
                    ),
                )
                .with_rule("duplicate-title"),
            );
            titles.insert(key, first);
        }
        if let Some(d) = &item.front.disclosure {
            let no = d.index_no.trim();
            if no.is_empty() {
                continue;
            }
            if let Some(first) = index_nos.insert(no, page) {
                out.push(
                    Diagnostic::error(
                        &path,
                        line_in_source(site, item, "index_no"),
                        format!(
                            "索引号{no}已用于{}：每条公开信息的索引号必须唯一，请改用新的序号",
                            rel_path(&first.item.source).display()
                        ),
                    )
                    .with_rule("index-no"),
                );
                index_nos.insert(no, first);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, site};
    use super::*;

    fn item(title: &str, date: &str) -> String {
        format!("---\ntitle: {title}\ndate: {date}\n---\n\n正文。\n")
    }

    #[test]
    fn a_future_date_and_a_title_repeated_in_a_year_are_found() {
        let s = site(&[
            (
                "content/news/2026-03-01-a.md",
                &item("春季检查", "2026-03-01"),
            ),
            (
                "content/news/2026-04-01-b.md",
                &item("春季检查", "2026-04-01"),
            ),
            (
                "content/news/2026-12-01-c.md",
                &item("冬季检查", "2026-12-01"),
            ),
        ]);
        let today = "2026-11-23".parse().unwrap();
        assert_eq!(
            found(&item_rules(&s, today)),
            [
                ("duplicate-title", "content/news/2026-04-01-b.md".into(), 2),
                ("future-date", "content/news/2026-12-01-c.md".into(), 3),
            ]
        );
    }

    #[test]
    fn the_same_title_in_another_year_and_today_are_not() {
        let s = site(&[
            (
                "content/news/2025-03-01-a.md",
                &item("春季检查", "2025-03-01"),
            ),
            (
                "content/news/2026-03-01-b.md",
                &item("春季检查", "2026-03-01"),
            ),
            (
                "content/news/2026-11-23-c.md",
                &item("冬季检查", "2026-11-23"),
            ),
        ]);
        assert_eq!(found(&item_rules(&s, "2026-11-23".parse().unwrap())), []);
    }
}
