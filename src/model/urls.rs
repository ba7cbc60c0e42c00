//! Where everything of a site is in its output: the one home of its URL
//! scheme. Output paths are relative to the output root, end in `/` for a
//! page (served as its `index.html`) and never start with `/`; a link is
//! the site's root (`Site::url`) followed by one.
//!
//! - the fixed pages: [`HOME`], [`ARCHIVE`], [`TAGS`], [`SEARCH`],
//!   [`SITEMAP_PAGE`], [`NOT_FOUND`], the feeds [`SITE_FEED`] and
//!   [`SITEMAP_XML`], the highlighting colours [`SYNTAX_CSS`];
//! - the pages made of lists: [`pager_path`], [`tag_path`], [`year_path`],
//!   [`month_path`], [`feed_path`];
//! - a content folder's path: `content::folder_url_path`; an item's: its
//!   folder's and its slug (`content`);
//! - where the files and folders of the site's folder end up, for links
//!   relative to a text: [`Urls`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::content::{rel_path, Asset, Item, Section};

/// The home page.
pub const HOME: &str = "";
/// 归档: every year and month.
pub const ARCHIVE: &str = "archive/";
/// 标签: every tag.
pub const TAGS: &str = "tags/";
/// 站内搜索, and its index below it (`search/index.js`, `search/t/`, `search/d/`).
pub const SEARCH: &str = "search/";
/// 网站地图 for readers.
pub const SITEMAP_PAGE: &str = "sitemap/";
/// The page hosting serves for a path it does not have.
pub const NOT_FOUND: &str = "404.html";
/// The feed of the whole site.
pub const SITE_FEED: &str = "rss.xml";
/// The sitemap for search engines (past 50,000 pages, an index of
/// `sitemap-N.xml`).
pub const SITEMAP_XML: &str = "sitemap.xml";
/// The colours of highlighted code, unless the theme or site brings its own.
pub const SYNTAX_CSS: &str = "css/syntax.css";

/// The file that serves the page at `path`: `news/a/` → `news/a/index.html`.
pub fn html_file(path: &str) -> String {
    format!("{path}index.html")
}

/// Page `n` (1-based) of a list whose first page is at `base`:
/// `news/`, `news/page/2/`, …
pub fn pager_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The page of a tag, by its slug.
pub fn tag_path(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

pub fn year_path(year: i16) -> String {
    format!("{ARCHIVE}{year}/")
}

pub fn month_path(year: i16, month: i8) -> String {
    format!("{ARCHIVE}{year}/{month:02}/")
}

/// The feed of a column at `column` (`news/` → `news/rss.xml`); the site's
/// for the home page.
pub fn feed_path(column: &str) -> String {
    format!("{column}{SITE_FEED}")
}

/// Where each path of the site's folder ends up in the output: what the
/// relative links of a text, a cover and an attachment resolve to. Each
/// copied file has exactly one URL, wherever it is linked from.
#[derive(Debug, Default)]
pub struct Urls {
    /// By content-relative path: each Markdown file (`news/a.md`) and each
    /// folder that is a page (a column `news`, a bundle `news/b`, the
    /// content root ``), the URL of its page.
    pages: HashMap<String, String>,
    /// By path: each file copied into the output (`news/photo.jpg`, and
    /// `static/dzjg.png` for static/), its URL and where it is read from.
    files: HashMap<String, (String, PathBuf)>,
}

impl Urls {
    pub(super) fn new(
        root_url: &str,
        sections: &[Section],
        items: &[Arc<Item>],
        assets: &[Asset],
        statics: &[Asset],
    ) -> Urls {
        let mut urls = Urls::default();
        let mut page = |path: &str, url_path: &str| {
            urls.pages
                .insert(path.to_string(), format!("{root_url}{url_path}"));
        };
        for s in sections {
            if let Some(src) = &s.source {
                page(src, &s.url_path);
            }
            page(&s.dir, &s.url_path);
        }
        for it in items {
            page(&it.source, &it.url_path);
            if it.dir != it.parent_dir {
                page(&it.dir, &it.url_path);
            }
        }
        // Static files first: content's own files win a shared path.
        for a in statics.iter().chain(assets) {
            urls.files.insert(
                a.source.clone(),
                (format!("{root_url}{}", a.dest), a.src.clone()),
            );
        }
        urls
    }

    /// The URL of a content-relative path (see [`Urls`]).
    pub fn lookup(&self, path: &str) -> Option<String> {
        self.pages
            .get(path)
            .or_else(|| self.files.get(path).map(|(url, _)| url))
            .cloned()
    }
}

impl Urls {
    /// Where a file named in front matter (`cover`, `attachments`) of an
    /// item in `item_dir` ends up: its URL and size. Relative to the
    /// item's folder, or with a leading `/` from content/ or, failing
    /// that, from static/.
    pub(super) fn file(&self, item_dir: &str, file: &str) -> Option<(String, Option<u64>)> {
        let rooted = file.starts_with('/');
        let joined = if rooted {
            file.trim_start_matches('/').to_string()
        } else {
            crate::markdown::normalize(&format!("{item_dir}/{file}"))?
        };
        let found = self.files.get(&joined).or_else(|| {
            let in_static = joined.strip_prefix("static/").unwrap_or(&joined);
            rooted
                .then(|| self.files.get(&format!("static/{in_static}")))
                .flatten()
        });
        found.map(|(url, src)| (url.clone(), std::fs::metadata(src).ok().map(|m| m.len())))
    }
}

/// Every output path the content's pages take, each by one page only: two
/// sections or items with one URL (two folders of one pinyin, a `slug:`
/// repeated) are an error. Gives the owner of each path, for aliases.
pub(super) fn claims(
    sections: &[Section],
    items: &[Arc<Item>],
    diags: &mut Diagnostics,
) -> HashMap<String, String> {
    let mut taken: HashMap<String, String> = HashMap::new();
    for s in sections {
        let name = s.source.clone().unwrap_or_else(|| format!("{}/", s.dir));
        if let Some(other) = taken.insert(s.url_path.clone(), name) {
            diags.push(Diagnostic::error(
                rel_path(&s.dir),
                0,
                format!(
                    "this folder's URL /{} is also the URL of content/{other}; rename one of the folders",
                    s.url_path
                ),
            ));
        }
    }
    for it in items {
        if let Some(other) = taken.insert(it.url_path.clone(), it.source.clone()) {
            diags.push(Diagnostic::error(
                rel_path(&it.source),
                0,
                format!(
                    "its URL /{} is also the URL of {}; give one of them another file name or `slug:`",
                    it.url_path, other
                ),
            ));
        }
    }
    taken
}
