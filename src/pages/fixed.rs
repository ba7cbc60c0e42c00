//! The pages every site has at a fixed place: 站内搜索, 网站地图, the
//! built-in 联系我们 and 网站声明, the 404 page, and the pages of aliases.

use super::context::{self, obj, s, PageInfo};
use super::prepare::{page, Prepared};
use crate::model::urls::{self, html_file};
use crate::model::BuiltinPage;
use crate::model::Site;

/// 站内搜索: the page; its index is `search.rs`.
pub(super) fn search<'a>(site: &'a Site) -> Prepared<'a> {
    let info = PageInfo::basic(
        "search",
        "站内搜索",
        urls::SEARCH,
        vec![context::link("首页", &site.url(urls::HOME))],
    );
    page(
        "search.html",
        html_file(urls::SEARCH),
        context::page_value(site, info),
        Vec::new(),
    )
}

/// 网站地图 for readers.
pub(super) fn sitemap_page<'a>(site: &'a Site) -> Prepared<'a> {
    let info = PageInfo::basic(
        "sitemap",
        "网站地图",
        urls::SITEMAP_PAGE,
        vec![context::link("首页", &site.url(urls::HOME))],
    );
    page(
        "sitemap.html",
        html_file(urls::SITEMAP_PAGE),
        context::page_value(site, info),
        vec![("sitemap", context::sitemap_value(site))],
    )
}

/// A built-in 联系我们 or 网站声明, when the content has none.
pub(super) fn builtin<'a>(site: &'a Site, b: &'static BuiltinPage) -> Prepared<'a> {
    let title = site.config.config.title.as_str();
    let org = &site.config.config.organization.name;
    let org = if org.is_empty() { title } else { org.as_str() };
    let description = b.description.replace("{org}", org);
    let info = PageInfo {
        description: &description,
        ..PageInfo::basic(
            "page",
            b.title,
            b.path,
            vec![context::link("首页", &site.url(urls::HOME))],
        )
    };
    page(
        b.template,
        html_file(b.path),
        context::page_value(site, info),
        Vec::new(),
    )
}

/// The page hosting serves for a path the site does not have.
pub(super) fn not_found<'a>(site: &'a Site) -> Prepared<'a> {
    let info = PageInfo::basic(
        "404",
        "页面不存在",
        urls::NOT_FOUND,
        vec![context::link("首页", &site.url(urls::HOME))],
    );
    page(
        "404.html",
        urls::NOT_FOUND.into(),
        context::page_value(site, info),
        Vec::new(),
    )
}

/// The page at an old URL that moves the reader to the new one.
pub(super) fn alias<'a>(site: &'a Site, a: usize) -> Prepared<'a> {
    let alias = &site.aliases[a];
    let target = obj([
        ("url", s(&site.url(&alias.target))),
        ("permalink", s(&site.permalink(&alias.target))),
    ]);
    let info = PageInfo::basic("alias", "页面已迁移", &alias.file, Vec::new());
    page(
        "alias.html",
        alias.file.clone(),
        context::page_value(site, info),
        vec![("target", target)],
    )
}
