//! The site model: content after its relations are worked out. Items are
//! placed in their columns and campaigns, Markdown is rendered (in
//! parallel), and the lists every page shows are computed once here:
//! column lists, tags, archives, related items, 上一篇 / 下一篇, the home
//! page's lists. Templates receive these values and never compute them.
//!
//! One file per derived structure: `urls.rs` (the URL scheme, and where
//! the site's files end up), `texts.rs` (the rendered texts and their
//! cache), `columns.rs` (sections, their lists, neighbours, navigation),
//! `items.rs` (items and standalone pages), `tags.rs`, `related.rs`,
//! `archive.rs`, `aliases.rs`, `home.rs`; `shape.rs` and `patch.rs` serve
//! `bulletin serve`'s incremental rebuilds.

mod aliases;
mod archive;
mod columns;
pub mod home;
mod items;
mod patch;
mod related;
pub mod shape;
mod tags;
mod texts;
pub mod urls;

use std::path::Path;
use std::sync::Arc;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::store::{Store, Stored};
use crate::charts::{Charts, Figure, Headline};
use crate::config;
use crate::content::dates::When;
use crate::content::{self, Asset, Content, Item, Section};
use crate::markdown;
use home::HomeLists;
use texts::TextSetting;
use urls::Urls;

pub use items::{file_kind, human_size};
pub use texts::{auto_summary, TextCache};

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
    /// What the home page lists.
    pub home: HomeLists,
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
    let places = columns::Places::new(&sections);
    // Where every file and folder ends up, for links.
    let urls = Urls::new(&config.base.root, &sections, &items, &assets, &statics);
    let taken = urls::claims(&sections, &items, &mut diags);
    columns::check_dates(&sections, config.offset, &mut diags);
    let setting = TextSetting {
        unsafe_html: config.config.unsafe_html,
        urls: &urls,
        charts,
    };
    let (section_texts, item_texts) =
        texts::render_all(&sections, &items, &store, &setting, texts)?;
    let mut columns =
        columns::columns(sections, section_texts, &places.parents, charts, &mut diags);
    let (mut items, pages) = items::pages(items, item_texts, &columns, &places, &urls, &mut diags);
    columns::lists(&mut columns, &items, &mut diags);
    columns::neighbours(&mut items);
    let tags = tags::tags(&mut items);
    related::assign(&mut items, &tags, &mut diags);
    let years = archive::years(&items);
    let aliases = aliases::aliases(&items, &pages, &taken, &mut diags);
    let nav = columns::nav(&columns);
    let home = HomeLists::new(&columns, &items, &nav);

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
        home,
        store,
        urls,
    })
}
