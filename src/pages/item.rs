//! The page of an item, and of a standalone page (联系我们, 声明).

use super::context::{self, PageInfo, Shared};
use super::prepare::{figures, page, with_figures, Prepared};
use crate::base::diagnostic::Diagnostic;
use crate::model::urls::{feed_path, html_file};
use crate::model::Site;

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
