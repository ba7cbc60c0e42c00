//! The pages of a column and of a campaign.

use tera::Value;

use super::context::{self, obj, PageInfo, Shared};
use super::jobs::{page_slice, paginate};
use super::prepare::{figures, page, with_figures, Prepared};
use crate::base::diagnostic::Diagnostic;
use crate::model::urls::{feed_path, html_file, pager_path};
use crate::model::Site;

/// Page `number` of `total` of a column (the campaigns column lists its
/// campaigns too).
pub(super) fn column<'a>(
    site: &'a Site,
    shared: &Shared,
    col: usize,
    number: usize,
    total: usize,
) -> Result<Prepared<'a>, Diagnostic> {
    let c = &site.columns[col];
    let (per, _) = paginate(site, c.items.len(), c.section.front.paginate);
    let ids = page_slice(&c.items, number, per);
    let path = pager_path(&c.section.url_path, number);
    let page_title = if number > 1 {
        format!("{}（第{}页）", c.section.title, number)
    } else {
        c.section.title.clone()
    };
    let description = c.section.front.description.clone().unwrap_or_default();
    let info = PageInfo {
        kind: if c.is_campaigns_column() {
            "campaigns"
        } else {
            "column"
        },
        title: &page_title,
        path: &path,
        section: &context::nav_key(site, col),
        breadcrumb: context::breadcrumb(site, col, false),
        meta: context::column_meta(c),
        description: &description,
        feed: site.url(&feed_path(&c.section.url_path)),
    };
    let mut extra = vec![
        ("column", context::column_value(site, c)?),
        ("items", shared.items(ids)),
        (
            "paginator",
            context::paginator(site, &c.section.url_path, number, total),
        ),
    ];
    let template = if c.is_campaigns_column() {
        extra.push(("campaigns", context::campaigns_of(site, shared, c)));
        "campaigns.html"
    } else {
        "column.html"
    };
    let list = figures(&path, c.figures.iter().collect());
    let p = page(
        template,
        html_file(&path),
        context::page_value(site, info),
        extra,
    );
    Ok(with_figures(p, list))
}

/// A campaign's page: its text, dashboard and items.
pub(super) fn campaign<'a>(
    site: &'a Site,
    shared: &Shared,
    col: usize,
) -> Result<Prepared<'a>, Diagnostic> {
    let c = &site.columns[col];
    let mut m = shared.campaigns[col]
        .as_ref()
        .and_then(|v| v.as_map().cloned())
        .unwrap_or_default();
    m.insert(
        "content".into(),
        Value::safe_string(&site.store.get(&c.html)?),
    );
    m.insert("items".into(), shared.items(&c.items));
    let dashboard = c
        .dashboard
        .iter()
        .map(|f| obj([("html", Value::safe_string(&f.html))]))
        .collect();
    m.insert("dashboard".into(), context::list(dashboard));
    let description = c.section.front.description.clone().unwrap_or_default();
    let info = PageInfo {
        kind: "campaign",
        title: &c.section.title,
        path: &c.section.url_path,
        section: &context::nav_key(site, col),
        breadcrumb: context::breadcrumb(site, col, false),
        meta: context::column_meta(c),
        description: &description,
        feed: site.url(&feed_path(&c.section.url_path)),
    };
    let all = c.figures.iter().chain(&c.dashboard).collect();
    let list = figures(&c.section.url_path, all);
    let p = page(
        "campaign.html",
        html_file(&c.section.url_path),
        context::page_value(site, info),
        vec![
            ("campaign", Value::from(m)),
            ("column", context::column_value(site, c)?),
        ],
    );
    Ok(with_figures(p, list))
}
