//! Rendering: the site model → the files of the output. Each output file
//! is a `Job`; jobs are independent and run in parallel, each building its
//! template context from values computed once (`context::Shared`).

pub mod context;
mod qr;
mod relative;
pub mod theme;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::charts::Figure;
use crate::content::SectionKind;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::site::{feeds, BuiltinPage, Site};
use context::{obj, s, PageInfo, Shared};
use theme::{Origin, Theme};

/// How many items of each column the home page shows.
const HOME_LIST_LEN: usize = 8;

/// The template engine with the theme's templates loaded.
pub struct Templates {
    tera: Tera,
    /// Where each template came from, for messages.
    origins: Vec<(String, String)>,
}

impl Templates {
    pub fn load(theme: &Theme) -> Result<Templates, Diagnostic> {
        let mut tera = Tera::new();
        let mut sources = Vec::new();
        let mut origins = Vec::new();
        for (name, origin) in theme.templates() {
            let shown = origin.display(&format!("templates/{name}"));
            let bytes = origin.read().map_err(|e| {
                Diagnostic::error(&shown, 0, format!("cannot read the template: {e}"))
            })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(
                    &shown,
                    0,
                    "the template is not UTF-8 text; save it as UTF-8",
                )
            })?;
            sources.push((name.to_string(), text));
            origins.push((name.to_string(), shown));
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&origins, &e))?;
        Ok(Templates { tera, origins })
    }

    /// Renders to bytes: the page goes to a file as it is, so there is no
    /// need to pay for turning it into a String.
    fn render(&self, name: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut buf = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, ctx, &mut buf)
            .map_err(|e| template_error(&self.origins, &e))?;
        Ok(buf)
    }
}

/// A template error as a diagnostic on the template's file.
fn template_error(origins: &[(String, String)], e: &tera::Error) -> Diagnostic {
    let text = error_chain(e);
    // Tera names the template in its message; point at that file.
    let file = origins
        .iter()
        .filter(|(name, _)| text.contains(name.as_str()))
        .max_by_key(|(name, _)| name.len())
        .map_or_else(|| "themes".to_string(), |(_, shown)| shown.clone());
    Diagnostic::error(
        file,
        0,
        format!("template error: {text}. Fix the template, or delete it to use the built-in one"),
    )
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let m = s.to_string();
        if !text.contains(&m) {
            text.push_str(": ");
            text.push_str(&m);
        }
        src = s.source();
    }
    text.trim().to_string()
}

/// One output file.
enum Job {
    Home,
    Column {
        col: usize,
        number: usize,
        total: usize,
    },
    Campaign(usize),
    Item(usize),
    Page(usize),
    Archive,
    ArchiveYear(usize),
    ArchiveMonth(usize, usize),
    Tags,
    Tag {
        tag: usize,
        number: usize,
        total: usize,
    },
    Search,
    /// The HTML 网站地图 at `/sitemap/`.
    SitemapPage,
    /// A page of `site::BUILTIN_PAGES` the content does not have.
    Builtin(&'static BuiltinPage),
    NotFound,
    Alias(usize),
    SiteFeed,
    ColumnFeed(usize),
    Sitemap,
    Copy {
        src: Origin,
        dest: String,
    },
    Bytes {
        data: Vec<u8>,
        dest: String,
    },
}

/// Renders every page of `site` into `out`; returns the number of files.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    templates: &Templates,
    out: &Staging,
) -> Result<usize, Diagnostics> {
    // Campaign status needs "today" (pinned by SOURCE_DATE_EPOCH).
    let today = crate::content::dates::today(site.offset());
    let shared = Shared::new(site, today);
    let jobs = jobs(site, theme);
    let mut base = Context::new();
    base.insert_value("site", shared.site.clone());

    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| run(site, &shared, templates, &base, out, job).err())
        .collect();
    if errors.is_empty() {
        Ok(out.count())
    } else {
        let mut d = Diagnostics::default();
        d.extend(errors);
        Err(d)
    }
}

pub fn paginate(site: &Site, len: usize, per_page: Option<usize>) -> (usize, usize) {
    let per = per_page
        .filter(|&n| n > 0)
        .unwrap_or(site.config.config.paginate);
    (per, len.div_ceil(per).max(1))
}

/// The part of `list` on page `number` (1-based) of `per` entries each.
fn page_slice(list: &[usize], number: usize, per: usize) -> &[usize] {
    let start = ((number - 1) * per).min(list.len());
    &list[start..(start + per).min(list.len())]
}

fn jobs(site: &Site, theme: &Theme) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Archive,
        Job::Tags,
        Job::Search,
        Job::SitemapPage,
        Job::NotFound,
        Job::SiteFeed,
        Job::Sitemap,
    ];
    jobs.extend(site.builtin_pages().map(Job::Builtin));
    for (i, col) in site.columns.iter().enumerate().skip(1) {
        match col.section.kind {
            SectionKind::Campaign => jobs.push(Job::Campaign(i)),
            _ => {
                let (_, total) = paginate(site, col.items.len(), col.section.front.paginate);
                jobs.extend((1..=total).map(|number| Job::Column {
                    col: i,
                    number,
                    total,
                }));
            }
        }
        jobs.push(Job::ColumnFeed(i));
    }
    jobs.extend((0..site.items.len()).map(Job::Item));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for (y, year) in site.years.iter().enumerate() {
        jobs.push(Job::ArchiveYear(y));
        jobs.extend((0..year.months.len()).map(|m| Job::ArchiveMonth(y, m)));
    }
    for (t, tag) in site.tags.iter().enumerate() {
        let (_, total) = paginate(site, tag.items.len(), None);
        jobs.extend((1..=total).map(|number| Job::Tag {
            tag: t,
            number,
            total,
        }));
    }
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    // Static files: theme first, the site's static/ and content assets
    // after, so later ones win if they share a path.
    // One job per output path, so that parallel jobs never race for a file.
    let mut copies: BTreeMap<String, Origin> = BTreeMap::new();
    for (path, origin) in theme.statics() {
        copies.insert(path.to_string(), origin.clone());
    }
    for (src, dest) in site_static_files(site) {
        copies.insert(dest, Origin::File(src));
    }
    for a in &site.assets {
        copies.insert(a.dest.clone(), Origin::File(a.src.clone()));
    }
    // The code highlighting colours, unless the theme or site brings its own.
    if !copies.contains_key("css/syntax.css") {
        jobs.push(Job::Bytes {
            data: crate::markdown::highlight_css().into_bytes(),
            dest: "css/syntax.css".into(),
        });
    }
    jobs.extend(
        copies
            .into_iter()
            .map(|(dest, src)| Job::Copy { src, dest }),
    );
    jobs
}

/// Files of the site's `static/` folder: (source, output path).
fn site_static_files(site: &Site) -> Vec<(PathBuf, String)> {
    let dir = site.root.join("static");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if crate::content::is_ignored_name(&name) {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(&dir) {
            out.push((
                entry.path().to_path_buf(),
                rel.to_string_lossy().replace('\\', "/"),
            ));
        }
    }
    out
}

fn html_file(path: &str) -> String {
    format!("{path}index.html")
}

fn run(
    site: &Site,
    shared: &Shared,
    templates: &Templates,
    base: &Context,
    out: &Staging,
    job: &Job,
) -> Result<(), Diagnostic> {
    let page = |template: &str, file: String, page: Value, extra: Vec<(&'static str, Value)>| {
        let mut ctx = base.clone();
        ctx.insert_value("page", page);
        for (k, v) in extra {
            ctx.insert_value(k, v);
        }
        let html = templates.render(template, &ctx)?;
        if site.config.config.relative_urls {
            let text = String::from_utf8_lossy(&html);
            let rel = relative::relativize(&text, &site.config.base.root, &file);
            out.write(&file, rel.as_bytes())
        } else {
            out.write(&file, &html)
        }
    };
    // Charts are SVG files beside the page that shows them.
    // The same chart twice on one page is one file.
    let write_figures = |dir: &str, figures: &[Figure]| -> Result<(), Diagnostic> {
        let mut seen = std::collections::HashSet::new();
        for f in figures.iter().filter(|f| seen.insert(&f.file)) {
            out.write(&format!("{dir}{}", f.file), f.svg.as_bytes())?;
        }
        Ok(())
    };
    let title = site.config.config.title.as_str();
    match job {
        Job::Home => {
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
                ("content", Value::safe_string(&home.html)),
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
                feed: site.url("rss.xml"),
            };
            write_figures("", &home.figures)?;
            page(
                "index.html",
                html_file(""),
                context::page_value(site, info),
                vec![("home", home_value)],
            )?;
            Ok(())
        }
        Job::Column { col, number, total } => {
            let c = &site.columns[*col];
            let (per, _) = paginate(site, c.items.len(), c.section.front.paginate);
            let ids = page_slice(&c.items, *number, per);
            let path = context::pager_path(&c.section.url_path, *number);
            let page_title = if *number > 1 {
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
                section: &context::nav_key(site, *col),
                breadcrumb: context::breadcrumb(site, *col, false),
                meta: context::column_meta(c),
                description: &description,
                feed: site.url(&format!("{}rss.xml", c.section.url_path)),
            };
            let mut extra = vec![
                ("column", context::column_value(site, c)),
                ("items", shared.items(ids)),
                (
                    "paginator",
                    context::paginator(site, &c.section.url_path, *number, *total),
                ),
            ];
            let template = if c.is_campaigns_column() {
                extra.push(("campaigns", context::campaigns_of(site, shared, c)));
                "campaigns.html"
            } else {
                "column.html"
            };
            write_figures(&path, &c.figures)?;
            page(
                template,
                html_file(&path),
                context::page_value(site, info),
                extra,
            )?;
            Ok(())
        }
        Job::Campaign(col) => {
            let c = &site.columns[*col];
            let mut m = shared.campaigns[*col]
                .as_ref()
                .and_then(|v| v.as_map().cloned())
                .unwrap_or_default();
            m.insert("content".into(), Value::safe_string(&c.html));
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
                section: &context::nav_key(site, *col),
                breadcrumb: context::breadcrumb(site, *col, false),
                meta: context::column_meta(c),
                description: &description,
                feed: site.url(&format!("{}rss.xml", c.section.url_path)),
            };
            let all: Vec<Figure> = c.figures.iter().chain(&c.dashboard).cloned().collect();
            write_figures(&c.section.url_path, &all)?;
            page(
                "campaign.html",
                html_file(&c.section.url_path),
                context::page_value(site, info),
                vec![
                    ("campaign", Value::from(m)),
                    ("column", context::column_value(site, c)),
                ],
            )?;
            Ok(())
        }
        Job::Item(i) => {
            let p = &site.items[*i];
            let info = PageInfo {
                kind: "item",
                title: &p.item.front.title.value,
                path: &p.item.url_path,
                section: &context::nav_key(site, p.column),
                breadcrumb: context::breadcrumb(site, p.column, true),
                meta: context::item_meta(site, p),
                description: &p.summary,
                feed: site.url(&format!(
                    "{}rss.xml",
                    site.columns[p.column].section.url_path
                )),
            };
            write_figures(&p.item.url_path, &p.figures)?;
            page(
                "item.html",
                html_file(&p.item.url_path),
                context::page_value(site, info),
                vec![
                    ("item", context::item_value(site, shared, p, Some(*i))),
                    (
                        "column",
                        context::column_value(site, &site.columns[p.column]),
                    ),
                ],
            )?;
            Ok(())
        }
        Job::Page(i) => {
            let p = &site.pages[*i];
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
            write_figures(&p.item.url_path, &p.figures)?;
            page(
                "page.html",
                html_file(&p.item.url_path),
                context::page_value(site, info),
                vec![("item", context::item_value(site, shared, p, None))],
            )?;
            Ok(())
        }
        Job::Archive | Job::ArchiveYear(_) | Job::ArchiveMonth(..) => {
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
            let archive_crumb = context::link("归档", &site.url("archive/"));
            let home_crumb = context::link("首页", &site.url(""));
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
                            context::link(
                                &format!("{}年", yr.year),
                                &site.url(&year_path(yr.year)),
                            ),
                        ],
                    )
                }
                _ => (
                    "all",
                    Value::none(),
                    Value::none(),
                    &[][..],
                    "archive/".to_string(),
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
        Job::Tags => {
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
                "tags/",
                vec![context::link("首页", &site.url(""))],
            );
            page(
                "tags.html",
                html_file("tags/"),
                context::page_value(site, info),
                vec![("tags", tags)],
            )
        }
        Job::Tag { tag, number, total } => {
            let t = &site.tags[*tag];
            let (per, _) = paginate(site, t.items.len(), None);
            let ids = page_slice(&t.items, *number, per);
            let base_path = context::tag_path(&t.slug);
            let path = context::pager_path(&base_path, *number);
            let page_title = if *number > 1 {
                format!("标签：{}（第{}页）", t.name, number)
            } else {
                format!("标签：{}", t.name)
            };
            let info = PageInfo::basic(
                "tag",
                &page_title,
                &path,
                vec![
                    context::link("首页", &site.url("")),
                    context::link("标签", &site.url("tags/")),
                ],
            );
            page(
                "tag.html",
                html_file(&path),
                context::page_value(site, info),
                vec![
                    ("tag", shared.tags[*tag].clone()),
                    ("items", shared.items(ids)),
                    (
                        "paginator",
                        context::paginator(site, &base_path, *number, *total),
                    ),
                ],
            )
        }
        Job::Search => {
            let info = PageInfo::basic(
                "search",
                "站内搜索",
                "search/",
                vec![context::link("首页", &site.url(""))],
            );
            page(
                "search.html",
                html_file("search/"),
                context::page_value(site, info),
                Vec::new(),
            )
        }
        Job::SitemapPage => {
            let info = PageInfo::basic(
                "sitemap",
                "网站地图",
                "sitemap/",
                vec![context::link("首页", &site.url(""))],
            );
            page(
                "sitemap.html",
                html_file("sitemap/"),
                context::page_value(site, info),
                vec![("sitemap", context::sitemap_value(site))],
            )
        }
        Job::Builtin(b) => {
            let org = &site.config.config.organization.name;
            let org = if org.is_empty() { title } else { org.as_str() };
            let description = b.description.replace("{org}", org);
            let info = PageInfo {
                description: &description,
                ..PageInfo::basic(
                    "page",
                    b.title,
                    b.path,
                    vec![context::link("首页", &site.url(""))],
                )
            };
            page(
                b.template,
                html_file(b.path),
                context::page_value(site, info),
                Vec::new(),
            )
        }
        Job::NotFound => {
            let info = PageInfo::basic(
                "404",
                "页面不存在",
                "404.html",
                vec![context::link("首页", &site.url(""))],
            );
            page(
                "404.html",
                "404.html".into(),
                context::page_value(site, info),
                Vec::new(),
            )
        }
        Job::Alias(a) => {
            let alias = &site.aliases[*a];
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
        Job::SiteFeed => {
            let ids: Vec<usize> = (0..site.items.len().min(feeds::FEED_LEN)).collect();
            let description = site.columns[0]
                .section
                .front
                .description
                .clone()
                .unwrap_or_else(|| title.to_string());
            let xml = feeds::rss(site, title, &description, "", "rss.xml", &ids);
            out.write("rss.xml", xml.as_bytes())
        }
        Job::ColumnFeed(col) => {
            let c = &site.columns[*col];
            let feed_title = format!("{} - {}", c.section.title, title);
            let description = c
                .section
                .front
                .description
                .clone()
                .unwrap_or_else(|| c.section.title.clone());
            let path = format!("{}rss.xml", c.section.url_path);
            let xml = feeds::rss(
                site,
                &feed_title,
                &description,
                &c.section.url_path,
                &path,
                &c.items,
            );
            out.write(&path, xml.as_bytes())
        }
        Job::Sitemap => {
            let xml = feeds::sitemap(site, &sitemap_entries(site));
            out.write("sitemap.xml", xml.as_bytes())
        }
        Job::Copy { src, dest } => match src {
            Origin::File(p) => out.copy(p, dest),
            Origin::Builtin(bytes) => out.write(dest, bytes),
        },
        Job::Bytes { data, dest } => out.write(dest, data),
    }
}

fn year_path(year: i16) -> String {
    format!("archive/{year}/")
}

fn month_path(year: i16, month: i8) -> String {
    format!("archive/{year}/{month:02}/")
}

/// Pages listed in sitemap.xml, with the date of their last change.
fn sitemap_entries(site: &Site) -> Vec<(String, Option<String>)> {
    let offset = site.offset();
    let newest = site.newest().map(|w| w.rfc3339(offset));
    let mut v = vec![(String::new(), newest.clone())];
    for c in site.columns.iter().skip(1) {
        let last = c
            .items
            .iter()
            .min()
            .map(|&i| site.items[i].item.date.rfc3339(offset));
        v.push((c.section.url_path.clone(), last));
    }
    for p in site.items.iter().chain(site.pages.iter()) {
        let w = p.item.updated.unwrap_or(p.item.date);
        v.push((p.item.url_path.clone(), Some(w.rfc3339(offset))));
    }
    v.extend(site.builtin_pages().map(|b| (b.path.to_string(), None)));
    v.push(("archive/".into(), newest));
    v.push(("tags/".into(), None));
    v.push(("sitemap/".into(), None));
    v
}
