//! The values templates receive (docs/templates.md is the contract).
//!
//! Values that are the same on every page (the site, each tag, each
//! column's link) are built once; tera values are reference-counted, so
//! putting one in many lists is cheap. An item's summary, which appears in
//! its column, tags, archives, neighbours and related lists, is built each
//! time instead: kept for the whole render, the summaries took a quarter
//! of a build's memory at 100,000 items, and building one takes about a
//! microsecond.

use tera::{Map, Value};

use crate::base::diagnostic::Diagnostic;
use crate::content::{dates, SectionKind};
use crate::model::urls::{self, pager_path, tag_path, year_path};
use crate::model::{human_size, Column, Page, Site};

/// Builds a map value from key/value pairs, in order.
pub fn obj<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    Value::from(map(pairs))
}

fn map<const N: usize>(pairs: [(&'static str, Value); N]) -> Map {
    let mut m = Map::with_capacity(N);
    for (k, v) in pairs {
        m.insert(k.into(), v);
    }
    m
}

pub fn s(v: &str) -> Value {
    Value::from(v)
}

fn opt(v: &Option<String>) -> Value {
    Value::from(v.as_deref().unwrap_or(""))
}

pub fn list(v: Vec<Value>) -> Value {
    Value::from(v)
}

/// `{title, url}`
pub fn link(title: &str, url: &str) -> Value {
    obj([("title", s(title)), ("url", s(url))])
}

/// Values computed once per build.
pub struct Shared<'a> {
    model: &'a Site,
    /// `site`, identical on every page.
    pub site: Value,
    /// `{name, url, count}` per tag.
    pub tags: Vec<Value>,
    /// `{title, url}` per column, by index into `Site::columns`.
    columns: Vec<Value>,
    /// Campaign summaries by column index (None for other columns).
    pub campaigns: Vec<Option<Value>>,
    /// Today in the site's zone, for campaign status.
    pub today: jiff::civil::Date,
    /// QR codes drawn so far, by URL, when a [`super::Memo`] keeps them.
    pub qr: Option<std::sync::Mutex<std::collections::HashMap<String, String>>>,
    /// The items' search terms, when a [`super::Memo`] keeps them.
    pub terms: Option<std::sync::Mutex<crate::pages::search::TermCache>>,
}

impl<'a> Shared<'a> {
    pub fn new(site: &'a Site, today: jiff::civil::Date) -> Shared<'a> {
        let tags: Vec<Value> = site
            .tags
            .iter()
            .map(|t| {
                obj([
                    ("name", s(&t.name)),
                    ("url", s(&site.url(&tag_path(&t.slug)))),
                    ("count", Value::from(t.items.len())),
                ])
            })
            .collect();
        let columns = site
            .columns
            .iter()
            .map(|c| link(&c.section.title, &site.url(&c.section.url_path)))
            .collect();
        let campaigns = site
            .columns
            .iter()
            .map(|c| {
                (c.section.kind == SectionKind::Campaign).then(|| campaign_summary(site, c, today))
            })
            .collect();
        Shared {
            model: site,
            site: site_value(site),
            tags,
            columns,
            campaigns,
            today,
            qr: None,
            terms: None,
        }
    }

    /// The 扫码浏览 QR code of `url` as inline SVG; "" when the URL is too
    /// long for one.
    pub fn qr(&self, url: &str) -> String {
        let Some(cache) = &self.qr else {
            return super::qr::svg(url).unwrap_or_default();
        };
        if let Some(svg) = crate::base::sync::lock(cache).get(url) {
            return svg.clone();
        }
        let svg = super::qr::svg(url).unwrap_or_default();
        crate::base::sync::lock(cache).insert(url.to_string(), svg.clone());
        svg
    }

    pub fn items(&self, ids: &[usize]) -> Value {
        list(ids.iter().map(|&i| self.summary(i)).collect())
    }

    /// The summary of item `i` (index into `Site::items`).
    pub fn summary(&self, i: usize) -> Value {
        Value::from(self.summary_map(&self.model.items[i]))
    }

    /// The `{title, url, date, …}` of an item in lists, which its own page
    /// extends.
    fn summary_map(&self, p: &Page) -> Map {
        let site = self.model;
        let title = s(&p.item.front.title.value);
        map([
            ("title", title.clone()),
            ("url", s(&site.url(&p.item.url_path))),
            ("date", s(&p.item.date.date())),
            ("datetime", s(&p.item.date.minutes())),
            ("iso", s(&p.item.date.rfc3339(site.offset()))),
            ("summary", s(&p.summary)),
            ("column", self.columns[p.column].clone()),
            ("cover", s(p.cover.as_deref().unwrap_or(""))),
            ("cover_alt", title),
            ("pinned", Value::from(p.item.front.pinned)),
            (
                "tags",
                list(p.tags.iter().map(|&t| self.tags[t].clone()).collect()),
            ),
        ])
    }
}

fn site_value(site: &Site) -> Value {
    let c = &site.config.config;
    let o = &c.organization;
    let nav: Vec<Value> = site
        .nav
        .iter()
        .map(|&i| {
            let col = &site.columns[i];
            obj([
                ("title", s(&col.section.title)),
                ("url", s(&site.url(&col.section.url_path))),
                ("key", s(&col.section.dir)),
            ])
        })
        .collect();
    let party_mark = if o.party_mark.is_empty() {
        String::new()
    } else {
        site.url(
            o.party_mark
                .trim_start_matches('/')
                .trim_start_matches("static/"),
        )
    };
    let year = site
        .newest()
        .map(|w| w.local.year().to_string())
        .unwrap_or_default();
    obj([
        ("title", s(&c.title)),
        ("language", s(&c.language)),
        ("root", s(&site.config.base.root)),
        ("base_url", s(&site.config.base.full())),
        ("domain", s(site.config.base.host())),
        (
            "organization",
            obj([
                ("name", s(&o.name)),
                ("address", s(&o.address)),
                ("phone", s(&o.phone)),
                ("site_code", s(&o.site_code)),
                ("icp", s(&o.icp)),
                ("police_record", s(&o.police_record)),
                ("report_error_url", s(&o.report_error_url)),
                ("credit_code", s(&o.credit_code)),
            ]),
        ),
        ("party_mark", s(&party_mark)),
        ("icp_url", s("https://beian.miit.gov.cn/")),
        ("police_url", s(&police_url(&o.police_record))),
        ("nav", list(nav)),
        (
            "urls",
            obj([
                ("home", s(&site.url(urls::HOME))),
                ("archive", s(&site.url(urls::ARCHIVE))),
                ("tags", s(&site.url(urls::TAGS))),
                ("search", s(&site.url(urls::SEARCH))),
                ("rss", s(&site.url(urls::SITE_FEED))),
                ("sitemap", s(&site.url(urls::SITEMAP_PAGE))),
                ("sitemap_xml", s(&site.url(urls::SITEMAP_XML))),
                // The content's page, or the built-in one (model::BUILTIN_PAGES).
                ("about", s(&site.url("about/"))),
                ("statement", s(&site.url("statement/"))),
            ]),
        ),
        ("year", s(&year)),
    ])
}

/// The national record system's page for a 公安 record number
/// (`川公网安备 51000000000000号` → `…?recordcode=51000000000000`).
fn police_url(record: &str) -> String {
    let digits: String = record.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        "https://beian.mps.gov.cn/".to_string()
    } else {
        format!("https://beian.mps.gov.cn/#/query/webSearch?code={digits}")
    }
}

/// A campaign date (`start` or `end`) as a day in the site's zone. The
/// dates are read by the same parser that validated them in the model.
fn campaign_date(
    site: &Site,
    value: &Option<serde_saphyr::Spanned<String>>,
) -> Option<jiff::civil::Date> {
    value
        .as_ref()
        .and_then(|d| dates::parse(&d.value, site.offset()).ok())
        .map(|w| w.local.date())
}

/// The day a campaign starts, if it says.
fn campaign_start(site: &Site, col: &Column) -> Option<jiff::civil::Date> {
    campaign_date(site, &col.section.front.start)
}

/// 进行中 / 已结束 / 未开始 from the campaign's dates and today.
fn campaign_status(site: &Site, col: &Column, today: jiff::civil::Date) -> &'static str {
    let f = &col.section.front;
    match (campaign_date(site, &f.start), campaign_date(site, &f.end)) {
        (Some(start), _) if today < start => "未开始",
        (_, Some(end)) if today > end => "已结束",
        _ => "进行中",
    }
}

fn campaign_summary(site: &Site, col: &Column, today: jiff::civil::Date) -> Value {
    let f = &col.section.front;
    let date =
        |v: &Option<serde_saphyr::Spanned<String>>| s(v.as_ref().map_or("", |d| d.value.as_str()));
    let banner = f
        .banner
        .as_ref()
        .map(|b| {
            site.url(&format!(
                "{}{}",
                col.section.url_path,
                b.trim_start_matches("./")
            ))
        })
        .unwrap_or_default();
    obj([
        ("title", s(&col.section.title)),
        ("url", s(&site.url(&col.section.url_path))),
        ("status", s(campaign_status(site, col, today))),
        ("start", date(&f.start)),
        ("end", date(&f.end)),
        ("lead", opt(&f.lead)),
        ("summary", opt(&f.description)),
        ("banner", s(&banner)),
        (
            "headline",
            list(
                col.headline
                    .iter()
                    .map(|h| {
                        obj([
                            ("label", s(&h.label)),
                            ("value", s(&h.value)),
                            ("unit", s(&h.unit)),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}

/// Campaigns of a column: 进行中 first, then 未开始, then 已结束, each
/// group newest start first (a campaign without a start last).
pub fn campaigns_of(site: &Site, shared: &Shared, col: &Column) -> Value {
    let ids = campaign_order(site, &col.campaigns, shared.today);
    list(
        ids.iter()
            .filter_map(|&i| shared.campaigns[i].clone())
            .collect(),
    )
}

/// `ids` (campaign columns) in the order of [`campaigns_of`].
fn campaign_order(site: &Site, ids: &[usize], today: jiff::civil::Date) -> Vec<usize> {
    let mut keyed: Vec<(u8, std::cmp::Reverse<Option<jiff::civil::Date>>, usize)> = ids
        .iter()
        .map(|&i| {
            let c = &site.columns[i];
            let rank = match campaign_status(site, c, today) {
                "进行中" => 0,
                "未开始" => 1,
                _ => 2,
            };
            (rank, std::cmp::Reverse(campaign_start(site, c)), i)
        })
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// The `sitemap` value of the HTML 网站地图: the columns in navigation
/// order with the columns and campaigns below them, the standalone pages
/// (the content's and the built-in ones) by URL, and the archive's years.
pub fn sitemap_value(site: &Site) -> Value {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); site.columns.len()];
    for (i, c) in site.columns.iter().enumerate() {
        if let Some(p) = c.parent {
            children[p].push(i);
        }
    }
    // Sub-columns by `order`, campaigns newest start first, then by folder.
    for list in &mut children {
        list.sort_by_key(|&i| {
            let c = &site.columns[i];
            (
                c.section.front.order.unwrap_or(i64::MAX),
                std::cmp::Reverse(campaign_start(site, c)),
                c.section.dir.clone(),
            )
        });
    }
    let columns = site
        .nav
        .iter()
        .map(|&i| sitemap_column(site, &children, i))
        .collect();
    let mut pages: Vec<(&str, &str)> = site
        .pages
        .iter()
        .map(|p| (p.item.url_path.as_str(), p.item.front.title.value.as_str()))
        .chain(site.builtin_pages().map(|b| (b.path, b.title)))
        .collect();
    pages.sort();
    let pages = pages
        .into_iter()
        .map(|(path, title)| link(title, &site.url(path)))
        .collect();
    let years = site
        .years
        .iter()
        .map(|y| {
            obj([
                ("year", Value::from(y.year)),
                ("url", s(&site.url(&year_path(y.year)))),
                ("count", Value::from(y.items.len())),
            ])
        })
        .collect();
    obj([
        ("columns", list(columns)),
        ("pages", list(pages)),
        ("years", list(years)),
    ])
}

/// `{title, url, description, children}` of column `i` of the 网站地图,
/// with the columns below it (`children` by column index).
fn sitemap_column(site: &Site, children: &[Vec<usize>], i: usize) -> Value {
    let c = &site.columns[i];
    let below = children[i]
        .iter()
        .map(|&k| sitemap_column(site, children, k))
        .collect();
    obj([
        ("title", s(&c.section.title)),
        ("url", s(&site.url(&c.section.url_path))),
        ("description", opt(&c.section.front.description)),
        ("children", list(below)),
    ])
}

/// The `page` value.
pub struct PageInfo<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub path: &'a str,
    pub section: &'a str,
    pub breadcrumb: Vec<Value>,
    pub meta: Vec<(&'static str, String)>,
    pub description: &'a str,
    pub feed: String,
}

impl<'a> PageInfo<'a> {
    /// A page outside the columns: no column meta tags, no feed.
    pub fn basic(
        kind: &'static str,
        title: &'a str,
        path: &'a str,
        breadcrumb: Vec<Value>,
    ) -> Self {
        PageInfo {
            kind,
            title,
            path,
            section: "",
            breadcrumb,
            meta: Vec::new(),
            description: "",
            feed: String::new(),
        }
    }
}

pub fn page_value(site: &Site, info: PageInfo) -> Value {
    let c = &site.config.config;
    let mut meta = vec![
        ("SiteName", c.title.clone()),
        ("SiteDomain", site.config.base.host().to_string()),
        ("SiteIDCode", c.organization.site_code.clone()),
    ];
    meta.extend(info.meta);
    let meta: Vec<Value> = meta
        .into_iter()
        .map(|(n, v)| obj([("name", s(n)), ("content", Value::from(v))]))
        .collect();
    obj([
        ("kind", s(info.kind)),
        ("title", s(info.title)),
        ("url", s(&site.url(info.path))),
        ("permalink", s(&site.permalink(info.path))),
        ("section", s(info.section)),
        ("breadcrumb", list(info.breadcrumb)),
        ("meta", list(meta)),
        ("description", s(info.description)),
        ("feed", Value::from(info.feed)),
    ])
}

/// 首页 > … > the column `col` itself (inclusive when `include_self`).
pub fn breadcrumb(site: &Site, col: usize, include_self: bool) -> Vec<Value> {
    let mut chain = Vec::new();
    let mut c = if include_self {
        Some(col)
    } else {
        site.columns[col].parent
    };
    while let Some(i) = c {
        if i == 0 {
            break;
        }
        let sec = &site.columns[i].section;
        chain.push(link(&sec.title, &site.url(&sec.url_path)));
        c = site.columns[i].parent;
    }
    chain.push(link("首页", &site.url(urls::HOME)));
    chain.reverse();
    chain
}

/// The top-level column a section sits in (for the active nav entry).
pub fn nav_key(site: &Site, col: usize) -> String {
    let mut c = col;
    while let Some(p) = site.columns[c].parent {
        if p == 0 {
            return site.columns[c].section.dir.clone();
        }
        c = p;
    }
    String::new()
}

/// ColumnName, ColumnDescription, ColumnKeywords, ColumnType.
pub fn column_meta(col: &Column) -> Vec<(&'static str, String)> {
    let f = &col.section.front;
    vec![
        ("ColumnName", col.section.title.clone()),
        (
            "ColumnDescription",
            f.description.clone().unwrap_or_default(),
        ),
        (
            "ColumnKeywords",
            f.keywords
                .as_ref()
                .map(super::super::content::front_matter::Keywords::joined)
                .unwrap_or_default(),
        ),
        ("ColumnType", f.column_type.clone().unwrap_or_default()),
    ]
}

/// The `column` value.
pub fn column_value(site: &Site, col: &Column) -> Result<Value, Diagnostic> {
    let f = &col.section.front;
    Ok(obj([
        ("title", s(&col.section.title)),
        ("description", opt(&f.description)),
        (
            "keywords",
            s(&f.keywords
                .as_ref()
                .map(super::super::content::front_matter::Keywords::joined)
                .unwrap_or_default()),
        ),
        ("type", opt(&f.column_type)),
        ("url", s(&site.url(&col.section.url_path))),
        (
            "feed",
            s(&site.url(&urls::feed_path(&col.section.url_path))),
        ),
        ("content", Value::safe_string(&site.store.get(&col.html)?)),
        ("extra", Value::from_serializable(&f.extra)),
    ]))
}

/// The `item` value of an item page or standalone page.
pub fn item_value(
    site: &Site,
    shared: &Shared,
    p: &Page,
    index: Option<usize>,
) -> Result<Value, Diagnostic> {
    let f = &p.item.front;
    let mut m = shared.summary_map(p);
    let updated = p.item.updated.map(|u| u.date()).unwrap_or_default();
    let campaign = p
        .campaign
        .map(|c| shared.columns[c].clone())
        .unwrap_or_else(Value::none);
    let attachments: Vec<Value> = p
        .attachments
        .iter()
        .map(|a| {
            obj([
                ("title", s(&a.title)),
                ("url", s(&a.url)),
                ("size", s(&a.bytes.map(human_size).unwrap_or_default())),
                ("kind", s(&a.kind)),
            ])
        })
        .collect();
    let disclosure = match &f.disclosure {
        Some(d) => obj([
            ("index_no", s(&d.index_no)),
            ("topic", s(&d.topic)),
            ("issuer", s(&d.issuer)),
            ("doc_no", s(&d.doc_no)),
            ("written", s(&d.written)),
            ("validity", s(&d.validity)),
        ]),
        None => Value::none(),
    };
    let neighbour = |n: Option<usize>| n.map(|i| shared.summary(i)).unwrap_or_else(Value::none);
    let extra = Value::from_serializable(&f.extra);
    let permalink = site.permalink(&p.item.url_path);
    // 扫码浏览 on item pages only; "" when the URL is too long for a QR code.
    let qr = match index {
        Some(_) => shared.qr(&permalink),
        None => String::new(),
    };
    let pairs: [(&'static str, Value); 14] = [
        ("updated", s(&updated)),
        ("source", opt(&f.source)),
        ("author", opt(&f.author)),
        ("editor", opt(&f.editor)),
        ("content", Value::safe_string(&site.store.get(&p.html)?)),
        ("permalink", s(&permalink)),
        ("qr", Value::safe_string(&qr)),
        ("campaign", campaign),
        ("attachments", list(attachments)),
        ("disclosure", disclosure),
        ("related", shared.items(&p.related)),
        ("prev", neighbour(p.prev)),
        ("next", neighbour(p.next)),
        ("extra", extra),
    ];
    for (k, v) in pairs {
        m.insert(k.into(), v);
    }
    Ok(Value::from(m))
}

/// The government meta tags of an item page.
pub fn item_meta(site: &Site, p: &Page) -> Vec<(&'static str, String)> {
    let f = &p.item.front;
    let col = &site.columns[p.column];
    let mut meta = if p.item.parent_dir.is_empty() {
        Vec::new()
    } else {
        column_meta(col)
    };
    meta.push(("ArticleTitle", f.title.value.clone()));
    meta.push(("PubDate", p.item.date.minutes()));
    meta.push((
        "ContentSource",
        f.source
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| site.config.config.title.clone()),
    ));
    let keywords: Vec<&str> = p.tags.iter().map(|&t| site.tags[t].name.as_str()).collect();
    if !keywords.is_empty() {
        meta.push(("Keywords", keywords.join(",")));
    }
    if let Some(a) = f.author.as_ref().filter(|a| !a.is_empty()) {
        meta.push(("Author", a.clone()));
    }
    if !p.summary.is_empty() {
        meta.push(("Description", p.summary.clone()));
    }
    if let Some(c) = &p.cover {
        let path = c.strip_prefix(&site.config.base.root).unwrap_or(c);
        meta.push(("Image", site.permalink(path)));
    }
    meta.push(("Url", site.permalink(&p.item.url_path)));
    meta
}

/// How many page numbers the paginator shows either side of the current
/// page, besides the first and the last.
const PAGER_WINDOW: usize = 2;

/// `paginator` for page `number` (1-based) of `total` pages whose first
/// page is at `base` (`news/`) and the others at `news/page/N/`.
///
/// Its `pages` are the first, the last and a few either side of the
/// current one, not every page: a column of 1,500 pages would otherwise
/// carry 1,500 links on each of its pages, which nobody can use and which
/// made the site's size grow with the square of its items.
pub fn paginator(site: &Site, base: &str, number: usize, total: usize) -> Value {
    let url = |n: usize| site.url(&pager_path(base, n));
    let near = number.saturating_sub(PAGER_WINDOW).max(1)..=(number + PAGER_WINDOW).min(total);
    let mut numbers: Vec<usize> = [1].into_iter().chain(near).chain([total]).collect();
    numbers.retain(|&n| (1..=total).contains(&n));
    numbers.dedup();
    let mut shown = 0;
    let pages: Vec<Value> = numbers
        .into_iter()
        .map(|n| {
            // Numbers left out before this one: the template shows "…".
            let gap_before = n > shown + 1;
            shown = n;
            obj([
                ("number", Value::from(n)),
                ("url", s(&url(n))),
                ("current", Value::from(n == number)),
                ("gap_before", Value::from(gap_before)),
            ])
        })
        .collect();
    let prev = if number > 1 {
        url(number - 1)
    } else {
        String::new()
    };
    let next = if number < total {
        url(number + 1)
    } else {
        String::new()
    };
    obj([
        ("current", Value::from(number)),
        ("total", Value::from(total)),
        ("prev", s(&prev)),
        ("next", s(&next)),
        ("pages", list(pages)),
    ])
}
