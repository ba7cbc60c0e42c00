//! `bulletin check`: what a website inspector would find, found first.
//!
//! The rules run on the model a build makes and on the writers' Markdown
//! as written (so every finding has its file, line and column); whether
//! links lead somewhere is judged on the output itself, by the verifier
//! of [`crate::output::verify`], whose findings [`output`] turns into the writer's
//! file and line. Each finding is a [`Diagnostic`] with the rule's id.
//! Drafts are not in the model, so they are never checked.
//!
//! Rules that read the text itself (placeholders, brackets, 文号, 索引号)
//! live in [`text`]; the rules here look at the site as a whole.

mod output;
mod text;

pub use output::{output_findings, site_url};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Level};
use crate::base::store::Stored;
use crate::content::front_matter::line_of;
use crate::content::rel_path;
use crate::model::{Column, Page, Site};

/// Days the home page may go without a new item (检查指标: 首页两周未更新).
const HOME_STALE_DAYS: i64 = 14;
/// How many blank or stale columns fail a site outright (单项否决).
const VETO_COLUMNS: usize = 5;

/// Every rule, in the order the summary lists them, with its name for
/// writers.
pub const RULES: [(&str, &str); 17] = [
    ("build", "构建错误"),
    ("link", "站内链接失效"),
    ("anchor", "页内锚点不存在"),
    ("image", "图片不存在"),
    ("missing-file", "封面或附件不存在"),
    ("alt", "图片缺少替代文字"),
    ("placeholder", "占位文字未替换"),
    ("unbalanced", "括号或引号不配对"),
    ("empty-column", "空白栏目"),
    ("stale-column", "栏目不更新"),
    ("update-every", "更新周期写法有误"),
    ("home-stale", "首页长期未更新"),
    ("future-date", "发布日期在未来"),
    ("duplicate-title", "同年标题重复"),
    ("index-no", "索引号有误"),
    ("doc-no", "文号有误"),
    ("http-link", "外部链接未使用https"),
];

/// Runs every rule on `site` as of the day `today`; findings sorted by
/// file and line.
pub fn run(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = Vec::new();
    // Missing covers and attachments are build warnings; for an inspector
    // they are errors.
    found.extend(
        site.warnings
            .iter()
            .filter(|d| d.rule == "missing-file")
            .map(|d| Diagnostic {
                level: Level::Error,
                ..d.clone()
            }),
    );
    let placeholders = &site.config.config.check.placeholders;
    let docs = Doc::all(site);
    // The text rules read every Markdown text again: in parallel, as the
    // build renders it.
    found.par_extend(docs.par_iter().flat_map_iter(|doc| {
        let mut v = text_rules(site, doc, placeholders);
        v.extend(link_rules(doc));
        v
    }));
    let pages: Vec<&Page> = site.items.iter().chain(&site.pages).collect();
    found.par_extend(
        pages
            .par_iter()
            .flat_map_iter(|page| front_rules(site, page, placeholders)),
    );
    found.extend(column_rules(site, today));
    found.extend(item_rules(site, today));
    found.sort();
    found.dedup();
    found
}

/// One Markdown text that becomes a page: an item, a standalone page, or
/// the `_index.md` of the home page, a column or a campaign.
pub(crate) struct Doc<'a> {
    /// Content-relative source, `news/a.md`.
    source: &'a str,
    /// Its output path, `news/a/`.
    url_path: &'a str,
    /// Read when its rules run: a large site's texts are not all held.
    body: Stored,
    body_line: usize,
    links: &'a [crate::markdown::Link],
    headings: &'a [crate::markdown::Heading],
}

impl<'a> Doc<'a> {
    pub(crate) fn all(site: &'a Site) -> Vec<Doc<'a>> {
        let pages = site.items.iter().chain(&site.pages).map(|p| Doc {
            source: &p.item.source,
            url_path: &p.item.url_path,
            body: p.item.body.clone(),
            body_line: p.item.body_line,
            links: &p.links,
            headings: &p.headings,
        });
        let sections = site.columns.iter().filter_map(|c| {
            Some(Doc {
                source: c.section.source.as_deref()?,
                url_path: &c.section.url_path,
                body: Stored::held(c.section.body.clone()),
                body_line: c.section.body_line,
                links: &c.links,
                headings: &c.headings,
            })
        });
        pages.chain(sections).collect()
    }
}

/// Placeholders and brackets in a text.
fn text_rules(site: &Site, doc: &Doc, placeholders: &[String]) -> Vec<Diagnostic> {
    let path = rel_path(doc.source);
    let body = match site.store.get(&doc.body) {
        Ok(body) => body,
        Err(d) => return vec![d],
    };
    text::check_markdown(&body, doc.body_line, placeholders)
        .into_iter()
        .map(|f| {
            Diagnostic::error(&path, f.line, f.message)
                .at_col(f.col)
                .with_rule(f.rule)
        })
        .collect()
}

/// Placeholders and brackets in an item's title and summary; 文号 and
/// 索引号 of its disclosure table.
fn front_rules(site: &Site, page: &Page, placeholders: &[String]) -> Vec<Diagnostic> {
    let item = &page.item;
    let path = rel_path(&item.source);
    let mut out = Vec::new();
    let title_line = line_of(&item.front.title, item.yaml_line);
    for f in text::check_plain(&item.front.title.value, placeholders) {
        out.push(
            Diagnostic::error(&path, title_line, format!("标题中{}", f.message)).with_rule(f.rule),
        );
    }
    if let Some(summary) = &item.front.summary {
        for f in text::check_plain(summary, placeholders) {
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
fn line_in_source(site: &Site, item: &crate::content::Item, key: &str) -> usize {
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

/// Images and links of one page's text: images have alt text, external
/// links use https. (Whether they lead somewhere is judged on the output:
/// see [`output`].)
fn link_rules(doc: &Doc) -> Vec<Diagnostic> {
    let path = rel_path(doc.source);
    let mut out = Vec::new();
    for link in doc.links {
        let dest = link.dest.trim();
        if link.is_image && link.alt_or_text.trim().is_empty() {
            out.push(
                Diagnostic::error(
                    &path,
                    link.line,
                    format!("图片“{dest}”没有替代文字：在 ![] 的方括号里（或 <img> 的 alt 里）写一句话说明图片内容，供读屏软件朗读"),
                )
                .at_col(link.col)
                .with_rule("alt"),
            );
        }
        if dest.starts_with("http://") {
            out.push(
                Diagnostic::warning(
                    &path,
                    link.line,
                    format!("“{dest}”使用不加密的 http:，对方网站支持时请改为 https://"),
                )
                .at_col(link.col)
                .with_rule("http-link"),
            );
        }
    }
    out
}

/// The section's `_index.md`, for findings about a column.
fn column_file(c: &Column) -> PathBuf {
    c.section
        .source
        .as_deref()
        .map(rel_path)
        .unwrap_or_else(|| format!("content/{}/", c.section.dir).into())
}

/// 空白栏目, 栏目不更新 and 首页长期未更新.
fn column_rules(site: &Site, today: Date) -> Vec<Diagnostic> {
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
fn parse_period(text: &str) -> Result<Span, String> {
    let t = text.trim();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
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

fn bad_period(text: &str) -> String {
    format!(
        "update_every `{text}` 无法识别：写成数字加单位，d 天、w 周、mo 月、y 年，如 14d、6mo、1y"
    )
}

/// Future dates, duplicate titles and duplicate 索引号. A title counts as
/// a duplicate within one year: 「我局召开食品安全工作推进会」 comes back
/// every year and is not a mistake, the same title twice in a year is
/// (重复发布).
fn item_rules(site: &Site, today: Date) -> Vec<Diagnostic> {
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

/// The closing summary: counts per rule and the inspection verdict.
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    /// Rule id → (errors, warnings), in [`RULES`] order.
    pub counts: BTreeMap<usize, (&'static str, &'static str, usize, usize)>,
    /// The reasons the site would fail outright (单项否决), empty if none.
    pub veto: Vec<String>,
}

impl Summary {
    /// The summary of a site that did not load: its build errors, and no
    /// verdict on columns that could not be looked at.
    pub fn without_site(findings: &[Diagnostic]) -> Summary {
        let mut summary = Summary::counted(findings);
        summary.veto.clear();
        summary
    }

    pub fn of(site: &Site, findings: &[Diagnostic]) -> Summary {
        let mut summary = Summary::counted(findings);
        let count = |rule: &str| findings.iter().filter(|d| d.rule == rule).count();
        let stale_news = findings
            .iter()
            .filter(|d| d.rule == "stale-column" && is_news_column(site, &d.path))
            .count();
        if count("empty-column") >= VETO_COLUMNS {
            summary.veto.push(format!(
                "空白栏目{}个（5个及以上即单项否决）",
                count("empty-column")
            ));
        }
        if stale_news >= VETO_COLUMNS {
            summary.veto.push(format!(
                "动态、通知公告类栏目不更新{stale_news}个（5个及以上即单项否决）"
            ));
        }
        if count("home-stale") > 0 {
            summary
                .veto
                .push("首页超过两周未更新（即单项否决）".to_string());
        }
        summary
    }

    fn counted(findings: &[Diagnostic]) -> Summary {
        let mut counts = BTreeMap::new();
        let (mut errors, mut warnings) = (0, 0);
        for d in findings {
            let pos = RULES.iter().position(|(id, _)| *id == d.rule).unwrap_or(0);
            let e = counts
                .entry(pos)
                .or_insert((RULES[pos].0, RULES[pos].1, 0, 0));
            if d.level == Level::Error {
                e.2 += 1;
                errors += 1;
            } else {
                e.3 += 1;
                warnings += 1;
            }
        }
        Summary {
            errors,
            warnings,
            counts,
            veto: Vec::new(),
        }
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        if self.counts.is_empty() {
            s.push_str("检查完毕：没有发现问题。\n");
        } else {
            s.push_str(&format!(
                "检查完毕：{} 个错误，{} 个提醒。\n",
                self.errors, self.warnings
            ));
            for (id, name, e, w) in self.counts.values() {
                s.push_str(&format!("  {name}（{id}）：{}\n", e + w));
            }
        }
        if self.veto.is_empty() {
            s.push_str("检查指标结论：未触及单项否决指标");
            if self.errors > 0 {
                s.push_str("，但以上错误在检查中会被扣分，请在发布前改正");
            }
            s.push_str("。\n");
        } else {
            s.push_str(&format!(
                "检查指标结论：单项否决，网站检查将直接判为不合格：{}。\n",
                self.veto.join("；")
            ));
        }
        s
    }
}

/// Whether the column whose `_index.md` is `path` is a 动态 or 通知 column
/// (`type` containing 动态 or 通知), the ones the veto counts.
fn is_news_column(site: &Site, path: &Path) -> bool {
    site.columns.iter().any(|c| {
        let file = column_file(c);
        file == path
            && c.section
                .front
                .column_type
                .as_deref()
                .is_some_and(|t| t.contains("动态") || t.contains("通知"))
    })
}
