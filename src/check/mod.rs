//! `bulletin check`: what a website inspector would find, found first.
//!
//! The rules run on the model a build makes and on the writers' Markdown
//! as written (so every finding has its file, line and column); whether
//! links lead somewhere is judged on the output itself, by the verifier
//! of [`crate::output::verify`], whose findings [`output`] turns into the writer's
//! file and line. Each finding is a [`Diagnostic`] with the rule's id.
//! Drafts are not in the model, so they are never checked.
//!
//! One file per rule family: [`text`] reads the writers' text
//! (placeholders, brackets, personal information, punctuation, wrong
//! words, 文号, 索引号; a file per rule), `links.rs` its images and links,
//! `items.rs` the items' front matter and dates, `duplicates.rs` texts
//! posted twice, `columns.rs` the columns' freshness, `output.rs` the
//! verifier's findings; `summary.rs` counts them and gives the verdict,
//! `report.rs` writes them as a page.

mod columns;
mod duplicates;
mod items;
mod links;
mod output;
pub mod report;
mod summary;
mod text;

pub use output::{output_findings, site_url};
pub use summary::Summary;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Level};
use crate::base::store::Stored;
use crate::content::rel_path;
use crate::model::{Page, Site};

/// Every rule, in the order the summary lists them, with its name for
/// writers.
pub const RULES: [(&str, &str); 21] = [
    ("build", "构建错误"),
    ("link", "站内链接失效"),
    ("anchor", "页内锚点不存在"),
    ("image", "图片不存在"),
    ("missing-file", "封面或附件不存在"),
    ("alt", "图片缺少替代文字"),
    ("placeholder", "占位文字未替换"),
    ("unbalanced", "括号或引号不配对"),
    ("personal-info", "个人信息泄露"),
    ("wrong-word", "严重表述错误"),
    ("punctuation", "中文使用半角标点"),
    ("empty-column", "空白栏目"),
    ("stale-column", "栏目不更新"),
    ("update-every", "更新周期写法有误"),
    ("home-stale", "首页长期未更新"),
    ("future-date", "发布日期在未来"),
    ("duplicate-title", "同年标题重复"),
    ("duplicate", "内容重复发布"),
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
    let rules = text::TextRules::new(&site.config.config);
    let docs = Doc::all(site);
    // The text rules read every Markdown text again: in parallel, as the
    // build renders it. Each item's text is signed for the duplicate rule
    // while it is at hand.
    type Read = (Vec<Diagnostic>, Option<(usize, duplicates::Signature)>);
    let read: Vec<Read> = docs
        .par_iter()
        .map(|doc| {
            let mut prose = String::new();
            let mut v = text_rules(site, doc, &rules, doc.item.map(|_| &mut prose));
            v.extend(links::link_rules(doc));
            let signed = doc
                .item
                .and_then(|i| Some((i, duplicates::signature(&prose)?)));
            (v, signed)
        })
        .collect();
    let mut signed = Vec::new();
    for (v, s) in read {
        found.extend(v);
        signed.extend(s);
    }
    found.extend(duplicates::duplicates(site, &signed));
    let pages: Vec<&Page> = site.items.iter().chain(&site.pages).collect();
    found.par_extend(
        pages
            .par_iter()
            .flat_map_iter(|page| items::front_rules(site, page, &rules)),
    );
    found.extend(columns::column_rules(site, today));
    found.extend(items::item_rules(site, today));
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
    /// The index of the item in `Site::items`, for an item.
    item: Option<usize>,
    body_line: usize,
    links: &'a [crate::markdown::Link],
    headings: &'a [crate::markdown::Heading],
}

impl<'a> Doc<'a> {
    pub(crate) fn all(site: &'a Site) -> Vec<Doc<'a>> {
        let items = site.items.len();
        let pages = site
            .items
            .iter()
            .chain(&site.pages)
            .enumerate()
            .map(move |(i, p)| Doc {
                source: &p.item.source,
                url_path: &p.item.url_path,
                body: p.item.body.clone(),
                item: (i < items).then_some(i),
                body_line: p.item.body_line,
                links: &p.links,
                headings: &p.headings,
            });
        let sections = site.columns.iter().filter_map(|c| {
            Some(Doc {
                source: c.section.source.as_deref()?,
                url_path: &c.section.url_path,
                body: Stored::held(c.section.body.clone()),
                item: None,
                body_line: c.section.body_line,
                links: &c.links,
                headings: &c.headings,
            })
        });
        pages.chain(sections).collect()
    }
}

/// The text rules (`check::text`) on the text of `doc`; with `prose`, the
/// text a reader reads is added to it.
fn text_rules(
    site: &Site,
    doc: &Doc,
    rules: &text::TextRules,
    prose: Option<&mut String>,
) -> Vec<Diagnostic> {
    let path = rel_path(doc.source);
    let body = match site.store.get(&doc.body) {
        Ok(body) => body,
        Err(d) => return vec![d],
    };
    text::check_markdown(&body, doc.body_line, rules, prose)
        .into_iter()
        .map(|f| {
            Diagnostic::error(&path, f.line, f.message)
                .at_col(f.col)
                .with_rule(f.rule)
        })
        .collect()
}

/// What the unit tests of the rules share: a site's model from a few files.
#[cfg(test)]
pub(super) mod testing {
    use crate::base::store::Store;
    use crate::charts::Charts;
    use crate::model::Site;
    use crate::{config, content, model};

    /// The model of a site of `files` (path in the site's folder, text),
    /// with a plain site.toml unless one is given.
    pub(crate) fn site(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write(
            "site.toml",
            "title = \"示例区市场监督管理局\"\nbase_url = \"https://scjg.example.gov.cn/\"\n",
        );
        for (path, text) in files {
            write(path, text);
        }
        let root = dir.path();
        let config = config::Site::load(root, None).unwrap();
        let content = content::load(root, config.offset, false, Store::memory()).unwrap();
        let charts = Charts::load(&root.join("content"), &content.stats_files).unwrap();
        model::build(config, content, &charts, root).unwrap()
    }

    /// `(rule, path, line)` of each finding.
    pub(crate) fn found(
        d: &[crate::base::diagnostic::Diagnostic],
    ) -> Vec<(&'static str, String, usize)> {
        d.iter()
            .map(|d| (d.rule, d.path.to_string_lossy().replace('\\', "/"), d.line))
            .collect()
    }
}
