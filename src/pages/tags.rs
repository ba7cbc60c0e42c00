//! 标签: the list of tags and each tag's pages.

use super::context::{self, PageInfo, Shared};
use super::jobs::{page_slice, paginate};
use super::prepare::{page, Prepared};
use crate::model::urls::{self, html_file, pager_path, tag_path};
use crate::model::Site;

/// 标签: every tag, the most used first.
pub(super) fn tags<'a>(site: &'a Site, shared: &Shared) -> Prepared<'a> {
    let mut ids: Vec<usize> = (0..site.tags.len()).collect();
    ids.sort_by(|&a, &b| {
        site.tags[b]
            .items
            .len()
            .cmp(&site.tags[a].items.len())
            .then_with(|| site.tags[a].name.cmp(&site.tags[b].name))
    });
    let tags = context::list(ids.iter().map(|&t| shared.tags[t].clone()).collect());
    let info = PageInfo::basic(
        "tags",
        "标签",
        urls::TAGS,
        vec![context::link("首页", &site.url(urls::HOME))],
    );
    page(
        "tags.html",
        html_file(urls::TAGS),
        context::page_value(site, info),
        vec![("tags", tags)],
    )
}

/// Page `number` of `total` of a tag.
pub(super) fn tag<'a>(
    site: &'a Site,
    shared: &Shared,
    tag: usize,
    number: usize,
    total: usize,
) -> Prepared<'a> {
    let t = &site.tags[tag];
    let (per, _) = paginate(site, t.items.len(), None);
    let ids = page_slice(&t.items, number, per);
    let base_path = tag_path(&t.slug);
    let path = pager_path(&base_path, number);
    let page_title = if number > 1 {
        format!("标签：{}（第{}页）", t.name, number)
    } else {
        format!("标签：{}", t.name)
    };
    let info = PageInfo::basic(
        "tag",
        &page_title,
        &path,
        vec![
            context::link("首页", &site.url(urls::HOME)),
            context::link("标签", &site.url(urls::TAGS)),
        ],
    );
    page(
        "tag.html",
        html_file(&path),
        context::page_value(site, info),
        vec![
            ("tag", shared.tags[tag].clone()),
            ("items", shared.items(ids)),
            (
                "paginator",
                context::paginator(site, &base_path, number, total),
            ),
        ],
    )
}
