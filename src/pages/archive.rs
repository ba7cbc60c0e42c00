//! 归档: the archive's pages.

use tera::Value;

use super::context::{self, obj, s, PageInfo, Shared};
use super::jobs::Job;
use super::prepare::{page, Prepared};
use crate::model::urls::{self, html_file, month_path, year_path};
use crate::model::Site;

/// 归档: all years, a year, or a month.
pub(super) fn archive<'a>(site: &'a Site, shared: &Shared, job: &Job) -> Prepared<'a> {
    let years: Vec<Value> = site
        .years
        .iter()
        .map(|y| {
            let months: Vec<Value> = y
                .months
                .iter()
                .map(|m| {
                    obj([
                        ("month", Value::from(m.month)),
                        ("url", s(&site.url(&month_path(y.year, m.month)))),
                        ("count", Value::from(m.items.len())),
                    ])
                })
                .collect();
            obj([
                ("year", Value::from(y.year)),
                ("url", s(&site.url(&year_path(y.year)))),
                ("count", Value::from(y.items.len())),
                ("months", context::list(months)),
            ])
        })
        .collect();
    let archive_crumb = context::link("归档", &site.url(urls::ARCHIVE));
    let home_crumb = context::link("首页", &site.url(urls::HOME));
    let (level, year, month, ids, path, page_title, crumbs) = match job {
        Job::ArchiveYear(y) => {
            let y = &site.years[*y];
            (
                "year",
                Value::from(y.year),
                Value::none(),
                y.items.as_slice(),
                year_path(y.year),
                format!("{}年", y.year),
                vec![home_crumb, archive_crumb],
            )
        }
        Job::ArchiveMonth(y, m) => {
            let yr = &site.years[*y];
            let mo = &yr.months[*m];
            (
                "month",
                Value::from(yr.year),
                Value::from(mo.month),
                mo.items.as_slice(),
                month_path(yr.year, mo.month),
                format!("{}年{}月", yr.year, mo.month),
                vec![
                    home_crumb,
                    archive_crumb,
                    context::link(&format!("{}年", yr.year), &site.url(&year_path(yr.year))),
                ],
            )
        }
        _ => (
            "all",
            Value::none(),
            Value::none(),
            &[][..],
            urls::ARCHIVE.to_string(),
            "归档".to_string(),
            vec![home_crumb],
        ),
    };
    let archive = obj([
        ("level", s(level)),
        ("year", year),
        ("month", month),
        ("years", context::list(years)),
        ("items", shared.items(ids)),
    ]);
    let info = PageInfo::basic("archive", &page_title, &path, crumbs);
    page(
        "archive.html",
        html_file(&path),
        context::page_value(site, info),
        vec![("archive", archive)],
    )
}
