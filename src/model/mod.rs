//! The site model: content after its relations are worked out. Items are
//! placed in their columns and campaigns, Markdown is rendered (in
//! parallel), and the lists every page shows are computed once here:
//! column lists, tags, archives, related items, 上一篇 / 下一篇.
//! Templates receive these values and never compute them.

mod patch;
mod related;
pub mod urls;

use urls::Urls;
pub mod shape;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::store::{Store, Stored};
use crate::base::sync::{into_inner, lock};
use crate::charts::{Charts, Figure, Headline};
use crate::config;
use crate::content::dates::When;
use crate::content::front_matter::line_of;
use crate::content::{self, rel_path, slug::slugify, Asset, Content, Item, Section, SectionKind};
use crate::markdown;

/// How many headline figures a campaign's summary shows.
pub const HEADLINE_LEN: usize = 3;

/// A section with what the model adds to it.
#[derive(Debug)]
pub struct Column {
    pub section: Section,
    /// Rendered text of its `_index.md`.
    pub html: Stored,
    /// Enclosing section (None for the home page).
    pub parent: Option<usize>,
    /// Items of this section and the sections below it, in display order:
    /// pinned first, then by the section's `sort`.
    pub items: Vec<usize>,
    /// For the campaigns column: its campaigns (section indices).
    pub campaigns: Vec<usize>,
    /// Charts drawn by its `_index.md` text.
    pub figures: Arc<[Figure]>,
    /// A campaign's dashboard, from its `stats:` files.
    pub dashboard: Vec<Figure>,
    /// A campaign's headline figures: the first kpi cards of its dashboard.
    pub headline: Vec<Headline>,
    /// Headings and links of its `_index.md` text, for `bulletin check`.
    pub headings: Arc<[markdown::Heading]>,
    pub links: Arc<[markdown::Link]>,
}

impl Column {
    pub fn is_campaigns_column(&self) -> bool {
        self.section.dir == content::CAMPAIGNS_DIR
    }
}

/// An item with its rendered text and relations.
#[derive(Debug)]
pub struct Page {
    pub item: Arc<Item>,
    /// The section it is listed in (index into `Site::columns`).
    pub column: usize,
    /// A campaign it belongs to (index into `Site::columns`).
    pub campaign: Option<usize>,
    /// Its rendered text, in [`Site::store`].
    pub html: Stored,
    pub summary: String,
    /// Its text without markup, for the search index.
    pub text: Stored,
    /// Indices into `Site::tags`.
    pub tags: Vec<usize>,
    /// Indices into `Site::items`.
    pub related: Vec<usize>,
    /// Older and newer neighbour in its column (上一篇 / 下一篇).
    pub prev: Option<usize>,
    pub next: Option<usize>,
    pub cover: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Charts drawn by its text: SVG files written beside its page.
    pub figures: Arc<[Figure]>,
    /// Its headings (with their ids) and the links and images of its text,
    /// as written: what `bulletin check` follows.
    pub headings: Arc<[markdown::Heading]>,
    pub links: Arc<[markdown::Link]>,
}

/// A Markdown text rendered, with the charts it draws and its problems.
/// Cloned out of the cache on every rebuild; the two long strings are in
/// the store.
#[derive(Clone)]
struct Text {
    html: Stored,
    plain_text: Stored,
    /// The first words of the plain text, in case the front matter has no
    /// summary: made while the text is at hand.
    auto_summary: String,
    headings: Arc<[markdown::Heading]>,
    links: Arc<[markdown::Link]>,
    figures: Arc<[Figure]>,
    problems: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    pub title: String,
    pub url: String,
    pub bytes: Option<u64>,
    /// `PDF`, `Word`, `Excel`…
    pub kind: String,
}

#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    /// Newest first.
    pub items: Vec<usize>,
}

/// Archive: years newest first, each with its months newest first.
#[derive(Debug)]
pub struct Year {
    pub year: i16,
    pub months: Vec<Month>,
    pub items: Vec<usize>,
}

#[derive(Debug)]
pub struct Month {
    pub month: i8,
    pub items: Vec<usize>,
}

/// An old URL that must lead to a page.
#[derive(Debug)]
pub struct Alias {
    /// Output file: `html/2021/0402/123.html` or `old/index.html`.
    pub file: String,
    pub target: String,
}

/// A standalone page every bureau site has. When the content has nothing
/// at its URL, bulletin renders a built-in one from the theme's template.
#[derive(Debug)]
pub struct BuiltinPage {
    /// Output path: `about/`.
    pub path: &'static str,
    pub title: &'static str,
    pub template: &'static str,
    /// Its meta description; `{org}` stands for the organisation's name.
    pub description: &'static str,
}

/// 联系我们 and 网站声明, by URL.
pub const BUILTIN_PAGES: [BuiltinPage; 2] = [
    BuiltinPage {
        path: "about/",
        title: "联系我们",
        template: "about.html",
        description: "{org}的办公地址和联系电话",
    },
    BuiltinPage {
        path: "statement/",
        title: "网站声明",
        template: "statement.html",
        description: "{org}网站的版权、隐私、链接和免责声明",
    },
];

#[derive(Debug)]
pub struct Site {
    pub config: config::Site,
    /// The site's folder.
    pub root: std::path::PathBuf,
    /// Index 0 is the home page.
    pub columns: Vec<Column>,
    /// Newest first.
    pub items: Vec<Page>,
    /// Standalone pages at the content root (联系我们, 声明).
    pub pages: Vec<Page>,
    /// By name.
    pub tags: Vec<Tag>,
    pub years: Vec<Year>,
    pub aliases: Vec<Alias>,
    /// Files of content/ copied as they are.
    pub assets: Vec<Asset>,
    /// Files of static/, copied to the output root.
    pub statics: Vec<Asset>,
    /// Top-level columns in navigation order.
    pub nav: Vec<usize>,
    /// Problems that do not fail a build (a missing cover image), sorted.
    pub warnings: Vec<Diagnostic>,
    /// The items' Markdown, HTML and plain texts.
    pub store: Store,
    /// Where each file and folder of the site ends up: where links lead.
    urls: Urls,
}

impl Site {
    /// The link to an output path (`news/a/`): root-relative with the
    /// base_url's sub-path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base.root, path)
    }

    /// The absolute URL of an output path.
    pub fn permalink(&self, path: &str) -> String {
        format!(
            "{}{}{}",
            self.config.base.origin, self.config.base.root, path
        )
    }

    pub fn offset(&self) -> jiff::tz::Offset {
        self.config.offset
    }

    /// Whether the content puts a page at the output path `path`
    /// (`about/`): a standalone page, a column or an alias.
    pub fn has_content_at(&self, path: &str) -> bool {
        self.pages.iter().any(|p| p.item.url_path == path)
            || self.columns.iter().any(|c| c.section.url_path == path)
            || self
                .aliases
                .iter()
                .any(|a| a.file.strip_suffix("index.html") == Some(path))
    }

    /// The built-in pages this site gets: those of [`BUILTIN_PAGES`] whose
    /// URL the content leaves free (`content/about.md` wins over the
    /// built-in 联系我们).
    pub fn builtin_pages(&self) -> impl Iterator<Item = &'static BuiltinPage> + '_ {
        BUILTIN_PAGES
            .iter()
            .filter(|b| !self.has_content_at(b.path))
    }

    /// The date of the newest item, the site's "now" for anything that must
    /// not depend on the clock (builds are reproducible).
    pub fn newest(&self) -> Option<When> {
        self.items.first().map(|p| p.item.date)
    }
}

/// Rendered Markdown kept between builds (`bulletin serve`), so that a
/// rebuild renders only the texts that changed or whose links now lead
/// elsewhere. Rendering is a function of the text, its place, the URLs its
/// `.md` links resolve to and the statistics its charts draw: each entry
/// remembers the links it resolved, and [`TextCache::forget_charts`] drops
/// the texts that drew charts. The cache must be dropped when site.toml
/// changes.
#[derive(Default)]
pub struct TextCache {
    texts: Mutex<HashMap<String, CachedText>>,
}

struct CachedText {
    body: Stored,
    dir: String,
    first_line: usize,
    /// Each path its links looked up, and what it resolved to.
    lookups: Vec<(String, Option<String>)>,
    drew_charts: bool,
    text: Text,
}

impl TextCache {
    /// Drops the texts that draw charts: a statistics file changed.
    pub fn forget_charts(&self) {
        lock(&self.texts).retain(|_, t| !t.drew_charts);
    }
}

impl CachedText {
    /// Whether the text would render the same now.
    fn still_right(
        &self,
        dir: &str,
        body: &Stored,
        first_line: usize,
        urls: &Urls,
        store: &Store,
    ) -> bool {
        // An unchanged file comes back from the load cache as the same
        // text: no need to compare the text itself.
        let same_body = self.body.same(body)
            || matches!((store.get(&self.body), store.get(body)), (Ok(a), Ok(b)) if a == b);
        let same_links = self
            .lookups
            .iter()
            .all(|(target, url)| urls.lookup(target) == *url);
        same_body && same_links && self.dir == dir && self.first_line == first_line
    }
}

/// Builds the model from loaded content. Fails with every problem found.
pub fn build(
    config: config::Site,
    content: Content,
    charts: &Charts,
    root: &Path,
) -> Result<Site, Diagnostics> {
    build_cached(config, content, charts, root, None)
}

/// [`build`], taking the rendered texts that are still right from `texts`
/// (whose store keeps texts in memory).
pub fn build_cached(
    config: config::Site,
    content: Content,
    charts: &Charts,
    root: &Path,
    texts: Option<&TextCache>,
) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Content {
        sections,
        items,
        assets,
        statics,
        stats_files: _,
        store,
    } = content;

    let dir_index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    let section_of = |dir: &str| -> usize {
        let mut d = dir;
        loop {
            if let Some(&i) = dir_index.get(d) {
                return i;
            }
            match d.rsplit_once('/') {
                Some((parent, _)) => d = parent,
                None => return dir_index.get("").copied().unwrap_or(0),
            }
        }
    };
    let parents: Vec<Option<usize>> = sections
        .iter()
        .map(|s| {
            if s.dir.is_empty() {
                None
            } else {
                Some(section_of(s.dir.rsplit_once('/').map_or("", |(p, _)| p)))
            }
        })
        .collect();

    // Where every file and folder ends up, for links.
    let root_url = &config.base.root;
    let urls = Urls::new(root_url, &sections, &items, &assets, &statics);
    let mut taken: HashMap<String, String> = HashMap::new();
    for s in &sections {
        let name = s.source.clone().unwrap_or_else(|| format!("{}/", s.dir));
        if let Some(other) = taken.insert(s.url_path.clone(), name) {
            diags.push(Diagnostic::error(
                rel_path(&s.dir),
                0,
                format!(
                    "this folder's URL /{} is also the URL of content/{other}; rename one of the folders",
                    s.url_path
                ),
            ));
        }
        // Campaign dates must be real dates: they decide 进行中 / 已结束.
        for d in [&s.front.start, &s.front.end].into_iter().flatten() {
            if let Err(m) = crate::content::dates::parse(&d.value, config.offset) {
                diags.push(Diagnostic::error(
                    s.source.as_deref().map(rel_path).unwrap_or_default(),
                    line_of(d, s.yaml_line),
                    m,
                ));
            }
        }
    }
    for it in &items {
        if let Some(other) = taken.insert(it.url_path.clone(), it.source.clone()) {
            diags.push(Diagnostic::error(
                rel_path(&it.source),
                0,
                format!(
                    "its URL /{} is also the URL of {}; give one of them another file name or `slug:`",
                    it.url_path, other
                ),
            ));
        }
    }
    // Markdown, in parallel: the expensive part of a build.
    let setting = TextSetting {
        unsafe_html: config.config.unsafe_html,
        urls: &urls,
        charts,
    };
    // The texts of the previous build, out of the cache's lock while the
    // threads read them; the cache gets this build's texts afterwards.
    let mut previous: HashMap<String, CachedText> = texts
        .map(|c| std::mem::take(&mut *lock(&c.texts)))
        .unwrap_or_default();
    // Items' texts go to the store; the few columns' texts stay in memory,
    // as every item page shows its column's.
    let in_memory = Store::memory();
    // A text, and what to cache of it when it was rendered afresh.
    let render = |source: &str, dir: &str, body: &Stored, first_line: usize, store: &Store| {
        if let Some(t) = previous.get(source) {
            if t.still_right(dir, body, first_line, &urls, store) {
                return Ok((t.text.clone(), None));
            }
        }
        let fresh = render_text(source, dir, body, first_line, store, &setting)?;
        Ok::<_, Diagnostic>((fresh.text.clone(), texts.map(|_| fresh)))
    };

    let section_texts: Vec<Option<(Text, Option<CachedText>)>> = sections
        .par_iter()
        .map(|s| {
            let body = Stored::held(s.body.clone());
            s.source
                .as_ref()
                .map(|src| render(src, &s.dir, &body, s.body_line, &in_memory))
                .transpose()
        })
        .collect::<Result<_, _>>()?;
    let rendered: Vec<(Text, Option<CachedText>)> = items
        .par_iter()
        .map(|it| render(&it.source, &it.dir, &it.body, it.body_line, &store))
        .collect::<Result<_, _>>()?;
    // The cache now holds this build's texts, and only those.
    let mut kept: HashMap<String, CachedText> = HashMap::new();
    let mut keep = |source: &str, fresh: Option<CachedText>| {
        if let Some(t) = fresh.or_else(|| previous.remove(source)) {
            kept.insert(source.to_string(), t);
        }
    };
    let section_texts: Vec<Option<Text>> = sections
        .iter()
        .zip(section_texts)
        .map(|(s, t)| {
            t.map(|(text, fresh)| {
                keep(s.source.as_deref().unwrap_or_default(), fresh);
                text
            })
        })
        .collect();
    let rendered: Vec<Text> = items
        .iter()
        .zip(rendered)
        .map(|(it, (text, fresh))| {
            keep(&it.source, fresh);
            text
        })
        .collect();
    if let Some(cache) = texts {
        *lock(&cache.texts) = kept;
    }

    let mut columns: Vec<Column> = Vec::with_capacity(sections.len());
    for ((section, text), parent) in sections.into_iter().zip(section_texts).zip(parents) {
        let (html, figures, headings, links) = match text {
            Some(t) => {
                diags.extend(t.problems);
                (t.html, t.figures, t.headings, t.links)
            }
            None => Default::default(),
        };
        // A campaign's dashboard: its `stats:` files as kpi cards and charts.
        let dashboard = if section.kind == SectionKind::Campaign && !section.front.stats.is_empty()
        {
            charts
                .dashboard(&section.dir, &section.front.stats)
                .unwrap_or_else(|message| {
                    let file = section.source.as_deref().map(rel_path).unwrap_or_default();
                    diags.push(Diagnostic::error(
                        file,
                        section.yaml_line,
                        format!("stats: {message}"),
                    ));
                    Vec::new()
                })
        } else {
            Vec::new()
        };
        let headline = if section.kind == SectionKind::Campaign {
            charts.headline(&section.dir, &section.front.stats, HEADLINE_LEN)
        } else {
            Vec::new()
        };
        columns.push(Column {
            section,
            html,
            figures,
            dashboard,
            headline,
            headings,
            links,
            parent,
            items: Vec::new(),
            campaigns: Vec::new(),
        });
    }

    let campaign_by_name: HashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.section.kind == SectionKind::Campaign)
        .map(|(i, c)| (c.section.dir.rsplit('/').next().unwrap_or(""), i))
        .collect();

    let mut all: Vec<Page> = Vec::with_capacity(items.len());
    for (item, text) in items.into_iter().zip(rendered) {
        let mut r = text;
        diags.extend(std::mem::take(&mut r.problems));
        let path = rel_path(&item.source);
        let column = section_of(&item.parent_dir);
        let mut campaign = None;
        let mut c = Some(column);
        while let Some(ci) = c {
            if columns[ci].section.kind == SectionKind::Campaign {
                campaign = Some(ci);
                break;
            }
            c = columns[ci].parent;
        }
        if let Some(name) = &item.front.campaign {
            match campaign_by_name.get(name.value.as_str()) {
                Some(&ci) => campaign = Some(ci),
                None => diags.push(Diagnostic::error(
                    &path,
                    line_of(name, item.yaml_line),
                    format!(
                        "campaign `{}` does not exist: it must be the name of a folder under content/{}/ ({})",
                        name.value,
                        content::CAMPAIGNS_DIR,
                        known(campaign_by_name.keys().copied())
                    ),
                )),
            }
        }
        let resolve_file = |file: &str| urls.file(&item.dir, file);
        let cover = item.front.cover.as_ref().and_then(|c| match resolve_file(&c.value) {
            Some((url, _)) => Some(url),
            None => {
                diags.push(Diagnostic::warning(
                    &path,
                    line_of(c, item.yaml_line),
                    format!("cover image `{}` not found beside the item; the item is shown without it", c.value),
                ).with_rule("missing-file"));
                None
            }
        });
        // A missing attachment is left out of the page, as a missing cover
        // is: a link to nothing helps no reader.
        let attachments = item
            .front
            .attachments
            .iter()
            .filter_map(|a| match resolve_file(&a.value.file) {
                Some((url, bytes)) => Some(Attachment {
                    title: a.value.title.clone(),
                    url,
                    bytes,
                    kind: file_kind(&a.value.file),
                }),
                None => {
                    diags.push(
                        Diagnostic::warning(
                            &path,
                            line_of(a, item.yaml_line),
                            format!(
                                "attachment `{}` not found beside the item; the page is shown without it",
                                a.value.file
                            ),
                        )
                        .with_rule("missing-file"),
                    );
                    None
                }
            })
            .collect();
        let summary = match &item.front.summary {
            Some(s) => s.trim().to_string(),
            None => std::mem::take(&mut r.auto_summary),
        };
        all.push(Page {
            column,
            campaign,
            html: r.html,
            summary,
            text: r.plain_text,
            tags: Vec::new(),
            related: Vec::new(),
            prev: None,
            next: None,
            cover,
            attachments,
            figures: r.figures,
            headings: r.headings,
            links: r.links,
            item,
        });
    }

    // Standalone pages live at the content root; everything else is an item.
    let (pages, items): (Vec<Page>, Vec<Page>) =
        all.into_iter().partition(|p| p.item.parent_dir.is_empty());
    // Newest first. The order is found on indices and the pages moved
    // once: a page is large, and sorting moves each one many times.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&items[a].item, &items[b].item);
        b.date.cmp(&a.date).then_with(|| a.source.cmp(&b.source))
    });
    let mut slots: Vec<Option<Page>> = items.into_iter().map(Some).collect();
    let mut items: Vec<Page> = order.into_iter().filter_map(|i| slots[i].take()).collect();

    let index_of_source: HashMap<String, usize> = items
        .iter()
        .enumerate()
        .map(|(i, p)| (p.item.source.clone(), i))
        .collect();

    // Column lists: every item is listed in its column and the columns
    // above it.
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    let mut campaign_lists: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    for (i, p) in items.iter().enumerate() {
        let mut c = Some(p.column);
        while let Some(ci) = c {
            if ci == 0 {
                break;
            }
            lists[ci].push(i);
            c = columns[ci].parent;
        }
        if let Some(ci) = p.campaign {
            if !lists[ci].contains(&i) {
                campaign_lists[ci].push(i);
            }
        }
    }
    for (ci, col) in columns.iter_mut().enumerate() {
        let mut list = std::mem::take(&mut lists[ci]);
        list.append(&mut campaign_lists[ci]);
        list.sort_unstable();
        let by_title = col
            .section
            .front
            .sort
            .as_ref()
            .is_some_and(|s| s.value == "title");
        if let Some(s) = &col.section.front.sort {
            if s.value != "date" && s.value != "title" {
                diags.push(Diagnostic::error(
                    col.section
                        .source
                        .as_deref()
                        .map(rel_path)
                        .unwrap_or_default(),
                    line_of(s, col.section.yaml_line),
                    format!(
                        "sort `{}` is not known; use `date` (newest first) or `title`",
                        s.value
                    ),
                ));
            }
        }
        if by_title {
            list.sort_by(|&a, &b| {
                items[a]
                    .item
                    .front
                    .title
                    .value
                    .cmp(&items[b].item.front.title.value)
            });
        }
        // Stable: pinned items first, each group in the order above.
        list.sort_by_key(|&i| !items[i].item.front.pinned);
        col.items = list;
    }
    let campaign_ids: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].section.kind == SectionKind::Campaign)
        .collect();
    for ci in campaign_ids {
        if let Some(parent) = columns[ci].parent {
            columns[parent].campaigns.push(ci);
        }
    }

    // 上一篇 / 下一篇 within the item's own column, by date.
    let mut by_column: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, p) in items.iter().enumerate() {
        by_column.entry(p.column).or_default().push(i);
    }
    for list in by_column.values() {
        // `list` is newest first.
        for (k, &i) in list.iter().enumerate() {
            items[i].next = k.checked_sub(1).map(|n| list[n]);
            items[i].prev = list.get(k + 1).copied();
        }
    }

    // Tags.
    let mut tag_items: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in items.iter().enumerate() {
        for t in &p.item.front.tags {
            let t = t.trim();
            if !t.is_empty() {
                let list = tag_items.entry(t).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    let mut used_slugs: HashMap<String, usize> = HashMap::new();
    let mut taken_slugs: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut tags: Vec<Tag> = Vec::with_capacity(tag_items.len());
    let mut tag_index: HashMap<String, usize> = HashMap::new();
    for (name, list) in tag_items {
        let base = match slugify(name) {
            s if s.is_empty() => "tag".to_string(),
            s => s,
        };
        // Two names with one pinyin (or none) get -2, -3…, never a slug
        // that another tag already has.
        let mut n = used_slugs.get(&base).copied().unwrap_or(0);
        let mut slug = base.clone();
        while taken_slugs.contains(&slug) {
            n += 1;
            slug = format!("{base}-{}", n + 1);
        }
        used_slugs.insert(base, n);
        taken_slugs.insert(slug.clone());
        tag_index.insert(name.to_string(), tags.len());
        tags.push(Tag {
            name: name.to_string(),
            slug,
            items: list,
        });
    }
    for p in &mut items {
        // In the order written, each tag once.
        let mut ids: Vec<usize> = Vec::with_capacity(p.item.front.tags.len());
        for t in &p.item.front.tags {
            if let Some(&id) = tag_index.get(t.trim()) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        p.tags = ids;
    }

    // 关联稿件: as written, else by shared tags.
    let explicit: Vec<Vec<usize>> = items
        .iter()
        .map(|p| {
            p.item
                .front
                .related
                .iter()
                .filter_map(|r| {
                    let target = r.value.trim_start_matches('/');
                    let found = index_of_source
                        .get(target)
                        .or_else(|| index_of_source.get(&format!("{target}/index.md")))
                        .copied();
                    if found.is_none() {
                        diags.push(Diagnostic::error(
                            rel_path(&p.item.source),
                            line_of(r, p.item.yaml_line),
                            format!(
                                "related: no item `{}`; write the path of an item's file under content/, e.g. news/2021-04-02-chunlei-press.md",
                                r.value
                            ),
                        ));
                    }
                    found
                })
                .collect()
        })
        .collect();
    let by_tags = related::by_shared_tags(&items, &tags, 5);
    for ((p, exp), auto) in items.iter_mut().zip(explicit).zip(by_tags) {
        p.related = if p.item.front.related.is_empty() {
            auto
        } else {
            exp
        };
    }

    // Archive.
    let mut years: Vec<Year> = Vec::new();
    for (i, p) in items.iter().enumerate() {
        let d = p.item.date.local.date();
        if years.last().is_none_or(|y| y.year != d.year()) {
            years.push(Year {
                year: d.year(),
                months: Vec::new(),
                items: Vec::new(),
            });
        }
        let y = years.last_mut().expect("pushed above");
        y.items.push(i);
        if y.months.last().is_none_or(|m| m.month != d.month()) {
            y.months.push(Month {
                month: d.month(),
                items: Vec::new(),
            });
        }
        y.months.last_mut().expect("pushed above").items.push(i);
    }

    // Aliases.
    let mut aliases = Vec::new();
    for p in items.iter().chain(pages.iter()) {
        for a in &p.item.front.aliases {
            match alias_file(&a.value) {
                Some(file) => {
                    let dir_key = file.strip_suffix("index.html").unwrap_or("");
                    if file.ends_with("index.html") && taken.contains_key(dir_key) {
                        diags.push(Diagnostic::error(
                            rel_path(&p.item.source),
                            line_of(a, p.item.yaml_line),
                            format!("alias `{}` is the URL of another page; remove it", a.value),
                        ));
                    } else {
                        aliases.push(Alias {
                            file,
                            target: p.item.url_path.clone(),
                        });
                    }
                }
                None => diags.push(Diagnostic::error(
                    rel_path(&p.item.source),
                    line_of(a, p.item.yaml_line),
                    format!("alias `{}` is not a path on this site; write it like /html/2021/0402/123.html", a.value),
                )),
            }
        }
    }
    aliases.sort_by(|a, b| a.file.cmp(&b.file));
    for w in aliases.windows(2) {
        if w[0].file == w[1].file {
            diags.push(Diagnostic::error(
                "content",
                0,
                format!(
                    "the alias /{} is claimed by the pages /{} and /{}; keep it on one of them",
                    w[0].file, w[0].target, w[1].target
                ),
            ));
        }
    }

    let mut nav: Vec<usize> = (1..columns.len())
        .filter(|&i| columns[i].parent == Some(0))
        .collect();
    nav.sort_by_key(|&i| {
        (
            columns[i].section.front.order.unwrap_or(i64::MAX),
            columns[i].section.dir.clone(),
        )
    });

    if diags.has_errors() {
        return Err(diags);
    }
    // Warnings do not fail a build; the caller prints them.
    Ok(Site {
        warnings: diags.sorted(),
        config,
        root: root.to_path_buf(),
        columns,
        items,
        pages,
        tags,
        years,
        aliases,
        assets,
        statics,
        nav,
        store,
        urls,
    })
}

/// What rendering a text depends on besides the text and its place.
struct TextSetting<'a> {
    unsafe_html: bool,
    /// Where links lead.
    urls: &'a Urls,
    charts: &'a Charts,
}

/// Renders the Markdown `body` of `source` (in folder `dir`, starting at
/// line `first_line`), keeping its HTML and plain text in `store`.
fn render_text(
    source: &str,
    dir: &str,
    body: &Stored,
    first_line: usize,
    store: &Store,
    setting: &TextSetting,
) -> Result<CachedText, Diagnostic> {
    let markdown = store.get(body)?;
    // What the text looked up, so that a cache knows when it is stale.
    let lookups = Mutex::new(Vec::new());
    let resolve = |p: &str| {
        let url = setting.urls.lookup(p);
        lock(&lookups).push((p.to_string(), url.clone()));
        url
    };
    // The charts this text draws, written beside its page later.
    let figures = Mutex::new(Vec::new());
    let drew_charts = AtomicBool::new(false);
    let chart = |text: &str, line: usize| {
        drew_charts.store(true, Ordering::Relaxed);
        let figure = setting.charts.block(source, text, line)?;
        let html = figure.html.clone();
        lock(&figures).push(figure);
        Ok(html)
    };
    let opts = markdown::Options {
        unsafe_html: setting.unsafe_html,
        source_dir: dir,
        first_line,
        resolve: &resolve,
        render_chart: &chart,
    };
    let r = markdown::render(&markdown, &opts);
    drop(markdown);
    let problems: Vec<Diagnostic> = r
        .errors
        .iter()
        .map(|p| Diagnostic::error(rel_path(source), p.line, p.message.clone()).at_col(p.col))
        .collect();
    let text = Text {
        figures: into_inner(figures).into(),
        html: store.put(&r.html)?,
        auto_summary: auto_summary(&r.plain_text, 120),
        plain_text: store.put(&r.plain_text)?,
        headings: r.headings.into(),
        links: r.links.into(),
        problems,
    };
    Ok(CachedText {
        body: body.clone(),
        dir: dir.to_string(),
        first_line,
        lookups: into_inner(lookups),
        drew_charts: drew_charts.into_inner(),
        text,
    })
}

fn known<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = names.collect();
    v.sort();
    if v.is_empty() {
        "there are none yet".to_string()
    } else {
        format!("known: {}", v.join(", "))
    }
}

/// The output file for an alias: `/html/2021/0402/123.html` stays a file,
/// `/old/page/` becomes `old/page/index.html`.
fn alias_file(alias: &str) -> Option<String> {
    let a = alias.trim();
    if a.contains("://") || a.contains("..") || a.contains(['?', '#', '\\']) {
        return None;
    }
    let a = a.trim_start_matches('/');
    if a.is_empty() {
        return None;
    }
    let last = a.rsplit('/').next().unwrap_or("");
    if a.ends_with('/') {
        Some(format!("{a}index.html"))
    } else if last.contains('.') {
        Some(a.to_string())
    } else {
        Some(format!("{a}/index.html"))
    }
}

/// The first `max` characters of the text, cut at a sentence end when one
/// is near, with `…` when shortened.
pub fn auto_summary(plain: &str, max: usize) -> String {
    // Only the beginning matters: whitespace runs become one space, and
    // one character past `max` tells whether the text was shortened.
    let mut chars: Vec<char> = Vec::with_capacity(max + 1);
    for word in plain.split_whitespace() {
        if !chars.is_empty() {
            chars.push(' ');
        }
        chars.extend(word.chars().take(max + 1 - chars.len().min(max)));
        if chars.len() > max {
            break;
        }
    }
    if chars.len() <= max {
        return chars.into_iter().collect();
    }
    let cut = &chars[..max];
    // Prefer ending after a full stop in the last third.
    if let Some(pos) = cut
        .iter()
        .rposition(|c| matches!(c, '。' | '！' | '？' | '；'))
    {
        if pos >= max * 2 / 3 {
            return cut[..=pos].iter().collect();
        }
    }
    let mut s: String = cut.iter().collect();
    s.push('…');
    s
}

/// The kind of an attachment, as readers know it.
pub fn file_kind(file: &str) -> String {
    let ext = file
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "PDF",
        "doc" | "docx" | "wps" => "Word",
        "xls" | "xlsx" | "et" => "Excel",
        "ppt" | "pptx" => "PowerPoint",
        "ofd" => "OFD",
        "zip" | "rar" | "7z" => "压缩包",
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "svg" => "图片",
        "txt" => "文本",
        "" => "文件",
        other => return other.to_ascii_uppercase(),
    }
    .to_string()
}

/// `1.2 MB`, `34 KB`.
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else if b >= KB {
        format!("{:.0} KB", (b / KB).max(1.0))
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_cut_at_sentences() {
        let s = "一".repeat(100) + "。" + &"二".repeat(50);
        assert_eq!(auto_summary(&s, 120), "一".repeat(100) + "。");
        assert_eq!(auto_summary("短文。", 120), "短文。");
        let long = "三".repeat(200);
        assert_eq!(auto_summary(&long, 120).chars().count(), 121);
    }

    #[test]
    fn alias_files() {
        assert_eq!(
            alias_file("/html/2021/0402/123.html").unwrap(),
            "html/2021/0402/123.html"
        );
        assert_eq!(alias_file("/old/page/").unwrap(), "old/page/index.html");
        assert_eq!(alias_file("old").unwrap(), "old/index.html");
        assert!(alias_file("https://x.cn/a").is_none());
        assert!(alias_file("/../etc/passwd").is_none());
    }

    #[test]
    fn kinds_and_sizes() {
        assert_eq!(file_kind("a.PDF"), "PDF");
        assert_eq!(file_kind("a.docx"), "Word");
        assert_eq!(human_size(1_300_000), "1.2 MB");
        assert_eq!(human_size(35_000), "34 KB");
        assert_eq!(
            markdown::normalize("news/b/../a.pdf").unwrap(),
            "news/a.pdf"
        );
        assert!(markdown::normalize("../x").is_none());
    }
}
