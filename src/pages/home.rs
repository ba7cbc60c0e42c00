//! The home page.

use tera::Value;

use super::context::{self, obj, s, PageInfo, Shared};
use super::prepare::{figures, page, with_figures, Prepared};
use crate::base::diagnostic::Diagnostic;
use crate::model::urls::{self, html_file};
use crate::model::Site;

/// The home page: the lists of `model::home`, the campaigns, the home
/// text and its charts.
pub(super) fn home<'a>(site: &'a Site, shared: &Shared) -> Result<Prepared<'a>, Diagnostic> {
    let title = site.config.config.title.as_str();
    let home = &site.columns[0];
    let lists = &site.home;
    let columns: Vec<Value> = lists
        .latest
        .iter()
        .map(|(c, latest)| {
            let col = &site.columns[*c];
            obj([
                ("title", s(&col.section.title)),
                ("url", s(&site.url(&col.section.url_path))),
                ("items", shared.items(latest)),
            ])
        })
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
        ("covers", shared.items(&lists.covers)),
        ("columns", context::list(columns)),
        ("notices", shared.items(&lists.notices)),
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
    );
    Ok(with_figures(p, figures("", home.figures.iter().collect())))
}
