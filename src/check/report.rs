//! The findings of `bulletin check` as one page staff can open and pass on
//! (`bulletin check --format html > 检查报告.html`, and `/_check/` in
//! `bulletin serve`): the verdict, a count for every rule, then every
//! finding grouped by column and file, each file linked to its built page.
//!
//! The page is self-contained: its style is inline and it loads nothing,
//! no script, font or picture, so that it opens from the file system, from
//! a mail attachment, or on a machine without a network.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use jiff::civil::Date;

use super::{Summary, RULES};
use crate::base::diagnostic::{Diagnostic, Level};
use crate::base::escape::html_text as esc;
use crate::content::rel_path;
use crate::model::Site;

/// Where the report's links to built pages lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLinks {
    /// To the files of `public/`, relative to the site's folder: the report
    /// is saved there (`bulletin check --format html > 检查报告.html`).
    Files,
    /// To the pages as served (`/news/a/`): the report of `bulletin serve`.
    Served,
}

/// The report as a whole HTML page. `site` is `None` when the site did not
/// load (the findings are then what stops the build).
pub fn html(
    site: Option<&Site>,
    findings: &[Diagnostic],
    summary: &Summary,
    today: Option<Date>,
    links: PageLinks,
) -> String {
    let title = site.map_or("", |s| s.config.config.title.as_str());
    let mut h = String::with_capacity(4096 + findings.len() * 256);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>网站检查报告{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>网站检查报告</h1>\n",
        if title.is_empty() {
            String::new()
        } else {
            format!("：{}", esc(title))
        }
    );
    h.push_str("<p class=\"meta\">");
    if !title.is_empty() {
        let _ = write!(h, "网站：{}　", esc(title));
    }
    if let Some(day) = today {
        let _ = write!(h, "检查日期：{day}　");
    }
    h.push_str("由 bulletin check 生成</p>\n");
    verdict(&mut h, summary);
    counts(&mut h, summary);
    groups(&mut h, site, findings, links);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// The verdict: 单项否决 or not, and the totals.
fn verdict(h: &mut String, summary: &Summary) {
    let (class, text) = if summary.veto.is_empty() {
        let mut text = "未触及单项否决指标".to_string();
        if summary.errors > 0 {
            text.push_str("，但下列错误在检查中会被扣分，请在发布前改正");
        }
        ("pass", text)
    } else {
        (
            "veto",
            format!(
                "单项否决，网站检查将直接判为不合格：{}",
                summary.veto.join("；")
            ),
        )
    };
    let _ = write!(
        h,
        "<section id=\"verdict\" class=\"verdict {class}\">\n<h2>检查指标结论</h2>\n<p>{}。</p>\n\
         <p>共 <strong>{}</strong> 个错误，<strong>{}</strong> 个提醒。</p>\n</section>\n",
        esc(&text),
        summary.errors,
        summary.warnings
    );
}

/// A row for every rule, found or not, so the reader sees what was looked
/// at; a rule with findings links to the first of them.
fn counts(h: &mut String, summary: &Summary) {
    h.push_str(
        "<section id=\"counts\">\n<h2>各项检查</h2>\n<table>\n\
         <thead><tr><th>检查项</th><th>规则</th><th>错误</th><th>提醒</th></tr></thead>\n<tbody>\n",
    );
    for (pos, (id, name)) in RULES.iter().enumerate() {
        let (e, w) = summary.counts.get(&pos).map_or((0, 0), |c| (c.2, c.3));
        let cell = |n: usize| {
            if n == 0 {
                "<td class=\"n zero\">0</td>".to_string()
            } else {
                format!("<td class=\"n\">{n}</td>")
            }
        };
        let label = if e + w > 0 {
            format!("<a href=\"#rule-{id}\">{name}</a>")
        } else {
            (*name).to_string()
        };
        let _ = writeln!(
            h,
            "<tr data-rule=\"{id}\"><td>{label}</td><td><code>{id}</code></td>{}{}</tr>",
            cell(e),
            cell(w)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

/// A file's findings, with its column and the page it becomes.
struct FileGroup<'a> {
    page: Option<String>,
    findings: Vec<&'a Diagnostic>,
}

/// Every finding, under its column, then its file.
fn groups(h: &mut String, site: Option<&Site>, findings: &[Diagnostic], links: PageLinks) {
    h.push_str("<section id=\"findings\">\n<h2>发现的问题</h2>\n");
    if findings.is_empty() {
        h.push_str("<p class=\"none\">没有发现问题。</p>\n</section>\n");
        return;
    }
    let places = site.map(|s| Places::of(s, links));
    // Column (in the site's order; files outside any column last) → file.
    let mut columns: BTreeMap<(usize, String), BTreeMap<String, FileGroup>> = BTreeMap::new();
    for d in findings {
        let file = shown(&d.path);
        let (column, page) = match &places {
            Some(p) => p.place(&file),
            None => ((usize::MAX, "站点设置与构建".to_string()), None),
        };
        columns
            .entry(column)
            .or_default()
            .entry(file)
            .or_insert_with(|| FileGroup {
                page,
                findings: Vec::new(),
            })
            .findings
            .push(d);
    }
    let mut first_of_rule: Vec<&str> = Vec::new();
    for ((_, column), files) in &columns {
        let n: usize = files.values().map(|f| f.findings.len()).sum();
        let _ = writeln!(
            h,
            "<section class=\"column\">\n<h3>{}<span class=\"count\">{n} 处</span></h3>",
            esc(column)
        );
        for (file, group) in files {
            h.push_str("<div class=\"file\">\n<h4><code>");
            h.push_str(&esc(file));
            h.push_str("</code>");
            if let Some(page) = &group.page {
                let _ = write!(h, " <a class=\"page\" href=\"{}\">查看页面</a>", esc(page));
            }
            h.push_str("</h4>\n<ol>\n");
            for d in &group.findings {
                let level = match d.level {
                    Level::Error => ("error", "错误"),
                    Level::Warning => ("warning", "提醒"),
                };
                let name = RULES
                    .iter()
                    .find(|(id, _)| *id == d.rule)
                    .map_or(d.rule, |r| r.1);
                // The first finding of each rule is where its count links.
                let anchor = if first_of_rule.contains(&d.rule) {
                    String::new()
                } else {
                    first_of_rule.push(d.rule);
                    format!(" id=\"rule-{}\"", d.rule)
                };
                let at = match (d.line, d.col) {
                    (0, _) => String::new(),
                    (line, 0) => format!("第{line}行"),
                    (line, col) => format!("第{line}行第{col}列"),
                };
                let _ = writeln!(
                    h,
                    "<li class=\"{}\"{anchor}><span class=\"level\">{}</span> \
                     <span class=\"at\">{at}</span> <span class=\"rule\">{name}</span> \
                     <span class=\"msg\">{}</span></li>",
                    level.0,
                    level.1,
                    esc(&d.message)
                );
            }
            h.push_str("</ol>\n</div>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</section>\n");
}

/// Which column a finding's file belongs to and which page it becomes.
struct Places {
    /// Content-relative folder of each column (`news`), with its order
    /// and title; the home page's is empty.
    columns: Vec<(String, String)>,
    /// `content/news/a.md` (and a column's `content/news/`) → its page's
    /// URL path (`news/a/`).
    pages: BTreeMap<String, String>,
    /// Where the output's pages are, as the report links to them.
    prefix: String,
    links: PageLinks,
}

impl Places {
    fn of(site: &Site, links: PageLinks) -> Places {
        let mut pages = BTreeMap::new();
        for p in site.items.iter().chain(&site.pages) {
            pages.insert(shown(&rel_path(&p.item.source)), p.item.url_path.clone());
        }
        for c in &site.columns {
            pages.insert(
                shown(&super::columns::column_file(c)),
                c.section.url_path.clone(),
            );
        }
        let columns = site
            .columns
            .iter()
            .map(|c| (c.section.dir.clone(), c.section.title.clone()))
            .collect();
        let prefix = match links {
            PageLinks::Files => "public/".to_string(),
            PageLinks::Served => site.config.base.root.clone(),
        };
        Places {
            columns,
            pages,
            prefix,
            links,
        }
    }

    /// The column (order and title) and the page link of a file.
    fn place(&self, file: &str) -> ((usize, String), Option<String>) {
        let page = self.pages.get(file).cloned().or_else(|| {
            // A finding in the output (a template's link): that page.
            let out = file.strip_prefix("public/")?;
            Some(out.strip_suffix("index.html").unwrap_or(out).to_string())
        });
        let column = file.strip_prefix("content/").and_then(|rest| {
            // The deepest column folder holding the file.
            self.columns
                .iter()
                .enumerate()
                .filter(|(_, (dir, _))| dir.is_empty() || rest.starts_with(&format!("{dir}/")))
                .max_by_key(|(_, (dir, _))| dir.len())
                .map(|(i, (_, title))| (i, title.clone()))
        });
        let column = column.unwrap_or_else(|| {
            if file.starts_with("public/") {
                (usize::MAX - 1, "模板与生成的页面".to_string())
            } else {
                (usize::MAX, "站点设置与构建".to_string())
            }
        });
        let href = page.map(|url_path| match self.links {
            PageLinks::Files if url_path.is_empty() || url_path.ends_with('/') => {
                format!("{}{url_path}index.html", self.prefix)
            }
            _ => format!("{}{url_path}", self.prefix),
        });
        (column, href)
    }
}

/// A path as findings show it: `/` between folders on every system.
fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Plain, readable, printable; no web fonts (the system's Chinese fonts).
const STYLE: &str = "body{margin:0;background:#f4f5f7;color:#1a1a1a;\
font:16px/1.7 system-ui,\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif}\
main{max-width:960px;margin:0 auto;padding:24px 16px 48px}\
h1{font-size:28px;margin:0 0 4px}.meta{color:#555;margin:0 0 20px}\
h2{font-size:20px;margin:28px 0 12px}h3{font-size:18px;margin:20px 0 8px;\
border-bottom:2px solid #b71c1c;padding-bottom:4px}\
h4{font-size:15px;font-weight:normal;margin:12px 0 4px}code{font-size:14px}\
.count{font-size:14px;font-weight:normal;color:#555;margin-left:12px}\
.verdict{border-radius:6px;padding:4px 20px}.verdict h2{margin-top:12px}\
.verdict.pass{background:#e8f5e9;border:2px solid #2e7d32}\
.verdict.veto{background:#ffebee;border:2px solid #b71c1c}\
.verdict.veto p:first-of-type{font-weight:bold;color:#b71c1c}\
table{border-collapse:collapse;width:100%;background:#fff}\
th,td{border:1px solid #d0d4da;padding:4px 10px;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}td.zero{color:#999}\
.file{background:#fff;border:1px solid #d0d4da;border-radius:4px;padding:4px 12px;margin:8px 0}\
.file ol{margin:4px 0;padding-left:1.6em}.file li{margin:4px 0}\
.level{display:inline-block;font-size:13px;padding:0 6px;border-radius:3px;color:#fff}\
.error .level{background:#b71c1c}.warning .level{background:#9a6700}\
.at{color:#555;font-size:14px}.rule{font-size:14px;color:#333}\
.rule::before{content:\"［\"}.rule::after{content:\"］\"}\
a{color:#0b57d0}.none{background:#fff;padding:12px}\
@media print{body{background:#fff}.file{break-inside:avoid}}";

#[cfg(test)]
mod tests {
    use super::*;

    fn page(findings: &[Diagnostic]) -> String {
        let summary = Summary::without_site(findings);
        html(None, findings, &summary, None, PageLinks::Files)
    }

    #[test]
    fn a_finding_is_listed_escaped_under_its_file_and_counted() {
        let d = Diagnostic::error("content/news/a.md", 3, "“<b>”没有对应的“</b>”")
            .at_col(5)
            .with_rule("unbalanced");
        let h = page(&[d]);
        assert!(h.contains("<code>content/news/a.md</code>"), "{h}");
        assert!(h.contains("第3行第5列"), "{h}");
        assert!(h.contains("“&lt;b&gt;”没有对应的“&lt;/b&gt;”"), "{h}");
        assert!(!h.contains("<b>"), "markup in a message is text");
        // The rule's count links to its first finding.
        assert!(
            h.contains("<a href=\"#rule-unbalanced\">括号或引号不配对</a>"),
            "{h}"
        );
        assert!(h.contains("id=\"rule-unbalanced\""), "{h}");
        for (id, _) in RULES {
            assert!(h.contains(&format!("data-rule=\"{id}\"")), "{id}");
        }
        assert!(!h.contains("<script") && !h.contains("<link") && !h.contains("url("));
    }

    #[test]
    fn no_finding_is_said_and_no_rule_links() {
        let h = page(&[]);
        assert!(h.contains("没有发现问题"), "{h}");
        assert!(h.contains("未触及单项否决指标"), "{h}");
        assert!(!h.contains("href=\"#rule-"), "{h}");
        assert!(!h.contains("class=\"column\""), "{h}");
    }
}
