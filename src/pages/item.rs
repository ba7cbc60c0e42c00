//! The page of an item, and of a standalone page (联系我们, 声明).

use std::path::Path;
use std::sync::Mutex;

use super::context::{self, PageInfo, Shared};
use super::prepare::{figures, page, with_figures, Prepared};
use super::relative::relativize;
use crate::base::diagnostic::Diagnostic;
use crate::base::sink::{self, Sink};
use crate::base::sync::{into_inner, lock};
use crate::model::urls::{feed_path, html_file};
use crate::model::{Page, Site};

/// An item's page.
pub(super) fn item<'a>(
    site: &'a Site,
    shared: &Shared,
    i: usize,
) -> Result<Prepared<'a>, Diagnostic> {
    let p = &site.items[i];
    let info = PageInfo {
        kind: "item",
        title: &p.item.front.title.value,
        path: &p.item.url_path,
        section: &context::nav_key(site, p.column),
        breadcrumb: context::breadcrumb(site, p.column, true),
        meta: context::item_meta(site, p),
        description: &p.summary,
        feed: site.url(&feed_path(&site.columns[p.column].section.url_path)),
    };
    let list = figures(&p.item.url_path, p.figures.iter().collect());
    let prepared = page(
        "item.html",
        html_file(&p.item.url_path),
        context::page_value(site, info),
        vec![
            ("item", context::item_value(site, shared, p, Some(i))?),
            (
                "column",
                context::column_value(site, &site.columns[p.column])?,
            ),
        ],
    );
    Ok(with_figures(prepared, list))
}

/// An item page as rendered, around its text: what `bulletin check`
/// (`crate::pages::render_for_check`) puts around the texts of the other
/// items of the column.
pub(super) struct Frame {
    /// Folders deep the page is: relative links hold for pages as deep.
    depth: usize,
    around: sink::Frame,
}

/// A sink that passes files on and keeps the page of one item.
pub(super) struct Keep<'a> {
    out: &'a dyn Sink,
    file: String,
    page: Mutex<Option<Vec<u8>>>,
}

impl<'a> Keep<'a> {
    pub(super) fn new(out: &'a dyn Sink, p: &Page) -> Keep<'a> {
        Keep {
            out,
            file: html_file(&p.item.url_path),
            page: Mutex::new(None),
        }
    }

    /// The page kept, cut around the item's text; None when the text is
    /// not in it once as it is (a theme that does not show it whole).
    pub(super) fn frame(self, site: &Site, p: &Page) -> Result<Option<Frame>, Diagnostic> {
        let Some(page) = into_inner(self.page) else {
            return Ok(None);
        };
        let page = String::from_utf8_lossy(&page);
        let body = text_in_page(site, p, &self.file)?;
        let mut found = page.match_indices(body.as_str());
        let (Some((at, _)), None) = (found.next(), found.next()) else {
            return Ok(None);
        };
        Ok(Some(Frame {
            depth: depth(&p.item.url_path),
            around: sink::Frame::new(page[..at].to_string(), page[at + body.len()..].to_string()),
        }))
    }
}

impl Sink for Keep<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if path == self.file {
            *lock(&self.page) = Some(bytes.to_vec());
        }
        self.out.write(path, bytes)
    }

    fn copy(&self, src: &Path, path: &str) -> Result<(), Diagnostic> {
        self.out.copy(src, path)
    }
}

/// An item's text as its page `file` has it (with relative URLs when
/// the site wants them).
fn text_in_page(site: &Site, p: &Page, file: &str) -> Result<String, Diagnostic> {
    let body = site.store.get(&p.html)?;
    Ok(if site.config.config.relative_urls {
        relativize(&body, &site.config.base.root, file)
    } else {
        body.to_string()
    })
}

fn depth(url_path: &str) -> usize {
    url_path.matches('/').count()
}

/// In place of item `i`'s page, for `bulletin check`: its text in the
/// `frame` of its column (when the page is as deep as the frame's), and
/// its charts, at their paths.
pub(super) fn stand_in(
    site: &Site,
    i: usize,
    frame: Option<&Frame>,
    out: &dyn Sink,
) -> Result<(), Diagnostic> {
    let p = &site.items[i];
    for (path, svg) in figures(&p.item.url_path, p.figures.iter().collect()) {
        out.write(&path, svg.as_bytes())?;
    }
    let file = html_file(&p.item.url_path);
    let body = text_in_page(site, p, &file)?;
    match frame.filter(|f| f.depth == depth(&p.item.url_path)) {
        Some(f) => out.write_framed(&file, &f.around, &body),
        None => {
            let html = format!("<!DOCTYPE html>\n<html>\n<body>\n{body}\n</body>\n</html>\n");
            out.write(&file, html.as_bytes())
        }
    }
}

/// A standalone page at the content root (联系我们, 声明).
pub(super) fn standalone<'a>(
    site: &'a Site,
    shared: &Shared,
    i: usize,
) -> Result<Prepared<'a>, Diagnostic> {
    let p = &site.pages[i];
    let info = PageInfo {
        kind: "page",
        title: &p.item.front.title.value,
        path: &p.item.url_path,
        section: "",
        breadcrumb: context::breadcrumb(site, 0, true),
        meta: context::item_meta(site, p),
        description: &p.summary,
        feed: String::new(),
    };
    let list = figures(&p.item.url_path, p.figures.iter().collect());
    let prepared = page(
        "page.html",
        html_file(&p.item.url_path),
        context::page_value(site, info),
        vec![("item", context::item_value(site, shared, p, None)?)],
    );
    Ok(with_figures(prepared, list))
}
