//! The home page.

use tera::Value;

use super::context::{self, obj, s, PageInfo, Shared};
use super::prepare::{figures, page, with_figures, Prepared};
use crate::base::diagnostic::Diagnostic;
use crate::model::urls::{self, html_file};
use crate::model::Site;

/// How many items of each list the home page shows.
const HOME_LIST_LEN: usize = 8;

/// The home page: the columns' newest items, 图片新闻, 通知公告, the
/// campaigns, the home text and its charts.
pub(super) fn home<'a>(site: &'a Site, shared: &Shared) -> Result<Prepared<'a>, Diagnostic> {
    let title = site.config.config.title.as_str();
    let home = &site.columns[0];
    let covers: Vec<usize> = (0..site.items.len())
        .filter(|&i| site.items[i].cover.is_some())
        .take(HOME_LIST_LEN)
        .collect();
    let columns: Vec<Value> = site
        .nav
        .iter()
        .map(|&c| {
            let col = &site.columns[c];
            let mut latest = col.items.clone();
            latest.sort_unstable();
            latest.truncate(HOME_LIST_LEN);
            obj([
                ("title", s(&col.section.title)),
                ("url", s(&site.url(&col.section.url_path))),
                ("items", shared.items(&latest)),
            ])
        })
        .collect();
    let notices: Vec<usize> = (0..site.items.len())
        .filter(|&i| {
            site.columns[site.items[i].column]
                .section
                .front
                .column_type
                .as_deref()
                == Some("通知公告")
        })
        .take(HOME_LIST_LEN)
        .collect();
    let campaigns = site
        .columns
        .iter()
        .find(|c| c.is_campaigns_column())
        .map_or_else(
            || context::list(Vec::new()),
            |c| context::campaigns_of(site, shared, c),
        );
    let home_value = obj([
        ("content", Value::safe_string(&site.store.get(&home.html)?)),
        ("covers", shared.items(&covers)),
        ("columns", context::list(columns)),
        ("notices", shared.items(&notices)),
        ("campaigns", campaigns),
    ]);
    let description = home.section.front.description.clone().unwrap_or_default();
    let info = PageInfo {
        kind: "home",
        title,
        path: "",
        section: "",
        breadcrumb: Vec::new(),
        meta: Vec::new(),
        description: &description,
        feed: site.url(urls::SITE_FEED),
    };
    let p = page(
        "index.html",
        html_file(urls::HOME),
        context::page_value(site, info),
        vec![("home", home_value)],
    )?;
    Ok(with_figures(p, figures("", home.figures.iter().collect())))
}
