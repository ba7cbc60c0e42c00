//! Loading `content/`: walking the folder, splitting front matter, and
//! turning files into items, sections (home, columns, campaigns),
//! statistics files and assets to copy; and listing `static/`.
//!
//! Nothing here looks at other files: each item is read on its own, so a
//! single changed file can be reloaded by itself (for `serve`).
//!
//! A symbolic link is followed only when it leads to a place inside the
//! site folder: one server often builds many bureaus' sites (政府网站集约化),
//! and a link to `/etc` or another site's folder would publish it. Such a
//! link is an error naming it, and nothing behind it is read (Jekyll's
//! safe mode does the same).

mod cache;
pub mod dates;
pub mod front_matter;
pub mod slug;
mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::store::{Store, Stored};
use dates::When;
use front_matter::{ItemFront, SectionFront};

pub use cache::{LoadCache, Stamp};
pub use walk::{is_ignored_name, Walker};
use walk::{join, walk, Entry};

/// The folder whose sub-folders are campaigns (专项行动).
pub const CAMPAIGNS_DIR: &str = "campaigns";

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Sorted by `dir`; the home page (`dir == ""`) is always first.
    pub sections: Vec<Section>,
    /// Sorted by source path. Drafts are left out unless asked for.
    /// Shared with the load cache of `bulletin serve`.
    pub items: Vec<Arc<Item>>,
    /// Files copied as they are (images, attachments, bundle files).
    pub assets: Vec<Asset>,
    /// `*.yaml` statistics files, content-relative.
    pub stats_files: Vec<String>,
    /// The files of `static/`, copied to the output root; `source` is
    /// relative to the site folder (`static/dzjg.png`).
    pub statics: Vec<Asset>,
    /// The items' texts.
    pub store: Store,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Home,
    Column,
    Campaign,
}

/// The home page, a column (栏目) or a campaign (专项行动): a folder.
#[derive(Debug)]
pub struct Section {
    /// Folder relative to content/, `/`-separated: `news`,
    /// `campaigns/chunlei-2021`, `` for the home page.
    pub dir: String,
    /// `news/_index.md`, or None for a folder without one.
    pub source: Option<String>,
    /// Output path: `news/`, `campaigns/chunlei-2021/`, `` for home.
    pub url_path: String,
    pub kind: SectionKind,
    pub title: String,
    pub front: SectionFront,
    /// File line where `front`'s YAML starts (for locating its values).
    pub yaml_line: usize,
    pub body: Arc<str>,
    pub body_line: usize,
}

/// An item: a press release, notice, report… or, at the content root, a
/// standalone page such as 联系我们.
#[derive(Debug, Clone)]
pub struct Item {
    /// `news/a.md` or, for a bundle, `news/b/index.md`.
    pub source: String,
    /// Folder the links inside the text are relative to.
    pub dir: String,
    /// Folder the item lives in as an entry of a column: the source's
    /// folder, or for a bundle the bundle's parent folder.
    pub parent_dir: String,
    /// Output path: `news/a/`.
    pub url_path: String,
    pub front: ItemFront,
    pub yaml_line: usize,
    pub date: When,
    pub updated: Option<When>,
    /// Its Markdown, in the site's [`Store`].
    pub body: Stored,
    pub body_line: usize,
}

/// A file copied verbatim into the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub src: PathBuf,
    /// Path relative to content/ (`news/b/photo.jpg`).
    pub source: String,
    /// Output path relative to the output root.
    pub dest: String,
}

/// Reads content/ under `root`, the items' texts into `store`. `offset` is
/// the site's time zone.
pub fn load(
    root: &Path,
    offset: jiff::tz::Offset,
    drafts: bool,
    store: Store,
) -> Result<Content, Diagnostics> {
    load_cached(root, offset, drafts, store, None)
}

/// [`load`], reusing the items of `cache` whose files did not change. The
/// cache must be dropped when `offset` or `drafts` change, and `store` must
/// keep texts in memory.
pub fn load_cached(
    root: &Path,
    offset: jiff::tz::Offset,
    drafts: bool,
    store: Store,
    cache: Option<&LoadCache>,
) -> Result<Content, Diagnostics> {
    let content_dir = root.join("content");
    let mut walker = Walker::new(root);
    let statics = walker.files("static");
    let mut entries = Vec::new();
    if content_dir.is_dir() && walker.inside(&content_dir, "content") {
        walk(&mut walker, &content_dir, "", &mut entries);
    }
    let mut diags = walker.diags;
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error(
            "content",
            0,
            "there is no content/ folder; create it with at least content/_index.md",
        ));
    }
    let found = Found::sort(entries);
    let (sections, draft_dirs) = load_sections(&content_dir, found.sections, drafts, &mut diags);
    let in_draft = |dir: &str| {
        draft_dirs.iter().any(|d| {
            dir == d
                || dir
                    .strip_prefix(d.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    };
    let mut out = Content {
        stats_files: found.stats,
        statics,
        store,
        ..Content::default()
    };
    out.sections = sections;
    out.sections.retain(|s| !in_draft(&s.dir));
    let loading = Loading {
        content_dir: &content_dir,
        offset,
        drafts,
        store: &out.store,
        cache,
    };
    out.items = loading.items(found.items, &mut diags);
    out.items.retain(|i| !in_draft(&i.parent_dir));
    out.items.sort_by(|a, b| a.source.cmp(&b.source));
    out.assets = assets(found.loose_assets, found.bundle_files, &out.items);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// The entries of `content/` by kind.
#[derive(Default)]
struct Found {
    /// Folders with an `_index.md`, and every folder that must be a
    /// section (each top-level folder, the home page).
    sections: Vec<(String, Option<String>)>,
    items: Vec<Entry>,
    stats: Vec<String>,
    loose_assets: Vec<Entry>,
    bundle_files: Vec<Entry>,
}

impl Found {
    fn sort(entries: Vec<Entry>) -> Found {
        let mut found = Found::default();
        for e in entries {
            match e {
                Entry::Section { dir, source } => found.sections.push((dir, Some(source))),
                Entry::Item { .. } => found.items.push(e),
                Entry::Stats(p) => found.stats.push(p),
                Entry::Asset { .. } => found.loose_assets.push(e),
                Entry::BundleFile { .. } => found.bundle_files.push(e),
            }
        }
        // Every top-level folder is a column even without an _index.md,
        // and the home page always exists.
        let mut top_level: Vec<String> = found
            .items
            .iter()
            .filter_map(|e| match e {
                Entry::Item { parent_dir, .. } => parent_dir.split('/').next().map(String::from),
                _ => None,
            })
            .filter(|d| !d.is_empty())
            .collect();
        top_level.push(String::new());
        for d in top_level {
            if !found.sections.iter().any(|(x, _)| *x == d) {
                found.sections.push((d, None));
            }
        }
        found.sections.sort();
        found.sections.dedup_by(|a, b| a.0 == b.0);
        found
    }
}

/// The sections, in parallel, and the folders of draft columns and
/// campaigns, which are left out with everything inside them. The home page
/// cannot be a draft: the site needs it.
fn load_sections(
    content_dir: &Path,
    dirs: Vec<(String, Option<String>)>,
    drafts: bool,
    diags: &mut Diagnostics,
) -> (Vec<Section>, Vec<String>) {
    let loaded: Vec<Result<Section, Diagnostic>> = dirs
        .into_par_iter()
        .map(|(dir, source)| load_section(content_dir, dir, source))
        .collect();
    let mut sections = Vec::new();
    let mut draft_dirs: Vec<String> = Vec::new();
    for s in loaded {
        match s {
            Ok(s) if s.front.draft && !drafts && s.kind != SectionKind::Home => {
                draft_dirs.push(s.dir);
            }
            Ok(s) => sections.push(s),
            Err(d) => diags.push(d),
        }
    }
    (sections, draft_dirs)
}

/// What loading an item needs to know.
struct Loading<'a> {
    content_dir: &'a Path,
    offset: jiff::tz::Offset,
    drafts: bool,
    store: &'a Store,
    cache: Option<&'a LoadCache>,
}

impl Loading<'_> {
    /// The items of `entries`, in parallel, from the cache where their
    /// files did not change; drafts left out.
    fn items(&self, entries: Vec<Entry>, diags: &mut Diagnostics) -> Vec<Arc<Item>> {
        let loaded: Vec<Result<Option<Arc<Item>>, Diagnostic>> = entries
            .into_par_iter()
            .map(|e| match e {
                Entry::Item {
                    source,
                    dir,
                    parent_dir,
                } => self.item(&source, dir, parent_dir),
                _ => Ok(None),
            })
            .collect();
        let mut items = Vec::new();
        for i in loaded {
            match i {
                Ok(Some(item)) => items.push(item),
                Ok(None) => {}
                Err(d) => diags.push(d),
            }
        }
        items
    }

    fn item(
        &self,
        source: &str,
        dir: String,
        parent_dir: String,
    ) -> Result<Option<Arc<Item>>, Diagnostic> {
        let cache = self.cache;
        let stamp = cache.and_then(|_| Stamp::of(&self.content_dir.join(source)));
        if let (Some(c), Some(stamp)) = (cache, stamp) {
            if let Some(item) = c.get(source, stamp) {
                return Ok(item);
            }
        }
        let loaded = load_item(
            self.content_dir,
            source,
            dir,
            parent_dir,
            self.offset,
            self.drafts,
            self.store,
        )
        .map(|item| item.map(Arc::new));
        // Only what loaded well is kept: a broken file is read again
        // until it is fixed.
        if let (Some(c), Some(stamp), Ok(item)) = (cache, stamp, &loaded) {
            c.put(source, stamp, item);
        }
        loaded
    }
}

/// The files copied as they are: files beside items in their folder's
/// URL, a bundle's files beside its page (a draft bundle's go with it).
fn assets(loose: Vec<Entry>, bundle_files: Vec<Entry>, items: &[Arc<Item>]) -> Vec<Asset> {
    let mut assets = Vec::new();
    for e in loose {
        if let Entry::Asset {
            src,
            dest_dir_source,
            name,
        } = e
        {
            assets.push(Asset {
                src,
                source: join(&dest_dir_source, &name),
                dest: format!("{}{}", folder_url_path(&dest_dir_source), name),
            });
        }
    }
    let by_source: HashMap<&str, &Item> = items.iter().map(|i| (i.source.as_str(), &**i)).collect();
    for e in bundle_files {
        if let Entry::BundleFile {
            src,
            bundle_source,
            rel,
        } = e
        {
            if let Some(item) = by_source.get(bundle_source.as_str()) {
                assets.push(Asset {
                    src,
                    source: join(&item.dir, &rel),
                    dest: format!("{}{}", item.url_path, rel),
                });
            }
        }
    }
    assets.sort_by(|a, b| a.dest.cmp(&b.dest));
    assets
}

/// Reads the file of the item `old` again (`bulletin serve`, after an
/// edit), its text into `store`. None when it is a draft now.
pub fn reload(
    root: &Path,
    old: &Item,
    offset: jiff::tz::Offset,
    drafts: bool,
    store: &Store,
) -> Result<Option<Item>, Diagnostic> {
    load_item(
        &root.join("content"),
        &old.source,
        old.dir.clone(),
        old.parent_dir.clone(),
        offset,
        drafts,
        store,
    )
}

/// Output path of a content folder: each segment slugified (pinyin for
/// Chinese names), ending in `/`; `` for the content root.
pub fn folder_url_path(dir: &str) -> String {
    let mut out = String::new();
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        let s = slug::slugify(seg);
        out.push_str(if s.is_empty() { "_" } else { &s });
        out.push('/');
    }
    out
}

/// Reads a text file as UTF-8 or says what to do.
fn read_text(abs: &Path, rel: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::error(rel_path(rel), 0, format!("cannot read the file: {e}")))?;
    crate::base::store::string_from_utf8(bytes).map_err(|e| {
        let line =
            crate::base::diagnostic::line_of_bytes(e.as_bytes(), e.utf8_error().valid_up_to());
        Diagnostic::error(
            rel_path(rel),
            line,
            "the file is not UTF-8 text (perhaps GBK); save it again as UTF-8",
        )
    })
}

/// The path shown in messages: relative to the site root.
pub fn rel_path(source: &str) -> PathBuf {
    Path::new("content").join(source)
}

fn load_section(
    content_dir: &Path,
    dir: String,
    source: Option<String>,
) -> Result<Section, Diagnostic> {
    let kind = if dir.is_empty() {
        SectionKind::Home
    } else if dir
        .strip_prefix(CAMPAIGNS_DIR)
        .and_then(|r| r.strip_prefix('/'))
        .is_some_and(|r| !r.contains('/'))
    {
        SectionKind::Campaign
    } else {
        SectionKind::Column
    };
    let mut section = Section {
        url_path: folder_url_path(&dir),
        title: dir.rsplit('/').next().unwrap_or("").to_string(),
        dir,
        source: None,
        kind,
        front: SectionFront::default(),
        yaml_line: 0,
        body: Arc::from(""),
        body_line: 1,
    };
    let Some(source) = source else {
        return Ok(section);
    };
    let text = read_text(&content_dir.join(&source), &source)?;
    match front_matter::split(&text) {
        Some(split) => {
            section.front = front_matter::parse(split.yaml, split.yaml_line)
                .map_err(|(line, m)| Diagnostic::error(rel_path(&source), line, m))?;
            section.yaml_line = split.yaml_line;
            section.body = Arc::from(split.body);
            section.body_line = split.body_line;
        }
        // A column's _index.md may be plain text without front matter.
        None => section.body = Arc::from(text),
    }
    if let Some(t) = &section.front.title {
        section.title = t.clone();
    }
    section.source = Some(source);
    Ok(section)
}

fn load_item(
    content_dir: &Path,
    source: &str,
    dir: String,
    parent_dir: String,
    offset: jiff::tz::Offset,
    drafts: bool,
    store: &Store,
) -> Result<Option<Item>, Diagnostic> {
    let path = rel_path(source);
    let text = read_text(&content_dir.join(source), source)?;
    let split = front_matter::split(&text).ok_or_else(|| {
        Diagnostic::error(
            &path,
            1,
            "no front matter: start the file with a line `---`, then `title:` and `date:` lines, then `---`",
        )
    })?;
    let front: ItemFront = front_matter::parse(split.yaml, split.yaml_line)
        .map_err(|(line, m)| Diagnostic::error(&path, line, m))?;
    if front.draft && !drafts {
        return Ok(None);
    }
    let when = |s: &serde_saphyr::Spanned<String>, key: &str| {
        dates::parse(&s.value, offset).map_err(|m| {
            Diagnostic::error(
                &path,
                front_matter::line_of(s, split.yaml_line),
                format!("{key}: {m}"),
            )
        })
    };
    let date = when(&front.date, "date")?;
    let updated = front
        .updated
        .as_ref()
        .map(|u| when(u, "updated"))
        .transpose()?;
    if front.title.value.trim().is_empty() {
        return Err(Diagnostic::error(
            &path,
            front_matter::line_of(&front.title, split.yaml_line),
            "title is empty; every item needs a title",
        ));
    }

    // A bundle's text is in a folder of its own, named for the item.
    let own_name = if dir != parent_dir {
        dir.rsplit('/').next().unwrap_or("")
    } else {
        let file = source.rsplit('/').next().unwrap_or("");
        file.strip_suffix(".md").unwrap_or(file)
    };
    let slug = match &front.slug {
        Some(s) => {
            let v = slug::slugify(&s.value);
            if v.is_empty() {
                return Err(Diagnostic::error(
                    &path,
                    front_matter::line_of(s, split.yaml_line),
                    format!(
                        "slug `{}` has no letters or digits to use in a URL",
                        s.value
                    ),
                ));
            }
            v
        }
        None => {
            let v = slug::slugify(own_name);
            if v.is_empty() {
                "item".to_string()
            } else {
                v
            }
        }
    };
    let url_path = format!("{}{}/", folder_url_path(&parent_dir), slug);
    Ok(Some(Item {
        source: source.to_string(),
        dir,
        parent_dir,
        url_path,
        yaml_line: split.yaml_line,
        date,
        updated,
        body: store.put(split.body)?,
        body_line: split.body_line,
        front,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_paths_are_ascii() {
        assert_eq!(folder_url_path(""), "");
        assert_eq!(folder_url_path("news"), "news/");
        assert_eq!(
            folder_url_path("campaigns/春雷行动"),
            "campaigns/chun-lei-xing-dong/"
        );
    }

    #[test]
    fn editor_files_are_ignored() {
        for n in [".a.md.swp", "a.md~", "#a.md#", "4913", ".DS_Store"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}
